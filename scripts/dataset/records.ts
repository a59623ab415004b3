// Pure mapping from Salesforce-shaped records (an org export, a dataset file, or a jsforce query result) to
// scoring-engine inputs. No I/O: the dataset reader and the org sync both call these. Field names are
// Salesforce API names (docs/dataset-format.md). Values may be typed JSON (numbers, booleans, null) or CSV
// strings (empty = null). Every error names the file, the record and the field.
import type {
    AccountHeader,
    Band,
    BuyingRole,
    CaseInput,
    Channel,
    ChampionStatus,
    ContactInput,
    ExecutiveEngagement,
    OpportunityInput,
    OpportunityKind,
    Outcome,
    OutcomeNarrative,
    OverrideBand,
    OverrideInput,
    OverrideKind,
    PortfolioActivity,
    Severity,
    SnapshotInput,
    UsagePeriodInput,
    UserInput
} from '../engine';
import { tryDayNumber } from '../engine';

export type SalesforceRecord = Readonly<Record<string, unknown>>;

/** Where a record came from, for error messages: `Task.csv` + `line 12`, or `Task.json` + `record 3 (Id 00T...)`. */
export interface RecordLocation {
    file: string;
    record: string;
}

export class DatasetError extends Error {
    readonly code = 'DATASET_INVALID';
    /** A copy: readers reuse one location object per file. */
    readonly location: RecordLocation;
    constructor(
        location: RecordLocation,
        readonly field: string | null,
        readonly problem: string,
        readonly hint = 'See docs/dataset-format.md for the fields each object needs.'
    ) {
        super(`${location.file}, ${location.record}${field ? `, field ${field}` : ''}: ${problem}. ${hint}`);
        this.name = 'DatasetError';
        this.location = { file: location.file, record: location.record };
    }
}

// ---------------------------------------------------------------- field readers

/**
 * Ids that many records repeat (activity owners) as one shared string each. A string read from a file is often a
 * slice of a whole 1 MB chunk; kept in a long-lived object it would keep that chunk alive, so the first copy
 * is made a string of its own. Bounded: the table is cleared when it outgrows INTERN_LIMIT.
 */
const INTERN_LIMIT = 100_000;
const internTable = new Map<string, string>();

export function interned(value: string | null): string | null {
    if (value === null) return null;
    let shared = internTable.get(value);
    if (shared === undefined) {
        shared = ownString(value);
        if (internTable.size >= INTERN_LIMIT) internTable.clear();
        internTable.set(shared, shared);
    }
    return shared;
}

/**
 * A copy of `value` that shares no memory with the text it was sliced from. Applied to what scoring keeps for the
 * whole run (account, user and contact ids and names): a slice would keep its whole file chunk or Bulk API
 * results page alive.
 */
export function ownString(value: string): string {
    return value.length < 13 ? value : ` ${value}`.slice(1);
}

function ownedText(value: string | null): string | null {
    return value === null ? null : ownString(value);
}

function raw(record: SalesforceRecord, field: string): unknown {
    const value = record[field];
    return value === '' || value === undefined ? null : value;
}

function text(record: SalesforceRecord, field: string, at: RecordLocation): string | null {
    const value = raw(record, field);
    if (value === null) return null;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new DatasetError(at, field, `expected text, got ${JSON.stringify(value)}`);
}

function required(record: SalesforceRecord, field: string, at: RecordLocation): string {
    const value = text(record, field, at);
    if (value === null || value.trim() === '') throw new DatasetError(at, field, 'required field is missing');
    return value;
}

function number(record: SalesforceRecord, field: string, at: RecordLocation): number | null {
    const value = raw(record, field);
    if (value === null) return null;
    const parsed =
        typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
    if (!Number.isFinite(parsed))
        throw new DatasetError(at, field, `expected a number, got ${JSON.stringify(value)}`);
    return parsed;
}

