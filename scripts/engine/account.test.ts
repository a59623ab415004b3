// MODEL.md layer 2: dimensions, caps, bands, trend, lifecycle, priority, divergence, data quality, drivers,
// plus the seed articles' scenarios named in issue 3.
import fc from 'fast-check';
import { DEFAULT_MODEL_CONFIG, parseModelConfig, scoreAccount } from './index';
import type { AccountInput, AccountResult, ActivityInput } from './index';
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
const score = (input: AccountInput, asOf = AS_OF): AccountResult => scoreAccount(input, config, asOf);
const driverSum = (result: AccountResult) => result.drivers.reduce((sum, driver) => sum + driver.points, 0);

describe('scenarios from the seed articles (issue 3)', () => {
    it('warm with users but cold with the decision maker is not Green, with or without an open deal', () => {
        const users = ['u1', 'u2', 'u3'].map((id) => contact(id, 'User', `User ${id}`));
        const warmUsers: ActivityInput[] = users.flatMap((u) =>
            [2, 9, 16, 23].map((age) => activity(u.id, age, 'Meeting', 'Positive'))
        );
        const base = healthyAccount('acc-cold-dm', {
            contacts: [contact('dm', 'Decision Maker', 'Jane Doe'), ...users],
            activities: [...warmUsers, activity('dm', 74, 'Meeting', 'Positive')]
        });
        const withOpenDeal = score(base);
        expect(withOpenDeal.band).not.toBe('Green');
        expect(withOpenDeal.criticalRisk).toMatch(
            /Decision maker Jane Doe not engaged: no interaction in 74 days \(last: positive meeting\)/
        );
        const noOpenDeal = score({ ...base, opportunities: base.opportunities.filter((o) => o.isClosed) });
        expect(noOpenDeal.band).not.toBe('Green');
        expect(noOpenDeal.score).toBeLessThanOrEqual(config.decisionMakerColdCap);
        // The same account with a warm decision maker is Green: the decision maker is what moved it.
        const warmDm = score({
            ...base,
            activities: [...warmUsers, activity('dm', 3, 'Meeting', 'Positive')]
        });
        expect(warmDm.band).toBe('Green');
    });

    it('an open Sev1 case caps the score at Yellow, naming the case', () => {
        const result = score(
            healthyAccount('acc-sev1', {
                cases: [
                    supportCase('00001234', { closedDate: null, severity: 'Sev1', createdDate: daysAgo(3) })
                ]
            })
        );
        expect(result.band).toBe('Yellow');
        expect(result.score).toBeLessThanOrEqual(config.sev1Cap);
        expect(result.criticalRisk).toBe('Open Sev1 case 00001234 caps the score at 59');
        const capDriver = result.drivers.find((driver) => driver.code === 'CAP_SEV1');
        expect(capDriver?.label).toBe('Open Sev1 case 00001234 caps the score at 59');
        expect(capDriver?.points).toBeLessThan(0);
        expect(driverSum(result)).toBe(result.score);
    });

    it('a Sev1 opened in the last 14 days caps even when already closed; an older closed one does not', () => {
        const recent = score(
            healthyAccount('a', {
                cases: [
                    supportCase('S1', { severity: 'Sev1', createdDate: daysAgo(10), closedDate: daysAgo(8) })
                ]
            })
        );
        expect(recent.caps.map((cap) => cap.code)).toContain('SEV1');
        const old = score(
            healthyAccount('a', {
                cases: [
                    supportCase('S1', { severity: 'Sev1', createdDate: daysAgo(30), closedDate: daysAgo(25) })
                ]
            })
        );
        expect(old.caps.map((cap) => cap.code)).not.toContain('SEV1');
    });

    it('champion Missing is Red', () => {
        const healthy = healthyAccount();
        const result = score({
            ...healthy,
            qualitative: { ...healthy.qualitative, championStatus: 'Missing' }
        });
        expect(result.band).toBe('Red');
        expect(result.score).toBeLessThanOrEqual(config.championMissingCap);
        expect(result.criticalRisk).toMatch(/Champion marked Missing/);
    });

    it('ten hollow Neutral calls do not beat one Positive meeting', () => {
        const account = (activities: ActivityInput[]) =>
            emptyAccount('acc-hollow', {
                contacts: [contact('dm', 'Decision Maker', 'Jane Doe'), contact('u', 'User')],
                activities: [...activities, activity('u', 5, 'Meeting', 'Positive')],
                usage: usageSeries([70, 70, 70]),
                opportunities: [opportunity('o1', { isClosed: false, isWon: false, closeDate: daysAgo(-30) })]
            });
        const hollow = score(
            account(Array.from({ length: 10 }, (_, i) => activity('dm', i % 7, 'Call', 'Neutral')))
        );
        const meaningful = score(account([activity('dm', 6, 'Meeting', 'Positive')]));
        expect(meaningful.modelScore).toBeGreaterThan(hollow.modelScore);
        expect(meaningful.subscores.relationship ?? 0).toBeGreaterThan(hollow.subscores.relationship ?? 0);
    });

    it('a long-time customer with no meaningful activity for 3 months is not Green', () => {
        const healthy = healthyAccount('acc-vip');
        const stale = healthy.activities.map((a) => ({
            ...a,
            date: daysAgo(95 + (Number(a.date.slice(8)) % 30))
        }));
        const result = score({
            ...healthy,
            activities: stale,
            opportunities: [
                ...healthy.opportunities,
                opportunity('won-0', { closeDate: daysAgo(800), createdDate: daysAgo(860) })
            ]
        });
        expect(result.lifecycle).toBe('Warm');
        expect(result.band).not.toBe('Green');
        // Also when no decision maker is mapped (nobody engaged at all).
        const noRoles = score({
            ...healthy,
            activities: stale,
            contacts: healthy.contacts.map((c) => ({ ...c, role: null }))
        });
        expect(noRoles.band).not.toBe('Green');
        expect(noRoles.caps.map((cap) => cap.code)).toContain('NO_ENGAGED_CONTACT');
    });

    it('Warm + Red ranks above Hello + Yellow in attention priority, whatever the account value', () => {
        const warmRed = (arr: number) => {
            const healthy = healthyAccount('warm-red');
            return score({
                ...healthy,
                commercial: { arr, renewalDate: null, daysPastDue: 0 },
                qualitative: { ...healthy.qualitative, championStatus: 'Missing' }
            });
        };
        const helloYellow = (arr: number, renewalIn: number, dropped: boolean) =>
            score(
                healthyAccount('hello-yellow', {
                    opportunities: [
                        opportunity('open', { isClosed: false, isWon: false, closeDate: daysAgo(-20) })
                    ],
                    cases: [supportCase('C1', { closedDate: null, severity: 'Sev1' })],
                    commercial: { arr, renewalDate: daysAgo(-renewalIn), daysPastDue: 0 },
                    snapshots: dropped
                        ? [
                              { asOf: daysAgo(30), score: 95, band: 'Green' },
                              { asOf: daysAgo(1), score: 90, band: 'Green' }
                          ]
                        : []
                })
            );
        expect(warmRed(1).lifecycle).toBe('Warm');
        expect(warmRed(1).band).toBe('Red');
        expect(helloYellow(1, 10, true).lifecycle).toBe('Hello');
        expect(helloYellow(1, 10, true).band).toBe('Yellow');
        fc.assert(
            fc.property(
                fc.integer({ min: 0, max: 1e9 }),
                fc.integer({ min: 0, max: 1e9 }),
                fc.integer({ min: 0, max: 90 }),
                fc.boolean(),
                (arrRed, arrYellow, renewalIn, dropped) =>
                    warmRed(arrRed).attentionPriority >
                    helloYellow(arrYellow, renewalIn, dropped).attentionPriority
            ),
            { numRuns: 40 }
        );
    });
});

