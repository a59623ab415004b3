/**
 * The `health-score` command-line dispatcher. Each subcommand lives in ./commands/<name>.ts and is registered
 * in COMMANDS with one line; modules load lazily so `score` never loads jsforce.
 * Exit codes: 0 ok, 1 failure, 2 usage or input error (commands may define more, see their --help).
 */

/** Lazy require: a command's dependencies (jsforce, http servers) load only when that command runs. */
function load<T>(path: string): T {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path) as T;
}

type CommandRunner = (argv: readonly string[]) => Promise<number>;

interface CommandEntry {
    summary: string;
    run: CommandRunner;
}

export const COMMANDS: Record<string, CommandEntry> = {
    score: {
        summary: 'score a dataset folder offline and rank accounts by attention priority',
        run: (argv) => load<typeof import('./commands/score')>('./commands/score').scoreCommand(argv)
    },
    sync: {
        summary: 'score every account in an org and write the results back',
        run: (argv) => load<typeof import('./commands/sync')>('./commands/sync').syncCommand(argv)
    },
    preview: {
        summary: 'preview what a draft model would change on a sample of accounts (Health_Model_Preview__c)',
        run: (argv) => load<typeof import('./commands/preview')>('./commands/preview').previewCommand(argv)
    },
    usage: {
        summary: 'push product usage periods into the org',
        run: (argv) => load<typeof import('./commands/usage')>('./commands/usage').usageCommand(argv)
    },
    doctor: {
        summary: 'check that an org is ready for unattended syncs and say what is missing',
        run: (argv) => load<typeof import('./commands/doctor')>('./commands/doctor').doctorCommand(argv)
    },
    backtest: {
        summary: 'validate the model against known renewal/churn outcomes and fit weights',
        run: (argv) =>
            load<typeof import('./commands/backtest')>('./commands/backtest').runBacktestCommand(argv)
    },
    emulator: {
        summary: 'run the local Salesforce org emulator',
        run: (argv) => load<typeof import('./commands/emulator')>('./commands/emulator').emulatorCommand(argv)
    },
    start: {
        summary: 'demo: sync the bundled demo org in the local emulator and show the focus list',
        run: (argv) => load<typeof import('./commands/start')>('./commands/start').startCommand(argv)
    }
};

export function mainUsage(): string {
    const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
    const lines = Object.entries(COMMANDS).map(
        ([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`
    );
    return `Usage: health-score <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun health-score <command> --help for a command's options.\n`;
}

export async function main(argv: readonly string[], io = { stdout: process.stdout, stderr: process.stderr }) {
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
        io.stdout.write(mainUsage());
        return name ? 0 : 2;
    }
    const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) {
        io.stderr.write(`health-score: unknown command "${name}"\n\n${mainUsage()}`);
        return 2;
    }
    try {
        return await command.run(rest);
    } catch (error) {
        io.stderr.write(`health-score ${name}: ${(error as Error).stack ?? String(error)}\n`);
        return 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (error: unknown) => {
            process.stderr.write(`health-score: ${String(error)}\n`);
            process.exitCode = 1;
        }
    );
}
