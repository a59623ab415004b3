// THE table of metadata rules a real org enforces and the offline gate checks (`npm test` → gate `rules`).
// One row per rule: its id (printed with every finding), what it applies to, the limit, and the Salesforce
// document it comes from. The checker is scripts/consistency/metadataRules.ts; docs/metadata.md lists the same
// rules for people, plus what only a real org can still reject.
//
// Adding a rule: add a row here (a `length` row needs no code: the checker reads `files` and `element` /
// `fileName`), add the check to metadataRules.ts when it is not a length, and a broken fixture under
// test/fixtures/gates/rules/ that the rule must name (test/gates/gates.test.ts).

export type RuleKind = 'length' | 'permission' | 'custom-metadata' | 'flow' | 'apex-test' | 'packaging';

export interface MetadataRule {
    id: string;
    kind: RuleKind;
    /** What the rule says, in words (printed with the finding). */
    rule: string;
    /** The number the rule enforces (characters, fields, API version), when it has one. */
    limit?: number;
    /** The Salesforce document (title and address) the rule comes from. */
    doc: string;
    /** length rules: which files (path relative to force-app/main/default, `/` separators). */
    files?: RegExp;
    /**
     * length rules: the element path below the root element, `/` separated; `*` matches one element of any
     * name (a flow element: `*` + `/label`). Text of leaf elements only.
     */
    element?: string;
    /** length rules on the API name carried by the file name: the regex's first group is the name. */
    fileName?: RegExp;
}

const MDAPI = 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta';
const HELP = 'https://help.salesforce.com/s/articleView?id=';

const DOC = {
    customField: `Metadata API Developer Guide, CustomField (${MDAPI}/customfield.htm); Salesforce Help, Custom Field Attributes (${HELP}platform.custom_field_attributes.htm&type=5)`,
    names40: `Salesforce Help knowledge article 000381913 "the character limit for creating field names and labels is 40 characters" (${HELP}000381913&type=1)`,
    picklist: `Salesforce Help, Picklist Limitations: each value up to 255 characters (${HELP}platform.picklist_limitations.htm&type=5)`,
    customObject: `Metadata API Developer Guide, CustomObject (${MDAPI}/customobject.htm); Salesforce Help, Custom Object Attributes (${HELP}platform.dev_objectcreate_task_parent.htm&type=5)`,
    validationRule: `Salesforce Help, Validation Rules Fields: Rule Name 40, Description 255, Error Message 255 characters (${HELP}platform.fields_validation_rules_fields.htm&type=5); Metadata API ValidationRule (${MDAPI}/customobject.htm#validationrule)`,
    permissionSet: `Object Reference, PermissionSet: Description "Limit: 255 characters", Label 80, Name 80 (https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-permissionset.html)`,
    permissionDeps: `Salesforce Help, Object Permissions and their dependencies (${HELP}platform.users_profiles_object_perms.htm&type=5); Metadata API PermissionSet objectPermissions (${MDAPI}/meta_permissionset.htm); a deploy reports "Permission Read X depends on permission(s): Read Y"`,
    masterDetail: `Salesforce Help, Considerations for Relationships: the detail record's access is controlled by the master (${HELP}platform.relationships_considerations.htm&type=5); deploy error "Permission Read <child> depends on permission(s): Read <master>" (docs/metadata.md)`,
    fieldPermissions: `Metadata API Developer Guide, PermissionSet fieldPermissions (${MDAPI}/meta_permissionset.htm): required and master-detail fields are always visible and cannot be granted; formula, roll-up summary and auto-number fields are read-only`,
    listView: `Metadata API Developer Guide, ListView: label "Required. The list view name" (${MDAPI}/meta_listview.htm); Object Reference, ListView: Name 40, DeveloperName 80`,
    app: `Metadata API Developer Guide, CustomApplication (${MDAPI}/meta_customapplication.htm): label, the app name (40 characters in Setup, App Manager)`,
    tab: `Metadata API Developer Guide, CustomTab (${MDAPI}/meta_tab.htm): label and description (Setup, Tabs: Tab Label 40, Description 255)`,
    flexiPage: `Metadata API Developer Guide, FlexiPage (${MDAPI}/meta_flexipage.htm): masterLabel and description (Lightning App Builder: Label 80, Description 255)`,
    customPermission: `Metadata API Developer Guide, CustomPermission (${MDAPI}/meta_custompermission.htm): label 80, description 255 (Setup, Custom Permissions)`,
    flow: `Metadata API Developer Guide, Flow (${MDAPI}/meta_visual_workflow.htm): apiVersion "available in API version 50.0 and later"; Flow Builder: Label 255, API Name 80 characters`,
    flowFormulas: `Salesforce Help, Formula operators and functions in flows: ISCHANGED, ISNEW and PRIORVALUE are supported only in the entry conditions of a record-triggered flow (${HELP}platform.flow_considerations_formulas.htm&type=5)`,
    flowTriggers: `Salesforce Help, Record-Triggered Flow considerations: a before-save flow can only assign, decide, loop, get records and update the triggering record; scheduled paths only in after-save flows (${HELP}platform.flow_concepts_trigger_record.htm&type=5)`,
    flowNull: `Salesforce Help, Flow Builder considerations / Troubleshoot flows: "The flow failed to access the value for $Record.X.Y because it hasn't been set or assigned" on a null lookup (${HELP}platform.flow_considerations_design_fb.htm&type=5)`,
    flowEmail: `Salesforce Help banner "Salesforce now sends email only from verified domains"; Flow Send Email action considerations (${HELP}platform.flow_ref_elements_actions_sendemail.htm&type=5)`,
    cmdtFields: `Salesforce Help, Custom Metadata Allocations and Usage Calculations: 100 fields per custom metadata type (${HELP}platform.custommetadatatypes_limits.htm&type=5); Custom Metadata Type Fields: supported field types (${HELP}platform.custommetadatatypes_fields.htm&type=5)`,
    cmdtUpgrade: `Salesforce Help, Custom Metadata Type Fields: subscriber-controlled values are kept by managed upgrades "but second-generation unlocked packages do overwrite the value" (${HELP}platform.custommetadatatypes_fields.htm&type=5)`,
    cmdtValues: `Metadata API Developer Guide, CustomMetadata: values with xsi:type matching the field (${MDAPI}/meta_custommetadata.htm)`,
    apexStamp: `Object Reference, Task.CompletedDateTime: "For insert, if the task is saved with a Closed status the field is set" (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_task.htm); Apex Reference, Test.setCreatedDate (CreatedDate only)`,
    packaging: `@salesforce/packaging createPackageDirEntry (the library behind sf package create) and @salesforce/core SfProject SingleNonDefaultPackageError; Salesforce DX Developer Guide, Project Configuration File (https://developer.salesforce.com/docs/atlas.en-us.sfdx_dev.meta/sfdx_dev/sfdx_dev_ws_config.htm)`,
    report: `Object Reference, Report: Description "Limit: 255 characters" (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_report.htm); Metadata API Developer Guide, Report (${MDAPI}/meta_report.htm)`,
    lwcJs: `LWC Developer Guide, Component Folder: a component needs a JavaScript file (https://developer.salesforce.com/docs/platform/lwc/guide/create-components-folder.html); the .ts sources are .forceignore'd`
};

