import { DEFAULT_MODEL_CONFIG, PortfolioScorer, headerOf, scoreAccount } from './index';
import type { AccountInput, AccountResult, OverrideInput } from './index';
import { AS_OF, daysAgo, emptyAccount, healthyAccount, supportCase } from './fixtures';
import { activeOverride, overriddenScore, overrideLabel } from './overrides';
import { dayNumber } from './dates';

const config = DEFAULT_MODEL_CONFIG;

function override(values: Partial<OverrideInput> = {}): OverrideInput {
    return {
        id: 'ovr-1',
        kind: 'Band',
        band: 'Green',
        score: null,
        reason: 'Renewal signed verbally with the CFO',
        setBy: 'Dana Manager',
        startsOn: daysAgo(10),
        expiresOn: daysAgo(-20),
        endedOn: null,
        ...values
    };
}

function sum(result: AccountResult): number {
    return result.drivers.reduce((total, driver) => total + driver.points, 0);
}

/** A healthy account held down to Yellow by an open Sev1 case (the cap at 59). */
function capped(overrides: OverrideInput[] = []): AccountInput {
    return healthyAccount('acc-cap', {
        cases: [supportCase('c1', { severity: 'Sev1', closedDate: null, createdDate: daysAgo(3) })],
        overrides
    });
}

