// Pins Layer 1 (contact health, contact.ts) against a reference written from the formula documented at the top
// of contact.ts and in MODEL.md "Layer 1": decayed channel weights folded into Positive / Neutral / no-outcome /
// Negative sums, saturating ceilings, tone, the Negative ceiling and the silence ceiling. Random activity
// streams and random (valid) settings are scored both ways; the ContactStore must fold exactly as the
// ContactAccumulator does. The wording cases follow describeContact's documented examples.
import { DEFAULT_MODEL_CONFIG, type ModelConfig } from './config';
import {
    ContactAccumulator,
    ContactStore,
    NO_DAY,
    bandForScore,
    channelCode,
    channelWeight,
    contactScore,
    decayFactor,
    describeContact,
    outcomeCode,
    roleLabel,
    roleWeight
} from './contact';
import type { Channel, Outcome } from './types';

const AS_OF_DAY = 20_000;
const CHANNELS: Channel[] = ['Meeting', 'Call', 'Email', 'Message'];
const OUTCOMES: (Outcome | null)[] = [null, 'Positive', 'Neutral', 'Negative'];

interface Act {
    age: number;
    channel: Channel;
    outcome: Outcome | null;
    owner: string | null;
}

/** A small deterministic generator (no clock, no Math.random). */
function lcg(seed: number) {
    let state = seed >>> 0;
    const next = () => {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        return state / 2 ** 32;
    };
    return {
        next,
        int: (n: number) => Math.floor(next() * n),
        pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T
    };
}

function randomConfig(r: ReturnType<typeof lcg>): ModelConfig {
    return {
        ...DEFAULT_MODEL_CONFIG,
        // a few half-lives only: each new one rebuilds decayFactor's table (4,000 powers)
        halfLifeDays: r.pick([12, 30, 45, 90]),
        meetingWeight: 0.5 + r.next(),
        callWeight: 0.3 + r.next(),
        emailWeight: 0.1 + r.next(),
        messageWeight: 0.05 + r.next(),
        positiveCeiling: 60 + r.int(40),
        neutralCeiling: 10 + r.int(40),
        noOutcomeCeiling: 1 + r.int(20),
        positiveSaturation: 0.2 + r.next(),
        neutralSaturation: 0.5 + 2 * r.next(),
        negativeSaturation: 0.5 + 2 * r.next(),
        recencyGraceDays: r.int(60),
        recencyPointsPerDay: 0.2 + 2 * r.next()
    };
}

function randomActs(r: ReturnType<typeof lcg>): Act[] {
    const count = r.int(9);
    return Array.from({ length: count }, () => ({
        age: r.next() < 0.1 ? r.int(5000) : r.int(200),
        channel: r.pick(CHANNELS),
        outcome: r.pick(OUTCOMES),
        owner: r.pick([null, 'rep-1', 'rep-2', 'rep-3'])
    }));
}

/** Cases grouped by half-life, so decayFactor's table is rebuilt a few times, not once per case. */
function byHalfLife<T extends { config: ModelConfig }>(cases: T[]): T[] {
    return [...cases].sort((a, b) => a.config.halfLifeDays - b.config.halfLifeDays);
}

/** The documented formula, computed directly from the activities. */
function referenceScore(acts: readonly Act[], c: ModelConfig, damping?: ReadonlyMap<string, number>): number {
    const weight = (a: Act) =>
        ({ Meeting: c.meetingWeight, Call: c.callWeight, Email: c.emailWeight, Message: c.messageWeight })[
            a.channel
        ] *
        0.5 ** (a.age / c.halfLifeDays);
    const sum = (keep: (a: Act) => boolean, factor: (a: Act) => number = () => 1) =>
        acts.filter(keep).reduce((total, a) => total + weight(a) * factor(a), 0);
    const P = sum(
        (a) => a.outcome === 'Positive',
        (a) => damping?.get(a.owner ?? '') ?? 1
    );
    const U = sum((a) => a.outcome === 'Neutral');
    const M = sum((a) => a.outcome === null);
    const N = sum((a) => a.outcome === 'Negative');
    const sat = (x: number, k: number) => 1 - Math.exp(-x / k);
    const base = Math.min(
        100,
        c.positiveCeiling * sat(P, c.positiveSaturation) +
            c.neutralCeiling * sat(U, c.neutralSaturation) +
            c.noOutcomeCeiling * sat(M, c.neutralSaturation)
    );
    const tone = P + U + M + N > 0 ? (P + U + M) / (P + U + M + N) : 1;
    const ceiling = 100 * Math.exp(-N / c.negativeSaturation);
    const engagedAges = acts.filter((a) => a.outcome !== 'Negative').map((a) => a.age);
    const silent = engagedAges.length ? Math.max(0, Math.min(...engagedAges) - c.recencyGraceDays) : 0;
    const silence = 100 - c.recencyPointsPerDay * silent;
    return Math.max(0, Math.min(100, base * tone, ceiling, silence));
}

