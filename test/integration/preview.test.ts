/**
 * Draft model preview (issue 17): `health-score preview` against the local org emulator. The org is read as the
 * sync reads it; the sample (highest ARR) is scored by the active model and by the draft; one
 * Health_Model_Preview__c row per sampled account is upserted by Preview_Key__c, so a rerun replaces them; the
 * sync's own fields are never written; a bad draft is refused naming the record and field.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OrgEmulator } from '../../scripts/emulator/server';
import type { MetadataRecord } from '../../scripts/emulator/schema';
import { AS_OF, demoOrg, json, runCli, tempDir } from './harness';

jest.setTimeout(120_000);

interface Row {
    accountId: string;
    name: string;
    arr: number | null;
    currentScore: number | null;
    currentBand: string;
    draftScore: number | null;
    draftBand: string;
    change: number | null;
    topChange: string;
}
interface Summary {
    draft: { name: string; version: string };
    current: { version: string };
    accountsScored: number;
    sample: number;
    rows: Row[];
    written: number;
    dryRun: boolean;
}

let emulator: OrgEmulator;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
    ({ emulator, env } = await demoOrg());
});
afterEach(async () => {
    await emulator.stop();
});

const preview = (...extra: string[]) => runCli('preview', ['--as-of', AS_OF, ...extra], env);
const previews = () => emulator.records('Health_Model_Preview__c');

/** A draft cloned from the shipped Default (as an admin clones it in Setup), not active. */
function addDraft(developerName: string, values: Record<string, unknown>): void {
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

const SUPPORT_HEAVY = {
    Model_Version__c: 'draft-support-1',
    Relationship_Weight__c: 5,
    Usage_Weight__c: 5,
    Support_Weight__c: 85,
    Commercial_Weight__c: 5
};

test('writes one preview row per sampled account (highest ARR), and a rerun replaces them', async () => {
    addDraft('Support_Heavy', SUPPORT_HEAVY);
    const accountsBefore = JSON.stringify(emulator.records('Account'));

    const run = await preview('--model', 'Support_Heavy', '--sample', '5', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = json<Summary>(run.stdout);
    expect(summary.draft).toEqual({ name: 'Health_Model.Support_Heavy', version: 'draft-support-1' });
    expect(summary.accountsScored).toBe(16);
    expect(summary.sample).toBe(5);
    // The sample: the five highest ARR of the demo accounts, in ARR order.
    const byArr = emulator
        .records('Account')
        .map((a) => ({ id: String(a.Id), arr: Number(a.ARR__c ?? -1) }))
        .sort((a, b) => b.arr - a.arr || a.id.localeCompare(b.id))
        .slice(0, 5)
        .map((a) => a.id);
    expect(summary.rows.map((r) => r.accountId)).toEqual(byArr);
    // A support-heavy draft moves the scores, and the change is draft minus current.
    expect(summary.rows.some((r) => r.change !== 0)).toBe(true);
    for (const row of summary.rows)
        if (row.change !== null) expect(row.change).toBe((row.draftScore ?? 0) - (row.currentScore ?? 0));

    const rows = previews();
    expect(rows).toHaveLength(5);
    for (const row of summary.rows) {
        const record = rows.find((r) => r.Account__c === row.accountId);
        expect(record).toMatchObject({
            Preview_Key__c: `Health_Model.Support_Heavy_${row.accountId}`,
            Draft_Model__c: 'Health_Model.Support_Heavy (draft-support-1)',
            Current_Band__c: row.currentBand,
            Draft_Band__c: row.draftBand,
            Top_Change__c: row.topChange
        });
        expect(record?.Current_Score__c ?? null).toEqual(row.currentScore);
        expect(record?.Draft_Score__c ?? null).toEqual(row.draftScore);
        expect(record?.Score_Change__c ?? null).toEqual(row.change);
        expect(record?.Previewed_At__c).toBeTruthy();
    }
    // The sample went in composite writes; nothing the sync owns is written (no snapshot, no Account field).
    expect(emulator.stats.compositeWrites.Health_Model_Preview__c).toBe(5);
    expect(emulator.records('Account_Health_Snapshot__c').filter((s) => s.As_Of__c === AS_OF)).toHaveLength(
        0
    );
    expect(JSON.stringify(emulator.records('Account'))).toBe(accountsBefore);

    // Rerun: same keys, updated in place (no duplicates).
    const ids = rows.map((r) => r.Id).sort();
    const again = await preview('--model', 'Support_Heavy', '--sample', '5', '--json');
    expect(again.code).toBe(0);
    expect(previews()).toHaveLength(5);
    expect(
        previews()
            .map((r) => r.Id)
            .sort()
    ).toEqual(ids);

    // A constant number of API requests: the same for a sample of 1 as for every account.
    const requests = async (sample: string): Promise<number> => {
        const before = emulator.stats.apiRequests;
        expect((await preview('--model', 'Support_Heavy', '--sample', sample, '--quiet')).code).toBe(0);
        return emulator.stats.apiRequests - before;
    };
    const one = await requests('1');
    expect(await requests('16')).toBe(one);
    expect(one).toBeLessThan(24);
    expect(previews()).toHaveLength(16);

    // A second draft gets its own rows beside the first's.
    addDraft('Usage_Heavy', {
        ...SUPPORT_HEAVY,
        Model_Version__c: 'draft-usage-1',
        Support_Weight__c: 5,
        Usage_Weight__c: 85
    });
    expect((await preview('--model', 'Usage_Heavy', '--sample', '3', '--json')).code).toBe(0);
    expect(previews()).toHaveLength(19);
    expect(
        previews().filter((r) => r.Draft_Model__c === 'Health_Model.Usage_Heavy (draft-usage-1)')
    ).toHaveLength(3);
});

test('--dry-run prints the comparison and writes nothing; a sample larger than the org takes every account', async () => {
    addDraft('Support_Heavy', SUPPORT_HEAVY);
    const run = await preview('--model', 'Support_Heavy', '--sample', '500', '--dry-run', '--quiet');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
        /preview\s+Health_Model\.Support_Heavy \(draft-support-1\) against the active model/
    );
    expect(run.stdout).toMatch(/16 accounts scored, sample 16/);
    expect(run.stdout).toMatch(/dry run: nothing written/);
    expect(run.stdout).toMatch(/ -> /);
    expect(previews()).toHaveLength(0);
});

test('a model file is previewed under its file name', async () => {
    const dir = tempDir('preview');
    const file = path.join(dir, 'heavy-support.json');
    fs.writeFileSync(
        file,
        JSON.stringify({
            version: 'file-draft-1',
            relationshipWeight: 5,
            usageWeight: 5,
            supportWeight: 85,
            commercialWeight: 5
        })
    );
    const run = await preview('--model-file', file, '--sample', '2', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(previews().map((r) => r.Draft_Model__c)).toEqual([
        'file:heavy-support (file-draft-1)',
        'file:heavy-support (file-draft-1)'
    ]);
});

test('an invalid, missing or active draft is refused naming the record and field; nothing is written', async () => {
    addDraft('Broken', { Model_Version__c: 'broken-1', Usage_Weight__c: -5 });
    const broken = await preview('--model', 'Broken', '--sample', '5');
    expect(broken.code).toBe(6);
    expect(broken.stderr).toMatch(/MODEL_INVALID/);
    expect(broken.stderr).toMatch(/Health_Model\.Broken/);
    expect(broken.stderr).toMatch(/Usage_Weight__c/);

    const missing = await preview('--model', 'No_Such_Draft');
    expect(missing.code).toBe(6);
    expect(missing.stderr).toMatch(/MODEL_NOT_FOUND: no Health_Model__mdt record named No_Such_Draft/);

    const active = await preview('--model', 'Default');
    expect(active.code).toBe(6);
    expect(active.stderr).toMatch(/MODEL_ACTIVE/);

    const neither = await preview('--sample', '5');
    expect(neither.code).toBe(2);
    expect(previews()).toHaveLength(0);
});
