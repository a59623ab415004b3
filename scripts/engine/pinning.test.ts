// Tests that hold the engine's behaviour in place (issue 13 "Tests that pin the model"): each names a small
// change to the code that used to leave the whole suite green, and fails on it. Plus a decomposition test
// that can catch a wrong split: every driver's points are computed by hand from the formula in docs/engine.md,
// independently of the engine's own bookkeeping.
import fc from 'fast-check';
import { DEFAULT_MODEL_CONFIG, PortfolioScorer, headerOf, scoreAccount } from './index';
import type { AccountInput, AccountResult } from './index';
import { ContactAccumulator, contactScore } from './contact';
import { OwnerOutcomeCounter, detectOutcomeInflation } from './inflation';
import type { Channel, Outcome } from './types';
import {
    AS_OF,
    activity,
    contact,
    daysAgo,
    emptyAccount,
    healthyAccount,
    opportunity,
    supportCase,
    usageSeries
} from './fixtures';

const config = DEFAULT_MODEL_CONFIG;
const score = (input: AccountInput): AccountResult => scoreAccount(input, config, AS_OF);
const sat = (x: number, k: number) => 1 - Math.exp(-x / k);

function contactOf(touches: [number, Channel, Outcome | null][]): number {
    const acc = new ContactAccumulator();
    for (const [age, channel, outcome] of touches)
        acc.add(age, 20_000 - age, channel, outcome, 'rep', config);
    return contactScore(acc, config);
}

describe('contact score, pinned to its formula', () => {
    it('a Positive meeting today is worth a full meeting weight (not a call)', () => {
        expect(contactOf([[0, 'Meeting', 'Positive']])).toBeCloseTo(90 * sat(1.0, 0.6), 9);
        expect(contactOf([[0, 'Call', 'Positive']])).toBeCloseTo(90 * sat(0.7, 0.6), 9);
        expect(contactOf([[0, 'Email', 'Positive']])).toBeCloseTo(90 * sat(0.4, 0.6), 9);
        expect(contactOf([[0, 'Message', 'Positive']])).toBeCloseTo(90 * sat(0.25, 0.6), 9);
    });

    it('decays with the 45-day half-life', () => {
        expect(contactOf([[45, 'Meeting', 'Positive']])).toBeCloseTo(90 * sat(0.5, 0.6), 9);
        expect(contactOf([[90, 'Meeting', 'Neutral']])).toBeCloseTo(30 * sat(0.25, 1.5), 9);
    });

    it('tone: a Negative call beside a Positive meeting scales the score by the engaged share', () => {
        // base * tone = 90 sat(1, 0.6) * 1 / (1 + 0.7); the negative ceiling 100 e^(-0.7/1.8) = 67.8 does not bind.
        expect(
            contactOf([
                [0, 'Meeting', 'Positive'],
                [0, 'Call', 'Negative']
            ])
        ).toBeCloseTo((90 * sat(1, 0.6)) / 1.7, 9);
    });

    it('the negative ceiling binds when Positive weight swamps the tone: 100 e^(-N / 1.8)', () => {
        const positives: [number, Channel, Outcome | null][] = Array.from({ length: 6 }, () => [
            0,
            'Meeting',
            'Positive'
        ]);
        // base 90 sat(6, 0.6) ~ 90, tone 6 / 7.8 -> 69; ceiling 100 e^(-1.8 / 1.8) = 36.8 binds.
        expect(
            contactOf([
                ...positives,
                [0, 'Meeting', 'Negative'],
                [0, 'Call', 'Negative'],
                [0, 'Email', 'Negative']
            ])
        ).toBeCloseTo(100 * Math.exp(-(1 + 0.7 + 0.4) / 1.8), 9);
        // An old Negative weighs less: the ceiling is higher, never lower.
        expect(contactOf([...positives, [90, 'Meeting', 'Negative']])).toBeGreaterThan(
            contactOf([...positives, [0, 'Meeting', 'Negative']])
        );
    });

    it('Neutral and no-outcome activities have their own ceilings (30 and 10)', () => {
        expect(contactOf([[0, 'Meeting', null]])).toBeCloseTo(10 * sat(1, 1.5), 9);
        const many = Array.from({ length: 40 }, (): [number, Channel, Outcome | null] => [
            0,
            'Meeting',
            'Neutral'
        ]);
        expect(contactOf(many)).toBeCloseTo(30 * sat(40, 1.5), 9);
    });

    it('the silence ceiling: 100 - 1 point per day after 30 days of silence', () => {
        const history: [number, Channel, Outcome | null][] = Array.from({ length: 40 }, (_, i) => [
            70 + i,
            'Meeting',
            'Positive'
        ]);
        // base is about 90; 70 days of silence leave a ceiling of 100 - (70 - 30) = 60.
        expect(contactOf(history)).toBeCloseTo(60, 9);
    });
});

