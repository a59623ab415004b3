// Pins backtest.ts where the other fast tests do not reach (issue 13, mutation testing), on small hand-made data
// with a stub scorer: the metrics of one horizon (computed on the scored rows only, Unknown counted apart; the
// industry and size breakdown worked by hand), the plain logistic regression and the spreadsheet baseline beside
// the model on the later outcomes (docs/validation.md "Baselines"), the report's wiring and notes, the lead time
// checks and the point-in-time renewal date.
import {
    arrByBand,
    horizonMetrics,
    leadTimes,
    recordsBeforeOutcome,
    runBacktest,
    timeSplit,
    type BacktestRow,
    type ScoreAtDate,
    type Scorer,
    type TunableConfig
} from './backtest';
import { FEATURE_NAMES, spreadsheetScore } from './features';
import { addDays, attachRecords, extractOutcomes, type AccountRecords, type Outcome } from './history';
import { accountRecords, closedRenewal } from './fixtures';
import {
    accuracyAt,
    auc,
    aucDifference,
    aucStandardError,
    aucWithInterval,
    bottomDecileLift,
    calibrationTable,
    countOutcomes,
    renewalRateByBand,
    rocCurve
} from './metrics';
import { plattMapping } from './fit';
import { brierScore, calibrateScore, PART_SPECS, renewalProbability } from './learn';
import type { RawDataset } from './synthetic';

const config: TunableConfig = {
    version: 'stub-1',
    active: true,
    usageWeight: 35,
    relationshipWeight: 25,
    supportWeight: 20,
    commercialWeight: 20,
    greenThreshold: 70,
    redThreshold: 40
};
const NO_SUBSCORES = { usage: null, relationship: null, support: null, commercial: null };

/** score = active users of the latest usage period on or before the as-of date; Unknown without one */
const stub: Scorer<TunableConfig> = (records, asOf, c): ScoreAtDate => {
    const latest = [...records.usage]
        .filter((u) => String(u.Period_End__c) <= asOf)
        .sort((a, b) => String(a.Period_End__c).localeCompare(String(b.Period_End__c)))
        .pop();
    if (!latest) return { score: null, band: 'Unknown', subscores: NO_SUBSCORES };
    const score = Number(latest.Active_Users__c);
    const band = score >= c.greenThreshold ? 'Green' : score >= c.redThreshold ? 'Yellow' : 'Red';
    return { score, band, subscores: { ...NO_SUBSCORES, usage: score } };
};

/**
 * 40 accounts, one renewal each, every 9 days from 2025-01-10; usage predicts renewal with exceptions; every
 * fifth account has no usage before its outcome (Unknown); industries and ARR vary.
 */
function world(): RawDataset {
    const out: RawDataset = { Account: [], Opportunity: [], Product_Usage__c: [] };
    for (let i = 0; i < 40; i++) {
        const id = `001W${String(i).padStart(3, '0')}`;
        const date = addDays('2025-01-10', i * 9);
        const renewed = i % 4 !== 0 ? i % 7 !== 3 : i % 8 === 4;
        const users = renewed ? 45 + ((i * 13) % 50) : 20 + ((i * 17) % 45);
        out.Account!.push({
            Id: id,
            Name: `Account ${id}`,
            Industry: ['Finance', 'Retail', '', 'Software'][i % 4] as string,
            ARR__c: i % 6 === 0 ? null : 20_000 + ((i * 37_000) % 400_000)
        });
        out.Opportunity!.push(closedRenewal(id, date, renewed));
        if (i % 5 === 2) continue;
        for (const back of [150, 100, 45])
            out.Product_Usage__c!.push({
                Account__c: id,
                Period_Start__c: addDays(date, -back - 29),
                Period_End__c: addDays(date, -back),
                Active_Users__c: Math.max(0, users - (renewed ? 0 : (150 - back) / 5)),
                Licensed_Seats__c: 100,
                Key_Events__c: users * 10
            });
    }
    return out;
}

/**
 * 11 accounts, one renewal each every 10 days from 2025-03-01 (T0-T10), one usage period ending 45 days before
 * it (so seen 30 days before, not 90): [renewed, active users, licensed seats, the fitted scorer's shift].
 */
const TINY: [boolean, number, number, number][] = [
    [true, 80, 100, 0],
    [false, 30, 100, 0],
    [true, 60, 100, 0],
    [false, 50, 100, 0],
    [true, 40, 50, 0],
    [false, 20, 100, 0],
    [true, 70, 100, 0],
    [true, 90, 200, -20],
    [false, 60, 100, 0],
    [true, 50, 60, 30],
    [false, 40, 50, Number.NaN] // Unknown under the fitted configuration
];

function tiny(): RawDataset {
    const out: RawDataset = { Account: [], Opportunity: [], Product_Usage__c: [] };
    TINY.forEach(([renewed, users, seats], i) => {
        const id = `001T${i}`;
        const date = addDays('2025-03-01', i * 10);
        out.Account!.push({ Id: id, Name: id });
        out.Opportunity!.push(closedRenewal(id, date, renewed));
        out.Product_Usage__c!.push({
            Account__c: id,
            Period_Start__c: addDays(date, -74),
            Period_End__c: addDays(date, -45),
            Active_Users__c: users,
            Licensed_Seats__c: seats
        });
    });
    return out;
}

/** The stub; a configuration whose version starts "fitted" shifts each tiny account's score by its own amount. */
const shifted: Scorer<TunableConfig> = (records, asOf, c) => {
    const base = stub(records, asOf, c);
    if (!c.version.startsWith('fitted') || base.score === null) return base;
    const shift = TINY[Number(String(records.account.Id).slice(4))]![3];
    if (Number.isNaN(shift)) return { score: null, band: 'Unknown', subscores: NO_SUBSCORES };
    const score = base.score + shift;
    return {
        ...base,
        score,
        band: score >= c.greenThreshold ? 'Green' : score >= c.redThreshold ? 'Yellow' : 'Red'
    };
};

