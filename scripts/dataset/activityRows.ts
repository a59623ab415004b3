// Task and Event CSV rows read straight into the numbers the engine folds (PortfolioScorer.queueActivitySpans):
// no record object, no activity object, no string per field. The row is read in place, as spans of its file chunk
// (CsvSpanHandler); dates are parsed from their characters into day numbers through a table (each calendar day
// computed once), channels and outcomes become codes, and the contact, account and owner Ids stay spans of the
// chunk, which the engine hashes and compares in place. An export has 10 million such rows (docs/engine.md
// "Performance").
//
// Only rows whose every value is in the plain form an export writes are read here (dates YYYY-MM-DD or an
// ISO date-time, exact picklist values, an Id that starts with a visible character); for any other row read()
// answers GENERAL and the caller maps that row with mapTask / mapEvent (./records), which accept the same
// values in any form and name the file, line and field of a bad one. So a row gives the same activity (or the
// same error) either way; activityRows.test.ts checks that on generated rows of every form.
import { tryDayNumber } from '../engine';
import { activityChannel } from './records';

/** read(): the row is a completed activity, now in `row`. */
export const ACTIVITY = 1;
/** read(): the row is a Task that is not completed (skipped, counted as open). */
export const OPEN = 0;
/** read(): the row is not in the plain form: map it with mapTask / mapEvent. */
export const GENERAL = -1;

/**
 * One activity as engine codes (scripts/engine/contact.ts channelCode, outcomeCode), its Ids as spans of `text`:
 * the contact is text.slice(contactStart, contactEnd), an empty span meaning none; overwritten per row.
 */
export interface ActivitySpans {
    text: string;
    contactStart: number;
    contactEnd: number;
    accountStart: number;
    accountEnd: number;
    ownerStart: number;
    ownerEnd: number;
    day: number;
    channel: number;
    outcome: number;
}

// ---------------------------------------------------------------- dates from characters

const FIRST_YEAR = 1900;
const YEARS = 300;
/** No day: not a plain date, or not a valid one. */
const UNKNOWN = 0x7fffffff;
const UNCOMPUTED = -0x80000000;
/** Day number by (year, month, day) for FIRST_YEAR..+YEARS, filled on first use; UNCOMPUTED = not computed yet. */
let dayTable: Int32Array | null = null;

function digit(text: string, at: number): number {
    const d = text.charCodeAt(at) - 48;
    return d >= 0 && d <= 9 ? d : -1;
}

/**
 * The day number of a date or date-time text in the plain form (`YYYY-MM-DD`, or that followed by `T` or a space
 * and anything), NaN for every other text (valid or not: records.ts decides those). For such texts this is
 * dayNumber(text cut to 10 characters), i.e. what records.ts `date` and then the engine compute.
 */
export function plainDayNumber(text: string): number {
    const day = spanDay(text, 0, text.length);
    return day === UNKNOWN ? Number.NaN : day;
}

/**
 * plainDayNumber(text.slice(start, end)), read in place, with UNKNOWN instead of NaN: always a small integer, so
 * the row readers' code never holds a day as a floating-point number (which the engine would box per row).
 */
