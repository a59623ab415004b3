// Pins signals.ts at its documented rules (issue 13; docs/model-configuration.md "Admin-defined signals" and
// docs/metadata.md "Health_Signal__mdt"): every invalid record names itself and the field, with the exact words;
// the readings (latest, average, count) as of the scoring date, with undated Account values and values after the
// as-of date; the driver sentence in the admin's words; and how a signal joins its dimension:
// (100 - weight)% x the dimension's own score + weight% x the signal's score, a dimension with no data of its
// own being made of its signals alone. Every expected value is worked out by hand from those rules.
import { dayNumber } from './dates';
import {
    SignalDefinitionError,
    SignalFold,
    readSignal,
    signalLabel,
    signalScore,
    validateSignals,
    withSignals
} from './signals';
import type { SignalDefinition, SignalReading } from './signals';

const AS_OF = '2026-11-20';
const asOfDay = dayNumber(AS_OF);
const at = (age: number, value: number) => ({ day: asOfDay - age, value });

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
const survey: SignalDefinition = {
    ...nps,
    name: 'Survey',
    label: 'NPS survey',
    aggregation: 'average',
    windowDays: 180,
    worst: 0,
    best: 10
};

/** The error validateSignals throws (message and field), or null when the set is valid. */
function refusal(
    definitions: SignalDefinition[],
    sourceOf?: (d: SignalDefinition) => string
): { message: string; source: string; field: string; name: string } | null {
    try {
        validateSignals(definitions, sourceOf);
        return null;
    } catch (error) {
        const e = error as SignalDefinitionError;
        expect(e).toBeInstanceOf(SignalDefinitionError);
        return { message: e.message, source: e.source, field: e.field, name: e.name };
    }
}
const refused = (change: Partial<SignalDefinition>) => refusal([{ ...nps, ...change }])?.message ?? null;