function fold(acts: readonly Act[], c: ModelConfig): ContactAccumulator {
    const acc = new ContactAccumulator();
    for (const a of acts) acc.add(a.age, AS_OF_DAY - a.age, a.channel, a.outcome, a.owner, c);
    return acc;
}

describe('contact score: the documented formula', () => {
    it('matches the reference on 300 random contacts under random settings', () => {
        const r = lcg(13);
        const wrong: string[] = [];
        const cases = byHalfLife(
            Array.from({ length: 300 }, (_, i) => ({
                config: i % 4 === 0 ? DEFAULT_MODEL_CONFIG : randomConfig(r),
                acts: randomActs(r)
            }))
        );
        for (const [i, { config, acts }] of cases.entries()) {
            const got = contactScore(fold(acts, config), config);
            const want = referenceScore(acts, config);
            if (Math.abs(got - want) > 1e-9) wrong.push(`#${i}: ${got} != ${want} ${JSON.stringify(acts)}`);
        }
        expect(wrong).toEqual([]);
    });

    it('damps each rep’s Positive weight by that rep’s factor only', () => {
        const r = lcg(7);
        const damping = new Map([
            ['rep-2', 0.5],
            ['', 0.25]
        ]);
        const wrong: string[] = [];
        const cases = byHalfLife(
            Array.from({ length: 200 }, () => ({ config: randomConfig(r), acts: randomActs(r) }))
        );
        for (const [i, { config, acts }] of cases.entries()) {
            const acc = fold(acts, config);
            const got = contactScore(acc, config, damping);
            const want = referenceScore(acts, config, damping);
            if (Math.abs(got - want) > 1e-9) wrong.push(`#${i}: ${got} != ${want} ${JSON.stringify(acts)}`);
            const positive = acts.filter((a) => a.outcome === 'Positive');
            const plain = positive.reduce(
                (t, a) => t + channelWeight(a.channel, config) * decayFactor(a.age, config.halfLifeDays),
                0
            );
            if (Math.abs(acc.positive() - plain) > 1e-9)
                wrong.push(`#${i}: positive() ${acc.positive()} != ${plain}`);
        }
        expect(wrong).toEqual([]);
        expect(new ContactAccumulator().positive(damping)).toBe(0);
    });

    it('scores a contact some days ahead as if every activity were that much older, nothing new logged', () => {
        const r = lcg(21);
        const cases = byHalfLife(
            Array.from({ length: 120 }, () => ({ config: randomConfig(r), acts: randomActs(r) }))
        );
        const wrong: string[] = [];
        for (const [i, { config, acts }] of cases.entries()) {
            const ahead = 1 + r.int(90);
            const got = contactScore(fold(acts, config), config, undefined, ahead);
            const want = referenceScore(
                acts.map((a) => ({ ...a, age: a.age + ahead })),
                config
            );
            if (Math.abs(got - want) > 1e-9) wrong.push(`#${i} +${ahead}: ${got} != ${want}`);
            if (
                contactScore(fold(acts, config), config, undefined, 0) !==
                contactScore(fold(acts, config), config)
            )
                wrong.push(`#${i}: ahead 0`);
        }
        expect(wrong).toEqual([]);
    });

    it('gives the documented default-model anchors', () => {
        const c = DEFAULT_MODEL_CONFIG;
        // one Positive meeting today: 90 * (1 - e^(-1/0.6))
        expect(
            contactScore(fold([{ age: 0, channel: 'Meeting', outcome: 'Positive', owner: null }], c), c)
        ).toBeCloseTo(90 * (1 - Math.exp(-1 / 0.6)), 10);
        // no activity: 0 (base 0, tone 1)
        expect(contactScore(new ContactAccumulator(), c)).toBe(0);
        // a Negative meeting today alone: base 0
        expect(
            contactScore(fold([{ age: 0, channel: 'Meeting', outcome: 'Negative', owner: null }], c), c)
        ).toBe(0);
    });
});

