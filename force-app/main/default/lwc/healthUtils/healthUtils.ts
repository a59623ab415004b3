/**
 * Shared, pure helpers for the health components: band and trend presentation, the Health_Drivers__c JSON,
 * the qualitative divergence check, and the shapes the Apex controllers return.
 */

export type Band = 'Green' | 'Yellow' | 'Red' | 'Unknown';
export type Trend = 'Improving' | 'Stable' | 'Declining';

export interface BandInfo {
    band: Band;
    label: string;
    /** Icon that differs per band, so the band reads without colour. */
    iconName: string;
    /** SLDS theme for the badge; colours come from SLDS, never from this code. */
    themeClass: string;
    /** Icon variant that stays readable on the theme's background. */
    iconVariant: string;
    description: string;
}

const BANDS: Record<Band, BandInfo> = {
    Green: {
        band: 'Green',
        label: 'Healthy',
        iconName: 'utility:success',
        themeClass: 'slds-theme_success',
        iconVariant: 'inverse',
        description: 'Green: healthy'
    },
    Yellow: {
        band: 'Yellow',
        label: 'Watch',
        iconName: 'utility:warning',
        themeClass: 'slds-theme_warning',
        iconVariant: '',
        description: 'Yellow: needs attention'
    },
    Red: {
        band: 'Red',
        label: 'At risk',
        iconName: 'utility:error',
        themeClass: 'slds-theme_error',
        iconVariant: 'inverse',
        description: 'Red: at risk'
    },
    Unknown: {
        band: 'Unknown',
        label: 'Not enough data',
        iconName: 'utility:help',
        themeClass: 'slds-theme_shade',
        iconVariant: '',
        description: 'Unknown: not enough data to score'
    }
};

/** Bands in the order a reader scans them: worst first. */
export const BAND_ORDER: readonly Band[] = ['Red', 'Yellow', 'Green', 'Unknown'];

export function isBand(value: unknown): value is Band {
    return typeof value === 'string' && value in BANDS;
}

/** Presentation of a band; anything unrecognised (blank, a new picklist value) reads as Unknown. */
export function bandInfo(band: unknown): BandInfo {
    return isBand(band) ? BANDS[band] : BANDS.Unknown;
}

export interface TrendInfo {
    iconName: string;
    /** e.g. "Declining −12 pts" */
    text: string;
    /** Class for the text: SLDS semantic text colours. */
    textClass: string;
}

/** Trend arrow and words, e.g. "Declining, −12 pts"; the arrow always has a text next to it. */
export function trendInfo(trend: unknown, change: number | null | undefined): TrendInfo | null {
    if (trend !== 'Improving' && trend !== 'Stable' && trend !== 'Declining') return null;
    const delta = typeof change === 'number' ? ` ${formatSigned(change)} pts` : '';
    if (trend === 'Improving') {
        return {
            iconName: 'utility:arrowup',
            text: `Improving${delta}`,
            textClass: 'slds-text-color_success'
        };
    }
    if (trend === 'Declining') {
        return {
            iconName: 'utility:arrowdown',
            text: `Declining${delta}`,
            textClass: 'slds-text-color_error'
        };
    }
    return { iconName: 'utility:forward', text: `Stable${delta}`, textClass: 'slds-text-color_weak' };
}

/** "+6", "−12" (a real minus sign), "0". */
export function formatSigned(value: number): string {
    if (value > 0) return `+${value}`;
    if (value < 0) return `\u2212${Math.abs(value)}`;
    return '0';
}

// ---------------------------------------------------------------- Health_Drivers__c

export interface Driver {
    code: string;
    label: string;
    points: number;
    dimension?: string;
    recordId?: string;
}
export interface DataQualityFlag {
    code: string;
    message: string;
    value?: number;
}
export interface CapResult {
    code: string;
    cap: number;
    reason: string;
    applied: boolean;
}
export interface Divergence {
    code: string;
    message: string;
}
export interface HealthExplanation {
    drivers: Driver[];
    dataQuality: DataQualityFlag[];
    caps: CapResult[];
    divergence: Divergence | null;
    expansionReasons: string[];
    /** Set when the stored JSON could not be read: the component says so instead of failing. */
    unreadable: boolean;
}

