import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL_CONFIG, ModelSelector, parseCriteria, parseModelConfig } from '../engine';
import { runBacktest } from './backtest';
import { engineScorer } from './engineScorer';
import { backtestPerModel, formatPerModel, partitionByModel, segmentScorer, withPerModel } from './segments';
import { generateSynthetic } from './synthetic';

const large = parseModelConfig({ version: 'org-large-1', relationshipWeight: 60, usageWeight: 10 });
const selector = new ModelSelector(DEFAULT_MODEL_CONFIG, [
    {
        name: 'Health_Segment.Large',
        priority: 1,
        criteria: parseCriteria('ARR__c >= 100000', 'Large'),
        config: large
    }
]);
const { records: dataset } = generateSynthetic({ accounts: 400, seed: 3 });

describe('partitionByModel', () => {
    it('puts each account, with all its records, in the part of its model', () => {
        const parts = partitionByModel(dataset, selector);
        expect(parts.map((p) => p.name)).toEqual(['Health_Segment.Large', 'default']);
        const [big, rest] = parts;
        expect((big?.accounts ?? 0) + (rest?.accounts ?? 0)).toBe(dataset.Account?.length);
        expect(big?.accounts).toBeGreaterThan(0);
        expect(rest?.accounts).toBeGreaterThan(0);
        for (const account of big?.dataset.Account ?? [])
            expect(Number(account.ARR__c)).toBeGreaterThanOrEqual(100000);
        for (const account of rest?.dataset.Account ?? [])
            expect(Number(account.ARR__c ?? 0)).toBeLessThan(100000);
        // Every child record lands in exactly one part.
        for (const object of ['Contact', 'Opportunity', 'Product_Usage__c'])
            expect((big?.dataset[object]?.length ?? 0) + (rest?.dataset[object]?.length ?? 0)).toBe(
                dataset[object]?.length ?? 0
            );
        const ids = new Set((big?.dataset.Account ?? []).map((a) => a.Id));
        for (const contact of big?.dataset.Contact ?? []) expect(ids.has(contact.AccountId)).toBe(true);
    });
});

describe('the backtest with segment models', () => {
    it('scores the whole portfolio as the sync does: each account by its own model', () => {
        const overall = runBacktest({
            dataset,
            scorer: segmentScorer(selector, dataset),
            config: DEFAULT_MODEL_CONFIG,
            horizons: [60]
        });
        const plain = runBacktest({
            dataset,
            scorer: engineScorer,
            config: DEFAULT_MODEL_CONFIG,
            horizons: [60]
        });
        const parts = partitionByModel(dataset, selector);
        const largeRun = runBacktest({
            dataset: parts[0]!.dataset,
            scorer: engineScorer,
            config: large,
            horizons: [60]
        });
        const byOutcome = new Map(
            overall.rows.map((r) => [`${r.outcome.accountId}|${r.outcome.date}`, r.result.score])
        );
        expect(largeRun.rows.length).toBeGreaterThan(0);
        for (const row of largeRun.rows)
            expect(byOutcome.get(`${row.outcome.accountId}|${row.outcome.date}`)).toBe(row.result.score);
        // and the segment model makes a difference on those accounts
        const plainScores = new Map(
            plain.rows.map((r) => [`${r.outcome.accountId}|${r.outcome.date}`, r.result.score])
        );
        expect(
            largeRun.rows.some(
                (row) => plainScores.get(`${row.outcome.accountId}|${row.outcome.date}`) !== row.result.score
            )
        ).toBe(true);
    });

    it('reports each model on its own accounts and fits each one with its own version', () => {
        const out = mkdtempSync(join(tmpdir(), 'segments-backtest-'));
        const results = backtestPerModel(
            dataset,
            selector,
            { horizons: [60], fit: true, fittedOn: '2026-11-20' },
            out
        );
        expect(results.map((r) => [r.name, r.version])).toEqual([
            ['Health_Segment.Large', 'org-large-1'],
            ['default', DEFAULT_MODEL_CONFIG.version]
        ]);
        expect(results.reduce((n, r) => n + r.accounts, 0)).toBe(400);
        for (const r of results) {
            expect(r.outcomes).toBeGreaterThan(0);
            expect(r.horizons[0]?.auc).toBeGreaterThan(0.5);
            expect(r.fit?.files.every((f) => existsSync(f))).toBe(true);
        }
        expect(results.map((r) => r.fit?.version)).toEqual([
            'fitted-2026-11-20-large',
            'fitted-2026-11-20-default'
        ]);
        const json = JSON.parse(readFileSync(results[0]!.fit!.files[1]!, 'utf8')) as { version: string };
        expect(json.version).toBe('fitted-2026-11-20-large');
        expect(readFileSync(results[0]!.fit!.files[0]!, 'utf8')).toContain('fitted-2026-11-20-large');
        const text = formatPerModel(results);
        expect(text).toMatch(/Large \(org-large-1\): \d+ accounts, \d+ outcomes; AUC at 60 days 0\.\d{3}/);
        expect(withPerModel('<html><body></body></html>', results)).toMatch(
            /<h2>Per model<\/h2>[\s\S]*Large[\s\S]*<\/body>/
        );
    });
});
