// Reads a dataset folder (docs/dataset-format.md): one `<Object>.json` or `<Object>.csv` per object. CSV files
// stream row by row; JSON files are parsed one file at a time. Records are mapped by ./records and handed to
// a sink, so scoring can stream straight into the PortfolioScorer without holding activities in memory.
import { isAscii } from 'node:buffer';
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { EngineInputError, PortfolioScorer, criteriaFields } from '../engine';
import type { ModelSelector, SignalDefinition, SignalObservation } from '../engine';
import type {
    AccountHeader,
    AccountInput,
    CaseInput,
    ContactInput,
    IsoDate,
    ModelConfig,
    OpportunityInput,
    PortfolioActivity,
    PortfolioResult,
    OverrideInput,
    SnapshotInput,
    UsagePeriodInput,
    UserInput
} from '../engine';
import { ACTIVITY, EventRows, GENERAL, OPEN, TaskRows } from './activityRows';
import { ContactRows } from './contactRows';
import type { ActivityCodes } from './activityRows';
import { CsvError, CsvParser } from './csv';
import {
    DatasetError,
    MAPPED_FIELDS,
    accountChurnedOn,
    mapAccount,
    mapCase,
    mapContact,
    mapEvent,
    mapOpportunity,
    mapOverride,
    mapSnapshot,
    mapTask,
    mapUsage,
    mapUser
} from './records';
import type { RecordLocation, SalesforceRecord } from './records';

/** Objects in reading order: parents before the records that point at them. */
export const DATASET_OBJECTS = [
    'Account',
    'User',
    'Contact',
    'Task',
    'Event',
    'Opportunity',
    'Case',
    'Product_Usage__c',
    'Account_Health_Snapshot__c',
    'Health_Override__c'
] as const;
export type DatasetObject = (typeof DATASET_OBJECTS)[number];

/** Receives mapped records in DATASET_OBJECTS order. Returning false marks the record as an orphan. */
export interface DatasetSink {
    /** `fields`: the values of the extra Account fields asked for (segment criteria), when any were. */
    account(account: AccountHeader, churnedOn: IsoDate | null, fields?: Record<string, unknown>): void;
    user(user: UserInput): void;
    contact(accountId: string, contact: ContactInput): boolean;
    activity(activity: PortfolioActivity): boolean;
    /**
     * Optional, with activityOrphans: a Task or Event row of a CSV file as engine codes
     * (PortfolioScorer.queueActivityCodes), read straight from the row's fields (./activityRows); the same
     * activity `activity` would get. `row` is reused: copy what you keep. Without it every activity goes to
     * `activity`.
     */
    activityCodes?(row: ActivityCodes): void;
    /** How many activities given to activityCodes since the last call were orphans (called after each file). */
    activityOrphans?(): number;
    opportunity(accountId: string, opportunity: OpportunityInput): boolean;
    supportCase(accountId: string, supportCase: CaseInput): boolean;
    usage(accountId: string, period: UsagePeriodInput): boolean;
    snapshot(accountId: string, snapshot: SnapshotInput): boolean;
    /** A manual override (Health_Override__c); sinks without it skip overrides. */
    override?(accountId: string, override: OverrideInput): boolean;
}

export interface DatasetReadStats {
    /** Records read per object file (0 when the file is absent). */
    records: Partial<Record<DatasetObject, number>>;
    /** Records skipped because their account (or contact) is not in the dataset. */
    orphans: Partial<Record<DatasetObject, number>>;
    /** Tasks skipped because they are not completed. */
    openTasks: number;
}

function fileFor(folder: string, object: DatasetObject): { path: string; kind: 'json' | 'csv' } | null {
    const json = join(folder, `${object}.json`);
    const csv = join(folder, `${object}.csv`);
    const hasJson = existsSync(json);
    const hasCsv = existsSync(csv);
    if (hasJson && hasCsv) {
        throw new DatasetError(
            { file: `${object}.json`, record: 'file' },
            null,
            `both ${object}.json and ${object}.csv exist`,
            'Keep one file per object.'
        );
    }
    if (hasJson) return { path: json, kind: 'json' };
    if (hasCsv) return { path: csv, kind: 'csv' };
    return null;
}

/**
 * How records are handed over. `fresh` (the default): a new record and location object per record, safe to keep.
 * `reused`: one record object and one location per file, overwritten for every row (no allocation per row;
 * the visitor must not keep either), and only `fields` are read from a CSV file.
 */
