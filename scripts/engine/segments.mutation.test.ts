// Pins segments.ts at its documented rules (issue 13; the header of segments.ts, docs/model-configuration.md
// "Segment models" and docs/dataset-format.md "--segments"): the criteria language token by token (operators,
// quoted text with '' and \', numbers, true/false, and/in/not in/is blank), every refusal with the record, the
// field and the exact words; describe checks per field type; matching (text ignoring case, numbers also from
// text, dates compared as 'YYYY-MM-DD', blank values); the selector's order and its version/priority rules; and
// the segments JSON file. Every expected value is worked out by hand from those rules.
import { DEFAULT_MODEL_CONFIG, parseModelConfig } from './config';
import {
    ModelSelector,
    SegmentError,
    criteriaFields,
    matchesCriteria,
    parseCriteria,
    parseSegmentsJson,
    validateCriteria
} from './segments';
import type { Criterion, FieldDescription, Segment } from './segments';

/** The error's message (and field), or null when nothing is thrown. */
function failure(run: () => unknown): { message: string; source: string; field: string | null } | null {
    try {
        run();
        return null;
    } catch (error) {
        expect(error).toBeInstanceOf(SegmentError);
        const e = error as SegmentError;
        expect(e.name).toBe('SegmentError');
        return { message: e.message, source: e.source, field: e.field };
    }
}
const parseFailure = (text: string) => failure(() => parseCriteria(text, 'S'))?.message ?? null;

describe('parseCriteria: the tokens', () => {
    it('reads every comparison operator, <> as !=, with or without spaces', () => {
        expect(parseCriteria('A=1 and B!=2 and C<3 and D<=4 and E>5 and F>=6 and G<>7', 'S')).toEqual([
            { field: 'A', op: '=', values: [1] },
            { field: 'B', op: '!=', values: [2] },
            { field: 'C', op: '<', values: [3] },
            { field: 'D', op: '<=', values: [4] },
            { field: 'E', op: '>', values: [5] },
            { field: 'F', op: '>=', values: [6] },
            { field: 'G', op: '!=', values: [7] }
        ]);
        // tabs and line breaks are spaces
        expect(parseCriteria("Industry\t=\n'Retail'\r\nAND\tARR__c > 5", 'S')).toEqual([
            { field: 'Industry', op: '=', values: ['Retail'] },
            { field: 'ARR__c', op: '>', values: [5] }
        ]);
    });

    it("quoted text: '' and \\' are a quote, a backslash escapes the next character, spaces are kept", () => {
        expect(parseCriteria("Name = 'O''Brien'", 'S')[0]?.values).toEqual(["O'Brien"]);
        expect(parseCriteria("Name = 'O\\'Brien'", 'S')[0]?.values).toEqual(["O'Brien"]);
        expect(parseCriteria("Name = 'a\\\\b'", 'S')[0]?.values).toEqual(['a\\b']);
        expect(parseCriteria("Name = ' two  words '", 'S')[0]?.values).toEqual([' two  words ']);
        expect(parseCriteria("Name = ''", 'S')[0]?.values).toEqual(['']);
        expect(parseCriteria("Name = 'and' and Tier = 'in'", 'S')).toEqual([
            { field: 'Name', op: '=', values: ['and'] },
            { field: 'Tier', op: '=', values: ['in'] }
        ]);
        expect(parseFailure("Name = 'abc")).toBe("S, Criteria__c: unterminated text value 'abc");
        expect(parseFailure("Name = 'abc''")).toBe("S, Criteria__c: unterminated text value 'abc'");
        // a backslash as the last character escapes nothing: the text is still open
        expect(parseFailure("Name = 'abc\\")).toBe("S, Criteria__c: unterminated text value 'abc\\");
    });

    it('numbers: an optional minus and decimals; a number glued to letters or a second point is refused', () => {
        expect(parseCriteria('A = -12.5 and B = 0 and C = 007', 'S').map((c) => c.values[0])).toEqual([
            -12.5, 0, 7
        ]);
        expect(parseCriteria('A = 12.75 and B < 0.125', 'S').map((c) => c.values[0])).toEqual([12.75, 0.125]);
        expect(parseFailure('A = 5abc')).toBe('S, Criteria__c: unexpected "5" at "5abc"');
        expect(parseFailure('A = 1.2.3')).toBe('S, Criteria__c: unexpected "1" at "1.2.3"');
        expect(parseFailure('A = 1_000')).toBe('S, Criteria__c: unexpected "1" at "1_000"');
        expect(parseFailure('A = .5')).toBe('S, Criteria__c: unexpected "." at ".5"');
        expect(parseFailure('A = - 5')).toBe('S, Criteria__c: unexpected "-" at "- 5"');
    });

    it('true and false in any case; other bare words are refused as values', () => {
        expect(parseCriteria('A = TRUE and B = False and C != true', 'S').map((c) => c.values[0])).toEqual([
            true,
            false,
            true
        ]);
        expect(parseFailure('A = yes')).toBe(
            `S, A: expected a value ('text', a number, true or false), got "yes" (text values need single quotes)`
        );
        expect(parseFailure('A = (')).toBe(
            `S, A: expected a value ('text', a number, true or false), got "(" (text values need single quotes)`
        );
        expect(parseFailure('A = >')).toBe(
            `S, A: expected a value ('text', a number, true or false), got ">" (text values need single quotes)`
        );
        expect(parseFailure('A =')).toBe('S, A: a value is missing at the end of the criteria');
    });

    it('refuses characters outside the language, naming where', () => {
        expect(parseFailure("A = 'x'; DELETE")).toBe('S, Criteria__c: unexpected ";" at "; DELETE"');
        expect(parseFailure('A ! 5')).toBe('S, Criteria__c: unknown operator at "! 5"');
        expect(parseFailure('A = 5 !')).toBe('S, Criteria__c: unknown operator at "!"');
        expect(parseFailure('_A = 5')).toBe('S, Criteria__c: unexpected "_" at "_A = 5"');
        expect(parseFailure('  ')).toBe('S, Criteria__c: is empty: a segment needs at least one condition');
    });
});

