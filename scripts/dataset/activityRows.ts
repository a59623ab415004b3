// Task and Event CSV rows read straight into the numbers the engine folds (PortfolioScorer.addActivityCodes):
// no record object, no activity object, no date text. Dates are parsed from their characters into day numbers
// through a table (each calendar day computed once), channels and outcomes become codes. An export has
// 10 million such rows (docs/engine.md "Performance").
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

/** One activity as engine codes (scripts/engine/contact.ts channelCode, outcomeCode); overwritten per row. */
export interface ActivityCodes {
    contactId: string | null;
    accountId: string | null;
    day: number;
    channel: number;
    outcome: number;
    ownerId: string | null;
}

// ---------------------------------------------------------------- dates from characters

const FIRST_YEAR = 1900;
const YEARS = 300;
const UNKNOWN = 0x7fffffff;
/** Day number by (year, month, day) for FIRST_YEAR..+YEARS, filled on first use; UNKNOWN = not computed yet. */
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
    const length = text.length;
    if (length < 10) return Number.NaN;
    if (length > 10) {
        const c = text.charCodeAt(10);
        if (c !== 84 /* T */ && c !== 32 /* space */) return Number.NaN;
    }
    if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN;
    const y0 = digit(text, 0);
    const y1 = digit(text, 1);
    const y2 = digit(text, 2);
    const y3 = digit(text, 3);
    const m0 = digit(text, 5);
    const m1 = digit(text, 6);
    const d0 = digit(text, 8);
    const d1 = digit(text, 9);
    if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return Number.NaN;
    const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3 - FIRST_YEAR;
    const month = m0 * 10 + m1 - 1;
    const day = d0 * 10 + d1 - 1;
    if (year < 0 || year >= YEARS || month < 0 || month > 11 || day < 0 || day > 30) return Number.NaN;
    const table = dayTable ?? (dayTable = new Int32Array(YEARS * 12 * 31).fill(UNKNOWN));
    const slot = (year * 12 + month) * 31 + day;
    const known = table[slot] as number;
    if (known !== UNKNOWN) return known;
    // Computed once per calendar day, by the engine's own function; an invalid day (02-30) stays UNKNOWN.
    const computed = tryDayNumber(text.slice(0, 10));
    if (!Number.isNaN(computed)) table[slot] = computed;
    return computed;
}

// ---------------------------------------------------------------- picklists

function channelCodeOf(kind: string): number {
    // channelCode(activityChannel(kind)): 0 = no channel.
    if (kind === '') return 0;
    if (kind === 'Email') return 3;
    if (kind === 'Call') return 2;
    if (kind === 'Meeting') return 1;
    const channel = activityChannel(kind);
    return channel === 'Meeting' ? 1 : channel === 'Call' ? 2 : channel === 'Email' ? 3 : 0;
}

/** outcomeCode of an exact Outcome__c value; -1 for any other non-empty text. */
function outcomeCodeOf(value: string): number {
    if (value === '') return 0;
    if (value === 'Positive') return 1;
    if (value === 'Neutral') return 2;
    if (value === 'Negative') return 3;
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
 * The columns Task and Event rows share (Id, WhoId, AccountId or else WhatId, OwnerId) and the row they fill.
 * `readTarget` reads the row's contact and account; `emit` writes the activity into `row`.
 */
abstract class ActivityColumns {
    readonly row: ActivityCodes = {
        contactId: null,
        accountId: null,
        day: 0,
        channel: 0,
        outcome: 0,
        ownerId: null
    };
    private readonly id: number;
    private readonly who: number;
    private readonly what: number;
    private readonly account: number;
    private readonly owner: number;
    /** The contact and account of the row being read ('' when blank), set by readTarget. */
    private whoValue = '';
    private accountValue = '';

    constructor(header: readonly string[]) {
        this.id = columnOf(header, 'Id');
        this.who = columnOf(header, 'WhoId');
        this.what = columnOf(header, 'WhatId');
        this.account = columnOf(header, 'AccountId');
        this.owner = columnOf(header, 'OwnerId');
    }

    /** False when the row must go through the general mapper: no plain Id, or neither a contact nor an account. */
    protected readTarget(fields: readonly string[]): boolean {
        if (this.id < 0 || !plainId(cell(fields, this.id))) return false;
        const who = cell(fields, this.who);
        let account = cell(fields, this.account);
        if (account === '') account = cell(fields, this.what);
        this.whoValue = who;
        this.accountValue = account;
        return who !== '' || account !== '';
    }

    /** Writes the activity read by readTarget into `row`. */
    protected emit(fields: readonly string[], day: number, channel: number, outcome: number): number {
        const row = this.row;
        row.contactId = this.whoValue === '' ? null : this.whoValue;
        row.accountId = this.accountValue === '' ? null : this.accountValue;
        row.day = day;
        row.channel = channel;
        row.outcome = outcome;
        const owner = cell(fields, this.owner);
        row.ownerId = owner === '' ? null : owner;
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

    /** ACTIVITY (then `row` holds it), OPEN, or GENERAL (map the row with mapTask). */
    read(fields: readonly string[]): number {
        if (!this.readTarget(fields)) return GENERAL;
        const isClosed = cell(fields, this.isClosed);
        if (isClosed !== '' && isClosed !== 'true' && isClosed !== 'false') return GENERAL;
        const status = cell(fields, this.status);
        const completed =
            isClosed === 'true' ||
            status === 'Completed' ||
            (status !== '' && status.trim().toLowerCase() === 'completed');
        // The earlier of CompletedDateTime and ActivityDate (mapTask explains why).
        const completedText = cell(fields, this.completedDate);
        const activityText = cell(fields, this.activityDate);
        let day = Number.NaN;
        if (completedText !== '') {
            day = plainDayNumber(completedText);
            if (Number.isNaN(day)) return GENERAL;
        }
        if (activityText !== '') {
            const other = plainDayNumber(activityText);
            if (Number.isNaN(other)) return GENERAL;
            if (!(other >= day)) day = other;
        }
        if (Number.isNaN(day)) return GENERAL;
        const outcome = outcomeCodeOf(cell(fields, this.outcome));
        if (outcome < 0) return GENERAL;
        if (!completed) return OPEN;
        return this.emit(
            fields,
            day,
            channelCodeOf(cell(fields, this.subtype)) || channelCodeOf(cell(fields, this.type)) || 4,
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

    /** ACTIVITY (then `row` holds it) or GENERAL (map the row with mapEvent). */
    read(fields: readonly string[]): number {
        if (!this.readTarget(fields)) return GENERAL;
        // EndDateTime, else ActivityDate; StartDateTime must be a valid date when present.
        const endText = cell(fields, this.endDate);
        const activityText = cell(fields, this.activityDate);
        const startText = cell(fields, this.startDate);
        let day = Number.NaN;
        if (endText !== '') {
            day = plainDayNumber(endText);
            if (Number.isNaN(day)) return GENERAL;
        } else if (activityText !== '') {
            // Read only without an EndDateTime, as mapEvent does.
            day = plainDayNumber(activityText);
            if (Number.isNaN(day)) return GENERAL;
        }
        if (Number.isNaN(day)) return GENERAL;
        if (startText !== '' && Number.isNaN(plainDayNumber(startText))) return GENERAL;
        const outcome = outcomeCodeOf(cell(fields, this.outcome));
        if (outcome < 0) return GENERAL;
        return this.emit(fields, day, channelCodeOf(cell(fields, this.type)) || 1, outcome);
    }
}
