// Reads the schema force-app defines (objects, fields, picklist values, relationships) plus the standard
// allow-list, and answers "does Object.Field exist?" and "is this a value of that picklist?".

import fs from 'node:fs';
import path from 'node:path';
import {
    CUSTOM_METADATA_FIELDS,
    CUSTOM_OBJECT_FIELDS,
    OTHER_STANDARD_OBJECTS,
    STANDARD_FIELDS,
    STANDARD_PICKLISTS,
    SYSTEM_FIELDS
} from './standard';

export interface FieldInfo {
    type: string;
    /** Picklist values, or null when the field is not a picklist or its values are not checked. */
    values: string[] | null;
    /** Lookup / master-detail target object. */
    referenceTo: string | null;
    relationshipName: string | null;
    required: boolean;
    custom: boolean;
}

export interface ObjectInfo {
    name: string;
    custom: boolean;
    fields: Map<string, FieldInfo>;
}

/** Objects whose custom fields live in `objects/Activity/fields` and apply to both Task and Event. */
const ACTIVITY_OBJECTS = ['Task', 'Event'];

export function xmlText(xml: string, tag: string): string | null {
    const m = new RegExp(`<${tag}\\s*>([\\s\\S]*?)</${tag}>`).exec(xml);
    return m ? decodeXml(m[1]!.trim()) : null;
}

