import fc from 'fast-check';
import {
    CURRENT_STATE_ACCOUNT_FIELDS,
    addDays,
    extractOutcomes,
    groupByAccount,
    latestDateIn,
    recordsAsOf,
    type AccountRecords
} from './history';
import { timeSplit } from './backtest';
import { generateSynthetic, type RawDataset } from './synthetic';

const emptyAccount = (account: AccountRecords['account']): AccountRecords => ({
    account,
    contacts: [],
    tasks: [],
    events: [],
    opportunities: [],
    cases: [],
    usage: [],
    snapshots: []
});

describe('groupByAccount', () => {
    it('places activities by AccountId, WhatId or the contact, and usage by Customer_Key__c', () => {
        const dataset: RawDataset = {
            Account: [
                { Id: 'A1', Name: 'One', Customer_Key__c: 'K1' },
                { Id: 'A2', Name: 'Two' }
            ],
            Contact: [{ Id: 'C2', AccountId: 'A2' }],
            Task: [
                { Id: 'T1', AccountId: 'A1', ActivityDate: '2025-01-01' },
                { Id: 'T2', WhatId: 'A2', ActivityDate: '2025-01-01' },
                { Id: 'T3', WhoId: 'C2', ActivityDate: '2025-01-01' }
            ],
            Product_Usage__c: [
                { Customer_Key__c: 'K1', Period_Start__c: '2025-01-01', Period_End__c: '2025-01-30' }
            ]
        };
        const grouped = groupByAccount(dataset);
        expect(grouped.get('A1')!.tasks.map((t) => t.Id)).toEqual(['T1']);
        expect(grouped.get('A2')!.tasks.map((t) => t.Id)).toEqual(['T2', 'T3']);
        expect(grouped.get('A1')!.usage).toHaveLength(1);
    });
});

describe('extractOutcomes', () => {
    it('takes closed renewals and churn dates, merging a churn with its lost renewal', () => {
        const dataset: RawDataset = {
            Account: [
                { Id: 'A1', Name: 'Renewed then churned later', Churned_On__c: '2026-03-01' },
                { Id: 'A2', Name: 'Lost renewal = churn', Churned_On__c: '2025-06-20' },
                { Id: 'A3', Name: 'No outcome' }
            ],
            Opportunity: [
                {
                    Id: 'O1',
                    AccountId: 'A1',
                    Type: 'Renewal',
                    IsClosed: 'true',
                    IsWon: 'true',
                    CloseDate: '2025-05-01'
                },
                {
                    Id: 'O2',
                    AccountId: 'A2',
                    Type: 'Renewal',
                    StageName: 'Closed Lost',
                    CloseDate: '2025-06-01'
                },
                {
                    Id: 'O3',
                    AccountId: 'A3',
                    Type: 'Renewal',
                    IsClosed: false,
                    IsWon: false,
                    CloseDate: '2026-01-01'
                },
                {
                    Id: 'O4',
                    AccountId: 'A3',
                    Type: 'New Business',
                    IsClosed: true,
                    IsWon: false,
                    CloseDate: '2025-01-01'
                }
            ]
        };
        const extraction = extractOutcomes(groupByAccount(dataset));
        expect(extraction.outcomes).toEqual([
            { accountId: 'A1', date: '2025-05-01', renewed: true, source: 'renewal', recordId: 'O1' },
            { accountId: 'A2', date: '2025-06-01', renewed: false, source: 'renewal', recordId: 'O2' },
            { accountId: 'A1', date: '2026-03-01', renewed: false, source: 'churn', recordId: 'A1' }
        ]);
        expect(extraction).toMatchObject({ renewalsWon: 1, renewalsLost: 1, churns: 1, duplicatesMerged: 1 });
    });
});

