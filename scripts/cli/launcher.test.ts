// bin/health-score.js runs the CLI as a child with a 64 MB young generation (docs/engine.md "Performance"): the
// child has the flag, exit codes pass through, a signal to the launcher reaches the child, and the child does not
// outlive a launcher that is killed outright. Linux only (reads /proc and ps).
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'health-score.js');
const linux = process.platform === 'linux' ? describe : describe.skip;
// Starting the CLI (tsx) takes seconds on a busy machine; `until` gives up after 30 s, so the test waits longer.
const START_TIMEOUT_MS = 60_000;
// Every CLI started here compiles its sources as on a fresh machine (CI): with tsx's transform cache, whether
// esbuild runs in the CLI (a worker thread, and an `esbuild --service` child process) would depend on what
// earlier runs left in the temp dir.
const ENV = { PATH: process.env.PATH, HOME: process.env.HOME, TSX_DISABLE_CACHE: '1' };
/** Every launcher spawned, registered before it is awaited, so a failed or timed-out test still cleans up. */
const launchers: ChildProcess[] = [];

function childrenOf(pid: number): number[] {
    const run = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
    return run.stdout
        .split('\n')
        .map((line) => Number(line.trim()))
        .filter((n) => n > 0);
}

/** The children of `pid` that run the CLI (tsx's `esbuild --service` is a child of a CLI process too). */
function cliChildrenOf(pid: number): number[] {
    return childrenOf(pid).filter((child) => {
        try {
            return readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').includes(BIN);
        } catch {
            return false; // exited meanwhile
        }
    });
}

function alive(pid: number): boolean {
    if (!existsSync(`/proc/${pid}`)) return false;
    // A zombie (exited, not yet reaped) counts as gone.
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

async function until(condition: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 600; i++) {
        if (condition()) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`gave up waiting: ${what}`);
}

/**
 * Starts `health-score emulator` through the launcher (`detached`: in a process group of its own, as a shell
 * starts a command); resolves once it listens, with the CLI child's pid.
 */
async function startEmulator(
    dir: string,
    detached = false
): Promise<{ launcher: ChildProcess; child: number }> {
    const launcher = spawn(process.execPath, [BIN, 'emulator', '--token-file', join(dir, 'token')], {
        cwd: REPO,
        detached,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: ENV
    });
    launchers.push(launcher);
    let out = '';
    launcher.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    launcher.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    await until(() => out.includes('listening') || launcher.exitCode !== null, 'the emulator to listen');
    expect(out).toContain('listening');
    const children = cliChildrenOf(launcher.pid as number);
    expect(children).toHaveLength(1);
    return { launcher, child: children[0] as number };
}

linux('bin/health-score.js launcher', () => {
    let dir: string;
    const started: number[] = [];
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'health-score-launcher-'));
    });
    jest.setTimeout(START_TIMEOUT_MS);
    afterEach(() => {
        for (const launcher of launchers.splice(0)) {
            started.push(...childrenOf(launcher.pid as number), launcher.pid as number);
        }
        for (const pid of started.splice(0)) {
            try {
                process.kill(pid, 'SIGKILL');
            } catch {
                // already gone
            }
        }
        rmSync(dir, { recursive: true, force: true });
    });

    it('runs the command in a child with --max-semi-space-size=64; a signal to the launcher ends both', async () => {
        const { launcher, child } = await startEmulator(dir);
        started.push(launcher.pid as number, child);
        const argv = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0');
        expect(argv).toContain('--max-semi-space-size=64');
        expect(argv).toContain('emulator');
        const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
            launcher.on('exit', (code, signal) => resolve([code, signal]))
        );
        launcher.kill('SIGTERM');
        // The emulator stops on SIGTERM and exits 0: the launcher got it to the child and exits as the child did.
        expect(await exited).toEqual([0, null]);
        await until(() => !alive(child), 'the child to exit');
    });

    it('Ctrl-C (SIGINT to the process group, so the child gets it twice) stops the emulator with exit 0', async () => {
        // The terminal signals the launcher and its child; the launcher passes the signal on as well.
        const { launcher, child } = await startEmulator(dir, true);
        started.push(launcher.pid as number, child);
        const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
            launcher.on('exit', (code, signal) => resolve([code, signal]))
        );
        process.kill(-(launcher.pid as number), 'SIGINT');
        expect(await exited).toEqual([0, null]);
    });

    it('dies of the signal that killed the child', async () => {
        const { launcher, child } = await startEmulator(dir);
        started.push(launcher.pid as number, child);
        const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
            launcher.on('exit', (code, signal) => resolve([code, signal]))
        );
        process.kill(child, 'SIGKILL');
        expect(await exited).toEqual([null, 'SIGKILL']);
    });

    it('the child does not outlive a launcher killed outright', async () => {
        const { launcher, child } = await startEmulator(dir);
        started.push(launcher.pid as number, child);
        launcher.kill('SIGKILL');
        await until(() => !alive(child), 'the orphaned child to exit');
    });

    it('passes the exit code through', () => {
        const bad = spawnSync(
            process.execPath,
            [BIN, 'score', '--as-of', '2026-11-20', '--input', join(dir, 'none')],
            {
                cwd: REPO,
                encoding: 'utf8',
                env: ENV
            }
        );
        expect(bad.stderr).toMatch(/dataset folder not found/);
        expect(bad.status).toBe(2);
    });

    it('runs sync in its own process, with the default young generation; other commands in the child', () => {
        // A preload (NODE_OPTIONS reaches the child too) records every node process the command starts; it runs
        // in worker threads too (tsx's esbuild runs in one), which are not processes.
        const log = join(dir, 'processes.log');
        const preload = join(dir, 'record.js');
        writeFileSync(
            preload,
            `if (require('worker_threads').isMainThread) require('fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.execArgv.concat(process.argv.slice(2))) + '\\n');\n`
        );
        const run = (args: string[]): string[][] => {
            rmSync(log, { force: true });
            const ran = spawnSync(process.execPath, [BIN, ...args], {
                cwd: REPO,
                encoding: 'utf8',
                env: { ...ENV, NODE_OPTIONS: `--require ${preload}` }
            });
            expect(ran.status).toBe(2);
            return readFileSync(log, 'utf8')
                .trim()
                .split('\n')
                .map((line) => JSON.parse(line) as string[]);
        };
        const sync = run(['sync', '--no-such-flag']);
        expect(sync).toHaveLength(1);
        expect(sync[0]).toContain('sync');
        expect(sync[0]?.some((arg) => arg.startsWith('--max-semi-space-size'))).toBe(false);
        const score = run(['score', '--no-such-flag']);
        expect(score).toHaveLength(2);
        expect(score[1]).toContain('--max-semi-space-size=64');
    });

    it('runs the command in its own process with HEALTH_SCORE_NO_REEXEC=1', async () => {
        const launcher = spawn(process.execPath, [BIN, 'emulator', '--token-file', join(dir, 'token')], {
            cwd: REPO,
            stdio: ['ignore', 'pipe', 'pipe'],
            env: { ...ENV, HEALTH_SCORE_NO_REEXEC: '1' }
        });
        launchers.push(launcher);
        let out = '';
        launcher.stdout.on('data', (d: Buffer) => (out += d.toString()));
        await until(() => out.includes('listening') || launcher.exitCode !== null, 'the emulator to listen');
        expect(cliChildrenOf(launcher.pid as number)).toEqual([]);
        const exited = new Promise((resolve) => launcher.on('exit', resolve));
        launcher.kill('SIGTERM');
        await exited;
    });
});
