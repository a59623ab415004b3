import fc from 'fast-check';
import { bulkRecords } from './client';
import { csvCell, parseCsv } from './csv';

/** The records of a page as the client made them before (one array per page). */
function wholePage(body: string): Record<string, string | null>[] {
    return parseCsv(body).rows.map(({ record }) =>
        Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v === '' ? null : v]))
    );
}

describe('bulkRecords (Bulk API 2.0 result page)', () => {
    it('hands a large page on in several batches, records in order, empty cells null', () => {
        const lines = ['Id,Name,Amount'];
        for (let i = 0; i < 50_000; i++)
            lines.push(`001${String(i).padStart(15, '0')},"Acme, ${i}",${i % 3 ? i : ''}`);
        const body = `${lines.join('\n')}\n`;
        const batches = [...bulkRecords(body)];
        expect(batches.length).toBeGreaterThan(5);
        expect(Math.max(...batches.map((b) => b.length))).toBeLessThan(10_000);
        const records = batches.flat();
        expect(records).toHaveLength(50_000);
        expect(records[0]).toEqual({ Id: '001000000000000000', Name: 'Acme, 0', Amount: null });
        expect(records[49_999]).toEqual({ Id: '001000000000049999', Name: 'Acme, 49999', Amount: '49999' });
    });

    it('yields nothing for a page with only the header', () => {
        expect([...bulkRecords('Id,Name\n')]).toEqual([]);
    });

    it('equals the whole-page parse for any page (quoted cells spanning the batch steps included)', () => {
        const cell = fc.oneof(
            fc.string({ maxLength: 12 }),
            fc.constantFrom('', 'a,b', 'x"y', 'line\nbreak', ' spaced ', 'x'.repeat(300_000))
        );
        fc.assert(
            fc.property(fc.array(fc.tuple(cell, cell), { maxLength: 30 }), (rows) => {
                const body = ['Id,Text', ...rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n';
                expect([...bulkRecords(body)].flat()).toEqual(wholePage(body));
            }),
            { numRuns: 40 }
        );
    });
});
