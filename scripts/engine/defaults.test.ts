// The default model, pinned. A fixed portfolio of scenario accounts is scored with DEFAULT_MODEL_CONFIG and its
// full output (scores, bands, drivers with their points and words, caps, trend, priority, flags, contacts,
// outcome inflation) is compared with the committed snapshot. A second test proves the portfolio is sensitive
// to every numeric default: zeroing or doubling any one of them changes the output. Together they fail when
// any default (or the code it drives) changes behaviour. After an intended model change, review the diff and
// update with `npx jest --selectProjects node --testPathPattern scripts/engine/defaults -u`.
import { readFileSync } from 'node:fs';
import { DEFAULT_MODEL_CONFIG, MODEL_CONFIG_KEYS, PortfolioScorer, headerOf } from './index';
import type { AccountInput, AccountResult, ModelConfig } from './index';
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

const withoutDm = (input: AccountInput): AccountInput => ({
    ...input,
    activities: input.activities.filter((a) => a.contactId !== `${input.id}-dm`)
});

/** Every activity of the account moved so that the freshest is `days` old. */
function silentFor(input: AccountInput, days: number): AccountInput {
    const freshest = Math.min(
        ...input.activities.map((a) => (Date.parse(AS_OF) - Date.parse(a.date)) / 864e5)
    );
    return {
        ...input,
        activities: input.activities.map((a) => ({ ...a, date: daysAgo(days - freshest, a.date) }))
    };
}

/** A healthy account pulled down to a given raw score by open Sev3 cases and a usage dip. */
function nearBoundary(id: string, sev3: number, lastUsers: number, snapshots: AccountInput['snapshots']) {
    return healthyAccount(id, {
        usage: usageSeries([80, 78, lastUsers]),
        cases: [
            supportCase(`${id}-c0`, { csat: 3 }),
            supportCase(`${id}-c2`, { closedDate: null, severity: 'Sev2', createdDate: daysAgo(120) }),
            ...Array.from({ length: sev3 }, (_, i) =>
                supportCase(`${id}-s${i}`, {
                    closedDate: null,
                    severity: 'Sev3',
                    createdDate: daysAgo(100 + i)
                })
            )
        ],
        snapshots
    });
}

