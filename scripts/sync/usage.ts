/**
 * Usage push: product-usage periods (and optional billing facts) from a CSV or NDJSON file into the org.
 * Every row is validated first; a bad row is reported with its line number and reason and written to the
 * rejects file, together with any row the org refuses. Valid rows are upserted by external id:
 * Product_Usage__c by Usage_Key__c (customer key + `_` + period start), Account by Customer_Key__c.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FlatRecord, SalesforceClient } from '../salesforce/client';
import { parseCsv, toCsv } from '../salesforce/csv';
import { ExitCode, UsageError } from '../salesforce/errors';
import type { ProgressSink } from './progress';

/** Column → Salesforce field. API names are the contract; the snake_case aliases are accepted too. */
const COLUMNS: Record<string, string> = {
    Customer_Key__c: 'Customer_Key__c',
    customer_key: 'Customer_Key__c',
    Period_Start__c: 'Period_Start__c',
    period_start: 'Period_Start__c',
    Period_End__c: 'Period_End__c',
    period_end: 'Period_End__c',
    Active_Users__c: 'Active_Users__c',
    active_users: 'Active_Users__c',
    Licensed_Seats__c: 'Licensed_Seats__c',
    licensed_seats: 'Licensed_Seats__c',
    Features_Adopted__c: 'Features_Adopted__c',
    features_adopted: 'Features_Adopted__c',
    Features_Available__c: 'Features_Available__c',
    features_available: 'Features_Available__c',
    Key_Events__c: 'Key_Events__c',
    key_events: 'Key_Events__c',
    ARR__c: 'ARR__c',
    arr: 'ARR__c',
    Renewal_Date__c: 'Renewal_Date__c',
    renewal_date: 'Renewal_Date__c',
    Days_Past_Due__c: 'Days_Past_Due__c',
    days_past_due: 'Days_Past_Due__c'
};

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

/** Reads the file into rows with their line numbers (CSV: header is line 1; NDJSON: one object per line). */
export function readUsageFile(file: string): UsageRow[] {
    let text: string;
    try {
        text = fs.readFileSync(file, 'utf8');
    } catch {
        throw new UsageError(
            'FILE_UNREADABLE',
            `cannot read ${file}`,
            'pass --file with the path of a .csv or .ndjson usage file'
        );
    }
    const ndjson =
        /\.(ndjson|jsonl)$/i.test(file) || (!/\.csv$/i.test(file) && text.trimStart().startsWith('{'));
    if (ndjson) {
        const rows: UsageRow[] = [];
        text.split(/\r?\n/).forEach((lineText, index) => {
            if (lineText.trim() === '') return;
            let raw: unknown;
            try {
                raw = JSON.parse(lineText);
            } catch {
                raw = { __parseError: 'not valid JSON' };
            }
            rows.push({
                line: index + 1,
                raw:
                    raw !== null && typeof raw === 'object' && !Array.isArray(raw)
                        ? (raw as Record<string, unknown>)
                        : { __parseError: 'not a JSON object' }
            });
        });
        return rows;
    }
    const { header, rows } = parseCsv(text);
    const unknown = header.filter((h) => !(h in COLUMNS));
    if (unknown.length) {
        throw new UsageError(
            'UNKNOWN_COLUMNS',
            `${file}: unknown column(s) ${unknown.join(', ')}`,
            `use these columns (Salesforce API names): ${[...new Set(Object.values(COLUMNS))].join(', ')}`
        );
    }
    return rows.map(({ record, line }) => ({ line, raw: record }));
}

const isDate = (v: string): boolean =>
    /^\d{4}-\d{2}-\d{2}$/.test(v) &&
    !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
    new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;

