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
