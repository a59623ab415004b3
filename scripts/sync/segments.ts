/**
 * Segment models in the org: the active Health_Segment__mdt records, each naming criteria on Account fields and the
 * Health_Model__mdt record that scores the accounts it matches (scripts/engine/segments.ts).
 *
 * Nothing an admin typed reaches a query: the segment query is a constant, criteria are parsed by the engine and
 * every field they name is checked against `describe Account`; the Account query then names the describe's own
 * spelling of the field. A bad record stops the run (exit 6) naming the record and the field.
 */
import {
    ModelSelector,
    SegmentError,
    criteriaFields,
    modelConfigFromMetadataRecord,
    parseCriteria,
    validateCriteria
} from '../engine';
import type { FieldDescription, ModelConfig, Segment } from '../engine';
import type { FlatRecord, SalesforceClient } from '../salesforce/client';
import { OrgError, errorCodeOf } from '../salesforce/errors';

export const SEGMENT_OBJECT = 'Health_Segment__mdt';
export const SEGMENT_FIELDS = [
    'DeveloperName',
    'MasterLabel',
    'Active__c',
    'Priority__c',
    'Model__c',
    'Criteria__c'
] as const;

const HINT =
    'fix or deactivate the Health_Segment__mdt record in Setup > Custom Metadata Types > Health Segment (docs/model-configuration.md, "Segment models")';

export interface SegmentSetup {
    selector: ModelSelector | null;
    /** The Account fields the criteria read (describe spelling), to add to the Account query. */
    accountFields: string[];
}

function truthy(value: unknown): boolean {
    return value === true || String(value).toLowerCase() === 'true';
}

/** Reads the segment records; an org without the type (metadata not deployed yet) has none. */
async function segmentRecords(
    client: SalesforceClient,
    notice: (m: string) => void
): Promise<FlatRecord[] | null> {
    let inOrg: string[];
    try {
        inOrg = await client.describeFields(SEGMENT_OBJECT);
    } catch (error) {
        const code = errorCodeOf(error);
        if (code === 'NOT_FOUND' || code === 'INVALID_TYPE') {
            notice(
                `${SEGMENT_OBJECT} is not in the org: every account is scored by the default model; deploy the latest metadata for segment models`
            );
            return null;
        }
        throw error;
    }
    const missing = SEGMENT_FIELDS.filter((f) => !inOrg.includes(f));
    if (missing.length)
        throw new OrgError(
            'SEGMENT_METADATA_MISSING',
            `${SEGMENT_OBJECT} in the org lacks ${missing.join(', ')}`,
            'deploy the latest metadata'
        );
    const records: FlatRecord[] = [];
    for await (const page of client.query(`SELECT ${SEGMENT_FIELDS.join(', ')} FROM ${SEGMENT_OBJECT}`, {
        object: SEGMENT_OBJECT
    }))
        records.push(...page);
    return records;
}

/**
 * Builds the model selector from the org's active segments. `modelRecords` are the Health_Model__mdt records
 * already read (DeveloperName and settings), `defaultModel` the model accounts no segment matches.
 */
export async function readSegments(
    client: SalesforceClient,
    modelRecords: readonly FlatRecord[],
    defaultModel: ModelConfig,
    notice: (message: string) => void = () => undefined
): Promise<SegmentSetup> {
    const records = await segmentRecords(client, notice);
    const active = (records ?? []).filter((r) => truthy(r.Active__c));
    if (active.length === 0) return { selector: null, accountFields: [] };
    const account = await client.describeObject('Account');
    const describe = new Map<string, FieldDescription>(
        account.fields.map((f) => [
            f.name.toLowerCase(),
            {
                name: f.name,
                type: f.type,
                picklistValues: (f.picklistValues ?? []).filter((v) => v.active !== false).map((v) => v.value)
            }
        ])
    );
    const models = new Map<string, ModelConfig>();
    const segments: Segment[] = [];
    for (const record of active) {
        const source = `Health_Segment.${String(record.DeveloperName)}`;
        try {
            const modelName = String(record.Model__c ?? '').trim();
            if (!modelName)
                throw new SegmentError(
                    source,
                    'Model__c',
                    'is blank: name the Health_Model record (its API name) that scores this segment'
                );
            const modelRecord = modelRecords.find(
                (m) => String(m.DeveloperName).toLowerCase() === modelName.toLowerCase()
            );
            if (!modelRecord)
                throw new SegmentError(
                    source,
                    'Model__c',
                    `names Health_Model.${modelName}, which is not in the org (API names: ${modelRecords.map((m) => String(m.DeveloperName)).join(', ')})`
                );
            const modelSource = `Health_Model.${String(modelRecord.DeveloperName)}`;
            let config = models.get(modelSource);
            if (!config) {
                const { DeveloperName: _name, MasterLabel: _label, ...values } = modelRecord;
                try {
                    config = modelConfigFromMetadataRecord(values, modelSource);
                } catch (error) {
                    throw new SegmentError(
                        source,
                        'Model__c',
                        `its model ${error instanceof Error ? error.message : String(error)}`
                    );
                }
                models.set(modelSource, config);
            }
            const priority =
                record.Priority__c === null || record.Priority__c === ''
                    ? Number.NaN
                    : Number(record.Priority__c);
            if (!Number.isFinite(priority))
                throw new SegmentError(
                    source,
                    'Priority__c',
                    'is blank: give each active segment a priority (lowest is tried first)'
                );
            const criteria = validateCriteria(
                parseCriteria(String(record.Criteria__c ?? ''), source),
                describe,
                source
            );
            segments.push({ name: source, priority, criteria, config, modelSource });
        } catch (error) {
            if (error instanceof SegmentError) throw new OrgError('SEGMENT_INVALID', error.message, HINT);
            throw error;
        }
    }
    try {
        const selector = new ModelSelector(defaultModel, segments);
        return { selector, accountFields: criteriaFields(selector.segments) };
    } catch (error) {
        if (error instanceof SegmentError) throw new OrgError('SEGMENT_INVALID', error.message, HINT);
        throw error;
    }
}
