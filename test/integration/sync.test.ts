/** The real `health-score sync` CLI against the local org emulator over HTTP. */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OrgEmulator } from '../../scripts/emulator/server';
import { ACCOUNT_HEALTH_FIELDS } from '../../scripts/sync/fields';
import { ROLLUP_FIELDS } from '../../scripts/sync/rollup';
import { AS_OF, demoOrg, json, runCli, tempDir } from './harness';

jest.setTimeout(120_000);

interface Summary {
    ok: boolean;
    accountsScored: number;
    bandsChanged: number;
    rows: { Account: number; Contact: number; Account_Health_Snapshot__c: number };
    failedRows: number;
    failuresByCode: Record<string, number>;
    resultsFile: string | null;
    apiRequests: { used: number };
    bulkJobs: { query: Record<string, number>; ingest: Record<string, number> };
    changes: { object: string; id: string }[];
    exitCode: number;
    error?: { code: string; message: string; hint: string };
}

const BULK = ['--bulk-threshold', '0'];
let emulator: OrgEmulator;
let env: NodeJS.ProcessEnv;
let token: string;
let reports: string;

beforeEach(async () => {
    ({ emulator, env, token } = await demoOrg());
    reports = tempDir('reports');
});
afterEach(async () => {
    await emulator.stop();
});

const accounts = (): Record<string, unknown>[] => emulator.records('Account');
const snapshotsOn = (asOf: string): Record<string, unknown>[] =>
    emulator.records('Account_Health_Snapshot__c').filter((s) => s.As_Of__c === asOf);

test('full sync: Bulk API 2.0 extraction, changed fields written, one snapshot per account, a fixed number of jobs', async () => {
    const run = await runCli('sync', ['--as-of', AS_OF, '--json', '--results-dir', reports, ...BULK], env);
    expect(run.stderr).not.toContain(token);
    expect(run.code).toBe(0);
    const summary = json<Summary>(run.stdout);
    expect(summary.accountsScored).toBe(16);
    expect(summary.rows.Account).toBe(16);
    expect(summary.rows.Account_Health_Snapshot__c).toBe(16);
    expect(summary.failedRows).toBe(0);
    for (const account of accounts()) {
        expect(['Green', 'Yellow', 'Red', 'Unknown']).toContain(account.Health_Band__c);
        // Unknown shows no number (MODEL.md v2 property 14): the score field is cleared.
        if (account.Health_Band__c === 'Unknown') expect(account.Health_Score__c ?? null).toBeNull();
        else expect(account.Health_Score__c).toEqual(expect.any(Number));
        expect(JSON.parse(String(account.Health_Drivers__c)).drivers.length).toBeGreaterThan(0);
        expect(account.Health_Scored_At__c).not.toBeNull();
    }
    const snapshots = snapshotsOn(AS_OF);
    expect(snapshots).toHaveLength(16);
    expect(new Set(snapshots.map((s) => s.Snapshot_Key__c)).size).toBe(16);
    // One Bulk query job per extracted object, one ingest job per written object (not calls per record).
    expect(Object.values(emulator.stats.bulkQueryJobs).every((n) => n === 1)).toBe(true);
    expect(emulator.stats.bulkIngestJobs).toEqual({ Account: 1, Contact: 1, Account_Health_Snapshot__c: 1 });
    // + 3: the run record (Health_Sync_Run__c) is opened, the lock read and the record closed over REST.
    expect(summary.apiRequests.used).toBe(emulator.stats.apiRequests - 3);
});

