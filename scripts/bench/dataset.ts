/**
 * Generates a deterministic org export in the documented dataset format (docs/dataset-format.md): Account,
 * User, Contact, Task, Opportunity, Case and Product_Usage__c as CSV files with 18-character ids, the way
 * `sf data export bulk` or Data Loader writes them. The same seed and sizes give byte-identical files.
 * Default: 100,000 accounts, 1,000,000 contacts, 10,000,000 tasks (about 1 GB). Records are written one at a
 * time; nothing is held in memory.
 *
 *   npx tsx scripts/bench/dataset.ts [--accounts 100000] [--contacts-per-account 10]
 *                                    [--activities-per-contact 10] [--seed 42] [--as-of 2026-11-20]
 *                                    [--out .tmp/bench/dataset-100000]
 * A folder that already holds the same generation (dataset.json "generator") is reused.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dayNumber, isoFromDayNumber } from '../engine/dates';

export interface DatasetOptions {
    accounts: number;
    contactsPerAccount: number;
    activitiesPerContact: number;
    seed: number;
    asOf: string;
    out: string;
}

export interface GeneratedDataset {
    folder: string;
    files: Record<string, { rows: number; bytes: number }>;
    totalBytes: number;
    reused: boolean;
}

export function defaultDatasetOptions(accounts = 100_000): DatasetOptions {
    return {
        accounts,
        contactsPerAccount: 10,
        activitiesPerContact: 10,
        seed: 42,
        asOf: '2026-11-20',
        out: path.resolve(__dirname, '..', '..', '.tmp', 'bench', `dataset-${accounts}`)
    };
}

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** An 18-character Salesforce-style id: key prefix + base-36 index + a fixed checksum suffix. */
function sfId(prefix: string, index: number): string {
    return `${prefix}Bn${index.toString(36).toUpperCase().padStart(10, '0')}AAA`;
}

class FileWriter {
    private readonly fd: number;
    private buffer = '';
    rows = 0;
    bytes = 0;

    constructor(
        readonly file: string,
        header: string
    ) {
        this.fd = fs.openSync(file, 'w');
        this.buffer = `${header}\n`;
    }

    row(line: string): void {
        this.buffer += line;
        this.buffer += '\n';
        this.rows++;
        if (this.buffer.length > 1 << 20) this.flush();
    }

    close(): { rows: number; bytes: number } {
        this.flush();
        fs.closeSync(this.fd);
        return { rows: this.rows, bytes: fs.statSync(this.file).size };
    }

    private flush(): void {
        fs.writeSync(this.fd, this.buffer);
        this.buffer = '';
    }
}

const ROLES = ['Decision Maker', 'Approver', 'Influencer', 'User', 'User', ''];
const SUBTYPES = ['', 'Call', 'Call', 'Email', 'Email', ''];
const SUBJECTS = ['Call', 'Email', 'Follow-up', 'Check-in', 'QBR prep', '"Renewal, pricing"'];
const OUTCOMES = ['Positive', 'Positive', 'Neutral', 'Neutral', 'Negative', ''];
const SEVERITIES = ['Sev1', 'Sev2', 'Sev3', 'Sev3', 'Sev4', 'Sev4', 'Sev4', 'Sev4', 'Sev4', 'Sev4'];
const INDUSTRIES = ['Technology', 'Manufacturing', 'Finance', 'Healthcare', 'Retail'];
const COUNTRIES = ['United States', 'Germany', 'France', 'United Kingdom', 'Japan'];
const REPS = 500;

function manifestOf(options: DatasetOptions): string {
    const { out: _out, ...generator } = options;
    return JSON.stringify({ asOf: options.asOf, generator: { version: 1, ...generator } });
}

