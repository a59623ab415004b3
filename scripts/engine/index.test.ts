import { DEFAULT_MODEL_CONFIG, PortfolioScorer, headerOf, parseModelConfig, scoreAccount } from './index';
import type { AccountInput, AccountResult } from './index';
import {
    AS_OF,
    activity,
    contact,
    daysAgo,
    emptyAccount,
    healthyAccount,
    opportunity,
    supportCase,
    usagePeriod
} from './fixtures';

const config = DEFAULT_MODEL_CONFIG;

function streamPortfolio(accounts: AccountInput[], asOf = AS_OF, scorer = new PortfolioScorer(config, asOf)) {
    for (const account of accounts) {
        scorer.addAccount(headerOf(account));
        for (const c of account.contacts) scorer.addContact(account.id, c);
    }
    for (const account of accounts) {
        for (const a of account.activities) scorer.addActivity({ ...a, accountId: account.id });
        for (const o of account.opportunities) scorer.addOpportunity(account.id, o);
        for (const c of account.cases) scorer.addCase(account.id, c);
        for (const u of account.usage) scorer.addUsage(account.id, u);
        for (const s of account.snapshots ?? []) scorer.addSnapshot(account.id, s);
    }
    const finished = scorer.finish();
    return { ...finished, list: [...finished.results()] };
}

describe('scoreAccount', () => {
    it('scores a healthy account Green with full coverage', () => {
        const result = scoreAccount(healthyAccount(), config, AS_OF);
        expect(result.band).toBe('Green');
        expect(result.coverage).toBe(100);
        expect(result.score).toBeGreaterThanOrEqual(70);
        expect(result.lifecycle).toBe('Warm');
        expect(result.criticalRisk).toBeNull();
    });

    it('is deterministic and does not mutate its input', () => {
        const input = healthyAccount();
        const copy = JSON.parse(JSON.stringify(input)) as AccountInput;
        const first = scoreAccount(input, config, AS_OF);
        const second = scoreAccount(input, config, AS_OF);
        expect(second).toEqual(first);
        expect(input).toEqual(copy);
    });

    it('ignores every record dated after the as-of date', () => {
        const base = healthyAccount();
        const future = healthyAccount('acc-healthy', {
            activities: [
                ...base.activities,
                activity('acc-healthy-dm', -5, 'Meeting', 'Negative'),
                activity('acc-healthy-dm', -6, 'Meeting', 'Negative')
            ],
            cases: [
                ...base.cases,
                supportCase('00009999', { createdDate: daysAgo(-3), closedDate: null, severity: 'Sev1' })
            ],
            opportunities: [
                ...base.opportunities,
                opportunity('lost-later', {
                    isWon: false,
                    closeDate: daysAgo(-10),
                    createdDate: daysAgo(-20)
                })
            ],
            usage: [...base.usage, usagePeriod(-30, { activeUsers: 1 })],
            snapshots: [{ asOf: daysAgo(-1), score: 10, band: 'Red' }]
        });
        const a = scoreAccount(base, config, AS_OF);
        const b = scoreAccount(future, config, AS_OF);
        expect(b.score).toBe(a.score);
        expect(b.band).toBe(a.band);
        expect(b.drivers).toEqual(a.drivers);
    });

    it('rejects a malformed as-of date', () => {
        expect(() => scoreAccount(emptyAccount(), config, '2026-13-01')).toThrow(/as-of date/);
    });

    it('is Unknown with no data at all', () => {
        const result = scoreAccount(
            emptyAccount('acc-x', { commercial: { arr: null, renewalDate: null, daysPastDue: null } }),
            config,
            AS_OF
        );
        expect(result.band).toBe('Unknown');
        expect(result.coverage).toBe(0);
        // Unknown shows no number: the drivers are the checklist of missing data, largest weight first.
        expect(result.score).toBeNull();
        expect(result.drivers.map((d) => [d.code, d.points])).toEqual([
            ['MISSING_USAGE', 0],
            ['MISSING_RELATIONSHIP', 0],
            ['MISSING_SUPPORT', 0],
            ['MISSING_COMMERCIAL', 0]
        ]);
    });

    it("applies owner damping to that owner's Positive outcomes only", () => {
        const input = emptyAccount('acc-d', {
            contacts: [contact('c1', 'Decision Maker')],
            activities: [
                activity('c1', 5, 'Meeting', 'Positive', 'rep-inflated'),
                activity('c1', 9, 'Call', 'Positive', 'rep-2')
            ]
        });
        const plain = scoreAccount(input, config, AS_OF);
        const damped = scoreAccount(input, config, AS_OF, { ownerDamping: new Map([['rep-inflated', 0.5]]) });
        expect(damped.contacts[0]?.score).toBeLessThan(plain.contacts[0]?.score ?? 0);
        const other = scoreAccount(input, config, AS_OF, { ownerDamping: new Map([['rep-unknown', 0.5]]) });
        expect(other.contacts[0]?.score).toBe(plain.contacts[0]?.score);
    });
});

