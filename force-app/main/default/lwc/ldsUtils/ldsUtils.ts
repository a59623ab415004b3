/**
 * The one place errors become user-facing messages: UI API read and write errors, Apex errors, network and
 * JavaScript errors, single or in arrays. Errors arrive as `unknown` and are narrowed here.
 */

type Loose = Record<string, unknown>;

function isLoose(value: unknown): value is Loose {
    return typeof value === 'object' && value !== null;
}

function messagesOf(error: unknown): string[] {
    if (typeof error === 'string') return [error];
    if (!isLoose(error)) return [];
    const body = error.body;
    // UI API read errors: body is an array of { message }
    if (Array.isArray(body)) {
        return body.flatMap(messagesOf);
    }
    if (isLoose(body)) {
        const output = body.output;
        // UI API DML errors: field errors and page-level errors
        if (isLoose(output)) {
            const fieldErrors = isLoose(output.fieldErrors) ? Object.values(output.fieldErrors) : [];
            const fromFields = fieldErrors.flat().flatMap(messagesOf);
            const fromPage = Array.isArray(output.errors) ? output.errors.flatMap(messagesOf) : [];
            if (fromFields.length + fromPage.length > 0) return [...fromFields, ...fromPage];
        }
        // UI API DML, Apex and network errors
        if (typeof body.message === 'string') return [body.message];
    }
    // JS errors, and the entries of output.errors / fieldErrors
    if (typeof error.message === 'string') return [error.message];
    // Unknown shape: the HTTP status text is better than nothing
    return typeof error.statusText === 'string' ? [error.statusText] : [];
}

/** One or many errors of any shape → the distinct, non-empty messages in them. */
export function reduceErrors(errors: unknown): string[] {
    const list = Array.isArray(errors) ? errors : [errors];
    const messages = list.filter((error) => error !== null && error !== undefined).flatMap(messagesOf);
    return [...new Set(messages.map((m) => m.trim()).filter((m) => m.length > 0))];
}

/**
 * Real record page URLs (NavigationMixin.GenerateUrl) for the ids not in `known`, each reported as it resolves,
 * so Ctrl/⌘-click and middle-click on a record link open a new tab (href="#" could not).
 */
export function generateRecordUrls(
    generateUrl: (pageReference: { type: string; attributes: Record<string, string> }) => Promise<string>,
    recordIds: readonly (string | null | undefined)[],
    known: Readonly<Record<string, string>>,
    onUrl: (recordId: string, url: string) => void
): void {
    for (const recordId of recordIds) {
        if (!recordId || known[recordId]) continue;
        generateUrl({ type: 'standard__recordPage', attributes: { recordId, actionName: 'view' } }).then(
            (url) => onUrl(recordId, url)
        );
    }
}
