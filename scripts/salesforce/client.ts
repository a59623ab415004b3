/**
 * THE seam for Salesforce I/O: every request the sync and the usage push make goes through this class, so it
 * can count them (the API budget), retry transient errors uniformly and be pointed at the local emulator.
 *
 * Reads: a REST query first (it costs one request and tells the total); when the total is above the bulk
 * threshold the rest comes from one Bulk API 2.0 query job, read page by page (memory O(page)).
 * Writes: REST composite/sobjects (200 rows per request) up to the threshold, else one Bulk API 2.0 ingest job
 * per object and operation. Rows that fail with a transient row error (UNABLE_TO_LOCK_ROW) are retried in a
 * follow-up job; every other failed row is returned with its error, never dropped.
 */
import type { Connection } from 'jsforce';
import { HttpApi } from 'jsforce/lib/http-api';
import { csvCell, parseCsv, parseCsvCells } from './csv';
import { OrgError, errorCodeOf, redact } from './errors';
import { defaultRetryOptions, withRetry } from './retry';
import type { RetryOptions } from './retry';

/** A record as read: field → value; relationship fields flattened (`Owner.ManagerId`); Bulk values are strings. */
export type FlatRecord = Record<string, string | number | boolean | null>;

export type WriteOperation = 'update' | 'upsert' | 'insert';

export interface RowFailure {
    row: FlatRecord;
    errorCode: string;
    message: string;
}

export interface WriteResult {
    object: string;
    operation: WriteOperation;
    succeeded: number;
    created: number;
    failures: RowFailure[];
    via: 'rest' | 'bulk' | 'none';
}

export interface ClientOptions {
    /** Objects/writes with more rows than this use Bulk API 2.0 (default 2,000; 0 = always Bulk). */
    bulkThreshold?: number;
    pollIntervalMs?: number;
    pollTimeoutMs?: number;
    /** Largest CSV upload per Bulk ingest job in bytes (default 100 MB; Salesforce's limit is 150 MB). */
    maxUploadBytes?: number;
    /** Rows per Bulk query results page (maxRecords). */
    bulkPageSize?: number;
    retry?: RetryOptions;
    /** Progress / retry notices for the CLI. */
    onNotice?: (message: string) => void;
}

const TRANSIENT_ROW_CODES = new Set(['UNABLE_TO_LOCK_ROW', 'REQUEST_LIMIT_EXCEEDED', 'SERVER_UNAVAILABLE']);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface HttpResult<T> {
    body: T;
    headers: Record<string, string | string[] | undefined>;
}

export class SalesforceClient {
    /** API requests sent by this client (each attempt counts, as the org counts them). */
    requests = 0;
    readonly bulkJobs = { query: {} as Record<string, number>, ingest: {} as Record<string, number> };
    readonly bulkThreshold: number;
    private readonly retry: RetryOptions;

    constructor(
        readonly connection: Connection,
        private readonly options: ClientOptions = {}
    ) {
        this.bulkThreshold = options.bulkThreshold ?? 2000;
        this.retry = {
            ...(options.retry ?? defaultRetryOptions()),
            onRetry: (info) =>
                options.onNotice?.(
                    `retrying ${info.what} after ${info.code} (attempt ${info.attempt + 1} of ${info.attempts}, in ${info.delayMs} ms)`
                )
        };
    }

    /** Without a trailing slash (sf stores `https://host/`). */
    get instanceUrl(): string {
        return this.connection.instanceUrl.replace(/\/+$/, '');
    }

    get apiVersion(): string {
        return this.connection.version;
    }

    private url(path: string): string {
        return `${this.instanceUrl}/services/data/v${this.apiVersion}${path}`;
    }

