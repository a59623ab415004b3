// Folds one account's records into running state, one record at a time, so the portfolio scorer can stream
// millions of activities through O(contacts + accounts) memory. Everything dated after the as-of date is
// dropped here (point in time), so the scoring step never sees the future.
import type { ModelConfig } from './config';
import { ContactAccumulator } from './contact';
import type { ContactStore } from './contact';
import { dayNumber } from './dates';
import { validateOverride } from './overrides';
import { SignalFold } from './signals';
import type { SignalDefinition } from './signals';
import type { OverrideInput } from './overrides';
import type {
    AccountInput,
    ActivityInput,
    Band,
    CaseInput,
    ContactInput,
    OpportunityInput,
    SnapshotInput,
    UsagePeriodInput
} from './types';

/** The account's own fields: everything in AccountInput except the related lists. */
export type AccountHeader = Omit<
    AccountInput,
    'contacts' | 'activities' | 'opportunities' | 'cases' | 'usage' | 'snapshots' | 'overrides' | 'signals'
>;

export interface ContactState {
    input: ContactInput;
    acc: ContactAccumulator;
}

/**
 * Where a portfolio keeps its contacts (PortfolioScorer): sums in a ContactStore row, the contact's own fields
 * by the same row number. A fold built on it holds row numbers only and makes ContactStates when scored.
 */
export interface ContactRows {
    readonly store: ContactStore;
    input(row: number): ContactInput;
}

export interface OpenCase {
    id: string;
    caseNumber: string | null;
    subject: string | null;
    severity: CaseInput['severity'];
    escalated: boolean;
    csat: number | null;
}

export interface UsageWindow {
    activeUsers: number;
    activeUsersCount: number;
    keyEvents: number;
    keyEventsCount: number;
}

const SUPPORT_RECENT_DAYS = 90;
const SUPPORT_BASELINE_DAYS = 365;
const SUPPORT_QUALITY_DAYS = 180;

function emptyWindow(): UsageWindow {
    return { activeUsers: 0, activeUsersCount: 0, keyEvents: 0, keyEventsCount: 0 };
}

export class AccountFold {
    private readonly listed: ContactState[] = [];
    private ownUnlinked: ContactAccumulator | null = null;
    /** With `rows`: the account's contacts as ContactStore rows, and the row of its unlinked activities (-1: none). */
    private readonly contactRows: number[] = [];
    private unlinkedStoreRow = -1;
    private materialised: ContactState[] | null = null;
    private materialisedUnlinked: ContactAccumulator | null = null;

    opportunityCount = 0;
    wonCount = 0;
    lastWinDay = Number.NEGATIVE_INFINITY;
    firstWinDay = Number.POSITIVE_INFINITY;
    openOpportunityCount = 0;
    /** Open opportunities other than renewals: new business and expansion (the pipeline the score counts). */
    openPipelineCount = 0;
    firstOpenPipelineName: string | null = null;
    firstOpenOpportunityName: string | null = null;

    caseCount = 0;
    openCases: OpenCase[] = [];
    recentSev1: { id: string; caseNumber: string | null; day: number } | null = null;
    casesRecent = 0;
    casesBaseline = 0;
    resolutionDaysSum = 0;
    resolutionCount = 0;
    csatSum = 0;
    csatCount = 0;

    latestUsage: UsagePeriodInput | null = null;
    latestUsageEnd = Number.NEGATIVE_INFINITY;
    /** End of the earliest usage period on or before the as-of date (+Infinity: none): when usage began. */
    firstUsageEnd = Number.POSITIVE_INFINITY;
    latestPriorUsage: UsagePeriodInput | null = null;
    latestPriorUsageEnd = Number.NEGATIVE_INFINITY;
    /** Flat (end day, active users, key events) triples; NaN = not reported. See addUsage. */
    usagePoints: number[] = [];

    trendBaseline: { day: number; score: number } | null = null;
    lastSnapshot: { day: number; band: Band | null; score: number | null } | null = null;

    ignoredAfterAsOf = 0;
    /** Manual overrides (any dates: the scoring step picks the one active on the as-of date). */
    readonly overrides: OverrideInput[] = [];
    /** Admin-defined signals' observations (scripts/engine/signals.ts); null when no signal is defined. */
    signals: SignalFold | null = null;

    constructor(
        readonly header: AccountHeader,
        readonly config: ModelConfig,
        readonly asOfDay: number,
        private readonly rows: ContactRows | null = null
    ) {}

    /** The account's contacts with their accumulated sums (made from the store rows when there are rows). */
    get contacts(): readonly ContactState[] {
        const rows = this.rows;
        if (!rows) return this.listed;
        return (this.materialised ??= this.contactRows.map((row) => ({
            input: rows.input(row),
            acc: rows.store.accumulator(row)
        })));
    }