const outcome = (id: string, date: string, renewed: boolean): Outcome => ({
    accountId: id,
    date,
    renewed,
    source: 'renewal',
    recordId: `006${id}`
});
const row = (
    o: Outcome,
    horizonDays: number,
    score: number | null,
    band: string,
    features: (number | null)[] = FEATURE_NAMES.map(() => null)
): BacktestRow => ({
    outcome: o,
    horizonDays,
    asOf: addDays(o.date, -horizonDays),
    result: { score, band, subscores: NO_SUBSCORES },
    features
});

describe('horizonMetrics', () => {
    it('measures the scored rows of its horizon only, and counts the Unknown ones apart', () => {
        const o = (i: number, renewed: boolean) => outcome(`A${i}`, '2025-06-30', renewed);
        const rows = [
            row(o(1, true), 60, 90, 'Green'),
            row(o(2, true), 60, 75, 'Green'),
            row(o(3, false), 60, 72, 'Green'),
            row(o(4, true), 60, 55, 'Yellow'),
            row(o(5, false), 60, 35, 'Red'),
            row(o(6, false), 60, 20, 'Red'),
            row(o(7, true), 60, 50, 'Unknown'),
            row(o(8, false), 60, null, 'Unknown'),
            row(o(1, true), 90, 10, 'Red')
        ];
        const accounts = new Map<string, AccountRecords>(
            (
                [
                    ['A1', 'Finance', 300_000],
                    ['A2', 'Finance', 40_000],
                    ['A3', 'Finance', 100_000],
                    ['A4', 'Retail', null],
                    ['A5', '', 40_000],
                    ['A6', 'Retail', 60_000]
                ] as [string, string, number | null][]
            ).map(([id, industry, arr]) => [id, accountRecords({ Id: id, Industry: industry, ARR__c: arr })])
        );
        const h = horizonMetrics(rows, 60, 40, accounts, 70);
        const scores = [90, 75, 72, 55, 35, 20];
        const renewed = [true, true, false, true, false, false];
        expect(h.horizonDays).toBe(60);
        expect(h.counts).toEqual(countOutcomes(renewed));
        expect(h.unknown).toBe(2);
        expect(h.auc).toBeCloseTo(8 / 9, 12); // of 9 renewal-loss pairs only 55 < 72 is misordered
        expect(h.auc).toBe(auc(scores, renewed));
        expect(h.aucStandardError).toBe(aucStandardError(h.auc, 3, 3));
        expect(h.aucInterval).toEqual(aucWithInterval(scores, renewed));
        const nullFeatures = scores.map(() => spreadsheetScore(FEATURE_NAMES.map(() => null)));
        expect(h.spreadsheetAuc).toEqual(aucWithInterval(nullFeatures, renewed));
        expect(h.versusSpreadsheet).toEqual(aucDifference(scores, nullFeatures, renewed));
        expect(h.roc).toEqual(rocCurve(scores, renewed));
        expect(h.accuracy).toEqual(accuracyAt(scores, renewed, 40));
        expect(h.accuracy).not.toEqual(accuracyAt(scores, renewed, 70));
        expect(h.bands).toEqual(
            renewalRateByBand([
                ...scores.map((score, i) => ({
                    score,
                    renewed: renewed[i] as boolean,
                    band: rows[i]!.result.band
                })),
                { score: 50, renewed: true, band: 'Unknown' },
                { score: Number.NaN, renewed: false, band: 'Unknown' }
            ])
        );
        expect(h.lift).toEqual(bottomDecileLift(scores, renewed));
        expect(h.calibration).toEqual(calibrationTable(scores, renewed, plattMapping(scores, renewed)));
        // ARR per band over every row of the horizon (Unknown too), accounts without ARR or record left out
        expect(h.arrBands).toEqual([
            { band: 'Green', arr: 440_000, arrRenewed: 340_000, arrRenewalRate: 340_000 / 440_000 },
            { band: 'Red', arr: 100_000, arrRenewed: 0, arrRenewalRate: 0 }
        ]);
        // industry then size, each by number of outcomes (ties in order of appearance); Green from 70
        expect(h.segments).toEqual([
            {
                kind: 'industry',
                name: 'Finance',
                outcomes: 3,
                lost: 1,
                renewalRate: 2 / 3,
                auc: 1,
                greenRenewalRate: 2 / 3
            },
            {
                kind: 'industry',
                name: 'Retail',
                outcomes: 2,
                lost: 1,
                renewalRate: 0.5,
                auc: 1,
                greenRenewalRate: Number.NaN
            },
            {
                kind: 'industry',
                name: '(no industry)',
                outcomes: 1,
                lost: 1,
                renewalRate: 0,
                auc: auc([35], [false]),
                greenRenewalRate: Number.NaN
            },
            {
                kind: 'size',
                name: 'ARR < 50k',
                outcomes: 2,
                lost: 1,
                renewalRate: 0.5,
                auc: 1,
                greenRenewalRate: 1
            },
            {
                kind: 'size',
                name: 'ARR 50k-250k',
                outcomes: 2,
                lost: 2,
                renewalRate: 0,
                auc: auc([72, 20], [false, false]),
                greenRenewalRate: 0
            },
            {
                kind: 'size',
                name: 'ARR >= 250k',
                outcomes: 1,
                lost: 0,
                renewalRate: 1,
                auc: auc([90], [true]),
                greenRenewalRate: 1
            },
            {
                kind: 'size',
                name: 'ARR unknown',
                outcomes: 1,
                lost: 0,
                renewalRate: 1,
                auc: auc([55], [true]),
                greenRenewalRate: Number.NaN
            }
        ]);
    });

    it('with one kind of outcome, calibrates every score to that outcome', () => {
        const rows = [60, 40].map((score, i) =>
            row(outcome(`B${i}`, '2025-06-30', true), 30, score, 'Yellow')
        );
        const h = horizonMetrics(rows, 30, 40);
        expect(h.calibration).toEqual(calibrationTable([60, 40], [true, true], () => 1));
        const lost = [60, 40].map((score, i) =>
            row(outcome(`B${i}`, '2025-06-30', false), 30, score, 'Yellow')
        );
        expect(horizonMetrics(lost, 30, 40).calibration).toEqual(
            calibrationTable([60, 40], [false, false], () => 0)
        );
        // without accounts every outcome is in "(no industry)" and "ARR unknown"; Green from 70 by default
        expect(h.segments.map((s) => [s.name, s.outcomes, s.greenRenewalRate])).toEqual([
            ['(no industry)', 2, Number.NaN],
            ['ARR unknown', 2, Number.NaN]
        ]);
        const green = [80, 70, 69].map((score, i) =>
            row(outcome(`G${i}`, '2025-06-30', i !== 1), 30, score, 'Green')
        );
        expect(horizonMetrics(green, 30, 40).segments[0]?.greenRenewalRate).toBe(0.5);
    });
});

