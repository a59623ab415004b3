// Property-based tests of the account score (fast-check): bounds, monotonicity, determinism, exact
// driver decomposition, point in time, and streaming == pure.
import fc from 'fast-check';
import { DEFAULT_MODEL_CONFIG, PortfolioScorer, headerOf, scoreAccount } from './index';
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
} from './index';
import { AS_OF, daysAgo } from './fixtures';

/** Fewer random cases per mutant under mutation testing (Stryker runs the suite hundreds of times). */
const runs = (n: number) => (process.env.STRYKER_MUTATOR_WORKER ? Math.ceil(n / 4) : n);

const config = DEFAULT_MODEL_CONFIG;
const age = fc.integer({ min: 0, max: 900 });
const role = fc.constantFrom<BuyingRole | null>('Decision Maker', 'Approver', 'Influencer', 'User', null);
const channel = fc.constantFrom<Channel>('Meeting', 'Call', 'Email', 'Message');
const outcome = fc.constantFrom<Outcome | null>('Positive', 'Neutral', 'Negative', null);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const accountArb: fc.Arbitrary<AccountInput> = fc
    .record({
        roles: fc.array(role, { maxLength: 5 }),
        activities: fc.array(
            fc.record({
                contact: fc.integer({ min: -1, max: 5 }),
                age,
                channel,
                outcome,
                owner: fc.constantFrom('r1', 'r2')
            }),
            { maxLength: 25 }
        ),
        opportunities: fc.array(
            fc.record({
                closeAgo: fc.integer({ min: -200, max: 900 }),
                openFor: fc.integer({ min: 0, max: 200 }),
                isClosed: fc.boolean(),
                isWon: fc.boolean()
            }),
            { maxLength: 4 }
        ),
        cases: fc.array(
            fc.record({
                createdAgo: age,
                closedAfter: maybe(fc.integer({ min: 0, max: 120 })),
                severity: maybe(
                    fc.constantFrom<'Sev1' | 'Sev2' | 'Sev3' | 'Sev4'>('Sev1', 'Sev2', 'Sev3', 'Sev4')
                ),
                escalated: fc.boolean(),
                csat: maybe(fc.integer({ min: 1, max: 5 }))
            }),
            { maxLength: 5 }
        ),
        usage: fc.array(
            fc.record({
                endAgo: fc.integer({ min: 0, max: 200 }),
                activeUsers: maybe(fc.integer({ min: 0, max: 500 })),
                licensedSeats: maybe(fc.integer({ min: 0, max: 400 })),
                featuresAdopted: maybe(fc.integer({ min: 0, max: 20 })),
                featuresAvailable: maybe(fc.integer({ min: 0, max: 20 }))
            }),
            { maxLength: 4 }
        ),
        arr: maybe(fc.integer({ min: 0, max: 1e8 })),
        daysPastDue: maybe(fc.integer({ min: 0, max: 200 })),
        renewalIn: maybe(fc.integer({ min: -50, max: 400 })),
        champion: maybe(fc.constantFrom<'Active' | 'At Risk' | 'Missing'>('Active', 'At Risk', 'Missing')),
        snapshots: fc.array(
            fc.record({
                ago: fc.integer({ min: 1, max: 120 }),
                score: fc.integer({ min: 0, max: 100 }),
                band: fc.constantFrom<'Green' | 'Yellow' | 'Red' | 'Unknown'>(
                    'Green',
                    'Yellow',
                    'Red',
                    'Unknown'
                )
            }),
            { maxLength: 3 }
        )
    })
    .map((g) => {
        const contacts: ContactInput[] = g.roles.map((r, i) => ({
            id: `c${i}`,
            name: `Person ${i}`,
            role: r
        }));
        const activities: ActivityInput[] = g.activities.map((a) => ({
            contactId: a.contact >= 0 && a.contact < contacts.length ? `c${a.contact}` : null,
            date: daysAgo(a.age),
            channel: a.channel,
            outcome: a.outcome,
            ownerId: a.owner
        }));
        const opportunities: OpportunityInput[] = g.opportunities.map((o, i) => ({
            id: `o${i}`,
            isClosed: o.isClosed,
            isWon: o.isClosed && o.isWon,
            closeDate: daysAgo(o.closeAgo),
            createdDate: daysAgo(o.closeAgo + o.openFor),
            kind: 'renewal'
        }));
        const cases: CaseInput[] = g.cases.map((c, i) => ({
            id: `k${i}`,
            caseNumber: `0000${i}`,
            createdDate: daysAgo(c.createdAgo),
            closedDate: c.closedAfter === null ? null : daysAgo(c.createdAgo - c.closedAfter),
            severity: c.severity,
            escalated: c.escalated,
            csat: c.csat
        }));
        const usage: UsagePeriodInput[] = g.usage.map((u) => ({
            periodStart: daysAgo(u.endAgo + 29),
            periodEnd: daysAgo(u.endAgo),
            activeUsers: u.activeUsers,
            licensedSeats: u.licensedSeats,
            featuresAdopted: u.featuresAdopted,
            featuresAvailable: u.featuresAvailable,
            keyEvents: null
        }));
        return {
            id: 'acc',
            name: 'Generated',
            contacts,
            activities,
            opportunities,
            cases,
            usage,
            commercial: {
                arr: g.arr,
                renewalDate: g.renewalIn === null ? null : daysAgo(-g.renewalIn),
                daysPastDue: g.daysPastDue
            },
            qualitative: {
                championStatus: g.champion,
                executiveEngagement: null,
                outcomeNarrative: null,
                reviewedOn: null
            },
            snapshots: g.snapshots.map((s) => ({ asOf: daysAgo(s.ago), score: s.score, band: s.band }))
        };
    });

