/**
 * Manual overrides that stick (issue 17): the real sync CLI against the local org emulator. An active
 * Health_Override__c is applied after the caps as a named driver on every run until it expires; the first run
 * after the expiry reverts to the model, marks the override Expired and gives the account owner one Task.
 */
import type { OrgEmulator } from '../../scripts/emulator/server';
import { AS_OF, demoOrg, json, runCli, tempDir } from './harness';

jest.setTimeout(120_000);

interface Summary {
    overrides?: { applied: number; expired: number; missing: boolean };
    rows: Record<string, number>;
}

const CEDAR = '001Dm0000000003AAA'; // Yellow: decision maker cold (owner Leo Park)
const SUMMIT = '001Dm0000000004AAA'; // Red: open Sev1 (owner Maya Chen)
const MANAGER = '005Dm0000000001AAA'; // Dana Ortiz

let emulator: OrgEmulator;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
    ({ emulator, env } = await demoOrg());
});
afterEach(async () => {
    await emulator.stop();
});

const sync = async (asOf: string, ...extra: string[]) =>
    runCli('sync', ['--as-of', asOf, '--results-dir', tempDir('overrides'), '--json', ...extra], env);

const account = (id: string) => emulator.records('Account').find((a) => a.Id === id)!;
const drivers = (id: string): { code: string; label: string; points: number }[] =>
    (
        JSON.parse(String(account(id).Health_Drivers__c)) as {
            drivers: { code: string; label: string; points: number }[];
        }
    ).drivers;

const SEEDED = 'a0ODm0000000099AAA';
/** The override this test seeded (the demo org has one of its own, on Harbor Media). */
const seeded = () => emulator.records('Health_Override__c').find((o) => o.Id === SEEDED);
/** Expired-override Tasks for one account. */
const expiryTasks = (accountId: string) =>
    emulator
        .records('Task')
        .filter((t) => t.Health_Play_Key__c === 'Override_Expired' && t.WhatId === accountId);

function seedOverride(values: Record<string, unknown>): void {
    emulator.seed({
        Health_Override__c: [{ Id: SEEDED, Status__c: 'Active', CreatedById: MANAGER, ...values }]
    });
}

test('an active band override sticks on every run as a named driver; the drivers still add up', async () => {
    const before = await sync(AS_OF);
    expect(before.code).toBe(0);
    expect(account(CEDAR).Health_Band__c).toBe('Yellow');
    seedOverride({
        Account__c: CEDAR,
        Type__c: 'Band',
        Band__c: 'Green',
        Reason__c: 'Renewal signed verbally with the CFO',
        Starts_On__c: '2026-11-15',
        Expires_On__c: '2026-12-31'
    });
    for (const asOf of [AS_OF, '2026-11-21']) {
        const run = await sync(asOf);
        expect(run.code).toBe(0);
        // The demo's own override (Harbor Media) and this one.
        expect(json<Summary>(run.stdout).overrides).toEqual({ applied: 2, expired: 0, missing: false });
        expect(account(CEDAR).Health_Band__c).toBe('Green');
        const list = drivers(CEDAR);
        const override = list.find((d) => d.code === 'OVERRIDE');
        expect(override?.label).toBe(
            'Override by Dana Ortiz until 2026-12-31 (band Green): Renewal signed verbally with the CFO'
        );
        expect(list.reduce((total, d) => total + d.points, 0)).toBe(Number(account(CEDAR).Health_Score__c));
        const snapshot = emulator
            .records('Account_Health_Snapshot__c')
            .find((s) => s.Account__c === CEDAR && s.As_Of__c === asOf);
        expect(snapshot?.Band__c).toBe('Green');
    }
    // The override is still Active: nothing was closed, no Task was created.
    expect(seeded()?.Status__c).toBe('Active');
    expect(emulator.records('Task').filter((t) => t.Health_Play_Key__c === 'Override_Expired')).toHaveLength(
        0
    );
});

test('after its expiry date the model score is back, the override is marked Expired and the owner gets one Task', async () => {
    seedOverride({
        Account__c: SUMMIT,
        Type__c: 'Floor',
        Score__c: 75,
        Reason__c: 'Sev1 is a customer-side misconfiguration, fixed',
        Starts_On__c: '2026-11-01',
        Expires_On__c: '2026-11-19'
    });
    // Still applied on its last day...
    expect((await sync('2026-11-19')).code).toBe(0);
    expect(Number(account(SUMMIT).Health_Score__c)).toBe(75);
    expect(seeded()?.Status__c).toBe('Active');
    // ...and gone the day after.
    const run = await sync(AS_OF);
    expect(run.code).toBe(0);
    expect(json<Summary>(run.stdout).overrides).toEqual({ applied: 1, expired: 1, missing: false });
    expect(account(SUMMIT).Health_Band__c).toBe('Red');
    expect(drivers(SUMMIT).some((d) => d.code === 'OVERRIDE')).toBe(false);
    const closed = seeded();
    expect(closed).toMatchObject({ Status__c: 'Expired', Ended_On__c: AS_OF, Owner_Notified_On__c: AS_OF });
    const tasks = expiryTasks(SUMMIT);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
        WhatId: SUMMIT,
        OwnerId: account(SUMMIT).OwnerId,
        Subject: 'Health override expired: Summit Retail Group',
        Status: 'Not Started'
    });
    expect(String(tasks[0]?.Description)).toMatch(
        /\(floor 75\) set by Dana Ortiz on 2026-11-01 expired on 2026-11-19/
    );
    expect(String(tasks[0]?.Description)).toMatch(/back on the model: \d+ \(Red\)/);
    // A rerun tells nobody twice.
    const rerun = await sync(AS_OF);
    expect(json<Summary>(rerun.stdout).overrides?.expired).toBe(0);
    expect(emulator.records('Task').filter((t) => t.Health_Play_Key__c === 'Override_Expired')).toHaveLength(
        1
    );
});

test('a dry run shows the override but closes nothing', async () => {
    seedOverride({
        Account__c: SUMMIT,
        Type__c: 'Ceiling',
        Score__c: 20,
        Reason__c: 'Customer announced a vendor review',
        Starts_On__c: '2026-11-01',
        Expires_On__c: '2026-11-10'
    });
    const run = await sync(AS_OF, '--dry-run');
    expect(run.code).toBe(0);
    expect(seeded()?.Status__c).toBe('Active');
    expect(emulator.records('Task').filter((t) => t.Health_Play_Key__c === 'Override_Expired')).toHaveLength(
        0
    );
});
