// The metadata rules gate: checks force-app against the rules in rules.ts (lengths, permission prerequisites,
// custom metadata, flows, Apex test data) and returns one finding per violation, naming file, line, rule and
// limit. Pure: reads files under <root>/force-app/main/default (and <root>/sfdx-project.json), no org.

import fs from 'node:fs';
import path from 'node:path';
import { decodeXml, xmlAll, xmlText } from './schema';
import { ruleById, RULES } from './rules';

export interface RuleFinding {
    /** Path relative to the root, `/` separators. */
    file: string;
    line: number;
    rule: string;
    message: string;
}

export interface RulesOptions {
    root: string;
    /** Folder holding the metadata, relative to root (default force-app/main/default). */
    source?: string;
}

/** `file:line: [rule] message (doc)` — what the gate prints. */
export function formatRuleFinding(finding: RuleFinding): string {
    return `${finding.file}:${finding.line}: [${finding.rule}] ${finding.message}`;
}

export function checkMetadataRules(options: RulesOptions): RuleFinding[] {
    const root = options.root;
    const source = path.join(root, options.source ?? path.join('force-app', 'main', 'default'));
    const findings: RuleFinding[] = [];
    const files = walk(source);
    const rel = (file: string): string => path.relative(source, file).split(path.sep).join('/');
    const report = (
        file: string,
        text: string | null,
        index: number,
        rule: string,
        message: string
    ): void => {
        const line = text && index > 0 ? text.slice(0, index).split('\n').length : 1;
        findings.push({ file: path.relative(root, file).split(path.sep).join('/'), line, rule, message });
    };

    const fields = loadFields(source);
    for (const file of files) {
        const relative = rel(file);
        if (!file.endsWith('.xml')) continue;
        const text = fs.readFileSync(file, 'utf8');
        checkLengths(file, relative, text, report);
        if (relative.endsWith('.permissionset-meta.xml')) checkPermissionSet(file, text, fields, report);
        if (relative.endsWith('.md-meta.xml'))
            checkCustomMetadataRecord(file, relative, text, fields, report);
        if (relative.endsWith('.flow-meta.xml'))
            checkFlow(file, text, fields, projectApiVersion(root), report);
    }
    checkCustomMetadataTypes(source, report);
    for (const file of files.filter((f) => f.endsWith('.cls'))) {
        checkApexTest(file, fs.readFileSync(file, 'utf8'), files, report);
    }
    return findings.sort(
        (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule)
    );
}

type Report = (file: string, text: string | null, index: number, rule: string, message: string) => void;

function walk(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    const out: string[] = [];
    for (const entry of fs
        .readdirSync(dir, { withFileTypes: true })
        .sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            if (entry.name !== 'node_modules' && entry.name !== '__tests__') out.push(...walk(full));
        } else out.push(full);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------
// XML: leaf elements with their path below the root element and their offset in the file.

interface Leaf {
    path: string[];
    text: string;
    index: number;
}

export function xmlLeaves(xml: string): Leaf[] {
    const leaves: Leaf[] = [];
    const stack: Array<{ name: string; index: number; contentStart: number; hasChildren: boolean }> = [];
    const tag = /<(\/?)([A-Za-z_][\w.:-]*)([^>]*?)(\/?)>/g;
    for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
        const [whole, closing, name, , selfClosing] = m;
        if (closing) {
            const open = stack.pop();
            if (!open || open.name !== name) continue; // malformed: the xml gate reports it
            if (!open.hasChildren && stack.length) {
                leaves.push({
                    path: [...stack.slice(1).map((s) => s.name), name!],
                    text: decodeXml(xml.slice(open.contentStart, m.index).trim()),
                    index: open.index
                });
            }
        } else {
            if (stack.length) stack[stack.length - 1]!.hasChildren = true;
            if (!selfClosing)
                stack.push({
                    name: name!,
                    index: m.index,
                    contentStart: m.index + whole!.length,
                    hasChildren: false
                });
        }
    }
    return leaves;
}

