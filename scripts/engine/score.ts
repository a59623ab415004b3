// Layer 2: account health from a folded account (MODEL.md "Layer 2" to "What is shown and acted on").
//
// Every dimension is built from PARTS whose values add up to the dimension score; each part also carries the
// value it would have at a neutral 50. A part moves the composite by dimensionShare * (value - neutral), so
//   composite = 50 + sum of all part effects
// and the final score = composite + cap effect. That identity is what makes every score decompose exactly
// into its drivers (after a largest-remainder rounding to whole points).
import type { ModelConfig } from './config';
import * as contact from './contact';
import type { ContactAccumulator } from './contact';
import * as dates from './dates';
import type { AccountFold, UsageWindow } from './fold';
import {
    OVERRIDE_DRIVER_CODE,
    activeOverride,
    appliedOverride,
    overriddenScore,
    overrideLabel
} from './overrides';
import { withSignals } from './signals';
import type {
    AccountResult,
    Band,
    CapResult,
    ContactResult,
    DataQualityFlag,
    Dimension,
    DivergenceResult,
    Driver,
    Lifecycle,
    QualitativeInput,
    Subscores,
    Trend
} from './types';

// Bound once: run through tsx (esbuild's CommonJS output), each use of an imported name is a getter call on its
// module, and these run for every contact of every account.
const { NO_DAY, bandForScore, contactScore, describeContact, roleLabel, roleWeight } = contact;
const { isoFromDayNumber } = dates;

const NEUTRAL = 50;
const SUPPORT_BASE = 90;
const FLAT_TRAJECTORY = 80;
const SUMMARY_MAX = 255;

interface Part {
    /**
     * A fixed starting level (the support base, value = neutral): part of the starting point, not a driver of its
     * own; its label is shown with the starting point ("Starting point · No open support cases").
     */
    baseline?: boolean;
    code: string;
    label: string;
    value: number;
    neutral: number;
    recordId?: string | undefined;
}

/**
 * A part. Every part is made here, with the same fields in the same order and its numbers as doubles from the
 * start (-0 first, then the value), so all parts share one object shape: code that reads parts, optimised on the
 * first accounts, is not thrown away when a later account's part arrives with another shape or a fractional value.
 */
function makePart(
    code: string,
    label: string,
    value: number,
    neutral: number,
    recordId?: string,
    baseline = false
): Part {
    const part: Part = { baseline, code, label, value: -0, neutral: -0, recordId };
    part.value = value;
    part.neutral = neutral;
    return part;
}

interface DimensionResult {
    score: number;
    parts: Part[];
}

interface ScoredContact {
    result: ContactResult;
    acc: ContactAccumulator;
    exact: number;
    weight: number;
    included: boolean;
}

const DIMENSIONS: readonly Dimension[] = ['usage', 'relationship', 'support', 'commercial'];
const BAND_RANK: Record<Band, number> = { Green: 0, Yellow: 1, Red: 2, Unknown: -1 };

/** The whole score of a real-valued one, snapped to 1e-9 first (57.49999999999999 and 57.5 are the same score). */
function wholeScore(value: number): number {
    return clamp(Math.round(Math.round(value * 1e9) / 1e9), 0, 100);
}

function clamp(value: number, low: number, high: number): number {
    return Math.min(high, Math.max(low, value));
}

function pct(value: number): number {
    return Math.round(value * 100);
}

function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Scales the parts that pushed the sum outside 0-100 so the parts add up to the clamped score. A baseline part
 * (the support base) is a fixed starting level, counted at its reference in the starting point: it is never
 * scaled, so the parts that pushed the sum out absorb the whole excess (support 90 + CSAT 5's +20 reads 100:
 * CSAT moved it by +10, not +18 with the other 8 points silently taken from the starting point).
 */
function clampParts(parts: Part[]): DimensionResult {
    const sum = parts.reduce((total, part) => total + part.value, 0);
    if (sum < 0 || sum > 100) {
        let fixed = 0;
        let positive = 0;
        let negative = 0;
        for (const part of parts) {
            if (part.baseline) fixed += part.value;
            else if (part.value > 0) positive += part.value;
            else negative += part.value;
        }
        const shrinkNegative = sum < 0;
        const factor = shrinkNegative ? (fixed + positive) / -negative : (100 - fixed - negative) / positive;
        for (const part of parts) {
            if (!part.baseline && (shrinkNegative ? part.value < 0 : part.value > 0)) part.value *= factor;
        }
    }
    return { score: clamp(sum, 0, 100), parts };
}

// ---------------------------------------------------------------- contacts and relationship

function scoreContacts(fold: AccountFold, damping: ReadonlyMap<string, number> | undefined): ScoredContact[] {
    const scored: ScoredContact[] = [];
    for (const { input, acc } of fold.contacts)
        scored.push(scoreContact(fold, damping, input.id, input.name, input.role, acc, false));
    const unlinked = fold.unlinked;
    if (unlinked && unlinked.activityCount > 0) {
        scored.push(scoreContact(fold, damping, '', 'Activities without a contact', null, unlinked, true));
    }
    return scored;
}

// A function of its own, not a closure made per account (the CLI runs through tsx, which names every closure).
function scoreContact(
    fold: AccountFold,
    damping: ReadonlyMap<string, number> | undefined,
    id: string,
    name: string,
    role: ContactResult['role'],
    acc: ContactAccumulator,
    unlinked: boolean
): ScoredContact {
    const config = fold.config;
    const exact = contactScore(acc, config, damping);
    return {
        acc,
        exact,
        weight: roleWeight(role, config),
        included: role !== null || acc.activityCount > 0,
        result: {
            contactId: id,
            name,
            role,
            score: Math.round(exact),
            band: bandForScore(exact, config),
            engaged: !unlinked && exact >= config.engagedContactThreshold,
            lastActivityDate: dateOrNull(acc.lastActivityDay),
            lastMeetingDate: dateOrNull(acc.lastMeetingDay),
            lastPositiveDate: dateOrNull(acc.lastPositiveDay),
            lastEngagedDate: dateOrNull(acc.lastEngagedDay),
            activityCount: acc.activityCount,
            withoutOutcomeCount: acc.withoutOutcomeCount,
            negativeLast30Days: acc.negativeRecentCount,
            summary: describeContact(acc, exact, fold.asOfDay, config)
        }
    };
}

function dateOrNull(day: number): string | null {
    return day === NO_DAY ? null : isoFromDayNumber(day);
}

