// Pins history.ts (the backtest's point-in-time cut and outcome extraction) at its boundaries: which account a
// record belongs to and what cannot be attached (docs/dataset-format.md "How records become model inputs"),
// which opportunities are renewal outcomes, the 120-day same-event rule, and "on or before the as-of date".
import {
    SAME_EVENT_DAYS,
    addDays,
    attachRecords,
    dateOf,
    extractOutcomes,
    groupByAccount,
    isRenewal,
    latestDateIn,
    recordsAsOf,
    toDataset,
    type AccountRecords
} from './history';
import type { RawDataset, RawRecord } from './synthetic';

const records = (partial: Partial<AccountRecords> & { account?: RawRecord }): AccountRecords => ({
    account: { Id: 'A1' },
    contacts: [],
    tasks: [],
    events: [],
    opportunities: [],
    cases: [],
    usage: [],
    snapshots: [],
    ...partial
});
const ids = (list: readonly RawRecord[]) => list.map((r) => r.Id);

describe('attachRecords', () => {
    const dataset: RawDataset = {
        Account: [
            { Id: 'A1', Customer_Key__c: 'cust-1' },
            { Id: 'A2', Customer_Key__c: 'CUST-2' },
            { Id: '', Name: 'no id' },
            { Name: 'no id either' }
        ],
        Contact: [
            { Id: 'C1', AccountId: 'A1' },
            { Id: 'C2', AccountId: 'A2' },
            { Id: 'C9', AccountId: 'A9' },
            { Id: 'C0' }
        ],
        Task: [
            { Id: 'T1', AccountId: 'A1', WhatId: 'A2', WhoId: 'C2' }, // AccountId first
            { Id: 'T2', WhatId: 'A2', WhoId: 'C1' }, // then WhatId
            { Id: 'T3', WhatId: '006OPP', WhoId: 'C1' }, // WhatId not an account: the contact's
            { Id: 'T4', WhoId: 'C9' }, // the contact's account is not in the data set
            { Id: 'T5' },
            { Id: 'T6', AccountId: '', WhatId: 'A2' } // a blank AccountId is no AccountId
        ],
        Event: [
            { Id: 'E1', WhoId: 'C2' },
            { Id: 'E2', AccountId: '' }
        ],
        Opportunity: [{ Id: 'O1', AccountId: 'A2' }, { Id: 'O2', AccountId: 'A7' }, { Id: 'O3' }],
        Case: [{ Id: 'K1', AccountId: 'A1' }, { Id: 'K2' }],
        Product_Usage__c: [
            { Id: 'U1', Account__c: 'A2', Customer_Key__c: 'cust-1' }, // Account__c wins over the key
            { Id: 'U2', Customer_Key__c: 'cust-1' }, // exact key
            { Id: 'U3', Customer_Key__c: 'CUST-1' }, // key in another letter case: attached and counted
            { Id: 'U4', Customer_Key__c: 'Cust-2' }, // idem
            { Id: 'U5', Customer_Key__c: 'cust-3' }, // unknown key
            { Id: 'U6', Account__c: '', Customer_Key__c: '' }
        ],
        Account_Health_Snapshot__c: [
            { Id: 'S1', Account__c: 'A1' },
            { Id: 'S2', Account__c: 'A3' }
        ]
    };
    // attached per test (not while the tests are collected), so mutation testing sees which tests cover it
    let accounts: ReturnType<typeof attachRecords>['accounts'];
    let attachment: ReturnType<typeof attachRecords>['attachment'];
    beforeEach(() => {
        ({ accounts, attachment } = attachRecords(dataset));
    });

    it('keeps only accounts with an Id', () => {
        expect([...accounts.keys()]).toEqual(['A1', 'A2']);
    });

    it('places each record under its account by the documented precedence', () => {
        const a1 = accounts.get('A1')!;
        const a2 = accounts.get('A2')!;
        expect(ids(a1.contacts)).toEqual(['C1']);
        expect(ids(a2.contacts)).toEqual(['C2']);
        expect(ids(a1.tasks)).toEqual(['T1', 'T3']);
        expect(ids(a2.tasks)).toEqual(['T2', 'T6']);
        expect(ids(a1.events)).toEqual([]);
        expect(ids(a2.events)).toEqual(['E1']);
        expect(ids(a2.opportunities)).toEqual(['O1']);
        expect(ids(a1.opportunities)).toEqual([]);
        expect(ids(a1.cases)).toEqual(['K1']);
        expect(ids(a1.usage)).toEqual(['U2', 'U3']);
        expect(ids(a2.usage)).toEqual(['U1', 'U4']);
        expect(ids(a1.snapshots)).toEqual(['S1']);
        expect(ids(a2.snapshots)).toEqual([]);
    });

    it('counts what it could not attach, by object, and the keys matched in another letter case', () => {
        expect(attachment.unattached).toEqual({
            Account: 2,
            Contact: 2,
            Task: 2,
            Event: 1,
            Opportunity: 2,
            Case: 1,
            Product_Usage__c: 2,
            Account_Health_Snapshot__c: 1
        });
        expect(attachment.keyCaseMatches).toBe(2);
        expect(groupByAccount(dataset).get('A1')!.usage).toHaveLength(2);
    });

    it('reads an empty data set as no accounts and nothing unattached', () => {
        expect(attachRecords({})).toEqual({
            accounts: new Map(),
            attachment: { unattached: {}, keyCaseMatches: 0 }
        });
    });
});

