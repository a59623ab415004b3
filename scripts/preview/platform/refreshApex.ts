/** @salesforce/apex in the preview: refreshApex re-provisions every wire from the in-browser org. */
import { notifyChange } from './org';

export function refreshApex(): Promise<void> {
    notifyChange();
    return Promise.resolve();
}