describe('account score properties', () => {
    it('is bounded: score, subscores and coverage within 0-100; score a whole number', () => {
        fc.assert(
            fc.property(accountArb, (input) => {
                const r = scoreAccount(input, config, AS_OF);
                const inRange = (v: number | null) => v === null || (v >= 0 && v <= 100);
                return (
                    Number.isInteger(r.modelScore) &&
                    (r.score === null) === (r.band === 'Unknown') &&
                    inRange(r.modelScore) &&
                    Object.values(r.subscores).every(inRange) &&
                    inRange(r.coverage) &&
                    r.contacts.every((c) => inRange(c.score))
                );
            }),
            { numRuns: runs(300) }
        );
    });

    it('drivers add up exactly to the score', () => {
        fc.assert(
            fc.property(accountArb, (input) => {
                const r = scoreAccount(input, config, AS_OF);
                // Unknown shows no number: its drivers are the 0-point checklist of missing data.
                return r.drivers.reduce((sum, d) => sum + d.points, 0) === (r.score ?? 0);
            }),
            { numRuns: runs(300) }
        );
    });

    it('is deterministic', () => {
        fc.assert(
            fc.property(accountArb, (input) => {
                expect(scoreAccount(input, config, AS_OF)).toEqual(scoreAccount(input, config, AS_OF));
            }),
            { numRuns: runs(100) }
        );
    });

    it('adding a Positive activity to a mapped contact never lowers the score; a Negative never raises it', () => {
        fc.assert(
            fc.property(accountArb, age, channel, fc.nat(), (input, activityAge, ch, pick) => {
                const mapped = input.contacts.filter((c) => c.role !== null);
                fc.pre(mapped.length > 0);
                const target = mapped[pick % mapped.length] as ContactInput;
                const add = (o: Outcome) => ({
                    ...input,
                    activities: [
                        ...input.activities,
                        {
                            contactId: target.id,
                            date: daysAgo(activityAge),
                            channel: ch,
                            outcome: o,
                            ownerId: 'r1'
                        }
                    ]
                });
                const before = scoreAccount(input, config, AS_OF).modelScore;
                expect(scoreAccount(add('Positive'), config, AS_OF).modelScore).toBeGreaterThanOrEqual(
                    before
                );
                expect(scoreAccount(add('Negative'), config, AS_OF).modelScore).toBeLessThanOrEqual(before);
            }),
            { numRuns: runs(300) }
        );
    });

    it('ignores anything dated after the as-of date', () => {
        fc.assert(
            fc.property(accountArb, accountArb, (input, future) => {
                // Shift the second account's records 1000 days into the future and append them.
                const shift = (d: string) => daysAgo(-1000 - Number(d.slice(8)), AS_OF);
                const merged: AccountInput = {
                    ...input,
                    activities: [
                        ...input.activities,
                        ...future.activities.map((a) => ({
                            ...a,
                            contactId: input.contacts[0]?.id ?? null,
                            date: shift(a.date)
                        }))
                    ],
                    cases: [
                        ...input.cases,
                        ...future.cases.map((c, i) => ({
                            ...c,
                            id: `f${i}`,
                            createdDate: shift(c.createdDate),
                            closedDate: null
                        }))
                    ],
                    opportunities: [
                        ...input.opportunities,
                        ...future.opportunities.map((o, i) => ({
                            ...o,
                            id: `f${i}`,
                            closeDate: shift(o.closeDate),
                            createdDate: shift(o.closeDate)
                        }))
                    ],
                    usage: [
                        ...input.usage,
                        ...future.usage.map((u) => ({
                            ...u,
                            periodStart: shift(u.periodStart),
                            periodEnd: shift(u.periodEnd)
                        }))
                    ],
                    snapshots: [...(input.snapshots ?? []), { asOf: daysAgo(-3), score: 0, band: 'Red' }]
                };
                expect(scoreAccount(merged, config, AS_OF)).toEqual(scoreAccount(input, config, AS_OF));
            }),
            { numRuns: runs(100) }
        );
    });

    it('the streaming PortfolioScorer gives the same results as scoreAccount', () => {
        fc.assert(
            fc.property(fc.array(accountArb, { minLength: 1, maxLength: 4 }), (generated) => {
                const accounts = generated.map((a, i) => ({
                    ...a,
                    id: `acc${i}`,
                    contacts: a.contacts.map((c) => ({ ...c, id: `acc${i}-${c.id}` })),
                    activities: a.activities.map((x) => ({
                        ...x,
                        contactId: x.contactId ? `acc${i}-${x.contactId}` : null
                    }))
                }));
                const noInflation = { ...config, inflationMinRated: 1e6 };
                const scorer = new PortfolioScorer(noInflation, AS_OF);
                for (const a of accounts) {
                    scorer.addAccount(headerOf(a));
                    for (const c of a.contacts) scorer.addContact(a.id, c);
                }
                for (const a of accounts) {
                    for (const x of a.activities) scorer.addActivity({ ...x, accountId: a.id });
                    for (const o of a.opportunities) scorer.addOpportunity(a.id, o);
                    for (const c of a.cases) scorer.addCase(a.id, c);
                    for (const u of a.usage) scorer.addUsage(a.id, u);
                    for (const s of a.snapshots ?? []) scorer.addSnapshot(a.id, s);
                }
                const streamed = [...scorer.finish().results()];
                expect(streamed).toEqual(accounts.map((a) => scoreAccount(a, noInflation, AS_OF)));
            }),
            { numRuns: runs(60) }
        );
    });
});
