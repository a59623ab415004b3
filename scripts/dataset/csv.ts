// The project's one CSV reader (dataset files, usage files, Bulk API 2.0 results, the emulator's uploads).
// RFC 4180: comma separated, fields optionally in double quotes, "" inside quotes is a quote, quoted fields may
// span lines, CRLF, LF or CR line ends, optional UTF-8 BOM. Streaming: chunks can split anywhere (inside a
// quote, between CR and LF); each row is reported with the line it started on.
//
// Built for speed on exports of millions of rows (docs/engine.md "Performance"): a field is one slice of the
// chunk (no character-by-character string building), rows go to a callback in one reused array (no array per
// row), and columns the caller does not need are skipped without creating a string. A row with no lone CR whose
// quoted fields (if any) close on the row and hold no doubled quote (nearly every row of an export) is cut at
// commas and quotes found by native indexOf, not character by character (Task.csv of the 10M bench, all columns:
// 8.1-9.5 -> 6.0 s CPU; its rows with a quoted Subject, one in six, then still took the character loop). Measured
// against csv-parse 6 on the same file: scripts/bench/csvParsers.ts.

export class CsvError extends Error {
    readonly code = 'CSV_INVALID';
    constructor(
        readonly line: number,
        readonly problem: string
    ) {
        super(`line ${line}: ${problem}`);
        this.name = 'CsvError';
    }
}

export interface CsvRow {
    /** 1-based line number where the row starts. */
    line: number;
    fields: string[];
}

/**
 * Receives each row. `fields` is the same array for every row (copy what you keep); its length is the row's
 * field count.
 */
export type CsvRowHandler = (fields: string[], line: number) => void;

/**
 * Optionally receives the rows the fast path cuts (below) as spans of the text before any string is made: field k
 * (k < count) is text.slice(starts[k], ends[k]) (a quoted field without its quotes). Answers true when it took the
 * row; false: the row's fields are made into strings and it goes to the CsvRowHandler as usual. `text`, `starts`
 * and `ends` are valid only during the call (copy what you keep). Every other row goes to the CsvRowHandler only.
 */
export type CsvSpanHandler = (
    text: string,
    starts: Int32Array,
    ends: Int32Array,
    count: number,
    line: number
) => boolean;

export interface CsvParserOptions {
    /** Columns to read (by index); other columns come back as ''. Default: all. */
    keep?: readonly boolean[];
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The index of `char` in `text` at or after `from`, or text.length when there is none. */
function indexOrEnd(text: string, char: string, from: number): number {
    const at = text.indexOf(char, from);
    return at < 0 ? text.length : at;
}

/** A copy of `spans` twice as long. */
function grown(spans: Int32Array): Int32Array {
    const bigger = new Int32Array(2 * spans.length);
    bigger.set(spans);
    return bigger;
}

/** Line breaks inside a quoted value (CR, LF and CRLF each count one). */
function lineBreaks(text: string, from: number, to: number): number {
    let count = 0;
    for (let i = from; i < to; i++) {
        const c = text.charCodeAt(i);
        if (c === LF) count++;
        else if (c === CR && text.charCodeAt(i + 1) !== LF) count++;
    }
    return count;
}

export class CsvParser {
    private rest = '';
    private line = 1;
    private started = false;
    private readonly fields: string[] = [];
    /** The fast path's field spans (see CsvSpanHandler), grown as rows need. */
    private starts: Int32Array = new Int32Array(64);
    private ends: Int32Array = new Int32Array(64);
    private keep: readonly boolean[] | undefined;

    constructor(options: CsvParserOptions = {}) {
        this.keep = options.keep;
    }

    /** Changes which columns are read from the next row on (e.g. once the header row is known). */
    keepColumns(keep: readonly boolean[] | undefined): void {
        this.keep = keep;
    }

    /** Parses a chunk and calls `onRow` (or first `onSpans`, see CsvSpanHandler) for every row it completes. */
    feed(chunk: string, onRow: CsvRowHandler, onSpans?: CsvSpanHandler): void {
        this.parse(chunk, onRow, onSpans, false);
    }

    /** Flushes the last row; fails on an unterminated quote. */
    finish(onRow: CsvRowHandler, onSpans?: CsvSpanHandler): void {
        this.parse('', onRow, onSpans, true);
    }

    /** Parses a chunk and returns the rows it completed (each with its own array). */
    push(chunk: string): CsvRow[] {
        const rows: CsvRow[] = [];
        this.feed(chunk, (fields, line) => rows.push({ line, fields: fields.slice() }));
        return rows;
    }

    /** Flushes the last row and returns it (if any). */
    end(): CsvRow[] {
        const rows: CsvRow[] = [];
        this.finish((fields, line) => rows.push({ line, fields: fields.slice() }));
        return rows;
    }

