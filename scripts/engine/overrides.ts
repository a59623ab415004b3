// Manual overrides (Health_Override__c): an owner or manager pins an account's band, or puts a ceiling or a floor
// under its score, with a reason and an expiry date. Pure: the engine picks the override active on the as-of date
// (point in time, so a backtest never sees an override set later) and applies it after the caps, as one named
// driver, so the drivers still add up exactly to the score.
import type { ModelConfig } from './config';
import { EngineInputError, dayNumber } from './dates';
import type { Band, IsoDate } from './types';

export type OverrideKind = 'Band' | 'Ceiling' | 'Floor';
export const OVERRIDE_KINDS: readonly OverrideKind[] = ['Band', 'Ceiling', 'Floor'];
/** The bands an override can pin (Unknown is "not enough data", never a judgement). */
export type OverrideBand = Exclude<Band, 'Unknown'>;

/** One Health_Override__c record. */
export interface OverrideInput {
    id: string;
    kind: OverrideKind;
    /** Band overrides: the band to show. */
    band: OverrideBand | null;
    /** Ceiling / Floor overrides: the score limit, 0-100. */
    score: number | null;
    /** Why (required on the record). */
    reason: string;
    /** Who set it (the record's creator), for the driver sentence; null when unknown. */
    setBy: string | null;
    /** The first day it applies (the day it was set). */
    startsOn: IsoDate;
    /** The last day it applies; from the day after, the model's own score is back. */
    expiresOn: IsoDate;
    /** Ended early (status Revoked): it no longer applies from this day on. */
    endedOn?: IsoDate | null;
}

/** The override that shaped a result (AccountResult.override). */
export interface AppliedOverride {
    id: string;
    kind: OverrideKind;
    band: OverrideBand | null;
    score: number | null;
    reason: string;
    setBy: string | null;
    expiresOn: IsoDate;
    /** The driver sentence: "Override by <name> until <date>: <reason>". */
    label: string;
}

export const OVERRIDE_DRIVER_CODE = 'OVERRIDE';

/** Whether the override applies on `asOfDay` (from startsOn through expiresOn, unless ended before). */
export function overrideActiveOn(override: OverrideInput, asOfDay: number): boolean {
    const starts = dayNumber(override.startsOn, 'override start');
    const expires = dayNumber(override.expiresOn, 'override expiry');
    const ended = override.endedOn ? dayNumber(override.endedOn, 'override end') : Number.POSITIVE_INFINITY;
    return starts <= asOfDay && asOfDay <= expires && asOfDay < ended;
}

/**
 * The override active on `asOfDay`, or null. Should several be active (the org allows one active override per
 * account; a dataset may not), the one set last wins, then the highest Id: the choice never depends on order.
 */
export function activeOverride(
    overrides: readonly OverrideInput[] | undefined,
    asOfDay: number
): OverrideInput | null {
    let best: OverrideInput | null = null;
    for (const override of overrides ?? []) {
        if (!overrideActiveOn(override, asOfDay)) continue;
        if (
            best === null ||
            override.startsOn > best.startsOn ||
            (override.startsOn === best.startsOn && override.id > best.id)
        )
            best = override;
    }
    return best;
}

/** Checks one override's values; throws EngineInputError naming the field. */
export function validateOverride(override: OverrideInput): void {
    const where = `Override ${override.id}`;
    if (!OVERRIDE_KINDS.includes(override.kind))
        throw new EngineInputError(`${where}: type must be Band, Ceiling or Floor`, 'Type__c', '');
    if (override.kind === 'Band' && !override.band)
        throw new EngineInputError(
            `${where}: a Band override needs a band (Green, Yellow or Red)`,
            'Band__c',
            ''
        );
    if (
        override.kind !== 'Band' &&
        (override.score === null ||
            !Number.isFinite(override.score) ||
            override.score < 0 ||
            override.score > 100)
    )
        throw new EngineInputError(
            `${where}: a ${override.kind} override needs a score from 0 to 100`,
            'Score__c',
            ''
        );
    if (!override.reason.trim())
        throw new EngineInputError(`${where}: a reason is required`, 'Reason__c', '');
    if (dayNumber(override.expiresOn, 'override expiry') < dayNumber(override.startsOn, 'override start'))
        throw new EngineInputError(`${where}: expires before it starts`, 'Expires_On__c', '');
}

/** The score range a band override pins: Green [green, 100], Yellow [red, green - 1], Red [0, red - 1]. */
function bandRange(band: OverrideBand, config: ModelConfig): [number, number] {
    if (band === 'Green') return [config.greenThreshold, 100];
    if (band === 'Yellow') return [config.redThreshold, config.greenThreshold - 1];
    return [0, config.redThreshold - 1];
}

/**
 * The score after the override, from the (capped, unrounded) score before it. A band override moves the score
 * just inside the band's range (so the band and the number agree and the decomposition stays exact); a ceiling
 * or floor clamps it. Returns the input unchanged when the override does not bind.
 */
export function overriddenScore(override: OverrideInput, score: number, config: ModelConfig): number {
    // Whole limits, so the rounded score never crosses them.
    if (override.kind === 'Ceiling') return Math.min(score, Math.round(override.score ?? 100));
    if (override.kind === 'Floor') return Math.max(score, Math.round(override.score ?? 0));
    const [low, high] = bandRange(override.band ?? 'Yellow', config);
    return Math.min(high, Math.max(low, score));
}

/** "Override by Dana Manager until 2026-12-31: renewal signed verbally" (the driver and summary sentence). */
export function overrideLabel(override: OverrideInput): string {
    const what =
        override.kind === 'Band'
            ? `band ${override.band ?? ''}`
            : `${override.kind === 'Ceiling' ? 'ceiling' : 'floor'} ${Math.round(override.score ?? 0)}`;
    return `Override by ${override.setBy?.trim() || 'a user'} until ${override.expiresOn.slice(0, 10)} (${what}): ${override.reason.trim()}`;
}

export function appliedOverride(override: OverrideInput): AppliedOverride {
    return {
        id: override.id,
        kind: override.kind,
        band: override.band,
        score: override.score,
        reason: override.reason,
        setBy: override.setBy,
        expiresOn: override.expiresOn.slice(0, 10),
        label: overrideLabel(override)
    };
}