export interface RecordPassing {
    reuse: boolean;
    fields?: ReadonlySet<string>;
    /**
     * CSV only: given the header (trimmed; skipped columns blank), a reader of rows straight from their fields,
     * which answers false for a row it leaves to `visit` (built into a record as usual).
     */
    rows?: (header: readonly string[]) => CsvRowReader;
}

/** Reads one CSV row from its fields (the parser's reused array); false: visit it as a record instead. */
export type CsvRowReader = (fields: readonly string[], at: RecordLocation) => boolean;

/** Calls `visit` for every record of one object file; returns how many were read (0 if the file is absent). */
export async function forEachRecord(
    folder: string,
    object: DatasetObject,
    visit: (record: SalesforceRecord, at: RecordLocation) => void,
    passing: RecordPassing = { reuse: false }
): Promise<number> {
    const file = fileFor(folder, object);
    if (!file) return 0;
    const name = `${object}.${file.kind}`;
    return file.kind === 'json'
        ? forEachJsonRecord(file.path, name, visit)
        : forEachCsvRecord(file.path, name, visit, passing);
}

async function forEachJsonRecord(
    path: string,
    name: string,
    visit: (record: SalesforceRecord, at: RecordLocation) => void
): Promise<number> {
    let parsed: unknown;
    try {
        parsed = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
        throw new DatasetError(
            { file: name, record: 'file' },
            null,
            `not valid JSON (${(error as Error).message})`
        );
    }
    const records = Array.isArray(parsed)
        ? parsed
        : parsed && typeof parsed === 'object' && Array.isArray((parsed as { records?: unknown }).records)
          ? (parsed as { records: unknown[] }).records
          : null;
    if (!records) {
        throw new DatasetError(
            { file: name, record: 'file' },
            null,
            'expected a JSON array of records or { "records": [...] }'
        );
    }
    records.forEach((record, index) => {
        const id =
            record && typeof record === 'object' && typeof (record as { Id?: unknown }).Id === 'string'
                ? ` (Id ${(record as { Id: string }).Id})`
                : '';
        const at = { file: name, record: `record ${index + 1}${id}` };
        if (!record || typeof record !== 'object' || Array.isArray(record)) {
            throw new DatasetError(at, null, 'expected a JSON object');
        }
        visit(record as SalesforceRecord, at);
    });
    return records.length;
}

/** A CSV row's location, built into text only when an error message needs it. */
class CsvLocation implements RecordLocation {
    line = 0;
    constructor(readonly file: string) {}
    get record(): string {
        return `line ${this.line}`;
    }
}

/**
 * A file's chunks as text: what a UTF-8 StringDecoder gives (a character split across chunks completed by the
 * next one, a broken sequence as U+FFFD). A chunk of ASCII bytes, with no character left open by the chunk
 * before, is the same text read as Latin-1: a plain copy of the bytes, without UTF-8 decoding (an export is nearly
 * all ASCII; decoding it was about a quarter of the parser's cost, docs/engine.md "Performance").
 */
export class Utf8Chunks {
    private readonly decoder = new StringDecoder('utf8');
    /** The decoder may hold the start of a character: the last chunk given to it ended with a non-ASCII byte. */
    private open = false;

    text(chunk: Buffer): string {
        if (chunk.length === 0) return '';
        if (!this.open && isAscii(chunk)) return chunk.toString('latin1');
        this.open = (chunk[chunk.length - 1] as number) >= 0x80;
        return this.decoder.write(chunk);
    }

    /** What is left when the file ends: '' or U+FFFD for a character left open. */
    end(): string {
        return this.decoder.end();
    }
}

async function forEachCsvRecord(
    path: string,
    name: string,
    visit: (record: SalesforceRecord, at: RecordLocation) => void,
    passing: RecordPassing
): Promise<number> {
    const parser = new CsvParser();
    let header: string[] | null = null;
    let shared: Record<string, string> | null = null;
    const sharedAt = new CsvLocation(name);
    let rowReader: CsvRowReader | null = null;
    let count = 0;
    const onRow = (fields: string[], line: number): void => {
        if (!header) {
            header = fields.map((field) => field.trim());
            if (passing.reuse) {
                const wanted = passing.fields;
                const keep = header.map((h) => !wanted || wanted.has(h));
                parser.keepColumns(keep);
                // One record with every kept column, in header order: the same shape for every row.
                shared = {};
                for (let i = 0; i < header.length; i++) if (keep[i]) shared[header[i] as string] = '';
                header = header.map((h, i) => (keep[i] ? h : ''));
            }
            if (passing.rows) rowReader = passing.rows(header);
            return;
        }
        const columns = header.length;
        let at: RecordLocation;
        if (shared) {
            sharedAt.line = line;
            at = sharedAt;
        } else at = { file: name, record: `line ${line}` };
        if (fields.length !== columns) {
            throw new DatasetError(at, null, `has ${fields.length} fields but the header has ${columns}`);
        }
        if (rowReader !== null && rowReader(fields, at)) {
            count++;
            return;
        }
        let record: Record<string, string>;
        if (shared) {
            record = shared;
            for (let i = 0; i < columns; i++) {
                const column = header[i] as string;
                if (column !== '') record[column] = fields[i] as string;
            }
        } else {
            record = {};
            for (let i = 0; i < columns; i++) record[header[i] as string] = fields[i] as string;
        }
        count++;
        visit(record, at);
    };
    try {
        const chunks = new Utf8Chunks();
        for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
            parser.feed(chunks.text(chunk as Buffer), onRow);
        }
        const tail = chunks.end();
        if (tail !== '') parser.feed(tail, onRow);
        parser.finish(onRow);
    } catch (error) {
        if (error instanceof CsvError) {
            throw new DatasetError({ file: name, record: `line ${error.line}` }, null, error.problem);
        }
        throw error;
    }
    return count;
}

