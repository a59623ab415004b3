import type { AccountResult } from '../engine';
import { DRIVERS_MAX, PRIORITY_MAX, accountValues, driversJson } from './fields';

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
