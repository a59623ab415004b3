import { calibrateScore, renewalProbability, MIN_GAIN, type PartSpec, type PartWeightFit } from './learn';
import {
    fitLogOddsParts,
    logOddsForm,
    pointsToLogOdds,
    roundChanged,
    roundStep,
    spreadOf,
    toFieldScale,
    CONVERGED,
    MAX_ROUNDS,
    SHARE_FLOOR,
    type PartRow
} from './logOdds';
import { Random } from './random';

// A toy engine with the real one's awkward structure: two usage parts whose shares are normalised over the
// parts an account HAS (as usageDimension does), and one support penalty.
const specs: PartSpec[] = [
    { key: 'usage:a', dimension: 'usage', codes: ['A'], scales: ['aShare'], share: true },
    { key: 'usage:b', dimension: 'usage', codes: ['B'], scales: ['bShare'], share: true },
    { key: 'support:p', dimension: 'support', codes: ['P'], scales: ['penalty'] }
];
interface Toy {
    usageWeight: number;
    supportWeight: number;
    aShare: number;
    bShare: number;
    penalty: number;
}
const start: Toy = { usageWeight: 50, supportWeight: 50, aShare: 1, bShare: 1, penalty: 10 };
const rules = {};

interface Account {
    a: number;
    b: number | null;
    flagged: boolean;
    renewed: boolean;
}
/** Truth: logit = 0.5 + 3a + 1b - 1.2·flagged (b missing for half of the accounts). */
function accounts(seed: number, n: number): Account[] {
    const random = new Random(seed);
    return Array.from({ length: n }, () => {
        const a = random.uniform(-1, 1);
        const b = random.chance(1 / 2) ? random.uniform(-1, 1) : null;
        const flagged = random.chance(0.3);
        const z = 0.5 + 3 * a + (b ?? 0) - 1.2 * (flagged ? 1 : 0);
        return { a, b, flagged, renewed: random.chance(1 / (1 + Math.exp(-z))) };
    });
}
/** The toy engine's part points: usage parts share the usage dimension over the parts present. */
function pointsOf(config: Toy, account: Account): number[] {
    const weightSum = config.usageWeight + config.supportWeight;
    const usage = config.usageWeight / weightSum;
    const support = config.supportWeight / weightSum;
    const shares = config.aShare + (account.b === null ? 0 : config.bShare);
    const a = shares > 0 ? (usage * config.aShare * 100 * account.a) / shares : 0;
    const b = account.b === null || shares === 0 ? 0 : (usage * config.bShare * 100 * account.b) / shares;
    return [a, b, account.flagged ? -support * config.penalty : 0];
}
const score = (config: Toy, account: Account) => pointsOf(config, account).reduce((x, y) => x + y, 50);
const rowsOf = (data: readonly Account[]) => (config: Toy) =>
    data.map((account) => ({ points: pointsOf(config, account), renewed: account.renewed }));

/** AUC by counting pairs (ties 1/2): enough for the toy. */
function pairAuc(config: Toy, data: readonly Account[]): number {
    const won = data.filter((x) => x.renewed).map((x) => score(config, x));
    const lost = data.filter((x) => !x.renewed).map((x) => score(config, x));
    let total = 0;
    for (const w of won) for (const l of lost) total += w > l ? 1 : w === l ? 0.5 : 0;
    return total / (won.length * lost.length);
}

/** Log-odds of renewal per point of each part, fitted freely on a configuration's points. */
function slopes(config: Toy, data: readonly Account[]): number[] {
    const rows = rowsOf(data)(config);
    // least-squares-free check: compare each part's fitted coefficient through the real fit
    const fit = fitLogOddsParts(
        config,
        () => rows,
        null,
        rules,
        () => true,
        { rounds: 1, specs }
    );
    return specs.map((spec) => fit.first?.coefficients[spec.key] ?? NaN);
}

describe('toFieldScale and roundChanged: what is measured is what deploys', () => {
    it('rounds whole-number keys to whole numbers and the others to the fields scale of 2 decimals', () => {
        expect(toFieldScale(6.804908, undefined)).toBe(6.8);
        expect(toFieldScale(0.14885, {})).toBe(0.15);
        expect(toFieldScale(0.144, { min: 0 })).toBe(0.14);
        expect(toFieldScale(44.5, { integer: true })).toBe(45);
        expect(toFieldScale(44.4, { integer: true, min: 1 })).toBe(44);
    });
    it('rounds only the numeric keys a step changed', () => {
        const before = { version: 'x', kept: 0.123456, changed: 1, flag: true };
        const after = { version: 'y', kept: 0.123456, changed: 2.3456, flag: false };
        expect(roundChanged(before, after, { changed: undefined })).toEqual({
            version: 'y',
            kept: 0.123456,
            changed: 2.35,
            flag: false
        });
        expect(roundChanged(before, { ...after, changed: 2.5 }, { changed: { integer: true } }).changed).toBe(
            3
        );
    });
});

