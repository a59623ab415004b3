import { LightningElement, api, wire } from 'lwc';
import { getFieldValue, updateRecord } from 'lightning/uiRecordApi';
import type { RecordRepresentation } from 'lightning/uiRecordApi';
import { getPicklistValuesByRecordType } from 'lightning/uiObjectInfoApi';
import type { PicklistValuesCollection } from 'lightning/uiObjectInfoApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LOCALE from '@salesforce/i18n/locale';
import { reduceErrors } from 'c/ldsUtils';
import { daysSince, divergenceMessage, formatDate, relativeDate } from 'c/healthUtils';

import ACCOUNT_OBJECT from '@salesforce/schema/Account';
import CHAMPION from '@salesforce/schema/Account.Champion_Status__c';
import EXECUTIVE from '@salesforce/schema/Account.Executive_Engagement__c';
import NARRATIVE from '@salesforce/schema/Account.Outcome_Narrative__c';
import REVIEWED_ON from '@salesforce/schema/Account.Qualitative_Reviewed_On__c';

/** The three overlay fields the account team edits in place, in display order. */
const OVERLAY = [
    { field: CHAMPION, label: 'Champion' },
    { field: EXECUTIVE, label: 'Executive engagement' },
    { field: NARRATIVE, label: 'Outcome narrative' }
];

/**
 * The account team's qualitative view (champion, executive engagement, outcome narrative), edited in place, and
 * the divergence between that view and the computed band. Nudges a review after `reviewDueAfterDays`.
 */
export default class HealthTeamView extends LightningElement {
    /** The Account record from the parent's getRecord (with the overlay fields). */
    @api record?: RecordRepresentation;
    @api band: string | null = null;
    /** The engine's own divergence sentence (Health_Drivers__c), shown when the live check finds none. */
    @api engineDivergence: string | null = null;
    @api reviewDueAfterDays = 30;

    picklists?: PicklistValuesCollection;
    editing = false;
    saving = false;
    saveError: unknown;
    draft: Record<string, string | null> = {};

    @wire(getPicklistValuesByRecordType, { objectApiName: ACCOUNT_OBJECT, recordTypeId: '$recordTypeId' })
    wiredPicklists({ data }: { data?: PicklistValuesCollection; error?: unknown }): void {
        this.picklists = data;
    }

    get recordTypeId(): string | undefined {
        // The master record type when the org has none: picklist values still resolve.
        return this.record ? (this.record.recordTypeId ?? '012000000000000AAA') : undefined;
    }

    private text(field: { objectApiName: string; fieldApiName?: string }): string | null {
        const v = getFieldValue(this.record, field);
        return typeof v === 'string' && v !== '' ? v : null;
    }

    private options(fieldApiName: string): { label: string; value: string }[] {
        const values = this.picklists?.picklistFieldValues[fieldApiName]?.values;
        return [
            { label: '--None--', value: '' },
            ...(values ?? []).map((v) => ({ label: v.label, value: v.value }))
        ];
    }

    get overlay() {
        return OVERLAY.map(({ field, label }) => {
            const key = field.fieldApiName ?? '';
            const value = this.editing ? (this.draft[key] ?? '') : (this.text(field) ?? '');
            return { key, label, value, display: value || 'Not reviewed', options: this.options(key) };
        });
    }

    get reviewed(): string {
        const on = this.text(REVIEWED_ON);
        return on
            ? `Reviewed ${relativeDate(on, new Date(), LOCALE)} (${formatDate(on, LOCALE)})`
            : 'Never reviewed';
    }

    get reviewDue(): boolean {
        const age = daysSince(this.text(REVIEWED_ON), new Date());
        return age === null || age > this.reviewDueAfterDays;
    }

    get divergence(): string | null {
        const pick = (field: typeof CHAMPION): string | null => {
            return this.editing ? (this.draft[field.fieldApiName ?? ''] ?? null) : this.text(field);
        };
        return (
            divergenceMessage(this.band, {
                championStatus: pick(CHAMPION),
                executiveEngagement: pick(EXECUTIVE),
                outcomeNarrative: pick(NARRATIVE)
            }) ?? (this.editing ? null : this.engineDivergence)
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
        const id = this.record?.id;
        if (!id) return;
        this.saving = true;
        this.saveError = undefined;
        const fields: Record<string, unknown> = { Id: id, ...this.draft };
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
}
