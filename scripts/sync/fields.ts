/**
 * What the sync writes: engine results → Account, Contact and snapshot field values, and the comparison with
 * what the org already holds so that only changed fields are written (a rerun writes nothing).
 */
import type { AccountResult, ContactResult } from '../engine';
import { encodeTopDrivers } from '../engine/movement';
import type { FlatRecord } from '../salesforce/client';

/** Account fields the sync computes (all read back for the comparison). */
export const ACCOUNT_HEALTH_FIELDS = [
    'Health_Score__c',
    'Health_Band__c',
    'Health_Band_Since__c',
    'Health_Trend__c',
    'Health_Score_Change__c',
    'Health_Usage_Score__c',
    'Health_Relationship_Score__c',
    'Health_Support_Score__c',
    'Health_Commercial_Score__c',
    'Health_Coverage__c',
    'Health_Critical_Risk__c',
    'Health_Summary__c',
    'Health_Drivers__c',
    'Health_Model_Version__c',
    'Lifecycle_Stage__c',
    'Expansion_Ready__c',
    'Attention_Priority__c',
    'Health_Band_Previous__c',
    'Renewal_Probability__c',
    'Expected_Retained_ARR__c'
] as const;

export const CONTACT_HEALTH_FIELDS = [
    'Contact_Health_Score__c',
    'Contact_Health_Band__c',
    'Last_Engaged_On__c'
] as const;

export const SNAPSHOT_FIELDS = [
    'Account__c',
    'As_Of__c',
    'Score__c',
    'Band__c',
    'Usage_Score__c',
    'Relationship_Score__c',
    'Support_Score__c',
    'Commercial_Score__c',
    'Coverage__c',
    'Model_Version__c',
    'Top_Drivers__c',
    'Snapshot_Key__c'
] as const;

/** Bulk API 2.0 takes at most 32,000 characters per field (the Long Text Area itself holds 32,768). */
export const DRIVERS_MAX = 32_000;
const TEXT_MAX = 255;
/** Attention_Priority__c is Number(5, 1). */
export const PRIORITY_MAX = 9_999.9;

const whole = (n: number | null | undefined): number | null =>
    n === null || n === undefined ? null : Math.round(n);
const clip = (text: string | null | undefined, max = TEXT_MAX): string | null =>
    text ? (text.length > max ? `${text.slice(0, max - 1)}…` : text) : null;

/** Health_Drivers__c: the explanation the components read (see healthUtils.parseExplanation). */
export function driversJson(result: AccountResult): string {
    const explanation = {
        drivers: result.drivers,
        dataQuality: result.dataQuality,
        caps: result.caps,
        divergence: result.divergence,
        expansionReasons: result.expansionReasons
    };
    let json = JSON.stringify(explanation);
    // Keep the most important drivers when the explanation outgrows the Long Text Area.
    while (json.length > DRIVERS_MAX && explanation.drivers.length > 1) {
        explanation.drivers = explanation.drivers.slice(0, Math.ceil(explanation.drivers.length / 2));
        json = JSON.stringify(explanation);
    }
    return json;
}

/** The active model's renewal calibration (Calibration_Intercept__c a, Calibration_Slope__c b; docs/validation.md). */
export interface RenewalCalibration {
    intercept: number;
    slope: number;
}

/**
 * The calibration to use, or null when the active model is not calibrated: the shipped model has slope 0, and a
 * fit whose score does not predict renewal keeps slope 0 too, so a probability would not depend on the score.
 * Then the sync leaves Renewal_Probability__c and Expected_Retained_ARR__c blank and says "not calibrated".
 */
export function renewalCalibration(config: {
    calibrationIntercept: number;
    calibrationSlope: number;
}): RenewalCalibration | null {
    const { calibrationIntercept: intercept, calibrationSlope: slope } = config;
    return Number.isFinite(intercept) && Number.isFinite(slope) && slope > 0 ? { intercept, slope } : null;
}

/** P(renew) = 1 / (1 + e^-(a + b (score - 50) / 10)), as the backtest fits it (scripts/validation/learn.ts). */
export function renewalProbability(calibration: RenewalCalibration, score: number): number {
    return 1 / (1 + Math.exp(-(calibration.intercept + (calibration.slope * (score - 50)) / 10)));
}

