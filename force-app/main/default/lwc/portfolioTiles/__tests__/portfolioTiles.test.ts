import { createElement } from 'lwc';
import PortfolioTiles from 'c/portfolioTiles';

async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
}

const TILES = {
    accountCount: 16,
    arrTotal: 2000000,
    arrYellowRed: 1200000,
    arrYellowRed30DaysAgo: 1000000,
    redArrRenewing90: 310000,
    redRenewing90Count: 2,
    droppedThisWeek: 3,
    improvedThisWeek: 1,
    noPlanCount: 4
};

async function render(props: Record<string, unknown>): Promise<HTMLElement> {
    const element = createElement('c-portfolio-tiles', { is: PortfolioTiles });
    Object.assign(element, props);
    document.body.appendChild(element);
    await flush();
    return element;
}

const $$ = (element: HTMLElement, selector: string) =>
    Array.from(element.shadowRoot?.querySelectorAll(selector) ?? []);
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('c-portfolio-tiles', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    });

    it('shows the four headline numbers with the 30-day change', async () => {
        const element = await render({ tiles: TILES });
        expect(
            $$(element, 'button.tile').map((b) =>
                ['.value', '.label', '.detail'].map((c) => text(b.querySelector(c))).join(' | ')
            )
        ).toEqual([
            '$1.2M | ARR in Yellow + Red | 60% of ARR · up $200K in 30 days',
            '$310K | Red ARR renewing in 90 days | 2 accounts',
            '3 | Dropped a band this week | 1 improved',
            '4 | Yellow or Red with no plan | no open play task'
        ]);
    });

    it('formats the sums in the currency of the aggregates (the corporate currency)', async () => {
        const element = await render({ tiles: TILES, currencyCode: 'EUR' });
        expect(text(element.shadowRoot as unknown as Element)).toContain('€1.2M');
        expect(text(element.shadowRoot as unknown as Element)).not.toContain('$');
    });

    it('is a filter: a click selects the tile, a second click on the active tile clears it', async () => {
        const element = await render({ tiles: TILES, active: 'noPlan' });
        const seen: unknown[] = [];
        element.addEventListener('tileselect', (e) => seen.push((e as CustomEvent).detail.key));
        const buttons = $$(element, 'button.tile') as HTMLButtonElement[];
        expect(buttons.map((b) => b.getAttribute('aria-pressed'))).toEqual([
            'false',
            'false',
            'false',
            'true'
        ]);
        buttons[2]?.click();
        buttons[3]?.click();
        expect(seen).toEqual(['dropped', null]);
    });

    it('keeps its size with skeletons while loading, and says when there is no earlier snapshot', async () => {
        const loading = await render({ tiles: null });
        expect($$(loading, '.tile_skeleton')).toHaveLength(4);
        const fresh = await render({ tiles: { ...TILES, arrYellowRed30DaysAgo: null } });
        expect(text($$(fresh, 'button.tile .detail')[0])).toBe('60% of ARR · no snapshot 30 days ago');
    });

    it('is accessible', async () => {
        await expect(await render({ tiles: TILES, active: 'dropped' })).toBeAccessible();
    });
});
