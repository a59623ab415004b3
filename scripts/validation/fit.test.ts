import { fitDimensionWeights, fitLogistic, plattMapping, roundToTotal, suggestThresholds } from './fit';
import { Random } from './random';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function simulate(coefficients: number[], intercept: number, n: number, seed: number) {
    const random = new Random(seed);
    const features = Array.from({ length: n }, () => coefficients.map(() => random.next()));
    const labels = features.map((row) =>
        random.chance(sigmoid(intercept + row.reduce((z, x, j) => z + (coefficients[j] as number) * x, 0)))
    );
    return { features, labels };
}

describe('fitLogistic', () => {
    it('recovers known coefficients from simulated outcomes', () => {
        const { features, labels } = simulate([3, 0.5, 1.5], -1, 20000, 1);
        const fit = fitLogistic(features, labels, { l2: 0 });
        expect(fit.converged).toBe(true);
        expect(fit.intercept).toBeCloseTo(-1, 0);
        expect(fit.coefficients[0]).toBeGreaterThan(2.6);
        expect(fit.coefficients[0]).toBeLessThan(3.4);
        expect(fit.coefficients[2]).toBeGreaterThan(1.2);
        expect(fit.coefficients[2]).toBeLessThan(1.8);
    });

    it('holds a coefficient whose true effect is negative at zero, and satisfies the KKT conditions', () => {
        const { features, labels } = simulate([2, -2, 1], 0, 10000, 2);
        const l2 = 1e-3;
        const fit = fitLogistic(features, labels, { l2 });
        expect(fit.coefficients[1]).toBe(0);
        expect(fit.coefficients[0]).toBeGreaterThan(1);
        // gradient of the penalised loss: zero on free coefficients, >= 0 on those held at zero
        const n = features.length;
        const gradient = [0, 0, 0];
        features.forEach((row, i) => {
            const p = sigmoid(
                fit.intercept + row.reduce((z, x, j) => z + (fit.coefficients[j] as number) * x, 0)
            );
            row.forEach(
                (x, j) => (gradient[j] = (gradient[j] as number) + ((p - (labels[i] ? 1 : 0)) * x) / n)
            );
        });
        gradient.forEach((g, j) => {
            const total = g + l2 * (fit.coefficients[j] as number);
            if ((fit.coefficients[j] as number) > 0) expect(Math.abs(total)).toBeLessThan(1e-6);
            else expect(total).toBeGreaterThanOrEqual(-1e-9);
        });
    });

    it('lets the unconstrained fit go negative', () => {
        const { features, labels } = simulate([2, -2], 0, 10000, 3);
        expect(fitLogistic(features, labels, { nonNegative: false }).coefficients[1]).toBeLessThan(-1.5);
    });

    it('stays finite on perfectly separable data thanks to the penalty', () => {
        const features = [[0], [0.1], [0.2], [0.8], [0.9], [1]];
        const fit = fitLogistic(features, [false, false, false, true, true, true], { l2: 0.01 });
        expect(Number.isFinite(fit.coefficients[0])).toBe(true);
        expect(fit.coefficients[0]).toBeGreaterThan(0);
    });
});

describe('fitDimensionWeights', () => {
    it('gives the weight to the dimensions that drive the outcome, summing to 100', () => {
        const random = new Random(4);
        const rows = Array.from({ length: 8000 }, () => {
            const usage = random.uniform(0, 100);
            const relationship = random.uniform(0, 100);
            const support = random.uniform(0, 100);
            const commercial = random.chance(0.3) ? null : random.uniform(0, 100);
            const z = -3 + 0.04 * usage + 0.02 * relationship + 0.0 * support + 0.01 * (commercial ?? 50);
            return {
                dimensions: [usage, relationship, support, commercial],
                renewed: random.chance(sigmoid(z))
            };
        });
        const fit = fitDimensionWeights(rows);
        expect(fit).not.toBeNull();
        const weights = fit!.weights;
        expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9);
        expect(weights[0]).toBeGreaterThan(weights[1] as number);
        expect(weights[1]).toBeGreaterThan(weights[3] as number);
        expect(weights[2]).toBeLessThan(8);
        expect(fit!.imputed[3]).toBeGreaterThan(45);
        expect(fit!.imputed[3]).toBeLessThan(55);
    });

    it('returns null when nothing predicts the outcome', () => {
        const rows = [
            { dimensions: [80, 20], renewed: false },
            { dimensions: [20, 80], renewed: true },
            { dimensions: [90, 10], renewed: false },
            { dimensions: [10, 90], renewed: true }
        ];
        // the second dimension predicts perfectly here; swap labels so only negative effects remain
        expect(
            fitDimensionWeights(rows.map((r) => ({ ...r, dimensions: [r.dimensions[0]!, 50] })))
        ).toBeNull();
    });
});

