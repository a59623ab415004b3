// The demo portfolio is only useful if each account shows the story it was written for. This scores the
// committed dataset with the engine (default model) and compares band and lifecycle with the manifest.
// When the model changes on purpose and a story no longer holds, adjust the story in stories.ts and
// regenerate (`npx tsx scripts/demo/generate.ts`), rather than the expectation.

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
});
