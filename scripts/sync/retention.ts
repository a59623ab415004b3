/**
 * Snapshot retention: one Account_Health_Snapshot__c per account per day grows without end (100,000 accounts ≈
 * 73 GB a year at 2 KB a record). The sync compacts as it runs:
 *
 *   - daily:   every snapshot of the last `dailyDays` days (Retention_Daily_Days__c, default 90; never fewer than
 *              the trend window + 60 days, the window the sync itself reads for trends);
 *   - weekly:  older than that, up to `weeklyDays` (Retention_Weekly_Days__c, default 365): the first snapshot of
 *              each ISO week (Monday to Sunday);
 *   - monthly: older still: the first snapshot of each calendar month, kept for good.
 *
 * Whatever the period, a snapshot whose band differs from the previous kept one is kept too: band changes are
 * what trend charts and the backtest's "entered Red" questions need. The newest snapshot of an account is never
 * in the compaction window. A backtest cut on a compacted date reads the nearest earlier kept snapshot as its trend
 * baseline (at most 6 days earlier in the weekly zone, 30 in the monthly zone).
 *
 * The plan is pure (planCompaction); the sync reads the window in its own snapshot query (no extra request)
 * and compactSnapshots deletes. Reading only the window
 * [as-of - weeklyDays - 62, as-of - dailyDays] keeps a nightly run cheap: everything older was compacted by
 * earlier runs (a month is shorter than the 62-day margin, so a bucket never straddles the window's lower edge
 * while it still has snapshots to delete).
 */
import type { ModelConfig } from '../engine';
import type { FlatRecord, SalesforceClient } from '../salesforce/client';

/** Salesforce counts most custom object records as 2 KB of data storage. */
export const BYTES_PER_RECORD = 2 * 1024;
const WINDOW_MARGIN_DAYS = 62;
const DAY_MS = 86_400_000;

export interface RetentionPolicy {
    dailyDays: number;
    weeklyDays: number;
}

export interface SnapshotRef {
    id: string;
    accountId: string;
    asOf: string;
    band: string | null;
}

export interface CompactionResult {
    policy: RetentionPolicy;
    window: { from: string; before: string };
    read: number;
    deleted: number;
    failed: number;
    failures: { id: string; errorCode: string; message: string }[];
}

export interface StorageProjection {
    accounts: number;
    /** Snapshots per account kept after one year, and after three years, under the policy. */
    perAccountYear1: number;
    perAccountYear3: number;
    bytesYear1: number;
    bytesYear3: number;
    /** Without compaction: one snapshot per account per day. */
    bytesYear1Uncompacted: number;
}

export function retentionPolicy(
    config: Pick<ModelConfig, 'retentionDailyDays' | 'retentionWeeklyDays' | 'trendWindowDays'>
): RetentionPolicy {
    const dailyDays = Math.max(config.retentionDailyDays, config.trendWindowDays + 60);
    return { dailyDays, weeklyDays: Math.max(config.retentionWeeklyDays, dailyDays) };
}

const dayNumber = (date: string): number => Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS);
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The Monday of the ISO week of a day number (day 0 = 1970-01-01, a Thursday). */
const weekStart = (day: number): number => day - ((day + 3) % 7);

/** The compaction window: snapshots dated in [from, before) are considered. */
export function compactionWindow(asOf: string, policy: RetentionPolicy): { from: string; before: string } {
    const today = dayNumber(asOf);
    return {
        from: dateOf(today - policy.weeklyDays - WINDOW_MARGIN_DAYS),
        // ages 0 .. dailyDays - 1 are the daily zone; age dailyDays is the first compactable day
        before: dateOf(today - policy.dailyDays + 1)
    };
}

/**
 * Which snapshots to delete. `snapshots` are those in the compaction window (any order). Per account, oldest
 * first: keep the first of each bucket (ISO week in the weekly zone, calendar month beyond) and every band change.
 */
export function planCompaction(
    snapshots: readonly SnapshotRef[],
    asOf: string,
    policy: RetentionPolicy
): string[] {
    const today = dayNumber(asOf);
    const byAccount = new Map<string, SnapshotRef[]>();
    for (const s of snapshots) {
        const list = byAccount.get(s.accountId);
        if (list) list.push(s);
        else byAccount.set(s.accountId, [s]);
    }
    const remove: string[] = [];
    for (const list of byAccount.values()) {
        list.sort((a, b) => a.asOf.localeCompare(b.asOf) || a.id.localeCompare(b.id));
        const seenBuckets = new Set<string>();
        let keptBand: string | null | undefined;
        for (const s of list) {
            const day = dayNumber(s.asOf);
            const age = today - day;
            if (age < policy.dailyDays) continue; // daily zone: not compacted (outside the window anyway)
            const bucket = age <= policy.weeklyDays ? `w${weekStart(day)}` : `m${s.asOf.slice(0, 7)}`;
            const bandChanged = keptBand !== undefined && (s.band ?? null) !== keptBand;
            if (!seenBuckets.has(bucket) || bandChanged) {
                seenBuckets.add(bucket);
                keptBand = s.band ?? null;
                continue;
            }
            remove.push(s.id);
        }
    }
    return remove;
}

/** Plans and deletes (Bulk API 2.0 above the client's threshold). `snapshots`: those read in the window. A dry run only plans. */
export async function compactSnapshots(options: {
    client: SalesforceClient;
    asOf: string;
    policy: RetentionPolicy;
    dryRun: boolean;
    snapshots: readonly SnapshotRef[];
}): Promise<CompactionResult> {
    const { client, asOf, policy } = options;
    const ids = planCompaction(options.snapshots, asOf, policy);
    const result: CompactionResult = {
        policy,
        window: compactionWindow(asOf, policy),
        read: options.snapshots.length,
        deleted: 0,
        failed: 0,
        failures: []
    };
    if (options.dryRun || ids.length === 0) {
        result.deleted = options.dryRun ? ids.length : 0;
        return result;
    }
    const rows: FlatRecord[] = ids.map((Id) => ({ Id }));
    const written = await client.write('Account_Health_Snapshot__c', 'delete', rows);
    result.deleted = written.succeeded;
    result.failed = written.failures.length;
    result.failures = written.failures.slice(0, 20).map((f) => ({
        id: String(f.row.Id ?? ''),
        errorCode: f.errorCode,
        message: f.message
    }));
    return result;
}

/** Snapshots an account keeps after `days` of daily runs under the policy (ignoring extra band-change keeps). */
export function snapshotsKept(days: number, policy: RetentionPolicy): number {
    const daily = Math.min(days, policy.dailyDays);
    const weekly = Math.max(0, Math.min(days, policy.weeklyDays) - policy.dailyDays) / 7;
    const monthly = (Math.max(0, days - policy.weeklyDays) * 12) / 365;
    return Math.ceil(daily + weekly + monthly);
}

export function projectStorage(accounts: number, policy: RetentionPolicy): StorageProjection {
    const perAccountYear1 = snapshotsKept(365, policy);
    const perAccountYear3 = snapshotsKept(3 * 365, policy);
    return {
        accounts,
        perAccountYear1,
        perAccountYear3,
        bytesYear1: accounts * perAccountYear1 * BYTES_PER_RECORD,
        bytesYear3: accounts * perAccountYear3 * BYTES_PER_RECORD,
        bytesYear1Uncompacted: accounts * 365 * BYTES_PER_RECORD
    };
}

export function formatBytes(bytes: number): string {
    if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
    if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
    return `${Math.round(bytes / 1024)} KB`;
}
