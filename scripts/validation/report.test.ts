import { DEFAULT_MODEL_CONFIG, parseModelConfig } from '../engine';
import { runBacktest } from './backtest';
import { engineScorer } from './engineScorer';
import { formatTerminalSummary, renderHtmlReport } from './report';
import { generateSynthetic } from './synthetic';

describe('backtest report', () => {
    const run = runBacktest({
        dataset: generateSynthetic({ accounts: 300, seed: 8 }).records,
        scorer: engineScorer,
        config: { ...DEFAULT_MODEL_CONFIG },
        fit: true,
        fittedOn: '2026-11-22',
        validateConfig: (c) => parseModelConfig(c),
        source: 'dataset <exports>/"q3"',
        generatedOn: '2026-11-22'
    });
    const html = renderHtmlReport(run.report);

    it('is one self-contained HTML page with the ROC, band and calibration charts', () => {
        expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
        expect(html).not.toMatch(/<script|<link|<img|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
        for (const title of [
            'ROC: renewals',
            'Renewal rate per band',
            'Calibration: observed',
            'Held-out ROC'
        ])
            expect(html).toContain(title);
        expect(html.match(/<svg /g)).toHaveLength(4);
    });

    it('escapes text that comes from the data', () => {
        expect(html).toContain('dataset &lt;exports&gt;/&quot;q3&quot;');
        expect(html).not.toContain('<exports>');
    });

    it('shows the small-sample warnings in both the page and the terminal summary', () => {
        // 300 accounts: fewer than 100 losses
        expect(run.report.horizons[0]!.counts.warnings.length).toBeGreaterThan(0);
        expect(html).toContain('Read with care');
        const summary = formatTerminalSummary(run.report);
        expect(summary).toMatch(/WARNING: Only \d+ losses/);
        expect(summary).toMatch(
            /held-out AUC at 90 days, tested on \d+ .*: default \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] {2}fitted \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] {2}plain regression \d\.\d{3}/
        );
    });
});