export function xmlAll(xml: string, tag: string): string[] {
    return [...xml.matchAll(new RegExp(`<${tag}\\s*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) =>
        decodeXml(m[1]!.trim())
    );
}

export function decodeXml(s: string): string {
    return s
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&');
}

export class Schema {
    readonly objects = new Map<string, ObjectInfo>();
    /** Every custom field API name on any object: code that names a field without its object is checked against this. */
    readonly anyCustomField = new Set<string>();
    /** Every custom relationship name with its `__r` suffix (lookups and master-detail). */
    readonly anyRelationship = new Set<string>();
    /** `<Object>.<ChildRelationship>` → child object, for SOQL subqueries. */
    readonly childRelationships = new Map<string, string>();
    readonly components = new Set<string>();
    readonly tabs = new Set<string>();
    readonly flexiPages = new Set<string>();
    readonly classes = new Set<string>();
    readonly customPermissions = new Set<string>();
    readonly applications = new Set<string>();
    readonly flows = new Set<string>();

    hasObject(name: string): boolean {
        return this.objects.has(name) || OTHER_STANDARD_OBJECTS.includes(name);
    }

    field(object: string, field: string): FieldInfo | undefined {
        return this.objects.get(object)?.fields.get(field);
    }

    /** Field or relationship (`Account__r`, `Owner`) of the object. */
    hasFieldOrRelationship(object: string, name: string): boolean {
        const info = this.objects.get(object);
        if (!info) return false;
        return info.fields.has(name) || this.relationshipTarget(object, name) !== null;
    }

    /**
     * The object a child-to-parent relationship name (`Account__r`, `Account`, `Owner`) points to. A custom
     * lookup `X__c` is traversed as `X__r`; its metadata `relationshipName` is the parent-to-child name (used
     * only in subqueries, see childRelationships). SOQL and SOSL Reference, "Understanding Relationship Names,
     * Custom Objects, and Custom Fields".
     */
    relationshipTarget(object: string, name: string): string | null {
        const info = this.objects.get(object);
        if (!info) return null;
        for (const [api, f] of info.fields) {
            if (!f.referenceTo) continue;
            if (
                f.custom
                    ? api === name.replace(/__r$/, '__c') && name.endsWith('__r')
                    : f.relationshipName === name
            )
                return f.referenceTo;
            if (api === `${name}Id`) return f.referenceTo;
        }
        return null;
    }
}

function fieldInfo(xml: string): FieldInfo {
    const type = xmlText(xml, 'type') ?? 'Unknown';
    const valueSet = xmlText(xml, 'valueSetDefinition');
    return {
        type,
        values:
            type === 'Picklist' || type === 'MultiselectPicklist' ? xmlAll(valueSet ?? '', 'fullName') : null,
        referenceTo: xmlText(xml, 'referenceTo'),
        relationshipName: xmlText(xml, 'relationshipName'),
        required: xmlText(xml, 'required') === 'true' || type === 'MasterDetail',
        custom: true
    };
}

const standardField = (values: string[] | null = null, referenceTo: string | null = null): FieldInfo => ({
    type: values ? 'Picklist' : 'Standard',
    values,
    referenceTo,
    relationshipName: null,
    required: false,
    custom: false
});

const STANDARD_REFERENCES: Record<string, string> = {
    AccountId: 'Account',
    ContactId: 'Contact',
    OwnerId: 'User',
    ManagerId: 'User',
    ParentId: 'Account',
    CreatedById: 'User',
    LastModifiedById: 'User'
};

function listDir(dir: string): string[] {
    return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

export function loadSchema(forceAppDefault: string): Schema {
    const schema = new Schema();
    const ensure = (name: string, custom: boolean): ObjectInfo => {
        let info = schema.objects.get(name);
        if (!info) {
            info = { name, custom, fields: new Map() };
            schema.objects.set(name, info);
            const base = name.endsWith('__mdt')
                ? CUSTOM_METADATA_FIELDS
                : [...SYSTEM_FIELDS, ...(custom ? CUSTOM_OBJECT_FIELDS : (STANDARD_FIELDS[name] ?? []))];
            for (const f of base) {
                const picklist = STANDARD_PICKLISTS[`${name}.${f}`];
                const values = picklist && !picklist.open ? picklist.values : null;
                info.fields.set(f, standardField(values, STANDARD_REFERENCES[f] ?? null));
            }
        }
        return info;
    };
    for (const name of Object.keys(STANDARD_FIELDS)) ensure(name, false);

    const objectsDir = path.join(forceAppDefault, 'objects');
    for (const object of listDir(objectsDir)) {
        const custom = /__(c|mdt)$/.test(object);
        const targets = object === 'Activity' ? ACTIVITY_OBJECTS : [object];
        if (custom && !fs.existsSync(path.join(objectsDir, object, `${object}.object-meta.xml`))) continue;
        for (const target of targets) {
            const info = ensure(target, custom);
            for (const file of listDir(path.join(objectsDir, object, 'fields'))) {
                if (!file.endsWith('.field-meta.xml')) continue;
                const api = file.replace('.field-meta.xml', '');
                const f = fieldInfo(fs.readFileSync(path.join(objectsDir, object, 'fields', file), 'utf8'));
                info.fields.set(api, f);
                schema.anyCustomField.add(api);
                if (f.referenceTo && f.relationshipName) {
                    schema.childRelationships.set(`${f.referenceTo}.${f.relationshipName}__r`, target);
                    schema.anyRelationship.add(`${f.relationshipName}__r`);
                    schema.anyRelationship.add(api.replace(/__c$/, '__r'));
                }
            }
        }
    }
    // Standard child relationships used by SOQL subqueries.
    for (const [parent, rel, child] of [
        ['Account', 'Contacts', 'Contact'],
        ['Account', 'Opportunities', 'Opportunity'],
        ['Account', 'Cases', 'Case'],
        ['Account', 'Tasks', 'Task'],
        ['Account', 'Events', 'Event'],
        ['Contact', 'Tasks', 'Task'],
        ['Contact', 'Events', 'Event']
    ] as const) {
        schema.childRelationships.set(`${parent}.${rel}`, child);
    }

    const names = (dir: string, suffix: string): string[] =>
        listDir(path.join(forceAppDefault, dir))
            .filter((f) => f.endsWith(suffix))
            .map((f) => f.slice(0, -suffix.length));
    for (const c of listDir(path.join(forceAppDefault, 'lwc'))) {
        if (fs.statSync(path.join(forceAppDefault, 'lwc', c)).isDirectory()) schema.components.add(c);
    }
    for (const t of names('tabs', '.tab-meta.xml')) schema.tabs.add(t);
    for (const f of names('flexipages', '.flexipage-meta.xml')) schema.flexiPages.add(f);
    for (const c of names('classes', '.cls')) schema.classes.add(c);
    for (const p of names('customPermissions', '.customPermission-meta.xml')) schema.customPermissions.add(p);
    for (const a of names('applications', '.app-meta.xml')) schema.applications.add(a);
    for (const f of names('flows', '.flow-meta.xml')) schema.flows.add(f);
    return schema;
}
