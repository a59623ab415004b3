/**
 * The backtest: score every outcome as of the outcome date minus each horizon, using only the records that
 * existed then, and measure how well the score predicted what happened, beside two baselines computed from
 * the same point-in-time records (a plain L2 logistic regression and an equal-weight spreadsheet score);
 * optionally learn a model on the earlier outcomes (learn.ts) and compare on the later ones.
 */
import { overriddenOutcomes } from './overrides';
import {
    accuracyAt,
    auc,
    aucDifference,
    aucStandardError,
    aucWithInterval,
    bottomDecileLift,
    calibrationTable,
    countOutcomes,
    delong,
    renewalRateByBand,
    rocCurve,
    wilsonInterval,
    type Interval
} from './metrics';
import { plattMapping, suggestThresholds, type LogisticFitOptions, type ThresholdSuggestion } from './fit';
import {
    FEATURE_NAMES,
    fitPlainLogistic,
    plainLogOdds,
    pointInTimeFeatures,
    spreadsheetScore,
    type FeatureRow
} from './features';
import { fitLogOddsParts } from './logOdds';
import {
    brierScore,
    calibrateScore,
    calibratedLogLikelihood,
    coordinateSearch,
    partPoints,
    pooledAuc,
    renewalProbability,
    PART_SPECS,
    type DriverPoints,
    type KeyRule
} from './learn';
import {
    addDays,
    attachRecords,
    extractOutcomes,
    recordsAsOf,
    type AccountRecords,
    type Outcome
} from './history';
import {
    DIMENSIONS,
    type AccountRow,
    type ArrBand,
    type BacktestReport,
    type BaselineComparison,
    type DimensionWeights,
    type FitSummary,
    type GreenBandResult,
    type HorizonResult,
    type SegmentResult
} from './report';
import type { RawDataset } from './synthetic';

/** What the backtest needs from a score. */
export interface ScoreAtDate {
    /** null when the engine shows no score (band Unknown) */
    score: number | null;
    band: string;
    subscores: Record<(typeof DIMENSIONS)[number], number | null>;
    /** the drivers (code, dimension, points), for the part-level fit */
    drivers?: DriverPoints[];
}

/** The weights and thresholds the backtest reads and the fit changes; the rest of the configuration rides along. */
export interface TunableConfig {
    version: string;
    active: boolean;
    usageWeight: number;
    relationshipWeight: number;
    supportWeight: number;
    commercialWeight: number;
    greenThreshold: number;
    redThreshold: number;
}

/**
 * Scores one account's point-in-time records as of a date with a configuration. The records handed in are
 * already cut to the as-of date ({@link recordsAsOf}); a scorer must also ignore anything later on its own.
 */
export type Scorer<C extends TunableConfig> = (
    records: AccountRecords,
    asOf: string,
    config: C
) => ScoreAtDate;

export interface BacktestRow {
    outcome: Outcome;
    horizonDays: number;
    asOf: string;
    result: ScoreAtDate;
    /** the baselines' point-in-time features of the same records */
    features: FeatureRow;
}

export const DEFAULT_HORIZONS = [60, 90] as const;

/** The band of a score with too little data behind it (coverage below the configured minimum). */
const UNKNOWN = 'Unknown';
/** How far back the lead time looks for the first Red, and how often it checks. */
export const LEAD_TIME_WINDOW_DAYS = 180;
export const LEAD_TIME_STEP_DAYS = 15;

export interface BacktestOptions<C extends TunableConfig> {
    dataset: RawDataset;
    scorer: Scorer<C>;
    config: C;
    horizons?: readonly number[];
    /** learn a model on a time-based split and compare on held-out outcomes */
    fit?: boolean;
    /** share of outcomes (earliest first) used for training; default 0.7 */
    trainShare?: number;
    fitOptions?: LogisticFitOptions;
    /** the rules of the configuration's numeric keys (engine MODEL_CONFIG_SPEC), for the learned model */
    keyRules?: Readonly<Record<string, KeyRule | undefined>>;
    /** the fitted model's date (YYYY-MM-DD), for its version name; the caller reads the clock, not this module */
    fittedOn?: string;
    /** validates and completes a fitted configuration (the engine's parseModelConfig) */
    validateConfig?: (config: C) => C;
    /** score each lost outcome every 15 days over the 180 before it to find when it first turned Red */
    leadTime?: boolean;
    title?: string;
    source?: string;
    /** YYYY-MM-DD shown in the report */
    generatedOn?: string;
    /** called after each scored outcome (progress) */
    onProgress?: (done: number, total: number) => void;
}

export interface BacktestRun<C extends TunableConfig> {
    report: BacktestReport;
    rows: BacktestRow[];
    fittedConfig?: C;
}

const weightsOf = (config: TunableConfig): DimensionWeights => ({
    usage: config.usageWeight,
    relationship: config.relationshipWeight,
    support: config.supportWeight,
    commercial: config.commercialWeight
});

const scored = (result: ScoreAtDate) => result.band !== UNKNOWN && result.score !== null;

/** Rejects horizons that are not whole days of at least 1: at 0 the backtest would score the outcome itself. */
export function checkHorizons(horizons: readonly number[]): void {
    if (horizons.length === 0) throw new RangeError('at least one horizon is needed');
    for (const h of horizons)
        if (!Number.isInteger(h) || h < 1)
            throw new RangeError(
                `horizon ${h} is not allowed: a horizon is a whole number of days of at least 1 (at 0 the backtest would see the outcome itself)`
            );
}

