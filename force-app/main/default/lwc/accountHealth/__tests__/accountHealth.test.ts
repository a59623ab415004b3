import { createElement } from 'lwc';
import AccountHealth from 'c/accountHealth';
import { getRecord, updateRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { getPicklistValuesByRecordType } from 'lightning/uiObjectInfoApi';
import { ShowToastEventName } from 'lightning/platformShowToastEvent';
import mockRecord from './data/getRecord.json';
import mockGreenDivergent from './data/getRecordGreenDivergent.json';
import mockNotScored from './data/getRecordNotScored.json';
import mockSnapshots from './data/getSnapshots.json';
import mockPicklists from './data/getPicklistValues.json';

/** The LDS test adapters sfdx-lwc-jest provides: emit data or an error to the wired component. */
type TestAdapter = {
    emit(value: unknown): void;
    error(body?: unknown, status?: number, statusText?: string): void;
};
const recordAdapter = getRecord as unknown as TestAdapter;
const snapshotAdapter = getRelatedListRecords as unknown as TestAdapter;
const picklistAdapter = getPicklistValuesByRecordType as unknown as TestAdapter;
const updateRecordMock = updateRecord as unknown as jest.Mock;

/** Lets wire emissions, promise callbacks and re-renders settle. */
async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
}

/** A copy of a record payload whose score was computed `daysAgo` days before now. */
function scoredDaysAgo<T extends { fields: Record<string, { value: unknown }> }>(
    record: T,
    daysAgo: number
): T {
    const copy = JSON.parse(JSON.stringify(record)) as T;
    copy.fields.Health_Scored_At__c = { value: new Date(Date.now() - daysAgo * 86400000).toISOString() };
    return copy;
}

async function render(record: unknown = scoredDaysAgo(mockRecord, 0)): Promise<HTMLElement> {
    const element = createElement('c-account-health', { is: AccountHealth });
    (element as unknown as { recordId: string }).recordId = '001000000000001AAA';
    document.body.appendChild(element);
    recordAdapter.emit(record);
    snapshotAdapter.emit(mockSnapshots);
    picklistAdapter.emit(mockPicklists);
    await flush();
    return element;
}

const $ = (element: HTMLElement, selector: string) => element.shadowRoot?.querySelector(selector) ?? null;
const $$ = (element: HTMLElement, selector: string) =>
    Array.from(element.shadowRoot?.querySelectorAll(selector) ?? []);
