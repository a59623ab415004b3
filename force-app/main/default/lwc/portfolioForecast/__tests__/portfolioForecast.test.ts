import { createElement } from 'lwc';
import PortfolioForecast from 'c/portfolioForecast';

async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
}

const line = (
    label: string,
    arrUp: number,
    expected: number | null,
    covered: number | null,
    accounts = 1
) => ({
    label,
    value: label,
    accounts,
    arrUp,
    arrWithProbability: covered,
    expected,
    accountsWithoutProbability: 0
});

const CALIBRATED = {
    calibrated: true,
    windowDays: 90,
    currencyCode: 'EUR',
    total: { ...line('All accounts', 400000, 120000, 300000, 2), accountsWithoutProbability: 1 },
    byOwner: [line('Rita Rep', 300000, 120000, 300000), line('Max Manager', 100000, 0, 0)],
    bySize: [line('50K to 250K', 100000, 0, 0), line('250K to 1M', 300000, 120000, 300000)],
    byIndustry: [line('Technology', 300000, 120000, 300000), line('Retail', 100000, 0, 0)]
};

const UNCALIBRATED = {
    ...CALIBRATED,
    calibrated: false,
    total: { ...line('All accounts', 400000, null, null, 2) },
    byOwner: [line('Rita Rep', 300000, null, null), line('Max Manager', 100000, null, null)]
};

async function render(props: Record<string, unknown>): Promise<HTMLElement> {
    const element = createElement('c-portfolio-forecast', { is: PortfolioForecast });
    Object.assign(element, props);
    document.body.appendChild(element);
    await flush();
    return element;
}

const $ = (element: HTMLElement, selector: string) => element.shadowRoot?.querySelector(selector) ?? null;
const $$ = (element: HTMLElement, selector: string) =>
    Array.from(element.shadowRoot?.querySelectorAll(selector) ?? []);
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const cells = (row: Element) => Array.from(row.children).map(text).join(' ');

describe('c-portfolio-forecast', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    });

    it('compares expected retained ARR with the ARR it covers, in the currency of the amounts', async () => {
        const element = await render({ forecast: CALIBRATED });
        expect(text($(element, '.up'))).toBe('€400K up for renewal across 2 accounts');
        expect(text($(element, '.expected'))).toBe('Expected to retain €120K of €300K (40%)');
        expect(text($(element, '.uncovered'))).toContain('1 account has no renewal probability');
        expect($(element, '.not-calibrated')).toBeNull();
    });

    it('breaks the forecast down by owner, deal size and industry', async () => {
        const element = await render({ forecast: CALIBRATED });
        const rows = () => $$(element, 'tr.line').map(cells);
        expect(rows()).toEqual(['Rita Rep €300K €120K 40%', 'Max Manager €100K €0 \u2014']);
        ($$(element, 'button.group')[1] as HTMLButtonElement).click();
        await flush();
        expect(rows()[1]).toBe('250K to 1M €300K €120K 40%');
        expect($$(element, 'button.group')[1]?.getAttribute('aria-pressed')).toBe('true');
        ($$(element, 'button.group')[2] as HTMLButtonElement).click();
        await flush();
        expect(rows()[0]).toBe('Technology €300K €120K 40%');
    });

    it('says plainly that the model is not calibrated instead of inventing a number', async () => {
        const element = await render({ forecast: UNCALIBRATED });
        expect(text($(element, '.not-calibrated'))).toContain('not calibrated');
        expect($(element, '.expected')).toBeNull();
        expect(text($(element, '.up'))).toBe('€400K up for renewal across 2 accounts');
        expect($$(element, 'tr.line').map(cells)[0]).toBe('Rita Rep €300K \u2014 \u2014');
    });

    it('has an empty state when nothing renews in the window', async () => {
        const element = await render({
            forecast: { ...UNCALIBRATED, total: line('All accounts', 0, null, null, 0), byOwner: [] }
        });
        expect(text($(element, '.no-renewals'))).toBe('No renewals in the next 90 days.');
    });

    it('is accessible', async () => {
        await expect(await render({ forecast: CALIBRATED })).toBeAccessible();
    });
});
