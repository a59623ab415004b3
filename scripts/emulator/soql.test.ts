import * as path from 'node:path';
import { OrgEmulator } from './server';

const emulator = new OrgEmulator({
    forceAppRoot: path.resolve(__dirname, '..', '..', 'force-app'),
    today: '2026-11-20'
});
emulator.seed({
    User: [
        { Id: '005M', LastName: 'Manager' },
        { Id: '005R', LastName: 'Rep', ManagerId: '005M' }
    ],
    Account: [
        {
            Id: '001A',
            Name: 'Acme',
            OwnerId: '005R',
            ARR__c: 100,
            Customer_Key__c: 'A-1',
            Renewal_Date__c: '2027-01-10'
        },
        { Id: '001B', Name: 'Beta', OwnerId: '005M', ARR__c: 300, Customer_Key__c: 'B-1' },
        { Id: '001C', Name: 'acorn', ARR__c: null }
    ],
    Task: [
        { Id: '00T1', WhatId: '001A', Status: 'Completed', IsClosed: true, ActivityDate: '2026-11-01' },
        { Id: '00T2', WhatId: '001A', Status: 'Completed', IsClosed: true, ActivityDate: '2025-01-01' },
        { Id: '00T3', WhatId: '001B', Status: 'Not Started', IsClosed: false, ActivityDate: '2025-01-01' }
    ]
});

const ids = (soql: string, all = false): string[] =>
    emulator.store.run(emulator.store.compile(soql), all).map((r) => String(r.Id));

test('WHERE: AND binds tighter than OR, parentheses, NOT, IN, LIKE (case-insensitive), null', () => {
    expect(ids("SELECT Id FROM Account WHERE Name LIKE 'a%' ORDER BY Name")).toEqual(['001A', '001C']);
    expect(ids("SELECT Id FROM Account WHERE Name = 'Beta' OR ARR__c = 100 AND Name = 'x'")).toEqual([
        '001B'
    ]);
    expect(
        ids(
            "SELECT Id FROM Account WHERE (Name = 'Beta' OR ARR__c = 100) AND Customer_Key__c != null ORDER BY Id"
        )
    ).toEqual(['001A', '001B']);
    expect(ids("SELECT Id FROM Account WHERE NOT (Name IN ('Acme', 'Beta'))")).toEqual(['001C']);
    expect(ids("SELECT Id FROM Account WHERE Customer_Key__c NOT IN ('A-1') AND ARR__c = null")).toEqual([
        '001C'
    ]);
});

test('comparisons on numbers and dates, ORDER BY with NULLS, LIMIT and OFFSET', () => {
    expect(ids('SELECT Id FROM Account WHERE ARR__c >= 100 ORDER BY ARR__c DESC')).toEqual(['001B', '001A']);
    expect(ids('SELECT Id FROM Account WHERE Renewal_Date__c < 2027-02-01')).toEqual(['001A']);
    expect(ids('SELECT Id FROM Account ORDER BY ARR__c ASC NULLS LAST LIMIT 2 OFFSET 1')).toEqual([
        '001B',
        '001C'
    ]);
    expect(ids('SELECT Id FROM Task WHERE ActivityDate = LAST_N_DAYS:30', true)).toEqual(['00T1']);
});

test('parent relationship fields are resolved and nested in REST JSON', () => {
    const query = emulator.store.compile(
        "SELECT Id, Owner.ManagerId, Owner.Name FROM Account WHERE Id = '001A'"
    );
    const [row] = emulator.store.run(query, false);
    expect(emulator.store.toJson(query, row as never, '66.0')).toMatchObject({
        Id: '001A',
        Owner: { ManagerId: '005M', Name: 'Rep' }
    });
    expect(emulator.store.toFlat(query, row as never)).toEqual({
        Id: '001A',
        'Owner.ManagerId': '005M',
        'Owner.Name': 'Rep'
    });
});

test('closed activities older than 365 days are archived: query skips them, queryAll returns them', () => {
    expect(ids('SELECT Id FROM Task ORDER BY Id')).toEqual(['00T1', '00T3']);
    expect(ids('SELECT Id FROM Task ORDER BY Id', true)).toEqual(['00T1', '00T2', '00T3']);
});

