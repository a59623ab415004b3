import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LOCALE from '@salesforce/i18n/locale';
import getPlays from '@salesforce/apex/Account360Controller.getPlays';
import createPlay from '@salesforce/apex/Account360Controller.createPlay';
import completePlay from '@salesforce/apex/Account360Controller.completePlay';
import { daysUntil, formatDate, relativeDate } from 'c/healthUtils';
import type { PlaysView } from 'c/healthUtils';

const OUTCOMES = [
    { label: 'Positive', value: 'Positive' },
    { label: 'Neutral', value: 'Neutral' },
    { label: 'Negative', value: 'Negative' }
];

/**
 * "What to do": the account's open playbook Tasks (owner, due, mark done with an outcome) or, when none is
 * open, the band's play as a one-click task. Loads on its own, so a failure here leaves the rest of the card.
 */
export default class HealthPlays extends LightningElement {
    @api recordId?: string;
    /** Health band; Unknown accounts get the data checklist instead of a play. */
    @api band: string | null = null;

    view?: PlaysView;
    error: unknown;
    wired: unknown;
    busy = false;
    actionError: unknown;
    completingId: string | null = null;

    @wire(getPlays, { accountId: '$recordId' })
    wiredPlays(result: { data?: PlaysView; error?: unknown }): void {
        this.wired = result;
        if (result.data) {
            this.view = result.data;
            this.error = undefined;
        } else if (result.error) {
            this.error = result.error;
        }
        this.busy = false;
    }

    get isLoading(): boolean {
        return !this.view && !this.error;
    }

    get showError(): boolean {
        return !this.view && Boolean(this.error);
    }

    get containerClass(): string {
        return `plays${this.busy ? ' plays_busy' : ''}`;
    }

    get ariaBusy(): string {
        return String(this.busy);
    }

    get openPlays() {
        const today = new Date();
        return (this.view?.open ?? []).map((p) => {
            const days = daysUntil(p.dueDate, today);
            const overdue = days !== null && days < 0;
            return {
                ...p,
                key: p.id,
                due: p.dueDate
                    ? `${overdue ? 'Overdue, due' : 'Due'} ${relativeDate(p.dueDate, today, LOCALE)}`
                    : 'No due date',
                dueTitle: formatDate(p.dueDate, LOCALE),
                dueClass: `slds-text-body_small ${overdue ? 'slds-text-color_error due_overdue' : 'slds-text-color_weak'}`,
                owner: p.ownerName ? `Owner ${p.ownerName}` : '',
                completing: this.completingId === p.id,
                outcomeName: `outcome-${p.id}`
            };
        });
    }

    get hasOpen(): boolean {
        return this.openPlays.length > 0;
    }

    get suggested() {
        return this.view?.suggested ?? null;
    }

    get suggestedDue(): string {
        const days = this.suggested?.dueInDays;
        return typeof days === 'number' && days > 0
            ? `due in ${days} ${days === 1 ? 'day' : 'days'}`
            : 'due today';
    }

    get nothingToDo(): boolean {
        return Boolean(this.view) && !this.hasOpen && !this.suggested;
    }

    get nothingText(): string {
        return this.band === 'Green'
            ? 'No open play. The account is healthy: keep the usual cadence.'
            : 'No open play for this account.';
    }

    get outcomeOptions() {
        return OUTCOMES;
    }

    handleRetry(): void {
        this.error = undefined;
        this.busy = true;
        refreshApex(this.wired).finally(() => {
            this.busy = false;
        });
    }

    handleStartComplete(event: Event): void {
        this.completingId = (event.currentTarget as HTMLElement).dataset.id ?? null;
        this.actionError = undefined;
    }

    handleCancelComplete(): void {
        this.completingId = null;
    }

    async handleOutcome(event: Event): Promise<void> {
        const target = event.currentTarget as HTMLElement;
        const taskId = target.dataset.id;
        const outcome = target.dataset.outcome;
        if (!taskId || !outcome) return;
        await this.run(
            () => completePlay({ taskId, outcome }),
            'Play marked done',
            `Logged with outcome ${outcome}.`
        );
        this.completingId = null;
    }

    async handleCreate(): Promise<void> {
        const play = this.suggested;
        if (!play || !this.recordId) return;
        const accountId = this.recordId;
        await this.run(
            () => createPlay({ accountId, playKey: play.key }),
            'Task created',
            `${play.subject ?? 'The play'} (${this.suggestedDue}).`
        );
    }

    private async run(action: () => Promise<unknown>, title: string, message: string): Promise<void> {
        this.busy = true;
        this.actionError = undefined;
        try {
            await action();
            this.dispatchEvent(new ShowToastEvent({ title, message, variant: 'success' }));
            await refreshApex(this.wired);
        } catch (error: unknown) {
            this.actionError = error;
        } finally {
            this.busy = false;
        }
    }
}
