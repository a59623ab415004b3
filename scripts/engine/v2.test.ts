// MODEL.md "v2 properties" (8-14), one named test (or describe block) each, plus the named failures:
// no cliffs and driver wording a rep would accept. Property 15 (bands separate on a realistic portfolio) is a
// backtest property: scripts/validation/property15.test.ts tests it on the independent churn world.
import fc from 'fast-check';
import { DEFAULT_MODEL_CONFIG, parseModelConfig, scoreAccount } from './index';
import type { AccountInput, AccountResult, ActivityInput, ModelConfig } from './index';
import { ContactAccumulator, contactScore } from './contact';
import {
    AS_OF,
    activity,
    contact,
    daysAgo,
    emptyAccount,
    healthyAccount,
    opportunity,
    supportCase,
    usagePeriod,
    usageSeries
} from './fixtures';

const config = DEFAULT_MODEL_CONFIG;
const score = (input: AccountInput, asOf = AS_OF, model: ModelConfig = config): AccountResult =>
    scoreAccount(input, model, asOf);
const codes = (result: AccountResult) => result.caps.map((cap) => cap.code);
const flags = (result: AccountResult) => result.dataQuality.map((flag) => flag.code);

/** The same account with every activity moved `days` further into the past. */
function silentFor(input: AccountInput, days: number): AccountInput {
    const freshest = Math.min(...input.activities.map((a) => Date.parse(AS_OF) - Date.parse(a.date)));
    const shift = days - freshest / 86_400_000;
    return {
        ...input,
        activities: input.activities.map((a) => ({
            ...a,
            date: daysAgo(shift, a.date)
        }))
    };
}

function singleMeetingScore(ageDays: number): number {
    const acc = new ContactAccumulator();
    acc.add(ageDays, 20_000 - ageDays, 'Meeting', 'Positive', 'rep', config);
    return contactScore(acc, config);
}

describe('v2 property 8: recency counts once', () => {
    it('property 8: a contact whose only interaction is a Positive meeting stays engaged (>= 40) for at least 60 days after it', () => {
        for (let age = 0; age <= 60; age++) expect(singleMeetingScore(age)).toBeGreaterThanOrEqual(40);
    });

    it('property 8: ... and is cold (< 40) by 120 days', () => {
        expect(singleMeetingScore(120)).toBeLessThan(40);
        for (let age = 120; age <= 400; age += 20) expect(singleMeetingScore(age)).toBeLessThan(40);
    });

    it('property 8: a Positive meeting 45 days ago does not make a decision maker cold or cap the account', () => {
        const base = healthyAccount('qbr');
        const dm = `${base.id}-dm`;
        const withMeeting = (age: number) =>
            score({
                ...base,
                activities: [
                    ...base.activities.filter((a) => a.contactId !== dm),
                    activity(dm, age, 'Meeting', 'Positive')
                ]
            });
        const result = withMeeting(45);
        expect(result.contacts.find((c) => c.contactId === dm)?.engaged).toBe(true);
        // the decision-maker cap only starts to ramp in (cold in about three weeks): it costs at most a few points
        const cap = result.caps.find((c) => c.code === 'DECISION_MAKER_COLD');
        expect(cap?.cap ?? 100).toBeGreaterThan(90);
        expect(result.band).toBe('Green');
        const month = withMeeting(30);
        expect(codes(month)).not.toContain('DECISION_MAKER_COLD');
        expect((month.score ?? 0) - (result.score ?? 0)).toBeLessThanOrEqual(3);
    });

    it('property 8: a long, beautiful history does not keep a contact engaged after three months of silence', () => {
        const acc = new ContactAccumulator();
        for (let week = 0; week < 100; week++) {
            const age = 91 + 7 * week;
            acc.add(age, 20_000 - age, 'Meeting', 'Positive', 'rep', config);
        }
        expect(contactScore(acc, config)).toBeLessThan(40);
    });
});

