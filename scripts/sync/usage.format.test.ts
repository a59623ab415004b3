import { formatUsageSummary, type UsagePushSummary } from './usage';

/** A rejected row's reason quotes the input cell; the summary printed to the operator's terminal must not carry it raw. */
function summary(overrides: Partial<UsagePushSummary> = {}): UsagePushSummary {
    return {
        file: 'usage.csv',
        rowsRead: 2,
        rowsValid: 1,
        rejected: 1,
        rejectedByStage: { validation: 1, org: 0 },
        usageUpserted: 1,
        accountsUpdated: 0,
        rejectsFile: 'usage.rejects.csv',
        staleRejectsRemoved: null,
        rejectsShown: [
            {
                line: 3,
                reason: 'Period_Start__c must be a date YYYY-MM-DD, got \u001b]0;pwned\u0007\u001b[2J2026'
            }
        ],
        error: null,
        dryRun: false,
        apiRequests: 2,
        durationMs: 10,
        exitCode: 0,
        ...overrides
    };
}

describe('formatUsageSummary', () => {
    it('strips terminal control sequences a CSV cell carries into a reject reason', () => {
        const text = formatUsageSummary(summary());
        expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
        expect(text).toContain('  line 3: Period_Start__c must be a date YYYY-MM-DD, got ]0;pwned[2J2026\n');
    });

    it('keeps a reason on its own line when the cell held a line break', () => {
        const text = formatUsageSummary(
            summary({ rejectsShown: [{ line: 4, reason: 'unknown field Evil\nUsage push complete: fake' }] })
        );
        expect(text).toContain('  line 4: unknown field Evil Usage push complete: fake\n');
        expect(text.split('\n').filter((line) => line.startsWith('Usage push complete'))).toHaveLength(1);
    });

    it('redacts a session id an org error message quotes', () => {
        const text = formatUsageSummary(
            summary({
                error: { code: 'ORG', message: 'INVALID_SESSION_ID 00D000000000001!AQ0AQH0dMHZ expired' }
            })
        );
        expect(text).toContain('org error: INVALID_SESSION_ID 00D…![redacted] expired;');
        expect(text).not.toContain('AQ0AQH0dMHZ');
    });
});
