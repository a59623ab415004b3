import { mkdtempSync, writeFileSync, mkdirSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { DEFAULT_MODEL_CONFIG, PortfolioScorer, scoreAccount } from '../engine';
import type { AccountResult } from '../engine';
import { DatasetError } from './records';
import { Utf8Lines, forEachRecord, loadDataset, readDatasetInto, scoreDataset } from './reader';

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

    it('Task and Event rows read straight into the scorer (in batches) give what the record mappers give', async () => {
        // 600 Tasks and 200 Events of every form, in the tiny dataset: plain rows (the fast path) and rows only the
        // mappers read (letter case, spaces, date-times), orphans, open and future tasks, across many batches.
        let seed = 7;
        // A small deterministic PRNG (LCG): every column picked independently.
        const pick = <T>(values: readonly T[], _i: number): T => {
            seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
            return values[(seed >>> 8) % values.length] as T;
        };
        const who = ['003A1', '003A2', '003B1', '', '003X', '003NOPE'];
        const what = ['', '001A', '001B', '001Z'];
        const dates = [
            '2026-11-10',
            '2026-10-01',
            '2026-03-04T10:00:00.000Z',
            '2026-06-30 08:00',
            ' 2026-05-05',
            '2027-01-01',
            '2025-11-21'
        ];
        const outcomes = ['', 'Positive', 'Neutral', 'Negative', 'positive', ' Negative'];
        const kinds = ['', 'Call', 'Email', 'Meeting', 'call', 'ListEmail', 'Other'];
        const statuses = ['Completed', 'completed ', 'Not Started', 'Completed'];
        const owners = ['005A', '005B', '', '005C'];
        const tasks = [
            'Id,WhoId,WhatId,AccountId,OwnerId,Subject,Status,IsClosed,TaskSubtype,ActivityDate,CompletedDateTime,Outcome__c'
        ];
        for (let i = 0; i < 600; i++) {
            const contact = pick(who, i);
            const account = contact === '' || i % 5 === 0 ? pick(what, i + 1) || '001B' : '';
            tasks.push(
                [
                    `00T${i}`,
                    contact,
                    i % 2 ? account : '',
                    i % 2 ? '' : account,
                    pick(owners, i),
                    's',
                    pick(statuses, i),
                    i % 11 === 0 ? 'true' : '',
                    pick(kinds, i),
                    pick(dates, i),
                    i % 3 === 0 ? pick(dates, i + 2) : '',
                    pick(outcomes, i)
                ].join(',')
            );
        }
        const events = [
            'Id,WhoId,WhatId,AccountId,OwnerId,Subject,StartDateTime,EndDateTime,ActivityDate,Type,Outcome__c'
        ];
        for (let i = 0; i < 200; i++) {
            const contact = pick(who, i + 3);
            events.push(
                [
                    `00U${i}`,
                    contact,
                    contact ? '' : pick(what, i) || '001A',
                    '',
                    pick(owners, i),
                    's',
                    pick(dates, i + 1),
                    i % 4 ? pick(dates, i) : '',
                    pick(dates, i + 5),
                    pick(kinds, i + 2),
                    pick(outcomes, i + 1)
                ].join(',')
            );
        }
        const dir = withFile('Task.csv', `${tasks.join('\n')}\n`);
        writeFileSync(join(dir, 'Event.csv'), `${events.join('\r\n')}\r\n`);

        const fast = await scoreDataset(dir, DEFAULT_MODEL_CONFIG, AS_OF);
        // The same folder through the record mappers only (a sink without activityCodes).
        const scorer = new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF);
        const read = await readDatasetInto(dir, {
            account: (account, _churned, fields) => scorer.addAccount(account, fields),
            user: (user) => scorer.addUser(user),
            contact: (accountId, contact) => scorer.addContact(accountId, contact),
            activity: (activity) => scorer.addActivity(activity),
            opportunity: (accountId, opportunity) => scorer.addOpportunity(accountId, opportunity),
            supportCase: (accountId, supportCase) => scorer.addCase(accountId, supportCase),
            usage: (accountId, period) => scorer.addUsage(accountId, period),
            snapshot: (accountId, snapshot) => scorer.addSnapshot(accountId, snapshot),
            override: (accountId, override) => scorer.addOverride(accountId, override)
        });
        const general = scorer.finish();
        expect(read.orphans.Task).toBeGreaterThan(0);
        expect(read.openTasks).toBeGreaterThan(0);
        expect(general.stats.ignoredAfterAsOf).toBeGreaterThan(0);
        expect(JSON.stringify(fast.read)).toBe(JSON.stringify(read));
        expect(fast.stats).toEqual(general.stats);
        expect(fast.inflation).toEqual(general.inflation);
        expect([...fast.results()]).toEqual([...general.results()]);

        // A bad row among plain ones is still named by file, line and field.
        tasks[450] = tasks[450]?.replace(/,[^,]*$/, ',Great') as string;
        await expectDatasetError(
            withFile('Task.csv', `${tasks.join('\n')}\n`),
            /Task\.csv, line 451, field Outcome__c: "Great" is not one of/
        );
    });

    it('Contact rows read straight into the scorer give what the record mapper gives (the same rows as JSON)', async () => {
        // Plain rows (the fast path) and rows only mapContact reads (letter case, spaces), orphans, a Name column.
        const header = ['Id', 'AccountId', 'FirstName', 'LastName', 'Name', 'Title', 'Buying_Role__c'];
        const roles = ['', 'Decision Maker', 'Approver', 'Influencer', 'User', 'user', ' Approver'];
        const accounts = ['001A', '001B', '001Z', ' 001A'];
        const rows: string[][] = [];
        for (let i = 0; i < 120; i++)
            rows.push([
                i % 9 === 0 ? ` 003C${i}` : `003C${i}`,
                accounts[i % accounts.length] as string,
                i % 4 === 0 ? '' : `First${i}`,
                i % 6 === 0 ? '' : `Last${i}`,
                i % 5 === 0 ? `Named ${i}` : '',
                i % 3 === 0 ? '' : `Title ${i % 4}`,
                roles[i % roles.length] as string
            ]);
        const csv = withFile('Contact.csv', `${[header, ...rows].map((r) => r.join(',')).join('\n')}\n`);
        const json = withFile('Contact.csv', '');
        rmSync(join(json, 'Contact.csv'));
        writeFileSync(
            join(json, 'Contact.json'),
            JSON.stringify(
                rows.map((r) => {
                    const record: Record<string, string> = {};
                    header.forEach((h, i) => {
                        if (r[i] !== '') record[h] = r[i] as string;
                    });
                    return record;
                })
            )
        );
        const fast = await scoreDataset(csv, DEFAULT_MODEL_CONFIG, AS_OF);
        const general = await scoreDataset(json, DEFAULT_MODEL_CONFIG, AS_OF);
        expect(fast.read.orphans.Contact).toBeGreaterThan(0);
        expect(JSON.stringify(fast.read)).toBe(JSON.stringify(general.read));
        expect(fast.stats).toEqual(general.stats);
        expect(JSON.stringify([...fast.results()])).toBe(JSON.stringify([...general.results()]));

        // A bad role among plain rows is still named by file, line and field.
        rows[70]![6] = 'Boss';
        await expectDatasetError(
            withFile('Contact.csv', `${[header, ...rows].map((r) => r.join(',')).join('\n')}\n`),
            /Contact\.csv, line 72, field Buying_Role__c: "Boss" is not one of/
        );
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
    describe('a file as text in pieces that end at a line end (Utf8Lines: ASCII copied as Latin-1, the rest decoded)', () => {
        /** Bytes of ASCII, 2- to 4-byte characters and broken sequences (lone lead and continuation bytes). */
        const piece = fc.oneof(
            fc.constantFrom('a', ',', '\n', 'Z9', 'é', '€', '😀', 'ü,"x"', '\r\n'),
            fc.constantFrom([0xe2], [0xe2, 0x82], [0x82], [0xf0, 0x9f, 0x98], [0xc3], [0xff])
        );
        const bytesOf = (pieces: (string | number[])[]) =>
            Buffer.concat(
                pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))
            );
        /** Reads `chunk` as a file read would: into the reader's buffer, as much as fits at a time. */
        const read = (lines: Utf8Lines, chunk: Buffer): string[] => {
            const texts: string[] = [];
            for (let from = 0; from < chunk.length;) {
                const n = Math.min(chunk.length - from, lines.buffer.length - lines.offset);
                chunk.copy(lines.buffer, lines.offset, from, from + n);
                texts.push(lines.text(n));
                from += n;
            }
            return texts;
        };

        it('gives the text a UTF-8 decoder gives, however the bytes arrive; pieces end at line ends', () => {
            fc.assert(
                fc.property(
                    fc.array(piece, { maxLength: 40 }),
                    fc.array(fc.nat(), { maxLength: 8 }),
                    fc.constantFrom(1, 2, 3, 5, 16, 1000),
                    (pieces, cuts, size) => {
                        const bytes = bytesOf(pieces);
                        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort(
                            (a, b) => a - b
                        );
                        const lines = new Utf8Lines(size);
                        const texts: string[] = [];
                        let from = 0;
                        for (const cut of [...at, bytes.length]) {
                            texts.push(...read(lines, bytes.subarray(from, cut)));
                            from = cut;
                        }
                        expect(texts.join('') + lines.end()).toBe(bytes.toString('utf8'));
                        // Every piece ends at a line end, unless a line is as long as the buffer.
                        const longest = Math.max(
                            ...bytes
                                .toString('latin1')
                                .split('\n')
                                .map((l) => l.length + 1)
                        );
                        if (longest < size)
                            for (const text of texts) if (text !== '') expect(text.endsWith('\n')).toBe(true);
                    }
                )
            );
        });

        it('keeps the bytes after the last line end for the next read; a line as long as the buffer as it comes', () => {
            const lines = new Utf8Lines(4);
            expect(read(lines, Buffer.from('ab\nc'))).toEqual(['ab\n']);
            expect(lines.offset).toBe(1);
            expect(read(lines, Buffer.from('d\ne\n'))).toEqual(['cd\n', 'e\n']);
            // No line end in 4 bytes: decoded as it comes, a character cut at the end kept for the next piece.
            expect(read(lines, Buffer.from([0x68, 0x69, 0xe2, 0x82]))).toEqual(['hi']);
            expect(read(lines, Buffer.from([0xac, 0x0a]))).toEqual(['€\n']);
            // An ASCII piece after a character left open is decoded with it (U+FFFD), not copied.
            expect(read(lines, Buffer.from([0x61, 0x62, 0x63, 0xe2]))).toEqual(['abc']);
            expect(read(lines, Buffer.from('d\n'))).toEqual(['\ufffdd\n']);
            expect(read(lines, Buffer.from('x\n'))).toEqual(['x\n']);
            expect(read(lines, Buffer.from([0x79, 0xc3]))).toEqual(['']);
            expect(lines.end()).toBe('y\ufffd');
            expect(lines.end()).toBe('');
        });

        it('reads a CSV file of several chunks with characters across the chunk ends', async () => {
            const dir = mkdtempSync(join(tmpdir(), 'dataset-'));
            const rows: string[] = ['Id,Name'];
            // ASCII rows (whole chunks copied as they are), then rows of one- to four-byte characters (chunk ends,
            // every 1 MB, fall inside characters), then ASCII again: about 2.5 MB.
            const mixedText = ['a', 'aé', 'aé€', 'aé€😀'];
            for (let i = 0; i < 150_000; i++) {
                const mixed = i >= 60_000 && i < 120_000;
                rows.push(`${i},${mixed ? `${mixedText[i % 4]}${'€'.repeat(i % 3)}` : `Account ${i}`}`);
            }
            const text = `${rows.join('\n')}\n`;
            writeFileSync(join(dir, 'Account.csv'), text);
            const names: string[] = [];
            await forEachRecord(dir, 'Account', (record) => void names.push(record.Name as string));
            expect(Buffer.byteLength(text)).toBeGreaterThan(2 << 20);
            expect(names).toEqual(rows.slice(1).map((row) => row.slice(row.indexOf(',') + 1)));
            rmSync(dir, { recursive: true, force: true });
        });
    });
});
