// Engine input and result types. Plain data only: the engine never reads a clock, a file or an org.
import type { AppliedOverride, OverrideInput } from './overrides';
import type { SignalDefinition, SignalObservation } from './signals';

export type { AppliedOverride, OverrideBand, OverrideInput, OverrideKind } from './overrides';

/** A calendar date, `YYYY-MM-DD`. Every date the engine sees is one of these (no time zones). */
export type IsoDate = string;

export type BuyingRole = 'Decision Maker' | 'Approver' | 'Influencer' | 'User';
export type Channel = 'Meeting' | 'Call' | 'Email' | 'Message';
export type Outcome = 'Positive' | 'Neutral' | 'Negative';
export type Severity = 'Sev1' | 'Sev2' | 'Sev3' | 'Sev4';
export type OpportunityKind = 'new' | 'renewal' | 'expansion';
export type ChampionStatus = 'Active' | 'At Risk' | 'Missing';
export type ExecutiveEngagement = 'Active' | 'Lapsed' | 'None';
export type OutcomeNarrative = 'Defensible' | 'In Development' | 'Missing';
export type Band = 'Green' | 'Yellow' | 'Red' | 'Unknown';
export type ContactBand = Band;
export type Trend = 'Improving' | 'Stable' | 'Declining';
export type Lifecycle = 'Hello' | 'First Transaction' | 'Warm' | 'Cold';
export type Dimension = 'usage' | 'relationship' | 'support' | 'commercial';

export interface ContactInput {
    id: string;
    /** Display name used in driver sentences ("Decision maker Jane Doe: ..."). */
    name: string;
    role: BuyingRole | null;
    title?: string | null;
}

/** A completed Task or an ended Event. */
export interface ActivityInput {
    id?: string;
    /** Null when the activity is logged against the account only (no contact). */
    contactId: string | null;
    date: IsoDate;
    channel: Channel;
    /** Null = no outcome logged: counts as presence only and is a data-quality gap. */
    outcome: Outcome | null;
    /** The rep who logged it (OwnerId); used for outcome-inflation detection. */
    ownerId: string | null;
}

export interface OpportunityInput {
    id: string;
    name?: string | null;
    stageName?: string | null;
    isClosed: boolean;
    isWon: boolean;
    closeDate: IsoDate;
    /** When it was opened; null = treat as open since before any as-of date. */
    createdDate?: IsoDate | null;
    amount?: number | null;
    kind: OpportunityKind;
}

export interface CaseInput {
    id: string;
    caseNumber?: string | null;
    subject?: string | null;
    createdDate: IsoDate;
    /** Null while open. A case closed after the as-of date counts as open at that date. */
    closedDate: IsoDate | null;
    severity: Severity | null;
    escalated: boolean;
    /** 1-5, null when not surveyed. */
    csat: number | null;
}

export interface UsagePeriodInput {
    periodStart: IsoDate;
    periodEnd: IsoDate;
    activeUsers: number | null;
    licensedSeats: number | null;
    featuresAdopted: number | null;
    featuresAvailable: number | null;
    keyEvents: number | null;
}

export interface CommercialInput {
    /** Annual recurring revenue: weights attention priority, never the score. */
    arr: number | null;
    renewalDate: IsoDate | null;
    daysPastDue: number | null;
}

/** The account owner's qualitative overlay. Ignored when reviewed after the as-of date. */
export interface QualitativeInput {
    championStatus: ChampionStatus | null;
    executiveEngagement: ExecutiveEngagement | null;
    outcomeNarrative: OutcomeNarrative | null;
    reviewedOn: IsoDate | null;
}

/** A past run's result (Account_Health_Snapshot__c). */
export interface SnapshotInput {
    asOf: IsoDate;
    score: number | null;
    band: Band | null;
}

/** The band currently stored on the Account (Health_Band__c / _Since__c / Health_Score__c). */
export interface PreviousBandInput {
    band: Band | null;
    since: IsoDate | null;
    score: number | null;
}

export interface AccountInput {
    id: string;
    name: string;
    ownerId?: string | null;
    industry?: string | null;
    region?: string | null;
    contacts: readonly ContactInput[];
    activities: readonly ActivityInput[];
    opportunities: readonly OpportunityInput[];
    cases: readonly CaseInput[];
    usage: readonly UsagePeriodInput[];
    commercial: CommercialInput;
    qualitative: QualitativeInput;
    /** Past runs; the engine picks the ones it needs (trend baseline, previous band) at or before as-of. */
    snapshots?: readonly SnapshotInput[];
    /** Current band fields on the Account; used for hysteresis when no earlier snapshot exists. */
    previous?: PreviousBandInput | null;
    /** Manual overrides (Health_Override__c); the one active on the as-of date applies after the caps. */
    overrides?: readonly OverrideInput[];
    /** Admin-defined signals' values (scripts/engine/signals.ts); read only when ScoreOptions.signals defines them. */
    signals?: readonly SignalObservation[];
}

// ---------------------------------------------------------------- results

export interface Driver {
    /** Stable machine code, e.g. CONTACT, USAGE_TRAJECTORY, CAP_SEV1, BASELINE. */
    code: string;
    /** A sentence a rep understands. */
    label: string;
    /** Whole points this driver moved the final score; all drivers of an account sum to its score. */
    points: number;
    dimension?: Dimension;
    /** The record the driver is about (contact Id, case Id, ...), when there is one. */
    recordId?: string;
}

