/**
 * The run history in the org: every sync and usage push writes one Health_Sync_Run__c record (start, end, as-of,
 * model version, counts, API requests, exit code, a short error), and the record is the run lock.
 *
 * The lock: a run first upserts its own record with Status Running, then reads every Running record. The
 * earliest one (by the org's auto-number, i.e. the order the org created them) holds the lock; every later one
 * marks itself Refused and exits 7 (RUN_LOCKED). Reading after writing means two runs that start together
 * both see each other and agree on one winner. A Running record older than the stale-lock timeout (the process
 * died without closing it) is marked Abandoned and no longer holds the lock.
 *
 * Writes are upserts by Run_Key__c (a random UUID), so a retried request never creates a second record.
 */
import * as crypto from 'node:crypto';
import * as os from 'node:os';
import { SalesforceClient } from '../salesforce/client';
import type { FlatRecord } from '../salesforce/client';
import { ExitCode, HealthScoreError, redact } from '../salesforce/errors';

export const RUN_OBJECT = 'Health_Sync_Run__c';
export const RUN_KEY_FIELD = 'Run_Key__c';
/** Exit code of a run refused because another one holds the lock (docs/sync.md "Exit codes"). */
export const LOCKED_EXIT_CODE = ExitCode.Locked;
/** A Running record older than this (minutes) is a stale lock: its process died. */
export const DEFAULT_LOCK_TIMEOUT_MINUTES = 240;
export const ERROR_MAX_LENGTH = 255;

export type RunKind = 'Sync' | 'Usage Push';
export type RunStatus = 'Running' | 'Succeeded' | 'Partial' | 'Failed' | 'Refused' | 'Abandoned';

/** API requests: the run's total including the closing write of its record (hence the + 1 where it is filled). */
export interface RunOutcome {
    exitCode: number;
    asOf?: string | null;
    modelVersion?: string | null;
    accountsScored?: number | null;
    rowsWritten?: number | null;
    failedRows?: number | null;
    snapshotsDeleted?: number | null;
    apiRequests?: number | null;
    error?: string | null;
}

export class RunLockedError extends HealthScoreError {
    constructor(message: string, hint: string) {
        super('RUN_LOCKED', message, hint, ExitCode.Locked);
        this.name = 'RunLockedError';
    }
}

export function statusForExitCode(exitCode: number): RunStatus {
    if (exitCode === ExitCode.Ok) return 'Succeeded';
    if (exitCode === ExitCode.Partial) return 'Partial';
    if (exitCode === LOCKED_EXIT_CODE) return 'Refused';
    return 'Failed';
}

/** One line, no secrets, at most 255 characters (the field's length). */
export function shortError(text: string | null | undefined): string | null {
    if (!text) return null;
    const line = redact(text).replace(/\s+/g, ' ').trim();
    return line.length > ERROR_MAX_LENGTH ? `${line.slice(0, ERROR_MAX_LENGTH - 1)}…` : line;
}

export interface StartRunOptions {
    client: SalesforceClient;
    kind: RunKind;
    asOf?: string;
    /** Minutes after which another run's Running record is stale (default 240). */
    lockTimeoutMinutes?: number;
    now?: () => Date;
    /** Where this run executes, for the Host__c field (default host name and process id). */
    host?: string;
    notice?: (message: string) => void;
}

export interface RunHandle {
    key: string;
    kind: RunKind;
    startedAt: string;
    /** Closes the record: Status from the exit code, Finished_At, counts and the short error. Never throws. */
    finish(outcome: RunOutcome): Promise<void>;
}

interface RunningRecord {
    key: string;
    name: string;
    kind: string;
    host: string;
    startedAt: string;
}

const restClients = new WeakMap<SalesforceClient, SalesforceClient>();

/**
 * The run record is one row: always REST (a Bulk job would cost six requests for it), on the command's own
 * connection. Its requests are counted apart and added to the run's total (runRequests).
 */
