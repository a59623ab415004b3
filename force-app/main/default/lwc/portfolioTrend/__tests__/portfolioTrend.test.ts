import { createElement } from 'lwc';
import PortfolioTrend from 'c/portfolioTrend';

async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
}

const week = (day: number, redArr: number, yellowArr: number, greenArr: number) => ({
    weekEnding: `2026-09-${String(day).padStart(2, '0')}`,
    red: redArr > 0 ? 1 : 0,
    yellow: yellowArr > 0 ? 1 : 0,
    green: greenArr > 0 ? 1 : 0,
    unknown: 0,
    redArr,
    yellowArr,
    greenArr,
    unknownArr: 0
});
const TREND = Array.from({ length: 12 }, (_, i) => week(i + 1, i < 6 ? 0 : 100, 100, 300));
const DROPPED = [
    {
        id: '001A',
        name: 'Summit Retail Group',
        fromBand: 'Yellow',
        toBand: 'Red',
        arr: 310000,
        ownerName: 'Maya Chen',
        since: null
    }
];

async function render(props: Record<string, unknown>): Promise<HTMLElement> {
    const element = createElement('c-portfolio-trend', { is: PortfolioTrend });
    Object.assign(element, props);
    document.body.appendChild(element);
    await flush();
    return element;
}

const $ = (element: HTMLElement, selector: string) => element.shadowRoot?.querySelector(selector) ?? null;
const $$ = (element: HTMLElement, selector: string) =>
    Array.from(element.shadowRoot?.querySelectorAll(selector) ?? []);
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('c-portfolio-trend', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    });

    it('draws twelve weekly stacks and says how the ARR at risk moved', async () => {
        const element = await render({ trend: TREND, dropped: DROPPED, improved: [] });
        expect($$(element, '.week')).toHaveLength(12);
        expect(text($(element, '.headline'))).toBe(
            '40% of ARR is in Yellow or Red, up 15 points since Sep 1'
        );
        expect($$(element, 'tbody tr')).toHaveLength(12);
    });

    it('lists band changes as Dropped and Improved with from and to', async () => {
        const element = await render({ trend: TREND, dropped: DROPPED, improved: [] });
        expect(text($(element, '.dropped-heading'))).toBe('Dropped (1)');
        expect(text($(element, '.change_dropped .from-to'))).toBe('Yellow \u2192 Red');
        expect(text($(element, '.change_dropped .detail'))).toBe('$310K \u00b7 Maya Chen');
        expect(text($(element, '.improved-heading'))).toBe('Improved (0)');
    });

    it('shows the share of accounts for a week whose ARR was not read, and says so', async () => {
        const countsOnly = { ...week(1, 0, 0, 0), red: 1, yellow: 1, green: 2, hasArr: false };
        const element = await render({ trend: [countsOnly, ...TREND.slice(1)], partial: true, dropped: [] });
        const first = $$(element, '.slds-assistive-text tbody tr')[0];
        expect(text(first)).toContain('50% of accounts (ARR not read)');
        expect(text($(element, '.partial'))).toContain('share of accounts, not of ARR');
    });

    it('formats the band-change ARR in the currency it is given', async () => {
        const element = await render({ trend: TREND, dropped: DROPPED, currencyCode: 'EUR' });
        expect(text(element.shadowRoot as unknown as Element)).toContain('€310K');
    });

    it('says when there is no history yet (empty)', async () => {
        const element = await render({ trend: [], dropped: [], improved: [] });
        expect(text($(element, '.no-trend'))).toBe(
            'The distribution over time appears once the sync has written snapshots.'
        );
    });

    it('is accessible', async () => {
        await expect(await render({ trend: TREND, dropped: DROPPED, improved: [] })).toBeAccessible();
    });
});
