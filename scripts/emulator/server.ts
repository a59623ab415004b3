/**
 * A local Salesforce org emulator on 127.0.0.1 for the sync's integration tests and the `npm start` demo.
 * It answers the REST and Bulk API 2.0 endpoints jsforce and the sf CLI use, over real HTTP, with records
 * kept in memory (see docs/emulator.md for what it does and does not emulate).
 */
import * as http from 'node:http';
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { URL } from 'node:url';
import { ApiError } from './errors';
import { FaultInjector } from './faults';
import { loadSchema } from './schema';
import type { Schema } from './schema';
import { formatDateTime, OrgStore, RecordError } from './store';
import type { SharingSettings } from './store';
import type { CompiledQuery, StoredRecord } from './soql';
import { parseCsv, toCsv } from '../salesforce/csv';

export interface EmulatorOptions {
    /** force-app root for the schema (default: ./force-app of the repository). */
    forceAppRoot?: string;
    /**
     * Folders shaped like force-app with the org's own metadata (objects, fields and custom metadata records a
     * subscriber created), loaded after the package's: e.g. a survey object an admin-defined signal reads.
     */
    orgMetadataRoots?: string[];
    /** The org's "today" (YYYY-MM-DD) for date literals and activity archiving (default: the clock's date). */
    today?: string;
    /** The org's clock (ms) for CreatedDate, ClosedDate, CompletedDateTime... stamps (default: Date.now). */
    now?: () => number;
    /** DailyApiRequests Max reported by /limits (default 100,000, an Enterprise org). */
    dailyApiMax?: number;
    /**
     * JWT bearer: the connected app's consumer key and the PEM public key that verifies assertions. The
     * assertion's `aud` must be https://login.salesforce.com, https://test.salesforce.com or one of `siteUrls`
     * (Experience Cloud sites), as Salesforce requires.
     */
    jwt?: { clientId: string; publicKeyPem: string; siteUrls?: string[] };
    /** Sharing for the running user (default: Public Read/Write, i.e. none): see docs/emulator.md "Sharing". */
    sharing?: Partial<SharingSettings>;
    /**
     * A REST query (no LIMIT) that matches more rows than this answers 400 QUERY_TIMEOUT, as a non-selective
     * query over millions of rows does on an org (default: never).
     */
    restQueryTimeoutRows?: number;
    /** Client credentials for the OAuth test client. */
    client?: { clientId: string; clientSecret: string };
    /** Status polls that answer InProgress before a Bulk job reports JobComplete (default 1). */
    bulkPollsBeforeComplete?: number;
    /** Rows per REST query page (default 2,000, Salesforce's default batch size). */
    queryPageSize?: number;
    /** Rows per Bulk query results page when the client gives no maxRecords (default 50,000). */
    bulkQueryPageSize?: number;
    /** Called for every request (method, path, status), e.g. to log unknown routes while debugging. */
    onRequest?: (method: string, pathname: string, status: number) => void;
}

/** A transient or permanent error injected into matching requests, `times` times. */
export interface RequestFault {
    method?: string;
    /** Substring or pattern of the path (after /services/data/vXX.X). */
    path?: string | RegExp;
    times: number;
    status: number;
    errorCode: string;
    message?: string;
    /** Drop the connection instead of answering (a network reset). */
    reset?: boolean;
}

/** Fails matching rows of a write (Bulk ingest or composite) with an error, `times` times per row (default forever). */
export interface RowFault {
    object: string;
    match: (row: Record<string, string | unknown>) => boolean;
    errorCode: string;
    message?: string;
    times?: number;
}

export interface EmulatorStats {
    /** Every authenticated API request (REST and Bulk), as the org's DailyApiRequests counts them. */
    apiRequests: number;
    restRequests: number;
    bulkRequests: number;
    bulkQueryJobs: Record<string, number>;
    bulkIngestJobs: Record<string, number>;
    restQueries: Record<string, number>;
    compositeWrites: Record<string, number>;
}

interface IngestJob {
    kind: 'ingest';
    id: string;
    object: string;
    operation: 'insert' | 'update' | 'upsert' | 'delete';
    externalIdFieldName?: string;
    state: 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
    lineEnding: 'LF' | 'CRLF';
    csv: string[];
    pollsLeft: number;
    createdDate: string;
    errorMessage?: string;
    columns: string[];
    successful: Record<string, unknown>[];
    failed: Record<string, unknown>[];
    unprocessed: Record<string, unknown>[];
}

interface QueryJob {
    kind: 'query';
    id: string;
    object: string;
    operation: 'query' | 'queryAll';
    query: string;
    state: 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Aborted' | 'Failed';
    pollsLeft: number;
    createdDate: string;
    columns: string[];
    /** The matching records (references, projected page by page when results are read: memory). */
    records: StoredRecord[];
    compiled: CompiledQuery;
}

const ORG_ID = '00D000000000001EAA';
const BULK_FIELD_MAX = 32_000;
const BULK_RECORD_MAX = 400_000;
const DEFAULT_API_VERSION = '66.0';

function todayUtc(): string {
    return new Date().toISOString().slice(0, 10);
}

function readBody(req: http.IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        req.on('error', reject);
    });
}

