/**
 * `npm run bench`: runs each benchmark in its own process (so each peak RSS is its own) and prints their
 * reports in order. Add a benchmark with one line in BENCHES.
 *   npx tsx scripts/bench/run.ts [--only files|csv|engine|backtest|model] [--quick]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

interface Bench {
    name: string;
    file: string;
    /** Full-size arguments (the targets in issue 3 and the validation issue). */
    args: string[];
    /** Small run for a quick check (`--quick`). */
    quickArgs: string[];
}

const BENCHES: Bench[] = [
    // The paths users run, as whole processes on one CSV export: raw-parse floor, score (text, --json),
    // backtest, usage push (scripts/bench/files.ts).
    { name: 'files', file: 'files.ts', args: [], quickArgs: ['--accounts', '2000'] },
    // CSV parsers side by side on the export's Task.csv: ours vs csv-parse (the faster one is kept).
    { name: 'csv', file: 'csvCompare.ts', args: [], quickArgs: ['--accounts', '2000'] },
    // In-process: 100,000 accounts / 1,000,000 contacts / 10,000,000 activities generated straight into the
    // PortfolioScorer (no file, no parsing): the engine's own cost.
    { name: 'engine', file: 'engine.ts', args: [], quickArgs: ['--accounts', '2000'] },
    // Backtest of a synthetic portfolio (owned by the validation helper: scripts/bench/backtest.ts).
    { name: 'backtest', file: 'backtest.ts', args: [], quickArgs: ['1000'] },
    // The model's targets (issue 13) on fresh draws of the independent world, each seed a whole `backtest --fit`
    // process, pooled (scripts/bench/model.ts; `npm run bench:model -- --seeds 26-45` for a real measurement).
    // Seeds already in the folder are reused (and flagged when an older commit made them).
    {
        name: 'model',
        file: 'model.ts',
        args: [],
        quickArgs: ['--seeds', '1', '--accounts', '600', '--out', 'reports/model-bench-quick']
    }
];

function main(argv: readonly string[]): number {
    const onlyIndex = argv.indexOf('--only');
    const only = onlyIndex >= 0 ? argv[onlyIndex + 1] : undefined;
    const quick = argv.includes('--quick');
    const selected = BENCHES.filter((bench) => !only || bench.name === only);
    if (selected.length === 0) {
        process.stderr.write(
            `bench: no benchmark named "${only}" (known: ${BENCHES.map((b) => b.name).join(', ')})\n`
        );
        return 2;
    }
    let failed = 0;
    for (const bench of selected) {
        process.stdout.write(`\n== ${bench.name} ==\n`);
        const run = spawnSync(
            process.execPath,
            [
                '--require',
                require.resolve('tsx/cjs'),
                join(__dirname, bench.file),
                ...(quick ? bench.quickArgs : bench.args)
            ],
            { stdio: 'inherit' }
        );
        if (run.status !== 0) {
            failed++;
            process.stderr.write(`bench ${bench.name} exited with ${run.status ?? run.signal}\n`);
        }
    }
    return failed > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
