/**
 * The backtest report: a terminal summary and one self-contained HTML file (inline CSS and SVG charts, no
 * scripts, no external assets) that a RevOps analyst opens in a browser.
 */
import type { OverrideSummary } from './overrides';
import type {
    AccuracyResult,
    BandRate,
    CalibrationBin,
    DecileLift,
    OutcomeCounts,
    RocPoint
} from './metrics';
import type { ThresholdSuggestion } from './fit';
import type { AttachmentSummary } from './history';
import type { Interval } from './metrics';
import type { ScoreCalibration, SearchStep } from './learn';
import { logOddsForm } from './logOdds';

export const DIMENSIONS = ['usage', 'relationship', 'support', 'commercial'] as const;
export type DimensionName = (typeof DIMENSIONS)[number];
export type DimensionWeights = Record<DimensionName, number>;

export interface HorizonResult {
    horizonDays: number;
    /** outcomes with a real score (band not Unknown): everything below is measured on these */
    counts: OutcomeCounts;
    /** outcomes left out because the account had too little data at the as-of date (band Unknown) */
    unknown: number;
    auc: number;
    aucStandardError: number;
    /** the AUC with its 95% DeLong interval */
    aucInterval: Interval;
    /** the equal-weight spreadsheet score (utilisation, recency, open high-severity cases, usage trend) */
    spreadsheetAuc: Interval;
    /** model AUC minus spreadsheet AUC on the same outcomes, paired 95% DeLong interval */
    versusSpreadsheet: Interval;
    roc: RocPoint[];
    accuracy: AccuracyResult;
    bands: BandRate[];
    /** ARR held and kept per band (ARR__c as exported: a weight, never a score input) */
    arrBands: ArrBand[];
    /** per industry and per size (ARR) segment */
    segments: SegmentResult[];
    lift: DecileLift;
    calibration: CalibrationBin[];
}

export interface ArrBand {
    band: string;
    arr: number;
    arrRenewed: number;
    arrRenewalRate: number;
}

export interface SegmentResult {
    kind: 'industry' | 'size';
    name: string;
    outcomes: number;
    lost: number;
    renewalRate: number;
    auc: number;
    /** renewal rate of the accounts at or above the Green threshold */
    greenRenewalRate: number;
}

/** One outcome, for the per-account table (which Green accounts churned). */
export interface AccountRow {
    accountId: string;
    name: string;
    outcomeDate: string;
    renewed: boolean;
    source: 'renewal' | 'churn';
    arr: number | null;
    industry: string | null;
    size: string;
    /** horizon (days) -> score and band */
    scores: Record<string, { score: number | null; band: string }>;
    /** lost outcomes: days before the outcome the account was first seen Red (null: never) */
    leadTimeDays: number | null;
}

export interface ModelAuc {
    name: 'default' | 'fitted' | 'plain' | 'spreadsheet';
    label: string;
    auc: Interval;
}

/** Held-out AUCs of the model and the baselines on the same outcomes. */
export interface BaselineComparison {
    splitDate: string;
    trainOutcomes: number;
    testOutcomes: number;
    features: string[];
    /** per standardised feature; null when no regression could be trained */
    plainCoefficients: Record<string, number> | null;
    horizons: {
        horizonDays: number;
        renewed: number;
        lost: number;
        models: ModelAuc[];
        differences: { a: string; b: string; difference: Interval }[];
    }[];
    warnings: string[];
}

export interface HeldOutComparison {
    horizonDays: number;
    renewed: number;
    lost: number;
    /** held-out scorings the default model scored that the fitted one turns Unknown (left out of the above) */
    turnedUnknown: number;
    defaultAuc: number;
    fittedAuc: number;
    defaultInterval: Interval;
    fittedInterval: Interval;
    plainInterval: Interval | null;
    fittedVsDefault: Interval;
    fittedVsPlain: Interval | null;
    /** Brier score of the calibrated renewal probability (lower is better) */
    brier: number;
    defaultRoc: RocPoint[];
    fittedRoc: RocPoint[];
    /** renewal rate per band on the held-out outcomes, with each configuration's own thresholds */
    defaultBands: BandRate[];
    fittedBands: BandRate[];
    /** the top band on the held-out outcomes: target = renews at 90% or more AND holds half of the renewals */
    defaultGreen?: GreenBandResult;
    fittedGreen?: GreenBandResult;
}

export interface GreenBandResult {
    count: number;
    renewed: number;
    /** renewal rate of the Green accounts with its 95% Wilson interval */
    renewalRate: Interval;
    /** share of all renewing accounts that were Green */
    shareOfRenewals: number;
}

export interface PartWeight {
    part: string;
    /** log-odds of renewal per point the part moved the score (NaN when kept at the prior) */
    coefficient: number;
    /** weight relative to the average part (1 = unchanged from the prior) */
    relativeWeight: number;
    keptPrior: boolean;
}

export interface FitSummary {
    /** outcomes dated before this are training, on or after it are held out */
    splitDate: string;
    trainOutcomes: number;
    testOutcomes: number;
    defaultWeights: DimensionWeights;
    fittedWeights: DimensionWeights;
    parts: PartWeight[];
    /** windows, caps and thresholds the search changed */
    search: SearchStep[];
    /** renewal probability = 1 / (1 + exp(-(intercept + slope * (score - 50) / 10))) */
    calibration: ScoreCalibration | null;
    thresholds: ThresholdSuggestion;
    currentThresholds: { redThreshold: number; greenThreshold: number };
    heldOut: HeldOutComparison[];
    /** the fitted model beats the current one by more than its interval at every horizon */
    recommended: boolean;
    modelVersion: string;
    /** paths written (record file and JSON), relative to where the command ran */
    files: string[];
    notes: string[];
    warnings: string[];
}