describe('v2 property 9: caps keep order; day-count caps ramp in', () => {
    // Accounts under the same cap, their uncapped composite moved by usage level.
    const underCap = (
        cap: 'SEV1' | 'DECISION_MAKER_COLD' | 'NO_PIPELINE' | 'CHAMPION_MISSING',
        users: number
    ) => {
        const base = healthyAccount(`cap-${cap}`, { usage: usageSeries([users, users, users]) });
        switch (cap) {
            case 'SEV1':
                return { ...base, cases: [supportCase('S1', { closedDate: null, severity: 'Sev1' })] };
            case 'DECISION_MAKER_COLD':
                return {
                    ...base,
                    activities: base.activities.filter((a) => a.contactId !== `${base.id}-dm`)
                };
            case 'NO_PIPELINE':
                return {
                    ...base,
                    opportunities: [
                        opportunity('old', { closeDate: daysAgo(500), createdDate: daysAgo(560) })
                    ],
                    commercial: { ...base.commercial, renewalDate: null }
                };
            default:
                return { ...base, qualitative: { ...base.qualitative, championStatus: 'Missing' as const } };
        }
    };

    it.each(['SEV1', 'DECISION_MAKER_COLD', 'NO_PIPELINE', 'CHAMPION_MISSING'] as const)(
        'property 9: under the %s cap, accounts 10+ points apart uncapped keep different scores in the same order, and the cap decides the band',
        (cap) => {
            const results = [0, 25, 50, 75, 100].map((users) => score(underCap(cap, users)));
            for (const result of results) {
                expect(codes(result)).toContain(cap);
                expect(result.caps.find((c) => c.code === cap)?.applied).toBe(true);
                const ceiling = result.caps.find((c) => c.code === cap)?.cap ?? 0;
                expect(result.score).toBeLessThanOrEqual(ceiling);
            }
            for (let i = 0; i < results.length; i++) {
                for (let j = 0; j < results.length; j++) {
                    const a = results[i] as AccountResult;
                    const b = results[j] as AccountResult;
                    if (a.composite - b.composite >= 10) expect(a.score).toBeGreaterThan(b.score ?? 100);
                }
            }
            // No wall: the capped accounts do not all read the same number.
            expect(new Set(results.map((r) => r.score)).size).toBeGreaterThan(1);
        }
    );

    it('property 9: a cap never lowers an account whose composite is already well below it', () => {
        // Composite well below 69: the cap line (69 - 0.3 * (100 - composite)) is above it, the score is the composite.
        const poor = score(
            emptyAccount('poor', {
                contacts: [contact('dm', 'Decision Maker'), contact('u', 'User')],
                activities: [activity('dm', 3, 'Meeting', 'Neutral'), activity('u', 3, 'Call', 'Neutral')],
                opportunities: [opportunity('old', { closeDate: daysAgo(500), createdDate: daysAgo(560) })],
                usage: usageSeries([20, 20, 20])
            })
        );
        expect(codes(poor)).toContain('NO_PIPELINE');
        expect(poor.composite).toBeLessThan(50);
        expect(poor.score).toBe(Math.round(poor.composite));
        expect(poor.criticalRisk).toBeNull();
    });

    it('property 9: days past due ramp in over at least 14 days: no day moves the score 25 points, none moves it more than 3', () => {
        let previous: number | null = null;
        for (let days = 0; days <= 150; days++) {
            const result = score(
                healthyAccount('late', {
                    commercial: { arr: 1, renewalDate: daysAgo(-200), daysPastDue: days }
                })
            );
            if (previous !== null) expect(previous - (result.score ?? 0)).toBeLessThanOrEqual(3);
            previous = result.score;
        }
        // and beyond pastDueDays the full cap holds (MODEL.md: more than 60 days past due, at most 59)
        expect(previous).toBeLessThanOrEqual(config.pastDueCap);
    });

    it('property 9: silence ramps in too: no day of silence moves the score by 25 points', () => {
        let previous: number | null = null;
        for (let days = 100; days <= 200; days++) {
            const result = score(silentFor(healthyAccount('quiet'), days));
            if (previous !== null) expect(Math.abs(previous - (result.score ?? 0))).toBeLessThan(25);
            previous = result.score;
        }
    });

    it('cliffs: the decision-maker cap ramps in as the best decision maker cools: no day moves the score more than 3 points, and a cold decision maker is still never Green', () => {
        const base = healthyAccount('cooling', { opportunities: [] });
        const dm = `${base.id}-dm`;
        const at = (age: number) =>
            score({
                ...base,
                activities: [
                    ...base.activities.filter((a) => a.contactId !== dm),
                    activity(dm, age, 'Meeting', 'Positive')
                ]
            });
        let previous: number | null = null;
        let ramping = 0;
        for (let age = 0; age <= 130; age++) {
            const result = at(age);
            const cap = result.caps.find((c) => c.code === 'DECISION_MAKER_COLD');
            const best = result.contacts.find((c) => c.contactId === dm)?.score ?? 0;
            if (cap && cap.reason.includes('cooling')) {
                ramping++;
                expect(best).toBeGreaterThanOrEqual(config.decisionMakerColdThreshold);
                expect(cap.cap).toBeGreaterThan(config.decisionMakerColdCap);
                expect(cap.reason).toMatch(
                    /^Decision maker Jane Doe cooling .*not engaged in \d+ days? without a new interaction/
                );
            }
            if (best < config.decisionMakerColdThreshold) {
                expect(cap?.cap).toBe(config.decisionMakerColdCap);
                expect(result.band).not.toBe('Green');
            }
            if (previous !== null) expect(Math.abs(previous - (result.score ?? 0))).toBeLessThanOrEqual(3);
            previous = result.score;
        }
        // the ramp lasts capRampDays (one day either way for rounding)
        expect(ramping).toBeGreaterThanOrEqual(config.capRampDays - 1);
        expect(ramping).toBeLessThanOrEqual(config.capRampDays + 1);
    });

    it('cliffs: the old decision-maker step (the best decision maker crossing 40 moved a score about 20 points in a day) is gone', () => {
        const base = healthyAccount('step', { opportunities: [] });
        const dm = `${base.id}-dm`;
        const scores: number[] = [];
        for (let age = 35; age <= 75; age++) {
            scores.push(
                score({
                    ...base,
                    activities: [
                        ...base.activities.filter((a) => a.contactId !== dm),
                        activity(dm, age, 'Meeting', 'Positive')
                    ]
                }).score ?? 0
            );
        }
        const steps = scores.slice(1).map((value, i) => Math.abs(value - (scores[i] ?? 0)));
        expect(Math.max(...steps)).toBeLessThanOrEqual(3);
        // ... while the cap still takes the account from Green to Yellow over those weeks
        expect(scores[0]).toBeGreaterThanOrEqual(config.greenThreshold);
        expect(scores[scores.length - 1]).toBeLessThanOrEqual(config.decisionMakerColdCap);
    });

    it('cliffs: 60 -> 61 days past due does not move a score 87 -> 59 (at most 3 points)', () => {
        const at = (days: number) =>
            score(
                healthyAccount('late', {
                    commercial: { arr: 1, renewalDate: daysAgo(-200), daysPastDue: days }
                })
            ).score ?? 0;
        expect(Math.abs(at(60) - at(61))).toBeLessThanOrEqual(3);
        expect(Math.abs(at(30) - at(31))).toBeLessThanOrEqual(3);
    });
});

