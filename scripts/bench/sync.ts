/**
 * `npm run bench:sync [-- --accounts 100000]`: counts the API requests one sync makes against the local org
 * emulator, for a synthetic portfolio of N accounts (default 100,000). The target (DESIGN.md): a fixed number
 * of Bulk API 2.0 jobs per object, not requests per record. Run twice to show that a rerun writes nothing.
 */
import { spawnSync } from 'node:child_process';
import * as v8 from 'node:v8';
import { Connection } from 'jsforce';
import { OrgEmulator } from '../emulator/server';
import { SalesforceClient } from '../salesforce/client';
import { Progress } from '../sync/progress';
import { runSync } from '../sync/sync';
import type { SyncSummary } from '../sync/sync';

const AS_OF = '2026-11-20';

function arg(name: string, fallback: number): number {
    const index = process.argv.indexOf(`--${name}`);
    const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
    return Number.isFinite(value) && value > 0 ? value : fallback;
}

function day(offset: number): string {
    const d = new Date(`${AS_OF}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - offset);
    return d.toISOString().slice(0, 10);
}

/**
 * A deterministic synthetic org: per account 2 contacts, 3 activities (2 Tasks, 1 Event), 1 opportunity, 2 usage
 * months, 1 snapshot; 100,000 accounts = 1,000,000 records in the emulator's memory. The request count depends on
 * the number of objects and result pages, not on how many child records each account has.
 */
function seed(emulator: OrgEmulator, accounts: number): Record<string, number> {
    const outcomes = ['Positive', 'Neutral', 'Negative', null];
    const roles = ['Decision Maker', 'Influencer', 'User'];
    const counts: Record<string, number> = {};
    const id = (prefix: string, n: number): string => `${prefix}B${String(n).padStart(14, '0')}`;
    const owner = (a: number): string => id('005', a % 50);
    // Seeded object by object, in chunks, so the bench never holds the whole org twice.
    const load = (object: string, make: (a: number) => Record<string, unknown>[]): void => {
        for (let start = 0; start < accounts; start += 5000) {
            const chunk: Record<string, unknown>[] = [];
            for (let a = start; a < Math.min(accounts, start + 5000); a++) chunk.push(...make(a));
            counts[object] = (counts[object] ?? 0) + emulator.store.seed(object, chunk);
        }
    };
    counts.User = emulator.store.seed(
        'User',
        Array.from({ length: 50 }, (_, i) => ({
            Id: id('005', i),
            FirstName: 'Rep',
            LastName: String(i),
            Username: `rep${i}@bench`
        }))
    );
    load('Account', (a) => [
        {
            Id: id('001', a),
            Name: `Account ${a}`,
            OwnerId: owner(a),
            Customer_Key__c: `K-${a}`,
            ARR__c: 10_000 + (a % 100) * 1000,
            Renewal_Date__c: day(-((a % 300) + 10)),
            Champion_Status__c: a % 17 === 0 ? 'Missing' : 'Active'
        }
    ]);
    load('Contact', (a) =>
        [0, 1].map((c) => ({
            Id: id('003', a * 2 + c),
            AccountId: id('001', a),
            LastName: `Contact ${a}-${c}`,
            Buying_Role__c: roles[c]
        }))
    );
    load('Task', (a) =>
        [0, 1].map((c) => ({
            Id: id('00T', a * 2 + c),
            AccountId: id('001', a),
            WhatId: id('001', a),
            WhoId: id('003', a * 2 + c),
            OwnerId: owner(a),
            Status: 'Completed',
            IsClosed: true,
            TaskSubtype: 'Call',
            ActivityDate: day(((a + c) * 7) % 200),
            Outcome__c: outcomes[(a + c) % 4]
        }))
    );
    load('Event', (a) =>
        [0].map((c) => {
            const date = day(((a + c) * 11) % 400);
            return {
                Id: id('00U', a + c),
                AccountId: id('001', a),
                WhatId: id('001', a),
                WhoId: id('003', a * 2 + c),
                OwnerId: owner(a),
                Type: 'Meeting',
                ActivityDate: date,
                EndDateTime: `${date}T10:00:00.000+0000`,
                Outcome__c: outcomes[(a + c + 1) % 4]
            };
        })
    );
    load('Opportunity', (a) => [
        {
            Id: id('006', a),
            AccountId: id('001', a),
            Name: `Renewal ${a}`,
            StageName: a % 3 === 0 ? 'Closed Won' : 'Negotiation',
            IsClosed: a % 3 === 0,
            IsWon: a % 3 === 0,
            CloseDate: day(a % 3 === 0 ? 100 : -60),
            Type: 'Renewal',
            CreatedDate: `${day(200)}T00:00:00.000+0000`
        }
    ]);
    load('Product_Usage__c', (a) =>
        [0, 1].map((m) => ({
            Account__c: id('001', a),
            Usage_Key__c: `K-${a}_${day(30 * (m + 1))}`,
            Period_Start__c: day(30 * (m + 1)),
            Period_End__c: day(30 * m + 1),
            Active_Users__c: 40 + ((a + m) % 50),
            Licensed_Seats__c: 100,
            Features_Adopted__c: 5 + (a % 5),
            Features_Available__c: 12
        }))
    );
    load('Account_Health_Snapshot__c', (a) => [
        {
            Account__c: id('001', a),
            As_Of__c: day(30),
            Score__c: 40 + (a % 50),
            Band__c: 'Yellow',
            Snapshot_Key__c: `${id('001', a)}_${day(30)}`
        }
    ]);
    return counts;
}

function requestsLine(summary: SyncSummary, emulator: OrgEmulator, label: string): string {
    const jobs = (o: Record<string, number>): string =>
        Object.entries(o)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ') || 'none';
    return [
        `${label}: ${summary.accountsScored.toLocaleString('en-US')} accounts scored, rows written Account ${summary.rows.Account.toLocaleString('en-US')}, Contact ${summary.rows.Contact.toLocaleString('en-US')}, snapshots ${summary.rows.Account_Health_Snapshot__c.toLocaleString('en-US')}`,
        `  API requests: ${emulator.stats.apiRequests} (client counted ${summary.apiRequests.used}; REST ${emulator.stats.restRequests}, Bulk ${emulator.stats.bulkRequests})`,
        `  Bulk query jobs: ${jobs(emulator.stats.bulkQueryJobs)}`,
        `  Bulk ingest jobs: ${jobs(emulator.stats.bulkIngestJobs)}`,
        `  REST queries: ${jobs(emulator.stats.restQueries)}`,
        `  duration ${(summary.durationMs / 1000).toFixed(1)} s`
    ].join('\n');
}

async function main(): Promise<void> {
    const accounts = arg('accounts', 100_000);
    const emulator = new OrgEmulator({ today: AS_OF, bulkPollsBeforeComplete: 1 });
    const url = await emulator.start();
    const seedStart = Date.now();
    const counts = seed(emulator, accounts);
    process.stdout.write(
        `bench:sync — emulator seeded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s: ${Object.entries(
            counts
        )
            .map(([o, n]) => `${o} ${n.toLocaleString('en-US')}`)
            .join(', ')}\n`
    );
    const run = async (label: string): Promise<SyncSummary> => {
        emulator.resetStats();
        const connection = new Connection({
            instanceUrl: url,
            accessToken: emulator.issueToken(),
            version: emulator.apiVersion
        });
        const client = new SalesforceClient(connection, { pollIntervalMs: 50, bulkThreshold: 2000 });
        const summary = await runSync({
            client,
            org: 'emulator',
            asOf: AS_OF,
            dryRun: false,
            minApiRequests: 0,
            progress: new Progress(process.stderr, { intervalMs: 15_000 }),
            resultsDir: 'reports'
        });
        process.stdout.write(`${requestsLine(summary, emulator, label)}\n`);
        return summary;
    };
    const first = await run('first run');
    const second = await run('rerun (same as-of date)');
    const perRecordEstimate =
        Math.ceil(accounts / 2000) +
        Math.ceil((counts.Contact ?? 0) / 2000) +
        Math.ceil(((counts.Task ?? 0) + (counts.Event ?? 0)) / 2000) +
        Math.ceil(first.rows.Account / 200) +
        Math.ceil(first.rows.Contact / 200) +
        Math.ceil(first.rows.Account_Health_Snapshot__c / 200);
    process.stdout.write(
        `\nFor comparison, REST paging (2,000 rows/query page) and composite writes (200 rows/request) alone would need about ${perRecordEstimate.toLocaleString('en-US')} requests for the main objects.\n` +
            `RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB (emulator and sync in one process).\n`
    );
    await emulator.stop();
    if (second.rows.Account + second.rows.Contact + second.rows.Account_Health_Snapshot__c !== 0) {
        process.stderr.write('bench:sync: the rerun wrote rows: the sync is not idempotent\n');
        process.exitCode = 1;
    }
}

// 100,000 accounts hold about a million records in the emulator and the sync in one process: make sure the
// heap may grow past Node's default (re-run this script with a larger heap when it is not).
const HEAP_NEEDED = 8 * 1024 * 1024 * 1024;
if (v8.getHeapStatistics().heap_size_limit < HEAP_NEEDED * 0.9 && !process.env.BENCH_SYNC_CHILD) {
    const child = spawnSync(
        process.execPath,
        ['--max-old-space-size=8192', '--import', 'tsx', __filename, ...process.argv.slice(2)],
        {
            stdio: 'inherit',
            env: { ...process.env, BENCH_SYNC_CHILD: '1' }
        }
    );
    process.exitCode = child.status ?? 1;
} else {
    void main();
}
