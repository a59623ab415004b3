/**
 * The raw-parse floor: a plain Node loop that reads every line of every CSV file of a folder and splits it into
 * fields (no quoting rules, no records, no scoring). What any JavaScript reader of the same export costs at least.
 *   npx tsx scripts/bench/floor.ts <dataset folder>
 */
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main(folder: string): Promise<void> {
    let lines = 0;
    let fields = 0;
    for (const name of readdirSync(folder)
        .filter((f) => f.endsWith('.csv'))
        .sort()) {
        let rest = '';
        for await (const chunk of createReadStream(join(folder, name), {
            encoding: 'utf8',
            highWaterMark: 1 << 20
        })) {
            const text = rest + (chunk as string);
            let start = 0;
            for (let end = text.indexOf('\n', start); end >= 0; end = text.indexOf('\n', start)) {
                fields += text.slice(start, end).split(',').length;
                lines++;
                start = end + 1;
            }
            rest = text.slice(start);
        }
        if (rest !== '') {
            fields += rest.split(',').length;
            lines++;
        }
    }
    process.stdout.write(`${lines} lines, ${fields} fields\n`);
}

void main(process.argv[2] ?? '.');
