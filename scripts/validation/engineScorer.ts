/**
 * The backtest's scorer over the real engine: one account's point-in-time records → the dataset mapping →
 * scoreAccount. No outcome-inflation damping (that needs the whole portfolio at each as-of date).
 */
import { scoreAccount, type ModelConfig, type SignalDefinition, type SignalObservation } from '../engine';
import { MODEL_CONFIG_KEYS, MODEL_CONFIG_SPEC } from '../engine/config';
import type { KeyRule } from './learn';
import { mapAccountRecords } from './mapping';
import type { Scorer } from './backtest';

/** Admin-defined signals for the backtest: definitions and every account's dated values (scripts/dataset/signals.ts). */
export interface BacktestSignals {
    definitions: readonly SignalDefinition[];
    values: ReadonlyMap<string, readonly SignalObservation[]>;
}

/** The engine scorer with admin-defined signals (values after each as-of date are ignored by the engine). */
export function engineScorerWith(signals: BacktestSignals | null): Scorer<ModelConfig> {
    if (!signals) return engineScorer;
    return (records, asOf, config) => scoreWith(records, asOf, config, signals);
}

export const engineScorer: Scorer<ModelConfig> = (records, asOf, config) =>
    scoreWith(records, asOf, config, null);

function scoreWith(
    records: Parameters<Scorer<ModelConfig>>[0],
    asOf: string,
    config: ModelConfig,
    signals: BacktestSignals | null
) {
    const input = mapAccountRecords(records);
    const result = signals
        ? scoreAccount({ ...input, signals: signals.values.get(input.id) ?? [] }, config, asOf, {
              signals: signals.definitions
          })
        : scoreAccount(input, config, asOf);
    const decisionMakers = new Set(
        result.contacts.filter((c) => c.role === 'Decision Maker').map((c) => c.contactId)
    );
    // An Unknown account shows no score, but the backtest still ranks it by what the model computed.
    return {
        score: result.modelScore,
        band: result.band,
        subscores: result.subscores,
        // a decision maker's contact part is learned apart from the other contacts' (learn.ts PART_SPECS)
        drivers: result.drivers.map((driver) => ({
            code:
                driver.code === 'CONTACT' &&
                driver.recordId !== undefined &&
                decisionMakers.has(driver.recordId)
                    ? 'CONTACT_DECISION_MAKER'
                    : driver.code,
            points: driver.points,
            ...(driver.dimension ? { dimension: driver.dimension } : {})
        }))
    };
}

/** The documented rule (sign, bounds, whole number) of every numeric configuration key, for the learned model. */
export const engineKeyRules: Record<string, KeyRule | undefined> = Object.fromEntries(
    MODEL_CONFIG_KEYS.map((key) => [key, MODEL_CONFIG_SPEC[key].rule])
);
