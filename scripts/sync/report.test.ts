/** The focus list's renewal wording (issue 18): relative to the run's as-of date, a passed renewal says so. */
import { formatFocus, renewalText } from './report';
import type { FocusAccount } from './sync';

const focus = (renewalDate: string | null): FocusAccount => ({
    accountId: '001',
    name: 'Acme',
    score: 40,
    band: 'Red',
    trend: 'Declining',
    change: -5,
    lifecycle: 'Warm',
    attentionPriority: 12,
    bandChanged: false,
    expansionReady: false,
    criticalRisk: null,
    summary: '',
    drivers: [],
    renewalDate,
    arr: null
});

describe('focus list renewal', () => {
    it('never prints a passed renewal as "renews <date>"', () => {
        const text = formatFocus([focus('2026-11-08')], 7, '2026-11-20');
        expect(text).toContain('renewal passed 12 days ago');
        expect(text).not.toContain('renews');
        expect(text).not.toContain('2026-11-08');
    });

    it('dates a coming renewal relative to the as-of date', () => {
        expect(formatFocus([focus('2026-12-30')], 7, '2026-11-20')).toContain('renews in 40 days');
        expect(renewalText('2026-11-20', '2026-11-20')).toBe('renews today');
        expect(renewalText('2026-11-21', '2026-11-20')).toBe('renews tomorrow');
        expect(renewalText('2027-05-20', '2026-11-20')).toBe('renews in 6 months');
        expect(renewalText('2025-09-01', '2026-11-20')).toBe('renewal passed last year');
    });

    it('prints no renewal when there is none', () => {
        expect(formatFocus([focus(null)], 7, '2026-11-20')).not.toMatch(/renew/);
    });
});
