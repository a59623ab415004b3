/**
 * The two Apex controllers, re-implemented over the preview org with the same rules as the Apex services
 * (Account360Service, HealthPortfolioService): same ordering, limits, mappings and "team" definition, so the
 * components render in the browser what they render in an org. The Apex tests are the reference.
 */
import type {
    Account360View,
    BandBucket,
    FilterOption,
    InteractionView,
    PortfolioAccount,
    PlaysView,
    PlayTaskView,
    PortfolioFilters,
    PortfolioView
} from '../../../force-app/main/default/lwc/healthUtils/healthUtils';
import { bool, currentUserId, num, org, rows, str, today, userName } from './org';
import type { Row } from './org';

const INTERACTION_LIMIT = 25;
const USAGE_PERIODS = 12;
const FOCUS_LIMIT = 50;
const CHANGE_WINDOW_DAYS = 7;
const BAND_ORDER = ['Red', 'Yellow', 'Green', 'Unknown'];
const SEVERITY_BY_PRIORITY: Record<string, string> = {
    Critical: 'Sev1',
    High: 'Sev2',
    Medium: 'Sev3',
    Low: 'Sev4'
};

const datePart = (v: unknown): string | null => (str(v) ? String(v).slice(0, 10) : null);
const desc = (a: string | null, b: string | null): number => (b ?? '').localeCompare(a ?? '');

function taskChannel(subtype: unknown, type: unknown): string {
    const kind = str(subtype) ?? str(type);
    if (kind === 'Call') return 'Call';
    if (kind === 'Email' || kind === 'ListEmail') return 'Email';
    if (kind === 'Meeting') return 'Meeting';
    return 'Message';
}

function contactOf(whoId: unknown): { contactId: string | null; contactName: string | null } {
    const contact = rows('Contact').find((c) => c.Id === whoId);
    if (!contact) return { contactId: null, contactName: null };
    const name =
        str(contact.Name) ?? [str(contact.FirstName), str(contact.LastName)].filter(Boolean).join(' ');
    return { contactId: contact.Id, contactName: name };
}

export function account360(accountId: string): Account360View {
    const now = new Date().toISOString();
    const isOn = (r: Row) => r.AccountId === accountId || r.WhatId === accountId;
    const contacts = rows('Contact')
        .filter((c) => c.AccountId === accountId)
        .map((c) => ({
            id: c.Id,
            name: str(c.Name) ?? [str(c.FirstName), str(c.LastName)].filter(Boolean).join(' '),
            title: str(c.Title),
            buyingRole: str(c.Buying_Role__c),
            healthScore: num(c.Contact_Health_Score__c),
            healthBand: str(c.Contact_Health_Band__c),
            lastEngagedOn: datePart(c.Last_Engaged_On__c)
        }))
        .sort((a, b) => (b.healthScore ?? -1) - (a.healthScore ?? -1) || a.name.localeCompare(b.name));

    const tasks: InteractionView[] = rows('Task')
        .filter((t) => isOn(t) && (bool(t.IsClosed) || t.Status === 'Completed'))
        .map((t) => ({
            id: t.Id,
            kind: 'Task',
            activityDate: datePart(t.CompletedDateTime) ?? datePart(t.ActivityDate),
            subject: str(t.Subject),
            channel: taskChannel(t.TaskSubtype, t.Type),
            outcome: str(t.Outcome__c),
            ...contactOf(t.WhoId),
            ownerName: userName(t.OwnerId)
        }));
    const events: InteractionView[] = rows('Event')
        .filter((e) => isOn(e) && (str(e.EndDateTime) ?? '') <= now)
        .map((e) => ({
            id: e.Id,
            kind: 'Event',
            activityDate: datePart(e.EndDateTime) ?? datePart(e.ActivityDate),
            subject: str(e.Subject),
            channel: 'Meeting',
            outcome: str(e.Outcome__c),
            ...contactOf(e.WhoId),
            ownerName: userName(e.OwnerId)
        }));
    const interactions = [...tasks, ...events]
        .sort((a, b) => desc(a.activityDate, b.activityDate))
        .slice(0, INTERACTION_LIMIT);

    const opportunities = rows('Opportunity')
        .filter((o) => o.AccountId === accountId && !bool(o.IsClosed))
        .sort((a, b) => String(a.CloseDate ?? '').localeCompare(String(b.CloseDate ?? '')))
        .map((o) => ({
            id: o.Id,
            name: str(o.Name) ?? o.Id,
            stageName: str(o.StageName),
            probability: num(o.Probability),
            amount: num(o.Amount),
            closeDate: datePart(o.CloseDate),
            type: str(o.Type)
        }));

    const cases = rows('Case')
        .filter((c) => c.AccountId === accountId && !bool(c.IsClosed))
        .sort((a, b) => desc(str(a.CreatedDate), str(b.CreatedDate)))
        .map((c) => ({
            id: c.Id,
            caseNumber: str(c.CaseNumber) ?? c.Id,
            subject: str(c.Subject),
            severity: str(c.Severity__c) ?? SEVERITY_BY_PRIORITY[String(c.Priority)] ?? null,
            status: str(c.Status),
            createdDate: str(c.CreatedDate),
            isEscalated: bool(c.IsEscalated)
        }));

    const usage = rows('Product_Usage__c')
        .filter((u) => u.Account__c === accountId)
        .sort((a, b) => desc(str(a.Period_Start__c), str(b.Period_Start__c)))
        .slice(0, USAGE_PERIODS)
        .reverse()
        .map((u) => ({
            periodStart: String(u.Period_Start__c),
            periodEnd: str(u.Period_End__c),
            activeUsers: num(u.Active_Users__c),
            licensedSeats: num(u.Licensed_Seats__c),
            featuresAdopted: num(u.Features_Adopted__c),
            featuresAvailable: num(u.Features_Available__c)
        }));

    return { contacts, interactions, opportunities, cases, usage };
}