describe('v2 property 10: the no-pipeline cap needs no active contract', () => {
    const quiet = (renewalDate: string | null) =>
        score(
            healthyAccount('sub', {
                opportunities: [opportunity('won', { closeDate: daysAgo(500), createdDate: daysAgo(560) })],
                commercial: { arr: 50_000, renewalDate, daysPastDue: 0 }
            })
        );

    it('property 10: "no open opportunity and no win in 365 days" does not cap a subscription customer mid-contract (renewal date after T)', () => {
        const midContract = quiet(daysAgo(-300));
        expect(codes(midContract)).not.toContain('NO_PIPELINE');
        expect(midContract.band).toBe('Green');
    });

    it('property 10: ... and still caps a customer without an active contract (no renewal date, or one already past)', () => {
        for (const renewal of [null, daysAgo(10), AS_OF]) {
            const result = quiet(renewal);
            expect(codes(result)).toContain('NO_PIPELINE');
            expect(result.band).not.toBe('Green');
        }
    });
});

describe('v2 property 10, applied to the commercial points', () => {
    const pipeline = (result: AccountResult) => result.drivers.find((d) => d.code === 'COMMERCIAL_PIPELINE');
    const account = (renewalDate: string | null, opportunities: AccountInput['opportunities']) =>
        score(
            healthyAccount('points', {
                opportunities,
                commercial: { arr: 50_000, renewalDate, daysPastDue: null }
            })
        );
    const oldWin = opportunity('won', { closeDate: daysAgo(500), createdDate: daysAgo(560) });

    it('a running contract counts as a current commitment, as a recent win does', () => {
        const midContract = account(daysAgo(-300), [oldWin]);
        const recentWin = account(null, [opportunity('won', { closeDate: daysAgo(100) })]);
        const lapsed = account(null, [oldWin]);
        expect(midContract.subscores.commercial).toBe(config.recentWinPoints);
        expect(recentWin.subscores.commercial).toBe(config.recentWinPoints);
        expect(lapsed.subscores.commercial).toBe(0);
        expect(pipeline(midContract)?.label).toBe(
            `No open new or expansion opportunity and a contract running to ${daysAgo(-300)}`
        );
    });

    it('an open renewal is the contract paperwork, not pipeline; an open expansion is', () => {
        const open = (kind: 'renewal' | 'expansion' | 'new') =>
            account(daysAgo(-50), [
                oldWin,
                opportunity('next', { isClosed: false, isWon: false, closeDate: daysAgo(-50), kind })
            ]);
        expect(open('renewal').subscores.commercial).toBe(config.recentWinPoints);
        expect(open('expansion').subscores.commercial).toBe(
            Math.min(100, config.recentWinPoints + config.openPipelinePoints)
        );
        expect(open('new').subscores.commercial).toBe(open('expansion').subscores.commercial);
        // an open renewal still counts as an open deal for the decision-maker cap (a deal is in play)
        const dm = 'points-dm';
        const coldDm = score({
            ...healthyAccount('points', {
                opportunities: [
                    oldWin,
                    opportunity('next', { isClosed: false, isWon: false, closeDate: daysAgo(-50) })
                ]
            }),
            activities: healthyAccount('points').activities.filter((a) => a.contactId !== dm)
        });
        expect(coldDm.caps.find((c) => c.code === 'DECISION_MAKER_COLD')?.cap).toBe(
            config.decisionMakerColdOpenCap
        );
    });
});