export function generateDataset(options: DatasetOptions): GeneratedDataset {
    const manifestFile = path.join(options.out, 'dataset.json');
    const manifest = manifestOf(options);
    const files = ['Account', 'User', 'Contact', 'Task', 'Opportunity', 'Case', 'Product_Usage__c'];
    const stat = (name: string) => {
        const bytes = fs.statSync(path.join(options.out, `${name}.csv`)).size;
        return { rows: -1, bytes };
    };
    if (
        fs.existsSync(manifestFile) &&
        fs.readFileSync(manifestFile, 'utf8') === manifest &&
        files.every((f) => fs.existsSync(path.join(options.out, `${f}.csv`)))
    ) {
        const stats = Object.fromEntries(files.map((f) => [f, stat(f)]));
        return {
            folder: options.out,
            files: stats,
            totalBytes: Object.values(stats).reduce((s, f) => s + f.bytes, 0),
            reused: true
        };
    }
    fs.mkdirSync(options.out, { recursive: true });
    fs.rmSync(manifestFile, { force: true });
    const random = prng(options.seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const asOfDay = dayNumber(options.asOf);
    const day = (offset: number) => isoFromDayNumber(asOfDay - offset);
    const out = (name: string, header: string) =>
        new FileWriter(path.join(options.out, `${name}.csv`), header);
    const result: Record<string, { rows: number; bytes: number }> = {};
    const accountCount = options.accounts;
    const contactCount = accountCount * options.contactsPerAccount;
    const taskCount = contactCount * options.activitiesPerContact;
    const rep = (i: number) => sfId('005', i % REPS);

    const users = out('User', 'Id,Name,ManagerId');
    for (let r = 0; r < REPS; r++) users.row(`${rep(r)},Rep ${r},${r >= 10 ? rep(r % 10) : ''}`);
    result.User = users.close();

    const accounts = out(
        'Account',
        'Id,Name,OwnerId,Industry,BillingCountry,Customer_Key__c,ARR__c,Renewal_Date__c,Days_Past_Due__c,Champion_Status__c,Churned_On__c'
    );
    for (let a = 0; a < accountCount; a++) {
        const champion = random() < 0.05 ? 'Missing' : random() < 0.2 ? 'At Risk' : 'Active';
        const churned = random() < 0.03 ? day(Math.floor(random() * 300)) : '';
        accounts.row(
            `${sfId('001', a)},"Account ${a}, Inc.",${rep(a)},${pick(INDUSTRIES)},${pick(COUNTRIES)},CK-${a},${Math.round(5000 + random() * 500000)},${day(-Math.floor(random() * 365))},${random() < 0.9 ? 0 : Math.floor(random() * 120)},${champion},${churned}`
        );
    }
    result.Account = accounts.close();

    const contacts = out('Contact', 'Id,AccountId,FirstName,LastName,Title,Email,Buying_Role__c');
    for (let c = 0; c < contactCount; c++) {
        const a = Math.floor(c / options.contactsPerAccount);
        contacts.row(
            `${sfId('003', c)},${sfId('001', a)},First${c % 1000},Last${c},VP Operations,c${c}@example.com,${pick(ROLES)}`
        );
    }
    result.Contact = contacts.close();

    // Tasks arrive in export order (by Id), each on a random contact and day in the last two years; 10% are
    // still open, 5% are logged against the account only (no WhoId).
    const tasks = out('Task', 'Id,WhoId,WhatId,OwnerId,Subject,ActivityDate,Status,TaskSubtype,Outcome__c');
    for (let t = 0; t < taskCount; t++) {
        const c = Math.floor(random() * contactCount);
        const a = Math.floor(c / options.contactsPerAccount);
        const unlinked = random() < 0.05;
        const open = random() < 0.1;
        tasks.row(
            `${sfId('00T', t)},${unlinked ? '' : sfId('003', c)},${unlinked ? sfId('001', a) : ''},${rep(a)},${pick(SUBJECTS)},${day(Math.floor(random() * 730))},${open ? 'Not Started' : 'Completed'},${pick(SUBTYPES)},${open ? '' : pick(OUTCOMES)}`
        );
    }
    result.Task = tasks.close();

    const opportunities = out(
        'Opportunity',
        'Id,AccountId,Name,StageName,IsClosed,IsWon,CloseDate,CreatedDate,Amount,Type'
    );
    const cases = out(
        'Case',
        'Id,AccountId,CaseNumber,Subject,CreatedDate,IsClosed,ClosedDate,Severity__c,IsEscalated,CSAT__c'
    );
    const usage = out(
        'Product_Usage__c',
        'Account__c,Period_Start__c,Period_End__c,Active_Users__c,Licensed_Seats__c,Features_Adopted__c,Features_Available__c,Key_Events__c'
    );
    for (let a = 0; a < accountCount; a++) {
        const id = sfId('001', a);
        for (let o = 0; o < 3; o++) {
            const closeAge = Math.floor(random() * 900) - 120;
            const closed = closeAge > 0;
            const won = closed && random() < 0.7;
            opportunities.row(
                `${sfId('006', a * 3 + o)},${id},Opportunity ${a}-${o},${closed ? (won ? 'Closed Won' : 'Closed Lost') : 'Negotiation'},${closed},${won},${day(closeAge)},${day(closeAge + 60)},${Math.round(random() * 200000)},${o === 0 ? 'New Business' : 'Renewal'}`
            );
        }
        for (let k = 0; k < 2; k++) {
            const createdAge = Math.floor(random() * 365);
            const open = random() < 0.2;
            cases.row(
                `${sfId('500', a * 2 + k)},${id},${String(a * 2 + k).padStart(8, '0')},Case ${k} of account ${a},${day(createdAge)}T09:30:00.000+0000,${!open},${open ? '' : `${day(Math.max(0, createdAge - 5))}T17:00:00.000+0000`},${pick(SEVERITIES)},${random() < 0.05},${open ? '' : 1 + Math.floor(random() * 5)}`
            );
        }
        const seats = 10 + Math.floor(random() * 490);
        for (let u = 0; u < 3; u++) {
            usage.row(
                `${id},${day(30 * u + 29)},${day(30 * u)},${Math.floor(seats * random())},${seats},${Math.floor(random() * 10)},10,${Math.floor(random() * 10000)}`
            );
        }
    }
    result.Opportunity = opportunities.close();
    result.Case = cases.close();
    result.Product_Usage__c = usage.close();
    fs.writeFileSync(manifestFile, manifest);
    return {
        folder: options.out,
        files: result,
        totalBytes: Object.values(result).reduce((s, f) => s + f.bytes, 0),
        reused: false
    };
}

export function parseDatasetOptions(argv: readonly string[]): DatasetOptions {
    const accountsAt = argv.indexOf('--accounts');
    const options = defaultDatasetOptions(accountsAt >= 0 ? Number(argv[accountsAt + 1]) : undefined);
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const next = () => {
            const value = argv[++i];
            if (value === undefined) throw new Error(`${arg} needs a value`);
            return value;
        };
        const count = () => {
            const value = Number(next());
            if (!Number.isInteger(value) || value < 1) throw new Error(`${arg} must be a whole number >= 1`);
            return value;
        };
        if (arg === '--accounts') options.accounts = count();
        else if (arg === '--contacts-per-account') options.contactsPerAccount = count();
        else if (arg === '--activities-per-contact') options.activitiesPerContact = count();
        else if (arg === '--seed') options.seed = count();
        else if (arg === '--as-of') options.asOf = next();
        else if (arg === '--out') options.out = path.resolve(next());
        else throw new Error(`unknown option ${arg}`);
    }
    return options;
}

if (require.main === module) {
    try {
        const options = parseDatasetOptions(process.argv.slice(2));
        const started = Date.now();
        const dataset = generateDataset(options);
        process.stdout.write(
            `${dataset.reused ? 'reused' : 'generated'} ${dataset.folder}: ${(dataset.totalBytes / 1e6).toFixed(0)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s\n`
        );
    } catch (error) {
        process.stderr.write(`bench dataset: ${(error as Error).message}\n`);
        process.exitCode = 2;
    }
}