function spanDay(text: string, start: number, end: number): number {
    const length = end - start;
    if (length < 10) return UNKNOWN;
    if (length > 10) {
        const c = text.charCodeAt(start + 10);
        if (c !== 84 /* T */ && c !== 32 /* space */) return UNKNOWN;
    }
    if (text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return UNKNOWN;
    const y0 = digit(text, start);
    const y1 = digit(text, start + 1);
    const y2 = digit(text, start + 2);
    const y3 = digit(text, start + 3);
    const m0 = digit(text, start + 5);
    const m1 = digit(text, start + 6);
    const d0 = digit(text, start + 8);
    const d1 = digit(text, start + 9);
    if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return UNKNOWN;
    const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3 - FIRST_YEAR;
    const month = m0 * 10 + m1 - 1;
    const day = d0 * 10 + d1 - 1;
    if (year < 0 || year >= YEARS || month < 0 || month > 11 || day < 0 || day > 30) return UNKNOWN;
    const table = dayTable ?? (dayTable = new Int32Array(YEARS * 12 * 31).fill(UNCOMPUTED));
    const slot = (year * 12 + month) * 31 + day;
    const known = table[slot] as number;
    if (known !== UNCOMPUTED) return known;
    // Computed once per calendar day, by the engine's own function; an invalid day (02-30) is kept as UNKNOWN.
    const computed = tryDayNumber(text.slice(start, start + 10));
    table[slot] = Number.isNaN(computed) ? UNKNOWN : computed;
    return table[slot] as number;
}

// ---------------------------------------------------------------- picklists

/** text.slice(start, end) === value, compared in place. */
function spanIs(text: string, start: number, end: number, value: string): boolean {
    if (end - start !== value.length) return false;
    for (let k = 0; k < value.length; k++)
        if (text.charCodeAt(start + k) !== value.charCodeAt(k)) return false;
    return true;
}

/** An ASCII character String.prototype.trim removes. */
function asciiSpace(c: number): boolean {
    return c === 32 || (c >= 9 && c <= 13);
}

/**
 * text.slice(start, end).trim().toLowerCase() === lower (`lower` in ASCII lower case), compared in place when the
 * span is ASCII (no string made for a value such as "Not Started" on every open task).
 */
function trimmedLowerIs(text: string, start: number, end: number, lower: string): boolean {
    for (let k = start; k < end; k++)
        if (text.charCodeAt(k) > 127) return text.slice(start, end).trim().toLowerCase() === lower;
    let from = start;
    let to = end;
    while (from < to && asciiSpace(text.charCodeAt(from))) from++;
    while (to > from && asciiSpace(text.charCodeAt(to - 1))) to--;
    if (to - from !== lower.length) return false;
    for (let k = 0; k < lower.length; k++) {
        const c = text.charCodeAt(from + k);
        if ((c >= 65 && c <= 90 ? c + 32 : c) !== lower.charCodeAt(k)) return false;
    }
    return true;
}

/** channelCode(activityChannel(text.slice(start, end))): 0 = no channel. */
function channelCodeOf(text: string, start: number, end: number): number {
    if (end === start) return 0;
    if (spanIs(text, start, end, 'Email')) return 3;
    if (spanIs(text, start, end, 'Call')) return 2;
    if (spanIs(text, start, end, 'Meeting')) return 1;
    const channel = activityChannel(text.slice(start, end));
    return channel === 'Meeting' ? 1 : channel === 'Call' ? 2 : channel === 'Email' ? 3 : 0;
}

/** outcomeCode of an exact Outcome__c value text.slice(start, end); -1 for any other non-empty text. */
function outcomeCodeOf(text: string, start: number, end: number): number {
    if (end === start) return 0;
    if (spanIs(text, start, end, 'Positive')) return 1;
    if (spanIs(text, start, end, 'Neutral')) return 2;
    if (spanIs(text, start, end, 'Negative')) return 3;
    return -1;
}

/** Column `at` of the row ('' when the file has no such column). */
export function cell(fields: readonly string[], at: number): string {
    return at < 0 ? '' : (fields[at] as string);
}

/** An Id that records.ts `required` accepts for sure: starts with a visible ASCII character. */
export function plainId(value: string): boolean {
    const c = value.charCodeAt(0);
    return c > 32 && c < 127;
}

export function columnOf(header: readonly string[], name: string): number {
    // A repeated column: the record keeps the last one.
    return header.lastIndexOf(name);
}

// ---------------------------------------------------------------- Task and Event

/**
 * The columns Task and Event rows share (Id, WhoId, AccountId or else WhatId, OwnerId) and the activity they fill.
 * A row is read as spans (CsvSpanHandler): column c is text.slice(starts[c], ends[c]); a column the file does
 * not have reads as empty. `readTarget` reads the row's contact and account; `emit` writes the activity.
 */
abstract class ActivityColumns {
    readonly activity: ActivitySpans = {
        text: '',
        contactStart: 0,
        contactEnd: 0,
        accountStart: 0,
        accountEnd: 0,
        ownerStart: 0,
        ownerEnd: 0,
        day: 0,
        channel: 0,
        outcome: 0
    };
    private readonly id: number;
    private readonly who: number;
    private readonly what: number;
    private readonly account: number;
    private readonly owner: number;
    /** The span of the row's contact and account (empty when blank), set by readTarget. */
    private whoStart = 0;
    private whoEnd = 0;
    private accountStart = 0;
    private accountEnd = 0;

    constructor(header: readonly string[]) {
        this.id = columnOf(header, 'Id');
        this.who = columnOf(header, 'WhoId');
        this.what = columnOf(header, 'WhatId');
        this.account = columnOf(header, 'AccountId');
        this.owner = columnOf(header, 'OwnerId');
    }

    /** False when the row must go through the general mapper: no plain Id, or neither a contact nor an account. */
    protected readTarget(text: string, starts: Int32Array, ends: Int32Array): boolean {
        const id = this.id;
        if (id < 0) return false;
        const idStart = starts[id] as number;
        if (!((ends[id] as number) > idStart)) return false;
        const first = text.charCodeAt(idStart);
        // An Id that records.ts `required` accepts for sure: starts with a visible ASCII character.
        if (!(first > 32 && first < 127)) return false;
        const who = this.who;
        this.whoStart = who < 0 ? 0 : (starts[who] as number);
        this.whoEnd = who < 0 ? 0 : (ends[who] as number);
        let account = this.account;
        if (account < 0 || starts[account] === ends[account]) account = this.what;
        this.accountStart = account < 0 ? 0 : (starts[account] as number);
        this.accountEnd = account < 0 ? 0 : (ends[account] as number);
        return this.whoEnd > this.whoStart || this.accountEnd > this.accountStart;
    }

    /** Writes the activity read by readTarget into `activity`. */
    protected emit(
        text: string,
        starts: Int32Array,
        ends: Int32Array,
        day: number,
        channel: number,
        outcome: number
    ): number {
        const activity = this.activity;
        activity.text = text;
        activity.contactStart = this.whoStart;
        activity.contactEnd = this.whoEnd;
        activity.accountStart = this.accountStart;
        activity.accountEnd = this.accountEnd;
        const owner = this.owner;
        activity.ownerStart = owner < 0 ? 0 : (starts[owner] as number);
        activity.ownerEnd = owner < 0 ? 0 : (ends[owner] as number);
        activity.day = day;
        activity.channel = channel;
        activity.outcome = outcome;
        return ACTIVITY;
    }
}

/** Reads Task rows of one file (its header given once) as mapTask would map them. */
export class TaskRows extends ActivityColumns {
    private readonly isClosed: number;
    private readonly status: number;
    private readonly completedDate: number;
    private readonly activityDate: number;
    private readonly outcome: number;
    private readonly subtype: number;
    private readonly type: number;

    constructor(header: readonly string[]) {
        super(header);
        this.isClosed = columnOf(header, 'IsClosed');
        this.status = columnOf(header, 'Status');
        this.completedDate = columnOf(header, 'CompletedDateTime');
        this.activityDate = columnOf(header, 'ActivityDate');
        this.outcome = columnOf(header, 'Outcome__c');
        this.subtype = columnOf(header, 'TaskSubtype');
        this.type = columnOf(header, 'Type');
    }

    /**
     * ACTIVITY (then `activity` holds it), OPEN, or GENERAL (map the row with mapTask). The row's columns are
     * spans of `text` (CsvSpanHandler), one per header column.
     */
    read(text: string, starts: Int32Array, ends: Int32Array): number {
        if (!this.readTarget(text, starts, ends)) return GENERAL;
        const isClosed = this.isClosed;
        const closedStart = isClosed < 0 ? 0 : (starts[isClosed] as number);
        const closedEnd = isClosed < 0 ? 0 : (ends[isClosed] as number);
        const closedTrue = spanIs(text, closedStart, closedEnd, 'true');
        if (closedEnd > closedStart && !closedTrue && !spanIs(text, closedStart, closedEnd, 'false'))
            return GENERAL;
        const status = this.status;
        const statusStart = status < 0 ? 0 : (starts[status] as number);
        const statusEnd = status < 0 ? 0 : (ends[status] as number);
        const completed =
            closedTrue ||
            spanIs(text, statusStart, statusEnd, 'Completed') ||
            trimmedLowerIs(text, statusStart, statusEnd, 'completed');
        // The earlier of CompletedDateTime and ActivityDate (mapTask explains why).
        let day = UNKNOWN;
        const completedDate = this.completedDate;
        if (completedDate >= 0 && (ends[completedDate] as number) > (starts[completedDate] as number)) {
            day = spanDay(text, starts[completedDate] as number, ends[completedDate] as number);
            if (day === UNKNOWN) return GENERAL;
        }
        const activityDate = this.activityDate;
        if (activityDate >= 0 && (ends[activityDate] as number) > (starts[activityDate] as number)) {
            const other = spanDay(text, starts[activityDate] as number, ends[activityDate] as number);
            if (other === UNKNOWN) return GENERAL;
            if (other < day) day = other;
        }
        if (day === UNKNOWN) return GENERAL;
        const outcomeColumn = this.outcome;
        const outcome =
            outcomeColumn < 0
                ? 0
                : outcomeCodeOf(text, starts[outcomeColumn] as number, ends[outcomeColumn] as number);
        if (outcome < 0) return GENERAL;
        if (!completed) return OPEN;
        const subtype = this.subtype;
        const type = this.type;
        return this.emit(
            text,
            starts,
            ends,
            day,
            (subtype < 0 ? 0 : channelCodeOf(text, starts[subtype] as number, ends[subtype] as number)) ||
                (type < 0 ? 0 : channelCodeOf(text, starts[type] as number, ends[type] as number)) ||
                4,
            outcome
        );
    }
}

/** Reads Event rows of one file as mapEvent would map them (every Event is an activity). */
export class EventRows extends ActivityColumns {
    private readonly endDate: number;
    private readonly activityDate: number;
    private readonly startDate: number;
    private readonly type: number;
    private readonly outcome: number;

    constructor(header: readonly string[]) {
        super(header);
        this.endDate = columnOf(header, 'EndDateTime');
        this.activityDate = columnOf(header, 'ActivityDate');
        this.startDate = columnOf(header, 'StartDateTime');
        this.type = columnOf(header, 'Type');
        this.outcome = columnOf(header, 'Outcome__c');
    }

    /** ACTIVITY (then `activity` holds it) or GENERAL (map the row with mapEvent); spans as TaskRows.read. */
    read(text: string, starts: Int32Array, ends: Int32Array): number {
        if (!this.readTarget(text, starts, ends)) return GENERAL;
        // EndDateTime, else ActivityDate; StartDateTime must be a valid date when present.
        const endDate = this.endDate;
        const activityDate = this.activityDate;
        const startDate = this.startDate;
        let day = UNKNOWN;
        if (endDate >= 0 && (ends[endDate] as number) > (starts[endDate] as number)) {
            day = spanDay(text, starts[endDate] as number, ends[endDate] as number);
            if (day === UNKNOWN) return GENERAL;
        } else if (activityDate >= 0 && (ends[activityDate] as number) > (starts[activityDate] as number)) {
            // Read only without an EndDateTime, as mapEvent does.
            day = spanDay(text, starts[activityDate] as number, ends[activityDate] as number);
            if (day === UNKNOWN) return GENERAL;
        }
        if (day === UNKNOWN) return GENERAL;
        if (
            startDate >= 0 &&
            (ends[startDate] as number) > (starts[startDate] as number) &&
            spanDay(text, starts[startDate] as number, ends[startDate] as number) === UNKNOWN
        )
            return GENERAL;
        const outcomeColumn = this.outcome;
        const outcome =
            outcomeColumn < 0
                ? 0
                : outcomeCodeOf(text, starts[outcomeColumn] as number, ends[outcomeColumn] as number);
        if (outcome < 0) return GENERAL;
        const type = this.type;
        return this.emit(
            text,
            starts,
            ends,
            day,
            (type < 0 ? 0 : channelCodeOf(text, starts[type] as number, ends[type] as number)) || 1,
            outcome
        );
    }
}
