import {
    DEFAULT_MODEL_CONFIG,
    modelConfigFromMetadataRecord,
    parseModelConfig,
    scoreAccount,
    type ModelConfig
} from '../engine';
import { runBacktest, type ScoreAtDate } from './backtest';
import { engineScorer } from './engineScorer';
import { addDays, groupByAccount, recordsAsOf } from './history';
import { mapAccountRecords } from './mapping';
import { customMetadataRecordXml } from './modelFile';
import { auc, expectedAuc } from './metrics';
import { achievableAuc, generateSynthetic, type RawDataset, type RawRecord } from './synthetic';

const config = (): ModelConfig => ({ ...DEFAULT_MODEL_CONFIG });

describe('leakage: records dated after the as-of date', () => {
    // a healthy account that renewed: pick one with no true risk driver
    const portfolio = generateSynthetic({ accounts: 60, seed: 21 });
    const healthy = portfolio.truth.find(
        (t) => !t.churned && t.usageDecline === 0 && !t.decisionMakerCold && !t.sev1Trouble
    )!;
    const accountId = healthy.accountId;
    const renewal = healthy.renewalDate;
    const asOf = addDays(renewal, -90);
    const decisionMaker = portfolio.records.Contact!.find(
        (c) => c.AccountId === accountId && c.Buying_Role__c === 'Decision Maker'
    )!;
    const seats = portfolio.records.Product_Usage__c!.find(
        (u) => u.Account__c === accountId
    )!.Licensed_Seats__c;

    /** What happened after the as-of date and would sink the score if the backtest could see it. */
    const future: Record<string, RawRecord[]> = {
        Event: [1, 3, 5].map((d) => ({
            Id: `00UFUTURE${d}`,
            AccountId: accountId,
            WhoId: String(decisionMaker.Id),
            Type: 'Meeting',
            EndDateTime: `${addDays(asOf, d)}T16:00:00.000+0000`,
            Outcome__c: 'Negative'
        })),
        Case: [
            {
                Id: '500FUTURE1',
                AccountId: accountId,
                Severity__c: 'Sev1',
                CreatedDate: `${addDays(asOf, 1)}T09:00:00.000+0000`,
                IsClosed: false,
                IsEscalated: true
            }
        ],
        Product_Usage__c: [
            {
                Account__c: accountId,
                Period_Start__c: addDays(asOf, -10),
                Period_End__c: addDays(asOf, 20),
                Active_Users__c: 1,
                Licensed_Seats__c: seats ?? 100,
                Features_Adopted__c: 1,
                Features_Available__c: 20,
                Key_Events__c: 1
            }
        ]
    };
    const withFuture = (dataset: RawDataset): RawDataset => {
        const copy: RawDataset = {};
        for (const [object, rows] of Object.entries(dataset))
            copy[object] = [...rows, ...(future[object] ?? [])];
        // the Account as exported today: late, champion gone (reviewed after the as-of date), stored Red score
        copy.Account = copy.Account!.map((a) =>
            a.Id === accountId
                ? {
                      ...a,
                      Days_Past_Due__c: 120,
                      Champion_Status__c: 'Missing',
                      Qualitative_Reviewed_On__c: addDays(asOf, 5),
                      Health_Score__c: 3,
                      Health_Band__c: 'Red',
                      Health_Band_Since__c: addDays(asOf, 10)
                  }
                : a
        );
        return copy;
    };
    const base: RawDataset = {
        ...portfolio.records,
        Account: portfolio.records.Account!.map((a) =>
            a.Id === accountId
                ? { ...a, Days_Past_Due__c: 0, Champion_Status__c: 'Active', Health_Score__c: 80 }
                : a
        )
    };
    const rowFor = (dataset: RawDataset) =>
        runBacktest({ dataset, scorer: engineScorer, config: config(), horizons: [90] }).rows.find(
            (row) => row.outcome.accountId === accountId
        )!;

    it('gives the identical backtest result with and without them', () => {
        const clean = rowFor(base);
        const leaked = rowFor(withFuture(base));
        expect(clean.asOf).toBe(asOf);
        expect(leaked.result).toEqual(clean.result);
    });

    it('would change the result if they were used', () => {
        const scored = (dataset: RawDataset, date: string) => {
            const records = groupByAccount(dataset).get(accountId)!;
            return scoreAccount(mapAccountRecords(recordsAsOf(records, date)), config(), date);
        };
        // once they are in the past (after the last of them), they sink the score
        const later = addDays(asOf, 25);
        const without = scored(base, later);
        const withThem = scored(withFuture(base), later);
        expect(withThem.modelScore).toBeLessThan(without.modelScore - 10);
        expect(withThem.band).not.toBe(without.band);
        // and the export's current-state fields would move it at the as-of date if not removed
        const raw = groupByAccount(withFuture(base)).get(accountId)!;
        const uncut = scoreAccount(mapAccountRecords({ ...raw }), config(), asOf);
        expect(uncut.score).not.toBe(rowFor(base).result.score);
    });
});

