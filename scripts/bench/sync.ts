/**
 * `npm run bench:sync [-- --accounts 100000 --contacts-per-account 10 --activities-per-contact 10]`: one sync
 * (then a rerun) of an org of N accounts (default 100,000 accounts, 1,000,000 contacts, 10,000,000 Tasks) on the
 * local org emulator. The org is the same deterministic export `npm run bench` scores (scripts/bench/dataset.ts,
 * generated once and reused), loaded straight into the emulator's store at its start-up (test infrastructure:
 * loadDatasetFolder streams the files); the sync under test uses only the REST and Bulk APIs. The emulator runs
 * in its own process, so the sync's peak RSS and CPU (measured with GNU time around `health-score sync`, as a
 * user runs it) are the sync's alone. Prints the API requests the run cost: the target (DESIGN.md) is a fixed
 * number of Bulk API 2.0 jobs per object, not requests per record; a rerun writes nothing. The emulator archives
 * activities older than 365 days as an org does, so the sync reads about half of the Tasks.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { loadDatasetFolder } from '../emulator/seed';
import { OrgEmulator } from '../emulator/server';
import type { SyncSummary } from '../sync/sync';
import { defaultDatasetOptions, generateDataset } from './dataset';
import type { DatasetOptions } from './dataset';
import { canMeasure, measure, TIME } from './measure';

const AS_OF = '2026-11-20';

function arg(name: string, fallback: number): number {
    const index = process.argv.indexOf(`--${name}`);
    const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
    return Number.isFinite(value) && value > 0 ? value : fallback;
}

type EmulatorStats = OrgEmulator['stats'];

function requestsLine(summary: SyncSummary, stats: EmulatorStats, label: string): string {
    if (!summary.rows) return `${label}: failed (${JSON.stringify(summary).slice(0, 300)})`;
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

function sizeFrom(): DatasetOptions {
    const options = defaultDatasetOptions(arg('accounts', 100_000));
    options.contactsPerAccount = arg('contacts-per-account', options.contactsPerAccount);
    options.activitiesPerContact = arg('activities-per-contact', options.activitiesPerContact);
    if (options.contactsPerAccount !== 10 || options.activitiesPerContact !== 10) {
        options.out = `${options.out}-${options.contactsPerAccount}x${options.activitiesPerContact}`;
    }
    return { ...options, asOf: AS_OF };
}

/**
 * The emulator process (`--serve`): seeds, serves on 127.0.0.1, prints `{url, token, counts}` as one JSON line,
 * then answers `stats` on stdin with the request counts since the last `stats` (and resets them). Ends when
 * stdin closes.
 */
async function serve(size: DatasetOptions): Promise<void> {
    const dataset = generateDataset(size);
    const emulator = new OrgEmulator({ today: AS_OF, bulkPollsBeforeComplete: 1 });
    const url = await emulator.start();
    const counts = await loadDatasetFolder(emulator.store, dataset.folder);
    const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
    const cpu = process.cpuUsage();
    const cpuSeconds = Math.round((cpu.user + cpu.system) / 1e5) / 10;
    process.stdout.write(
        `${JSON.stringify({ url, token: emulator.issueToken(), counts, heapMb, cpuSeconds })}\n`
    );
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
    const activities = size.accounts * size.contactsPerAccount * size.activitiesPerContact;
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
            heapMb: number;
            /** The emulator process's CPU until it was ready (dataset generation, if any, included). */
            cpuSeconds: number;
        };
        process.stdout.write(
            `bench:sync: ${size.accounts.toLocaleString('en-US')} accounts, ${(size.accounts * size.contactsPerAccount).toLocaleString('en-US')} contacts, ${activities.toLocaleString('en-US')} activities; emulator (own process) seeded in ${((Date.now() - seedStart) / 1000).toFixed(0)} s: ${Object.entries(
                ready.counts
            )
                .map(([o, n]) => `${o} ${n.toLocaleString('en-US')}`)
                .join(', ')}; emulator heap ${ready.heapMb} MB, ${ready.cpuSeconds} s CPU\n`
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
        if (!first.rows || !second.rows) {
            process.exitCode = 1;
            return;
        }
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
