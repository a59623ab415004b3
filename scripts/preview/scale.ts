/**
 * A large portfolio for the browser check: the demo dataset copied `copies` times with new record Ids (users
 * kept, so the demo manager's team holds every copy) and numbered account names. 20 copies = 320 accounts.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_DATASET } from './demo-org';

const ID = /"([0-9a-zA-Z]{3})Dm(\d{10}AAA)"/g;

function copyCode(k: number): string {
    return `S${'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'[k % 36]}`;
}

export function writeScaledDataset(copies: number, outDir: string, from: string = DEMO_DATASET): string {
    mkdirSync(outDir, { recursive: true });
    for (const file of readdirSync(from)) {
        if (!file.endsWith('.json')) continue;
        const text = readFileSync(path.join(from, file), 'utf8');
        if (file === 'dataset.json' || file === 'User.json') {
            writeFileSync(path.join(outDir, file), text);
            continue;
        }
        const records: Record<string, unknown>[] = [];
        for (let k = 0; k < copies; k++) {
            const copy = text.replace(ID, (all, prefix: string, rest: string) =>
                prefix === '005' ? all : `"${prefix}${copyCode(k)}${rest}"`
            );
            const list = JSON.parse(copy) as Record<string, unknown>[];
            for (const record of list) {
                if (file === 'Account.json' && k > 0) record.Name = `${String(record.Name)} ${k + 1}`;
                // External ids stay unique per copy, as an org requires (a duplicate Customer_Key__c is refused).
                for (const key of ['Customer_Key__c', 'Usage_Key__c']) {
                    if (k > 0 && typeof record[key] === 'string')
                        record[key] = `${String(record[key])}-${k + 1}`;
                }
                if (typeof record.Snapshot_Key__c === 'string') {
                    record.Snapshot_Key__c = `${String(record.Account__c)}_${String(record.As_Of__c)}`;
                }
                records.push(record);
            }
        }
        writeFileSync(path.join(outDir, file), JSON.stringify(records));
    }
    return outDir;
}
