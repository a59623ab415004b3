/**
 * What the playbook flows and their Health_Playbook__mdt records say, read from the XML that is deployed.
 * No org is reachable: these tests pin every play's trigger, entry conditions, decisions and Task fields,
 * so a change that breaks a play fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
    assignmentItems,
    decisionRules,
    defaultTarget,
    fieldDefinition,
    FLOWS_DIR,
    flowFiles,
    loadFlow,
    loadPlaybooks,
    loopBody,
    mergeFieldReferences,
    node,
    nodesOfKind,
    picklistValues,
    reachable,
    recordFilters,
    resource,
    resourceNames,
    startTargets,
    successors,
    type Condition,
    type Flow,
    type FlowValue
} from './flowModel';
import { all, first, path, textOf } from './xml';

const playbookFlow = loadFlow(join(FLOWS_DIR, 'Account_Health_Playbook.flow-meta.xml'));
const escalationFlow = loadFlow(join(FLOWS_DIR, 'Account_Health_Yellow_Escalation.flow-meta.xml'));
const flows = [playbookFlow, escalationFlow];
const playbooks = loadPlaybooks();
const playbook = (key: string) => {
    const found = playbooks.find((record) => record.key === key);
    if (!found) throw new Error(`no Health_Playbook.${key} record`);
    return found.values;
};

const ref = (name: string): FlowValue => ({ ref: name });
const str = (text: string): FlowValue => ({ string: text });
const bool = (value: boolean): FlowValue => ({ boolean: value });
const condition = (left: string, operator: string, right: FlowValue): Condition => ({
    left,
    operator,
    right
});
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
/** The first scoring of an account (no band before) fires no Entered or Expansion play: no flood on the first sync. */
const firstScoringExcluded = condition('$Record__Prior.Health_Band__c', 'IsNull', bool(false));
/** A play with a band applies only to accounts in that band; a play with a blank band, to every band. */
const playBandMatches = [
    condition('Loop_Plays.Band__c', 'IsNull', bool(true)),
    condition('Loop_Plays.Band__c', 'EqualTo', ref('$Record.Health_Band__c'))
];

/** Splits a formula at top-level `||` (outside parentheses and strings). */
function topLevelOr(formula: string): string[] {
    const parts: string[] = [];
    let depth = 0;
    let quote = '';
    let current = '';
    for (let i = 0; i < formula.length; i++) {
        const ch = formula[i]!;
        if (quote) {
            if (ch === quote) quote = '';
        } else if (ch === '"' || ch === "'") quote = ch;
        else if (ch === '(') depth++;
        else if (ch === ')') depth--;
        else if (depth === 0 && formula.startsWith('||', i)) {
            parts.push(current.trim());
            current = '';
            i++;
            continue;
        }
        current += ch;
    }
    parts.push(current.trim());
    return parts;
}

