/**
 * The CSV parser choice, measured: the project's parser and csv-parse 6 each read the export's Task.csv in its
 * own process (scripts/bench/csvParsers.ts) under GNU time. The faster one is the project's one CSV path.
 *   npx tsx scripts/bench/csvCompare.ts [--accounts 100000]
 */
import * as path from 'node:path';
import { defaultDatasetOptions, generateDataset } from './dataset';
import { canMeasure, measure, nodeArgs } from './measure';

function main(argv: readonly string[]): number {
    if (!canMeasure()) return 2;
    const at = argv.indexOf('--accounts');
    const accounts = at >= 0 ? Number(argv[at + 1]) : 100_000;
    const dataset = generateDataset(defaultDatasetOptions(accounts));
    const file = path.join(dataset.folder, 'Task.csv');
    process.stdout.write(`csv parsers on ${file} (${(dataset.files.Task?.bytes ?? 0) / 1e6} MB)\n`);
    for (const parser of ['ours', 'csv-parse']) {
        const m = measure(
            parser,
            process.execPath,
            nodeArgs(path.join(__dirname, 'csvParsers.ts'), [parser, file])
        );
        process.stdout.write(
            `  ${parser.padEnd(10)} CPU ${m.cpuSeconds.toFixed(1)} s   wall ${m.wallSeconds.toFixed(1)} s   peak RSS ${Math.round(m.peakRssMb)} MB   exit ${m.exitCode}\n`
        );
    }
    return 0;
}

process.exitCode = main(process.argv.slice(2));
