// Pins the calendar arithmetic in dates.ts against an independent oracle (the JavaScript Date object, which the
// engine itself never uses) and against hand-checked calendar facts (leap years, month lengths, bad input).
import { EngineInputError, dayNumber, isoFromDayNumber, tryDayNumber } from './dates';

const DAY_MS = 86_400_000;
const oracle = (year: number, month: number, day: number): number => Date.UTC(year, month - 1, day) / DAY_MS;
const iso = (year: number, month: number, day: number): string =>
    `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

describe('dates: day numbers', () => {
    it('counts days from 1970-01-01 (day 0), before it negatively', () => {
        expect(tryDayNumber('1970-01-01')).toBe(0);
        expect(tryDayNumber('1970-01-02')).toBe(1);
        expect(tryDayNumber('1969-12-31')).toBe(-1);
        expect(tryDayNumber('2000-03-01')).toBe(11017);
        expect(tryDayNumber('2026-12-02')).toBe(oracle(2026, 12, 2));
    });

    it('agrees with Date.UTC on the first, last and middle day of every month, 1600-2400', () => {
        const wrong: string[] = [];
        for (let year = 1600; year <= 2400; year += 7) {
            for (let month = 1; month <= 12; month++) {
                const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
                for (const day of [1, 15, last]) {
                    const n = oracle(year, month, day);
                    if (tryDayNumber(iso(year, month, day)) !== n)
                        wrong.push(`parse ${iso(year, month, day)}`);
                    if (isoFromDayNumber(n) !== iso(year, month, day)) wrong.push(`format ${n}`);
                }
            }
        }
        expect(wrong).toEqual([]);
    });

    it('round-trips every day of the years around the century leap rules', () => {
        for (const year of [1899, 1900, 1999, 2000, 2023, 2024, 2100]) {
            const start = oracle(year, 1, 1);
            const end = oracle(year + 1, 1, 1);
            const wrong: number[] = [];
            for (let n = start; n < end; n++) {
                const text = new Date(n * DAY_MS).toISOString().slice(0, 10);
                if (isoFromDayNumber(n) !== text || tryDayNumber(text) !== n) wrong.push(n);
            }
            expect(wrong).toEqual([]);
        }
    });

    it('knows the month lengths and the Gregorian leap-year rule', () => {
        expect(tryDayNumber('2024-02-29')).toBe(oracle(2024, 2, 29)); // divisible by 4
        expect(tryDayNumber('2000-02-29')).toBe(oracle(2000, 2, 29)); // divisible by 400
        expect(tryDayNumber('2023-02-29')).toBeNaN(); // not divisible by 4
        expect(tryDayNumber('1900-02-29')).toBeNaN(); // divisible by 100, not by 400
        expect(tryDayNumber('2023-02-28')).toBe(oracle(2023, 2, 28));
        for (const month of [4, 6, 9, 11]) {
            expect(tryDayNumber(iso(2025, month, 30))).toBe(oracle(2025, month, 30));
            expect(tryDayNumber(iso(2025, month, 31))).toBeNaN();
        }
        for (const month of [1, 3, 5, 7, 8, 10, 12]) {
            expect(tryDayNumber(iso(2025, month, 31))).toBe(oracle(2025, month, 31));
        }
    });

    it('rejects impossible months and days, and text that is not a date', () => {
        for (const bad of [
            '2025-00-10',
            '2025-13-01',
            '2025-01-00',
            '2025-01-32',
            '',
            'yesterday',
            '2025-1-1',
            '25-01-01'
        ]) {
            expect(tryDayNumber(bad)).toBeNaN();
        }
        expect(tryDayNumber('2025-12-01')).toBe(oracle(2025, 12, 1));
        expect(tryDayNumber('2025-01-01')).toBe(oracle(2025, 1, 1));
    });

    it('cuts a date-time to its date part', () => {
        expect(tryDayNumber('2025-03-15T23:59:59.000Z')).toBe(oracle(2025, 3, 15));
        expect(tryDayNumber('2025-03-15 08:00')).toBe(oracle(2025, 3, 15));
        // ...but only from the start: a date inside other text is not a date
        expect(tryDayNumber('x2025-03-15')).toBeNaN();
        expect(tryDayNumber('Due 2025-03-15')).toBeNaN();
    });

    it('formats four-digit years with leading zeros', () => {
        expect(isoFromDayNumber(oracle(999, 1, 1))).toBe('0999-01-01');
        expect(tryDayNumber('0999-01-01')).toBe(oracle(999, 1, 1));
    });
});

describe('dates: dayNumber and its error', () => {
    it('returns the same number as tryDayNumber, repeatedly (memoised)', () => {
        expect(dayNumber('2025-06-30')).toBe(oracle(2025, 6, 30));
        expect(dayNumber('2025-06-30')).toBe(oracle(2025, 6, 30));
        expect(isoFromDayNumber(oracle(2025, 6, 30))).toBe('2025-06-30');
        expect(isoFromDayNumber(oracle(2025, 6, 30))).toBe('2025-06-30');
    });

    it('throws an EngineInputError naming the field, the value and the expected format', () => {
        let caught: unknown;
        try {
            dayNumber('2025-02-30', 'Renewal_Date__c');
        } catch (error) {
            caught = error;
        }
        expect(caught).toBeInstanceOf(EngineInputError);
        const error = caught as EngineInputError;
        expect(error.name).toBe('EngineInputError');
        expect(error.code).toBe('ENGINE_INPUT_INVALID');
        expect(error.field).toBe('Renewal_Date__c');
        expect(error.message).toBe('Renewal_Date__c: "2025-02-30" is not a valid YYYY-MM-DD date');
        expect(error.hint).toBe('Dates must be YYYY-MM-DD (a date-time is cut to its date part).');
        expect(() => dayNumber('2025-02-30', 'Renewal_Date__c')).toThrow(EngineInputError); // also when cached
        expect(() => dayNumber('nope')).toThrow('date: "nope" is not a valid YYYY-MM-DD date');
    });
});
