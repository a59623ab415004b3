/**
 * The Salesforce seam under connection faults (scripts/emulator/faults.ts): hung connections, 5xx answers and
 * lost responses at each step of a Bulk API 2.0 ingest job. Each test names the failure it guards against.
 */
import { Connection } from 'jsforce';
import { OrgEmulator } from '../../scripts/emulator/server';
import { SalesforceClient } from '../../scripts/salesforce/client';
import type { FlatRecord } from '../../scripts/salesforce/client';
import { reportError } from '../../scripts/sync/commandline';

let emulator: OrgEmulator;
let connection: Connection;
let url: string;

const ACCOUNTS = 40;

beforeEach(async () => {
    emulator = new OrgEmulator({ today: '2026-11-20' });
    url = await emulator.start();
    emulator.seed({
        Account: Array.from({ length: ACCOUNTS }, (_, i) => ({
            Id: `001F${String(i).padStart(14, '0')}`,
            Name: `Account ${i}`,
            Customer_Key__c: `F-${i}`
        }))
    });
    connection = new Connection({ instanceUrl: url, accessToken: emulator.issueToken(), version: '66.0' });
});
afterEach(async () => {
    await emulator.stop();
});

const notices: string[] = [];
const client = (options: ConstructorParameters<typeof SalesforceClient>[1] = {}): SalesforceClient =>
    new SalesforceClient(connection, {
        pollIntervalMs: 5,
        requestTimeoutMs: 300,
        retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
        onNotice: (message) => notices.push(message),
        ...options
    });

const rows = (): FlatRecord[] =>
    Array.from({ length: ACCOUNTS }, (_, i) => ({
        Id: `001F${String(i).padStart(14, '0')}`,
        Industry: `Industry ${i}`
    }));

/** Every ingest job the emulator holds, through the public Get All Jobs resource. */
async function ingestJobs(): Promise<{ id: string; state: string; numberRecordsProcessed: number }[]> {
    const response = await fetch(`${url}/services/data/v66.0/jobs/ingest`, {
        headers: { Authorization: `Bearer ${emulator.issueToken()}` }
    });
    return (
        (await response.json()) as {
            records: { id: string; state: string; numberRecordsProcessed: number }[];
        }
    ).records;
}

/** How many uploads the emulator processed per ingest job. */
function uploadsPerJob(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of emulator.connectionFaults.log) {
        const match = /^\/jobs\/ingest\/([^/]+)\/batches$/.exec(entry.route);
        if (match && entry.method === 'PUT' && entry.processed)
            counts[match[1] as string] = (counts[match[1] as string] ?? 0) + 1;
    }
    return counts;
}

function industries(): (string | null)[] {
    return emulator
        .records('Account')
        .sort((a, b) => String(a.Id).localeCompare(String(b.Id)))
        .map((r) => (r.Industry as string | null) ?? null);
}

describe('a hung connection', () => {
    test('times out, is retried, and the read completes (jsforce alone waits 30 minutes, then exit 1)', async () => {
        emulator.connectionFaults.add({ kind: 'hang', method: 'GET', path: '/limits', times: 1 });
        const c = client();
        await expect(c.dailyApiRequests()).resolves.toMatchObject({ max: 100_000 });
        expect(notices.some((n) => /retrying limits after REQUEST_TIMEOUT/.test(n))).toBe(true);
    });

    test('that outlasts the retries ends the command with exit 6 and a rerun hint', async () => {
        emulator.connectionFaults.add({ kind: 'hang', method: 'GET', path: '/limits', times: 10 });
        const error = await client()
            .dailyApiRequests()
            .then(
                () => undefined,
                (e: unknown) => e
            );
        expect(error).toMatchObject({ code: 'REQUEST_TIMEOUT' });
        let stderr = '';
        const io = {
            stdout: { write: () => true },
            stderr: { write: (text: string) => ((stderr += text), true) },
            env: {}
        };
        expect(reportError(error, io, false)).toBe(6);
        expect(stderr).toContain('rerun later');
    });
});

