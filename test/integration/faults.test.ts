/**
 * Fault harness: the sync (Bulk and REST paths) and the usage push run in-process against the emulator while a
 * connection fault (scripts/emulator/faults.ts) hits one step of the run. Steps are learnt from a clean run's
 * request log. For each fault it checks:
 * - a single fault is survived: exit 0 and the org ends exactly as after a clean run (no row lost or wrong);
 * - no double write: no Bulk job receives two uploads, rows processed by completed jobs = rows written by a
 *   clean run, no job is left Open;
 * - a fault that never clears ends with exit 6, and a rerun then converges to the clean state.
 *
 * Bounded: by default the first occurrence of each step, three fault kinds, one persistent fault per step. HEALTH_SCORE_FAULTS=all faults every request of the run (the figures in the closing note).
 * HEALTH_SCORE_FAULT_REPORT=<file> writes the figures as JSON.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { runSyncCommand } from '../../scripts/cli/commands/sync';
import { usageCommand } from '../../scripts/cli/commands/usage';
import type { ConnectionFaultKind } from '../../scripts/emulator/faults';
import type { OrgEmulator } from '../../scripts/emulator/server';
import type { CommandIO } from '../../scripts/sync/commandline';
import { AS_OF, demoOrg, tempDir } from './harness';

jest.setTimeout(600_000);

const FULL = process.env.HEALTH_SCORE_FAULTS === 'all';
const KINDS: ConnectionFaultKind[] = ['drop', 'lose', 'hang-after'];

type Flow = 'sync-bulk' | 'sync-rest' | 'usage-bulk';

/** Fields that differ between two clean runs (clocks, generated ids). */
const VOLATILE =
    /^(Id|CreatedDate|LastModifiedDate|SystemModstamp|CreatedById|LastModifiedById|Health_Scored_At__c)$/;
const OBJECTS: [string, string][] = [
    ['Account', 'Id'],
    ['Contact', 'Id'],
    ['Account_Health_Snapshot__c', 'Snapshot_Key__c'],
    ['Product_Usage__c', 'Usage_Key__c']
];

function orgState(emulator: OrgEmulator): Map<string, string> {
    const state = new Map<string, string>();
    for (const [object, key] of OBJECTS) {
        for (const record of emulator.records(object)) {
            const kept = Object.entries(record)
                // Auto-number Names (HS-000217) count every record the org created, run records included.
                .filter(([field]) => !VOLATILE.test(field) && !(field === 'Name' && key !== 'Id'))
                .sort(([a], [b]) => a.localeCompare(b));
            state.set(`${object}:${String(record[key])}`, JSON.stringify(kept));
        }
    }
    return state;
}

/** Records missing, extra or different compared with the clean run. */
function diff(reference: Map<string, string>, actual: Map<string, string>): number {
    let differing = 0;
    for (const [key, value] of reference) if (actual.get(key) !== value) differing += 1;
    for (const key of actual.keys()) if (!reference.has(key)) differing += 1;
    return differing;
}

function io(): CommandIO & { out: () => string } {
    let text = '';
    const sink = { write: (t: string): boolean => ((text += t), true) };
    return {
        stdout: sink,
        stderr: sink,
        env: {},
        out: () => text
    };
}

let usageFile = '';
let reports = '';

async function run(flow: Flow, emulator: OrgEmulator, env: NodeJS.ProcessEnv): Promise<number> {
    const target = io();
    target.env = {
        ...env,
        HEALTH_SCORE_POLL_INTERVAL_MS: '2',
        HEALTH_SCORE_RETRY_BASE_MS: '2',
        HEALTH_SCORE_RETRY_ATTEMPTS: '4',
        HEALTH_SCORE_REQUEST_TIMEOUT_MS: '250'
    };
    const threshold = flow === 'sync-rest' ? '2000' : '0';
    if (flow === 'usage-bulk')
        return usageCommand(['push', '--file', usageFile, '--quiet', '--bulk-threshold', threshold], target);
    return (
        await runSyncCommand(
            ['--as-of', AS_OF, '--quiet', '--results-dir', reports, '--bulk-threshold', threshold],
            target
        )
    ).exitCode;
}

/** `PUT /jobs/ingest/750…/batches` → `PUT /jobs/ingest/:job/batches`. */
const signature = (method: string, route: string): string =>
    `${method} ${route.replace(/\/750[A-Za-z0-9]+/g, '/:job').replace(/\/query\/[^/]+$/, '/query/:locator')}`;

interface Point {
    signature: string;
    method: string;
    pattern: RegExp;
    skip: number;
}

/** Where faults go: per step signature, its occurrences in a clean run (first and last, or all). */
function points(log: { method: string; route: string }[]): Point[] {
    const occurrences = new Map<string, number>();
    for (const entry of log) {
        const sig = signature(entry.method, entry.route);
        occurrences.set(sig, (occurrences.get(sig) ?? 0) + 1);
    }
    const out: Point[] = [];
    for (const [sig, count] of occurrences) {
        const [method, route] = sig.split(' ') as [string, string];
        const pattern = new RegExp(
            `^${route
                .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
                .replace(/:job/g, '750[A-Za-z0-9]+')
                .replace(/:locator/g, '[^/]+')}$`
        );
        const skips = FULL ? [...Array(count).keys()] : [0];
        for (const skip of skips) out.push({ signature: sig, method, pattern, skip });
    }
    return out;
}

