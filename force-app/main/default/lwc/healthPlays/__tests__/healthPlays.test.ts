import { createElement } from 'lwc';
import HealthPlays from 'c/healthPlays';
import getPlays from '@salesforce/apex/Account360Controller.getPlays';
import createPlay from '@salesforce/apex/Account360Controller.createPlay';
import completePlay from '@salesforce/apex/Account360Controller.completePlay';
import { refreshApex } from '@salesforce/apex';

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
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });

type ApexAdapter = { emit(value: unknown): void; error(body?: unknown): void };
const adapter = getPlays as unknown as ApexAdapter;
const create = createPlay as unknown as jest.Mock;
const complete = completePlay as unknown as jest.Mock;

const iso = (offsetDays: number) => {
    const d = new Date();
    d.setDate(d.getDate() + offsetDays);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

const OPEN = {
    open: [
        {
            id: '00T000000000001AAA',
            subject: 'Health: re-engage the decision maker within 48 hours',
            playKey: 'Yellow_Entered',
            dueDate: iso(-2),
            ownerName: 'Maya Chen',
            ownerId: '005000000000001AAA',
            priority: 'High'
        },
        {
            id: '00T000000000002AAA',
            subject: 'Health: review a sharp score drop',
            playKey: 'Score_Drop_Review',
            dueDate: iso(3),
            ownerName: 'Maya Chen',
            ownerId: '005000000000001AAA',
            priority: 'Normal'
        }
    ],
    suggested: null
};
const SUGGESTED = {
    open: [],
    suggested: {
        key: 'Red_Entered_Owner',
        subject: 'Health: account entered Red - call the customer and draft the recovery plan',
        description: 'Call the customer.',
        dueInDays: 2
    }
};

async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
}

async function render(band = 'Yellow'): Promise<HTMLElement> {
    const element = createElement('c-health-plays', { is: HealthPlays });
    Object.assign(element, { recordId: '001000000000001AAA', band });
    document.body.appendChild(element);
    await flush();
    return element;
}

const $ = (element: HTMLElement, selector: string) => element.shadowRoot?.querySelector(selector) ?? null;
const $$ = (element: HTMLElement, selector: string) =>
    Array.from(element.shadowRoot?.querySelectorAll(selector) ?? []);
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('c-health-plays', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
    });

    it('shows a skeleton at its final size while loading', async () => {
        const element = await render();
        expect($(element, '.skeleton')).not.toBeNull();
        expect(text($(element, '[role="status"]'))).toBe('Loading the open plays');
    });

    it('lists the open plays with owner and a relative due date, overdue ones marked', async () => {
        const element = await render();
        adapter.emit(OPEN);
        await flush();
        const plays = $$(element, '.play');
        expect(plays).toHaveLength(2);
        expect(text(plays[0]?.querySelector('.play-subject'))).toBe(OPEN.open[0]?.subject);
        expect(text(plays[0]?.querySelector('.due'))).toBe('Overdue, due 2 days ago');
        expect(plays[0]?.querySelector('.due_overdue')).not.toBeNull();
        expect(text(plays[1]?.querySelector('.due'))).toBe('Due in 3 days');
        expect(text(plays[0]?.querySelector('.owner'))).toBe('· Owner Maya Chen');
    });

    it('marks a play done with the outcome the validation rule asks for, then refreshes', async () => {
        complete.mockResolvedValue(undefined);
        const element = await render();
        adapter.emit(OPEN);
        await flush();
        ($(element, 'button.mark-done') as HTMLButtonElement).click();
        await flush();
        const negative = $$(element, 'button.outcome').find(
            (b) => text(b) === 'Negative'
        ) as HTMLButtonElement;
        negative.click();
        await flush();
        expect(complete).toHaveBeenCalledWith({ taskId: '00T000000000001AAA', outcome: 'Negative' });
        expect(refreshApex).toHaveBeenCalled();
    });

    it('offers the band play as a one-click task when no play is open', async () => {
        create.mockResolvedValue({ id: '00T000000000009AAA' });
        const element = await render('Red');
        adapter.emit(SUGGESTED);
        await flush();
        expect(text($(element, '.no-plan'))).toBe('No plan yet.');
        expect(text($(element, '.suggested-subject'))).toBe(SUGGESTED.suggested.subject);
        ($(element, 'button.create-play') as HTMLButtonElement).click();
        await flush();
        expect(create).toHaveBeenCalledWith({
            accountId: '001000000000001AAA',
            playKey: 'Red_Entered_Owner'
        });
    });

    it('says calmly when there is nothing to do', async () => {
        const element = await render('Green');
        adapter.emit({ open: [], suggested: null });
        await flush();
        expect(text($(element, '.nothing'))).toBe(
            'No open play. The account is healthy: keep the usual cadence.'
        );
    });

    it('shows its own error with "Try again" and keeps working after a failed action', async () => {
        const element = await render();
        adapter.error({ message: 'Could not read the open plays. Try again; reference AH-1-ABCD.' });
        await flush();
        const panel = $(element, 'c-error-panel') as HTMLElement & { friendlyMessage: string };
        expect(panel.friendlyMessage).toBe('Could not load the open plays');
        panel.dispatchEvent(new CustomEvent('retry'));
        await flush();
        expect(refreshApex).toHaveBeenCalled();
    });

    it('reports a failed create next to the button', async () => {
        create.mockRejectedValue({ body: { message: 'Could not create the task: insufficient access' } });
        const element = await render('Red');
        adapter.emit(SUGGESTED);
        await flush();
        ($(element, 'button.create-play') as HTMLButtonElement).click();
        await flush();
        const panel = $(element, 'c-error-panel') as HTMLElement & { errors: unknown };
        expect(panel.errors).toEqual({ body: { message: 'Could not create the task: insufficient access' } });
    });

    it('is accessible with plays, with a suggestion and when choosing an outcome', async () => {
        const element = await render();
        adapter.emit(OPEN);
        await flush();
        await expect(element).toBeAccessible();
        ($(element, 'button.mark-done') as HTMLButtonElement).click();
        await flush();
        await expect(element).toBeAccessible();
        const other = await render('Red');
        adapter.emit(SUGGESTED);
        await flush();
        await expect(other).toBeAccessible();
    });
});
