/**
 * The emulator enforces what a real org enforces (docs/emulator.md "Rules and where they come from"). Each test
 * names the rule; on the lenient emulator every one of them was accepted silently.
 */
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { Connection } from 'jsforce';
import { OrgEmulator } from './server';

const FORCE_APP = path.resolve(__dirname, '..', '..', 'force-app');

let emulator: OrgEmulator;
let token: string;

beforeEach(async () => {
    emulator = new OrgEmulator({ forceAppRoot: FORCE_APP, today: '2026-11-20' });
    await emulator.start();
    emulator.seed({
        User: [{ Id: '005000000000REPAAA', LastName: 'Rep' }],
        Account: [
            { Id: '001000000000001AAA', Name: 'Acme', OwnerId: '005000000000REPAAA' },
            { Id: '001000000000002AAA', Name: 'Beta', OwnerId: '005000000000REPAAA' }
        ],
        Contact: [{ Id: '003000000000001AAA', LastName: 'Lee', AccountId: '001000000000002AAA' }],
        Opportunity: [
            {
                Id: '006000000000001AAA',
                Name: 'Renewal',
                AccountId: '001000000000001AAA',
                StageName: 'Prospecting',
                CloseDate: '2027-01-01'
            }
        ],
        Case: [{ Id: '500000000000001AAA', AccountId: '001000000000001AAA', Status: 'New' }]
    });
    token = emulator.issueToken();
});
afterEach(async () => {
    await emulator.stop();
});