function relationshipDimension(contacts: ScoredContact[], config: ModelConfig): DimensionResult | null {
    const included = contacts.filter((contact) => contact.included);
    const totalWeight = included.reduce((total, contact) => total + contact.weight, 0);
    if (totalWeight <= 0) return null;
    const parts: Part[] = included
        .filter((contact) => contact.weight > 0)
        .map((contact) => {
            const share = contact.weight / totalWeight;
            const { result } = contact;
            const who = result.contactId ? `${roleLabel(result.role)} ${result.name}` : result.name;
            const label = `${who}: ${result.summary}`;
            return makePart(
                'CONTACT',
                label,
                share * contact.exact,
                share * NEUTRAL,
                result.contactId ? result.contactId : undefined
            );
        });
    const engaged = contacts.filter((contact) => contact.result.engaged).length;
    if (engaged < config.minEngagedContacts && config.singleThreadPenalty > 0) {
        parts.push(
            makePart(
                'SINGLE_THREADED',
                `Single-threaded: ${engaged === 0 ? 'no engaged contact' : `only ${plural(engaged, 'engaged contact')}`}`,
                -config.singleThreadPenalty,
                0
            )
        );
    }
    return clampParts(parts);
}

// ---------------------------------------------------------------- usage

interface UsageState {
    /** Days since the end of the last usage period. */
    age: number;
    /** The feed had data and stopped arriving (older than usageStaleDays): scored on the last known data. */
    stale: boolean;
    trajectory: { ratio: number; metric: string } | null;
}

/**
 * Where the usage windows end: the as-of date while the feed is fresh; when it stops, the last day it was still
 * fresh (last period end + usageStaleDays). A stopped feed is scored on its last known data, so losing a feed
 * can never raise a score (v2 property 11), and weight is redistributed only for usage an account never had.
 */
function usageStateOf(fold: AccountFold, config: ModelConfig): UsageState | null {
    if (!fold.latestUsage) return null;
    const age = fold.asOfDay - fold.latestUsageEnd;
    const stale = age > config.usageStaleDays;
    const anchor = stale ? fold.latestUsageEnd + config.usageStaleDays : fold.asOfDay;
    return { age, stale, trajectory: usageTrajectory(fold.usageWindows(anchor)) };
}

function usageDimension(
    fold: AccountFold,
    config: ModelConfig,
    state: UsageState | null
): DimensionResult | null {
    const latest = fold.latestUsage;
    if (!latest || !state) return null;
    const staleNote = state.stale ? ` (usage feed stopped: last data ${plural(state.age, 'day')} old)` : '';
    const components: { share: number; code: string; label: string; value: number }[] = [];
    if (latest.activeUsers !== null && latest.licensedSeats !== null && latest.licensedSeats > 0) {
        const utilisation = clamp(latest.activeUsers / latest.licensedSeats, 0, 1);
        components.push({
            share: config.utilisationShare,
            code: 'USAGE_UTILISATION',
            label: `Licence utilisation ${pct(utilisation)}% (${latest.activeUsers} of ${latest.licensedSeats} seats)${staleNote}`,
            value: 100 * utilisation
        });
    }
    const breadth = breadthOf(latest);
    if (breadth !== null) {
        components.push({
            share: config.breadthShare,
            code: 'USAGE_BREADTH',
            label: `${latest.featuresAdopted} of ${latest.featuresAvailable} features adopted${staleNote}`,
            value: 100 * breadth
        });
    }
    const trajectory = state.trajectory;
    if (trajectory !== null) {
        const change = pct(trajectory.ratio - 1);
        const direction =
            Math.abs(change) < 3
                ? `steady (${change > 0 ? '+' : ''}${change}%)`
                : change > 0
                  ? `up ${change}%`
                  : `down ${-change}%`;
        components.push({
            share: config.trajectoryShare,
            code: 'USAGE_TRAJECTORY',
            label: `${trajectory.metric} ${direction} in the last ${config.usageRecentDays} days vs the ${config.usagePriorDays} before${staleNote}`,
            // Flat usage earns 80; every 10% of decline costs 20 points, growth of 10% reaches 100.
            value: clamp(FLAT_TRAJECTORY + 200 * (trajectory.ratio - 1), 0, 100)
        });
    }
    const totalShare = components.reduce((total, component) => total + component.share, 0);
    if (components.length === 0 || totalShare <= 0) return null;
    return clampParts(
        components
            .filter((component) => component.share > 0)
            .map((component) =>
                makePart(
                    component.code,
                    component.label,
                    (component.share / totalShare) * component.value,
                    // Steady usage is the norm: only a change in trajectory moves the score up or down.
                    (component.share / totalShare) *
                        (component.code === 'USAGE_TRAJECTORY' ? FLAT_TRAJECTORY : NEUTRAL)
                )
            )
    );
}

function breadthOf(period: { featuresAdopted: number | null; featuresAvailable: number | null } | null) {
    if (!period || period.featuresAdopted === null || period.featuresAvailable === null) return null;
    if (period.featuresAvailable <= 0) return null;
    return clamp(period.featuresAdopted / period.featuresAvailable, 0, 1);
}

function usageTrajectory(windows: {
    recent: UsageWindow;
    prior: UsageWindow;
}): { ratio: number; metric: string } | null {
    const { recent, prior } = windows;
    if (recent.activeUsersCount > 0 && prior.activeUsersCount > 0) {
        const before = prior.activeUsers / prior.activeUsersCount;
        const now = recent.activeUsers / recent.activeUsersCount;
        if (before > 0) return { ratio: now / before, metric: 'Active users' };
    }
    if (recent.keyEventsCount > 0 && prior.keyEventsCount > 0) {
        const before = prior.keyEvents / prior.keyEventsCount;
        const now = recent.keyEvents / recent.keyEventsCount;
        if (before > 0) return { ratio: now / before, metric: 'Key product events' };
    }
    return null;
}

// ---------------------------------------------------------------- support