/** Accounts chosen so that each default of the model moves at least one number or word. */
export function scenarioAccounts(): AccountInput[] {
    const strong = {
        championStatus: 'Active' as const,
        executiveEngagement: 'Active' as const,
        outcomeNarrative: 'Defensible' as const,
        reviewedOn: daysAgo(5)
    };
    const mixedActivities = [
        activity('mx-dm', 1, 'Meeting', 'Positive', 'rep-1'),
        activity('mx-dm', 12, 'Call', 'Negative', 'rep-2'),
        activity('mx-dm', 20, 'Email', 'Neutral', 'rep-2'),
        activity('mx-ap', 5, 'Message', 'Positive', 'rep-2'),
        activity('mx-ap', 8, 'Email', null, 'rep-2'),
        activity('mx-ap', 40, 'Call', 'Neutral', 'rep-1'),
        activity('mx-in', 3, 'Call', 'Positive', 'rep-1'),
        activity('mx-in', 60, 'Meeting', 'Negative', 'rep-1'),
        activity('mx-us', 2, 'Email', 'Positive', 'rep-2'),
        activity('mx-us', 15, 'Message', null, 'rep-2'),
        activity('mx-un', 4, 'Call', 'Neutral', 'rep-1'),
        activity(null, 6, 'Meeting', 'Neutral', 'rep-1')
    ];
    // The inflated rep: 25 Positive calls in the window (rep-9); the team is mixed.
    const inflated = Array.from({ length: 25 }, (_, i) =>
        activity('inf-dm', 5 + (i % 60), 'Call', 'Positive', 'rep-9')
    );
    return [
        healthyAccount('healthy'),
        // Raw 68 after a Green month: held Green by 3 points of hysteresis (Yellow with none), and a 20-point drop.
        nearBoundary('hysteresis-held', 3, 60, [{ asOf: daysAgo(31), score: 88, band: 'Green' }]),
        // Raw 66 after Green: leaves Green with 3 points of hysteresis, held with 6.
        nearBoundary('hysteresis-left', 5, 62, [{ asOf: daysAgo(20), score: 71, band: 'Green' }]),
        healthyAccount('trend-up-7', { snapshots: [{ asOf: daysAgo(30), score: 87, band: 'Green' }] }),
        healthyAccount('trend-up-1', { snapshots: [{ asOf: daysAgo(35), score: 93, band: 'Green' }] }),
        healthyAccount('trend-down-6', { snapshots: [{ asOf: daysAgo(30), score: 100, band: 'Green' }] }),
        healthyAccount('sev1-20-days', {
            cases: [
                supportCase('s20', { severity: 'Sev1', createdDate: daysAgo(20), closedDate: daysAgo(18) })
            ]
        }),
        healthyAccount('usage-20-days', {
            usage: usageSeries([80, 85, 90]).map((p) => ({
                ...p,
                periodStart: daysAgo(20, p.periodStart),
                periodEnd: daysAgo(20, p.periodEnd)
            }))
        }),
        {
            ...healthyAccount('negative-ceiling'),
            activities: [
                ...healthyAccount('negative-ceiling').activities,
                activity('negative-ceiling-dm', 2, 'Meeting', 'Negative'),
                ...[1, 2, 4, 5].map((age) => activity('negative-ceiling-dm', age, 'Meeting', 'Positive'))
            ]
        },
        {
            ...emptyAccount('mixed'),
            contacts: [
                contact('mx-dm', 'Decision Maker', 'Dana Lee'),
                contact('mx-ap', 'Approver', 'Abe Po'),
                contact('mx-in', 'Influencer', 'Ines Ng'),
                contact('mx-us', 'User', 'Uma Sol'),
                contact('mx-un', null, 'Ned Unset')
            ],
            activities: mixedActivities,
            opportunities: [
                opportunity('mx-won', { closeDate: daysAgo(200), createdDate: daysAgo(260) }),
                opportunity('mx-open', {
                    isClosed: false,
                    isWon: false,
                    closeDate: daysAgo(-40),
                    kind: 'new'
                })
            ],
            cases: [
                supportCase('mx-c1', { createdDate: daysAgo(60), closedDate: daysAgo(20), csat: 2 }),
                supportCase('mx-c2', { createdDate: daysAgo(30), closedDate: null, severity: 'Sev3' }),
                supportCase('mx-c3', { createdDate: daysAgo(200), closedDate: daysAgo(150), csat: 5 }),
                supportCase('mx-c4', {
                    createdDate: daysAgo(10),
                    closedDate: daysAgo(2),
                    csat: 4,
                    severity: 'Sev4'
                })
            ],
            usage: [
                usagePeriod(70, {
                    activeUsers: 50,
                    licensedSeats: 80,
                    featuresAdopted: 4,
                    featuresAvailable: 12
                }),
                usagePeriod(40, {
                    activeUsers: 52,
                    licensedSeats: 80,
                    featuresAdopted: 5,
                    featuresAvailable: 12
                }),
                usagePeriod(10, {
                    activeUsers: 58,
                    licensedSeats: 80,
                    featuresAdopted: 6,
                    featuresAvailable: 12,
                    keyEvents: 900
                })
            ],
            commercial: { arr: 40_000, renewalDate: daysAgo(-60), daysPastDue: 12 },
            qualitative: { ...strong, executiveEngagement: 'Lapsed', outcomeNarrative: 'In Development' }
        },
        healthyAccount('support-storm', {
            cases: [
                supportCase('st-1', { closedDate: null, severity: 'Sev1', createdDate: daysAgo(20) }),
                supportCase('st-2', {
                    closedDate: null,
                    severity: 'Sev2',
                    escalated: true,
                    createdDate: daysAgo(12)
                }),
                supportCase('st-3', { closedDate: null, severity: 'Sev3', createdDate: daysAgo(5) }),
                supportCase('st-4', { createdDate: daysAgo(80), closedDate: daysAgo(40), csat: 1 }),
                supportCase('st-5', { createdDate: daysAgo(70), closedDate: daysAgo(60), csat: 3 }),
                supportCase('st-6', { createdDate: daysAgo(300), closedDate: daysAgo(290), csat: 4 })
            ]
        }),
        healthyAccount('slow-support', {
            cases: [
                supportCase('sl-1', { createdDate: daysAgo(60), closedDate: daysAgo(40), csat: 4 }),
                supportCase('sl-2', { createdDate: daysAgo(50), closedDate: daysAgo(31), csat: 3 })
            ]
        }),
        healthyAccount('recent-sev1', {
            cases: [
                supportCase('rs-1', { severity: 'Sev1', createdDate: daysAgo(10), closedDate: daysAgo(9) })
            ]
        }),
        healthyAccount('crisis', {
            cases: [
                supportCase('cr-0', { csat: 2 }),
                supportCase('cr-1', { closedDate: null, severity: 'Sev2', escalated: true, csat: null })
            ]
        }),
        healthyAccount('late-45', {
            commercial: { arr: 900_000, renewalDate: daysAgo(-30), daysPastDue: 45 }
        }),
        healthyAccount('late-75', {
            commercial: { arr: 2_000, renewalDate: daysAgo(-400), daysPastDue: 75 }
        }),
        withoutDm(healthyAccount('cold-dm-open')),
        {
            ...withoutDm(healthyAccount('cold-dm-closed')),
            opportunities: [opportunity('cd-won', { closeDate: daysAgo(100) })]
        },
        healthyAccount('no-pipeline', {
            opportunities: [opportunity('np-won', { closeDate: daysAgo(500), createdDate: daysAgo(560) })],
            commercial: { arr: 10_000, renewalDate: null, daysPastDue: 0 }
        }),
        healthyAccount('mid-contract', {
            opportunities: [opportunity('mc-won', { closeDate: daysAgo(500), createdDate: daysAgo(560) })],
            commercial: { arr: 10_000, renewalDate: daysAgo(-250), daysPastDue: 0 }
        }),
        silentFor(healthyAccount('silent-165'), 165),
        silentFor(healthyAccount('silent-200', { qualitative: strong }), 200),
        silentFor(healthyAccount('quiet-75'), 75),
        healthyAccount('usage-collapse', { usage: usageSeries([90, 88, 48]) }),
        healthyAccount('usage-dip', { usage: usageSeries([90, 90, 75]) }),
        healthyAccount('events-only', {
            usage: [
                usagePeriod(60, { activeUsers: null, keyEvents: 1200 }),
                usagePeriod(30, { activeUsers: null, keyEvents: 1000 }),
                usagePeriod(0, { activeUsers: null, keyEvents: 1100 })
            ]
        }),
        healthyAccount('usage-stopped', {
            usage: [
                usagePeriod(95, { activeUsers: 70 }),
                usagePeriod(65, { activeUsers: 60 }),
                usagePeriod(35, { activeUsers: 50 })
            ]
        }),
        healthyAccount('usage-10-days', {
            usage: usageSeries([80, 85, 90]).map((p) => ({ ...p, periodEnd: daysAgo(10, p.periodEnd) }))
        }),
        healthyAccount('no-usage', { usage: [] }),
        healthyAccount('champion-missing', { qualitative: { ...strong, championStatus: 'Missing' } }),
        healthyAccount('champion-at-risk', { qualitative: { ...strong, championStatus: 'At Risk' } }),
        healthyAccount('exec-none', {
            qualitative: { ...strong, executiveEngagement: 'None', outcomeNarrative: 'Missing' }
        }),
        healthyAccount('seed-004', {
            usage: usageSeries([50, 45, 40]),
            opportunities: [opportunity('s4-won', { closeDate: daysAgo(200) })],
            cases: [
                supportCase('s4-1', { closedDate: null, severity: 'Sev2', escalated: true }),
                supportCase('s4-2', { closedDate: null, severity: 'Sev3', escalated: true })
            ],
            qualitative: strong
        }),
        healthyAccount('expansion', {
            usage: usageSeries([85, 92, 96]).map((p, i) => ({ ...p, featuresAdopted: 6 + i }))
        }),
        healthyAccount('cold-lifecycle', {
            opportunities: [
                opportunity('cl-1', { closeDate: daysAgo(700), createdDate: daysAgo(760) }),
                opportunity('cl-2', { closeDate: daysAgo(400), createdDate: daysAgo(460) })
            ],
            commercial: { arr: 5_000_000, renewalDate: daysAgo(-20), daysPastDue: 0 },
            snapshots: [{ asOf: daysAgo(30), score: 95, band: 'Green' }]
        }),
        healthyAccount('first-transaction', {
            opportunities: [opportunity('ft-1', { closeDate: daysAgo(30), createdDate: daysAgo(90) })],
            commercial: { arr: 20_000_000, renewalDate: daysAgo(-89), daysPastDue: 0 }
        }),
        {
            ...emptyAccount('single-thread'),
            contacts: [contact('st-dm', 'Decision Maker', 'Sol One'), contact('st-u', 'User', 'Ula Two')],
            activities: [
                activity('st-dm', 4, 'Meeting', 'Positive'),
                activity('st-u', 50, 'Call', 'Positive')
            ],
            usage: usageSeries([40, 40, 40]),
            opportunities: [
                opportunity('st-o', { isClosed: false, isWon: false, closeDate: daysAgo(-10), kind: 'new' })
            ]
        },
        {
            ...emptyAccount('inflated'),
            contacts: [
                contact('inf-dm', 'Decision Maker', 'Ian Flate'),
                contact('inf-u', 'User', 'Una Flate')
            ],
            activities: [
                ...inflated,
                ...Array.from({ length: 12 }, (_, i) =>
                    activity(
                        'inf-u',
                        3 + i,
                        'Call',
                        i % 3 === 0 ? 'Positive' : 'Neutral',
                        `rep-${1 + (i % 2)}`
                    )
                )
            ],
            usage: usageSeries([70, 70, 70]),
            commercial: { arr: 50_000, renewalDate: daysAgo(-100), daysPastDue: 0 }
        },
        {
            ...emptyAccount('no-outcomes'),
            contacts: [contact('no-1', null, 'Nia Role'), contact('no-2', null, 'Noa Role')],
            activities: [
                activity('no-1', 3, 'Email', null),
                activity('no-1', 9, 'Call', 'Positive'),
                activity('no-2', 4, 'Email', 'Neutral'),
                activity('no-2', 12, 'Meeting', 'Neutral')
            ],
            usage: usageSeries([30, 30, 30])
        },
        emptyAccount('unknown', {
            cases: [supportCase('un-1', { closedDate: null, severity: 'Sev1' })],
            commercial: { arr: 1_000, renewalDate: null, daysPastDue: null },
            snapshots: [{ asOf: daysAgo(40), score: 50, band: 'Yellow' }]
        }),
        healthyAccount('first-score', { previous: null, snapshots: [] }),
        healthyAccount('dropped', {
            cases: [supportCase('dr-1', { closedDate: null, severity: 'Sev1' })],
            snapshots: [
                { asOf: daysAgo(30), score: 91, band: 'Green' },
                { asOf: daysAgo(3), score: 80, band: 'Green' }
            ]
        })
    ];
}

