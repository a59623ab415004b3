/** Human-readable run summary and "focus today" ranking. */
import { redact } from '../salesforce/errors';
import { formatBytes } from './retention';
import type { FocusAccount, SyncSummary } from './sync';
import { terminalField, terminalSafe } from './terminal';

const n = (value: number): string => value.toLocaleString('en-US');

/** The summary as printed: no secrets (a user:pass@ URL), no terminal control characters from org data. */
export function formatSummary(summary: SyncSummary): string {
    return terminalSafe(redact(summaryText(summary)));
}

function summaryText(summary: SyncSummary): string {
    const lines: string[] = [];
    const rowsLabel = summary.dryRun ? 'rows to write' : 'rows written';
    lines.push(
        `${summary.dryRun ? 'Dry run (nothing written)' : 'Sync complete'}: ${summary.org}, as of ${summary.asOf}, model ${summary.model.version} (${summary.model.source})`
    );
    lines.push(`  accounts scored   ${n(summary.accountsScored)} (contacts ${n(summary.contactsScored)})`);
    lines.push(`  bands changed     ${n(summary.bandsChanged)}`);
    if (summary.signals)
        lines.push(
            `  signals           ${summary.signals
                .map((s) => `${s.label} (${s.source}) ${n(s.values)} values on ${n(s.accounts)} accounts`)
                .join(', ')}`
        );
    if (summary.segments)
        lines.push(
            `  segment models    ${summary.segments
                .map(
                    (s) =>
                        `${s.name === 'default' ? 'default' : s.name.replace(/^Health_Segment\./, '')} (${s.version}) ${n(s.accounts)}`
                )
                .join(', ')}`
        );
    if (summary.model.renewalForecast)
        lines.push(
            summary.model.renewalForecast === 'calibrated'
                ? '  renewal forecast  calibrated: Renewal_Probability__c and Expected_Retained_ARR__c written'
                : '  renewal forecast  not calibrated: renewal probability and expected retained ARR left blank (fit the model: health-score backtest --fit)'
        );
    lines.push(
        `  ${rowsLabel.padEnd(17)} Account ${n(summary.rows.Account)}, Contact ${n(summary.rows.Contact)}, Account_Health_Snapshot__c ${n(summary.rows.Account_Health_Snapshot__c)}`
    );
    if (summary.failedRows) {
        const codes = Object.entries(summary.failuresByCode)
            .map(([code, count]) => `${code} ${n(count)}`)
            .join(', ');
        lines.push(
            `  failed rows       ${n(summary.failedRows)} (${codes}) -> ${summary.resultsFile ?? 'printed below (no folder could be written)'}`
        );
        if (summary.resultsFallbackFrom)
            lines.push(
                `                    the results folder ${summary.resultsFallbackFrom.dir} could not be written (${summary.resultsFallbackFrom.reason}): the file went to ${summary.resultsFile ?? 'no folder'}`
            );
    } else if (summary.staleResultsRemoved) {
        lines.push(
            `  failed rows       none (the failed-rows file of an earlier run, ${summary.staleResultsRemoved}, was removed)`
        );
    }
    const jobs = (jobsByObject: Record<string, number>): number =>
        Object.values(jobsByObject).reduce((a, b) => a + b, 0);
    lines.push(
        `  API requests used ${n(summary.apiRequests.used)} (Bulk jobs: ${jobs(summary.bulkJobs.query)} query, ${jobs(summary.bulkJobs.ingest)} ingest; ${n(summary.apiRequests.remainingBefore)} of ${n(summary.apiRequests.dailyMax)} daily requests were left)`
    );
    const skipped = Object.entries(summary.skippedRecords);
    if (skipped.length) {
        lines.push(
            `  records skipped   ${skipped.map(([object, count]) => `${object} ${n(count)}`).join(', ')} (unreadable values; first: ${summary.skippedReasons[0] ?? ''})`
        );
    }
    if (summary.retention) {
        const r = summary.retention;
        const p = r.projection;
        lines.push(
            `  snapshots         ${n(r.deleted)} ${summary.dryRun ? 'to compact' : 'compacted'} (daily ${r.policy.dailyDays} d, weekly to ${r.policy.weeklyDays} d, monthly after)${r.failed ? `; ${n(r.failed)} could not be deleted (${r.failures[0]?.errorCode ?? ''})` : ''}`
        );
        lines.push(
            `  storage projected ${formatBytes(p.bytesYear1)} of snapshots after 1 year, ${formatBytes(p.bytesYear3)} after 3 (${n(p.accounts)} accounts at 2 KB a record; ${formatBytes(p.bytesYear1Uncompacted)} a year without compaction)`
        );
    }
    if (summary.overrides && (summary.overrides.applied || summary.overrides.expired))
        lines.push(
            `  overrides         ${n(summary.overrides.applied)} applied, ${n(summary.overrides.expired)} expired (owner given a Task)`
        );
    lines.push(`  duration          ${(summary.durationMs / 1000).toFixed(1)} s`);
    if (summary.inflationFlagged)
        lines.push(
            `  outcome inflation ${summary.inflationFlagged} rep(s) flagged and damped (run report only)`
        );
    const hierarchies = formatRollups(summary);
    if (hierarchies) lines.push('', hierarchies.trimEnd());
    if (summary.bandChanges.length) {
        lines.push('', 'Band changes:');
        for (const change of summary.bandChanges.slice(0, 20))
            lines.push(`  ${terminalField(change.name)}: ${change.from ?? '(none)'} -> ${change.to}`);
        if (summary.bandChanges.length > 20) lines.push(`  ... and ${n(summary.bandsChanged - 20)} more`);
    }
    if (summary.dryRun && summary.changes.length) {
        lines.push('', 'Would change:');
        for (const change of summary.changes.slice(0, 40)) {
            const fields = Object.entries(change.fields)
                .map(([field, { from, to }]) => `${field} ${from ?? '(blank)'} -> ${to ?? '(blank)'}`)
                .join('; ');
            lines.push(`  ${change.object} ${terminalField(change.name)} (${change.id}): ${fields}`);
        }
        if (summary.changes.length > 40) lines.push(`  ... (--json lists up to ${summary.changes.length})`);
    }
    if (summary.failedRowsUnwritten) lines.push('', 'Failed rows (CSV):', summary.failedRowsUnwritten);
    return `${lines.join('\n')}\n`;
}

