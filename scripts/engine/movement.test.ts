import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MODEL_CONFIG, scoreAccount } from './index';
import { AS_OF, daysAgo, healthyAccount, supportCase } from './fixtures';
import {
    TOP_DRIVERS_MAX_CHARS,
    decodeTopDrivers,
    describeMovement,
    diffMovement,
    encodeTopDrivers
} from './movement';
import type { MovementPoint } from './movement';

const point = (
    asOf: string,
    score: number | null,
    drivers: [string, string, number, string?][],
    model = 'default-v2'
): MovementPoint => ({
    asOf,
    score,
    modelVersion: model,
    topDrivers: encodeTopDrivers({
        modelVersion: model,
        score,
        drivers: drivers.map(([code, label, points, recordId]) => ({
            code,
            label,
            points,
            ...(recordId ? { recordId } : {})
        }))
    })
});

describe('top drivers on snapshots (Top_Drivers__c)', () => {
    it('keeps the largest drivers by size, without the starting point, versioned and decodable', () => {
        const result = scoreAccount(healthyAccount(), DEFAULT_MODEL_CONFIG, AS_OF);
        const text = encodeTopDrivers(result);
        const decoded = decodeTopDrivers(text);
        expect(decoded?.v).toBe(1);
        expect(decoded?.m).toBe(result.modelVersion);
        expect(decoded?.s).toBe(result.score);
        expect(decoded?.d.some((d) => d[0] === 'BASELINE')).toBe(false);
        const sizes = decoded?.d.map((d) => Math.abs(d[2])) ?? [];
        expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
        expect(decoded?.d.length).toBeLessThanOrEqual(8);
    });

    it('never passes 4,000 characters, whatever the labels', () => {
        const drivers = Array.from({ length: 30 }, (_, i) => ({
            code: `C${i}`,
            label: 'x'.repeat(900),
            points: 30 - i
        }));
        const text = encodeTopDrivers({ modelVersion: 'm', score: 50, drivers });
        expect(text.length).toBeLessThanOrEqual(TOP_DRIVERS_MAX_CHARS);
        expect(decodeTopDrivers(text)?.d[0]?.[1]).toHaveLength(160);
    });

    it('reads blank, broken or future-version text as nothing', () => {
        expect(decodeTopDrivers(null)).toBeNull();
        expect(decodeTopDrivers('')).toBeNull();
        expect(decodeTopDrivers('{not json')).toBeNull();
        expect(decodeTopDrivers('{"v":2,"m":"x","s":1,"d":[]}')).toBeNull();
    });
});

describe('why did it move (diff of two snapshots)', () => {
    it('"−14 since last month: −8 decision maker cold, −6 Sev2 opened": items plus other add up to the change', () => {
        const before = point('2026-10-21', 72, [
            ['CONTACT', 'Decision maker Jane Doe engaged', 6, '003A'],
            ['USAGE_TRAJECTORY', 'Active users steady', 5]
        ]);
        const after = point(AS_OF, 58, [
            ['CONTACT', 'Decision maker Jane Doe: no meeting in 74 days', -2, '003A'],
            ['SUPPORT_OPEN_CASES', 'Sev2 case 00001234 opened', -6, '500B'],
            ['USAGE_TRAJECTORY', 'Active users steady', 5]
        ]);
        const movement = diffMovement(before, after);
        expect(movement).toMatchObject({ kind: 'moved', change: -14, since: '2026-10-21' });
        if (movement.kind !== 'moved') throw new Error('expected moved');
        expect(movement.items.map((i) => [i.label, i.points])).toEqual([
            ['Decision maker Jane Doe: no meeting in 74 days', -8],
            ['Sev2 case 00001234 opened', -6]
        ]);
        expect(movement.other).toBe(0);
        expect(describeMovement(movement)).toBe(
            '\u221214 since 2026-10-21: \u22128 Decision maker Jane Doe: no meeting in 74 days, \u22126 Sev2 case 00001234 opened'
        );
    });

    it('what the stored top drivers do not explain is "other drivers", so the sentence always adds up', () => {
        const movement = diffMovement(
            point('2026-10-21', 60, [['A', 'a', 10]]),
            point(AS_OF, 65, [['A', 'a', 12]])
        );
        expect(movement).toMatchObject({ change: 5, other: 3 });
        expect(describeMovement(movement)).toBe('+5 since 2026-10-21: +2 a, +3 other drivers');
    });

    it('a model version change is reported as such, never as customer behaviour', () => {
        const movement = diffMovement(
            point('2026-10-21', 70, [['A', 'a', 10]], 'default-v2'),
            point(AS_OF, 61, [['A', 'a', 1]], 'default-v3')
        );
        expect(movement).toEqual({
            kind: 'model-changed',
            since: '2026-10-21',
            from: 'default-v2',
            to: 'default-v3',
            change: -9
        });
        expect(describeMovement(movement)).toBe(
            'Model changed from default-v2 to default-v3 since 2026-10-21 (\u22129, from the model, not the customer)'
        );
    });

    it('no earlier snapshot, an Unknown side, or snapshots without drivers', () => {
        expect(diffMovement(null, point(AS_OF, 50, []))).toEqual({
            kind: 'none',
            reason: 'no-earlier',
            since: null
        });
        expect(diffMovement(point('2026-10-21', null, []), point(AS_OF, 50, []))).toMatchObject({
            reason: 'no-score'
        });
        const old = { asOf: '2026-10-21', score: 40, modelVersion: 'default-v2', topDrivers: null };
        const movement = diffMovement(old, point(AS_OF, 50, [['A', 'a', 3]]));
        expect(movement).toMatchObject({ kind: 'moved', change: 10, items: [], detailed: false });
        expect(describeMovement(movement)).toBe('+10 since 2026-10-21');
    });

    it('a real account: a Sev1 opened between two dates shows as the cap', () => {
        const config = DEFAULT_MODEL_CONFIG;
        const calm = scoreAccount(healthyAccount('h'), config, daysAgo(30));
        const hit = scoreAccount(
            healthyAccount('h', {
                cases: [supportCase('c1', { severity: 'Sev1', closedDate: null, createdDate: daysAgo(3) })]
            }),
            config,
            AS_OF
        );
        const movement = diffMovement(
            {
                asOf: calm.asOf,
                score: calm.score,
                modelVersion: calm.modelVersion,
                topDrivers: encodeTopDrivers(calm)
            },
            {
                asOf: hit.asOf,
                score: hit.score,
                modelVersion: hit.modelVersion,
                topDrivers: encodeTopDrivers(hit)
            }
        );
        if (movement.kind !== 'moved') throw new Error(`expected moved, got ${movement.kind}`);
        expect(movement.change).toBe((hit.score ?? 0) - (calm.score ?? 0));
        expect(movement.items[0]?.label).toMatch(/Sev1/);
        expect(movement.items.reduce((s, i) => s + i.points, 0) + movement.other).toBe(movement.change);
    });

    it("the Account card's copy is byte-identical to this module", () => {
        const copy = path.join(
            __dirname,
            '..',
            '..',
            'force-app',
            'main',
            'default',
            'lwc',
            'healthMovement',
            'movementDiff.ts'
        );
        expect(fs.readFileSync(copy, 'utf8')).toBe(
            fs.readFileSync(path.join(__dirname, 'movement.ts'), 'utf8')
        );
    });
});
