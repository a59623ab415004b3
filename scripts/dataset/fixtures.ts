// Test helpers for the in-place row readers (./activityRows): a row given as fields is handed over as the CSV
// parser hands a row it cuts in place (spans of one text), and the activity read comes back with its Ids as strings.
import type { ActivitySpans, EventRows, TaskRows } from './activityRows';

/** The fields as spans of one text (CsvSpanHandler): field k is text.slice(starts[k], ends[k]). */
export function spansOf(fields: readonly string[]): { text: string; starts: Int32Array; ends: Int32Array } {
    const starts = new Int32Array(fields.length);
    const ends = new Int32Array(fields.length);
    let at = 0;
    fields.forEach((field, k) => {
        starts[k] = at;
        ends[k] = at + field.length;
        at += field.length + 1;
    });
    return { text: fields.join(','), starts, ends };
}

/** reader.read of the row with these fields. */
export function readFields(reader: TaskRows | EventRows, fields: readonly string[]): number {
    const { text, starts, ends } = spansOf(fields);
    return reader.read(text, starts, ends);
}

/** The activity read, its Ids as strings (null for an empty span). */
export function codesOf(activity: ActivitySpans): {
    contactId: string | null;
    accountId: string | null;
    day: number;
    channel: number;
    outcome: number;
    ownerId: string | null;
} {
    const id = (start: number, end: number) => (end > start ? activity.text.slice(start, end) : null);
    return {
        contactId: id(activity.contactStart, activity.contactEnd),
        accountId: id(activity.accountStart, activity.accountEnd),
        day: activity.day,
        channel: activity.channel,
        outcome: activity.outcome,
        ownerId: id(activity.ownerStart, activity.ownerEnd)
    };
}
