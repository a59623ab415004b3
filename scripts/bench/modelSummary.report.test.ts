import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBacktestCommand } from '../cli/commands/backtest';
import type { Interval } from '../validation/metrics';
import { reportMatches, seedRow } from './modelSummary';

// Apart from modelSummary.test.ts: one real --fit backtest (~10 s), which the fake reports there stand in for.
describe('the bench reads a real backtest report', () => {
    it('finds every figure in the report `backtest --world independent --fit` writes', async () => {
        const out = mkdtempSync(join(tmpdir(), 'model-bench-'));
        const args = [
            '--synthetic',
            '200',
            '--world',
            'independent',
            '--seed',
            '4',
            '--fit',
            '--out',
            out,
            '--quiet'
        ];
        const code = await runBacktestCommand(args, {
            today: '2026-11-22',
            io: { stdout: { write: () => true }, stderr: { write: () => true }, env: {} }
        });
        expect(code).toBe(0);
        const report = JSON.parse(readFileSync(join(out, 'backtest-report.json'), 'utf8')) as unknown;
        expect(reportMatches(report, 200, 4)).toBe(true);
        const row = seedRow({ seed: 4, commit: null, reused: false, report });
        const finite = (interval: Interval | null | undefined) =>
            [interval?.estimate, interval?.low, interval?.high].every((v) => Number.isFinite(v));
        expect(finite(row.defaultVsSpreadsheet)).toBe(true);
        for (const h of row.heldOut) {
            expect(h.tested).toBeGreaterThan(0);
            expect(finite(h.fittedVsPlain)).toBe(true);
            expect(h.fittedGreen!.renewals).toBeGreaterThan(0);
            expect(h.fittedGreen!.shareOfRenewals).toBeCloseTo(
                h.fittedGreen!.renewed / h.fittedGreen!.renewals,
                12
            );
        }
    }, 60_000);
});
