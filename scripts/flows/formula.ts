/**
 * A small evaluator for the Salesforce formula subset the playbook flows use (entry formula and formula
 * resources): literals, {!merge.fields}, + - * / & = == <> != < > <= >= && || and the functions below.
 * Dates are whole days (`SfDate`); blank is null, and "" counts as blank, as in Salesforce.
 */

export class SfDate {
    private constructor(readonly epochDay: number) {}
    static of(iso: string): SfDate {
        const time = Date.parse(`${iso}T00:00:00Z`);
        if (Number.isNaN(time)) throw new FormulaError(`not a date: ${iso}`);
        return new SfDate(Math.round(time / 86_400_000));
    }
    plusDays(days: number): SfDate {
        return new SfDate(this.epochDay + Math.round(days));
    }
    toString(): string {
        return new Date(this.epochDay * 86_400_000).toISOString().slice(0, 10);
    }
}

export type Scalar = string | number | boolean | SfDate | null;

export class FormulaError extends Error {
    readonly code = 'FORMULA';
    constructor(message: string) {
        super(message);
        this.name = 'FormulaError';
    }
}

type Node =
    | { kind: 'literal'; value: Scalar }
    | { kind: 'merge'; path: string }
    | { kind: 'call'; name: string; args: Node[] }
    | { kind: 'binary'; op: string; left: Node; right: Node }
    | { kind: 'negate'; operand: Node };

export interface FormulaContext {
    /** Value of a merge field such as `$Record.Health_Score__c` or `scoreDrop`. */
    resolve(path: string): Scalar;
    /** Value before the change, for ISCHANGED / PRIORVALUE (`$Record.X` is read as `$Record__Prior.X`). */
    resolvePrior(path: string): Scalar;
}

const OPERATORS = ['&&', '||', '<>', '!=', '<=', '>=', '==', '=', '<', '>', '+', '-', '*', '/', '&'];
const PRECEDENCE: Record<string, number> = {
    '||': 1,
    '&&': 2,
    '=': 3,
    '==': 3,
    '<>': 3,
    '!=': 3,
    '<': 3,
    '>': 3,
    '<=': 3,
    '>=': 3,
    '+': 4,
    '-': 4,
    '&': 4,
    '*': 5,
    '/': 5
};

type Token =
    | { type: 'num'; value: number }
    | { type: 'str'; value: string }
    | { type: 'merge'; value: string }
    | { type: 'name'; value: string }
    | { type: 'op'; value: string }
    | { type: 'punct'; value: '(' | ')' | ',' };

function tokenize(source: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < source.length) {
        const ch = source[i]!;
        if (/\s/.test(ch)) {
            i++;
        } else if (source.startsWith('{!', i)) {
            const end = source.indexOf('}', i);
            if (end === -1) throw new FormulaError(`unterminated merge field at ${i}`);
            tokens.push({ type: 'merge', value: source.slice(i + 2, end).trim() });
            i = end + 1;
        } else if (ch === '"' || ch === "'") {
            let value = '';
            let j = i + 1;
            while (j < source.length && source[j] !== ch) {
                if (source[j] === '\\') j++;
                value += source[j] ?? '';
                j++;
            }
            if (j >= source.length) throw new FormulaError(`unterminated string at ${i}`);
            tokens.push({ type: 'str', value });
            i = j + 1;
        } else if (/[0-9.]/.test(ch)) {
            const match = /^[0-9]*\.?[0-9]+/.exec(source.slice(i))!;
            tokens.push({ type: 'num', value: Number(match[0]) });
            i += match[0].length;
        } else if (/[A-Za-z_]/.test(ch)) {
            const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
            tokens.push({ type: 'name', value: match[0] });
            i += match[0].length;
        } else if (ch === '(' || ch === ')' || ch === ',') {
            tokens.push({ type: 'punct', value: ch });
            i++;
        } else {
            const op = OPERATORS.find((candidate) => source.startsWith(candidate, i));
            if (!op) throw new FormulaError(`unexpected character ${ch} at ${i}`);
            tokens.push({ type: 'op', value: op });
            i += op.length;
        }
    }
    return tokens;
}

function parse(source: string): Node {
    const tokens = tokenize(source);
    let at = 0;
    const peek = () => tokens[at];
    const expectPunct = (value: string) => {
        const token = tokens[at++];
        if (token?.type !== 'punct' || token.value !== value)
            throw new FormulaError(`expected ${value} in ${source}`);
    };
    const primary = (): Node => {
        const token = tokens[at++];
        if (!token) throw new FormulaError(`unexpected end of ${source}`);
        if (token.type === 'num') return { kind: 'literal', value: token.value };
        if (token.type === 'str') return { kind: 'literal', value: token.value };
        if (token.type === 'merge') return { kind: 'merge', path: token.value };
        if (token.type === 'op' && token.value === '-') return { kind: 'negate', operand: primary() };
        if (token.type === 'punct' && token.value === '(') {
            const inner = expression(0);
            expectPunct(')');
            return inner;
        }
        if (token.type === 'name') {
            const upper = token.value.toUpperCase();
            if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'literal', value: upper === 'TRUE' };
            if (upper === 'NULL') return { kind: 'literal', value: null };
            expectPunct('(');
            const args: Node[] = [];
            if (!(peek()?.type === 'punct' && peek()?.value === ')')) {
                args.push(expression(0));
                while (peek()?.type === 'punct' && peek()?.value === ',') {
                    at++;
                    args.push(expression(0));
                }
            }
            expectPunct(')');
            return { kind: 'call', name: upper, args };
        }
        throw new FormulaError(`unexpected ${token.value} in ${source}`);
    };
    const expression = (minPrecedence: number): Node => {
        let left = primary();
        for (;;) {
            const token = peek();
            if (token?.type !== 'op') return left;
            const precedence = PRECEDENCE[token.value]!;
            if (precedence <= minPrecedence) return left;
            at++;
            left = { kind: 'binary', op: token.value, left, right: expression(precedence) };
        }
    };
    const tree = expression(0);
    if (at !== tokens.length) throw new FormulaError(`unexpected ${tokens[at]?.value} in ${source}`);
    return tree;
}

