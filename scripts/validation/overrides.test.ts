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

    it('names a Band override by its band and a Ceiling by its score, one row per horizon, accounts counted once', () => {
        const summary = overriddenOutcomes(
            {
                Health_Override__c: [
                    override({ Type__c: 'Band', Band__c: 'Red', Score__c: null, Reason__c: 'exec left' }),
                    override({ Id: 'a0O2', Account__c: 'acc-2', Type__c: 'Ceiling', Score__c: 55 })
                ]
            },
            [
                row('acc-1', '2026-02-01'),
                { ...row('acc-1', '2026-01-15'), horizonDays: 90 },
                row('acc-2', '2026-01-01')
            ]
        );
        expect(summary.rows.map((r) => [r.accountId, r.horizonDays, r.override])).toEqual([
            ['acc-1', 60, 'Band Red: exec left'],
            ['acc-1', 90, 'Band Red: exec left'],
            ['acc-2', 60, 'Ceiling 55: verbal renewal']
        ]);
        expect(summary.accounts).toBe(2);
        expect(summary.records).toBe(2);
    });

    it('keeps every override of an account and, of several active at once, names the one the engine applies', () => {
        // January: only the first; March: both, and the later one (set 2026-02-01) wins whatever the file order
        const first = override({ Id: 'a0O1', Expires_On__c: '2026-03-31', Reason__c: 'first' });
        const later = override({ Id: 'a0O0', Score__c: 80, Starts_On__c: '2026-02-01', Reason__c: 'later' });
        const rows = [row('acc-1', '2026-01-10'), row('acc-1', '2026-03-10')];
        for (const records of [
            [first, later],
            [later, first]
        ])
            expect(
                overriddenOutcomes({ Health_Override__c: records }, rows).rows.map((r) => r.override)
            ).toEqual(['Floor 70: first', 'Floor 80: later']);
        // the same start: the highest Id wins
        const twin = override({ Id: 'a0O9', Score__c: 60, Reason__c: 'twin' });
        for (const records of [
            [first, twin],
            [twin, first]
        ])
            expect(
                overriddenOutcomes({ Health_Override__c: records }, [row('acc-1', '2026-01-10')]).rows.map(
                    (r) => r.override
                )
            ).toEqual(['Floor 60: twin']);
    });

    it('skips the overrides the engine would refuse (counted as records), as the sync does', () => {
        const summary = overriddenOutcomes(
            {
                Health_Override__c: [
                    override({ Score__c: null }), // a Floor without a score
                    override({ Type__c: 'Band', Score__c: null }), // a Band without a band
                    override({ Expires_On__c: '2025-12-01' }), // expires before it starts
                    override({ Score__c: 140 })
                ]
            },
            [row('acc-1', '2026-03-02')]
        );
        expect(summary).toEqual({ records: 4, rows: [], accounts: 0 });
    });

    it('names the as-of date of a row it cannot read', () => {
        expect(() =>
            overriddenOutcomes({ Health_Override__c: [override({})] }, [row('acc-1', '2026-3-2')])
        ).toThrow('as-of date: "2026-3-2" is not a valid YYYY-MM-DD date');
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