    private parse(
        chunk: string,
        onRow: CsvRowHandler,
        onSpans: CsvSpanHandler | undefined,
        final: boolean
    ): void {
        let text = this.rest === '' ? chunk : this.rest + chunk;
        this.rest = '';
        if (!this.started && text.length > 0) {
            this.started = true;
            if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        }
        const len = text.length;
        const fields = this.fields;
        let line = this.line;
        let pos = 0;
        // Where the next LF, quote, CR and comma are at or after `pos` (len: none left); -1: not looked up yet.
        // Each is found with one native indexOf that runs ahead of the rows, so the chunk is scanned once for each.
        let nextLf = -1;
        let nextQuote = -1;
        let nextCr = -1;
        let nextComma = -1;
        rows: while (pos < len) {
            // Fast path: a whole row up to an LF (or CRLF) with no other CR in it, whose quoted fields (if any) close
            // on the same row, hold no doubled quote and end at a comma or the row's end. Its fields are the text
            // between commas (inside the quotes for a quoted one), exactly what the general loop below makes of
            // such a row; any other row (a quote inside an unquoted field, a value across lines, "") is left to it.
            if (nextLf < pos) nextLf = indexOrEnd(text, '\n', pos);
            if (nextLf < len) {
                if (nextCr < pos) nextCr = indexOrEnd(text, '\r', pos);
                const end = nextCr === nextLf - 1 ? nextCr : nextLf;
                if (nextCr > nextLf || nextCr === end) {
                    if (end === pos) {
                        // A blank line: no row.
                        line++;
                        pos = nextLf + 1;
                        continue;
                    }
                    let starts = this.starts;
                    let ends = this.ends;
                    let count = 0;
                    let i = pos;
                    let plain = true;
                    for (;;) {
                        if (count === starts.length) {
                            starts = this.starts = grown(starts);
                            ends = this.ends = grown(ends);
                        }
                        if (nextQuote < i) nextQuote = indexOrEnd(text, '"', i);
                        if (nextQuote === i) {
                            const close = indexOrEnd(text, '"', i + 1);
                            const after = close + 1;
                            if (close > end || (after !== end && text.charCodeAt(after) !== COMMA)) {
                                plain = false;
                                break;
                            }
                            starts[count] = i + 1;
                            ends[count] = close;
                            count++;
                            if (after === end) break;
                            i = after + 1;
                            continue;
                        }
                        if (nextComma < i) nextComma = indexOrEnd(text, ',', i);
                        const stop = nextComma < end ? nextComma : end;
                        if (nextQuote < stop) {
                            plain = false;
                            break;
                        }
                        starts[count] = i;
                        ends[count] = stop;
                        count++;
                        if (stop === end) break;
                        i = stop + 1;
                    }
                    if (plain) {
                        const rowLine = line;
                        line++;
                        pos = nextLf + 1;
                        this.line = line;
                        if (onSpans !== undefined && onSpans(text, starts, ends, count, rowLine)) continue;
                        const keep = this.keep;
                        for (let k = 0; k < count; k++) {
                            const from = starts[k] as number;
                            const to = ends[k] as number;
                            fields[k] =
                                to > from && (keep === undefined || keep[k] !== false)
                                    ? text.slice(from, to)
                                    : '';
                        }
                        if (fields.length !== count) fields.length = count;
                        onRow(fields, rowLine);
                        continue;
                    }
                }
            }
            const rowStart = pos;
            // Read per row: keepColumns() may be called from onRow (after the header row).
            const keep = this.keep;
            const rowLine = line;
            let count = 0;
            let hasContent = false;
            let i = pos;
            for (;;) {
                const wanted = keep === undefined || keep[count] !== false;
                let c = i < len ? text.charCodeAt(i) : -1;
                let value = '';
                if (c === QUOTE) {
                    hasContent = true;
                    let start = i + 1;
                    let close = -1;
                    let incomplete = false;
                    for (;;) {
                        close = text.indexOf('"', start);
                        if (close < 0) {
                            incomplete = true;
                            break;
                        }
                        if (close + 1 >= len) {
                            incomplete = !final;
                            break;
                        }
                        if (text.charCodeAt(close + 1) !== QUOTE) break;
                        // "" inside a quoted field: a literal quote.
                        if (wanted) value += text.slice(start, close + 1);
                        start = close + 2;
                    }
                    if (incomplete) {
                        if (final) throw new CsvError(rowLine, 'unterminated quoted field');
                        this.keepRest(text, rowStart, rowLine);
                        return;
                    }
                    if (wanted) value += text.slice(start, close);
                    line += lineBreaks(text, i + 1, close);
                    i = close + 1;
                    c = i < len ? text.charCodeAt(i) : -1;
                    if (c !== COMMA && c !== LF && c !== CR && c !== -1)
                        throw new CsvError(line, 'text after a closing quote');
                } else {
                    let j = i;
                    while (j < len) {
                        c = text.charCodeAt(j);
                        if (c === COMMA || c === LF || c === CR) break;
                        if (c === QUOTE)
                            throw new CsvError(
                                line,
                                'a quote inside an unquoted field (quote the whole field)'
                            );
                        j++;
                    }
                    if (j >= len) {
                        if (!final) {
                            this.keepRest(text, rowStart, rowLine);
                            return;
                        }
                        c = -1;
                    }
                    if (j > i) {
                        hasContent = true;
                        if (wanted) value = text.slice(i, j);
                    }
                    i = j;
                }
                fields[count++] = value;
                if (c === COMMA) {
                    hasContent = true;
                    i++;
                    continue;
                }
                // End of the row: LF, CR, CRLF or the end of the input.
                if (c === CR) {
                    if (i + 1 >= len && !final) {
                        this.keepRest(text, rowStart, rowLine);
                        return;
                    }
                    i += text.charCodeAt(i + 1) === LF ? 2 : 1;
                    line++;
                } else if (c === LF) {
                    i++;
                    line++;
                }
                break;
            }
            pos = i;
            if (hasContent) {
                if (fields.length !== count) fields.length = count;
                this.line = line;
                onRow(fields, rowLine);
            }
        }
        this.line = line;
    }

    private keepRest(text: string, rowStart: number, rowLine: number): void {
        this.rest = text.slice(rowStart);
        this.line = rowLine;
    }
}

/** Parses a whole CSV text (convenience for tests and small files). */
export function parseCsv(text: string): CsvRow[] {
    const parser = new CsvParser();
    return [...parser.push(text), ...parser.end()];
}