export interface BacktestReport {
    title: string;
    /** where the outcomes came from (dataset folder or org alias) */
    source: string;
    generatedOn: string;
    modelVersion: string;
    thresholds: { redThreshold: number; greenThreshold: number };
    outcomes: {
        total: number;
        renewalsWon: number;
        renewalsLost: number;
        churns: number;
        duplicatesMerged: number;
    };
    /** records that could not be attached to an account, and keys matched ignoring letter case */
    attachment: AttachmentSummary;
    notes: string[];
    horizons: HorizonResult[];
    /** lost outcomes: how early the account first turned Red */
    leadTime: {
        windowDays: number;
        stepDays: number;
        shortestHorizon: number;
        losses: number;
        flaggedRed: number;
        medianDays: number | null;
        redAtLeast90Days: number;
    };
    accounts: AccountRow[];
    /** Outcomes scored while a manual override was active (the model is scored without it); absent without overrides. */
    overrides?: OverrideSummary;
    comparison?: BaselineComparison;
    fit?: FitSummary;
}

// ------------------------------------------------------------------ terminal

const pct = (value: number, digits = 0) =>
    Number.isFinite(value) ? `${(value * 100).toFixed(digits)}%` : 'n/a';
const num = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

const interval = (i: Interval | null | undefined, digits = 3) =>
    i ? `${num(i.estimate, digits)} [${num(i.low, digits)}, ${num(i.high, digits)}]` : 'n/a';
const signedInterval = (i: Interval | null | undefined) =>
    i ? `${i.estimate >= 0 ? '+' : ''}${num(i.estimate, 3)} [${num(i.low, 3)}, ${num(i.high, 3)}]` : 'n/a';
const money = (value: number) =>
    value >= 1e6
        ? `${(value / 1e6).toFixed(1)}M`
        : value >= 1e3
          ? `${Math.round(value / 1e3)}k`
          : String(Math.round(value));

/** Outcomes the model had Green at a horizon that were lost: the accounts a revenue team asks about first. */
export function greenButLost(report: BacktestReport, horizonDays: number): AccountRow[] {
    return report.accounts.filter((row) => !row.renewed && row.scores[String(horizonDays)]?.band === 'Green');
}

