/**
 * One sync run: check the API budget, read the active model, stream the org's records through the engine,
 * write only what changed (Account and Contact fields, one snapshot per account per as-of date).
 * Memory is O(accounts + contacts): activities are folded into the scorer as they stream in.
 */
import * as crypto from 'node:crypto';
import { DEFAULT_MODEL_CONFIG, PortfolioScorer, modelConfigFromMetadataRecord } from '../engine';
import type {
    AccountResult,
    Band,
    Lifecycle,
    ModelConfig,
    PortfolioResult,
    PortfolioStats,
    RollupMethod,
    RollupResult,
    Trend
} from '../engine';
import type { FlatRecord, RowFailure, SalesforceClient, WriteResult } from '../salesforce/client';
import { ExitCode, HealthScoreError, OrgError } from '../salesforce/errors';
import {
    ACCOUNT_HEALTH_FIELDS,
    CONTACT_HEALTH_FIELDS,
    SNAPSHOT_FIELDS,
    accountValues,
    renewalCalibration,
    canonical,
    changedFields,
    contactValues,
    snapshotKey,
    snapshotValues
} from './fields';
import { DatasetError } from '../dataset/records';
import { KeyedValues, StoredValues } from './storedValues';
import { writeFailedRows } from './failedRows';
import * as mapping from './mapping';
import type { ProgressSink } from './progress';
import { readSegments } from './segments';
import { observationOf, readSignals, signalQuery } from './signals';
import { closeExpired, planExpiries, readOverrides } from './overrides';
import { ROLLUP_FIELDS, RollupCollector, readRollupMethod, rollupValues } from './rollup';
import { compactSnapshots, compactionWindow, projectStorage, retentionPolicy } from './retention';
import type { CompactionResult, SnapshotRef, StorageProjection } from './retention';

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
    /** Org picklist values the model does not know → model values (added to the documented defaults). */
    valueMap?: mapping.ValueMap;
    /** Where the failed-rows file goes (default ./reports). */
    resultsDir?: string;
    progress: ProgressSink;
    /** Compact old snapshots (daily → weekly → monthly, scripts/sync/retention.ts); default true. */
    retention?: boolean;
    /** Clock for Health_Scored_At__c and the duration (injected for tests). */
    now?: () => Date;
    /**
     * A draft model scored on the same records in the same read (health-score preview, scripts/sync/preview.ts):
     * every record fed to the sync's scorer is fed to a second scorer with this model (no segment models);
     * `current` receives each account's result as the sync computes it, then `draft` each draft result.
     */
    compare?: {
        config: ModelConfig;
        current: (result: AccountResult) => void;
        draft: (result: AccountResult) => void;
    };
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
    /**
     * Whether the active model is calibrated (Calibration_Slope__c > 0): only then are Renewal_Probability__c
     * and Expected_Retained_ARR__c written; otherwise they are left blank (docs/reports.md).
     */
    model: { version: string; source: string; renewalForecast?: 'calibrated' | 'not calibrated' };
    /**
     * Active segment models (Health_Segment__mdt) in the order they are tried, then the default; accounts scored
     * by each model version. Absent when no segment is active.
     */
    segments?: { name: string; priority: number | null; model: string; version: string; accounts: number }[];
    /** Active admin-defined signals (Health_Signal__mdt): where each was read and how many values it found. */
    signals?: { name: string; label: string; source: string; values: number; accounts: number }[];
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
    /**
     * Account and Contact fields are written only by the newest as-of: `newerAsOf` names a later date already
     * scored in the org (then only snapshots are written).
     */
    currentFields: { written: boolean; newerAsOf: string | null };
    apiRequests: { used: number; remainingBefore: number; dailyMax: number };
    bulkJobs: { query: Record<string, number>; ingest: Record<string, number> };
    engine: PortfolioStats;
    /** Records the model could not read (bad values), per object, with the first reasons. */
    skippedRecords: Record<string, number>;
    skippedReasons: string[];
    /** Org picklist values the model does not know, mapped (never dropped): `Object.Field` → value → to, count. */
    mappedValues: Record<string, Record<string, { to: string | null; count: number }>>;
    inflationFlagged: number;
    focus: FocusAccount[];
    /** Snapshot compaction of this run (null when off) and the projected snapshot storage under the policy. */
    retention: (CompactionResult & { projection: StorageProjection }) | null;
    /** Dry run: the changes, first 200. */
    changes: PlannedChange[];
    /**
     * Manual overrides (Health_Override__c): applied this run, closed this run (Expired, owner told), or
     * `missing` when the org has no Health_Override__c yet (older metadata: overrides skipped).
     */
    overrides?: { applied: number; expired: number; missing: boolean };
    /** Parent-account roll-ups (null when no account has a parent): the method and the weakest parents. */
    rollups?: {
        method: RollupMethod;
        source: string;
        parents: number;
        top: (RollupResult & { name: string })[];
    } | null;
    durationMs: number;
    exitCode: number;
}

const FOCUS_SIZE = 10;
/**
 * Changed Account rows written per batch while results stream (~30 MB of Bulk CSV at ~3 KB a row): the rows and
 * their upload are held on top of the engine's whole state, at the sync's peak (10 jobs at 100,000 accounts).
 */
const ACCOUNT_WRITE_BATCH = 10_000;
/**
 * Changed Contact rows (~90 bytes of CSV each) and new snapshots (~1 KB each, with their top drivers) written per
 * batch while results stream: a first run at 1,000,000 contacts held every row (~200 MB) and built one ~80 MB
 * upload after scoring, at the sync's peak. Each batch is one Bulk job (10 and 4 at 100,000 accounts).
 */
const CONTACT_WRITE_BATCH = 100_000;
const SNAPSHOT_WRITE_BATCH = 25_000;
/** Stands in for the engine once runSync has dropped it (never called). */
const RELEASED = null as unknown as PortfolioScorer;
const CHANGES_SHOWN = 200;

