/**
 * `npm start` / `health-score start`: the product's main job in one minute without an org. Starts the local
 * org emulator seeded with the bundled demo org (data/demo), runs the real sync against it over HTTP
 * (jsforce, REST + Bulk API 2.0), prints the "focus today" ranking and where to look next, and exits.
 */
import * as path from 'node:path';
import { OrgEmulator } from '../../emulator/server';
import { datasetAsOf, orgMetadataOf, readDatasetFolder } from '../../emulator/seed';
import { ExitCode } from '../../salesforce/errors';
import { parseFlags, processIO, reportError } from '../../sync/commandline';
import type { CommandIO } from '../../sync/commandline';
import { formatFocus } from '../../sync/report';
import { runSyncCommand } from './sync';

const REPO = path.resolve(__dirname, '..', '..', '..');

export async function startCommand(argv: readonly string[], io: CommandIO = processIO()): Promise<number> {
    let emulator: OrgEmulator | undefined;
    try {
        const { flags } = parseFlags(argv, { seed: 'string', json: 'boolean', help: 'boolean' }, 'start');
        if (flags.help) {
            io.stdout.write(
                'health-score start [--seed data/demo]: demo run of the sync against the local org emulator\n'
            );
            return ExitCode.Ok;
        }
        const seed = typeof flags.seed === 'string' ? flags.seed : path.join(REPO, 'data', 'demo');
        const asOf = datasetAsOf(seed) ?? new Date().toISOString().slice(0, 10);
        // The demo org's own metadata (data/demo/org: a survey object, an admin-defined signal, a segment model).
        const org = orgMetadataOf(seed);
        emulator = new OrgEmulator({
            today: asOf,
            bulkPollsBeforeComplete: 1,
            ...(org ? { orgMetadataRoots: [org.root] } : {})
        });
        const url = await emulator.start();
        const counts = emulator.seed(readDatasetFolder(seed));
        if (org) emulator.seed(org.data);
        const accounts = counts.Account ?? 0;
        io.stdout.write(
            `Demo org: local Salesforce emulator at ${url}, seeded from ${path.relative(process.cwd(), seed) || seed} (${accounts} accounts, ${counts.Contact ?? 0} contacts, ${(counts.Task ?? 0) + (counts.Event ?? 0)} activities)\n`
        );
        io.stdout.write(
            `Running the real sync against it as of ${asOf} (Bulk API 2.0 for every object)...\n\n`
        );
        const env = {
            ...io.env,
            SF_ACCESS_TOKEN: emulator.issueToken(),
            SF_INSTANCE_URL: url,
            HEALTH_SCORE_POLL_INTERVAL_MS: '20'
        };
        // Bulk threshold 0: the demo exercises the same Bulk API 2.0 path a large org uses.
        const run = await runSyncCommand(
            [
                '--as-of',
                asOf,
                '--bulk-threshold',
                '0',
                '--min-api-requests',
                '0',
                '--quiet',
                '--results-dir',
                path.join(REPO, 'reports'),
                ...(flags.json ? ['--json'] : [])
            ],
            { ...io, env }
        );
        if (!run.summary) return run.exitCode;
        if (flags.json) return run.exitCode;
        io.stdout.write(`\n${formatFocus(run.summary.focus, 7, run.summary.asOf)}\n`);
        io.stdout.write(
            [
                'Where to look next:',
                '  - In an org: the Account Health tab (portfolio) and the Account record page show these scores, drivers and history.',
                '  - Try a change: npx health-score emulator --seed data/demo, edit a record, then health-score sync --dry-run (docs/emulator.md).',
                '  - Push usage telemetry: health-score usage push --file <usage.csv> (docs/sync.md).',
                '  - Validate the model against outcomes: health-score backtest (docs/validation.md).',
                '  - Real org: sf org login web --alias my-org, deploy force-app, then health-score sync --target-org my-org (docs/sync.md).',
                ''
            ].join('\n')
        );
        return run.exitCode;
    } catch (error) {
        return reportError(error, io, false);
    } finally {
        await emulator?.stop();
    }
}

if (require.main === module) {
    void startCommand(process.argv.slice(2)).then((code) => process.exit(code));
}