function supportDimension(fold: AccountFold, config: ModelConfig): DimensionResult | null {
    if (fold.caseCount === 0) return null;
    const open = fold.openCases;
    const parts: Part[] = [
        makePart(
            'SUPPORT_BASE',
            open.length === 0 ? 'No open support cases' : 'Support otherwise in order',
            SUPPORT_BASE,
            SUPPORT_BASE,
            undefined,
            true
        )
    ];
    const penaltyBySeverity: Record<string, number> = {
        Sev1: config.openSev1Penalty,
        Sev2: config.openSev2Penalty,
        Sev3: config.openSev3Penalty
    };
    for (const supportCase of open) {
        const name = `case ${supportCase.caseNumber ?? supportCase.id}${supportCase.subject ? ` (${supportCase.subject})` : ''}`;
        const penalty = supportCase.severity ? (penaltyBySeverity[supportCase.severity] ?? 0) : 0;
        if (penalty > 0) {
            parts.push(
                makePart(
                    'SUPPORT_OPEN_CASE',
                    `Open ${supportCase.severity} ${name}`,
                    -penalty,
                    0,
                    supportCase.id
                )
            );
        }
        if (supportCase.escalated && config.escalationPenalty > 0) {
            parts.push(
                makePart(
                    'SUPPORT_ESCALATED',
                    `Escalated ${name}`,
                    -config.escalationPenalty,
                    0,
                    supportCase.id
                )
            );
        }
    }
    // Volume against the account's own baseline (cases per 90 days over the 275 days before).
    const baselineRate = (fold.casesBaseline * 90) / 275;
    const surge = fold.casesRecent / Math.max(2, baselineRate);
    if (surge > 1 && config.caseSurgePenalty > 0) {
        parts.push(
            makePart(
                'SUPPORT_SURGE',
                fold.casesBaseline === 0
                    ? `${plural(fold.casesRecent, 'case')} opened in the last 90 days, none in the 9 months before`
                    : `${plural(fold.casesRecent, 'case')} opened in the last 90 days, against ${baselineRate.toFixed(1)} per 90 days in the 9 months before`,
                -config.caseSurgePenalty * Math.min(1, surge - 1),
                0
            )
        );
    }
    if (fold.resolutionCount > 0) {
        const meanDays = fold.resolutionDaysSum / fold.resolutionCount;
        if (meanDays > config.slowResolutionDays && config.slowResolutionPenalty > 0) {
            parts.push(
                makePart(
                    'SUPPORT_SLOW',
                    `Cases take ${Math.round(meanDays)} days to close on average`,
                    -config.slowResolutionPenalty *
                        Math.min(1, (meanDays - config.slowResolutionDays) / config.slowResolutionDays),
                    0
                )
            );
        }
    }
    if (fold.csatCount > 0) {
        const meanCsat = fold.csatSum / fold.csatCount;
        const points = (meanCsat - 3) * config.csatPoints;
        if (points !== 0) {
            parts.push(
                makePart(
                    'SUPPORT_CSAT',
                    `Average CSAT ${meanCsat.toFixed(1)} of 5 on recent cases`,
                    points,
                    0
                )
            );
        }
    }
    return clampParts(parts);
}

// ---------------------------------------------------------------- commercial

function hasRecentWin(fold: AccountFold, config: ModelConfig): boolean {
    return fold.wonCount > 0 && fold.asOfDay - fold.lastWinDay <= config.recentWinDays;
}

/** A contract is running: the renewal date is after the as-of date (v2 property 10). */
function hasActiveContract(fold: AccountFold): boolean {
    const renewal = fold.header.commercial.renewalDate;
    return renewal !== null && renewal.slice(0, 10) > isoFromDayNumber(fold.asOfDay);
}

function commercialDimension(fold: AccountFold, config: ModelConfig): DimensionResult | null {
    const components: { code: string; label: string; value: number }[] = [];
    const daysPastDue = fold.header.commercial.daysPastDue;
    if (daysPastDue !== null && Number.isFinite(daysPastDue)) {
        components.push({
            code: 'COMMERCIAL_PAYMENT',
            label: daysPastDue > 0 ? `Invoices ${daysPastDue} days past due` : 'Invoices paid on time',
            value: clamp(100 - Math.max(0, daysPastDue) * config.pastDuePointsPerDay, 0, 100)
        });
    }
    if (fold.opportunityCount > 0) {
        // Pipeline is new business or expansion: an open renewal is the running contract's own paperwork, opened on
        // a calendar for every customer, healthy or not (seed 004: "expansion activity"); the contract counts below.
        const open = fold.openPipelineCount > 0;
        // A running contract is a current commitment, as a recent win is: a customer mid-way through a multi-year
        // contract has no new deal by design (v2 property 10 applied to the points as well as to the cap).
        const recentWin = hasRecentWin(fold, config);
        const contract = !recentWin && hasActiveContract(fold);
        const won = recentWin || contract;
        const openText = open
            ? `open opportunity ${fold.firstOpenPipelineName}`
            : 'no open new or expansion opportunity';
        const winText = recentWin
            ? `a win ${fold.asOfDay - fold.lastWinDay} days ago`
            : contract
              ? `a contract running to ${(fold.header.commercial.renewalDate ?? '').slice(0, 10)}`
              : `no win in the last ${config.recentWinDays} days`;
        components.push({
            code: 'COMMERCIAL_PIPELINE',
            label: `${openText.charAt(0).toUpperCase()}${openText.slice(1)} and ${winText}`,
            value: clamp((open ? config.openPipelinePoints : 0) + (won ? config.recentWinPoints : 0), 0, 100)
        });
    }
    if (components.length === 0) return null;
    const share = 1 / components.length;
    return clampParts(
        components.map((component) =>
            makePart(
                component.code,
                component.label,
                share * component.value,
                // Paying on time is the norm, not a merit: only lateness moves the score.
                share * (component.code === 'COMMERCIAL_PAYMENT' ? 100 : NEUTRAL)
            )
        )
    );
}

// ---------------------------------------------------------------- caps, bands, trend, lifecycle

function validQualitative(fold: AccountFold): QualitativeInput | null {
    const qualitative = fold.header.qualitative;
    if (
        qualitative.reviewedOn !== null &&
        qualitative.reviewedOn.slice(0, 10) > isoFromDayNumber(fold.asOfDay)
    ) {
        return null; // reviewed after the as-of date: not known then
    }
    return qualitative;
}

/** A triggered cap: `cap` is its ceiling for a perfect account (100); lower composites get a lower ceiling. */
type TriggeredCap = Omit<CapResult, 'applied'>;

/** The full cap scaled by how far a day count has ramped in (0 = not yet, 1 = full): no one-day cliffs. */
function rampedCap(fullCap: number, ramp: number): number {
    return 100 - clamp(ramp, 0, 1) * (100 - fullCap);
}

/**
 * The ceiling a cap of `cap` puts on an account whose uncapped composite is `composite`: a line through
 * (100, cap) with slope capSlope. It keeps the account at or below `cap` (so the cap decides the band) while two
 * accounts under the same cap keep their order and most of their distance (v2 property 9: no wall of 69).
 */
export function cappedCeiling(cap: number, composite: number, config: ModelConfig): number {
    return cap - config.capSlope * (100 - composite);
}

