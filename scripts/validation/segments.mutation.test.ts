// Pins validation/segments.ts (issue 13, mutation testing) on a small portfolio, so a mutation run stays fast:
// the split by model (first matching segment by priority, else the default; every user in each part that has
// accounts), the segment scorer (the model chosen on the account as exported, the config the backtest passes
// ignored), the per-model backtest against a direct backtest of each part (outcomes, AUC and interval, the fit
// and the files it writes, a part without accounts, a fit that fails), and the per-model text and HTML.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
    DEFAULT_MODEL_CONFIG,
    ModelSelector,
    parseCriteria,
    parseModelConfig,
    type ModelConfig
} from '../engine';
import { runBacktest } from './backtest';
import { engineScorer } from './engineScorer';
import { groupByAccount, type AccountRecords } from './history';
import { customMetadataRecordXml, modelConfigJson } from './modelFile';
import {
    backtestPerModel,
    formatPerModel,
    partitionByModel,
    perModelHtml,
    segmentScorer,
    withPerModel,
    type ModelBacktest
} from './segments';
import { generateSynthetic } from './synthetic';
import type { RawDataset } from './synthetic';

// cut to 40 characters, its version ends in "_", which a record's DeveloperName must not
const LONG = 'Health_Segment.Strategic_Enterprises_Accounts_EMEA';
const large = () => parseModelConfig({ version: 'org-large-1', relationshipWeight: 60, usageWeight: 10 });
const mid = () => parseModelConfig({ version: 'org-mid-1', supportWeight: 50, usageWeight: 10 });
const none = () => parseModelConfig({ version: 'org-none-1', commercialWeight: 40, usageWeight: 20 });

/** Large (ARR >= 100,000, priority 1) wins over Mid (ARR >= 50,000, priority 2); the third matches nothing. */
function selector(): ModelSelector {
    return new ModelSelector(DEFAULT_MODEL_CONFIG, [
        {
            name: 'Health_Segment.Mid',
            priority: 2,
            criteria: parseCriteria('ARR__c >= 50000', 'Mid'),
            config: mid()
        },
        { name: LONG, priority: 3, criteria: parseCriteria('ARR__c >= 1000000000', 'Empty'), config: none() },
        {
            name: 'Health_Segment.Large',
            priority: 1,
            criteria: parseCriteria('ARR__c >= 100000', 'Large'),
            config: large()
        }
    ]);
}

let cached: RawDataset | null = null;
/** Computed inside the tests (not while jest collects them): 120 accounts, with the seed's own renewals. */
function dataset(): RawDataset {
    cached ??= generateSynthetic({ accounts: 120, seed: 7 }).records;
    return cached;
}
const arrOf = (account: { ARR__c?: unknown }) => Number(account.ARR__c ?? 0);