/** Reads every object of a dataset folder into `sink`, parents first. */
export async function readDatasetInto(
    folder: string,
    sink: DatasetSink,
    /** Extra Account fields to read and hand to `sink.account` (segment criteria, scripts/engine/segments.ts). */
    options: { accountFields?: readonly string[] } = {}
): Promise<DatasetReadStats> {
    const accountFields = options.accountFields ?? [];
    if (!existsSync(folder)) {
        throw new DatasetError({ file: folder, record: 'folder' }, null, 'dataset folder not found');
    }
    if (!fileFor(folder, 'Account')) {
        throw new DatasetError(
            { file: 'Account.json / Account.csv', record: 'file' },
            null,
            `no Account file in ${folder}`,
            'A dataset needs at least Account.json or Account.csv.'
        );
    }
    const stats: DatasetReadStats = { records: {}, orphans: {}, openTasks: 0 };
    const accountIds = new Set<string>();
    const seenFields = new Set<string>();
    const idByCustomerKey = new Map<string, string>();
    const orphan = (object: DatasetObject, accepted: boolean) => {
        if (!accepted) stats.orphans[object] = (stats.orphans[object] ?? 0) + 1;
    };
    const columns = (object: DatasetObject): ReadonlySet<string> | undefined => {
        const mapped = MAPPED_FIELDS[object];
        if (!mapped || object !== 'Account' || accountFields.length === 0) return mapped;
        return new Set([...mapped, ...accountFields]);
    };
    // The engine's own input errors (a duplicate contact Id, ...) get the file and record named too.
    const located = (error: unknown, at: RecordLocation): unknown =>
        error instanceof EngineInputError
            ? new DatasetError(at, error.field, error.message, error.hint)
            : error;
    const read = async (
        object: DatasetObject,
        visit: (record: SalesforceRecord, at: RecordLocation) => void,
        rows?: (header: readonly string[]) => CsvRowReader
    ) => {
        // The mappers keep no record or location: one of each per file is reused (no allocation per row).
        stats.records[object] = await forEachRecord(
            folder,
            object,
            (record, at) => {
                try {
                    visit(record, at);
                } catch (error) {
                    throw located(error, at);
                }
            },
            {
                reuse: true,
                ...(columns(object) ? { fields: columns(object) } : {}),
                ...(rows
                    ? {
                          rows: (header: readonly string[]) => {
                              const reader = rows(header);
                              return (fields: readonly string[], at: RecordLocation) => {
                                  try {
                                      return reader(fields, at);
                                  } catch (error) {
                                      throw located(error, at);
                                  }
                              };
                          }
                      }
                    : {})
            }
        );
    };
    const activityOrphans = (object: 'Task' | 'Event') => {
        const orphans = sink.activityOrphans?.() ?? 0;
        if (orphans > 0) stats.orphans[object] = (stats.orphans[object] ?? 0) + orphans;
    };
    /** Task and Event rows straight to sink.activityCodes, when the sink takes them (GENERAL rows: mapped). */
    const activityRows = (object: 'Task' | 'Event') => {
        const take = sink.activityCodes?.bind(sink);
        if (!take || !sink.activityOrphans) return undefined;
        return (header: readonly string[]): CsvRowReader => {
            const reader = object === 'Task' ? new TaskRows(header) : new EventRows(header);
            const row = reader.row;
            // Local copies: run through tsx, an imported constant is a getter call on the module each time it
            // is read (three per row of 10 million).
            const general = GENERAL;
            const open = OPEN;
            const activity = ACTIVITY;
            return (fields) => {
                const kind = reader.read(fields);
                if (kind === general) return false;
                if (kind === open) stats.openTasks++;
                else if (kind === activity) take(row);
                return true;
            };
        };
    };

    await read('Account', (record, at) => {
        const { customerKey, ...account } = mapAccount(record, at);
        if (accountIds.has(account.id))
            throw new DatasetError(at, 'Id', `duplicate Account Id ${account.id}`);
        accountIds.add(account.id);
        if (customerKey) {
            // Customer_Key__c is a unique External ID that is not case-sensitive: Salesforce matches (and keeps
            // unique) 'cust-1' and 'CUST-1' as one key, so usage rows match it ignoring letter case too.
            const key = customerKey.toLowerCase();
            const other = idByCustomerKey.get(key);
            if (other !== undefined)
                throw new DatasetError(
                    at,
                    'Customer_Key__c',
                    `Customer_Key__c ${customerKey} is also the key of Account ${other} (keys are unique ignoring letter case)`
                );
            idByCustomerKey.set(key, account.id);
        }
        if (accountFields.length === 0) return sink.account(account, accountChurnedOn(record, at));
        // The record object is reused per row: copy the criteria fields' values off it.
        const fields: Record<string, unknown> = {};
        for (const field of accountFields) {
            if (field in record) seenFields.add(field);
            fields[field] = record[field] ?? null;
        }
        sink.account(account, accountChurnedOn(record, at), fields);
    });
    const unseen = accountIds.size > 0 ? accountFields.filter((f) => !seenFields.has(f)) : [];
    if (unseen.length)
        throw new DatasetError(
            { file: 'Account', record: 'every record' },
            unseen[0] as string,
            `a segment's criteria read ${unseen.join(', ')}, which no Account record has`,
            'add the column to the Account file, or fix the segment criteria (field names as in the org, any letter case is not enough offline)'
        );
    await read('User', (record, at) => sink.user(mapUser(record, at)));
    await read(
        'Contact',
        (record, at) => {
            const { accountId, contact } = mapContact(record, at);
            orphan('Contact', sink.contact(accountId, contact));
        },
        // Plain rows straight to sink.contact (the others: the record path above).
        (header: readonly string[]): CsvRowReader => {
            const reader = new ContactRows(header);
            return (fields) => {
                const contact = reader.read(fields);
                if (contact === null) return false;
                orphan('Contact', sink.contact(reader.accountId, contact));
                return true;
            };
        }
    );
    await read(
        'Task',
        (record, at) => {
            const task = mapTask(record, at);
            if (task) orphan('Task', sink.activity(task));
            else stats.openTasks++;
        },
        activityRows('Task')
    );
    activityOrphans('Task');
    await read(
        'Event',
        (record, at) => orphan('Event', sink.activity(mapEvent(record, at))),
        activityRows('Event')
    );
    activityOrphans('Event');
    await read('Opportunity', (record, at) => {
        const { accountId, opportunity } = mapOpportunity(record, at);
        orphan('Opportunity', sink.opportunity(accountId, opportunity));
    });
    await read('Case', (record, at) => {
        const { accountId, supportCase } = mapCase(record, at);
        orphan('Case', sink.supportCase(accountId, supportCase));
    });
    await read('Product_Usage__c', (record, at) => {
        const { accountId, customerKey, period } = mapUsage(record, at);
        const resolved =
            accountId ?? (customerKey ? idByCustomerKey.get(customerKey.toLowerCase()) : undefined);
        orphan('Product_Usage__c', resolved ? sink.usage(resolved, period) : false);
    });
    await read('Account_Health_Snapshot__c', (record, at) => {
        const { accountId, snapshot } = mapSnapshot(record, at);
        orphan('Account_Health_Snapshot__c', sink.snapshot(accountId, snapshot));
    });
    if (sink.override) {
        const userNames = new Map<string, string>();
        // Users were read above; their names name who set an override when the file has only CreatedById.
        await forEachRecord(folder, 'User', (record) => {
            if (typeof record.Id === 'string' && typeof record.Name === 'string')
                userNames.set(record.Id, record.Name);
        });
        await read('Health_Override__c', (record, at) => {
            const { accountId, override, setById } = mapOverride(record, at);
            const setBy = override.setBy ?? (setById ? (userNames.get(setById) ?? null) : null);
            orphan('Health_Override__c', sink.override?.(accountId, { ...override, setBy }) ?? false);
        });
    }
    return stats;
}

