import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, updateRecord } from 'lightning/uiRecordApi';
import type { RecordRepresentation } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import type { RelatedListRecordCollection } from 'lightning/uiRelatedListApi';
import { getPicklistValuesByRecordType } from 'lightning/uiObjectInfoApi';
import type { PicklistValuesCollection } from 'lightning/uiObjectInfoApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { reduceErrors } from 'c/ldsUtils';
import {
    bandInfo,
    daysSince,
    describeAge,
    divergenceMessage,
    formatSigned,
    parseExplanation
} from 'c/healthUtils';
import type { HealthExplanation } from 'c/healthUtils';

import ACCOUNT_OBJECT from '@salesforce/schema/Account';
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
import SUMMARY from '@salesforce/schema/Account.Health_Summary__c';
import DRIVERS from '@salesforce/schema/Account.Health_Drivers__c';
import SCORED_AT from '@salesforce/schema/Account.Health_Scored_At__c';
import MODEL_VERSION from '@salesforce/schema/Account.Health_Model_Version__c';
import LIFECYCLE from '@salesforce/schema/Account.Lifecycle_Stage__c';
import EXPANSION_READY from '@salesforce/schema/Account.Expansion_Ready__c';
import CHAMPION from '@salesforce/schema/Account.Champion_Status__c';
import EXECUTIVE from '@salesforce/schema/Account.Executive_Engagement__c';
import NARRATIVE from '@salesforce/schema/Account.Outcome_Narrative__c';
import REVIEWED_ON from '@salesforce/schema/Account.Qualitative_Reviewed_On__c';

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
    SUMMARY,
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

const SNAPSHOT_FIELDS = [
    'Account_Health_Snapshot__c.As_Of__c',
    'Account_Health_Snapshot__c.Score__c',
    'Account_Health_Snapshot__c.Band__c'
];

/** The three overlay fields the account team edits in place, in display order. */
const OVERLAY = [
    { field: CHAMPION, label: 'Champion' },
    { field: EXECUTIVE, label: 'Executive engagement' },
    { field: NARRATIVE, label: 'Outcome narrative' }
];

const CHART = { width: 320, height: 120, padX: 28, padY: 10 };
const DRIVERS_SHOWN = 6;

interface ChartPoint {
    key: string;
    x: number;
    y: number;
    cssClass: string;
    title: string;
}

/** Account record page card: the health score, why it is what it is, and the team's qualitative view. */
export default class AccountHealth extends LightningElement {
    @api recordId?: string;
    /** A score older than this many days gets a warning (the sync normally runs daily). */
    @api staleAfterDays = 3;
    /** Coverage (share of model weight with data) below this percentage gets a warning. */
    @api coverageWarningBelow = 75;

    record?: RecordRepresentation;
    recordError: unknown;
    snapshots: RelatedListRecordCollection | undefined;
    snapshotError: unknown;
    picklists?: PicklistValuesCollection;

    editing = false;
    saving = false;
    saveError: unknown;
    draft: Record<string, string | null> = {};
    showAllDrivers = false;

    @wire(getRecord, { recordId: '$recordId', fields: [NAME, SCORE, BAND], optionalFields: OPTIONAL_FIELDS })
    wiredRecord({ data, error }: { data?: RecordRepresentation; error?: unknown }): void {
        this.record = data;
        this.recordError = error;
    }

    @wire(getRelatedListRecords, {
        parentRecordId: '$recordId',
        relatedListId: 'Health_Snapshots__r',
        fields: SNAPSHOT_FIELDS,
        sortBy: ['-Account_Health_Snapshot__c.As_Of__c'],
        pageSize: 60
    })
    wiredSnapshots({ data, error }: { data?: RelatedListRecordCollection; error?: unknown }): void {
        this.snapshots = data;
        this.snapshotError = error;
    }

