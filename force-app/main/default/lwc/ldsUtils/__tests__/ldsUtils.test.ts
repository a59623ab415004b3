import { reduceErrors } from 'c/ldsUtils';

describe('reduceErrors', () => {
    it('reads UI API read errors (body is an array)', () => {
        expect(
            reduceErrors({
                body: [
                    { errorCode: 'INSUFFICIENT_ACCESS', message: 'No access to Account' },
                    { errorCode: 'INVALID_FIELD', message: 'No such column ARR__c' }
                ],
                status: 403
            })
        ).toEqual(['No access to Account', 'No such column ARR__c']);
    });

    it('reads UI API DML field errors and page errors', () => {
        expect(
            reduceErrors({
                body: {
                    message: 'An error occurred while trying to update the record.',
                    output: {
                        errors: [
                            {
                                errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
                                message: 'Review date required'
                            }
                        ],
                        fieldErrors: {
                            Champion_Status__c: [{ message: 'bad value for restricted picklist field: Gone' }]
                        }
                    }
                }
            })
        ).toEqual(['bad value for restricted picklist field: Gone', 'Review date required']);
    });

    it('reads Apex and network errors, JavaScript errors, strings and status text', () => {
        expect(
            reduceErrors([
                { body: { message: 'Unknown portfolio scope "mine"' } },
                new TypeError('x is undefined'),
                'plain text',
                { statusText: 'Service Unavailable' }
            ])
        ).toEqual(['Unknown portfolio scope "mine"', 'x is undefined', 'plain text', 'Service Unavailable']);
    });

    it('drops empty, duplicate and missing errors', () => {
        expect(reduceErrors([null, undefined, { body: { message: ' ' } }, 'same', 'same'])).toEqual(['same']);
        expect(reduceErrors(undefined)).toEqual([]);
        expect(reduceErrors(42)).toEqual([]);
    });
});
