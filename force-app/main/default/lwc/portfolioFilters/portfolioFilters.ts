import { LightningElement, api } from 'lwc';
import type { FilterOption, PortfolioFilters } from 'c/healthUtils';

const ANY: FilterOption = { label: 'Any', value: '' };
const BANDS: FilterOption[] = [
    { label: 'Red', value: 'Red' },
    { label: 'Yellow', value: 'Yellow' },
    { label: 'Yellow or Red', value: 'Yellow,Red' },
    { label: 'Green', value: 'Green' },
    { label: 'Unknown', value: 'Unknown' }
];
const LIFECYCLES = ['Hello', 'First Transaction', 'Warm', 'Cold'].map((l) => ({ label: l, value: l }));
/** Deal size as ARR ranges: "min-max", blank max = no upper bound. */
const DEAL_SIZES: FilterOption[] = [
    { label: 'Under $50K', value: '0-49999' },
    { label: '$50K to $250K', value: '50000-250000' },
    { label: '$250K to $1M', value: '250000-1000000' },
    { label: 'Over $1M', value: '1000000-' }
];
const RENEWALS: FilterOption[] = [30, 60, 90, 180].map((d) => ({
    label: `In the next ${d} days`,
    value: String(d)
}));
const CHANGES: FilterOption[] = [
    { label: 'Dropped a band this week', value: 'dropped' },
    { label: 'Improved a band this week', value: 'improved' }
];
const PLANS: FilterOption[] = [{ label: 'Yellow or Red with no plan', value: 'none' }];

export interface FilterOptions {
    owners: FilterOption[];
    regions: FilterOption[];
    industries: FilterOption[];
}

type Patch = Partial<PortfolioFilters>;

/**
 * The portfolio filters behind one "Filters (n)" button (so phones see accounts first), with the active ones
 * always shown as removable pills. Fires `filterchange` with the fields to change.
 */
export default class PortfolioFiltersCmp extends LightningElement {
    @api filters: PortfolioFilters | null = null;
    @api options: FilterOptions | null = null;

    open = false;

    private get f(): Partial<PortfolioFilters> {
        return this.filters ?? {};
    }

    private dealSizeValue(): string {
        const { arrMin, arrMax } = this.f;
        if (arrMin == null && arrMax == null) return '';
        return `${arrMin ?? 0}-${arrMax ?? ''}`;
    }

    get controls() {
        const label = (list: FilterOption[], value: string) =>
            list.find((o) => o.value === value)?.label ?? value;
        const c = (name: string, text: string, list: FilterOption[], value: string) => ({
            name,
            label: text,
            options: [ANY, ...list],
            value,
            display: value ? `${text}: ${label(list, value)}` : ''
        });
        const o = this.options;
        return [
            c('band', 'Band', BANDS, this.f.band ?? ''),
            c('lifecycle', 'Lifecycle', LIFECYCLES, this.f.lifecycle ?? ''),
            c('dealSize', 'Deal size (ARR)', DEAL_SIZES, this.dealSizeValue()),
            c(
                'renewal',
                'Renewal',
                RENEWALS,
                this.f.renewalWithinDays ? String(this.f.renewalWithinDays) : ''
            ),
            c('change', 'Band change', CHANGES, this.f.change ?? ''),
            c('plan', 'Plan', PLANS, this.f.plan ?? ''),
            c('region', 'Region', o?.regions ?? [], this.f.region ?? ''),
            c('industry', 'Industry', o?.industries ?? [], this.f.industry ?? '')
        ];
    }

    get ownerOptions(): FilterOption[] {
        return this.options?.owners ?? [];
    }

    get ownerValue(): string[] {
        return this.f.ownerIds ?? [];
    }

    get pills() {
        const pills = this.controls
            .filter((c) => c.value)
            .map((c) => ({ key: c.name, label: c.display, assistive: `Remove filter ${c.display}` }));
        const owners = this.ownerValue;
        if (owners.length > 0) {
            const names = owners.map((id) => this.ownerOptions.find((o) => o.value === id)?.label ?? id);
            const label = `Owner: ${names.join(', ')}`;
            pills.push({ key: 'owners', label, assistive: `Remove filter ${label}` });
        }
        return pills;
    }

    get hasPills(): boolean {
        return this.pills.length > 0;
    }

    get toggleLabel(): string {
        const n = this.pills.length;
        return n > 0 ? `Filters (${n})` : 'Filters';
    }

    get expanded(): string {
        return String(this.open);
    }

    handleToggle(): void {
        this.open = !this.open;
    }

    private fire(patch: Patch): void {
        this.dispatchEvent(new CustomEvent('filterchange', { detail: { patch } }));
    }

    private patchFor(name: string, value: string): Patch {
        switch (name) {
            case 'dealSize': {
                const [min, max] = value.split('-');
                return {
                    arrMin: value && min ? Number(min) : null,
                    arrMax: value && max ? Number(max) : null
                };
            }
            case 'renewal':
                return { renewalWithinDays: value ? Number(value) : null };
            case 'change':
                return { change: value === 'dropped' || value === 'improved' ? value : null };
            case 'plan':
                return { plan: value === 'none' ? 'none' : null };
            case 'band':
            case 'lifecycle':
            case 'region':
            case 'industry':
                return { [name]: value || null };
            default:
                return {};
        }
    }

    handleChange(event: CustomEvent<{ value: string }>): void {
        const name = (event.target as HTMLElement).dataset.filter ?? '';
        this.fire(this.patchFor(name, event.detail.value));
    }

    handleOwners(event: CustomEvent<{ value: string[] }>): void {
        const ids = event.detail.value ?? [];
        this.fire({ ownerIds: ids.length > 0 ? ids : null });
    }

    handleRemove(event: Event): void {
        const key = (event.currentTarget as HTMLElement).dataset.key ?? '';
        this.fire(key === 'owners' ? { ownerIds: null } : this.patchFor(key, ''));
    }

    handleClear(): void {
        this.fire({
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
        });
    }
}