describe('partitionByModel', () => {
    it('puts each account in the part of its first matching segment by priority, users in every part with accounts', () => {
        const data = dataset();
        const parts = partitionByModel(data, selector());
        expect(parts.map((p) => [p.name, p.config.version])).toEqual([
            ['Health_Segment.Large', 'org-large-1'],
            ['Health_Segment.Mid', 'org-mid-1'],
            [LONG, 'org-none-1'],
            ['default', DEFAULT_MODEL_CONFIG.version]
        ]);
        const [big, middle, empty, rest] = parts;
        const expected = (test: (arr: number) => boolean) =>
            (data.Account ?? []).filter((a) => test(arrOf(a))).map((a) => a.Id);
        expect(big?.dataset.Account?.map((a) => a.Id)).toEqual(expected((arr) => arr >= 100000));
        expect(middle?.dataset.Account?.map((a) => a.Id)).toEqual(
            expected((arr) => arr >= 50000 && arr < 100000)
        );
        expect(rest?.dataset.Account?.map((a) => a.Id)).toEqual(expected((arr) => arr < 50000));
        for (const part of [big, middle, rest]) {
            expect(part?.accounts).toBe(part?.dataset.Account?.length);
            expect(part?.accounts).toBeGreaterThan(0);
            expect(part?.dataset.User).toEqual(data.User);
            expect(part?.dataset.User).not.toBe(data.User);
        }
        expect(empty?.accounts).toBe(0);
        expect(empty?.dataset).toEqual({});
        // every child record in exactly one part, with its account
        for (const object of ['Contact', 'Task', 'Event', 'Opportunity', 'Case', 'Product_Usage__c']) {
            const counts = [big, middle, rest].map((p) => p?.dataset[object]?.length ?? 0);
            expect(counts.reduce((a, b) => a + b, 0)).toBe(data[object]?.length ?? 0);
        }
        const bigIds = new Set(big?.dataset.Account?.map((a) => a.Id));
        for (const contact of big?.dataset.Contact ?? []) expect(bigIds.has(contact.AccountId)).toBe(true);
        expect(new Set(Object.keys(big?.dataset ?? {}))).toEqual(
            new Set([
                'Account',
                'Contact',
                'User',
                'Task',
                'Event',
                'Opportunity',
                'Case',
                'Product_Usage__c',
                'Account_Health_Snapshot__c'
            ])
        );
    });

    it('gives every part with accounts an empty user list when the dataset has no users', () => {
        const account = { Id: 'A1', Name: 'Acme', ARR__c: 10 };
        const [bigPart, midPart, emptyPart, rest] = partitionByModel({ Account: [account] }, selector());
        expect([bigPart, midPart, emptyPart].map((p) => p?.dataset)).toEqual([{}, {}, {}]);
        expect(rest?.dataset).toEqual({
            Account: [account],
            Contact: [],
            Task: [],
            Event: [],
            Opportunity: [],
            Case: [],
            Product_Usage__c: [],
            Account_Health_Snapshot__c: [],
            User: []
        });
    });
});

describe('segmentScorer', () => {
    it('chooses the model on the account as exported and ignores the config it is passed', () => {
        const data = dataset();
        const accounts = groupByAccount(data);
        const bigAccount = (data.Account ?? []).find((a) => arrOf(a) >= 100000);
        const records = accounts.get(String(bigAccount?.Id)) as AccountRecords;
        const scorer = segmentScorer(selector(), data);
        const asOf = '2025-03-01';
        const want = engineScorer(records, asOf, large());
        // the point-in-time cut blanks ARR__c: the segment still comes from the exported account
        const cut = { ...records, account: { ...records.account, ARR__c: null } };
        expect(scorer(cut, asOf, DEFAULT_MODEL_CONFIG)).toEqual(want);
        expect(engineScorer(cut, asOf, DEFAULT_MODEL_CONFIG)).not.toEqual(want);
        // an account the dataset does not have: chosen on the record itself
        const stranger = (arr: number) => ({
            ...records,
            account: { ...records.account, Id: 'not-in-dataset', ARR__c: arr }
        });
        expect(scorer(stranger(60000), asOf, large())).toEqual(engineScorer(stranger(60000), asOf, mid()));
        expect(scorer(stranger(10), asOf, large())).toEqual(
            engineScorer(stranger(10), asOf, DEFAULT_MODEL_CONFIG)
        );
    });
});

function direct(part: { dataset: RawDataset; config: ModelConfig }, fit: boolean, horizons = [30, 90]) {
    return runBacktest({
        dataset: part.dataset,
        config: part.config,
        scorer: engineScorer,
        horizons,
        fit,
        fittedOn: '2026-11-20'
    });
}