const isBlank = (value: Scalar): boolean => value === null || value === '';

function equal(left: Scalar, right: Scalar): boolean {
    if (isBlank(left) || isBlank(right)) return isBlank(left) && isBlank(right);
    if (left instanceof SfDate && right instanceof SfDate) return left.epochDay === right.epochDay;
    return left === right;
}

function asNumber(value: Scalar, what: string): number | null {
    if (isBlank(value)) return null;
    if (typeof value === 'number') return value;
    throw new FormulaError(`${what}: expected a number, got ${String(value)}`);
}

function compare(op: string, left: Scalar, right: Scalar): boolean {
    if (isBlank(left) || isBlank(right)) return false;
    const a = left instanceof SfDate ? left.epochDay : left;
    const b = right instanceof SfDate ? right.epochDay : right;
    if (op === '<') return (a as number) < (b as number);
    if (op === '>') return (a as number) > (b as number);
    if (op === '<=') return (a as number) <= (b as number);
    return (a as number) >= (b as number);
}

function text(value: Scalar): string {
    if (value === null) return '';
    return value instanceof SfDate ? value.toString() : String(value);
}

function evaluate(node: Node, context: FormulaContext): Scalar {
    const ev = (child: Node) => evaluate(child, context);
    const bool = (child: Node) => ev(child) === true;
    switch (node.kind) {
        case 'literal':
            return node.value;
        case 'merge':
            return context.resolve(node.path);
        case 'negate': {
            const value = asNumber(ev(node.operand), 'unary minus');
            return value === null ? null : -value;
        }
        case 'binary': {
            const { op } = node;
            if (op === '&&') return bool(node.left) && bool(node.right);
            if (op === '||') return bool(node.left) || bool(node.right);
            const left = ev(node.left);
            const right = ev(node.right);
            if (op === '=' || op === '==') return equal(left, right);
            if (op === '<>' || op === '!=') return !equal(left, right);
            if (['<', '>', '<=', '>='].includes(op)) return compare(op, left, right);
            if (op === '&') return text(left) + text(right);
            if (left instanceof SfDate) {
                const days = asNumber(right instanceof SfDate ? null : right, 'date arithmetic');
                if (op === '-' && right instanceof SfDate) return left.epochDay - right.epochDay;
                if (days === null) return null;
                if (op === '+') return left.plusDays(days);
                if (op === '-') return left.plusDays(-days);
            }
            const a = asNumber(left, op);
            const b = asNumber(right, op);
            if (a === null || b === null) return null;
            if (op === '+') return a + b;
            if (op === '-') return a - b;
            if (op === '*') return a * b;
            return b === 0 ? null : a / b;
        }
        case 'call':
            return call(node, context, ev);
    }
}

function call(
    node: Extract<Node, { kind: 'call' }>,
    context: FormulaContext,
    ev: (child: Node) => Scalar
): Scalar {
    const { name, args } = node;
    const arg = (index: number): Node => {
        const found = args[index];
        if (!found) throw new FormulaError(`${name}: missing argument ${index + 1}`);
        return found;
    };
    const mergePath = (index: number): string => {
        const found = arg(index);
        if (found.kind !== 'merge') throw new FormulaError(`${name} needs a field`);
        return found.path;
    };
    switch (name) {
        case 'IF':
            return ev(arg(0)) === true ? ev(arg(1)) : ev(arg(2));
        case 'NOT':
            return ev(arg(0)) !== true;
        case 'AND':
            return args.every((child) => ev(child) === true);
        case 'OR':
            return args.some((child) => ev(child) === true);
        case 'ISBLANK':
            return isBlank(ev(arg(0)));
        case 'BLANKVALUE': {
            const value = ev(arg(0));
            return isBlank(value) ? ev(arg(1)) : value;
        }
        case 'TEXT':
            return text(ev(arg(0)));
        case 'LEFT': {
            const count = asNumber(ev(arg(1)), 'LEFT') ?? 0;
            return text(ev(arg(0))).slice(0, count);
        }
        case 'MAX': {
            const values = args.map((child) => asNumber(ev(child), 'MAX'));
            return values.some((value) => value === null) ? null : Math.max(...(values as number[]));
        }
        case 'ISCHANGED': {
            const path = mergePath(0);
            return !equal(context.resolve(path), context.resolvePrior(path));
        }
        case 'PRIORVALUE':
            return context.resolvePrior(mergePath(0));
        default:
            throw new FormulaError(`function ${name} is not supported by this evaluator`);
    }
}

const cache = new Map<string, Node>();

/** Evaluates a formula expression; throws FormulaError on syntax it does not know. */
export function evaluateFormula(expression: string, context: FormulaContext): Scalar {
    let tree = cache.get(expression);
    if (!tree) {
        tree = parse(expression);
        cache.set(expression, tree);
    }
    return evaluate(tree, context);
}

/** Text of a merge-field template: each {!path} replaced by its value as text. */
export function mergeText(template: string, resolve: (path: string) => Scalar): string {
    return template.replace(/\{!([^}]+)\}/g, (_whole, path: string) => text(resolve(path.trim())));
}
