/**
 * Each quality gate, run on a deliberately broken input, must fail and name the broken file.
 * The fixtures live outside force-app (test/fixtures/gates) so they never reach a deploy.
 */
import { join } from 'node:path';
import { apexSemantics, apexSyntax, pmd } from '../../scripts/gates/apex';
import { browserCheck } from '../../scripts/gates/browser';
import { flowScan } from '../../scripts/gates/flows';
import type { GateResult } from '../../scripts/gates/gate';
import { checkProject } from '../../scripts/consistency/check';
import { jest as jestGate } from '../../scripts/gates/jest';
import { lwcCompiled, projectSurvivesPackageCreate } from '../../scripts/gates/packaging';
import { metadataRules } from '../../scripts/gates/rules';
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

    test('consistency: a report, report type and dashboard after a field rename (docs/reports.md)', () => {
        const findings = checkProject({ root: fixture('report-renamed-field') });
        const named = findings.filter((f) => f.file.endsWith('ARR_By_Band.report-meta.xml'));
        expect(named.map((f) => f.message).join('\n')).toMatch(
            /report Health\/ARR_By_Band: column Account\$Health_Band__c: field Account.Health_Band__c does not exist/
        );
        expect(findings.some((f) => f.file.endsWith('Overview.dashboard-meta.xml'))).toBe(true);
    });

    test('unit: a failing jest test', async () => {
        const result = await jestGate(fixture('failing-test'), ['fixture'], {
            config: fixture('failing-test', 'jest.config.js'),
            echo: false
        });
        expectFailureNaming(result, 'arithmetic.test.js');
    });

    // The first real-org review (issue 11): the fixture `rules` holds the files as they were before the fix.
    describe('rules: each known failure of the first real-org review', () => {
        const result = metadataRules(fixture('rules'));
        const found = (file: string, rule: string): string =>
            result.problems
                .filter((problem) => problem.file.endsWith(file) && problem.message.includes(`[${rule}]`))
                .map((problem) => `${problem.line}: ${problem.message}`)
                .join('\n');

        test('fails', () => expect(result.status).toBe('failed'));

        test.each([
            [
                'Account_Health_Admin.permissionset-meta.xml',
                'permission-set-description',
                /is 408 characters; the limit is 255/
            ],
            [
                'Account_Health_Integration.permissionset-meta.xml',
                'permission-set-description',
                /is 313 characters; the limit is 255/
            ],
            [
                'Outcome_Required_To_Complete.validationRule-meta.xml',
                'validation-rule-description',
                /is 416 characters; the limit is 255/
            ],
            [
                'Account_Health_User.permissionset-meta.xml',
                'master-detail-parent-permission',
                /Read on Account_Health_Snapshot__c depends on Read Account/
            ],
            [
                'Account_Health_Admin.permissionset-meta.xml',
                'master-detail-parent-permission',
                /View All on master-detail child Account_Health_Snapshot__c needs View All on its master Account/
            ],
            [
                'Account360ControllerTest.cls',
                'apex-test-completed-task-date',
                /ActivityDate = Date.today\(\).addDays\(-40\).*CompletedDateTime = now/
            ],
            [
                'Account_Health_Playbook.flow-meta.xml',
                'flow-null-lookup',
                /\$Record.Owner.Manager.IsActive walks through Owner.Manager/
            ],
            [
                'Account_Health_Yellow_Escalation.flow-meta.xml',
                'flow-null-lookup',
                /\$Record.Owner.Manager.IsActive walks through Owner.Manager/
            ],
            ['Long_Description.report-meta.xml', 'report-description', /is 287 characters; the limit is 255/],
            [
                'Account_Health_Yellow_Escalation.flow-meta.xml',
                'flow-email-fault',
                /Email_Owner_About_Failure \(emailSimple\) has no fault connector/
            ]
        ])('%s: %s', (file, rule, message) => {
            expect(found(file, rule)).toMatch(message);
        });

        test('names the line of the offending element', () => {
            expect(
                found('Account_Health_Integration.permissionset-meta.xml', 'permission-set-description')
            ).toMatch(/^15: /);
        });
    });

    test('package: the sfdx-project.json that `sf package create` turns into "default": false', async () => {
        const result = await projectSurvivesPackageCreate(fixture('rules'));
        expectFailureNaming(
            result,
            'sfdx-project.json',
            /\[project-survives-package-create\].*SingleNonDefaultPackageError/
        );
    });

    test('package: an LWC bundle without its compiled JavaScript (no npm run build)', () => {
        const result = lwcCompiled(fixture('lwc-uncompiled'), fixture('lwc-uncompiled', 'lwc'));
        expectFailureNaming(result, 'widget.ts', /\[lwc-compiled\].*npm run build/);
    });

    test('browser: no Chromium on the machine names the set-up command', async () => {
        const saved = process.env.CHROMIUM_PATH;
        process.env.CHROMIUM_PATH = fixture('no-such-chromium');
        try {
            const result = await browserCheck(join(__dirname, '..', '..'));
            expectFailureNaming(result, 'no-such-chromium', /npm run setup/);
        } finally {
            if (saved === undefined) delete process.env.CHROMIUM_PATH;
            else process.env.CHROMIUM_PATH = saved;
        }
    });
});