    @wire(getPicklistValuesByRecordType, { objectApiName: ACCOUNT_OBJECT, recordTypeId: '$recordTypeId' })
    wiredPicklists({ data }: { data?: PicklistValuesCollection; error?: unknown }): void {
        this.picklists = data;
    }

    // ------------------------------------------------------------ state

    get isLoading(): boolean {
        return !this.record && !this.recordError;
    }

    get recordTypeId(): string | undefined {
        // The master record type when the org has none: picklist values still resolve.
        return this.record ? (this.record.recordTypeId ?? '012000000000000AAA') : undefined;
    }

    private value(field: { objectApiName: string; fieldApiName?: string }): unknown {
        return getFieldValue(this.record, field);
    }

    private number(field: { objectApiName: string; fieldApiName?: string }): number | null {
        const v = this.value(field);
        return typeof v === 'number' ? v : null;
    }

    private text(field: { objectApiName: string; fieldApiName?: string }): string | null {
        const v = this.value(field);
        return typeof v === 'string' && v !== '' ? v : null;
    }

    get isScored(): boolean {
        return this.number(SCORE) !== null;
    }

    get score(): number | null {
        return this.number(SCORE);
    }

    get band(): string {
        return bandInfo(this.text(BAND)).band;
    }

    get bandMeaning(): string {
        return bandInfo(this.band).label;
    }

    get trend(): string | null {
        return this.text(TREND);
    }

    get scoreChange(): number | null {
        return this.number(SCORE_CHANGE);
    }

    get summary(): string | null {
        return this.text(SUMMARY);
    }

    get bandSince(): string | null {
        return this.text(BAND_SINCE);
    }

    get modelVersion(): string | null {
        return this.text(MODEL_VERSION);
    }

    get scoredAt(): string | null {
        return this.text(SCORED_AT);
    }

    get scoredAgo(): string {
        return describeAge(daysSince(this.scoredAt, new Date()));
    }

    get isStale(): boolean {
        const age = daysSince(this.scoredAt, new Date());
        return this.isScored && (age === null || age > this.staleAfterDays);
    }

    get staleMessage(): string {
        return this.scoredAt
            ? `This score was computed ${this.scoredAgo}. The sync may have stopped; check the last run before acting on it.`
            : 'This score has no computation date. Check that the health sync is running.';
    }

    get criticalRisk(): string | null {
        return this.text(CRITICAL_RISK);
    }

    get lifecycle(): string {
        return this.text(LIFECYCLE) ?? 'Not set';
    }

    /** MODEL.md: Warm + Red is the most dangerous combination; Hello + Yellow needs nurturing, not rescue. */
    get lifecycleHint(): string | null {
        const stage = this.text(LIFECYCLE);
        if (stage === 'Warm' && this.band === 'Red')
            return 'Warm and Red: an established customer slipping. Act first.';
        if (stage === 'Hello' && this.band === 'Yellow')
            return 'New relationship: nurture rather than rescue.';
        if (stage === 'Cold') return 'No win and no open deal for a year.';
        return null;
    }

    get expansionReady(): boolean {
        return this.value(EXPANSION_READY) === true;
    }

    // ------------------------------------------------------------ subscores and coverage

    get subscores(): {
        key: string;
        label: string;
        value: number | null;
        display: string;
        barStyle: string;
    }[] {
        return [
            { key: 'usage', label: 'Usage', value: this.number(USAGE) },
            { key: 'relationship', label: 'Relationship', value: this.number(RELATIONSHIP) },
            { key: 'support', label: 'Support', value: this.number(SUPPORT) },
            { key: 'commercial', label: 'Commercial', value: this.number(COMMERCIAL) }
        ].map((s) => ({
            ...s,
            display: s.value === null ? 'No data' : String(s.value),
            barStyle: `width: ${s.value ?? 0}%`
        }));
    }

    get coverage(): number | null {
        return this.number(COVERAGE);
    }

