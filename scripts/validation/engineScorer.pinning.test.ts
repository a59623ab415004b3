// Pins the backtest's engine scorer and the record mapping it uses (mapping.ts): what reaches the engine from
// one account's raw records (docs/dataset-format.md), the decision maker's contact part tagged apart, and the
// model score returned even when the band is Unknown (the backtest ranks every account).
import { DEFAULT_MODEL_CONFIG, scoreAccount } from '../engine';
import { engineScorer } from './engineScorer';
import type { AccountRecords } from './history';
import { mapAccountRecords } from './mapping';

const AS_OF = '2025-06-30';

function account(): AccountRecords {
    return {
        account: { Id: 'A1', Name: 'Acme', Customer_Key__c: 'acme-1', Industry: 'Retail' },
        contacts: [
            { Id: 'C1', AccountId: 'A1', Name: 'Dana Decider', Buying_Role__c: 'Decision Maker' },
            { Id: 'C2', AccountId: 'A1', Name: 'Uma User', Buying_Role__c: 'User' }
        ],
        tasks: [
            {
                Id: 'T1',
                WhoId: 'C2',
                AccountId: 'A1',
                ActivityDate: '2025-06-20',
                Status: 'Completed',
                TaskSubtype: 'Call',
                Outcome__c: 'Positive'
            },
            {
                Id: 'T2',
                WhoId: 'C9',
                AccountId: 'A1',
                ActivityDate: '2025-06-21',
                Status: 'Completed',
                TaskSubtype: 'Call',
                Outcome__c: 'Neutral'
            }
        ],
        events: [
            {
                Id: 'E1',
                WhoId: 'C1',
                AccountId: 'A1',
                EndDateTime: '2025-06-25T15:00:00Z',
                Outcome__c: 'Positive'
            }
        ],
        opportunities: [
            {
                Id: 'O1',
                AccountId: 'A1',
                CloseDate: '2025-09-30',
                StageName: 'Negotiation',
                IsClosed: false,
                IsWon: false
            }
        ],
        cases: [],
        usage: [
            {
                Account__c: 'A1',
                Period_Start__c: '2025-06-01',
                Period_End__c: '2025-06-29',
                Active_Users__c: 40,
                Licensed_Seats__c: 50,
                Features_Adopted__c: 6,
                Features_Available__c: 10,
                Key_Events__c: 900
            }
        ],
        snapshots: []
    };
}

describe('mapAccountRecords', () => {
    it('maps the account, its contacts and activities; an activity with a stranger contact counts for the account', () => {
        const input = mapAccountRecords(account());
        expect(input).toMatchObject({ id: 'A1', name: 'Acme' });
        expect(input).not.toHaveProperty('customerKey');
        expect(input.contacts.map((c) => [c.id, c.role])).toEqual([
            ['C1', 'Decision Maker'],
            ['C2', 'User']
        ]);
        expect(input.activities.map((a) => [a.contactId, a.channel, a.outcome, a.date])).toEqual([
            ['C2', 'Call', 'Positive', '2025-06-20'],
            [null, 'Call', 'Neutral', '2025-06-21'],
            ['C1', 'Meeting', 'Positive', '2025-06-25']
        ]);
        for (const activity of input.activities) expect(activity).not.toHaveProperty('accountId');
        expect(input.opportunities).toHaveLength(1);
        expect(input.usage).toHaveLength(1);
        expect(input.cases).toEqual([]);
        expect(input.snapshots).toEqual([]);
    });

    it('names the object and record of a bad value', () => {
        const bad = account();
        bad.cases = [{ Id: 'K1', AccountId: 'A1', CreatedDate: 'last week' }];
        expect(() => mapAccountRecords(bad)).toThrow(/Case.*K1|K1.*Case/s);
    });

    it('maps the same record object once, however often it is scored', () => {
        const records = account();
        const first = mapAccountRecords(records);
        const second = mapAccountRecords(records);
        expect(second.contacts[0]).toBe(first.contacts[0]);
        expect(second.opportunities[0]).toBe(first.opportunities[0]);
        expect(second.usage[0]).toBe(first.usage[0]);
    });
});

describe('engineScorer', () => {
    it('returns what scoreAccount computes, with the decision maker contact driver tagged apart', () => {
        const records = account();
        const direct = scoreAccount(mapAccountRecords(records), DEFAULT_MODEL_CONFIG, AS_OF);
        const result = engineScorer(records, AS_OF, { ...DEFAULT_MODEL_CONFIG });
        expect(result.score).toBe(direct.modelScore);
        expect(result.band).toBe(direct.band);
        expect(result.subscores).toEqual(direct.subscores);
        expect(result.drivers).toHaveLength(direct.drivers.length);
        direct.drivers.forEach((driver, i) => {
            const got = result.drivers![i]!;
            expect(got.points).toBe(driver.points);
            if (driver.dimension) expect(got.dimension).toBe(driver.dimension);
            else expect(got).not.toHaveProperty('dimension');
            const isDm = driver.code === 'CONTACT' && driver.recordId === 'C1';
            expect(got.code).toBe(isDm ? 'CONTACT_DECISION_MAKER' : driver.code);
        });
        const contactDrivers = direct.drivers.filter((d) => d.code === 'CONTACT').map((d) => d.recordId);
        expect(contactDrivers).toEqual(expect.arrayContaining(['C1', 'C2']));
        expect(result.drivers!.filter((d) => d.code === 'CONTACT_DECISION_MAKER')).toHaveLength(1);
        expect(result.drivers!.filter((d) => d.code === 'CONTACT')).toHaveLength(contactDrivers.length - 1);
    });

    it('ranks an Unknown account by its model score', () => {
        const thin: AccountRecords = {
            ...account(),
            usage: [],
            opportunities: [],
            tasks: [],
            events: [],
            contacts: []
        };
        const direct = scoreAccount(mapAccountRecords(thin), DEFAULT_MODEL_CONFIG, AS_OF);
        expect(direct.band).toBe('Unknown');
        expect(direct.score).toBeNull();
        const result = engineScorer(thin, AS_OF, { ...DEFAULT_MODEL_CONFIG });
        expect(result.band).toBe('Unknown');
        expect(result.score).toBe(direct.modelScore);
        expect(typeof result.score).toBe('number');
    });
});