describe('runBacktest on a small world', () => {
    it('reports every horizon as horizonMetrics of its rows, and the outcome counts', () => {
        const dataset = world();
        const run = runBacktest({ dataset, scorer: stub, config, horizons: [30, 90], leadTime: false });
        const { accounts } = attachRecords(dataset);
        expect(run.report.horizons).toEqual(
            [30, 90].map((h) =>
                horizonMetrics(run.rows, h, config.redThreshold, accounts, config.greenThreshold)
            )
        );
        expect(run.report.horizons[0]!.unknown).toBe(8);
        // the later 12 outcomes (accounts 28-39), 10 with usage (not 32, 37): 8 renew, 31 and 38 do not
        expect(run.report.comparison!.horizons.map((h) => [h.horizonDays, h.renewed, h.lost])).toEqual([
            [30, 8, 2],
            [90, 8, 2]
        ]);
        expect(run.rows).toHaveLength(80);
        expect(run.report.modelVersion).toBe('stub-1');
        expect(run.report.thresholds).toEqual({ redThreshold: 40, greenThreshold: 70 });
        const extraction = extractOutcomes(accounts);
        expect(run.report.outcomes).toEqual({
            total: 40,
            renewalsWon: extraction.renewalsWon,
            renewalsLost: extraction.renewalsLost,
            churns: 0,
            duplicatesMerged: 0
        });
        expect(run.report.title).toBe('Account health backtest');
        expect(run.report.source).toBe('data set');
        expect(run.report.generatedOn).toBe('');
        expect(run.report.notes).toEqual([
            'Current-state Account fields (days past due, ARR, renewal date, the stored health fields) are not dated, so the backtest never uses them to score; the qualitative overlay counts only when it was reviewed on or before the as-of date. ARR only weights and groups the results. Before a renewal outcome the contract ran until that renewal, so the account is scored with the outcome date as its renewal date (the same for renewed and lost).',
            'Each outcome is scored 30 and 90 days before its date, so nothing dated on the outcome date itself (the renewal closing, the churn) is seen.'
        ]);
        const titled = runBacktest({
            dataset,
            scorer: stub,
            config,
            horizons: [30],
            leadTime: false,
            title: 'T',
            source: 'S',
            generatedOn: '2026-12-02'
        });
        expect([titled.report.title, titled.report.source, titled.report.generatedOn]).toEqual([
            'T',
            'S',
            '2026-12-02'
        ]);
        // the default horizons
        expect(
            runBacktest({ dataset, scorer: stub, config, leadTime: false }).report.horizons.map(
                (h) => h.horizonDays
            )
        ).toEqual([60, 90]);
    });

    it('says when there are no outcomes, and reports progress after each scoring', () => {
        const dataset: RawDataset = { Account: [{ Id: '001X', Name: 'X' }] };
        const progress: [number, number][] = [];
        const run = runBacktest({ dataset, scorer: stub, config, horizons: [30] });
        expect(run.report.notes[0]).toBe(
            'No outcomes found: the backtest needs closed renewal opportunities (Type containing "Renewal") or Account.Churned_On__c dates.'
        );
        runBacktest({
            dataset: world(),
            scorer: stub,
            config,
            horizons: [30, 90],
            leadTime: false,
            onProgress: (done, total) => progress.push([done, total])
        });
        expect(progress).toHaveLength(80);
        expect(progress[0]).toEqual([1, 80]);
        expect(progress[79]).toEqual([80, 80]);
    });

    it('compares the model with the plain regression and the spreadsheet on the outcomes after the split', () => {
        const run = runBacktest({
            dataset: tiny(),
            scorer: shifted,
            config,
            horizons: [30, 90],
            leadTime: false
        });
        const comparison = run.report.comparison!;
        // 11 outcomes: the first 7 (to T6) train, the split is T7's date
        expect(comparison).toMatchObject({
            splitDate: '2025-05-10',
            trainOutcomes: 7,
            testOutcomes: 4,
            features: [...FEATURE_NAMES],
            warnings: []
        });
        // only utilisation varies (every account: no activity, case or win, its renewal open), and it tells the
        // training renewals (0.8, 0.6, 0.8, 0.7) from the losses (0.3, 0.5, 0.2): a positive weight, 0 elsewhere
        const coefficients = comparison.plainCoefficients!;
        expect(coefficients.utilisation).toBeGreaterThan(0.5);
        expect(Object.entries(coefficients).filter(([name]) => name !== 'utilisation')).toEqual(
            FEATURE_NAMES.filter((name) => name !== 'utilisation').map((name) => [name, 0])
        );
        expect(comparison.horizons.map((h) => h.horizonDays)).toEqual([30, 90]);
        const [h30, h90] = comparison.horizons;
        // later, 30 days before: renewals T7 (90 users of 200 seats) and T9 (50 of 60), losses T8 (60 of 100)
        // and T10 (40 of 50). By users (the model): 90 beats both, 50 beats 40 only -> 3/4. By utilisation
        // (0.45, 0.83 against 0.6, 0.8: the spreadsheet and the regression both rank by it): 0.83 beats both -> 1/2.
        expect([h30!.renewed, h30!.lost]).toEqual([2, 2]);
        expect(h30!.models.map((m) => [m.name, m.label, m.auc.estimate])).toEqual([
            ['default', 'model (current configuration)', 0.75],
            ['plain', 'plain logistic regression', 0.5],
            ['spreadsheet', 'equal-weight spreadsheet', 0.5]
        ]);
        const model = h30!.models[0]!.auc;
        expect(model.low).toBeLessThan(0.75);
        expect(model.high).toBe(1);
        expect(h30!.differences.map((d) => [d.a, d.b, d.difference.estimate])).toEqual([
            ['default', 'plain', 0.25],
            ['default', 'spreadsheet', 0.25]
        ]);
        // 90 days before, no usage period had ended yet: every scoring is Unknown, nothing to compare
        expect([h90!.renewed, h90!.lost]).toEqual([0, 0]);
        expect(h90!.models.map((m) => m.auc.estimate)).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    });

    it('trains no plain regression without both kinds of outcome before the split', () => {
        const dataset = world();
        for (const opportunity of dataset.Opportunity ?? [])
            if (String(opportunity.CloseDate) < addDays('2025-01-10', 28 * 9)) opportunity.IsWon = true;
        const comparison = runBacktest({ dataset, scorer: stub, config, horizons: [30], leadTime: false })
            .report.comparison!;
        expect(comparison.plainCoefficients).toBeNull();
        expect(comparison.horizons).toEqual([]);
        expect(comparison.warnings).toEqual([
            'No plain logistic regression: the training period needs both renewals and losses.'
        ]);
        expect(comparison.trainOutcomes).toBe(28);
        const one = runBacktest({
            dataset: { Account: world().Account!.slice(0, 1), Opportunity: world().Opportunity!.slice(0, 1) },
            scorer: stub,
            config,
            horizons: [30],
            leadTime: false
        }).report.comparison!;
        expect(one).toMatchObject({
            splitDate: 'n/a',
            trainOutcomes: 0,
            testOutcomes: 0,
            plainCoefficients: null
        });
    });
});

