import { createElement } from 'lwc';
import HealthRollup from 'c/healthRollup';
import { getRecord } from 'lightning/uiRecordApi';

type TestAdapter = { emit(value: unknown): void; error(body?: unknown): void };
const adapter = getRecord as unknown as TestAdapter;

const record = (fields: Record<string, unknown>) => ({
    id: '001P',
    apiName: 'Account',
    recordTypeId: null,
    fields: Object.fromEntries(
        Object.entries(fields).map(([k, v]) => [
            k,
            k === 'Rollup_Weakest_Child__r'
                ? {
                      value: v === null ? null : { fields: { Name: { value: v, displayValue: null } } },
                      displayValue: null
                  }
                : { value: v, displayValue: null }
        ])
    )
});

async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
}

async function render(data: unknown): Promise<HTMLElement> {
    const element = createElement('c-health-rollup', { is: HealthRollup });
    Object.assign(element, { recordId: '001P' });
    document.body.appendChild(element);
    adapter.emit(data);
    await flush();
    return element;
}

const $ = (element: HTMLElement, selector: string) => element.shadowRoot?.querySelector(selector) ?? null;
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('c-health-rollup', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    });

    it('shows the family roll-up and links the child that drags it down', async () => {
        const element = await render(
            record({
                Rollup_Health_Score__c: 53,
                Rollup_Health_Band__c: 'Yellow',
                Rollup_Summary__c:
                    'ARR-weighted over 4 accounts: 53 (Yellow); Globex EU (31) pulls it down most',
                Rollup_Weakest_Child__c: '001C',
                Rollup_Weakest_Child__r: 'Globex EU'
            })
        );
        expect(text($(element, '.score'))).toBe('53');
        expect(text($(element, '.band'))).toBe('Yellow');
        const link = $(element, '.weakest-link') as HTMLAnchorElement;
        expect(text(link)).toBe('Globex EU');
        expect(link.getAttribute('href')).toBe('/lightning/r/Account/001C/view');
        expect($(element, 'section')?.getAttribute('aria-label')).toBe('Account family roll-up: 53 Yellow');
        expect(text($(element, '.summary'))).toMatch(/ARR-weighted over 4 accounts/);
    });

    it('renders nothing on an account without children, or when the record cannot be read', async () => {
        const element = await render(record({ Rollup_Health_Band__c: null, Rollup_Health_Score__c: null }));
        expect($(element, 'section')).toBeNull();
        adapter.error({ message: 'no access' });
        await flush();
        expect($(element, 'section')).toBeNull();
    });
});
