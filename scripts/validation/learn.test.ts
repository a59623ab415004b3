import {
    applyPartWeights,
    brierScore,
    calibratedLogLikelihood,
    calibrateScore,
    coordinateSearch,
    fitPartWeights,
    partPoints,
    pooledAuc,
    renewalProbability,
    withinRule,
    MIN_GAIN,
    PART_SPECS,
    SEARCH_SPACE
} from './learn';
import { Random } from './random';

describe('withinRule', () => {
    it('clamps to min/max, respects an exclusive minimum and rounds whole-number keys', () => {
        expect(withinRule(-3, { min: 0 })).toBe(0);
        expect(withinRule(130, { min: 0, max: 100 })).toBe(100);
        expect(withinRule(42.4, { min: 0, max: 100 })).toBe(42.4);
        expect(withinRule(7.6, { integer: true })).toBe(8);
        expect(withinRule(0, { min: 0, exclusiveMin: true, integer: true })).toBe(1);
        expect(withinRule(0, { min: 0, exclusiveMin: true })).toBeGreaterThan(0);
        expect(withinRule(0, { min: 0, exclusiveMin: true })).toBeLessThan(1e-3);
        expect(withinRule(5, undefined)).toBe(5);
    });
});

describe('partPoints', () => {
    it('sums the drivers of each part, matching the dimension when a driver names one', () => {
        const points = partPoints([
            { code: 'CONTACT', points: 4, dimension: 'relationship' },
            { code: 'CONTACT', points: -6, dimension: 'relationship' },
            { code: 'USAGE_TRAJECTORY', points: -9, dimension: 'usage' },
            { code: 'USAGE_TRAJECTORY', points: 100, dimension: 'support' },
            { code: 'SUPPORT_CSAT', points: 2 },
            { code: 'BASELINE', points: 50 }
        ]);
        const at = (key: string) => points[PART_SPECS.findIndex((spec) => spec.key === key)];
        expect(at('relationship:contacts')).toBe(-2);
        expect(at('usage:trajectory')).toBe(-9);
        expect(at('support:csat')).toBe(2);
        expect(at('usage:utilisation')).toBe(0);
        expect(points).toHaveLength(PART_SPECS.length);
    });
});

describe('fitPartWeights', () => {
    const specs = PART_SPECS.slice(0, 3); // utilisation, breadth, trajectory
    const random = new Random(3);
    const rows = Array.from({ length: 4000 }, () => {
        const points = [random.uniform(-10, 10), random.uniform(-10, 10), 0];
        // truth: utilisation points matter three times as much as breadth points
        const z = 1 + 0.3 * (points[0] as number) + 0.1 * (points[1] as number);
        return { points, renewed: random.chance(1 / (1 + Math.exp(-z))) };
    });

    it('learns per-part weights in the truth order and keeps the prior of a part it never saw', () => {
        const fit = fitPartWeights(rows, specs, 0)!;
        expect(fit.coefficients['usage:utilisation']).toBeGreaterThan(0.25);
        expect(fit.coefficients['usage:utilisation']).toBeLessThan(0.35);
        expect(fit.coefficients['usage:breadth']).toBeGreaterThan(0.07);
        expect(fit.coefficients['usage:breadth']).toBeLessThan(0.13);
        // relative to the mean of the parts seen: about 1.5 and 0.5
        expect(fit.relative['usage:utilisation']).toBeCloseTo(1.5, 0);
        expect(fit.relative['usage:breadth']! + fit.relative['usage:utilisation']!).toBeCloseTo(2, 9);
        expect(fit.keptPrior).toEqual(['usage:trajectory']);
        expect(fit.relative['usage:trajectory']).toBe(1);
        expect(fit.coefficients['usage:trajectory']).toBeNaN();
        expect(fit.converged).toBe(true);
    });

    it('never gives a part a negative weight (a driver keeps its direction)', () => {
        const flipped = rows.map((row) => ({
            points: [-(row.points[0] as number), row.points[1] as number, 0],
            renewed: row.renewed
        }));
        const fit = fitPartWeights(flipped, specs, 0)!;
        expect(fit.coefficients['usage:utilisation']).toBe(0);
        expect(fit.relative['usage:utilisation']).toBe(0);
    });

    it('returns null without rows, without variation, or when nothing predicts renewal', () => {
        expect(fitPartWeights([], specs)).toBeNull();
        expect(
            fitPartWeights(
                [
                    { points: [1, 1, 1], renewed: true },
                    { points: [1, 1, 1], renewed: false }
                ],
                specs
            )
        ).toBeNull();
        const inverse = rows.map((row) => ({
            points: [-(row.points[0] as number), -(row.points[1] as number), 0],
            renewed: row.renewed
        }));
        expect(fitPartWeights(inverse, specs, 0)).toBeNull();
    });
});