describe('PortfolioScorer', () => {
    const accounts = [
        healthyAccount('a1'),
        healthyAccount('a2', { cases: [supportCase('00002001', { closedDate: null, severity: 'Sev1' })] }),
        emptyAccount('a3', {
            contacts: [contact('x1', 'User')],
            activities: [activity('x1', 3, 'Email', null), activity(null, 4, 'Call', 'Neutral')]
        })
    ];

    it('gives exactly the results of scoreAccount per account', () => {
        const { list } = streamPortfolio(accounts);
        expect(list).toHaveLength(3);
        list.forEach((result: AccountResult, index: number) => {
            expect(result).toEqual(scoreAccount(accounts[index] as AccountInput, config, AS_OF));
        });
    });

    it('counts records, future records and orphans', () => {
        const scorer = new PortfolioScorer(config, AS_OF);
        scorer.addAccount({ ...emptyAccount('b1') });
        expect(scorer.addContact('nope', contact('c9', null))).toBe(false);
        expect(scorer.addActivity({ ...activity('c-missing', 1, 'Call', 'Positive'), accountId: null })).toBe(
            false
        );
        scorer.addActivity({ ...activity(null, -3, 'Call', 'Positive'), accountId: 'b1' });
        scorer.addActivity({ ...activity(null, 3, 'Call', 'Positive'), accountId: 'b1' });
        const { stats } = scorer.finish();
        expect(stats).toMatchObject({ accounts: 1, activities: 1, ignoredAfterAsOf: 1, orphaned: 2 });
        expect(() => scorer.addUser({ id: 'u' })).toThrow(/finish/);
    });

    it('rejects duplicate account ids', () => {
        const scorer = new PortfolioScorer(config, AS_OF);
        scorer.addAccount(emptyAccount('dup'));
        expect(() => scorer.addAccount(emptyAccount('dup'))).toThrow(/twice/);
    });

    describe('outcome inflation', () => {
        // 12 reps with a realistic mix; rep-hype logs only Positives on the same kind of contacts.
        function teamAccounts(): AccountInput[] {
            const list: AccountInput[] = [];
            for (let r = 0; r < 6; r++) {
                const id = `t${r}`;
                const acts = [];
                for (let i = 0; i < 30; i++) {
                    const outcome = i % 3 === 0 ? 'Positive' : i % 3 === 1 ? 'Neutral' : 'Negative';
                    acts.push(activity(`${id}-c`, 1 + i, 'Call', outcome, `rep-${r}`));
                }
                list.push(
                    emptyAccount(id, { contacts: [contact(`${id}-c`, 'Decision Maker')], activities: acts })
                );
            }
            // One Positive call per contact so the damping is not hidden by saturation.
            const hype = [];
            const hypeContacts = [];
            for (let i = 0; i < 30; i++) {
                hypeContacts.push(contact(`h-c${i}`, 'User'));
                hype.push(activity(`h-c${i}`, 1 + i, 'Call', 'Positive', 'rep-hype'));
            }
            list.push(emptyAccount('h', { contacts: hypeContacts, activities: hype }));
            return list;
        }

        it('flags a rep whose outcomes are nearly all Positive, far above the team, and damps them', () => {
            const accounts = teamAccounts();
            const { inflation, list } = streamPortfolio(accounts);
            expect(inflation.flagged.map((flag) => flag.ownerId)).toEqual(['rep-hype']);
            expect(inflation.flagged[0]?.positiveShare).toBe(1);
            const hype = list.find((result) => result.accountId === 'h');
            const undamped = scoreAccount(accounts[accounts.length - 1] as AccountInput, config, AS_OF);
            const damped = scoreAccount(accounts[accounts.length - 1] as AccountInput, config, AS_OF, {
                ownerDamping: new Map([['rep-hype', config.inflationDamping]])
            });
            expect(hype).toEqual(damped);
            expect(damped.contacts[0]?.score).toBeLessThan(undamped.contacts[0]?.score ?? 0);
        });

        it('damping factor is configurable (1 = no damping)', () => {
            const noDamping = parseModelConfig({ inflationDamping: 1 });
            const accounts = teamAccounts();
            const { list, inflation } = streamPortfolio(
                accounts,
                AS_OF,
                new PortfolioScorer(noDamping, AS_OF)
            );
            expect(inflation.flagged).toHaveLength(1);
            const hype = list.find((result) => result.accountId === 'h');
            expect(hype?.contacts[0]?.score).toBe(
                scoreAccount(accounts[accounts.length - 1] as AccountInput, noDamping, AS_OF).contacts[0]
                    ?.score
            );
        });

        it('does not flag below the minimum number of rated activities', () => {
            const accounts = teamAccounts();
            const last = accounts[accounts.length - 1] as AccountInput;
            accounts[accounts.length - 1] = { ...last, activities: last.activities.slice(0, 19) };
            expect(streamPortfolio(accounts).inflation.flagged).toEqual([]);
        });
    });
});
