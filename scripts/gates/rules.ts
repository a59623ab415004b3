import { join } from 'node:path';
import { checkMetadataRules, formatRuleFinding } from '../consistency/metadataRules';
import { RULES } from '../consistency/rules';
import { failedWith, nothingToCheck, type GateResult } from './gate';
import { existsSync } from 'node:fs';

/**
 * The metadata rules a real org enforces (scripts/consistency/rules.ts: lengths, permission prerequisites,
 * custom metadata, flows, Apex test data). Each problem names file, line, rule id, limit and document.
 */
export function metadataRules(root: string, source = join('force-app', 'main', 'default')): GateResult {
    if (!existsSync(join(root, source))) return nothingToCheck(`no ${source}`);
    const findings = checkMetadataRules({ root, source });
    return failedWith(
        `${RULES.length} metadata rules (lengths, permissions, custom metadata, flows, Apex test data)`,
        findings.map((finding) => ({
            file: join(root, finding.file),
            line: finding.line,
            message: formatRuleFinding(finding).replace(/^[^ ]+ /, '')
        }))
    );
}