describe('applyPartWeights', () => {
    const config = {
        usageWeight: 35,
        relationshipWeight: 25,
        supportWeight: 20,
        commercialWeight: 20,
        utilisationShare: 30,
        breadthShare: 20,
        trajectoryShare: 50,
        singleThreadPenalty: 10,
        openSev1Penalty: 40,
        openSev2Penalty: 20,
        openSev3Penalty: 8,
        escalationPenalty: 15,
        caseSurgePenalty: 20,
        slowResolutionPenalty: 10,
        csatPoints: 10,
        pastDuePointsPerDay: 1,
        openPipelinePoints: 60,
        recentWinPoints: 40,
        version: 'v'
    };
    const rules = { openSev1Penalty: { min: 0, max: 100 }, csatPoints: { min: 0, max: 50 } };

    it('multiplies each part effect by its relative weight (dimension weight x part share)', () => {
        const relative = {
            'usage:trajectory': 2,
            'usage:utilisation': 0.5,
            'support:open-cases': 2,
            'support:csat': 1
        };
        const next = applyPartWeights(config, relative, rules);
        // usage: shares 30*0.5, 20*1, 50*2 -> 15, 20, 100; the dimension weight follows the weighted sum
        expect(next.utilisationShare).toBe(15);
        expect(next.breadthShare).toBe(20);
        expect(next.trajectoryShare).toBe(100);
        // support: its weight doubles (largest part), the open-case penalties stay, the others halve
        expect(next.openSev1Penalty).toBe(40);
        expect(next.csatPoints).toBe(5);
        expect(next.escalationPenalty).toBe(7.5);
        // before rescaling: usage 35*135/100 = 47.25, relationship 25, support 40, commercial 20 (sum 132.25)
        expect(Math.abs(next.usageWeight - (100 * 47.25) / 132.25)).toBeLessThanOrEqual(0.1);
        expect(Math.abs(next.supportWeight - (100 * 40) / 132.25)).toBeLessThanOrEqual(0.1);
        expect(
            next.usageWeight + next.relationshipWeight + next.supportWeight + next.commercialWeight
        ).toBeCloseTo(100, 6);
        // the effect of trajectory relative to utilisation grew by 2 / 0.5 = 4
        expect(next.trajectoryShare / next.utilisationShare).toBeCloseTo((4 * 50) / 30, 9);
        expect(next.version).toBe('v');
    });

    it('mixes share parts (role weights) and point parts (single-threading) in one dimension', () => {
        const roles = {
            relationshipWeight: 25,
            decisionMakerWeight: 4,
            approverWeight: 3,
            influencerWeight: 2,
            userRoleWeight: 1,
            unsetRoleWeight: 1,
            singleThreadPenalty: 10
        };
        const next = applyPartWeights(
            roles,
            {
                'relationship:decision-maker': 2,
                'relationship:contacts': 0.5,
                'relationship:single-threaded': 3
            },
            {}
        );
        // role weights: 4 x 2 = 8; the others halve; the dimension follows (8 + 3.5) / 11
        expect(next.decisionMakerWeight).toBe(8);
        expect(next.approverWeight).toBe(1.5);
        expect(next.unsetRoleWeight).toBe(0.5);
        const factor = 11.5 / 11;
        // single-threading: 3 relative to the dimension's factor
        expect(next.singleThreadPenalty).toBeCloseTo((10 * 3) / factor, 9);
        // the only dimension weight present takes all 100
        expect(next.relationshipWeight).toBe(100);
    });

    it('leaves a configuration unchanged when every part keeps its prior', () => {
        const next = applyPartWeights(config, {}, rules);
        expect(next).toEqual(config);
    });

    it('clamps a scaled value to its rule and skips keys the configuration lacks', () => {
        const next = applyPartWeights(
            { supportWeight: 20, openSev1Penalty: 80, csatPoints: 10 },
            { 'support:open-cases': 3, 'support:csat': 1 },
            rules
        );
        expect(next.openSev1Penalty).toBe(80);
        expect(next.csatPoints).toBeCloseTo(10 / 3, 9);
        expect(next).not.toHaveProperty('escalationPenalty');
        expect(next.supportWeight).toBe(100);
        const capped = applyPartWeights(
            { supportWeight: 20, openSev1Penalty: 80, csatPoints: 40 },
            { 'support:open-cases': 0.1, 'support:csat': 3 },
            rules
        );
        expect(capped.csatPoints).toBe(40);
        expect(capped.openSev1Penalty).toBeCloseTo((80 * 0.1) / 3, 9);
    });
});

