/**
 * Segment models (issue 17): the real sync CLI against the local org emulator. Active Health_Segment__mdt records
 * choose the Health_Model__mdt record of each account (first match by priority, else the default); the model
 * version is stored on the Account and the snapshot; a bad record stops the run naming the record and field.
 */
import type { OrgEmulator } from '../../scripts/emulator/server';
import type { MetadataRecord } from '../../scripts/emulator/schema';
import { AS_OF, demoOrg, json, runCli, tempDir } from './harness';

jest.setTimeout(120_000);

interface Summary {
    model: { version: string };
    segments?: { name: string; priority: number | null; model: string; version: string; accounts: number }[];
}

let emulator: OrgEmulator;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
    ({ emulator, env } = await demoOrg());
});
afterEach(async () => {
    await emulator.stop();
});

const sync = (...extra: string[]) =>
    runCli('sync', ['--as-of', AS_OF, '--results-dir', tempDir('segments'), ...extra], env);

/** A Health_Model record cloned from the shipped Default (as an admin clones it in Setup), not active. */
function addModel(developerName: string, values: Record<string, unknown>): void {
    const base = emulator.schema.customMetadataRecords.find(
        (r) => r.type === 'Health_Model__mdt' && r.developerName === 'Default'
    ) as MetadataRecord;
    emulator.schema.customMetadataRecords.push({
        type: 'Health_Model__mdt',
        developerName,
        label: developerName,
        values: { ...base.values, Active__c: false, ...values }
    });
}

function addSegment(developerName: string, values: Record<string, unknown>): void {
    emulator.schema.customMetadataRecords.push({
        type: 'Health_Segment__mdt',
        developerName,
        label: developerName,
        values: { Active__c: true, ...values }
    });
}

const byName = (name: string) => emulator.records('Account').find((a) => a.Name === name);

test('each account is scored by its first matching active segment model, else the default', async () => {
    addModel('Enterprise_2026', {
        Model_Version__c: 'org-enterprise-1',
        Relationship_Weight__c: 60,
        Usage_Weight__c: 10
    });
    addModel('Life_Sciences_2026', { Model_Version__c: 'org-life-sciences-1', Support_Weight__c: 60 });
    // Helix Biotech (ARR 180,000) matches only the second; Bluebird Health (120,000) too;
    // Northwind (240,000, Transportation) and Granite (200,000) the first; Summit Retail (310,000) is excluded.
    addSegment('Enterprise', {
        Priority__c: 10,
        Model__c: 'Enterprise_2026',
        Criteria__c: "arr__c >= 200000 and Industry != 'Retail'"
    });
    addSegment('Life_Sciences', {
        Priority__c: 20,
        Model__c: 'Life_Sciences_2026',
        Criteria__c: "Industry in ('Healthcare', 'Biotechnology')"
    });
    addSegment('Switched_Off', {
        Active__c: false,
        Priority__c: 1,
        Model__c: 'No_Such_Model',
        Criteria__c: 'this is not even parsed'
    });

    const run = await sync('--json');
    expect(run.code).toBe(0);
    const summary = json<Summary>(run.stdout);
    const defaultVersion = summary.model.version;
    expect(summary.segments).toEqual([
        {
            name: 'Health_Segment.Enterprise',
            priority: 10,
            model: 'Health_Model.Enterprise_2026',
            version: 'org-enterprise-1',
            accounts: 2
        },
        {
            name: 'Health_Segment.Life_Sciences',
            priority: 20,
            model: 'Health_Model.Life_Sciences_2026',
            version: 'org-life-sciences-1',
            accounts: 2
        },
        {
            name: 'default',
            priority: null,
            model: 'Health_Model.Default',
            version: defaultVersion,
            accounts: 12
        }
    ]);
    const expected: Record<string, string> = {
        'Northwind Logistics': 'org-enterprise-1',
        'Granite Construction': 'org-enterprise-1',
        'Bluebird Health': 'org-life-sciences-1',
        'Helix Biotech': 'org-life-sciences-1',
        'Summit Retail Group': defaultVersion,
        'Cedar Analytics': defaultVersion
    };
    for (const [name, version] of Object.entries(expected)) {
        const account = byName(name);
        expect(account?.Health_Model_Version__c).toBe(version);
        const snapshot = emulator
            .records('Account_Health_Snapshot__c')
            .find((s) => s.Account__c === account?.Id && s.As_Of__c === AS_OF);
        expect(snapshot?.Model_Version__c).toBe(version);
    }

    // The text summary names the models and how many accounts each scored; a rerun writes nothing.
    const text = await sync();
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
        /segment models\s+Enterprise \(org-enterprise-1\) 2, Life_Sciences \(org-life-sciences-1\) 2, default/
    );
    expect(text.stdout).toMatch(/rows written\s+Account 0, Contact 0, Account_Health_Snapshot__c 0/);
});

