/**
 * The backtest per segment model (issue 17): the portfolio is split by the model each account is scored with
 * (first matching segment, else the default; scripts/engine/segments.ts), each part is backtested with its own
 * model, and `--fit` fits each part on its own outcomes. The whole portfolio is also scored with the segment
 * scorer (each account by its own model), so the overall AUC is that of what the sync writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelConfig, ModelSelector } from '../engine';
import { runBacktest, type BacktestOptions, type BacktestRun, type Scorer } from './backtest';
import { engineScorerWith, type BacktestSignals } from './engineScorer';
import { ACTIVITIES, joinSets, type ActivitySet } from './activities';
import { groupByAccount, toDataset } from './history';
import { customMetadataRecordXml, modelConfigJson } from './modelFile';
import type { BacktestReport } from './report';
import type { RawDataset } from './synthetic';

/**
 * Scores each account with the model its segment names (the config the backtest passes is ignored). The segment
 * is chosen on the account as exported, as the sync chooses it on the current record: the point-in-time cut
 * blanks current-state fields such as ARR__c, which criteria may read.
 */
export function segmentScorer(
    selector: ModelSelector,
    dataset: RawDataset,
    signals: BacktestSignals | null = null
): Scorer<ModelConfig> {
    const scorer = engineScorerWith(signals);
    const models = new Map<string, ModelConfig>();
    for (const account of dataset.Account ?? [])
        if (account.Id !== null && account.Id !== undefined)
            models.set(String(account.Id), selector.configFor(account));
    return (records, asOf) =>
        scorer(records, asOf, models.get(String(records.account.Id)) ?? selector.configFor(records.account));
}

export interface ModelPart {
    /** The segment's name, or "default". */
    name: string;
    config: ModelConfig;
    accounts: number;
    dataset: RawDataset;
}

/** Splits a dataset by model: each part holds its accounts with all their records, and every user. */
export function partitionByModel(dataset: RawDataset, selector: ModelSelector): ModelPart[] {
    const parts = [
        ...selector.segments.map((s) => ({
            name: s.name,
            config: s.config,
            accounts: 0,
            dataset: {} as RawDataset
        })),
        { name: 'default', config: selector.defaultConfig, accounts: 0, dataset: {} as RawDataset }
    ];
    const users = dataset.User ?? [];
    // each part's activities: its accounts' rows of the one compact table, in the same order as its records
    const activities = new Map<RawDataset, ActivitySet[]>();
    for (const records of groupByAccount(dataset).values()) {
        const segment = selector.select(records.account);
        const part = segment ? parts.find((p) => p.name === segment.name) : parts[parts.length - 1];
        if (!part) continue;
        part.accounts += 1;
        for (const [object, rows] of Object.entries(toDataset(records))) {
            if (object === 'User') continue;
            (part.dataset[object] ??= []).push(...rows);
        }
        if (records.activities?.rows.length) {
            const sets = activities.get(part.dataset) ?? [];
            sets.push(records.activities);
            activities.set(part.dataset, sets);
        }
    }
    for (const part of parts) {
        if (part.accounts > 0) part.dataset.User = [...users];
        const sets = activities.get(part.dataset);
        if (sets?.[0]) part.dataset[ACTIVITIES] = joinSets(sets[0].table, sets);
    }
    return parts;
}

export interface ModelBacktest {
    name: string;
    version: string;
    accounts: number;
    outcomes: number;
    horizons: {
        horizonDays: number;
        renewed: number;
        lost: number;
        auc: number;
        low: number;
        high: number;
    }[];
    /** Fitted on this part's earlier outcomes (--fit), compared on its later ones. */
    fit?: {
        version: string;
        files: string[];
        heldOutAuc: number | null;
        defaultHeldOutAuc: number | null;
    } | null;
    /** Why the part could not be backtested (no outcomes, too few to fit). */
    note?: string;
}

