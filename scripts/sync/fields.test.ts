import type { AccountResult } from '../engine';
import { DRIVERS_MAX, driversJson } from './fields';

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