describe('validateSignals: each rule names the record, the field and the reason', () => {
    it('the record and field are carried by the error, the source defaults to the name', () => {
        expect(refusal([{ ...nps, weight: 0 }])).toEqual({
            message: 'NPS, Weight__c: must be above 0 and at most 100 (its share of the dimension, in %)',
            source: 'NPS',
            field: 'Weight__c',
            name: 'SignalDefinitionError'
        });
        expect(refusal([{ ...nps, weight: 0 }], (d) => `Health_Signal.${d.name}`)?.message).toBe(
            'Health_Signal.NPS, Weight__c: must be above 0 and at most 100 (its share of the dimension, in %)'
        );
    });

    it('DeveloperName: an API name (a letter first, then letters, digits and _), unique ignoring case', () => {
        for (const name of ['1NPS', '_NPS', 'NPS-2', 'NPS survey', 'NPS!', ''])
            expect(refused({ name })).toBe(`${name}, DeveloperName: must be an API name`);
        for (const name of ['N', 'nps_2', 'Nps_Score_2024']) expect(refused({ name })).toBeNull();
        expect(refusal([nps, { ...nps, name: 'nps', dimension: 'usage' }])?.message).toBe(
            'nps, DeveloperName: is used by two signals'
        );
    });

    it('MasterLabel must not be blank', () => {
        for (const label of ['', '   '])
            expect(refused({ label })).toBe(
                'NPS, MasterLabel: must not be blank: it names the signal in the drivers'
            );
        expect(refused({ label: 'x' })).toBeNull();
    });

    it('Aggregation__c: Latest, Average or Count', () => {
        expect(refused({ aggregation: 'sum' as never })).toBe(
            'NPS, Aggregation__c: must be Latest, Average or Count'
        );
        for (const aggregation of ['latest', 'average', 'count'] as const)
            expect(refused({ aggregation, windowDays: 30 })).toBeNull();
    });

    it('Window_Days__c: Average and Count need a window above 0; any window is a whole number above 0', () => {
        expect(refused({ aggregation: 'average', windowDays: null })).toBe(
            'NPS, Window_Days__c: must be more than 0 days for Average'
        );
        expect(refused({ aggregation: 'count', windowDays: null })).toBe(
            'NPS, Window_Days__c: must be more than 0 days for Count'
        );
        for (const windowDays of [0, -5, Number.NaN])
            expect(refused({ aggregation: 'count', windowDays })).toBe(
                'NPS, Window_Days__c: must be more than 0 days for Count'
            );
        // Latest without a window reads any age; with one, the window must still be a whole number above 0.
        expect(refused({ aggregation: 'latest', windowDays: null })).toBeNull();
        for (const windowDays of [0, -1, 1.5, Number.POSITIVE_INFINITY])
            expect(refused({ aggregation: 'latest', windowDays })).toBe(
                'NPS, Window_Days__c: must be a whole number of days above 0'
            );
        expect(refused({ aggregation: 'average', windowDays: 2.5 })).toBe(
            'NPS, Window_Days__c: must be a whole number of days above 0'
        );
        expect(refused({ aggregation: 'latest', windowDays: 1 })).toBeNull();
        expect(refused({ aggregation: 'count', windowDays: 1 })).toBeNull();
    });

    it('Direction__c: Higher is better or Lower is better', () => {
        expect(refused({ direction: 'up' as never })).toBe(
            'NPS, Direction__c: must be "Higher is better" or "Lower is better"'
        );
    });

    it('Worst_Value__c and Best_Value__c: numbers, best beyond worst in the direction', () => {
        for (const worst of [Number.NaN, Number.POSITIVE_INFINITY])
            expect(refused({ worst })).toBe('NPS, Worst_Value__c: must be a number');
        for (const best of [Number.NaN, Number.NEGATIVE_INFINITY])
            expect(refused({ best })).toBe('NPS, Best_Value__c: must be a number');
        expect(refused({ best: -50 })).toBe(
            'NPS, Best_Value__c: must be above Worst_Value__c when higher is better (got worst -50, best -50)'
        );
        expect(refused({ direction: 'lower' })).toBe(
            'NPS, Best_Value__c: must be below Worst_Value__c when lower is better (got worst -50, best 50)'
        );
        expect(refused({ direction: 'lower', worst: 5, best: 5 })).toBe(
            'NPS, Best_Value__c: must be below Worst_Value__c when lower is better (got worst 5, best 5)'
        );
        expect(refused({ direction: 'lower', worst: 5, best: 0 })).toBeNull();
        expect(refused({ worst: 0, best: 0.5 })).toBeNull();
    });

    it('Dimension__c: Usage, Relationship, Support or Commercial', () => {
        for (const dimension of ['usage', 'relationship', 'support', 'commercial'] as const)
            expect(refused({ dimension })).toBeNull();
        expect(refused({ dimension: 'engagement' as never })).toBe(
            'NPS, Dimension__c: must be Usage, Relationship, Support or Commercial'
        );
    });

    it('Weight__c: above 0 and at most 100; the active signals of one dimension at most 100% together', () => {
        const message = 'NPS, Weight__c: must be above 0 and at most 100 (its share of the dimension, in %)';
        for (const weight of [0, -10, 100.01, Number.NaN, Number.POSITIVE_INFINITY])
            expect(refused({ weight })).toBe(message);
        for (const weight of [0.01, 100]) expect(refused({ weight })).toBeNull();
        // exactly 100% together is allowed; each dimension has its own 100%
        expect(
            refusal([
                { ...nps, weight: 60 },
                { ...nps, name: 'CSM', weight: 40 },
                { ...nps, name: 'Adoption', dimension: 'usage', weight: 100 },
                { ...reopened, weight: 100 }
            ])
        ).toBeNull();
        expect(
            refusal([
                { ...nps, weight: 60 },
                { ...nps, name: 'CSM', weight: 30 },
                { ...nps, name: 'Sentiment', weight: 10.5 }
            ])?.message
        ).toBe(
            'Sentiment, Weight__c: the active signals of the relationship dimension weigh 100.5% together: at most 100%'
        );
    });
});