async function api(
    method: string,
    route: string,
    body?: unknown,
    contentType = 'application/json'
): Promise<{ status: number; json: unknown; text: string }> {
    const response = await fetch(`${emulator.url}/services/data/v66.0${route}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) })
    });
    const text = await response.text();
    let json: unknown = null;
    try {
        json = JSON.parse(text);
    } catch {
        json = null;
    }
    return { status: response.status, json, text };
}

const code = (result: { json: unknown }): string =>
    String((result.json as { errorCode?: string }[] | null)?.[0]?.errorCode);

test('a non-reparentable master-detail is settable on create only: update and upsert-update refuse it', async () => {
    const store = emulator.store;
    const id = store.insert('Account_Health_Snapshot__c', {
        Account__c: '001000000000001AAA',
        As_Of__c: '2026-11-20',
        Score__c: 50,
        Snapshot_Key__c: 'k1'
    });
    expect(() =>
        store.update('Account_Health_Snapshot__c', id, { Account__c: '001000000000002AAA' })
    ).toThrow(expect.objectContaining({ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' }));
    expect(() =>
        store.upsert('Account_Health_Snapshot__c', 'Snapshot_Key__c', {
            Snapshot_Key__c: 'k1',
            Account__c: '001000000000001AAA',
            Score__c: 51
        })
    ).toThrow(expect.objectContaining({ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' }));
    store.update('Account_Health_Snapshot__c', id, { Score__c: 52 });
    expect(store.get(id)?.record).toMatchObject({ Account__c: '001000000000001AAA', Score__c: 52 });
    const describe = await api('GET', '/sobjects/Account_Health_Snapshot__c/describe');
    const field = (
        describe.json as { fields: { name: string; createable: boolean; updateable: boolean }[] }
    ).fields.find((f) => f.name === 'Account__c');
    expect(field).toMatchObject({ createable: true, updateable: false });
});

test('Task/Event AccountId: from an Account, Opportunity or custom child What; otherwise from the contact; a Case gives none', () => {
    const store = emulator.store;
    const task = (fields: Record<string, unknown>): unknown =>
        store.get(store.insert('Task', { Subject: 't', Status: 'Completed', ...fields }))?.record.AccountId;
    expect(task({ WhatId: '001000000000001AAA' })).toBe('001000000000001AAA');
    expect(task({ WhatId: '006000000000001AAA' })).toBe('001000000000001AAA');
    expect(task({ WhatId: '500000000000001AAA' })).toBeNull();
    expect(task({ WhatId: '500000000000001AAA', WhoId: '003000000000001AAA' })).toBe('001000000000002AAA');
    const event = store.insert('Event', {
        WhatId: '500000000000001AAA',
        StartDateTime: '2026-11-01T10:00:00Z',
        EndDateTime: '2026-11-01T11:00:00Z'
    });
    expect(store.get(event)?.record.AccountId).toBeNull();
});

test('Case.ClosedDate is stamped when a case closes (insert or update) and cleared when it reopens', () => {
    const store = emulator.store;
    const closed = store.insert('Case', { AccountId: '001000000000001AAA', Status: 'Closed' });
    expect(store.get(closed)?.record.ClosedDate).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    store.update('Case', '500000000000001AAA', { Status: 'Closed' });
    expect(store.get('500000000000001AAA')?.record).toMatchObject({
        IsClosed: true,
        ClosedDate: expect.any(String)
    });
    store.update('Case', '500000000000001AAA', { Status: 'Working' });
    expect(store.get('500000000000001AAA')?.record).toMatchObject({ IsClosed: false, ClosedDate: null });
});

test('auto-number: each object counts on its own, so a run record never moves the snapshot numbers', () => {
    // Object Reference / Help "Custom Field Types": an Auto Number field increments its own sequence.
    const store = emulator.store;
    const name = (object: string, values: Record<string, unknown>): unknown =>
        store.get(store.insert(object, values))?.record.Name;
    expect(name('Health_Sync_Run__c', {})).toBe('RUN-000001');
    expect(
        name('Account_Health_Snapshot__c', { Account__c: '001000000000001AAA', As_Of__c: '2026-11-20' })
    ).toBe('HS-000001');
    expect(name('Health_Sync_Run__c', {})).toBe('RUN-000002');
});

test('number precision and scale: too many integer digits are refused, decimals are rounded to the scale', () => {
    const store = emulator.store;
    const id = '001000000000001AAA';
    // Attention_Priority__c is Number(5, 1): at most 4 digits before the point.
    expect(() => store.update('Account', id, { Attention_Priority__c: 10_000 })).toThrow(
        expect.objectContaining({ statusCode: 'NUMBER_OUTSIDE_VALID_RANGE' })
    );
    store.update('Account', id, { Attention_Priority__c: 9_999.94 });
    expect(store.get(id)?.record.Attention_Priority__c).toBe(9_999.9);
    store.update('Account', id, { Attention_Priority__c: 12.35 });
    expect(store.get(id)?.record.Attention_Priority__c).toBe(12.4);
    // STRING_TOO_LONG and restricted picklists, as before.
    expect(() => store.update('Account', id, { Health_Summary__c: 'x'.repeat(256) })).toThrow(
        expect.objectContaining({ statusCode: 'STRING_TOO_LONG' })
    );
    expect(() => store.update('Account', id, { Health_Band__c: 'Purple' })).toThrow(
        expect.objectContaining({ statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' })
    );
});

test('SOQL a real org refuses: quoted dates and numbers, quoted booleans, filter or sort on long text, OFFSET in Bulk', async () => {
    const refused = (soql: string): void =>
        expect(() => emulator.store.compile(soql)).toThrow(
            expect.objectContaining({ errorCode: 'INVALID_FIELD' })
        );
    refused("SELECT Id FROM Account WHERE Renewal_Date__c > '2026-01-01'");
    refused("SELECT Id FROM Case WHERE IsClosed = 'true'");
    refused("SELECT Id FROM Account WHERE ARR__c > '5'");
    refused('SELECT Id FROM Account WHERE Health_Drivers__c != null');
    refused('SELECT Id FROM Account ORDER BY Health_Drivers__c');
    expect(() =>
        emulator.store.compile('SELECT Id, Health_Drivers__c FROM Account WHERE IsDeleted = false')
    ).not.toThrow();
    const job = await api('POST', '/jobs/query', {
        operation: 'query',
        query: 'SELECT Id FROM Account LIMIT 1 OFFSET 1'
    });
    expect(job.status).toBe(400);
    expect(job.text).toContain('OFFSET');
});

test('Bulk ingest: one upload per job, the line ending must match the job, 32,000 characters per field', async () => {
    const create = async (lineEnding?: string): Promise<string> =>
        (
            (
                await api('POST', '/jobs/ingest', {
                    object: 'Account',
                    operation: 'update',
                    contentType: 'CSV',
                    ...(lineEnding ? { lineEnding } : {})
                })
            ).json as { id: string }
        ).id;
    const run = async (id: string): Promise<Record<string, unknown>> => {
        await api('PATCH', `/jobs/ingest/${id}`, { state: 'UploadComplete' });
        let info: Record<string, unknown> = {};
        for (let i = 0; i < 5 && !['JobComplete', 'Failed'].includes(String(info.state)); i++)
            info = (await api('GET', `/jobs/ingest/${id}`)).json as Record<string, unknown>;
        return info;
    };
    const twice = await create();
    expect(
        (await api('PUT', `/jobs/ingest/${twice}/batches`, 'Id,Name\n001000000000001AAA,A\n', 'text/csv'))
            .status
    ).toBe(201);
    const second = await api(
        'PUT',
        `/jobs/ingest/${twice}/batches`,
        'Id,Name\n001000000000002AAA,B\n',
        'text/csv'
    );
    expect(second.status).toBe(400);
    expect(second.text).toContain('only do');
    expect(await run(twice)).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 1 });

    const crlf = await create('LF');
    await api('PUT', `/jobs/ingest/${crlf}/batches`, 'Id,Name\r\n001000000000001AAA,A\r\n', 'text/csv');
    expect(await run(crlf)).toMatchObject({
        state: 'Failed',
        errorMessage: expect.stringContaining('LineEnding')
    });
    const matching = await create('CRLF');
    await api('PUT', `/jobs/ingest/${matching}/batches`, 'Id,Name\r\n001000000000001AAA,A2\r\n', 'text/csv');
    expect(await run(matching)).toMatchObject({ state: 'JobComplete', numberRecordsFailed: 0 });

    const long = await create();
    const drivers = `"${'x'.repeat(32_001)}"`;
    await api(
        'PUT',
        `/jobs/ingest/${long}/batches`,
        `Id,Health_Drivers__c\n001000000000001AAA,${drivers}\n`,
        'text/csv'
    );
    expect(await run(long)).toMatchObject({ state: 'JobComplete', numberRecordsFailed: 1 });
    expect((await api('GET', `/jobs/ingest/${long}/failedResults`)).text).toContain('STRING_TOO_LONG');
    // A job that has completed cannot be aborted.
    expect((await api('PATCH', `/jobs/ingest/${long}`, { state: 'Aborted' })).status).toBe(409);
});

test('the API version resource names the identity URL: jsforce identity() works', async () => {
    const root = await api('GET', '');
    expect((root.json as { identity: string }).identity).toBe(
        `${emulator.url}/id/00D000000000001EAA/${emulator.userId}`
    );
    const connection = new Connection({ instanceUrl: emulator.url, accessToken: token, version: '66.0' });
    const identity = await connection.identity();
    expect(identity.user_id).toBe(emulator.userId);
});

test('JWT bearer: aud must be login.salesforce.com, test.salesforce.com or a configured site URL', async () => {
    await emulator.stop();
    const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    emulator = new OrgEmulator({
        forceAppRoot: FORCE_APP,
        jwt: { clientId: 'ci', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }
    });
    await emulator.start();
    const b64 = (v: string | Buffer): string => Buffer.from(v).toString('base64url');
    const login = async (aud: string): Promise<number> => {
        const head = `${b64(JSON.stringify({ alg: 'RS256' }))}.${b64(
            JSON.stringify({
                iss: 'ci',
                sub: 'integration@health-score.emulator',
                aud,
                exp: Math.floor(Date.now() / 1000) + 60
            })
        )}`;
        const assertion = `${head}.${b64(crypto.createSign('RSA-SHA256').update(head).sign(privateKey))}`;
        const response = await fetch(`${emulator.url}/services/oauth2/token`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
                grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
                assertion
            }).toString()
        });
        return response.status;
    };
    expect(await login(emulator.url)).toBe(400);
    expect(await login('https://acme.my.salesforce.com')).toBe(400);
    expect(await login('https://login.salesforce.com')).toBe(200);
    expect(await login('https://test.salesforce.com')).toBe(200);
});

test('/composite/tree creates up to 200 records all-or-nothing and answers ids by referenceId', async () => {
    const ok = await api('POST', '/composite/tree/Account', {
        records: [
            { attributes: { type: 'Account', referenceId: 'a1' }, Name: 'Tree One' },
            { attributes: { type: 'Account', referenceId: 'a2' }, Name: 'Tree Two' }
        ]
    });
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({
        hasErrors: false,
        results: [{ referenceId: 'a1' }, { referenceId: 'a2' }]
    });
    const before = emulator.records('Account').length;
    const bad = await api('POST', '/composite/tree/Account', {
        records: [
            { attributes: { type: 'Account', referenceId: 'b1' }, Name: 'Kept?' },
            { attributes: { type: 'Account', referenceId: 'b2' }, Name: 'Bad', Health_Band__c: 'Purple' }
        ]
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
        hasErrors: true,
        results: [{ referenceId: 'b2', errors: [{ statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' }] }]
    });
    expect(emulator.records('Account')).toHaveLength(before);
    const many = await api('POST', '/composite/tree/Account', {
        records: Array.from({ length: 201 }, (_, i) => ({
            attributes: { type: 'Account', referenceId: `r${i}` },
            Name: `N${i}`
        }))
    });
    expect(many.status).toBe(400);
    // Records created through the API are owned by the running user.
    const created = (ok.json as { results: { id: string }[] }).results[0]?.id ?? '';
    expect(emulator.store.get(created)?.record).toMatchObject({
        OwnerId: emulator.userId,
        CreatedById: emulator.userId
    });
});

test('sharing: with a Private Account default the user reads (View All) but edits only what it owns', async () => {
    emulator.setSharing({ accountAccess: 'None', viewAll: true, modifyAll: false });
    const update = await api('PATCH', '/sobjects/Account/001000000000001AAA', { Health_Score__c: 50 });
    expect(update.status).toBe(400);
    expect(code(update)).toBe('INSUFFICIENT_ACCESS_OR_READONLY');
    const contact = await api('PATCH', '/sobjects/Contact/003000000000001AAA', { Title: 'CTO' });
    expect(code(contact)).toBe('INSUFFICIENT_ACCESS_OR_READONLY');
    const snapshot = await api('POST', '/sobjects/Account_Health_Snapshot__c', {
        Account__c: '001000000000001AAA',
        As_Of__c: '2026-11-20',
        Score__c: 1,
        Snapshot_Key__c: 'x'
    });
    expect(code(snapshot)).toBe('INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY');
    emulator.store.get('001000000000002AAA')!.record.OwnerId = emulator.userId;
    expect((await api('PATCH', '/sobjects/Account/001000000000002AAA', { Health_Score__c: 50 })).status).toBe(
        204
    );
    const access = await api(
        'GET',
        `/query?q=${encodeURIComponent(`SELECT RecordId, HasEditAccess FROM UserRecordAccess WHERE UserId = '${emulator.userId}' AND RecordId IN ('001000000000001AAA', '001000000000002AAA')`)}`
    );
    expect(
        (access.json as { records: { RecordId: string; HasEditAccess: boolean }[] }).records.map((r) => [
            r.RecordId,
            r.HasEditAccess
        ])
    ).toEqual([
        ['001000000000001AAA', false],
        ['001000000000002AAA', true]
    ]);
    const org = await api(
        'GET',
        `/query?q=${encodeURIComponent('SELECT DefaultAccountAccess FROM Organization')}`
    );
    expect(
        (org.json as { records: { DefaultAccountAccess: string }[] }).records[0]?.DefaultAccountAccess
    ).toBe('None');
    // Without View All, a private account the user does not own is invisible.
    emulator.setSharing({ viewAll: false });
    const visible = await api('GET', `/query?q=${encodeURIComponent('SELECT Id FROM Account')}`);
    expect((visible.json as { totalSize: number }).totalSize).toBe(1);
});

test('auto-number names count per object, as on an org', () => {
    const store = emulator.store;
    const snapshot = (key: string): unknown =>
        store.get(
            store.insert('Account_Health_Snapshot__c', {
                Account__c: '001000000000001AAA',
                As_Of__c: '2026-11-20',
                Score__c: 1,
                Snapshot_Key__c: key
            })
        )?.record.Name;
    const first = String(snapshot('n1'));
    store.insert('Product_Usage__c', {
        Account__c: '001000000000001AAA',
        Period_Start__c: '2026-10-01',
        Period_End__c: '2026-10-31',
        Usage_Key__c: 'u1'
    });
    const second = String(snapshot('n2'));
    expect(Number(second.replace(/\D/g, ''))).toBe(Number(first.replace(/\D/g, '')) + 1);
});
