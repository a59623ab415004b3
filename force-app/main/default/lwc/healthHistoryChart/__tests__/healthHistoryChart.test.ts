import { createElement } from 'lwc';
import HealthHistoryChart from 'c/healthHistoryChart';

async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
}

const HISTORY = [
    { asOf: '2026-09-21', score: 72, band: 'Green', modelVersion: 'default-v1' },
    { asOf: '2026-10-21', score: 58, band: 'Yellow', modelVersion: 'default-v1' },
    { asOf: '2026-11-13', score: 39, band: 'Red', modelVersion: 'default-v2' },
    { asOf: '2026-11-20', score: 41, band: 'Red', modelVersion: 'default-v2' }
];

async function render(props: Record<string, unknown>): Promise<HTMLElement> {
    const element = createElement('c-health-history-chart', { is: HealthHistoryChart });
    Object.assign(element, props);
    document.body.appendChild(element);
    await flush();
    return element;
}

const $ = (element: HTMLElement, selector: string) => element.shadowRoot?.querySelector(selector) ?? null;
const $$ = (element: HTMLElement, selector: string) =>
    Array.from(element.shadowRoot?.querySelectorAll(selector) ?? []);
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('c-health-history-chart', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    });

    it('draws one point per snapshot over three band zones, with band and model markers', async () => {
        const element = await render({ history: HISTORY });
        expect($$(element, 'circle')).toHaveLength(4);
        expect($$(element, 'rect.zone')).toHaveLength(3);
        expect($$(element, '.marker_band .marker-label').map(text)).toEqual(['\u2192 Yellow', '\u2192 Red']);
        expect($$(element, '.marker_model .marker-label').map(text)).toEqual(['model default-v2']);
        expect($(element, 'svg')?.getAttribute('aria-label')).toBe(
            'Score history, 4 snapshots: 72 (Green) on Sep 21, 2026 to 41 (Red) on Nov 20, 2026; lowest 39 on Nov 13, 2026; 2 band changes.'
        );
    });

    it('offers the same data as a table, newest first, with locale dates', async () => {
        const element = await render({ history: HISTORY });
        const toggle = $(element, 'button.toggle-table') as HTMLButtonElement;
        toggle.click();
        await flush();
        const rows = $$(element, 'tbody tr').map((r) => Array.from(r.children).map(text));
        expect(rows[0]).toEqual(['Nov 20, 2026', '41', 'Red', '']);
        expect(rows[1]).toEqual(['Nov 13, 2026', '39', 'Red', 'Band Yellow \u2192 Red; Model default-v2']);
        expect(toggle.getAttribute('aria-pressed')).toBe('true');
    });

    it('shows a skeleton while loading and a sentence when there is no history yet', async () => {
        const loading = await render({ loading: true });
        expect($(loading, '.skeleton')).not.toBeNull();
        const empty = await render({ history: [HISTORY[0]] });
        expect(text($(empty, '.no-history'))).toBe(
            'History appears after the sync has run on two different days.'
        );
    });

    it('shows its own error with "Try again", which asks the parent to reload', async () => {
        const element = await render({ error: { body: { message: 'boom' } } });
        const retry = jest.fn();
        element.addEventListener('retry', retry);
        const panel = $(element, 'c-error-panel') as HTMLElement;
        panel.dispatchEvent(new CustomEvent('retry'));
        expect(retry).toHaveBeenCalledTimes(1);
    });

    it('is accessible as a chart and as a table', async () => {
        const element = await render({ history: HISTORY });
        await expect(element).toBeAccessible();
        ($(element, 'button.toggle-table') as HTMLButtonElement).click();
        await flush();
        await expect(element).toBeAccessible();
    });
});
