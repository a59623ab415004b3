// Pins overrides.ts at its rules (issue 13): each invalid override names its field (Type__c, Band__c, Score__c,
// Reason__c, Expires_On__c) with the override's Id, scores 0 and 100 are limits not errors, an override applies
// from its start through its expiry and stops on its end date, the one set last (then the highest Id) wins in any
// order, and the driver sentence's words.
import { DEFAULT_MODEL_CONFIG } from './config';
import { dayNumber } from './dates';
import type { EngineInputError } from './dates';
import {
    activeOverride,
    appliedOverride,
    overrideActiveOn,
    overriddenScore,
    overrideLabel,
    validateOverride
} from './overrides';
import type { OverrideInput } from './overrides';

const T = dayNumber('2026-11-20');
const o = (values: Partial<OverrideInput> = {}): OverrideInput => ({
    id: 'o1',
    kind: 'Ceiling',
    band: null,
    score: 60,
    reason: 'Churn call',
    setBy: 'Dana',
    startsOn: '2026-11-10',
    expiresOn: '2026-12-10',
    endedOn: null,
    ...values
});
function failure(values: Partial<OverrideInput>): [string, string, string] | null {
    try {
        validateOverride(o(values));
        return null;
    } catch (error) {
        const e = error as EngineInputError;
        return [e.message, e.field, e.hint];
    }
}

describe('validateOverride', () => {
    it('names the override and the field of each broken rule', () => {
        expect(failure({ kind: 'Pin' as OverrideInput['kind'] })).toEqual([
            'Override o1: type must be Band, Ceiling or Floor',
            'Type__c',
            ''
        ]);
        expect(failure({ kind: 'Band', band: null })).toEqual([
            'Override o1: a Band override needs a band (Green, Yellow or Red)',
            'Band__c',
            ''
        ]);
        for (const score of [null, Number.NaN, -1, 100.5])
            expect(failure({ score })).toEqual([
                'Override o1: a Ceiling override needs a score from 0 to 100',
                'Score__c',
                ''
            ]);
        expect(failure({ kind: 'Floor', score: null })?.[0]).toBe(
            'Override o1: a Floor override needs a score from 0 to 100'
        );
        expect(failure({ reason: '  ' })).toEqual(['Override o1: a reason is required', 'Reason__c', '']);
        expect(failure({ expiresOn: '2026-11-09' })).toEqual([
            'Override o1: expires before it starts',
            'Expires_On__c',
            ''
        ]);
    });

    it('accepts the limits: scores 0 and 100, a band override without a score, an override of one day', () => {
        expect(failure({ score: 0 })).toBeNull();
        expect(failure({ score: 100 })).toBeNull();
        expect(failure({ kind: 'Band', band: 'Red', score: null })).toBeNull();
        expect(failure({ expiresOn: '2026-11-10' })).toBeNull();
    });
});

describe('which override applies', () => {
    it('from its start through its expiry, and not on or after its end date', () => {
        expect(overrideActiveOn(o({ startsOn: '2026-11-20' }), T)).toBe(true);
        expect(overrideActiveOn(o({ startsOn: '2026-11-21' }), T)).toBe(false);
        expect(overrideActiveOn(o({ expiresOn: '2026-11-20' }), T)).toBe(true);
        expect(overrideActiveOn(o({ expiresOn: '2026-11-19' }), T)).toBe(false);
        expect(overrideActiveOn(o({ endedOn: '2026-11-20' }), T)).toBe(false);
        expect(overrideActiveOn(o({ endedOn: '2026-11-21' }), T)).toBe(true);
        expect(() => overrideActiveOn(o({ startsOn: 'x' }), T)).toThrow(/^override start: /);
        expect(() => overrideActiveOn(o({ expiresOn: 'x' }), T)).toThrow(/^override expiry: /);
        expect(() => overrideActiveOn(o({ endedOn: 'x' }), T)).toThrow(/^override end: /);
    });

    it('the one set last, then the highest Id, in any order; none when none is active', () => {
        const a = o({ id: 'a', startsOn: '2026-11-12' });
        const b = o({ id: 'b', startsOn: '2026-11-12' });
        const early = o({ id: 'z', startsOn: '2026-11-01' });
        expect(activeOverride([a, b, early], T)?.id).toBe('b');
        expect(activeOverride([b, a, early], T)?.id).toBe('b');
        expect(activeOverride([early, a], T)?.id).toBe('a');
        expect(activeOverride([a, early], T)?.id).toBe('a');
        expect(activeOverride([o({ startsOn: '2026-12-01' })], T)).toBeNull();
        expect(activeOverride(undefined, T)).toBeNull();
    });
});

describe('the override driver', () => {
    it('names who, until when, what and why', () => {
        expect(overrideLabel(o({ expiresOn: '2026-12-10T23:00:00.000Z', reason: ' Churn call ' }))).toBe(
            'Override by Dana until 2026-12-10 (ceiling 60): Churn call'
        );
        expect(overrideLabel(o({ kind: 'Floor', score: 40.4, setBy: '  ' }))).toBe(
            'Override by a user until 2026-12-10 (floor 40): Churn call'
        );
        expect(overrideLabel(o({ kind: 'Band', band: 'Green', setBy: null }))).toBe(
            'Override by a user until 2026-12-10 (band Green): Churn call'
        );
        expect(appliedOverride(o({ expiresOn: '2026-12-10T23:00:00.000Z' })).expiresOn).toBe('2026-12-10');
        expect(overriddenScore(o({ kind: 'Band', band: 'Yellow' }), 95, DEFAULT_MODEL_CONFIG)).toBe(69);
    });
});
