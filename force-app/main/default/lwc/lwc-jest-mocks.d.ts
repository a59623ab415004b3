/**
 * Types for what only the jest mocks in force-app/test/jest-mocks export (test helpers), merged into the
 * platform module types of lwc-platform.d.ts. Not deployed (.forceignore: **\/*.ts).
 */

declare module 'lightning/navigation' {
    /** The page reference passed to the last NavigationMixin.Navigate call. */
    export function getNavigateCalledWith(): PageReference | undefined;
    /** Clears what the navigation mock remembers. */
    export function resetNavigationMock(): void;
}

declare module 'lightning/platformShowToastEvent' {
    export const ShowToastEventName: 'lightning__showtoast';
}

declare module '@salesforce/sfdx-lwc-jest' {
    /** A wire adapter for an Apex method that a test drives with emit() and error(). */
    export interface ApexTestWireAdapter<T = unknown> {
        emit(value: T): void;
        error(body?: unknown, status?: number, statusText?: string): void;
        getLastConfig(): Record<string, unknown>;
    }
    export function createApexTestWireAdapter<T = unknown>(
        fn?: jest.Mock
    ): ApexTestWireAdapter<T> & jest.Mock;
}
