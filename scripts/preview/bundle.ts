/**
 * Builds the browser preview: the force-app components (compiled from TypeScript by scripts/build) bundled with
 * rollup + @lwc/rollup-plugin, the real base components (lightning-base-components) and synthetic shadow, the
 * global SLDS stylesheet, and local stand-ins for the platform modules (UI API, Apex, navigation, toasts) that
 * serve the demo org. Output: one self-contained folder that works from file:// (IIFE bundle).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rollup } from 'rollup';
import type { Plugin } from 'rollup';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { buildLwc, compileLwcSource, LWC_ROOT } from '../build/compile-lwc';
import { buildDemoOrg, DEMO_DATASET } from './demo-org';
import type { DemoOrg } from './demo-org';

const ROOT = path.resolve(__dirname, '../..');
const PLATFORM = path.join(__dirname, 'platform');
const SLDS = path.join(ROOT, 'node_modules/@salesforce-ux/design-system/assets');
export const PREVIEW_OUT = path.join(ROOT, '.tmp/preview');

/** Platform module → the preview's local implementation. */
const PLATFORM_MODULES: Record<string, string> = {
    'lightning/uiRecordApi': 'uiRecordApi.ts',
    'lightning/uiRelatedListApi': 'uiRelatedListApi.ts',
    'lightning/uiObjectInfoApi': 'uiObjectInfoApi.ts',
    'lightning/navigation': 'navigation.ts',
    'lightning/platformShowToastEvent': 'platformShowToastEvent.ts',
    '@salesforce/apex/HealthRunStatusController.getRunStatus': 'getRunStatus.ts',
    '@salesforce/apex': 'refreshApex.ts'
};

const VIRTUAL = '\0preview:';

