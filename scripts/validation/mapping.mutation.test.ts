// Pins mapping.ts where the other tests do not reach (issue 13, mutation testing): reading a dataset folder in
// both formats (docs/dataset-format.md: one JSON or CSV file per object), Tasks and Events from CSV kept as
// compact records of the mapped columns only, every record checked while reading with an error that names its
// file, record and field, that location kept for errors raised later by the mapping, and every object of one
// account mapped with the shared record mapping (scripts/dataset/records.ts) so a backtest scores what a run
// over the same data would.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapCase, mapOpportunity, mapSnapshot, mapUsage } from '../dataset/records';
import type { AccountRecords } from './history';
import { mapAccountRecords, readDatasetFolder } from './mapping';
import { ACTIVITIES, keyDate } from './activities';
import type { RawDataset, RawRecord } from './synthetic';

/** The string a column holds by number (negative: none). */
const stringAt = (table: { strings: readonly string[] }, number: number | undefined) =>
    number === undefined || number < 0 ? null : (table.strings[number] as string);

const TASK_CSV = [
    'Id,Description,WhoId,AccountId,ActivityDate,Status,TaskSubtype,Outcome__c,Priority',
    'T1,first call,C1,A1,2025-06-20,Completed,Call,Positive,High',
    'T2,,C2,A1,2025-06-21,Completed,Email,,Normal',
    'T3,open one,C1,A1,2025-06-22,Not Started,Call,Neutral,Low'
].join('\n');
const EVENT_CSV = [
    'Subject,Id,WhoId,AccountId,EndDateTime,Outcome__c',
    'QBR,E1,C1,A1,2025-06-25T15:00:00Z,Positive'
].join('\n');
const CONTACT_CSV = [
    'Id,AccountId,Name,Buying_Role__c,Email',
    'C1,A1,Dana Decider,Decision Maker,dana@example.com',
    'C2,A1,Uma User,User,'
].join('\n');
const ACCOUNT = { Id: 'A1', Name: 'Acme', Industry: 'Retail', Website: 'acme.example' };
const CASE = { Id: 'K1', AccountId: 'A1', CreatedDate: '2025-05-02', Priority: 'High', Origin: 'Web' };

/** Each compact activity row of a data set read from a folder, as the history, baselines and mapping read it. */
function rowsOf(dataset: RawDataset) {
    const set = dataset[ACTIVITIES];
    if (!set) return [];
    const { table } = set;
    return Array.from(set.rows, (row) => ({
        object: table.isTask(row) ? 'Task' : 'Event',
        cut: (table.cut[row] as number) < 0 ? null : keyDate(table.cut[row] as number),
        who: table.whoString(row),
        account: stringAt(table, table.account[row]),
        what: stringAt(table, table.what[row]),
        hasEnd: table.hasEnd(row),
        rated: table.rated(row),
        engine: table.engineActivity(row)
    }));
}

function folderWith(files: Record<string, string | unknown[]>): string {
    const folder = mkdtempSync(join(tmpdir(), 'mapping-mutation-'));
    for (const [name, content] of Object.entries(files))
        writeFileSync(join(folder, name), typeof content === 'string' ? content : JSON.stringify(content));
    return folder;
}

async function read(files: Record<string, string | unknown[]>) {
    const folder = folderWith(files);
    try {
        return await readDatasetFolder(folder);
    } finally {
        rmSync(folder, { recursive: true, force: true });
    }
}

async function readError(files: Record<string, string | unknown[]>): Promise<string> {
    try {
        await read(files);
    } catch (error) {
        return (error as Error).message;
    }
    throw new Error('expected the folder to be rejected');
}

