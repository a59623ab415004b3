import type { AccountResult, Driver } from '../engine';
import { chooseSample, draftNameOfFile, previewRecords, topChange } from './preview';

const result = (accountId: string, arr: number | null, drivers: Driver[] = []): AccountResult =>
    ({ accountId, arr, drivers }) as unknown as AccountResult;

describe('preview sample', () => {
    test('the N highest ARR, blank ARR last, ties by Id; all when fewer', () => {
        const results = [result('b', 100), result('a', null), result('c', 300), result('d', 100)];
        expect(chooseSample(results, 3).map((r) => r.accountId)).toEqual(['c', 'b', 'd']);
        expect(chooseSample(results, 10).map((r) => r.accountId)).toEqual(['c', 'b', 'd', 'a']);
    });
});

describe('top change', () => {
    test('the driver whose points moved most, in words, with its sign', () => {
        const current = result('a', 1, [
            { code: 'USAGE_TRAJECTORY', label: 'Usage growing', points: 10 },
            { code: 'SEV1', label: 'Open Sev1 case', points: -4 },
            { code: 'BASELINE', label: 'Baseline', points: 50 }
        ]);
        const draft = result('a', 1, [
            { code: 'USAGE_TRAJECTORY', label: 'Usage growing', points: 3 },
            { code: 'SEV1', label: 'Open Sev1 case', points: -9 },
            { code: 'BASELINE', label: 'Baseline', points: 50 }
        ]);
        expect(topChange(current, draft)).toBe('Usage growing: -7 points');
    });

    test('a driver only the draft has counts from zero; one point is singular; nothing moved says so', () => {
        const current = result('a', 1, [{ code: 'BASELINE', label: 'Baseline', points: 50 }]);
        const draft = result('a', 1, [
            { code: 'BASELINE', label: 'Baseline', points: 50 },
            { code: 'CONTACT', label: 'Champion engaged', points: 1 }
        ]);
        expect(topChange(current, draft)).toBe('Champion engaged: +1 point');
        expect(topChange(current, current)).toBe('no driver moved');
    });
});

describe('preview records', () => {
    test('keyed by draft and account, labelled with the version', () => {
        const [row] = previewRecords(
            'Health_Model.Draft',
            'v2',
            [
                {
                    accountId: '001A',
                    name: 'Acme',
                    arr: 1,
                    currentScore: 70,
                    currentBand: 'Green',
                    currentVersion: 'v1',
                    draftScore: 60,
                    draftBand: 'Yellow',
                    change: -10,
                    topChange: 'Usage: -10 points'
                }
            ],
            '2026-11-20T00:00:00.000Z'
        );
        expect(row).toEqual({
            Preview_Key__c: 'Health_Model.Draft_001A',
            Account__c: '001A',
            Draft_Model__c: 'Health_Model.Draft (v2)',
            Current_Score__c: 70,
            Current_Band__c: 'Green',
            Draft_Score__c: 60,
            Draft_Band__c: 'Yellow',
            Score_Change__c: -10,
            Top_Change__c: 'Usage: -10 points',
            Previewed_At__c: '2026-11-20T00:00:00.000Z'
        });
        expect(draftNameOfFile('/tmp/models/draft-2026.json')).toBe('file:draft-2026');
    });
});