/**
 * Outcome inflation needs a team whose outcomes are mostly not Positive: `reps` maps rep -> [Positive, other]
 * rated activities in the window, logged on one account's two contacts.
 */
function teamAccount(id: string, reps: Record<string, [number, number]>): AccountInput {
    const activities = Object.entries(reps).flatMap(([rep, [positive, other]]) =>
        Array.from({ length: positive + other }, (_, i) =>
            activity(
                `${id}-${i % 2 === 0 ? 'dm' : 'u'}`,
                1 + (i % 50),
                i % 3 === 0 ? 'Meeting' : 'Call',
                i < positive ? 'Positive' : 'Neutral',
                rep
            )
        )
    );
    return {
        ...emptyAccount(id),
        contacts: [contact(`${id}-dm`, 'Decision Maker', 'Dee Team'), contact(`${id}-u`, 'User', 'Ute Team')],
        activities,
        usage: usageSeries([60, 60, 60])
    };
}

/** Scores the scenario portfolios (streaming scorer: outcome inflation included) into a stable fingerprint. */
export function fingerprint(config: ModelConfig): unknown {
    return {
        scenarios: portfolioFingerprint(config, scenarioAccounts()),
        // rep-9 and rep-8 far above a mostly-Neutral team; rep-6 too, on only 10 rated activities; rep-5 at 85%.
        team: portfolioFingerprint(config, [
            teamAccount('team-a', { 'rep-1': [10, 25], 'rep-2': [12, 20], 'rep-9': [25, 0] }),
            teamAccount('team-b', { 'rep-8': [21, 1], 'rep-6': [10, 0], 'rep-1': [5, 15], 'rep-5': [17, 3] })
        ]),
        // A team that is mostly Positive: rep-a at 95% is only about 10 points above it.
        positiveTeam: portfolioFingerprint(config, [
            teamAccount('pos-a', { 'rep-a': [20, 1], 'rep-b': [34, 6], 'rep-c': [17, 3] })
        ])
    };
}

