// Pins portfolio.ts (the streaming scorer, issue 13) at what it promises: the same result as scoreAccount for
// every account, in the order the accounts were added; outcome inflation counted across every rep's rated
// activities in the window (MODEL.md: a rep >= 90% Positive over >= 20 rated activities and 25 points above the
// team is damped by half), with the damped results equal to scoreAccount given that damping; the run's counts
// (records, orphans, records dated after the as-of date); the errors for duplicate Ids and use after finish();
// the default segment fields from the header; admin-signal values; and account lookups for any number of
// accounts and any Id. Every expected value is worked out by hand from those rules.
import fc from 'fast-check';
import { DEFAULT_MODEL_CONFIG, parseModelConfig } from './config';
import { EngineInputError, dayNumber } from './dates';
import { channelCode, outcomeCode } from './contact';
import { AS_OF, activity, contact, daysAgo, emptyAccount, healthyAccount, usagePeriod } from './fixtures';
import { headerOf } from './fold';
import { scoreAccount } from './index';
import { PortfolioScorer } from './portfolio';
import { ModelSelector, parseCriteria } from './segments';
import type { SignalDefinition } from './signals';
import type { AccountInput, ActivityInput } from './types';

/** Streams accounts into a scorer the way the sync does: accounts and contacts first, then the rest. */
function stream(scorer: PortfolioScorer, accounts: AccountInput[]): void {
    for (const a of accounts) {
        scorer.addAccount(headerOf(a));
        for (const c of a.contacts) expect(scorer.addContact(a.id, c)).toBe(true);
    }
    for (const a of accounts) {
        for (const act of a.activities) scorer.addActivity({ ...act, accountId: a.id });
        for (const o of a.opportunities) scorer.addOpportunity(a.id, o);
        for (const c of a.cases) scorer.addCase(a.id, c);
        for (const u of a.usage) scorer.addUsage(a.id, u);
    }
}

function thrown(run: () => unknown): { message: string; field: string; hint: string } | null {
    try {
        run();
        return null;
    } catch (error) {
        expect(error).toBeInstanceOf(EngineInputError);
        const e = error as EngineInputError;
        return { message: e.message, field: e.field, hint: e.hint };
    }
}

describe('outcome inflation across the portfolio', () => {
    const calls = (
        contactId: string | null,
        ages: number[],
        outcome: ActivityInput['outcome'],
        owner: string | null
    ) => ages.map((age) => activity(contactId, age, 'Call', outcome, owner));
    // Rita: 19 Positive calls to the decision maker and one Positive call on the account itself, all inside the
    // 90-day window (ages 1-18, 89, and the unlinked one at 5): 20 rated, 100% Positive. Outside the count: a
    // Positive call 90 days ago (the window is age 0-89), an unrated Email, a call dated tomorrow.
    // Tom: 15 Neutral and 5 Negative calls: 20 rated, none Positive. Unowned Positive calls are not a rep's.
    const account = emptyAccount('acc-1', {
        contacts: [contact('dm', 'Decision Maker'), contact('u1', 'User')],
        activities: [
            ...calls('dm', [...Array.from({ length: 18 }, (_, i) => i + 1), 89], 'Positive', 'rita'),
            ...calls(null, [5], 'Positive', 'rita'),
            ...calls('dm', [90, -1], 'Positive', 'rita'),
            activity('dm', 3, 'Email', null, 'rita'),
            ...calls(
                'u1',
                Array.from({ length: 15 }, (_, i) => i + 2),
                'Neutral',
                'tom'
            ),
            ...calls('u1', [20, 21, 22, 23, 24], 'Negative', 'tom'),
            ...calls('u1', [4, 6, 8], 'Positive', null),
            ...calls('u1', [7], 'Positive', '')
        ]
    });

    it('flags the rep from every rated activity in the window, and damps only that rep', () => {
        const scorer = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
        scorer.addUser({ id: 'rita', name: 'Rita Rep' });
        scorer.addUser({ id: 'tom', name: null });
        stream(scorer, [account]);
        const finished = scorer.finish();
        expect(finished.inflation).toEqual({
            windowDays: 90,
            teamPositiveShare: 0.5,
            ratedActivities: 40,
            flagged: [
                {
                    ownerId: 'rita',
                    ownerName: 'Rita Rep',
                    rated: 20,
                    positive: 20,
                    positiveShare: 1,
                    teamShare: 0,
                    damping: 0.5
                }
            ]
        });
        expect(finished.stats).toMatchObject({ users: 2, activities: 46, ignoredAfterAsOf: 1 });
        const [result] = [...finished.results()];
        const damped = scoreAccount(account, DEFAULT_MODEL_CONFIG, AS_OF, {
            ownerDamping: new Map([['rita', 0.5]])
        });
        expect(result).toEqual(damped);
        // the damping is real: without it the account scores differently
        expect(damped.subscores.relationship).not.toBe(
            scoreAccount(account, DEFAULT_MODEL_CONFIG, AS_OF).subscores.relationship
        );
    });

    it('one activity fewer in the window and the rep is below the 20 rated needed: nothing is damped', () => {
        const fewer = { ...account, activities: account.activities.filter((a) => a.date !== daysAgo(89)) };
        const scorer = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
        stream(scorer, [fewer]);
        const finished = scorer.finish();
        expect(finished.inflation.ratedActivities).toBe(39);
        expect(finished.inflation.flagged).toEqual([]);
        expect([...finished.results()][0]).toEqual(scoreAccount(fewer, DEFAULT_MODEL_CONFIG, AS_OF));
    });
});