describe('manual overrides', () => {
    it('a band override lifts a capped account into the band, as a named driver, and the drivers still add up', () => {
        const without = scoreAccount(capped(), config, AS_OF);
        expect(without.band).toBe('Yellow');
        const result = scoreAccount(capped([override()]), config, AS_OF);
        expect(result.band).toBe('Green');
        expect(result.score).toBe(70);
        expect(sum(result)).toBe(result.score);
        const driver = result.drivers.find((d) => d.code === 'OVERRIDE');
        expect(driver?.label).toBe(
            `Override by Dana Manager until ${daysAgo(-20)} (band Green): Renewal signed verbally with the CFO`
        );
        expect(driver?.points).toBe(70 - (without.score ?? 0));
        expect(driver?.recordId).toBe('ovr-1');
        expect(result.override?.id).toBe('ovr-1');
        // The cap still shows: the override is a judgement on top of the model, not a change of the facts.
        expect(result.drivers.some((d) => d.code === 'CAP_SEV1')).toBe(true);
        expect(result.summary).toContain('Override by Dana Manager');
    });

    it('a ceiling lowers a Green account, and the band follows at once (no hysteresis hold)', () => {
        const previous = { band: 'Green' as const, since: daysAgo(100), score: 90 };
        const base = scoreAccount(healthyAccount('h', { previous }), config, AS_OF);
        expect(base.band).toBe('Green');
        const result = scoreAccount(
            healthyAccount('h', {
                previous,
                overrides: [override({ kind: 'Ceiling', band: null, score: 68 })]
            }),
            config,
            AS_OF
        );
        expect(result.score).toBe(68);
        // Hysteresis alone would hold Green at 68 (it needs 67); an override that binds decides the band.
        expect(result.band).toBe('Yellow');
        expect(result.bandChanged).toBe(true);
        expect(sum(result)).toBe(68);
    });

    it('a floor raises a low score and a floor below the score does nothing but is still shown', () => {
        const low = scoreAccount(capped(), config, AS_OF);
        const raised = scoreAccount(
            capped([override({ kind: 'Floor', band: null, score: 65 })]),
            config,
            AS_OF
        );
        expect(raised.score).toBe(Math.max(65, low.score ?? 0));
        expect(sum(raised)).toBe(raised.score);
        const idle = scoreAccount(capped([override({ kind: 'Floor', band: null, score: 5 })]), config, AS_OF);
        expect(idle.score).toBe(low.score);
        expect(idle.band).toBe(low.band);
        expect(idle.drivers.find((d) => d.code === 'OVERRIDE')?.points).toBe(0);
    });

    it('a Red band override puts the score under the red threshold; Yellow keeps it inside Yellow', () => {
        const red = scoreAccount(
            healthyAccount('h', { overrides: [override({ band: 'Red' })] }),
            config,
            AS_OF
        );
        expect(red.band).toBe('Red');
        expect(red.score).toBe(config.redThreshold - 1);
        const yellow = scoreAccount(
            healthyAccount('h', { overrides: [override({ band: 'Yellow' })] }),
            config,
            AS_OF
        );
        expect(yellow.band).toBe('Yellow');
        expect(yellow.score).toBe(config.greenThreshold - 1);
        expect(sum(yellow)).toBe(yellow.score);
    });

    it('applies from the day it was set through its expiry date, never before (point in time) or after', () => {
        const account = capped([override({ startsOn: '2026-11-10', expiresOn: '2026-11-30' })]);
        expect(scoreAccount(account, config, '2026-11-09').override).toBeUndefined();
        expect(scoreAccount(account, config, '2026-11-10').band).toBe('Green');
        expect(scoreAccount(account, config, '2026-11-30').band).toBe('Green');
        const after = scoreAccount(account, config, '2026-12-01');
        expect(after.override).toBeUndefined();
        expect(after.drivers.some((d) => d.code === 'OVERRIDE')).toBe(false);
        expect(after.band).toBe('Yellow');
    });

    it('a revoked override stops on its end date', () => {
        const account = capped([
            override({ startsOn: '2026-11-01', expiresOn: '2026-12-31', endedOn: '2026-11-15' })
        ]);
        expect(scoreAccount(account, config, '2026-11-14').band).toBe('Green');
        expect(scoreAccount(account, config, '2026-11-15').override).toBeUndefined();
    });

    it('never applies to an Unknown account (no score is shown there)', () => {
        const result = scoreAccount(emptyAccount('e', { overrides: [override()] }), config, AS_OF);
        expect(result.band).toBe('Unknown');
        expect(result.score).toBeNull();
        expect(result.override).toBeUndefined();
    });

    it('picks the override set last when several are active, whatever their order', () => {
        const older = override({ id: 'a', band: 'Red', startsOn: daysAgo(30) });
        const newer = override({ id: 'b', band: 'Green', startsOn: daysAgo(5) });
        const day = dayNumber(AS_OF);
        expect(activeOverride([older, newer], day)?.id).toBe('b');
        expect(activeOverride([newer, older], day)?.id).toBe('b');
        expect(activeOverride([], day)).toBeNull();
    });

    it('rejects an override without a reason, a band or a valid score, naming the field', () => {
        expect(() => scoreAccount(capped([override({ reason: '  ' })]), config, AS_OF)).toThrow(/reason/);
        expect(() => scoreAccount(capped([override({ band: null })]), config, AS_OF)).toThrow(/needs a band/);
        expect(() =>
            scoreAccount(capped([override({ kind: 'Ceiling', band: null, score: 120 })]), config, AS_OF)
        ).toThrow(/score from 0 to 100/);
        expect(() =>
            scoreAccount(
                capped([override({ startsOn: '2026-11-10', expiresOn: '2026-11-01' })]),
                config,
                AS_OF
            )
        ).toThrow(/expires before/);
    });

    it('the portfolio scorer applies the same override as the single-account path', () => {
        const account = capped([override()]);
        const scorer = new PortfolioScorer(config, AS_OF);
        scorer.addAccount(headerOf(account));
        for (const c of account.contacts) scorer.addContact(account.id, c);
        for (const a of account.activities) scorer.addActivity({ ...a, accountId: account.id });
        for (const o of account.opportunities) scorer.addOpportunity(account.id, o);
        for (const c of account.cases) scorer.addCase(account.id, c);
        for (const u of account.usage) scorer.addUsage(account.id, u);
        expect(scorer.addOverride(account.id, override())).toBe(true);
        expect(scorer.addOverride('nobody', override())).toBe(false);
        const [result] = [...scorer.finish().results()];
        expect(result).toEqual(scoreAccount(account, config, AS_OF));
    });

    it('overriddenScore and overrideLabel', () => {
        expect(overriddenScore(override({ kind: 'Ceiling', score: 50.6 }), 80, config)).toBe(51);
        expect(overriddenScore(override({ kind: 'Floor', score: 30 }), 80, config)).toBe(80);
        expect(overrideLabel(override({ kind: 'Floor', score: 45, setBy: null }))).toMatch(
            /^Override by a user until .* \(floor 45\): Renewal/
        );
    });
});
