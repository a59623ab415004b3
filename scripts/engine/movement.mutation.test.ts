// Pins movement.ts against its documented format (Top_Drivers__c: {"v":1,"m":model,"s":score,"d":[[code, label,
// whole points, record Id or ""]]}, at most 8 drivers by size without the starting point, labels of at most 160
// characters, at most 4,000 characters in all) and the diff's rules (drivers matched by code and record, or by
// label; items plus "other" add up to the change; a model change is never a customer change). Issue 13.
import {
    TOP_DRIVERS_MAX_CHARS,
    decodeTopDrivers,
    describeMovement,
    diffMovement,
    encodeTopDrivers
} from './movement';
import type { DriverLike, MovementPoint } from './movement';

const encode = (drivers: DriverLike[], score: number | null = 50, modelVersion = 'm1') =>
    encodeTopDrivers({ modelVersion, score, drivers });
const at = (
    asOf: string,
    score: number | null,
    drivers: DriverLike[],
    modelVersion: string | null = 'm1'
): MovementPoint => ({
    asOf,
    score,
    modelVersion,
    topDrivers: encode(drivers, score, modelVersion ?? 'm1')
});

describe('encodeTopDrivers', () => {
    it('writes the versioned compact form: largest first, ties in the given order, no zero or starting point', () => {
        const text = encode([
            { code: 'A', label: 'a', points: 2 },
            { code: 'BASELINE', label: 'Starting point', points: 60 },
            { code: 'B', label: 'b', points: -3, recordId: '003X' },
            { code: 'Z', label: 'zero', points: 0 },
            { code: 'C', label: 'c', points: -2 }
        ]);
        expect(text).toBe('{"v":1,"m":"m1","s":50,"d":[["B","b",-3,"003X"],["A","a",2,""],["C","c",-2,""]]}');
        expect(encode([], null)).toBe('{"v":1,"m":"m1","s":null,"d":[]}');
    });

    it('keeps at most 8 drivers and cuts labels to 160 characters', () => {
        const many = Array.from({ length: 10 }, (_, i) => ({
            code: `C${i}`,
            label: `l${i}`,
            points: 10 - i
        }));
        expect(decodeTopDrivers(encode(many))?.d.map((d) => d[0])).toEqual([
            'C0',
            'C1',
            'C2',
            'C3',
            'C4',
            'C5',
            'C6',
            'C7'
        ]);
        const labels = decodeTopDrivers(
            encode([
                { code: 'L', label: 'x'.repeat(161), points: 2 },
                { code: 'K', label: 'y'.repeat(160), points: 1 }
            ])
        )?.d.map((d) => d[1]);
        expect(labels).toEqual([`${'x'.repeat(159)}…`, 'y'.repeat(160)]);
    });

    it('drops the smallest drivers until the text fits in 4,000 characters', () => {
        // codes are not cut (labels are): 600-character codes make each driver about 620 characters
        const wide = Array.from({ length: 8 }, (_, i) => ({
            code: `C${i}${'x'.repeat(600)}`,
            label: 'l',
            points: 8 - i
        }));
        const decoded = decodeTopDrivers(encode(wide));
        // 6 fit, 7 do not
        expect(decoded?.d.map((d) => d[0].slice(0, 2))).toEqual(['C0', 'C1', 'C2', 'C3', 'C4', 'C5']);
        expect(encode(wide).length).toBeLessThanOrEqual(TOP_DRIVERS_MAX_CHARS);
        expect(encode(wide.slice(0, 6)).length).toBeGreaterThan(3700);
        // a model name too long for any driver still gives a (driverless) text
        expect(decodeTopDrivers(encode(wide, 50, 'm'.repeat(5000)))?.d).toEqual([]);
    });
});

describe('decodeTopDrivers', () => {
    it('reads what it wrote and nothing else', () => {
        expect(decodeTopDrivers('{"v":1,"m":"m1","s":7,"d":[["A","a",2,""]]}')).toEqual({
            v: 1,
            m: 'm1',
            s: 7,
            d: [['A', 'a', 2, '']]
        });
        expect(decodeTopDrivers('null')).toBeNull();
        expect(decodeTopDrivers('5')).toBeNull();
        expect(decodeTopDrivers('{"v":1,"m":"m1","s":7}')).toBeNull();
        expect(decodeTopDrivers('{"v":1,"m":2,"s":7,"d":[]}')).toBeNull();
        expect(decodeTopDrivers('{"v":1,"m":"m1","s":"7","d":[]}')?.s).toBeNull();
        expect(decodeTopDrivers('{"m":"m1","s":7,"d":[]}')).toBeNull();
    });

    it('skips entries that are not [code, label, points, ...]', () => {
        const text = JSON.stringify({
            v: 1,
            m: 'm1',
            s: 1,
            d: [['A', 'a', 1, ''], 'x', [1, 'b', 2], ['C', 3, 3], ['D', 'd', '4'], ['E', 'e', 5]]
        });
        expect(decodeTopDrivers(text)?.d).toEqual([
            ['A', 'a', 1, ''],
            ['E', 'e', 5]
        ]);
    });
});