/**
 * How far the decision-maker cap has ramped in (0-1): 1 when the best decision maker is below the cold threshold;
 * otherwise (capRampDays - days until the best would fall below it with nothing new logged) / capRampDays, 0 when
 * that is capRampDays or more away. Moves by 1/capRampDays a day, never in one step.
 */
function decisionMakerColdRamp(
    decisionMakers: readonly ScoredContact[],
    bestScore: number,
    config: ModelConfig,
    damping: ReadonlyMap<string, number> | undefined
): number {
    const threshold = config.decisionMakerColdThreshold;
    if (bestScore < threshold) return 1;
    const bestAt = (days: number) =>
        decisionMakers.reduce((best, dm) => Math.max(best, contactScore(dm.acc, config, damping, days)), 0);
    const horizon = config.capRampDays;
    if (bestAt(horizon) >= threshold) return 0;
    // first whole day on which the best decision maker is cold (the score only falls as activities age)
    let warm = 0;
    let cold = horizon;
    while (cold - warm > 1) {
        const middle = Math.floor((warm + cold) / 2);
        if (bestAt(middle) < threshold) cold = middle;
        else warm = middle;
    }
    return (horizon - cold) / horizon;
}

/** The first day the account is known to be a customer: its first win or first usage period's end; null if neither. */
function knownSinceDay(fold: AccountFold): number | null {
    // The fold's usage points keep only the newest trajectory window, so the first period's end is kept apart.
    const first = Math.min(
        fold.wonCount > 0 ? fold.firstWinDay : Number.POSITIVE_INFINITY,
        fold.firstUsageEnd
    );
    return Number.isFinite(first) ? first : null;
}

/**
 * A new account: contacts on file, nothing logged with anyone yet, and not known as a customer for silenceDays.
 * Not enough data to read the relationship, so the band is Unknown (the silence cap would otherwise call it Red).
 */
function isNewWithoutActivity(
    fold: AccountFold,
    contacts: readonly ScoredContact[],
    config: ModelConfig
): boolean {
    if (contacts.length === 0 || contacts.some((contact) => contact.result.activityCount > 0)) return false;
    const known = knownSinceDay(fold);
    return known === null || fold.asOfDay - known < config.silenceDays;
}

function lastMeaningfulDay(fold: AccountFold): number {
    let last = fold.unlinked ? fold.unlinked.lastMeaningfulDay : NO_DAY;
    for (const { acc } of fold.contacts) if (acc.lastMeaningfulDay > last) last = acc.lastMeaningfulDay;
    return last;
}

function evaluateCaps(
    fold: AccountFold,
    config: ModelConfig,
    damping: ReadonlyMap<string, number> | undefined,
    contacts: ScoredContact[],
    qualitative: QualitativeInput | null,
    usage: UsageState | null,
    relationshipScored: boolean
): TriggeredCap[] {
    const caps: TriggeredCap[] = [];
    if (qualitative?.championStatus === 'Missing') {
        caps.push({
            code: 'CHAMPION_MISSING',
            cap: config.championMissingCap,
            reason: `Champion marked Missing caps the score at ${config.championMissingCap}`
        });
    }
    const openSev1 = fold.openCases.find((supportCase) => supportCase.severity === 'Sev1');
    if (openSev1) {
        caps.push({
            code: 'SEV1',
            cap: config.sev1Cap,
            reason: `Open Sev1 case ${openSev1.caseNumber ?? openSev1.id} caps the score at ${config.sev1Cap}`
        });
    } else if (fold.recentSev1) {
        const age = fold.asOfDay - fold.recentSev1.day;
        caps.push({
            code: 'SEV1',
            cap: config.sev1Cap,
            reason: `Sev1 case ${fold.recentSev1.caseNumber ?? fold.recentSev1.id} opened ${age} days ago caps the score at ${config.sev1Cap}`
        });
    }
    // An escalated Sev1/Sev2 case still open while customers rate support 2 or less: not Green (v2 property 12).
    const recentCsat = fold.csatCount > 0 ? fold.csatSum / fold.csatCount : null;
    const crisis = fold.openCases.find(
        (supportCase) =>
            supportCase.escalated &&
            (supportCase.severity === 'Sev1' || supportCase.severity === 'Sev2') &&
            ((supportCase.csat !== null && supportCase.csat <= config.supportCrisisCsat) ||
                (recentCsat !== null && recentCsat <= config.supportCrisisCsat))
    );
    if (crisis) {
        const csat =
            crisis.csat !== null && crisis.csat <= config.supportCrisisCsat ? crisis.csat : recentCsat;
        caps.push({
            code: 'SUPPORT_CRISIS',
            cap: config.supportCrisisCap,
            reason: `Escalated ${crisis.severity} case ${crisis.caseNumber ?? crisis.id} open with CSAT ${(csat ?? 0).toFixed(1).replace(/\.0$/, '')}: capped at ${config.supportCrisisCap}`
        });
    }
    // Past due: the full cap beyond pastDueDays, ramping in over the capRampDays before, instead of a one-day
    // cliff (v2 property 9).
    const daysPastDue = fold.header.commercial.daysPastDue;
    const pastDueRamp =
        daysPastDue === null
            ? 0
            : (daysPastDue - (config.pastDueDays - config.capRampDays)) / config.capRampDays;
    if (daysPastDue !== null && pastDueRamp > 0) {
        const cap = rampedCap(config.pastDueCap, pastDueRamp);
        caps.push({
            code: 'PAST_DUE',
            cap,
            reason: `Invoices ${daysPastDue} days past due cap the score at ${Math.round(cap)}`
        });
    }
    // Warm with users but cold with the decision maker must never be Green (seed 000): at most Yellow with an
    // open opportunity, and lower (MODEL.md cap) without one. No cliff on the day the best decision maker goes
    // cold: like the day-count caps, the cap ramps in over the capRampDays before it, counted as the days until the
    // best decision maker's score would fall below the threshold if nothing new were logged.
    const decisionMakers = contacts.filter((contact) => contact.result.role === 'Decision Maker');
    if (decisionMakers.length > 0) {
        const best = decisionMakers.reduce((a, b) => (b.exact > a.exact ? b : a));
        const ramp = decisionMakerColdRamp(decisionMakers, best.exact, config, damping);
        if (ramp > 0) {
            const open = fold.openOpportunityCount > 0;
            const cap = rampedCap(open ? config.decisionMakerColdOpenCap : config.decisionMakerColdCap, ramp);
            const state =
                ramp >= 1
                    ? `not engaged: ${best.result.summary}`
                    : `cooling (${best.result.summary}), not engaged in ${plural(Math.round((1 - ramp) * config.capRampDays), 'day')} without a new interaction`;
            caps.push({
                code: 'DECISION_MAKER_COLD',
                cap,
                reason: `Decision maker ${best.result.name} ${state}${open ? '' : '; no opportunity is open'}; capped at ${Math.round(cap)}`
            });
        }
    }
    // Resting on past glory: contacts on file but nobody engaged recently.
    const real = contacts.filter((contact) => contact.result.contactId !== '' && contact.included);
    if (real.length > 0 && !real.some((contact) => contact.result.engaged)) {
        caps.push({
            code: 'NO_ENGAGED_CONTACT',
            cap: config.noEngagedContactCap,
            reason: `No engaged contact (every contact scores below ${config.engagedContactThreshold}): capped at ${config.noEngagedContactCap}`
        });
    }
    // Six months without a meeting, a call or a rated interaction with anyone: Red (v2 property 12), ramping in
    // over the capRampDays before silenceDays. Applies whenever the relationship is scored (contacts with a role or
    // activity). Silence needs time to be silence: it counts from the later of the last such interaction and the
    // first day the account is known to be a customer (first usage period or first win), so a new account is not
    // Red for it; with neither known, never having had such an interaction counts as silence. Logging an
    // interaction can only shorten the silence.
    if (relationshipScored) {
        const last = lastMeaningfulDay(fold);
        const known = knownSinceDay(fold);
        const from = known === null ? last : Math.max(last, known);
        const silent = from === NO_DAY ? Number.POSITIVE_INFINITY : fold.asOfDay - from;
        const ramp = (silent - (config.silenceDays - config.capRampDays)) / config.capRampDays;
        if (ramp > 0) {
            const cap = rampedCap(config.silenceCap, ramp);
            caps.push({
                code: 'SILENCE',
                cap,
                reason: `${last !== NO_DAY ? `No engagement with any contact in ${silent} days` : Number.isFinite(silent) ? `No engagement with any contact on record in ${silent} days as a customer` : 'No engagement with any contact on record'} (no meeting, call or rated interaction that was not negative): capped at ${Math.round(cap)}`
            });
        }
    }
    // Active users down by usageDropPercent or more over the trajectory window: not Green (v2 property 12).
    const trajectory = usage?.trajectory;
    if (trajectory && trajectory.ratio <= 1 - config.usageDropPercent / 100) {
        caps.push({
            code: 'USAGE_DROP',
            cap: config.usageDropCap,
            reason: `${trajectory.metric} down ${pct(1 - trajectory.ratio)}% in the last ${config.usageRecentDays} days: capped at ${config.usageDropCap}`
        });
    }
    // Beautiful outcomes but no open deal and no recent win: at most Yellow (seed 000 FAQ), unless a contract is
    // running (renewal date after the as-of date): a subscription customer mid-contract has no open deal by design.
    if (!hasActiveContract(fold) && fold.openOpportunityCount === 0 && !hasRecentWin(fold, config)) {
        caps.push({
            code: 'NO_PIPELINE',
            cap: config.noPipelineCap,
            reason: `No open opportunity, no win in the last ${config.recentWinDays} days and no active contract cap the score at ${config.noPipelineCap}`
        });
    }
    return caps;
}

