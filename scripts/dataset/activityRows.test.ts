// The Task/Event row readers give what mapTask / mapEvent give (as engine codes), or hand the row back (GENERAL)
// for the general mappers; never a different activity, never a missed error.
import fc from 'fast-check';
import { channelCode, outcomeCode } from '../engine/contact';
import { dayNumber, tryDayNumber } from '../engine';
import { ACTIVITY, EventRows, GENERAL, OPEN, TaskRows, plainDayNumber } from './activityRows';
import { codesOf, readFields } from './fixtures';
import { MAPPED_FIELDS, mapEvent, mapTask } from './records';
import type { SalesforceRecord } from './records';

const at = { file: 'Task.csv', record: 'line 2' };

const DATES = [
    '',
    '2026-03-04',
    '2026-03-05',
    '2026-03-04T10:00:00.000Z',
    '2026-03-03T23:59:59.000+0000',
    '2026-03-04 10:00',
    '2026-03-04 ',
    '2026-03-04\t',
    ' 2026-03-04',
    '2024-02-29',
    '2026-02-29',
    '2026-02-30',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '2026-3-4',
    '26-03-04',
    '2026-03-04X',
    '2026/03/04',
    '1899-12-31',
    '1900-01-01',
    '2199-12-31',
    '2200-01-01',
    '0000-01-01',
    '９９９９-01-01',
    'x'
];
const POOLS: Record<string, readonly string[]> = {
    Id: ['00T1', '00T2', '', ' ', ' 00T3', '00T4 ', '\u00a000T5', 'é'],
    WhoId: ['', '003A', '003B', ' '],
    WhatId: ['', '001A', '001B '],
    AccountId: ['', '001A', '001C'],
    IsClosed: ['', 'true', 'false', 'TRUE', ' true', 'False ', 'yes', '1'],
    Status: [
        '',
        'Completed',
        'completed',
        ' Completed ',
        'COMPLETED',
        'Not Started',
        'Open',
        'Completed\r',
        '\tcompleted\v',
        '\u00a0Completed',
        'Complete'
    ],
    CompletedDateTime: DATES,
    ActivityDate: DATES,
    EndDateTime: DATES,
    StartDateTime: DATES,
    Outcome__c: ['', 'Positive', 'positive', 'Neutral', 'Negative', ' Negative', 'NEUTRAL', 'Bad'],
    TaskSubtype: ['', 'Call', 'Email', 'Meeting', 'call', 'ListEmail', ' email', 'Other', 'Message', 'Task'],
    Type: ['', 'Call', 'Email', 'Meeting', 'MEETING', 'Other', ' Call'],
    OwnerId: ['', '005A', '005B']
};
// The columns the mappers read (the fast path must read the same ones).
const TASK_COLUMNS = [...(MAPPED_FIELDS.Task as ReadonlySet<string>)];
const EVENT_COLUMNS = [...(MAPPED_FIELDS.Event as ReadonlySet<string>)];

/** A header (some columns left out, in any order, one maybe twice) and rows of values from the pools. */
function rowsOf(columns: readonly string[]) {
    return fc
        .record({
            header: fc.shuffledSubarray([...columns], { minLength: Math.max(1, columns.length - 3) }),
            repeat: fc.boolean()
        })
        .chain(({ header, repeat }) => {
            const full = repeat && header.length > 0 ? [...header, header[0] as string] : header;
            return fc.record({
                header: fc.constant(full),
                rows: fc.array(
                    fc.tuple(...full.map((column) => fc.constantFrom(...(POOLS[column] as string[])))),
                    { minLength: 1, maxLength: 20 }
                )
            });
        });
}

function recordOf(header: readonly string[], fields: readonly string[]): SalesforceRecord {
    const record: Record<string, string> = {};
    header.forEach((column, i) => (record[column] = fields[i] as string));
    return record;
}

type Expected = { kind: 'error' } | { kind: 'open' } | { kind: 'activity'; codes: unknown };

function expected(map: () => ReturnType<typeof mapTask>): Expected {
    let activity: ReturnType<typeof mapTask>;
    try {
        activity = map();
    } catch {
        return { kind: 'error' };
    }
    if (activity === null) return { kind: 'open' };
    return {
        kind: 'activity',
        codes: {
            contactId: activity.contactId,
            accountId: activity.accountId ?? null,
            day: dayNumber(activity.date),
            channel: channelCode(activity.channel),
            outcome: outcomeCode(activity.outcome),
            ownerId: activity.ownerId
        }
    };
}

