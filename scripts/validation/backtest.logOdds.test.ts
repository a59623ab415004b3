// The learned model's log-odds step as the backtest wires it (backtest.ts fitAndCompare step 2, logOdds.ts), on
// hand-made data with a fast stub scorer whose two usage parts share their dimension as the engine's do: the
// rounds and the training log-likelihood of each in the notes, the cumulative part weights in the report, values at
// the Health_Model__mdt field scale, a round that lowers the log-likelihood, an invalid configuration.
import { runBacktest, type ScoreAtDate, type Scorer, type TunableConfig } from './backtest';
import { fitPartWeights, partPoints } from './learn';
import { addDays } from './history';
import { closedRenewal } from './fixtures';
import { Random } from './random';
import type { RawDataset } from './synthetic';

interface StubConfig extends TunableConfig {
    utilisationShare: number;
    breadthShare: number;
}
const config: StubConfig = {
    version: 'stub-1',
    active: true,
    usageWeight: 100,
    relationshipWeight: 0,
    supportWeight: 0,
    commercialWeight: 0,
    greenThreshold: 70,
    redThreshold: 40,
    utilisationShare: 1,
    breadthShare: 1
};
const NO_SUBSCORES = { usage: null, relationship: null, support: null, commercial: null };

/**
 * 300 accounts, one renewal each, one every 2 days from 2025-01-10. Renewal follows utilisation three times as
 * much as breadth (logit = 1.6 + 3u + 1b on [-1, 1] scales); half the accounts report no breadth; every 25th
 * account has no usage at all (Unknown).
 */
function world(sameDate = false): RawDataset {
    const random = new Random(17);
    const out: RawDataset = { Account: [], Opportunity: [], Product_Usage__c: [] };
    for (let i = 0; i < 300; i++) {
        const id = `001L${String(i).padStart(3, '0')}`;
        // sameDate: the first 210 outcomes (the training period) all on one day, so it has no later validation part
        const date = sameDate && i < 210 ? '2025-06-01' : addDays('2025-01-10', i * 2);
        const u = random.uniform(-1, 1);
        const b = random.chance(0.5) ? random.uniform(-1, 1) : null;
        const renewed = random.chance(1 / (1 + Math.exp(-(1.6 + 3 * u + (b ?? 0)))));
        out.Account!.push({ Id: id, Name: `Account ${id}` });
        out.Opportunity!.push(closedRenewal(id, date, renewed));
        if (i % 25 === 7) continue; // no usage: Unknown, left out of every fit
        out.Product_Usage__c!.push({
            Account__c: id,
            Period_Start__c: addDays(date, -129),
            Period_End__c: addDays(date, -100),
            Active_Users__c: Math.round(50 + 50 * u),
            Licensed_Seats__c: 100,
            Key_Events__c: b === null ? null : Math.round(500 + 500 * b)
        });
    }
    return out;
}

/** The two usage parts, each its share of the shares the account has (as the engine's usage dimension). */
function parts(records: Parameters<Scorer<StubConfig>>[0], asOf: string, c: StubConfig) {
    const latest = records.usage.find((u) => String(u.Period_End__c) <= asOf);
    if (!latest) return null;
    const u = (Number(latest.Active_Users__c) - 50) / 50;
    const events = latest.Key_Events__c;
    const b = events === null || events === undefined ? null : (Number(events) - 500) / 500;
    const shares = c.utilisationShare + (b === null ? 0 : c.breadthShare);
    return {
        utilisation: shares > 0 ? (50 * c.utilisationShare * u) / shares : 0,
        breadth: b === null || shares === 0 ? null : (50 * c.breadthShare * b) / shares
    };
}
const result = (score: number, c: StubConfig, drivers: ScoreAtDate['drivers']): ScoreAtDate => ({
    score,
    band: score >= c.greenThreshold ? 'Green' : score >= c.redThreshold ? 'Yellow' : 'Red',
    subscores: { ...NO_SUBSCORES, usage: score },
    drivers
});
const driversOf = (p: { utilisation: number; breadth: number | null }) => [
    { code: 'USAGE_UTILISATION', points: p.utilisation, dimension: 'usage' },
    ...(p.breadth === null ? [] : [{ code: 'USAGE_BREADTH', points: p.breadth, dimension: 'usage' }])
];

