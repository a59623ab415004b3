/**
 * The learned model in log-odds form (issue 13: "an additive model in log-odds, score = a + b·logit, makes
 * 'drivers add up' and 'calibrated' the same property").
 *
 * The engine's score is a sum of driver points (every part of every dimension, plus a cap when one binds). The
 * learned model wants that sum to be a straight line of the log-odds of renewal:
 *
 *     logit P(renew) = c0 + sum over parts p of c_p · points_p        (c_p >= 0: a driver keeps its direction)
 *
 * If each part's points are rescaled in proportion to its coefficient c_p, every point is worth the same
 * log-odds, so the score itself is a + b·logit and P(renew) = sigmoid((score - a) / b): the calibration is
 * one line, and a driver's points convert to log-odds by the same factor for every driver.
 *
 * The engine's structure makes one rescaling inexact: role weights and usage shares are normalised inside their
 * dimension (a decision maker alone on an account always holds the whole relationship dimension), a dimension
 * is clamped to 0-100, and missing dimensions hand their weight to the others. So the fit is repeated: score the
 * fit period with the configuration just learned, fit the coefficients again on the new points, rescale again,
 * until every part counts as the data says (all relative coefficients within {@link CONVERGED} of 1) or a round
 * does not improve the criterion (the backtest: the log-likelihood of the calibrated score on every training
 * outcome). Each round is an engine configuration, so the drivers stay exactly additive and
 * the result deploys as a Health_Model__mdt record (values rounded to the fields' scale first, so what is
 * measured is what deploys).
 */
import {
    applyPartWeights,
    fitPartWeights,
    MIN_GAIN,
    PART_SPECS,
    type KeyRule,
    type PartSpec,
    type PartWeightFit,
    type ScoreCalibration
} from './learn';

/** A round converges when every fitted part's relative coefficient is within this factor of 1 (10%). */
export const CONVERGED = 0.1;
/** At most this many rounds of fit-and-rescale. */
export const MAX_ROUNDS = 4;
/**
 * A share part (role weights, usage shares) never drops below this share of its starting weight: a role weight
 * of 0 would remove those contacts from the relationship dimension altogether (and turn accounts Unknown),
 * which is not "this part predicts nothing".
 */
export const SHARE_FLOOR = 0.05;

/** One part row of the fit period: the points each part moved the score, and the outcome. */
export interface PartRow {
    points: readonly number[];
    renewed: boolean;
}

export interface LogOddsRound {
    round: number;
    /** the relative coefficients fitted in this round (1 = already counts as the data says) */
    relative: Record<string, number>;
    /** largest |relative - 1| over the fitted parts */
    spread: number;
    /** the criterion after the round (the backtest: mean log-likelihood per training scoring; higher is better) */
    criterion: number;
    kept: boolean;
}

export interface LogOddsFit<C> {
    config: C;
    /** the first round's fit (coefficients per point of the starting configuration) */
    first: PartWeightFit | null;
    /** per part: product of the relative weights of the rounds kept (1 = as in the starting configuration) */
    relative: Record<string, number>;
    rounds: LogOddsRound[];
    converged: boolean;
}

/** Rounds a value to its Health_Model__mdt field's scale: whole numbers for whole-number keys, else 2 decimals. */
export function toFieldScale(value: number, rule: KeyRule | undefined): number {
    return rule?.integer ? Math.round(value) : Math.round(value * 100) / 100;
}

/** Every numeric key whose value changed from `before`, rounded to its field's scale. */
export function roundChanged<C extends object>(
    before: C,
    after: C,
    rules: Readonly<Record<string, KeyRule | undefined>>
): C {
    const from = before as unknown as Record<string, unknown>;
    const next = { ...(after as unknown as Record<string, unknown>) };
    for (const [key, value] of Object.entries(next))
        if (typeof value === 'number' && value !== from[key]) next[key] = toFieldScale(value, rules[key]);
    return next as unknown as C;
}

/**
 * One round's relative weights: the fit's, with a share part never taken below {@link SHARE_FLOOR} of its
 * starting weight over all rounds (`cumulative`: the product of the rounds kept so far). A part the fit kept at
 * its prior stays at 1.
 */