function base64url(input: Buffer | string): string {
    return Buffer.from(input).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

export class OrgEmulator {
    readonly schema: Schema;
    readonly store: OrgStore;
    readonly faults: RequestFault[] = [];
    readonly rowFaults: RowFault[] = [];
    /** Connection faults: dropped, lost or hung requests (scripts/emulator/faults.ts). */
    readonly connectionFaults = new FaultInjector();
    stats: EmulatorStats = OrgEmulator.emptyStats();
    /** After this many API requests every session expires once (tests session refresh mid-run). */
    expireTokensAfter: number | undefined;
    /** DailyApiRequests already used before this emulator started (to test the budget check). */
    apiUsedBefore = 0;
    private readonly tokens = new Map<string, string>();
    private readonly jobs = new Map<string, IngestJob | QueryJob>();
    private readonly queryCursors = new Map<
        string,
        { rows: Record<string, unknown>[]; position: number; total: number }
    >();
    private server: http.Server | undefined;
    private baseUrl = '';
    private sequence = 0;
    readonly userId: string;
    private readonly today: string;

    constructor(private readonly options: EmulatorOptions = {}) {
        this.schema = loadSchema(
            options.forceAppRoot ?? path.resolve(__dirname, '..', '..', 'force-app'),
            options.orgMetadataRoots ?? []
        );
        const clock = options.now ?? (() => Date.now());
        this.today =
            options.today ?? (options.now ? new Date(clock()).toISOString().slice(0, 10) : todayUtc());
        this.store = new OrgStore(this.schema, clock, () => this.today);
        this.store.seed('Organization', [
            {
                Id: ORG_ID,
                Name: 'Health Score Emulator',
                IsSandbox: false,
                OrganizationType: 'Developer Edition',
                InstanceName: 'LOCAL',
                DefaultAccountAccess: 'Edit',
                DefaultContactAccess: 'ControlledByParent'
            }
        ]);
        this.userId = this.store.insert('User', {
            FirstName: 'Integration',
            LastName: 'User',
            Username: 'integration@health-score.emulator',
            Email: 'integration@health-score.emulator',
            IsActive: true
        });
        if (options.sharing) this.setSharing(options.sharing);
    }

    /** Changes the sharing the running user gets (Account org-wide default, View All, Modify All). */
    setSharing(sharing: Partial<SharingSettings>): void {
        this.store.sharing = { ...this.store.sharing, ...sharing };
        const org = this.store.get(ORG_ID)?.record;
        if (org) {
            org.DefaultAccountAccess = this.store.sharing.accountAccess;
            org.DefaultContactAccess = this.store.sharing.contactAccess ?? 'ControlledByParent';
        }
    }

    static emptyStats(): EmulatorStats {
        return {
            apiRequests: 0,
            restRequests: 0,
            bulkRequests: 0,
            bulkQueryJobs: {},
            bulkIngestJobs: {},
            restQueries: {},
            compositeWrites: {}
        };
    }

    get url(): string {
        return this.baseUrl;
    }

    get apiVersion(): string {
        return DEFAULT_API_VERSION;
    }

    async start(port = 0, host = '127.0.0.1'): Promise<string> {
        this.server = http.createServer((req, res) => {
            this.handle(req, res).catch((error: unknown) => {
                this.send(res, 500, [
                    {
                        errorCode: 'UNKNOWN_EXCEPTION',
                        message: error instanceof Error ? error.message : String(error)
                    }
                ]);
            });
        });
        this.server.keepAliveTimeout = 1000;
        await new Promise<void>((resolve, reject) => {
            this.server?.once('error', reject);
            this.server?.listen(port, host, () => resolve());
        });
        const address = this.server.address() as { port: number };
        this.baseUrl = `http://${host}:${address.port}`;
        return this.baseUrl;
    }

    async stop(): Promise<void> {
        const server = this.server;
        if (!server) return;
        this.server = undefined;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
    }

    /** Issues a session token directly, as `sf org display` would show one. */
    issueToken(): string {
        const token = `${ORG_ID.slice(0, 15)}!${base64url(crypto.randomBytes(36))}`;
        this.tokens.set(token, this.userId);
        return token;
    }

    /** Every issued session becomes invalid (401 INVALID_SESSION_ID), as after a session timeout. */
    expireTokens(): void {
        this.tokens.clear();
    }

    resetStats(): void {
        this.stats = OrgEmulator.emptyStats();
    }

    /** Loads records (system mode, given Ids kept) in dependency order. */
    seed(data: Record<string, Record<string, unknown>[]>): Record<string, number> {
        const order = [
            'User',
            'Account',
            'Contact',
            'Opportunity',
            'Case',
            'Task',
            'Event',
            'Product_Usage__c',
            'Account_Health_Snapshot__c'
        ];
        const objects = [
            ...order.filter((o) => data[o]),
            ...Object.keys(data).filter((o) => !order.includes(o))
        ];
        const counts: Record<string, number> = {};
        for (const object of objects) counts[object] = this.store.seed(object, data[object] ?? []);
        return counts;
    }

    // ---- HTTP ----------------------------------------------------------------------------------------

    private send(
        res: http.ServerResponse,
        status: number,
        body: unknown,
        headers: Record<string, string> = {}
    ): void {
        if (res.headersSent) return;
        if (status === 204 || body === undefined) {
            res.writeHead(status, headers);
            res.end();
            return;
        }
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        res.writeHead(status, {
            'Content-Type':
                typeof body === 'string' ? 'text/csv; charset=UTF-8' : 'application/json;charset=UTF-8',
            ...headers
        });
        res.end(text);
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        // Clients that keep a trailing slash on the instance URL send `//services/...`: Salesforce accepts it.
        const url = new URL((req.url ?? '/').replace(/^\/{2,}/, '/'), this.baseUrl || 'http://127.0.0.1');
        const method = (req.method ?? 'GET').toUpperCase();
        const body = await readBody(req);
        res.on('finish', () => this.options.onRequest?.(method, url.pathname, res.statusCode));
        try {
            if (url.pathname === '/services/oauth2/token' && method === 'POST')
                return this.oauthToken(res, body);
            if (url.pathname === '/services/data' || url.pathname === '/services/data/') {
                return this.send(res, 200, [
                    {
                        label: 'Emulator',
                        url: `/services/data/v${DEFAULT_API_VERSION}`,
                        version: DEFAULT_API_VERSION
                    }
                ]);
            }
            if (this.expireTokensAfter !== undefined && this.stats.apiRequests >= this.expireTokensAfter) {
                this.expireTokensAfter = undefined;
                this.tokens.clear();
            }
            const userId = this.authenticate(req);
            this.store.runningUser = userId;
            if (url.pathname === '/services/oauth2/userinfo')
                return this.send(res, 200, this.userInfo(userId));
            if (url.pathname.startsWith('/id/')) return this.send(res, 200, this.userInfo(userId));
            const match = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(url.pathname);
            if (!match)
                throw new ApiError(
                    404,
                    'NOT_FOUND',
                    `The requested resource does not exist: ${url.pathname}`
                );
            const version = match[1] as string;
            const route = match[2] ?? '/';
            const bulk = route.startsWith('/jobs/');
            this.count(bulk);
            this.currentHeaders = req.headers;
            this.injectFault(method, route, res);
            if (res.headersSent || res.destroyed) return;
            if (this.connectionFaults.intercept(method, route, res)) return;
            return this.route(res, method, route, url, body, version, userId);
        } catch (error) {
            if (error instanceof ApiError) return this.send(res, error.status, error.toBody());
            if (error instanceof RecordError)
                return this.send(res, 400, [
                    { errorCode: error.statusCode, message: error.message, fields: error.fields }
                ]);
            throw error;
        }
    }

    private count(bulk: boolean): void {
        const max = this.options.dailyApiMax ?? 100_000;
        if (this.apiUsedBefore + this.stats.apiRequests >= max) {
            throw new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
        }
        this.stats.apiRequests += 1;
        if (bulk) this.stats.bulkRequests += 1;
        else this.stats.restRequests += 1;
    }

    private injectFault(method: string, route: string, res: http.ServerResponse): void {
        const fault = this.faults.find(
            (f) =>
                f.times > 0 &&
                (!f.method || f.method.toUpperCase() === method) &&
                (!f.path || (typeof f.path === 'string' ? route.includes(f.path) : f.path.test(route)))
        );
        if (!fault) return;
        fault.times -= 1;
        if (fault.reset) {
            res.socket?.destroy();
            return;
        }
        this.send(res, fault.status, [
            { errorCode: fault.errorCode, message: fault.message ?? fault.errorCode }
        ]);
    }

    private authenticate(req: http.IncomingMessage): string {
        const header = req.headers.authorization ?? '';
        const token = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header)?.[1];
        const userId = token ? this.tokens.get(token) : undefined;
        if (!userId) throw new ApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
        return userId;
    }

    private userInfo(userId: string): Record<string, unknown> {
        const user = this.store.get(userId)?.record ?? {};
        return {
            sub: `${this.baseUrl}/id/${ORG_ID}/${userId}`,
            user_id: userId,
            organization_id: ORG_ID,
            preferred_username: user.Username,
            name: user.Name,
            email: user.Email,
            active: true
        };
    }

    // ---- OAuth ---------------------------------------------------------------------------------------

    private oauthToken(res: http.ServerResponse, body: string): void {
        const form = new URLSearchParams(body);
        const grant = form.get('grant_type');
        const fail = (error: string, description: string): void =>
            this.send(res, 400, { error, error_description: description });
        let userId: string | undefined;
        if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
            const result = this.verifyJwt(form.get('assertion') ?? '');
            if (typeof result !== 'string') return fail(result.error, result.description);
            userId = result;
        } else if (grant === 'client_credentials') {
            const client = this.options.client;
            if (
                !client ||
                form.get('client_id') !== client.clientId ||
                form.get('client_secret') !== client.clientSecret
            ) {
                return fail('invalid_client', 'invalid client credentials');
            }
            userId = this.userId;
        } else {
            return fail('unsupported_grant_type', `grant type not supported: ${grant ?? '(none)'}`);
        }
        const token = `${ORG_ID.slice(0, 15)}!${base64url(crypto.randomBytes(36))}`;
        this.tokens.set(token, userId);
        this.send(res, 200, {
            access_token: token,
            scope: 'api',
            instance_url: this.baseUrl,
            id: `${this.baseUrl}/id/${ORG_ID}/${userId}`,
            token_type: 'Bearer',
            issued_at: String(Date.now())
        });
    }

    /** Verifies an RS256 JWT bearer assertion: signature, issuer (client id), audience, subject, expiry. */
    private verifyJwt(assertion: string): string | { error: string; description: string } {
        const jwt = this.options.jwt;
        if (!jwt)
            return { error: 'invalid_client_id', description: 'JWT bearer is not configured on this org' };
        const [header, payload, signature] = assertion.split('.');
        if (!header || !payload || !signature)
            return { error: 'invalid_grant', description: 'malformed JWT assertion' };
        const valid = crypto
            .createVerify('RSA-SHA256')
            .update(`${header}.${payload}`)
            .verify(jwt.publicKeyPem, Buffer.from(signature.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
        if (!valid) return { error: 'invalid_grant', description: 'invalid assertion signature' };
        let claims: { iss?: string; sub?: string; aud?: string; exp?: number };
        try {
            claims = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as typeof claims;
        } catch {
            return { error: 'invalid_grant', description: 'malformed JWT claims' };
        }
        if (claims.iss !== jwt.clientId)
            return { error: 'invalid_client_id', description: 'client identifier invalid' };
        const audiences = [
            'https://login.salesforce.com',
            'https://test.salesforce.com',
            ...(jwt.siteUrls ?? [])
        ];
        if (!claims.aud || !audiences.includes(String(claims.aud).replace(/\/$/, '')))
            return { error: 'invalid_grant', description: 'audience is invalid' };
        if (!claims.exp || claims.exp * 1000 < Date.now())
            return { error: 'invalid_grant', description: 'expired authorization code' };
        const user = [...this.store.table(this.store.object('User')).values()].find(
            (u) => u.Username === claims.sub
        );
        if (!user) return { error: 'invalid_grant', description: "user hasn't approved this consumer" };
        return user.Id as string;
    }

    // ---- REST ----------------------------------------------------------------------------------------

    private route(
        res: http.ServerResponse,
        method: string,
        route: string,
        url: URL,
        body: string,
        version: string,
        userId: string
    ): void {
        const parts = route.split('/').filter(Boolean).map(decodeURIComponent);
        const json = (): Record<string, unknown> =>
            body ? (JSON.parse(body) as Record<string, unknown>) : {};
        const [head, second, third, fourth] = parts;
        if (parts.length === 0) {
            return this.send(res, 200, {
                sobjects: `/services/data/v${version}/sobjects`,
                query: `/services/data/v${version}/query`,
                queryAll: `/services/data/v${version}/queryAll`,
                limits: `/services/data/v${version}/limits`,
                jobs: `/services/data/v${version}/jobs`,
                composite: `/services/data/v${version}/composite`,
                // The identity URL of the session's user (REST API "Versions" resource): jsforce identity() reads it.
                identity: `${this.baseUrl}/id/${ORG_ID}/${userId}`
            });
        }
        if (head === 'limits' && method === 'GET') return this.send(res, 200, this.limits());
        if ((head === 'query' || head === 'queryAll') && method === 'GET') {
            if (second) return this.send(res, 200, this.queryMore(second, version));
            const soql = url.searchParams.get('q');
            if (!soql) throw new ApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
            if (url.searchParams.get('columns') === 'true')
                return this.send(res, 200, this.queryColumns(soql));
            const batch = /batchSize=(\d+)/.exec(
                String(this.currentHeaders['sforce-query-options'] ?? '')
            )?.[1];
            return this.send(
                res,
                200,
                this.restQuery(soql, head === 'queryAll', version, batch ? Number(batch) : undefined)
            );
        }
        if (head === 'sobjects') return this.sobjects(res, method, parts.slice(1), json, version);
        if (head === 'composite' && second === 'sobjects')
            return this.composite(res, method, parts.slice(2), url, json);
        if (head === 'composite' && second === 'tree' && third && method === 'POST')
            return this.compositeTree(res, third, json, version);
        if (head === 'jobs' && second === 'ingest') return this.ingest(res, method, third, fourth, body);
        if (head === 'jobs' && second === 'query')
            return this.queryJob(res, method, third, fourth, url, body);
        throw new ApiError(404, 'NOT_FOUND', `The requested resource does not exist: ${route}`);
    }

    private currentHeaders: http.IncomingHttpHeaders = {};

    limits(): Record<string, { Max: number; Remaining: number }> {
        const max = this.options.dailyApiMax ?? 100_000;
        const queryJobs = Object.values(this.stats.bulkQueryJobs).reduce((a, b) => a + b, 0);
        return {
            DailyApiRequests: {
                Max: max,
                Remaining: Math.max(0, max - this.apiUsedBefore - this.stats.apiRequests)
            },
            DailyBulkV2QueryJobs: { Max: 10_000, Remaining: 10_000 - queryJobs },
            DailyBulkV2QueryFileStorageMB: { Max: 1_048_576, Remaining: 1_048_576 }
        };
    }

    /** `?columns=true` (used by `sf data query`): the column metadata of a query, without running it. */
    private queryColumns(soql: string): Record<string, unknown> {
        const query = this.store.compile(soql);
        type Column = { columnName: string; displayName: string; aggregate: boolean; joinColumns: Column[] };
        const columns: Column[] = [];
        for (const path of query.select) {
            const names = [...path.hops.map((h) => h.relationshipName as string), path.field.name];
            let level = columns;
            names.forEach((name, i) => {
                let column = level.find((c) => c.columnName === name);
                if (!column) {
                    column = {
                        columnName: name,
                        displayName: names.slice(0, i + 1).join('.'),
                        aggregate: false,
                        joinColumns: []
                    };
                    level.push(column);
                }
                level = column.joinColumns;
            });
        }
        return {
            columnMetadata: columns,
            entityName: query.object.name,
            groupBy: false,
            idSelected: query.select.some((p) => p.field.name === 'Id' && p.hops.length === 0),
            keyPrefix: query.object.keyPrefix
        };
    }

    private restQuery(
        soql: string,
        all: boolean,
        version: string,
        batchSize?: number
    ): Record<string, unknown> {
        const query = this.store.compile(soql);
        this.stats.restQueries[query.object.name] = (this.stats.restQueries[query.object.name] ?? 0) + 1;
        const rows = this.store.run(query, all);
        const timeout = this.options.restQueryTimeoutRows;
        if (timeout !== undefined && query.limit === undefined && !query.countOnly && rows.length > timeout)
            throw new ApiError(400, 'QUERY_TIMEOUT', 'Your query request was running for too long.');
        if (query.countOnly) return { totalSize: rows.length, done: true, records: [] };
        const records = rows.map((r) => this.store.toJson(query, r, version));
        return this.page(
            `${++this.sequence}`,
            { rows: records, position: 0, total: records.length },
            version,
            batchSize
        );
    }

    private page(
        cursorId: string,
        cursor: { rows: Record<string, unknown>[]; position: number; total: number },
        version: string,
        batchSize?: number
    ): Record<string, unknown> {
        const size = Math.max(200, Math.min(batchSize ?? this.options.queryPageSize ?? 2000, 2000));
        const pageRows = cursor.rows.slice(cursor.position, cursor.position + size);
        cursor.position += pageRows.length;
        const done = cursor.position >= cursor.rows.length;
        const locator = `01g${cursorId.padStart(15, '0')}-${cursor.position}`;
        if (done) this.queryCursors.delete(cursorId);
        else this.queryCursors.set(cursorId, cursor);
        return {
            totalSize: cursor.total,
            done,
            ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${locator}` }),
            records: pageRows
        };
    }

    private queryMore(locator: string, version: string): Record<string, unknown> {
        const [prefix, position] = locator.split('-');
        const cursorId = String(Number((prefix ?? '').slice(3)));
        const cursor = this.queryCursors.get(cursorId);
        if (!cursor || String(cursor.position) !== position) {
            throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
        }
        return this.page(cursorId, cursor, version);
    }

    private sobjects(
        res: http.ServerResponse,
        method: string,
        parts: string[],
        json: () => Record<string, unknown>,
        version: string
    ): void {
        const [objectName, idOrField, value] = parts;
        if (!objectName) {
            return this.send(res, 200, {
                sobjects: [...this.schema.objects.values()].map((o) => ({
                    name: o.name,
                    keyPrefix: o.keyPrefix,
                    custom: o.custom,
                    queryable: true
                }))
            });
        }
        const object = this.store.object(objectName);
        if (idOrField === 'describe') {
            return this.send(res, 200, {
                name: object.name,
                keyPrefix: object.keyPrefix,
                custom: object.custom,
                fields: [...object.fields.values()].map((f) => ({
                    name: f.name,
                    type: f.type,
                    createable: f.writable,
                    updateable: f.writable && !f.createOnly,
                    filterable: !f.longText,
                    sortable: !f.longText,
                    ...(f.length !== undefined ? { length: f.length } : {}),
                    ...(f.precision !== undefined ? { precision: f.precision, scale: f.scale ?? 0 } : {}),
                    externalId: f.externalId,
                    unique: f.unique,
                    nillable: !f.required,
                    referenceTo: f.referenceTo ?? [],
                    relationshipName: f.relationshipName ?? null,
                    picklistValues: (f.picklistValues ?? []).map((v) => ({
                        value: v,
                        label: v,
                        active: true
                    })),
                    restrictedPicklist: f.restricted ?? false
                }))
            });
        }
        if (!idOrField) {
            if (method !== 'POST')
                throw new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed`);
            const id = this.store.insert(object.name, json());
            return this.send(res, 201, { id, success: true, errors: [] });
        }
        if (value !== undefined) {
            if (method !== 'PATCH')
                throw new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed`);
            const result = this.store.upsert(object.name, idOrField, { ...json(), [idOrField]: value });
            return this.send(res, result.created ? 201 : 200, {
                id: result.id,
                success: true,
                errors: [],
                created: result.created
            });
        }
        const found = this.store.get(idOrField);
        if (!found || found.object !== object || found.record.IsDeleted) {
            throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
        }
        if (method === 'GET') {
            const out: Record<string, unknown> = {
                attributes: {
                    type: object.name,
                    url: `/services/data/v${version}/sobjects/${object.name}/${idOrField}`
                }
            };
            Object.assign(out, found.record);
            return this.send(res, 200, out);
        }
        if (method === 'PATCH') {
            this.store.update(object.name, idOrField, json());
            return this.send(res, 204, undefined);
        }
        if (method === 'DELETE') {
            this.store.delete(object.name, idOrField);
            return this.send(res, 204, undefined);
        }
        throw new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed`);
    }

    /** A row fault for this object and row, consumed once per use (or forever without `times`). */
    private rowFault(object: string, row: Record<string, unknown>): RowFault | undefined {
        const fault = this.rowFaults.find(
            (f) =>
                f.object.toLowerCase() === object.toLowerCase() &&
                (f.times === undefined || f.times > 0) &&
                f.match(row)
        );
        if (fault && fault.times !== undefined) fault.times -= 1;
        return fault;
    }

    private writeOne(
        object: string,
        operation: 'insert' | 'update' | 'upsert' | 'delete',
        row: Record<string, unknown>,
        externalIdField?: string
    ): { id: string; created: boolean } {
        const fault = this.rowFault(object, row);
        if (fault) throw new RecordError(fault.errorCode, fault.message ?? fault.errorCode);
        const { Id, ...fields } = row as { Id?: unknown } & Record<string, unknown>;
        switch (operation) {
            case 'insert':
                return { id: this.store.insert(object, fields), created: true };
            case 'update':
                this.store.update(object, typeof Id === 'string' ? Id : '', fields);
                return { id: String(Id), created: false };
            case 'upsert':
                return this.store.upsert(
                    object,
                    externalIdField ?? 'Id',
                    externalIdField === 'Id' ? row : fields
                );
            case 'delete':
                this.store.delete(object, typeof Id === 'string' ? Id : '');
                return { id: String(Id), created: false };
        }
    }

    private composite(
        res: http.ServerResponse,
        method: string,
        parts: string[],
        url: URL,
        json: () => Record<string, unknown>
    ): void {
        if (method === 'DELETE') {
            const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
            return this.send(
                res,
                200,
                ids.map((id) =>
                    this.compositeResult(() =>
                        this.writeOne(this.store.get(id)?.object.name ?? 'Account', 'delete', { Id: id })
                    )
                )
            );
        }
        const request = json() as {
            allOrNone?: boolean;
            records?: (Record<string, unknown> & { attributes?: { type?: string } })[];
        };
        const records = request.records ?? [];
        if (records.length > 200)
            throw new ApiError(400, 'EXCEEDED_ID_LIMIT', 'record limit exceeded: 200 records per request');
        const [objectForUpsert, externalIdField] = parts;
        const results = records.map((record) => {
            const { attributes, ...row } = record;
            const object = objectForUpsert ?? attributes?.type;
            if (!object)
                return {
                    success: false,
                    errors: [
                        { statusCode: 'INVALID_TYPE', message: 'attributes.type is required', fields: [] }
                    ]
                };
            this.stats.compositeWrites[object] = (this.stats.compositeWrites[object] ?? 0) + 1;
            const operation = method === 'POST' ? 'insert' : externalIdField ? 'upsert' : 'update';
            return this.compositeResult(() => this.writeOne(object, operation, row, externalIdField));
        });
        this.send(res, 200, results);
    }

    /**
     * POST /composite/tree/{sObject} (REST API "sObject Tree"): up to 200 records with a referenceId each,
     * created all-or-nothing; answers the new ids by referenceId, or every record's errors with hasErrors.
     * `sf data tree import` sends its plan through it. Nested child records are not emulated.
     */
    private compositeTree(
        res: http.ServerResponse,
        objectName: string,
        json: () => Record<string, unknown>,
        _version: string
    ): void {
        const object = this.store.object(objectName);
        const records = (json().records ?? []) as (Record<string, unknown> & {
            attributes?: { type?: string; referenceId?: string };
        })[];
        if (!Array.isArray(records) || records.length === 0)
            throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request must contain records');
        if (records.length > 200)
            throw new ApiError(
                400,
                'LIMIT_EXCEEDED',
                'Maximum number of records (200) exceeded in the request'
            );
        const seen = new Set<string>();
        const created: { referenceId: string; id: string }[] = [];
        const failed: { referenceId: string; errors: unknown[] }[] = [];
        for (const record of records) {
            const { attributes, ...fields } = record;
            const referenceId = attributes?.referenceId ?? '';
            const fail = (statusCode: string, message: string, fieldNames: string[] = []): void => {
                failed.push({ referenceId, errors: [{ statusCode, message, fields: fieldNames }] });
            };
            if (!referenceId || seen.has(referenceId)) {
                fail('INVALID_INPUT', `Duplicate or missing referenceId: ${referenceId}`);
                continue;
            }
            seen.add(referenceId);
            if ((attributes?.type ?? '').toLowerCase() !== object.name.toLowerCase()) {
                fail('INVALID_INPUT', `The type ${String(attributes?.type)} does not match ${object.name}`);
                continue;
            }
            const nested = Object.entries(fields).find(
                ([, v]) => v !== null && typeof v === 'object' && 'records' in (v as object)
            );
            if (nested) {
                fail(
                    'INVALID_FIELD',
                    `nested child records (${nested[0]}) are not supported by the emulator`
                );
                continue;
            }
            try {
                created.push({ referenceId, id: this.store.insert(object.name, fields) });
            } catch (error) {
                if (error instanceof RecordError) fail(error.statusCode, error.message, error.fields);
                else if (error instanceof ApiError) fail(error.errorCode, error.message, error.fields);
                else throw error;
            }
        }
        this.stats.compositeWrites[object.name] =
            (this.stats.compositeWrites[object.name] ?? 0) + records.length;
        if (failed.length) {
            // All or nothing: nothing the request created is kept.
            for (const { id } of created) this.store.remove(id);
            return this.send(res, 400, { hasErrors: true, results: failed });
        }
        this.send(res, 201, { hasErrors: false, results: created });
    }

    private compositeResult(write: () => { id: string; created: boolean }): Record<string, unknown> {
        try {
            const { id, created } = write();
            return { id, success: true, errors: [], created };
        } catch (error) {
            if (error instanceof RecordError) return { success: false, errors: [error.toWriteError()] };
            if (error instanceof ApiError)
                return {
                    success: false,
                    errors: [{ statusCode: error.errorCode, message: error.message, fields: error.fields }]
                };
            throw error;
        }
    }

    // ---- Bulk API 2.0 ---------------------------------------------------------------------------------

    private jobInfo(job: IngestJob | QueryJob): Record<string, unknown> {
        const common = {
            id: job.id,
            operation: job.operation,
            object: job.object,
            createdById: this.userId,
            createdDate: job.createdDate,
            systemModstamp: job.createdDate,
            state: job.state,
            concurrencyMode: 'Parallel',
            contentType: 'CSV',
            apiVersion: Number(DEFAULT_API_VERSION),
            lineEnding: job.kind === 'ingest' ? job.lineEnding : 'LF',
            columnDelimiter: 'COMMA'
        };
        if (job.kind === 'query') {
            return {
                ...common,
                jobType: 'V2Query',
                numberRecordsProcessed: job.state === 'JobComplete' ? job.records.length : 0
            };
        }
        return {
            ...common,
            jobType: 'V2Ingest',
            ...(job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
            ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
            numberRecordsProcessed:
                job.state === 'JobComplete' ? job.successful.length + job.failed.length : 0,
            numberRecordsFailed: job.state === 'JobComplete' ? job.failed.length : 0
        };
    }

    private jobOf<K extends 'ingest' | 'query'>(
        kind: K,
        id: string | undefined
    ): Extract<IngestJob | QueryJob, { kind: K }> {
        const job = id ? this.jobs.get(id) : undefined;
        if (!job || job.kind !== kind)
            throw new ApiError(404, 'NOT_FOUND', `The requested resource does not exist`);
        return job as Extract<IngestJob | QueryJob, { kind: K }>;
    }

    /** Answers a status poll: InProgress for the configured number of polls, then the final state. */
    private advance(job: IngestJob | QueryJob): void {
        if (job.state !== 'UploadComplete' && job.state !== 'InProgress') return;
        if (job.pollsLeft > 0) {
            job.pollsLeft -= 1;
            job.state = 'InProgress';
            return;
        }
        if (job.kind === 'ingest') this.processIngest(job);
        else job.state = 'JobComplete';
    }

    private ingest(
        res: http.ServerResponse,
        method: string,
        id: string | undefined,
        sub: string | undefined,
        body: string
    ): void {
        if (!id && method === 'GET') {
            // Get All Jobs (Bulk API 2.0): a client checks for a job whose create response it lost.
            const records = [...this.jobs.values()]
                .filter((j): j is IngestJob => j.kind === 'ingest')
                .map((j) => this.jobInfo(j));
            return this.send(res, 200, { done: true, records, nextRecordsUrl: null });
        }
        if (!id && method === 'POST') {
            const request = JSON.parse(body || '{}') as {
                object?: string;
                operation?: string;
                externalIdFieldName?: string;
                contentType?: string;
                lineEnding?: string;
            };
            const object = this.store.object(request.object ?? '');
            const lineEnding = (request.lineEnding ?? 'LF').toUpperCase();
            if (lineEnding !== 'LF' && lineEnding !== 'CRLF')
                throw new ApiError(400, 'INVALIDJOB', `InvalidJob : Invalid lineEnding: ${lineEnding}`);
            const operation = request.operation as IngestJob['operation'];
            if (!['insert', 'update', 'upsert', 'delete'].includes(operation)) {
                throw new ApiError(
                    400,
                    'INVALIDJOB',
                    `InvalidJob : Invalid operation: ${String(request.operation)}`
                );
            }
            if (operation === 'upsert') {
                const field = object.fields.get((request.externalIdFieldName ?? '').toLowerCase());
                if (!field || !(field.externalId || field.name === 'Id')) {
                    throw new ApiError(
                        400,
                        'INVALIDJOB',
                        `InvalidJob : Field name provided, ${String(request.externalIdFieldName)} is not an External ID or indexed field for ${object.name}`
                    );
                }
            }
            const job: IngestJob = {
                kind: 'ingest',
                id: `750${String(++this.sequence).padStart(12, '0')}AAA`,
                object: object.name,
                operation,
                ...(request.externalIdFieldName ? { externalIdFieldName: request.externalIdFieldName } : {}),
                state: 'Open',
                lineEnding: lineEnding as IngestJob['lineEnding'],
                csv: [],
                pollsLeft: this.options.bulkPollsBeforeComplete ?? 1,
                createdDate: formatDateTime(Date.now()),
                columns: [],
                successful: [],
                failed: [],
                unprocessed: []
            };
            this.jobs.set(job.id, job);
            this.stats.bulkIngestJobs[object.name] = (this.stats.bulkIngestJobs[object.name] ?? 0) + 1;
            return this.send(res, 200, this.jobInfo(job));
        }
        const job = this.jobOf('ingest', id);
        if (sub === 'batches' && method === 'PUT') {
            if (job.state !== 'Open')
                throw new ApiError(409, 'INVALIDJOBSTATE', 'Job is not open for uploads');
            // Bulk API 2.0 takes one upload per ingest job; a second PUT is refused.
            if (job.csv.length > 0)
                throw new ApiError(
                    400,
                    'BULK_API_ERROR',
                    `Found multiple contents for job: <${job.id}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`
                );
            job.csv.push(body);
            return this.send(res, 201, undefined);
        }
        if (!sub && method === 'PATCH') {
            const state = (JSON.parse(body || '{}') as { state?: string }).state;
            if (state === 'UploadComplete') {
                if (job.state !== 'Open')
                    throw new ApiError(409, 'INVALIDJOBSTATE', `Job state ${job.state} cannot be closed`);
                job.state = 'UploadComplete';
            } else if (state === 'Aborted') {
                if (job.state === 'JobComplete' || job.state === 'Failed' || job.state === 'Aborted')
                    throw new ApiError(
                        409,
                        'INVALIDJOBSTATE',
                        `Job state ${job.state} cannot be changed to Aborted`
                    );
                job.state = 'Aborted';
            } else throw new ApiError(400, 'INVALIDJOBSTATE', `Invalid state: ${String(state)}`);
            return this.send(res, 200, this.jobInfo(job));
        }
        if (!sub && method === 'GET') {
            this.advance(job);
            return this.send(res, 200, this.jobInfo(job));
        }
        if (!sub && method === 'DELETE') {
            this.jobs.delete(job.id);
            return this.send(res, 204, undefined);
        }
        if (
            method === 'GET' &&
            (sub === 'successfulResults' || sub === 'failedResults' || sub === 'unprocessedrecords')
        ) {
            if (job.state !== 'JobComplete' && job.state !== 'Failed' && job.state !== 'Aborted') {
                throw new ApiError(400, 'INVALIDJOBSTATE', 'Job is not complete');
            }
            if (sub === 'successfulResults')
                return this.send(res, 200, toCsv(['sf__Id', 'sf__Created', ...job.columns], job.successful));
            if (sub === 'failedResults')
                return this.send(res, 200, toCsv(['sf__Id', 'sf__Error', ...job.columns], job.failed));
            return this.send(res, 200, toCsv(job.columns, job.unprocessed));
        }
        throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    }

    private processIngest(job: IngestJob): void {
        const firstLine = /\r?\n/.exec(job.csv[0] ?? '')?.[0];
        if (firstLine && (firstLine === '\r\n') !== (job.lineEnding === 'CRLF')) {
            job.state = 'Failed';
            job.errorMessage = `ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is ${job.lineEnding}`;
            job.csv = [];
            return;
        }
        const parsed = job.csv.map((text) => parseCsv(text));
        job.columns = parsed[0]?.header ?? [];
        const object = this.store.object(job.object);
        for (const column of job.columns) {
            const base = column.split('.')[0] as string;
            const known = column.includes('.')
                ? [...object.fields.values()].some(
                      (f) => f.relationshipName?.toLowerCase() === base.toLowerCase()
                  )
                : object.fields.has(base.toLowerCase());
            if (!known) {
                job.state = 'Failed';
                job.errorMessage = `InvalidBatch : Field name not found : ${column}`;
                job.unprocessed = parsed.flatMap((p) => p.rows.map((r) => r.record));
                return;
            }
        }
        for (const { rows } of parsed) {
            for (const { record } of rows) {
                // Bulk API semantics: an empty cell leaves the field unchanged, #N/A sets it to null.
                const values = Object.fromEntries(
                    Object.entries(record)
                        .filter(([, v]) => v !== '')
                        .map(([k, v]) => [k, v === '#N/A' ? null : v])
                );
                try {
                    // Bulk API 2.0 limits: 32,000 characters per field, 400,000 per record.
                    const long = Object.entries(record).find(([, v]) => v.length > BULK_FIELD_MAX);
                    if (long)
                        throw new RecordError(
                            'STRING_TOO_LONG',
                            `${long[0]}: a Bulk API field holds at most ${BULK_FIELD_MAX} characters (got ${long[1].length})`,
                            [long[0]]
                        );
                    if (Object.values(record).reduce((n, v) => n + v.length, 0) > BULK_RECORD_MAX)
                        throw new RecordError(
                            'STRING_TOO_LONG',
                            `a Bulk API record holds at most ${BULK_RECORD_MAX} characters`
                        );
                    const { id, created } = this.writeOne(
                        job.object,
                        job.operation,
                        values,
                        job.externalIdFieldName
                    );
                    job.successful.push({ sf__Id: id, sf__Created: String(created), ...record });
                } catch (error) {
                    if (!(error instanceof RecordError) && !(error instanceof ApiError)) throw error;
                    const code = error instanceof RecordError ? error.statusCode : error.errorCode;
                    const fields = error.fields.length ? error.fields.join(', ') : '';
                    job.failed.push({
                        sf__Id: record.Id ?? '',
                        sf__Error: `${code}:${error.message}:${fields ? `--${fields}` : '--'}`,
                        ...record
                    });
                }
            }
        }
        job.state = 'JobComplete';
        job.csv = []; // the upload is processed: free it
    }

    private queryJob(
        res: http.ServerResponse,
        method: string,
        id: string | undefined,
        sub: string | undefined,
        url: URL,
        body: string
    ): void {
        if (!id && method === 'POST') {
            const request = JSON.parse(body || '{}') as { operation?: string; query?: string };
            const operation = request.operation === 'queryAll' ? 'queryAll' : 'query';
            const query = this.store.compile(request.query ?? '');
            if (query.countOnly)
                throw new ApiError(400, 'API_ERROR', 'Aggregate queries are not supported by Bulk API 2.0');
            if (query.offset)
                throw new ApiError(400, 'API_ERROR', 'OFFSET is not supported by Bulk API 2.0 query jobs');
            if (query.object.customMetadata) {
                throw new ApiError(
                    400,
                    'API_ERROR',
                    `Entity type ${query.object.name} is not supported by the Bulk API`
                );
            }
            const records = this.store.run(query, operation === 'queryAll');
            const job: QueryJob = {
                kind: 'query',
                id: `750${String(++this.sequence).padStart(12, '0')}QQQ`,
                object: query.object.name,
                operation,
                query: request.query ?? '',
                state: 'UploadComplete',
                pollsLeft: this.options.bulkPollsBeforeComplete ?? 1,
                createdDate: formatDateTime(Date.now()),
                columns: this.store.columns(query),
                records,
                compiled: query
            };
            this.jobs.set(job.id, job);
            this.stats.bulkQueryJobs[job.object] = (this.stats.bulkQueryJobs[job.object] ?? 0) + 1;
            return this.send(res, 200, this.jobInfo(job));
        }
        const job = this.jobOf('query', id);
        if (!sub && method === 'GET') {
            this.advance(job);
            return this.send(res, 200, this.jobInfo(job));
        }
        if (!sub && method === 'PATCH') {
            job.state = 'Aborted';
            return this.send(res, 200, this.jobInfo(job));
        }
        if (!sub && method === 'DELETE') {
            this.jobs.delete(job.id);
            return this.send(res, 204, undefined);
        }
        if (sub === 'results' && method === 'GET') {
            if (job.state !== 'JobComplete')
                throw new ApiError(400, 'INVALIDJOBSTATE', 'Job is not complete');
            const start = Number(url.searchParams.get('locator') ?? '0') || 0;
            const size =
                Number(url.searchParams.get('maxRecords') ?? '') || this.options.bulkQueryPageSize || 50_000;
            const slice = job.records
                .slice(start, start + size)
                .map((r) => this.store.toFlat(job.compiled, r));
            const next = start + slice.length < job.records.length ? String(start + slice.length) : 'null';
            const csv = toCsv(
                job.columns,
                slice.map((row) =>
                    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : v]))
                )
            );
            return this.send(res, 200, csv, {
                'Sforce-Locator': next,
                'Sforce-NumberOfRecords': String(slice.length)
            });
        }
        throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    }

    /** All records of an object, for tests and the demo (not an API call). */
    records(object: string): StoredRecord[] {
        return [...this.store.table(this.store.object(object)).values()].filter((r) => r.IsDeleted !== true);
    }
}
