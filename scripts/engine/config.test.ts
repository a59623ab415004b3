import {
    DEFAULT_MODEL_CONFIG,
    MODEL_CONFIG_KEYS,
    MODEL_CONFIG_SPEC,
    ModelConfigError,
    modelConfigFromMetadataRecord,
    modelConfigToMetadataFields,
    parseModelConfig
} from './config';

function expectConfigError(fn: () => unknown, field: string, rule: RegExp): void {
    try {
        fn();
    } catch (error) {
        expect(error).toBeInstanceOf(ModelConfigError);
        const configError = error as ModelConfigError;
        expect(configError.field).toBe(field);
        expect(configError.rule).toMatch(rule);
        expect(configError.message).toContain(field);
        return;
    }
    throw new Error(`expected a ModelConfigError for ${field}`);
}

describe('parseModelConfig', () => {
    it('returns the defaults for an empty object', () => {
        expect(parseModelConfig({})).toEqual(DEFAULT_MODEL_CONFIG);
    });

    it('overrides only the keys given', () => {
        const config = parseModelConfig({ usageWeight: 50, version: 'fit-2026-11' });
        expect(config.usageWeight).toBe(50);
        expect(config.version).toBe('fit-2026-11');
        expect(config.supportWeight).toBe(DEFAULT_MODEL_CONFIG.supportWeight);
    });

    it('rejects a negative weight naming the field and the rule', () => {
        expectConfigError(() => parseModelConfig({ supportWeight: -1 }), 'supportWeight', /negative/);
    });

    it('rejects a red threshold at or above the green one', () => {
        expectConfigError(
            () => parseModelConfig({ redThreshold: 70, greenThreshold: 70 }),
            'redThreshold',
            /below greenThreshold/
        );
    });

    it('rejects an unknown key', () => {
        expectConfigError(
            () => parseModelConfig({ usageWieght: 3 }),
            'usageWieght',
            /not a known config key/
        );
    });

    it('rejects a non-number', () => {
        expectConfigError(() => parseModelConfig({ halfLifeDays: '45' }), 'halfLifeDays', /must be a number/);
        expectConfigError(() => parseModelConfig({ halfLifeDays: Number.NaN }), 'halfLifeDays', /number/);
    });

    it('rejects out-of-range values and all-zero weights', () => {
        expectConfigError(() => parseModelConfig({ halfLifeDays: 0 }), 'halfLifeDays', /> 0/);
        expectConfigError(() => parseModelConfig({ inflationDamping: 1.5 }), 'inflationDamping', /<= 1/);
        expectConfigError(
            () =>
                parseModelConfig({
                    usageWeight: 0,
                    relationshipWeight: 0,
                    supportWeight: 0,
                    commercialWeight: 0
                }),
            'usageWeight',
            /sum/
        );
    });

    it('names the source in the message', () => {
        expect(() => parseModelConfig({ usageWeight: -3 }, 'weights.json')).toThrow(
            /^weights\.json: usageWeight/
        );
    });
});

describe('Health_Model__mdt mapping', () => {
    it('round-trips every key through the metadata fields', () => {
        const config = parseModelConfig({ usageWeight: 41.5, active: false, version: 'fit-1' });
        const fields = modelConfigToMetadataFields(config);
        expect(Object.keys(fields)).toHaveLength(MODEL_CONFIG_KEYS.length);
        expect(fields.Usage_Weight__c).toBe(41.5);
        expect(modelConfigFromMetadataRecord(fields)).toEqual(config);
    });

    it('maps distinct field names that follow the Salesforce pattern', () => {
        const names = MODEL_CONFIG_KEYS.map((key) => MODEL_CONFIG_SPEC[key].field);
        expect(new Set(names).size).toBe(names.length);
        for (const name of names) expect(name).toMatch(/^[A-Z][A-Za-z0-9]*(_[A-Za-z0-9]+)*__c$/);
    });

    it('reads string values from record XML, ignores standard fields, defaults blanks', () => {
        const config = modelConfigFromMetadataRecord({
            DeveloperName: 'Default',
            attributes: { type: 'Health_Model__mdt' },
            Usage_Weight__c: '30',
            Active__c: 'false',
            Support_Weight__c: null
        });
        expect(config.usageWeight).toBe(30);
        expect(config.active).toBe(false);
        expect(config.supportWeight).toBe(DEFAULT_MODEL_CONFIG.supportWeight);
    });

    it('rejects invalid values by field API name', () => {
        expectConfigError(
            () => modelConfigFromMetadataRecord({ Red_Threshold__c: 80 }),
            'Red_Threshold__c',
            /below Green_Threshold__c/
        );
        expectConfigError(
            () => modelConfigFromMetadataRecord({ Call_Weight__c: 'x' }),
            'Call_Weight__c',
            /number/
        );
        expectConfigError(
            () => modelConfigFromMetadataRecord({ Bogus__c: 1 }),
            'Bogus__c',
            /not a Health_Model__mdt/
        );
    });
});

describe('docs/model-configuration.md', () => {
    it('lists every key with its field and default, and nothing else', () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { readFileSync } = require('node:fs') as typeof import('node:fs');
        const doc = readFileSync(`${__dirname}/../../docs/model-configuration.md`, 'utf8');
        // The settings table only: from its "| config key" header to the first line that is not a table row
        // (the page has other tables, e.g. the picklist value mapping).
        const start = doc.indexOf('| config key');
        expect(start).toBeGreaterThanOrEqual(0);
        const text = doc.slice(start).split(/\n(?!\|)/)[0] ?? '';
        const rows = [...text.matchAll(/^\|\s*(\w+)\s*\|\s*(\w+)[^|]*\|\s*([^|]*?)\s*\|/gm)].filter(
            (m) => m[1] !== 'config'
        );
        const documented = new Map(
            rows.map((m) => [m[1] as string, { field: m[2], value: (m[3] ?? '').trim() }])
        );
        expect([...documented.keys()].sort()).toEqual([...MODEL_CONFIG_KEYS].sort());
        for (const key of MODEL_CONFIG_KEYS) {
            const row = documented.get(key);
            expect(row?.field).toBe(MODEL_CONFIG_SPEC[key].field);
            expect(row?.value.replace(/\.0$/, '')).toBe(String(DEFAULT_MODEL_CONFIG[key]));
        }
    });
});
