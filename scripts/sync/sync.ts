/**
 * One sync run: check the API budget, read the active model, stream the org's records through the engine,
 * write only what changed (Account and Contact fields, one snapshot per account per as-of date).
 * Memory is O(accounts + contacts): activities are folded into the scorer as they stream in.
 */
import * as crypto from 'node:crypto';
import { DEFAULT_MODEL_CONFIG, PortfolioScorer, modelConfigFromMetadataRecord } from '../engine';
import type { AccountResult, Band, Lifecycle, ModelConfig, PortfolioStats, Trend } from '../engine';
import type { FlatRecord, RowFailure, SalesforceClient, WriteResult } from '../salesforce/client';
import { ExitCode, HealthScoreError, OrgError } from '../salesforce/errors';
import {
    ACCOUNT_HEALTH_FIELDS,
    CONTACT_HEALTH_FIELDS,
    SNAPSHOT_FIELDS,
    accountValues,
    canonical,
    changedFields,
    contactValues,
    snapshotKey,
    snapshotValues
} from './fields';
import { DatasetError } from '../dataset/records';
import { writeFailedRows } from './failedRows';
import * as mapping from './mapping';
import type { ProgressSink } from './progress';

export interface SyncOptions {
    client: SalesforceClient;
    /** Org description for the summary (never a token). */
    org: string;
    asOf: string;
    dryRun: boolean;
    /** A model from a file overrides the org's Health_Model__mdt. */
    model?: { config: ModelConfig; source: string };
    /** Refuse to start when the org has fewer daily API requests left (default 1,000). */
    minApiRequests?: number;
    /** Activities, cases and usage older than this many days before the as-of date are not read (default 730). */
    lookbackDays?: number;
    /** Where the failed-rows file goes (default ./reports). */
    resultsDir?: string;
    progress: ProgressSink;
    /** Clock for Health_Scored_At__c and the duration (injected for tests). */
    now?: () => Date;
}

export interface FocusAccount {
    accountId: string;
    name: string;
    /** Null when the band is Unknown (the engine shows no number then). */
    score: number | null;
    band: Band;
    trend: Trend | null;
    change: number | null;
    lifecycle: Lifecycle;
    attentionPriority: number;
    bandChanged: boolean;
    expansionReady: boolean;
    criticalRisk: string | null;
    summary: string;
    drivers: { label: string; points: number }[];
    renewalDate: string | null;
    arr: number | null;
}

export interface PlannedChange {
    object: 'Account' | 'Contact';
    id: string;
    name: string;
    fields: Record<string, { from: string | null; to: string | null }>;
}

export interface SyncSummary {
    org: string;
    asOf: string;
    dryRun: boolean;
    model: { version: string; source: string };
    accountsScored: number;
    contactsScored: number;
    bandsChanged: number;
    bandChanges: { accountId: string; name: string; from: string | null; to: Band }[];
    /** Rows written (or, in a dry run, that would be written) per object. */
    rows: { Account: number; Contact: number; Account_Health_Snapshot__c: number };
    written: boolean;
    failedRows: number;
    failuresByCode: Record<string, number>;
    resultsFile: string | null;
    /** The results folder could not be written: the failed-rows file went to resultsFile instead. */
    resultsFallbackFrom?: { dir: string; reason: string } | null;
    /** No folder could be written: the failed rows as CSV text (printed by the command). */
    failedRowsUnwritten?: string | null;
    /** An earlier run's failed-rows file for this as-of date, removed because nothing failed this time. */
    staleResultsRemoved?: string | null;
    apiRequests: { used: number; remainingBefore: number; dailyMax: number };
    bulkJobs: { query: Record<string, number>; ingest: Record<string, number> };
    engine: PortfolioStats;
    /** Records the model could not read (bad values), per object, with the first reasons. */
    skippedRecords: Record<string, number>;
    skippedReasons: string[];
    inflationFlagged: number;
    focus: FocusAccount[];
    /** Dry run: the changes, first 200. */
    changes: PlannedChange[];
    durationMs: number;
    exitCode: number;
}

const FOCUS_SIZE = 10;
const CHANGES_SHOWN = 200;

function addDays(date: string, days: number): string {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
}

/** The stored value of a field, canonical; the long drivers JSON is kept as a hash only (memory). */
function remembered(record: FlatRecord, fields: readonly string[]): (string | null)[] {
    return fields.map((f) => {
        const value = canonical(record[f]);
        return f === 'Health_Drivers__c' && value !== null
            ? `sha1:${crypto.createHash('sha1').update(value).digest('hex')}`
            : value;
    });
}

