import { createElement } from 'lwc';
import HealthMovement from 'c/healthMovement';
import getMovement from '@salesforce/apex/HealthMovementController.getMovement';

jest.mock(
    '@salesforce/apex/HealthMovementController.getMovement',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);

type ApexAdapter = { emit(value: unknown): void; error(body?: unknown): void; getLastConfig(): unknown };
const adapter = getMovement as unknown as ApexAdapter;

const drivers = (model: string, score: number, d: [string, string, number, string][]) =>
    JSON.stringify({ v: 1, m: model, s: score, d });

const MOVED = {
    days: 30,
    previous: {
        asOf: '2026-10-21',
        score: 72,
        band: 'Green',
        modelVersion: 'default-v2',
        topDrivers: drivers('default-v2', 72, [['CONTACT', 'Decision maker Jane Doe engaged', 6, '003A']])
    },
    current: {
        asOf: '2026-11-20',
        score: 58,
        band: 'Yellow',
        modelVersion: 'default-v2',
        topDrivers: drivers('default-v2', 58, [
            ['CONTACT', 'Decision maker Jane Doe: no meeting in 74 days', -2, '003A'],
            ['SUPPORT_OPEN_CASES', 'Sev2 case 00001234 opened', -6, '500B']
        ])
    }
};

async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
}

async function render(): Promise<HTMLElement> {
    const element = createElement('c-health-movement', { is: HealthMovement });
    Object.assign(element, { recordId: '001A' });
    document.body.appendChild(element);
    return element;
}

const $ = (element: HTMLElement, selector: string) => element.shadowRoot?.querySelector(selector) ?? null;
const $$ = (element: HTMLElement, selector: string) => [
    ...(element.shadowRoot?.querySelectorAll(selector) ?? [])
];
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('c-health-movement', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    });

    it('asks for this account over 30 days and shows the change and the drivers that moved it', async () => {
        const element = await render();
        expect(adapter.getLastConfig()).toEqual({ accountId: '001A', days: 30 });
        adapter.emit(MOVED);
        await flush();
        expect(text($(element, '.headline'))).toBe('\u221214 since Oct 21, 2026');
        expect($(element, '.headline')?.className).toContain('down');
        expect(
            $$(element, 'li').map((li) => [
                text(li.querySelector('.points')),
                text(li.querySelector('.label'))
            ])
        ).toEqual([
            ['\u22128', 'Decision maker Jane Doe: no meeting in 74 days'],
            ['\u22126', 'Sev2 case 00001234 opened']
        ]);
    });

    it('says "no snapshot yet" when there is none, and "nothing to compare" with only one', async () => {
        const element = await render();
        adapter.emit({ days: 30, current: null, previous: null });
        await flush();
        expect(text($(element, '.empty'))).toMatch(/No health snapshot yet/);
        adapter.emit({ days: 30, current: MOVED.current, previous: null });
        await flush();
        expect(text($(element, '.empty'))).toBe('No earlier snapshot to compare with yet');
        expect($(element, 'li')).toBeNull();
    });

    it('a model change is shown as such, never as customer behaviour (no driver list)', async () => {
        const element = await render();
        adapter.emit({
            ...MOVED,
            current: {
                ...MOVED.current,
                modelVersion: 'default-v3',
                topDrivers: drivers('default-v3', 58, [])
            }
        });
        await flush();
        expect(text($(element, '.model-change'))).toBe('Model changed from default-v2 to default-v3');
        expect(text($(element, '.detail'))).toBe(
            '\u221214 since Oct 21, 2026 comes from the new model, not from the customer.'
        );
        expect($(element, 'li')).toBeNull();
    });

    it('an earlier snapshot without driver detail shows the change and says why there is no list', async () => {
        const element = await render();
        adapter.emit({ ...MOVED, previous: { ...MOVED.previous, topDrivers: null } });
        await flush();
        expect(text($(element, '.headline'))).toBe('\u221214 since Oct 21, 2026');
        expect(text($(element, '.no-detail'))).toMatch(/no driver detail/);
    });

    it('an error reads as unavailable, not as a broken card', async () => {
        const element = await render();
        adapter.error({ message: 'boom' });
        await flush();
        expect(text($(element, '.error'))).toBe('Score movement unavailable.');
    });

    it('is accessible: a labelled region, and the list labelled with the whole sentence', async () => {
        const element = await render();
        adapter.emit(MOVED);
        await flush();
        expect($(element, 'section')?.getAttribute('aria-label')).toBe('Why the score moved');
        expect($(element, 'ul')?.getAttribute('aria-label')).toBe(
            '\u221214 since Oct 21, 2026: \u22128 Decision maker Jane Doe: no meeting in 74 days, \u22126 Sev2 case 00001234 opened'
        );
        const axe = jest.requireActual('axe-core') as typeof import('axe-core');
        const results = await axe.run(element.shadowRoot as unknown as Element);
        expect(results.violations.map((v) => v.id)).toEqual([]);
    });
});
