/**
 * The history side of a backtest, on raw records (Salesforce field names, docs/dataset-format.md):
 * grouping a data set by account, finding the outcomes (renewals won/lost, churn dates), and cutting one
 * account's records back to what existed on an as-of date. The engine ignores later-dated records too; this
 * cut is the second, independent guard, and it also removes what the engine cannot know is "current state"
 * (the Account's computed health fields, days past due, an overlay reviewed after the as-of date).
 */
import { mapEvent, mapTask } from '../dataset/records';
import { ACCOUNT_HEALTH_FIELDS } from '../sync/fields';
import {
    ACTIVITIES,
    activitiesAsOf,
    activitiesFromRecords,
    dateOf,
    engagedIds,
    keyDate,
    recordsOf,
    text,
    type ActivityObject,
    type ActivitySet
} from './activities';
import type { RawDataset, RawRecord, RawValue } from './synthetic';

export { dateOf };

export interface AccountRecords {
    account: RawRecord;
    contacts: RawRecord[];
    /**
     * The account's Task and Event records, when they are held as records (a data set in memory, a test); empty
     * when `activities` comes from a dataset folder. What the backtest reads is {@link activitiesOf}.
     */
    tasks: RawRecord[];
    events: RawRecord[];
    /** The account's Tasks then Events in compact form (./activities); absent: made from `tasks` and `events`. */
    activities?: ActivitySet;
    opportunities: RawRecord[];
    cases: RawRecord[];
    usage: RawRecord[];
    snapshots: RawRecord[];
}

const SOMEWHERE = { file: 'record', record: 'record' };
const mapActivity = (object: ActivityObject, record: RawRecord) =>
    object === 'Task' ? mapTask(record, SOMEWHERE) : mapEvent(record, SOMEWHERE);

/** Task and Event records (in memory) as a compact set; `knownIds`: the data set's account Ids. */
export function activitiesFrom(
    tasks: readonly RawRecord[],
    events: readonly RawRecord[],
    knownIds: Iterable<string> = []
): ActivitySet {
    return activitiesFromRecords(tasks, events, mapActivity, knownIds);
}

/** The account's activities: `activities`, else its `tasks` and `events` records made compact. */
export function activitiesOf(records: AccountRecords): ActivitySet {
    return records.activities ?? activitiesFrom(records.tasks, records.events);
}
const truthy = (value: RawValue | undefined) => value === true || value === 'true' || value === 'TRUE';
const falsy = (value: RawValue | undefined) => value === false || value === 'false' || value === 'FALSE';

/** What {@link attachRecords} could not attach, so a report can say so instead of dropping rows silently. */
export interface AttachmentSummary {
    /** object API name -> records that named no account of the data set (or no account at all) */
    unattached: Record<string, number>;
    /** usage rows attached by a Customer_Key__c that differs from the Account's only in letter case */
    keyCaseMatches: number;
}

/** Groups every record under its account (rules of docs/dataset-format.md "How records become model inputs"). */
export function groupByAccount(dataset: RawDataset): Map<string, AccountRecords> {
    return attachRecords(dataset).accounts;
}

/**
 * Groups every record under its account and counts what could not be attached. Customer_Key__c is matched
 * as Salesforce matches an External ID that is not marked case-sensitive: ignoring letter case
 * (docs/validation.md cites the documentation).
 */