/** Backtests each model on its own accounts; with `fit`, fits each part and writes its model under `out`. */
export function backtestPerModel(
    dataset: RawDataset,
    selector: ModelSelector,
    options: Omit<BacktestOptions<ModelConfig>, 'dataset' | 'config' | 'scorer'>,
    out: string | null,
    signals: BacktestSignals | null = null
): ModelBacktest[] {
    const engineScorer = engineScorerWith(signals);
    return partitionByModel(dataset, selector).map((part) => {
        const base: ModelBacktest = {
            name: part.name,
            version: part.config.version,
            accounts: part.accounts,
            outcomes: 0,
            horizons: []
        };
        if (part.accounts === 0) return { ...base, note: 'no accounts' };
        let run: BacktestRun<ModelConfig>;
        try {
            run = runBacktest({
                ...options,
                dataset: part.dataset,
                config: part.config,
                scorer: engineScorer
            });
        } catch (error) {
            if (!options.fit) throw error;
            // Too few outcomes to fit this part: report it without the fit.
            run = runBacktest({
                ...options,
                fit: false,
                dataset: part.dataset,
                config: part.config,
                scorer: engineScorer
            });
            base.note = `not fitted: ${error instanceof Error ? error.message : String(error)}`;
        }
        const report = run.report;
        const result: ModelBacktest = {
            ...base,
            outcomes: report.outcomes.total,
            horizons: report.horizons.map((h) => ({
                horizonDays: h.horizonDays,
                renewed: h.counts.renewed,
                lost: h.counts.lost,
                auc: h.auc,
                low: h.aucInterval.low,
                high: h.aucInterval.high
            }))
        };
        if (run.fittedConfig && out) {
            const short = part.name.replace(/^Health_Segment\./, '');
            // Each part's fitted model gets its own version and record name: the version names one model.
            const config = {
                ...run.fittedConfig,
                version: `${run.fittedConfig.version}-${short.toLowerCase()}`.slice(0, 40)
            };
            const folder = join(out, 'models', short);
            mkdirSync(join(folder, 'customMetadata'), { recursive: true });
            const developerName =
                `${config.version.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '')}`.slice(0, 40);
            const recordFile = join(
                folder,
                'customMetadata',
                `Health_Model.${developerName.charAt(0).toUpperCase()}${developerName.slice(1)}.md-meta.xml`
            );
            writeFileSync(recordFile, customMetadataRecordXml(config, `Fitted ${short}`.slice(0, 40)));
            const jsonFile = join(folder, `health-model-${config.version}.json`);
            writeFileSync(jsonFile, modelConfigJson(config));
            const heldOut = report.fit?.heldOut[0];
            result.fit = {
                version: config.version,
                files: [recordFile, jsonFile],
                heldOutAuc: heldOut ? heldOut.fittedAuc : null,
                defaultHeldOutAuc: heldOut ? heldOut.defaultAuc : null
            };
        }
        return result;
    });
}

const auc = (value: number) => (Number.isFinite(value) ? value.toFixed(3) : 'n/a');

export function formatPerModel(results: readonly ModelBacktest[]): string {
    const lines = ['Per model (each model on the accounts it scores):'];
    for (const r of results) {
        const name = r.name.replace(/^Health_Segment\./, '');
        const horizons = r.horizons
            .map(
                (h) =>
                    `AUC at ${h.horizonDays} days ${auc(h.auc)} [${auc(h.low)}, ${auc(h.high)}] (${h.renewed} renewed, ${h.lost} lost)`
            )
            .join('; ');
        lines.push(
            `  ${name} (${r.version}): ${r.accounts} accounts, ${r.outcomes} outcomes${horizons ? `; ${horizons}` : ''}`
        );
        if (r.fit)
            lines.push(
                `    fitted: ${r.fit.version}; held out AUC ${auc(r.fit.heldOutAuc ?? Number.NaN)} (default ${auc(r.fit.defaultHeldOutAuc ?? Number.NaN)}); ${r.fit.files.join(', ')}`
            );
        if (r.note) lines.push(`    ${r.note}`);
    }
    return lines.join('\n');
}

export function perModelHtml(results: readonly ModelBacktest[]): string {
    const esc = (t: string) =>
        t.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
    const rows = results
        .map(
            (r) =>
                `<tr><td>${esc(r.name.replace(/^Health_Segment\./, ''))}</td><td>${esc(r.version)}</td><td>${r.accounts}</td><td>${r.outcomes}</td><td>${r.horizons
                    .map((h) => `${h.horizonDays} d: ${auc(h.auc)} [${auc(h.low)}, ${auc(h.high)}]`)
                    .join('<br>')}</td><td>${esc(r.fit ? r.fit.version : (r.note ?? ''))}</td></tr>`
        )
        .join('\n');
    return `<h2>Per model</h2>
<p>Each segment model (Health_Segment__mdt) backtested on the accounts it scores; the rest by the default model.</p>
<table><thead><tr><th>model</th><th>version</th><th>accounts</th><th>outcomes</th><th>AUC</th><th>fitted</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

/** Adds the per-model section to a rendered report (before </body>). */
export function withPerModel(html: string, results: readonly ModelBacktest[]): string {
    const section = perModelHtml(results);
    return html.includes('</body>') ? html.replace('</body>', `${section}\n</body>`) : `${html}\n${section}`;
}

export type ReportWithModels = BacktestReport & { perModel?: ModelBacktest[] };
