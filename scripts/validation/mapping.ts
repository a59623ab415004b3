/**
 * Raw records in and out of the backtest: reading a dataset folder as raw records (the backtest cuts them
 * to each as-of date before mapping), and mapping one account's cut records to the engine's AccountInput with
 * the project's shared record mapping (scripts/dataset/records.ts), so a backtest scores exactly what a run
 * over the same data would. Mapping errors name the file, the record and the field.
 */
import type { AccountInput, ActivityInput } from '../engine';
import { DATASET_OBJECTS, forEachRecord } from '../dataset/reader';
import {
    MAPPED_FIELDS,
    mapAccount,
    mapCase,
    mapContact,
    mapEvent,
    mapOpportunity,
    mapSnapshot,
    mapTask,
    mapUsage,
    mapUser,
    ownString,
    type RecordLocation,
    type SalesforceRecord
} from '../dataset/records';
import { ACTIVITIES, ActivityTable, text } from './activities';
import { activitiesOf, type AccountRecords } from './history';
import type { RawDataset, RawRecord } from './synthetic';

/**
 * Where each record read from a file came from, for error messages raised later by the mapping: a JSON record's
 * location, or the line of a CSV row in `<object>.csv` (a number: no location object per row).
 */
const locations = new WeakMap<object, RecordLocation | number>();

function locationOf(object: string, record: RawRecord): RecordLocation {
    const known = locations.get(record);
    if (typeof known === 'number') return { file: `${object}.csv`, record: `line ${known}` };
    return (
        known ?? {
            file: object,
            record: record.Id !== undefined && record.Id !== null ? `Id ${String(record.Id)}` : 'record'
        }
    );
}

const VALIDATORS: Record<string, (record: SalesforceRecord, at: RecordLocation) => unknown> = {
    Account: mapAccount,
    User: mapUser,
    Contact: mapContact,
    Task: mapTask,
    Event: mapEvent,
    Opportunity: mapOpportunity,
    Case: mapCase,
    Product_Usage__c: mapUsage,
    Account_Health_Snapshot__c: mapSnapshot
};

/**
 * Reads a dataset folder (docs/dataset-format.md, JSON or CSV per object) as raw records, Tasks and Events as
 * compact activities under ACTIVITIES (./activities: 10 million of them at 100,000 accounts, read again at every
 * as-of date). Every record is mapped once while reading, so a bad value fails here, naming its file, record
 * and field, before any scoring starts.
 */
export async function readDatasetFolder(folder: string): Promise<RawDataset> {
    const dataset: RawDataset = {};
    // made when the Tasks are reached (Account is read first): a WhatId that names one of the accounts is then
    // recognised by the table without keeping every WhatId
    let activities = new ActivityTable();
    for (const object of DATASET_OBJECTS) {
        const validate = VALIDATORS[object];
        if (object === 'Task' || object === 'Event') {
            if (object === 'Task') activities = new ActivityTable(accountIds(dataset.Account ?? []));
            const table = activities;
            const map = object === 'Task' ? mapTask : mapEvent;
            // the table reads each row now and keeps none: one record object per file, mapped columns only
            await forEachRecord(folder, object, (record, at) => table.add(object, record, map(record, at)), {
                reuse: true,
                fields: MAPPED_FIELDS[object] as ReadonlySet<string>
            });
            continue;
        }
        const rows: RawRecord[] = [];
        const copy = recordCopier();
        await forEachRecord(
            folder,
            object,
            (record, at) => {
                validate?.(record, at);
                const line = (at as { line?: unknown }).line;
                // a CSV row comes in one record object reused for every row: kept as a copy, located by its line
                const row = typeof line === 'number' ? copy(record as RawRecord) : (record as RawRecord);
                locations.set(row, typeof line === 'number' ? line : at);
                rows.push(row);
            },
            { reuse: true }
        );
        if (rows.length) dataset[object] = rows;
    }
    if (activities.length) {
        activities.fit();
        dataset[ACTIVITIES] = activities.all();
    }
    return dataset;
}

