// Segment models: a segment names criteria on Account fields and the model (a ModelConfig) that scores the
// accounts it matches. Segments are tried in priority order (lowest number first); the first match scores the
// account, and an account no segment matches is scored by the default model.
//
// Criteria are a tiny, fully parsed language, never pasted into SOQL:
//     Industry in ('Healthcare', 'Biotechnology') and ARR__c >= 250000
// conditions joined by `and`; operators = != < <= > >= in, not in, is blank, is not blank; text in single quotes
// ('' or \' for a quote), numbers, true/false. Text compares ignore letter case (as SOQL's = does); < <= > >=
// apply to numbers and to dates written 'YYYY-MM-DD'. Field names are checked against the org's describe
// (validateCriteria) before the sync names them in a query.
import { parseModelConfig as parseModelConfigForSegment } from './config';
import type { ModelConfig } from './config';

export type CriterionOperator =
    '=' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | 'is blank' | 'is not blank';

export const CRITERION_OPERATORS: readonly CriterionOperator[] = [
    '=',
    '!=',
    '<',
    '<=',
    '>',
    '>=',
    'in',
    'not in',
    'is blank',
    'is not blank'
];

export type CriterionValue = string | number | boolean;

export interface Criterion {
    field: string;
    op: CriterionOperator;
    /** One value for comparisons, a list for in / not in, none for is (not) blank. */
    values: CriterionValue[];
}

export interface Segment {
    /** The segment record's name (Health_Segment.<DeveloperName>), used in messages and reports. */
    name: string;
    /** Lower is tried first. */
    priority: number;
    criteria: Criterion[];
    /** The model that scores the accounts this segment matches. */
    config: ModelConfig;
    /** Where the model came from (Health_Model.<DeveloperName>), for reports. */
    modelSource?: string;
}

/** A criteria text or a segment set the engine cannot use; names the record and, when known, the field. */
export class SegmentError extends Error {
    constructor(
        readonly source: string,
        readonly field: string | null,
        detail: string
    ) {
        super(`${source}${field ? `, ${field}` : ''}: ${detail}`);
        this.name = 'SegmentError';
    }
}

type Token =
    | { kind: 'word'; text: string }
    | { kind: 'string'; text: string }
    | { kind: 'number'; value: number; text: string }
    | { kind: 'op'; text: string }
    | { kind: 'punct'; text: '(' | ')' | ',' };

function tokenize(text: string, source: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < text.length) {
        const c = text[i] as string;
        if (/\s/.test(c)) {
            i++;
        } else if (c === "'") {
            let value = '';
            i++;
            let closed = false;
            while (i < text.length) {
                const d = text[i] as string;
                if (d === '\\' && i + 1 < text.length) {
                    value += text[i + 1];
                    i += 2;
                } else if (d === "'" && text[i + 1] === "'") {
                    value += "'";
                    i += 2;
                } else if (d === "'") {
                    closed = true;
                    i++;
                    break;
                } else {
                    value += d;
                    i++;
                }
            }
            if (!closed) throw new SegmentError(source, 'Criteria__c', `unterminated text value '${value}`);
            tokens.push({ kind: 'string', text: value });
        } else if (c === '(' || c === ')' || c === ',') {
            tokens.push({ kind: 'punct', text: c });
            i++;
        } else if ('=!<>'.includes(c)) {
            const two = text.slice(i, i + 2);
            const op = ['!=', '<=', '>=', '<>'].includes(two) ? two : c;
            if (op === '!')
                throw new SegmentError(source, 'Criteria__c', `unknown operator at "${text.slice(i)}"`);
            tokens.push({ kind: 'op', text: op === '<>' ? '!=' : op });
            i += op.length;
        } else {
            const match = /^-?\d+(?:\.\d+)?(?![\w.])/.exec(text.slice(i));
            if (match) {
                tokens.push({ kind: 'number', value: Number(match[0]), text: match[0] });
                i += match[0].length;
                continue;
            }
            const word = /^[A-Za-z][A-Za-z0-9_]*/.exec(text.slice(i));
            if (!word)
                throw new SegmentError(source, 'Criteria__c', `unexpected "${c}" at "${text.slice(i)}"`);
            tokens.push({ kind: 'word', text: word[0] });
            i += word[0].length;
        }
    }
    return tokens;
}