describe('lead time and the point-in-time renewal date', () => {
    it('checks every 15 days from 180 days before a loss down to the shortest horizon, and stops at the first Red', () => {
        const asOfs: string[] = [];
        const redFrom = '2025-03-01';
        const scorer: Scorer<TunableConfig> = (records, asOf) => {
            asOfs.push(asOf);
            return { score: 0, band: asOf >= redFrom ? 'Red' : 'Yellow', subscores: NO_SUBSCORES };
        };
        const records = accountRecords({ Id: 'L1', Name: 'L' });
        const loss = outcome('L1', '2025-06-30', false);
        const leads = leadTimes(
            new Map([['L1', records]]),
            [loss, outcome('L1', '2025-06-30', true)],
            60,
            scorer,
            config
        );
        expect([...leads.values()]).toEqual([120]); // 2025-03-02 is 120 days before, the first check on or after 03-01
        expect(asOfs).toEqual([180, 165, 150, 135, 120].map((d) => addDays('2025-06-30', -d)));
        asOfs.length = 0;
        const never = leadTimes(
            new Map([['L1', records]]),
            [outcome('L1', '2025-02-01', false)],
            60,
            scorer,
            config
        );
        expect([...never.values()]).toEqual([null]);
        expect(asOfs).toEqual(
            [180, 165, 150, 135, 120, 105, 90, 75, 60].map((d) => addDays('2025-02-01', -d))
        );
        // an outcome of an account the data set does not have is skipped
        expect(leadTimes(new Map(), [loss], 60, scorer, config).size).toBe(0);
    });

    it('scores a renewal with the renewal as the running contract only before it, and a churn without', () => {
        const records = accountRecords({ Id: 'R1', Name: 'R', Renewal_Date__c: '2027-01-01' });
        const renewal = outcome('R1', '2025-06-30', true);
        expect(recordsBeforeOutcome(records, renewal, '2025-05-01').account.Renewal_Date__c).toBe(
            '2025-06-30'
        );
        expect(
            recordsBeforeOutcome(records, renewal, '2025-06-30').account.Renewal_Date__c ?? null
        ).toBeNull();
        const churn: Outcome = { ...renewal, source: 'churn', renewed: false };
        expect(recordsBeforeOutcome(records, churn, '2025-05-01').account.Renewal_Date__c ?? null).toBeNull();
    });
});

