import { join } from 'node:path';
import { bin, failedWith, type GateResult, type Problem, runCommand } from './gate';

const FAILED_SUITE = /^\s*FAIL\s+(?:\S+\s+)?(\S+\.test\.[jt]s)/;
const NO_TESTS = /No tests found/;

/** Runs jest projects, streaming their output; each failing suite is named. */
export async function jest(
    root: string,
    projects: string[],
    options: { config?: string; echo?: boolean } = {}
): Promise<GateResult> {
    const { code, output } = await runCommand(
        bin('jest'),
        [
            ...(options.config ? ['--config', options.config] : []),
            '--selectProjects',
            ...projects,
            '--passWithNoTests'
        ],
        { cwd: root, echo: options.echo ?? true, env: { FORCE_COLOR: '0' } }
    );
    const problems: Problem[] = [];
    for (const line of output.split('\n')) {
        const match = FAILED_SUITE.exec(line);
        if (match)
            problems.push({ file: join(root, match[1]!), message: 'test suite failed (see output above)' });
    }
    if (code !== 0 && !problems.length) problems.push({ file: root, message: `jest exited ${code}` });
    const counts = /Tests:\s+(.*)/.exec(output)?.[1] ?? (NO_TESTS.test(output) ? 'no tests yet' : '');
    return failedWith(`jest ${projects.join(' + ')}: ${counts}`, problems);
}