/**
 * Band of a score when it must cross a boundary by `shift` points to change band. Moving down (shift > 0) the
 * score must be at least `shift` points below the threshold (67 leaves Green at 70 with 3 points); moving up
 * (shift < 0) at least `-shift` points above it (73 enters Green).
 */
function bandWithShift(score: number, config: ModelConfig, shift: number): Band {
    const reaches = (threshold: number) =>
        shift > 0 ? score + shift > threshold : score + shift >= threshold;
    if (reaches(config.greenThreshold)) return 'Green';
    if (reaches(config.redThreshold)) return 'Yellow';
    return 'Red';
}

export function applyHysteresis(
    score: number,
    raw: Band,
    previous: Band | null,
    config: ModelConfig,
    capped: boolean
): Band {
    if (capped || previous === null || previous === 'Unknown' || raw === previous) return raw;
    const h = config.hysteresisPoints;
    // Moving down, the score must be h points below the boundary; moving up, h points above it.
    const held =
        BAND_RANK[raw] > BAND_RANK[previous]
            ? bandWithShift(score, config, h)
            : bandWithShift(score, config, -h);
    // Never beyond the raw band, never beyond the previous band.
    const low = Math.min(BAND_RANK[raw], BAND_RANK[previous]);
    const high = Math.max(BAND_RANK[raw], BAND_RANK[previous]);
    const rank = clamp(BAND_RANK[held], low, high);
    return (['Green', 'Yellow', 'Red'] as const)[rank] ?? raw;
}

function lifecycleOf(fold: AccountFold, config: ModelConfig): Lifecycle {
    if (fold.wonCount === 0) return 'Hello';
    if (fold.openOpportunityCount === 0 && fold.asOfDay - fold.lastWinDay > config.coldAfterDays)
        return 'Cold';
    return fold.wonCount === 1 ? 'First Transaction' : 'Warm';
}

// ---------------------------------------------------------------- drivers

/** Rounds real-valued points to whole points that sum exactly to `target` (largest remainder). */
export function roundToTotal(values: readonly number[], target: number): number[] {
    const count = values.length;
    const result: number[] = [];
    let floorSum = 0;
    for (let i = 0; i < count; i++) {
        const floor = Math.floor(values[i] as number);
        result.push(floor);
        floorSum += floor;
    }
    let remaining = target - floorSum;
    // Runs for every account: the common case (the floors already add up) needs no order at all.
    if (!(remaining > 0 || remaining < 0)) return result;
    // Indices by fraction, largest first, ties to the earlier index (the same comparisons, so the same order).
    const fractions: number[] = [];
    const order: number[] = [];
    for (let i = 0; i < count; i++) {
        fractions.push((values[i] as number) - (result[i] as number));
        order.push(i);
    }
    order.sort((a, b) => (fractions[b] as number) - (fractions[a] as number) || a - b);
    // remaining is within [0, n] when target = round(sum); guard both ways for any caller.
    for (let i = 0; remaining > 0; i = (i + 1) % order.length, remaining--) {
        const slot = order[i];
        if (slot !== undefined) result[slot] = (result[slot] ?? 0) + 1;
    }
    for (let i = order.length - 1; remaining < 0; i = (i - 1 + order.length) % order.length, remaining++) {
        const slot = order[i];
        if (slot !== undefined) result[slot] = (result[slot] ?? 0) - 1;
    }
    return result;
}