test('many changed accounts are written in batches while results stream: same org, rows and rerun as one batch', async () => {
    // HEALTH_SCORE_ACCOUNT_WRITE_BATCH=5 stands in for the default 10,000 (a large org): the demo's 16 accounts,
    // 2 of them parents whose roll-up values are only known at the end (held back, written once with them).
    const batched = await runCli('sync', ['--as-of', AS_OF, '--json', '--results-dir', reports, ...BULK], {
        ...env,
        HEALTH_SCORE_ACCOUNT_WRITE_BATCH: '5'
    });
    expect(batched.code).toBe(0);
    const summary = json<Summary>(batched.stdout);
    expect(summary.rows).toEqual({
        Account: 16,
        Contact: expect.any(Number),
        Account_Health_Snapshot__c: 16
    });
    // 14 accounts without children: two batches of 5 while scoring, the last 4 with the 2 parents at the end.
    expect(emulator.stats.bulkIngestJobs).toEqual({ Account: 3, Contact: 1, Account_Health_Snapshot__c: 1 });
    const fields = [...ACCOUNT_HEALTH_FIELDS, ...ROLLUP_FIELDS];
    const values = (records: Record<string, unknown>[]): Record<string, unknown>[] =>
        records
            .map((r) => Object.fromEntries([['Id', r.Id], ...fields.map((f) => [f, r[f] ?? null])]))
            .sort((a, b) => String(a.Id).localeCompare(String(b.Id)));
    expect(values(accounts()).filter((a) => a.Rollup_Health_Band__c !== null)).toHaveLength(2);

    // The same org synced in one batch holds the same values.
    const other = await demoOrg();
    try {
        const whole = await runCli(
            'sync',
            ['--as-of', AS_OF, '--json', '--results-dir', tempDir('reports'), ...BULK],
            other.env
        );
        expect(whole.code).toBe(0);
        expect(json<Summary>(whole.stdout).rows).toEqual(summary.rows);
        expect(other.emulator.stats.bulkIngestJobs.Account).toBe(1);
        expect(values(other.emulator.records('Account'))).toEqual(values(accounts()));
    } finally {
        await other.emulator.stop();
    }

    // A rerun writes nothing.
    const rerun = await runCli('sync', ['--as-of', AS_OF, '--json', '--results-dir', reports, ...BULK], {
        ...env,
        HEALTH_SCORE_ACCOUNT_WRITE_BATCH: '5'
    });
    expect(json<Summary>(rerun.stdout).rows).toEqual({
        Account: 0,
        Contact: 0,
        Account_Health_Snapshot__c: 0
    });
});

test('changed contacts and new snapshots are written in batches while results stream: same values as one batch', async () => {
    // Small batches stand in for the defaults (100,000 contacts, 25,000 snapshots) of a large org.
    const batchEnv = {
        HEALTH_SCORE_CONTACT_WRITE_BATCH: '7',
        HEALTH_SCORE_SNAPSHOT_WRITE_BATCH: '5'
    };
    const batched = await runCli('sync', ['--as-of', AS_OF, '--json', '--results-dir', reports, ...BULK], {
        ...env,
        ...batchEnv
    });
    expect(batched.code).toBe(0);
    const summary = json<Summary>(batched.stdout);
    expect(summary.failedRows).toBe(0);
    expect(summary.rows.Account_Health_Snapshot__c).toBe(16);
    const contacts = summary.rows.Contact;
    expect(contacts).toBeGreaterThan(14);
    // A batch goes out as soon as one is full while scoring (an account adds several contacts at once); the
    // rest at the end: more than one job each, never one per row.
    const jobs = emulator.stats.bulkIngestJobs;
    expect(jobs.Account).toBe(1);
    expect(jobs.Contact).toBeGreaterThanOrEqual(2);
    expect(jobs.Contact).toBeLessThanOrEqual(Math.ceil(contacts / 7));
    expect(jobs.Account_Health_Snapshot__c).toBe(4);
    /** The fields of each record, in the order of the first field (an Id or a key). */
    const valuesOf = (records: Record<string, unknown>[], fields: readonly string[]): unknown[] =>
        records
            .map((r) => fields.map((f) => r[f] ?? null))
            .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const contactFields = ['Id', 'Contact_Health_Score__c', 'Contact_Health_Band__c', 'Last_Engaged_On__c'];
    const snapshotFields = ['Snapshot_Key__c', 'Account__c', 'Score__c', 'Band__c', 'Top_Drivers__c'];

    // The same org synced with the default batches (one job each) holds the same values.
    const other = await demoOrg();
    try {
        const whole = await runCli(
            'sync',
            ['--as-of', AS_OF, '--json', '--results-dir', tempDir('reports'), ...BULK],
            other.env
        );
        expect(whole.code).toBe(0);
        expect(json<Summary>(whole.stdout).rows).toEqual(summary.rows);
        expect(other.emulator.stats.bulkIngestJobs).toEqual({
            Account: 1,
            Contact: 1,
            Account_Health_Snapshot__c: 1
        });
        expect(valuesOf(other.emulator.records('Contact'), contactFields)).toEqual(
            valuesOf(emulator.records('Contact'), contactFields)
        );
        const today = (records: Record<string, unknown>[]): Record<string, unknown>[] =>
            records.filter((r) => r.As_Of__c === AS_OF);
        expect(valuesOf(today(other.emulator.records('Account_Health_Snapshot__c')), snapshotFields)).toEqual(
            valuesOf(snapshotsOn(AS_OF), snapshotFields)
        );
    } finally {
        await other.emulator.stop();
    }

    // A rerun writes nothing.
    const rerun = await runCli('sync', ['--as-of', AS_OF, '--json', '--results-dir', reports, ...BULK], {
        ...env,
        ...batchEnv
    });
    expect(json<Summary>(rerun.stdout).rows).toEqual({
        Account: 0,
        Contact: 0,
        Account_Health_Snapshot__c: 0
    });
});

