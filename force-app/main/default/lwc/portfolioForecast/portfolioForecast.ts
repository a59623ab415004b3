import { LightningElement, api } from 'lwc';
import LOCALE from '@salesforce/i18n/locale';
import CURRENCY from '@salesforce/i18n/currency';
import { formatCompactCurrency } from 'c/healthUtils';
import type { ForecastLine, PortfolioForecast } from 'c/healthUtils';

type GroupKey = 'byOwner' | 'bySize' | 'byIndustry';
const GROUPS: { key: GroupKey; label: string }[] = [
    { key: 'byOwner', label: 'Owner' },
    { key: 'bySize', label: 'Deal size' },
    { key: 'byIndustry', label: 'Industry' }
];

/**
 * Risk-adjusted renewal (issue 16): the ARR up for renewal in the next 90 days against the expected retained ARR
 * (ARR × renewal probability, written by the sync once the model is calibrated), in total and by owner, deal size
 * or industry. Without a calibrated model it says so and shows no expected number; accounts without a probability
 * (Unknown band) are counted apart, so the percentage only compares ARR the probabilities cover.
 */
export default class PortfolioForecastCmp extends LightningElement {
    @api forecast: PortfolioForecast | null = null;
    /** ISO code of the amounts (aggregates: the corporate currency); the user's currency when not given. */
    @api currencyCode: string | null = null;

    group: GroupKey = 'byOwner';

    private money(value: number | null | undefined): string {
        return formatCompactCurrency(
            value ?? 0,
            LOCALE,
            this.forecast?.currencyCode ?? this.currencyCode ?? CURRENCY
        );
    }

    private static percent(line: ForecastLine): string {
        if (line.expected === null || !line.arrWithProbability) return '\u2014';
        return `${Math.round((line.expected / line.arrWithProbability) * 100)}%`;
    }

    get hasForecast(): boolean {
        return Boolean(this.forecast);
    }

    get calibrated(): boolean {
        return this.forecast?.calibrated === true;
    }

    get windowDays(): number {
        return this.forecast?.windowDays ?? 90;
    }

    get heading(): string {
        return `Renewals in the next ${this.windowDays} days`;
    }

    get hasRenewals(): boolean {
        return (this.forecast?.total.accounts ?? 0) > 0;
    }

    get upText(): string {
        const total = this.forecast?.total;
        if (!total) return '';
        return `${this.money(total.arrUp)} up for renewal across ${total.accounts} ${total.accounts === 1 ? 'account' : 'accounts'}`;
    }

    get expectedText(): string {
        const total = this.forecast?.total;
        if (!total || total.expected === null) return '';
        return `Expected to retain ${this.money(total.expected)} of ${this.money(total.arrWithProbability)} (${PortfolioForecastCmp.percent(total)})`;
    }

    get uncoveredText(): string {
        const n = this.forecast?.total.accountsWithoutProbability ?? 0;
        if (!this.calibrated || n === 0) return '';
        return `${n} ${n === 1 ? 'account has' : 'accounts have'} no renewal probability (Unknown band) and ${n === 1 ? 'is' : 'are'} not in the expected figure.`;
    }

    get groupOptions() {
        return GROUPS.map((g) => ({
            ...g,
            pressed: String(g.key === this.group),
            cssClass: `slds-button ${g.key === this.group ? 'slds-button_brand' : 'slds-button_neutral'} group`
        }));
    }

    get groupLabel(): string {
        return GROUPS.find((g) => g.key === this.group)?.label ?? '';
    }

    get lines() {
        const list = this.forecast?.[this.group] ?? [];
        return list.map((line, i) => ({
            key: `${this.group}-${line.value ?? i}`,
            label: line.label,
            up: this.money(line.arrUp),
            accounts: line.accounts,
            expected: line.expected === null ? '\u2014' : this.money(line.expected),
            percent: PortfolioForecastCmp.percent(line)
        }));
    }

    handleGroup(event: Event): void {
        const key = (event.currentTarget as HTMLElement).dataset.group as GroupKey;
        if (GROUPS.some((g) => g.key === key)) this.group = key;
    }
}
