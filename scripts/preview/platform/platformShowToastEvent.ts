/// <reference lib="dom" />
/** lightning/platformShowToastEvent for the preview: the page shell listens for it and shows an SLDS toast. */
export const ShowToastEventName = 'lightning__showtoast';

export class ShowToastEvent extends CustomEvent<{ title: string; message: string; variant?: string }> {
    constructor(toast: { title: string; message: string; variant?: string }) {
        super(ShowToastEventName, { composed: true, cancelable: true, bubbles: true, detail: toast });
    }
}
