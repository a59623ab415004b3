// Pins engineScorer.ts where the other tests do not reach (issue 13, mutation testing): the scorer with
// admin-defined signals (docs/signals.md: each account's dated values, read by the engine up to the as-of date)
// scores exactly what scoreAccount scores with those values and definitions, and only the decision maker's
// CONTACT part is tagged apart (learn.ts learns it as its own part), not another driver naming the same record.
import { DEFAULT_MODEL_CONFIG, scoreAccount, type SignalDefinition } from '../engine';
import { engineScorer, engineScorerWith } from './engineScorer';
import type { AccountRecords } from './history';
import { mapAccountRecords } from './mapping';

const AS_OF = '2025-06-30';
const nps: SignalDefinition = {
    name: 'NPS',
    label: 'NPS survey',
    aggregation: 'latest',
    windowDays: 365,
    direction: 'higher',
    worst: -50,
    best: 50,
    dimension: 'relationship',
    weight: 25
};

function records(id: string): AccountRecords {
    return {
        account: { Id: id, Name: `Account ${id}` },
        contacts: [
            { Id: `${id}-C1`, AccountId: id, Name: 'Dana Decider', Buying_Role__c: 'Decision Maker' },
            { Id: `${id}-C2`, AccountId: id, Name: 'Uma User', Buying_Role__c: 'User' }
        ],
        tasks: [
            {
                Id: `${id}-T1`,
                WhoId: `${id}-C2`,
                AccountId: id,
                ActivityDate: '2025-06-20',
                Status: 'Completed',
                TaskSubtype: 'Call',
                Outcome__c: 'Positive'
            }
        ],
        events: [
            {
                Id: `${id}-E1`,
                WhoId: `${id}-C1`,
                AccountId: id,
                EndDateTime: '2025-06-10T15:00:00Z',
                Outcome__c: 'Positive'
            }
        ],
        opportunities: [],
        cases: [],
        usage: [
            {
                Account__c: id,
                Period_Start__c: '2025-06-01',
                Period_End__c: '2025-06-29',
                Active_Users__c: 40,
                Licensed_Seats__c: 50
            }
        ],
        snapshots: []
    };
}

describe('engineScorerWith', () => {
    it('is the plain engine scorer without signals', () => {
        expect(engineScorerWith(null)).toBe(engineScorer);
    });

    it("scores each account with its own signal values and the signals' definitions", () => {
        const values = new Map([['A1', [{ signal: 'NPS', date: '2025-06-01', value: -40 }]]]);
        const scorer = engineScorerWith({ definitions: [nps], values });
        const withValue = scorer(records('A1'), AS_OF, DEFAULT_MODEL_CONFIG);
        const direct = scoreAccount(
            { ...mapAccountRecords(records('A1')), signals: values.get('A1') ?? [] },
            DEFAULT_MODEL_CONFIG,
            AS_OF,
            { signals: [nps] }
        );
        expect(withValue.score).toBe(direct.modelScore);
        expect(withValue.subscores).toEqual(direct.subscores);
        expect(withValue.drivers?.map((d) => d.code)).toContain('SIGNAL_NPS');
        // a poor NPS lowers the relationship dimension against the same account without signals
        const plain = engineScorer(records('A1'), AS_OF, DEFAULT_MODEL_CONFIG);
        expect(withValue.subscores.relationship).toBeLessThan(plain.subscores.relationship as number);
        // an account without values: the signal has no reading (as scoreAccount with an empty list)
        const without = scorer(records('A2'), AS_OF, DEFAULT_MODEL_CONFIG);
        const directWithout = scoreAccount(
            { ...mapAccountRecords(records('A2')), signals: [] },
            DEFAULT_MODEL_CONFIG,
            AS_OF,
            { signals: [nps] }
        );
        expect(without.score).toBe(directWithout.modelScore);
        expect(without.subscores).toEqual(directWithout.subscores);
        expect(without.drivers?.map((d) => d.code)).toEqual(
            engineScorer(records('A2'), AS_OF, DEFAULT_MODEL_CONFIG).drivers?.map((d) => d.code)
        );
    });
});

describe('engineScorer: the decision maker part', () => {
    it('tags only the CONTACT driver of a decision maker, not another driver that names the same Id', () => {
        // a dataset whose Ids are not Salesforce Ids can give a case the Id of a contact
        const account = records('A1');
        account.cases = [
            {
                Id: 'A1-C1',
                AccountId: 'A1',
                CreatedDate: '2025-06-01',
                Severity__c: 'Sev1',
                IsEscalated: true
            }
        ];
        const direct = scoreAccount(mapAccountRecords(account), DEFAULT_MODEL_CONFIG, AS_OF);
        const caseDrivers = direct.drivers.filter((d) => d.code !== 'CONTACT' && d.recordId === 'A1-C1');
        expect(caseDrivers.length).toBeGreaterThan(0);
        const result = engineScorer(account, AS_OF, DEFAULT_MODEL_CONFIG);
        expect(result.drivers?.map((d) => d.code)).toEqual(
            direct.drivers.map((d) =>
                d.code === 'CONTACT' && d.recordId === 'A1-C1' ? 'CONTACT_DECISION_MAKER' : d.code
            )
        );
        expect(result.drivers?.filter((d) => d.code === 'CONTACT_DECISION_MAKER')).toHaveLength(1);
    });
});