const FIELD = /^objects\/[^/]+\/fields\/[^/]+\.field-meta\.xml$/;
const OBJECT = /^objects\/([^/]+)\/\1\.object-meta\.xml$/;

// prettier-ignore
export const RULES: readonly MetadataRule[] = [
    // --- length limits of every text attribute the package uses -------------------------------------------
    { id: 'field-label', kind: 'length', rule: 'custom field label', limit: 40, doc: DOC.names40, files: FIELD, element: 'label' },
    { id: 'field-name', kind: 'length', rule: 'custom field API name (without __c)', limit: 40, doc: DOC.names40, files: FIELD, fileName: /([^/]+?)__c\.field-meta\.xml$/ },
    { id: 'field-description', kind: 'length', rule: 'custom field description', limit: 1000, doc: DOC.customField, files: FIELD, element: 'description' },
    { id: 'field-help', kind: 'length', rule: 'custom field inline help text', limit: 510, doc: DOC.customField, files: FIELD, element: 'inlineHelpText' },
    { id: 'field-relationship-label', kind: 'length', rule: 'relationship label of a lookup / master-detail', limit: 40, doc: DOC.names40, files: FIELD, element: 'relationshipLabel' },
    { id: 'field-relationship-name', kind: 'length', rule: 'child relationship name of a lookup / master-detail', limit: 40, doc: DOC.names40, files: FIELD, element: 'relationshipName' },
    { id: 'picklist-value', kind: 'length', rule: 'picklist value API name', limit: 255, doc: DOC.picklist, files: FIELD, element: 'valueSet/valueSetDefinition/value/fullName' },
    { id: 'picklist-label', kind: 'length', rule: 'picklist value label', limit: 255, doc: DOC.picklist, files: FIELD, element: 'valueSet/valueSetDefinition/value/label' },
    { id: 'object-label', kind: 'length', rule: 'custom object label', limit: 40, doc: DOC.names40, files: OBJECT, element: 'label' },
    { id: 'object-plural-label', kind: 'length', rule: 'custom object plural label', limit: 40, doc: DOC.names40, files: OBJECT, element: 'pluralLabel' },
    { id: 'object-name', kind: 'length', rule: 'custom object / custom metadata type API name (without suffix)', limit: 40, doc: DOC.names40, files: OBJECT, fileName: /([^/]+?)__(?:c|mdt)\.object-meta\.xml$/ },
    { id: 'object-description', kind: 'length', rule: 'custom object description', limit: 1000, doc: DOC.customObject, files: OBJECT, element: 'description' },
    { id: 'object-name-field-label', kind: 'length', rule: 'record name field label', limit: 80, doc: DOC.customObject, files: OBJECT, element: 'nameField/label' },
    { id: 'validation-rule-name', kind: 'length', rule: 'validation rule name', limit: 40, doc: DOC.validationRule, files: /validationRules\//, fileName: /([^/]+)\.validationRule-meta\.xml$/ },
    { id: 'validation-rule-description', kind: 'length', rule: 'validation rule description', limit: 255, doc: DOC.validationRule, files: /\.validationRule-meta\.xml$/, element: 'description' },
    { id: 'validation-rule-message', kind: 'length', rule: 'validation rule error message', limit: 255, doc: DOC.validationRule, files: /\.validationRule-meta\.xml$/, element: 'errorMessage' },
    { id: 'permission-set-description', kind: 'length', rule: 'permission set description', limit: 255, doc: DOC.permissionSet, files: /\.permissionset-meta\.xml$/, element: 'description' },
    { id: 'permission-set-label', kind: 'length', rule: 'permission set label', limit: 80, doc: DOC.permissionSet, files: /\.permissionset-meta\.xml$/, element: 'label' },
    { id: 'permission-set-name', kind: 'length', rule: 'permission set API name', limit: 80, doc: DOC.permissionSet, files: /\.permissionset-meta\.xml$/, fileName: /([^/]+)\.permissionset-meta\.xml$/ },
    { id: 'custom-permission-label', kind: 'length', rule: 'custom permission label', limit: 80, doc: DOC.customPermission, files: /\.customPermission-meta\.xml$/, element: 'label' },
    { id: 'custom-permission-description', kind: 'length', rule: 'custom permission description', limit: 255, doc: DOC.customPermission, files: /\.customPermission-meta\.xml$/, element: 'description' },
    { id: 'list-view-label', kind: 'length', rule: 'list view label', limit: 40, doc: DOC.listView, files: /\.listView-meta\.xml$/, element: 'label' },
    { id: 'list-view-name', kind: 'length', rule: 'list view API name', limit: 80, doc: DOC.listView, files: /\.listView-meta\.xml$/, fileName: /([^/]+)\.listView-meta\.xml$/ },
    { id: 'app-label', kind: 'length', rule: 'Lightning app label', limit: 40, doc: DOC.app, files: /\.app-meta\.xml$/, element: 'label' },
    { id: 'app-description', kind: 'length', rule: 'Lightning app description', limit: 255, doc: DOC.app, files: /\.app-meta\.xml$/, element: 'description' },
    { id: 'tab-label', kind: 'length', rule: 'tab label', limit: 40, doc: DOC.tab, files: /\.tab-meta\.xml$/, element: 'label' },
    { id: 'tab-description', kind: 'length', rule: 'tab description', limit: 255, doc: DOC.tab, files: /\.tab-meta\.xml$/, element: 'description' },
    { id: 'flexipage-label', kind: 'length', rule: 'Lightning page label', limit: 80, doc: DOC.flexiPage, files: /\.flexipage-meta\.xml$/, element: 'masterLabel' },
    { id: 'flexipage-description', kind: 'length', rule: 'Lightning page description', limit: 255, doc: DOC.flexiPage, files: /\.flexipage-meta\.xml$/, element: 'description' },
    { id: 'cmdt-record-label', kind: 'length', rule: 'custom metadata record label', limit: 40, doc: DOC.names40, files: /\.md-meta\.xml$/, element: 'label' },
    { id: 'cmdt-record-name', kind: 'length', rule: 'custom metadata record API name', limit: 40, doc: DOC.names40, files: /\.md-meta\.xml$/, fileName: /\.([^./]+)\.md-meta\.xml$/ },
    { id: 'report-description', kind: 'length', rule: 'report description', limit: 255, doc: DOC.report, files: /\.report-meta\.xml$/, element: 'description' },
    { id: 'flow-label', kind: 'length', rule: 'flow label', limit: 255, doc: DOC.flow, files: /\.flow-meta\.xml$/, element: 'label' },
    { id: 'flow-name', kind: 'length', rule: 'flow API name', limit: 80, doc: DOC.flow, files: /\.flow-meta\.xml$/, fileName: /([^/]+)\.flow-meta\.xml$/ },
    { id: 'flow-element-label', kind: 'length', rule: 'flow element label', limit: 255, doc: DOC.flow, files: /\.flow-meta\.xml$/, element: '*/label' },
    { id: 'flow-element-name', kind: 'length', rule: 'flow element / resource API name', limit: 80, doc: DOC.flow, files: /\.flow-meta\.xml$/, element: '*/name' },

    // --- permission prerequisites -------------------------------------------------------------------------
    { id: 'object-permission-prerequisite', kind: 'permission', rule: 'object permissions need their prerequisites in the same set: Create, Edit and View All need Read; Delete needs Edit; Modify All needs Delete and View All', doc: DOC.permissionDeps },
    { id: 'master-detail-parent-permission', kind: 'permission', rule: 'any permission on a master-detail child needs Read on its master in the same set; View All on the child needs View All on the master; Modify All on the child needs Modify All on the master', doc: DOC.masterDetail },
    { id: 'field-permission-required', kind: 'permission', rule: 'no field permissions on required or master-detail fields (always visible; the deploy rejects them)', doc: DOC.fieldPermissions },
    { id: 'field-permission-read-only', kind: 'permission', rule: 'formula, roll-up summary and auto-number fields: editable must be false', doc: DOC.fieldPermissions },
    { id: 'field-permission-edit-needs-read', kind: 'permission', rule: 'an editable field must also be readable', doc: DOC.fieldPermissions },

    // --- custom metadata ----------------------------------------------------------------------------------
    { id: 'cmdt-field-count', kind: 'custom-metadata', rule: 'custom fields per custom metadata type', limit: 100, doc: DOC.cmdtFields },
    { id: 'cmdt-field-type', kind: 'custom-metadata', rule: 'custom metadata fields are Metadata Relationship, Checkbox, Date, Date/Time, Email, Number, Percent, Phone, Picklist, Text, Text Area, Long Text Area or URL', doc: DOC.cmdtFields },
    { id: 'cmdt-value-type', kind: 'custom-metadata', rule: "a record's value has the xsi:type of its field (Checkbox xsd:boolean, Number/Percent xsd:double or xsd:int, Date xsd:date, Date/Time xsd:dateTime, text types xsd:string) and fits it (Text/Text Area length, Number precision and scale)", doc: DOC.cmdtValues },

    { id: 'cmdt-packaged-model-version', kind: 'custom-metadata', rule: "a packaged Health_Model record's Model_Version__c sorts before `fitted-` and `org-`, so a subscriber's own active record outranks it after every upgrade (unlocked upgrades overwrite packaged values; docs/model-configuration.md)", doc: DOC.cmdtUpgrade },

    // --- flows --------------------------------------------------------------------------------------------
    { id: 'flow-api-version', kind: 'flow', rule: 'flow apiVersion is set, at least 50.0 and not above the project sourceApiVersion', limit: 50, doc: DOC.flow },
    { id: 'flow-trigger-elements', kind: 'flow', rule: 'elements allowed per trigger type: a before-save flow has no Create/Delete Records, actions, subflows, screens, waits or scheduled paths; no record-triggered flow has screens or waits; scheduled paths only after save', doc: DOC.flowTriggers },
    { id: 'flow-formula-functions', kind: 'flow', rule: 'ISCHANGED, ISNEW and PRIORVALUE only in the entry condition formula of a record-triggered flow, never in formula resources', doc: DOC.flowFormulas },
    { id: 'flow-null-lookup', kind: 'flow', rule: 'a reference may not walk through a lookup that can be blank ($Record.Owner.Manager.X): check the Id and read the record with Get Records instead', doc: DOC.flowNull },
    { id: 'flow-email-fault', kind: 'flow', rule: 'a Send Email action (emailSimple, emailAlert) needs its own fault connector: email fails without a verified sending domain or with deliverability off', doc: DOC.flowEmail },

    // --- Apex tests: values the platform stamps at insert -------------------------------------------------
    { id: 'apex-test-completed-task-date', kind: 'apex-test', rule: 'a test Task inserted as Completed gets CompletedDateTime = now: give it ActivityDate = Date.today() (or none), never a past date the org will not keep', doc: DOC.apexStamp },

    // --- packaging ----------------------------------------------------------------------------------------
    { id: 'project-survives-package-create', kind: 'packaging', rule: 'sfdx-project.json still resolves after `sf package create` (docs/install.md) rewrites it: the package directory stays the default', doc: DOC.packaging },
    { id: 'lwc-compiled', kind: 'packaging', rule: 'every LWC bundle written in TypeScript carries its compiled .js (npm run build) before a deploy or package version', doc: DOC.lwcJs }
];

export function ruleById(id: string): MetadataRule {
    const rule = RULES.find((r) => r.id === id);
    if (!rule) throw new Error(`unknown metadata rule ${id}`);
    return rule;
}