describe('the fit compared on the held-out outcomes', () => {
    it('scores the later outcomes with both models and measures each on the same scorings', () => {
        const run = runBacktest({
            dataset: tiny(),
            scorer: shifted,
            config,
            horizons: [30, 90],
            fit: true,
            fittedOn: '2026-12-02',
            leadTime: false
        });
        const fit = run.report.fit!;
        const fitted = run.fittedConfig!;
        // the training outcomes T0-T6, the held-out T7-T10
        expect(fit).toMatchObject({
            splitDate: '2025-05-10',
            trainOutcomes: 7,
            testOutcomes: 4,
            modelVersion: 'fitted-2026-12-02',
            defaultWeights: { usage: 35, relationship: 25, support: 20, commercial: 20 },
            // the stub has no drivers: nothing to re-weight, nothing to search without key rules
            fittedWeights: { usage: 35, relationship: 25, support: 20, commercial: 20 },
            search: [],
            currentThresholds: { redThreshold: 40, greenThreshold: 70 },
            files: [],
            recommended: false
        });
        expect(fitted).toMatchObject({ version: 'fitted-2026-12-02', active: false, usageWeight: 35 });
        // thresholds from the fitted scores of the 7 scored training rows (30 days; the 90-day ones are Unknown):
        // renewals 80 60 40 70, losses 30 50 20. Too few for a Green cut (at least 10 outcomes): Green kept;
        // Red below 51, the lowest cut under 60 that flags all three losses and one renewal (J = 1 - 1/4)
        expect(fit.thresholds).toEqual({
            redThreshold: 51,
            greenThreshold: 70,
            greenFound: false,
            margin: null,
            notes: [
                'No threshold gave a top band renewing at 90% or more with enough accounts; Green kept at 70.',
                'Red below 51: at least 10 points under Green, the cut that best separates losses from renewals in the training period (Youden J 0.75).'
            ]
        });
        expect([fitted.redThreshold, fitted.greenThreshold]).toEqual([51, 70]);
        const trainScores = [80, 30, 60, 50, 40, 20, 70];
        const trainRenewed = [true, false, true, false, true, false, true];
        expect(fit.calibration).toEqual(calibrateScore(trainScores, trainRenewed));
        expect(fit.calibration!.slope).toBeGreaterThan(0);
        expect(fit.parts).toEqual(
            PART_SPECS.map((spec) => ({
                part: spec.key,
                coefficient: Number.NaN,
                relativeWeight: 1,
                keptPrior: true
            }))
        );
        expect(fit.warnings).toEqual([
            // outcomes, not rows: 4 and 3 before the split, 2 and 2 after (T10 counts though it turns Unknown)
            'Training period: Only 4 renewals (fewer than 100): the metrics are noisy; add more history before acting on them.',
            'Training period: Only 3 losses/churns (fewer than 100): the metrics are noisy; add more history before acting on them.',
            'Held-out period: Only 2 renewals (fewer than 100): the metrics are noisy; add more history before acting on them.',
            'Held-out period: Only 2 losses/churns (fewer than 100): the metrics are noisy; add more history before acting on them.',
            'No part of the score predicted renewal in the training period: the part weights are kept.',
            // T10 is Unknown under the fitted configuration 30 days before (at 90 days it was already Unknown)
            '1 held-out scorings turn Unknown under the fitted weights (coverage below 50%: the fitted weights rest on dimensions those accounts have no data for); the held-out comparison is measured on the others only.'
        ]);
        expect(fit.notes).toEqual([
            'The configuration has no calibration fields: the renewal-probability mapping is reported here only.',
            // the 90-day horizon has nothing to compare
            'The fitted model does not beat the current one by more than the 95% interval at every horizon: keep the current model (the files are written for review).'
        ]);
        // held out 30 days before, on T7 T8 T9 (T10 turned Unknown): by default renewals 90, 50 and loss 60 ->
        // 1/2; fitted (T7 -20, T9 +30) renewals 70, 80 and loss 60 -> 1; the regression ranks by utilisation
        // (0.45 under 0.6, 0.83 over it) -> 1/2
        const [h30, h90] = fit.heldOut;
        expect(h30).toMatchObject({
            horizonDays: 30,
            renewed: 2,
            lost: 1,
            turnedUnknown: 1,
            defaultAuc: 0.5,
            fittedAuc: 1,
            defaultInterval: { estimate: 0.5 },
            fittedInterval: { estimate: 1 },
            plainInterval: { estimate: 0.5 },
            fittedVsDefault: { estimate: 0.5 },
            fittedVsPlain: { estimate: 0.5 },
            brier: brierScore(
                [70, 60, 80].map((score) => renewalProbability(fit.calibration!, score)),
                [true, false, true]
            ),
            // default: Green 90 (renewed); Yellow 60 (lost), 50 (renewed). Fitted: Green 70 and 80, Yellow 60
            defaultBands: [
                { band: 'Green', count: 1, renewed: 1, renewalRate: 1 },
                { band: 'Yellow', count: 2, renewed: 1, renewalRate: 0.5 }
            ],
            fittedBands: [
                { band: 'Green', count: 2, renewed: 2, renewalRate: 1 },
                { band: 'Yellow', count: 1, renewed: 0, renewalRate: 0 }
            ]
        });
        // Wilson's 95% interval for n of n renewed runs from n / (n + 1.96^2) to 1
        expect(h30!.defaultGreen).toEqual({
            count: 1,
            renewed: 1,
            renewalRate: { estimate: 1, low: expect.closeTo(1 / (1 + 1.96 ** 2), 12), high: 1 },
            shareOfRenewals: 0.5
        });
        expect(h30!.fittedGreen).toEqual({
            count: 2,
            renewed: 2,
            renewalRate: { estimate: 1, low: expect.closeTo(2 / (2 + 1.96 ** 2), 12), high: 1 },
            shareOfRenewals: 1
        });
        expect(h30!.defaultRoc).toEqual(rocCurve([90, 60, 50], [true, false, true]));
        expect(h30!.fittedRoc).toEqual(rocCurve([70, 60, 80], [true, false, true]));
        expect(h90).toMatchObject({
            horizonDays: 90,
            renewed: 0,
            lost: 0,
            turnedUnknown: 0,
            defaultAuc: Number.NaN,
            defaultBands: [],
            fittedGreen: { count: 0, renewed: 0, shareOfRenewals: Number.NaN }
        });
    });

    it('does not fit without both kinds of outcome before the split, and says so', () => {
        const dataset = world();
        for (const opportunity of dataset.Opportunity ?? [])
            if (String(opportunity.CloseDate) < addDays('2025-01-10', 28 * 9)) opportunity.IsWon = true;
        const run = runBacktest({
            dataset,
            scorer: stub,
            config,
            horizons: [30],
            fit: true,
            leadTime: false
        });
        expect(run.fittedConfig).toBeUndefined();
        const fit = run.report.fit!;
        expect(fit.warnings).toEqual([
            'Not enough outcomes over time to fit: the training period needs both renewals and losses.'
        ]);
        expect(fit).toMatchObject({
            splitDate: addDays('2025-01-10', 28 * 9),
            trainOutcomes: 28,
            testOutcomes: 12,
            defaultWeights: { usage: 35, relationship: 25, support: 20, commercial: 20 },
            fittedWeights: { usage: 35, relationship: 25, support: 20, commercial: 20 },
            parts: [],
            search: [],
            calibration: null,
            thresholds: { redThreshold: 40, greenThreshold: 70, notes: [] },
            currentThresholds: { redThreshold: 40, greenThreshold: 70 },
            heldOut: [],
            recommended: false,
            modelVersion: 'stub-1',
            files: [],
            notes: []
        });
    });
});

