// The compact activity history (./activities) answers what the record-based history answered: the same rows
// after the point-in-time cut, the same contacts shown to exist, the same account for each activity, the same
// engine activity (or the same rejected record), and the same facts for the baselines. The reference below is
// the record-based code the compact form replaced (history.ts / mapping.ts / features.ts before it), run on
// generated records of every form the records may take (typed JSON values, CSV text, missing fields, bad values).
import fc from 'fast-check';
import { mapEvent, mapTask } from '../dataset/records';
import {
    ACTIVITIES,
    ActivityTable,
    activitiesAsOf,
    activitiesFromRecords,
    dateOf,
    engagedIds,
    joinSets,
    keyDate,
    recordsOf,
    text,
    type ActivityObject
} from './activities';
import {
    activitiesFrom,
    activitiesOf,
    attachRecords,
    latestDateIn,
    recordsAsOf,
    type AccountRecords
} from './history';
import { accountRecords } from './fixtures';
import type { RawDataset, RawRecord, RawValue } from './synthetic';

/** The string a column holds by number (negative: none). */
const stringAt = (table: { strings: readonly string[] }, number: number | undefined) =>
    number === undefined || number < 0 ? null : (table.strings[number] as string);

// ---------------------------------------------------------------- the record-based reference

const refCutDate = (object: ActivityObject, r: RawRecord) =>
    object === 'Task'
        ? (dateOf(r.CompletedDateTime) ?? dateOf(r.ActivityDate))
        : (dateOf(r.EndDateTime) ?? dateOf(r.ActivityDate));
const refAfter = (date: string | null, asOf: string) => date === null || date > asOf;
const at = { file: 'test', record: 'test' };
/** mapAccountRecords' activity of a record before the compact form: thrown error, null, or the activity. */
function refEngine(object: ActivityObject, r: RawRecord): unknown {
    try {
        const mapped = object === 'Task' ? mapTask(r, at) : mapEvent(r, at);
        if (!mapped) return null;
        const { accountId: _accountId, id: _id, ...activity } = mapped;
        return activity;
    } catch (error) {
        return { rejected: (error as Error).message };
    }
}

// ---------------------------------------------------------------- records of every form

const DATES: readonly (RawValue | undefined)[] = [
    undefined,
    null,
    '',
    '2025-06-20',
    '2025-06-21',
    '2025-06-19T23:00:00.000Z',
    '2025-06-21T01:00:00-05:00',
    '2025-06-20 10:00',
    ' 2025-06-20',
    '2025-06-20X',
    '2025-02-30',
    '0999-01-05',
    'soon',
    20250620
];
const POOLS: Record<string, readonly (RawValue | undefined)[]> = {
    Id: [undefined, 'T1', 'T2', '', 5],
    WhoId: [undefined, null, '', 'C1', 'C2', 'C9', 'null', 'undefined', 7],
    AccountId: [undefined, null, '', 'A1', 'A2', 'AX', 'C1'],
    WhatId: [undefined, null, '', 'A1', 'A2', 'C1', '006X', 'T1'],
    IsClosed: [undefined, null, true, false, 'true', 'FALSE', 'maybe'],
    Status: [undefined, null, 'Completed', ' completed ', 'Not Started'],
    CompletedDateTime: DATES,
    ActivityDate: DATES,
    EndDateTime: DATES,
    StartDateTime: DATES,
    Outcome__c: [undefined, null, '', 'Positive', 'positive', 'Neutral', 'Negative', 'Great', 3],
    TaskSubtype: [undefined, null, 'Call', 'email', 'ListEmail', 'Other'],
    Type: [undefined, null, 'Call', 'Meeting', 'MEETING', 'Other'],
    OwnerId: [undefined, null, '', 'U1', 'U2', 4]
};
const recordArb: fc.Arbitrary<RawRecord> = fc
    .record(
        Object.fromEntries(
            Object.entries(POOLS).map(([field, pool]) => [field, fc.constantFrom(...pool)])
        ) as Record<string, fc.Arbitrary<RawValue | undefined>>
    )
    .map((drawn) => {
        const record: RawRecord = {};
        for (const [field, value] of Object.entries(drawn)) if (value !== undefined) record[field] = value;
        return record;
    });
