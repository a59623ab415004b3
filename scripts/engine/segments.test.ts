import {
    DEFAULT_MODEL_CONFIG,
    ModelSelector,
    PortfolioScorer,
    SegmentError,
    criteriaFields,
    headerOf,
    matchesCriteria,
    parseCriteria,
    parseModelConfig,
    scoreAccount,
    validateCriteria
} from './index';
import type { AccountInput, FieldDescription, ModelConfig, Segment } from './index';
import { AS_OF, healthyAccount } from './fixtures';

const describe_ = new Map<string, FieldDescription>(
    [
        { name: 'Industry', type: 'picklist', picklistValues: ['Healthcare', 'Technology', 'Retail'] },
        { name: 'ARR__c', type: 'currency' },
        { name: 'Tier__c', type: 'string' },
        { name: 'Renewal_Date__c', type: 'date' },
        { name: 'Strategic__c', type: 'boolean' },
        { name: 'Health_Drivers__c', type: 'textarea' },
        { name: 'Location__c', type: 'location' }
    ].map((f) => [f.name.toLowerCase(), f])
);

function segment(name: string, priority: number, criteria: string, config: ModelConfig): Segment {
    return { name, priority, criteria: parseCriteria(criteria, name), config };
}

/** The same portfolio streamed through a scorer (the sync's and score --input's path). */
function stream(
    accounts: AccountInput[],
    scorer: PortfolioScorer,
    fields?: (a: AccountInput) => Record<string, unknown>
) {
    for (const account of accounts) {
        scorer.addAccount(headerOf(account), fields?.(account));
        for (const c of account.contacts) scorer.addContact(account.id, c);
    }
    for (const account of accounts) {
        for (const a of account.activities) scorer.addActivity({ ...a, accountId: account.id });
        for (const o of account.opportunities) scorer.addOpportunity(account.id, o);
        for (const c of account.cases) scorer.addCase(account.id, c);
        for (const u of account.usage) scorer.addUsage(account.id, u);
    }
    return [...scorer.finish().results()];
}

describe('parseCriteria', () => {
    it('reads conditions joined by and, with every documented operator', () => {
        expect(
            parseCriteria(
                "Industry in ('Healthcare', 'Retail') AND ARR__c >= 250000 and Tier__c != 'SMB' and Renewal_Date__c < '2027-01-01' and Strategic__c = true and Tier__c is not blank and Industry not in ('O''Brien') and Tier__c is blank and ARR__c <> 5 and ARR__c <= -1.5 and ARR__c > 0",
                'S'
            )
        ).toEqual([
            { field: 'Industry', op: 'in', values: ['Healthcare', 'Retail'] },
            { field: 'ARR__c', op: '>=', values: [250000] },
            { field: 'Tier__c', op: '!=', values: ['SMB'] },
            { field: 'Renewal_Date__c', op: '<', values: ['2027-01-01'] },
            { field: 'Strategic__c', op: '=', values: [true] },
            { field: 'Tier__c', op: 'is not blank', values: [] },
            { field: 'Industry', op: 'not in', values: ["O'Brien"] },
            { field: 'Tier__c', op: 'is blank', values: [] },
            { field: 'ARR__c', op: '!=', values: [5] },
            { field: 'ARR__c', op: '<=', values: [-1.5] },
            { field: 'ARR__c', op: '>', values: [0] }
        ]);
    });

    it.each([
        ['', 'is empty'],
        ['Industry', 'expected an operator'],
        ["Industry = 'Healthcare' or ARR__c > 5", 'only "and" is supported'],
        ['Industry = Healthcare', 'text values need single quotes'],
        ["Industry = 'Healthcare", 'unterminated'],
        ["Industry in 'Healthcare'", 'needs a list in parentheses'],
        ["Industry in ('A' 'B')", 'expected "," or ")"'],
        ["Tier__c > 'Gold'", "compares numbers or 'YYYY-MM-DD' dates only"],
        ['Tier__c is empty', 'expected "is blank" or "is not blank"'],
        ["Industry = 'A'; DELETE", 'unexpected ";"'],
        ['ARR__c ! 5', 'unknown operator'],
        ["and = 'x'", 'expected an Account field name'],
        ['ARR__c >=', 'a value is missing']
    ])('refuses %j naming the record', (text, message) => {
        expect(() => parseCriteria(text, 'Health_Segment.Bad')).toThrow(SegmentError);
        expect(() => parseCriteria(text, 'Health_Segment.Bad')).toThrow(message);
        expect(() => parseCriteria(text, 'Health_Segment.Bad')).toThrow(/^Health_Segment\.Bad/);
    });
});

