/** `health-score usage push --file F --target-org X [--rejects-file R] [--dry-run] [--json]`. */
import { ExitCode, UsageError } from '../../salesforce/errors';
import type { Session } from '../../salesforce/auth';
import type { SalesforceClient } from '../../salesforce/client';
import {
    LOCK_FLAGS_HELP,
    ORG_FLAGS,
    ORG_FLAGS_HELP,
    classifyError,
    lockTimeoutMinutes,
    openClient,
    parseFlags,
    processIO,
    reportError
} from '../../sync/commandline';
import type { CommandIO } from '../../sync/commandline';
import { Progress, silentProgress } from '../../sync/progress';
import { recordedRun } from '../../sync/runHistory';
import { formatUsageSummary, pushUsage, rejectsPathFor, scanUsageFile } from '../../sync/usage';

export const USAGE_USAGE = `health-score usage push --file <usage.csv|usage.ndjson> --target-org <alias> [--rejects-file <file>] [--dry-run] [--json]

Pushes product-usage periods keyed by Customer_Key__c, with optional billing fields, into the org.
Columns / keys (Salesforce API names; snake_case aliases accepted):
  required  Customer_Key__c, Period_Start__c, Period_End__c (YYYY-MM-DD)
  usage     Active_Users__c, Licensed_Seats__c, Features_Adopted__c, Features_Available__c, Key_Events__c
  billing   ARR__c, Renewal_Date__c, Days_Past_Due__c (written to the Account with that Customer_Key__c)
The file is streamed (any size). Every row is validated first; bad rows are listed with line number and reason
and written to the rejects file (default <file>.rejects.csv; never the input file; a rejects file left by an
earlier run is removed first) with any row the org refuses or that was not sent because the org failed. Valid
rows are upserted by external id (Product_Usage__c.Usage_Key__c = <customer key>_<period start>, compared
without letter case as the org does), so a rerun does not duplicate.

  --dry-run    validate only, write nothing (no org needed)
${LOCK_FLAGS_HELP}
${ORG_FLAGS_HELP}

Exit codes: 0 all rows pushed, 2 bad usage or unreadable file, 3 authentication, 5 some rows rejected, 6 org error,
7 a sync or another usage push is running (the run lock): retry later.
`;

export async function usageCommand(argv: readonly string[], io: CommandIO = processIO()): Promise<number> {
    let json = argv.includes('--json');
    let session: Session | undefined;
    try {
        const [sub, ...rest] = argv;
        if (sub === '--help' || sub === 'help' || sub === undefined) {
            io.stdout.write(USAGE_USAGE);
            return sub === undefined ? ExitCode.Usage : ExitCode.Ok;
        }
        if (sub !== 'push')
            throw new UsageError(
                'UNKNOWN_SUBCOMMAND',
                `usage: unknown subcommand ${sub}`,
                'use: health-score usage push --file <file> --target-org <alias>'
            );
        const { flags } = parseFlags(
            rest,
            {
                ...ORG_FLAGS,
                file: 'string',
                'rejects-file': 'string',
                'dry-run': 'boolean',
                'lock-timeout-minutes': 'string',
                quiet: 'boolean'
            },
            'usage push'
        );
        json = flags.json === true;
        if (flags.help) {
            io.stdout.write(USAGE_USAGE);
            return ExitCode.Ok;
        }
        if (typeof flags.file !== 'string')
            throw new UsageError(
                'FILE_REQUIRED',
                'usage push needs --file',
                'e.g. health-score usage push --file usage.csv --target-org my-org'
            );
        const progress = flags.quiet || json ? silentProgress : new Progress(io.stderr);
        const dryRun = flags['dry-run'] === true;
        // The file is validated (streamed, first pass) and the rejects path checked before connecting: a bad
        // file never costs a login.
        const rejectsFile = typeof flags['rejects-file'] === 'string' ? flags['rejects-file'] : undefined;
        rejectsPathFor(flags.file, rejectsFile);
        const scan = await scanUsageFile(flags.file, progress);
        let client: SalesforceClient | undefined;
        if (!dryRun) {
            const opened = await openClient(flags, io, (message) => progress.note(message));
            session = opened.session;
            client = opened.client;
        }
        const file = flags.file;
        const push = () =>
            pushUsage({
                scan,
                ...(client ? { client } : {}),
                file,
                ...(rejectsFile !== undefined ? { rejectsFile } : {}),
                dryRun,
                progress
            });
        const described = session;
        const summary = client
            ? await recordedRun(
                  {
                      client,
                      kind: 'Usage Push',
                      dryRun,
                      lockTimeoutMinutes: lockTimeoutMinutes(flags, io.env),
                      notice: (message) => progress.note(message),
                      classify: (error) => classifyError(error, described)
                  },
                  push,
                  (result) => ({
                      rowsWritten: result.usageUpserted + result.accountsUpdated,
                      failedRows: result.rejected,
                      error: result.error
                          ? `${result.error.code}: ${result.error.message}`
                          : result.rejected
                            ? `${result.rejected} row(s) rejected; see ${result.rejectsFile ?? 'the rejects file'}`
                            : null
                  })
              )
            : await push();
        io.stdout.write(
            json
                ? `${JSON.stringify({ ok: summary.exitCode === ExitCode.Ok, ...summary })}\n`
                : formatUsageSummary(summary)
        );
        return summary.exitCode;
    } catch (error) {
        return reportError(error, io, json, session);
    }
}

if (require.main === module) {
    void usageCommand(process.argv.slice(2)).then((code) => process.exit(code));
}
