/**
 * The emulator's records, in memory, with the write rules a real org applies that the sync can trip over:
 * unknown or read-only fields, types, restricted picklists, text length, required fields, unique external ids,
 * references that must exist, upsert by external id (including `Account__r.Customer_Key__c` parent keys).
 * Derived fields (Contact.Name, Task.IsClosed, Task.AccountId, Opportunity.IsClosed/IsWon, archiving of
 * activities older than 365 days) are computed the way the platform does, simplified.
 */
import type { FieldDef, ObjectDef, Schema } from './schema';
import { findObject } from './schema';
import { ApiError, invalidField, invalidType } from './errors';
import type { CompiledQuery, ResolvedPath, StoredRecord, StoredValue } from './soql';
import { compileQuery } from './soql';

export interface WriteError {
    statusCode: string;
    message: string;
    fields: string[];
}

export class RecordError extends Error {
    constructor(
        readonly statusCode: string,
        message: string,
        readonly fields: string[] = []
    ) {
        super(message);
    }
    toWriteError(): WriteError {
        return { statusCode: this.statusCode, message: this.message, fields: this.fields };
    }
}

const ID_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Salesforce's 3-character case-safe suffix that turns a 15-character id into 18. */
function idSuffix(id15: string): string {
    let suffix = '';
    for (let block = 0; block < 3; block++) {
        let flags = 0;
        for (let i = 0; i < 5; i++) {
            const ch = id15[block * 5 + i] as string;
            if (ch >= 'A' && ch <= 'Z') flags += 1 << i;
        }
        suffix += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'[flags];
    }
    return suffix;
}

const notUpdateable = (field: FieldDef): RecordError =>
    new RecordError(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        [field.name]
    );

export function formatDateTime(ms: number): string {
    return new Date(ms).toISOString().replace('Z', '+0000');
}

/**
 * The sharing the emulator applies to the running user (docs/emulator.md "Sharing"): the Account and Contact
 * org-wide defaults and the user's View All / Modify All (on Account, and on Contact as the integration permission
 * set gives both). Opportunities, cases, activities and master-detail children of Account are "controlled by
 * parent", contacts too unless their own default says otherwise. The default is Public Read/Write with Modify
 * All, i.e. no restriction.
 */
export interface SharingSettings {
    /** Organization.DefaultAccountAccess: None (Private), Read (Public Read Only), Edit (Public Read/Write). */
    accountAccess: 'None' | 'Read' | 'Edit';
    /**
     * Organization.DefaultContactAccess (default ControlledByParent: a contact's access is its account's). With
     * None, Read or Edit a contact has its own sharing: the user edits it when it owns it, has Modify All or the
     * default is Edit (Object Reference, Organization; Salesforce Help, "Considerations for Sharing and
     * Accessing Contacts": https://help.salesforce.com/apex/HTViewHelpDoc?id=sales.contacts_sharing_considerations.htm).
     */
    contactAccess?: 'None' | 'Read' | 'Edit' | 'ControlledByParent';
    viewAll: boolean;
    modifyAll: boolean;
}

type Access = 'none' | 'read' | 'edit';

export class OrgStore {
    sharing: SharingSettings = { accountAccess: 'Edit', viewAll: true, modifyAll: true };
    /** The user of the request being served (API writes are stamped with it; sharing is checked for it). */
    runningUser: string | undefined;
    private readonly records = new Map<string, Map<string, StoredRecord>>();
    /** object|field → lower-cased value → id, for unique / external id fields. */
    private readonly uniqueIndex = new Map<string, Map<string, string>>();
    private readonly objectOfId = new Map<string, ObjectDef>();
    private idCounter = 0;
    /** Each object's auto-number sequence: an org numbers every auto-number field on its own. */
    private readonly autoNumbers = new Map<string, number>();
    private readonly blanks = new Map<string, StoredRecord>();
    private readonly blankSizes = new Map<string, number>();
    private prefixes: Map<string, ObjectDef | null> | undefined;
    private prefixesOf = 0;
    private lastStampMs = Number.NaN;
    private lastStamp = '';

    constructor(
        readonly schema: Schema,
        /** Clock for CreatedDate / LastModifiedDate (ms). */
        private readonly now: () => number,
        /** The org's "today" (YYYY-MM-DD): date literals and the 365-day activity archive. */
        readonly today: () => string
    ) {
        for (const object of schema.objects.values()) this.records.set(object.name, new Map());
    }