/** A column shares its repeated values until it has this many different ones (then they are only copied). */
const SHARED_VALUES = 200_000;

/**
 * Copies of the rows of one CSV file (one record object reused for every row): every copy has the file's columns
 * in file order (one object shape, in-object fields), values copied off the file's chunk (a parser's slice would
 * keep its whole 1 MB chunk alive), and a column's repeated values (account Ids, dates, picklist values) shared.
 */
function recordCopier(): (record: RawRecord) => RawRecord {
    let template: RawRecord | null = null;
    let keys: string[] = [];
    let shared: (Map<string, string> | null)[] = [];
    return (record) => {
        if (!template) {
            keys = Object.keys(record);
            template = JSON.parse(
                JSON.stringify(Object.fromEntries(keys.map((key) => [key, null])))
            ) as RawRecord;
            shared = keys.map(() => new Map<string, string>());
        }
        const row: RawRecord = { ...template };
        for (let i = 0; i < keys.length; i++) {
            const key = keys[i] as string;
            // a CSV value is always text
            const value = record[key] as string;
            const values = shared[i];
            let kept = values?.get(value);
            if (kept === undefined) {
                kept = ownString(value);
                if (values) {
                    if (values.size < SHARED_VALUES) values.set(kept, kept);
                    else shared[i] = null;
                }
            }
            row[key] = kept;
        }
        return row;
    };
}

/** The Ids the history attaches records to (history.ts attachRecords). */
function* accountIds(accounts: readonly RawRecord[]): Iterable<string> {
    for (const account of accounts) {
        const id = text(account.Id);
        if (id !== null) yield id;
    }
}

/**
 * Mapping results per raw record: the point-in-time cut hands back the same record objects at every horizon
 * (only records it rewrites are new), so each is mapped once however often its account is scored.
 */
const mapped = new WeakMap<object, unknown>();
function memo<T>(record: RawRecord, map: () => T): T {
    if (mapped.has(record)) return mapped.get(record) as T;
    const value = map();
    mapped.set(record, value);
    return value;
}

/** One account's (already point-in-time) records → the engine's input. */
export function mapAccountRecords(records: AccountRecords): AccountInput {
    const { customerKey: _customerKey, ...header } = mapAccount(
        records.account,
        locationOf('Account', records.account)
    );
    const contactIds = new Set<string>();
    const contacts = records.contacts.map((c) => {
        const mapped = memo(c, () => mapContact(c, locationOf('Contact', c))).contact;
        contactIds.add(mapped.id);
        return mapped;
    });
    const activities: ActivityInput[] = [];
    const { table, rows } = activitiesOf(records);
    for (const row of rows) {
        const rejected = table.rejected(row);
        // a record the mapping rejected fails here, with its location, as every other record of the account would
        if (rejected)
            (table.isTask(row) ? mapTask : mapEvent)(
                rejected,
                locationOf(table.isTask(row) ? 'Task' : 'Event', rejected)
            );
        const activity = table.engineActivity(row);
        if (!activity) continue;
        // an activity whose contact is not on this account counts for the account, not a stranger contact
        if (!contactIds.has(activity.contactId as string)) activity.contactId = null;
        activities.push(activity);
    }
    return {
        ...header,
        contacts,
        activities,
        opportunities: records.opportunities.map(
            (o) => memo(o, () => mapOpportunity(o, locationOf('Opportunity', o))).opportunity
        ),
        cases: records.cases.map((c) => memo(c, () => mapCase(c, locationOf('Case', c))).supportCase),
        usage: records.usage.map((u) => memo(u, () => mapUsage(u, locationOf('Product_Usage__c', u))).period),
        snapshots: records.snapshots.map(
            (s) => memo(s, () => mapSnapshot(s, locationOf('Account_Health_Snapshot__c', s))).snapshot
        )
    };
}
