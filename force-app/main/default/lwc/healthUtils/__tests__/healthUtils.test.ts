import {
    bandInfo,
    daysSince,
    describeAge,
    divergenceMessage,
    formatSigned,
    parseExplanation,
    trendInfo
} from 'c/healthUtils';

describe('bandInfo', () => {
    it('gives every band its own word and icon, and anything else reads as Unknown', () => {
        const icons = ['Green', 'Yellow', 'Red', 'Unknown'].map((b) => bandInfo(b).iconName);
        expect(new Set(icons).size).toBe(4);
        expect(bandInfo('Red').label).toBe('At risk');
        expect(bandInfo(undefined).band).toBe('Unknown');
        expect(bandInfo('green').band).toBe('Unknown');
    });
});

describe('trendInfo and formatSigned', () => {
    it('describes the trend in words with a signed change', () => {
        expect(trendInfo('Improving', 6)).toMatchObject({
            iconName: 'utility:arrowup',
            text: 'Improving +6 pts'
        });
        expect(trendInfo('Declining', -15)?.text).toBe('Declining \u221215 pts');
        expect(trendInfo('Stable', null)?.text).toBe('Stable');
        expect(trendInfo(null, 3)).toBeNull();
        expect(formatSigned(0)).toBe('0');
    });
});

describe('parseExplanation', () => {
    it('reads the engine explanation', () => {
        const result = parseExplanation(
            JSON.stringify({
                drivers: [
                    { code: 'CAP_SEV1', label: 'Open Sev1 case 00001234 caps the score at 59', points: -11 },
                    { code: 'BASELINE', label: 'Model baseline', points: 70 }
                ],
                dataQuality: [{ code: 'NO_DECISION_MAKER', message: 'No decision maker mapped' }],
                caps: [{ code: 'SEV1', cap: 59, reason: 'Open Sev1 case', applied: true }],
                divergence: { code: 'GREEN_BUT_CHAMPION_AT_RISK', message: 'Green but champion at risk' },
                expansionReasons: ['Utilisation 94%']
            })
        );
        expect(result.drivers.map((d) => d.points)).toEqual([-11, 70]);
        expect(result.dataQuality[0]?.message).toBe('No decision maker mapped');
        expect(result.caps[0]).toEqual({ code: 'SEV1', cap: 59, reason: 'Open Sev1 case', applied: true });
        expect(result.divergence?.message).toBe('Green but champion at risk');
        expect(result.expansionReasons).toEqual(['Utilisation 94%']);
        expect(result.unreadable).toBe(false);
    });

    it('accepts a bare driver array, skips malformed entries and flags unreadable JSON', () => {
        expect(parseExplanation('[{"label":"A","points":2},{"points":3},7]').drivers).toHaveLength(1);
        expect(parseExplanation('{oops').unreadable).toBe(true);
        expect(parseExplanation(null)).toMatchObject({ drivers: [], unreadable: false });
        expect(parseExplanation('"text"').drivers).toEqual([]);
    });
});

describe('divergenceMessage', () => {
    const overlay = (
        championStatus: string | null,
        executiveEngagement: string | null,
        outcomeNarrative: string | null
    ) => ({
        championStatus,
        executiveEngagement,
        outcomeNarrative
    });

    it('flags Green with a weak qualitative view and Red with a strong one', () => {
        expect(divergenceMessage('Green', overlay('At Risk', 'Active', 'Defensible'))).toContain(
            'champion is at risk'
        );
        expect(divergenceMessage('Green', overlay('Active', 'None', 'Missing'))).toContain(
            'executive engagement and outcome narrative'
        );
        expect(divergenceMessage('Red', overlay('Active', 'Active', 'Defensible'))).toContain('Scored Red');
    });

    it('stays quiet when the views agree or nothing was reviewed', () => {
        expect(divergenceMessage('Green', overlay('Active', 'Active', 'Defensible'))).toBeNull();
        expect(divergenceMessage('Red', overlay('Missing', 'None', 'Missing'))).toBeNull();
        expect(divergenceMessage('Yellow', overlay('At Risk', null, null))).toBeNull();
        expect(divergenceMessage('Green', overlay(null, null, null))).toBeNull();
    });
});

describe('daysSince and describeAge', () => {
    const today = new Date(2026, 10, 22, 9, 30);
    it('counts calendar days for dates and date-times', () => {
        expect(daysSince('2026-11-22', today)).toBe(0);
        expect(daysSince('2026-09-09', today)).toBe(74);
        expect(daysSince(new Date(2026, 10, 21, 23, 59).toISOString(), today)).toBe(1);
        expect(daysSince(null, today)).toBeNull();
        expect(daysSince('not a date', today)).toBeNull();
    });

    it('describes an age in words', () => {
        expect([null, 0, 1, 12].map((d) => describeAge(d))).toEqual([
            'never',
            'today',
            'yesterday',
            '12 days ago'
        ]);
    });
});
