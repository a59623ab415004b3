/**
 * Read-only views of the package's flow and custom metadata files for tests: what a flow's start,
 * decisions, assignments, queries and connectors say, and which Health_Playbook__mdt records exist.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { all, first, parseXml, textOf, type XmlElement } from './xml';

export const FORCE_APP = join(__dirname, '..', '..', 'force-app', 'main', 'default');
export const FLOWS_DIR = join(FORCE_APP, 'flows');
export const CUSTOM_METADATA_DIR = join(FORCE_APP, 'customMetadata');
export const OBJECTS_DIR = join(FORCE_APP, 'objects');

/** Flow element kinds (the XML tag) that are nodes on the canvas and can be connected. */
const NODE_KINDS = [
    'actionCalls',
    'assignments',
    'collectionProcessors',
    'customErrors',
    'decisions',
    'loops',
    'recordCreates',
    'recordDeletes',
    'recordLookups',
    'recordUpdates',
    'subflows'
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** A literal or a reference, as Flow stores it in `<value>` / `<rightValue>`. */
export type FlowValue =
    { ref: string } | { string: string } | { number: number } | { boolean: boolean } | { empty: true };

export interface Condition {
    left: string;
    operator: string;
    right: FlowValue;
}

export interface FlowNode {
    kind: NodeKind;
    name: string;
    xml: XmlElement;
}

export interface Flow {
    file: string;
    name: string;
    root: XmlElement;
    start: XmlElement;
    nodes: Map<string, FlowNode>;
}

export function readValue(holder: XmlElement | undefined): FlowValue {
    const literal = holder?.children[0];
    if (!literal) return { empty: true };
    const text = literal.text.trim();
    switch (literal.name) {
        case 'elementReference':
            return { ref: text };
        case 'stringValue':
            return { string: literal.text };
        case 'numberValue':
            return { number: Number(text) };
        case 'booleanValue':
            return { boolean: text === 'true' };
        default:
            throw new Error(`unexpected value element <${literal.name}>`);
    }
}

export function loadFlow(file: string): Flow {
    const root = parseXml(readFileSync(file, 'utf8'), file);
    const start = first(root, 'start');
    if (!start) throw new Error(`${file}: no <start> element`);
    const nodes = new Map<string, FlowNode>();
    for (const kind of NODE_KINDS)
        for (const xml of all(root, kind)) {
            const name = textOf(xml, 'name')!;
            nodes.set(name, { kind, name, xml });
        }
    return { file, name: basename(file).replace('.flow-meta.xml', ''), root, start, nodes };
}

export function flowFiles(): string[] {
    return readdirSync(FLOWS_DIR)
        .filter((name) => name.endsWith('.flow-meta.xml'))
        .map((name) => join(FLOWS_DIR, name));
}

export function node(flow: Flow, name: string, kind?: NodeKind): FlowNode {
    const found = flow.nodes.get(name);
    if (!found) throw new Error(`${flow.name}: no element ${name}`);
    if (kind && found.kind !== kind) throw new Error(`${flow.name}: ${name} is a ${found.kind}, not ${kind}`);
    return found;
}

export function nodesOfKind(flow: Flow, kind: NodeKind): FlowNode[] {
    return [...flow.nodes.values()].filter((candidate) => candidate.kind === kind);
}

const target = (connector: XmlElement | undefined): string | undefined =>
    textOf(connector, 'targetReference');

/** Where an element goes next, fault paths included. */
export function successors(flowNode: FlowNode): { to: string; via: string }[] {
    const out: { to: string; via: string }[] = [];
    const add = (via: string, connector: XmlElement | undefined): void => {
        const to = target(connector);
        if (to) out.push({ to, via });
    };
    const xml = flowNode.xml;
    for (const via of [
        'connector',
        'defaultConnector',
        'faultConnector',
        'nextValueConnector',
        'noMoreValuesConnector'
    ])
        add(via, first(xml, via));
    for (const rule of all(xml, 'rules')) add(`rule ${textOf(rule, 'name')}`, first(rule, 'connector'));
    return out;
}

/** Element names the start element leads to: the immediate path and each scheduled path. */
export function startTargets(flow: Flow): { path: string; to: string }[] {
    const out: { path: string; to: string }[] = [];
    const immediate = target(first(flow.start, 'connector'));
    if (immediate) out.push({ path: 'immediate', to: immediate });
    for (const scheduled of all(flow.start, 'scheduledPaths')) {
        const to = target(first(scheduled, 'connector'));
        if (to) out.push({ path: textOf(scheduled, 'name')!, to });
    }
    return out;
}

/** Every element reachable from `from` (inclusive), not walking past the names in `stopAt`. */
export function reachable(flow: Flow, from: string, stopAt: string[] = []): Set<string> {
    const seen = new Set<string>();
    const queue = [from];
    while (queue.length) {
        const name = queue.shift()!;
        if (seen.has(name) || stopAt.includes(name)) continue;
        seen.add(name);
        queue.push(...successors(node(flow, name)).map((edge) => edge.to));
    }
    return seen;
}

/** The elements run for each item of a loop: reachable from its next-value connector until the loop again. */
export function loopBody(flow: Flow, loopName: string): Set<string> {
    const next = target(first(node(flow, loopName, 'loops').xml, 'nextValueConnector'));
    return next ? reachable(flow, next, [loopName]) : new Set();
}

export function conditions(holder: XmlElement): Condition[] {
    return all(holder, 'conditions').map((condition) => ({
        left: textOf(condition, 'leftValueReference')!,
        operator: textOf(condition, 'operator')!,
        right: readValue(first(condition, 'rightValue'))
    }));
}

export interface Rule {
    name: string;
    logic: string;
    conditions: Condition[];
    to: string | undefined;
}

export function decisionRules(flow: Flow, decisionName: string): Rule[] {
    return all(node(flow, decisionName, 'decisions').xml, 'rules').map((rule) => ({
        name: textOf(rule, 'name')!,
        logic: textOf(rule, 'conditionLogic')!,
        conditions: conditions(rule),
        to: target(first(rule, 'connector'))
    }));
}

export function defaultTarget(flow: Flow, decisionName: string): string | undefined {
    return target(first(node(flow, decisionName, 'decisions').xml, 'defaultConnector'));
}

/** Assignment items in order: `{ to, operator, value }`. */
export function assignmentItems(
    flow: Flow,
    assignmentName: string
): { to: string; operator: string; value: FlowValue }[] {
    return all(node(flow, assignmentName, 'assignments').xml, 'assignmentItems').map((item) => ({
        to: textOf(item, 'assignToReference')!,
        operator: textOf(item, 'operator')!,
        value: readValue(first(item, 'value'))
    }));
}

export interface RecordFilter {
    field: string;
    operator: string;
    value: FlowValue;
}

export function recordFilters(holder: XmlElement): RecordFilter[] {
    return all(holder, 'filters').map((filter) => ({
        field: textOf(filter, 'field')!,
        operator: textOf(filter, 'operator')!,
        value: readValue(first(filter, 'value'))
    }));
}

/** A formula resource's expression and type, or a text template's text (type `Text`). */
export function resource(flow: Flow, name: string): { dataType: string; text: string } {
    const formula = all(flow.root, 'formulas').find((candidate) => textOf(candidate, 'name') === name);
    if (formula) return { dataType: textOf(formula, 'dataType')!, text: textOf(formula, 'expression')! };
    const template = all(flow.root, 'textTemplates').find((candidate) => textOf(candidate, 'name') === name);
    if (template) return { dataType: 'Text', text: first(template, 'text')!.text };
    throw new Error(`${flow.name}: no formula or text template ${name}`);
}

export function resourceNames(flow: Flow): string[] {
    return ['formulas', 'textTemplates', 'variables'].flatMap((kind) =>
        all(flow.root, kind).map((resourceXml) => textOf(resourceXml, 'name')!)
    );
}

/** `{!...}` merge fields and bare references used anywhere in the flow's text, e.g. `$Record.Owner.ManagerId`. */
export function mergeFieldReferences(flow: Flow): Set<string> {
    const found = new Set<string>();
    const walk = (element: XmlElement): void => {
        for (const match of element.text.matchAll(/\{!([^}]+)\}/g)) found.add(match[1]!.trim());
        if (['elementReference', 'leftValueReference', 'assignToReference'].includes(element.name))
            found.add(element.text.trim());
        element.children.forEach(walk);
    };
    walk(flow.root);
    return found;
}

