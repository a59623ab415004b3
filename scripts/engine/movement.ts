// "Why did it move": a compact, versioned form of an account's top drivers (kept on every snapshot as
// Account_Health_Snapshot__c.Top_Drivers__c) and the diff of two of them: "−14 since 2026-10-21: −8 decision
// maker cold, −6 Sev2 opened". A model change is reported as such, never as customer behaviour.
//
// Self-contained on purpose (no imports): the Account card's healthMovement component carries a byte-identical
// copy (force-app/main/default/lwc/healthMovement/movementDiff.ts), checked by scripts/engine/movement.test.ts.

/** The encoding version written in `v`; a reader ignores versions it does not know. */
export const TOP_DRIVERS_VERSION = 1;
/** Top_Drivers__c is a Long Text Area of 4,000 characters. */
export const TOP_DRIVERS_MAX_CHARS = 4000;
const MAX_DRIVERS = 8;
const LABEL_MAX = 160;

/** [code, label, whole points, record Id or ""] */
export type CompactDriver = [string, string, number, string];

export interface TopDrivers {
    v: number;
    /** Model version that produced the drivers (Health_Model__mdt.Model_Version__c). */
    m: string;
    /** The score the drivers explain (null when Unknown). */
    s: number | null;
    d: CompactDriver[];
}

export interface DriverLike {
    code: string;
    label: string;
    points: number;
    recordId?: string;
}

/** One snapshot as the diff reads it. */
export interface MovementPoint {
    asOf: string;
    score: number | null;
    modelVersion: string | null;
    /** Top_Drivers__c as stored (blank on snapshots written before this field existed). */
    topDrivers: string | null;
}

export interface MovementItem {
    key: string;
    label: string;
    points: number;
}

export type Movement =
    | { kind: 'none'; reason: 'no-earlier' | 'no-score'; since: string | null }
    | { kind: 'model-changed'; since: string; from: string; to: string; change: number | null }
    | {
          kind: 'moved';
          since: string;
          change: number;
          items: MovementItem[];
          other: number;
          detailed: boolean;
      };

function clipLabel(label: string): string {
    return label.length > LABEL_MAX ? `${label.slice(0, LABEL_MAX - 1)}…` : label;
}

/**
 * The compact form of a result's drivers: the largest (by points, either sign) without the starting point, at
 * most 8, labels cut to 160 characters, fewer drivers when the JSON would pass 4,000 characters.
 */
export function encodeTopDrivers(result: {
    modelVersion: string;
    score: number | null;
    drivers: readonly DriverLike[];
}): string {
    const ranked = result.drivers
        .filter((d) => d.code !== 'BASELINE' && d.points !== 0)
        .map((d, i) => ({ d, i }))
        .sort((a, b) => Math.abs(b.d.points) - Math.abs(a.d.points) || a.i - b.i)
        .map(({ d }): CompactDriver => [d.code, clipLabel(d.label), d.points, d.recordId ?? '']);
    let count = Math.min(MAX_DRIVERS, ranked.length);
    for (;;) {
        const text = JSON.stringify({
            v: TOP_DRIVERS_VERSION,
            m: result.modelVersion,
            s: result.score,
            d: ranked.slice(0, count)
        });
        if (text.length <= TOP_DRIVERS_MAX_CHARS || count === 0) return text;
        count -= 1;
    }
}

/** Reads Top_Drivers__c; null when blank, not JSON, or a version this reader does not know. */
export function decodeTopDrivers(text: string | null | undefined): TopDrivers | null {
    if (!text) return null;
    try {
        const value = JSON.parse(text) as Partial<TopDrivers>;
        if (value === null || typeof value !== 'object' || value.v !== TOP_DRIVERS_VERSION) return null;
        if (!Array.isArray(value.d) || typeof value.m !== 'string') return null;
        const d = value.d.filter(
            (x): x is CompactDriver =>
                Array.isArray(x) &&
                typeof x[0] === 'string' &&
                typeof x[1] === 'string' &&
                typeof x[2] === 'number'
        );
        return { v: value.v, m: value.m, s: typeof value.s === 'number' ? value.s : null, d };
    } catch {
        return null;
    }
}

const keyOf = (d: CompactDriver): string => `${d[0]}|${d[3] || d[1]}`;

/**
 * What moved between two snapshots (`before` earlier than `after`). Drivers match by code and record (or label);
 * each item is the change of one driver's points; `other` is what the stored top drivers do not explain, so the
 * items plus `other` add up exactly to the change. Different model versions: 'model-changed', no driver diff.
 */
export function diffMovement(before: MovementPoint | null, after: MovementPoint, limit = 5): Movement {
    if (!before) return { kind: 'none', reason: 'no-earlier', since: null };
    if (before.modelVersion && after.modelVersion && before.modelVersion !== after.modelVersion)
        return {
            kind: 'model-changed',
            since: before.asOf,
            from: before.modelVersion,
            to: after.modelVersion,
            change: before.score !== null && after.score !== null ? after.score - before.score : null
        };
    if (before.score === null || after.score === null)
        return { kind: 'none', reason: 'no-score', since: before.asOf };
    const change = after.score - before.score;
    const then = decodeTopDrivers(before.topDrivers);
    const now = decodeTopDrivers(after.topDrivers);
    if (!then || !now)
        return { kind: 'moved', since: before.asOf, change, items: [], other: change, detailed: false };
    const deltas = new Map<string, MovementItem>();
    for (const d of now.d) deltas.set(keyOf(d), { key: keyOf(d), label: d[1], points: d[2] });
    for (const d of then.d) {
        const item = deltas.get(keyOf(d));
        if (item) item.points -= d[2];
        else deltas.set(keyOf(d), { key: keyOf(d), label: d[1], points: -d[2] });
    }
    const ranked = [...deltas.values()]
        .filter((item) => item.points !== 0)
        .sort(
            (a, b) => Math.abs(b.points) - Math.abs(a.points) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
        );
    const items = ranked.slice(0, limit);
    const other = change - items.reduce((sum, item) => sum + item.points, 0);
    return { kind: 'moved', since: before.asOf, change, items, other, detailed: true };
}

function signed(n: number): string {
    if (n > 0) return `+${n}`;
    return n < 0 ? `\u2212${-n}` : '0';
}

/** One line: "−14 since 2026-10-21: −8 <label>, −6 <label>" or "model changed from a to b". */
export function describeMovement(movement: Movement): string {
    if (movement.kind === 'none')
        return movement.reason === 'no-earlier'
            ? 'No earlier snapshot to compare with yet'
            : `No score to compare since ${movement.since ?? ''}`;
    if (movement.kind === 'model-changed')
        return `Model changed from ${movement.from} to ${movement.to} since ${movement.since}${movement.change === null ? '' : ` (${signed(movement.change)}, from the model, not the customer)`}`;
    const parts = movement.items.map((item) => `${signed(item.points)} ${item.label}`);
    if (movement.other !== 0 && movement.detailed) parts.push(`${signed(movement.other)} other drivers`);
    return `${signed(movement.change)} since ${movement.since}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}