describe('account decomposition computed by hand (catches a wrong split, not only the sum)', () => {
    // Usage 80% of seats, 7 of 10 features, flat; a decision maker and a user met (Positive) today; paid on
    // time; renewal ahead (no pipeline cap); no cases (support has no data). Weights 35/25/20 of 80 present.
    const account = emptyAccount('hand', {
        contacts: [contact('dm', 'Decision Maker', 'Dee Hand'), contact('u', 'User', 'Uli Hand')],
        activities: [activity('dm', 0, 'Meeting', 'Positive'), activity('u', 0, 'Meeting', 'Positive')],
        usage: usageSeries([80, 80, 80]),
        commercial: { arr: 1000, renewalDate: daysAgo(-100), daysPastDue: 0 }
    });
    const c = 90 * sat(1, 0.6); // each contact's score
    const usageShare = 35 / 80;
    const relationshipShare = 25 / 80;
    const commercialShare = 20 / 80;
    const expected: Record<string, number> = {
        'USAGE_UTILISATION dm': usageShare * 0.3 * (80 - 50),
        USAGE_BREADTH: usageShare * 0.2 * (70 - 50),
        USAGE_TRAJECTORY: 0,
        'CONTACT dm': relationshipShare * 0.8 * (c - 50),
        'CONTACT u': relationshipShare * 0.2 * (c - 50),
        COMMERCIAL_PAYMENT: 0,
        // Starting point: 50 + the references that are not 50 (steady usage is 80, on-time payment 100).
        BASELINE: 50 + usageShare * 0.5 * (80 - 50) + commercialShare * (100 - 50)
    };

    it('gives each driver the points its formula gives (within rounding to whole points)', () => {
        const result = score(account);
        const got: Record<string, number> = {};
        for (const driver of result.drivers) {
            const key =
                driver.code === 'CONTACT'
                    ? `CONTACT ${driver.recordId}`
                    : driver.code === 'USAGE_UTILISATION'
                      ? 'USAGE_UTILISATION dm'
                      : driver.code;
            got[key] = driver.points;
        }
        expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
        for (const [key, value] of Object.entries(expected)) {
            expect({ key, ok: got[key] === Math.floor(value) || got[key] === Math.ceil(value) }).toEqual({
                key,
                ok: true
            });
        }
        const total = Object.values(expected).reduce((a, b) => a + b, 0);
        expect(result.composite).toBeCloseTo(total, 9);
        expect(result.score).toBe(Math.round(total));
        expect(result.subscores).toEqual({
            usage: Math.round(0.3 * 80 + 0.2 * 70 + 0.5 * 80),
            relationship: Math.round(c),
            support: null,
            commercial: 100
        });
    });

    it('weights a decision maker 4 and a user 1 in the relationship score, and penalises single threading', () => {
        // The user has never been contacted (score 0): relationship = 4/5 of the decision maker, minus 10 points
        // for a single engaged contact.
        const result = score({ ...account, activities: [activity('dm', 0, 'Meeting', 'Positive')] });
        expect(result.subscores.relationship).toBe(Math.round(0.8 * c - 10));
        expect(result.drivers.find((d) => d.code === 'SINGLE_THREADED')?.points).toBe(
            Math.round(-10 * relationshipShare) // -3.125
        );
        const approverOnly = score({
            ...account,
            contacts: [contact('dm', 'Approver', 'Dee Hand'), contact('u', 'Influencer', 'Uli Hand')],
            activities: [activity('dm', 0, 'Meeting', 'Positive')]
        });
        expect(approverOnly.subscores.relationship).toBe(Math.round(0.6 * c - 10));
        const unset = score({
            ...account,
            contacts: [contact('dm', null, 'Dee Hand'), contact('u', 'User', 'Uli Hand')],
            activities: [activity('dm', 0, 'Meeting', 'Positive')]
        });
        expect(unset.subscores.relationship).toBe(Math.round(0.5 * c - 10));
    });

    it('every driver moves the score in the direction of its input (over random accounts)', () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 0, max: 100 }),
                fc.integer({ min: 0, max: 300 }),
                fc.constantFrom<Outcome>('Positive', 'Neutral', 'Negative'),
                fc.integer({ min: 0, max: 120 }),
                (users, age, outcome, pastDue) => {
                    const result = score(
                        healthyAccount('dir', {
                            usage: usageSeries([60, 60, users]),
                            activities: [
                                ...healthyAccount('dir').activities,
                                activity('dir-u1', age, 'Meeting', outcome)
                            ],
                            commercial: { arr: 1, renewalDate: daysAgo(-90), daysPastDue: pastDue }
                        })
                    );
                    for (const driver of result.drivers) {
                        if (
                            [
                                'SUPPORT_OPEN_CASE',
                                'SUPPORT_ESCALATED',
                                'SINGLE_THREADED',
                                'COMMERCIAL_PAYMENT'
                            ].includes(driver.code) ||
                            driver.code.startsWith('CAP_')
                        ) {
                            expect(driver.points).toBeLessThanOrEqual(0);
                        }
                        if (driver.code === 'CONTACT') {
                            const person = result.contacts.find((p) => p.contactId === driver.recordId);
                            if (driver.points > 0) expect(person?.score).toBeGreaterThan(45);
                            if (driver.points < 0) expect(person?.score).toBeLessThan(55);
                        }
                        if (driver.code === 'USAGE_TRAJECTORY') {
                            if (users < 60) expect(driver.points).toBeLessThanOrEqual(0);
                            if (users > 60) expect(driver.points).toBeGreaterThanOrEqual(0);
                        }
                        if (driver.code === 'BASELINE') expect(driver.points).toBeGreaterThan(50);
                    }
                    return result.drivers.reduce((sum, d) => sum + d.points, 0) === result.score;
                }
            ),
            { numRuns: process.env.STRYKER_MUTATOR_WORKER ? 20 : 100 }
        );
    });
});

