/**
 * `npm run bench:sync [-- --accounts 100000 --contacts-per-account 10 --activities-per-account 100]`: one sync
 * (then a rerun) of a synthetic org of N accounts (default 100,000 accounts, 1,000,000 contacts, 10,000,000
 * activities) on the local org emulator. The emulator runs in its own process, so the sync's peak RSS and CPU
 * (measured with GNU time around `health-score sync`, as a user runs it) are the sync's alone. Prints the API
 * requests the run cost: the target (DESIGN.md) is a fixed number of Bulk API 2.0 jobs per object, not
 * requests per record; a rerun writes nothing.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { OrgEmulator } from '../emulator/server';
import type { SyncSummary } from '../sync/sync';
import { canMeasure, measure, TIME } from './measure';

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
interface SeedSize {
    accounts: number;
    contactsPerAccount: number;
    activitiesPerAccount: number;
}

function seed(emulator: OrgEmulator, size: SeedSize): Record<string, number> {
    const { accounts, contactsPerAccount: perAccount, activitiesPerAccount } = size;
    // Two thirds of the activities are Tasks, one third Events, each on one of the account's contacts.
    const events = Math.floor(activitiesPerAccount / 3);
    const tasks = activitiesPerAccount - events;
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
    const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
    load('Contact', (a) =>
        range(perAccount).map((c) => ({
            Id: id('003', a * perAccount + c),
            AccountId: id('001', a),
            LastName: `Contact ${a}-${c}`,
            Buying_Role__c: roles[c % roles.length]
        }))
    );
    load('Task', (a) =>
        range(tasks).map((c) => ({
            Id: id('00T', a * tasks + c),
            AccountId: id('001', a),
            WhatId: id('001', a),
            WhoId: id('003', a * perAccount + (c % perAccount)),
            OwnerId: owner(a),
            Status: 'Completed',
            IsClosed: true,
            TaskSubtype: 'Call',
            ActivityDate: day(((a + c) * 7) % 200),
            Outcome__c: outcomes[(a + c) % 4]
        }))
    );
    load('Event', (a) =>
        range(events).map((c) => {
            const date = day(((a + c) * 11) % 400);
            return {
                Id: id('00U', a * events + c),
                AccountId: id('001', a),
                WhatId: id('001', a),
                WhoId: id('003', a * perAccount + (c % perAccount)),
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

type EmulatorStats = OrgEmulator['stats'];

function requestsLine(summary: SyncSummary, stats: EmulatorStats, label: string): string {
    const jobs = (o: Record<string, number>): string =>
        Object.entries(o)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ') || 'none';
    return [
        `${label}: ${summary.accountsScored.toLocaleString('en-US')} accounts scored, rows written Account ${summary.rows.Account.toLocaleString('en-US')}, Contact ${summary.rows.Contact.toLocaleString('en-US')}, snapshots ${summary.rows.Account_Health_Snapshot__c.toLocaleString('en-US')}`,
        `  API requests: ${stats.apiRequests} (client counted ${summary.apiRequests.used}; REST ${stats.restRequests}, Bulk ${stats.bulkRequests})`,
        `  Bulk query jobs: ${jobs(stats.bulkQueryJobs)}`,
        `  Bulk ingest jobs: ${jobs(stats.bulkIngestJobs)}`,
        `  REST queries: ${jobs(stats.restQueries)}`
    ].join('\n');
}

function sizeFrom(): SeedSize {
    return {
        accounts: arg('accounts', 100_000),
        contactsPerAccount: arg('contacts-per-account', 10),
        activitiesPerAccount: arg('activities-per-account', 100)
    };
}

/**
 * The emulator process (`--serve`): seeds, serves on 127.0.0.1, prints `{url, token, counts}` as one JSON line,
 * then answers `stats` on stdin with the request counts since the last `stats` (and resets them). Ends when
 * stdin closes.
 */
async function serve(size: SeedSize): Promise<void> {
    const emulator = new OrgEmulator({ today: AS_OF, bulkPollsBeforeComplete: 1 });
    const url = await emulator.start();
    const counts = seed(emulator, size);
    process.stdout.write(`${JSON.stringify({ url, token: emulator.issueToken(), counts })}\n`);
    emulator.resetStats();
    const lines = readline.createInterface({ input: process.stdin });
    for await (const line of lines) {
        if (line.trim() === 'stats') {
            process.stdout.write(`${JSON.stringify(emulator.stats)}\n`);
            emulator.resetStats();
        }
    }
    await emulator.stop();
}