/**
 * One account's records as they stood on `asOf`, before `outcome`. recordsAsOf drops Renewal_Date__c (its
 * current value is the NEXT renewal); but before a renewal outcome the contract ran until that very renewal, so
 * the point-in-time renewal date is the outcome's date. It says nothing about how the renewal ends (renewed and
 * lost alike get it), and without it the engine would treat every customer as out of contract (v2 property 10:
 * the no-pipeline cap and the commercial points look at the running contract).
 */
export function recordsBeforeOutcome(
    records: AccountRecords,
    outcome: Outcome,
    asOf: string
): AccountRecords {
    const cut = recordsAsOf(records, asOf);
    if (outcome.source === 'renewal' && outcome.date > asOf)
        cut.account = { ...cut.account, Renewal_Date__c: outcome.date };
    return cut;
}

/**
 * Scores every outcome at every horizon, with the baselines' features of the same records. The as-of date is
 * always before the outcome date, so nothing dated on the outcome date (the renewal closing, the churn) is seen.
 */
export function scoreOutcomes<C extends TunableConfig>(
    accounts: ReadonlyMap<string, AccountRecords>,
    outcomes: readonly Outcome[],
    horizons: readonly number[],
    scorer: Scorer<C>,
    config: C,
    onProgress?: (done: number, total: number) => void
): BacktestRow[] {
    checkHorizons(horizons);
    const rows: BacktestRow[] = [];
    const total = outcomes.length * horizons.length;
    for (const outcome of outcomes) {
        const records = accounts.get(outcome.accountId);
        if (!records) continue;
        for (const horizonDays of horizons) {
            const asOf = addDays(outcome.date, -horizonDays);
            const cut = recordsBeforeOutcome(records, outcome, asOf);
            rows.push({
                outcome,
                horizonDays,
                asOf,
                result: scorer(cut, asOf, config),
                features: pointInTimeFeatures(cut, asOf)
            });
            onProgress?.(rows.length, total);
        }
    }
    return rows;
}

/** ARR-weighted renewal per band: how much revenue each band held and kept. */
export function arrByBand(
    rows: readonly { band: string; renewed: boolean; arr: number | null }[]
): ArrBand[] {
    const order = ['Green', 'Yellow', 'Red', 'Unknown'];
    const byBand = new Map<string, ArrBand>();
    for (const row of rows) {
        if (row.arr === null) continue;
        const entry = byBand.get(row.band) ?? { band: row.band, arr: 0, arrRenewed: 0, arrRenewalRate: NaN };
        entry.arr += row.arr;
        if (row.renewed) entry.arrRenewed += row.arr;
        byBand.set(row.band, entry);
    }
    return [...byBand.values()]
        .map((entry) => ({ ...entry, arrRenewalRate: entry.arr > 0 ? entry.arrRenewed / entry.arr : NaN }))
        .sort((a, b) => order.indexOf(a.band) - order.indexOf(b.band));
}

/** The account's ARR; null when it has none (a blank cell of a CSV export included, which Number reads as 0). */
const arrOf = (account: AccountRecords | undefined): number | null => {
    const raw = account?.account.ARR__c;
    if (raw === null || raw === undefined || String(raw).trim() === '') return null;
    const value = Number(raw);
    return Number.isFinite(value) ? value : null;
};

/**
 * The account's industry; null when it has none (a blank cell of a CSV export reads as '': the breakdown groups
 * it under "(no industry)" and the account row shows it as unknown, as a blank ARR).
 */
const industryOf = (account: AccountRecords | undefined): string | null => {
    const raw = account?.account.Industry;
    return typeof raw === 'string' && raw.trim() !== '' ? raw : null;
};

/** Size segment by ARR (the account's current ARR: a grouping, never a score input). */
export function sizeSegment(arr: number | null): string {
    if (arr === null) return 'ARR unknown';
    if (arr < 50_000) return 'ARR < 50k';
    if (arr < 250_000) return 'ARR 50k-250k';
    return 'ARR >= 250k';
}

function segmentResults(
    rows: readonly BacktestRow[],
    accounts: ReadonlyMap<string, AccountRecords>,
    greenThreshold: number
): SegmentResult[] {
    const groups = new Map<string, { kind: 'industry' | 'size'; name: string; rows: BacktestRow[] }>();
    for (const row of rows) {
        const account = accounts.get(row.outcome.accountId);
        const keys: ['industry' | 'size', string][] = [
            ['industry', industryOf(account) ?? '(no industry)'],
            ['size', sizeSegment(arrOf(account))]
        ];
        for (const [kind, name] of keys) {
            const id = `${kind}:${name}`;
            const group = groups.get(id) ?? { kind, name, rows: [] };
            group.rows.push(row);
            groups.set(id, group);
        }
    }
    return [...groups.values()]
        .map((group) => {
            const renewed = group.rows.map((row) => row.outcome.renewed);
            const scores = group.rows.map((row) => row.result.score as number);
            const green = group.rows.filter((row) => (row.result.score as number) >= greenThreshold);
            return {
                kind: group.kind,
                name: group.name,
                outcomes: group.rows.length,
                lost: renewed.filter((r) => !r).length,
                renewalRate: renewed.filter(Boolean).length / renewed.length,
                auc: auc(scores, renewed),
                greenRenewalRate: green.length
                    ? green.filter((row) => row.outcome.renewed).length / green.length
                    : NaN
            };
        })
        .sort((a, b) => a.kind.localeCompare(b.kind) || b.outcomes - a.outcomes);
}

