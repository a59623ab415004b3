import { all, first, parseXml, path, textOf, XmlError } from './xml';

describe('parseXml', () => {
    it('reads elements, attributes, entities and CDATA', () => {
        const root = parseXml(
            `<?xml version="1.0" encoding="UTF-8" ?>
<!-- a comment -->
<Flow xmlns="http://soap.sforce.com/2006/04/metadata">
    <formulas>
        <expression>A &amp;&amp; B &lt; &quot;x&apos;s&quot; &#65;&#x42;</expression>
    </formulas>
    <values><value xsi:nil="true"/></values>
    <text><![CDATA[<kept as is> & raw]]></text>
</Flow>`
        );
        expect(root.name).toBe('Flow');
        expect(root.attributes.xmlns).toBe('http://soap.sforce.com/2006/04/metadata');
        expect(textOf(first(root, 'formulas'), 'expression')).toBe('A && B < "x\'s" AB');
        expect(path(root, 'values', 'value')?.attributes['xsi:nil']).toBe('true');
        expect(textOf(root, 'text')).toBe('<kept as is> & raw');
        expect(all(root, 'formulas')).toHaveLength(1);
    });

    it('keeps text exactly, line breaks included', () => {
        const root = parseXml('<t><text>line one\n\nline two</text></t>');
        expect(first(root, 'text')!.text).toBe('line one\n\nline two');
    });

    it.each([
        ['<a><b></a>', /closing tag <\/a> does not match <b>/],
        ['<a>', /<a> is never closed/],
        ['text', /text outside the root element/],
        ['<a/><b/>', /second root element/],
        ['<a><!-- open</a>', /unterminated comment/],
        ['<a><1/></a>', /malformed tag/]
    ])('rejects %s with a located error', (xml, message) => {
        expect(() => parseXml(xml, 'broken.xml')).toThrow(message);
        try {
            parseXml(xml, 'broken.xml');
        } catch (error) {
            expect(error).toBeInstanceOf(XmlError);
            expect((error as XmlError).code).toBe('XML_MALFORMED');
            expect((error as XmlError).message).toMatch(/^broken\.xml:\d+: /);
        }
    });
});
