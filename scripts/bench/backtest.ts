/**
 * Benchmark: backtest of a synthetic portfolio (default 10,000 accounts, one renewal each) at 2 horizons
 * with the real engine. Prints generation time, backtest elapsed time, accounts/s, scorings/s and peak RSS.
 * With --world independent the portfolio is the independent churn world (scripts/validation/churnWorld.ts), and the
 * held-out AUCs of the model, the plain logistic regression and the spreadsheet are printed too.
 * Usage: npx tsx scripts/bench/backtest.ts [accounts] [--fit] [--world independent]
 */
import { DEFAULT_MODEL_CONFIG, parseModelConfig } from '../engine';
import { runBacktest } from '../validation/backtest';
import { generateChurnWorld } from '../validation/churnWorld';
import { engineKeyRules, engineScorer } from '../validation/engineScorer';
import { generateSynthetic } from '../validation/synthetic';

function main(): void {
    const args = process.argv.slice(2);
    const accounts = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
    const fit = args.includes('--fit');
    const horizons = [60, 90];

    let started = process.hrtime.bigint();
    const independent = args.includes('independent');
    const portfolio = independent
        ? generateChurnWorld({ accounts, seed: 1 })
        : generateSynthetic({ accounts, seed: 1 });
    const generationMs = Number(process.hrtime.bigint() - started) / 1e6;
    const records = Object.values(portfolio.records).reduce((sum, rows) => sum + rows.length, 0);

    started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    const run = runBacktest({
        dataset: portfolio.records,
        scorer: engineScorer,
        config: { ...DEFAULT_MODEL_CONFIG },
        horizons,
        fit,
        fittedOn: '2026-01-01',
        keyRules: engineKeyRules,
        validateConfig: (c) => parseModelConfig(c, 'fitted')
    });
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;

    const seconds = elapsedMs / 1000;
    const auc = run.report.horizons.map((h) => `${h.horizonDays}d AUC ${h.auc.toFixed(3)}`).join(', ');
    console.log(
        `backtest bench: ${accounts} accounts${independent ? ' (independent world)' : ''}, ${records} records, horizons ${horizons.join('+')}${fit ? ', with --fit' : ''}`
    );
    console.log(`  generate synthetic portfolio   ${(generationMs / 1000).toFixed(2)} s`);
    console.log(
        `  backtest                        ${seconds.toFixed(2)} s   ${Math.round(accounts / seconds)} accounts/s   ${Math.round(run.rows.length / seconds)} scorings/s (${run.rows.length} scorings)`
    );
    console.log(
        `  CPU time (user+system)          ${cpuSeconds.toFixed(2)} s   (elapsed is longer on a busy machine)`
    );
    console.log(`  peak RSS                        ${peakRssMb.toFixed(0)} MB`);
    console.log(`  ${auc}`);
    for (const h of run.report.comparison?.horizons ?? [])
        console.log(
            `  held out ${h.horizonDays}d: ${h.models.map((m) => `${m.name} ${m.auc.estimate.toFixed(3)}`).join(', ')}`
        );
    for (const h of run.report.fit?.heldOut ?? [])
        console.log(`  held out ${h.horizonDays}d: fitted ${h.fittedAuc.toFixed(3)}`);
}

main();
