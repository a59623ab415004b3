import { LightningElement, api } from 'lwc';
import LOCALE from '@salesforce/i18n/locale';
import { formatShortDate, formatSigned } from 'c/healthUtils';

export interface SubscoreValues {
    usage: number | null;
    relationship: number | null;
    support: number | null;
    commercial: number | null;
}

const DIMENSIONS: { key: keyof SubscoreValues; label: string }[] = [
    { key: 'usage', label: 'Usage' },
    { key: 'relationship', label: 'Relationship' },
    { key: 'support', label: 'Support' },
    { key: 'commercial', label: 'Commercial' }
];

/** The four subscores with a bar and their change since an earlier snapshot ("+4 since Oct 21"). */
export default class HealthSubscores extends LightningElement {
    @api current: SubscoreValues | null = null;
    /** The same subscores at an earlier snapshot; null when there is none. */
    @api previous: SubscoreValues | null = null;
    /** As_Of__c of `previous`. */
    @api previousAsOf: string | null = null;
    @api coverage: number | null = null;
    @api lifecycle: string | null = null;
    @api lifecycleHint: string | null = null;

    get rows() {
        return DIMENSIONS.map(({ key, label }) => {
            const value = this.current?.[key] ?? null;
            const before = this.previous?.[key] ?? null;
            const change = value !== null && before !== null ? value - before : null;
            return {
                key,
                label,
                display: value === null ? 'No data' : String(value),
                valueClass: `value${value === null ? ' slds-text-color_weak value_none' : ''}`,
                barStyle: `width: ${value ?? 0}%`,
                change: change === null ? '' : change === 0 ? 'no change' : `${formatSigned(change)}`,
                changeClass: `change slds-text-body_small ${
                    change !== null && change < 0
                        ? 'slds-text-color_error'
                        : change !== null && change > 0
                          ? 'change_up'
                          : 'slds-text-color_weak'
                }`
            };
        });
    }

    get changeCaption(): string {
        return this.previousAsOf ? `Change since ${formatShortDate(this.previousAsOf, LOCALE)}` : '';
    }

    get coverageText(): string {
        return typeof this.coverage === 'number' ? `${this.coverage}%` : 'n/a';
    }
}
