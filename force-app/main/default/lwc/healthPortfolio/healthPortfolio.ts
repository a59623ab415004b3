import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import CURRENCY from '@salesforce/i18n/currency';
import getPortfolio from '@salesforce/apex/HealthPortfolioController.getPortfolio';
import getPortfolioSummary from '@salesforce/apex/HealthPortfolioController.getPortfolioSummary';
import type { FilterOption, PortfolioFilters, PortfolioSummary, PortfolioView, SortKey } from 'c/healthUtils';

const SCOPES: FilterOption[] = [
    { label: 'My team', value: 'team' },
    { label: 'Everyone', value: 'all' }
];

const NO_FILTERS = {
    band: null,
    lifecycle: null,
    region: null,
    industry: null,
    ownerId: null,
    ownerIds: null,
    arrMin: null,
    arrMax: null,
    renewalWithinDays: null,
    change: null,
    plan: null
};

type TileKey = 'atRisk' | 'redRenewing' | 'dropped' | 'noPlan';
const TILE_FILTERS: Record<TileKey, Partial<PortfolioFilters>> = {
    atRisk: { band: 'Yellow,Red' },
    redRenewing: { band: 'Red', renewalWithinDays: 90 },
    dropped: { change: 'dropped' },
    noPlan: { plan: 'none' }
};

/**
 * The manager's morning: headline tiles that filter, "Focus today" as a sortable, paged table, filters as pills,
 * and time (12-week distribution, the week's band changes). Two calls: the summary per scope (cached, ignores
 * the table filters) and the table per filter; each section loads and fails on its own.
 */
export default class HealthPortfolio extends LightningElement {
    /** Where "Open the full list" goes after 2,000 rows. */
    @api listViewUrl = '/lightning/o/Account/list?filterName=AllAccounts';

    filters: PortfolioFilters = {
        scope: 'team',
        ...NO_FILTERS,
        sortBy: 'priority',
        sortDirection: 'desc',
        offset: 0
    };
    view?: PortfolioView;
    error: unknown;
    summary?: PortfolioSummary;
    summaryError: unknown;
    busy = false;
    private tableWire: unknown;
    private summaryWire: unknown;

    @wire(getPortfolio, { filters: '$filters' })
    wiredPortfolio(result: { data?: PortfolioView; error?: unknown }): void {
        this.tableWire = result;
        if (result.data) {
            this.view = result.data;
            this.error = undefined;
            this.busy = false;
        } else if (result.error) {
            this.error = result.error;
            this.busy = false;
        }
    }

    @wire(getPortfolioSummary, { scope: '$scope' })
    wiredSummary(result: { data?: PortfolioSummary; error?: unknown }): void {
        this.summaryWire = result;
        if (result.data) {
            this.summary = result.data;
            this.summaryError = undefined;
        } else if (result.error) {
            this.summaryError = result.error;
        }
    }

    get scope(): string {
        return this.filters.scope;
    }

    get scopeOptions(): FilterOption[] {
        return SCOPES;
    }

    get isLoading(): boolean {
        return !this.view && !this.error;
    }

    get showTableError(): boolean {
        return Boolean(this.error) && !this.busy;
    }

    get showTable(): boolean {
        return Boolean(this.view) && !this.showTableError;
    }

    get tiles() {
        return this.summary?.tiles ?? null;
    }

    /** ISO code of the headline sums (aggregates: the corporate currency in a multi-currency org). */
    get summaryCurrency(): string | null {
        return this.summary?.currencyCode ?? null;
    }

    /** Said only when the sums are not in the user's own currency (multi-currency org, other corporate currency). */
    get currencyNote(): string {
        const code = this.summaryCurrency;
        return code && code !== CURRENCY
            ? `Totals are in ${code}, the corporate currency; account amounts are in ${this.view?.currencyCode ?? CURRENCY}.`
            : '';
    }

    get trendPartial(): boolean {
        return Boolean(this.summary?.trendPartial || this.summary?.trendArrPartial);
    }

    get filterOptions() {
        return {
            owners: this.summary?.owners ?? [],
            regions: this.summary?.regions ?? [],
            industries: this.summary?.industries ?? []
        };
    }

    /** The tile whose filter is exactly what is set (so it shows pressed). */
    get activeTile(): TileKey | null {
        const f = this.filters as unknown as Record<string, unknown>;
        const entry = (Object.entries(TILE_FILTERS) as [TileKey, Record<string, unknown>][]).find(
            ([, patch]) => Object.entries({ ...NO_FILTERS, ...patch }).every(([k, v]) => (f[k] ?? null) === v)
        );
        return entry ? entry[0] : null;
    }

    get resultText(): string {
        if (!this.view) return '';
        const n = this.view.totalCount;
        return `${n} ${n === 1 ? 'account matches' : 'accounts match'}`;
    }

    private update(patch: Partial<PortfolioFilters>): void {
        this.busy = true;
        this.filters = { ...this.filters, ...patch };
    }

    handleScopeChange(event: CustomEvent<{ value: string }>): void {
        this.update({ scope: event.detail.value === 'all' ? 'all' : 'team', offset: 0 });
    }

    handleFilterChange(event: CustomEvent<{ patch: Partial<PortfolioFilters> }>): void {
        this.update({ ...event.detail.patch, offset: 0 });
    }

    handleTile(event: CustomEvent<{ key: TileKey | null }>): void {
        const key = event.detail.key;
        this.update({ ...NO_FILTERS, ...(key ? TILE_FILTERS[key] : {}), offset: 0 });
    }

    handleSort(event: CustomEvent<{ sortBy: SortKey; sortDirection: 'asc' | 'desc' }>): void {
        this.update({ sortBy: event.detail.sortBy, sortDirection: event.detail.sortDirection, offset: 0 });
    }

    handlePage(event: CustomEvent<{ offset: number }>): void {
        this.update({ offset: event.detail.offset });
    }

    handleRetryTable(): void {
        this.busy = true;
        refreshApex(this.tableWire).finally(() => {
            this.busy = false;
        });
    }

    handleRetrySummary(): void {
        this.summaryError = undefined;
        refreshApex(this.summaryWire);
    }
}
