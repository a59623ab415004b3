/**
 * Integration harness: the org emulator runs in the test process on 127.0.0.1; the REAL CLI runs as a child
 * process (`node bin/health-score.js ...`) and talks to it over HTTP through jsforce, exactly as against an org.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OrgEmulator } from '../../scripts/emulator/server';
import { SF_NO_AUTOUPDATE } from '../../scripts/gates/salesforce';
import type { EmulatorOptions } from '../../scripts/emulator/server';
import { readDatasetFolder } from '../../scripts/emulator/seed';

export const REPO = path.resolve(__dirname, '..', '..');
export const DEMO = path.join(REPO, 'data', 'demo');
export const AS_OF = '2026-11-20';

export interface CliResult {
    code: number;
    stdout: string;
    stderr: string;
}

/** The CLI entry: `bin/health-score.js <command>` (the installed launcher), else the command module via tsx. */
function entry(command: string): string[] {
    const bin = path.join(REPO, 'bin', 'health-score.js');
    if (fs.existsSync(bin)) return [bin, command];
    return ['--import', 'tsx', path.join(REPO, 'scripts', 'cli', 'commands', `${command}.ts`)];
}

/** Runs `health-score <command> ...args` as a child process (async: the in-process emulator keeps serving). */
export function runCli(
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    cwd = REPO
): Promise<CliResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [...entry(command), ...args], {
            cwd,
            env: {
                PATH: process.env.PATH,
                HOME: process.env.HOME,
                HEALTH_SCORE_POLL_INTERVAL_MS: '10',
                HEALTH_SCORE_RETRY_BASE_MS: '20',
                ...env
            }
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
}

export async function demoOrg(
    options: EmulatorOptions = {}
): Promise<{ emulator: OrgEmulator; env: NodeJS.ProcessEnv; token: string }> {
    const emulator = new OrgEmulator({ today: AS_OF, ...options });
    const url = await emulator.start();
    emulator.seed(readDatasetFolder(DEMO));
    const token = emulator.issueToken();
    return { emulator, token, env: { SF_ACCESS_TOKEN: token, SF_INSTANCE_URL: url } };
}

export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `health-score-${prefix}-`));
}

export function json<T = Record<string, unknown>>(stdout: string): T {
    const line = stdout.trim().split('\n').pop() ?? '';
    return JSON.parse(line) as T;
}

/** The project's own sf CLI (a dev dependency), run with node so no global install is needed. */
export const SF = path.join(REPO, 'node_modules', '@salesforce', 'cli', 'bin', 'run.js');

export function sf(
    args: string[],
    env: NodeJS.ProcessEnv
): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [SF, ...args], { cwd: REPO, env });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
}

/** An sf CLI environment in its own HOME: no telemetry, no version check, no update process, a file keychain. */
export function sfEnv(home: string): NodeJS.ProcessEnv {
    return {
        PATH: process.env.PATH,
        HOME: home,
        SF_DISABLE_TELEMETRY: 'true',
        SF_SKIP_NEW_VERSION_CHECK: 'true',
        // Both names: @salesforce/cli maps SF_AUTOUPDATE_DISABLE onto oclif's SF_DISABLE_AUTOUPDATE only for
        // installer builds; from npm, the update hook reads SF_DISABLE_AUTOUPDATE alone and otherwise spawns a
        // detached `sf update --autoupdate` for every fresh HOME (one per test run).
        ...SF_NO_AUTOUPDATE,
        SF_USE_GENERIC_UNIX_KEYCHAIN: 'true'
    };
}
