// Pins what AccountFold keeps of an account's records (fold.ts), observed through scoreAccount's drivers,
// caps and subscores: point in time (docs/dataset-format.md: "everything dated after the as-of date is
// ignored"; open at T = created by T and not closed by T), and the support windows MODEL.md names (open
// high-severity cases, volume in the last 90 days against the account's own baseline over the year, time to
// resolution and CSAT on cases closed in the last 180 days, a Sev1 opened in the last 14 days). The account is
// otherwise the healthy fixture, so it is scored (an Unknown account shows a checklist instead of drivers).
import { DEFAULT_MODEL_CONFIG } from './config';
import { AS_OF, daysAgo, healthyAccount, opportunity, supportCase, usagePeriod } from './fixtures';
import { scoreAccount } from './index';
import type { AccountInput, CaseInput } from './types';

const config = DEFAULT_MODEL_CONFIG;
const score = (input: AccountInput) => scoreAccount(input, config, AS_OF);
const labels = (input: AccountInput, code: string) =>
    score(input)
        .drivers.filter((d) => d.code === code)
        .map((d) => d.label);
/** A closed case `createdAgo` days old, closed `resolution` days later. */
const closedCase = (id: string, createdAgo: number, resolution = 5, overrides: Partial<CaseInput> = {}) =>
    supportCase(id, {
        createdDate: daysAgo(createdAgo),
        closedDate: daysAgo(createdAgo - resolution),
        csat: null,
        ...overrides
    });
const withCases = (cases: CaseInput[]) => healthyAccount('acc', { cases });

