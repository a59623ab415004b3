/**
 * Each quality gate, run on a deliberately broken input, must fail and name the broken file.
 * The fixtures live outside force-app (test/fixtures/gates) so they never reach a deploy.
 */
import { join } from 'node:path';
import { apexSemantics, apexSyntax, pmd } from '../../scripts/gates/apex';
import { flowScan } from '../../scripts/gates/flows';
import type { GateResult } from '../../scripts/gates/gate';
import { jest as jestGate } from '../../scripts/gates/jest';
import { convertSource } from '../../scripts/gates/salesforce';
import { format, lint, typecheck } from '../../scripts/gates/typescript';
import { metadataSchema, xmlWellFormed } from '../../scripts/gates/xml';

const fixtures = join(__dirname, '..', 'fixtures', 'gates');
const fixture = (...parts: string[]): string => join(fixtures, ...parts);

function expectFailureNaming(result: GateResult, fileName: string, messagePart?: RegExp): void {
    expect(result.status).toBe('failed');
    const named = result.problems.filter((problem) => problem.file.endsWith(fileName));
    expect(named.length).toBeGreaterThan(0);
    if (messagePart) expect(named.map((problem) => problem.message).join('\n')).toMatch(messagePart);
}

jest.setTimeout(120_000);

describe('each gate fails on a broken input and names the file', () => {
    test('typecheck: a type error', async () => {
        const result = await typecheck(fixture('type-error'), ['tsconfig.json']);
        expectFailureNaming(result, 'scoreMath.ts', /TS2322/);
        expect(result.problems[0]!.line).toBe(2);
    });

    test('lint: an unused variable and an explicit any', async () => {
        const result = await lint(fixture('lint-error'), ['unusedThing.ts'], { ignore: false });
        expectFailureNaming(result, 'unusedThing.ts', /no-unused-vars/);
        expect(result.problems.map((problem) => problem.message).join()).toMatch(/no-explicit-any/);
    });

    test('format: unformatted Apex', async () => {
        const result = await format(fixture('unformatted'), ['.'], {
            ignorePath: fixture('no-such-ignore-file')
        });
        expectFailureNaming(result, 'Messy.cls', /not formatted/);
    });

    test('apex-syntax: a missing semicolon', async () => {
        const result = await apexSyntax(fixture('bad-apex'));
        expectFailureNaming(result, 'Broken.cls', /syntax error/);
        expect(result.problems[0]!.line).toBe(4);
    });

    test('apex-semantics: an unknown type and a type mismatch', async () => {
        const result = await apexSemantics(fixture('apex-semantics'));
        expectFailureNaming(result, 'UnknownThings.cls', /NoSuchHelper/);
        expect(result.problems.map((problem) => problem.message).join()).toMatch(/Incompatible types/);
    });

    test('pmd: SOQL and DML in a loop without a sharing model', async () => {
        const result = await pmd(fixture('pmd'));
        expectFailureNaming(result, 'QueryInLoop.cls', /OperationWithLimitsInLoop/);
    });

    test('xml: a mismatched closing tag', async () => {
        const result = await xmlWellFormed(fixture('malformed-xml'));
        expectFailureNaming(result, 'Broken__c.field-meta.xml', /malformed XML/);
    });

    test('metadata: an element the Metadata API schema does not know', async () => {
        const result = await metadataSchema(fixtures, 'schema-invalid');
        if (result.status === 'nothing-to-check') {
            // Only when ../shared is absent: then the gate says so instead of passing silently.
            expect(result.summary).toMatch(/not checked/);
            return;
        }
        expectFailureNaming(result, 'Misspelt__c.field-meta.xml', /typo/);
    });

    test('flows: an Update Records element inside a loop', async () => {
        const result = await flowScan(fixture('flow-dml-loop'));
        expectFailureNaming(result, 'Touch_Accounts_In_Loop.flow-meta.xml', /DML/i);
    });

    test('convert: a file sf cannot map to a metadata type', async () => {
        const result = await convertSource(fixture('convert-unknown-type'));
        expectFailureNaming(result, 'Spinner.widget-meta.xml', /Could not infer a metadata type/);
    });

    test('unit: a failing jest test', async () => {
        const result = await jestGate(fixture('failing-test'), ['fixture'], {
            config: fixture('failing-test', 'jest.config.js'),
            echo: false
        });
        expectFailureNaming(result, 'arithmetic.test.js');
    });
});