describe('Health_Playbook__mdt records', () => {
    const expectedPlays = [
        'Expansion_Ready',
        'Red_Entered_Manager',
        'Red_Entered_Owner',
        'Score_Drop_Review',
        'Yellow_Entered',
        'Yellow_Escalation'
    ];

    it('has one record per play', () => {
        expect(playbooks.map((record) => record.key).sort()).toEqual(expectedPlays);
    });

    it.each(expectedPlays)(
        '%s uses only fields and picklist values that Health_Playbook__mdt defines',
        (key) => {
            const record = playbooks.find((candidate) => candidate.key === key)!;
            expect(record.label.length).toBeLessThanOrEqual(40);
            for (const field of Object.keys(record.values))
                expect(fieldDefinition('Health_Playbook__mdt', field)).toBeDefined();
            for (const field of ['Band__c', 'Trigger__c', 'Assignee__c', 'Priority__c']) {
                const value = record.values[field];
                if (value !== null && value !== undefined)
                    expect(picklistValues('Health_Playbook__mdt', field)).toContain(value);
            }
            const values = record.values;
            expect(values.Active__c).toBe('true');
            expect(values.Trigger__c).toBeTruthy();
            expect(values.Assignee__c).toBeTruthy();
            expect(values.Priority__c).toBeTruthy();
            expect(values.Subject__c?.length).toBeGreaterThan(0);
            expect(values.Subject__c!.length).toBeLessThanOrEqual(255);
            expect(values.Description__c?.length).toBeGreaterThan(0);
            expect(Number.isInteger(Number(values.Due_In_Days__c))).toBe(true);
            expect(Number(values.Due_In_Days__c)).toBeGreaterThanOrEqual(0);
            expect(Number.isInteger(Number(values.Sort_Order__c))).toBe(true);
        }
    );

    it.each([
        // key, band, trigger, assignee, due in days, what the subject must say
        ['Yellow_Entered', 'Yellow', 'Entered', 'Owner', '2', /decision maker.*48 hours/],
        ['Red_Entered_Manager', 'Red', 'Entered', "Owner's Manager", undefined, /30-day recovery plan/],
        ['Red_Entered_Owner', 'Red', 'Entered', 'Owner', undefined, /Red/],
        ['Score_Drop_Review', null, 'Score Drop', 'Owner', undefined, /review.*score drop/],
        ['Yellow_Escalation', 'Yellow', 'Escalation', "Owner's Manager", undefined, /Yellow for 60 days/],
        ['Expansion_Ready', 'Green', 'Expansion', 'Owner', undefined, /expansion conversation/]
    ])('%s: band %s, trigger %s, assignee %s', (key, band, trigger, assignee, due, subject) => {
        const values = playbook(key);
        expect(values.Band__c).toBe(band);
        expect(values.Trigger__c).toBe(trigger);
        expect(values.Assignee__c).toBe(assignee);
        if (due !== undefined) expect(Number(values.Due_In_Days__c)).toBe(Number(due));
        expect(values.Subject__c).toMatch(subject);
    });

    it('gives the Red play both a manager task and an owner task', () => {
        const red = playbooks.filter(
            (record) => record.values.Band__c === 'Red' && record.values.Trigger__c === 'Entered'
        );
        expect(red.map((record) => record.values.Assignee__c).sort()).toEqual(['Owner', "Owner's Manager"]);
    });

    it('has an active record for every trigger the flows handle, and no play that no flow handles', () => {
        const handled = new Map<string, Flow>();
        for (const flow of flows) {
            for (const rule of decisionRules(flow, 'Play_Fires'))
                for (const check of rule.conditions)
                    if (check.left === 'Loop_Plays.Trigger__c' && 'string' in check.right)
                        handled.set(check.right.string, flow);
            for (const lookup of nodesOfKind(flow, 'recordLookups'))
                if (textOf(lookup.xml, 'object') === 'Health_Playbook__mdt')
                    for (const filter of recordFilters(lookup.xml))
                        if (
                            filter.field === 'Trigger__c' &&
                            filter.operator === 'EqualTo' &&
                            'string' in filter.value
                        )
                            handled.set(filter.value.string, flow);
        }
        expect([...handled.keys()].sort()).toEqual(['Entered', 'Escalation', 'Expansion', 'Score Drop']);
        for (const trigger of handled.keys())
            expect(
                playbooks.some(
                    (record) => record.values.Trigger__c === trigger && record.values.Active__c === 'true'
                )
            ).toBe(true);
        for (const record of playbooks) expect(handled.has(record.values.Trigger__c!)).toBe(true);
        expect(picklistValues('Health_Playbook__mdt', 'Trigger__c').sort()).toEqual(
            [...handled.keys()].sort()
        );
    });

    it('escalates after exactly the scheduled path offset (a scheduled path cannot read metadata)', () => {
        const offset = Number(textOf(path(escalationFlow.start, 'scheduledPaths'), 'offsetNumber'));
        const escalations = playbooks.filter((record) => record.values.Trigger__c === 'Escalation');
        expect(escalations.length).toBeGreaterThan(0);
        for (const record of escalations) expect(Number(record.values.Escalate_After_Days__c)).toBe(offset);
    });
});

