/**
 * Admin-defined signals in the org: the active Health_Signal__mdt records (scripts/engine/signals.ts). Each names an
 * object (Account or a child of Account), the number field to read, the child's field pointing to Account and the
 * field that dates a value.
 *
 * No SOQL is built from what an admin typed: every name must look like an API name, then must be found by describe
 * (object, field types, the reference to Account); the queries name the describe's own spelling. A record that fails
 * stops the run (exit 6, SIGNAL_INVALID) naming the record and the field, before anything is read.
 */
import { SignalDefinitionError, validateSignals } from '../engine';
import type {
    Dimension,
    SignalAggregation,
    SignalDefinition,
    SignalDirection,
    SignalObservation
} from '../engine';
import type { DescribedObject, FlatRecord, SalesforceClient } from '../salesforce/client';
import { OrgError, errorCodeOf } from '../salesforce/errors';

export const SIGNAL_OBJECT = 'Health_Signal__mdt';
export const SIGNAL_FIELDS = [
    'DeveloperName',
    'MasterLabel',
    'Active__c',
    'Object__c',
    'Field__c',
    'Account_Field__c',
    'Date_Field__c',
    'Aggregation__c',
    'Window_Days__c',
    'Direction__c',
    'Worst_Value__c',
    'Best_Value__c',
    'Dimension__c',
    'Weight__c'
] as const;

const HINT =
    'fix or deactivate the Health_Signal__mdt record in Setup > Custom Metadata Types > Health Signal (docs/model-configuration.md, "Admin-defined signals")';

/** Where a signal's values come from (names as the admin typed them until checkSignalSource replaces them). */
export interface SignalSource {
    definition: SignalDefinition;
    /** Health_Signal.<DeveloperName>, for messages. */
    source: string;
    object: string;
    field: string | null;
    /** The child's field pointing to Account; null on Account itself. */
    accountField: string | null;
    /** The field that dates a value on a child (CreatedDate when blank); null on Account. */
    dateField: string | null;
    /** date or datetime: how the query's lower bound is written. */
    dateType?: 'date' | 'datetime';
}

const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const NUMBER_TYPES = new Set(['double', 'int', 'long', 'currency', 'percent']);

function text(value: unknown): string | null {
    if (value === null || value === undefined) return null;
    const t = String(value).trim();
    return t === '' ? null : t;
}

function number(value: unknown): number | null {
    const t = text(value);
    if (t === null) return null;
    const n = Number(t);
    return Number.isFinite(n) ? n : Number.NaN;
}

const AGGREGATIONS: Record<string, SignalAggregation> = {
    latest: 'latest',
    average: 'average',
    count: 'count'
};
const DIRECTIONS: Record<string, SignalDirection> = {
    'higher is better': 'higher',
    'lower is better': 'lower'
};
const DIMENSIONS: Record<string, Dimension> = {
    usage: 'usage',
    relationship: 'relationship',
    support: 'support',
    commercial: 'commercial'
};

/**
 * A Health_Signal__mdt record (REST JSON, or the same field names in a JSON file) → its definition and source.
 * Checks what needs no org: API-name shapes, picklist values, numbers. Throws SignalDefinitionError.
 */
