import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath } from '../preview/browser';
import { failedWith, nothingToCheck, type GateResult, runCommand } from './gate';

/**
 * The components in headless Chromium (npm run test:browser). Without a Chromium the gate fails and says how to
 * get one (`npm run setup`), instead of a stack trace from the browser launch.
 */
export async function browserCheck(root: string): Promise<GateResult> {
    const what = 'components rendered in headless Chromium';
    if (!existsSync(join(root, 'scripts', 'preview')))
        return nothingToCheck('scripts/preview does not exist yet');
    const chromium = chromiumPath();
    if (!existsSync(chromium)) {
        return failedWith(what, [
            {
                file: chromium,
                message: `no Chromium at ${chromium}: run \`npm run setup\` (README, "Set up": installs chromium, xmllint and java when missing) or set CHROMIUM_PATH`
            }
        ]);
    }
    const { code } = await runCommand('npm', ['run', '--silent', 'test:browser'], { cwd: root, echo: true });
    return failedWith(
        what,
        code === 0
            ? []
            : [{ file: join(root, 'scripts', 'preview'), message: `npm run test:browser exited ${code}` }]
    );
}
