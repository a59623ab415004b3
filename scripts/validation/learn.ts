/**
 * The learned model (MODEL.md "Learned model (v2)"), on top of the engine's own configuration:
 *
 * 1. windows and cap thresholds: a coordinate search over a documented list of configuration keys (recency
 *    half-life, trajectory windows, cap values and thresholds, ...), each tried at a few values inside the
 *    bounds the configuration documents, kept only when it raises the AUC by more than {@link MIN_GAIN} and
 *    passes the caller's test (the backtest measures every training outcome and asks for a gain beyond one
 *    standard error of the paired difference: backtest.ts searchGate);
 * 2. part weights: a logistic regression of the outcome on the points each PART of each dimension moved the
 *    score (utilisation, breadth, trajectory, contacts, single-threading, open cases, escalations, case surge,
 *    slow resolution, CSAT, payment, pipeline), with non-negative coefficients so every driver keeps its
 *    direction; the relative coefficients become the dimension weights, usage shares and support/commercial
 *    points of a new configuration. A part the training period never saw (payment without history) keeps its
 *    prior weight and is reported as such;
 * 3. calibration: a logistic (Platt) mapping from the final score to a renewal probability.
 *
 * The result is still an engine configuration, so drivers stay exactly additive and the model deploys as a
 * Health_Model__mdt record. Configuration keys are treated generically: a key the engine does not have is
 * skipped, and every value is clamped to the key's documented rule.
 */
import { auc } from './metrics';
import { fitLogistic, roundToTotal } from './fit';

export interface DriverPoints {
    code: string;
    points: number;
    dimension?: string;
}

/** The rule a numeric configuration key documents (engine MODEL_CONFIG_SPEC). */
export interface KeyRule {
    min?: number;
    max?: number;
    exclusiveMin?: boolean;
    integer?: boolean;
}

export type NumericConfig = Record<string, unknown>;
const fields = (config: object) => config as unknown as NumericConfig;

/** A part of a dimension, the driver codes it covers, and the configuration keys that scale it. */
export interface PartSpec {
    /** `dimension:CODE` */
    key: string;
    dimension: 'usage' | 'relationship' | 'support' | 'commercial';
    codes: readonly string[];
    /** keys multiplied by the part's weight relative to its dimension */
    scales: readonly string[];
    /** shares normalised inside the dimension (usage): the dimension weight follows their weighted sum */
    share?: boolean;
}

export const PART_SPECS: readonly PartSpec[] = [
    {
        key: 'usage:utilisation',
        dimension: 'usage',
        codes: ['USAGE_UTILISATION'],
        scales: ['utilisationShare'],
        share: true
    },
    {
        key: 'usage:breadth',
        dimension: 'usage',
        codes: ['USAGE_BREADTH'],
        scales: ['breadthShare'],
        share: true
    },
    {
        key: 'usage:trajectory',
        dimension: 'usage',
        codes: ['USAGE_TRAJECTORY'],
        scales: ['trajectoryShare'],
        share: true
    },
    {
        key: 'relationship:decision-maker',
        dimension: 'relationship',
        codes: ['CONTACT_DECISION_MAKER'],
        scales: ['decisionMakerWeight'],
        share: true
    },
    {
        key: 'relationship:contacts',
        dimension: 'relationship',
        codes: ['CONTACT'],
        scales: ['approverWeight', 'influencerWeight', 'userRoleWeight', 'unsetRoleWeight'],
        share: true
    },
    {
        key: 'relationship:single-threaded',
        dimension: 'relationship',
        codes: ['SINGLE_THREADED'],
        scales: ['singleThreadPenalty']
    },
    {
        key: 'support:open-cases',
        dimension: 'support',
        codes: ['SUPPORT_OPEN_CASE'],
        scales: ['openSev1Penalty', 'openSev2Penalty', 'openSev3Penalty']
    },
    {
        key: 'support:escalated',
        dimension: 'support',
        codes: ['SUPPORT_ESCALATED'],
        scales: ['escalationPenalty']
    },
    { key: 'support:surge', dimension: 'support', codes: ['SUPPORT_SURGE'], scales: ['caseSurgePenalty'] },
    { key: 'support:slow', dimension: 'support', codes: ['SUPPORT_SLOW'], scales: ['slowResolutionPenalty'] },
    { key: 'support:csat', dimension: 'support', codes: ['SUPPORT_CSAT'], scales: ['csatPoints'] },
    {
        key: 'commercial:payment',
        dimension: 'commercial',
        codes: ['COMMERCIAL_PAYMENT'],
        scales: ['pastDuePointsPerDay']
    },
    {
        key: 'commercial:pipeline',
        dimension: 'commercial',
        codes: ['COMMERCIAL_PIPELINE'],
        scales: ['openPipelinePoints', 'recentWinPoints']
    }
];