const isWord = (t: Token | undefined, word: string): boolean =>
    t?.kind === 'word' && t.text.toLowerCase() === word;

function literal(t: Token | undefined, source: string, field: string): CriterionValue {
    if (!t) throw new SegmentError(source, field, 'a value is missing at the end of the criteria');
    if (t.kind === 'string') return t.text;
    if (t.kind === 'number') return t.value;
    if (isWord(t, 'true')) return true;
    if (isWord(t, 'false')) return false;
    throw new SegmentError(
        source,
        field,
        `expected a value ('text', a number, true or false), got "${t.text}" (text values need single quotes)`
    );
}

/** Parses a criteria text; throws SegmentError naming the record (source) and the field. Empty text is refused. */
export function parseCriteria(text: string, source: string): Criterion[] {
    const tokens = tokenize(text, source);
    if (tokens.length === 0)
        throw new SegmentError(source, 'Criteria__c', 'is empty: a segment needs at least one condition');
    const criteria: Criterion[] = [];
    let i = 0;
    for (;;) {
        const fieldToken = tokens[i++];
        if (fieldToken?.kind !== 'word' || ['and', 'in', 'not', 'is'].includes(fieldToken.text.toLowerCase()))
            throw new SegmentError(
                source,
                'Criteria__c',
                `expected an Account field name, got "${fieldToken ? fieldToken.text : 'the end'}"`
            );
        const field = fieldToken.text;
        const next = tokens[i];
        if (next?.kind === 'op') {
            i++;
            criteria.push({
                field,
                op: next.text as CriterionOperator,
                values: [literal(tokens[i++], source, field)]
            });
        } else if (isWord(next, 'in') || (isWord(next, 'not') && isWord(tokens[i + 1], 'in'))) {
            const op: CriterionOperator = isWord(next, 'in') ? 'in' : 'not in';
            i += op === 'in' ? 1 : 2;
            if (tokens[i]?.text !== '(')
                throw new SegmentError(source, field, `${op} needs a list in parentheses`);
            i++;
            const values: CriterionValue[] = [];
            for (;;) {
                values.push(literal(tokens[i++], source, field));
                const sep = tokens[i++];
                if (sep?.text === ')') break;
                if (sep?.text !== ',')
                    throw new SegmentError(source, field, `expected "," or ")" in the ${op} list`);
            }
            criteria.push({ field, op, values });
        } else if (isWord(next, 'is')) {
            const negated = isWord(tokens[i + 1], 'not');
            const blank = tokens[i + (negated ? 2 : 1)];
            if (!isWord(blank, 'blank'))
                throw new SegmentError(source, field, 'expected "is blank" or "is not blank"');
            i += negated ? 3 : 2;
            criteria.push({ field, op: negated ? 'is not blank' : 'is blank', values: [] });
        } else {
            throw new SegmentError(
                source,
                field,
                `expected an operator (${CRITERION_OPERATORS.join(', ')}), got "${next ? next.text : 'the end'}"`
            );
        }
        if (i >= tokens.length) break;
        if (!isWord(tokens[i], 'and'))
            throw new SegmentError(
                source,
                'Criteria__c',
                `expected "and" between conditions, got "${tokens[i]?.text ?? ''}" (only "and" is supported; use a second segment for "or")`
            );
        i++;
    }
    for (const c of criteria) {
        const ordering = ['<', '<=', '>', '>='].includes(c.op);
        const value = c.values[0];
        if (
            ordering &&
            !(typeof value === 'number' || (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)))
        )
            throw new SegmentError(source, c.field, `${c.op} compares numbers or 'YYYY-MM-DD' dates only`);
    }
    return criteria;
}

/** What the sync knows of an Account field from describe. */
export interface FieldDescription {
    name: string;
    type: string;
    picklistValues?: readonly string[];
}

const NUMBER_TYPES = new Set(['double', 'int', 'long', 'currency', 'percent']);
const TEXT_TYPES = new Set([
    'string',
    'picklist',
    'textarea',
    'email',
    'phone',
    'url',
    'id',
    'reference',
    'combobox'
]);

/**
 * Checks each criterion against the object's describe: the field exists (its describe spelling replaces the
 * admin's), the values have the field's type, a picklist value is one of the field's values. Throws SegmentError.
 */
