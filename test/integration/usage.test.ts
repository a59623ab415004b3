/** The real `health-score usage push` CLI against the local org emulator. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OrgEmulator } from '../../scripts/emulator/server';
import { demoOrg, json, runCli, tempDir } from './harness';

jest.setTimeout(60_000);

let emulator: OrgEmulator;
let env: NodeJS.ProcessEnv;
let dir: string;

beforeEach(async () => {
    ({ emulator, env } = await demoOrg());
    dir = tempDir('usage');
});
afterEach(async () => {
    await emulator.stop();
});

const usageFor = (key: string): Record<string, unknown>[] =>
    emulator.records('Product_Usage__c').filter((u) => String(u.Usage_Key__c).startsWith(`${key}_`));

test('CSV with bad rows: every row validated, bad ones reported by line and written to the rejects file, valid ones upserted', async () => {
    const file = path.join(dir, 'usage.csv');
    fs.writeFileSync(
        file,
        [
            'Customer_Key__c,Period_Start__c,Period_End__c,Active_Users__c,Licensed_Seats__c,Features_Adopted__c,Features_Available__c,Key_Events__c,ARR__c,Renewal_Date__c,Days_Past_Due__c',
            'NW-1001,2026-12-01,2026-12-31,190,200,14,20,5000,250000,2027-06-08,0',
            'NW-1001,2026-13-01,2026-12-31,190,200,14,20,5000,,,',
            'BB-1002,2026-12-01,2026-11-30,10,20,1,2,3,,,',
            ',2026-12-01,2026-12-31,1,2,1,2,3,,,',
            'BB-1002,2026-12-01,2026-12-31,-4,20,30,20,3,,,',
            '"NOPE-9",2026-12-01,2026-12-31,1,2,1,2,3,,,',
            'NW-1001,2026-12-01,2026-12-31,1,2,1,2,3,,,',
            'BB-1002,2026-12-01,2026-12-31,20,25,5,10,300,,,45'
        ].join('\n')
    );
    const before = usageFor('NW-1001').length;
    const run = await runCli('usage', ['push', '--file', file, '--json'], env);
    expect(run.code).toBe(5);
    const summary = json<{
        rowsRead: number;
        rowsValid: number;
        rejected: number;
        usageUpserted: number;
        accountsUpdated: number;
        rejectsFile: string;
        rejectsShown: { line: number; reason: string }[];
    }>(run.stdout);
    expect(summary.rowsRead).toBe(8);
    expect(summary.rowsValid).toBe(3);
    expect(summary.usageUpserted).toBe(2);
    expect(summary.accountsUpdated).toBe(2);
    expect(summary.rejected).toBe(6);
    const reasons = Object.fromEntries(summary.rejectsShown.map((r) => [r.line, r.reason]));
    expect(reasons[3]).toContain('Period_Start__c must be a date');
    expect(reasons[4]).toContain('is before Period_Start__c');
    expect(reasons[5]).toContain('Customer_Key__c is required');
    expect(reasons[6]).toMatch(
        /Active_Users__c must be a whole number >= 0.*Features_Adopted__c 30 is more than/
    );
    expect(reasons[7]).toBe('no Account with Customer_Key__c NOPE-9');
    expect(reasons[8]).toBe('duplicate period: same Customer_Key__c and Period_Start__c as line 2');
    const rejects = fs.readFileSync(summary.rejectsFile, 'utf8').trim().split('\n');
    expect(rejects).toHaveLength(7);
    expect(rejects[0]).toMatch(/^line,stage,reason,Customer_Key__c,/);
    expect(rejects.some((l) => l.startsWith('7,org,'))).toBe(true);
    expect(usageFor('NW-1001')).toHaveLength(before + 1);
    const northwind = emulator.records('Account').find((a) => a.Customer_Key__c === 'NW-1001');
    expect(northwind?.ARR__c).toBe(250000);
    expect(emulator.records('Account').find((a) => a.Customer_Key__c === 'BB-1002')?.Days_Past_Due__c).toBe(
        45
    );
    // A rerun upserts the same keys: no duplicates.
    await runCli('usage', ['push', '--file', file, '--json'], env);
    expect(usageFor('NW-1001')).toHaveLength(before + 1);
});

test('NDJSON, via Bulk API 2.0, with the line number of a malformed line', async () => {
    const file = path.join(dir, 'usage.ndjson');
    fs.writeFileSync(
        file,
        [
            JSON.stringify({
                customer_key: 'NW-1001',
                period_start: '2027-01-01',
                period_end: '2027-01-31',
                active_users: 180,
                licensed_seats: 200
            }),
            '{not json',
            '',
            JSON.stringify({
                customer_key: 'BB-1002',
                period_start: '2027-01-01',
                period_end: '2027-01-31',
                active_users: 12,
                seats: 20
            })
        ].join('\n')
    );
    const run = await runCli('usage', ['push', '--file', file, '--bulk-threshold', '0'], env);
    expect(run.code).toBe(5);
    expect(run.stdout).toContain('line 2: not valid JSON');
    expect(run.stdout).toContain('line 4: unknown field seats');
    expect(usageFor('NW-1001').some((u) => u.Period_Start__c === '2027-01-01')).toBe(true);
    expect(emulator.stats.bulkIngestJobs).toEqual({ Product_Usage__c: 1 });
});

test('an unknown CSV column stops the push before anything is written (exit 2)', async () => {
    const file = path.join(dir, 'typo.csv');
    fs.writeFileSync(
        file,
        'Customer_Key__c,Period_Start__c,Period_End__c,Active_User__c\nNW-1001,2027-02-01,2027-02-28,5\n'
    );
    const run = await runCli('usage', ['push', '--file', file], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown column(s) Active_User__c');
    expect(emulator.stats.apiRequests).toBe(0);
});
