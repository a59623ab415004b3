/**
 * Admin-defined signals offline (`score --signals`, `backtest --signals`): the same records as Health_Signal__mdt, in
 * a JSON file (`{ "signals": [ { "DeveloperName": "NPS", "MasterLabel": "NPS survey", "Object__c": ... } ] }`), and
 * their values read from the dataset folder's file of that object (e.g. a survey object's `.json` or `.csv` file), or from the
 * Account file for an Account field. Without an org there is no describe: a field that no record of the file has
 * fails, naming the signal and the field.
 */
import { readFileSync } from 'node:fs';
import { SignalDefinitionError, validateSignals } from '../engine';
import type { SignalObservation } from '../engine';
import { observationOf, signalFromRecord, type SignalSource } from '../sync/signals';
import { forEachRecord, type DatasetObject } from './reader';
import { DatasetError } from './records';

/** Reads and checks a signals file; throws SignalDefinitionError (record and field) or a plain Error (file). */
export function loadSignalsFile(path: string): SignalSource[] {
    let raw: unknown;
    try {
        raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
        throw new SignalDefinitionError(
            path,
            '(file)',
            `cannot read it: ${error instanceof Error ? error.message : String(error)}`
        );
    }
    const list = Array.isArray(raw) ? raw : (raw as { signals?: unknown } | null)?.signals;
    if (!Array.isArray(list))
        throw new SignalDefinitionError(path, '(file)', 'must be {"signals": [...]} or an array');
    const sources = list
        .filter((r) => (r as { Active__c?: unknown }).Active__c !== false)
        .map((r) => signalFromRecord(r as Record<string, unknown>));
    validateSignals(
        sources.map((s) => s.definition),
        (d) => `Health_Signal.${d.name}`
    );
    // Offline the names are used as written (no describe): the default date field of a child is CreatedDate.
    return sources;
}

/** Every account's values of the given signals, from the dataset folder. */
export async function readSignalValues(
    folder: string,
    sources: readonly SignalSource[]
): Promise<Map<string, SignalObservation[]>> {
    const values = new Map<string, SignalObservation[]>();
    for (const source of sources) {
        const needed = [source.field, source.accountField, source.dateField].filter(
            (f): f is string => f !== null
        );
        const seen = new Set<string>();
        const count = await forEachRecord(folder, source.object as DatasetObject, (record) => {
            for (const f of needed) if (f in record) seen.add(f);
            const value = observationOf(source, record);
            if (!value) return;
            let list = values.get(value.accountId);
            if (!list) values.set(value.accountId, (list = []));
            list.push(value.observation);
        });
        if (count === 0 && source.object !== 'Account')
            throw new DatasetError(
                { file: `${source.object}.json / ${source.object}.csv`, record: 'file' },
                null,
                `${source.source} reads ${source.object}, which has no file (or no record) in ${folder}`,
                'add the object file to the dataset folder, or deactivate the signal in the signals file'
            );
        const unseen = needed.filter((f) => !seen.has(f));
        if (count > 0 && unseen.length)
            throw new DatasetError(
                { file: source.object, record: 'every record' },
                unseen[0] as string,
                `${source.source} reads ${unseen.join(', ')}, which no ${source.object} record has`
            );
    }
    return values;
}
