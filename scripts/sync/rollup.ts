/**
 * Parent-account roll-up in the sync (docs/admin.md): the method from Health_Rollup_Setting__mdt, the scored
 * accounts with their ParentId, the engine's pure roll-up (scripts/engine/rollup.ts), and the Account fields it
 * writes on parents. An account that has no children (any more) has its roll-up fields cleared.
 */
import { ROLLUP_METHODS, rollUp, rollupMethodOf } from '../engine';
import type { AccountResult, ModelConfig, RollupMember, RollupMethod, RollupResult } from '../engine';
import type { FlatRecord, SalesforceClient } from '../salesforce/client';
import { OrgError, errorCodeOf } from '../salesforce/errors';

export const ROLLUP_FIELDS = [
    'Rollup_Health_Score__c',
    'Rollup_Health_Band__c',
    'Rollup_Weakest_Child__c',
    'Rollup_Summary__c'
] as const;

/** The roll-up method: the Default record of Health_Rollup_Setting__mdt (else any record), else ARR Weighted. */
export async function readRollupMethod(
    client: SalesforceClient,
    notice: (message: string) => void = () => undefined
): Promise<{ method: RollupMethod; source: string }> {
    const records: FlatRecord[] = [];
    try {
        for await (const page of client.query(
            'SELECT DeveloperName, Method__c FROM Health_Rollup_Setting__mdt',
            {
                object: 'Health_Rollup_Setting__mdt'
            }
        ))
            records.push(...page);
    } catch (error) {
        const code = errorCodeOf(error);
        if (code !== 'INVALID_TYPE' && code !== 'NOT_FOUND') throw error;
        notice(
            'Health_Rollup_Setting__mdt is not in the org (deploy the latest metadata): roll-up is ARR Weighted'
        );
        return { method: 'ARR Weighted', source: 'built-in default' };
    }
    const chosen = records.find((r) => r.DeveloperName === 'Default') ?? records[0];
    if (!chosen) return { method: 'ARR Weighted', source: 'built-in default' };
    const source = `Health_Rollup_Setting.${String(chosen.DeveloperName)}`;
    try {
        return { method: rollupMethodOf(chosen.Method__c, source), source };
    } catch (error) {
        throw new OrgError(
            'ROLLUP_SETTING_INVALID',
            error instanceof Error ? error.message : String(error),
            `set Method__c to one of ${ROLLUP_METHODS.join(', ')} in Setup > Custom Metadata Types > Health Rollup Setting`
        );
    }
}

/** Roll-up field values of one account: its roll-up, or blanks when it has no children. */
export function rollupValues(rollup: RollupResult | undefined): FlatRecord {
    return {
        Rollup_Health_Score__c: rollup?.score ?? null,
        Rollup_Health_Band__c: rollup?.band ?? null,
        Rollup_Weakest_Child__c: rollup?.weakest?.id ?? null,
        Rollup_Summary__c: rollup?.summary ?? null
    };
}

/** Collects the scored accounts (a few fields each) while the results stream, then rolls them up. */
export class RollupCollector {
    private readonly members: RollupMember[] = [];

    constructor(private readonly parents: ReadonlyMap<string, string>) {}

    add(result: AccountResult): void {
        this.members.push({
            id: result.accountId,
            name: result.name,
            parentId: this.parents.get(result.accountId) ?? null,
            score: result.score,
            arr: result.arr
        });
    }

    /** Roll-ups by parent Id, with the default model's thresholds for the bands. */
    rollUp(method: RollupMethod, config: ModelConfig): Map<string, RollupResult> {
        if (this.parents.size === 0) return new Map();
        const results = rollUp(this.members, {
            method,
            greenThreshold: config.greenThreshold,
            redThreshold: config.redThreshold
        });
        return new Map(results.map((r) => [r.accountId, r]));
    }
}
