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
