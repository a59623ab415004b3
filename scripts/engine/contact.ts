// Layer 1: contact health from interaction QUALITY, not volume (MODEL.md "Layer 1", v2 property 8).
//
// Each activity carries a decayed weight w = channel weight * 0.5^(age / half-life). The weights are folded
// into four sums per contact (Positive split by the rep who logged it, so inflation damping can be applied
// at the end without a second pass over activities):
//   P (Positive), U (Neutral), M (no outcome: presence only), N (Negative)
// and the score is
//   base    = min(100, positiveCeiling*sat(P, positiveSaturation) + neutralCeiling*sat(U, neutralSaturation)
//                    + noOutcomeCeiling*sat(M, neutralSaturation))          sat(x, k) = 1 - e^(-x/k)
//   tone    = (P + U + M) / (P + U + M + N)                                 (1 with no activity)
//   ceiling = 100 * e^(-N / negativeSaturation)
//   silence = 100 - recencyPointsPerDay * max(0, days since the last non-Negative activity - recencyGraceDays)
//   score   = min(base * tone, ceiling, silence)
// Recency is counted ONCE: the half-life decay alone moves a contact with a short history (one Positive
// meeting stays engaged for about 67 days and is cold by 90). The silence ceiling is not a second decay: it
// never binds on a short history and only stops a long, beautiful history from keeping a contact engaged after
// months of silence ("resting on past glory", seed 000: cold = "no meeting in 3 months"). Saturation makes
// frequency count less and less; separate ceilings make tone matter (ten Neutral calls cannot reach what one
// Positive meeting earns). Every term is monotone in the direction MODEL.md property 6 asks for, and the
// result is bounded to 0-100.
import type { ModelConfig } from './config';
import type { BuyingRole, Channel, ContactBand, Outcome } from './types';

const NEGATIVE_RECENT_DAYS = 30;

/** "No such day" / "no such age": small integers, so V8 keeps the fields unboxed (memory per contact matters). */
export const NO_DAY = -100_000_000;
const NO_AGE = 100_000_000;

/** Per-contact running sums: O(1) memory per contact however many activities stream in. */
export class ContactAccumulator {
    /** Positive weight split by the rep who logged it ('' = no owner): one slot inline, more in arrays. */
    firstOwner: string | null = null;
    // Sums start at -0, a double, so V8 gives these fields a double representation from the start instead of
    // migrating a million objects when the first fractional weight arrives (measurably less GC).
    firstOwnerPositive = -0;
    otherOwners: string[] | null = null;
    otherOwnersPositive: number[] | null = null;
    neutral = -0;
    noOutcome = -0;
    negative = -0;
    activityCount = 0;
    withoutOutcomeCount = 0;
    ratedCount = 0;
    negativeRecentCount = 0;
    lastActivityDay = NO_DAY;
    lastMeetingDay = NO_DAY;
    lastPositiveDay = NO_DAY;
    lastEngagedDay = NO_DAY;
    /** Age in days of the freshest Positive, Neutral or no-outcome activity. */
    freshestEngagedAge = NO_AGE;
    lastPositiveChannel: Channel | null = null;
    /** Channel and outcome of the freshest non-Negative activity (for driver wording). */
    lastEngagedChannel: Channel | null = null;
    lastEngagedOutcome: Outcome | null = null;
    /** Last meeting or call that was not Negative, or any Positive/Neutral activity (silence cap). */
    lastMeaningfulDay = NO_DAY;

    /** Folds one activity, `ageDays` (>= 0) before the as-of date. */
    add(
        ageDays: number,
        day: number,
        channel: Channel,
        outcome: Outcome | null,
        ownerId: string | null,
        config: ModelConfig
    ) {
        const weight = channelWeight(channel, config) * decayFactor(ageDays, config.halfLifeDays);
        this.activityCount++;
        if (day > this.lastActivityDay) this.lastActivityDay = day;
        if (channel === 'Meeting' && day > this.lastMeetingDay) this.lastMeetingDay = day;
        if (outcome !== 'Negative') {
            if (ageDays < this.freshestEngagedAge) {
                this.freshestEngagedAge = ageDays;
                this.lastEngagedDay = day;
                this.lastEngagedChannel = channel;
                this.lastEngagedOutcome = outcome;
            }
            if (
                (outcome !== null || channel === 'Meeting' || channel === 'Call') &&
                day > this.lastMeaningfulDay
            ) {
                this.lastMeaningfulDay = day;
            }
        }
        if (outcome === null) {
            this.withoutOutcomeCount++;
            this.noOutcome += weight;
            return;
        }
        this.ratedCount++;
        if (outcome === 'Positive') {
            this.addPositive(ownerId ?? '', weight);
            if (day > this.lastPositiveDay) {
                this.lastPositiveDay = day;
                this.lastPositiveChannel = channel;
            }
        } else if (outcome === 'Neutral') {
            this.neutral += weight;
        } else {
            this.negative += weight;
            if (ageDays <= NEGATIVE_RECENT_DAYS) this.negativeRecentCount++;
        }
    }

