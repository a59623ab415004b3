import { createElement } from 'lwc';
import Account360 from 'c/account360';
import getAccount360 from '@salesforce/apex/Account360Controller.getAccount360';
import { getNavigateCalledWith, resetNavigationMock } from 'lightning/navigation';
import mockView from './data/getAccount360.json';
import mockEmpty from './data/getAccount360Empty.json';
import { refreshApex } from '@salesforce/apex';

jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });

jest.mock(
    '@salesforce/apex/Account360Controller.getAccount360',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);

type ApexAdapter = { emit(value: unknown): void; error(body?: unknown): void; getLastConfig(): unknown };
const adapter = getAccount360 as unknown as ApexAdapter;

/** Lets wire emissions, promise callbacks and re-renders settle. */
async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
}

async function render(data: unknown = mockView): Promise<HTMLElement> {
    const element = createElement('c-account-360', { is: Account360 });
    (element as unknown as { recordId: string }).recordId = '001000000000001AAA';
    document.body.appendChild(element);
    adapter.emit(data);
    await flush();
    return element;
}

const $ = (element: HTMLElement, selector: string) => element.shadowRoot?.querySelector(selector) ?? null;
const $$ = (element: HTMLElement, selector: string) =>
    Array.from(element.shadowRoot?.querySelectorAll(selector) ?? []);
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('c-account-360', () => {
    beforeEach(() => {
        // The fixture's "today": engagement ages and coldness are computed from it.
        jest.useFakeTimers({ now: new Date('2026-11-22T12:00:00Z'), advanceTimers: true });
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.useRealTimers();
        jest.clearAllMocks();
        resetNavigationMock();
    });

    it('asks for the record page account', async () => {
        await render();
        expect(adapter.getLastConfig()).toEqual({ accountId: '001000000000001AAA' });
    });

    it('groups the buying team by role, decision makers first, unmapped roles last', async () => {
        const element = await render();
        const groups = $$(element, '.role-group').map((g) => g.getAttribute('data-role'));
        expect(groups).toEqual(['Decision Maker', 'Approver', 'Influencer', 'User', 'Role not mapped']);
        const names = $$(element, '.contact-name').map((a) => a.textContent);
        expect(names).toEqual(['Jane Doe', 'Omar Haddad', 'Raj Patel', 'Lena Fischer', 'Tom Becker']);
    });

    it("shows each contact's health and says 'never engaged' or 'no contact in N days' instead of 'Cold'", async () => {
        const element = await render();
        const rows = $$(element, 'li.contact');
        const jane = rows[0];
        const badge = jane?.querySelector('c-health-badge') as unknown as { band: string; score: number };
        expect(badge.band).toBe('Red');
        expect(badge.score).toBe(28);
        expect(text(jane?.querySelector('.engagement'))).toBe('No contact in 74 days');
        expect($$(element, '.cold-badge')).toHaveLength(0);
        const cold = rows
            .filter((r) => r.classList.contains('contact_cold'))
            .map((r) => text(r.querySelector('.contact-name')));
        expect(cold).toHaveLength(2);
        const never = rows.find((r) => text(r.querySelector('.engagement')) === 'Never engaged');
        expect(never).toBeDefined();
        // A never-engaged contact shows the band word without the meaningless "0".
        expect(
            (never?.querySelector('c-health-badge') as unknown as { score: number | null }).score
        ).toBeNull();
        expect(text($(element, '.team-summary'))).toBe(
            '2 of 5 contacts not engaged in 60 days; no decision maker engaged recently'
        );
        expect(text($(element, '.role-summary'))).toMatch(/^\d+ of \d+ not engaged recently$/);
    });

    it('lists interactions newest first with their outcome in words, including a missing outcome', async () => {
        const element = await render();
        const items = $$(element, '.interaction');
        expect(items).toHaveLength(5);
        expect(text(items[0]?.querySelector('.subject'))).toBe('Onboarding follow-up call');
        expect(items.map((i) => text(i.querySelector('.outcome')))).toEqual([
            'Positive',
            'Positive',
            'No outcome',
            'Neutral',
            'Negative'
        ]);
        const channel = items[1]?.querySelector('.channel') as unknown as {
            iconName: string;
            alternativeText: string;
        };
        expect(channel.iconName).toBe('utility:event');
        expect(channel.alternativeText).toBe('Meeting');
    });

    it('shows the 8 newest interactions first and all of them on request', async () => {
        const many = JSON.parse(JSON.stringify(mockView)) as { interactions: { id: string }[] };
        const extra = many.interactions.map((i) => ({ ...i, id: `${i.id}-older` }));
        many.interactions = [...many.interactions, ...extra];
        const element = await render(many);
        expect($$(element, '.interaction')).toHaveLength(8);
        const more = $(element, '.more-interactions') as unknown as HTMLElement & { label: string };
        expect(more.label).toBe('Show all 10');
        more.click();
        await flush();
        expect($$(element, '.interaction')).toHaveLength(10);
    });

    it('shows open opportunities with their probability', async () => {
        const element = await render();
        const rows = $$(element, 'tr.opportunity');
        expect(rows.map((r) => text(r.querySelector('th')))).toEqual([
            'Northwind renewal FY27',
            'Northwind EU fleet add-on'
        ]);
        const probability = rows[0]?.querySelector('.probability lightning-formatted-number') as unknown as {
            value: number;
            formatStyle: string;
        };
        expect(probability.value).toBe(0.6);
        expect(probability.formatStyle).toBe('percent');
    });

    it("gives each amount its own currency, by code when it is not the user's", async () => {
        const element = await render();
        const amounts = $$(element, 'tr.opportunity .amount lightning-formatted-number') as unknown as {
            currencyCode: string;
            currencyDisplayAs: string;
        }[];
        expect(amounts.map((a) => [a.currencyCode, a.currencyDisplayAs])).toEqual([
            ['USD', 'symbol'],
            ['EUR', 'code']
        ]);
        expect(text($(element, 'tr.opportunity .close'))).toBe('Jan 31, 2027');
    });

    it('stacks open opportunities as cards when its section is narrow (phones), a table when wide', async () => {
        const callbacks: ((entries: { contentRect: { width: number } }[]) => void)[] = [];
        const original = (globalThis as { ResizeObserver?: unknown }).ResizeObserver;
        (globalThis as { ResizeObserver?: unknown }).ResizeObserver = class {
            constructor(callback: (entries: { contentRect: { width: number } }[]) => void) {
                callbacks.push(callback);
            }
            observe(): void {}
            disconnect(): void {}
        };
        try {
            const element = await render();
            expect($(element, '.opportunity-list')?.classList.contains('opportunity-list_wide')).toBe(true);
            callbacks.forEach((cb) => cb([{ contentRect: { width: 358 } }]));
            await flush();
            const list = $(element, '.opportunity-list');
            expect(list?.classList.contains('opportunity-list_cards')).toBe(true);
            // Every cell says what it is when the header row is hidden.
            expect(
                Array.from($(element, 'tr.opportunity')?.children ?? []).map((c) =>
                    c.getAttribute('data-label')
                )
            ).toEqual(['Opportunity', 'Stage', 'Probability', 'Amount', 'Close']);
            callbacks.forEach((cb) => cb([{ contentRect: { width: 700 } }]));
            await flush();
            expect($(element, '.opportunity-list')?.classList.contains('opportunity-list_wide')).toBe(true);
        } finally {
            (globalThis as { ResizeObserver?: unknown }).ResizeObserver = original;
        }
    });

    it('orders open cases by severity and counts them per severity', async () => {
        const element = await render();
        expect($$(element, '.case').map((c) => text(c.querySelector('.slds-badge')))).toEqual([
            'Sev2',
            'Sev3',
            'Sev4'
        ]);
        expect(text($(element, '.severity-counts'))).toBe('Sev2: 1 \u00b7 Sev3: 1 \u00b7 Sev4: 1');
        expect(text($(element, '.case'))).toContain('escalated');
    });

    it('summarises the usage trend in words next to the chart', async () => {
        const element = await render();
        expect($$(element, 'rect.usage-bar')).toHaveLength(6);
        expect(text($(element, '.usage-summary'))).toBe(
            '77 of 120 seats active (64%), 11 of 20 features adopted in the period from Nov 1, 2026.'
        );
        expect(text($(element, '.usage-trend'))).toBe('Utilisation down 6 points from the previous period.');
    });

    it('says so when each section is empty', async () => {
        const element = await render(mockEmpty);
        expect($$(element, '.empty').map((p) => text(p))).toEqual([
            'No contacts on this account.',
            'No completed calls, emails or meetings yet.',
            'No open opportunities.',
            'No open cases.',
            'No product usage received for this account.'
        ]);
    });

    it('shows the error panel when the Apex call fails', async () => {
        const element = createElement('c-account-360', { is: Account360 });
        (element as unknown as { recordId: string }).recordId = '001000000000001AAA';
        document.body.appendChild(element);
        adapter.error({ message: 'Could not read the account 360 data: No such column Severity__c' });
        await flush();
        const panel = $(element, 'c-error-panel') as unknown as { friendlyMessage: string; errors: unknown };
        expect(panel.friendlyMessage).toBe('Could not load the account 360 view');
        expect(JSON.stringify(panel.errors)).toContain('No such column Severity__c');
    });

    it('opens a contact record when its name is clicked', async () => {
        const element = await render();
        ($$(element, '.contact-name')[1] as HTMLElement).click();
        expect(getNavigateCalledWith()).toEqual({
            type: 'standard__recordPage',
            attributes: { recordId: '003000000000002AAA', actionName: 'view' }
        });
    });

    it('links contacts, opportunities and cases by real URL (a new tab opens with Ctrl/⌘-click), names in full on hover', async () => {
        const element = await render();
        await flush();
        const links = [
            ...$$(element, '.contact-name'),
            ...$$(element, '.opportunity-name a'),
            ...$$(element, '.case a')
        ];
        expect(links.length).toBeGreaterThan(2);
        for (const link of links) {
            const id = (link as HTMLElement).dataset.id;
            expect(link.getAttribute('href')).toBe(`/lightning/r/${id}/view`);
        }
        const contact = $$(element, '.contact-name')[0] as HTMLElement;
        expect(contact.getAttribute('title')).toBe(contact.textContent);
        // A modified click is left to the browser (new tab); a plain one navigates in the app.
        contact.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ctrlKey: true }));
        expect(getNavigateCalledWith()).toBeUndefined();
    });

    it('gives each one-line contact and case row its full text on hover (names, job titles, subjects are cut)', async () => {
        const element = await render();
        const contactRow = ($$(element, '.contact-name')[0] as HTMLElement).parentElement as HTMLElement;
        const name = text(contactRow.querySelector('.contact-name'));
        const title = text(contactRow.querySelector('.contact-title'));
        expect(contactRow.classList.contains('slds-truncate')).toBe(true);
        expect(contactRow.getAttribute('title')).toBe(`${name} \u00b7 ${title}`);
        const caseRow = ($(element, '.case a') as HTMLElement).parentElement as HTMLElement;
        expect(caseRow.classList.contains('slds-truncate')).toBe(true);
        expect(caseRow.getAttribute('title')).toBe(
            `${text(caseRow.querySelector('a'))} ${text(caseRow.querySelector('a + span'))}`
        );
    });

    it('is accessible', async () => {
        const element = await render();
        jest.useRealTimers(); // axe needs real timers
        await expect(element).toBeAccessible();
    });

    it('shows the next planned steps and says how many interactions exist in total', async () => {
        const element = await render({
            ...mockView,
            interactionTotal: 112,
            upcoming: [
                {
                    id: '00U000000000001AAA',
                    kind: 'Event',
                    activityDate: '2099-12-03',
                    subject: 'QBR with Paul Novak',
                    channel: 'Meeting',
                    outcome: null,
                    contactId: null,
                    contactName: 'Paul Novak',
                    ownerName: 'Leo Park'
                }
            ]
        });
        expect(text($(element, '.upcoming-item .subject'))).toBe('QBR with Paul Novak');
        expect(text($(element, '.interactions-caption'))).toBe('Latest 5 of 112');
    });

    it('keeps the other sections when one fails, with Try again in the failed one', async () => {
        const element = await render({
            ...mockView,
            contacts: [],
            errors: { contacts: 'Could not read this section. Try again; reference AH-1-ABCD.' }
        });
        const panel = $(element, '.buying-team c-error-panel') as unknown as HTMLElement & {
            friendlyMessage: string;
        };
        expect(panel.friendlyMessage).toContain('Could not read this section');
        expect($$(element, '.interaction').length).toBeGreaterThan(0);
        panel.dispatchEvent(new CustomEvent('retry'));
        expect(refreshApex).toHaveBeenCalled();
    });

    it('shows three contacts per role, then all of them on request', async () => {
        const many = Array.from({ length: 5 }, (_, i) => ({
            id: `00300000000000${i}AAA`,
            name: `Influencer ${i}`,
            title: null,
            buyingRole: 'Influencer',
            healthScore: 60,
            healthBand: 'Yellow',
            lastEngagedOn: null
        }));
        const element = await render({ ...mockView, contacts: many });
        expect($$(element, 'li.contact')).toHaveLength(3);
        const more = $(element, 'button.show-role') as HTMLButtonElement;
        expect(text(more)).toBe('Show all 5');
        more.click();
        await Promise.resolve();
        await Promise.resolve();
        expect($$(element, 'li.contact')).toHaveLength(5);
    });
});