describe('Account_Health_Playbook (entered, score drop, expansion)', () => {
    const flow = playbookFlow;

    it('runs after save when an Account is updated, active', () => {
        expect(textOf(flow.root, 'processType')).toBe('AutoLaunchedFlow');
        expect(textOf(flow.root, 'status')).toBe('Active');
        expect(textOf(flow.start, 'object')).toBe('Account');
        expect(textOf(flow.start, 'triggerType')).toBe('RecordAfterSave');
        expect(textOf(flow.start, 'recordTriggerType')).toBe('Update');
        expect(all(flow.start, 'scheduledPaths')).toHaveLength(0);
        expect(startTargets(flow)).toEqual([{ path: 'immediate', to: 'Get_Active_Plays' }]);
    });

    it('enters only when the band changed, the score fell, or Expansion Ready became true', () => {
        const clauses = topLevelOr(oneLine(textOf(flow.start, 'filterFormula')!));
        expect(clauses).toEqual([
            'ISCHANGED({!$Record.Health_Band__c})',
            '(ISCHANGED({!$Record.Health_Score__c}) && {!$Record.Health_Score__c} < PRIORVALUE({!$Record.Health_Score__c}))',
            '(ISCHANGED({!$Record.Expansion_Ready__c}) && {!$Record.Expansion_Ready__c})'
        ]);
    });

    it('reads every active play once, before the loop, in sort order', () => {
        const get = node(flow, 'Get_Active_Plays', 'recordLookups').xml;
        expect(textOf(get, 'object')).toBe('Health_Playbook__mdt');
        expect(textOf(get, 'filterLogic')).toBe('and');
        expect(recordFilters(get)).toEqual([{ field: 'Active__c', operator: 'EqualTo', value: bool(true) }]);
        expect(textOf(get, 'getFirstRecordOnly')).toBe('false');
        expect(textOf(get, 'sortField')).toBe('Sort_Order__c');
        expect(textOf(get, 'sortOrder')).toBe('Asc');
        expect(textOf(node(flow, 'Loop_Plays', 'loops').xml, 'collectionReference')).toBe('Get_Active_Plays');
    });

    it('fires Entered plays of the band the account entered', () => {
        const rule = decisionRules(flow, 'Play_Fires').find(
            (candidate) => candidate.name === 'Band_Entered'
        )!;
        expect(rule.logic).toBe('and');
        expect(rule.conditions).toEqual([
            condition('Loop_Plays.Trigger__c', 'EqualTo', str('Entered')),
            condition('bandChanged', 'EqualTo', bool(true)),
            condition('Loop_Plays.Band__c', 'EqualTo', ref('$Record.Health_Band__c')),
            firstScoringExcluded
        ]);
        expect(rule.to).toBe('Play_Notifies');
        expect(resource(flow, 'bandChanged')).toEqual({
            dataType: 'Boolean',
            text: 'TEXT({!$Record.Health_Band__c}) <> TEXT({!$Record__Prior.Health_Band__c})'
        });
    });

    it("fires Score Drop plays when the score fell by the model's alert or more without a band change", () => {
        const rule = decisionRules(flow, 'Play_Fires').find(
            (candidate) => candidate.name === 'Score_Dropped'
        )!;
        expect(rule.logic).toBe('1 AND 2 AND (3 OR 4)');
        expect(rule.conditions).toEqual([
            condition('Loop_Plays.Trigger__c', 'EqualTo', str('Score Drop')),
            condition('scoreDroppedPastAlert', 'EqualTo', bool(true)),
            ...playBandMatches
        ]);
        expect(rule.to).toBe('Play_Notifies');
        expect(oneLine(resource(flow, 'scoreDrop').text)).toBe(
            'IF(ISBLANK({!$Record__Prior.Health_Score__c}) || ISBLANK({!$Record.Health_Score__c}), 0, MAX(0, {!$Record__Prior.Health_Score__c} - {!$Record.Health_Score__c}))'
        );
        expect(oneLine(resource(flow, 'scoreDroppedPastAlert').text)).toBe(
            'NOT({!bandChanged}) && NOT(ISBLANK({!scoreDropAlert})) && {!scoreDrop} > 0 && {!scoreDrop} >= {!scoreDropAlert}'
        );
    });

    it('takes the score-drop alert from the active model, else the Default model, as the sync does', () => {
        expect(oneLine(resource(flow, 'scoreDropAlert').text)).toBe(
            'BLANKVALUE({!Get_Active_Model.Score_Drop_Alert__c}, {!Get_Default_Model.Score_Drop_Alert__c})'
        );
        const active = node(flow, 'Get_Active_Model', 'recordLookups').xml;
        expect(textOf(active, 'object')).toBe('Health_Model__mdt');
        expect(recordFilters(active)).toEqual([
            { field: 'Active__c', operator: 'EqualTo', value: bool(true) }
        ]);
        expect(textOf(active, 'sortField')).toBe('Model_Version__c');
        expect(textOf(active, 'sortOrder')).toBe('Desc');
        expect(textOf(active, 'getFirstRecordOnly')).toBe('true');
        const fallback = node(flow, 'Get_Default_Model', 'recordLookups').xml;
        expect(recordFilters(fallback)).toEqual([
            { field: 'DeveloperName', operator: 'EqualTo', value: str('Default') }
        ]);
        expect(decisionRules(flow, 'Active_Model_Found')[0]!.conditions).toEqual([
            condition('Get_Active_Model', 'IsNull', bool(false))
        ]);
        expect(defaultTarget(flow, 'Active_Model_Found')).toBe('Get_Default_Model');
        // The model is read only when the score fell inside the band.
        const [fell] = decisionRules(flow, 'Score_Fell_Within_Band');
        expect(fell!.conditions).toEqual([
            condition('bandChanged', 'EqualTo', bool(false)),
            condition('scoreDrop', 'GreaterThan', { number: 0 })
        ]);
        expect(fell!.to).toBe('Get_Active_Model');
        expect(defaultTarget(flow, 'Score_Fell_Within_Band')).toBe('Get_Open_Play_Tasks');
    });

    it('fires Expansion plays when Expansion Ready became true', () => {
        const rule = decisionRules(flow, 'Play_Fires').find(
            (candidate) => candidate.name === 'Became_Expansion_Ready'
        )!;
        expect(rule.logic).toBe('1 AND 2 AND 3 AND (4 OR 5) AND 6');
        expect(rule.conditions).toEqual([
            condition('Loop_Plays.Trigger__c', 'EqualTo', str('Expansion')),
            condition('$Record.Expansion_Ready__c', 'EqualTo', bool(true)),
            condition('$Record__Prior.Expansion_Ready__c', 'EqualTo', bool(false)),
            ...playBandMatches,
            firstScoringExcluded
        ]);
        expect(rule.to).toBe('Play_Notifies');
    });

    it('has exactly these three kinds of play, and skips any other', () => {
        expect(decisionRules(flow, 'Play_Fires').map((rule) => rule.name)).toEqual([
            'Band_Entered',
            'Score_Dropped',
            'Became_Expansion_Ready'
        ]);
        expect(defaultTarget(flow, 'Play_Fires')).toBe('Loop_Plays');
    });

    it('reports a failure by rolling back the save with a readable message', () => {
        const error = node(flow, 'Report_Playbook_Failure', 'customErrors').xml;
        const message = path(error, 'customErrorMessages');
        expect(textOf(message, 'errorMessage')).toBe('{!faultMessage}');
        expect(textOf(message, 'isFieldError')).toBe('false');
        const faultMessage = resource(flow, 'faultMessage');
        expect(faultMessage.text).toContain('{!$Flow.FaultMessage}');
        expect(faultMessage.text).toMatch(/^LEFT\(.*, 255\)$/s);
        for (const name of [
            'Get_Active_Plays',
            'Get_Active_Model',
            'Get_Default_Model',
            'Get_Open_Play_Tasks',
            'Create_Tasks'
        ])
            expect(successors(node(flow, name))).toContainEqual({
                to: 'Report_Playbook_Failure',
                via: 'faultConnector'
            });
    });
});

