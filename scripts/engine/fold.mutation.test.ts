// Pins AccountFold (fold.ts) directly: what it keeps of each record, against the point-in-time rules of
// docs/engine.md ("Point in time": activities dated on or before T, cases opened on or before T and open if
// closed after T, opportunities created on or before T, usage periods that ended by T, snapshots before T) and
// "Bands, hysteresis, trend" (the previous band is the latest snapshot before T; the trend compares with the
// snapshot nearest on or before T - 30 days). fold.pinning.test.ts pins the same through scoreAccount.
import { DEFAULT_MODEL_CONFIG, parseModelConfig } from './config';
import { ContactStore } from './contact';
import { dayNumber } from './dates';
import { AccountFold, foldAccount, headerOf } from './fold';
import {
    AS_OF,
    activity,
    contact,
    daysAgo,
    emptyAccount,
    opportunity,
    supportCase,
    usagePeriod
} from './fixtures';
import type { AccountInput } from './types';

const T = dayNumber(AS_OF);
const fold = (overrides: Partial<AccountInput> = {}, config = DEFAULT_MODEL_CONFIG) =>
    foldAccount(emptyAccount('f', overrides), config, T);

describe('AccountFold: point in time', () => {
    it('drops every record dated after T and counts it; a record dated T is kept', () => {
        const f = fold({
            contacts: [contact('c', 'User')],
            activities: [activity('c', -1, 'Call', 'Positive'), activity('c', 0, 'Call', 'Positive')],
            opportunities: [opportunity('late', { createdDate: daysAgo(-1), closeDate: daysAgo(-30) })],
            cases: [supportCase('late', { createdDate: daysAgo(-1), closedDate: null })],
            usage: [usagePeriod(-1), usagePeriod(0)],
            snapshots: [
                { asOf: daysAgo(-1), score: 50, band: 'Yellow' },
                { asOf: AS_OF, score: 50, band: 'Yellow' }
            ]
        });
        // one activity, opportunity, case, usage period and snapshot after T (a snapshot of T itself is neither)
        expect(f.ignoredAfterAsOf).toBe(5);
        expect(f.contacts[0]?.acc.activityCount).toBe(1);
        expect(f.opportunityCount).toBe(0);
        expect(f.caseCount).toBe(0);
        expect(f.latestUsageEnd).toBe(T);
        expect(f.lastSnapshot).toBeNull();
        const on = new AccountFold(headerOf(emptyAccount('g')), DEFAULT_MODEL_CONFIG, T);
        expect(on.addActivityOn(T + 1, activity(null, -1, 'Call', null), null)).toBe(false);
        expect(on.addActivityOn(T, activity(null, 0, 'Call', null), null)).toBe(true);
        expect(on.unlinked?.activityCount).toBe(1);
    });

    it('activities without a contact (or with an unknown contact) fold into one unlinked accumulator', () => {
        const f = fold({
            contacts: [contact('c', 'User')],
            activities: [
                activity(null, 1, 'Call', 'Positive'),
                activity('nobody', 2, 'Meeting', null),
                activity('c', 3, 'Email', 'Neutral')
            ]
        });
        expect(f.unlinked?.activityCount).toBe(2);
        expect(f.contacts.map((c) => [c.input.id, c.acc.activityCount])).toEqual([['c', 1]]);
        expect(fold({ activities: [] }).unlinked).toBeNull();
        expect(() => f.unlinkedRow()).toThrow('AccountFold.unlinkedRow() needs ContactRows');
    });

    it('with ContactRows: contacts are the store rows, made when read, and the unlinked row is made once', () => {
        const store = new ContactStore();
        const inputs = [contact('a', 'User', 'Ann'), contact('b', 'Decision Maker', 'Bo')];
        const rows = inputs.map((c) => store.addContact(c.id));
        const f = new AccountFold(headerOf(emptyAccount('r')), DEFAULT_MODEL_CONFIG, T, {
            store,
            input: (row: number) => inputs[row] as (typeof inputs)[number]
        });
        expect(f.unlinked).toBeNull();
        f.addContactRow(rows[0] as number);
        expect(f.contacts.map((c) => c.input.name)).toEqual(['Ann']);
        f.addContactRow(rows[1] as number);
        expect(f.contacts.map((c) => c.input.name)).toEqual(['Ann', 'Bo']);
        const row = f.unlinkedRow();
        expect(f.unlinkedRow()).toBe(row);
        expect(store.length).toBe(3);
        expect(f.unlinked?.activityCount).toBe(0);
        f.release();
        expect(f.contacts).toHaveLength(2);
    });
});

