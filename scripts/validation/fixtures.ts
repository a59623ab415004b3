// Test builders for backtest worlds: no behaviour of their own (left out of mutation testing, stryker.config.mjs).
import { addDays, type AccountRecords } from './history';
import type { RawRecord } from './synthetic';

/** The outcome the backtest reads: a closed Renewal opportunity on `date`, won when renewed, opened 200 days before. */
export function closedRenewal(accountId: string, date: string, renewed: boolean): RawRecord {
    return {
        Id: `006${accountId}`,
        AccountId: accountId,
        Type: 'Renewal',
        IsClosed: true,
        IsWon: renewed,
        CloseDate: date,
        CreatedDate: addDays(date, -200)
    };
}

/** One account's records as groupByAccount holds them: the account, nothing else unless given. */
export function accountRecords(account: RawRecord, partial: Partial<AccountRecords> = {}): AccountRecords {
    return {
        account,
        contacts: [],
        tasks: [],
        events: [],
        opportunities: [],
        cases: [],
        usage: [],
        snapshots: [],
        ...partial
    };
}