describe('the run counts', () => {
    it('counts each kind of record, orphans and records dated after the as-of date', () => {
        const scorer = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
        scorer.addAccount(headerOf(emptyAccount('a1')));
        scorer.addAccount(headerOf(emptyAccount('a2')));
        scorer.addUser({ id: 'u', name: 'U' });
        expect(scorer.addContact('a1', contact('c1', 'User'))).toBe(true);
        expect(scorer.addContact('nope', contact('c2', 'User'))).toBe(false);
        expect(scorer.addActivity(activity('c1', 3, 'Call', 'Positive'))).toBe(true);
        // no contact, but the account: an unlinked activity
        expect(scorer.addActivity({ ...activity('ghost', 3, 'Call', null), accountId: 'a2' })).toBe(true);
        expect(scorer.addActivity({ ...activity(null, 3, 'Call', null), accountId: 'gone' })).toBe(false);
        expect(scorer.addActivity(activity(null, 3, 'Call', null))).toBe(false);
        expect(scorer.addActivity(activity('c1', -2, 'Call', null))).toBe(true);
        // on the as-of date itself: counted, not ignored
        expect(scorer.addActivity(activity('c1', 0, 'Meeting', 'Positive'))).toBe(true);
        const opp = {
            id: 'o',
            name: 'O',
            isClosed: false,
            isWon: false,
            closeDate: daysAgo(-30),
            kind: 'expansion' as const
        };
        expect(scorer.addOpportunity('a1', opp)).toBe(true);
        expect(scorer.addOpportunity('a1', { ...opp, createdDate: daysAgo(-1) })).toBe(true);
        expect(scorer.addOpportunity('nope', opp)).toBe(false);
        const kase = {
            id: 'k',
            createdDate: daysAgo(3),
            closedDate: null,
            severity: 'Sev3' as const,
            escalated: false,
            csat: null
        };
        expect(scorer.addCase('a2', kase)).toBe(true);
        expect(scorer.addCase('a2', { ...kase, createdDate: daysAgo(-3) })).toBe(true);
        expect(scorer.addCase('nope', kase)).toBe(false);
        expect(scorer.addUsage('a1', usagePeriod(0))).toBe(true);
        expect(scorer.addUsage('a1', usagePeriod(-30))).toBe(true);
        expect(scorer.addUsage('nope', usagePeriod(0))).toBe(false);
        expect(scorer.addSnapshot('a1', { asOf: daysAgo(7), score: 70, band: 'Green' })).toBe(true);
        expect(scorer.addSnapshot('a1', { asOf: daysAgo(-7), score: 70, band: 'Green' })).toBe(true);
        expect(scorer.addSnapshot('nope', { asOf: daysAgo(7), score: 70, band: 'Green' })).toBe(false);
        const override = {
            id: 'ov',
            kind: 'Ceiling' as const,
            band: null,
            score: 60,
            reason: 'r',
            setBy: null,
            startsOn: daysAgo(1),
            expiresOn: daysAgo(-10),
            endedOn: null
        };
        expect(scorer.addOverride('a1', override)).toBe(true);
        expect(scorer.addOverride('nope', override)).toBe(false);
        const expected = {
            accounts: 2,
            users: 1,
            contacts: 1,
            activities: 3,
            opportunities: 1,
            cases: 1,
            usagePeriods: 1,
            snapshots: 1,
            ignoredAfterAsOf: 5,
            orphaned: 8
        };
        expect(scorer.stats).toEqual(expected);
        // stats is a copy: changing it changes nothing
        scorer.stats.accounts = 99;
        expect(scorer.stats).toEqual(expected);
        expect(scorer.hasAccount('a1')).toBe(true);
        expect(scorer.hasAccount('nope')).toBe(false);
        expect(scorer.hasContact('c1')).toBe(true);
        expect(scorer.hasContact('c2')).toBe(false);
        expect(scorer.contactRow('c1')).toBe(0);
        expect(scorer.contactRow('c2')).toBe(-1);
        const finished = scorer.finish();
        expect(finished.stats).toEqual(expected);
        // the override is read: the ceiling of 60 applies
        const [a1] = [...finished.results()];
        expect(a1?.score).toBeLessThanOrEqual(60);
    });
});