export function signalFromRecord(record: Readonly<Record<string, unknown>>): SignalSource {
    const name = text(record.DeveloperName) ?? '';
    const source = `Health_Signal.${name || '(no DeveloperName)'}`;
    const fail = (field: string, detail: string) => new SignalDefinitionError(source, field, detail);
    if (!API_NAME.test(name)) throw fail('DeveloperName', 'must be an API name');
    const apiName = (field: string, required: boolean): string | null => {
        const value = text(record[field]);
        if (value === null) {
            if (required) throw fail(field, 'is blank');
            return null;
        }
        if (!API_NAME.test(value) || value.length > 80) throw fail(field, `"${value}" is not an API name`);
        return value;
    };
    const object = apiName('Object__c', true) as string;
    const field = apiName('Field__c', false);
    const accountField = apiName('Account_Field__c', false);
    const dateField = apiName('Date_Field__c', false);
    const aggregation = AGGREGATIONS[(text(record.Aggregation__c) ?? '').toLowerCase()];
    if (!aggregation) throw fail('Aggregation__c', 'must be Latest, Average or Count');
    const direction = DIRECTIONS[(text(record.Direction__c) ?? '').toLowerCase()];
    if (!direction) throw fail('Direction__c', 'must be "Higher is better" or "Lower is better"');
    const dimension = DIMENSIONS[(text(record.Dimension__c) ?? '').toLowerCase()];
    if (!dimension) throw fail('Dimension__c', 'must be Usage, Relationship, Support or Commercial');
    const windowDays = number(record.Window_Days__c);
    const worst = number(record.Worst_Value__c);
    const best = number(record.Best_Value__c);
    const weight = number(record.Weight__c);
    if (worst === null) throw fail('Worst_Value__c', 'is blank');
    if (best === null) throw fail('Best_Value__c', 'is blank');
    if (weight === null) throw fail('Weight__c', 'is blank');
    const isAccount = object.toLowerCase() === 'account';
    if (isAccount) {
        if (aggregation !== 'latest')
            throw fail('Aggregation__c', 'an Account field has one current value: use Latest');
        if (accountField) throw fail('Account_Field__c', 'must be blank when the object is Account');
        if (dateField)
            throw fail('Date_Field__c', 'must be blank when the object is Account (its value is current)');
    } else if (!accountField)
        throw fail('Account_Field__c', `is blank: name ${object}'s field pointing to Account`);
    if (aggregation !== 'count' && !field)
        throw fail(
            'Field__c',
            `is blank: ${aggregation === 'latest' ? 'Latest' : 'Average'} reads a number field`
        );
    const definition: SignalDefinition = {
        name,
        label: text(record.MasterLabel) ?? '',
        aggregation,
        windowDays,
        direction,
        worst,
        best,
        dimension,
        weight
    };
    validateSignals([definition], () => source);
    return {
        definition,
        source,
        object: isAccount ? 'Account' : object,
        field,
        accountField: isAccount ? null : accountField,
        dateField: isAccount ? null : (dateField ?? 'CreatedDate')
    };
}

/** Checks a source against its object's describe and takes the describe's spelling of every name. */
export function checkSignalSource(s: SignalSource, describe: DescribedObject): SignalSource {
    const fields = new Map(describe.fields.map((f) => [f.name.toLowerCase(), f]));
    const fail = (field: string, detail: string) => new SignalDefinitionError(s.source, field, detail);
    const find = (name: string, recordField: string) => {
        const found = fields.get(name.toLowerCase());
        if (!found) throw fail(recordField, `${name} is not a field of ${describe.name} in this org`);
        return found;
    };
    let field: string | null = null;
    if (s.field) {
        const f = find(s.field, 'Field__c');
        if (!NUMBER_TYPES.has(f.type))
            throw fail(
                'Field__c',
                `${f.name} is a ${f.type} field: a signal reads a number, currency or percent field`
            );
        field = f.name;
    }
    let accountField: string | null = null;
    let dateField: string | null = null;
    let dateType: 'date' | 'datetime' | undefined;
    if (s.accountField) {
        const f = find(s.accountField, 'Account_Field__c');
        if (f.type !== 'reference' || !(f.referenceTo ?? []).includes('Account'))
            throw fail('Account_Field__c', `${f.name} is not a lookup or master-detail to Account`);
        accountField = f.name;
    }
    if (s.dateField) {
        const f = find(s.dateField, 'Date_Field__c');
        if (f.type !== 'date' && f.type !== 'datetime')
            throw fail('Date_Field__c', `${f.name} is a ${f.type} field: it must be a date or date/time`);
        dateField = f.name;
        dateType = f.type;
    }
    return { ...s, object: describe.name, field, accountField, dateField, ...(dateType ? { dateType } : {}) };
}

