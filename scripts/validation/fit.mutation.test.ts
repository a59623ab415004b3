// Pins fit.ts where fit.pinning.test.ts does not reach (issue 13, mutation testing), with answers known in
// closed form: rows the model already predicts with certainty (a linear predictor far beyond the range of
// Math.exp) change nothing and overflow nothing; a training set of one kind starts from the clamped base rate
// and ends finite.
import { fitDimensionWeights, fitLogistic, suggestThresholds } from './fit';

const logit = (p: number) => Math.log(p / (1 - p));
const entropy = (p: number) => -(p * Math.log(p) + (1 - p) * Math.log(1 - p));

/** `count` rows of `row`, the first `renewed` of them renewed. */
function group(row: number[], count: number, renewed: number) {
    return Array.from({ length: count }, (_, i) => ({ row, label: i < renewed }));
}
function split(rows: { row: number[]; label: boolean }[]) {
    return { features: rows.map((r) => r.row), labels: rows.map((r) => r.label) };
}

describe('fitLogistic: numerically safe at the extremes', () => {
    it('ignores a renewal and a loss far out along the feature, whose linear predictor is beyond +-700', () => {
        // groups x = 0: 1 of 4 renew, x = 1: 3 of 4; plus a renewal at x = 1000 and a loss at x = -1000, which a
        // positive slope predicts with certainty (their log-likelihood is 0 to machine precision)
        const { features, labels } = split([
            ...group([0], 4, 1),
            ...group([1], 4, 3),
            { row: [1000], label: true },
            { row: [-1000], label: false }
        ]);
        const fit = fitLogistic(features, labels, { l2: 0 });
        expect(fit.converged).toBe(true);
        expect(fit.intercept).toBeCloseTo(logit(0.25), 8);
        expect(fit.coefficients[0]).toBeCloseTo(logit(0.75) - logit(0.25), 8);
        // the mean over 10 rows of the two groups' entropies (8 rows) and two zeros
        expect(fit.logLoss).toBeCloseTo((8 * entropy(0.25)) / 10, 9);
    });

    it('starts a one-kind training set at the base rate clamped to 1e-6 from 0 and 1, and ends finite', () => {
        const clamped = Math.log((1 - 1e-6) / 1e-6);
        const renewedOnly = fitLogistic([[0], [1]], [true, true], { maxIterations: 0 });
        expect(renewedOnly.intercept).toBeCloseTo(clamped, 9);
        expect(renewedOnly.logLoss).toBeCloseTo(-Math.log(1 - 1e-6), 12);
        const lostOnly = fitLogistic([[0], [1]], [false, false], { maxIterations: 0 });
        expect(lostOnly.intercept).toBeCloseTo(-clamped, 9);
        for (const labels of [
            [true, true],
            [false, false]
        ]) {
            const fit = fitLogistic([[0], [1]], labels);
            expect(fit.converged).toBe(true);
            // pushed on until the gradient (1 - p) is below the 1e-9 tolerance: |intercept| about 20.7
            expect(Math.abs(fit.intercept)).toBeGreaterThan(-Math.log(1e-9) - 0.1);
            expect(Math.abs(fit.intercept)).toBeLessThan(-Math.log(1e-9) + 1);
            expect(fit.logLoss).toBeLessThan(1e-8);
            expect(fit.coefficients[0]).toBeGreaterThanOrEqual(0);
            expect(fit.coefficients[0]).toBeLessThan(1e-6);
        }
    });

    it('backtracks a Newton step that overshoots and still ends at the penalised optimum', () => {
        // two separable groups 10 apart with a light penalty: the full Newton step from the base rate overshoots.
        // By symmetry the fitted line crosses 1/2 halfway (intercept = -5 slope), and the penalised gradient is 0.
        const features = [[0], [0], [10], [10]];
        const labels = [false, false, true, true];
        const fit = fitLogistic(features, labels, { l2: 1e-3 });
        const b = fit.coefficients[0] as number;
        expect(fit.converged).toBe(true);
        expect(fit.intercept).toBeCloseTo(-5 * b, 8);
        const p = features.map(([x]) => 1 / (1 + Math.exp(-(fit.intercept + b * (x as number)))));
        const gIntercept = p.reduce((s, pi, i) => s + pi - (labels[i] ? 1 : 0), 0) / 4;
        const gSlope =
            p.reduce((s, pi, i) => s + (pi - (labels[i] ? 1 : 0)) * (features[i]![0] as number), 0) / 4;
        expect(Math.abs(gIntercept)).toBeLessThan(1e-9);
        expect(Math.abs(gSlope + 1e-3 * b)).toBeLessThan(1e-9);
        expect(b).toBeGreaterThan(1);
        expect(b).toBeLessThan(2);
    });
});

describe('suggestThresholds and fitDimensionWeights at their edges', () => {
    const current = { redThreshold: 40, greenThreshold: 70 };

    it('keeps both thresholds when every outcome is a loss', () => {
        expect(suggestThresholds([10, 50, 90], [false, false, false], current)).toEqual({
            ...current,
            notes: ['Only one kind of outcome in the training period: thresholds kept as they are.'],
            greenFound: false
        });
    });

    it('tries Green up to 100, and accepts a rate exactly at the target', () => {
        // 20 at 100 all renew, 20 at 99 half renew: only the cut at 100 renews at 90% or more
        const scores = [...Array(20).fill(100), ...Array(20).fill(99)] as number[];
        const renewed = [
            ...Array(20).fill(true),
            ...Array.from({ length: 20 }, (_, i) => i < 10)
        ] as boolean[];
        const s = suggestThresholds(scores, renewed, current);
        expect(s.greenThreshold).toBe(100);
        expect(s.greenFound).toBe(true);
        // a band that all renews meets a target of 100% exactly (no standard error when every account renews)
        expect(suggestThresholds(scores, renewed, current, 1).greenThreshold).toBe(100);
    });

    it('counts a renewal scored exactly on a Red cut as at or above it', () => {
        // 10 losses at 29; at 30, 10 renewals and 2 losses; at 45, 10 of 20 renew; 20 renewals at 90 (Green from 46).
        // Red at 30: J = 10/22 + 40/40 - 1 = 0.455; at 31: 12/22 + 30/40 - 1 = 0.295
        const scores = [
            ...Array(10).fill(29),
            ...Array(12).fill(30),
            ...Array(20).fill(45),
            ...Array(20).fill(90)
        ] as number[];
        const renewed = [
            ...Array(10).fill(false),
            ...Array.from({ length: 12 }, (_, i) => i < 10),
            ...Array.from({ length: 20 }, (_, i) => i < 10),
            ...Array(20).fill(true)
        ] as boolean[];
        const s = suggestThresholds(scores, renewed, current);
        expect(s.greenThreshold).toBe(46);
        expect(s.redThreshold).toBe(30);
        expect(s.notes[1]).toContain('(Youden J 0.45)');
    });

    it('imputes a subscore missing from a shorter row with the mean of the present ones', () => {
        const rows = [
            { dimensions: [0, 40], renewed: false },
            { dimensions: [100, 60], renewed: true },
            { dimensions: [0], renewed: false },
            { dimensions: [100], renewed: true }
        ];
        expect(fitDimensionWeights(rows)?.imputed).toEqual([50, 50]);
    });
});