describe('the report around the metrics', () => {
    /** [id, industry, ARR__c, renewed, Red from this many days before the outcome on (null: never)] */
    const ACCOUNTS: [string, string | undefined, unknown, boolean, number | null][] = [
        ['R0', 'Finance', ' ', true, null], // a blank ARR cell
        ['R1', undefined, 250_000, false, 180],
        ['R2', 'Retail', 50_000, true, 30],
        ['R3', 'Retail', 'n/a', false, 100],
        ['R4', 'Finance', 49_999, false, null],
        ['R5', 'Finance', '120000', false, 40]
    ];
    const redFrom = new Map(ACCOUNTS.map(([id, , , , red]) => [id, red]));
    const dayMs = 86_400_000;
    /** Red (20) from its account's day on, else Green (80); the outcome date is the running contract's end */
    const scorer: Scorer<TunableConfig> = (records, asOf) => {
        const before = (Date.parse(String(records.account.Renewal_Date__c)) - Date.parse(asOf)) / dayMs;
        const red = redFrom.get(String(records.account.Id));
        return red !== null && red !== undefined && before <= red
            ? { score: 20, band: 'Red', subscores: NO_SUBSCORES }
            : { score: 80, band: 'Green', subscores: NO_SUBSCORES };
    };
    function dataset(): RawDataset {
        return {
            Account: ACCOUNTS.map(([id, industry, arr]) => ({
                Id: id,
                ...(id === 'R3' ? {} : { Name: `Account ${id}` }),
                ...(industry === undefined ? {} : { Industry: industry }),
                ARR__c: arr as string,
                ...(id === 'R4' ? { Customer_Key__c: 'CUST-4' } : {})
            })),
            Opportunity: ACCOUNTS.map(([id, , , renewed], i) => ({
                Id: `006${id}`,
                AccountId: id,
                Type: 'Renewal',
                IsClosed: true,
                IsWon: renewed,
                CloseDate: addDays('2025-06-01', i * 5),
                CreatedDate: '2024-01-01'
            })),
            Case: [{ Id: '500X', AccountId: 'nope', Subject: 'x', CreatedDate: '2025-01-01' }],
            Product_Usage__c: [
                { Account__c: 'nope', Period_Start__c: '2025-01-01', Period_End__c: '2025-01-31' },
                { Account__c: 'gone', Period_Start__c: '2025-02-01', Period_End__c: '2025-02-28' },
                { Customer_Key__c: 'cust-4', Period_Start__c: '2025-01-01', Period_End__c: '2025-01-31' },
                { Customer_Key__c: 'CUST-4', Period_Start__c: '2025-02-01', Period_End__c: '2025-02-28' }
            ],
            Health_Override__c: [
                {
                    Id: 'a0O1',
                    Account__c: 'R2',
                    Type__c: 'Floor',
                    Score__c: 70,
                    Reason__c: 'exec sponsor',
                    Starts_On__c: '2025-01-01',
                    Expires_On__c: '2025-12-31'
                }
            ]
        };
    }

    it('lists every outcome with its scores, size and lead time, and summarises the lead times', () => {
        const run = runBacktest({ dataset: dataset(), scorer, config, horizons: [60, 30] });
        const row = (
            i: number,
            name: string,
            arr: number | null,
            industry: string | null,
            size: string,
            at60: number,
            at30: number,
            leadTimeDays: number | null
        ) => {
            const [id, , , renewed] = ACCOUNTS[i]!;
            const band = (score: number) => (score === 80 ? 'Green' : 'Red');
            return {
                accountId: id,
                name,
                outcomeDate: addDays('2025-06-01', i * 5),
                renewed,
                source: 'renewal',
                arr,
                industry,
                size,
                scores: { '60': { score: at60, band: band(at60) }, '30': { score: at30, band: band(at30) } },
                leadTimeDays
            };
        };
        expect(run.report.accounts).toEqual([
            row(0, 'Account R0', null, 'Finance', 'ARR unknown', 80, 80, null),
            row(1, 'Account R1', 250_000, null, 'ARR >= 250k', 20, 20, 180),
            // Red 30 days before, but it renewed: no lead time
            row(2, 'Account R2', 50_000, 'Retail', 'ARR 50k-250k', 80, 20, null),
            // Red from 100 days before: the first check at or under it is 90 days before
            row(3, '', null, 'Retail', 'ARR unknown', 20, 20, 90),
            row(4, 'Account R4', 49_999, 'Finance', 'ARR < 50k', 80, 80, null),
            // Red from 40 days before: only the last check, at the shortest horizon (30), sees it
            row(5, 'Account R5', 120_000, 'Finance', 'ARR 50k-250k', 80, 20, 30)
        ]);
        // four losses, three turned Red: 30, 90, 180 days before; the median is 90, two of them 90 days or more
        expect(run.report.leadTime).toEqual({
            windowDays: 180,
            stepDays: 15,
            shortestHorizon: 30,
            losses: 4,
            flaggedRed: 3,
            medianDays: 90,
            redAtLeast90Days: 2
        });
        // the blank and the unreadable ARR are unknown, not 0
        const h30 = run.report.horizons.find((h) => h.horizonDays === 30)!;
        expect(h30.segments.map((s) => [s.kind, s.name, s.outcomes])).toEqual([
            ['industry', 'Finance', 3],
            ['industry', 'Retail', 2],
            ['industry', '(no industry)', 1],
            ['size', 'ARR unknown', 2],
            ['size', 'ARR 50k-250k', 2],
            ['size', 'ARR >= 250k', 1],
            ['size', 'ARR < 50k', 1]
        ]);
        // 30 days before: Green R0 (no ARR) and R4 (lost); Red R1, R2 (renewed), R3 (no ARR), R5
        expect(h30.arrBands).toEqual([
            { band: 'Green', arr: 49_999, arrRenewed: 0, arrRenewalRate: 0 },
            { band: 'Red', arr: 420_000, arrRenewed: 50_000, arrRenewalRate: 50_000 / 420_000 }
        ]);
        // an even number flagged: the lower middle
        const two = runBacktest({
            dataset: {
                ...dataset(),
                Opportunity: dataset().Opportunity!.filter((o) => o.AccountId !== 'R5')
            },
            scorer,
            config,
            horizons: [30]
        });
        expect(two.report.leadTime).toMatchObject({
            losses: 3,
            flaggedRed: 2,
            medianDays: 90,
            redAtLeast90Days: 2
        });
    });

    it('shows a blank Industry cell as no industry in the account row, as the breakdown does', () => {
        // a CSV export reads an empty Industry cell as ''; a cell of spaces is as blank
        const blank = dataset();
        blank.Account = (blank.Account ?? []).map((account) =>
            account.Id === 'R0'
                ? { ...account, Industry: '' }
                : account.Id === 'R4'
                  ? { ...account, Industry: '  ' }
                  : account
        );
        const run = runBacktest({ dataset: blank, scorer, config, horizons: [60, 30] });
        expect(run.report.accounts.map((row) => [row.accountId, row.industry])).toEqual([
            ['R0', null],
            ['R1', null],
            ['R2', 'Retail'],
            ['R3', 'Retail'],
            ['R4', null],
            ['R5', 'Finance']
        ]);
        const h30 = run.report.horizons.find((h) => h.horizonDays === 30)!;
        expect(h30.segments.filter((s) => s.kind === 'industry').map((s) => [s.name, s.outcomes])).toEqual([
            ['(no industry)', 3],
            ['Retail', 2],
            ['Finance', 1]
        ]);
    });

    it('says what it could not attach, what matched only ignoring case, and which outcomes an override touched', () => {
        const run = runBacktest({ dataset: dataset(), scorer, config, horizons: [60, 30], leadTime: false });
        expect(run.report.notes.slice(2)).toEqual([
            '3 records could not be attached to an account of the data set and were left out: Case 1, Product_Usage__c 2.',
            "1 usage rows matched their account's Customer_Key__c only when letter case is ignored; they were attached, as Salesforce matches an External ID that is not case-sensitive.",
            '1 manual override(s) (Health_Override__c) in the data set: the backtest scores the model without them; 2 outcome row(s) on 1 account(s) were scored while an override was active (listed under "overrides" in the JSON report).'
        ]);
        expect(run.report.notes[1]).toBe(
            'Each outcome is scored 60 and 30 days before its date, so nothing dated on the outcome date itself (the renewal closing, the churn) is seen.'
        );
        expect(run.report.overrides).toMatchObject({ records: 1, accounts: 1 });
        expect(run.report.overrides!.rows.map((r) => [r.accountId, r.horizonDays])).toEqual([
            ['R2', 60],
            ['R2', 30]
        ]);
        // without them: none of the three notes, no overrides entry, no lead time
        const clean = runBacktest({
            dataset: { Account: dataset().Account!, Opportunity: dataset().Opportunity! },
            scorer,
            config,
            horizons: [30],
            leadTime: false
        });
        expect(clean.report.notes).toHaveLength(2);
        expect(clean.report.overrides).toBeUndefined();
        expect(clean.report.leadTime).toMatchObject({ losses: 0, flaggedRed: 0, medianDays: null });
        expect(clean.report.accounts.every((a) => a.leadTimeDays === null)).toBe(true);
    });

    it('refuses horizons that would see the outcome, naming them', () => {
        const run = (horizons: number[]) => () =>
            runBacktest({ dataset: dataset(), scorer, config, horizons, leadTime: false });
        expect(run([])).toThrow('at least one horizon is needed');
        for (const bad of [0, -30, 1.5])
            expect(run([30, bad])).toThrow(
                `horizon ${bad} is not allowed: a horizon is a whole number of days of at least 1 (at 0 the backtest would see the outcome itself)`
            );
        expect(run([1]).call(null).rows).toHaveLength(6);
    });
});

