// The portfolio's ContactStore (typed arrays, one row per contact) must fold activities exactly like
// ContactAccumulator (the single-account path): same sums in the same order, same days, same wording inputs.
import fc from 'fast-check';
import { DEFAULT_MODEL_CONFIG } from './config';
import { ContactAccumulator, ContactStore, channelCode, outcomeCode } from './contact';
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
        const pool: (string | null)[] = [
            ...known,
            null,
            '',
            'C1',
            'c',
            '003Bn0000000000AAB',
            'y'.repeat(36),
            'контакт!'
        ];
        fc.assert(
            fc.property(fc.array(fc.constantFrom(...pool), { maxLength: 200 }), (ids) => {
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