describe('AccountFold: opportunities', () => {
    it('counts wins closed by T (first and latest), and reads anything else as open at T', () => {
        const f = fold({
            opportunities: [
                opportunity('w1', { closeDate: daysAgo(300) }),
                opportunity('w2', { closeDate: daysAgo(30) }),
                opportunity('w0', { closeDate: daysAgo(500), createdDate: null }),
                opportunity('lost', { isWon: false, closeDate: daysAgo(20) }),
                opportunity('later', { closeDate: daysAgo(-5), name: null, kind: 'renewal' }),
                opportunity('open', {
                    isClosed: false,
                    isWon: false,
                    closeDate: daysAgo(-5),
                    name: 'Big deal',
                    kind: 'expansion'
                }),
                opportunity('open2', {
                    isClosed: false,
                    isWon: false,
                    closeDate: daysAgo(-5),
                    name: 'Second',
                    kind: 'new'
                })
            ]
        });
        expect(f.opportunityCount).toBe(7);
        expect(f.wonCount).toBe(3);
        expect(f.lastWinDay).toBe(T - 30);
        expect(f.firstWinDay).toBe(T - 500);
        expect(f.openOpportunityCount).toBe(3);
        expect(f.openPipelineCount).toBe(2);
        expect(f.firstOpenOpportunityName).toBe('later');
        expect(f.firstOpenPipelineName).toBe('Big deal');
        const unnamed = fold({
            opportunities: [opportunity('id-1', { isClosed: false, isWon: false, name: null, kind: 'new' })]
        });
        expect([unnamed.firstOpenPipelineName, unnamed.firstOpenOpportunityName]).toEqual(['id-1', 'id-1']);
        expect(fold().lastWinDay).toBe(Number.NEGATIVE_INFINITY);
        expect(fold().firstWinDay).toBe(Number.POSITIVE_INFINITY);
    });
});

describe('AccountFold: cases', () => {
    it('keeps open cases with their fields; a CSAT that is not a number is no CSAT', () => {
        const f = fold({
            cases: [
                supportCase('A', {
                    caseNumber: null,
                    subject: 'Login',
                    closedDate: null,
                    severity: 'Sev2',
                    escalated: true,
                    csat: Number.NaN
                }),
                supportCase('B', { closedDate: daysAgo(-2), csat: 2 }),
                supportCase('C', { closedDate: daysAgo(3), csat: Number.NaN })
            ]
        });
        expect(f.openCases).toEqual([
            { id: 'A', caseNumber: null, subject: 'Login', severity: 'Sev2', escalated: true, csat: null },
            { id: 'B', caseNumber: 'B', subject: null, severity: 'Sev3', escalated: false, csat: 2 }
        ]);
        expect([f.csatCount, f.csatSum, f.resolutionCount]).toEqual([0, 0, 1]);
    });

    it('resolution: days from open to close on cases closed in the last 180 days, never negative', () => {
        const f = fold({
            cases: [
                supportCase('a', { createdDate: daysAgo(100), closedDate: daysAgo(90), csat: 5 }),
                supportCase('b', { createdDate: daysAgo(50), closedDate: daysAgo(52), csat: 3 }),
                supportCase('c', { createdDate: daysAgo(200), closedDate: daysAgo(180), csat: 1 }),
                supportCase('d', { createdDate: daysAgo(200), closedDate: daysAgo(179), csat: 1 })
            ]
        });
        expect([f.resolutionDaysSum, f.resolutionCount]).toEqual([10 + 0 + 21, 3]);
        expect([f.csatSum, f.csatCount]).toEqual([9, 3]);
    });

    it('volume: the last 90 days and the 275 before; a case older than a year counts only while open', () => {
        const f = fold({
            cases: [89, 90, 364, 365].map((ago) =>
                supportCase(`c${ago}`, { createdDate: daysAgo(ago), closedDate: daysAgo(ago - 1) })
            )
        });
        expect([f.casesRecent, f.casesBaseline, f.caseCount]).toEqual([1, 2, 3]);
    });

    it('the recent Sev1 is the latest opened within sev1RecentDays', () => {
        const f = fold({
            cases: [
                supportCase('s14', { caseNumber: '14', createdDate: daysAgo(14), severity: 'Sev1' }),
                supportCase('s3', { caseNumber: '3', createdDate: daysAgo(3), severity: 'Sev1' }),
                supportCase('s9', { caseNumber: null, createdDate: daysAgo(9), severity: 'Sev1' }),
                supportCase('s15', { createdDate: daysAgo(15), severity: 'Sev1' }),
                supportCase('s2', { createdDate: daysAgo(2), severity: 'Sev2' })
            ]
        });
        expect(f.recentSev1).toEqual({ id: 's3', caseNumber: '3', day: T - 3 });
        const only14 = fold({ cases: [supportCase('s14', { createdDate: daysAgo(14), severity: 'Sev1' })] });
        expect(only14.recentSev1?.id).toBe('s14');
        const wider = fold(
            { cases: [supportCase('s15', { createdDate: daysAgo(15), severity: 'Sev1' })] },
            parseModelConfig({ sev1RecentDays: 15 })
        );
        expect(wider.recentSev1?.id).toBe('s15');
    });
});

