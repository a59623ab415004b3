import { rollUp, rollupMethodOf } from './rollup';
import type { RollupMember, RollupOptions } from './rollup';

const ARR: RollupOptions = { method: 'ARR Weighted', greenThreshold: 70, redThreshold: 40 };
const WORST: RollupOptions = { ...ARR, method: 'Worst Child' };

const m = (
    id: string,
    parentId: string | null,
    score: number | null,
    arr: number | null = null
): RollupMember => ({
    id,
    name: `Account ${id}`,
    parentId,
    score,
    arr
});

describe('parent-account roll-up', () => {
    it('ARR-weighted over the parent and its children, naming the child that drags it down', () => {
        const [result, ...rest] = rollUp(
            [m('P', null, 80, 100_000), m('A', 'P', 90, 300_000), m('B', 'P', 30, 600_000)],
            ARR
        );
        expect(rest).toEqual([]);
        // (80 * 100k + 90 * 300k + 30 * 600k) / 1M = 53
        expect(result).toMatchObject({
            accountId: 'P',
            score: 53,
            band: 'Yellow',
            descendants: 2,
            scored: 3
        });
        expect(result?.weakest).toEqual({ id: 'B', name: 'Account B', score: 30 });
        expect(result?.summary).toBe(
            'ARR-weighted over 3 accounts: 53 (Yellow); Account B (30) pulls it down most'
        );
    });

    it('worst child: the lowest score in the family, and the lowest-scoring descendant is named', () => {
        const [result] = rollUp([m('P', null, 80), m('A', 'P', 65), m('B', 'P', 35), m('C', 'P', 35)], WORST);
        expect(result).toMatchObject({ score: 35, band: 'Red' });
        expect(result?.weakest?.id).toBe('B');
    });

    it('multi-level: a grandparent rolls up every level below; each parent gets its own roll-up', () => {
        const results = rollUp(
            [m('G', null, 90, 1), m('P', 'G', 80, 1), m('C1', 'P', 20, 1), m('C2', 'P', 60, 1)],
            ARR
        );
        expect(results.map((r) => r.accountId)).toEqual(['G', 'P']);
        const grand = results[0];
        expect(grand).toMatchObject({ descendants: 3, scored: 4, score: 63 });
        expect(grand?.weakest?.id).toBe('C1');
        expect(results[1]).toMatchObject({ descendants: 2, score: 53 });
    });

    it('the children keep their own scores (the input is not changed) and leaves get no roll-up', () => {
        const members = [m('P', null, 80, 10), m('A', 'P', 20, 10)];
        const copy = JSON.parse(JSON.stringify(members)) as RollupMember[];
        const results = rollUp(members, ARR);
        expect(members).toEqual(copy);
        expect(results.map((r) => r.accountId)).toEqual(['P']);
    });

    it('Unknown members count as unscored, never as zero; an all-Unknown family has no score', () => {
        const [result] = rollUp([m('P', null, null), m('A', 'P', 72, 5), m('B', 'P', null)], ARR);
        expect(result).toMatchObject({ score: 72, band: 'Green', scored: 1, descendants: 2, weakest: null });
        const [none] = rollUp([m('P', null, null), m('A', 'P', null)], ARR);
        expect(none).toMatchObject({ score: null, band: 'Unknown', weakest: null });
        expect(none?.summary).toMatch(/No account in this hierarchy \(2\) has a score/);
    });

    it('members without ARR weigh as the smallest ARR in the family; no ARR at all = plain mean', () => {
        const [result] = rollUp([m('P', null, 100, 100), m('A', 'P', 0, null)], ARR);
        expect(result?.score).toBe(50);
        const [plain] = rollUp([m('P', null, 90), m('A', 'P', 60), m('B', 'P', 30)], ARR);
        expect(plain?.score).toBe(60);
        expect(plain?.weakest?.id).toBe('B');
    });

    it('a ParentId cycle never loops and never counts an account twice', () => {
        const results = rollUp([m('A', 'B', 50, 1), m('B', 'A', 70, 1), m('C', 'A', 30, 1)], ARR);
        const a = results.find((r) => r.accountId === 'A');
        expect(a).toMatchObject({ descendants: 2, scored: 3, score: 50 });
        const self = rollUp([m('S', 'S', 50)], ARR);
        expect(self).toEqual([]);
    });

    it('a child whose parent is not in the set is not rolled up anywhere', () => {
        expect(rollUp([m('A', 'missing', 50)], ARR)).toEqual([]);
    });

    it('a deep hierarchy (500 levels) is walked without recursion', () => {
        const chain = Array.from({ length: 500 }, (_, i) =>
            m(`N${String(i).padStart(4, '0')}`, i ? `N${String(i - 1).padStart(4, '0')}` : null, 50, 1)
        );
        const results = rollUp(chain, ARR);
        expect(results[0]).toMatchObject({ accountId: 'N0000', descendants: 499, score: 50 });
    });

    it('reads the method setting: blank = ARR Weighted, any letter case, else a clear error', () => {
        expect(rollupMethodOf(null, 'x')).toBe('ARR Weighted');
        expect(rollupMethodOf('worst child', 'x')).toBe('Worst Child');
        expect(() => rollupMethodOf('Median', 'Health_Rollup_Setting.Default')).toThrow(
            'Health_Rollup_Setting.Default: Method__c "Median" is not one of ARR Weighted, Worst Child'
        );
    });
});
