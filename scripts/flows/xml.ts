/**
 * A small XML reader for Salesforce metadata files (flows, custom metadata records, field definitions):
 * elements, attributes, text, entities, comments and CDATA. No DTDs, no namespaces beyond keeping the
 * prefixed name. Enough to let tests read what a flow really says, without a new dependency.
 */

export interface XmlElement {
    name: string;
    attributes: Record<string, string>;
    children: XmlElement[];
    /** The element's own text (character data directly inside it), entities decoded. */
    text: string;
}

export class XmlError extends Error {
    readonly code = 'XML_MALFORMED';
    constructor(
        message: string,
        readonly file: string,
        readonly line: number
    ) {
        super(
            `${file}:${line}: ${message} (fix the XML by hand or re-save the file from Flow Builder / Setup)`
        );
        this.name = 'XmlError';
    }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
    return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, entity: string) => {
        if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
        if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
        return ENTITIES[entity] ?? whole;
    });
}

const NAME = '[A-Za-z_][\\w.:-]*';
const OPEN_TAG = new RegExp(`^<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`);
const ATTRIBUTE = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g');

/** Parses one XML document and returns its root element. `file` only names the source in errors. */
export function parseXml(source: string, file = '<xml>'): XmlElement {
    const stack: XmlElement[] = [];
    let root: XmlElement | undefined;
    let at = 0;
    const lineAt = (index: number): number => source.slice(0, index).split('\n').length;
    const fail = (message: string): never => {
        throw new XmlError(message, file, lineAt(at));
    };

    while (at < source.length) {
        const lt = source.indexOf('<', at);
        const textEnd = lt === -1 ? source.length : lt;
        if (textEnd > at) {
            const text = source.slice(at, textEnd);
            const parent = stack[stack.length - 1];
            if (parent) parent.text += decode(text);
            else if (text.trim()) fail('text outside the root element');
            at = textEnd;
            continue;
        }
        if (source.startsWith('<?', at)) {
            const end = source.indexOf('?>', at);
            if (end === -1) fail('unterminated processing instruction');
            at = end + 2;
        } else if (source.startsWith('<!--', at)) {
            const end = source.indexOf('-->', at);
            if (end === -1) fail('unterminated comment');
            at = end + 3;
        } else if (source.startsWith('<![CDATA[', at)) {
            const end = source.indexOf(']]>', at);
            const parent = stack[stack.length - 1];
            if (end === -1 || !parent) fail('misplaced or unterminated CDATA');
            parent!.text += source.slice(at + 9, end);
            at = end + 3;
        } else if (source.startsWith('</', at)) {
            const end = source.indexOf('>', at);
            const name = source.slice(at + 2, end).trim();
            const open = stack.pop();
            if (!open || open.name !== name)
                fail(`closing tag </${name}> does not match <${open?.name ?? ''}>`);
            at = end + 1;
        } else {
            const match = OPEN_TAG.exec(source.slice(at));
            if (!match) fail('malformed tag');
            const [whole, name, rawAttributes, selfClosing] = match!;
            const element: XmlElement = { name: name!, attributes: {}, children: [], text: '' };
            for (const attribute of rawAttributes!.matchAll(ATTRIBUTE))
                element.attributes[attribute[1]!] = decode(attribute[2] ?? attribute[3] ?? '');
            const parent = stack[stack.length - 1];
            if (parent) parent.children.push(element);
            else if (root) fail('second root element');
            else root = element;
            if (!selfClosing) stack.push(element);
            at += whole.length;
        }
    }
    if (stack.length) fail(`<${stack[stack.length - 1]!.name}> is never closed`);
    if (!root) fail('no root element');
    return root!;
}

/** Child elements called `name`. */
export function all(element: XmlElement, name: string): XmlElement[] {
    return element.children.filter((child) => child.name === name);
}

/** The first child element called `name`, or undefined. */
export function first(element: XmlElement | undefined, name: string): XmlElement | undefined {
    return element?.children.find((child) => child.name === name);
}

/** Text of the first child called `name` (trimmed), or undefined when there is none. */
export function textOf(element: XmlElement | undefined, name: string): string | undefined {
    const child = first(element, name);
    return child === undefined ? undefined : child.text.trim();
}

/** Follows a path of child names, e.g. `path(flow, 'start', 'scheduledPaths', 'offsetNumber')`. */
export function path(element: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
    return names.reduce<XmlElement | undefined>((at, name) => first(at, name), element);
}