describe('support, commercial and caps, pinned', () => {
    const support = (cases: Parameters<typeof supportCase>[1][]) =>
        score(healthyAccount('sup', { cases: cases.map((c, i) => supportCase(`C${i}`, c)) })).subscores
            .support;

    it('CSAT moves support by 10 points per point away from 3', () => {
        expect(support([{ csat: 3 }])).toBe(90);
        expect(support([{ csat: 1 }])).toBe(70);
        expect(support([{ csat: 2 }])).toBe(80);
        expect(support([{ csat: 5 }])).toBe(100);
    });

    it('slow resolution costs up to 10 points (mean days to close over 14)', () => {
        expect(support([{ csat: 3, createdDate: daysAgo(60), closedDate: daysAgo(39) }])).toBe(90 - 5); // 21 days
        expect(support([{ csat: 3, createdDate: daysAgo(60), closedDate: daysAgo(25) }])).toBe(90 - 10); // 35 days
        expect(support([{ csat: 3, createdDate: daysAgo(60), closedDate: daysAgo(46) }])).toBe(90); // 14 days
    });

    it('open cases cost 40 / 20 / 8 points by severity, escalation 15 more', () => {
        expect(support([{ csat: 3 }, { closedDate: null, severity: 'Sev2' }])).toBe(70);
        expect(support([{ csat: 3 }, { closedDate: null, severity: 'Sev3', escalated: true }])).toBe(
            90 - 8 - 15
        );
        expect(support([{ csat: 3 }, { closedDate: null, severity: 'Sev4' }])).toBe(90);
        expect(support([{ csat: 3 }, { closedDate: null, severity: 'Sev1', createdDate: daysAgo(60) }])).toBe(
            50
        );
    });

    it('the cold-decision-maker cap is 69 with an open deal and 59 without one', () => {
        const base = healthyAccount('cold');
        const cold = { ...base, activities: base.activities.filter((a) => a.contactId !== 'cold-dm') };
        const withDeal = score(cold).caps.find((cap) => cap.code === 'DECISION_MAKER_COLD');
        expect(withDeal?.cap).toBe(69);
        const noDeal = score({
            ...cold,
            opportunities: cold.opportunities.filter((o) => o.isClosed)
        }).caps.find((cap) => cap.code === 'DECISION_MAKER_COLD');
        expect(noDeal?.cap).toBe(59);
        expect(noDeal?.reason).toMatch(/no opportunity is open; capped at 59$/);
    });

    it('payment: 1 point per day past due from 100, half the commercial score beside the pipeline', () => {
        const late = score(
            healthyAccount('pay', { commercial: { arr: 1, renewalDate: daysAgo(-90), daysPastDue: 20 } })
        );
        // pipeline 60 (open) + 40 (win 40 days ago) = 100; payment 80; commercial = (100 + 80) / 2.
        expect(late.subscores.commercial).toBe(90);
        expect(late.drivers.find((d) => d.code === 'COMMERCIAL_PAYMENT')?.label).toBe(
            'Invoices 20 days past due'
        );
    });
});