function clip(text: string): string {
    return text.length > SUMMARY_MAX ? `${text.slice(0, SUMMARY_MAX - 1)}…` : text;
}

const MISSING_LABELS: Record<Dimension, string> = {
    usage: 'No product usage data: connect the usage feed',
    relationship: 'No contacts with a buying role or logged activity',
    support: 'No support cases on record',
    commercial: 'No payment status and no opportunities'
};

/** What an Unknown account is missing, largest weight first: the checklist shown instead of a number. */
function missingDataChecklist(
    dimensions: Record<Dimension, DimensionResult | null>,
    weights: Record<Dimension, number>,
    totalWeight: number
): Driver[] {
    return DIMENSIONS.filter((dimension) => dimensions[dimension] === null && weights[dimension] > 0)
        .sort((a, b) => weights[b] - weights[a])
        .map((dimension) => ({
            code: `MISSING_${dimension.toUpperCase()}`,
            label: `${MISSING_LABELS[dimension]} (${Math.round((100 * weights[dimension]) / totalWeight)}% of the model)`,
            points: 0,
            dimension
        }));
}

function summarise(drivers: Driver[], criticalRisk: string | null): string {
    const sentences: string[] = [];
    if (criticalRisk) sentences.push(criticalRisk);
    for (const driver of drivers) {
        if (driver.code === 'BASELINE' || driver.code.startsWith('CAP_') || driver.points === 0) continue;
        sentences.push(`${driver.label} (${driver.points > 0 ? '+' : ''}${driver.points})`);
        if (sentences.length >= 3) break;
    }
    let summary = '';
    for (const sentence of sentences) {
        const next = summary ? `${summary}; ${sentence}` : sentence;
        if (next.length > SUMMARY_MAX) break;
        summary = next;
    }
    return summary || (sentences[0] ?? '').slice(0, SUMMARY_MAX);
}

// ---------------------------------------------------------------- the account