describe('parseCriteria: the grammar', () => {
    it('in and not in take a list in parentheses, in any case', () => {
        expect(parseCriteria("A IN ('x') and B Not In (1, 2,3) and C in (true)", 'S')).toEqual([
            { field: 'A', op: 'in', values: ['x'] },
            { field: 'B', op: 'not in', values: [1, 2, 3] },
            { field: 'C', op: 'in', values: [true] }
        ]);
        expect(parseFailure("A in 'x'")).toBe('S, A: in needs a list in parentheses');
        expect(parseFailure("A not in 'x'")).toBe('S, A: not in needs a list in parentheses');
        expect(parseFailure('A in')).toBe('S, A: in needs a list in parentheses');
        expect(parseFailure("A in ('x' 'y')")).toBe('S, A: expected "," or ")" in the in list');
        expect(parseFailure("A not in ('x'")).toBe('S, A: expected "," or ")" in the not in list');
        expect(parseFailure("A in ('x',")).toBe('S, A: a value is missing at the end of the criteria');
        expect(parseFailure('A in ()')).toBe(
            `S, A: expected a value ('text', a number, true or false), got ")" (text values need single quotes)`
        );
    });

    it('is blank and is not blank, in any case', () => {
        expect(parseCriteria('A IS BLANK and B is Not blank', 'S')).toEqual([
            { field: 'A', op: 'is blank', values: [] },
            { field: 'B', op: 'is not blank', values: [] }
        ]);
        for (const text of ['A is empty', 'A is', 'A is not', 'A is not empty', 'A is null'])
            expect(parseFailure(text)).toBe('S, A: expected "is blank" or "is not blank"');
    });

    it('a condition starts with a field name, and needs an operator', () => {
        for (const word of ['and', 'AND', 'in', 'not', 'Is'])
            expect(parseFailure(`${word} = 'x'`)).toBe(
                `S, Criteria__c: expected an Account field name, got "${word}"`
            );
        expect(parseFailure("'A' = 'x'")).toBe('S, Criteria__c: expected an Account field name, got "A"');
        expect(parseFailure('5 = 5')).toBe('S, Criteria__c: expected an Account field name, got "5"');
        expect(parseFailure("A = 'x' and")).toBe(
            'S, Criteria__c: expected an Account field name, got "the end"'
        );
        const operators = '=, !=, <, <=, >, >=, in, not in, is blank, is not blank';
        expect(parseFailure('A')).toBe(`S, A: expected an operator (${operators}), got "the end"`);
        expect(parseFailure("A like 'x%'")).toBe(`S, A: expected an operator (${operators}), got "like"`);
        expect(parseFailure("A not = 'x'")).toBe(`S, A: expected an operator (${operators}), got "not"`);
    });

    it('conditions are joined by and only', () => {
        expect(parseFailure("A = 'x' or B = 'y'")).toBe(
            'S, Criteria__c: expected "and" between conditions, got "or" (only "and" is supported; use a second segment for "or")'
        );
        expect(parseFailure("A = 'x' 'y'")).toBe(
            'S, Criteria__c: expected "and" between conditions, got "y" (only "and" is supported; use a second segment for "or")'
        );
        expect(parseFailure("A = 'x' , B = 'y'")).toBe(
            'S, Criteria__c: expected "and" between conditions, got "," (only "and" is supported; use a second segment for "or")'
        );
    });

    it("< <= > >= compare numbers or 'YYYY-MM-DD' dates only", () => {
        expect(parseCriteria("D >= '2027-01-31' and N < 5", 'S')).toHaveLength(2);
        for (const op of ['<', '<=', '>', '>='])
            for (const value of ["'Gold'", 'true', "'2027-1-31'", "'x2027-01-31'", "'2027-01-31x'"])
                expect(parseFailure(`D ${op} ${value}`)).toBe(
                    `S, D: ${op} compares numbers or 'YYYY-MM-DD' dates only`
                );
        // = and != take any value
        expect(parseCriteria("D = 'Gold' and D != true", 'S')).toHaveLength(2);
    });
});

