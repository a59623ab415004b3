import { createElement } from 'lwc';
import HealthRunStatus from 'c/healthRunStatus';
import getRunStatus from '@salesforce/apex/HealthRunStatusController.getRunStatus';

jest.mock(
    '@salesforce/apex/HealthRunStatusController.getRunStatus',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);

type ApexAdapter = { emit(value: unknown): void; error(body?: unknown): void };
const adapter = getRunStatus as unknown as ApexAdapter;

const FRESH = {
    scoresAsOf: '2026-11-20',
    lastSuccessAt: '2026-11-20T02:10:00.000Z',
    lastRunAt: '2026-11-20T02:10:00.000Z',
    lastRunStatus: 'Succeeded',
    lastRunExitCode: 0,
    lastRunError: null,
    running: false,
    stale: false,
    staleAfterHours: 36,
    hasRuns: true
};

async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
}

async function render(data: unknown, props: Record<string, unknown> = {}): Promise<HTMLElement> {
    const element = createElement('c-health-run-status', { is: HealthRunStatus });
    Object.assign(element, props);
    document.body.appendChild(element);
    adapter.emit(data);
    await flush();
    return element;
}

const $ = (element: HTMLElement, selector: string) => element.shadowRoot?.querySelector(selector) ?? null;
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('c-health-run-status', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    });

    it('shows the as-of date, the last run and its status, and no warning when fresh', async () => {
        const element = await render(FRESH);
        expect(text($(element, '.as-of'))).toContain('Scores as of');
        expect(($(element, '.as-of-date') as unknown as { value: string }).value).toBe('2026-11-20');
        expect(($(element, '.last-run-time') as unknown as { value: string }).value).toBe(
            '2026-11-20T02:10:00.000Z'
        );
        expect(text($(element, '.run-status'))).toBe('Succeeded');
        expect($(element, '.warning')).toBeNull();
    });

    it('warns when no sync has succeeded for 36 hours', async () => {
        const element = await render({ ...FRESH, stale: true });
        expect(text($(element, '.warning'))).toContain('No sync has succeeded for more than 36 hours');
    });

    it('warns when the last run failed, with its short error', async () => {
        const element = await render({
            ...FRESH,
            lastRunStatus: 'Failed',
            lastRunExitCode: 6,
            lastRunError: 'REQUEST_LIMIT_EXCEEDED'
        });
        expect(text($(element, '.warning'))).toBe('The last sync ended Failed: REQUEST_LIMIT_EXCEEDED.');
        expect($(element, '.run-status')?.className).toContain('slds-text-color_error');
    });

    it('says so when no run was ever recorded', async () => {
        const element = await render({
            ...FRESH,
            scoresAsOf: null,
            lastSuccessAt: null,
            lastRunAt: null,
            lastRunStatus: null,
            stale: true,
            hasRuns: false
        });
        expect(text($(element, '.as-of'))).toBe('No successful sync yet');
        expect(text($(element, '.warning'))).toContain('No sync run is recorded yet');
    });

    it('hideWhenHealthy renders nothing while fresh, and the warning when stale', async () => {
        const fresh = await render(FRESH, { hideWhenHealthy: true });
        expect($(fresh, '.container')).toBeNull();
        document.body.removeChild(fresh);
        const stale = await render({ ...FRESH, stale: true }, { hideWhenHealthy: true });
        expect($(stale, '.warning')).not.toBeNull();
    });

    it('a read error shows a quiet line, not a broken card', async () => {
        const element = createElement('c-health-run-status', { is: HealthRunStatus });
        document.body.appendChild(element);
        adapter.error({ body: { message: 'no access' } });
        await flush();
        expect(text($(element, '.unavailable'))).toBe('Sync status unavailable.');
    });

    it('is accessible', async () => {
        const element = await render({ ...FRESH, stale: true });
        await expect(element).toBeAccessible();
    });
});
