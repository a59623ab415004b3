import {
    countAtLeast,
    fixedEffectMean,
    greenMeets,
    poolGreen,
    sideOfTarget,
    standardErrorOf,
    Z95
} from './pooled';

describe('standardErrorOf', () => {
    it('is the 95% half-width divided by 1.959964', () => {
        expect(Z95).toBe(1.959964);
        expect(standardErrorOf({ estimate: 0.06, low: 0.02, high: 0.1 })).toBeCloseTo(0.04 / 1.959964, 12);
    });

    it('takes the longer side when interval95 clamped the other at a bound', () => {
        expect(standardErrorOf({ estimate: 0.98, low: 0.94, high: 1 })).toBeCloseTo(0.04 / 1.959964, 12);
        expect(standardErrorOf({ estimate: -0.98, low: -1, high: -0.95 })).toBeCloseTo(0.03 / 1.959964, 12);
    });

    it('is NaN without an interval or with a NaN bound or estimate', () => {
        expect(standardErrorOf(null)).toBeNaN();
        expect(standardErrorOf(undefined)).toBeNaN();
        expect(standardErrorOf({ estimate: 0.5, low: NaN, high: NaN })).toBeNaN();
        expect(standardErrorOf({ estimate: NaN, low: 0.4, high: 0.6 })).toBeNaN();
        // a report written as JSON turns NaN into null
        expect(standardErrorOf({ estimate: 0.5, low: null, high: null } as never)).toBeNaN();
    });
});

describe('fixedEffectMean', () => {
    // Seed A +0.06 [0.02, 0.10] (half 0.04), seed B +0.03 [0.01, 0.05] (half 0.02). Weight = 1 / SE² with
    // SE = half / z, so the weights are z² × 625 and z² × 2500: B counts four times as much as A.
    // Mean (625 × 0.06 + 2500 × 0.03) / 3125 = 112.5 / 3125 = 0.036 (a plain mean would be 0.045).
    // Pooled SE = 1 / sqrt(z² × 3125), so the pooled half-width is 1 / sqrt(3125) = 0.0178885.
    // Q = z² (625 × 0.024² + 2500 × 0.006²) = z² × 0.45 = 1.7286565 on 1 degree of freedom; I² = 0.7286565 / Q.
    const a = { estimate: 0.06, low: 0.02, high: 0.1 };
    const b = { estimate: 0.03, low: 0.01, high: 0.05 };

    it('weights each seed by the inverse of its variance', () => {
        const pooled = fixedEffectMean([a, b]);
        expect(pooled.estimate).toBeCloseTo(0.036, 12);
        expect(pooled.low).toBeCloseTo(0.036 - 0.0178885438, 9);
        expect(pooled.high).toBeCloseTo(0.036 + 0.0178885438, 9);
        expect(pooled.standardError).toBeCloseTo(1 / (1.959964 * Math.sqrt(3125)), 12);
        expect(pooled.seeds).toBe(2);
        expect(pooled.leftOut).toBe(0);
        expect(pooled.q).toBeCloseTo(0.45 * 1.959964 ** 2, 9);
        expect(pooled.q).toBeCloseTo(1.7286565, 6);
        expect(pooled.iSquared).toBeCloseTo(0.7286565 / 1.7286565, 6);
    });

    it('does not depend on the order of the seeds', () => {
        expect(fixedEffectMean([b, a])).toEqual(fixedEffectMean([a, b]));
    });

    it('narrows with every seed: n equal seeds give the same estimate and a half-width / sqrt(n)', () => {
        const pooled = fixedEffectMean([a, a, a, a]);
        expect(pooled.estimate).toBeCloseTo(0.06, 12);
        expect(pooled.high - pooled.estimate).toBeCloseTo(0.02, 12);
        expect(pooled.estimate - pooled.low).toBeCloseTo(0.02, 12);
        expect(pooled.q).toBeCloseTo(0, 12);
        // agreeing seeds: no unexplained spread
        expect(pooled.iSquared).toBe(0);
    });

    it('reports I² 0 when the spread is within what the intervals allow (Q below its degrees of freedom)', () => {
        // estimates 0.05 and 0.04, each half-width 0.04: Q = 2 × z² / 0.0016 × 0.005² = 0.06 × z² / 0.96 < 1
        const pooled = fixedEffectMean([
            { estimate: 0.05, low: 0.01, high: 0.09 },
            { estimate: 0.04, low: 0, high: 0.08 }
        ]);
        expect(pooled.estimate).toBeCloseTo(0.045, 12);
        expect(pooled.q).toBeCloseTo((2 * 0.005 ** 2 * 1.959964 ** 2) / 0.0016, 9);
        expect(pooled.q).toBeLessThan(1);
        expect(pooled.q).toBeGreaterThan(0);
        expect(pooled.iSquared).toBe(0);
    });

    it('leaves out seeds without an interval or with a zero-width one, and counts them', () => {
        const pooled = fixedEffectMean([a, null, { estimate: 0.2, low: 0.2, high: 0.2 }, b, undefined]);
        expect(pooled.estimate).toBeCloseTo(0.036, 12);
        expect(pooled.seeds).toBe(2);
        expect(pooled.leftOut).toBe(3);
    });

    it('is one seed itself when there is one', () => {
        const pooled = fixedEffectMean([a]);
        expect(pooled.estimate).toBeCloseTo(0.06, 12);
        expect(pooled.low).toBeCloseTo(0.02, 12);
        expect(pooled.high).toBeCloseTo(0.1, 12);
        expect(pooled.q).toBe(0);
        expect(pooled.iSquared).toBe(0);
    });

    it('is all NaN with no usable seed', () => {
        const pooled = fixedEffectMean([null, { estimate: 0.1, low: NaN, high: NaN }]);
        expect(pooled.estimate).toBeNaN();
        expect(pooled.low).toBeNaN();
        expect(pooled.high).toBeNaN();
        expect(pooled.standardError).toBeNaN();
        expect(pooled.q).toBeNaN();
        expect(pooled.iSquared).toBeNaN();
        expect(pooled.seeds).toBe(0);
        expect(pooled.leftOut).toBe(2);
    });

    it('keeps the pooled interval inside [-1, 1]', () => {
        const pooled = fixedEffectMean([{ estimate: 0.99, low: 0.9, high: 1 }]);
        expect(pooled.high).toBe(1);
        expect(pooled.low).toBeCloseTo(0.9, 12);
    });
});