describe('validateCriteria: against the describe of Account', () => {
    const fields: FieldDescription[] = [
        ...['double', 'int', 'long', 'currency', 'percent'].map((type) => ({ name: `N_${type}`, type })),
        ...['string', 'textarea', 'email', 'phone', 'url', 'id', 'reference', 'combobox'].map((type) => ({
            name: `T_${type}`,
            type
        })),
        { name: 'Open_Picklist', type: 'picklist' },
        { name: 'Rating', type: 'picklist', picklistValues: ['Hot', 'Warm', 'Cold'] },
        { name: 'Stage', type: 'picklist', picklistValues: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'] },
        { name: 'Eight', type: 'picklist', picklistValues: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] },
        { name: 'Flag', type: 'boolean' },
        { name: 'Renewal', type: 'date' },
        { name: 'Seen', type: 'datetime' }
    ];
    const describe_ = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
    const check = (text: string) => validateCriteria(parseCriteria(text, 'S'), describe_, 'S');
    const checkFailure = (text: string) => failure(() => check(text));

    it('accepts each type with its own kind of value, and takes the describe spelling', () => {
        for (const type of ['double', 'int', 'long', 'currency', 'percent'])
            expect(check(`n_${type} >= 5 and N_${type} in (1, 2)`)).toEqual([
                { field: `N_${type}`, op: '>=', values: [5] },
                { field: `N_${type}`, op: 'in', values: [1, 2] }
            ]);
        for (const type of ['string', 'textarea', 'email', 'phone', 'url', 'id', 'reference', 'combobox'])
            expect(check(`t_${type} = 'x'`)).toEqual([{ field: `T_${type}`, op: '=', values: ['x'] }]);
        expect(check('flag = false')).toEqual([{ field: 'Flag', op: '=', values: [false] }]);
        expect(check("renewal < '2027-01-01'")).toEqual([
            { field: 'Renewal', op: '<', values: ['2027-01-01'] }
        ]);
        expect(check('Rating is blank')).toEqual([{ field: 'Rating', op: 'is blank', values: [] }]);
    });

    it('refuses a value of another kind, naming the field in the describe spelling', () => {
        expect(checkFailure("n_currency = '5'")).toEqual({
            message: 'S, N_currency: is a currency field: "5" is not a number value',
            source: 'S',
            field: 'N_currency'
        });
        expect(checkFailure('n_int in (1, true)')?.message).toBe(
            'S, N_int: is a int field: true is not a number value'
        );
        expect(checkFailure('T_email = 5')?.message).toBe(
            'S, T_email: is a email field: 5 is not a text value'
        );
        expect(checkFailure('T_id = false')?.message).toBe(
            'S, T_id: is a id field: false is not a text value'
        );
        expect(checkFailure('Flag = 1')?.message).toBe(
            'S, Flag: is a boolean field: 1 is not a boolean value'
        );
        expect(checkFailure("Flag = 'true'")?.message).toBe(
            'S, Flag: is a boolean field: "true" is not a boolean value'
        );
        expect(checkFailure('Renewal = 20270101')?.message).toBe(
            "S, Renewal: is a date field: 20270101 is not a 'YYYY-MM-DD' date value"
        );
        expect(checkFailure("Renewal = 'next year'")?.message).toBe(
            `S, Renewal: is a date field: "next year" is not a 'YYYY-MM-DD' date value`
        );
        expect(checkFailure("Renewal = 'x2027-01-01'")?.message).toBe(
            `S, Renewal: is a date field: "x2027-01-01" is not a 'YYYY-MM-DD' date value`
        );
        expect(checkFailure("Renewal != '2027-01-01T00:00:00Z'")?.message).toBe(
            `S, Renewal: is a date field: "2027-01-01T00:00:00Z" is not a 'YYYY-MM-DD' date value`
        );
        expect(checkFailure("Missing__c = 'x'")).toEqual({
            message: 'S, Missing__c: is not a field of Account in this org',
            source: 'S',
            field: 'Missing__c'
        });
        expect(checkFailure("seen = '2027-01-01'")?.message).toBe(
            'S, Seen: has type datetime, which criteria cannot compare'
        );
    });

    it('a picklist value must be one of the values (ignoring case), listing at most eight', () => {
        expect(check("Rating in ('hot', 'COLD')")).toEqual([
            { field: 'Rating', op: 'in', values: ['hot', 'COLD'] }
        ]);
        expect(checkFailure("Rating = 'Tepid'")?.message).toBe(
            "S, Rating: 'Tepid' is not a value of this picklist (Hot, Warm, Cold)"
        );
        expect(checkFailure("Stage = 'Z'")?.message).toBe(
            "S, Stage: 'Z' is not a value of this picklist (A, B, C, D, E, F, G, H, ...)"
        );
        expect(checkFailure("Eight = 'Z'")?.message).toBe(
            "S, Eight: 'Z' is not a value of this picklist (A, B, C, D, E, F, G, H)"
        );
        // A combobox lists values but takes any text; only a picklist is held to its values.
        const combo = new Map([['kind', { name: 'Kind', type: 'combobox', picklistValues: ['A', 'B'] }]]);
        expect(validateCriteria(parseCriteria("Kind = 'Other'", 'S'), combo, 'S')).toEqual([
            { field: 'Kind', op: '=', values: ['Other'] }
        ]);
        // A picklist whose values describe did not list takes any text.
        expect(check("Open_Picklist = 'anything'")).toEqual([
            { field: 'Open_Picklist', op: '=', values: ['anything'] }
        ]);
    });

    it('< <= > >= apply to numbers and dates, not to text', () => {
        for (const op of ['<', '<=', '>', '>='])
            expect(checkFailure(`T_string ${op} '2027-01-01'`)?.message).toBe(
                `S, T_string: ${op} does not apply to a string field`
            );
        expect(checkFailure("Rating > '2027-01-01'")?.message).toBe(
            "S, Rating: '2027-01-01' is not a value of this picklist (Hot, Warm, Cold)"
        );
        expect(checkFailure("Open_Picklist > '2027-01-01'")?.message).toBe(
            'S, Open_Picklist: > does not apply to a picklist field'
        );
        expect(check("T_string != '2027-01-01' and T_string not in ('a')")).toHaveLength(2);
    });

    it('lists each field the segments read once, ignoring case, in first-read order', () => {
        const c = (field: string): Criterion => ({ field, op: 'is blank', values: [] });
        expect(
            criteriaFields([
                { criteria: [c('Tier__c'), c('ARR__c')] },
                { criteria: [c('tier__c'), c('Industry')] }
            ])
        ).toHaveLength(3);
        expect(
            criteriaFields([
                { criteria: [c('Tier__c'), c('ARR__c')] },
                { criteria: [c('Tier__c'), c('Industry')] }
            ])
        ).toEqual(['Tier__c', 'ARR__c', 'Industry']);
        expect(criteriaFields([])).toEqual([]);
    });
});