const EMPTY_EXPLANATION: HealthExplanation = {
    drivers: [],
    dataQuality: [],
    caps: [],
    divergence: null,
    expansionReasons: [],
    unreadable: false
};

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listOf<T>(value: unknown, keep: (item: Record<string, unknown>) => T | null): T[] {
    if (!Array.isArray(value)) return [];
    return value.flatMap((item) => {
        const kept = isObject(item) ? keep(item) : null;
        return kept ? [kept] : [];
    });
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * Reads Health_Drivers__c as the sync writes it (the engine's AccountResult explanation). Tolerant: a blank
 * field is an empty explanation, malformed JSON is flagged `unreadable`, unknown keys are ignored.
 */
export function parseExplanation(json: unknown): HealthExplanation {
    if (typeof json !== 'string' || json.trim() === '') return { ...EMPTY_EXPLANATION };
    let parsed: unknown;
    try {
        parsed = JSON.parse(json);
    } catch {
        return { ...EMPTY_EXPLANATION, unreadable: true };
    }
    const root: Record<string, unknown> = Array.isArray(parsed)
        ? { drivers: parsed }
        : isObject(parsed)
          ? parsed
          : {};
    const divergence = isObject(root.divergence)
        ? { code: str(root.divergence.code), message: str(root.divergence.message) }
        : null;
    const driver = (d: Record<string, unknown>): Driver | null => {
        if (!str(d.label)) return null;
        return {
            code: str(d.code),
            label: str(d.label),
            points: num(d.points),
            dimension: str(d.dimension) || undefined,
            recordId: str(d.recordId) || undefined
        };
    };
    const flag = (f: Record<string, unknown>): DataQualityFlag | null => {
        if (!str(f.message)) return null;
        return { code: str(f.code), message: str(f.message), value: num(f.value) };
    };
    const cap = (c: Record<string, unknown>): CapResult | null => {
        if (!str(c.reason)) return null;
        return { code: str(c.code), cap: num(c.cap), reason: str(c.reason), applied: c.applied === true };
    };
    return {
        drivers: listOf(root.drivers, driver),
        dataQuality: listOf(root.dataQuality, flag),
        caps: listOf(root.caps, cap),
        divergence: divergence && divergence.message ? divergence : null,
        expansionReasons: Array.isArray(root.expansionReasons)
            ? root.expansionReasons.map(str).filter(Boolean)
            : [],
        unreadable: false
    };
}

// ---------------------------------------------------------------- qualitative overlay

export interface QualitativeOverlay {
    championStatus: string | null;
    executiveEngagement: string | null;
    outcomeNarrative: string | null;
}

/**
 * When the account team's view and the computed band disagree (MODEL.md "Divergence"), the sentence to show.
 * Computed in the browser so an edit to the overlay shows its effect at once, before the next sync.
 */
export function divergenceMessage(band: unknown, overlay: QualitativeOverlay): string | null {
    const { championStatus, executiveEngagement, outcomeNarrative } = overlay;
    if (band === 'Green') {
        if (championStatus === 'At Risk' || championStatus === 'Missing') {
            return `Scored Green, but the champion is ${championStatus === 'Missing' ? 'missing' : 'at risk'}: trust the account team and check the relationship.`;
        }
        const weak = [
            executiveEngagement === 'Lapsed' || executiveEngagement === 'None' ? 'executive engagement' : '',
            outcomeNarrative === 'Missing' ? 'outcome narrative' : ''
        ].filter(Boolean);
        if (weak.length > 0) {
            return `Scored Green, but the team rates ${weak.join(' and ')} as weak.`;
        }
    }
    if (
        band === 'Red' &&
        championStatus === 'Active' &&
        executiveEngagement === 'Active' &&
        outcomeNarrative === 'Defensible'
    ) {
        return 'Scored Red, but the team rates champion, executive engagement and outcome narrative as strong: check the data behind the score.';
    }
    return null;
}

// ---------------------------------------------------------------- dates

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole calendar days from an ISO date (or date-time, read in local time) to `today`; null when blank or invalid. */
export function daysSince(isoDate: string | null | undefined, today: Date): number | null {
    if (!isoDate) return null;
    const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
    let thenDay: number;
    if (dateOnly) {
        thenDay = Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]));
    } else {
        const then = new Date(isoDate);
        if (Number.isNaN(then.getTime())) return null;
        thenDay = Date.UTC(then.getFullYear(), then.getMonth(), then.getDate());
    }
    const todayDay = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
    return Math.round((todayDay - thenDay) / DAY_MS);
}

