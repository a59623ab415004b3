/**
 * The sync's failed-rows file: every row the org refused, with its error, in a file a person can open and that
 * can be loaded again as written. It is never lost:
 * - one file per as-of date, `sync-failed-<as-of>.csv`: a rerun replaces it whole (written aside, renamed into
 *   place), and a rerun with no failures removes it, so an earlier run's file is never taken for this one's;
 * - an unwritable results folder falls back to a folder under the system temp dir (and says so); if that fails
 *   too the rows are returned as CSV text for the command to print;
 * - a path equal to an input file is refused before the run starts.
 * Cells keep the Bulk API 2.0 meaning of the write that failed: an empty cell = the field was not written
 * (unchanged), `#N/A` = the field was cleared; cells a spreadsheet would run as a formula are neutralised
 * (reversibly, scripts/salesforce/csv.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FlatRecord, RowFailure } from '../salesforce/client';
import { UsageError } from '../salesforce/errors';
import { peopleCsvCell, writePeopleCsv } from '../salesforce/csv';

export interface FailedWrite {
    object: string;
    operation: string;
    failure: RowFailure;
}

export interface FailedRowsOutcome {
    /** Where the rows are (null: no folder could be written; see `unwritten`). */
    file: string | null;
    /** Set when the results folder could not be written and the file went elsewhere. */
    fallbackFrom: { dir: string; reason: string } | null;
    /** The failed rows as CSV text when no file could be written at all (the command prints them). */
    unwritten: string | null;
    /** A failed-rows file of an earlier run for the same as-of date, removed because nothing failed now. */
    staleRemoved: string | null;
}

/** The first columns of the file; data columns follow (the record key first). */
export const FAILED_ROWS_COLUMNS = ['object', 'operation', 'errorCode', 'message'] as const;
const HEADER_PREFIX = FAILED_ROWS_COLUMNS.join(',');

/** Where failed rows go when the results folder cannot be written (TMPDIR as the environment says now). */
export const FALLBACK_DIR = (): string =>
    path.join(process.env.TMPDIR || os.tmpdir(), 'health-score-reports');

export function failedRowsPath(dir: string, asOf: string): string {
    return path.join(dir, `sync-failed-${asOf}.csv`);
}

/** True when two paths name the same file (also through links, or before the second exists). */
export function sameFile(a: string, b: string): boolean {
    if (path.resolve(a) === path.resolve(b)) return true;
    try {
        const sa = fs.statSync(a);
        const sb = fs.statSync(b);
        return sa.dev === sb.dev && sa.ino === sb.ino;
    } catch {
        return false;
    }
}

/** Refuses (exit 2) a failed-rows path that is one of the run's input files: writing it would destroy the input. */
export function assertNotInput(output: string, inputs: readonly (string | undefined)[]): void {
    for (const input of inputs) {
        if (input && sameFile(output, input))
            throw new UsageError(
                'RESULTS_FILE_IS_INPUT',
                `the failed-rows file ${output} is the input file ${input}`,
                'pass another --results-dir: the input would be overwritten'
            );
    }
}

function isFailedRowsFile(file: string): boolean {
    try {
        const fd = fs.openSync(file, 'r');
        try {
            const buffer = Buffer.alloc(HEADER_PREFIX.length);
            fs.readSync(fd, buffer, 0, buffer.length, 0);
            return buffer.toString('utf8') === HEADER_PREFIX;
        } finally {
            fs.closeSync(fd);
        }
    } catch {
        return false;
    }
}

/** The data columns of the failed rows: the key (Id, then external ids) first, then every field in first-seen order. */
function dataColumns(failures: readonly FailedWrite[]): string[] {
    const seen = new Set<string>();
    for (const { failure } of failures) for (const key of Object.keys(failure.row)) seen.add(key);
    const keys = [...seen];
    const rank = (c: string): number => (c === 'Id' ? 0 : /Key__c$|^Snapshot_Key__c$/.test(c) ? 1 : 2);
    return keys.sort((a, b) => rank(a) - rank(b) || keys.indexOf(a) - keys.indexOf(b));
}

/** A row's cell in Bulk API 2.0 terms: '' = not written (unchanged), #N/A = cleared. */
function cell(row: FlatRecord, column: string): string | number | boolean {
    if (!(column in row)) return '';
    const value = row[column];
    return value === null || value === undefined ? '#N/A' : value;
}

function records(failures: readonly FailedWrite[], columns: readonly string[]): Record<string, unknown>[] {
    return failures.map(({ object, operation, failure }) => {
        const record: Record<string, unknown> = {
            object,
            operation,
            errorCode: failure.errorCode,
            message: failure.message
        };
        for (const column of columns) record[column] = cell(failure.row, column);
        return record;
    });
}

export function writeFailedRows(options: {
    dir: string;
    asOf: string;
    failures: readonly FailedWrite[];
}): FailedRowsOutcome {
    const outcome: FailedRowsOutcome = {
        file: null,
        fallbackFrom: null,
        unwritten: null,
        staleRemoved: null
    };
    const target = failedRowsPath(options.dir, options.asOf);
    if (options.failures.length === 0) {
        if (fs.existsSync(target) && isFailedRowsFile(target)) {
            try {
                fs.rmSync(target);
                outcome.staleRemoved = target;
            } catch {
                // A file we cannot remove is left; the summary still says nothing failed.
            }
        }
        return outcome;
    }
    const data = dataColumns(options.failures);
    const columns = [...FAILED_ROWS_COLUMNS, ...data];
    const rows = records(options.failures, data);
    try {
        outcome.file = writePeopleCsv(target, columns, rows);
        return outcome;
    } catch (error) {
        outcome.fallbackFrom = {
            dir: options.dir,
            reason:
                error instanceof Error
                    ? ((error as NodeJS.ErrnoException).code ?? error.message)
                    : String(error)
        };
    }
    try {
        outcome.file = writePeopleCsv(failedRowsPath(FALLBACK_DIR(), options.asOf), columns, rows);
    } catch {
        outcome.unwritten = [
            columns.map(peopleCsvCell).join(','),
            ...rows.map((r) => columns.map((c) => peopleCsvCell(r[c])).join(','))
        ].join('\n');
    }
    return outcome;
}
