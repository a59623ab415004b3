// The metadata rules checker on force-app (must pass) and on small broken projects, one per class of rule.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkMetadataRules, formatRuleFinding, xmlLeaves } from './metadataRules';
import { RULES } from './rules';

const root = path.join(__dirname, '..', '..');

describe('force-app', () => {
    it('passes every metadata rule', () => {
        expect(checkMetadataRules({ root }).map(formatRuleFinding)).toEqual([]);
    });

    it('docs/metadata.md lists every rule of the table', () => {
        const doc = fs.readFileSync(path.join(root, 'docs', 'metadata.md'), 'utf8');
        expect(RULES.map((rule) => rule.id).filter((id) => !doc.includes(`\`${id}\``))).toEqual([]);
    });

    it('every rule names its Salesforce source and ids are unique', () => {
        expect(RULES.filter((rule) => !/salesforce|@salesforce|LWC/i.test(rule.doc))).toEqual([]);
        expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
    });
});

const XML = '<?xml version="1.0" encoding="UTF-8" ?>\n';

/** A throw-away project: files relative to force-app/main/default. */
function project(files: Record<string, string>, sourceApiVersion = '66.0'): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-'));
    fs.writeFileSync(path.join(dir, 'sfdx-project.json'), JSON.stringify({ sourceApiVersion }));
    for (const [file, text] of Object.entries(files)) {
        const full = path.join(dir, 'force-app', 'main', 'default', file);
        fs.mkdirSync(path.dirname(full), { recursive: true });
        fs.writeFileSync(full, text);
    }
    return dir;
}

const field = (body: string): string =>
    `${XML}<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">${body}</CustomField>`;
const flow = (body: string, api = '66.0'): string =>
    `${XML}<Flow xmlns="http://soap.sforce.com/2006/04/metadata">\n    <apiVersion>${api}</apiVersion>\n${body}</Flow>`;
const permissionSet = (body: string): string =>
    `${XML}<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">\n${body}</PermissionSet>`;
const objectPermission = (object: string, flags: Record<string, boolean>): string =>
    `    <objectPermissions>\n${Object.entries(flags)
        .map(([flag, on]) => `        <${flag}>${on}</${flag}>\n`)
        .join('')}        <object>${object}</object>\n    </objectPermissions>\n`;