export interface PlaybookRecord {
    /** The record's DeveloperName: the play key written to Task.Health_Play_Key__c. */
    key: string;
    label: string;
    /** Field API name to value; null for xsi:nil (blank). */
    values: Record<string, string | null>;
}

/** Records of a custom metadata type (`<Type>.<DeveloperName>.md-meta.xml`), e.g. `Health_Playbook`. */
export function loadCustomMetadata(typeName: string): PlaybookRecord[] {
    return readdirSync(CUSTOM_METADATA_DIR)
        .filter((name) => name.startsWith(`${typeName}.`) && name.endsWith('.md-meta.xml'))
        .map((name) => {
            const file = join(CUSTOM_METADATA_DIR, name);
            const root = parseXml(readFileSync(file, 'utf8'), file);
            const values: Record<string, string | null> = {};
            for (const entry of all(root, 'values')) {
                const value = first(entry, 'value');
                values[textOf(entry, 'field')!] =
                    !value || value.attributes['xsi:nil'] === 'true' ? null : value.text.trim();
            }
            return {
                key: name.slice(typeName.length + 1, -'.md-meta.xml'.length),
                label: textOf(root, 'label')!,
                values
            };
        });
}

export function loadPlaybooks(): PlaybookRecord[] {
    return loadCustomMetadata('Health_Playbook');
}

/** Field definition of `object.field` from force-app, or undefined when the package does not define it. */
export function fieldDefinition(objectName: string, fieldName: string): XmlElement | undefined {
    try {
        const file = join(OBJECTS_DIR, objectName, 'fields', `${fieldName}.field-meta.xml`);
        return parseXml(readFileSync(file, 'utf8'), file);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
    }
}

/** The API values of a picklist field defined in force-app. */
export function picklistValues(objectName: string, fieldName: string): string[] {
    const definition = fieldDefinition(objectName, fieldName);
    const valueSet = first(first(definition, 'valueSet'), 'valueSetDefinition');
    return all(valueSet!, 'value').map((value) => textOf(value, 'fullName')!);
}
