// A small streaming RFC 4180 CSV parser: comma separated, fields optionally in double quotes, "" inside quotes
// is a quote, quoted fields may span lines, CRLF or LF line ends, optional UTF-8 BOM. Chunks can split
// anywhere (even inside a quote or between CR and LF); each row is reported with the line it started on.

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

export class CsvParser {
    private field = '';
    private fields: string[] = [];
    private inQuotes = false;
    /** The previous character closed a quoted section (a quote or a separator must follow). */
    private afterQuote = false;
    private pendingCR = false;
    private quotedCR = false;
    private line = 1;
    private rowLine = 1;
    private started = false;
    private rowHasContent = false;

    /** Parses a chunk and returns the rows it completed. */
    push(chunk: string): CsvRow[] {
        const rows: CsvRow[] = [];
        let i = 0;
        if (!this.started) {
            this.started = true;
            if (chunk.charCodeAt(0) === 0xfeff) i = 1;
        }
        for (; i < chunk.length; i++) {
            const ch = chunk[i] as string;
            if (this.pendingCR) {
                this.pendingCR = false;
                if (ch === '\n') continue; // the LF of a CRLF already ended the row
            }
            if (this.inQuotes) {
                if (ch === '"') {
                    this.quotedCR = false;
                    this.inQuotes = false;
                    this.afterQuote = true;
                } else {
                    // CR, LF and CRLF each end one line, even when a chunk splits the CRLF.
                    if (ch === '\r' || (ch === '\n' && !this.quotedCR)) this.line++;
                    this.quotedCR = ch === '\r';
                    this.field += ch;
                }
                continue;
            }
            if (ch === '"') {
                if (this.afterQuote) {
                    // "" inside a quoted field: a literal quote.
                    this.field += '"';
                    this.inQuotes = true;
                    this.afterQuote = false;
                } else if (this.field === '') {
                    this.inQuotes = true;
                    this.rowHasContent = true;
                } else {
                    throw new CsvError(this.line, 'a quote inside an unquoted field (quote the whole field)');
                }
                continue;
            }
            if (ch === ',') {
                this.fields.push(this.field);
                this.field = '';
                this.afterQuote = false;
                this.rowHasContent = true;
                continue;
            }
            if (ch === '\n' || ch === '\r') {
                this.endRow(rows);
                this.line++;
                this.rowLine = this.line;
                if (ch === '\r') this.pendingCR = true;
                continue;
            }
            if (this.afterQuote) throw new CsvError(this.line, 'text after a closing quote');
            this.field += ch;
            this.rowHasContent = true;
        }
        return rows;
    }

    /** Flushes the last row; fails on an unterminated quote. */
    end(): CsvRow[] {
        if (this.inQuotes) throw new CsvError(this.rowLine, 'unterminated quoted field');
        const rows: CsvRow[] = [];
        this.endRow(rows);
        return rows;
    }

    private endRow(rows: CsvRow[]): void {
        if (this.rowHasContent || this.field !== '') {
            this.fields.push(this.field);
            rows.push({ line: this.rowLine, fields: this.fields });
        }
        this.fields = [];
        this.field = '';
        this.afterQuote = false;
        this.rowHasContent = false;
    }
}

/** Parses a whole CSV text (convenience for tests and small files). */
export function parseCsv(text: string): CsvRow[] {
    const parser = new CsvParser();
    return [...parser.push(text), ...parser.end()];
}
