/**
 * Backtest metrics. Convention everywhere in this module: the POSITIVE class is the good outcome (the
 * renewal was won, the account stayed), and a higher score should mean "more likely to renew". A negative is
 * a lost renewal or a churn.
 */

/** One scored outcome: what the model said at the as-of date, and what happened afterwards. */
export interface ScoredOutcome {
    score: number;
    /** true = renewed / retained, false = lost / churned */
    renewed: boolean;
    /** Band the model gave at the as-of date (Green, Yellow, Red, Unknown). */
    band: string;
}

/**
 * Area under the ROC curve by the Mann-Whitney U statistic with mid-ranks for ties: the probability that a
 * randomly chosen renewal scored higher than a randomly chosen loss (ties count half). NaN when either class
 * is empty.
 */
export function auc(scores: readonly number[], renewed: readonly boolean[]): number {
    if (scores.length !== renewed.length) throw new RangeError('auc: scores and labels differ in length');
    const order = scores.map((_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
    let positives = 0;
    let positiveRankSum = 0;
    for (let start = 0; start < order.length;) {
        let end = start;
        while (end + 1 < order.length && scores[order[end + 1] as number] === scores[order[start] as number])
            end++;
        const midRank = (start + end) / 2 + 1;
        for (let k = start; k <= end; k++) {
            if (renewed[order[k] as number]) {
                positives++;
                positiveRankSum += midRank;
            }
        }
        start = end + 1;
    }
    const negatives = scores.length - positives;
    if (positives === 0 || negatives === 0) return NaN;
    return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Population AUC of a score when each item's outcome is random with a KNOWN probability of renewal (the
 * ground truth of a synthetic data set): sum over ordered pairs i != j of
 * p_i (1 - p_j) [s_i > s_j, ties 1/2] divided by the sum of p_i (1 - p_j). With 0/1 probabilities this equals
 * {@link auc}. This is the AUC the score is expected to reach on outcomes drawn from those probabilities.
 */
export function expectedAuc(scores: readonly number[], renewalProbability: readonly number[]): number {
    if (scores.length !== renewalProbability.length) throw new RangeError('expectedAuc: length mismatch');
    const order = scores.map((_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
    let negativeMassBelow = 0;
    let numerator = 0;
    for (let start = 0; start < order.length;) {
        let end = start;
        while (end + 1 < order.length && scores[order[end + 1] as number] === scores[order[start] as number])
            end++;
        let groupPositive = 0;
        let groupNegative = 0;
        let groupSelf = 0;
        for (let k = start; k <= end; k++) {
            const p = renewalProbability[order[k] as number] as number;
            groupPositive += p;
            groupNegative += 1 - p;
            groupSelf += p * (1 - p);
        }
        // pairs inside a tie group count half; an item is never paired with itself
        numerator += groupPositive * negativeMassBelow + 0.5 * (groupPositive * groupNegative - groupSelf);
        negativeMassBelow += groupNegative;
        start = end + 1;
    }
    let positiveMass = 0;
    let negativeMass = 0;
    let selfMass = 0;
    for (const p of renewalProbability) {
        positiveMass += p;
        negativeMass += 1 - p;
        selfMass += p * (1 - p);
    }
    const denominator = positiveMass * negativeMass - selfMass;
    return denominator > 0 ? numerator / denominator : NaN;
}

export interface RocPoint {
    /** score threshold: "predict renewal when score >= threshold" */
    threshold: number;
    /** share of losses predicted as renewals */
    falsePositiveRate: number;
    /** share of renewals predicted as renewals */
    truePositiveRate: number;
}

/** ROC curve from (0,0) to (1,1), one point per distinct score (highest first). */
export function rocCurve(scores: readonly number[], renewed: readonly boolean[]): RocPoint[] {
    const positives = renewed.filter(Boolean).length;
    const negatives = renewed.length - positives;
    const order = scores.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
    const points: RocPoint[] = [{ threshold: Infinity, falsePositiveRate: 0, truePositiveRate: 0 }];
    let tp = 0;
    let fp = 0;
    for (let start = 0; start < order.length;) {
        let end = start;
        while (end + 1 < order.length && scores[order[end + 1] as number] === scores[order[start] as number])
            end++;
        for (let k = start; k <= end; k++) {
            if (renewed[order[k] as number]) tp++;
            else fp++;
        }
        points.push({
            threshold: scores[order[start] as number] as number,
            falsePositiveRate: negatives ? fp / negatives : 0,
            truePositiveRate: positives ? tp / positives : 0
        });
        start = end + 1;
    }
    return points;
}

export interface AccuracyResult {
    /** "predict a loss when score < threshold" */
    threshold: number;
    accuracy: number;
    /** accuracy of always predicting the majority outcome: the bar the score has to clear */
    majorityBaseline: number;
    /** share of losses the rule caught (score below threshold) */
    lossesCaught: number;
    /** share of accounts flagged (score below threshold) that were in fact lost */
    flaggedPrecision: number;
}

export function accuracyAt(
    scores: readonly number[],
    renewed: readonly boolean[],
    threshold: number
): AccuracyResult {
    let correct = 0;
    let losses = 0;
    let caught = 0;
    let flagged = 0;
    scores.forEach((score, i) => {
        const predictedRenewal = score >= threshold;
        const actual = renewed[i] as boolean;
        if (predictedRenewal === actual) correct++;
        if (!actual) losses++;
        if (!predictedRenewal) {
            flagged++;
            if (!actual) caught++;
        }
    });
    const n = scores.length;
    return {
        threshold,
        accuracy: n ? correct / n : NaN,
        majorityBaseline: n ? Math.max(losses, n - losses) / n : NaN,
        lossesCaught: losses ? caught / losses : NaN,
        flaggedPrecision: flagged ? caught / flagged : NaN
    };
}

export interface BandRate {
    band: string;
    count: number;
    renewed: number;
    renewalRate: number;
}

export const BAND_ORDER = ['Green', 'Yellow', 'Red', 'Unknown'] as const;

/** Renewal rate per band, in the order Green, Yellow, Red, Unknown (bands with no outcome are left out). */
export function renewalRateByBand(outcomes: readonly ScoredOutcome[]): BandRate[] {
    const byBand = new Map<string, { count: number; renewed: number }>();
    for (const outcome of outcomes) {
        const entry = byBand.get(outcome.band) ?? { count: 0, renewed: 0 };
        entry.count++;
        if (outcome.renewed) entry.renewed++;
        byBand.set(outcome.band, entry);
    }
    const rank = (band: string) => {
        const index = (BAND_ORDER as readonly string[]).indexOf(band);
        return index < 0 ? BAND_ORDER.length : index;
    };
    return [...byBand.entries()]
        .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
        .map(([band, { count, renewed }]) => ({ band, count, renewed, renewalRate: renewed / count }));
}

export interface DecileLift {
    /** number of outcomes in the bottom decile (ceil of 10%) */
    count: number;
    /** loss rate among the lowest-scored 10% */
    lossRate: number;
    /** loss rate over all outcomes */
    overallLossRate: number;
    /** lossRate / overallLossRate: how much more often the bottom decile is lost than average */
    lift: number;
}

/**
 * Lift of the bottom decile: the loss rate of the lowest-scored 10% divided by the overall loss rate.
 * Ties at the cut are resolved by averaging, so the result does not depend on input order: every outcome
 * whose score equals the cut score contributes its tie group's average loss rate for the places left.
 */
export function bottomDecileLift(scores: readonly number[], renewed: readonly boolean[]): DecileLift {
    const n = scores.length;
    const count = Math.ceil(n / 10);
    const losses = renewed.filter((r) => !r).length;
    const overallLossRate = n ? losses / n : NaN;
    if (n === 0) return { count: 0, lossRate: NaN, overallLossRate, lift: NaN };
    const order = scores.map((_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
    let lostInDecile = 0;
    let taken = 0;
    for (let start = 0; start < n && taken < count;) {
        let end = start;
        while (end + 1 < n && scores[order[end + 1] as number] === scores[order[start] as number]) end++;
        const groupSize = end - start + 1;
        let groupLosses = 0;
        for (let k = start; k <= end; k++) if (!renewed[order[k] as number]) groupLosses++;
        const take = Math.min(groupSize, count - taken);
        lostInDecile += (groupLosses * take) / groupSize;
        taken += take;
        start = end + 1;
    }
    const lossRate = lostInDecile / count;
    return { count, lossRate, overallLossRate, lift: overallLossRate > 0 ? lossRate / overallLossRate : NaN };
}

export interface CalibrationBin {
    /** inclusive lower edge, exclusive upper edge (the last bin includes 100) */
    from: number;
    to: number;
    count: number;
    meanScore: number;
    observedRenewalRate: number;
    /** renewal probability a logistic (Platt) mapping of the score predicts, averaged over the bin */
    predictedRenewalRate: number;
}

/**
 * Calibration table in fixed 10-point score bins. `toProbability` maps a score to a predicted renewal
 * probability (a Platt mapping fitted by the caller); bins without outcomes are left out.
 */
export function calibrationTable(
    scores: readonly number[],
    renewed: readonly boolean[],
    toProbability: (score: number) => number,
    binWidth = 10
): CalibrationBin[] {
    const bins: CalibrationBin[] = [];
    for (let from = 0; from < 100; from += binWidth) {
        const to = Math.min(100, from + binWidth);
        const last = to >= 100;
        let count = 0;
        let scoreSum = 0;
        let renewedCount = 0;
        let predictedSum = 0;
        scores.forEach((score, i) => {
            if (score < from || score > to || (score === to && !last)) return;
            count++;
            scoreSum += score;
            predictedSum += toProbability(score);
            if (renewed[i]) renewedCount++;
        });
        if (count === 0) continue;
        bins.push({
            from,
            to,
            count,
            meanScore: scoreSum / count,
            observedRenewalRate: renewedCount / count,
            predictedRenewalRate: predictedSum / count
        });
    }
    return bins;
}

/** Fewer outcomes than this in either class makes the metrics too noisy to act on. */
export const MIN_OUTCOMES_PER_CLASS = 100;

export interface OutcomeCounts {
    total: number;
    renewed: number;
    lost: number;
    warnings: string[];
}

export function countOutcomes(
    renewed: readonly boolean[],
    minPerClass = MIN_OUTCOMES_PER_CLASS
): OutcomeCounts {
    const positives = renewed.filter(Boolean).length;
    const negatives = renewed.length - positives;
    const warnings: string[] = [];
    if (positives < minPerClass)
        warnings.push(
            `Only ${positives} renewals (fewer than ${minPerClass}): the metrics are noisy; add more history before acting on them.`
        );
    if (negatives < minPerClass)
        warnings.push(
            `Only ${negatives} losses/churns (fewer than ${minPerClass}): the metrics are noisy; add more history before acting on them.`
        );
    return { total: renewed.length, renewed: positives, lost: negatives, warnings };
}

/** Approximate standard error of an AUC (Hanley & McNeil 1982), for the "how sure are we" column. */
export function aucStandardError(aucValue: number, positives: number, negatives: number): number {
    if (!(positives > 0 && negatives > 0) || Number.isNaN(aucValue)) return NaN;
    const q1 = aucValue / (2 - aucValue);
    const q2 = (2 * aucValue * aucValue) / (1 + aucValue);
    const variance =
        (aucValue * (1 - aucValue) +
            (positives - 1) * (q1 - aucValue * aucValue) +
            (negatives - 1) * (q2 - aucValue * aucValue)) /
        (positives * negatives);
    return Math.sqrt(Math.max(0, variance));
}

/** For each value, the share of `others` below it (ties count half): one DeLong structural component. */
function placements(values: readonly number[], others: readonly number[]): number[] {
    const sorted = [...others].sort((a, b) => a - b);
    const lowerBound = (x: number, strict: boolean) => {
        let lo = 0;
        let hi = sorted.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (strict ? (sorted[mid] as number) < x : (sorted[mid] as number) <= x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    };
    return values.map((x) => {
        const below = lowerBound(x, true);
        const tied = lowerBound(x, false) - below;
        return (below + tied / 2) / sorted.length;
    });
}

export interface DeLongResult {
    /** AUC of each score set (renewals ranked above losses) */
    auc: number[];
    /** covariance matrix of the AUC estimates (DeLong, DeLong & Clarke-Pearson 1988) */
    covariance: number[][];
}

/**
 * AUCs of several scores on the same outcomes with their covariance (DeLong et al. 1988): the basis of a
 * confidence interval for one AUC and of a paired comparison of two scores on the same accounts.
 */
export function delong(scoreSets: readonly (readonly number[])[], renewed: readonly boolean[]): DeLongResult {
    const m = renewed.filter(Boolean).length;
    const n = renewed.length - m;
    const k = scoreSets.length;
    if (m < 2 || n < 2) {
        return {
            auc: scoreSets.map((scores) => auc(scores, renewed)),
            covariance: scoreSets.map(() => scoreSets.map(() => NaN))
        };
    }
    const v10: number[][] = [];
    const v01: number[][] = [];
    for (const scores of scoreSets) {
        const positives = scores.filter((_, i) => renewed[i]);
        const negatives = scores.filter((_, i) => !renewed[i]);
        v10.push(placements(positives, negatives));
        v01.push(placements(negatives, positives).map((p) => 1 - p));
    }
    const aucs = v10.map((v) => v.reduce((a, b) => a + b, 0) / m);
    const covarianceOf = (rows: number[][], size: number, means: number[]) =>
        Array.from({ length: k }, (_, r) =>
            Array.from({ length: k }, (_, c) => {
                let sum = 0;
                for (let i = 0; i < size; i++)
                    sum +=
                        (((rows[r] as number[])[i] as number) - (means[r] as number)) *
                        (((rows[c] as number[])[i] as number) - (means[c] as number));
                return sum / (size - 1);
            })
        );
    const s10 = covarianceOf(v10, m, aucs);
    const s01 = covarianceOf(v01, n, aucs);
    return {
        auc: aucs,
        covariance: s10.map((row, r) =>
            row.map((value, c) => value / m + ((s01[r] as number[])[c] as number) / n)
        )
    };
}

export interface Interval {
    estimate: number;
    low: number;
    high: number;
}

/** A 95% normal interval around an estimate with the given variance (clamped to [-1, 1] or [0, 1]). */
export function interval95(estimate: number, variance: number, low = 0, high = 1): Interval {
    const half = 1.959964 * Math.sqrt(Math.max(0, variance));
    if (!Number.isFinite(half) || Number.isNaN(estimate)) return { estimate, low: NaN, high: NaN };
    return { estimate, low: Math.max(low, estimate - half), high: Math.min(high, estimate + half) };
}

/**
 * A proportion `successes / count` with its 95% Wilson score interval (z = 1.96), which stays inside [0, 1] and
 * is honest near 0% and 100%, where the normal interval is not. All NaN when count is 0 (p = 0 / 0 carries
 * through).
 */
export function wilsonInterval(successes: number, count: number, z = 1.96): Interval {
    const p = successes / count;
    const zz = z * z;
    const centre = (p + zz / (2 * count)) / (1 + zz / count);
    const half = (z * Math.sqrt((p * (1 - p)) / count + zz / (4 * count * count))) / (1 + zz / count);
    return { estimate: p, low: centre - half, high: centre + half };
}

/** AUC of one score with its 95% DeLong interval. */
export function aucWithInterval(scores: readonly number[], renewed: readonly boolean[]): Interval {
    const result = delong([scores], renewed);
    return interval95(result.auc[0] as number, (result.covariance[0] as number[])[0] as number);
}

/** Paired difference AUC(a) - AUC(b) on the same outcomes, with its 95% DeLong interval. */
export function aucDifference(
    a: readonly number[],
    b: readonly number[],
    renewed: readonly boolean[]
): Interval {
    const { auc: aucs, covariance } = delong([a, b], renewed);
    const [row0, row1] = covariance as [number[], number[]];
    const variance = (row0[0] as number) + (row1[1] as number) - 2 * (row0[1] as number);
    return interval95((aucs[0] as number) - (aucs[1] as number), variance, -1, 1);
}
