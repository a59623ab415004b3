// Builders for engine inputs, shared by the engine's tests (and handy for other helpers' tests).
import { isoFromDayNumber, dayNumber } from './dates';
import type {
    AccountInput,
    ActivityInput,
    BuyingRole,
    CaseInput,
    Channel,
    ContactInput,
    OpportunityInput,
    Outcome,
    UsagePeriodInput
} from './types';

export const AS_OF = '2026-11-20';

/** The date `days` before AS_OF (or before `from`). */
export function daysAgo(days: number, from: string = AS_OF): string {
    return isoFromDayNumber(dayNumber(from) - days);
}

export function contact(id: string, role: BuyingRole | null, name = `Contact ${id}`): ContactInput {
    return { id, name, role };
}
const makeContact = contact;

export function activity(
    contactId: string | null,
    ageDays: number,
    channel: Channel,
    outcome: Outcome | null,
    ownerId: string | null = 'rep-1'
): ActivityInput {
    return { contactId, date: daysAgo(ageDays), channel, outcome, ownerId };
}

export function opportunity(id: string, overrides: Partial<OpportunityInput> = {}): OpportunityInput {
    return {
        id,
        name: `Opportunity ${id}`,
        isClosed: true,
        isWon: true,
        closeDate: daysAgo(100),
        createdDate: daysAgo(160),
        kind: 'renewal',
        ...overrides
    };
}

export function supportCase(id: string, overrides: Partial<CaseInput> = {}): CaseInput {
    return {
        id,
        caseNumber: id,
        createdDate: daysAgo(40),
        closedDate: daysAgo(35),
        severity: 'Sev3',
        escalated: false,
        csat: 4,
        ...overrides
    };
}

export function usagePeriod(endAgo: number, overrides: Partial<UsagePeriodInput> = {}): UsagePeriodInput {
    return {
        periodStart: daysAgo(endAgo + 29),
        periodEnd: daysAgo(endAgo),
        activeUsers: 80,
        licensedSeats: 100,
        featuresAdopted: 7,
        featuresAvailable: 10,
        keyEvents: 1000,
        ...overrides
    };
}

/** Three monthly usage periods with the given active users, oldest first. */
export function usageSeries(activeUsers: [number, number, number], seats = 100): UsagePeriodInput[] {
    return [
        usagePeriod(60, { activeUsers: activeUsers[0], licensedSeats: seats }),
        usagePeriod(30, { activeUsers: activeUsers[1], licensedSeats: seats }),
        usagePeriod(0, { activeUsers: activeUsers[2], licensedSeats: seats })
    ];
}

export function emptyAccount(id = 'acc-1', overrides: Partial<AccountInput> = {}): AccountInput {
    return {
        id,
        name: `Account ${id}`,
        ownerId: 'rep-1',
        contacts: [],
        activities: [],
        opportunities: [],
        cases: [],
        usage: [],
        commercial: { arr: 100000, renewalDate: null, daysPastDue: 0 },
        qualitative: {
            championStatus: null,
            executiveEngagement: null,
            outcomeNarrative: null,
            reviewedOn: null
        },
        ...overrides
    };
}

/** A healthy, established account: engaged decision maker and users, growing usage, open renewal, two wins. */
export function healthyAccount(id = 'acc-healthy', overrides: Partial<AccountInput> = {}): AccountInput {
    // Contact ids are unique per account ("<account>-dm") so several healthy accounts can share a portfolio.
    const contact = (suffix: string, role: BuyingRole, name: string) =>
        makeContact(`${id}-${suffix}`, role, name);
    const weekly = (contactId: string, channel: Channel): ActivityInput[] =>
        [3, 10, 17, 24, 38, 52].map((age) => activity(contactId, age, channel, 'Positive'));
    return emptyAccount(id, {
        contacts: [
            contact('dm', 'Decision Maker', 'Jane Doe'),
            contact('ap', 'Approver', 'Sam Lee'),
            contact('u1', 'User', 'Ana Ruiz')
        ],
        activities: [
            ...weekly(`${id}-dm`, 'Meeting'),
            ...weekly(`${id}-ap`, 'Call'),
            ...weekly(`${id}-u1`, 'Call')
        ],
        opportunities: [
            opportunity('won-1', { closeDate: daysAgo(400), createdDate: daysAgo(460) }),
            opportunity('won-2', { closeDate: daysAgo(40), createdDate: daysAgo(100) }),
            opportunity('open-1', {
                isClosed: false,
                isWon: false,
                closeDate: daysAgo(-60),
                kind: 'expansion'
            })
        ],
        cases: [supportCase('00001001', { csat: 5 })],
        usage: usageSeries([85, 90, 95]),
        commercial: { arr: 250000, renewalDate: daysAgo(-200), daysPastDue: 0 },
        qualitative: {
            championStatus: 'Active',
            executiveEngagement: 'Active',
            outcomeNarrative: 'Defensible',
            reviewedOn: daysAgo(20)
        },
        ...overrides
    });
}
