// Pins the model-configuration rules (config.ts) to what docs/model-configuration.md promises a RevOps admin,
// and whole-number rules to the Health_Model__mdt field definitions (scale 0 = whole numbers in Salesforce).
// Every documented bound is tried on both sides: the bound itself and the nearest value beyond it.
import { existsSync, readFileSync } from 'node:fs';
import {
    DEFAULT_MODEL_CONFIG,
    MODEL_CONFIG_KEYS,
    MODEL_CONFIG_SPEC,
    ModelConfigError,
    type ModelConfig,
    modelConfigFromMetadataRecord,
    modelConfigToMetadataFields,
    parseModelConfig
} from './config';

const ROOT = `${__dirname}/../..`;

interface Bounds {
    min?: number;
    exclusiveMin?: boolean;
    max?: number;
}

/** The rule column of the settings table, by config key. */
function documentedRules(): Map<string, string> {
    const doc = readFileSync(`${ROOT}/docs/model-configuration.md`, 'utf8');
    const table = doc.slice(doc.indexOf('| config key')).split(/\n(?!\|)/)[0] ?? '';
    const rules = new Map<string, string>();
    for (const line of table.split('\n').slice(2)) {
        const cells = line.split('|').map((cell) => cell.trim());
        if (cells[1]) rules.set(cells[1], cells[4] ?? '');
    }
    return rules;
}

/** Numeric bounds stated by a rule cell ("0-100", "> 0, <= 1", ">= 14, whole", "-20 to 20"). */
function boundsOf(rule: string): Bounds | undefined {
    const range = /^(-?\d+(?:\.\d+)?)(?:-| to )(-?\d+(?:\.\d+)?)\b/.exec(rule);
    if (range) return { min: Number(range[1]), max: Number(range[2]) };
    const bounds: Bounds = {};
    const min = /^(>=?) (-?\d+(?:\.\d+)?)\b/.exec(rule);
    if (min) {
        bounds.min = Number(min[2]);
        bounds.exclusiveMin = min[1] === '>';
    }
    const max = /<= (-?\d+(?:\.\d+)?)\b/.exec(rule);
    if (max) bounds.max = Number(max[1]);
    return bounds.min === undefined && bounds.max === undefined ? undefined : bounds;
}

/** Health_Model__mdt number fields with scale 0 (whole numbers). */
function wholeNumberFields(): Set<string> {
    const dir = `${ROOT}/force-app/main/default/objects/Health_Model__mdt/fields`;
    const whole = new Set<string>();
    for (const key of MODEL_CONFIG_KEYS) {
        const field = MODEL_CONFIG_SPEC[key].field;
        const file = `${dir}/${field}.field-meta.xml`;
        // a field name without a file is config.test.ts's failure to report; here it is simply not whole
        if (!existsSync(file)) continue;
        const xml = readFileSync(file, 'utf8');
        if (/<type>Number<\/type>/.test(xml) && /<scale>0<\/scale>/.test(xml)) whole.add(field);
    }
    return whole;
}

const RULES = documentedRules();
const WHOLE = wholeNumberFields();
// Two rows state their range in words: a contact score counted as engaged, and points off the 0-100
// relationship dimension; both are therefore percentages.
const IMPLIED: Record<string, Bounds> = {
    engagedContactThreshold: { min: 0, max: 100 },
    singleThreadPenalty: { min: 0, max: 100 }
};
const NUMBER_KEYS = MODEL_CONFIG_KEYS.filter((key) => typeof DEFAULT_MODEL_CONFIG[key] === 'number');

/** The error parseModelConfig raises for the key's own rule, or undefined (rules spanning keys do not count). */
function ownError(key: keyof ModelConfig, value: unknown): ModelConfigError | undefined {
    try {
        parseModelConfig({ [key]: value });
    } catch (error) {
        if (!(error instanceof ModelConfigError)) throw error;
        const crossField = /^(must be below|must be at least|and the)/.test(error.rule);
        return error.field === key && !crossField ? error : undefined;
    }
    return undefined;
}

