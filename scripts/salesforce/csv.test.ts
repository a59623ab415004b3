import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import {
    CsvUploadBody,
    csvCell,
    PeopleCsvWriter,
    neutraliseFormula,
    parseCsv,
    parseCsvCells,
    peopleCsvCell,
    restoreFormulaCell,
    toCsv,
    writePeopleCsv
} from './csv';

describe('files meant for people: spreadsheet formulas are neutralised', () => {
    test.each(['=HYPERLINK("http://x","y")', '+cmd|/C calc!A0', '-2+3+cmd|x!A0', '@SUM(A1)', '\tx', '\rx'])(
        '%j gets a leading apostrophe',
        (value) => {
            expect(neutraliseFormula(value)).toBe(`'${value}`);
            expect(restoreFormulaCell(neutraliseFormula(value))).toBe(value);
        }
    );

    test('plain numbers and ordinary text are left alone', () => {
        for (const value of ['-5', '+1.5', '-2e3', '0', 'Acme', 'a=b', '', "it's"])
            expect(neutraliseFormula(value)).toBe(value);
    });

    test('apostrophes already in front of a trigger character survive a round trip', () => {
        expect(neutraliseFormula("'=x")).toBe("''=x");
        expect(restoreFormulaCell("''=x")).toBe("'=x");
        expect(neutraliseFormula("'-5")).toBe("''-5");
        expect(restoreFormulaCell("''-5")).toBe("'-5");
    });

    test('neutralise then restore is the identity for any text', () => {
        fc.assert(
            fc.property(
                fc.oneof(
                    fc.string(),
                    fc
                        .tuple(
                            fc.constantFrom("'", "''", ''),
                            fc.constantFrom('=', '+', '-', '@', '\t', '\r', '1'),
                            fc.string()
                        )
                        .map((parts) => parts.join(''))
                ),
                (value) => restoreFormulaCell(neutraliseFormula(value)) === value
            )
        );
    });

    test('peopleCsvCell quotes after neutralising', () => {
        expect(peopleCsvCell('=1,2')).toBe(`"'=1,2"`);
        expect(peopleCsvCell(null)).toBe('');
        expect(peopleCsvCell(-3)).toBe('-3');
    });

    test('the writer names the file only when closed and the content parses back to the neutralised cells', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-csv-'));
        try {
            const file = path.join(dir, 'sub', 'out.csv');
            const writer = new PeopleCsvWriter(file, ['line', 'value']);
            writer.write({ line: 2, value: '=1+1' });
            writer.write({ line: 3, value: 'plain, with comma' });
            expect(fs.existsSync(file)).toBe(false);
            writer.close();
            const parsed = parseCsv(fs.readFileSync(file, 'utf8'));
            expect(parsed.rows.map((r) => r.record)).toEqual([
                { line: '2', value: "'=1+1" },
                { line: '3', value: 'plain, with comma' }
            ]);
            expect(fs.readdirSync(path.dirname(file))).toEqual(['out.csv']);
            writePeopleCsv(file, ['a'], [{ a: '@x' }]);
            expect(fs.readFileSync(file, 'utf8')).toBe("a\n'@x\n");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    test('an unwritable folder fails before any row is written', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-csv-'));
        try {
            const blocker = path.join(dir, 'file');
            fs.writeFileSync(blocker, 'x');
            expect(() => new PeopleCsvWriter(path.join(blocker, 'out.csv'), ['a'])).toThrow();
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe('Bulk API 2.0 results through the one CSV parser', () => {
    test('records keyed by the trimmed header; BOM, CRLF, quoted new lines; keep skips columns', () => {
        const text =
            '\uFEFFsf__Id,sf__Created, Name \r\n001,true,"Acme, ""Inc""\r\nWest"\r\n002,false,Globex\r\n';
        expect(parseCsv(text)).toEqual({
            header: ['sf__Id', 'sf__Created', 'Name'],
            rows: [
                { record: { sf__Id: '001', sf__Created: 'true', Name: 'Acme, "Inc"\r\nWest' }, line: 2 },
                { record: { sf__Id: '002', sf__Created: 'false', Name: 'Globex' }, line: 4 }
            ]
        });
        expect(parseCsvCells(text, (column) => column <= 1).map((r) => r.cells)).toEqual([
            ['sf__Id', 'sf__Created', ''],
            ['001', 'true', ''],
            ['002', 'false', '']
        ]);
        expect(() => parseCsv('a\n"open')).toThrow(/unterminated/);
    });
});

describe('Bulk upload body written as bytes', () => {
    const line = (columns: string[], record: Record<string, string>): string =>
        columns.map((c) => csvCell(record[c])).join(',');

    test('the same bytes as the CSV text of the same rows, for any rows; take() starts again at the header', () => {
        const columns = ['Id', 'Name', 'Health_Explanation__c'];
        const cell = fc.oneof(
            fc.string(),
            fc.fullUnicodeString(),
            fc.constantFrom('a,b', 'x"y', 'l1\nl2', ' pad')
        );
        const record = fc.record({ Id: fc.string(), Name: cell, Health_Explanation__c: cell });
        fc.assert(
            fc.property(
                fc.array(record, { maxLength: 40 }),
                fc.array(record, { maxLength: 5 }),
                (first, second) => {
                    const body = new CsvUploadBody(columns.map(csvCell).join(','));
                    for (const r of first) body.add(line(columns, r));
                    expect(body.rows).toBe(first.length);
                    expect(body.bytes).toBe(Buffer.byteLength(toCsv(columns, first)));
                    expect(body.take().toString('utf8')).toBe(toCsv(columns, first));
                    expect(body.rows).toBe(0);
                    for (const r of second) body.add(line(columns, r));
                    expect(body.take().toString('utf8')).toBe(toCsv(columns, second));
                }
            )
        );
    });

    test('planned lines: the buffer grows once, to about their size (not doubled); never past maxBytes', () => {
        const line = (i: number): string => `001T${String(i).padStart(14, '0')},${'x'.repeat(3000)}`;
        const planned = new CsvUploadBody('Id,Health_Drivers__c');
        planned.plan(2000);
        for (let i = 0; i < 2000; i++) planned.add(line(i));
        expect(planned.capacity).toBeLessThanOrEqual(planned.bytes * 1.15);
        expect(planned.take().toString('utf8').split('\n')).toHaveLength(2002);
        const capped = new CsvUploadBody('Id,Health_Drivers__c', 1_000_000);
        capped.plan(100_000);
        for (let i = 0; i < 300; i++) capped.add(line(i));
        expect(capped.capacity).toBeLessThanOrEqual(1_000_000);
        expect(capped.take().toString('utf8')).toBe(
            `Id,Health_Drivers__c\n${Array.from({ length: 300 }, (_, i) => line(i)).join('\n')}\n`
        );
    });

    test('grows past its first allocation without losing bytes (multi-byte text, lines of 100,000 bytes)', () => {
        const body = new CsvUploadBody('Id,Text');
        const lines = Array.from({ length: 30 }, (_, i) => `${i},${'é€😀x'.repeat(i * 2500)}`);
        for (const l of lines) body.add(l);
        expect(body.take().toString('utf8')).toBe(`Id,Text\n${lines.join('\n')}\n`);
    });
});