describe('fold: support cases', () => {
    it('ignores a case opened after the as-of date', () => {
        const result = score(
            withCases([supportCase('late', { createdDate: daysAgo(-1), closedDate: null })])
        );
        expect(result.subscores.support).toBeNull();
        expect(
            score(withCases([supportCase('today', { createdDate: AS_OF, closedDate: null })])).subscores
                .support
        ).not.toBeNull();
    });

    it('counts a case in the support dimension for a year after it opened, or while it is open', () => {
        expect(score(withCases([closedCase('a', 364)])).subscores.support).not.toBeNull();
        expect(score(withCases([closedCase('b', 365)])).subscores.support).toBeNull();
        const oldOpen = supportCase('c', { createdDate: daysAgo(500), closedDate: null, severity: 'Sev4' });
        expect(score(withCases([oldOpen])).subscores.support).not.toBeNull();
    });

    it('treats a case closed after the as-of date as open then, with its subject and number', () => {
        const input = withCases([
            supportCase('500A', {
                caseNumber: '00042',
                subject: 'Sync fails',
                createdDate: daysAgo(10),
                closedDate: daysAgo(-3),
                severity: 'Sev2',
                csat: 1
            }),
            supportCase('500B', {
                caseNumber: null,
                createdDate: daysAgo(10),
                closedDate: daysAgo(-3),
                severity: 'Sev3',
                escalated: true,
                csat: null
            })
        ]);
        expect(labels(input, 'SUPPORT_OPEN_CASE')).toEqual([
            'Open Sev2 case 00042 (Sync fails)',
            'Open Sev3 case 500B'
        ]);
        expect(labels(input, 'SUPPORT_ESCALATED')).toEqual(['Escalated case 500B']);
        // its survey is not known yet: no CSAT part from an open case
        expect(labels(input, 'SUPPORT_CSAT')).toEqual([]);
    });

    it('measures volume in the last 90 days against the 275 days before', () => {
        // three cases in the last 90 days and none before: a surge
        expect(
            labels(
                withCases([closedCase('a', 10), closedCase('b', 20), closedCase('c', 89)]),
                'SUPPORT_SURGE'
            )
        ).toEqual(['3 cases opened in the last 90 days, none in the 9 months before']);
        // a case opened 90 days ago is in the baseline, not the last 90 days: 2 recent, below the floor of 2
        expect(
            labels(
                withCases([closedCase('a', 10), closedCase('b', 20), closedCase('c', 90)]),
                'SUPPORT_SURGE'
            )
        ).toEqual([]);
        const baseline = (ages: number[]) => ages.map((age, i) => closedCase(`old-${i}`, age));
        const recent = [closedCase('r1', 5), closedCase('r2', 15), closedCase('r3', 25)];
        // 7 cases 90-364 days ago: 7 * 90 / 275 = 2.3 per 90 days
        expect(
            labels(withCases([...recent, ...baseline([100, 150, 200, 250, 300, 350, 364])]), 'SUPPORT_SURGE')
        ).toEqual(['3 cases opened in the last 90 days, against 2.3 per 90 days in the 9 months before']);
        // one of them 365 days ago falls out of the baseline: 6 * 90 / 275 = 2.0
        expect(
            labels(withCases([...recent, ...baseline([100, 150, 200, 250, 300, 350, 365])]), 'SUPPORT_SURGE')
        ).toEqual(['3 cases opened in the last 90 days, against 2.0 per 90 days in the 9 months before']);
    });

    it('takes time to resolution and CSAT from cases closed in the last 180 days', () => {
        const slow = closedCase('slow', 200, 30, { csat: 5 }); // closed 170 days ago
        const older = closedCase('older', 260, 80, { csat: 1 }); // closed 180 days ago: outside
        expect(labels(withCases([slow, older]), 'SUPPORT_SLOW')).toEqual([
            'Cases take 30 days to close on average'
        ]);
        expect(labels(withCases([slow, older]), 'SUPPORT_CSAT')).toEqual([
            'Average CSAT 5.0 of 5 on recent cases'
        ]);
        const recent = closedCase('recent', 60, 16, { csat: 4 });
        expect(labels(withCases([slow, recent]), 'SUPPORT_SLOW')).toEqual([
            'Cases take 23 days to close on average'
        ]);
        expect(labels(withCases([slow, recent]), 'SUPPORT_CSAT')).toEqual([
            'Average CSAT 4.5 of 5 on recent cases'
        ]);
        // a survey that is not a number is no survey; a case closed before it opened took 0 days
        const odd = closedCase('odd', 40, -5, { csat: Number.NaN });
        expect(labels(withCases([recent, odd]), 'SUPPORT_CSAT')).toEqual([
            'Average CSAT 4.0 of 5 on recent cases'
        ]);
        expect(labels(withCases([recent, odd]), 'SUPPORT_SLOW')).toEqual([]); // (16 + 0) / 2 = 8 days
        expect(labels(withCases([closedCase('x', 40, 15, { csat: 3 })]), 'SUPPORT_SLOW')).toEqual([
            'Cases take 15 days to close on average'
        ]);
    });

    it('caps for a Sev1 opened in the last 14 days even when closed, naming the latest', () => {
        const caps = (cases: CaseInput[]) =>
            score(withCases(cases))
                .caps.filter((c) => c.code === 'SEV1')
                .map((c) => c.reason);
        expect(caps([closedCase('s1', 14, 2, { severity: 'Sev1', caseNumber: '0007' })])).toEqual([
            'Sev1 case 0007 opened 14 days ago caps the score at 59'
        ]);
        expect(caps([closedCase('s1', 15, 2, { severity: 'Sev1' })])).toEqual([]);
        expect(caps([closedCase('s2', 14, 2, { severity: 'Sev2' })])).toEqual([]);
        expect(
            caps([
                closedCase('s1', 12, 2, { severity: 'Sev1', caseNumber: 'A' }),
                closedCase('s2', 3, 1, { severity: 'Sev1', caseNumber: 'B' }),
                closedCase('s3', 8, 1, { severity: 'Sev1', caseNumber: 'C' })
            ])
        ).toEqual(['Sev1 case B opened 3 days ago caps the score at 59']);
        expect(caps([closedCase('s1', 5, 1, { severity: 'Sev1', caseNumber: null, id: '500X' })])).toEqual([
            'Sev1 case 500X opened 5 days ago caps the score at 59'
        ]);
    });
});