interface Figures {
    flow: Flow;
    kind: string;
    signature: string;
    occurrence: number;
    exitCode: number;
    survived: boolean;
    rowsLost: number;
    doubleUploads: number;
    extraRowsProcessed: number;
    jobsLeftOpen: number;
    rerunExitCode?: number;
    rowsLostAfterRerun?: number;
}
const figures: Figures[] = [];

interface Reference {
    state: Map<string, string>;
    rowsProcessed: number;
    points: Point[];
}
const references = new Map<Flow, Reference>();

/** Completed-job rows and Open jobs, through the public Get All Jobs resource; uploads per job from the log. */
async function jobFacts(
    emulator: OrgEmulator,
    url: string,
    token: string
): Promise<{ rowsProcessed: number; open: number; doubleUploads: number }> {
    const jobs = (
        (await getJson(`${url}/services/data/v66.0/jobs/ingest`, token)) as {
            records: { state: string; numberRecordsProcessed: number }[];
        }
    ).records;
    const uploads = new Map<string, number>();
    for (const entry of emulator.connectionFaults.log) {
        const match = /^\/jobs\/ingest\/([^/]+)\/batches$/.exec(entry.route);
        if (match && entry.method === 'PUT' && entry.processed)
            uploads.set(match[1] as string, (uploads.get(match[1] as string) ?? 0) + 1);
    }
    return {
        rowsProcessed: jobs
            .filter((j) => j.state === 'JobComplete')
            .reduce((n, j) => n + j.numberRecordsProcessed, 0),
        open: jobs.filter((j) => j.state === 'Open').length,
        doubleUploads: [...uploads.values()].filter((n) => n > 1).length
    };
}

/** One GET on a fresh connection (no keep-alive: nothing is left open when the test ends). */
function getJson(url: string, token: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
        const request = http.get(
            url,
            { agent: false, headers: { Authorization: `Bearer ${token}` } },
            (res) => {
                let body = '';
                res.setEncoding('utf8');
                res.on('data', (chunk: string) => (body += chunk));
                res.on('end', () => {
                    try {
                        resolve(JSON.parse(body));
                    } catch (error) {
                        reject(error instanceof Error ? error : new Error(String(error)));
                    }
                });
            }
        );
        request.on('error', reject);
    });
}

async function freshOrg(): Promise<{ emulator: OrgEmulator; env: NodeJS.ProcessEnv }> {
    const org = await demoOrg();
    return { emulator: org.emulator, env: org.env };
}

const ALL_FLOWS: Flow[] = ['sync-bulk', 'sync-rest', 'usage-bulk'];
/** HEALTH_SCORE_FAULT_FLOWS=usage-bulk,... runs some flows only. */
const FLOWS = ALL_FLOWS.filter(
    (f) =>
        !process.env.HEALTH_SCORE_FAULT_FLOWS || process.env.HEALTH_SCORE_FAULT_FLOWS.split(',').includes(f)
);

beforeAll(async () => {
    if (!ENABLED) return;
    reports = tempDir('fault-reports');
    const dir = tempDir('fault-usage');
    usageFile = path.join(dir, 'usage.csv');
    const { emulator } = await freshOrg();
    const keys = emulator
        .records('Account')
        .map((a) => a.Customer_Key__c)
        .filter(Boolean);
    await emulator.stop();
    fs.writeFileSync(
        usageFile,
        [
            'Customer_Key__c,Period_Start__c,Period_End__c,Active_Users__c,Licensed_Seats__c,Features_Adopted__c,Features_Available__c,Key_Events__c,ARR__c,Renewal_Date__c,Days_Past_Due__c',
            ...keys.map(
                (key, i) =>
                    `${String(key)},2026-12-01,2026-12-31,${50 + i},100,${i % 10},12,${1000 + i},${100000 + i},2027-06-30,${i % 3}`
            )
        ].join('\n') + '\n'
    );
    for (const flow of FLOWS) {
        const org = await freshOrg();
        const code = await run(flow, org.emulator, org.env);
        expect(code).toBe(0);
        // The steps of the run (taken before the harness's own Get All Jobs request below).
        const steps = points(org.emulator.connectionFaults.log);
        const url = String(org.env.SF_INSTANCE_URL);
        const facts = await jobFacts(org.emulator, url, String(org.env.SF_ACCESS_TOKEN));
        references.set(flow, {
            state: orgState(org.emulator),
            rowsProcessed: facts.rowsProcessed,
            points: steps
        });
        await org.emulator.stop();
    }
});

