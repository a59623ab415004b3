// MODEL.md v2 property 15, on a realistic portfolio: the independent churn world (scripts/validation/churnWorld.ts),
// whose churn comes from mechanisms the engine does not copy. The learned model is fitted on the first 70% of
// the outcomes in time and its bands are judged on the 30% it never saw, as `health-score backtest --fit` does.
// Seed 1 is a tuning seed (the model was designed on seeds 1-2): this test pins the property in place so a
// change that breaks it fails here; the claim itself is measured on fresh seeds (npm run bench:model,
// docs/validation.md).
import { DEFAULT_MODEL_CONFIG, parseModelConfig } from '../engine';
import { GREEN_TARGET_RENEWAL, GREEN_TARGET_SHARE, runBacktest } from './backtest';
import { generateChurnWorld } from './churnWorld';
import { engineKeyRules, engineScorer } from './engineScorer';

describe('v2 property 15: on a realistic portfolio the bands separate', () => {
    const run = runBacktest({
        dataset: generateChurnWorld({ accounts: 3000, seed: 1 }).records,
        scorer: engineScorer,
        config: { ...DEFAULT_MODEL_CONFIG },
        horizons: [60, 90],
        fit: true,
        fittedOn: '2026-01-01',
        keyRules: engineKeyRules,
        validateConfig: (config) => parseModelConfig(config, 'fitted')
    });
    const heldOut = run.report.fit?.heldOut ?? [];

    it('is measured on held-out outcomes at 60 and 90 days', () => {
        expect(heldOut.map((h) => h.horizonDays)).toEqual([60, 90]);
        for (const h of heldOut) expect(h.renewed + h.lost).toBeGreaterThan(800);
    });

    it.each([60, 90])(
        'property 15 at %i days: the top band renews at 90%% or more AND holds at least half of the accounts that renew',
        (days) => {
            const green = heldOut.find((h) => h.horizonDays === days)?.fittedGreen;
            expect(green?.renewalRate.estimate).toBeGreaterThanOrEqual(GREEN_TARGET_RENEWAL);
            expect(green?.shareOfRenewals).toBeGreaterThanOrEqual(GREEN_TARGET_SHARE);
        }
    );

    it.each([60, 90])(
        'property 15 at %i days: the bottom band renews markedly less than the middle',
        (days) => {
            const bands = heldOut.find((h) => h.horizonDays === days)?.fittedBands ?? [];
            const rate = (band: string) => bands.find((b) => b.band === band);
            const red = rate('Red');
            const yellow = rate('Yellow');
            // "markedly": at least 10 points apart, with enough accounts in each band to mean something
            expect(red?.count).toBeGreaterThanOrEqual(50);
            expect(yellow?.count).toBeGreaterThanOrEqual(50);
            expect((yellow?.renewalRate ?? 0) - (red?.renewalRate ?? 1)).toBeGreaterThanOrEqual(0.1);
        }
    );
});