describe('the fit: what it writes and when it recommends', () => {
    it('writes the calibration into a configuration that has the fields, validates it, and names its coverage', () => {
        const withFields = {
            ...config,
            calibrationIntercept: 0,
            calibrationSlope: 1,
            minCoveragePercent: 60
        };
        const validated: (typeof withFields)[] = [];
        const run = runBacktest({
            dataset: tiny(),
            scorer: shifted,
            config: withFields,
            horizons: [30, 90],
            fit: true,
            fittedOn: '2026-12-02',
            leadTime: false,
            validateConfig: (c) => {
                validated.push(c);
                return { ...c, version: `${c.version}-checked` };
            }
        });
        const fit = run.report.fit!;
        const fitted = run.fittedConfig!;
        // the calibration of the training scores 80 30 60 50 40 20 70, to two decimals, in the deployed fields
        const calibration = calibrateScore(
            [80, 30, 60, 50, 40, 20, 70],
            [true, false, true, false, true, false, true]
        );
        expect(fit.calibration).toEqual(calibration);
        expect(fitted.calibrationIntercept).toBeCloseTo(calibration.intercept, 2);
        expect(fitted.calibrationSlope).toBeCloseTo(calibration.slope, 2);
        expect(Math.round(fitted.calibrationSlope * 100)).toBe(fitted.calibrationSlope * 100);
        expect(fit.notes).not.toContain(
            'The configuration has no calibration fields: the renewal-probability mapping is reported here only.'
        );
        // the written configuration is the validated one, and the held-out scoring uses it
        expect(fitted.version).toBe('fitted-2026-12-02-checked');
        expect(fit.modelVersion).toBe('fitted-2026-12-02-checked');
        expect(validated.at(-1)).toMatchObject({ version: 'fitted-2026-12-02', redThreshold: 51 });
        expect(fit.warnings.at(-1)).toBe(
            '1 held-out scorings turn Unknown under the fitted weights (coverage below 60%: the fitted weights rest on dimensions those accounts have no data for); the held-out comparison is measured on the others only.'
        );
    });

    it('recommends the fitted model when it beats the current one beyond the interval at every horizon', () => {
        // world() with every even account renewing: the current configuration ranks by the account number
        // modulo 3 (nothing to do with renewal), the fitted one knows how each renewal ends; the accounts without
        // usage stay Unknown under both
        const dataset = world();
        dataset.Opportunity!.forEach((o, i) => (o.IsWon = i % 2 === 0));
        const knowing: Scorer<TunableConfig> = (records, asOf, c) => {
            const base = stub(records, asOf, c);
            if (base.score === null) return base;
            const i = Number(String(records.account.Id).slice(-3));
            const score = c.version.startsWith('fitted') ? (i % 2 === 0 ? 90 : 10) : 50 + (i % 3);
            return { ...base, score, band: score >= 70 ? 'Green' : score >= 40 ? 'Yellow' : 'Red' };
        };
        const run = runBacktest({
            dataset,
            scorer: knowing,
            config,
            horizons: [30, 90],
            fit: true,
            leadTime: false
        });
        const fit = run.report.fit!;
        // the later 12 outcomes (accounts 28-39), 10 with usage (not 32, 37): 28 30 34 36 38 renew, 29 31 33 35 39 not
        expect(fit.heldOut.map((h) => [h.horizonDays, h.renewed, h.lost, h.fittedAuc])).toEqual([
            [30, 5, 5, 1],
            [90, 5, 5, 1]
        ]);
        expect(fit.heldOut.every((h) => h.fittedVsDefault.low > 0)).toBe(true);
        expect(fit.recommended).toBe(true);
        expect(fit.heldOut.map((h) => h.turnedUnknown)).toEqual([0, 0]);
        expect(fit.warnings.filter((w) => w.includes('turn Unknown'))).toEqual([]);
        expect(fit.notes.at(-1)).toBe(
            'The fitted model beats the current one on the held-out outcomes by more than the 95% interval at every horizon: worth deploying.'
        );
        // 160 days before, no usage period had ended: nothing measured there, so no recommendation
        const partly = runBacktest({
            dataset,
            scorer: knowing,
            config,
            horizons: [30, 160],
            fit: true,
            leadTime: false
        }).report.fit!;
        expect(partly.heldOut[0]!.fittedVsDefault.low).toBeGreaterThan(0);
        expect(partly.heldOut[1]!.renewed + partly.heldOut[1]!.lost).toBe(0);
        expect(partly.recommended).toBe(false);
        // the outcomes' last date names the fitted version without fittedOn
        expect(fit.modelVersion).toBe(`fitted-${addDays('2025-01-10', 39 * 9)}`);
    });
});

