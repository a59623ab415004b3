import { createElement } from 'lwc';
import HealthSubscores from 'c/healthSubscores';

async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
}

async function render(props: Record<string, unknown>): Promise<HTMLElement> {
    const element = createElement('c-health-subscores', { is: HealthSubscores });
    Object.assign(element, props);
    document.body.appendChild(element);
    await flush();
    return element;
}

const $$ = (element: HTMLElement, selector: string) =>
    Array.from(element.shadowRoot?.querySelectorAll(selector) ?? []);
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

const CURRENT = { usage: 62, relationship: 30, support: null, commercial: 55 };
const PREVIOUS = { usage: 70, relationship: 30, support: 80, commercial: 50 };

describe('c-health-subscores', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    });

    it('shows each subscore with its change since the earlier snapshot', async () => {
        const element = await render({ current: CURRENT, previous: PREVIOUS, previousAsOf: '2026-10-21' });
        const rows = $$(element, '.subscore').map((r) =>
            [r.querySelector('.label'), r.querySelector('.value'), r.querySelector('.change')].map(text)
        );
        expect(rows).toEqual([
            ['Usage', '62', '\u22128'],
            ['Relationship', '30', 'no change'],
            ['Support', 'No data', ''],
            ['Commercial', '55', '+5']
        ]);
        expect(text($$(element, '.caption')[0])).toBe('Change since Oct 21 ·');
    });

    it('shows no change column values without an earlier snapshot (empty history)', async () => {
        const element = await render({ current: CURRENT, previous: null });
        expect($$(element, '.change').map(text)).toEqual(['', '', '', '']);
        expect($$(element, '.caption')).toHaveLength(0);
    });

    it('reads "No data" for every dimension when nothing is stored', async () => {
        const element = await render({ current: null });
        expect($$(element, '.value').map(text)).toEqual(['No data', 'No data', 'No data', 'No data']);
    });

    it('is accessible', async () => {
        await expect(
            await render({ current: CURRENT, previous: PREVIOUS, previousAsOf: '2026-10-21', coverage: 80 })
        ).toBeAccessible();
    });
});
