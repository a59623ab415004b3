// The window and cap search's AUC (backtest.ts searchGate's evaluate): an Unknown scoring is left out, not counted
// as another row's score (found by mutation testing: with a criterion of 1 either way, the one case in
// backtest.search.test.ts could not tell).
import { searchGate, type BacktestRow, type ScoreAtDate } from './backtest';

const NO_SUBSCORES = { usage: null, relationship: null, support: null, commercial: null };
const at = (score: number | null, band = 'Yellow'): ScoreAtDate => ({ score, band, subscores: NO_SUBSCORES });

describe('searchGate: the AUC a configuration is measured by', () => {
    it('leaves an Unknown scoring out of the AUC', () => {
        const renewed = [true, true, true, false];
        const rows = renewed.map((r, i) => ({
            outcome: { accountId: `a${i}`, date: '2025-06-01', renewed: r, source: 'renewal' },
            horizonDays: 60,
            asOf: '2025-04-02',
            result: at(50),
            features: []
        })) as unknown as BacktestRow[];
        // scored: renewals at 80 and 20, the loss at 50: one of the two pairs in order, AUC 0.5. (Counting the
        // Unknown as a second renewal at 80 would give 2 of 3.)
        const results = [at(null, 'Unknown'), at(80), at(20), at(50)];
        const gate = searchGate<{ name: string }>(rows, () => results, 1);
        expect(gate.evaluate({ name: 'a' })).toBe(0.5);
    });
});
