// Writes the demo dataset (data/demo/*.json + dataset.json manifest) and the tree-import plan
// (data/data-plan.json + data/<Object>.json) from the stories, anchored on one date.
//
//   npx tsx scripts/demo/generate.ts                      # anchor 2026-11-20, writes ./data (the committed files)
//   npx tsx scripts/demo/generate.ts --anchor 2027-02-01 --data-dir /tmp/ahs-data   # re-anchored copy

import fs from 'node:fs';
import path from 'node:path';
import { DemoError, parseAnchor, renderAll } from './build';

export const DEFAULT_ANCHOR = '2026-11-20';

export interface GenerateOptions {
    anchor: string;
    dataDir: string;
}

export function parseArgs(argv: string[]): GenerateOptions {
    const options: GenerateOptions = { anchor: DEFAULT_ANCHOR, dataDir: 'data' };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const value = argv[i + 1];
        if ((arg === '--anchor' || arg === '--data-dir') && (value === undefined || value.startsWith('--'))) {
            throw new DemoError(
                'DEMO_MISSING_VALUE',
                `${arg} needs a value`,
                `Example: ${arg} ${arg === '--anchor' ? '2026-11-20' : 'data'}`
            );
        }
        if (arg === '--anchor') options.anchor = argv[++i]!;
        else if (arg === '--data-dir') options.dataDir = argv[++i]!;
        else
            throw new DemoError(
                'DEMO_UNKNOWN_OPTION',
                `Unknown option "${arg}"`,
                'Options: --anchor YYYY-MM-DD, --data-dir DIR.'
            );
    }
    parseAnchor(options.anchor);
    return options;
}

/** Writes every generated file under dataDir and returns their relative paths. */
export function generate(options: GenerateOptions): string[] {
    const files = renderAll(options.anchor);
    for (const [rel, text] of Object.entries(files)) {
        const file = path.join(options.dataDir, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
    }
    return Object.keys(files);
}

if (require.main === module) {
    try {
        const options = parseArgs(process.argv.slice(2));
        const written = generate(options);
        console.log(`Wrote ${written.length} files to ${options.dataDir} (anchor ${options.anchor}).`);
    } catch (error) {
        console.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
    }
}
