import fc from 'fast-check';
import { CsvError, CsvParser, parseCsv } from './csv';

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
});
