import { parseCsv, toCsv } from './csv';
import { redact } from './errors';
import { isTransient, withRetry } from './retry';
import { changedFields, canonical } from '../sync/fields';
import { validateRow } from '../sync/usage';
import { Progress } from '../sync/progress';

test('CSV round-trips quotes, commas, new lines and blanks, and reports the line each row starts on', () => {
    const rows = [
        { a: 'plain', b: 'has, comma', c: 'has "quotes"' },
        { a: 'multi\nline', b: '', c: ' padded ' }
    ];
    const text = toCsv(['a', 'b', 'c'], rows);
    const parsed = parseCsv(text);
    expect(parsed.header).toEqual(['a', 'b', 'c']);
    expect(parsed.rows.map((r) => r.record)).toEqual(rows);
    expect(parsed.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(() => parseCsv('a\n"open')).toThrow(/unterminated/);
});

test('retry: transient errors are retried with backoff, others fail at once, the last error surfaces', async () => {
    const sleeps: number[] = [];
    const options = {
        attempts: 4,
        baseDelayMs: 100,
        maxDelayMs: 1000,
        sleep: async (ms: number) => void sleeps.push(ms)
    };
    let calls = 0;
    const flaky = async (): Promise<string> => {
        calls++;
        if (calls < 3) throw Object.assign(new Error('busy'), { errorCode: 'UNABLE_TO_LOCK_ROW' });
        return 'ok';
    };
    await expect(withRetry('flaky', flaky, options)).resolves.toBe('ok');
    expect(calls).toBe(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1] as number).toBeGreaterThanOrEqual(100);
    const permanent = Object.assign(new Error('bad'), { errorCode: 'INVALID_FIELD' });
    await expect(withRetry('permanent', () => Promise.reject(permanent), options)).rejects.toBe(permanent);
    const down = Object.assign(new Error('down'), { errorCode: 'ERROR_HTTP_503' });
    await expect(withRetry('down', () => Promise.reject(down), options)).rejects.toBe(down);
    expect(isTransient(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient(new Error('INVALID_SESSION_ID'))).toBe(false);
});

test('tokens are redacted from any message', () => {
    const text = redact(
        'Authorization: Bearer 00D000000000001!AQ.abc-123 and 00D5g000001abcd!AR8xyz failed; access_token=secret'
    );
    expect(text).not.toMatch(/AQ\.abc|AR8xyz|secret/);
});

test('changed fields compare REST types, Bulk strings and engine values canonically', () => {
    expect(canonical('55')).toBe(canonical(55));
    expect(canonical('72.50')).toBe(canonical(72.5));
    expect(
        changedFields({ A: '55', B: 'Green', C: null, D: 'false' }, { A: 55, B: 'Green', C: null, D: false })
    ).toEqual({});
    expect(changedFields({ A: '55', B: 'Green' }, { A: 56, B: 'Yellow', C: 'new' })).toEqual({
        A: 56,
        B: 'Yellow',
        C: 'new'
    });
    expect(changedFields(undefined, { E: false })).toEqual({});
});

test('usage rows: required fields, dates, counts and billing are validated with reasons', () => {
    const ok = validateRow({
        line: 2,
        raw: {
            customer_key: 'K',
            period_start: '2026-11-01',
            period_end: '2026-11-30',
            active_users: '5',
            arr: '1000'
        }
    });
    expect(ok).toMatchObject({
        usage: { Usage_Key__c: 'K_2026-11-01', 'Account__r.Customer_Key__c': 'K', Active_Users__c: 5 },
        billing: { Customer_Key__c: 'K', ARR__c: 1000 }
    });
    const bad = validateRow({
        line: 3,
        raw: {
            Customer_Key__c: 'K',
            Period_Start__c: '2026-02-30',
            Period_End__c: '2026-11-30',
            Days_Past_Due__c: '1.5'
        }
    });
    expect(bad).toEqual({
        reasons: [
            'Period_Start__c must be a date YYYY-MM-DD, got 2026-02-30',
            'Days_Past_Due__c must be a whole number 0-9999, got 1.5'
        ]
    });
});

test('progress: a redrawn bar on a TTY, periodic plain lines otherwise, nothing when quiet', () => {
    const capture = (
        isTTY: boolean
    ): { text: () => string; stream: { isTTY: boolean; write: (t: string) => boolean } } => {
        let out = '';
        return { text: () => out, stream: { isTTY, write: (t: string) => ((out += t), true) } };
    };
    let clock = 0;
    const tty = capture(true);
    const bar = new Progress(tty.stream, { now: () => clock });
    bar.phase('write Account', 4);
    bar.advance(2);
    bar.end();
    expect(tty.text()).toContain('\r\x1b[2Kwrite Account [############............] 2 of 4');
    const plain = capture(false);
    const lines = new Progress(plain.stream, { now: () => clock, intervalMs: 1000 });
    lines.phase('extract Task');
    lines.advance(10);
    clock = 1500;
    lines.advance(5);
    lines.end();
    expect(plain.text()).toBe(
        '[sync] extract Task\n[sync] extract Task: 15 rows\n[sync] extract Task: 15 rows done\n'
    );
    const quiet = capture(false);
    const silent = new Progress(quiet.stream, { quiet: true });
    silent.phase('x', 1);
    silent.advance(1);
    silent.end();
    expect(quiet.text()).toBe('');
});
