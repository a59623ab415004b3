/**
 * Unattended operation (issue 15) against the local org emulator, through the real CLI: every sync and usage
 * push leaves one Health_Sync_Run__c record, and a Running record is a lock a second run refuses with exit 7.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OrgEmulator } from '../../scripts/emulator/server';
import { AS_OF, demoOrg, json, runCli, tempDir } from './harness';

jest.setTimeout(120_000);

let emulator: OrgEmulator;
let env: NodeJS.ProcessEnv;
let dir: string;

beforeEach(async () => {
    ({ emulator, env } = await demoOrg());
    dir = tempDir('operations');
});
afterEach(async () => {
    await emulator.stop();
});

const runs = (): Record<string, unknown>[] => emulator.records('Health_Sync_Run__c');

function usageFile(): string {
    const file = path.join(dir, 'usage.csv');
    fs.writeFileSync(
        file,
        'Customer_Key__c,Period_Start__c,Period_End__c,Active_Users__c,Licensed_Seats__c\nNW-1001,2026-12-01,2026-12-31,190,200\n'
    );
    return file;
}

test('a sync and a usage push each write one run record: status, counts, model version, API requests, exit code', async () => {
    const sync = await runCli('sync', ['--as-of', AS_OF, '--json', '--results-dir', dir], env);
    expect(sync.code).toBe(0);
    const summary = json<{ accountsScored: number; model: { version: string } }>(sync.stdout);
    expect(runs()).toHaveLength(1);
    const syncRun = runs()[0];
    expect(syncRun).toEqual(
        expect.objectContaining({
            Kind__c: 'Sync',
            Status__c: 'Succeeded',
            As_Of__c: AS_OF,
            Model_Version__c: summary.model.version,
            Accounts_Scored__c: 16,
            Failed_Rows__c: 0,
            Exit_Code__c: 0,
            Error__c: null
        })
    );
    expect(Number(syncRun?.Rows_Written__c)).toBeGreaterThanOrEqual(32);
    // Every request of the run is counted, the run record's own included.
    expect(syncRun?.API_Requests__c).toBe(emulator.stats.apiRequests);
    expect(Date.parse(String(syncRun?.Finished_At__c))).toBeGreaterThanOrEqual(
        Date.parse(String(syncRun?.Started_At__c))
    );

    const push = await runCli('usage', ['push', '--file', usageFile(), '--json'], env);
    expect(push.code).toBe(0);
    const pushRun = runs().find((r) => r.Kind__c === 'Usage Push');
    expect(pushRun).toEqual(
        expect.objectContaining({
            Status__c: 'Succeeded',
            Exit_Code__c: 0,
            Rows_Written__c: 1,
            Failed_Rows__c: 0
        })
    );
    expect(runs()).toHaveLength(2);
});

test('a dry run writes no run record', async () => {
    const run = await runCli('sync', ['--as-of', AS_OF, '--dry-run', '--json'], env);
    expect(run.code).toBe(0);
    expect(runs()).toHaveLength(0);
});

test('the run lock: a sync or usage push while another run is Running refuses with exit 7 and writes nothing else', async () => {
    emulator.seed({
        Health_Sync_Run__c: [
            {
                Run_Key__c: 'held-by-another-host',
                Kind__c: 'Usage Push',
                Status__c: 'Running',
                Host__c: 'cron-box pid 4242',
                Started_At__c: new Date().toISOString()
            }
        ]
    });
    const before = JSON.stringify(emulator.records('Account'));
    const sync = await runCli('sync', ['--as-of', AS_OF, '--json'], env);
    expect(sync.code).toBe(7);
    expect(json<{ error: { code: string } }>(sync.stdout).error.code).toBe('RUN_LOCKED');
    expect(sync.stderr).toMatch(/another run holds the lock: RUN-\d+ \(Usage Push on cron-box pid 4242/);
    expect(JSON.stringify(emulator.records('Account'))).toBe(before);
    expect(emulator.records('Account_Health_Snapshot__c').filter((s) => s.As_Of__c === AS_OF)).toHaveLength(
        0
    );

    const push = await runCli('usage', ['push', '--file', usageFile()], env);
    expect(push.code).toBe(7);
    expect(runs().filter((r) => r.Status__c === 'Refused')).toHaveLength(2);
    expect(runs().find((r) => r.Run_Key__c === 'held-by-another-host')?.Status__c).toBe('Running');
});

test('a stale lock (Running longer than --lock-timeout-minutes) is taken over and marked Abandoned', async () => {
    emulator.seed({
        Health_Sync_Run__c: [
            {
                Run_Key__c: 'died-last-night',
                Kind__c: 'Sync',
                Status__c: 'Running',
                Started_At__c: new Date(Date.now() - 5 * 3_600_000).toISOString()
            }
        ]
    });
    const sync = await runCli('sync', ['--as-of', AS_OF, '--lock-timeout-minutes', '240', '--json'], env);
    expect(sync.code).toBe(0);
    expect(sync.stderr).toContain('took over a stale run lock');
    expect(runs().find((r) => r.Run_Key__c === 'died-last-night')?.Status__c).toBe('Abandoned');
    expect(runs().filter((r) => r.Status__c === 'Succeeded')).toHaveLength(1);
});

test('retention: the sync compacts old snapshots to the documented daily / weekly / monthly set and reports it', async () => {
    const account = '001Dm0000000001AAA';
    const demoDates = new Set(
        emulator
            .records('Account_Health_Snapshot__c')
            .filter((s) => s.Account__c === account)
            .map((s) => String(s.As_Of__c))
    );
    const DAY = 86_400_000;
    const dateBefore = (days: number): string =>
        new Date(Date.parse(`${AS_OF}T00:00:00Z`) - days * DAY).toISOString().slice(0, 10);
    const seeded = Array.from({ length: 500 }, (_, i) => dateBefore(i + 1))
        .filter((asOf) => !demoDates.has(asOf))
        .map((asOf, i) => ({
            Id: `a0SDm${String(5000 + i).padStart(10, '0')}AAA`,
            Account__c: account,
            As_Of__c: asOf,
            Score__c: 70,
            Band__c: 'Green',
            Model_Version__c: 'default-v1',
            Snapshot_Key__c: `${account}_${asOf}`
        }));
    emulator.seed({ Account_Health_Snapshot__c: seeded });
    const sync = await runCli('sync', ['--as-of', AS_OF, '--results-dir', dir], env);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/snapshots\s+\d+ compacted \(daily 90 d, weekly to 365 d, monthly after\)/);
    expect(sync.stdout).toMatch(
        /storage projected .* after 1 year, .* after 3 \(16 accounts at 2 KB a record/
    );

    const ageOf = (asOf: string): number =>
        (Date.parse(`${AS_OF}T00:00:00Z`) - Date.parse(`${asOf}T00:00:00Z`)) / DAY;
    const left = emulator
        .records('Account_Health_Snapshot__c')
        .filter((s) => s.Account__c === account)
        .map((s) => String(s.As_Of__c))
        .sort();
    const inZone = (min: number, max: number) => left.filter((d) => ageOf(d) >= min && ageOf(d) <= max);
    // daily: every day of the last 89 days, plus today's new snapshot
    expect(inZone(0, 89)).toHaveLength(90);
    // weekly: exactly one per ISO week
    const weekOf = (d: string): number => {
        const day = Date.parse(`${d}T00:00:00Z`) / DAY;
        return day - ((day + 3) % 7);
    };
    const weekly = inZone(90, 365);
    expect(new Set(weekly.map(weekOf)).size).toBe(weekly.length);
    expect(weekly.length).toBeGreaterThanOrEqual(39);
    // monthly (within the compaction window, up to 427 days): one per calendar month
    const monthly = inZone(366, 427);
    expect(new Set(monthly.map((d) => d.slice(0, 7))).size).toBe(monthly.length);
    // older than the window: left for the runs that compacted it (here: untouched)
    expect(inZone(428, 500)).toHaveLength(73);

    const deleted = seeded.length + demoDates.size + 1 - left.length;
    const run = runs().find((r) => r.Kind__c === 'Sync');
    expect(run?.Snapshots_Deleted__c).toBe(deleted);
    expect(deleted).toBeGreaterThan(250);

    // Rerun the same day: nothing more to compact.
    const again = await runCli('sync', ['--as-of', AS_OF, '--json'], env);
    expect(json<{ retention: { deleted: number } }>(again.stdout).retention.deleted).toBe(0);
});

interface DoctorOutput {
    ok: boolean;
    checks: { name: string; status: string; detail: string; fix?: string }[];
}

test('doctor: a deployed org with a recent sync is ready (exit 0); what is missing is named with a fix (exit 6)', async () => {
    const before = await runCli('doctor', ['--json'], env);
    const fresh = json<DoctorOutput>(before.stdout);
    const status = (out: DoctorOutput) => Object.fromEntries(out.checks.map((c) => [c.name, c.status]));
    expect(status(fresh)).toMatchObject({
        'api access': 'ok',
        'fields deployed': 'ok',
        'field access': 'ok',
        sharing: 'ok',
        'model record': 'ok',
        'last run': 'warn'
    });
    expect(before.code).toBe(0);
    expect(emulator.records('Health_Sync_Run__c')).toHaveLength(0); // doctor writes nothing

    expect((await runCli('sync', ['--as-of', AS_OF], env)).code).toBe(0);
    const ready = await runCli('doctor', [], env);
    expect(ready.code).toBe(0);
    expect(ready.stdout).toMatch(/ok\s+last run\s+RUN-\d+ Succeeded \(exit 0\)/);
    expect(ready.stdout).toContain('Ready for unattended syncs.');

    // Private Account sharing, the user owns nothing: the sharing check fails and says how to fix it.
    emulator.setSharing({ accountAccess: 'None', viewAll: true, modifyAll: false });
    const privateOrg = await runCli('doctor', ['--json'], env);
    expect(privateOrg.code).toBe(6);
    const sharing = json<DoctorOutput>(privateOrg.stdout).checks.find((c) => c.name === 'sharing');
    expect(sharing).toMatchObject({
        status: 'fail',
        detail: expect.stringContaining('Account sharing is Private')
    });
    expect(sharing?.fix).toContain('Modify All');
});

test('doctor: bad credentials exit 3', async () => {
    const run = await runCli('doctor', [], { ...env, SF_ACCESS_TOKEN: 'not-a-token' });
    expect(run.code).toBe(3);
});
