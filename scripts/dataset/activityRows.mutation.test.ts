// Pins the Task/Event row readers (issue 13, mutation testing) on hand-written rows: the forms an export writes
// are read on the fast path (never handed back to the general mappers: 10 million rows go through it), with the
// day (days since 1970-01-01, from Date.UTC), channel code (1 Meeting, 2 Call, 3 Email, 4 other) and outcome
// code (0 none, 1 Positive, 2 Neutral, 3 Negative) written out by hand; the forms it must hand back are.
// activityRows.test.ts checks on generated rows that both paths agree; this file checks which path a row takes.
import { ACTIVITY, EventRows, GENERAL, OPEN, TaskRows, plainDayNumber } from './activityRows';
import { codesOf, readFields } from './fixtures';

const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
const cells = (line: string) => line.split('|');

describe('TaskRows on the forms an export writes', () => {
    const header = [
        'Id',
        'WhoId',
        'WhatId',
        'AccountId',
        'OwnerId',
        'IsClosed',
        'Status',
        'CompletedDateTime',
        'ActivityDate',
        'Outcome__c',
        'TaskSubtype',
        'Type'
    ];
    // a reader per row, made inside the test (nothing of the reader runs while jest collects the tests)
    const read = (line: string) => {
        const reader = new TaskRows(header);
        const kind = readFields(reader, cells(line));
        return kind === ACTIVITY ? codesOf(reader.activity) : kind;
    };

    it('reads a completed task: who, account (AccountId before WhatId), owner, the earlier date, codes', () => {
        expect(
            read('00T1|003A|001W|001A|005A|true||2025-03-18T10:00:00.000Z|2025-03-19|Positive|Call|')
        ).toEqual({
            contactId: '003A',
            accountId: '001A',
            day: day(2025, 3, 18),
            channel: 2,
            outcome: 1,
            ownerId: '005A'
        });
        // WhatId when there is no AccountId; no contact; the ActivityDate when it is the earlier; no owner
        expect(read('00T2||001W|||false|Completed|2025-03-18 10:00|2025-03-17|Neutral|Email|')).toEqual({
            contactId: null,
            accountId: '001W',
            day: day(2025, 3, 17),
            channel: 3,
            outcome: 2,
            ownerId: null
        });
        // a contact only; the status in any case and spacing; only a completion date; the Type when no subtype
        expect(read('00T3|003B||||| completed |2025-12-31T23:59:59Z||Negative||Meeting')).toEqual({
            contactId: '003B',
            accountId: null,
            day: day(2025, 12, 31),
            channel: 1,
            outcome: 3,
            ownerId: null
        });
        // only an ActivityDate; a subtype in another form (ListEmail); no outcome
        expect(read('00T4|003B|||005B|true||| 2025-01-01|||')).toBe(GENERAL); // a leading space: mapTask decides
        expect(read('00T4|003B|||005B|true|||2025-01-01||ListEmail|')).toMatchObject({
            day: day(2025, 1, 1),
            channel: 3,
            outcome: 0,
            ownerId: '005B'
        });
        // neither subtype nor type: other (4); a subtype the engine does not know falls back to the type
        expect(read('00T5|003B||||true||2025-02-28|||Task|')).toMatchObject({ channel: 4 });
        expect(read('00T5|003B||||true||2025-02-28|||Task|call')).toMatchObject({ channel: 2 });
        expect(read('00T5|003B||||true||2025-02-28|||| Email ')).toMatchObject({ channel: 3 });
        expect(read('00T5|003B||||true||2025-02-28|||meeting|')).toMatchObject({ channel: 1 });
    });

    it('counts a task that is not completed as open, and hands every other form back', () => {
        expect(read('00T6|003A|||||Not Started|2025-03-18|2025-03-19|||')).toBe(OPEN);
        expect(read('00T6|003A||||false|Open||2025-03-19|||')).toBe(OPEN);
        for (const line of [
            '|003A||||true||2025-03-18||||', // no Id
            ' 00T7|003A||||true||2025-03-18||||', // an Id starting with a space
            '\u00a0|003A||||true||2025-03-18||||', // a no-break space: blank to mapTask, which names the field
            '\u00e900T7|003A||||true||2025-03-18||||', // not ASCII: left to mapTask
            '00T7|||||true||2025-03-18||||', // neither contact nor account
            '00T7|003A||||TRUE||2025-03-18||||', // IsClosed in another form
            '00T7|003A||||yes||2025-03-18||||',
            '00T7|003A||||true||2025-3-18||||', // a completion date in another form
            '00T7|003A||||true||2025-03-18|19.03.2025|||', // an activity date in another form
            '00T7|003A||||true||||||', // no date at all
            '00T7|003A||||true||2025-03-18||positive||', // an outcome in another case
            '00T7|003A||||true||2025-03-18||Good||'
        ])
            expect([line, read(line)]).toEqual([line, GENERAL]);
    });

    it('reads the last of a repeated column, and a file without an Id column goes to mapTask', () => {
        const twice = new TaskRows(['Id', 'WhoId', 'Status', 'ActivityDate', 'WhoId']);
        expect(readFields(twice, ['00T1', '003A', 'Completed', '2025-03-18', '003Z'])).toBe(ACTIVITY);
        expect(codesOf(twice.activity)).toMatchObject({
            contactId: '003Z',
            accountId: null,
            channel: 4,
            ownerId: null
        });
        expect(readFields(twice, ['00T1', '003A', 'Completed', '2025-03-18', ''])).toBe(GENERAL);
        expect(
            readFields(new TaskRows(['WhoId', 'Status', 'ActivityDate']), ['003A', 'Completed', '2025-03-18'])
        ).toBe(GENERAL);
    });
});

