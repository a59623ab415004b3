import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL_CONFIG, modelConfigFromMetadataRecord, parseModelConfig } from '../engine';
import { customMetadataRecordXml, fittedRecordFields, writeFittedModel } from './modelFile';

const fitted = () => ({
    ...DEFAULT_MODEL_CONFIG,
    version: 'fitted-2026-11-22',
    active: false,
    usageWeight: 55.6,
    relationshipWeight: 32,
    supportWeight: 12.4,
    commercialWeight: 0,
    greenThreshold: 68,
    redThreshold: 58
});

describe('fitted model files', () => {
    it('writes a record with the essential fields plus every setting that differs from the default', () => {
        const config = { ...fitted(), halfLifeDays: 30 };
        const fields = fittedRecordFields(config).map(([field]) => field);
        expect(fields).toEqual([
            'Model_Version__c',
            'Active__c',
            'Usage_Weight__c',
            'Relationship_Weight__c',
            'Support_Weight__c',
            'Commercial_Weight__c',
            'Green_Threshold__c',
            'Red_Threshold__c',
            'Half_Life_Days__c'
        ]);
    });

    it('only names fields that Health_Model__mdt has in force-app', () => {
        const folder = join(
            __dirname,
            '..',
            '..',
            'force-app',
            'main',
            'default',
            'objects',
            'Health_Model__mdt',
            'fields'
        );
        const known = new Set(readdirSync(folder).map((file) => file.replace('.field-meta.xml', '')));
        for (const [field] of fittedRecordFields(fitted())) expect(known).toContain(field);
    });

    it('escapes text and reads back to the same configuration', () => {
        const config = { ...fitted(), version: 'fitted <a&b>' };
        const xml = customMetadataRecordXml(config, 'Fitted & tested');
        expect(xml).toContain('<label>Fitted &amp; tested</label>');
        expect(xml).toContain('fitted &lt;a&amp;b&gt;');
        const values: Record<string, string> = {};
        for (const match of xml.matchAll(
            /<field>([^<]+)<\/field>\s*<value xsi:type="[^"]+">([^<]*)<\/value>/g
        ))
            values[match[1] as string] = (match[2] as string)
                .replace(/&lt;/g, '<')
                .replace(/&gt;/g, '>')
                .replace(/&amp;/g, '&');
        expect(modelConfigFromMetadataRecord(values)).toEqual(config);
    });

    it('names the record file after a valid DeveloperName and writes JSON that --model accepts', () => {
        const out = mkdtempSync(join(tmpdir(), 'fitted-'));
        const files = writeFittedModel(fitted(), out, '2026-11-22');
        expect(files.developerName).toMatch(/^[A-Za-z](?!.*__)\w{0,39}(?<!_)$/);
        expect(files.recordFile).toBe(
            join(out, 'customMetadata', 'Health_Model.Fitted_2026_11_22.md-meta.xml')
        );
        expect(parseModelConfig(JSON.parse(readFileSync(files.jsonFile, 'utf8')))).toEqual(fitted());
    });
});