test('unknown objects, fields and relationships fail as a real org does', () => {
    expect(() => emulator.store.compile('SELECT Id FROM Widget__c')).toThrow(
        expect.objectContaining({ errorCode: 'INVALID_TYPE' })
    );
    expect(() => emulator.store.compile('SELECT Id, Helth_Score__c FROM Account')).toThrow(
        expect.objectContaining({ errorCode: 'INVALID_FIELD' })
    );
    expect(() => emulator.store.compile("SELECT Id FROM Account WHERE Nope__c = 'x'")).toThrow(
        expect.objectContaining({ errorCode: 'INVALID_FIELD' })
    );
    expect(() => emulator.store.compile('SELECT Id, Boss.Name FROM Account')).toThrow(
        expect.objectContaining({ errorCode: 'INVALID_FIELD' })
    );
    expect(() => emulator.store.compile('SELECT Id FROM Account WHERE')).toThrow(
        expect.objectContaining({ errorCode: 'MALFORMED_QUERY' })
    );
});

test('writes: types, restricted picklists, read-only and unknown fields, unique external ids, upsert by parent key', () => {
    const store = emulator.store;
    expect(() => store.update('Account', '001A', { Health_Band__c: 'Purple' })).toThrow(
        expect.objectContaining({ statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' })
    );
    expect(() => store.update('Account', '001A', { Health_Score__c: 'high' })).toThrow(
        expect.objectContaining({ statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD' })
    );
    expect(() => store.update('Account', '001A', { CreatedDate: '2026-01-01T00:00:00Z' })).toThrow(
        expect.objectContaining({ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' })
    );
    expect(() => store.update('Account', '001A', { Helth__c: 1 })).toThrow(
        expect.objectContaining({ statusCode: 'INVALID_FIELD' })
    );
    expect(() => store.update('Account', '001B', { Customer_Key__c: 'a-1' })).toThrow(
        expect.objectContaining({ statusCode: 'DUPLICATE_VALUE' })
    );
    expect(() => store.insert('Account', { ARR__c: 5 })).toThrow(
        expect.objectContaining({ statusCode: 'REQUIRED_FIELD_MISSING' })
    );
    const first = store.upsert('Product_Usage__c', 'Usage_Key__c', {
        Usage_Key__c: 'A-1_2026-11-01',
        'Account__r.Customer_Key__c': 'A-1',
        Period_Start__c: '2026-11-01',
        Period_End__c: '2026-11-30'
    });
    const again = store.upsert('Product_Usage__c', 'Usage_Key__c', {
        Usage_Key__c: 'A-1_2026-11-01',
        Account__r: { Customer_Key__c: 'A-1' },
        Period_Start__c: '2026-11-01',
        Period_End__c: '2026-11-30',
        Active_Users__c: 3
    });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    expect(store.get(first.id)?.record).toMatchObject({
        Account__c: '001A',
        Active_Users__c: 3,
        Name: expect.stringMatching(/^PU-\d{6}$/)
    });
    expect(() =>
        store.upsert('Product_Usage__c', 'Usage_Key__c', {
            Usage_Key__c: 'Z_2026-11-01',
            'Account__r.Customer_Key__c': 'Z',
            Period_Start__c: '2026-11-01',
            Period_End__c: '2026-11-30'
        })
    ).toThrow(/Foreign key external ID: Z not found/);
});

test('custom metadata records come from force-app and cannot be written through the API', () => {
    const [model] = emulator.store.run(
        emulator.store.compile(
            "SELECT DeveloperName, Usage_Weight__c, Active__c FROM Health_Model__mdt WHERE DeveloperName = 'Default'"
        ),
        false
    );
    expect(model).toMatchObject({ DeveloperName: 'Default', Usage_Weight__c: 35, Active__c: true });
    expect(() => emulator.store.insert('Health_Model__mdt', { Usage_Weight__c: 1 })).toThrow(/not allowed/);
});