    get coverageWarning(): string | null {
        const coverage = this.coverage;
        if (coverage === null || coverage >= this.coverageWarningBelow) return null;
        const missing = this.subscores.filter((s) => s.value === null).map((s) => s.label.toLowerCase());
        const without = missing.length > 0 ? ` No ${missing.join(' or ')} data.` : '';
        return `Only ${coverage}% of the model had data.${without} Treat the score as a rough signal.`;
    }

    // ------------------------------------------------------------ explanation

    get explanation(): HealthExplanation {
        return parseExplanation(this.value(DRIVERS));
    }

    get drivers(): { key: string; label: string; points: string; iconName: string; cssClass: string }[] {
        const all = this.explanation.drivers.map((d, i) => ({
            key: `${d.code}-${i}`,
            label: d.label,
            points: formatSigned(d.points),
            iconName: d.points > 0 ? 'utility:arrowup' : d.points < 0 ? 'utility:arrowdown' : 'utility:dash',
            cssClass: `points ${d.points < 0 ? 'slds-text-color_error' : d.points > 0 ? 'slds-text-color_success' : 'slds-text-color_weak'}`
        }));
        return this.showAllDrivers ? all : all.slice(0, DRIVERS_SHOWN);
    }

    get hasDrivers(): boolean {
        return this.explanation.drivers.length > 0;
    }

    get hasMoreDrivers(): boolean {
        return this.explanation.drivers.length > DRIVERS_SHOWN;
    }

    get driversToggleLabel(): string {
        return this.showAllDrivers ? 'Show fewer' : `Show all ${this.explanation.drivers.length}`;
    }

    get dataQuality(): { key: string; message: string }[] {
        return this.explanation.dataQuality.map((f, i) => ({ key: `${f.code}-${i}`, message: f.message }));
    }

    get hasDataQuality(): boolean {
        return this.dataQuality.length > 0;
    }

    get explanationUnreadable(): boolean {
        return this.explanation.unreadable;
    }

    // ------------------------------------------------------------ history chart

    /** Snapshots oldest first, only those with a score. */
    get history(): { asOf: string; score: number; band: string }[] {
        const records = this.snapshots?.records ?? [];
        return records
            .flatMap((r) => {
                const asOf = r.fields.As_Of__c?.value;
                const score = r.fields.Score__c?.value;
                if (typeof asOf !== 'string' || typeof score !== 'number') return [];
                return [{ asOf, score, band: bandInfo(r.fields.Band__c?.value).band as string }];
            })
            .sort((a, b) => a.asOf.localeCompare(b.asOf));
    }

    get hasHistory(): boolean {
        return this.history.length >= 2;
    }

    get chartViewBox(): string {
        return `0 0 ${CHART.width} ${CHART.height}`;
    }

    get chartPoints(): ChartPoint[] {
        const history = this.history;
        const innerW = CHART.width - CHART.padX * 2;
        const innerH = CHART.height - CHART.padY * 2;
        const step = history.length > 1 ? innerW / (history.length - 1) : 0;
        return history.map((s, i) => ({
            key: s.asOf,
            x: Math.round((CHART.padX + i * step) * 10) / 10,
            y: Math.round((CHART.padY + innerH * (1 - s.score / 100)) * 10) / 10,
            cssClass: `point point_${s.band.toLowerCase()}`,
            title: `${s.asOf}: ${s.score} (${s.band})`
        }));
    }

    get chartLine(): string {
        return this.chartPoints.map((p) => `${p.x},${p.y}`).join(' ');
    }

    get chartGrid(): { key: string; y: number; label: string; labelY: number }[] {
        const innerH = CHART.height - CHART.padY * 2;
        return [0, 50, 100].map((v) => {
            const y = CHART.padY + innerH * (1 - v / 100);
            return { key: `grid-${v}`, y, label: String(v), labelY: y + 3 };
        });
    }

    get chartStartLabel(): string {
        return this.history[0]?.asOf ?? '';
    }