function boolean(record: SalesforceRecord, field: string, at: RecordLocation): boolean | null {
    const value = raw(record, field);
    if (value === null) return null;
    if (typeof value === 'boolean') return value;
    if (value === 'true') return true;
    if (value === 'false') return false;
    if (typeof value === 'string') {
        const lower = value.trim().toLowerCase();
        if (lower === 'true') return true;
        if (lower === 'false') return false;
    }
    throw new DatasetError(at, field, `expected true or false, got ${JSON.stringify(value)}`);
}

/** A date or date-time, returned as its `YYYY-MM-DD` date part. */
function date(record: SalesforceRecord, field: string, at: RecordLocation): string | null {
    const value = text(record, field, at);
    if (value === null) return null;
    // Exports repeat the same few thousand dates (and date-times) millions of times: each is checked once.
    const known = dayOf.get(value);
    if (known !== undefined) return known;
    const day = value.trim().slice(0, 10);
    if (
        Number.isNaN(tryDayNumber(day)) ||
        (value.trim().length > 10 && value.trim()[10] !== 'T' && value.trim()[10] !== ' ')
    ) {
        throw new DatasetError(
            at,
            field,
            `expected a date YYYY-MM-DD or an ISO 8601 date-time, got "${value}"`
        );
    }
    if (dayOf.size >= DAY_CACHE_LIMIT) dayOf.clear();
    const shared = ownString(day);
    dayOf.set(ownString(value), shared);
    return shared;
}

const DAY_CACHE_LIMIT = 50_000;
/** Checked date or date-time text → its `YYYY-MM-DD` day (one shared string per day). */
const dayOf = new Map<string, string>();

function picklist<T extends string>(
    record: SalesforceRecord,
    field: string,
    values: readonly T[],
    at: RecordLocation
): T | null {
    const value = text(record, field, at);
    if (value === null) return null;
    // The exact value first (no lower-casing per record), then any letter case. The allowed value is returned, not
    // `value`: a value sliced from a file chunk and kept (a contact's role) keeps the whole chunk alive.
    for (let i = 0; i < values.length; i++) if (values[i] === value) return values[i] as T;
    const match = values.find((allowed) => allowed.toLowerCase() === value.trim().toLowerCase());
    if (!match) throw new DatasetError(at, field, `"${value}" is not one of ${values.join(', ')}`);
    return match;
}

const BUYING_ROLES: readonly BuyingRole[] = ['Decision Maker', 'Approver', 'Influencer', 'User'];
const OUTCOMES: readonly Outcome[] = ['Positive', 'Neutral', 'Negative'];
const SEVERITIES: readonly Severity[] = ['Sev1', 'Sev2', 'Sev3', 'Sev4'];
const CHAMPION: readonly ChampionStatus[] = ['Active', 'At Risk', 'Missing'];
const EXECUTIVE: readonly ExecutiveEngagement[] = ['Active', 'Lapsed', 'None'];
const NARRATIVE: readonly OutcomeNarrative[] = ['Defensible', 'In Development', 'Missing'];
const BANDS: readonly Band[] = ['Green', 'Yellow', 'Red', 'Unknown'];

// ---------------------------------------------------------------- objects

export function mapAccount(
    record: SalesforceRecord,
    at: RecordLocation
): AccountHeader & { customerKey: string | null } {
    const band = picklist(record, 'Health_Band__c', BANDS, at);
    return {
        id: ownString(required(record, 'Id', at)),
        name: ownString(required(record, 'Name', at)),
        // Kept for the whole run and repeated across accounts: one shared copy each (a slice keeps its chunk).
        ownerId: interned(text(record, 'OwnerId', at)),
        industry: interned(text(record, 'Industry', at)),
        region: interned(text(record, 'BillingCountry', at)),
        customerKey: text(record, 'Customer_Key__c', at),
        commercial: {
            arr: number(record, 'ARR__c', at),
            renewalDate: date(record, 'Renewal_Date__c', at),
            daysPastDue: number(record, 'Days_Past_Due__c', at)
        },
        qualitative: {
            championStatus: picklist(record, 'Champion_Status__c', CHAMPION, at),
            executiveEngagement: picklist(record, 'Executive_Engagement__c', EXECUTIVE, at),
            outcomeNarrative: picklist(record, 'Outcome_Narrative__c', NARRATIVE, at),
            reviewedOn: date(record, 'Qualitative_Reviewed_On__c', at)
        },
        previous: band
            ? {
                  band,
                  since: date(record, 'Health_Band_Since__c', at),
                  score: number(record, 'Health_Score__c', at)
              }
            : null
    };
}