    /** One HTTP request through jsforce (auth header, session refresh), with our retry policy instead of jsforce's. */
    private async http<T>(
        what: string,
        request: { method: string; path: string; body?: string; contentType?: string; accept?: string },
        responseType?: string
    ): Promise<HttpResult<T>> {
        return withRetry(
            what,
            async () => {
                this.requests += 1;
                const api = new HttpApi(this.connection, {
                    responseType,
                    retry: { maxRetries: 0 }
                } as ConstructorParameters<typeof HttpApi>[1]);
                let headers: HttpResult<T>['headers'] = {};
                api.on('response', (response: { headers: HttpResult<T>['headers'] }) => {
                    headers = response.headers;
                });
                const body = (await api.request({
                    method: request.method as 'GET',
                    url: request.path.startsWith('http') ? request.path : this.url(request.path),
                    ...(request.body !== undefined ? { body: request.body } : {}),
                    headers: {
                        ...(request.contentType ? { 'Content-Type': request.contentType } : {}),
                        ...(request.accept ? { Accept: request.accept } : {})
                    }
                })) as T;
                return { body, headers };
            },
            this.retry
        );
    }

    // ---- org facts -------------------------------------------------------------------------------------

    async dailyApiRequests(): Promise<{ max: number; remaining: number }> {
        const { body } = await this.http<{ DailyApiRequests?: { Max: number; Remaining: number } }>(
            'limits',
            { method: 'GET', path: '/limits' }
        );
        const limit = body.DailyApiRequests;
        if (!limit)
            throw new OrgError(
                'NO_LIMITS',
                'the org did not report DailyApiRequests',
                'the integration user needs the "API Enabled" permission'
            );
        return { max: limit.Max, remaining: limit.Remaining };
    }

    /** The field API names of an object (one describe call). */
    async describeFields(object: string): Promise<string[]> {
        const { body } = await this.http<{ fields: { name: string }[] }>(`describe ${object}`, {
            method: 'GET',
            path: `/sobjects/${encodeURIComponent(object)}/describe`
        });
        return body.fields.map((f) => f.name);
    }

    // ---- reads -----------------------------------------------------------------------------------------

    /** Streams the records of a SOQL query in pages. `all` includes archived and deleted rows (queryAll). */
    async *query(soql: string, options: { all?: boolean; object: string }): AsyncGenerator<FlatRecord[]> {
        const resource = options.all ? 'queryAll' : 'query';
        // Custom metadata types are not supported by Bulk API: always REST.
        const restOnly = options.object.endsWith('__mdt');
        if (this.bulkThreshold > 0 || restOnly) {
            const first = await this.http<RestPage>(`${resource} ${options.object}`, {
                method: 'GET',
                path: `/${resource}?q=${encodeURIComponent(soql)}`
            });
            if (first.body.totalSize <= this.bulkThreshold || restOnly) {
                let page: RestPage | undefined = first.body;
                while (page) {
                    yield page.records.map((r) => flattenRestRecord(r));
                    page = page.nextRecordsUrl
                        ? (
                              await this.http<RestPage>(`${resource} more ${options.object}`, {
                                  method: 'GET',
                                  path: `${this.instanceUrl}${page.nextRecordsUrl}`
                              })
                          ).body
                        : undefined;
                }
                return;
            }
        }
        yield* this.bulkQuery(soql, options);
    }

    private async pollJob(kind: 'query' | 'ingest', id: string, object: string): Promise<JobInfo> {
        const interval = this.options.pollIntervalMs ?? 2000;
        const deadline = Date.now() + (this.options.pollTimeoutMs ?? 30 * 60_000);
        for (;;) {
            const { body: info } = await this.http<JobInfo>(`bulk ${kind} job status ${object}`, {
                method: 'GET',
                path: `/jobs/${kind}/${id}`
            });
            if (info.state === 'JobComplete') return info;
            if (info.state === 'Failed' || info.state === 'Aborted') {
                throw new OrgError(
                    'BULK_JOB_FAILED',
                    `Bulk API ${kind} job ${id} on ${object} ended ${info.state}: ${info.errorMessage ?? 'no message'}`,
                    'check the job in Setup > Bulk Data Load Jobs; a field named in the job may be missing from the org or not writable for the integration user'
                );
            }
            if (Date.now() > deadline) {
                throw new OrgError(
                    'BULK_JOB_TIMEOUT',
                    `Bulk API ${kind} job ${id} on ${object} still ${info.state} after the poll timeout`,
                    'the org is busy: rerun later (reruns are idempotent) or raise --poll-timeout'
                );
            }
            await sleep(interval);
        }
    }

