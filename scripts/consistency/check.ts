// The consistency check: every object, field, picklist value, component, class, tab and permission that the
// project's metadata, code and data name must exist in force-app (or in the standard allow-list, standard.ts).
// checkProject(root) returns the findings; an empty list means consistent.

import fs from 'node:fs';
import path from 'node:path';
import {
    parseQuery,
    type Field,
    type FieldRelationship,
    type FieldSubquery,
    type Query
} from '@jetstreamapp/soql-parser-js';
import { decodeXml, loadSchema, Schema, xmlAll, xmlText } from './schema';
import { checkDashboard, checkReport, checkReportType, loadReportTypes } from './reports';
import { STANDARD_NON_OBJECT_TABS, STANDARD_TAB_PREFIX } from './standard';

export interface Finding {
    /** Path relative to the project root. */
    file: string;
    line: number;
    /** What was referenced, e.g. `Account.Health_Score__c` or `picklist Account.Health_Band__c = "Purple"`. */
    reference: string;
    message: string;
}

export interface CheckOptions {
    /** Project root holding force-app/, data/ and scripts/. */
    root: string;
    /** Folders (relative to root) whose TypeScript is not scanned (default DEFAULT_SCRIPT_EXCLUDES). */
    excludeScripts?: string[];
}

/** Columns the dataset format accepts that are not fields of the object (docs/dataset-format.md). */
const DATASET_ALIASES: Record<string, string[]> = { Product_Usage__c: ['Customer_Key__c'] };

/** The checker itself names example fields; it is a tool, not a consumer of the schema. */
export const DEFAULT_SCRIPT_EXCLUDES = ['scripts/consistency'];

const CUSTOM_TOKEN = /\b[A-Za-z][A-Za-z0-9_]*?__(?:c|r|mdt)\b/g;