export function roundStep(
    fit: PartWeightFit,
    cumulative: Readonly<Record<string, number>>,
    specs: readonly PartSpec[] = PART_SPECS
): Record<string, number> {
    const step: Record<string, number> = {};
    for (const spec of specs) {
        const value = fit.relative[spec.key] ?? 1;
        step[spec.key] = spec.share ? Math.max(value, SHARE_FLOOR / (cumulative[spec.key] ?? 1)) : value;
    }
    return step;
}

/** The largest distance from 1 of a round's relative weights. */
export function spreadOf(step: Readonly<Record<string, number>>): number {
    return Object.values(step).reduce((worst, value) => Math.max(worst, Math.abs(value - 1)), 0);
}

/**
 * Fits the part weights in log-odds, rescaling the configuration until every part counts as the fit says.
 * `partRows(config)` scores the fit period with a configuration and returns each scored outcome's part points;
 * `criterion(config)` measures a configuration, higher is better (null: every valid round kept). A round is kept
 * when the criterion stays within `tolerance` (default {@link MIN_GAIN}) of the best so far; the first round that
 * does not, or that gives an invalid configuration, stops the fit.
 */
export function fitLogOddsParts<C extends object>(
    start: C,
    partRows: (config: C) => readonly PartRow[],
    criterion: ((config: C) => number) | null,
    rules: Readonly<Record<string, KeyRule | undefined>>,
    isValid: (config: C) => boolean = () => true,
    options: { rounds?: number; start?: number; tolerance?: number; specs?: readonly PartSpec[] } = {}
): LogOddsFit<C> {
    const specs = options.specs ?? PART_SPECS;
    const maxRounds = options.rounds ?? MAX_ROUNDS;
    let current = start;
    const tolerance = options.tolerance ?? MIN_GAIN;
    let best = criterion ? (options.start ?? criterion(start)) : Number.NaN;
    const relative: Record<string, number> = Object.fromEntries(specs.map((spec) => [spec.key, 1]));
    const rounds: LogOddsRound[] = [];
    let first: PartWeightFit | null = null;
    let converged = false;
    for (let round = 1; round <= maxRounds; round++) {
        const rows = partRows(current);
        const fit = rows.length ? fitPartWeights(rows, specs) : null;
        if (!fit) break;
        if (round === 1) first = fit;
        const step = roundStep(fit, relative, specs);
        const spread = spreadOf(step);
        if (spread <= CONVERGED) {
            converged = true;
            break;
        }
        const candidate = roundChanged(current, applyPartWeights(current, step, rules, specs), rules);
        if (!isValid(candidate)) break;
        const value = criterion ? criterion(candidate) : Number.NaN;
        const kept = criterion === null || value >= best - tolerance;
        rounds.push({ round, relative: step, spread, criterion: value, kept });
        if (!kept) break;
        current = candidate;
        if (criterion) best = Math.max(best, value);
        for (const spec of specs) relative[spec.key] = (relative[spec.key] ?? 1) * (step[spec.key] ?? 1);
    }
    return { config: current, first, relative, rounds, converged };
}

/**
 * The calibration in log-odds form: P(renew) = sigmoid((score - a) / b), i.e. score = a + b·logit. `a` is the
 * score at even odds (50%), `b` the points per unit of log-odds (b·ln 2 points double the odds of renewal).
 * Null when the calibration is flat (slope 0: the score says nothing about renewal).
 */
export function logOddsForm(calibration: ScoreCalibration): { a: number; b: number } | null {
    if (!(calibration.slope > 0)) return null;
    // intercept + slope·(score - 50)/10 = (score - a)/b  =>  b = 10/slope, a = 50 - intercept·b
    const b = 10 / calibration.slope;
    return { a: 50 - calibration.intercept * b, b };
}

/** A driver's points in log-odds of renewal (the same factor for every driver: 1/b). */
export function pointsToLogOdds(calibration: ScoreCalibration, points: number): number {
    return (calibration.slope * points) / 10;
}
