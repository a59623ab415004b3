// Pins backtest.ts where the other fast tests do not reach (issue 13, mutation testing), on small hand-made data
// with a stub scorer: the metrics of one horizon (computed on the scored rows only, Unknown counted apart; the
// industry and size breakdown worked by hand), the plain logistic regression and the spreadsheet baseline beside
// the model on the later outcomes (docs/validation.md "Baselines"), the report's wiring and notes, the lead time
// checks and the point-in-time renewal date.
import {
    chooseThresholds,
    greenBand,
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
import { FEATURE_NAMES, fitPlainLogistic, plainLogOdds, spreadsheetScore } from './features';
import { addDays, attachRecords, extractOutcomes, type AccountRecords, type Outcome } from './history';
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
        out.Opportunity!.push({
            Id: `006${id}`,
            AccountId: id,
            Type: 'Renewal',
            IsClosed: true,
            IsWon: renewed,
            CloseDate: date,
            CreatedDate: addDays(date, -200)
        });
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
            ).map(([id, industry, arr]) => [
                id,
                {
                    account: { Id: id, Industry: industry, ARR__c: arr },
                    contacts: [],
                    tasks: [],
                    events: [],
                    opportunities: [],
                    cases: [],
                    usage: [],
                    snapshots: []
                }
            ])
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
        const dataset = world();
        const run = runBacktest({ dataset, scorer: stub, config, horizons: [30, 90], leadTime: false });
        const { accounts } = attachRecords(dataset);
        const outcomes = extractOutcomes(accounts).outcomes;
        const split = timeSplit(outcomes, 0.7).splitDate as string;
        expect(split).toBe(addDays('2025-01-10', 28 * 9));
        const comparison = run.report.comparison!;
        expect(comparison.splitDate).toBe(split);
        expect(comparison.trainOutcomes).toBe(28);
        expect(comparison.testOutcomes).toBe(12);
        expect(comparison.features).toEqual([...FEATURE_NAMES]);
        expect(comparison.warnings).toEqual([]);
        const train = run.rows.filter((r) => r.outcome.date < split);
        const model = fitPlainLogistic(
            train.map((r) => r.features),
            train.map((r) => r.outcome.renewed)
        );
        expect(comparison.plainCoefficients).toEqual(
            Object.fromEntries(FEATURE_NAMES.map((name, j) => [name, model.coefficients[j]]))
        );
        expect(comparison.horizons.map((h) => h.horizonDays)).toEqual([30, 90]);
        for (const h of comparison.horizons) {
            const own = run.rows.filter(
                (r) =>
                    r.outcome.date >= split && r.horizonDays === h.horizonDays && r.result.band !== 'Unknown'
            );
            expect(own.length).toBeGreaterThan(5);
            const renewed = own.map((r) => r.outcome.renewed);
            const scores = own.map((r) => r.result.score as number);
            const plain = own.map((r) => plainLogOdds(model, r.features));
            const sheet = own.map((r) => spreadsheetScore(r.features));
            expect(h.renewed).toBe(renewed.filter(Boolean).length);
            expect(h.lost).toBe(renewed.filter((r) => !r).length);
            expect(h.models).toEqual([
                {
                    name: 'default',
                    label: 'model (current configuration)',
                    auc: aucWithInterval(scores, renewed)
                },
                { name: 'plain', label: 'plain logistic regression', auc: aucWithInterval(plain, renewed) },
                {
                    name: 'spreadsheet',
                    label: 'equal-weight spreadsheet',
                    auc: aucWithInterval(sheet, renewed)
                }
            ]);
            expect(h.differences).toEqual([
                { a: 'default', b: 'plain', difference: aucDifference(scores, plain, renewed) },
                { a: 'default', b: 'spreadsheet', difference: aucDifference(scores, sheet, renewed) }
            ]);
        }
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
        const records: AccountRecords = {
            account: { Id: 'L1', Name: 'L' },
            contacts: [],
            tasks: [],
            events: [],
            opportunities: [],
            cases: [],
            usage: [],
            snapshots: []
        };
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
        const records: AccountRecords = {
            account: { Id: 'R1', Name: 'R', Renewal_Date__c: '2027-01-01' },
            contacts: [],
            tasks: [],
            events: [],
            opportunities: [],
            cases: [],
            usage: [],
            snapshots: []
        };
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
    // the fitted configuration scores differently (a black box to the backtest): its version starts "fitted"
    const fittedDiffers: Scorer<TunableConfig> = (records, asOf, c) => {
        const base = stub(records, asOf, c);
        if (!c.version.startsWith('fitted') || base.score === null) return base;
        const id = Number(String(records.account.Id).slice(-3));
        if (id % 10 === 9) return { score: null, band: 'Unknown', subscores: NO_SUBSCORES };
        const score = Math.min(100, Math.max(0, base.score + ((id * 29) % 41) - 20));
        const band = score >= c.greenThreshold ? 'Green' : score >= c.redThreshold ? 'Yellow' : 'Red';
        return { ...base, score, band };
    };

    it('scores the later outcomes with both models and measures each on the same scorings', () => {
        const dataset = world();
        const run = runBacktest({
            dataset,
            scorer: fittedDiffers,
            config,
            horizons: [30, 90],
            fit: true,
            fittedOn: '2026-12-02',
            leadTime: false
        });
        const fit = run.report.fit!;
        const fitted = run.fittedConfig!;
        const { accounts } = attachRecords(dataset);
        const split = fit.splitDate;
        expect(split).toBe(run.report.comparison?.splitDate);
        expect([fit.trainOutcomes, fit.testOutcomes]).toEqual([28, 12]);
        expect(fitted.version).toBe('fitted-2026-12-02');
        expect(fitted.active).toBe(false);
        expect(fit.modelVersion).toBe('fitted-2026-12-02');
        expect(fit.defaultWeights).toEqual({ usage: 35, relationship: 25, support: 20, commercial: 20 });
        expect(fit.fittedWeights).toEqual({
            usage: fitted.usageWeight,
            relationship: fitted.relationshipWeight,
            support: fitted.supportWeight,
            commercial: fitted.commercialWeight
        });
        expect(fit.currentThresholds).toEqual({ redThreshold: 40, greenThreshold: 70 });
        // thresholds and calibration from the fitted scores of the training outcomes (scored ones only)
        const rescore = (r: BacktestRow) =>
            fittedDiffers(
                recordsBeforeOutcome(accounts.get(r.outcome.accountId)!, r.outcome, r.asOf),
                r.asOf,
                fitted
            );
        const train = run.rows.filter((r) => r.outcome.date < split && r.result.band !== 'Unknown');
        const trainFitted = train.map((r) => ({ r, f: rescore(r) })).filter(({ f }) => f.band !== 'Unknown');
        const trainScores = trainFitted.map(({ f }) => f.score as number);
        const trainRenewed = trainFitted.map(({ r }) => r.outcome.renewed);
        const calibration = calibrateScore(trainScores, trainRenewed);
        expect(fit.calibration).toEqual(calibration);
        const thresholds = chooseThresholds(
            trainScores,
            trainRenewed,
            { redThreshold: 40, greenThreshold: 70 },
            2
        );
        expect(fit.thresholds).toEqual(thresholds);
        expect([fitted.redThreshold, fitted.greenThreshold]).toEqual([
            thresholds.redThreshold,
            thresholds.greenThreshold
        ]);
        // no drivers: every part keeps its prior
        expect(fit.parts).toEqual(
            PART_SPECS.map((spec) => ({
                part: spec.key,
                coefficient: Number.NaN,
                relativeWeight: 1,
                keptPrior: true
            }))
        );
        expect(fit.warnings).toContain(
            'No part of the score predicted renewal in the fit period: the part weights are kept.'
        );
        expect(fit.notes).toContain(
            'The configuration has no calibration fields: the renewal-probability mapping is reported here only.'
        );
        // held out, per horizon
        const train30 = run.rows.filter((r) => r.outcome.date < split);
        const model = fitPlainLogistic(
            train30.map((r) => r.features),
            train30.map((r) => r.outcome.renewed)
        );
        let unknownTotal = 0;
        expect(fit.heldOut.map((h) => h.horizonDays)).toEqual([30, 90]);
        for (const h of fit.heldOut) {
            const own = run.rows
                .filter((r) => r.outcome.date >= split && r.horizonDays === h.horizonDays)
                .map((r) => ({ r, f: rescore(r) }));
            const turned = own.filter(
                ({ r, f }) => r.result.band !== 'Unknown' && f.band === 'Unknown'
            ).length;
            unknownTotal += turned;
            const both = own.filter(({ r, f }) => r.result.band !== 'Unknown' && f.band !== 'Unknown');
            const renewed = both.map(({ r }) => r.outcome.renewed);
            const byDefault = both.map(({ r }) => r.result.score as number);
            const byFitted = both.map(({ f }) => f.score as number);
            const plain = both.map(({ r }) => plainLogOdds(model, r.features));
            expect(byFitted).not.toEqual(byDefault);
            expect(h).toEqual({
                horizonDays: h.horizonDays,
                renewed: renewed.filter(Boolean).length,
                lost: renewed.filter((x) => !x).length,
                turnedUnknown: turned,
                defaultAuc: auc(byDefault, renewed),
                fittedAuc: auc(byFitted, renewed),
                defaultInterval: aucWithInterval(byDefault, renewed),
                fittedInterval: aucWithInterval(byFitted, renewed),
                plainInterval: aucWithInterval(plain, renewed),
                fittedVsDefault: aucDifference(byFitted, byDefault, renewed),
                fittedVsPlain: aucDifference(byFitted, plain, renewed),
                brier: brierScore(
                    byFitted.map((score) => renewalProbability(calibration, score)),
                    renewed
                ),
                defaultRoc: rocCurve(byDefault, renewed),
                fittedRoc: rocCurve(byFitted, renewed),
                defaultBands: renewalRateByBand(
                    both.map(({ r }) => ({
                        score: r.result.score as number,
                        band: r.result.band,
                        renewed: r.outcome.renewed
                    }))
                ),
                fittedBands: renewalRateByBand(
                    both.map(({ r, f }) => ({
                        score: f.score as number,
                        band: f.band,
                        renewed: r.outcome.renewed
                    }))
                ),
                defaultGreen: greenBand(
                    both.map(({ r }) => r.result.band),
                    renewed
                ),
                fittedGreen: greenBand(
                    both.map(({ f }) => f.band),
                    renewed
                )
            });
        }
        expect(unknownTotal).toBeGreaterThan(0);
        expect(fit.warnings).toContain(
            `${unknownTotal} held-out scorings turn Unknown under the fitted weights (coverage below 50%: the fitted weights rest on dimensions those accounts have no data for); the held-out comparison is measured on the others only.`
        );
        const recommended = fit.heldOut.every((h) => h.fittedVsDefault.low > 0);
        expect(fit.recommended).toBe(recommended);
        expect(fit.notes).toContain(
            recommended
                ? 'The fitted model beats the current one on the held-out outcomes by more than the 95% interval at every horizon: worth deploying.'
                : 'The fitted model does not beat the current one by more than the 95% interval at every horizon: keep the current model (the files are written for review).'
        );
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
            validationSplitDate: 'n/a',
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