export function formatTerminalSummary(report: BacktestReport): string {
    const lines: string[] = [];
    lines.push(`${report.title}: ${report.source} (model ${report.modelVersion})`);
    const o = report.outcomes;
    lines.push(
        `Outcomes: ${o.total} (${o.renewalsWon} renewals won, ${o.renewalsLost} lost, ${o.churns} churns without a lost renewal; ${o.duplicatesMerged} churns merged with their lost renewal)`
    );
    const unattached = Object.entries(report.attachment.unattached);
    if (unattached.length)
        lines.push(
            `Records not attached to any account (left out): ${unattached.map(([object, count]) => `${object} ${count}`).join(', ')}`
        );
    if (report.attachment.keyCaseMatches)
        lines.push(
            `Usage rows matched by Customer_Key__c ignoring letter case (as Salesforce External IDs match): ${report.attachment.keyCaseMatches}`
        );
    for (const h of report.horizons) {
        lines.push('');
        lines.push(
            `${h.horizonDays} days before the outcome: ${h.counts.renewed} renewed, ${h.counts.lost} lost`
        );
        lines.push(
            `  AUC ${interval(h.aucInterval)}   accuracy ${pct(h.accuracy.accuracy)} at Red < ${h.accuracy.threshold} (majority-outcome baseline ${pct(h.accuracy.majorityBaseline)})   bottom-decile lift ${num(h.lift.lift, 1)}x`
        );
        lines.push(
            `  equal-weight spreadsheet AUC ${interval(h.spreadsheetAuc)}; model minus spreadsheet ${signedInterval(h.versusSpreadsheet)}`
        );
        lines.push(
            `  renewal rate by band: ${h.bands.map((b) => `${b.band} ${pct(b.renewalRate)} (n=${b.count})`).join(', ')}`
        );
        if (h.arrBands.length)
            lines.push(
                `  ARR by band: ${h.arrBands.map((b) => `${b.band} ${money(b.arr)} (${pct(b.arrRenewalRate)} kept)`).join(', ')}`
            );
        const lost = greenButLost(report, h.horizonDays);
        if (lost.length)
            lines.push(
                `  ${lost.length} accounts were Green and were lost (ARR ${money(lost.reduce((sum, row) => sum + (row.arr ?? 0), 0))}): see the report's account table`
            );
        if (h.unknown)
            lines.push(`  ${h.unknown} outcomes left out: too little data at the as-of date (band Unknown)`);
        for (const warning of h.counts.warnings) lines.push(`  WARNING: ${warning}`);
    }
    const lead = report.leadTime;
    if (lead.losses)
        lines.push(
            '',
            `Lead time: ${lead.flaggedRed} of ${lead.losses} losses were Red at some point in the ${lead.windowDays} days before (checked every ${lead.stepDays} days up to ${lead.shortestHorizon} days before); median first Red ${lead.medianDays ?? 'n/a'} days before; ${lead.redAtLeast90Days} Red 90+ days ahead`
        );
    const c = report.comparison;
    if (c) {
        lines.push('');
        lines.push(
            `Held-out comparison (trained before ${c.splitDate} on ${c.trainOutcomes} outcomes, tested on ${c.testOutcomes}; AUC [95% DeLong interval]):`
        );
        for (const h of c.horizons) {
            lines.push(
                `  ${h.horizonDays} days (${h.renewed} renewed, ${h.lost} lost): ${h.models.map((m) => `${m.label} ${interval(m.auc)}`).join('; ')}`
            );
        }
        for (const warning of c.warnings) lines.push(`  WARNING: ${warning}`);
    }
    if (report.fit) {
        const f = report.fit;
        lines.push('');
        lines.push(
            `Fit: trained on ${f.trainOutcomes} outcomes before ${f.splitDate} (windows, caps and part weights chosen on all of them), tested on ${f.testOutcomes} from then on`
        );
        lines.push(`  weights  default: ${DIMENSIONS.map((d) => `${d} ${f.defaultWeights[d]}`).join(', ')}`);
        lines.push(`           fitted:  ${DIMENSIONS.map((d) => `${d} ${f.fittedWeights[d]}`).join(', ')}`);
        lines.push(
            `  part weights (relative, 1 = prior): ${f.parts.map((p) => `${p.part} ${p.keptPrior ? 'prior' : num(p.relativeWeight)}`).join(', ')}`
        );
        if (f.search.length)
            lines.push(
                `  windows and caps: ${f.search.map((step) => `${step.key} ${step.from} -> ${step.to}`).join(', ')}`
            );
        if (f.calibration) {
            lines.push(
                `  calibration: P(renew) = 1 / (1 + exp(-(${num(f.calibration.intercept, 3)} + ${num(f.calibration.slope, 3)} x (score - 50) / 10)))`
            );
            const form = logOddsForm(f.calibration);
            if (form)
                lines.push(
                    `  in log-odds: score = ${num(form.a, 1)} + ${num(form.b, 1)} x logit(P renew): even odds at ${num(form.a, 1)}, every ${num(form.b * Math.LN2, 1)} points double the odds of renewal, a driver of x points adds x / ${num(form.b, 1)} to the log-odds`
                );
        }
        lines.push(
            `  suggested bands: Green >= ${f.thresholds.greenThreshold}, Red < ${f.thresholds.redThreshold} (now ${f.currentThresholds.greenThreshold} / ${f.currentThresholds.redThreshold})`
        );
        for (const h of f.heldOut)
            lines.push(
                `  held-out AUC at ${h.horizonDays} days, tested on ${h.renewed + h.lost} (${h.renewed} renewed, ${h.lost} lost${h.turnedUnknown ? `; ${h.turnedUnknown} turned Unknown under the fitted weights` : ''}): default ${interval(h.defaultInterval)}  fitted ${interval(h.fittedInterval)}  plain regression ${interval(h.plainInterval)}; fitted minus default ${signedInterval(h.fittedVsDefault)}, fitted minus plain ${signedInterval(h.fittedVsPlain)}`
            );
        for (const h of f.heldOut) {
            const green = (g: GreenBandResult | undefined) =>
                g
                    ? `renews ${pct(g.renewalRate.estimate, 1)} [${pct(g.renewalRate.low, 1)}, ${pct(g.renewalRate.high, 1)}] of ${g.count}, holds ${pct(g.shareOfRenewals, 1)} of renewals`
                    : 'n/a';
            lines.push(
                `  held-out Green band at ${h.horizonDays} days (target: renews >= 90% AND holds >= 50% of renewals): default ${green(h.defaultGreen)}; fitted ${green(h.fittedGreen)}`
            );
        }
        for (const note of f.notes) lines.push(`  ${note}`);
        for (const warning of f.warnings) lines.push(`  WARNING: ${warning}`);
        for (const file of f.files) lines.push(`  wrote ${file}`);
    }
    for (const note of report.notes) lines.push(`Note: ${note}`);
    return lines.join('\n');
}

// ------------------------------------------------------------------ HTML

const escapeHtml = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const PALETTE = ['#0b5cab', '#e07a00', '#2e844a', '#8a2be2'];
const BAND_COLOURS: Record<string, string> = {
    Green: '#2e844a',
    Yellow: '#dd7a01',
    Red: '#ba0517',
    Unknown: '#747474'
};

interface Series {
    label: string;
    colour: string;
    points: { x: number; y: number }[];
    dashed?: boolean;
    markers?: boolean;
}

