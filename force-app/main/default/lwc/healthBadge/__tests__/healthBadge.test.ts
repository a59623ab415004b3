import { createElement } from 'lwc';
import HealthBadge from 'c/healthBadge';

function render(props: Record<string, unknown>): HTMLElement {
    const element = createElement('c-health-badge', { is: HealthBadge });
    Object.assign(element, props);
    document.body.appendChild(element);
    return element;
}

const text = (element: HTMLElement, selector: string): string =>
    element.shadowRoot?.querySelector(selector)?.textContent?.trim() ?? '';

describe('c-health-badge', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    it.each([
        ['Green', 'utility:success', 'slds-theme_success'],
        ['Yellow', 'utility:warning', 'slds-theme_warning'],
        ['Red', 'utility:error', 'slds-theme_error'],
        ['Unknown', 'utility:help', 'slds-theme_shade']
    ])('shows %s as a word and its own icon, not colour alone', (band, icon, theme) => {
        const element = render({ band, score: 50 });
        expect(text(element, '.band-label')).toBe(band);
        const badge = element.shadowRoot?.querySelector('.slds-badge');
        expect(badge?.classList.contains(theme)).toBe(true);
        const iconEl = badge?.querySelector('lightning-icon') as unknown as { iconName: string };
        expect(iconEl.iconName).toBe(icon);
    });

    it('reads a blank or unexpected band as Unknown', () => {
        expect(text(render({ band: null }), '.band-label')).toBe('Unknown');
        expect(text(render({ band: 'Purple' }), '.band-label')).toBe('Unknown');
    });

    it('shows the score and a declining trend with its signed change', () => {
        const element = render({ band: 'Red', score: 34, trend: 'Declining', scoreChange: -12 });
        expect(text(element, '.score')).toBe('34');
        expect(text(element, '.trend-text')).toBe('Declining \u221212 pts');
        const arrow = element.shadowRoot?.querySelector('.trend lightning-icon') as unknown as {
            iconName: string;
        };
        expect(arrow.iconName).toBe('utility:arrowdown');
        expect(text(element, '.slds-assistive-text')).toBe(
            'Health Red: At risk, score 34, Declining \u221212 pts'
        );
    });

    it('shows an improving trend with an up arrow and hides the trend on request', async () => {
        const element = render({ band: 'Green', score: 81, trend: 'Improving', scoreChange: 6 });
        expect(text(element, '.trend-text')).toBe('Improving +6 pts');
        (element as unknown as { hideTrend: boolean }).hideTrend = true;
        await Promise.resolve();
        expect(element.shadowRoot?.querySelector('.trend')).toBeNull();
    });

    it('leaves the score out when there is none', () => {
        const element = render({ band: 'Unknown', score: null });
        expect(element.shadowRoot?.querySelector('.score')).toBeNull();
        expect(text(element, '.slds-assistive-text')).toBe('Health Unknown: Not enough data');
    });

    it('is accessible', async () => {
        const element = render({ band: 'Yellow', score: 55, trend: 'Stable', scoreChange: 1 });
        await expect(element).toBeAccessible();
    });
});