function portfolioFingerprint(config: ModelConfig, accounts: AccountInput[]): unknown {
    const scorer = new PortfolioScorer(config, AS_OF);
    for (const account of accounts) scorer.addAccount(headerOf(account));
    scorer.addUser({ id: 'rep-9', name: 'Rep Nine' });
    for (const account of accounts) {
        for (const c of account.contacts) scorer.addContact(account.id, c);
        for (const a of account.activities) scorer.addActivity({ ...a, accountId: account.id });
        for (const o of account.opportunities) scorer.addOpportunity(account.id, o);
        for (const c of account.cases) scorer.addCase(account.id, c);
        for (const u of account.usage) scorer.addUsage(account.id, u);
        for (const s of account.snapshots ?? []) scorer.addSnapshot(account.id, s);
    }
    const finished = scorer.finish();
    const round = (n: number) => Math.round(n * 100) / 100;
    const results = [...finished.results()].map((r: AccountResult) => ({
        id: r.accountId,
        score: r.score,
        modelScore: r.modelScore,
        composite: round(r.composite),
        band: `${r.band}${r.rawBand !== r.band ? ` (raw ${r.rawBand})` : ''} since ${r.bandSince}${r.bandChanged ? ' changed' : ''}`,
        subscores: r.subscores,
        coverage: r.coverage,
        caps: r.caps.map((c) => `${c.code} ${c.cap}${c.applied ? ' applied' : ''}: ${c.reason}`),
        criticalRisk: r.criticalRisk,
        trend: `${r.trend} ${r.change}${r.scoreDropAlert ? ' drop alert' : ''}`,
        lifecycle: r.lifecycle,
        expansion: r.expansionReasons,
        priority: r.attentionPriority,
        divergence: r.divergence?.code ?? null,
        dataQuality: r.dataQuality.map(
            (f) => `${f.code} ${f.value === undefined ? '' : round(f.value)}: ${f.message}`
        ),
        drivers: r.drivers.map((d) => `${d.points} ${d.code}: ${d.label}`),
        summary: r.summary,
        contacts: r.contacts.map((c) => `${c.score} ${c.band}${c.engaged ? ' engaged' : ''}: ${c.summary}`)
    }));
    return { inflation: finished.inflation, results };
}

