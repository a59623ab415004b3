import { checkSignalSource, observationOf, signalFromRecord, signalQuery } from './signals';

const record = {
    DeveloperName: 'NPS',
    MasterLabel: 'NPS survey',
    Object__c: 'nps_response__c',
    Field__c: 'score__c',
    Account_Field__c: 'account__c',
    Date_Field__c: 'responded_on__c',
    Aggregation__c: 'average',
    Window_Days__c: '180',
    Direction__c: 'Higher is better',
    Worst_Value__c: 0,
    Best_Value__c: 10,
    Dimension__c: 'Relationship',
    Weight__c: '30'
};
const described = {
    name: 'NPS_Response__c',
    fields: [
        { name: 'Id', type: 'id' },
        { name: 'Account__c', type: 'reference', referenceTo: ['Account'] },
        { name: 'Score__c', type: 'double' },
        { name: 'Responded_On__c', type: 'date' },
        { name: 'CreatedDate', type: 'datetime' }
    ]
};

describe('signal records', () => {
    it('reads a record (picklists and numbers as REST or Bulk give them)', () => {
        expect(signalFromRecord(record)).toMatchObject({
            source: 'Health_Signal.NPS',
            definition: {
                name: 'NPS',
                label: 'NPS survey',
                aggregation: 'average',
                windowDays: 180,
                direction: 'higher',
                dimension: 'relationship',
                weight: 30
            }
        });
    });

    it('queries only the names describe gives, with a validated date bound', () => {
        const checked = checkSignalSource(signalFromRecord(record), described);
        expect(signalQuery(checked, '2026-05-24')).toBe(
            'SELECT Id, Account__c, Responded_On__c, Score__c FROM NPS_Response__c WHERE Account__c != null AND Responded_On__c >= 2026-05-24'
        );
        const byCreatedDate = checkSignalSource(
            signalFromRecord({ ...record, Date_Field__c: null }),
            described
        );
        expect(signalQuery(byCreatedDate, '2026-05-24')).toContain('CreatedDate >= 2026-05-24T00:00:00Z');
        expect(() => signalQuery(checked, "2026-05-24' OR Id != null")).toThrow('not a date');
    });

    it('counts records when Count names no field, and skips rows without account, date or value', () => {
        const count = checkSignalSource(
            signalFromRecord({
                ...record,
                Aggregation__c: 'Count',
                Field__c: null,
                Direction__c: 'Lower is better',
                Worst_Value__c: 5,
                Best_Value__c: 0
            }),
            described
        );
        expect(observationOf(count, { Account__c: '001A', Responded_On__c: '2026-11-01' })).toEqual({
            accountId: '001A',
            observation: { signal: 'NPS', date: '2026-11-01', value: 1 }
        });
        const avg = checkSignalSource(signalFromRecord(record), described);
        expect(
            observationOf(avg, { Account__c: '001A', Responded_On__c: '2026-11-01', Score__c: '7' })
                ?.observation.value
        ).toBe(7);
        expect(
            observationOf(avg, { Account__c: null, Responded_On__c: '2026-11-01', Score__c: 7 })
        ).toBeNull();
        expect(observationOf(avg, { Account__c: '001A', Responded_On__c: null, Score__c: 7 })).toBeNull();
        expect(
            observationOf(avg, { Account__c: '001A', Responded_On__c: '2026-11-01', Score__c: '' })
        ).toBeNull();
    });

    it.each([
        [
            { Object__c: 'Account', Aggregation__c: 'Average' },
            'Aggregation__c: an Account field has one current value'
        ],
        [
            { Object__c: 'Account', Aggregation__c: 'Latest' },
            'Account_Field__c: must be blank when the object is Account'
        ],
        [{ Field__c: null }, 'Field__c: is blank'],
        [{ Dimension__c: 'Mood' }, 'Dimension__c'],
        [{ Direction__c: 'up' }, 'Direction__c'],
        [{ Worst_Value__c: 'low' }, 'Worst_Value__c'],
        [{ DeveloperName: '' }, 'DeveloperName']
    ])('refuses %j', (change, message) => {
        expect(() => signalFromRecord({ ...record, ...change })).toThrow(message);
    });
});
