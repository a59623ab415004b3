/**
 * `health-score emulator [--seed data/demo] [--port N] [--today YYYY-MM-DD]`: runs the local org emulator until
 * interrupted, and prints how to point the CLI (or `sf`) at it. The session token goes to a file readable only
 * by you (never to the terminal): SF_ACCESS_TOKEN=$(cat <token file>).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OrgEmulator } from '../../emulator/server';
import { datasetAsOf, orgMetadataOf, readDatasetFolder } from '../../emulator/seed';
import { ExitCode } from '../../salesforce/errors';
import { dateFlag, intFlag, parseFlags, processIO, reportError } from '../../sync/commandline';
import type { CommandIO } from '../../sync/commandline';

export const EMULATOR_USAGE = `health-score emulator [--seed <dataset folder>] [--port <n>] [--today YYYY-MM-DD] [--token-file <file>]

Starts the local Salesforce org emulator on 127.0.0.1 (REST + Bulk API 2.0, schema from force-app).
  --seed <dir>        load a dataset folder (docs/dataset-format.md), e.g. data/demo
  --port <n>          port (default: a free one)
  --today <date>      the org's "today" (default: the dataset's asOf, else the real date)
  --token-file <f>    where to write the session token (default: a private file under the temp dir)
`;

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export async function emulatorCommand(argv: readonly string[], io: CommandIO = processIO()): Promise<number> {
    try {
        const { flags } = parseFlags(
            argv,
            { seed: 'string', port: 'string', today: 'string', 'token-file': 'string', help: 'boolean' },
            'emulator'
        );
        if (flags.help) {
            io.stdout.write(EMULATOR_USAGE);
            return ExitCode.Ok;
        }
        const seed = typeof flags.seed === 'string' ? flags.seed : undefined;
        const today = dateFlag(
            flags,
            'today',
            (seed && datasetAsOf(seed)) ?? new Date().toISOString().slice(0, 10)
        );
        const org = seed ? orgMetadataOf(seed) : null;
        const emulator = new OrgEmulator({ today, ...(org ? { orgMetadataRoots: [org.root] } : {}) });
        const url = await emulator.start(intFlag(flags, 'port', 0));
        const counts = seed ? emulator.seed(readDatasetFolder(seed)) : {};
        if (org) Object.assign(counts, emulator.seed(org.data));
        const tokenFile =
            typeof flags['token-file'] === 'string'
                ? flags['token-file']
                : path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'health-score-emulator-')), 'token');
        writePrivateFile(tokenFile, emulator.issueToken());
        // Ctrl-C or SIGTERM stops it from here on (the handlers are in place before it says it listens), and the
        // handlers stay until the process is gone: one Ctrl-C reaches this process twice through
        // bin/health-score.js (the terminal signals the whole process group, and the launcher passes the signal
        // on), and a second signal finding no handler would kill it by the signal instead of exit 0.
        const stopRequested = new Promise<void>((resolve) => {
            for (const signal of STOP_SIGNALS) process.on(signal, () => resolve());
        });
        io.stdout.write(
            [
                `Org emulator listening on ${url} (today ${today})`,
                seed
                    ? `  seeded from ${seed}: ${Object.entries(counts)
                          .map(([o, n]) => `${o} ${n}`)
                          .join(', ')}`
                    : '  empty org (use --seed data/demo)',
                `  session token in ${tokenFile}`,
                '  use it:',
                `    export SF_INSTANCE_URL=${url} SF_ACCESS_TOKEN=$(cat ${tokenFile})`,
                `    health-score sync --as-of ${today} --dry-run`,
                '  Ctrl-C stops it.',
                ''
            ].join('\n')
        );
        await stopRequested;
        await emulator.stop();
        // Leave at once: a natural exit first closes the signal handlers, so Node's teardown runs with the default
        // action (death by the signal) in place, where the launcher's copy of a Ctrl-C can still land.
        process.exit(ExitCode.Ok);
    } catch (error) {
        return reportError(error, io, false);
    }
}

if (require.main === module) {
    void emulatorCommand(process.argv.slice(2)).then((code) => process.exit(code));
}

/**
 * Writes a secret readable by its owner only (0600), also when the file already exists with a wider mode
 * (writeFileSync's mode applies only to a new file): written aside, then renamed over the old one.
 */
export function writePrivateFile(file: string, content: string): void {
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    fs.writeFileSync(temp, content, { mode: 0o600, flag: 'wx' });
    try {
        fs.chmodSync(temp, 0o600);
        fs.renameSync(temp, file);
    } catch (error) {
        fs.rmSync(temp, { force: true });
        throw error;
    }
}