export function attachRecords(dataset: RawDataset): {
    accounts: Map<string, AccountRecords>;
    attachment: AttachmentSummary;
} {
    const accounts = new Map<string, AccountRecords>();
    const byCustomerKey = new Map<string, { id: string; key: string }>();
    const unattached: Record<string, number> = {};
    let keyCaseMatches = 0;
    const miss = (object: string) => (unattached[object] = (unattached[object] ?? 0) + 1);
    for (const account of dataset.Account ?? []) {
        const id = text(account.Id);
        if (!id) {
            miss('Account');
            continue;
        }
        accounts.set(id, {
            account,
            contacts: [],
            tasks: [],
            events: [],
            opportunities: [],
            cases: [],
            usage: [],
            snapshots: []
        });
        const key = text(account.Customer_Key__c);
        if (key) byCustomerKey.set(key.toLowerCase(), { id, key });
    }
    const attach = (object: string, accountId: string | null | undefined, record: RawRecord) => {
        const records = accounts.get(accountId ?? '');
        if (!records) {
            miss(object);
            return;
        }
        const list = {
            Contact: records.contacts,
            Opportunity: records.opportunities,
            Case: records.cases,
            Product_Usage__c: records.usage,
            Account_Health_Snapshot__c: records.snapshots
        }[object];
        list?.push(record);
    };
    const contactAccount = new Map<string, string>();
    for (const contact of dataset.Contact ?? []) {
        const accountId = text(contact.AccountId);
        const id = text(contact.Id);
        if (id && accountId) contactAccount.set(id, accountId);
        attach('Contact', accountId, contact);
    }
    attachActivities(
        dataset[ACTIVITIES] ?? activitiesFrom(dataset.Task ?? [], dataset.Event ?? [], accounts.keys()),
        accounts,
        contactAccount,
        miss
    );
    for (const opportunity of dataset.Opportunity ?? [])
        attach('Opportunity', text(opportunity.AccountId), opportunity);
    for (const supportCase of dataset.Case ?? []) attach('Case', text(supportCase.AccountId), supportCase);
    for (const period of dataset.Product_Usage__c ?? []) {
        let accountId = text(period.Account__c);
        if (!accountId) {
            const key = text(period.Customer_Key__c);
            const match = key ? byCustomerKey.get(key.toLowerCase()) : undefined;
            if (match && match.key !== key) keyCaseMatches++;
            accountId = match?.id ?? null;
        }
        attach('Product_Usage__c', accountId, period);
    }
    for (const snapshot of dataset.Account_Health_Snapshot__c ?? [])
        attach('Account_Health_Snapshot__c', text(snapshot.Account__c), snapshot);
    return { accounts, attachment: { unattached, keyCaseMatches } };
}

/**
 * Each activity under its account: AccountId, else a WhatId naming an account of the data set, else the account of
 * its WhoId's contact (the table must have had the accounts' Ids before its rows: ActivityTable knownIds). Each account gets its rows as one slice of a row array grouped by account (Tasks, then
 * Events, each in data set order); its `tasks` and `events` are their records when the table keeps them.
 */
function attachActivities(
    set: ActivitySet,
    accounts: ReadonlyMap<string, AccountRecords>,
    contactAccount: ReadonlyMap<string, string>,
    miss: (object: string) => void
): void {
    const { table, rows } = set;
    // by the table's string numbers (no hashing per activity): the account a string is the Id of, and the account
    // of the contact a string is the Id of; -1: none
    const accountOf = new Int32Array(table.strings.length).fill(-1);
    const numbers = new Map<string, number>();
    const list: AccountRecords[] = [];
    for (const [id, records] of accounts) {
        numbers.set(id, list.length);
        const string = table.find(id);
        if (string >= 0) accountOf[string] = list.length;
        list.push(records);
    }
    const viaContact = new Int32Array(table.strings.length).fill(-1);
    for (const [id, accountId] of contactAccount) {
        const string = table.find(id);
        if (string >= 0) viaContact[string] = numbers.get(accountId) ?? -1;
    }
    const owner = new Int32Array(rows.length);
    const starts = new Int32Array(list.length + 1);
    for (let i = 0; i < rows.length; i++) {
        const row = rows[i] as number;
        const account = table.account[row] as number;
        const what = table.what[row] as number;
        const who = table.who[row] as number;
        const number =
            account >= 0
                ? (accountOf[account] as number)
                : what >= 0 && (accountOf[what] as number) >= 0
                  ? (accountOf[what] as number)
                  : who >= 0
                    ? (viaContact[who] as number)
                    : -1;
        owner[i] = number;
        if (number < 0) miss(table.isTask(row) ? 'Task' : 'Event');
        else starts[number + 1] = (starts[number + 1] as number) + 1;
    }
    for (let n = 0; n < list.length; n++) starts[n + 1] = (starts[n + 1] as number) + (starts[n] as number);
    const grouped = new Int32Array(starts[list.length] as number);
    const next = starts.slice(0, list.length);
    for (let i = 0; i < rows.length; i++) {
        const number = owner[i] as number;
        if (number < 0) continue;
        const at = next[number] as number;
        grouped[at] = rows[i] as number;
        next[number] = at + 1;
    }
    list.forEach((records, n) => {
        const activities = { table, rows: grouped.subarray(starts[n], starts[n + 1]) };
        records.activities = activities;
        records.tasks = recordsOf(activities, 'Task');
        records.events = recordsOf(activities, 'Event');
    });
}

export interface Outcome {
    accountId: string;
    /** when the outcome happened: the renewal's close date or the churn date */
    date: string;
    renewed: boolean;
    source: 'renewal' | 'churn';
    /** the renewal opportunity's Id, or the account's Id for a churn */
    recordId: string;
}

