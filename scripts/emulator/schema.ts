/**
 * The emulator's schema: the standard fields the sync and the demo use, plus every custom field, object and
 * custom metadata record read from force-app's source-format metadata. A query or write naming anything else
 * fails with INVALID_FIELD / INVALID_TYPE, as a real org answers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type FieldType =
    | 'id'
    | 'string'
    | 'textarea'
    | 'picklist'
    | 'reference'
    | 'date'
    | 'datetime'
    | 'double'
    | 'int'
    | 'currency'
    | 'percent'
    | 'boolean'
    | 'email'
    | 'phone'
    | 'url';

export interface FieldDef {
    name: string;
    type: FieldType;
    /** Writable through the API (false for system, formula, auto-number and derived fields). */
    writable: boolean;
    required: boolean;
    externalId: boolean;
    unique: boolean;
    length?: number;
    referenceTo?: string[];
    relationshipName?: string;
    picklistValues?: string[];
    restricted?: boolean;
    defaultValue?: unknown;
    /** Settable on insert only (a master-detail that is not reparentable): describe `updateable: false`. */
    createOnly?: boolean;
    /** Number fields: total digits and digits after the decimal point (metadata `precision` / `scale`). */
    precision?: number;
    scale?: number;
    /** Long Text Area / Rich Text: not filterable, not sortable in SOQL. */
    longText?: boolean;
}

export interface ObjectDef {
    name: string;
    keyPrefix: string;
    custom: boolean;
    customMetadata: boolean;
    /** Name field is an auto number (custom objects): the emulator fills it on insert. */
    autoNumberFormat?: string;
    fields: Map<string, FieldDef>;
}

export interface MetadataRecord {
    type: string;
    developerName: string;
    label: string;
    values: Record<string, unknown>;
}

export interface Schema {
    objects: Map<string, ObjectDef>;
    customMetadataRecords: MetadataRecord[];
}

type FieldSpec = [name: string, type: FieldType, options?: Partial<FieldDef>];

const RO = { writable: false };
const REQ = { required: true };

const SYSTEM_FIELDS: FieldSpec[] = [
    ['Id', 'id', RO],
    ['IsDeleted', 'boolean', RO],
    ['CreatedDate', 'datetime', RO],
    ['CreatedById', 'reference', { ...RO, referenceTo: ['User'], relationshipName: 'CreatedBy' }],
    ['LastModifiedDate', 'datetime', RO],
    ['LastModifiedById', 'reference', { ...RO, referenceTo: ['User'], relationshipName: 'LastModifiedBy' }],
    ['SystemModstamp', 'datetime', RO]
];
const OWNER: FieldSpec = ['OwnerId', 'reference', { referenceTo: ['User'], relationshipName: 'Owner' }];
const ACCOUNT_REF: FieldSpec = [
    'AccountId',
    'reference',
    { referenceTo: ['Account'], relationshipName: 'Account' }
];

