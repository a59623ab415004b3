/**
 * Packaging gates (rules project-survives-package-create and lwc-compiled in scripts/consistency/rules.ts):
 *
 * - `sf package create` as docs/install.md runs it, replayed offline with the project's own @salesforce/packaging
 *   (the library behind `sf package create`) against a stub Dev Hub, on a copy of sfdx-project.json; then the
 *   project must still resolve with @salesforce/core (what every later `sf` command does first).
 * - every TypeScript LWC bundle carries its compiled .js, so nothing is deployed or packaged without `npm run build`.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SfProject } from '@salesforce/core';
// The library behind `sf package create` (installed with @salesforce/cli's plugin-packaging).
import { createPackage } from '@salesforce/packaging/lib/package/packageCreate';
import { findPackageDirectory } from '@salesforce/packaging/lib/utils/packageUtils';
import { ruleById } from '../consistency/rules';
import { failedWith, nothingToCheck, type GateResult, type Problem } from './gate';

/** The `sf package create` flags docs/install.md uses (name, type, path). */
export function packageCreateCommand(
    installDoc: string
): { name: string; type: string; path: string } | null {
    const line = installDoc.split('\n').find((l) => /\bsf package create\b/.test(l));
    if (!line) return null;
    const flag = (name: string): string | undefined =>
        new RegExp(`--${name}\\s+("[^"]*"|\\S+)`).exec(line)?.[1]?.replace(/^"|"$/g, '');
    return { name: flag('name') ?? '', type: flag('package-type') ?? 'Unlocked', path: flag('path') ?? '' };
}

/** A Dev Hub connection that answers the one call `createPackage` makes (Package2 insert). */
function stubDevHub(): unknown {
    return {
        tooling: {
            sobject: () => ({
                create: () => Promise.resolve({ success: true, id: '0Ho000000000001AAA', errors: [] })
            })
        }
    };
}

/** Runs the documented `sf package create` on a copy of the project and re-resolves the project. */
export async function projectSurvivesPackageCreate(root: string): Promise<GateResult> {
    const rule = ruleById('project-survives-package-create');
    const projectFile = join(root, 'sfdx-project.json');
    if (!existsSync(projectFile)) return nothingToCheck('no sfdx-project.json');
    const installDoc = join(root, 'docs', 'install.md');
    const command = existsSync(installDoc) ? packageCreateCommand(readFileSync(installDoc, 'utf8')) : null;
    const options = command ?? { name: 'AccountHealthScore', type: 'Unlocked', path: 'force-app' };
    const copy = mkdtempSync(join(tmpdir(), 'package-create-'));
    const problems: Problem[] = [];
    try {
        cpSync(projectFile, join(copy, 'sfdx-project.json'));
        const dirs =
            (JSON.parse(readFileSync(projectFile, 'utf8')) as { packageDirectories?: { path: string }[] })
                .packageDirectories ?? [];
        for (const dir of dirs) mkdirSync(join(copy, dir.path), { recursive: true });
        mkdirSync(join(copy, options.path), { recursive: true });
        SfProject.clearInstances();
        const before = await SfProject.resolve(copy);
        await createPackage(stubDevHub() as Parameters<typeof createPackage>[0], before, {
            name: options.name,
            packageType: options.type as 'Unlocked',
            path: options.path,
            noNamespace: true,
            description: 'Explainable Account Health Score',
            orgDependent: false,
            errorNotificationUsername: ''
        });
        SfProject.clearInstances();
        const after = await SfProject.resolve(copy);
        const written = readFileSync(join(copy, 'sfdx-project.json'), 'utf8');
        try {
            after.getPackageDirectories(); // what `sf package version create`, `sf project deploy start` do first
            const entry = after.getDefaultPackage();
            // `sf package version create --package <name>`: alias → id → the package directory to build.
            const id = after.getPackageIdFromAlias(options.name);
            const versioned = id ? findPackageDirectory(after, id) : undefined;
            if (!id || !versioned || versioned.path !== options.path) {
                problems.push({
                    file: projectFile,
                    message: `[${rule.id}] after \`sf package create\`, \`sf package version create --package ${options.name}\` finds ${id ? `id ${id} but no package directory for it` : 'no alias'} (${rule.doc})`
                });
            }
            if (entry.path !== options.path || (entry as { package?: string }).package !== options.name) {
                problems.push({
                    file: projectFile,
                    message: `[${rule.id}] after \`sf package create --name ${options.name} --path ${options.path}\` the default package directory is ${entry.path} (package ${(entry as { package?: string }).package ?? 'none'}), not ${options.path} (package ${options.name}) (${rule.doc})`
                });
            }
        } catch (error) {
            problems.push({
                file: projectFile,
                message: `[${rule.id}] after \`sf package create --name ${options.name} --path ${options.path}\` (docs/install.md) the project no longer resolves: ${(error as Error).name}: ${(error as Error).message} — sfdx-project.json became ${written.replace(/\s+/g, ' ')} (${rule.doc})`
            });
        }
    } finally {
        SfProject.clearInstances();
        rmSync(copy, { recursive: true, force: true });
    }
    return failedWith(
        `sfdx-project.json survives \`sf package create\` (${options.name}, ${options.path})`,
        problems
    );
}

/** Every lwc/<bundle>/<bundle>.ts has its compiled <bundle>.js next to it. */
export function lwcCompiled(
    root: string,
    lwcDir = join(root, 'force-app', 'main', 'default', 'lwc')
): GateResult {
    const rule = ruleById('lwc-compiled');
    if (!existsSync(lwcDir)) return nothingToCheck('no LWC bundles');
    const problems: Problem[] = [];
    const bundles = readdirSync(lwcDir, { withFileTypes: true }).filter((d) => d.isDirectory());
    for (const bundle of bundles) {
        const ts = join(lwcDir, bundle.name, `${bundle.name}.ts`);
        if (existsSync(ts) && !existsSync(join(lwcDir, bundle.name, `${bundle.name}.js`))) {
            problems.push({
                file: ts,
                message: `[${rule.id}] LWC bundle ${bundle.name} has no compiled ${bundle.name}.js: run \`npm run build\` before deploying or packaging (npm run package:version does) (${rule.doc})`
            });
        }
    }
    return failedWith(`${bundles.length} LWC bundles carry their compiled JavaScript`, problems);
}
