/**
 * The plays, run: each scenario changes an Account and runs the flow's XML in the simulator (simulate.ts)
 * against the package's real Health_Playbook and Health_Model records, then checks the Tasks it creates.
 */
import { join } from 'node:path';
import { SfDate } from './formula';
import { FLOWS_DIR, loadCustomMetadata, loadFlow } from './flowModel';
import {
    customLogic,
    metadataSObject,
    runImmediatePath,
    runScheduledPath,
    scheduledRunDate,
    withDates,
    type OrgData,
    type SObject
} from './simulate';

const playbookFlow = loadFlow(join(FLOWS_DIR, 'Account_Health_Playbook.flow-meta.xml'));
const escalationFlow = loadFlow(join(FLOWS_DIR, 'Account_Health_Yellow_Escalation.flow-meta.xml'));

const TODAY = '2026-11-20';
const OWNER_ID = '005000000000001AAA';
const MANAGER_ID = '005000000000002AAA';
const ACCOUNT_ID = '001000000000001AAA';

/** A custom metadata record as the flow sees it: typed by the field definitions in force-app. */

const playbooks = () =>
    loadCustomMetadata('Health_Playbook').map((record) => metadataSObject('Health_Playbook__mdt', record));
const models = () =>
    loadCustomMetadata('Health_Model').map((record) => metadataSObject('Health_Model__mdt', record));

function org(overrides: Partial<OrgData> = {}): OrgData {
    return {
        Health_Playbook__mdt: playbooks(),
        Health_Model__mdt: models(),
        Task: [],
        User: users({ IsActive: true }),
        ...overrides
    };
}

/** The users the flows may read: the owner's manager, when there is one (Get_Active_Manager). */
function users(manager: SObject | null): SObject[] {
    return manager ? [{ Id: MANAGER_ID, IsActive: manager.IsActive ?? true }] : [];
}

