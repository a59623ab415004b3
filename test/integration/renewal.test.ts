/**
 * Risk-adjusted renewal and the from -> to band (issue 16): the real sync CLI against the local org emulator.
 * Renewal_Probability__c and Expected_Retained_ARR__c are written only when the active model is calibrated;
 * Health_Band_Previous__c holds the band before the current one.
 */
import type { OrgEmulator } from '../../scripts/emulator/server';
import { AS_OF, demoOrg, json, runCli, tempDir } from './harness';

jest.setTimeout(120_000);

interface Summary {
    model: { version: string; renewalForecast?: string };
    bandChanges: { accountId: string; from: string | null; to: string }[];
}

let emulator: OrgEmulator;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
    ({ emulator, env } = await demoOrg());
});
afterEach(async () => {
    await emulator.stop();
});

const sync = async (asOf: string, ...extra: string[]): Promise<{ code: number; stdout: string }> =>
    runCli('sync', ['--as-of', asOf, '--results-dir', tempDir('renewal'), ...extra], env);

test('an uncalibrated model (the shipped Default) leaves both fields blank and says "not calibrated"', async () => {
    const text = await sync(AS_OF);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/renewal forecast\s+not calibrated/);
    for (const account of emulator.records('Account')) {
        expect(account.Renewal_Probability__c ?? null).toBeNull();
        expect(account.Expected_Retained_ARR__c ?? null).toBeNull();
    }
    const rerun = json<Summary>((await sync(AS_OF, '--json')).stdout);
    expect(rerun.model.renewalForecast).toBe('not calibrated');
});

test('a calibrated model writes P(renew) from the score and ARR x P, blank for Unknown accounts', async () => {
    // The emulator serves custom metadata from force-app: calibrate the active record in memory.
    const model = emulator.schema.customMetadataRecords.find(
        (r) => r.type === 'Health_Model__mdt' && r.values.Active__c === true
    );
    expect(model).toBeDefined();
    model!.values.Calibration_Intercept__c = 1.2;
    model!.values.Calibration_Slope__c = 0.9;
    const run = await sync(AS_OF, '--json');
    expect(run.code).toBe(0);
    expect(json<Summary>(run.stdout).model.renewalForecast).toBe('calibrated');
    let withArr = 0;
    for (const account of emulator.records('Account')) {
        if (account.Health_Band__c === 'Unknown') {
            expect(account.Renewal_Probability__c ?? null).toBeNull();
            continue;
        }
        const p = 1 / (1 + Math.exp(-(1.2 + (0.9 * (Number(account.Health_Score__c) - 50)) / 10)));
        expect(Number(account.Renewal_Probability__c)).toBeCloseTo(p * 100, 1);
        if (account.ARR__c !== null && account.ARR__c !== undefined) {
            withArr += 1;
            expect(Number(account.Expected_Retained_ARR__c)).toBeCloseTo(Number(account.ARR__c) * p, 0);
        } else expect(account.Expected_Retained_ARR__c ?? null).toBeNull();
    }
    expect(withArr).toBeGreaterThan(5);
});

test('Health_Band_Previous__c: the band an account left (from its last snapshot), kept while the band holds', async () => {
    const lastBand = new Map<string, { asOf: string; band: unknown }>();
    for (const snapshot of emulator.records('Account_Health_Snapshot__c')) {
        const id = String(snapshot.Account__c);
        const asOf = String(snapshot.As_Of__c);
        if (asOf < AS_OF && (!lastBand.has(id) || lastBand.get(id)!.asOf < asOf))
            lastBand.set(id, { asOf, band: snapshot.Band__c });
    }
    expect((await sync(AS_OF)).code).toBe(0);
    let changed = 0;
    for (const account of emulator.records('Account')) {
        const before = lastBand.get(String(account.Id))?.band;
        if (before !== undefined && before !== account.Health_Band__c) {
            changed += 1;
            expect(account.Health_Band_Previous__c).toBe(before);
        } else expect(account.Health_Band_Previous__c ?? null).toBeNull();
    }
    expect(changed).toBeGreaterThan(0);
    // A rerun (band unchanged since today's snapshot) leaves the previous band as it was.
    const previous = new Map(
        emulator.records('Account').map((a) => [String(a.Id), a.Health_Band_Previous__c])
    );
    expect((await sync(AS_OF)).code).toBe(0);
    for (const account of emulator.records('Account'))
        expect(account.Health_Band_Previous__c).toBe(previous.get(String(account.Id)));
});
