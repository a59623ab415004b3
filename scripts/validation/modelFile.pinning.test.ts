// Pins the deployable model files (modelFile.ts): the CustomMetadata record in source format (each value typed
// xsd:boolean, xsd:double or xsd:string, as Salesforce's CustomMetadataValue expects), XML escaping, and the
// --model JSON (every key, in documentation order, 4-space indented, newline at the end).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL_CONFIG, MODEL_CONFIG_KEYS } from '../engine/config';
import { customMetadataRecordXml, fittedRecordFields, modelConfigJson, writeFittedModel } from './modelFile';

describe('fitted model files, exactly', () => {
    it('writes the essential fields of the default model and nothing else', () => {
        expect(fittedRecordFields(DEFAULT_MODEL_CONFIG)).toEqual([
            ['Model_Version__c', DEFAULT_MODEL_CONFIG.version],
            ['Active__c', true],
            ['Usage_Weight__c', DEFAULT_MODEL_CONFIG.usageWeight],
            ['Relationship_Weight__c', DEFAULT_MODEL_CONFIG.relationshipWeight],
            ['Support_Weight__c', DEFAULT_MODEL_CONFIG.supportWeight],
            ['Commercial_Weight__c', DEFAULT_MODEL_CONFIG.commercialWeight],
            ['Green_Threshold__c', DEFAULT_MODEL_CONFIG.greenThreshold],
            ['Red_Threshold__c', DEFAULT_MODEL_CONFIG.redThreshold]
        ]);
    });

    it('types each value and escapes &, <, > and " in text', () => {
        const xml = customMetadataRecordXml(
            { ...DEFAULT_MODEL_CONFIG, version: 'a"b<c>&d', active: false, capSlope: 0.45 },
            'Fitted "Q3" <draft> & co'
        );
        expect(xml).toBe(
            [
                '<?xml version="1.0" encoding="UTF-8"?>',
                '<CustomMetadata xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">',
                '    <label>Fitted &quot;Q3&quot; &lt;draft&gt; &amp; co</label>',
                '    <protected>false</protected>',
                ...[
                    ['Model_Version__c', 'xsd:string', 'a&quot;b&lt;c&gt;&amp;d'],
                    ['Active__c', 'xsd:boolean', 'false'],
                    ['Usage_Weight__c', 'xsd:double', String(DEFAULT_MODEL_CONFIG.usageWeight)],
                    ['Relationship_Weight__c', 'xsd:double', String(DEFAULT_MODEL_CONFIG.relationshipWeight)],
                    ['Support_Weight__c', 'xsd:double', String(DEFAULT_MODEL_CONFIG.supportWeight)],
                    ['Commercial_Weight__c', 'xsd:double', String(DEFAULT_MODEL_CONFIG.commercialWeight)],
                    ['Green_Threshold__c', 'xsd:double', String(DEFAULT_MODEL_CONFIG.greenThreshold)],
                    ['Red_Threshold__c', 'xsd:double', String(DEFAULT_MODEL_CONFIG.redThreshold)],
                    ['Cap_Slope__c', 'xsd:double', '0.45']
                ].flatMap(([field, type, value]) => [
                    '    <values>',
                    `        <field>${field}</field>`,
                    `        <value xsi:type="${type}">${value}</value>`,
                    '    </values>'
                ]),
                '</CustomMetadata>',
                ''
            ].join('\n')
        );
    });

    it('writes every key to the JSON, in order, and both files under the output folder', () => {
        const json = modelConfigJson(DEFAULT_MODEL_CONFIG);
        expect(json.endsWith('}\n')).toBe(true);
        expect(json.split('\n')[1]).toBe(`    "version": "${DEFAULT_MODEL_CONFIG.version}",`);
        expect(Object.keys(JSON.parse(json))).toEqual(MODEL_CONFIG_KEYS);
        const out = mkdtempSync(join(tmpdir(), 'model-file-'));
        try {
            const files = writeFittedModel(DEFAULT_MODEL_CONFIG, join(out, 'nested'), '2026-12-02');
            expect(files).toEqual({
                recordFile: join(
                    out,
                    'nested',
                    'customMetadata',
                    'Health_Model.Fitted_2026_12_02.md-meta.xml'
                ),
                jsonFile: join(out, 'nested', 'health-model-fitted-2026-12-02.json'),
                developerName: 'Fitted_2026_12_02'
            });
            expect(readFileSync(files.jsonFile, 'utf8')).toBe(json);
            expect(readFileSync(files.recordFile, 'utf8')).toBe(
                customMetadataRecordXml(DEFAULT_MODEL_CONFIG, 'Fitted 2026-12-02')
            );
        } finally {
            rmSync(out, { recursive: true, force: true });
        }
    });
});