/** All metrics for one horizon's rows. */
export function horizonMetrics(
    rows: readonly BacktestRow[],
    horizonDays: number,
    redThreshold: number,
    accounts: ReadonlyMap<string, AccountRecords> = new Map(),
    greenThreshold = 70
): HorizonResult {
    const own = rows.filter((row) => row.horizonDays === horizonDays);
    // a score without enough data behind it (band Unknown) is not a prediction: counted, not measured
    const measured = own.filter((row) => scored(row.result));
    const scores = measured.map((row) => row.result.score as number);
    const renewed = measured.map((row) => row.outcome.renewed);
    const counts = countOutcomes(renewed);
    const aucValue = auc(scores, renewed);
    const bothClasses = counts.renewed > 0 && counts.lost > 0;
    const spreadsheet = measured.map((row) => spreadsheetScore(row.features));
    return {
        horizonDays,
        counts,
        unknown: own.length - measured.length,
        auc: aucValue,
        aucStandardError: aucStandardError(aucValue, counts.renewed, counts.lost),
        aucInterval: aucWithInterval(scores, renewed),
        spreadsheetAuc: aucWithInterval(spreadsheet, renewed),
        versusSpreadsheet: aucDifference(scores, spreadsheet, renewed),
        roc: rocCurve(scores, renewed),
        accuracy: accuracyAt(scores, renewed, redThreshold),
        bands: renewalRateByBand(
            own.map((row) => ({
                score: row.result.score ?? NaN,
                renewed: row.outcome.renewed,
                band: row.result.band
            }))
        ),
        arrBands: arrByBand(
            own.map((row) => ({
                band: row.result.band,
                renewed: row.outcome.renewed,
                arr: arrOf(accounts.get(row.outcome.accountId))
            }))
        ),
        segments: segmentResults(measured, accounts, greenThreshold),
        lift: bottomDecileLift(scores, renewed),
        calibration: calibrationTable(
            scores,
            renewed,
            bothClasses ? plattMapping(scores, renewed) : () => (counts.renewed > 0 ? 1 : 0)
        )
    };
}

/**
 * Lead time of each lost outcome: the earliest check (every {@link LEAD_TIME_STEP_DAYS} days from
 * {@link LEAD_TIME_WINDOW_DAYS} days before the outcome up to the shortest horizon) at which the account was
 * Red; null when it never was.
 */
export function leadTimes<C extends TunableConfig>(
    accounts: ReadonlyMap<string, AccountRecords>,
    outcomes: readonly Outcome[],
    shortestHorizon: number,
    scorer: Scorer<C>,
    config: C
): Map<Outcome, number | null> {
    const result = new Map<Outcome, number | null>();
    for (const outcome of outcomes) {
        if (outcome.renewed) continue;
        const records = accounts.get(outcome.accountId);
        if (!records) continue;
        let lead: number | null = null;
        for (let days = LEAD_TIME_WINDOW_DAYS; days >= shortestHorizon; days -= LEAD_TIME_STEP_DAYS) {
            const asOf = addDays(outcome.date, -days);
            if (scorer(recordsBeforeOutcome(records, outcome, asOf), asOf, config).band === 'Red') {
                lead = days;
                break;
            }
        }
        result.set(outcome, lead);
    }
    return result;
}

/** Runs the backtest (and the fit when asked) over a data set. Pure apart from calling the scorer. */
export function runBacktest<C extends TunableConfig>(options: BacktestOptions<C>): BacktestRun<C> {
    const horizons = [...(options.horizons ?? DEFAULT_HORIZONS)];
    checkHorizons(horizons);
    const { accounts, attachment } = attachRecords(options.dataset);
    const extraction = extractOutcomes(accounts);
    const rows = scoreOutcomes(
        accounts,
        extraction.outcomes,
        horizons,
        options.scorer,
        options.config,
        options.onProgress
    );
    const notes: string[] = [];
    if (extraction.outcomes.length === 0)
        notes.push(
            'No outcomes found: the backtest needs closed renewal opportunities (Type containing "Renewal") or Account.Churned_On__c dates.'
        );
    notes.push(
        'Current-state Account fields (days past due, ARR, renewal date, the stored health fields) are not dated, so the backtest never uses them to score; the qualitative overlay counts only when it was reviewed on or before the as-of date. ARR only weights and groups the results. Before a renewal outcome the contract ran until that renewal, so the account is scored with the outcome date as its renewal date (the same for renewed and lost).'
    );
    notes.push(
        `Each outcome is scored ${horizons.join(' and ')} days before its date, so nothing dated on the outcome date itself (the renewal closing, the churn) is seen.`
    );
    const unattachedTotal = Object.values(attachment.unattached).reduce((a, b) => a + b, 0);
    if (unattachedTotal > 0)
        notes.push(
            `${unattachedTotal} records could not be attached to an account of the data set and were left out: ${Object.entries(
                attachment.unattached
            )
                .map(([object, count]) => `${object} ${count}`)
                .join(', ')}.`
        );
    if (attachment.keyCaseMatches > 0)
        notes.push(
            `${attachment.keyCaseMatches} usage rows matched their account's Customer_Key__c only when letter case is ignored; they were attached, as Salesforce matches an External ID that is not case-sensitive.`
        );
    // Manual overrides (scripts/validation/overrides.ts): the model is scored without them; the outcomes scored
    // while one was active are reported separately.
    const overridden = overriddenOutcomes(options.dataset, rows);
    if (overridden.records > 0)
        notes.push(
            `${overridden.records} manual override(s) (Health_Override__c) in the data set: the backtest scores the model without them; ${overridden.rows.length} outcome row(s) on ${overridden.accounts} account(s) were scored while an override was active (listed under "overrides" in the JSON report).`
        );
    const shortest = Math.min(...horizons);
    const leads =
        options.leadTime === false
            ? new Map<Outcome, number | null>()
            : leadTimes(accounts, extraction.outcomes, shortest, options.scorer, options.config);
    const red = options.config.redThreshold;
    const green = options.config.greenThreshold;
    const report: BacktestReport = {
        title: options.title ?? 'Account health backtest',
        source: options.source ?? 'data set',
        generatedOn: options.generatedOn ?? '',
        modelVersion: options.config.version,
        thresholds: { redThreshold: red, greenThreshold: green },
        outcomes: {
            total: extraction.outcomes.length,
            renewalsWon: extraction.renewalsWon,
            renewalsLost: extraction.renewalsLost,
            churns: extraction.churns,
            duplicatesMerged: extraction.duplicatesMerged
        },
        attachment,
        notes,
        horizons: horizons.map((h) => horizonMetrics(rows, h, red, accounts, green)),
        leadTime: leadTimeSummary(leads, shortest),
        accounts: accountRows(rows, accounts, leads),
        ...(overridden.records > 0 ? { overrides: overridden } : {})
    };
    const run: BacktestRun<C> = { report, rows };
    const split = timeSplit(extraction.outcomes, options.trainShare ?? 0.7);
    const comparison = compareBaselines(rows, horizons, split.splitDate, extraction.outcomes);
    report.comparison = comparison.summary;
    if (options.fit) {
        const fitted = fitAndCompare(accounts, extraction.outcomes, rows, horizons, options, comparison);
        report.fit = fitted.summary;
        if (fitted.config) run.fittedConfig = fitted.config;
    }
    return run;
}