const ASOFS = ['2025-06-20', '2025-06-21', '2025-06-19', '2025-06-20T12:00', '0999-01-05', '', '2025-06-2'];

const SOMEWHERE = { file: 'x', record: 'x' };
const mapBoth = (object: ActivityObject, r: RawRecord) =>
    object === 'Task' ? mapTask(r, SOMEWHERE) : mapEvent(r, SOMEWHERE);

describe('compact activities against the record-based history', () => {
    it('cut, engaged contacts, engine activities and baseline facts equal the records', () => {
        fc.assert(
            fc.property(
                fc.array(recordArb, { maxLength: 12 }),
                fc.array(recordArb, { maxLength: 8 }),
                (tasks, events) => {
                    const set = activitiesFromRecords(tasks, events, mapBoth, ['A1', 'A2']);
                    const objects = [
                        ...tasks.map(() => 'Task'),
                        ...events.map(() => 'Event')
                    ] as ActivityObject[];
                    const records = [...tasks, ...events];
                    const { table } = set;
                    expect(Array.from(set.rows)).toEqual(records.map((_, i) => i));
                    records.forEach((r, row) => {
                        const object = objects[row] as ActivityObject;
                        expect(table.isTask(row)).toBe(object === 'Task');
                        const date = refCutDate(object, r);
                        expect(
                            (table.cut[row] as number) < 0 ? null : keyDate(table.cut[row] as number)
                        ).toBe(date);
                        expect(table.whoString(row)).toBe(String(r.WhoId));
                        expect(table.whoText(row)).toBe(text(r.WhoId));
                        expect(stringAt(table, table.account[row])).toBe(text(r.AccountId));
                        const what = text(r.WhatId);
                        // a WhatId is kept only when it is a string the table already had (an account's Id)
                        expect([null, what]).toContain(stringAt(table, table.what[row]));
                        if (what === 'A1' || what === 'A2')
                            expect(stringAt(table, table.what[row])).toBe(what);
                        if (what === '006X') expect(stringAt(table, table.what[row])).toBeNull();
                        expect(table.hasEnd(row)).toBe(r.EndDateTime !== undefined);
                        const outcome = r.Outcome__c;
                        expect(table.rated(row)).toBe(
                            typeof outcome === 'string' && outcome !== ''
                                ? outcome === 'Positive'
                                    ? 1
                                    : 2
                                : 0
                        );
                        const engine = refEngine(object, r);
                        if (engine !== null && typeof engine === 'object' && 'rejected' in engine) {
                            expect(table.rejected(row)).toBe(r);
                            expect(table.engineActivity(row)).toBeNull();
                        } else {
                            expect(table.rejected(row)).toBeNull();
                            expect(table.engineActivity(row)).toEqual(engine);
                        }
                    });
                    for (const asOf of ASOFS) {
                        const cut = activitiesAsOf(set, asOf);
                        const kept = records.filter(
                            (r, i) => !refAfter(refCutDate(objects[i] as ActivityObject, r), asOf)
                        );
                        expect([...recordsOf(cut, 'Task'), ...recordsOf(cut, 'Event')]).toEqual(kept);
                        expect(Array.from(cut.rows).map((row) => records[row])).toEqual(kept);
                        expect(engagedIds(cut)).toEqual(new Set(kept.map((r) => String(r.WhoId))));
                    }
                }
            ),
            { numRuns: 150 }
        );
    });

    it('attaches each activity as the records were attached: AccountId, else a WhatId naming an account, else the contact', () => {
        const reference = (dataset: RawDataset) => {
            const accounts = new Set(
                (dataset.Account ?? []).map((a) => text(a.Id)).filter((id) => id !== null)
            );
            const contactAccount = new Map<string, string>();
            for (const c of dataset.Contact ?? []) {
                const id = text(c.Id);
                const accountId = text(c.AccountId);
                if (id && accountId) contactAccount.set(id, accountId);
            }
            const of = (r: RawRecord) => {
                const what = text(r.WhatId);
                const id =
                    text(r.AccountId) ??
                    (what && accounts.has(what) ? what : undefined) ??
                    contactAccount.get(text(r.WhoId) ?? '');
                return id !== undefined && accounts.has(id) ? id : null;
            };
            return {
                tasks: (dataset.Task ?? []).map(of),
                events: (dataset.Event ?? []).map(of)
            };
        };
        fc.assert(
            fc.property(
                fc.array(recordArb, { maxLength: 12 }),
                fc.array(recordArb, { maxLength: 6 }),
                (tasks, events) => {
                    const dataset: RawDataset = {
                        Account: [{ Id: 'A1' }, { Id: 'A2' }, { Id: 'A1', Name: 'again' }, { Id: '' }],
                        Contact: [
                            { Id: 'C1', AccountId: 'A2' },
                            { Id: 'C2', AccountId: 'AX' },
                            { Id: 'null', AccountId: 'A1' }
                        ],
                        Task: tasks,
                        Event: events
                    };
                    const expected = reference(dataset);
                    for (const input of [
                        dataset,
                        { ...dataset, [ACTIVITIES]: activitiesFrom(tasks, events, ['A1', 'A2']) }
                    ]) {
                        const { accounts, attachment } = attachRecords(input);
                        for (const [id, records] of accounts) {
                            expect(records.tasks).toEqual(tasks.filter((_, i) => expected.tasks[i] === id));
                            expect(records.events).toEqual(
                                events.filter((_, i) => expected.events[i] === id)
                            );
                            expect(recordsOf(records.activities!, 'Task')).toEqual(records.tasks);
                        }
                        const unattached = (list: (string | null)[]) =>
                            list.filter((id) => id === null).length;
                        expect(attachment.unattached.Task ?? 0).toBe(unattached(expected.tasks));
                        expect(attachment.unattached.Event ?? 0).toBe(unattached(expected.events));
                    }
                }
            ),
            { numRuns: 200 }
        );
    });
});

