/**
 * Usage push: product-usage periods (and optional billing facts) from a CSV or NDJSON file into the org.
 *
 * The file is streamed twice, never held in memory (1M rows run in the memory of one batch):
 *   1. scanUsageFile: every row is validated before anything is written (and before the command logs in):
 *      CSV syntax, unknown or doubled columns, field rules, duplicate periods (keys compared without letter
 *      case, as the org matches external ids), and the latest billing facts per customer.
 *   2. pushUsage: the file is read again; bad rows go to the rejects file with their line number and reason,
 *      valid rows are upserted in batches: Product_Usage__c by Usage_Key__c (customer key + `_` + period
 *      start), then Account billing fields by Customer_Key__c. A row the org refuses joins the rejects file; if
 *      a write fails outright (a Bulk job fails, retries run out), the rows not written are rejects too, so the
 *      rejects file always lists every row that did not reach the org.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CsvError, CsvParser } from '../dataset/csv';
import type { FlatRecord, SalesforceClient } from '../salesforce/client';
import { describeError } from '../salesforce/client';
import { PeopleCsvWriter } from '../salesforce/csv';
import { ExitCode, HealthScoreError, UsageError, redact } from '../salesforce/errors';
import type { ProgressSink } from './progress';
import { terminalField, terminalSafe } from './terminal';

/** Column → Salesforce field. API names are the contract; the snake_case aliases are accepted too. */
const COLUMNS: ReadonlyMap<string, string> = new Map([
    ['Customer_Key__c', 'Customer_Key__c'],
    ['customer_key', 'Customer_Key__c'],
    ['Period_Start__c', 'Period_Start__c'],
    ['period_start', 'Period_Start__c'],
    ['Period_End__c', 'Period_End__c'],
    ['period_end', 'Period_End__c'],
    ['Active_Users__c', 'Active_Users__c'],
    ['active_users', 'Active_Users__c'],
    ['Licensed_Seats__c', 'Licensed_Seats__c'],
    ['licensed_seats', 'Licensed_Seats__c'],
    ['Features_Adopted__c', 'Features_Adopted__c'],
    ['features_adopted', 'Features_Adopted__c'],
    ['Features_Available__c', 'Features_Available__c'],
    ['features_available', 'Features_Available__c'],
    ['Key_Events__c', 'Key_Events__c'],
    ['key_events', 'Key_Events__c'],
    ['ARR__c', 'ARR__c'],
    ['arr', 'ARR__c'],
    ['Renewal_Date__c', 'Renewal_Date__c'],
    ['renewal_date', 'Renewal_Date__c'],
    ['Days_Past_Due__c', 'Days_Past_Due__c'],
    ['days_past_due', 'Days_Past_Due__c']
]);

const COUNTS = [
    'Active_Users__c',
    'Licensed_Seats__c',
    'Features_Adopted__c',
    'Features_Available__c',
    'Key_Events__c'
] as const;
const MAX_COUNT: Record<string, number> = {
    Active_Users__c: 999_999_999,
    Licensed_Seats__c: 999_999_999,
    Features_Adopted__c: 9999,
    Features_Available__c: 9999,
    Key_Events__c: 999_999_999_999
};

/** Rows per write (one Bulk ingest job, or REST below the client's bulk threshold). */
export const USAGE_BATCH_ROWS = 50_000;
/** Rejects listed in the summary (all of them are in the rejects file). */
const SHOWN = 50;
/** Header of a rejects file: how a stale one from an earlier run is recognised. */
const REJECTS_HEADER = /^line,stage,reason(,|\r?\n|$)/;

export interface UsageRow {
    line: number;
    raw: Record<string, unknown>;
}

export interface Reject {
    line: number;
    stage: 'validation' | 'org';
    reason: string;
    raw: Record<string, unknown>;
}

export interface ValidRow {
    line: number;
    raw: Record<string, unknown>;
    usage: FlatRecord;
    billing: FlatRecord | undefined;
    customerKey: string;
    periodStart: string;
}

