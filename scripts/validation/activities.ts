/**
 * A backtest's activity history in compact form. Activities are most of an export (10 million Tasks at 100,000
 * accounts) and the backtest reads them again at every as-of date, so each is kept as a row of typed-array
 * columns (about 26 bytes) instead of a record object: the day the point-in-time cut reads, the day, channel and
 * outcome the engine reads, the contact and owner as numbers of a shared string table, and the few facts the
 * baselines read (scripts/validation/features.ts). What each column holds is exactly what the record-based code
 * read from the record (history.ts dateOf and text, the shared record mapping's mapTask / mapEvent), so the
 * backtest scores and reports the same with either.
 *
 * A table is filled once (from a dataset folder's rows, or from records held in memory), then only read: the
 * history groups its rows by account and cuts each account's rows to an as-of date as arrays of row numbers.
 */
import { isoFromDayNumber, tryDayNumber, type ActivityInput, type PortfolioActivity } from '../engine';
import { ownString, type SalesforceRecord } from '../dataset/records';
import type { RawRecord, RawValue } from './synthetic';

/** Key of a RawDataset's activities in compact form (readDatasetFolder); when present, Task and Event are not read. */
export const ACTIVITIES: unique symbol = Symbol('activities');

export type ActivityObject = 'Task' | 'Event';

// ---------------------------------------------------------------- flags (one Uint16 per row)

const TASK = 1;
/** The engine scores it: an Event, or a completed Task (mapTask answers null for the others). */
const COUNTED = 2;
/** `record.EndDateTime !== undefined` (features.ts: a meeting with a decision maker). */
const HAS_END = 4;
/** Outcome__c as the baselines read it: 0 none, 1 exactly 'Positive', 2 any other text. */
const RATED_SHIFT = 3;
const CHANNEL_SHIFT = 5;
const OUTCOME_SHIFT = 7;
/** WhoId: 0 a text value (see `who`), 1 null, 2 absent, 3 ''. */
const WHO_SHIFT = 9;
/** The record mapping rejects it: mapped again (and so rejected with its location) when its account is scored. */
const BAD = 1 << 11;

const WHO_TEXT = 0;
const WHO_NULL = 1;
const WHO_ABSENT = 2;
const WHO_EMPTY = 3;

const CHANNELS = ['Call', 'Email', 'Meeting', 'Message'] as const;
const OUTCOME_VALUES = [null, 'Positive', 'Neutral', 'Negative'] as const;

/** history.ts `text`: null, absent and '' are no value; anything else as text. */
export const text = (value: RawValue | undefined): string | null =>
    value === null || value === undefined || value === '' ? null : String(value);

/** `YYYY-MM-DD` of a date or date-time value (the date part as written), or null. */
export const dateOf = (value: RawValue | undefined): string | null => {
    const raw = text(value);
    return raw && /^\d{4}-\d{2}-\d{2}/.test(raw) ? raw.slice(0, 10) : null;
};

/** A dateOf result as a number that sorts as the text does (YYYYMMDD); -1 for null. */
function dateKey(date: string | null): number {
    if (date === null) return -1;
    return Number(date.slice(0, 4)) * 10_000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
}

