import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** One thing a gate found wrong, always naming the file (and the line when known). */
export interface Problem {
    file: string;
    line?: number;
    message: string;
}

export type GateStatus = 'passed' | 'failed' | 'nothing-to-check';

export interface GateResult {
    status: GateStatus;
    /** One line a person reads first: what was checked, what was found. */
    summary: string;
    problems: Problem[];
}

export const passed = (summary: string): GateResult => ({ status: 'passed', summary, problems: [] });
export const nothingToCheck = (summary: string): GateResult => ({
    status: 'nothing-to-check',
    summary,
    problems: []
});
export const failedWith = (summary: string, problems: Problem[]): GateResult => ({
    status: problems.length ? 'failed' : 'passed',
    summary,
    problems
});

export function formatProblem(root: string, problem: Problem): string {
    const where = problem.line
        ? `${relative(root, problem.file) || problem.file}:${problem.line}`
        : relative(root, problem.file);
    return `${where}: ${problem.message}`;
}

/** Files under dir (recursively) whose names satisfy the predicate, skipping node_modules and dot folders. */
export function findFiles(dir: string, accept: (name: string) => boolean): string[] {
    const found: string[] = [];
    const walk = (current: string): void => {
        let entries;
        try {
            entries = readdirSync(current, { withFileTypes: true });
        } catch {
            return;
        }
        for (const entry of entries) {
            const path = join(current, entry.name);
            if (entry.isDirectory()) {
                if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(path);
            } else if (accept(entry.name)) {
                found.push(path);
            }
        }
    };
    walk(dir);
    return found.sort();
}

export interface CommandOutput {
    code: number;
    output: string;
}

/** Runs a command without a shell and returns its exit code and output (stdout and stderr unless told). */
export function runCommand(
    command: string,
    args: string[],
    options: { cwd: string; env?: NodeJS.ProcessEnv; echo?: boolean; stdout?: boolean }
): Promise<CommandOutput> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, {
            cwd: options.cwd,
            env: { ...process.env, ...options.env },
            stdio: ['ignore', 'pipe', 'pipe']
        });
        let output = '';
        const collect = (chunk: Buffer): void => {
            output += chunk.toString();
            if (options.echo) process.stdout.write(chunk);
        };
        child.stdout.on('data', collect);
        // stdout: true keeps stderr out of the output (for commands that print JSON on stdout)
        child.stderr.on('data', options.stdout ? (chunk: Buffer) => void chunk : collect);
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? 1, output }));
    });
}

/** The repository root: where node_modules and the tools live, whatever folder a gate checks. */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Path to an executable installed in the project's node_modules/.bin. */
export const bin = (name: string): string => join(REPO_ROOT, 'node_modules', '.bin', name);