    private addPositive(owner: string, weight: number): void {
        if (this.firstOwner === null || this.firstOwner === owner) {
            this.firstOwner = owner;
            this.firstOwnerPositive += weight;
            return;
        }
        this.otherOwners ??= [];
        this.otherOwnersPositive ??= [];
        const index = this.otherOwners.indexOf(owner);
        if (index >= 0) this.otherOwnersPositive[index] = (this.otherOwnersPositive[index] ?? 0) + weight;
        else {
            this.otherOwners.push(owner);
            this.otherOwnersPositive.push(weight);
        }
    }

    /** Total Positive weight, each rep's share multiplied by their damping factor (1 when not flagged). */
    positive(damping?: ReadonlyMap<string, number>): number {
        if (this.firstOwner === null) return 0;
        let total = this.firstOwnerPositive * (damping?.get(this.firstOwner) ?? 1);
        const owners = this.otherOwners ?? [];
        for (let i = 0; i < owners.length; i++) {
            total += (this.otherOwnersPositive?.[i] ?? 0) * (damping?.get(owners[i] as string) ?? 1);
        }
        return total;
    }
}

// 0.5^(age / half-life) for whole-day ages, tabulated per half-life (the hot path of streaming activities).
const DECAY_TABLE_DAYS = 4000;
let decayTable: Float64Array | null = null;
let decayTableHalfLife = Number.NaN;
/** One table per half-life seen (segment models may each have their own, interleaved activity by activity). */
const decayTables = new Map<number, Float64Array>();

export function decayFactor(ageDays: number, halfLifeDays: number): number {
    if (Number.isInteger(ageDays) && ageDays >= 0 && ageDays < DECAY_TABLE_DAYS) {
        if (decayTableHalfLife !== halfLifeDays || decayTable === null) {
            let table = decayTables.get(halfLifeDays);
            if (!table) {
                table = new Float64Array(DECAY_TABLE_DAYS);
                for (let age = 0; age < DECAY_TABLE_DAYS; age++)
                    table[age] = Math.pow(0.5, age / halfLifeDays);
                if (decayTables.size >= 64) decayTables.clear();
                decayTables.set(halfLifeDays, table);
            }
            decayTable = table;
            decayTableHalfLife = halfLifeDays;
        }
        return decayTable[ageDays] as number;
    }
    return Math.pow(0.5, ageDays / halfLifeDays);
}

export function channelWeight(channel: Channel, config: ModelConfig): number {
    switch (channel) {
        case 'Meeting':
            return config.meetingWeight;
        case 'Call':
            return config.callWeight;
        case 'Email':
            return config.emailWeight;
        default:
            return config.messageWeight;
    }
}

function saturate(x: number, k: number): number {
    return 1 - Math.exp(-x / k);
}

/** The contact score 0-100 (unrounded) from its accumulated sums. */
export function contactScore(
    acc: ContactAccumulator,
    config: ModelConfig,
    damping?: ReadonlyMap<string, number>,
    aheadDays = 0
) {
    // `aheadDays` > 0: the score the contact will have that many days later if nothing new is logged (every
    // activity ages alike, so each decayed sum scales by the same factor).
    const fade = aheadDays > 0 ? decayFactor(aheadDays, config.halfLifeDays) : 1;
    const p = acc.positive(damping) * fade;
    const u = acc.neutral * fade;
    const m = acc.noOutcome * fade;
    const n = acc.negative * fade;
    const base = Math.min(
        100,
        config.positiveCeiling * saturate(p, config.positiveSaturation) +
            config.neutralCeiling * saturate(u, config.neutralSaturation) +
            config.noOutcomeCeiling * saturate(m, config.neutralSaturation)
    );
    const engaged = p + u + m;
    const tone = engaged + n > 0 ? engaged / (engaged + n) : 1;
    const ceiling = 100 * Math.exp(-n / config.negativeSaturation);
    const silentDays =
        acc.freshestEngagedAge < NO_AGE
            ? Math.max(0, acc.freshestEngagedAge + aheadDays - config.recencyGraceDays)
            : 0;
    const silence = 100 - config.recencyPointsPerDay * silentDays;
    const score = Math.min(base * tone, ceiling, silence);
    return Math.max(0, Math.min(100, score));
}

