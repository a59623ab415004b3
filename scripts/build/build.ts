/** `npm run build`: everything deployable that is generated from source (the LWC JavaScript). */
import path from 'node:path';
import { buildLwc, LwcBuildError } from './compile-lwc';

async function main(): Promise<void> {
    const written = await buildLwc();
    const cwd = process.cwd();
    for (const file of written) console.log(`  ${path.relative(cwd, file)}`);
    console.log(`build: compiled ${written.length} LWC TypeScript module(s) to JavaScript`);
}

main().catch((error: unknown) => {
    console.error(error instanceof LwcBuildError ? error.message : error);
    process.exitCode = 1;
});
