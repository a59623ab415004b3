/**
 * What the sync-side commands (sync, usage push, start) share: flag parsing, connecting to the org through the
 * Salesforce seam, and turning any error into a message with a fix-it hint and an exit code.
 */
import { connect } from '../salesforce/auth';
import type { Session } from '../salesforce/auth';
import { authFailure } from '../salesforce/auth';
import { SalesforceClient, setRequestTimeout } from '../salesforce/client';
import type { ClientOptions } from '../salesforce/client';
import { ExitCode, HealthScoreError, UsageError, errorCodeOf, redact } from '../salesforce/errors';
import { terminalSafe } from './terminal';
import { defaultRequestTimeoutMs, defaultRetryOptions, isTransient } from '../salesforce/retry';

export interface CommandIO {
    stdout: { write(text: string): boolean; isTTY?: boolean };
    stderr: { write(text: string): boolean; isTTY?: boolean };
    env: NodeJS.ProcessEnv;
}

export const processIO = (): CommandIO => ({
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env
});

export type FlagSpec = Record<string, 'string' | 'boolean'>;
export type Flags = Record<string, string | boolean | undefined>;

/** `--name value`, `--name=value` and boolean `--flag`; unknown flags are an error naming the flag. */
export function parseFlags(
    argv: readonly string[],
    spec: FlagSpec,
    command: string
): { flags: Flags; positionals: string[] } {
    const flags: Flags = {};
    const positionals: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] as string;
        if (!arg.startsWith('--')) {
            positionals.push(arg);
            continue;
        }
        const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
        const type = spec[name];
        if (!type)
            throw new UsageError(
                'UNKNOWN_FLAG',
                `${command}: unknown flag --${name}`,
                `see health-score ${command} --help`
            );
        if (type === 'boolean') {
            flags[name] = inline === undefined ? true : inline !== 'false';
            continue;
        }
        const value = inline ?? argv[++i];
        if (value === undefined || (inline === undefined && value.startsWith('--'))) {
            throw new UsageError(
                'FLAG_VALUE_MISSING',
                `${command}: --${name} needs a value`,
                `see health-score ${command} --help`
            );
        }
        flags[name] = value;
    }
    return { flags, positionals };
}

export function intFlag(flags: Flags, name: string, fallback: number): number {
    const raw = flags[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0)
        throw new UsageError(
            'BAD_NUMBER',
            `--${name} must be a whole number >= 0, got ${String(raw)}`,
            `e.g. --${name} ${fallback}`
        );
    return n;
}

export function dateFlag(flags: Flags, name: string, fallback: string): string {
    const raw = flags[name];
    if (raw === undefined) return fallback;
    const value = String(raw);
    if (
        !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
        Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
        new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
    ) {
        throw new UsageError(
            'BAD_DATE',
            `--${name} must be a date YYYY-MM-DD, got ${value}`,
            `e.g. --${name} 2026-11-20`
        );
    }
    return value;
}

/** Flags every org-facing command accepts. */
export const ORG_FLAGS: FlagSpec = {
    'target-org': 'string',
    'client-id': 'string',
    'jwt-key-file': 'string',
    username: 'string',
    'login-url': 'string',
    'api-version': 'string',
    'bulk-threshold': 'string',
    'poll-interval': 'string',
    json: 'boolean',
    help: 'boolean'
};

export const ORG_FLAGS_HELP = `Org (one of):
  --target-org <alias|username>  an org logged in with the sf CLI (sf org login web|jwt|access-token)
  --client-id, --jwt-key-file, --username [--login-url]   OAuth JWT bearer (or SF_CLIENT_ID, SF_JWT_KEY_FILE, SF_USERNAME, SF_LOGIN_URL)
  SF_ACCESS_TOKEN + SF_INSTANCE_URL   an access token from the environment
Tuning:
  --bulk-threshold <rows>   above this many rows reads and writes use Bulk API 2.0 (default 2000; 0 = always)
  --poll-interval <ms>      Bulk job status poll interval (default 2000)
  --json                    machine-readable result on stdout (progress stays on stderr)`;

export const LOCK_FLAGS_HELP = `Run history and lock (every run writes a Health_Sync_Run__c record; a Running one is the lock):
  --lock-timeout-minutes <n>  another run's Running record older than this is a stale lock and is taken over
                              (default 240; or HEALTH_SCORE_LOCK_TIMEOUT_MINUTES)`;

