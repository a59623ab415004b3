// Pins fit.ts with cases whose answers are known in closed form: a saturated logistic model (one coefficient
// per group) recovers each group's log-odds exactly, zero iterations leave the base rate, largest-remainder
// rounding, and band thresholds worked out by hand from the rules in suggestThresholds' documentation.
import { fitDimensionWeights, fitLogistic, plattMapping, roundToTotal, suggestThresholds } from './fit';

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const entropy = (p: number) => -(p * Math.log(p) + (1 - p) * Math.log(1 - p));

/** `count` rows of `row`, the first `renewed` of them renewed. */
function group(row: number[], count: number, renewed: number) {
    return Array.from({ length: count }, (_, i) => ({ row, label: i < renewed }));
}
function split(rows: { row: number[]; label: boolean }[]) {
    return { features: rows.map((r) => r.row), labels: rows.map((r) => r.label) };
}

describe('fitLogistic: exact answers', () => {
    it('refuses an empty or mismatched training set', () => {
        expect(() => fitLogistic([], [])).toThrow(
            new RangeError('fitLogistic: need one label per feature row')
        );
        expect(() => fitLogistic([[1]], [true, false])).toThrow(RangeError);
    });

    it('starts at the base rate with zero coefficients (zero iterations)', () => {
        const { features, labels } = split([...group([0.2], 3, 3), ...group([0.9], 1, 0)]);
        const fit = fitLogistic(features, labels, { maxIterations: 0 });
        expect(fit.intercept).toBeCloseTo(logit(0.75), 12);
        expect(fit.coefficients).toEqual([0]);
        expect(fit.iterations).toBe(0);
        expect(fit.converged).toBe(false);
        expect(fit.logLoss).toBeCloseTo(entropy(0.75), 12);
    });

    it('recovers each group log-odds in a saturated model without penalty', () => {
        // groups (0,0): 1 of 4 renew; (1,0): 3 of 4; (0,1): 4 of 5
        const { features, labels } = split([
            ...group([0, 0], 4, 1),
            ...group([1, 0], 4, 3),
            ...group([0, 1], 5, 4)
        ]);
        const fit = fitLogistic(features, labels, { l2: 0 });
        expect(fit.converged).toBe(true);
        expect(fit.iterations).toBeGreaterThan(0);
        expect(fit.iterations).toBeLessThan(50);
        expect(fit.intercept).toBeCloseTo(logit(0.25), 6);
        expect(fit.coefficients[0]).toBeCloseTo(logit(0.75) - logit(0.25), 6);
        expect(fit.coefficients[1]).toBeCloseTo(logit(0.8) - logit(0.25), 6);
        // the mean log-loss of a saturated model is the size-weighted mean entropy of its groups
        expect(fit.logLoss).toBeCloseTo((4 * entropy(0.25) + 4 * entropy(0.75) + 5 * entropy(0.8)) / 13, 9);
    });

    it('keeps the intercept free (negative) under the sign constraint and holds a harmful feature at zero', () => {
        // the feature lowers renewal: 3 of 4 renew without it, 1 of 4 with it
        const { features, labels } = split([...group([0], 4, 3), ...group([1], 4, 1)]);
        const constrained = fitLogistic(features, labels, { l2: 0 });
        expect(constrained.coefficients).toEqual([0]);
        expect(constrained.intercept).toBeCloseTo(0, 6); // base rate 1/2
        expect(constrained.converged).toBe(true);
        const free = fitLogistic(features, labels, { l2: 0, nonNegative: false });
        expect(free.intercept).toBeCloseTo(logit(0.75), 6);
        expect(free.coefficients[0]).toBeCloseTo(logit(0.25) - logit(0.75), 6);
        // an all-losses-heavy base rate gives a negative intercept even when constrained
        const low = split([...group([0], 6, 1), ...group([1], 6, 1)]);
        expect(fitLogistic(low.features, low.labels, { l2: 0 }).intercept).toBeCloseTo(logit(1 / 6), 6);
    });

    it('shrinks coefficients by the L2 penalty (default 1e-3) to where the penalised gradient is zero', () => {
        const { features, labels } = split([...group([0], 10, 3), ...group([1], 10, 8)]);
        const check = (l2: number | undefined) => {
            const fit = fitLogistic(features, labels, l2 === undefined ? {} : { l2 });
            const b = fit.coefficients[0] as number;
            const p = features.map((row) => sigmoid(fit.intercept + b * (row[0] as number)));
            const gIntercept = p.reduce((s, pi, i) => s + pi - (labels[i] ? 1 : 0), 0) / 20;
            const gSlope =
                p.reduce((s, pi, i) => s + (pi - (labels[i] ? 1 : 0)) * (features[i]![0] as number), 0) / 20;
            expect(Math.abs(gIntercept)).toBeLessThan(1e-8); // the intercept is not penalised
            expect(Math.abs(gSlope + (l2 ?? 1e-3) * b)).toBeLessThan(1e-8);
            return b;
        };
        const unpenalised = logit(0.8) - logit(0.3);
        const byDefault = check(undefined);
        expect(byDefault).toBeLessThan(unpenalised);
        expect(byDefault).toBeGreaterThan(unpenalised - 0.05);
        const strong = check(1);
        expect(strong).toBeLessThan(byDefault - 0.5);
        expect(strong).toBeGreaterThan(0);
    });

    it('stops early at a loose tolerance and after maxIterations', () => {
        const { features, labels } = split([...group([0], 10, 3), ...group([1], 10, 8)]);
        const exact = fitLogistic(features, labels, { l2: 0 });
        const loose = fitLogistic(features, labels, { l2: 0, tolerance: 1 });
        expect(loose.converged).toBe(true);
        expect(loose.iterations).toBe(0);
        const one = fitLogistic(features, labels, { l2: 0, maxIterations: 1 });
        expect(one.iterations).toBe(1);
        expect(one.converged).toBe(false);
        expect(one.logLoss).toBeLessThan(entropy(11 / 20));
        expect(one.logLoss).toBeGreaterThan(exact.logLoss);
    });
});