async function main(): Promise<void> {
    if (!canMeasure()) {
        process.stderr.write(`bench:sync: needs GNU time at ${TIME}\n`);
        process.exitCode = 2;
        return;
    }
    const size = sizeFrom();
    const activities = size.accounts * size.activitiesPerAccount;
    const repo = path.resolve(__dirname, '..', '..');
    const out = path.join(repo, '.tmp', 'bench', 'sync');
    fs.mkdirSync(out, { recursive: true });
    const seedStart = Date.now();
    // The emulator holds the whole org in memory: its own process, with a heap to match.
    const child = spawn(
        process.execPath,
        [
            '--max-old-space-size=16384',
            '--require',
            require.resolve('tsx/cjs'),
            __filename,
            '--serve',
            ...process.argv.slice(2)
        ],
        { stdio: ['pipe', 'pipe', 'inherit'] }
    );
    const replies = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async (): Promise<string> => {
        const line = await replies.next();
        if (line.done) throw new Error('the emulator process ended');
        return line.value;
    };
    try {
        const ready = JSON.parse(await next()) as {
            url: string;
            token: string;
            counts: Record<string, number>;
        };
        process.stdout.write(
            `bench:sync: ${size.accounts.toLocaleString('en-US')} accounts, ${(size.accounts * size.contactsPerAccount).toLocaleString('en-US')} contacts, ${activities.toLocaleString('en-US')} activities; emulator (own process) seeded in ${((Date.now() - seedStart) / 1000).toFixed(0)} s: ${Object.entries(
                ready.counts
            )
                .map(([o, n]) => `${o} ${n.toLocaleString('en-US')}`)
                .join(', ')}\n`
        );
        const env = {
            ...process.env,
            SF_ACCESS_TOKEN: ready.token,
            SF_INSTANCE_URL: ready.url,
            HEALTH_SCORE_POLL_INTERVAL_MS: '50'
        };
        const run = async (label: string): Promise<SyncSummary> => {
            const stdoutFile = path.join(out, `${label.replace(/\W+/g, '-')}.json`);
            const measured = measure(
                label,
                process.execPath,
                [
                    path.join(repo, 'bin', 'health-score.js'),
                    'sync',
                    '--as-of',
                    AS_OF,
                    '--json',
                    '--quiet',
                    '--min-api-requests',
                    '0',
                    '--results-dir',
                    path.join(out, 'reports')
                ],
                { stdoutFile, env }
            );
            child.stdin.write('stats\n');
            const stats = JSON.parse(await next()) as EmulatorStats;
            const text = fs.readFileSync(stdoutFile, 'utf8').trim().split('\n').pop() ?? '{}';
            const summary = JSON.parse(text) as SyncSummary;
            if (measured.exitCode !== 0)
                process.stdout.write(`  ${label}: exit ${measured.exitCode} ${measured.stderrTail}\n`);
            process.stdout.write(`${requestsLine(summary, stats, label)}\n`);
            process.stdout.write(
                `  sync process: CPU ${measured.cpuSeconds.toFixed(1)} s, wall ${measured.wallSeconds.toFixed(1)} s, peak RSS ${Math.round(measured.peakRssMb)} MB (emulator not included)\n`
            );
            return summary;
        };
        const first = await run('first run');
        const second = await run('rerun (same as-of date)');
        const perRecordEstimate =
            Math.ceil(size.accounts / 2000) +
            Math.ceil((ready.counts.Contact ?? 0) / 2000) +
            Math.ceil(((ready.counts.Task ?? 0) + (ready.counts.Event ?? 0)) / 2000) +
            Math.ceil(first.rows.Account / 200) +
            Math.ceil(first.rows.Contact / 200) +
            Math.ceil(first.rows.Account_Health_Snapshot__c / 200);
        process.stdout.write(
            `\nFor comparison, REST paging (2,000 rows/query page) and composite writes (200 rows/request) alone would need about ${perRecordEstimate.toLocaleString('en-US')} requests for the main objects.\n`
        );
        if (second.rows.Account + second.rows.Contact + second.rows.Account_Health_Snapshot__c !== 0) {
            process.stderr.write('bench:sync: the rerun wrote rows: the sync is not idempotent\n');
            process.exitCode = 1;
        }
    } finally {
        child.stdin.end();
    }
}

if (process.argv.includes('--serve')) void serve(sizeFrom());
else void main();
