/**
 * The real `sf` CLI against the emulator: `sf org login access-token` stores an auth in a private HOME, `sf data
 * query` reads through it, and `health-score sync --target-org <alias>` uses that stored auth (@salesforce/core).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OrgEmulator } from '../../scripts/emulator/server';
import { AS_OF, SF, demoOrg, json, runCli, sf, sfEnv, tempDir } from './harness';

jest.setTimeout(180_000);

let emulator: OrgEmulator;
afterAll(async () => {
    await emulator?.stop();
});

test('the sf CLI is installed with the project (npm install), so this test never skips', () => {
    expect(fs.existsSync(SF) ? SF : `missing: ${SF} (run npm install)`).toBe(SF);
});

test('sf org login access-token + sf data query + health-score sync --target-org', async () => {
    const org = await demoOrg();
    emulator = org.emulator;
    const home = tempDir('sfhome');
    const env = sfEnv(home);
    const login = await sf(
        [
            'org',
            'login',
            'access-token',
            '--instance-url',
            emulator.url,
            '--alias',
            'emu',
            '--no-prompt',
            '--json'
        ],
        { ...env, SF_ACCESS_TOKEN: org.token }
    );
    expect(login.code).toBe(0);
    // The update hook leaves this marker in the CLI cache when it spawns `sf update --autoupdate`.
    expect(fs.existsSync(path.join(home, '.cache', 'sf', 'autoupdate'))).toBe(false);
    expect(JSON.parse(login.stdout).result.username).toBe('integration@health-score.emulator');

    const query = await sf(
        [
            'data',
            'query',
            '--query',
            "SELECT Id, Name, Owner.Name FROM Account WHERE Customer_Key__c = 'NW-1001'",
            '--target-org',
            'emu',
            '--json'
        ],
        env
    );
    expect(query.code).toBe(0);
    const records = JSON.parse(query.stdout).result.records as {
        Name: string;
        Owner: { Name: string };
    }[];
    expect(records).toHaveLength(1);
    expect(records[0]?.Name).toBe('Northwind Logistics');

    const bad = await sf(
        [
            'data',
            'query',
            '--query',
            'SELECT Id, Not_A_Field__c FROM Account',
            '--target-org',
            'emu',
            '--json'
        ],
        env
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toContain('INVALID_FIELD');

    const sync = await runCli('sync', ['--target-org', 'emu', '--as-of', AS_OF, '--json'], {
        HOME: home,
        SF_DISABLE_TELEMETRY: 'true',
        SF_USE_GENERIC_UNIX_KEYCHAIN: 'true'
    });
    expect(sync.code).toBe(0);
    expect(json<{ org: string; rows: { Account: number } }>(sync.stdout)).toMatchObject({
        org: `sf CLI org 'emu' (${emulator.url}/)`,
        rows: { Account: 16 }
    });
});