describe('trend, alerts and band changes, pinned', () => {
    const withSnapshot = (previousScore: number, input = healthyAccount('t')) =>
        score({ ...input, snapshots: [{ asOf: daysAgo(30), score: previousScore, band: 'Green' }] });
    // scored per test (not while the tests are collected), so mutation testing sees which tests cover it
    let current = 0;
    beforeEach(() => {
        current = score(healthyAccount('t')).score ?? 0;
    });

    it('only a change of 5 points or more is a trend; smaller changes are Stable', () => {
        expect(withSnapshot(current).trend).toBe('Stable');
        expect(withSnapshot(current + 4).trend).toBe('Stable');
        expect(withSnapshot(current - 4).trend).toBe('Stable');
        expect(withSnapshot(current + 5).trend).toBe('Declining');
        expect(withSnapshot(current - 5).trend).toBe('Improving');
        expect(withSnapshot(current + 5).change).toBe(-5);
    });

    it('the score-drop alert needs a drop of 15 points or more, never a rise', () => {
        expect(withSnapshot(current + 14).scoreDropAlert).toBe(false);
        expect(withSnapshot(Math.min(100, current + 15)).scoreDropAlert).toBe(current + 15 <= 100);
        expect(withSnapshot(current - 20).scoreDropAlert).toBe(false);
        const capped = healthyAccount('t', {
            cases: [supportCase('S', { closedDate: null, severity: 'Sev1' })]
        });
        expect(withSnapshot(100, capped).scoreDropAlert).toBe(true);
        expect(withSnapshot(100, capped).attentionPriority).toBeGreaterThan(
            score({ ...capped, snapshots: [{ asOf: daysAgo(30), score: 60, band: 'Yellow' }] })
                .attentionPriority
        );
    });

    it('a first scoring is never a band change', () => {
        const first = score(healthyAccount('first', { previous: null, snapshots: [] }));
        expect(first.previousBand).toBeNull();
        expect(first.bandChanged).toBe(false);
        const changed = score(
            healthyAccount('first', { previous: { band: 'Red', since: daysAgo(90), score: 20 } })
        );
        expect(changed.bandChanged).toBe(true);
        expect(changed.bandSince).toBe(AS_OF);
    });

    it('fresh usage raises no stale-usage flag; usage 15 days old does', () => {
        const flagsOf = (endAgo: number) =>
            score(
                healthyAccount('u', {
                    usage: usageSeries([80, 80, 80]).map((p) => ({
                        ...p,
                        periodEnd: daysAgo(endAgo, p.periodEnd)
                    }))
                })
            ).dataQuality.map((f) => f.code);
        expect(flagsOf(0)).not.toContain('STALE_USAGE');
        expect(flagsOf(14)).not.toContain('STALE_USAGE');
        expect(flagsOf(15)).toContain('STALE_USAGE');
    });

    it('lifecycle: Hello, First Transaction, Warm and Cold', () => {
        const life = (opportunities: AccountInput['opportunities']) =>
            score(healthyAccount('life', { opportunities })).lifecycle;
        expect(life([])).toBe('Hello');
        expect(life([opportunity('a', { closeDate: daysAgo(30) })])).toBe('First Transaction');
        expect(
            life([
                opportunity('a', { closeDate: daysAgo(30) }),
                opportunity('b', { closeDate: daysAgo(300) })
            ])
        ).toBe('Warm');
        expect(
            life([
                opportunity('a', { closeDate: daysAgo(400) }),
                opportunity('b', { closeDate: daysAgo(500) })
            ])
        ).toBe('Cold');
    });
});

