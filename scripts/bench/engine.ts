/**
 * Engine benchmark: a deterministic synthetic org (seeded PRNG) streamed straight into the PortfolioScorer.
 * Default 100,000 accounts / 1,000,000 contacts / 10,000,000 activities; records are generated one at a time
 * and never held in arrays, so the measured memory is the scorer's (per-contact accumulators).
 * Prints accounts/s, activities/s, elapsed per phase and peak RSS.
 *
 *   npx tsx scripts/bench/engine.ts [--accounts 100000] [--contacts-per-account 10]
 *                                   [--activities-per-contact 10] [--seed 42] [--as-of 2026-11-20] [--json]
 */
import { DEFAULT_MODEL_CONFIG, PortfolioScorer, dayNumber, isoFromDayNumber } from '../engine';
import type { BuyingRole, Channel, Outcome } from '../engine';

interface BenchOptions {
    accounts: number;
    contactsPerAccount: number;
    activitiesPerContact: number;
    seed: number;
    asOf: string;
    json: boolean;
}

export interface EngineBenchResult {
    accounts: number;
    contacts: number;
    activities: number;
    elapsedSeconds: number;
    loadSeconds: number;
    activitySeconds: number;
    scoreSeconds: number;
    accountsPerSecond: number;
    activitiesPerSecond: number;
    peakRssMb: number;
    /** V8 heap in use after loading and after streaming activities (before scoring). */
    heapAfterLoadMb: number;
    heapAfterActivitiesMb: number;
    /** CPU seconds (user + system): elapsed is longer on a busy machine. */
    cpuSeconds: number;
    bands: Record<string, number>;
    scoreChecksum: number;
    inflationFlagged: number;
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

function parseOptions(argv: readonly string[]): BenchOptions {
    const options: BenchOptions = {
        accounts: 100_000,
        contactsPerAccount: 10,
        activitiesPerContact: 10,
        seed: 42,
        asOf: '2026-11-20',
        json: false
    };
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
        else if (arg === '--json') options.json = true;
        else throw new Error(`unknown option ${arg}`);
    }
    return options;
}

const ROLES: readonly (BuyingRole | null)[] = [
    'Decision Maker',
    'Approver',
    'Influencer',
    'User',
    'User',
    null
];
const CHANNELS: readonly Channel[] = ['Meeting', 'Call', 'Call', 'Email', 'Email', 'Message'];
const OUTCOMES: readonly (Outcome | null)[] = [
    'Positive',
    'Positive',
    'Neutral',
    'Neutral',
    'Negative',
    null
];
const REPS = 500;

function pick<T>(list: readonly T[], random: () => number): T {
    return list[Math.floor(random() * list.length)] as T;
}