export function bandForScore(score: number, config: ModelConfig): ContactBand {
    if (score >= config.greenThreshold) return 'Green';
    if (score >= config.redThreshold) return 'Yellow';
    return 'Red';
}

const ROLE_LABELS: Record<BuyingRole, string> = {
    'Decision Maker': 'Decision maker',
    Approver: 'Approver',
    Influencer: 'Influencer',
    User: 'User'
};

export function roleLabel(role: BuyingRole | null): string {
    return role ? ROLE_LABELS[role] : 'Contact';
}

export function roleWeight(role: BuyingRole | null, config: ModelConfig): number {
    switch (role) {
        case 'Decision Maker':
            return config.decisionMakerWeight;
        case 'Approver':
            return config.approverWeight;
        case 'Influencer':
            return config.influencerWeight;
        case 'User':
            return config.userRoleWeight;
        default:
            return config.unsetRoleWeight;
    }
}

function days(count: number): string {
    return count === 1 ? '1 day' : `${count} days`;
}

const OUTCOME_WORDS: Record<Outcome, string> = {
    Positive: 'positive',
    Neutral: 'neutral',
    Negative: 'negative'
};

function ago(count: number): string {
    return count === 0 ? 'today' : `${days(count)} ago`;
}

/**
 * Why the contact scores what it does, in words a rep would accept: it names the last real interaction and how it
 * went ("positive meeting 12 days ago", "email 6 days ago (no outcome logged)", "no interaction in 95 days (last:
 * positive meeting)"), never "cold" or "no meeting logged" for someone the rep talked to last week.
 */
export function describeContact(
    acc: ContactAccumulator,
    score: number,
    asOfDay: number,
    config: ModelConfig
): string {
    if (acc.activityCount === 0) return 'no logged activity';
    if (acc.negativeRecentCount > 0 && score < config.greenThreshold) {
        const count = acc.negativeRecentCount;
        return `${count} negative interaction${count === 1 ? '' : 's'} in the last ${NEGATIVE_RECENT_DAYS} days`;
    }
    if (acc.lastEngagedDay === NO_DAY) {
        return `only negative interactions, the last ${ago(asOfDay - acc.lastActivityDay)}`;
    }
    const sinceEngaged = asOfDay - acc.lastEngagedDay;
    const channel = (acc.lastEngagedChannel ?? 'Message').toLowerCase();
    const outcome = acc.lastEngagedOutcome;
    if (score >= config.greenThreshold && acc.lastPositiveDay !== NO_DAY) {
        const positiveChannel = (acc.lastPositiveChannel ?? 'Message').toLowerCase();
        return `positive ${positiveChannel} ${ago(asOfDay - acc.lastPositiveDay)}`;
    }
    if (score < config.engagedContactThreshold && sinceEngaged > NEGATIVE_RECENT_DAYS) {
        const last =
            outcome === null ? `${channel}, no outcome logged` : `${OUTCOME_WORDS[outcome]} ${channel}`;
        // A Negative interaction after it is still an interaction: say so rather than "no interaction".
        const sinceActivity = asOfDay - acc.lastActivityDay;
        return sinceActivity < sinceEngaged
            ? `no positive or neutral interaction in ${days(sinceEngaged)} (last: ${last}; a negative one ${ago(sinceActivity)})`
            : `no interaction in ${days(sinceEngaged)} (last: ${last})`;
    }
    return outcome === null
        ? `${channel} ${ago(sinceEngaged)} (no outcome logged)`
        : `${OUTCOME_WORDS[outcome]} ${channel} ${ago(sinceEngaged)}`;
}

// ---------------------------------------------------------------- the portfolio's contact store

const CHANNELS: readonly (Channel | null)[] = [null, 'Meeting', 'Call', 'Email', 'Message'];
const OUTCOMES: readonly (Outcome | null)[] = [null, 'Positive', 'Neutral', 'Negative'];

/** Channel → its code in a ContactStore (1-4; 0 is "none"). */
export function channelCode(channel: Channel): number {
    switch (channel) {
        case 'Meeting':
            return 1;
        case 'Call':
            return 2;
        case 'Email':
            return 3;
        default:
            return 4;
    }
}

/** Outcome → its code in a ContactStore (0 = no outcome logged). */
export function outcomeCode(outcome: Outcome | null): number {
    return outcome === null ? 0 : outcome === 'Positive' ? 1 : outcome === 'Neutral' ? 2 : 3;
}

