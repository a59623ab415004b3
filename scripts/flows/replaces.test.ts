/**
 * Replaces__c (issue 16): a subscriber's own play that names a packaged play in Replaces__c makes both flows
 * skip the packaged play while the replacement is active. Unlocked-package upgrades overwrite packaged records
 * (Active__c included), so deactivating the packaged play does not survive an upgrade; a subscriber record
 * that replaces it does, because upgrades never touch subscriber records.
 */
import { join } from 'node:path';
import { decisionRules, defaultTarget, FLOWS_DIR, loadCustomMetadata, loadFlow, node } from './flowModel';
import {
    metadataSObject,
    runImmediatePath,
    runScheduledPath,
    withDates,
    type OrgData,
    type SObject
} from './simulate';
import { all, first, textOf } from './xml';

const playbookFlow = loadFlow(join(FLOWS_DIR, 'Account_Health_Playbook.flow-meta.xml'));
const escalationFlow = loadFlow(join(FLOWS_DIR, 'Account_Health_Yellow_Escalation.flow-meta.xml'));
const TODAY = '2026-11-20';
const OWNER_ID = '005000000000001AAA';
const MANAGER_ID = '005000000000002AAA';
const ACCOUNT_ID = '001000000000001AAA';

const packaged = () =>
    loadCustomMetadata('Health_Playbook').map((record) => metadataSObject('Health_Playbook__mdt', record));
/** A subscriber's copy of a packaged play, with its own name, replacing it. */
const replacement = (key: string, changes: SObject): SObject => ({
    ...packaged().find((play) => play.DeveloperName === key)!,
    Id: 'm00Subscriber',
    DeveloperName: `Acme_${key}`,
    MasterLabel: `Acme ${key}`,
    Replaces__c: key,
    ...changes
});

function org(plays: SObject[]): OrgData {
    return {
        Health_Playbook__mdt: plays,
        Health_Model__mdt: loadCustomMetadata('Health_Model').map((record) =>
            metadataSObject('Health_Model__mdt', record)
        ),
        Task: [],
        User: [{ Id: MANAGER_ID, IsActive: true }],
        CustomNotificationType: [{ Id: '0ML1', DeveloperName: 'Account_Health_Alert' }]
    };
}

const account = (fields: SObject): SObject =>
    withDates(
        {
            Id: ACCOUNT_ID,
            Name: 'Acme',
            OwnerId: OWNER_ID,
            Owner: { ManagerId: MANAGER_ID, Email: 'owner@example.com' },
            Health_Band__c: 'Green',
            Health_Score__c: 85,
            Health_Band_Since__c: '2026-09-01',
            Health_Trend__c: 'Stable',
            Health_Score_Change__c: 0,
            Health_Summary__c: 'Decision maker Jane Doe: no meeting in 74 days',
            Expansion_Ready__c: false,
            ...fields
        },
        ['Health_Band_Since__c']
    );

const enterRed = (plays: SObject[]) =>
    runImmediatePath(playbookFlow, {
        prior: account({ Health_Band__c: 'Yellow', Health_Score__c: 55 }),
        record: account({ Health_Band__c: 'Red', Health_Score__c: 38 }),
        today: TODAY,
        data: org(plays)
    });

const keys = (created: SObject[]) => created.map((task) => task.Health_Play_Key__c).sort();

describe('structure', () => {
    it.each([
        [playbookFlow, 'Get_Active_Plays'],
        [escalationFlow, 'Get_Escalation_Plays']
    ])(
        '%s: each play is checked against the active plays that replace it before it may fire',
        (flow, plays) => {
            const loop = node(flow, 'Loop_Plays', 'loops').xml;
            expect(textOf(first(loop, 'nextValueConnector'), 'targetReference')).toBe('Plays_Replacing_This');
            const filter = node(flow, 'Plays_Replacing_This', 'collectionProcessors').xml;
            expect(textOf(filter, 'collectionReference')).toBe(plays);
            expect(
                all(filter, 'conditions').map((c) => [
                    textOf(c, 'leftValueReference'),
                    textOf(c, 'operator'),
                    textOf(first(c, 'rightValue'), 'elementReference')
                ])
            ).toEqual([['currentReplacingPlay.Replaces__c', 'EqualTo', 'Loop_Plays.DeveloperName']]);
            const [rule] = decisionRules(flow, 'Not_Replaced');
            expect(rule!.to).toBe('Play_Fires');
            expect(defaultTarget(flow, 'Not_Replaced')).toBe('Loop_Plays');
            expect(
                all(node(flow, plays, 'recordLookups').xml, 'queriedFields').map((f) => f.text.trim())
            ).toContain('Replaces__c');
        }
    );

    it('no packaged play replaces another (Replaces__c is for subscriber plays)', () => {
        for (const play of packaged()) expect(play.Replaces__c ?? null).toBeNull();
    });
});

describe('run', () => {
    it('an active subscriber play replaces the packaged one: its Task instead, the other plays unchanged', () => {
        expect(keys(enterRed(packaged()).created)).toEqual(['Red_Entered_Manager', 'Red_Entered_Owner']);
        const mine = replacement('Red_Entered_Owner', {
            Subject__c: 'Acme: call the sponsor today',
            Due_In_Days__c: 1
        });
        const result = enterRed([...packaged(), mine]);
        expect(keys(result.created)).toEqual(['Acme_Red_Entered_Owner', 'Red_Entered_Manager']);
        expect(result.created.find((t) => t.Health_Play_Key__c === 'Acme_Red_Entered_Owner')!.Subject).toBe(
            'Acme: call the sponsor today'
        );
    });

    it('an inactive replacement replaces nothing (only active plays are read)', () => {
        const mine = replacement('Red_Entered_Owner', { Active__c: false });
        const plays = [...packaged(), mine].filter((play) => play.Active__c === true);
        expect(keys(enterRed(plays).created)).toEqual(['Red_Entered_Manager', 'Red_Entered_Owner']);
    });

    it('the Yellow escalation can be replaced by a subscriber escalation play', () => {
        const mine = replacement('Yellow_Escalation', { Assignee__c: 'Owner' });
        const result = runScheduledPath(escalationFlow, 'Yellow_For_60_Days', {
            record: account({
                Health_Band__c: 'Yellow',
                Health_Band_Since__c: '2026-09-21',
                Health_Score__c: 55
            }),
            today: TODAY,
            data: org([...packaged(), mine])
        });
        expect(result.created.map((task) => [task.Health_Play_Key__c, task.OwnerId])).toEqual([
            ['Acme_Yellow_Escalation', OWNER_ID]
        ]);
    });
});
