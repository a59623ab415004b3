/** lightning/uiObjectInfoApi over the preview org: picklist values as deployed in force-app. */
import { org } from './org';
import { wireAdapter } from './wire';

export const getPicklistValuesByRecordType = wireAdapter(
    (config: { objectApiName: { objectApiName: string } | string; recordTypeId?: string | null }) => {
        if (!config.recordTypeId) return null;
        const object =
            typeof config.objectApiName === 'string'
                ? config.objectApiName
                : config.objectApiName.objectApiName;
        const picklistFieldValues: Record<string, { values: { label: string; value: string }[] }> = {};
        for (const [key, values] of Object.entries(org().picklists)) {
            const [owner, field] = key.split('.');
            if (owner === object && field) {
                picklistFieldValues[field] = { values: values.map((v) => ({ label: v, value: v })) };
            }
        }
        return { data: { picklistFieldValues } };
    }
);