test('the segment model changes the score it would have under the default model', async () => {
    expect((await sync()).code).toBe(0);
    const before = Number(byName('Northwind Logistics')?.Health_Score__c);
    addModel('Enterprise_2026', {
        Model_Version__c: 'org-enterprise-1',
        Relationship_Weight__c: 5,
        Usage_Weight__c: 5,
        Support_Weight__c: 85,
        Commercial_Weight__c: 5
    });
    addSegment('Enterprise', {
        Priority__c: 1,
        Model__c: 'Enterprise_2026',
        Criteria__c: "Name = 'Northwind Logistics'"
    });
    expect((await sync()).code).toBe(0);
    expect(byName('Northwind Logistics')?.Health_Model_Version__c).toBe('org-enterprise-1');
    expect(Number(byName('Northwind Logistics')?.Health_Score__c)).not.toBe(before);
});

test.each([
    [
        { Criteria__c: "Tier__c = 'Gold'" },
        'Health_Segment.Bad, Tier__c: is not a field of Account in this org'
    ],
    [
        { Criteria__c: "ARR__c >= 'big'" },
        "Health_Segment.Bad, ARR__c: >= compares numbers or 'YYYY-MM-DD' dates only"
    ],
    [{ Criteria__c: "Industry = 'Retail' or Name = 'x'" }, 'only "and" is supported'],
    [{ Criteria__c: "Name = 'x' FROM Account" }, 'expected "and" between conditions'],
    [
        { Model__c: 'Missing_Model' },
        'Health_Segment.Bad, Model__c: names Health_Model.Missing_Model, which is not in the org'
    ],
    [{ Priority__c: null }, 'Health_Segment.Bad, Priority__c: is blank']
])('a bad segment record %j stops the run before anything is written, naming it', async (bad, message) => {
    addModel('Enterprise_2026', { Model_Version__c: 'org-enterprise-1' });
    addSegment('Bad', {
        Priority__c: 1,
        Model__c: 'Enterprise_2026',
        Criteria__c: "Industry = 'Retail'",
        ...bad
    });
    const accountsBefore = JSON.stringify(emulator.records('Account'));
    const snapshotsBefore = emulator.records('Account_Health_Snapshot__c').length;
    const run = await sync();
    expect(run.code).toBe(6);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('Health Segment');
    expect(JSON.stringify(emulator.records('Account'))).toBe(accountsBefore);
    expect(emulator.records('Account_Health_Snapshot__c')).toHaveLength(snapshotsBefore);
});

test('two different models with one version are refused (the stored version must name one model)', async () => {
    const shipped = emulator.schema.customMetadataRecords.find(
        (r) => r.type === 'Health_Model__mdt' && r.developerName === 'Default'
    ) as MetadataRecord;
    const version = String(shipped.values.Model_Version__c);
    addModel('Enterprise_2026', { Model_Version__c: version, Relationship_Weight__c: 60 });
    addSegment('Enterprise', { Priority__c: 1, Model__c: 'Enterprise_2026', Criteria__c: 'ARR__c > 0' });
    const run = await sync();
    expect(run.code).toBe(6);
    expect(run.stderr).toContain(
        `Health_Segment.Enterprise, Model__c: its model's version "${version}" is also the version of the default model`
    );
});