describe('contact details, pinned', () => {
    const acc = (touches: [number, Channel, Outcome | null, string | null][]) => {
        const a = new ContactAccumulator();
        for (const [age, channel, outcome, owner] of touches)
            a.add(age, 20_000 - age, channel, outcome, owner, config);
        return a;
    };

    it('keeps Positive weight per rep so damping applies to that rep only (first owner and others)', () => {
        const a = acc([
            [0, 'Meeting', 'Positive', 'r1'],
            [0, 'Call', 'Positive', 'r2'],
            [0, 'Email', 'Positive', 'r3'],
            [0, 'Meeting', 'Positive', 'r2'],
            [0, 'Message', 'Positive', null]
        ]);
        expect(a.positive()).toBeCloseTo(1 + 0.7 + 0.4 + 1 + 0.25, 12);
        expect(a.positive(new Map([['r2', 0.5]]))).toBeCloseTo(1 + 0.5 * (0.7 + 1) + 0.4 + 0.25, 12);
        expect(a.positive(new Map([['r1', 0]]))).toBeCloseTo(0.7 + 0.4 + 1 + 0.25, 12);
        expect(a.positive(new Map([['', 0]]))).toBeCloseTo(1 + 0.7 + 0.4 + 1, 12);
        expect(new ContactAccumulator().positive()).toBe(0);
    });

    it('decays fractional and very old ages with the same formula as whole days', () => {
        const a = acc([[10.5, 'Meeting', 'Positive', 'r']]);
        expect(a.positive()).toBeCloseTo(Math.pow(0.5, 10.5 / 45), 12);
        const old = acc([[5000, 'Meeting', 'Positive', 'r']]);
        expect(old.positive()).toBeCloseTo(Math.pow(0.5, 5000 / 45), 30);
        const other = new ContactAccumulator();
        other.add(45, 19_955, 'Meeting', 'Positive', 'r', { ...config, halfLifeDays: 90 });
        expect(other.positive()).toBeCloseTo(Math.pow(0.5, 0.5), 12);
        expect(acc([[45, 'Meeting', 'Positive', 'r']]).positive()).toBeCloseTo(0.5, 12);
    });

    it('reports the dates, counts and wording of each contact', () => {
        const result = score(
            healthyAccount('d', {
                contacts: [
                    contact('a', 'Decision Maker', 'Ann'),
                    contact('b', 'Influencer', 'Bob'),
                    contact('c', null, 'Cy')
                ],
                activities: [
                    activity('a', 0, 'Meeting', 'Positive'),
                    activity('a', 1, 'Meeting', 'Positive'),
                    activity('a', 30, 'Call', 'Negative'),
                    activity('a', 31, 'Call', 'Negative'),
                    activity('b', 1, 'Email', null),
                    activity('b', 12, 'Meeting', 'Neutral'),
                    activity('c', 1, 'Call', 'Negative'),
                    activity('c', 3, 'Call', 'Negative')
                ]
            })
        );
        const [a, b, c] = result.contacts;
        expect(a).toMatchObject({
            lastActivityDate: AS_OF,
            lastMeetingDate: AS_OF,
            lastPositiveDate: AS_OF,
            lastEngagedDate: AS_OF,
            activityCount: 4,
            withoutOutcomeCount: 0,
            negativeLast30Days: 1,
            role: 'Decision Maker'
        });
        expect(a?.summary).toBe(
            a?.band === 'Green' ? 'positive meeting today' : '1 negative interaction in the last 30 days'
        );
        expect(b).toMatchObject({
            lastActivityDate: daysAgo(1),
            lastMeetingDate: daysAgo(12),
            lastPositiveDate: null,
            lastEngagedDate: daysAgo(1),
            activityCount: 2,
            withoutOutcomeCount: 1,
            negativeLast30Days: 0,
            summary: 'email 1 day ago (no outcome logged)'
        });
        expect(c).toMatchObject({
            lastEngagedDate: null,
            negativeLast30Days: 2,
            engaged: false,
            band: 'Red'
        });
        expect(c?.summary).toBe('2 negative interactions in the last 30 days');
        const labels = result.drivers.map((d) => d.label);
        expect(labels).toContain('Influencer Bob: email 1 day ago (no outcome logged)');
        expect(labels.some((l) => l.startsWith('Contact Cy: 2 negative interactions'))).toBe(true);
    });

    it('bands a contact at the account thresholds: 70 is Green, 40 is Yellow, just below 40 is Red', () => {
        const only = (age: number) =>
            score(
                healthyAccount('b', {
                    contacts: [contact('x', 'User', 'X')],
                    activities: [activity('x', age, 'Meeting', 'Positive')]
                })
            ).contacts[0];
        expect(only(0)?.band).toBe('Green');
        expect(only(0)?.summary).toBe('positive meeting today');
        expect(only(1)?.summary).toBe('positive meeting 1 day ago');
        expect(only(60)?.band).toBe('Yellow');
        expect(only(60)?.engaged).toBe(true);
        expect(only(60)?.summary).toBe('positive meeting 60 days ago');
        expect(only(100)?.band).toBe('Red');
        expect(only(100)?.engaged).toBe(false);
    });
});