describe('EventRows on the forms an export writes', () => {
    const header = [
        'Id',
        'WhoId',
        'WhatId',
        'AccountId',
        'OwnerId',
        'StartDateTime',
        'EndDateTime',
        'ActivityDate',
        'Type',
        'Outcome__c'
    ];
    const read = (line: string) => {
        const reader = new EventRows(header);
        const kind = readFields(reader, cells(line));
        return kind === ACTIVITY ? codesOf(reader.activity) : kind;
    };

    it('reads an event on its end (else its activity date), a meeting unless its type says otherwise', () => {
        expect(
            read('00U1|003A|001W||005A|2025-03-18T09:00:00Z|2025-03-18T10:00:00Z|2025-03-17||Positive')
        ).toEqual({
            contactId: '003A',
            accountId: '001W',
            day: day(2025, 3, 18),
            channel: 1,
            outcome: 1,
            ownerId: '005A'
        });
        // an end date: the activity date is not read, in any form
        expect(read('00U2||001W|001A||2025-03-18|2025-03-19|not a date|Call|')).toEqual({
            contactId: null,
            accountId: '001A',
            day: day(2025, 3, 19),
            channel: 2,
            outcome: 0,
            ownerId: null
        });
        expect(read('00U3|003A||||||2024-02-29|Email|Negative')).toMatchObject({
            day: day(2024, 2, 29),
            channel: 3,
            outcome: 3
        });
        expect(read('00U3|003A|||||2025-03-18 10:00||Other|Neutral')).toMatchObject({
            channel: 1,
            outcome: 2
        });
    });

    it('hands back an event without a date, with a start or end in another form, or an unknown outcome', () => {
        for (const line of [
            '00U4|003A|||||||Call|', // no date
            '00U4|003A||||2025-3-18|2025-03-18||Call|', // a start in another form
            '00U4|003A|||||2025-03-18Z|||', // an end in another form
            '00U4|003A||||||2025-02-30||', // no such day
            '00U4|003A|||||2025-03-18||Call|NEUTRAL',
            '00U4||||||2025-03-18|||' // neither contact nor account
        ])
            expect([line, read(line)]).toEqual([line, GENERAL]);
    });
});

describe('plainDayNumber', () => {
    it('reads YYYY-MM-DD, alone or before T or a space, from 1900 to 2199', () => {
        expect(plainDayNumber('1970-01-01')).toBe(0);
        expect(plainDayNumber('1900-01-01')).toBe(day(1900, 1, 1));
        expect(plainDayNumber('2199-12-31')).toBe(day(2199, 12, 31));
        expect(plainDayNumber('2025-12-31T00:00:00Z')).toBe(day(2025, 12, 31));
        expect(plainDayNumber('2025-01-31 23:00')).toBe(day(2025, 1, 31));
        for (const text of [
            '1899-12-31',
            '2200-01-01',
            '2025-01-3',
            '2025-01-31Z',
            '2025-01-31,',
            '2025/01/31',
            '2025-01/31',
            '2025-00-10',
            '2025-13-01',
            '2025-01-00',
            '202a-01-01',
            '2025-0b-01',
            '2025-01-0c'
        ])
            expect([text, plainDayNumber(text)]).toEqual([text, Number.NaN]);
    });

    it('never answers a neighbouring day for a day past the end of its month, even once that day is known', () => {
        // the table has 31 slots a month: the 32nd of January would be February 1st's slot
        expect(plainDayNumber('2025-02-01')).toBe(day(2025, 2, 1));
        expect(plainDayNumber('2025-01-32')).toBeNaN();
        expect(plainDayNumber('2025-03-01')).toBe(day(2025, 3, 1));
        expect(plainDayNumber('2025-02-29')).toBeNaN(); // not a leap year: stays unknown
        expect(plainDayNumber('2025-02-29')).toBeNaN();
        expect(plainDayNumber('2025-02-31')).toBeNaN();
        // a text one character off a known day is never read from that day's slot
        const offBy = [
            ['2025-01-20', '2025-01-1:'], // ':' is the character after '9'
            ['2025-01-11', '2025-01-1x'],
            ['2025-01-09', '2025-01-1/'], // '/' is the character before '0'
            ['2026-01-01', '2025-13-01'],
            ['2024-12-10', '2025-00-10'],
            ['2025-01-31', '2025-02-00'],
            ['2025-01-31', '2025/01-31']
        ];
        for (const [known, other] of offBy) {
            expect(plainDayNumber(known as string)).toBe(Date.parse(`${known}T00:00:00Z`) / 86_400_000);
            expect([other, plainDayNumber(other as string)]).toEqual([other, Number.NaN]);
        }
        // the first days of the table, where a slot counted the wrong way would fall before its start
        expect(plainDayNumber('1900-01-02')).toBe(day(1900, 1, 2));
        expect(plainDayNumber('1900-02-01')).toBe(day(1900, 2, 1));
        expect(plainDayNumber('1900-12-31')).toBe(day(1900, 12, 31));
        // and the same day twice gives the same number (the second from the table)
        expect(plainDayNumber('2024-02-29')).toBe(day(2024, 2, 29));
        expect(plainDayNumber('2024-02-29T12:00')).toBe(day(2024, 2, 29));
    });
});
