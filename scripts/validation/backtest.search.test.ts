// The window and cap search's criterion (backtest.ts searchGate, learn.ts coordinateSearch's accept): the AUC of
// a configuration on every training outcome, and a step kept only when its gain over the best configuration so
// far is beyond the noise of the paired AUC difference.
import {
    recordsBeforeOutcome,
    runBacktest,
    searchGate,
    type BacktestRow,
    type ScoreAtDate,
    type Scorer,
    type TunableConfig
} from './backtest';
import { addDays, attachRecords } from './history';
import { closedRenewal } from './fixtures';
import { coordinateSearch, MIN_GAIN } from './learn';
import { auc, delong } from './metrics';
import { Random } from './random';
import type { RawDataset } from './synthetic';

const NO_SUBSCORES = { usage: null, relationship: null, support: null, commercial: null };
const at = (score: number | null, band = 'Yellow'): ScoreAtDate => ({ score, band, subscores: NO_SUBSCORES });

/** Rows with only what the criterion reads: the outcome. */
function rowsOf(renewed: readonly boolean[]): BacktestRow[] {
    return renewed.map((r, i) => ({
        outcome: { accountId: `a${i}`, date: '2025-06-01', renewed: r, source: 'renewal' },
        horizonDays: 60,
        asOf: '2025-04-02',
        result: at(50),
        features: []
    })) as unknown as BacktestRow[];
}

/** 400 outcomes, 20% lost; `signal` = how strongly the score follows the outcome. */
function world(seed: number) {
    const random = new Random(seed);
    const renewed = Array.from({ length: 400 }, () => !random.chance(0.2));
    const noise = renewed.map(() => random.normal());
    const scores = (signal: number, jitter = 0, jitterSeed = 0) => {
        const extra = new Random(jitterSeed);
        return renewed.map(
            (r, i) => 50 + signal * (r ? 1 : 0) + 10 * (noise[i] as number) + jitter * extra.normal()
        );
    };
    return { renewed, rows: rowsOf(renewed), scores };
}

