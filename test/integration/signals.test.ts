/**
 * Admin-defined signals (issue 17): the real sync CLI against the local org emulator. The org holds its own survey
 * object (NPS_Response__c, not part of the package) and a Health_Signal__mdt record reading it
 * (test/fixtures/org-metadata/signals). The sync describes the object, checks every name on the record, queries only
 * what the record names, and the signal joins the relationship dimension as a driver in the admin's words.
 */
import * as path from 'node:path';
import { OrgEmulator } from '../../scripts/emulator/server';
import { readDatasetFolder } from '../../scripts/emulator/seed';
import type { MetadataRecord } from '../../scripts/emulator/schema';
import { AS_OF, DEMO, REPO, json, runCli, tempDir } from './harness';

jest.setTimeout(120_000);

const ORG = path.join(REPO, 'test', 'fixtures', 'org-metadata', 'signals');

let emulator: OrgEmulator;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
    emulator = new OrgEmulator({ today: AS_OF, orgMetadataRoots: [ORG] });
    const url = await emulator.start();
    emulator.seed(readDatasetFolder(DEMO));
    env = { SF_ACCESS_TOKEN: emulator.issueToken(), SF_INSTANCE_URL: url };
});
afterEach(async () => {
    await emulator.stop();
});

const sync = (...extra: string[]) =>
    runCli('sync', ['--as-of', AS_OF, '--results-dir', tempDir('signals'), ...extra], env);
const signal = () =>
    emulator.schema.customMetadataRecords.find(
        (r) => r.type === 'Health_Signal__mdt' && r.developerName === 'NPS'
    ) as MetadataRecord;
const account = (name: string) =>
    emulator.records('Account').find((a) => a.Name === name) as Record<string, unknown>;
const drivers = (name: string) =>
    (
        JSON.parse(String(account(name).Health_Drivers__c)) as {
            drivers: { code: string; label: string; points: number }[];
        }
    ).drivers;

function seedResponses(): void {
    const id = (name: string) => account(name).Id;
    emulator.seed({
        NPS_Response__c: [
            // Northwind: detractors within the 180-day window; an old promoter outside it
            { Account__c: id('Northwind Logistics'), Score__c: 2, Responded_On__c: '2026-10-01' },
            { Account__c: id('Northwind Logistics'), Score__c: 3, Responded_On__c: '2026-08-15' },
            { Account__c: id('Northwind Logistics'), Score__c: 10, Responded_On__c: '2026-01-10' },
            // a promoter dated after the as-of date: not known then
            { Account__c: id('Northwind Logistics'), Score__c: 10, Responded_On__c: '2026-11-25' },
            { Account__c: id('Cedar Analytics'), Score__c: 10, Responded_On__c: '2026-11-01' },
            { Account__c: id('Cedar Analytics'), Score__c: 9, Responded_On__c: '2026-09-20' },
            // a response not linked to an account is not read
            { Account__c: null, Score__c: 0, Responded_On__c: '2026-11-01' }
        ]
    });
}

test('an active signal joins its dimension as a driver in the admin words; accounts without values are unchanged', async () => {
    signal().values.Active__c = false;
    expect((await sync()).code).toBe(0);
    const before = Object.fromEntries(
        ['Northwind Logistics', 'Cedar Analytics', 'Summit Retail Group'].map((n) => [
            n,
            Number(account(n).Health_Relationship_Score__c)
        ])
    );
    seedResponses();
    signal().values.Active__c = true;
    const run = await sync('--json');
    expect(run.code).toBe(0);
    const summary = json(run.stdout) as { engine: { signalValues?: number }; signals?: unknown };
    // 5 read for accounts (4 dated up to the as-of date, 1 after it, which the engine ignores)
    expect(summary.engine.signalValues).toBe(4);
    expect(summary.signals).toEqual([
        {
            name: 'Health_Signal.NPS',
            label: 'NPS survey',
            source: 'NPS_Response__c.Score__c',
            values: 5,
            accounts: 2
        }
    ]);
    const northwind = drivers('Northwind Logistics').find((d) => d.code === 'SIGNAL_NPS');
    expect(northwind?.label).toBe('NPS survey: average 2.5 over the last 180 days (2 values)');
    expect(northwind?.points).toBeLessThan(0);
    expect(drivers('Cedar Analytics').find((d) => d.code === 'SIGNAL_NPS')?.label).toBe(
        'NPS survey: average 9.5 over the last 180 days (2 values)'
    );
    expect(Number(account('Northwind Logistics').Health_Relationship_Score__c)).toBeLessThan(
        before['Northwind Logistics'] as number
    );
    expect(Number(account('Cedar Analytics').Health_Relationship_Score__c)).toBeGreaterThan(
        before['Cedar Analytics'] as number
    );
    expect(Number(account('Summit Retail Group').Health_Relationship_Score__c)).toBe(
        before['Summit Retail Group']
    );
    expect(drivers('Summit Retail Group').some((d) => d.code === 'SIGNAL_NPS')).toBe(false);
    // decomposition stays exact
    for (const name of ['Northwind Logistics', 'Cedar Analytics']) {
        const score = account(name).Health_Score__c;
        if (score !== null && score !== undefined)
            expect(drivers(name).reduce((sum, d) => sum + d.points, 0)).toBe(Number(score));
    }
});

