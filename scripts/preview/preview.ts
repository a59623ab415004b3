/**
 * `npm run preview`: builds the components over the demo data and serves the page on 127.0.0.1.
 *   --port <n>        port (default 4173; 0 = any free port)
 *   --dataset <dir>   another dataset folder in the docs/dataset-format.md format (default data/demo)
 *   --as-of <date>    score as of this date instead of the dataset's own
 *   --build-only      write .tmp/preview/index.html (opens from file://) and exit
 *   --open            also open the page in the default browser (xdg-open / open)
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { buildPreview } from './bundle';

const TYPES: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.woff2': 'font/woff2'
};

function option(args: readonly string[], name: string): string | undefined {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
}

/** Serves `root` read-only on 127.0.0.1; paths cannot escape it. */
export function serveStatic(root: string, port: number) {
    const server = createServer((req, res) => {
        const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
        const file = path.join(root, urlPath === '/' ? 'index.html' : urlPath);
        if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
            res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${urlPath}`);
            return;
        }
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
        createReadStream(file).pipe(res);
    });
    return new Promise<{ url: string; close: () => void }>((resolve) => {
        server.listen(port, '127.0.0.1', () => {
            const { port: actual } = server.address() as AddressInfo;
            resolve({ url: `http://127.0.0.1:${actual}/`, close: () => server.close() });
        });
    });
}

async function main(args: readonly string[]): Promise<void> {
    const started = Date.now();
    const build = await buildPreview({
        dataset: option(args, '--dataset'),
        asOf: option(args, '--as-of'),
        quiet: true
    });
    const accounts = build.org.records.Account.length;
    console.log(
        `preview: built ${accounts} accounts as of ${build.org.asOf} in ${((Date.now() - started) / 1000).toFixed(1)} s`
    );
    if (args.includes('--build-only')) {
        console.log(`open ${build.indexHtml}`);
        return;
    }
    const { url } = await serveStatic(build.outDir, Number(option(args, '--port') ?? 4173));
    console.log(
        `preview: serving ${url}  (portfolio)  ·  ${url}#/account/<Account Id>  (record page); Ctrl+C stops`
    );
    if (args.includes('--open')) {
        const opener = process.platform === 'darwin' ? 'open' : 'xdg-open';
        spawn(opener, [url], { stdio: 'ignore', detached: true }).on('error', () => {
            console.log(`preview: could not run ${opener}; open ${url} yourself`);
        });
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).catch((error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exitCode = 1;
    });
}