describe('Account_Health_Yellow_Escalation (scheduled path)', () => {
    const flow = escalationFlow;

    it('starts when an Account becomes Yellow and waits 60 days after Health_Band_Since__c', () => {
        expect(textOf(flow.root, 'status')).toBe('Active');
        expect(textOf(flow.start, 'object')).toBe('Account');
        expect(textOf(flow.start, 'triggerType')).toBe('RecordAfterSave');
        expect(textOf(flow.start, 'recordTriggerType')).toBe('CreateAndUpdate');
        // "Only when a record is updated to meet the condition requirements": required for a scheduled path on
        // update, and what cancels the pending path when the account leaves Yellow.
        expect(textOf(flow.start, 'doesRequireRecordChangedToMeetCriteria')).toBe('true');
        expect(textOf(flow.start, 'filterLogic')).toBe('and');
        expect(recordFilters(flow.start)).toEqual([
            { field: 'Health_Band__c', operator: 'EqualTo', value: str('Yellow') }
        ]);
        const paths = all(flow.start, 'scheduledPaths');
        expect(paths).toHaveLength(1);
        const scheduled = paths[0]!;
        expect(textOf(scheduled, 'timeSource')).toBe('RecordField');
        expect(textOf(scheduled, 'recordField')).toBe('Health_Band_Since__c');
        expect(textOf(scheduled, 'offsetNumber')).toBe('60');
        expect(textOf(scheduled, 'offsetUnit')).toBe('Days');
        expect(startTargets(flow)).toEqual([{ path: 'Yellow_For_60_Days', to: 'Still_Yellow' }]);
    });

    it('goes on only while the account is still Yellow', () => {
        const [yellow] = decisionRules(flow, 'Still_Yellow');
        expect(yellow!.conditions).toEqual([
            condition('$Record.Health_Band__c', 'EqualTo', str('Yellow')),
            condition('$Record.Health_Band_Since__c', 'IsNull', bool(false))
        ]);
        expect(yellow!.to).toBe('Get_Escalation_Plays');
        expect(defaultTarget(flow, 'Still_Yellow')).toBeUndefined();
    });

    it("fires active Escalation plays of the account's band once it has been in the band long enough", () => {
        const get = node(flow, 'Get_Escalation_Plays', 'recordLookups').xml;
        expect(textOf(get, 'object')).toBe('Health_Playbook__mdt');
        expect(recordFilters(get)).toEqual([
            { field: 'Active__c', operator: 'EqualTo', value: bool(true) },
            { field: 'Trigger__c', operator: 'EqualTo', value: str('Escalation') }
        ]);
        expect(textOf(node(flow, 'Loop_Plays', 'loops').xml, 'collectionReference')).toBe(
            'Get_Escalation_Plays'
        );
        const rules = decisionRules(flow, 'Play_Fires');
        expect(rules).toHaveLength(1);
        expect(rules[0]!.logic).toBe('(1 OR 2) AND 3');
        expect(rules[0]!.conditions).toEqual([
            ...playBandMatches,
            condition('daysInBand', 'GreaterThanOrEqualTo', ref('Loop_Plays.Escalate_After_Days__c'))
        ]);
        expect(rules[0]!.to).toBe('Open_Tasks_Of_This_Play');
        expect(oneLine(resource(flow, 'daysInBand').text)).toBe(
            '{!$Flow.CurrentDate} - {!$Record.Health_Band_Since__c}'
        );
    });

    it('tells the owner by email when a query or the Task creation fails (an async path cannot roll back)', () => {
        const email = node(flow, 'Email_Owner_About_Failure', 'actionCalls').xml;
        expect(textOf(email, 'actionType')).toBe('emailSimple');
        const inputs = Object.fromEntries(
            all(email, 'inputParameters').map((input) => [
                textOf(input, 'name'),
                first(input, 'value')!.children[0]!.text
            ])
        );
        expect(inputs.emailAddresses).toBe('$Record.Owner.Email');
        expect(resource(flow, inputs.emailBody!).text).toContain('{!$Flow.FaultMessage}');
        for (const name of ['Get_Escalation_Plays', 'Get_Open_Play_Tasks', 'Create_Tasks'])
            expect(successors(node(flow, name))).toContainEqual({
                to: 'Email_Owner_About_Failure',
                via: 'faultConnector'
            });
        expect(nodesOfKind(flow, 'customErrors')).toHaveLength(0);
    });
});