// ------------------------------------------------------------------------------------------- reading

type UsageKind = 'csv' | 'ndjson';

function unreadable(file: string): UsageError {
    return new UsageError(
        'FILE_UNREADABLE',
        `cannot read ${file}`,
        'pass --file with the path of a .csv or .ndjson usage file'
    );
}

/** CSV or NDJSON: by extension, else by the first non-blank character of the file. */
function detectKind(file: string): UsageKind {
    if (/\.(ndjson|jsonl)$/i.test(file)) return 'ndjson';
    if (/\.csv$/i.test(file)) return 'csv';
    let fd: number;
    try {
        fd = fs.openSync(file, 'r');
    } catch {
        throw unreadable(file);
    }
    try {
        const buffer = Buffer.alloc(64 * 1024);
        const read = fs.readSync(fd, buffer, 0, buffer.length, 0);
        return buffer
            .toString('utf8', 0, read)
            .replace(/^\uFEFF/, '')
            .trimStart()
            .startsWith('{')
            ? 'ndjson'
            : 'csv';
    } finally {
        fs.closeSync(fd);
    }
}

async function* chunksOf(file: string): AsyncGenerator<string> {
    let stream: fs.ReadStream;
    try {
        fs.accessSync(file, fs.constants.R_OK);
        if (fs.statSync(file).isDirectory()) throw new Error('directory');
        stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
    } catch {
        throw unreadable(file);
    }
    for await (const chunk of stream) yield chunk as string;
}

function checkHeader(file: string, header: string[]): void {
    const unknown = header.filter((h) => !COLUMNS.has(h));
    if (unknown.length) {
        throw new UsageError(
            'UNKNOWN_COLUMNS',
            `${file}: unknown column(s) ${unknown.join(', ')}`,
            `use these columns (Salesforce API names): ${[...new Set(COLUMNS.values())].join(', ')}`
        );
    }
    const seen = new Map<string, string>();
    for (const column of header) {
        const field = COLUMNS.get(column) as string;
        const other = seen.get(field);
        if (other !== undefined)
            throw new UsageError(
                'DUPLICATE_COLUMNS',
                `${file}: columns ${other} and ${column} both give ${field}`,
                'keep one column per field'
            );
        seen.set(field, column);
    }
}

/**
 * Streams the rows of a usage file with their line numbers (CSV: the header is line 1 and a quoted value may
 * span lines; NDJSON: one object per line, blank lines skipped). Unknown CSV columns fail at the header.
 */
export async function* readUsageRows(file: string): AsyncGenerator<UsageRow> {
    const kind = detectKind(file);
    if (kind === 'ndjson') {
        let rest = '';
        let line = 0;
        const parse = (text: string): UsageRow | null => {
            line++;
            const lineText = text.endsWith('\r') ? text.slice(0, -1) : text;
            if (lineText.trim() === '') return null;
            let raw: unknown;
            try {
                raw = JSON.parse(line === 1 ? lineText.replace(/^\uFEFF/, '') : lineText);
            } catch {
                return { line, raw: { __parseError: 'not valid JSON' } };
            }
            return {
                line,
                raw:
                    raw !== null && typeof raw === 'object' && !Array.isArray(raw)
                        ? (raw as Record<string, unknown>)
                        : { __parseError: 'not a JSON object' }
            };
        };
        for await (const chunk of chunksOf(file)) {
            const text = rest + chunk;
            let start = 0;
            for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
                const row = parse(text.slice(start, end));
                start = end + 1;
                if (row) yield row;
            }
            rest = text.slice(start);
        }
        if (rest !== '') {
            const row = parse(rest);
            if (row) yield row;
        }
        return;
    }
    const parser = new CsvParser();
    let header: string[] | null = null;
    try {
        const chunks = chunksOf(file);
        for (let done = false; !done;) {
            const next = await chunks.next();
            done = next.done === true;
            const rows = done ? parser.end() : parser.push(next.value as string);
            for (const row of rows) {
                if (!header) {
                    header = row.fields.map((h) => h.trim());
                    checkHeader(file, header);
                    continue;
                }
                // Record keys are checked column names (never __proto__ and the like).
                const raw: Record<string, unknown> = {};
                header.forEach((name, index) => {
                    raw[name] = row.fields[index] ?? '';
                });
                if (row.fields.length > header.length)
                    raw.__parseError = `has ${row.fields.length} fields but the header has ${header.length}`;
                yield { line: row.line, raw };
            }
        }
    } catch (error) {
        if (error instanceof CsvError)
            throw new UsageError(
                'CSV_INVALID',
                `${file}: line ${error.line}: ${error.problem}`,
                'fix the CSV quoting (RFC 4180: quote a whole field, "" for a quote inside it)'
            );
        throw error;
    }
}

