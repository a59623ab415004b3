/**
 * Org records → engine inputs. The mapping itself is the shared, pure one in scripts/dataset/records.ts
 * (docs/dataset-format.md "How records become model inputs"), so an org and a dataset folder score alike;
 * this module only names where a record came from for its error messages.
 */
import { MODEL_CONFIG_SPEC } from '../engine';
import type {
    AccountHeader,
    CaseInput,
    ContactInput,
    OpportunityInput,
    PortfolioActivity,
    SnapshotInput,
    UsagePeriodInput,
    UserInput
} from '../engine';
import {
    mapAccount,
    mapCase,
    mapContact,
    mapEvent,
    mapOpportunity,
    mapSnapshot,
    mapTask,
    mapUsage,
    mapUser
} from '../dataset/records';
import type { RecordLocation } from '../dataset/records';
import type { FlatRecord } from '../salesforce/client';

const at = (object: string, r: FlatRecord): RecordLocation => ({
    file: `org ${object}`,
    record: `Id ${String(r.Id ?? '?')}`
});

/** Health_Model__mdt field → config key, for the SELECT list. */
export function modelFieldNames(): Record<string, string> {
    return Object.fromEntries(Object.entries(MODEL_CONFIG_SPEC).map(([key, spec]) => [spec.field, key]));
}

export const accountHeader = (r: FlatRecord): AccountHeader => mapAccount(r, at('Account', r));
export const user = (r: FlatRecord): UserInput => mapUser(r, at('User', r));
export const contact = (r: FlatRecord): { accountId: string; contact: ContactInput } =>
    mapContact(r, at('Contact', r));
export const activity = (object: 'Task' | 'Event', r: FlatRecord): PortfolioActivity | null =>
    object === 'Task' ? mapTask(r, at('Task', r)) : mapEvent(r, at('Event', r));
export const opportunity = (r: FlatRecord): { accountId: string; opportunity: OpportunityInput } =>
    mapOpportunity(r, at('Opportunity', r));
export const supportCase = (r: FlatRecord): { accountId: string; supportCase: CaseInput } =>
    mapCase(r, at('Case', r));

export function usage(r: FlatRecord): { accountId: string; period: UsagePeriodInput } {
    const mapped = mapUsage(r, at('Product_Usage__c', r));
    return { accountId: mapped.accountId ?? '', period: mapped.period };
}

export const snapshot = (r: FlatRecord): { accountId: string; snapshot: SnapshotInput } =>
    mapSnapshot(r, at('Account_Health_Snapshot__c', r));

const CASE_PREFIX = '500';

/**
 * A Task or Event on a Case with no AccountId (the org fills AccountId from WhatId only for accounts,
 * opportunities, contracts and custom children of Account, otherwise from the WhoId contact): counted through
 * the Case's account. Returns the record to map, or 'unknown case' when the case's account is not known yet.
 */
export function throughCase(
    r: FlatRecord,
    caseAccounts: ReadonlyMap<string, string>
): FlatRecord | 'unknown case' {
    const accountId = r.AccountId;
    const whatId = r.WhatId === null || r.WhatId === undefined ? '' : String(r.WhatId);
    if (
        (accountId !== null && accountId !== undefined && accountId !== '') ||
        !whatId.startsWith(CASE_PREFIX)
    )
        return r;
    const account = caseAccounts.get(whatId) ?? caseAccounts.get(whatId.slice(0, 15));
    return account ? { ...r, AccountId: account } : 'unknown case';
}

// ---- picklist values the org has and the model does not know -------------------------------------------

/** The values the model reads, per object and field (case-insensitive; records.ts accepts exactly these). */
export const MODEL_VALUES: Record<string, Record<string, readonly string[]>> = {
    Account: {
        Champion_Status__c: ['Active', 'At Risk', 'Missing'],
        Executive_Engagement__c: ['Active', 'Lapsed', 'None'],
        Outcome_Narrative__c: ['Defensible', 'In Development', 'Missing'],
        Health_Band__c: ['Green', 'Yellow', 'Red', 'Unknown']
    },
    Contact: { Buying_Role__c: ['Decision Maker', 'Approver', 'Influencer', 'User'] },
    Task: { Outcome__c: ['Positive', 'Neutral', 'Negative'] },
    Event: { Outcome__c: ['Positive', 'Neutral', 'Negative'] },
    Case: { Severity__c: ['Sev1', 'Sev2', 'Sev3', 'Sev4'] },
    Account_Health_Snapshot__c: { Band__c: ['Green', 'Yellow', 'Red', 'Unknown'] }
};

