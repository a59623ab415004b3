import { scanFlows } from '../flows/scan';
import { failedWith, findFiles, nothingToCheck, type GateResult } from './gate';

/**
 * The Lightning Flow Scanner's rules, scheduled paths included (scripts/flows/scan.ts: the scanner alone only
 * walks the start element's first connector); any finding at error level fails the gate.
 */
export async function flowScan(dir: string): Promise<GateResult> {
    const files = findFiles(dir, (name) => name.endsWith('.flow-meta.xml'));
    if (!files.length) return nothingToCheck(`no flows under ${dir}`);
    const findings = await scanFlows(files);
    const problems = findings
        .filter((finding) => finding.severity === 'error')
        .map((finding) => ({
            file: finding.file,
            message: `${finding.rule}: ${finding.element} (${finding.flow})`
        }));
    return failedWith(`flow scanner on ${files.length} flows, scheduled paths included`, problems);
}
