import { createElement } from 'lwc';
import PortfolioTable from 'c/portfolioTable';
import { getNavigateCalledWith, resetNavigationMock } from 'lightning/navigation';

async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
}

const iso = (offsetDays: number) => {
    const d = new Date();
    d.setDate(d.getDate() + offsetDays);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

const ROWS = [
    {
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
        renewalDate: iso(30),
        nextStep: { subject: 'Health: call the customer', dueDate: iso(-3), ownerName: 'Leo Park' },
        changedFrom: 'Yellow',
        changeDirection: 'dropped'
    },
    {
        id: '001000000000002AAA',
        name: 'Atlas Foods',
        ownerName: 'Maya Chen',
        arr: 120000,
        score: 35,
        band: 'Red',
        trend: 'Stable',
        scoreChange: 0,
        lifecycle: 'Cold',
        attentionPriority: 80,
        renewalDate: iso(-60),
        nextStep: {
            subject: 'Health: build a 30-day recovery plan',
            dueDate: iso(2),
            ownerName: 'Dana Ortiz'
        },
        changedFrom: null,
        changeDirection: null
    }
];

async function render(props: Record<string, unknown> = {}): Promise<HTMLElement> {
    const element = createElement('c-portfolio-table', { is: PortfolioTable });
    Object.assign(element, { rows: ROWS, total: 323, offset: 0, pageSize: 50, ...props });
    document.body.appendChild(element);
    await flush();
    return element;
}

const $ = (element: HTMLElement, selector: string) => element.shadowRoot?.querySelector(selector) ?? null;
const $$ = (element: HTMLElement, selector: string) =>
    Array.from(element.shadowRoot?.querySelectorAll(selector) ?? []);
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** sfdx-lwc-jest leaves component CSS out: the layout tests load portfolioTable.css into the page for their run. */
async function withTableCss(run: () => Promise<void>): Promise<void> {
    const fs = jest.requireActual('fs') as typeof import('fs');
    const path = jest.requireActual('path') as typeof import('path');
    const style = document.createElement('style');
    style.textContent = fs.readFileSync(path.join(__dirname, '..', 'portfolioTable.css'), 'utf8');
    document.head.appendChild(style);
    try {
        await run();
    } finally {
        style.remove();
    }
}

describe('c-portfolio-table', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        resetNavigationMock();
    });

    it('renders one row per account with a real URL, compact ARR, relative renewal and reasons', async () => {
        const element = await render();
        const rows = $$(element, '.focus-row');
        expect(rows).toHaveLength(2);
        const link = rows[0]?.querySelector('a.account-name') as HTMLAnchorElement;
        expect(link.getAttribute('href')).toBe('/lightning/r/001000000000001AAA/view');
        expect(text(rows[0]?.querySelector('.arr'))).toBe('$750K');
        expect(text(rows[0]?.querySelector('.renewal'))).toBe('in 30 days');
        expect(Array.from(rows[0]?.querySelectorAll('.why .chip') ?? []).map(text)).toEqual([
            'Warm + Red',
            'Dropped Yellow \u2192 Red',
            'Renews in 30 days',
            'Fell 18 pts'
        ]);
        expect(text(rows[0]?.querySelector('.next-detail'))).toBe('overdue, due 3 days ago \u00b7 Leo Park');
        expect(text(rows[1]?.querySelector('.renewal'))).toBe('passed 2 months ago');
        expect(text(rows[1]?.querySelector('.next-subject'))).toBe('Health: build a 30-day recovery plan');
        expect(text(rows[1]?.querySelector('.next-detail'))).toBe('due in 2 days \u00b7 Dana Ortiz');
    });

    it('says "No plan" for a Red or Yellow account without an open play, and nothing for Green', async () => {
        const first = ROWS[0] as (typeof ROWS)[number];
        const element = await render({
            rows: [
                { ...first, nextStep: null },
                { ...first, id: '001000000000003AAA', band: 'Green', nextStep: null }
            ]
        });
        const rows = $$(element, '.focus-row');
        expect(text(rows[0]?.querySelector('.no-plan'))).toBe('No plan');
        expect(rows[1]?.querySelector('.no-plan')).toBeNull();
    });

    it('shows each row score over 30 days as a sparkline with a text alternative, in the rows currency', async () => {
        const first = ROWS[0] as (typeof ROWS)[number];
        const second = ROWS[1] as (typeof ROWS)[number];
        const element = await render({
            currencyCode: 'EUR',
            rows: [
                { ...first, recent: { scores: [40, 35, 30, 22], change: -18 } },
                { ...second, recent: { scores: [35], change: null } }
            ]
        });
        const rows = $$(element, '.focus-row');
        const spark = rows[0]?.querySelector('svg.spark');
        expect(spark?.getAttribute('aria-hidden')).toBe('true');
        expect(spark?.querySelector('polyline')?.getAttribute('points')?.split(' ')).toHaveLength(4);
        expect(text(rows[0]?.querySelector('.trend-text'))).toBe('Down 18 in 30 days');
        expect(rows[0]?.querySelector('.trend-text')?.classList.contains('slds-text-color_error')).toBe(true);
        // No snapshot 30 days back: no sparkline, the engine's trend instead.
        expect(rows[1]?.querySelector('svg.spark')).toBeNull();
        expect(text(rows[1]?.querySelector('.trend-text'))).toBe('Stable 0');
        expect(text(rows[0]?.querySelector('.arr'))).toBe('€750K');
    });

    it('keeps the trend words on one line, whatever the table cells do (sfdx-lwc-jest leaves CSS out: loaded here)', async () => {
        await withTableCss(async () => {
            const first = ROWS[0] as (typeof ROWS)[number];
            const element = await render({ rows: [{ ...first, recent: { scores: [40, 22], change: -18 } }] });
            const words = $(element, '.focus-row .trend-text') as HTMLElement;
            expect(text(words)).toBe('Down 18 in 30 days');
            // The cells wrap (white-space: normal): the trend's words do not ("Down 20 in / 30 days" at 1400 px).
            expect(getComputedStyle($(element, '.focus-row td.trend') as HTMLElement).whiteSpace).toBe(
                'normal'
            );
            expect(getComputedStyle(words).whiteSpace).toBe('nowrap');
        });
    });

    it('cuts a long account name at two lines, keeps the full name in its title and the link to the record', async () => {
        await withTableCss(async () => {
            const name = 'Northwind Logistics International Holdings Group';
            const first = ROWS[0] as (typeof ROWS)[number];
            const element = await render({ rows: [{ ...first, name }] });
            const link = $(element, '.focus-row a.account-name') as HTMLAnchorElement;
            expect(text(link)).toBe(name);
            expect(link.getAttribute('title')).toBe(name);
            expect(link.getAttribute('href')).toBe('/lightning/r/001000000000001AAA/view');
            // SLDS's two-line clamp (ellipsis after the second line); the name may wrap, it is not held on one line
            // (a one-line name set the column's minimum width: 49 px too wide at 1280 px).
            expect(link.classList.contains('slds-line-clamp_x-small')).toBe(true);
            expect(getComputedStyle(link).whiteSpace).not.toBe('nowrap');
            // The column's width is set on its header, so it can give way when the row needs the room.
            expect(getComputedStyle($(element, 'th[data-col="account"]') as HTMLElement).width).toBe('10rem');
        });
    });

    it('opens the account in the app on a plain click', async () => {
        const element = await render();
        ($(element, 'a.account-name') as HTMLAnchorElement).click();
        expect(getNavigateCalledWith()).toMatchObject({ attributes: { recordId: '001000000000001AAA' } });
    });

    it('sorts through the server: the column header fires sort and shows aria-sort', async () => {
        const element = await render({ sortBy: 'arr', sortDirection: 'desc' });
        const seen: unknown[] = [];
        element.addEventListener('sort', (e) => seen.push((e as CustomEvent).detail));
        const arrHead = $(element, 'th[data-col="arr"]') as HTMLElement;
        expect(arrHead.getAttribute('aria-sort')).toBe('descending');
        (arrHead.querySelector('button') as HTMLButtonElement).click();
        ($(element, 'th[data-col="renewal"] button') as HTMLButtonElement).click();
        expect(seen).toEqual([
            { sortBy: 'arr', sortDirection: 'asc' },
            { sortBy: 'renewal', sortDirection: 'asc' }
        ]);
    });

    it('pages through every account', async () => {
        const element = await render({ offset: 50 });
        expect(text($(element, '.range'))).toBe('51\u201352 of 323');
        const seen: unknown[] = [];
        element.addEventListener('page', (e) => seen.push((e as CustomEvent).detail.offset));
        ($(element, 'button.previous') as HTMLButtonElement).click();
        ($(element, 'button.next-page') as HTMLButtonElement).click();
        expect(seen).toEqual([0, 100]);
        expect($$(element, '.rank').map(text)).toEqual(['51', '52']);
    });

    it('says so when no account matches (empty)', async () => {
        const element = await render({ rows: [], total: 0 });
        expect(text($(element, '.empty'))).toBe(
            'No accounts match these filters. Remove a filter to see more.'
        );
    });

    it('marks itself busy during a refetch', async () => {
        const element = await render({ busy: true });
        expect($(element, '.table-root')?.getAttribute('aria-busy')).toBe('true');
    });

    it('is accessible', async () => {
        await expect(await render()).toBeAccessible();
    });
});
