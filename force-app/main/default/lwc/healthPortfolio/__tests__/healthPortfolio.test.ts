import { createElement } from 'lwc';
import HealthPortfolio from 'c/healthPortfolio';
import getPortfolio from '@salesforce/apex/HealthPortfolioController.getPortfolio';
import { getNavigateCalledWith, resetNavigationMock } from 'lightning/navigation';
import mockPortfolio from './data/getPortfolio.json';
import mockRed from './data/getPortfolioRed.json';
import mockEmpty from './data/getPortfolioEmpty.json';

jest.mock(
    '@salesforce/apex/HealthPortfolioController.getPortfolio',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);

type ApexAdapter = {
    emit(value: unknown): void;
    error(body?: unknown): void;
    getLastConfig(): { filters: Record<string, unknown> };
};
const adapter = getPortfolio as unknown as ApexAdapter;

/** Lets wire emissions, promise callbacks and re-renders settle. */
async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
}

async function render(data: unknown = mockPortfolio): Promise<HTMLElement> {
    const element = createElement('c-health-portfolio', { is: HealthPortfolio });
    document.body.appendChild(element);
    adapter.emit(data);
    await flush();
    return element;
}

const $ = (element: HTMLElement, selector: string) => element.shadowRoot?.querySelector(selector) ?? null;
const $$ = (element: HTMLElement, selector: string) =>
    Array.from(element.shadowRoot?.querySelectorAll(selector) ?? []);
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const focusNames = (element: HTMLElement) =>
    $$(element, '.focus-row .account-name').map((a) => a.textContent);

