/**
 * The backtest: score every outcome as of the outcome date minus each horizon, using only the records that
 * existed then, and measure how well the score predicted what happened; optionally fit new weights on the
 * earlier outcomes and compare default and fitted on the later ones.
 */
import {
    accuracyAt,
    auc,
    aucStandardError,
    bottomDecileLift,
    calibrationTable,
    countOutcomes,
    renewalRateByBand,
    rocCurve
} from './metrics';
import { fitDimensionWeights, plattMapping, suggestThresholds, type LogisticFitOptions } from './fit';
import {
    addDays,
    extractOutcomes,
    groupByAccount,
    recordsAsOf,
    type AccountRecords,
    type Outcome
} from './history';
import {
    DIMENSIONS,
    type BacktestReport,
    type DimensionWeights,
    type FitSummary,
    type HorizonResult
} from './report';
import type { RawDataset } from './synthetic';

/** What the backtest needs from a score. */
export interface ScoreAtDate {
    score: number;
    band: string;
    subscores: Record<(typeof DIMENSIONS)[number], number | null>;
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
}

export const DEFAULT_HORIZONS = [60, 90] as const;

/** The band of a score with too little data behind it (coverage below the configured minimum). */
const UNKNOWN = 'Unknown';

export interface BacktestOptions<C extends TunableConfig> {
    dataset: RawDataset;
    scorer: Scorer<C>;
    config: C;
    horizons?: readonly number[];
    /** fit weights on a time-based split and compare on held-out outcomes */
    fit?: boolean;
    /** share of outcomes (earliest first) used for training; default 0.7 */
    trainShare?: number;
    fitOptions?: LogisticFitOptions;
    /** the fitted model's date (YYYY-MM-DD), for its version name; the caller reads the clock, not this module */
    fittedOn?: string;
    /** validates and completes a fitted configuration (the engine's parseModelConfig) */
    validateConfig?: (config: C) => C;
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

/** Scores every outcome at every horizon. Outcomes whose as-of date falls before any record are still scored. */
export function scoreOutcomes<C extends TunableConfig>(
    accounts: ReadonlyMap<string, AccountRecords>,
    outcomes: readonly Outcome[],
    horizons: readonly number[],
    scorer: Scorer<C>,
    config: C,
    onProgress?: (done: number, total: number) => void
): BacktestRow[] {
    const rows: BacktestRow[] = [];
    const total = outcomes.length * horizons.length;
    for (const outcome of outcomes) {
        const records = accounts.get(outcome.accountId);
        if (!records) continue;
        for (const horizonDays of horizons) {
            const asOf = addDays(outcome.date, -horizonDays);
            rows.push({
                outcome,
                horizonDays,
                asOf,
                result: scorer(recordsAsOf(records, asOf), asOf, config)
            });
            onProgress?.(rows.length, total);
        }
    }
    return rows;
}

/** All metrics for one horizon's rows. */
export function horizonMetrics(
    rows: readonly BacktestRow[],
    horizonDays: number,
    redThreshold: number
): HorizonResult {
    const own = rows.filter((row) => row.horizonDays === horizonDays);
    // a score without enough data behind it (band Unknown) is not a prediction: counted, not measured
    const scored = own.filter((row) => row.result.band !== UNKNOWN);
    const scores = scored.map((row) => row.result.score);
    const renewed = scored.map((row) => row.outcome.renewed);
    const counts = countOutcomes(renewed);
    const aucValue = auc(scores, renewed);
    const bothClasses = counts.renewed > 0 && counts.lost > 0;
    return {
        horizonDays,
        counts,
        unknown: own.length - scored.length,
        auc: aucValue,
        aucStandardError: aucStandardError(aucValue, counts.renewed, counts.lost),
        roc: rocCurve(scores, renewed),
        accuracy: accuracyAt(scores, renewed, redThreshold),
        bands: renewalRateByBand(
            own.map((row) => ({
                score: row.result.score,
                renewed: row.outcome.renewed,
                band: row.result.band
            }))
        ),
        lift: bottomDecileLift(scores, renewed),
        calibration: calibrationTable(
            scores,
            renewed,
            bothClasses ? plattMapping(scores, renewed) : () => (counts.renewed > 0 ? 1 : 0)
        )
    };
}

/** Runs the backtest (and the fit when asked) over a data set. Pure apart from calling the scorer. */
export function runBacktest<C extends TunableConfig>(options: BacktestOptions<C>): BacktestRun<C> {
    const horizons = [...(options.horizons ?? DEFAULT_HORIZONS)];
    const accounts = groupByAccount(options.dataset);
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
        'Current-state Account fields (days past due, ARR, renewal date, the stored health fields) are not dated, so the backtest never uses them; the qualitative overlay counts only when it was reviewed on or before the as-of date.'
    );
    const report: BacktestReport = {
        title: options.title ?? 'Account health backtest',
        source: options.source ?? 'data set',
        generatedOn: options.generatedOn ?? '',
        modelVersion: options.config.version,
        thresholds: {
            redThreshold: options.config.redThreshold,
            greenThreshold: options.config.greenThreshold
        },
        outcomes: {
            total: extraction.outcomes.length,
            renewalsWon: extraction.renewalsWon,
            renewalsLost: extraction.renewalsLost,
            churns: extraction.churns,
            duplicatesMerged: extraction.duplicatesMerged
        },
        notes,
        horizons: horizons.map((h) => horizonMetrics(rows, h, options.config.redThreshold))
    };
    const run: BacktestRun<C> = { report, rows };
    if (options.fit) {
        const fitted = fitAndCompare(accounts, extraction.outcomes, rows, horizons, options);
        report.fit = fitted.summary;
        if (fitted.config) run.fittedConfig = fitted.config;
    }
    return run;
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

function fitAndCompare<C extends TunableConfig>(
    accounts: ReadonlyMap<string, AccountRecords>,
    outcomes: readonly Outcome[],
    rows: readonly BacktestRow[],
    horizons: readonly number[],
    options: BacktestOptions<C>
): { summary: FitSummary; config?: C } {
    const warnings: string[] = [];
    const config = options.config;
    const fittedOn =
        options.fittedOn ??
        (outcomes.length ? (outcomes[outcomes.length - 1] as Outcome).date : '1970-01-01');
    const { splitDate } = timeSplit(outcomes, options.trainShare ?? 0.7);
    const train = rows.filter(
        (row) => splitDate !== null && row.outcome.date < splitDate && row.result.band !== UNKNOWN
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
        coefficients: { usage: 0, relationship: 0, support: 0, commercial: 0 },
        thresholds: { redThreshold: config.redThreshold, greenThreshold: config.greenThreshold, notes: [] },
        currentThresholds: { redThreshold: config.redThreshold, greenThreshold: config.greenThreshold },
        heldOut: [],
        modelVersion: config.version,
        files: [],
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

    const weightFit = fitDimensionWeights(
        train.map((row) => ({
            dimensions: DIMENSIONS.map((d) => row.result.subscores[d]),
            renewed: row.outcome.renewed
        })),
        options.fitOptions
    );
    if (!weightFit) {
        warnings.push('No dimension predicted renewal in the training period: the current weights are kept.');
        return { summary: empty() };
    }
    if (!weightFit.converged)
        warnings.push('The weight fit stopped before converging: treat the weights as approximate.');
    const [usage, relationship, support, commercial] = weightFit.weights as [number, number, number, number];
    const weighted = {
        ...config,
        version: `fitted-${fittedOn}`,
        active: false,
        usageWeight: usage,
        relationshipWeight: relationship,
        supportWeight: support,
        commercialWeight: commercial
    };

    // thresholds from the fitted score on the training outcomes (all horizons)
    const rescoreTrain = scoreRows(accounts, train, options.scorer, weighted);
    const thresholds = suggestThresholds(
        rescoreTrain.map((r) => r.score),
        train.map((row) => row.outcome.renewed),
        { redThreshold: config.redThreshold, greenThreshold: config.greenThreshold }
    );
    let fittedConfig: C = {
        ...weighted,
        redThreshold: thresholds.redThreshold,
        greenThreshold: thresholds.greenThreshold
    };
    if (options.validateConfig) fittedConfig = options.validateConfig(fittedConfig);

    const fittedTest = scoreRows(accounts, test, options.scorer, fittedConfig);
    const heldOut = horizons.map((horizonDays) => {
        const index = test
            .map((row, i) => (row.horizonDays === horizonDays ? i : -1))
            .filter((i) => i >= 0)
            .filter(
                (i) =>
                    (test[i] as BacktestRow).result.band !== UNKNOWN &&
                    (fittedTest[i] as ScoreAtDate).band !== UNKNOWN
            );
        const renewed = index.map((i) => (test[i] as BacktestRow).outcome.renewed);
        const defaultScores = index.map((i) => (test[i] as BacktestRow).result.score);
        const fittedScores = index.map((i) => (fittedTest[i] as ScoreAtDate).score);
        return {
            horizonDays,
            renewed: renewed.filter(Boolean).length,
            lost: renewed.filter((r) => !r).length,
            defaultAuc: auc(defaultScores, renewed),
            fittedAuc: auc(fittedScores, renewed),
            defaultRoc: rocCurve(defaultScores, renewed),
            fittedRoc: rocCurve(fittedScores, renewed),
            defaultBands: renewalRateByBand(
                index.map((i) => ({
                    ...(test[i] as BacktestRow).result,
                    renewed: (test[i] as BacktestRow).outcome.renewed
                }))
            ),
            fittedBands: renewalRateByBand(
                index.map((i) => ({
                    ...(fittedTest[i] as ScoreAtDate),
                    renewed: (test[i] as BacktestRow).outcome.renewed
                }))
            )
        };
    });
    const coefficients = Object.fromEntries(
        DIMENSIONS.map((d, j) => [d, weightFit.coefficients[j] as number])
    ) as DimensionWeights;
    return {
        summary: {
            splitDate,
            trainOutcomes: trainOutcomes.length,
            testOutcomes: testOutcomes.length,
            defaultWeights: weightsOf(config),
            fittedWeights: weightsOf(fittedConfig),
            coefficients,
            thresholds,
            currentThresholds: { redThreshold: config.redThreshold, greenThreshold: config.greenThreshold },
            heldOut,
            modelVersion: fittedConfig.version,
            files: [],
            warnings
        },
        config: fittedConfig
    };
}

function scoreRows<C extends TunableConfig>(
    accounts: ReadonlyMap<string, AccountRecords>,
    rows: readonly BacktestRow[],
    scorer: Scorer<C>,
    config: C
): ScoreAtDate[] {
    return rows.map((row) =>
        scorer(recordsAsOf(accounts.get(row.outcome.accountId) as AccountRecords, row.asOf), row.asOf, config)
    );
}