export function checkProject(options: CheckOptions): Finding[] {
    const root = options.root;
    const forceApp = path.join(root, 'force-app', 'main', 'default');
    const schema = loadSchema(forceApp);
    const findings: Finding[] = [];
    const ctx = new Context(root, schema, findings);

    for (const file of walk(path.join(forceApp, 'customMetadata'), '.md-meta.xml'))
        checkCustomMetadata(ctx, file);
    for (const file of walk(path.join(forceApp, 'permissionsets'), '.permissionset-meta.xml'))
        checkPermissionSet(ctx, file);
    for (const file of walk(path.join(forceApp, 'flexipages'), '.flexipage-meta.xml'))
        checkFlexiPage(ctx, file);
    for (const file of walk(path.join(forceApp, 'applications'), '.app-meta.xml'))
        checkApplication(ctx, file);
    for (const file of walk(path.join(forceApp, 'tabs'), '.tab-meta.xml')) checkTab(ctx, file);
    for (const file of walk(path.join(forceApp, 'layouts'), '.layout-meta.xml')) checkLayout(ctx, file);
    for (const file of walk(path.join(forceApp, 'objects'), '.listView-meta.xml')) checkListView(ctx, file);
    for (const file of walk(path.join(forceApp, 'objects'), '.validationRule-meta.xml'))
        checkValidationRule(ctx, file);
    for (const file of walk(path.join(forceApp, 'flows'), '.flow-meta.xml')) checkFlow(ctx, file);
    // Reports, report types and dashboards (scripts/consistency/reports.ts).
    const reportTypes = loadReportTypes(ctx, forceApp);
    for (const file of walk(path.join(forceApp, 'reportTypes'), '.reportType-meta.xml'))
        checkReportType(ctx, reportTypes, file);
    for (const file of walk(path.join(forceApp, 'reports'), '.report-meta.xml'))
        checkReport(ctx, reportTypes, file);
    for (const file of walk(path.join(forceApp, 'dashboards'), '.dashboard-meta.xml'))
        checkDashboard(ctx, forceApp, file);
    for (const file of walk(path.join(forceApp, 'lwc'), '')) {
        const compiled = file.endsWith('.js') && fs.existsSync(file.replace(/\.js$/, '.ts')); // build output
        if (
            /\.(ts|js|html)$/.test(file) &&
            !compiled &&
            !file.includes(`${path.sep}__tests__${path.sep}`) &&
            !file.endsWith('.d.ts')
        ) {
            checkLwc(ctx, file);
        }
    }
    for (const file of walk(path.join(forceApp, 'classes'), '.cls')) checkApex(ctx, file);
    const excluded = (options.excludeScripts ?? DEFAULT_SCRIPT_EXCLUDES).map((d) => path.join(root, d));
    for (const file of walk(path.join(root, 'scripts'), '.ts')) {
        if (file.endsWith('.test.ts') || excluded.some((d) => file.startsWith(d + path.sep))) continue;
        checkScript(ctx, file);
    }
    const demoDir = path.join(root, 'data', 'demo');
    for (const file of walk(demoDir, '.json')) {
        if (path.dirname(file) === demoDir && path.basename(file) !== 'dataset.json')
            checkDatasetFile(ctx, file);
    }
    const plan = path.join(root, 'data', 'data-plan.json');
    if (fs.existsSync(plan)) checkDataPlan(ctx, plan);

    return findings.sort(
        (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.reference.localeCompare(b.reference)
    );
}

/** One line per finding: `file:line  reference  message`. */
export function formatFindings(findings: Finding[]): string {
    return findings.map((f) => `${f.file}:${f.line}  ${f.reference}  ${f.message}`).join('\n');
}

// ---------------------------------------------------------------------------------------------------------

export class Context {
    private file = '';
    private text = '';
    constructor(
        readonly root: string,
        readonly schema: Schema,
        private readonly findings: Finding[]
    ) {}

    open(file: string): string {
        this.file = path.relative(this.root, file).split(path.sep).join('/');
        this.text = fs.readFileSync(file, 'utf8');
        return this.text;
    }

    report(reference: string, message: string, at?: number | string): void {
        let index = typeof at === 'number' ? at : at ? this.text.indexOf(at) : -1;
        if (index < 0) index = this.text.indexOf(reference.split(' ').pop()!.replace(/^.*\./, ''));
        const line = index < 0 ? 1 : this.text.slice(0, index).split('\n').length;
        const finding = { file: this.file, line, reference, message };
        if (
            !this.findings.some(
                (f) => f.file === finding.file && f.line === line && f.reference === reference
            )
        ) {
            this.findings.push(finding);
        }
    }

    /** Object must exist; returns whether it does. */
    object(name: string, at?: number | string): boolean {
        if (this.schema.hasObject(name)) return true;
        this.report(
            name,
            `object ${name} is not defined in force-app/main/default/objects nor in the standard allow-list`,
            at ?? name
        );
        return false;
    }

    /** Object.Field must exist (relationship names allowed when `relationships`). */
    field(object: string, field: string, at?: number | string, relationships = false): boolean {
        if (!this.schema.objects.has(object)) return this.object(object, at);
        const ok = relationships
            ? this.schema.hasFieldOrRelationship(object, field)
            : !!this.schema.field(object, field);
        if (!ok) {
            const where = field.endsWith('__c')
                ? `objects/${object === 'Task' || object === 'Event' ? 'Activity' : object}/fields`
                : 'the standard allow-list';
            this.report(
                `${object}.${field}`,
                `field ${object}.${field} does not exist (not in ${where})`,
                at ?? field
            );
        }
        return ok;
    }

    /** For a picklist field, the value must be one of its values. Non-picklists and open picklists pass. */
    picklistValue(object: string, field: string, value: string, at?: number | string): void {
        const info = this.schema.field(object, field);
        if (!info || !info.values) return;
        if (!info.values.includes(value)) {
            this.report(
                `picklist ${object}.${field} = "${value}"`,
                `"${value}" is not a value of ${object}.${field} (values: ${info.values.join(', ')})`,
                at ?? value
            );
        }
    }

    /**
     * A custom name (`X__c`, `X__r`, `X__mdt`) used without its object must exist on some object. Salesforce
     * API names are case-insensitive, so code that lower-cases them (maps keyed by lower-case names) passes.
     */
    customToken(token: string, at: number): void {
        if (!this.knownTokens) {
            const s = this.schema;
            this.knownTokens = new Set(
                [...s.anyCustomField, ...s.anyRelationship, ...s.objects.keys()].map((t) => t.toLowerCase())
            );
        }
        if (!this.knownTokens.has(token.toLowerCase())) {
            this.report(token, `${token} is not a field, relationship or object defined in force-app`, at);
        }
    }
    private knownTokens: Set<string> | null = null;
}

function walk(dir: string, suffix: string): string[] {
    if (!fs.existsSync(dir)) return [];
    const out: string[] = [];
    for (const entry of fs
        .readdirSync(dir, { withFileTypes: true })
        .sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            if (entry.name !== 'node_modules') out.push(...walk(full, suffix));
        } else if (entry.name.endsWith(suffix)) out.push(full);
    }
    return out;
}