export function lockTimeoutMinutes(flags: Flags, env: NodeJS.ProcessEnv): number {
    const fromEnv = env.HEALTH_SCORE_LOCK_TIMEOUT_MINUTES;
    return intFlag(
        flags['lock-timeout-minutes'] === undefined && fromEnv !== undefined && fromEnv !== ''
            ? { 'lock-timeout-minutes': fromEnv }
            : flags,
        'lock-timeout-minutes',
        240
    );
}

export async function openClient(
    flags: Flags,
    io: CommandIO,
    onNotice: (message: string) => void
): Promise<{ session: Session; client: SalesforceClient }> {
    const requestTimeoutMs = defaultRequestTimeoutMs(io.env);
    setRequestTimeout(requestTimeoutMs, io.env);
    const session = await connect({
        ...(flags['target-org'] ? { targetOrg: String(flags['target-org']) } : {}),
        ...(flags['client-id'] ? { clientId: String(flags['client-id']) } : {}),
        ...(flags['jwt-key-file'] ? { jwtKeyFile: String(flags['jwt-key-file']) } : {}),
        ...(flags.username ? { username: String(flags.username) } : {}),
        ...(flags['login-url'] ? { loginUrl: String(flags['login-url']) } : {}),
        ...(flags['api-version'] ? { apiVersion: String(flags['api-version']) } : {}),
        env: io.env,
        onWarning: (message) => io.stderr.write(`warning: ${terminalSafe(redact(message))}\n`)
    });
    const options: ClientOptions = {
        bulkThreshold: intFlag(flags, 'bulk-threshold', Number(io.env.HEALTH_SCORE_BULK_THRESHOLD) || 2000),
        pollIntervalMs: intFlag(flags, 'poll-interval', Number(io.env.HEALTH_SCORE_POLL_INTERVAL_MS) || 2000),
        retry: defaultRetryOptions(io.env),
        requestTimeoutMs,
        onNotice
    };
    return { session, client: new SalesforceClient(session.connection, options) };
}

/** Prints an error (never a token) with its hint and returns the exit code a scheduler can act on. */
export function reportError(
    error: unknown,
    io: CommandIO,
    json: boolean,
    session?: Pick<Session, 'method' | 'describe'>
): number {
    const failure = classifyError(error, session);
    if (json)
        io.stdout.write(
            `${JSON.stringify({ ok: false, error: { code: failure.code, message: redact(failure.message), hint: failure.hint }, exitCode: failure.exitCode })}\n`
        );
    io.stderr.write(
        terminalSafe(`error ${failure.code}: ${redact(failure.message)}\n  fix: ${redact(failure.hint)}\n`)
    );
    return failure.exitCode;
}

/** Any error as a HealthScoreError: its code, message, fix-it hint and exit code (the run record uses it too). */
export function classifyError(
    error: unknown,
    session?: Pick<Session, 'method' | 'describe'>
): HealthScoreError {
    let failure: HealthScoreError;
    const auth = session ? authFailure(error, session) : undefined;
    if (error instanceof HealthScoreError) failure = error;
    else if (auth) failure = auth;
    else if (errorCodeOf(error) === 'INVALID_FIELD' || errorCodeOf(error) === 'INVALID_TYPE') {
        failure = new HealthScoreError(
            errorCodeOf(error) ?? 'ORG',
            redact(error instanceof Error ? error.message : String(error)),
            'deploy the package metadata (sf project deploy start) and assign the Account_Health_Integration permission set to the sync user',
            ExitCode.Org
        );
    } else if (isTransient(error)) {
        failure = new HealthScoreError(
            errorCodeOf(error) ?? 'TRANSIENT',
            `the org kept failing after retries: ${redact(error instanceof Error ? error.message : String(error))}`,
            'rerun later: the sync is idempotent',
            ExitCode.Org
        );
    } else if (errorCodeOf(error) && /^[A-Z_]+$/.test(errorCodeOf(error) ?? '')) {
        failure = new HealthScoreError(
            errorCodeOf(error) ?? 'ORG',
            redact(error instanceof Error ? error.message : String(error)),
            'see the Salesforce error code above',
            ExitCode.Org
        );
    } else {
        failure = new HealthScoreError(
            'INTERNAL',
            redact(error instanceof Error ? (error.stack ?? error.message) : String(error)),
            'this is a bug: please report it with the command you ran',
            ExitCode.Internal
        );
    }
    return failure;
}