function toRow(a: Row): PortfolioAccount {
    return {
        id: a.Id,
        name: String(a.Name),
        ownerName: userName(a.OwnerId),
        industry: str(a.Industry),
        region: str(a.BillingCountry),
        arr: num(a.ARR__c),
        score: num(a.Health_Score__c),
        band: str(a.Health_Band__c),
        bandSince: datePart(a.Health_Band_Since__c),
        trend: str(a.Health_Trend__c),
        scoreChange: num(a.Health_Score_Change__c),
        lifecycle: str(a.Lifecycle_Stage__c),
        attentionPriority: num(a.Attention_Priority__c),
        renewalDate: datePart(a.Renewal_Date__c),
        summary: str(a.Health_Summary__c)
    };
}

function distinct(accounts: Row[], field: string): FilterOption[] {
    return [...new Set(accounts.map((a) => str(a[field])).filter((v): v is string => v !== null))]
        .sort()
        .map((v) => ({ label: v, value: v }));
}

export function portfolio(filters: PortfolioFilters): PortfolioView {
    if (filters.scope !== 'team' && filters.scope !== 'all') {
        throw new Error(`Unknown portfolio scope "${String(filters.scope)}": use "team" or "all".`);
    }
    const me = currentUserId();
    const managerOf = new Map(rows('User').map((u) => [u.Id, str(u.ManagerId)]));
    const inScope = rows('Account').filter(
        (a) =>
            str(a.Health_Band__c) !== null &&
            (filters.scope === 'all' || a.OwnerId === me || managerOf.get(String(a.OwnerId)) === me)
    );
    const matches = (a: Row) =>
        (!filters.band || a.Health_Band__c === filters.band) &&
        (!filters.lifecycle || a.Lifecycle_Stage__c === filters.lifecycle) &&
        (!filters.region || a.BillingCountry === filters.region) &&
        (!filters.industry || a.Industry === filters.industry) &&
        (!filters.ownerId || a.OwnerId === filters.ownerId);
    const filtered = inScope.filter(matches);

    const ranked = [...filtered].sort(
        (a, b) =>
            (num(b.Attention_Priority__c) ?? -Infinity) - (num(a.Attention_Priority__c) ?? -Infinity) ||
            String(a.Name).localeCompare(String(b.Name))
    );
    const distribution: BandBucket[] = BAND_ORDER.map((band) => {
        const inBand = filtered.filter((a) => a.Health_Band__c === band);
        return {
            band,
            accountCount: inBand.length,
            arr: inBand.reduce((sum, a) => sum + (num(a.ARR__c) ?? 0), 0)
        };
    });
    const since = new Date(`${today()}T00:00:00Z`);
    since.setUTCDate(since.getUTCDate() - CHANGE_WINDOW_DAYS);
    const changedSince = since.toISOString().slice(0, 10);
    const bandChanges = filtered
        .filter((a) => (datePart(a.Health_Band_Since__c) ?? '') >= changedSince)
        .sort(
            (a, b) =>
                desc(datePart(a.Health_Band_Since__c), datePart(b.Health_Band_Since__c)) ||
                String(a.Name).localeCompare(String(b.Name))
        )
        .slice(0, FOCUS_LIMIT);
    const owners = [...new Set(inScope.map((a) => String(a.OwnerId)))]
        .map((id) => ({ label: userName(id) ?? id, value: id }))
        .sort((a, b) => a.label.localeCompare(b.label));

    return {
        accounts: ranked.slice(0, FOCUS_LIMIT).map(toRow),
        totalCount: filtered.length,
        distribution,
        bandChanges: bandChanges.map(toRow),
        industries: distinct(inScope, 'Industry'),
        regions: distinct(inScope, 'BillingCountry'),
        owners
    };
}

