import {
    FEATURE_NAMES,
    fitPlainLogistic,
    plainLogOdds,
    pointInTimeFeatures,
    severityOf,
    spreadsheetScore
} from './features';
import type { AccountRecords } from './history';
import { Random } from './random';

const empty = (): AccountRecords => ({
    account: { Id: '001A' },
    contacts: [],
    tasks: [],
    events: [],
    opportunities: [],
    cases: [],
    usage: [],
    snapshots: []
});
const at = (row: (number | null)[], name: (typeof FEATURE_NAMES)[number]) => row[FEATURE_NAMES.indexOf(name)];

describe('pointInTimeFeatures', () => {
    it('reads thirteen features from the records as of the date', () => {
        const records = empty();
        records.contacts.push(
            { Id: '003DM', Buying_Role__c: 'Decision Maker' },
            { Id: '003U', Buying_Role__c: 'User' }
        );
        records.events.push(
            { WhoId: '003DM', EndDateTime: '2025-05-02T16:00:00.000+0000', Outcome__c: 'Positive' },
            { WhoId: '003U', EndDateTime: '2025-06-20T16:00:00.000+0000', Outcome__c: 'Negative' }
        );
        records.tasks.push(
            { WhoId: '003DM', CompletedDateTime: '2025-06-25T10:00:00.000+0000', Outcome__c: 'Positive' },
            { WhoId: '003U', ActivityDate: '2024-11-01', Outcome__c: null }
        );
        records.usage.push(
            {
                Period_End__c: '2025-06-29',
                Active_Users__c: 40,
                Licensed_Seats__c: 100,
                Features_Adopted__c: 5,
                Features_Available__c: 20
            },
            { Period_End__c: '2025-05-30', Active_Users__c: 60, Licensed_Seats__c: 100 },
            { Period_End__c: '2025-04-30', Active_Users__c: 40, Licensed_Seats__c: 100 },
            { Period_End__c: '2025-03-31', Active_Users__c: 100, Licensed_Seats__c: 100 }
        );
        records.cases.push(
            { CreatedDate: '2025-06-01T09:00:00Z', IsClosed: false, Severity__c: 'Sev1' },
            { CreatedDate: '2025-06-10T09:00:00Z', IsClosed: false, Priority: 'High' },
            { CreatedDate: '2025-06-10T09:00:00Z', IsClosed: false, Severity__c: 'Sev3' },
            {
                CreatedDate: '2025-01-10T09:00:00Z',
                IsClosed: true,
                ClosedDate: '2025-02-01T09:00:00Z',
                CSAT__c: 2,
                Severity__c: 'Sev4'
            },
            {
                CreatedDate: '2024-10-10T09:00:00Z',
                IsClosed: true,
                ClosedDate: '2024-11-01T09:00:00Z',
                CSAT__c: 5
            }
        );
        records.opportunities.push(
            { IsClosed: true, IsWon: true, CloseDate: '2025-01-01' },
            { IsClosed: true, IsWon: false, CloseDate: '2025-06-01' }
        );
        const row = pointInTimeFeatures(records, '2025-06-30');
        expect(row).toHaveLength(13);
        expect(at(row, 'utilisation')).toBeCloseTo(0.4, 12);
        expect(at(row, 'breadth')).toBeCloseTo(0.25, 12);
        // last 30 days: 40; the 60 before: (60 + 40) / 2 = 50
        expect(at(row, 'usageTrend30')).toBeCloseTo(40 / 50 - 1, 12);
        // last 90 days: (40 + 60 + 40) / 3; the 90 before: 100
        expect(at(row, 'usageTrend90')).toBeCloseTo(140 / 3 / 100 - 1, 12);
        expect(at(row, 'yearsSinceActivity')).toBeCloseTo(5 / 365, 12);
        // the decision maker's last MEETING (the call on 06-25 is not a meeting)
        expect(at(row, 'yearsSinceDecisionMakerMeeting')).toBeCloseTo(59 / 365, 12);
        expect(at(row, 'activities90')).toBeCloseTo(Math.log1p(3), 12);
        expect(at(row, 'positiveShare180')).toBeCloseTo(2 / 3, 12);
        expect(at(row, 'openHighSeverityCases')).toBe(2);
        expect(at(row, 'cases90')).toBeCloseTo(Math.log1p(3), 12);
        expect(at(row, 'csat180')).toBe(2);
        expect(at(row, 'openOpportunity')).toBe(0);
        expect(at(row, 'yearsSinceWin')).toBeCloseTo(180 / 365, 12);
    });

    it('gives nulls and caps for an account with no records', () => {
        const row = pointInTimeFeatures(empty(), '2025-06-30');
        expect(row).toEqual([null, null, null, null, 1, 1, 0, null, 0, 0, null, 0, 2]);
    });

    it('counts an open opportunity', () => {
        const records = empty();
        records.opportunities.push({ IsClosed: false, CloseDate: '2025-09-01' });
        expect(at(pointInTimeFeatures(records, '2025-06-30'), 'openOpportunity')).toBe(1);
    });
});

