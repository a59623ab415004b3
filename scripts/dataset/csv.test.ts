import fc from 'fast-check';
import { CsvError, CsvParser, parseCsv } from './csv';
import type { CsvRow } from './csv';

// The previous character-by-character parser, kept here as the oracle the fast parser must agree with.
class ReferenceParser {
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

function outcome(run: () => CsvRow[]): CsvRow[] | string {
    try {
        return run();
    } catch (error) {
        return (error as Error).message;
    }
}

describe('CSV parser (RFC 4180)', () => {
    it('parses plain rows with LF and CRLF line ends and a BOM', () => {
        expect(parseCsv('\uFEFFId,Name\r\n1,Acme\n2,Globex\r\n')).toEqual([
            { line: 1, fields: ['Id', 'Name'] },
            { line: 2, fields: ['1', 'Acme'] },
            { line: 3, fields: ['2', 'Globex'] }
        ]);
    });

    it('handles quotes, escaped quotes, commas and newlines inside quotes, empty fields', () => {
        const rows = parseCsv('a,b,c\n"x, y","say ""hi""","line1\nline2"\n,,\n"",z,\n4,5,6');
        expect(rows).toEqual([
            { line: 1, fields: ['a', 'b', 'c'] },
            { line: 2, fields: ['x, y', 'say "hi"', 'line1\nline2'] },
            { line: 4, fields: ['', '', ''] },
            { line: 5, fields: ['', 'z', ''] },
            { line: 6, fields: ['4', '5', '6'] }
        ]);
    });

    it('skips blank lines', () => {
        expect(parseCsv('a\n\n b\n')).toEqual([
            { line: 1, fields: ['a'] },
            { line: 3, fields: [' b'] }
        ]);
    });

    it('rejects malformed quoting with the line number', () => {
        expect(() => parseCsv('a,b\n1,"open\n')).toThrow(CsvError);
        expect(() => parseCsv('a,b\n1,"open\n')).toThrow(/line 2: unterminated/);
        expect(() => parseCsv('a\nx"y\n')).toThrow(/line 2: a quote inside an unquoted field/);
        expect(() => parseCsv('a\n"x"y\n')).toThrow(/line 2: text after a closing quote/);
    });

    it('gives the same rows however the input is chunked', () => {
        const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é') });
        const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), {
            minLength: 1,
            maxLength: 6
        });
        fc.assert(
            fc.property(table, fc.array(fc.nat(), { maxLength: 10 }), fc.boolean(), (cells, cuts, crlf) => {
                const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
                const text = cells.map((row) => row.map(quote).join(',')).join(crlf ? '\r\n' : '\n');
                const whole = parseCsv(text);
                expect(whole.map((row) => row.fields)).toEqual(cells);
                const parser = new CsvParser();
                const positions = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort(
                    (a, b) => a - b
                );
                const chunked = [];
                let last = 0;
                for (const position of [...positions, text.length]) {
                    chunked.push(...parser.push(text.slice(last, position)));
                    last = position;
                }
                chunked.push(...parser.end());
                expect(chunked).toEqual(whole);
            })
        );
    });

    it('agrees with the character-by-character reference on any text, valid or not, however it is chunked', () => {
        const text = fc.string({ unit: fc.constantFrom('a', 'bc', ',', '"', '""', '\n', '\r', '\r\n', ' ') });
        fc.assert(
            fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (input, cuts) => {
                const expected = outcome(() => {
                    const parser = new ReferenceParser();
                    return [...parser.push(input), ...parser.end()];
                });
                const positions = [...new Set(cuts.map((cut) => cut % (input.length + 1)))].sort(
                    (a, b) => a - b
                );
                const actual = outcome(() => {
                    const parser = new CsvParser();
                    const rows: CsvRow[] = [];
                    let last = 0;
                    for (const position of [...positions, input.length]) {
                        rows.push(...parser.push(input.slice(last, position)));
                        last = position;
                    }
                    return [...rows, ...parser.end()];
                });
                expect(actual).toEqual(expected);
            }),
            { numRuns: 3000 }
        );
    });

    it('skips the columns it is told not to keep, on plain and quoted rows alike', () => {
        const text = fc.string({ unit: fc.constantFrom('a', 'bc', ',', '"', '""', '\n', '\r\n', ' ') });
        fc.assert(
            fc.property(text, fc.array(fc.boolean(), { maxLength: 5 }), (input, keep) => {
                const all = outcome(() => parseCsv(input));
                const kept = outcome(() => {
                    const parser = new CsvParser({ keep });
                    return [...parser.push(input), ...parser.end()];
                });
                if (typeof all === 'string') return expect(kept).toBe(all);
                expect(kept).toEqual(
                    all.map((row) => ({
                        line: row.line,
                        fields: row.fields.map((field, i) => (keep[i] === false ? '' : field))
                    }))
                );
            }),
            { numRuns: 1000 }
        );
    });

    it('skips the columns it is told not to keep', () => {
        const parser = new CsvParser({ keep: [true, false, true] });
        expect([...parser.push('a,"b,x",c\n1,2,3'), ...parser.end()]).toEqual([
            { line: 1, fields: ['a', '', 'c'] },
            { line: 2, fields: ['1', '', '3'] }
        ]);
    });
});
