/**
 * `health-score sync --target-org X [--as-of D] [--dry-run] [--json]`: a thin wrapper over runSync.
 */
import * as fs from 'node:fs';
import { parseModelConfig } from '../../engine';
import { ExitCode, UsageError, redact } from '../../salesforce/errors';
import type { Session } from '../../salesforce/auth';
import {
    LOCK_FLAGS_HELP,
    ORG_FLAGS,
    ORG_FLAGS_HELP,
    classifyError,
    dateFlag,
    lockTimeoutMinutes,
    intFlag,
    openClient,
    parseFlags,
    processIO,
    reportError
} from '../../sync/commandline';
import type { CommandIO } from '../../sync/commandline';
import { assertNotInput, failedRowsPath } from '../../sync/failedRows';
import { Progress, silentProgress } from '../../sync/progress';
import { formatSummary } from '../../sync/report';
import { recordedRun } from '../../sync/runHistory';
import { runSync } from '../../sync/sync';
import { valueMapProblems } from '../../sync/mapping';
import type { ValueMap } from '../../sync/mapping';
import type { SyncSummary } from '../../sync/sync';

export const SYNC_USAGE = `health-score sync --target-org <alias> [--as-of YYYY-MM-DD] [--dry-run] [--json]

Scores every account in the org and writes back only what changed: Account and Contact health fields,
and one Account_Health_Snapshot__c per account per as-of date (rerun = no new writes).

  --as-of <date>            score as of this date (default: today, UTC)
  --dry-run                 read and score, print what would change, write nothing
  --model <file.json>       use this model configuration instead of the org's active Health_Model__mdt
                            (may carry "valueMap", as --value-map)
  --value-map <file.json>   org picklist values the model does not know -> model values, e.g.
                            {"Contact.Buying_Role__c": {"Champion": "Influencer"}} (docs/model-configuration.md)
  --min-api-requests <n>    refuse to start with fewer daily API requests left (default 1000)
  --lookback-days <n>       read activities/cases/usage this many days back (default 730)
  --results-dir <dir>       where the failed-rows file sync-failed-<as-of>.csv goes (default reports/; if the
                            folder cannot be written, a folder under the temp dir, named in the output)
  --no-retention            do not compact old snapshots this run (daily 90 d, weekly to 365 d, monthly after;
                            Retention_*_Days__c in Health_Model__mdt; docs/operations.md)
  --quiet                   no progress output
${LOCK_FLAGS_HELP}
${ORG_FLAGS_HELP}

Exit codes: 0 ok, 1 internal error, 2 bad usage, 3 authentication, 4 too few API requests left,
5 finished with failed rows (see the results file), 6 org refused or transient errors outlasted retries,
7 another sync or usage push is running (the run lock): retry later.
`;

export interface SyncRun {
    exitCode: number;
    summary?: SyncSummary;
}

