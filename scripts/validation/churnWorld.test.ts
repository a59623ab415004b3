import { attachRecords, extractOutcomes } from './history';
import { CHURN_WORLD_HAZARD, churnWorldAchievableAuc, generateChurnWorld } from './churnWorld';

describe('the independent churn world', () => {
    const world = generateChurnWorld({ accounts: 600, seed: 5 });

    it('is deterministic by seed', () => {
        const small = generateChurnWorld({ accounts: 60, seed: 5 });
        expect(generateChurnWorld({ accounts: 60, seed: 5 })).toEqual(small);
        expect(generateChurnWorld({ accounts: 60, seed: 6 }).truth).not.toEqual(small.truth);
    });

    it('draws churn from its own documented mechanisms, about 17% of accounts', () => {
        const H = CHURN_WORLD_HAZARD;
        for (const t of world.truth) {
            const logOdds =
                H.intercept +
                H.usageDrop * t.usageDrop +
                (t.decisionMakerDisengaged ? H.decisionMakerDisengaged : 0) +
                (t.decisionMakerLeft ? H.decisionMakerLeft : 0) +
                (t.supportCrisis ? H.supportCrisis : 0) +
                (t.usageDrop > 0 && t.decisionMakerDisengaged ? H.declineAndDisengaged : 0) +
                H.segment[t.segment] +
                H.kind[t.kind] +
                (t.projectGap ? H.projectGap : 0);
            expect(t.observableLogOdds).toBeCloseTo(logOdds, 12);
            expect(t.decisionMakerLeft && !t.decisionMakerDisengaged).toBe(false);
            expect(t.projectGap && t.kind !== 'project').toBe(false);
        }
        const rate = world.truth.filter((t) => t.churned).length / world.truth.length;
        expect(rate).toBeGreaterThan(0.12);
        expect(rate).toBeLessThan(0.23);
        const achievable = churnWorldAchievableAuc(world.truth);
        expect(achievable).toBeGreaterThan(0.7);
        expect(achievable).toBeLessThan(0.9);
    });

    it('has multi-year and project-style customers and every mechanism', () => {
        const count = (pick: (t: (typeof world.truth)[number]) => boolean) => world.truth.filter(pick).length;
        expect(count((t) => t.kind === 'multiYear')).toBeGreaterThan(60);
        expect(count((t) => t.kind === 'project')).toBeGreaterThan(30);
        expect(count((t) => t.usageDrop > 0)).toBeGreaterThan(60);
        expect(count((t) => t.decisionMakerLeft)).toBeGreaterThan(10);
        expect(count((t) => t.supportCrisis)).toBeGreaterThan(30);
        expect(count((t) => t.paymentDrift)).toBeGreaterThan(30);
        // multi-year: the contract was won two or three years before the renewal
        for (const multiYear of world.truth.filter((t) => t.kind === 'multiYear')) {
            const contract = world.records.Opportunity!.find(
                (o) => o.AccountId === multiYear.accountId && o.Name === 'Multi-year subscription'
            )!;
            const years =
                (Date.parse(multiYear.renewalDate) - Date.parse(String(contract.CloseDate))) / 86_400_000;
            expect([730, 1095]).toContain(years);
        }
        // a successor decision maker appears late (CreatedDate inside the history)
        const left = world.truth.find((t) => t.decisionMakerLeft)!;
        const makers = world.records.Contact!.filter(
            (c) => c.AccountId === left.accountId && c.Buying_Role__c === 'Decision Maker'
        );
        expect(makers).toHaveLength(2);
        // auto-logged emails, mostly without an outcome
        const automated = world.records.Task!.filter((t) => t.OwnerId === '005W00000000099');
        expect(automated.length).toBeGreaterThan(world.truth.length * 20);
        expect(automated.filter((t) => t.Outcome__c === null).length).toBeGreaterThan(automated.length / 2);
    });

    it('keys some usage by Customer_Key__c in another letter case, and some by no account at all', () => {
        expect(world.caseShiftedUsageRows).toBeGreaterThan(0);
        const { accounts, attachment } = attachRecords(world.records);
        expect(attachment.keyCaseMatches).toBe(world.caseShiftedUsageRows);
        expect(attachment.unattached).toEqual({ Product_Usage__c: world.orphanUsageRows });
        // every account has its usage
        for (const records of accounts.values()) expect(records.usage.length).toBeGreaterThan(10);
    });

    it('has one outcome per account: a won or lost renewal, churns merged with their lost renewal', () => {
        const { accounts } = attachRecords(world.records);
        const extraction = extractOutcomes(accounts);
        expect(extraction.outcomes).toHaveLength(world.truth.length);
        const churned = world.truth.filter((t) => t.churned).length;
        expect(extraction.renewalsLost).toBe(churned);
        expect(extraction.duplicatesMerged).toBe(churned);
    });
});