describe('errors', () => {
    it('refuses an account or a contact added twice', () => {
        const scorer = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
        scorer.addAccount(headerOf(emptyAccount('a1')));
        expect(thrown(() => scorer.addAccount(headerOf(emptyAccount('a1'))))).toEqual({
            message: 'Account a1 was added twice',
            field: 'Id',
            hint: 'Account Ids must be unique.'
        });
        scorer.addContact('a1', contact('c1', 'User'));
        scorer.addAccount(headerOf(emptyAccount('a2')));
        expect(thrown(() => scorer.addContact('a2', contact('c1', 'User')))).toEqual({
            message: 'Contact c1 was added twice',
            field: 'Id',
            hint: 'Contact Ids must be unique.'
        });
        expect(scorer.stats).toMatchObject({ accounts: 2, contacts: 1 });
    });

    it('refuses anything after finish()', () => {
        const scorer = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
        scorer.addAccount(headerOf(emptyAccount('a1')));
        scorer.finish();
        const after = {
            message: 'PortfolioScorer.finish() was already called',
            field: 'finish',
            hint: 'Create a new scorer.'
        };
        expect(thrown(() => scorer.finish())).toEqual(after);
        expect(thrown(() => scorer.addAccount(headerOf(emptyAccount('a2'))))).toEqual(after);
        expect(thrown(() => scorer.addUser({ id: 'u' }))).toEqual(after);
        expect(thrown(() => scorer.addContact('a1', contact('c', 'User')))).toEqual(after);
        expect(thrown(() => scorer.addActivity(activity('c', 1, 'Call', null)))).toEqual(after);
        expect(thrown(() => scorer.addActivityCodes('c', null, 0, 1, 0, null))).toEqual(after);
        expect(
            thrown(() =>
                scorer.addCase('a1', {
                    id: 'k',
                    createdDate: AS_OF,
                    closedDate: null,
                    severity: 'Sev3',
                    escalated: false,
                    csat: null
                })
            )
        ).toEqual(after);
        expect(thrown(() => scorer.addSignalValue('a1', { signal: 'x', date: null, value: 1 }))).toEqual(
            after
        );
        expect(thrown(() => scorer.addOverride('a1', {} as never))).toEqual(after);
        // reads still work
        expect(scorer.stats.accounts).toBe(1);
        expect(scorer.hasContact('c')).toBe(false);
    });
});