describe('roundToTotal', () => {
    it('keeps the exact total', () => {
        expect(roundToTotal([100 / 3, 100 / 3, 100 / 3], 100, 1)).toEqual([33.4, 33.3, 33.3]);
        expect(roundToTotal([12.345, 87.655], 100, 2)).toEqual([12.35, 87.65]);
    });
});

describe('plattMapping', () => {
    it('maps higher scores to higher renewal probabilities matching the observed rates', () => {
        const scores = [...new Array(100).fill(20), ...new Array(100).fill(80)];
        const renewed = [
            ...Array.from({ length: 100 }, (_, i) => i < 30),
            ...Array.from({ length: 100 }, (_, i) => i < 90)
        ];
        const mapping = plattMapping(scores, renewed);
        expect(mapping(20)).toBeCloseTo(0.3, 2);
        expect(mapping(80)).toBeCloseTo(0.9, 2);
    });
});

describe('suggestThresholds', () => {
    it('puts Green at the lowest cut whose top band renews at 90%, and Red at the best cut 10 points below', () => {
        // losses all below 35, renewals from 30 up; accounts >= 60 renew 95% of the time
        const scores: number[] = [];
        const renewed: boolean[] = [];
        for (let s = 0; s < 35; s++) {
            scores.push(s);
            renewed.push(false);
        }
        for (let s = 35; s < 100; s++) {
            scores.push(s);
            renewed.push(true);
        }
        const suggestion = suggestThresholds(scores, renewed, { redThreshold: 40, greenThreshold: 70 });
        // accounts >= 31 renew 65 of 69 = 94.2%, minus one standard error (2.8 points) 91.4%;
        // >= 30 renew 65 of 70 = 92.9%, minus 3.1 points = 89.8%: not enough
        expect(suggestion.greenThreshold).toBe(31);
        // the best Youden cut at or below 21: every loss below it is one more caught
        expect(suggestion.redThreshold).toBe(21);
        expect(suggestion.notes).toHaveLength(2);
    });

    it('keeps the current thresholds with only one kind of outcome', () => {
        expect(
            suggestThresholds([10, 20], [true, true], { redThreshold: 40, greenThreshold: 70 })
        ).toMatchObject({
            redThreshold: 40,
            greenThreshold: 70
        });
    });

    it('spares as many standard errors as asked, counting each outcome once when it is scored at several horizons', () => {
        // 20 at 80 (19 renew), 20 at 60 (all renew), 20 at 30 (none renew)
        const scores = [...Array(20).fill(80), ...Array(20).fill(60), ...Array(20).fill(30)] as number[];
        const renewed = [
            ...Array.from({ length: 20 }, (_, i) => i < 19),
            ...Array(20).fill(true),
            ...Array(20).fill(false)
        ] as boolean[];
        const current = { redThreshold: 40, greenThreshold: 70 };
        // >= 31: 39/40 = 97.5%, minus one SE (2.5 points) = 95.0%; minus 1.645 SE = 93.4%; both pass
        expect(suggestThresholds(scores, renewed, current).greenThreshold).toBe(31);
        const strict = suggestThresholds(scores, renewed, current, 0.9, { standardErrors: 1.645 });
        expect(strict.greenThreshold).toBe(31);
        expect(strict.notes[0]).toContain('by 1.645 standard errors');
        // counted as 20 outcomes scored twice: SE sqrt(0.975 * 0.025 / 20) = 3.5 points; 1.645 of them = 5.7: 91.8%
        expect(
            suggestThresholds(scores, renewed, current, 0.9, { standardErrors: 1.645, rowsPerOutcome: 2 })
                .greenThreshold
        ).toBe(31);
        // three standard errors of 3.5 points (10.5) leave 87%: no threshold passes, Green kept
        const none = suggestThresholds(scores, renewed, current, 0.9, {
            standardErrors: 3,
            rowsPerOutcome: 2
        });
        expect(none.greenThreshold).toBe(70);
        expect(none.greenFound).toBe(false);
        expect(strict.greenFound).toBe(true);
    });
});