    get chartEndLabel(): string {
        return this.history[this.history.length - 1]?.asOf ?? '';
    }

    get chartX1(): number {
        return CHART.padX;
    }

    get chartX2(): number {
        return CHART.width - CHART.padX;
    }

    /** The chart's text alternative: first and last point and the lowest score. */
    get chartDescription(): string {
        const h = this.history;
        const first = h[0];
        const last = h[h.length - 1];
        if (!first || !last) return '';
        const low = h.reduce((min, s) => (s.score < min.score ? s : min), first);
        return `Score history, ${h.length} snapshots: ${first.score} (${first.band}) on ${first.asOf} to ${last.score} (${last.band}) on ${last.asOf}; lowest ${low.score} on ${low.asOf}.`;
    }

    // ------------------------------------------------------------ qualitative overlay

    private options(fieldApiName: string | undefined): { label: string; value: string }[] {
        const values = fieldApiName ? this.picklists?.picklistFieldValues[fieldApiName]?.values : undefined;
        return [
            { label: '--None--', value: '' },
            ...(values ?? []).map((v) => ({ label: v.label, value: v.value }))
        ];
    }

    get overlay(): {
        key: string;
        label: string;
        value: string;
        display: string;
        options: { label: string; value: string }[];
    }[] {
        return OVERLAY.map(({ field, label }) => {
            const key = field.fieldApiName ?? '';
            const value = this.editing ? (this.draft[key] ?? '') : (this.text(field) ?? '');
            return { key, label, value, display: value || 'Not reviewed', options: this.options(key) };
        });
    }

    get reviewedOn(): string | null {
        return this.text(REVIEWED_ON);
    }

    get divergence(): string | null {
        const pick = (field: typeof CHAMPION): string | null => {
            if (!this.editing) return this.text(field);
            return this.draft[field.fieldApiName ?? ''] ?? null;
        };
        if (!this.isScored) return null;
        return (
            divergenceMessage(this.band, {
                championStatus: pick(CHAMPION),
                executiveEngagement: pick(EXECUTIVE),
                outcomeNarrative: pick(NARRATIVE)
            }) ?? (this.editing ? null : (this.explanation.divergence?.message ?? null))
        );
    }

    get notEditing(): boolean {
        return !this.editing;
    }

    handleEdit(): void {
        this.draft = Object.fromEntries(
            OVERLAY.map(({ field }) => [field.fieldApiName ?? '', this.text(field)])
        );
        this.saveError = undefined;
        this.editing = true;
    }

    handleCancel(): void {
        this.editing = false;
        this.saveError = undefined;
    }

    handleOverlayChange(event: CustomEvent<{ value: string }>): void {
        const field = (event.target as HTMLElement).dataset.field ?? '';
        this.draft = { ...this.draft, [field]: event.detail.value || null };
    }

    async handleSave(): Promise<void> {
        if (!this.recordId) return;
        this.saving = true;
        this.saveError = undefined;
        const fields: Record<string, unknown> = { Id: this.recordId, ...this.draft };
        fields[REVIEWED_ON.fieldApiName ?? 'Qualitative_Reviewed_On__c'] = new Date()
            .toISOString()
            .slice(0, 10);
        try {
            await updateRecord({ fields });
            this.editing = false;
            this.dispatchEvent(
                new ShowToastEvent({
                    title: 'Qualitative review saved',
                    message: 'Thank you: the next sync uses it.',
                    variant: 'success'
                })
            );
        } catch (error: unknown) {
            this.saveError = error;
            this.dispatchEvent(
                new ShowToastEvent({
                    title: 'Could not save the review',
                    message: reduceErrors(error).join(' '),
                    variant: 'error'
                })
            );
        } finally {
            this.saving = false;
        }
    }

    handleToggleDrivers(): void {
        this.showAllDrivers = !this.showAllDrivers;
    }
}
