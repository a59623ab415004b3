/**
 * Writes a fitted model configuration two ways: a Health_Model__mdt record file an admin deploys
 * (`customMetadata/Health_Model.<Name>.md-meta.xml`, source format) and the JSON that `--model` accepts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
    DEFAULT_MODEL_CONFIG,
    MODEL_CONFIG_KEYS,
    MODEL_CONFIG_SPEC,
    modelConfigToMetadataFields,
    type ModelConfig
} from '../engine/config';

/** Always written, so the record reads on its own; every other key only when it differs from the default. */
const ESSENTIAL_KEYS: readonly (keyof ModelConfig)[] = [
    'version',
    'active',
    'usageWeight',
    'relationshipWeight',
    'supportWeight',
    'commercialWeight',
    'greenThreshold',
    'redThreshold'
];

const escapeXml = (value: string) =>
    value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The record's custom field values: the essential keys plus any key that differs from the shipped default
 * (a blank field takes its default when the sync reads the record, so nothing is lost by leaving it out).
 */
export function fittedRecordFields(config: ModelConfig): [string, string | number | boolean][] {
    const all = modelConfigToMetadataFields(config);
    return MODEL_CONFIG_KEYS.filter(
        (key) => ESSENTIAL_KEYS.includes(key) || config[key] !== DEFAULT_MODEL_CONFIG[key]
    ).map((key) => {
        const field = MODEL_CONFIG_SPEC[key].field;
        return [field, all[field] as string | number | boolean];
    });
}

/** The Health_Model__mdt record file (source format, as in force-app/main/default/customMetadata). */
export function customMetadataRecordXml(config: ModelConfig, label: string): string {
    const values = fittedRecordFields(config)
        .map(([field, value]) => {
            const type =
                typeof value === 'boolean'
                    ? 'xsd:boolean'
                    : typeof value === 'number'
                      ? 'xsd:double'
                      : 'xsd:string';
            return `    <values>
        <field>${field}</field>
        <value xsi:type="${type}">${escapeXml(String(value))}</value>
    </values>`;
        })
        .join('\n');
    return `<?xml version="1.0" encoding="UTF-8"?>
<CustomMetadata xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
    <label>${escapeXml(label)}</label>
    <protected>false</protected>
${values}
</CustomMetadata>
`;
}

/** The JSON `--model` accepts: every config key. */
export function modelConfigJson(config: ModelConfig): string {
    const ordered: Record<string, unknown> = {};
    for (const key of MODEL_CONFIG_KEYS) ordered[key] = config[key];
    return `${JSON.stringify(ordered, null, 4)}\n`;
}

export interface WrittenModelFiles {
    recordFile: string;
    jsonFile: string;
    developerName: string;
}

/** Writes both files under `outDir` for a model fitted on `fittedOn` (YYYY-MM-DD). */
export function writeFittedModel(config: ModelConfig, outDir: string, fittedOn: string): WrittenModelFiles {
    const developerName = `Fitted_${fittedOn.replace(/-/g, '_')}`;
    const folder = join(outDir, 'customMetadata');
    mkdirSync(folder, { recursive: true });
    const recordFile = join(folder, `Health_Model.${developerName}.md-meta.xml`);
    writeFileSync(recordFile, customMetadataRecordXml(config, `Fitted ${fittedOn}`));
    const jsonFile = join(outDir, `health-model-fitted-${fittedOn}.json`);
    writeFileSync(jsonFile, modelConfigJson(config));
    return { recordFile, jsonFile, developerName };
}