describe('severityOf', () => {
    it('uses Severity__c, else maps Priority', () => {
        expect(severityOf({ Severity__c: 'Sev2', Priority: 'Low' })).toBe('Sev2');
        expect(severityOf({ Priority: ' Critical ' })).toBe('Sev1');
        expect(severityOf({ Priority: 'Medium' })).toBe('Sev3');
        expect(severityOf({ Priority: 'Whenever' })).toBeNull();
        expect(severityOf({})).toBeNull();
    });
});

describe('spreadsheetScore', () => {
    const row = (values: Partial<Record<(typeof FEATURE_NAMES)[number], number | null>>) =>
        FEATURE_NAMES.map((name) => values[name] ?? null);
    it('averages utilisation, recency, open high-severity cases and usage trend with equal weights', () => {
        // 80, 100 * (1 - 90/180) = 50, 100 - 50 = 50, 50 + 100 * -0.2 = 30
        expect(
            spreadsheetScore(
                row({
                    utilisation: 0.8,
                    yearsSinceActivity: 90 / 365,
                    openHighSeverityCases: 1,
                    usageTrend30: -0.2
                })
            )
        ).toBeCloseTo(52.5, 9);
    });
    it('leaves out signals without data, clamps each to 0-100, and gives 50 with none', () => {
        expect(spreadsheetScore(row({ utilisation: 0.6 }))).toBeCloseTo(60, 9);
        expect(
            spreadsheetScore(row({ openHighSeverityCases: 5, yearsSinceActivity: 2, usageTrend30: 3 }))
        ).toBeCloseTo(100 / 3, 9);
        expect(spreadsheetScore(row({}))).toBe(50);
    });
});

describe('fitPlainLogistic', () => {
    it('learns signed coefficients on standardised features, a missing value counting as the mean', () => {
        const random = new Random(4);
        const rows: (number | null)[][] = Array.from({ length: 5000 }, () =>
            FEATURE_NAMES.map(() => random.normal())
        );
        const renewed = rows.map((r) =>
            random.chance(1 / (1 + Math.exp(-(0.5 + 1.2 * (r[0] as number) - 0.8 * (r[4] as number)))))
        );
        rows[0]![1] = null;
        const model = fitPlainLogistic(rows, renewed);
        expect(model.converged).toBe(true);
        expect(model.coefficients[0]).toBeGreaterThan(0.9);
        expect(model.coefficients[4]).toBeLessThan(-0.6);
        expect(Math.abs(model.coefficients[7] as number)).toBeLessThan(0.15);
        expect(model.means).toHaveLength(13);
        const base = FEATURE_NAMES.map((_, j) => model.means[j] as number);
        expect(plainLogOdds(model, base)).toBeCloseTo(model.intercept, 12);
        expect(
            plainLogOdds(
                model,
                FEATURE_NAMES.map(() => null)
            )
        ).toBeCloseTo(model.intercept, 12);
        const higher = [...base];
        higher[0] = (higher[0] as number) + (model.deviations[0] as number);
        expect(plainLogOdds(model, higher) - model.intercept).toBeCloseTo(model.coefficients[0] as number, 9);
    });
    it('treats a constant feature as carrying nothing', () => {
        const rows = [FEATURE_NAMES.map(() => 1), FEATURE_NAMES.map(() => 1)];
        const model = fitPlainLogistic(rows, [true, false]);
        expect(model.deviations.every((d) => d === 1)).toBe(true);
        expect(model.coefficients.every((c) => Math.abs(c) < 1e-9)).toBe(true);
    });
});