function asStored(values: (string | null)[] | undefined, fields: readonly string[]): FlatRecord | undefined {
    if (!values) return undefined;
    return Object.fromEntries(fields.map((f, i) => [f, values[i] ?? null]));
}

function forComparison(next: FlatRecord): FlatRecord {
    const drivers = next.Health_Drivers__c;
    if (typeof drivers !== 'string') return next;
    return { ...next, Health_Drivers__c: `sha1:${crypto.createHash('sha1').update(drivers).digest('hex')}` };
}

export const SELECT = {
    Account: [
        'Id',
        'Name',
        'OwnerId',
        'Industry',
        'BillingCountry',
        'Customer_Key__c',
        'ARR__c',
        'Renewal_Date__c',
        'Days_Past_Due__c',
        'Churned_On__c',
        'Champion_Status__c',
        'Executive_Engagement__c',
        'Outcome_Narrative__c',
        'Qualitative_Reviewed_On__c',
        ...ACCOUNT_HEALTH_FIELDS
    ],
    User: ['Id', 'Name', 'ManagerId'],
    Contact: [
        'Id',
        'AccountId',
        'FirstName',
        'LastName',
        'Name',
        'Title',
        'Buying_Role__c',
        ...CONTACT_HEALTH_FIELDS
    ],
    Task: [
        'Id',
        'AccountId',
        'WhatId',
        'WhoId',
        'OwnerId',
        'Subject',
        'Status',
        'IsClosed',
        'TaskSubtype',
        'Type',
        'ActivityDate',
        'CompletedDateTime',
        'Outcome__c'
    ],
    Event: [
        'Id',
        'AccountId',
        'WhatId',
        'WhoId',
        'OwnerId',
        'Subject',
        'Type',
        'StartDateTime',
        'EndDateTime',
        'ActivityDate',
        'Outcome__c'
    ],
    Opportunity: [
        'Id',
        'AccountId',
        'Name',
        'StageName',
        'IsClosed',
        'IsWon',
        'Amount',
        'Type',
        'CloseDate',
        'CreatedDate',
        'Probability'
    ],
    Case: [
        'Id',
        'AccountId',
        'CaseNumber',
        'Subject',
        'Status',
        'IsClosed',
        'ClosedDate',
        'Priority',
        'Severity__c',
        'IsEscalated',
        'CSAT__c',
        'CreatedDate'
    ],
    Product_Usage__c: [
        'Id',
        'Account__c',
        'Period_Start__c',
        'Period_End__c',
        'Active_Users__c',
        'Licensed_Seats__c',
        'Features_Adopted__c',
        'Features_Available__c',
        'Key_Events__c',
        'Usage_Key__c'
    ],
    Account_Health_Snapshot__c: ['Id', ...SNAPSHOT_FIELDS]
} as const;

/** The SOQL of each extraction; dates are validated YYYY-MM-DD values, never user text. */
export function extractionQueries(
    asOf: string,
    lookbackDays: number,
    trendWindowDays: number
): { object: keyof typeof SELECT; soql: string; all?: boolean }[] {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`as-of date must be YYYY-MM-DD: ${asOf}`);
    const since = addDays(asOf, -lookbackDays);
    const snapshotsSince = addDays(asOf, -(trendWindowDays + 60));
    const q = (object: keyof typeof SELECT, where = ''): string =>
        `SELECT ${SELECT[object].join(', ')} FROM ${object}${where ? ` WHERE ${where}` : ''}`;
    return [
        { object: 'Account', soql: q('Account') },
        { object: 'User', soql: q('User') },
        { object: 'Contact', soql: q('Contact', 'AccountId != null') },
        // Activities older than 365 days are archived: queryAll (scanAll) returns them; deleted rows are filtered out.
        {
            object: 'Task',
            soql: q(
                'Task',
                `IsDeleted = false AND IsClosed = true AND (ActivityDate >= ${since} OR CompletedDateTime >= ${since}T00:00:00Z)`
            ),
            all: true
        },
        {
            object: 'Event',
            soql: q(
                'Event',
                `IsDeleted = false AND (ActivityDate >= ${since} OR EndDateTime >= ${since}T00:00:00Z)`
            ),
            all: true
        },
        { object: 'Opportunity', soql: q('Opportunity', 'AccountId != null') },
        {
            object: 'Case',
            soql: q('Case', `AccountId != null AND (IsClosed = false OR CreatedDate >= ${since}T00:00:00Z)`)
        },
        {
            object: 'Product_Usage__c',
            soql: q('Product_Usage__c', `Account__c != null AND Period_End__c >= ${addDays(asOf, -365)}`)
        },
        {
            object: 'Account_Health_Snapshot__c',
            soql: q('Account_Health_Snapshot__c', `As_Of__c >= ${snapshotsSince} AND As_Of__c <= ${asOf}`)
        }
    ];
}

