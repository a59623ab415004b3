/** lightning/uiRelatedListApi over the preview org: getRelatedListRecords for the package's relationships. */
import { rows } from './org';
import { toRepresentation } from './uiRecordApi';
import { wireAdapter } from './wire';

const RELATED_LISTS: Record<string, { object: string; parentField: string }> = {
    Health_Snapshots__r: { object: 'Account_Health_Snapshot__c', parentField: 'Account__c' },
    Product_Usage__r: { object: 'Product_Usage__c', parentField: 'Account__c' }
};

export const getRelatedListRecords = wireAdapter(
    (config: {
        parentRecordId?: string;
        relatedListId: string;
        fields?: string[];
        sortBy?: string[];
        pageSize?: number;
    }) => {
        if (!config.parentRecordId) return null;
        const list = RELATED_LISTS[config.relatedListId];
        if (!list) {
            return {
                error: { body: [{ message: `Unknown related list ${config.relatedListId}` }], status: 400 }
            };
        }
        const names = (config.fields ?? []).map((f) => f.split('.').slice(1).join('.'));
        const sort = config.sortBy?.[0];
        const descending = sort?.startsWith('-') ?? false;
        const sortField = sort ? sort.replace(/^-/, '').split('.').pop() : undefined;
        const records = rows(list.object)
            .filter((r) => r[list.parentField] === config.parentRecordId)
            .sort((a, b) => {
                if (!sortField) return 0;
                const order = String(a[sortField] ?? '').localeCompare(String(b[sortField] ?? ''));
                return descending ? -order : order;
            })
            .slice(0, config.pageSize ?? 50)
            .map((r) => toRepresentation(list.object, r, names));
        return { data: { records, count: records.length } };
    }
);
