import path from 'node:path';
import { runBacktest } from './backtest';
import { engineScorer } from './engineScorer';
import { readDatasetFolder } from './mapping';
import { overriddenOutcomes } from './overrides';
import { DEFAULT_MODEL_CONFIG } from '../engine';

const override = (values: Record<string, unknown>) => ({
    Id: 'a0O1',
    Account__c: 'acc-1',
    Type__c: 'Floor',
    Score__c: 70,
    Reason__c: 'verbal renewal',
    Starts_On__c: '2026-01-01',
    Expires_On__c: '2026-03-31',
    Status__c: 'Expired',
    ...values
});
const row = (accountId: string, asOf: string, renewed = true) => ({
    outcome: { accountId, date: '2026-05-01', renewed },
    horizonDays: 60,
    asOf
});

describe('manual overrides in the backtest', () => {
    it('lists the outcome rows scored while an override was active, by its dates (status does not matter)', () => {
        const summary = overriddenOutcomes({ Health_Override__c: [override({})] }, [
            row('acc-1', '2026-03-02'),
            row('acc-1', '2025-12-31'),
            row('acc-1', '2026-04-01', false),
            row('acc-2', '2026-03-02')
        ]);
        expect(summary).toEqual({
            records: 1,
            accounts: 1,
            rows: [
                {
                    accountId: 'acc-1',
                    horizonDays: 60,
                    asOf: '2026-03-02',
                    outcomeDate: '2026-05-01',
                    renewed: true,
                    override: 'Floor 70: verbal renewal'
                }
            ]
        });
    });

    it('skips an unreadable override and reports nothing without overrides', () => {
        expect(
            overriddenOutcomes({ Health_Override__c: [override({ Reason__c: '' })] }, [
                row('acc-1', '2026-03-02')
            ]).rows
        ).toEqual([]);
        expect(overriddenOutcomes({}, [row('acc-1', '2026-03-02')])).toEqual({
            records: 0,
            rows: [],
            accounts: 0
        });
    });

    it('the org-dataset path: the demo data set (one override) is backtested without it and reports it', async () => {
        const dataset = await readDatasetFolder(path.join(__dirname, '..', '..', 'data', 'demo'));
        expect(dataset.Health_Override__c).toHaveLength(1);
        const run = runBacktest({
            dataset,
            config: DEFAULT_MODEL_CONFIG,
            scorer: engineScorer,
            leadTime: false
        });
        expect(run.report.overrides?.records).toBe(1);
        expect(
            run.report.notes.some((n) => /1 manual override\(s\).*scores the model without them/.test(n))
        ).toBe(true);
        const without = runBacktest({
            dataset: { ...dataset, Health_Override__c: [] },
            config: DEFAULT_MODEL_CONFIG,
            scorer: engineScorer,
            leadTime: false
        });
        expect(without.report.overrides).toBeUndefined();
        expect(run.report.horizons).toEqual(without.report.horizons);
    });
});
