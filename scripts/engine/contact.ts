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

export function decayFactor(ageDays: number, halfLifeDays: number): number {
    if (Number.isInteger(ageDays) && ageDays >= 0 && ageDays < DECAY_TABLE_DAYS) {
        if (decayTableHalfLife !== halfLifeDays || decayTable === null) {
            decayTable = new Float64Array(DECAY_TABLE_DAYS);
            for (let age = 0; age < DECAY_TABLE_DAYS; age++)
                decayTable[age] = Math.pow(0.5, age / halfLifeDays);
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
    damping?: ReadonlyMap<string, number>
) {
    const p = acc.positive(damping);
    const u = acc.neutral;
    const m = acc.noOutcome;
    const n = acc.negative;
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
        acc.freshestEngagedAge < NO_AGE ? Math.max(0, acc.freshestEngagedAge - config.recencyGraceDays) : 0;
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
