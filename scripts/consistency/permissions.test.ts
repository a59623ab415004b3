// The permission-set policy of the package: people read every health field and edit only the qualitative
// overlay, buying roles, outcomes and case triage fields; only the integration user writes computed fields.

import fs from 'node:fs';
import path from 'node:path';
import { loadSchema } from './schema';

const forceApp = path.join(__dirname, '..', '..', 'force-app', 'main', 'default');
const schema = loadSchema(forceApp);

interface PermissionSet {
    readable: Set<string>;
    editable: Set<string>;
    objects: Map<string, Record<string, boolean>>;
    customPermissions: Set<string>;
}

function readPermissionSet(name: string): PermissionSet {
    const xml = fs.readFileSync(
        path.join(forceApp, 'permissionsets', `${name}.permissionset-meta.xml`),
        'utf8'
    );
    const tag = (body: string, t: string): string =>
        new RegExp(`<${t}\\s*>([^<]*)</${t}>`).exec(body)?.[1] ?? '';
    const set: PermissionSet = {
        readable: new Set(),
        editable: new Set(),
        objects: new Map(),
        customPermissions: new Set()
    };
    for (const [body] of xml.matchAll(/<fieldPermissions>[\s\S]*?<\/fieldPermissions>/g)) {
        if (tag(body, 'readable') === 'true') set.readable.add(tag(body, 'field'));
        if (tag(body, 'editable') === 'true') set.editable.add(tag(body, 'field'));
    }
    for (const [body] of xml.matchAll(/<objectPermissions>[\s\S]*?<\/objectPermissions>/g)) {
        const flags: Record<string, boolean> = {};
        for (const p of ['allowCreate', 'allowRead', 'allowEdit', 'allowDelete'])
            flags[p] = tag(body, p) === 'true';
        set.objects.set(tag(body, 'object'), flags);
    }
    for (const [body] of xml.matchAll(/<customPermissions>[\s\S]*?<\/customPermissions>/g)) {
        if (tag(body, 'enabled') === 'true') set.customPermissions.add(tag(body, 'name'));
    }
    return set;
}

/** Every package field a permission set can grant (required and master-detail fields are always visible). */
const grantable = [...schema.objects.values()]
    .filter((o) => !o.name.endsWith('__mdt'))
    .flatMap((o) =>
        [...o.fields].filter(([, f]) => f.custom && !f.required).map(([name]) => `${o.name}.${name}`)
    )
    .sort();

const PEOPLE_EDIT = [
    'Account.Champion_Status__c',
    'Account.Executive_Engagement__c',
    'Account.Outcome_Narrative__c',
    'Account.Qualitative_Reviewed_On__c',
    'Case.CSAT__c',
    'Case.Severity__c',
    'Contact.Buying_Role__c',
    'Event.Outcome__c',
    'Task.Outcome__c'
];

/** A manual override (Health_Override__c) is set by people: every field but the sync's notification stamp. */
const OVERRIDE_EDIT = [
    'Band__c',
    'Ended_On__c',
    'Expires_On__c',
    'Reason__c',
    'Score__c',
    'Starts_On__c',
    'Status__c',
    'Type__c'
].map((field) => `Health_Override__c.${field}`);
/** The sync only closes overrides: status, end day, owner notified. */
const OVERRIDE_SYNC_EDIT = ['Ended_On__c', 'Owner_Notified_On__c', 'Status__c'].map(
    (field) => `Health_Override__c.${field}`
);

describe.each(['Account_Health_User', 'Account_Health_Admin'])('%s', (name) => {
    const set = readPermissionSet(name);

    it("reads every package field (users: all but the admins' draft model previews)", () => {
        const expected = grantable.filter(
            (f) => name === 'Account_Health_Admin' || !f.startsWith('Health_Model_Preview__c.')
        );
        expect(expected.filter((f) => !set.readable.has(f))).toEqual([]);
        if (name === 'Account_Health_User')
            expect([...set.readable].filter((f) => f.startsWith('Health_Model_Preview__c.'))).toEqual([]);
    });

    it('draft model previews: admins read and delete them (edit and modify all: what delete needs), users nothing', () => {
        expect(set.objects.get('Health_Model_Preview__c')).toEqual(
            name === 'Account_Health_Admin'
                ? { allowCreate: false, allowRead: true, allowEdit: true, allowDelete: true }
                : undefined
        );
    });

    it('edits only the qualitative overlay, buying role, outcomes and case triage: computed fields stay read-only', () => {
        expect([...set.editable].sort()).toEqual([...PEOPLE_EDIT, ...OVERRIDE_EDIT].sort());
    });

    it('creates and edits overrides (master-detail: only on accounts the user can edit); only admins delete them', () => {
        expect(set.objects.get('Health_Override__c')).toEqual({
            allowCreate: true,
            allowRead: true,
            allowEdit: true,
            allowDelete: name === 'Account_Health_Admin'
        });
    });

    it('cannot create snapshots or usage (only the sync does)', () => {
        for (const object of ['Account_Health_Snapshot__c', 'Product_Usage__c']) {
            expect(set.objects.get(object)).toMatchObject({ allowRead: true, allowCreate: false });
        }
    });
});

describe('Account_Health_Integration', () => {
    const set = readPermissionSet('Account_Health_Integration');

    it('writes every computed and fed field on Account, Contact, snapshots and usage', () => {
        const synced = grantable.filter(
            (f) =>
                /^(Account|Contact|Account_Health_Snapshot__c|Product_Usage__c)\./.test(f) &&
                !PEOPLE_EDIT.includes(f)
        );
        expect(synced.filter((f) => !set.editable.has(f))).toEqual([]);
        expect(set.editable.has('Account.Health_Score__c')).toBe(true);
    });

    it('creates and updates snapshots and usage', () => {
        for (const object of ['Account_Health_Snapshot__c', 'Product_Usage__c']) {
            expect(set.objects.get(object)).toMatchObject({
                allowRead: true,
                allowCreate: true,
                allowEdit: true
            });
        }
    });

    it('reads overrides and only closes them (status, end day, owner notified); never creates one', () => {
        expect(set.objects.get('Health_Override__c')).toEqual({
            allowCreate: false,
            allowRead: true,
            allowEdit: true,
            allowDelete: false
        });
        expect([...set.editable].filter((f) => f.startsWith('Health_Override__c.')).sort()).toEqual(
            OVERRIDE_SYNC_EDIT
        );
    });

    it('creates and updates draft model previews (health-score preview), never deletes them', () => {
        expect(set.objects.get('Health_Model_Preview__c')).toEqual({
            allowCreate: true,
            allowRead: true,
            allowEdit: true,
            allowDelete: false
        });
        expect(
            grantable.filter((f) => f.startsWith('Health_Model_Preview__c.') && !set.editable.has(f))
        ).toEqual([]);
    });

    it('bypasses the outcome requirement for automatically logged activities', () => {
        expect(set.customPermissions.has('Bypass_Outcome_Requirement')).toBe(true);
    });
});
