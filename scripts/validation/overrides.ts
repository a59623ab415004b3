/**
 * Manual overrides in the backtest (issue 17). The backtest measures the model, so it scores every account
 * without overrides (an override is a person's judgement on top of the model, and the org path reads the same
 * Health_Override__c records the sync applies). The outcomes scored while an override was active on the
 * account are reported separately, so a reader sees how often people overrode the model and how those accounts
 * ended, and can judge both.
 */
import { activeOverride, dayNumber, validateOverride } from '../engine';
import { mapOverride } from '../dataset/records';
import type { OverrideInput } from '../engine';
import type { RawDataset } from './synthetic';

export interface OverriddenOutcome {
    accountId: string;
    horizonDays: number;
    asOf: string;
    outcomeDate: string;
    renewed: boolean;
    /** The override's sentence as the driver would read it (kind, reason). */
    override: string;
}

export interface OverrideSummary {
    /** Health_Override__c records in the data set. */
    records: number;
    /** Outcome rows (outcome x horizon) scored while an override was active on the account. */
    rows: OverriddenOutcome[];
    /** Distinct accounts among them. */
    accounts: number;
}

/**
 * Overrides of the data set by account. Records the shared mapping cannot read, or the engine would refuse (a
 * Floor without a score, an expiry before the start...), are skipped as the sync skips them: reported by count.
 */
export function overridesByAccount(dataset: RawDataset): {
    byAccount: Map<string, OverrideInput[]>;
    records: number;
} {
    const byAccount = new Map<string, OverrideInput[]>();
    const records = dataset.Health_Override__c ?? [];
    records.forEach((record, i) => {
        try {
            const { accountId, override } = mapOverride(record, {
                file: 'Health_Override__c',
                record: `record ${i + 1}`
            });
            validateOverride(override);
            const list = byAccount.get(accountId);
            if (list) list.push(override);
            else byAccount.set(accountId, [override]);
        } catch {
            // An unreadable or invalid override never applied in the org either (the sync skips it the same way).
        }
    });
    return { byAccount, records: records.length };
}

/**
 * The outcome rows whose account had an override active on the row's as-of date; of several active at once, the
 * one the engine applies (activeOverride: set last, then highest Id), whatever the order of the file.
 */
export function overriddenOutcomes(
    dataset: RawDataset,
    rows: readonly {
        outcome: { accountId: string; date: string; renewed: boolean };
        horizonDays: number;
        asOf: string;
    }[]
): OverrideSummary {
    const { byAccount, records } = overridesByAccount(dataset);
    const out: OverriddenOutcome[] = [];
    for (const row of rows) {
        const active = activeOverride(
            byAccount.get(row.outcome.accountId),
            dayNumber(row.asOf, 'as-of date')
        );
        if (!active) continue;
        out.push({
            accountId: row.outcome.accountId,
            horizonDays: row.horizonDays,
            asOf: row.asOf,
            outcomeDate: row.outcome.date,
            renewed: row.outcome.renewed,
            // validated: a Band override has its band, a Ceiling or Floor its score
            override: `${active.kind} ${active.kind === 'Band' ? active.band : active.score}: ${active.reason}`
        });
    }
    return { records, rows: out, accounts: new Set(out.map((r) => r.accountId)).size };
}