describe('backtestPerModel', () => {
    it('backtests each model on its own accounts, exactly as a backtest of that part alone', () => {
        const data = dataset();
        const results = backtestPerModel(data, selector(), { horizons: [30, 90] }, null);
        const parts = partitionByModel(data, selector());
        expect(results.map((r) => [r.name, r.version, r.accounts])).toEqual(
            parts.map((p) => [p.name, p.config.version, p.accounts])
        );
        expect(results[2]).toEqual({
            name: LONG,
            version: 'org-none-1',
            accounts: 0,
            outcomes: 0,
            horizons: [],
            note: 'no accounts'
        });
        for (const i of [0, 1, 3]) {
            const report = direct(parts[i]!, false).report;
            expect(results[i]).toEqual({
                name: parts[i]!.name,
                version: parts[i]!.config.version,
                accounts: parts[i]!.accounts,
                outcomes: report.outcomes.total,
                horizons: report.horizons.map((h) => ({
                    horizonDays: h.horizonDays,
                    renewed: h.counts.renewed,
                    lost: h.counts.lost,
                    auc: h.auc,
                    low: h.aucInterval.low,
                    high: h.aucInterval.high
                }))
            });
            expect(report.outcomes.total).toBeGreaterThan(0);
            expect(results[i]?.horizons.map((h) => h.horizonDays)).toEqual([30, 90]);
        }
    });

    it('fits each part and writes its model under models/<segment>, with its own version and record name', () => {
        const data = dataset();
        const out = mkdtempSync(join(tmpdir(), 'segments-mutation-'));
        try {
            const sel = new ModelSelector(DEFAULT_MODEL_CONFIG, [
                {
                    name: LONG,
                    priority: 1,
                    criteria: parseCriteria('ARR__c >= 50000', 'Big'),
                    config: large()
                }
            ]);
            const results = backtestPerModel(
                data,
                sel,
                { horizons: [60], fit: true, fittedOn: '2026-11-20' },
                out
            );
            const parts = partitionByModel(data, sel);
            const short = 'Strategic_Enterprises_Accounts_EMEA';
            const version = `fitted-2026-11-20-${short.toLowerCase()}`.slice(0, 40);
            expect(version).toBe('fitted-2026-11-20-strategic_enterprises_');
            const names = [
                {
                    folder: short,
                    version,
                    record: 'Fitted_2026_11_20_strategic_enterprises',
                    label: `Fitted ${short}`
                },
                {
                    folder: 'default',
                    version: 'fitted-2026-11-20-default',
                    record: 'Fitted_2026_11_20_default',
                    label: 'Fitted default'
                }
            ];
            results.forEach((result, i) => {
                const run = direct(parts[i]!, true, [60]);
                expect(run.fittedConfig).toBeDefined();
                const name = names[i]!;
                const config = { ...run.fittedConfig!, version: name.version };
                const recordFile = join(
                    out,
                    'models',
                    name.folder,
                    'customMetadata',
                    `Health_Model.${name.record}.md-meta.xml`
                );
                const jsonFile = join(out, 'models', name.folder, `health-model-${name.version}.json`);
                const heldOut = run.report.fit?.heldOut[0];
                expect(heldOut).toBeDefined();
                expect(result.fit).toEqual({
                    version: name.version,
                    files: [recordFile, jsonFile],
                    heldOutAuc: heldOut?.fittedAuc,
                    defaultHeldOutAuc: heldOut?.defaultAuc
                });
                expect(result.note).toBeUndefined();
                expect(readFileSync(recordFile, 'utf8')).toBe(
                    customMetadataRecordXml(config, name.label.slice(0, 40))
                );
                expect(readFileSync(jsonFile, 'utf8')).toBe(modelConfigJson(config));
            });
            expect(existsSync(join(out, 'models', short, 'customMetadata'))).toBe(true);
            // without an output folder nothing is written and no fit is reported
            const unwritten = backtestPerModel(
                data,
                sel,
                { horizons: [30], fit: true, fittedOn: '2026-11-20' },
                null
            );
            expect(unwritten.map((r) => r.fit)).toEqual([undefined, undefined]);
        } finally {
            rmSync(out, { recursive: true, force: true });
        }
    });

    it('reports a part whose fit fails without the fit, and lets any other failure through', () => {
        const data = dataset();
        const sel = new ModelSelector(DEFAULT_MODEL_CONFIG, []);
        const failing = new Proxy(
            {},
            {
                get() {
                    throw new Error('too few outcomes');
                }
            }
        );
        const [result] = backtestPerModel(data, sel, { horizons: [30], fit: true, keyRules: failing }, null);
        const report = direct(
            { dataset: partitionByModel(data, sel)[0]!.dataset, config: DEFAULT_MODEL_CONFIG },
            false
        ).report;
        expect(result?.note).toBe('not fitted: too few outcomes');
        expect(result?.outcomes).toBe(report.outcomes.total);
        expect(result?.horizons.map((h) => h.horizonDays)).toEqual([30]);
        expect(result?.fit).toBeUndefined();
        expect(() => backtestPerModel(data, sel, { horizons: [0] }, null)).toThrow(
            /horizon 0 is not allowed/
        );
        expect(() => backtestPerModel(data, sel, { horizons: [0], fit: true }, null)).toThrow(
            /horizon 0 is not allowed/
        );
    });
});

