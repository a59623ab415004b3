// The consistency check for reports, custom report types and dashboards (called from check.ts).
//
// A custom report type names a base object, a chain of child relationships (`<join>`) and, per table, the
// columns users may pick; a report names its report type and refers to columns as `<table>$<field>`
// (`Account$ARR__c`, `Account.Health_Snapshots__r$Band__c`); a dashboard names `<folder>/<report>`. Each of
// those must resolve, and a picklist filter value must be a value of its field, so that renaming a field fails
// here, naming the report, instead of at deploy time in an org.
// Sources: Metadata API Developer Guide, ReportType ("sections ... columns: field, table"), Report (columns,
// filter criteriaItems, groupingsDown/Across, buckets, crossFilters, timeFrameFilter) and Dashboard
// (dashboardComponent report: "the report name, including the folder"); docs/reports.md.

import fs from 'node:fs';
import path from 'node:path';
import type { Context } from './check';
import { xmlAll, xmlText } from './schema';

export interface ReportTypeInfo {
    name: string;
    baseObject: string;
    /** Table (`Account`, `Account.Contacts`) → object. */
    tables: Map<string, string>;
    /** Table → the fields the report type offers on it. */
    columns: Map<string, Set<string>>;
}

/**
 * Child relationships a custom report type may join that SOQL does not name the same way: `Activities` (Tasks
 * and Events of an account) is checked against Task, whose fields the project's Activity fields extend.
 */
const REPORT_RELATIONSHIPS: Record<string, string> = { 'Account.Activities': 'Task' };

/** Cross-filter related tables by their report name. */
const CROSS_FILTER_TABLES: Record<string, string> = { Activity: 'Task' };

/** A filter value may list several values, comma separated. */
const picklistValues = (value: string): string[] =>
    value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');

