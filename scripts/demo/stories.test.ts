// The demo portfolio is only useful if each account shows the story it was written for. This scores the
// committed dataset with the engine (default model) and compares band and lifecycle with the manifest.
// When the model changes on purpose and a story no longer holds, adjust the story in stories.ts and
// regenerate (`npx tsx scripts/demo/generate.ts`), rather than the expectation.

import fs from 'node:fs';
import path from 'node:path';
import { scoreDataset } from '../dataset/reader';
import { DEFAULT_MODEL_CONFIG } from '../engine/config';
import manifest from '../../data/demo/dataset.json';

describe('demo stories under the default model', () => {
    it('gives every account the band and lifecycle its story intends', async () => {
        const scored = await scoreDataset(
            path.join(__dirname, '..', '..', 'data', 'demo'),
            DEFAULT_MODEL_CONFIG,
            manifest.asOf
        );
        const got = [...scored.results()].map((r) => `${r.name}: ${r.band}, ${r.lifecycle}`);
        const intended = manifest.accounts.map(
            (a) => `${a.name}: ${a.intended.band}, ${a.intended.lifecycle}`
        );
        expect(got).toEqual(intended);
    });

    it('shows the signals the stories are about', async () => {
        const scored = await scoreDataset(
            path.join(__dirname, '..', '..', 'data', 'demo'),
            DEFAULT_MODEL_CONFIG,
            manifest.asOf
        );
        const byName = new Map([...scored.results()].map((r) => [r.name, r]));
        expect(byName.get('Northwind Logistics')!.expansionReady).toBe(true);
        expect(byName.get('Maple Education')!.divergence).not.toBeNull();
        expect(byName.get('Granite Construction')!.scoreDropAlert).toBe(true);
        expect(byName.get('Orion Manufacturing')!.criticalRisk).toMatch(/Champion/);
        expect(byName.get('Pinecrest Insurance')!.criticalRisk).toMatch(/past due/);
        expect(byName.get('Cedar Analytics')!.criticalRisk).toMatch(/Decision maker/);
        expect(byName.get('Summit Retail Group')!.caps.some((c) => /Sev1/.test(JSON.stringify(c)))).toBe(
            true
        );
    });

    it('has an account hierarchy and one active manual override (issue 17), which the engine applies', async () => {
        const folder = path.join(__dirname, '..', '..', 'data', 'demo');
        const accounts = JSON.parse(fs.readFileSync(path.join(folder, 'Account.json'), 'utf8')) as {
            Id: string;
            Name: string;
            ParentId: string | null;
        }[];
        const nameOf = new Map(accounts.map((a) => [a.Id, a.Name]));
        const parents = accounts
            .filter((a) => a.ParentId)
            .map((a) => `${a.Name} < ${nameOf.get(a.ParentId as string) ?? '?'}`);
        expect(parents).toEqual([
            'Cedar Analytics < Northwind Logistics',
            'Summit Retail Group < Northwind Logistics',
            'Pinecrest Insurance < Cedar Analytics'
        ]);
        const overrides = JSON.parse(
            fs.readFileSync(path.join(folder, 'Health_Override__c.json'), 'utf8')
        ) as {
            Status__c: string;
            Expires_On__c: string;
        }[];
        expect(
            overrides.filter((o) => o.Status__c === 'Active' && o.Expires_On__c >= manifest.asOf)
        ).toHaveLength(1);
        const scored = await scoreDataset(folder, DEFAULT_MODEL_CONFIG, manifest.asOf);
        const harbor = [...scored.results()].find((r) => r.name === 'Harbor Media');
        expect(harbor?.override?.setBy).toBe('Dana Ortiz');
        expect(harbor?.drivers.find((d) => d.code === 'OVERRIDE')?.label).toMatch(
            /^Override by Dana Ortiz until /
        );
    });
});