    object(name: string): ObjectDef {
        const object = findObject(this.schema, name);
        if (!object) throw invalidType(name);
        return object;
    }

    table(object: ObjectDef): Map<string, StoredRecord> {
        return this.records.get(object.name) as Map<string, StoredRecord>;
    }

    count(name: string): number {
        return this.table(this.object(name)).size;
    }

    get(id: string): { object: ObjectDef; record: StoredRecord } | undefined {
        const object =
            this.objectOfId.get(id) ?? this.objectOfId.get(id.slice(0, 15)) ?? this.objectOfPrefix(id);
        const record = object
            ? (this.table(object).get(id) ?? this.table(object).get(id.slice(0, 15)))
            : undefined;
        return object && record ? { object, record } : undefined;
    }

    /** The object whose key prefix starts `id`, if exactly one has it. */
    private objectOfPrefix(id: string): ObjectDef | undefined {
        if (!this.prefixes || this.prefixesOf !== this.schema.objects.size) {
            this.prefixesOf = this.schema.objects.size;
            const prefixes = new Map<string, ObjectDef | null>();
            for (const object of this.schema.objects.values()) {
                const prefix = object.keyPrefix;
                prefixes.set(prefix, prefixes.has(prefix) ? null : object);
            }
            this.prefixes = prefixes;
        }
        return this.prefixes.get(id.slice(0, 3)) ?? undefined;
    }

    newId(object: ObjectDef): string {
        this.idCounter += 1;
        let body = '';
        let n = this.idCounter;
        for (let i = 0; i < 9; i++) {
            body = ID_CHARS[n % 62] + body;
            n = Math.floor(n / 62);
        }
        const id15 = `${object.keyPrefix}000${body}`.slice(0, 15);
        return id15 + idSuffix(id15);
    }

    // ---- values ----------------------------------------------------------------------------------------