describe('dimensions and coverage', () => {
    it('redistributes the weight of missing dimensions and reports coverage', () => {
        const healthy = healthyAccount();
        const noUsage = score({ ...healthy, usage: [] });
        expect(noUsage.subscores.usage).toBeNull();
        expect(noUsage.coverage).toBe(65);
        expect(noUsage.band).not.toBe('Unknown');
        expect(noUsage.dataQuality.map((flag) => flag.code)).toContain('NO_USAGE');
    });

    it('is Unknown below the minimum coverage', () => {
        const result = score(
            emptyAccount('acc-thin', {
                commercial: { arr: null, renewalDate: null, daysPastDue: null },
                cases: [supportCase('C1')]
            })
        );
        expect(result.coverage).toBe(20);
        expect(result.band).toBe('Unknown');
        expect(result.dataQuality.map((flag) => flag.code)).toContain('LOW_COVERAGE');
    });

    it('a high but falling usage account scores lower than a steady one', () => {
        const falling = score(healthyAccount('a', { usage: usageSeries([98, 95, 60]) }));
        const steady = score(healthyAccount('a', { usage: usageSeries([60, 60, 60]) }));
        expect(falling.subscores.usage ?? 100).toBeLessThan(steady.subscores.usage ?? 0);
        const trajectory = falling.drivers.find((driver) => driver.code === 'USAGE_TRAJECTORY');
        expect(trajectory?.label).toBe('Active users down 38% in the last 30 days vs the 150 before');
        expect(trajectory?.points).toBeLessThan(0);
    });

    it('penalises single-threaded accounts', () => {
        const one = emptyAccount('a', {
            usage: usageSeries([80, 80, 80]),
            contacts: [contact('dm', 'Decision Maker')],
            activities: [activity('dm', 2, 'Meeting', 'Positive'), activity('dm', 9, 'Meeting', 'Positive')]
        });
        const two = {
            ...one,
            contacts: [...one.contacts, contact('u', 'User')],
            activities: [
                ...one.activities,
                activity('u', 2, 'Meeting', 'Positive'),
                activity('u', 9, 'Meeting', 'Positive')
            ]
        };
        const single = score(one);
        expect(single.drivers.map((driver) => driver.code)).toContain('SINGLE_THREADED');
        expect(score(two).drivers.map((driver) => driver.code)).not.toContain('SINGLE_THREADED');
    });

    it('support: open cases, escalations and CSAT move the subscore', () => {
        const calm = score(healthyAccount('a', { cases: [supportCase('C1', { csat: 3 })] }));
        const noisy = score(
            healthyAccount('a', {
                cases: [
                    supportCase('C1', { csat: 3 }),
                    supportCase('C2', {
                        closedDate: null,
                        severity: 'Sev2',
                        escalated: true,
                        subject: 'Export broken'
                    })
                ]
            })
        );
        expect(calm.subscores.support).toBe(90);
        expect(noisy.subscores.support).toBe(90 - 20 - 15);
        expect(noisy.drivers.map((driver) => driver.label)).toContain('Open Sev2 case C2 (Export broken)');
    });

    it('commercial: payment timeliness and pipeline; more than 60 days past due caps at 59', () => {
        const late = score(
            healthyAccount('a', { commercial: { arr: 1000, renewalDate: null, daysPastDue: 61 } })
        );
        expect(late.caps.find((cap) => cap.code === 'PAST_DUE')?.applied).toBe(true);
        expect(late.score).toBeLessThanOrEqual(59);
        const noDeals = score(
            healthyAccount('a', {
                opportunities: [opportunity('old', { closeDate: daysAgo(500) })],
                commercial: { arr: 1000, renewalDate: null, daysPastDue: 0 }
            })
        );
        expect(noDeals.caps.map((cap) => cap.code)).toContain('NO_PIPELINE');
        expect(noDeals.band).not.toBe('Green');
    });

    it('account size is not an input to the score', () => {
        const small = score(
            healthyAccount('a', { commercial: { arr: 1000, renewalDate: null, daysPastDue: 0 } })
        );
        const large = score(
            healthyAccount('a', { commercial: { arr: 5e7, renewalDate: null, daysPastDue: 0 } })
        );
        expect(large.score).toBe(small.score);
        expect(large.attentionPriority).toBeGreaterThan(small.attentionPriority);
    });
});