/** "today", "yesterday", "12 days ago", "never". */
export function describeAge(days: number | null): string {
    if (days === null) return 'never';
    if (days <= 0) return 'today';
    if (days === 1) return 'yesterday';
    return `${days} days ago`;
}

// ---------------------------------------------------------------- Apex view models

export interface ContactView {
    id: string;
    name: string;
    title: string | null;
    buyingRole: string | null;
    healthScore: number | null;
    healthBand: string | null;
    lastEngagedOn: string | null;
}
export interface InteractionView {
    id: string;
    kind: string;
    activityDate: string | null;
    subject: string | null;
    channel: string | null;
    outcome: string | null;
    contactId: string | null;
    contactName: string | null;
    ownerName: string | null;
}
export interface OpportunityView {
    id: string;
    name: string;
    stageName: string | null;
    probability: number | null;
    amount: number | null;
    closeDate: string | null;
    type: string | null;
    /** ISO code of `amount` (the opportunity's own currency in a multi-currency org); absent from older servers. */
    currencyCode?: string | null;
}
export interface CaseView {
    id: string;
    caseNumber: string;
    subject: string | null;
    severity: string | null;
    status: string | null;
    createdDate: string | null;
    isEscalated: boolean;
}
export interface UsageView {
    periodStart: string;
    periodEnd: string | null;
    activeUsers: number | null;
    licensedSeats: number | null;
    featuresAdopted: number | null;
    featuresAvailable: number | null;
}
export interface Account360View {
    contacts: ContactView[];
    interactions: InteractionView[];
    opportunities: OpportunityView[];
    cases: CaseView[];
    usage: UsageView[];
    /** Open Tasks due today or later and future Events, soonest first. */
    upcoming?: InteractionView[];
    /** All completed Tasks plus ended Events on the account (capped at 2,000). */
    interactionTotal?: number;
    /** Section → message for sections that could not be read. */
    errors?: Record<string, string>;
}

