import { mkdtempSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL_CONFIG, scoreAccount } from '../engine';
import type { AccountResult } from '../engine';
import { DatasetError } from './records';
import { loadDataset, scoreDataset } from './reader';

const TINY_CSV = join(__dirname, '__fixtures__', 'tiny-csv');
const TINY_JSON = join(__dirname, '__fixtures__', 'tiny-json');
const AS_OF = '2026-11-20';

async function scored(folder: string): Promise<AccountResult[]> {
    const result = await scoreDataset(folder, DEFAULT_MODEL_CONFIG, AS_OF);
    return [...result.results()];
}

/** A copy of the tiny CSV dataset with one file replaced. */
function withFile(name: string, content: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'dataset-'));
    cpSync(TINY_CSV, dir, { recursive: true });
    writeFileSync(join(dir, name), content);
    return dir;
}

async function expectDatasetError(folder: string, pattern: RegExp): Promise<DatasetError> {
    try {
        await scoreDataset(folder, DEFAULT_MODEL_CONFIG, AS_OF);
    } catch (error) {
        expect(error).toBeInstanceOf(DatasetError);
        expect((error as Error).message).toMatch(pattern);
        return error as DatasetError;
    }
    throw new Error('expected a DatasetError');
}

describe('dataset reader', () => {
    it('scores the tiny CSV dataset', async () => {
        const { read, stats, inflation } = await scoreDataset(TINY_CSV, DEFAULT_MODEL_CONFIG, AS_OF);
        expect(read.records).toMatchObject({
            Account: 2,
            Contact: 4,
            Task: 5,
            Event: 2,
            Case: 2,
            Product_Usage__c: 4
        });
        expect(read.orphans).toEqual({ Contact: 1 });
        expect(read.openTasks).toBe(1);
        expect(stats.ignoredAfterAsOf).toBe(1); // the December call
        expect(inflation.flagged).toEqual([]);
        const results = await scored(TINY_CSV);
        const acme = results.find((r) => r.accountId === '001A');
        const globex = results.find((r) => r.accountId === '001B');
        expect(acme?.name).toBe('Acme, Inc.');
        expect(acme?.lifecycle).toBe('Warm');
        expect(acme?.previousBand).toBe('Green');
        expect(acme?.change).toBe((acme?.score ?? 0) - 80);
        expect(acme?.subscores.usage).not.toBeNull();
        // Only negative interactions on record: the silence cap (MODEL.md v2 property 12) binds lowest.
        expect(globex?.criticalRisk).toMatch(/^No engagement with any contact on record/);
        expect(globex?.band).toBe('Red');
        expect(globex?.caps.map((c) => c.code)).toEqual(
            expect.arrayContaining(['SEV1', 'PAST_DUE', 'SILENCE'])
        );
        expect(globex?.divergence).toBeNull();
    });

    it('maps Customer_Key__c usage rows, priorities to severities, and Task subtypes to channels', async () => {
        const { accounts } = await loadDataset(TINY_CSV);
        const acme = accounts.find((a) => a.id === '001A');
        expect(acme?.usage).toHaveLength(3);
        expect(acme?.activities.map((a) => a.channel)).toEqual(['Call', 'Email', 'Call', 'Meeting']);
        expect(acme?.opportunities.map((o) => o.kind)).toEqual(['new', 'renewal', 'expansion']);
        const globex = accounts.find((a) => a.id === '001B');
        expect(globex?.cases[0]).toMatchObject({ severity: 'Sev1', escalated: true, closedDate: null });
        expect(globex?.activities[0]).toMatchObject({ date: '2026-06-01', outcome: 'Negative' });
    });

    it('matches usage rows to Customer_Key__c ignoring letter case, as Salesforce matches an External ID that is not case-sensitive', async () => {
        const usage =
            'Customer_Key__c,Period_Start__c,Period_End__c,Active_Users__c,Licensed_Seats__c\n' +
            'globex,2026-10-01,2026-10-30,10,20\n' +
            'GloBex,2026-10-31,2026-11-19,12,20\n';
        const { accounts } = await loadDataset(withFile('Product_Usage__c.csv', usage));
        expect(accounts.find((a) => a.id === '001B')?.usage).toHaveLength(2);
        // two Accounts whose keys differ only in letter case are one key in the org: refused, naming both
        const account = 'Id,Name,Customer_Key__c\n001A,Acme,ACME\n001B,Globex,acme\n';
        await expectDatasetError(
            withFile('Account.csv', account),
            /Account\.csv, line 3, field Customer_Key__c: Customer_Key__c acme is also the key of Account 001A/
        );
    });

    it('loadDataset + scoreAccount equals the streaming scorer', async () => {
        const { accounts } = await loadDataset(TINY_CSV);
        const streamed = await scored(TINY_CSV);
        expect(streamed).toEqual(accounts.map((a) => scoreAccount(a, DEFAULT_MODEL_CONFIG, AS_OF)));
    });

    it('reads JSON files, arrays or { records }', async () => {
        const [result] = await scored(TINY_JSON);
        expect(result?.name).toBe('Json Co');
        expect(result?.contacts[0]).toMatchObject({
            name: 'Jo Json',
            role: 'Approver',
            lastMeetingDate: '2026-11-18'
        });
    });

    describe('malformed input names the file, the record and the field', () => {
        it('a missing required field (CSV line number)', async () => {
            const folder = withFile('Contact.csv', 'Id,AccountId,LastName\n003A1,001A,Doe\n003A2,,Lee\n');
            const error = await expectDatasetError(
                folder,
                /^Contact\.csv, line 3, field AccountId: required field is missing/
            );
            expect(error.field).toBe('AccountId');
            expect(error.location).toEqual({ file: 'Contact.csv', record: 'line 3' });
        });

        it('a bad date, number, boolean and picklist value', async () => {
            await expectDatasetError(
                withFile('Opportunity.csv', 'Id,AccountId,CloseDate\n006,001A,2026-02-30\n'),
                /Opportunity\.csv, line 2, field CloseDate: expected a date/
            );
            await expectDatasetError(
                withFile('Account.csv', 'Id,Name,ARR__c\n001A,Acme,lots\n'),
                /Account\.csv, line 2, field ARR__c: expected a number, got "lots"/
            );
            await expectDatasetError(
                withFile('Case.csv', 'Id,AccountId,CreatedDate,IsEscalated\n5,001A,2026-01-01,maybe\n'),
                /Case\.csv, line 2, field IsEscalated: expected true or false/
            );
            await expectDatasetError(
                withFile('Contact.csv', 'Id,AccountId,Buying_Role__c\n003,001A,Boss\n'),
                /Contact\.csv, line 2, field Buying_Role__c: "Boss" is not one of Decision Maker, Approver, Influencer, User/
            );
        });

        it('a duplicate contact Id', async () => {
            await expectDatasetError(
                withFile('Contact.csv', 'Id,AccountId\n003A1,001A\n003A1,001B\n'),
                /^Contact\.csv, line 3, field Id: Contact 003A1 was added twice/
            );
        });

        it('a JSON record by index and Id', async () => {
            const dir = mkdtempSync(join(tmpdir(), 'dataset-'));
            writeFileSync(
                join(dir, 'Account.json'),
                JSON.stringify([{ Id: '001', Name: 'A' }, { Id: '002' }])
            );
            await expectDatasetError(
                dir,
                /^Account\.json, record 2 \(Id 002\), field Name: required field is missing/
            );
        });

        it('broken CSV quoting, a wrong column count, invalid JSON, no Account file, a missing folder', async () => {
            await expectDatasetError(
                withFile('Case.csv', 'Id,AccountId\n"5,001A\n'),
                /Case\.csv, line 2: unterminated/
            );
            await expectDatasetError(
                withFile('Case.csv', 'Id,AccountId\n5,001A,extra\n'),
                /Case\.csv, line 2: has 3 fields/
            );
            const dir = mkdtempSync(join(tmpdir(), 'dataset-'));
            writeFileSync(join(dir, 'Account.json'), '[{');
            await expectDatasetError(dir, /Account\.json, file: not valid JSON/);
            const empty = mkdtempSync(join(tmpdir(), 'dataset-'));
            mkdirSync(join(empty, 'x'));
            await expectDatasetError(empty, /no Account file/);
            await expectDatasetError(join(empty, 'nope'), /dataset folder not found/);
        });
    });
});
