import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/ldsUtils';

/**
 * The one error display of the health components, scoped to the section that failed: a friendly sentence, the
 * reduced messages on request and, when the section can reload, a "Try again" button that fires `retry`.
 */
export default class ErrorPanel extends LightningElement {
    /** What the user was trying to see, e.g. "Could not load the health score". */
    @api friendlyMessage = 'Something went wrong while loading data';
    /** One error or a list of errors, any shape reduceErrors understands. */
    @api errors: unknown;
    /** Shows "Try again", which fires a `retry` event for the parent to re-fetch. */
    @api retryable = false;

    showDetails = false;

    get errorMessages(): string[] {
        return reduceErrors(this.errors);
    }

    get hasDetails(): boolean {
        return this.errorMessages.length > 0;
    }

    get expanded(): string {
        return String(this.showDetails);
    }

    get toggleLabel(): string {
        return this.showDetails ? 'Hide details' : 'Show details';
    }

    handleRetry(): void {
        this.dispatchEvent(new CustomEvent('retry'));
    }

    handleToggle(): void {
        this.showDetails = !this.showDetails;
    }
}
