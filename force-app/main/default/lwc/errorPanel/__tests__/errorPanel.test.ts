import { createElement } from 'lwc';
import ErrorPanel from 'c/errorPanel';

/** Lets re-renders settle. */
async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
}

function render(props: Record<string, unknown>): HTMLElement {
    const element = createElement('c-error-panel', { is: ErrorPanel });
    Object.assign(element, props);
    document.body.appendChild(element);
    return element;
}

const $ = (element: HTMLElement, selector: string) => element.shadowRoot?.querySelector(selector) ?? null;

describe('c-error-panel', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    it('shows the friendly message as an alert and the details on request', async () => {
        const element = render({
            friendlyMessage: 'Could not load the portfolio',
            errors: { body: { message: 'Could not read the portfolio: No such column ARR__c' } }
        });
        expect($(element, '[role="alert"]')).not.toBeNull();
        expect($(element, '.friendly-message')?.textContent).toBe('Could not load the portfolio');
        expect($(element, '.details')).toBeNull();
        const toggle = $(element, 'button.toggle') as HTMLButtonElement;
        expect(toggle.getAttribute('aria-expanded')).toBe('false');
        toggle.click();
        await flush();
        expect($(element, '.details')?.textContent).toBe(
            'Could not read the portfolio: No such column ARR__c'
        );
        expect(toggle.getAttribute('aria-expanded')).toBe('true');
        expect(toggle.textContent?.trim()).toBe('Hide details');
    });

    it('shows a generic message and no details button when the error says nothing', () => {
        const element = render({ errors: {} });
        expect($(element, '.friendly-message')?.textContent).toBe('Something went wrong while loading data');
        expect($(element, 'button.toggle')).toBeNull();
    });

    it('offers "Try again" only when the section can reload, and fires retry', () => {
        const element = render({ friendlyMessage: 'Could not load the plays', retryable: true });
        const retry = jest.fn();
        element.addEventListener('retry', retry);
        ($(element, 'button.retry') as HTMLButtonElement).click();
        expect(retry).toHaveBeenCalledTimes(1);
        const plain = render({ friendlyMessage: 'Could not save' });
        expect($(plain, 'button.retry')).toBeNull();
    });

    it('is accessible', async () => {
        const element = render({ friendlyMessage: 'Could not save', errors: new Error('Network down') });
        ($(element, 'button.toggle') as HTMLButtonElement).click();
        await flush();
        await expect(element).toBeAccessible();
    });
});