describe('searchGate', () => {
    it('measures a configuration by the AUC of the rows it scores (Unknown left out), scoring it once', () => {
        const renewed = [true, true, false, false, true];
        const rows = rowsOf(renewed);
        let calls = 0;
        const gate = searchGate<{ name: string }>(
            rows,
            () => {
                calls++;
                // the lost outcome scored 90 is Unknown: left out, so the rest rank perfectly
                return [at(80), at(70), at(20), at(90, 'Unknown'), at(60)];
            },
            1
        );
        const config = { name: 'a' };
        expect(gate.evaluate(config)).toBe(1);
        expect(gate.evaluate(config)).toBe(1);
        expect(gate.accept(config, config)).toBe(false);
        expect(calls).toBe(1);
    });

    it('accepts a clearly better candidate and refuses one whose gain is within the noise', () => {
        const { renewed, rows, scores } = world(3);
        const configs = { base: scores(6), better: scores(12), jittered: scores(6, 1.5, 2) };
        type Name = keyof typeof configs;
        const gate = searchGate<{ name: Name }>(rows, (c) => configs[c.name].map((s) => at(s)), 1);
        const base = { name: 'base' as Name };
        const better = { name: 'better' as Name };
        const jittered = { name: 'jittered' as Name };
        for (const c of [base, better, jittered]) gate.evaluate(c);
        expect(gate.accept(better, base)).toBe(true);
        expect(gate.accept(base, better)).toBe(false);
        // the jitter happens to gain more than MIN_GAIN here, but less than one standard error of the difference
        const gain = gate.evaluate(jittered) - gate.evaluate(base);
        expect(gain).toBeGreaterThan(MIN_GAIN);
        const { covariance } = delong([configs.jittered, configs.base], renewed);
        const se = Math.sqrt(covariance[0]![0]! + covariance[1]![1]! - 2 * covariance[0]![1]!);
        expect(gain).toBeLessThan(se);
        expect(gate.accept(jittered, base)).toBe(false);
    });

    it('widens the standard error by the square root of the scorings per outcome, and takes the number asked', () => {
        const { renewed, rows, scores } = world(3);
        const configs = { base: scores(6), better: scores(6, 1.5, 4) };
        type Name = keyof typeof configs;
        const { auc, covariance } = delong([configs.better, configs.base], renewed);
        const se = Math.sqrt(covariance[0]![0]! + covariance[1]![1]! - 2 * covariance[0]![1]!);
        // the gain in standard errors of the paired difference
        const ratio = (auc[0]! - auc[1]!) / se;
        expect(ratio).toBeGreaterThan(0.5);
        const gateWith = (perOutcome: number, standardErrors?: number) =>
            searchGate<{ name: Name }>(
                rows,
                (c) => configs[c.name].map((s) => at(s)),
                perOutcome,
                standardErrors
            );
        const better = { name: 'better' as Name };
        const base = { name: 'base' as Name };
        expect(gateWith(1, 0.9 * ratio).accept(better, base)).toBe(true);
        expect(gateWith(1, 1.1 * ratio).accept(better, base)).toBe(false);
        // four scorings per outcome: the standard error doubles
        expect(gateWith(4, 0.45 * ratio).accept(better, base)).toBe(true);
        expect(gateWith(4, 0.55 * ratio).accept(better, base)).toBe(false);
        expect(gateWith(0, 0.9 * ratio).accept(better, base)).toBe(true);
        // the default: one standard error
        expect(gateWith(1).accept(better, base)).toBe(ratio > 1);
    });

    it('compares the two on the outcomes both score, and refuses when those hold one kind of outcome', () => {
        const renewed = [true, false, true, false, true, false, true, false];
        const rows = rowsOf(renewed);
        const common = [80, 30, 70, 60, 50, 40];
        const configs = {
            // the same scores on the six outcomes both score; the candidate alone ranks the other two right
            incumbent: [...common.map((s) => at(s)), at(10), at(90, 'Unknown')],
            candidate: [...common.map((s) => at(s)), at(95, 'Unknown'), at(5)],
            // ranks the six better than the incumbent
            sharper: [at(80), at(30), at(70), at(20), at(50), at(40), at(10), at(5, 'Unknown')],
            // scores renewals only
            lonely: [
                at(80),
                at(30, 'Unknown'),
                at(70),
                at(60, 'Unknown'),
                at(50),
                at(40, 'Unknown'),
                at(10),
                at(5, 'Unknown')
            ]
        };
        type Name = keyof typeof configs;
        const gate = searchGate<{ name: Name }>(rows, (c) => configs[c.name], 1, 0);
        const of = (name: Name) => ({ name });
        expect(gate.evaluate(of('candidate'))).toBeGreaterThan(gate.evaluate(of('incumbent')));
        expect(gate.accept(of('candidate'), of('incumbent'))).toBe(false);
        expect(gate.accept(of('sharper'), of('incumbent'))).toBe(true);
        expect(gate.accept(of('lonely'), of('incumbent'))).toBe(false);
    });
});

describe('coordinateSearch with a gate', () => {
    it('keeps a value only when the gate accepts it against the best value so far', () => {
        const auc: Record<number, number> = { 45: 0.7, 60: 0.71, 90: 0.72, 120: 0.73 };
        const asked: [number, number][] = [];
        const result = coordinateSearch(
            { halfLifeDays: 45 },
            (c) => auc[c.halfLifeDays] as number,
            {},
            [{ key: 'halfLifeDays', values: [60, 90, 120] }],
            undefined,
            (candidate, incumbent) => {
                asked.push([candidate.halfLifeDays, incumbent.halfLifeDays]);
                return candidate.halfLifeDays !== 120;
            }
        );
        // 60 beats 45, 90 beats 60 (the incumbent by then), 120 is refused
        expect(asked).toEqual([
            [60, 45],
            [90, 60],
            [120, 90]
        ]);
        expect(result.config.halfLifeDays).toBe(90);
        expect(result.steps).toEqual([{ key: 'halfLifeDays', from: 45, to: 90, validationAuc: 0.72 }]);
        expect(result.finalAuc).toBe(0.72);
    });

    it('keeps nothing the gate refuses, and asks it only about gains above MIN_GAIN', () => {
        let asked = 0;
        const result = coordinateSearch(
            { halfLifeDays: 45, usageRecentDays: 30 },
            (c) => 0.7 + (c.halfLifeDays === 90 ? 0.05 : 0) + (c.usageRecentDays === 60 ? MIN_GAIN : 0),
            {},
            [
                { key: 'halfLifeDays', values: [90] },
                { key: 'usageRecentDays', values: [60] }
            ],
            undefined,
            () => {
                asked++;
                return false;
            }
        );
        expect(asked).toBe(1);
        expect(result.config).toEqual({ halfLifeDays: 45, usageRecentDays: 30 });
        expect(result.steps).toEqual([]);
    });
});