describe('outcome inflation thresholds, pinned at their boundaries', () => {
    const report = (reps: Record<string, [number, number]>) => {
        const byOwner = new Map(
            Object.entries(reps).map(([id, [positive, rated]]) => [id, { positive, rated }])
        );
        return detectOutcomeInflation(byOwner, config).report;
    };

    it('flags at exactly 20 rated, 90% Positive and 25 points above the team, not one short of any', () => {
        // rep-x: 18 of 20 = 0.9; the team 13 of 20 = 0.65: gap exactly 0.25.
        expect(report({ 'rep-x': [18, 20], team: [13, 20] }).flagged.map((f) => f.ownerId)).toEqual([
            'rep-x'
        ]);
        expect(report({ 'rep-x': [17, 19], team: [13, 20] }).flagged).toEqual([]); // 19 rated
        expect(report({ 'rep-x': [18, 21], team: [13, 20] }).flagged.map((f) => f.ownerId)).toEqual([]); // 0.857
        expect(report({ 'rep-x': [18, 20], team: [14, 20] }).flagged).toEqual([]); // gap 0.2
    });

    it('never flags a rep with nobody to compare against, and reports an empty window as 0', () => {
        expect(report({ alone: [30, 30] }).flagged).toEqual([]);
        expect(report({})).toEqual({ windowDays: 90, teamPositiveShare: 0, ratedActivities: 0, flagged: [] });
        const counter = new OwnerOutcomeCounter();
        counter.add(null, true);
        counter.add('', true);
        counter.add('r', false);
        expect([...counter.byOwner.entries()]).toEqual([['r', { rated: 1, positive: 0 }]]);
    });
});

