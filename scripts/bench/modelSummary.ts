/**
 * `npm run bench:model` (scripts/bench/model.ts), the part without I/O: reads each seed's backtest report, pools
 * the seeds (scripts/validation/pooled.ts) and writes the summary (Markdown for docs/validation.md, and JSON).
 *
 * The three targets of issue 13, measured on the independent churn world:
 *   1. the shipped (default) model's AUC 60 days before the outcome at least 0.05 above the equal-weight
 *      spreadsheet (all outcomes: the default model was not fitted to the draw);
 *   2. the learned (`--fit`) model's held-out AUC at least the plain logistic regression's (60 and 90 days);
 *   3. the learned model's held-out Green band renews 90% or more AND holds half of the renewals (60 and 90 days).
 */
import { GREEN_TARGET_RENEWAL, GREEN_TARGET_SHARE } from '../validation/backtest';
import type { Interval } from '../validation/metrics';
import {
    countAtLeast,
    fixedEffectMean,
    greenMeets,
    poolGreen,
    sideOfTarget,
    type GreenCounts,
    type PooledEstimate,
    type PooledGreen
} from '../validation/pooled';

/** Target 1: default minus spreadsheet, 60 days before the outcome. */
export const SPREADSHEET_TARGET = 0.05;
export const SPREADSHEET_HORIZON = 60;
/** Target 2: learned minus plain regression. */
export const PLAIN_TARGET = 0;
/** Held-out horizons of targets 2 and 3 (the backtest's default horizons). */
export const HELD_OUT_HORIZONS = [60, 90] as const;
/** Above this I² the seeds disagree more than their intervals allow: the fixed-effect interval is too narrow. */
export const HETEROGENEITY_WARNING = 0.5;

/** "26-45", "1,3,5" or "1-3,7" → the seeds, in order, each once. */
export function parseSeeds(text: string): number[] {
    const seeds: number[] = [];
    for (const part of text.split(',').map((p) => p.trim())) {
        const range = /^(\d+)-(\d+)$/.exec(part);
        if (range) {
            const [from, to] = [Number(range[1]), Number(range[2])];
            if (from > to) throw new RangeError(`--seeds: range "${part}" runs backwards`);
            for (let seed = from; seed <= to; seed++) seeds.push(seed);
        } else if (/^\d+$/.test(part)) seeds.push(Number(part));
        else throw new RangeError(`--seeds: "${part}" is not a seed or a range (e.g. 26-45 or 1,3,5)`);
    }
    return [...new Set(seeds)];
}

/** One seed's run: its report (parsed JSON) and where it came from. */
export interface SeedRun {
    seed: number;
    /** commit that produced the report (DIR/seed-N/commit), null when unknown */
    commit: string | null;
    /** the report was already there (an earlier or interrupted batch) and was not run again */
    reused: boolean;
    report: unknown;
}

export interface SeedGreen extends GreenCounts {
    renewalRate: Interval;
    shareOfRenewals: number;
}

export interface SeedHeldOut {
    horizonDays: number;
    /** held-out outcomes both the default and the learned model scored */
    tested: number;
    fittedVsPlain: Interval | null;
    fittedGreen: SeedGreen | null;
}