describe('SignalFold: the observations of one account, read as of the scoring date', () => {
    it('takes only defined signals, skips empty values, and ignores values dated after the as-of date', () => {
        const fold = new SignalFold([nps, reopened], asOfDay);
        expect(fold.add({ signal: 'Mood', date: AS_OF, value: 3 })).toBe(false);
        // Names are matched exactly (a DeveloperName).
        expect(fold.add({ signal: 'nps', date: AS_OF, value: 3 })).toBe(false);
        // An empty or non-numeric value is the signal's, so it is taken (true), but it is no reading.
        expect(fold.add({ signal: 'NPS', date: AS_OF, value: null })).toBe(true);
        expect(fold.add({ signal: 'NPS', date: AS_OF, value: Number.NaN })).toBe(true);
        expect(fold.add({ signal: 'Reopened', date: AS_OF, value: Number.POSITIVE_INFINITY })).toBe(true);
        expect(fold.readings('relationship')).toEqual([]);
        expect(fold.readings('support')).toMatchObject([{ reading: 0, observations: 0 }]);
        // After the as-of date: counted as ignored, never read.
        expect(fold.add({ signal: 'Reopened', date: '2026-11-21', value: 1 })).toBe(true);
        expect(fold.ignoredAfterAsOf).toBe(1);
        expect(fold.readings('support')).toMatchObject([{ reading: 0 }]);
        // On the as-of date itself: read, today.
        expect(fold.add({ signal: 'NPS', date: AS_OF, value: 30 })).toBe(true);
        expect(fold.ignoredAfterAsOf).toBe(1);
        expect(fold.readings('relationship')).toMatchObject([{ reading: 30, age: 0, score: 80 }]);
    });

    it('reads a date/time by its day, and keeps every value of a signal', () => {
        const fold = new SignalFold([{ ...reopened, aggregation: 'average', windowDays: 30 }], asOfDay);
        fold.add({ signal: 'Reopened', date: '2026-11-18T23:59:59.000Z', value: 1 });
        fold.add({ signal: 'Reopened', date: '2026-11-10', value: 3 });
        fold.add({ signal: 'Reopened', date: null, value: 5 });
        expect(fold.readings('support')).toEqual([
            expect.objectContaining({ reading: 3, observations: 3, age: 2, score: 40 })
        ]);
    });

    it('a Latest signal without a window: every value it was given, none = no reading', () => {
        const anyAge = { ...nps, windowDays: null };
        const fold = new SignalFold([anyAge], asOfDay);
        expect(fold.readings('relationship')).toEqual([]);
        fold.add({ signal: 'NPS', date: '2024-01-10', value: 10 });
        fold.add({ signal: 'NPS', date: '2023-06-01', value: 40 });
        expect(fold.readings('relationship')).toEqual([
            {
                definition: anyAge,
                reading: 10,
                score: 60,
                observations: 1,
                age: asOfDay - dayNumber('2024-01-10')
            }
        ]);
    });

    it('refuses a value whose date is not a date, naming the signal', () => {
        const fold = new SignalFold([nps], asOfDay);
        expect(() => fold.add({ signal: 'NPS', date: 'last week', value: 1 })).toThrow(
            expect.objectContaining({ name: 'EngineInputError', field: 'signal NPS date' })
        );
    });

    it("returns one dimension's readings in definition order, no others", () => {
        const csm: SignalDefinition = { ...nps, name: 'CSM', label: 'CSM sentiment', worst: 1, best: 5 };
        const fold = new SignalFold([csm, reopened, nps], asOfDay);
        fold.add({ signal: 'NPS', date: null, value: 0 });
        fold.add({ signal: 'CSM', date: null, value: 4 });
        fold.add({ signal: 'Reopened', date: AS_OF, value: 1 });
        expect(fold.readings('relationship').map((r) => [r.definition.name, r.score])).toEqual([
            ['CSM', 75],
            ['NPS', 50]
        ]);
        expect(fold.readings('usage')).toEqual([]);
        expect(fold.readings('support').map((r) => r.definition.name)).toEqual(['Reopened']);
    });
});

