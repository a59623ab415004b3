/**
 * Text from the org (record names, error messages, driver labels) printed to a terminal must not carry control
 * characters: an ESC sequence in an Account name could recolour, hide or rewrite what the operator sees (or set
 * the window title). Every line the CLI prints goes through terminalSafe; JSON output escapes them already.
 */

// C0 controls except TAB and LF, DEL, and the C1 controls (U+0080-U+009F, e.g. the 8-bit CSI U+009B).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Removes terminal control characters (keeps newlines and tabs); a lone CR would overwrite the line: removed. */
export function terminalSafe(text: string): string {
    return text.replace(CONTROL, '');
}

/** One value of a single output line: control characters and line breaks removed. */
export function terminalField(text: string): string {
    return terminalSafe(text).replace(/[\n\t]+/g, ' ');
}