describe('usage trajectory over several months (seed 001: a declining trajectory is a problem)', () => {
    it('a slow decline of about 8% a month for five months shows as a decline of 20% or more, and a sudden halving in the last month still trips the usage-drop cap', () => {
        const months = [100, 92, 85, 78, 72, 66].map((users, i) =>
            usagePeriod(30 * (5 - i), { activeUsers: users, licensedSeats: 100 })
        );
        const slow = score(healthyAccount('slow', { usage: months }));
        const label = slow.drivers.find((d) => d.code === 'USAGE_TRAJECTORY')?.label ?? '';
        const down = Number(/down (\d+)%/.exec(label)?.[1] ?? 0);
        expect(down).toBeGreaterThanOrEqual(20);
        const sudden = score(healthyAccount('sudden', { usage: usageSeries([90, 90, 45]) }));
        expect(sudden.caps.map((c) => c.code)).toContain('USAGE_DROP');
    });
});

describe('v2 property 11: a stopped feed never raises a score', () => {
    const steady = (lastEndAgo: number) =>
        healthyAccount('feed', {
            usage: [0, 30, 60, 90, 120, 150, 180, 210, 240]
                .map((offset) => usagePeriod(lastEndAgo + offset, { activeUsers: 90 }))
                .reverse()
        });

    it('property 11: a healthy account whose usage feed stops scores no higher than with its last known data', () => {
        const fresh = score(steady(0));
        for (const stoppedAgo of [15, 30, 60, 90, 91, 120, 200, 365]) {
            const stopped = score(steady(stoppedAgo));
            expect(stopped.score ?? 101).toBeLessThanOrEqual(fresh.score ?? 0);
            expect(stopped.subscores.usage).toBe(fresh.subscores.usage);
            expect(stopped.coverage).toBe(fresh.coverage); // never redistributed
        }
    });

    it('property 11: a stopped feed keeps the decline it last showed (its usage score does not recover with time)', () => {
        const falling = (extraDays: number) =>
            healthyAccount('falling', { usage: usageSeries([95, 80, 60]) }) && {
                ...healthyAccount('falling', { usage: usageSeries([95, 80, 60]) }),
                usage: usageSeries([95, 80, 60]).map((p) => ({
                    ...p,
                    periodStart: daysAgo(extraDays, p.periodStart),
                    periodEnd: daysAgo(extraDays, p.periodEnd)
                }))
            };
        const atStop = score(falling(config.usageStaleDays)).subscores.usage;
        for (const extra of [30, 60, 120, 400]) expect(score(falling(extra)).subscores.usage).toBe(atStop);
    });

    it('property 11: it is flagged and visible in the drivers; never having had usage is a different flag with redistributed weight', () => {
        const stopped = score(steady(45));
        expect(flags(stopped)).toContain('STALE_USAGE');
        expect(flags(stopped)).not.toContain('NO_USAGE');
        expect(stopped.dataQuality.find((f) => f.code === 'STALE_USAGE')?.value).toBe(45);
        const usageDrivers = stopped.drivers.filter((d) => d.dimension === 'usage');
        expect(usageDrivers.length).toBeGreaterThan(0);
        for (const driver of usageDrivers)
            expect(driver.label).toMatch(/usage feed stopped: last data 45 days old/);
        const never = score({ ...steady(0), usage: [] });
        expect(flags(never)).toContain('NO_USAGE');
        expect(flags(never)).not.toContain('STALE_USAGE');
        expect(never.coverage).toBe(65);
        // fresh data: no stale flag, no note
        const fresh = score(steady(3));
        expect(flags(fresh)).not.toContain('STALE_USAGE');
        expect(fresh.drivers.some((d) => d.label.includes('feed stopped'))).toBe(false);
    });

    it('property 11: over random usage histories, stopping the feed never scores above the last day it was fresh', () => {
        fc.assert(
            fc.property(
                fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 8 }),
                fc.integer({ min: 1, max: 300 }),
                (users, later) => {
                    const usage = users.map((u, i) =>
                        usagePeriod(30 * (users.length - 1 - i), { activeUsers: u })
                    );
                    const account = healthyAccount('random-feed', { usage, activities: [] });
                    // Scored when the feed was last fresh vs `later` days after that (no new usage arrived).
                    const whenFresh = score(account, daysAgo(-config.usageStaleDays));
                    const afterStop = score(account, daysAgo(-(config.usageStaleDays + later)));
                    return afterStop.subscores.usage === whenFresh.subscores.usage;
                }
            ),
            { numRuns: 60 }
        );
    });
});

