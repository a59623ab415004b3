/**
 * SOQL for the emulator: parsed with @jetstreamapp/soql-parser-js, checked against the schema (unknown object →
 * INVALID_TYPE, unknown field → INVALID_FIELD) and compiled to a predicate, an order and a projection.
 * Supported: field lists with parent relationship paths (Owner.ManagerId), COUNT(), WHERE with AND/OR/NOT and
 * parentheses, = != < <= > >= LIKE IN NOT IN, null, booleans, numbers, strings, date and date-time literals,
 * TODAY / YESTERDAY / TOMORROW / LAST_N_DAYS:n / NEXT_N_DAYS:n / N_DAYS_AGO:n, ORDER BY (ASC/DESC, NULLS),
 * LIMIT, OFFSET. Anything else (subqueries, GROUP BY, other functions) is refused with a clear error.
 */
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import type { FieldDef, ObjectDef, Schema } from './schema';
import { findObject } from './schema';
import { ApiError, invalidField, invalidType } from './errors';

export type StoredValue = string | number | boolean | null;
export type StoredRecord = Record<string, StoredValue>;

/** Resolves a value of a record along a relationship path; supplied by the store. */
export type PathResolver = (object: ObjectDef, record: StoredRecord, path: ResolvedPath) => StoredValue;

export interface ResolvedPath {
    /** Reference fields followed, in order (e.g. OwnerId for Owner.ManagerId). */
    hops: FieldDef[];
    field: FieldDef;
    /** The name as written in the query, used for the column/key in results (e.g. Owner.ManagerId). */
    label: string;
}

export interface CompiledQuery {
    object: ObjectDef;
    /** Fields named in WHERE (lower case), e.g. to require a RecordId filter on UserRecordAccess. */
    filterFields: Set<string>;
    countOnly: boolean;
    select: ResolvedPath[];
    where: (record: StoredRecord) => boolean;
    compare: ((a: StoredRecord, b: StoredRecord) => number) | undefined;
    limit: number | undefined;
    offset: number;
}

function malformed(message: string): ApiError {
    return new ApiError(400, 'MALFORMED_QUERY', message);
}

/** Follows `Owner.ManagerId` through the schema; the last segment must be a field of the last object. */
export function resolvePath(schema: Schema, object: ObjectDef, raw: string): ResolvedPath {
    const segments = raw.split('.');
    const hops: FieldDef[] = [];
    let current = object;
    for (const relationship of segments.slice(0, -1)) {
        const reference = [...current.fields.values()].find(
            (f) => f.type === 'reference' && f.relationshipName?.toLowerCase() === relationship.toLowerCase()
        );
        if (!reference) {
            throw new ApiError(
                400,
                'INVALID_FIELD',
                `Didn't understand relationship '${relationship}' in field path '${raw}' on entity '${current.name}'.`,
                [raw]
            );
        }
        const target = findObject(schema, reference.referenceTo?.[0] ?? '');
        if (!target) throw invalidField(current.name, raw);
        hops.push(reference);
        current = target;
    }
    const leaf = segments[segments.length - 1] as string;
    const field = current.fields.get(leaf.toLowerCase());
    if (!field) throw invalidField(current.name, leaf);
    return { hops, field, label: raw };
}

// ---- WHERE -------------------------------------------------------------------------------------------

interface Condition {
    field: string;
    operator: string;
    literalType?: string | string[];
    value?: string | string[];
    dateLiteralVariable?: number | number[];
    openParen?: number;
    closeParen?: number;
}
interface WhereNode {
    left: Condition | null;
    operator?: string;
    right?: WhereNode;
}
type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | Condition;

function tokenize(node: WhereNode | undefined, tokens: Token[] = []): Token[] {
    if (!node) return tokens;
    if (node.left === null) {
        if (node.operator === 'NOT') tokens.push('NOT');
        return tokenize(node.right, tokens);
    }
    const condition = node.left;
    for (let i = 0; i < (condition.openParen ?? 0); i++) tokens.push('(');
    tokens.push(condition);
    for (let i = 0; i < (condition.closeParen ?? 0); i++) tokens.push(')');
    if (node.operator === 'AND' || node.operator === 'OR') tokens.push(node.operator);
    else if (node.operator) throw malformed(`unsupported WHERE operator ${node.operator}`);
    return tokenize(node.right, tokens);
}

type Predicate = (record: StoredRecord) => boolean;

function addDays(date: string, days: number): string {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
}

/** A date literal becomes a [from, to) range of YYYY-MM-DD days. */
function dateLiteralRange(literal: string, n: number | undefined, today: string): [string, string] {
    const name = literal.split(':')[0]?.toUpperCase();
    const count = n ?? Number(literal.split(':')[1]);
    switch (name) {
        case 'TODAY':
            return [today, addDays(today, 1)];
        case 'YESTERDAY':
            return [addDays(today, -1), today];
        case 'TOMORROW':
            return [addDays(today, 1), addDays(today, 2)];
        case 'LAST_N_DAYS':
            return [addDays(today, -count), addDays(today, 1)];
        case 'NEXT_N_DAYS':
            return [today, addDays(today, count + 1)];
        case 'N_DAYS_AGO':
            return [addDays(today, -count), addDays(today, -count + 1)];
        default:
            throw malformed(`date literal ${literal} is not supported by the emulator`);
    }
}

