import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { copyRanked } from './score';

// `score --json` copies each account's spilled JSON to stdout as bytes (copyRanked): the pieces in rank order with
// ',\n' between them, every write whole UTF-8 characters, and no buffer changed after it was handed to stdout.
describe('copyRanked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copy-ranked-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('writes the pieces in the given order, separated, in writes that end on a piece', async () => {
        const piece = fc.string({ unit: fc.constantFrom('a', '{', '"', '\n', 'é', '€', '𝄞'), maxLength: 40 });
        let run = 0;
        await fc.assert(
            fc.asyncProperty(
                fc.array(piece, { minLength: 1, maxLength: 12 }),
                fc.integer({ min: 1, max: 64 }),
                fc.integer(),
                async (pieces, blockSize, seed) => {
                    const bytes = pieces.map((p) => Buffer.from(p, 'utf8'));
                    const spill = join(dir, `spill-${run++}`);
                    writeFileSync(spill, Buffer.concat(bytes));
                    const keys: { offset: number; length: number }[] = [];
                    let offset = 0;
                    for (const b of bytes) {
                        keys.push({ offset, length: b.length });
                        offset += b.length;
                    }
                    // Some rank order: rotate by the seed.
                    const shift = Math.abs(seed) % keys.length;
                    const ranked = [...keys.slice(shift), ...keys.slice(0, shift)];
                    const order = [...pieces.slice(shift), ...pieces.slice(0, shift)];
                    const writes: Buffer[] = [];
                    const copies: Buffer[] = [];
                    const io = {
                        stdout: {
                            write(chunk: string | Uint8Array): boolean {
                                const b = Buffer.from(chunk as Uint8Array);
                                writes.push(chunk as Buffer);
                                copies.push(b);
                                return true;
                            }
                        },
                        stderr: { write: () => true }
                    };
                    await copyRanked(io, spill, ranked, blockSize);
                    const expected = order.join(',\n');
                    // Kept references still hold what was written (a reused buffer would have changed them).
                    expect(Buffer.concat(writes).toString('utf8')).toBe(expected);
                    expect(Buffer.concat(copies).toString('utf8')).toBe(expected);
                    for (const w of copies)
                        expect(Buffer.from(w.toString('utf8'), 'utf8').equals(w)).toBe(true);
                    if (expected.length > 0) expect(writes.length).toBeGreaterThan(0);
                }
            ),
            { numRuns: 300 }
        );
    });
});
