/**
 * Whole-process measurement: runs a command under GNU time (`/usr/bin/time -f`), so CPU seconds, wall seconds
 * and peak RSS are the process's own, start-up included, exactly as a user would see them.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';

export interface Measured {
    label: string;
    cpuSeconds: number;
    wallSeconds: number;
    peakRssMb: number;
    exitCode: number | null;
    /** Bytes the command wrote to stdout (sent to a file or discarded). */
    stderrTail: string;
}

export const TIME = '/usr/bin/time';

export function canMeasure(): boolean {
    return existsSync(TIME);
}

/** GNU time's `-f` format: one line the parser below finds among the command's own stderr. */
export const TIME_FORMAT = '@@time %U %S %e %M';

/**
 * Resource use from the stderr of a command run under `time -f TIME_FORMAT` (NaN where it is missing) and its
 * exit code: GNU time exits with the command's status, and says so when it is not 0.
 */
export function parseTime(
    stderr: string,
    status: number | null
): Pick<Measured, 'cpuSeconds' | 'wallSeconds' | 'peakRssMb' | 'exitCode'> {
    const match = /@@time ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
    const exited = /Command exited with non-zero status (\d+)/.exec(stderr);
    return {
        cpuSeconds: match ? Number(match[1]) + Number(match[2]) : Number.NaN,
        wallSeconds: match ? Number(match[3]) : Number.NaN,
        peakRssMb: match ? Number(match[4]) / 1024 : Number.NaN,
        exitCode: exited ? Number(exited[1]) : status
    };
}

/** Runs `command args` with stdout sent to `stdoutFile` (or discarded) and returns its resource use. */
export function measure(
    label: string,
    command: string,
    args: readonly string[],
    options: { stdoutFile?: string; env?: NodeJS.ProcessEnv } = {}
): Measured {
    const out = options.stdoutFile ? openSync(options.stdoutFile, 'w') : 'ignore';
    try {
        const run = spawnSync(TIME, ['-f', TIME_FORMAT, command, ...args], {
            stdio: ['ignore', out, 'pipe'],
            env: options.env ?? process.env,
            maxBuffer: 64 * 1024 * 1024
        });
        const stderr = run.stderr?.toString() ?? '';
        const lines = stderr
            .replace(/@@time.*\n?/, '')
            .trim()
            .split('\n');
        return {
            label,
            ...parseTime(stderr, run.status),
            stderrTail: lines.slice(-3).join('\n')
        };
    } finally {
        if (typeof out === 'number') closeSync(out);
    }
}

/** A node process running a TypeScript file through tsx, as bin/health-score.js does. */
export function nodeArgs(
    file: string,
    args: readonly string[],
    nodeOptions: readonly string[] = []
): string[] {
    return [...nodeOptions, '--require', require.resolve('tsx/cjs'), file, ...args];
}
