// Pins rollup.ts at its boundaries (issue 13): band thresholds from the options, the weakest child by weighted
// shortfall (ARR Weighted) or lowest score with ties by Id (Worst Child), ARR 0 as no ARR, the summary's words
// and 255-character limit, and the method setting's blank values and spacing.
import { rollUp, rollupMethodOf } from './rollup';
import type { RollupMember, RollupOptions } from './rollup';

const ARR: RollupOptions = { method: 'ARR Weighted', greenThreshold: 70, redThreshold: 40 };
const WORST: RollupOptions = { ...ARR, method: 'Worst Child' };
const m = (
    id: string,
    parentId: string | null,
    score: number | null,
    arr: number | null = null,
    name = `Account ${id}`
): RollupMember => ({
    id,
    name,
    parentId,
    score,
    arr
});

describe('roll-up boundaries', () => {
    it('bands at the thresholds given: 70 is Green, 40 Yellow, 39 Red', () => {
        const band = (score: number, options = ARR) =>
            rollUp([m('P', null, score), m('C', 'P', score)], options)[0]?.band;
        expect([band(70), band(69), band(40), band(39)]).toEqual(['Green', 'Yellow', 'Yellow', 'Red']);
        expect(band(60, { ...ARR, greenThreshold: 60, redThreshold: 50 })).toBe('Green');
        expect(band(49, { ...ARR, greenThreshold: 60, redThreshold: 50 })).toBe('Red');
    });

    it('ARR Weighted: the weakest child pulls most (weight x shortfall); a child above the mean is never named', () => {
        // mean (100 x 50 + 100 x 40 + 1000 x 60) / 1200 = 57.5; pulls: A 100 x 7.5 = 750, B 100 x 17.5 = 1750.
        const [result] = rollUp([m('P', null, 60, 1000), m('A', 'P', 50, 100), m('B', 'P', 40, 100)], ARR);
        expect(result).toMatchObject({ score: 58, weakest: { id: 'B', name: 'Account B', score: 40 } });
        // a big child a little below the mean outweighs a small one far below it
        const [big] = rollUp([m('P', null, 80, 100), m('A', 'P', 60, 10_000), m('B', 'P', 10, 1)], ARR);
        expect(big?.weakest?.id).toBe('A');
        const [above] = rollUp([m('P', null, 20, 100), m('A', 'P', 90, 100)], ARR);
        expect(above?.weakest).toBeNull();
        expect(above?.summary).toBe('ARR-weighted over 2 accounts: 55 (Yellow)');
        // ARR 0 weighs as a member without ARR: the smallest positive ARR in the family
        const [zero] = rollUp([m('P', null, 100, 100), m('A', 'P', 0, 0)], ARR);
        expect(zero?.score).toBe(50);
    });

    it('Worst Child: the lowest score, ties named by the smaller Id; the parent itself is never "the weakest child"', () => {
        const [tie] = rollUp([m('P', null, 90), m('Z', 'P', 35), m('B', 'P', 35), m('K', 'P', 50)], WORST);
        expect(tie?.weakest).toEqual({ id: 'B', name: 'Account B', score: 35 });
        expect(tie?.summary).toBe('worst of 4 accounts: 35 (Red); Account B (35) pulls it down most');
        const [parentWorst] = rollUp([m('P', null, 10), m('A', 'P', 80), m('B', 'P', 60)], WORST);
        expect(parentWorst).toMatchObject({ score: 10, weakest: { id: 'B', score: 60 } });
        const [alone] = rollUp([m('P', null, 75), m('A', 'P', null)], WORST);
        expect(alone).toMatchObject({ score: 75, weakest: null, summary: 'worst of 1 account: 75 (Green)' });
    });

    it('roll-ups come sorted by parent Id, and a summary longer than 255 characters is cut with an ellipsis', () => {
        const results = rollUp(
            [m('Q', null, 50), m('q1', 'Q', 50), m('A', null, 50), m('a1', 'A', 40, null, 'N'.repeat(300))],
            ARR
        );
        expect(results.map((r) => r.accountId)).toEqual(['A', 'Q']);
        expect(results[0]?.summary).toHaveLength(255);
        expect(results[0]?.summary.endsWith('…')).toBe(true);
        expect(results[0]?.summary.startsWith('ARR-weighted over 2 accounts: 45 (Yellow); NNN')).toBe(true);
    });

    it('the method setting: undefined and empty are ARR Weighted; spaces around a name are ignored', () => {
        expect(rollupMethodOf(undefined, 'x')).toBe('ARR Weighted');
        expect(rollupMethodOf('', 'x')).toBe('ARR Weighted');
        expect(rollupMethodOf('  ARR weighted ', 'x')).toBe('ARR Weighted');
        expect(rollupMethodOf('Worst Child', 'x')).toBe('Worst Child');
        expect(() => rollupMethodOf(' ', 'S')).toThrow(
            'S: Method__c " " is not one of ARR Weighted, Worst Child'
        );
    });
});