describe('plattMapping', () => {
    it('maps a score to the renewal rate of the scores like it', () => {
        const scores = [...Array(8).fill(0), ...Array(8).fill(100)] as number[];
        const renewed = [
            ...[true, true, false, false, false, false, false, false],
            ...[true, true, true, true, true, true, false, false]
        ];
        const map = plattMapping(scores, renewed);
        expect(map(0)).toBeCloseTo(0.25, 3);
        expect(map(100)).toBeCloseTo(0.75, 3);
        expect(map(50)).toBeCloseTo(0.5, 3); // halfway in log-odds
        expect(map(80)).toBeGreaterThan(map(60));
    });
});

describe('fitDimensionWeights', () => {
    it('returns null for no rows and when nothing predicts the outcome', () => {
        expect(fitDimensionWeights([])).toBeNull();
        const rows = [
            { dimensions: [20, 80], renewed: true },
            { dimensions: [80, 20], renewed: false }
        ];
        expect(fitDimensionWeights(rows, { maxIterations: 0 })).toBeNull(); // options reach the fit
    });

    it('imputes a missing subscore with the mean of the present ones (50 when none), and counts rows', () => {
        const rows = [
            { dimensions: [0, null, null], renewed: false },
            { dimensions: [100, 40, null], renewed: true },
            { dimensions: [0, 80, null], renewed: false },
            { dimensions: [100, null, null], renewed: true },
            { dimensions: [0, null, null], renewed: true },
            { dimensions: [100, 60, null], renewed: false }
        ];
        const fit = fitDimensionWeights(rows);
        expect(fit).not.toBeNull();
        expect(fit!.imputed).toEqual([50, 60, 50]);
        expect(fit!.rows).toBe(6);
    });

    it('turns positive coefficients into weights in proportion, one decimal, summing to exactly 100', () => {
        const rows = [...group([0, 0], 20, 4), ...group([100, 0], 20, 12), ...group([0, 100], 20, 8)].map(
            ({ row, label }) => ({ dimensions: row, renewed: label })
        );
        const fit = fitDimensionWeights(rows, { l2: 0 })!;
        // saturated: coefficients per 100 points are the log-odds differences from the (0,0) group
        const a = logit(0.6) - logit(0.2);
        const b = logit(0.4) - logit(0.2);
        expect(fit.coefficients[0]).toBeCloseTo(a, 6);
        expect(fit.coefficients[1]).toBeCloseTo(b, 6);
        expect(fit.intercept).toBeCloseTo(logit(0.2), 6);
        expect(fit.converged).toBe(true);
        expect(fit.weights).toEqual(roundToTotal([(100 * a) / (a + b), (100 * b) / (a + b)], 100, 1));
        expect(fit.weights[0]! + fit.weights[1]!).toBeCloseTo(100, 9);
        expect(fit.weights[0]).toBeCloseTo((100 * a) / (a + b), 1);
    });
});

describe('roundToTotal (largest remainder)', () => {
    it('gives the missing units to the largest remainders', () => {
        expect(roundToTotal([12.37, 56.71, 30.92], 100, 1)).toEqual([12.4, 56.7, 30.9]);
        expect(roundToTotal([100 / 3, 100 / 3, 100 / 3], 100, 1)).toEqual([33.4, 33.3, 33.3]);
        expect(roundToTotal([0.5, 0.5], 1, 0)).toEqual([1, 0]);
        expect(roundToTotal([2.6, 1.7, 0.7], 5, 0)).toEqual([2, 2, 1]); // remainders 0.6, 0.7, 0.7
    });

    it('changes nothing when the values already add up, and never takes units away', () => {
        expect(roundToTotal([50, 50], 100, 1)).toEqual([50, 50]);
        expect(roundToTotal([60, 60], 100, 0)).toEqual([60, 60]);
    });
});

