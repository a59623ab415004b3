/**
 * Values for the @salesforce/* modules the base components import (i18n, labels, client): US English
 * defaults, so the preview formats numbers, currency and dates the way an en_US org does.
 */
export const I18N: Record<string, unknown> = {
    lang: 'en-US',
    locale: 'en-US',
    currency: 'USD',
    dir: 'ltr',
    timeZone: 'UTC',
    firstDayOfWeek: 1,
    'common.calendarData': {},
    'number.numberFormat': '#,##0.###',
    'number.percentFormat': '#,##0%',
    'number.currencyFormat': '¤#,##0.00',
    'number.currencySymbol': '$',
    'number.decimalSeparator': '.',
    'number.groupingSeparator': ',',
    'dateTime.shortDateFormat': 'M/d/yyyy',
    'dateTime.mediumDateFormat': 'MMM d, yyyy',
    'dateTime.longDateFormat': 'MMMM d, yyyy',
    'dateTime.shortTimeFormat': 'h:mm a',
    'dateTime.mediumTimeFormat': 'h:mm:ss a',
    'dateTime.shortDateTimeFormat': 'M/d/yyyy h:mm a',
    'dateTime.mediumDateTimeFormat': 'MMM d, yyyy h:mm:ss a',
    'dateTime.longDateTimeFormat': 'MMMM d, yyyy h:mm:ss a z'
};

/** A label's text when the preview has no translation: its name, split into words ("LightningCombobox.placeholder" → "placeholder"). */
export function labelText(name: string): string {
    const last = name.split('.').pop() ?? name;
    return last.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}
