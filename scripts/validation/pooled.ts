/**
 * Pooling one measurement over several independent draws (seeds) of a synthetic world (`npm run bench:model`,
 * issue 13). One draw of 3,000 accounts holds out ~900 outcomes, so one seed's AUC difference has a 95% interval
 * of about ±0.03 and single seeds scatter around the true value; many fresh seeds, each shown, and one pooled
 * estimate with its interval are the honest measurement.
 *
 * - AUC differences: the fixed-effect (inverse-variance) mean. Each seed's standard error is its 95% interval's
 *   half-width / 1.959964; the seed weighs 1 / SE². Cochran's Q and I² say whether the seeds disagree more than
 *   their intervals allow (then the fixed-effect interval is too narrow).
 * - The Green band: all seeds' Green accounts together: renewal rate = Σ renewed / Σ count with a Wilson 95%
 *   interval, share of renewals = Σ Green renewed / Σ renewals.
 */
import { interval95, wilsonInterval, type Interval } from './metrics';

/** z of a two-sided 95% normal interval, as interval95 uses. */
export const Z95 = 1.959964;

/**
 * Standard error behind a 95% normal interval: the larger half-width / 1.959964 (interval95 clamps a side at the
 * bound, which makes that side shorter; the other side keeps the full width). NaN when the interval is missing
 * or a bound is not a finite number.
 */
export function standardErrorOf(interval: Interval | null | undefined): number {
    if (!interval) return NaN;
    const { estimate, low, high } = interval;
    // Number.isFinite, not isFinite: a report read from JSON has null where it had NaN
    if (![estimate, low, high].every((value) => Number.isFinite(value))) return NaN;
    return Math.max(high - estimate, estimate - low) / Z95;
}

export interface PooledEstimate extends Interval {
    /** standard error of the pooled estimate: 1 / sqrt(Σ weights) */
    standardError: number;
    /** seeds that entered the pool */
    seeds: number;
    /** seeds left out: no interval, or one of zero width (it would take all the weight) */
    leftOut: number;
    /** Cochran's Q: Σ weight × (estimate − pooled)²; about seeds − 1 when the seeds agree within their intervals */
    q: number;
    /** I² = max(0, (Q − (seeds − 1)) / Q): the share of the spread between seeds their intervals do not explain */
    iSquared: number;
}

/** Fixed-effect inverse-variance mean of per-seed estimates, each given with its 95% interval. */
export function fixedEffectMean(intervals: readonly (Interval | null | undefined)[]): PooledEstimate {
    const usable: { estimate: number; weight: number }[] = [];
    for (const interval of intervals) {
        const se = standardErrorOf(interval);
        if (se > 0) usable.push({ estimate: (interval as Interval).estimate, weight: 1 / (se * se) });
    }
    const leftOut = intervals.length - usable.length;
    if (usable.length === 0)
        return {
            estimate: NaN,
            low: NaN,
            high: NaN,
            standardError: NaN,
            seeds: 0,
            leftOut,
            q: NaN,
            iSquared: NaN
        };
    let totalWeight = 0;
    let weighted = 0;
    for (const { estimate, weight } of usable) {
        totalWeight += weight;
        weighted += weight * estimate;
    }
    const mean = weighted / totalWeight;
    let q = 0;
    for (const { estimate, weight } of usable) q += weight * (estimate - mean) ** 2;
    const degrees = usable.length - 1;
    return {
        ...interval95(mean, 1 / totalWeight, -1, 1),
        standardError: Math.sqrt(1 / totalWeight),
        seeds: usable.length,
        leftOut,
        q,
        iSquared: q > 0 ? Math.max(0, (q - degrees) / q) : 0
    };
}

/** How many of the estimates (the finite ones) are at or above the target. */
export function countAtLeast(estimates: readonly number[], target: number): { met: number; of: number } {
    const finite = estimates.filter((value) => Number.isFinite(value));
    return { met: finite.filter((value) => value >= target).length, of: finite.length };
}

/** Where a 95% interval lies against a target: wholly at or above it, spanning it, or wholly below. */
export function sideOfTarget(interval: Interval, target: number): 'above' | 'spans' | 'below' {
    if (interval.low >= target) return 'above';
    if (interval.high < target) return 'below';
    return 'spans';
}

/** One seed's held-out Green band: how many accounts were Green, how many of them renewed, all renewals. */
export interface GreenCounts {
    count: number;
    renewed: number;
    /** every held-out renewal at that horizon (Green or not): the share's denominator */
    renewals: number;
}

export interface PooledGreen {
    count: number;
    renewed: number;
    renewals: number;
    /** Σ renewed / Σ count with its Wilson 95% interval */
    renewalRate: Interval;
    /** Σ renewed / Σ renewals with its Wilson 95% interval */
    shareOfRenewals: Interval;
    seeds: number;
}

/** All seeds' Green accounts together. */
export function poolGreen(seeds: readonly GreenCounts[]): PooledGreen {
    let count = 0;
    let renewed = 0;
    let renewals = 0;
    for (const seed of seeds) {
        count += seed.count;
        renewed += seed.renewed;
        renewals += seed.renewals;
    }
    return {
        count,
        renewed,
        renewals,
        renewalRate: wilsonInterval(renewed, count),
        shareOfRenewals: wilsonInterval(renewed, renewals),
        seeds: seeds.length
    };
}

/** The top band's two targets together: renews at `minRate` or more AND holds `minShare` of the renewals. */
export function greenMeets(rate: number, share: number, minRate: number, minShare: number): boolean {
    return rate >= minRate && share >= minShare;
}
