/**
 * The two Apex controllers, re-implemented over the preview org with the same rules as the Apex services
 * (Account360Service, HealthPortfolioService): same ordering, limits, mappings and "team" definition, so the
 * components render in the browser what they render in an org. The Apex tests are the reference.
 */
import type {
    Account360View,
    BandChangeRow,
    FilterOption,
    InteractionView,
    PortfolioAccount,
    PlaysView,
    PlayTaskView,
    PortfolioFilters,
    PortfolioForecast,
    PortfolioSummary,
    PortfolioView,
    WeekBucket
} from '../../../force-app/main/default/lwc/healthUtils/healthUtils';
import { bool, currentUserId, num, org, rows, str, today, userName } from './org';
import type { Row } from './org';

const INTERACTION_LIMIT = 25;
/** The preview org is single-currency (as the project's scratch org): HealthCurrency falls back to it. */
const ORG_CURRENCY = 'USD';
const RECENT_DAYS = 30;
const FORECAST_DAYS = 90;
/** HealthPortfolioForecast's deal-size ranges (the same as the portfolio's deal-size filter). */
const SIZE_RANGES: [string, number, number | null][] = [
    ['Under 50K', 0, 50000],
    ['50K to 250K', 50000, 250000],
    ['250K to 1M', 250000, 1000000],
    ['Over 1M', 1000000, null]
];
const USAGE_PERIODS = 12;
const CHANGE_WINDOW_DAYS = 7;
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
    const all = [...tasks, ...events].sort((a, b) => desc(a.activityDate, b.activityDate));
    const interactions = all.slice(0, INTERACTION_LIMIT);
    const on = today();
    const upcoming: InteractionView[] = [
        ...rows('Task')
            .filter(
                (t) =>
                    isOn(t) &&
                    !bool(t.IsClosed) &&
                    t.Status !== 'Completed' &&
                    (datePart(t.ActivityDate) ?? '') >= on
            )
            .map((t) => ({
                id: t.Id,
                kind: 'Task',
                activityDate: datePart(t.ActivityDate),
                subject: str(t.Subject),
                channel: taskChannel(t.TaskSubtype, t.Type),
                outcome: null,
                ...contactOf(t.WhoId),
                ownerName: userName(t.OwnerId)
            })),
        ...rows('Event')
            .filter((e) => isOn(e) && (str(e.StartDateTime) ?? '') >= now)
            .map((e) => ({
                id: e.Id,
                kind: 'Event',
                activityDate: datePart(e.StartDateTime),
                subject: str(e.Subject),
                channel: 'Meeting',
                outcome: null,
                ...contactOf(e.WhoId),
                ownerName: userName(e.OwnerId)
            }))
    ]
        .sort((a, b) => (a.activityDate ?? '').localeCompare(b.activityDate ?? ''))
        .slice(0, 3);

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
            type: str(o.Type),
            currencyCode: str(o.CurrencyIsoCode) ?? ORG_CURRENCY
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

    return {
        contacts,
        interactions,
        opportunities,
        cases,
        usage,
        upcoming,
        interactionTotal: all.length,
        errors: {}
    };
}

const RANK: Record<string, number> = { Red: 0, Yellow: 1, Green: 2 };
const PAGE_SIZE = 50;
const MAX_OFFSET = 2000;
const WEEKS = 12;
const CARRY_DAYS = 35;
const CHANGE_LIST_LIMIT = 10;
const SORT_FIELDS: Record<string, string> = {
    priority: 'Attention_Priority__c',
    arr: 'ARR__c',
    renewal: 'Renewal_Date__c',
    change: 'Health_Score_Change__c',
    score: 'Health_Score__c',
    name: 'Name'
};