/** The query of a child signal: names from describe only, the date bound a validated YYYY-MM-DD. */
export function signalQuery(s: SignalSource, since: string): string {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(since)) throw new Error(`not a date: ${since}`);
    for (const name of [s.object, s.accountField, s.dateField, s.field])
        if (name !== null && !API_NAME.test(name)) throw new Error(`not an API name: ${name}`);
    if (!s.accountField || !s.dateField) throw new Error(`${s.source} is not a child-object signal`);
    const fields = ['Id', s.accountField, s.dateField, ...(s.field ? [s.field] : [])];
    const bound = s.dateType === 'datetime' ? `${since}T00:00:00Z` : since;
    return `SELECT ${[...new Set(fields)].join(', ')} FROM ${s.object} WHERE ${s.accountField} != null AND ${s.dateField} >= ${bound}`;
}

/** One record of a signal's object → the account and the observation (null when it carries no value). */
export function observationOf(
    s: SignalSource,
    record: Readonly<Record<string, unknown>>
): { accountId: string; observation: SignalObservation } | null {
    const accountId = text(s.accountField ? record[s.accountField] : record.Id);
    if (!accountId) return null;
    const raw = s.field ? number(record[s.field]) : 1;
    if (raw === null || Number.isNaN(raw)) return null;
    const date = s.dateField ? text(record[s.dateField]) : null;
    if (s.dateField && !date) return null;
    return {
        accountId,
        observation: { signal: s.definition.name, date: date ? date.slice(0, 10) : null, value: raw }
    };
}

async function describeOrFail(client: SalesforceClient, s: SignalSource): Promise<DescribedObject> {
    try {
        return await client.describeObject(s.object);
    } catch (error) {
        const code = errorCodeOf(error);
        if (code === 'NOT_FOUND' || code === 'INVALID_TYPE')
            throw new SignalDefinitionError(
                s.source,
                'Object__c',
                `${s.object} is not an object in this org (or the integration user cannot read it)`
            );
        throw error;
    }
}

/** Reads and checks the org's active signals; none when the type is not deployed. */
export async function readSignals(
    client: SalesforceClient,
    notice: (m: string) => void = () => undefined
): Promise<SignalSource[]> {
    let inOrg: string[];
    try {
        inOrg = await client.describeFields(SIGNAL_OBJECT);
    } catch (error) {
        const code = errorCodeOf(error);
        if (code === 'NOT_FOUND' || code === 'INVALID_TYPE') {
            notice(
                `${SIGNAL_OBJECT} is not in the org: no admin-defined signals; deploy the latest metadata to use them`
            );
            return [];
        }
        throw error;
    }
    const missing = SIGNAL_FIELDS.filter((f) => !inOrg.includes(f));
    if (missing.length)
        throw new OrgError(
            'SIGNAL_METADATA_MISSING',
            `${SIGNAL_OBJECT} in the org lacks ${missing.join(', ')}`,
            'deploy the latest metadata'
        );
    const records: FlatRecord[] = [];
    for await (const page of client.query(`SELECT ${SIGNAL_FIELDS.join(', ')} FROM ${SIGNAL_OBJECT}`, {
        object: SIGNAL_OBJECT
    }))
        records.push(...page);
    const active = records.filter(
        (r) => r.Active__c === true || String(r.Active__c).toLowerCase() === 'true'
    );
    try {
        const sources = active
            .map((r) => signalFromRecord(r))
            .sort((a, b) => a.definition.name.localeCompare(b.definition.name));
        validateSignals(
            sources.map((s) => s.definition),
            (d) => `Health_Signal.${d.name}`
        );
        const describes = new Map<string, DescribedObject>();
        const checked: SignalSource[] = [];
        for (const s of sources) {
            const key = s.object.toLowerCase();
            let describe = describes.get(key);
            if (!describe) describes.set(key, (describe = await describeOrFail(client, s)));
            checked.push(checkSignalSource(s, describe));
        }
        return checked;
    } catch (error) {
        if (error instanceof SignalDefinitionError) throw new OrgError('SIGNAL_INVALID', error.message, HINT);
        throw error;
    }
}
