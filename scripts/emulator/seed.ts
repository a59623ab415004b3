/** Reads a dataset folder (docs/dataset-format.md: `<Object>.json` or `<Object>.csv`) to seed the emulator. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CsvError, CsvParser } from '../dataset/csv';
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

/** Objects in seeding order: parents before the records that point at them (OrgEmulator.seed's order). */
export const SEED_ORDER = [
    'User',
    'Account',
    'Contact',
    'Opportunity',
    'Case',
    'Task',
    'Event',
    'Product_Usage__c',
    'Account_Health_Snapshot__c'
];

/** Where streamed records go: OrgStore.seed (system mode, given Ids kept). */
export interface SeedTarget {
    seed(object: string, records: Record<string, unknown>[]): number;
}

const SEED_BATCH = 5000;

/** A flat copy of `value` that shares no memory with the chunk it was sliced from (40 bytes for an 18-char Id). */
function copied(value: string): string {
    const copy = Buffer.from(value, 'utf8').toString('utf8');
    return copy === value ? copy : ` ${value}`.slice(1);
}
const SHARED_LIMIT = 200_000;

/**
 * Loads a dataset folder into the emulator's store as it reads it: CSV files stream (a 10-million-row Task.csv
 * never exists as one string or one array), in batches of SEED_BATCH records. The same records as
 * readDatasetFolder + OrgEmulator.seed (an empty CSV cell is null). Values are copied off the file's chunks
 * and repeated values (ids of parents and owners, dates, picklist values) are stored once, so a large org's
 * records keep no file text alive. Test infrastructure: the emulator's own start-up, not an API path.
 */
export async function loadDatasetFolder(
    target: SeedTarget,
    dir: string,
    objects?: readonly string[]
): Promise<Record<string, number>> {
    if (!fs.existsSync(dir)) throw new Error(`dataset folder not found: ${dir}`);
    const files = new Map<string, string>();
    for (const file of fs.readdirSync(dir).sort()) {
        const match = /^([A-Za-z][A-Za-z0-9_]*)\.(json|csv)$/.exec(file);
        if (!match) continue;
        const object = match[1] as string;
        if (object === 'dataset' || (objects && !objects.includes(object))) continue;
        files.set(object, file);
    }
    const ordered = [
        ...SEED_ORDER.filter((o) => files.has(o)),
        ...[...files.keys()].filter((o) => !SEED_ORDER.includes(o))
    ];
    const counts: Record<string, number> = {};
    const shared = new Map<string, string>();
    const own = (value: string): string => {
        let kept = shared.get(value);
        if (kept === undefined) {
            kept = value.length < 13 ? value : ` ${value}`.slice(1);
            if (shared.size >= SHARED_LIMIT) shared.clear();
            shared.set(kept, kept);
        }
        return kept;
    };
    for (const object of ordered) {
        const file = path.join(dir, files.get(object) as string);
        if (file.endsWith('.json')) {
            counts[object] = target.seed(object, readDatasetFolder(dir, [object])[object] ?? []);
            continue;
        }
        let count = 0;
        let header: string[] | null = null;
        let batch: Record<string, unknown>[] = [];
        const parser = new CsvParser();
        const onRow = (fields: string[]): void => {
            if (!header) {
                header = fields.map((field) => field.trim());
                return;
            }
            const record: Record<string, unknown> = {};
            const columns = header;
            for (let i = 0; i < columns.length; i++) {
                const value = fields[i] ?? '';
                const column = columns[i] as string;
                // An Id is unique: copied, not looked up; other values repeat (parents, owners, dates, picklists).
                record[column] = value === '' ? null : column === 'Id' ? copied(value) : own(value);
            }
            batch.push(record);
            if (batch.length >= SEED_BATCH) {
                count += target.seed(object, batch);
                batch = [];
            }
        };
        try {
            for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }))
                parser.feed(chunk as string, onRow);
            parser.finish(onRow);
        } catch (error) {
            if (error instanceof CsvError) throw new Error(`${file}: ${error.message}`);
            throw error;
        }
        if (batch.length > 0) count += target.seed(object, batch);
        counts[object] = count;
    }
    return counts;
}

/**
 * The org's own metadata that goes with a dataset folder: `<dir>-org` beside it (e.g. data/demo-org for data/demo),
 * shaped like force-app (objects, custom metadata records an admin created), with `data/` holding the records of
 * those objects. Null when absent.
 */
export function orgMetadataOf(dir: string): { root: string; data: SeedData } | null {
    const root = `${path.resolve(dir)}-org`;
    if (!fs.existsSync(path.join(root, 'main', 'default'))) return null;
    const dataDir = path.join(root, 'data');
    return { root, data: fs.existsSync(dataDir) ? readDatasetFolder(dataDir) : {} };
}