function restClient(client: SalesforceClient): SalesforceClient {
    let rest = restClients.get(client);
    if (!rest) {
        // Same retry policy, request timeout and notices as the command's client (TypeScript's escape hatch for a
        // private member: the client keeps its options private), only never Bulk.
        rest = new SalesforceClient(client.connection, {
            ...client['options'],
            bulkThreshold: 10_000
        });
        restClients.set(client, rest);
    }
    return rest;
}

/** API requests of a command: its client's plus those of its run record. */
export function runRequests(client: SalesforceClient): number {
    return client.requests + (restClients.get(client)?.requests ?? 0);
}

/** The auto-number's digits ("RUN-000123" → 123), so ordering survives a wider number. */
function sequence(name: string): number {
    const digits = /(\d+)\s*$/.exec(name);
    return digits ? Number(digits[1]) : Number.MAX_SAFE_INTEGER;
}

async function readRunning(client: SalesforceClient): Promise<RunningRecord[]> {
    const running: RunningRecord[] = [];
    for await (const page of restClient(client).query(
        `SELECT Name, ${RUN_KEY_FIELD}, Kind__c, Host__c, Started_At__c FROM ${RUN_OBJECT} WHERE Status__c = 'Running'`,
        { object: RUN_OBJECT, rest: true }
    ))
        for (const r of page)
            running.push({
                key: String(r[RUN_KEY_FIELD] ?? ''),
                name: String(r.Name ?? ''),
                kind: String(r.Kind__c ?? ''),
                host: String(r.Host__c ?? ''),
                startedAt: String(r.Started_At__c ?? '')
            });
    return running.sort((a, b) => sequence(a.name) - sequence(b.name) || a.key.localeCompare(b.key));
}

async function upsertRun(client: SalesforceClient, row: FlatRecord): Promise<void> {
    const result = await restClient(client).write(RUN_OBJECT, 'upsert', [row], RUN_KEY_FIELD);
    const failure = result.failures[0];
    if (failure)
        throw new HealthScoreError(
            failure.errorCode,
            `could not write the run record (${RUN_OBJECT}): ${failure.message}`,
            'deploy the package metadata (sf project deploy start) and assign the Account_Health_Integration permission set to the sync user; health-score doctor checks both',
            ExitCode.Org
        );
}

/**
 * Records the start of a run and takes the lock. Throws RunLockedError (exit 7) after marking this run Refused
 * when an earlier, fresh Running record exists.
 */