test('dry run prints what would change and writes nothing', async () => {
    const before = JSON.stringify(accounts());
    const run = await runCli('sync', ['--as-of', AS_OF, '--dry-run', ...BULK], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Dry run (nothing written)');
    expect(run.stdout).toMatch(/Would change:\n {2}Account .*Health_Score__c \d+ -> \d+/);
    expect(JSON.stringify(accounts())).toBe(before);
    expect(snapshotsOn(AS_OF)).toHaveLength(0);
    expect(emulator.stats.bulkIngestJobs).toEqual({});
    expect(emulator.stats.compositeWrites).toEqual({});
});

test('a rerun for the same as-of date is idempotent: nothing written, no duplicate snapshot', async () => {
    const first = await runCli('sync', ['--as-of', AS_OF, '--json', ...BULK], env);
    expect(first.code).toBe(0);
    const afterFirst = JSON.stringify(accounts());
    emulator.resetStats();
    const second = await runCli('sync', ['--as-of', AS_OF, '--json', ...BULK], env);
    expect(second.code).toBe(0);
    const summary = json<Summary>(second.stdout);
    expect(summary.rows).toEqual({ Account: 0, Contact: 0, Account_Health_Snapshot__c: 0 });
    expect(summary.bandsChanged).toBe(0);
    expect(emulator.stats.bulkIngestJobs).toEqual({});
    expect(JSON.stringify(accounts())).toBe(afterFirst);
    expect(snapshotsOn(AS_OF)).toHaveLength(16);
});

test('a rerun compares the long text fields by hash and rewrites a stale one with its text, never the hash', async () => {
    const first = await runCli('sync', ['--as-of', AS_OF, '--json', ...BULK], env);
    expect(first.code).toBe(0);
    const account = accounts()[2] as Record<string, unknown>;
    const snapshot = snapshotsOn(AS_OF).find((s) => s.Account__c === account.Id) as Record<string, unknown>;
    const drivers = String(account.Health_Drivers__c);
    const topDrivers = String(snapshot.Top_Drivers__c);
    expect(JSON.parse(topDrivers)).toEqual(expect.objectContaining({ v: 1 }));
    // Someone edits the explanation and the snapshot's top drivers: the rerun puts back exactly what it computes.
    emulator.store.update('Account', String(account.Id), { Health_Drivers__c: '{"drivers":[]}' });
    emulator.store.update('Account_Health_Snapshot__c', String(snapshot.Id), { Top_Drivers__c: '{"v":1}' });
    emulator.resetStats();
    const rerun = await runCli('sync', ['--as-of', AS_OF, '--json', ...BULK], env);
    expect(rerun.code).toBe(0);
    expect(json<Summary>(rerun.stdout).rows).toEqual({
        Account: 1,
        Contact: 0,
        Account_Health_Snapshot__c: 1
    });
    expect(accounts().find((a) => a.Id === account.Id)?.Health_Drivers__c).toBe(drivers);
    expect(snapshotsOn(AS_OF).find((s) => s.Id === snapshot.Id)?.Top_Drivers__c).toBe(topDrivers);
    // Then nothing is different any more.
    const again = await runCli('sync', ['--as-of', AS_OF, '--json', ...BULK], env);
    expect(json<Summary>(again.stdout).rows).toEqual({
        Account: 0,
        Contact: 0,
        Account_Health_Snapshot__c: 0
    });
});

test('partial Bulk failures: failed rows go to a results file with their errors, the rest is written, exit 5', async () => {
    const [broken] = accounts();
    emulator.rowFaults.push({
        object: 'Account',
        match: (row) => row.Id === broken?.Id,
        errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        message: 'Health fields are locked for this account'
    });
    // A transient lock on a contact row is retried in a follow-up job, not reported.
    emulator.rowFaults.push({
        object: 'Contact',
        match: () => true,
        errorCode: 'UNABLE_TO_LOCK_ROW',
        message: 'unable to obtain exclusive access to this record',
        times: 3
    });
    const run = await runCli('sync', ['--as-of', AS_OF, '--json', '--results-dir', reports, ...BULK], env);
    expect(run.code).toBe(5);
    const summary = json<Summary>(run.stdout);
    expect(summary.failedRows).toBe(1);
    expect(summary.failuresByCode).toEqual({ FIELD_CUSTOM_VALIDATION_EXCEPTION: 1 });
    expect(summary.rows.Account).toBe(15);
    expect(summary.rows.Contact).toBe(51);
    expect(emulator.stats.bulkIngestJobs.Contact).toBe(2);
    const file = summary.resultsFile as string;
    expect(path.dirname(file)).toBe(reports);
    const text = fs.readFileSync(file, 'utf8');
    expect(path.basename(file)).toBe(`sync-failed-${AS_OF}.csv`);
    expect(text.split('\n')[0]).toMatch(/^object,operation,errorCode,message,Id,/);
    expect(text).toContain(
        `Account,update,FIELD_CUSTOM_VALIDATION_EXCEPTION,Health fields are locked for this account,${String(broken?.Id)},`
    );
    expect(accounts().find((a) => a.Id === broken?.Id)?.Health_Drivers__c).toBeNull();
    // Fix the cause and rerun: only the failed row is written.
    emulator.rowFaults.length = 0;
    const rerun = await runCli('sync', ['--as-of', AS_OF, '--json', ...BULK], env);
    expect(rerun.code).toBe(0);
    expect(json<Summary>(rerun.stdout).rows).toEqual({
        Account: 1,
        Contact: 0,
        Account_Health_Snapshot__c: 0
    });
});

test('retries transient errors (503, REQUEST_LIMIT_EXCEEDED, UNABLE_TO_LOCK_ROW, connection reset) and finishes', async () => {
    emulator.faults.push(
        {
            method: 'POST',
            path: '/jobs/query',
            times: 2,
            status: 503,
            errorCode: 'SERVER_UNAVAILABLE',
            message: 'Server temporarily unavailable'
        },
        {
            method: 'GET',
            path: '/limits',
            times: 1,
            status: 403,
            errorCode: 'REQUEST_LIMIT_EXCEEDED',
            message: 'ConcurrentPerOrgLongTxn Limit exceeded'
        },
        {
            method: 'POST',
            path: '/jobs/ingest',
            times: 1,
            status: 400,
            errorCode: 'UNABLE_TO_LOCK_ROW',
            message: 'unable to obtain exclusive access'
        },
        {
            method: 'GET',
            path: /\/jobs\/query\/[^/]+\/results/,
            times: 1,
            status: 0,
            errorCode: 'RESET',
            reset: true
        }
    );
    const run = await runCli('sync', ['--as-of', AS_OF, '--json', ...BULK], env);
    expect(run.code).toBe(0);
    expect(json<Summary>(run.stdout).rows.Account).toBe(16);
    expect(run.stderr).toMatch(/retrying .* after SERVER_UNAVAILABLE/);
    expect(run.stderr).toMatch(/retrying limits after REQUEST_LIMIT_EXCEEDED/);
    expect(run.stderr).toMatch(/after UNABLE_TO_LOCK_ROW/);
    expect(emulator.faults.every((f) => f.times === 0)).toBe(true);
    expect(snapshotsOn(AS_OF)).toHaveLength(16);
});

test('gives up with exit 6 when an error is not transient or outlasts the retries', async () => {
    emulator.faults.push({
        method: 'GET',
        path: '/limits',
        times: 100,
        status: 503,
        errorCode: 'SERVER_UNAVAILABLE'
    });
    const run = await runCli('sync', ['--as-of', AS_OF, ...BULK], {
        ...env,
        HEALTH_SCORE_RETRY_ATTEMPTS: '3'
    });
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('rerun later');
});

test('an expired or wrong token fails with exit 3, a fix-it hint and no token in the output', async () => {
    emulator.expireTokens();
    const expired = await runCli('sync', ['--as-of', AS_OF, '--json'], env);
    expect(expired.code).toBe(3);
    expect(json<Summary>(expired.stdout).error?.code).toBe('SESSION_INVALID');
    expect(expired.stderr).toContain('INVALID_SESSION_ID');
    expect(expired.stderr).toContain('SF_ACCESS_TOKEN is expired or wrong');
    expect(expired.stdout + expired.stderr).not.toContain(token);
    const wrong = await runCli('sync', ['--as-of', AS_OF], {
        ...env,
        SF_ACCESS_TOKEN: '00D000000000001!not-a-real-session'
    });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).not.toContain('not-a-real-session');
    const none = await runCli('sync', ['--as-of', AS_OF], {});
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('--target-org');
});