describe('AccountFold: usage', () => {
    const config = parseModelConfig({ usageRecentDays: 30, usagePriorDays: 60 });

    it('the latest period, and the latest one of the prior window (30 to 89 days before T)', () => {
        const f = fold(
            { usage: [usagePeriod(29), usagePeriod(90), usagePeriod(89), usagePeriod(30), usagePeriod(45)] },
            config
        );
        expect(f.latestUsageEnd).toBe(T - 29);
        expect(f.latestPriorUsageEnd).toBe(T - 30);
        expect(fold({ usage: [usagePeriod(29), usagePeriod(90)] }, config).latestPriorUsage).toBeNull();
    });

    it('checks the period start too', () => {
        expect(() => fold({ usage: [{ ...usagePeriod(0), periodStart: '2026-02-30' }] })).toThrow(
            /usage Period_Start__c/
        );
    });

    it('windows: sums and counts per window measured back from the anchor day, not-reported values skipped', () => {
        const f = fold(
            {
                usage: [
                    usagePeriod(0, { activeUsers: 10, keyEvents: 100 }),
                    usagePeriod(29, { activeUsers: 20, keyEvents: null }),
                    usagePeriod(30, { activeUsers: null, keyEvents: 300 }),
                    usagePeriod(89, { activeUsers: 40, keyEvents: 400 }),
                    usagePeriod(90, { activeUsers: 50, keyEvents: 500 })
                ]
            },
            config
        );
        expect(f.usageWindows(T)).toEqual({
            recent: { activeUsers: 30, activeUsersCount: 2, keyEvents: 100, keyEventsCount: 1 },
            prior: { activeUsers: 40, activeUsersCount: 1, keyEvents: 700, keyEventsCount: 2 }
        });
        // anchored 10 days earlier: the period of T is after the anchor and not counted; 30 days ago is recent
        expect(f.usageWindows(T - 10).recent).toEqual({
            activeUsers: 20,
            activeUsersCount: 1,
            keyEvents: 300,
            keyEventsCount: 1
        });
    });

    it('a period exactly recent + prior days before the anchor is outside the prior window', () => {
        const f = fold(
            {
                usage: [
                    usagePeriod(5, { activeUsers: 10 }),
                    usagePeriod(60, { activeUsers: 40 }),
                    usagePeriod(90, { activeUsers: 90 })
                ]
            },
            config
        );
        expect(f.usageWindows(T).prior).toEqual({
            activeUsers: 40,
            activeUsersCount: 1,
            keyEvents: 1000,
            keyEventsCount: 1
        });
        // kept by the fold (newer than the newest period's window), it is read once the anchor is a day earlier
        expect(f.usageWindows(T - 1).prior.activeUsersCount).toBe(2);
    });

    it('keeps only the trajectory window of the newest period, however many periods stream in and in any order', () => {
        const weekly = Array.from({ length: 60 }, (_, i) =>
            usagePeriod(7 * i, { activeUsers: 1000 - i, keyEvents: i })
        );
        const reversed = fold({ usage: [...weekly].reverse() }, config);
        const forward = fold({ usage: weekly }, config);
        const inWindow = fold({ usage: weekly.filter((_, i) => 7 * i < 90) }, config);
        expect(forward.usageWindows(T)).toEqual(inWindow.usageWindows(T));
        expect(reversed.usageWindows(T)).toEqual(inWindow.usageWindows(T));
        expect(reversed.usagePoints.length).toBeLessThanOrEqual(3 * 17);
        // a period older than the window of the newest one is not kept at all
        expect(forward.usagePoints.length / 3).toBeLessThanOrEqual(16);
        expect(forward.usagePoints.every((value, i) => i % 3 !== 0 || value > T - 90)).toBe(true);
    });
});

