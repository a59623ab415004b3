import { parse } from '@babel/parser';
import { transformSync } from '@lwc/compiler';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { compileLwcSource, findLwcSources, LwcBuildError } from './compile-lwc';

type Node = { type: string; [key: string]: unknown };

/** Names of every decorator in a module, parsed as plain JavaScript: parsing fails if any TypeScript is left. */
function decoratorNames(code: string): string[] {
    const ast = parse(code, {
        sourceType: 'module',
        plugins: [['decorators', { decoratorsBeforeExport: true }]]
    });
    const names: string[] = [];
    const visit = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(visit);
        if (!node || typeof node !== 'object') return;
        const n = node as Node;
        if (n.type === 'Decorator') {
            const expr = n.expression as Node;
            const callee = (expr.type === 'CallExpression' ? expr.callee : expr) as Node;
            names.push(String(callee.name));
        }
        for (const [key, value] of Object.entries(n)) {
            if (key !== 'loc' && key !== 'start' && key !== 'end') visit(value);
        }
    };
    visit(ast.program);
    return names;
}

/** Runs the real LWC compiler over the emitted JavaScript, as the platform does on deploy. */
function platformCompile(code: string, file: string): string {
    const name = path.basename(file, '.js');
    return transformSync(code, file, { namespace: 'c', name }).code;
}

const sample = `
import { LightningElement, api, track, wire } from 'lwc';
import type { Band } from 'c/healthUtils';
import getThing from '@salesforce/apex/ThingController.getThing';

interface Row { id: string; band: Band }

export default class Sample extends LightningElement {
    @api recordId?: string;
    @api label: string = 'x';
    @track rows: Row[] = [];
    @wire(getThing, { id: '$recordId' }) thing?: { data?: unknown };
    private count = 0 as number;

    get total(): number {
        return this.rows.length + (this.count satisfies number);
    }
}
`;

describe('compileLwcSource', () => {
    it('strips every type but keeps @api, @track and @wire as real decorators', async () => {
        const js = await compileLwcSource(sample, 'sample.ts');
        expect(decoratorNames(js)).toEqual(['api', 'api', 'track', 'wire']);
        expect(js).not.toMatch(/__esDecorate|_decorate|interface Row|: string|import type/);
        expect(js).toContain("import getThing from '@salesforce/apex/ThingController.getThing'");
    });

    it('emits JavaScript the LWC platform compiler accepts', async () => {
        const js = await compileLwcSource(sample, 'sample.ts');
        expect(() => platformCompile(js, 'sample.js')).not.toThrow();
    });

    it('names the file when the TypeScript does not parse', async () => {
        await expect(compileLwcSource('export default class { @api x: = 1 }', 'broken.ts')).rejects.toThrow(
            LwcBuildError
        );
        await expect(compileLwcSource('let x: = 1', 'broken.ts')).rejects.toThrow(/broken\.ts/);
    });
});

describe('every component in force-app', () => {
    it('compiles to plain JavaScript with the same decorators as its TypeScript', async () => {
        const sources = await findLwcSources();
        expect(sources.length).toBeGreaterThan(0);
        for (const file of sources) {
            const ts = await fs.readFile(file, 'utf8');
            const js = await compileLwcSource(ts, file);
            const expected = (ts.match(/@(api|track|wire)\b/g) ?? []).map((d) => d.slice(1));
            expect({ file, decorators: decoratorNames(js) }).toEqual({ file, decorators: expected });
            expect(() => platformCompile(js, file.replace(/\.ts$/, '.js'))).not.toThrow();
        }
        // Compiles every bundle twice (Babel, then the LWC compiler): the work grows with the component count,
        // so the default 5 s is a timing assertion in disguise on a loaded machine.
    }, 120_000);
});