describe('pointInTimeFeatures at the edges', () => {
    const base = () => {
        const records = empty();
        records.contacts.push(
            { Id: '003DM', Buying_Role__c: 'Decision Maker' },
            { Id: '003X', Buying_Role__c: null }
        );
        return records;
    };

    it('uses the latest period whatever the order, and leaves out unusable values', () => {
        const records = base();
        records.usage.push(
            {
                Period_End__c: '2025-06-29',
                Active_Users__c: '30',
                Licensed_Seats__c: '60',
                Features_Adopted__c: 4,
                Features_Available__c: 0
            },
            {
                Period_End__c: '2025-05-30',
                Active_Users__c: 50,
                Licensed_Seats__c: 50,
                Features_Adopted__c: 5,
                Features_Available__c: 10
            },
            { Period_End__c: null, Active_Users__c: 1, Licensed_Seats__c: 1 },
            { Period_End__c: '2025-04-30', Active_Users__c: '', Licensed_Seats__c: 50 }
        );
        const row = pointInTimeFeatures(records, '2025-06-30');
        expect(at(row, 'utilisation')).toBeCloseTo(0.5, 12);
        expect(at(row, 'breadth')).toBeNull(); // no features available in the latest period
        // recent 30, prior 60 before: 50 (the blank period is left out)
        expect(at(row, 'usageTrend30')).toBeCloseTo(30 / 50 - 1, 12);
        const zeroSeats = base();
        zeroSeats.usage.push({ Period_End__c: '2025-06-29', Active_Users__c: 3, Licensed_Seats__c: 0 });
        zeroSeats.usage.push({ Period_End__c: '2025-05-29', Active_Users__c: 0, Licensed_Seats__c: 0 });
        const zero = pointInTimeFeatures(zeroSeats, '2025-06-30');
        expect(at(zero, 'utilisation')).toBeNull();
        expect(at(zero, 'usageTrend30')).toBeNull(); // no users before: no trend
    });

    it('counts windows strictly (90 and 180 days ago are outside) and only Sev1/Sev2 open cases', () => {
        const records = base();
        records.tasks.push(
            { WhoId: '003X', ActivityDate: '2025-04-01', Outcome__c: 'Negative' }, // 90 days before
            { WhoId: '003X', ActivityDate: '2025-04-02', Outcome__c: '' }, // 89 days, no outcome
            { WhoId: '003X', ActivityDate: '2025-01-01', Outcome__c: 'Positive' } // 180 days
        );
        records.events.push({ WhoId: '003DM', EndDateTime: '2025-01-02T16:00:00Z', Outcome__c: 'Positive' }); // 179 days
        records.cases.push(
            {
                CreatedDate: '2025-04-01T09:00:00Z',
                IsClosed: 'true',
                ClosedDate: '2025-01-01T00:00:00Z',
                CSAT__c: 1,
                Severity__c: 'Sev1'
            },
            { CreatedDate: '2025-04-02T09:00:00Z', IsClosed: 'false', Severity__c: 'Sev1' },
            { CreatedDate: '2025-04-02T09:00:00Z', IsClosed: false, Severity__c: 'Sev4' },
            {
                CreatedDate: '2025-03-02T09:00:00Z',
                IsClosed: true,
                ClosedDate: '2025-01-02T00:00:00Z',
                CSAT__c: 4
            },
            {
                CreatedDate: '2025-03-02T09:00:00Z',
                IsClosed: true,
                ClosedDate: '2025-03-02T00:00:00Z',
                CSAT__c: null
            }
        );
        records.opportunities.push(
            { IsClosed: 'true', IsWon: 'true', CloseDate: '2025-06-20' },
            { IsClosed: true, IsWon: true, CloseDate: null }
        );
        const row = pointInTimeFeatures(records, '2025-06-30');
        expect(at(row, 'activities90')).toBeCloseTo(Math.log1p(1), 12);
        // rated in 180 days: the Negative call (90 days) and the Positive meeting (179 days)
        expect(at(row, 'positiveShare180')).toBeCloseTo(0.5, 12);
        expect(at(row, 'yearsSinceDecisionMakerMeeting')).toBeCloseTo(179 / 365, 12);
        expect(at(row, 'openHighSeverityCases')).toBe(1);
        expect(at(row, 'cases90')).toBeCloseTo(Math.log1p(2), 12);
        expect(at(row, 'csat180')).toBe(4); // the CSAT 1 closed 180 days ago is outside
        expect(at(row, 'yearsSinceWin')).toBeCloseTo(10 / 365, 12);
        expect(at(row, 'openOpportunity')).toBe(0);
    });

    it('standardises with the mean and population deviation of the values present', () => {
        const rows = [
            FEATURE_NAMES.map((_, j) => (j === 0 ? 1 : 0)),
            FEATURE_NAMES.map((_, j) => (j === 0 ? 3 : 0)),
            FEATURE_NAMES.map(() => null)
        ];
        const model = fitPlainLogistic(rows, [true, false, true]);
        expect(model.means[0]).toBe(2);
        expect(model.deviations[0]).toBe(1);
        expect(model.means[1]).toBe(0);
        expect(model.deviations[1]).toBe(1);
    });
});
