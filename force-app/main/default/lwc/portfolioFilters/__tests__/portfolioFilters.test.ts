import { createElement } from 'lwc';
import PortfolioFilters from 'c/portfolioFilters';

async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
}

const NONE = {
    scope: 'team',
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
    plan: null,
    sortBy: 'priority',
    sortDirection: 'desc',
    offset: 0
};
const OPTIONS = {
    owners: [
        { label: 'Leo Park', value: '005000000000001AAA' },
        { label: 'Maya Chen', value: '005000000000002AAA' }
    ],
    regions: [{ label: 'Germany', value: 'Germany' }],
    industries: [{ label: 'Retail', value: 'Retail' }]
};

async function render(filters: Record<string, unknown> = {}): Promise<HTMLElement> {
    const element = createElement('c-portfolio-filters', { is: PortfolioFilters });
    Object.assign(element, { filters: { ...NONE, ...filters }, options: OPTIONS });
    document.body.appendChild(element);
    await flush();
    return element;
}

const $ = (element: HTMLElement, selector: string) => element.shadowRoot?.querySelector(selector) ?? null;
const $$ = (element: HTMLElement, selector: string) =>
    Array.from(element.shadowRoot?.querySelectorAll(selector) ?? []);
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('c-portfolio-filters', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    });

    it('keeps the filters behind one button and shows none as pills when nothing is set (empty)', async () => {
        const element = await render();
        expect(text($(element, 'button.toggle'))).toBe('Filters');
        expect($(element, '.panel')).toBeNull();
        expect($$(element, '.pill')).toHaveLength(0);
    });

    it('shows active filters as pills, several owners in one', async () => {
        const element = await render({
            band: 'Yellow,Red',
            arrMin: 250000,
            arrMax: 1000000,
            renewalWithinDays: 90,
            plan: 'none',
            ownerIds: ['005000000000001AAA', '005000000000002AAA']
        });
        expect(text($(element, 'button.toggle'))).toBe('Filters (5)');
        expect($$(element, '.pill-label').map(text)).toEqual([
            'Band: Yellow or Red',
            'Deal size (ARR): $250K to $1M',
            'Renewal: In the next 90 days',
            'Plan: Yellow or Red with no plan',
            'Owner: Leo Park, Maya Chen'
        ]);
    });

    it('turns each choice into a filter patch', async () => {
        const element = await render();
        const patches: unknown[] = [];
        element.addEventListener('filterchange', (e) => patches.push((e as CustomEvent).detail.patch));
        ($(element, 'button.toggle') as HTMLButtonElement).click();
        await flush();
        const pick = (name: string, value: string) =>
            $(element, `lightning-combobox[data-filter="${name}"]`)?.dispatchEvent(
                new CustomEvent('change', { detail: { value } })
            );
        pick('dealSize', '1000000-');
        pick('renewal', '30');
        pick('change', 'dropped');
        pick('band', '');
        $(element, 'lightning-checkbox-group')?.dispatchEvent(
            new CustomEvent('change', { detail: { value: ['005000000000002AAA'] } })
        );
        expect(patches).toEqual([
            { arrMin: 1000000, arrMax: null },
            { renewalWithinDays: 30 },
            { change: 'dropped' },
            { band: null },
            { ownerIds: ['005000000000002AAA'] }
        ]);
    });

    it('removes one filter from its pill, or all of them', async () => {
        const element = await render({ renewalWithinDays: 60, ownerIds: ['005000000000001AAA'] });
        const patches: Record<string, unknown>[] = [];
        element.addEventListener('filterchange', (e) => patches.push((e as CustomEvent).detail.patch));
        ($(element, 'button.remove[data-key="owners"]') as HTMLButtonElement).click();
        ($(element, 'button.clear') as HTMLButtonElement).click();
        expect(patches[0]).toEqual({ ownerIds: null });
        expect(patches[1]).toMatchObject({ renewalWithinDays: null, ownerIds: null, band: null, plan: null });
    });

    it('is accessible, closed and open', async () => {
        const element = await render({ band: 'Red' });
        await expect(element).toBeAccessible();
        ($(element, 'button.toggle') as HTMLButtonElement).click();
        await flush();
        await expect(element).toBeAccessible();
    });
});