/** Account hierarchies: the parents' roll-up health, weakest first, each naming the child that drags it down. */
export function formatRollups(summary: Pick<SyncSummary, 'rollups'>, limit = 5): string {
    const rollups = summary.rollups;
    if (!rollups || rollups.parents === 0) return '';
    const lines = [
        `Account hierarchies (roll-up ${rollups.method}, ${rollups.source}; ${rollups.parents} parent account${rollups.parents === 1 ? '' : 's'}):`
    ];
    for (const r of rollups.top.slice(0, limit))
        lines.push(
            `  ${terminalField(r.name)}: ${r.score === null ? 'no score' : `${r.score} ${r.band}`} over ${r.scored} of ${r.descendants + 1} accounts${r.weakest ? `; weakest child ${terminalField(r.weakest.name)} (${r.weakest.score})` : ''}`
        );
    return terminalSafe(`${lines.join('\n')}\n`);
}

function arrow(focus: FocusAccount): string {
    if (focus.trend === 'Improving') return `up ${focus.change ?? 0}`;
    if (focus.trend === 'Declining') return `down ${Math.abs(focus.change ?? 0)}`;
    return focus.trend === 'Stable' ? 'stable' : 'new';
}

/**
 * The focus list. `asOf` (YYYY-MM-DD, the run's as-of date; default today in UTC) dates the renewals relative
 * to the run, as the portfolio does: a renewal that has passed never reads "renews <date>".
 */
export function formatFocus(focus: readonly FocusAccount[], limit = 7, asOf?: string): string {
    return terminalSafe(focusText(focus, limit, asOf ?? new Date().toISOString().slice(0, 10)));
}

const DAY_MS = 86_400_000;

/** "renews today", "renews in 40 days", "renews in 5 months", "renewal passed 12 days ago" (relative to asOf). */
export function renewalText(renewalDate: string, asOf: string): string {
    const days = Math.round(
        (Date.parse(`${renewalDate.slice(0, 10)}T00:00:00Z`) - Date.parse(`${asOf}T00:00:00Z`)) / DAY_MS
    );
    if (Number.isNaN(days)) return `renewal date ${renewalDate}`;
    const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
    const abs = Math.abs(days);
    const when =
        abs <= 45
            ? relative.format(days, 'day')
            : abs < 365
              ? relative.format(Math.round(days / 30.44), 'month')
              : relative.format(Math.round(days / 365.25), 'year');
    return days < 0 ? `renewal passed ${when}` : `renews ${when}`;
}

function focusText(focus: readonly FocusAccount[], limit: number, asOf: string): string {
    const lines = ['Focus today (highest attention priority first):', ''];
    focus.slice(0, limit).forEach((f, i) => {
        const flags = [
            f.bandChanged ? 'band changed' : '',
            f.expansionReady ? 'expansion ready' : '',
            f.renewalDate ? renewalText(f.renewalDate, asOf) : ''
        ]
            .filter(Boolean)
            .join(', ');
        lines.push(
            `${String(i + 1).padStart(2)}. ${terminalField(f.name)}  ${f.band}${f.score === null ? '' : ` ${f.score}`}  trend ${arrow(f)}  ${f.lifecycle}  priority ${f.attentionPriority.toFixed(1)}${flags ? `  (${flags})` : ''}`
        );
        // The cap line is shown once: as a driver when it moved the score, else as the standing critical risk.
        if (f.criticalRisk && !f.drivers.some((driver) => driver.label === f.criticalRisk))
            lines.push(`      critical risk: ${f.criticalRisk}`);
        for (const driver of f.drivers)
            lines.push(`      ${driver.points >= 0 ? '+' : ''}${driver.points}  ${driver.label}`);
    });
    return `${lines.join('\n')}\n`;
}