test('JWT bearer: signs in, and renews the session when it expires mid-run', async () => {
    await emulator.stop();
    const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    ({ emulator } = await demoOrg({
        jwt: {
            clientId: 'health-score-ci',
            publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString()
        }
    }));
    const keyFile = path.join(tempDir('jwt'), 'server.key');
    fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), {
        mode: 0o600
    });
    emulator.expireTokensAfter = 8;
    const jwtEnv = {
        SF_CLIENT_ID: 'health-score-ci',
        SF_JWT_KEY_FILE: keyFile,
        SF_USERNAME: 'integration@health-score.emulator',
        SF_LOGIN_URL: emulator.url
    };
    const run = await runCli('sync', ['--as-of', AS_OF, '--json', ...BULK], jwtEnv);
    expect(run.code).toBe(0);
    expect(json<Summary>(run.stdout).rows.Account).toBe(16);
    expect(emulator.expireTokensAfter).toBeUndefined();
    const refused = await runCli('sync', ['--as-of', AS_OF], {
        ...jwtEnv,
        SF_USERNAME: 'nobody@example.com'
    });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('JWT_REJECTED');
});

test('refuses clearly, before any extraction, when too few daily API requests are left (exit 4)', async () => {
    emulator.apiUsedBefore = 100_000 - 300;
    const run = await runCli('sync', ['--as-of', AS_OF, '--json'], env);
    expect(run.code).toBe(4);
    expect(json<Summary>(run.stdout).error?.code).toBe('API_BUDGET_LOW');
    // The run record is opened and the lock read first (2 requests), then limits; the record is closed (exit 4).
    expect(run.stderr).toMatch(/297 of 100,000 daily API requests left/);
    expect(emulator.stats.apiRequests).toBe(4);
    expect(emulator.records('Health_Sync_Run__c')).toEqual([
        expect.objectContaining({
            Status__c: 'Failed',
            Exit_Code__c: 4,
            Error__c: expect.stringContaining('API_BUDGET_LOW')
        })
    ]);
});

