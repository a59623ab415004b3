/**
 * Raw records in and out of the backtest: reading a dataset folder as raw records (the backtest cuts them
 * to each as-of date before mapping), and mapping one account's cut records to the engine's AccountInput with
 * the project's shared record mapping (scripts/dataset/records.ts), so a backtest scores exactly what a run
 * over the same data would. Mapping errors name the file, the record and the field.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
    type RecordLocation,
    type SalesforceRecord
} from '../dataset/records';
import type { AccountRecords } from './history';
import type { RawDataset, RawRecord, RawValue } from './synthetic';

/** Where each record read from a file came from, for error messages raised later by the mapping. */
const locations = new WeakMap<object, RecordLocation>();

const locationOf = (object: string, record: RawRecord): RecordLocation =>
    locations.get(record) ?? {
        file: object,
        record: record.Id !== undefined && record.Id !== null ? `Id ${String(record.Id)}` : 'record'
    };

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
 * Activities are most of an export (10 million Tasks at 100,000 accounts) and are read back only through the fields
 * the mapping reads (MAPPED_FIELDS; the history cut and the features read a subset of those). Each is kept as a
 * compact record of those columns only, with values copied off the file chunk and repeated values (contact,
 * account and owner ids, dates, picklist values) shared; no location entry and no mapping memo (see memo).
 */
const COMPACT_OBJECTS: ReadonlySet<string> = new Set(['Task', 'Event']);
const SHARED_LIMIT = 2_000_000;

/** A flat copy of `value` that keeps no file chunk alive. */
function copied(value: string): string {
    const copy = Buffer.from(value, 'utf8').toString('utf8');
    return copy === value ? copy : ` ${value}`.slice(1);
}

/**
 * Reads a dataset folder (docs/dataset-format.md, JSON or CSV per object) as raw records. Every record is
 * mapped once while reading, so a bad value fails here, naming its file, record and field, before any
 * scoring starts.
 */
export async function readDatasetFolder(folder: string): Promise<RawDataset> {
    const dataset: RawDataset = {};
    const shared = new Map<string, string>();
    const share = (value: RawValue): RawValue => {
        if (typeof value !== 'string' || value === '') return value;
        let kept = shared.get(value);
        if (kept === undefined) {
            kept = copied(value);
            if (shared.size >= SHARED_LIMIT) shared.clear();
            shared.set(kept, kept);
        }
        return kept;
    };
    for (const object of DATASET_OBJECTS) {
        const rows: RawRecord[] = [];
        const validate = VALIDATORS[object];
        // CSV only: every row of a CSV file has the same columns (JSON records may differ in which keys they have).
        if (COMPACT_OBJECTS.has(object) && existsSync(join(folder, `${object}.csv`))) {
            const fields = MAPPED_FIELDS[object] as ReadonlySet<string>;
            let template: RawRecord | null = null;
            let keys: string[] = [];
            await forEachRecord(
                folder,
                object,
                (record, at) => {
                    validate?.(record, at);
                    if (!template) {
                        // The columns this file has among the mapped ones, in file order: one shape for every row.
                        keys = Object.keys(record).filter((key) => fields.has(key));
                        template = JSON.parse(
                            JSON.stringify(Object.fromEntries(keys.map((key) => [key, null])))
                        ) as RawRecord;
                    }
                    const row: RawRecord = { ...template };
                    for (const key of keys) {
                        const value = record[key] as RawValue | undefined;
                        row[key] =
                            key === 'Id' && typeof value === 'string' ? copied(value) : share(value ?? null);
                    }
                    rows.push(row);
                },
                { reuse: true, fields }
            );
        } else {
            await forEachRecord(folder, object, (record, at) => {
                validate?.(record, at);
                const row = record as RawRecord;
                locations.set(row, at);
                rows.push(row);
            });
        }
        if (rows.length) dataset[object] = rows;
    }
    return dataset;
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
    const addActivity = (mapped: ReturnType<typeof mapEvent> | null) => {
        if (!mapped) return;
        const { accountId: _accountId, ...activity } = mapped;
        // an activity whose contact is not on this account counts for the account, not a stranger contact
        activities.push({
            ...activity,
            contactId: activity.contactId && contactIds.has(activity.contactId) ? activity.contactId : null
        });
    };
    // Activities are mapped at every horizon rather than memoised: a memo entry per activity would double the
    // memory of a 10-million-activity backtest, and mapping one is cheap.
    for (const task of records.tasks) addActivity(mapTask(task, locationOf('Task', task)));
    for (const event of records.events) addActivity(mapEvent(event, locationOf('Event', event)));
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