/** Resolves platform imports before the LWC resolver sees them; schema, i18n and labels are generated. */
function platformModules(currentUserId: string | null): Plugin {
    return {
        name: 'preview-platform',
        resolveId(source, importer) {
            // The shell imports the engine by its CommonJS-typed name; components import 'lwc': same instance.
            if (source === '@lwc/engine-dom') return this.resolve('lwc', importer, { skipSelf: true });
            const file = PLATFORM_MODULES[source];
            if (file) return path.join(PLATFORM, file);
            if (/^@salesforce\/(schema|i18n|label|user|client)\//.test(source)) return VIRTUAL + source;
            if (source.startsWith('@salesforce/apex/')) return VIRTUAL + source;
            return null;
        },
        load(id) {
            if (!id.startsWith(VIRTUAL)) return null;
            const source = id.slice(VIRTUAL.length);
            const [, kind, rest = ''] = /^@salesforce\/(\w+)\/(.*)$/.exec(source) ?? [];
            if (kind === 'schema') {
                const [objectApiName, fieldApiName] = rest.split('.');
                return `export default ${JSON.stringify(fieldApiName ? { objectApiName, fieldApiName } : { objectApiName })};`;
            }
            if (kind === 'i18n') {
                return `import { I18N } from ${JSON.stringify(path.join(PLATFORM, 'salesforce.ts'))}; export default I18N[${JSON.stringify(rest)}];`;
            }
            if (kind === 'label') {
                return `import { labelText } from ${JSON.stringify(path.join(PLATFORM, 'salesforce.ts'))}; export default labelText(${JSON.stringify(rest)});`;
            }
            if (kind === 'user' && rest === 'Id') return `export default ${JSON.stringify(currentUserId)};`;
            if (kind === 'user') return 'export default false;';
            if (kind === 'client' && rest === 'formFactor') return "export default 'Large';";
            if (kind === 'apex') {
                // Every Apex method through one stand-in (platform/apexMethod.ts over platform/apex.ts).
                return `import { apexMethod } from ${JSON.stringify(path.join(PLATFORM, 'apexMethod.ts'))}; export default apexMethod(${JSON.stringify(rest)});`;
            }
            return 'export default undefined;';
        }
    };
}

/** TypeScript outside force-app (the preview shell and platform stand-ins): types stripped like the LWC build. */
function typescript(): Plugin {
    return {
        name: 'preview-typescript',
        async transform(code, id) {
            if (!id.endsWith('.ts') || id.endsWith('.d.ts')) return null;
            return { code: await compileLwcSource(code, id), map: null };
        }
    };
}

/** `c/<name>` for every bundle in force-app (the folder has no namespace level the LWC resolver expects). */
function componentModules(): { name: string; path: string }[] {
    return readdirSync(LWC_ROOT, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(path.join(LWC_ROOT, d.name, `${d.name}.js`)))
        .map((d) => ({ name: `c/${d.name}`, path: path.join(LWC_ROOT, d.name, `${d.name}.js`) }));
}

/** Picklist values of the fields the components edit, read from the deployed metadata. */
function picklistsFromMetadata(): Record<string, string[]> {
    const fields = [
        'Account.Champion_Status__c',
        'Account.Executive_Engagement__c',
        'Account.Outcome_Narrative__c'
    ];
    const result: Record<string, string[]> = {};
    for (const key of fields) {
        const [object, field] = key.split('.') as [string, string];
        const file = path.join(
            ROOT,
            'force-app/main/default/objects',
            object,
            'fields',
            `${field}.field-meta.xml`
        );
        if (!existsSync(file)) continue;
        const xml = readFileSync(file, 'utf8');
        result[key] = [...xml.matchAll(/<value>\s*<fullName>([^<]+)<\/fullName>/g)].map((m) => m[1] ?? '');
    }
    return result;
}

function pageHtml(org: PageOrg, orgScript: string): string {
    // The clock is pinned to the dataset's as-of date (noon), so "3 days ago" reads the same on any day.
    const clock = `(() => {
        const RealDate = Date;
        const offset = new RealDate('${org.asOf}T12:00:00').getTime() - RealDate.now();
        class PinnedDate extends RealDate {
            constructor(...args) { if (args.length === 0) super(RealDate.now() + offset); else super(...args); }
            static now() { return RealDate.now() + offset; }
        }
        window.Date = PinnedDate;
    })();`;
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Account Health — local preview</title>
<link rel="stylesheet" href="assets/styles/salesforce-lightning-design-system.min.css">
<link rel="stylesheet" href="preview.css">
<script>${clock}</script>
<script src="${orgScript}"></script>
</head>
<body>
<div id="app"></div>
<script src="app.js"></script>
</body>
</html>
`;
}

const PAGE_CSS = `
body { background: var(--slds-g-color-surface-container-2, #f3f3f3); }
.preview-header { position: sticky; top: 0; z-index: 10; }
.preview-main { padding: 1rem; max-width: 1400px; margin: 0 auto; }
.preview-toasts { position: fixed; top: 4.5rem; left: 50%; transform: translateX(-50%); z-index: 100; }
`;

/** The org a page embeds: the demo records and the picklist values read from the field metadata. */
export type PageOrg = DemoOrg & { picklists: Record<string, string[]> };

export interface PreviewBuild {
    outDir: string;
    indexHtml: string;
    org: PageOrg;
}

/**
 * Writes one page of a build: its org script and its HTML. "index" is index.html with org.js; another name is
 * `<name>.html` with `org-<name>.js`, the same components on other data without a second bundle (the browser
 * check's long account name). Returns the HTML file.
 */
export function writePage(outDir: string, org: PageOrg, name = 'index'): string {
    const orgScript = name === 'index' ? 'org.js' : `org-${name}.js`;
    writeFileSync(path.join(outDir, orgScript), `window.__PREVIEW_ORG__ = ${JSON.stringify(org)};\n`);
    const html = path.join(outDir, `${name}.html`);
    writeFileSync(html, pageHtml(org, orgScript));
    return html;
}

export async function buildPreview(
    options: { dataset?: string; asOf?: string; outDir?: string; quiet?: boolean } = {}
): Promise<PreviewBuild> {
    const outDir = options.outDir ?? PREVIEW_OUT;
    await buildLwc();
    const demo = await buildDemoOrg(options.dataset ?? DEMO_DATASET, options.asOf);
    const org: PageOrg = { ...demo, picklists: picklistsFromMetadata() };

    const bundle = await rollup({
        input: path.join(__dirname, 'app/main.ts'),
        onwarn(warning, warn) {
            if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
            if (!options.quiet) warn(warning);
        },
        plugins: [
            platformModules(org.currentUserId),
            typescript(),
            replace({
                preventAssignment: true,
                values: {
                    'process.env.NODE_ENV': JSON.stringify('production'),
                    'import.meta.env.SSR': 'false'
                }
            }),
            lwc({
                rootDir: LWC_ROOT,
                enableDynamicComponents: true,
                enableSyntheticElementInternals: true,
                modules: [...componentModules(), { npm: 'lightning-base-components' }]
            }),
            nodeResolve({ extensions: ['.js', '.ts'] })
        ]
    });
    mkdirSync(outDir, { recursive: true });
    await bundle.write({
        file: path.join(outDir, 'app.js'),
        format: 'iife',
        name: 'preview',
        inlineDynamicImports: true
    });
    await bundle.close();

    writeFileSync(path.join(outDir, 'preview.css'), PAGE_CSS);
    const indexHtml = writePage(outDir, org);
    const assets = path.join(outDir, 'assets/styles');
    mkdirSync(assets, { recursive: true });
    copyFileSync(
        path.join(SLDS, 'styles/salesforce-lightning-design-system.min.css'),
        path.join(assets, 'salesforce-lightning-design-system.min.css')
    );
    return { outDir, indexHtml, org };
}