/** Standard objects and the standard fields the package reads or writes (extend here when the sync needs more). */
const STANDARD_OBJECTS: Record<string, { keyPrefix: string; fields: FieldSpec[] }> = {
    Organization: {
        keyPrefix: '00D',
        fields: [
            ['Name', 'string'],
            ['IsSandbox', 'boolean', RO],
            ['OrganizationType', 'string', RO],
            ['InstanceName', 'string', RO],
            ['NamespacePrefix', 'string', RO],
            ['TrialExpirationDate', 'datetime', RO],
            ['DefaultAccountAccess', 'picklist', RO],
            ['DefaultContactAccess', 'picklist', RO]
        ]
    },
    /** A read-only view: the running user's access to the records named in `WHERE RecordId IN (...)`. */
    UserRecordAccess: {
        keyPrefix: '000',
        fields: [
            ['RecordId', 'string', RO],
            ['UserId', 'reference', { ...RO, referenceTo: ['User'] }],
            ['HasReadAccess', 'boolean', RO],
            ['HasEditAccess', 'boolean', RO],
            ['HasDeleteAccess', 'boolean', RO],
            ['MaxAccessLevel', 'picklist', RO]
        ]
    },
    User: {
        keyPrefix: '005',
        fields: [
            ['Name', 'string', RO],
            ['FirstName', 'string'],
            ['LastName', 'string', REQ],
            ['Username', 'string'],
            ['Email', 'email'],
            ['IsActive', 'boolean'],
            ['ManagerId', 'reference', { referenceTo: ['User'], relationshipName: 'Manager' }]
        ]
    },
    Account: {
        keyPrefix: '001',
        fields: [
            ['Name', 'string', REQ],
            OWNER,
            ['Industry', 'picklist'],
            ['Type', 'picklist'],
            ['BillingCountry', 'string'],
            ['ParentId', 'reference', { referenceTo: ['Account'], relationshipName: 'Parent' }]
        ]
    },
    Contact: {
        keyPrefix: '003',
        fields: [
            ACCOUNT_REF,
            OWNER,
            ['FirstName', 'string'],
            ['LastName', 'string', REQ],
            ['Name', 'string', RO],
            ['Title', 'string'],
            ['Email', 'email']
        ]
    },
    Task: {
        keyPrefix: '00T',
        fields: [
            OWNER,
            ['WhoId', 'reference', { referenceTo: ['Contact'], relationshipName: 'Who' }],
            [
                'WhatId',
                'reference',
                { referenceTo: ['Account', 'Opportunity', 'Case'], relationshipName: 'What' }
            ],
            ['AccountId', 'reference', { ...RO, referenceTo: ['Account'], relationshipName: 'Account' }],
            ['Subject', 'string'],
            ['Status', 'picklist'],
            ['Priority', 'picklist'],
            ['IsClosed', 'boolean', RO],
            ['IsArchived', 'boolean', RO],
            ['ActivityDate', 'date'],
            ['CompletedDateTime', 'datetime', RO],
            ['TaskSubtype', 'picklist'],
            ['Type', 'picklist'],
            ['Description', 'textarea', { length: 32_000, longText: true }]
        ]
    },
    Event: {
        keyPrefix: '00U',
        fields: [
            OWNER,
            ['WhoId', 'reference', { referenceTo: ['Contact'], relationshipName: 'Who' }],
            [
                'WhatId',
                'reference',
                { referenceTo: ['Account', 'Opportunity', 'Case'], relationshipName: 'What' }
            ],
            ['AccountId', 'reference', { ...RO, referenceTo: ['Account'], relationshipName: 'Account' }],
            ['Subject', 'string'],
            ['IsArchived', 'boolean', RO],
            ['StartDateTime', 'datetime'],
            ['EndDateTime', 'datetime'],
            ['ActivityDate', 'date'],
            ['ActivityDateTime', 'datetime'],
            ['DurationInMinutes', 'int'],
            ['Type', 'picklist'],
            ['Description', 'textarea', { length: 32_000, longText: true }]
        ]
    },
    Opportunity: {
        keyPrefix: '006',
        fields: [
            ACCOUNT_REF,
            OWNER,
            ['Name', 'string', REQ],
            ['StageName', 'picklist', REQ],
            ['CloseDate', 'date', REQ],
            ['IsClosed', 'boolean', RO],
            ['IsWon', 'boolean', RO],
            ['Amount', 'currency'],
            ['Probability', 'percent'],
            ['Type', 'picklist']
        ]
    },
    Case: {
        keyPrefix: '500',
        fields: [
            ACCOUNT_REF,
            OWNER,
            ['ContactId', 'reference', { referenceTo: ['Contact'], relationshipName: 'Contact' }],
            ['CaseNumber', 'string', RO],
            ['Subject', 'string'],
            ['Status', 'picklist'],
            ['IsClosed', 'boolean', RO],
            ['ClosedDate', 'datetime', RO],
            ['Priority', 'picklist'],
            ['Origin', 'picklist'],
            ['IsEscalated', 'boolean']
        ]
    }
};

/** Fields every custom metadata type has. */
const CUSTOM_METADATA_FIELDS: FieldSpec[] = [
    ['Id', 'id', RO],
    ['DeveloperName', 'string', RO],
    ['MasterLabel', 'string', RO],
    ['Label', 'string', RO],
    ['QualifiedApiName', 'string', RO],
    ['NamespacePrefix', 'string', RO],
    ['Language', 'string', RO]
];

function makeField([name, type, options]: FieldSpec): FieldDef {
    return { name, type, writable: true, required: false, externalId: false, unique: false, ...options };
}

function addFields(object: ObjectDef, specs: FieldSpec[]): void {
    for (const spec of specs) object.fields.set(spec[0].toLowerCase(), makeField(spec));
}

function decodeXml(text: string): string {
    return text
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&');
}