describe('Task and Event rows read straight into engine codes', () => {
    it('a Task row gives mapTask’s activity (or open task), else goes to mapTask', () => {
        let fast = 0;
        fc.assert(
            fc.property(rowsOf(TASK_COLUMNS), ({ header, rows }) => {
                const reader = new TaskRows(header);
                for (const fields of rows) {
                    const want = expected(() => mapTask(recordOf(header, fields), at));
                    const kind = readFields(reader, fields);
                    if (kind === GENERAL) continue;
                    fast++;
                    if (kind === OPEN) expect(want).toEqual({ kind: 'open' });
                    else {
                        expect(kind).toBe(ACTIVITY);
                        expect(want).toEqual({ kind: 'activity', codes: codesOf(reader.activity) });
                    }
                }
            }),
            { numRuns: 3000 }
        );
        expect(fast).toBeGreaterThan(200);
    });

    it('an Event row gives mapEvent’s activity, else goes to mapEvent', () => {
        let fast = 0;
        fc.assert(
            fc.property(rowsOf(EVENT_COLUMNS), ({ header, rows }) => {
                const reader = new EventRows(header);
                for (const fields of rows) {
                    const want = expected(() => mapEvent(recordOf(header, fields), at));
                    const kind = readFields(reader, fields);
                    if (kind === GENERAL) continue;
                    fast++;
                    expect(kind).toBe(ACTIVITY);
                    expect(want).toEqual({ kind: 'activity', codes: codesOf(reader.activity) });
                }
            }),
            { numRuns: 3000 }
        );
        expect(fast).toBeGreaterThan(200);
    });

    it('reads the rows an export writes itself (only unusual forms go to the general mappers)', () => {
        const header = [
            'Id',
            'WhoId',
            'WhatId',
            'OwnerId',
            'Subject',
            'ActivityDate',
            'Status',
            'TaskSubtype',
            'Outcome__c'
        ];
        const reader = new TaskRows(header);
        const row = (values: string) => values.split(',');
        expect(readFields(reader, row('00T1,003A,,005A,Call,2025-03-19,Completed,Email,Negative'))).toBe(
            ACTIVITY
        );
        expect(codesOf(reader.activity)).toEqual({
            contactId: '003A',
            accountId: null,
            day: dayNumber('2025-03-19'),
            channel: channelCode('Email'),
            outcome: outcomeCode('Negative'),
            ownerId: '005A'
        });
        expect(readFields(reader, row('00T2,,001A,,x,2025-03-19,Completed,,'))).toBe(ACTIVITY);
        expect(codesOf(reader.activity)).toMatchObject({
            contactId: null,
            accountId: '001A',
            channel: 4,
            outcome: 0,
            ownerId: null
        });
        expect(readFields(reader, row('00T3,003A,,005A,x,2025-03-19,Not Started,Email,'))).toBe(OPEN);
        // Any letter case, a bad date: left to mapTask (which accepts the first and names the field of the second).
        expect(readFields(reader, row('00T4,003A,,005A,x,2025-03-19,Completed,Email,negative'))).toBe(
            GENERAL
        );
        expect(readFields(reader, row('00T5,003A,,005A,x,2025-02-30,Completed,Email,'))).toBe(GENERAL);
    });

    it('parses a plain date from its characters as the engine does, and nothing else', () => {
        fc.assert(
            fc.property(
                fc.integer({ min: -30000, max: 120000 }),
                fc.constantFrom('', 'T10:00:00Z', ' 10:00'),
                (day, tail) => {
                    const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
                    const parsed = plainDayNumber(iso + tail);
                    if (iso >= '1900-01-01' && iso < '2200-01-01') expect(parsed).toBe(day);
                    else expect(parsed).toBeNaN();
                }
            )
        );
        for (const text of DATES) {
            const parsed = plainDayNumber(text);
            if (!Number.isNaN(parsed)) expect(parsed).toBe(tryDayNumber(text.slice(0, 10)));
        }
        expect(plainDayNumber('2026-02-29')).toBeNaN();
        expect(plainDayNumber('2026-02-30')).toBeNaN();
        expect(plainDayNumber('2024-02-29')).toBe(tryDayNumber('2024-02-29'));
    });
});