    /** Activities logged against the account without a contact. */
    get unlinked(): ContactAccumulator | null {
        if (!this.rows) return this.ownUnlinked;
        if (this.unlinkedStoreRow < 0) return null;
        return (this.materialisedUnlinked ??= this.rows.store.accumulator(this.unlinkedStoreRow));
    }

    /** Drops the ContactStates made for scoring (the store keeps the sums). */
    release(): void {
        this.materialised = null;
        this.materialisedUnlinked = null;
    }

    addContact(contact: ContactInput): ContactState {
        const state: ContactState = { input: contact, acc: new ContactAccumulator() };
        this.listed.push(state);
        return state;
    }

    /** Adds a contact kept in the fold's ContactRows (row = its ContactStore row). */
    addContactRow(row: number): void {
        this.contactRows.push(row);
        this.materialised = null;
    }

    /** The ContactStore row of the account's activities without a contact (made on first use). */
    unlinkedRow(): number {
        if (!this.rows) throw new Error('AccountFold.unlinkedRow() needs ContactRows');
        if (this.unlinkedStoreRow < 0) this.unlinkedStoreRow = this.rows.store.addContact();
        this.materialisedUnlinked = null;
        return this.unlinkedStoreRow;
    }

    /** Folds an activity into `target` (a contact's accumulator) or the account's unlinked accumulator. */
    addActivity(activity: ActivityInput, target: ContactAccumulator | null): void {
        this.addActivityOn(dayNumber(activity.date, 'activity date'), activity, target);
    }

    /** addActivity with the activity's day number already parsed; false when it is after the as-of date. */
    addActivityOn(day: number, activity: ActivityInput, target: ContactAccumulator | null): boolean {
        if (day > this.asOfDay) {
            this.ignoredAfterAsOf++;
            return false;
        }
        const acc = target ?? this.unlinkedAccumulator();
        acc.add(this.asOfDay - day, day, activity.channel, activity.outcome, activity.ownerId, this.config);
        return true;
    }

    /** The accumulator for activities logged against the account without a contact. */
    unlinkedAccumulator(): ContactAccumulator {
        return (this.ownUnlinked ??= new ContactAccumulator());
    }

    addOpportunity(opportunity: OpportunityInput): void {
        const createdDay = opportunity.createdDate
            ? dayNumber(opportunity.createdDate, 'opportunity CreatedDate')
            : null;
        if (createdDay !== null && createdDay > this.asOfDay) {
            this.ignoredAfterAsOf++;
            return;
        }
        const closeDay = dayNumber(opportunity.closeDate, 'opportunity CloseDate');
        this.opportunityCount++;
        const closedByAsOf = opportunity.isClosed && closeDay <= this.asOfDay;
        if (closedByAsOf) {
            if (opportunity.isWon) {
                this.wonCount++;
                if (closeDay > this.lastWinDay) this.lastWinDay = closeDay;
                if (closeDay < this.firstWinDay) this.firstWinDay = closeDay;
            }
            return;
        }
        // Open at the as-of date: not closed yet, or closed only later.
        this.openOpportunityCount++;
        if (opportunity.kind !== 'renewal') {
            this.openPipelineCount++;
            this.firstOpenPipelineName ??= opportunity.name ?? opportunity.id;
        }
        this.firstOpenOpportunityName ??= opportunity.name ?? opportunity.id;
    }

    addCase(supportCase: CaseInput): void {
        const created = dayNumber(supportCase.createdDate, 'case CreatedDate');
        if (created > this.asOfDay) {
            this.ignoredAfterAsOf++;
            return;
        }
        const closed = supportCase.closedDate ? dayNumber(supportCase.closedDate, 'case ClosedDate') : null;
        const openAtAsOf = closed === null || closed > this.asOfDay;
        const age = this.asOfDay - created;
        const caseNumber = supportCase.caseNumber ?? null;
        if (age < SUPPORT_BASELINE_DAYS || openAtAsOf) this.caseCount++;
        if (age < SUPPORT_RECENT_DAYS) this.casesRecent++;
        else if (age < SUPPORT_BASELINE_DAYS) this.casesBaseline++;
        if (openAtAsOf) {
            this.openCases.push({
                id: supportCase.id,
                caseNumber,
                subject: supportCase.subject ?? null,
                severity: supportCase.severity,
                escalated: supportCase.escalated,
                csat: supportCase.csat !== null && Number.isFinite(supportCase.csat) ? supportCase.csat : null
            });
        } else if (closed !== null && this.asOfDay - closed < SUPPORT_QUALITY_DAYS) {
            this.resolutionDaysSum += Math.max(0, closed - created);
            this.resolutionCount++;
            if (supportCase.csat !== null && Number.isFinite(supportCase.csat)) {
                this.csatSum += supportCase.csat;
                this.csatCount++;
            }
        }
        if (
            supportCase.severity === 'Sev1' &&
            age <= this.config.sev1RecentDays &&
            (this.recentSev1 === null || created > this.recentSev1.day)
        ) {
            this.recentSev1 = { id: supportCase.id, caseNumber, day: created };
        }
    }

