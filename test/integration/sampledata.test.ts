/**
 * The scratch-org sample data tells the same stories as `npm start`: the tree-import plan is generated dated
 * from the import day (`scripts/demo/generate.ts --anchor <import day>`), loaded with the real
 * `sf data tree import --plan` into an EMPTY strict emulator (records created through the API, so CreatedDate,
 * Case.ClosedDate and Task.CompletedDateTime are stamped at import time, as on an org), then scored with
 * `health-score sync --target-org` as of the import day. Every account must show the band, lifecycle stage and
 * critical risk that `npm start` shows for data/demo as of its anchor (docs/install.md "Sample data").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OrgEmulator } from '../../scripts/emulator/server';
import { generate } from '../../scripts/demo/generate';
import { AS_OF, DEMO, json, runCli, sf, sfEnv, tempDir } from './harness';

jest.setTimeout(240_000);

/** A fixed import day, far from the committed anchor: the stories must not depend on the calendar. */
const IMPORT_DAY = '2027-03-15';

interface Scored {
    name: string;
    band: string;
    lifecycle: string;
    score: number | null;
    criticalRisk: string | null;
}

let emulator: OrgEmulator | undefined;
afterAll(async () => {
    await emulator?.stop();
});

test('sf data tree import of the plan dated from the import day, scored as of import, shows the npm start stories', async () => {
    const dataDir = tempDir('sample');
    generate({ anchor: IMPORT_DAY, dataDir });
    // The org's clock is the import day: every API-created record is stamped then.
    emulator = new OrgEmulator({ today: IMPORT_DAY, now: () => Date.parse(`${IMPORT_DAY}T12:00:00Z`) });
    await emulator.start();
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
            'sample',
            '--no-prompt',
            '--json'
        ],
        { ...env, SF_ACCESS_TOKEN: emulator.issueToken() }
    );
    expect(login.code).toBe(0);

    const imported = await sf(
        [
            'data',
            'tree',
            'import',
            '--plan',
            path.join(dataDir, 'data-plan.json'),
            '--target-org',
            'sample',
            '--json'
        ],
        env
    );
    expect(imported.stderr + imported.stdout).not.toContain('NOT_FOUND');
    expect(imported.code).toBe(0);
    const plan = JSON.parse(fs.readFileSync(path.join(dataDir, 'data-plan.json'), 'utf8')) as {
        files: string[];
    }[];
    const planned = plan
        .flatMap((step) => step.files)
        .reduce(
            (n, file) =>
                n +
                (JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8')) as { records: unknown[] })
                    .records.length,
            0
        );
    expect((JSON.parse(imported.stdout) as { result: unknown[] }).result).toHaveLength(planned);
    // As on an org: the API stamped the import time, not the story's dates.
    const cases = emulator.records('Case');
    expect(new Set(cases.map((c) => String(c.CreatedDate).slice(0, 10)))).toEqual(new Set([IMPORT_DAY]));
    expect(
        cases.filter((c) => c.IsClosed === true).every((c) => String(c.ClosedDate).startsWith(IMPORT_DAY))
    ).toBe(true);

    const sync = await runCli('sync', ['--target-org', 'sample', '--as-of', IMPORT_DAY, '--json'], {
        HOME: home,
        SF_DISABLE_TELEMETRY: 'true',
        SF_USE_GENERIC_UNIX_KEYCHAIN: 'true'
    });
    expect(sync.code).toBe(0);
    const summary = json<{ accountsScored: number; skippedRecords: Record<string, number> }>(sync.stdout);
    expect(summary.accountsScored).toBe(16);
    expect(summary.skippedRecords).toEqual({});

    // What npm start shows: data/demo scored as of its anchor.
    const demo = await runCli('score', ['--input', DEMO, '--as-of', AS_OF, '--json'], {});
    expect(demo.code).toBe(0);
    const parsed = JSON.parse(demo.stdout) as Scored[] | { results?: Scored[]; accounts?: Scored[] };
    const stories = new Map(
        (Array.isArray(parsed) ? parsed : (parsed.results ?? parsed.accounts ?? [])).map((r) => [r.name, r])
    );
    expect(stories.size).toBe(16);
    const differences: string[] = [];
    for (const account of emulator.records('Account')) {
        const story = stories.get(String(account.Name));
        const org = `${String(account.Health_Band__c)}/${String(account.Lifecycle_Stage__c)}/${String(account.Health_Critical_Risk__c ?? '')}`;
        const expected = `${story?.band}/${story?.lifecycle}/${story?.criticalRisk ?? ''}`;
        if (org !== expected) differences.push(`${String(account.Name)}: org ${org}, npm start ${expected}`);
        // Case ages cannot be imported (CreatedDate and ClosedDate are stamped): the support subscore of an
        // account with old cases may move a little, never the band.
        if (story?.score !== null && story?.score !== undefined)
            expect(Math.abs(Number(account.Health_Score__c) - story.score)).toBeLessThanOrEqual(5);
    }
    expect(differences).toEqual([]);
});
