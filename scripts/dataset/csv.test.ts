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

describe('CSV parser edges (the Stryker run of csv.ts)', () => {
    /** Every row of `chunks` fed in turn, through onSpans first when `take` is given (rows it takes: spans). */
    function rowsOf(
        chunks: readonly string[],
        take?: (row: number) => boolean
    ): { rows: (CsvRow & { via: 'spans' | 'row' })[]; offered: number } {
        const parser = new CsvParser();
        const rows: (CsvRow & { via: 'spans' | 'row' })[] = [];
        let offered = 0;
        const onRow = (fields: string[], line: number) =>
            void rows.push({ line, fields: fields.slice(), via: 'row' });
        const onSpans = take
            ? (text: string, starts: Int32Array, ends: Int32Array, count: number, line: number) => {
                  if (!take(offered++)) return false;
                  const fields: string[] = [];
                  for (let k = 0; k < count; k++) fields.push(text.slice(starts[k], ends[k]));
                  rows.push({ line, fields, via: 'spans' });
                  return true;
              }
            : undefined;
        for (const chunk of chunks) parser.feed(chunk, onRow, onSpans);
        parser.finish(onRow, onSpans);
        return { rows, offered };
    }
    const plain = (result: { rows: (CsvRow & { via: string })[] }) =>
        result.rows.map(({ line, fields }) => ({ line, fields }));

    it('hands plain rows (quoted fields included) to the span handler as spans without their quotes', () => {
        const text = 'Id,Name\r\n1,"Acme, Inc."\n\n"2",\n3,"say ""hi"""\n4,"two\nlines"\n5,x"y\n';
        expect(() => rowsOf([text], () => true)).toThrow(/line 8: a quote inside an unquoted field/);
        const { rows, offered } = rowsOf([text.slice(0, text.indexOf('5,'))], () => true);
        expect(rows).toEqual([
            { line: 1, fields: ['Id', 'Name'], via: 'spans' },
            { line: 2, fields: ['1', 'Acme, Inc.'], via: 'spans' },
            { line: 4, fields: ['2', ''], via: 'spans' },
            // a doubled quote and a value across lines: the exact loop, to onRow only
            { line: 5, fields: ['3', 'say "hi"'], via: 'row' },
            { line: 6, fields: ['4', 'two\nlines'], via: 'row' }
        ]);
        expect(offered).toBe(3);
    });

    it('gives onRow the rows the span handler declines, with the same fields and lines', () => {
        const text = 'a,b,c\n1,,"3"\r\n,"",\n"x",y,"z"\nlast,row,here';
        const declined = rowsOf([text], () => false);
        expect(declined.rows.every((row) => row.via === 'row')).toBe(true);
        expect(declined.offered).toBe(4); // the last row has no line end: never cut in place
        expect(plain(declined)).toEqual(parseCsv(text));
        const some = rowsOf([text], (row) => row % 2 === 1);
        expect(some.rows.map((row) => row.via)).toEqual(['row', 'spans', 'row', 'spans', 'row']);
        expect(plain(some)).toEqual(parseCsv(text));
    });

    it('agrees with parseCsv through the span handler on any text, however it is chunked', () => {
        const text = fc.string({ unit: fc.constantFrom('a', 'bc', ',', '"', '""', '\n', '\r', '\r\n', ' ') });
        fc.assert(
            fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), fc.nat(), (input, cuts, mask) => {
                const positions = [...new Set(cuts.map((cut) => cut % (input.length + 1)))].sort(
                    (a, b) => a - b
                );
                const chunks: string[] = [];
                let last = 0;
                for (const position of [...positions, input.length]) {
                    chunks.push(input.slice(last, position));
                    last = position;
                }
                const expected = outcome(() => parseCsv(input));
                const actual = outcome(() =>
                    plain(rowsOf(chunks, (row) => ((mask >> (row % 30)) & 1) === 1))
                );
                expect(actual).toEqual(expected);
            }),
            { numRuns: 1000 }
        );
    });

    it('reads rows of more fields than its first span arrays hold (64), in place and as strings', () => {
        const header = Array.from({ length: 200 }, (_, i) => `c${i}`);
        const values = header.map((_, i) => (i % 7 === 0 ? `"v,${i}"` : `v${i}`));
        const text = `${header.join(',')}\n${values.join(',')}\n1,2\n`;
        const expected = [
            { line: 1, fields: header },
            { line: 2, fields: header.map((_, i) => (i % 7 === 0 ? `v,${i}` : `v${i}`)) },
            { line: 3, fields: ['1', '2'] }
        ];
        expect(plain(rowsOf([text], () => true))).toEqual(expected);
        expect(plain(rowsOf([text], () => false))).toEqual(expected);
        expect(parseCsv(text)).toEqual(expected);
    });

    it('strips a BOM only at the very start of the input, even after empty chunks', () => {
        expect(plain(rowsOf(['', '', '\uFEFFId,Name\n1,a\n']))).toEqual([
            { line: 1, fields: ['Id', 'Name'] },
            { line: 2, fields: ['1', 'a'] }
        ]);
        expect(plain(rowsOf(['\uFEFF', 'Id\n']))).toEqual([{ line: 1, fields: ['Id'] }]);
        // a BOM later in the text (a chunk's start included) is a character of the value
        expect(plain(rowsOf(['Id\n', '\uFEFF1\n', '2,\uFEFF\n']))).toEqual([
            { line: 1, fields: ['Id'] },
            { line: 2, fields: ['\uFEFF1'] },
            { line: 3, fields: ['2', '\uFEFF'] }
        ]);
        expect(parseCsv('\uFEFF\uFEFFa\n')).toEqual([{ line: 1, fields: ['\uFEFFa'] }]);
    });

    it('makes strings of the columns keepColumns names from the next row on (spans stay whole rows)', () => {
        for (const take of [() => true, () => false]) {
            const parser = new CsvParser();
            const rows: string[][] = [];
            const onRow = (fields: string[]) => {
                if (rows.length === 0) parser.keepColumns([true, false, true]);
                rows.push(fields.slice());
            };
            const onSpans = (text: string, starts: Int32Array, ends: Int32Array, count: number) => {
                if (rows.length === 0 || !take()) return false;
                rows.push(Array.from({ length: count }, (_, k) => text.slice(starts[k], ends[k])));
                return true;
            };
            parser.feed('a,b,c\n1,2,3\n"4",5,"6"\n7,"8""",9\n', onRow, onSpans);
            parser.finish(onRow, onSpans);
            // spans are of the whole row (the handler reads what it needs); strings only of the kept columns
            expect(rows).toEqual([
                ['a', 'b', 'c'],
                take() ? ['1', '2', '3'] : ['1', '', '3'],
                take() ? ['4', '5', '6'] : ['4', '', '6'],
                ['7', '', '9']
            ]);
        }
    });

    it('hands over every row a chunk completes at once, a row ended by a lone CR or cut by the exact loop too', () => {
        // Streaming: a row waits for the next chunk only when the chunk could still change it (a CR last).
        expect(new CsvParser().push('a\rb\nc\n')).toEqual([
            { line: 1, fields: ['a'] },
            { line: 2, fields: ['b'] },
            { line: 3, fields: ['c'] }
        ]);
        expect(new CsvParser().push('"a""b"\nc\n"d"""\n')).toEqual([
            { line: 1, fields: ['a"b'] },
            { line: 2, fields: ['c'] },
            { line: 3, fields: ['d"'] }
        ]);
        const parser = new CsvParser();
        expect(parser.push('x\r')).toEqual([]);
        expect(parser.push('\ny\r')).toEqual([{ line: 1, fields: ['x'] }]);
        expect(parser.push('z\n')).toEqual([
            { line: 2, fields: ['y'] },
            { line: 3, fields: ['z'] }
        ]);
        expect(parser.end()).toEqual([]);
    });

    it('counts a blank line after a row the exact loop read (a doubled quote, a lone CR)', () => {
        expect(parseCsv('"a""b"\n\nc\n\n\n"d""e"\r\n\r\nf\n')).toEqual([
            { line: 1, fields: ['a"b'] },
            { line: 3, fields: ['c'] },
            { line: 6, fields: ['d"e'] },
            { line: 8, fields: ['f'] }
        ]);
        expect(parseCsv('a\r\rb\r\n\nc')).toEqual([
            { line: 1, fields: ['a'] },
            { line: 3, fields: ['b'] },
            { line: 5, fields: ['c'] }
        ]);
    });

    it('names the line an error is on after values across lines and CR, CRLF and LF line ends', () => {
        expect(() => parseCsv('a\r"x\r\ny\rz"q\n')).toThrow(/^line 4: text after a closing quote$/);
        expect(() => parseCsv('a\r\nb\rc\n\nd"\n')).toThrow(/^line 5: a quote inside an unquoted field/);
        expect(() => parseCsv('a\n"b\n\n')).toThrow(/^line 2: unterminated quoted field$/);
        const error = (() => {
            try {
                parseCsv('h\n\r\n"open');
            } catch (caught) {
                return caught as CsvError;
            }
            return null;
        })();
        expect(error).toBeInstanceOf(CsvError);
        expect(error).toMatchObject({
            name: 'CsvError',
            code: 'CSV_INVALID',
            line: 3,
            problem: 'unterminated quoted field'
        });
    });
});