const DIMENSION_WEIGHT_KEYS = {
    usage: 'usageWeight',
    relationship: 'relationshipWeight',
    support: 'supportWeight',
    commercial: 'commercialWeight'
} as const;

/**
 * Windows, cap values and thresholds the search tries, with the candidate values (the current value is always
 * a candidate too). Keys missing from the configuration are skipped.
 */
export const SEARCH_SPACE: readonly { key: string; values: readonly number[] }[] = [
    { key: 'halfLifeDays', values: [30, 45, 60, 90, 120] },
    // the usage trajectory windows reach back up to a year: a decline spread over 3-8 months shows only against
    // a baseline from before it began (the independent world's churn; tuning seeds 1-2 chose 270 and 365 days)
    { key: 'usageRecentDays', values: [30, 60, 90, 120] },
    { key: 'usagePriorDays', values: [60, 90, 120, 180, 270, 365] },
    { key: 'engagedContactThreshold', values: [30, 40, 50] },
    // how many engaged contacts an account needs not to be single-threaded (MODEL.md: multi-threading), learned
    // like the other thresholds: breadth of engagement, not activity volume
    { key: 'minEngagedContacts', values: [2, 3, 4] },
    { key: 'decisionMakerColdThreshold', values: [30, 40, 50] },
    { key: 'decisionMakerColdCap', values: [49, 59, 69, 100] },
    { key: 'decisionMakerColdOpenCap', values: [59, 69, 100] },
    { key: 'noEngagedContactCap', values: [49, 59, 69, 100] },
    { key: 'noPipelineCap', values: [59, 69, 100] },
    { key: 'sev1Cap', values: [49, 59, 69, 100] },
    { key: 'recentWinDays', values: [180, 365, 730] },
    { key: 'slowResolutionDays', values: [7, 14, 30] },
    { key: 'silenceDays', values: [90, 120, 180] },
    { key: 'usageDropPercent', values: [20, 30, 40] },
    { key: 'usageDropCap', values: [59, 69, 100] },
    { key: 'supportCrisisCap', values: [59, 69, 100] },
    { key: 'capSlope', values: [0.15, 0.3, 0.5] }
];

/** A search step must raise the AUC by more than this to be kept (no chasing noise). */
export const MIN_GAIN = 0.002;

/** Clamps a value to a key's rule (and rounds it for whole-number keys). */
export function withinRule(value: number, rule: KeyRule | undefined): number {
    let v = value;
    if (rule?.integer) v = Math.round(v);
    if (rule?.max !== undefined) v = Math.min(rule.max, v);
    if (rule?.min !== undefined) {
        const floor = rule.exclusiveMin ? rule.min + (rule.integer ? 1 : 1e-6) : rule.min;
        v = Math.max(floor, v);
    }
    return v;
}

/** The points of each part in one scored outcome (sum of the drivers of its codes). */
export function partPoints(
    drivers: readonly DriverPoints[],
    specs: readonly PartSpec[] = PART_SPECS
): number[] {
    return specs.map((spec) =>
        drivers
            .filter(
                (driver) =>
                    spec.codes.includes(driver.code) &&
                    (driver.dimension === undefined || driver.dimension === spec.dimension)
            )
            .reduce((sum, driver) => sum + driver.points, 0)
    );
}

export interface PartWeightFit {
    /** per part: log-odds of renewal per point the part moved the score (>= 0) */
    coefficients: Record<string, number>;
    /** parts with no variation in the training rows: prior kept */
    keptPrior: string[];
    /** per part: its weight relative to the mean coefficient of the parts seen (1 = as in the prior) */
    relative: Record<string, number>;
    intercept: number;
    converged: boolean;
}

/**
 * Fits non-negative per-part coefficients: P(renew) = sigmoid(b0 + sum_p c_p * points_p). A part whose points
 * never vary in the rows keeps its prior (relative weight 1). Returns null when nothing predicts the outcome.
 */
