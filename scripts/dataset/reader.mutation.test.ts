// Edges of the dataset reader (reader.ts) that the Stryker run of the file found untested: the file forms a
// folder may hold and the errors that name them, the records and orphans counted per object, overrides named by
// their creator, and the rows read in place beside the rows read as records.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL_CONFIG } from '../engine';
import { DatasetError } from './records';
import { forEachRecord, loadDataset, readDatasetInto, scoreDataset } from './reader';
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