export async function startRun(options: StartRunOptions): Promise<RunHandle> {
    const now = options.now ?? (() => new Date());
    const { client, kind } = options;
    const key = crypto.randomUUID();
    const startedAt = now().toISOString();
    const timeoutMinutes = options.lockTimeoutMinutes ?? DEFAULT_LOCK_TIMEOUT_MINUTES;
    await upsertRun(client, {
        [RUN_KEY_FIELD]: key,
        Kind__c: kind,
        Status__c: 'Running',
        Started_At__c: startedAt,
        Host__c: shortError(options.host ?? `${os.hostname()} pid ${process.pid}`),
        ...(options.asOf ? { As_Of__c: options.asOf } : {})
    });
    const handle: RunHandle = {
        key,
        kind,
        startedAt,
        finish: async (outcome) => {
            try {
                await upsertRun(client, {
                    [RUN_KEY_FIELD]: key,
                    Status__c: statusForExitCode(outcome.exitCode),
                    Finished_At__c: now().toISOString(),
                    Exit_Code__c: outcome.exitCode,
                    Error__c: shortError(outcome.error),
                    ...(outcome.asOf !== undefined ? { As_Of__c: outcome.asOf } : {}),
                    ...(outcome.modelVersion !== undefined
                        ? { Model_Version__c: outcome.modelVersion?.slice(0, 40) ?? null }
                        : {}),
                    ...(outcome.accountsScored !== undefined
                        ? { Accounts_Scored__c: outcome.accountsScored }
                        : {}),
                    ...(outcome.rowsWritten !== undefined ? { Rows_Written__c: outcome.rowsWritten } : {}),
                    ...(outcome.failedRows !== undefined ? { Failed_Rows__c: outcome.failedRows } : {}),
                    ...(outcome.snapshotsDeleted !== undefined
                        ? { Snapshots_Deleted__c: outcome.snapshotsDeleted }
                        : {}),
                    ...(outcome.apiRequests !== undefined ? { API_Requests__c: outcome.apiRequests } : {})
                });
            } catch (error) {
                // The run's own exit code matters more than its record: say so, never mask it.
                options.notice?.(
                    `could not close the run record ${key}: ${shortError(error instanceof Error ? error.message : String(error))}`
                );
            }
        }
    };
    const staleBefore = now().getTime() - timeoutMinutes * 60_000;
    const fresh: RunningRecord[] = [];
    try {
        for (const other of await readRunning(client)) {
            const started = Date.parse(other.startedAt);
            if (other.key !== key && (Number.isNaN(started) || started < staleBefore)) {
                await upsertRun(client, {
                    [RUN_KEY_FIELD]: other.key,
                    Status__c: 'Abandoned',
                    Finished_At__c: now().toISOString(),
                    Error__c: shortError(
                        `stale lock: Running since ${other.startedAt || 'an unknown time'}, longer than ${timeoutMinutes} minutes; taken over by ${kind} run ${key}`
                    )
                });
                options.notice?.(
                    `took over a stale run lock: ${other.name} (${other.kind} on ${other.host || 'an unknown host'}) was Running since ${other.startedAt}, longer than ${timeoutMinutes} minutes; it is now Abandoned`
                );
                continue;
            }
            fresh.push(other);
        }
    } catch (error) {
        // Never leave this run's Running record behind when the lock could not be read: it would lock out the
        // next run until the timeout.
        await handle.finish({
            exitCode: ExitCode.Org,
            error: `could not read the run lock: ${error instanceof Error ? error.message : String(error)}`
        });
        throw error;
    }
    const holder = fresh[0];
    if (holder && holder.key !== key) {
        const message = `another run holds the lock: ${holder.name} (${holder.kind} on ${holder.host || 'an unknown host'}, Running since ${holder.startedAt}); two runs at once would leave stale values`;
        await handle.finish({ exitCode: LOCKED_EXIT_CODE, error: message, asOf: options.asOf ?? null });
        throw new RunLockedError(
            message,
            `wait for it to finish and rerun (exit ${LOCKED_EXIT_CODE} is safe to retry later); if that process died, its lock expires after ${timeoutMinutes} minutes (--lock-timeout-minutes), or delete the Running record in the Health Sync Runs tab`
        );
    }
    return handle;
}

/**
 * Runs `work` inside a run record: takes the lock (unless dryRun: a dry run writes nothing, not even its
 * record), closes the record with the outcome, or with the error's exit code and message when `work` throws
 * (the error is re-thrown for the command to report).
 */
export async function recordedRun<T extends { exitCode: number }>(
    options: StartRunOptions & {
        dryRun: boolean;
        classify: (error: unknown) => { exitCode: number; code: string; message: string };
    },
    work: () => Promise<T>,
    outcome: (result: T) => Omit<RunOutcome, 'exitCode' | 'apiRequests'>
): Promise<T> {
    if (options.dryRun) return work();
    const run = await startRun(options);
    let result: T;
    try {
        result = await work();
    } catch (error) {
        const failure = options.classify(error);
        await run.finish({
            exitCode: failure.exitCode,
            error: `${failure.code}: ${failure.message}`,
            apiRequests: runRequests(options.client) + 1
        });
        throw error;
    }
    await run.finish({
        exitCode: result.exitCode,
        ...outcome(result),
        apiRequests: runRequests(options.client) + 1
    });
    return result;
}