function comparable(field: FieldDef, value: StoredValue): number | string | boolean | null {
    if (value === null) return null;
    if (field.type === 'datetime') return Date.parse(String(value));
    if (typeof value === 'string' && field.type !== 'date') return value.toLowerCase();
    return value;
}

const QUOTE_REFUSED: Partial<Record<FieldDef['type'], string>> = {
    date: 'date',
    datetime: 'dateTime',
    boolean: 'boolean',
    double: 'double',
    int: 'int',
    currency: 'currency',
    percent: 'percent'
};

/** The org's answer to a literal of the wrong kind, e.g. a quoted date or 'true' for a checkbox. */
function notOfType(field: FieldDef, type: string): ApiError {
    return new ApiError(
        400,
        'INVALID_FIELD',
        `value of filter criterion for field '${field.name}' must be of type ${type} and should not be enclosed in quotes`,
        [field.name]
    );
}

function literalValue(field: FieldDef, type: string, raw: string): StoredValue {
    switch (type) {
        case 'STRING': {
            // Dates, date-times, booleans and numbers are unquoted in SOQL: a real org refuses quotes.
            const expected = QUOTE_REFUSED[field.type];
            if (expected) throw notOfType(field, expected);
            return raw.replace(/^'|'$/g, '').replace(/\\(.)/g, '$1');
        }
        case 'INTEGER':
        case 'DECIMAL':
        case 'INTEGER_WITH_CURRENCY_PREFIX':
        case 'DECIMAL_WITH_CURRENCY_PREFIX':
            return Number(raw.replace(/^[A-Z]{3}/, ''));
        case 'BOOLEAN':
            return raw.toUpperCase() === 'TRUE';
        case 'NULL':
            return null;
        case 'DATE':
            if (field.type === 'datetime')
                throw malformed(
                    `value of filter criterion for field '${field.name}' must be of type dateTime and should not be enclosed in quotes`
                );
            return raw;
        case 'DATETIME':
            if (field.type === 'date')
                throw malformed(
                    `value of filter criterion for field '${field.name}' must be of type date and should not be enclosed in quotes`
                );
            return raw;
        default:
            throw malformed(`literal type ${type} is not supported by the emulator`);
    }
}

function likeToRegExp(pattern: string): RegExp {
    const escaped = pattern
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*')
        .replace(/_/g, '.');
    return new RegExp(`^${escaped}$`, 'is');
}

function compileCondition(
    schema: Schema,
    object: ObjectDef,
    condition: Condition,
    resolve: PathResolver,
    today: string
): Predicate {
    const resolved = resolvePath(schema, object, condition.field);
    const field = resolved.field;
    if (field.longText)
        throw new ApiError(400, 'INVALID_FIELD', `field '${field.name}' can not be filtered in query call`, [
            field.name
        ]);
    const get = (record: StoredRecord): StoredValue => resolve(object, record, resolved);
    const operator = condition.operator.toUpperCase();
    const literalType = Array.isArray(condition.literalType)
        ? condition.literalType[0]
        : condition.literalType;
    if (literalType === 'DATE_LITERAL' || literalType === 'DATE_N_LITERAL') {
        const n = Array.isArray(condition.dateLiteralVariable)
            ? condition.dateLiteralVariable[0]
            : condition.dateLiteralVariable;
        const [from, to] = dateLiteralRange(String(condition.value), n, today);
        const day = (record: StoredRecord): string | null => {
            const v = get(record);
            return v === null ? null : String(v).slice(0, 10);
        };
        const checks: Record<string, (d: string) => boolean> = {
            '=': (d) => d >= from && d < to,
            '!=': (d) => d < from || d >= to,
            '<': (d) => d < from,
            '<=': (d) => d < to,
            '>': (d) => d >= to,
            '>=': (d) => d >= from
        };
        const check = checks[operator];
        if (!check) throw malformed(`operator ${operator} with a date literal is not supported`);
        return (record) => {
            const d = day(record);
            return d !== null && check(d);
        };
    }
    if (operator === 'IN' || operator === 'NOT IN') {
        const raws = Array.isArray(condition.value) ? condition.value : [String(condition.value)];
        const types = Array.isArray(condition.literalType)
            ? condition.literalType
            : raws.map(() => literalType ?? 'STRING');
        const set = new Set(
            raws.map((raw, i) => comparable(field, literalValue(field, types[i] ?? 'STRING', raw)))
        );
        return operator === 'IN'
            ? (record) => set.has(comparable(field, get(record)))
            : (record) => !set.has(comparable(field, get(record)));
    }
    const literal = literalValue(field, literalType ?? 'STRING', String(condition.value));
    if (operator === 'LIKE') {
        const regexp = likeToRegExp(String(literal));
        return (record) => {
            const v = get(record);
            return v !== null && regexp.test(String(v));
        };
    }
    const right = comparable(field, literal);
    const compare = (left: number | string | boolean | null): boolean => {
        switch (operator) {
            case '=':
                return left === right;
            case '!=':
            case '<>':
                return left !== right;
            case '<':
                return left !== null && right !== null && left < right;
            case '<=':
                return left !== null && right !== null && left <= right;
            case '>':
                return left !== null && right !== null && left > right;
            case '>=':
                return left !== null && right !== null && left >= right;
            default:
                throw malformed(`operator ${operator} is not supported by the emulator`);
        }
    };
    return (record) => compare(comparable(field, get(record)));
}