describe('bands, hysteresis and trend', () => {
    // A relationship-only account whose score we can place precisely with usage.
    const withScore = (previous: AccountInput['previous'], activeUsers: number) =>
        healthyAccount('h', { previous, usage: usageSeries([activeUsers, activeUsers, activeUsers]) });

    it('holds the previous band until the score crosses the boundary by the hysteresis points', () => {
        const previous = { band: 'Green' as const, since: daysAgo(50), score: null };
        const base = scoreAccount(withScore(previous, 95), config, AS_OF).modelScore;
        // Move the Green threshold just above the score: 1 point short is held Green, 3 points short is not.
        const held = scoreAccount(
            withScore(previous, 95),
            parseModelConfig({ greenThreshold: base + 1 }),
            AS_OF
        );
        expect(held.score).toBe(base);
        expect(held.rawBand).toBe('Yellow');
        expect(held.band).toBe('Green');
        expect(held.bandSince).toBe(daysAgo(50));
        expect(held.bandChanged).toBe(false);
        const left = scoreAccount(
            withScore(previous, 95),
            parseModelConfig({ greenThreshold: base + 3 }),
            AS_OF
        );
        expect(left.band).toBe('Yellow');
        expect(left.bandChanged).toBe(true);
        expect(left.bandSince).toBe(AS_OF);
    });

    it('changes band once crossed by 3 points; caps bypass hysteresis', () => {
        const previous = { band: 'Green' as const, since: daysAgo(50), score: 80 };
        const capped = score(
            healthyAccount('h', {
                previous,
                cases: [supportCase('S', { closedDate: null, severity: 'Sev1' })]
            })
        );
        expect(capped.score).toBeLessThanOrEqual(59);
        expect(capped.score).toBeGreaterThan(config.redThreshold + config.hysteresisPoints);
        expect(capped.band).toBe('Yellow');
        expect(capped.bandChanged).toBe(true);
        expect(capped.bandSince).toBe(AS_OF);
    });

    it('uses the latest earlier snapshot as the previous band', () => {
        const result = score(
            healthyAccount('h', { snapshots: [{ asOf: daysAgo(7), score: 20, band: 'Red' }] })
        );
        expect(result.previousBand).toBe('Red');
        expect(result.band).toBe('Green');
    });

    it('trend and signed change against the snapshot nearest at or before as-of minus 30 days', () => {
        const snapshots = [
            { asOf: daysAgo(45), score: 40, band: 'Yellow' as const },
            { asOf: daysAgo(31), score: 70, band: 'Green' as const },
            { asOf: daysAgo(10), score: 10, band: 'Red' as const }
        ];
        const result = score(healthyAccount('h', { snapshots }));
        expect(result.change).toBe(result.modelScore - 70);
        expect(result.trend).toBe('Improving');
        const drop = score(
            healthyAccount('h', {
                snapshots: [{ asOf: daysAgo(30), score: 100, band: 'Green' }],
                cases: [supportCase('S', { closedDate: null, severity: 'Sev1' })]
            })
        );
        expect(drop.trend).toBe('Declining');
        expect(drop.change).toBe((drop.score ?? Number.NaN) - 100);
        expect(drop.change).toBeLessThanOrEqual(59 - 100);
        expect(drop.scoreDropAlert).toBe(true);
        expect(score(healthyAccount('h')).trend).toBeNull();
    });
});