function blocks(xml: string, tag: string): Array<{ body: string; index: number }> {
    return [...xml.matchAll(new RegExp(`<${tag}\\s*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => ({
        body: m[1]!,
        index: m.index!
    }));
}

// ---------------------------------------------------------------------------------------------------------
// Metadata

function checkCustomMetadata(ctx: Context, file: string): void {
    const xml = ctx.open(file);
    const type = `${path.basename(file).split('.')[0]}__mdt`;
    if (!ctx.object(type, 0)) return;
    for (const { body, index } of blocks(xml, 'values')) {
        const field = xmlText(body, 'field');
        if (!field || !ctx.field(type, field, index)) continue;
        const value = /<value(?:\s[^>]*)?>([\s\S]*?)<\/value>/.exec(body);
        if (value) ctx.picklistValue(type, field, decodeXml(value[1]!.trim()), index);
    }
}

function checkPermissionSet(ctx: Context, file: string): void {
    const xml = ctx.open(file);
    for (const { body, index } of blocks(xml, 'fieldPermissions')) {
        const ref = xmlText(body, 'field') ?? '';
        const [object, field] = ref.split('.');
        if (!object || !field || !ctx.field(object, field, index)) continue;
        if (xmlText(body, 'editable') === 'true' && xmlText(body, 'readable') !== 'true') {
            ctx.report(ref, `field ${ref} is editable but not readable (deploy fails)`, index);
        }
        if (ctx.schema.field(object, field)?.required) {
            ctx.report(
                ref,
                `field ${ref} is required or master-detail: permission sets cannot grant it (deploy fails)`,
                index
            );
        }
    }
    for (const { body, index } of blocks(xml, 'objectPermissions')) {
        const object = xmlText(body, 'object') ?? '';
        ctx.object(object, index);
        const has = (tag: string): boolean => xmlText(body, tag) === 'true';
        // Salesforce rejects a permission set whose object permissions skip a prerequisite.
        const needs: Array<[string, string]> = [
            ['allowCreate', 'allowRead'],
            ['allowEdit', 'allowRead'],
            ['allowDelete', 'allowEdit'],
            ['viewAllRecords', 'allowRead'],
            ['modifyAllRecords', 'allowDelete'],
            ['modifyAllRecords', 'viewAllRecords']
        ];
        for (const [permission, prerequisite] of needs) {
            if (has(permission) && !has(prerequisite)) {
                ctx.report(
                    `${object} ${permission}`,
                    `${permission} on ${object} needs ${prerequisite} (deploy fails)`,
                    index
                );
            }
        }
    }
    for (const { body, index } of blocks(xml, 'customMetadataTypeAccesses'))
        ctx.object(xmlText(body, 'name') ?? '', index);
    for (const { body, index } of blocks(xml, 'tabSettings'))
        checkTabName(ctx, xmlText(body, 'tab') ?? '', index);
    for (const { body, index } of blocks(xml, 'customPermissions')) {
        const name = xmlText(body, 'name') ?? '';
        if (!ctx.schema.customPermissions.has(name))
            ctx.report(name, `custom permission ${name} is not in customPermissions/`, index);
    }
    for (const { body, index } of blocks(xml, 'classAccesses')) {
        const name = xmlText(body, 'apexClass') ?? '';
        if (!ctx.schema.classes.has(name)) ctx.report(name, `Apex class ${name} is not in classes/`, index);
    }
    for (const { body, index } of blocks(xml, 'applicationVisibilities')) {
        const name = xmlText(body, 'application') ?? '';
        if (!ctx.schema.applications.has(name))
            ctx.report(name, `application ${name} is not in applications/`, index);
    }
}

function checkTabName(ctx: Context, tab: string, at: number): void {
    if (STANDARD_NON_OBJECT_TABS.includes(tab)) return;
    if (tab.startsWith(STANDARD_TAB_PREFIX)) {
        ctx.object(tab.slice(STANDARD_TAB_PREFIX.length), at);
    } else if (!ctx.schema.tabs.has(tab)) {
        ctx.report(tab, `tab ${tab} is not in tabs/`, at);
    }
}

function checkComponent(ctx: Context, name: string, at: number): void {
    if (name.includes(':') && !name.startsWith('c:')) return; // platform component (force:, flexipage:, ...)
    const bundle = name.replace(/^c:/, '');
    if (!ctx.schema.components.has(bundle))
        ctx.report(`component ${bundle}`, `Lightning web component ${bundle} is not in lwc/`, at);
}

function checkFlexiPage(ctx: Context, file: string): void {
    const xml = ctx.open(file);
    const sobject = xmlText(xml, 'sobjectType');
    if (sobject) ctx.object(sobject);
    for (const { body, index } of blocks(xml, 'componentName')) checkComponent(ctx, body.trim(), index);
    for (const { body, index } of blocks(xml, 'fieldItem')) {
        const [prefix, field] = body.trim().split('.');
        if (sobject && prefix === 'Record' && field) ctx.field(sobject, field, index);
    }
}

function checkApplication(ctx: Context, file: string): void {
    const xml = ctx.open(file);
    for (const { body, index } of blocks(xml, 'tabs')) checkTabName(ctx, body.trim(), index);
    for (const { body, index } of blocks(xml, 'actionOverrides')) {
        const content = xmlText(body, 'content');
        if (xmlText(body, 'type') === 'Flexipage' && content && !ctx.schema.flexiPages.has(content)) {
            ctx.report(content, `FlexiPage ${content} is not in flexipages/`, index);
        }
        const object = xmlText(body, 'pageOrSobjectType');
        if (object) ctx.object(object, index);
    }
}

function checkTab(ctx: Context, file: string): void {
    const xml = ctx.open(file);
    const name = path.basename(file).replace('.tab-meta.xml', '');
    if (xmlText(xml, 'customObject') === 'true') ctx.object(name, 0);
    const page = xmlText(xml, 'flexiPage');
    if (page && !ctx.schema.flexiPages.has(page)) ctx.report(page, `FlexiPage ${page} is not in flexipages/`);
    const lwc = xmlText(xml, 'lwcComponent');
    if (lwc) checkComponent(ctx, lwc, xml.indexOf(lwc));
}

function checkLayout(ctx: Context, file: string): void {
    const xml = ctx.open(file);
    const object = path.basename(file).split('-')[0]!;
    if (!ctx.object(object, 0)) return;
    for (const { body, index } of blocks(xml, 'field')) ctx.field(object, body.trim(), index);
}

/** List view columns and filters: custom fields by API name (standard ones use internal tokens like ACCOUNT.NAME). */
function checkListView(ctx: Context, file: string): void {
    const xml = ctx.open(file);
    const object = path.basename(path.dirname(path.dirname(file)));
    for (const { body, index } of blocks(xml, 'columns')) {
        if (body.includes('__c')) ctx.field(object, body.trim(), index);
    }
    for (const { body, index } of blocks(xml, 'filters')) {
        const field = xmlText(body, 'field') ?? '';
        if (!field.includes('__c') || !ctx.field(object, field, index)) continue;
        const value = xmlText(body, 'value');
        if (value && ctx.schema.field(object, field)?.values) {
            for (const v of value.split(',')) ctx.picklistValue(object, field, v.trim(), index);
        }
    }
}

function checkFormula(ctx: Context, object: string, formula: string, at: number): void {
    for (const m of formula.matchAll(/\$Permission\.(\w+)/g)) {
        if (!ctx.schema.customPermissions.has(m[1]!))
            ctx.report(`$Permission.${m[1]}`, `custom permission ${m[1]} is not in customPermissions/`, at);
    }
    const withoutGlobals = formula.replace(/\$\w+\.\w+/g, '');
    for (const m of withoutGlobals.matchAll(CUSTOM_TOKEN)) ctx.field(object, m[0], at);
    for (const m of formula.matchAll(/ISPICKVAL\(\s*(\w+)\s*,\s*"([^"]*)"\s*\)/g)) {
        if (ctx.field(object, m[1]!, at)) ctx.picklistValue(object, m[1]!, m[2]!, at);
    }
}

function checkValidationRule(ctx: Context, file: string): void {
    const xml = ctx.open(file);
    const folder = path.basename(path.dirname(path.dirname(file)));
    const objects = folder === 'Activity' ? ['Task', 'Event'] : [folder];
    for (const object of objects) {
        if (!ctx.object(object, 0)) continue;
        checkFormula(
            ctx,
            object,
            xmlText(xml, 'errorConditionFormula') ?? '',
            xml.indexOf('<errorConditionFormula')
        );
        const display = xmlText(xml, 'errorDisplayField');
        if (display) ctx.field(object, display, xml.indexOf('<errorDisplayField'));
    }
}

// ---------------------------------------------------------------------------------------------------------
// Flows

const RECORD_ELEMENTS = ['recordLookups', 'recordCreates', 'recordUpdates', 'recordDeletes'];

function checkFlow(ctx: Context, file: string): void {
    const xml = ctx.open(file);
    const vars = new Map<string, string>();
    const start = blocks(xml, 'start')[0];
    const startObject = start ? xmlText(start.body, 'object') : null;
    if (start && startObject && ctx.object(startObject, start.index)) {
        vars.set('$Record', startObject);
        vars.set('$Record__Prior', startObject);
    }
    for (const { body } of blocks(xml, 'variables')) {
        const name = xmlText(body, 'name');
        const type = xmlText(body, 'objectType');
        if (name && type && xmlText(body, 'dataType') === 'SObject') vars.set(name, type);
    }
    for (const tag of RECORD_ELEMENTS) {
        for (const { body, index } of blocks(xml, tag)) {
            const object = xmlText(body, 'object');
            if (!object || !ctx.object(object, index)) continue;
            const name = xmlText(body, 'name');
            if (name) vars.set(name, object);
            for (const f of [...xmlAll(body, 'queriedFields'), ...xmlAll(body, 'sortField')])
                ctx.field(object, f, index + body.indexOf(f));
            for (const section of ['filters', 'inputAssignments', 'outputAssignments']) {
                for (const b of blocks(body, section)) {
                    const field = xmlText(b.body, 'field');
                    const at = index + b.index;
                    if (!field || !ctx.field(object, field, at)) continue;
                    const value = xmlText(b.body, 'stringValue');
                    if (value !== null) ctx.picklistValue(object, field, value, at);
                }
            }
        }
    }
    // Loops and collection filters take the object of the collection they walk (resolve chains).
    for (let pass = 0; pass < 3; pass++) {
        for (const tag of ['loops', 'collectionProcessors']) {
            for (const { body } of blocks(xml, tag)) {
                const name = xmlText(body, 'name');
                const source = vars.get(xmlText(body, 'collectionReference') ?? '');
                if (name && source) vars.set(name, source);
            }
        }
    }
    // Every `<variable>.<Field>` reference anywhere (element references, formulas, text templates).
    for (const m of xml.matchAll(/(\$Record__Prior|\$Record|\b[A-Za-z]\w*)\.([A-Za-z]\w*)\b/g)) {
        const object = vars.get(m[1]!);
        if (object) ctx.field(object, m[2]!, m.index, true);
    }
    // Comparisons and assignments of a picklist field to a literal.
    const literalChecks: Array<[string, string, string]> = [
        ['conditions', 'leftValueReference', 'rightValue'],
        ['assignmentItems', 'assignToReference', 'value']
    ];
    for (const [tag, refTag, valueTag] of literalChecks) {
        for (const { body, index } of blocks(xml, tag)) {
            const ref = xmlText(body, refTag) ?? '';
            const [variable, field] = ref.split('.');
            const object = vars.get(variable ?? '');
            const value = xmlText(xmlText(body, valueTag) ?? '', 'stringValue');
            if (object && field && value !== null) ctx.picklistValue(object, field, value, index);
        }
    }
    for (const m of xml.matchAll(
        /ISPICKVAL\(\s*\{!([^}]+)\}\s*,\s*(?:"|&quot;|')([^"'&]*)(?:"|&quot;|')\s*\)/g
    )) {
        const [variable, field] = m[1]!.split('.');
        const object = vars.get(variable ?? '');
        if (object && field) ctx.picklistValue(object, field, m[2]!, m.index);
    }
}

// ---------------------------------------------------------------------------------------------------------
// Code

function checkTokens(ctx: Context, text: string): void {
    for (const m of text.matchAll(CUSTOM_TOKEN)) {
        const before = text.slice(Math.max(0, m.index - 1), m.index);
        if (before === '.' || before === '/') continue; // checked with its object (Object.Field__c, schema imports)
        ctx.customToken(m[0], m.index);
    }
    // `Object.Field__c` with a known object name: the field must be on that object.
    for (const m of text.matchAll(/\b([A-Z][A-Za-z0-9_]*)\.([A-Za-z][A-Za-z0-9_]*__[cr])\b/g)) {
        const object = m[1]!;
        if (ctx.schema.objects.has(object)) ctx.field(object, m[2]!, m.index, true);
        else ctx.customToken(m[2]!, m.index);
    }
}

function checkLwc(ctx: Context, file: string): void {
    const text = ctx.open(file);
    for (const m of text.matchAll(/@salesforce\/schema\/([A-Za-z0-9_]+)(?:\.([A-Za-z0-9_.]+))?/g)) {
        const object = m[1]!;
        if (!ctx.object(object, m.index)) continue;
        if (m[2]) checkFieldPath(ctx, object, m[2].split('.'), m.index);
    }
    for (const m of text.matchAll(/@salesforce\/apex\/([A-Za-z0-9_]+)\.[A-Za-z0-9_]+/g)) {
        if (!ctx.schema.classes.has(m[1]!))
            ctx.report(`Apex ${m[1]}`, `Apex class ${m[1]} is not in classes/`, m.index);
    }
    for (const m of text.matchAll(/<c-([a-z0-9-]+)/g)) {
        const name = m[1]!.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
        checkComponent(ctx, name, m.index);
    }
    checkTokens(
        ctx,
        text.replace(/@salesforce\/schema\/[A-Za-z0-9_.]+/g, (s) => ' '.repeat(s.length))
    );
}

/** `Field`, `Lookup__r.Field`, `Owner.Name`: each segment must exist on the object it walks through. */
function checkFieldPath(ctx: Context, object: string, segments: string[], at: number): void {
    let current: string | null = object;
    segments.forEach((segment, i) => {
        if (!current) return;
        const last = i === segments.length - 1;
        if (last) {
            ctx.field(current, segment, at);
        } else if (ctx.field(current, segment, at, true)) {
            current = ctx.schema.relationshipTarget(current, segment);
        }
    });
}

function checkApex(ctx: Context, file: string): void {
    let text = ctx.open(file);
    for (const m of text.matchAll(/\[\s*(SELECT\b[\s\S]*?)\]/gi)) {
        let query: Query;
        try {
            query = parseQuery(m[1]!, {
                allowApexBindVariables: true,
                allowPartialQuery: false,
                ignoreParseErrors: false
            });
        } catch {
            continue; // not SOQL the parser understands; the token checks below still apply
        }
        checkQuery(ctx, query, m.index);
        // Checked with its object: keep the generic token check from reporting the same name again.
        text = text.slice(0, m.index) + ' '.repeat(m[0].length) + text.slice(m.index + m[0].length);
    }
    for (const m of text.matchAll(/\bnew\s+([A-Za-z0-9_]+__(?:c|mdt))\s*\(/g)) ctx.object(m[1]!, m.index);
    checkTokens(ctx, text);
}

function checkQuery(ctx: Context, query: Query, at: number, objectOverride?: string): void {
    const object = objectOverride ?? query.sObject ?? '';
    if (!object || !ctx.object(object, at)) return;
    for (const field of query.fields ?? []) checkQueryField(ctx, object, field, at);
}

function checkQueryField(
    ctx: Context,
    object: string,
    field: Field | FieldRelationship | FieldSubquery | { type: string },
    at: number
): void {
    if (field.type === 'Field') {
        const name = (field as Field).field;
        if (name.includes('__')) ctx.field(object, name, at);
    } else if (field.type === 'FieldRelationship') {
        const rel = field as FieldRelationship;
        if (rel.relationships.some((r) => r.includes('__')) || rel.field.includes('__')) {
            checkFieldPath(ctx, object, [...rel.relationships, rel.field], at);
        }
    } else if (field.type === 'FieldSubquery') {
        const sub = (field as FieldSubquery).subquery;
        const child = ctx.schema.childRelationships.get(`${object}.${sub.relationshipName}`);
        if (!child) {
            if (sub.relationshipName.endsWith('__r')) {
                ctx.report(
                    `${object}.${sub.relationshipName}`,
                    `child relationship ${sub.relationshipName} of ${object} is not defined`,
                    at
                );
            }
            return;
        }
        for (const f of sub.fields ?? []) checkQueryField(ctx, child, f, at);
    }
}

function checkScript(ctx: Context, file: string): void {
    checkTokens(ctx, ctx.open(file));
}

// ---------------------------------------------------------------------------------------------------------
// Data

type JsonRecord = Record<string, unknown>;

function checkRecords(ctx: Context, object: string, records: JsonRecord[]): void {
    if (!ctx.object(object, 0)) return;
    const aliases = DATASET_ALIASES[object] ?? [];
    const seen = new Set<string>();
    for (const record of records) {
        for (const [field, value] of Object.entries(record)) {
            if (field === 'attributes' || aliases.includes(field)) continue;
            if (!seen.has(field)) {
                seen.add(field);
                ctx.field(object, field, `"${field}"`);
            }
            if (typeof value === 'string' && !value.startsWith('@')) {
                ctx.picklistValue(object, field, value, `"${field}": ${JSON.stringify(value)}`);
            }
        }
    }
}

function readRecords(ctx: Context, file: string): JsonRecord[] | null {
    const text = ctx.open(file);
    try {
        const data = JSON.parse(text) as unknown;
        const records = Array.isArray(data) ? data : (data as { records?: unknown }).records;
        if (Array.isArray(records)) return records as JsonRecord[];
    } catch (error) {
        ctx.report(
            path.basename(file),
            `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
            0
        );
        return null;
    }
    ctx.report(path.basename(file), 'expected a JSON array of records or { "records": [...] }', 0);
    return null;
}

function checkDatasetFile(ctx: Context, file: string): void {
    const object = path.basename(file, '.json');
    const records = readRecords(ctx, file);
    if (records) checkRecords(ctx, object, records);
}

function checkDataPlan(ctx: Context, planFile: string): void {
    const plan = JSON.parse(ctx.open(planFile)) as Array<{ sobject: string; files: string[] }>;
    for (const step of plan) {
        ctx.open(planFile);
        if (!ctx.object(step.sobject, `"${step.sobject}"`)) continue;
        for (const name of step.files) {
            const file = path.join(path.dirname(planFile), name);
            if (!fs.existsSync(file)) {
                ctx.report(name, `data plan file ${name} does not exist`, `"${name}"`);
                continue;
            }
            const records = readRecords(ctx, file);
            if (records) checkRecords(ctx, step.sobject, records);
        }
    }
}