/** Reads the active Health_Model__mdt: Active__c, newest Model_Version__c; the Default record when none is active. */
export async function readActiveModel(
    client: SalesforceClient,
    notice: (message: string) => void = () => undefined
): Promise<{ config: ModelConfig; source: string }> {
    // Only the fields the org has: a field the deployed metadata lacks keeps its default (and is reported).
    const inOrg = new Set(await client.describeFields('Health_Model__mdt'));
    const wanted = Object.keys(mapping.modelFieldNames());
    const missing = wanted.filter((f) => !inOrg.has(f));
    if (missing.length)
        notice(
            `Health_Model__mdt in the org lacks ${missing.length} field(s) (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', ...' : ''}): their defaults are used; deploy the latest metadata`
        );
    const fields = ['DeveloperName', ...wanted.filter((f) => inOrg.has(f))];
    const records: FlatRecord[] = [];
    for await (const page of client.query(`SELECT ${fields.join(', ')} FROM Health_Model__mdt`, {
        object: 'Health_Model__mdt'
    }))
        records.push(...page);
    const active = records
        .filter((r) => canonical(r.Active__c) === 'true')
        .sort((a, b) =>
            String(b.Model_Version__c ?? '').localeCompare(String(a.Model_Version__c ?? ''), 'en', {
                numeric: true
            })
        );
    const chosen = active[0] ?? records.find((r) => r.DeveloperName === 'Default');
    if (!chosen)
        return {
            config: { ...DEFAULT_MODEL_CONFIG },
            source: 'built-in defaults (no Health_Model__mdt record in the org)'
        };
    const { DeveloperName, ...values } = chosen;
    try {
        return {
            config: modelConfigFromMetadataRecord(values, `Health_Model.${String(DeveloperName)}`),
            source: `Health_Model.${String(DeveloperName)}`
        };
    } catch (error) {
        throw new OrgError(
            'MODEL_INVALID',
            error instanceof Error ? error.message : String(error),
            'fix the Health_Model__mdt record in Setup > Custom Metadata Types, or pass --model <file.json>'
        );
    }
}

