// Public API of the scoring engine: a pure model (no Salesforce, no clock, no I/O).
import type { ModelConfig } from './config';
import { dayNumber } from './dates';
import { foldAccount } from './fold';
import { computeAccount } from './score';
import type { AccountInput, AccountResult, IsoDate, ScoreOptions } from './types';

export * from './types';
export {
    DEFAULT_MODEL_CONFIG,
    MODEL_CONFIG_KEYS,
    MODEL_CONFIG_SPEC,
    ModelConfigError,
    modelConfigFromMetadataRecord,
    modelConfigToMetadataFields,
    parseModelConfig
} from './config';
export type { ModelConfig } from './config';
export { EngineInputError, dayNumber, isoFromDayNumber, tryDayNumber } from './dates';
export { ContactAccumulator, bandForScore, contactScore } from './contact';
export { headerOf } from './fold';
export type { AccountHeader } from './fold';
export { OwnerOutcomeCounter, detectOutcomeInflation } from './inflation';
export type { OwnerOutcomeStats } from './inflation';
export {
    OVERRIDE_DRIVER_CODE,
    OVERRIDE_KINDS,
    activeOverride,
    overrideActiveOn,
    overrideLabel,
    overriddenScore,
    validateOverride
} from './overrides';
export { PortfolioScorer } from './portfolio';
export { ROLLUP_METHODS, rollUp, rollupMethodOf } from './rollup';
export {
    TOP_DRIVERS_VERSION,
    decodeTopDrivers,
    describeMovement,
    diffMovement,
    encodeTopDrivers
} from './movement';
export type { Movement, MovementItem, MovementPoint, TopDrivers } from './movement';
export type { RollupMember, RollupMethod, RollupOptions, RollupResult } from './rollup';
export type { PortfolioActivity, PortfolioResult, PortfolioStats, UserInput } from './portfolio';
export { roundToTotal } from './score';
export {
    CRITERION_OPERATORS,
    ModelSelector,
    SegmentError,
    criteriaFields,
    matchesCriteria,
    parseCriteria,
    parseSegmentsJson,
    validateCriteria
} from './segments';
export {
    SIGNAL_DIMENSIONS,
    SIGNAL_DRIVER_PREFIX,
    SignalDefinitionError,
    readSignal,
    signalLabel,
    signalScore,
    validateSignals
} from './signals';
export type {
    SignalAggregation,
    SignalDefinition,
    SignalDirection,
    SignalObservation,
    SignalReading
} from './signals';
export type { Criterion, CriterionOperator, CriterionValue, FieldDescription, Segment } from './segments';

/**
 * Scores one account as of `asOf` (YYYY-MM-DD). Pure: the same input, config and date always give the same
 * result. Records dated after `asOf` are ignored. `ownerDamping` applies outcome-inflation damping
 * (factor per rep Id) to that rep's Positive outcomes; PortfolioScorer computes it across all reps.
 */
export function scoreAccount(
    input: AccountInput,
    config: ModelConfig,
    asOf: IsoDate,
    options: ScoreOptions = {}
): AccountResult {
    const asOfDay = dayNumber(asOf, 'as-of date');
    return computeAccount(foldAccount(input, config, asOfDay, options.signals), asOf, options.ownerDamping);
}
