/**
 * Failure records are never lost, and nothing the CLI prints or writes leaks a secret or carries a terminal
 * escape or a spreadsheet formula from org data. The sync command runs in-process against the emulator.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runSyncCommand } from '../../scripts/cli/commands/sync';
import { writePrivateFile } from '../../scripts/cli/commands/emulator';
import type { OrgEmulator } from '../../scripts/emulator/server';
import { SalesforceClient } from '../../scripts/salesforce/client';
import type { FlatRecord } from '../../scripts/salesforce/client';
import { parseCsv, restoreFormulaCell } from '../../scripts/salesforce/csv';
import { redact } from '../../scripts/salesforce/errors';
import type { CommandIO } from '../../scripts/sync/commandline';
import { Progress } from '../../scripts/sync/progress';
import { formatFocus, formatSummary } from '../../scripts/sync/report';
import type { FocusAccount, SyncSummary } from '../../scripts/sync/sync';
import { AS_OF, demoOrg, tempDir } from './harness';

jest.setTimeout(60_000);

let emulator: OrgEmulator;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
    ({ emulator, env } = await demoOrg());
});
afterEach(async () => {
    jest.restoreAllMocks();
    await emulator.stop();
});

interface Run {
    code: number;
    stdout: string;
    stderr: string;
    summary?: SyncSummary;
}

async function sync(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const io: CommandIO = {
        stdout: { write: (t: string) => ((stdout += t), true) },
        stderr: { write: (t: string) => ((stderr += t), true) },
        env: {
            HEALTH_SCORE_POLL_INTERVAL_MS: '5',
            HEALTH_SCORE_RETRY_BASE_MS: '5',
            HEALTH_SCORE_REQUEST_TIMEOUT_MS: '2000',
            ...env,
            ...extraEnv
        }
    };
    const run = await runSyncCommand(['--as-of', AS_OF, '--quiet', ...args], io);
    return { code: run.exitCode, stdout, stderr, ...(run.summary ? { summary: run.summary } : {}) };
}

/** Every row the client was asked to write, per object (to compare with the failed-rows file). */
function recordWrites(): Map<string, FlatRecord> {
    const sent = new Map<string, FlatRecord>();
    const original = SalesforceClient.prototype.write;
    jest.spyOn(SalesforceClient.prototype, 'write').mockImplementation(async function (
        this: SalesforceClient,
        object,
        operation,
        rows,
        externalId
    ) {
        for (const row of rows) sent.set(`${object}:${String(row.Id ?? row.Snapshot_Key__c)}`, { ...row });
        return original.call(this, object, operation, rows, externalId);
    });
    return sent;
}

function failAccount(id: string, message: string): void {
    emulator.rowFaults.push({
        object: 'Account',
        match: (row) => row.Id === id,
        errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        message
    });
}

const firstAccountId = (): string => String(emulator.records('Account')[0]?.Id);

describe('the failed-rows file', () => {
    for (const via of ['bulk', 'rest'] as const) {
        test(`(${via}) can be loaded again as written: '' = not written, #N/A = cleared, formulas neutralised`, async () => {
            const sent = recordWrites();
            const id = firstAccountId();
            failAccount(id, '=HYPERLINK("http://evil.example","fix me")');
            const reports = tempDir('failed');
            const run = await sync([
                '--results-dir',
                reports,
                '--bulk-threshold',
                via === 'bulk' ? '0' : '100000'
            ]);
            expect(run.code).toBe(5);
            const file = run.summary?.resultsFile as string;
            expect(file).toBe(path.join(reports, `sync-failed-${AS_OF}.csv`));
            const text = fs.readFileSync(file, 'utf8');
            expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
            const { header, rows } = parseCsv(text);
            expect(header.slice(0, 5)).toEqual(['object', 'operation', 'errorCode', 'message', 'Id']);
            expect(rows).toHaveLength(1);
            const record = rows[0]?.record as Record<string, string>;
            expect(restoreFormulaCell(record.message ?? '')).toBe(
                '=HYPERLINK("http://evil.example","fix me")'
            );
            // Re-read as Bulk API 2.0 would: the row equals what the sync tried to write, field for field.
            const reloaded: FlatRecord = {};
            for (const column of header.slice(4)) {
                const value = restoreFormulaCell(record[column] ?? '');
                if (value !== '') reloaded[column] = value === '#N/A' ? null : value;
            }
            const expected = sent.get(`Account:${id}`) as FlatRecord;
            expect(Object.keys(reloaded).sort()).toEqual(Object.keys(expected).sort());
            for (const [key, value] of Object.entries(expected))
                expect(reloaded[key]).toBe(value === null ? null : String(value));
        });
    }

    test('a rerun replaces it, and a rerun with no failures removes the stale one and says so', async () => {
        const reports = tempDir('stale');
        failAccount(firstAccountId(), 'locked');
        const first = await sync(['--results-dir', reports]);
        expect(first.code).toBe(5);
        const file = path.join(reports, `sync-failed-${AS_OF}.csv`);
        expect(fs.existsSync(file)).toBe(true);
        emulator.rowFaults.length = 0;
        const second = await sync(['--results-dir', reports]);
        expect(second.code).toBe(0);
        expect(fs.existsSync(file)).toBe(false);
        expect(second.summary?.staleResultsRemoved).toBe(file);
        expect(formatSummary(second.summary as SyncSummary)).toContain('was removed');
        expect(fs.readdirSync(reports)).toEqual([]);
    });

    test('an unwritable results folder: the file goes to the temp folder and the output says where', async () => {
        const base = tempDir('unwritable');
        const notAFolder = path.join(base, 'file');
        fs.writeFileSync(notAFolder, 'x');
        failAccount(firstAccountId(), 'locked');
        const run = await sync(['--results-dir', path.join(notAFolder, 'reports')]);
        expect(run.code).toBe(5);
        const summary = run.summary as SyncSummary;
        expect(summary.resultsFallbackFrom?.dir).toBe(path.join(notAFolder, 'reports'));
        expect(summary.resultsFile).toMatch(/health-score-reports/);
        expect(fs.readFileSync(summary.resultsFile as string, 'utf8')).toContain('locked');
        expect(run.stdout).toContain('could not be written');
        fs.rmSync(summary.resultsFile as string);
    });

    test('no folder writable at all: the failed rows are printed', async () => {
        const base = tempDir('nowhere');
        const notAFolder = path.join(base, 'file');
        fs.writeFileSync(notAFolder, 'x');
        failAccount(firstAccountId(), 'locked for this account');
        const tmp = process.env.TMPDIR;
        process.env.TMPDIR = path.join(notAFolder, 'tmp');
        let run: Run;
        try {
            run = await sync(['--results-dir', path.join(notAFolder, 'reports')]);
        } finally {
            if (tmp === undefined) delete process.env.TMPDIR;
            else process.env.TMPDIR = tmp;
        }
        expect(run.code).toBe(5);
        expect(run.summary?.resultsFile).toBeNull();
        expect(run.stdout).toContain('Failed rows (CSV):');
        expect(run.stdout).toContain('locked for this account');
    });

    test('a failed-rows path equal to an input file is refused before anything is read or written', async () => {
        const reports = tempDir('input');
        const model = path.join(reports, `sync-failed-${AS_OF}.csv`);
        fs.writeFileSync(model, '{}');
        const run = await sync(['--results-dir', reports, '--model', model]);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('RESULTS_FILE_IS_INPUT');
        expect(fs.readFileSync(model, 'utf8')).toBe('{}');
        expect(emulator.stats.apiRequests).toBe(0);
    });
});