    /** Converts an incoming JSON or CSV value to the stored form, or throws a RecordError as the org does. */
    coerce(object: ObjectDef, field: FieldDef, value: unknown): StoredValue {
        if (value === null || value === undefined || value === '' || value === '#N/A') {
            return field.type === 'boolean' ? false : null;
        }
        const text = String(value);
        const bad = (): RecordError =>
            new RecordError(
                'INVALID_TYPE_ON_FIELD_IN_RECORD',
                `${field.name}: value not of required type: ${text}`,
                [field.name]
            );
        switch (field.type) {
            case 'boolean':
                if (typeof value === 'boolean') return value;
                if (/^(true|1)$/i.test(text)) return true;
                if (/^(false|0)$/i.test(text)) return false;
                throw bad();
            case 'double':
            case 'int':
            case 'currency':
            case 'percent': {
                const n = typeof value === 'number' ? value : Number(text);
                if (!Number.isFinite(n) || text.trim() === '') throw bad();
                return this.fitNumber(field, n);
            }
            case 'date':
                if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text))) throw bad();
                return text;
            case 'datetime': {
                const ms = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
                if (Number.isNaN(ms)) throw bad();
                return formatDateTime(ms);
            }
            case 'picklist':
                if (field.restricted && !(field.picklistValues ?? []).includes(text)) {
                    throw new RecordError(
                        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
                        `${object.name === 'Task' || object.name === 'Event' ? 'Activity' : object.name}: bad value for restricted picklist field: ${text}`,
                        [field.name]
                    );
                }
                return text;
            case 'reference':
            case 'id':
                return text;
            default:
                if (field.length !== undefined && text.length > field.length) {
                    throw new RecordError(
                        'STRING_TOO_LONG',
                        `${field.name}: data value too large: ${text.slice(0, 40)}... (max length=${field.length})`,
                        [field.name]
                    );
                }
                return text;
        }
    }

    /**
     * A Number/Currency/Percent field holds precision - scale digits before the point; more is refused
     * (NUMBER_OUTSIDE_VALID_RANGE), and the value is rounded half up to the scale, as the org stores it.
     */
    private fitNumber(field: FieldDef, n: number): number {
        if (field.precision === undefined) return n;
        const scale = field.scale ?? 0;
        const factor = 10 ** scale;
        const rounded = (Math.sign(n) * Math.round(Math.abs(n) * factor)) / factor;
        if (Math.abs(rounded) >= 10 ** (field.precision - scale)) {
            throw new RecordError(
                'NUMBER_OUTSIDE_VALID_RANGE',
                `${field.name}: value outside of valid range on numeric field: ${n}`,
                [field.name]
            );
        }
        return rounded;
    }

    private field(object: ObjectDef, name: string): FieldDef {
        const field = object.fields.get(name.toLowerCase());
        if (!field)
            throw new RecordError(
                'INVALID_FIELD',
                `No such column '${name}' on sobject of type ${object.name}`,
                [name]
            );
        return field;
    }

    /** Resolves `Account__r.Customer_Key__c` = value (CSV) or `Account__r: { Customer_Key__c }` (JSON) to an id. */
    private resolveParentKey(
        object: ObjectDef,
        relationship: string,
        keyField: string,
        value: unknown
    ): [FieldDef, string | null] {
        const reference = [...object.fields.values()].find(
            (f) => f.type === 'reference' && f.relationshipName?.toLowerCase() === relationship.toLowerCase()
        );
        if (!reference?.referenceTo?.[0]) {
            throw new RecordError(
                'INVALID_FIELD',
                `No such relationship '${relationship}' on sobject of type ${object.name}`,
                [relationship]
            );
        }
        const parent = this.object(reference.referenceTo[0]);
        const key = parent.fields.get(keyField.toLowerCase());
        if (!key || !(key.externalId || key.name === 'Id')) {
            throw new RecordError(
                'INVALID_FIELD',
                `${keyField} is not an External ID or Id field of ${parent.name}`,
                [keyField]
            );
        }
        if (value === null || value === undefined || value === '' || value === '#N/A')
            return [reference, null];
        const id =
            key.name === 'Id'
                ? String(value)
                : this.uniqueIndex.get(`${parent.name}|${key.name}`)?.get(String(value).toLowerCase());
        if (!id || !this.get(id)) {
            throw new RecordError(
                'INVALID_FIELD',
                `Foreign key external ID: ${String(value)} not found for field ${key.name} in entity ${parent.name}`,
                [reference.name]
            );
        }
        return [reference, id];
    }

    /** Validates and converts the fields of one incoming record (API write). */
    private incoming(
        object: ObjectDef,
        input: Record<string, unknown>,
        system: boolean,
        updating = false
    ): StoredRecord {
        const out: StoredRecord = {};
        const createOnly = (field: FieldDef): void => {
            if (updating && field.createOnly) throw notUpdateable(field);
        };
        for (const [key, value] of Object.entries(input)) {
            if (key === 'attributes' || key === 'Id' || key === 'id') continue;
            if (key.includes('.')) {
                const [relationship, keyField] = key.split('.') as [string, string];
                const [reference, id] = this.resolveParentKey(object, relationship, keyField, value);
                createOnly(reference);
                out[reference.name] = id;
                continue;
            }
            if (value !== null && typeof value === 'object' && !system) {
                const entries = Object.entries(value as Record<string, unknown>).filter(
                    ([k]) => k !== 'attributes'
                );
                const [keyField, keyValue] = entries[0] ?? ['', null];
                const [reference, id] = this.resolveParentKey(object, key, keyField, keyValue);
                createOnly(reference);
                out[reference.name] = id;
                continue;
            }
            const field = this.field(object, key);
            if (!system && !field.writable) throw notUpdateable(field);
            if (!system) createOnly(field);
            out[field.name] =
                system && field.type === 'reference' && value
                    ? String(value)
                    : this.coerce(object, field, value);
            if (!system && field.type === 'reference' && out[field.name] !== null) {
                const target = this.get(String(out[field.name]));
                if (!target || (field.referenceTo && !field.referenceTo.includes(target.object.name))) {
                    throw new RecordError('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [
                        field.name
                    ]);
                }
            }
        }
        return out;
    }

    private derive(object: ObjectDef, record: StoredRecord): void {
        switch (object.name) {
            case 'Contact':
            case 'User':
                record.Name = [record.FirstName, record.LastName].filter((p) => p).join(' ') || null;
                break;
            case 'Task':
                if (record.Status !== undefined && record.Status !== null)
                    record.IsClosed = record.Status === 'Completed';
                if (record.IsClosed && !record.CompletedDateTime) record.CompletedDateTime = this.stamp();
                record.AccountId = this.accountOfActivity(record);
                break;
            case 'Event':
                record.AccountId = this.accountOfActivity(record);
                break;
            case 'Opportunity': {
                const stage = String(record.StageName ?? '');
                if (stage) {
                    record.IsClosed = /^closed/i.test(stage);
                    record.IsWon = /^closed won$/i.test(stage);
                }
                break;
            }
            case 'Case': {
                const wasClosed = record.IsClosed === true;
                if (record.Status !== undefined && record.Status !== null)
                    record.IsClosed = record.Status === 'Closed';
                // The platform stamps ClosedDate when a case closes and clears it when the case reopens.
                if (record.IsClosed === true && (!wasClosed || !record.ClosedDate))
                    record.ClosedDate = formatDateTime(this.now());
                if (record.IsClosed !== true) record.ClosedDate = null;
                break;
            }
        }
    }

    /**
     * Task/Event AccountId (Object Reference, Task.AccountId): from WhatId when it is an Account, an
     * Opportunity, a Contract or a custom object that is a child of Account; otherwise from the WhoId
     * contact's account; otherwise null. A task on a Case therefore gets its contact's account, or none.
     */
    private accountOfActivity(record: StoredRecord): string | null {
        const what = record.WhatId ? this.get(String(record.WhatId)) : undefined;
        if (what?.object.name === 'Account') return what.record.Id as string;
        if (what && (what.object.name === 'Opportunity' || what.object.name === 'Contract'))
            return (what.record.AccountId as string | null) ?? null;
        if (what?.object.custom) {
            const parent = [...what.object.fields.values()].find(
                (f) => f.type === 'reference' && f.required && f.referenceTo?.[0] === 'Account'
            );
            if (parent) return (what.record[parent.name] as string | null) ?? null;
        }
        const who = record.WhoId ? this.get(String(record.WhoId)) : undefined;
        return (who?.record.AccountId as string | undefined) ?? null;
    }

    private readonly fieldCache = new Map<string, FieldDef[]>();

    /** Fields of an object with a property, cached (inserts are hot when seeding large orgs). */
    private fieldsOf(object: ObjectDef, kind: 'defaults' | 'required' | 'unique' | 'indexed'): FieldDef[] {
        const key = `${object.name}|${kind}`;
        let fields = this.fieldCache.get(key);
        if (!fields) {
            const all = [...object.fields.values()];
            fields =
                kind === 'defaults'
                    ? all.filter((f) => f.defaultValue !== undefined)
                    : kind === 'required'
                      ? all.filter((f) => f.required && f.writable)
                      : kind === 'unique'
                        ? all.filter((f) => f.unique)
                        : all.filter((f) => f.externalId || f.unique);
            this.fieldCache.set(key, fields);
        }
        return fields;
    }

    private checkRequired(object: ObjectDef, record: StoredRecord): void {
        const missing = this.fieldsOf(object, 'required').filter(
            (f) => record[f.name] === null || record[f.name] === undefined
        );
        if (missing.length) {
            throw new RecordError(
                'REQUIRED_FIELD_MISSING',
                `Required fields are missing: [${missing.map((f) => f.name).join(', ')}]`,
                missing.map((f) => f.name)
            );
        }
    }

    private uniqueFields(object: ObjectDef): FieldDef[] {
        return [...object.fields.values()].filter(
            (f) => f.unique || (f.externalId && f.type === 'string' && f.unique)
        );
    }

    private checkUnique(object: ObjectDef, record: StoredRecord, id: string): void {
        for (const field of this.fieldsOf(object, 'unique')) {
            const value = record[field.name];
            if (value === null || value === undefined) continue;
            const owner = this.uniqueIndex
                .get(`${object.name}|${field.name}`)
                ?.get(String(value).toLowerCase());
            if (owner && owner !== id) {
                throw new RecordError(
                    'DUPLICATE_VALUE',
                    `duplicate value found: ${field.name} duplicates value on record with id: ${owner}`,
                    [field.name]
                );
            }
        }
    }

    private index(object: ObjectDef, record: StoredRecord, previous?: StoredRecord): void {
        for (const field of this.fieldsOf(object, 'indexed')) {
            const key = `${object.name}|${field.name}`;
            let index = this.uniqueIndex.get(key);
            if (!index) this.uniqueIndex.set(key, (index = new Map()));
            const old = previous?.[field.name];
            if (old !== null && old !== undefined) index.delete(String(old).toLowerCase());
            const value = record[field.name];
            if (value !== null && value !== undefined)
                index.set(String(value).toLowerCase(), record.Id as string);
        }
    }

    // ---- sharing ---------------------------------------------------------------------------------------

    /** The account a record's access follows (itself for an Account), or undefined when not controlled by one. */
    private governingAccount(object: ObjectDef, record: StoredRecord): string | null | undefined {
        if (object.name === 'Account') return record.Id as string;
        if (['Contact', 'Opportunity', 'Case', 'Task', 'Event'].includes(object.name))
            return (record.AccountId as string | null) ?? undefined;
        if (object.custom && !object.customMetadata) {
            const master = this.masterDetailToAccount(object);
            if (master) return (record[master.name] as string | null) ?? null;
        }
        return undefined;
    }

    private masterDetailToAccount(object: ObjectDef): FieldDef | undefined {
        return [...object.fields.values()].find(
            (f) => f.type === 'reference' && f.required && f.referenceTo?.[0] === 'Account'
        );
    }

    /** The running user's access to a record under the sharing settings. */
    accessTo(object: ObjectDef, record: StoredRecord): Access {
        const user = this.runningUser;
        const { accountAccess, viewAll, modifyAll, contactAccess = 'ControlledByParent' } = this.sharing;
        if (object.name === 'Contact' && contactAccess !== 'ControlledByParent') {
            if (!user || modifyAll || contactAccess === 'Edit' || record.OwnerId === user) return 'edit';
            return contactAccess === 'Read' || viewAll ? 'read' : 'none';
        }
        if (!user || modifyAll || accountAccess === 'Edit') return 'edit';
        const accountId = this.governingAccount(object, record);
        if (accountId === undefined) return 'edit';
        const account = accountId ? this.get(accountId)?.record : undefined;
        if (!account) return 'edit';
        if (account.OwnerId === user) return 'edit';
        return accountAccess === 'Read' || viewAll ? 'read' : 'none';
    }

    private requireEdit(object: ObjectDef, record: StoredRecord): void {
        if (this.accessTo(object, record) === 'edit') return;
        throw new RecordError(
            'INSUFFICIENT_ACCESS_OR_READONLY',
            'insufficient access rights on object id',
            []
        );
    }

    /** Rows of the UserRecordAccess view for the running user (queries must filter on RecordId). */
    private userRecordAccessRows(): StoredRecord[] {
        const rows: StoredRecord[] = [];
        for (const [name, table] of this.records) {
            const object = this.object(name);
            if (object.customMetadata || name === 'UserRecordAccess') continue;
            for (const record of table.values()) {
                if (record.IsDeleted === true) continue;
                const access = this.accessTo(object, record);
                rows.push({
                    Id: record.Id as string,
                    RecordId: record.Id as string,
                    UserId: this.runningUser ?? null,
                    HasReadAccess: access !== 'none',
                    HasEditAccess: access === 'edit',
                    HasDeleteAccess: access === 'edit',
                    MaxAccessLevel: access === 'edit' ? 'Edit' : access === 'read' ? 'Read' : 'None'
                });
            }
        }
        return rows;
    }

    // ---- writes ----------------------------------------------------------------------------------------

    /**
     * Every field of `object` at its default, as a template to copy: a copy of a fast-mode object is one compact
     * object (a record built field by field falls into dictionary mode: about 2 KB a record instead of ~250 B,
     * which decided whether a 10-million-activity org fits in memory).
     */
    private blankRecord(object: ObjectDef): StoredRecord {
        let blank = this.blanks.get(object.name);
        // Rebuilt if the object's fields changed since (tests may edit an emulator's schema).
        if (!blank || this.blankSizes.get(object.name) !== object.fields.size) {
            const fields: StoredRecord = {};
            for (const field of object.fields.values()) {
                fields[field.name] =
                    field.defaultValue !== undefined ? (field.defaultValue as StoredValue) : null;
            }
            blank = JSON.parse(JSON.stringify(fields)) as StoredRecord; // JSON.parse builds fast-mode objects
            this.blanks.set(object.name, blank);
            this.blankSizes.set(object.name, object.fields.size);
        }
        return blank;
    }

    /** The CreatedDate / LastModifiedDate stamp for now: one shared string per clock millisecond. */
    private stamp(): string {
        const now = this.now();
        if (now !== this.lastStampMs) {
            this.lastStampMs = now;
            this.lastStamp = formatDateTime(now);
        }
        return this.lastStamp;
    }

    /** Inserts a record. `system` (seeding) allows read-only fields, keeps a given Id and skips reference checks. */
    insert(objectName: string, input: Record<string, unknown>, system = false): string {
        const object = this.object(objectName);
        if (object.customMetadata && !system) {
            throw new RecordError('INVALID_TYPE', `DML operation Insert not allowed on ${object.name}`);
        }
        const values = this.incoming(object, input, system);
        const givenId = system ? (input.Id as string | undefined) : undefined;
        const id = givenId ? String(givenId) : this.newId(object);
        const stamp = this.stamp();
        const record: StoredRecord = { ...this.blankRecord(object) };
        Object.assign(
            record,
            { Id: id, IsDeleted: false, CreatedDate: stamp, LastModifiedDate: stamp, SystemModstamp: stamp },
            values
        );
        if (!system && this.runningUser) {
            // Records created through the API are owned and created by the running user.
            for (const audit of ['CreatedById', 'LastModifiedById'])
                if (object.fields.has(audit.toLowerCase())) record[audit] = this.runningUser;
            if (object.fields.has('ownerid') && !record.OwnerId) record.OwnerId = this.runningUser;
            // Creating a master-detail child needs edit access to the master record.
            const master = this.masterDetailToAccount(object);
            const parent = master && record[master.name] ? this.get(String(record[master.name])) : undefined;
            if (master && parent && this.accessTo(parent.object, parent.record) !== 'edit') {
                throw new RecordError(
                    'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
                    `insufficient access rights on cross-reference id: ${String(record[master.name])}`,
                    [master.name]
                );
            }
        }
        if (object.autoNumberFormat && !record.Name) {
            const next = (this.autoNumbers.get(object.name) ?? 0) + 1;
            this.autoNumbers.set(object.name, next);
            record.Name = object.autoNumberFormat.replace(/\{(0+)\}/, (_m, zeros: string) =>
                String(next).padStart(zeros.length, '0')
            );
        }
        if (object.name === 'Case' && !record.CaseNumber)
            record.CaseNumber = String(this.count('Case') + 1).padStart(8, '0');
        this.derive(object, record);
        if (system)
            Object.assign(record, values); // seeded values win over derived ones
        else this.checkRequired(object, record);
        this.checkUnique(object, record, id);
        this.table(object).set(id, record);
        // An Id that starts with its object's key prefix (every Id the emulator makes, and real exports) is found
        // by the prefix; only others are remembered one by one (a Map entry per record costs a 10M-row org ~0.5 GB).
        if (this.objectOfPrefix(id) !== object) this.objectOfId.set(id, object);
        this.index(object, record);
        return id;
    }

    update(objectName: string, id: string, input: Record<string, unknown>): void {
        const object = this.object(objectName);
        if (!id) throw new RecordError('MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
        const found = this.get(id);
        if (!found || found.object !== object || found.record.IsDeleted) {
            throw new RecordError('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id: ${id}`, ['Id']);
        }
        this.requireEdit(object, found.record);
        const values = this.incoming(object, input, false, true);
        const next = {
            ...found.record,
            ...values,
            LastModifiedDate: formatDateTime(this.now()),
            SystemModstamp: formatDateTime(this.now())
        };
        this.derive(object, next);
        this.checkRequired(object, next);
        this.checkUnique(object, next, found.record.Id as string);
        this.index(object, next, found.record);
        this.table(object).set(found.record.Id as string, next);
    }

    /** Upsert by an external id field: update the record holding the key, else insert. */
    upsert(
        objectName: string,
        externalIdField: string,
        input: Record<string, unknown>
    ): { id: string; created: boolean } {
        const object = this.object(objectName);
        const field = this.field(object, externalIdField);
        if (!field.externalId && field.name !== 'Id') {
            throw new RecordError('INVALID_FIELD', `Field ${field.name} is not an External ID or Id field`, [
                field.name
            ]);
        }
        const key = input[field.name] ?? input[externalIdField];
        if (key === null || key === undefined || key === '' || key === '#N/A') {
            throw new RecordError('MISSING_ARGUMENT', `${field.name} not specified`, [field.name]);
        }
        const id =
            field.name === 'Id'
                ? String(key)
                : this.uniqueIndex.get(`${object.name}|${field.name}`)?.get(String(key).toLowerCase());
        if (id && this.get(id)) {
            this.update(object.name, id, input);
            return { id: this.get(id)?.record.Id as string, created: false };
        }
        return { id: this.insert(object.name, input), created: true };
    }

    /** Removes a record entirely (rolls back an all-or-nothing request); not an API delete. */
    remove(id: string): void {
        const found = this.get(id);
        if (!found) return;
        const key = found.record.Id as string;
        for (const field of this.fieldsOf(found.object, 'indexed')) {
            const value = found.record[field.name];
            if (value !== null && value !== undefined)
                this.uniqueIndex
                    .get(`${found.object.name}|${field.name}`)
                    ?.delete(String(value).toLowerCase());
        }
        this.table(found.object).delete(key);
        this.objectOfId.delete(key);
    }

    delete(objectName: string, id: string): void {
        const object = this.object(objectName);
        const found = this.get(id);
        if (!found || found.object !== object || found.record.IsDeleted) {
            throw new RecordError('ENTITY_IS_DELETED', `entity is deleted or does not exist: ${id}`, ['Id']);
        }
        this.requireEdit(object, found.record);
        found.record.IsDeleted = true;
    }

    // ---- queries ---------------------------------------------------------------------------------------

    readonly resolve = (object: ObjectDef, record: StoredRecord, path: ResolvedPath): StoredValue => {
        let current: StoredRecord | undefined = record;
        for (const hop of path.hops) {
            const id: StoredValue | undefined = current?.[hop.name];
            current = typeof id === 'string' ? this.get(id)?.record : undefined;
            if (!current) return null;
        }
        if (object.name === 'Task' || object.name === 'Event') {
            if (path.hops.length === 0 && path.field.name === 'IsArchived')
                return this.isArchived(object, record);
        }
        return current?.[path.field.name] ?? null;
    };

    /** Activities older than 365 days are archived: `query` skips them, `queryAll` returns them. */
    isArchived(object: ObjectDef, record: StoredRecord): boolean {
        if (object.name !== 'Task' && object.name !== 'Event') return false;
        const day = String(record.ActivityDate ?? record.EndDateTime ?? '').slice(0, 10);
        if (!day) return false;
        const cutoff = new Date(`${this.today()}T00:00:00Z`);
        cutoff.setUTCDate(cutoff.getUTCDate() - 365);
        return (
            day < cutoff.toISOString().slice(0, 10) && (object.name === 'Event' || record.IsClosed === true)
        );
    }

    compile(soql: string): CompiledQuery {
        return compileQuery(this.schema, soql, this.resolve, this.today());
    }

    /** Runs a compiled query: `all` includes deleted and archived rows (queryAll / scanAll). */
    run(query: CompiledQuery, all: boolean): StoredRecord[] {
        const { object } = query;
        if (object.name === 'UserRecordAccess' && !query.filterFields.has('recordid'))
            throw new ApiError(
                400,
                'MALFORMED_QUERY',
                'UserRecordAccess: a query must filter on RecordId (up to 200 records)'
            );
        let rows: StoredRecord[] = [];
        const source = object.customMetadata
            ? this.customMetadataRows(object)
            : object.name === 'UserRecordAccess'
              ? this.userRecordAccessRows()
              : this.table(object).values();
        const restricted = !object.customMetadata && object.name !== 'UserRecordAccess';
        for (const record of source) {
            if (!all && (record.IsDeleted === true || this.isArchived(object, record))) continue;
            if (restricted && this.accessTo(object, record) === 'none') continue;
            if (query.where(record)) rows.push(record);
        }
        if (query.compare) rows.sort(query.compare);
        if (query.offset) rows = rows.slice(query.offset);
        if (query.limit !== undefined) rows = rows.slice(0, query.limit);
        return rows;
    }

    private customMetadataRows(object: ObjectDef): StoredRecord[] {
        return this.schema.customMetadataRecords
            .filter((r) => r.type.toLowerCase() === object.name.toLowerCase())
            .map((r, i) => {
                const row: StoredRecord = {
                    Id: `${object.keyPrefix}${String(i + 1).padStart(12, '0')}`,
                    DeveloperName: r.developerName,
                    MasterLabel: r.label,
                    Label: r.label,
                    QualifiedApiName: r.developerName,
                    NamespacePrefix: null,
                    Language: 'en_US'
                };
                for (const field of object.fields.values()) {
                    if (row[field.name] === undefined)
                        row[field.name] = (r.values[field.name] as StoredValue | undefined) ?? null;
                }
                return row;
            });
    }

    /** Projects a row to the REST JSON shape, nesting parent relationships (`Owner: { ManagerId }`). */
    toJson(query: CompiledQuery, record: StoredRecord, apiVersion: string): Record<string, unknown> {
        const { object } = query;
        const out: Record<string, unknown> = {
            attributes: {
                type: object.name,
                url: `/services/data/v${apiVersion}/sobjects/${object.name}/${String(record.Id)}`
            }
        };
        for (const path of query.select) {
            if (path.hops.length === 0) {
                out[path.field.name] = this.resolve(object, record, path);
                continue;
            }
            let target = out;
            let current: StoredRecord | undefined = record;
            for (const hop of path.hops) {
                const key = hop.relationshipName as string;
                const parentId: StoredValue | undefined = current?.[hop.name];
                current = typeof parentId === 'string' ? this.get(parentId)?.record : undefined;
                if (!current) {
                    if (!(key in target)) target[key] = null;
                    break;
                }
                if (!target[key]) {
                    const parentObject = this.get(parentId as string)?.object.name ?? '';
                    target[key] = {
                        attributes: {
                            type: parentObject,
                            url: `/services/data/v${apiVersion}/sobjects/${parentObject}/${String(parentId)}`
                        }
                    };
                }
                target = target[key] as Record<string, unknown>;
            }
            if (current) target[path.field.name] = current[path.field.name] ?? null;
        }
        return out;
    }

    /** Projects a row to Bulk API CSV cells (flat `Owner.ManagerId` columns, null as empty). */
    toFlat(query: CompiledQuery, record: StoredRecord): Record<string, StoredValue> {
        const out: Record<string, StoredValue> = {};
        for (const path of query.select) {
            out[path.hops.length ? path.label : path.field.name] = this.resolve(query.object, record, path);
        }
        return out;
    }

    columns(query: CompiledQuery): string[] {
        return query.select.map((p) => (p.hops.length ? p.label : p.field.name));
    }

    /** Field check for writes that name an unknown field (used before any row is touched). */
    assertField(objectName: string, field: string): void {
        const object = this.object(objectName);
        const base = field.split('.')[0] as string;
        if (!object.fields.has(base.toLowerCase()) && !field.includes('.'))
            throw invalidField(object.name, field);
    }

    // ---- seeding ---------------------------------------------------------------------------------------

    /** Loads records as they are (system mode): read-only fields kept, references not checked. */
    seed(objectName: string, records: Record<string, unknown>[]): number {
        const object = this.object(objectName);
        let count = 0;
        for (const input of records) {
            const clean: Record<string, unknown> = {};
            for (const [key, value] of Object.entries(input)) {
                if (key === 'attributes') continue;
                if (
                    key === 'Customer_Key__c' &&
                    !object.fields.has('customer_key__c') &&
                    object.fields.has('account__c')
                ) {
                    // dataset rows may name their account by customer key instead of Account__c
                    if (!input.Account__c)
                        clean.Account__c =
                            this.uniqueIndex
                                .get('Account|Customer_Key__c')
                                ?.get(String(value).toLowerCase()) ?? null;
                    continue;
                }
                if (!object.fields.has(key.toLowerCase())) {
                    if (key.includes('.')) continue;
                    throw new ApiError(400, 'INVALID_FIELD', `seed ${object.name}: no such field ${key}`, [
                        key
                    ]);
                }
                clean[key] = value;
            }
            this.insert(object.name, clean, true);
            count++;
        }
        return count;
    }
}