describe('ContactAccumulator bookkeeping', () => {
    it('tracks the days and counts score.ts and describeContact read', () => {
        const c = DEFAULT_MODEL_CONFIG;
        const acts: Act[] = [
            { age: 50, channel: 'Email', outcome: null, owner: null }, // presence only: not meaningful
            { age: 40, channel: 'Call', outcome: null, owner: null }, // a call without outcome is meaningful
            { age: 30, channel: 'Meeting', outcome: 'Negative', owner: null }, // recent Negative (<= 30 days)
            { age: 31, channel: 'Call', outcome: 'Negative', owner: null }, // not recent
            { age: 20, channel: 'Message', outcome: 'Positive', owner: 'rep-1' },
            { age: 60, channel: 'Meeting', outcome: 'Positive', owner: 'rep-2' },
            { age: 10, channel: 'Email', outcome: 'Neutral', owner: null },
            { age: 10, channel: 'Meeting', outcome: null, owner: null } // same age: the first one stays freshest
        ];
        const acc = fold(acts, c);
        expect(acc.activityCount).toBe(8);
        expect(acc.withoutOutcomeCount).toBe(3);
        expect(acc.ratedCount).toBe(5);
        expect(acc.negativeRecentCount).toBe(1);
        expect(acc.lastActivityDay).toBe(AS_OF_DAY - 10);
        expect(acc.lastMeetingDay).toBe(AS_OF_DAY - 10);
        expect(acc.lastPositiveDay).toBe(AS_OF_DAY - 20);
        expect(acc.lastPositiveChannel).toBe('Message');
        expect(acc.freshestEngagedAge).toBe(10);
        expect(acc.lastEngagedDay).toBe(AS_OF_DAY - 10);
        expect(acc.lastEngagedChannel).toBe('Email');
        expect(acc.lastEngagedOutcome).toBe('Neutral');
        expect(acc.lastMeaningfulDay).toBe(AS_OF_DAY - 10);
        expect(acc.firstOwner).toBe('rep-1');
        expect(acc.otherOwners).toEqual(['rep-2']);
        const meaningful = fold(
            [
                { age: 5, channel: 'Email', outcome: null, owner: null },
                { age: 6, channel: 'Message', outcome: null, owner: null },
                { age: 7, channel: 'Meeting', outcome: 'Negative', owner: null },
                { age: 9, channel: 'Meeting', outcome: null, owner: null },
                { age: 8, channel: 'Message', outcome: 'Negative', owner: null }
            ],
            c
        );
        expect(meaningful.lastMeaningfulDay).toBe(AS_OF_DAY - 9);
        expect(meaningful.lastMeetingDay).toBe(AS_OF_DAY - 7);
        expect(meaningful.lastPositiveDay).toBe(NO_DAY);
        expect(new ContactAccumulator().lastMeaningfulDay).toBe(NO_DAY);
    });

    it('keeps Positive weight per rep, adding to a rep seen before', () => {
        const c = { ...DEFAULT_MODEL_CONFIG, meetingWeight: 1 };
        const acc = fold(
            [
                { age: 0, channel: 'Meeting', outcome: 'Positive', owner: 'a' },
                { age: 0, channel: 'Meeting', outcome: 'Positive', owner: 'b' },
                { age: 0, channel: 'Meeting', outcome: 'Positive', owner: 'c' },
                { age: 0, channel: 'Meeting', outcome: 'Positive', owner: 'b' },
                { age: 0, channel: 'Meeting', outcome: 'Positive', owner: 'a' }
            ],
            c
        );
        expect(acc.firstOwnerPositive).toBe(2);
        expect(acc.otherOwners).toEqual(['b', 'c']);
        expect(acc.otherOwnersPositive).toEqual([2, 1]);
        expect(acc.positive(new Map([['b', 0.5]]))).toBe(4);
        expect(acc.positive(new Map([['a', 0]]))).toBe(3);
    });
});