describe('readDatasetFolder', () => {
    it('keeps Tasks and Events as compact rows in file order (CSV: mapped columns only), the other objects as records', async () => {
        const dataset = await read({
            'Account.json': [ACCOUNT, { ...ACCOUNT, Id: 'A2' }],
            'Contact.csv': CONTACT_CSV,
            'Task.csv': TASK_CSV,
            'Event.csv': EVENT_CSV
        });
        expect(Object.keys(dataset)).toEqual(['Account', 'Contact']);
        // every Task row, open ones too (the cut and the mapping decide what counts)
        expect(rowsOf(dataset)).toEqual([
            {
                object: 'Task',
                cut: '2025-06-20',
                who: 'C1',
                account: 'A1',
                what: null,
                hasEnd: false,
                rated: 1,
                engine: {
                    contactId: 'C1',
                    date: '2025-06-20',
                    channel: 'Call',
                    outcome: 'Positive',
                    ownerId: null
                }
            },
            {
                object: 'Task',
                cut: '2025-06-21',
                who: 'C2',
                account: 'A1',
                what: null,
                hasEnd: false,
                rated: 0,
                engine: {
                    contactId: 'C2',
                    date: '2025-06-21',
                    channel: 'Email',
                    outcome: null,
                    ownerId: null
                }
            },
            {
                object: 'Task',
                cut: '2025-06-22',
                who: 'C1',
                account: 'A1',
                what: null,
                hasEnd: false,
                rated: 2,
                engine: null
            },
            {
                object: 'Event',
                cut: '2025-06-25',
                who: 'C1',
                account: 'A1',
                what: null,
                hasEnd: true,
                rated: 1,
                engine: {
                    contactId: 'C1',
                    date: '2025-06-25',
                    channel: 'Meeting',
                    outcome: 'Positive',
                    ownerId: null
                }
            }
        ]);
        // only the mapped columns are read from CSV: an EndDateTime column on Tasks is not one of them
        const withEnd = await read({
            'Account.json': [ACCOUNT],
            'Task.csv': TASK_CSV.replace('Priority', 'EndDateTime').replace(',High', ',2025-06-20')
        });
        expect(rowsOf(withEnd).map((row) => row.hasEnd)).toEqual([false, false, false]);
        // other objects keep every column, from CSV and from JSON, as their own objects
        expect(dataset.Contact).toEqual([
            {
                Id: 'C1',
                AccountId: 'A1',
                Name: 'Dana Decider',
                Buying_Role__c: 'Decision Maker',
                Email: 'dana@example.com'
            },
            { Id: 'C2', AccountId: 'A1', Name: 'Uma User', Buying_Role__c: 'User', Email: '' }
        ]);
        expect(dataset.Contact?.[0]).not.toBe(dataset.Contact?.[1]);
        expect(dataset.Account).toEqual([ACCOUNT, { ...ACCOUNT, Id: 'A2' }]);
    });

    it('reads Tasks from JSON as CSV rows are read, a WhatId naming an account of the file, and leaves out objects without records', async () => {
        const task = {
            Id: 'T1',
            WhoId: 'C1',
            AccountId: 'A1',
            ActivityDate: '2025-06-20',
            Status: 'Completed',
            Description: 'kept',
            EndDateTime: null
        };
        const dataset = await read({
            'Account.json': [ACCOUNT, { ...ACCOUNT, Id: 'A2' }],
            'Task.json': [
                task,
                { ...task, Id: 'T2', AccountId: null, WhatId: 'A2', WhoId: null },
                { ...task, Id: 'T3', AccountId: '', WhatId: '006X', WhoId: '' }
            ],
            'Event.json': [],
            'Opportunity.json': [],
            'Case.csv': 'Id,AccountId,CreatedDate\n'
        });
        expect(Object.keys(dataset)).toEqual(['Account']);
        expect(
            rowsOf(dataset).map(({ object, who, account, what, hasEnd }) => ({
                object,
                who,
                account,
                what,
                hasEnd
            }))
        ).toEqual([
            { object: 'Task', who: 'C1', account: 'A1', what: null, hasEnd: true },
            { object: 'Task', who: 'null', account: null, what: 'A2', hasEnd: true },
            { object: 'Task', who: '', account: null, what: null, hasEnd: true }
        ]);
        expect(await read({ 'Account.json': [ACCOUNT], 'Task.csv': 'Id,WhoId\n' })).toEqual({
            Account: [ACCOUNT]
        });
    });

    it('reads manual overrides as they are (the override reader checks them, scripts/validation/overrides.ts)', async () => {
        const override = {
            Id: 'H1',
            Account__c: 'A1',
            Kind__c: 'Band',
            Band__c: 'Red',
            Starts_On__c: 'soon'
        };
        expect(await read({ 'Account.json': [ACCOUNT], 'Health_Override__c.json': [override] })).toEqual({
            Account: [ACCOUNT],
            Health_Override__c: [override]
        });
    });

    it('checks every record while reading, naming its file, record and field', async () => {
        expect(
            await readError({
                'Account.json': [ACCOUNT],
                'Task.csv': TASK_CSV.replace('2025-06-21', 'soon')
            })
        ).toMatch(/^Task\.csv, line 3, field ActivityDate: expected a date/);
        expect(
            await readError({
                'Account.json': [ACCOUNT],
                'Event.csv': EVENT_CSV.replace('Positive', 'Great')
            })
        ).toMatch(/^Event\.csv, line 2, field Outcome__c: "Great" is not one of/);
        expect(
            await readError({
                'Account.json': [ACCOUNT],
                'Case.json': [{ ...CASE, CreatedDate: 'last week' }]
            })
        ).toMatch(/^Case\.json, record 1 \(Id K1\), field CreatedDate: expected a date/);
        expect(await readError({ 'Account.csv': 'Id,Name,ARR__c\nA1,Acme,lots' })).toMatch(
            /^Account\.csv, line 2, field ARR__c: expected a number/
        );
        expect(
            await readError({
                'Account.json': [ACCOUNT],
                'Contact.csv': CONTACT_CSV.replace(',User,', ',Boss,')
            })
        ).toMatch(/^Contact\.csv, line 3, field Buying_Role__c/);
    });
});