describe('v2 property 12: silence, usage collapse and support crises', () => {
    it('property 12: no meaningful activity with any contact for 180 days -> Red', () => {
        for (const days of [180, 181, 250, 400]) {
            const result = score(silentFor(healthyAccount('silent'), days));
            expect(result.band).toBe('Red');
            expect(codes(result)).toContain('SILENCE');
            expect(result.criticalRisk).toMatch(new RegExp(`in ${days} days`));
        }
        // auto-logged emails without an outcome are not meaningful activity
        const base = silentFor(healthyAccount('silent'), 200);
        const withEmails = score({
            ...base,
            activities: [...base.activities, activity(`${base.id}-u1`, 2, 'Email', null)]
        });
        expect(withEmails.band).toBe('Red');
        // a rated call is
        const withCall = score({
            ...base,
            activities: [...base.activities, activity(`${base.id}-u1`, 2, 'Call', 'Neutral')]
        });
        expect(codes(withCall)).not.toContain('SILENCE');
    });

    it('property 12 / 14: a new account with contacts and nothing logged yet is Unknown (not enough data), not Red from the silence cap; an established customer nobody talks to is still Red', () => {
        const account = (firstWinAgo: number, usageEnds: number[]) =>
            score(
                emptyAccount('new', {
                    contacts: [
                        contact('new-dm', 'Decision Maker', 'Nia New'),
                        contact('new-u', 'User', 'Ugo New')
                    ],
                    opportunities: [opportunity('first', { closeDate: daysAgo(firstWinAgo), kind: 'new' })],
                    usage: usageEnds.map((end) => usagePeriod(end)),
                    commercial: { arr: 10_000, renewalDate: daysAgo(-300), daysPastDue: 0 }
                })
            );
        const fresh = account(40, [30, 0]);
        expect(fresh.band).toBe('Unknown');
        expect(fresh.score).toBeNull();
        expect(fresh.criticalRisk).toBeNull();
        expect(codes(fresh)).not.toContain('SILENCE');
        expect(fresh.drivers[0]?.code).toBe('NO_ACTIVITY_YET');
        // a customer for a year with the same contacts and nothing ever logged: silence, Red
        const established = account(400, [300, 270, 240, 210, 180, 150, 120, 90, 60, 30, 0]);
        expect(established.band).toBe('Red');
        expect(codes(established)).toContain('SILENCE');
        expect(established.criticalRisk).toMatch(/on record in 400 days as a customer/);
        // the first logged call makes the new account a scored one
        const called = score({
            ...emptyAccount('new', {
                contacts: [
                    contact('new-dm', 'Decision Maker', 'Nia New'),
                    contact('new-u', 'User', 'Ugo New')
                ],
                opportunities: [opportunity('first', { closeDate: daysAgo(40), kind: 'new' })],
                usage: [usagePeriod(30), usagePeriod(0)],
                commercial: { arr: 10_000, renewalDate: daysAgo(-300), daysPastDue: 0 }
            }),
            activities: [activity('new-dm', 3, 'Call', 'Positive')]
        });
        expect(called.band).not.toBe('Unknown');
        expect(codes(called)).not.toContain('SILENCE');
    });

    it('property 12: active users down 40% or more over the trajectory window -> not Green', () => {
        const halved = score(healthyAccount('halved', { usage: usageSeries([90, 90, 45]) }));
        expect(halved.band).not.toBe('Green');
        expect(codes(halved)).toContain('USAGE_DROP');
        const forty = score(healthyAccount('forty', { usage: usageSeries([100, 100, 60]) }));
        expect(forty.band).not.toBe('Green');
        // a 30% drop is a problem but not the cap
        expect(codes(score(healthyAccount('thirty', { usage: usageSeries([100, 100, 70]) })))).not.toContain(
            'USAGE_DROP'
        );
    });

    it('property 12: an open escalated case of Sev2 or worse with recent CSAT <= 2 -> not Green', () => {
        const crisis = (
            overrides: Parameters<typeof supportCase>[1],
            history = [supportCase('C0', { csat: 4 })]
        ) =>
            score(
                healthyAccount('crisis', {
                    cases: [
                        ...history,
                        supportCase('C9', { closedDate: null, subject: 'Data loss', ...overrides })
                    ]
                })
            );
        const own = crisis({ severity: 'Sev2', escalated: true, csat: 1 });
        expect(own.band).not.toBe('Green');
        expect(own.criticalRisk).toBe('Escalated Sev2 case C9 open with CSAT 1: capped at 69');
        const recent = crisis({ severity: 'Sev2', escalated: true, csat: null }, [
            supportCase('C0', { csat: 2 })
        ]);
        expect(recent.band).not.toBe('Green');
        expect(codes(recent)).toContain('SUPPORT_CRISIS');
        // Not escalated, Sev3, or CSAT 3: no crisis cap.
        expect(codes(crisis({ severity: 'Sev2', escalated: false, csat: 1 }))).not.toContain(
            'SUPPORT_CRISIS'
        );
        expect(codes(crisis({ severity: 'Sev3', escalated: true, csat: 1 }))).not.toContain('SUPPORT_CRISIS');
        expect(codes(crisis({ severity: 'Sev2', escalated: true, csat: 3 }))).not.toContain('SUPPORT_CRISIS');
    });
});