describe('roundStep and spreadOf', () => {
    const fit = (relative: Record<string, number>, keptPrior: string[] = []): PartWeightFit => ({
        coefficients: {},
        keptPrior,
        relative,
        intercept: 0,
        converged: true
    });
    it('floors a share part at SHARE_FLOOR of its starting weight over all rounds, not a point part', () => {
        const step = roundStep(fit({ 'usage:a': 0, 'usage:b': 2, 'support:p': 0 }), {}, specs);
        expect(step).toEqual({ 'usage:a': SHARE_FLOOR, 'usage:b': 2, 'support:p': 0 });
        // after a round that already took it to the floor, the next round cannot go lower
        const again = roundStep(
            fit({ 'usage:a': 0.5, 'usage:b': 1, 'support:p': 1 }),
            { 'usage:a': SHARE_FLOOR },
            specs
        );
        expect(again['usage:a']).toBe(1);
        // above the floor the fit's value is used as it is
        expect(roundStep(fit({ 'usage:a': 0.5 }), { 'usage:a': 0.5 }, specs)['usage:a']).toBe(0.5);
        // a part missing from the fit counts as 1
        expect(roundStep(fit({}), {}, specs)).toEqual({ 'usage:a': 1, 'usage:b': 1, 'support:p': 1 });
    });
    it('measures the largest distance from 1, either side', () => {
        expect(spreadOf({ x: 1, y: 1.05, z: 0.97 })).toBeCloseTo(0.05, 12);
        expect(spreadOf({ x: 1.2, y: 0.7 })).toBeCloseTo(0.3, 12);
        expect(spreadOf({ x: 1 })).toBe(0);
        expect(spreadOf({})).toBe(0);
    });
});

describe('fitLogOddsParts: every point worth the same log-odds', () => {
    const fitData = accounts(11, 4000);
    const validation = accounts(12, 1000);

    it('rescales the parts until each counts as the fit says, closer than one rescaling can', () => {
        const result = fitLogOddsParts(
            start,
            rowsOf(fitData),
            (c) => pairAuc(c, validation),
            rules,
            () => true,
            {
                specs
            }
        );
        expect(result.rounds.length).toBeGreaterThanOrEqual(2);
        expect(result.rounds.every((round) => round.kept)).toBe(true);
        expect(result.converged).toBe(true);
        // the final configuration's points are worth about the same log-odds each (within the convergence band)
        const spread = (config: Toy) => {
            const fitted = slopes(config, fitData);
            const mean = fitted.reduce((x, y) => x + y, 0) / fitted.length;
            return Math.max(...fitted.map((slope) => Math.abs(slope / mean - 1)));
        };
        expect(spread(result.config)).toBeLessThan(CONVERGED + 0.02);
        // one round alone leaves the shared parts off (a is alone on half of the accounts)
        const one = fitLogOddsParts(start, rowsOf(fitData), null, rules, () => true, { rounds: 1, specs });
        expect(spread(one.config)).toBeGreaterThan(CONVERGED);
        expect(spread(one.config)).toBeGreaterThan(spread(result.config));
        // the truth: a counts three times b; the learned shares say about the same
        expect(result.config.aShare / result.config.bShare).toBeGreaterThan(2.2);
        expect(result.config.aShare / result.config.bShare).toBeLessThan(4);
        // cumulative relative weights are the products of the kept rounds
        const product = result.rounds.reduce((p, round) => p * (round.relative['usage:a'] ?? 1), 1);
        expect(result.relative['usage:a']).toBeCloseTo(product, 12);
        // and the score ranks the validation accounts at least as well as the start
        expect(pairAuc(result.config, validation)).toBeGreaterThanOrEqual(pairAuc(start, validation));
        // values are on the fields' scale
        expect(Math.round(result.config.aShare * 100) / 100).toBe(result.config.aShare);
    });

    it('stops at a round that lowers the criterion (an AUC here) by more than MIN_GAIN, keeping the last good one', () => {
        let calls = 0;
        // the start scores 0.7; the first round 0.71 (kept); the second 0.71 - MIN_GAIN - 0.001 (dropped)
        const auc = () => [0.7, 0.71, 0.71 - MIN_GAIN - 0.001][calls++] ?? 0;
        const result = fitLogOddsParts(start, rowsOf(fitData), auc, rules, () => true, { specs });
        expect(result.rounds.map((round) => round.kept)).toEqual([true, false]);
        expect(result.converged).toBe(false);
        expect(result.config).not.toEqual(start);
        const onlyFirst = fitLogOddsParts(start, rowsOf(fitData), null, rules, () => true, {
            rounds: 1,
            specs
        });
        expect(result.config).toEqual(onlyFirst.config);
        // the reported fit is the first round's (coefficients per point of the starting configuration)
        expect(result.first).toEqual(onlyFirst.first);
    });

    it('accepts every valid round when no validity check is given', () => {
        const defaults = fitLogOddsParts(start, rowsOf(fitData), null, rules, undefined, {
            rounds: 1,
            specs
        });
        expect(defaults.rounds).toHaveLength(1);
        expect(defaults.config).not.toEqual(start);
    });

    it('keeps a round within MIN_GAIN of the best so far, starting from the given value', () => {
        let calls = 0;
        const auc = () => [0.8 - MIN_GAIN, 0.8 - MIN_GAIN][calls++] ?? 0;
        const result = fitLogOddsParts(start, rowsOf(fitData), auc, rules, () => true, {
            specs,
            start: 0.8,
            rounds: 2
        });
        expect(calls).toBe(2); // the start's value was given, not measured
        expect(result.rounds.map((round) => round.kept)).toEqual([true, true]);
        expect(result.rounds.map((round) => round.criterion)).toEqual([0.8 - MIN_GAIN, 0.8 - MIN_GAIN]);
    });

    it('with a tolerance of 0 keeps a round only when it does not lower the criterion', () => {
        let calls = 0;
        // the backtest's log-likelihood: the first round raises it, the second lowers it by a hair
        const logLikelihood = () => [-0.41, -0.4101][calls++] ?? -1;
        const result = fitLogOddsParts(start, rowsOf(fitData), logLikelihood, rules, () => true, {
            specs,
            start: -0.42,
            tolerance: 0,
            rounds: 3
        });
        expect(result.rounds.map((round) => round.kept)).toEqual([true, false]);
        const equal = fitLogOddsParts(
            start,
            rowsOf(fitData),
            () => -0.42,
            rules,
            () => true,
            {
                specs,
                start: -0.42,
                tolerance: 0,
                rounds: 1
            }
        );
        expect(equal.rounds.map((round) => round.kept)).toEqual([true]);
    });

    it('stops at an invalid configuration, and returns the start with nothing to fit', () => {
        const invalid = fitLogOddsParts(start, rowsOf(fitData), null, rules, () => false, { specs });
        expect(invalid.config).toBe(start);
        expect(invalid.rounds).toEqual([]);
        expect(invalid.first).not.toBeNull();
        const none = fitLogOddsParts(
            start,
            () => [] as PartRow[],
            null,
            rules,
            () => true,
            { specs }
        );
        expect(none).toEqual({
            config: start,
            first: null,
            relative: { 'usage:a': 1, 'usage:b': 1, 'support:p': 1 },
            rounds: [],
            converged: false
        });
    });

    it('converges at once when every part already counts as the fit says', () => {
        const learned = fitLogOddsParts(start, rowsOf(fitData), null, rules, () => true, { specs });
        const again = fitLogOddsParts(learned.config, rowsOf(fitData), null, rules, () => true, { specs });
        expect(again.converged).toBe(true);
        expect(again.rounds).toEqual([]);
        expect(again.config).toBe(learned.config);
    });

    it('runs at most MAX_ROUNDS rounds', () => {
        // a fit that never settles: every round sees new random outcomes
        const random = new Random(5);
        const noisy = (config: Toy) =>
            fitData.slice(0, 300).map((account) => ({
                points: pointsOf(config, account),
                renewed: random.chance(0.5 + 0.4 * account.a)
            }));
        const result = fitLogOddsParts(start, noisy, null, rules, () => true, { specs });
        expect(result.rounds.length).toBeLessThanOrEqual(MAX_ROUNDS);
    });
});