export async function runSync(options: SyncOptions): Promise<SyncSummary> {
    const now = options.now ?? (() => new Date());
    const started = now().getTime();
    const { client, progress } = options;

    // 1. Budget first: refuse clearly rather than fail half-way.
    const minimum = options.minApiRequests ?? 1000;
    const budget = await client.dailyApiRequests();
    if (budget.remaining < minimum) {
        throw new HealthScoreError(
            'API_BUDGET_LOW',
            `the org has ${budget.remaining.toLocaleString('en-US')} of ${budget.max.toLocaleString('en-US')} daily API requests left; this sync keeps at least ${minimum.toLocaleString('en-US')} in reserve`,
            'run it later (the 24-hour window rolls), or lower --min-api-requests if you accept using the remainder',
            ExitCode.Budget
        );
    }

    // 2. The model.
    const model = options.model ?? (await readActiveModel(client, (m) => progress.note(m)));
    const config = model.config;
    const scorer = new PortfolioScorer(config, options.asOf);

    // 3. Extract and stream through the engine.
    const accountState = new Map<string, { name: string; values: (string | null)[] }>();
    const contactState = new Map<string, (string | null)[]>();
    const todaysSnapshots = new Map<string, (string | null)[]>();
    const skipped: Record<string, number> = {};
    const skippedReasons: string[] = [];
    const snapshotCompare = SNAPSHOT_FIELDS.filter((f) => f !== 'Account__c');
    for (const { object, soql, all } of extractionQueries(
        options.asOf,
        options.lookbackDays ?? 730,
        config.trendWindowDays
    )) {
        progress.phase(`extract ${object}`);
        for await (const page of client.query(soql, { all: all ?? false, object })) {
            for (const record of page) {
                try {
                    switch (object) {
                        case 'Account':
                            scorer.addAccount(mapping.accountHeader(record));
                            accountState.set(String(record.Id), {
                                name: String(record.Name ?? ''),
                                values: remembered(record, ACCOUNT_HEALTH_FIELDS)
                            });
                            break;
                        case 'User':
                            scorer.addUser(mapping.user(record));
                            break;
                        case 'Contact': {
                            const contact = mapping.contact(record);
                            if (scorer.addContact(contact.accountId, contact.contact))
                                contactState.set(
                                    contact.contact.id,
                                    remembered(record, CONTACT_HEALTH_FIELDS)
                                );
                            break;
                        }
                        case 'Task':
                        case 'Event': {
                            const activity = mapping.activity(object, record);
                            if (activity) scorer.addActivity(activity);
                            break;
                        }
                        case 'Opportunity': {
                            const opportunity = mapping.opportunity(record);
                            scorer.addOpportunity(opportunity.accountId, opportunity.opportunity);
                            break;
                        }
                        case 'Case': {
                            const supportCase = mapping.supportCase(record);
                            scorer.addCase(supportCase.accountId, supportCase.supportCase);
                            break;
                        }
                        case 'Product_Usage__c': {
                            const usage = mapping.usage(record);
                            scorer.addUsage(usage.accountId, usage.period);
                            break;
                        }
                        case 'Account_Health_Snapshot__c': {
                            const snapshot = mapping.snapshot(record);
                            // Today's snapshot is this run's own output (a rerun): compare, never feed it back.
                            if (snapshot.snapshot.asOf === options.asOf)
                                todaysSnapshots.set(
                                    snapshotKey(snapshot.accountId, options.asOf),
                                    remembered(record, snapshotCompare)
                                );
                            else scorer.addSnapshot(snapshot.accountId, snapshot.snapshot);
                            break;
                        }
                    }
                } catch (error) {
                    // A record the model cannot read is skipped and reported, never silently dropped.
                    if (!(error instanceof DatasetError)) throw error;
                    skipped[object] = (skipped[object] ?? 0) + 1;
                    if (skippedReasons.length < 20) skippedReasons.push(error.message);
                }
            }
            progress.advance(page.length);
        }
        progress.end();
    }

    // 4. Score, and keep only what changed.
    const portfolio = scorer.finish();
    const scoredAt = now().toISOString();
    const accountRows: FlatRecord[] = [];
    const contactRows: FlatRecord[] = [];
    const snapshotRows: FlatRecord[] = [];
    const bandChanges: SyncSummary['bandChanges'] = [];
    const changes: PlannedChange[] = [];
    const focus: FocusAccount[] = [];
    let accountsScored = 0;
    let contactsScored = 0;
    progress.phase('score', accountState.size);
    for (const result of portfolio.results()) {
        accountsScored += 1;
        const state = accountState.get(result.accountId);
        const current = asStored(state?.values, ACCOUNT_HEALTH_FIELDS);
        const next = accountValues(result);
        const changed = changedFields(current, forComparison(next));
        if (Object.keys(changed).length > 0) {
            const row: FlatRecord = { Id: result.accountId };
            for (const field of Object.keys(changed)) row[field] = next[field] ?? null;
            row.Health_Scored_At__c = scoredAt;
            accountRows.push(row);
            if (changes.length < CHANGES_SHOWN)
                changes.push(plannedChange('Account', result.accountId, result.name, current, changed, next));
        }
        const before = current?.Health_Band__c ?? null;
        if (before !== result.band)
            bandChanges.push({
                accountId: result.accountId,
                name: result.name,
                from: before === null ? null : String(before),
                to: result.band
            });
        for (const contact of result.contacts) {
            contactsScored += 1;
            const contactCurrent = asStored(contactState.get(contact.contactId), CONTACT_HEALTH_FIELDS);
            const contactNext = contactValues(contact);
            const contactChanged = changedFields(contactCurrent, contactNext);
            if (Object.keys(contactChanged).length > 0) {
                contactRows.push({ Id: contact.contactId, ...contactChanged });
                if (changes.length < CHANGES_SHOWN)
                    changes.push(
                        plannedChange(
                            'Contact',
                            contact.contactId,
                            contact.name,
                            contactCurrent,
                            contactChanged,
                            contactNext
                        )
                    );
            }
        }
        const snapshot = snapshotValues(result);
        const existing = asStored(todaysSnapshots.get(String(snapshot.Snapshot_Key__c)), snapshotCompare);
        const { Account__c: _account, ...comparable } = snapshot;
        if (!existing || Object.keys(changedFields(existing, comparable)).length > 0)
            snapshotRows.push(snapshot);
        keepFocus(focus, result, before !== result.band);
        progress.advance(1);
    }
    progress.end();

    // 5. Write (or not).
    const failures: { object: string; operation: string; failure: RowFailure }[] = [];
    const written: WriteResult[] = [];
    if (!options.dryRun) {
        const writes: [string, 'update' | 'upsert', FlatRecord[], string?][] = [
            ['Account', 'update', accountRows],
            ['Contact', 'update', contactRows],
            ['Account_Health_Snapshot__c', 'upsert', snapshotRows, 'Snapshot_Key__c']
        ];
        for (const [object, operation, rows, externalId] of writes) {
            if (rows.length === 0) continue;
            progress.phase(`write ${object}`, rows.length);
            const result = await client.write(object, operation, rows, externalId);
            written.push(result);
            failures.push(...result.failures.map((failure) => ({ object, operation, failure })));
            progress.advance(rows.length);
            progress.end();
        }
    }
    const results = options.dryRun
        ? null
        : writeFailedRows({ dir: options.resultsDir ?? 'reports', asOf: options.asOf, failures });
    const failuresByCode: Record<string, number> = {};
    for (const { failure } of failures)
        failuresByCode[failure.errorCode] = (failuresByCode[failure.errorCode] ?? 0) + 1;
    const succeeded = (object: string): number =>
        written.filter((w) => w.object === object).reduce((n, w) => n + w.succeeded, 0);

    return {
        org: options.org,
        asOf: options.asOf,
        dryRun: options.dryRun,
        model: { version: config.version, source: model.source },
        accountsScored,
        contactsScored,
        bandsChanged: bandChanges.length,
        bandChanges: bandChanges.slice(0, CHANGES_SHOWN),
        rows: options.dryRun
            ? {
                  Account: accountRows.length,
                  Contact: contactRows.length,
                  Account_Health_Snapshot__c: snapshotRows.length
              }
            : {
                  Account: succeeded('Account'),
                  Contact: succeeded('Contact'),
                  Account_Health_Snapshot__c: succeeded('Account_Health_Snapshot__c')
              },
        written: !options.dryRun,
        failedRows: failures.length,
        failuresByCode,
        resultsFile: results?.file ?? null,
        resultsFallbackFrom: results?.fallbackFrom ?? null,
        failedRowsUnwritten: results?.unwritten ?? null,
        staleResultsRemoved: results?.staleRemoved ?? null,
        apiRequests: { used: client.requests, remainingBefore: budget.remaining, dailyMax: budget.max },
        bulkJobs: { query: { ...client.bulkJobs.query }, ingest: { ...client.bulkJobs.ingest } },
        engine: portfolio.stats,
        skippedRecords: skipped,
        skippedReasons,
        inflationFlagged: portfolio.inflation.flagged.length,
        focus: focus.sort((a, b) => b.attentionPriority - a.attentionPriority),
        changes: options.dryRun ? changes : [],
        durationMs: now().getTime() - started,
        exitCode: failures.length ? ExitCode.Partial : ExitCode.Ok
    };
}