function choose(element: HTMLElement, filter: string, value: string): void {
    const combobox = $(element, `lightning-combobox[data-filter="${filter}"]`) as HTMLElement;
    combobox.dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

describe('c-health-portfolio', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
        resetNavigationMock();
    });

    it("starts with my team's accounts and no filters", async () => {
        await render();
        expect(adapter.getLastConfig()).toEqual({
            filters: {
                scope: 'team',
                band: null,
                lifecycle: null,
                region: null,
                industry: null,
                ownerId: null
            }
        });
    });

    it('ranks the focus list by attention priority and shows the top 10 first', async () => {
        const element = await render();
        expect(text($(element, '.focus-heading'))).toBe('Focus today (top 10 of 12)');
        const names = focusNames(element);
        expect(names).toHaveLength(10);
        expect(names.slice(0, 3)).toEqual(['Northwind Logistics', 'Contoso Retail', 'Fabrikam Health']);
        expect($$(element, '.focus-row .rank').map((r) => r.textContent)).toEqual([
            '1',
            '2',
            '3',
            '4',
            '5',
            '6',
            '7',
            '8',
            '9',
            '10'
        ]);
        ($(element, '.show-more') as HTMLElement).click();
        await flush();
        expect(focusNames(element)).toHaveLength(12);
    });

    it('shows each focus account with its health badge and flags Warm + Red', async () => {
        const element = await render();
        const first = $$(element, '.focus-row')[0];
        const badge = first?.querySelector('c-health-badge') as unknown as Record<string, unknown>;
        expect(badge).toMatchObject({ band: 'Red', score: 34, trend: 'Declining', scoreChange: -12 });
        expect(text(first?.querySelector('.urgent'))).toBe('Warm + Red');
        expect(text(first?.querySelector('.summary'))).toContain('Champion missing');
        expect(text(first?.querySelector('.details'))).toBe(
            'Warm \u00b7 Maria Lopez \u00b7 Transportation \u00b7 Germany \u00b7 renews 2027-01-31'
        );
        const third = $$(element, '.focus-row')[2];
        expect(third?.querySelector('.urgent')).toBeNull();
    });

    it('shows the band distribution by count and ARR, and the share of ARR at risk', async () => {
        const element = await render();
        const rows = $$(element, 'tr.bucket');
        expect(rows.map((r) => r.getAttribute('data-band'))).toEqual(['Red', 'Yellow', 'Green', 'Unknown']);
        expect(rows.map((r) => text(r.querySelector('.count')))).toEqual(['3', '4', '4', '1']);
        const arr = rows.map((r) => (r.querySelector('.arr-value') as unknown as { value: number }).value);
        expect(arr).toEqual([825000, 540000, 1040000, 75000]);
        expect(text($(element, '.arr-at-risk'))).toBe('55% of ARR is in Yellow or Red');
    });

    it('lists the accounts that changed band this week', async () => {
        const element = await render();
        expect($$(element, '.band-change a').map((a) => a.textContent)).toEqual([
            'Contoso Retail',
            'Adventure Works',
            'Woodgrove Bank'
        ]);
    });

    it('offers the regions, industries and owners the server found', async () => {
        const element = await render();
        const options = (filter: string) =>
            (
                ((
                    $(element, `lightning-combobox[data-filter="${filter}"]`) as unknown as {
                        options: { label: string }[];
                    }
                ).options ?? []) as { label: string }[]
            ).map((o) => o.label);
        expect(options('region')).toEqual(['All', 'France', 'Germany', 'United Kingdom', 'United States']);
        expect(options('ownerId')).toEqual(['All', 'Aisha Bello', 'Ken Watanabe', 'Maria Lopez']);
        expect(options('band')).toEqual(['All', 'Red', 'Yellow', 'Green', 'Unknown']);
    });

    it('filters by band: asks the server again and shows what it returns', async () => {
        const element = await render();
        choose(element, 'band', 'Red');
        await flush();
        expect(adapter.getLastConfig().filters).toMatchObject({ scope: 'team', band: 'Red' });
        adapter.emit(mockRed);
        await flush();
        expect(focusNames(element)).toEqual(['Northwind Logistics', 'Contoso Retail', 'Tailspin Toys']);
        expect(($(element, '.clear-filters') as unknown as { disabled: boolean }).disabled).toBe(false);
    });

    it('combines filters and clears them in one click, keeping the scope', async () => {
        const element = await render();
        choose(element, 'region', 'France');
        choose(element, 'industry', 'Retail');
        choose(element, 'lifecycle', 'Cold');
        choose(element, 'ownerId', '005000000000003AAA');
        await flush();
        expect(adapter.getLastConfig().filters).toEqual({
            scope: 'team',
            band: null,
            lifecycle: 'Cold',
            region: 'France',
            industry: 'Retail',
            ownerId: '005000000000003AAA'
        });
        ($(element, '.clear-filters') as HTMLElement).click();
        await flush();
        expect(adapter.getLastConfig().filters).toEqual({
            scope: 'team',
            band: null,
            lifecycle: null,
            region: null,
            industry: null,
            ownerId: null
        });
    });

    it('switches between my team and everyone', async () => {
        const element = await render();
        const scope = $(element, 'lightning-radio-group.scope') as HTMLElement & {
            options: { label: string }[];
        };
        expect(scope.options.map((o) => o.label)).toEqual(['My team', 'Everyone']);
        scope.dispatchEvent(new CustomEvent('change', { detail: { value: 'all' } }));
        await flush();
        expect(adapter.getLastConfig().filters.scope).toBe('all');
    });

    it('says what to do when nothing matches', async () => {
        const element = await render(mockEmpty);
        expect(text($(element, '.empty'))).toBe(
            'No scored accounts match. Clear the filters or switch to Everyone.'
        );
        expect(text($(element, '.arr-at-risk'))).toBe('No ARR recorded');
    });

    it('shows the error panel when the Apex call fails', async () => {
        const element = createElement('c-health-portfolio', { is: HealthPortfolio });
        document.body.appendChild(element);
        adapter.error({ message: 'Could not read the portfolio: No such column ARR__c' });
        await flush();
        const panel = $(element, 'c-error-panel') as unknown as { friendlyMessage: string; errors: unknown };
        expect(panel.friendlyMessage).toBe('Could not load the portfolio');
        expect(JSON.stringify(panel.errors)).toContain('No such column ARR__c');
    });

    it('opens the account when its name is clicked', async () => {
        const element = await render();
        ($$(element, '.account-name')[1] as HTMLElement).click();
        expect(getNavigateCalledWith()).toEqual({
            type: 'standard__recordPage',
            attributes: { recordId: '001000000000002AAA', actionName: 'view' }
        });
    });

    it('is accessible', async () => {
        const element = await render();
        await expect(element).toBeAccessible();
    });
});