describe('config rules: every documented bound holds on both sides', () => {
    it('documents a rule for every numeric key', () => {
        const missing = NUMBER_KEYS.filter(
            (key) => !boundsOf(RULES.get(key) ?? '') && !IMPLIED[key] && key !== 'retentionWeeklyDays'
        );
        expect(missing).toEqual([]);
    });

    it.each(NUMBER_KEYS.filter((key) => key !== 'retentionWeeklyDays'))('%s', (key) => {
        const bounds = boundsOf(RULES.get(key) ?? '') ?? IMPLIED[key];
        expect(bounds).toBeDefined();
        const { min, max, exclusiveMin } = bounds as Bounds;
        const whole = WHOLE.has(MODEL_CONFIG_SPEC[key].field);
        const step = whole ? 1 : 0.01;
        const problems: string[] = [];
        const accept = (value: number) => {
            const error = ownError(key, value);
            if (error) problems.push(`${value} rejected: ${error.rule}`);
        };
        const reject = (value: number, text: string) => {
            const error = ownError(key, value);
            if (!error) problems.push(`${value} accepted`);
            else if (!error.rule.includes(text)) problems.push(`${value}: "${error.rule}" lacks "${text}"`);
            else if (!error.rule.includes(`(got ${value})`))
                problems.push(`${value}: "${error.rule}" lacks the value`);
        };
        if (min !== undefined) {
            if (exclusiveMin) {
                reject(min, `> ${min}`);
                accept(min + step);
            } else {
                accept(min);
                reject(min - step, `>= ${min}`);
            }
        }
        if (max !== undefined) {
            accept(max);
            reject(max + step, `<= ${max}`);
        } else {
            accept(1_000_000);
        }
        const inside = max !== undefined ? Math.floor(max) - 1 : (min ?? 0) + 2;
        if (whole) reject(inside + 0.5, 'a whole number');
        else accept(inside + 0.5);
        expect(problems).toEqual([]);
    });

    it('explains a negative weight in words, and only when the rule is ">= 0" or tighter', () => {
        expect(ownError('callWeight', -0.5)?.rule).toBe(
            'must be >= 0 (got -0.5): negative values are not allowed'
        );
        expect(ownError('halfLifeDays', -1)?.rule).toBe(
            'must be > 0 (got -1): negative values are not allowed'
        );
        // a negative intercept is allowed down to -20; below it the bound is the message, not "negative"
        expect(ownError('calibrationIntercept', -21)?.rule).toBe('must be >= -20, <= 20 (got -21)');
        expect(ownError('calibrationIntercept', -20)).toBeUndefined();
        // below a positive minimum but not negative: no "negative" text
        expect(ownError('capRampDays', 13)?.rule).toBe('must be >= 14, a whole number (got 13)');
        expect(ownError('inflationMinRated', 0)?.rule).toBe('must be >= 1, a whole number (got 0)');
    });

    it('states the whole rule in the message', () => {
        expect(ownError('capSlope', 0)?.rule).toBe('must be > 0, <= 1 (got 0)');
        expect(ownError('usageDropPercent', 100.5)?.rule).toBe('must be > 0, <= 100 (got 100.5)');
        expect(ownError('silenceDays', 30.5)?.rule).toBe('must be > 0, a whole number (got 30.5)');
        expect(ownError('greenThreshold', 101)?.rule).toBe('must be >= 0, <= 100 (got 101)');
    });

    it('rejects values of the wrong type, naming what was given', () => {
        expect(ownError('usageWeight', Number.POSITIVE_INFINITY)?.rule).toBe('must be a number (got null)');
        expect(ownError('usageWeight', '35')?.rule).toBe('must be a number (got "35")');
        expect(ownError('usageWeight', null)?.rule).toBe('must be a number (got null)');
        expect(ownError('version', 2)?.rule).toBe('must be a string');
        expect(ownError('active', 'true')?.rule).toBe('must be true or false');
        expect(ownError('active', 1)?.rule).toBe('must be true or false');
        expect(parseModelConfig({ active: false, version: 'v9' })).toMatchObject({
            active: false,
            version: 'v9'
        });
    });
});