export interface OutcomeExtraction {
    outcomes: Outcome[];
    renewalsWon: number;
    renewalsLost: number;
    churns: number;
    /** churn dates counted once because a lost renewal of the same account is the same event */
    duplicatesMerged: number;
}

/** A churn within this many days of a lost renewal of the same account is the same event. */
export const SAME_EVENT_DAYS = 120;

const dayNumber = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

export const isRenewal = (opportunity: RawRecord) => /renewal/i.test(text(opportunity.Type) ?? '');
function isClosed(opportunity: RawRecord): boolean {
    if (truthy(opportunity.IsClosed)) return true;
    if (falsy(opportunity.IsClosed)) return false;
    return /^closed/i.test(text(opportunity.StageName) ?? '');
}
function isWon(opportunity: RawRecord): boolean {
    if (truthy(opportunity.IsWon)) return true;
    if (falsy(opportunity.IsWon)) return false;
    return /^closed won$/i.test(text(opportunity.StageName) ?? '');
}

/**
 * Outcomes: every closed renewal opportunity (won = renewed) and every Account.Churned_On__c (not renewed),
 * except a churn within {@link SAME_EVENT_DAYS} days of a lost renewal of the same account, which is the
 * same event and counted once (as the renewal). Sorted by date, then account.
 */
export function extractOutcomes(accounts: ReadonlyMap<string, AccountRecords>): OutcomeExtraction {
    const outcomes: Outcome[] = [];
    let renewalsWon = 0;
    let renewalsLost = 0;
    let churns = 0;
    let duplicatesMerged = 0;
    for (const [accountId, records] of accounts) {
        const lostRenewalDays: number[] = [];
        for (const opportunity of records.opportunities) {
            const closeDate = dateOf(opportunity.CloseDate);
            if (!isRenewal(opportunity) || !isClosed(opportunity) || !closeDate) continue;
            const renewed = isWon(opportunity);
            if (renewed) renewalsWon++;
            else {
                renewalsLost++;
                lostRenewalDays.push(dayNumber(closeDate));
            }
            outcomes.push({
                accountId,
                date: closeDate,
                renewed,
                source: 'renewal',
                recordId: text(opportunity.Id) ?? accountId
            });
        }
        const churnedOn = dateOf(records.account.Churned_On__c);
        if (churnedOn) {
            const churnDay = dayNumber(churnedOn);
            if (lostRenewalDays.some((day) => Math.abs(day - churnDay) <= SAME_EVENT_DAYS))
                duplicatesMerged++;
            else {
                churns++;
                outcomes.push({
                    accountId,
                    date: churnedOn,
                    renewed: false,
                    source: 'churn',
                    recordId: accountId
                });
            }
        }
    }
    outcomes.sort((a, b) => a.date.localeCompare(b.date) || a.accountId.localeCompare(b.accountId));
    return { outcomes, renewalsWon, renewalsLost, churns, duplicatesMerged };
}

/** Account fields that describe the present, not the as-of date: never given to a backtest. */
export const CURRENT_STATE_ACCOUNT_FIELDS = [
    'Days_Past_Due__c',
    'Renewal_Date__c',
    'ARR__c',
    'Churned_On__c',
    'Health_Scored_At__c',
    // what the sync computed: the present score must never score the past
    ...ACCOUNT_HEALTH_FIELDS
] as const;

const QUALITATIVE_FIELDS = [
    'Champion_Status__c',
    'Executive_Engagement__c',
    'Outcome_Narrative__c',
    'Qualitative_Reviewed_On__c'
] as const;

// A Task exists from its completion: one logged after the as-of date is cut even when its ActivityDate is earlier
// (./activities cutDate).
/** true when the record is dated after the as-of date, or has no date at all (cannot be placed in time) */
const after = (date: string | null, asOf: string) => date === null || date > asOf;

/**
 * One account's records as they stood at the end of `asOf` (YYYY-MM-DD):
 * - Account: current-state fields removed; the qualitative overlay kept only when reviewed on or before asOf.
 * - Tasks, Events: only those completed/ended on or before asOf.
 * - Opportunities: one closed by asOf is kept as it is; any other must have been created by asOf (without
 *   a CreatedDate: its close date must not be after asOf), and one closed after asOf is returned open.
 * - Cases: created after asOf dropped; one closed after asOf is returned open, without its CSAT.
 * - Usage periods: only those that ended on or before asOf. Snapshots: As_Of__c on or before asOf.
 * - Contacts: kept (the format has no date for them), unless a CreatedDate after asOf is present and no
 *   activity with them by asOf shows they existed.
 */
