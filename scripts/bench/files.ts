/**
 * The paths users run, measured as whole processes on the same CSV export (docs/engine.md "Performance"):
 *   floor      a plain Node loop that reads every line of every file and splits it into fields
 *   score      `health-score score --input <export>` (text) and `--json`
 *   backtest   `health-score backtest --input <export>`
 *   usage      `health-score usage push --file <1M rows> --dry-run` (both streaming passes, no org)
 * Each runs under GNU time: CPU seconds (user + system, all threads), wall seconds, peak RSS, and the CPU ratio
 * to the floor. The export is generated deterministically (scripts/bench/dataset.ts) and reused when present.
 *
 *   npx tsx scripts/bench/files.ts [--accounts 100000] [--only floor,score,json,backtest,usage] [--json]
 * Default: 100,000 accounts / 1,000,000 contacts / 10,000,000 tasks; --quick: 2,000 accounts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultDatasetOptions, generateDataset } from './dataset';
import { canMeasure, measure, nodeArgs, TIME } from './measure';
import type { Measured } from './measure';

const REPO = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO, 'bin', 'health-score.js');

/** A deterministic usage file of `rows` rows (CSV), one bad row in 1,000, for the streaming usage push. */
function usageFile(folder: string, rows: number): string {
    const file = path.join(folder, `usage-${rows}.csv`);
    if (fs.existsSync(file)) return file;
    const fd = fs.openSync(`${file}.partial`, 'w');
    let buffer =
        'Customer_Key__c,Period_Start__c,Period_End__c,Active_Users__c,Licensed_Seats__c,Features_Adopted__c,Features_Available__c,Key_Events__c,ARR__c\n';
    for (let i = 0; i < rows; i++) {
        const customer = Math.floor(i / 12);
        const month = String((i % 12) + 1).padStart(2, '0');
        const bad = i % 1000 === 999;
        buffer += `CK-${customer},2026-${month}-01,2026-${month}-28,${bad ? '-1' : (i * 7) % 500},500,${i % 10},10,${(i * 13) % 10000},${customer * 10}\n`;
        if (buffer.length > 1 << 20) {
            fs.writeSync(fd, buffer);
            buffer = '';
        }
    }
    fs.writeSync(fd, buffer);
    fs.closeSync(fd);
    fs.renameSync(`${file}.partial`, file);
    return file;
}

export interface FilesBenchRow extends Measured {
    ratio: number;
}

function table(rows: FilesBenchRow[]): string {
    const header = `${'what'.padEnd(44)}${'CPU s'.padStart(9)}${'wall s'.padStart(9)}${'peak RSS'.padStart(11)}${'CPU / floor'.padStart(13)}  exit`;
    const lines = rows.map(
        (r) =>
            `${r.label.padEnd(44)}${r.cpuSeconds.toFixed(1).padStart(9)}${r.wallSeconds.toFixed(1).padStart(9)}${`${Math.round(r.peakRssMb)} MB`.padStart(11)}${`${r.ratio.toFixed(1)}x`.padStart(13)}  ${r.exitCode}`
    );
    return [header, ...lines].join('\n');
}

function main(argv: readonly string[]): number {
    if (!canMeasure()) {
        process.stderr.write(`bench files: needs GNU time at ${TIME} (apt-get install time)\n`);
        return 2;
    }
    const at = (name: string) => argv.indexOf(name);
    const accounts = at('--accounts') >= 0 ? Number(argv[at('--accounts') + 1]) : 100_000;
    const only = at('--only') >= 0 ? new Set((argv[at('--only') + 1] ?? '').split(',')) : null;
    const wants = (name: string) => !only || only.has(name);
    const options = defaultDatasetOptions(accounts);
    const started = Date.now();
    const dataset = generateDataset(options);
    const gb = (dataset.totalBytes / 1e9).toFixed(2);
    process.stdout.write(
        `files bench: ${accounts.toLocaleString('en-US')} accounts, ${(accounts * options.contactsPerAccount).toLocaleString('en-US')} contacts, ${(accounts * options.contactsPerAccount * options.activitiesPerContact).toLocaleString('en-US')} tasks: ${dataset.folder} (${gb} GB, ${dataset.reused ? 'reused' : `generated in ${((Date.now() - started) / 1000).toFixed(0)} s`})\n`
    );
    const out = path.join(path.dirname(dataset.folder), 'out');
    fs.mkdirSync(out, { recursive: true });
    const measured: Measured[] = [];
    let failed = 0;
    const run = (name: string, label: string, command: string, args: string[], expectedExit = 0) => {
        if (!wants(name)) return;
        process.stdout.write(`  running ${label} ...\n`);
        const result = measure(label, command, args);
        if (result.exitCode !== expectedExit) {
            process.stdout.write(`    exit ${result.exitCode}: ${result.stderrTail}\n`);
            failed++;
        }
        measured.push(result);
    };
    const asOf = options.asOf;
    run(
        'floor',
        'raw-parse floor (read lines, split fields)',
        process.execPath,
        nodeArgs(path.join(__dirname, 'floor.ts'), [dataset.folder])
    );
    run('score', 'score --input (text)', process.execPath, [
        CLI,
        'score',
        '--input',
        dataset.folder,
        '--as-of',
        asOf
    ]);
    run('json', 'score --input --json', process.execPath, [
        CLI,
        'score',
        '--input',
        dataset.folder,
        '--as-of',
        asOf,
        '--json'
    ]);
    run('backtest', 'backtest --input (60,90 days)', process.execPath, [
        CLI,
        'backtest',
        '--input',
        dataset.folder,
        '--out',
        path.join(out, 'backtest'),
        '--quiet'
    ]);
    if (wants('usage')) {
        // One bad row in 1,000: exit 5 (rows rejected) is the expected outcome.
        const rows = accounts * 10;
        const file = usageFile(path.dirname(dataset.folder), rows);
        run(
            'usage',
            `usage push --dry-run (${rows.toLocaleString('en-US')} rows)`,
            process.execPath,
            [
                CLI,
                'usage',
                'push',
                '--file',
                file,
                '--rejects-file',
                path.join(out, 'usage.rejects.csv'),
                '--dry-run',
                '--json'
            ],
            5
        );
    }
    const floor = measured.find((m) => m.label.startsWith('raw-parse floor'));
    const rows = measured.map((m) => ({ ...m, ratio: floor ? m.cpuSeconds / floor.cpuSeconds : Number.NaN }));
    process.stdout.write(`\n${table(rows)}\n`);
    process.stdout.write(
        'CPU s = user + system of the whole process (all threads), from GNU time; wall s depends on how loaded the machine is.\n'
    );
    fs.writeFileSync(
        path.join(out, `files-${accounts}.json`),
        JSON.stringify({ accounts, bytes: dataset.totalBytes, rows }, null, 2)
    );
    return failed > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
