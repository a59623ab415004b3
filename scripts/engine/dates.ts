// Calendar-date arithmetic on `YYYY-MM-DD` strings, as whole UTC day numbers. No clock is ever read here.
import type { IsoDate } from './types';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** Bad input the engine cannot score (a malformed date, a missing id). */
export class EngineInputError extends Error {
    readonly code = 'ENGINE_INPUT_INVALID';
    constructor(
        message: string,
        readonly field: string,
        readonly hint = 'Dates must be YYYY-MM-DD (a date-time is cut to its date part).'
    ) {
        super(message);
        this.name = 'EngineInputError';
    }
}

/** Days since 1970-01-01 for a `YYYY-MM-DD` date (a longer ISO date-time is cut to its date), or NaN. */
export function tryDayNumber(value: string): number {
    const match = ISO_DATE.exec(value);
    if (!match) return Number.NaN;
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (month < 1 || month > 12 || day < 1 || day > 31) return Number.NaN;
    if (day > daysInMonth(year, month)) return Number.NaN;
    return daysFromCivil(year, month, day);
}

function daysInMonth(year: number, month: number): number {
    if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
    return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Proleptic Gregorian calendar <-> day number (H. Hinnant's algorithms): pure arithmetic, no Date object.
function daysFromCivil(year: number, month: number, day: number): number {
    const y = month <= 2 ? year - 1 : year;
    const era = Math.floor(y / 400);
    const yoe = y - era * 400;
    const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
    const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
}

// Real data repeats the same few thousand dates millions of times: memoise both directions (bounded).
const CACHE_LIMIT = 50_000;
const dayCache = new Map<string, number>();
const isoCache = new Map<number, string>();

/** tryDayNumber, memoised. */
function cachedDayNumber(value: string): number {
    let day = dayCache.get(value);
    if (day === undefined) {
        day = tryDayNumber(value);
        if (dayCache.size >= CACHE_LIMIT) dayCache.clear();
        dayCache.set(value, day);
    }
    return day;
}

export function dayNumber(value: IsoDate, field = 'date'): number {
    const day = cachedDayNumber(value);
    if (Number.isNaN(day)) {
        throw new EngineInputError(`${field}: "${value}" is not a valid YYYY-MM-DD date`, field);
    }
    return day;
}

export function isoFromDayNumber(dayNumberValue: number): IsoDate {
    let iso = isoCache.get(dayNumberValue);
    if (iso === undefined) {
        iso = formatDayNumber(dayNumberValue);
        if (isoCache.size >= CACHE_LIMIT) isoCache.clear();
        isoCache.set(dayNumberValue, iso);
    }
    return iso;
}

function formatDayNumber(dayNumberValue: number): IsoDate {
    const z = dayNumberValue + 719468;
    const era = Math.floor(z / 146097);
    const doe = z - era * 146097;
    const yoe = Math.floor(
        (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365
    );
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