/** Renewal_Probability__c (percent, one decimal) and Expected_Retained_ARR__c; blank without a calibration or a score. */
export function renewalValues(result: AccountResult, calibration: RenewalCalibration | null): FlatRecord {
    if (!calibration || result.band === 'Unknown' || result.score === null || result.score === undefined)
        return { Renewal_Probability__c: null, Expected_Retained_ARR__c: null };
    const p = renewalProbability(calibration, result.score);
    return {
        Renewal_Probability__c: Math.round(p * 1000) / 10,
        Expected_Retained_ARR__c:
            result.arr === null || result.arr === undefined ? null : Math.round(result.arr * p * 100) / 100
    };
}

/**
 * Account values the sync writes. Health_Band_Previous__c is written only when the band changes (it keeps the
 * band before the current one until the next change), so an unchanged band leaves it as it is.
 */
export function accountValues(
    result: AccountResult,
    calibration: RenewalCalibration | null = null
): FlatRecord {
    return {
        ...(result.bandChanged && result.previousBand
            ? { Health_Band_Previous__c: result.previousBand }
            : {}),
        ...renewalValues(result, calibration),
        Health_Score__c: whole(result.score),
        Health_Band__c: result.band,
        Health_Band_Since__c: result.bandSince,
        Health_Trend__c: result.trend,
        Health_Score_Change__c: whole(result.change),
        Health_Usage_Score__c: whole(result.subscores.usage),
        Health_Relationship_Score__c: whole(result.subscores.relationship),
        Health_Support_Score__c: whole(result.subscores.support),
        Health_Commercial_Score__c: whole(result.subscores.commercial),
        Health_Coverage__c: whole(result.coverage),
        Health_Critical_Risk__c: clip(result.criticalRisk),
        Health_Summary__c: clip(result.summary),
        Health_Drivers__c: driversJson(result),
        Health_Model_Version__c: clip(result.modelVersion, 40),
        Lifecycle_Stage__c: result.lifecycle,
        Expansion_Ready__c: result.expansionReady,
        // Number(5, 1): at most 9,999.9, else the org refuses the row (NUMBER_OUTSIDE_VALID_RANGE).
        Attention_Priority__c: Math.min(PRIORITY_MAX, Math.round(result.attentionPriority * 10) / 10)
    };
}

export function contactValues(contact: ContactResult): FlatRecord {
    return {
        Contact_Health_Score__c: whole(contact.score),
        Contact_Health_Band__c: contact.band,
        Last_Engaged_On__c: contact.lastActivityDate
    };
}

export function snapshotKey(accountId: string, asOf: string): string {
    return `${accountId}_${asOf}`;
}

export function snapshotValues(result: AccountResult): FlatRecord {
    return {
        Account__c: result.accountId,
        As_Of__c: result.asOf,
        Score__c: whole(result.score),
        Band__c: result.band,
        Usage_Score__c: whole(result.subscores.usage),
        Relationship_Score__c: whole(result.subscores.relationship),
        Support_Score__c: whole(result.subscores.support),
        Commercial_Score__c: whole(result.subscores.commercial),
        Coverage__c: whole(result.coverage),
        Model_Version__c: clip(result.modelVersion, 40),
        // "Why did it move": the compact top drivers the Account card diffs (scripts/engine/movement.ts).
        Top_Drivers__c: encodeTopDrivers(result),
        Snapshot_Key__c: snapshotKey(result.accountId, result.asOf)
    };
}

/**
 * One canonical text per value so that REST JSON (typed), Bulk CSV (strings) and engine output compare equal:
 * numbers by value, booleans as true/false, blanks as null, date-times as the instant.
 */
export function canonical(value: unknown): string | null {
    if (value === null || value === undefined || value === '') return null;
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'number') return String(Number(value.toFixed(6)));
    const text = String(value);
    if (/^-?\d+(\.\d+)?$/.test(text)) return String(Number(Number(text).toFixed(6)));
    if (/^(true|false)$/i.test(text)) return text.toLowerCase();
    return text;
}

/** The fields of `next` whose value differs from `current` (booleans: blank counts as false). */
export function changedFields(current: FlatRecord | undefined, next: FlatRecord): FlatRecord {
    const changed: FlatRecord = {};
    for (const [field, value] of Object.entries(next)) {
        let before = canonical(current?.[field]);
        let after = canonical(value);
        if (typeof value === 'boolean') {
            before = before ?? 'false';
            after = after ?? 'false';
        }
        if (before !== after) changed[field] = value;
    }
    return changed;
}