describe('ActivityTable', () => {
    it('grows past its first columns and keeps every row', () => {
        const tasks = Array.from({ length: 2500 }, (_, i) => ({
            Id: `T${i}`,
            WhoId: `C${i % 7}`,
            AccountId: 'A1',
            Status: 'Completed',
            ActivityDate: i % 2 ? '2025-01-02' : '2025-01-03',
            OwnerId: `U${i % 3}`,
            Outcome__c: 'Neutral'
        }));
        const set = activitiesFrom(tasks, []);
        expect(set.rows.length).toBe(2500);
        const { table } = set;
        expect(table.engineActivity(2499)).toEqual({
            contactId: 'C0',
            date: '2025-01-02',
            channel: 'Message',
            outcome: 'Neutral',
            ownerId: 'U0'
        });
        expect(table.engineActivity(0)).toMatchObject({ contactId: 'C0', date: '2025-01-03', ownerId: 'U0' });
        expect(keyDate(table.cut[1500] as number)).toBe('2025-01-03');
        // one string each: 7 contacts, 1 account, 3 owners
        expect(table.strings).toHaveLength(11);
        expect(recordsOf(set, 'Task')).toEqual(tasks);
        expect(recordsOf(set, 'Event')).toEqual([]);
        // fitted to its rows, it reads the same and still takes more
        const before = Array.from(set.rows, (row) => table.engineActivity(row));
        expect(table.flags.length).toBeGreaterThan(2500);
        table.fit();
        for (const column of [
            table.flags,
            table.cut,
            table.day,
            table.who,
            table.owner,
            table.account,
            table.what
        ])
            expect(column).toHaveLength(2500);
        expect(Array.from(set.rows, (row) => table.engineActivity(row))).toEqual(before);
        expect(table.whoString(2499)).toBe('C0');
        expect(stringAt(table, table.account[2499])).toBe('A1');
        table.fit();
        expect(table.flags).toHaveLength(2500);
        table.add('Task', { WhoId: 'C1' }, null);
        expect(table.flags.length).toBeGreaterThan(2500);
        expect(table.whoString(2500)).toBe('C1');
        expect(keyDate(table.cut[2499] as number)).toBe('2025-01-02');
    });

    it('keeps no records unless asked, and a rejected activity only with its record', () => {
        const table = new ActivityTable(['A1']);
        expect(table.sources).toBeNull();
        expect(table.find('A1')).toBe(0);
        expect(table.find('A2')).toBe(-1);
        table.add(
            'Event',
            { Id: 'E1', AccountId: 'A1', EndDateTime: '2025-02-03T10:00:00Z', Type: 'Call' },
            {
                id: 'E1',
                accountId: 'A1',
                contactId: null,
                date: '2025-02-03',
                channel: 'Call',
                outcome: null,
                ownerId: null
            }
        );
        expect(recordsOf(table.all(), 'Event')).toEqual([]);
        expect(table.rejected(0)).toBeNull();
        expect(() => table.add('Task', { Id: 'T1' }, undefined)).toThrow(/needs its record/);
    });

    it('joins sets of one table in order, and refuses sets of two tables', () => {
        const a = activitiesFrom(
            [
                { Id: 'T1', ActivityDate: '2025-01-01' },
                { Id: 'T2', ActivityDate: '2025-01-02' }
            ],
            []
        );
        const first = { table: a.table, rows: new Int32Array([1]) };
        const second = { table: a.table, rows: new Int32Array([0, 1]) };
        expect(Array.from(joinSets(a.table, [first, second]).rows)).toEqual([1, 0, 1]);
        expect(joinSets(a.table, []).rows).toHaveLength(0);
        expect(() => joinSets(a.table, [first, activitiesFrom([], [])])).toThrow(/different tables/);
    });

    it('writes date keys back as the text they were read from, years before 1000 too', () => {
        for (const date of ['2025-06-20', '0999-01-05', '0042-12-31', '9999-09-09', '2025-10-10'])
            expect(keyDate(activitiesFrom([{ ActivityDate: date }], []).table.cut[0] as number)).toBe(date);
    });
});