function addDays(date: string, days: number): string {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
}

/**
 * A flat copy of a value read from a Bulk result page: a longer slice would keep the whole page (megabytes)
 * alive for as long as the value is (V8 copies slices shorter than 13 characters anyway).
 */
function own(text: string | null): string | null {
    return text === null || text.length < 13 ? text : ` ${text}`.slice(1);
}

/**
 * Long text fields the sync only compares with what it would write (the explanation JSON, up to 32,000
 * characters, and a snapshot's top drivers, up to 4,000): the stored value is kept as a hash, and the value
 * about to be written is hashed for the comparison only. A changed field is written with its text, never its hash.
 */
const HASHED_FIELDS: ReadonlySet<string> = new Set(['Health_Drivers__c', 'Top_Drivers__c']);

function digest(text: string): string {
    return `sha1:${crypto.createHash('sha1').update(text).digest('hex')}`;
}

/** A record whose text values are flat copies (own), except the long fields only ever hashed. */
function ownedValues(record: FlatRecord): FlatRecord {
    const copy: FlatRecord = {};
    for (const key of Object.keys(record)) {
        const value = record[key];
        if (value !== undefined)
            copy[key] = typeof value === 'string' && !HASHED_FIELDS.has(key) ? own(value) : value;
    }
    return copy;
}

/** The stored value of a field, canonical; the long text fields (HASHED_FIELDS) are kept as a hash only (memory). */
function remembered(record: FlatRecord, fields: readonly string[]): (string | null)[] {
    return fields.map((f) => {
        const value = canonical(record[f]);
        return HASHED_FIELDS.has(f) && value !== null ? digest(value) : own(value);
    });
}

function asStored(values: (string | null)[] | undefined, fields: readonly string[]): FlatRecord | undefined {
    if (!values) return undefined;
    return Object.fromEntries(fields.map((f, i) => [f, values[i] ?? null]));
}

/** The values about to be written, as they are compared with the remembered ones (long text fields hashed). */
function forComparison(next: FlatRecord): FlatRecord {
    let compared: FlatRecord | null = null;
    for (const field of HASHED_FIELDS) {
        const value = next[field];
        if (typeof value !== 'string') continue;
        // canonical: a blank text is no value (null), as the remembered side has it.
        const text = canonical(value);
        compared ??= { ...next };
        compared[field] = text === null ? null : digest(text);
    }
    return compared ?? next;
}

