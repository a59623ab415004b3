/**
 * `health-score preview`: what a draft model (an inactive Health_Model__mdt record, or a model file) would change
 * on a sample of accounts. The org is read once, exactly as the sync reads it (runSync in dry-run mode, which
 * writes nothing); every record also feeds a second scorer with the draft (SyncOptions.compare). The sample is the
 * N accounts with the highest ARR (then by Id), each written as one Health_Model_Preview__c row upserted by
 * Preview_Key__c = draft + account, so a rerun replaces the draft's rows instead of adding more.
 */
import * as path from 'node:path';
import { modelConfigFromMetadataRecord } from '../engine';
import type { AccountResult, ModelConfig } from '../engine';
import type { FlatRecord, RowFailure, SalesforceClient } from '../salesforce/client';
import { OrgError } from '../salesforce/errors';
import type { ProgressSink } from './progress';
import { canonical } from './fields';
import { readActiveModel, runSync } from './sync';

export const PREVIEW_OBJECT = 'Health_Model_Preview__c';

export interface Draft {
    /** Health_Model.DeveloperName, or file:<name> for a model file: the first part of Preview_Key__c. */
    name: string;
    config: ModelConfig;
}

export interface PreviewRow {
    accountId: string;
    name: string;
    arr: number | null;
    currentScore: number | null;
    currentBand: string;
    currentVersion: string;
    draftScore: number | null;
    draftBand: string;
    change: number | null;
    topChange: string;
}

export interface PreviewSummary {
    org: string;
    asOf: string;
    dryRun: boolean;
    draft: { name: string; version: string };
    current: { version: string; source: string };
    accountsScored: number;
    sample: number;
    bandsChanged: number;
    rows: PreviewRow[];
    written: number;
    failures: RowFailure[];
    previewedAt: string;
}

/** The draft from an org record: it must exist and be inactive; a bad value names the record and field. */
export async function draftFromOrg(client: SalesforceClient, developerName: string): Promise<Draft> {
    const { records } = await readActiveModel(client);
    const record = records.find((r) => r.DeveloperName === developerName);
    if (!record)
        throw new OrgError(
            'MODEL_NOT_FOUND',
            `no Health_Model__mdt record named ${developerName} (the org has ${records.map((r) => String(r.DeveloperName)).join(', ') || 'none'})`,
            'pass the DeveloperName (API name) of a Health_Model record, or --model-file <file.json>'
        );
    if (canonical(record.Active__c) === 'true')
        throw new OrgError(
            'MODEL_ACTIVE',
            `Health_Model.${developerName} is active: the sync already uses it, there is nothing to preview`,
            'clone it in Setup > Custom Metadata Types, change the clone (Active unchecked) and preview the clone'
        );
    const { DeveloperName: _name, ...values } = record;
    try {
        return {
            name: `Health_Model.${developerName}`,
            config: modelConfigFromMetadataRecord(values, `Health_Model.${developerName}`)
        };
    } catch (error) {
        throw new OrgError(
            'MODEL_INVALID',
            error instanceof Error ? error.message : String(error),
            'fix the draft Health_Model__mdt record in Setup > Custom Metadata Types (rules: docs/model-configuration.md)'
        );
    }
}

/** A model file's draft name: file:<base name without .json>. */
export function draftNameOfFile(file: string): string {
    return `file:${path.basename(file).replace(/\.json$/i, '')}`;
}

