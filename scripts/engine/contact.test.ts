// MODEL.md layer 1: the seven contact-health properties, one named test each.
import fc from 'fast-check';
import { DEFAULT_MODEL_CONFIG } from './config';
import { ContactAccumulator, bandForScore, contactScore, describeContact } from './contact';
import type { Channel, Outcome } from './types';

const config = DEFAULT_MODEL_CONFIG;
const AS_OF_DAY = 20_000;

interface Touch {
    age: number;
    channel: Channel;
    outcome: Outcome | null;
    owner?: string;
}

function accumulate(touches: readonly Touch[]): ContactAccumulator {
    const acc = new ContactAccumulator();
    for (const t of touches)
        acc.add(t.age, AS_OF_DAY - t.age, t.channel, t.outcome, t.owner ?? 'rep', config);
    return acc;
}

function score(touches: readonly Touch[]): number {
    return contactScore(accumulate(touches), config);
}

function band(touches: readonly Touch[]) {
    return bandForScore(score(touches), config);
}

const touchArb: fc.Arbitrary<Touch> = fc.record({
    age: fc.integer({ min: 0, max: 720 }),
    channel: fc.constantFrom<Channel>('Meeting', 'Call', 'Email', 'Message'),
    outcome: fc.constantFrom<Outcome | null>('Positive', 'Neutral', 'Negative', null)
});

describe('contact health (MODEL.md layer 1)', () => {
    it('property 1: a Positive meeting 7 days ago plus a Positive call 30 days ago is Green', () => {
        expect(
            band([
                { age: 7, channel: 'Meeting', outcome: 'Positive' },
                { age: 30, channel: 'Call', outcome: 'Positive' }
            ])
        ).toBe('Green');
    });

    it('property 2: only a Positive call 180 days ago is Red (resting on past glory)', () => {
        expect(band([{ age: 180, channel: 'Call', outcome: 'Positive' }])).toBe('Red');
    });

    it('property 3: a Neutral call last week beats a Positive call six months ago', () => {
        expect(score([{ age: 7, channel: 'Call', outcome: 'Neutral' }])).toBeGreaterThan(
            score([{ age: 182, channel: 'Call', outcome: 'Positive' }])
        );
    });

    it('property 4: ten Neutral calls this week do not outscore one Positive meeting this week', () => {
        // Worst case for the rule: the calls are all today, the meeting a week ago.
        const tenCalls = Array.from({ length: 10 }, () => ({
            age: 0,
            channel: 'Call' as const,
            outcome: 'Neutral' as const
        }));
        const meeting = [{ age: 6, channel: 'Meeting' as const, outcome: 'Positive' as const }];
        expect(score(tenCalls)).toBeLessThan(score(meeting));
        // And however many hollow calls are logged.
        fc.assert(
            fc.property(
                fc.integer({ min: 1, max: 500 }),
                fc.integer({ min: 0, max: 6 }),
                (count, meetingAge) => {
                    const calls = Array.from({ length: count }, (_, i) => ({
                        age: i % 7,
                        channel: 'Call' as const,
                        outcome: 'Neutral' as const
                    }));
                    return (
                        score(calls) < score([{ age: meetingAge, channel: 'Meeting', outcome: 'Positive' }])
                    );
                }
            )
        );
    });

    it('property 5: three Negative meetings in the last month are Red', () => {
        fc.assert(
            fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 3, maxLength: 3 }), (ages) => {
                return band(ages.map((age) => ({ age, channel: 'Meeting', outcome: 'Negative' }))) === 'Red';
            })
        );
    });

    describe('property 6: monotonic', () => {
        it('adding a Positive activity never lowers the score', () => {
            fc.assert(
                fc.property(fc.array(touchArb, { maxLength: 30 }), touchArb, (touches, extra) => {
                    const added = { ...extra, outcome: 'Positive' as const };
                    return score([...touches, added]) >= score(touches) - 1e-9;
                })
            );
        });

        it('adding a Negative activity never raises the score', () => {
            fc.assert(
                fc.property(fc.array(touchArb, { maxLength: 30 }), touchArb, (touches, extra) => {
                    const added = { ...extra, outcome: 'Negative' as const };
                    return score([...touches, added]) <= score(touches) + 1e-9;
                })
            );
        });

        it('making a Positive activity older never raises the score; a Negative one older never lowers it', () => {
            fc.assert(
                fc.property(
                    fc.array(touchArb, { maxLength: 30 }),
                    touchArb,
                    fc.integer({ min: 1, max: 365 }),
                    (touches, moved, extraAge) => {
                        const older = { ...moved, age: moved.age + extraAge };
                        const before = score([...touches, moved]);
                        const after = score([...touches, older]);
                        if (moved.outcome === 'Positive') return after <= before + 1e-9;
                        if (moved.outcome === 'Negative') return after >= before - 1e-9;
                        return true;
                    }
                )
            );
        });
    });

    it('property 7: bounded 0-100 for any input, including empty', () => {
        expect(score([])).toBe(0);
        fc.assert(
            fc.property(fc.array(touchArb, { maxLength: 200 }), (touches) => {
                const value = score(touches);
                return value >= 0 && value <= 100;
            })
        );
    });

    it('a year of weekly Positive meetings that stopped 3 months ago is no longer Green (resting on past glory)', () => {
        const history = Array.from({ length: 52 }, (_, week) => ({
            age: 90 + 7 * week,
            channel: 'Meeting' as const,
            outcome: 'Positive' as const
        }));
        expect(band(history)).not.toBe('Green');
        expect(band(history.map((t) => ({ ...t, age: t.age - 88 })))).toBe('Green');
    });

    it('an activity without outcome counts as presence only', () => {
        const withoutOutcome = score([{ age: 1, channel: 'Meeting', outcome: null }]);
        expect(withoutOutcome).toBeGreaterThan(0);
        expect(withoutOutcome).toBeLessThan(score([{ age: 1, channel: 'Meeting', outcome: 'Neutral' }]));
    });

    it("damping a rep scales only that rep's Positive weight", () => {
        const acc = accumulate([
            { age: 3, channel: 'Call', outcome: 'Positive', owner: 'a' },
            { age: 3, channel: 'Call', outcome: 'Positive', owner: 'b' }
        ]);
        expect(acc.positive(new Map([['a', 0.5]]))).toBeCloseTo(acc.positive() * 0.75, 10);
    });

    it('describes the contact in words a rep reads', () => {
        const cold = accumulate([{ age: 74, channel: 'Meeting', outcome: 'Positive' }]);
        expect(describeContact(cold, contactScore(cold, config), AS_OF_DAY, config)).toBe(
            'no interaction in 74 days (last: positive meeting)'
        );
        const warm = accumulate([
            { age: 2, channel: 'Meeting', outcome: 'Positive' },
            { age: 9, channel: 'Meeting', outcome: 'Positive' }
        ]);
        expect(describeContact(warm, contactScore(warm, config), AS_OF_DAY, config)).toBe(
            'positive meeting 2 days ago'
        );
        const angry = accumulate([{ age: 4, channel: 'Call', outcome: 'Negative' }]);
        expect(describeContact(angry, contactScore(angry, config), AS_OF_DAY, config)).toBe(
            '1 negative interaction in the last 30 days'
        );
        expect(describeContact(new ContactAccumulator(), 0, AS_OF_DAY, config)).toBe('no logged activity');
    });
});
