import { DEFAULT_MODEL_CONFIG } from '../engine';
import {
    compactionWindow,
    planCompaction,
    projectStorage,
    retentionPolicy,
    snapshotsKept
} from './retention';
import type { SnapshotRef } from './retention';

const DAY = 86_400_000;
const addDays = (date: string, days: number): string =>
    new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const AS_OF = '2026-11-20';
const POLICY = { dailyDays: 90, weeklyDays: 365 };

/** One snapshot a day for `days` days before AS_OF (exclusive), band Green unless `band` says otherwise. */
function daily(
    days: number,
    band: (asOf: string) => string = () => 'Green',
    accountId = 'A1'
): SnapshotRef[] {
    return Array.from({ length: days }, (_, i) => {
        const asOf = addDays(AS_OF, -(i + 1));
        return { id: `${accountId}-${asOf}`, accountId, asOf, band: band(asOf) };
    });
}

function kept(snapshots: SnapshotRef[], policy = POLICY): SnapshotRef[] {
    const removed = new Set(planCompaction(snapshots, AS_OF, policy));
    return snapshots.filter((s) => !removed.has(s.id));
}

test('daily for 90 days, the first snapshot of each ISO week to 365 days, the first of each month after', () => {
    const survivors = kept(daily(800));
    const ages = survivors.map((s) => (Date.parse(AS_OF) - Date.parse(s.asOf)) / DAY);
    // every day of the daily window
    expect(ages.filter((a) => a < 90)).toHaveLength(89); // ages 1..89
    // weekly zone: one per ISO week, each a Monday except where the zone starts mid-week
    const weekly = survivors.filter((s) => {
        const age = (Date.parse(AS_OF) - Date.parse(s.asOf)) / DAY;
        return age >= 90 && age <= 365;
    });
    const weekKeys = weekly.map((s) => {
        const day = Date.parse(s.asOf) / DAY;
        return day - ((day + 3) % 7);
    });
    expect(new Set(weekKeys).size).toBe(weekly.length);
    expect(weekly.length).toBeGreaterThanOrEqual(39);
    expect(weekly.length).toBeLessThanOrEqual(41);
    // monthly zone: one per calendar month
    const monthly = survivors.filter((s) => (Date.parse(AS_OF) - Date.parse(s.asOf)) / DAY > 365);
    expect(new Set(monthly.map((s) => s.asOf.slice(0, 7))).size).toBe(monthly.length);
    expect(monthly.every((s, i, all) => i === 0 || s.asOf.slice(0, 7) !== all[i - 1]?.asOf.slice(0, 7))).toBe(
        true
    );
    expect(survivors.length).toBeLessThan(89 + 41 + 16);
});

test('compaction is stable: running it again the next day deletes only what moved out of a zone', () => {
    const first = kept(daily(500));
    const nextDay = '2026-11-21';
    const second = planCompaction(first, nextDay, POLICY);
    // One day moves from daily to weekly and at most one from weekly to monthly each day.
    expect(second.length).toBeLessThanOrEqual(2);
    expect(
        planCompaction(
            first.filter((s) => !second.includes(s.id)),
            nextDay,
            POLICY
        )
    ).toEqual([]);
});

test('a band change is never compacted away: trend and backtest history keep every band transition', () => {
    const redDays = new Set([addDays(AS_OF, -200), addDays(AS_OF, -199), addDays(AS_OF, -500)]);
    const survivors = kept(daily(800, (d) => (redDays.has(d) ? 'Red' : 'Green')));
    const asOfs = survivors.map((s) => s.asOf);
    expect(asOfs).toContain(addDays(AS_OF, -200)); // entered Red (first of the two Red days)
    expect(asOfs).toContain(addDays(AS_OF, -198)); // back to Green
    expect(asOfs).toContain(addDays(AS_OF, -500)); // a one-day Red in the monthly zone
    expect(asOfs).toContain(addDays(AS_OF, -499));
});

test('accounts are compacted independently; nothing inside the daily window is ever planned', () => {
    const snapshots = [...daily(120, undefined, 'A1'), ...daily(60, undefined, 'A2')];
    const removed = planCompaction(snapshots, AS_OF, POLICY);
    expect(removed.every((id) => id.startsWith('A1-'))).toBe(true);
    expect(removed.length).toBeGreaterThan(0);
});

test('the daily window is never shorter than the trend window + 60 days (what the sync reads for trends)', () => {
    expect(retentionPolicy({ ...DEFAULT_MODEL_CONFIG, retentionDailyDays: 10, trendWindowDays: 30 })).toEqual(
        {
            dailyDays: 90,
            weeklyDays: 365
        }
    );
    expect(retentionPolicy(DEFAULT_MODEL_CONFIG)).toEqual({ dailyDays: 90, weeklyDays: 365 });
    expect(compactionWindow(AS_OF, POLICY)).toEqual({
        from: addDays(AS_OF, -427),
        before: addDays(AS_OF, -89)
    });
});

test('projected storage: 100,000 accounts keep about 130 snapshots each after a year instead of 365', () => {
    expect(snapshotsKept(365, POLICY)).toBe(90 + 40);
    expect(snapshotsKept(3 * 365, POLICY)).toBe(90 + 40 + 24);
    const projection = projectStorage(100_000, POLICY);
    expect(projection.bytesYear1Uncompacted / 1024 ** 3).toBeCloseTo(69.6, 1);
    expect(projection.bytesYear1 / 1024 ** 3).toBeCloseTo(24.8, 1);
});
