/**
 * Manual overrides in the sync (Health_Override__c, docs/admin.md): read the overrides that can apply on the
 * as-of date, hand them to the engine (which applies the active one after the caps as a named driver), and
 * close the ones that have run out: Status Expired, Ended_On__c the day after the expiry, Owner_Notified_On__c
 * the as-of date, and one Task for the account owner saying so. The record itself is the audit trail (who set
 * it, when, why); field history tracks its changes.
 */
import type { OverrideInput, PortfolioScorer } from '../engine';
import { isoFromDayNumber, dayNumber } from '../engine';
import { DatasetError, MAPPED_FIELDS, mapOverride } from '../dataset/records';
import type { FlatRecord, SalesforceClient, WriteResult } from '../salesforce/client';
import { errorCodeOf } from '../salesforce/errors';

/** What the mapper reads (kept in step by records.test.ts), plus the account's name and owner for the expiry Task. */
export const OVERRIDE_FIELDS: readonly string[] = [
    ...(MAPPED_FIELDS.Health_Override__c ?? []),
    'Account__r.Name',
    'Account__r.OwnerId'
];

/** The play key on the owner's Task (Task.Health_Play_Key__c): shown with the playbook Tasks on the card. */
export const OVERRIDE_EXPIRED_PLAY = 'Override_Expired';

/** Overrides still marked Active, and any whose dates reach the as-of date (a backfill can need an old one). */
export function overrideQuery(asOf: string): string {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`as-of date must be YYYY-MM-DD: ${asOf}`);
    return `SELECT ${OVERRIDE_FIELDS.join(', ')} FROM Health_Override__c WHERE Status__c = 'Active' OR Expires_On__c >= ${asOf}`;
}

export interface ReadOverride {
    accountId: string;
    accountName: string;
    ownerId: string | null;
    status: string;
    override: OverrideInput;
}

export interface OverrideRead {
    overrides: ReadOverride[];
    /** The org has no Health_Override__c (metadata older than this version): overrides are skipped. */
    missing: boolean;
    skipped: string[];
}

/** Reads the overrides (REST: a handful of records) and feeds each to the scorer. */
export async function readOverrides(
    client: SalesforceClient,
    asOf: string,
    scorer: PortfolioScorer
): Promise<OverrideRead> {
    const out: OverrideRead = { overrides: [], missing: false, skipped: [] };
    try {
        for await (const page of client.query(overrideQuery(asOf), {
            object: 'Health_Override__c',
            rest: true
        })) {
            for (const record of page) {
                try {
                    const mapped = mapOverride(record, {
                        file: 'org Health_Override__c',
                        record: `Id ${String(record.Id ?? '?')}`
                    });
                    if (!scorer.addOverride(mapped.accountId, mapped.override)) continue;
                    out.overrides.push({
                        accountId: mapped.accountId,
                        accountName: String(record['Account__r.Name'] ?? ''),
                        ownerId: record['Account__r.OwnerId'] ? String(record['Account__r.OwnerId']) : null,
                        status: mapped.status,
                        override: mapped.override
                    });
                } catch (error) {
                    // A record the engine cannot use (no reason, no band...) is reported, never applied half.
                    if (
                        error instanceof DatasetError ||
                        (error instanceof Error && error.name === 'EngineInputError')
                    )
                        out.skipped.push(error.message);
                    else throw error;
                }
            }
        }
    } catch (error) {
        const code = errorCodeOf(error);
        if (code === 'INVALID_TYPE' || code === 'NOT_FOUND') {
            out.missing = true;
            return out;
        }
        throw error;
    }
    return out;
}

export interface ExpiryPlan {
    /** Health_Override__c updates: Status Expired, Ended_On__c, Owner_Notified_On__c. */
    updates: FlatRecord[];
    /** One Task per expired override, for the account owner. */
    tasks: FlatRecord[];
}

/**
 * The overrides still marked Active whose expiry date is before the as-of date: what to write to close them and
 * tell the owner. `scores` gives the account's score and band this run (the model's own again).
 */
export function planExpiries(
    overrides: readonly ReadOverride[],
    asOf: string,
    scores: ReadonlyMap<string, { score: number | null; band: string }>
): ExpiryPlan {
    const plan: ExpiryPlan = { updates: [], tasks: [] };
    const today = dayNumber(asOf, 'as-of date');
    for (const { accountId, accountName, ownerId, status, override } of overrides) {
        if (status !== 'Active') continue;
        const expires = dayNumber(override.expiresOn, 'override expiry');
        if (expires >= today) continue;
        plan.updates.push({
            Id: override.id,
            Status__c: 'Expired',
            Ended_On__c: isoFromDayNumber(expires + 1),
            Owner_Notified_On__c: asOf
        });
        const now = scores.get(accountId);
        const what =
            override.kind === 'Band'
                ? `band ${override.band ?? ''}`
                : `${override.kind.toLowerCase()} ${override.score ?? ''}`;
        const back = now
            ? now.score === null
                ? `The account is back on the model: ${now.band}.`
                : `The account is back on the model: ${now.score} (${now.band}).`
            : 'The account is back on the model score.';
        plan.tasks.push({
            WhatId: accountId,
            ...(ownerId ? { OwnerId: ownerId } : {}),
            Subject: `Health override expired: ${accountName || accountId}`.slice(0, 255),
            Description: `The health override (${what}) set by ${override.setBy ?? 'a user'} on ${override.startsOn} expired on ${override.expiresOn}. Reason given: ${override.reason}\n${back} Set a new override if the judgement still holds.`,
            ActivityDate: asOf,
            Status: 'Not Started',
            Priority: 'Normal',
            Health_Play_Key__c: OVERRIDE_EXPIRED_PLAY
        });
    }
    return plan;
}

/** Writes the plan: the owner's Tasks first, then the overrides (only those whose Task was created). */
export async function closeExpired(
    client: SalesforceClient,
    plan: ExpiryPlan
): Promise<{ written: WriteResult[]; expired: number }> {
    const written: WriteResult[] = [];
    if (plan.tasks.length === 0) return { written, expired: 0 };
    const tasks = await client.write('Task', 'insert', plan.tasks);
    written.push(tasks);
    // Failed rows come back as written (REST) or re-read from the results CSV (Bulk): match by content.
    const key = (row: FlatRecord) => `${String(row.WhatId)}\u0000${String(row.Description ?? '')}`;
    const failed = new Set(tasks.failures.map((f) => key(f.row)));
    // An override whose owner could not be told stays Active (and expired for the engine): the next run retries.
    const updates = plan.updates.filter((_, i) => !failed.has(key(plan.tasks[i] as FlatRecord)));
    if (updates.length === 0) return { written, expired: 0 };
    const result = await client.write('Health_Override__c', 'update', updates);
    written.push(result);
    return { written, expired: result.succeeded };
}
