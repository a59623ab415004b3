// Parent-account roll-up: an account with children (Account.ParentId) gets one health for its whole family
// (itself and every account below it, any depth), ARR-weighted by default or the worst member's, and names the
// child that drags it down. Pure and after the fact: it reads scored accounts and never changes a child's score.
import type { Band } from './types';

export type RollupMethod = 'ARR Weighted' | 'Worst Child';
export const ROLLUP_METHODS: readonly RollupMethod[] = ['ARR Weighted', 'Worst Child'];

/** One scored account as the roll-up needs it. */
export interface RollupMember {
    id: string;
    name: string;
    parentId: string | null;
    /** Null when Unknown: such an account is counted as unscored, never as zero. */
    score: number | null;
    arr: number | null;
}

export interface RollupResult {
    accountId: string;
    method: RollupMethod;
    /** Whole 0-100, or null when no member of the family has a score. */
    score: number | null;
    band: Band;
    /** Accounts below this one (children, grandchildren...). */
    descendants: number;
    /** Members that had a score (this account included). */
    scored: number;
    /** The descendant that pulls the roll-up down most (lowest score for Worst Child), or null. */
    weakest: { id: string; name: string; score: number } | null;
    /** One sentence for Rollup_Summary__c (at most 255 characters). */
    summary: string;
}

export interface RollupOptions {
    method: RollupMethod;
    greenThreshold: number;
    redThreshold: number;
}

function bandOf(score: number | null, options: RollupOptions): Band {
    if (score === null) return 'Unknown';
    return score >= options.greenThreshold ? 'Green' : score >= options.redThreshold ? 'Yellow' : 'Red';
}

/** Children per parent, only for parents that are themselves in the set (a parent outside it is not rolled up). */
function childrenOf(members: ReadonlyMap<string, RollupMember>): Map<string, string[]> {
    const children = new Map<string, string[]>();
    for (const member of members.values()) {
        if (!member.parentId || member.parentId === member.id || !members.has(member.parentId)) continue;
        const list = children.get(member.parentId);
        if (list) list.push(member.id);
        else children.set(member.parentId, [member.id]);
    }
    return children;
}

/** Every account below `rootId`, each once, whatever the depth; a cycle in ParentId never loops. */
function descendantsOf(rootId: string, children: ReadonlyMap<string, string[]>): string[] {
    const seen = new Set<string>([rootId]);
    const out: string[] = [];
    const stack = [...(children.get(rootId) ?? [])];
    while (stack.length) {
        const id = stack.pop() as string;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push(id);
        for (const child of children.get(id) ?? []) if (!seen.has(child)) stack.push(child);
    }
    return out.sort();
}

const clip = (text: string): string => (text.length > 255 ? `${text.slice(0, 254)}…` : text);

/**
 * The roll-up of every account that has children. ARR Weighted: the family's scores weighted by each member's
 * ARR (a member without ARR weighs as much as the smallest positive ARR in the family, so it still counts; all
 * without ARR = a plain mean); the weakest child is the one whose shortfall below the roll-up, times its weight,
 * is largest. Worst Child: the lowest score in the family; the weakest child is the lowest-scoring descendant.
 */
export function rollUp(members: readonly RollupMember[], options: RollupOptions): RollupResult[] {
    const byId = new Map(members.map((m) => [m.id, m]));
    const children = childrenOf(byId);
    const results: RollupResult[] = [];
    for (const parentId of [...children.keys()].sort()) {
        const parent = byId.get(parentId) as RollupMember;
        const below = descendantsOf(parentId, children).map((id) => byId.get(id) as RollupMember);
        const family = [parent, ...below].filter((m) => m.score !== null) as (RollupMember & {
            score: number;
        })[];
        let score: number | null = null;
        let weakest: RollupResult['weakest'] = null;
        const scoredBelow = family.filter((m) => m.id !== parentId);
        if (family.length > 0) {
            if (options.method === 'Worst Child') {
                score = family.reduce((low, m) => Math.min(low, m.score), Number.POSITIVE_INFINITY);
                const low = scoredBelow.reduce<(typeof family)[number] | null>(
                    (worst, m) =>
                        worst === null ||
                        m.score < worst.score ||
                        (m.score === worst.score && m.id < worst.id)
                            ? m
                            : worst,
                    null
                );
                if (low) weakest = { id: low.id, name: low.name, score: low.score };
            } else {
                const positive = family.map((m) => m.arr ?? 0).filter((a) => a > 0);
                const floor = positive.length ? positive.reduce((a, b) => Math.min(a, b)) : 1;
                const weight = (m: RollupMember) => (m.arr !== null && m.arr > 0 ? m.arr : floor);
                const total = family.reduce((sum, m) => sum + weight(m), 0);
                const mean = family.reduce((sum, m) => sum + weight(m) * m.score, 0) / total;
                score = Math.round(mean);
                let drag = 0;
                for (const m of scoredBelow) {
                    const pull = weight(m) * (mean - m.score);
                    if (pull > drag) {
                        drag = pull;
                        weakest = { id: m.id, name: m.name, score: m.score };
                    }
                }
            }
        }
        const band = bandOf(score, options);
        const how = options.method === 'Worst Child' ? 'worst of' : 'ARR-weighted over';
        const summary =
            score === null
                ? `No account in this hierarchy (${below.length + 1}) has a score yet`
                : `${how} ${family.length} account${family.length === 1 ? '' : 's'}: ${score} (${band})` +
                  (weakest ? `; ${weakest.name} (${weakest.score}) pulls it down most` : '');
        results.push({
            accountId: parentId,
            method: options.method,
            score,
            band,
            descendants: below.length,
            scored: family.length,
            weakest,
            summary: clip(summary)
        });
    }
    return results;
}

/** The roll-up method from a setting's text (Health_Rollup_Setting__mdt.Method__c); blank = ARR Weighted. */
export function rollupMethodOf(value: unknown, where: string): RollupMethod {
    if (value === null || value === undefined || value === '') return 'ARR Weighted';
    const match = ROLLUP_METHODS.find((m) => m.toLowerCase() === String(value).trim().toLowerCase());
    if (!match)
        throw new Error(`${where}: Method__c "${String(value)}" is not one of ${ROLLUP_METHODS.join(', ')}`);
    return match;
}