describe('readSignal', () => {
    it('maps a lower-is-better reading from worst (0) to best (100), clamped beyond both', () => {
        const lower = { ...reopened, worst: 10, best: 2 };
        expect(signalScore(lower, 10)).toBe(0);
        expect(signalScore(lower, 6)).toBe(50);
        expect(signalScore(lower, 4)).toBe(75);
        expect(signalScore(lower, 2)).toBe(100);
        expect(signalScore(lower, 0)).toBe(100);
        expect(signalScore(lower, 12)).toBe(0);
    });

    it('latest without a window reads any age', () => {
        expect(readSignal({ ...nps, windowDays: null }, [at(1000, 20)], asOfDay)).toEqual({
            definition: { ...nps, windowDays: null },
            reading: 20,
            score: 70,
            observations: 1,
            age: 1000
        });
    });

    it('latest: of two values on one day the one given last; an undated current value stays the newest', () => {
        expect(readSignal(nps, [at(3, 10), at(3, 20)], asOfDay)?.reading).toBe(20);
        expect(readSignal(nps, [at(3, 10), at(8, 40)], asOfDay)?.reading).toBe(10);
        expect(readSignal(nps, [{ day: null, value: -20 }, at(0, 40)], asOfDay)).toMatchObject({
            reading: -20,
            age: null,
            observations: 1
        });
    });

    it('average: undated values count, the age is that of the newest dated value used', () => {
        const avg = { ...survey, windowDays: 90 };
        expect(
            readSignal(avg, [at(30, 2), at(5, 4), { day: null, value: 6 }, at(60, 8), at(90, 100)], asOfDay)
        ).toEqual({ definition: avg, reading: 5, score: 50, observations: 4, age: 5 });
        expect(readSignal(avg, [{ day: null, value: 6 }], asOfDay)).toMatchObject({
            reading: 6,
            observations: 1,
            age: null
        });
    });

    it('count: every value in the window (undated ones too), with the newest age', () => {
        expect(
            readSignal(reopened, [at(40, 1), at(12, 1), { day: null, value: 1 }, at(90, 1)], asOfDay)
        ).toEqual({ definition: reopened, reading: 3, score: 40, observations: 3, age: 12 });
        expect(readSignal(reopened, [], asOfDay)).toEqual({
            definition: reopened,
            reading: 0,
            score: 100,
            observations: 0,
            age: null
        });
    });
});

describe('signalLabel: the driver sentence in the admin words', () => {
    const reading = (definition: SignalDefinition, values: Partial<SignalReading>): SignalReading => ({
        definition,
        reading: 0,
        score: 0,
        observations: 1,
        age: null,
        ...values
    });

    it('latest: the value and how old it is (today, 1 day, n days); an undated Account value alone', () => {
        expect(signalLabel(reading(nps, { reading: 30, age: 0 }))).toBe('NPS survey: 30 (latest, today)');
        expect(signalLabel(reading(nps, { reading: 30, age: 1 }))).toBe('NPS survey: 30 (latest, 1 day ago)');
        expect(signalLabel(reading(nps, { reading: -5, age: 40 }))).toBe(
            'NPS survey: -5 (latest, 40 days ago)'
        );
        expect(signalLabel(reading(nps, { reading: 30, age: null }))).toBe('NPS survey: 30');
    });

    it('average: the documented example, and one value in the singular', () => {
        expect(signalLabel(reading(survey, { reading: 2.5, observations: 2, age: 3 }))).toBe(
            'NPS survey: average 2.5 over the last 180 days (2 values)'
        );
        expect(signalLabel(reading(survey, { reading: 7, observations: 1, age: 3 }))).toBe(
            'NPS survey: average 7 over the last 180 days (1 value)'
        );
    });

    it('count: how many in the window', () => {
        expect(signalLabel(reading(reopened, { reading: 2, observations: 2, age: 4 }))).toBe(
            'Tickets reopened: 2 in the last 90 days'
        );
    });

    it('numbers: two decimals below 10, one from 10, trailing zeros and a bare point dropped', () => {
        const shown = (value: number) => signalLabel(reading(nps, { reading: value }));
        expect(shown(3.14159)).toBe('NPS survey: 3.14');
        expect(shown(2.05)).toBe('NPS survey: 2.05');
        expect(shown(7.1)).toBe('NPS survey: 7.1');
        expect(shown(3.001)).toBe('NPS survey: 3');
        expect(shown(-0.25)).toBe('NPS survey: -0.25');
        expect(shown(12.34)).toBe('NPS survey: 12.3');
        expect(shown(-12.34)).toBe('NPS survey: -12.3');
        expect(shown(105.5)).toBe('NPS survey: 105.5');
        expect(shown(100)).toBe('NPS survey: 100');
        expect(shown(20.02)).toBe('NPS survey: 20');
    });
});

