import { Connection } from 'jsforce';
import { OrgEmulator } from '../emulator/server';
import { SalesforceClient } from '../salesforce/client';
import { ExitCode } from '../salesforce/errors';
import {
    LOCKED_EXIT_CODE,
    RunLockedError,
    recordedRun,
    shortError,
    startRun,
    statusForExitCode
} from './runHistory';

let emulator: OrgEmulator;
let client: SalesforceClient;

beforeEach(async () => {
    emulator = new OrgEmulator({ today: '2026-11-20' });
    const url = await emulator.start();
    client = new SalesforceClient(
        new Connection({
            instanceUrl: url,
            accessToken: emulator.issueToken(),
            version: emulator.apiVersion
        }),
        { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, requestTimeoutMs: 2000 }
    );
});
afterEach(async () => {
    await emulator.stop();
});

const runs = () => emulator.records('Health_Sync_Run__c');
const at = (iso: string) => () => new Date(iso);
const classify = (error: unknown) => ({
    exitCode: ExitCode.Org,
    code: 'BOOM',
    message: error instanceof Error ? error.message : String(error)
});

test('a run records its start as Running, then its outcome, in one record', async () => {
    const run = await startRun({
        client,
        kind: 'Sync',
        asOf: '2026-11-20',
        host: 'test',
        now: at('2026-11-20T02:00:00Z')
    });
    expect(runs()).toEqual([
        expect.objectContaining({
            Status__c: 'Running',
            Kind__c: 'Sync',
            Host__c: 'test',
            As_Of__c: '2026-11-20'
        })
    ]);
    await run.finish({
        exitCode: 0,
        modelVersion: 'v1',
        accountsScored: 16,
        rowsWritten: 48,
        failedRows: 0,
        apiRequests: 9
    });
    expect(runs()).toHaveLength(1);
    expect(runs()[0]).toEqual(
        expect.objectContaining({
            Status__c: 'Succeeded',
            Exit_Code__c: 0,
            Model_Version__c: 'v1',
            Accounts_Scored__c: 16,
            Rows_Written__c: 48,
            API_Requests__c: 9,
            Error__c: null
        })
    );
    expect(runs()[0]?.Finished_At__c).toEqual(expect.stringMatching(/^2026-11-20T02:00:00/));
});

test('a second run while one is Running is refused (exit 7), recorded as Refused, and the first keeps the lock', async () => {
    const first = await startRun({ client, kind: 'Usage Push', host: 'box-a' });
    const second = startRun({ client, kind: 'Sync', asOf: '2026-11-20', host: 'box-b' });
    await expect(second).rejects.toThrow(RunLockedError);
    await expect(second).rejects.toMatchObject({
        exitCode: LOCKED_EXIT_CODE,
        message: expect.stringMatching(/another run holds the lock: RUN-\d+ \(Usage Push on box-a/)
    });
    const refused = runs().find((r) => r.Kind__c === 'Sync');
    expect(refused).toEqual(expect.objectContaining({ Status__c: 'Refused', Exit_Code__c: 7 }));
    expect(runs().find((r) => r.Kind__c === 'Usage Push')?.Status__c).toBe('Running');
    await first.finish({ exitCode: 0 });
    // Once the first has finished, the next run proceeds.
    const third = await startRun({ client, kind: 'Sync', host: 'box-b' });
    await third.finish({ exitCode: 5, failedRows: 2, error: 'x'.repeat(400) });
    const last = runs().find((r) => r.Run_Key__c === third.key);
    expect(last).toEqual(expect.objectContaining({ Status__c: 'Partial', Failed_Rows__c: 2 }));
    expect(String(last?.Error__c)).toHaveLength(255);
});

test('two runs starting together agree: the one the org created first wins', async () => {
    const results = await Promise.allSettled([
        startRun({ client, kind: 'Sync', host: 'a' }),
        startRun({ client, kind: 'Sync', host: 'b' })
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(
        runs()
            .map((r) => r.Status__c)
            .sort()
    ).toEqual(['Refused', 'Running']);
});

test('a Running record older than the lock timeout is a stale lock: marked Abandoned and taken over', async () => {
    await startRun({ client, kind: 'Sync', host: 'died', now: at('2026-11-19T01:00:00Z') });
    const notices: string[] = [];
    const run = await startRun({
        client,
        kind: 'Sync',
        host: 'new',
        lockTimeoutMinutes: 240,
        now: at('2026-11-19T05:01:00Z'),
        notice: (m) => notices.push(m)
    });
    expect(runs().find((r) => r.Host__c === 'died')).toEqual(
        expect.objectContaining({ Status__c: 'Abandoned', Error__c: expect.stringContaining('stale lock') })
    );
    expect(notices.join('\n')).toMatch(/took over a stale run lock/);
    await run.finish({ exitCode: 0 });
    // Within the timeout the same Running record still holds the lock.
    await startRun({ client, kind: 'Sync', host: 'slow', now: at('2026-11-19T06:00:00Z') });
    await expect(
        startRun({
            client,
            kind: 'Sync',
            host: 'next',
            lockTimeoutMinutes: 240,
            now: at('2026-11-19T09:59:00Z')
        })
    ).rejects.toThrow(RunLockedError);
});

test('recordedRun closes the record with the exit code of a thrown error and rethrows; a dry run writes nothing', async () => {
    await expect(
        recordedRun(
            { client, kind: 'Sync', dryRun: false, classify },
            () => Promise.reject(new Error('org down')),
            () => ({})
        )
    ).rejects.toThrow('org down');
    expect(runs()[0]).toEqual(
        expect.objectContaining({ Status__c: 'Failed', Exit_Code__c: 6, Error__c: 'BOOM: org down' })
    );
    await recordedRun(
        { client, kind: 'Sync', dryRun: true, classify },
        () => Promise.resolve({ exitCode: 0 }),
        () => ({})
    );
    expect(runs()).toHaveLength(1);
});

test('status per exit code; short errors are one redacted line', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(statusForExitCode)).toEqual([
        'Succeeded',
        'Failed',
        'Failed',
        'Failed',
        'Failed',
        'Partial',
        'Failed',
        'Refused'
    ]);
    expect(shortError('bad\n  token 00D000000000001!AQ0abc.def')).toBe('bad token 00D…![redacted]');
    expect(shortError('')).toBeNull();
});

test('when the lock cannot be read, the run closes its own record (Failed) instead of leaving a lock behind', async () => {
    emulator.connectionFaults.add({ kind: 'drop', method: 'GET', path: /\/query$/, times: 100 });
    await expect(startRun({ client, kind: 'Sync', host: 'a' })).rejects.toThrow();
    emulator.connectionFaults.faults.length = 0;
    expect(runs()).toEqual([
        expect.objectContaining({
            Status__c: 'Failed',
            Exit_Code__c: 6,
            Error__c: expect.stringContaining('could not read the run lock')
        })
    ]);
    // The next run is not refused.
    const next = await startRun({ client, kind: 'Sync', host: 'b' });
    await next.finish({ exitCode: 0 });
});