describe('config rules that span keys', () => {
    const error = (fn: () => unknown): ModelConfigError => {
        try {
            fn();
        } catch (caught) {
            return caught as ModelConfigError;
        }
        throw new Error('expected a ModelConfigError');
    };

    it('keeps weekly retention at least as long as daily retention', () => {
        expect(
            parseModelConfig({ retentionDailyDays: 120, retentionWeeklyDays: 120 }).retentionWeeklyDays
        ).toBe(120);
        const e = error(() => parseModelConfig({ retentionDailyDays: 121, retentionWeeklyDays: 120 }));
        expect(e.field).toBe('retentionWeeklyDays');
        expect(e.rule).toBe('must be at least retentionDailyDays (weekly 120 < daily 121)');
        const m = error(() =>
            modelConfigFromMetadataRecord({ Retention_Daily_Days__c: 400, Retention_Weekly_Days__c: 365 })
        );
        expect(m.field).toBe('Retention_Weekly_Days__c');
        expect(m.rule).toBe('must be at least Retention_Daily_Days__c (weekly 365 < daily 400)');
    });

    it('keeps red strictly below green', () => {
        expect(parseModelConfig({ redThreshold: 69, greenThreshold: 70 }).redThreshold).toBe(69);
        const e = error(() => parseModelConfig({ redThreshold: 71, greenThreshold: 70 }));
        expect(e.field).toBe('redThreshold');
        expect(e.rule).toBe('must be below greenThreshold (red 71 >= green 70)');
    });

    it('needs some dimension weight and some usage share, and any single one is enough', () => {
        const zeroWeights = { usageWeight: 0, relationshipWeight: 0, supportWeight: 0, commercialWeight: 0 };
        for (const key of Object.keys(zeroWeights)) {
            expect(() => parseModelConfig({ ...zeroWeights, [key]: 0.1 })).not.toThrow();
        }
        const w = error(() => parseModelConfig(zeroWeights));
        expect(w.field).toBe('usageWeight');
        expect(w.rule).toBe('and the other three dimension weights must sum to more than 0');
        const zeroShares = { utilisationShare: 0, breadthShare: 0, trajectoryShare: 0 };
        for (const key of Object.keys(zeroShares)) {
            expect(() => parseModelConfig({ ...zeroShares, [key]: 1 })).not.toThrow();
        }
        const s = error(() => parseModelConfig(zeroShares));
        expect(s.field).toBe('utilisationShare');
        expect(s.rule).toBe('and the breadth and trajectory shares must sum to more than 0');
        const m = error(() =>
            modelConfigFromMetadataRecord({
                Utilisation_Share__c: 0,
                Breadth_Share__c: 0,
                Trajectory_Share__c: 0
            })
        );
        expect(m.field).toBe('Utilisation_Share__c');
    });

    it('needs a version name that is not blank', () => {
        const e = error(() => parseModelConfig({ version: '   ' }));
        expect(e.field).toBe('version');
        expect(e.rule).toBe('must not be empty');
        expect(parseModelConfig({ version: ' v ' }).version).toBe(' v ');
    });
});

describe('ModelConfigError', () => {
    it('carries a code, the source, the field, the rule and a hint in its message', () => {
        let caught: unknown;
        try {
            parseModelConfig({ hysteresisPoints: 21 });
        } catch (error) {
            caught = error;
        }
        const e = caught as ModelConfigError;
        expect(e).toBeInstanceOf(ModelConfigError);
        expect(e.name).toBe('ModelConfigError');
        expect(e.code).toBe('MODEL_CONFIG_INVALID');
        expect(e.source).toBe('model configuration');
        expect(e.hint).toBe('Fix the value (see docs/model-configuration.md for every key and its rule).');
        expect(e.message).toBe(
            'model configuration: hysteresisPoints must be >= 0, <= 20 (got 21). Fix the value (see docs/model-configuration.md for every key and its rule).'
        );
    });

    it('rejects a root that is not an object', () => {
        for (const raw of [null, [], 'x', 3]) {
            let caught: unknown;
            try {
                parseModelConfig(raw, 'model.json');
            } catch (error) {
                caught = error;
            }
            expect(caught).toBeInstanceOf(ModelConfigError);
            expect((caught as ModelConfigError).field).toBe('(root)');
            expect((caught as ModelConfigError).message).toMatch(
                /^model\.json: \(root\) must be a JSON object of config keys/
            );
        }
    });

    it('lists the known keys when a key is unknown', () => {
        let caught: unknown;
        try {
            parseModelConfig({ halflife: 3 });
        } catch (error) {
            caught = error;
        }
        expect((caught as ModelConfigError).hint).toBe(`Known keys: ${MODEL_CONFIG_KEYS.join(', ')}.`);
        expect((caught as ModelConfigError).hint).toContain('halfLifeDays, meetingWeight');
    });
});

