import type { AccountResult } from '../engine';
import {
    DRIVERS_MAX,
    PRIORITY_MAX,
    accountValues,
    driversJson,
    renewalCalibration,
    renewalProbability,
    renewalValues
} from './fields';

test('Health_Drivers__c stays within the Bulk API 2.0 limit of 32,000 characters per field', () => {
    expect(DRIVERS_MAX).toBe(32_000);
    // An explanation between 32,000 and 32,768 characters: the Long Text Area holds it, Bulk API refuses it.
    const drivers: { code: string; label: string; points: number }[] = [];
    const size = (): number =>
        JSON.stringify({ drivers, dataQuality: [], caps: [], divergence: null, expansionReasons: [] }).length;
    while (size() < 32_300) drivers.push({ code: `D${drivers.length}`, label: 'x'.repeat(60), points: -1 });
    const result = {
        drivers,
        dataQuality: [],
        caps: [],
        divergence: null,
        expansionReasons: []
    } as unknown as AccountResult;
    const full = JSON.stringify({
        drivers,
        dataQuality: [],
        caps: [],
        divergence: null,
        expansionReasons: []
    });
    expect(full.length).toBeGreaterThan(32_000);
    expect(full.length).toBeLessThanOrEqual(32_768);
    const json = driversJson(result);
    expect(json.length).toBeLessThanOrEqual(32_000);
    expect((JSON.parse(json) as { drivers: unknown[] }).drivers[0]).toEqual(drivers[0]);
});

test('Attention_Priority__c fits its Number(5, 1) field', () => {
    const result = {
        score: 50,
        band: 'Yellow',
        subscores: { usage: 1, relationship: 1, support: 1, commercial: 1 },
        drivers: [],
        dataQuality: [],
        caps: [],
        divergence: null,
        expansionReasons: [],
        attentionPriority: 123_456.78
    } as unknown as AccountResult;
    expect(accountValues(result).Attention_Priority__c).toBe(PRIORITY_MAX);
    expect(
        accountValues({ ...result, attentionPriority: 12.34 } as AccountResult).Attention_Priority__c
    ).toBe(12.3);
});

describe('risk-adjusted renewal (docs/reports.md)', () => {
    const scored = (score: number, arr: number | null, band = 'Yellow'): AccountResult =>
        ({ score, arr, band, bandChanged: false, previousBand: band }) as unknown as AccountResult;

    test('the shipped model (slope 0) is not calibrated: both fields are written blank, never a guess', () => {
        expect(renewalCalibration({ calibrationIntercept: 0, calibrationSlope: 0 })).toBeNull();
        expect(renewalCalibration({ calibrationIntercept: 1, calibrationSlope: Number.NaN })).toBeNull();
        expect(renewalValues(scored(80, 50_000), null)).toEqual({
            Renewal_Probability__c: null,
            Expected_Retained_ARR__c: null
        });
    });

    test('a calibrated model: P(renew) as the backtest fits it, and ARR x P', () => {
        const calibration = renewalCalibration({ calibrationIntercept: 1, calibrationSlope: 0.5 })!;
        expect(calibration).toEqual({ intercept: 1, slope: 0.5 });
        // score 70: 1 / (1 + e^-(1 + 0.5 * 2)) = 1 / (1 + e^-2) = 0.8808
        expect(renewalProbability(calibration, 70)).toBeCloseTo(0.8808, 4);
        expect(renewalValues(scored(70, 100_000), calibration)).toEqual({
            Renewal_Probability__c: 88.1,
            Expected_Retained_ARR__c: 88079.71
        });
        expect(renewalValues(scored(70, null), calibration).Expected_Retained_ARR__c).toBeNull();
        expect(renewalValues(scored(70, 100_000, 'Unknown'), calibration).Renewal_Probability__c).toBeNull();
    });
});
