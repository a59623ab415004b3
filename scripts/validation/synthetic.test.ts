import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupByAccount, latestDateIn } from './history';
import { mapAccountRecords, readDatasetFolder } from './mapping';
import { TRUE_HAZARD, achievableAuc, generateSynthetic, writeDatasetFolder } from './synthetic';

describe('synthetic portfolio', () => {
    const portfolio = generateSynthetic({ accounts: 500, seed: 12 });

    it('is deterministic by seed', () => {
        expect(generateSynthetic({ accounts: 500, seed: 12 })).toEqual(portfolio);
        expect(generateSynthetic({ accounts: 500, seed: 13 }).truth).not.toEqual(portfolio.truth);
    });

    it('draws churn from the documented hazard', () => {
        for (const t of portfolio.truth) {
            const logOdds =
                TRUE_HAZARD.intercept +
                TRUE_HAZARD.usageDecline * t.usageDecline +
                TRUE_HAZARD.decisionMakerCold * Number(t.decisionMakerCold) +
                TRUE_HAZARD.sev1Trouble * Number(t.sev1Trouble);
            expect(t.observableLogOdds).toBeCloseTo(logOdds, 12);
            expect(t.churnProbability).toBeCloseTo(
                1 / (1 + Math.exp(-(logOdds + TRUE_HAZARD.latePayer * Number(t.latePayer)))),
                12
            );
        }
        const churnRate = portfolio.truth.filter((t) => t.churned).length / portfolio.truth.length;
        expect(churnRate).toBeGreaterThan(0.2);
        expect(churnRate).toBeLessThan(0.4);
        const { observable, oracle } = achievableAuc(portfolio.truth);
        expect(observable).toBeGreaterThan(0.75);
        expect(oracle).toBeGreaterThan(observable);
    });

    it('records every outcome as a renewal opportunity and a churn date, nothing after the export', () => {
        const accounts = groupByAccount(portfolio.records);
        for (const t of portfolio.truth) {
            const records = accounts.get(t.accountId)!;
            const renewal = records.opportunities.find((o) => o.Type === 'Renewal')!;
            expect(renewal).toMatchObject({ CloseDate: t.renewalDate, IsWon: !t.churned });
            expect(records.account.Churned_On__c).toBe(t.churned ? t.renewalDate : null);
            expect(latestDateIn(records)! <= portfolio.exportDate).toBe(true);
        }
    });

    it('writes a dataset folder the dataset reader accepts', async () => {
        const folder = mkdtempSync(join(tmpdir(), 'synthetic-'));
        const small = generateSynthetic({ accounts: 20, seed: 1 });
        writeDatasetFolder(small.records, folder);
        const read = await readDatasetFolder(folder);
        // Tasks and Events are read as compact activities (./activities); every other object as its records
        expect(Object.keys(read).sort()).toEqual(
            Object.keys(small.records)
                .filter((object) => object !== 'Task' && object !== 'Event')
                .sort()
        );
        expect(read.Contact).toEqual(small.records.Contact);
        // the same account, contacts and engine input for every account as from the records in memory
        const fromFolder = groupByAccount(read);
        const fromMemory = groupByAccount(small.records);
        expect([...fromFolder.keys()]).toEqual([...fromMemory.keys()]);
        for (const [id, records] of fromMemory) {
            const other = fromFolder.get(id)!;
            expect(other.activities!.rows.length).toBe(
                [...small.records.Task!, ...small.records.Event!].filter((a) => a.AccountId === id).length
            );
            expect(mapAccountRecords(other)).toEqual(mapAccountRecords(records));
        }
    });
});
