import { DEFAULT_MODEL_CONFIG } from '../engine';
import { engineKeyRules, engineScorer } from './engineScorer';
import { groupByAccount, recordsAsOf } from './history';
import { generateSynthetic } from './synthetic';

describe('engineScorer', () => {
    const portfolio = generateSynthetic({ accounts: 5, seed: 3 });
    const accounts = groupByAccount(portfolio.records);
    const truth = portfolio.truth[0]!;
    const asOf = '2024-11-01';
    const records = recordsAsOf(accounts.get(truth.accountId)!, asOf);
    // scored per test (not while the tests are collected), so mutation testing sees which tests cover it
    let result: ReturnType<typeof engineScorer>;
    beforeEach(() => {
        result = engineScorer(records, asOf, { ...DEFAULT_MODEL_CONFIG });
    });

    it('returns the score, band, subscores and drivers that add up to the score', () => {
        expect(result.score).not.toBeNull();
        expect(result.drivers!.reduce((sum, d) => sum + d.points, 0)).toBe(result.score);
        expect(result.subscores.usage).not.toBeNull();
    });

    it("tags the decision maker's contact part apart from the other contacts'", () => {
        const codes = result.drivers!.map((d) => d.code);
        expect(codes.filter((c) => c === 'CONTACT_DECISION_MAKER')).toHaveLength(1);
        expect(codes).toContain('CONTACT');
        for (const d of result.drivers!)
            if (d.code.startsWith('CONTACT')) expect(d.dimension).toBe('relationship');
    });

    it('exposes every numeric configuration rule for the learned model', () => {
        expect(engineKeyRules.halfLifeDays).toEqual({ min: 0, exclusiveMin: true });
        expect(engineKeyRules.capSlope).toEqual({ min: 0, max: 1, exclusiveMin: true });
        expect(engineKeyRules.calibrationSlope).toEqual({ min: 0, max: 20 });
        expect('version' in engineKeyRules).toBe(true);
        expect(engineKeyRules.version).toBeUndefined();
    });
});
