/**
 * TypeScript → JavaScript for Lightning Web Components.
 *
 * The platform stores and compiles JavaScript only, and its compiler must see `@api`, `@wire` and `@track` as
 * real decorators. tsc either down-levels decorators (`__esDecorate`) or needs `experimentalDecorators`, so
 * types are stripped with Babel instead: the decorators pass through untouched (syntax version 2023-11).
 * Type checking is a separate step (`tsc -p force-app/main/default/lwc/tsconfig.json --noEmit`).
 */
import { transformAsync } from '@babel/core';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export const LWC_ROOT = path.resolve(__dirname, '../../force-app/main/default/lwc');

const GENERATED_HEADER =
    '// Generated from TypeScript by `npm run build` (scripts/build). Edit the .ts file.\n';

export class LwcBuildError extends Error {
    constructor(
        readonly code: 'LWC_COMPILE_FAILED' | 'LWC_OUTPUT_INVALID',
        readonly file: string,
        message: string,
        readonly hint: string
    ) {
        super(`${code}: ${file}: ${message}\n  fix: ${hint}`);
        this.name = 'LwcBuildError';
    }
}

/** Strips the TypeScript from one component module, keeping decorators and ES module syntax as written. */
export async function compileLwcSource(source: string, filename: string): Promise<string> {
    let result;
    try {
        result = await transformAsync(source, {
            filename,
            babelrc: false,
            configFile: false,
            sourceType: 'module',
            retainLines: false,
            comments: true,
            plugins: [
                ['@babel/plugin-syntax-decorators', { version: '2023-11' }],
                // onlyRemoveTypeImports: every value import survives, even one used only by a template or decorator.
                [
                    '@babel/plugin-transform-typescript',
                    { onlyRemoveTypeImports: true, allowDeclareFields: true }
                ]
            ]
        });
    } catch (error: unknown) {
        const message = error instanceof Error ? error.message : String(error);
        throw new LwcBuildError(
            'LWC_COMPILE_FAILED',
            filename,
            message,
            'fix the TypeScript syntax error shown'
        );
    }
    if (!result?.code) {
        throw new LwcBuildError(
            'LWC_COMPILE_FAILED',
            filename,
            'Babel produced no output',
            'check the file is not empty'
        );
    }
    return GENERATED_HEADER + result.code + '\n';
}

/** Component sources: every `.ts` in a bundle folder except declarations and tests. */
export async function findLwcSources(root: string = LWC_ROOT): Promise<string[]> {
    const found: string[] = [];
    const entries = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
    for (const bundle of entries) {
        if (!bundle.isDirectory() || bundle.name.startsWith('.')) continue;
        const dir = path.join(root, bundle.name);
        for (const file of await fs.readdir(dir)) {
            if (file.endsWith('.ts') && !file.endsWith('.d.ts')) found.push(path.join(dir, file));
        }
    }
    return found.sort();
}

/** Compiles every component `.ts` to the `.js` next to it. Returns the files written. */
export async function buildLwc(root: string = LWC_ROOT): Promise<string[]> {
    const written: string[] = [];
    for (const source of await findLwcSources(root)) {
        const code = await compileLwcSource(await fs.readFile(source, 'utf8'), source);
        const target = source.replace(/\.ts$/, '.js');
        await fs.writeFile(target, code);
        written.push(target);
    }
    return written;
}