/** The driver whose points moved most between the two results, in words (ties: the first by code). */
export function topChange(current: AccountResult, draft: AccountResult): string {
    const points = new Map<string, { label: string; from: number; to: number }>();
    for (const d of current.drivers) points.set(d.code, { label: d.label, from: d.points, to: 0 });
    for (const d of draft.drivers) {
        const seen = points.get(d.code);
        if (seen) points.set(d.code, { label: d.label, from: seen.from, to: d.points });
        else points.set(d.code, { label: d.label, from: 0, to: d.points });
    }
    let best: { code: string; label: string; delta: number } | null = null;
    for (const [code, p] of [...points.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const delta = p.to - p.from;
        if (delta !== 0 && (!best || Math.abs(delta) > Math.abs(best.delta)))
            best = { code, label: p.label, delta };
    }
    if (!best) return 'no driver moved';
    const text = `${best.label}: ${best.delta > 0 ? '+' : ''}${best.delta} point${Math.abs(best.delta) === 1 ? '' : 's'}`;
    return text.length > 255 ? `${text.slice(0, 254)}…` : text;
}

/** The sample: the N accounts with the highest ARR (blank ARR last), then by Id; all when fewer. */
export function chooseSample(results: readonly AccountResult[], size: number): AccountResult[] {
    return [...results]
        .sort(
            (a, b) =>
                (b.arr ?? Number.NEGATIVE_INFINITY) - (a.arr ?? Number.NEGATIVE_INFINITY) ||
                a.accountId.localeCompare(b.accountId)
        )
        .slice(0, size);
}

/** The sample's rows: each sampled account's current result beside the draft's (accounts the draft missed are left out). */
export function previewRows(
    current: readonly AccountResult[],
    drafts: ReadonlyMap<string, AccountResult>,
    sample: number
): PreviewRow[] {
    const rows: PreviewRow[] = [];
    for (const result of chooseSample(current, sample)) {
        const draft = drafts.get(result.accountId);
        if (!draft) continue;
        rows.push({
            accountId: result.accountId,
            name: result.name,
            arr: result.arr,
            currentScore: result.score,
            currentBand: result.band,
            currentVersion: result.modelVersion,
            draftScore: draft.score,
            draftBand: draft.band,
            change: result.score === null || draft.score === null ? null : draft.score - result.score,
            topChange: topChange(result, draft)
        });
    }
    return rows;
}

export function previewRecords(
    draft: string,
    version: string,
    rows: readonly PreviewRow[],
    at: string
): FlatRecord[] {
    const label = `${draft} (${version})`.slice(0, 120);
    return rows.map((row) => ({
        Preview_Key__c: `${draft}_${row.accountId}`.slice(0, 160),
        Account__c: row.accountId,
        Draft_Model__c: label,
        Current_Score__c: row.currentScore,
        Current_Band__c: row.currentBand,
        Draft_Score__c: row.draftScore,
        Draft_Band__c: row.draftBand,
        Score_Change__c: row.change,
        Top_Change__c: row.topChange,
        Previewed_At__c: at
    }));
}

export async function runPreview(options: {
    client: SalesforceClient;
    org: string;
    asOf: string;
    draft: Draft;
    sample: number;
    dryRun: boolean;
    lookbackDays?: number;
    progress: ProgressSink;
    now?: () => Date;
}): Promise<PreviewSummary> {
    const current: AccountResult[] = [];
    const drafts = new Map<string, AccountResult>();
    const summary = await runSync({
        client: options.client,
        org: options.org,
        asOf: options.asOf,
        dryRun: true,
        retention: false,
        lookbackDays: options.lookbackDays ?? 730,
        progress: options.progress,
        compare: {
            config: options.draft.config,
            current: (result) => current.push(result),
            draft: (result) => {
                drafts.set(result.accountId, result);
            }
        }
    });
    const rows = previewRows(current, drafts, options.sample);
    const previewedAt = (options.now ?? (() => new Date()))().toISOString();
    let written = 0;
    const failures: RowFailure[] = [];
    if (!options.dryRun && rows.length > 0) {
        const result = await options.client.write(
            PREVIEW_OBJECT,
            'upsert',
            previewRecords(options.draft.name, options.draft.config.version, rows, previewedAt),
            'Preview_Key__c'
        );
        written = result.succeeded;
        failures.push(...result.failures);
    }
    return {
        org: options.org,
        asOf: options.asOf,
        dryRun: options.dryRun,
        draft: { name: options.draft.name, version: options.draft.config.version },
        current: { version: summary.model.version, source: summary.model.source },
        accountsScored: summary.accountsScored,
        sample: rows.length,
        bandsChanged: rows.filter((r) => r.currentBand !== r.draftBand).length,
        rows,
        written,
        failures,
        previewedAt
    };
}

export function formatPreview(summary: PreviewSummary): string {
    const score = (s: number | null, band: string) => (s === null ? band : `${s} ${band}`);
    const lines = [
        `preview  ${summary.draft.name} (${summary.draft.version}) against the active model ${summary.current.source} (${summary.current.version})`,
        `org  ${summary.org}, as of ${summary.asOf}; ${summary.accountsScored} accounts scored, sample ${summary.sample} (highest ARR)`,
        ''
    ];
    for (const row of summary.rows)
        lines.push(
            `  ${row.name}: ${score(row.currentScore, row.currentBand)} -> ${score(row.draftScore, row.draftBand)}${row.change === null ? '' : ` (${row.change > 0 ? '+' : ''}${row.change})`}; ${row.topChange}`
        );
    lines.push('');
    lines.push(`bands changed  ${summary.bandsChanged} of ${summary.sample}`);
    lines.push(
        summary.dryRun
            ? `dry run: nothing written (without --dry-run, ${summary.sample} ${PREVIEW_OBJECT} row(s) are upserted)`
            : `written  ${summary.written} ${PREVIEW_OBJECT} row(s)${summary.failures.length ? `, ${summary.failures.length} failed (${summary.failures[0]?.errorCode ?? ''}: ${summary.failures[0]?.message ?? ''})` : ''}`
    );
    return `${lines.join('\n')}\n`;
}
