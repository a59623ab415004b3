import { join } from 'node:path';
import { forEachRecord } from './reader';
import type { DatasetObject } from './reader';
import {
    DatasetError,
    MAPPED_FIELDS,
    accountChurnedOn,
    mapAccount,
    mapCase,
    mapContact,
    mapEvent,
    mapOpportunity,
    mapOverride,
    mapSnapshot,
    mapTask,
    mapUsage,
    mapUser
} from './records';
import type { RecordLocation, SalesforceRecord } from './records';

const at = { file: 'org', record: 'record 1' };

describe('record mapping (shared with the org sync)', () => {
    it('takes typed JSON values as an org query returns them', () => {
        const { opportunity } = mapOpportunity(
            {
                attributes: { type: 'Opportunity' },
                Id: '006',
                AccountId: '001',
                CloseDate: '2026-03-01',
                IsClosed: true,
                IsWon: false,
                Amount: 1200.5,
                Type: 'Add-On Business',
                CreatedDate: '2026-01-05T10:11:12.000+0000'
            },
            at
        );
        expect(opportunity).toMatchObject({
            isClosed: true,
            isWon: false,
            amount: 1200.5,
            kind: 'expansion',
            createdDate: '2026-01-05'
        });
    });

    it('dates a Task by the earlier of ActivityDate and CompletedDateTime', () => {
        const task = (fields: Record<string, string>) =>
            mapTask({ Id: '00T', WhoId: '003', Status: 'Completed', ...fields }, at);
        // A call logged two days after it happened (or imported by sf data tree import today).
        expect(
            task({ ActivityDate: '2026-05-01', CompletedDateTime: '2026-05-03T09:00:00.000+0000' })?.date
        ).toBe('2026-05-01');
        // A task done before its due date.
        expect(
            task({ ActivityDate: '2026-05-10', CompletedDateTime: '2026-05-04T09:00:00.000+0000' })?.date
        ).toBe('2026-05-04');
        expect(task({ CompletedDateTime: '2026-05-04T09:00:00Z' })?.date).toBe('2026-05-04');
        expect(task({ ActivityDate: '2026-05-10' })?.date).toBe('2026-05-10');
    });

    it('derives closed/won from the stage when the flags are absent', () => {
        expect(
            mapOpportunity({ Id: '1', AccountId: 'a', CloseDate: '2026-01-01', StageName: 'Closed Won' }, at)
                .opportunity
        ).toMatchObject({ isClosed: true, isWon: true });
        expect(
            mapOpportunity({ Id: '1', AccountId: 'a', CloseDate: '2026-01-01', StageName: 'Prospecting' }, at)
                .opportunity
        ).toMatchObject({ isClosed: false, isWon: false });
    });

    it('skips Tasks that are not completed; Events keep their Type as channel', () => {
        expect(mapTask({ Id: 't', WhoId: 'c', ActivityDate: '2026-01-01', Status: 'Open' }, at)).toBeNull();
        expect(
            mapTask(
                { Id: 't', WhoId: 'c', ActivityDate: '2026-01-01', Status: 'Completed', Type: 'Other' },
                at
            )
        ).toMatchObject({ channel: 'Message', outcome: null });
        expect(
            mapEvent({ Id: 'e', AccountId: 'a', ActivityDate: '2026-01-01', Type: 'Call' }, at)
        ).toMatchObject({ channel: 'Call', contactId: null, accountId: 'a' });
    });

    it('maps Priority to severity only when Severity__c is blank; rejects CSAT outside 1-5', () => {
        const base = { Id: '5', AccountId: 'a', CreatedDate: '2026-01-01' };
        expect(mapCase({ ...base, Priority: 'High' }, at).supportCase.severity).toBe('Sev2');
        expect(mapCase({ ...base, Priority: 'High', Severity__c: 'Sev4' }, at).supportCase.severity).toBe(
            'Sev4'
        );
        expect(mapCase({ ...base, Priority: 'Whenever' }, at).supportCase.severity).toBeNull();
        expect(() => mapCase({ ...base, CSAT__c: 9 }, at)).toThrow(/field CSAT__c: must be 1-5/);
        expect(() => mapCase({ ...base, IsClosed: true }, at)).toThrow(/field ClosedDate/);
    });

    it('requires an account reference on usage and snapshots', () => {
        expect(() => mapUsage({ Period_Start__c: '2026-01-01', Period_End__c: '2026-01-31' }, at)).toThrow(
            DatasetError
        );
        expect(() =>
            mapUsage({ Account__c: 'a', Period_Start__c: '2026-02-01', Period_End__c: '2026-01-31' }, at)
        ).toThrow(/ends before/);
        expect(() => mapSnapshot({ As_Of__c: '2026-01-01', Score__c: 50 }, at)).toThrow(/field Account__c/);
        // An Unknown account's snapshot has no score (MODEL.md v2 property 14): read, not rejected.
        expect(
            mapSnapshot({ Account__c: 'a', As_Of__c: '2026-01-01', Band__c: 'Unknown' }, at).snapshot
        ).toEqual({
            asOf: '2026-01-01',
            score: null,
            band: 'Unknown'
        });
    });
});

describe('MAPPED_FIELDS (the columns a CSV reader may keep)', () => {
    const mappers: Record<string, (record: SalesforceRecord, where: RecordLocation) => unknown> = {
        Account: (r, w) => [mapAccount(r, w), accountChurnedOn(r, w)],
        User: mapUser,
        Contact: mapContact,
        Task: mapTask,
        Event: mapEvent,
        Opportunity: mapOpportunity,
        Case: mapCase,
        Product_Usage__c: mapUsage,
        Account_Health_Snapshot__c: mapSnapshot,
        Health_Override__c: mapOverride
    };
    const folders = [
        join(__dirname, '..', '..', 'data', 'demo'),
        join(__dirname, '__fixtures__', 'tiny-csv'),
        join(__dirname, '__fixtures__', 'tiny-json')
    ];

    it.each(Object.keys(mappers))(
        '%s: the mapper reads only listed fields, whichever fields are blank',
        async (object) => {
            const read = new Set<string>();
            const probe = (record: SalesforceRecord): void => {
                const watched = new Proxy(record, {
                    get(target, key) {
                        if (typeof key === 'string') read.add(key);
                        return target[key as string];
                    }
                });
                try {
                    mappers[object]?.(watched, at);
                } catch {
                    // A record made invalid by blanking a field: what it read until then still counts.
                }
            };
            let records = 0;
            for (const folder of folders) {
                await forEachRecord(folder, object as DatasetObject, (record) => {
                    records++;
                    probe(record);
                    for (const field of Object.keys(record)) probe({ ...record, [field]: '' });
                });
            }
            expect(records).toBeGreaterThan(0);
            expect([...read].filter((field) => !MAPPED_FIELDS[object]?.has(field))).toEqual([]);
        }
    );
});
