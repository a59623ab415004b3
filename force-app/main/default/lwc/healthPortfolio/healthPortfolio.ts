import { LightningElement, api, wire } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import getPortfolio from '@salesforce/apex/HealthPortfolioController.getPortfolio';
import { BAND_ORDER, bandInfo } from 'c/healthUtils';
import type { FilterOption, PortfolioAccount, PortfolioFilters, PortfolioView } from 'c/healthUtils';

const ANY: FilterOption = { label: 'All', value: '' };
const LIFECYCLES = ['Hello', 'First Transaction', 'Warm', 'Cold'];
const SCOPES: FilterOption[] = [
    { label: 'My team', value: 'team' },
    { label: 'Everyone', value: 'all' }
];

type FilterName = 'band' | 'lifecycle' | 'region' | 'industry' | 'ownerId';

/** App or home page: the accounts to focus on today, the shape of the portfolio, and what changed this week. */
export default class HealthPortfolio extends NavigationMixin(LightningElement) {
    /** How many focus rows show before "Show more". */
    @api focusCount = 10;

    filters: PortfolioFilters = {
        scope: 'team',
        band: null,
        lifecycle: null,
        region: null,
        industry: null,
        ownerId: null
    };
    view?: PortfolioView;
    error: unknown;
    showAll = false;

    @wire(getPortfolio, { filters: '$filters' })
    wiredPortfolio({ data, error }: { data?: PortfolioView; error?: unknown }): void {
        this.view = data;
        this.error = error;
    }

    get isLoading(): boolean {
        return !this.view && !this.error;
    }

    // ------------------------------------------------------------ filters

    get scopeOptions(): FilterOption[] {
        return SCOPES;
    }

    /** The five filters, in display order; the template renders one combobox per entry. */
    get filterControls(): { name: FilterName; label: string; options: FilterOption[]; value: string }[] {
        const control = (name: FilterName, label: string, options: FilterOption[]) => ({
            name,
            label,
            options: [ANY, ...options],
            value: this.filters[name] ?? ''
        });
        return [
            control(
                'band',
                'Band',
                BAND_ORDER.map((b) => ({ label: b, value: b }))
            ),
            control(
                'lifecycle',
                'Lifecycle',
                LIFECYCLES.map((l) => ({ label: l, value: l }))
            ),
            control('region', 'Region', this.view?.regions ?? []),
            control('industry', 'Industry', this.view?.industries ?? []),
            control('ownerId', 'Owner', this.view?.owners ?? [])
        ];
    }

    get hasFilters(): boolean {
        const { band, lifecycle, region, industry, ownerId } = this.filters;
        return [band, lifecycle, region, industry, ownerId].some((v) => v !== null);
    }

    get noFilters(): boolean {
        return !this.hasFilters;
    }

    handleScopeChange(event: CustomEvent<{ value: string }>): void {
        this.filters = { ...this.filters, scope: event.detail.value === 'all' ? 'all' : 'team' };
    }

    handleFilterChange(event: CustomEvent<{ value: string }>): void {
        const name = (event.target as HTMLElement).dataset.filter as FilterName;
        this.filters = { ...this.filters, [name]: event.detail.value || null };
        this.showAll = false;
    }

    handleClearFilters(): void {
        this.filters = {
            scope: this.filters.scope,
            band: null,
            lifecycle: null,
            region: null,
            industry: null,
            ownerId: null
        };
    }

    // ------------------------------------------------------------ focus today

    private decorate(a: PortfolioAccount, index: number) {
        return {
            ...a,
            key: a.id,
            rank: index + 1,
            priority: typeof a.attentionPriority === 'number' ? a.attentionPriority.toFixed(1) : '',
            details: [
                a.lifecycle,
                a.ownerName,
                a.industry,
                a.region,
                a.renewalDate ? `renews ${a.renewalDate}` : null
            ]
                .filter(Boolean)
                .join(' \u00b7 '),
            rowClass: `focus-row${a.band === 'Red' && a.lifecycle === 'Warm' ? ' focus-row_urgent' : ''}`,
            urgent: a.band === 'Red' && a.lifecycle === 'Warm'
        };
    }

    get focus() {
        const accounts = this.view?.accounts ?? [];
        return (this.showAll ? accounts : accounts.slice(0, this.focusCount)).map((a, i) =>
            this.decorate(a, i)
        );
    }

    get hasFocus(): boolean {
        return (this.view?.accounts.length ?? 0) > 0;
    }

    get hasMoreFocus(): boolean {
        return !this.showAll && (this.view?.accounts.length ?? 0) > this.focusCount;
    }

    get focusHeading(): string {
        const total = this.view?.totalCount ?? 0;
        const shown = Math.min(this.view?.accounts.length ?? 0, this.showAll ? Infinity : this.focusCount);
        return `Focus today (top ${shown} of ${total})`;
    }

    handleShowMore(): void {
        this.showAll = true;
    }

    // ------------------------------------------------------------ distribution

    get distribution() {
        const buckets = this.view?.distribution ?? [];
        const totalCount = buckets.reduce((sum, b) => sum + b.accountCount, 0);
        const totalArr = buckets.reduce((sum, b) => sum + b.arr, 0);
        const share = (part: number, total: number) => (total > 0 ? Math.round((part / total) * 100) : 0);
        return buckets.map((b) => {
            const info = bandInfo(b.band);
            const countShare = share(b.accountCount, totalCount);
            const arrShare = share(b.arr, totalArr);
            return {
                key: b.band,
                band: info.band,
                iconName: info.iconName,
                accountCount: b.accountCount,
                arr: b.arr,
                countShare,
                arrShare,
                countStyle: `width: ${countShare}%`,
                arrStyle: `width: ${arrShare}%`,
                barClass: `bar-fill bar-fill_${info.band.toLowerCase()}`,
                description: `${info.band}: ${b.accountCount} accounts (${countShare}%), ${arrShare}% of ARR`
            };
        });
    }

    /** The management headline: how much ARR sits in Yellow or Red. */
    get arrAtRisk(): string {
        const buckets = this.view?.distribution ?? [];
        const total = buckets.reduce((sum, b) => sum + b.arr, 0);
        const atRisk = buckets
            .filter((b) => b.band === 'Red' || b.band === 'Yellow')
            .reduce((sum, b) => sum + b.arr, 0);
        return total > 0
            ? `${Math.round((atRisk / total) * 100)}% of ARR is in Yellow or Red`
            : 'No ARR recorded';
    }

    // ------------------------------------------------------------ band changes

    get bandChanges() {
        return (this.view?.bandChanges ?? []).map((a, i) => this.decorate(a, i));
    }

    get hasBandChanges(): boolean {
        return this.bandChanges.length > 0;
    }

    // ------------------------------------------------------------ navigation

    handleOpenAccount(event: Event): void {
        event.preventDefault();
        const recordId = (event.currentTarget as HTMLElement).dataset.id;
        if (!recordId) return;
        this[NavigationMixin.Navigate]({
            type: 'standard__recordPage',
            attributes: { recordId, actionName: 'view' }
        });
    }
}
