import fs from 'node:fs';
import path from 'node:path';
import {
    DEFAULT_MODEL_CONFIG,
    MODEL_CONFIG_KEYS,
    MODEL_CONFIG_SPEC,
    modelConfigFromMetadataRecord
} from '../engine/config';
import { numberShape, renderModelMetadata } from './modelMetadata';
import { xmlAll, xmlText } from './schema';

const forceApp = path.join(__dirname, '..', '..', 'force-app', 'main', 'default');
const fieldsDir = path.join(forceApp, 'objects', 'Health_Model__mdt', 'fields');
const REGENERATE = 'Regenerate with `npx tsx scripts/consistency/modelMetadata.ts`.';

describe('Health_Model__mdt mirrors the engine model configuration', () => {
    const committed = fs
        .readdirSync(fieldsDir)
        .map((f) => f.replace('.field-meta.xml', ''))
        .sort();

    it('has exactly one field per config key (plus Description__c)', () => {
        const expected = [
            ...MODEL_CONFIG_KEYS.map((k) => MODEL_CONFIG_SPEC[k].field),
            'Description__c'
        ].sort();
        expect({ fields: committed, hint: REGENERATE }).toEqual({ fields: expected, hint: REGENERATE });
    });

    it('stays within 100 custom fields, the Salesforce limit per custom metadata type', () => {
        // Custom Metadata Types Implementation Guide, "Custom Metadata Limits": 100 fields per custom metadata
        // type (https://resources.docs.salesforce.com/latest/latest/en-us/sfdc/pdf/custom_metadata_types_impl_guide.pdf).
        expect(committed.length).toBeLessThanOrEqual(100);
    });

    it('gives every number field a type wide enough for its default', () => {
        for (const key of MODEL_CONFIG_KEYS) {
            const file = path.join(fieldsDir, `${MODEL_CONFIG_SPEC[key].field}.field-meta.xml`);
            if (!fs.existsSync(file)) continue; // reported by the test above
            const xml = fs.readFileSync(file, 'utf8');
            const value = DEFAULT_MODEL_CONFIG[key];
            if (typeof value !== 'number') continue;
            const [precision, scale] = numberShape(key);
            expect({ key, precision: xmlText(xml, 'precision'), scale: xmlText(xml, 'scale') }).toEqual({
                key,
                precision: String(precision),
                scale: String(scale)
            });
            expect(Math.abs(value)).toBeLessThan(10 ** (precision - scale));
        }
    });

    it('ships a Default record equal to the engine defaults', () => {
        const xml = fs.readFileSync(
            path.join(forceApp, 'customMetadata', 'Health_Model.Default.md-meta.xml'),
            'utf8'
        );
        const record: Record<string, string> = {};
        for (const block of xml.match(/<values>[\s\S]*?<\/values>/g) ?? []) {
            const field = xmlText(block, 'field')!;
            record[field] = /<value(?:\s[^>]*)?>([\s\S]*?)<\/value>/.exec(block)![1]!.trim();
        }
        expect(modelConfigFromMetadataRecord(record, 'Health_Model.Default')).toEqual(DEFAULT_MODEL_CONFIG);
        const missing = MODEL_CONFIG_KEYS.map((k) => MODEL_CONFIG_SPEC[k].field).filter(
            (f) => !(f in record)
        );
        expect({ missing, hint: REGENERATE }).toEqual({ missing: [], hint: REGENERATE });
    });

    it('renders labels and descriptions for every field', () => {
        const rendered = renderModelMetadata();
        for (const [rel, text] of Object.entries(rendered)) {
            if (!rel.includes('/fields/')) continue;
            expect(xmlText(text, 'label')).toBeTruthy();
            expect(xmlText(text, 'description')!.length).toBeGreaterThan(20);
            expect(xmlAll(text, 'inlineHelpText')).toHaveLength(1);
        }
    });
});