describe('matchesCriteria', () => {
    const m = (text: string, values: Record<string, unknown>) =>
        matchesCriteria(parseCriteria(text, 'S'), values);

    it('no criteria: every account matches', () => {
        expect(matchesCriteria([], {})).toBe(true);
    });

    it('finds the field by its exact name first, else ignoring case, else it is blank', () => {
        expect(m("Tier = 'Gold'", { tier: 'Silver', Tier: 'Gold' })).toBe(true);
        expect(m("Tier = 'Gold'", { Tier: 'Gold', tier: 'Silver' })).toBe(true);
        expect(m("tier = 'Gold'", { Other: 'x', TIER: 'gold' })).toBe(true);
        expect(m('Tier is blank', { Other: 'x' })).toBe(true);
        expect(m("Tier != 'Gold'", {})).toBe(true);
    });

    it('blank: null, undefined or spaces; 0 and false are values', () => {
        expect(m('A is blank', { A: ' \t' })).toBe(true);
        expect(m('A is blank', { A: ' x ' })).toBe(false);
        expect(m('A is blank', { A: 0 })).toBe(false);
        expect(m('A is blank', { A: false })).toBe(false);
        expect(m('A is not blank', { A: 0 })).toBe(true);
        expect(m('A = 0', { A: 0 })).toBe(true);
        expect(m('A = false', { A: false })).toBe(true);
        expect(m('A <= 0', { A: null })).toBe(false);
        expect(m("A > '2020-01-01'", { A: undefined })).toBe(false);
        expect(m('A not in (1)', { A: null })).toBe(true);
    });

    it('numbers: a number or a numeric text (spaces around allowed); text that is no number never matches', () => {
        expect(m('A = 5', { A: ' 5 ' })).toBe(true);
        expect(m('A = 5', { A: '5e0' })).toBe(true);
        expect(m('A = 5', { A: 6 })).toBe(false);
        expect(m('A = 5', { A: 'five' })).toBe(false);
        expect(m('A != 5', { A: 'five' })).toBe(true);
        expect(m('A = 0', { A: 'Infinity' })).toBe(false);
        expect(m('A in (1, 5)', { A: '5' })).toBe(true);
        expect(m('A in (1, 5)', { A: 3 })).toBe(false);
        expect(m('A not in (1, 5)', { A: 3 })).toBe(true);
        expect(m('A not in (1, 5)', { A: 1 })).toBe(false);
        expect(m('A > 5', { A: 'Infinity' })).toBe(false);
        expect(m('A < 5', { A: '-Infinity' })).toBe(false);
        expect(m('A > -1', { A: ' 0 ' })).toBe(true);
        expect(m('A < 1', { A: true })).toBe(false);
        // text that is no number meets no ordering, not even the ones that include equality
        for (const op of ['<', '<=', '>', '>='])
            expect([op, m(`A ${op} 5`, { A: 'n/a' })]).toEqual([op, false]);
    });

    it('each ordering operator on both sides of the value and on it', () => {
        const table: [string, number, boolean][] = [
            ['<', 4, true],
            ['<', 5, false],
            ['<', 6, false],
            ['<=', 4, true],
            ['<=', 5, true],
            ['<=', 6, false],
            ['>', 4, false],
            ['>', 5, false],
            ['>', 6, true],
            ['>=', 4, false],
            ['>=', 5, true],
            ['>=', 6, true]
        ];
        for (const [op, value, expected] of table) {
            expect([op, value, m(`A ${op} 5`, { A: value })]).toEqual([op, value, expected]);
            expect([op, value, m(`A ${op} 5`, { A: String(value) })]).toEqual([op, value, expected]);
        }
    });

    it("dates compare as 'YYYY-MM-DD' (a date/time by its day); other text never matches an ordering", () => {
        const table: [string, string, boolean][] = [
            ['<', '2027-01-01', false],
            ['<=', '2027-01-01', true],
            ['>', '2027-01-01', false],
            ['>=', '2027-01-01', true],
            ['<', '2026-12-31', true],
            ['>', '2027-01-02', true],
            ['>', '2027-01-01T23:59:59.000Z', false],
            ['>=', '2027-01-01T23:59:59.000Z', true],
            ['<', '2026-12-31T23:59:59.000Z', true],
            ['>', '2027-1-2', false],
            ['<', 'soon', false],
            ['<=', 'soon', false],
            ['>=', 'soon', false]
        ];
        for (const [op, value, expected] of table)
            expect([op, value, m(`D ${op} '2027-01-01'`, { D: value })]).toEqual([op, value, expected]);
    });

    it('booleans match true/false text in any case; text ignores case, and a number can match its text', () => {
        expect(m('F = true', { F: 'TRUE' })).toBe(true);
        expect(m('F = true', { F: 'yes' })).toBe(false);
        expect(m('F = false', { F: 'False' })).toBe(true);
        expect(m('F != true', { F: false })).toBe(true);
        expect(m("T = 'ab'", { T: 'AB' })).toBe(true);
        expect(m("T = 'ab'", { T: 'abc' })).toBe(false);
        expect(m("T = '5'", { T: 5 })).toBe(true);
        expect(m("T != 'ab'", { T: 'Ab' })).toBe(false);
    });

    it('every condition must hold', () => {
        expect(m("A = 1 and B = 'x'", { A: 1, B: 'X' })).toBe(true);
        expect(m("A = 1 and B = 'x'", { A: 2, B: 'x' })).toBe(false);
        expect(m("A = 1 and B = 'x'", { A: 1, B: 'y' })).toBe(false);
    });
});

