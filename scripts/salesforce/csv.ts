/**
 * RFC 4180 CSV, the format Bulk API 2.0 speaks: a header row of field names, `"` quoting with `""` escapes,
 * CRLF or LF line endings. The sync, the usage push and the emulator share it. Reading goes through the
 * project's one CSV parser (scripts/dataset/csv.ts, streaming); this module adds records keyed by the header,
 * the Bulk upload writer (toCsv) and the writer for files meant for people (PeopleCsvWriter).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CsvParser } from '../dataset/csv';

export type CsvRow = Record<string, string>;

/**
 * Splits CSV text into rows of cells; quoted cells may span lines. Returns the 1-based line each row starts on.
 * `keep` limits which columns are materialised (others come back empty): counting a large result is cheap.
 * The one CSV parser of the project (scripts/dataset/csv.ts) does the work; malformed quoting throws CsvError.
 */
export function parseCsvCells(
    text: string,
    keep?: (column: number) => boolean
): { cells: string[]; line: number }[] {
    const rows: { cells: string[]; line: number }[] = [];
    const parser = new CsvParser();
    let masked = false;
    const onRow = (fields: string[], line: number): void => {
        if (keep && !masked) {
            // The first row shows how many columns there are: from then on the others are skipped unread.
            masked = true;
            parser.keepColumns(fields.map((_, i) => keep(i)));
            fields = fields.map((cell, i) => (keep(i) ? cell : ''));
        }
        rows.push({ cells: fields.slice(), line });
    };
    parser.feed(text, onRow);
    parser.finish(onRow);
    return rows;
}

/** Parses CSV text with a header row into records keyed by the header names (empty cell = ''). */
export function parseCsv(text: string): { header: string[]; rows: { record: CsvRow; line: number }[] } {
    const parser = new CsvParser();
    let header: string[] | null = null;
    const rows: { record: CsvRow; line: number }[] = [];
    const onRow = (fields: string[], line: number): void => {
        if (!header) {
            header = fields.map((h) => h.trim());
            return;
        }
        const record: CsvRow = {};
        for (let i = 0; i < header.length; i++) record[header[i] as string] = fields[i] ?? '';
        rows.push({ record, line });
    };
    parser.feed(text, onRow);
    parser.finish(onRow);
    return { header: header ?? [], rows };
}

