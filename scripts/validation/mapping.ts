/**
 * One account's raw records → the engine's AccountInput, with the shared record mapping the sync uses
 * (docs/dataset-format.md "How records become model inputs"), so a backtest scores exactly what the sync would.
 */
import type { AccountInput, ActivityInput } from '../engine';
import * as record from '../sync/mapping';
import type { AccountRecords } from './history';

export function mapAccountRecords(records: AccountRecords): AccountInput {
    const header = record.accountHeader(records.account);
    const activities: ActivityInput[] = [];
    for (const task of records.tasks) {
        const mapped = record.activity('Task', task);
        if (mapped) activities.push(mapped);
    }
    for (const event of records.events) {
        const mapped = record.activity('Event', event);
        if (mapped) activities.push(mapped);
    }
    return {
        ...header,
        contacts: records.contacts.map((c) => record.contact(c).contact),
        activities,
        opportunities: records.opportunities.map((o) => record.opportunity(o).opportunity),
        cases: records.cases.map((c) => record.supportCase(c).supportCase),
        usage: records.usage.map((u) => record.usage(u).period),
        snapshots: records.snapshots.map((s) => record.snapshot(s).snapshot)
    };
}