function leadTimeSummary(
    leads: ReadonlyMap<Outcome, number | null>,
    shortest: number
): BacktestReport['leadTime'] {
    const values = [...leads.values()];
    const flagged = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
    return {
        windowDays: LEAD_TIME_WINDOW_DAYS,
        stepDays: LEAD_TIME_STEP_DAYS,
        shortestHorizon: shortest,
        losses: values.length,
        flaggedRed: flagged.length,
        medianDays: flagged.length ? (flagged[Math.floor((flagged.length - 1) / 2)] as number) : null,
        redAtLeast90Days: flagged.filter((v) => v >= 90).length
    };
}

function accountRows(
    rows: readonly BacktestRow[],
    accounts: ReadonlyMap<string, AccountRecords>,
    leads: ReadonlyMap<Outcome, number | null>
): AccountRow[] {
    const byOutcome = new Map<Outcome, AccountRow>();
    for (const row of rows) {
        let entry = byOutcome.get(row.outcome);
        if (!entry) {
            const account = accounts.get(row.outcome.accountId);
            const arr = arrOf(account);
            entry = {
                accountId: row.outcome.accountId,
                name: String(account?.account.Name ?? ''),
                outcomeDate: row.outcome.date,
                renewed: row.outcome.renewed,
                source: row.outcome.source,
                arr,
                industry: industryOf(account),
                size: sizeSegment(arr),
                scores: {},
                leadTimeDays: row.outcome.renewed ? null : (leads.get(row.outcome) ?? null)
            };
            byOutcome.set(row.outcome, entry);
        }
        entry.scores[String(row.horizonDays)] = { score: row.result.score, band: row.result.band };
    }
    return [...byOutcome.values()];
}

/**
 * Time-based split: the earliest `trainShare` of outcomes (by date) train, the rest test. The split date is
 * the date of the first test outcome, and outcomes on the same date stay on the same side.
 */
export function timeSplit(outcomes: readonly Outcome[], trainShare: number): { splitDate: string | null } {
    const dates = outcomes.map((o) => o.date).sort();
    if (dates.length < 2) return { splitDate: null };
    const index = Math.min(dates.length - 1, Math.max(1, Math.floor(dates.length * trainShare)));
    let splitDate = dates[index] as string;
    if (splitDate === dates[0]) {
        const later = dates.find((d) => d > splitDate);
        if (!later) return { splitDate: null };
        splitDate = later;
    }
    return { splitDate };
}

interface Comparison {
    summary: BaselineComparison;
    /** plain logistic log-odds of each test row (index into rows) */
    plain: Map<BacktestRow, number>;
}

/**
 * The baselines on the held-out outcomes: the plain logistic regression is trained on the rows before the
 * split date (all horizons), then default model, spreadsheet and plain regression are compared on the rows
 * from the split date on that the model scored (band not Unknown), with 95% DeLong intervals.
 */