export function csvCell(value: unknown): string {
    if (value === null || value === undefined) return '';
    const text = typeof value === 'string' ? value : String(value);
    return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Serialises records to CSV with the given columns (LF line endings, as Bulk API 2.0 jobs declare). */
export function toCsv(columns: readonly string[], records: Iterable<Record<string, unknown>>): string {
    const lines = [columns.map(csvCell).join(',')];
    for (const record of records) lines.push(columns.map((c) => csvCell(record[c])).join(','));
    return lines.join('\n') + '\n';
}

/**
 * A Bulk API 2.0 upload body (CSV, LF line endings), written straight into one Buffer as its lines are made:
 * no array of line strings, no joined text and no second copy for the request (jsforce sends a Buffer as is).
 * At ~3 KB an Account row, a 10,000-row upload is ~30 MB: held once instead of three times.
 */
export class CsvUploadBody {
    private readonly header: Buffer;
    private buffer: Buffer;
    private used = 0;
    /** Lines still expected (plan), to size the buffer once instead of doubling it. */
    private expected = 0;
    /** Data lines in the body (the header not counted). */
    rows = 0;

    /** `maxBytes`: the body is never grown past this size (the caller starts a new body there). */
    constructor(
        header: string,
        private readonly maxBytes = Number.MAX_SAFE_INTEGER
    ) {
        this.header = Buffer.from(`${header}\n`, 'utf8');
        this.buffer = this.fresh();
    }

    /** The body's size in bytes so far. */
    get bytes(): number {
        return this.used;
    }

    /** Bytes reserved for the body (its buffer's size). */
    get capacity(): number {
        return this.buffer.length;
    }

    /** Bytes a line adds (its text and the line ending). */
    static lineBytes(line: string): number {
        return Buffer.byteLength(line) + 1;
    }

    /** Says how many more lines are coming: the buffer then grows once, to their size at the average line. */
    plan(lines: number): void {
        this.expected = this.rows + lines;
    }

    /** Appends one line (given without its line ending); `bytes`: lineBytes(line), when the caller has it. */
    add(line: string, bytes = CsvUploadBody.lineBytes(line)): void {
        if (this.used + bytes > this.buffer.length) this.grow(this.used + bytes);
        this.used += this.buffer.write(line, this.used, 'utf8');
        this.buffer[this.used++] = 0x0a;
        this.rows += 1;
    }

    /** The body so far (a view of its bytes, not a copy); this instance starts again with the header only. */
    take(): Buffer {
        const body = this.buffer.subarray(0, this.used);
        this.buffer = this.fresh();
        this.rows = 0;
        this.expected = 0;
        return body;
    }

    private grow(needed: number): void {
        // The planned lines at the average size so far, plus an eighth; else (or when that is too small) double.
        const average = this.rows > 0 ? (this.used - this.header.length) / this.rows : 0;
        const planned =
            this.expected > this.rows
                ? Math.ceil(this.used + average * (this.expected - this.rows) * 1.125)
                : 0;
        const size = Math.max(
            needed,
            Math.min(planned > needed ? planned : this.buffer.length * 2, this.maxBytes)
        );
        const grown = Buffer.allocUnsafe(size);
        this.buffer.copy(grown, 0, 0, this.used);
        this.buffer = grown;
    }

    private fresh(): Buffer {
        const buffer = Buffer.allocUnsafe(Math.max(64 * 1024, this.header.length * 2));
        this.used = this.header.copy(buffer, 0);
        return buffer;
    }
}

/*
 * Files meant for people (usage rejects, sync failed rows) are opened in spreadsheets. A cell that starts with
 * = + - @ TAB or CR can be run as a formula there ("CSV injection", OWASP). Such a cell is written with a leading
 * apostrophe, which spreadsheets show as text. Plain numbers (-5, +1.5, -2e3) are left alone: a spreadsheet
 * reads them as numbers, never as formulas. The mapping is reversible (restoreFormulaCell), so a failed-rows or
 * rejects file can be re-loaded as written: a value that already starts with apostrophes before a trigger
 * character gets one more apostrophe, and reading removes exactly one.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The text a person's spreadsheet shows as-is: formula-like cells get a leading apostrophe. */
export function neutraliseFormula(text: string): string {
    return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** Undoes neutraliseFormula (for re-loading a rejects or failed-rows file). */
export function restoreFormulaCell(text: string): string {
    return FORMULA_START.test(text.slice(1)) && text.startsWith("'") && !PLAIN_NUMBER.test(text.slice(1))
        ? text.slice(1)
        : text;
}

/** One CSV cell for a file meant for people: formula-neutralised, then quoted as needed. */
export function peopleCsvCell(value: unknown): string {
    if (value === null || value === undefined) return '';
    return csvCell(neutraliseFormula(typeof value === 'string' ? value : String(value)));
}

/**
 * Streams rows into a CSV file meant for people (rejects, failed rows): a header, then one line per row, every
 * cell formula-neutralised. Rows go to `<file>.partial-<pid>` in the same folder and the file appears under its
 * name only on close(), so a reader never sees a half-written file and an older file is replaced whole.
 * Throws (ENOENT, EACCES...) at construction when the folder cannot be written, before any work is lost.
 */
export class PeopleCsvWriter {
    private readonly temp: string;
    private fd: number | null;
    private buffer = '';
    rows = 0;

    constructor(
        readonly file: string,
        readonly columns: readonly string[]
    ) {
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
        this.temp = `${file}.partial-${process.pid}`;
        this.fd = fs.openSync(this.temp, 'w', 0o600);
        this.buffer = `${columns.map(peopleCsvCell).join(',')}\n`;
    }

    write(record: Record<string, unknown>): void {
        let line = '';
        for (let i = 0; i < this.columns.length; i++) {
            if (i) line += ',';
            line += peopleCsvCell(record[this.columns[i] as string]);
        }
        this.buffer += `${line}\n`;
        this.rows++;
        if (this.buffer.length >= 1 << 16) this.flush();
    }

    /** Writes what is left and gives the file its name. */
    close(): string {
        this.flush();
        if (this.fd !== null) {
            fs.closeSync(this.fd);
            this.fd = null;
            fs.renameSync(this.temp, this.file);
        }
        return this.file;
    }

    /** Drops the partial file (the run ended before anything worth keeping was written). */
    discard(): void {
        if (this.fd !== null) {
            fs.closeSync(this.fd);
            this.fd = null;
            fs.rmSync(this.temp, { force: true });
        }
    }

    private flush(): void {
        if (this.fd === null || this.buffer === '') return;
        fs.writeSync(this.fd, this.buffer);
        this.buffer = '';
    }
}

/** Writes a whole CSV file meant for people (see PeopleCsvWriter); returns its path. */
export function writePeopleCsv(
    file: string,
    columns: readonly string[],
    records: Iterable<Record<string, unknown>>
): string {
    const writer = new PeopleCsvWriter(file, columns);
    try {
        for (const record of records) writer.write(record);
    } catch (error) {
        writer.discard();
        throw error;
    }
    return writer.close();
}
