import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import type { RecordRepresentation } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import type { RelatedListRecordCollection } from 'lightning/uiRelatedListApi';
import { refreshApex } from '@salesforce/apex';
import LOCALE from '@salesforce/i18n/locale';
import { DEFAULT_THRESHOLDS, bandInfo, daysSince, parseExplanation, relativeDate } from 'c/healthUtils';
import type { HealthExplanation } from 'c/healthUtils';

import NAME from '@salesforce/schema/Account.Name';
import SCORE from '@salesforce/schema/Account.Health_Score__c';
import BAND from '@salesforce/schema/Account.Health_Band__c';
import BAND_SINCE from '@salesforce/schema/Account.Health_Band_Since__c';
import TREND from '@salesforce/schema/Account.Health_Trend__c';
import SCORE_CHANGE from '@salesforce/schema/Account.Health_Score_Change__c';
import USAGE from '@salesforce/schema/Account.Health_Usage_Score__c';
import RELATIONSHIP from '@salesforce/schema/Account.Health_Relationship_Score__c';
import SUPPORT from '@salesforce/schema/Account.Health_Support_Score__c';
import COMMERCIAL from '@salesforce/schema/Account.Health_Commercial_Score__c';
import COVERAGE from '@salesforce/schema/Account.Health_Coverage__c';
import CRITICAL_RISK from '@salesforce/schema/Account.Health_Critical_Risk__c';
import DRIVERS from '@salesforce/schema/Account.Health_Drivers__c';
import SCORED_AT from '@salesforce/schema/Account.Health_Scored_At__c';
import MODEL_VERSION from '@salesforce/schema/Account.Health_Model_Version__c';
import LIFECYCLE from '@salesforce/schema/Account.Lifecycle_Stage__c';
import EXPANSION_READY from '@salesforce/schema/Account.Expansion_Ready__c';
import CHAMPION from '@salesforce/schema/Account.Champion_Status__c';
import EXECUTIVE from '@salesforce/schema/Account.Executive_Engagement__c';
import NARRATIVE from '@salesforce/schema/Account.Outcome_Narrative__c';
import REVIEWED_ON from '@salesforce/schema/Account.Qualitative_Reviewed_On__c';

type Field = { objectApiName: string; fieldApiName?: string };

const OPTIONAL_FIELDS = [
    BAND_SINCE,
    TREND,
    SCORE_CHANGE,
    USAGE,
    RELATIONSHIP,
    SUPPORT,
    COMMERCIAL,
    COVERAGE,
    CRITICAL_RISK,
    DRIVERS,
    SCORED_AT,
    MODEL_VERSION,
    LIFECYCLE,
    EXPANSION_READY,
    CHAMPION,
    EXECUTIVE,
    NARRATIVE,
    REVIEWED_ON
];

const SNAPSHOT = 'Account_Health_Snapshot__c';
const SNAPSHOT_FIELDS = [
    'As_Of__c',
    'Score__c',
    'Band__c',
    'Model_Version__c',
    'Usage_Score__c',
    'Relationship_Score__c',
    'Support_Score__c',
    'Commercial_Score__c'
].map((f) => `${SNAPSHOT}.${f}`);

/** The card lays out in two columns when it is at least this wide itself (not the window). */
const WIDE_AT = 600;
/** Subscore change is measured against the newest snapshot at least this many days older than the latest. */
const CHANGE_WINDOW_DAYS = 28;

interface Snapshot {
    asOf: string;
    score: number | null;
    band: string | null;
    modelVersion: string | null;
    usage: number | null;
    relationship: number | null;
    support: number | null;
    commercial: number | null;
}

/**
 * Account record page card: the band and score and how far from the next band, what to do, why (a waterfall
 * of drivers), the subscores and history, and the team's own view. Composed of small children that each
 * own one job; sections that load separately fail separately, with "Try again".
 */
export default class AccountHealth extends LightningElement {
    @api recordId?: string;
    /** A score older than this many days gets a warning (the sync normally runs daily). */
    @api staleAfterDays = 3;
    /** Coverage (share of model weight with data) below this percentage gets a warning. */
    @api coverageWarningBelow = 75;
    /** Band thresholds of the active model (Health_Model__mdt Green_Threshold__c / Red_Threshold__c). */
    @api greenThreshold = DEFAULT_THRESHOLDS.green;
    @api redThreshold = DEFAULT_THRESHOLDS.red;