describe('ModelSelector', () => {
    const model = (version: string, values: Record<string, unknown> = {}) =>
        parseModelConfig({ version, ...values });
    const seg = (
        name: string,
        priority: number,
        criteria: string,
        config = model(`org-${name}`)
    ): Segment => ({
        name,
        priority,
        criteria: parseCriteria(criteria, name),
        config
    });

    it('orders by priority, never by name', () => {
        const selector = new ModelSelector(DEFAULT_MODEL_CONFIG, [
            seg('Alpha', 30, 'A >= 0'),
            seg('Zulu', 10, 'A >= 100'),
            seg('Mike', 20, 'A >= 10')
        ]);
        expect(selector.segments.map((s) => s.name)).toEqual(['Zulu', 'Mike', 'Alpha']);
        expect(selector.select({ A: 500 })?.name).toBe('Zulu');
        expect(selector.models().map((c) => c.version)).toEqual([
            DEFAULT_MODEL_CONFIG.version,
            'org-Zulu',
            'org-Mike',
            'org-Alpha'
        ]);
    });

    it('tries segments by priority, lowest first (negative and decimal priorities too)', () => {
        const selector = new ModelSelector(DEFAULT_MODEL_CONFIG, [
            seg('Third', 2.5, 'A >= 0'),
            seg('First', -10, 'A >= 100'),
            seg('Second', 0, 'A >= 10')
        ]);
        expect(selector.segments.map((s) => s.name)).toEqual(['First', 'Second', 'Third']);
        expect(selector.select({ A: 500 })?.name).toBe('First');
        expect(selector.select({ A: 50 })?.name).toBe('Second');
        expect(selector.select({ A: 5 })?.name).toBe('Third');
        expect(selector.select({ A: -5 })).toBeNull();
        expect(selector.configFor({ A: 5 }).version).toBe('org-Third');
        expect(selector.configFor({ A: -5 })).toBe(DEFAULT_MODEL_CONFIG);
    });

    it('without segments every account takes the default model', () => {
        const selector = new ModelSelector(DEFAULT_MODEL_CONFIG, []);
        expect(selector.select({})).toBeNull();
        expect(selector.models()).toEqual([DEFAULT_MODEL_CONFIG]);
    });

    it('refuses a priority that is not a number', () => {
        expect(
            failure(() => new ModelSelector(DEFAULT_MODEL_CONFIG, [seg('A', Number.NaN, 'X = 1')]))
        ).toEqual({
            message: 'A, Priority__c: must be a number',
            source: 'A',
            field: 'Priority__c'
        });
    });

    it('two different models may not share a version; equal settings under one version are one model', () => {
        const a = {
            ...seg('A', 1, 'X = 1', model('org-v1', { usageWeight: 10 })),
            modelSource: 'Health_Model.Ent'
        };
        const b = seg('B', 2, 'X = 2', model('org-v1', { usageWeight: 20 }));
        expect(failure(() => new ModelSelector(DEFAULT_MODEL_CONFIG, [a, b]))).toEqual({
            message:
                'B, Model__c: its model\'s version "org-v1" is also the version of Health_Model.Ent with different settings: give each model its own Model_Version__c (the Account and the snapshot store the version)',
            source: 'B',
            field: 'Model__c'
        });
        // without a model source the owner is the segment's name
        const a2 = seg('A', 1, 'X = 1', model('org-v1', { usageWeight: 10 }));
        expect(failure(() => new ModelSelector(DEFAULT_MODEL_CONFIG, [a2, b]))?.message).toContain(
            'is also the version of A with different settings'
        );
        // the same settings parsed twice (two objects): one model
        const c = seg('C', 3, 'X = 3', model('org-v1', { usageWeight: 10 }));
        expect(new ModelSelector(DEFAULT_MODEL_CONFIG, [a, c]).models().map((m) => m.version)).toEqual([
            DEFAULT_MODEL_CONFIG.version,
            'org-v1',
            'org-v1'
        ]);
        // the default model's settings under its own version: the same model
        const d = seg('D', 4, 'X = 4', { ...DEFAULT_MODEL_CONFIG });
        expect(() => new ModelSelector(DEFAULT_MODEL_CONFIG, [d])).not.toThrow();
        // the first owner of a version stays its owner
        const e = seg('E', 5, 'X = 5', model('org-v1', { usageWeight: 30 }));
        expect(failure(() => new ModelSelector(DEFAULT_MODEL_CONFIG, [a, c, e]))?.message).toContain(
            'E, Model__c: its model\'s version "org-v1" is also the version of Health_Model.Ent'
        );
    });

    it('names both segments of one priority', () => {
        expect(
            failure(
                () => new ModelSelector(DEFAULT_MODEL_CONFIG, [seg('A', 7, 'X = 1'), seg('B', 7, 'X = 2')])
            )
        ).toEqual({
            message:
                'B, Priority__c: 7 is also the priority of A: give each active segment its own priority so the order is explicit',
            source: 'B',
            field: 'Priority__c'
        });
    });
});

