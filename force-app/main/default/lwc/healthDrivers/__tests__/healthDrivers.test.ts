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

    it('names what the starting point holds: the support base ("No open support cases") is shown there', async () => {
        const drivers = DRIVERS.map((d) => ({
            ...d,
            label: d.code === 'BASELINE' ? 'Starting point \u00b7 No open support cases' : d.label
        }));
        const element = await render({ drivers, score: 39 });
        expect(text(element.shadowRoot?.querySelector('.step_start .label'))).toBe(
            'Starting point \u00b7 No open support cases'
        );
        // An explanation stored before the engine named it still reads "Starting point".
        const stored = await render({ drivers: DRIVERS, score: 39 });
        expect(text(stored.shadowRoot?.querySelector('.step_start .label'))).toBe('Starting point');
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

    it('folds the small drivers into one row so the visible rows still add up to the score', async () => {
        const many = [
            { code: 'BASELINE', label: 'Starting point', points: 80 },
            ...Array.from({ length: 6 }, (_, i) => ({ code: `H${i}`, label: `hurt ${i}`, points: -(i + 1) })),
            { code: 'P1', label: 'help 1', points: 2 }
        ];
        const element = await render({ drivers: many, score: 61 });
        const visible = () =>
            $$(element, '.step')
                .map((row) => text(row.querySelector('.points')))
                .filter((p) => !p.startsWith('='))
                .map((p) => Number(p.replace('\u2212', '-')));
        // Four largest hurting drivers, then "2 smaller drivers: -3" (-1 and -2), then the helping one.
        expect($$(element, '.step_hurt')).toHaveLength(5);
        const rest = $$(element, '.step_rest')[0];
        expect(text(rest?.querySelector('.label'))).toBe('2 smaller drivers');
        expect(text(rest?.querySelector('.points'))).toBe('\u22123');
        expect(visible().reduce((sum, p) => sum + p, 0)).toBe(61);
        const toggle = $$(element, 'button.toggle')[0] as HTMLButtonElement;
        expect(text(toggle)).toBe('Show 2 more');
        toggle.click();
        await flush();
        expect($$(element, '.step_hurt')).toHaveLength(6);
        expect($$(element, '.step_rest')).toHaveLength(0);
        expect(visible().reduce((sum, p) => sum + p, 0)).toBe(61);
        expect(toggle.getAttribute('aria-expanded')).toBe('true');
    });

    it('never folds a single extra driver (it is shown itself)', async () => {
        const five = [
            { code: 'BASELINE', label: 'Starting point', points: 80 },
            ...Array.from({ length: 5 }, (_, i) => ({ code: `H${i}`, label: `hurt ${i}`, points: -(i + 1) }))
        ];
        const element = await render({ drivers: five, score: 65 });
        expect($$(element, '.step_hurt')).toHaveLength(5);
        expect($$(element, '.step_rest')).toHaveLength(0);
        expect($$(element, 'button.toggle')).toHaveLength(0);
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