export function fitPartWeights(
    rows: readonly { points: readonly number[]; renewed: boolean }[],
    specs: readonly PartSpec[] = PART_SPECS,
    l2 = 0.002
): PartWeightFit | null {
    if (rows.length === 0) return null;
    const varies = specs.map((_, j) => {
        const first = (rows[0] as { points: readonly number[] }).points[j];
        return rows.some((row) => row.points[j] !== first);
    });
    const used = specs.map((_, j) => j).filter((j) => varies[j]);
    if (used.length === 0) return null;
    // points / 10 keeps the coefficients near 1 so one penalty suits every part
    const fit = fitLogistic(
        rows.map((row) => used.map((j) => (row.points[j] as number) / 10)),
        rows.map((row) => row.renewed),
        { nonNegative: true, l2 }
    );
    const total = fit.coefficients.reduce((a, b) => a + b, 0);
    if (!(total > 0)) return null;
    const coefficients: Record<string, number> = {};
    const relative: Record<string, number> = {};
    const keptPrior: string[] = [];
    // the reference: the mean coefficient of the parts seen, so a part "as important as the average" stays
    const reference = total / used.length;
    specs.forEach((spec, j) => {
        const index = used.indexOf(j);
        if (index < 0) {
            keptPrior.push(spec.key);
            relative[spec.key] = 1;
            coefficients[spec.key] = NaN;
        } else {
            coefficients[spec.key] = (fit.coefficients[index] as number) / 10;
            relative[spec.key] = (fit.coefficients[index] as number) / reference;
        }
    });
    return { coefficients, keptPrior, relative, intercept: fit.intercept, converged: fit.converged };
}

/**
 * Turns relative part weights into a configuration. Per dimension: its weight is multiplied by the
 * share-weighted mean relative weight of its share parts (usage shares, contact role weights) or, without
 * share parts, by the largest relative weight of its parts; share keys are multiplied by their part's relative
 * weight and the other keys by their part's relative weight divided by the dimension's, so every part's
 * effect on the score is multiplied by its own relative weight (exactly when the account has every part). Dimension weights are rescaled to sum to 100;
 * every value is clamped to its key's rule.
 */
export function applyPartWeights<C extends object>(
    input: C,
    relative: Readonly<Record<string, number>>,
    rules: Readonly<Record<string, KeyRule | undefined>>,
    specs: readonly PartSpec[] = PART_SPECS
): C {
    const config = fields(input);
    const next: NumericConfig = { ...config };
    const numberAt = (key: string) => (typeof config[key] === 'number' ? (config[key] as number) : null);
    const dimensions = [...new Set(specs.map((spec) => spec.dimension))];
    for (const dimension of dimensions) {
        const parts = specs.filter((spec) => spec.dimension === dimension);
        const weightKey = DIMENSION_WEIGHT_KEYS[dimension];
        const weight = numberAt(weightKey);
        if (weight === null) continue;
        // share parts (usage shares, role weights) are normalised inside the dimension: the dimension weight
        // follows their weighted sum; the other parts are points, scaled relative to the dimension
        const shareParts = parts.filter((spec) => spec.share);
        let factor = 1;
        if (shareParts.length) {
            let before = 0;
            let after = 0;
            for (const spec of shareParts)
                for (const key of spec.scales) {
                    const share = numberAt(key);
                    if (share === null) continue;
                    before += share;
                    after += share * (relative[spec.key] ?? 1);
                }
            factor = before > 0 ? after / before : 1;
            for (const spec of shareParts)
                for (const key of spec.scales) {
                    const share = numberAt(key);
                    if (share !== null) next[key] = withinRule(share * (relative[spec.key] ?? 1), rules[key]);
                }
        } else factor = Math.max(...parts.map((spec) => relative[spec.key] ?? 1));
        if (!(factor > 0)) factor = 1;
        for (const spec of parts.filter((part) => !part.share))
            for (const key of spec.scales) {
                const value = numberAt(key);
                if (value !== null)
                    next[key] = withinRule((value * (relative[spec.key] ?? 1)) / factor, rules[key]);
            }
        next[weightKey] = weight * factor;
    }
    const weightKeys = Object.values(DIMENSION_WEIGHT_KEYS).filter((key) => typeof next[key] === 'number');
    const sum = weightKeys.reduce((total, key) => total + (next[key] as number), 0);
    if (sum > 0) {
        const rounded = roundToTotal(
            weightKeys.map((key) => (100 * (next[key] as number)) / sum),
            100,
            1
        );
        weightKeys.forEach((key, i) => (next[key] = withinRule(rounded[i] as number, rules[key])));
    }
    return next as unknown as C;
}

