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
import { setDefaults as setJsforceRequestDefaults } from 'jsforce/lib/request';
import { CsvUploadBody, csvCell, parseCsv, parseCsvCells } from './csv';
import { CsvParser } from '../dataset/csv';
import { OrgError, RequestTimeoutError, errorCodeOf, httpStatusOf, redact } from './errors';
import { defaultRequestTimeoutMs, defaultRetryOptions, isTransient, withRetry } from './retry';
import type { RetryOptions } from './retry';

/** A record as read: field → value; relationship fields flattened (`Owner.ManagerId`); Bulk values are strings. */
/** What describe says of an object (the fields the sync checks admin-named fields against). */
export interface DescribedObject {
    name: string;
    fields: {
        name: string;
        type: string;
        picklistValues?: { value: string; active?: boolean }[];
        referenceTo?: string[];
        relationshipName?: string | null;
    }[];
}

export type FlatRecord = Record<string, string | number | boolean | null>;

/** delete: rows carry only Id (snapshot retention). */
export type WriteOperation = 'update' | 'upsert' | 'insert' | 'delete';

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
    /** How long one request may wait for an answer before it counts as hung (default 120 s; uploads get more). */
    requestTimeoutMs?: number;
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

    /** The timeout of one request: the base, plus time to send a large body at a slow 100 KB/s. */
    private timeoutFor(body?: string | Buffer): number {
        const base = this.options.requestTimeoutMs ?? defaultRequestTimeoutMs();
        if (body === undefined) return base;
        const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
        return bytes ? base + Math.ceil(bytes / 100_000) * 1000 : base;
    }

    /**
     * One HTTP request through jsforce (auth header, session refresh), with our retry policy instead of jsforce's
     * and a timeout: a request with no answer in time is a hung connection, a transient error (retried).
     * `once` sends it a single time: for steps whose repeat must be decided by checking the org's state first.
     */
    private async http<T>(
        what: string,
        request: {
            method: string;
            path: string;
            /** A Buffer goes out as is (a Bulk upload: no text copy of it is made). */
            body?: string | Buffer;
            contentType?: string;
            accept?: string;
        },
        responseType?: string,
        control: { once?: boolean } = {}
    ): Promise<HttpResult<T>> {
        const attempt = async (): Promise<HttpResult<T>> => {
            this.requests += 1;
            const timeoutMs = this.timeoutFor(request.body);
            const api = new HttpApi(this.connection, {
                responseType,
                retry: { maxRetries: 0 },
                timeout: timeoutMs
            } as ConstructorParameters<typeof HttpApi>[1]);
            let headers: HttpResult<T>['headers'] = {};
            let status: number | undefined;
            api.on('response', (response: { headers: HttpResult<T>['headers']; statusCode?: number }) => {
                headers = response.headers;
                status = response.statusCode;
            });
            const pending = Promise.resolve(
                api.request({
                    method: request.method as 'GET',
                    url: request.path.startsWith('http') ? request.path : this.url(request.path),
                    ...(request.body !== undefined ? { body: request.body } : {}),
                    headers: {
                        ...(request.contentType ? { 'Content-Type': request.contentType } : {}),
                        ...(request.accept ? { Accept: request.accept } : {})
                    }
                })
            );
            pending.catch(() => undefined);
            // jsforce's timeout covers the wait for the response headers; this one also a body that stalls.
            let timer: NodeJS.Timeout | undefined;
            const guard = new Promise<never>((_resolve, reject) => {
                timer = setTimeout(
                    () => reject(new RequestTimeoutError(what, timeoutMs)),
                    timeoutMs * 3 + 1000
                );
            });
            try {
                const body = (await Promise.race([pending, guard])) as T;
                return { body, headers };
            } catch (error) {
                if (isAbort(error)) throw new RequestTimeoutError(what, timeoutMs);
                if (
                    status !== undefined &&
                    typeof error === 'object' &&
                    error !== null &&
                    !('statusCode' in error)
                )
                    (error as { statusCode?: number }).statusCode = status;
                throw error;
            } finally {
                clearTimeout(timer);
            }
        };
        return control.once ? attempt() : withRetry(what, attempt, this.retry);
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

    /** The running user's Id, from the session's identity URL (the API version resource names it). */
    async userId(): Promise<string> {
        const { body } = await this.http<{ identity?: string }>('identity', { method: 'GET', path: '' });
        if (!body.identity)
            throw new OrgError(
                'NO_IDENTITY',
                'the org did not name the session identity URL',
                'check the API version'
            );
        const { body: identity } = await this.http<{ user_id?: string }>('identity user', {
            method: 'GET',
            path: body.identity
        });
        if (!identity.user_id)
            throw new OrgError('NO_IDENTITY', 'the identity URL did not name the user', 'check the session');
        return identity.user_id;
    }

    /** The field API names of an object (one describe call). */
    async describeFields(object: string): Promise<string[]> {
        return (await this.describeObject(object)).fields.map((f) => f.name);
    }

    /** An object's fields with their types, picklist values and relationships (one describe call). */
    async describeObject(object: string): Promise<DescribedObject> {
        const { body } = await this.http<DescribedObject>(`describe ${object}`, {
            method: 'GET',
            path: `/sobjects/${encodeURIComponent(object)}/describe`
        });
        return {
            name: body.name,
            fields: body.fields.map((f) => ({
                name: f.name,
                type: f.type,
                ...(f.picklistValues ? { picklistValues: f.picklistValues } : {}),
                ...(f.referenceTo ? { referenceTo: f.referenceTo } : {}),
                ...(f.relationshipName !== undefined ? { relationshipName: f.relationshipName } : {})
            }))
        };
    }

    // ---- reads -----------------------------------------------------------------------------------------

    /**
     * Streams the records of a SOQL query in pages. `all` includes archived and deleted rows (queryAll);
     * `rest` keeps a small query (with its own LIMIT, or by Id) off Bulk API.
     *
     * Sizing is cheap: the REST probe is the query with `LIMIT threshold+1`, so an org with millions of rows
     * answers at most threshold+1 of them (a complete answer when the object is small) instead of running the
     * full non-selective query, which can hit QUERY_TIMEOUT; larger objects go to one Bulk query job.
     */
    async *query(
        soql: string,
        options: { all?: boolean; object: string; rest?: boolean }
    ): AsyncGenerator<FlatRecord[]> {
        const resource = options.all ? 'queryAll' : 'query';
        // Custom metadata types are not supported by Bulk API: always REST.
        const restOnly = options.object.endsWith('__mdt') || options.rest === true;
        if (this.bulkThreshold > 0 || restOnly) {
            const probe =
                restOnly || /\sLIMIT\s+\d+\s*$/i.test(soql)
                    ? soql
                    : `${soql} LIMIT ${this.bulkThreshold + 1}`;
            const first = await this.http<RestPage>(`${resource} ${options.object}`, {
                method: 'GET',
                path: `/${resource}?q=${encodeURIComponent(probe)}`
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
            yield* bulkRecords(body);
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
            const method = operation === 'insert' ? 'POST' : operation === 'delete' ? 'DELETE' : 'PATCH';
            const path =
                operation === 'upsert'
                    ? `/composite/sobjects/${object}/${externalIdField ?? 'Id'}`
                    : operation === 'delete'
                      ? `/composite/sobjects?allOrNone=false&ids=${chunk.map((r) => encodeURIComponent(String(r.Id))).join(',')}`
                      : '/composite/sobjects';
            const records = chunk.map((row) => ({ attributes: { type: object }, ...toRestValues(row) }));
            const { body } = await this.http<CompositeResult[]>(
                `${operation} ${object} (composite)`,
                operation === 'delete'
                    ? { method, path }
                    : {
                          method,
                          path,
                          body: JSON.stringify({ allOrNone: false, records }),
                          contentType: 'application/json'
                      }
            );
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
        const limit = this.options.maxUploadBytes ?? 100 * 1024 * 1024;
        const total = { succeeded: 0, created: 0, failures: [] as RowFailure[] };
        // The CSV goes straight into the bytes of the request body (no line strings, no joined text).
        const body = new CsvUploadBody(columns.map(csvCell).join(','), limit);
        const flush = async (): Promise<void> => {
            if (body.rows === 0) return;
            const outcome = await this.bulkIngestJob(object, operation, body, externalIdField);
            total.succeeded += outcome.succeeded;
            total.created += outcome.created;
            total.failures.push(...outcome.failures);
        };
        body.plan(rows.length);
        for (let index = 0; index < rows.length; index++) {
            const row = rows[index] as FlatRecord;
            // Bulk CSV: an empty cell leaves a field unchanged, #N/A clears it.
            let line = '';
            for (let i = 0; i < columns.length; i++) {
                const c = columns[i] as string;
                if (i > 0) line += ',';
                line += csvCell(!(c in row) ? '' : row[c] === null ? '#N/A' : row[c]);
            }
            const bytes = CsvUploadBody.lineBytes(line);
            if (body.bytes + bytes > limit && body.rows > 0) {
                await flush();
                body.plan(rows.length - index);
            }
            body.add(line, bytes);
        }
        await flush();
        return total;
    }

    /**
     * Creates an ingest job, uploads the CSV once and closes the job, so that a lost response never makes a step
     * run twice: a job create is retried only after looking for the job the lost answer would have named; an
     * upload is never repeated into the same job (the job is aborted and the data goes to a new one); a close
     * is repeated only while the job is still Open. Returns the id of the one job that holds the CSV.
     */
    private async openFilledJob(
        object: string,
        operation: WriteOperation,
        csv: Buffer,
        externalIdField?: string
    ): Promise<string> {
        for (let round = 1; ; round++) {
            const jobId = await this.createIngestJob(object, operation, externalIdField);
            try {
                await this.http(
                    `bulk upload ${object}`,
                    {
                        method: 'PUT',
                        path: `/jobs/ingest/${jobId}/batches`,
                        body: csv,
                        contentType: 'text/csv'
                    },
                    undefined,
                    { once: true }
                );
            } catch (error) {
                // The org may or may not hold the data: never upload into this job again.
                await this.abortJob(jobId, object);
                if (!isTransient(error) || round >= this.retry.attempts) throw error;
                this.options.onNotice?.(
                    `bulk upload ${object} failed with ${errorCodeOf(error) ?? 'a network error'}: job ${jobId} aborted, uploading into a new job (attempt ${round + 1} of ${this.retry.attempts})`
                );
                await sleep(this.backoff(round));
                continue;
            }
            if (await this.closeJob(jobId, object)) return jobId;
            // The job was aborted meanwhile (by an admin or a timed-out close): start again with a new job.
            if (round >= this.retry.attempts)
                throw new OrgError(
                    'BULK_JOB_FAILED',
                    `Bulk API ingest job ${jobId} on ${object} was aborted before it could be closed`,
                    'rerun: the sync is idempotent'
                );
        }
    }

    private backoff(round: number): number {
        return Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (round - 1));
    }

    /** POST jobs/ingest; after a failed attempt, first looks for the Open job a lost answer would have named. */
    private async createIngestJob(
        object: string,
        operation: WriteOperation,
        externalIdField?: string
    ): Promise<string> {
        const since = Date.now();
        let attempts = 0;
        return withRetry(
            `bulk ${operation} ${object}`,
            async () => {
                attempts += 1;
                if (attempts > 1) {
                    const orphan = await this.findOpenJob(object, operation, externalIdField, since);
                    if (orphan) {
                        this.options.onNotice?.(
                            `bulk ${operation} ${object}: reusing job ${orphan}, created by a request whose answer was lost`
                        );
                        return orphan;
                    }
                }
                const { body: job } = await this.http<JobInfo>(
                    `bulk ${operation} ${object}`,
                    {
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
                    },
                    undefined,
                    { once: true }
                );
                this.bulkJobs.ingest[object] = (this.bulkJobs.ingest[object] ?? 0) + 1;
                return job.id;
            },
            this.retry
        );
    }

    /**
     * An Open ingest job for this object and operation created since `sinceMs` (minus a clock-skew margin): the
     * job a create request made although its answer never arrived. Other Open candidates are aborted.
     */
    private async findOpenJob(
        object: string,
        operation: WriteOperation,
        externalIdField: string | undefined,
        sinceMs: number
    ): Promise<string | undefined> {
        const candidates: JobListEntry[] = [];
        let path: string | undefined = '/jobs/ingest?jobType=V2Ingest';
        for (let page = 0; path && page < 50; page++) {
            const { body }: HttpResult<JobList> = await this.http<JobList>(`bulk job list ${object}`, {
                method: 'GET',
                path
            });
            for (const job of body.records ?? []) {
                if (
                    job.state === 'Open' &&
                    job.object === object &&
                    job.operation === operation &&
                    (operation !== 'upsert' || job.externalIdFieldName === externalIdField) &&
                    Date.parse(job.createdDate ?? '') >= sinceMs - 5 * 60_000
                )
                    candidates.push(job);
            }
            path =
                !body.done && body.nextRecordsUrl ? `${this.instanceUrl}${body.nextRecordsUrl}` : undefined;
        }
        candidates.sort((a, b) => Date.parse(b.createdDate ?? '') - Date.parse(a.createdDate ?? ''));
        const [newest, ...others] = candidates;
        for (const other of others) await this.abortJob(other.id, object);
        return newest?.id;
    }

    /** Aborts a job so it can never be processed; idempotent (a job already finished or aborted is left alone). */
    private async abortJob(jobId: string, object: string): Promise<void> {
        try {
            await withRetry(
                `bulk abort ${object}`,
                async () => {
                    try {
                        await this.http(
                            `bulk abort ${object}`,
                            {
                                method: 'PATCH',
                                path: `/jobs/ingest/${jobId}`,
                                body: JSON.stringify({ state: 'Aborted' }),
                                contentType: 'application/json; charset=utf-8'
                            },
                            undefined,
                            { once: true }
                        );
                    } catch (error) {
                        const state = await this.jobState(jobId, object);
                        if (state === 'Aborted' || state === 'JobComplete' || state === 'Failed') return;
                        throw error;
                    }
                },
                this.retry
            );
        } catch (error) {
            this.options.onNotice?.(
                `could not abort Bulk job ${jobId} on ${object} (${describeError(error)}): abort it in Setup > Bulk Data Load Jobs`
            );
        }
    }

    private async jobState(jobId: string, object: string): Promise<string> {
        const { body } = await this.http<JobInfo>(`bulk ingest job status ${object}`, {
            method: 'GET',
            path: `/jobs/ingest/${jobId}`
        });
        return body.state;
    }

    /**
     * PATCH UploadComplete, repeated only while the job is still Open: after a lost answer the job may already
     * be closed (a second close would be refused with 409). False when the job turned out to be Aborted.
     */
    private async closeJob(jobId: string, object: string): Promise<boolean> {
        for (let round = 1; ; round++) {
            try {
                await this.http(
                    `bulk close ${object}`,
                    {
                        method: 'PATCH',
                        path: `/jobs/ingest/${jobId}`,
                        body: JSON.stringify({ state: 'UploadComplete' }),
                        contentType: 'application/json; charset=utf-8'
                    },
                    undefined,
                    { once: true }
                );
                return true;
            } catch (error) {
                const state = await this.jobState(jobId, object);
                if (state === 'Aborted') return false;
                if (state !== 'Open') return true; // UploadComplete, InProgress, JobComplete, Failed: closed.
                if (round >= this.retry.attempts || !(isTransient(error) || httpStatusOf(error) === 409)) {
                    await this.abortJob(jobId, object);
                    throw error;
                }
                this.options.onNotice?.(
                    `retrying bulk close ${object} after ${errorCodeOf(error) ?? 'a network error'} (job ${jobId} is still Open)`
                );
                await sleep(this.backoff(round));
            }
        }
    }

    /**
     * Rows a completed ingest job wrote, and of them created. An update or delete creates nothing, and the job's
     * own counts say how many rows succeeded (processed minus failed, as `sf data bulk results` reports them):
     * successfulResults, which echoes every column of every row (~80 MB for 25,000 Account rows with their
     * explanations), is downloaded only for inserts and upserts, where the sf__Created flags matter.
     */
    private async successCounts(
        object: string,
        operation: WriteOperation,
        jobId: string,
        info: JobInfo
    ): Promise<{ succeeded: number; created: number }> {
        const processed = info.numberRecordsProcessed;
        const failed = info.numberRecordsFailed;
        if (
            (operation === 'update' || operation === 'delete') &&
            typeof processed === 'number' &&
            typeof failed === 'number'
        )
            return { succeeded: processed - failed, created: 0 };
        // Successful rows echo every column back: only the sf__Created flags are read (memory at 100k rows).
        const { body: successCsv } = await this.http<string>(
            `bulk successfulResults ${object}`,
            { method: 'GET', path: `/jobs/ingest/${jobId}/successfulResults`, accept: 'text/csv' },
            'text/plain'
        );
        const successRows = parseCsvCells(successCsv, (column) => column <= 1).slice(1);
        return {
            succeeded: successRows.length,
            created: successRows.filter((r) => r.cells[1] === 'true').length
        };
    }

    private async bulkIngestJob(
        object: string,
        operation: WriteOperation,
        body: CsvUploadBody,
        externalIdField?: string
    ): Promise<Omit<WriteResult, 'object' | 'operation' | 'via'>> {
        // take(): the bytes are referenced only while the upload runs, not while the job is polled and read.
        const jobId = await this.openFilledJob(object, operation, body.take(), externalIdField);
        const info = await this.pollJob('ingest', jobId, object);
        const fetch = async (resource: string): Promise<Record<string, string>[]> => {
            const { body } = await this.http<string>(
                `bulk ${resource} ${object}`,
                { method: 'GET', path: `/jobs/ingest/${jobId}/${resource}`, accept: 'text/csv' },
                'text/plain'
            );
            return parseCsv(body).rows.map((r) => r.record);
        };
        const counted = await this.successCounts(object, operation, jobId, info);
        const failed = await fetch('failedResults');
        const unprocessed = await fetch('unprocessedrecords');
        const toRow = (record: Record<string, string>): FlatRecord =>
            Object.fromEntries(
                Object.entries(record)
                    // As sent: an empty cell was a field not written (unchanged), #N/A a field cleared.
                    .filter(([k, v]) => !k.startsWith('sf__') && v !== '')
                    .map(([k, v]) => [k, v === '#N/A' ? null : v])
            );
        return {
            ...counted,
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
    /** Ingest jobs: rows processed (succeeded or failed) and rows failed. */
    numberRecordsProcessed?: number;
    numberRecordsFailed?: number;
}

interface JobListEntry {
    id: string;
    state: string;
    object?: string;
    operation?: string;
    externalIdFieldName?: string;
    createdDate?: string;
}

interface JobList {
    done?: boolean;
    records?: JobListEntry[];
    nextRecordsUrl?: string | null;
}

/** node-fetch's AbortError: jsforce aborts a request that outlasts its timeout. */
/** Characters of a Bulk result page parsed per step: records are handed on in small batches. */
const RESULT_STEP = 256 * 1024;

/**
 * The records of one Bulk API 2.0 result page (CSV with a header row; an empty cell is null), in batches of a
 * few thousand: a page holds up to 50,000 records, and a batch that is consumed before the next one is made
 * dies in the young generation instead of filling the old one (the sync's peak memory).
 */
export function* bulkRecords(body: string): Generator<FlatRecord[]> {
    const parser = new CsvParser();
    let header: string[] | null = null;
    let batch: FlatRecord[] = [];
    const onRow = (fields: string[]): void => {
        if (!header) {
            header = fields.map((h) => h.trim());
            return;
        }
        const record: FlatRecord = {};
        for (let i = 0; i < header.length; i++) {
            const value = fields[i] ?? '';
            record[header[i] as string] = value === '' ? null : value;
        }
        batch.push(record);
    };
    for (let at = 0; at < body.length; at += RESULT_STEP) {
        parser.feed(body.slice(at, at + RESULT_STEP), onRow);
        if (batch.length > 0) {
            yield batch;
            batch = [];
        }
    }
    parser.finish(onRow);
    if (batch.length > 0) yield batch;
}

function isAbort(error: unknown): boolean {
    return (
        typeof error === 'object' &&
        error !== null &&
        ((error as { name?: unknown }).name === 'AbortError' ||
            (error as { type?: unknown }).type === 'aborted')
    );
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

/**
 * Gives every jsforce request made outside this client (the OAuth token exchange, a session refresh) the same
 * timeout instead of jsforce's 30 minutes. jsforce keeps one set of request defaults: this restates the ones
 * it sets itself (proxy from the environment, follow redirects) with our timeout.
 */
export function setRequestTimeout(timeoutMs: number, env: NodeJS.ProcessEnv = process.env): void {
    setJsforceRequestDefaults({
        httpProxy: env.https_proxy ?? env.http_proxy ?? env.HTTPS_PROXY ?? env.HTTP_PROXY ?? undefined,
        timeout: timeoutMs,
        followRedirect: true
    } as Parameters<typeof setJsforceRequestDefaults>[0]);
}

/** Message of any error, without secrets. */
export function describeError(error: unknown): string {
    const code = errorCodeOf(error);
    const message = redact(error instanceof Error ? error.message : String(error));
    return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}