describe('extractOutcomes', () => {
    const renewal = (id: string, fields: RawRecord): RawRecord => ({ Id: id, Type: 'Renewal', ...fields });

    it('recognises a renewal by its Type in any letter case, and only by its Type', () => {
        expect(isRenewal({ Type: 'Renewal' })).toBe(true);
        expect(isRenewal({ Type: 'Existing Business - RENEWAL' })).toBe(true);
        expect(isRenewal({ Type: 'New Business', Name: 'Renewal 2025' })).toBe(false);
        expect(isRenewal({})).toBe(false);
    });

    it('reads closed and won from IsClosed/IsWon (booleans or their text), else from the stage name', () => {
        const account = { Id: 'A1' };
        const opportunities = [
            renewal('O1', { IsClosed: 'TRUE', IsWon: 'TRUE', CloseDate: '2025-01-01' }), // won
            renewal('O2', {
                IsClosed: 'true',
                IsWon: 'FALSE',
                StageName: 'Closed Won',
                CloseDate: '2025-01-02'
            }), // lost: IsWon decides
            renewal('O3', { IsClosed: 'FALSE', StageName: 'Closed Won', CloseDate: '2025-01-03' }), // open: IsClosed decides
            renewal('O4', { StageName: 'closed won', CloseDate: '2025-01-04' }), // won by stage
            renewal('O5', { StageName: 'Closed Won - Upsell', CloseDate: '2025-01-05' }), // closed, not "Closed Won" exactly
            renewal('O6', { StageName: 'Negotiation', CloseDate: '2025-01-06' }), // open
            renewal('O7', { IsClosed: true, IsWon: true, CloseDate: '' }), // no close date: not an outcome
            renewal('O8', {
                IsClosed: false,
                IsWon: 'false',
                StageName: 'Closed Lost',
                CloseDate: '2025-01-08'
            }), // open
            { Id: 'O9', IsClosed: true, IsWon: true, CloseDate: '2025-01-09' }, // not a renewal
            renewal('O11', { IsClosed: 'false', StageName: 'Closed Lost', CloseDate: '2025-01-11' }), // open: IsClosed decides
            renewal('O12', { StageName: 'Not Closed', CloseDate: '2025-01-12' }), // a stage must START with "closed"
            renewal('O13', { IsClosed: true, StageName: 'Unclosed Won', CloseDate: '2025-01-13' }), // lost: not "Closed Won"
            renewal('O14', {
                IsClosed: true,
                IsWon: 'false',
                StageName: 'Closed Won',
                CloseDate: '2025-01-14'
            }), // lost: IsWon decides
            renewal('', { IsClosed: true, IsWon: false, CloseDate: '2025-01-10' }) // no Id: the account's
        ];
        const extraction = extractOutcomes(new Map([['A1', records({ account, opportunities })]]));
        expect(extraction.outcomes.map((o) => [o.recordId, o.date, o.renewed])).toEqual([
            ['O1', '2025-01-01', true],
            ['O2', '2025-01-02', false],
            ['O4', '2025-01-04', true],
            ['O5', '2025-01-05', false],
            ['A1', '2025-01-10', false],
            ['O13', '2025-01-13', false],
            ['O14', '2025-01-14', false]
        ]);
        expect(extraction).toMatchObject({ renewalsWon: 2, renewalsLost: 5, churns: 0, duplicatesMerged: 0 });
    });

    it(`merges a churn within ${SAME_EVENT_DAYS} days (either side) of a lost renewal, not one further away`, () => {
        expect(SAME_EVENT_DAYS).toBe(120);
        const lost = (close: string) => renewal('O1', { IsClosed: true, IsWon: false, CloseDate: close });
        const won = (close: string) => renewal('O2', { IsClosed: true, IsWon: true, CloseDate: close });
        const accounts = new Map([
            [
                'A1',
                records({
                    account: { Id: 'A1', Churned_On__c: '2025-05-01' },
                    opportunities: [lost('2025-01-01')]
                })
            ], // 120 days after
            [
                'A2',
                records({
                    account: { Id: 'A2', Churned_On__c: '2024-09-03' },
                    opportunities: [lost('2025-01-01')]
                })
            ], // 120 days before
            [
                'A3',
                records({
                    account: { Id: 'A3', Churned_On__c: '2025-05-02' },
                    opportunities: [lost('2025-01-01')]
                })
            ], // 121 after
            [
                'A4',
                records({
                    account: { Id: 'A4', Churned_On__c: '2024-09-02' },
                    opportunities: [lost('2025-01-01')]
                })
            ], // 121 before
            [
                'A5',
                records({
                    account: { Id: 'A5', Churned_On__c: '2025-01-15' },
                    opportunities: [won('2025-01-01')]
                })
            ], // a won renewal never merges
            ['A6', records({ account: { Id: 'A6', Churned_On__c: 'soon' } })] // not a date
        ]);
        const extraction = extractOutcomes(accounts);
        expect(extraction.duplicatesMerged).toBe(2);
        expect(extraction.churns).toBe(3);
        expect(
            extraction.outcomes.filter((o) => o.source === 'churn').map((o) => [o.accountId, o.date])
        ).toEqual([
            ['A4', '2024-09-02'],
            ['A5', '2025-01-15'],
            ['A3', '2025-05-02']
        ]);
        const churn = extraction.outcomes.find((o) => o.accountId === 'A3' && o.source === 'churn');
        expect(churn).toEqual({
            accountId: 'A3',
            date: '2025-05-02',
            renewed: false,
            source: 'churn',
            recordId: 'A3'
        });
    });

    it('sorts outcomes by date, then account', () => {
        const won = (id: string, close: string) =>
            renewal(id, { IsClosed: true, IsWon: true, CloseDate: close });
        const accounts = new Map([
            [
                'B',
                records({
                    account: { Id: 'B' },
                    opportunities: [won('O1', '2025-02-01'), won('O2', '2025-01-01')]
                })
            ],
            ['A', records({ account: { Id: 'A' }, opportunities: [won('O3', '2025-02-01')] })]
        ]);
        expect(extractOutcomes(accounts).outcomes.map((o) => o.recordId)).toEqual(['O2', 'O3', 'O1']);
    });
});