    record?: RecordRepresentation;
    recordError: unknown;
    snapshots?: RelatedListRecordCollection;
    snapshotError: unknown;
    snapshotWire: unknown;
    wide = false;
    private observer?: ResizeObserver;

    @wire(getRecord, { recordId: '$recordId', fields: [NAME, SCORE, BAND], optionalFields: OPTIONAL_FIELDS })
    wiredRecord({ data, error }: { data?: RecordRepresentation; error?: unknown }): void {
        if (data) {
            this.record = data;
            this.recordError = undefined;
        } else if (error) {
            this.recordError = error;
        }
    }

    @wire(getRelatedListRecords, {
        parentRecordId: '$recordId',
        relatedListId: 'Health_Snapshots__r',
        fields: SNAPSHOT_FIELDS,
        sortBy: [`-${SNAPSHOT}.As_Of__c`],
        pageSize: 60
    })
    wiredSnapshots(result: { data?: RelatedListRecordCollection; error?: unknown }): void {
        this.snapshotWire = result;
        if (result.data) {
            this.snapshots = result.data;
            this.snapshotError = undefined;
        } else if (result.error) {
            this.snapshotError = result.error;
        }
    }

    override connectedCallback(): void {
        if (typeof ResizeObserver !== 'undefined') {
            this.observer = new ResizeObserver((entries) => {
                const width = entries[0]?.contentRect.width ?? 0;
                if (width > 0) this.wide = width >= WIDE_AT;
            });
        }
    }

    override renderedCallback(): void {
        const root = this.template?.querySelector('.layout');
        if (root && this.observer) this.observer.observe(root);
    }

    override disconnectedCallback(): void {
        this.observer?.disconnect();
    }

    // ------------------------------------------------------------ state

    get isLoading(): boolean {
        return !this.record && !this.recordError;
    }

    get showRecordError(): boolean {
        return !this.record && Boolean(this.recordError);
    }

    get layoutClass(): string {
        return `layout ${this.wide ? 'layout_wide' : 'layout_narrow'}`;
    }

    private value(field: Field): unknown {
        return getFieldValue(this.record, field);
    }

    private number(field: Field): number | null {
        const v = this.value(field);
        return typeof v === 'number' ? v : null;
    }

    private text(field: Field): string | null {
        const v = this.value(field);
        return typeof v === 'string' && v !== '' ? v : null;
    }

    /** Scored = the sync has written a band or a score (Unknown accounts have a band but no score). */
    get isScored(): boolean {
        return this.text(BAND) !== null || this.number(SCORE) !== null;
    }

    get score(): number | null {
        return this.number(SCORE);
    }

    get band(): string {
        return bandInfo(this.text(BAND)).band;
    }

    get isUnknown(): boolean {
        return this.band === 'Unknown' || this.score === null;
    }

    get trend(): string | null {
        return this.text(TREND);
    }

    get scoreChange(): number | null {
        return this.number(SCORE_CHANGE);
    }

    get bandSince(): string | null {
        return this.text(BAND_SINCE);
    }

    get scoredAt(): string | null {
        return this.text(SCORED_AT);
    }

    get modelVersion(): string | null {
        return this.text(MODEL_VERSION);
    }

    get coverage(): number | null {
        return this.number(COVERAGE);
    }

    get lifecycle(): string | null {
        return this.text(LIFECYCLE);
    }

    get expansionReady(): boolean {
        return this.value(EXPANSION_READY) === true;
    }

    get subscores() {
        return {
            usage: this.number(USAGE),
            relationship: this.number(RELATIONSHIP),
            support: this.number(SUPPORT),
            commercial: this.number(COMMERCIAL)
        };
    }

    get explanation(): HealthExplanation {
        return parseExplanation(this.value(DRIVERS));
    }

    get engineDivergence(): string | null {
        return this.explanation.divergence?.message ?? null;
    }

    // ------------------------------------------------------------ notices (role="status": none interrupts)

    /** Critical only when a cap actually lowered the score. */
    get criticalRisk(): string | null {
        const risk = this.text(CRITICAL_RISK);
        const binding = this.explanation.caps.some((c) => c.applied);
        return risk && binding && !this.isUnknown ? risk : null;
    }

    get isStale(): boolean {
        const age = daysSince(this.scoredAt, new Date());
        return age === null || age > this.staleAfterDays;
    }

    get staleMessage(): string {
        return this.scoredAt
            ? `This score was computed ${relativeDate(this.scoredAt, new Date(), LOCALE)}. The sync may have stopped; check the last run before acting on it.`
            : 'This score has no computation date. Check that the health sync is running.';
    }