export function computeAccount(
    fold: AccountFold,
    asOf: string,
    damping: ReadonlyMap<string, number> | undefined
): AccountResult {
    const config = fold.config;
    const header = fold.header;
    const contacts = scoreContacts(fold, damping);
    const usage = usageStateOf(fold, config);
    const dimensions: Record<Dimension, DimensionResult | null> = {
        usage: usageDimension(fold, config, usage),
        relationship: relationshipDimension(contacts, config),
        support: supportDimension(fold, config),
        commercial: commercialDimension(fold, config)
    };
    // Admin-defined signals (scripts/engine/signals.ts) join their dimension as parts in the admin's words.
    if (fold.signals)
        for (const dimension of DIMENSIONS)
            dimensions[dimension] = withSignals(dimensions[dimension], fold.signals.readings(dimension));
    const weights: Record<Dimension, number> = {
        usage: config.usageWeight,
        relationship: config.relationshipWeight,
        support: config.supportWeight,
        commercial: config.commercialWeight
    };
    const totalWeight = DIMENSIONS.reduce((total, dimension) => total + weights[dimension], 0);
    const presentWeight = DIMENSIONS.reduce(
        (total, dimension) => total + (dimensions[dimension] ? weights[dimension] : 0),
        0
    );
    const coverage = totalWeight > 0 ? (100 * presentWeight) / totalWeight : 0;

    // Part effects on the composite: share * (value - neutral); their sum is composite - 50.
    // Drivers and their unrounded effects, in parallel arrays (this runs for every account: no spreads). The
    // effects array starts with the starting point's (set below): rawDrivers[k]'s effect is effects[k + 1].
    const rawDrivers: Driver[] = [];
    const effects: number[] = [-0];
    let composite = NEUTRAL;
    let baselineEffect = 0;
    // What the fixed starting levels say (the support base: "No open support cases"), shown with the starting point.
    let baselineNote = '';
    if (presentWeight > 0) {
        for (const dimension of DIMENSIONS) {
            const result = dimensions[dimension];
            if (!result || weights[dimension] <= 0) continue;
            const share = weights[dimension] / presentWeight;
            // The composite comes from the (clamped) dimension scores, not the sum of part effects, so that
            // floating-point noise in the parts can never flip a rounding (the effects sum to the same value).
            composite += share * (result.score - NEUTRAL);
            // Parts are measured against their own reference level (`neutral`); where those references do not
            // add up to 50 (support starts at 90, on-time payment at 100, steady usage at 80), the difference joins the starting point.
            const references = result.parts.reduce((total, part) => total + part.neutral, 0);
            baselineEffect += share * (references - NEUTRAL);
            for (const part of result.parts) {
                if (part.baseline) {
                    baselineNote = part.label; // the one baseline part: the support base
                    continue;
                }
                const effect = share * (part.value - part.neutral);
                const driver: Driver = { code: part.code, label: part.label, points: 0, dimension };
                if (part.recordId) driver.recordId = part.recordId;
                rawDrivers.push(driver);
                effects.push(effect);
            }
        }
    }
    composite = clamp(composite, 0, 100);

    const qualitative = validQualitative(fold);
    const triggered = evaluateCaps(
        fold,
        config,
        damping,
        contacts,
        qualitative,
        usage,
        dimensions.relationship !== null
    );
    // Every cap is a ceiling line through (100, cap); the lowest line binds, and binds only when below the composite.
    const binding = triggered.reduce<TriggeredCap | null>(
        (lowest, cap) => (lowest === null || cap.cap < lowest.cap ? cap : lowest),
        null
    );
    const ceiling = binding ? cappedCeiling(binding.cap, composite, config) : Number.POSITIVE_INFINITY;
    const capApplied = binding !== null && ceiling < composite;
    const capped = capApplied ? Math.max(0, ceiling) : composite;
    // A manual override applies after the caps (scripts/engine/overrides.ts); never on an Unknown account.
    const override =
        coverage < config.minCoveragePercent ? null : activeOverride(fold.overrides, fold.asOfDay);
    const final = override ? overriddenScore(override, capped, config) : capped;
    const score = wholeScore(final);
    // A band override decides the band; a ceiling or floor that moved the score bypasses hysteresis, like a cap.
    // Moved = a different whole score: a floor of 68 on a composite of 67.99999999999999 (shown as 68) moves nothing.
    const overrideBinds = override !== null && (override.kind === 'Band' || score !== wholeScore(capped));
    const caps: CapResult[] = triggered.map((cap) => ({
        code: cap.code,
        cap: Math.round(cap.cap),
        reason: cap.reason,
        applied: capApplied && cap === binding
    }));
    const newAccount = isNewWithoutActivity(fold, contacts, config);
    const rawBand: Band =
        coverage < config.minCoveragePercent || newAccount ? 'Unknown' : bandForScore(score, config);
    // A critical risk is shown only when its cap lowered the score, and never on an Unknown account (property 14).
    const criticalRisk = capApplied && binding && rawBand !== 'Unknown' ? binding.reason : null;
    if (capApplied && binding) {
        rawDrivers.push({ code: `CAP_${binding.code}`, label: binding.reason, points: 0 });
        effects.push(capped - composite);
    }
    if (override) {
        rawDrivers.push({
            code: OVERRIDE_DRIVER_CODE,
            label: overrideLabel(override),
            points: 0,
            recordId: override.id
        });
        effects.push(final - capped);
    }

    // Drivers: whole points that add up exactly to the score, ordered by effect, baseline last.
    effects[0] = NEUTRAL + baselineEffect;
    const rounded = roundToTotal(effects, score);
    const driverCount = rawDrivers.length;
    const order: number[] = [];
    for (let index = 0; index < driverCount; index++) {
        (rawDrivers[index] as Driver).points = rounded[index + 1] ?? 0;
        order.push(index);
    }
    order.sort((a, b) => {
        const byEffect = Math.abs(effects[b + 1] ?? 0) - Math.abs(effects[a + 1] ?? 0);
        if (byEffect !== 0) return byEffect;
        const labelA = rawDrivers[a]?.label ?? '';
        const labelB = rawDrivers[b]?.label ?? '';
        return labelA < labelB ? -1 : labelA > labelB ? 1 : a - b;
    });
    let drivers: Driver[] = [];
    for (let i = 0; i < driverCount; i++) drivers.push(rawDrivers[order[i] as number] as Driver);
    drivers.push({
        code: 'BASELINE',
        label: baselineNote ? `Starting point · ${baselineNote}` : 'Starting point',
        points: rounded[0] ?? NEUTRAL
    });
    const unknown = rawBand === 'Unknown';
    // Unknown shows no number (v2 property 14): the drivers become the checklist of data to connect.
    if (unknown) {
        drivers = missingDataChecklist(dimensions, weights, totalWeight);
        if (newAccount)
            drivers.unshift({
                code: 'NO_ACTIVITY_YET',
                label: 'No activity logged with any contact yet: log the first meetings and calls to score this new account',
                points: 0,
                dimension: 'relationship'
            });
    }

    // Bands with hysteresis against the previous band (caps bypass it).
    const previousBand = previousBandOf(fold);
    const band =
        rawBand === 'Unknown'
            ? 'Unknown'
            : applyHysteresis(score, rawBand, previousBand, config, capApplied || overrideBinds);
    const bandChanged = previousBand !== null && previousBand !== band;
    const bandSince = bandSinceOf(fold, band, previousBand, asOf);

    // Trend against the score trendWindowDays earlier.
    const baseline = fold.trendBaseline;
    const change = baseline && !unknown ? score - Math.round(baseline.score) : null;
    let trend: Trend | null = null;
    if (change !== null) {
        trend =
            change >= config.trendThreshold
                ? 'Improving'
                : change <= -config.trendThreshold
                  ? 'Declining'
                  : 'Stable';
    }
    const scoreDropAlert = change !== null && change <= -config.scoreDropAlert;

    const lifecycle = lifecycleOf(fold, config);
    const realContacts = contacts.filter((contact) => contact.result.contactId !== '');
    const engagedCount = realContacts.filter((contact) => contact.result.engaged).length;
    const engagedDecisionMaker = realContacts.some(
        (contact) => contact.result.engaged && contact.result.role === 'Decision Maker'
    );

    const expansionReasons: string[] = [];
    if (band === 'Green') {
        const latest = fold.latestUsage;
        if (
            latest &&
            latest.activeUsers !== null &&
            latest.licensedSeats !== null &&
            latest.licensedSeats > 0
        ) {
            const utilisation = (100 * latest.activeUsers) / latest.licensedSeats;
            if (utilisation >= config.expansionUtilisationPercent) {
                expansionReasons.push(`Licence utilisation ${Math.round(utilisation)}%`);
            }
        }
        const breadthNow = breadthOf(fold.latestUsage);
        const breadthBefore = breadthOf(fold.latestPriorUsage);
        if (breadthNow !== null && breadthBefore !== null && breadthNow > breadthBefore) {
            expansionReasons.push('Adoption breadth growing');
        }
        if (engagedCount >= config.expansionEngagedContacts && engagedDecisionMaker) {
            expansionReasons.push(`${engagedCount} engaged contacts including a decision maker`);
        }
        if (qualitative?.championStatus === 'Active') expansionReasons.push('Champion active');
    }

    const attentionPriority = priorityOf(config, fold, band, lifecycle, scoreDropAlert, previousBand);
    const divergence = divergenceOf(band, qualitative);
    const dataQuality = dataQualityOf(fold, config, realContacts, coverage);
    const subscores: Subscores = {
        usage: roundOrNull(dimensions.usage),
        relationship: roundOrNull(dimensions.relationship),
        support: roundOrNull(dimensions.support),
        commercial: roundOrNull(dimensions.commercial)
    };

    const result: AccountResult = {
        accountId: header.id,
        name: header.name,
        ownerId: header.ownerId ?? null,
        asOf,
        modelVersion: config.version,
        score: unknown ? null : score,
        modelScore: score,
        composite,
        band,
        rawBand,
        bandSince,
        previousBand,
        bandChanged,
        subscores,
        coverage: Math.round(coverage),
        caps,
        criticalRisk,
        trend,
        change,
        scoreDropAlert,
        lifecycle,
        expansionReady: expansionReasons.length > 0,
        expansionReasons,
        attentionPriority,
        divergence,
        dataQuality,
        drivers,
        summary: unknown
            ? clip(`Not enough data to score: ${drivers.map((driver) => driver.label).join('; ')}`)
            : summarise(drivers, criticalRisk),
        contacts: realContacts.map((contact) => contact.result),
        arr: header.commercial.arr,
        renewalDate: header.commercial.renewalDate
    };
    // Last, as before (key order is the JSON's); assigned rather than spread into the literal above.
    if (override) result.override = appliedOverride(override);
    return result;
}

function roundOrNull(result: DimensionResult | null): number | null {
    return result ? Math.round(result.score) : null;
}