/** Inner text of the first `<name>` element (source-format metadata is simple enough for this). */
function tag(xml: string, name: string): string | undefined {
    const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
    return match ? decodeXml((match[1] as string).trim()) : undefined;
}

function fieldTypeFromMetadata(metadataType: string, file: string): FieldType {
    const map: Record<string, FieldType> = {
        Text: 'string',
        TextArea: 'textarea',
        LongTextArea: 'textarea',
        Html: 'textarea',
        Number: 'double',
        Currency: 'currency',
        Percent: 'percent',
        Date: 'date',
        DateTime: 'datetime',
        Checkbox: 'boolean',
        Picklist: 'picklist',
        MultiselectPicklist: 'picklist',
        Lookup: 'reference',
        MasterDetail: 'reference',
        Email: 'email',
        Phone: 'phone',
        Url: 'url',
        AutoNumber: 'string'
    };
    const type = map[metadataType];
    if (!type) throw new Error(`${file}: field type ${metadataType} is not known to the emulator`);
    return type;
}

function parseFieldFile(file: string): FieldDef {
    const xml = fs.readFileSync(file, 'utf8');
    const name = tag(xml, 'fullName') ?? path.basename(file).replace(/\.field-meta\.xml$/, '');
    const metadataType = tag(xml, 'type') ?? 'Text';
    const type = fieldTypeFromMetadata(metadataType, file);
    const field = makeField([name, type]);
    field.externalId = tag(xml, 'externalId') === 'true';
    field.unique = tag(xml, 'unique') === 'true';
    field.required = tag(xml, 'required') === 'true' || metadataType === 'MasterDetail';
    if (tag(xml, 'formula') !== undefined || metadataType === 'AutoNumber') field.writable = false;
    // A master-detail field can be changed after insert only when reparenting is allowed (Metadata API
    // CustomField.reparentableMasterDetail); otherwise describe reports createable but not updateable.
    if (metadataType === 'MasterDetail' && tag(xml, 'reparentableMasterDetail') !== 'true')
        field.createOnly = true;
    const length = tag(xml, 'length');
    if (length) field.length = Number(length);
    if (metadataType === 'LongTextArea' || metadataType === 'Html') field.longText = true;
    const precision = tag(xml, 'precision');
    if (precision && ['double', 'currency', 'percent'].includes(type)) {
        field.precision = Number(precision);
        field.scale = Number(tag(xml, 'scale') ?? '0');
    }
    if (type === 'reference') {
        const referenceTo = tag(xml, 'referenceTo');
        if (referenceTo) field.referenceTo = [referenceTo];
        const relationshipName = tag(xml, 'relationshipName');
        field.relationshipName = name.replace(/__c$/, '__r');
        if (!relationshipName && !referenceTo) throw new Error(`${file}: lookup without referenceTo`);
    }
    if (type === 'picklist') {
        const valueSet = tag(xml, 'valueSet') ?? '';
        field.restricted = tag(valueSet, 'restricted') === 'true';
        field.picklistValues = [...valueSet.matchAll(/<value>\s*<fullName>([\s\S]*?)<\/fullName>/g)].map(
            (m) => decodeXml((m[1] as string).trim())
        );
    }
    if (type === 'boolean') field.defaultValue = tag(xml, 'defaultValue') === 'true';
    return field;
}

let customPrefixCounter = 0;

function customObject(name: string, objectXml: string | undefined): ObjectDef {
    const customMetadata = name.endsWith('__mdt');
    customPrefixCounter += 1;
    const object: ObjectDef = {
        name,
        // Three characters, as every key prefix (m01..m0z, a01..a0z, then m10...): a tenth custom object made a
        // four-character prefix, and Ids (prefix + 12 characters, cut to 15) of its records collided.
        keyPrefix: `${customMetadata ? 'm' : 'a'}${customPrefixCounter.toString(36).padStart(2, '0')}`,
        custom: true,
        customMetadata,
        fields: new Map()
    };
    if (customMetadata) {
        addFields(object, CUSTOM_METADATA_FIELDS);
        return object;
    }
    addFields(object, [...SYSTEM_FIELDS, OWNER]);
    const nameField = objectXml ? (tag(objectXml, 'nameField') ?? '') : '';
    if (tag(nameField, 'type') === 'AutoNumber') {
        object.autoNumberFormat = tag(nameField, 'displayFormat') ?? '{0}';
        addFields(object, [['Name', 'string', RO]]);
    } else addFields(object, [['Name', 'string']]);
    return object;
}