describe('validateCriteria', () => {
    it("takes the describe's spelling of each field", () => {
        expect(
            validateCriteria(parseCriteria("industry = 'healthcare' and arr__c > 5", 'S'), describe_, 'S')
        ).toEqual([
            { field: 'Industry', op: '=', values: ['healthcare'] },
            { field: 'ARR__c', op: '>', values: [5] }
        ]);
    });

    it.each([
        ["Segment__c = 'A'", 'Segment__c: is not a field of Account'],
        ["ARR__c = 'big'", 'ARR__c: is a currency field: "big" is not a number value'],
        ['Tier__c = 5', 'Tier__c: is a string field: 5 is not a text value'],
        ["Industry = 'Helthcare'", "'Helthcare' is not a value of this picklist"],
        ["Strategic__c = 'yes'", 'is not a boolean value'],
        ['Renewal_Date__c > 5', "is not a 'YYYY-MM-DD' date value"],
        ["Location__c = 'x'", 'has type location'],
        ['Strategic__c > true', "compares numbers or 'YYYY-MM-DD' dates only"]
    ])('refuses %j with the record and field', (text, message) => {
        const run = () =>
            validateCriteria(parseCriteria(text, 'Health_Segment.Bad'), describe_, 'Health_Segment.Bad');
        expect(run).toThrow(SegmentError);
        expect(run).toThrow(message);
    });

    it('lists each field the criteria read once', () => {
        const a = segment('A', 1, "Industry = 'Retail' and ARR__c > 1", DEFAULT_MODEL_CONFIG);
        const b = segment('B', 2, 'ARR__c < 5 and Tier__c is blank', DEFAULT_MODEL_CONFIG);
        expect(criteriaFields([a, b])).toEqual(['Industry', 'ARR__c', 'Tier__c']);
    });
});

describe('matchesCriteria', () => {
    const m = (text: string, values: Record<string, unknown>) =>
        matchesCriteria(parseCriteria(text, 'S'), values);

    it('compares text ignoring case, numbers as numbers (also from Bulk CSV strings), dates as dates', () => {
        expect(m("Industry = 'HEALTHCARE'", { Industry: 'Healthcare' })).toBe(true);
        expect(m("Industry = 'Healthcare'", { industry: 'Healthcare' })).toBe(true);
        expect(m("Industry in ('Retail', 'Healthcare')", { Industry: 'healthcare' })).toBe(true);
        expect(m("Industry not in ('Retail', 'Healthcare')", { Industry: 'Healthcare' })).toBe(false);
        expect(m('ARR__c >= 250000', { ARR__c: '250000' })).toBe(true);
        expect(m('ARR__c >= 250000', { ARR__c: 249999.99 })).toBe(false);
        expect(m('ARR__c > 250000', { ARR__c: 250000 })).toBe(false);
        expect(m('ARR__c < 250000', { ARR__c: 250000 })).toBe(false);
        expect(m('ARR__c <= 250000', { ARR__c: 250000 })).toBe(true);
        expect(m('ARR__c = 5', { ARR__c: '5.0' })).toBe(true);
        expect(m('ARR__c != 5', { ARR__c: 6 })).toBe(true);
        expect(m("Renewal_Date__c < '2027-01-01'", { Renewal_Date__c: '2026-12-31' })).toBe(true);
        expect(m("Renewal_Date__c >= '2027-01-01'", { Renewal_Date__c: '2026-12-31' })).toBe(false);
        expect(m('Strategic__c = true', { Strategic__c: 'true' })).toBe(true);
        expect(m('Strategic__c = true', { Strategic__c: false })).toBe(false);
        expect(m("Industry = 'Retail' and ARR__c > 10", { Industry: 'Retail', ARR__c: 5 })).toBe(false);
    });

    it('a blank value meets only is blank, != and not in', () => {
        for (const blank of [null, undefined, '', '  ']) {
            const values = { Industry: blank, ARR__c: blank };
            expect(m('Industry is blank', values)).toBe(true);
            expect(m('Industry is not blank', values)).toBe(false);
            expect(m("Industry = 'Retail'", values)).toBe(false);
            expect(m("Industry != 'Retail'", values)).toBe(true);
            expect(m("Industry in ('Retail')", values)).toBe(false);
            expect(m("Industry not in ('Retail')", values)).toBe(true);
            expect(m('ARR__c < 5', values)).toBe(false);
            expect(m('ARR__c >= 0', values)).toBe(false);
        }
        expect(m('Industry is not blank', { Industry: 'x' })).toBe(true);
        expect(m('ARR__c > 5', { ARR__c: 'n/a' })).toBe(false);
        expect(m("Renewal_Date__c > '2020-01-01'", { Renewal_Date__c: 'soon' })).toBe(false);
    });
});