/** Reads a whole usage file into memory (small files and tests; the push itself streams). */
export async function readUsageFile(file: string): Promise<UsageRow[]> {
    const rows: UsageRow[] = [];
    for await (const row of readUsageRows(file)) rows.push(row);
    return rows;
}

// ------------------------------------------------------------------------------------------- validation

const isDate = (v: string): boolean =>
    /^\d{4}-\d{2}-\d{2}$/.test(v) &&
    !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
    new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;

/** A plain decimal number: no exponent, hex, brackets or inner spaces (Number() accepts all of those). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

function describeJson(value: unknown): string {
    if (Array.isArray(value)) return `a list ${JSON.stringify(value)}`;
    if (typeof value === 'object') return `an object ${JSON.stringify(value)}`;
    return `${typeof value} ${JSON.stringify(value)}`;
}

/** Validates one row; returns the records to write or the reasons it is rejected. */
export function validateRow(row: UsageRow): ValidRow | { reasons: string[] } {
    if (typeof row.raw.__parseError === 'string') return { reasons: [row.raw.__parseError] };
    const values = new Map<string, string | null>();
    const reasons: string[] = [];
    for (const [column, value] of Object.entries(row.raw)) {
        const field = COLUMNS.get(column);
        if (!field) {
            reasons.push(`unknown field ${column}`);
            continue;
        }
        if (values.has(field)) {
            reasons.push(`${field} is given twice`);
            continue;
        }
        if (value !== null && value !== undefined && typeof value !== 'string' && typeof value !== 'number') {
            reasons.push(`${column} must be text or a number, got ${describeJson(value)}`);
            continue;
        }
        const text = value === null || value === undefined ? '' : String(value).trim();
        values.set(field, text === '' ? null : text);
    }
    const get = (field: string): string | null => values.get(field) ?? null;
    const customerKey = get('Customer_Key__c');
    if (!customerKey) reasons.push('Customer_Key__c is required');
    else if (customerKey.length > 80) reasons.push('Customer_Key__c is longer than 80 characters');
    const start = get('Period_Start__c');
    const end = get('Period_End__c');
    if (!start) reasons.push('Period_Start__c is required');
    else if (!isDate(start)) reasons.push(`Period_Start__c must be a date YYYY-MM-DD, got ${start}`);
    if (!end) reasons.push('Period_End__c is required');
    else if (!isDate(end)) reasons.push(`Period_End__c must be a date YYYY-MM-DD, got ${end}`);
    if (start && end && isDate(start) && isDate(end) && end < start)
        reasons.push(`Period_End__c ${end} is before Period_Start__c ${start}`);
    const usage: FlatRecord = {};
    for (const field of COUNTS) {
        if (!values.has(field)) continue;
        const v = get(field);
        if (v === null) {
            usage[field] = null;
            continue;
        }
        const n = DECIMAL.test(v) ? Number(v) : Number.NaN;
        if (!Number.isInteger(n) || n < 0 || n > (MAX_COUNT[field] ?? Infinity))
            reasons.push(`${field} must be a whole number >= 0, got ${v}`);
        else usage[field] = n;
    }
    const adopted = usage.Features_Adopted__c;
    const available = usage.Features_Available__c;
    if (typeof adopted === 'number' && typeof available === 'number' && adopted > available)
        reasons.push(`Features_Adopted__c ${adopted} is more than Features_Available__c ${available}`);
    const billing: FlatRecord = {};
    const arr = get('ARR__c');
    if (arr !== null) {
        const n = DECIMAL.test(arr) ? Number(arr) : Number.NaN;
        if (!Number.isFinite(n) || n < 0) reasons.push(`ARR__c must be a number >= 0, got ${arr}`);
        else billing.ARR__c = n;
    }
    const renewal = get('Renewal_Date__c');
    if (renewal !== null) {
        if (!isDate(renewal)) reasons.push(`Renewal_Date__c must be a date YYYY-MM-DD, got ${renewal}`);
        else billing.Renewal_Date__c = renewal;
    }
    const pastDue = get('Days_Past_Due__c');
    if (pastDue !== null) {
        const n = DECIMAL.test(pastDue) ? Number(pastDue) : Number.NaN;
        if (!Number.isInteger(n) || n < 0 || n > 9999)
            reasons.push(`Days_Past_Due__c must be a whole number 0-9999, got ${pastDue}`);
        else billing.Days_Past_Due__c = n;
    }
    if (reasons.length || !customerKey || !start || !end) return { reasons };
    return {
        line: row.line,
        raw: row.raw,
        customerKey,
        periodStart: start,
        usage: {
            Usage_Key__c: `${customerKey}_${start}`,
            'Account__r.Customer_Key__c': customerKey,
            Period_Start__c: start,
            Period_End__c: end,
            ...usage
        },
        billing: Object.keys(billing).length ? { Customer_Key__c: customerKey, ...billing } : undefined
    };
}

