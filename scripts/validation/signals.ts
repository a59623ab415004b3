/**
 * Fitting the weight of admin-defined signals (issue 17): for each signal, the backtest is run with candidate
 * weights (the other signals at their own), the weight with the best AUC on the earlier outcomes (the training
 * period, as --fit splits them) is suggested, and both weights are compared on the later, held-out outcomes.
 */
import type { ModelConfig, SignalDefinition } from '../engine';
import { runBacktest, timeSplit, type Scorer } from './backtest';
import { engineScorerWith, type BacktestSignals } from './engineScorer';
import { auc } from './metrics';
import type { RawDataset } from './synthetic';

export const SIGNAL_WEIGHT_CANDIDATES = [0, 5, 10, 20, 30, 40, 50] as const;

export interface SignalWeightFit {
    name: string;
    label: string;
    dimension: string;
    current: number;
    suggested: number;
    horizonDays: number;
    trainOutcomes: number;
    testOutcomes: number;
    /** AUC on the training outcomes per candidate weight (0 = without the signal). */
    candidates: { weight: number; trainAuc: number }[];
    heldOut: { current: number; suggested: number };
}

/** Scores with these definitions (the segment scorer when segment models are in use). */
export type ScorerFor = (signals: BacktestSignals) => Scorer<ModelConfig>;

export function fitSignalWeights(
    dataset: RawDataset,
    config: ModelConfig,
    signals: BacktestSignals,
    options: { horizonDays: number; trainShare: number; scorerFor?: ScorerFor }
): SignalWeightFit[] {
    const scorerFor = options.scorerFor ?? ((s: BacktestSignals) => engineScorerWith(s));
    const run = (definitions: readonly SignalDefinition[]) =>
        runBacktest({
            dataset,
            scorer: scorerFor({ definitions, values: signals.values }),
            config,
            horizons: [options.horizonDays],
            leadTime: false
        }).rows.filter((r) => r.result.score !== null && r.result.band !== 'Unknown');
    return signals.definitions.map((signal) => {
        const others = signals.definitions.filter((d) => d !== signal);
        const room =
            100 - others.filter((d) => d.dimension === signal.dimension).reduce((n, d) => n + d.weight, 0);
        const weights = [...new Set([...SIGNAL_WEIGHT_CANDIDATES, signal.weight])]
            .filter((w) => w <= room)
            .sort((a, b) => a - b);
        const rowsBy = new Map(
            weights.map((w) => [w, run(w === 0 ? others : [...others, { ...signal, weight: w }])] as const)
        );
        const any = rowsBy.get(signal.weight) ?? [];
        const { splitDate } = timeSplit(
            any.map((r) => r.outcome),
            options.trainShare
        );
        const split = (w: number, train: boolean) =>
            (rowsBy.get(w) ?? []).filter((r) =>
                splitDate === null ? train : train === r.outcome.date < splitDate
            );
        // NaN without both kinds of outcome (none at all included)
        const aucOf = (rows: ReturnType<typeof split>) =>
            auc(
                rows.map((r) => r.result.score as number),
                rows.map((r) => r.outcome.renewed)
            );
        const candidates = weights.map((weight) => ({ weight, trainAuc: aucOf(split(weight, true)) }));
        let best = candidates.find((c) => c.weight === signal.weight) ?? candidates[0];
        for (const c of candidates)
            if (
                best &&
                Number.isFinite(c.trainAuc) &&
                (!Number.isFinite(best.trainAuc) || c.trainAuc > best.trainAuc + 1e-9)
            )
                best = c;
        const suggested = best?.weight ?? signal.weight;
        return {
            name: signal.name,
            label: signal.label,
            dimension: signal.dimension,
            current: signal.weight,
            suggested,
            horizonDays: options.horizonDays,
            trainOutcomes: split(signal.weight, true).length,
            testOutcomes: split(signal.weight, false).length,
            candidates,
            heldOut: {
                current: aucOf(split(signal.weight, false)),
                suggested: aucOf(split(suggested, false))
            }
        };
    });
}

const f = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');

export function formatSignalFits(fits: readonly SignalWeightFit[]): string {
    const lines = ['Signals (weight fitted on the earlier outcomes, compared on the later ones):'];
    for (const fit of fits)
        lines.push(
            `  ${fit.label} (${fit.name}, ${fit.dimension}): weight ${fit.current} -> suggested ${fit.suggested}${fit.suggested === 0 ? ' (the signal does not help: consider deactivating it)' : ''}; held-out AUC at ${fit.horizonDays} days ${f(fit.heldOut.current)} -> ${f(fit.heldOut.suggested)} (${fit.trainOutcomes} training, ${fit.testOutcomes} held-out outcomes)`
        );
    return lines.join('\n');
}
