import { createElement } from 'lwc';
import HealthTeamView from 'c/healthTeamView';
import { updateRecord } from 'lightning/uiRecordApi';
import { getPicklistValuesByRecordType } from 'lightning/uiObjectInfoApi';
import { ShowToastEventName } from 'lightning/platformShowToastEvent';
import mockRecord from './data/getRecord.json';
import mockPicklists from './data/getPicklistValues.json';

type TestAdapter = { emit(value: unknown): void };
const picklistAdapter = getPicklistValuesByRecordType as unknown as TestAdapter;
const updateRecordMock = updateRecord as unknown as jest.Mock;

async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
}

function withReviewedDaysAgo(days: number | null): unknown {
    const copy = JSON.parse(JSON.stringify(mockRecord)) as {
        fields: Record<string, { value: unknown; displayValue: unknown }>;
    };
    const d = new Date(Date.now() - (days ?? 0) * 86400000);
    copy.fields.Qualitative_Reviewed_On__c = {
        value: days === null ? null : d.toISOString().slice(0, 10),
        displayValue: null
    };
    return copy;
}

async function render(props: Record<string, unknown> = {}): Promise<HTMLElement> {
    const element = createElement('c-health-team-view', { is: HealthTeamView });
    Object.assign(element, { record: withReviewedDaysAgo(10), band: 'Red', ...props });
    document.body.appendChild(element);
    picklistAdapter.emit(mockPicklists);
    await flush();
    return element;
}

const $ = (element: HTMLElement, selector: string) => element.shadowRoot?.querySelector(selector) ?? null;
const $$ = (element: HTMLElement, selector: string) =>
    Array.from(element.shadowRoot?.querySelectorAll(selector) ?? []);
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('c-health-team-view', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
    });

    it('shows the three values and when they were reviewed', async () => {
        const element = await render();
        expect($$(element, '.overlay-value dd').map(text)).toEqual(['Missing', 'Lapsed', 'In Development']);
        expect(text($(element, '.reviewed'))).toMatch(/^Reviewed 10 days ago \(/);
        expect($(element, '.review-due')).toBeNull();
    });

    it('nudges a review when it is older than 30 days or never happened (empty)', async () => {
        const old = await render({ record: withReviewedDaysAgo(45) });
        expect(text($(old, '.review-due'))).toBe('· review due');
        const never = await render({ record: withReviewedDaysAgo(null) });
        expect(text($(never, '.reviewed'))).toBe('Never reviewed · review due');
    });

    it('edits in place, saves with the review date, and recomputes the divergence while editing', async () => {
        const element = await render({ band: 'Red' });
        const toasts: CustomEvent[] = [];
        element.addEventListener(ShowToastEventName, (e) => toasts.push(e as CustomEvent));
        ($(element, '.edit-overlay') as HTMLElement).click();
        await flush();
        const comboboxes = $$(element, 'lightning-combobox') as unknown as (HTMLElement & {
            value: string;
            options: { value: string }[];
        })[];
        expect(comboboxes[0]?.options.map((o) => o.value)).toEqual(['', 'Active', 'At Risk', 'Missing']);
        const set = (i: number, value: string) =>
            comboboxes[i]?.dispatchEvent(new CustomEvent('change', { detail: { value } }));
        set(0, 'Active');
        set(1, 'Active');
        set(2, 'Defensible');
        await flush();
        expect(text($(element, '.divergence'))).toContain('Scored Red, but the team rates');
        ($(element, 'lightning-button.save') as HTMLElement).click();
        await flush();
        const { fields } = updateRecordMock.mock.calls[0][0];
        expect(fields).toMatchObject({ Id: '001000000000001AAA', Champion_Status__c: 'Active' });
        expect(fields.Qualitative_Reviewed_On__c).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(toasts.map((t) => t.detail.variant)).toEqual(['success']);
    });

    it('keeps the editor open and shows the error when saving fails', async () => {
        updateRecordMock.mockRejectedValueOnce({
            body: { message: 'bad value for restricted picklist field' }
        });
        const element = await render();
        ($(element, '.edit-overlay') as HTMLElement).click();
        await flush();
        ($(element, 'lightning-button.save') as HTMLElement).click();
        await flush();
        const panel = $(element, 'c-error-panel') as unknown as { friendlyMessage: string };
        expect(panel.friendlyMessage).toBe('Could not save the review');
        expect($$(element, 'lightning-combobox')).toHaveLength(3);
    });

    it('shows the engine divergence when the live check finds none', async () => {
        const element = await render({ band: 'Yellow', engineDivergence: 'Engine says the team disagrees.' });
        expect(text($(element, '.divergence'))).toBe('Team view differs: Engine says the team disagrees.');
    });

    it('is accessible, viewing and editing', async () => {
        const element = await render();
        await expect(element).toBeAccessible();
        ($(element, '.edit-overlay') as HTMLElement).click();
        await flush();
        await expect(element).toBeAccessible();
    });
});
