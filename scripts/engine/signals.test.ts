import {
    DEFAULT_MODEL_CONFIG,
    PortfolioScorer,
    headerOf,
    readSignal,
    scoreAccount,
    signalScore,
    validateSignals
} from './index';
import type { AccountInput, SignalDefinition } from './index';
import { AS_OF, daysAgo, emptyAccount, healthyAccount } from './fixtures';
import { dayNumber } from './dates';

const nps: SignalDefinition = {
    name: 'NPS',
    label: 'NPS survey',
    aggregation: 'latest',
    windowDays: 365,
    direction: 'higher',
    worst: -50,
    best: 50,
    dimension: 'relationship',
    weight: 25
};
const reopened: SignalDefinition = {
    name: 'Reopened',
    label: 'Tickets reopened',
    aggregation: 'count',
    windowDays: 90,
    direction: 'lower',
    worst: 5,
    best: 0,
    dimension: 'support',
    weight: 20
};
const asOfDay = dayNumber(AS_OF);
const at = (age: number, value: number) => ({ day: asOfDay - age, value });

describe('reading a signal', () => {
    it('maps linearly between worst and best, clamped, either direction', () => {
        expect(signalScore(nps, -50)).toBe(0);
        expect(signalScore(nps, 0)).toBe(50);
        expect(signalScore(nps, 25)).toBe(75);
        expect(signalScore(nps, 90)).toBe(100);
        expect(signalScore(nps, -90)).toBe(0);
        expect(signalScore(reopened, 0)).toBe(100);
        expect(signalScore(reopened, 1)).toBe(80);
        expect(signalScore(reopened, 9)).toBe(0);
    });

    it('latest: the newest value inside the window; none inside it = no reading', () => {
        expect(readSignal(nps, [at(100, 10), at(40, 30), at(200, -40)], asOfDay)).toMatchObject({
            reading: 30,
            age: 40,
            observations: 1,
            score: 80
        });
        expect(readSignal(nps, [at(365, 10)], asOfDay)).toBeNull();
        expect(readSignal(nps, [at(364, 10)], asOfDay)?.reading).toBe(10);
        expect(readSignal(nps, [], asOfDay)).toBeNull();
        // an undated current value (an Account field) is the newest
        expect(readSignal(nps, [at(1, 10), { day: null, value: -20 }], asOfDay)).toMatchObject({
            reading: -20,
            age: null
        });
    });

    it('average and count over the window (age 0 .. windowDays - 1)', () => {
        const avg = { ...nps, aggregation: 'average' as const, windowDays: 90 };
        expect(readSignal(avg, [at(0, 10), at(89, 20), at(90, 1000)], asOfDay)).toMatchObject({
            reading: 15,
            observations: 2,
            age: 0
        });
        expect(readSignal(avg, [at(90, 1000)], asOfDay)).toBeNull();
        expect(readSignal(reopened, [at(10, 1), at(20, 1), at(95, 1)], asOfDay)).toMatchObject({
            reading: 2,
            score: 60
        });
        // a count of nothing is a reading: no reopened ticket is the best
        expect(readSignal(reopened, [], asOfDay)).toMatchObject({ reading: 0, score: 100 });
    });
});

describe('validateSignals', () => {
    it.each([
        [{ weight: 0 }, 'NPS, Weight__c'],
        [{ weight: 101 }, 'NPS, Weight__c'],
        [{ best: -60 }, 'NPS, Best_Value__c: must be above Worst_Value__c when higher is better'],
        [{ direction: 'lower' as const }, 'NPS, Best_Value__c: must be below Worst_Value__c'],
        [{ aggregation: 'average' as const, windowDays: null }, 'NPS, Window_Days__c'],
        [{ windowDays: 1.5 }, 'NPS, Window_Days__c: must be a whole number'],
        [{ dimension: 'mood' as never }, 'NPS, Dimension__c'],
        [{ label: ' ' }, 'NPS, MasterLabel'],
        [{ aggregation: 'sum' as never }, 'NPS, Aggregation__c'],
        [{ worst: Number.NaN }, 'NPS, Worst_Value__c']
    ])('refuses %j naming the record and field', (change, message) => {
        expect(() => validateSignals([{ ...nps, ...change }])).toThrow(message);
    });

    it('refuses signals of one dimension weighing more than 100% together, and a name used twice', () => {
        expect(() => validateSignals([nps, { ...nps, name: 'CSM', weight: 80 }])).toThrow(
            'CSM, Weight__c: the active signals of the relationship dimension weigh 105% together'
        );
        expect(() => validateSignals([nps, { ...nps }])).toThrow(
            'NPS, DeveloperName: is used by two signals'
        );
        expect(() => validateSignals([nps, reopened, { ...nps, name: 'CSM', weight: 75 }])).not.toThrow();
    });
});