describe('logOddsForm: score = a + b·logit', () => {
    const random = new Random(8);
    const scores = Array.from({ length: 3000 }, () => random.uniform(0, 100));
    const renewed = scores.map((s) => random.chance(1 / (1 + Math.exp(-(s - 40) / 12))));
    const calibration = calibrateScore(scores, renewed);

    it('is the same curve as the calibration, with a the score at even odds and b the points per log-odds', () => {
        const form = logOddsForm(calibration)!;
        expect(form.a).toBeGreaterThan(34);
        expect(form.a).toBeLessThan(46);
        expect(form.b).toBeGreaterThan(10);
        expect(form.b).toBeLessThan(14.5);
        for (const s of [0, 17, 50, 63, 100])
            expect(1 / (1 + Math.exp(-(s - form.a) / form.b))).toBeCloseTo(
                renewalProbability(calibration, s),
                12
            );
        expect(renewalProbability(calibration, form.a)).toBeCloseTo(0.5, 12);
    });

    it('turns drivers into log-odds that add up to the change of the logit', () => {
        // drivers of one account: the score is the starting point plus their points
        const drivers = [12, -7.5, 3, -20];
        const end = 50 + drivers.reduce((x, y) => x + y, 0);
        const logit = (s: number) =>
            Math.log(renewalProbability(calibration, s) / (1 - renewalProbability(calibration, s)));
        const sum = drivers.reduce((total, points) => total + pointsToLogOdds(calibration, points), 0);
        expect(sum).toBeCloseTo(logit(end) - logit(50), 10);
        expect(pointsToLogOdds(calibration, logOddsForm(calibration)!.b)).toBeCloseTo(1, 12);
    });

    it('is null for a flat calibration', () => {
        expect(logOddsForm({ intercept: 1, slope: 0 })).toBeNull();
        expect(logOddsForm({ intercept: 1, slope: Number.NaN })).toBeNull();
    });
});
