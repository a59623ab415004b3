import { LightningElement, api, wire } from 'lwc';
import getRunStatus from '@salesforce/apex/HealthRunStatusController.getRunStatus';
import type { RunStatusView } from 'c/healthUtils';

const PROBLEM_STATUSES = new Set(['Failed', 'Partial', 'Abandoned']);

/**
 * One line about the sync behind the scores: "Scores as of <date> · last run <time> <status>", and a warning
 * when no sync has succeeded for 36 hours (or the last run failed). A child component: the Account card and
 * the portfolio embed it; it needs no inputs.
 */
export default class HealthRunStatus extends LightningElement {
    /** Render nothing while the sync is healthy (fresh success, last run not failed): for tight layouts. */
    @api hideWhenHealthy = false;

    status: RunStatusView | null = null;
    loadError: unknown = null;

    @wire(getRunStatus)
    wiredStatus({ data, error }: { data?: RunStatusView; error?: unknown }): void {
        this.status = data ?? null;
        this.loadError = data ? null : (error ?? null);
    }

    get isLoaded(): boolean {
        return this.status !== null;
    }

    get hasSuccess(): boolean {
        return Boolean(this.status?.scoresAsOf);
    }

    get scoresAsOf(): string | null {
        return this.status?.scoresAsOf ?? null;
    }

    get lastRunAt(): string | null {
        return this.status?.lastRunAt ?? null;
    }

    get lastRunStatus(): string {
        return this.status?.lastRunStatus ?? '';
    }

    get lastRunFailed(): boolean {
        return PROBLEM_STATUSES.has(this.lastRunStatus);
    }

    get isStale(): boolean {
        return this.status?.stale === true;
    }

    get needsAttention(): boolean {
        return this.isStale || this.lastRunFailed;
    }

    get isHidden(): boolean {
        return this.hideWhenHealthy && this.isLoaded && !this.needsAttention;
    }

    get showStatus(): boolean {
        return this.isLoaded && !this.isHidden;
    }

    get statusClass(): string {
        return `run-status slds-m-left_xx-small${this.lastRunFailed ? ' slds-text-color_error' : ''}`;
    }

    get warning(): string | null {
        if (!this.status) return null;
        if (!this.status.hasRuns)
            return 'No sync run is recorded yet: ask your admin to schedule the health sync.';
        if (this.isStale)
            return `No sync has succeeded for more than ${this.status.staleAfterHours} hours: the scores may be out of date.`;
        if (this.lastRunFailed)
            return `The last sync ended ${this.lastRunStatus}${this.status.lastRunError ? `: ${this.status.lastRunError}` : ''}.`;
        return null;
    }
}