/** Churned_On__c is an outcome for backtests, not a model input; exposed separately. */
export function accountChurnedOn(record: SalesforceRecord, at: RecordLocation): string | null {
    return date(record, 'Churned_On__c', at);
}

export function mapUser(record: SalesforceRecord, at: RecordLocation): UserInput {
    return {
        id: ownString(required(record, 'Id', at)),
        name: text(record, 'Name', at),
        managerId: text(record, 'ManagerId', at)
    };
}

export function mapContact(
    record: SalesforceRecord,
    at: RecordLocation
): { accountId: string; contact: ContactInput } {
    const id = ownString(required(record, 'Id', at));
    const accountId = required(record, 'AccountId', at);
    const first = text(record, 'FirstName', at);
    const last = text(record, 'LastName', at);
    const name = ownedText(text(record, 'Name', at)) ?? ([first, last].filter(Boolean).join(' ') || id);
    return {
        accountId,
        contact: {
            id,
            name,
            role: picklist(record, 'Buying_Role__c', BUYING_ROLES, at),
            title: interned(text(record, 'Title', at))
        }
    };
}

/** A Task's TaskSubtype / Type or an Event's Type as a channel (any letter case), null when none matches. */
export function activityChannel(kind: string | null): Channel | null {
    if (!kind) return null;
    if (kind === 'Call' || kind === 'Email' || kind === 'Meeting') return kind;
    const lower = kind.trim().toLowerCase();
    if (lower === 'call') return 'Call';
    if (lower === 'email' || lower === 'listemail') return 'Email';
    if (lower === 'meeting') return 'Meeting';
    return null;
}

/** The earlier of two ISO dates (YYYY-MM-DD sorts as text), either of which may be missing. */
function earlier(a: string | null, b: string | null): string | null {
    if (a === null || b === null) return a ?? b;
    return a < b ? a : b;
}

function activityAccount(record: SalesforceRecord, at: RecordLocation): string | null {
    return text(record, 'AccountId', at) ?? text(record, 'WhatId', at);
}

/** A Task; null when it is not completed (open tasks are not interactions yet). */
export function mapTask(record: SalesforceRecord, at: RecordLocation): PortfolioActivity | null {
    const id = required(record, 'Id', at);
    const contactId = text(record, 'WhoId', at);
    const accountId = activityAccount(record, at);
    if (!contactId && !accountId)
        throw new DatasetError(at, 'WhoId', 'a Task needs WhoId, WhatId or AccountId');
    const isClosed = boolean(record, 'IsClosed', at);
    const status = text(record, 'Status', at);
    const completed =
        isClosed === true ||
        status === 'Completed' ||
        (status !== null && status.trim().toLowerCase() === 'completed');
    // The interaction happened no later than either date: reps log calls after the fact (ActivityDate is the
    // call's day, CompletedDateTime the logging time), tree import stamps CompletedDateTime with the import time,
    // and a task done early has CompletedDateTime before its ActivityDate (due date).
    const day = earlier(date(record, 'CompletedDateTime', at), date(record, 'ActivityDate', at));
    if (!day) throw new DatasetError(at, 'ActivityDate', 'a Task needs ActivityDate or CompletedDateTime');
    const outcome = picklist(record, 'Outcome__c', OUTCOMES, at);
    if (!completed) return null;
    return {
        id,
        contactId,
        accountId,
        date: day,
        channel:
            activityChannel(text(record, 'TaskSubtype', at)) ??
            activityChannel(text(record, 'Type', at)) ??
            'Message',
        outcome,
        ownerId: interned(text(record, 'OwnerId', at))
    };
}