// A ContactStore row is ROW_BYTES of one buffer: the four sums (Float64), then the integer fields (Int32), then the
// contact's Id (one byte per character). Sums, days and Id of a contact share two adjacent cache lines, so an
// activity costs one hash-table slot and one row, wherever the contact is.
const ROW_BYTES = 128;
const ROW_F64 = ROW_BYTES / 8;
const ROW_I32 = ROW_BYTES / 4;
const F_FIRST_POSITIVE = 0;
const F_NEUTRAL = 1;
const F_NO_OUTCOME = 2;
const F_NEGATIVE = 3;
const I_ACTIVITIES = 8;
const I_WITHOUT_OUTCOME = 9;
const I_RATED = 10;
const I_NEGATIVE_RECENT = 11;
const I_LAST_ACTIVITY = 12;
const I_LAST_MEETING = 13;
const I_LAST_POSITIVE = 14;
const I_LAST_ENGAGED = 15;
const I_FRESHEST_ENGAGED_AGE = 16;
const I_LAST_MEANINGFUL = 17;
const I_LAST_POSITIVE_CHANNEL = 18;
const I_LAST_ENGAGED_CHANNEL = 19;
const I_LAST_ENGAGED_OUTCOME = 20;
/** Owner number of the first Positive's rep; -1 = no Positive yet. */
const I_FIRST_OWNER = 21;
/** Length of the Id kept in the row; -1 = no Id (an account's unlinked activities) or an Id kept in `longIds`. */
const I_KEY_LENGTH = 22;
const KEY_OFFSET = 23 * 4;
/** Ids up to this many characters, each 0-255, are kept in the row (Salesforce Ids have 15 or 18). */
const KEY_BYTES = ROW_BYTES - KEY_OFFSET;
/** Rows are allocated in blocks (1 MB each): growing never copies rows or leaves a dead buffer behind. */
const BLOCK_SHIFT = 13;
const BLOCK_MASK = (1 << BLOCK_SHIFT) - 1;

/**
 * FNV-1a over the UTF-16 code units; -1 when a unit is above 255 (such an Id is kept in `longIds`) or the Id is
 * longer than KEY_BYTES (36).
 */
export function keyHash(id: string): number {
    return spanHash(id, 0, id.length);
}

/**
 * keyHash of the Id text.slice(start, end), read in place: a CSV row's Id hashed straight from its file chunk,
 * without a string for it.
 */
export function spanHash(text: string, start: number, end: number): number {
    if (end - start > KEY_BYTES) return -1;
    let hash = 0x811c9dc5 | 0;
    for (let k = start; k < end; k++) {
        const c = text.charCodeAt(k);
        if (c > 255) return -1;
        hash = Math.imul(hash ^ c, 16777619);
    }
    return hash & 0x7fffffff;
}

/**
 * Every contact's running sums, keyed by contact Id, in flat buffers (one row per contact): what
 * ContactAccumulator keeps, without an object, boxed doubles, a Map entry or an Id string per contact, so a
 * portfolio of a million contacts is a few buffers the garbage collector never has to walk, and an activity is
 * one hash probe and a few numeric updates. Activities arrive as numbers (day, channel and outcome codes, owner
 * number); add() is ContactAccumulator.add on whole-day ages, and accumulator() gives back an equal
 * ContactAccumulator for scoring (the same sums, added in the same order).
 */
export class ContactStore {
    private readonly f64: Float64Array[] = [];
    private readonly i32: Int32Array[] = [];
    private readonly u8: Uint8Array[] = [];
    private size = 0;
    /** Open addressing: (row + 1, hash) pairs; 0 = empty. At most half full. */
    private slots: Int32Array;
    /** Ids that do not fit a row (longer than KEY_BYTES, or characters above 255). */
    private readonly longIds = new Map<string, number>();
    private readonly longIdOf = new Map<number, string>();
    /** Owner Id ↔ owner number ('' = no owner). */
    private readonly ownerNumbers = new Map<string, number>();
    private readonly ownerIds: string[] = [];
    /** Positive weight of reps after the first, per contact (rare: most contacts have one rep). */
    private readonly otherOwners = new Map<number, { owners: number[]; positive: number[] }>();
    /** Scratch for idOf. */
    private readonly codes: number[] = [];
    /** Owner numbers by keyHash (ownerNumber's fast path): number + 1 per slot, 0 = empty; at most half full. */
    private ownerSlots = new Int32Array(256);
    private ownerHashes = new Int32Array(256);
    private ownerCount = 0;
    /** Scratch for findMany. */
    private batchHashes = new Int32Array(0);
    /** findMany's reads, kept so they are not optimised away. */
    touched = 0;

    constructor() {
        this.slots = new Int32Array(2 * 2048);
    }

    get length(): number {
        return this.size;
    }