describe('diffMovement and describeMovement', () => {
    it('matches drivers by code and record Id, else by code and label; a driver that left counts against', () => {
        const before = at('2026-10-01', 70, [
            { code: 'CONTACT', label: 'Jane: old words', points: 6, recordId: '003A' },
            { code: 'CONTACT', label: 'Bo', points: 4, recordId: '003B' },
            { code: 'SUPPORT_CSAT', label: 'CSAT 4', points: 3 }
        ]);
        const after = at('2026-11-01', 60, [
            { code: 'CONTACT', label: 'Jane: new words', points: 1, recordId: '003A' },
            { code: 'CONTACT', label: 'Bo', points: 4, recordId: '003B' },
            { code: 'SUPPORT_CSAT', label: 'CSAT 2', points: -1 }
        ]);
        const movement = diffMovement(before, after);
        expect(movement).toEqual({
            kind: 'moved',
            since: '2026-10-01',
            change: -10,
            items: [
                { key: 'CONTACT|003A', label: 'Jane: new words', points: -5 },
                { key: 'SUPPORT_CSAT|CSAT 4', label: 'CSAT 4', points: -3 },
                { key: 'SUPPORT_CSAT|CSAT 2', label: 'CSAT 2', points: -1 }
            ],
            other: -1,
            detailed: true
        });
        expect(describeMovement(movement)).toBe(
            '\u221210 since 2026-10-01: \u22125 Jane: new words, \u22123 CSAT 4, \u22121 CSAT 2, \u22121 other drivers'
        );
    });

    it('keeps the largest items (5 unless asked), equal sizes by key, and the rest goes to "other"', () => {
        const before = at('2026-10-01', 50, []);
        const after = at(
            '2026-11-01',
            71,
            ['B', 'A', 'D', 'C', 'E', 'F'].map((code, i) => ({
                code,
                label: code.toLowerCase(),
                points: i < 4 ? 4 : i - 3
            }))
        );
        const five = diffMovement(before, after);
        if (five.kind !== 'moved') throw new Error('expected moved');
        expect(five.items.map((i) => [i.key, i.points])).toEqual([
            ['A|a', 4],
            ['B|b', 4],
            ['C|c', 4],
            ['D|d', 4],
            ['F|f', 2]
        ]);
        expect(five.other).toBe(21 - 18);
        const two = diffMovement(before, after, 2);
        expect(two).toMatchObject({ other: 21 - 8 });
    });

    it('a model change needs both versions; without a score either side its change is unknown', () => {
        expect(diffMovement(at('2026-10-01', 60, [], null), at('2026-11-01', 65, [], 'm2'))).toMatchObject({
            kind: 'moved',
            change: 5
        });
        expect(diffMovement(at('2026-10-01', 60, [], 'm1'), at('2026-11-01', 65, [], null))).toMatchObject({
            kind: 'moved'
        });
        const changed = diffMovement(at('2026-10-01', null, [], 'm1'), at('2026-11-01', 65, [], 'm2'));
        expect(changed).toEqual({
            kind: 'model-changed',
            since: '2026-10-01',
            from: 'm1',
            to: 'm2',
            change: null
        });
        expect(describeMovement(changed)).toBe('Model changed from m1 to m2 since 2026-10-01');
        expect(diffMovement(at('2026-10-01', 60, [], 'm1'), at('2026-11-01', null, [], 'm2'))).toMatchObject({
            change: null
        });
        expect(
            describeMovement(diffMovement(at('2026-10-01', 60, [], 'm1'), at('2026-11-01', 72, [], 'm2')))
        ).toBe('Model changed from m1 to m2 since 2026-10-01 (+12, from the model, not the customer)');
    });

    it('no score now, no change, and broken stored drivers', () => {
        const noScore = diffMovement(at('2026-10-01', 60, []), at('2026-11-01', null, []));
        expect(noScore).toEqual({ kind: 'none', reason: 'no-score', since: '2026-10-01' });
        expect(describeMovement(noScore)).toBe('No score to compare since 2026-10-01');
        expect(describeMovement({ kind: 'none', reason: 'no-score', since: null })).toBe(
            'No score to compare since '
        );
        expect(describeMovement({ kind: 'none', reason: 'no-earlier', since: null })).toBe(
            'No earlier snapshot to compare with yet'
        );
        const same = diffMovement(
            at('2026-10-01', 60, [{ code: 'A', label: 'a', points: 3 }]),
            at('2026-11-01', 60, [{ code: 'A', label: 'a', points: 3 }])
        );
        expect(same).toMatchObject({ change: 0, items: [], other: 0 });
        expect(describeMovement(same)).toBe('0 since 2026-10-01');
        const broken = { ...at('2026-11-01', 58, []), topDrivers: '{oops' };
        expect(diffMovement(at('2026-10-01', 60, []), broken)).toMatchObject({ detailed: false, other: -2 });
        expect(describeMovement(diffMovement(at('2026-10-01', 60, []), broken))).toBe(
            '\u22122 since 2026-10-01'
        );
    });
});
