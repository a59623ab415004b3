/**
 * "Why did it move" (issue 17): the real sync CLI against the local org emulator writes each snapshot's compact
 * top drivers (Top_Drivers__c); the engine's diff of two snapshots explains the change exactly.
 */
import type { OrgEmulator } from '../../scripts/emulator/server';
import { decodeTopDrivers, describeMovement, diffMovement } from '../../scripts/engine/movement';
import { demoOrg, runCli, tempDir } from './harness';

jest.setTimeout(120_000);

let emulator: OrgEmulator;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
    ({ emulator, env } = await demoOrg());
});
afterEach(async () => {
    await emulator.stop();
});

test('every snapshot the sync writes carries its top drivers; two of them diff into the score change', async () => {
    for (const asOf of ['2026-10-21', '2026-11-20'])
        expect(
            (await runCli('sync', ['--as-of', asOf, '--results-dir', tempDir('movement')], env)).code
        ).toBe(0);
    const on = (asOf: string) =>
        emulator.records('Account_Health_Snapshot__c').filter((s) => s.As_Of__c === asOf);
    const now = on('2026-11-20');
    expect(now.length).toBe(16);
    let explained = 0;
    for (const snapshot of now) {
        const decoded = decodeTopDrivers(String(snapshot.Top_Drivers__c ?? ''));
        expect(decoded?.m).toBe(snapshot.Model_Version__c);
        expect(decoded?.s ?? null).toBe(snapshot.Score__c ?? null);
        const before = on('2026-10-21').find((s) => s.Account__c === snapshot.Account__c);
        const point = (s: Record<string, unknown>) => ({
            asOf: String(s.As_Of__c),
            score: s.Score__c === null || s.Score__c === undefined ? null : Number(s.Score__c),
            modelVersion: String(s.Model_Version__c),
            topDrivers: String(s.Top_Drivers__c)
        });
        const movement = diffMovement(before ? point(before) : null, point(snapshot));
        if (movement.kind !== 'moved') continue;
        explained += 1;
        expect(movement.detailed).toBe(true);
        expect(movement.items.reduce((sum, i) => sum + i.points, 0) + movement.other).toBe(movement.change);
        expect(describeMovement(movement)).toMatch(/^([+\u2212]\d+|0) since 2026-10-21/);
    }
    expect(explained).toBeGreaterThan(10);
});