/** The dateOf text of a date key (its digits were the text's). */
export function keyDate(key: number): string {
    const year = Math.floor(key / 10_000);
    const month = Math.floor(key / 100) % 100;
    const day = key % 100;
    return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The date the cut reads: a Task exists from its completion, an Event from its end. */
function cutDate(object: ActivityObject, record: SalesforceRecord): string | null {
    const values = record as Readonly<Record<string, RawValue | undefined>>;
    return object === 'Task'
        ? (dateOf(values.CompletedDateTime) ?? dateOf(values.ActivityDate))
        : (dateOf(values.EndDateTime) ?? dateOf(values.ActivityDate));
}

export class ActivityTable {
    length = 0;
    flags = new Uint16Array(1024);
    /** date key of the cut's date (-1: none) */
    cut = new Int32Array(1024);
    /** the engine's day number of a counted activity */
    day = new Int32Array(1024);
    /** string number of WhoId's text (-1: none) */
    who = new Int32Array(1024);
    /** string number of the mapped OwnerId (-1: none) */
    owner = new Int32Array(1024);
    /** string number of AccountId's text (-1: none) */
    account = new Int32Array(1024);
    /** string number of WhatId's text when that text was already in the table (an account's Id), -1 none, -2 other */
    what = new Int32Array(1024);
    /** the record of each row, when the table was made from records held in memory */
    readonly sources: RawRecord[] | null;
    readonly strings: string[] = [];
    private readonly numbers = new Map<string, number>();

    /**
     * `knownIds`: the data set's account Ids, so that a WhatId naming an account is recognised without keeping
     * every other WhatId. `keepSources`: keep each row's record (records held in memory anyway).
     */
    constructor(knownIds: Iterable<string> = [], keepSources = false) {
        this.sources = keepSources ? [] : null;
        for (const id of knownIds) this.number(id);
    }

    /** The number of a string, adding a copy of it that shares no memory with the text it was read from. */
    number(value: string): number {
        let found = this.numbers.get(value);
        if (found === undefined) {
            found = this.strings.length;
            const own = ownString(value);
            this.strings.push(own);
            this.numbers.set(own, found);
        }
        return found;
    }

    /** The number of a string already in the table, or -1. */
    find(value: string): number {
        return this.numbers.get(value) ?? -1;
    }

    /**
     * Adds one Task or Event: `record` as read (read now, not kept), `mapped` what mapTask / mapEvent gave for it
     * (null: a Task that is not completed; undefined: the mapping rejected it, only with `source`).
     */
    add(
        object: ActivityObject,
        record: SalesforceRecord,
        mapped: PortfolioActivity | null | undefined,
        source?: RawRecord
    ): void {
        if (this.length === this.flags.length) this.grow();
        const at = this.length++;
        const values = record as Readonly<Record<string, RawValue | undefined>>;
        let flags = object === 'Task' ? TASK : 0;
        if (values.EndDateTime !== undefined) flags |= HAS_END;
        const outcome = values.Outcome__c;
        if (typeof outcome === 'string' && outcome !== '')
            flags |= (outcome === 'Positive' ? 1 : 2) << RATED_SHIFT;
        const who = values.WhoId;
        const whoText = text(who);
        this.who[at] = whoText === null ? -1 : this.number(whoText);
        flags |=
            (who === null ? WHO_NULL : who === undefined ? WHO_ABSENT : who === '' ? WHO_EMPTY : WHO_TEXT) <<
            WHO_SHIFT;
        const account = text(values.AccountId);
        this.account[at] = account === null ? -1 : this.number(account);
        const what = text(values.WhatId);
        const known = what === null ? -1 : this.find(what);
        this.what[at] = what === null ? -1 : known >= 0 ? known : -2;
        this.cut[at] = dateKey(cutDate(object, record));
        this.owner[at] = -1;
        this.day[at] = 0;
        if (mapped === undefined) {
            if (!source) throw new Error('ActivityTable.add: a rejected activity needs its record');
            flags |= BAD;
        } else if (mapped !== null) {
            flags |= COUNTED;
            flags |= CHANNELS.indexOf(mapped.channel as (typeof CHANNELS)[number]) << CHANNEL_SHIFT;
            flags |= OUTCOME_VALUES.indexOf(mapped.outcome) << OUTCOME_SHIFT;
            this.day[at] = tryDayNumber(mapped.date);
            this.owner[at] = mapped.ownerId === null ? -1 : this.number(mapped.ownerId);
        }
        this.flags[at] = flags;
        this.sources?.push(source as RawRecord);
    }

    private grow(): void {
        this.resize(Math.ceil(this.flags.length * 1.5));
    }

    /** Frees the room kept for rows not added (once every row is in). */
    fit(): void {
        if (this.flags.length > this.length) this.resize(this.length);
    }

    private resize(size: number): void {
        const wider = <T extends Uint16Array | Int32Array>(column: T, make: (n: number) => T): T => {
            const copy = make(size);
            copy.set(column.subarray(0, Math.min(size, column.length)));
            return copy;
        };
        this.flags = wider(this.flags, (n) => new Uint16Array(n));
        this.cut = wider(this.cut, (n) => new Int32Array(n));
        this.day = wider(this.day, (n) => new Int32Array(n));
        this.who = wider(this.who, (n) => new Int32Array(n));
        this.owner = wider(this.owner, (n) => new Int32Array(n));
        this.account = wider(this.account, (n) => new Int32Array(n));
        this.what = wider(this.what, (n) => new Int32Array(n));
    }

    /** Every row, in the order added. */
    all(): ActivitySet {
        const rows = new Int32Array(this.length);
        for (let i = 0; i < rows.length; i++) rows[i] = i;
        return { table: this, rows };
    }

    isTask(row: number): boolean {
        return ((this.flags[row] as number) & TASK) !== 0;
    }

    /** history.ts `text(WhoId)`. */
    whoText(row: number): string | null {
        const who = this.who[row] as number;
        return who < 0 ? null : (this.strings[who] as string);
    }

    /** `String(record.WhoId)`, as the cut and the baselines compare it with a contact's Id. */
    whoString(row: number): string {
        switch (((this.flags[row] as number) >> WHO_SHIFT) & 3) {
            case WHO_NULL:
                return 'null';
            case WHO_ABSENT:
                return 'undefined';
            case WHO_EMPTY:
                return '';
            default:
                return this.strings[this.who[row] as number] as string;
        }
    }

    hasEnd(row: number): boolean {
        return ((this.flags[row] as number) & HAS_END) !== 0;
    }

    /** 0: no Outcome__c text, 1: 'Positive', 2: any other text. */
    rated(row: number): number {
        return ((this.flags[row] as number) >> RATED_SHIFT) & 3;
    }

    /** The record of a row the mapping rejected (map it again to throw its error), else null. */
    rejected(row: number): RawRecord | null {
        return (this.flags[row] as number) & BAD ? (this.sources?.[row] ?? null) : null;
    }

    /** The engine's activity of a row (contactId as WhoId's text), or null for a Task that is not completed. */
    engineActivity(row: number): ActivityInput | null {
        const flags = this.flags[row] as number;
        if (!(flags & COUNTED)) return null;
        const owner = this.owner[row] as number;
        return {
            contactId: this.whoText(row),
            date: isoDay(this.day[row] as number),
            channel: CHANNELS[(flags >> CHANNEL_SHIFT) & 3] as ActivityInput['channel'],
            outcome: OUTCOME_VALUES[(flags >> OUTCOME_SHIFT) & 3] as ActivityInput['outcome'],
            ownerId: owner < 0 ? null : (this.strings[owner] as string)
        };
    }
}

const isoDays = new Map<number, string>();
function isoDay(day: number): string {
    let iso = isoDays.get(day);
    if (iso === undefined) {
        iso = isoFromDayNumber(day);
        isoDays.set(day, iso);
    }
    return iso;
}

/** Some rows of a table, in order (an account's activities, or those of a part of a data set). */
export interface ActivitySet {
    readonly table: ActivityTable;
    readonly rows: Int32Array;
}

/**
 * Tasks then Events held as records (a data set in memory, a test's records) as a set of their own table, each
 * mapped with `map` now; a record the mapping rejects is kept and mapped again when its account is scored.
 */
export function activitiesFromRecords(
    tasks: readonly RawRecord[],
    events: readonly RawRecord[],
    map: (object: ActivityObject, record: RawRecord) => PortfolioActivity | null,
    knownIds: Iterable<string> = []
): ActivitySet {
    const table = new ActivityTable(knownIds, true);
    const add = (object: ActivityObject, record: RawRecord) => {
        let mapped: PortfolioActivity | null | undefined;
        try {
            mapped = map(object, record);
        } catch {
            mapped = undefined;
        }
        table.add(object, record, mapped, record);
    };
    for (const task of tasks) add('Task', task);
    for (const event of events) add('Event', event);
    return table.all();
}

/** The rows of `set` dated on or before `asOf` (a row without a date cannot be placed in time: cut). */
export function activitiesAsOf(set: ActivitySet, asOf: string): ActivitySet {
    const { table, rows } = set;
    const kept = new Int32Array(rows.length);
    let count = 0;
    if (ISO_DAY.test(asOf)) {
        const limit = dateKey(asOf);
        for (let i = 0; i < rows.length; i++) {
            const row = rows[i] as number;
            const key = table.cut[row] as number;
            if (key >= 0 && key <= limit) kept[count++] = row;
        }
    } else {
        for (let i = 0; i < rows.length; i++) {
            const row = rows[i] as number;
            const key = table.cut[row] as number;
            if (key >= 0 && !(keyDate(key) > asOf)) kept[count++] = row;
        }
    }
    return { table, rows: count === rows.length ? rows : kept.slice(0, count) };
}

/** `String(WhoId)` of every row of the set (the contacts an activity shows existed). */
export function engagedIds(set: ActivitySet): Set<string> {
    const ids = new Set<string>();
    for (let i = 0; i < set.rows.length; i++) ids.add(set.table.whoString(set.rows[i] as number));
    return ids;
}

/** The records of a set's Tasks or Events, when its table keeps them (else none). */
export function recordsOf(set: ActivitySet, object: ActivityObject): RawRecord[] {
    const { table, rows } = set;
    if (!table.sources) return [];
    const records: RawRecord[] = [];
    for (let i = 0; i < rows.length; i++) {
        const row = rows[i] as number;
        if (table.isTask(row) === (object === 'Task')) records.push(table.sources[row] as RawRecord);
    }
    return records;
}

/** The sets of one table, one after the other. */
export function joinSets(table: ActivityTable, sets: readonly ActivitySet[]): ActivitySet {
    let length = 0;
    for (const set of sets) {
        if (set.table !== table) throw new Error('joinSets: sets of different tables');
        length += set.rows.length;
    }
    const rows = new Int32Array(length);
    let at = 0;
    for (const set of sets) {
        rows.set(set.rows, at);
        at += set.rows.length;
    }
    return { table, rows };
}
