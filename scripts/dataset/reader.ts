// Reads a dataset folder (docs/dataset-format.md): one `<Object>.json` or `<Object>.csv` per object. CSV files
// stream row by row; JSON files are parsed one file at a time. Records are mapped by ./records and handed to
// a sink, so scoring can stream straight into the PortfolioScorer without holding activities in memory.
import { isAscii } from 'node:buffer';
import { existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
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
import type { ActivitySpans } from './activityRows';
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
     * Optional, with activityOrphans: a Task or Event row of a CSV file as engine codes with its Ids as spans of
     * the file chunk (PortfolioScorer.queueActivitySpans), read in place (./activityRows); the same activity
     * `activity` would get. `row` is reused and its text is valid only during the call: copy what you keep.
     * Without it every activity goes to `activity`.
     */
    activitySpans?(row: ActivitySpans): void;
    /** How many activities given to activitySpans since the last call were orphans (called after each file). */
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
    /**
     * CSV only, with `reuse`: given the header (as for `rows`), a reader of the rows the parser cuts in place
     * (nearly every row of an export), tried before `rows`.
     */
    spans?: (header: readonly string[]) => CsvSpanReader;
}

/** Reads one CSV row from its fields (the parser's reused array); false: visit it as a record instead. */
export type CsvRowReader = (fields: readonly string[], at: RecordLocation) => boolean;

/**
 * Reads one CSV row in place, its columns as spans of the file chunk (CsvSpanHandler: column c is
 * text.slice(starts[c], ends[c]), one per header column); false: read it as usual (CsvRowReader, else a record).
 */
export type CsvSpanReader = (
    text: string,
    starts: Int32Array,
    ends: Int32Array,
    at: RecordLocation
) => boolean;

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
 * Bytes read from a CSV file at a time, into one buffer reused for the whole file (a new 1 MB Buffer per read is
 * memory V8 counts as external, and it answers that with full collections of the whole heap). Under 1 MB on
 * purpose too: Node makes a Latin-1 string of more than about a million characters (0xFBEE9) an external string,
 * with the same effect (1 MiB pieces of Task.csv of the bench: 40 full collections instead of 8).
 */
const CHUNK_BYTES = 1_000_000;
const LF = 10;

/**
 * A file read into one reused buffer and handed over as text, in pieces that end at a line end: the bytes after the
 * last LF wait at the buffer's start for the next read (an LF byte is never part of a longer UTF-8 character), so
 * the CSV parser gets whole lines and its text is one flat string (a row carried over from the piece before would
 * make the text a concatenation, and every character the row readers read in place, CsvSpanHandler, slower to
 * reach). A line longer than the buffer is handed over as it comes. The pieces are what a UTF-8 StringDecoder gives
 * for the whole file (a character cut between reads completed, a broken sequence as U+FFFD); a piece of ASCII
 * bytes, with no character left open before it, is the same text read as Latin-1: a plain copy of the bytes,
 * without UTF-8 decoding (an export is nearly all ASCII; decoding it cost about a quarter of reading it,
 * docs/engine.md "Performance").
 */
export class Utf8Lines {
    readonly buffer: Buffer;
    /** Bytes at the buffer's start waiting for their line end. */
    private waiting = 0;
    private readonly decoder = new StringDecoder('utf8');
    /** The decoder may hold the start of a character: the last piece given to it ended with a non-ASCII byte. */
    private open = false;

    constructor(size = CHUNK_BYTES) {
        this.buffer = Buffer.allocUnsafe(size);
    }

    /** Where the next read goes: from this offset of `buffer` to its end. */
    get offset(): number {
        return this.waiting;
    }

    /** `read` more bytes were read into `buffer` at `offset`: the text up to the last line end ('' if none yet). */
    text(read: number): string {
        const used = this.waiting + read;
        let cut = this.buffer.lastIndexOf(LF, used - 1) + 1;
        if (cut === 0) {
            if (used < this.buffer.length) {
                this.waiting = used;
                return '';
            }
            cut = used;
        }
        const text = this.decode(cut);
        this.buffer.copyWithin(0, cut, used);
        this.waiting = used - cut;
        return text;
    }

