// The Contact row reader gives what mapContact gives, or hands the row back (null) for mapContact; never a
// different contact, never a missed error.
import fc from 'fast-check';
import { ContactRows } from './contactRows';
import { MAPPED_FIELDS, mapContact } from './records';
import type { SalesforceRecord } from './records';

const at = { file: 'Contact.csv', record: 'line 2' };

const POOLS: Record<string, readonly string[]> = {
    Id: ['003A', '003B', '', ' ', ' 003C', '003D ', '\u00a0003E', 'é', '003Bn0000000000AAA'],
    AccountId: ['001A', '001B', '', ' ', ' 001C', '001D ', 'é'],
    FirstName: ['', 'Ada', ' Ada', 'Zoë', ' '],
    LastName: ['', 'Lovelace', 'Lovelace ', 'Ørsted'],
    Name: ['', 'Ada Lovelace', ' ', 'A very long contact name indeed'],
    Title: ['', 'VP Operations', ' CFO', 'CEO '],
    Buying_Role__c: [
        '',
        'Decision Maker',
        'Approver',
        'Influencer',
        'User',
        'user',
        ' Approver',
        'DECISION MAKER',
        'Champion',
        ' '
    ]
};
const CONTACT_COLUMNS = [...(MAPPED_FIELDS.Contact as ReadonlySet<string>)];

/** A header (some columns left out, in any order, one maybe twice) and rows of values from the pools. */
const rows = fc
    .record({
        header: fc.shuffledSubarray(CONTACT_COLUMNS, { minLength: 2 }),
        repeat: fc.boolean()
    })
    .chain(({ header, repeat }) => {
        const full = repeat ? [...header, header[0] as string] : header;
        return fc.record({
            header: fc.constant(full),
            rows: fc.array(
                fc.tuple(...full.map((column) => fc.constantFrom(...(POOLS[column] as string[])))),
                { minLength: 1, maxLength: 20 }
            )
        });
    });

function recordOf(header: readonly string[], fields: readonly string[]): SalesforceRecord {
    const record: Record<string, string> = {};
    header.forEach((column, i) => (record[column] = fields[i] as string));
    return record;
}

describe('Contact rows read straight into ContactInput', () => {
    it('a Contact row gives mapContact’s contact and account Id, else goes to mapContact', () => {
        let fast = 0;
        let general = 0;
        fc.assert(
            fc.property(rows, ({ header, rows: table }) => {
                const reader = new ContactRows(header);
                for (const fields of table) {
                    const contact = reader.read(fields);
                    if (contact === null) {
                        general++;
                        continue;
                    }
                    fast++;
                    // The same contact, fields in the same order (JSON output follows key order).
                    const want = mapContact(recordOf(header, fields), at);
                    expect(JSON.stringify({ accountId: reader.accountId, contact })).toBe(
                        JSON.stringify(want)
                    );
                }
            }),
            { numRuns: 2000 }
        );
        expect(fast).toBeGreaterThan(200);
        expect(general).toBeGreaterThan(200);
    });

    it('hands back every row mapContact refuses', () => {
        fc.assert(
            fc.property(rows, ({ header, rows: table }) => {
                const reader = new ContactRows(header);
                for (const fields of table) {
                    let refused = false;
                    try {
                        mapContact(recordOf(header, fields), at);
                    } catch {
                        refused = true;
                    }
                    if (refused) expect(reader.read(fields)).toBeNull();
                }
            }),
            { numRuns: 1000 }
        );
    });
});