describe('a signal in the score', () => {
    const account = (signals: AccountInput['signals']) => healthyAccount('acc', { signals });

    it('joins its dimension with its weight, named in the admin words, and the drivers still add up', () => {
        const without = scoreAccount(account([]), DEFAULT_MODEL_CONFIG, AS_OF, { signals: [nps] });
        const low = scoreAccount(
            account([{ signal: 'NPS', date: daysAgo(40), value: -50 }]),
            DEFAULT_MODEL_CONFIG,
            AS_OF,
            { signals: [nps] }
        );
        const high = scoreAccount(
            account([{ signal: 'NPS', date: daysAgo(40), value: 50 }]),
            DEFAULT_MODEL_CONFIG,
            AS_OF,
            { signals: [nps] }
        );
        // no value: exactly as without the signal
        expect(without).toEqual(scoreAccount(account([]), DEFAULT_MODEL_CONFIG, AS_OF));
        const base = without.subscores.relationship as number;
        // subscores are whole numbers
        expect(
            Math.abs((low.subscores.relationship as number) - (0.75 * base + 0.25 * 0))
        ).toBeLessThanOrEqual(1);
        expect(
            Math.abs((high.subscores.relationship as number) - (0.75 * base + 0.25 * 100))
        ).toBeLessThanOrEqual(1);
        expect(low.composite).toBeLessThan(without.composite);
        const driver = low.drivers.find((d) => d.code === 'SIGNAL_NPS');
        expect(driver).toMatchObject({
            label: 'NPS survey: -50 (latest, 40 days ago)',
            dimension: 'relationship'
        });
        expect(driver?.points).toBeLessThan(0);
        for (const result of [without, low, high])
            expect(result.drivers.reduce((s, d) => s + d.points, 0)).toBe(result.score);
    });

    it('ignores values dated after the as-of date (point in time)', () => {
        const future = scoreAccount(
            account([{ signal: 'NPS', date: daysAgo(-3), value: -50 }]),
            DEFAULT_MODEL_CONFIG,
            AS_OF,
            { signals: [nps] }
        );
        expect(future).toEqual(scoreAccount(account([]), DEFAULT_MODEL_CONFIG, AS_OF));
    });

    it('gives a dimension without data its signal alone, which raises coverage', () => {
        const bare = emptyAccount('bare');
        const plain = scoreAccount(bare, DEFAULT_MODEL_CONFIG, AS_OF);
        const withSignal = scoreAccount(
            { ...bare, signals: [{ signal: 'NPS', date: daysAgo(5), value: 25 }] },
            DEFAULT_MODEL_CONFIG,
            AS_OF,
            { signals: [nps] }
        );
        expect(plain.subscores.relationship).toBeNull();
        expect(withSignal.subscores.relationship).toBe(75);
        expect(withSignal.coverage).toBeGreaterThan(plain.coverage);
    });

    it('the PortfolioScorer gives the same result as scoreAccount, and counts the values', () => {
        const input = account([
            { signal: 'NPS', date: daysAgo(40), value: 10 },
            { signal: 'Reopened', date: daysAgo(3), value: 1 },
            { signal: 'Reopened', date: daysAgo(-3), value: 1 }
        ]);
        const scorer = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF, null, [nps, reopened]);
        scorer.addAccount(headerOf(input));
        for (const c of input.contacts) scorer.addContact(input.id, c);
        for (const a of input.activities) scorer.addActivity({ ...a, accountId: input.id });
        for (const o of input.opportunities) scorer.addOpportunity(input.id, o);
        for (const c of input.cases) scorer.addCase(input.id, c);
        for (const u of input.usage) scorer.addUsage(input.id, u);
        for (const v of input.signals ?? []) expect(scorer.addSignalValue(input.id, v)).toBe(true);
        expect(scorer.addSignalValue(input.id, { signal: 'Unknown', date: null, value: 1 })).toBe(false);
        expect(scorer.addSignalValue('nobody', { signal: 'NPS', date: null, value: 1 })).toBe(false);
        const finished = scorer.finish();
        expect(finished.stats.signalValues).toBe(2);
        expect(finished.stats.ignoredAfterAsOf).toBe(1);
        const [result] = [...finished.results()];
        expect(result).toEqual(
            scoreAccount(input, DEFAULT_MODEL_CONFIG, AS_OF, { signals: [nps, reopened] })
        );
        expect(result?.drivers.map((d) => d.code)).toEqual(
            expect.arrayContaining(['SIGNAL_NPS', 'SIGNAL_Reopened'])
        );
        expect(result?.drivers.find((d) => d.code === 'SIGNAL_Reopened')?.label).toBe(
            'Tickets reopened: 1 in the last 90 days'
        );
    });

    it('without signals the portfolio reports no signal count (the stats stay as before)', () => {
        expect(new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF).stats).not.toHaveProperty('signalValues');
    });
});
