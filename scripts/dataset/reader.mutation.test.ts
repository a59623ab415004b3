// Edges of the dataset reader (reader.ts) that the Stryker run of the file found untested: the file forms a
// folder may hold and the errors that name them, the records and orphans counted per object, overrides named by
// their creator, and the rows read in place beside the rows read as records.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL_CONFIG } from '../engine';
import { DatasetError } from './records';
import { Utf8Lines, forEachRecord, loadDataset, readDatasetInto, scoreDataset } from './reader';
import type { DatasetSink } from './reader';

const TINY_CSV = join(__dirname, '__fixtures__', 'tiny-csv');
const AS_OF = '2026-11-20';
const folders: string[] = [];

/** A new folder with these files (and, with `base`, the tiny CSV dataset's other files). */
function folder(files: Record<string, string>, base = false): string {
    const dir = mkdtempSync(join(tmpdir(), 'dataset-'));
    folders.push(dir);
    if (base) cpSync(TINY_CSV, dir, { recursive: true });
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return dir;
}

afterAll(() => {
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

async function failure(run: () => Promise<unknown>): Promise<DatasetError> {
    try {
        await run();
    } catch (error) {
        expect(error).toBeInstanceOf(DatasetError);
        return error as DatasetError;
    }
    throw new Error('expected a DatasetError');
}

/** A sink that records what it is given (accounts known by Id; every other record accepted when its account is). */
function recordingSink(): DatasetSink & { log: string[] } {
    const accounts = new Set<string>();
    const log: string[] = [];
    const known = (what: string, accountId: string, detail: string) => {
        log.push(`${what} ${accountId} ${detail}`);
        return accounts.has(accountId);
    };
    return {
        log,
        account: (account, churnedOn, fields) => {
            accounts.add(account.id);
            log.push(
                `account ${account.id} ${churnedOn ?? '-'}${fields ? ` ${JSON.stringify(fields)}` : ''}`
            );
        },
        user: (user) => void log.push(`user ${user.id} ${user.name}`),
        contact: (accountId, contact) => known('contact', accountId, contact.id),
        activity: (activity) => {
            log.push(`activity ${activity.accountId ?? '-'} ${activity.contactId ?? '-'} ${activity.date}`);
            return accounts.has(activity.accountId ?? '');
        },
        opportunity: (accountId, opportunity) => known('opportunity', accountId, opportunity.id),
        supportCase: (accountId, supportCase) => known('case', accountId, supportCase.id),
        usage: (accountId, period) => known('usage', accountId, period.periodStart),
        snapshot: (accountId, snapshot) => known('snapshot', accountId, snapshot.asOf),
        override: (accountId, override) => known('override', accountId, `${override.id} ${override.setBy}`)
    };
}

describe('dataset reader: files and their errors', () => {
    it('refuses a folder with both a JSON and a CSV file of one object, naming them', async () => {
        const dir = folder({ 'Account.csv': 'Id,Name\n001A,Acme\n', 'Account.json': '[]' });
        const error = await failure(() => loadDataset(dir));
        expect(error.message).toMatch(
            /^Account\.json, file: both Account\.json and Account\.csv exist\. Keep one/
        );
        const contacts = folder({
            'Account.csv': 'Id,Name\n001A,Acme\n',
            'Contact.csv': 'Id,AccountId\n',
            'Contact.json': '[]'
        });
        expect((await failure(() => loadDataset(contacts))).message).toMatch(
            /^Contact\.json, file: both Contact\.json and Contact\.csv exist/
        );
    });

    it('reads a JSON file as an array or as { records }, and refuses anything else naming the record', async () => {
        const account = { Id: '001A', Name: 'Acme' };
        for (const content of [
            JSON.stringify([account]),
            JSON.stringify({ records: [account], done: true })
        ]) {
            const { accounts, read } = await loadDataset(folder({ 'Account.json': content }));
            expect(accounts.map((a) => [a.id, a.name])).toEqual([['001A', 'Acme']]);
            expect(read.records.Account).toBe(1);
        }
        for (const content of ['{"rows": []}', '{"records": {}}', '"text"', 'null', '7']) {
            const error = await failure(() => loadDataset(folder({ 'Account.json': content })));
            expect(error.message).toMatch(
                /^Account\.json, file: expected a JSON array of records or \{ "records": \[\.\.\.\] \}\. /
            );
        }
        for (const [bad, record] of [
            ['null', 'record 2'],
            ['["001B"]', 'record 2'],
            ['"001B"', 'record 2'],
            ['3', 'record 2']
        ] as const) {
            const error = await failure(() =>
                loadDataset(folder({ 'Account.json': `[${JSON.stringify(account)}, ${bad}]` }))
            );
            expect(error.message).toMatch(
                new RegExp(`^Account\\.json, ${record}: expected a JSON object\\. `)
            );
            expect(error.location).toEqual({ file: 'Account.json', record });
        }
        // a record without a string Id is named by its place alone
        const noId = await failure(() =>
            loadDataset(folder({ 'Account.json': '[{"Id": "001A", "Name": "A"}, {"Id": 5}]' }))
        );
        expect(noId.location).toEqual({ file: 'Account.json', record: 'record 2' });
    });

    it('names a duplicate Account Id by file and line', async () => {
        const dir = folder({ 'Account.csv': 'Id,Name\n001A,Acme\n001B,Globex\n001A,Again\n' });
        const error = await failure(() => loadDataset(dir));
        expect(error.message).toMatch(/^Account\.csv, line 4, field Id: duplicate Account Id 001A\. /);
        expect(error.location).toEqual({ file: 'Account.csv', record: 'line 4' });
    });

    it('names a row with the wrong number of fields among rows read in place, and the line of bad quoting', async () => {
        const header =
            'Id,WhoId,WhatId,AccountId,OwnerId,Subject,Status,IsClosed,TaskSubtype,ActivityDate,CompletedDateTime,Outcome__c';
        const row = (i: number) => `00T${i},003A1,,001A,005A,s,Completed,true,Call,2026-11-0${i},,Positive`;
        const tasks = [header, row(1), row(2), `${row(3)},extra`, row(4)].join('\n');
        const error = await failure(() =>
            scoreDataset(folder({ 'Task.csv': `${tasks}\n` }, true), DEFAULT_MODEL_CONFIG, AS_OF)
        );
        expect(error.message).toMatch(/^Task\.csv, line 4: has 13 fields but the header has 12\. /);
        const short = [header, row(1), '00T9,003A1', row(4)].join('\r\n');
        const shortError = await failure(() =>
            scoreDataset(folder({ 'Task.csv': `${short}\r\n` }, true), DEFAULT_MODEL_CONFIG, AS_OF)
        );
        expect(shortError.message).toMatch(/^Task\.csv, line 3: has 2 fields but the header has 12\. /);
        const quoted = await failure(() =>
            loadDataset(
                folder(
                    { 'Case.csv': 'Id,AccountId,CreatedDate\n5,001A,2026-01-01\n"6"x,001A,2026-01-01\n' },
                    true
                )
            )
        );
        expect(quoted.message).toMatch(/^Case\.csv, line 3: text after a closing quote\. /);
        expect(quoted.location).toEqual({ file: 'Case.csv', record: 'line 3' });
    });
});

describe('dataset reader: what it hands the sink', () => {
    it('reads headers with spaces and counts records and orphans per object', async () => {
        const dir = folder({
            'Account.csv': ' Id , Name \n001A,Acme\n001B,Globex\n',
            'Contact.csv': 'Id,AccountId\n003A,001A\n003Z,001Z\n003Y,001Y\n',
            'Opportunity.csv': 'Id,AccountId,CloseDate\n006A,001A,2026-12-01\n006Z,001Z,2026-12-01\n',
            'Case.csv':
                'Id,AccountId,CreatedDate\n500A,001B,2026-10-01\n500Z,001Z,2026-10-01\n500Y,001Y,2026-10-01\n',
            'Product_Usage__c.csv':
                'Account__c,Customer_Key__c,Period_Start__c,Period_End__c,Active_Users__c,Licensed_Seats__c\n' +
                '001A,,2026-10-01,2026-10-31,5,10\n' +
                ',NOKEY,2026-10-01,2026-10-31,5,10\n',
            'Account_Health_Snapshot__c.csv': 'Account__c,As_Of__c,Score__c\n001Z,2026-10-01,50\n'
        });
        const sink = recordingSink();
        const read = await readDatasetInto(dir, sink);
        expect(read).toEqual({
            records: {
                Account: 2,
                User: 0,
                Contact: 3,
                Task: 0,
                Event: 0,
                Opportunity: 2,
                Case: 3,
                Product_Usage__c: 2,
                Account_Health_Snapshot__c: 1,
                Health_Override__c: 0
            },
            orphans: {
                Contact: 2,
                Opportunity: 1,
                Case: 2,
                Product_Usage__c: 1,
                Account_Health_Snapshot__c: 1
            },
            openTasks: 0
        });
        expect(sink.log.slice(0, 2)).toEqual(['account 001A -', 'account 001B -']);
        // the usage row whose key no account has never reaches the sink
        expect(sink.log.filter((line) => line.startsWith('usage'))).toEqual(['usage 001A 2026-10-01']);
    });

    it('names an override by its CreatedBy.Name, else by the User its CreatedById names', async () => {
        const overrides =
            'Id,Account__c,Type__c,Band__c,Starts_On__c,Expires_On__c,Reason__c,CreatedById,CreatedBy.Name\n' +
            'a01,001A,Band,Red,2026-11-01,2026-12-31,Known risk,005A,\n' +
            'a02,001B,Band,Red,2026-11-01,2026-12-31,Known risk,005B,Named Here\n' +
            'a03,001B,Band,Red,2026-11-01,2026-12-31,Known risk,005Q,\n' +
            'a04,001B,Band,Red,2026-11-01,2026-12-31,Known risk,,\n' +
            'a05,001Z,Band,Red,2026-11-01,2026-12-31,Known risk,005A,\n';
        const dir = folder({ 'Health_Override__c.csv': overrides }, true);
        const sink = recordingSink();
        const read = await readDatasetInto(dir, sink);
        expect(sink.log.filter((line) => line.startsWith('override'))).toEqual([
            'override 001A a01 Riley Rep',
            'override 001B a02 Named Here',
            'override 001B a03 null',
            'override 001B a04 null',
            'override 001Z a05 Riley Rep'
        ]);
        expect(read.records.Health_Override__c).toBe(5);
        expect(read.orphans.Health_Override__c).toBe(1);
        const { accounts } = await loadDataset(dir);
        expect(accounts.find((a) => a.id === '001A')?.overrides?.map((o) => o.setBy)).toEqual(['Riley Rep']);
        // a sink without `override` reads no override file (a broken one included)
        const withoutOverride: DatasetSink = { ...recordingSink(), override: undefined };
        const broken = folder({ 'Health_Override__c.csv': 'Id,Account__c\n"a01\n' }, true);
        await expect(readDatasetInto(broken, withoutOverride)).resolves.toMatchObject({ openTasks: 1 });
        await expect(readDatasetInto(broken, recordingSink())).rejects.toThrow(
            /^Health_Override__c\.csv, line 2: unterminated quoted field/
        );
    });

    it('hands the sink the Account fields segment criteria ask for, and refuses one no Account has', async () => {
        const dir = folder({
            'Account.csv': 'Id,Name,Industry,Region__c\n001A,Acme,Tech,\n001B,Globex,,EU\n'
        });
        const sink = recordingSink();
        await readDatasetInto(dir, sink, { accountFields: ['Industry', 'Region__c'] });
        expect(sink.log).toEqual([
            'account 001A - {"Industry":"Tech","Region__c":""}',
            'account 001B - {"Industry":"","Region__c":"EU"}'
        ]);
        const json = folder({
            'Account.json': JSON.stringify([
                { Id: '001A', Name: 'Acme', Industry: 'Tech' },
                { Id: '001B', Name: 'Globex' }
            ])
        });
        const fromJson = recordingSink();
        await readDatasetInto(json, fromJson, { accountFields: ['Industry'] });
        expect(fromJson.log).toEqual([
            'account 001A - {"Industry":"Tech"}',
            'account 001B - {"Industry":null}'
        ]);
        const error = await failure(() =>
            readDatasetInto(dir, recordingSink(), { accountFields: ['Industry', 'Tier__c', 'Size__c'] })
        );
        expect(error.message).toMatch(
            /^Account, every record, field Tier__c: a segment's criteria read Tier__c, Size__c, which no Account record has\. add the column/
        );
        // no accounts at all: nothing to refuse
        const empty = folder({ 'Account.csv': 'Id,Name\n' });
        await expect(
            readDatasetInto(empty, recordingSink(), { accountFields: ['Tier__c'] })
        ).resolves.toMatchObject({
            records: { Account: 0 }
        });
    });

    it('gives loadDataset an activity on the account of its contact, and its contact only when that is the account', async () => {
        const dir = folder({
            'Account.csv': 'Id,Name\n001A,Acme\n001B,Globex\n',
            'Contact.csv': 'Id,AccountId\n003A,001A\n003B,001B\n',
            'Event.csv':
                'Id,WhoId,AccountId,EndDateTime,Type\n' +
                '00U1,003A,001B,2026-11-01T10:00:00Z,Meeting\n' +
                '00U2,003Q,001B,2026-11-02T10:00:00Z,Meeting\n' +
                '00U3,,001A,2026-11-03T10:00:00Z,Meeting\n' +
                '00U4,003Q,,2026-11-04T10:00:00Z,Meeting\n' +
                '00U5,003B,001Z,2026-11-05T10:00:00Z,Meeting\n'
        });
        const { accounts, read } = await loadDataset(dir);
        const activities = Object.fromEntries(
            accounts.map((a) => [a.id, a.activities.map((x) => `${x.date} ${x.contactId ?? '-'}`)])
        );
        expect(activities).toEqual({
            '001A': ['2026-11-01 003A', '2026-11-03 -'],
            '001B': ['2026-11-02 -', '2026-11-05 003B']
        });
        expect(read.orphans.Event).toBe(1);
    });

    it('forEachRecord hands a new record and location per row by default, and reads no absent file', async () => {
        const dir = folder({ 'User.csv': 'Id,Name\r\n005A,"Riley, Rep"\r\n005B,Morgan\r\n' });
        const records: unknown[] = [];
        const places: string[] = [];
        const count = await forEachRecord(dir, 'User', (record, at) => {
            records.push(record);
            places.push(`${at.file} ${at.record}`);
        });
        expect(count).toBe(2);
        expect(records).toEqual([
            { Id: '005A', Name: 'Riley, Rep' },
            { Id: '005B', Name: 'Morgan' }
        ]);
        expect(records[0]).not.toBe(records[1]);
        expect(places).toEqual(['User.csv line 2', 'User.csv line 3']);
        expect(await forEachRecord(dir, 'Case', () => undefined)).toBe(0);
    });
});

describe('dataset reader: the rows read in place and the records handed over', () => {
    const TASK_HEADER =
        'Id,WhoId,WhatId,AccountId,OwnerId,Subject,Status,IsClosed,TaskSubtype,ActivityDate,CompletedDateTime,Outcome__c';

    it('hands plain Task and Event rows to activitySpans, the rest to activity, and adds the orphans it reports', async () => {
        const dir = folder(
            {
                'Task.csv':
                    `${TASK_HEADER}\n` +
                    '00T1,003A1,,001A,005A,s,Completed,true,Call,2026-11-10,,Positive\n' +
                    '00T2,003A2,,001A,005B,s,Not Started,false,Call,2026-11-12,,\n' +
                    '00T3,003B1,,001B,005A,s,Completed,true,email,2026-03-04T10:00:00.000Z,,positive\n' +
                    '00T4,,,001B,005B,s,Completed,true,Call,2026-11-01,,Negative\n',
                'Event.csv':
                    'Id,WhoId,AccountId,OwnerId,StartDateTime,EndDateTime,Type,Outcome__c\n' +
                    '00U1,003A1,,005A,2026-11-05,2026-11-05,Meeting,Positive\n'
            },
            true
        );
        const spans: string[] = [];
        const activities: string[] = [];
        let reports = 0;
        const sink: DatasetSink = {
            ...recordingSink(),
            activity: (activity) => {
                activities.push(`${activity.contactId ?? '-'} ${activity.accountId ?? '-'} ${activity.date}`);
                return true;
            },
            activitySpans: (row) => {
                const id = (start: number, end: number) => (end > start ? row.text.slice(start, end) : '-');
                spans.push(
                    `${id(row.contactStart, row.contactEnd)} ${id(row.accountStart, row.accountEnd)} ${id(row.ownerStart, row.ownerEnd)}`
                );
            },
            activityOrphans: () => (reports++ === 0 ? 2 : 3)
        };
        const read = await readDatasetInto(dir, sink);
        expect(spans).toEqual(['003A1 001A 005A', '- 001B 005B', '003A1 - 005A']);
        expect(activities).toEqual(['003B1 001B 2026-03-04']);
        expect(read.openTasks).toBe(1);
        expect(read.records).toMatchObject({ Task: 4, Event: 1 });
        expect(read.orphans).toMatchObject({ Task: 2, Event: 3 });
        expect(reports).toBe(2);

        // without activityOrphans (the orphans could not be counted) every row goes to `activity`
        const { activityOrphans: _unused, ...withoutOrphans } = sink;
        spans.length = 0;
        activities.length = 0;
        const general = await readDatasetInto(dir, withoutOrphans);
        expect(spans).toEqual([]);
        expect(activities).toHaveLength(4);
        expect(general.openTasks).toBe(1);
    });

    it('forEachRecord with reuse: one record of the wanted columns, rows to the row and span readers first', async () => {
        const dir = folder({
            'Case.csv':
                ' Id ,Skip,AccountId\n' +
                '5A,x,001A\n' +
                '"5B","y",001B\n' +
                '5C,"z""",001C\n' +
                'rows,w,001D\n' +
                'record,v,001E\n'
        });
        const headers: string[] = [];
        const seen: string[] = [];
        const records: Record<string, string>[] = [];
        const locations: unknown[] = [];
        const count = await forEachRecord(
            dir,
            'Case',
            (record, at) => {
                records.push(record as Record<string, string>);
                locations.push(at);
                seen.push(`visit ${at.record} ${JSON.stringify(record)}`);
            },
            {
                reuse: true,
                fields: new Set(['Id', 'AccountId']),
                rows: (header) => {
                    headers.push(`rows ${JSON.stringify(header)}`);
                    return (fields, at) => {
                        seen.push(`row ${at.record} ${fields.join('|')}`);
                        return fields[0] === 'rows' || fields[0] === '5C';
                    };
                },
                spans: (header) => {
                    headers.push(`spans ${JSON.stringify(header)}`);
                    return (text, starts, ends, at) => {
                        const id = text.slice(starts[0], ends[0]);
                        seen.push(`spans ${at.record} ${id} ${text.slice(starts[2], ends[2])}`);
                        return id === '5B';
                    };
                }
            }
        );
        expect(count).toBe(5);
        expect(headers).toEqual(['rows ["Id","","AccountId"]', 'spans ["Id","","AccountId"]']);
        expect(seen).toEqual([
            'spans line 2 5A 001A',
            'row line 2 5A||001A',
            'visit line 2 {"Id":"5A","AccountId":"001A"}',
            'spans line 3 5B 001B',
            // a doubled quote: not cut in place, so straight to the row reader
            'row line 4 5C||001C',
            'spans line 5 rows 001D',
            'row line 5 rows||001D',
            'spans line 6 record 001E',
            'row line 6 record||001E',
            'visit line 6 {"Id":"record","AccountId":"001E"}'
        ]);
        // one record object and one location, reused
        expect(records[0]).toBe(records[1]);
        expect(Object.keys(records[0] as object)).toEqual(['Id', 'AccountId']);
        expect(locations[0]).toBe(locations[1]);
    });

    it('forEachRecord without reuse: a record of exactly the header columns and a location of its own per row', async () => {
        const dir = folder({ 'Case.csv': 'Id,AccountId\r\n5A,001A\r\n5B,\r\n' });
        const records: unknown[] = [];
        const locations: unknown[] = [];
        await forEachRecord(dir, 'Case', (record, at) => {
            records.push(record);
            locations.push(at);
        });
        expect(records).toStrictEqual([
            { Id: '5A', AccountId: '001A' },
            { Id: '5B', AccountId: '' }
        ]);
        expect(locations).toStrictEqual([
            { file: 'Case.csv', record: 'line 2' },
            { file: 'Case.csv', record: 'line 3' }
        ]);
    });

    it('loadDataset: users, churn dates and the records of unknown accounts left out and counted', async () => {
        const dir = folder({
            'Account.csv': 'Id,Name,Churned_On__c\n001A,Acme,\n001B,Globex,2026-09-30\n',
            'User.csv': 'Id,Name\n005A,Riley\n005B,\n',
            'Contact.csv': 'Id,AccountId\n003A,001A\n003Z,001Z\n',
            'Opportunity.csv': 'Id,AccountId,CloseDate\n006A,001A,2026-12-01\n006Z,001Z,2026-12-01\n',
            'Case.csv': 'Id,AccountId,CreatedDate\n500A,001B,2026-10-01\n500Z,001Z,2026-10-01\n',
            'Product_Usage__c.csv':
                'Account__c,Period_Start__c,Period_End__c,Active_Users__c\n' +
                '001A,2026-10-01,2026-10-31,5\n001Z,2026-10-01,2026-10-31,5\n',
            'Account_Health_Snapshot__c.csv':
                'Account__c,As_Of__c,Score__c\n001B,2026-10-01,50\n001Z,2026-10-01,50\n',
            'Health_Override__c.csv':
                'Id,Account__c,Type__c,Band__c,Starts_On__c,Expires_On__c,Reason__c\n' +
                'a01,001A,Band,Red,2026-11-01,2026-12-31,Known risk\n' +
                'a02,001Z,Band,Red,2026-11-01,2026-12-31,Known risk\n'
        });
        const { accounts, users, churnedOn, read } = await loadDataset(dir);
        expect(users).toEqual([
            { id: '005A', name: 'Riley', managerId: null },
            { id: '005B', name: null, managerId: null }
        ]);
        expect([...churnedOn]).toEqual([['001B', '2026-09-30']]);
        const counts = (id: string) => {
            const a = accounts.find((x) => x.id === id);
            return [
                a?.contacts.length,
                a?.opportunities.length,
                a?.cases.length,
                a?.usage.length,
                a?.snapshots?.length,
                a?.overrides?.length
            ];
        };
        expect(counts('001A')).toEqual([1, 1, 0, 1, 0, 1]);
        expect(counts('001B')).toEqual([0, 0, 1, 0, 1, 0]);
        expect(read.orphans).toEqual({
            Contact: 1,
            Opportunity: 1,
            Case: 1,
            Product_Usage__c: 1,
            Account_Health_Snapshot__c: 1,
            Health_Override__c: 1
        });
    });

    it('names a missing folder and a folder without an Account file in full', async () => {
        const missing = join(tmpdir(), 'no-such-dataset-folder');
        const error = await failure(() => loadDataset(missing));
        expect(error.message).toBe(
            `${missing}, folder: dataset folder not found. See docs/dataset-format.md for the fields each object needs.`
        );
        const empty = folder({ 'Contact.csv': 'Id,AccountId\n' });
        const noAccount = await failure(() => loadDataset(empty));
        expect(noAccount.message).toBe(
            `Account.json / Account.csv, file: no Account file in ${empty}. A dataset needs at least Account.json or Account.csv.`
        );
        expect(noAccount.location).toEqual({ file: 'Account.json / Account.csv', record: 'file' });
    });
});

describe('dataset reader: bytes to text', () => {
    it('Utf8Lines: a long line cut after a continuation byte (0x80) is completed by the next piece, ASCII or not', () => {
        const lines = new Utf8Lines(4);
        const feed = (bytes: number[]) => {
            lines.buffer.set(bytes, lines.offset);
            return lines.text(bytes.length);
        };
        // no line end in 4 bytes: handed over as it comes, the start of a 3-byte character (E2 80) kept open
        expect(feed([0x61, 0x62, 0xe2, 0x80])).toBe('ab');
        expect(feed([0x80, 0x0a])).toBe('\u2000\n');
        expect(feed([0x63, 0x64, 0xe2, 0x80])).toBe('cd');
        // an ASCII piece after it: decoded with the open character (U+FFFD here), not copied past it
        expect(feed([0x78, 0x0a])).toBe('\ufffdx\n');
        expect(lines.end()).toBe('');
    });
});

describe('dataset reader: scoreDataset with admin-defined signals', () => {
    it('scores an account with the signal definitions and values it is given', async () => {
        const nps = {
            name: 'NPS',
            label: 'NPS survey',
            aggregation: 'latest' as const,
            windowDays: null,
            direction: 'higher' as const,
            worst: 0,
            best: 10,
            dimension: 'relationship' as const,
            weight: 50
        };
        const scoreWith = async (value: number) => {
            const result = await scoreDataset(TINY_CSV, DEFAULT_MODEL_CONFIG, AS_OF, null, {
                definitions: [nps],
                values: new Map([['001A', [{ signal: 'NPS', date: null, value }]]])
            });
            return [...result.results()].find((r) => r.accountId === '001A');
        };
        const low = await scoreWith(0);
        const high = await scoreWith(10);
        expect(JSON.stringify(high)).toContain('SIGNAL_NPS');
        expect(high?.subscores.relationship).toBeGreaterThan(low?.subscores.relationship ?? 100);
    });
});