function compareBaselines(
    rows: readonly BacktestRow[],
    horizons: readonly number[],
    splitDate: string | null,
    outcomes: readonly Outcome[]
): Comparison {
    const train = rows.filter((row) => splitDate !== null && row.outcome.date < splitDate);
    const test = rows.filter((row) => splitDate !== null && row.outcome.date >= splitDate);
    const summary: BaselineComparison = {
        splitDate: splitDate ?? 'n/a',
        trainOutcomes: outcomes.filter((o) => splitDate !== null && o.date < splitDate).length,
        testOutcomes: outcomes.filter((o) => splitDate !== null && o.date >= splitDate).length,
        features: [...FEATURE_NAMES],
        plainCoefficients: null,
        horizons: [],
        warnings: []
    };
    const plain = new Map<BacktestRow, number>();
    const trainCounts = countOutcomes(train.map((row) => row.outcome.renewed));
    if (splitDate === null || trainCounts.renewed === 0 || trainCounts.lost === 0) {
        summary.warnings.push(
            'No plain logistic regression: the training period needs both renewals and losses.'
        );
        return { summary, plain };
    }
    const model = fitPlainLogistic(
        train.map((row) => row.features),
        train.map((row) => row.outcome.renewed)
    );
    summary.plainCoefficients = Object.fromEntries(
        FEATURE_NAMES.map((name, j) => [name, model.coefficients[j] as number])
    );
    for (const row of test) plain.set(row, plainLogOdds(model, row.features));
    for (const horizonDays of horizons) {
        const own = test.filter((row) => row.horizonDays === horizonDays && scored(row.result));
        const renewed = own.map((row) => row.outcome.renewed);
        const model = own.map((row) => row.result.score as number);
        const plainScores = own.map((row) => plain.get(row) as number);
        const spreadsheet = own.map((row) => spreadsheetScore(row.features));
        summary.horizons.push({
            horizonDays,
            renewed: renewed.filter(Boolean).length,
            lost: renewed.filter((r) => !r).length,
            models: [
                {
                    name: 'default',
                    label: 'model (current configuration)',
                    auc: aucWithInterval(model, renewed)
                },
                {
                    name: 'plain',
                    label: 'plain logistic regression',
                    auc: aucWithInterval(plainScores, renewed)
                },
                {
                    name: 'spreadsheet',
                    label: 'equal-weight spreadsheet',
                    auc: aucWithInterval(spreadsheet, renewed)
                }
            ],
            differences: [
                { a: 'default', b: 'plain', difference: aucDifference(model, plainScores, renewed) },
                { a: 'default', b: 'spreadsheet', difference: aucDifference(model, spreadsheet, renewed) }
            ]
        });
    }
    return { summary, plain };
}

function scoreRows<C extends TunableConfig>(
    accounts: ReadonlyMap<string, AccountRecords>,
    rows: readonly BacktestRow[],
    scorer: Scorer<C>,
    config: C
): ScoreAtDate[] {
    return rows.map((row) =>
        scorer(
            recordsBeforeOutcome(
                accounts.get(row.outcome.accountId) as AccountRecords,
                row.outcome,
                row.asOf
            ),
            row.asOf,
            config
        )
    );
}

/** AUC of the rows a configuration scores (band not Unknown); 0.5 when it cannot be measured. */
function aucOf(results: readonly ScoreAtDate[], rows: readonly BacktestRow[]): number {
    const keep = results.map((r, i) => (scored(r) ? i : -1)).filter((i) => i >= 0);
    return pooledAuc(
        keep.map((i) => (results[i] as ScoreAtDate).score as number),
        keep.map((i) => (rows[i] as BacktestRow).outcome.renewed)
    );
}

/**
 * How many standard errors of the paired AUC difference a window or cap must gain over the best configuration so
 * far to be kept (besides MIN_GAIN): a search over some fifty candidates otherwise keeps whatever the noise of one
 * period favours.
 */
export const SEARCH_STANDARD_ERRORS = 1;

/**
 * The window and cap search's criterion: the AUC of a configuration on `rows` (every training outcome: the search
 * fits nothing on them, each candidate is scored as it is) and the test a step must pass, its gain over the
 * incumbent beyond `standardErrors` standard errors of the paired DeLong difference on the outcomes both score.
 * The scorings of one outcome at several horizons are not independent, so the standard error is widened by
 * √(scorings per outcome).
 */
export function searchGate<C extends object>(
    rows: readonly BacktestRow[],
    scoreWith: (candidate: C) => readonly ScoreAtDate[],
    rowsPerOutcome: number,
    standardErrors = SEARCH_STANDARD_ERRORS
): { evaluate: (candidate: C) => number; accept: (candidate: C, incumbent: C) => boolean } {
    const results = new WeakMap<C, readonly ScoreAtDate[]>();
    const resultsOf = (candidate: C) => {
        let found = results.get(candidate);
        if (!found) {
            found = scoreWith(candidate);
            results.set(candidate, found);
        }
        return found;
    };
    return {
        evaluate: (candidate) => aucOf(resultsOf(candidate), rows),
        accept: (candidate, incumbent) => {
            const a = resultsOf(candidate);
            const b = resultsOf(incumbent);
            const both = rows
                .map((_, i) => i)
                .filter((i) => scored(a[i] as ScoreAtDate) && scored(b[i] as ScoreAtDate));
            const renewed = both.map((i) => (rows[i] as BacktestRow).outcome.renewed);
            const counts = countOutcomes(renewed);
            if (counts.renewed === 0 || counts.lost === 0) return false;
            const { auc: aucs, covariance } = delong(
                [
                    both.map((i) => (a[i] as ScoreAtDate).score as number),
                    both.map((i) => (b[i] as ScoreAtDate).score as number)
                ],
                renewed
            );
            const [row0, row1] = covariance as [number[], number[]];
            const variance = (row0[0] as number) + (row1[1] as number) - 2 * (row0[1] as number);
            const gain = (aucs[0] as number) - (aucs[1] as number);
            return gain > standardErrors * Math.sqrt(Math.max(0, variance) * Math.max(1, rowsPerOutcome));
        }
    };
}

