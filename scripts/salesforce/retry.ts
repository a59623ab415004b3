/**
 * THE retry policy of the Salesforce seam (one policy for every request): exponential backoff and jitter for the
 * errors a Salesforce integration is expected to ride out: REQUEST_LIMIT_EXCEEDED (concurrency),
 * UNABLE_TO_LOCK_ROW, any HTTP 5xx (classified by status, whatever the body's error code, e.g. 500
 * UNKNOWN_EXCEPTION), network resets and requests that outlast the request timeout (a hung connection).
 */
import { errorCodeOf, httpStatusOf } from './errors';

export interface RetryOptions {
    /** Total attempts including the first (default 5). */
    attempts: number;
    /** Delay before the first retry in ms; doubles each time, capped at maxDelayMs (default 1000). */
    baseDelayMs: number;
    maxDelayMs: number;
    /** Told about every retry (for progress lines). */
    onRetry?: (info: {
        attempt: number;
        attempts: number;
        code: string;
        delayMs: number;
        what: string;
    }) => void;
    sleep?: (ms: number) => Promise<void>;
}

export const TRANSIENT_CODES = new Set([
    'REQUEST_LIMIT_EXCEEDED',
    'UNABLE_TO_LOCK_ROW',
    'SERVER_UNAVAILABLE',
    'SERVICE_UNAVAILABLE',
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EPIPE',
    'UND_ERR_SOCKET',
    'EAI_AGAIN',
    'REQUEST_TIMEOUT'
]);

export function isTransient(error: unknown): boolean {
    const code = errorCodeOf(error);
    if (code && (TRANSIENT_CODES.has(code) || /^ERROR_HTTP_5\d\d$/.test(code))) return true;
    const status = httpStatusOf(error);
    if (status !== undefined && status >= 500 && status <= 599) return true;
    const message = error instanceof Error ? error.message : String(error);
    return /socket hang up|ECONNRESET|network timeout|aborted due to timeout/i.test(message);
}

/** How long one request may wait for its response before it counts as a hung connection (a transient error). */
export const defaultRequestTimeoutMs = (env: NodeJS.ProcessEnv = process.env): number =>
    Number(env.HEALTH_SCORE_REQUEST_TIMEOUT_MS) || 120_000;

export const defaultRetryOptions = (env: NodeJS.ProcessEnv = process.env): RetryOptions => ({
    attempts: Number(env.HEALTH_SCORE_RETRY_ATTEMPTS) || 5,
    baseDelayMs: Number(env.HEALTH_SCORE_RETRY_BASE_MS) || 1000,
    maxDelayMs: 30_000
});

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(
    what: string,
    operation: () => Promise<T>,
    options: RetryOptions
): Promise<T> {
    const sleep = options.sleep ?? realSleep;
    for (let attempt = 1; ; attempt++) {
        try {
            return await operation();
        } catch (error) {
            if (attempt >= options.attempts || !isTransient(error)) throw error;
            const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
            const delayMs = Math.round(exponential / 2 + Math.random() * (exponential / 2));
            options.onRetry?.({
                attempt,
                attempts: options.attempts,
                code: errorCodeOf(error) ?? 'NETWORK',
                delayMs,
                what
            });
            await sleep(delayMs);
        }
    }
}