/** The fields of `next` that differ from `current` (compared as forComparison has them), with `next`'s values. */
function changedValues(current: FlatRecord | undefined, next: FlatRecord): FlatRecord {
    const changed: FlatRecord = {};
    for (const field of Object.keys(changedFields(current, forComparison(next))))
        changed[field] = next[field] ?? null;
    return changed;
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
        ...ACCOUNT_HEALTH_FIELDS,
        'ParentId',
        ...ROLLUP_FIELDS
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
    trendWindowDays: number,
    /** Read snapshots from this date on when it is earlier (the retention compaction window, one query for both). */
    snapshotsFrom?: string,
    /** Account fields segment criteria read: describe-checked names (scripts/sync/segments.ts), never raw text. */
    extraAccountFields: readonly string[] = []
): { object: keyof typeof SELECT; soql: string; all?: boolean }[] {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`as-of date must be YYYY-MM-DD: ${asOf}`);
    const since = addDays(asOf, -lookbackDays);
    const trendSince = addDays(asOf, -(trendWindowDays + 60));
    const snapshotsSince =
        snapshotsFrom && /^\d{4}-\d{2}-\d{2}$/.test(snapshotsFrom) && snapshotsFrom < trendSince
            ? snapshotsFrom
            : trendSince;
    for (const field of extraAccountFields)
        if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(field)) throw new Error(`not a field API name: ${field}`);
    const known = new Set(SELECT.Account.map((f) => f.toLowerCase()));
    const accountExtra = extraAccountFields.filter((f) => !known.has(f.toLowerCase()));
    const q = (object: keyof typeof SELECT, where = ''): string =>
        `SELECT ${[...SELECT[object], ...(object === 'Account' ? accountExtra : [])].join(', ')} FROM ${object}${where ? ` WHERE ${where}` : ''}`;
    return [
        { object: 'Account', soql: q('Account') },
        { object: 'User', soql: q('User') },
        { object: 'Contact', soql: q('Contact', 'AccountId != null') },
        { object: 'Opportunity', soql: q('Opportunity', 'AccountId != null') },
        // Cases before activities: a task logged on a Case is counted through the Case's account.
        {
            object: 'Case',
            soql: q('Case', `AccountId != null AND (IsClosed = false OR CreatedDate >= ${since}T00:00:00Z)`)
        },
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
): Promise<{ config: ModelConfig; source: string; records: FlatRecord[] }> {
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
            source: 'built-in defaults (no Health_Model__mdt record in the org)',
            records
        };
    const { DeveloperName, ...values } = chosen;
    try {
        return {
            config: modelConfigFromMetadataRecord(values, `Health_Model.${String(DeveloperName)}`),
            source: `Health_Model.${String(DeveloperName)}`,
            records
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

    // 2. The model, and the segment models (Health_Segment__mdt) when the model comes from the org.
    const orgModel = options.model ? null : await readActiveModel(client, (m) => progress.note(m));
    const model = options.model ?? (orgModel as { config: ModelConfig; source: string });
    const config = model.config;
    const segments = orgModel
        ? await readSegments(client, orgModel.records, config, (m) => progress.note(m))
        : { selector: null, accountFields: [] };
    const models = segments.selector?.models() ?? [config];
    const calibrations = new Map(models.map((m) => [m.version, renewalCalibration(m)]));
    const calibration = renewalCalibration(config);
    // Admin-defined signals (Health_Signal__mdt), describe-checked before anything is read.
    const signals = await readSignals(client, (m) => progress.note(m));
    const accountSignals = signals.filter((s) => s.accountField === null);
    /** Values read per signal and the accounts they belong to, for the summary. */
    const signalValues = new Map(
        signals.map((s) => [s.definition.name, { values: 0, accounts: new Set<string>() }])
    );
    const countSignal = (name: string, accountId: string) => {
        const seen = signalValues.get(name);
        if (!seen) return;
        seen.values += 1;
        seen.accounts.add(accountId);
    };
    // `let`: the engine is dropped once its results are read (see "Drop the engine" below).
    let primary = new PortfolioScorer(
        config,
        options.asOf,
        segments.selector,
        signals.map((s) => s.definition)
    );
    let draftScorer = options.compare
        ? new PortfolioScorer(
              options.compare.config,
              options.asOf,
              null,
              signals.map((s) => s.definition)
          )
        : null;
    let scorer = draftScorer ? teeScorer(primary, draftScorer) : primary;
    const modelUse = new Map<string, number>();

    // 3. Extract and stream through the engine.
    const snapshotCompare = SNAPSHOT_FIELDS.filter((f) => f !== 'Account__c');
    /** The Account health fields the org holds, by account Id (every account read). */
    const accountState = new KeyedValues(ACCOUNT_HEALTH_FIELDS.length);
    /** The Contact health fields the org holds, by the contact's ContactStore row (scorer.contactRow). */
    const contactState = new StoredValues(CONTACT_HEALTH_FIELDS.length);
    /**
     * Today's snapshots already in the org (a rerun), by snapshot key: the compared fields, then the snapshot's
     * Id (a changed one is written by update, never re-parented).
     */
    const todaysSnapshots = new KeyedValues(snapshotCompare.length + 1);
    /** Case Id → AccountId, for tasks and events logged on a case (their AccountId is the contact's, or none). */
    const caseAccounts = new Map<string, string>();
    const onCases: { object: 'Task' | 'Event'; record: FlatRecord }[] = [];
    const values = new mapping.ValueMapper(options.valueMap);
    /** Account Id → ParentId, and the roll-up fields the org holds (only where any is set). */
    const parents = new Map<string, string>();
    const rollupState = new Map<string, (string | null)[]>();
    const skipped: Record<string, number> = {};
    const skippedReasons: string[] = [];
    // Retention reads its compaction window in the same snapshot query (no extra request).
    const policy = options.retention === false ? null : retentionPolicy(config);
    const window = policy ? compactionWindow(options.asOf, policy) : null;
    const compactable: SnapshotRef[] = [];
    for (const { object, soql, all } of extractionQueries(
        options.asOf,
        options.lookbackDays ?? 730,
        Math.max(...models.map((m) => m.trendWindowDays)),
        window?.from,
        [...segments.accountFields, ...accountSignals.map((s) => s.field as string)]
    )) {
        progress.phase(`extract ${object}`);
        for await (const page of client.query(soql, { all: all ?? false, object })) {
            for (const raw of page) {
                const record = values.normalize(object, raw);
                try {
                    switch (object) {
                        case 'Account':
                            // Flat copies: the engine keeps the owner, industry, region and key of every account,
                            // and a slice would keep its whole result page (~175 MB per 50,000 accounts on a rerun,
                            // when the rows carry their explanation JSON) alive for the whole run.
                            scorer.addAccount(
                                mapping.accountHeader(ownedValues(record)),
                                segments.selector ? raw : undefined
                            );
                            for (const signal of accountSignals) {
                                const value = observationOf(signal, raw);
                                if (value && scorer.addSignalValue(value.accountId, value.observation))
                                    countSignal(signal.definition.name, value.accountId);
                            }
                            accountState.set(String(record.Id), remembered(record, ACCOUNT_HEALTH_FIELDS));
                            if (record.ParentId)
                                parents.set(
                                    String(own(String(record.Id))),
                                    String(own(String(record.ParentId)))
                                );
                            if (ROLLUP_FIELDS.some((f) => record[f] !== null && record[f] !== undefined))
                                rollupState.set(
                                    String(own(String(record.Id))),
                                    remembered(record, ROLLUP_FIELDS)
                                );
                            break;
                        case 'User':
                            scorer.addUser(mapping.user(record));
                            break;
                        case 'Contact': {
                            const contact = mapping.contact(record);
                            if (scorer.addContact(contact.accountId, contact.contact))
                                contactState.set(
                                    scorer.contactRow(contact.contact.id),
                                    remembered(record, CONTACT_HEALTH_FIELDS)
                                );
                            break;
                        }
                        case 'Task':
                        case 'Event': {
                            const linked = mapping.throughCase(record, caseAccounts);
                            if (linked === 'unknown case') {
                                onCases.push({ object, record });
                                break;
                            }
                            const activity = mapping.activity(object, linked);
                            if (activity) scorer.addActivity(activity);
                            break;
                        }
                        case 'Opportunity': {
                            // Flat copies, as for accounts: the engine keeps each opportunity's id, name and
                            // stage, and a slice would keep its part of the result page alive for the run.
                            const opportunity = mapping.opportunity(ownedValues(record));
                            scorer.addOpportunity(opportunity.accountId, opportunity.opportunity);
                            break;
                        }
                        case 'Case': {
                            if (record.Id && record.AccountId)
                                caseAccounts.set(
                                    String(own(String(record.Id))),
                                    String(own(String(record.AccountId)))
                                );
                            // Flat copies: the engine keeps each case's id and subject (see Opportunity).
                            const supportCase = mapping.supportCase(ownedValues(record));
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
                            if (
                                window &&
                                snapshot.snapshot.asOf >= window.from &&
                                snapshot.snapshot.asOf < window.before
                            )
                                // Flat copies: kept until the compaction at the end of the run.
                                compactable.push({
                                    id: String(own(String(record.Id))),
                                    accountId: String(own(snapshot.accountId)),
                                    asOf: snapshot.snapshot.asOf,
                                    band:
                                        record.Band__c === null ? null : String(record.Band__c ?? '') || null
                                });
                            // Today's snapshot is this run's own output (a rerun): compare, never feed it back.
                            if (snapshot.snapshot.asOf === options.asOf) {
                                todaysSnapshots.set(snapshotKey(snapshot.accountId, options.asOf), [
                                    ...remembered(record, snapshotCompare),
                                    own(record.Id ? String(record.Id) : null)
                                ]);
                            } else scorer.addSnapshot(snapshot.accountId, snapshot.snapshot);
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
    for (const line of values.notices())
        progress.note(
            `org picklist values the model does not know, mapped (docs/model-configuration.md): ${line}`
        );
    await foldActivitiesOnOlderCases(client, onCases, caseAccounts, (object, record) => {
        try {
            const activity = mapping.activity(object, record);
            if (activity) scorer.addActivity(activity);
        } catch (error) {
            if (!(error instanceof DatasetError)) throw error;
            skipped[object] = (skipped[object] ?? 0) + 1;
            if (skippedReasons.length < 20) skippedReasons.push(error.message);
        }
    });
    // Needed only to place activities (200,000 cases: ~40 MB kept through scoring otherwise).
    caseAccounts.clear();
    onCases.length = 0;

    // Parent-account roll-up (scripts/sync/rollup.ts): collected while the results stream, written on parents.
    const rollupMethod =
        parents.size > 0 || rollupState.size > 0
            ? await readRollupMethod(client, (m) => progress.note(m))
            : null;
    const rollups = new RollupCollector(parents);
    /** The names of parent accounts, for the summary's weakest parents (read from their results). */
    const rollupParents = new Set(parents.values());
    const parentNames = new Map<string, string>();

    // Manual overrides (scripts/sync/overrides.ts): the engine applies the active one after the caps.
    progress.phase('extract Health_Override__c');
    const overrideRead = await readOverrides(client, options.asOf, scorer);
    progress.end();
    if (overrideRead.missing)
        progress.note('Health_Override__c is not in the org (deploy the latest metadata): overrides skipped');
    if (overrideRead.skipped.length) {
        skipped.Health_Override__c = overrideRead.skipped.length;
        skippedReasons.push(...overrideRead.skipped.slice(0, Math.max(0, 20 - skippedReasons.length)));
    }
    const overridden = new Set(overrideRead.overrides.map((o) => o.accountId));
    const overrideScores = new Map<string, { score: number | null; band: string }>();
    let overridesApplied = 0;

    // Child-object signals: one query each, from the widest date its reading needs.
    for (const signal of signals.filter((s) => s.accountField !== null)) {
        progress.phase(`extract ${signal.object} (${signal.source})`);
        const days = signal.definition.windowDays ?? options.lookbackDays ?? 730;
        for await (const page of client.query(signalQuery(signal, addDays(options.asOf, -days)), {
            object: signal.object
        }))
            for (const record of page) {
                const value = observationOf(signal, record);
                if (value && scorer.addSignalValue(value.accountId, value.observation))
                    countSignal(signal.definition.name, value.accountId);
            }
        progress.end();
    }

    // 4. Score, and keep only what changed.
    const failures: { object: string; operation: string; failure: RowFailure }[] = [];
    const written: WriteResult[] = [];
    /** Writes rows of one object, then empties `rows` (failures keep their own rows): later writes do not hold them. */
    const writeRows = async (
        object: string,
        operation: 'update' | 'upsert',
        rows: FlatRecord[],
        externalId?: string
    ): Promise<void> => {
        if (rows.length === 0) return;
        const count = rows.length;
        progress.phase(`write ${object}`, count);
        const result = await client.write(object, operation, rows, externalId);
        written.push(result);
        rows.length = 0;
        // A new snapshot that exists by now (an earlier attempt whose answer was lost, or a concurrent run)
        // refuses Account__c on its upsert-update path: resend those rows by key without the master-detail.
        const exists = result.failures.filter(
            (f) =>
                externalId === 'Snapshot_Key__c' &&
                f.errorCode === 'INVALID_FIELD_FOR_INSERT_UPDATE' &&
                'Account__c' in f.row
        );
        if (exists.length) {
            const retry = await client.write(
                object,
                operation,
                exists.map(({ row }) => {
                    const { Account__c: _master, ...rest } = row;
                    return rest;
                }),
                externalId
            );
            written.push(retry);
            result.failures = result.failures.filter((f) => !exists.includes(f)).concat(retry.failures);
        }
        failures.push(...result.failures.map((failure) => ({ object, operation, failure })));
        progress.advance(count);
        progress.end();
    };
    /**
     * A run with many changes writes them while the results stream, a batch at a time (each batch one Bulk job,
     * as the client would split a larger upload anyway), instead of holding every row until all accounts are
     * scored: Account rows ACCOUNT_WRITE_BATCH at a time (each carries its ~3 KB explanation JSON), Contact rows
     * CONTACT_WRITE_BATCH and new snapshots SNAPSHOT_WRITE_BATCH at a time. Only when this run writes its rows as
     * they are: not a dry run, this as-of is the newest, and the integration user may edit every account (Account
     * sharing Public Read/Write; otherwise access is checked on all rows at the end, as before). Rows of accounts
     * a roll-up may still change (parents, accounts holding roll-up values) are held back.
     */
    const batchSize = (variable: string, fallback: number): number =>
        Math.max(1, Number(process.env[variable]) || fallback);
    const accountBatch = batchSize('HEALTH_SCORE_ACCOUNT_WRITE_BATCH', ACCOUNT_WRITE_BATCH);
    const contactBatch = batchSize('HEALTH_SCORE_CONTACT_WRITE_BATCH', CONTACT_WRITE_BATCH);
    const snapshotBatch = batchSize('HEALTH_SCORE_SNAPSHOT_WRITE_BATCH', SNAPSHOT_WRITE_BATCH);
    const rollupHeld = new Set([...parents.values(), ...rollupState.keys()]);
    let heldAccountRows = 0;
    let newerAsOfKnown: string | null | undefined;
    let orgAccess: DefaultAccess | undefined;
    let streaming = !options.dryRun;
    /** Contact rows stream only when no contact needs its own access check (Contact sharing Edit or by parent). */
    let streamContacts = true;
    /** Writes one batch while scoring, when rows may be written as they are (asked once; else streaming stops). */
    const flushWhileScoring = async (write: () => Promise<void>): Promise<void> => {
        // Asked once (null, "no newer date", is an answer too).
        if (newerAsOfKnown === undefined) newerAsOfKnown = await newestAsOfAfter(client, options.asOf);
        if (newerAsOfKnown === null) orgAccess ??= await defaultAccess(client);
        if (newerAsOfKnown !== null || orgAccess?.account !== 'Edit') {
            streaming = false;
            return;
        }
        streamContacts = !contactsChecked(orgAccess);
        await write();
        progress.phase('score', accountState.size);
        progress.advance(accountsScored);
    };
    const flushAccounts = (): Promise<void> =>
        flushWhileScoring(async () => {
            const batch = accountRows.filter((row) => !rollupHeld.has(String(row.Id)));
            const held = accountRows.filter((row) => rollupHeld.has(String(row.Id)));
            accountRows.length = 0;
            for (const row of held) accountRows.push(row);
            await writeRows('Account', 'update', batch);
        });
    const flushContacts = (): Promise<void> =>
        flushWhileScoring(async () => {
            await writeRows('Contact', 'update', contactRows);
            contactRowAccounts.length = 0;
        });
    const flushSnapshots = (): Promise<void> =>
        flushWhileScoring(() =>
            writeRows('Account_Health_Snapshot__c', 'upsert', snapshotRows, 'Snapshot_Key__c')
        );
    let portfolio: PortfolioResult | null = scorer.finish();
    const scoredAt = now().toISOString();
    const accountRows: FlatRecord[] = [];
    const contactRows: FlatRecord[] = [];
    /** New snapshots: upsert by Snapshot_Key__c, with the master-detail Account__c (settable on create only). */
    const snapshotRows: FlatRecord[] = [];
    /** Today's snapshots that changed: update by Id, without Account__c (not reparentable: refused on update). */
    const snapshotUpdates: FlatRecord[] = [];
    /** The account of each row in contactRows (same index). */
    const contactRowAccounts: string[] = [];
    const bandChanges: SyncSummary['bandChanges'] = [];
    const changes: PlannedChange[] = [];
    const focus: FocusAccount[] = [];
    let accountsScored = 0;
    let contactsScored = 0;
    progress.phase('score', accountState.size);
    for (const result of portfolio.results()) {
        accountsScored += 1;
        modelUse.set(result.modelVersion, (modelUse.get(result.modelVersion) ?? 0) + 1);
        if (result.override) overridesApplied += 1;
        if (rollupMethod) {
            rollups.add(result);
            if (rollupParents.has(result.accountId)) parentNames.set(result.accountId, result.name);
        }
        if (overridden.has(result.accountId))
            overrideScores.set(result.accountId, { score: result.score, band: result.band });
        const current = asStored(accountState.get(result.accountId), ACCOUNT_HEALTH_FIELDS);
        const next = accountValues(result, calibrations.get(result.modelVersion) ?? calibration);
        const changed = changedValues(current, next);
        if (Object.keys(changed).length > 0) {
            const row: FlatRecord = { Id: result.accountId, ...changed };
            row.Health_Scored_At__c = scoredAt;
            accountRows.push(row);
            if (rollupHeld.has(result.accountId)) heldAccountRows += 1;
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
            const contactCurrent = asStored(
                contactState.get(scorer.contactRow(contact.contactId)),
                CONTACT_HEALTH_FIELDS
            );
            const contactNext = contactValues(contact);
            const contactChanged = changedFields(contactCurrent, contactNext);
            if (Object.keys(contactChanged).length > 0) {
                contactRows.push({ Id: contact.contactId, ...contactChanged });
                contactRowAccounts.push(result.accountId);
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
        const key = String(snapshot.Snapshot_Key__c);
        const stored = todaysSnapshots.get(key);
        const existing = asStored(stored, snapshotCompare);
        const { Account__c: _account, Snapshot_Key__c: _key, ...comparable } = snapshot;
        const existingId = stored?.[snapshotCompare.length] ?? null;
        if (!existing) snapshotRows.push(snapshot);
        else {
            const changedSnapshot = changedValues(existing, comparable);
            if (Object.keys(changedSnapshot).length > 0)
                if (existingId)
                    snapshotUpdates.push({ Id: existingId, Snapshot_Key__c: key, ...changedSnapshot });
                else snapshotRows.push(snapshot);
        }
        keepFocus(focus, result, before !== result.band);
        options.compare?.current(result);
        progress.advance(1);
        if (streaming && accountRows.length - heldAccountRows >= accountBatch) await flushAccounts();
        if (streaming && streamContacts && contactRows.length >= contactBatch) await flushContacts();
        if (streaming && snapshotRows.length >= snapshotBatch) await flushSnapshots();
    }
    progress.end();
    if (draftScorer && options.compare)
        for (const result of draftScorer.finish().results()) options.compare.draft(result);
    // Drop the engine: its contact store and the contacts' names are the largest thing the sync holds, and the
    // writes below (whose CSV is built in memory) need none of it.
    const engineStats = portfolio.stats;
    const inflationFlagged = portfolio.inflation.flagged.length;
    portfolio = null;
    draftScorer = null;
    primary = scorer = RELEASED;
    const rolledUp = rollupMethod
        ? rollups.rollUp(rollupMethod.method, config)
        : new Map<string, RollupResult>();
    if (rollupMethod) {
        const rowsById = new Map(accountRows.map((row) => [String(row.Id), row]));
        for (const id of new Set([...rolledUp.keys(), ...rollupState.keys()])) {
            if (!accountState.has(id)) continue;
            const changed = changedFields(
                asStored(rollupState.get(id), ROLLUP_FIELDS),
                rollupValues(rolledUp.get(id))
            );
            if (Object.keys(changed).length === 0) continue;
            const row = rowsById.get(id);
            if (row) Object.assign(row, changed);
            else accountRows.push({ Id: id, ...changed });
        }
    }

    // 5. What may be written: an older as-of writes snapshots only; rows the integration user cannot edit
    //    are reported, not sent.
    const newerAsOf =
        newerAsOfKnown === undefined ? await newestAsOfAfter(client, options.asOf) : newerAsOfKnown;
    if (newerAsOf) {
        progress.note(
            `as-of ${options.asOf} is older than the newest scored date ${newerAsOf}: only snapshots are written; Account and Contact fields keep the newer values (and no playbook fires)`
        );
        accountRows.length = 0;
        contactRows.length = 0;
        contactRowAccounts.length = 0;
        bandChanges.length = 0;
        for (let i = changes.length - 1; i >= 0; i--) changes.splice(i, 1);
    }
    /** The account a row belongs to; `index`: the row's place in contactRows (contacts). */
    const accountOf = (object: string, row: FlatRecord, index = -1): string =>
        object === 'Account'
            ? String(row.Id)
            : object === 'Contact'
              ? (contactRowAccounts[index] ?? '')
              : row.Account__c
                ? String(row.Account__c)
                : String(row.Snapshot_Key__c ?? '').split('_')[0] || '';
    if (!options.dryRun) {
        const rowsToWrite =
            accountRows.length + snapshotRows.length + contactRows.length + snapshotUpdates.length;
        if (rowsToWrite > 0) orgAccess ??= await defaultAccess(client);
        const denied = await accountsNotEditable(
            client,
            [...accountRows, ...snapshotRows]
                .map((r) => accountOf(r.Account__c ? 'snapshot' : 'Account', r))
                .concat(contactRows.map((r, i) => accountOf('Contact', r, i)))
                .concat(snapshotUpdates.map((r) => accountOf('snapshot', r))),
            progress,
            orgAccess?.account
        );
        // Contacts with their own sharing (Contact default Private or Public Read Only) are checked one by one.
        const deniedContacts =
            orgAccess && contactsChecked(orgAccess)
                ? await contactsNotEditable(
                      client,
                      contactRows.map((r) => String(r.Id)),
                      progress,
                      orgAccess.contact
                  )
                : new Set<string>();
        /** Why a row may not be written (null: it may). */
        const refusal = (object: string, row: FlatRecord, index: number): string | null => {
            if (object === 'Contact') {
                if (deniedContacts.has(String(row.Id))) return NO_CONTACT_EDIT_ACCESS;
                // Contact sharing Public Read/Write: the account's sharing does not matter.
                if (orgAccess?.contact === 'Edit') return null;
            }
            return denied.has(accountOf(object, row, index)) ? NO_EDIT_ACCESS : null;
        };
        if (denied.size > 0 || deniedContacts.size > 0) {
            const keep = (object: string, operation: string, rows: FlatRecord[]): FlatRecord[] => {
                const kept: FlatRecord[] = [];
                rows.forEach((row, i) => {
                    const message = refusal(object, row, i);
                    if (message === null) kept.push(row);
                    else
                        failures.push({
                            object: object === 'snapshot' ? 'Account_Health_Snapshot__c' : object,
                            operation,
                            failure: { row, errorCode: 'INSUFFICIENT_ACCESS', message }
                        });
                });
                return kept;
            };
            const replace = (rows: FlatRecord[], kept: FlatRecord[]): void => {
                // Not splice(0, n, ...kept): a spread of a million rows overflows the call stack.
                rows.length = 0;
                for (const row of kept) rows.push(row);
            };
            replace(accountRows, keep('Account', 'update', accountRows));
            replace(contactRows, keep('Contact', 'update', contactRows));
            replace(snapshotUpdates, keep('snapshot', 'update', snapshotUpdates));
            replace(snapshotRows, keep('snapshot', 'upsert', snapshotRows));
        }
    }

    // 6. Write (or not).
    if (!options.dryRun) {
        const writes: [string, 'update' | 'upsert', FlatRecord[], string?][] = [
            ['Account', 'update', accountRows],
            ['Contact', 'update', contactRows],
            ['Account_Health_Snapshot__c', 'update', snapshotUpdates],
            ['Account_Health_Snapshot__c', 'upsert', snapshotRows, 'Snapshot_Key__c']
        ];
        for (const [object, operation, rows, externalId] of writes)
            await writeRows(object, operation, rows, externalId);
    }
    // Overrides past their expiry: marked Expired and the owner gets a Task (only by the newest as-of run).
    let overridesExpired = 0;
    if (!options.dryRun && !newerAsOf) {
        const plan = planExpiries(overrideRead.overrides, options.asOf, overrideScores);
        if (plan.tasks.length) {
            progress.phase('close expired overrides', plan.tasks.length);
            const closed = await closeExpired(client, plan);
            overridesExpired = closed.expired;
            written.push(...closed.written);
            for (const result of closed.written)
                failures.push(
                    ...result.failures.map((failure) => ({
                        object: result.object,
                        operation: result.operation,
                        failure
                    }))
                );
            progress.end();
        }
    }
    // 6. Snapshot retention: compact what this run's as-of date moved out of the daily window.
    let retention: SyncSummary['retention'] = null;
    if (policy) {
        progress.phase('compact snapshots');
        retention = {
            ...(await compactSnapshots({
                client,
                asOf: options.asOf,
                policy,
                dryRun: options.dryRun,
                snapshots: compactable.filter((s) => accountState.has(s.accountId))
            })),
            projection: projectStorage(accountsScored, policy)
        };
        progress.end();
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
        model: {
            version: config.version,
            source: model.source,
            renewalForecast: calibration ? 'calibrated' : 'not calibrated'
        },
        ...(signals.length
            ? {
                  signals: signals.map((s) => ({
                      name: s.source,
                      label: s.definition.label,
                      source: `${s.object}.${s.field ?? 'Id'}`,
                      values: signalValues.get(s.definition.name)?.values ?? 0,
                      accounts: signalValues.get(s.definition.name)?.accounts.size ?? 0
                  }))
              }
            : {}),
        ...(segments.selector
            ? {
                  segments: [
                      ...segments.selector.segments.map((s) => ({
                          name: s.name,
                          priority: s.priority,
                          model: s.modelSource ?? '',
                          version: s.config.version,
                          accounts: 0
                      })),
                      {
                          name: 'default',
                          priority: null,
                          model: model.source,
                          version: config.version,
                          accounts: 0
                      }
                  ].map((s, i, all) => ({
                      ...s,
                      // Accounts per model version (a model two segments share counts once, on its first segment).
                      accounts:
                          all.findIndex((o) => o.version === s.version) === i
                              ? (modelUse.get(s.version) ?? 0)
                              : 0
                  }))
              }
            : {}),
        accountsScored,
        contactsScored,
        bandsChanged: bandChanges.length,
        bandChanges: bandChanges.slice(0, CHANGES_SHOWN),
        rows: options.dryRun
            ? {
                  Account: accountRows.length,
                  Contact: contactRows.length,
                  Account_Health_Snapshot__c: snapshotRows.length + snapshotUpdates.length
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
        currentFields: { written: !options.dryRun && newerAsOf === null, newerAsOf },
        apiRequests: { used: client.requests, remainingBefore: budget.remaining, dailyMax: budget.max },
        bulkJobs: { query: { ...client.bulkJobs.query }, ingest: { ...client.bulkJobs.ingest } },
        engine: engineStats,
        skippedRecords: skipped,
        skippedReasons,
        mappedValues: values.mapped,
        inflationFlagged,
        focus: focus.sort((a, b) => b.attentionPriority - a.attentionPriority),
        retention,
        changes: options.dryRun ? changes : [],
        overrides: { applied: overridesApplied, expired: overridesExpired, missing: overrideRead.missing },
        rollups: rollupMethod
            ? {
                  method: rollupMethod.method,
                  source: rollupMethod.source,
                  parents: rolledUp.size,
                  top: [...rolledUp.values()]
                      .sort(
                          (a, b) =>
                              (a.score ?? 101) - (b.score ?? 101) || a.accountId.localeCompare(b.accountId)
                      )
                      .slice(0, FOCUS_SIZE)
                      .map((r) => ({ ...r, name: parentNames.get(r.accountId) ?? r.accountId }))
              }
            : null,
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
/**
 * Tasks and events logged on a Case whose AccountId is empty (no contact: the org derives AccountId from WhatId
 * only for accounts, opportunities, contracts and custom children of Account) and whose case was not among the
 * extracted cases (closed before the lookback): their cases' accounts are read by Id, 200 per REST query.
 */
async function foldActivitiesOnOlderCases(
    client: SalesforceClient,
    pending: { object: 'Task' | 'Event'; record: FlatRecord }[],
    caseAccounts: Map<string, string>,
    fold: (object: 'Task' | 'Event', record: FlatRecord) => void
): Promise<void> {
    if (pending.length === 0) return;
    const ids = [...new Set(pending.map((p) => String(p.record.WhatId)))].filter((id) =>
        /^[a-zA-Z0-9]{15,18}$/.test(id)
    );
    for (let start = 0; start < ids.length; start += 200) {
        const chunk = ids.slice(start, start + 200);
        const soql = `SELECT Id, AccountId FROM Case WHERE Id IN (${chunk.map((id) => `'${id}'`).join(', ')})`;
        for await (const page of client.query(soql, { object: 'Case', rest: true, all: true }))
            for (const row of page)
                if (row.Id && row.AccountId) caseAccounts.set(String(row.Id), String(row.AccountId));
    }
    for (const { object, record } of pending) {
        const linked = mapping.throughCase(record, caseAccounts);
        fold(object, linked === 'unknown case' ? record : linked);
    }
}

const NO_EDIT_ACCESS =
    'the integration user cannot edit this account (Account sharing is Private or Public Read Only and it neither owns the account nor has Modify All): see docs/sync.md "Sharing the integration user needs"';

/** The newest As_Of__c after this as-of already in the org, if any (one REST query, LIMIT 1). */
async function newestAsOfAfter(client: SalesforceClient, asOf: string): Promise<string | null> {
    const soql = `SELECT As_Of__c FROM Account_Health_Snapshot__c WHERE As_Of__c > ${asOf} ORDER BY As_Of__c DESC LIMIT 1`;
    for await (const page of client.query(soql, { object: 'Account_Health_Snapshot__c', rest: true }))
        for (const row of page) if (row.As_Of__c) return String(row.As_Of__c).slice(0, 10);
    return null;
}

const NO_CONTACT_EDIT_ACCESS =
    'the integration user cannot edit this contact (Contact sharing is Private or Public Read Only, not Controlled by Parent, and it neither owns the contact nor has Modify All on Contact): see docs/sync.md "Sharing the integration user needs"';

/** The org-wide defaults the sync's writes depend on (Organization, Object Reference). */
interface DefaultAccess {
    /** DefaultAccountAccess: None (Private), Read (Public Read Only) or Edit (Public Read/Write). */
    account: string;
    /**
     * DefaultContactAccess: ControlledByParent (a contact's access is its account's: Salesforce Help,
     * "Considerations for Sharing and Accessing Contacts"), or None, Read, Edit: the contact's own sharing.
     */
    contact: string;
}

/** The Account and Contact org-wide defaults (one query). */
async function defaultAccess(client: SalesforceClient): Promise<DefaultAccess> {
    const access: DefaultAccess = { account: 'Edit', contact: 'ControlledByParent' };
    for await (const page of client.query(
        'SELECT DefaultAccountAccess, DefaultContactAccess FROM Organization',
        {
            object: 'Organization',
            rest: true
        }
    ))
        for (const row of page) {
            access.account = String(row.DefaultAccountAccess ?? 'Edit');
            access.contact = String(row.DefaultContactAccess ?? 'ControlledByParent');
        }
    return access;
}

/** Whether each contact's own access must be read: Contact sharing Private or Public Read Only. */
function contactsChecked(access: DefaultAccess): boolean {
    return access.contact !== 'ControlledByParent' && access.contact !== 'Edit';
}

/** The records of `ids` the integration user cannot edit (UserRecordAccess, 200 per query). */
async function notEditable(
    client: SalesforceClient,
    ids: string[],
    progress: ProgressSink
): Promise<Set<string>> {
    const denied = new Set<string>();
    progress.phase('check edit access', ids.length);
    const userId = await client.userId();
    for (let start = 0; start < ids.length; start += 200) {
        const chunk = ids.slice(start, start + 200);
        const soql = `SELECT RecordId, HasEditAccess FROM UserRecordAccess WHERE UserId = '${userId}' AND RecordId IN (${chunk.map((id) => `'${id}'`).join(', ')})`;
        const editable = new Set<string>();
        for await (const page of client.query(soql, { object: 'UserRecordAccess', rest: true }))
            for (const row of page)
                if (canonical(row.HasEditAccess) === 'true') editable.add(String(row.RecordId));
        for (const id of chunk) if (!editable.has(id)) denied.add(id);
        progress.advance(chunk.length);
    }
    progress.end();
    return denied;
}

/**
 * The contacts (of those about to be written) the integration user cannot edit, when Contact sharing is Private
 * or Public Read Only: their rows are reported, not sent (the org would refuse each). Never stops the run.
 */
async function contactsNotEditable(
    client: SalesforceClient,
    contactIds: string[],
    progress: ProgressSink,
    access: string
): Promise<Set<string>> {
    const ids = [...new Set(contactIds.filter((id) => /^[a-zA-Z0-9]{15,18}$/.test(id)))];
    if (ids.length === 0) return new Set();
    const denied = await notEditable(client, ids, progress);
    if (denied.size)
        progress.note(
            `the integration user cannot edit ${denied.size.toLocaleString('en-US')} of ${ids.length.toLocaleString('en-US')} contact(s) (Contact sharing ${access === 'Read' ? 'Public Read Only' : 'Private'}): their rows are not sent and are listed in the failed-rows file`
        );
    return denied;
}

/**
 * The accounts (of those about to be written) the integration user cannot edit. Nothing to check when the
 * Account org-wide default is Public Read/Write (one query); otherwise UserRecordAccess is read for the
 * accounts, 200 per query. When the user can edit none of them the run stops before writing (exit 6).
 */
async function accountsNotEditable(
    client: SalesforceClient,
    accountIds: string[],
    progress: ProgressSink,
    /** The Account org-wide default (defaultAccess). */
    access: string | undefined
): Promise<Set<string>> {
    const ids = [...new Set(accountIds.filter((id) => /^[a-zA-Z0-9]{15,18}$/.test(id)))];
    if (ids.length === 0 || access === undefined || access === 'Edit') return new Set();
    const denied = await notEditable(client, ids, progress);
    if (denied.size === ids.length) {
        const sharing = access === 'Read' ? 'Public Read Only' : 'Private';
        throw new OrgError(
            'INSUFFICIENT_ACCESS',
            `the integration user can edit none of the ${ids.length.toLocaleString('en-US')} account(s) this sync writes: the org's Account sharing is ${sharing} and the user neither owns them nor has Modify All on Account`,
            'give the integration user "Modify All" on Account (a permission set), or a sharing rule granting Read/Write on the accounts it scores; see docs/sync.md "Sharing the integration user needs"'
        );
    }
    if (denied.size)
        progress.note(
            `the integration user cannot edit ${denied.size.toLocaleString('en-US')} of ${ids.length.toLocaleString('en-US')} account(s) (Account sharing ${access === 'Read' ? 'Public Read Only' : 'Private'}): their rows are not sent and are listed in the failed-rows file`
        );
    return denied;
}

/**
 * The sync's scorer with a second one beside it (the preview's draft model): every add* call goes to both, the
 * sync's answer is returned; finish and the rest are the sync's scorer's own.
 */
function teeScorer(primary: PortfolioScorer, draft: PortfolioScorer): PortfolioScorer {
    return new Proxy(primary, {
        get(target, property) {
            const value: unknown = Reflect.get(target, property, target);
            if (typeof value !== 'function') return value;
            const method = value as (...args: unknown[]) => unknown;
            if (typeof property === 'string' && property.startsWith('add')) {
                const twin = Reflect.get(draft, property, draft) as (...args: unknown[]) => unknown;
                return (...args: unknown[]) => {
                    twin.apply(draft, args);
                    return method.apply(target, args);
                };
            }
            return method.bind(target);
        }
    });
}
