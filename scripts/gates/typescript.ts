import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bin, failedWith, nothingToCheck, type GateResult, type Problem, runCommand } from './gate';

const TSC_ERROR = /^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/;

/** `tsc --noEmit` on each tsconfig that exists: every TypeScript file, tests included. */
export async function typecheck(root: string, tsconfigs: string[]): Promise<GateResult> {
    const present = tsconfigs.filter((config) => existsSync(join(root, config)));
    if (!present.length) return nothingToCheck('no tsconfig to type-check');
    const problems: Problem[] = [];
    for (const config of present) {
        const { code, output } = await runCommand(
            bin('tsc'),
            ['-p', config, '--noEmit', '--pretty', 'false'],
            {
                cwd: root
            }
        );
        const configDir = resolve(root, config, '..');
        for (const line of output.split('\n')) {
            const match = TSC_ERROR.exec(line.trim());
            if (match)
                problems.push({ file: resolve(root, match[1]!), line: Number(match[2]), message: match[3]! });
        }
        if (code !== 0 && !problems.length)
            problems.push({ file: join(configDir, 'tsconfig.json'), message: output.trim() });
    }
    return failedWith(`type-checked ${present.join(', ')}`, problems);
}

/** ESLint with the project's flat config (CLI, JSON output); a warning fails as an error does. */
export async function lint(
    root: string,
    targets: string[],
    options: { ignore?: boolean } = {}
): Promise<GateResult> {
    const args = [
        '--format',
        'json',
        '--no-error-on-unmatched-pattern',
        ...(options.ignore === false ? ['--no-ignore'] : [])
    ];
    const { output } = await runCommand(bin('eslint'), [...args, ...targets], { cwd: root, stdout: true });
    let results: {
        filePath: string;
        messages: { line?: number; message: string; ruleId: string | null }[];
    }[];
    try {
        results = JSON.parse(output);
    } catch {
        return failedWith('eslint did not run', [{ file: root, message: output.trim() }]);
    }
    if (!results.length) return nothingToCheck('no files to lint');
    const problems = results.flatMap((result) =>
        result.messages.map((message) => ({
            file: result.filePath,
            line: message.line,
            message: `${message.message}${message.ruleId ? ` (${message.ruleId})` : ''}`
        }))
    );
    return failedWith(`linted ${results.length} files`, problems);
}

const FORMATTED = '**/*.{ts,html,cls,trigger,xml}';
const PRETTIER_ERROR = /^\[error\] ([^:]+): (.*)$/;

/** `prettier --list-different`: each unformatted (or unparsable) file is named. */
export async function format(
    root: string,
    dirs: string[],
    options: { ignorePath?: string } = {}
): Promise<GateResult> {
    const present = dirs.filter((dir) => existsSync(join(root, dir)));
    if (!present.length) return nothingToCheck('no files to format-check');
    const ignorePath = options.ignorePath ?? join(root, '.prettierignore');
    const { output } = await runCommand(
        bin('prettier'),
        [
            '--list-different',
            '--no-error-on-unmatched-pattern',
            '--ignore-path',
            ignorePath,
            ...present.map((dir) => `${dir}/${FORMATTED}`)
        ],
        { cwd: root }
    );
    const problems: Problem[] = [];
    for (const line of output
        .split('\n')
        .map((text) => text.trim())
        .filter(Boolean)) {
        const error = PRETTIER_ERROR.exec(line);
        if (error)
            problems.push({
                file: resolve(root, error[1]!),
                message: `prettier could not parse it: ${error[2]}`
            });
        else if (!line.startsWith('['))
            problems.push({ file: resolve(root, line), message: 'not formatted: run `npm run prettier`' });
    }
    return failedWith(`prettier on ${present.join(', ')}`, problems);
}