function previousBandOf(fold: AccountFold): Band | null {
    if (fold.lastSnapshot?.band) return fold.lastSnapshot.band;
    const previous = fold.header.previous;
    if (!previous?.band) return null;
    if (previous.since && previous.since.slice(0, 10) > isoFromDayNumber(fold.asOfDay)) return null;
    return previous.band;
}

function bandSinceOf(fold: AccountFold, band: Band, previousBand: Band | null, asOf: string): string {
    if (band !== previousBand) return asOf;
    const previous = fold.header.previous;
    if (previous?.band === band && previous.since && previous.since.slice(0, 10) <= asOf) {
        return previous.since.slice(0, 10);
    }
    return fold.lastSnapshot ? isoFromDayNumber(fold.lastSnapshot.day) : asOf;
}

function priorityOf(
    config: ModelConfig,
    fold: AccountFold,
    band: Band,
    lifecycle: Lifecycle,
    scoreDropAlert: boolean,
    previousBand: Band | null
): number {
    let points = 0;
    if (band === 'Red') points += config.priorityRedPoints;
    else if (band === 'Yellow') points += config.priorityYellowPoints;
    else if (band === 'Unknown') points += config.priorityUnknownPoints;
    if (lifecycle === 'Warm') points += config.priorityWarmPoints;
    else if (lifecycle === 'First Transaction') points += config.priorityFirstTransactionPoints;
    else if (lifecycle === 'Cold') points += config.priorityColdPoints;
    if (lifecycle === 'Warm' && band === 'Red') points += config.priorityWarmRedPoints;
    if (scoreDropAlert) points += config.priorityDropPoints;
    if (
        previousBand &&
        previousBand !== 'Unknown' &&
        band !== 'Unknown' &&
        BAND_RANK[band] > BAND_RANK[previousBand]
    ) {
        points += config.priorityBandWorsePoints;
    }
    const renewal = fold.header.commercial.renewalDate;
    if (renewal) {
        const until = renewal.slice(0, 10);
        const asOf = isoFromDayNumber(fold.asOfDay);
        const windowEnd = isoFromDayNumber(fold.asOfDay + config.renewalWindowDays);
        if (until >= asOf && until <= windowEnd) points += config.priorityRenewalPoints;
    }
    const arr = fold.header.commercial.arr;
    if (arr !== null && arr > 0) {
        const scale = Math.min(1, Math.log10(1 + arr) / Math.log10(1 + config.priorityValueFullArr));
        points += config.priorityValueMaxPoints * scale;
    }
    return Math.round(points * 10) / 10;
}

function divergenceOf(band: Band, qualitative: QualitativeInput | null): DivergenceResult | null {
    if (!qualitative) return null;
    const champion = qualitative.championStatus;
    if (band === 'Green' && (champion === 'At Risk' || champion === 'Missing')) {
        return {
            code: 'GREEN_BUT_CHAMPION_AT_RISK',
            message: `Scored Green but the account owner marks the champion ${champion}: trust the owner and review`
        };
    }
    const weak: string[] = [];
    if (qualitative.executiveEngagement === 'None' || qualitative.executiveEngagement === 'Lapsed') {
        weak.push(`executive engagement ${qualitative.executiveEngagement}`);
    }
    if (qualitative.outcomeNarrative === 'Missing') weak.push('no outcome narrative');
    if (band === 'Green' && weak.length > 0) {
        return {
            code: 'GREEN_BUT_QUALITATIVE_WEAK',
            message: `Scored Green but the owner reports ${weak.join(' and ')}`
        };
    }
    // Any band below Green while the owner reports everything strong (seed 004's second example, v2 property 13).
    if (
        (band === 'Red' || band === 'Yellow') &&
        champion === 'Active' &&
        qualitative.executiveEngagement === 'Active' &&
        qualitative.outcomeNarrative === 'Defensible'
    ) {
        return {
            code: band === 'Red' ? 'RED_BUT_QUALITATIVE_STRONG' : 'YELLOW_BUT_QUALITATIVE_STRONG',
            message: `Scored ${band} but the owner reports an active champion, engaged executives and a defensible outcome: check which view is right`
        };
    }
    return null;
}

function dataQualityOf(
    fold: AccountFold,
    config: ModelConfig,
    contacts: ScoredContact[],
    coverage: number
): DataQualityFlag[] {
    const flags: DataQualityFlag[] = [];
    if (contacts.length === 0) {
        flags.push({ code: 'NO_CONTACTS', message: 'No contacts on the account' });
    } else {
        if (!contacts.some((contact) => contact.result.role === 'Decision Maker')) {
            flags.push({
                code: 'NO_DECISION_MAKER',
                message: 'No decision maker mapped: set Buying Role on the key contacts'
            });
        }
        const active = contacts.filter((contact) => contact.result.activityCount > 0);
        const unmapped = active.filter((contact) => contact.result.role === null).length;
        if (active.length > 0 && unmapped / active.length >= 0.5) {
            flags.push({
                code: 'ROLES_UNMAPPED',
                message: `${unmapped} of ${active.length} contacts with activity have no buying role`,
                value: unmapped / active.length
            });
        }
    }
    let activities = 0;
    let withoutOutcome = 0;
    for (const { acc } of fold.contacts) {
        activities += acc.activityCount;
        withoutOutcome += acc.withoutOutcomeCount;
    }
    if (fold.unlinked) {
        activities += fold.unlinked.activityCount;
        withoutOutcome += fold.unlinked.withoutOutcomeCount;
        flags.push({
            code: 'ACTIVITIES_WITHOUT_CONTACT',
            message: `${fold.unlinked.activityCount} ${fold.unlinked.activityCount === 1 ? 'activity' : 'activities'} logged without a contact`,
            value: fold.unlinked.activityCount
        });
    }
    if (activities > 0 && withoutOutcome / activities > config.missingOutcomeShare) {
        flags.push({
            code: 'ACTIVITIES_WITHOUT_OUTCOME',
            message: `${pct(withoutOutcome / activities)}% of activities have no outcome logged`,
            value: withoutOutcome / activities
        });
    }
    if (!fold.latestUsage) {
        flags.push({ code: 'NO_USAGE', message: 'No product usage data' });
    } else {
        const age = fold.asOfDay - fold.latestUsageEnd;
        if (age > config.usageStaleDays) {
            flags.push({ code: 'STALE_USAGE', message: `Latest usage data is ${age} days old`, value: age });
        }
    }
    if (coverage < config.minCoveragePercent) {
        flags.push({
            code: 'LOW_COVERAGE',
            message: `Only ${Math.round(coverage)}% of the model weight had data: band Unknown`,
            value: coverage / 100
        });
    }
    return flags;
}
