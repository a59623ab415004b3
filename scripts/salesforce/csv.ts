/**
 * RFC 4180 CSV, the format Bulk API 2.0 speaks: a header row of field names, `"` quoting with `""` escapes,
 * CRLF or LF line endings. Small on purpose: the sync, the usage push and the emulator share it.
 */

export type CsvRow = Record<string, string>;

/**
 * Splits CSV text into rows of cells; quoted cells may span lines. Returns the 1-based line each row starts on.
 * `keep` limits which columns are materialised (others come back empty): counting a large result is cheap.
 */
export function parseCsvCells(
    text: string,
    keep?: (column: number) => boolean
): { cells: string[]; line: number }[] {
    const rows: { cells: string[]; line: number }[] = [];
    let cells: string[] = [];
    let cell = '';
    let inQuotes = false;
    let line = 1;
    let rowLine = 1;
    let rowHasContent = false;
    const push = (): void => {
        cells.push(!keep || keep(cells.length) ? cell : '');
    };
    const endRow = (): void => {
        push();
        if (rowHasContent || cells.length > 1 || cell !== '') rows.push({ cells, line: rowLine });
        cells = [];
        cell = '';
        rowHasContent = false;
    };
    for (let i = 0; i < text.length; i++) {
        const ch = text[i] as string;
        if (inQuotes) {
            if (ch === '"') {
                if (text[i + 1] === '"') {
                    cell += '"';
                    i++;
                } else inQuotes = false;
            } else {
                if (ch === '\n') line++;
                cell += ch;
            }
            continue;
        }
        if (ch === '"') {
            inQuotes = true;
            rowHasContent = true;
        } else if (ch === ',') {
            push();
            cell = '';
            rowHasContent = true;
        } else if (ch === '\n' || ch === '\r') {
            if (ch === '\r' && text[i + 1] === '\n') i++;
            endRow();
            line++;
            rowLine = line;
        } else {
            cell += ch;
            rowHasContent = true;
        }
    }
    if (cell !== '' || cells.length > 0 || rowHasContent) endRow();
    if (inQuotes) throw new Error(`CSV: unterminated quoted cell starting on line ${rowLine}`);
    return rows;
}

/** Parses CSV text with a header row into records keyed by the header names (empty cell = ''). */
export function parseCsv(text: string): { header: string[]; rows: { record: CsvRow; line: number }[] } {
    const all = parseCsvCells(text.replace(/^\uFEFF/, ''));
    const first = all.shift();
    if (!first) return { header: [], rows: [] };
    const header = first.cells.map((h) => h.trim());
    const rows = all.map(({ cells, line }) => {
        const record: CsvRow = {};
        header.forEach((name, index) => {
            record[name] = cells[index] ?? '';
        });
        return { record, line };
    });
    return { header, rows };
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
