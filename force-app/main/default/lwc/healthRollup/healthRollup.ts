import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';
import type { RecordRepresentation } from 'lightning/uiRecordApi';
import ROLLUP_SCORE from '@salesforce/schema/Account.Rollup_Health_Score__c';
import ROLLUP_BAND from '@salesforce/schema/Account.Rollup_Health_Band__c';
import ROLLUP_SUMMARY from '@salesforce/schema/Account.Rollup_Summary__c';
import WEAKEST_ID from '@salesforce/schema/Account.Rollup_Weakest_Child__c';

/** Names as strings: a relationship path has no schema token. */
const WEAKEST_NAME = 'Account.Rollup_Weakest_Child__r.Name';

/**
 * The roll-up health of an account family on the parent's card: score and band of the parent and every account
 * below it (written by the sync), and a link to the child that drags it down. Renders nothing on accounts
 * without children. The account's own score stays in the card above it.
 */
export default class HealthRollup extends LightningElement {
    @api recordId: string | undefined;

    record: RecordRepresentation | null = null;
    loadError: unknown = null;

    @wire(getRecord, {
        recordId: '$recordId',
        // A relationship path is passed as its qualified name (the platform accepts strings here).
        optionalFields: [
            ROLLUP_SCORE,
            ROLLUP_BAND,
            ROLLUP_SUMMARY,
            WEAKEST_ID,
            WEAKEST_NAME as unknown as typeof WEAKEST_ID
        ]
    })
    wiredRecord({ data, error }: { data?: RecordRepresentation; error?: unknown }): void {
        this.record = data ?? null;
        this.loadError = data ? null : (error ?? null);
    }

    private value(field: { fieldApiName?: string } | string): unknown {
        return this.record ? getFieldValue(this.record, field as never) : null;
    }

    get band(): string | null {
        const band = this.value(ROLLUP_BAND);
        return typeof band === 'string' && band ? band : null;
    }

    get hasRollup(): boolean {
        return this.band !== null;
    }

    get score(): string {
        const score = this.value(ROLLUP_SCORE);
        return typeof score === 'number' ? String(score) : '—';
    }

    get summary(): string {
        const summary = this.value(ROLLUP_SUMMARY);
        return typeof summary === 'string' ? summary : '';
    }

    get weakestId(): string | null {
        const id = this.value(WEAKEST_ID);
        return typeof id === 'string' && id ? id : null;
    }

    get weakestName(): string {
        const name = this.value(WEAKEST_NAME);
        return typeof name === 'string' && name ? name : 'the weakest child';
    }

    get weakestUrl(): string {
        return this.weakestId ? `/lightning/r/Account/${this.weakestId}/view` : '';
    }

    get bandClass(): string {
        return `band band-${(this.band ?? 'unknown').toLowerCase()} slds-badge`;
    }

    get label(): string {
        return `Account family roll-up: ${this.score} ${this.band ?? ''}`.trim();
    }
}