interface StubConfig extends TunableConfig {
    halfLifeDays: number;
}
const stubConfig: StubConfig = {
    version: 'stub-1',
    active: true,
    usageWeight: 100,
    relationshipWeight: 0,
    supportWeight: 0,
    commercialWeight: 0,
    greenThreshold: 70,
    redThreshold: 40,
    halfLifeDays: 45
};

/**
 * 300 accounts, one renewal each, one every 2 days from 2025-01-10 (the first 210 train). Renewal follows two
 * hidden signals equally: u (active users) and b (key events).
 */
function portfolio(): RawDataset {
    const random = new Random(5);
    const out: RawDataset = { Account: [], Opportunity: [], Product_Usage__c: [] };
    for (let i = 0; i < 300; i++) {
        const id = `001S${String(i).padStart(3, '0')}`;
        const date = addDays('2025-01-10', i * 2);
        const u = random.uniform(-1, 1);
        const b = random.uniform(-1, 1);
        const renewed = random.chance(1 / (1 + Math.exp(-(1.6 + 2.5 * u + 2.5 * b))));
        out.Account!.push({ Id: id, Name: `Account ${id}` });
        out.Opportunity!.push(closedRenewal(id, date, renewed));
        out.Product_Usage__c!.push({
            Account__c: id,
            Period_Start__c: addDays(date, -129),
            Period_End__c: addDays(date, -100),
            Active_Users__c: Math.round(50 + 50 * u),
            Licensed_Seats__c: 100,
            Key_Events__c: Math.round(500 + 500 * b)
        });
    }
    return out;
}

/**
 * The score follows u; with halfLifeDays 90 it also follows b, but only for the first 140 accounts (the earliest
 * two thirds of the training period): the setting helps there and changes nothing on the latest training outcomes.
 */
const earlyOnly: Scorer<StubConfig> = (records, asOf, c) => {
    const latest = records.usage.find((u) => String(u.Period_End__c) <= asOf);
    if (!latest) return { score: null, band: 'Unknown', subscores: NO_SUBSCORES };
    const u = (Number(latest.Active_Users__c) - 50) / 50;
    const b = (Number(latest.Key_Events__c) - 500) / 500;
    const early = Number(String(records.account.Id).slice(4)) < 140;
    const score = 50 + 30 * u + (c.halfLifeDays === 90 && early ? 30 * b : 0);
    return {
        score,
        band: score >= c.greenThreshold ? 'Green' : score >= c.redThreshold ? 'Yellow' : 'Red',
        subscores: { ...NO_SUBSCORES, usage: score },
        drivers: [{ code: 'USAGE_UTILISATION', points: 30 * u, dimension: 'usage' }]
    };
};

