/** The real `health-score usage push` CLI against the local org emulator. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OrgEmulator } from '../../scripts/emulator/server';
import { readDatasetFolder } from '../../scripts/emulator/seed';
import { AS_OF, DEMO, REPO, demoOrg, json, runCli, tempDir } from './harness';

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

describe('keys, columns and values the org reads differently', () => {
    test('keys differing only in letter case are the same period (the org matches external ids without case)', async () => {
        const file = path.join(dir, 'case.csv');
        fs.writeFileSync(
            file,
            'Customer_Key__c,Period_Start__c,Period_End__c,Active_Users__c\nNW-1001,2027-03-01,2027-03-31,5\nnw-1001,2027-03-01,2027-03-31,9\n'
        );
        const run = await runCli('usage', ['push', '--file', file, '--json'], env);
        expect(run.code).toBe(5);
        const summary = json<{ usageUpserted: number; rejectsShown: { line: number; reason: string }[] }>(
            run.stdout
        );
        expect(summary.usageUpserted).toBe(1);
        expect(summary.rejectsShown).toEqual([
            { line: 3, reason: 'duplicate period: same Customer_Key__c and Period_Start__c as line 2' }
        ]);
        expect(usageFor('NW-1001').find((u) => u.Period_Start__c === '2027-03-01')?.Active_Users__c).toBe(5);
    });

    test('CSV columns named like object prototype members are unknown columns (exit 2)', async () => {
        for (const column of ['constructor', '__proto__', 'toString']) {
            const file = path.join(dir, `${column}.csv`);
            fs.writeFileSync(
                file,
                `Customer_Key__c,Period_Start__c,Period_End__c,${column}\nNW-1001,2027-04-01,2027-04-30,x\n`
            );
            const run = await runCli('usage', ['push', '--file', file], env);
            expect(run.code).toBe(2);
            expect(run.stderr).toContain(`unknown column(s) ${column}`);
        }
        expect(emulator.stats.apiRequests).toBe(0);
    });

    test('NDJSON: prototype-member keys are unknown fields; [7], objects and booleans are not numbers', async () => {
        const file = path.join(dir, 'odd.ndjson');
        const base = { customer_key: 'NW-1001', period_end: '2027-05-31' };
        fs.writeFileSync(
            file,
            [
                '{"customer_key":"NW-1001","period_start":"2027-05-01","period_end":"2027-05-31","__proto__":{"x":1}}',
                JSON.stringify({ ...base, period_start: '2027-05-02', constructor: 'x', toString: 'y' }),
                JSON.stringify({ ...base, period_start: '2027-05-03', active_users: [7] }),
                JSON.stringify({ ...base, period_start: '2027-05-04', active_users: { n: 7 } }),
                JSON.stringify({ ...base, period_start: '2027-05-05', active_users: true }),
                JSON.stringify({ ...base, period_start: '2027-05-06', active_users: '0x10', arr: '1e3' }),
                JSON.stringify({ ...base, period_start: '2027-05-07', active_users: 7 })
            ].join('\n')
        );
        const run = await runCli('usage', ['push', '--file', file, '--json'], env);
        expect(run.code).toBe(5);
        const summary = json<{ usageUpserted: number; rejectsShown: { line: number; reason: string }[] }>(
            run.stdout
        );
        const reasons = Object.fromEntries(summary.rejectsShown.map((r) => [r.line, r.reason]));
        expect(reasons[1]).toBe('unknown field __proto__');
        expect(reasons[2]).toBe('unknown field constructor; unknown field toString');
        expect(reasons[3]).toBe('active_users must be text or a number, got a list [7]');
        expect(reasons[4]).toContain('active_users must be text or a number, got an object');
        expect(reasons[5]).toBe('active_users must be text or a number, got boolean true');
        expect(reasons[6]).toBe(
            'Active_Users__c must be a whole number >= 0, got 0x10; ARR__c must be a number >= 0, got 1e3'
        );
        expect(summary.usageUpserted).toBe(1);
        expect(usageFor('NW-1001').find((u) => u.Period_Start__c === '2027-05-07')?.Active_Users__c).toBe(7);
        expect(usageFor('NW-1001').some((u) => u.Period_Start__c === '2027-05-03')).toBe(false);
    });
});

describe('the rejects file', () => {
    test('cells that a spreadsheet would run as formulas are neutralised', async () => {
        const file = path.join(dir, 'formula.csv');
        fs.writeFileSync(
            file,
            'Customer_Key__c,Period_Start__c,Period_End__c,Active_Users__c\n"=HYPERLINK(""http://x"",""y"")",2027-06-01,2027-06-30,-5\n@SUM(A1),2027-06-01,2027-06-30,+cmd|x\n'
        );
        const run = await runCli('usage', ['push', '--file', file, '--dry-run', '--json'], env);
        expect(run.code).toBe(5);
        const text = fs.readFileSync(path.join(dir, 'formula.rejects.csv'), 'utf8');
        const lines = text.trim().split('\n');
        expect(lines[1]).toMatch(
            /^2,validation,.*,"'=HYPERLINK\(""http:\/\/x"",""y""\)",2027-06-01,2027-06-30,-5$/
        );
        expect(lines[2]).toMatch(/^3,validation,.*,'@SUM\(A1\),2027-06-01,2027-06-30,'\+cmd\|x$/);
        expect(text).not.toMatch(/(^|,)[=+@]/m);
    });

    test('a stale rejects file from an earlier run is removed, so it is never taken for this run', async () => {
        const file = path.join(dir, 'clean.csv');
        const rejects = path.join(dir, 'clean.rejects.csv');
        fs.writeFileSync(rejects, 'line,stage,reason,Customer_Key__c\n2,validation,old problem,X\n');
        fs.writeFileSync(
            file,
            'Customer_Key__c,Period_Start__c,Period_End__c\nNW-1001,2027-07-01,2027-07-31\n'
        );
        const run = await runCli('usage', ['push', '--file', file, '--json'], env);
        expect(run.code).toBe(0);
        const summary = json<{ rejectsFile: string | null; staleRejectsRemoved: string | null }>(run.stdout);
        expect(summary.rejectsFile).toBeNull();
        expect(summary.staleRejectsRemoved).toBe(rejects);
        expect(fs.existsSync(rejects)).toBe(false);
    });

    test('a rejects path equal to the input, or a file that is not a rejects file, is refused before login', async () => {
        const file = path.join(dir, 'input.csv');
        const content = 'Customer_Key__c,Period_Start__c,Period_End__c\nNW-1001,2027-13-01,2027-07-31\n';
        fs.writeFileSync(file, content);
        const same = await runCli('usage', ['push', '--file', file, '--rejects-file', file], env);
        expect(same.code).toBe(2);
        expect(same.stderr).toContain('is the input file');
        const viaDots = await runCli(
            'usage',
            [
                'push',
                '--file',
                file,
                '--rejects-file',
                path.join(dir, '.', '..', path.basename(dir), 'input.csv')
            ],
            env
        );
        expect(viaDots.code).toBe(2);
        const other = path.join(dir, 'notes.txt');
        fs.writeFileSync(other, 'my notes\n');
        const notOurs = await runCli('usage', ['push', '--file', file, '--rejects-file', other], env);
        expect(notOurs.code).toBe(2);
        expect(notOurs.stderr).toContain('is not a rejects file');
        expect(fs.readFileSync(file, 'utf8')).toBe(content);
        expect(fs.readFileSync(other, 'utf8')).toBe('my notes\n');
        expect(emulator.stats.apiRequests).toBe(0);
    });
});

test('a usage Bulk job that fails still produces a rejects file naming every row not written (exit 6)', async () => {
    // An org where Key_Events__c is not deployed: the Bulk ingest job ends Failed (InvalidBatch).
    await emulator.stop();
    const root = tempDir('force-app');
    fs.cpSync(
        path.join(REPO, 'force-app', 'main', 'default', 'objects'),
        path.join(root, 'main', 'default', 'objects'),
        {
            recursive: true
        }
    );
    fs.rmSync(
        path.join(
            root,
            'main',
            'default',
            'objects',
            'Product_Usage__c',
            'fields',
            'Key_Events__c.field-meta.xml'
        )
    );
    emulator = new OrgEmulator({ today: AS_OF, forceAppRoot: root });
    const url = await emulator.start();
    const data = readDatasetFolder(DEMO);
    data.Product_Usage__c = (data.Product_Usage__c ?? []).map(({ Key_Events__c: _drop, ...rest }) => rest);
    emulator.seed(data);
    const orgEnv = { SF_ACCESS_TOKEN: emulator.issueToken(), SF_INSTANCE_URL: url };
    const file = path.join(dir, 'events.csv');
    fs.writeFileSync(
        file,
        'Customer_Key__c,Period_Start__c,Period_End__c,Key_Events__c\nNW-1001,2027-08-01,2027-08-31,5\nNW-1001,2027-08-01,2027-08-31,6\nBB-1002,2027-08-01,2027-08-31,=1+1\nBB-1002,2027-09-01,2027-09-30,7\n'
    );
    const run = await runCli('usage', ['push', '--file', file, '--bulk-threshold', '0', '--json'], orgEnv);
    expect(run.code).toBe(6);
    const summary = json<{ rejectsFile: string; error: { message: string }; rejected: number }>(run.stdout);
    expect(summary.error.message).toContain('Key_Events__c');
    expect(summary.rejected).toBe(4);
    const rejects = fs.readFileSync(summary.rejectsFile, 'utf8').trim().split('\n');
    expect(rejects.map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
        'line,stage',
        '3,validation',
        '4,validation',
        '2,org',
        '5,org'
    ]);
    expect(rejects[3]).toContain('not written');
});
