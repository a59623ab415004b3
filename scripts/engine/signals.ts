// Admin-defined signals (issue 17): a measure the admin adds without code (NPS, a product metric, CSM sentiment),
// read from an Account field or a child object (Health_Signal__mdt). The engine receives dated observations
// (day, value), reads them as of the scoring date (latest value, average or count over a window), maps the reading
// linearly to 0-100 between the admin's worst and best values, and folds it into its dimension as a part with the
// admin's weight (a share of that dimension). Parts still add up to the dimension score, so every score still
// decomposes exactly into drivers, and the driver names the signal in the admin's words (its label).
import { dayNumber } from './dates';
import type { Dimension, IsoDate } from './types';

export type SignalAggregation = 'latest' | 'average' | 'count';
export type SignalDirection = 'higher' | 'lower';

export interface SignalDefinition {
    /** Stable name (the record's DeveloperName); the driver code is SIGNAL_<name>. */
    name: string;
    /** The admin's words, shown in the driver ("NPS survey"). */
    label: string;
    aggregation: SignalAggregation;
    /** Days before the as-of date that average and count read (latest: observations older than this are ignored; null = any age). */
    windowDays: number | null;
    /** Higher is better (NPS) or lower is better (tickets reopened). */
    direction: SignalDirection;
    /** The reading that scores 0 and the one that scores 100 (linear between, clamped). */
    worst: number;
    best: number;
    dimension: Dimension;
    /** Share of its dimension, 0-100: 25 = the signal is a quarter of the dimension, the rest keeps 75%. */
    weight: number;
}

/** One value of a signal for an account; `date` null = a current value without a date (an Account field). */
export interface SignalObservation {
    signal: string;
    date: IsoDate | null;
    value: number | null;
}

export const SIGNAL_DIMENSIONS: readonly Dimension[] = ['usage', 'relationship', 'support', 'commercial'];

export class SignalDefinitionError extends Error {
    constructor(
        readonly source: string,
        readonly field: string,
        detail: string
    ) {
        super(`${source}, ${field}: ${detail}`);
        this.name = 'SignalDefinitionError';
    }
}

/** Checks a set of definitions: each rule names the record and the field (Health_Signal__mdt field names). */
export function validateSignals(
    definitions: readonly SignalDefinition[],
    sourceOf: (d: SignalDefinition) => string = (d) => d.name
): void {
    const names = new Set<string>();
    const perDimension = new Map<Dimension, number>();
    for (const d of definitions) {
        const source = sourceOf(d);
        if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(d.name))
            throw new SignalDefinitionError(source, 'DeveloperName', 'must be an API name');
        if (names.has(d.name.toLowerCase()))
            throw new SignalDefinitionError(source, 'DeveloperName', 'is used by two signals');
        names.add(d.name.toLowerCase());
        if (!d.label.trim())
            throw new SignalDefinitionError(
                source,
                'MasterLabel',
                'must not be blank: it names the signal in the drivers'
            );
        if (!['latest', 'average', 'count'].includes(d.aggregation))
            throw new SignalDefinitionError(source, 'Aggregation__c', 'must be Latest, Average or Count');
        if (d.aggregation !== 'latest' && (d.windowDays === null || !(d.windowDays > 0)))
            throw new SignalDefinitionError(
                source,
                'Window_Days__c',
                `must be more than 0 days for ${d.aggregation === 'count' ? 'Count' : 'Average'}`
            );
        if (d.windowDays !== null && !(Number.isInteger(d.windowDays) && d.windowDays > 0))
            throw new SignalDefinitionError(
                source,
                'Window_Days__c',
                'must be a whole number of days above 0'
            );
        if (!['higher', 'lower'].includes(d.direction))
            throw new SignalDefinitionError(
                source,
                'Direction__c',
                'must be "Higher is better" or "Lower is better"'
            );
        if (!Number.isFinite(d.worst))
            throw new SignalDefinitionError(source, 'Worst_Value__c', 'must be a number');
        if (!Number.isFinite(d.best))
            throw new SignalDefinitionError(source, 'Best_Value__c', 'must be a number');
        if (d.direction === 'higher' ? !(d.best > d.worst) : !(d.best < d.worst))
            throw new SignalDefinitionError(
                source,
                'Best_Value__c',
                `must be ${d.direction === 'higher' ? 'above' : 'below'} Worst_Value__c when ${d.direction === 'higher' ? 'higher' : 'lower'} is better (got worst ${d.worst}, best ${d.best})`
            );
        if (!SIGNAL_DIMENSIONS.includes(d.dimension))
            throw new SignalDefinitionError(
                source,
                'Dimension__c',
                'must be Usage, Relationship, Support or Commercial'
            );
        if (!(Number.isFinite(d.weight) && d.weight > 0 && d.weight <= 100))
            throw new SignalDefinitionError(
                source,
                'Weight__c',
                'must be above 0 and at most 100 (its share of the dimension, in %)'
            );
        const total = (perDimension.get(d.dimension) ?? 0) + d.weight;
        if (total > 100)
            throw new SignalDefinitionError(
                source,
                'Weight__c',
                `the active signals of the ${d.dimension} dimension weigh ${total}% together: at most 100%`
            );
        perDimension.set(d.dimension, total);
    }
}

/** What a signal reads for one account as of a day; null = no reading (the signal has no effect then). */
export interface SignalReading {
    definition: SignalDefinition;
    /** The aggregated reading (latest value, average, count). */
    reading: number;
    /** 0-100 after the worst/best mapping. */
    score: number;
    /** Observations the reading used. */
    observations: number;
    /** Age in days of the newest observation used; null for an undated Account value. */
    age: number | null;
}

