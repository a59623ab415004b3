import { createElement } from 'lwc';
import HealthPortfolio from 'c/healthPortfolio';
import getPortfolio from '@salesforce/apex/HealthPortfolioController.getPortfolio';
import getPortfolioSummary from '@salesforce/apex/HealthPortfolioController.getPortfolioSummary';
import { refreshApex } from '@salesforce/apex';

jest.mock(
    '@salesforce/apex/HealthPortfolioController.getPortfolio',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/HealthPortfolioController.getPortfolioSummary',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/HealthRunStatusController.getRunStatus',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });

type ApexAdapter = {
    emit(value: unknown): void;
    error(body?: unknown): void;
    getLastConfig(): Record<string, unknown>;
};
const table = getPortfolio as unknown as ApexAdapter;
const summaryAdapter = getPortfolioSummary as unknown as ApexAdapter;

const ROW = {
    id: '001000000000001AAA',
    name: 'Summit Retail Group',
    ownerName: 'Leo Park',
    arr: 750000,
    score: 22,
    band: 'Red',
    trend: 'Declining',
    scoreChange: -18,
    lifecycle: 'Warm',
    attentionPriority: 105.4,
    renewalDate: null,
    nextStep: null,
    changedFrom: null,
    changeDirection: null
};
const VIEW = { accounts: [ROW], totalCount: 1, offset: 0, pageSize: 50 };
const SUMMARY = {
    tiles: {
        accountCount: 1,
        arrTotal: 750000,
        arrYellowRed: 750000,
        arrYellowRed30DaysAgo: null,
        redArrRenewing90: 0,
        redRenewing90Count: 0,
        droppedThisWeek: 0,
        improvedThisWeek: 0,
        noPlanCount: 1
    },
    trend: [],
    trendPartial: false,
    dropped: [],
    improved: [],
    industries: [],
    regions: [],
    owners: [{ label: 'Leo Park', value: '005000000000001AAA' }]
};

async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
}

async function render(): Promise<HTMLElement> {
    const element = createElement('c-health-portfolio', { is: HealthPortfolio });
    document.body.appendChild(element);
    await flush();
    return element;
}

type Props = Record<string, unknown>;
const $ = (element: HTMLElement, selector: string) =>
    element.shadowRoot?.querySelector(selector) as (HTMLElement & Props) | null;
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('c-health-portfolio', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
    });

    it('starts with my team, ranked by priority, and a skeleton until the table arrives', async () => {
        const element = await render();
        expect(table.getLastConfig()).toEqual({
            filters: expect.objectContaining({
                scope: 'team',
                sortBy: 'priority',
                sortDirection: 'desc',
                offset: 0
            })
        });
        expect(summaryAdapter.getLastConfig()).toEqual({ scope: 'team' });
        expect($(element, '.skeleton')).not.toBeNull();
        expect($(element, 'lightning-spinner')).toBeNull();
    });

    it('hands the table its rows and announces the count as a status', async () => {
        const element = await render();
        table.emit(VIEW);
        summaryAdapter.emit(SUMMARY);
        await flush();
        expect($(element, 'c-portfolio-table')?.rows).toEqual([ROW]);
        expect(text($(element, '.result-count'))).toBe('1 account matches');
        expect($(element, '.result-count')?.getAttribute('role')).toBe('status');
        expect($(element, 'c-portfolio-tiles')?.tiles).toEqual(SUMMARY.tiles);
        expect($(element, '.run-status c-health-run-status')).not.toBeNull();
    });

    it('a tile is a filter: it sets the filters behind it and shows pressed', async () => {
        const element = await render();
        table.emit(VIEW);
        summaryAdapter.emit(SUMMARY);
        await flush();
        $(element, 'c-portfolio-tiles')?.dispatchEvent(
            new CustomEvent('tileselect', { detail: { key: 'noPlan' } })
        );
        await flush();
        expect(table.getLastConfig().filters).toMatchObject({ plan: 'none', band: null, offset: 0 });
        expect($(element, 'c-portfolio-tiles')?.active).toBe('noPlan');
        expect($(element, 'c-portfolio-table')?.busy).toBe(true);
    });

    it('filters, sorts and pages through the server', async () => {
        const element = await render();
        table.emit(VIEW);
        await flush();
        $(element, 'c-portfolio-filters')?.dispatchEvent(
            new CustomEvent('filterchange', { detail: { patch: { ownerIds: ['005000000000001AAA'] } } })
        );
        await flush();
        table.emit(VIEW);
        await flush();
        $(element, 'c-portfolio-table')?.dispatchEvent(
            new CustomEvent('sort', { detail: { sortBy: 'arr', sortDirection: 'desc' } })
        );
        await flush();
        table.emit(VIEW);
        await flush();
        $(element, 'c-portfolio-table')?.dispatchEvent(new CustomEvent('page', { detail: { offset: 50 } }));
        await flush();
        expect(table.getLastConfig().filters).toMatchObject({
            ownerIds: ['005000000000001AAA'],
            sortBy: 'arr',
            offset: 50
        });
    });

    it('a failing table shows its own error with Try again and keeps the headline', async () => {
        const element = await render();
        summaryAdapter.emit(SUMMARY);
        table.error({ message: 'Could not read the portfolio. Try again; reference AH-1-ABCD.' });
        await flush();
        const panel = $(element, 'c-error-panel');
        expect(panel?.friendlyMessage).toBe('Could not load the accounts');
        expect($(element, 'c-portfolio-tiles')).not.toBeNull();
        panel?.dispatchEvent(new CustomEvent('retry'));
        expect(refreshApex).toHaveBeenCalled();
    });

    it('a failing summary shows its own error and keeps the table', async () => {
        const element = await render();
        table.emit(VIEW);
        summaryAdapter.error({ message: 'nope' });
        await flush();
        expect($(element, 'c-error-panel')?.friendlyMessage).toBe('Could not load the headline numbers');
        expect($(element, 'c-portfolio-table')).not.toBeNull();
    });

    it('hands the forecast and the currencies of the sums and the rows to the children', async () => {
        const element = await render();
        const forecast = { calibrated: false, windowDays: 90, currencyCode: 'EUR', total: {} };
        table.emit({ ...VIEW, currencyCode: 'USD' });
        summaryAdapter.emit({ ...SUMMARY, currencyCode: 'EUR', rowCurrencyCode: 'USD', forecast });
        await flush();
        expect($(element, 'c-portfolio-forecast')?.forecast).toEqual(forecast);
        expect($(element, 'c-portfolio-tiles')?.currencyCode).toBe('EUR');
        expect($(element, 'c-portfolio-table')?.currencyCode).toBe('USD');
        expect($(element, 'c-portfolio-trend')?.currencyCode).toBe('USD');
        // The sums are in another currency than the user's (USD here): said once, above the tiles.
        expect(text($(element, '.currency-note'))).toBe(
            'Totals are in EUR, the corporate currency; account amounts are in USD.'
        );
    });

    it("says nothing about currency when the sums are in the user's currency", async () => {
        const element = await render();
        table.emit(VIEW);
        summaryAdapter.emit({ ...SUMMARY, currencyCode: 'USD' });
        await flush();
        expect($(element, '.currency-note')).toBeNull();
    });

    it('is accessible', async () => {
        const element = await render();
        table.emit(VIEW);
        summaryAdapter.emit(SUMMARY);
        await flush();
        await expect(element).toBeAccessible();
    });
});