describe('the time split and the periods it cannot make', () => {
    const at = (...dates: string[]) => dates.map((date, i) => outcome(`S${i}`, date, i % 2 === 0));

    it('splits at the first date of the later share, in date order, keeping one date on one side', () => {
        expect(timeSplit([], 0.7)).toEqual({ splitDate: null });
        expect(timeSplit(at('2025-01-01'), 0.7)).toEqual({ splitDate: null });
        expect(timeSplit(at('2025-03-01', '2025-01-01'), 0.7)).toEqual({ splitDate: '2025-03-01' });
        // unsorted: 10 dates, the 8th (index 7) starts the later share
        const dates = ['05', '01', '09', '03', '07', '02', '10', '04', '08', '06'].map((d) => `2025-01-${d}`);
        expect(timeSplit(at(...dates), 0.7)).toEqual({ splitDate: '2025-01-08' });
        // every outcome trains: the split is still the last date (one outcome held out), never past the end
        expect(timeSplit(at(...dates), 1)).toEqual({ splitDate: '2025-01-10' });
        expect(timeSplit(at(...dates), 0)).toEqual({ splitDate: '2025-01-02' });
        // the share falls inside the first date: the split moves to the next date
        expect(timeSplit(at('2025-01-01', '2025-01-01', '2025-01-01', '2025-02-01'), 0.5)).toEqual({
            splitDate: '2025-02-01'
        });
        expect(timeSplit(at('2025-01-01', '2025-01-01', '2025-01-01'), 0.5)).toEqual({ splitDate: null });
    });

    it('neither compares nor fits when every outcome is on one date, or the training period has losses only', () => {
        const oneDate = world();
        for (const o of oneDate.Opportunity!) o.CloseDate = '2025-06-30';
        const run = runBacktest({
            dataset: oneDate,
            scorer: stub,
            config,
            horizons: [30],
            fit: true,
            leadTime: false
        });
        expect(run.report.comparison).toMatchObject({
            splitDate: 'n/a',
            trainOutcomes: 0,
            testOutcomes: 0,
            plainCoefficients: null,
            warnings: ['No plain logistic regression: the training period needs both renewals and losses.']
        });
        expect(run.report.fit).toMatchObject({
            splitDate: 'n/a',
            trainOutcomes: 0,
            warnings: [
                'Not enough outcomes over time to fit: the training period needs both renewals and losses.'
            ]
        });
        expect(run.fittedConfig).toBeUndefined();
        const lossesFirst = world();
        for (const o of lossesFirst.Opportunity!)
            if (String(o.CloseDate) < addDays('2025-01-10', 28 * 9)) o.IsWon = false;
        const lost = runBacktest({
            dataset: lossesFirst,
            scorer: stub,
            config,
            horizons: [30],
            fit: true,
            leadTime: false
        });
        expect(lost.report.comparison!.warnings).toEqual([
            'No plain logistic regression: the training period needs both renewals and losses.'
        ]);
        expect(lost.report.fit!.warnings).toEqual([
            'Not enough outcomes over time to fit: the training period needs both renewals and losses.'
        ]);
        // and no fit unless asked
        const plain = runBacktest({
            dataset: world(),
            scorer: stub,
            config,
            horizons: [30],
            leadTime: false
        });
        expect(plain.report.fit).toBeUndefined();
        expect(plain.fittedConfig).toBeUndefined();
    });

    it('orders the ARR bands Green, Yellow, Red, Unknown and gives a band without ARR no renewal rate', () => {
        expect(
            arrByBand([
                { band: 'Unknown', renewed: true, arr: 10 },
                { band: 'Red', renewed: false, arr: 20 },
                { band: 'Yellow', renewed: true, arr: 30 },
                { band: 'Green', renewed: true, arr: 0 },
                { band: 'Yellow', renewed: false, arr: null }
            ])
        ).toEqual([
            { band: 'Green', arr: 0, arrRenewed: 0, arrRenewalRate: Number.NaN },
            { band: 'Yellow', arr: 30, arrRenewed: 30, arrRenewalRate: 1 },
            { band: 'Red', arr: 20, arrRenewed: 0, arrRenewalRate: 0 },
            { band: 'Unknown', arr: 10, arrRenewed: 10, arrRenewalRate: 1 }
        ]);
    });
});
