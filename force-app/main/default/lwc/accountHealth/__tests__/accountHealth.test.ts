import { createElement } from 'lwc';
import AccountHealth from 'c/accountHealth';
import { getRecord, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { refreshApex } from '@salesforce/apex';
import mockRecord from './data/getRecord.json';
import mockNotScored from './data/getRecordNotScored.json';
import mockSnapshots from './data/getSnapshots.json';

jest.mock(
    '@salesforce/apex/Account360Controller.getPlays',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/apex/Account360Controller.createPlay', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/Account360Controller.completePlay', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock(
    '@salesforce/apex/HealthRunStatusController.getRunStatus',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/HealthMovementController.getMovement',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });

type TestAdapter = {
    emit(value: unknown): void;
    error(body?: unknown, status?: number, statusText?: string): void;
};
const recordAdapter = getRecord as unknown as TestAdapter;
const snapshotAdapter = getRelatedListRecords as unknown as TestAdapter;

async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
}

type RecordJson = { fields: Record<string, { value: unknown; displayValue?: unknown }> };

function variant(base: unknown, changes: Record<string, unknown>, scoredDaysAgo = 0): RecordJson {
    const copy = JSON.parse(JSON.stringify(base)) as RecordJson;
    copy.fields.Health_Scored_At__c = {
        value: new Date(Date.now() - scoredDaysAgo * 86400000).toISOString()
    };
    for (const [field, value] of Object.entries(changes)) copy.fields[field] = { value, displayValue: null };
    return copy;
}

async function render(record: unknown = variant(mockRecord, {}), snapshots: unknown = mockSnapshots) {
    const element = createElement('c-account-health', { is: AccountHealth });
    (element as unknown as { recordId: string }).recordId = '001000000000001AAA';
    document.body.appendChild(element);
    if (record) recordAdapter.emit(record);
    if (snapshots) snapshotAdapter.emit(snapshots);
    await flush();
    return element;
}

type Props = Record<string, unknown>;
const $ = (element: HTMLElement, selector: string) => element.shadowRoot?.querySelector(selector) ?? null;
const child = (element: HTMLElement, selector: string) => $(element, selector) as unknown as Props | null;
const text = (element: HTMLElement, selector: string) =>
    $(element, selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('c-account-health', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
    });

    it('shows a skeleton at its final size, not a spinner, while the record loads', async () => {
        const element = await render(null, null);
        expect($(element, '.skeleton-hero')).not.toBeNull();
        expect($(element, 'lightning-spinner')).toBeNull();
        expect(text(element, '[role="status"]')).toBe('Loading the health score');
    });

    it('hands the hero the score, band, trend and the caps that explain it', async () => {
        const element = await render();
        const hero = child(element, 'c-health-score-hero');
        expect(hero).toMatchObject({
            band: 'Red',
            score: 34,
            trend: 'Declining',
            scoreChange: -12,
            coverage: 80
        });
        expect((hero?.caps as { code: string }[]).map((c) => c.code)).toEqual(['CHAMPION_MISSING']);
        expect($(element, '.run-status c-health-run-status')).not.toBeNull();
        expect(child(element, 'c-health-plays')).toMatchObject({
            recordId: '001000000000001AAA',
            band: 'Red'
        });
    });

    it('shows the critical risk as a status, never an alert, and only when a cap binds', async () => {
        const element = await render();
        expect($(element, '.critical-risk')?.getAttribute('role')).toBe('status');
        expect(element.shadowRoot?.querySelector('[role="alert"]')).toBeNull();
        const explanation = JSON.stringify({
            drivers: [],
            caps: [{ code: 'NO_PIPELINE', cap: 59, reason: 'caps at 59', applied: false }]
        });
        const notBinding = await render(variant(mockRecord, { Health_Drivers__c: explanation }));
        expect($(notBinding, '.critical-risk')).toBeNull();
    });

    it('gives the drivers waterfall the parsed drivers and the subscores their earlier snapshot', async () => {
        const element = await render();
        const drivers = child(element, 'c-health-drivers');
        expect((drivers?.drivers as unknown[]).length).toBe(8);
        expect(drivers?.score).toBe(34);
        const subscores = child(element, 'c-health-subscores');
        expect(subscores?.current).toEqual({ usage: 58, relationship: 31, support: 62, commercial: null });
        expect(subscores?.previousAsOf).toBe('2026-10-24');
        const chart = child(element, 'c-health-history-chart');
        const history = chart?.history as { asOf: string }[];
        expect(history.map((h) => h.asOf)[0]).toBe('2026-08-29');
        expect(history).toHaveLength(7);
    });

    it('renders Unknown with no critical risk and no low-coverage warning (the hero shows the checklist)', async () => {
        const element = await render(
            variant(mockRecord, { Health_Band__c: 'Unknown', Health_Score__c: null, Health_Coverage__c: 20 })
        );
        expect(child(element, 'c-health-score-hero')).toMatchObject({ band: 'Unknown', score: null });
        expect($(element, '.critical-risk')).toBeNull();
        expect($(element, '.coverage')).toBeNull();
        expect($(element, 'c-health-drivers')).toBeNull();
        expect(text(element, '.unknown-drivers')).toContain('No score to explain yet');
    });

    it('warns when the score is stale, in relative words', async () => {
        const element = await render(variant(mockRecord, {}, 5));
        expect(text(element, '.stale')).toContain('computed 5 days ago');
    });

    it('says when the account has not been scored yet (empty)', async () => {
        const element = await render(mockNotScored);
        expect(text(element, '.not-scored')).toContain('no health score yet');
    });

    it('shows a scoped error with "Try again" when the record cannot be loaded', async () => {
        const element = createElement('c-account-health', { is: AccountHealth });
        (element as unknown as { recordId: string }).recordId = '001000000000001AAA';
        document.body.appendChild(element);
        recordAdapter.error({ message: 'boom' }, 500, 'Server Error');
        await flush();
        const panel = $(element, 'c-error-panel') as HTMLElement & Props;
        expect(panel.friendlyMessage).toBe('Could not load the health score');
        expect(panel.retryable).toBe(true);
        panel.dispatchEvent(new CustomEvent('retry'));
        expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([{ recordId: '001000000000001AAA' }]);
    });

    it('keeps the card when only the history fails, and retries the history alone', async () => {
        const element = createElement('c-account-health', { is: AccountHealth });
        (element as unknown as { recordId: string }).recordId = '001000000000001AAA';
        document.body.appendChild(element);
        recordAdapter.emit(variant(mockRecord, {}));
        snapshotAdapter.error({ message: 'no access to snapshots' }, 403, 'Forbidden');
        await flush();
        expect(child(element, 'c-health-score-hero')).not.toBeNull();
        const chart = $(element, 'c-health-history-chart') as HTMLElement & Props;
        expect(chart.error).toBeTruthy();
        chart.dispatchEvent(new CustomEvent('retry'));
        expect(refreshApex).toHaveBeenCalled();
    });

    it('is accessible', async () => {
        const element = await render();
        await expect(element).toBeAccessible();
    });
});
