/** Debian's Chromium through playwright-core (no browser download): the flags TOOLCHAIN.md verified. */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

export const CHROMIUM_FLAGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run'
];

export class BrowserMissingError extends Error {
    readonly code = 'PREVIEW_NO_CHROMIUM';
    constructor(readonly path: string) {
        super(
            `PREVIEW_NO_CHROMIUM: no Chromium at ${path}\n  fix: npm run setup (installs chromium, xmllint and java when missing), or set CHROMIUM_PATH to a Chromium binary`
        );
        this.name = 'BrowserMissingError';
    }
}

export function chromiumPath(): string {
    return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export async function launchChromium(): Promise<Browser> {
    const executablePath = chromiumPath();
    if (!existsSync(executablePath)) throw new BrowserMissingError(executablePath);
    return chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
}