describe('segment models in the portfolio', () => {
    const model = parseModelConfig({
        version: 'org-seg-1',
        halfLifeDays: 10,
        relationshipWeight: 70,
        usageWeight: 5
    });
    const selectorOn = (criteria: string) =>
        new ModelSelector(DEFAULT_MODEL_CONFIG, [
            { name: 'Seg', priority: 1, criteria: parseCriteria(criteria, 'Seg'), config: model }
        ]);

    it('without field values reads Industry, BillingCountry (the region) and ARR__c from the header', () => {
        const a = healthyAccount('a', {
            industry: 'Retail',
            region: 'DE',
            commercial: { arr: 5000, renewalDate: null, daysPastDue: 0 }
        });
        const b = healthyAccount('b', {
            industry: 'Banking',
            region: 'FR',
            commercial: { arr: 900000, renewalDate: null, daysPastDue: 0 }
        });
        for (const [criteria, chosen] of [
            ["Industry = 'retail'", 'a'],
            ["BillingCountry = 'FR'", 'b'],
            ['ARR__c > 10000', 'b']
        ] as const) {
            const scorer = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF, selectorOn(criteria));
            stream(scorer, [a, b]);
            const results = [...scorer.finish().results()];
            expect(results.map((r) => r.modelVersion)).toEqual(
                [a, b].map((x) => (x.id === chosen ? 'org-seg-1' : DEFAULT_MODEL_CONFIG.version))
            );
            // each account exactly as scoreAccount scores it with its own model (activities decayed by it too)
            for (const [x, r] of [
                [a, results[0]],
                [b, results[1]]
            ] as const)
                expect(r).toEqual(scoreAccount(x, x.id === chosen ? model : DEFAULT_MODEL_CONFIG, AS_OF));
        }
    });

    it('an account without industry or region is blank for the criteria', () => {
        const a = healthyAccount('a', { industry: undefined, region: undefined });
        const scorer = new PortfolioScorer(
            DEFAULT_MODEL_CONFIG,
            AS_OF,
            selectorOn('Industry is blank and BillingCountry is blank')
        );
        stream(scorer, [a]);
        expect([...scorer.finish().results()][0]?.modelVersion).toBe('org-seg-1');
    });
});

describe('admin-signal values', () => {
    const nps: SignalDefinition = {
        name: 'NPS',
        label: 'NPS',
        aggregation: 'latest',
        windowDays: null,
        direction: 'higher',
        worst: 0,
        best: 10,
        dimension: 'relationship',
        weight: 50
    };

    it('counts values, future values and orphans; without signals a value is an orphan', () => {
        const scorer = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF, null, [nps]);
        scorer.addAccount(headerOf(emptyAccount('a1')));
        expect(scorer.stats.signalValues).toBe(0);
        expect(scorer.addSignalValue('a1', { signal: 'NPS', date: daysAgo(2), value: 8 })).toBe(true);
        expect(scorer.addSignalValue('a1', { signal: 'NPS', date: daysAgo(1), value: 9 })).toBe(true);
        expect(scorer.addSignalValue('a1', { signal: 'NPS', date: daysAgo(-1), value: 1 })).toBe(true);
        expect(scorer.addSignalValue('a1', { signal: 'CSAT', date: null, value: 1 })).toBe(false);
        expect(scorer.addSignalValue('zz', { signal: 'NPS', date: null, value: 1 })).toBe(false);
        expect(scorer.stats).toMatchObject({ signalValues: 2, ignoredAfterAsOf: 1, orphaned: 2 });
        const [result] = [...scorer.finish().results()];
        // the newest value (9 on a 0-10 scale) is the whole relationship dimension (no contact data)
        expect(result?.subscores.relationship).toBe(90);

        const plain = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
        plain.addAccount(headerOf(emptyAccount('a1')));
        expect(plain.addSignalValue('a1', { signal: 'NPS', date: null, value: 1 })).toBe(false);
        expect(plain.stats).toMatchObject({ orphaned: 1 });
        expect(plain.stats).not.toHaveProperty('signalValues');
    });
});

