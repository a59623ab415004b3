import { LightningElement, api } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import LOCALE from '@salesforce/i18n/locale';
import CURRENCY from '@salesforce/i18n/currency';
import { daysUntil, formatCompactCurrency, formatDate, formatSigned, relativeDate } from 'c/healthUtils';
import type { PortfolioAccount, SortKey } from 'c/healthUtils';

/** Under this width of its own, the table becomes a stacked list (phones, narrow regions). */
const WIDE_AT = 760;
const SOON_DAYS = 90;

const COLUMNS: { key: string; label: string; sort: SortKey | null }[] = [
    { key: 'rank', label: 'Rank', sort: 'priority' },
    { key: 'account', label: 'Account', sort: 'name' },
    { key: 'health', label: 'Health', sort: 'score' },
    { key: 'trend', label: 'Trend', sort: 'change' },
    { key: 'arr', label: 'ARR', sort: 'arr' },
    { key: 'renewal', label: 'Renewal', sort: 'renewal' },
    { key: 'why', label: 'Why today', sort: null },
    { key: 'next', label: 'Next step', sort: null },
    { key: 'owner', label: 'Owner', sort: null }
];

/**
 * "Focus today" as a table: rank, account (a real URL), band, trend, ARR, renewal as a relative date, reasons as
 * short chips, the next step or "No plan", owner. Sorting and paging happen on the server: the component fires
 * `sort` and `page`; it reaches every account (pages of 50, then the list view).
 */
export default class PortfolioTable extends NavigationMixin(LightningElement) {
    /** ISO code of the rows' ARR (the user's currency, as the server converted it); the user's when not given. */
    @api currencyCode: string | null = null;
    @api total = 0;
    @api offset = 0;
    @api pageSize = 50;
    @api sortBy: SortKey = 'priority';
    @api sortDirection: 'asc' | 'desc' = 'desc';
    /** A refetch is running: the rows stay, dimmed, with aria-busy. */
    @api busy = false;
    /** Where "Open the full list" goes once paging ends (SOQL OFFSET stops at 2,000). */
    @api listViewUrl = '/lightning/o/Account/list?filterName=AllAccounts';

    private rowList: PortfolioAccount[] = [];
    urls: Record<string, string> = {};
    wide = true;
    private observer?: ResizeObserver;