/** An Event counts at its end date (the engine drops events that end after the as-of date). */
export function mapEvent(record: SalesforceRecord, at: RecordLocation): PortfolioActivity {
    const id = required(record, 'Id', at);
    const contactId = text(record, 'WhoId', at);
    const accountId = activityAccount(record, at);
    if (!contactId && !accountId)
        throw new DatasetError(at, 'WhoId', 'an Event needs WhoId, WhatId or AccountId');
    const day = date(record, 'EndDateTime', at) ?? date(record, 'ActivityDate', at);
    if (!day) throw new DatasetError(at, 'EndDateTime', 'an Event needs EndDateTime or ActivityDate');
    date(record, 'StartDateTime', at);
    return {
        id,
        contactId,
        accountId,
        date: day,
        channel: activityChannel(text(record, 'Type', at)) ?? 'Meeting',
        outcome: picklist(record, 'Outcome__c', OUTCOMES, at),
        ownerId: interned(text(record, 'OwnerId', at))
    };
}

function opportunityKind(type: string | null): OpportunityKind {
    const lower = (type ?? '').toLowerCase();
    if (lower.includes('renewal')) return 'renewal';
    if (lower.includes('upgrade') || lower.includes('expansion') || lower.includes('add-on'))
        return 'expansion';
    return 'new';
}

export function mapOpportunity(
    record: SalesforceRecord,
    at: RecordLocation
): { accountId: string; opportunity: OpportunityInput } {
    const stage = text(record, 'StageName', at);
    const stageLower = (stage ?? '').toLowerCase();
    const isClosed = boolean(record, 'IsClosed', at) ?? stageLower.startsWith('closed');
    const isWon = boolean(record, 'IsWon', at) ?? stageLower === 'closed won';
    const closeDate = date(record, 'CloseDate', at);
    if (!closeDate) throw new DatasetError(at, 'CloseDate', 'required field is missing');
    // Kept for the whole run: own copies (a slice of a file chunk keeps the whole chunk alive).
    return {
        accountId: required(record, 'AccountId', at),
        opportunity: {
            id: ownString(required(record, 'Id', at)),
            name: ownedText(text(record, 'Name', at)),
            stageName: interned(stage),
            isClosed,
            isWon: isClosed && isWon,
            closeDate,
            createdDate: date(record, 'CreatedDate', at),
            amount: number(record, 'Amount', at),
            kind: opportunityKind(text(record, 'Type', at))
        }
    };
}

const PRIORITY_SEVERITY: Record<string, Severity> = {
    critical: 'Sev1',
    high: 'Sev2',
    medium: 'Sev3',
    low: 'Sev4'
};

export function mapCase(
    record: SalesforceRecord,
    at: RecordLocation
): { accountId: string; supportCase: CaseInput } {
    const createdDate = date(record, 'CreatedDate', at);
    if (!createdDate) throw new DatasetError(at, 'CreatedDate', 'required field is missing');
    const priority = text(record, 'Priority', at);
    const severity =
        picklist(record, 'Severity__c', SEVERITIES, at) ??
        (priority ? (PRIORITY_SEVERITY[priority.trim().toLowerCase()] ?? null) : null);
    const isClosed = boolean(record, 'IsClosed', at);
    const closedDate = date(record, 'ClosedDate', at);
    if (isClosed === true && !closedDate) {
        throw new DatasetError(
            at,
            'ClosedDate',
            'a closed case needs its ClosedDate (point-in-time scoring)'
        );
    }
    const csat = number(record, 'CSAT__c', at);
    if (csat !== null && (csat < 1 || csat > 5))
        throw new DatasetError(at, 'CSAT__c', `must be 1-5, got ${csat}`);
    return {
        accountId: required(record, 'AccountId', at),
        // Kept for the whole run: own copies (a slice of a file chunk keeps the whole chunk alive).
        supportCase: {
            id: ownString(required(record, 'Id', at)),
            caseNumber: ownedText(text(record, 'CaseNumber', at)),
            subject: ownedText(text(record, 'Subject', at)),
            createdDate,
            closedDate: isClosed === false ? null : closedDate,
            severity,
            escalated: boolean(record, 'IsEscalated', at) ?? false,
            csat
        }
    };
}

