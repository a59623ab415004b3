// Navigation mock that remembers the last page reference, so tests can assert where a click navigates.
import { createTestWireAdapter } from '@salesforce/wire-service-jest-util';

export const CurrentPageReference = createTestWireAdapter(jest.fn());

let navigatedTo;
let generatedFor;

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

export const NavigationMixin = (Base) => {
    return class extends Base {
        [Navigate](pageReference) {
            navigatedTo = pageReference;
        }
        [GenerateUrl](pageReference) {
            generatedFor = pageReference;
            const id = pageReference && pageReference.attributes ? pageReference.attributes.recordId : '';
            return Promise.resolve(`/lightning/r/${id}/view`);
        }
    };
};
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

/** The page reference passed to the last NavigationMixin.Navigate call. */
export const getNavigateCalledWith = () => navigatedTo;
/** The page reference passed to the last NavigationMixin.GenerateUrl call. */
export const getGenerateUrlCalledWith = () => generatedFor;
/** Clears what the mock remembers; call in afterEach. */
export const resetNavigationMock = () => {
    navigatedTo = undefined;
    generatedFor = undefined;
};