    /**
     * A new contact with nothing folded in yet; returns its row. `id` (optional: an account's unlinked activities
     * have none) must not be in the store yet (see find).
     */
    addContact(id?: string): number {
        const index = this.size++;
        if ((index & BLOCK_MASK) === 0) this.addBlock();
        const block = index >> BLOCK_SHIFT;
        const sums = this.f64[block] as Float64Array;
        const f = (index & BLOCK_MASK) * ROW_F64;
        // -0 like ContactAccumulator's sums (see there).
        sums[f + F_FIRST_POSITIVE] = -0;
        sums[f + F_NEUTRAL] = -0;
        sums[f + F_NO_OUTCOME] = -0;
        sums[f + F_NEGATIVE] = -0;
        const i = (index & BLOCK_MASK) * ROW_I32;
        const ints = this.i32[block] as Int32Array;
        ints[i + I_ACTIVITIES] = 0;
        ints[i + I_WITHOUT_OUTCOME] = 0;
        ints[i + I_RATED] = 0;
        ints[i + I_NEGATIVE_RECENT] = 0;
        ints[i + I_LAST_ACTIVITY] = NO_DAY;
        ints[i + I_LAST_MEETING] = NO_DAY;
        ints[i + I_LAST_POSITIVE] = NO_DAY;
        ints[i + I_LAST_ENGAGED] = NO_DAY;
        ints[i + I_FRESHEST_ENGAGED_AGE] = NO_AGE;
        ints[i + I_LAST_MEANINGFUL] = NO_DAY;
        ints[i + I_LAST_POSITIVE_CHANNEL] = 0;
        ints[i + I_LAST_ENGAGED_CHANNEL] = 0;
        ints[i + I_LAST_ENGAGED_OUTCOME] = 0;
        ints[i + I_FIRST_OWNER] = -1;
        ints[i + I_KEY_LENGTH] = -1;
        if (id !== undefined) this.index(index, id);
        return index;
    }