describe('AccountFold: snapshots', () => {
    it('the previous snapshot is the latest before T; the trend baseline the latest with a score on or before T - 30', () => {
        const f = fold({
            snapshots: [
                { asOf: daysAgo(40), score: 60, band: 'Yellow' },
                { asOf: daysAgo(30), score: 70, band: 'Green' },
                { asOf: daysAgo(29), score: 80, band: 'Green' },
                { asOf: daysAgo(2), score: null, band: 'Red' },
                { asOf: daysAgo(31), score: null, band: 'Red' },
                { asOf: daysAgo(5), score: 90, band: 'Green' }
            ]
        });
        expect(f.lastSnapshot).toEqual({ day: T - 2, band: 'Red', score: null });
        expect(f.trendBaseline).toEqual({ day: T - 30, score: 70 });
        const old = fold({
            snapshots: [
                { asOf: daysAgo(29), score: 80, band: 'Green' },
                { asOf: daysAgo(60), score: 50, band: 'Yellow' }
            ]
        });
        expect(old.trendBaseline).toEqual({ day: T - 60, score: 50 });
        expect(old.lastSnapshot?.day).toBe(T - 29);
    });
});

describe('AccountFold: edges the Stryker run of fold.ts left alive', () => {
    it('a snapshot without a score is never the trend baseline, whatever the order', () => {
        const f = fold({
            snapshots: [
                { asOf: daysAgo(35), score: 70, band: 'Green' },
                { asOf: daysAgo(30), score: null, band: 'Green' }
            ]
        });
        expect(f.trendBaseline).toEqual({ day: T - 35, score: 70 });
        const later = fold({
            snapshots: [
                { asOf: daysAgo(30), score: 70, band: 'Green' },
                { asOf: daysAgo(60), score: 50, band: 'Yellow' }
            ]
        });
        expect(later.trendBaseline).toEqual({ day: T - 30, score: 70 });
    });

    it('an opportunity created on T counts; a case closed on T is closed', () => {
        const f = fold({
            opportunities: [
                opportunity('today', {
                    createdDate: AS_OF,
                    closeDate: daysAgo(-30),
                    isClosed: false,
                    isWon: false
                })
            ],
            cases: [supportCase('c', { createdDate: daysAgo(5), closedDate: AS_OF })]
        });
        expect(f.opportunityCount).toBe(1);
        expect(f.openCases).toEqual([]);
        expect(f.resolutionCount).toBe(1);
    });

    it('the unlinked row is made once even when it is the store first row', () => {
        const store = new ContactStore();
        const f = new AccountFold(headerOf(emptyAccount('r')), DEFAULT_MODEL_CONFIG, T, {
            store,
            input: () => contact('x', null)
        });
        expect(f.unlinkedRow()).toBe(0);
        expect(f.unlinkedRow()).toBe(0);
        expect(store.length).toBe(1);
    });

    it('a bad date names its field', () => {
        const bad = '2026-13-01';
        expect(() => fold({ activities: [{ ...activity(null, 1, 'Call', null), date: bad }] })).toThrow(
            /^activity date: /
        );
        expect(() => fold({ opportunities: [opportunity('o', { createdDate: bad })] })).toThrow(
            /^opportunity CreatedDate: /
        );
        expect(() => fold({ opportunities: [opportunity('o', { closeDate: bad })] })).toThrow(
            /^opportunity CloseDate: /
        );
        expect(() => fold({ cases: [supportCase('c', { createdDate: bad })] })).toThrow(
            /^case CreatedDate: /
        );
        expect(() => fold({ cases: [supportCase('c', { closedDate: bad })] })).toThrow(/^case ClosedDate: /);
        expect(() => fold({ usage: [{ ...usagePeriod(0), periodEnd: bad }] })).toThrow(
            /^usage Period_End__c: /
        );
        expect(() => fold({ snapshots: [{ asOf: bad, score: 1, band: 'Red' }] })).toThrow(
            /^snapshot As_Of__c: /
        );
    });

    it('remembers when usage began however many periods stream in (the windows keep only the newest months)', () => {
        const weekly = Array.from({ length: 100 }, (_, i) => usagePeriod(7 * i));
        const f = fold({ usage: weekly });
        expect(f.firstUsageEnd).toBe(T - 7 * 99);
        expect(fold({ usage: [usagePeriod(-3), usagePeriod(10)] }).firstUsageEnd).toBe(T - 10);
        expect(fold().firstUsageEnd).toBe(Number.POSITIVE_INFINITY);
    });
});