function account(fields: SObject = {}, manager: SObject | null = { IsActive: true }): SObject {
    return withDates(
        {
            Id: ACCOUNT_ID,
            Name: 'Acme',
            OwnerId: OWNER_ID,
            Owner: { ManagerId: manager ? MANAGER_ID : null, Manager: manager, Email: 'owner@example.com' },
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

/** Runs the playbook flow for a change from `before` to `after` (fields on top of the same base account). */
function change(
    before: SObject,
    after: SObject,
    options: { data?: OrgData; manager?: SObject | null; failCreateWith?: string } = {}
) {
    const manager = options.manager === undefined ? { IsActive: true } : options.manager;
    return runImmediatePath(playbookFlow, {
        prior: account(before, manager),
        record: account({ ...before, ...after }, manager),
        today: TODAY,
        data: { ...(options.data ?? org()), User: users(manager) },
        ...(options.failCreateWith === undefined ? {} : { failCreateWith: options.failCreateWith })
    });
}

const plus = (days: number) => SfDate.of(TODAY).plusDays(days).toString();
const summary = (task: SObject) => ({
    key: task.Health_Play_Key__c,
    owner: task.OwnerId,
    due: String(task.ActivityDate),
    priority: task.Priority
});
const openTask = (key: string, closed = false): SObject => ({
    Id: `00T${key}`,
    WhatId: ACCOUNT_ID,
    IsClosed: closed,
    Health_Play_Key__c: key
});

describe('band entered', () => {
    it('Yellow: the owner re-engages the decision maker within 2 days', () => {
        const result = change(
            { Health_Band__c: 'Green', Health_Score__c: 72 },
            { Health_Band__c: 'Yellow', Health_Score__c: 62 }
        );
        expect(result.entered).toBe(true);
        expect(result.created.map(summary)).toEqual([
            { key: 'Yellow_Entered', owner: OWNER_ID, due: plus(2), priority: 'High' }
        ]);
        const [task] = result.created;
        expect(task).toMatchObject({
            WhatId: ACCOUNT_ID,
            Status: 'Not Started',
            Subject: 'Health: re-engage the decision maker within 48 hours'
        });
        const description = String(task!.Description);
        expect(description).toMatch(
            /^The account entered Yellow\. Within 48 hours, reach its decision maker/
        );
        expect(description).toContain('Health: 62 (Yellow, was 72 Green)');
        expect(description).toContain('Why: Decision maker Jane Doe: no meeting in 74 days');
        expect(description).toContain('Play: Yellow entered (owner) (Yellow_Entered)');
    });

    it('Red: the manager builds a 30-day recovery plan and the owner gets a task too', () => {
        const result = change(
            { Health_Band__c: 'Yellow', Health_Score__c: 45 },
            { Health_Band__c: 'Red', Health_Score__c: 35 }
        );
        expect(result.created.map(summary)).toEqual([
            { key: 'Red_Entered_Manager', owner: MANAGER_ID, due: plus(3), priority: 'High' },
            { key: 'Red_Entered_Owner', owner: OWNER_ID, due: plus(2), priority: 'High' }
        ]);
        expect(result.created[0]!.Subject).toBe('Health: build a 30-day recovery plan');
    });

    it.each([
        ['no manager', null],
        ['an inactive manager', { IsActive: false }]
    ])('Red with %s: both tasks go to the owner', (_label, manager) => {
        const result = change(
            { Health_Band__c: 'Yellow' },
            { Health_Band__c: 'Red', Health_Score__c: 30 },
            { manager }
        );
        expect(result.created.map((task) => [task.Health_Play_Key__c, task.OwnerId])).toEqual([
            ['Red_Entered_Manager', OWNER_ID],
            ['Red_Entered_Owner', OWNER_ID]
        ]);
    });

    it('the first scoring of an account (no band before) creates nothing, so the first sync does not flood', () => {
        expect(
            change(
                { Health_Band__c: null, Health_Score__c: null },
                { Health_Band__c: 'Red', Health_Score__c: 30 }
            ).created
        ).toEqual([]);
        const expansion = change(
            { Health_Band__c: null, Health_Score__c: null, Expansion_Ready__c: false },
            { Health_Band__c: 'Green', Health_Score__c: 88, Expansion_Ready__c: true }
        );
        expect(expansion.created).toEqual([]);
        // Unknown is a band: leaving it for Red is news.
        const fromUnknown = change(
            { Health_Band__c: 'Unknown', Health_Score__c: 50 },
            { Health_Band__c: 'Red', Health_Score__c: 30 }
        );
        expect(fromUnknown.created.map((task) => task.Health_Play_Key__c)).toEqual([
            'Red_Entered_Manager',
            'Red_Entered_Owner'
        ]);
    });

    it('Green: no play is configured for it, so nothing is created', () => {
        const result = change(
            { Health_Band__c: 'Yellow', Health_Score__c: 65 },
            { Health_Band__c: 'Green', Health_Score__c: 74 }
        );
        expect(result.entered).toBe(true);
        expect(result.created).toEqual([]);
    });
});

describe('no duplicates', () => {
    it('an open task of the same play suppresses a new one', () => {
        const data = org({ Task: [openTask('Yellow_Entered')] });
        expect(change({ Health_Band__c: 'Green' }, { Health_Band__c: 'Yellow' }, { data }).created).toEqual(
            []
        );
    });

    it('a closed task does not, and an open task of another play does not', () => {
        const data = org({ Task: [openTask('Yellow_Entered', true), openTask('Score_Drop_Review')] });
        const created = change({ Health_Band__c: 'Green' }, { Health_Band__c: 'Yellow' }, { data }).created;
        expect(created.map((task) => task.Health_Play_Key__c)).toEqual(['Yellow_Entered']);
    });

    it('only the play that is already open is skipped when several fire', () => {
        const data = org({ Task: [openTask('Red_Entered_Manager')] });
        const created = change({ Health_Band__c: 'Yellow' }, { Health_Band__c: 'Red' }, { data }).created;
        expect(created.map((task) => task.Health_Play_Key__c)).toEqual(['Red_Entered_Owner']);
    });

    it("another account's open task does not count", () => {
        const data = org({ Task: [{ ...openTask('Yellow_Entered'), WhatId: '001000000000999AAA' }] });
        expect(
            change({ Health_Band__c: 'Green' }, { Health_Band__c: 'Yellow' }, { data }).created
        ).toHaveLength(1);
    });
});

describe('score drop without a band change', () => {
    it.each([
        [90, 74, true],
        [90, 75, true],
        [90, 76, false],
        [90, 80, false]
    ])('Green %i -> %i: review task %s (alert: 15 points, the Default model)', (from, to, fires) => {
        const result = change({ Health_Score__c: from }, { Health_Score__c: to });
        expect(result.created.map((task) => task.Health_Play_Key__c)).toEqual(
            fires ? ['Score_Drop_Review'] : []
        );
        if (fires)
            expect(summary(result.created[0]!)).toEqual({
                key: 'Score_Drop_Review',
                owner: OWNER_ID,
                due: plus(3),
                priority: 'Normal'
            });
    });

    it('applies in any band (the play has a blank band)', () => {
        const result = change({ Health_Band__c: 'Red', Health_Score__c: 38 }, { Health_Score__c: 20 });
        expect(result.created.map((task) => task.Health_Play_Key__c)).toEqual(['Score_Drop_Review']);
    });

    it('a drop that also changes the band fires the band play only', () => {
        const result = change(
            { Health_Band__c: 'Green', Health_Score__c: 85 },
            { Health_Band__c: 'Yellow', Health_Score__c: 55 }
        );
        expect(result.created.map((task) => task.Health_Play_Key__c)).toEqual(['Yellow_Entered']);
    });

    it('uses the active model with the newest version, and the Default model when none is active', () => {
        const strict = {
            ...models()[0]!,
            Id: 'm01',
            DeveloperName: 'Fitted',
            Model_Version__c: 'fitted-2',
            Score_Drop_Alert__c: 20
        };
        const older = {
            ...models()[0]!,
            Id: 'm02',
            DeveloperName: 'Older',
            Model_Version__c: 'fitted-1',
            Score_Drop_Alert__c: 5
        };
        const withFitted = org({ Health_Model__mdt: [...models(), strict, older] });
        expect(
            change({ Health_Score__c: 90 }, { Health_Score__c: 74 }, { data: withFitted }).created
        ).toEqual([]);
        expect(
            change({ Health_Score__c: 90 }, { Health_Score__c: 70 }, { data: withFitted }).created
        ).toHaveLength(1);
        const noneActive = org({
            Health_Model__mdt: models().map((model) => ({ ...model, Active__c: false }))
        });
        expect(
            change({ Health_Score__c: 90 }, { Health_Score__c: 74 }, { data: noneActive }).created
        ).toHaveLength(1);
    });

    it('does not start the flow when the score rises or nothing health-related changes', () => {
        expect(change({ Health_Score__c: 60 }, { Health_Score__c: 80 }).entered).toBe(false);
        expect(change({}, { Name: 'Acme Corp' }).entered).toBe(false);
    });
});

describe('expansion ready', () => {
    it('becoming true gives the owner an expansion task, due in 7 days', () => {
        const result = change({ Expansion_Ready__c: false }, { Expansion_Ready__c: true });
        expect(result.created.map(summary)).toEqual([
            { key: 'Expansion_Ready', owner: OWNER_ID, due: plus(7), priority: 'Normal' }
        ]);
        expect(result.created[0]!.Subject).toBe('Health: plan an expansion conversation');
    });

    it('staying true or becoming false does nothing', () => {
        expect(change({ Expansion_Ready__c: true }, { Expansion_Ready__c: true }).entered).toBe(false);
        expect(change({ Expansion_Ready__c: true }, { Expansion_Ready__c: false }).entered).toBe(false);
    });

    it('the play is for Green accounts (its band), so a Yellow account gets none', () => {
        const result = change(
            { Health_Band__c: 'Yellow', Expansion_Ready__c: false },
            { Expansion_Ready__c: true }
        );
        expect(result.entered).toBe(true);
        expect(result.created).toEqual([]);
    });
});

describe('driven by the playbook records', () => {
    it('an inactive play creates nothing', () => {
        const data = org({
            Health_Playbook__mdt: playbooks().map((play) =>
                play.DeveloperName === 'Yellow_Entered' ? { ...play, Active__c: false } : play
            )
        });
        expect(change({ Health_Band__c: 'Green' }, { Health_Band__c: 'Yellow' }, { data }).created).toEqual(
            []
        );
    });

    it("an admin's edits and new plays apply without touching the flow", () => {
        const thankYou: SObject = {
            Id: 'm0new',
            DeveloperName: 'Green_Entered',
            MasterLabel: 'Green entered (owner)',
            Active__c: true,
            Band__c: 'Green',
            Trigger__c: 'Entered',
            Assignee__c: "Owner's Manager",
            Subject__c: 'Health: thank the champion',
            Description__c: 'Back to Green.',
            Due_In_Days__c: 10,
            Priority__c: 'Low',
            Sort_Order__c: 5,
            Escalate_After_Days__c: null
        };
        const result = change(
            { Health_Band__c: 'Yellow' },
            { Health_Band__c: 'Green' },
            { data: org({ Health_Playbook__mdt: [...playbooks(), thankYou] }) }
        );
        expect(result.created.map(summary)).toEqual([
            { key: 'Green_Entered', owner: MANAGER_ID, due: plus(10), priority: 'Low' }
        ]);
        expect(result.created[0]!.Subject).toBe('Health: thank the champion');
    });

    it('escalation plays never fire on the immediate path', () => {
        const data = org({ Task: [] });
        const created = change(
            { Health_Band__c: 'Green', Health_Band_Since__c: '2026-01-01' },
            { Health_Band__c: 'Yellow' },
            { data }
        ).created;
        expect(created.map((task) => task.Health_Play_Key__c)).toEqual(['Yellow_Entered']);
    });
});

describe('failure', () => {
    it('rolls the account change back with a readable message when the tasks cannot be created', () => {
        const result = change(
            { Health_Band__c: 'Green' },
            { Health_Band__c: 'Yellow' },
            { failCreateWith: 'INACTIVE_OWNER_OR_USER: owner is inactive' }
        );
        expect(result.created).toEqual([]);
        expect(result.error).toMatch(
            /^Account Health playbook: the tasks for this account could not be created/
        );
        expect(result.error).toContain('INACTIVE_OWNER_OR_USER: owner is inactive');
        expect(result.error!.length).toBeLessThanOrEqual(255);
    });
});

describe('Yellow escalation (scheduled path)', () => {
    const PATH = 'Yellow_For_60_Days';
    const escalate = (record: SObject, data: OrgData = org(), failCreateWith?: string) =>
        runScheduledPath(escalationFlow, PATH, {
            record,
            today: TODAY,
            data,
            ...(failCreateWith === undefined ? {} : { failCreateWith })
        });

    it('is scheduled 60 days after Health_Band_Since__c when an account becomes Yellow', () => {
        const yellow = account({ Health_Band__c: 'Yellow', Health_Band_Since__c: '2026-09-21' });
        expect(scheduledRunDate(escalationFlow, PATH, yellow, account({ Health_Band__c: 'Green' }))).toBe(
            '2026-11-20'
        );
        expect(scheduledRunDate(escalationFlow, PATH, yellow)).toBe('2026-11-20'); // created Yellow
        // Already Yellow before the change: not scheduled again. Not Yellow: not scheduled.
        expect(
            scheduledRunDate(escalationFlow, PATH, yellow, account({ Health_Band__c: 'Yellow' }))
        ).toBeNull();
        expect(
            scheduledRunDate(escalationFlow, PATH, account({ Health_Band__c: 'Red' }), account())
        ).toBeNull();
    });

    it("creates the manager's escalation task when the account is still Yellow after 60 days", () => {
        const result = escalate(
            account({ Health_Band__c: 'Yellow', Health_Band_Since__c: '2026-09-21', Health_Score__c: 55 })
        );
        expect(result.created.map(summary)).toEqual([
            { key: 'Yellow_Escalation', owner: MANAGER_ID, due: plus(5), priority: 'High' }
        ]);
        expect(result.created[0]).toMatchObject({
            WhatId: ACCOUNT_ID,
            Subject: 'Health: account Yellow for 60 days - escalate'
        });
        expect(String(result.created[0]!.Description)).toContain(
            'Health: 55 (Yellow since 2026-09-21, 60 days)'
        );
    });

    it.each([
        ['left Yellow', { Health_Band__c: 'Green', Health_Band_Since__c: '2026-11-01' }],
        [
            're-entered Yellow since (band date moved)',
            { Health_Band__c: 'Yellow', Health_Band_Since__c: '2026-10-21' }
        ],
        ['no band date', { Health_Band__c: 'Yellow', Health_Band_Since__c: null }]
    ])('creates nothing when the account %s', (_label, fields) => {
        expect(escalate(account(fields)).created).toEqual([]);
    });

    it('does not duplicate an open escalation task', () => {
        const data = org({ Task: [openTask('Yellow_Escalation')] });
        expect(
            escalate(account({ Health_Band__c: 'Yellow', Health_Band_Since__c: '2026-09-21' }), data).created
        ).toEqual([]);
    });

    it('emails the owner when the task cannot be created', () => {
        const result = escalate(
            account({ Health_Band__c: 'Yellow', Health_Band_Since__c: '2026-09-21' }),
            org(),
            'FIELD_INTEGRITY_EXCEPTION'
        );
        expect(result.created).toEqual([]);
        expect(result.error).toBeUndefined();
        expect(result.emails).toHaveLength(1);
        expect(result.emails[0]!.to).toBe('owner@example.com');
        expect(result.emails[0]!.subject).toBe(
            'Account Health: the escalation task for Acme could not be created'
        );
        expect(result.emails[0]!.body).toContain('Error: FIELD_INTEGRITY_EXCEPTION');
    });

    const yellowFor60Days = () => account({ Health_Band__c: 'Yellow', Health_Band_Since__c: '2026-09-21' });

    it('gives the owner a Task saying so when the failure email cannot be sent either', () => {
        const result = runScheduledPath(escalationFlow, PATH, {
            record: yellowFor60Days(),
            today: TODAY,
            data: org(),
            failCreateWith: 'FIELD_INTEGRITY_EXCEPTION',
            failCreateOf: ['Create_Tasks'],
            failEmailWith: 'NO_VERIFIED_SENDING_DOMAIN'
        });
        expect(result.error).toBeUndefined();
        expect(result.emails).toEqual([]);
        expect(result.created).toHaveLength(1);
        expect(result.created[0]).toMatchObject({
            OwnerId: OWNER_ID,
            WhatId: ACCOUNT_ID,
            Status: 'Not Started',
            Subject: 'Account Health: the escalation task for Acme could not be created'
        });
        expect(String(result.created[0]!.Description)).toContain(
            'could not create its task, and the email about it could not be sent'
        );
        expect(String(result.created[0]!.Description)).toContain('Last error: NO_VERIFIED_SENDING_DOMAIN');
    });

    it('ends the fault path quietly when neither the email nor the owner Task can be created', () => {
        const result = runScheduledPath(escalationFlow, PATH, {
            record: yellowFor60Days(),
            today: TODAY,
            data: org(),
            failCreateWith: 'FIELD_INTEGRITY_EXCEPTION',
            failEmailWith: 'NO_VERIFIED_SENDING_DOMAIN'
        });
        expect(result.error).toBeUndefined();
        expect(result.created).toEqual([]);
        expect(result.trail.slice(-3)).toEqual([
            'Email_Owner_About_Failure',
            'Create_Failure_Task',
            'Failure_Not_Delivered'
        ]);
    });
});

describe('simulator self-checks', () => {
    it.each([
        ['1 AND 2 AND (3 OR 4)', [true, true, false, true], true],
        ['1 AND 2 AND (3 OR 4)', [true, true, false, false], false],
        ['(1 OR 2) AND 3', [false, true, true], true],
        ['NOT 1 OR 2', [true, false], false]
    ])('custom logic %s over %j is %s', (logic, results, expected) => {
        expect(customLogic(logic, results)).toBe(expected);
    });

    it('refuses to read a field the Get Records element did not query', () => {
        const flow = loadFlow(join(FLOWS_DIR, 'Account_Health_Playbook.flow-meta.xml'));
        const get = flow.nodes.get('Get_Active_Plays')!.xml;
        get.children = get.children.filter(
            (child) => !(child.name === 'queriedFields' && child.text.trim() === 'Subject__c')
        );
        expect(() =>
            runImmediatePath(flow, {
                prior: account({ Health_Band__c: 'Green' }),
                record: account({ Health_Band__c: 'Yellow' }),
                today: TODAY,
                data: org()
            })
        ).toThrow(/Loop_Plays\.Subject__c: Subject__c was not queried by Get_Active_Plays/);
    });
});
