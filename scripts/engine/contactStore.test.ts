// The portfolio's ContactStore (typed arrays, one row per contact) must fold activities exactly like
// ContactAccumulator (the single-account path): same sums in the same order, same days, same wording inputs.
import fc from 'fast-check';
import { DEFAULT_MODEL_CONFIG } from './config';
import { ContactAccumulator, ContactStore, channelCode, keyHash, outcomeCode, spanHash } from './contact';
import type { Channel, Outcome } from './types';

const runs = (n: number) => (process.env.STRYKER_MUTATOR_WORKER ? Math.ceil(n / 4) : n);
const config = DEFAULT_MODEL_CONFIG;
const AS_OF_DAY = 20_000;

const touch = fc.record({
    contact: fc.nat({ max: 4 }),
    age: fc.oneof(fc.nat({ max: 40 }), fc.nat({ max: 5000 })),
    channel: fc.constantFrom<Channel>('Meeting', 'Call', 'Email', 'Message'),
    outcome: fc.constantFrom<Outcome | null>('Positive', 'Neutral', 'Negative', null),
    owner: fc.constantFrom<string | null>('r1', 'r2', 'r3', null, '')
});

describe('ContactStore', () => {
    it('gives back the ContactAccumulator that the same activities build, field for field', () => {
        fc.assert(
            fc.property(fc.array(touch, { maxLength: 60 }), (touches) => {
                const store = new ContactStore();
                const rows = [0, 1, 2, 3, 4].map(() => store.addContact());
                const expected = rows.map(() => new ContactAccumulator());
                for (const t of touches) {
                    const day = AS_OF_DAY - t.age;
                    (expected[t.contact] as ContactAccumulator).add(
                        t.age,
                        day,
                        t.channel,
                        t.outcome,
                        t.owner,
                        config
                    );
                    store.add(
                        rows[t.contact] as number,
                        t.age,
                        day,
                        channelCode(t.channel),
                        outcomeCode(t.outcome),
                        store.ownerNumber(t.owner),
                        config
                    );
                }
                rows.forEach((row, i) => {
                    const acc = store.accumulator(row);
                    // toEqual tells -0 from 0: the sums must even start the same way.
                    expect(acc).toEqual(expected[i]);
                    expect(store.activityCount(row)).toBe(expected[i]?.activityCount);
                    const damping = new Map([
                        ['r2', 0.5],
                        ['', 0.25]
                    ]);
                    expect(acc.positive(damping)).toBe(expected[i]?.positive(damping));
                });
            }),
            { numRuns: runs(300) }
        );
    });

    it('finds every contact by its Id, whatever the Id (long, non-Latin-1, empty), across row blocks and table growth', () => {
        const store = new ContactStore();
        const ids = Array.from({ length: 10_000 }, (_, i) => `003Bn${i.toString(36).padStart(10, '0')}AAA`);
        ids.push('c1', 'C1', '', 'x'.repeat(36), 'y'.repeat(37), 'Zoë', 'контакт', '😀', 'a\u0000b');
        const rows = new Map<string, number>();
        ids.forEach((id, i) => {
            if (i % 7 === 0) store.addContact(); // rows without an Id (unlinked activities) in between
            expect(store.find(id)).toBe(-1);
            rows.set(id, store.addContact(id));
        });
        for (const [id, row] of rows) {
            expect(store.find(id)).toBe(row);
            expect(store.idOf(row)).toBe(id);
        }
        expect(store.find('003Bn0000000000AAB')).toBe(-1);
        expect(store.find('c')).toBe(-1);
        expect(store.find('y'.repeat(36))).toBe(-1);
        expect(store.length).toBe(ids.length + Math.ceil(ids.length / 7));
    });

    it('findMany answers what find answers, for a batch of Ids of every kind (known, unknown, null, long, non-Latin-1)', () => {
        const store = new ContactStore();
        const known = Array.from({ length: 3000 }, (_, i) => `003Bn${i.toString(36).padStart(10, '0')}AAA`);
        known.push('c1', 'x'.repeat(36), 'y'.repeat(37), 'Zoë', 'контакт', '😀');
        known.forEach((id, i) => {
            if (i % 5 === 0) store.addContact();
            store.addContact(id);
        });
        // The rare kinds (the last known Ids, unknown look-alikes, null, '') drawn as often as the 3,000 plain
        // Ids, and batches up to 200 long (fast-check's default size keeps arrays to about ten).
        const rare: (string | null)[] = [
            ...known.slice(3000),
            null,
            '',
            'C1',
            'c',
            '003Bn0000000000AAB',
            'y'.repeat(36),
            'контакт!'
        ];
        const id = fc.oneof(fc.constantFrom(...known.slice(0, 3000)), fc.constantFrom(...rare));
        fc.assert(
            fc.property(fc.array(id, { maxLength: 200, size: 'max' }), (ids) => {
                const rows = new Int32Array(ids.length);
                // Whatever the scratch held before.
                rows.fill(7);
                store.findMany(ids, ids.length, rows);
                expect(Array.from(rows)).toEqual(ids.map((id) => (id ? store.find(id) : -1)));
            }),
            { numRuns: runs(200) }
        );
        // A slice of a longer text (as the CSV parser hands Ids over) is found like the Id itself.
        const text = `x,${known[5]},y`;
        const rows = new Int32Array(1);
        store.findMany([text.slice(2, 2 + (known[5] as string).length)], 1, rows);
        expect(rows[0]).toBe(store.find(known[5] as string));
        expect(rows[0]).toBeGreaterThanOrEqual(0);
    });

    it('findSpans answers what find answers for Ids read in place from longer texts (offsets, neighbours, empty spans)', () => {
        // '001A79568' and '001A440126' have the same 31-bit FNV-1a keyHash (1579698252).
        expect(keyHash('001A79568')).toBe(keyHash('001A440126'));
        const store = new ContactStore();
        const known = Array.from({ length: 500 }, (_, i) => `003Bn${i.toString(36).padStart(10, '0')}AAA`);
        known.push('c1', '001A79568', 'x'.repeat(36), 'y'.repeat(37), 'Zoë', 'контакт');
        for (const id of known) store.addContact(id);
        const pool = [...known, '001A440126', 'c', 'C1', 'c1c', 'y'.repeat(36), 'контакт!', ''];
        const piece = fc.record({
            id: fc.constantFrom(...pool),
            // neighbours that look like the Id's own characters: a span read one off finds another row or none
            before: fc.constantFrom('', 'c', '00', ',003Bn'),
            after: fc.constantFrom('', '1', 'A', ',x')
        });
        fc.assert(
            fc.property(fc.array(fc.oneof(piece, fc.constant(null)), { maxLength: 60 }), (pieces) => {
                const count = pieces.length;
                const texts: (string | null)[] = [];
                const starts = new Int32Array(count);
                const ends = new Int32Array(count);
                pieces.forEach((p, i) => {
                    if (p === null) {
                        texts.push(null);
                        return;
                    }
                    texts.push(`${p.before}${p.id}${p.after}`);
                    starts[i] = p.before.length;
                    ends[i] = p.before.length + p.id.length;
                });
                const rows = new Int32Array(count).fill(7);
                store.findSpans(texts, starts, ends, count, rows);
                expect(Array.from(rows)).toEqual(pieces.map((p) => (p && p.id ? store.find(p.id) : -1)));
            }),
            { numRuns: runs(300) }
        );
        // A colliding unknown Id read in place finds no row, and the known one still finds its own.
        const text = ',001A440126,001A79568';
        const rows = new Int32Array(2);
        store.findSpans([text, text], Int32Array.of(1, 12), Int32Array.of(11, 21), 2, rows);
        expect(Array.from(rows)).toEqual([-1, store.find('001A79568')]);
        expect(rows[1]).toBeGreaterThanOrEqual(0);
    });

    it('findSpans, every kind of Id in place in one batch: empty spans and null texts are no contact even when "" is an Id; colliding Ids of the same length are told apart', () => {
        // '003C12pf8' and '003C1jrj6' have the same keyHash and the same length: only the bytes tell them apart.
        expect(keyHash('003C12pf8')).toBe(keyHash('003C1jrj6'));
        const store = new ContactStore();
        const known = ['', '003C12pf8', '001A79568', 'c1', 'y'.repeat(37), 'контакт', 'Zoë', 'ÿ'];
        for (const id of known) {
            store.addContact();
            store.addContact(id);
        }
        expect(store.find('003C1jrj6')).toBe(-1);
        const asked = [...known, '003C1jrj6', '001A440126', 'c', 'y'.repeat(36), 'контакт!'];
        const texts: (string | null)[] = [];
        const starts: number[] = [];
        const ends: number[] = [];
        const expected: number[] = [];
        for (const id of asked)
            for (const [before, after] of [
                ['', ''],
                ['00', '1'],
                ['c1,', ',y']
            ] as const) {
                texts.push(`${before}${id}${after}`);
                starts.push(before.length);
                ends.push(before.length + id.length);
                expected.push(id === '' ? -1 : store.find(id));
            }
        texts.push(null, null);
        starts.push(0, 0);
        ends.push(0, 3);
        expected.push(-1, -1);
        expect(expected.filter((row) => row >= 0)).toHaveLength(3 * (known.length - 1));
        const rows = new Int32Array(texts.length).fill(7);
        store.findSpans(texts, Int32Array.from(starts), Int32Array.from(ends), texts.length, rows);
        expect(Array.from(rows)).toEqual(expected);
        // findMany: a null Id and '' are no contact too.
        const some = new Int32Array(4).fill(7);
        store.findMany([null, '', 'y'.repeat(37), '003C1jrj6'], 4, some);
        expect(Array.from(some)).toEqual([-1, -1, store.find('y'.repeat(37)), -1]);
        expect(some[2]).toBeGreaterThanOrEqual(0);
    });

    it('findSpans checks the candidate row even when it is row 0, and finds the second of two colliding Ids in place', () => {
        // Row 0 is '003C12pf8': the same keyHash and length as '003C1jrj6', which is unknown.
        const one = new ContactStore();
        const first = one.addContact('003C12pf8');
        expect(first).toBe(0);
        const row = new Int32Array(1).fill(7);
        one.findSpans([',003C1jrj6,'], Int32Array.of(1), Int32Array.of(10), 1, row);
        expect(row[0]).toBe(-1);
        // Both known: the first in the probe chain is the other one, and the Id is read from its span only.
        const both = new ContactStore();
        const a = both.addContact('003C12pf8');
        const b = both.addContact('003C1jrj6');
        const rows = new Int32Array(2).fill(7);
        both.findSpans(['x,003C1jrj6,y', '003C12pf8,'], Int32Array.of(2, 0), Int32Array.of(11, 9), 2, rows);
        expect(Array.from(rows)).toEqual([b, a]);
    });

    it('ownerNumberSpan tells apart owners whose Ids collide (same hash, same or other length)', () => {
        const store = new ContactStore();
        expect(store.ownerNumber('003C12pf8')).toBe(0);
        expect(store.ownerNumber('001A79568')).toBe(1);
        expect(store.ownerNumberSpan(',003C1jrj6,', 1, 10)).toBe(2);
        expect(store.ownerNumberSpan('001A440126', 0, 10)).toBe(3);
        expect(store.ownerNumberSpan('x003C12pf8', 1, 10)).toBe(0);
        expect(store.ownerNumberSpan('001A795689', 0, 9)).toBe(1);
        expect(store.ownerNumberSpan(null, 0, 0)).toBe(4);
        expect(store.ownerNumberSpan('ab', 1, 1)).toBe(4);
        expect([0, 1, 2, 3, 4].map((n) => store.ownerId(n))).toEqual([
            '003C12pf8',
            '001A79568',
            '003C1jrj6',
            '001A440126',
            ''
        ]);
    });

    it('spanHash of a span is keyHash of the sliced Id (-1 past 36 characters or above Latin-1)', () => {
        for (const id of ['c1', '001A79568', 'x'.repeat(36), 'y'.repeat(37), 'Zoë', 'контакт', ''])
            for (const [before, after] of [
                ['', ''],
                ['ab', ''],
                ['', 'cd'],
                ['\u00ff', 'é']
            ] as const)
                expect([
                    id,
                    before,
                    spanHash(`${before}${id}${after}`, before.length, before.length + id.length)
                ]).toEqual([id, before, keyHash(id)]);
        expect(spanHash('y'.repeat(40), 2, 38)).toBe(keyHash('y'.repeat(36)));
        expect(spanHash('y'.repeat(40), 2, 38)).toBeGreaterThanOrEqual(0);
        expect(spanHash('y'.repeat(40), 2, 39)).toBe(-1);
        // Latin-1 up to 255 is hashed (kept in the byte rows); above 255 is not.
        expect(spanHash('aÿb', 1, 2)).toBeGreaterThanOrEqual(0);
        expect(spanHash('aĀb', 1, 2)).toBe(-1);
    });

    it('ownerNumberSpan numbers an owner read in place like ownerNumber numbers the sliced Id', () => {
        const owner = fc.oneof(
            fc.constantFrom(
                '',
                '005A',
                '005AB',
                '05A',
                'x'.repeat(36),
                'x'.repeat(37),
                'Zoë',
                '😀',
                '001A79568',
                '001A440126'
            ),
            fc.nat({ max: 300 }).map((n) => `005Bn${n.toString(36).padStart(10, '0')}AAA`)
        );
        fc.assert(
            fc.property(
                fc.array(
                    fc.record({
                        owner: fc.option(owner, { nil: null }),
                        before: fc.constantFrom('', '0', ',005A'),
                        after: fc.constantFrom('', 'B', ','),
                        inPlace: fc.boolean()
                    }),
                    { maxLength: 200 }
                ),
                (touches) => {
                    const store = new ContactStore();
                    const expected = new Map<string, number>();
                    for (const t of touches) {
                        const key = t.owner ?? '';
                        if (!expected.has(key)) expected.set(key, expected.size);
                        const number =
                            t.owner === null
                                ? store.ownerNumberSpan(null, 3, 5)
                                : t.inPlace
                                  ? store.ownerNumberSpan(
                                        `${t.before}${t.owner}${t.after}`,
                                        t.before.length,
                                        t.before.length + t.owner.length
                                    )
                                  : store.ownerNumber(t.owner);
                        expect([t, number]).toEqual([t, expected.get(key)]);
                    }
                    for (const [key, number] of expected) expect(store.ownerId(number)).toBe(key);
                }
            ),
            { numRuns: runs(300) }
        );
    });

    it('numbers owners in the order first seen, whatever the Id (sliced, long, non-Latin-1, null = empty)', () => {
        fc.assert(
            fc.property(
                fc.array(
                    fc.oneof(
                        fc.constantFrom<string | null>(null, '', 'x'.repeat(37), 'Zoë', '😀', '005A'),
                        fc.nat({ max: 3000 }).map((n) => `005Bn${n.toString(36).padStart(10, '0')}AAA`)
                    ),
                    { maxLength: 400 }
                ),
                (owners) => {
                    const store = new ContactStore();
                    const expected = new Map<string, number>();
                    for (const owner of owners) {
                        const key = owner ?? '';
                        if (!expected.has(key)) expected.set(key, expected.size);
                        // As the CSV parser hands it over: a slice of a longer text.
                        const sliced = owner === null ? null : `,${owner},`.slice(1, owner.length + 1);
                        expect(store.ownerNumber(sliced)).toBe(expected.get(key));
                        expect(store.ownerNumber(owner)).toBe(expected.get(key));
                    }
                    for (const [key, number] of expected) expect(store.ownerId(number)).toBe(key);
                }
            ),
            { numRuns: runs(100) }
        );
    });

    it('an untouched row is an empty accumulator', () => {
        const store = new ContactStore();
        expect(store.accumulator(store.addContact())).toEqual(new ContactAccumulator());
        expect(store.length).toBe(1);
    });
});
