/**
 * Reads the backtest's history from an org through the Salesforce seam: the same objects and fields as a
 * dataset folder (docs/dataset-format.md). Activities are read with queryAll: Salesforce archives Tasks and
 * Events older than a year, and a backtest needs them.
 */
import type { SalesforceClient } from '../salesforce/client';
import { SELECT } from '../sync/sync';
import type { RawDataset, RawRecord } from './synthetic';

interface ObjectQuery {
    object: string;
    fields: string[];
    where?: string;
    all?: boolean;
}

export const BACKTEST_QUERIES: readonly ObjectQuery[] = [
    {
        object: 'Account',
        // no current-state fields: a backtest never uses them
        fields: [
            'Id',
            'Name',
            'OwnerId',
            'Customer_Key__c',
            'Champion_Status__c',
            'Executive_Engagement__c',
            'Outcome_Narrative__c',
            'Qualitative_Reviewed_On__c',
            'Churned_On__c'
        ]
    },
    {
        object: 'Contact',
        fields: ['Id', 'AccountId', 'FirstName', 'LastName', 'Name', 'Title', 'Buying_Role__c', 'CreatedDate']
    },
    // The rest as the sync reads them, so a backtest and a sync see the same records.
    { object: 'User', fields: [...SELECT.User] },
    { object: 'Task', fields: [...SELECT.Task], where: 'IsDeleted = false', all: true },
    { object: 'Event', fields: [...SELECT.Event], where: 'IsDeleted = false', all: true },
    { object: 'Opportunity', fields: [...SELECT.Opportunity] },
    { object: 'Case', fields: [...SELECT.Case] },
    { object: 'Product_Usage__c', fields: [...SELECT.Product_Usage__c] },
    { object: 'Account_Health_Snapshot__c', fields: [...SELECT.Account_Health_Snapshot__c] }
];

export function soqlFor(query: ObjectQuery): string {
    return `SELECT ${query.fields.join(', ')} FROM ${query.object}${query.where ? ` WHERE ${query.where}` : ''}`;
}

/** Reads every backtest object from the org (the client counts the API requests it costs). */
export async function readOrgHistory(
    client: SalesforceClient,
    onObject?: (object: string, count: number) => void
): Promise<RawDataset> {
    const dataset: RawDataset = {};
    for (const query of BACKTEST_QUERIES) {
        const records: RawRecord[] = [];
        for await (const page of client.query(soqlFor(query), {
            object: query.object,
            all: query.all ?? false
        }))
            for (const record of page) records.push(record);
        dataset[query.object] = records;
        onObject?.(query.object, records.length);
    }
    return dataset;
}