describe('the default model, pinned', () => {
    it('scores the scenario portfolio exactly as committed (review the diff, then -u, after an intended change)', () => {
        expect(fingerprint(DEFAULT_MODEL_CONFIG)).toMatchSnapshot();
    });

    // Only the settings the engine's code reads (config.<key> in scripts/engine): others in the same table
    // belong to other parts (calibration to the backtest, snapshot retention to the sync) and their own tests.
    const engineSource = ['contact.ts', 'fold.ts', 'inflation.ts', 'portfolio.ts', 'score.ts']
        .map((file) => readFileSync(`${__dirname}/${file}`, 'utf8'))
        .join('\n');
    const numericKeys = MODEL_CONFIG_KEYS.filter(
        (key) =>
            typeof DEFAULT_MODEL_CONFIG[key] === 'number' &&
            new RegExp(`config\\.${key}\\b`).test(engineSource)
    );

    it('pins every numeric default the engine reads (90 of them)', () => {
        expect(numericKeys).toHaveLength(90);
        expect(numericKeys).toEqual(expect.arrayContaining(['halfLifeDays', 'capSlope', 'inflationDamping']));
    });

    // Zeroing or doubling any default must change what the scenario portfolio shows; otherwise that default
    // is not pinned by the snapshot above (add a scenario that exercises it). This checks the test suite, not
    // the engine, so mutation testing skips it (180 portfolio scorings per mutant would be wasted time).
    const base = process.env.STRYKER_MUTATOR_WORKER ? '' : JSON.stringify(fingerprint(DEFAULT_MODEL_CONFIG));
    const sensitivity = process.env.STRYKER_MUTATOR_WORKER ? it.skip.each(numericKeys) : it.each(numericKeys);
    sensitivity('%s: zeroed or doubled, the portfolio output changes', (key) => {
        const value = DEFAULT_MODEL_CONFIG[key] as number;
        for (const variant of [0, value * 2]) {
            let changed: string;
            try {
                changed = JSON.stringify(fingerprint({ ...DEFAULT_MODEL_CONFIG, [key]: variant }));
            } catch {
                changed = 'throws';
            }
            expect({ key, variant, changed: changed !== base }).toEqual({ key, variant, changed: true });
        }
    });
});
