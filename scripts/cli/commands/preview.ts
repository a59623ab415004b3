/**
 * `health-score preview --model <DeveloperName> | --model-file <file.json> --sample N --target-org X [--dry-run]`:
 * a thin wrapper over runPreview (scripts/sync/preview.ts).
 */
import * as fs from 'node:fs';
import { parseModelConfig } from '../../engine';
import { ExitCode, UsageError, redact } from '../../salesforce/errors';
import type { Session } from '../../salesforce/auth';
import {
    ORG_FLAGS,
    ORG_FLAGS_HELP,
    dateFlag,
    intFlag,
    openClient,
    parseFlags,
    processIO,
    reportError
} from '../../sync/commandline';
import type { CommandIO } from '../../sync/commandline';
import { Progress, silentProgress } from '../../sync/progress';
import { draftFromOrg, draftNameOfFile, formatPreview, runPreview } from '../../sync/preview';
import type { Draft } from '../../sync/preview';

export const PREVIEW_USAGE = `health-score preview (--model <DeveloperName> | --model-file <file.json>) --target-org <alias> [--sample N] [--dry-run] [--json]

Previews what a draft model would change before it is activated: reads the org exactly as the sync does (writes
no health fields), scores every account with the active model and with the draft, and upserts one
Health_Model_Preview__c row per sampled account (current and draft score and band, change, the driver that moved
most), listed on the Health Admin page. A rerun of the same draft replaces its rows (Preview_Key__c).

  --model <DeveloperName>   an inactive Health_Model__mdt record (Setup > Custom Metadata Types: clone the active
                            one, change it, keep Active unchecked)
  --model-file <file.json>  or a model configuration file (docs/model-configuration.md)
  --sample <n>              the n accounts with the highest ARR (default 20; all when fewer)
  --as-of <date>            score as of this date (default: today, UTC)
  --dry-run                 print the comparison, write nothing
  --lookback-days <n>       read activities/cases/usage this many days back (default 730)
  --quiet                   no progress output
${ORG_FLAGS_HELP}

Exit codes: 0 ok, 1 internal error, 2 bad usage, 3 authentication, 5 some preview rows failed,
6 org refused (draft record missing, active or invalid: the message names the record and field).
`;

export async function previewCommand(argv: readonly string[], io: CommandIO = processIO()): Promise<number> {
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
                'model-file': 'string',
                sample: 'string',
                'lookback-days': 'string',
                quiet: 'boolean'
            },
            'preview'
        );
        json = flags.json === true;
        if (flags.help) {
            io.stdout.write(PREVIEW_USAGE);
            return ExitCode.Ok;
        }
        const asOf = dateFlag(flags, 'as-of', new Date().toISOString().slice(0, 10));
        const sample = intFlag(flags, 'sample', 20);
        if (sample < 1)
            throw new UsageError('SAMPLE_INVALID', '--sample must be at least 1', 'pass --sample 20, say');
        const named = typeof flags.model === 'string' ? flags.model : null;
        const file = typeof flags['model-file'] === 'string' ? flags['model-file'] : null;
        if ((named === null) === (file === null))
            throw new UsageError(
                'MODEL_REQUIRED',
                'pass exactly one of --model <DeveloperName> or --model-file <file.json>',
                'health-score preview --model My_Draft --target-org my-org'
            );
        let fileDraft: Draft | null = null;
        if (file !== null) {
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
            try {
                fileDraft = { name: draftNameOfFile(file), config: parseModelConfig(raw, file) };
            } catch (error) {
                throw new UsageError(
                    'MODEL_FILE_INVALID',
                    error instanceof Error ? error.message : String(error),
                    'fix the model file: keys and rules are in docs/model-configuration.md'
                );
            }
        }
        const progress = flags.quiet || json ? silentProgress : new Progress(io.stderr);
        const opened = await openClient(flags, io, (message) => progress.note(message));
        session = opened.session;
        const draft = fileDraft ?? (await draftFromOrg(opened.client, named as string));
        const summary = await runPreview({
            client: opened.client,
            org: session.describe,
            asOf,
            draft,
            sample,
            dryRun: flags['dry-run'] === true,
            lookbackDays: intFlag(flags, 'lookback-days', 730),
            progress
        });
        const exitCode = summary.failures.length ? ExitCode.Partial : ExitCode.Ok;
        io.stdout.write(
            json
                ? `${redact(JSON.stringify({ ok: exitCode === ExitCode.Ok, ...summary, failures: summary.failures.map((f) => ({ errorCode: f.errorCode, message: f.message, key: f.row.Preview_Key__c })) }))}\n`
                : formatPreview(summary)
        );
        return exitCode;
    } catch (error) {
        return reportError(error, io, json, session);
    }
}

if (require.main === module) {
    void previewCommand(process.argv.slice(2)).then((code) => process.exit(code));
}
