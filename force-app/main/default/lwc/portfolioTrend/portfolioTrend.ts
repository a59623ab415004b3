import { LightningElement, api } from 'lwc';
import LOCALE from '@salesforce/i18n/locale';
import CURRENCY from '@salesforce/i18n/currency';
import { formatCompactCurrency, formatShortDate, relativeDate } from 'c/healthUtils';
import type { BandChangeRow, WeekBucket } from 'c/healthUtils';

const BANDS = ['red', 'yellow', 'green', 'unknown'] as const;

/**
 * Time on the portfolio: the share of ARR per band over the last 12 weeks (independent of the table's band
 * filter), and the week's band changes as Dropped and Improved with from → to (first scorings excluded).
 */
export default class PortfolioTrend extends LightningElement {
    @api trend: WeekBucket[] = [];
    @api partial = false;
    @api dropped: BandChangeRow[] = [];
    @api improved: BandChangeRow[] = [];
    /** ISO code of the band-change rows' ARR (the user's currency); the user's currency when not given. */
    @api currencyCode: string | null = null;

    /** A band's weight in a week: its ARR, or its account count when the week's ARR was not read (hasArr false). */
    private static weight(w: WeekBucket, band: (typeof BANDS)[number]): number {
        return w.hasArr === false ? w[band] : w[`${band}Arr`];
    }

    private total(w: WeekBucket): number {
        return BANDS.reduce((sum, b) => sum + PortfolioTrend.weight(w, b), 0);
    }

    private atRiskShare(w: WeekBucket | undefined): number | null {
        if (!w) return null;
        const total = this.total(w);
        return total > 0
            ? Math.round(
                  ((PortfolioTrend.weight(w, 'red') + PortfolioTrend.weight(w, 'yellow')) / total) * 100
              )
            : null;
    }

    get weeks() {
        return (this.trend ?? []).map((w) => {
            const total = this.total(w);
            const share = this.atRiskShare(w);
            return {
                key: w.weekEnding,
                label: formatShortDate(w.weekEnding, LOCALE),
                empty: total === 0,
                segments: BANDS.map((b) => ({
                    key: b,
                    cssClass: `segment segment_${b}`,
                    style: `height: ${total > 0 ? (PortfolioTrend.weight(w, b) / total) * 100 : 0}%`
                })),
                share:
                    share === null
                        ? 'no data'
                        : `${share}%${w.hasArr === false ? ' of accounts (ARR not read)' : ''}`,
                counts: `${w.red} Red, ${w.yellow} Yellow, ${w.green} Green, ${w.unknown} Unknown`
            };
        });
    }

    get firstLabel(): string {
        return this.weeks[0]?.label ?? '';
    }

    get lastLabel(): string {
        return this.weeks[this.weeks.length - 1]?.label ?? '';
    }

    get hasTrend(): boolean {
        return this.weeks.some((w) => !w.empty);
    }

    get headline(): string {
        const weeks = (this.trend ?? []).filter((w) => this.total(w) > 0);
        const first = this.atRiskShare(weeks[0]);
        const last = this.atRiskShare(weeks[weeks.length - 1]);
        if (last === null) return '';
        if (first === null || weeks.length < 2) return `${last}% of ARR is in Yellow or Red`;
        const delta = last - first;
        const change = delta === 0 ? 'unchanged' : `${delta > 0 ? 'up' : 'down'} ${Math.abs(delta)} points`;
        return `${last}% of ARR is in Yellow or Red, ${change} since ${formatShortDate(weeks[0]?.weekEnding ?? '', LOCALE)}`;
    }

    private rows(list: BandChangeRow[]) {
        const today = new Date();
        return (list ?? []).map((c) => ({
            ...c,
            key: c.id,
            fromTo: `${c.fromBand ?? '?'} \u2192 ${c.toBand ?? '?'}`,
            detail: [
                c.arr === null ? '' : formatCompactCurrency(c.arr, LOCALE, this.currencyCode ?? CURRENCY),
                c.ownerName ?? '',
                c.since ? relativeDate(c.since, today, LOCALE) : ''
            ]
                .filter(Boolean)
                .join(' \u00b7 ')
        }));
    }

    get droppedRows() {
        return this.rows(this.dropped);
    }

    get improvedRows() {
        return this.rows(this.improved);
    }

    get droppedHeading(): string {
        return `Dropped (${this.droppedRows.length})`;
    }

    get improvedHeading(): string {
        return `Improved (${this.improvedRows.length})`;
    }

    get hasDropped(): boolean {
        return this.droppedRows.length > 0;
    }

    get hasImproved(): boolean {
        return this.improvedRows.length > 0;
    }
}