export interface SeedRow {
    seed: number;
    commit: string | null;
    reused: boolean;
    source: string;
    /** default minus spreadsheet at SPREADSHEET_HORIZON on all outcomes (paired DeLong 95%) */
    defaultVsSpreadsheet: Interval | null;
    heldOut: SeedHeldOut[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
    typeof value === 'object' && value !== null && !Array.isArray(value);

/** A number from JSON (where NaN was written as null). */
function num(value: unknown): number {
    return typeof value === 'number' ? value : NaN;
}

function intervalOf(value: unknown): Interval | null {
    if (!isObject(value)) return null;
    return { estimate: num(value.estimate), low: num(value.low), high: num(value.high) };
}

function byHorizon(list: unknown, horizonDays: number): Json | undefined {
    return Array.isArray(list)
        ? (list.find((entry) => isObject(entry) && entry.horizonDays === horizonDays) as Json | undefined)
        : undefined;
}

/** The report was made from the independent world with these accounts and this seed (its `source` says so). */
export function reportMatches(report: unknown, accounts: number, seed: number): boolean {
    return (
        isObject(report) &&
        report.source === `independent synthetic world (${accounts} accounts, seed ${seed})`
    );
}

/** The figures of one seed's backtest-report.json. Throws when the report has no `--fit` section. */
export function seedRow(run: SeedRun): SeedRow {
    const report = run.report;
    if (!isObject(report)) throw new Error(`seed ${run.seed}: the report is not a JSON object`);
    const fit = report.fit;
    if (!isObject(fit))
        throw new Error(`seed ${run.seed}: the report has no held-out comparison (run with --fit)`);
    return {
        seed: run.seed,
        commit: run.commit,
        reused: run.reused,
        source: typeof report.source === 'string' ? report.source : '',
        defaultVsSpreadsheet: intervalOf(byHorizon(report.horizons, SPREADSHEET_HORIZON)?.versusSpreadsheet),
        heldOut: HELD_OUT_HORIZONS.map((horizonDays) => {
            const h = byHorizon(fit.heldOut, horizonDays);
            const green = h?.fittedGreen;
            return {
                horizonDays,
                tested: num(h?.renewed) + num(h?.lost),
                fittedVsPlain: intervalOf(h?.fittedVsPlain),
                fittedGreen: isObject(green)
                    ? {
                          count: num(green.count),
                          renewed: num(green.renewed),
                          renewals: num(h?.renewed),
                          renewalRate: intervalOf(green.renewalRate) ?? {
                              estimate: NaN,
                              low: NaN,
                              high: NaN
                          },
                          shareOfRenewals: num(green.shareOfRenewals)
                      }
                    : null
            };
        })
    };
}

export interface DifferenceResult {
    /** "default − spreadsheet" or "learned − plain" */
    label: string;
    horizonDays: number;
    target: number;
    pooled: PooledEstimate;
    /** seeds whose own point estimate meets the target, of those with one */
    seedsMet: { met: number; of: number };
    pooledMet: boolean;
}

export interface GreenResult {
    horizonDays: number;
    pooled: PooledGreen;
    seedsMet: { met: number; of: number };
    pooledMet: boolean;
}

export interface ModelBenchSummary {
    accounts: number | null;
    seeds: SeedRow[];
    /** distinct commits the seeds came from ("unknown" for a seed without a commit file) */
    commits: string[];
    spreadsheet: DifferenceResult;
    plain: DifferenceResult[];
    green: GreenResult[];
    verdicts: string[];
    warnings: string[];
}

function difference(
    label: string,
    rows: readonly SeedRow[],
    horizonDays: number,
    target: number,
    pick: (row: SeedRow) => Interval | null
): DifferenceResult {
    const intervals = rows.map(pick);
    const pooled = fixedEffectMean(intervals);
    return {
        label,
        horizonDays,
        target,
        pooled,
        seedsMet: countAtLeast(
            intervals.map((interval) => interval?.estimate ?? NaN),
            target
        ),
        pooledMet: pooled.estimate >= target
    };
}

function heldOutAt(row: SeedRow, horizonDays: number): SeedHeldOut | undefined {
    return row.heldOut.find((h) => h.horizonDays === horizonDays);
}

/** Pools the seeds and states each target's verdict. */
export function summarise(
    rows: readonly SeedRow[],
    options: { accounts?: number; head?: string } = {}
): ModelBenchSummary {
    const seeds = [...rows].sort((a, b) => a.seed - b.seed);
    const spreadsheet = difference(
        'default − spreadsheet',
        seeds,
        SPREADSHEET_HORIZON,
        SPREADSHEET_TARGET,
        (row) => row.defaultVsSpreadsheet
    );
    const plain = HELD_OUT_HORIZONS.map((horizonDays) =>
        difference(
            'learned − plain',
            seeds,
            horizonDays,
            PLAIN_TARGET,
            (row) => heldOutAt(row, horizonDays)?.fittedVsPlain ?? null
        )
    );
    const green = HELD_OUT_HORIZONS.map((horizonDays): GreenResult => {
        const bands = seeds
            .map((row) => heldOutAt(row, horizonDays)?.fittedGreen)
            .filter((g): g is SeedGreen => !!g && Number.isFinite(g.count) && Number.isFinite(g.renewals));
        const pooled = poolGreen(bands);
        return {
            horizonDays,
            pooled,
            seedsMet: {
                met: bands.filter((g) =>
                    greenMeets(
                        g.renewalRate.estimate,
                        g.shareOfRenewals,
                        GREEN_TARGET_RENEWAL,
                        GREEN_TARGET_SHARE
                    )
                ).length,
                of: bands.length
            },
            pooledMet: greenMeets(
                pooled.renewalRate.estimate,
                pooled.shareOfRenewals.estimate,
                GREEN_TARGET_RENEWAL,
                GREEN_TARGET_SHARE
            )
        };
    });

    const commits = [...new Set(seeds.map((row) => row.commit ?? 'unknown'))];
    const warnings: string[] = [];
    const known = commits.filter((commit) => commit !== 'unknown');
    const seedsOf = (commit: string | null) =>
        seeds
            .filter((row) => row.commit === commit)
            .map((row) => row.seed)
            .join(', ');
    if (known.length > 1)
        warnings.push(
            `The seeds come from ${known.length} different commits (${known.map((commit) => `${short(commit)}: seeds ${seedsOf(commit)}`).join('; ')}): the pooled figures mix code versions; rerun the seeds of the older commits (delete their seed-N folders) to measure one version.`
        );
    else if (options.head && known.length === 1 && known[0] !== options.head)
        warnings.push(
            `The seeds come from commit ${short(known[0] as string)}, not the checked-out ${short(options.head)}.`
        );
    if (commits.includes('unknown'))
        warnings.push(
            `Seed(s) ${seedsOf(null)} have no commit file: the code that produced them is unknown.`
        );
    for (const result of [spreadsheet, ...plain]) {
        if (result.pooled.leftOut > 0)
            warnings.push(
                `${result.pooled.leftOut} seed(s) had no usable interval for ${describe(result)} and were left out of its pool.`
            );
        if (result.pooled.seeds >= 3 && result.pooled.iSquared > HETEROGENEITY_WARNING)
            warnings.push(
                `${capitalise(describe(result))}: the seeds disagree more than their intervals allow (I² ${pct(result.pooled.iSquared, 0)}): the fixed-effect interval is too narrow; read the per-seed spread.`
            );
    }
    return {
        accounts: options.accounts ?? null,
        seeds,
        commits,
        spreadsheet,
        plain,
        green,
        verdicts: [
            differenceVerdict(spreadsheet),
            ...plain.map(differenceVerdict),
            ...green.map(greenVerdict)
        ],
        warnings
    };
}

const short = (commit: string) =>
    /^[0-9a-f]{40}/.test(commit) ? commit.slice(0, 7) + commit.slice(40) : commit;
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function describe(result: DifferenceResult): string {
    return `${result.label} at ${result.horizonDays} d`;
}

/**
 * Digits enough for the printed value to fall on the same side of the target as the value itself (0.0498
 * against 0.05 is "0.0498", not "0.050"), up to 3 more than asked.
 */
export function digitsAgainst(value: number, target: number | undefined, digits: number, scale = 1): number {
    if (target === undefined) return digits;
    let shown = digits;
    while (shown < digits + 3 && Number((value * scale).toFixed(shown)) / scale >= target !== value >= target)
        shown++;
    return shown;
}

/** "+0.064" / "-0.012" (as the docs' per-seed tables write a difference; -0.0004 is "+0.000") */
export function signed(value: number, digits = 3, target?: number): string {
    if (!Number.isFinite(value)) return 'n/a';
    const text = Math.abs(value).toFixed(digitsAgainst(value, target, digits));
    return value < 0 && Number(text) !== 0 ? `-${text}` : `+${text}`;
}

function bounds(interval: Interval, digits = 3): string {
    return Number.isFinite(interval.low) && Number.isFinite(interval.high)
        ? `[${interval.low.toFixed(digits)}, ${interval.high.toFixed(digits)}]`
        : '[n/a]';
}

/** "90.6%"; against a target, digits enough to show which side of it the value is (89.96% is not "90.0%") */
export function pct(value: number, digits = 1, target?: number): string {
    return Number.isFinite(value)
        ? `${(value * 100).toFixed(digitsAgainst(value, target, digits, 100))}%`
        : 'n/a';
}

const sideText = { above: 'is wholly above', spans: 'spans', below: 'is wholly below' } as const;
const sideShort = { above: 'wholly above', spans: 'spans', below: 'wholly below' } as const;

function differenceVerdict(result: DifferenceResult): string {
    const { pooled, seedsMet } = result;
    const target = result.target === 0 ? '0' : signed(result.target, 2);
    if (pooled.seeds === 0) return `${capitalise(describe(result))} ≥ ${target}: no seed to measure it on.`;
    return `${capitalise(describe(result))} ≥ ${target}: **${result.pooledMet ? 'met' : 'not met'}** by the pooled estimate ${signed(pooled.estimate, 3, result.target)} ${bounds(pooled)} (the interval ${sideText[sideOfTarget(pooled, result.target)]} the target); ${seedsMet.met} of ${seedsMet.of} seeds meet it on their own.`;
}

function greenVerdict(result: GreenResult): string {
    const { pooled, seedsMet } = result;
    const head = `Learned Green at ${result.horizonDays} d renews ≥ ${pct(GREEN_TARGET_RENEWAL, 0)} AND holds ≥ ${pct(GREEN_TARGET_SHARE, 0)} of the renewals`;
    if (pooled.count === 0) return `${head}: no Green account to measure it on.`;
    return `${head}: **${result.pooledMet ? 'met' : 'not met'}** by the pooled band, renews ${pct(pooled.renewalRate.estimate, 1, GREEN_TARGET_RENEWAL)} ${pctBounds(pooled.renewalRate)} (${sideShort[sideOfTarget(pooled.renewalRate, GREEN_TARGET_RENEWAL)]} ${pct(GREEN_TARGET_RENEWAL, 0)}) and holds ${pct(pooled.shareOfRenewals.estimate, 1, GREEN_TARGET_SHARE)} ${pctBounds(pooled.shareOfRenewals)} (${sideShort[sideOfTarget(pooled.shareOfRenewals, GREEN_TARGET_SHARE)]} ${pct(GREEN_TARGET_SHARE, 0)}); ${seedsMet.met} of ${seedsMet.of} seeds meet both on their own.`;
}

function pctBounds(interval: Interval): string {
    return `[${pct(interval.low)}, ${pct(interval.high)}]`;
}

/** "+0.063 [0.038, 0.088]", the miss in bold */
function cellDifference(interval: Interval | null | undefined, target: number): string {
    if (!interval || !Number.isFinite(interval.estimate)) return 'n/a';
    const estimate = signed(interval.estimate, 3, target);
    return `${interval.estimate >= target ? estimate : `**${estimate}**`} ${bounds(interval)}`;
}

/** "90.6% [87.6%, 92.9%] / 58.5%", a missed target in bold */
function cellGreen(green: SeedGreen | null | undefined): string {
    if (!green) return 'n/a';
    const rate = pct(green.renewalRate.estimate, 1, GREEN_TARGET_RENEWAL);
    const share = pct(green.shareOfRenewals, 1, GREEN_TARGET_SHARE);
    return `${green.renewalRate.estimate >= GREEN_TARGET_RENEWAL ? rate : `**${rate}**`} ${pctBounds(green.renewalRate)} / ${green.shareOfRenewals >= GREEN_TARGET_SHARE ? share : `**${share}**`}`;
}

function table(header: string[], rows: string[][]): string {
    const widths = header.map((cell, i) =>
        Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length))
    );
    const line = (cells: string[]) =>
        `| ${cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ')} |`;
    return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join(
        '\n'
    );
}