describe('ModelSelector', () => {
    const enterprise = parseModelConfig({
        version: 'org-enterprise-1',
        usageWeight: 10,
        relationshipWeight: 60
    });
    const health = parseModelConfig({ version: 'org-health-1', supportWeight: 60 });

    it('takes the first matching segment by priority, else the default', () => {
        const selector = new ModelSelector(DEFAULT_MODEL_CONFIG, [
            segment('Health', 20, "Industry = 'Healthcare'", health),
            segment('Enterprise', 10, 'ARR__c >= 250000', enterprise)
        ]);
        expect(selector.segments.map((s) => s.name)).toEqual(['Enterprise', 'Health']);
        expect(selector.select({ Industry: 'Healthcare', ARR__c: 300000 })?.name).toBe('Enterprise');
        expect(selector.select({ Industry: 'Healthcare', ARR__c: 3000 })?.name).toBe('Health');
        expect(selector.configFor({ Industry: 'Retail', ARR__c: 3000 })).toBe(DEFAULT_MODEL_CONFIG);
        expect(selector.models().map((c) => c.version)).toEqual([
            DEFAULT_MODEL_CONFIG.version,
            'org-enterprise-1',
            'org-health-1'
        ]);
    });

    it('refuses two segments with one priority, and two different models with one version', () => {
        expect(
            () =>
                new ModelSelector(DEFAULT_MODEL_CONFIG, [
                    segment('A', 10, "Industry = 'Retail'", health),
                    segment('B', 10, "Industry = 'Healthcare'", enterprise)
                ])
        ).toThrow('B, Priority__c: 10 is also the priority of A');
        expect(
            () =>
                new ModelSelector(DEFAULT_MODEL_CONFIG, [
                    segment('A', 1, "Industry = 'Retail'", {
                        ...health,
                        version: DEFAULT_MODEL_CONFIG.version
                    })
                ])
        ).toThrow(
            `A, Model__c: its model's version "${DEFAULT_MODEL_CONFIG.version}" is also the version of the default model`
        );
        // Two segments may share one model.
        expect(
            () =>
                new ModelSelector(DEFAULT_MODEL_CONFIG, [
                    segment('A', 1, "Industry = 'Retail'", health),
                    segment('B', 2, "Industry = 'Technology'", health)
                ])
        ).not.toThrow();
    });
});

describe('PortfolioScorer with segment models', () => {
    // Heavier relationship weight and a shorter half-life: both the account formula and the activity fold differ.
    const segmentModel = parseModelConfig({
        version: 'org-enterprise-1',
        usageWeight: 5,
        relationshipWeight: 80,
        supportWeight: 5,
        commercialWeight: 10,
        halfLifeDays: 10
    });
    const accounts = [
        healthyAccount('ent', {
            industry: 'Technology',
            commercial: { arr: 500000, renewalDate: null, daysPastDue: 0 }
        }),
        healthyAccount('smb', {
            industry: 'Technology',
            commercial: { arr: 20000, renewalDate: null, daysPastDue: 0 }
        })
    ];

    it('scores each account with its segment model, exactly as scoreAccount does with that model alone', () => {
        const selector = new ModelSelector(DEFAULT_MODEL_CONFIG, [
            segment('Enterprise', 1, 'ARR__c >= 250000', segmentModel)
        ]);
        const results = stream(accounts, new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF, selector));
        const [ent, smb] = results;
        expect(ent?.modelVersion).toBe('org-enterprise-1');
        expect(smb?.modelVersion).toBe(DEFAULT_MODEL_CONFIG.version);
        expect(ent).toEqual(scoreAccount(accounts[0] as AccountInput, segmentModel, AS_OF));
        expect(smb).toEqual(scoreAccount(accounts[1] as AccountInput, DEFAULT_MODEL_CONFIG, AS_OF));
        // The segment model really changes the score (a test that would pass with the default would prove nothing).
        expect(ent?.composite).not.toBeCloseTo(
            scoreAccount(accounts[0] as AccountInput, DEFAULT_MODEL_CONFIG, AS_OF).composite,
            3
        );
        // Drivers still add up exactly under the segment model.
        expect(ent?.drivers.reduce((s, d) => s + d.points, 0)).toBe(ent?.score);
    });

    it('reads the field values it is given (any Account field), not only the header', () => {
        const selector = new ModelSelector(DEFAULT_MODEL_CONFIG, [
            segment('Gold', 1, "Tier__c = 'Gold'", segmentModel)
        ]);
        const results = stream(accounts, new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF, selector), (a) => ({
            Tier__c: a.id === 'smb' ? 'gold' : 'Silver'
        }));
        expect(results.map((r) => r.modelVersion)).toEqual([
            DEFAULT_MODEL_CONFIG.version,
            'org-enterprise-1'
        ]);
    });

    it('without segments scores with the one model, as before', () => {
        const results = stream(accounts, new PortfolioScorer(DEFAULT_MODEL_CONFIG, AS_OF));
        expect(results.map((r) => r.modelVersion)).toEqual([
            DEFAULT_MODEL_CONFIG.version,
            DEFAULT_MODEL_CONFIG.version
        ]);
    });
});