/** A square line chart on [0,1]x[0,1] (x and y given as fractions), with a dashed diagonal. */
function lineChart(
    title: string,
    xLabel: string,
    yLabel: string,
    series: Series[],
    diagonalLabel: string
): string {
    const size = 300;
    const margin = { left: 52, right: 16, top: 28, bottom: 44 };
    const width = size + margin.left + margin.right;
    const height = size + margin.top + margin.bottom;
    const x = (v: number) => margin.left + v * size;
    const y = (v: number) => margin.top + (1 - v) * size;
    const parts: string[] = [];
    parts.push(
        `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}">`
    );
    parts.push(`<title>${escapeHtml(title)}</title>`);
    parts.push(`<text x="${margin.left}" y="18" class="chart-title">${escapeHtml(title)}</text>`);
    for (let t = 0; t <= 10; t += 2) {
        const v = t / 10;
        parts.push(`<line x1="${x(0)}" y1="${y(v)}" x2="${x(1)}" y2="${y(v)}" class="grid"/>`);
        parts.push(`<line x1="${x(v)}" y1="${y(0)}" x2="${x(v)}" y2="${y(1)}" class="grid"/>`);
        parts.push(
            `<text x="${x(0) - 6}" y="${y(v) + 4}" text-anchor="end" class="tick">${v.toFixed(1)}</text>`
        );
        parts.push(
            `<text x="${x(v)}" y="${y(0) + 16}" text-anchor="middle" class="tick">${v.toFixed(1)}</text>`
        );
    }
    parts.push(`<rect x="${x(0)}" y="${y(1)}" width="${size}" height="${size}" class="frame"/>`);
    parts.push(
        `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" class="diagonal"><title>${escapeHtml(diagonalLabel)}</title></line>`
    );
    parts.push(
        `<text x="${x(0.5)}" y="${height - 8}" text-anchor="middle" class="axis">${escapeHtml(xLabel)}</text>`
    );
    parts.push(
        `<text transform="translate(14 ${y(0.5)}) rotate(-90)" text-anchor="middle" class="axis">${escapeHtml(yLabel)}</text>`
    );
    for (const s of series) {
        if (s.points.length === 0) continue;
        const path = s.points
            .map((p, i) => `${i ? 'L' : 'M'}${x(p.x).toFixed(1)} ${y(p.y).toFixed(1)}`)
            .join(' ');
        parts.push(
            `<path d="${path}" fill="none" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`
        );
        if (s.markers)
            for (const p of s.points)
                parts.push(
                    `<circle cx="${x(p.x).toFixed(1)}" cy="${y(p.y).toFixed(1)}" r="3.5" fill="${s.colour}"/>`
                );
    }
    parts.push('</svg>');
    return parts.join('');
}

/** Thins a ROC curve to at most ~200 points so the file stays small for large portfolios. */
function thinRoc(roc: readonly RocPoint[]): { x: number; y: number }[] {
    const step = Math.max(1, Math.floor(roc.length / 200));
    const points = roc.filter((_, i) => i % step === 0 || i === roc.length - 1);
    return points.map((p) => ({ x: p.falsePositiveRate, y: p.truePositiveRate }));
}

function legend(items: { label: string; colour: string; dashed?: boolean }[]): string {
    return `<ul class="legend">${items
        .map(
            (item) =>
                `<li><span class="swatch${item.dashed ? ' dashed' : ''}" style="border-color:${item.colour}"></span>${escapeHtml(item.label)}</li>`
        )
        .join('')}</ul>`;
}

/** Grouped bars: renewal rate per band, one bar per horizon inside each band group. */
function bandChart(horizons: readonly HorizonResult[]): string {
    const bands = ['Green', 'Yellow', 'Red', 'Unknown'].filter((band) =>
        horizons.some((h) => h.bands.some((b) => b.band === band))
    );
    const plotWidth = 360;
    const plotHeight = 240;
    const margin = { left: 52, right: 16, top: 28, bottom: 40 };
    const width = plotWidth + margin.left + margin.right;
    const height = plotHeight + margin.top + margin.bottom;
    const groupWidth = plotWidth / Math.max(1, bands.length);
    const barWidth = Math.min(44, (groupWidth - 16) / Math.max(1, horizons.length));
    const y = (v: number) => margin.top + (1 - v) * plotHeight;
    const parts: string[] = [];
    parts.push(
        `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Renewal rate per band">`
    );
    parts.push('<title>Renewal rate per band</title>');
    parts.push(`<text x="${margin.left}" y="18" class="chart-title">Renewal rate per band</text>`);
    for (let t = 0; t <= 10; t += 2) {
        const v = t / 10;
        parts.push(
            `<line x1="${margin.left}" y1="${y(v)}" x2="${margin.left + plotWidth}" y2="${y(v)}" class="grid"/>`
        );
        parts.push(
            `<text x="${margin.left - 6}" y="${y(v) + 4}" text-anchor="end" class="tick">${t * 10}%</text>`
        );
    }
    bands.forEach((band, g) => {
        const groupStart = margin.left + g * groupWidth + (groupWidth - barWidth * horizons.length) / 2;
        horizons.forEach((h, i) => {
            const rate = h.bands.find((b) => b.band === band);
            if (!rate) return;
            const x = groupStart + i * barWidth;
            const top = y(rate.renewalRate);
            parts.push(
                `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${(barWidth - 4).toFixed(1)}" height="${(y(0) - top).toFixed(1)}" fill="${BAND_COLOURS[band] ?? '#555'}" fill-opacity="${1 - i * 0.35}"><title>${band}, ${h.horizonDays} days: ${rate.renewed} of ${rate.count} renewed (${pct(rate.renewalRate)})</title></rect>`
            );
            parts.push(
                `<text x="${(x + (barWidth - 4) / 2).toFixed(1)}" y="${(top - 4).toFixed(1)}" text-anchor="middle" class="tick">${pct(rate.renewalRate)}</text>`
            );
            parts.push(
                `<text x="${(x + (barWidth - 4) / 2).toFixed(1)}" y="${(y(0) + 28).toFixed(1)}" text-anchor="middle" class="tick small">n=${rate.count}</text>`
            );
        });
        parts.push(
            `<text x="${(margin.left + (g + 0.5) * groupWidth).toFixed(1)}" y="${y(0) + 14}" text-anchor="middle" class="axis">${band}</text>`
        );
    });
    parts.push(
        `<line x1="${margin.left}" y1="${y(0)}" x2="${margin.left + plotWidth}" y2="${y(0)}" class="axis-line"/>`
    );
    parts.push('</svg>');
    return parts.join('');
}

