// Test builders for backtest worlds: no behaviour of their own (left out of mutation testing, stryker.config.mjs).
import { addDays } from './history';
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
