// UI API record mock: wire adapters tests can emit to, jest.fn() for writes, and a working getFieldValue.
import { createLdsTestWireAdapter } from '@salesforce/wire-service-jest-util';

export const getRecord = createLdsTestWireAdapter(jest.fn());
export const getRecords = createLdsTestWireAdapter(jest.fn());
export const updateRecord = jest.fn().mockResolvedValue({});
export const createRecord = jest.fn().mockResolvedValue({});
export const deleteRecord = jest.fn().mockResolvedValue();
export const notifyRecordUpdateAvailable = jest.fn().mockResolvedValue();
export const refresh = jest.fn().mockResolvedValue();

function fieldPath(field) {
    const name = typeof field === 'string' ? field : `${field.objectApiName}.${field.fieldApiName}`;
    return name.split('.').slice(1);
}

/** Same contract as the platform: the value of a (possibly spanning) field, or undefined. */
export const getFieldValue = jest.fn((record, field) => {
    let node = record;
    for (const name of fieldPath(field)) {
        if (!node || !node.fields || node.fields[name] === undefined) {
            return undefined;
        }
        node = node.fields[name].value;
    }
    return node;
});

/** Same contract as the platform: the display value of a field, or undefined. */
export const getFieldDisplayValue = jest.fn((record, field) => {
    const path = fieldPath(field);
    const last = path.pop();
    let node = record;
    for (const name of path) {
        node = node && node.fields && node.fields[name] ? node.fields[name].value : undefined;
    }
    const entry = node && node.fields ? node.fields[last] : undefined;
    return entry ? entry.displayValue : undefined;
});