describe.each(flows.map((flow) => [flow.name, flow] as const))(
    '%s: tasks, duplicates, bulk safety',
    (_name, flow) => {
        it('fills every Task field from the play and the account', () => {
            const items = assignmentItems(flow, 'Stage_Task');
            const assigned = Object.fromEntries(items.slice(0, -1).map((item) => [item.to, item.value]));
            expect(assigned).toEqual({
                'taskToCreate.Subject': ref('Loop_Plays.Subject__c'),
                'taskToCreate.Description': ref('taskDescription'),
                'taskToCreate.ActivityDate': ref('taskDueDate'),
                'taskToCreate.Priority': ref('Loop_Plays.Priority__c'),
                'taskToCreate.OwnerId': ref('taskAssigneeId'),
                'taskToCreate.WhatId': ref('$Record.Id'),
                'taskToCreate.Status': str('Not Started'),
                'taskToCreate.Health_Play_Key__c': ref('Loop_Plays.DeveloperName')
            });
            expect(items.every((item) => item.operator === 'Assign' || item.to === 'tasksToCreate')).toBe(
                true
            );
            expect(items[items.length - 1]).toEqual({
                to: 'tasksToCreate',
                operator: 'Add',
                value: ref('taskToCreate')
            });
            expect(successors(node(flow, 'Stage_Task'))).toEqual([{ to: 'Loop_Plays', via: 'connector' }]);
            expect(picklistValues('Health_Playbook__mdt', 'Priority__c').sort()).toEqual([
                'High',
                'Low',
                'Normal'
            ]);
        });

        it('puts the play instructions and the health summary, score and band in the description', () => {
            const description = resource(flow, 'taskDescription');
            expect(description.dataType).toBe('Text');
            for (const merge of [
                '{!Loop_Plays.Description__c}',
                '{!$Record.Health_Summary__c}',
                '{!$Record.Health_Score__c}',
                '{!$Record.Health_Band__c}',
                '{!$Record.Health_Trend__c}'
            ])
                expect(description.text).toContain(merge);
            expect(description.text.startsWith('{!Loop_Plays.Description__c}')).toBe(true);
        });

        it('gives the task to the active manager for manager plays, else to the owner, due in the play days', () => {
            expect(oneLine(resource(flow, 'taskAssigneeId').text)).toBe(
                'IF(TEXT({!Loop_Plays.Assignee__c}) = "Owner\'s Manager" && NOT(ISBLANK({!activeManagerId})), {!activeManagerId}, {!$Record.OwnerId})'
            );
            // The manager is read only when the owner has one (no $Record.Owner.Manager traversal: it fails the
            // flow when ManagerId is blank), and only an active one is used.
            const [hasManager] = decisionRules(flow, 'Owner_Has_Manager');
            expect(hasManager!.conditions).toEqual([
                condition('$Record.Owner.ManagerId', 'IsNull', bool(false))
            ]);
            expect(hasManager!.to).toBe('Get_Active_Manager');
            expect(recordFilters(node(flow, 'Get_Active_Manager', 'recordLookups').xml)).toEqual([
                { field: 'Id', operator: 'EqualTo', value: ref('$Record.Owner.ManagerId') },
                { field: 'IsActive', operator: 'EqualTo', value: bool(true) }
            ]);
            expect(readFileSync(flow.file, 'utf8')).not.toContain('Owner.Manager.');
            expect(picklistValues('Health_Playbook__mdt', 'Assignee__c')).toContain("Owner's Manager");
            expect(resource(flow, 'taskDueDate')).toEqual({
                dataType: 'Date',
                text: '{!$Flow.CurrentDate} + BLANKVALUE({!Loop_Plays.Due_In_Days__c}, 0)'
            });
        });

        it('suppresses a new Task while one of the same play is open on the account', () => {
            const open = node(flow, 'Get_Open_Play_Tasks', 'recordLookups').xml;
            expect(textOf(open, 'object')).toBe('Task');
            expect(recordFilters(open)).toEqual([
                { field: 'WhatId', operator: 'EqualTo', value: ref('$Record.Id') },
                { field: 'IsClosed', operator: 'EqualTo', value: bool(false) },
                { field: 'Health_Play_Key__c', operator: 'IsNull', value: bool(false) }
            ]);
            const filter = node(flow, 'Open_Tasks_Of_This_Play', 'collectionProcessors').xml;
            expect(textOf(filter, 'collectionProcessorType')).toBe('FilterCollectionProcessor');
            expect(textOf(filter, 'collectionReference')).toBe('Get_Open_Play_Tasks');
            expect(textOf(filter, 'assignNextValueToReference')).toBe('currentOpenTask');
            expect(
                all(filter, 'conditions').map((c) => [textOf(c, 'leftValueReference'), textOf(c, 'operator')])
            ).toEqual([['currentOpenTask.Health_Play_Key__c', 'EqualTo']]);
            expect(textOf(path(filter, 'conditions', 'rightValue'), 'elementReference')).toBe(
                'Loop_Plays.DeveloperName'
            );
            const [notOpen] = decisionRules(flow, 'No_Open_Task_Of_This_Play');
            expect(notOpen!.conditions).toEqual([
                condition('Open_Tasks_Of_This_Play', 'IsEmpty', bool(true))
            ]);
            expect(notOpen!.to).toBe('Stage_Task');
            expect(defaultTarget(flow, 'No_Open_Task_Of_This_Play')).toBe('Loop_Plays');
        });

        it('keeps queries, DML and actions out of the loop and creates all Tasks with one Create Records', () => {
            const body = loopBody(flow, 'Loop_Plays');
            // The playbook flow also routes each firing play by its Delivery__c (Task, notification or both).
            const delivery =
                flow === playbookFlow ? ['Add_Alert_Recipient', 'Play_Creates_Task', 'Play_Notifies'] : [];
            expect([...body].sort()).toEqual(
                [
                    'No_Open_Task_Of_This_Play',
                    'Open_Tasks_Of_This_Play',
                    'Play_Fires',
                    'Stage_Task',
                    // Replaces__c: a play an active play replaces is skipped (replaces.test.ts)
                    'Plays_Replacing_This',
                    'Not_Replaced',
                    ...delivery
                ].sort()
            );
            for (const name of body)
                expect(['decisions', 'assignments', 'collectionProcessors']).toContain(node(flow, name).kind);
            const creates = nodesOfKind(flow, 'recordCreates');
            // Create_Tasks is the only create on the normal path; the escalation's fault path may add one Task
            // telling the owner that nothing could be created (Create_Failure_Task).
            expect(creates.map((create) => create.name).filter((n) => n !== 'Create_Failure_Task')).toEqual([
                'Create_Tasks'
            ]);
            expect(textOf(node(flow, 'Create_Tasks', 'recordCreates').xml, 'inputReference')).toBe(
                'tasksToCreate'
            );
            expect(nodesOfKind(flow, 'recordUpdates')).toHaveLength(0);
            expect(nodesOfKind(flow, 'recordDeletes')).toHaveLength(0);
            const loop = node(flow, 'Loop_Plays', 'loops').xml;
            expect(textOf(first(loop, 'noMoreValuesConnector'), 'targetReference')).toBe(
                'Any_Tasks_To_Create'
            );
            const [staged] = decisionRules(flow, 'Any_Tasks_To_Create');
            expect(staged!.conditions).toEqual([condition('tasksToCreate', 'IsEmpty', bool(false))]);
            expect(staged!.to).toBe('Create_Tasks');
        });

        it('has a fault path on every query, DML and action that is not itself a fault handler', () => {
            const handlers = new Set(
                [...flow.nodes.values()].flatMap((candidate) =>
                    successors(candidate)
                        .filter((edge) => edge.via === 'faultConnector')
                        .map((edge) => edge.to)
                )
            );
            const dataElements = [...flow.nodes.values()].filter((candidate) =>
                [
                    'recordLookups',
                    'recordCreates',
                    'recordUpdates',
                    'recordDeletes',
                    'actionCalls',
                    'subflows'
                ].includes(candidate.kind)
            );
            expect(dataElements.length).toBeGreaterThan(0);
            for (const element of dataElements) {
                if (handlers.has(element.name)) continue;
                expect({
                    element: element.name,
                    fault: successors(element).some((edge) => edge.via === 'faultConnector')
                }).toEqual({
                    element: element.name,
                    fault: true
                });
            }
        });

        it('connects every element, and every connector names an element', () => {
            const fromStart = new Set(startTargets(flow).flatMap((start) => [...reachable(flow, start.to)]));
            expect([...flow.nodes.keys()].filter((name) => !fromStart.has(name))).toEqual([]);
            for (const element of flow.nodes.values())
                for (const edge of successors(element)) expect(flow.nodes.has(edge.to)).toBe(true);
        });

        it('names only fields that force-app (or the standard objects) define', () => {
            const standard: Record<string, string[]> = {
                Account: ['Id', 'Name', 'OwnerId', 'Owner.ManagerId', 'Owner.Email'],
                User: ['Id', 'IsActive'],
                Task: [
                    'Id',
                    'Subject',
                    'Description',
                    'ActivityDate',
                    'Priority',
                    'OwnerId',
                    'WhatId',
                    'Status',
                    'IsClosed'
                ],
                Health_Playbook__mdt: ['Id', 'DeveloperName', 'MasterLabel'],
                Health_Model__mdt: ['Id', 'DeveloperName'],
                CustomNotificationType: ['Id', 'DeveloperName']
            };
            const defined = (objectName: string, field: string): boolean =>
                (standard[objectName] ?? []).includes(field) ||
                fieldDefinition(objectName === 'Task' ? 'Activity' : objectName, field) !== undefined;
            const variables: Record<string, string> = {
                $Record: 'Account',
                $Record__Prior: 'Account',
                Loop_Plays: 'Health_Playbook__mdt',
                taskToCreate: 'Task',
                currentOpenTask: 'Task',
                Get_Active_Model: 'Health_Model__mdt',
                Get_Default_Model: 'Health_Model__mdt',
                Get_Alert_Type: 'CustomNotificationType'
            };
            const unknown: string[] = [];
            for (const reference of mergeFieldReferences(flow)) {
                const [head, ...rest] = reference.split('.');
                const objectName = variables[head!];
                if (objectName && rest.length && !defined(objectName, rest.join('.')))
                    unknown.push(reference);
                if (!objectName && !rest.length && !head!.startsWith('$') && !flow.nodes.has(head!))
                    if (!resourceNames(flow).includes(head!)) unknown.push(reference);
            }
            for (const lookup of nodesOfKind(flow, 'recordLookups')) {
                const objectName = textOf(lookup.xml, 'object')!;
                const fields = [
                    ...recordFilters(lookup.xml).map((filter) => filter.field),
                    ...all(lookup.xml, 'queriedFields').map((field) => field.text.trim()),
                    ...(textOf(lookup.xml, 'sortField') ? [textOf(lookup.xml, 'sortField')!] : [])
                ];
                for (const field of fields)
                    if (!defined(objectName, field)) unknown.push(`${objectName}.${field}`);
            }
            for (const filter of recordFilters(flow.start))
                if (!defined('Account', filter.field)) unknown.push(`Account.${filter.field}`);
            const scheduledField = textOf(path(flow.start, 'scheduledPaths'), 'recordField');
            if (scheduledField && !defined('Account', scheduledField))
                unknown.push(`Account.${scheduledField}`);
            expect(unknown).toEqual([]);
        });

        it('compares picklists only with values their fields allow', () => {
            const allowed: Record<string, string[]> = {
                'Loop_Plays.Trigger__c': picklistValues('Health_Playbook__mdt', 'Trigger__c'),
                '$Record.Health_Band__c': picklistValues('Account', 'Health_Band__c')
            };
            for (const decision of nodesOfKind(flow, 'decisions'))
                for (const rule of decisionRules(flow, decision.name))
                    for (const check of rule.conditions)
                        if (allowed[check.left] && 'string' in check.right)
                            expect(allowed[check.left]).toContain(check.right.string);
            for (const filter of recordFilters(flow.start))
                if ('string' in filter.value)
                    expect(picklistValues('Account', filter.field)).toContain(filter.value.string);
        });
    }
);

it('the package has exactly the two playbook flows, the sync monitor (monitor.test.ts) and the weekly digest (digest.test.ts)', () => {
    expect(
        flowFiles()
            .map((file) => loadFlow(file).name)
            .sort()
    ).toEqual([
        'Account_Health_Playbook',
        'Account_Health_Sync_Monitor',
        'Account_Health_Weekly_Digest',
        'Account_Health_Yellow_Escalation'
    ]);
});
