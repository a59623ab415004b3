/**
 * The weekly manager digest (issue 16): a schedule-triggered flow on active Users that emails each manager the
 * band changes of their team's accounts in the last 7 days, from -> to. Structure pinned from the XML; runs in
 * the flow simulator with a small team.
 */
import { join } from 'node:path';
import {
    decisionRules,
    FLOWS_DIR,
    loadFlow,
    loopBody,
    node,
    nodesOfKind,
    recordFilters,
    successors
} from './flowModel';
import { runImmediatePath, withDates, type OrgData, type SObject } from './simulate';
import { first, textOf } from './xml';

const flow = loadFlow(join(FLOWS_DIR, 'Account_Health_Weekly_Digest.flow-meta.xml'));
const TODAY = '2026-11-23';
const MANAGER: SObject = { Id: '005M', Name: 'Maria Manager', Email: 'maria@example.com', IsActive: true };

const user = (id: string, managerId: string | null, active = true): SObject => ({
    Id: id,
    Name: id,
    ManagerId: managerId,
    IsActive: active
});
const account = (id: string, ownerId: string, since: string, from: string | null, to: string, arr: number) =>
    withDates(
        {
            Id: id,
            Name: `Account ${id}`,
            OwnerId: ownerId,
            Health_Band_Since__c: since,
            Health_Band_Previous__c: from,
            Health_Band__c: to,
            Health_Score__c: to === 'Red' ? 35 : 60,
            ARR__c: arr
        },
        ['Health_Band_Since__c']
    );

function data(accounts: SObject[]): OrgData {
    return {
        User: [
            MANAGER,
            user('005R1', '005M'),
            user('005R2', '005M'),
            user('005R3', '005M', false),
            user('005X', null)
        ],
        Account: accounts
    };
}

const run = (org: OrgData, record: SObject = MANAGER, failEmailWith?: string) =>
    runImmediatePath(flow, {
        record,
        today: TODAY,
        data: org,
        ...(failEmailWith === undefined ? {} : { failEmailWith })
    });

describe('structure', () => {
    it('runs weekly on active users, reads the team, then the team accounts that changed band', () => {
        expect(textOf(flow.start, 'triggerType')).toBe('Scheduled');
        expect(textOf(first(flow.start, 'schedule'), 'frequency')).toBe('Weekly');
        expect(textOf(flow.start, 'object')).toBe('User');
        expect(recordFilters(flow.start)).toEqual([
            { field: 'IsActive', operator: 'EqualTo', value: { boolean: true } }
        ]);
        expect(recordFilters(node(flow, 'Get_Team', 'recordLookups').xml)).toEqual([
            { field: 'ManagerId', operator: 'EqualTo', value: { ref: '$Record.Id' } },
            { field: 'IsActive', operator: 'EqualTo', value: { boolean: true } }
        ]);
        expect(recordFilters(node(flow, 'Get_Changed_Accounts', 'recordLookups').xml)).toEqual([
            { field: 'OwnerId', operator: 'In', value: { ref: 'teamIds' } },
            {
                field: 'Health_Band_Since__c',
                operator: 'GreaterThanOrEqualTo',
                value: { ref: 'digestSince' }
            },
            { field: 'Health_Band_Previous__c', operator: 'IsNull', value: { boolean: false } }
        ]);
        expect(decisionRules(flow, 'Has_Team')[0]!.conditions).toEqual([
            { left: 'Get_Team', operator: 'IsEmpty', right: { boolean: false } }
        ]);
        expect(decisionRules(flow, 'Has_Team')[0]!.to).toBe('Loop_Team');
        expect(decisionRules(flow, 'Any_Changes')[0]!.to).toBe('Loop_Changes');
    });

    it('keeps queries and actions out of the loops; every query and the email have a fault path', () => {
        for (const loop of ['Loop_Team', 'Loop_Changes'])
            for (const name of loopBody(flow, loop)) expect(node(flow, name).kind).toBe('assignments');
        for (const element of [...nodesOfKind(flow, 'recordLookups'), ...nodesOfKind(flow, 'actionCalls')])
            expect(successors(element)).toContainEqual({ to: 'Digest_Not_Sent', via: 'faultConnector' });
        expect(nodesOfKind(flow, 'recordCreates')).toHaveLength(0);
        expect(nodesOfKind(flow, 'recordUpdates')).toHaveLength(0);
    });
});

describe('run', () => {
    it("emails the manager the team's band changes of the last 7 days, from -> to, largest ARR first", () => {
        const result = run(
            data([
                account('A1', '005R1', '2026-11-20', 'Green', 'Yellow', 50_000),
                account('A2', '005R2', '2026-11-10', 'Green', 'Red', 90_000), // 13 days ago: outside
                account('A3', '005R3', '2026-11-22', 'Green', 'Red', 70_000), // inactive report
                account('A4', '005X', '2026-11-22', 'Yellow', 'Red', 80_000), // another team
                account('A5', '005R1', '2026-11-23', null, 'Yellow', 10_000), // first scoring: not a change
                account('A6', '005R2', '2026-11-17', 'Yellow', 'Red', 200_000) // 6 days ago: inside
            ])
        );
        expect(result.error).toBeUndefined();
        expect(result.emails).toHaveLength(1);
        const [email] = result.emails;
        expect(email!.to).toBe('maria@example.com');
        expect(email!.subject).toBe('Account Health: 2 band changes in your team this week');
        const lines = email!.body.split('\n').filter((line) => line.startsWith('- '));
        expect(lines).toEqual([
            '- Account A6: Yellow -> Red (score 35, ARR 200000) since 2026-11-17',
            '- Account A1: Green -> Yellow (score 60, ARR 50000) since 2026-11-20'
        ]);
        expect(email!.body).toContain('since 2026-11-17');
    });

    it('sends nothing to a user without a team, or when the team had no band change', () => {
        expect(
            run(data([account('A1', '005R1', '2026-11-20', 'Green', 'Yellow', 1)]), user('005X', null)).emails
        ).toEqual([]);
        expect(run(data([account('A2', '005R2', '2026-11-01', 'Green', 'Red', 1)])).emails).toEqual([]);
    });

    it('an email that cannot be sent ends on the fault path, not an error', () => {
        const result = run(
            data([account('A1', '005R1', '2026-11-20', 'Green', 'Yellow', 1)]),
            MANAGER,
            'no verified sending domain'
        );
        expect(result.error).toBeUndefined();
        expect(result.trail.at(-1)).toBe('Digest_Not_Sent');
    });
});