function pathMatches(pattern: string, leafPath: string[]): boolean {
    const parts = pattern.split('/');
    return parts.length === leafPath.length && parts.every((p, i) => p === '*' || p === leafPath[i]);
}

function blocks(xml: string, tag: string): Array<{ body: string; index: number }> {
    return [...xml.matchAll(new RegExp(`<${tag}\\s*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => ({
        body: m[1]!,
        index: m.index
    }));
}

// ---------------------------------------------------------------------------------------------------------
// Length limits (every `length` row of rules.ts)

function checkLengths(file: string, relative: string, text: string, report: Report): void {
    const lengthRules = RULES.filter((r) => r.kind === 'length' && r.files?.test(relative));
    if (!lengthRules.length) return;
    const leaves = xmlLeaves(text);
    for (const rule of lengthRules) {
        const limit = rule.limit!;
        if (rule.fileName) {
            const name = rule.fileName.exec(relative)?.[1];
            if (name && name.length > limit) {
                report(
                    file,
                    text,
                    0,
                    rule.id,
                    `${rule.rule} "${name}" is ${name.length} characters; the limit is ${limit} (${rule.doc})`
                );
            }
        }
        if (!rule.element) continue;
        for (const leaf of leaves) {
            if (!pathMatches(rule.element, leaf.path) || leaf.text.length <= limit) continue;
            report(
                file,
                text,
                leaf.index,
                rule.id,
                `${rule.rule} <${leaf.path.join('/')}> is ${leaf.text.length} characters; the limit is ${limit} (${rule.doc})`
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Fields of the package, for permission and custom metadata rules

interface FieldFacts {
    type: string;
    required: boolean;
    formula: boolean;
    referenceTo: string | null;
    length: number | null;
    precision: number | null;
    scale: number | null;
    values: string[] | null;
}

/** `Object.Field__c` → facts; `Object` → master (for master-detail children). */
interface PackageFields {
    fields: Map<string, FieldFacts>;
    masters: Map<string, string[]>;
    objectFieldCounts: Map<string, number>;
}

function loadFields(source: string): PackageFields {
    const fields = new Map<string, FieldFacts>();
    const masters = new Map<string, string[]>();
    const objectFieldCounts = new Map<string, number>();
    const objectsDir = path.join(source, 'objects');
    if (!fs.existsSync(objectsDir)) return { fields, masters, objectFieldCounts };
    for (const object of fs.readdirSync(objectsDir).sort()) {
        const dir = path.join(objectsDir, object, 'fields');
        if (!fs.existsSync(dir)) continue;
        const targets = object === 'Activity' ? ['Task', 'Event'] : [object];
        const files = fs.readdirSync(dir).filter((f) => f.endsWith('.field-meta.xml'));
        objectFieldCounts.set(object, files.length);
        for (const f of files) {
            const xml = fs.readFileSync(path.join(dir, f), 'utf8');
            const type = xmlText(xml, 'type') ?? 'Unknown';
            const num = (tag: string): number | null => {
                const v = xmlText(xml, tag);
                return v === null ? null : Number(v);
            };
            const facts: FieldFacts = {
                type,
                required: xmlText(xml, 'required') === 'true' || type === 'MasterDetail',
                formula: xmlText(xml, 'formula') !== null || type === 'Summary' || type === 'AutoNumber',
                referenceTo: xmlText(xml, 'referenceTo'),
                length: num('length'),
                precision: num('precision'),
                scale: num('scale'),
                values:
                    type === 'Picklist' ? xmlAll(xmlText(xml, 'valueSetDefinition') ?? '', 'fullName') : null
            };
            for (const target of targets) {
                fields.set(`${target}.${f.replace('.field-meta.xml', '')}`, facts);
                if (type === 'MasterDetail' && facts.referenceTo) {
                    masters.set(target, [...(masters.get(target) ?? []), facts.referenceTo]);
                }
            }
        }
    }
    return { fields, masters, objectFieldCounts };
}

// ---------------------------------------------------------------------------------------------------------
// Permission sets

const OBJECT_FLAGS = [
    'allowCreate',
    'allowRead',
    'allowEdit',
    'allowDelete',
    'viewAllRecords',
    'modifyAllRecords'
];
const LABEL: Record<string, string> = {
    allowCreate: 'Create',
    allowRead: 'Read',
    allowEdit: 'Edit',
    allowDelete: 'Delete',
    viewAllRecords: 'View All',
    modifyAllRecords: 'Modify All'
};

function checkPermissionSet(file: string, xml: string, pkg: PackageFields, report: Report): void {
    const objects = new Map<string, { flags: Set<string>; index: number }>();
    for (const { body, index } of blocks(xml, 'objectPermissions')) {
        const object = xmlText(body, 'object') ?? '';
        objects.set(object, {
            flags: new Set(OBJECT_FLAGS.filter((f) => xmlText(body, f) === 'true')),
            index
        });
    }
    const prerequisites: Array<[string, string]> = [
        ['allowCreate', 'allowRead'],
        ['allowEdit', 'allowRead'],
        ['allowDelete', 'allowEdit'],
        ['viewAllRecords', 'allowRead'],
        ['modifyAllRecords', 'allowDelete'],
        ['modifyAllRecords', 'viewAllRecords']
    ];
    const rule = ruleById('object-permission-prerequisite');
    const mdRule = ruleById('master-detail-parent-permission');
    for (const [object, { flags, index }] of objects) {
        for (const [permission, needs] of prerequisites) {
            if (flags.has(permission) && !flags.has(needs)) {
                report(
                    file,
                    xml,
                    index,
                    rule.id,
                    `${LABEL[permission]} on ${object} needs ${LABEL[needs]} on ${object} (${rule.doc})`
                );
            }
        }
        for (const master of pkg.masters.get(object) ?? []) {
            const parent = objects.get(master)?.flags ?? new Set<string>();
            const needs: Array<[string, string]> = [
                ['viewAllRecords', 'viewAllRecords'],
                ['modifyAllRecords', 'modifyAllRecords']
            ];
            if (flags.size && !parent.has('allowRead')) {
                const granted = [...flags].map((f) => LABEL[f]).join(', ');
                report(
                    file,
                    xml,
                    index,
                    mdRule.id,
                    `${object} is a master-detail child of ${master}: ${granted} on ${object} depends on Read ${master}, which this permission set does not grant ("Permission Read ${object} depends on permission(s): Read ${master}") (${mdRule.doc})`
                );
            }
            for (const [child, onMaster] of needs) {
                if (flags.has(child) && !parent.has(onMaster)) {
                    report(
                        file,
                        xml,
                        index,
                        mdRule.id,
                        `${LABEL[child]} on master-detail child ${object} needs ${LABEL[onMaster]} on its master ${master} (${mdRule.doc})`
                    );
                }
            }
        }
    }
    for (const { body, index } of blocks(xml, 'fieldPermissions')) {
        const ref = xmlText(body, 'field') ?? '';
        const facts = pkg.fields.get(ref);
        const editable = xmlText(body, 'editable') === 'true';
        if (editable && xmlText(body, 'readable') !== 'true') {
            const r = ruleById('field-permission-edit-needs-read');
            report(file, xml, index, r.id, `field ${ref} is editable but not readable (${r.doc})`);
        }
        if (!facts) continue; // standard fields: the consistency check knows them
        if (facts.required) {
            const r = ruleById('field-permission-required');
            report(
                file,
                xml,
                index,
                r.id,
                `field ${ref} is ${facts.type === 'MasterDetail' ? 'master-detail' : 'required'}: a permission set cannot carry field permissions for it (${r.doc})`
            );
        }
        if (facts.formula && editable) {
            const r = ruleById('field-permission-read-only');
            report(
                file,
                xml,
                index,
                r.id,
                `field ${ref} is a ${facts.type === 'AutoNumber' ? 'auto-number' : 'formula or roll-up summary'} field: editable must be false (${r.doc})`
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Custom metadata

const CMDT_TYPES = [
    'MetadataRelationship',
    'Checkbox',
    'Date',
    'DateTime',
    'Email',
    'Number',
    'Percent',
    'Phone',
    'Picklist',
    'Text',
    'TextArea',
    'LongTextArea',
    'Url'
];

function checkCustomMetadataTypes(source: string, report: Report): void {
    const objectsDir = path.join(source, 'objects');
    if (!fs.existsSync(objectsDir)) return;
    const countRule = ruleById('cmdt-field-count');
    const typeRule = ruleById('cmdt-field-type');
    for (const type of fs
        .readdirSync(objectsDir)
        .filter((o) => o.endsWith('__mdt'))
        .sort()) {
        const dir = path.join(objectsDir, type, 'fields');
        const fieldFiles = fs.existsSync(dir)
            ? fs
                  .readdirSync(dir)
                  .filter((f) => f.endsWith('.field-meta.xml'))
                  .sort()
            : [];
        const objectFile = path.join(objectsDir, type, `${type}.object-meta.xml`);
        if (fieldFiles.length > countRule.limit!) {
            report(
                objectFile,
                null,
                0,
                countRule.id,
                `${type} has ${fieldFiles.length} custom fields; the limit is ${countRule.limit} per custom metadata type (${countRule.doc})`
            );
        }
        for (const f of fieldFiles) {
            const xml = fs.readFileSync(path.join(dir, f), 'utf8');
            const fieldType = xmlText(xml, 'type') ?? '';
            if (!CMDT_TYPES.includes(fieldType)) {
                report(
                    path.join(dir, f),
                    xml,
                    xml.indexOf('<type'),
                    typeRule.id,
                    `${type}.${f.replace('.field-meta.xml', '')} is of type ${fieldType}, which custom metadata types do not support (${typeRule.doc})`
                );
            }
        }
    }
}

const XSI_TYPES: Record<string, string[]> = {
    Checkbox: ['xsd:boolean'],
    Number: ['xsd:double', 'xsd:int', 'xsd:long', 'xsd:decimal'],
    Percent: ['xsd:double', 'xsd:int', 'xsd:long', 'xsd:decimal'],
    Date: ['xsd:date'],
    DateTime: ['xsd:dateTime']
};

function checkCustomMetadataRecord(
    file: string,
    relative: string,
    xml: string,
    pkg: PackageFields,
    report: Report
): void {
    const type = `${path.basename(relative).split('.')[0]}__mdt`;
    if (type === 'Health_Model__mdt') {
        const versionRule = ruleById('cmdt-packaged-model-version');
        const version = /<field>Model_Version__c<\/field>\s*<value[^>]*>([^<]*)<\/value>/.exec(xml);
        const value = decodeXml(version?.[1]?.trim() ?? '');
        if (
            version &&
            ['fitted-', 'org-'].some((prefix) => value.localeCompare(prefix, 'en', { numeric: true }) >= 0)
        ) {
            report(
                file,
                xml,
                version.index,
                versionRule.id,
                `Model_Version__c "${value}" sorts after "fitted-" or "org-": a subscriber's own active model would lose to this packaged record after an upgrade (${versionRule.doc})`
            );
        }
    }
    const rule = ruleById('cmdt-value-type');
    for (const { body, index } of blocks(xml, 'values')) {
        const field = xmlText(body, 'field') ?? '';
        const facts = pkg.fields.get(`${type}.${field}`);
        if (!facts) continue; // unknown field: the consistency check reports it
        const value = /<value(\s[^>]*)?>([\s\S]*?)<\/value>|<value(\s[^>]*)?\/>/.exec(body);
        if (!value) continue;
        const attributes = value[1] ?? value[3] ?? '';
        if (/xsi:nil\s*=\s*"true"/.test(attributes)) continue;
        const xsiType = /xsi:type\s*=\s*"([^"]+)"/.exec(attributes)?.[1] ?? '(none)';
        const text = decodeXml((value[2] ?? '').trim());
        const expected = XSI_TYPES[facts.type] ?? ['xsd:string'];
        const where = `${type}.${field}`;
        if (!expected.includes(xsiType)) {
            report(
                file,
                xml,
                index,
                rule.id,
                `${where} is a ${facts.type} field: its value needs xsi:type ${expected.join(' or ')}, not ${xsiType} (${rule.doc})`
            );
            continue;
        }
        if (facts.type === 'Checkbox' && !['true', 'false'].includes(text)) {
            report(
                file,
                xml,
                index,
                rule.id,
                `${where} is a Checkbox: "${text}" is not true or false (${rule.doc})`
            );
        }
        if ((facts.type === 'Number' || facts.type === 'Percent') && facts.precision !== null) {
            const n = Number(text);
            const scale = facts.scale ?? 0;
            const integerDigits = facts.precision - scale;
            const [whole = '', fraction = ''] = text.replace(/^-/, '').split('.');
            if (!Number.isFinite(n)) {
                report(
                    file,
                    xml,
                    index,
                    rule.id,
                    `${where} is a Number: "${text}" is not a number (${rule.doc})`
                );
            } else if (
                whole.replace(/^0+/, '').length > integerDigits ||
                fraction.replace(/0+$/, '').length > scale
            ) {
                report(
                    file,
                    xml,
                    index,
                    rule.id,
                    `${where} is Number(${facts.precision}, ${scale}): ${text} does not fit (at most ${integerDigits} digits before and ${scale} after the point) (${rule.doc})`
                );
            }
        }
        if (['Text', 'TextArea'].includes(facts.type) || facts.type === 'LongTextArea') {
            const limit = facts.type === 'TextArea' ? 255 : (facts.length ?? 255);
            if (text.length > limit) {
                report(
                    file,
                    xml,
                    index,
                    rule.id,
                    `${where} is ${facts.type}(${limit}): the value is ${text.length} characters (${rule.doc})`
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Flows

function projectApiVersion(root: string): number | null {
    try {
        const project = JSON.parse(fs.readFileSync(path.join(root, 'sfdx-project.json'), 'utf8')) as {
            sourceApiVersion?: string;
        };
        return project.sourceApiVersion ? Number(project.sourceApiVersion) : null;
    } catch {
        return null;
    }
}

/** Standard lookups that can be blank (the first hop from $Record may be; a second hop through one fails). */
const OPTIONAL_STANDARD_LOOKUPS = new Set([
    'Manager',
    'Parent',
    'Account',
    'Contact',
    'Who',
    'What',
    'ReportsTo',
    'DelegatedApprover',
    'Campaign'
]);
const ALWAYS_SET_LOOKUPS = new Set(['Owner', 'CreatedBy', 'LastModifiedBy', 'RecordType']);

function checkFlow(
    file: string,
    xml: string,
    pkg: PackageFields,
    sourceApi: number | null,
    report: Report
): void {
    // API version
    const versionRule = ruleById('flow-api-version');
    const apiVersion = xmlText(xml, 'apiVersion');
    const version = apiVersion === null ? NaN : Number(apiVersion);
    if (!Number.isFinite(version) || version < versionRule.limit!) {
        report(
            file,
            xml,
            Math.max(0, xml.indexOf('<apiVersion')),
            versionRule.id,
            `flow apiVersion ${apiVersion ?? '(missing)'}: must be ${versionRule.limit}.0 or later (${versionRule.doc})`
        );
    } else if (sourceApi !== null && version > sourceApi) {
        report(
            file,
            xml,
            xml.indexOf('<apiVersion'),
            versionRule.id,
            `flow apiVersion ${apiVersion} is above the project's sourceApiVersion ${sourceApi}: an org on ${sourceApi} rejects it (${versionRule.doc})`
        );
    }

    // Elements per trigger type
    const start = blocks(xml, 'start')[0]?.body ?? '';
    const triggerType = xmlText(start, 'triggerType');
    const processType = xmlText(xml, 'processType');
    const triggerRule = ruleById('flow-trigger-elements');
    const present = (tag: string): number => xml.search(new RegExp(`<${tag}\\s*>`));
    const forbid = (tags: string[], why: string): void => {
        for (const tag of tags) {
            const at = present(tag);
            if (at >= 0)
                report(
                    file,
                    xml,
                    at,
                    triggerRule.id,
                    `<${tag}> is not allowed in ${why} (${triggerRule.doc})`
                );
        }
    };
    if (triggerType === 'RecordBeforeSave') {
        forbid(
            [
                'recordCreates',
                'recordDeletes',
                'actionCalls',
                'apexPluginCalls',
                'subflows',
                'screens',
                'waits'
            ],
            'a before-save record-triggered flow'
        );
        const scheduled = xml.search(/<scheduledPaths\s*>/);
        if (scheduled >= 0)
            report(
                file,
                xml,
                scheduled,
                triggerRule.id,
                `scheduled paths run only in after-save flows, not in a before-save flow (${triggerRule.doc})`
            );
    } else if (triggerType && triggerType.startsWith('Record')) {
        forbid(['screens', 'waits'], 'a record-triggered flow');
    } else if (processType === 'AutoLaunchedFlow') {
        forbid(['screens'], 'an autolaunched flow');
    }

    // Formula functions: ISCHANGED / ISNEW / PRIORVALUE only in the start element's entry formula
    const formulaRule = ruleById('flow-formula-functions');
    const startMatch = /<start\s*>[\s\S]*?<\/start>/.exec(xml);
    const entryRange = startMatch ? [startMatch.index, startMatch.index + startMatch[0].length] : [-1, -1];
    for (const m of xml.matchAll(/\b(ISCHANGED|ISNEW|PRIORVALUE)\s*\(/g)) {
        const inEntryFormula = m.index > entryRange[0]! && m.index < entryRange[1]! && triggerType !== null;
        if (!inEntryFormula) {
            report(
                file,
                xml,
                m.index,
                formulaRule.id,
                `${m[1]}() is used outside the entry condition formula of a record-triggered flow (${formulaRule.doc})`
            );
        }
    }

    // Null lookup traversal: $Record.<always-set or optional>.<optional lookup>.<field>
    const nullRule = ruleById('flow-null-lookup');
    const object = xmlText(start, 'object');
    for (const m of xml.matchAll(/\$Record(?:__Prior)?((?:\.[A-Za-z]\w*){3,})/g)) {
        const hops = m[1]!.slice(1).split('.').slice(0, -1); // relationships walked before the field
        for (let i = 1; i < hops.length; i++) {
            const hop = hops[i]!;
            const custom =
                hop.endsWith('__r') && object
                    ? pkg.fields.get(`${object}.${hop.replace(/__r$/, '__c')}`)
                    : undefined;
            const optional = hop.endsWith('__r')
                ? !custom?.required
                : OPTIONAL_STANDARD_LOOKUPS.has(hop) && !ALWAYS_SET_LOOKUPS.has(hop);
            if (optional) {
                report(
                    file,
                    xml,
                    m.index,
                    nullRule.id,
                    `$Record${m[1]} walks through ${hops.slice(0, i + 1).join('.')}, a lookup that can be blank: the flow fails ("failed to access the value ... because it hasn't been set") when it is; test ${hops.slice(0, i).join('.')}.${hop}Id and use Get Records instead (${nullRule.doc})`
                );
                break;
            }
        }
    }

    // Email actions need their own fault connector
    const emailRule = ruleById('flow-email-fault');
    for (const { body, index } of blocks(xml, 'actionCalls')) {
        const type = xmlText(body, 'actionType');
        if ((type === 'emailSimple' || type === 'emailAlert') && !/<faultConnector\s*>/.test(body)) {
            report(
                file,
                xml,
                index,
                emailRule.id,
                `action ${xmlText(body, 'name')} (${type}) has no fault connector: a failed email ends the interview with an unhandled fault (${emailRule.doc})`
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Apex tests: completed Tasks get CompletedDateTime = now at insert

const TODAY = /^\s*(Date\.today\(\)|System\.today\(\)|null)\s*$/;

function checkApexTest(file: string, text: string, allFiles: string[], report: Report): void {
    if (!/@IsTest/i.test(text)) return;
    const rule = ruleById('apex-test-completed-task-date');
    // Direct: new Task(... Status = 'Completed' ... ActivityDate = <not today> ...)
    for (const m of text.matchAll(/new\s+Task\s*\(([\s\S]*?)\)\s*[;,}\]]/g)) {
        const body = m[1]!;
        if (!/Status\s*=\s*'Completed'/i.test(body)) continue;
        const date = /ActivityDate\s*=\s*([^,\n]+?)\s*(?:,|$)/m.exec(body)?.[1];
        if (date && !TODAY.test(date) && !isParameter(date, text, m.index)) {
            report(
                file,
                text,
                m.index,
                rule.id,
                `a Task inserted as Completed with ActivityDate = ${date.trim()}: the org stamps CompletedDateTime = now, so the task is "done today" whatever its date (${rule.doc})`
            );
        }
    }
    // Through a factory: a method that builds a completed Task from a Date parameter, called with a past date
    for (const factory of completedTaskFactories(allFiles)) {
        const call = new RegExp(`${factory.className}\\.${factory.method}\\s*\\(`, 'g');
        for (const m of text.matchAll(call)) {
            const args = splitArgs(text, m.index + m[0].length);
            const date = args[factory.dateArg];
            if (date !== undefined && !TODAY.test(date)) {
                report(
                    file,
                    text,
                    m.index,
                    rule.id,
                    `${factory.className}.${factory.method}(...) builds a Completed Task with ActivityDate = ${date.trim()}: the org stamps CompletedDateTime = now, so the call is "done today" whatever its date (${rule.doc})`
                );
            }
        }
    }
}

/** `ActivityDate = activityDate` inside a method whose parameter it is: checked at the call sites instead. */
function isParameter(expression: string, text: string, at: number): boolean {
    const name = expression.trim();
    if (!/^[a-z]\w*$/.test(name)) return false;
    const before = text.slice(0, at);
    const signature = before.lastIndexOf('(', before.search(/\{[^{]*$/));
    return new RegExp(`\\bDate\\s+${name}\\b`).test(before.slice(Math.max(0, signature - 200)));
}

interface Factory {
    className: string;
    method: string;
    dateArg: number;
}

function completedTaskFactories(files: string[]): Factory[] {
    const factories: Factory[] = [];
    for (const file of files.filter((f) => f.endsWith('.cls'))) {
        const text = fs.readFileSync(file, 'utf8');
        const className = path.basename(file, '.cls');
        for (const m of text.matchAll(/static\s+Task\s+(\w+)\s*\(([^)]*)\)\s*\{([\s\S]*?)\n\s{4}\}/g)) {
            const params = m[2]!.split(',').map((p) => p.trim().split(/\s+/));
            const body = m[3]!;
            if (!/Status\s*=\s*'Completed'/i.test(body)) continue;
            const assigned = /ActivityDate\s*=\s*(\w+)/.exec(body)?.[1];
            const dateArg = params.findIndex((p) => p[0] === 'Date' && p[1] === assigned);
            if (dateArg >= 0) factories.push({ className, method: m[1]!, dateArg });
        }
    }
    return factories;
}

/** The top-level arguments of a call whose '(' ends just before `from`. */
function splitArgs(text: string, from: number): string[] {
    const args: string[] = [];
    let depth = 0;
    let current = '';
    for (let i = from; i < text.length; i++) {
        const c = text[i]!;
        if (c === '(' || c === '{' || c === '[') depth++;
        if (c === ')' || c === '}' || c === ']') {
            if (depth === 0) {
                args.push(current);
                return args;
            }
            depth--;
        }
        if (c === ',' && depth === 0) {
            args.push(current);
            current = '';
        } else current += c;
    }
    return args;
}