describe('backtest --fit: the window and cap search', () => {
    it('is measured on every training outcome', () => {
        const backtest = runBacktest({
            dataset: portfolio(),
            scorer: earlyOnly,
            config: stubConfig,
            horizons: [30, 60],
            fit: true,
            fittedOn: '2026-12-02',
            leadTime: false
        });
        const fit = backtest.report.fit!;
        // the setting's accounts are all in the earliest part of the training period
        expect(fit.splitDate > addDays('2025-01-10', 139 * 2)).toBe(true);
        expect(backtest.fittedConfig!.halfLifeDays).toBe(90);
        expect(fit.search).toEqual([expect.objectContaining({ key: 'halfLifeDays', from: 45, to: 90 })]);
        // the step's AUC is the training period's, both horizons pooled
        const { accounts } = attachRecords(portfolio());
        const train = backtest.rows.filter((r) => r.outcome.date < fit.splitDate);
        const learned = { ...stubConfig, halfLifeDays: 90 };
        const scores = train.map(
            (r) =>
                earlyOnly(
                    recordsBeforeOutcome(accounts.get(r.outcome.accountId)!, r.outcome, r.asOf),
                    r.asOf,
                    learned
                ).score!
        );
        expect(fit.search[0]!.validationAuc).toBeCloseTo(
            auc(
                scores,
                train.map((r) => r.outcome.renewed)
            ),
            10
        );
    });

    it('searches the windows again once the part weights are learned, and reports both passes', () => {
        interface ShareConfig extends StubConfig {
            utilisationShare: number;
            breadthShare: number;
        }
        const shareConfig: ShareConfig = { ...stubConfig, utilisationShare: 1, breadthShare: 1 };
        const noiseRandom = new Random(99);
        const noiseOf = Array.from({ length: 300 }, () => noiseRandom.normal());
        // the score counts b a third as much as u (renewal follows both equally), so the part weights move the
        // shares apart; a noise
        // term outside the drivers disappears with halfLifeDays 90, but only once the shares differ: the first
        // search cannot see the setting, the second (after the part weights) can
        const afterWeights: Scorer<ShareConfig> = (records, asOf, c) => {
            const latest = records.usage.find((u) => String(u.Period_End__c) <= asOf);
            if (!latest) return { score: null, band: 'Unknown', subscores: NO_SUBSCORES };
            const u = (Number(latest.Active_Users__c) - 50) / 50;
            const b = (Number(latest.Key_Events__c) - 500) / 500;
            const uPoints = 30 * c.utilisationShare * u;
            const bPoints = 10 * c.breadthShare * b;
            const quiet = c.halfLifeDays === 90 && c.utilisationShare !== c.breadthShare;
            const noise = quiet ? 0 : 6 * (noiseOf[Number(String(records.account.Id).slice(4))] as number);
            const score = 50 + uPoints + bPoints + noise;
            return {
                score,
                band: score >= c.greenThreshold ? 'Green' : score >= c.redThreshold ? 'Yellow' : 'Red',
                subscores: { ...NO_SUBSCORES, usage: score },
                drivers: [
                    { code: 'USAGE_UTILISATION', points: uPoints, dimension: 'usage' },
                    { code: 'USAGE_BREADTH', points: bPoints, dimension: 'usage' }
                ]
            };
        };
        const run = (validateConfig?: (c: ShareConfig) => ShareConfig) =>
            runBacktest({
                dataset: portfolio(),
                scorer: afterWeights,
                config: shareConfig,
                horizons: [30, 60],
                fit: true,
                fittedOn: '2026-12-02',
                leadTime: false,
                ...(validateConfig ? { validateConfig } : {})
            });
        const backtest = run();
        const fitted = backtest.fittedConfig!;
        expect(fitted.breadthShare).toBeGreaterThan(fitted.utilisationShare);
        expect(fitted.halfLifeDays).toBe(90);
        expect(backtest.report.fit!.search).toEqual([
            expect.objectContaining({ key: 'halfLifeDays', from: 45, to: 90 })
        ]);
        // with the shares held where they were, no pass finds it: it came from the second
        const held = run((c) => {
            if (c.utilisationShare !== c.breadthShare) throw new Error('shares must stay equal');
            return c;
        });
        expect(held.fittedConfig!.halfLifeDays).toBe(45);
        expect(held.report.fit!.search).toEqual([]);
    });
});