function blocks(xml: string, tag: string): Array<{ body: string; index: number }> {
    return [...xml.matchAll(new RegExp(`<${tag}\\s*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => ({
        body: m[1]!,
        index: m.index!
    }));
}

function childObject(ctx: Context, parent: string, relationship: string): string | null {
    return (
        REPORT_RELATIONSHIPS[`${parent}.${relationship}`] ??
        ctx.schema.childRelationships.get(`${parent}.${relationship}`) ??
        null
    );
}

/** Every report type in force-app, read once (a report is checked against its report type's tables and columns). */
export function loadReportTypes(ctx: Context, forceApp: string): Map<string, ReportTypeInfo> {
    const types = new Map<string, ReportTypeInfo>();
    const dir = path.join(forceApp, 'reportTypes');
    if (!fs.existsSync(dir)) return types;
    for (const file of fs.readdirSync(dir).sort()) {
        if (!file.endsWith('.reportType-meta.xml')) continue;
        const xml = fs.readFileSync(path.join(dir, file), 'utf8');
        const name = file.replace('.reportType-meta.xml', '');
        const baseObject = xmlText(xml, 'baseObject') ?? '';
        const tables = new Map<string, string>([[baseObject, baseObject]]);
        // <join><relationship>A</relationship><join><relationship>B</relationship>... nests one level per join.
        let table = baseObject;
        let object: string | null = baseObject;
        for (const relationship of joinChain(xml)) {
            table = `${table}.${relationship}`;
            object = object ? childObject(ctx, object, relationship) : null;
            if (object) tables.set(table, object);
        }
        const columns = new Map<string, Set<string>>();
        for (const { body } of blocks(xml, 'columns')) {
            const t = xmlText(body, 'table') ?? '';
            const f = xmlText(body, 'field') ?? '';
            if (!columns.has(t)) columns.set(t, new Set());
            columns.get(t)!.add(f);
        }
        types.set(name, { name, baseObject, tables, columns });
    }
    return types;
}

/** The relationship names of the nested `<join>` elements, outermost first. */
function joinChain(xml: string): string[] {
    const chain: string[] = [];
    let rest = xml;
    for (;;) {
        const open = rest.indexOf('<join>');
        if (open < 0) break;
        rest = rest.slice(open + '<join>'.length);
        // The relationship of this join is the first <relationship> not inside a deeper <join>.
        const inner = rest.indexOf('<join>');
        const own = inner < 0 ? rest : rest.slice(0, inner) + rest.slice(rest.lastIndexOf('</join>'));
        const rel = /<relationship>([^<]+)<\/relationship>/.exec(own);
        if (rel) chain.push(rel[1]!.trim());
        if (inner < 0) break;
    }
    return chain;
}

export function checkReportType(ctx: Context, types: Map<string, ReportTypeInfo>, file: string): void {
    const xml = ctx.open(file);
    const name = path.basename(file).replace('.reportType-meta.xml', '');
    const info = types.get(name)!;
    if (!ctx.object(info.baseObject, xml.indexOf('<baseObject'))) return;
    let object: string | null = info.baseObject;
    for (const relationship of joinChain(xml)) {
        const child: string | null = object ? childObject(ctx, object, relationship) : null;
        if (object && !child) {
            ctx.report(
                `${object}.${relationship}`,
                `report type ${name}: ${relationship} is not a child relationship of ${object}`,
                xml.indexOf(`<relationship>${relationship}<`)
            );
        }
        object = child;
    }
    for (const { body, index } of blocks(xml, 'columns')) {
        const table = xmlText(body, 'table') ?? '';
        const field = xmlText(body, 'field') ?? '';
        const target = info.tables.get(table);
        if (!target) {
            ctx.report(
                `table ${table}`,
                `report type ${name}: table ${table} is not its base object or a joined relationship`,
                index
            );
            continue;
        }
        if (!ctx.schema.hasFieldOrRelationship(target, field)) {
            ctx.report(
                `${target}.${field}`,
                `report type ${name}: column ${field} of ${table}: field ${target}.${field} does not exist (renamed or deleted?)`,
                index + body.indexOf(field)
            );
        }
    }
}

interface ReportContext {
    ctx: Context;
    report: string;
    type: ReportTypeInfo | null;
    buckets: Set<string>;
}

/** `Table$Field` (or a bucket field of the report): table in the report type, field offered and existing. */
function checkColumn(
    rc: ReportContext,
    column: string,
    at: number
): { object: string; field: string } | null {
    const { ctx, type } = rc;
    if (rc.buckets.has(column) || column === 'RowCount') return null;
    if (!type) return null;
    const dollar = column.indexOf('$');
    if (dollar < 0) {
        ctx.report(
            column,
            `report ${rc.report}: column ${column} is not Table$Field of report type ${type.name}`,
            at
        );
        return null;
    }
    const table = column.slice(0, dollar);
    const field = column.slice(dollar + 1);
    const object = type.tables.get(table);
    if (!object) {
        ctx.report(column, `report ${rc.report}: table ${table} is not in report type ${type.name}`, at);
        return null;
    }
    if (!ctx.schema.hasFieldOrRelationship(object, field)) {
        ctx.report(
            `${object}.${field}`,
            `report ${rc.report}: column ${column}: field ${object}.${field} does not exist (renamed or deleted?)`,
            at
        );
        return null;
    }
    if (field !== 'Id' && !type.columns.get(table)?.has(field)) {
        ctx.report(
            column,
            `report ${rc.report}: ${field} is not a column of report type ${type.name} (table ${table}); custom report types offer only the columns they list`,
            at
        );
    }
    return { object, field };
}

export function checkReport(ctx: Context, types: Map<string, ReportTypeInfo>, file: string): void {
    const xml = ctx.open(file);
    const report = `${path.basename(path.dirname(file))}/${path.basename(file).replace('.report-meta.xml', '')}`;
    const reportType = xmlText(xml, 'reportType') ?? '';
    const typeName = reportType.replace(/__c$/, '');
    const type = reportType.endsWith('__c') ? (types.get(typeName) ?? null) : null;
    if (reportType.endsWith('__c') && !type) {
        ctx.report(
            reportType,
            `report ${report}: report type ${typeName} is not in reportTypes/`,
            xml.indexOf('<reportType>')
        );
    }
    const folder = path.join(
        path.dirname(path.dirname(file)),
        `${path.basename(path.dirname(file))}.reportFolder-meta.xml`
    );
    if (!fs.existsSync(folder))
        ctx.report(
            `folder ${path.basename(path.dirname(file))}`,
            `report ${report}: its folder has no .reportFolder-meta.xml`,
            0
        );
    const buckets = new Set(blocks(xml, 'buckets').map((b) => xmlText(b.body, 'developerName') ?? ''));
    const rc: ReportContext = { ctx, report, type, buckets };
    const at = (index: number, body: string, text: string): number => index + body.indexOf(text);

    for (const { body, index } of blocks(xml, 'buckets')) {
        const source = xmlText(body, 'sourceColumnName') ?? '';
        checkColumn(rc, source, at(index, body, source));
    }
    for (const tag of ['columns', 'groupingsDown', 'groupingsAcross']) {
        for (const { body, index } of blocks(xml, tag)) {
            const field = xmlText(body, 'field') ?? '';
            checkColumn(rc, field, at(index, body, field));
        }
    }
    for (const tag of [
        'groupingColumn',
        'secondaryGroupingColumn',
        'sortColumn',
        'dateColumn',
        'primaryTableColumn'
    ]) {
        for (const { body, index } of blocks(xml, tag)) checkColumn(rc, body.trim(), index);
    }
    for (const { body, index } of blocks(xml, 'chartSummaries')) {
        const column = xmlText(body, 'column') ?? '';
        checkColumn(rc, column, at(index, body, column));
    }
    const filter = blocks(xml, 'filter')[0];
    for (const { body, index } of filter ? blocks(filter.body, 'criteriaItems') : []) {
        const column = xmlText(body, 'column') ?? '';
        const where = filter!.index + index;
        const resolved = checkColumn(rc, column, where + body.indexOf(column));
        const value = xmlText(body, 'value');
        if (resolved && value) {
            for (const v of picklistValues(value))
                ctx.picklistValue(resolved.object, resolved.field, v, where);
        }
    }
    for (const { body, index } of blocks(xml, 'crossFilters')) {
        const related = xmlText(body, 'relatedTable') ?? '';
        const object = CROSS_FILTER_TABLES[related] ?? related;
        if (!ctx.object(object, index)) continue;
        const join = xmlText(body, 'relatedTableJoinColumn') ?? '';
        ctx.field(object, join, at(index, body, join), true);
        for (const item of blocks(body, 'criteriaItems')) {
            const column = xmlText(item.body, 'column') ?? '';
            if (!ctx.field(object, column, index + item.index, true)) continue;
            const value = xmlText(item.body, 'value');
            if (value)
                for (const v of picklistValues(value))
                    ctx.picklistValue(object, column, v, index + item.index);
        }
    }
}

export function checkDashboard(ctx: Context, forceApp: string, file: string): void {
    const xml = ctx.open(file);
    const folder = path.basename(path.dirname(file));
    if (!fs.existsSync(path.join(path.dirname(path.dirname(file)), `${folder}.dashboardFolder-meta.xml`)))
        ctx.report(`folder ${folder}`, `dashboard folder ${folder} has no .dashboardFolder-meta.xml`, 0);
    for (const report of xmlAll(xml, 'report')) {
        const target = path.join(forceApp, 'reports', `${report}.report-meta.xml`);
        if (!fs.existsSync(target))
            ctx.report(
                `report ${report}`,
                `dashboard ${folder}/${path.basename(file).replace('.dashboard-meta.xml', '')}: report ${report} is not in reports/`,
                `<report>${report}<`
            );
    }
}