export function validateCriteria(
    criteria: readonly Criterion[],
    describe: ReadonlyMap<string, FieldDescription>,
    source: string
): Criterion[] {
    return criteria.map((c) => {
        const field = describe.get(c.field.toLowerCase());
        if (!field) throw new SegmentError(source, c.field, 'is not a field of Account in this org');
        const kind = NUMBER_TYPES.has(field.type)
            ? 'number'
            : field.type === 'boolean'
              ? 'boolean'
              : field.type === 'date'
                ? 'date'
                : TEXT_TYPES.has(field.type)
                  ? 'text'
                  : null;
        if (!kind)
            throw new SegmentError(
                source,
                field.name,
                `has type ${field.type}, which criteria cannot compare`
            );
        for (const value of c.values) {
            const ok =
                kind === 'number'
                    ? typeof value === 'number'
                    : kind === 'boolean'
                      ? typeof value === 'boolean'
                      : kind === 'date'
                        ? typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
                        : typeof value === 'string';
            if (!ok)
                throw new SegmentError(
                    source,
                    field.name,
                    `is a ${field.type} field: ${JSON.stringify(value)} is not a ${kind === 'date' ? "'YYYY-MM-DD' date" : kind} value`
                );
            if (field.type === 'picklist' && field.picklistValues?.length) {
                const known = field.picklistValues.some(
                    (v) => v.toLowerCase() === String(value).toLowerCase()
                );
                if (!known)
                    throw new SegmentError(
                        source,
                        field.name,
                        `'${String(value)}' is not a value of this picklist (${field.picklistValues.slice(0, 8).join(', ')}${field.picklistValues.length > 8 ? ', ...' : ''})`
                    );
            }
        }
        if ((kind === 'text' || kind === 'boolean') && ['<', '<=', '>', '>='].includes(c.op))
            throw new SegmentError(source, field.name, `${c.op} does not apply to a ${field.type} field`);
        return { ...c, field: field.name };
    });
}

/** The Account fields the segments read (describe spelling after validateCriteria), each once. */
export function criteriaFields(segments: readonly { criteria: readonly Criterion[] }[]): string[] {
    const fields = new Map<string, string>();
    for (const s of segments) for (const c of s.criteria) fields.set(c.field.toLowerCase(), c.field);
    return [...fields.values()];
}