describe('PortfolioScorer bookkeeping, pinned', () => {
    it('counts every record, answers what it holds, and returns whether a record was attached', () => {
        const scorer = new PortfolioScorer(config, AS_OF);
        scorer.addAccount(headerOf(emptyAccount('a1')));
        expect(scorer.hasAccount('a1')).toBe(true);
        expect(scorer.hasAccount('zz')).toBe(false);
        scorer.addUser({ id: 'u1', name: 'Una' });
        scorer.addUser({ id: 'u2', name: null });
        expect(scorer.addContact('a1', contact('c1', 'User'))).toBe(true);
        expect(scorer.addContact('zz', contact('c2', 'User'))).toBe(false);
        expect(scorer.hasContact('c1')).toBe(true);
        expect(scorer.hasContact('c2')).toBe(false);
        expect(() => scorer.addContact('a1', contact('c1', 'User'))).toThrow('Contact c1 was added twice');
        expect(() => scorer.addAccount(headerOf(emptyAccount('a1')))).toThrow('Account a1 was added twice');
        expect(scorer.addActivity({ ...activity('c1', 3, 'Call', 'Positive', 'u1') })).toBe(true);
        expect(scorer.addActivity({ ...activity(null, 3, 'Call', 'Neutral', 'u1'), accountId: 'a1' })).toBe(
            true
        );
        expect(scorer.addActivity({ ...activity('c1', -3, 'Call', 'Positive', 'u1') })).toBe(true);
        expect(scorer.addActivity({ ...activity('nobody', 3, 'Call', 'Positive', 'u1') })).toBe(false);
        expect(() => scorer.addActivity({ ...activity('c1', 3, 'Call', 'Positive'), date: 'soon' })).toThrow(
            /activity date: "soon"/
        );
        expect(scorer.addCase('a1', supportCase('k1'))).toBe(true);
        expect(scorer.addOpportunity('zz', opportunity('o1'))).toBe(false);
        expect(scorer.addUsage('a1', usageSeries([1, 2, 3])[2] as never)).toBe(true);
        expect(scorer.addSnapshot('a1', { asOf: daysAgo(-5), score: 50, band: 'Yellow' })).toBe(true);
        expect(scorer.stats).toEqual({
            accounts: 1,
            users: 2,
            contacts: 1,
            activities: 2,
            opportunities: 0,
            cases: 1,
            usagePeriods: 1,
            snapshots: 0,
            ignoredAfterAsOf: 2,
            orphaned: 3
        });
        const { results, inflation, stats } = scorer.finish();
        expect(stats.activities).toBe(2);
        expect(inflation.ratedActivities).toBe(2);
        expect([...results()].map((r) => r.accountId)).toEqual(['a1']);
        expect(() => scorer.addUser({ id: 'u3' })).toThrow('PortfolioScorer.finish() was already called');
        expect(() => new PortfolioScorer(config, '2026-13-01')).toThrow(/as-of date/);
    });

    it('names inflated reps from the users it was given', () => {
        const scorer = new PortfolioScorer(config, AS_OF);
        scorer.addAccount(headerOf(emptyAccount('a1')));
        scorer.addContact('a1', contact('c1', 'User'));
        scorer.addUser({ id: 'hype', name: 'Hype Rep' });
        for (let i = 0; i < 20; i++) scorer.addActivity(activity('c1', i, 'Call', 'Positive', 'hype'));
        for (let i = 0; i < 20; i++)
            scorer.addActivity(activity('c1', i, 'Call', i < 5 ? 'Positive' : 'Neutral', 'calm'));
        for (let i = 0; i < 5; i++) scorer.addActivity(activity('c1', 100 + i, 'Call', 'Negative', 'calm'));
        const { inflation } = scorer.finish();
        expect(inflation.ratedActivities).toBe(40);
        expect(inflation.flagged.map((f) => [f.ownerId, f.ownerName])).toEqual([['hype', 'Hype Rep']]);
    });
});