export interface NextStepView {
    subject: string | null;
    dueDate: string | null;
    ownerName: string | null;
}
export interface PortfolioAccount {
    id: string;
    name: string;
    ownerName: string | null;
    arr: number | null;
    score: number | null;
    band: string | null;
    trend: string | null;
    scoreChange: number | null;
    lifecycle: string | null;
    attentionPriority: number | null;
    renewalDate: string | null;
    /** The earliest open playbook Task; null = no plan. */
    nextStep: NextStepView | null;
    /** The band before a change in the last 7 days (first scorings excluded). */
    changedFrom: string | null;
    changeDirection: 'dropped' | 'improved' | 'changed' | null;
    /** The score over the last 30 days (HealthPortfolioService.Recent); absent from older servers. */
    recent?: RecentScores | null;
}
export interface RecentScores {
    /** Scores of the last 30 days' snapshots, oldest first, ending with today's. */
    scores: number[];
    /** Score now minus the oldest of those; null without an older snapshot. */
    change: number | null;
}
export interface FilterOption {
    label: string;
    value: string;
}
export type SortKey = 'priority' | 'arr' | 'renewal' | 'change' | 'score' | 'name';
/** What the portfolio asks the server for; blank = any. */
export interface PortfolioFilters {
    scope: 'team' | 'all';
    band: string | null;
    lifecycle: string | null;
    region: string | null;
    industry: string | null;
    ownerId: string | null;
    ownerIds: string[] | null;
    arrMin: number | null;
    arrMax: number | null;
    renewalWithinDays: number | null;
    change: 'dropped' | 'improved' | null;
    /** 'none': Yellow or Red with no open play. */
    plan: 'none' | null;
    sortBy: SortKey;
    sortDirection: 'asc' | 'desc';
    offset: number;
}
export interface PortfolioView {
    accounts: PortfolioAccount[];
    totalCount: number;
    offset: number;
    pageSize: number;
    /** ISO code of the rows' ARR (the user's currency); absent from older servers. */
    currencyCode?: string | null;
}
export interface PortfolioTiles {
    accountCount: number;
    arrTotal: number;
    arrYellowRed: number;
    arrYellowRed30DaysAgo: number | null;
    redArrRenewing90: number;
    redRenewing90Count: number;
    droppedThisWeek: number;
    improvedThisWeek: number;
    noPlanCount: number;
}
export interface WeekBucket {
    weekEnding: string;
    red: number;
    yellow: number;
    green: number;
    unknown: number;
    redArr: number;
    yellowArr: number;
    greenArr: number;
    unknownArr: number;
    /** False when the week's ARR per band was not read (query-row budget); the counts are complete. */
    hasArr?: boolean;
}
export interface BandChangeRow {
    id: string;
    name: string;
    fromBand: string | null;
    toBand: string | null;
    arr: number | null;
    ownerName: string | null;
    since: string | null;
}
/** One line of the risk-adjusted renewal (HealthPortfolioForecast.Line). */
export interface ForecastLine {
    label: string;
    value: string | null;
    accounts: number;
    arrUp: number;
    /** ARR of the accounts with a renewal probability; null when not calibrated. */
    arrWithProbability: number | null;
    /** Expected retained ARR; null when not calibrated. */
    expected: number | null;
    accountsWithoutProbability: number;
}
export interface PortfolioForecast {
    calibrated: boolean;
    windowDays: number;
    currencyCode: string | null;
    total: ForecastLine;
    byOwner: ForecastLine[];
    bySize: ForecastLine[];
    byIndustry: ForecastLine[];
}
export interface PortfolioSummary {
    tiles: PortfolioTiles;
    trend: WeekBucket[];
    trendPartial: boolean;
    /** Some week's ARR per band was not read (its counts are complete). */
    trendArrPartial?: boolean;
    /** ISO code of the tiles' and trend's amounts (aggregates: the corporate currency). */
    currencyCode?: string | null;
    /** ISO code of the band-change rows' ARR (the user's currency). */
    rowCurrencyCode?: string | null;
    forecast?: PortfolioForecast | null;
    dropped: BandChangeRow[];
    improved: BandChangeRow[];
    industries: FilterOption[];
    regions: FilterOption[];
    owners: FilterOption[];
}

/** HealthRunStatusController.RunStatus: the sync's run history, as the Apex class reads it. */
export interface RunStatusView {
    scoresAsOf: string | null;
    lastSuccessAt: string | null;
    lastRunAt: string | null;
    lastRunStatus: string | null;
    lastRunExitCode: number | null;
    lastRunError: string | null;
    running: boolean;
    stale: boolean;
    staleAfterHours: number;
    hasRuns: boolean;
}

// ---------------------------------------------------------------- plays (Account360Controller.getPlays)

export interface PlayTaskView {
    id: string;
    subject: string | null;
    playKey: string | null;
    dueDate: string | null;
    ownerName: string | null;
    ownerId: string | null;
    priority: string | null;
}
export interface SuggestedPlayView {
    key: string;
    subject: string | null;
    description: string | null;
    dueInDays: number | null;
}
export interface PlaysView {
    open: PlayTaskView[];
    suggested: SuggestedPlayView | null;
}

// ---------------------------------------------------------------- locale formatting

/** Days from `today` to an ISO date (positive = in the future); null when blank or invalid. */
export function daysUntil(isoDate: string | null | undefined, today: Date): number | null {
    const since = daysSince(isoDate, today);
    return since === null ? null : -since;
}

