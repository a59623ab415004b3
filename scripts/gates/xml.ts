import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import {
    REPO_ROOT,
    failedWith,
    findFiles,
    nothingToCheck,
    type GateResult,
    type Problem,
    runCommand
} from './gate';

/** Every XML file (metadata, data plans) is well formed. `sf project convert source` does not check this. */
export async function xmlWellFormed(dir: string): Promise<GateResult> {
    const files = findFiles(dir, (name) => name.endsWith('.xml'));
    if (!files.length) return nothingToCheck(`no XML under ${dir}`);
    const problems: Problem[] = [];
    for (const file of files) {
        const verdict = XMLValidator.validate(readFileSync(file, 'utf8'));
        if (verdict !== true) {
            problems.push({ file, line: verdict.err.line, message: `malformed XML: ${verdict.err.msg}` });
        }
    }
    return failedWith(`${files.length} XML files well formed`, problems);
}

const SCHEMA_ERROR = /^(.+?-meta\.xml):(\d+): (.*)$/;

/** Validates *-meta.xml against the Metadata API schema with ../shared/tools/check-metadata, when present. */
export async function metadataSchema(
    root: string,
    dir: string,
    tool = resolve(REPO_ROOT, '..', 'shared', 'tools', 'check-metadata')
): Promise<GateResult> {
    if (!existsSync(tool))
        return nothingToCheck(`no ${tool} on this machine: Metadata API schema not checked`);
    if (!findFiles(join(root, dir), (name) => name.endsWith('-meta.xml')).length) {
        return nothingToCheck(`no metadata under ${dir}`);
    }
    const { code, output } = await runCommand(tool, [dir], { cwd: root });
    const problems: Problem[] = [];
    for (const line of output.split('\n')) {
        const match = SCHEMA_ERROR.exec(line.trim());
        if (match)
            problems.push({ file: resolve(root, match[1]!), line: Number(match[2]), message: match[3]! });
    }
    if (code !== 0 && !problems.length) problems.push({ file: join(root, dir), message: output.trim() });
    return failedWith(output.trim().split('\n').pop() ?? 'check-metadata', problems);
}
