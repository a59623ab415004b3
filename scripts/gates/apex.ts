import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { check } from '@apexdevtools/apex-parser';
import { CodeAnalyzer, CodeAnalyzerConfig } from '@salesforce/code-analyzer-core';
import { createEnginePlugin } from '@salesforce/code-analyzer-pmd-engine';
import {
    REPO_ROOT,
    failedWith,
    findFiles,
    nothingToCheck,
    type GateResult,
    type Problem,
    runCommand
} from './gate';

const isApex = (name: string): boolean => /\.(cls|trigger)$/.test(name);

/** apex-parser narrates every file on the console; the gate reports the errors itself. */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
    const { log, error } = console;
    console.log = console.error = () => undefined;
    try {
        return await work();
    } finally {
        Object.assign(console, { log, error });
    }
}

/** Apex syntax with apex-parser. Its status is 0 even with syntax errors, so the errors are counted. */
export async function apexSyntax(dir: string): Promise<GateResult> {
    const files = findFiles(dir, isApex);
    if (!files.length) return nothingToCheck(`no Apex under ${dir}`);
    const result = await quietly(() => check(dir, '.cls,.trigger'));
    const problems = result.errors.map((error) => ({
        file: resolve(dir, error.path),
        line: error.line,
        message: `syntax error: ${error.message}`
    }));
    return failedWith(`parsed ${files.length} Apex files`, problems);
}

const APEX_LS_CLASSPATH = 'node_modules/@salesforce/code-analyzer-pmd-engine/dist/java-lib/*';
// 'Error: line 3 at 16-26: message' or 'Error: line 18:16 to 23:17: message'
const ISSUE = /^(Error|Missing|Warning): line (\d+)\b.*?: (.*)$/;

/**
 * Apex semantics with apex-ls CheckForIssues: unknown types, methods and fields, type errors.
 * `workspace` holds an sfdx-project.json; apex-ls exits 4 when it finds issues.
 */
export async function apexSemantics(workspace: string): Promise<GateResult> {
    if (!findFiles(workspace, isApex).length) return nothingToCheck(`no Apex under ${workspace}`);
    const classpath = join(REPO_ROOT, APEX_LS_CLASSPATH);
    const { code, output } = await runCommand(
        'java',
        ['-cp', classpath, 'io.github.apexdevtools.apexls.CheckForIssues', '-w', workspace, '-n'],
        { cwd: workspace }
    );
    const problems: Problem[] = [];
    let file = workspace;
    for (const raw of output.split('\n')) {
        const line = raw.trim();
        if (line.startsWith('/') && existsSync(line)) file = line;
        const match = ISSUE.exec(line);
        if (match) problems.push({ file, line: Number(match[2]), message: `${match[1]}: ${match[3]}` });
    }
    if (code !== 0 && !problems.length)
        problems.push({ file: workspace, message: `apex-ls exited ${code}: ${output.trim()}` });
    return failedWith('apex-ls CheckForIssues', problems);
}

/** Code Analyzer severities: 1 Critical, 2 High, 3 Moderate fail the gate; 4 Low and 5 Info are advice. */
const FAILING_SEVERITY = 3;

/** PMD's Recommended Apex rules through Salesforce Code Analyzer's PMD engine. */
export async function pmd(dir: string): Promise<GateResult> {
    const files = findFiles(dir, isApex);
    if (!files.length) return nothingToCheck(`no Apex under ${dir}`);
    const analyzer = new CodeAnalyzer(CodeAnalyzerConfig.withDefaults());
    await analyzer.addEnginePlugin(createEnginePlugin());
    const workspace = await analyzer.createWorkspace([dir]);
    const rules = await analyzer.selectRules(['pmd:Recommended'], { workspace });
    const results = await analyzer.run(rules, { workspace });
    const problems = results
        .getViolations()
        .filter((violation) => violation.getRule().getSeverityLevel() <= FAILING_SEVERITY)
        .map((violation) => {
            const location = violation.getPrimaryLocation();
            return {
                file: location.getFile() ?? dir,
                line: location.getStartLine(),
                message: `${violation.getMessage()} (pmd:${violation.getRule().getName()})`
            };
        });
    return failedWith(`PMD: ${rules.getCount()} rules on ${files.length} Apex files`, problems);
}