/** External ids match without letter case in the org (Usage_Key__c and Customer_Key__c are not case sensitive). */
const keyOf = (text: string): string => text.toLowerCase();

// ------------------------------------------------------------------------------------------- pass 1

interface BillingSource {
    line: number;
    periodStart: string;
    billing: FlatRecord;
    raw: Record<string, unknown>;
}

/** What the first pass learnt: enough to write every row (or reject it) in the second pass. */
export interface UsageScan {
    file: string;
    /** The file as scanned: the push refuses to go on if it changed in between. */
    size: number;
    mtimeMs: number;
    rowsRead: number;
    rowsValid: number;
    rejectedInValidation: number;
    /** Line of a duplicate period → line of the first row with that period. */
    duplicateOf: Map<number, number>;
    /** Customer key (lower case) → the row with the latest billing facts. */
    billing: Map<string, BillingSource>;
    /** Columns of the rejects file after line, stage, reason: the CSV header, or the NDJSON keys seen. */
    columns: string[];
    shown: { line: number; reason: string }[];
}

/** Most NDJSON keys carried into the rejects file's columns (beyond it, unknown keys are only named in reasons). */
const MAX_COLUMNS = 200;

/** Pass 1: validates every row of the file without writing anything. */
export async function scanUsageFile(file: string, progress?: ProgressSink): Promise<UsageScan> {
    let stat: fs.Stats;
    try {
        stat = fs.statSync(file);
    } catch {
        throw unreadable(file);
    }
    const scan: UsageScan = {
        file,
        size: stat.size,
        mtimeMs: stat.mtimeMs,
        rowsRead: 0,
        rowsValid: 0,
        rejectedInValidation: 0,
        duplicateOf: new Map(),
        billing: new Map(),
        columns: [],
        shown: []
    };
    const columns = new Set<string>();
    const firstLine = new Map<string, number>();
    progress?.phase('validate');
    for await (const row of readUsageRows(file)) {
        scan.rowsRead++;
        for (const key of Object.keys(row.raw))
            if (key !== '__parseError' && (columns.size < MAX_COLUMNS || columns.has(key))) columns.add(key);
        const result = validateRow(row);
        let reason: string | null = null;
        if ('reasons' in result) reason = result.reasons.join('; ');
        else {
            const key = keyOf(String(result.usage.Usage_Key__c));
            const first = firstLine.get(key);
            if (first !== undefined) {
                scan.duplicateOf.set(row.line, first);
                reason = duplicateReason(first);
            } else {
                firstLine.set(key, row.line);
                scan.rowsValid++;
                if (result.billing) {
                    const customer = keyOf(result.customerKey);
                    const current = scan.billing.get(customer);
                    if (!current || result.periodStart >= current.periodStart)
                        scan.billing.set(customer, {
                            line: row.line,
                            periodStart: result.periodStart,
                            billing: result.billing,
                            raw: row.raw
                        });
                }
            }
        }
        if (reason !== null) {
            scan.rejectedInValidation++;
            if (scan.shown.length < SHOWN) scan.shown.push({ line: row.line, reason });
        }
        if (scan.rowsRead % 10_000 === 0) progress?.advance(10_000);
    }
    progress?.end();
    scan.columns = [...columns];
    return scan;
}