    private async *bulkQuery(
        soql: string,
        options: { all?: boolean; object: string }
    ): AsyncGenerator<FlatRecord[]> {
        const { body: job } = await this.http<JobInfo>(`bulk query ${options.object}`, {
            method: 'POST',
            path: '/jobs/query',
            body: JSON.stringify({
                operation: options.all ? 'queryAll' : 'query',
                query: soql,
                contentType: 'CSV',
                lineEnding: 'LF',
                columnDelimiter: 'COMMA'
            }),
            contentType: 'application/json; charset=utf-8'
        });
        this.bulkJobs.query[options.object] = (this.bulkJobs.query[options.object] ?? 0) + 1;
        await this.pollJob('query', job.id, options.object);
        let locator: string | undefined;
        const pageSize = this.options.bulkPageSize ?? 50_000;
        do {
            const params = new URLSearchParams({
                maxRecords: String(pageSize),
                ...(locator ? { locator } : {})
            });
            const { body, headers } = await this.http<string>(
                `bulk query results ${options.object}`,
                {
                    method: 'GET',
                    path: `/jobs/query/${job.id}/results?${params.toString()}`,
                    accept: 'text/csv'
                },
                'text/plain'
            );
            const next = headers['sforce-locator'];
            locator = typeof next === 'string' && next !== 'null' && next !== '' ? next : undefined;
            yield parseCsv(body).rows.map(({ record }) =>
                Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v === '' ? null : v]))
            );
        } while (locator);
    }

    // ---- writes ----------------------------------------------------------------------------------------

    /**
     * Writes rows: update (by Id), upsert (by an external id) or insert. Values: null clears a field; a key
     * missing from a row leaves that field unchanged.
     */
    async write(
        object: string,
        operation: WriteOperation,
        rows: FlatRecord[],
        externalIdField?: string
    ): Promise<WriteResult> {
        const result: WriteResult = {
            object,
            operation,
            succeeded: 0,
            created: 0,
            failures: [],
            via: 'none'
        };
        if (rows.length === 0) return result;
        let pending = rows;
        for (let round = 1; pending.length > 0; round++) {
            const useBulk = pending.length > this.bulkThreshold;
            result.via = useBulk ? 'bulk' : 'rest';
            const outcome = useBulk
                ? await this.bulkIngest(object, operation, pending, externalIdField)
                : await this.compositeWrite(object, operation, pending, externalIdField);
            result.succeeded += outcome.succeeded;
            result.created += outcome.created;
            const transient = outcome.failures.filter((f) => TRANSIENT_ROW_CODES.has(f.errorCode));
            const permanent = outcome.failures.filter((f) => !TRANSIENT_ROW_CODES.has(f.errorCode));
            result.failures.push(...permanent);
            if (transient.length && round < this.retry.attempts) {
                this.options.onNotice?.(
                    `retrying ${transient.length} ${object} row(s) that failed with ${transient[0]?.errorCode} (round ${round + 1})`
                );
                await sleep(Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (round - 1)));
                pending = transient.map((f) => f.row);
            } else {
                result.failures.push(...transient);
                pending = [];
            }
        }
        return result;
    }

    private async compositeWrite(
        object: string,
        operation: WriteOperation,
        rows: FlatRecord[],
        externalIdField?: string
    ): Promise<Omit<WriteResult, 'object' | 'operation' | 'via'>> {
        const outcome = { succeeded: 0, created: 0, failures: [] as RowFailure[] };
        for (let start = 0; start < rows.length; start += 200) {
            const chunk = rows.slice(start, start + 200);
            const method = operation === 'insert' ? 'POST' : 'PATCH';
            const path =
                operation === 'upsert'
                    ? `/composite/sobjects/${object}/${externalIdField ?? 'Id'}`
                    : '/composite/sobjects';
            const records = chunk.map((row) => ({ attributes: { type: object }, ...toRestValues(row) }));
            const { body } = await this.http<CompositeResult[]>(`${operation} ${object} (composite)`, {
                method,
                path,
                body: JSON.stringify({ allOrNone: false, records }),
                contentType: 'application/json'
            });
            body.forEach((r, i) => {
                const row = chunk[i] as FlatRecord;
                if (r.success) {
                    outcome.succeeded += 1;
                    if (r.created) outcome.created += 1;
                } else {
                    const error = r.errors[0];
                    outcome.failures.push({
                        row,
                        errorCode: error?.statusCode ?? 'UNKNOWN',
                        message: error?.message ?? 'no message'
                    });
                }
            });
        }
        return outcome;
    }

    /**
     * One Bulk API 2.0 ingest job per upload; an object's rows are split only when the CSV would exceed the
     * upload limit (Salesforce allows 150 MB per job upload; the default keeps a margin at 100 MB).
     */
    private async bulkIngest(
        object: string,
        operation: WriteOperation,
        rows: FlatRecord[],
        externalIdField?: string
    ): Promise<Omit<WriteResult, 'object' | 'operation' | 'via'>> {
        const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
        const header = columns.map(csvCell).join(',');
        const limit = this.options.maxUploadBytes ?? 100 * 1024 * 1024;
        const total = { succeeded: 0, created: 0, failures: [] as RowFailure[] };
        let lines: string[] = [header];
        let bytes = header.length + 1;
        const flush = async (): Promise<void> => {
            if (lines.length <= 1) return;
            const outcome = await this.bulkIngestJob(
                object,
                operation,
                `${lines.join('\n')}\n`,
                externalIdField
            );
            total.succeeded += outcome.succeeded;
            total.created += outcome.created;
            total.failures.push(...outcome.failures);
            lines = [header];
            bytes = header.length + 1;
        };
        for (const row of rows) {
            // Bulk CSV: an empty cell leaves a field unchanged, #N/A clears it.
            const line = columns
                .map((c) => csvCell(!(c in row) ? '' : row[c] === null ? '#N/A' : row[c]))
                .join(',');
            if (bytes + Buffer.byteLength(line) + 1 > limit && lines.length > 1) await flush();
            lines.push(line);
            bytes += Buffer.byteLength(line) + 1;
        }
        await flush();
        return total;
    }

    private async bulkIngestJob(
        object: string,
        operation: WriteOperation,
        csv: string,
        externalIdField?: string
    ): Promise<Omit<WriteResult, 'object' | 'operation' | 'via'>> {
        // Creating, filling and closing a job is one unit: if any step fails transiently the job is aborted and redone.
        const jobId = await withRetry(
            `bulk ${operation} ${object}`,
            async () => {
                const { body: job } = await this.http<JobInfo>(`bulk ${operation} ${object}`, {
                    method: 'POST',
                    path: '/jobs/ingest',
                    body: JSON.stringify({
                        object,
                        operation,
                        contentType: 'CSV',
                        lineEnding: 'LF',
                        ...(operation === 'upsert' ? { externalIdFieldName: externalIdField } : {})
                    }),
                    contentType: 'application/json; charset=utf-8'
                });
                this.bulkJobs.ingest[object] = (this.bulkJobs.ingest[object] ?? 0) + 1;
                try {
                    await this.http(`bulk upload ${object}`, {
                        method: 'PUT',
                        path: `/jobs/ingest/${job.id}/batches`,
                        body: csv,
                        contentType: 'text/csv'
                    });
                    await this.http(`bulk close ${object}`, {
                        method: 'PATCH',
                        path: `/jobs/ingest/${job.id}`,
                        body: JSON.stringify({ state: 'UploadComplete' }),
                        contentType: 'application/json; charset=utf-8'
                    });
                } catch (error) {
                    await this.http('bulk abort', {
                        method: 'PATCH',
                        path: `/jobs/ingest/${job.id}`,
                        body: JSON.stringify({ state: 'Aborted' }),
                        contentType: 'application/json; charset=utf-8'
                    }).catch(() => undefined);
                    throw error;
                }
                return job.id;
            },
            { ...this.retry, attempts: 2 }
        );
        await this.pollJob('ingest', jobId, object);
        const fetch = async (resource: string): Promise<Record<string, string>[]> => {
            const { body } = await this.http<string>(
                `bulk ${resource} ${object}`,
                { method: 'GET', path: `/jobs/ingest/${jobId}/${resource}`, accept: 'text/csv' },
                'text/plain'
            );
            return parseCsv(body).rows.map((r) => r.record);
        };
        // Successful rows echo every column back: only the sf__Created flags are read (memory at 100k rows).
        const { body: successCsv } = await this.http<string>(
            `bulk successfulResults ${object}`,
            { method: 'GET', path: `/jobs/ingest/${jobId}/successfulResults`, accept: 'text/csv' },
            'text/plain'
        );
        const successRows = parseCsvCells(successCsv, (column) => column <= 1).slice(1);
        const failed = await fetch('failedResults');
        const unprocessed = await fetch('unprocessedrecords');
        const toRow = (record: Record<string, string>): FlatRecord =>
            Object.fromEntries(
                Object.entries(record)
                    .filter(([k]) => !k.startsWith('sf__'))
                    .map(([k, v]) => [k, v === '#N/A' ? null : v])
            );
        return {
            succeeded: successRows.length,
            created: successRows.filter((r) => r.cells[1] === 'true').length,
            failures: [
                ...failed.map((r) => {
                    const [code, ...rest] = (r.sf__Error ?? 'UNKNOWN').split(':');
                    return {
                        row: toRow(r),
                        errorCode: code ?? 'UNKNOWN',
                        message: rest.join(':').replace(/:--.*$|:$/, '') || (r.sf__Error ?? '')
                    };
                }),
                ...unprocessed.map((r) => ({
                    row: toRow(r),
                    errorCode: 'UNPROCESSED',
                    message: 'the job ended before this row was processed'
                }))
            ]
        };
    }
}