describe('lifecycle, expansion, divergence, data quality', () => {
    const won = (id: string, ago: number) =>
        opportunity(id, { closeDate: daysAgo(ago), createdDate: daysAgo(ago + 30) });
    it.each([
        ['Hello', []],
        ['First Transaction', [won('w1', 100)]],
        ['Warm', [won('w1', 500), won('w2', 100)]],
        ['Cold', [won('w1', 500), won('w2', 400)]]
    ])('lifecycle %s', (expected, opportunities) => {
        expect(score(emptyAccount('a', { opportunities })).lifecycle).toBe(expected);
    });

    it('an open deal keeps a customer out of Cold; a win after as-of does not count', () => {
        const open = opportunity('o', { isClosed: false, isWon: false, closeDate: daysAgo(-10) });
        expect(
            score(emptyAccount('a', { opportunities: [won('w1', 500), won('w2', 400), open] })).lifecycle
        ).toBe('Warm');
        expect(score(emptyAccount('a', { opportunities: [won('w1', -5)] })).lifecycle).toBe('Hello');
    });

    it('expansion ready only when Green, with the reasons', () => {
        const result = score(healthyAccount());
        expect(result.expansionReady).toBe(true);
        expect(result.expansionReasons).toContain('Licence utilisation 95%');
        const capped = score(
            healthyAccount('a', { cases: [supportCase('S', { closedDate: null, severity: 'Sev1' })] })
        );
        expect(capped.expansionReady).toBe(false);
    });

    it('flags divergence between the qualitative overlay and the band', () => {
        const healthy = healthyAccount();
        const atRisk = score({
            ...healthy,
            qualitative: { ...healthy.qualitative, championStatus: 'At Risk' }
        });
        expect(atRisk.band).toBe('Green');
        expect(atRisk.divergence?.code).toBe('GREEN_BUT_CHAMPION_AT_RISK');
        expect(score(healthy).divergence).toBeNull();
        const reviewedLater = score({
            ...healthy,
            qualitative: { ...healthy.qualitative, championStatus: 'Missing', reviewedOn: daysAgo(-3) }
        });
        expect(reviewedLater.criticalRisk).toBeNull();
    });

    it('flags missing decision maker, unmapped roles, missing outcomes and stale usage', () => {
        const result = score(
            emptyAccount('a', {
                contacts: [contact('c1', null), contact('c2', null)],
                activities: [
                    activity('c1', 3, 'Call', null),
                    activity('c2', 4, 'Email', null),
                    activity(null, 2, 'Call', 'Positive')
                ],
                usage: [usagePeriod(40)]
            })
        );
        const codes = result.dataQuality.map((flag) => flag.code);
        expect(codes).toEqual(
            expect.arrayContaining([
                'NO_DECISION_MAKER',
                'ROLES_UNMAPPED',
                'ACTIVITIES_WITHOUT_OUTCOME',
                'ACTIVITIES_WITHOUT_CONTACT',
                'STALE_USAGE'
            ])
        );
    });
});

