// Pins the signal-weight fit (signals.ts, issue 17) on hand-made outcomes with a stub scorer (issue 13, mutation
// testing): which weights are tried (the candidates and the current weight, up to the room the dimension's other
// signals leave), which rows count (scored ones only), the time split, the choice (the best training AUC; a tie or
// no measurable AUC keeps the current weight), the held-out comparison and its text. Every AUC below is counted by
// hand: the share of (renewal, loss) pairs where the renewal scores higher, a tie counting one half.
import type { SignalDefinition, SignalObservation } from '../engine';
import { DEFAULT_MODEL_CONFIG } from '../engine';
import type { ScoreAtDate } from './backtest';
import type { BacktestSignals } from './engineScorer';
import { engineScorerWith } from './engineScorer';
import { fitSignalWeights, formatSignalFits, SIGNAL_WEIGHT_CANDIDATES, type ScorerFor } from './signals';
import type { RawDataset } from './synthetic';

const NO_SUBSCORES = { usage: null, relationship: null, support: null, commercial: null };

function addDays(iso: string, days: number): string {
    return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const signal = (
    name: string,
    dimension: SignalDefinition['dimension'],
    weight: number
): SignalDefinition => ({
    name,
    label: `${name} survey`,
    aggregation: 'latest',
    windowDays: null,
    direction: 'higher',
    worst: -1,
    best: 1,
    dimension,
    weight
});

interface Account {
    id: string;
    renewed: boolean;
    /** the stub's score before the signals */
    base: number | null;
    /** the account's value of each signal (missing: no observation) */
    values: Record<string, number>;
    /** the stub answers Unknown for it */
    unknown?: boolean;
}

/**
 * score = base + sum over the definitions it is given of weight x the account's value; Unknown (with the score)
 * for an account marked so, or that has no value of a signal with weight above 0. Records the as-of dates.
 */
function stubFor(accounts: readonly Account[], asOfs: string[]): ScorerFor {
    const byId = new Map(accounts.map((a) => [a.id, a]));
    return (signals: BacktestSignals) =>
        (records, asOf): ScoreAtDate => {
            asOfs.push(`${String(records.account.Id)}@${asOf}`);
            const account = byId.get(String(records.account.Id))!;
            const observations = signals.values.get(account.id) ?? [];
            let score = account.base;
            let unknown = account.unknown === true;
            for (const d of signals.definitions) {
                const value = observations.find((o) => o.signal === d.name)?.value;
                if (value === undefined || value === null) unknown ||= d.weight > 0;
                else if (score !== null) score += d.weight * value;
            }
            return { score, band: unknown ? 'Unknown' : 'Yellow', subscores: NO_SUBSCORES };
        };
}

/** One account per outcome, a renewal opportunity every 10 days from 2025-01-10 in the given order. */
function dataset(accounts: readonly Account[]): RawDataset {
    return {
        Account: accounts.map((a) => ({ Id: a.id, Name: a.id })),
        Opportunity: accounts.map((a, i) => ({
            Id: `006${a.id}`,
            AccountId: a.id,
            Type: 'Renewal',
            IsClosed: true,
            IsWon: a.renewed,
            CloseDate: addDays('2025-01-10', i * 10),
            CreatedDate: '2024-01-01'
        }))
    };
}

function valuesOf(accounts: readonly Account[]): Map<string, SignalObservation[]> {
    return new Map(
        accounts.map((a) => [
            a.id,
            Object.entries(a.values).map(([name, value]) => ({ signal: name, date: null, value }))
        ])
    );
}

const zero = { S2: 0, S3: 0 };
/**
 * Seven training outcomes (A0-A6 and two unscored ones) and three later ones (A7-A9). S1 tells renewals from
 * losses except for A6; S2 and S3 are 0 everywhere.
 */
const A: Account[] = [
    { id: 'A0', renewed: true, base: 50, values: { S1: 1, ...zero } },
    { id: 'A1', renewed: true, base: 30, values: { S1: 1, ...zero } },
    { id: 'A2', renewed: false, base: 60, values: { S1: -1, ...zero } },
    // a loss the stub cannot score (Unknown with a high score), and a renewal without a score: both left out
    { id: 'AU', renewed: false, base: 99, values: { S1: 1, ...zero }, unknown: true },
    { id: 'A3', renewed: true, base: 40, values: { S1: 0, ...zero } },
    { id: 'A4', renewed: false, base: 45, values: { S1: -1, ...zero } },
    { id: 'AN', renewed: true, base: null, values: { S1: 1, ...zero } },
    { id: 'A5', renewed: true, base: 20, values: { S1: 1, ...zero } },
    { id: 'A6', renewed: false, base: 35, values: { S1: 1, ...zero } },
    { id: 'A7', renewed: true, base: 50, values: { S1: 1, ...zero } },
    { id: 'A8', renewed: false, base: 55, values: { S1: -1, ...zero } },
    { id: 'A9', renewed: true, base: 45, values: { S1: 0, ...zero } }
];
const S1 = signal('S1', 'relationship', 5);
const S2 = signal('S2', 'relationship', 60);
const S3 = signal('S3', 'support', 70);

describe('fitSignalWeights on hand-made outcomes', () => {
    it('tries the candidates that fit in the dimension, picks the best training AUC and compares on the later outcomes', () => {
        const asOfs: string[] = [];
        const fits = fitSignalWeights(
            dataset(A),
            DEFAULT_MODEL_CONFIG,
            { definitions: [S1, S2, S3], values: valuesOf(A) },
            { horizonDays: 60, trainShare: 0.7, scorerFor: stubFor(A, asOfs) }
        );
        // training renewals A0 A1 A3 A5 score 50+w, 30+w, 40, 20+w; losses A2 A4 A6 60-w, 45-w, 35+w (12 pairs):
        // w=0: 50>45,35; 40>35 -> 3. w=5: 55 ties 55, beats 40,40; 40 ties 40,40 -> 3.5. w=10: 60 beats all,
        // 40>35 twice -> 5. w=20 (L 40,25,55): 70 -> 3; 50 -> 2; 40 ties 40, beats 25, twice -> 8.
        // w=30 (L 30,15,65): 80 -> 3, 60, 40, 50 -> 2 each: 9. w=40 (L 20,5,75): 9 again.
        // S2 (60) leaves S1 room for 40: 50 is not tried.
        expect(fits[0]).toEqual({
            name: 'S1',
            label: 'S1 survey',
            dimension: 'relationship',
            current: 5,
            suggested: 30, // 40 only ties 30: the first best is kept
            horizonDays: 60,
            trainOutcomes: 7,
            testOutcomes: 3,
            candidates: [
                { weight: 0, trainAuc: 3 / 12 },
                { weight: 5, trainAuc: 3.5 / 12 },
                { weight: 10, trainAuc: 5 / 12 },
                { weight: 20, trainAuc: 8 / 12 },
                { weight: 30, trainAuc: 9 / 12 },
                { weight: 40, trainAuc: 9 / 12 }
            ],
            // later: renewals A7 A9 score 50+w, 45; loss A8 55-w. w=5: 55>50, 45<50 -> 1/2; w=30: 80, 45 > 25 -> 1
            heldOut: { current: 0.5, suggested: 1 }
        });
        // S2 and S3 are 0 for every account: every weight ties, so each keeps its own; S1 (5) leaves S2 room for
        // 95, and S3's dimension has no other signal (S1 and S2 do not count there)
        const tied = (weights: number[]) => weights.map((weight) => ({ weight, trainAuc: 3.5 / 12 }));
        expect(fits[1]).toMatchObject({
            name: 'S2',
            current: 60,
            suggested: 60,
            candidates: tied([0, 5, 10, 20, 30, 40, 50, 60]),
            heldOut: { current: 0.5, suggested: 0.5 }
        });
        expect(fits[2]).toMatchObject({
            name: 'S3',
            dimension: 'support',
            current: 70,
            suggested: 70,
            trainOutcomes: 7,
            testOutcomes: 3,
            candidates: tied([0, 5, 10, 20, 30, 40, 50, 70]),
            heldOut: { current: 0.5, suggested: 0.5 }
        });
        expect(fits).toHaveLength(3);
        // one horizon, 60 days before each outcome, no lead-time scorings
        expect(new Set(asOfs)).toEqual(
            new Set(A.map((a, i) => `${a.id}@${addDays(addDays('2025-01-10', i * 10), -60)}`))
        );
        expect(asOfs).toHaveLength(A.length * (6 + 8 + 8));
        expect(formatSignalFits(fits)).toBe(
            [
                'Signals (weight fitted on the earlier outcomes, compared on the later ones):',
                '  S1 survey (S1, relationship): weight 5 -> suggested 30; held-out AUC at 60 days 0.500 -> 1.000 (7 training, 3 held-out outcomes)',
                '  S2 survey (S2, relationship): weight 60 -> suggested 60; held-out AUC at 60 days 0.500 -> 0.500 (7 training, 3 held-out outcomes)',
                '  S3 survey (S3, support): weight 70 -> suggested 70; held-out AUC at 60 days 0.500 -> 0.500 (7 training, 3 held-out outcomes)'
            ].join('\n')
        );
    });

    it('suggests a weight whose training AUC can be measured when the current one cannot, and 0 reads "does not help"', () => {
        // with S1 above 0 the loss B1 (no value) is Unknown: the training period (B0-B2) then has renewals only
        const B: Account[] = [
            { id: 'B0', renewed: true, base: 40, values: { S1: 1 } },
            { id: 'B1', renewed: false, base: 30, values: {} },
            { id: 'B2', renewed: true, base: 20, values: { S1: 1 } },
            { id: 'B3', renewed: true, base: 50, values: { S1: 1 } },
            { id: 'B4', renewed: false, base: 60, values: { S1: -1 } }
        ];
        const current = { ...S1, weight: 10 };
        const [fit] = fitSignalWeights(
            dataset(B),
            DEFAULT_MODEL_CONFIG,
            { definitions: [current], values: valuesOf(B) },
            { horizonDays: 30, trainShare: 0.5, scorerFor: stubFor(B, []) }
        );
        // split on the scored rows at weight 10 (B0 B2 B3 B4): the third date, B3's
        expect(fit!.candidates).toEqual([
            { weight: 0, trainAuc: 0.5 }, // B0 40 > B1 30, B2 20 < 30
            ...[5, 10, 20, 30, 40, 50].map((weight) => ({ weight, trainAuc: Number.NaN }))
        ]);
        expect(fit!.suggested).toBe(0);
        expect([fit!.trainOutcomes, fit!.testOutcomes]).toEqual([2, 2]);
        // later: B3 (renewal) 50 + w, B4 (loss) 60 - w: at 10 60 > 50; at 0 50 < 60
        expect(fit!.heldOut).toEqual({ current: 1, suggested: 0 });
        expect(formatSignalFits([fit!])).toBe(
            'Signals (weight fitted on the earlier outcomes, compared on the later ones):\n' +
                '  S1 survey (S1, relationship): weight 10 -> suggested 0 (the signal does not help: consider deactivating it); held-out AUC at 30 days 1.000 -> 0.000 (2 training, 2 held-out outcomes)'
        );
        // a weight not among the candidates is tried too, in order
        const [odd] = fitSignalWeights(
            dataset(B),
            DEFAULT_MODEL_CONFIG,
            { definitions: [{ ...S1, weight: 7 }], values: valuesOf(B) },
            { horizonDays: 30, trainShare: 0.5, scorerFor: stubFor(B, []) }
        );
        expect(odd!.candidates.map((c) => c.weight)).toEqual([0, 5, 7, 10, 20, 30, 40, 50]);
        expect(odd!.suggested).toBe(0);
    });

    it('without two outcome dates every outcome trains and nothing is held out', () => {
        const C: Account[] = [
            { id: 'C0', renewed: true, base: 40, values: { S1: 1 } },
            { id: 'C1', renewed: false, base: 30, values: {} }
        ];
        const [fit] = fitSignalWeights(
            dataset(C),
            DEFAULT_MODEL_CONFIG,
            { definitions: [S1], values: valuesOf(C) },
            { horizonDays: 60, trainShare: 0.7, scorerFor: stubFor(C, []) }
        );
        // at 5 only C0 is scored: one outcome, no split; at 0 both train (40 > 30)
        expect(fit!.candidates[0]).toEqual({ weight: 0, trainAuc: 1 });
        expect(fit!.suggested).toBe(0);
        expect([fit!.trainOutcomes, fit!.testOutcomes]).toEqual([1, 0]);
        expect(fit!.heldOut).toEqual({ current: Number.NaN, suggested: Number.NaN });
        expect(formatSignalFits([fit!])).toContain(
            'held-out AUC at 60 days n/a -> n/a (1 training, 0 held-out'
        );
        expect(SIGNAL_WEIGHT_CANDIDATES).toEqual([0, 5, 10, 20, 30, 40, 50]);
    });

    it('scores with the engine unless told otherwise', () => {
        const C = [...A];
        const signals = { definitions: [S1], values: valuesOf(C) };
        const options = { horizonDays: 60, trainShare: 0.7 };
        const plain = fitSignalWeights(dataset(C), DEFAULT_MODEL_CONFIG, signals, options);
        expect(plain).toEqual(
            fitSignalWeights(dataset(C), DEFAULT_MODEL_CONFIG, signals, {
                ...options,
                scorerFor: (s) => engineScorerWith(s)
            })
        );
        expect(plain[0]?.candidates.map((c) => c.weight)).toEqual([0, 5, 10, 20, 30, 40, 50]);
    });
});