// ---------------------------------------------------------------- plays (Account360Plays)

const OPEN_PLAY_LIMIT = 20;

interface Playbook {
    key: string;
    band: string | null;
    trigger: string | null;
    assignee: string | null;
    subject: string | null;
    description: string | null;
    dueInDays: number;
    sortOrder: number;
    priority: string | null;
}

function playbooks(): Playbook[] {
    return rows('Health_Playbook__mdt').map((p) => ({
        key: p.Id,
        band: str(p.Band__c),
        trigger: str(p.Trigger__c),
        assignee: str(p.Assignee__c),
        subject: str(p.Subject__c),
        description: str(p.Description__c),
        dueInDays: num(p.Due_In_Days__c) ?? 0,
        sortOrder: num(p.Sort_Order__c) ?? 0,
        priority: str(p.Priority__c)
    }));
}

const isOpenPlay = (t: Row, accountId: string) =>
    (t.AccountId === accountId || t.WhatId === accountId) &&
    !bool(t.IsClosed) &&
    str(t.Health_Play_Key__c) !== null;

function toPlayTask(t: Row): PlayTaskView {
    return {
        id: t.Id,
        subject: str(t.Subject),
        playKey: str(t.Health_Play_Key__c),
        dueDate: datePart(t.ActivityDate),
        ownerName: userName(t.OwnerId),
        ownerId: str(t.OwnerId),
        priority: str(t.Priority)
    };
}

export function plays(accountId: string): PlaysView {
    const open = rows('Task')
        .filter((t) => isOpenPlay(t, accountId))
        .sort((a, b) => String(a.ActivityDate ?? '9999').localeCompare(String(b.ActivityDate ?? '9999')))
        .slice(0, OPEN_PLAY_LIMIT)
        .map(toPlayTask);
    if (open.length > 0) return { open, suggested: null };
    const account = rows('Account').find((a) => a.Id === accountId);
    const band = str(account?.Health_Band__c);
    const trigger = band === 'Green' && bool(account?.Expansion_Ready__c) ? 'Expansion' : 'Entered';
    if (band !== 'Red' && band !== 'Yellow' && trigger !== 'Expansion') return { open, suggested: null };
    const play = playbooks()
        .filter((p) => p.band === band && p.trigger === trigger && p.assignee === 'Owner')
        .sort((a, b) => a.sortOrder - b.sortOrder)[0];
    return {
        open,
        suggested: play
            ? {
                  key: play.key,
                  subject: play.subject,
                  description: play.description,
                  dueInDays: play.dueInDays
              }
            : null
    };
}

export function createPlay(accountId: string, playKey: string): PlayTaskView {
    const play = playbooks().find((p) => p.key === playKey);
    if (!play)
        throw new Error(
            `There is no active play "${playKey}". Ask your administrator to check the playbook.`
        );
    const existing = rows('Task').find((t) => isOpenPlay(t, accountId) && t.Health_Play_Key__c === playKey);
    if (existing) return toPlayTask(existing);
    const account = rows('Account').find((a) => a.Id === accountId);
    const due = new Date(`${today()}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() + play.dueInDays);
    const task: Row = {
        Id: `00TPLAY${String(rows('Task').length).padStart(11, '0')}`,
        WhatId: accountId,
        AccountId: accountId,
        OwnerId: account?.OwnerId ?? currentUserId(),
        Subject: play.subject,
        Description: play.description,
        ActivityDate: due.toISOString().slice(0, 10),
        Priority: play.priority ?? 'Normal',
        Status: 'Not Started',
        IsClosed: false,
        Health_Play_Key__c: play.key
    };
    org().records.Task = [...rows('Task'), task];
    return toPlayTask(task);
}

export function completePlay(taskId: string, outcome: string): void {
    if (!['Positive', 'Neutral', 'Negative'].includes(outcome)) {
        throw new Error('Choose how it went (Positive, Neutral or Negative) to mark the play done.');
    }
    const task = rows('Task').find((t) => t.Id === taskId && str(t.Health_Play_Key__c) !== null);
    if (!task) throw new Error('This play task is not visible to you (or is not a play task).');
    Object.assign(task, { Status: 'Completed', IsClosed: true, Outcome__c: outcome });
}

/** Every Apex method the components import, by "Class.method", with the controller's parameter names. */
export const APEX_METHODS: Record<string, (params: Record<string, unknown>) => unknown> = {
    'Account360Controller.getAccount360': (p) => account360(String(p.accountId)),
    'Account360Controller.getPlays': (p) => plays(String(p.accountId)),
    'Account360Controller.createPlay': (p) => createPlay(String(p.accountId), String(p.playKey)),
    'Account360Controller.completePlay': (p) => completePlay(String(p.taskId), String(p.outcome)),
    'HealthPortfolioController.getPortfolio': (p) => portfolio(p.filters as PortfolioFilters)
};
