/**
 * `npm run bench:sync [-- --accounts 100000]`: counts the API requests one sync makes against the local org
 * emulator, for a synthetic portfolio of N accounts (default 100,000). The target (DESIGN.md): a fixed number
 * of Bulk API 2.0 jobs per object, not requests per record. Run twice to show that a rerun writes nothing.
 */
import { Connection } from 'jsforce';
import { OrgEmulator } from '../emulator/server';
import { SalesforceClient } from '../salesforce/client';
import { silentProgress } from '../sync/progress';
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

/** A deterministic synthetic org: per account 3 contacts, 6 activities, 1 opportunity, 3 usage months, 1 snapshot. */
function seed(emulator: OrgEmulator, accounts: number): Record<string, number> {
    const outcomes = ['Positive', 'Neutral', 'Negative', null];
    const roles = ['Decision Maker', 'Influencer', 'User'];
    const users = Array.from({ length: 50 }, (_, i) => ({
        Id: `005B${String(i).padStart(14, '0')}`,
        FirstName: 'Rep',
        LastName: String(i),
        Username: `rep${i}@bench`
    }));
    const data: Record<string, Record<string, unknown>[]> = {
        User: users,
        Account: [],
        Contact: [],
        Task: [],
        Event: [],
        Opportunity: [],
        Product_Usage__c: [],
        Account_Health_Snapshot__c: []
    };
    for (let a = 0; a < accounts; a++) {
        const accountId = `001B${String(a).padStart(14, '0')}`;
        const owner = users[a % users.length]?.Id;
        data.Account?.push({
            Id: accountId,
            Name: `Account ${a}`,
            OwnerId: owner,
            Customer_Key__c: `K-${a}`,
            ARR__c: 10_000 + (a % 100) * 1000,
            Renewal_Date__c: day(-((a % 300) + 10)),
            Champion_Status__c: a % 17 === 0 ? 'Missing' : 'Active'
        });
        for (let c = 0; c < 3; c++) {
            const contactId = `003B${String(a * 3 + c).padStart(14, '0')}`;
            data.Contact?.push({
                Id: contactId,
                AccountId: accountId,
                LastName: `Contact ${a}-${c}`,
                Buying_Role__c: roles[c]
            });
            const taskDate = day(((a + c) * 7) % 200);
            data.Task?.push({
                Id: `00TB${String(a * 3 + c).padStart(14, '0')}`,
                AccountId: accountId,
                WhatId: accountId,
                WhoId: contactId,
                OwnerId: owner,
                Status: 'Completed',
                IsClosed: true,
                TaskSubtype: 'Call',
                ActivityDate: taskDate,
                Outcome__c: outcomes[(a + c) % 4]
            });
            const eventDate = day(((a + c) * 11) % 400);
            data.Event?.push({
                Id: `00UB${String(a * 3 + c).padStart(14, '0')}`,
                AccountId: accountId,
                WhatId: accountId,
                WhoId: contactId,
                OwnerId: owner,
                Type: 'Meeting',
                ActivityDate: eventDate,
                EndDateTime: `${eventDate}T10:00:00.000+0000`,
                Outcome__c: outcomes[(a + c + 1) % 4]
            });
        }
        data.Opportunity?.push({
            Id: `006B${String(a).padStart(14, '0')}`,
            AccountId: accountId,
            Name: `Renewal ${a}`,
            StageName: a % 3 === 0 ? 'Closed Won' : 'Negotiation',
            IsClosed: a % 3 === 0,
            IsWon: a % 3 === 0,
            CloseDate: day(a % 3 === 0 ? 100 : -60),
            Type: 'Renewal',
            CreatedDate: `${day(200)}T00:00:00.000+0000`
        });
        for (let m = 0; m < 3; m++) {
            const start = day(30 * (m + 1));
            data.Product_Usage__c?.push({
                Account__c: accountId,
                Usage_Key__c: `K-${a}_${start}`,
                Period_Start__c: start,
                Period_End__c: day(30 * m + 1),
                Active_Users__c: 40 + ((a + m) % 50),
                Licensed_Seats__c: 100,
                Features_Adopted__c: 5 + (a % 5),
                Features_Available__c: 12
            });
        }
        data.Account_Health_Snapshot__c?.push({
            Account__c: accountId,
            As_Of__c: day(30),
            Score__c: 40 + (a % 50),
            Band__c: 'Yellow',
            Snapshot_Key__c: `${accountId}_${day(30)}`
        });
    }
    return emulator.seed(data);
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
            progress: silentProgress,
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

void main();