interface RestPage {
    totalSize: number;
    done: boolean;
    nextRecordsUrl?: string;
    records: Record<string, unknown>[];
}

interface JobInfo {
    id: string;
    state: string;
    errorMessage?: string;
}

interface CompositeResult {
    id?: string;
    success: boolean;
    created?: boolean;
    errors: { statusCode: string; message: string; fields?: string[] }[];
}

/** `{ Owner: { ManagerId: 'x' } }` → `{ 'Owner.ManagerId': 'x' }`, attributes dropped. */
export function flattenRestRecord(
    record: Record<string, unknown>,
    prefix = '',
    out: FlatRecord = {}
): FlatRecord {
    for (const [key, value] of Object.entries(record)) {
        if (key === 'attributes') continue;
        if (value !== null && typeof value === 'object')
            flattenRestRecord(value as Record<string, unknown>, `${prefix}${key}.`, out);
        else out[`${prefix}${key}`] = value as string | number | boolean | null;
    }
    return out;
}

/** Flat `Account__r.Customer_Key__c` keys become nested objects for REST writes. */
function toRestValues(row: FlatRecord): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
        const dot = key.indexOf('.');
        if (dot < 0) out[key] = value;
        else out[key.slice(0, dot)] = { [key.slice(dot + 1)]: value };
    }
    return out;
}

/** Message of any error, without secrets. */
export function describeError(error: unknown): string {
    const code = errorCodeOf(error);
    const message = redact(error instanceof Error ? error.message : String(error));
    return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}