/** `Object.Field` → org value → model value, or null for "no value" (the safe default). */
export type ValueMap = Record<string, Record<string, string | null>>;

/**
 * Values admins commonly add, mapped to the model's (docs/model-configuration.md "Picklist values your org
 * adds"). Anything else unknown becomes null: a contact with no buying role, an activity with no outcome, a
 * case whose severity comes from its Priority. The record is always kept.
 */
export const DEFAULT_VALUE_MAP: ValueMap = {
    'Contact.Buying_Role__c': {
        Champion: 'Influencer',
        'Economic Buyer': 'Decision Maker',
        'Executive Sponsor': 'Approver',
        'Technical Buyer': 'Influencer',
        'End User': 'User'
    },
    'Case.Severity__c': {
        Sev0: 'Sev1',
        Critical: 'Sev1',
        Urgent: 'Sev1',
        High: 'Sev2',
        Medium: 'Sev3',
        Low: 'Sev4'
    }
};

/** Checks a value map (from a file): known fields, model values only. Returns the problems. */
export function valueMapProblems(map: unknown): string[] {
    if (typeof map !== 'object' || map === null || Array.isArray(map)) return ['expected an object'];
    const problems: string[] = [];
    for (const [key, values] of Object.entries(map as Record<string, unknown>)) {
        const [object, field] = key.split('.');
        const allowed = object && field ? MODEL_VALUES[object]?.[field] : undefined;
        if (!allowed) {
            problems.push(
                `${key}: not a field the model reads (one of ${Object.entries(MODEL_VALUES)
                    .flatMap(([o, fields]) => Object.keys(fields).map((f) => `${o}.${f}`))
                    .join(', ')})`
            );
            continue;
        }
        if (typeof values !== 'object' || values === null || Array.isArray(values)) {
            problems.push(`${key}: expected an object of "org value": "model value"`);
            continue;
        }
        for (const [from, to] of Object.entries(values as Record<string, unknown>))
            if (to !== null && !allowed.some((v) => v.toLowerCase() === String(to).toLowerCase()))
                problems.push(
                    `${key}: "${from}" maps to "${String(to)}", not one of ${allowed.join(', ')} or null`
                );
    }
    return problems;
}

/**
 * Maps org picklist values the model does not know (an admin added Buying Role "Champion", Severity "Sev0")
 * through the value map, counting each, so that no record becomes unreadable and nothing is dropped silently.
 */
export class ValueMapper {
    /** `Object.Field` → org value → { to, count }. */
    readonly mapped: Record<string, Record<string, { to: string | null; count: number }>> = {};
    private readonly map: ValueMap;

    constructor(custom: ValueMap = {}) {
        this.map = { ...DEFAULT_VALUE_MAP };
        for (const [key, values] of Object.entries(custom))
            this.map[key] = { ...(DEFAULT_VALUE_MAP[key] ?? {}), ...values };
    }

    normalize(object: string, record: FlatRecord): FlatRecord {
        const fields = MODEL_VALUES[object];
        if (!fields) return record;
        let out = record;
        for (const [field, allowed] of Object.entries(fields)) {
            const value = record[field];
            if (value === null || value === undefined || value === '') continue;
            const text = String(value).trim();
            if (allowed.some((v) => v.toLowerCase() === text.toLowerCase())) continue;
            const key = `${object}.${field}`;
            const table = this.map[key] ?? {};
            const hit = Object.keys(table).find((k) => k.toLowerCase() === text.toLowerCase());
            const to = hit === undefined ? null : (table[hit] ?? null);
            const counts = (this.mapped[key] ??= {});
            const entry = (counts[text] ??= { to, count: 0 });
            entry.count += 1;
            if (out === record) out = { ...record };
            out[field] = to;
        }
        return out;
    }

    /** One line per field, e.g. `Contact.Buying_Role__c: "Champion" -> Influencer (3)`. */
    notices(): string[] {
        return Object.entries(this.mapped).map(
            ([key, values]) =>
                `${key}: ${Object.entries(values)
                    .map(([from, { to, count }]) => `"${from}" -> ${to ?? 'no value'} (${count})`)
                    .join(', ')}`
        );
    }
}