/** Usage rows name the account by Account__c or by the billing system's Customer_Key__c. */
export function mapUsage(
    record: SalesforceRecord,
    at: RecordLocation
): { accountId: string | null; customerKey: string | null; period: UsagePeriodInput } {
    const accountId = text(record, 'Account__c', at);
    const customerKey = text(record, 'Customer_Key__c', at);
    if (!accountId && !customerKey) {
        throw new DatasetError(at, 'Account__c', 'a usage period needs Account__c or Customer_Key__c');
    }
    const periodStart = date(record, 'Period_Start__c', at);
    if (!periodStart) throw new DatasetError(at, 'Period_Start__c', 'required field is missing');
    const periodEnd = date(record, 'Period_End__c', at);
    if (!periodEnd) throw new DatasetError(at, 'Period_End__c', 'required field is missing');
    if (periodEnd < periodStart) throw new DatasetError(at, 'Period_End__c', 'ends before Period_Start__c');
    return {
        accountId,
        customerKey,
        period: {
            periodStart,
            periodEnd,
            activeUsers: number(record, 'Active_Users__c', at),
            licensedSeats: number(record, 'Licensed_Seats__c', at),
            featuresAdopted: number(record, 'Features_Adopted__c', at),
            featuresAvailable: number(record, 'Features_Available__c', at),
            keyEvents: number(record, 'Key_Events__c', at)
        }
    };
}

export function mapSnapshot(
    record: SalesforceRecord,
    at: RecordLocation
): { accountId: string; snapshot: SnapshotInput } {
    const asOf = date(record, 'As_Of__c', at);
    if (!asOf) throw new DatasetError(at, 'As_Of__c', 'required field is missing');
    // Score__c is blank on the snapshot of an Unknown account (the engine shows no number then, MODEL.md v2
    // property 14); such a snapshot still carries its band, and the trend skips it.
    const score = number(record, 'Score__c', at);
    return {
        accountId: required(record, 'Account__c', at),
        snapshot: { asOf, score, band: picklist(record, 'Band__c', BANDS, at) }
    };
}

const OVERRIDE_KINDS: readonly OverrideKind[] = ['Band', 'Ceiling', 'Floor'];
const OVERRIDE_BANDS: readonly OverrideBand[] = ['Green', 'Yellow', 'Red'];
const OVERRIDE_STATUSES = ['Active', 'Expired', 'Revoked'] as const;

/**
 * A manual override (Health_Override__c, docs/dataset-format.md). It applies from Starts_On__c (else its
 * CreatedDate) through Expires_On__c; a Revoked one stops on Ended_On__c (else LastModifiedDate). An Expired
 * status changes nothing: the dates decide, so a backtest sees the override exactly while it applied. The
 * name in the driver is CreatedBy.Name (or the User.json name of CreatedById, resolved by the reader).
 */