describe('countAtLeast', () => {
    it('counts the finite estimates at or above the target (equal counts as met)', () => {
        expect(countAtLeast([0.06, 0.05, 0.049, NaN, 0.1], 0.05)).toEqual({ met: 3, of: 4 });
        expect(countAtLeast([-0.001, 0, 0.02], 0)).toEqual({ met: 2, of: 3 });
        expect(countAtLeast([], 0)).toEqual({ met: 0, of: 0 });
    });
});

describe('sideOfTarget', () => {
    it('says whether the interval is wholly above, spans or is wholly below the target', () => {
        expect(sideOfTarget({ estimate: 0.07, low: 0.05, high: 0.09 }, 0.05)).toBe('above');
        expect(sideOfTarget({ estimate: 0.06, low: 0.049, high: 0.08 }, 0.05)).toBe('spans');
        expect(sideOfTarget({ estimate: 0.04, low: 0.03, high: 0.05 }, 0.05)).toBe('spans');
        expect(sideOfTarget({ estimate: 0.04, low: 0.03, high: 0.0499 }, 0.05)).toBe('below');
    });
});

describe('poolGreen', () => {
    it('pools the Green accounts of every seed, not the seeds rates', () => {
        // seed 1: 9 of 10 Green renewed, 18 renewals in all; seed 2: 20 of 30, 50 renewals.
        // Pooled rate 29 / 40 = 0.725 (the mean of the two rates would be 0.783); share 29 / 68 = 0.4265
        // (mean of shares 0.45).
        // Wilson, n = 40, p = 0.725, z² = 3.8416: centre (0.725 + 0.04802) / 1.09604 = 0.70528;
        // half 1.96 × sqrt(0.725 × 0.275 / 40 + 3.8416 / 6400) / 1.09604 = 0.13364: [0.57165, 0.83892].
        // Share, n = 68, p = 0.42647: centre (0.42647 + 0.028247) / 1.056494 = 0.43040; half 0.11443:
        // [0.31597, 0.54483].
        const pooled = poolGreen([
            { count: 10, renewed: 9, renewals: 18 },
            { count: 30, renewed: 20, renewals: 50 }
        ]);
        expect(pooled.count).toBe(40);
        expect(pooled.renewed).toBe(29);
        expect(pooled.renewals).toBe(68);
        expect(pooled.seeds).toBe(2);
        expect(pooled.renewalRate.estimate).toBeCloseTo(0.725, 12);
        expect(pooled.renewalRate.low).toBeCloseTo(0.57165, 5);
        expect(pooled.renewalRate.high).toBeCloseTo(0.83892, 5);
        expect(pooled.shareOfRenewals.estimate).toBeCloseTo(29 / 68, 12);
        expect(pooled.shareOfRenewals.low).toBeCloseTo(0.31597, 5);
        expect(pooled.shareOfRenewals.high).toBeCloseTo(0.54483, 5);
    });

    it('is NaN with no Green account and no renewal', () => {
        const pooled = poolGreen([]);
        expect(pooled.count).toBe(0);
        expect(pooled.seeds).toBe(0);
        expect(pooled.renewalRate.estimate).toBeNaN();
        expect(pooled.shareOfRenewals.estimate).toBeNaN();
    });
});

describe('greenMeets', () => {
    it('needs both the renewal rate and the share, each at or above its target', () => {
        expect(greenMeets(0.9, 0.5, 0.9, 0.5)).toBe(true);
        expect(greenMeets(0.95, 0.7, 0.9, 0.5)).toBe(true);
        expect(greenMeets(0.8999, 0.7, 0.9, 0.5)).toBe(false);
        expect(greenMeets(0.95, 0.4999, 0.9, 0.5)).toBe(false);
        expect(greenMeets(NaN, 0.6, 0.9, 0.5)).toBe(false);
    });
});