    addUsage(period: UsagePeriodInput): void {
        const end = dayNumber(period.periodEnd, 'usage Period_End__c');
        dayNumber(period.periodStart, 'usage Period_Start__c');
        if (end > this.asOfDay) {
            this.ignoredAfterAsOf++;
            return;
        }
        if (end > this.latestUsageEnd) {
            this.latestUsageEnd = end;
            this.latestUsage = period;
        }
        if (end < this.firstUsageEnd) this.firstUsageEnd = end;
        const age = this.asOfDay - end;
        const recentDays = this.config.usageRecentDays;
        if (age >= recentDays && age < recentDays + this.config.usagePriorDays) {
            if (end > this.latestPriorUsageEnd) {
                this.latestPriorUsageEnd = end;
                this.latestPriorUsage = period;
            }
        }
        // Keep (end, active users, key events) of the periods inside the trajectory window of the newest period
        // seen so far, so the trajectory can be measured from the last known data when the feed stops.
        const span = recentDays + this.config.usagePriorDays;
        if (end <= this.latestUsageEnd - span) return;
        this.usagePoints.push(end, period.activeUsers ?? Number.NaN, period.keyEvents ?? Number.NaN);
        if (this.usagePoints.length > 48) this.pruneUsage(span);
    }

    private pruneUsage(span: number): void {
        const kept: number[] = [];
        const points = this.usagePoints;
        for (let i = 0; i < points.length; i += 3) {
            if ((points[i] as number) > this.latestUsageEnd - span)
                kept.push(points[i] as number, points[i + 1] as number, points[i + 2] as number);
        }
        this.usagePoints = kept;
    }

    /**
     * Active users and key events summed over the recent window and the prior window, both measured back from
     * `anchorDay` (the as-of date, or the end of the last usage period when the feed has stopped).
     */
    usageWindows(anchorDay: number): { recent: UsageWindow; prior: UsageWindow } {
        const recent = emptyWindow();
        const prior = emptyWindow();
        const recentDays = this.config.usageRecentDays;
        const span = recentDays + this.config.usagePriorDays;
        const points = this.usagePoints;
        for (let i = 0; i < points.length; i += 3) {
            const age = anchorDay - (points[i] as number);
            const window = age < 0 || age >= span ? null : age < recentDays ? recent : prior;
            if (!window) continue;
            const active = points[i + 1] as number;
            const events = points[i + 2] as number;
            if (!Number.isNaN(active)) {
                window.activeUsers += active;
                window.activeUsersCount++;
            }
            if (!Number.isNaN(events)) {
                window.keyEvents += events;
                window.keyEventsCount++;
            }
        }
        return { recent, prior };
    }

    addOverride(override: OverrideInput): void {
        validateOverride(override);
        this.overrides.push(override);
    }

    addSnapshot(snapshot: SnapshotInput): void {
        const day = dayNumber(snapshot.asOf, 'snapshot As_Of__c');
        if (day >= this.asOfDay) {
            if (day > this.asOfDay) this.ignoredAfterAsOf++;
            return; // a snapshot of this very run date is not "previous"
        }
        if (this.lastSnapshot === null || day > this.lastSnapshot.day) {
            this.lastSnapshot = { day, band: snapshot.band, score: snapshot.score };
        }
        const baselineDay = this.asOfDay - this.config.trendWindowDays;
        if (
            snapshot.score !== null &&
            day <= baselineDay &&
            (this.trendBaseline === null || day > this.trendBaseline.day)
        ) {
            this.trendBaseline = { day, score: snapshot.score };
        }
    }
}

/** Folds a whole AccountInput (the pure, single-account path). */
export function foldAccount(
    input: AccountInput,
    config: ModelConfig,
    asOfDay: number,
    signals: readonly SignalDefinition[] = []
): AccountFold {
    const fold = new AccountFold(input, config, asOfDay);
    if (signals.length > 0) {
        fold.signals = new SignalFold(signals, asOfDay);
        for (const observation of input.signals ?? []) fold.signals.add(observation);
    }
    const byContact = new Map<string, ContactAccumulator>();
    for (const contact of input.contacts) byContact.set(contact.id, fold.addContact(contact).acc);
    for (const activity of input.activities) {
        fold.addActivity(activity, activity.contactId ? (byContact.get(activity.contactId) ?? null) : null);
    }
    for (const opportunity of input.opportunities) fold.addOpportunity(opportunity);
    for (const supportCase of input.cases) fold.addCase(supportCase);
    for (const period of input.usage) fold.addUsage(period);
    for (const snapshot of input.snapshots ?? []) fold.addSnapshot(snapshot);
    for (const override of input.overrides ?? []) fold.addOverride(override);
    return fold;
}

/** The account's own fields without its related lists. */
export function headerOf(input: AccountInput): AccountHeader {
    const { id, name, ownerId, industry, region, commercial, qualitative, previous } = input;
    return { id, name, ownerId, industry, region, commercial, qualitative, previous };
}
