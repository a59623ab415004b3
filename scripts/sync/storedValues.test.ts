import fc from 'fast-check';
import { KeyedValues, StoredValues } from './storedValues';

describe('StoredValues', () => {
    it('gives back what was set per row, undefined for rows never set', () => {
        const values = new StoredValues(3, 1);
        values.set(0, ['73', 'Healthy', '2026-11-20']);
        values.set(5000, [null, 'Critical', null]);
        expect(values.get(0)).toEqual(['73', 'Healthy', '2026-11-20']);
        expect(values.get(5000)).toEqual([null, 'Critical', null]);
        expect(values.get(1)).toBeUndefined();
        expect(values.get(4999)).toBeUndefined();
        expect(values.get(10_000_000)).toBeUndefined();
        expect(values.get(-1)).toBeUndefined();
        // All null is still "set" (a contact the org holds no scores for yet).
        values.set(7, [null, null, null]);
        expect(values.get(7)).toEqual([null, null, null]);
    });

    it('stores each distinct value once', () => {
        const values = new StoredValues(2);
        for (let row = 0; row < 10_000; row++) values.set(row, [String(row % 7), row % 2 ? 'a' : null]);
        expect(values.distinct).toBe(8);
        expect(values.get(9_999)).toEqual(['3', 'a']);
    });

    it('refuses a row of the wrong width or a bad row number', () => {
        const values = new StoredValues(2);
        expect(() => values.set(0, ['x'])).toThrow(RangeError);
        expect(() => values.set(-1, ['x', 'y'])).toThrow(RangeError);
        expect(() => values.set(1.5, ['x', 'y'])).toThrow(RangeError);
    });

    it('equals a Map of arrays for any sequence of sets (later sets win)', () => {
        const value = fc.option(fc.string({ maxLength: 20 }), { nil: null });
        fc.assert(
            fc.property(
                fc.array(fc.tuple(fc.nat(3000), fc.tuple(value, value, value)), { maxLength: 200 }),
                (sets) => {
                    const values = new StoredValues(3, 2);
                    const oracle = new Map<number, (string | null)[]>();
                    for (const [row, row3] of sets) {
                        values.set(row, row3);
                        oracle.set(row, [...row3]);
                    }
                    const rows = Array.from({ length: 3001 }, (_, row) => row);
                    expect(rows.map((row) => values.get(row))).toEqual(rows.map((row) => oracle.get(row)));
                }
            ),
            { numRuns: 50 }
        );
    });
});

describe('KeyedValues', () => {
    it('gives back what was set per key, the last set of a key, undefined for keys never set', () => {
        const values = new KeyedValues(2);
        values.set('001000000000001AAA', ['73', null]);
        values.set('001000000000002AAA', ['40', 'Red']);
        values.set('001000000000001AAA', ['74', 'Green']);
        expect(values.get('001000000000001AAA')).toEqual(['74', 'Green']);
        expect(values.get('001000000000002AAA')).toEqual(['40', 'Red']);
        expect(values.get('001000000000003AAA')).toBeUndefined();
        expect(values.has('001000000000002AAA')).toBe(true);
        expect(values.has('001000000000003AAA')).toBe(false);
        expect(values.size).toBe(2);
        expect(() => values.set('x', ['1'])).toThrow(RangeError);
    });

    it('agrees with a Map of arrays for any keys and values', () => {
        fc.assert(
            fc.property(
                fc.array(
                    fc.tuple(
                        fc.string({ maxLength: 20 }),
                        fc.tuple(fc.option(fc.string({ maxLength: 30 })), fc.option(fc.string()))
                    ),
                    { maxLength: 60 }
                ),
                (entries) => {
                    const keyed = new KeyedValues(2);
                    const oracle = new Map<string, (string | null)[]>();
                    for (const [key, [a, b]] of entries) {
                        keyed.set(key, [a, b]);
                        oracle.set(key, [a, b]);
                    }
                    expect(keyed.size).toBe(oracle.size);
                    for (const [key, values] of oracle) expect(keyed.get(key)).toEqual(values);
                }
            )
        );
    });
});