describe('v2 property 13: divergence both directions', () => {
    const strong = {
        championStatus: 'Active' as const,
        executiveEngagement: 'Active' as const,
        outcomeNarrative: 'Defensible' as const,
        reviewedOn: daysAgo(5)
    };

    it('property 13: any computed band other than Green while the owner reports champion Active, executives Active and outcome Defensible is flagged', () => {
        // Seed 004's example: 40% utilisation, open escalations, while the owner reports everything strong.
        const yellow = score(
            healthyAccount('seed-004', {
                usage: usageSeries([50, 45, 40]),
                opportunities: [opportunity('won', { closeDate: daysAgo(200) })],
                cases: [
                    supportCase('E1', { closedDate: null, severity: 'Sev2', escalated: true }),
                    supportCase('E2', { closedDate: null, severity: 'Sev3', escalated: true })
                ],
                qualitative: strong
            })
        );
        expect(yellow.band).toBe('Yellow');
        expect(yellow.divergence?.code).toBe('YELLOW_BUT_QUALITATIVE_STRONG');
        const red = score(silentFor(healthyAccount('red', { qualitative: strong }), 200));
        expect(red.band).toBe('Red');
        expect(red.divergence?.code).toBe('RED_BUT_QUALITATIVE_STRONG');
        // Green with the same overlay: no divergence.
        expect(score(healthyAccount('green', { qualitative: strong })).divergence).toBeNull();
    });

    it('property 13: Green while the champion is At Risk or Missing, or executive engagement None or Lapsed, is flagged', () => {
        const green = (qualitative: Partial<AccountInput['qualitative']>, model = config) =>
            score(healthyAccount('g', { qualitative: { ...strong, ...qualitative } }), AS_OF, model);
        expect(green({ championStatus: 'At Risk' }).divergence?.code).toBe('GREEN_BUT_CHAMPION_AT_RISK');
        // Missing caps at 39 by default; with the cap opened up the account can be Green and is flagged.
        const missing = green({ championStatus: 'Missing' }, parseModelConfig({ championMissingCap: 100 }));
        expect(missing.band).toBe('Green');
        expect(missing.divergence?.code).toBe('GREEN_BUT_CHAMPION_AT_RISK');
        expect(missing.divergence?.message).toMatch(/champion Missing/);
        for (const executiveEngagement of ['None', 'Lapsed'] as const) {
            const result = green({ executiveEngagement });
            expect(result.band).toBe('Green');
            expect(result.divergence?.code).toBe('GREEN_BUT_QUALITATIVE_WEAK');
            expect(result.divergence?.message).toContain(`executive engagement ${executiveEngagement}`);
        }
    });
});