describe('account lookups', () => {
    it('finds every account among more than 1,024 (the table grows twice), and Ids the hash table does not take', () => {
        const scorer = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
        const ids = [
            ...Array.from({ length: 1100 }, (_, i) => `001A${String(i).padStart(11, '0')}`),
            'Kundenkonto-äöü',
            'Счёт-1',
            '客户-7',
            `long-${'x'.repeat(200)}`
        ];
        for (const id of ids) scorer.addAccount(headerOf(emptyAccount(id)));
        for (const id of ids) expect([id, scorer.addUsage(id, usagePeriod(0))]).toEqual([id, true]);
        for (const id of ['001A00000001100', 'Счёт-2', `long-${'x'.repeat(199)}`, '001a00000000001'])
            expect([id, scorer.addUsage(id, usagePeriod(0))]).toEqual([id, false]);
        expect(scorer.stats).toMatchObject({ accounts: ids.length, usagePeriods: ids.length, orphaned: 4 });
        // accounts come back in the order they were added
        const results = [...scorer.finish().results()];
        expect(results.map((r) => r.accountId)).toEqual(ids);
    });
});

describe('more edges of the streaming scorer', () => {
    it('two Ids with the same hash are two accounts, and an unknown Id sharing a hash finds none', () => {
        // '001A79568' and '001A440126' have the same 31-bit FNV-1a keyHash (1579698252)
        const scorer = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
        scorer.addAccount(headerOf(emptyAccount('001A79568')));
        expect(scorer.addUsage('001A440126', usagePeriod(0))).toBe(false);
        scorer.addAccount(headerOf(emptyAccount('001A440126')));
        expect(scorer.addUsage('001A440126', usagePeriod(0, { activeUsers: 10 }))).toBe(true);
        expect(scorer.addUsage('001A79568', usagePeriod(0, { activeUsers: 90 }))).toBe(true);
        const [first, second] = [...scorer.finish().results()];
        const utilisation = (r: typeof first) =>
            r?.drivers.find((d) => d.code === 'USAGE_UTILISATION')?.label ?? r?.dataQuality;
        expect([first?.accountId, second?.accountId]).toEqual(['001A79568', '001A440126']);
        expect(first).toEqual(
            scoreAccount(
                emptyAccount('001A79568', { usage: [usagePeriod(0, { activeUsers: 90 })] }),
                DEFAULT_MODEL_CONFIG,
                AS_OF
            )
        );
        expect(second).toEqual(
            scoreAccount(
                emptyAccount('001A440126', { usage: [usagePeriod(0, { activeUsers: 10 })] }),
                DEFAULT_MODEL_CONFIG,
                AS_OF
            )
        );
        expect(utilisation(first)).not.toEqual(utilisation(second));
    });

    it('an Id that is the start of another Id (found just before) is still its own account', () => {
        const scorer = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
        scorer.addAccount(headerOf(emptyAccount('001A1')));
        scorer.addAccount(headerOf(emptyAccount('001A10')));
        for (const id of ['001A10', '001A1', '001A10', '001A1'])
            scorer.addUsage(id, usagePeriod(0, { activeUsers: id === '001A1' ? 10 : 90 }));
        expect(scorer.addUsage('001A', usagePeriod(0))).toBe(false);
        const periods = (users: number) => [
            usagePeriod(0, { activeUsers: users }),
            usagePeriod(0, { activeUsers: users })
        ];
        expect([...scorer.finish().results()]).toEqual([
            scoreAccount(emptyAccount('001A1', { usage: periods(10) }), DEFAULT_MODEL_CONFIG, AS_OF),
            scoreAccount(emptyAccount('001A10', { usage: periods(90) }), DEFAULT_MODEL_CONFIG, AS_OF)
        ]);
    });

    it('names the field of a date it cannot read', () => {
        expect(() => new PortfolioScorer(DEFAULT_MODEL_CONFIG, '2026-13-01')).toThrow(
            expect.objectContaining({ name: 'EngineInputError', field: 'as-of date' })
        );
        const scorer = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
        scorer.addAccount(headerOf(emptyAccount('a1')));
        scorer.addContact('a1', contact('c1', 'User'));
        expect(() => scorer.addActivity({ ...activity('c1', 1, 'Call', null), date: 'yesterday' })).toThrow(
            expect.objectContaining({ name: 'EngineInputError', field: 'activity date' })
        );
    });

    it('a rep whose user name is blank is reported without a name', () => {
        const account = emptyAccount('acc-1', {
            contacts: [contact('dm', 'Decision Maker'), contact('u1', 'User')],
            activities: [
                ...Array.from({ length: 20 }, (_, i) => activity('dm', i + 1, 'Call', 'Positive', 'rita')),
                ...Array.from({ length: 20 }, (_, i) => activity('u1', i + 1, 'Call', 'Neutral', 'tom'))
            ]
        });
        const scorer = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
        scorer.addUser({ id: 'rita', name: '' });
        stream(scorer, [account]);
        expect(scorer.finish().inflation.flagged.map((f) => [f.ownerId, f.ownerName])).toEqual([
            ['rita', null]
        ]);
    });

    it("an activity naming another account is folded by its contact's account model, however it is added", () => {
        // a: Retail, the default model, with the contact; b: Banking, a segment model with a 10-day half-life
        const segmentModel = parseModelConfig({ version: 'org-bank-1', halfLifeDays: 10 });
        const selector = new ModelSelector(DEFAULT_MODEL_CONFIG, [
            {
                name: 'Bank',
                priority: 1,
                criteria: parseCriteria("Industry = 'Banking'", 'Bank'),
                config: segmentModel
            }
        ]);
        const a = emptyAccount('a', { industry: 'Retail', contacts: [contact('c1', 'Decision Maker')] });
        const b = emptyAccount('b', { industry: 'Banking' });
        const ages = [2, 9, 20, 33, 47];
        for (const how of ['activity', 'codes', 'queue'] as const) {
            const scorer = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF, selector);
            stream(scorer, [a, b]);
            for (const age of ages) {
                const act = activity('c1', age, 'Meeting', 'Positive');
                const day = dayNumber(act.date);
                if (how === 'activity') scorer.addActivity({ ...act, accountId: 'b' });
                else if (how === 'codes')
                    scorer.addActivityCodes(
                        'c1',
                        'b',
                        day,
                        channelCode('Meeting'),
                        outcomeCode('Positive'),
                        'rep-1'
                    );
                else
                    scorer.queueActivityCodes(
                        'c1',
                        'b',
                        day,
                        channelCode('Meeting'),
                        outcomeCode('Positive'),
                        'rep-1'
                    );
            }
            const [resultA, resultB] = [...scorer.finish().results()];
            const withActivities = {
                ...a,
                activities: ages.map((age) => activity('c1', age, 'Meeting', 'Positive'))
            };
            expect([how, resultA]).toEqual([how, scoreAccount(withActivities, DEFAULT_MODEL_CONFIG, AS_OF)]);
            expect([how, resultB]).toEqual([how, scoreAccount(b, segmentModel, AS_OF)]);
        }
    });

    it('more activities queued in a row than one batch holds: each is folded once, in order', () => {
        const account = emptyAccount('a', {
            contacts: [contact('c1', 'Decision Maker'), contact('c2', 'User')]
        });
        const one = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
        const queued = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
        stream(one, [account]);
        stream(queued, [account]);
        for (let i = 0; i < 150; i++) {
            const contactId = i % 3 === 0 ? 'c2' : 'c1';
            const outcome = i % 5 === 0 ? 'Negative' : 'Positive';
            const age = (i * 7) % 120;
            one.addActivityOn(contactId, null, daysAgo(age), 'Call', outcome, `r${i % 4}`);
            queued.queueActivityCodes(
                contactId,
                null,
                dayNumber(daysAgo(age)),
                channelCode('Call'),
                outcomeCode(outcome),
                `r${i % 4}`
            );
        }
        expect(queued.takeQueuedOrphans()).toBe(0);
        const a = one.finish();
        const b = queued.finish();
        expect(b.stats).toEqual(a.stats);
        expect(b.stats.activities).toBe(150);
        expect(b.inflation).toEqual(a.inflation);
        expect([...b.results()]).toEqual([...a.results()]);
    });
});

