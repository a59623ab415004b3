import { parse, scan } from '@flow-scanner/lightning-flow-scanner-core';
import { failedWith, findFiles, nothingToCheck, type GateResult, type Problem } from './gate';

/** The Lightning Flow Scanner's rules; any violation of a rule at error level fails the gate. */
export async function flowScan(dir: string): Promise<GateResult> {
    const files = findFiles(dir, (name) => name.endsWith('.flow-meta.xml'));
    if (!files.length) return nothingToCheck(`no flows under ${dir}`);
    const parsed = await parse(files);
    const problems: Problem[] = parsed
        .filter((flow) => flow.errorMessage)
        .map((flow) => ({ file: flow.uri, message: `could not parse: ${flow.errorMessage}` }));
    for (const result of scan(parsed.filter((flow) => flow.flow))) {
        const file = result.flow.fsPath ?? result.flow.uri ?? result.flow.name ?? dir;
        for (const rule of result.ruleResults) {
            if (!rule.occurs || rule.severity !== 'error') continue;
            for (const detail of rule.details) {
                problems.push({
                    file,
                    line: detail.lineNumber || undefined,
                    message: `${rule.ruleName}: ${detail.name}`
                });
            }
        }
    }
    return failedWith(`flow scanner on ${files.length} flows`, problems);
}