export function mapOverride(
    record: SalesforceRecord,
    at: RecordLocation
): { accountId: string; override: OverrideInput; status: string; setById: string | null } {
    const id = required(record, 'Id', at);
    const kind = picklist(record, 'Type__c', OVERRIDE_KINDS, at);
    if (!kind) throw new DatasetError(at, 'Type__c', 'required field is missing');
    const startsOn = date(record, 'Starts_On__c', at) ?? date(record, 'CreatedDate', at);
    if (!startsOn) throw new DatasetError(at, 'Starts_On__c', 'required field is missing (or CreatedDate)');
    const expiresOn = date(record, 'Expires_On__c', at);
    if (!expiresOn) throw new DatasetError(at, 'Expires_On__c', 'required field is missing');
    const status = picklist(record, 'Status__c', OVERRIDE_STATUSES, at) ?? 'Active';
    const endedOn =
        status === 'Revoked'
            ? (date(record, 'Ended_On__c', at) ?? date(record, 'LastModifiedDate', at))
            : null;
    return {
        accountId: required(record, 'Account__c', at),
        status,
        setById: text(record, 'CreatedById', at),
        override: {
            id,
            kind,
            band: picklist(record, 'Band__c', OVERRIDE_BANDS, at),
            score: number(record, 'Score__c', at),
            reason: required(record, 'Reason__c', at),
            setBy: text(record, 'CreatedBy.Name', at),
            startsOn,
            expiresOn,
            endedOn
        }
    };
}

/**
 * The fields each mapper reads, per object: a CSV reader may skip every other column (real exports carry
 * dozens). records.test.ts checks that the mappers read nothing else; add a field here when a mapper reads it.
 */
export const MAPPED_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
    Account: new Set([
        'Id',
        'Name',
        'OwnerId',
        'Industry',
        'BillingCountry',
        'Customer_Key__c',
        'ARR__c',
        'Renewal_Date__c',
        'Days_Past_Due__c',
        'Champion_Status__c',
        'Executive_Engagement__c',
        'Outcome_Narrative__c',
        'Qualitative_Reviewed_On__c',
        'Health_Band__c',
        'Health_Band_Since__c',
        'Health_Score__c',
        'Churned_On__c'
    ]),
    User: new Set(['Id', 'Name', 'ManagerId']),
    Contact: new Set(['Id', 'AccountId', 'FirstName', 'LastName', 'Name', 'Title', 'Buying_Role__c']),
    Task: new Set([
        'Id',
        'WhoId',
        'WhatId',
        'AccountId',
        'IsClosed',
        'Status',
        'CompletedDateTime',
        'ActivityDate',
        'Outcome__c',
        'TaskSubtype',
        'Type',
        'OwnerId'
    ]),
    Event: new Set([
        'Id',
        'WhoId',
        'WhatId',
        'AccountId',
        'EndDateTime',
        'ActivityDate',
        'StartDateTime',
        'Type',
        'Outcome__c',
        'OwnerId'
    ]),
    Opportunity: new Set([
        'Id',
        'AccountId',
        'Name',
        'StageName',
        'IsClosed',
        'IsWon',
        'CloseDate',
        'CreatedDate',
        'Amount',
        'Type'
    ]),
    Case: new Set([
        'Id',
        'AccountId',
        'CaseNumber',
        'Subject',
        'CreatedDate',
        'IsClosed',
        'ClosedDate',
        'Priority',
        'Severity__c',
        'IsEscalated',
        'CSAT__c'
    ]),
    Product_Usage__c: new Set([
        'Account__c',
        'Customer_Key__c',
        'Period_Start__c',
        'Period_End__c',
        'Active_Users__c',
        'Licensed_Seats__c',
        'Features_Adopted__c',
        'Features_Available__c',
        'Key_Events__c'
    ]),
    Account_Health_Snapshot__c: new Set(['Account__c', 'As_Of__c', 'Score__c', 'Band__c']),
    Health_Override__c: new Set([
        'Id',
        'Account__c',
        'Type__c',
        'Band__c',
        'Score__c',
        'Reason__c',
        'Starts_On__c',
        'CreatedDate',
        'Expires_On__c',
        'Status__c',
        'Ended_On__c',
        'LastModifiedDate',
        'CreatedById',
        'CreatedBy.Name'
    ])
};