const duplicateReason = (first: number): string =>
    `duplicate period: same Customer_Key__c and Period_Start__c as line ${first}`;

// ------------------------------------------------------------------------------------------- rejects file

function sameFile(a: string, b: string): boolean {
    if (path.resolve(a) === path.resolve(b)) return true;
    try {
        const sa = fs.statSync(a);
        const sb = fs.statSync(b);
        return sa.ino === sb.ino && sa.dev === sb.dev;
    } catch {
        return false;
    }
}

/** The rejects file's path, checked: never the input file, never a file that is not an earlier rejects file. */
export function rejectsPathFor(file: string, rejectsFile?: string): string {
    const target =
        rejectsFile ??
        path.join(path.dirname(file), `${path.basename(file).replace(/\.[^.]+$/, '')}.rejects.csv`);
    if (sameFile(target, file))
        throw new UsageError(
            'REJECTS_IS_INPUT',
            `the rejects file ${target} is the input file`,
            'pass a different --rejects-file (the input would be overwritten)'
        );
    if (fs.existsSync(target)) {
        let first = '';
        try {
            const fd = fs.openSync(target, 'r');
            try {
                const buffer = Buffer.alloc(64);
                first = buffer.toString('utf8', 0, fs.readSync(fd, buffer, 0, 64, 0));
            } finally {
                fs.closeSync(fd);
            }
        } catch {
            throw new UsageError(
                'REJECTS_UNWRITABLE',
                `cannot read ${target}`,
                'pass another --rejects-file'
            );
        }
        if (first !== '' && !REJECTS_HEADER.test(first))
            throw new UsageError(
                'REJECTS_NOT_OURS',
                `${target} exists and is not a rejects file (it does not start with line,stage,reason)`,
                'pass another --rejects-file; it is never overwritten'
            );
    }
    return target;
}

// ------------------------------------------------------------------------------------------- pass 2

export interface UsagePushSummary {
    file: string;
    rowsRead: number;
    rowsValid: number;
    rejected: number;
    rejectedByStage: { validation: number; org: number };
    usageUpserted: number;
    accountsUpdated: number;
    rejectsFile: string | null;
    /** A rejects file from an earlier run was removed before this run (so it is never taken for this run's). */
    staleRejectsRemoved: string | null;
    rejectsShown: { line: number; reason: string }[];
    /** Set when a write failed outright: the push stopped and the rows not written are in the rejects file. */
    error: { code: string; message: string } | null;
    dryRun: boolean;
    apiRequests: number;
    durationMs: number;
    exitCode: number;
}

interface Pending {
    line: number;
    raw: Record<string, unknown>;
    customerKey: string;
}