/** Runs the sync command; returns the summary too so `start` can reuse it. */
export async function runSyncCommand(argv: readonly string[], io: CommandIO = processIO()): Promise<SyncRun> {
    let json = argv.includes('--json');
    let session: Session | undefined;
    try {
        const { flags } = parseFlags(
            argv,
            {
                ...ORG_FLAGS,
                'as-of': 'string',
                'dry-run': 'boolean',
                model: 'string',
                'value-map': 'string',
                'min-api-requests': 'string',
                'lookback-days': 'string',
                'results-dir': 'string',
                'lock-timeout-minutes': 'string',
                'no-retention': 'boolean',
                quiet: 'boolean'
            },
            'sync'
        );
        json = flags.json === true;
        if (flags.help) {
            io.stdout.write(SYNC_USAGE);
            return { exitCode: ExitCode.Ok };
        }
        const asOf = dateFlag(flags, 'as-of', new Date().toISOString().slice(0, 10));
        let model: { config: ReturnType<typeof parseModelConfig>; source: string } | undefined;
        let valueMap: ValueMap = {};
        if (flags.model) {
            const file = String(flags.model);
            let raw: unknown;
            try {
                raw = JSON.parse(fs.readFileSync(file, 'utf8'));
            } catch (error) {
                throw new UsageError(
                    'MODEL_FILE_UNREADABLE',
                    `cannot read model file ${file}: ${error instanceof Error ? error.message : String(error)}`,
                    'pass a JSON file of model configuration keys (docs/model-configuration.md)'
                );
            }
            if (raw && typeof raw === 'object' && 'valueMap' in raw) {
                const { valueMap: fromModel, ...rest } = raw as { valueMap?: unknown };
                valueMap = checkedValueMap(fromModel, file);
                raw = rest;
            }
            try {
                model = { config: parseModelConfig(raw, file), source: file };
            } catch (error) {
                throw new UsageError(
                    'MODEL_FILE_INVALID',
                    error instanceof Error ? error.message : String(error),
                    'fix the model file: keys and rules are in docs/model-configuration.md'
                );
            }
        }
        if (typeof flags['value-map'] === 'string') {
            const file = flags['value-map'];
            let raw: unknown;
            try {
                raw = JSON.parse(fs.readFileSync(file, 'utf8'));
            } catch (error) {
                throw new UsageError(
                    'VALUE_MAP_UNREADABLE',
                    `cannot read value map ${file}: ${error instanceof Error ? error.message : String(error)}`,
                    'pass a JSON file such as {"Contact.Buying_Role__c": {"Champion": "Influencer"}}'
                );
            }
            valueMap = { ...valueMap, ...checkedValueMap(raw, file) };
        }
        const resultsDir = typeof flags['results-dir'] === 'string' ? flags['results-dir'] : 'reports';
        // Before any work: the failed-rows file must never overwrite an input.
        assertNotInput(failedRowsPath(resultsDir, asOf), [model?.source]);
        const progress = flags.quiet ? silentProgress : new Progress(io.stderr);
        const opened = await openClient(flags, io, (message) => progress.note(message));
        session = opened.session;
        const dryRun = flags['dry-run'] === true;
        const described = session;
        const summary = await recordedRun(
            {
                client: opened.client,
                kind: 'Sync',
                asOf,
                dryRun,
                lockTimeoutMinutes: lockTimeoutMinutes(flags, io.env),
                notice: (message) => progress.note(message),
                classify: (error) => classifyError(error, described)
            },
            () =>
                runSync({
                    client: opened.client,
                    org: described.describe,
                    asOf,
                    dryRun,
                    ...(model ? { model } : {}),
                    minApiRequests: intFlag(flags, 'min-api-requests', 1000),
                    lookbackDays: intFlag(flags, 'lookback-days', 730),
                    valueMap,
                    resultsDir,
                    retention: flags['no-retention'] !== true,
                    progress
                }),
            (result) => ({
                asOf: result.asOf,
                modelVersion: result.model.version,
                accountsScored: result.accountsScored,
                rowsWritten:
                    result.rows.Account + result.rows.Contact + result.rows.Account_Health_Snapshot__c,
                failedRows: result.failedRows,
                snapshotsDeleted: result.retention?.deleted ?? null,
                error: result.failedRows
                    ? `${result.failedRows} row(s) failed (${Object.entries(result.failuresByCode)
                          .map(([code, n]) => `${code} ${n}`)
                          .join(', ')}); see ${result.resultsFile ?? 'the results file'}`
                    : result.retention?.failed
                      ? `${result.retention.failed} old snapshot(s) could not be deleted (${result.retention.failures[0]?.errorCode ?? ''})`
                      : null
            })
        );
        io.stdout.write(
            json
                ? `${redact(JSON.stringify({ ok: summary.exitCode === ExitCode.Ok, ...summary }))}\n`
                : formatSummary(summary)
        );
        return { exitCode: summary.exitCode, summary };
    } catch (error) {
        return { exitCode: reportError(error, io, json, session) };
    }
}

export async function syncCommand(argv: readonly string[], io: CommandIO = processIO()): Promise<number> {
    return (await runSyncCommand(argv, io)).exitCode;
}

if (require.main === module) {
    void syncCommand(process.argv.slice(2)).then((code) => process.exit(code));
}

/** A value map from a file, or a usage error naming every problem. */
function checkedValueMap(raw: unknown, file: string): ValueMap {
    const problems = valueMapProblems(raw);
    if (problems.length)
        throw new UsageError(
            'VALUE_MAP_INVALID',
            `${file}: ${problems.join('; ')}`,
            'map each org value to a model value or null (docs/model-configuration.md "Picklist values your org adds")'
        );
    return raw as ValueMap;
}