const CALIBRATION_KEYS = { intercept: 'calibrationIntercept', slope: 'calibrationSlope' } as const;

/** The Green band's renewal rate (95% Wilson interval) and its share of all renewals. */
export function greenBand(bands: readonly string[], renewed: readonly boolean[]): GreenBandResult {
    let count = 0;
    let greenRenewed = 0;
    bands.forEach((band, i) => {
        if (band !== 'Green') return;
        count++;
        if (renewed[i]) greenRenewed++;
    });
    const renewals = renewed.filter(Boolean).length;
    return {
        count,
        renewed: greenRenewed,
        renewalRate: wilsonInterval(greenRenewed, count),
        shareOfRenewals: renewals ? greenRenewed / renewals : Number.NaN
    };
}

/** The top band's targets (issue 13, MODEL.md v2 property 15): renews at this rate or more ... */
export const GREEN_TARGET_RENEWAL = 0.9;
/** ... AND holds at least this share of the accounts that renew. */
export const GREEN_TARGET_SHARE = 0.5;

/**
 * Band thresholds for the learned model. The top band must renew at 90% or more AND hold at least half of the
 * renewals on outcomes the fit never saw, and the two pull in opposite directions (a higher cut renews more and
 * holds less). So Green is the cut where BOTH have the most room on the training outcomes: for each cut, how
 * many standard errors its renewal rate is above 90% and its share of renewals above 50% (each outcome counted
 * once, although it is scored at every horizon); the cut whose smaller margin is largest wins. A cut chosen
 * only to reach 90% sits on the edge of it, and the next period's renewal rate moves the band below it.
 * Red: at least 10 points under Green, the best-separating cut (as suggestThresholds).
 */
export function chooseThresholds(
    scores: readonly number[],
    renewed: readonly boolean[],
    current: { redThreshold: number; greenThreshold: number },
    rowsPerOutcome: number
): ThresholdSuggestion & { margin: number | null } {
    const per = Math.max(1, rowsPerOutcome);
    const renewals = renewed.filter(Boolean).length / per;
    const minCount = Math.max(10, Math.ceil((scores.length / per) * 0.05));
    let best: { margin: number; green: number; rate: number; share: number } | null = null;
    if (renewals > 0 && renewals < scores.length / per) {
        for (let t = 15; t <= 100; t++) {
            let count = 0;
            let kept = 0;
            scores.forEach((score, i) => {
                if (score >= t) {
                    count++;
                    if (renewed[i]) kept++;
                }
            });
            count /= per;
            kept /= per;
            if (count < minCount) break;
            const rate = kept / count;
            const share = kept / renewals;
            const rateMargin =
                (rate - GREEN_TARGET_RENEWAL) / Math.sqrt(Math.max(rate * (1 - rate), 1e-9) / count);
            const shareMargin =
                (share - GREEN_TARGET_SHARE) / Math.sqrt(Math.max(share * (1 - share), 1e-9) / renewals);
            const margin = Math.min(rateMargin, shareMargin);
            if (best === null || margin > best.margin) best = { margin, green: t, rate, share };
        }
    }
    if (best === null) {
        const kept = suggestThresholds(scores, renewed, current);
        return { ...kept, margin: null };
    }
    // Red only: with infinitely many standard errors to spare no cut qualifies as its Green, so suggestThresholds
    // keeps best.green and searches Red at least 10 points under it
    const red = suggestThresholds(scores, renewed, { ...current, greenThreshold: best.green }, 0.9, {
        standardErrors: Number.POSITIVE_INFINITY
    });
    const pct = (value: number) => `${(100 * value).toFixed(1)}%`;
    return {
        greenThreshold: best.green,
        redThreshold: red.redThreshold,
        greenFound: true,
        margin: best.margin,
        notes: [
            best.margin >= 0
                ? `Green from ${best.green}: the cut where both targets have the most room in the training period: its accounts renewed ${pct(best.rate)} (target 90%) and held ${pct(best.share)} of the renewals (target 50%), each at least ${best.margin.toFixed(1)} standard errors beyond its target.`
                : `Green from ${best.green}: no cut reached both targets in the training period (the closest: ${pct(best.rate)} renewed, ${pct(best.share)} of the renewals held); the band will likely miss one of them.`,
            ...red.notes.filter((note) => note.startsWith('Red'))
        ]
    };
}