export async function pushUsage(options: {
    /** The first pass (scanUsageFile); the command runs it before connecting. */
    scan?: UsageScan;
    client?: SalesforceClient;
    file: string;
    rejectsFile?: string;
    dryRun: boolean;
    progress: ProgressSink;
    now?: () => number;
    batchRows?: number;
}): Promise<UsagePushSummary> {
    const now = options.now ?? Date.now;
    const started = now();
    const target = rejectsPathFor(options.file, options.rejectsFile);
    const scan = options.scan ?? (await scanUsageFile(options.file, options.progress));
    const batchRows = options.batchRows ?? USAGE_BATCH_ROWS;

    let staleRejectsRemoved: string | null = null;
    if (fs.existsSync(target)) {
        fs.rmSync(target, { force: true });
        staleRejectsRemoved = target;
    }
    let writer: PeopleCsvWriter | null = null;
    const counts = { validation: 0, org: 0 };
    const shownOrg: { line: number; reason: string }[] = [];
    const reject = (r: Reject): void => {
        writer ??= new PeopleCsvWriter(target, ['line', 'stage', 'reason', ...scan.columns]);
        writer.write({ ...r.raw, line: r.line, stage: r.stage, reason: r.reason });
        counts[r.stage]++;
        if (r.stage === 'org' && shownOrg.length < SHOWN) shownOrg.push({ line: r.line, reason: r.reason });
    };

    const writing = !options.dryRun && options.client !== undefined;
    let failure: unknown = null;
    const notSent = (): string => `not sent: the push stopped after an org error (${describeError(failure)})`;
    let usageUpserted = 0;
    let accountsUpdated = 0;
    let batch: FlatRecord[] = [];
    let batchSources = new Map<string, Pending>();

    const flush = async (): Promise<void> => {
        const rows = batch;
        const sources = batchSources;
        batch = [];
        batchSources = new Map();
        if (rows.length === 0) return;
        if (failure !== null) {
            for (const source of sources.values())
                reject({ line: source.line, stage: 'org', reason: notSent(), raw: source.raw });
            return;
        }
        options.progress.phase('upsert Product_Usage__c', rows.length);
        try {
            const result = await (options.client as SalesforceClient).write(
                'Product_Usage__c',
                'upsert',
                rows,
                'Usage_Key__c'
            );
            usageUpserted += result.succeeded;
            for (const f of result.failures) {
                const source = sources.get(keyOf(String(f.row.Usage_Key__c)));
                const reason = /Foreign key external ID/i.test(f.message)
                    ? `no Account with Customer_Key__c ${source?.customerKey ?? ''}`
                    : `${f.errorCode}: ${f.message}`;
                reject({ line: source?.line ?? 0, stage: 'org', reason, raw: source?.raw ?? f.row });
            }
        } catch (error) {
            failure = error;
            const reason = `not written: ${describeError(error)}`;
            for (const source of sources.values())
                reject({ line: source.line, stage: 'org', reason, raw: source.raw });
        }
        options.progress.advance(rows.length);
        options.progress.end();
    };

    try {
        let rowsRead = 0;
        for await (const row of readUsageRows(options.file)) {
            rowsRead++;
            const result = validateRow(row);
            if ('reasons' in result) {
                reject({
                    line: row.line,
                    stage: 'validation',
                    reason: result.reasons.join('; '),
                    raw: row.raw
                });
                continue;
            }
            const first = scan.duplicateOf.get(row.line);
            if (first !== undefined) {
                reject({ line: row.line, stage: 'validation', reason: duplicateReason(first), raw: row.raw });
                continue;
            }
            if (!writing) continue;
            batch.push(result.usage);
            batchSources.set(keyOf(String(result.usage.Usage_Key__c)), {
                line: row.line,
                raw: row.raw,
                customerKey: result.customerKey
            });
            if (batch.length >= batchRows) await flush();
        }
        await flush();
        const stat = fs.statSync(options.file);
        if (rowsRead !== scan.rowsRead || stat.size !== scan.size || stat.mtimeMs !== scan.mtimeMs)
            throw new UsageError(
                'FILE_CHANGED',
                `${options.file} changed while it was being pushed`,
                'rerun when the file is complete (rows already written are upserted again, not duplicated)'
            );

        // Billing facts: the latest period's values per customer.
        if (writing && scan.billing.size) {
            const sources = [...scan.billing.values()];
            if (failure !== null) {
                for (const s of sources)
                    reject({ line: s.line, stage: 'org', reason: notSent(), raw: s.raw });
            } else {
                options.progress.phase('upsert Account billing', sources.length);
                try {
                    const result = await (options.client as SalesforceClient).write(
                        'Account',
                        'upsert',
                        sources.map((s) => s.billing),
                        'Customer_Key__c'
                    );
                    accountsUpdated = result.succeeded - result.created;
                    for (const f of result.failures) {
                        const source = scan.billing.get(keyOf(String(f.row.Customer_Key__c)));
                        const reason =
                            f.errorCode === 'REQUIRED_FIELD_MISSING'
                                ? `no Account with Customer_Key__c ${String(f.row.Customer_Key__c)} (billing fields not applied)`
                                : `${f.errorCode}: ${f.message}`;
                        reject({ line: source?.line ?? 0, stage: 'org', reason, raw: source?.raw ?? f.row });
                    }
                } catch (error) {
                    failure = error;
                    const reason = `billing fields not written: ${describeError(error)}`;
                    for (const s of sources) reject({ line: s.line, stage: 'org', reason, raw: s.raw });
                }
                options.progress.advance(sources.length);
                options.progress.end();
            }
        }
    } catch (error) {
        (writer as PeopleCsvWriter | null)?.close();
        throw error;
    }
    const rejectsFile = (writer as PeopleCsvWriter | null)?.close() ?? null;
    const rejected = counts.validation + counts.org;
    const failureExit =
        failure instanceof HealthScoreError ? failure.exitCode : failure !== null ? ExitCode.Org : null;
    return {
        file: options.file,
        rowsRead: scan.rowsRead,
        rowsValid: scan.rowsValid,
        rejected,
        rejectedByStage: counts,
        usageUpserted,
        accountsUpdated,
        rejectsFile,
        staleRejectsRemoved,
        rejectsShown: [...scan.shown, ...shownOrg].sort((a, b) => a.line - b.line).slice(0, SHOWN),
        error:
            failure === null
                ? null
                : {
                      code: failure instanceof HealthScoreError ? failure.code : 'WRITE_FAILED',
                      message: describeError(failure)
                  },
        dryRun: options.dryRun,
        apiRequests: options.client?.requests ?? 0,
        durationMs: now() - started,
        exitCode: failureExit ?? (rejected ? ExitCode.Partial : ExitCode.Ok)
    };
}