describe('activities queued in place (queueActivitySpans)', () => {
    // A Task row's Ids are spans of its file chunk: the scorer must read exactly those characters, whatever is
    // around them (neighbouring fields, a shared prefix), and read an empty span as no Id.
    const accounts = [
        emptyAccount('001A79568', { contacts: [contact('c1', 'Decision Maker'), contact('c12', 'User')] }),
        // the same 31-bit keyHash as '001A79568'
        emptyAccount('001A440126', { contacts: [contact('c2', 'User')] }),
        emptyAccount(`long-${'x'.repeat(40)}`),
        emptyAccount('Счёт')
    ];
    const touch = fc.record({
        contact: fc.constantFrom('c1', 'c12', 'c2', 'c', 'ghost', ''),
        account: fc.constantFrom(
            '001A79568',
            '001A440126',
            '001A7956',
            `long-${'x'.repeat(40)}`,
            'Счёт',
            'gone',
            ''
        ),
        owner: fc.constantFrom('rita', 'rit', 'tom', `r-${'y'.repeat(40)}`, ''),
        age: fc.nat({ max: 120 }),
        outcome: fc.constantFrom<'Positive' | 'Neutral' | 'Negative' | null>(
            'Positive',
            'Neutral',
            'Negative',
            null
        ),
        before: fc.constantFrom('', 'c1,', '001A79568'),
        after: fc.constantFrom('', ',', '2,rita')
    });

    it('folds what queueActivityCodes folds for the same Ids given as strings', () => {
        fc.assert(
            fc.property(fc.array(touch, { minLength: 1, maxLength: 150 }), (touches) => {
                const codes = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
                const spans = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
                stream(codes, accounts);
                stream(spans, accounts);
                for (const t of touches) {
                    const day = dayNumber(daysAgo(t.age));
                    const channel = channelCode('Call');
                    const outcome = outcomeCode(t.outcome);
                    codes.queueActivityCodes(
                        t.contact || null,
                        t.account || null,
                        day,
                        channel,
                        outcome,
                        t.owner || null
                    );
                    const text = `${t.before}${t.contact},${t.account},${t.owner}${t.after}`;
                    const contactStart = t.before.length;
                    const accountStart = contactStart + t.contact.length + 1;
                    const ownerStart = accountStart + t.account.length + 1;
                    spans.queueActivitySpans(
                        text,
                        contactStart,
                        contactStart + t.contact.length,
                        accountStart,
                        accountStart + t.account.length,
                        ownerStart,
                        ownerStart + t.owner.length,
                        day,
                        channel,
                        outcome
                    );
                }
                expect(spans.takeQueuedOrphans()).toBe(codes.takeQueuedOrphans());
                const a = codes.finish();
                const b = spans.finish();
                expect(b.stats).toEqual(a.stats);
                expect(b.inflation).toEqual(a.inflation);
                expect([...b.results()]).toEqual([...a.results()]);
            }),
            { numRuns: process.env.STRYKER_MUTATOR_WORKER ? 15 : 60 }
        );
    });

    it('more spans queued in a row than one batch holds, an empty account span beside an account whose Id is "": each folded once, as queueActivityCodes folds them', () => {
        const withBlank = [...accounts, emptyAccount('')];
        const codes = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
        const spans = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
        stream(codes, withBlank);
        stream(spans, withBlank);
        const contacts = ['c1', 'c2', 'ghost', 'c12'];
        const accountIds = ['001A79568', '', '001A440126', ''];
        for (let i = 0; i < 150; i++) {
            const contactId = contacts[i % 4] as string;
            const accountId = accountIds[i % 3] as string;
            const owner = `r${i % 3}`;
            const day = dayNumber(daysAgo((i * 7) % 120));
            const outcome = outcomeCode(i % 5 === 0 ? 'Negative' : 'Positive');
            codes.queueActivityCodes(contactId, accountId || null, day, channelCode('Call'), outcome, owner);
            const text = `x,${contactId},${accountId},${owner}`;
            const accountStart = 3 + contactId.length;
            const ownerStart = accountStart + accountId.length + 1;
            spans.queueActivitySpans(
                text,
                2,
                2 + contactId.length,
                accountStart,
                accountStart + accountId.length,
                ownerStart,
                ownerStart + owner.length,
                day,
                channelCode('Call'),
                outcome
            );
        }
        const orphans = codes.takeQueuedOrphans();
        expect(orphans).toBeGreaterThan(0);
        expect(spans.takeQueuedOrphans()).toBe(orphans);
        const a = codes.finish();
        const b = spans.finish();
        expect(b.stats).toEqual(a.stats);
        expect(b.stats.activities + b.stats.orphaned).toBe(150);
        expect(b.inflation).toEqual(a.inflation);
        expect([...b.results()]).toEqual([...a.results()]);
    });

    it('an owner read in place is rated like the same owner given as a string (outcome inflation)', () => {
        const account = emptyAccount('acc-1', {
            contacts: [contact('dm', 'Decision Maker'), contact('u1', 'User')]
        });
        const scorer = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
        stream(scorer, [account]);
        for (let i = 0; i < 20; i++) {
            const day = dayNumber(daysAgo(i + 1));
            // rita's Id sits after a neighbouring field that starts like it; tom's span ends before a longer tail
            const rita = 'dm,acc-1,ritar,rita';
            scorer.queueActivitySpans(
                rita,
                0,
                2,
                3,
                8,
                15,
                19,
                day,
                channelCode('Call'),
                outcomeCode('Positive')
            );
            const tom = 'u1,acc-1,tomas';
            scorer.queueActivitySpans(
                tom,
                0,
                2,
                3,
                8,
                9,
                12,
                day,
                channelCode('Call'),
                outcomeCode('Neutral')
            );
            // no owner (an empty span) is never rated
            const none = 'dm,acc-1,,';
            scorer.queueActivitySpans(
                none,
                0,
                2,
                3,
                8,
                9,
                9,
                day,
                channelCode('Call'),
                outcomeCode('Neutral')
            );
        }
        const finished = scorer.finish();
        expect(finished.stats.activities).toBe(60);
        expect(finished.inflation.flagged.map((f) => f.ownerId)).toEqual(['rita']);
        expect(finished.inflation).toEqual(
            (() => {
                const strings = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
                stream(strings, [account]);
                for (let i = 0; i < 20; i++) {
                    const day = dayNumber(daysAgo(i + 1));
                    strings.queueActivityCodes(
                        'dm',
                        'acc-1',
                        day,
                        channelCode('Call'),
                        outcomeCode('Positive'),
                        'rita'
                    );
                    strings.queueActivityCodes(
                        'u1',
                        'acc-1',
                        day,
                        channelCode('Call'),
                        outcomeCode('Neutral'),
                        'tom'
                    );
                    strings.queueActivityCodes(
                        'dm',
                        'acc-1',
                        day,
                        channelCode('Call'),
                        outcomeCode('Neutral'),
                        null
                    );
                }
                return strings.finish().inflation;
            })()
        );
    });
});