    /** The row of the contact with this Id, or -1. */
    find(id: string): number {
        const hash = id.length <= KEY_BYTES ? keyHash(id) : -1;
        if (hash < 0) return this.longIds.get(id) ?? -1;
        const slots = this.slots;
        const mask = (slots.length >> 1) - 1;
        for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
            const row = (slots[2 * slot] as number) - 1;
            if (row < 0) return -1;
            if (slots[2 * slot + 1] === hash && this.rowHasId(row, id)) return row;
        }
    }

    /**
     * find() for `count` Ids at once: rows[i] = find(ids[i]); -1 for an unknown Id, null or '' (no contact, as
     * PortfolioScorer reads an activity's empty WhoId). See findSpans.
     */
    findMany(ids: readonly (string | null)[], count: number, rows: Int32Array): void {
        const starts = new Int32Array(count);
        const ends = new Int32Array(count);
        for (let i = 0; i < count; i++) ends[i] = ids[i]?.length ?? 0;
        this.findSpans(ids, starts, ends, count, rows);
    }

    /**
     * find() for `count` Ids at once, each given in place as texts[i].slice(starts[i], ends[i]) (a CSV row's
     * field in its file chunk: no string per Id): rows[i] = the row of that Id, -1 for an unknown Id, a null
     * text or an empty span (no contact, as PortfolioScorer reads an activity's empty WhoId). The same answers as
     * find, in passes over the batch (hashes, then table slots, then the rows' Ids), so the memory reads of
     * different Ids overlap instead of waiting for each other: with a million contacts the table and the rows are
     * far larger than the CPU caches and one find is mostly waiting for memory.
     */
    findSpans(
        texts: readonly (string | null)[],
        starts: Int32Array,
        ends: Int32Array,
        count: number,
        rows: Int32Array
    ): void {
        const hashes =
            this.batchHashes.length >= count ? this.batchHashes : (this.batchHashes = new Int32Array(count));
        // Pass 1: hashes (-1: no Id; -2: a long Id, looked up in longIds).
        for (let i = 0; i < count; i++) {
            const text = texts[i];
            const start = starts[i] as number;
            const end = ends[i] as number;
            let hash = -1;
            if (text !== null && text !== undefined && end > start) {
                // spanHash is -1 for an Id with a character above 255 or longer than KEY_BYTES: in longIds.
                hash = spanHash(text, start, end);
                if (hash < 0) hash = -2;
            }
            hashes[i] = hash;
        }
        const slots = this.slots;
        const mask = (slots.length >> 1) - 1;
        // Pass 2: one read of each Id's first slot, nothing else (the reads overlap).
        let touched = 0;
        for (let i = 0; i < count; i++) {
            const hash = hashes[i] as number;
            if (hash >= 0) touched += slots[2 * (hash & mask)] as number;
        }
        // Pass 3: the probe (its slots now cached): the first slot whose hash matches.
        for (let i = 0; i < count; i++) {
            const hash = hashes[i] as number;
            if (hash < 0) {
                rows[i] =
                    hash === -1
                        ? -1
                        : (this.longIds.get((texts[i] as string).slice(starts[i], ends[i])) ?? -1);
                continue;
            }
            let row = -1;
            for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
                const candidate = (slots[2 * slot] as number) - 1;
                if (candidate < 0) break;
                if (slots[2 * slot + 1] === hash) {
                    row = candidate;
                    break;
                }
            }
            rows[i] = row;
        }
        // Pass 4: one read of each candidate row (the reads overlap).
        for (let i = 0; i < count; i++) {
            const row = rows[i] as number;
            if (row >= 0) {
                // Both cache lines of the row: its Id (compared next) and its sums (add() after).
                const ints = this.i32[row >> BLOCK_SHIFT] as Int32Array;
                const at = (row & BLOCK_MASK) * ROW_I32;
                touched += (ints[at + I_KEY_LENGTH] as number) + (ints[at] as number);
            }
        }
        this.touched = touched;
        // Pass 5: the candidate row's Id must be the Id (a rare hash collision takes the full find).
        for (let i = 0; i < count; i++) {
            const row = rows[i] as number;
            if (row < 0 || (hashes[i] as number) < 0) continue;
            const text = texts[i] as string;
            const start = starts[i] as number;
            const end = ends[i] as number;
            if (!this.rowHasSpan(row, text, start, end)) rows[i] = this.find(text.slice(start, end));
        }
    }

    /** The Id of row `index` ('' for a row without one). */
    idOf(index: number): string {
        const block = index >> BLOCK_SHIFT;
        const row = index & BLOCK_MASK;
        const length = (this.i32[block] as Int32Array)[row * ROW_I32 + I_KEY_LENGTH] as number;
        if (length < 0) return this.longIdOf.get(index) ?? '';
        const start = row * ROW_BYTES + KEY_OFFSET;
        const u8 = this.u8[block] as Uint8Array;
        const codes = this.codes;
        codes.length = length;
        for (let k = 0; k < length; k++) codes[k] = u8[start + k] as number;
        return String.fromCharCode.apply(null, codes);
    }

    /** The owner number of a rep Id (null = no owner), for add(). */
    ownerNumber(ownerId: string | null): number {
        // Looked up once per activity: first in a small table by keyHash, compared with ===. A Map would hash each
        // Id again, and an Id sliced from a file chunk has no cached hash (V8 computes it in its runtime).
        const hash = ownerId !== null && ownerId.length <= KEY_BYTES ? keyHash(ownerId) : -1;
        if (hash >= 0) {
            const slots = this.ownerSlots;
            const mask = slots.length - 1;
            for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
                const number = (slots[slot] as number) - 1;
                if (number < 0) break;
                if (this.ownerHashes[slot] === hash && this.ownerIds[number] === ownerId) return number;
            }
        }
        let number = this.ownerNumbers.get(ownerId ?? '');
        if (number === undefined) {
            // Kept for the whole run: a copy, so an Id sliced from a file chunk does not keep the chunk alive.
            const key = ownerId === null ? '' : ` ${ownerId}`.slice(1);
            number = this.ownerIds.length;
            this.ownerIds.push(key);
            this.ownerNumbers.set(key, number);
        }
        if (hash >= 0) this.placeOwner(hash, number);
        return number;
    }

    /**
     * ownerNumber(text.slice(start, end)) (null text: ownerNumber(null)), read in place: a known owner's Id is
     * hashed and compared straight from the text, with no string for it.
     */
    ownerNumberSpan(text: string | null, start: number, end: number): number {
        if (text === null) return this.ownerNumber(null);
        const hash = spanHash(text, start, end);
        if (hash >= 0) {
            const slots = this.ownerSlots;
            const mask = slots.length - 1;
            const length = end - start;
            for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
                const number = (slots[slot] as number) - 1;
                if (number < 0) break;
                if (this.ownerHashes[slot] !== hash) continue;
                const id = this.ownerIds[number] as string;
                if (id.length === length && text.startsWith(id, start)) return number;
            }
        }
        return this.ownerNumber(text.slice(start, end));
    }

    private placeOwner(hash: number, number: number): void {
        if (2 * (this.ownerCount + 1) > this.ownerSlots.length) {
            const old = this.ownerSlots;
            const oldHashes = this.ownerHashes;
            this.ownerSlots = new Int32Array(old.length * 2);
            this.ownerHashes = new Int32Array(old.length * 2);
            this.ownerCount = 0;
            for (let slot = 0; slot < old.length; slot++)
                if (old[slot] !== 0) this.placeOwner(oldHashes[slot] as number, (old[slot] as number) - 1);
        }
        const mask = this.ownerSlots.length - 1;
        let slot = hash & mask;
        while (this.ownerSlots[slot] !== 0) slot = (slot + 1) & mask;
        this.ownerSlots[slot] = number + 1;
        this.ownerHashes[slot] = hash;
        this.ownerCount++;
    }

    /** The rep Id of an owner number ('' = no owner). */
    ownerId(owner: number): string {
        return this.ownerIds[owner] as string;
    }

    /**
     * Folds one activity into contact `index`: ContactAccumulator.add with a whole-day age (>= 0) and codes
     * (channelCode, outcomeCode, ownerNumber) instead of strings.
     */
    add(
        index: number,
        ageDays: number,
        day: number,
        channel: number,
        outcome: number,
        owner: number,
        config: ModelConfig
    ): void {
        const weight =
            (channel === 1
                ? config.meetingWeight
                : channel === 2
                  ? config.callWeight
                  : channel === 3
                    ? config.emailWeight
                    : config.messageWeight) * decayFactor(ageDays, config.halfLifeDays);
        const block = index >> BLOCK_SHIFT;
        const ints = this.i32[block] as Int32Array;
        const sums = this.f64[block] as Float64Array;
        const i = (index & BLOCK_MASK) * ROW_I32;
        const s = (index & BLOCK_MASK) * ROW_F64;
        ints[i + I_ACTIVITIES] = (ints[i + I_ACTIVITIES] as number) + 1;
        if (day > (ints[i + I_LAST_ACTIVITY] as number)) ints[i + I_LAST_ACTIVITY] = day;
        if (channel === 1 && day > (ints[i + I_LAST_MEETING] as number)) ints[i + I_LAST_MEETING] = day;
        if (outcome !== 3) {
            if (ageDays < (ints[i + I_FRESHEST_ENGAGED_AGE] as number)) {
                ints[i + I_FRESHEST_ENGAGED_AGE] = ageDays;
                ints[i + I_LAST_ENGAGED] = day;
                ints[i + I_LAST_ENGAGED_CHANNEL] = channel;
                ints[i + I_LAST_ENGAGED_OUTCOME] = outcome;
            }
            if (
                (outcome !== 0 || channel === 1 || channel === 2) &&
                day > (ints[i + I_LAST_MEANINGFUL] as number)
            ) {
                ints[i + I_LAST_MEANINGFUL] = day;
            }
        }
        if (outcome === 0) {
            ints[i + I_WITHOUT_OUTCOME] = (ints[i + I_WITHOUT_OUTCOME] as number) + 1;
            sums[s + F_NO_OUTCOME] = (sums[s + F_NO_OUTCOME] as number) + weight;
            return;
        }
        ints[i + I_RATED] = (ints[i + I_RATED] as number) + 1;
        if (outcome === 1) {
            const first = ints[i + I_FIRST_OWNER] as number;
            if (first === -1 || first === owner) {
                ints[i + I_FIRST_OWNER] = owner;
                sums[s + F_FIRST_POSITIVE] = (sums[s + F_FIRST_POSITIVE] as number) + weight;
            } else this.addOtherPositive(index, owner, weight);
            if (day > (ints[i + I_LAST_POSITIVE] as number)) {
                ints[i + I_LAST_POSITIVE] = day;
                ints[i + I_LAST_POSITIVE_CHANNEL] = channel;
            }
        } else if (outcome === 2) {
            sums[s + F_NEUTRAL] = (sums[s + F_NEUTRAL] as number) + weight;
        } else {
            sums[s + F_NEGATIVE] = (sums[s + F_NEGATIVE] as number) + weight;
            if (ageDays <= NEGATIVE_RECENT_DAYS)
                ints[i + I_NEGATIVE_RECENT] = (ints[i + I_NEGATIVE_RECENT] as number) + 1;
        }
    }

    /** Activities folded into contact `index` so far. */
    activityCount(index: number): number {
        return (this.i32[index >> BLOCK_SHIFT] as Int32Array)[
            (index & BLOCK_MASK) * ROW_I32 + I_ACTIVITIES
        ] as number;
    }

    /** Contact `index` as a ContactAccumulator (a new object with the same sums and days). */
    accumulator(index: number): ContactAccumulator {
        const acc = new ContactAccumulator();
        const block = index >> BLOCK_SHIFT;
        const ints = this.i32[block] as Int32Array;
        const sums = this.f64[block] as Float64Array;
        const i = (index & BLOCK_MASK) * ROW_I32;
        const s = (index & BLOCK_MASK) * ROW_F64;
        const first = ints[i + I_FIRST_OWNER] as number;
        if (first >= 0) {
            acc.firstOwner = this.ownerIds[first] as string;
            acc.firstOwnerPositive = sums[s + F_FIRST_POSITIVE] as number;
            const others = this.otherOwners.get(index);
            if (others) {
                acc.otherOwners = others.owners.map((owner) => this.ownerIds[owner] as string);
                acc.otherOwnersPositive = others.positive.slice();
            }
        }
        acc.neutral = sums[s + F_NEUTRAL] as number;
        acc.noOutcome = sums[s + F_NO_OUTCOME] as number;
        acc.negative = sums[s + F_NEGATIVE] as number;
        acc.activityCount = ints[i + I_ACTIVITIES] as number;
        acc.withoutOutcomeCount = ints[i + I_WITHOUT_OUTCOME] as number;
        acc.ratedCount = ints[i + I_RATED] as number;
        acc.negativeRecentCount = ints[i + I_NEGATIVE_RECENT] as number;
        acc.lastActivityDay = ints[i + I_LAST_ACTIVITY] as number;
        acc.lastMeetingDay = ints[i + I_LAST_MEETING] as number;
        acc.lastPositiveDay = ints[i + I_LAST_POSITIVE] as number;
        acc.lastEngagedDay = ints[i + I_LAST_ENGAGED] as number;
        acc.freshestEngagedAge = ints[i + I_FRESHEST_ENGAGED_AGE] as number;
        acc.lastMeaningfulDay = ints[i + I_LAST_MEANINGFUL] as number;
        acc.lastPositiveChannel = CHANNELS[ints[i + I_LAST_POSITIVE_CHANNEL] as number] ?? null;
        acc.lastEngagedChannel = CHANNELS[ints[i + I_LAST_ENGAGED_CHANNEL] as number] ?? null;
        acc.lastEngagedOutcome = OUTCOMES[ints[i + I_LAST_ENGAGED_OUTCOME] as number] ?? null;
        return acc;
    }

    private rowHasId(row: number, id: string): boolean {
        return this.rowHasSpan(row, id, 0, id.length);
    }

    /** Row `row` keeps the Id text.slice(start, end) (compared in place). */
    private rowHasSpan(row: number, text: string, start: number, end: number): boolean {
        const block = row >> BLOCK_SHIFT;
        const at = row & BLOCK_MASK;
        const length = end - start;
        if ((this.i32[block] as Int32Array)[at * ROW_I32 + I_KEY_LENGTH] !== length) return false;
        const u8 = this.u8[block] as Uint8Array;
        const base = at * ROW_BYTES + KEY_OFFSET - start;
        for (let k = start; k < end; k++) if (u8[base + k] !== text.charCodeAt(k)) return false;
        return true;
    }

    private index(row: number, id: string): void {
        const hash = id.length <= KEY_BYTES ? keyHash(id) : -1;
        if (hash < 0) {
            this.longIds.set(id, row);
            this.longIdOf.set(row, id);
            return;
        }
        const block = row >> BLOCK_SHIFT;
        const at = row & BLOCK_MASK;
        (this.i32[block] as Int32Array)[at * ROW_I32 + I_KEY_LENGTH] = id.length;
        const u8 = this.u8[block] as Uint8Array;
        const start = at * ROW_BYTES + KEY_OFFSET;
        for (let k = 0; k < id.length; k++) u8[start + k] = id.charCodeAt(k);
        if (4 * (row + 1) > this.slots.length) this.rehash(this.slots.length * 2);
        this.place(this.slots, row, hash);
    }

    private place(slots: Int32Array, row: number, hash: number): void {
        const mask = (slots.length >> 1) - 1;
        let slot = hash & mask;
        while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
        slots[2 * slot] = row + 1;
        slots[2 * slot + 1] = hash;
    }

    private rehash(length: number): void {
        const old = this.slots;
        const slots = new Int32Array(length);
        for (let slot = 0; slot < old.length; slot += 2) {
            const row = (old[slot] as number) - 1;
            if (row >= 0) this.place(slots, row, old[slot + 1] as number);
        }
        this.slots = slots;
    }

    private addOtherPositive(index: number, owner: number, weight: number): void {
        let others = this.otherOwners.get(index);
        if (!others) {
            others = { owners: [], positive: [] };
            this.otherOwners.set(index, others);
        }
        const at = others.owners.indexOf(owner);
        if (at >= 0) others.positive[at] = (others.positive[at] as number) + weight;
        else {
            others.owners.push(owner);
            others.positive.push(weight);
        }
    }

    private addBlock(): void {
        const buffer = new ArrayBuffer(ROW_BYTES << BLOCK_SHIFT);
        this.f64.push(new Float64Array(buffer));
        this.i32.push(new Int32Array(buffer));
        this.u8.push(new Uint8Array(buffer));
    }
}