export function recordsAsOf(records: AccountRecords, asOf: string): AccountRecords {
    const account: RawRecord = { ...records.account };
    for (const field of CURRENT_STATE_ACCOUNT_FIELDS) delete account[field];
    if (after(dateOf(records.account.Qualitative_Reviewed_On__c), asOf))
        for (const field of QUALITATIVE_FIELDS) delete account[field];

    const opportunities: RawRecord[] = [];
    for (const opportunity of records.opportunities) {
        const created = dateOf(opportunity.CreatedDate);
        const closeDate = dateOf(opportunity.CloseDate);
        const closedBy = isClosed(opportunity) && closeDate !== null && closeDate <= asOf;
        // one closed by asOf existed then, whatever its CreatedDate says (migrated data is created late);
        // any other must show it was created by asOf
        if (!closedBy && (created !== null ? created > asOf : after(closeDate, asOf))) continue;
        if (closeDate !== null && closeDate > asOf && isClosed(opportunity)) {
            opportunities.push({
                ...opportunity,
                IsClosed: false,
                IsWon: false,
                StageName: 'Open (as of backtest date)',
                Probability: null
            });
        } else opportunities.push(opportunity);
    }

    const activities = activitiesAsOf(activitiesOf(records), asOf);
    let engaged: Set<string> | null = null;

    const cases: RawRecord[] = [];
    for (const supportCase of records.cases) {
        if (after(dateOf(supportCase.CreatedDate), asOf)) continue;
        const closed = dateOf(supportCase.ClosedDate);
        if (closed !== null && closed > asOf) {
            cases.push({ ...supportCase, IsClosed: false, ClosedDate: null, Status: 'Open', CSAT__c: null });
        } else if (closed === null && truthy(supportCase.IsClosed)) {
            // closed at an unknown date: it may have been open at asOf; keep it open, without its survey
            cases.push({ ...supportCase, IsClosed: false, Status: 'Open', CSAT__c: null });
        } else cases.push(supportCase);
    }

    return {
        account,
        // a contact created later is dropped, unless an activity with it by asOf proves it existed then
        contacts: records.contacts.filter((c) => {
            const created = dateOf(c.CreatedDate);
            return (
                created === null || created <= asOf || (engaged ??= engagedIds(activities)).has(String(c.Id))
            );
        }),
        tasks: recordsOf(activities, 'Task'),
        events: recordsOf(activities, 'Event'),
        activities,
        opportunities,
        cases,
        usage: records.usage.filter((u) => !after(dateOf(u.Period_End__c), asOf)),
        snapshots: records.snapshots.filter((s) => !after(dateOf(s.As_Of__c), asOf))
    };
}

/** Every date a record carries that the point-in-time cut relies on (for tests and audits). */
export function latestDateIn(records: AccountRecords): string | null {
    const { table, rows } = activitiesOf(records);
    const dates = [
        ...Array.from(rows, (row) => {
            const key = table.cut[row] as number;
            return key < 0 ? null : keyDate(key);
        }),
        ...records.opportunities.map((o) => (isClosed(o) ? dateOf(o.CloseDate) : dateOf(o.CreatedDate))),
        ...records.cases.map((c) => dateOf(c.ClosedDate) ?? dateOf(c.CreatedDate)),
        ...records.usage.map((u) => dateOf(u.Period_End__c)),
        ...records.snapshots.map((s) => dateOf(s.As_Of__c)),
        dateOf(records.account.Qualitative_Reviewed_On__c)
    ].filter((d): d is string => d !== null);
    return dates.length ? dates.reduce((a, b) => (a > b ? a : b)) : null;
}

/** Shifts a YYYY-MM-DD date by whole days. */
export function addDays(iso: string, days: number): string {
    return new Date((dayNumber(iso) + days) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The account's records as a one-account data set (the shape the dataset mapping reads); its compact activities
 * ride along under ACTIVITIES when it has some.
 */
export function toDataset(records: AccountRecords, users: readonly RawRecord[] = []): RawDataset {
    return {
        ...(records.activities?.rows.length ? { [ACTIVITIES]: records.activities } : {}),
        Account: [records.account],
        Contact: records.contacts,
        User: [...users],
        Task: records.tasks,
        Event: records.events,
        Opportunity: records.opportunities,
        Case: records.cases,
        Product_Usage__c: records.usage,
        Account_Health_Snapshot__c: records.snapshots
    };
}