describe('recordsAsOf', () => {
    const account = {
        Id: 'A1',
        Name: 'Acme',
        Days_Past_Due__c: 90,
        Health_Score__c: 12,
        Health_Band__c: 'Red',
        Champion_Status__c: 'Missing',
        Qualitative_Reviewed_On__c: '2025-07-01'
    };
    const records: AccountRecords = {
        ...emptyAccount(account),
        tasks: [
            { Id: 'T1', ActivityDate: '2025-05-31', Status: 'Completed', WhoId: 'C3' },
            { Id: 'T2', ActivityDate: '2025-05-01', CompletedDateTime: '2025-06-02T10:00:00Z' }
        ],
        events: [
            { Id: 'E1', EndDateTime: '2025-06-01T16:00:00.000+0000' },
            { Id: 'E2', EndDateTime: '2025-06-01T23:00:00.000+0000', ActivityDate: '2025-06-01' },
            { Id: 'E3', ActivityDate: '2025-06-02' }
        ],
        opportunities: [
            {
                Id: 'O1',
                CreatedDate: '2025-01-01T00:00:00Z',
                CloseDate: '2025-08-01',
                IsClosed: true,
                IsWon: false,
                Type: 'Renewal'
            },
            { Id: 'O2', CreatedDate: '2025-06-05T00:00:00Z', CloseDate: '2025-09-01', IsClosed: false },
            { Id: 'O3', CloseDate: '2025-07-01', IsClosed: true, IsWon: true },
            { Id: 'O4', CloseDate: '2025-03-01', IsClosed: true, IsWon: true },
            // migrated: created long after it closed; closed by the as-of date, so it existed then
            {
                Id: 'O5',
                CreatedDate: '2026-01-15T00:00:00Z',
                CloseDate: '2025-02-01',
                IsClosed: true,
                IsWon: true
            }
        ],
        contacts: [
            { Id: 'C1', AccountId: 'A1' },
            { Id: 'C2', AccountId: 'A1', CreatedDate: '2025-08-01T00:00:00Z' },
            { Id: 'C3', AccountId: 'A1', CreatedDate: '2026-01-15T00:00:00Z' }
        ],
        cases: [
            {
                Id: 'S1',
                CreatedDate: '2025-05-01T00:00:00Z',
                ClosedDate: '2025-06-10T00:00:00Z',
                IsClosed: true,
                CSAT__c: 1
            },
            { Id: 'S2', CreatedDate: '2025-06-02T00:00:00Z', Severity__c: 'Sev1' },
            {
                Id: 'S3',
                CreatedDate: '2025-04-01T00:00:00Z',
                ClosedDate: '2025-04-05T00:00:00Z',
                IsClosed: true,
                CSAT__c: 5
            }
        ],
        usage: [
            { Period_Start__c: '2025-05-01', Period_End__c: '2025-05-31' },
            { Period_Start__c: '2025-05-15', Period_End__c: '2025-06-14' }
        ],
        snapshots: [
            { As_Of__c: '2025-06-01', Score__c: 70 },
            { As_Of__c: '2025-06-02', Score__c: 10 }
        ]
    };
    // cut per test (not while the tests are collected), so mutation testing sees which tests cover recordsAsOf
    let cut: AccountRecords;
    beforeEach(() => {
        cut = recordsAsOf(records, '2025-06-01');
    });

    it('keeps only activities, usage and snapshots dated on or before the as-of date', () => {
        expect(cut.tasks.map((t) => t.Id)).toEqual(['T1']); // T2 was completed the day after
        expect(cut.events.map((e) => e.Id)).toEqual(['E1', 'E2']);
        expect(cut.usage).toHaveLength(1);
        expect(cut.snapshots.map((s) => s.Score__c)).toEqual([70]);
    });

    it('shows an opportunity closed later as open, and drops one created later or undatable', () => {
        expect(cut.opportunities.map((o) => o.Id)).toEqual(['O1', 'O4', 'O5']);
        expect(cut.opportunities[0]).toMatchObject({ IsClosed: false, IsWon: false });
        expect(cut.opportunities[1]).toMatchObject({ IsClosed: true, IsWon: true });
    });

    it('shows a case closed later as open without its survey, and drops one opened later', () => {
        expect(cut.cases.map((c) => c.Id)).toEqual(['S1', 'S3']);
        expect(cut.cases[0]).toMatchObject({ IsClosed: false, ClosedDate: null, CSAT__c: null });
        expect(cut.cases[1]).toMatchObject({ IsClosed: true, CSAT__c: 5 });
    });

    it('drops a contact created later unless an earlier activity shows it existed (migrated data)', () => {
        expect(cut.contacts.map((c) => c.Id)).toEqual(['C1', 'C3']);
    });

    it('removes the current-state fields and an overlay reviewed later', () => {
        for (const field of CURRENT_STATE_ACCOUNT_FIELDS) expect(cut.account).not.toHaveProperty(field);
        expect(cut.account).not.toHaveProperty('Champion_Status__c');
        expect(recordsAsOf(records, '2025-07-01').account).toMatchObject({ Champion_Status__c: 'Missing' });
        expect(records.account).toHaveProperty('Days_Past_Due__c', 90); // the input is not changed
    });

    it('never returns a record dated after the as-of date (property, synthetic accounts)', () => {
        const portfolio = generateSynthetic({ accounts: 30, seed: 3 });
        const accounts = [...groupByAccount(portfolio.records).values()];
        fc.assert(
            fc.property(
                fc.integer({ min: 0, max: accounts.length - 1 }),
                fc.integer({ min: -500, max: 60 }),
                (index, offset) => {
                    const records = accounts[index]!;
                    const asOf = addDays(String(records.opportunities[1]!.CloseDate), offset);
                    const latest = latestDateIn(recordsAsOf(records, asOf));
                    return latest === null || latest <= asOf;
                }
            ),
            { numRuns: 200 }
        );
    });
});

describe('timeSplit', () => {
    const outcome = (date: string) => ({
        accountId: date,
        date,
        renewed: true,
        source: 'renewal' as const,
        recordId: date
    });

    it('splits at the date of the first held-out outcome, keeping same-day outcomes together', () => {
        const outcomes = ['2025-01-01', '2025-02-01', '2025-03-01', '2025-03-01', '2025-04-01'].map(outcome);
        expect(timeSplit(outcomes, 0.7).splitDate).toBe('2025-03-01');
        expect(timeSplit(outcomes.slice(0, 1), 0.7).splitDate).toBeNull();
        expect(timeSplit(['2025-01-01', '2025-01-01'].map(outcome), 0.5).splitDate).toBeNull();
    });
});
