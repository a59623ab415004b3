import { createElement } from 'lwc';
import HealthDrivers from 'c/healthDrivers';
import { getNavigateCalledWith, resetNavigationMock } from 'lightning/navigation';

async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
}

const DRIVERS = [
    { code: 'CHAMPION_MISSING', label: 'No active champion', points: -30 },
    { code: 'CONTACT', label: 'Ivan Petrov quiet for 120 days', points: -2, recordId: '003000000000001AAA' },
    { code: 'USAGE_TRAJECTORY', label: 'Active users steady', points: 0 },
    { code: 'SUPPORT_CSAT', label: 'CSAT 4.8', points: 3 },
    { code: 'BASELINE', label: 'Starting point', points: 68 }
];

async function render(props: Record<string, unknown>): Promise<HTMLElement> {
    const element = createElement('c-health-drivers', { is: HealthDrivers });
    Object.assign(element, props);
    document.body.appendChild(element);
    await flush();
    return element;
}

const $$ = (element: HTMLElement, selector: string) =>
    Array.from(element.shadowRoot?.querySelectorAll(selector) ?? []);
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('c-health-drivers', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        resetNavigationMock();
    });

    it('reads as a waterfall: starting point first, hurting, helping, then the total = score', async () => {
        const element = await render({ drivers: DRIVERS, score: 39 });
        const rows = $$(element, '.step').map((row) =>
            Array.from(row.querySelectorAll('.points, .label')).map(text).join(' ')
        );
        expect(rows).toEqual([
            '68 Starting point',
            '\u221230 No active champion',
            '\u22122 Ivan Petrov quiet for 120 days',
            '+3 CSAT 4.8',
            '= 39 Score'
        ]);
        expect($$(element, '.incomplete')).toHaveLength(0);
    });

    it('leaves out zero-point drivers', async () => {
        const element = await render({ drivers: DRIVERS, score: 39 });
        expect(text(element.shadowRoot as unknown as Element)).not.toContain('Active users steady');
    });

    it('links a driver about a record and opens it in the app on a plain click', async () => {
        const element = await render({ drivers: DRIVERS, score: 39 });
        const link = $$(element, 'a.driver-link')[0] as HTMLAnchorElement;
        expect(link.textContent).toBe('Ivan Petrov quiet for 120 days');
        link.click();
        expect(getNavigateCalledWith()).toMatchObject({
            type: 'standard__recordPage',
            attributes: { recordId: '003000000000001AAA' }
        });
    });

    it('shows four per group, then the rest on request', async () => {
        const many = [
            { code: 'BASELINE', label: 'Starting point', points: 80 },
            ...Array.from({ length: 6 }, (_, i) => ({ code: `H${i}`, label: `hurt ${i}`, points: -(i + 1) }))
        ];
        const element = await render({ drivers: many, score: 59 });
        expect($$(element, '.step_hurt')).toHaveLength(4);
        const toggle = $$(element, 'button.toggle')[0] as HTMLButtonElement;
        expect(text(toggle)).toBe('Show 2 more');
        toggle.click();
        await flush();
        expect($$(element, '.step_hurt')).toHaveLength(6);
        expect(toggle.getAttribute('aria-expanded')).toBe('true');
    });

    it('says so when the stored drivers do not reach the score (clipped explanation)', async () => {
        const element = await render({ drivers: DRIVERS, score: 45 });
        expect($$(element, '.incomplete')).toHaveLength(1);
    });

    it('has an empty state', async () => {
        const element = await render({ drivers: [], score: null });
        expect(text($$(element, '.empty')[0])).toBe('No explanation stored yet.');
    });

    it('is accessible', async () => {
        await expect(await render({ drivers: DRIVERS, score: 39 })).toBeAccessible();
    });
});