describe('suggestThresholds: worked by hand', () => {
    // 20 accounts at 80 (all renew), 20 at 60 (10 renew), 20 at 30 (2 renew)
    const scores = [...Array(20).fill(80), ...Array(20).fill(60), ...Array(20).fill(30)] as number[];
    const renewedBy = (at80: number, at60: number, at30: number) => [
        ...Array.from({ length: 20 }, (_, i) => i < at80),
        ...Array.from({ length: 20 }, (_, i) => i < at60),
        ...Array.from({ length: 20 }, (_, i) => i < at30)
    ];
    const current = { redThreshold: 40, greenThreshold: 70 };

    it('puts Green just above the middle group and Red just above the bottom group', () => {
        const s = suggestThresholds(scores, renewedBy(20, 10, 2), current);
        // >= 61: 20 accounts, all renew (90% with one standard error to spare); >= 31 renews 75% only
        expect(s.greenThreshold).toBe(61);
        // Red from 31 to 51 separates all 18 bottom losses: J = 18/28 + 30/32 - 1; the lowest such cut
        expect(s.redThreshold).toBe(31);
        expect(s.notes).toEqual([
            'Green from 61: the lowest score whose accounts renewed at 90% or more in the training period, by one standard error (the largest top band that still renews at that rate).',
            'Red below 31: at least 10 points under Green, the cut that best separates losses from renewals in the training period (Youden J 0.58).'
        ]);
    });

    it('needs the rate with one standard error to spare: 18 of 20 (90%) is not enough, 19 of 20 is', () => {
        const kept = suggestThresholds(scores, renewedBy(18, 10, 2), current);
        expect(kept.greenThreshold).toBe(70);
        expect(kept.notes[0]).toBe(
            'No threshold gave a top band renewing at 90% or more with enough accounts; Green kept at 70.'
        );
        // 19/20 = 0.95, minus sqrt(0.95 * 0.05 / 20) = 0.049 is 0.901
        expect(suggestThresholds(scores, renewedBy(19, 10, 2), current).greenThreshold).toBe(61);
    });

    it('needs at least 10 accounts (and 5% of them) in the top band', () => {
        const few = [...Array(9).fill(90), ...Array(40).fill(50)] as number[];
        const renewed = [
            ...Array(9).fill(true),
            ...Array.from({ length: 40 }, (_, i) => i < 20)
        ] as boolean[];
        expect(suggestThresholds(few, renewed, current).greenThreshold).toBe(70);
        const ten = [...Array(10).fill(90), ...Array(40).fill(50)] as number[];
        const renewedTen = [
            ...Array(10).fill(true),
            ...Array.from({ length: 40 }, (_, i) => i < 20)
        ] as boolean[];
        expect(suggestThresholds(ten, renewedTen, current).greenThreshold).toBe(51);
        // 5% of 400 = 20 accounts: 19 renewing at 95 are too few
        const many = [...Array(19).fill(95), ...Array(381).fill(50)] as number[];
        const renewedMany = [
            ...Array(19).fill(true),
            ...Array.from({ length: 381 }, (_, i) => i < 190)
        ] as boolean[];
        expect(suggestThresholds(many, renewedMany, current).greenThreshold).toBe(70);
    });

    it('takes the target renewal rate as a parameter', () => {
        // at 50%: >= 31 renews 30/40 = 75% (minus 6.8 points), the first cut above the bottom group
        const s = suggestThresholds(scores, renewedBy(20, 10, 2), current, 0.5);
        expect(s.greenThreshold).toBe(31);
        expect(s.notes[0]).toContain('renewed at 50% or more');
        // no cut from 5 to 21 separates anything (J = 0): the lowest one
        expect(s.redThreshold).toBe(5);
        expect(s.notes[1]).toContain('(Youden J 0.00)');
    });

    it('keeps both thresholds with one kind of outcome, and says n/a when Red has no room', () => {
        expect(suggestThresholds([10, 90], [true, true], current)).toEqual({
            ...current,
            notes: ['Only one kind of outcome in the training period: thresholds kept as they are.'],
            greenFound: false
        });
        expect(suggestThresholds([10, 90], [false, false], current).greenThreshold).toBe(70);
        const tight = suggestThresholds([10, 12, 14], [true, false, true], {
            redThreshold: 5,
            greenThreshold: 12
        });
        expect(tight.greenThreshold).toBe(12);
        expect(tight.redThreshold).toBe(2);
        expect(tight.notes[1]).toBe(
            'Red below 2: at least 10 points under Green, the cut that best separates losses from renewals in the training period (Youden J n/a).'
        );
    });
});