describe('ContactStore folds exactly as ContactAccumulator', () => {
    it('gives back equal accumulators for random streams, across growth', () => {
        const r = lcg(99);
        const store = new ContactStore();
        const expected: ContactAccumulator[] = [];
        const config = randomConfig(r);
        for (let contact = 0; contact < 60; contact++) {
            const row = store.addContact();
            expect(row).toBe(contact);
            const acts = randomActs(r).map((a) => ({ ...a, age: Math.min(a.age, 3999) }));
            for (const a of acts)
                store.add(
                    row,
                    a.age,
                    AS_OF_DAY - a.age,
                    channelCode(a.channel),
                    outcomeCode(a.outcome),
                    store.ownerNumber(a.owner),
                    config
                );
            expected.push(fold(acts, config));
        }
        expect(store.length).toBe(60);
        const wrong: number[] = [];
        for (let row = 0; row < 60; row++) {
            const got = store.accumulator(row);
            if (JSON.stringify(got) !== JSON.stringify(expected[row])) wrong.push(row);
            if (store.activityCount(row) !== expected[row]!.activityCount) wrong.push(-row);
            if (contactScore(got, config) !== contactScore(expected[row]!, config)) wrong.push(1000 + row);
        }
        expect(wrong).toEqual([]);
    });

    it('finds every contact by its Id, short, long or not Latin-1, across growth of its index', () => {
        const store = new ContactStore();
        const ids = Array.from({ length: 2600 }, (_, i) => `003${String(i).padStart(12, '0')}`);
        ids[7] = 'x'.repeat(120); // longer than a row keeps
        ids[8] = 'Zoë ✓ contact'; // a character above 255
        ids[9] = '';
        const unlinked = store.addContact();
        const rows = ids.map((id) => store.addContact(id));
        expect(rows[0]).toBe(unlinked + 1);
        expect(store.length).toBe(ids.length + 1);
        const wrong = ids.filter(
            (id, i) => store.find(id) !== rows[i] || store.idOf(rows[i] as number) !== id
        );
        expect(wrong).toEqual([]);
        expect(store.idOf(unlinked)).toBe('');
        expect(store.find('003999999999999')).toBe(-1);
        expect(store.find('y'.repeat(120))).toBe(-1);
        expect(store.find('Zoë ✗')).toBe(-1);
    });

    it('numbers owners once each, with no owner as ""', () => {
        const store = new ContactStore();
        expect(store.ownerNumber('rep-1')).toBe(0);
        expect(store.ownerNumber(null)).toBe(1);
        expect(store.ownerNumber('rep-1')).toBe(0);
        expect(store.ownerNumber('')).toBe(1);
        expect(store.ownerId(0)).toBe('rep-1');
        expect(store.ownerId(1)).toBe('');
    });

    it('codes channels and outcomes', () => {
        expect(CHANNELS.map(channelCode)).toEqual([1, 2, 3, 4]);
        expect(OUTCOMES.map(outcomeCode)).toEqual([0, 1, 2, 3]);
    });
});