describe('recordsAsOf: on or before the as-of date', () => {
    const asOf = '2025-06-30';

    it('keeps what is dated on the as-of date and drops what is dated the day after or not at all', () => {
        const cut = recordsAsOf(
            records({
                tasks: [
                    { Id: 'T1', ActivityDate: '2025-06-30' },
                    { Id: 'T2', ActivityDate: '2025-07-01' },
                    { Id: 'T3', ActivityDate: '2025-06-01', CompletedDateTime: '2025-07-01T09:00:00Z' }, // logged later
                    { Id: 'T4', ActivityDate: '2025-07-05', CompletedDateTime: '2025-06-30T23:00:00Z' },
                    { Id: 'T5' }
                ],
                events: [
                    { Id: 'E1', ActivityDate: '2025-06-01', EndDateTime: '2025-06-30T10:00:00Z' },
                    { Id: 'E2', ActivityDate: '2025-06-30', EndDateTime: '2025-07-01T00:30:00Z' },
                    { Id: 'E3', ActivityDate: '2025-06-30' }
                ],
                usage: [
                    { Id: 'U1', Period_End__c: '2025-06-30' },
                    { Id: 'U2', Period_End__c: '2025-07-01' },
                    { Id: 'U3' }
                ],
                snapshots: [
                    { Id: 'S1', As_Of__c: '2025-06-30' },
                    { Id: 'S2', As_Of__c: '2025-07-01' }
                ]
            }),
            asOf
        );
        expect(ids(cut.tasks)).toEqual(['T1', 'T4']);
        expect(ids(cut.events)).toEqual(['E1', 'E3']);
        expect(ids(cut.usage)).toEqual(['U1']);
        expect(ids(cut.snapshots)).toEqual(['S1']);
    });

    it('keeps the qualitative overlay only when it was reviewed by the as-of date, and never the current state', () => {
        const overlay = {
            Id: 'A1',
            Name: 'Acme',
            Industry: 'Retail',
            Champion_Status__c: 'Active',
            Executive_Engagement__c: 'Active',
            Outcome_Narrative__c: 'Defensible',
            Days_Past_Due__c: 30,
            Renewal_Date__c: '2026-01-01',
            ARR__c: 100000,
            Churned_On__c: '2025-12-01',
            Health_Scored_At__c: '2025-10-01T00:00:00Z'
        };
        const kept = recordsAsOf(
            records({ account: { ...overlay, Qualitative_Reviewed_On__c: '2025-06-30' } }),
            asOf
        );
        expect(kept.account).toEqual({
            Id: 'A1',
            Name: 'Acme',
            Industry: 'Retail',
            Champion_Status__c: 'Active',
            Executive_Engagement__c: 'Active',
            Outcome_Narrative__c: 'Defensible',
            Qualitative_Reviewed_On__c: '2025-06-30'
        });
        for (const reviewed of ['2025-07-01', null]) {
            const dropped = recordsAsOf(
                records({ account: { ...overlay, Qualitative_Reviewed_On__c: reviewed } }),
                asOf
            );
            expect(dropped.account).toEqual({ Id: 'A1', Name: 'Acme', Industry: 'Retail' });
        }
        expect(overlay.Days_Past_Due__c).toBe(30); // the input is not changed
    });

    it('shows opportunities as they stood: created by then, closed by then or still open', () => {
        const cut = recordsAsOf(
            records({
                opportunities: [
                    {
                        Id: 'O1',
                        CreatedDate: '2025-01-01',
                        IsClosed: true,
                        IsWon: true,
                        CloseDate: '2025-06-30'
                    },
                    {
                        Id: 'O2',
                        CreatedDate: '2025-01-01',
                        IsClosed: true,
                        IsWon: true,
                        StageName: 'Closed Won',
                        CloseDate: '2025-07-01',
                        Probability: 100
                    },
                    { Id: 'O3', CreatedDate: '2025-06-30', IsClosed: false, CloseDate: '2025-09-01' },
                    { Id: 'O4', CreatedDate: '2025-07-01', IsClosed: false, CloseDate: '2025-09-01' },
                    {
                        Id: 'O5',
                        CreatedDate: '2025-08-01',
                        IsClosed: true,
                        IsWon: false,
                        CloseDate: '2025-06-15'
                    }, // migrated late
                    { Id: 'O6', IsClosed: false, CloseDate: '2025-06-30' }, // no CreatedDate: close date by asOf
                    { Id: 'O7', IsClosed: false, CloseDate: '2025-07-01' }, // no CreatedDate, close later: unknown
                    { Id: 'O8', StageName: 'Prospecting' }, // undatable
                    {
                        Id: 'O9',
                        CreatedDate: '2025-08-01',
                        IsClosed: true,
                        IsWon: true,
                        CloseDate: '2025-06-30'
                    }, // migrated, closed on asOf
                    { Id: 'O10', CreatedDate: '2025-07-01', IsClosed: false, CloseDate: '2025-06-01' } // open, overdue, created later
                ]
            }),
            asOf
        );
        expect(ids(cut.opportunities)).toEqual(['O1', 'O2', 'O3', 'O5', 'O6', 'O9']);
        expect(cut.opportunities[5]).toMatchObject({ IsClosed: true, IsWon: true });
        expect(cut.opportunities[0]).toMatchObject({ IsClosed: true, IsWon: true });
        expect(cut.opportunities[1]).toEqual({
            Id: 'O2',
            CreatedDate: '2025-01-01',
            IsClosed: false,
            IsWon: false,
            StageName: 'Open (as of backtest date)',
            CloseDate: '2025-07-01',
            Probability: null
        });
        expect(cut.opportunities[2]).toMatchObject({ Id: 'O3', IsClosed: false });
    });

    it('shows cases as they stood: opened by then; closed later or at an unknown date means open, without CSAT', () => {
        const cut = recordsAsOf(
            records({
                cases: [
                    {
                        Id: 'K1',
                        CreatedDate: '2025-06-30',
                        IsClosed: true,
                        ClosedDate: '2025-06-30',
                        Status: 'Closed',
                        CSAT__c: 5
                    },
                    {
                        Id: 'K2',
                        CreatedDate: '2025-06-01',
                        IsClosed: true,
                        ClosedDate: '2025-07-01',
                        Status: 'Closed',
                        CSAT__c: 1
                    },
                    { Id: 'K3', CreatedDate: '2025-06-01', IsClosed: 'true', Status: 'Closed', CSAT__c: 2 },
                    { Id: 'K4', CreatedDate: '2025-07-01', IsClosed: false },
                    { Id: 'K5', IsClosed: false },
                    { Id: 'K6', CreatedDate: '2025-06-01', IsClosed: false, Status: 'Working' }
                ]
            }),
            asOf
        );
        expect(cut.cases).toEqual([
            {
                Id: 'K1',
                CreatedDate: '2025-06-30',
                IsClosed: true,
                ClosedDate: '2025-06-30',
                Status: 'Closed',
                CSAT__c: 5
            },
            {
                Id: 'K2',
                CreatedDate: '2025-06-01',
                IsClosed: false,
                ClosedDate: null,
                Status: 'Open',
                CSAT__c: null
            },
            { Id: 'K3', CreatedDate: '2025-06-01', IsClosed: false, Status: 'Open', CSAT__c: null },
            { Id: 'K6', CreatedDate: '2025-06-01', IsClosed: false, Status: 'Working' }
        ]);
    });

    it('drops a contact created later unless an activity by then shows it existed', () => {
        const cut = recordsAsOf(
            records({
                contacts: [
                    { Id: 'C1', CreatedDate: '2025-06-30' },
                    { Id: 'C2', CreatedDate: '2025-07-01' },
                    { Id: 'C3', CreatedDate: '2025-07-01' }, // migrated: an event by asOf names it
                    { Id: 'C4', CreatedDate: '2025-07-01' }, // its task is after asOf
                    { Id: 'C5' }
                ],
                events: [{ Id: 'E1', WhoId: 'C3', ActivityDate: '2025-06-01' }],
                tasks: [{ Id: 'T1', WhoId: 'C4', ActivityDate: '2025-07-02' }]
            }),
            asOf
        );
        expect(ids(cut.contacts)).toEqual(['C1', 'C3', 'C5']);
    });
});