function rulesOf(files: Record<string, string>, sourceApiVersion?: string): string[] {
    const dir = project(files, sourceApiVersion);
    try {
        return checkMetadataRules({ root: dir }).map((f) => `${path.basename(f.file)}:${f.line} ${f.rule}`);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe('each class of rule fails on a broken project, naming file, line and rule', () => {
    it('length: labels, help text, picklist values, API names', () => {
        const long = (n: number): string => 'x'.repeat(n);
        expect(
            rulesOf({
                [`objects/Account/fields/A${long(40)}__c.field-meta.xml`]: field(
                    `\n<label>${long(41)}</label>\n<inlineHelpText>${long(511)}</inlineHelpText>\n<type>Picklist</type><valueSet><valueSetDefinition><value><fullName>ok</fullName><label>${long(256)}</label></value></valueSetDefinition></valueSet>`
                )
            })
        ).toEqual([
            `A${long(40)}__c.field-meta.xml:1 field-name`,
            `A${long(40)}__c.field-meta.xml:3 field-label`,
            `A${long(40)}__c.field-meta.xml:4 field-help`,
            `A${long(40)}__c.field-meta.xml:5 picklist-label`
        ]);
    });

    it('length: a limit is inclusive (exactly 255 passes)', () => {
        expect(
            rulesOf({
                'permissionsets/P.permissionset-meta.xml': permissionSet(
                    `    <description>${'y'.repeat(255)}</description>\n`
                )
            })
        ).toEqual([]);
    });

    it('permissions: object prerequisites, master-detail parents, required and formula fields', () => {
        const found = rulesOf({
            'objects/Child__c/Child__c.object-meta.xml': `${XML}<CustomObject><label>Child</label></CustomObject>`,
            'objects/Child__c/fields/Parent__c.field-meta.xml': field(
                '<type>MasterDetail</type><referenceTo>Parent__c</referenceTo>'
            ),
            'objects/Child__c/fields/Total__c.field-meta.xml': field(
                '<type>Number</type><formula>1 + 1</formula>'
            ),
            'permissionsets/P.permissionset-meta.xml': permissionSet(
                `    <fieldPermissions>\n        <editable>false</editable>\n        <field>Child__c.Parent__c</field>\n        <readable>true</readable>\n    </fieldPermissions>\n` +
                    `    <fieldPermissions>\n        <editable>true</editable>\n        <field>Child__c.Total__c</field>\n        <readable>true</readable>\n    </fieldPermissions>\n` +
                    objectPermission('Child__c', { allowRead: true, viewAllRecords: true }) +
                    objectPermission('Parent__c', { allowRead: true }) +
                    objectPermission('Other__c', { allowDelete: true, allowRead: true })
            )
        });
        expect(found).toEqual([
            'P.permissionset-meta.xml:3 field-permission-required',
            'P.permissionset-meta.xml:8 field-permission-read-only',
            'P.permissionset-meta.xml:13 master-detail-parent-permission',
            'P.permissionset-meta.xml:22 object-permission-prerequisite'
        ]);
    });

    it('custom metadata: more than 100 fields, unsupported type, value of the wrong type or too big', () => {
        const files: Record<string, string> = {
            'objects/Knob__mdt/Knob__mdt.object-meta.xml': `${XML}<CustomObject><label>Knob</label></CustomObject>`,
            'objects/Knob__mdt/fields/Lookup__c.field-meta.xml': field('<type>Lookup</type>'),
            'objects/Knob__mdt/fields/Weight__c.field-meta.xml': field(
                '<type>Number</type><precision>3</precision><scale>1</scale>'
            ),
            'customMetadata/Knob.Default.md-meta.xml': `${XML}<CustomMetadata xmlns:xsi="x" xmlns:xsd="y">
    <label>Default</label>
    <values>
        <field>Weight__c</field>
        <value xsi:type="xsd:string">12</value>
    </values>
</CustomMetadata>`,
            'customMetadata/Knob.Big.md-meta.xml': `${XML}<CustomMetadata xmlns:xsi="x" xmlns:xsd="y">
    <label>Big</label>
    <values>
        <field>Weight__c</field>
        <value xsi:type="xsd:double">123.5</value>
    </values>
</CustomMetadata>`
        };
        for (let i = 0; i < 100; i++)
            files[`objects/Knob__mdt/fields/F${i}__c.field-meta.xml`] = field('<type>Checkbox</type>');
        expect(rulesOf(files).sort()).toEqual([
            'Knob.Big.md-meta.xml:4 cmdt-value-type',
            'Knob.Default.md-meta.xml:4 cmdt-value-type',
            'Knob__mdt.object-meta.xml:1 cmdt-field-count',
            'Lookup__c.field-meta.xml:2 cmdt-field-type'
        ]);
    });

    it('custom metadata: a packaged model version that would outrank a subscriber record', () => {
        const model = (version: string): string => `${XML}<CustomMetadata xmlns:xsi="x" xmlns:xsd="y">
    <label>Default</label>
    <values>
        <field>Model_Version__c</field>
        <value xsi:type="xsd:string">${version}</value>
    </values>
</CustomMetadata>`;
        const files = (version: string): Record<string, string> => ({
            'objects/Health_Model__mdt/Health_Model__mdt.object-meta.xml': `${XML}<CustomObject><label>Model</label></CustomObject>`,
            'objects/Health_Model__mdt/fields/Model_Version__c.field-meta.xml': field(
                '<type>Text</type><length>40</length>'
            ),
            'customMetadata/Health_Model.Default.md-meta.xml': model(version)
        });
        expect(rulesOf(files('default-v2'))).toEqual([]);
        expect(rulesOf(files('v2'))).toEqual([
            'Health_Model.Default.md-meta.xml:5 cmdt-packaged-model-version'
        ]);
    });

    it('flows: API version, elements per trigger type, ISCHANGED outside the entry formula', () => {
        const beforeSave = flow(
            `    <formulas>\n        <name>changed</name>\n        <expression>ISCHANGED({!$Record.Name})</expression>\n    </formulas>\n` +
                `    <recordCreates>\n        <name>Make</name>\n    </recordCreates>\n` +
                `    <start>\n        <filterFormula>ISCHANGED({!$Record.Name})</filterFormula>\n        <object>Account</object>\n        <triggerType>RecordBeforeSave</triggerType>\n    </start>\n`,
            '67.0'
        );
        expect(rulesOf({ 'flows/Before.flow-meta.xml': beforeSave })).toEqual([
            'Before.flow-meta.xml:3 flow-api-version',
            'Before.flow-meta.xml:6 flow-formula-functions',
            'Before.flow-meta.xml:8 flow-trigger-elements'
        ]);
    });

    it('flows: a traversal through an optional lookup fails, one through Owner does not', () => {
        const body = `    <formulas>\n        <name>ok</name>\n        <expression>{!$Record.Owner.ManagerId} &amp; {!$Record.Owner.Email}</expression>\n    </formulas>\n    <formulas>\n        <name>bad</name>\n        <expression>{!$Record.Parent.Owner.Name}</expression>\n    </formulas>\n    <start>\n        <object>Account</object>\n        <triggerType>RecordAfterSave</triggerType>\n    </start>\n`;
        expect(rulesOf({ 'flows/Walk.flow-meta.xml': flow(body) })).toEqual([]);
        const twoHops = body.replace('$Record.Parent.Owner.Name', '$Record.Owner.Manager.Name');
        expect(rulesOf({ 'flows/Walk.flow-meta.xml': flow(twoHops) })).toEqual([
            'Walk.flow-meta.xml:10 flow-null-lookup'
        ]);
    });

    it('Apex tests: a completed Task built with a past ActivityDate, directly', () => {
        const test = `@IsTest\nprivate class T {\n    @IsTest\n    static void t() {\n        insert new Task(Subject = 'x', Status = 'Completed', ActivityDate = Date.today().addDays(-5));\n        insert new Task(Subject = 'y', Status = 'Completed', ActivityDate = Date.today());\n    }\n}\n`;
        expect(rulesOf({ 'classes/T.cls': test })).toEqual(['T.cls:5 apex-test-completed-task-date']);
    });
});

describe('xmlLeaves', () => {
    it('gives leaf elements with their path below the root and their offset', () => {
        const xml = `${XML}<R>\n  <a><b>one</b><c\n  >two &amp; three</c></a>\n  <d/>\n</R>`;
        expect(xmlLeaves(xml).map((leaf) => [leaf.path.join('/'), leaf.text])).toEqual([
            ['a/b', 'one'],
            ['a/c', 'two & three']
        ]);
    });
});