function parseCustomMetadataRecord(file: string): MetadataRecord {
    const xml = fs.readFileSync(file, 'utf8');
    const [type, developerName] = path
        .basename(file)
        .replace(/\.md-meta\.xml$/, '')
        .split('.') as [string, string];
    const values: Record<string, unknown> = {};
    for (const match of xml.matchAll(/<values>([\s\S]*?)<\/values>/g)) {
        const block = match[1] as string;
        const field = tag(block, 'field');
        if (!field) continue;
        const valueMatch = /<value(?:\s([^>]*?))?\s*(?:\/>|>([\s\S]*?)<\/value>)/.exec(block);
        const attributes = valueMatch?.[1] ?? '';
        const raw = valueMatch?.[2];
        if (!valueMatch || /xsi:nil="true"/.test(attributes) || raw === undefined) values[field] = null;
        else if (/xsd:double|xsd:int/.test(attributes)) values[field] = Number(decodeXml(raw));
        else if (/xsd:boolean/.test(attributes)) values[field] = decodeXml(raw) === 'true';
        else values[field] = decodeXml(raw);
    }
    return { type: `${type}__mdt`, developerName, label: tag(xml, 'label') ?? developerName, values };
}

/**
 * Builds the schema from force-app (`<root>/main/default/objects`, `customMetadata`). `orgRoots`: more folders of the
 * same shape with the org's own metadata (objects and custom metadata records a subscriber created, e.g. a survey
 * object and the Health_Signal__mdt record that reads it), as an org holds the package's metadata and its own.
 */
export function loadSchema(forceAppRoot: string, orgRoots: readonly string[] = []): Schema {
    customPrefixCounter = 0;
    const objects = new Map<string, ObjectDef>();
    for (const [name, spec] of Object.entries(STANDARD_OBJECTS)) {
        const object: ObjectDef = {
            name,
            keyPrefix: spec.keyPrefix,
            custom: false,
            customMetadata: false,
            fields: new Map()
        };
        addFields(
            object,
            name === 'Organization' || name === 'UserRecordAccess'
                ? [['Id', 'id', RO], ...spec.fields]
                : [...SYSTEM_FIELDS, ...spec.fields]
        );
        objects.set(name.toLowerCase(), object);
    }
    for (const root of [forceAppRoot, ...orgRoots])
        loadObjects(objects, path.join(root, 'main', 'default', 'objects'));
    const customMetadataRecords = [forceAppRoot, ...orgRoots].flatMap((root) => loadMetadataRecords(root));
    return { objects, customMetadataRecords };
}

function loadObjects(objects: Map<string, ObjectDef>, objectsDir: string): void {
    const folders = fs.existsSync(objectsDir) ? fs.readdirSync(objectsDir).sort() : [];
    for (const folder of folders) {
        const objectXmlFile = path.join(objectsDir, folder, `${folder}.object-meta.xml`);
        const objectXml = fs.existsSync(objectXmlFile) ? fs.readFileSync(objectXmlFile, 'utf8') : undefined;
        // Activity fields are shared by Task and Event.
        const targets = folder === 'Activity' ? ['Task', 'Event'] : [folder];
        for (const target of targets) {
            let object = objects.get(target.toLowerCase());
            if (!object) {
                if (!target.includes('__')) continue; // a standard object the emulator does not model
                object = customObject(target, objectXml);
                objects.set(target.toLowerCase(), object);
            }
            const fieldsDir = path.join(objectsDir, folder, 'fields');
            if (!fs.existsSync(fieldsDir)) continue;
            for (const file of fs.readdirSync(fieldsDir).sort()) {
                if (!file.endsWith('.field-meta.xml')) continue;
                const field = parseFieldFile(path.join(fieldsDir, file));
                object.fields.set(field.name.toLowerCase(), field);
            }
        }
    }
}

function loadMetadataRecords(root: string): MetadataRecord[] {
    const metadataDir = path.join(root, 'main', 'default', 'customMetadata');
    return fs.existsSync(metadataDir)
        ? fs
              .readdirSync(metadataDir)
              .filter((f) => f.endsWith('.md-meta.xml'))
              .sort()
              .map((f) => parseCustomMetadataRecord(path.join(metadataDir, f)))
        : [];
}

export function findObject(schema: Schema, name: string): ObjectDef | undefined {
    return schema.objects.get(name.toLowerCase());
}
