/**
 * The Sync Monitor flow (issue 15), read from the XML that is deployed: a daily schedule-triggered flow that reads
 * the run history (Health_Sync_Run__c) and alerts the admins by custom notification (bell and mobile) and email
 * when no sync has succeeded for 36 hours or a run failed. No org is reachable: these tests pin its trigger,
 * queries, decisions, recipients and actions, so a change that silences an alert fails here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
    FLOWS_DIR,
    FORCE_APP,
    decisionRules,
    defaultTarget,
    loadFlow,
    loopBody,
    node,
    nodesOfKind,
    picklistValues,
    reachable,
    recordFilters,
    resource,
    startTargets,
    successors,
    type FlowValue
} from './flowModel';
import { all, first, parseXml, textOf } from './xml';

const flow = loadFlow(join(FLOWS_DIR, 'Account_Health_Sync_Monitor.flow-meta.xml'));
const ref = (name: string): FlowValue => ({ ref: name });
const str = (text: string): FlowValue => ({ string: text });
const bool = (value: boolean): FlowValue => ({ boolean: value });
const lookup = (name: string) => node(flow, name, 'recordLookups').xml;
const inputs = (name: string): Record<string, FlowValue> => {
    const xml = node(flow, name, 'actionCalls').xml;
    return Object.fromEntries(
        all(xml, 'inputParameters').map((p) => {
            const value = first(p, 'value');
            const refText = textOf(value, 'elementReference');
            const text = textOf(value, 'stringValue');
            const flag = textOf(value, 'booleanValue');
            return [
                textOf(p, 'name')!,
                refText !== undefined ? ref(refText) : text !== undefined ? str(text) : bool(flag === 'true')
            ];
        })
    );
};

it('runs daily on a schedule, with no triggering record: it alerts even when the external job never started', () => {
    expect(textOf(flow.root, 'processType')).toBe('AutoLaunchedFlow');
    expect(textOf(flow.root, 'status')).toBe('Active');
    expect(textOf(flow.start, 'triggerType')).toBe('Scheduled');
    expect(textOf(first(flow.start, 'schedule'), 'frequency')).toBe('Daily');
    expect(textOf(flow.start, 'object')).toBeUndefined();
    expect(startTargets(flow)).toEqual([{ path: 'immediate', to: 'Get_Last_Success' }]);
});

it('reads the newest successful sync (Succeeded or Partial) and the newest failed run of the last 24 hours', () => {
    const statuses = picklistValues('Health_Sync_Run__c', 'Status__c');
    const success = lookup('Get_Last_Success');
    expect(textOf(success, 'object')).toBe('Health_Sync_Run__c');
    expect(recordFilters(success)).toEqual([
        { field: 'Kind__c', operator: 'EqualTo', value: str('Sync') },
        { field: 'Status__c', operator: 'EqualTo', value: str('Succeeded') },
        { field: 'Status__c', operator: 'EqualTo', value: str('Partial') }
    ]);
    expect(textOf(success, 'filterLogic')).toBe('1 AND (2 OR 3)');
    expect([textOf(success, 'sortField'), textOf(success, 'sortOrder')]).toEqual(['Finished_At__c', 'Desc']);
    expect(textOf(success, 'getFirstRecordOnly')).toBe('true');

    const problem = lookup('Get_Recent_Problem');
    expect(recordFilters(problem)).toEqual([
        { field: 'Status__c', operator: 'EqualTo', value: str('Failed') },
        { field: 'Status__c', operator: 'EqualTo', value: str('Partial') },
        { field: 'Status__c', operator: 'EqualTo', value: str('Abandoned') },
        { field: 'Finished_At__c', operator: 'GreaterThanOrEqualTo', value: ref('failureWindowStart') }
    ]);
    expect(textOf(problem, 'filterLogic')).toBe('(1 OR 2 OR 3) AND 4');
    for (const filter of [...recordFilters(success), ...recordFilters(problem)])
        if (filter.field === 'Status__c' && 'string' in filter.value)
            expect(statuses).toContain(filter.value.string);
    expect(resource(flow, 'failureWindowStart')).toEqual({
        dataType: 'DateTime',
        text: '{!$Flow.CurrentDateTime} - 1'
    });
    expect(resource(flow, 'staleCutoff')).toEqual({
        dataType: 'DateTime',
        text: '{!$Flow.CurrentDateTime} - 1.5'
    });
});

it('alerts when no sync ever succeeded or the last success is older than 36 hours, else when a run failed; otherwise ends', () => {
    expect(decisionRules(flow, 'Needs_Alert')).toEqual([
        {
            name: 'Sync_Stale',
            logic: 'or',
            conditions: [
                { left: 'Get_Last_Success', operator: 'IsNull', right: bool(true) },
                { left: 'Get_Last_Success.Finished_At__c', operator: 'LessThan', right: ref('staleCutoff') }
            ],
            to: 'Set_Stale_Alert'
        },
        {
            name: 'Run_Failed',
            logic: 'and',
            conditions: [{ left: 'Get_Recent_Problem', operator: 'IsNull', right: bool(false) }],
            to: 'Set_Failure_Alert'
        }
    ]);
    expect(defaultTarget(flow, 'Needs_Alert')).toBeUndefined();
    // Both alerts reach the notification and the email.
    for (const start of ['Set_Stale_Alert', 'Set_Failure_Alert']) {
        const path = reachable(flow, start);
        expect(path).toContain('Send_Notification');
        expect(path).toContain('Send_Email');
    }
    expect(resource(flow, 'staleBody').text).toContain('36 hours');
    expect(resource(flow, 'failureBody').text).toContain('{!Get_Recent_Problem.Error__c}');
});

it('notifies the holders of the Account Health Admin permission set, bell and mobile, and emails them', () => {
    expect(recordFilters(lookup('Get_Admin_Permission_Set'))).toEqual([
        { field: 'Name', operator: 'EqualTo', value: str('Account_Health_Admin') }
    ]);
    expect(existsSync(join(FORCE_APP, 'permissionsets', 'Account_Health_Admin.permissionset-meta.xml'))).toBe(
        true
    );
    expect(recordFilters(lookup('Get_Admin_Assignments'))).toEqual([
        { field: 'PermissionSetId', operator: 'EqualTo', value: ref('Get_Admin_Permission_Set.Id') }
    ]);
    expect(recordFilters(lookup('Get_Admin_Users'))).toEqual([
        { field: 'Id', operator: 'In', value: ref('recipientIds') },
        { field: 'IsActive', operator: 'EqualTo', value: bool(true) }
    ]);
    // No notification without a recipient (the action would fault).
    expect(decisionRules(flow, 'Has_Admins')).toEqual([
        {
            name: 'Admins_Found',
            logic: 'and',
            conditions: [{ left: 'recipientIds', operator: 'IsEmpty', right: bool(false) }],
            to: 'Get_Admin_Users'
        }
    ]);

    const typeName = recordFilters(lookup('Get_Notification_Type'))[0];
    expect(typeName).toEqual({
        field: 'DeveloperName',
        operator: 'EqualTo',
        value: str('Health_Sync_Alert')
    });
    const typeFile = join(FORCE_APP, 'notificationtypes', 'Health_Sync_Alert.notiftype-meta.xml');
    const notificationType = parseXml(readFileSync(typeFile, 'utf8'), typeFile);
    expect(textOf(notificationType, 'desktop')).toBe('true');
    expect(textOf(notificationType, 'mobile')).toBe('true');

    expect(textOf(node(flow, 'Send_Notification', 'actionCalls').xml, 'actionType')).toBe(
        'customNotificationAction'
    );
    expect(inputs('Send_Notification')).toEqual({
        customNotifTypeId: ref('Get_Notification_Type.Id'),
        recipientIds: ref('recipientIds'),
        title: ref('alertTitle'),
        body: ref('alertBody'),
        targetPageRef: ref('runListPageRef')
    });
    expect(textOf(node(flow, 'Send_Email', 'actionCalls').xml, 'actionType')).toBe('emailSimple');
    expect(inputs('Send_Email')).toMatchObject({
        emailAddressesArray: ref('adminEmails'),
        emailSubject: ref('alertTitle'),
        emailBody: ref('alertBody')
    });
});

it('every query and action has a fault path, no query or action runs inside a loop, every element is reachable', () => {
    for (const kind of ['recordLookups', 'actionCalls'] as const)
        for (const element of nodesOfKind(flow, kind))
            expect(successors(element).filter((s) => s.via === 'faultConnector')).toEqual([
                { to: 'Alert_Failed', via: 'faultConnector' }
            ]);
    for (const loopName of ['Loop_Admins', 'Loop_Admin_Users'])
        for (const name of loopBody(flow, loopName))
            expect(['assignments', 'loops']).toContain(node(flow, name).kind);
    const seen = reachable(flow, 'Get_Last_Success');
    expect([...flow.nodes.keys()].filter((name) => !seen.has(name))).toEqual([]);
});