/** score = 50 + the parts' points: an honest engine. */
const honest: Scorer<StubConfig> = (records, asOf, c) => {
    const p = parts(records, asOf, c);
    if (!p) return { score: null, band: 'Unknown', subscores: NO_SUBSCORES };
    return result(50 + p.utilisation + (p.breadth ?? 0), c, driversOf(p));
};

const run = (scorer: Scorer<StubConfig>, validateConfig?: (c: StubConfig) => StubConfig, sameDate = false) =>
    runBacktest({
        dataset: world(sameDate),
        scorer,
        config,
        horizons: [30, 60],
        fit: true,
        fittedOn: '2026-12-02',
        leadTime: false,
        ...(validateConfig ? { validateConfig } : {})
    });

describe('backtest --fit: part weights in log-odds', () => {
    it('reports the rounds kept with the training log-likelihood of each, and the cumulative part weights', () => {
        const backtest = run(honest);
        const fit = backtest.report.fit!;
        const fitted = backtest.fittedConfig!;
        const note = fit.notes.find((n) => n.startsWith('Part weights in log-odds'));
        expect(note).toMatch(
            /^Part weights in log-odds: [1-4] round\(s\) of fit and rescale \(log-likelihood of the training outcomes per scoring -0\.\d{4}( -> -0\.\d{4})+\)(, until every part counted within 10% of its fitted weight|; the last lowered it, so the one before is kept)?\.$/
        );
        const kept = Number(/: (\d) round/.exec(note!)![1]);
        const values = note!.match(/-0\.\d{4}/g)!.map(Number);
        // the start and every round tried: the kept ones, plus the one that lowered it when the note says so
        expect(values).toHaveLength(1 + kept + (note!.includes('the last lowered it') ? 1 : 0));
        // each kept round raised the log-likelihood (or held it)
        for (let i = 1; i <= kept; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
        // utilisation counts more than breadth, as the truth says, in the report and in the record
        const weight = (key: string) => fit.parts.find((p) => p.part === key)!.relativeWeight;
        expect(weight('usage:utilisation')).toBeGreaterThan(weight('usage:breadth'));
        expect(fitted.utilisationShare).toBeGreaterThan(fitted.breadthShare);
        // the report's relative weight is the product over the rounds: the share it multiplied (1 at the start)
        expect(fitted.utilisationShare).toBeCloseTo(weight('usage:utilisation'), 1);
        expect(fitted.breadthShare).toBeCloseTo(weight('usage:breadth'), 1);
        // values at the field scale: what is measured is what deploys
        for (const value of [fitted.utilisationShare, fitted.breadthShare])
            expect(Math.round(value * 100) / 100).toBe(value);
        // a part no driver ever showed keeps its prior
        expect(fit.parts.find((p) => p.part === 'support:csat')).toMatchObject({
            keptPrior: true,
            relativeWeight: 1
        });
        expect(fit.warnings.filter((w) => /part/.test(w))).toEqual([]);
    });

    it('fits the first round on every scored training outcome, and names the parts that keep their prior', () => {
        const backtest = run(honest);
        const fit = backtest.report.fit!;
        // every training outcome (before the held-out split), scored (not Unknown): no inner validation period
        const fitRows = backtest.rows.filter(
            (r) => r.outcome.date < fit.splitDate && r.result.score !== null
        );
        expect(backtest.rows.some((r) => r.outcome.date < fit.splitDate && r.result.score === null)).toBe(
            true
        );
        const expected = fitPartWeights(
            fitRows.map((r) => ({ points: partPoints(r.result.drivers ?? []), renewed: r.outcome.renewed }))
        )!;
        for (const key of ['usage:utilisation', 'usage:breadth'])
            expect(fit.parts.find((p) => p.part === key)!.coefficient).toBeCloseTo(
                expected.coefficients[key]!,
                10
            );
        expect(fit.notes).toContain(
            'commercial:payment: no variation in the history (days past due is not dated, so a backtest cannot see it), so its weight keeps the prior instead of being fitted to ~0.'
        );
        expect(fit.notes).toContain(
            'support:csat: no variation in the history, so its weight keeps the prior instead of being fitted to ~0.'
        );
    });

    it('keeps the prior part weights when the first round lowers the training log-likelihood', () => {
        // drivers say utilisation helps, but the score counts it a little backwards: more weight on it explains worse
        const backwards: Scorer<StubConfig> = (records, asOf, c) => {
            const p = parts(records, asOf, c);
            if (!p) return { score: null, band: 'Unknown', subscores: NO_SUBSCORES };
            return result(50 - 0.3 * p.utilisation + 3 * (p.breadth ?? 0), c, driversOf(p));
        };
        const backtest = run(backwards);
        const fit = backtest.report.fit!;
        const note = fit.notes.find((n) => n.startsWith('The part weights lowered the log-likelihood'));
        expect(note).toMatch(
            /^The part weights lowered the log-likelihood of the training outcomes \(-0\.\d{4} -> -0\.\d{4} per scoring\): kept the prior part weights\.$/
        );
        const [before, after] = note!.match(/-0\.\d{4}/g)!.map(Number);
        expect(after!).toBeLessThan(before!);
        expect(fit.notes.some((n) => n.startsWith('Part weights in log-odds'))).toBe(false);
        expect(backtest.fittedConfig!.utilisationShare).toBe(1);
        expect(backtest.fittedConfig!.breadthShare).toBe(1);
        for (const part of fit.parts) expect(part.relativeWeight).toBe(1);
    });

    it('keeps the prior when the learned weights give an invalid configuration', () => {
        const strict = (c: StubConfig) => {
            if (c.utilisationShare !== 1 || c.breadthShare !== 1) throw new Error('shares must stay 1');
            return c;
        };
        const backtest = run(honest, strict);
        const fit = backtest.report.fit!;
        expect(fit.notes).toContain('The part weights gave an invalid configuration: kept the prior.');
        expect(backtest.fittedConfig!.utilisationShare).toBe(1);
        // the first fit is still reported (its coefficients), its weights were not applied
        expect(fit.parts.find((p) => p.part === 'usage:utilisation')!.coefficient).toBeGreaterThan(0);
        expect(fit.parts.find((p) => p.part === 'usage:utilisation')!.relativeWeight).toBe(1);
    });

    it('fits the part weights when every training outcome falls on one date (no period is set aside)', () => {
        const fit = run(honest, undefined, true).report.fit!;
        expect(fit.notes.some((n) => /validation period/.test(n))).toBe(false);
        const note = fit.notes.find((n) => n.startsWith('Part weights in log-odds'));
        expect(note).toMatch(
            /^Part weights in log-odds: [1-4] round\(s\) of fit and rescale \(log-likelihood/
        );
        const weight = (key: string) => fit.parts.find((p) => p.part === key)!.relativeWeight;
        expect(weight('usage:utilisation')).toBeGreaterThan(weight('usage:breadth'));
    });

    it('says so when no part predicts renewal', () => {
        const silent: Scorer<StubConfig> = (records, asOf, c) => {
            const p = parts(records, asOf, c);
            if (!p) return { score: null, band: 'Unknown', subscores: NO_SUBSCORES };
            return result(50 + p.utilisation, c, []);
        };
        const fit = run(silent).report.fit!;
        expect(fit.warnings).toContain(
            'No part of the score predicted renewal in the training period: the part weights are kept.'
        );
        expect(fit.notes.some((n) => /Part weights in log-odds|part weights lowered/.test(n))).toBe(false);
    });
});
