/**
 * Parses one CSV file with the project's parser (scripts/dataset/csv.ts) or with csv-parse 6 (streaming API),
 * counting rows and field characters, so the two can be measured as whole processes on the same file
 * (`npm run bench -- --only csv`). csv-parse is used here only to measure it.
 *   npx tsx scripts/bench/csvParsers.ts ours|csv-parse <file.csv>
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { CsvParser } from '../dataset/csv';

async function ours(file: string): Promise<[number, number]> {
    const parser = new CsvParser();
    let rows = 0;
    let chars = 0;
    const onRow = (fields: string[]): void => {
        rows++;
        for (let i = 0; i < fields.length; i++) chars += (fields[i] as string).length;
    };
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }))
        parser.feed(chunk as string, onRow);
    parser.finish(onRow);
    return [rows, chars];
}

async function csvParse(file: string): Promise<[number, number]> {
    let rows = 0;
    let chars = 0;
    const records = createReadStream(file, { highWaterMark: 1 << 20 }).pipe(
        parse({ bom: true, relax_column_count: true })
    );
    for await (const fields of records as AsyncIterable<string[]>) {
        rows++;
        for (let i = 0; i < fields.length; i++) chars += (fields[i] as string).length;
    }
    return [rows, chars];
}

async function main(): Promise<void> {
    const [which, file] = process.argv.slice(2);
    if (!file || (which !== 'ours' && which !== 'csv-parse')) {
        process.stderr.write('usage: csvParsers.ts ours|csv-parse <file.csv>\n');
        process.exitCode = 2;
        return;
    }
    const [rows, chars] = which === 'ours' ? await ours(file) : await csvParse(file);
    process.stdout.write(`${which}: ${rows} rows, ${chars} field characters\n`);
}

void main();
