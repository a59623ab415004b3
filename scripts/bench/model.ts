/**
 * `npm run bench:model`: the model's targets (issue 13) measured on many fresh draws of the independent churn world,
 * each seed shown, plus the seeds pooled (docs/validation.md "Measuring the targets over many seeds").
 *
 * For each seed it runs the command users run, `health-score backtest --synthetic <accounts> --world independent
 * --seed <n> --fit --out DIR/seed-<n>`, as its own process (GNU time: CPU seconds and peak RSS when available),
 * `--jobs` at a time. A seed whose DIR/seed-<n>/backtest-report.json exists is reused, not run again (an
 * interrupted or earlier batch; delete the folder to rerun it). DIR/seed-<n>/commit records the commit that
 * produced it (with "-dirty" when tracked files had changes); seeds from different commits are flagged.
 * Then it writes DIR/summary.md and DIR/summary.json and prints the Markdown.
 *
 *   npx tsx scripts/bench/model.ts [--seeds 1-3] [--accounts 3000] [--out reports/model-bench] [--jobs <CPUs>]
 * --seeds: a range, a comma list or both (26-45, 1,3,5, 1-3,7); default 1-3. Each 3,000-account seed takes about
 * a minute of CPU and ~850 MB: mind --jobs on a small machine.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { canMeasure, parseTime, TIME, TIME_FORMAT } from './measure';
import { parseSeeds, renderMarkdown, reportMatches, seedRow, summarise, type SeedRow } from './modelSummary';

const REPO = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO, 'bin', 'health-score.js');
const REPORT = 'backtest-report.json';
const USAGE =
    'usage: npx tsx scripts/bench/model.ts [--seeds 1-3] [--accounts 3000] [--out reports/model-bench] [--jobs <CPUs>]';

interface Options {
    seeds: number[];
    /** --seeds as given (for the command line echoed in the summary) */
    seedsText: string;
    accounts: number;
    out: string;
    jobs: number;
}

function parseOptions(argv: readonly string[]): Options {
    const value = (flag: string) => {
        const i = argv.indexOf(flag);
        if (i < 0) return undefined;
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('--')) throw new RangeError(`${flag} needs a value`);
        return next;
    };
    const known = new Set(['--seeds', '--accounts', '--out', '--jobs']);
    argv.forEach((arg, i) => {
        if (arg.startsWith('--') && !known.has(arg)) throw new RangeError(`unknown flag ${arg}`);
        if (!arg.startsWith('--') && !known.has(argv[i - 1] ?? ''))
            throw new RangeError(`unexpected "${arg}"`);
    });
    const whole = (flag: string, fallback: number) => {
        const text = value(flag);
        if (text === undefined) return fallback;
        if (!/^\d+$/.test(text) || Number(text) < 1)
            throw new RangeError(`${flag} "${text}" must be a whole number ≥ 1`);
        return Number(text);
    };
    const seedsText = value('--seeds') ?? '1-3';
    return {
        seeds: parseSeeds(seedsText),
        seedsText,
        accounts: whole('--accounts', 3000),
        out: path.resolve(value('--out') ?? path.join(REPO, 'reports', 'model-bench')),
        jobs: whole('--jobs', os.availableParallelism())
    };
}

/** HEAD of the repository, "-dirty" when tracked files have changes (what a seed's numbers were made with). */
function currentCommit(): string {
    const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8' });
    if (head.status !== 0) return 'unknown';
    const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], {
        cwd: REPO,
        encoding: 'utf8'
    });
    return `${head.stdout.trim()}${dirty.stdout.trim() ? '-dirty' : ''}`;
}

function readCommit(folder: string): string | null {
    const file = path.join(folder, 'commit');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() || null : null;
}

interface Ran {
    seed: number;
    exitCode: number | null;
    cpuSeconds: number;
    wallSeconds: number;
    peakRssMb: number;
}

/** One seed's backtest as its own process; stdout and stderr go to the seed folder. */
function runSeed(seed: number, accounts: number, folder: string, commit: string): Promise<Ran> {
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'commit'), `${commit}\n`);
    const args = [
        CLI,
        'backtest',
        '--synthetic',
        String(accounts),
        '--world',
        'independent',
        '--seed',
        String(seed),
        '--horizons',
        '60,90',
        '--fit',
        '--quiet',
        '--out',
        folder
    ];
    const timed = canMeasure();
    const [command, commandArgs] = timed
        ? [TIME, ['-f', TIME_FORMAT, process.execPath, ...args]]
        : [process.execPath, args];
    const started = Date.now();
    return new Promise((resolve) => {
        const stdout = fs.openSync(path.join(folder, 'stdout.log'), 'w');
        const stderrFile = path.join(folder, 'stderr.log');
        const stderr = fs.openSync(stderrFile, 'w');
        const child = spawn(command, commandArgs, { cwd: REPO, stdio: ['ignore', stdout, stderr] });
        let finished = false;
        // 'exit' may or may not follow an 'error' (a command that could not start): settle once.
        const done = (code: number | null) => {
            if (finished) return;
            finished = true;
            fs.closeSync(stdout);
            fs.closeSync(stderr);
            const measured = parseTime(fs.readFileSync(stderrFile, 'utf8'), code);
            resolve({
                seed,
                ...measured,
                wallSeconds: Number.isFinite(measured.wallSeconds)
                    ? measured.wallSeconds
                    : (Date.now() - started) / 1000
            });
        };
        child.on('error', () => done(null));
        child.on('exit', (code) => done(code));
    });
}