describe('secrets and terminal output', () => {
    test('a password in a user:pass@ instance URL is never echoed', async () => {
        const url = String(env.SF_INSTANCE_URL).replace('http://', 'http://ops:S3cretPass@');
        const run = await sync(['--dry-run'], { SF_INSTANCE_URL: url });
        expect(run.stdout + run.stderr).not.toContain('S3cretPass');
        const json = await sync(['--dry-run', '--json'], { SF_INSTANCE_URL: url });
        expect(json.stdout + json.stderr).not.toContain('S3cretPass');
        expect(redact('see https://me:pw@example.my.salesforce.com/x')).toBe(
            'see https://[redacted]@example.my.salesforce.com/x'
        );
    });

    test('--token-file forces 0600 on an existing world-readable file', () => {
        const file = path.join(tempDir('token'), 'token');
        fs.writeFileSync(file, 'old', { mode: 0o644 });
        fs.chmodSync(file, 0o644);
        writePrivateFile(file, 'secret-token');
        expect(fs.statSync(file).mode & 0o777).toBe(0o600);
        expect(fs.readFileSync(file, 'utf8')).toBe('secret-token');
        expect(fs.readdirSync(path.dirname(file))).toEqual(['token']);
    });

    test('JWT: a world-readable key gets a warning; a file that is not a key exits 3 (auth), not 6', async () => {
        const dir = tempDir('jwt');
        const notAKey = path.join(dir, 'server.key');
        fs.writeFileSync(notAKey, 'this is not a key\n', { mode: 0o600 });
        const jwtEnv = {
            SF_ACCESS_TOKEN: '',
            SF_INSTANCE_URL: '',
            SF_CLIENT_ID: 'health-score-ci',
            SF_USERNAME: 'integration@example.com',
            SF_LOGIN_URL: String(env.SF_INSTANCE_URL)
        };
        const bad = await sync([], { ...jwtEnv, SF_JWT_KEY_FILE: notAKey });
        expect(bad.code).toBe(3);
        expect(bad.stderr).toContain('JWT_KEY_INVALID');

        const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
        const open = path.join(dir, 'open.key');
        fs.writeFileSync(open, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
        fs.chmodSync(open, 0o644);
        const warned = await sync([], { ...jwtEnv, SF_JWT_KEY_FILE: open });
        expect(warned.stderr).toMatch(/warning: the JWT key file .* can be read by other users \(mode 644\)/);
    });

    test('terminal escape sequences in record names are not printed raw', async () => {
        const evil = 'Evil\u001b]0;owned\u0007 Corp\u001b[2J\u009b31m\r';
        const focus: FocusAccount = {
            accountId: '001',
            name: evil,
            score: 40,
            band: 'Red',
            trend: 'Declining',
            change: -5,
            lifecycle: 'Warm',
            attentionPriority: 12,
            bandChanged: true,
            expansionReady: false,
            criticalRisk: `risk \u001b[31m`,
            summary: '',
            drivers: [{ label: 'driver \u001b[1m', points: -3 }],
            renewalDate: null,
            arr: null
        };
        const text = formatFocus([focus]);
        expect(text).toContain('Evil]0;owned Corp[2J31m');
        expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
        let written = '';
        const progress = new Progress({ write: (t: string) => ((written += t), true) });
        progress.note(`retrying after ${evil}`);
        expect(written).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
        // End to end: an Account named with escapes, through the real sync summary.
        const [account] = emulator.records('Account');
        emulator.store.update('Account', String(account?.Id), { Name: evil });
        const run = await sync(['--dry-run']);
        expect(run.stdout).toContain('Evil]0;owned Corp');
        expect(run.stdout + run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    });
});
