/** lightning/uiRecordApi over the preview org: getRecord, getFieldValue, updateRecord. */
import { findRecord, notifyChange } from './org';
import type { Row } from './org';
import { wireAdapter } from './wire';

type FieldRef = { objectApiName: string; fieldApiName?: string } | string;

function fieldName(field: FieldRef): string {
    if (typeof field === 'string') return field.split('.').slice(1).join('.');
    return field.fieldApiName ?? '';
}

export interface RecordRepresentation {
    id: string;
    apiName: string;
    recordTypeId: string;
    fields: Record<string, { value: unknown; displayValue: string | null }>;
}

export function toRepresentation(object: string, row: Row, fields: string[]): RecordRepresentation {
    const out: RecordRepresentation['fields'] = {};
    for (const name of fields) {
        const value = row[name];
        out[name] = { value: value === undefined ? null : value, displayValue: null };
    }
    return { id: row.Id, apiName: object, recordTypeId: '012000000000000AAA', fields: out };
}

const notFound = (id: string) => ({
    body: [{ errorCode: 'NOT_FOUND', message: `The requested resource does not exist (${id})` }],
    status: 404,
    statusText: 'Not Found'
});

export const getRecord = wireAdapter(
    (config: { recordId?: string; fields?: FieldRef[]; optionalFields?: FieldRef[] }) => {
        if (!config.recordId) return null;
        const found = findRecord(config.recordId);
        if (!found) return { error: notFound(config.recordId) };
        const names = [...(config.fields ?? []), ...(config.optionalFields ?? [])].map(fieldName);
        return { data: toRepresentation(found.object, found.row, names) };
    }
);

export function getFieldValue(record: RecordRepresentation | undefined, field: FieldRef): unknown {
    return record?.fields[fieldName(field)]?.value;
}

export function getFieldDisplayValue(
    record: RecordRepresentation | undefined,
    field: FieldRef
): string | null {
    return record?.fields[fieldName(field)]?.displayValue ?? null;
}

export async function updateRecord(input: {
    fields: Record<string, unknown>;
}): Promise<RecordRepresentation> {
    const { Id, ...changes } = input.fields;
    const found = typeof Id === 'string' ? findRecord(Id) : null;
    if (!found) throw notFound(String(Id));
    Object.assign(found.row, changes);
    notifyChange();
    return toRepresentation(found.object, found.row, Object.keys(changes));
}

export async function notifyRecordUpdateAvailable(): Promise<void> {
    notifyChange();
}
