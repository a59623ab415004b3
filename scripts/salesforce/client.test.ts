import { Connection } from 'jsforce';
import { HttpApi } from 'jsforce/lib/http-api';
import { OrgEmulator } from '../emulator/server';
import { SalesforceClient } from './client';
import type { FlatRecord } from './client';

let emulator: OrgEmulator;
let connection: Connection;

beforeAll(async () => {
    emulator = new OrgEmulator({ today: '2026-11-20' });
    const url = await emulator.start();
    emulator.seed({
        Account: Array.from({ length: 450 }, (_, i) => ({
            Id: `001T${String(i).padStart(14, '0')}`,
            Name: `Account ${i}`,
            Customer_Key__c: `T-${i}`
        }))
    });
    connection = new Connection({
        instanceUrl: url,
        accessToken: emulator.issueToken(),
        version: emulator.apiVersion
    });
});
afterAll(async () => {
    await emulator.stop();
});
beforeEach(() => emulator.resetStats());

const client = (options: ConstructorParameters<typeof SalesforceClient>[1] = {}): SalesforceClient =>
    new SalesforceClient(connection, {
        pollIntervalMs: 5,
        retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
        ...options
    });

async function all(c: SalesforceClient, soql: string): Promise<FlatRecord[]> {
    const rows: FlatRecord[] = [];
    for await (const page of c.query(soql, { object: 'Account' })) rows.push(...page);
    return rows;
}

test('small objects are read over REST (queryMore pages), large ones with one Bulk query job read in locator pages', async () => {
    const rest = client({ bulkThreshold: 1000 });
    expect(await all(rest, 'SELECT Id, Name FROM Account')).toHaveLength(450);
    expect(emulator.stats.bulkQueryJobs).toEqual({});
    expect(rest.requests).toBe(1);

    emulator.resetStats();
    const bulk = client({ bulkThreshold: 100, bulkPageSize: 200 });
    const rows = await all(bulk, 'SELECT Id, Name, Customer_Key__c FROM Account ORDER BY Name');
    expect(rows).toHaveLength(450);
    expect(rows[0]).toEqual({ Id: '001T00000000000000', Name: 'Account 0', Customer_Key__c: 'T-0' });
    expect(emulator.stats.bulkQueryJobs).toEqual({ Account: 1 });
    // probe page + create + 2 polls + 3 result pages (200, 200, 50)
    expect(bulk.requests).toBe(7);
    expect(bulk.requests).toBe(emulator.stats.apiRequests);
});

test('Bulk writes split into jobs only at the upload size limit; blank keys stay unchanged, null clears', async () => {
    const c = client({ bulkThreshold: 0, maxUploadBytes: 4000 });
    const rows: FlatRecord[] = Array.from({ length: 300 }, (_, i) => ({
        Id: `001T${String(i).padStart(14, '0')}`,
        Health_Score__c: i % 100,
        ...(i === 1 ? { Industry: null } : {})
    }));
    const result = await c.write('Account', 'update', rows);
    expect(result).toMatchObject({ via: 'bulk', succeeded: 300, failures: [] });
    const jobs = emulator.stats.bulkIngestJobs.Account ?? 0;
    expect(jobs).toBeGreaterThan(1);
    expect(jobs).toBeLessThan(10);
    const [zero, one] = emulator.records('Account');
    expect(zero).toMatchObject({ Name: 'Account 0', Health_Score__c: 0 });
    expect(one).toMatchObject({ Name: 'Account 1', Industry: null });
});

test('composite writes: 200 rows per request, per-row errors returned, transient row errors retried', async () => {
    emulator.rowFaults.push({
        object: 'Account',
        match: (row) => row.Id === '001T00000000000003',
        errorCode: 'UNABLE_TO_LOCK_ROW',
        times: 1
    });
    const c = client({ bulkThreshold: 1000 });
    const rows: FlatRecord[] = Array.from({ length: 250 }, (_, i) => ({
        Id: `001T${String(i).padStart(14, '0')}`,
        Health_Band__c: i === 7 ? 'Purple' : 'Green'
    }));
    const result = await c.write('Account', 'update', rows);
    expect(result.via).toBe('rest');
    expect(result.succeeded).toBe(249);
    expect(result.failures).toEqual([
        {
            row: rows[7],
            errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            message: expect.stringContaining('Purple')
        }
    ]);
    expect(c.requests).toBe(3);
});

test('a Bulk upload goes out as the bytes of its CSV (one copy), not as text; split uploads stay whole rows', async () => {
    const requests = jest.spyOn(HttpApi.prototype, 'request');
    try {
        const summary = (i: number): string => `Zoë's "plan", step ${i}\nnext €`;
        const rows: FlatRecord[] = Array.from({ length: 40 }, (_, i) => ({
            Id: `001T${String(i).padStart(14, '0')}`,
            Health_Summary__c: summary(i),
            Health_Critical_Risk__c: null
        }));
        const result = await client({ bulkThreshold: 0, maxUploadBytes: 1500 }).write(
            'Account',
            'update',
            rows
        );
        expect(result).toMatchObject({ via: 'bulk', succeeded: 40, failures: [] });
        const uploads = requests.mock.calls
            .map(([request]) => request as { method: string; url: string; body?: unknown })
            .filter((request) => request.method === 'PUT' && request.url.endsWith('/batches'));
        expect(uploads.length).toBeGreaterThan(1);
        const lines: string[] = [];
        for (const upload of uploads) {
            expect(Buffer.isBuffer(upload.body)).toBe(true);
            const text = (upload.body as Buffer).toString('utf8');
            expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1500);
            const [header, ...data] = text.split(/\n(?=001T|$)/);
            expect(header).toBe('Id,Health_Summary__c,Health_Critical_Risk__c');
            lines.push(...data.filter((line) => line !== ''));
        }
        expect(lines).toEqual(
            rows.map((_, i) => `001T${String(i).padStart(14, '0')},"${summary(i).replace(/"/g, '""')}",#N/A`)
        );
        expect(emulator.records('Account')[39]).toMatchObject({ Health_Summary__c: summary(39) });
    } finally {
        requests.mockRestore();
    }
});

test('a Bulk update counts its rows from the job (no successfulResults download); an upsert reads sf__Created', async () => {
    const requests = jest.spyOn(HttpApi.prototype, 'request');
    const downloads = (): number =>
        requests.mock.calls.filter(([request]) => /successfulResults$/.test((request as { url: string }).url))
            .length;
    try {
        const c = client({ bulkThreshold: 0 });
        const rows: FlatRecord[] = Array.from({ length: 30 }, (_, i) => ({
            Id: `001T${String(i).padStart(14, '0')}`,
            Health_Band__c: i === 5 ? 'Purple' : 'Yellow'
        }));
        const updated = await c.write('Account', 'update', rows);
        expect(updated).toMatchObject({ via: 'bulk', succeeded: 29, created: 0 });
        expect(updated.failures.map((f) => [f.row.Id, f.errorCode])).toEqual([
            ['001T00000000000005', 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST']
        ]);
        expect(emulator.records('Account')[4]).toMatchObject({ Health_Band__c: 'Yellow' });
        expect(downloads()).toBe(0);
        const upserted = await c.write(
            'Account',
            'upsert',
            [
                { Customer_Key__c: 'T-1', Health_Band__c: 'Green' },
                { Customer_Key__c: 'T-new', Name: 'New account' }
            ],
            'Customer_Key__c'
        );
        expect(upserted).toMatchObject({ succeeded: 2, created: 1, failures: [] });
        expect(downloads()).toBe(1);
    } finally {
        requests.mockRestore();
    }
});
