// Contact CSV rows read straight into the engine's ContactInput: no record object filled per row and no field
// looked up by name. An export has a million contact rows (docs/engine.md "Performance").
//
// Only rows in the plain form an export writes are read here (an Id and an AccountId that start with a visible
// character, an exact Buying_Role__c value or none); read() answers null for any other row and the caller maps
// it with mapContact (./records), which accepts the same values in any form and names the file, line and field of
// a bad one. So a row gives the same contact (or the same error) either way; contactRows.test.ts checks that.
import type { BuyingRole, ContactInput } from '../engine';
import { cell as cellOf, columnOf, plainId as isPlainId } from './activityRows';
import { interned as internedOf, ownString as ownStringOf } from './records';

// Bound once: run through tsx (esbuild's CommonJS output), each use of an imported name is a getter call on its
// module, a dozen per row here.
const cell = cellOf;
const plainId = isPlainId;
const interned = internedOf;
const ownString = ownStringOf;

/**
 * The role of an exact Buying_Role__c value, as the constant (never the value itself: a value sliced from a file
 * chunk and kept for every contact kept the whole Contact file in memory, about 100 MB at a million contacts).
 */
function exactRole(value: string): BuyingRole | null | undefined {
    if (value === '') return null;
    if (value === 'Decision Maker') return 'Decision Maker';
    if (value === 'Approver') return 'Approver';
    if (value === 'Influencer') return 'Influencer';
    if (value === 'User') return 'User';
    return undefined;
}

/** Reads Contact rows of one file (its header given once) as mapContact would map them. */
export class ContactRows {
    private readonly id: number;
    private readonly account: number;
    private readonly first: number;
    private readonly last: number;
    private readonly name: number;
    private readonly title: number;
    private readonly role: number;
    /** The account Id of the row read last (as mapContact gives it: the cell's text). */
    accountId = '';

    constructor(header: readonly string[]) {
        this.id = columnOf(header, 'Id');
        this.account = columnOf(header, 'AccountId');
        this.first = columnOf(header, 'FirstName');
        this.last = columnOf(header, 'LastName');
        this.name = columnOf(header, 'Name');
        this.title = columnOf(header, 'Title');
        this.role = columnOf(header, 'Buying_Role__c');
    }

    /** The row's contact as mapContact maps it (its account Id in `accountId`), or null: map it with mapContact. */
    read(fields: readonly string[]): ContactInput | null {
        const rawId = cell(fields, this.id);
        const accountId = cell(fields, this.account);
        if (!plainId(rawId) || !plainId(accountId)) return null;
        const role = exactRole(cell(fields, this.role));
        if (role === undefined) return null;
        const id = ownString(rawId);
        const nameText = cell(fields, this.name);
        let name: string;
        if (nameText !== '') name = ownString(nameText);
        else {
            const first = cell(fields, this.first);
            const last = cell(fields, this.last);
            name = [first, last].filter(Boolean).join(' ') || id;
        }
        const title = cell(fields, this.title);
        this.accountId = accountId;
        return { id, name, role, title: title === '' ? null : interned(title) };
    }
}