test('a signal on an Account field (Latest, undated) reads the field the record names', async () => {
    Object.assign(signal().values, {
        Object__c: 'Account',
        Field__c: 'days_past_due__c',
        Account_Field__c: null,
        Date_Field__c: null,
        Aggregation__c: 'Latest',
        Window_Days__c: null,
        Direction__c: 'Lower is better',
        Worst_Value__c: 90,
        Best_Value__c: 0,
        Dimension__c: 'Commercial',
        Weight__c: 50,
        Active__c: true
    });
    signal().label = 'Days overdue (finance)';
    const run = await sync();
    expect(run.code).toBe(0);
    const withDriver = emulator
        .records('Account')
        // An Unknown account shows the checklist of missing data instead of drivers.
        .filter(
            (a) =>
                a.Days_Past_Due__c !== null &&
                a.Days_Past_Due__c !== undefined &&
                a.Health_Band__c !== 'Unknown'
        )
        .map((a) => String(a.Name));
    expect(withDriver.length).toBeGreaterThan(0);
    for (const name of withDriver)
        expect(drivers(name).find((d) => d.code === 'SIGNAL_NPS')?.label).toBe(
            `Days overdue (finance): ${String(account(name).Days_Past_Due__c)}`
        );
});

test.each([
    [{ Object__c: 'Survey__c' }, 'Health_Signal.NPS, Object__c: Survey__c is not an object in this org'],
    [
        { Object__c: 'NPS_Response__c WHERE Id != null' },
        'Health_Signal.NPS, Object__c: "NPS_Response__c WHERE Id != null" is not an API name'
    ],
    [
        { Field__c: 'Comment__c' },
        'Health_Signal.NPS, Field__c: Comment__c is a string field: a signal reads a number, currency or percent field'
    ],
    [
        { Field__c: 'Rating__c' },
        'Health_Signal.NPS, Field__c: Rating__c is not a field of NPS_Response__c in this org'
    ],
    [
        { Account_Field__c: 'Score__c' },
        'Health_Signal.NPS, Account_Field__c: Score__c is not a lookup or master-detail to Account'
    ],
    [{ Account_Field__c: null }, 'Health_Signal.NPS, Account_Field__c: is blank'],
    [
        { Date_Field__c: 'Comment__c' },
        'Health_Signal.NPS, Date_Field__c: Comment__c is a string field: it must be a date or date/time'
    ],
    [{ Aggregation__c: 'Sum' }, 'Health_Signal.NPS, Aggregation__c: must be Latest, Average or Count'],
    [{ Weight__c: 0 }, 'Health_Signal.NPS, Weight__c'],
    [{ Best_Value__c: -5 }, 'Health_Signal.NPS, Best_Value__c: must be above Worst_Value__c']
])(
    'an invalid signal record %j stops the run before anything is written, naming record and field',
    async (bad, message) => {
        seedResponses();
        Object.assign(signal().values, bad);
        const accountsBefore = JSON.stringify(emulator.records('Account'));
        const run = await sync();
        expect(run.code).toBe(6);
        expect(run.stderr).toContain(message);
        expect(run.stderr).toContain('Health Signal');
        expect(JSON.stringify(emulator.records('Account'))).toBe(accountsBefore);
    }
);

describe('the demo org (npm start)', () => {
    it('includes a segment model and an admin-defined signal of its own (data/demo-org)', async () => {
        const run = await runCli('start', [], {});
        expect(run.code).toBe(0);
        const text = run.stdout;
        expect(text).toMatch(/signals\s+NPS survey \(NPS_Response__c\.Score__c\) 7 values on 5 accounts/);
        expect(text).toMatch(/segment models\s+Enterprise \(org-enterprise-2026\) 2, default/);
        // The hierarchies are part of the sync summary: printed once, not again after the focus list.
        expect(text.match(/^Account hierarchies/gm)).toHaveLength(1);
        expect(text).toMatch(
            /Northwind Logistics: \d+ (Green|Yellow|Red) over 4 of 4 accounts; weakest child/
        );
    });
});
