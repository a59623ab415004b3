import {
    accuracyAt,
    auc,
    aucDifference,
    aucWithInterval,
    delong,
    interval95,
    aucStandardError,
    bottomDecileLift,
    calibrationTable,
    countOutcomes,
    expectedAuc,
    renewalRateByBand,
    rocCurve,
    wilsonInterval
} from './metrics';
import { Random } from './random';

describe('auc', () => {
    it('matches the hand-computed value without ties', () => {
        // pairs (renewal, loss): 0.35>0.1 yes, 0.35>0.4 no, 0.8>0.1 yes, 0.8>0.4 yes -> 3/4
        expect(auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBeCloseTo(0.75, 12);
    });

    it('counts tied pairs as one half', () => {
        // renewals 2,3; losses 1,2: 2>1 (1) + 2=2 (0.5) + 3>1 (1) + 3>2 (1) = 3.5 of 4
        expect(auc([1, 2, 2, 3], [false, true, false, true])).toBeCloseTo(0.875, 12);
        expect(auc([5, 5, 5, 5], [true, false, true, false])).toBeCloseTo(0.5, 12);
    });

    it('is 1 for a perfect ranking, 0 for a reversed one, NaN with one class', () => {
        expect(auc([1, 2, 3, 4], [false, false, true, true])).toBe(1);
        expect(auc([1, 2, 3, 4], [true, true, false, false])).toBe(0);
        expect(auc([1, 2], [true, true])).toBeNaN();
    });

    it('does not depend on the order of the input', () => {
        const random = new Random(7);
        const scores = Array.from({ length: 200 }, () => random.int(0, 20));
        const labels = scores.map((s) => random.chance(s / 25));
        const shuffled = scores.map((_, i) => i).sort(() => random.next() - 0.5);
        expect(
            auc(
                shuffled.map((i) => scores[i] as number),
                shuffled.map((i) => labels[i] as boolean)
            )
        ).toBeCloseTo(auc(scores, labels), 12);
    });

    it('equals the area under its ROC curve', () => {
        const scores = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
        const labels = [true, false, true, false, true, true, false, true, false, true];
        const roc = rocCurve(scores, labels);
        let area = 0;
        for (let i = 1; i < roc.length; i++) {
            const a = roc[i - 1]!;
            const b = roc[i]!;
            area +=
                ((b.falsePositiveRate - a.falsePositiveRate) * (a.truePositiveRate + b.truePositiveRate)) / 2;
        }
        expect(roc[0]).toMatchObject({ falsePositiveRate: 0, truePositiveRate: 0 });
        expect(roc[roc.length - 1]).toMatchObject({ falsePositiveRate: 1, truePositiveRate: 1 });
        expect(area).toBeCloseTo(auc(scores, labels), 12);
    });
});

describe('expectedAuc', () => {
    it('matches a hand-computed population AUC', () => {
        // numerator: 0.5*0.8 + 0.9*0.8 + 0.9*0.5 = 1.57; denominator: 1.6*1.4 - (0.16+0.25+0.09) = 1.74
        expect(expectedAuc([1, 2, 3], [0.2, 0.5, 0.9])).toBeCloseTo(1.57 / 1.74, 12);
        expect(expectedAuc([1, 2], [0.5, 0.5])).toBeCloseTo(0.5, 12);
    });

    it('equals the empirical AUC when the outcomes are certain', () => {
        const scores = [1, 2, 2, 3, 7, 0];
        const labels = [false, true, false, true, true, false];
        expect(
            expectedAuc(
                scores,
                labels.map((l) => (l ? 1 : 0))
            )
        ).toBeCloseTo(auc(scores, labels), 12);
    });

    it('is what the empirical AUC averages to over many draws', () => {
        const random = new Random(11);
        const probabilities = Array.from({ length: 400 }, () => random.uniform(0.05, 0.95));
        const scores = probabilities.map((p) => Math.round(p * 20)); // a coarse score with ties
        let sum = 0;
        const draws = 300;
        for (let d = 0; d < draws; d++)
            sum += auc(
                scores,
                probabilities.map((p) => random.chance(p))
            );
        expect(sum / draws).toBeCloseTo(expectedAuc(scores, probabilities), 2);
    });
});

describe('accuracyAt', () => {
    it('matches a hand count and reports the majority baseline', () => {
        // predicted renewal (score >= 40): F F T T T; actual F T F T T -> 3 of 5 correct
        const result = accuracyAt([10, 30, 50, 70, 90], [false, true, false, true, true], 40);
        expect(result.accuracy).toBeCloseTo(0.6, 12);
        expect(result.majorityBaseline).toBeCloseTo(0.6, 12);
        expect(result.lossesCaught).toBeCloseTo(0.5, 12); // 1 of 2 losses flagged
        expect(result.flaggedPrecision).toBeCloseTo(0.5, 12); // 1 of 2 flagged was lost
    });
});

describe('renewalRateByBand', () => {
    it('counts renewals per band in Green, Yellow, Red, Unknown order', () => {
        const rates = renewalRateByBand([
            { score: 20, renewed: false, band: 'Red' },
            { score: 80, renewed: true, band: 'Green' },
            { score: 50, renewed: true, band: 'Yellow' },
            { score: 25, renewed: true, band: 'Red' },
            { score: 90, renewed: true, band: 'Green' },
            { score: 55, renewed: false, band: 'Yellow' },
            { score: 60, renewed: false, band: 'Unknown' }
        ]);
        expect(rates).toEqual([
            { band: 'Green', count: 2, renewed: 2, renewalRate: 1 },
            { band: 'Yellow', count: 2, renewed: 1, renewalRate: 0.5 },
            { band: 'Red', count: 2, renewed: 1, renewalRate: 0.5 },
            { band: 'Unknown', count: 1, renewed: 0, renewalRate: 0 }
        ]);
    });
});

describe('bottomDecileLift', () => {
    it('divides the bottom 10% loss rate by the overall loss rate', () => {
        const scores = Array.from({ length: 20 }, (_, i) => i + 1);
        const renewed = scores.map((s) => ![1, 2, 5].includes(s));
        const lift = bottomDecileLift(scores, renewed);
        expect(lift.count).toBe(2);
        expect(lift.lossRate).toBe(1);
        expect(lift.overallLossRate).toBeCloseTo(0.15, 12);
        expect(lift.lift).toBeCloseTo(1 / 0.15, 12);
    });

    it('averages a tie group that straddles the cut, so order does not matter', () => {
        // n = 10 -> decile of 1; all tied -> the decile gets the average loss rate 3/10 -> lift 1
        const renewed = [false, true, true, false, true, true, false, true, true, true];
        const lift = bottomDecileLift(new Array(10).fill(50), renewed);
        expect(lift.lossRate).toBeCloseTo(0.3, 12);
        expect(lift.lift).toBeCloseTo(1, 12);
    });
});

describe('calibrationTable', () => {
    it('bins by 10 points with observed and predicted renewal rates', () => {
        const bins = calibrationTable([5, 8, 55, 100, 95], [false, true, true, true, false], (s) => s / 100);
        expect(bins).toEqual([
            {
                from: 0,
                to: 10,
                count: 2,
                meanScore: 6.5,
                observedRenewalRate: 0.5,
                predictedRenewalRate: 0.065
            },
            { from: 50, to: 60, count: 1, meanScore: 55, observedRenewalRate: 1, predictedRenewalRate: 0.55 },
            {
                from: 90,
                to: 100,
                count: 2,
                meanScore: 97.5,
                observedRenewalRate: 0.5,
                predictedRenewalRate: 0.975
            }
        ]);
    });
});

describe('countOutcomes', () => {
    it('warns below 100 renewals or 100 losses', () => {
        const few = countOutcomes([...new Array(150).fill(true), ...new Array(40).fill(false)]);
        expect(few).toMatchObject({ total: 190, renewed: 150, lost: 40 });
        expect(few.warnings).toHaveLength(1);
        expect(few.warnings[0]).toMatch(/Only 40 losses/);
        expect(countOutcomes([...new Array(100).fill(true), ...new Array(100).fill(false)]).warnings).toEqual(
            []
        );
    });
});

describe('aucStandardError', () => {
    it('matches the Hanley-McNeil formula for a known case', () => {
        // A=0.8, 50/50: Q1=0.8/1.2, Q2=1.28/1.8
        const q1 = 0.8 / 1.2;
        const q2 = 1.28 / 1.8;
        const expected = Math.sqrt((0.16 + 49 * (q1 - 0.64) + 49 * (q2 - 0.64)) / 2500);
        expect(aucStandardError(0.8, 50, 50)).toBeCloseTo(expected, 12);
    });
});

describe('DeLong intervals', () => {
    // renewals 0.9, 0.8, 0.4; losses 0.7, 0.3: AUC 2.5/3; components V10 = 1, 1, 0.5 and V01 = 2/3, 1
    const scores = [0.9, 0.8, 0.4, 0.7, 0.3];
    const renewed = [true, true, true, false, false];

    it('gives the AUC and its variance S10/m + S01/n', () => {
        const result = delong([scores], renewed);
        expect(result.auc[0]).toBeCloseTo(2.5 / 3, 12);
        expect(result.auc[0]).toBeCloseTo(auc(scores, renewed), 12);
        expect(result.covariance[0]![0]).toBeCloseTo(1 / 12 / 3 + 1 / 18 / 2, 12);
        const interval = aucWithInterval(scores, renewed);
        expect(interval.estimate).toBeCloseTo(2.5 / 3, 12);
        expect(interval.low).toBeCloseTo(2.5 / 3 - 1.959964 * Math.sqrt(1 / 18), 9);
        expect(interval.high).toBe(1);
    });

    it('counts ties half, like the AUC', () => {
        const tied = [0.5, 0.5, 0.5, 0.2];
        const labels = [true, false, true, false];
        expect(delong([tied], labels).auc[0]).toBeCloseTo(auc(tied, labels), 12);
    });

    it('a paired difference of a score with itself is exactly 0, and with its reverse is 2 AUC - 1', () => {
        const same = aucDifference(scores, scores, renewed);
        expect(same.estimate).toBe(0);
        expect(same.low).toBe(0);
        expect(same.high).toBe(0);
        const reversed = aucDifference(
            scores,
            scores.map((s) => -s),
            renewed
        );
        expect(reversed.estimate).toBeCloseTo(2 * (2.5 / 3) - 1, 12);
        expect(reversed.low).toBeLessThan(reversed.estimate);
    });

    it('has no interval with fewer than two of either outcome', () => {
        const result = delong([[1, 2, 3]], [false, true, true]);
        expect(result.auc[0]).toBe(1);
        expect(result.covariance[0]![0]).toBeNaN();
        expect(aucWithInterval([1, 2, 3], [false, true, true]).low).toBeNaN();
    });

    it('interval95 clamps to its range', () => {
        const plain = interval95(0.5, 0.01);
        expect(plain.estimate).toBe(0.5);
        expect(plain.low).toBeCloseTo(0.5 - 0.1959964, 12);
        expect(plain.high).toBeCloseTo(0.5 + 0.1959964, 12);
        expect(interval95(NaN, 0.01).low).toBeNaN();
        expect(interval95(0.95, 0.01).high).toBe(1);
        expect(interval95(-0.9, 0.04, -1, 1).low).toBe(-1);
    });
});

describe('wilsonInterval', () => {
    it('is the Wilson score interval at z = 1.96', () => {
        // n = 10, p = 0.9, z² = 3.8416: centre (0.9 + 0.19208) / 1.38416 = 0.78898,
        // half 1.96 × sqrt(0.009 + 0.009604) / 1.38416 = 0.19314: [0.59584, 0.98212]
        const nine = wilsonInterval(9, 10);
        expect(nine.estimate).toBeCloseTo(0.9, 12);
        expect(nine.low).toBeCloseTo(0.59584, 5);
        expect(nine.high).toBeCloseTo(0.98212, 5);
    });

    it('stays inside [0, 1] at 0% and 100%, where a normal interval collapses', () => {
        // n = 5, p = 0, z² / n = 0.76832: centre (0.38416) / 1.76832 = 0.21725,
        // half 1.96 × sqrt(3.8416 / 100) / 1.76832 = 0.21725, so [0, 0.43449]
        const none = wilsonInterval(0, 5);
        expect(none.estimate).toBe(0);
        expect(none.low).toBeCloseTo(0, 12);
        expect(none.high).toBeCloseTo(0.43449, 5);
        const all = wilsonInterval(5, 5);
        expect(all.low).toBeCloseTo(0.56551, 5);
        expect(all.high).toBeCloseTo(1, 12);
    });

    it('takes another z', () => {
        // z = 1: n = 4, p = 0.5: centre 0.5, half sqrt(0.0625 + 1 / 64) / 1.25 = 0.223607
        const wide = wilsonInterval(2, 4, 1);
        expect(wide.low).toBeCloseTo(0.5 - 0.2236068, 6);
        expect(wide.high).toBeCloseTo(0.5 + 0.2236068, 6);
    });

    it('is NaN with no trial', () => {
        const empty = wilsonInterval(0, 0);
        expect(empty.estimate).toBeNaN();
        expect(empty.low).toBeNaN();
        expect(empty.high).toBeNaN();
    });
});