    /** What is left when the file ends (a last line without a line end; U+FFFD for a character left open). */
    end(): string {
        const text = this.decode(this.waiting);
        this.waiting = 0;
        return text + this.decoder.end();
    }

    /** The first `length` bytes of the buffer as text. */
    private decode(length: number): string {
        if (length === 0) return '';
        const piece = this.buffer.subarray(0, length);
        if (!this.open && isAscii(piece)) return this.buffer.toString('latin1', 0, length);
        this.open = (piece[length - 1] as number) >= 0x80;
        return this.decoder.write(piece);
    }
}

/** Calls `onText` with every piece of a file's text (Utf8Lines), the last one included. */
export async function readTextPieces(
    path: string,
    onText: (text: string) => void,
    size = CHUNK_BYTES
): Promise<void> {
    const lines = new Utf8Lines(size);
    const handle = await open(path, 'r');
    try {
        for (;;) {
            const offset = lines.offset;
            const { bytesRead } = await handle.read(lines.buffer, offset, lines.buffer.length - offset, null);
            if (bytesRead === 0) break;
            onText(lines.text(bytesRead));
        }
    } finally {
        await handle.close();
    }
    onText(lines.end());
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
    let spanReader: CsvSpanReader | null = null;
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
            if (passing.spans && shared) spanReader = passing.spans(header);
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
    // Rows the parser cuts in place go to the span reader first (a row it does not take, or one with the wrong
    // number of fields, then goes to onRow as strings).
    const onSpans = (text: string, starts: Int32Array, ends: Int32Array, fields: number, line: number) => {
        if (spanReader === null || header === null || fields !== header.length) return false;
        sharedAt.line = line;
        if (!spanReader(text, starts, ends, sharedAt)) return false;
        count++;
        return true;
    };
    try {
        await readTextPieces(path, (text) => parser.feed(text, onRow, onSpans));
        parser.finish(onRow, onSpans);
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
        rows?: (header: readonly string[]) => CsvRowReader,
        spans?: (header: readonly string[]) => CsvSpanReader
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
                    : {}),
                ...(spans
                    ? {
                          spans: (header: readonly string[]) => {
                              const reader = spans(header);
                              return (
                                  text: string,
                                  starts: Int32Array,
                                  ends: Int32Array,
                                  at: RecordLocation
                              ) => {
                                  try {
                                      return reader(text, starts, ends, at);
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
    /** Task and Event rows read in place straight to sink.activitySpans, when the sink takes them (GENERAL rows: mapped). */
    const activityRows = (object: 'Task' | 'Event') => {
        const take = sink.activitySpans?.bind(sink);
        if (!take || !sink.activityOrphans) return undefined;
        return (header: readonly string[]): CsvSpanReader => {
            const reader = object === 'Task' ? new TaskRows(header) : new EventRows(header);
            const activity = reader.activity;
            // Local copies: run through tsx, an imported constant is a getter call on the module each time it
            // is read (three per row of 10 million).
            const general = GENERAL;
            const open = OPEN;
            const taken = ACTIVITY;
            return (text, starts, ends) => {
                const kind = reader.read(text, starts, ends);
                if (kind === general) return false;
                if (kind === open) stats.openTasks++;
                else if (kind === taken) take(activity);
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
        undefined,
        activityRows('Task')
    );
    activityOrphans('Task');
    await read(
        'Event',
        (record, at) => orphan('Event', sink.activity(mapEvent(record, at))),
        undefined,
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
            activitySpans: (row) =>
                scorer.queueActivitySpans(
                    row.text,
                    row.contactStart,
                    row.contactEnd,
                    row.accountStart,
                    row.accountEnd,
                    row.ownerStart,
                    row.ownerEnd,
                    row.day,
                    row.channel,
                    row.outcome
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