function blank(value: unknown): boolean {
    return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function fieldValue(values: Readonly<Record<string, unknown>>, field: string): unknown {
    if (field in values) return values[field];
    const lower = field.toLowerCase();
    for (const key of Object.keys(values)) if (key.toLowerCase() === lower) return values[key];
    return undefined;
}

function equals(actual: unknown, expected: CriterionValue): boolean {
    if (typeof expected === 'number') {
        const n = typeof actual === 'number' ? actual : Number(String(actual).trim());
        return Number.isFinite(n) && n === expected;
    }
    if (typeof expected === 'boolean') return String(actual).toLowerCase() === String(expected);
    return String(actual).toLowerCase() === expected.toLowerCase();
}

function compare(actual: unknown, expected: CriterionValue): number | null {
    if (typeof expected === 'number') {
        const n = typeof actual === 'number' ? actual : Number(String(actual).trim());
        return Number.isFinite(n) ? n - expected : null;
    }
    const text = String(actual).slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
    return text < String(expected) ? -1 : text > String(expected) ? 1 : 0;
}

/** Whether an account's field values meet every criterion. A blank value meets only `is blank` and `!=`/`not in`. */
export function matchesCriteria(
    criteria: readonly Criterion[],
    values: Readonly<Record<string, unknown>>
): boolean {
    return criteria.every((c) => {
        const actual = fieldValue(values, c.field);
        if (c.op === 'is blank') return blank(actual);
        if (c.op === 'is not blank') return !blank(actual);
        if (blank(actual)) return c.op === '!=' || c.op === 'not in';
        switch (c.op) {
            case '=':
                return equals(actual, c.values[0] as CriterionValue);
            case '!=':
                return !equals(actual, c.values[0] as CriterionValue);
            case 'in':
                return c.values.some((v) => equals(actual, v));
            case 'not in':
                return !c.values.some((v) => equals(actual, v));
            default: {
                const d = compare(actual, c.values[0] as CriterionValue);
                if (d === null) return false;
                return c.op === '<' ? d < 0 : c.op === '<=' ? d <= 0 : c.op === '>' ? d > 0 : d >= 0;
            }
        }
    });
}

/**
 * Chooses the model of each account: segments in priority order (then by name, so the order never depends on
 * how the org listed them), the first match wins, else the default model.
 */
export class ModelSelector {
    readonly segments: readonly Segment[];

    constructor(
        readonly defaultConfig: ModelConfig,
        segments: readonly Segment[]
    ) {
        this.segments = [...segments].sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
        checkSegments(defaultConfig, this.segments);
    }

    /** The segment (null = the default model) that scores an account with these field values. */
    select(values: Readonly<Record<string, unknown>>): Segment | null {
        for (const segment of this.segments) if (matchesCriteria(segment.criteria, values)) return segment;
        return null;
    }

    configFor(values: Readonly<Record<string, unknown>>): ModelConfig {
        return this.select(values)?.config ?? this.defaultConfig;
    }

    /** Every model the selector can choose: the default first. */
    models(): ModelConfig[] {
        return [this.defaultConfig, ...this.segments.map((s) => s.config)];
    }
}

/**
 * The model version is what the Account and the snapshot store, so it must name one model: two different
 * models with the same version would make a stored version ambiguous. Two segments may share one model.
 */
function checkSegments(defaultConfig: ModelConfig, segments: readonly Segment[]): void {
    const byVersion = new Map<string, { config: ModelConfig; owner: string }>([
        [defaultConfig.version, { config: defaultConfig, owner: 'the default model' }]
    ]);
    const priorities = new Map<number, string>();
    for (const s of segments) {
        if (!Number.isFinite(s.priority)) throw new SegmentError(s.name, 'Priority__c', 'must be a number');
        const samePriority = priorities.get(s.priority);
        if (samePriority)
            throw new SegmentError(
                s.name,
                'Priority__c',
                `${s.priority} is also the priority of ${samePriority}: give each active segment its own priority so the order is explicit`
            );
        priorities.set(s.priority, s.name);
        const seen = byVersion.get(s.config.version);
        if (seen && seen.config !== s.config && JSON.stringify(seen.config) !== JSON.stringify(s.config))
            throw new SegmentError(
                s.name,
                'Model__c',
                `its model's version "${s.config.version}" is also the version of ${seen.owner} with different settings: give each model its own Model_Version__c (the Account and the snapshot store the version)`
            );
        if (!seen) byVersion.set(s.config.version, { config: s.config, owner: s.modelSource ?? s.name });
    }
}

/**
 * Segments from JSON (`--segments file.json` of `score` and `backtest`):
 * `{ "segments": [{ "name", "priority", "criteria", "model": { ModelConfig keys } }] }` (or the bare array).
 * Without an org there is no describe: fields are checked against the dataset by the caller.
 */
export function parseSegmentsJson(raw: unknown, source: string): Segment[] {
    const list = Array.isArray(raw)
        ? raw
        : raw !== null && typeof raw === 'object' && Array.isArray((raw as { segments?: unknown }).segments)
          ? (raw as { segments: unknown[] }).segments
          : null;
    if (!list) throw new SegmentError(source, null, 'must be {"segments": [...]} or an array of segments');
    return list.map((item, index) => {
        const where = `${source} segments[${index}]`;
        if (item === null || typeof item !== 'object')
            throw new SegmentError(where, null, 'must be an object');
        const { name, priority, criteria, model, ...rest } = item as Record<string, unknown>;
        const extra = Object.keys(rest);
        if (extra.length)
            throw new SegmentError(
                where,
                extra[0] as string,
                'is not a segment key (name, priority, criteria, model)'
            );
        if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
            throw new SegmentError(where, 'name', 'must be an API-style name (letters, digits, _)');
        if (typeof priority !== 'number' || !Number.isFinite(priority))
            throw new SegmentError(name, 'priority', 'must be a number');
        if (typeof criteria !== 'string') throw new SegmentError(name, 'criteria', 'must be a text');
        let config: ModelConfig;
        try {
            config = parseModelConfigForSegment(model, `${name} model`);
        } catch (error) {
            throw new SegmentError(name, 'model', error instanceof Error ? error.message : String(error));
        }
        return {
            name,
            priority,
            criteria: parseCriteria(criteria, name),
            config,
            modelSource: `${name} model`
        };
    });
}