export interface DatasetScore extends PortfolioResult {
    read: DatasetReadStats;
}

/** Streams a dataset folder through the PortfolioScorer as of `asOf`. */
export async function scoreDataset(
    folder: string,
    config: ModelConfig,
    asOf: IsoDate,
    /** Segment models: each account is scored by its first matching segment's model. */
    selector: ModelSelector | null = null,
    /** Admin-defined signals and every account's values (scripts/dataset/signals.ts). */
    signals: {
        definitions: readonly SignalDefinition[];
        values: ReadonlyMap<string, readonly SignalObservation[]>;
    } | null = null
): Promise<DatasetScore> {
    const scorer = new PortfolioScorer(config, asOf, selector, signals?.definitions ?? []);
    const accountFields = selector ? criteriaFields(selector.segments) : [];
    const read = await readDatasetInto(
        folder,
        {
            account: (account, _churned, fields) => scorer.addAccount(account, fields),
            user: (user) => scorer.addUser(user),
            contact: (accountId, contact) => scorer.addContact(accountId, contact),
            activity: (activity) => scorer.addActivity(activity),
            activityOrphans: () => scorer.takeQueuedOrphans(),
            activityCodes: (row) =>
                scorer.queueActivityCodes(
                    row.contactId,
                    row.accountId,
                    row.day,
                    row.channel,
                    row.outcome,
                    row.ownerId
                ),
            opportunity: (accountId, opportunity) => scorer.addOpportunity(accountId, opportunity),
            supportCase: (accountId, supportCase) => scorer.addCase(accountId, supportCase),
            usage: (accountId, period) => scorer.addUsage(accountId, period),
            snapshot: (accountId, snapshot) => scorer.addSnapshot(accountId, snapshot),
            override: (accountId, override) => scorer.addOverride(accountId, override)
        },
        { accountFields }
    );
    for (const [accountId, list] of signals?.values ?? [])
        for (const observation of list) scorer.addSignalValue(accountId, observation);
    return { ...scorer.finish(), read };
}

