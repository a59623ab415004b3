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
                const store = new ContactStore(2); // tiny: grows while rows are added
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

    it('an untouched row is an empty accumulator', () => {
        const store = new ContactStore();
        expect(store.accumulator(store.addContact())).toEqual(new ContactAccumulator());
        expect(store.length).toBe(1);
    });
});