/** Runs `tasks` with at most `jobs` at a time. */
async function pool<T>(tasks: (() => Promise<T>)[], jobs: number): Promise<T[]> {
    const results: T[] = [];
    let next = 0;
    const worker = async () => {
        while (next < tasks.length) {
            const index = next++;
            results[index] = await (tasks[index] as () => Promise<T>)();
        }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
    return results;
}

async function main(argv: readonly string[]): Promise<number> {
    let options: Options;
    try {
        options = parseOptions(argv);
    } catch (error) {
        process.stderr.write(`bench model: ${(error as Error).message}\n${USAGE}\n`);
        return 2;
    }
    const { seeds, accounts, out, jobs } = options;
    const folderOf = (seed: number) => path.join(out, `seed-${seed}`);
    const reportOf = (seed: number) => path.join(folderOf(seed), REPORT);
    // Each report is parsed once (a 3,000-account report is several MB): reused ones now, new ones after their run.
    const reports = new Map<number, unknown>();
    const readReport = (seed: number): unknown => {
        if (!reports.has(seed)) reports.set(seed, JSON.parse(fs.readFileSync(reportOf(seed), 'utf8')));
        return reports.get(seed);
    };

    // A reused report must be the draw asked for: another size in the same folder would be pooled silently.
    const readable = (seed: number) => {
        try {
            readReport(seed);
            return true;
        } catch {
            // cut short while it was written (an interrupted run): run the seed again
            process.stderr.write(`  seed ${seed}: ${reportOf(seed)} is unreadable; running it again\n`);
            return false;
        }
    };
    const reused = seeds.filter((seed) => fs.existsSync(reportOf(seed)) && readable(seed));
    const mismatched = reused.filter((seed) => !reportMatches(readReport(seed), accounts, seed));
    if (mismatched.length) {
        process.stderr.write(
            `bench model: ${mismatched.map((s) => `seed-${s}`).join(', ')} in ${out} hold a report of another world or size than --accounts ${accounts}: use another --out or delete those folders\n`
        );
        return 2;
    }
    const head = currentCommit();
    const toRun = seeds.filter((seed) => !reused.includes(seed));
    process.stderr.write(
        `bench model: ${seeds.length} seed(s) of ${accounts} accounts in ${out}: ${reused.length} reused (${reused.join(', ') || 'none'}), ${toRun.length} to run, ${Math.min(jobs, Math.max(1, toRun.length))} at a time\n`
    );
    for (const seed of reused)
        process.stderr.write(`  seed ${seed}: reused (commit ${readCommit(folderOf(seed)) ?? 'unknown'})\n`);
    const runs = await pool(
        toRun.map((seed) => async () => {
            process.stderr.write(`  seed ${seed}: running\n`);
            const ran = await runSeed(seed, accounts, folderOf(seed), head);
            const measured = Number.isFinite(ran.cpuSeconds)
                ? `${ran.cpuSeconds.toFixed(1)} s CPU, ${ran.wallSeconds.toFixed(1)} s wall, peak RSS ${Math.round(ran.peakRssMb)} MB`
                : `${ran.wallSeconds.toFixed(1)} s wall`;
            fs.writeFileSync(path.join(folderOf(seed), 'run.json'), `${JSON.stringify(ran, null, 2)}\n`);
            process.stderr.write(
                `  seed ${seed}: ${ran.exitCode === 0 && fs.existsSync(reportOf(seed)) ? 'done' : `FAILED (exit ${ran.exitCode}; see ${path.join(folderOf(seed), 'stderr.log')})`}, ${measured}\n`
            );
            return ran;
        }),
        jobs
    );
    const failed = runs
        .filter((ran) => ran.exitCode !== 0 || !fs.existsSync(reportOf(ran.seed)))
        .map((r) => r.seed);

    const rows: SeedRow[] = [];
    for (const seed of seeds.filter((s) => !failed.includes(s)))
        rows.push(
            seedRow({
                seed,
                commit: readCommit(folderOf(seed)),
                reused: reused.includes(seed),
                report: readReport(seed)
            })
        );
    const summary = summarise(rows, { accounts, head });
    if (failed.length)
        summary.warnings.push(`Seed(s) ${failed.join(', ')} failed and are not in the summary.`);
    const command = `npm run bench:model -- --seeds ${options.seedsText} --accounts ${accounts}`;
    const markdown = renderMarkdown(summary, command);
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'summary.md'), markdown);
    fs.writeFileSync(path.join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    process.stdout.write(
        `\n${markdown}\nWritten: ${path.join(out, 'summary.md')}, ${path.join(out, 'summary.json')}\n`
    );
    return failed.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error: unknown) => {
        process.stderr.write(
            `bench model: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
        );
        process.exitCode = 1;
    }
);