describe('backtest on a synthetic portfolio with a known ground truth', () => {
    const portfolio = generateSynthetic({ accounts: 3000, seed: 5 });
    const achievable = achievableAuc(portfolio.truth);

    it('recovers the achievable AUC through the whole pipeline when scoring with the true hazard', () => {
        // the oracle: the true renewal probability from the observable traits, fed through the same
        // outcome extraction, point-in-time cut and metrics; tolerance 0.03 ~ 3 standard errors at n = 3000
        const truth = new Map(portfolio.truth.map((t) => [t.accountId, t]));
        const oracle = (records: { account: RawRecord }): ScoreAtDate => {
            const t = truth.get(String(records.account.Id))!;
            const score = 100 / (1 + Math.exp(t.observableLogOdds));
            return {
                score,
                band: score >= 70 ? 'Green' : score >= 40 ? 'Yellow' : 'Red',
                subscores: { usage: null, relationship: null, support: null, commercial: null }
            };
        };
        const run = runBacktest({ dataset: portfolio.records, scorer: oracle, config: config() });
        expect(run.report.outcomes.total).toBe(3000);
        for (const horizon of run.report.horizons) {
            expect(Math.abs(horizon.auc - achievable.observable)).toBeLessThan(0.03);
        }
        // the achievable AUC itself is the population AUC of the observable hazard
        expect(achievable.observable).toBeCloseTo(
            expectedAuc(
                portfolio.truth.map((t) => -t.observableLogOdds),
                portfolio.truth.map((t) => 1 - t.churnProbability)
            ),
            12
        );
        expect(achievable.oracle).toBeGreaterThan(achievable.observable);
    });

    describe('with the engine', () => {
        const run = runBacktest({
            dataset: portfolio.records,
            scorer: engineScorer,
            config: config(),
            fit: true,
            fittedOn: '2026-11-22',
            validateConfig: (c) => parseModelConfig(c, 'fitted')
        });

        it('separates renewals from losses at both horizons, below what the truth allows', () => {
            for (const horizon of run.report.horizons) {
                expect(horizon.auc).toBeGreaterThan(0.65);
                expect(horizon.auc).toBeLessThan(achievable.observable + 0.03);
                // the spread between bands: Green renews more often than Yellow
                const rate = (band: string) => horizon.bands.find((b) => b.band === band)!.renewalRate;
                expect(rate('Green')).toBeGreaterThan(rate('Yellow') + 0.15);
            }
        });

        it('fits part weights that follow the truth and keeps the prior of what it cannot see', () => {
            const fit = run.report.fit!;
            const part = (key: string) => fit.parts.find((p) => p.part === key)!;
            // truth: usage decline > decision maker cold > Sev1 trouble; the pipeline carries nothing, and
            // late payment is only in the undated Days_Past_Due__c the backtest never sees
            expect(part('usage:trajectory').relativeWeight).toBeGreaterThan(1);
            expect(part('usage:trajectory').relativeWeight).toBeGreaterThan(
                part('usage:utilisation').relativeWeight
            );
            expect(part('relationship:decision-maker').relativeWeight).toBeGreaterThan(1);
            expect(part('relationship:decision-maker').relativeWeight).toBeGreaterThan(
                part('relationship:contacts').relativeWeight
            );
            // every account has the renewal open and a recent win: no variation, so the prior is kept
            expect(part('commercial:pipeline').keptPrior).toBe(true);
            expect(part('commercial:payment')).toMatchObject({ keptPrior: true, relativeWeight: 1 });
            expect(fit.notes.some((n) => /commercial:payment.*keeps the prior/.test(n))).toBe(true);
            expect(fit.fittedWeights.usage).toBeGreaterThan(fit.fittedWeights.commercial);
        });

        it('calibrates the learned score to a renewal probability that rises with the score', () => {
            const calibration = run.report.fit!.calibration!;
            expect(calibration.slope).toBeGreaterThan(0);
            // written into the deployable model (Calibration_Intercept__c / Calibration_Slope__c, 2 decimals)
            expect(run.fittedConfig!.calibrationSlope).toBe(Math.round(calibration.slope * 100) / 100);
            expect(run.fittedConfig!.calibrationIntercept).toBe(
                Math.round(calibration.intercept * 100) / 100
            );
            for (const heldOut of run.report.fit!.heldOut) {
                // better than always predicting the base rate
                const rate = heldOut.renewed / (heldOut.renewed + heldOut.lost);
                expect(heldOut.brier).toBeLessThan(rate * (1 - rate));
            }
        });

        it('shows the plain logistic regression and the intervals beside the model', () => {
            const comparison = run.report.comparison!;
            expect(comparison.plainCoefficients).not.toBeNull();
            for (const h of comparison.horizons) {
                expect(h.models.map((m) => m.name)).toEqual(['default', 'plain', 'spreadsheet']);
                for (const m of h.models) {
                    expect(m.auc.low).toBeLessThan(m.auc.estimate);
                    expect(m.auc.high).toBeGreaterThan(m.auc.estimate);
                }
            }
            for (const h of run.report.fit!.heldOut) {
                expect(h.plainInterval!.estimate).toBeGreaterThan(0.6);
                expect(h.fittedVsPlain!.high).toBeGreaterThan(h.fittedVsPlain!.low);
            }
        });

        it('brings the held-out AUC within 0.05 of what the true hazard reaches on the same outcomes', () => {
            // paired comparison on the held-out outcomes: the true observable hazard's AUC on exactly these
            // outcomes is the achievable AUC without the sampling noise of a 900-outcome test set
            const truth = new Map(portfolio.truth.map((t) => [t.accountId, t]));
            const splitDate = run.report.fit!.splitDate;
            for (const heldOut of run.report.fit!.heldOut) {
                const test = run.rows.filter(
                    (r) => r.horizonDays === heldOut.horizonDays && r.outcome.date >= splitDate
                );
                const achievableHere = auc(
                    test.map((r) => -truth.get(r.outcome.accountId)!.observableLogOdds),
                    test.map((r) => r.outcome.renewed)
                );
                expect(heldOut.fittedAuc).toBeGreaterThan(achievableHere - 0.05);
                expect(heldOut.fittedAuc).toBeLessThanOrEqual(achievableHere + 0.01);
                expect(heldOut.fittedAuc).toBeGreaterThan(heldOut.defaultAuc);
            }
        });

        it('produces a valid fitted configuration that round-trips through the record file', () => {
            const fitted = run.fittedConfig!;
            expect(fitted.version).toBe('fitted-2026-11-22');
            expect(fitted.active).toBe(false);
            expect(
                fitted.usageWeight +
                    fitted.relationshipWeight +
                    fitted.supportWeight +
                    fitted.commercialWeight
            ).toBeCloseTo(100, 9);
            expect(fitted.redThreshold).toBeLessThan(fitted.greenThreshold);
            const xml = customMetadataRecordXml(fitted, 'Fitted 2026-11-22');
            const values: Record<string, string> = {};
            for (const match of xml.matchAll(
                /<field>([^<]+)<\/field>\s*<value xsi:type="[^"]+">([^<]*)<\/value>/g
            ))
                values[match[1]!] = match[2]!;
            expect(modelConfigFromMetadataRecord(values)).toEqual(fitted);
        });
    });
});