describe('withSignals: a signal takes its weight of the dimension, the built-in parts keep the rest', () => {
    const sig = (definition: SignalDefinition, score: number): SignalReading => ({
        definition,
        reading: 0,
        score,
        observations: 1,
        age: null
    });
    const support = {
        score: 80,
        reason: 'kept',
        parts: [
            { baseline: true, code: 'SUPPORT_BASE', label: 'base', value: 90, neutral: 90 },
            { code: 'SUPPORT_P1', label: 'P1 case', value: -10, neutral: 0, recordId: '500x' }
        ]
    };

    it('no reading: the dimension is unchanged (the same object, or still none)', () => {
        expect(withSignals(support, [])).toBe(support);
        expect(withSignals(null, [])).toBeNull();
    });

    it('(100 - weight)% x its own score + weight% x the signal score; parts and neutrals scaled alike', () => {
        const result = withSignals(support, [sig(reopened, 40)]) as typeof support;
        // 0.8 x 80 + 0.2 x 40 = 72
        expect(result.score).toBeCloseTo(72, 10);
        expect(result.reason).toBe('kept');
        expect(result.parts).toEqual([
            { baseline: true, code: 'SUPPORT_BASE', label: 'base', value: 72, neutral: 72 },
            { code: 'SUPPORT_P1', label: 'P1 case', value: -8, neutral: 0, recordId: '500x' },
            {
                code: 'SIGNAL_Reopened',
                label: 'Tickets reopened: 0 in the last 90 days',
                value: 8,
                neutral: 10
            }
        ]);
        const sum = result.parts.reduce((s, p) => s + p.value, 0);
        expect(sum).toBeCloseTo(result.score, 10);
    });

    it('two signals of one dimension each take their weight', () => {
        const csm = { ...reopened, name: 'CSM', label: 'CSM', aggregation: 'latest' as const, weight: 30 };
        const result = withSignals(support, [sig(reopened, 100), sig(csm, 50)]) as typeof support;
        // 0.5 x 80 + 0.2 x 100 + 0.3 x 50 = 75
        expect(result.score).toBeCloseTo(75, 10);
        expect(result.parts.map((p) => [p.code, p.value, p.neutral])).toEqual([
            ['SUPPORT_BASE', 45, 45],
            ['SUPPORT_P1', -5, 0],
            ['SIGNAL_Reopened', 20, 10],
            ['SIGNAL_CSM', 15, 15]
        ]);
    });

    it('signals weighing 100% together replace the built-in measures', () => {
        const result = withSignals(support, [sig({ ...reopened, weight: 100 }, 30)]) as typeof support;
        expect(result.score).toBe(30);
        expect(result.parts.map((p) => p.code)).toEqual(['SIGNAL_Reopened']);
    });

    it('a dimension without data of its own is made of its signals alone, their weights renormalised', () => {
        const csm = { ...reopened, name: 'CSM', label: 'CSM', aggregation: 'latest' as const, weight: 30 };
        const result = withSignals(null, [sig(reopened, 100), sig(csm, 0)]);
        // weights 20 and 30 -> 40% and 60%: 0.4 x 100 + 0.6 x 0 = 40
        expect(result?.score).toBeCloseTo(40, 10);
        expect(result?.parts.map((p) => [p.code, p.value, p.neutral])).toEqual([
            ['SIGNAL_Reopened', 40, 20],
            ['SIGNAL_CSM', 0, 30]
        ]);
    });
});