/** Per account: the observations of each signal, kept raw (a few per account) and read at scoring time. */
export class SignalFold {
    private readonly values = new Map<string, { day: number | null; value: number }[]>();
    ignoredAfterAsOf = 0;

    constructor(
        readonly definitions: readonly SignalDefinition[],
        private readonly asOfDay: number
    ) {}

    add(observation: SignalObservation): boolean {
        const definition = this.definitions.find((d) => d.name === observation.signal);
        if (!definition) return false;
        if (observation.value === null || !Number.isFinite(observation.value)) return true;
        const day =
            observation.date === null
                ? null
                : dayNumber(observation.date.slice(0, 10), `signal ${definition.name} date`);
        if (day !== null && day > this.asOfDay) {
            this.ignoredAfterAsOf++;
            return true;
        }
        let list = this.values.get(definition.name);
        if (!list) this.values.set(definition.name, (list = []));
        list.push({ day, value: observation.value });
        return true;
    }

    /** The readings of the signals of one dimension, in definition order. */
    readings(dimension: Dimension): SignalReading[] {
        const readings: SignalReading[] = [];
        for (const definition of this.definitions) {
            if (definition.dimension !== dimension) continue;
            const reading = readSignal(definition, this.values.get(definition.name) ?? [], this.asOfDay);
            if (reading) readings.push(reading);
        }
        return readings;
    }
}

export function signalScore(definition: SignalDefinition, reading: number): number {
    const t = (reading - definition.worst) / (definition.best - definition.worst);
    return 100 * Math.min(1, Math.max(0, t));
}

/** Reads one signal's observations as of `asOfDay` (those after it are already dropped). */
export function readSignal(
    definition: SignalDefinition,
    values: readonly { day: number | null; value: number }[],
    asOfDay: number
): SignalReading | null {
    const window = definition.windowDays;
    // Within the window: age 0 .. windowDays - 1 (the as-of day and the windowDays - 1 days before); undated always.
    const inWindow = values.filter((v) => v.day === null || window === null || asOfDay - v.day < window);
    const newestAge = (list: readonly { day: number | null }[]): number | null => {
        let age: number | null = null;
        for (const v of list)
            if (v.day !== null) age = age === null ? asOfDay - v.day : Math.min(age, asOfDay - v.day);
        return age;
    };
    let reading: number;
    let used: { day: number | null; value: number }[];
    if (definition.aggregation === 'count') {
        used = inWindow;
        reading = used.length;
    } else if (inWindow.length === 0) {
        return null;
    } else if (definition.aggregation === 'average') {
        used = inWindow;
        reading = used.reduce((sum, v) => sum + v.value, 0) / used.length;
    } else {
        // Latest: the newest dated value (an undated current value counts as newest); ties: the last one given.
        let latest = inWindow[0] as { day: number | null; value: number };
        for (const v of inWindow)
            if (v.day === null || (latest.day !== null && v.day >= latest.day)) latest = v;
        used = [latest];
        reading = latest.value;
    }
    return {
        definition,
        reading,
        score: signalScore(definition, reading),
        observations: used.length,
        age: newestAge(used)
    };
}

function formatNumber(value: number): string {
    return Number.isInteger(value)
        ? String(value)
        : value.toFixed(Math.abs(value) < 10 ? 2 : 1).replace(/\.?0+$/, '');
}

/** The driver sentence, in the admin's words: "NPS survey: 32 (latest, 40 days ago)". */
export function signalLabel(r: SignalReading): string {
    const d = r.definition;
    const when =
        r.age === null ? '' : r.age === 0 ? ', today' : `, ${r.age} day${r.age === 1 ? '' : 's'} ago`;
    if (d.aggregation === 'count') return `${d.label}: ${r.reading} in the last ${d.windowDays} days`;
    if (d.aggregation === 'average')
        return `${d.label}: average ${formatNumber(r.reading)} over the last ${d.windowDays} days (${r.observations} value${r.observations === 1 ? '' : 's'})`;
    return `${d.label}: ${formatNumber(r.reading)}${r.age === null ? '' : ` (latest${when})`}`;
}

export const SIGNAL_DRIVER_PREFIX = 'SIGNAL_';

/** The shape of a dimension in score.ts: parts whose values add up to the score. */
interface DimensionLike {
    score: number;
    parts: {
        baseline?: boolean;
        code: string;
        label: string;
        value: number;
        neutral: number;
        recordId?: string;
    }[];
}

/**
 * Folds a dimension's signal readings into it: each signal takes its weight (% of the dimension) and the
 * built-in parts keep the rest, scaled together; a dimension without built-in data is made of its signals alone
 * (their weights renormalised). Values and neutrals are scaled alike, so parts still add up to the score and
 * the decomposition into drivers stays exact. No reading: the dimension is unchanged.
 */
export function withSignals<D extends DimensionLike>(
    dimension: D | null,
    readings: readonly SignalReading[]
): D | DimensionLike | null {
    if (readings.length === 0) return dimension;
    const total = readings.reduce((sum, r) => sum + r.definition.weight, 0);
    const own = dimension ? Math.max(0, 1 - total / 100) : 0;
    const scale = dimension ? 1 / 100 : 1 / total;
    const parts: DimensionLike['parts'] = [];
    if (dimension && own > 0)
        for (const part of dimension.parts)
            parts.push({ ...part, value: part.value * own, neutral: part.neutral * own });
    for (const r of readings) {
        const share = r.definition.weight * scale;
        parts.push({
            code: `${SIGNAL_DRIVER_PREFIX}${r.definition.name}`,
            label: signalLabel(r),
            value: share * r.score,
            neutral: share * 50
        });
    }
    const score = Math.min(
        100,
        Math.max(
            0,
            parts.reduce((sum, p) => sum + p.value, 0)
        )
    );
    return { ...(dimension ?? {}), score, parts };
}