afterAll(() => {
    if (figures.length === 0) return;
    const single = figures.filter((f) => f.kind !== 'persistent');
    const persistent = figures.filter((f) => f.kind === 'persistent');
    const totals = {
        faultsInjected: figures.length,
        singleFaults: single.length,
        singleSurvived: single.filter((f) => f.survived).length,
        persistentFaults: persistent.length,
        persistentExit6: persistent.filter((f) => f.exitCode === 6).length,
        persistentRecoveredByRerun: persistent.filter(
            (f) => f.rerunExitCode === 0 && f.rowsLostAfterRerun === 0
        ).length,
        rowsLost:
            single.reduce((n, f) => n + f.rowsLost, 0) +
            persistent.reduce((n, f) => n + (f.rowsLostAfterRerun ?? 0), 0),
        doubleUploads: figures.reduce((n, f) => n + f.doubleUploads, 0),
        extraRowsProcessed: single.reduce((n, f) => n + f.extraRowsProcessed, 0),
        jobsLeftOpen: figures.reduce((n, f) => n + f.jobsLeftOpen, 0)
    };
    const file = process.env.HEALTH_SCORE_FAULT_REPORT;
    if (file) fs.writeFileSync(file, JSON.stringify({ totals, figures }, null, 2));
});

// On by default (about 45 s); HEALTH_SCORE_FAULTS=off skips it. The stall seen while the machine was shared by
// many test runs did not reproduce on an idle machine (all three flows pass).
const ENABLED = process.env.HEALTH_SCORE_FAULTS !== 'off';
const describeIfEnabled = ENABLED ? describe : describe.skip;

for (const flow of FLOWS) {
    describeIfEnabled(flow, () => {
        test('survives one fault at each step: nothing lost, nothing written twice, exit 0', async () => {
            const reference = references.get(flow) as Reference;
            expect(reference.points.length).toBeGreaterThan(3);
            const failures: string[] = [];
            for (const point of reference.points) {
                for (const kind of KINDS) {
                    const org = await freshOrg();
                    org.emulator.connectionFaults.add({
                        kind,
                        method: point.method,
                        path: point.pattern,
                        times: 1,
                        skip: point.skip
                    });
                    const exitCode = await run(flow, org.emulator, org.env);
                    const facts = await jobFacts(
                        org.emulator,
                        String(org.env.SF_INSTANCE_URL),
                        String(org.env.SF_ACCESS_TOKEN)
                    );
                    const rowsLost = diff(reference.state, orgState(org.emulator));
                    const figure: Figures = {
                        flow,
                        kind,
                        signature: point.signature,
                        occurrence: point.skip + 1,
                        exitCode,
                        survived: false,
                        rowsLost,
                        doubleUploads: facts.doubleUploads,
                        extraRowsProcessed: Math.max(0, facts.rowsProcessed - reference.rowsProcessed),
                        jobsLeftOpen: facts.open
                    };
                    figure.survived =
                        exitCode === 0 &&
                        rowsLost === 0 &&
                        facts.doubleUploads === 0 &&
                        figure.extraRowsProcessed === 0 &&
                        facts.open === 0 &&
                        org.emulator.connectionFaults.pending === 0;
                    figures.push(figure);
                    if (!figure.survived) failures.push(JSON.stringify(figure));
                    await org.emulator.stop();
                }
            }
            expect(failures).toEqual([]);
        });

        test('a fault that never clears ends with exit 6; a rerun then converges to the clean result', async () => {
            const reference = references.get(flow) as Reference;
            const failures: string[] = [];
            const firstOfEach = reference.points.filter((p) => p.skip === 0);
            for (const point of firstOfEach) {
                const org = await freshOrg();
                org.emulator.connectionFaults.add({
                    kind: 'drop',
                    method: point.method,
                    path: point.pattern,
                    times: 1000
                });
                const exitCode = await run(flow, org.emulator, org.env);
                const facts = await jobFacts(
                    org.emulator,
                    String(org.env.SF_INSTANCE_URL),
                    String(org.env.SF_ACCESS_TOKEN)
                );
                org.emulator.connectionFaults.faults.length = 0;
                // The failed run could not release its run lock (the network was down): the rerun treats it as
                // abandoned at once, as docs/operations.md's lock timeout does after --lock-timeout-minutes.
                const rerunExitCode = await run(flow, org.emulator, {
                    ...org.env,
                    HEALTH_SCORE_LOCK_TIMEOUT_MINUTES: '0'
                });
                const rowsLostAfterRerun = diff(reference.state, orgState(org.emulator));
                const figure: Figures = {
                    flow,
                    kind: 'persistent',
                    signature: point.signature,
                    occurrence: 1,
                    exitCode,
                    survived:
                        exitCode === 6 &&
                        rerunExitCode === 0 &&
                        rowsLostAfterRerun === 0 &&
                        // A job stays Open only when the fault also blocks its abort (the same PATCH request).
                        (facts.open === 0 || point.signature === 'PATCH /jobs/ingest/:job'),
                    rowsLost: 0,
                    doubleUploads: facts.doubleUploads,
                    extraRowsProcessed: 0,
                    jobsLeftOpen: facts.open,
                    rerunExitCode,
                    rowsLostAfterRerun
                };
                figures.push(figure);
                if (!figure.survived) failures.push(JSON.stringify(figure));
                await org.emulator.stop();
            }
            expect(failures).toEqual([]);
        });
    });
}