function parseExpression(tokens: Token[], compile: (c: Condition) => Predicate): Predicate {
    let position = 0;
    const peek = (): Token | undefined => tokens[position];
    const expression = (): Predicate => {
        const terms = [term()];
        while (peek() === 'OR') {
            position++;
            terms.push(term());
        }
        return terms.length === 1 ? (terms[0] as Predicate) : (r) => terms.some((t) => t(r));
    };
    const term = (): Predicate => {
        const factors = [factor()];
        while (peek() === 'AND') {
            position++;
            factors.push(factor());
        }
        return factors.length === 1 ? (factors[0] as Predicate) : (r) => factors.every((f) => f(r));
    };
    const factor = (): Predicate => {
        const token = tokens[position++];
        if (token === 'NOT') {
            const inner = factor();
            return (r) => !inner(r);
        }
        if (token === '(') {
            const inner = expression();
            if (tokens[position++] !== ')') throw malformed('unbalanced parentheses in WHERE');
            return inner;
        }
        if (token === undefined || typeof token === 'string') throw malformed('malformed WHERE clause');
        return compile(token);
    };
    const predicate = expression();
    if (position !== tokens.length) throw malformed('malformed WHERE clause');
    return predicate;
}

// ---- the query --------------------------------------------------------------------------------------

interface ParsedField {
    type: string;
    field?: string;
    rawValue?: string;
    functionName?: string;
    relationships?: string[];
}
interface ParsedOrderBy {
    field?: string;
    order?: string;
    nulls?: string;
}

export function compileQuery(
    schema: Schema,
    soql: string,
    resolve: PathResolver,
    today: string
): CompiledQuery {
    let parsed: ReturnType<typeof parseQuery>;
    try {
        parsed = parseQuery(soql);
    } catch (error) {
        throw malformed(
            `unexpected token in query: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
        );
    }
    const objectName = parsed.sObject ?? '';
    const object = findObject(schema, objectName);
    if (!object) throw invalidType(objectName);
    if (parsed.groupBy || parsed.having)
        throw malformed('GROUP BY / HAVING are not supported by the emulator');
    let countOnly = false;
    const select: ResolvedPath[] = [];
    for (const raw of parsed.fields as ParsedField[]) {
        if (raw.type === 'Field' && raw.field) select.push(resolvePath(schema, object, raw.field));
        else if (raw.type === 'FieldRelationship' && raw.rawValue)
            select.push(resolvePath(schema, object, raw.rawValue));
        else if (
            raw.type === 'FieldFunctionExpression' &&
            raw.functionName?.toUpperCase() === 'COUNT' &&
            parsed.fields?.length === 1
        )
            countOnly = true;
        else throw malformed(`select item ${raw.rawValue ?? raw.type} is not supported by the emulator`);
    }
    const filterFields = new Set<string>();
    const where = parsed.where
        ? parseExpression(tokenize(parsed.where as WhereNode), (c) => {
              filterFields.add(c.field.toLowerCase());
              return compileCondition(schema, object, c, resolve, today);
          })
        : () => true;
    const orderBy = (
        (Array.isArray(parsed.orderBy)
            ? parsed.orderBy
            : parsed.orderBy
              ? [parsed.orderBy]
              : []) as ParsedOrderBy[]
    ).map((o) => {
        if (!o.field) throw malformed('ORDER BY supports fields only');
        const path = resolvePath(schema, object, o.field);
        if (path.field.longText)
            throw new ApiError(
                400,
                'INVALID_FIELD',
                `field '${path.field.name}' can not be sorted in a query call`,
                [path.field.name]
            );
        const descending = o.order?.toUpperCase() === 'DESC';
        return { path, descending, nullsLast: o.nulls ? o.nulls.toUpperCase() === 'LAST' : descending };
    });
    const compare = orderBy.length
        ? (a: StoredRecord, b: StoredRecord): number => {
              for (const { path, descending, nullsLast } of orderBy) {
                  const x = comparable(path.field, resolve(object, a, path));
                  const y = comparable(path.field, resolve(object, b, path));
                  if (x === y) continue;
                  if (x === null) return nullsLast ? 1 : -1;
                  if (y === null) return nullsLast ? -1 : 1;
                  const order = x < y ? -1 : 1;
                  return descending ? -order : order;
              }
              return 0;
          }
        : undefined;
    return {
        object,
        filterFields,
        countOnly,
        select,
        where,
        compare,
        limit: parsed.limit,
        offset: parsed.offset ?? 0
    };
}