describe('applyPartWeights edge cases', () => {
    it('leaves out a dimension whose weight key is missing, and keeps every weight 0 when all are 0', () => {
        const next = applyPartWeights({ utilisationShare: 30, supportWeight: 0, usageWeight: 0 }, {}, {});
        expect(next.usageWeight).toBe(0);
        expect(next.supportWeight).toBe(0);
        expect(next).not.toHaveProperty('relationshipWeight');
        const noUsage = applyPartWeights(
            { utilisationShare: 30, supportWeight: 20 },
            { 'usage:utilisation': 2 },
            {}
        );
        expect(noUsage).not.toHaveProperty('usageWeight');
        expect(noUsage.utilisationShare).toBe(30); // the whole dimension is left as it is
    });

    it('keeps the dimension weight when every part of it learned 0 (no division by zero)', () => {
        const next = applyPartWeights(
            { supportWeight: 20, commercialWeight: 20, csatPoints: 10, escalationPenalty: 15 },
            {
                'support:csat': 0,
                'support:escalated': 0,
                'support:open-cases': 0,
                'support:surge': 0,
                'support:slow': 0
            },
            {}
        );
        expect(next.csatPoints).toBe(0);
        expect(next.escalationPenalty).toBe(0);
        expect(next.supportWeight).toBe(50);
        expect(next.commercialWeight).toBe(50);
    });

    it('keeps the dimension weight when its shares are all 0', () => {
        const next = applyPartWeights(
            {
                usageWeight: 30,
                relationshipWeight: 10,
                utilisationShare: 0,
                breadthShare: 0,
                trajectoryShare: 0
            },
            { 'usage:trajectory': 3 },
            {}
        );
        expect(next.usageWeight).toBe(75);
    });
});

describe('coordinateSearch', () => {
    it('keeps a value only when it beats the current AUC by more than MIN_GAIN, within the rule', () => {
        // AUC peaks at halfLifeDays 90; usageRecentDays barely matters (less than MIN_GAIN)
        const evaluate = (c: { halfLifeDays: number; usageRecentDays: number }) =>
            0.7 - Math.abs(c.halfLifeDays - 90) / 1000 + (c.usageRecentDays === 60 ? MIN_GAIN / 2 : 0);
        const result = coordinateSearch(
            { halfLifeDays: 45, usageRecentDays: 30, name: 'x' },
            evaluate,
            { halfLifeDays: { min: 0, max: 60 } },
            [
                { key: 'halfLifeDays', values: [30, 90, 120] },
                { key: 'usageRecentDays', values: [30, 60] },
                { key: 'missing', values: [1] },
                { key: 'name', values: [1] }
            ]
        );
        // 90 and 120 are clamped to the rule's maximum 60, the best allowed
        expect(result.config.halfLifeDays).toBe(60);
        expect(result.config.usageRecentDays).toBe(30);
        expect(result.steps).toHaveLength(1);
        expect(result.steps[0]).toMatchObject({ key: 'halfLifeDays', from: 45, to: 60 });
        expect(result.steps[0]!.validationAuc).toBeCloseTo(0.67, 9);
        expect(result.startAuc).toBeCloseTo(0.655, 9);
        expect(result.finalAuc).toBeCloseTo(0.67, 9);
    });

    it('does not keep a value that gains exactly MIN_GAIN', () => {
        const result = coordinateSearch(
            { halfLifeDays: 45 },
            (c) => (c.halfLifeDays === 90 ? 0.5 + MIN_GAIN : 0.5),
            {},
            [{ key: 'halfLifeDays', values: [90] }]
        );
        expect(result.config.halfLifeDays).toBe(45);
        expect(result.steps).toEqual([]);
    });

    it('skips candidates the configuration rules reject', () => {
        const result = coordinateSearch(
            { redThreshold: 40 },
            (c) => c.redThreshold / 100,
            {},
            [{ key: 'redThreshold', values: [50, 80] }],
            (c) => c.redThreshold < 70
        );
        expect(result.config.redThreshold).toBe(50);
    });
});