/** Validates one row; returns the records to write or the reasons it is rejected. */
export function validateRow(row: UsageRow): ValidRow | { reasons: string[] } {
    if (typeof row.raw.__parseError === 'string') return { reasons: [row.raw.__parseError] };
    const values: Record<string, string | null> = {};
    const reasons: string[] = [];
    for (const [column, value] of Object.entries(row.raw)) {
        const field = COLUMNS[column];
        if (!field) {
            reasons.push(`unknown field ${column}`);
            continue;
        }
        values[field] =
            value === null || value === undefined || String(value).trim() === ''
                ? null
                : String(value).trim();
    }
    const customerKey = values.Customer_Key__c ?? null;
    if (!customerKey) reasons.push('Customer_Key__c is required');
    else if (customerKey.length > 80) reasons.push('Customer_Key__c is longer than 80 characters');
    const start = values.Period_Start__c ?? null;
    const end = values.Period_End__c ?? null;
    if (!start) reasons.push('Period_Start__c is required');
    else if (!isDate(start)) reasons.push(`Period_Start__c must be a date YYYY-MM-DD, got ${start}`);
    if (!end) reasons.push('Period_End__c is required');
    else if (!isDate(end)) reasons.push(`Period_End__c must be a date YYYY-MM-DD, got ${end}`);
    if (start && end && isDate(start) && isDate(end) && end < start)
        reasons.push(`Period_End__c ${end} is before Period_Start__c ${start}`);
    const usage: FlatRecord = {};
    for (const field of COUNTS) {
        const v = values[field];
        if (v === undefined) continue;
        if (v === null) {
            usage[field] = null;
            continue;
        }
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > (MAX_COUNT[field] ?? Infinity))
            reasons.push(`${field} must be a whole number >= 0, got ${v}`);
        else usage[field] = n;
    }
    const adopted = usage.Features_Adopted__c;
    const available = usage.Features_Available__c;
    if (typeof adopted === 'number' && typeof available === 'number' && adopted > available)
        reasons.push(`Features_Adopted__c ${adopted} is more than Features_Available__c ${available}`);
    const billing: FlatRecord = {};
    if (values.ARR__c != null) {
        const n = Number(values.ARR__c);
        if (!Number.isFinite(n) || n < 0) reasons.push(`ARR__c must be a number >= 0, got ${values.ARR__c}`);
        else billing.ARR__c = n;
    }
    if (values.Renewal_Date__c != null) {
        if (!isDate(values.Renewal_Date__c))
            reasons.push(`Renewal_Date__c must be a date YYYY-MM-DD, got ${values.Renewal_Date__c}`);
        else billing.Renewal_Date__c = values.Renewal_Date__c;
    }
    if (values.Days_Past_Due__c != null) {
        const n = Number(values.Days_Past_Due__c);
        if (!Number.isInteger(n) || n < 0 || n > 9999)
            reasons.push(`Days_Past_Due__c must be a whole number 0-9999, got ${values.Days_Past_Due__c}`);
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

export interface UsagePushSummary {
    file: string;
    rowsRead: number;
    rowsValid: number;
    rejected: number;
    rejectedByStage: { validation: number; org: number };
    usageUpserted: number;
    accountsUpdated: number;
    rejectsFile: string | null;
    rejectsShown: { line: number; reason: string }[];
    dryRun: boolean;
    apiRequests: number;
    durationMs: number;
    exitCode: number;
}

export async function pushUsage(options: {
    /** Rows already read with readUsageFile (the command reads the file before connecting). */
    rows?: UsageRow[];
    client?: SalesforceClient;
    file: string;
    rejectsFile?: string;
    dryRun: boolean;
    progress: ProgressSink;
    now?: () => number;
}): Promise<UsagePushSummary> {
    const now = options.now ?? Date.now;
    const started = now();
    const rows = options.rows ?? readUsageFile(options.file);
    const rejects: Reject[] = [];
    const valid: ValidRow[] = [];
    const seen = new Map<string, number>();
    options.progress.phase('validate', rows.length);
    for (const row of rows) {
        const result = validateRow(row);
        if ('reasons' in result)
            rejects.push({
                line: row.line,
                stage: 'validation',
                reason: result.reasons.join('; '),
                raw: row.raw
            });
        else {
            const key = String(result.usage.Usage_Key__c);
            const first = seen.get(key);
            if (first !== undefined)
                rejects.push({
                    line: row.line,
                    stage: 'validation',
                    reason: `duplicate period: same Customer_Key__c and Period_Start__c as line ${first}`,
                    raw: row.raw
                });
            else {
                seen.set(key, row.line);
                valid.push(result);
            }
        }
        options.progress.advance(1);
    }
    options.progress.end();

    let usageUpserted = 0;
    let accountsUpdated = 0;
    if (!options.dryRun && options.client && valid.length) {
        // Billing facts: the latest period's values per customer.
        const billingByKey = new Map<string, ValidRow>();
        for (const row of valid) {
            if (!row.billing) continue;
            const current = billingByKey.get(row.customerKey);
            if (!current || row.periodStart >= current.periodStart) billingByKey.set(row.customerKey, row);
        }
        if (billingByKey.size) {
            options.progress.phase('upsert Account billing', billingByKey.size);
            const rowsByKey = new Map([...billingByKey.values()].map((r) => [r.customerKey, r]));
            const result = await options.client.write(
                'Account',
                'upsert',
                [...billingByKey.values()].map((r) => r.billing as FlatRecord),
                'Customer_Key__c'
            );
            accountsUpdated = result.succeeded - result.created;
            for (const failure of result.failures) {
                const source = rowsByKey.get(String(failure.row.Customer_Key__c));
                const reason =
                    failure.errorCode === 'REQUIRED_FIELD_MISSING'
                        ? `no Account with Customer_Key__c ${String(failure.row.Customer_Key__c)} (billing fields not applied)`
                        : `${failure.errorCode}: ${failure.message}`;
                rejects.push({
                    line: source?.line ?? 0,
                    stage: 'org',
                    reason,
                    raw: source?.raw ?? failure.row
                });
            }
            options.progress.advance(billingByKey.size);
            options.progress.end();
        }
        options.progress.phase('upsert Product_Usage__c', valid.length);
        const lineByKey = new Map(valid.map((r) => [String(r.usage.Usage_Key__c), r]));
        const result = await options.client.write(
            'Product_Usage__c',
            'upsert',
            valid.map((r) => r.usage),
            'Usage_Key__c'
        );
        usageUpserted = result.succeeded;
        for (const failure of result.failures) {
            const source = lineByKey.get(String(failure.row.Usage_Key__c));
            const reason = /Foreign key external ID/i.test(failure.message)
                ? `no Account with Customer_Key__c ${source?.customerKey ?? ''}`
                : `${failure.errorCode}: ${failure.message}`;
            rejects.push({ line: source?.line ?? 0, stage: 'org', reason, raw: source?.raw ?? failure.row });
        }
        options.progress.advance(valid.length);
        options.progress.end();
    }

    rejects.sort((a, b) => a.line - b.line);
    let rejectsFile: string | null = null;
    if (rejects.length) {
        rejectsFile =
            options.rejectsFile ??
            path.join(
                path.dirname(options.file),
                `${path.basename(options.file).replace(/\.[^.]+$/, '')}.rejects.csv`
            );
        const columns = [
            ...new Set(rejects.flatMap((r) => Object.keys(r.raw).filter((k) => k !== '__parseError')))
        ];
        fs.mkdirSync(path.dirname(rejectsFile), { recursive: true });
        fs.writeFileSync(
            rejectsFile,
            toCsv(
                ['line', 'stage', 'reason', ...columns],
                rejects.map((r) => ({ ...r.raw, line: r.line, stage: r.stage, reason: r.reason }))
            )
        );
    }
    return {
        file: options.file,
        rowsRead: rows.length,
        rowsValid: valid.length,
        rejected: rejects.length,
        rejectedByStage: {
            validation: rejects.filter((r) => r.stage === 'validation').length,
            org: rejects.filter((r) => r.stage === 'org').length
        },
        usageUpserted,
        accountsUpdated,
        rejectsFile,
        rejectsShown: rejects.slice(0, 50).map((r) => ({ line: r.line, reason: r.reason })),
        dryRun: options.dryRun,
        apiRequests: options.client?.requests ?? 0,
        durationMs: now() - started,
        exitCode: rejects.length ? ExitCode.Partial : ExitCode.Ok
    };
}

export function formatUsageSummary(s: UsagePushSummary): string {
    const lines = [
        `${s.dryRun ? 'Usage push dry run (validated only)' : 'Usage push complete'}: ${s.file}`,
        `  rows read ${s.rowsRead}, valid ${s.rowsValid}, rejected ${s.rejected} (validation ${s.rejectedByStage.validation}, org ${s.rejectedByStage.org})`
    ];
    if (!s.dryRun)
        lines.push(
            `  Product_Usage__c upserted ${s.usageUpserted}, Account billing updated ${s.accountsUpdated}, API requests ${s.apiRequests}`
        );
    for (const r of s.rejectsShown) lines.push(`  line ${r.line}: ${r.reason}`);
    if (s.rejected > s.rejectsShown.length) lines.push(`  ... ${s.rejected - s.rejectsShown.length} more`);
    if (s.rejectsFile) lines.push(`  rejected rows written to ${s.rejectsFile}`);
    return `${lines.join('\n')}\n`;
}