function accountRecords(overrides: Partial<AccountRecords> = {}): AccountRecords {
    return {
        account: { ...ACCOUNT },
        contacts: [],
        tasks: [],
        events: [],
        opportunities: [],
        cases: [],
        usage: [],
        snapshots: [],
        ...overrides
    };
}

describe('mapAccountRecords', () => {
    it('names the file and record a value was read from when the mapping fails later', async () => {
        const dataset = await read({
            'Account.json': [ACCOUNT],
            'Case.json': [CASE],
            'Contact.csv': CONTACT_CSV
        });
        const supportCase = dataset.Case?.[0] as RawRecord;
        supportCase.CreatedDate = 'last week';
        expect(() => mapAccountRecords(accountRecords({ cases: [supportCase] }))).toThrow(
            /^Case\.json, record 1 \(Id K1\), field CreatedDate: expected a date/
        );
        const contact = dataset.Contact?.[1] as RawRecord;
        contact.Buying_Role__c = 'Boss';
        expect(() => mapAccountRecords(accountRecords({ contacts: [contact] }))).toThrow(
            /^Contact\.csv, line 3, field Buying_Role__c/
        );
        // every CSV row its own line, not the file's last one
        const first = dataset.Contact?.[0] as RawRecord;
        first.Buying_Role__c = 'Boss';
        expect(() => mapAccountRecords(accountRecords({ contacts: [first] }))).toThrow(
            /^Contact\.csv, line 2, field Buying_Role__c/
        );
    });

    it("keeps JSON records as they are (each with its own fields) and CSV rows with exactly the file's columns", async () => {
        const cases = [
            CASE,
            { Id: 'K2', AccountId: 'A1', CreatedDate: '2025-05-03', CSAT__c: 4, IsClosed: false }
        ];
        const dataset = await read({
            'Account.json': [ACCOUNT],
            'Case.json': cases,
            'Contact.csv': CONTACT_CSV
        });
        expect(dataset.Case).toEqual(cases);
        expect(Object.keys(dataset.Case?.[1] as RawRecord)).toEqual(Object.keys(cases[1] as RawRecord));
        for (const contact of dataset.Contact ?? [])
            expect(Object.keys(contact)).toEqual(['Id', 'AccountId', 'Name', 'Buying_Role__c', 'Email']);
    });

    it('names the object and the Id (or "record") of a value that was not read from a file', () => {
        const usage = { Account__c: 'A1', Period_Start__c: '2025-06-01', Period_End__c: '2025-05-01' };
        expect(() => mapAccountRecords(accountRecords({ usage: [usage] }))).toThrow(
            /^Product_Usage__c, record, field Period_End__c: ends before Period_Start__c/
        );
        expect(() => mapAccountRecords(accountRecords({ usage: [{ ...usage, Id: null }] }))).toThrow(
            /^Product_Usage__c, record, field Period_End__c/
        );
        expect(() => mapAccountRecords(accountRecords({ usage: [{ ...usage, Id: 'U1' }] }))).toThrow(
            /^Product_Usage__c, Id U1, field Period_End__c/
        );
        expect(() => mapAccountRecords(accountRecords({ account: { Id: 'A1' } }))).toThrow(
            /^Account, Id A1, field Name: required field is missing/
        );
        expect(() =>
            mapAccountRecords(accountRecords({ snapshots: [{ Id: 'S1', Account__c: 'A1', Band__c: 'Red' }] }))
        ).toThrow(/^Account_Health_Snapshot__c, Id S1, field As_Of__c/);
        expect(() =>
            mapAccountRecords(accountRecords({ opportunities: [{ Id: 'O1', AccountId: 'A1' }] }))
        ).toThrow(/^Opportunity, Id O1, field CloseDate/);
        expect(() =>
            mapAccountRecords(accountRecords({ tasks: [{ Id: 'T1', AccountId: 'A1', Status: 'Completed' }] }))
        ).toThrow(/^Task, Id T1, field ActivityDate/);
        expect(() => mapAccountRecords(accountRecords({ events: [{ Id: 'E1', AccountId: 'A1' }] }))).toThrow(
            /^Event, Id E1, field EndDateTime/
        );
        expect(() => mapAccountRecords(accountRecords({ contacts: [{ Id: 'C1' }] }))).toThrow(
            /^Contact, Id C1, field AccountId/
        );
    });

    it('leaves out tasks that are not completed (open tasks are not interactions yet)', () => {
        const task = {
            Id: 'T1',
            WhoId: 'C1',
            AccountId: 'A1',
            ActivityDate: '2025-06-20',
            TaskSubtype: 'Call',
            Outcome__c: 'Positive'
        };
        const input = mapAccountRecords(
            accountRecords({
                contacts: [{ Id: 'C1', AccountId: 'A1', Name: 'Dana Decider' }],
                tasks: [
                    { ...task, Status: 'Not Started' },
                    { ...task, Id: 'T2', Status: 'Completed' }
                ]
            })
        );
        expect(input.activities).toEqual([
            {
                contactId: 'C1',
                date: '2025-06-20',
                channel: 'Call',
                outcome: 'Positive',
                ownerId: null
            }
        ]);
    });

    it('maps opportunities, cases, usage and snapshots with the shared record mapping, each record once', () => {
        const opportunity = {
            Id: 'O1',
            AccountId: 'A1',
            CloseDate: '2025-09-30',
            StageName: 'Closed Won',
            Type: 'Renewal',
            Amount: '1200'
        };
        const usage = {
            Account__c: 'A1',
            Period_Start__c: '2025-06-01',
            Period_End__c: '2025-06-30',
            Active_Users__c: '40',
            Licensed_Seats__c: 50
        };
        const snapshot = {
            Id: 'S1',
            Account__c: 'A1',
            As_Of__c: '2025-06-01',
            Score__c: 71,
            Band__c: 'Yellow'
        };
        const closedCase = { ...CASE, Id: 'K2', IsClosed: true, ClosedDate: '2025-05-09', CSAT__c: 2 };
        const records = accountRecords({
            opportunities: [opportunity],
            cases: [CASE, closedCase],
            usage: [usage],
            snapshots: [snapshot]
        });
        const at = { file: 'test', record: 'test' };
        const input = mapAccountRecords(records);
        expect(input.opportunities).toEqual([mapOpportunity(opportunity, at).opportunity]);
        expect(input.cases).toEqual([mapCase(CASE, at).supportCase, mapCase(closedCase, at).supportCase]);
        expect(input.usage).toEqual([mapUsage(usage, at).period]);
        expect(input.snapshots).toEqual([{ asOf: '2025-06-01', score: 71, band: 'Yellow' }]);
        expect(input.snapshots).toEqual([mapSnapshot(snapshot, at).snapshot]);
        expect(input.cases[1]).toMatchObject({ severity: 'Sev2', closedDate: '2025-05-09', csat: 2 });
        const again = mapAccountRecords(records);
        expect(again.cases[1]).toBe(input.cases[1]);
        expect(again.snapshots?.[0]).toBe(input.snapshots?.[0]);
        // a changed record is a new object: mapped again
        const changed = mapAccountRecords({ ...records, snapshots: [{ ...snapshot, Score__c: 40 }] });
        expect(changed.snapshots?.[0]).toEqual({ asOf: '2025-06-01', score: 40, band: 'Yellow' });
    });
});
