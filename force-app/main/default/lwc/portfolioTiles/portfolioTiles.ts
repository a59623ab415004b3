import { LightningElement, api } from 'lwc';
import LOCALE from '@salesforce/i18n/locale';
import CURRENCY from '@salesforce/i18n/currency';
import { formatCompactCurrency } from 'c/healthUtils';
import type { PortfolioTiles } from 'c/healthUtils';

export type TileKey = 'atRisk' | 'redRenewing' | 'dropped' | 'noPlan';

/** The manager's headline: four numbers, each a button that filters the table to the accounts behind it. */
export default class PortfolioTilesCmp extends LightningElement {
    @api tiles: PortfolioTiles | null = null;
    /** The tile whose filter is on. */
    @api active: TileKey | null = null;
    /** ISO code of the tiles' sums (aggregates: the corporate currency); the user's currency when not given. */
    @api currencyCode: string | null = null;

    private money(value: number | null | undefined): string {
        return formatCompactCurrency(value ?? 0, LOCALE, this.currencyCode ?? CURRENCY);
    }

    get items() {
        const t = this.tiles;
        if (!t) return [];
        const share = t.arrTotal > 0 ? Math.round((t.arrYellowRed / t.arrTotal) * 100) : 0;
        const before = t.arrYellowRed30DaysAgo;
        const delta = before === null || before === undefined ? null : t.arrYellowRed - before;
        const deltaText =
            delta === null
                ? 'no snapshot 30 days ago'
                : delta === 0
                  ? 'unchanged in 30 days'
                  : `${delta > 0 ? 'up' : 'down'} ${this.money(Math.abs(delta))} in 30 days`;
        const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
        const tile = (key: TileKey, value: string, label: string, detail: string, tone: string) => ({
            key,
            value,
            label,
            detail,
            pressed: String(this.active === key),
            cssClass: `tile tile_${tone}${this.active === key ? ' tile_active' : ''}`
        });
        return [
            tile(
                'atRisk',
                this.money(t.arrYellowRed),
                'ARR in Yellow + Red',
                `${share}% of ARR · ${deltaText}`,
                'warn'
            ),
            tile(
                'redRenewing',
                this.money(t.redArrRenewing90),
                'Red ARR renewing in 90 days',
                plural(t.redRenewing90Count, 'account', 'accounts'),
                'risk'
            ),
            tile(
                'dropped',
                String(t.droppedThisWeek),
                'Dropped a band this week',
                `${t.improvedThisWeek} improved`,
                'risk'
            ),
            tile('noPlan', String(t.noPlanCount), 'Yellow or Red with no plan', 'no open play task', 'warn')
        ];
    }

    get hasTiles(): boolean {
        return this.tiles !== null && this.tiles !== undefined;
    }

    handleClick(event: Event): void {
        const key = (event.currentTarget as HTMLElement).dataset.key as TileKey;
        this.dispatchEvent(
            new CustomEvent('tileselect', { detail: { key: this.active === key ? null : key } })
        );
    }
}