export interface LoadedDataset {
    /** Every account with all of its records (for backtests that score one account at many dates). */
    accounts: AccountInput[];
    users: UserInput[];
    /** Account Id → Churned_On__c, for backtests. */
    churnedOn: Map<string, IsoDate>;
    read: DatasetReadStats;
}

/** Loads a whole dataset into memory as AccountInputs (fine for demo and backtest sizes, not for 10M rows). */
export async function loadDataset(folder: string): Promise<LoadedDataset> {
    const accounts = new Map<string, MutableAccount>();
    const mutable = (id: string) => accounts.get(id);
    const contactAccount = new Map<string, string>();
    const users: UserInput[] = [];
    const churnedOn = new Map<string, IsoDate>();
    const read = await readDatasetInto(folder, {
        account: (account, churned) => {
            accounts.set(account.id, {
                ...account,
                contacts: [],
                activities: [],
                opportunities: [],
                cases: [],
                usage: [],
                snapshots: [],
                overrides: []
            });
            if (churned) churnedOn.set(account.id, churned);
        },
        user: (user) => void users.push(user),
        contact: (accountId, contact) => {
            const account = mutable(accountId);
            if (!account) return false;
            account.contacts.push(contact);
            contactAccount.set(contact.id, accountId);
            return true;
        },
        activity: (activity) => {
            const accountId =
                (activity.contactId && contactAccount.get(activity.contactId)) || activity.accountId;
            const account = accountId ? mutable(accountId) : undefined;
            if (!account) return false;
            const { accountId: _accountId, ...rest } = activity;
            const known = rest.contactId !== null && contactAccount.get(rest.contactId) === account.id;
            account.activities.push({ ...rest, contactId: known ? rest.contactId : null });
            return true;
        },
        opportunity: (accountId, opportunity) => push(mutable(accountId)?.opportunities, opportunity),
        supportCase: (accountId, supportCase) => push(mutable(accountId)?.cases, supportCase),
        usage: (accountId, period) => push(mutable(accountId)?.usage, period),
        snapshot: (accountId, snapshot) => push(mutable(accountId)?.snapshots, snapshot),
        override: (accountId, override) => push(mutable(accountId)?.overrides, override)
    });
    return { accounts: [...accounts.values()], users, churnedOn, read };
}

interface MutableAccount extends AccountHeader {
    contacts: ContactInput[];
    activities: AccountInput['activities'][number][];
    opportunities: OpportunityInput[];
    cases: CaseInput[];
    usage: UsagePeriodInput[];
    snapshots: SnapshotInput[];
    overrides: OverrideInput[];
}

function push<T>(list: T[] | undefined, item: T): boolean {
    if (!list) return false;
    list.push(item);
    return true;
}
