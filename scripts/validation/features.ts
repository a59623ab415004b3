/**
 * The baselines every backtest shows beside the model (issue 13), computed from the SAME point-in-time records
 * the model sees (one account's records already cut to the as-of date by recordsAsOf), without the engine:
 *
 * - a plain L2 logistic regression on thirteen point-in-time features an analyst would export to a
 *   spreadsheet (no caps, no contact model, no domain knowledge beyond the feature list);
 * - the "spreadsheet score": the equal-weight average of four signals (licence utilisation, recency of any
 *   activity, open high-severity cases, usage trend), each on 0-100.
 *
 * If the model does not beat the plain regression, it has not earned its complexity; if it does not beat the
 * spreadsheet, it has not earned its keep.
 */
import { fitLogistic, type LogisticFitOptions } from './fit';
import { keyDate, type ActivitySet } from './activities';
import { activitiesOf, dateOf, type AccountRecords } from './history';
import type { RawRecord, RawValue } from './synthetic';

export const FEATURE_NAMES = [
    'utilisation',
    'breadth',
    'usageTrend30',
    'usageTrend90',
    'yearsSinceActivity',
    'yearsSinceDecisionMakerMeeting',
    'activities90',
    'positiveShare180',
    'openHighSeverityCases',
    'cases90',
    'csat180',
    'openOpportunity',
    'yearsSinceWin'
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
/** One outcome's features, in FEATURE_NAMES order; null = no data for that feature. */
export type FeatureRow = (number | null)[];

const DAY_MS = 86_400_000;
const dayOf = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const num = (value: RawValue | undefined): number | null => {
    if (value === null || value === undefined || value === '') return null;
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
};
const isTrue = (value: RawValue | undefined) => value === true || value === 'true' || value === 'TRUE';
const mean = (values: readonly number[]) =>
    values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;

const PRIORITY_SEVERITY: Record<string, string> = {
    critical: 'Sev1',
    high: 'Sev2',
    medium: 'Sev3',
    low: 'Sev4'
};
/** Severity__c, else the Priority mapping of docs/dataset-format.md. */
export function severityOf(supportCase: RawRecord): string | null {
    const severity = supportCase.Severity__c;
    if (typeof severity === 'string' && severity) return severity;
    const priority = supportCase.Priority;
    return typeof priority === 'string' ? (PRIORITY_SEVERITY[priority.trim().toLowerCase()] ?? null) : null;
}

/** The day of each activity the cut kept (a date key of ./activities), and what the features read of it. */
interface Dated {
    day: number;
    row: number;
}

const keyDays = new Map<number, number>();
/** dayOf of a date key's text (each date computed once). */
function keyDay(key: number): number {
    let day = keyDays.get(key);
    if (day === undefined) {
        day = dayOf(keyDate(key));
        keyDays.set(key, day);
    }
    return day;
}

function datedActivities(activities: ActivitySet): Dated[] {
    const dated: Dated[] = [];
    const { table, rows } = activities;
    for (let i = 0; i < rows.length; i++) {
        const row = rows[i] as number;
        const key = table.cut[row] as number;
        if (key >= 0) dated.push({ day: keyDay(key), row });
    }
    return dated;
}

/** Mean active users of the periods that ended in (asOf - to, asOf - from] days. */
function activeUsersBetween(
    records: AccountRecords,
    asOfDay: number,
    from: number,
    to: number
): number | null {
    return mean(
        records.usage.flatMap((period) => {
            const end = dateOf(period.Period_End__c);
            const users = num(period.Active_Users__c);
            if (!end || users === null) return [];
            const age = asOfDay - dayOf(end);
            return age >= from && age < to ? [users] : [];
        })
    );
}

const trend = (now: number | null, before: number | null) =>
    now === null || before === null || before <= 0 ? null : now / before - 1;

/** The thirteen features of one account's point-in-time records (FEATURE_NAMES order). */
export function pointInTimeFeatures(records: AccountRecords, asOf: string): FeatureRow {
    const asOfDay = dayOf(asOf);
    const latest = records.usage
        .filter((period) => dateOf(period.Period_End__c) !== null)
        .reduce<RawRecord | null>(
            (best, period) =>
                best === null ||
                (dateOf(period.Period_End__c) as string) > (dateOf(best.Period_End__c) as string)
                    ? period
                    : best,
            null
        );
    const seats = num(latest?.Licensed_Seats__c);
    const users = num(latest?.Active_Users__c);
    const utilisation = seats && seats > 0 && users !== null ? Math.min(1, users / seats) : null;
    const available = num(latest?.Features_Available__c);
    const adopted = num(latest?.Features_Adopted__c);
    const breadth = available && available > 0 && adopted !== null ? Math.min(1, adopted / available) : null;

    const set = activitiesOf(records);
    const table = set.table;
    const activities = datedActivities(set);
    const lastActivity = activities.reduce((best, a) => Math.max(best, a.day), -Infinity);
    const decisionMakers = new Set(
        records.contacts
            .filter((c) => typeof c.Buying_Role__c === 'string' && /decision/i.test(c.Buying_Role__c))
            .map((c) => String(c.Id))
    );
    const lastDecisionMakerMeeting = activities
        .filter((a) => decisionMakers.has(table.whoString(a.row)) && table.hasEnd(a.row))
        .reduce((best, a) => Math.max(best, a.day), -Infinity);
    const recent = activities.filter((a) => asOfDay - a.day < 90);
    const rated = activities.filter((a) => asOfDay - a.day < 180 && table.rated(a.row) !== 0);
    const positive = rated.filter((a) => table.rated(a.row) === 1).length;

    let openHighSeverity = 0;
    let cases90 = 0;
    const csat: number[] = [];
    for (const supportCase of records.cases) {
        const created = dateOf(supportCase.CreatedDate);
        if (created && asOfDay - dayOf(created) < 90) cases90++;
        const severity = severityOf(supportCase);
        if (!isTrue(supportCase.IsClosed) && (severity === 'Sev1' || severity === 'Sev2')) openHighSeverity++;
        const closed = dateOf(supportCase.ClosedDate);
        const score = num(supportCase.CSAT__c);
        if (closed && score !== null && asOfDay - dayOf(closed) < 180) csat.push(score);
    }
    let openOpportunity = 0;
    let lastWin = -Infinity;
    for (const opportunity of records.opportunities) {
        if (!isTrue(opportunity.IsClosed)) openOpportunity = 1;
        else if (isTrue(opportunity.IsWon)) {
            const close = dateOf(opportunity.CloseDate);
            if (close) lastWin = Math.max(lastWin, dayOf(close));
        }
    }
    const years = (day: number, cap: number) =>
        Math.min(cap, Number.isFinite(day) ? asOfDay - day : cap) / 365;
    return [
        utilisation,
        breadth,
        trend(activeUsersBetween(records, asOfDay, 0, 30), activeUsersBetween(records, asOfDay, 30, 90)),
        trend(activeUsersBetween(records, asOfDay, 0, 90), activeUsersBetween(records, asOfDay, 90, 180)),
        years(lastActivity, 365),
        years(lastDecisionMakerMeeting, 365),
        Math.log1p(recent.length),
        rated.length ? positive / rated.length : null,
        openHighSeverity,
        Math.log1p(cases90),
        mean(csat),
        openOpportunity,
        years(lastWin, 730)
    ];
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * The spreadsheet score: equal-weight average of the four signals an analyst would pick first, each 0-100
 * (utilisation %, recency = 100 at today falling to 0 at 180 days without activity, open high-severity cases
 * = 100 minus 50 each, usage trend = 50 when flat, +/-10 points per 10% change). Signals without data are
 * left out of the average; no signal at all gives 50.
 */
export function spreadsheetScore(features: FeatureRow): number {
    const at = (name: FeatureName) => features[FEATURE_NAMES.indexOf(name)] ?? null;
    const utilisation = at('utilisation');
    const idle = at('yearsSinceActivity');
    const open = at('openHighSeverityCases');
    const change = at('usageTrend30');
    const signals = [
        utilisation === null ? null : 100 * utilisation,
        idle === null ? null : 100 * (1 - clamp((idle * 365) / 180, 0, 1)),
        open === null ? null : clamp(100 - 50 * open, 0, 100),
        change === null ? null : clamp(50 + 100 * change, 0, 100)
    ].filter((value): value is number => value !== null);
    return mean(signals) ?? 50;
}

export interface PlainLogisticModel {
    intercept: number;
    /** per standardised feature (one standard deviation of the training rows) */
    coefficients: number[];
    means: number[];
    deviations: number[];
    converged: boolean;
}

/**
 * A plain L2-regularised logistic regression of renewal on the features: standardised with the training
 * means and deviations, a missing value replaced by the training mean, coefficients of either sign.
 */
export function fitPlainLogistic(
    rows: readonly FeatureRow[],
    renewed: readonly boolean[],
    options: LogisticFitOptions = {}
): PlainLogisticModel {
    const k = FEATURE_NAMES.length;
    const means: number[] = [];
    const deviations: number[] = [];
    for (let j = 0; j < k; j++) {
        const present = rows.map((row) => row[j]).filter((v): v is number => v !== null && v !== undefined);
        const m = mean(present) ?? 0;
        const variance = present.length ? present.reduce((s, v) => s + (v - m) ** 2, 0) / present.length : 0;
        means.push(m);
        deviations.push(variance > 0 ? Math.sqrt(variance) : 1);
    }
    const fit = fitLogistic(
        rows.map((row) => standardise(row, means, deviations)),
        renewed,
        { l2: 0.01, ...options, nonNegative: false }
    );
    return {
        intercept: fit.intercept,
        coefficients: fit.coefficients,
        means,
        deviations,
        converged: fit.converged
    };
}

function standardise(row: FeatureRow, means: readonly number[], deviations: readonly number[]): number[] {
    return means.map((m, j) => {
        const value = row[j];
        return value === null || value === undefined ? 0 : (value - m) / (deviations[j] as number);
    });
}

/** The model's log-odds of renewal for one row (a monotone score: higher = more likely to renew). */
export function plainLogOdds(model: PlainLogisticModel, row: FeatureRow): number {
    const x = standardise(row, model.means, model.deviations);
    return x.reduce((z, value, j) => z + (model.coefficients[j] as number) * value, model.intercept);
}
