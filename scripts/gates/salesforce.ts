import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
    REPO_ROOT,
    bin,
    failedWith,
    nothingToCheck,
    type GateResult,
    type Problem,
    runCommand
} from './gate';

/**
 * Turns off the sf CLI's background self-update. Both names are needed: oclif's update hook reads only
 * SF_DISABLE_AUTOUPDATE, and @salesforce/cli copies SF_AUTOUPDATE_DISABLE onto it only in installer builds; from
 * npm, SF_AUTOUPDATE_DISABLE alone leaves a detached `sf update --autoupdate` running (once per HOME and 14 days).
 */
export const SF_NO_AUTOUPDATE = { SF_AUTOUPDATE_DISABLE: 'true', SF_DISABLE_AUTOUPDATE: 'true' };

export const SF_ENV = {
    SF_DISABLE_TELEMETRY: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    ...SF_NO_AUTOUPDATE
};

const FILE_IN_MESSAGE = /(\/[^\s:]+)/;

/**
 * `sf project convert source`: the deploy-time view of the source. It also proves every LWC bundle carries
 * its compiled JavaScript (convert alone accepts a bundle with only a .ts file, which cannot deploy).
 */
export async function convertSource(root: string, sourceDir = 'force-app'): Promise<GateResult> {
    if (!existsSync(join(root, sourceDir))) return nothingToCheck(`no ${sourceDir}`);
    const output = mkdtempSync(join(tmpdir(), 'convert-'));
    try {
        const result = await runCommand(
            bin('sf'),
            [
                'project',
                'convert',
                'source',
                '--root-dir',
                sourceDir,
                '--output-dir',
                join(output, 'mdapi'),
                '--json'
            ],
            {
                cwd: root,
                stdout: true,
                env: {
                    ...SF_ENV,
                    NODE_ENV: 'production',
                    PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}:${process.env.PATH}`
                }
            }
        );
        const problems: Problem[] = [];
        if (result.code !== 0) {
            const json = result.output.slice(result.output.indexOf('{')); // sf --json prints one object on stdout
            let message = result.output.trim();
            try {
                message = (JSON.parse(json) as { message: string }).message;
            } catch {
                // not JSON: keep the raw output
            }
            const file = FILE_IN_MESSAGE.exec(message)?.[1] ?? resolve(root, sourceDir);
            problems.push({ file, message: `sf project convert source failed: ${message}` });
            return failedWith('sf project convert source', problems);
        }
        const lwcDir = join(output, 'mdapi', 'lwc');
        const bundles = existsSync(lwcDir) ? readdirSync(lwcDir) : [];
        for (const bundle of bundles) {
            if (!existsSync(join(lwcDir, bundle, `${bundle}.js`))) {
                problems.push({
                    file: resolve(root, sourceDir, 'main/default/lwc', bundle, `${bundle}.ts`),
                    message: `LWC bundle ${bundle} has no compiled ${bundle}.js: run \`npm run build\``
                });
            }
        }
        return failedWith(`sf project convert source (${bundles.length} LWC bundles)`, problems);
    } finally {
        rmSync(output, { recursive: true, force: true });
    }
}
