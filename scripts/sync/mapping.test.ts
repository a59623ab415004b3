import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { mapCase, mapContact } from '../dataset/records';
import { DEFAULT_VALUE_MAP, MODEL_VALUES, ValueMapper, throughCase, valueMapProblems } from './mapping';

const at = { file: 'org', record: 'x' };

test('the model values the mapper knows are exactly what the record mappers accept', () => {
    for (const role of MODEL_VALUES.Contact?.Buying_Role__c ?? [])
        expect(mapContact({ Id: '003', AccountId: '001', Buying_Role__c: role }, at).contact.role).toBe(role);
    for (const severity of MODEL_VALUES.Case?.Severity__c ?? [])
        expect(
            mapCase({ Id: '500', AccountId: '001', CreatedDate: '2026-01-01', Severity__c: severity }, at)
                .supportCase.severity
        ).toBe(severity);
    expect(() => mapContact({ Id: '003', AccountId: '001', Buying_Role__c: 'Champion' }, at)).toThrow();
});

test('unknown org values are mapped (documented defaults, then the custom map), counted, never dropped', () => {
    const mapper = new ValueMapper({ 'Contact.Buying_Role__c': { Sponsor: 'Approver' } });
    const contact = (role: string): unknown =>
        mapContact(mapper.normalize('Contact', { Id: '003', AccountId: '001', Buying_Role__c: role }), at)
            .contact.role;
    expect(contact('Champion')).toBe('Influencer');
    expect(contact('champion')).toBe('Influencer');
    expect(contact('Sponsor')).toBe('Approver');
    expect(contact('Gatekeeper')).toBeNull();
    expect(contact('decision maker')).toBe('Decision Maker'); // known, any case: untouched
    const severity = mapper.normalize('Case', {
        Id: '500',
        AccountId: '001',
        CreatedDate: '2026-01-01',
        Severity__c: 'Sev0',
        Priority: 'Low'
    });
    expect(mapCase(severity, at).supportCase.severity).toBe('Sev1');
    // Unknown without a mapping: the severity falls back to the case's Priority.
    const fallback = mapper.normalize('Case', {
        Id: '501',
        AccountId: '001',
        CreatedDate: '2026-01-01',
        Severity__c: 'P1-Blocker',
        Priority: 'High'
    });
    expect(mapCase(fallback, at).supportCase.severity).toBe('Sev2');
    expect(mapper.mapped['Contact.Buying_Role__c']).toEqual({
        Champion: { to: 'Influencer', count: 1 },
        champion: { to: 'Influencer', count: 1 },
        Sponsor: { to: 'Approver', count: 1 },
        Gatekeeper: { to: null, count: 1 }
    });
    expect(mapper.notices()).toContain('Case.Severity__c: "Sev0" -> Sev1 (1), "P1-Blocker" -> no value (1)');
    expect(DEFAULT_VALUE_MAP['Case.Severity__c']?.Sev0).toBe('Sev1');
});

test('a value map file is checked: fields the model reads, model values or null', () => {
    expect(valueMapProblems({ 'Contact.Buying_Role__c': { Champion: 'Influencer', Other: null } })).toEqual(
        []
    );
    expect(valueMapProblems({ 'Contact.Title': { a: 'b' } })[0]).toContain('not a field the model reads');
    expect(valueMapProblems({ 'Case.Severity__c': { Sev0: 'Sev9' } })[0]).toContain('not one of Sev1');
    expect(valueMapProblems([])).toEqual(['expected an object']);
});

test('a task on a Case without AccountId takes the case account; others are untouched', () => {
    const cases = new Map([['500000000000001AAA', '001000000000001AAA']]);
    expect(throughCase({ Id: '00T', WhatId: '500000000000001AAA', AccountId: null }, cases)).toMatchObject({
        AccountId: '001000000000001AAA'
    });
    expect(throughCase({ Id: '00T', WhatId: '500000000000009AAA', AccountId: '' }, cases)).toBe(
        'unknown case'
    );
    const onAccount = { Id: '00T', WhatId: '001000000000002AAA', AccountId: '001000000000002AAA' };
    expect(throughCase(onAccount, cases)).toBe(onAccount);
});

test('a contact read from a Bulk result page keeps none of the page alive (its buying role is the model value)', () => {
    // Memory, not behaviour: a role that were a slice of its page would keep the whole page (megabytes) alive for
    // as long as the engine keeps the contact, i.e. the whole run (~115 MB at 1,000,000 contacts).
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const heapAfterGc = (): number => {
        gc();
        return process.memoryUsage().heapUsed;
    };
    const kept: unknown[] = [];
    const before = heapAfterGc();
    (() => {
        // A 32 MB page; the role is a slice of it, as a CSV parser hands values on.
        const page = `${'x'.repeat(32 * 1024 * 1024)},Decision Maker`;
        const role = page.slice(page.length - 'Decision Maker'.length);
        kept.push(mapContact({ Id: '003000000000001AAA', AccountId: '001', Buying_Role__c: role }, at));
    })();
    const retained = heapAfterGc() - before;
    expect(kept).toHaveLength(1);
    expect(retained).toBeLessThan(8 * 1024 * 1024);
});