describe('SEARCH_SPACE', () => {
    it('tries usage trajectory windows long enough for a decline spread over months', () => {
        // an outcome set on which only a 120-day recent window against a year before it ranks well
        const evaluate = (c: { usageRecentDays: number; usagePriorDays: number }) =>
            0.6 + (c.usageRecentDays === 120 ? 0.05 : 0) + (c.usagePriorDays === 365 ? 0.05 : 0);
        const result = coordinateSearch({ usageRecentDays: 30, usagePriorDays: 150 }, evaluate, {});
        expect(result.config).toEqual({ usageRecentDays: 120, usagePriorDays: 365 });
        expect(result.steps.map((step) => step.key)).toEqual(['usageRecentDays', 'usagePriorDays']);
        const prior = SEARCH_SPACE.find((entry) => entry.key === 'usagePriorDays')!;
        expect(prior.values).toContain(270);
    });
});

describe('calibration', () => {
    it('maps the score to a renewal probability that rises with it, recovering a known curve', () => {
        const random = new Random(9);
        const scores = Array.from({ length: 20000 }, () => random.uniform(0, 100));
        const renewed = scores.map((s) => random.chance(1 / (1 + Math.exp(-(1 + (0.5 * (s - 50)) / 10)))));
        const calibration = calibrateScore(scores, renewed);
        expect(calibration.intercept).toBeCloseTo(1, 0);
        expect(calibration.slope).toBeCloseTo(0.5, 1);
        expect(renewalProbability({ intercept: 1, slope: 0.5 }, 50)).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
        expect(renewalProbability({ intercept: 0, slope: 1 }, 60)).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    });

    it('never gives a falling curve', () => {
        expect(calibrateScore([10, 20, 80, 90], [true, true, false, false]).slope).toBe(0);
    });

    it('measures probabilities with the Brier score', () => {
        expect(brierScore([1, 0, 0.5], [true, false, true])).toBeCloseTo(0.25 / 3, 12);
        expect(brierScore([], [])).toBeNaN();
    });

    it('measures a score by the mean log-likelihood of the outcomes under its own calibration', () => {
        // a score that says nothing: the calibration is the renewal rate (3 of 4), ln of it per outcome
        const flat = calibratedLogLikelihood([50, 50, 50, 50], [true, true, true, false]);
        expect(flat).toBeCloseTo((3 * Math.log(0.75) + Math.log(0.25)) / 4, 4);
        // by hand from the fitted curve: ln P(renewed) for a renewal, ln(1 - P) for a loss, averaged
        const random = new Random(4);
        const scores = Array.from({ length: 400 }, () => random.uniform(0, 100));
        const renewed = scores.map((s) => random.chance(1 / (1 + Math.exp(-(s - 40) / 15))));
        const calibration = calibrateScore(scores, renewed);
        const byHand =
            scores.reduce((sum, score, i) => {
                const p = renewalProbability(calibration, score);
                return sum + (renewed[i] ? Math.log(p) : Math.log(1 - p));
            }, 0) / scores.length;
        expect(calibratedLogLikelihood(scores, renewed)).toBeCloseTo(byHand, 12);
        // the score that carries the signal explains the outcomes better than the same outcomes shuffled
        const shuffled = scores.map((_, i) => scores[(i * 7 + 3) % scores.length] as number);
        expect(calibratedLogLikelihood(scores, renewed)).toBeGreaterThan(
            calibratedLogLikelihood(shuffled, renewed) + 0.05
        );
        expect(calibratedLogLikelihood([], [])).toBeNaN();
    });

    it('pooledAuc is the AUC, and 0.5 when it cannot be measured', () => {
        expect(pooledAuc([1, 2, 3], [false, true, true])).toBe(1);
        expect(pooledAuc([1, 2], [true, true])).toBe(0.5);
    });
});
