/** Reads a dataset folder (docs/dataset-format.md: `<Object>.json` or `<Object>.csv`) to seed the emulator. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCsv } from '../salesforce/csv';

export type SeedData = Record<string, Record<string, unknown>[]>;

export function readDatasetFolder(dir: string, objects?: readonly string[]): SeedData {
    if (!fs.existsSync(dir)) throw new Error(`dataset folder not found: ${dir}`);
    const data: SeedData = {};
    for (const file of fs.readdirSync(dir).sort()) {
        const match = /^([A-Za-z][A-Za-z0-9_]*)\.(json|csv)$/.exec(file);
        if (!match) continue;
        const object = match[1] as string;
        if (object === 'dataset' || (objects && !objects.includes(object))) continue;
        const text = fs.readFileSync(path.join(dir, file), 'utf8');
        if (match[2] === 'csv') {
            data[object] = parseCsv(text).rows.map(({ record }) =>
                Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v === '' ? null : v]))
            );
            continue;
        }
        const parsed = JSON.parse(text) as unknown;
        const records = Array.isArray(parsed) ? parsed : (parsed as { records?: unknown }).records;
        if (!Array.isArray(records))
            throw new Error(
                `${path.join(dir, file)}: expected a JSON array of records or { "records": [...] }`
            );
        data[object] = records as Record<string, unknown>[];
    }
    return data;
}

/** The dataset's as-of date from its manifest (dataset.json `asOf`), if any. */
export function datasetAsOf(dir: string): string | undefined {
    const manifest = path.join(dir, 'dataset.json');
    if (!fs.existsSync(manifest)) return undefined;
    const asOf = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { asOf?: unknown }).asOf;
    return typeof asOf === 'string' ? asOf : undefined;
}