export interface CapResult {
    code:
        | 'CHAMPION_MISSING'
        | 'SEV1'
        | 'PAST_DUE'
        | 'DECISION_MAKER_COLD'
        | 'NO_ENGAGED_CONTACT'
        | 'NO_PIPELINE'
        | 'SILENCE'
        | 'USAGE_DROP'
        | 'SUPPORT_CRISIS';
    /**
     * The cap's ceiling for a perfect account (composite 100), after any ramp-in. A lower composite gets a lower
     * ceiling (cap - capSlope * (100 - composite)), so accounts under the same cap keep their order.
     */
    cap: number;
    reason: string;
    /** Whether this cap is the binding one (lowest ceiling, below the composite): it lowered the score. */
    applied: boolean;
}

export interface ContactResult {
    contactId: string;
    name: string;
    role: BuyingRole | null;
    score: number;
    band: ContactBand;
    /** Score at or above the engaged-contact threshold. */
    engaged: boolean;
    lastActivityDate: IsoDate | null;
    lastMeetingDate: IsoDate | null;
    lastPositiveDate: IsoDate | null;
    /** Last Positive, Neutral or no-outcome activity (Contact.Last_Engaged_On__c). */
    lastEngagedDate: IsoDate | null;
    activityCount: number;
    withoutOutcomeCount: number;
    negativeLast30Days: number;
    /** Short description used in driver sentences, e.g. "no meeting in 74 days". */
    summary: string;
}

export type DataQualityCode =
    | 'NO_DECISION_MAKER'
    | 'ROLES_UNMAPPED'
    | 'ACTIVITIES_WITHOUT_OUTCOME'
    | 'ACTIVITIES_WITHOUT_CONTACT'
    | 'NO_USAGE'
    | 'STALE_USAGE'
    | 'NO_CONTACTS'
    | 'LOW_COVERAGE';

export interface DataQualityFlag {
    code: DataQualityCode;
    message: string;
    /** Share (0-1) for ratio flags, days for staleness; absent otherwise. */
    value?: number;
}

export interface Subscores {
    usage: number | null;
    relationship: number | null;
    support: number | null;
    commercial: number | null;
}

export interface DivergenceResult {
    code:
        | 'GREEN_BUT_CHAMPION_AT_RISK'
        | 'GREEN_BUT_QUALITATIVE_WEAK'
        | 'RED_BUT_QUALITATIVE_STRONG'
        | 'YELLOW_BUT_QUALITATIVE_STRONG';
    message: string;
}

export interface AccountResult {
    accountId: string;
    name: string;
    ownerId: string | null;
    asOf: IsoDate;
    modelVersion: string;
    /** Final score 0-100 after caps (whole number); null when the band is Unknown (too little data to show one). */
    score: number | null;
    /**
     * The score the model computes even when coverage is too low to show it (equals score otherwise). For backtests
     * and diagnostics only: never displayed or written as the account's score.
     */
    modelScore: number;
    /** Weighted mean of present dimensions before caps (unrounded). */
    composite: number;
    band: Band;
    /** The band the score alone gives (no hysteresis); differs from band only when hysteresis held it. */
    rawBand: Band;
    /** Date the current band began: kept from the previous band when unchanged, else as-of. */
    bandSince: IsoDate;
    previousBand: Band | null;
    bandChanged: boolean;
    subscores: Subscores;
    /** Share of the dimension weight that had data, 0-100. */
    coverage: number;
    caps: CapResult[];
    /** Reason of the cap that lowered the score (the binding one), or null; always null when Unknown. */
    criticalRisk: string | null;
    trend: Trend | null;
    /** Signed change against the score trendWindowDays earlier; null without history. */
    change: number | null;
    /** A drop of at least scoreDropAlert points (triggers a review even inside a band). */
    scoreDropAlert: boolean;
    lifecycle: Lifecycle;
    expansionReady: boolean;
    expansionReasons: string[];
    attentionPriority: number;
    divergence: DivergenceResult | null;
    dataQuality: DataQualityFlag[];
    /**
     * Ordered by effect; BASELINE last. Points sum exactly to score. When Unknown (score null): the checklist of
     * missing data instead (code MISSING_<DIMENSION>, 0 points each).
     */
    drivers: Driver[];
    /** Top drivers in one sentence (fits Health_Summary__c, 255 characters). */
    summary: string;
    contacts: ContactResult[];
    arr: number | null;
    renewalDate: IsoDate | null;
    /** The manual override active on the as-of date (absent when none): its driver is code OVERRIDE. */
    override?: AppliedOverride;
}

/** One rep flagged for outcome inflation (run report only, never a rep KPI). */
export interface InflationFlag {
    ownerId: string;
    ownerName: string | null;
    rated: number;
    positive: number;
    positiveShare: number;
    /** Positive share of all other reps' rated activities in the window. */
    teamShare: number;
    damping: number;
}

export interface InflationReport {
    windowDays: number;
    teamPositiveShare: number;
    ratedActivities: number;
    flagged: InflationFlag[];
}

export interface ScoreOptions {
    /** Factor applied to each owner's Positive outcomes (from inflation detection). */
    ownerDamping?: ReadonlyMap<string, number>;
    /** Admin-defined signals (Health_Signal__mdt): each joins its dimension with its weight. */
    signals?: readonly SignalDefinition[];
}
