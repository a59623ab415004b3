/**
 * Typed errors of the Salesforce seam and the commands built on it. Each carries a stable code, a fix-it hint
 * and the process exit code a scheduler can act on (see docs/sync.md "Exit codes").
 */
export const ExitCode = {
    Ok: 0,
    /** A bug or an unexpected failure. */
    Internal: 1,
    /** Bad flags or an unreadable input file: fix the command line. */
    Usage: 2,
    /** No credentials, or the org rejected them (expired or wrong token, JWT refused): re-authenticate. */
    Auth: 3,
    /** Too few daily API requests left in the org: run later or raise --min-api-requests. */
    Budget: 4,
    /** Finished, but some rows failed or were rejected: see the results/rejects file, fix, rerun. */
    Partial: 5,
    /** The org refused the work (schema not deployed, permission, job failed) or transient errors outlasted the retries. */
    Org: 6,
    /** Another sync or usage push holds the run lock (Health_Sync_Run__c Running): retry later. */
    Locked: 7
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class HealthScoreError extends Error {
    constructor(
        readonly code: string,
        message: string,
        readonly hint: string,
        readonly exitCode: ExitCode
    ) {
        super(message);
        this.name = 'HealthScoreError';
    }
}

export class AuthError extends HealthScoreError {
    constructor(code: string, message: string, hint: string) {
        super(code, message, hint, ExitCode.Auth);
        this.name = 'AuthError';
    }
}

export class UsageError extends HealthScoreError {
    constructor(code: string, message: string, hint: string) {
        super(code, message, hint, ExitCode.Usage);
        this.name = 'UsageError';
    }
}

export class OrgError extends HealthScoreError {
    constructor(code: string, message: string, hint: string) {
        super(code, message, hint, ExitCode.Org);
        this.name = 'OrgError';
    }
}

/** The error code of a jsforce/HTTP/network error, or undefined. */
export function errorCodeOf(error: unknown): string | undefined {
    if (typeof error !== 'object' || error === null) return undefined;
    const e = error as { errorCode?: unknown; name?: unknown; code?: unknown };
    if (typeof e.errorCode === 'string') return e.errorCode;
    if (typeof e.code === 'string') return e.code;
    if (typeof e.name === 'string' && /^[A-Z_0-9]+$/.test(e.name)) return e.name;
    return undefined;
}

/** The HTTP status of the response an error came from (attached by the client), or undefined. */
export function httpStatusOf(error: unknown): number | undefined {
    if (typeof error !== 'object' || error === null) return undefined;
    const status = (error as { statusCode?: unknown }).statusCode;
    return typeof status === 'number' ? status : undefined;
}

/** A request that got no answer within the request timeout: a hung connection, treated as transient. */
export class RequestTimeoutError extends Error {
    readonly code = 'REQUEST_TIMEOUT';
    constructor(what: string, timeoutMs: number) {
        super(`no response to ${what} within ${Math.round(timeoutMs / 1000)} s (request timeout)`);
        this.name = 'RequestTimeoutError';
    }
}

/** Strips anything that looks like a session token from a message before it is printed or written. */
export function redact(text: string): string {
    return text
        .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@:]*:[^/\s@]*@/gi, '$1[redacted]@')
        .replace(/00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]+/g, '00D…![redacted]')
        .replace(/(Bearer|OAuth)\s+[A-Za-z0-9!._-]+/gi, '$1 [redacted]')
        .replace(/(access_token|assertion)=[^&\s"]+/gi, '$1=[redacted]');
}