test('REST path for small volumes: a handful of requests, composite writes, same result', async () => {
    const run = await runCli('sync', ['--as-of', AS_OF, '--json'], env);
    expect(run.code).toBe(0);
    expect(emulator.stats.bulkQueryJobs).toEqual({});
    expect(emulator.stats.compositeWrites.Account).toBe(16);
    expect(snapshotsOn(AS_OF)).toHaveLength(16);
    // A constant number per run, not per record: the extractions, the segment, signal and override reads (one REST
    // query each, plus a describe for segments and signals), the writes and the run record.
    expect(json<Summary>(run.stdout).apiRequests.used).toBeLessThan(24);
});

describe('behaviour a real org enforces (strict emulator)', () => {
    const champion = (): Record<string, unknown> => accounts()[1] as Record<string, unknown>;

    test.each([
        ['Bulk', BULK],
        ['REST', []]
    ])(
        'a same-day rerun after a data change updates snapshots by Id, never re-sending the master-detail Account__c (%s)',
        async (_path, flags) => {
            const first = await runCli('sync', ['--as-of', AS_OF, '--json', ...flags], env);
            expect(first.code).toBe(0);
            const account = champion();
            const before = snapshotsOn(AS_OF).find((s) => s.Account__c === account.Id);
            // A real org refuses Account__c on an existing snapshot (not reparentable): so does the emulator.
            expect(() =>
                emulator.store.update('Account_Health_Snapshot__c', String(before?.Id), {
                    Account__c: account.Id
                })
            ).toThrow(expect.objectContaining({ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' }));
            emulator.store.update('Account', String(account.Id), {
                Champion_Status__c: 'Missing',
                Executive_Engagement__c: 'None'
            });
            const rerun = await runCli(
                'sync',
                ['--as-of', AS_OF, '--json', '--results-dir', reports, ...flags],
                env
            );
            expect(rerun.code).toBe(0);
            const summary = json<Summary>(rerun.stdout);
            expect(summary.failedRows).toBe(0);
            expect(summary.rows.Account_Health_Snapshot__c).toBeGreaterThanOrEqual(1);
            const after = snapshotsOn(AS_OF).find((s) => s.Account__c === account.Id);
            expect(after?.Id).toBe(before?.Id);
            expect(after?.Score__c).not.toBe(before?.Score__c);
            expect(snapshotsOn(AS_OF)).toHaveLength(16);
        }
    );

    test('a task logged on a Case without a contact counts for the case account (also for a case closed long ago)', async () => {
        const baseline = json<Summary & { engine: { activities: number; orphaned: number } }>(
            (await runCli('sync', ['--as-of', AS_OF, '--json', '--dry-run', ...BULK], env)).stdout
        ).engine;
        const openCase = emulator.records('Case').find((c) => c.IsClosed === false);
        const oldCase = emulator.store.seed('Case', [
            {
                Id: '500Dm0000000999AAA',
                AccountId: openCase?.AccountId,
                Subject: 'Closed three years ago',
                Status: 'Closed',
                IsClosed: true,
                CreatedDate: '2023-10-01T10:00:00.000+0000',
                ClosedDate: '2023-10-02T10:00:00.000+0000'
            }
        ]);
        expect(oldCase).toBe(1);
        for (const whatId of [openCase?.Id, '500Dm0000000999AAA']) {
            const id = emulator.store.insert('Task', {
                WhatId: whatId,
                Subject: 'Call about the case',
                Status: 'Completed',
                ActivityDate: '2026-11-10',
                TaskSubtype: 'Call'
            });
            // On an org AccountId comes from WhatId only for accounts, opportunities, contracts and custom
            // children of Account: a Case gives none (the emulator used to copy the case's account).
            expect(emulator.store.get(id)?.record.AccountId).toBeNull();
        }
        const run = await runCli('sync', ['--as-of', AS_OF, '--json', '--dry-run', ...BULK], env);
        expect(run.code).toBe(0);
        const engine = json<Summary & { engine: { activities: number; orphaned: number } }>(
            run.stdout
        ).engine;
        expect(engine.activities).toBe(baseline.activities + 2);
        expect(engine.orphaned).toBe(baseline.orphaned);
    });

    test('an older --as-of writes snapshots only: current Account and Contact fields keep the newer values', async () => {
        const today = await runCli('sync', ['--as-of', AS_OF, '--json', ...BULK], env);
        expect(today.code).toBe(0);
        const current = JSON.stringify([accounts(), emulator.records('Contact')]);
        const older = await runCli('sync', ['--as-of', '2026-11-13', '--json', ...BULK], env);
        expect(older.code).toBe(0);
        const summary = json<Summary & { currentFields: { written: boolean; newerAsOf: string | null } }>(
            older.stdout
        );
        expect(summary.currentFields).toEqual({ written: false, newerAsOf: AS_OF });
        expect(summary.rows.Account).toBe(0);
        expect(summary.rows.Contact).toBe(0);
        expect(older.stderr).toContain('only snapshots are written');
        expect(JSON.stringify([accounts(), emulator.records('Contact')])).toBe(current);
        expect(snapshotsOn('2026-11-13').length).toBeGreaterThan(0);
        expect(emulator.stats.bulkIngestJobs.Account).toBe(1); // the first run only
    });

    test('objects are sized with a LIMIT probe, not a full REST query that times out on a large org', async () => {
        await emulator.stop();
        ({ emulator, env } = await demoOrg({ restQueryTimeoutRows: 100 }));
        const run = await runCli('sync', ['--as-of', AS_OF, '--json', '--bulk-threshold', '50'], env);
        expect(run.stderr).not.toContain('QUERY_TIMEOUT');
        expect(run.code).toBe(0);
        const summary = json<Summary>(run.stdout);
        expect(summary.bulkJobs.query.Task).toBe(1);
        expect(summary.bulkJobs.query.Event).toBe(1);
        expect(summary.accountsScored).toBe(16);
    });

    test('Private account sharing: access is checked before writing and what is missing is said clearly', async () => {
        await emulator.stop();
        ({ emulator, env } = await demoOrg({
            sharing: { accountAccess: 'None', viewAll: true, modifyAll: false }
        }));
        const none = await runCli(
            'sync',
            ['--as-of', AS_OF, '--json', '--results-dir', reports, ...BULK],
            env
        );
        expect(none.code).toBe(6);
        const error = json<Summary>(none.stdout).error;
        expect(error?.code).toBe('INSUFFICIENT_ACCESS');
        expect(error?.message).toContain('Account sharing is Private');
        expect(error?.hint).toContain('Modify All');
        expect(emulator.stats.bulkIngestJobs).toEqual({});
        // The integration user owns two accounts: those are written, the others are reported, not sent.
        const [a, b] = accounts();
        for (const account of [a, b])
            emulator.store.get(String(account?.Id))!.record.OwnerId = emulator.userId;
        const some = await runCli(
            'sync',
            ['--as-of', AS_OF, '--json', '--results-dir', reports, ...BULK],
            env
        );
        expect(some.code).toBe(5);
        const summary = json<Summary>(some.stdout);
        expect(summary.rows.Account).toBe(2);
        expect(Object.keys(summary.failuresByCode)).toEqual(['INSUFFICIENT_ACCESS']);
        expect(some.stderr).toContain('cannot edit 14 of 16 account(s)');
        expect(fs.readFileSync(String(summary.resultsFile), 'utf8')).toContain('INSUFFICIENT_ACCESS');
    });

    test('Contact sharing of its own (Public Read Only): contacts the user cannot edit are reported, not sent', async () => {
        await emulator.stop();
        // Account sharing Public Read/Write, Contact sharing Public Read Only (not Controlled by Parent), no
        // Modify All: the user edits every account but only the contacts it owns.
        ({ emulator, env } = await demoOrg({
            sharing: { accountAccess: 'Edit', contactAccess: 'Read', viewAll: true, modifyAll: false }
        }));
        const [a, b] = emulator.records('Contact');
        for (const contact of [a, b])
            emulator.store.get(String(contact?.Id))!.record.OwnerId = emulator.userId;
        const run = await runCli(
            'sync',
            ['--as-of', AS_OF, '--json', '--results-dir', reports, ...BULK],
            env
        );
        expect(run.code).toBe(5);
        const summary = json<Summary>(run.stdout);
        const contacts = emulator.records('Contact').length;
        expect(summary.rows).toEqual({ Account: 16, Contact: 2, Account_Health_Snapshot__c: 16 });
        // Checked before writing: nothing the org would refuse row by row was sent.
        expect(summary.failuresByCode).toEqual({ INSUFFICIENT_ACCESS: contacts - 2 });
        expect(run.stderr).toContain(
            `cannot edit ${contacts - 2} of ${contacts} contact(s) (Contact sharing Public Read Only)`
        );
        const file = fs.readFileSync(String(summary.resultsFile), 'utf8');
        expect(file).toContain('Contact sharing is Private or Public Read Only');
        const scored = emulator.records('Contact').filter((c) => c.Contact_Health_Band__c);
        expect(scored.map((c) => c.Id).sort()).toEqual([a?.Id, b?.Id].sort());
        expect(emulator.records('Organization')[0]?.DefaultContactAccess).toBe('Read');
    });

    test('org picklist values the model does not know are mapped (defaults and --value-map), counted, never dropped', async () => {
        // An admin adds Buying Role "Champion" and "Sponsor" and Severity "Sev0" to the org's value sets.
        emulator.schema.objects
            .get('contact')
            ?.fields.get('buying_role__c')
            ?.picklistValues?.push('Champion', 'Sponsor');
        emulator.schema.objects.get('case')?.fields.get('severity__c')?.picklistValues?.push('Sev0');
        const [champion, sponsor] = emulator.records('Contact');
        emulator.store.update('Contact', String(champion?.Id), { Buying_Role__c: 'Champion' });
        emulator.store.update('Contact', String(sponsor?.Id), { Buying_Role__c: 'Sponsor' });
        const account = accounts()[0];
        const sev0 = emulator.store.insert('Case', {
            AccountId: account?.Id,
            Subject: 'Production down',
            Status: 'New',
            Priority: 'Low',
            Severity__c: 'Sev0'
        });
        const mapFile = path.join(reports, 'value-map.json');
        fs.writeFileSync(mapFile, JSON.stringify({ 'Contact.Buying_Role__c': { Sponsor: 'Approver' } }));
        const run = await runCli(
            'sync',
            ['--as-of', AS_OF, '--json', '--value-map', mapFile, '--results-dir', reports, ...BULK],
            env
        );
        expect(run.code).toBe(0);
        const summary = json<Summary & { skippedRecords: Record<string, number>; mappedValues: unknown }>(
            run.stdout
        );
        expect(summary.skippedRecords).toEqual({});
        expect(summary.mappedValues).toEqual({
            'Contact.Buying_Role__c': {
                Champion: { to: 'Influencer', count: 1 },
                Sponsor: { to: 'Approver', count: 1 }
            },
            'Case.Severity__c': { Sev0: { to: 'Sev1', count: 1 } }
        });
        expect(run.stderr).toContain('"Champion" -> Influencer (1)');
        for (const contact of [champion, sponsor])
            expect(emulator.store.get(String(contact?.Id))?.record.Contact_Health_Score__c).toEqual(
                expect.any(Number)
            );
        expect(emulator.store.get(sev0)?.record.Severity__c).toBe('Sev0'); // the org's value is left alone
        const bad = path.join(reports, 'bad-map.json');
        fs.writeFileSync(bad, JSON.stringify({ 'Case.Severity__c': { Sev0: 'Sev9' } }));
        const refused = await runCli('sync', ['--as-of', AS_OF, '--value-map', bad], env);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain('VALUE_MAP_INVALID');
    });

    test('a snapshot upsert whose answer was lost is finished by key without re-sending the master-detail', async () => {
        emulator.connectionFaults.add({
            kind: 'lose',
            method: 'PATCH',
            path: /^\/composite\/sobjects\/Account_Health_Snapshot__c\/Snapshot_Key__c$/,
            times: 1
        });
        const run = await runCli('sync', ['--as-of', AS_OF, '--json', '--results-dir', reports], env);
        expect(run.code).toBe(0);
        expect(json<Summary>(run.stdout).failedRows).toBe(0);
        const snapshots = snapshotsOn(AS_OF);
        expect(snapshots).toHaveLength(16);
        for (const snapshot of snapshots)
            expect(String(snapshot.Snapshot_Key__c).startsWith(String(snapshot.Account__c))).toBe(true);
    });
});
