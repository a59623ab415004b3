/**
 * Alerts beyond Tasks (issue 16): the playbook flow sends the custom notification Account Health Alert to the
 * assignee of every firing play whose Health_Playbook__mdt Delivery__c includes Notification (owner; for Red,
 * the manager too), once per account change, after the loop, opening the Account. Structure pinned from the
 * XML; behaviour run in the simulator against the package's real playbook and model records.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
    decisionRules,
    defaultTarget,
    FLOWS_DIR,
    loadCustomMetadata,
    loadFlow,
    node,
    picklistValues,
    recordFilters,
    successors
} from './flowModel';
import { metadataSObject, runImmediatePath, withDates, type OrgData, type SObject } from './simulate';
import { all, first, textOf } from './xml';

const flow = loadFlow(join(FLOWS_DIR, 'Account_Health_Playbook.flow-meta.xml'));
const TODAY = '2026-11-20';
const OWNER_ID = '005000000000001AAA';
const MANAGER_ID = '005000000000002AAA';
const ACCOUNT_ID = '001000000000001AAA';
const ALERT_TYPE_ID = '0ML000000000001AAA';

const playbooks = () =>
    loadCustomMetadata('Health_Playbook').map((record) => metadataSObject('Health_Playbook__mdt', record));

function org(plays = playbooks(), managerActive = true): OrgData {
    return {
        Health_Playbook__mdt: plays,
        Health_Model__mdt: loadCustomMetadata('Health_Model').map((record) =>
            metadataSObject('Health_Model__mdt', record)
        ),
        Task: [],
        User: [{ Id: MANAGER_ID, IsActive: managerActive }],
        CustomNotificationType: [{ Id: ALERT_TYPE_ID, DeveloperName: 'Account_Health_Alert' }]
    };
}

function account(fields: SObject): SObject {
    return withDates(
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
}

function change(
    before: SObject,
    after: SObject,
    options: { data?: OrgData; failNotificationWith?: string } = {}
) {
    return runImmediatePath(flow, {
        prior: account(before),
        record: account({ ...before, ...after }),
        today: TODAY,
        data: options.data ?? org(),
        ...(options.failNotificationWith === undefined
            ? {}
            : { failNotificationWith: options.failNotificationWith })
    });
}

describe('structure', () => {
    it('Delivery__c chooses Task, Notification or both; blank means Task (records made before the field)', () => {
        expect(picklistValues('Health_Playbook__mdt', 'Delivery__c')).toEqual([
            'Task',
            'Notification',
            'Task and Notification'
        ]);
        const [notifies] = decisionRules(flow, 'Play_Notifies');
        expect(notifies!.logic).toBe('or');
        expect(notifies!.conditions.map((c) => [c.left, c.operator, c.right])).toEqual([
            ['Loop_Plays.Delivery__c', 'EqualTo', { string: 'Notification' }],
            ['Loop_Plays.Delivery__c', 'EqualTo', { string: 'Task and Notification' }]
        ]);
        expect(notifies!.to).toBe('Add_Alert_Recipient');
        expect(defaultTarget(flow, 'Play_Notifies')).toBe('Play_Creates_Task');
        const [task] = decisionRules(flow, 'Play_Creates_Task');
        expect(task!.conditions.map((c) => [c.left, c.operator, c.right])).toEqual([
            ['Loop_Plays.Delivery__c', 'IsNull', { boolean: true }],
            ['Loop_Plays.Delivery__c', 'EqualTo', { string: 'Task' }],
            ['Loop_Plays.Delivery__c', 'EqualTo', { string: 'Task and Notification' }]
        ]);
        expect(task!.to).toBe('Open_Tasks_Of_This_Play');
        expect(defaultTarget(flow, 'Play_Creates_Task')).toBe('Loop_Plays');
        for (const rule of decisionRules(flow, 'Play_Fires')) expect(rule.to).toBe('Play_Notifies');
    });

    it('sends one notification after the loop (Tasks first), of the packaged type, opening the Account', () => {
        expect(successors(node(flow, 'Create_Tasks'))).toContainEqual({ to: 'Any_Alerts', via: 'connector' });
        expect(defaultTarget(flow, 'Any_Tasks_To_Create')).toBe('Any_Alerts');
        const [alerts] = decisionRules(flow, 'Any_Alerts');
        expect(alerts!.conditions.map((c) => [c.left, c.operator, c.right])).toEqual([
            ['alertRecipientIds', 'IsEmpty', { boolean: false }]
        ]);
        expect(alerts!.to).toBe('Get_Alert_Type');
        const type = node(flow, 'Get_Alert_Type', 'recordLookups').xml;
        expect(textOf(type, 'object')).toBe('CustomNotificationType');
        expect(recordFilters(type)).toEqual([
            { field: 'DeveloperName', operator: 'EqualTo', value: { string: 'Account_Health_Alert' } }
        ]);
        expect(
            existsSync(join(FLOWS_DIR, '..', 'notificationtypes', 'Account_Health_Alert.notiftype-meta.xml'))
        ).toBe(true);
        const send = node(flow, 'Send_Health_Alert', 'actionCalls').xml;
        expect(textOf(send, 'actionType')).toBe('customNotificationAction');
        const inputs = Object.fromEntries(
            all(send, 'inputParameters').map((input) => [
                textOf(input, 'name'),
                textOf(first(input, 'value'), 'elementReference')
            ])
        );
        expect(inputs).toEqual({
            customNotifTypeId: 'Get_Alert_Type.Id',
            recipientIds: 'alertRecipientIds',
            title: 'alertTitle',
            body: 'alertBody',
            targetId: '$Record.Id'
        });
    });

    it('a notification that fails does not roll back the save or the Tasks', () => {
        for (const name of ['Get_Alert_Type', 'Send_Health_Alert'])
            expect(successors(node(flow, name))).toContainEqual({
                to: 'Note_Alert_Not_Sent',
                via: 'faultConnector'
            });
        expect(successors(node(flow, 'Note_Alert_Not_Sent'))).toEqual([]);
    });

    it('the packaged plays: Red entered (owner and manager) and the score drop notify as well as create a Task', () => {
        const delivery = Object.fromEntries(
            loadCustomMetadata('Health_Playbook').map((record) => [record.key, record.values.Delivery__c])
        );
        expect(delivery).toEqual({
            Expansion_Ready: 'Task',
            Red_Entered_Manager: 'Task and Notification',
            Red_Entered_Owner: 'Task and Notification',
            Score_Drop_Review: 'Task and Notification',
            Yellow_Entered: 'Task',
            Yellow_Escalation: 'Task'
        });
    });
});

describe('run', () => {
    it('enters Red: one alert to the owner and the manager, opening the Account; the Tasks are still created', () => {
        const result = change(
            { Health_Band__c: 'Yellow', Health_Score__c: 55 },
            { Health_Band__c: 'Red', Health_Score__c: 38 }
        );
        expect(result.error).toBeUndefined();
        expect(result.created.map((task) => task.Health_Play_Key__c).sort()).toEqual([
            'Red_Entered_Manager',
            'Red_Entered_Owner'
        ]);
        expect(result.notifications).toEqual([
            {
                typeId: ALERT_TYPE_ID,
                recipients: [MANAGER_ID, OWNER_ID],
                title: 'Acme entered Red',
                body: 'Health 38 (Red), was 55 (Yellow). Decision maker Jane Doe: no meeting in 74 days',
                targetId: ACCOUNT_ID
            }
        ]);
    });

    it('enters Red with no active manager: the owner is alerted once (the manager play falls back to the owner)', () => {
        const result = change(
            { Health_Band__c: 'Yellow', Health_Score__c: 55 },
            { Health_Band__c: 'Red', Health_Score__c: 38 },
            { data: org(playbooks(), false) }
        );
        expect(result.notifications.map((n) => n.recipients)).toEqual([[OWNER_ID]]);
    });

    it('drops 15 points or more within a band: the owner is alerted with the drop', () => {
        const result = change(
            { Health_Band__c: 'Yellow', Health_Score__c: 68 },
            { Health_Band__c: 'Yellow', Health_Score__c: 52 }
        );
        expect(result.created.map((task) => task.Health_Play_Key__c)).toEqual(['Score_Drop_Review']);
        expect(result.notifications.map((n) => [n.recipients, n.title])).toEqual([
            [[OWNER_ID], 'Acme: health dropped 16 points']
        ]);
    });

    it('a drop under the alert, or entering Yellow, sends no notification (those plays are Task only)', () => {
        expect(
            change(
                { Health_Band__c: 'Yellow', Health_Score__c: 68 },
                { Health_Band__c: 'Yellow', Health_Score__c: 60 }
            ).notifications
        ).toEqual([]);
        const yellow = change(
            { Health_Band__c: 'Green', Health_Score__c: 72 },
            { Health_Band__c: 'Yellow', Health_Score__c: 62 }
        );
        expect(yellow.created).toHaveLength(1);
        expect(yellow.notifications).toEqual([]);
    });

    it('a play set to Notification only alerts and creates no Task; blank Delivery still creates the Task', () => {
        const plays = playbooks().map((play) =>
            play.DeveloperName === 'Yellow_Entered'
                ? { ...play, Delivery__c: 'Notification' }
                : play.DeveloperName === 'Red_Entered_Owner'
                  ? { ...play, Delivery__c: null }
                  : play
        );
        const yellow = change(
            { Health_Band__c: 'Green', Health_Score__c: 72 },
            { Health_Band__c: 'Yellow', Health_Score__c: 62 },
            { data: org(plays) }
        );
        expect(yellow.created).toEqual([]);
        expect(yellow.notifications.map((n) => [n.recipients, n.title])).toEqual([
            [[OWNER_ID], 'Acme entered Yellow']
        ]);
        const red = change(
            { Health_Band__c: 'Yellow', Health_Score__c: 55 },
            { Health_Band__c: 'Red', Health_Score__c: 38 },
            { data: org(plays) }
        );
        expect(red.created.map((task) => task.Health_Play_Key__c).sort()).toEqual([
            'Red_Entered_Manager',
            'Red_Entered_Owner'
        ]);
        expect(red.notifications.map((n) => n.recipients)).toEqual([[MANAGER_ID]]);
    });

    it('a notification that cannot be sent leaves the Tasks and the save in place', () => {
        const result = change(
            { Health_Band__c: 'Yellow', Health_Score__c: 55 },
            { Health_Band__c: 'Red', Health_Score__c: 38 },
            { failNotificationWith: 'notifications are turned off' }
        );
        expect(result.error).toBeUndefined();
        expect(result.created).toHaveLength(2);
        expect(result.notifications).toEqual([]);
        expect(result.trail.at(-1)).toBe('Note_Alert_Not_Sent');
    });
});