function fitAndCompare<C extends TunableConfig>(
    accounts: ReadonlyMap<string, AccountRecords>,
    outcomes: readonly Outcome[],
    rows: readonly BacktestRow[],
    horizons: readonly number[],
    options: BacktestOptions<C>,
    comparison: Comparison
): { summary: FitSummary; config?: C } {
    const warnings: string[] = [];
    const notes: string[] = [];
    const config = options.config;
    const rules = options.keyRules ?? {};
    const fittedOn =
        options.fittedOn ??
        (outcomes.length ? (outcomes[outcomes.length - 1] as Outcome).date : '1970-01-01');
    const splitDate = comparison.summary.splitDate === 'n/a' ? null : comparison.summary.splitDate;
    const train = rows.filter(
        (row) => splitDate !== null && row.outcome.date < splitDate && scored(row.result)
    );
    const test = rows.filter((row) => splitDate !== null && row.outcome.date >= splitDate);
    const trainOutcomes = outcomes.filter((o) => splitDate !== null && o.date < splitDate);
    const testOutcomes = outcomes.filter((o) => splitDate !== null && o.date >= splitDate);
    const empty = (): FitSummary => ({
        splitDate: splitDate ?? 'n/a',
        trainOutcomes: trainOutcomes.length,
        testOutcomes: testOutcomes.length,
        defaultWeights: weightsOf(config),
        fittedWeights: weightsOf(config),
        parts: [],
        search: [],
        calibration: null,
        thresholds: { redThreshold: config.redThreshold, greenThreshold: config.greenThreshold, notes: [] },
        currentThresholds: { redThreshold: config.redThreshold, greenThreshold: config.greenThreshold },
        heldOut: [],
        recommended: false,
        modelVersion: config.version,
        files: [],
        notes,
        warnings
    });
    const trainCounts = countOutcomes(train.map((row) => row.outcome.renewed));
    if (splitDate === null || trainCounts.renewed === 0 || trainCounts.lost === 0) {
        warnings.push(
            'Not enough outcomes over time to fit: the training period needs both renewals and losses.'
        );
        return { summary: empty() };
    }
    for (const warning of countOutcomes(trainOutcomes.map((o) => o.renewed)).warnings)
        warnings.push(`Training period: ${warning}`);
    for (const warning of countOutcomes(testOutcomes.map((o) => o.renewed)).warnings)
        warnings.push(`Held-out period: ${warning}`);

    const isValid = (candidate: C) => {
        try {
            options.validateConfig?.(candidate);
            return true;
        } catch {
            return false;
        }
    };
    const base: C = { ...config, version: `fitted-${fittedOn}`, active: false };
    // every training outcome scored with a configuration, once per configuration (the search, the part rows and
    // the rounds' criterion all read the same scorings)
    const trainScorings = new WeakMap<C, readonly ScoreAtDate[]>();
    const scoreTrain = (candidate: C) => {
        let found = trainScorings.get(candidate);
        if (!found) {
            found = scoreRows(accounts, train, options.scorer, candidate);
            trainScorings.set(candidate, found);
        }
        return found;
    };
    // 1. windows and caps, measured on every training outcome, a step kept only beyond the noise (searchGate)
    const gate = searchGate(train, scoreTrain, horizons.length);
    const search = coordinateSearch(base, gate.evaluate, rules, undefined, isValid, gate.accept);
    // 2. part weights in log-odds on every training outcome, scored with the chosen windows (logOdds.ts): fit,
    // rescale, score again, while the calibrated score explains the training outcomes better (log-likelihood)
    const scoredTrain = (candidate: C) =>
        scoreTrain(candidate)
            .map((result, i) => ({ result, row: train[i] as BacktestRow }))
            .filter(({ result }) => scored(result));
    const partRowsOf = (candidate: C) =>
        scoredTrain(candidate).map(({ result, row }) => ({
            points: partPoints(result.drivers ?? []),
            renewed: row.outcome.renewed
        }));
    const logLikelihood = (candidate: C) => {
        const own = scoredTrain(candidate);
        return calibratedLogLikelihood(
            own.map(({ result }) => result.score as number),
            own.map(({ row }) => row.outcome.renewed)
        );
    };
    const startLogLikelihood = logLikelihood(search.config);
    const logOdds = fitLogOddsParts(search.config, partRowsOf, logLikelihood, rules, isValid, {
        start: startLogLikelihood,
        tolerance: 0
    });
    const partFit = logOdds.first;
    let learned = logOdds.config;
    if (!partFit)
        warnings.push(
            'No part of the score predicted renewal in the training period: the part weights are kept.'
        );
    else {
        if (!partFit.converged)
            warnings.push('The part-weight fit stopped before converging: treat it as approximate.');
        for (const key of partFit.keptPrior)
            notes.push(
                `${key}: no variation in the history${key === 'commercial:payment' ? ' (days past due is not dated, so a backtest cannot see it)' : ''}, so its weight keeps the prior instead of being fitted to ~0.`
            );
        const kept = logOdds.rounds.filter((round) => round.kept).length;
        const dropped = logOdds.rounds.find((round) => !round.kept);
        notes.push(
            kept === 0
                ? dropped
                    ? `The part weights lowered the log-likelihood of the training outcomes (${startLogLikelihood.toFixed(4)} -> ${dropped.criterion.toFixed(4)} per scoring): kept the prior part weights.`
                    : logOdds.converged
                      ? 'The part weights already count as the fit says: kept.'
                      : 'The part weights gave an invalid configuration: kept the prior.'
                : `Part weights in log-odds: ${kept} round(s) of fit and rescale (log-likelihood of the training outcomes per scoring ${[startLogLikelihood, ...logOdds.rounds.map((round) => round.criterion)].map((value) => value.toFixed(4)).join(' -> ')})${logOdds.converged ? ', until every part counted within 10% of its fitted weight' : dropped ? '; the last lowered it, so the one before is kept' : ''}.`
        );
    }
    // 2b. the windows and caps again, now with the learned part weights (one more pass: the best half-life or cap
    // depends on how much each part counts)
    let searchSteps = search.steps;
    if (learned !== search.config) {
        const again = coordinateSearch(learned, gate.evaluate, rules, undefined, isValid, gate.accept);
        learned = again.config;
        searchSteps = [...search.steps, ...again.steps];
    }
    // 3. thresholds and calibration from the learned score on all training outcomes
    const trainResults = scoreTrain(learned);
    const trainScored = trainResults
        .map((r, i) => ({ r, row: train[i] as BacktestRow }))
        .filter(({ r }) => scored(r));
    const trainScores = trainScored.map(({ r }) => r.score as number);
    const trainRenewed = trainScored.map(({ row }) => row.outcome.renewed);
    const thresholds = chooseThresholds(
        trainScores,
        trainRenewed,
        { redThreshold: config.redThreshold, greenThreshold: config.greenThreshold },
        horizons.length
    );
    const calibration = calibrateScore(trainScores, trainRenewed);
    let fittedConfig: C = {
        ...learned,
        redThreshold: thresholds.redThreshold,
        greenThreshold: thresholds.greenThreshold
    };
    if (typeof (config as unknown as Record<string, unknown>)[CALIBRATION_KEYS.intercept] === 'number')
        fittedConfig = {
            ...fittedConfig,
            [CALIBRATION_KEYS.intercept]: Math.round(calibration.intercept * 100) / 100,
            [CALIBRATION_KEYS.slope]: Math.round(calibration.slope * 100) / 100
        } as C;
    else
        notes.push(
            'The configuration has no calibration fields: the renewal-probability mapping is reported here only.'
        );
    if (options.validateConfig) fittedConfig = options.validateConfig(fittedConfig);

    // 4. held out: default, fitted, plain regression on the same outcomes
    const fittedTest = scoreRows(accounts, test, options.scorer, fittedConfig);
    let turnedUnknown = 0;
    const heldOut = horizons.map((horizonDays) => {
        const own = test
            .map((row, i) => ({ row, fitted: fittedTest[i] as ScoreAtDate }))
            .filter(({ row }) => row.horizonDays === horizonDays);
        const lostToUnknown = own.filter(({ row, fitted }) => scored(row.result) && !scored(fitted)).length;
        turnedUnknown += lostToUnknown;
        const both = own.filter(({ row, fitted }) => scored(row.result) && scored(fitted));
        const renewed = both.map(({ row }) => row.outcome.renewed);
        const defaultScores = both.map(({ row }) => row.result.score as number);
        const fittedScores = both.map(({ fitted }) => fitted.score as number);
        const plainScores = both.map(({ row }) => comparison.plain.get(row) ?? 0);
        const probabilities = fittedScores.map((score) => renewalProbability(calibration, score));
        return {
            horizonDays,
            renewed: renewed.filter(Boolean).length,
            lost: renewed.filter((r) => !r).length,
            turnedUnknown: lostToUnknown,
            defaultAuc: auc(defaultScores, renewed),
            fittedAuc: auc(fittedScores, renewed),
            defaultInterval: aucWithInterval(defaultScores, renewed),
            fittedInterval: aucWithInterval(fittedScores, renewed),
            plainInterval: comparison.plain.size ? aucWithInterval(plainScores, renewed) : null,
            fittedVsDefault: aucDifference(fittedScores, defaultScores, renewed),
            fittedVsPlain: comparison.plain.size ? aucDifference(fittedScores, plainScores, renewed) : null,
            brier: brierScore(probabilities, renewed),
            defaultRoc: rocCurve(defaultScores, renewed),
            fittedRoc: rocCurve(fittedScores, renewed),
            defaultBands: renewalRateByBand(
                both.map(({ row }) => ({
                    score: row.result.score as number,
                    band: row.result.band,
                    renewed: row.outcome.renewed
                }))
            ),
            fittedBands: renewalRateByBand(
                both.map(({ row, fitted }) => ({
                    score: fitted.score as number,
                    band: fitted.band,
                    renewed: row.outcome.renewed
                }))
            ),
            defaultGreen: greenBand(
                both.map(({ row }) => row.result.band),
                renewed
            ),
            fittedGreen: greenBand(
                both.map(({ fitted }) => fitted.band),
                renewed
            )
        };
    });
    if (turnedUnknown > 0)
        warnings.push(
            `${turnedUnknown} held-out scorings turn Unknown under the fitted weights (coverage below ${String((config as unknown as Record<string, unknown>).minCoveragePercent ?? 50)}%: the fitted weights rest on dimensions those accounts have no data for); the held-out comparison is measured on the others only.`
        );
    const recommended = heldOut.length > 0 && heldOut.every((h) => h.fittedVsDefault.low > 0);
    notes.push(
        recommended
            ? 'The fitted model beats the current one on the held-out outcomes by more than the 95% interval at every horizon: worth deploying.'
            : 'The fitted model does not beat the current one by more than the 95% interval at every horizon: keep the current model (the files are written for review).'
    );
    const parts = PART_SPECS.map((spec) => ({
        part: spec.key,
        coefficient: partFit?.coefficients[spec.key] ?? NaN,
        relativeWeight: logOdds.relative[spec.key] ?? 1,
        keptPrior: partFit ? partFit.keptPrior.includes(spec.key) : true
    }));
    return {
        summary: {
            splitDate,
            trainOutcomes: trainOutcomes.length,
            testOutcomes: testOutcomes.length,
            defaultWeights: weightsOf(config),
            fittedWeights: weightsOf(fittedConfig),
            parts,
            search: searchSteps,
            calibration,
            thresholds,
            currentThresholds: { redThreshold: config.redThreshold, greenThreshold: config.greenThreshold },
            heldOut,
            recommended,
            modelVersion: fittedConfig.version,
            files: [],
            notes,
            warnings
        },
        config: fittedConfig
    };
}

export type { Interval };