describe('the history on compact activities', () => {
    const account = (partial: Partial<AccountRecords>): AccountRecords =>
        accountRecords({ Id: 'A1' }, partial);

    it('maps held records with the shared mapping of their object, and dates nothing it cannot date', () => {
        const event = { Id: 'E1', WhoId: 'C1', EndDateTime: '2025-02-03T10:00:00Z', Type: 'Call' };
        const task = { Id: 'T1', WhoId: 'C1', ActivityDate: '2025-02-04', Status: 'Completed' };
        const { table } = activitiesFrom([task], [event]);
        expect(table.engineActivity(0)).toEqual({
            contactId: 'C1',
            date: '2025-02-04',
            channel: 'Message',
            outcome: null,
            ownerId: null
        });
        expect(table.engineActivity(1)).toEqual({
            contactId: 'C1',
            date: '2025-02-03',
            channel: 'Call',
            outcome: null,
            ownerId: null
        });
        expect(latestDateIn(account({ tasks: [{ Id: 'T1' }], events: [{ Id: 'E1' }] }))).toBeNull();
    });

    it('reads `activities` when present, else the records', () => {
        const tasks = [{ Id: 'T1', ActivityDate: '2025-01-05' }];
        const compact = activitiesFrom([{ Id: 'T9', ActivityDate: '2025-03-01' }], []);
        expect(activitiesOf(account({ tasks })).table.sources).toEqual(tasks);
        expect(activitiesOf(account({ tasks, activities: compact }))).toBe(compact);
        expect(latestDateIn(account({ tasks, activities: compact }))).toBe('2025-03-01');
        expect(latestDateIn(account({ tasks }))).toBe('2025-01-05');
        const cut = recordsAsOf(account({ tasks, activities: compact }), '2025-02-01');
        expect(cut.activities?.rows).toHaveLength(0);
        expect(cut.tasks).toEqual([]);
    });

    it('keeps the rows of a cut that removes nothing, and cuts on the text of an as-of date in any form', () => {
        const set = activitiesFrom(
            [
                { Id: 'T1', ActivityDate: '2025-01-05' },
                { Id: 'T2', CompletedDateTime: '2025-01-06T00:00:00Z' }
            ],
            []
        );
        expect(activitiesAsOf(set, '2025-01-06').rows).toBe(set.rows);
        expect(Array.from(activitiesAsOf(set, '2025-01-05').rows)).toEqual([0]);
        expect(Array.from(activitiesAsOf(set, '2025-01-05Z').rows)).toEqual([0]);
        expect(Array.from(activitiesAsOf(set, '2025-01-1').rows)).toEqual([0, 1]);
        expect(Array.from(activitiesAsOf(set, '2025-01').rows)).toEqual([]);
    });
});
