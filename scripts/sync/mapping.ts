/**
 * Org records (REST JSON or Bulk CSV strings) → engine inputs, following docs/dataset-format.md "How records
 * become model inputs". Values arrive typed (REST) or as strings (Bulk CSV); both are accepted.
 */
import { MODEL_CONFIG_SPEC } from '../engine';
import type {
    AccountHeader,
    BuyingRole,
    CaseInput,
    Channel,
    ChampionStatus,
    ContactInput,
    ExecutiveEngagement,
    OpportunityInput,
    Outcome,
    OutcomeNarrative,
    PortfolioActivity,
    Severity,
    SnapshotInput,
    UsagePeriodInput,
    UserInput,
    Band
} from '../engine';
import type { FlatRecord } from '../salesforce/client';

type Value = FlatRecord[string] | undefined;

const text = (v: Value): string | null => (v === null || v === undefined || v === '' ? null : String(v));
const num = (v: Value): number | null => {
    const t = text(v);
    if (t === null) return null;
    const n = Number(t);
    return Number.isFinite(n) ? n : null;
};
const bool = (v: Value): boolean => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
/** Date part of a date or date-time (YYYY-MM-DD). */
const day = (v: Value): string | null => {
    const t = text(v);
    return t && /^\d{4}-\d{2}-\d{2}/.test(t) ? t.slice(0, 10) : null;
};
function oneOf<T extends string>(v: Value, allowed: readonly T[]): T | null {
    const t = text(v);
    return t !== null && (allowed as readonly string[]).includes(t) ? (t as T) : null;
}

/** Health_Model__mdt field → config key, for the SELECT list. */
export function modelFieldNames(): Record<string, string> {
    return Object.fromEntries(Object.entries(MODEL_CONFIG_SPEC).map(([key, spec]) => [spec.field, key]));
}

export function accountHeader(r: FlatRecord): AccountHeader {
    return {
        id: String(r.Id),
        name: text(r.Name) ?? String(r.Id),
        ownerId: text(r.OwnerId),
        industry: text(r.Industry),
        region: text(r.BillingCountry),
        commercial: {
            arr: num(r.ARR__c),
            renewalDate: day(r.Renewal_Date__c),
            daysPastDue: num(r.Days_Past_Due__c)
        },
        qualitative: {
            championStatus: oneOf<ChampionStatus>(r.Champion_Status__c, ['Active', 'At Risk', 'Missing']),
            executiveEngagement: oneOf<ExecutiveEngagement>(r.Executive_Engagement__c, [
                'Active',
                'Lapsed',
                'None'
            ]),
            outcomeNarrative: oneOf<OutcomeNarrative>(r.Outcome_Narrative__c, [
                'Defensible',
                'In Development',
                'Missing'
            ]),
            reviewedOn: day(r.Qualitative_Reviewed_On__c)
        },
        previous: {
            band: oneOf<Band>(r.Health_Band__c, ['Green', 'Yellow', 'Red', 'Unknown']),
            since: day(r.Health_Band_Since__c),
            score: num(r.Health_Score__c)
        }
    };
}

export function user(r: FlatRecord): UserInput {
    return { id: String(r.Id), name: text(r.Name), managerId: text(r.ManagerId) };
}

export function contact(r: FlatRecord): { accountId: string; contact: ContactInput } {
    const name =
        text(r.Name) ?? ([text(r.FirstName), text(r.LastName)].filter(Boolean).join(' ') || String(r.Id));
    return {
        accountId: String(r.AccountId),
        contact: {
            id: String(r.Id),
            name,
            role: oneOf<BuyingRole>(r.Buying_Role__c, ['Decision Maker', 'Approver', 'Influencer', 'User']),
            title: text(r.Title)
        }
    };
}

function taskChannel(r: FlatRecord): Channel {
    const kind = `${text(r.TaskSubtype) ?? ''} ${text(r.Type) ?? ''}`.toLowerCase();
    if (/\bcall\b/.test(kind)) return 'Call';
    if (/email|listemail/.test(kind)) return 'Email';
    if (/meeting/.test(kind)) return 'Meeting';
    return 'Message';
}