describe('Health_Model__mdt records', () => {
    it('reads every field of a record, as numbers or as the strings record XML gives', () => {
        const fields = modelConfigToMetadataFields(DEFAULT_MODEL_CONFIG);
        expect(Object.keys(fields)).toEqual(MODEL_CONFIG_KEYS.map((key) => MODEL_CONFIG_SPEC[key].field));
        expect(fields.Model_Version__c).toBe('default-v3');
        expect(fields.Active__c).toBe(true);
        const asStrings = Object.fromEntries(
            Object.entries(fields).map(([field, value]) => [field, String(value)])
        );
        expect(modelConfigFromMetadataRecord(asStrings)).toEqual(DEFAULT_MODEL_CONFIG);
        const changed = modelConfigFromMetadataRecord({
            ...asStrings,
            Half_Life_Days__c: ' 60 ',
            Active__c: 'false'
        });
        expect(changed.halfLifeDays).toBe(60);
        expect(changed.active).toBe(false);
    });

    it('keeps a version that looks like a number as text', () => {
        expect(modelConfigFromMetadataRecord({ Model_Version__c: '2026' }).version).toBe('2026');
        expect(modelConfigFromMetadataRecord({ Active__c: 'true' }).active).toBe(true);
        expect(modelConfigFromMetadataRecord({ Active__c: false }).active).toBe(false);
    });

    it('rejects text that is not a number or a checkbox value', () => {
        for (const [field, value, rule] of [
            ['Half_Life_Days__c', '   ', 'must be a number (got "   ")'],
            ['Half_Life_Days__c', '45 days', 'must be a number (got "45 days")'],
            ['Half_Life_Days__c', 'Infinity', 'must be a number (got "Infinity")'],
            ['Active__c', 'yes', 'must be true or false']
        ] as const) {
            let caught: unknown;
            try {
                modelConfigFromMetadataRecord({ [field]: value }, 'Default.md');
            } catch (error) {
                caught = error;
            }
            expect(caught).toBeInstanceOf(ModelConfigError);
            expect((caught as ModelConfigError).field).toBe(field);
            expect((caught as ModelConfigError).rule).toBe(rule);
            expect((caught as ModelConfigError).source).toBe('Default.md');
        }
    });

    it('skips standard and non-custom fields and blank values; rejects an unknown custom field', () => {
        const config = modelConfigFromMetadataRecord({
            Id: 'm00000000000001',
            MasterLabel: 'Default',
            Label: 'Default',
            QualifiedApiName: 'Default',
            NamespacePrefix: null,
            Language: 'en_US',
            SystemModstamp: '2026-01-01T00:00:00.000Z',
            Description__c: 'the shipped model',
            Notes: 'not a custom field',
            Usage_Weight__c: '',
            Support_Weight__c: undefined,
            Commercial_Weight__c: null
        });
        expect(config).toEqual(DEFAULT_MODEL_CONFIG);
        let caught: unknown;
        try {
            modelConfigFromMetadataRecord({ Usage_Weight_2__c: 3 });
        } catch (error) {
            caught = error;
        }
        expect((caught as ModelConfigError).field).toBe('Usage_Weight_2__c');
        expect((caught as ModelConfigError).rule).toBe('is not a Health_Model__mdt field this engine knows');
        expect((caught as ModelConfigError).source).toBe('Health_Model__mdt record');
    });
});