describe('parseSegmentsJson: the --segments file', () => {
    const item = {
        name: 'Enterprise',
        priority: 10,
        criteria: 'ARR__c >= 250000',
        model: { version: 'org-ent-1' }
    };

    it('reads {"segments": [...]} or a bare array into segments with their model', () => {
        const expected = [
            {
                name: 'Enterprise',
                priority: 10,
                criteria: [{ field: 'ARR__c', op: '>=', values: [250000] }],
                config: { ...DEFAULT_MODEL_CONFIG, version: 'org-ent-1' },
                modelSource: 'Enterprise model'
            }
        ];
        expect(parseSegmentsJson({ segments: [item] }, 'seg.json')).toEqual(expected);
        expect(parseSegmentsJson([item], 'seg.json')).toEqual(expected);
        expect(parseSegmentsJson({ segments: [] }, 'seg.json')).toEqual([]);
    });

    it('refuses any other shape, naming the file', () => {
        for (const raw of [null, 'x', 5, {}, { segments: 'x' }, { segments: null }])
            expect(failure(() => parseSegmentsJson(raw, 'seg.json'))).toEqual({
                message: 'seg.json: must be {"segments": [...]} or an array of segments',
                source: 'seg.json',
                field: null
            });
    });

    it('refuses a broken segment, naming the file and its index, or the segment and the key', () => {
        const bad = (value: unknown) => failure(() => parseSegmentsJson([item, value], 'seg.json'))?.message;
        expect(bad(null)).toBe('seg.json segments[1]: must be an object');
        expect(bad('Enterprise')).toBe('seg.json segments[1]: must be an object');
        expect(bad({ ...item, colour: 'red' })).toBe(
            'seg.json segments[1], colour: is not a segment key (name, priority, criteria, model)'
        );
        for (const name of [undefined, 5, '', '2Big', 'Big-2', 'Big 2'])
            expect(bad({ ...item, name })).toBe(
                'seg.json segments[1], name: must be an API-style name (letters, digits, _)'
            );
        expect(bad({ ...item, name: 'Small_2', priority: 20 })).toBeUndefined();
        for (const priority of [undefined, '10', Number.NaN, Number.POSITIVE_INFINITY])
            expect(bad({ ...item, priority })).toBe('Enterprise, priority: must be a number');
        expect(bad({ ...item, criteria: ['ARR__c > 1'] })).toBe('Enterprise, criteria: must be a text');
        expect(bad({ ...item, criteria: 'ARR__c >' })).toBe(
            'Enterprise, ARR__c: a value is missing at the end of the criteria'
        );
        expect(bad({ ...item, model: { version: 'org-ent-1', usageWeight: 'high' } })).toMatch(
            /^Enterprise, model: .*Enterprise model.*usageWeight/
        );
        expect(bad({ ...item, model: undefined })).toMatch(/^Enterprise, model: /);
    });
});