export function formatUsageSummary(s: UsagePushSummary): string {
    const lines = [
        `${s.dryRun ? 'Usage push dry run (validated only)' : s.error ? 'Usage push stopped' : 'Usage push complete'}: ${s.file}`,
        `  rows read ${s.rowsRead}, valid ${s.rowsValid}, rejected ${s.rejected} (validation ${s.rejectedByStage.validation}, org ${s.rejectedByStage.org})`
    ];
    if (!s.dryRun)
        lines.push(
            `  Product_Usage__c upserted ${s.usageUpserted}, Account billing updated ${s.accountsUpdated}, API requests ${s.apiRequests}`
        );
    if (s.error)
        lines.push(`  org error: ${redact(s.error.message)}; rows not written are in the rejects file`);
    // Reasons quote the input's cells (`got <value>`): a cell may carry terminal escapes.
    for (const r of s.rejectsShown) lines.push(`  line ${r.line}: ${terminalField(r.reason)}`);
    if (s.rejected > s.rejectsShown.length) lines.push(`  ... ${s.rejected - s.rejectsShown.length} more`);
    if (s.rejectsFile) lines.push(`  rejected rows written to ${s.rejectsFile}`);
    if (s.staleRejectsRemoved && !s.rejectsFile)
        lines.push(
            `  no rows rejected; the rejects file of an earlier run was removed (${s.staleRejectsRemoved})`
        );
    return terminalSafe(`${lines.join('\n')}\n`);
}
