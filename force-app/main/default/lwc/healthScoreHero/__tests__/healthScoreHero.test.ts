import { createElement } from 'lwc';
import HealthScoreHero from 'c/healthScoreHero';

async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
}

async function render(props: Record<string, unknown>): Promise<HTMLElement> {
    const element = createElement('c-health-score-hero', { is: HealthScoreHero });
    Object.assign(element, props);
    document.body.appendChild(element);
    await flush();
    return element;
}

const $ = (element: HTMLElement, selector: string) => element.shadowRoot?.querySelector(selector) ?? null;
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

const ORION = {
    band: 'Red',
    score: 39,
    trend: 'Declining',
    scoreChange: -26,
    modelVersion: 'default-v1',
    caps: [
        {
            code: 'CHAMPION_MISSING',
            cap: 39,
            reason: 'No active champion caps the score at 39',
            applied: true
        },
        { code: 'NO_PIPELINE', cap: 59, reason: 'No open opportunity caps the score at 59', applied: false }
    ]
};

describe('c-health-score-hero', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    });

    it('shows the score, the distance to the next band and only the caps that bind', async () => {
        const element = await render(ORION);
        expect(text($(element, '.score-value'))).toBe('39');
        expect(text($(element, '.distance'))).toBe('1 point below Yellow · capped by: no active champion');
        expect(text($(element, '.meta'))).toBe('model default-v1');
    });

    it('says how far a Yellow or Green account is from its neighbour band', async () => {
        const yellow = await render({ band: 'Yellow', score: 55 });
        expect(text($(yellow, '.distance'))).toBe('15 points below Green');
        const green = await render({ band: 'Green', score: 82, greenThreshold: 75 });
        expect(text($(green, '.distance'))).toBe('7 points above the Yellow line');
    });

    it('renders Unknown as its own state with no number and a checklist of missing data', async () => {
        const element = await render({
            band: 'Unknown',
            score: null,
            coverage: 20,
            subscores: { usage: null, relationship: null, support: 70, commercial: 60 }
        });
        expect($(element, '.score-value')).toBeNull();
        expect(text($(element, '.coverage-text'))).toBe(
            'Only 20% of the model had data, too little to score.'
        );
        const items = Array.from(element.shadowRoot?.querySelectorAll('.checklist li') ?? []).map((li) =>
            li.getAttribute('data-dimension')
        );
        expect(items).toEqual(['relationship', 'usage']);
    });

    it('treats a band without a score (empty record) as Unknown, never as "50 / 100"', async () => {
        const element = await render({ band: null, score: null });
        expect($(element, '[data-state="unknown"]')).not.toBeNull();
        expect(text(element.shadowRoot as unknown as Element)).not.toContain('/ 100');
    });

    it('is accessible, scored and Unknown', async () => {
        await expect(await render(ORION)).toBeAccessible();
        await expect(await render({ band: 'Unknown', score: null, coverage: 0 })).toBeAccessible();
    });
});