function plannedChange(
    object: 'Account' | 'Contact',
    id: string,
    name: string,
    current: FlatRecord | undefined,
    changed: FlatRecord,
    next: FlatRecord
): PlannedChange {
    const fields: PlannedChange['fields'] = {};
    for (const field of Object.keys(changed)) {
        const show = (v: unknown): string | null => {
            const text = canonical(v);
            return field === 'Health_Drivers__c' && text ? '(explanation JSON)' : text;
        };
        fields[field] = { from: show(current?.[field]), to: show(next[field]) };
    }
    return { object, id, name, fields };
}

function keepFocus(focus: FocusAccount[], result: AccountResult, bandChanged: boolean): void {
    const entry: FocusAccount = {
        accountId: result.accountId,
        name: result.name,
        score: result.score,
        band: result.band,
        trend: result.trend,
        change: result.change,
        lifecycle: result.lifecycle,
        attentionPriority: result.attentionPriority,
        bandChanged,
        expansionReady: result.expansionReady,
        criticalRisk: result.criticalRisk,
        summary: result.summary,
        drivers: result.drivers
            .filter((d) => d.code !== 'BASELINE')
            .slice(0, 3)
            .map((d) => ({ label: d.label, points: d.points })),
        renewalDate: result.renewalDate,
        arr: result.arr
    };
    if (focus.length < FOCUS_SIZE) {
        focus.push(entry);
        return;
    }
    let lowest = 0;
    focus.forEach((f, i) => {
        if (f.attentionPriority < (focus[lowest] as FocusAccount).attentionPriority) lowest = i;
    });
    if ((focus[lowest] as FocusAccount).attentionPriority < entry.attentionPriority) focus[lowest] = entry;
}