/** A completed Task or an ended Event, or null when it does not count (open task, no date). */
export function activity(object: 'Task' | 'Event', r: FlatRecord): PortfolioActivity | null {
    let date: string | null;
    let channel: Channel;
    if (object === 'Task') {
        const completed = bool(r.IsClosed) || text(r.Status) === 'Completed';
        if (!completed) return null;
        date = day(r.CompletedDateTime) ?? day(r.ActivityDate);
        channel = taskChannel(r);
    } else {
        date = day(r.EndDateTime) ?? day(r.ActivityDate);
        const type = (text(r.Type) ?? '').toLowerCase();
        channel = type.includes('call') ? 'Call' : type.includes('email') ? 'Email' : 'Meeting';
    }
    if (!date) return null;
    const whoId = text(r.WhoId);
    const whatId = text(r.WhatId);
    return {
        id: String(r.Id),
        contactId: whoId,
        accountId: text(r.AccountId) ?? (whatId?.startsWith('001') ? whatId : null),
        date,
        channel,
        outcome: oneOf<Outcome>(r.Outcome__c, ['Positive', 'Neutral', 'Negative']),
        ownerId: text(r.OwnerId)
    };
}

function opportunityKind(type: string | null): OpportunityInput['kind'] {
    const t = (type ?? '').toLowerCase();
    if (t.includes('renewal')) return 'renewal';
    if (t.includes('upgrade') || t.includes('expansion') || t.includes('add-on')) return 'expansion';
    return 'new';
}

export function opportunity(r: FlatRecord): { accountId: string; opportunity: OpportunityInput } {
    return {
        accountId: String(r.AccountId),
        opportunity: {
            id: String(r.Id),
            name: text(r.Name),
            stageName: text(r.StageName),
            isClosed: bool(r.IsClosed),
            isWon: bool(r.IsWon),
            closeDate: day(r.CloseDate) ?? '9999-12-31',
            createdDate: day(r.CreatedDate),
            amount: num(r.Amount),
            kind: opportunityKind(text(r.Type))
        }
    };
}

const PRIORITY_SEVERITY: Record<string, Severity> = {
    Critical: 'Sev1',
    High: 'Sev2',
    Medium: 'Sev3',
    Low: 'Sev4'
};

export function supportCase(r: FlatRecord): { accountId: string; supportCase: CaseInput } {
    const closed = bool(r.IsClosed);
    return {
        accountId: String(r.AccountId),
        supportCase: {
            id: String(r.Id),
            caseNumber: text(r.CaseNumber),
            subject: text(r.Subject),
            createdDate: day(r.CreatedDate) ?? '1970-01-01',
            closedDate: closed ? (day(r.ClosedDate) ?? day(r.CreatedDate)) : null,
            severity:
                oneOf<Severity>(r.Severity__c, ['Sev1', 'Sev2', 'Sev3', 'Sev4']) ??
                PRIORITY_SEVERITY[text(r.Priority) ?? ''] ??
                null,
            escalated: bool(r.IsEscalated),
            csat: num(r.CSAT__c)
        }
    };
}

export function usage(r: FlatRecord): { accountId: string; period: UsagePeriodInput } {
    return {
        accountId: String(r.Account__c),
        period: {
            periodStart: day(r.Period_Start__c) ?? '1970-01-01',
            periodEnd: day(r.Period_End__c) ?? day(r.Period_Start__c) ?? '1970-01-01',
            activeUsers: num(r.Active_Users__c),
            licensedSeats: num(r.Licensed_Seats__c),
            featuresAdopted: num(r.Features_Adopted__c),
            featuresAvailable: num(r.Features_Available__c),
            keyEvents: num(r.Key_Events__c)
        }
    };
}

export function snapshot(r: FlatRecord): { accountId: string; snapshot: SnapshotInput } {
    return {
        accountId: String(r.Account__c),
        snapshot: {
            asOf: day(r.As_Of__c) ?? '1970-01-01',
            score: num(r.Score__c),
            band: oneOf<Band>(r.Band__c, ['Green', 'Yellow', 'Red', 'Unknown'])
        }
    };
}