describe('history helpers', () => {
    it('reads the date part of a date or date-time, and nothing else', () => {
        expect(dateOf('2025-06-30')).toBe('2025-06-30');
        expect(dateOf('2025-06-30T23:59:59.000+0000')).toBe('2025-06-30');
        expect(dateOf('30/06/2025')).toBeNull();
        expect(dateOf('x2025-06-30')).toBeNull(); // the date must start the value
        expect(dateOf('2025-06-3')).toBeNull();
        expect(dateOf('')).toBeNull();
        expect(dateOf(null)).toBeNull();
        expect(dateOf(undefined)).toBeNull();
    });

    it('finds the latest date the cut relies on', () => {
        expect(latestDateIn(records({}))).toBeNull();
        const base = records({
            tasks: [{ ActivityDate: '2025-01-01', CompletedDateTime: '2025-01-03T00:00:00Z' }],
            events: [{ ActivityDate: '2025-01-02' }],
            opportunities: [
                { IsClosed: true, CreatedDate: '2025-01-01', CloseDate: '2025-01-04' },
                { IsClosed: false, CreatedDate: '2025-01-02', CloseDate: '2025-12-31' }
            ],
            cases: [{ CreatedDate: '2025-01-01', ClosedDate: '2025-01-05' }, { CreatedDate: '2025-01-02' }],
            usage: [{ Period_End__c: '2025-01-06' }],
            snapshots: [{ As_Of__c: '2025-01-07' }]
        });
        expect(latestDateIn(base)).toBe('2025-01-07');
        expect(latestDateIn({ ...base, snapshots: [] })).toBe('2025-01-06');
        expect(latestDateIn({ ...base, snapshots: [], usage: [] })).toBe('2025-01-05');
        expect(latestDateIn({ ...base, snapshots: [], usage: [], cases: [] })).toBe('2025-01-04');
        expect(latestDateIn(records({ tasks: base.tasks, events: base.events }))).toBe('2025-01-03');
        expect(latestDateIn(records({ events: base.events }))).toBe('2025-01-02');
        expect(
            latestDateIn(
                records({ events: [{ EndDateTime: '2025-03-01T10:00:00Z', ActivityDate: '2025-02-01' }] })
            )
        ).toBe('2025-03-01');
        expect(
            latestDateIn(
                records({
                    opportunities: [{ IsClosed: false, CreatedDate: '2025-02-02', CloseDate: '2026-01-01' }]
                })
            )
        ).toBe('2025-02-02');
        expect(
            latestDateIn(records({ account: { Id: 'A1', Qualitative_Reviewed_On__c: '2025-09-09' } }))
        ).toBe('2025-09-09');
    });

    it('adds whole days across month, year and leap-day boundaries', () => {
        expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
        expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
        expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
        expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
        expect(addDays('2025-06-30', 0)).toBe('2025-06-30');
        expect(addDays('2025-01-01', 365)).toBe('2026-01-01');
    });

    it('turns one account back into a data set, with the users given', () => {
        const one = records({ contacts: [{ Id: 'C1' }], tasks: [{ Id: 'T1' }], usage: [{ Id: 'U1' }] });
        const users = [{ Id: 'U005' }];
        const dataset = toDataset(one, users);
        expect(dataset).toEqual({
            Account: [{ Id: 'A1' }],
            Contact: [{ Id: 'C1' }],
            User: [{ Id: 'U005' }],
            Task: [{ Id: 'T1' }],
            Event: [],
            Opportunity: [],
            Case: [],
            Product_Usage__c: [{ Id: 'U1' }],
            Account_Health_Snapshot__c: []
        });
        expect(dataset.User).not.toBe(users);
        expect(toDataset(one).User).toEqual([]);
    });
});