    @api
    get rows(): PortfolioAccount[] {
        return this.rowList;
    }
    set rows(value: PortfolioAccount[]) {
        this.rowList = Array.isArray(value) ? value : [];
        for (const row of this.rowList) {
            if (this.urls[row.id]) continue;
            this[NavigationMixin.GenerateUrl]({
                type: 'standard__recordPage',
                attributes: { recordId: row.id, objectApiName: 'Account', actionName: 'view' }
            }).then((url) => {
                this.urls = { ...this.urls, [row.id]: url };
            });
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
        const root = this.template?.querySelector('.table-root');
        if (root && this.observer) this.observer.observe(root);
    }

    override disconnectedCallback(): void {
        this.observer?.disconnect();
    }

    get rootClass(): string {
        return `table-root ${this.wide ? 'wide' : 'narrow'}${this.busy ? ' busy' : ''}`;
    }

    get ariaBusy(): string {
        return String(this.busy);
    }

    get columns() {
        return COLUMNS.map((c) => {
            const active = c.sort !== null && c.sort === this.sortBy;
            return {
                ...c,
                sortable: c.sort !== null,
                ariaSort:
                    c.sort === null
                        ? null
                        : active
                          ? this.sortDirection === 'asc'
                              ? 'ascending'
                              : 'descending'
                          : 'none',
                arrow: active ? (this.sortDirection === 'asc' ? '\u25B2' : '\u25BC') : '',
                title: c.sort ? `Sort by ${c.label.toLowerCase()}` : ''
            };
        });
    }

    get hasRows(): boolean {
        return this.rowList.length > 0;
    }

    get items() {
        const today = new Date();
        return this.rowList.map((a, i) => {
            const renewIn = daysUntil(a.renewalDate, today);
            const renewal =
                renewIn === null
                    ? '\u2014'
                    : renewIn < 0
                      ? `passed ${relativeDate(a.renewalDate, today, LOCALE)}`
                      : relativeDate(a.renewalDate, today, LOCALE);
            const chips: { key: string; label: string; cssClass: string }[] = [];
            const chip = (key: string, label: string, tone: string) =>
                chips.push({ key, label, cssClass: `chip chip_${tone}` });
            if (a.band === 'Red' && a.lifecycle === 'Warm') chip('warm-red', 'Warm + Red', 'risk');
            if (a.changeDirection === 'dropped')
                chip('dropped', `Dropped ${a.changedFrom} \u2192 ${a.band}`, 'risk');
            if (a.changeDirection === 'improved') chip('improved', `Improved from ${a.changedFrom}`, 'good');
            if (renewIn !== null && renewIn >= 0 && renewIn <= SOON_DAYS)
                chip('renews', `Renews ${renewal}`, 'warn');
            if (renewIn !== null && renewIn < 0) chip('renewal-passed', 'Renewal passed', 'warn');
            if (typeof a.scoreChange === 'number' && a.scoreChange <= -10)
                chip('falling', `Fell ${Math.abs(a.scoreChange)} pts`, 'risk');
            if (a.band === 'Unknown' || a.band === null) chip('unknown', 'Needs data', 'neutral');
            const atRisk = a.band === 'Red' || a.band === 'Yellow';
            const next = a.nextStep;
            return {
                ...a,
                key: a.id,
                rank: this.offset + i + 1,
                url: this.urls[a.id] ?? '',
                ...PortfolioTable.trendOf(a),
                arrText:
                    a.arr === null
                        ? '\u2014'
                        : formatCompactCurrency(a.arr, LOCALE, this.currencyCode ?? CURRENCY),
                renewal,
                renewalTitle: formatDate(a.renewalDate, LOCALE),
                renewalClass: `renewal${renewIn !== null && renewIn >= 0 && renewIn <= SOON_DAYS ? ' renewal_soon' : ''}`,
                chips,
                hasNext: next !== null && next !== undefined,
                nextText: next ? (next.subject ?? 'Open play') : '',
                nextDetail: next
                    ? [
                          next.dueDate
                              ? `${(daysUntil(next.dueDate, today) ?? 0) < 0 ? 'overdue, due' : 'due'} ${relativeDate(next.dueDate, today, LOCALE)}`
                              : '',
                          next.ownerName ?? ''
                      ]
                          .filter(Boolean)
                          .join(' \u00b7 ')
                    : '',
                noPlan: !next && atRisk,
                owner: a.ownerName ?? '\u2014'
            };
        });
    }

    /**
     * The row's trend: a sparkline of its score over the last 30 days (decorative) and, as its text alternative,
     * the change over those days ("Down 12 in 30 days"); the engine's trend when no snapshot is that old.
     */
    private static trendOf(a: PortfolioAccount): {
        trendText: string;
        trendClass: string;
        hasSpark: boolean;
        sparkPoints: string;
    } {
        const scores = a.recent?.scores ?? [];
        const change = a.recent?.change;
        const engine =
            typeof a.scoreChange === 'number'
                ? `${a.trend ?? ''} ${formatSigned(a.scoreChange)}`.trim()
                : (a.trend ?? '\u2014');
        const delta = typeof change === 'number' ? change : null;
        const text =
            delta === null
                ? engine
                : delta === 0
                  ? 'Unchanged in 30 days'
                  : `${delta > 0 ? 'Up' : 'Down'} ${Math.abs(delta)} in 30 days`;
        const falling = delta === null ? typeof a.scoreChange === 'number' && a.scoreChange < 0 : delta < 0;
        return {
            trendText: text,
            trendClass: `trend-text slds-text-body_small${falling ? ' slds-text-color_error' : ''}`,
            hasSpark: scores.length >= 2,
            sparkPoints: PortfolioTable.sparkline(scores)
        };
    }

    /** Polyline points in a 60 × 16 box; the vertical range is at least 10 points so noise stays flat. */
    private static sparkline(scores: number[]): string {
        if (scores.length < 2) return '';
        const low = Math.min(...scores);
        const high = Math.max(...scores);
        const span = Math.max(high - low, 10);
        const base = (low + high) / 2 - span / 2;
        return scores
            .map((v, i) => {
                const x = (i / (scores.length - 1)) * 58 + 1;
                const y = 15 - ((v - base) / span) * 14;
                return `${x.toFixed(1)},${y.toFixed(1)}`;
            })
            .join(' ');
    }

    get rangeText(): string {
        if (this.total === 0) return '';
        const from = this.offset + 1;
        const to = Math.min(this.offset + this.rowList.length, this.total);
        return `${from}\u2013${to} of ${this.total}`;
    }

    get hasPrevious(): boolean {
        return this.offset > 0;
    }

    get noPrevious(): boolean {
        return !this.hasPrevious;
    }

    get hasNext(): boolean {
        return this.offset + this.rowList.length < this.total && this.offset + this.pageSize <= 2000;
    }

    get noNext(): boolean {
        return !this.hasNext;
    }

    /** Past what paging can reach, the rest is in the list view. */
    get beyondPaging(): boolean {
        return this.total > 2000 + this.pageSize;
    }

    handleSort(event: Event): void {
        const key = (event.currentTarget as HTMLElement).dataset.sort as SortKey;
        const direction =
            key === this.sortBy
                ? this.sortDirection === 'asc'
                    ? 'desc'
                    : 'asc'
                : key === 'name' || key === 'renewal'
                  ? 'asc'
                  : 'desc';
        this.dispatchEvent(new CustomEvent('sort', { detail: { sortBy: key, sortDirection: direction } }));
    }

    handlePrevious(): void {
        this.dispatchEvent(
            new CustomEvent('page', { detail: { offset: Math.max(0, this.offset - this.pageSize) } })
        );
    }

    handleNext(): void {
        this.dispatchEvent(new CustomEvent('page', { detail: { offset: this.offset + this.pageSize } }));
    }

    handleOpen(event: MouseEvent): void {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        const recordId = (event.currentTarget as HTMLElement).dataset.id;
        if (!recordId) return;
        event.preventDefault();
        this[NavigationMixin.Navigate]({
            type: 'standard__recordPage',
            attributes: { recordId, objectApiName: 'Account', actionName: 'view' }
        });
    }
}