const RESULTS: ModelBacktest[] = [
    {
        name: 'Health_Segment.Large',
        version: 'org-large-1',
        accounts: 40,
        outcomes: 38,
        horizons: [
            { horizonDays: 30, renewed: 30, lost: 8, auc: 0.71234, low: 0.6, high: 0.8 },
            { horizonDays: 90, renewed: 29, lost: 8, auc: Number.NaN, low: Number.NaN, high: Number.NaN }
        ],
        fit: {
            version: 'fitted-x-large',
            files: ['a.xml', 'b.json'],
            heldOutAuc: 0.7,
            defaultHeldOutAuc: null
        }
    },
    {
        name: 'Health_Segment.Empty',
        version: 'v<2>',
        accounts: 0,
        outcomes: 0,
        horizons: [],
        note: 'no accounts'
    },
    {
        name: 'default',
        version: 'v1',
        accounts: 3,
        outcomes: 2,
        horizons: [{ horizonDays: 30, renewed: 1, lost: 1, auc: 1, low: 0.25, high: 1 }],
        note: 'not fitted: "few" & <odd>'
    }
];

describe('the per-model section', () => {
    it('lists each model with its accounts, outcomes, AUC per horizon, fit and note', () => {
        expect(formatPerModel(RESULTS)).toBe(
            [
                'Per model (each model on the accounts it scores):',
                '  Large (org-large-1): 40 accounts, 38 outcomes; AUC at 30 days 0.712 [0.600, 0.800] (30 renewed, 8 lost); AUC at 90 days n/a [n/a, n/a] (29 renewed, 8 lost)',
                '    fitted: fitted-x-large; held out AUC 0.700 (default n/a); a.xml, b.json',
                '  Empty (v<2>): 0 accounts, 0 outcomes',
                '    no accounts',
                '  default (v1): 3 accounts, 2 outcomes; AUC at 30 days 1.000 [0.250, 1.000] (1 renewed, 1 lost)',
                '    not fitted: "few" & <odd>'
            ].join('\n')
        );
        expect(
            formatPerModel([
                { ...RESULTS[0]!, fit: { ...RESULTS[0]!.fit!, heldOutAuc: null, defaultHeldOutAuc: 0.5 } }
            ])
        ).toContain('held out AUC n/a (default 0.500)');
    });

    it('renders the same as an HTML table, escaped, before </body> (or at the end)', () => {
        const html = perModelHtml(RESULTS);
        expect(html).toBe(
            [
                '<h2>Per model</h2>',
                '<p>Each segment model (Health_Segment__mdt) backtested on the accounts it scores; the rest by the default model.</p>',
                '<table><thead><tr><th>model</th><th>version</th><th>accounts</th><th>outcomes</th><th>AUC</th><th>fitted</th></tr></thead>',
                '<tbody>',
                '<tr><td>Large</td><td>org-large-1</td><td>40</td><td>38</td><td>30 d: 0.712 [0.600, 0.800]<br>90 d: n/a [n/a, n/a]</td><td>fitted-x-large</td></tr>',
                '<tr><td>Empty</td><td>v&lt;2&gt;</td><td>0</td><td>0</td><td></td><td>no accounts</td></tr>',
                '<tr><td>default</td><td>v1</td><td>3</td><td>2</td><td>30 d: 1.000 [0.250, 1.000]</td><td>not fitted: &quot;few&quot; &amp; &lt;odd&gt;</td></tr>',
                '</tbody></table>'
            ].join('\n')
        );
        expect(perModelHtml([{ ...RESULTS[1]!, note: undefined }])).toContain('<td></td><td></td></tr>');
        expect(withPerModel('<html><body><p>x</p></body></html>', RESULTS)).toBe(
            `<html><body><p>x</p>${html}\n</body></html>`
        );
        expect(withPerModel('<p>x</p>', RESULTS)).toBe(`<p>x</p>\n${html}`);
    });
});