const text = (element: HTMLElement, selector: string) =>
    $(element, selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('c-account-health', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('shows the score, band and trend through the health badge', async () => {
        const element = await render();
        expect(text(element, '.score-value')).toBe('34');
        const badge = $(element, 'c-health-badge') as unknown as Record<string, unknown>;
        expect(badge.band).toBe('Red');
        expect(badge.score).toBe(34);
        expect(badge.trend).toBe('Declining');
        expect(badge.scoreChange).toBe(-12);
        expect(text(element, '.meta')).toContain('At risk since 2026-11-04');
        expect(text(element, '.summary')).toContain('Champion missing');
    });

    it('shows the four subscores, with "No data" for a missing dimension', async () => {
        const element = await render();
        const values = $$(element, '.subscore').map((row) => [
            row.querySelector('.subscore-label')?.textContent,
            row.querySelector('.subscore-value')?.textContent
        ]);
        expect(values).toEqual([
            ['Usage', '58'],
            ['Relationship', '31'],
            ['Support', '62'],
            ['Commercial', 'No data']
        ]);
    });

    it('shows the critical risk, the data-quality flags and the Warm + Red lifecycle warning', async () => {
        const element = await render();
        expect(text(element, '.critical-risk')).toContain('Champion status Missing caps the score at 39');
        expect($$(element, '.data-quality li').map((li) => li.textContent)).toEqual([
            '32% of activities have no outcome logged',
            'Usage data is 21 days old'
        ]);
        expect(text(element, '.lifecycle')).toBe('Warm');
        expect(text(element, '.lifecycle-hint')).toContain('Warm and Red');
        expect($(element, '.stale')).toBeNull();
    });

    it('lists the drivers by effect with signed points and expands to all of them', async () => {
        const element = await render();
        let drivers = $$(element, '.driver');
        expect(drivers).toHaveLength(6);
        expect(drivers[0]?.querySelector('.points')?.textContent?.trim()).toBe('\u221214');
        expect(drivers[0]?.querySelector('.driver-label')?.textContent).toBe(
            'Champion status Missing caps the score at 39'
        );
        const arrow = drivers[0]?.querySelector('lightning-icon') as unknown as { iconName: string };
        expect(arrow.iconName).toBe('utility:arrowdown');
        const toggle = $(element, '.toggle-drivers') as HTMLButtonElement;
        expect(toggle.textContent?.trim()).toBe('Show all 8');
        toggle.click();
        await flush();
        drivers = $$(element, '.driver');
        expect(drivers).toHaveLength(8);
        expect(drivers[7]?.textContent).toContain('Model baseline');
    });

    it('draws the score history oldest to newest with a text alternative', async () => {
        const element = await render();
        expect($$(element, 'circle')).toHaveLength(7);
        const chart = $(element, 'svg.chart-svg');
        expect(chart?.getAttribute('aria-label')).toBe(
            'Score history, 7 snapshots: 71 (Green) on 2026-08-29 to 34 (Red) on 2026-11-21; lowest 34 on 2026-11-21.'
        );
        const first = $$(element, 'circle')[0];
        expect(first?.getAttribute('class')).toContain('point_green');
    });

    it('warns when the score is stale', async () => {
        const element = await render(scoredDaysAgo(mockRecord, 10));
        expect(text(element, '.stale')).toContain('computed 10 days ago');
    });

    it('flags divergence, low coverage, an unreadable explanation and expansion readiness', async () => {
        const element = await render(scoredDaysAgo(mockGreenDivergent, 1));
        expect(text(element, '.divergence')).toContain('Scored Green, but the champion is at risk');
        expect(text(element, '.coverage')).toBe(
            'Low coverage: Only 45% of the model had data. No usage or commercial data. Treat the score as a rough signal.'
        );
        expect($(element, '.unreadable')).not.toBeNull();
        expect(text(element, '.expansion')).toBe('Expansion ready');
    });

    it('says when the account has not been scored yet', async () => {
        const element = await render(mockNotScored);
        expect(text(element, '.not-scored')).toContain('no health score yet');
        expect($(element, 'c-health-badge')).toBeNull();
    });

    it('shows the error panel when the record cannot be loaded', async () => {
        const element = createElement('c-account-health', { is: AccountHealth });
        (element as unknown as { recordId: string }).recordId = '001000000000001AAA';
        document.body.appendChild(element);
        recordAdapter.error(
            [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'You do not have access to this record.' }],
            403
        );
        await flush();
        const panel = $(element, 'c-error-panel') as unknown as { friendlyMessage: string; errors: unknown };
        expect(panel.friendlyMessage).toBe('Could not load the health score');
        expect(JSON.stringify(panel.errors)).toContain('You do not have access to this record.');
    });

    it('shows the error panel in the history area when snapshots cannot be loaded', async () => {
        const element = createElement('c-account-health', { is: AccountHealth });
        (element as unknown as { recordId: string }).recordId = '001000000000001AAA';
        document.body.appendChild(element);
        recordAdapter.emit(scoredDaysAgo(mockRecord, 0));
        snapshotAdapter.error();
        await flush();
        const panel = $(element, 'c-error-panel') as unknown as { friendlyMessage: string };
        expect(panel.friendlyMessage).toBe('Could not load the score history');
        expect(text(element, '.score-value')).toBe('34');
    });

    it('edits the qualitative view in place, saves it with the review date and updates the divergence', async () => {
        const element = await render();
        const toasts: CustomEvent[] = [];
        element.addEventListener(ShowToastEventName, (e) => toasts.push(e as CustomEvent));
        ($(element, '.edit-overlay') as HTMLElement).click();
        await flush();

        const comboboxes = $$(element, 'lightning-combobox');
        expect(comboboxes.map((c) => (c as unknown as { label: string }).label)).toEqual([
            'Champion',
            'Executive engagement',
            'Outcome narrative'
        ]);
        const champion = comboboxes[0] as unknown as HTMLElement & {
            value: string;
            options: { value: string }[];
        };
        expect(champion.value).toBe('Missing');
        expect(champion.options.map((o) => o.value)).toEqual(['', 'Active', 'At Risk', 'Missing']);
        champion.dispatchEvent(new CustomEvent('change', { detail: { value: 'Active' } }));
        await flush();

        ($(element, 'lightning-button.save') as HTMLElement).click();
        await flush();
        expect(updateRecordMock).toHaveBeenCalledTimes(1);
        const { fields } = updateRecordMock.mock.calls[0][0];
        expect(fields).toMatchObject({
            Id: '001000000000001AAA',
            Champion_Status__c: 'Active',
            Executive_Engagement__c: 'Lapsed',
            Outcome_Narrative__c: 'In Development'
        });
        expect(fields.Qualitative_Reviewed_On__c).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(toasts.map((t) => t.detail.variant)).toEqual(['success']);
        expect($(element, 'lightning-combobox')).toBeNull();
    });

    it('keeps the editor open and reports the error when saving fails', async () => {
        updateRecordMock.mockRejectedValueOnce({
            body: { message: 'Champion Status: bad value for restricted picklist field: Gone' }
        });
        const element = await render();
        const toasts: CustomEvent[] = [];
        element.addEventListener(ShowToastEventName, (e) => toasts.push(e as CustomEvent));
        ($(element, '.edit-overlay') as HTMLElement).click();
        await flush();
        ($(element, 'lightning-button.save') as HTMLElement).click();
        await flush();
        expect(toasts.map((t) => t.detail.variant)).toEqual(['error']);
        expect(toasts[0]?.detail.message).toContain('bad value for restricted picklist');
        const panel = $(element, '.overlay c-error-panel') as unknown as { friendlyMessage: string };
        expect(panel.friendlyMessage).toBe('Could not save the review');
        expect($$(element, 'lightning-combobox')).toHaveLength(3);
    });

    it('cancel leaves the values unchanged', async () => {
        const element = await render();
        ($(element, '.edit-overlay') as HTMLElement).click();
        await flush();
        ($(element, 'lightning-button.cancel') as HTMLElement).click();
        await flush();
        expect(updateRecordMock).not.toHaveBeenCalled();
        expect($$(element, '.overlay-value dd').map((dd) => dd.textContent)).toEqual([
            'Missing',
            'Lapsed',
            'In Development'
        ]);
    });

    it('is accessible', async () => {
        const element = await render();
        await expect(element).toBeAccessible();
    });
});
