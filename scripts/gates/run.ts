/**
 * The quality gates behind `npm test`. Every gate runs (so one run shows every problem); the exit code is 1
 * when any failed. `tsx scripts/gates/run.ts <gate|group> ...` runs some of them; `--list` lists them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { apexSemantics, apexSyntax, pmd } from './apex';
import { browserCheck } from './browser';
import { flowScan } from './flows';
import { REPO_ROOT, failedWith, formatProblem, type GateResult, nothingToCheck, runCommand } from './gate';
import { jest } from './jest';
import { lwcCompiled, projectSurvivesPackageCreate } from './packaging';
import { metadataRules } from './rules';
import { convertSource } from './salesforce';
import { format, lint, typecheck } from './typescript';
import { metadataSchema, xmlWellFormed } from './xml';

const root = REPO_ROOT;
const forceApp = join(root, 'force-app');

/** An npm script the gate delegates to when the part that owns it exists. */
async function npmScript(script: string, owner: string, what: string): Promise<GateResult> {
    if (!existsSync(join(root, owner))) return nothingToCheck(`${owner} does not exist yet`);
    const { code } = await runCommand('npm', ['run', '--silent', script], { cwd: root, echo: true });
    return failedWith(
        what,
        code === 0 ? [] : [{ file: join(root, owner), message: `npm run ${script} exited ${code}` }]
    );
}

interface Gate {
    describe: string;
    run: () => Promise<GateResult>;
}

const GATES: Record<string, Gate> = {
    build: {
        describe: 'compile the TypeScript LWC to deployable JavaScript (npm run build)',
        run: () => npmScript('build', 'scripts/build', 'LWC TypeScript compiled to JavaScript')
    },
    typecheck: {
        describe: 'tsc --noEmit on all TypeScript, tests included',
        run: () => typecheck(root, ['tsconfig.json', 'force-app/main/default/lwc/tsconfig.json'])
    },
    lint: { describe: 'ESLint (eslint-config-lwc + typescript-eslint)', run: () => lint(root, ['.']) },
    format: {
        describe: 'prettier --check on TypeScript, LWC html, Apex and XML',
        run: () => format(root, ['force-app', 'scripts', 'test', 'bin', 'data'])
    },
    xml: { describe: 'every XML file is well formed', run: () => xmlWellFormed(forceApp) },
    metadata: {
        describe: 'metadata valid against the Metadata API v66 schema (../shared/tools/check-metadata)',
        run: () => metadataSchema(root, 'force-app')
    },
    rules: {
        describe:
            'metadata rules a real org enforces: lengths, permissions, custom metadata, flows (scripts/consistency/rules.ts)',
        run: async () => metadataRules(root)
    },
    package: {
        describe:
            'packaging: sfdx-project.json survives `sf package create`; every LWC bundle has its compiled .js',
        run: async () => {
            const project = await projectSurvivesPackageCreate(root);
            const lwc = lwcCompiled(root);
            const problems = [...project.problems, ...lwc.problems];
            return failedWith(`${project.summary}; ${lwc.summary}`, problems);
        }
    },
    'apex-syntax': { describe: 'Apex syntax (apex-parser)', run: () => apexSyntax(forceApp) },
    'apex-semantics': { describe: 'Apex semantics (apex-ls CheckForIssues)', run: () => apexSemantics(root) },
    pmd: { describe: 'PMD Recommended Apex rules (Code Analyzer)', run: () => pmd(forceApp) },
    flows: { describe: 'Lightning Flow Scanner rules at error level', run: () => flowScan(forceApp) },
    convert: { describe: 'sf project convert source of force-app', run: () => convertSource(root) },
    unit: {
        describe: 'jest: LWC (sfdx-lwc-jest) and Node (scripts/, test/)',
        run: () => jest(root, ['lwc', 'node'])
    },
    'gate-tests': {
        describe: 'jest: every gate fails on a deliberately broken input',
        run: () => jest(root, ['gates'])
    },
    browser: {
        describe: 'components rendered in headless Chromium (screenshots in screenshots/)',
        run: () => browserCheck(root)
    }
};

const GROUPS: Record<string, string[]> = {
    all: Object.keys(GATES),
    apex: ['apex-syntax', 'apex-semantics', 'pmd'],
    static: [
        'typecheck',
        'lint',
        'format',
        'xml',
        'metadata',
        'rules',
        'apex-syntax',
        'apex-semantics',
        'pmd',
        'flows'
    ]
};

async function main(args: string[]): Promise<number> {
    if (args.includes('--list')) {
        for (const [name, gate] of Object.entries(GATES)) console.log(`${name.padEnd(15)} ${gate.describe}`);
        console.log(
            `groups: ${Object.entries(GROUPS)
                .map(([g, names]) => `${g} = ${names.join(' ')}`)
                .join('; ')}`
        );
        return 0;
    }
    const names = (args.length ? args : ['all']).flatMap((arg) => GROUPS[arg] ?? [arg]);
    const unknown = names.filter((name) => !GATES[name]);
    if (unknown.length) {
        console.error(`unknown gate ${unknown.join(', ')}: run with --list to see the gates`);
        return 2;
    }
    let passedCount = 0;
    let failedCount = 0;
    for (const name of names) {
        const started = Date.now();
        console.log(`\n▶ ${name}: ${GATES[name]!.describe}`);
        let result: GateResult;
        try {
            result = await GATES[name]!.run();
        } catch (error) {
            result = failedWith(`${name} crashed`, [
                { file: root, message: (error as Error).stack ?? String(error) }
            ]);
        }
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if (result.status === 'failed') {
            failedCount++;
            console.log(`✘ ${name} FAILED: ${result.summary} (${seconds}s)`);
            for (const problem of result.problems) console.log(`    ${formatProblem(root, problem)}`);
        } else {
            passedCount++;
            const note = result.status === 'nothing-to-check' ? 'nothing to check yet: ' : '';
            console.log(`✔ ${name}: ${note}${result.summary} (${seconds}s)`);
        }
    }
    console.log(`\ngates: ${passedCount} passed, ${failedCount} failed`);
    return failedCount ? 1 : 0;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
        console.error(error);
        process.exit(2);
    }
);
