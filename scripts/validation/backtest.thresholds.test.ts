// The learned model's band thresholds (scripts/validation/backtest.ts chooseThresholds): hand-worked cases for each
// guard and each margin, so that a wrong formula, bound or fallback fails here (found by mutation testing: the
// one case in honesty.test.ts has the renewal-rate margin binding, a top cut below 100 and no Red check).
import { chooseThresholds } from './backtest';

/** `count` accounts at `score`, the first `renewed` of them renewed */
type Group = [score: number, count: number, renewed: number];

function outcomes(groups: readonly Group[]): { scores: number[]; renewed: boolean[] } {
    const scores: number[] = [];
    const renewed: boolean[] = [];
    for (const [score, count, kept] of groups)
        for (let i = 0; i < count; i++) {
            scores.push(score);
            renewed.push(i < kept);
        }
    return { scores, renewed };
}

const current = { redThreshold: 40, greenThreshold: 70 };
const choose = (groups: readonly Group[], rowsPerOutcome = 1) => {
    const { scores, renewed } = outcomes(groups);
    return chooseThresholds(scores, renewed, current, rowsPerOutcome);
};

describe('chooseThresholds: where Green starts', () => {
    it('takes the cut whose smaller margin is largest when the share of renewals is the smaller one', () => {
        // 60 at 80 (all renew), 40 at 60 (30 renew), 20 at 30 (5 renew): 95 renewals of 120.
        // From 61: 60 / 60 renew (the rate margin is 0.1 / sqrt(1e-9 / 60), huge) and they hold 60 / 95 = 63.16% of
        // the renewals: (0.6316 - 0.5) / sqrt(0.6316 * 0.3684 / 95) = 2.659 standard errors, the smaller margin.
        // From 31: 90 / 100 = 90.0% renew, 0 standard errors above 90%. From 15: 79.2%, below. From 81 none are
        // left (fewer than 10): the search stops.
        const chosen = choose([
            [80, 60, 60],
            [60, 40, 30],
            [30, 20, 5]
        ]);
        expect(chosen.greenThreshold).toBe(61);
        expect(chosen.margin).toBeCloseTo(2.6587, 3);
        expect(chosen.greenFound).toBe(true);
        // Red: the Youden cut at or below Green - 10 = 51. Below 31 the 15 losses at 30 are Red and the 90 renewals
        // from 60 up are not: J = 15 / 25 + 90 / 95 - 1 = 0.547; any cut from 5 to 30 has J = 0.
        expect(chosen.redThreshold).toBe(31);
        expect(chosen.notes).toEqual([
            'Green from 61: the cut where both targets have the most room in the training period: its accounts renewed 100.0% (target 90%) and held 63.2% of the renewals (target 50%), each at least 2.7 standard errors beyond its target.',
            'Red below 31: at least 10 points under Green, the cut that best separates losses from renewals in the training period (Youden J 0.55).'
        ]);
    });

    it('searches Red only under that Green, not under the lowest cut renewing 90% by one standard error', () => {
        // honesty.test.ts's case: 40 at 80 (all renew), 40 at 60 (33 renew), 20 at 30 (4 renew). Green from 31 (its
        // rate margin 0.396 is the larger smaller margin), so Red is searched from 5 to 21, where every score is at
        // or above the cut: J = 0 everywhere, the first cut, 5, is kept. (Searched up to 51, under the 61 that
        // renews 100%, Red would be 31: J = 16 / 23 + 73 / 77 - 1 = 0.644.)
        const chosen = choose([
            [80, 40, 40],
            [60, 40, 33],
            [30, 20, 4]
        ]);
        expect(chosen.greenThreshold).toBe(31);
        expect(chosen.redThreshold).toBe(5);
    });

    it('counts a band renewing exactly 90% as reaching the target', () => {
        // 90 at 60 (81 renew: 90.0%), 10 at 20 (all lost): from 21 the rate is on the target (0 standard errors)
        // and every renewal is held
        const chosen = choose([
            [60, 90, 81],
            [20, 10, 0]
        ]);
        expect(chosen.greenThreshold).toBe(21);
        expect(chosen.margin).toBe(0);
        expect(chosen.notes[0]).toBe(
            'Green from 21: the cut where both targets have the most room in the training period: its accounts renewed 90.0% (target 90%) and held 100.0% of the renewals (target 50%), each at least 0.0 standard errors beyond its target.'
        );
    });

    it('tries a Green band of score 100 only', () => {
        // 20 at 100 (all renew), 10 at 99 (all lost), 70 at 20 (10 renew): 30 renewals. Only from 100 does the band
        // renew above 90% (20 / 20; 20 / 30 = 66.7% of the renewals: (0.6667 - 0.5) / sqrt(0.6667 * 0.3333 / 30) =
        // 1.936 standard errors); from 21 to 99 it renews 20 / 30.
        const chosen = choose([
            [100, 20, 20],
            [99, 10, 0],
            [20, 70, 10]
        ]);
        expect(chosen.greenThreshold).toBe(100);
        expect(chosen.margin).toBeCloseTo(1.9365, 3);
        // Red at 21: the 60 losses at 20 below it, the 20 renewals at 100 above: J = 60 / 70 + 20 / 30 - 1 = 0.52
        expect(chosen.redThreshold).toBe(21);
    });

    it('never takes a band of fewer than 10 accounts, nor of fewer than 5% of them', () => {
        // exactly 10 at the top, all renewed, of 100 accounts with 12 renewals: from 21 the band renews 10 / 10 and
        // holds 10 / 12 = 83.3% of the renewals, (0.8333 - 0.5) / sqrt(0.8333 * 0.1667 / 12) = 3.098 standard errors
        const ten = choose([
            [90, 10, 10],
            [20, 90, 2]
        ]);
        expect(ten.greenThreshold).toBe(21);
        expect(ten.margin).toBeCloseTo(3.0984, 3);
        // 9 at the top: too few, so the search stops at 21 and the best so far is 15 (every account, 12% renewing)
        const nine = choose([
            [90, 9, 9],
            [20, 91, 3]
        ]);
        expect(nine.greenThreshold).toBe(15);
        expect(nine.margin).toBeCloseTo(-24.0028, 3);
        expect(nine.notes[0]).toBe(
            'Green from 15: no cut reached both targets in the training period (the closest: 12.0% renewed, 100.0% of the renewals held); the band will likely miss one of them.'
        );
        // Red at least 10 under Green 15: 5, where no score is below it (J 0)
        expect(nine.redThreshold).toBe(5);
        expect(nine.notes[1]).toBe(
            'Red below 5: at least 10 points under Green, the cut that best separates losses from renewals in the training period (Youden J 0.00).'
        );
        // of 400 accounts, 5% is 20: a top band of 20 is taken (20 / 30 renewals held, 1.936 standard errors) ...
        const twenty = choose([
            [90, 20, 20],
            [20, 380, 10]
        ]);
        expect(twenty.greenThreshold).toBe(21);
        expect(twenty.margin).toBeCloseTo(1.9365, 3);
        // ... and one of 19 is not
        expect(
            choose([
                [90, 19, 19],
                [20, 381, 10]
            ]).greenThreshold
        ).toBe(15);
    });

    it('counts each outcome once when it is scored at several horizons', () => {
        // the 400 accounts above, each scored twice: still 5% of 400, so the band of 20 is taken with the same margin
        const twice = choose(
            [
                [90, 40, 40],
                [20, 760, 20]
            ],
            2
        );
        expect(twice.greenThreshold).toBe(21);
        expect(twice.margin).toBeCloseTo(1.9365, 3);
        // a number of scorings below 1 counts as 1
        expect(
            choose(
                [
                    [90, 10, 10],
                    [20, 90, 2]
                ],
                0
            ).margin
        ).toBeCloseTo(3.0984, 3);
    });

    it('keeps the thresholds when the training period has only renewals or only losses', () => {
        // 20 outcomes each: enough for a band, so only the one-kind guard keeps the search from running
        for (const kept of [20, 0])
            for (const rowsPerOutcome of [1, 2]) {
                const chosen = choose([[60, 20 * rowsPerOutcome, kept * rowsPerOutcome]], rowsPerOutcome);
                expect(chosen).toMatchObject({ ...current, greenFound: false, margin: null });
                expect(chosen.notes).toEqual([
                    'Only one kind of outcome in the training period: thresholds kept as they are.'
                ]);
            }
    });
});