function addDays(iso: string, days: number): string {
    const d = new Date(`${iso}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
}

interface Change {
    fromBand: string | null;
    toBand: string | null;
    direction: 'dropped' | 'improved' | 'changed';
    since: string;
}

/** HealthPortfolioSignals.recentChanges: from the newest snapshot before the band began; first scorings excluded. */
function recentChanges(inScope: Row[]): Map<string, Change> {
    const changedSince = addDays(today(), -CHANGE_WINDOW_DAYS);
    const result = new Map<string, Change>();
    for (const a of inScope) {
        const since = datePart(a.Health_Band_Since__c);
        if (!since || since < changedSince) continue;
        const before = rows('Account_Health_Snapshot__c')
            .filter((s) => s.Account__c === a.Id && String(s.As_Of__c) < since)
            .sort((x, y) => String(y.As_Of__c).localeCompare(String(x.As_Of__c)))[0];
        if (!before) continue;
        const fromBand = str(before.Band__c);
        const toBand = str(a.Health_Band__c);
        if (fromBand === toBand) continue;
        const known = fromBand !== null && toBand !== null && fromBand in RANK && toBand in RANK;
        const direction = !known ? 'changed' : RANK[toBand]! < RANK[fromBand]! ? 'dropped' : 'improved';
        result.set(a.Id, { fromBand, toBand, direction, since });
    }
    return result;
}

/** HealthPortfolioSignals.openPlays: the earliest-due open play per account. */
function openPlays(): Map<string, Row> {
    const result = new Map<string, Row>();
    rows('Task')
        .filter((t) => !bool(t.IsClosed) && str(t.Health_Play_Key__c) !== null)
        .sort((a, b) => String(a.ActivityDate ?? '9999').localeCompare(String(b.ActivityDate ?? '9999')))
        .forEach((t) => {
            const accountId = String(t.AccountId ?? t.WhatId ?? '');
            if (accountId && !result.has(accountId)) result.set(accountId, t);
        });
    return result;
}

function scoped(scope: string): Row[] {
    const me = currentUserId();
    const managerOf = new Map(rows('User').map((u) => [u.Id, str(u.ManagerId)]));
    return rows('Account').filter(
        (a) =>
            str(a.Health_Band__c) !== null &&
            (scope === 'all' || a.OwnerId === me || managerOf.get(String(a.OwnerId)) === me)
    );
}

function requireScope(scope: unknown): void {
    if (scope !== 'team' && scope !== 'all') {
        throw new Error(`Unknown portfolio scope "${String(scope)}": use "team" or "all".`);
    }
}

function toRow(a: Row, play: Row | undefined, change: Change | undefined): PortfolioAccount {
    return {
        id: a.Id,
        name: String(a.Name),
        ownerName: userName(a.OwnerId),
        arr: num(a.ARR__c),
        score: num(a.Health_Score__c),
        band: str(a.Health_Band__c),
        trend: str(a.Health_Trend__c),
        scoreChange: num(a.Health_Score_Change__c),
        lifecycle: str(a.Lifecycle_Stage__c),
        attentionPriority: num(a.Attention_Priority__c),
        renewalDate: datePart(a.Renewal_Date__c),
        nextStep: play
            ? {
                  subject: str(play.Subject),
                  dueDate: datePart(play.ActivityDate),
                  ownerName: userName(play.OwnerId)
              }
            : null,
        changedFrom: change?.fromBand ?? null,
        changeDirection: change?.direction ?? null,
        recent: recentScores(a)
    };
}

/** HealthPortfolioService.Recent: the snapshots' scores of the last 30 days before today, then today's. */
function recentScores(a: Row): { scores: number[]; change: number | null } {
    const on = today();
    const since = addDays(on, -RECENT_DAYS);
    const scores = rows('Account_Health_Snapshot__c')
        .filter((s) => s.Account__c === a.Id && String(s.As_Of__c) >= since && String(s.As_Of__c) < on)
        .sort((x, y) => String(x.As_Of__c).localeCompare(String(y.As_Of__c)))
        .map((s) => num(s.Score__c))
        .filter((v): v is number => v !== null);
    const now = num(a.Health_Score__c);
    if (now === null) return { scores, change: null };
    return { scores: [...scores, now], change: scores.length > 0 ? now - (scores[0] ?? now) : null };
}

/** HealthPortfolioHistory.runDayFor: the newest day within 35 days holding at least half the fullest's snapshots. */
export function runDayFor(days: Map<string, number>, day: string): string | null {
    const earliest = addDays(day, -CARRY_DAYS);
    const window = [...days].filter(([d]) => d <= day && d > earliest);
    const fullest = Math.max(0, ...window.map(([, n]) => n));
    const full = window.filter(([, n]) => n * 2 >= fullest).map(([d]) => d);
    return full.sort().pop() ?? null;
}

type ForecastLine = PortfolioForecast['total'];

/** HealthPortfolioForecast.load: ARR up for renewal in 90 days against the expected retained ARR. */
function forecast(inScope: Row[]): PortfolioForecast {
    const on = today();
    const to = addDays(on, FORECAST_DAYS);
    const calibrated = inScope.some((a) => num(a.Renewal_Probability__c) !== null);
    const renewing = inScope.filter((a) => {
        const r = datePart(a.Renewal_Date__c);
        return r !== null && r >= on && r <= to;
    });
    const line = (label: string, value: string | null, accounts: Row[]): ForecastLine => {
        const covered = accounts.filter((a) => num(a.Renewal_Probability__c) !== null);
        const sum = (list: Row[], field: string) =>
            list.reduce((total, a) => total + (num(a[field]) ?? 0), 0);
        return {
            label,
            value,
            accounts: accounts.length,
            arrUp: sum(accounts, 'ARR__c'),
            arrWithProbability: calibrated ? sum(covered, 'ARR__c') : null,
            expected: calibrated ? sum(covered, 'Expected_Retained_ARR__c') : null,
            accountsWithoutProbability: calibrated ? accounts.length - covered.length : 0
        };
    };
    const by = (key: (a: Row) => string, label: (k: string) => string): ForecastLine[] => {
        const groups = new Map<string, Row[]>();
        for (const a of renewing) groups.set(key(a), [...(groups.get(key(a)) ?? []), a]);
        return [...groups]
            .map(([k, list]) => line(label(k), k, list))
            .sort((x, y) => y.arrUp - x.arrUp)
            .slice(0, 25);
    };
    return {
        calibrated,
        windowDays: FORECAST_DAYS,
        currencyCode: ORG_CURRENCY,
        total: line('All accounts', null, renewing),
        byOwner: by(
            (a) => String(a.OwnerId),
            (id) => userName(id) ?? id
        ),
        bySize: SIZE_RANGES.map(([label, from, upTo], i) =>
            line(
                label,
                String(i),
                renewing.filter((a) => {
                    const arr = num(a.ARR__c);
                    return arr !== null && arr >= from && (upTo === null || arr < upTo);
                })
            )
        ).filter((l) => l.accounts > 0),
        byIndustry: by(
            (a) => str(a.Industry) ?? '',
            (k) => k || 'Not set'
        )
    };
}

function distinct(accounts: Row[], field: string): FilterOption[] {
    return [...new Set(accounts.map((a) => str(a[field])).filter((v): v is string => v !== null))]
        .sort()
        .map((v) => ({ label: v, value: v }));
}

/** HealthPortfolioService.load: filtered, sorted and paged on the "server". */
export function portfolio(filters: PortfolioFilters): PortfolioView {
    requireScope(filters.scope);
    const inScope = scoped(filters.scope);
    const changes = recentChanges(inScope);
    const plays = openPlays();
    const on = today();
    const renewTo = filters.renewalWithinDays != null ? addDays(on, filters.renewalWithinDays) : null;
    const owners = filters.ownerIds ?? [];
    const matches = (a: Row) => {
        const arr = num(a.ARR__c);
        const renewal = datePart(a.Renewal_Date__c);
        return (
            (!filters.band || filters.band.split(',').includes(String(a.Health_Band__c))) &&
            (!filters.lifecycle || a.Lifecycle_Stage__c === filters.lifecycle) &&
            (!filters.region || a.BillingCountry === filters.region) &&
            (!filters.industry || a.Industry === filters.industry) &&
            (!filters.ownerId || a.OwnerId === filters.ownerId) &&
            (owners.length === 0 || owners.includes(String(a.OwnerId))) &&
            (filters.arrMin == null || (arr !== null && arr >= filters.arrMin)) &&
            (filters.arrMax == null || (arr !== null && arr <= filters.arrMax)) &&
            (renewTo === null || (renewal !== null && renewal >= on && renewal <= renewTo)) &&
            (!filters.change || changes.get(a.Id)?.direction === filters.change) &&
            (filters.plan !== 'none' ||
                ((a.Health_Band__c === 'Yellow' || a.Health_Band__c === 'Red') && !plays.has(a.Id)))
        );
    };
    const filtered = inScope.filter(matches);
    const field = SORT_FIELDS[filters.sortBy ?? 'priority'] ?? 'Attention_Priority__c';
    const dir = filters.sortDirection === 'asc' ? 1 : -1;
    const value = (a: Row) => (field === 'Name' ? String(a.Name) : (num(a[field]) ?? str(a[field])));
    const sorted = [...filtered].sort((a, b) => {
        const x = value(a);
        const y = value(b);
        if (x === null && y !== null) return 1;
        if (y === null && x !== null) return -1;
        const order = x === null || y === null ? 0 : x < y ? -1 : x > y ? 1 : 0;
        return order * dir || String(a.Name).localeCompare(String(b.Name));
    });
    const offset = Math.max(0, Math.min(filters.offset ?? 0, MAX_OFFSET));
    return {
        accounts: sorted
            .slice(offset, offset + PAGE_SIZE)
            .map((a) => toRow(a, plays.get(a.Id), changes.get(a.Id))),
        totalCount: filtered.length,
        offset,
        pageSize: PAGE_SIZE,
        currencyCode: ORG_CURRENCY
    };
}

/** HealthPortfolioSummary.load: the headline of a scope, independent of the table filters. */
export function portfolioSummary(scope: string): PortfolioSummary {
    requireScope(scope);
    const inScope = scoped(scope);
    const on = today();
    const arr = (a: Row) => num(a.ARR__c) ?? 0;
    const atRisk = (band: unknown) => band === 'Yellow' || band === 'Red';
    const plays = openPlays();
    const changes = recentChanges(inScope);
    const renewTo = addDays(on, 90);
    const redRenewing = inScope.filter((a) => {
        const r = datePart(a.Renewal_Date__c);
        return a.Health_Band__c === 'Red' && r !== null && r >= on && r <= renewTo;
    });
    // HealthPortfolioHistory: each date reads the snapshots of the newest full sync day within 35 days, with
    // today's ARR of their accounts (the Apex sums Account__r.ARR__c with GROUP BY).
    const start = addDays(on, -7 * (WEEKS - 1) - CARRY_DAYS);
    const ids = new Set(inScope.map((a) => a.Id));
    const arrOf = new Map(inScope.map((a) => [a.Id, arr(a)]));
    const snapshots = rows('Account_Health_Snapshot__c').filter((s) => {
        const asOf = String(s.As_Of__c);
        return ids.has(String(s.Account__c)) && asOf >= start && asOf <= on;
    });
    const runDays = new Map<string, number>();
    for (const s of snapshots) runDays.set(String(s.As_Of__c), (runDays.get(String(s.As_Of__c)) ?? 0) + 1);
    const bucketAt = (day: string): WeekBucket => {
        const bucket: WeekBucket = {
            weekEnding: day,
            red: 0,
            yellow: 0,
            green: 0,
            unknown: 0,
            redArr: 0,
            yellowArr: 0,
            greenArr: 0,
            unknownArr: 0,
            hasArr: true
        };
        const runDay = runDayFor(runDays, day);
        for (const s of snapshots) {
            if (String(s.As_Of__c) !== runDay) continue;
            const key = (
                ['Red', 'Yellow', 'Green'].includes(String(s.Band__c))
                    ? String(s.Band__c).toLowerCase()
                    : 'unknown'
            ) as 'red' | 'yellow' | 'green' | 'unknown';
            bucket[key] += 1;
            bucket[`${key}Arr`] += arrOf.get(String(s.Account__c)) ?? 0;
        }
        return bucket;
    };
    const trend = Array.from({ length: WEEKS }, (_, i) => bucketAt(addDays(on, -7 * (WEEKS - 1 - i))));
    const monthAgo = bucketAt(addDays(on, -30));
    const hadSnapshots = monthAgo.red + monthAgo.yellow + monthAgo.green + monthAgo.unknown > 0;
    const changeRows = (direction: string): BandChangeRow[] =>
        inScope
            .filter((a) => changes.get(a.Id)?.direction === direction)
            .sort((a, b) => arr(b) - arr(a) || String(a.Name).localeCompare(String(b.Name)))
            .map((a) => {
                const c = changes.get(a.Id);
                return {
                    id: a.Id,
                    name: String(a.Name),
                    fromBand: c?.fromBand ?? null,
                    toBand: c?.toBand ?? null,
                    arr: num(a.ARR__c),
                    ownerName: userName(a.OwnerId),
                    since: c?.since ?? null
                };
            });
    const dropped = changeRows('dropped');
    const improved = changeRows('improved');
    const owners = [...new Set(inScope.map((a) => String(a.OwnerId)))]
        .map((id) => ({ label: userName(id) ?? id, value: id }))
        .sort((a, b) => a.label.localeCompare(b.label));
    return {
        tiles: {
            accountCount: inScope.length,
            arrTotal: inScope.reduce((sum, a) => sum + arr(a), 0),
            arrYellowRed: inScope.filter((a) => atRisk(a.Health_Band__c)).reduce((sum, a) => sum + arr(a), 0),
            arrYellowRed30DaysAgo: hadSnapshots ? monthAgo.redArr + monthAgo.yellowArr : null,
            redArrRenewing90: redRenewing.reduce((sum, a) => sum + arr(a), 0),
            redRenewing90Count: redRenewing.length,
            droppedThisWeek: dropped.length,
            improvedThisWeek: improved.length,
            noPlanCount: inScope.filter((a) => atRisk(a.Health_Band__c) && !plays.has(a.Id)).length
        },
        trend,
        trendPartial: false,
        trendArrPartial: false,
        currencyCode: ORG_CURRENCY,
        rowCurrencyCode: ORG_CURRENCY,
        forecast: forecast(inScope),
        dropped: dropped.slice(0, CHANGE_LIST_LIMIT),
        improved: improved.slice(0, CHANGE_LIST_LIMIT),
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
    delivery: string | null;
    replaces: string | null;
}

/** Active plays in sort order, as the flows' Get_Active_Plays and Account360Plays.activePlays read them. */
function playbooks(): Playbook[] {
    return rows('Health_Playbook__mdt')
        .filter((p) => p.Active__c === undefined || bool(p.Active__c))
        .map((p) => ({
            key: p.Id,
            band: str(p.Band__c),
            trigger: str(p.Trigger__c),
            assignee: str(p.Assignee__c),
            subject: str(p.Subject__c),
            description: str(p.Description__c),
            dueInDays: num(p.Due_In_Days__c) ?? 0,
            sortOrder: num(p.Sort_Order__c) ?? 0,
            priority: str(p.Priority__c),
            delivery: str(p.Delivery__c),
            replaces: str(p.Replaces__c)
        }))
        .sort((a, b) => a.sortOrder - b.sortOrder);
}

/** Account360PlaySelection.createsTask: blank, Task, or Task and Notification (the flows' Play_Creates_Task). */
const createsTask = (p: Playbook) =>
    p.delivery === null || p.delivery === 'Task' || p.delivery === 'Task and Notification';
/** Account360PlaySelection.replacedKeys: the plays an active play names in Replaces__c. */
const replacedKeys = (active: Playbook[]) =>
    new Set(active.map((p) => p.replaces).filter((k): k is string => k !== null));

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
    const active = playbooks();
    const replaced = replacedKeys(active);
    const play = active.find(
        (p) =>
            p.band === band &&
            p.trigger === trigger &&
            p.assignee !== "Owner's Manager" &&
            !replaced.has(p.key) &&
            createsTask(p)
    );
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
    const active = playbooks();
    const play = active.find((p) => p.key === playKey);
    if (!play)
        throw new Error(
            `There is no active play "${playKey}". Ask your administrator to check the playbook.`
        );
    const replacement = active.find((p) => p.replaces === playKey);
    if (replacement)
        throw new Error(`The play "${playKey}" is replaced by "${replacement.key}". Refresh to see it.`);
    if (!createsTask(play))
        throw new Error(`The play "${playKey}" is delivered as a notification only, so it creates no task.`);
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

/** HealthMovementController.getMovement: the latest snapshot and the one nearest on or before `days` earlier. */
export function movement(accountId: string, days: number) {
    const window = Number.isFinite(days) && days >= 1 && days <= 366 ? days : 30;
    const snapshots = rows('Account_Health_Snapshot__c')
        .filter((s) => s.Account__c === accountId && datePart(s.As_Of__c))
        .sort((a, b) => desc(datePart(a.As_Of__c), datePart(b.As_Of__c)));
    const point = (s: Row | undefined) =>
        s
            ? {
                  asOf: datePart(s.As_Of__c) as string,
                  score: num(s.Score__c),
                  band: str(s.Band__c),
                  modelVersion: str(s.Model_Version__c),
                  topDrivers: str(s.Top_Drivers__c)
              }
            : null;
    const latest = snapshots[0];
    if (!latest) return { current: null, previous: null, days: window };
    const since = new Date(`${datePart(latest.As_Of__c)}T00:00:00Z`);
    since.setUTCDate(since.getUTCDate() - window);
    const cutoff = since.toISOString().slice(0, 10);
    return {
        current: point(latest),
        previous: point(snapshots.find((s) => (datePart(s.As_Of__c) ?? '') <= cutoff)),
        days: window
    };
}

/** Every Apex method the components import, by "Class.method", with the controller's parameter names. */
/** HealthAdminController.getConfiguration over the preview org's custom metadata (same ordering as the SOQL). */
function adminConfiguration() {
    const byText = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '');
    const nullsLast = (a: number | null, b: number | null) =>
        (a ?? Number.POSITIVE_INFINITY) - (b ?? Number.POSITIVE_INFINITY);
    return {
        models: rows('Health_Model__mdt')
            .map((m) => ({
                name: m.Id,
                label: str(m.Label) ?? m.Id.replace(/_/g, ' '),
                version: str(m.Model_Version__c),
                active: bool(m.Active__c),
                usageWeight: num(m.Usage_Weight__c),
                relationshipWeight: num(m.Relationship_Weight__c),
                supportWeight: num(m.Support_Weight__c),
                commercialWeight: num(m.Commercial_Weight__c),
                greenThreshold: num(m.Green_Threshold__c),
                redThreshold: num(m.Red_Threshold__c)
            }))
            .sort((a, b) => byText(b.version, a.version)),
        segments: rows('Health_Segment__mdt')
            .map((g) => ({
                name: g.Id,
                label: g.Id.replace(/_/g, ' '),
                active: bool(g.Active__c),
                priority: num(g.Priority__c),
                model: str(g.Model__c),
                criteria: str(g.Criteria__c)
            }))
            .sort((a, b) => nullsLast(a.priority, b.priority)),
        signals: rows('Health_Signal__mdt')
            .map((g) => ({
                name: g.Id,
                label: str(g.Label) ?? g.Id.replace(/_/g, ' '),
                active: bool(g.Active__c),
                source: `${str(g.Object__c) ?? ''}${str(g.Field__c) ? `.${str(g.Field__c)}` : ''}`,
                reading: `${str(g.Aggregation__c) ?? ''}${num(g.Window_Days__c) === null ? '' : `, ${num(g.Window_Days__c)} days`}`,
                direction: str(g.Direction__c),
                dimension: str(g.Dimension__c),
                weight: num(g.Weight__c)
            }))
            .sort((a, b) => byText(a.label, b.label)),
        plays: rows('Health_Playbook__mdt')
            .map((p) => ({
                name: p.Id,
                label: p.Id.replace(/_/g, ' '),
                active: p.Active__c === undefined || bool(p.Active__c),
                firesOn: str(p.Trigger__c),
                band: str(p.Band__c),
                assignee: str(p.Assignee__c),
                subject: str(p.Subject__c),
                sortOrder: num(p.Sort_Order__c)
            }))
            .sort((a, b) => nullsLast(a.sortOrder, b.sortOrder))
    };
}

/** HealthAdminController.getPreviews: each draft's latest run, newest first, biggest drop first (500 rows). */
function adminPreviews() {
    const sorted = [...rows('Health_Model_Preview__c')].sort(
        (a, b) =>
            (str(b.Previewed_At__c) ?? '').localeCompare(str(a.Previewed_At__c) ?? '') ||
            (num(a.Score_Change__c) ?? Number.POSITIVE_INFINITY) -
                (num(b.Score_Change__c) ?? Number.POSITIVE_INFINITY)
    );
    const latest = new Map<string, string | null>();
    return sorted.slice(0, 500).flatMap((p) => {
        const draft = str(p.Draft_Model__c) ?? '';
        if (!latest.has(draft)) latest.set(draft, str(p.Previewed_At__c));
        if (latest.get(draft) !== str(p.Previewed_At__c)) return [];
        const account = rows('Account').find((a) => a.Id === p.Account__c);
        return [
            {
                id: p.Id,
                accountId: str(p.Account__c),
                accountName: account ? str(account.Name) : null,
                draft: str(p.Draft_Model__c),
                currentScore: num(p.Current_Score__c),
                currentBand: str(p.Current_Band__c),
                draftScore: num(p.Draft_Score__c),
                draftBand: str(p.Draft_Band__c),
                change: num(p.Score_Change__c),
                topChange: str(p.Top_Change__c),
                previewedAt: str(p.Previewed_At__c)
            }
        ];
    });
}

export const APEX_METHODS: Record<string, (params: Record<string, unknown>) => unknown> = {
    'HealthAdminController.getConfiguration': () => adminConfiguration(),
    'HealthAdminController.getPreviews': () => adminPreviews(),
    'Account360Controller.getAccount360': (p) => account360(String(p.accountId)),
    'Account360Controller.getPlays': (p) => plays(String(p.accountId)),
    'Account360Controller.createPlay': (p) => createPlay(String(p.accountId), String(p.playKey)),
    'Account360Controller.completePlay': (p) => completePlay(String(p.taskId), String(p.outcome)),
    'HealthPortfolioController.getPortfolio': (p) => portfolio(p.filters as PortfolioFilters),
    'HealthPortfolioController.getPortfolioSummary': (p) => portfolioSummary(String(p.scope)),
    'HealthMovementController.getMovement': (p) => movement(String(p.accountId), Number(p.days))
};