function heterogeneity(pooled: PooledEstimate): string {
    return pooled.seeds > 1
        ? `Q ${pooled.q.toFixed(1)} on ${pooled.seeds - 1} df, I² ${pct(pooled.iSquared, 0)}`
        : '';
}

/** The summary as Markdown: per-seed table, pooled table, verdicts, warnings. */
export function renderMarkdown(summary: ModelBenchSummary, command?: string): string {
    const lines: string[] = [];
    const reused = summary.seeds.filter((row) => row.reused).length;
    lines.push(
        `Model bench: independent churn world${summary.accounts ? `, ${summary.accounts} accounts` : ''}, ${summary.seeds.length} seed(s) (${summary.seeds.map((row) => row.seed).join(', ')}; ${reused} reused), commit ${summary.commits.map(short).join(', ')}.`
    );
    if (command) lines.push('', '```sh', command, '```');
    lines.push(
        '',
        table(
            [
                'seed',
                'held out',
                `default − spreadsheet, ${SPREADSHEET_HORIZON} d (all outcomes)`,
                ...HELD_OUT_HORIZONS.map((h) => `learned − plain, ${h} d`),
                ...HELD_OUT_HORIZONS.map((h) => `learned Green, ${h} d: renews [95%] / holds`)
            ],
            summary.seeds.map((row) => [
                `${row.seed}${row.reused ? ' (reused)' : ''}`,
                String(heldOutAt(row, HELD_OUT_HORIZONS[0])?.tested ?? 'n/a'),
                cellDifference(row.defaultVsSpreadsheet, SPREADSHEET_TARGET),
                ...HELD_OUT_HORIZONS.map((h) =>
                    cellDifference(heldOutAt(row, h)?.fittedVsPlain, PLAIN_TARGET)
                ),
                ...HELD_OUT_HORIZONS.map((h) => cellGreen(heldOutAt(row, h)?.fittedGreen))
            ])
        ),
        '',
        'Pooled over the seeds (AUC differences: fixed-effect inverse-variance mean, 95%; Green: every seed’s Green accounts together, Wilson 95%):',
        '',
        table(
            ['target', 'pooled [95%]', 'seeds meeting it', 'pooled'],
            [
                ...[summary.spreadsheet, ...summary.plain].map((result) => [
                    `${describe(result)} ≥ ${result.target === 0 ? '0' : signed(result.target, 2)}`,
                    `${signed(result.pooled.estimate, 3, result.target)} ${bounds(result.pooled)}${heterogeneity(result.pooled) ? ` (${heterogeneity(result.pooled)})` : ''}`,
                    `${result.seedsMet.met} of ${result.seedsMet.of}`,
                    result.pooledMet ? 'met' : '**not met**'
                ]),
                ...summary.green.map((result) => [
                    `learned Green at ${result.horizonDays} d renews ≥ ${pct(GREEN_TARGET_RENEWAL, 0)} / holds ≥ ${pct(GREEN_TARGET_SHARE, 0)}`,
                    `${pct(result.pooled.renewalRate.estimate, 1, GREEN_TARGET_RENEWAL)} ${pctBounds(result.pooled.renewalRate)} / ${pct(result.pooled.shareOfRenewals.estimate, 1, GREEN_TARGET_SHARE)} ${pctBounds(result.pooled.shareOfRenewals)} (${result.pooled.renewed} of ${result.pooled.count} Green; ${result.pooled.renewals} renewals)`,
                    `${result.seedsMet.met} of ${result.seedsMet.of}`,
                    result.pooledMet ? 'met' : '**not met**'
                ])
            ]
        ),
        '',
        ...summary.verdicts.map((verdict) => `- ${verdict}`)
    );
    if (summary.warnings.length) lines.push('', ...summary.warnings.map((warning) => `Warning: ${warning}`));
    return `${lines.join('\n')}\n`;
}