    get coverageWarning(): string | null {
        const coverage = this.coverage;
        if (this.isUnknown || coverage === null || coverage >= this.coverageWarningBelow) return null;
        const labels: Record<string, string> = {
            usage: 'usage',
            relationship: 'relationship',
            support: 'support',
            commercial: 'commercial'
        };
        const s = this.subscores;
        const missing = (Object.keys(labels) as (keyof typeof s)[])
            .filter((k) => s[k] === null)
            .map((k) => labels[k]);
        const without = missing.length > 0 ? ` No ${missing.join(' or ')} data.` : '';
        return `Only ${coverage}% of the model had data.${without} Treat the score as a rough signal.`;
    }

    get dataQuality(): { key: string; message: string }[] {
        return this.explanation.dataQuality.map((f, i) => ({ key: `${f.code}-${i}`, message: f.message }));
    }

    /** The one-line notices (critical risk, stale score, low coverage), each a non-interrupting status. */
    get notices(): { key: string; cssClass: string; iconName: string; title: string; message: string }[] {
        const list: { key: string; cssClass: string; iconName: string; title: string; message: string }[] =
            [];
        const add = (key: string, iconName: string, title: string, message: string | null) => {
            if (message)
                list.push({
                    key,
                    cssClass: `notice ${key} slds-box slds-box_x-small`,
                    iconName,
                    title,
                    message
                });
        };
        add('critical-risk', 'utility:error', 'Critical risk', this.criticalRisk);
        add('stale', 'utility:clock', 'Stale score', this.isStale ? this.staleMessage : null);
        add('coverage', 'utility:info', 'Low coverage', this.coverageWarning);
        return list;
    }

    get hasDataQuality(): boolean {
        return this.dataQuality.length > 0 && !this.isUnknown;
    }

    get explanationUnreadable(): boolean {
        return this.explanation.unreadable;
    }

    /** MODEL.md: Warm + Red is the most dangerous combination; Hello + Yellow needs nurturing, not rescue. */
    get lifecycleHint(): string | null {
        const stage = this.lifecycle;
        if (stage === 'Warm' && this.band === 'Red')
            return 'Warm and Red: an established customer slipping. Act first.';
        if (stage === 'Hello' && this.band === 'Yellow')
            return 'New relationship: nurture rather than rescue.';
        if (stage === 'Cold') return 'No win and no open deal for a year.';
        return null;
    }

    // ------------------------------------------------------------ history

    get history(): Snapshot[] {
        const num = (v: unknown) => (typeof v === 'number' ? v : null);
        const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
        return (this.snapshots?.records ?? [])
            .flatMap((r) => {
                const f = r.fields;
                const asOf = str(f.As_Of__c?.value);
                if (!asOf) return [];
                return [
                    {
                        asOf,
                        score: num(f.Score__c?.value),
                        band: str(f.Band__c?.value),
                        modelVersion: str(f.Model_Version__c?.value),
                        usage: num(f.Usage_Score__c?.value),
                        relationship: num(f.Relationship_Score__c?.value),
                        support: num(f.Support_Score__c?.value),
                        commercial: num(f.Commercial_Score__c?.value)
                    }
                ];
            })
            .sort((a, b) => a.asOf.localeCompare(b.asOf));
    }

    get historyLoading(): boolean {
        return !this.snapshots && !this.snapshotError;
    }

    get historyError(): unknown {
        return this.snapshots ? undefined : this.snapshotError;
    }

    /** The snapshot the subscore change is measured from. */
    get previousSnapshot(): Snapshot | null {
        const h = this.history;
        const latest = h[h.length - 1];
        if (!latest || h.length < 2) return null;
        const cutoff = new Date(`${latest.asOf}T00:00:00Z`);
        cutoff.setUTCDate(cutoff.getUTCDate() - CHANGE_WINDOW_DAYS);
        const limit = cutoff.toISOString().slice(0, 10);
        const older = h.filter((s) => s.asOf <= limit);
        return older[older.length - 1] ?? h[0] ?? null;
    }

    get previousAsOf(): string | null {
        return this.previousSnapshot?.asOf ?? null;
    }

    // ------------------------------------------------------------ retry

    handleRetryRecord(): void {
        if (!this.recordId) return;
        this.recordError = undefined;
        notifyRecordUpdateAvailable([{ recordId: this.recordId }]);
    }

    handleRetryHistory(): void {
        this.snapshotError = undefined;
        refreshApex(this.snapshotWire);
    }
}
