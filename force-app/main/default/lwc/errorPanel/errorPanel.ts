import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/ldsUtils';

/** The one error display of the health components: a friendly sentence plus the reduced messages. */
export default class ErrorPanel extends LightningElement {
    /** What the user was trying to see, e.g. "Could not load the health score". */
    @api friendlyMessage = 'Something went wrong while loading data';
    /** One error or a list of errors, any shape reduceErrors understands. */
    @api errors: unknown;

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

    handleToggle(): void {
        this.showDetails = !this.showDetails;
    }
}