describe('drivers', () => {
    it('add up exactly to the score, ordered by effect, baseline last', () => {
        const result = score(healthyAccount('a', { usage: usageSeries([98, 95, 60]) }));
        expect(driverSum(result)).toBe(result.score);
        expect(result.drivers[result.drivers.length - 1]?.code).toBe('BASELINE');
        const effects = result.drivers.slice(0, -1).map((driver) => Math.abs(driver.points));
        // Ordered by unrounded effect: rounded points may tie or differ by one unit at most out of order.
        for (let i = 1; i < effects.length; i++)
            expect(effects[i]).toBeLessThanOrEqual((effects[i - 1] ?? 0) + 1);
    });

    it('names the decision maker in a rep-readable sentence', () => {
        const healthy = healthyAccount('a');
        const result = score({
            ...healthy,
            activities: [
                ...healthy.activities.filter((a) => a.contactId !== 'a-dm'),
                activity('a-dm', 74, 'Meeting', 'Positive')
            ]
        });
        expect(result.drivers.map((driver) => driver.label)).toContain(
            'Decision maker Jane Doe: no interaction in 74 days (last: positive meeting)'
        );
        expect(result.summary.length).toBeLessThanOrEqual(255);
    });
});

describe('hysteresis boundaries (3 points, Green >= 70, Red < 40)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { applyHysteresis } = require('./score') as typeof import('./score');
    const band = (score: number, previous: 'Green' | 'Yellow' | 'Red' | null, capped = false) => {
        const raw = score >= 70 ? 'Green' : score >= 40 ? 'Yellow' : 'Red';
        return applyHysteresis(score, raw, previous, config, capped);
    };
    it.each([
        [69, 'Green', 'Green'],
        [68, 'Green', 'Green'],
        [67, 'Green', 'Yellow'],
        [71, 'Yellow', 'Yellow'],
        [72, 'Yellow', 'Yellow'],
        [73, 'Yellow', 'Green'],
        [38, 'Yellow', 'Yellow'],
        [37, 'Yellow', 'Red'],
        [42, 'Red', 'Red'],
        [43, 'Red', 'Yellow'],
        [38, 'Green', 'Yellow'],
        [37, 'Green', 'Red'],
        [75, 'Red', 'Green'],
        [69, null, 'Yellow']
    ] as const)('score %i after %s is %s', (score, previous, expected) => {
        expect(band(score, previous)).toBe(expected);
    });

    it('a cap bypasses hysteresis', () => {
        expect(band(59, 'Green', true)).toBe('Yellow');
        expect(band(68, 'Green', true)).toBe('Yellow');
        const noHysteresis = { ...config, hysteresisPoints: 0 };
        expect(applyHysteresis(69, 'Yellow', 'Green', noHysteresis, false)).toBe('Yellow');
        expect(applyHysteresis(70, 'Green', 'Yellow', noHysteresis, false)).toBe('Green');
    });
});