function table(headers: string[], rows: string[][], numericFrom = 1): string {
    return `<table><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
        .map(
            (row) =>
                `<tr>${row.map((cell, i) => `<td${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`
        )
        .join('')}</tbody></table>`;
}

function verdict(aucValue: number): string {
    if (!Number.isFinite(aucValue)) return 'not enough outcomes to judge';
    if (aucValue >= 0.8) return 'strong separation of renewals from losses';
    if (aucValue >= 0.7) return 'useful separation';
    if (aucValue >= 0.6) return 'weak separation: revisit signals and weights';
    return 'close to a coin flip: the score does not predict the outcome';
}

function comparisonSection(report: BacktestReport): string {
    const c = report.comparison;
    const spreadsheet = table(
        ['Horizon', 'Model AUC', 'Spreadsheet AUC', 'Model minus spreadsheet'],
        report.horizons.map((h) => [
            `${h.horizonDays} days`,
            interval(h.aucInterval),
            interval(h.spreadsheetAuc),
            signedInterval(h.versusSpreadsheet)
        ])
    );
    const heldOut = c
        ? `<h3>Held-out outcomes (from ${escapeHtml(c.splitDate)}; the plain regression learned on the ${c.trainOutcomes} before)</h3>${table(
              ['Horizon', 'Tested on', ...(c.horizons[0]?.models.map((m) => m.label) ?? [])],
              c.horizons.map((h) => [
                  `${h.horizonDays} days`,
                  `${h.renewed + h.lost} (${h.renewed} renewed, ${h.lost} lost)`,
                  ...h.models.map((m) => interval(m.auc))
              ])
          )}${
              c.plainCoefficients
                  ? `<details><summary>What the plain regression learned (log-odds of renewal per standard deviation)</summary>${table(
                        ['Feature', 'Coefficient'],
                        Object.entries(c.plainCoefficients).map(([name, value]) => [name, num(value, 3)])
                    )}</details>`
                  : ''
          }${c.warnings.map((w) => `<p class="muted">${escapeHtml(w)}</p>`).join('')}`
        : '';
    return `<section>
<h2>Does the model earn its keep? Baselines on the same records</h2>
<p>Two simple alternatives, computed from exactly the records the model saw on each as-of date: an <strong>equal-weight spreadsheet</strong> (average of licence utilisation, recency of any activity, open high-severity cases and usage trend, each 0-100) and a <strong>plain logistic regression</strong> on ${c ? c.features.length : 13} exported features (${escapeHtml((c?.features ?? []).join(', '))}). Intervals are 95% (DeLong); a difference whose interval excludes 0 is real, one that straddles 0 is not shown by this data.</p>
${spreadsheet}
${heldOut}
</section>`;
}

function revenueSection(report: BacktestReport): string {
    const first = report.horizons[0];
    if (!first) return '';
    const arr = report.horizons
        .map(
            (h) =>
                `<div><h3>${h.horizonDays} days</h3>${table(
                    ['Band', 'ARR', 'ARR renewed', 'ARR kept'],
                    h.arrBands.map((b) => [
                        b.band,
                        money(b.arr),
                        money(b.arrRenewed),
                        pct(b.arrRenewalRate, 1)
                    ])
                )}</div>`
        )
        .join('');
    const segments = table(
        ['Segment', 'Outcomes', 'Lost', 'Renewal rate', 'AUC', 'Green renewal rate'],
        first.segments.map((s) => [
            `${s.kind === 'industry' ? 'Industry' : 'Size'}: ${s.name}`,
            String(s.outcomes),
            String(s.lost),
            pct(s.renewalRate, 1),
            num(s.auc),
            pct(s.greenRenewalRate, 1)
        ]),
        1
    );
    const lost = greenButLost(report, first.horizonDays);
    const shown = lost.slice(0, 100);
    const lead = report.leadTime;
    return `<section>
<h2>Revenue view</h2>
<h3>ARR per band (ARR as exported; it weights the result, it never enters the score)</h3>
<div class="cols">${arr}</div>
<h3>By segment (${first.horizonDays} days)</h3>
${segments}
<h3>Lead time</h3>
<p>${lead.flaggedRed} of ${lead.losses} lost outcomes were Red at some check in the ${lead.windowDays} days before the outcome (every ${lead.stepDays} days, up to ${lead.shortestHorizon} days before); the median first Red came ${lead.medianDays ?? 'n/a'} days before the outcome, and ${lead.redAtLeast90Days} were Red 90 days or more ahead.</p>
<h3>Green at ${first.horizonDays} days, then lost (${lost.length})</h3>
${
    shown.length
        ? table(
              [
                  'Account',
                  'Outcome date',
                  'ARR',
                  'Industry',
                  ...report.horizons.map((h) => `Score at ${h.horizonDays} days`),
                  'First Red (days before)'
              ],
              shown.map((row) => [
                  `${row.name} (${row.accountId})`,
                  row.outcomeDate,
                  row.arr === null ? '-' : money(row.arr),
                  row.industry ?? '-',
                  ...report.horizons.map((h) => {
                      const at = row.scores[String(h.horizonDays)];
                      return at ? `${at.score ?? '-'} ${at.band}` : '-';
                  }),
                  row.leadTimeDays === null ? 'never' : String(row.leadTimeDays)
              ]),
              1
          ) +
          (lost.length > shown.length
              ? `<p class="muted">First 100 shown; every account is in backtest-report.json ("accounts").</p>`
              : '')
        : '<p>None.</p>'
}
</section>`;
}

export function renderHtmlReport(report: BacktestReport): string {
    const horizonColours = report.horizons.map((_, i) => PALETTE[i % PALETTE.length] as string);
    const warnings = report.horizons.flatMap((h) =>
        h.counts.warnings.map((w) => `${h.horizonDays} days: ${w}`)
    );
    if (report.fit) warnings.push(...report.fit.warnings);

    const cards = report.horizons
        .map(
            (h) => `<section class="card">
<h3>${h.horizonDays} days before the outcome</h3>
<p class="big">AUC ${num(h.auc)}</p>
<p class="muted">95% interval ${num(h.aucInterval.low)}-${num(h.aucInterval.high)}: ${escapeHtml(verdict(h.auc))}</p>
<p class="muted">Equal-weight spreadsheet: AUC ${num(h.spreadsheetAuc.estimate)}</p>
<dl>
<dt>Outcomes</dt><dd>${h.counts.total} (${h.counts.renewed} renewed, ${h.counts.lost} lost)${h.unknown ? ` <span class="muted">+ ${h.unknown} left out: too little data at the as-of date (band Unknown)</span>` : ''}</dd>
<dt>Accuracy (Red = predicted loss)</dt><dd>${pct(h.accuracy.accuracy)} <span class="muted">vs ${pct(h.accuracy.majorityBaseline)} always guessing the majority</span></dd>
<dt>Losses flagged Red</dt><dd>${pct(h.accuracy.lossesCaught)} <span class="muted">(${pct(h.accuracy.flaggedPrecision)} of Red accounts were lost)</span></dd>
<dt>Bottom-decile lift</dt><dd>${num(h.lift.lift, 1)}x <span class="muted">(${pct(h.lift.lossRate)} lost in the lowest 10% vs ${pct(h.lift.overallLossRate)} overall)</span></dd>
</dl>
</section>`
        )
        .join('\n');

    const roc = lineChart(
        'ROC: renewals caught vs losses let through',
        'share of losses scored at or above the cut',
        'share of renewals scored at or above the cut',
        report.horizons.map((h, i) => ({
            label: `${h.horizonDays} days`,
            colour: horizonColours[i] as string,
            points: thinRoc(h.roc)
        })),
        'a score with no information (AUC 0.5)'
    );
    const calibration = lineChart(
        'Calibration: observed renewal rate by score',
        'score / 100 (mean of each 10-point bin)',
        'observed renewal rate',
        report.horizons.map((h, i) => ({
            label: `${h.horizonDays} days`,
            colour: horizonColours[i] as string,
            points: h.calibration.map((bin) => ({ x: bin.meanScore / 100, y: bin.observedRenewalRate })),
            markers: true
        })),
        'where a score of N would mean an N% chance of renewal'
    );

    const bandTables = report.horizons
        .map(
            (h) =>
                `<div><h3>${h.horizonDays} days</h3>${table(
                    ['Band', 'Outcomes', 'Renewed', 'Renewal rate'],
                    h.bands.map((b) => [b.band, String(b.count), String(b.renewed), pct(b.renewalRate, 1)])
                )}</div>`
        )
        .join('');
    const calibrationTables = report.horizons
        .map(
            (h) =>
                `<div><h3>${h.horizonDays} days</h3>${table(
                    ['Score bin', 'Outcomes', 'Mean score', 'Observed renewal', 'Fitted probability'],
                    h.calibration.map((bin) => [
                        `${bin.from}-${bin.to === 100 ? 100 : bin.to - 1}`,
                        String(bin.count),
                        num(bin.meanScore, 1),
                        pct(bin.observedRenewalRate, 1),
                        pct(bin.predictedRenewalRate, 1)
                    ])
                )}</div>`
        )
        .join('');

    let fitSection = '';
    if (report.fit) {
        const f = report.fit;
        const fitRoc = lineChart(
            'Held-out ROC: default vs fitted weights',
            'share of losses scored at or above the cut',
            'share of renewals scored at or above the cut',
            f.heldOut.flatMap((h, i) => [
                {
                    label: `default, ${h.horizonDays} days`,
                    colour: PALETTE[i % PALETTE.length] as string,
                    points: thinRoc(h.defaultRoc),
                    dashed: true
                },
                {
                    label: `fitted, ${h.horizonDays} days`,
                    colour: PALETTE[i % PALETTE.length] as string,
                    points: thinRoc(h.fittedRoc)
                }
            ]),
            'no information'
        );
        fitSection = `<section>
<h2>Learned model (time-based split)</h2>
<p>Trained on the ${f.trainOutcomes} outcomes dated before <strong>${escapeHtml(f.splitDate)}</strong>, tested on the ${f.testOutcomes} from that date on, so the comparison below is on outcomes the fit never saw. Windows, caps and part weights were all chosen on the training outcomes.</p>
${table(
    ['Dimension', 'Default weight', 'Fitted weight'],
    DIMENSIONS.map((d) => [d, String(f.defaultWeights[d]), String(f.fittedWeights[d])])
)}
<h3>Weight of each part (1 = as in the current model)</h3>
${table(
    ['Part', 'Relative weight', 'Log-odds of renewal per point'],
    f.parts.map((p) => [
        p.part,
        p.keptPrior ? 'prior kept (no history)' : num(p.relativeWeight),
        p.keptPrior ? '-' : num(p.coefficient, 4)
    ])
)}
${
    f.search.length
        ? `<h3>Windows and caps changed, measured on the training period</h3>${table(
              ['Setting', 'Current', 'Learned', 'Training AUC after'],
              f.search.map((step) => [
                  step.key,
                  String(step.from),
                  String(step.to),
                  num(step.validationAuc, 3)
              ])
          )}`
        : '<p>No window or cap changed: none raised the training-period AUC by more than 0.002 and one standard error of the paired difference.</p>'
}
${
    f.calibration
        ? `<p>Calibration: renewal probability = 1 / (1 + e<sup>-(${num(f.calibration.intercept, 3)} + ${num(f.calibration.slope, 3)} &times; (score - 50) / 10)</sup>); a score of 50 means ${pct(1 / (1 + Math.exp(-f.calibration.intercept)))}, a score of 80 means ${pct(1 / (1 + Math.exp(-(f.calibration.intercept + 3 * f.calibration.slope))))}${logOddsText(f.calibration)}.</p>`
        : ''
}
${table(
    [
        'Horizon',
        'Tested on',
        'Turned Unknown',
        'AUC default',
        'AUC fitted',
        'AUC plain regression',
        'Fitted minus default',
        'Fitted minus plain',
        'Brier (fitted probability)'
    ],
    f.heldOut.map((h) => [
        `${h.horizonDays} days`,
        `${h.renewed + h.lost} (${h.renewed} renewed, ${h.lost} lost)`,
        String(h.turnedUnknown),
        interval(h.defaultInterval),
        interval(h.fittedInterval),
        interval(h.plainInterval),
        signedInterval(h.fittedVsDefault),
        signedInterval(h.fittedVsPlain),
        num(h.brier, 3)
    ])
)}
<p><strong>${f.recommended ? 'Recommended:' : 'Not recommended yet:'}</strong> ${escapeHtml(f.notes[f.notes.length - 1] ?? '')}</p>
<ul>${f.notes
            .slice(0, -1)
            .map((n) => `<li>${escapeHtml(n)}</li>`)
            .join('')}</ul>
<h3>Held-out renewal rate per band</h3>
<div class="cols">${f.heldOut
            .map(
                (h) =>
                    `<div><h3>${h.horizonDays} days</h3>${table(
                        [
                            'Band',
                            'Default: outcomes',
                            'Default: renewal',
                            'Fitted: outcomes',
                            'Fitted: renewal'
                        ],
                        ['Green', 'Yellow', 'Red', 'Unknown']
                            .filter((band) =>
                                [...h.defaultBands, ...h.fittedBands].some((b) => b.band === band)
                            )
                            .map((band) => {
                                const before = h.defaultBands.find((b) => b.band === band);
                                const after = h.fittedBands.find((b) => b.band === band);
                                return [
                                    band,
                                    String(before?.count ?? 0),
                                    before ? pct(before.renewalRate, 1) : '-',
                                    String(after?.count ?? 0),
                                    after ? pct(after.renewalRate, 1) : '-'
                                ];
                            })
                    )}${[
                        { name: 'Default', g: h.defaultGreen },
                        { name: 'Fitted', g: h.fittedGreen }
                    ]
                        .map(({ name, g }) =>
                            g
                                ? `<p>${name} Green: renews ${pct(g.renewalRate.estimate, 1)} [${pct(g.renewalRate.low, 1)}, ${pct(g.renewalRate.high, 1)}] and holds ${pct(g.shareOfRenewals, 1)} of the renewals (target: 90% or more AND half or more).</p>`
                                : ''
                        )
                        .join('')}</div>`
            )
            .join('')}</div>
<div class="charts"><figure>${fitRoc}${legend(
            f.heldOut.flatMap((h, i) => [
                {
                    label: `default, ${h.horizonDays} days`,
                    colour: PALETTE[i % PALETTE.length] as string,
                    dashed: true
                },
                { label: `fitted, ${h.horizonDays} days`, colour: PALETTE[i % PALETTE.length] as string }
            ])
        )}</figure></div>
<h3>Suggested band thresholds</h3>
<p>Green at or above <strong>${f.thresholds.greenThreshold}</strong> (now ${f.currentThresholds.greenThreshold}), Red below <strong>${f.thresholds.redThreshold}</strong> (now ${f.currentThresholds.redThreshold}).</p>
<ul>${f.thresholds.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>
<h3>Deploying the fitted model</h3>
<p>Model version <code>${escapeHtml(f.modelVersion)}</code>. Files written:</p>
<ul>${f.files.map((file) => `<li><code>${escapeHtml(file)}</code></li>`).join('')}</ul>
<p>The record file is inactive (<code>Active__c</code> false): copy it into <code>force-app/main/default/customMetadata/</code>, deploy, then tick Active in Setup when you are ready to score with it. Try it first offline with <code>health-score backtest --model &lt;the .json file&gt;</code>.</p>
</section>`;
    }

    const o = report.outcomes;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style>
body{font-family:-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;color:#181818;background:#f3f3f3}
main{max-width:1100px;margin:0 auto;padding:24px}
header{background:#032d60;color:#fff;padding:20px 24px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;opacity:.85}
section{background:#fff;border:1px solid #ddd;border-radius:8px;padding:16px 20px;margin:16px 0}
h2{font-size:18px;margin:0 0 12px}
h3{font-size:15px;margin:12px 0 6px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:16px}
.card{margin:0}
.big{font-size:30px;font-weight:600;margin:4px 0}
.muted{color:#5c5c5c}
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:8px 0 0}
dt{color:#444}
dd{margin:0;font-weight:600}
dd .muted{font-weight:400}
.warn{background:#fef1ee;border-color:#ba0517}
.warn li{margin:4px 0}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:16px;align-items:start}
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:0 24px}
figure{margin:0}
figure{max-width:460px}
figure svg{width:100%;height:auto}
svg{background:#fff;font-size:11px}
.chart-title{font-size:13px;font-weight:600;fill:#181818}
.grid{stroke:#e5e5e5}
.frame{fill:none;stroke:#999}
.diagonal{stroke:#999;stroke-dasharray:4 4}
.tick{fill:#444}
.small{font-size:9px}
.axis{fill:#181818;font-size:11px}
.axis-line{stroke:#999}
.legend{list-style:none;padding:0;margin:4px 0 0 52px;display:flex;flex-wrap:wrap;gap:4px 16px}
.swatch{display:inline-block;width:22px;height:0;border-top:3px solid;margin-right:6px;vertical-align:middle}
.swatch.dashed{border-top-style:dashed}
table{border-collapse:collapse;margin:6px 0 10px;font-size:13px}
th,td{border:1px solid #ddd;padding:4px 10px;text-align:left}
th{background:#f7f7f7}
td.num{text-align:right;font-variant-numeric:tabular-nums}
code{background:#f3f3f3;padding:1px 4px;border-radius:3px}
</style>
</head>
<body>
<header><h1>${escapeHtml(report.title)}</h1><p>${escapeHtml(report.source)} · model ${escapeHtml(report.modelVersion)} · generated ${escapeHtml(report.generatedOn)}</p></header>
<main>
${
    warnings.length
        ? `<section class="warn"><h2>Read with care</h2><ul>${warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></section>`
        : ''
}
<section>
<h2>Does the score predict renewals?</h2>
<p>Each outcome (a closed renewal opportunity, or a churn date) was scored as of ${report.horizons
        .map((h) => `${h.horizonDays}`)
        .join(
            ' and '
        )} days before it, using only the records that existed on that day. ${o.total} outcomes: ${o.renewalsWon} renewals won, ${o.renewalsLost} lost, ${o.churns} churns without a lost renewal${o.duplicatesMerged ? ` (${o.duplicatesMerged} churns were the same event as a lost renewal and counted once)` : ''}.</p>
<p class="muted">AUC is the chance that a renewing account scored higher than a lost one (0.5 = coin flip, 1 = perfect). Bands use Green at or above ${report.thresholds.greenThreshold} and Red below ${report.thresholds.redThreshold}.</p>
<div class="cards">${cards}</div>
</section>
<section>
<h2>Charts</h2>
<div class="charts">
<figure>${roc}${legend(report.horizons.map((h, i) => ({ label: `${h.horizonDays} days (AUC ${num(h.auc)})`, colour: horizonColours[i] as string })))}</figure>
<figure>${bandChart(report.horizons)}<p class="muted">${report.horizons.map((h, i) => `${i === 0 ? 'Dark' : i === 1 ? 'light' : 'lighter'} bars: ${h.horizonDays} days`).join(', ')}. A good score: the top band renews at 90% or more, and the spread between bands is wide.</p></figure>
<figure>${calibration}${legend(report.horizons.map((h, i) => ({ label: `${h.horizonDays} days`, colour: horizonColours[i] as string })))}</figure>
</div>
</section>
<section>
<h2>Renewal rate per band</h2>
<div class="cols">${bandTables}</div>
</section>
<section>
<h2>Calibration</h2>
<p class="muted">"Fitted probability" is a logistic curve fitted to these outcomes: it turns a score into a renewal probability. On the dashed diagonal a score of N would mean an N% chance of renewal; the score is a ranking, not a probability, so distance from the diagonal is expected. What matters is that the observed rate rises with the score.</p>
<div class="cols">${calibrationTables}</div>
</section>
${comparisonSection(report)}
${revenueSection(report)}
${fitSection}
${
    report.notes.length
        ? `<section><h2>Notes</h2><ul>${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></section>`
        : ''
}
</main>
</body>
</html>
`;
}

/** The calibration's log-odds form for the HTML report (logOdds.ts): empty for a flat calibration. */
function logOddsText(calibration: ScoreCalibration): string {
    const form = logOddsForm(calibration);
    return form
        ? `; in log-odds the score is ${num(form.a, 1)} + ${num(form.b, 1)} &times; logit, so every ${num(form.b * Math.LN2, 1)} points double the odds of renewal and each driver's points divided by ${num(form.b, 1)} are its log-odds`
        : '';
}
