import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildDemo, parseAnchor, renderAll, toTreeImport, TREE_FIELDS } from './build';
import { DEFAULT_ANCHOR, generate, parseArgs } from './generate';

const repoData = path.join(__dirname, '..', '..', 'data');

describe('demo generator', () => {
    it('committed data/ files equal the generator output for the default anchor', () => {
        const expected = renderAll(DEFAULT_ANCHOR);
        for (const [rel, text] of Object.entries(expected)) {
            const file = path.join(repoData, rel);
            expect(fs.existsSync(file)).toBe(true);
            // A mismatch means someone edited data/ by hand or changed the stories without regenerating:
            // run `npx tsx scripts/demo/generate.ts`.
            expect({ file: rel, text: fs.readFileSync(file, 'utf8') }).toEqual({ file: rel, text });
        }
        const committed = [
            ...fs.readdirSync(repoData).filter((f) => f.endsWith('.json')),
            ...fs.readdirSync(path.join(repoData, 'demo')).map((f) => `demo/${f}`)
        ].sort();
        expect(committed).toEqual(Object.keys(expected).sort());
    });

    it('is deterministic and moves every date with the anchor', () => {
        const a = buildDemo('2026-11-20');
        expect(buildDemo('2026-11-20')).toEqual(a);
        const b = buildDemo('2026-11-30');
        const firstTask = (d: typeof a) => d.objects.Task![0]!;
        expect(firstTask(a).ActivityDate).toBe('2026-03-10');
        expect(firstTask(b).ActivityDate).toBe('2026-03-20');
        expect(b.manifest.asOf).toBe('2026-11-30');
    });

    it('tells every band and lifecycle story the issue asks for', () => {
        const { manifest, objects } = buildDemo(DEFAULT_ANCHOR);
        const bands = new Set(manifest.accounts.map((a) => a.intended.band));
        const stages = new Set(manifest.accounts.map((a) => a.intended.lifecycle));
        expect([...bands].sort()).toEqual(['Green', 'Red', 'Unknown', 'Yellow']);
        expect([...stages].sort()).toEqual(['Cold', 'First Transaction', 'Hello', 'Warm']);
        const signals = manifest.accounts.flatMap((a) => a.intended.signals);
        for (const s of [
            'open Sev1',
            'champion missing',
            'late payment',
            'usage falling',
            'expansion ready',
            'decision maker cold',
            'escalation',
            'churned'
        ]) {
            expect(signals).toContain(s);
        }
        const severities = new Set(objects.Case!.map((c) => c.Severity__c));
        expect([...severities].sort()).toEqual(['Sev1', 'Sev2', 'Sev3', 'Sev4']);
        expect(objects.Case!.some((c) => c.Severity__c === 'Sev1' && c.IsClosed === false)).toBe(true);
        const roles = new Set(objects.Contact!.map((c) => c.Buying_Role__c));
        expect(roles).toEqual(new Set(['Decision Maker', 'Approver', 'Influencer', 'User', null]));
        expect(objects.Opportunity!.some((o) => o.Type === 'Renewal' && o.IsClosed === false)).toBe(true);
        expect(objects.User!.filter((u) => u.ManagerId !== null)).toHaveLength(3);
        // About nine months of activity history.
        const dates = [...objects.Task!, ...objects.Event!].map((r) => String(r.ActivityDate)).sort();
        expect(dates[0]! <= '2026-03-01').toBe(true);
    });

    it('keeps every dataset file in the docs/dataset-format.md shape', () => {
        const { objects } = buildDemo(DEFAULT_ANCHOR);
        const ids = new Set(Object.values(objects).flatMap((rs) => rs.map((r) => r.Id)));
        expect(ids.size).toBe(Object.values(objects).reduce((n, rs) => n + rs.length, 0));
        for (const id of ids) expect(String(id)).toMatch(/^[a-zA-Z0-9]{18}$/);
        const accountIds = new Set(objects.Account!.map((a) => a.Id));
        const contactIds = new Set(objects.Contact!.map((c) => c.Id));
        for (const object of ['Contact', 'Opportunity', 'Case', 'Task', 'Event']) {
            for (const r of objects[object]!) expect(accountIds.has(r.AccountId!)).toBe(true);
        }
        for (const r of [...objects.Product_Usage__c!, ...objects.Account_Health_Snapshot__c!]) {
            expect(accountIds.has(r.Account__c!)).toBe(true);
        }
        for (const r of [...objects.Task!, ...objects.Event!]) {
            if (r.WhoId !== null) expect(contactIds.has(r.WhoId!)).toBe(true);
        }
        for (const r of objects.Task!) expect(r.ActivityDate ?? r.CompletedDateTime).toBeTruthy();
        for (const r of objects.Event!) expect(r.EndDateTime).toBeTruthy();
        const usageKeys = objects.Product_Usage__c!.map((u) => u.Usage_Key__c);
        expect(new Set(usageKeys).size).toBe(usageKeys.length);
    });

    it('writes only tree-importable fields and resolvable references to the plan', () => {
        const demo = buildDemo(DEFAULT_ANCHOR);
        const tree = toTreeImport(demo);
        const saved = new Set<string>();
        for (const step of tree.plan) {
            for (const name of step.files) {
                const records = tree.files[name]!.records;
                expect(records.length).toBeLessThanOrEqual(200);
                for (const record of records) {
                    const { attributes, ...fields } = record as Record<string, unknown> & {
                        attributes: { type: string; referenceId: string };
                    };
                    expect(attributes.type).toBe(step.sobject);
                    for (const field of Object.keys(fields))
                        expect(TREE_FIELDS[step.sobject]).toContain(field);
                    for (const value of Object.values(fields)) {
                        if (typeof value === 'string' && value.startsWith('@'))
                            expect(saved.has(value.slice(1))).toBe(true);
                    }
                    if (step.saveRefs) saved.add(attributes.referenceId);
                }
            }
        }
        expect(tree.plan.map((s) => s.sobject)).toEqual(Object.keys(TREE_FIELDS));
        expect(tree.files['Account.json']!.records).toHaveLength(demo.objects.Account!.length);
    });

    it('re-anchors into another directory from the command line options', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-'));
        const written = generate(parseArgs(['--anchor', '2027-01-15', '--data-dir', dir]));
        expect(written).toContain('data-plan.json');
        const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'demo', 'dataset.json'), 'utf8'));
        expect(manifest.asOf).toBe('2027-01-15');
    });

    it('rejects a bad anchor or option with a fix-it hint', () => {
        expect(() => parseAnchor('2026-02-30')).toThrow(/DEMO_BAD_ANCHOR/);
        expect(() => parseArgs(['--anchor'])).toThrow(/DEMO_MISSING_VALUE/);
        expect(() => parseArgs(['--out', 'x'])).toThrow(/DEMO_UNKNOWN_OPTION/);
    });
});