/**
 * A date relative to today in the user's locale: "today", "yesterday", "in 3 days", "2 months ago".
 * Days up to 45, then months, then years.
 */
export function relativeDate(isoDate: string | null | undefined, today: Date, locale = 'en-US'): string {
    const days = daysUntil(isoDate, today);
    if (days === null) return '';
    const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    const abs = Math.abs(days);
    if (abs <= 45) return format.format(days, 'day');
    if (abs < 365) return format.format(Math.round(days / 30.44), 'month');
    return format.format(Math.round(days / 365.25), 'year');
}

/** A calendar date in the user's locale, e.g. "Nov 20, 2026"; date-only values are not shifted by time zone. */
export function formatDate(isoDate: string | null | undefined, locale = 'en-US'): string {
    if (!isoDate) return '';
    const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
    const date = dateOnly
        ? new Date(Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3])))
        : new Date(isoDate);
    if (Number.isNaN(date.getTime())) return '';
    return new Intl.DateTimeFormat(locale, {
        dateStyle: 'medium',
        ...(dateOnly ? { timeZone: 'UTC' } : {})
    }).format(date);
}

/** Short month and day for chart axes, e.g. "Nov 20". */
export function formatShortDate(isoDate: string, locale = 'en-US'): string {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
    if (!m) return isoDate;
    const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(date);
}

/** Money in a short form, e.g. "$750K", "$1.2M". */
export function formatCompactCurrency(
    value: number | null | undefined,
    locale = 'en-US',
    currency = 'USD'
): string {
    if (typeof value !== 'number' || !Number.isFinite(value)) return '';
    return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        notation: 'compact',
        maximumFractionDigits: value >= 1_000_000 ? 1 : 0
    }).format(value);
}

/** "1 point", "3 points". */
export function points(n: number): string {
    return `${n} ${Math.abs(n) === 1 ? 'point' : 'points'}`;
}

// ---------------------------------------------------------------- bands and caps in words

/** The engine's cap codes in the words an account team uses ("capped by: no active champion"). */
const CAP_WORDS: Record<string, string> = {
    CHAMPION_MISSING: 'no active champion',
    SEV1: 'an open Sev1 case',
    PAST_DUE: 'an overdue invoice',
    DECISION_MAKER_COLD: 'the decision maker has gone cold',
    NO_ENGAGED_CONTACT: 'no engaged contact',
    NO_PIPELINE: 'no open opportunity and no recent win'
};

export function capWords(cap: CapResult): string {
    return CAP_WORDS[cap.code] ?? cap.reason;
}

export interface Thresholds {
    green: number;
    red: number;
}
export const DEFAULT_THRESHOLDS: Thresholds = { green: 70, red: 40 };

/**
 * How far the score is from the next band up (or, for Green, how much room before Yellow), e.g.
 * "1 point below Yellow". Null for Unknown or no score.
 */
export function distanceToNextBand(
    band: string,
    score: number | null,
    thresholds: Thresholds
): string | null {
    if (score === null) return null;
    if (band === 'Red') {
        const need = thresholds.red - score;
        return need > 0 ? `${points(need)} below Yellow` : 'on the Yellow line';
    }
    if (band === 'Yellow') {
        const need = thresholds.green - score;
        return need > 0 ? `${points(need)} below Green` : 'on the Green line';
    }
    if (band === 'Green') {
        const room = score - thresholds.green;
        return room > 0 ? `${points(room)} above the Yellow line` : 'on the Yellow line';
    }
    return null;
}

/** Dimensions without data → the checklist of what to add before the account can be scored. */
export const DATA_CHECKLIST: Record<string, string> = {
    relationship: 'Map a buying role on each contact and log calls and meetings with an outcome',
    usage: 'Send product usage for this customer (health-score usage push)',
    support: 'No cases: nothing to add if the customer has raised none',
    commercial: 'Add the ARR and renewal date, or an open opportunity'
};