describe('HTTP 5xx', () => {
    test('500 UNKNOWN_EXCEPTION is retried like any 5xx (classified by status, not the body code)', async () => {
        emulator.faults.push({
            method: 'GET',
            path: '/limits',
            times: 2,
            status: 500,
            errorCode: 'UNKNOWN_EXCEPTION',
            message: 'An unexpected error occurred. Please include this ErrorId: 1234-5678'
        });
        await expect(client().dailyApiRequests()).resolves.toMatchObject({ max: 100_000 });
        expect(emulator.faults[0]?.times).toBe(0);
    });

    test('a 4xx with a non-transient code is not retried', async () => {
        emulator.faults.push({
            method: 'GET',
            path: '/limits',
            times: 5,
            status: 400,
            errorCode: 'MALFORMED_QUERY',
            message: 'bad'
        });
        await expect(client().dailyApiRequests()).rejects.toMatchObject({ errorCode: 'MALFORMED_QUERY' });
        expect(emulator.faults[0]?.times).toBe(4);
    });
});

describe('Bulk API 2.0 ingest after a lost response', () => {
    const steps: [string, { method: string; path: string | RegExp }][] = [
        ['job create', { method: 'POST', path: /^\/jobs\/ingest$/ }],
        ['upload', { method: 'PUT', path: /\/batches$/ }],
        ['close', { method: 'PATCH', path: /^\/jobs\/ingest\/[^/]+$/ }],
        ['status poll', { method: 'GET', path: /^\/jobs\/ingest\/[^/]+$/ }],
        // Only an upsert (or insert) reads successfulResults (its sf__Created flags); an update counts from the job.
        ['successful results (upsert)', { method: 'GET', path: /successfulResults$/ }],
        ['failed results', { method: 'GET', path: /failedResults$/ }]
    ];
    /** The same Industry values as rows(), by Customer_Key__c: an upsert that updates every account. */
    const upsertRows = (): FlatRecord[] =>
        rows().map((row, i) => ({ Customer_Key__c: `F-${i}`, Industry: row.Industry ?? null }));
    for (const kind of ['lose', 'drop', 'hang-after'] as const) {
        for (const [step, match] of steps) {
            test(`${kind} at ${step}: every row written once, one upload per job, no job left Open`, async () => {
                emulator.connectionFaults.add({ kind, times: 1, ...match });
                const result = step.includes('upsert')
                    ? await client({ bulkThreshold: 0 }).write(
                          'Account',
                          'upsert',
                          upsertRows(),
                          'Customer_Key__c'
                      )
                    : await client({ bulkThreshold: 0 }).write('Account', 'update', rows());
                expect(result.failures).toEqual([]);
                expect(result.succeeded).toBe(ACCOUNTS);
                expect(industries()).toEqual(rows().map((r) => r.Industry));
                expect(Object.values(uploadsPerJob()).every((n) => n === 1)).toBe(true);
                const jobs = await ingestJobs();
                expect(jobs.filter((j) => j.state === 'Open' || j.state === 'UploadComplete')).toEqual([]);
                // Rows processed across all completed jobs: exactly once each.
                expect(
                    jobs
                        .filter((j) => j.state === 'JobComplete')
                        .reduce((n, j) => n + j.numberRecordsProcessed, 0)
                ).toBe(ACCOUNTS);
                expect(emulator.connectionFaults.pending).toBe(0);
            });
        }
    }

    test('a lost close answer is not followed by a second close (409) and an abort of the healthy job', async () => {
        emulator.connectionFaults.add({
            kind: 'lose',
            method: 'PATCH',
            path: /^\/jobs\/ingest\/[^/]+$/,
            times: 1
        });
        await client({ bulkThreshold: 0 }).write('Account', 'update', rows());
        const patches = emulator.connectionFaults.log.filter(
            (e) => e.method === 'PATCH' && /^\/jobs\/ingest\/[^/]+$/.test(e.route)
        );
        expect(patches).toHaveLength(1);
        expect((await ingestJobs()).map((j) => j.state)).toEqual(['JobComplete']);
    });
});