export function runEngineBench(options: BenchOptions): EngineBenchResult {
    const random = prng(options.seed);
    const asOfDay = dayNumber(options.asOf);
    // Two years of dates, formatted once.
    const dates = Array.from({ length: 731 }, (_, age) => isoFromDayNumber(asOfDay - age));
    const date = (maxAge: number) => dates[Math.floor(random() * Math.min(maxAge, 730))] as string;
    const accountId = (index: number) => `001B${index}`;
    const contactCount = options.accounts * options.contactsPerAccount;
    const activityCount = contactCount * options.activitiesPerContact;

    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    const heapMb = () => process.memoryUsage().heapUsed / 1024 / 1024;
    const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
    const scorer = new PortfolioScorer(DEFAULT_MODEL_CONFIG, options.asOf);

    // Phase 1: accounts, users, contacts, opportunities, cases, usage, snapshots.
    for (let r = 0; r < REPS; r++) scorer.addUser({ id: `005B${r}`, name: `Rep ${r}` });
    for (let a = 0; a < options.accounts; a++) {
        scorer.addAccount({
            id: accountId(a),
            name: `Bench Account ${a}`,
            ownerId: `005B${a % REPS}`,
            commercial: {
                arr: Math.round(5000 + random() * 500000),
                renewalDate: isoFromDayNumber(asOfDay + Math.floor(random() * 365)),
                daysPastDue: random() < 0.9 ? 0 : Math.floor(random() * 120)
            },
            qualitative: {
                championStatus: random() < 0.05 ? 'Missing' : random() < 0.2 ? 'At Risk' : 'Active',
                executiveEngagement: null,
                outcomeNarrative: null,
                reviewedOn: null
            },
            previous: null
        });
    }
    for (let c = 0; c < contactCount; c++) {
        scorer.addContact(accountId(Math.floor(c / options.contactsPerAccount)), {
            id: `003B${c}`,
            name: `Contact ${c}`,
            role: pick(ROLES, random)
        });
    }
    for (let a = 0; a < options.accounts; a++) {
        const id = accountId(a);
        for (let o = 0; o < 3; o++) {
            const closeAge = Math.floor(random() * 900) - 120;
            const closed = closeAge > 0;
            scorer.addOpportunity(id, {
                id: `006B${a}_${o}`,
                isClosed: closed,
                isWon: closed && random() < 0.7,
                closeDate: isoFromDayNumber(asOfDay - closeAge),
                createdDate: isoFromDayNumber(asOfDay - closeAge - 60),
                kind: o === 0 ? 'new' : 'renewal'
            });
        }
        for (let k = 0; k < 2; k++) {
            const created = date(365);
            const open = random() < 0.2;
            scorer.addCase(id, {
                id: `500B${a}_${k}`,
                caseNumber: `${a * 2 + k}`.padStart(8, '0'),
                createdDate: created,
                closedDate: open ? null : isoFromDayNumber(Math.min(asOfDay, dayNumber(created) + 5)),
                severity: pick(
                    ['Sev1', 'Sev2', 'Sev3', 'Sev3', 'Sev4', 'Sev4', 'Sev4', 'Sev4', 'Sev4', 'Sev4'] as const,
                    random
                ),
                escalated: random() < 0.05,
                csat: open ? null : 1 + Math.floor(random() * 5)
            });
        }
        const seats = 10 + Math.floor(random() * 490);
        for (let u = 0; u < 3; u++) {
            scorer.addUsage(id, {
                periodStart: isoFromDayNumber(asOfDay - 30 * u - 29),
                periodEnd: isoFromDayNumber(asOfDay - 30 * u),
                activeUsers: Math.floor(seats * random()),
                licensedSeats: seats,
                featuresAdopted: Math.floor(random() * 10),
                featuresAvailable: 10,
                keyEvents: Math.floor(random() * 10000)
            });
        }
        scorer.addSnapshot(id, {
            asOf: isoFromDayNumber(asOfDay - 30),
            score: Math.floor(random() * 100),
            band: null
        });
    }
    const loadSeconds = seconds(started);
    const heapAfterLoadMb = heapMb();

    // Phase 2: activities in arrival order (random contact, random date), generated one at a time. Contact Ids
    // are built fresh for every activity, as a file reader would; the 500 rep Ids are shared strings.
    const reps = Array.from({ length: REPS }, (_, r) => `005B${r}`);
    const activityStart = process.hrtime.bigint();
    const activity = {
        contactId: '' as string | null,
        accountId: null as string | null,
        date: '',
        channel: 'Call' as Channel,
        outcome: null as Outcome | null,
        ownerId: '' as string | null
    };
    for (let i = 0; i < activityCount; i++) {
        const contact = Math.floor(random() * contactCount);
        activity.contactId = `003B${contact}`;
        activity.date = date(730);
        activity.channel = pick(CHANNELS, random);
        activity.outcome = pick(OUTCOMES, random);
        activity.ownerId = reps[Math.floor(contact / options.contactsPerAccount) % REPS] as string;
        scorer.addActivity(activity);
    }
    const activitySeconds = seconds(activityStart);
    const heapAfterActivitiesMb = heapMb();

    // Phase 3: score every account (results are consumed one at a time, not kept).
    const scoreStart = process.hrtime.bigint();
    const finished = scorer.finish();
    const bands: Record<string, number> = {};
    let scoreChecksum = 0;
    for (const result of finished.results()) {
        bands[result.band] = (bands[result.band] ?? 0) + 1;
        scoreChecksum += result.modelScore;
    }
    const scoreSeconds = seconds(scoreStart);
    const elapsedSeconds = seconds(started);
    const cpu = process.cpuUsage(cpuBefore);

    return {
        accounts: options.accounts,
        contacts: contactCount,
        activities: activityCount,
        elapsedSeconds,
        loadSeconds,
        activitySeconds,
        scoreSeconds,
        accountsPerSecond: options.accounts / elapsedSeconds,
        activitiesPerSecond: activityCount / activitySeconds,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
        heapAfterLoadMb,
        heapAfterActivitiesMb,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        bands,
        scoreChecksum,
        inflationFlagged: finished.inflation.flagged.length
    };
}

function format(result: EngineBenchResult): string {
    const n = (value: number) => Math.round(value).toLocaleString('en-US');
    return [
        `engine bench: ${n(result.accounts)} accounts, ${n(result.contacts)} contacts, ${n(result.activities)} activities`,
        `  load accounts/contacts/opps/cases/usage   ${result.loadSeconds.toFixed(2)} s`,
        `  stream activities                          ${result.activitySeconds.toFixed(2)} s   ${n(result.activitiesPerSecond)} activities/s`,
        `  score accounts                             ${result.scoreSeconds.toFixed(2)} s`,
        `  total elapsed                              ${result.elapsedSeconds.toFixed(2)} s   ${n(result.accountsPerSecond)} accounts/s`,
        `  CPU time (user+system)                      ${result.cpuSeconds.toFixed(2)} s`,
        `  peak RSS                                   ${n(result.peakRssMb)} MB   (heap after load ${n(result.heapAfterLoadMb)} MB, after activities ${n(result.heapAfterActivitiesMb)} MB)`,
        `  bands ${JSON.stringify(result.bands)}  score checksum ${result.scoreChecksum}  inflation flags ${result.inflationFlagged}`
    ].join('\n');
}

if (require.main === module) {
    try {
        const options = parseOptions(process.argv.slice(2));
        const result = runEngineBench(options);
        process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${format(result)}\n`);
    } catch (error) {
        process.stderr.write(`engine bench: ${(error as Error).message}\n`);
        process.exitCode = 2;
    }
}
