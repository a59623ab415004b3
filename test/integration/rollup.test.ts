/**
 * Parent-account roll-up (issue 17): the real sync CLI against the local org emulator. Accounts with children
 * (ParentId) get Rollup_Health_Score__c / _Band__c / _Weakest_Child__c / Rollup_Summary__c; the children's own
 * scores are unchanged; the method comes from Health_Rollup_Setting__mdt.
 */
import type { OrgEmulator } from '../../scripts/emulator/server';
import { AS_OF, demoOrg, json, runCli, tempDir } from './harness';

jest.setTimeout(120_000);

const NORTHWIND = '001Dm0000000001AAA';
const CEDAR = '001Dm0000000003AAA';
const SUMMIT = '001Dm0000000004AAA';
const PINECREST = '001Dm0000000006AAA';

let emulator: OrgEmulator;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
    ({ emulator, env } = await demoOrg());
    // The demo org has a hierarchy of its own (Northwind > Cedar > Pinecrest, Northwind > Summit): start flat.
    for (const a of emulator.records('Account')) a.ParentId = null;
});
afterEach(async () => {
    await emulator.stop();
});

const sync = async (...extra: string[]) =>
    runCli('sync', ['--as-of', AS_OF, '--results-dir', tempDir('rollup'), ...extra], env);
const account = (id: string) => emulator.records('Account').find((a) => a.Id === id)!;
const setParent = (id: string, parentId: string | null) => (account(id).ParentId = parentId);

test('a parent gets the ARR-weighted roll-up of its family naming the weakest child; children keep their scores', async () => {
    expect((await sync()).code).toBe(0);
    const own = new Map(emulator.records('Account').map((a) => [a.Id, a.Health_Score__c]));
    expect(account(NORTHWIND).Rollup_Health_Score__c ?? null).toBeNull();

    // Two levels: Summit under Cedar under Northwind; Pinecrest directly under Northwind.
    setParent(CEDAR, NORTHWIND);
    setParent(SUMMIT, CEDAR);
    setParent(PINECREST, NORTHWIND);
    const run = await sync('--json');
    expect(run.code).toBe(0);
    for (const a of emulator.records('Account')) expect(a.Health_Score__c).toBe(own.get(a.Id));

    const family = [NORTHWIND, CEDAR, SUMMIT, PINECREST].map(account);
    const weights = family.map((a) => Number(a.ARR__c ?? 0));
    const expected = Math.round(
        family.reduce((sum, a, i) => sum + weights[i]! * Number(a.Health_Score__c), 0) /
            weights.reduce((a, b) => a + b, 0)
    );
    const parent = account(NORTHWIND);
    expect(Number(parent.Rollup_Health_Score__c)).toBe(expected);
    expect(parent.Rollup_Health_Band__c).toBe(expected >= 70 ? 'Green' : expected >= 40 ? 'Yellow' : 'Red');
    // Summit (Red, open Sev1) drags the family down most.
    expect(parent.Rollup_Weakest_Child__c).toBe(SUMMIT);
    expect(String(parent.Rollup_Summary__c)).toMatch(
        /^ARR-weighted over 4 accounts: \d+ \((Green|Yellow|Red)\); Summit Retail Group \(\d+\) pulls it down most$/
    );
    // The middle level rolls up its own subtree; a leaf has none.
    expect(account(CEDAR).Rollup_Weakest_Child__c).toBe(SUMMIT);
    expect(account(SUMMIT).Rollup_Health_Score__c ?? null).toBeNull();
    const summary = json<{ rollups: { method: string; parents: number } }>(run.stdout);
    expect(summary.rollups).toMatchObject({ method: 'ARR Weighted', parents: 2 });

    // A rerun writes nothing new; a family broken up clears the parent's roll-up.
    const rerun = json<{ rows: { Account: number } }>((await sync('--json')).stdout);
    expect(rerun.rows.Account).toBe(0);
    setParent(CEDAR, null);
    setParent(PINECREST, null);
    expect((await sync()).code).toBe(0);
    expect(account(NORTHWIND).Rollup_Health_Score__c ?? null).toBeNull();
    expect(account(NORTHWIND).Rollup_Weakest_Child__c ?? null).toBeNull();
    expect(account(CEDAR).Rollup_Weakest_Child__c).toBe(SUMMIT);
});

test('Worst Child (Health_Rollup_Setting__mdt): the lowest score of the family; an invalid method fails clearly', async () => {
    const setting = emulator.schema.customMetadataRecords.find(
        (r) => r.type === 'Health_Rollup_Setting__mdt'
    );
    expect(setting?.values.Method__c).toBe('ARR Weighted');
    setting!.values.Method__c = 'Worst Child';
    setParent(CEDAR, NORTHWIND);
    setParent(SUMMIT, NORTHWIND);
    expect((await sync()).code).toBe(0);
    const lowest = Math.min(...[NORTHWIND, CEDAR, SUMMIT].map((id) => Number(account(id).Health_Score__c)));
    expect(Number(account(NORTHWIND).Rollup_Health_Score__c)).toBe(lowest);
    expect(account(NORTHWIND).Rollup_Weakest_Child__c).toBe(SUMMIT);
    expect(String(account(NORTHWIND).Rollup_Summary__c)).toMatch(/^worst of 3 accounts/);

    setting!.values.Method__c = 'Median';
    const bad = await sync();
    expect(bad.code).toBe(6);
    expect(bad.stderr).toMatch(/Method__c "Median" is not one of ARR Weighted, Worst Child/);
});