describe('fold: opportunities', () => {
    const pipeline = (input: AccountInput) => labels(input, 'COMMERCIAL_PIPELINE');
    const withOpps = (...opportunities: AccountInput['opportunities']) =>
        healthyAccount('acc', {
            opportunities,
            commercial: { arr: 1, renewalDate: null, daysPastDue: null }
        });

    it('ignores an opportunity created after the as-of date', () => {
        expect(
            pipeline(
                withOpps(
                    opportunity('o', {
                        createdDate: daysAgo(-1),
                        isClosed: false,
                        closeDate: daysAgo(-30),
                        kind: 'expansion'
                    })
                )
            )
        ).toEqual([]);
        expect(
            score(withOpps(opportunity('o', { createdDate: daysAgo(-1) }))).subscores.commercial
        ).toBeNull();
        expect(
            pipeline(
                withOpps(
                    opportunity('o', {
                        createdDate: undefined,
                        isClosed: false,
                        closeDate: daysAgo(-30),
                        kind: 'expansion'
                    })
                )
            )
        ).toEqual(['Open opportunity Opportunity o and no win in the last 365 days']);
    });

    it('reads a deal closed after the as-of date as open then, and names the first open one (or its id)', () => {
        expect(
            pipeline(
                withOpps(
                    opportunity('later', {
                        name: null as unknown as string,
                        isClosed: true,
                        isWon: true,
                        closeDate: daysAgo(-5),
                        kind: 'expansion'
                    }),
                    opportunity('second', {
                        isClosed: false,
                        isWon: false,
                        closeDate: daysAgo(-30),
                        kind: 'new'
                    })
                )
            )
        ).toEqual(['Open opportunity later and no win in the last 365 days']);
    });

    it('counts a win on or before the as-of date, the latest one', () => {
        expect(
            pipeline(
                withOpps(
                    opportunity('w1', { closeDate: daysAgo(300), kind: 'new' }),
                    opportunity('w2', { closeDate: daysAgo(0), kind: 'new' }),
                    opportunity('w3', { closeDate: daysAgo(120), kind: 'new' }),
                    opportunity('lost', { isWon: false, closeDate: daysAgo(1), kind: 'new' })
                )
            )
        ).toEqual(['No open new or expansion opportunity and a win 0 days ago']);
        expect(
            pipeline(withOpps(opportunity('lost', { isWon: false, closeDate: daysAgo(1), kind: 'new' })))
        ).toEqual(['No open new or expansion opportunity and no win in the last 365 days']);
    });

    it('does not count an open renewal as pipeline, but as an open opportunity for the decision-maker cap', () => {
        expect(
            pipeline(
                withOpps(
                    opportunity('r', {
                        isClosed: false,
                        isWon: false,
                        closeDate: daysAgo(-30),
                        kind: 'renewal'
                    })
                )
            )
        ).toEqual(['No open new or expansion opportunity and no win in the last 365 days']);
    });
});

describe('fold: usage periods (windows of 30 and 60 days set here, whatever the defaults)', () => {
    const windows = { ...DEFAULT_MODEL_CONFIG, usageRecentDays: 30, usagePriorDays: 60 };
    const withUsage = (...usage: AccountInput['usage']) => healthyAccount('acc', { usage });
    const labels = (input: AccountInput, code: string) =>
        scoreAccount(input, windows, AS_OF)
            .drivers.filter((d) => d.code === code)
            .map((d) => d.label);

    it('ignores a period that ends after the as-of date and reads the latest one that does not', () => {
        const input = withUsage(
            usagePeriod(-1, { activeUsers: 10, licensedSeats: 100 }),
            usagePeriod(0, { activeUsers: 55, licensedSeats: 100 }),
            usagePeriod(40, { activeUsers: 70, licensedSeats: 100 })
        );
        expect(labels(input, 'USAGE_UTILISATION')).toEqual(['Licence utilisation 55% (55 of 100 seats)']);
        expect(score(withUsage(usagePeriod(-1))).subscores.usage).toBeNull();
    });

    it('compares the last 30 days with the 60 before, per period reported', () => {
        // recent: ends 0 and 29 days ago; prior: ends 30..89 days ago; 90 days ago is outside
        const input = withUsage(
            usagePeriod(0, { activeUsers: 60 }),
            usagePeriod(29, { activeUsers: 40 }),
            usagePeriod(30, { activeUsers: 100 }),
            usagePeriod(89, { activeUsers: 100 }),
            usagePeriod(90, { activeUsers: 1000 })
        );
        // (60 + 40) / 2 = 50 against 100: down 50%
        expect(labels(input, 'USAGE_TRAJECTORY')).toEqual([
            'Active users down 50% in the last 30 days vs the 60 before'
        ]);
    });

    it('falls back to key events when active users are not reported', () => {
        const input = withUsage(
            usagePeriod(0, { activeUsers: null, keyEvents: 1200 }),
            usagePeriod(45, { activeUsers: null, keyEvents: 1000 })
        );
        expect(labels(input, 'USAGE_TRAJECTORY')).toEqual([
            'Key product events up 20% in the last 30 days vs the 60 before'
        ]);
    });

    it('keeps the trajectory window of the newest period however many periods stream in', () => {
        // 200 daily periods, oldest last: the window is still the last 90 days of them
        const periods = Array.from({ length: 200 }, (_, age) =>
            usagePeriod(199 - age, { activeUsers: age >= 170 ? 50 : 100 })
        );
        expect(labels(withUsage(...periods.reverse()), 'USAGE_TRAJECTORY')).toEqual([
            'Active users down 50% in the last 30 days vs the 60 before'
        ]);
        expect(labels(withUsage(...periods), 'USAGE_TRAJECTORY')).toEqual([
            'Active users down 50% in the last 30 days vs the 60 before'
        ]);
    });
});
