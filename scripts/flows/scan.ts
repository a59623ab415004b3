/**
 * Runs the Lightning Flow Scanner (flow-scanner-core 6.6.0, default rules) on flow files and lists what it
 * reports. `npx tsx scripts/flows/scan.ts [files or folders...]` prints every finding; exit 1 on any error.
 *
 * The scanner walks a flow from the start element's first connector only, so it never sees the elements of a
 * scheduled path. For each scheduled path we also scan a copy of the flow whose start leads straight to that
 * path, and report its findings as "<flow> (scheduled path <name>)".
 */
import { parse, scan } from '@flow-scanner/lightning-flow-scanner-core';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { FLOWS_DIR } from './flowModel';

export interface Finding {
    /** The flow file the finding is in (the original file for a scheduled-path copy). */
    file: string;
    flow: string;
    rule: string;
    severity: string;
    element: string;
}

/** Copies of a flow, one per scheduled path, whose start element leads straight to that path. */
export function scheduledPathViews(xml: string): { path: string; xml: string }[] {
    const startAt = xml.indexOf('<start>');
    const startEnd = xml.indexOf('</start>', startAt);
    if (startAt === -1 || startEnd === -1) return [];
    const start = xml.slice(startAt + '<start>'.length, startEnd);
    const paths = [...start.matchAll(/<scheduledPaths>([\s\S]*?)<\/scheduledPaths>/g)].map((match) => ({
        name: /<name>([^<]*)<\/name>/.exec(match[1]!)?.[1]?.trim() ?? '',
        target: /<targetReference>([^<]*)<\/targetReference>/.exec(match[1]!)?.[1]?.trim() ?? ''
    }));
    const rest = start
        .replace(/<scheduledPaths>[\s\S]*?<\/scheduledPaths>/g, '')
        .replace(/<connector>[\s\S]*?<\/connector>/g, '');
    return paths
        .filter((path) => path.target)
        .map((path) => ({
            path: path.name,
            xml: `${xml.slice(0, startAt)}<start><connector><targetReference>${path.target}</targetReference></connector>${rest}${xml.slice(startEnd)}`
        }));
}

async function scanAsIs(
    files: string[],
    rename: (flowName: string) => string = (name) => name,
    originalFile?: string
): Promise<Finding[]> {
    const parsed = await parse(files);
    const findings: Finding[] = [];
    for (const unreadable of parsed.filter((flow) => flow.errorMessage))
        findings.push({
            file: originalFile ?? unreadable.uri,
            flow: unreadable.uri,
            rule: 'Parse',
            severity: 'error',
            element: String(unreadable.errorMessage)
        });
    for (const result of scan(parsed.filter((flow) => flow.flow)))
        for (const rule of result.ruleResults)
            if (rule.occurs)
                for (const detail of rule.details)
                    findings.push({
                        file: originalFile ?? result.flow.fsPath ?? result.flow.uri ?? 'unnamed flow',
                        flow: rename(result.flow.name ?? result.flow.fsPath ?? 'unnamed flow'),
                        rule: rule.ruleName,
                        severity: rule.severity,
                        element: detail.name
                    });
    return findings;
}

/** Scanner findings for the flows, their scheduled paths included. */
export async function scanFlows(files: string[]): Promise<Finding[]> {
    const findings = await scanAsIs(files);
    const scratch = mkdtempSync(join(tmpdir(), 'flow-paths-'));
    try {
        let index = 0;
        for (const file of files)
            for (const view of scheduledPathViews(readFileSync(file, 'utf8'))) {
                const dir = join(scratch, String(index++));
                mkdirSync(dir);
                const copy = join(dir, basename(file));
                writeFileSync(copy, view.xml);
                findings.push(
                    ...(await scanAsIs([copy], (name) => `${name} (scheduled path ${view.path})`, file))
                );
            }
    } finally {
        rmSync(scratch, { recursive: true, force: true });
    }
    return findings;
}

function flowFilesIn(target: string): string[] {
    if (!statSync(target).isDirectory()) return [target];
    return readdirSync(target)
        .filter((name) => name.endsWith('.flow-meta.xml'))
        .map((name) => join(target, name));
}

if (require.main === module) {
    const targets = process.argv.slice(2);
    const files = (targets.length ? targets : [FLOWS_DIR]).flatMap(flowFilesIn);
    scanFlows(files).then(
        (findings) => {
            for (const finding of findings)
                console.log(
                    `${finding.severity.padEnd(7)} ${finding.rule.padEnd(28)} ${finding.flow}: ${finding.element}`
                );
            const errors = findings.filter((finding) => finding.severity === 'error').length;
            console.log(
                `flow scanner: ${files.length} flows, ${findings.length} findings, ${errors} at error level`
            );
            process.exitCode = errors ? 1 : 0;
        },
        (error: unknown) => {
            console.error(error);
            process.exitCode = 2;
        }
    );
}