describe('v2 property 14: Unknown shows no score; critical risk only when its cap lowered the score', () => {
    const thin = (overrides: Partial<AccountInput> = {}) =>
        emptyAccount('thin', {
            commercial: { arr: 1000, renewalDate: null, daysPastDue: null },
            cases: [supportCase('S1', { closedDate: null, severity: 'Sev1' })],
            qualitative: {
                championStatus: 'Missing',
                executiveEngagement: null,
                outcomeNarrative: null,
                reviewedOn: null
            },
            ...overrides
        });

    it('property 14: Unknown shows no score (null) and no critical-risk text, with the missing data as its checklist', () => {
        const result = score(thin());
        expect(result.band).toBe('Unknown');
        expect(result.score).toBeNull();
        expect(result.criticalRisk).toBeNull();
        expect(result.change).toBeNull();
        expect(result.drivers.map((d) => d.code)).toEqual([
            'MISSING_USAGE',
            'MISSING_RELATIONSHIP',
            'MISSING_COMMERCIAL'
        ]);
        expect(result.drivers.every((d) => d.points === 0)).toBe(true);
        expect(result.drivers[0]?.label).toBe(
            'No product usage data: connect the usage feed (35% of the model)'
        );
        expect(result.summary).toMatch(/^Not enough data to score: No product usage data/);
        // and a trend against an old snapshot is not computed from a number nobody sees
        const withHistory = score(thin({ snapshots: [{ asOf: daysAgo(40), score: 80, band: 'Green' }] }));
        expect(withHistory.trend).toBeNull();
    });

    it('property 14: a critical-risk text appears only when its cap lowered the score', () => {
        // No-pipeline cap triggered but the composite is already below its line: no critical risk.
        const weak = score(
            emptyAccount('weak', {
                contacts: [contact('dm', 'Decision Maker'), contact('u', 'User')],
                activities: [activity('dm', 3, 'Meeting', 'Neutral'), activity('u', 3, 'Call', 'Neutral')],
                opportunities: [opportunity('old', { closeDate: daysAgo(500), createdDate: daysAgo(560) })],
                usage: usageSeries([20, 20, 20])
            })
        );
        expect(weak.caps.map((c) => [c.code, c.applied])).toContainEqual(['NO_PIPELINE', false]);
        expect(weak.criticalRisk).toBeNull();
        expect(weak.drivers.some((d) => d.code.startsWith('CAP_'))).toBe(false);
        // The same cap on a strong account lowers the score and names itself.
        const strong = score(
            healthyAccount('strong', {
                opportunities: [opportunity('old', { closeDate: daysAgo(500), createdDate: daysAgo(560) })],
                commercial: { arr: 1, renewalDate: null, daysPastDue: 0 }
            })
        );
        expect(strong.criticalRisk).toMatch(
            /^No open opportunity, no win in the last 365 days and no active contract/
        );
        expect(strong.drivers.find((d) => d.code === 'CAP_NO_PIPELINE')?.points).toBeLessThan(0);
    });
});