export interface SearchStep {
    key: string;
    from: number;
    to: number;
    /** the AUC after the step, on the outcomes the search is measured on (the backtest: every training outcome) */
    validationAuc: number;
}

/**
 * Coordinate search: for each key in the space (present in the configuration), try each candidate value (within
 * its rule) and keep the best one when it beats the current AUC by more than {@link MIN_GAIN} and `accept` agrees.
 * `evaluate` scores the outcomes the search is measured on with a configuration and returns their AUC.
 */
export function coordinateSearch<C extends object>(
    config: C,
    evaluate: (candidate: C) => number,
    rules: Readonly<Record<string, KeyRule | undefined>>,
    space: readonly { key: string; values: readonly number[] }[] = SEARCH_SPACE,
    isValid: (candidate: C) => boolean = () => true,
    /**
     * a further test a candidate that gains more than MIN_GAIN must pass against the best configuration so far
     * (both already evaluated), e.g. that its gain is beyond the noise of the paired AUC difference
     */
    accept: (candidate: C, incumbent: C) => boolean = () => true
): { config: C; steps: SearchStep[]; startAuc: number; finalAuc: number } {
    let current = config;
    const startAuc = evaluate(current);
    let best = startAuc;
    const steps: SearchStep[] = [];
    for (const { key, values } of space) {
        const from = fields(current)[key];
        if (typeof from !== 'number') continue;
        let incumbent = current;
        let bestAuc = best;
        for (const raw of values) {
            const value = withinRule(raw, rules[key]);
            if (value === from) continue;
            const candidate = { ...current, [key]: value } as C;
            if (!isValid(candidate)) continue;
            const result = evaluate(candidate);
            if (result > bestAuc + MIN_GAIN && accept(candidate, incumbent)) {
                bestAuc = result;
                incumbent = candidate;
            }
        }
        if (incumbent !== current) {
            const to = fields(incumbent)[key] as number;
            current = incumbent;
            best = bestAuc;
            steps.push({ key, from, to, validationAuc: bestAuc });
        }
    }
    return { config: current, steps, startAuc, finalAuc: best };
}

export interface ScoreCalibration {
    /** P(renew) = 1 / (1 + exp(-(intercept + slope * (score - 50) / 10))) */
    intercept: number;
    slope: number;
}

/** Platt calibration of a 0-100 score (slope >= 0: a higher score never means a lower probability). */
export function calibrateScore(scores: readonly number[], renewed: readonly boolean[]): ScoreCalibration {
    const fit = fitLogistic(
        scores.map((score) => [(score - 50) / 10]),
        renewed,
        { l2: 1e-6, nonNegative: true }
    );
    return { intercept: fit.intercept, slope: fit.coefficients[0] as number };
}

export const renewalProbability = (calibration: ScoreCalibration, score: number) =>
    1 / (1 + Math.exp(-(calibration.intercept + (calibration.slope * (score - 50)) / 10)));

/**
 * How well a score explains the outcomes as a probability: the mean log-likelihood per scoring of the outcomes
 * under the score's own Platt calibration (calibrateScore) fitted on them (higher is better; always predicting the
 * renewal rate r gives r ln r + (1 - r) ln(1 - r)). Unlike the AUC it rewards every scoring's distance from the
 * line, not only the order, so it notices a rescaling that the AUC of a few hundred outcomes cannot.
 */
export function calibratedLogLikelihood(scores: readonly number[], renewed: readonly boolean[]): number {
    if (scores.length === 0) return NaN;
    const calibration = calibrateScore(scores, renewed);
    let total = 0;
    scores.forEach((score, i) => {
        const p = renewalProbability(calibration, score);
        total += Math.log(renewed[i] ? p : 1 - p);
    });
    return total / scores.length;
}

/** Mean squared error of probabilities against outcomes (Brier score; lower is better). */
export function brierScore(probabilities: readonly number[], renewed: readonly boolean[]): number {
    if (probabilities.length === 0) return NaN;
    return (
        probabilities.reduce((sum, p, i) => sum + (p - (renewed[i] ? 1 : 0)) ** 2, 0) / probabilities.length
    );
}

/** AUC over several horizons' rows pooled (what the search maximises). */
export function pooledAuc(scores: readonly number[], renewed: readonly boolean[]): number {
    const value = auc(scores, renewed);
    return Number.isNaN(value) ? 0.5 : value;
}