describe('contact helpers', () => {
    it('decays by half every half-life, for whole and fractional ages, near and far', () => {
        expect(decayFactor(0, 45)).toBe(1);
        expect(decayFactor(45, 45)).toBeCloseTo(0.5, 15);
        expect(decayFactor(90, 45)).toBeCloseTo(0.25, 15);
        expect(decayFactor(30, 30)).toBeCloseTo(0.5, 15); // a new half-life rebuilds the table
        expect(decayFactor(45, 45)).toBeCloseTo(0.5, 15);
        expect(decayFactor(22.5, 45)).toBeCloseTo(Math.SQRT1_2, 15);
        expect(decayFactor(3999, 45)).toBeCloseTo(0.5 ** (3999 / 45), 20);
        expect(decayFactor(4000, 4000)).toBeCloseTo(0.5, 15);
        expect(decayFactor(9000, 4500)).toBeCloseTo(0.25, 15);
        expect(decayFactor(-45, 45)).toBeCloseTo(2, 12);
    });

    it('weights channels and roles by their settings', () => {
        const c = {
            ...DEFAULT_MODEL_CONFIG,
            meetingWeight: 1.1,
            callWeight: 1.2,
            emailWeight: 1.3,
            messageWeight: 1.4,
            decisionMakerWeight: 5,
            approverWeight: 6,
            influencerWeight: 7,
            userRoleWeight: 8,
            unsetRoleWeight: 9
        };
        expect(CHANNELS.map((ch) => channelWeight(ch, c))).toEqual([1.1, 1.2, 1.3, 1.4]);
        expect(
            (['Decision Maker', 'Approver', 'Influencer', 'User', null] as const).map((role) =>
                roleWeight(role, c)
            )
        ).toEqual([5, 6, 7, 8, 9]);
        expect((['Decision Maker', 'Approver', 'Influencer', 'User', null] as const).map(roleLabel)).toEqual([
            'Decision maker',
            'Approver',
            'Influencer',
            'User',
            'Contact'
        ]);
    });

    it('bands a contact score: Green from greenThreshold, Red below redThreshold', () => {
        const c = DEFAULT_MODEL_CONFIG;
        expect(bandForScore(70, c)).toBe('Green');
        expect(bandForScore(69.99, c)).toBe('Yellow');
        expect(bandForScore(40, c)).toBe('Yellow');
        expect(bandForScore(39.99, c)).toBe('Red');
    });
});

describe('describeContact: words a rep would accept', () => {
    const c = DEFAULT_MODEL_CONFIG;
    const say = (acts: Act[]) => {
        const acc = fold(acts, c);
        return describeContact(acc, contactScore(acc, c), AS_OF_DAY, c);
    };
    const act = (age: number, channel: Channel, outcome: Outcome | null): Act => ({
        age,
        channel,
        outcome,
        owner: null
    });

    it('names the last positive interaction of a Green contact', () => {
        expect(say([act(12, 'Meeting', 'Positive'), act(2, 'Call', 'Positive')])).toBe(
            'positive call 2 days ago'
        );
        expect(say([act(0, 'Meeting', 'Positive'), act(1, 'Meeting', 'Positive')])).toBe(
            'positive meeting today'
        );
        expect(say([act(1, 'Meeting', 'Positive'), act(3, 'Meeting', 'Positive')])).toBe(
            'positive meeting 1 day ago'
        );
    });

    it('names the freshest interaction and its outcome otherwise', () => {
        expect(say([act(6, 'Email', null)])).toBe('email 6 days ago (no outcome logged)');
        expect(say([act(6, 'Call', 'Neutral')])).toBe('neutral call 6 days ago');
        expect(say([act(6, 'Message', 'Positive')])).toBe('positive message 6 days ago');
    });

    it('says how long since the last real interaction when a contact has gone quiet', () => {
        expect(say([act(95, 'Meeting', 'Positive')])).toBe(
            'no interaction in 95 days (last: positive meeting)'
        );
        expect(say([act(31, 'Email', null)])).toBe(
            'no interaction in 31 days (last: email, no outcome logged)'
        );
        expect(say([act(95, 'Call', 'Positive'), act(40, 'Meeting', 'Negative')])).toBe(
            'no positive or neutral interaction in 95 days (last: positive call; a negative one 40 days ago)'
        );
    });

    it('puts recent Negative interactions first, counted, unless the contact is Green anyway', () => {
        expect(say([act(30, 'Meeting', 'Negative')])).toBe('1 negative interaction in the last 30 days');
        expect(
            say([act(3, 'Meeting', 'Negative'), act(10, 'Call', 'Negative'), act(2, 'Meeting', 'Positive')])
        ).toBe('2 negative interactions in the last 30 days');
        const green = [
            act(0, 'Meeting', 'Positive'),
            act(1, 'Meeting', 'Positive'),
            act(2, 'Meeting', 'Positive'),
            act(29, 'Email', 'Negative')
        ];
        expect(contactScore(fold(green, c), c)).toBeGreaterThanOrEqual(70);
        expect(say(green)).toBe('positive meeting today');
    });

    it('says when there is nothing or only Negative', () => {
        expect(say([])).toBe('no logged activity');
        expect(say([act(45, 'Call', 'Negative'), act(60, 'Meeting', 'Negative')])).toBe(
            'only negative interactions, the last 45 days ago'
        );
    });
});