describe('driver wording a rep would accept', () => {
    const labelOf = (result: AccountResult, contactId: string) =>
        result.drivers.find((d) => d.recordId === contactId)?.label ?? '';

    it('does not say "no meeting logged" for someone emailed six days ago', () => {
        const result = score(
            healthyAccount('w', {
                contacts: [contact('dm', 'Decision Maker', 'Jane Doe'), contact('u', 'User', 'Ana Ruiz')],
                activities: [activity('dm', 6, 'Email', 'Neutral'), activity('u', 6, 'Email', null)]
            })
        );
        expect(labelOf(result, 'dm')).toBe('Decision maker Jane Doe: neutral email 6 days ago');
        expect(labelOf(result, 'u')).toBe('User Ana Ruiz: email 6 days ago (no outcome logged)');
        for (const driver of result.drivers) expect(driver.label).not.toMatch(/no meeting logged/);
    });

    it('does not call a decision maker "cold" when the last meeting went well', () => {
        for (const age of [45, 80, 100]) {
            const result = score(
                healthyAccount('w', {
                    contacts: [contact('dm', 'Decision Maker', 'Jane Doe')],
                    activities: [activity('dm', age, 'Meeting', 'Positive')]
                })
            );
            for (const text of [...result.drivers.map((d) => d.label), result.criticalRisk ?? '']) {
                expect(text).not.toMatch(/cold/i);
            }
            if (age >= 80) {
                expect(result.criticalRisk).toBe(
                    `Decision maker Jane Doe not engaged: no interaction in ${age} days (last: positive meeting); capped at 69`
                );
            }
        }
    });

    it('does not say "above the usual 0.0" when there were no earlier cases', () => {
        const cases = [3, 20, 40].map((ago) =>
            supportCase(`N${ago}`, { createdDate: daysAgo(ago + 2), closedDate: daysAgo(ago) })
        );
        const result = score(healthyAccount('surge', { cases }));
        const surge = result.drivers.find((d) => d.code === 'SUPPORT_SURGE');
        expect(surge?.label).toBe('3 cases opened in the last 90 days, none in the 9 months before');
        const withHistory = score(
            healthyAccount('surge', {
                cases: [
                    ...cases,
                    ...[3, 3, 3, 3, 3, 3].map((_, i) =>
                        supportCase(`O${i}`, {
                            createdDate: daysAgo(100 + 10 * i),
                            closedDate: daysAgo(95 + 10 * i)
                        })
                    ),
                    ...[1, 2, 3, 4, 5, 6].map((i) =>
                        supportCase(`P${i}`, { createdDate: daysAgo(i), closedDate: daysAgo(0) })
                    )
                ]
            })
        );
        expect(withHistory.drivers.find((d) => d.code === 'SUPPORT_SURGE')?.label).toBe(
            '9 cases opened in the last 90 days, against 2.0 per 90 days in the 9 months before'
        );
    });

    it('does not say "no interaction" when a negative one followed the last good one', () => {
        const result = score(
            healthyAccount('w', {
                contacts: [contact('dm', 'Decision Maker', 'Jane Doe')],
                activities: [
                    activity('dm', 179, 'Meeting', 'Positive'),
                    activity('dm', 100, 'Meeting', 'Negative')
                ]
            })
        );
        expect(labelOf(result, 'dm')).toBe(
            'Decision maker Jane Doe: no positive or neutral interaction in 179 days (last: positive meeting; a negative one 100 days ago)'
        );
    });

    it('summarises a contact with only Negative interactions without calling them engagement', () => {
        const result = score(
            healthyAccount('neg', {
                contacts: [contact('dm', 'Decision Maker', 'Jane Doe')],
                activities: [activity('dm', 50, 'Call', 'Negative')]
            })
        );
        expect(labelOf(result, 'dm')).toBe(
            'Decision maker Jane Doe: only negative interactions, the last 50 days ago'
        );
    });
});

// Exported for other tests that want the same silence helper.
export const _silentFor = silentFor;
export type _Activity = ActivityInput;
