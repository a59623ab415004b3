// The streaming portfolio scorer: accounts, users and contacts first, then activities, opportunities, cases,
// usage periods and snapshots stream in one record at a time. Activities fold straight into per-contact
// accumulators, so memory grows with contacts and accounts, never with activities. Outcome-inflation
// detection needs every rep's counts, so it runs in finish(); damping then applies to each contact's
// Positive sums (kept split by owner) without a second pass over activities.
import type { ModelConfig } from './config';
import { EngineInputError, dayNumber } from './dates';
import { AccountFold } from './fold';
import type { AccountHeader, ContactRows } from './fold';
import { ContactStore, channelCode, outcomeCode, spanHash } from './contact';
import { detectOutcomeInflation } from './inflation';
import type { OwnerOutcomeStats } from './inflation';
import { computeAccount } from './score';
import type { ModelSelector } from './segments';
import { SignalFold } from './signals';
import type { SignalDefinition, SignalObservation } from './signals';
import type {
    AccountResult,
    ActivityInput,
    BuyingRole,
    CaseInput,
    Channel,
    ContactInput,
    InflationReport,
    IsoDate,
    OpportunityInput,
    Outcome,
    OverrideInput,
    SnapshotInput,
    UsagePeriodInput
} from './types';

export interface UserInput {
    id: string;
    name?: string | null;
    managerId?: string | null;
}

/** An activity as it streams in: the account comes from the contact, else from accountId. */
export interface PortfolioActivity extends ActivityInput {
    accountId?: string | null;
}

export interface PortfolioStats {
    accounts: number;
    users: number;
    contacts: number;
    activities: number;
    opportunities: number;
    cases: number;
    usagePeriods: number;
    snapshots: number;
    /** Values of admin-defined signals (addSignalValue); present only when signals are defined. */
    signalValues?: number;
    /** Records dated after the as-of date, ignored (point in time). */
    ignoredAfterAsOf: number;
    /** Records whose account (or contact) is not in the portfolio, skipped. */
    orphaned: number;
}

export interface PortfolioResult {
    inflation: InflationReport;
    stats: PortfolioStats;
    /** Scores the accounts lazily, in the order they were added. */
    results(): Generator<AccountResult>;
}

/**
 * The portfolio's contacts: running sums in a ContactStore, the contact's own fields in parallel arrays, all by
 * row number (no object per contact while activities stream in).
 */
class PortfolioContacts implements ContactRows {
    readonly store = new ContactStore();
    readonly names: string[] = [];
    readonly roles: (BuyingRole | null)[] = [];
    readonly titles: (string | null | undefined)[] = [];

    add(contact: ContactInput): number {
        const row = this.store.addContact(contact.id);
        this.names[row] = contact.name;
        this.roles[row] = contact.role;
        this.titles[row] = contact.title;
        return row;
    }

    input(row: number): ContactInput {
        const input: ContactInput = {
            id: this.store.idOf(row),
            name: this.names[row] as string,
            role: this.roles[row] ?? null
        };
        const title = this.titles[row];
        if (title !== undefined) input.title = title;
        return input;
    }
}

/**
 * Accounts by Id, for the lookups every contact, opportunity, case and usage row makes: an open-addressing table
 * by keyHash. A Map must hash each looked-up Id, and an Id sliced from a file chunk has no cached hash (V8
 * computes it in its runtime, the larger part of adding a contact). Ids keyHash does not take (long, non-Latin-1)
 * are not here: the scorer's Map finds them. Each Id is also kept here as bytes, and a found slot's Id is compared
 * with those (the same test as ===: keyHash only takes Ids of at most KEY_STRIDE characters, each 0-255), not
 * through fold.header.id: at 100,000 accounts the fold, its header and the Id string are far-apart memory reads
 * (about 1 µs per lookup of an activity logged against the account alone).
 */
const KEY_STRIDE = 36;

class AccountIndex {
    private readonly folds: AccountFold[] = [];
    /** fold number + 1 per slot, 0 = empty; at most half full. */
    private slots = new Int32Array(1024);
    private hashes = new Int32Array(1024);
    /** By fold number: its Id's keyHash, length and characters (KEY_STRIDE bytes each). */
    private foldHashes = new Int32Array(512);
    private keyLengths = new Uint8Array(512);
    private keys = new Uint8Array(512 * KEY_STRIDE);
    /** The fold number find() found last; -1: none yet. */
    private last = -1;

    add(id: string, fold: AccountFold): void {
        const hash = spanHash(id, 0, id.length);
        if (hash < 0) return;
        const n = this.folds.length;
        this.folds.push(fold);
        if (n >= this.keyLengths.length) {
            const foldHashes = new Int32Array(2 * this.foldHashes.length);
            foldHashes.set(this.foldHashes);
            this.foldHashes = foldHashes;
            const keyLengths = new Uint8Array(2 * this.keyLengths.length);
            keyLengths.set(this.keyLengths);
            this.keyLengths = keyLengths;
            const keys = new Uint8Array(2 * this.keys.length);
            keys.set(this.keys);
            this.keys = keys;
        }
        this.foldHashes[n] = hash;
        this.keyLengths[n] = id.length;
        const base = n * KEY_STRIDE;
        for (let k = 0; k < id.length; k++) this.keys[base + k] = id.charCodeAt(k);
        if (2 * this.folds.length > this.slots.length) {
            this.slots = new Int32Array(this.slots.length * 2);
            this.hashes = new Int32Array(this.hashes.length * 2);
            for (let m = 0; m < n; m++) this.place(this.foldHashes[m] as number, m);
        }
        this.place(hash, n);
    }

    /** The fold of the Id text.slice(start, end), whose keyHash is `hash` (>= 0). */
    find(text: string, start: number, end: number, hash: number): AccountFold | undefined {
        const slots = this.slots;
        const mask = slots.length - 1;
        for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
            const n = (slots[slot] as number) - 1;
            if (n < 0) return undefined;
            if (this.hashes[slot] === hash && this.hasKey(n, text, start, end)) {
                this.last = n;
                return this.folds[n];
            }
        }
    }

    /**
     * The fold find() found last, when text.slice(start, end) (any Id) is its Id; else undefined. An export lists
     * an account's contacts (and often its opportunities and cases) together: most lookups are the previous one's
     * account, and one comparison with bytes just read replaces the hash and the probe.
     */
    findLast(text: string, start: number, end: number): AccountFold | undefined {
        const n = this.last;
        return n >= 0 && this.hasKey(n, text, start, end) ? this.folds[n] : undefined;
    }

    /**
     * Fold `n`'s Id is text.slice(start, end) (as ===: a longer Id or one with a character above 255 never
     * matches the bytes).
     */
    private hasKey(n: number, text: string, start: number, end: number): boolean {
        const length = end - start;
        if (this.keyLengths[n] !== length) return false;
        const keys = this.keys;
        const base = n * KEY_STRIDE - start;
        for (let k = start; k < end; k++) if (keys[base + k] !== text.charCodeAt(k)) return false;
        return true;
    }

    private place(hash: number, n: number): void {
        const mask = this.slots.length - 1;
        let slot = hash & mask;
        while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
        this.slots[slot] = n + 1;
        this.hashes[slot] = hash;
    }
}

const QUEUE_SIZE = 64;

/**
 * Activities waiting to be folded (PortfolioScorer.queueActivityCodes, queueActivitySpans), in parallel arrays.
 * Each Id is a span of a text: the contact's is contactTexts[i].slice(contactStarts[i], contactEnds[i]) (null text
 * or an empty span: none), and so on.
 */
class ActivityQueue {
    length = 0;
    readonly contactTexts: (string | null)[] = new Array<string | null>(QUEUE_SIZE).fill(null);
    readonly accountTexts: (string | null)[] = new Array<string | null>(QUEUE_SIZE).fill(null);
    readonly ownerTexts: (string | null)[] = new Array<string | null>(QUEUE_SIZE).fill(null);
    readonly contactStarts = new Int32Array(QUEUE_SIZE);
    readonly contactEnds = new Int32Array(QUEUE_SIZE);
    readonly accountStarts = new Int32Array(QUEUE_SIZE);
    readonly accountEnds = new Int32Array(QUEUE_SIZE);
    readonly ownerStarts = new Int32Array(QUEUE_SIZE);
    readonly ownerEnds = new Int32Array(QUEUE_SIZE);
    readonly days = new Int32Array(QUEUE_SIZE);
    readonly channels = new Uint8Array(QUEUE_SIZE);
    readonly outcomes = new Uint8Array(QUEUE_SIZE);
    readonly rows = new Int32Array(QUEUE_SIZE);
}

export class PortfolioScorer {
    private readonly accounts = new Map<string, AccountFold>();
    private readonly accountIndex = new AccountIndex();
    /** Contacts by Id in a ContactStore: the hot path is one hash probe and a few numeric updates per activity. */
    private readonly contactRows = new PortfolioContacts();
    /** ContactStore row → its account's model, only for accounts a segment model scores (empty without segments). */
    private readonly rowConfigs: ModelConfig[] = [];
    private readonly userNames = new Map<string, string>();
    /** Rated activities in the inflation window per owner number, and owners in the order they were first counted. */
    private readonly rated: number[] = [];
    private readonly positives: number[] = [];
    private readonly ratedOwners: number[] = [];
    private readonly asOfDay: number;
    private finished = false;
    /** Activities queued by queueActivityCodes, folded a batch at a time (see there). */
    private readonly queue = new ActivityQueue();
    private queuedOrphans = 0;
    private readonly counts: PortfolioStats = {
        accounts: 0,
        users: 0,
        contacts: 0,
        activities: 0,
        opportunities: 0,
        cases: 0,
        usagePeriods: 0,
        snapshots: 0,
        ignoredAfterAsOf: 0,
        orphaned: 0
    };

    constructor(
        private readonly config: ModelConfig,
        private readonly asOf: IsoDate,
        /** Segment models (scripts/engine/segments.ts): each account is scored by the first matching segment's model. */
        private readonly selector: ModelSelector | null = null,
        /** Admin-defined signals (scripts/engine/signals.ts): values come in through addSignalValue. */
        private readonly signals: readonly SignalDefinition[] = []
    ) {
        this.asOfDay = dayNumber(asOf, 'as-of date');
        if (signals.length > 0) this.counts.signalValues = 0;
    }

    /**
     * `fields`: the Account field values segment criteria read (API name → value); without them the header's
     * Industry, BillingCountry and ARR__c are used.
     */
    addAccount(account: AccountHeader, fields?: Readonly<Record<string, unknown>>): void {
        this.assertOpen();
        if (this.accounts.has(account.id)) {
            throw new EngineInputError(
                `Account ${account.id} was added twice`,
                'Id',
                'Account Ids must be unique.'
            );
        }
        const config = this.selector
            ? this.selector.configFor(
                  fields ?? {
                      Industry: account.industry ?? null,
                      BillingCountry: account.region ?? null,
                      ARR__c: account.commercial.arr
                  }
              )
            : this.config;
        const fold = new AccountFold(account, config, this.asOfDay, this.contactRows);
        if (this.signals.length > 0) fold.signals = new SignalFold(this.signals, this.asOfDay);
        this.accounts.set(account.id, fold);
        this.accountIndex.add(account.id, fold);
        this.counts.accounts++;
    }

    addUser(user: UserInput): void {
        this.assertOpen();
        if (user.name) this.userNames.set(user.id, user.name);
        this.counts.users++;
    }

    /** Returns false (and counts an orphan) when the account is unknown. */
    addContact(accountId: string, contact: ContactInput): boolean {
        this.assertOpen();
        const fold = this.accountFold(accountId);
        if (!fold) return this.orphan();
        if (this.contactRows.store.find(contact.id) >= 0) {
            throw new EngineInputError(
                `Contact ${contact.id} was added twice`,
                'Id',
                'Contact Ids must be unique.'
            );
        }
        const row = this.contactRows.add(contact);
        fold.addContactRow(row);
        if (fold.config !== this.config) this.rowConfigs[row] = fold.config;
        this.counts.contacts++;
        return true;
    }

    /** The ContactStore row of a contact added with addContact, or -1 (callers key per-contact state by it). */
    contactRow(contactId: string): number {
        return this.contactRows.store.find(contactId);
    }

    addActivity(activity: PortfolioActivity): boolean {
        return this.addActivityOn(
            activity.contactId,
            activity.accountId ?? null,
            activity.date,
            activity.channel,
            activity.outcome,
            activity.ownerId
        );
    }

    /** addActivity with the activity's fields as arguments (no activity object). */
    addActivityOn(
        contactId: string | null,
        accountId: string | null,
        date: IsoDate,
        channel: Channel,
        outcome: Outcome | null,
        ownerId: string | null
    ): boolean {
        this.assertOpen();
        const row = contactId ? this.contactRows.store.find(contactId) : -1;
        const fold = row < 0 && accountId ? this.accountFold(accountId) : undefined;
        if (row < 0 && !fold) return this.orphan();
        return this.foldActivity(
            row,
            fold,
            dayNumber(date, 'activity date'),
            channelCode(channel),
            outcomeCode(outcome),
            ownerId,
            0,
            ownerId?.length ?? 0
        );
    }

    /**
     * addActivityOn with the date as its day number (dates.ts dayNumber) and the channel and outcome as their
     * codes (channelCode, outcomeCode): what a reader that parses dates from characters hands over, with no
     * date text or activity object per activity. The same result as addActivityOn with the same values.
     */
    addActivityCodes(
        contactId: string | null,
        accountId: string | null,
        day: number,
        channel: number,
        outcome: number,
        ownerId: string | null
    ): boolean {
        this.assertOpen();
        const row = contactId ? this.contactRows.store.find(contactId) : -1;
        const fold = row < 0 && accountId ? this.accountFold(accountId) : undefined;
        if (row < 0 && !fold) return this.orphan();
        return this.foldActivity(row, fold, day, channel, outcome, ownerId, 0, ownerId?.length ?? 0);
    }

    /**
     * addActivityCodes, queued: the activity is folded with the next QUEUE_SIZE - 1 (or when any other method is
     * called), so their contacts are looked up together (ContactStore.findMany: the memory reads of a batch
     * overlap; at a million contacts one lookup at a time mostly waits for memory). Activities are folded in the
     * order they came, with the same results as addActivityCodes one by one. Orphans are counted as usual and
     * also reported by takeQueuedOrphans.
     */
    queueActivityCodes(
        contactId: string | null,
        accountId: string | null,
        day: number,
        channel: number,
        outcome: number,
        ownerId: string | null
    ): void {
        const queue = this.queue;
        const at = queue.length++;
        queue.contactTexts[at] = contactId;
        queue.contactStarts[at] = 0;
        queue.contactEnds[at] = contactId?.length ?? 0;
        queue.accountTexts[at] = accountId;
        queue.accountStarts[at] = 0;
        queue.accountEnds[at] = accountId?.length ?? 0;
        queue.ownerTexts[at] = ownerId;
        queue.ownerStarts[at] = 0;
        queue.ownerEnds[at] = ownerId?.length ?? 0;
        queue.days[at] = day;
        queue.channels[at] = channel;
        queue.outcomes[at] = outcome;
        if (queue.length === QUEUE_SIZE) this.foldQueue();
    }

    /**
     * queueActivityCodes with the contact, account and owner Ids given in place, as spans of one text (a CSV row's
     * fields in its file chunk: no string per Id): the contact is text.slice(contactStart, contactEnd), and so on;
     * an empty span is no Id (null). The text is kept only until the batch is folded.
     */
    queueActivitySpans(
        text: string,
        contactStart: number,
        contactEnd: number,
        accountStart: number,
        accountEnd: number,
        ownerStart: number,
        ownerEnd: number,
        day: number,
        channel: number,
        outcome: number
    ): void {
        const queue = this.queue;
        const at = queue.length++;
        queue.contactTexts[at] = text;
        queue.contactStarts[at] = contactStart;
        queue.contactEnds[at] = contactEnd;
        queue.accountTexts[at] = text;
        queue.accountStarts[at] = accountStart;
        queue.accountEnds[at] = accountEnd;
        queue.ownerTexts[at] = ownerEnd > ownerStart ? text : null;
        queue.ownerStarts[at] = ownerStart;
        queue.ownerEnds[at] = ownerEnd;
        queue.days[at] = day;
        queue.channels[at] = channel;
        queue.outcomes[at] = outcome;
        if (queue.length === QUEUE_SIZE) this.foldQueue();
    }

    /** Folds the queued activities and returns how many queued activities were orphans since the last call. */
    takeQueuedOrphans(): number {
        this.foldQueue();
        const orphans = this.queuedOrphans;
        this.queuedOrphans = 0;
        return orphans;
    }

    private foldQueue(): void {
        const queue = this.queue;
        const count = queue.length;
        if (count === 0) return;
        queue.length = 0;
        this.assertOpen();
        const rows = queue.rows;
        this.contactRows.store.findSpans(
            queue.contactTexts,
            queue.contactStarts,
            queue.contactEnds,
            count,
            rows
        );
        for (let i = 0; i < count; i++) {
            const row = rows[i] as number;
            const accountText = queue.accountTexts[i] as string | null;
            const accountStart = queue.accountStarts[i] as number;
            const accountEnd = queue.accountEnds[i] as number;
            const fold =
                row < 0 && accountText !== null && accountEnd > accountStart
                    ? this.accountFoldSpan(accountText, accountStart, accountEnd)
                    : undefined;
            if (row < 0 && !fold) {
                this.orphan();
                this.queuedOrphans++;
            } else
                this.foldActivity(
                    row,
                    fold,
                    queue.days[i] as number,
                    queue.channels[i] as number,
                    queue.outcomes[i] as number,
                    queue.ownerTexts[i] as string | null,
                    queue.ownerStarts[i] as number,
                    queue.ownerEnds[i] as number
                );
        }
        // Texts may be whole file chunks: do not keep them.
        queue.contactTexts.fill(null, 0, count);
        queue.accountTexts.fill(null, 0, count);
        queue.ownerTexts.fill(null, 0, count);
    }

    /**
     * Folds an activity into contact `row`, else into `fold`'s unlinked activities. Its owner is
     * ownerText.slice(ownerStart, ownerEnd) (null text or an empty span: none).
     */
    private foldActivity(
        row: number,
        fold: AccountFold | undefined,
        day: number,
        channel: number,
        code: number,
        ownerText: string | null,
        ownerStart: number,
        ownerEnd: number
    ): boolean {
        const store = this.contactRows.store;
        const age = this.asOfDay - day;
        if (age < 0) {
            this.counts.ignoredAfterAsOf++;
            return true;
        }
        // The account's own model folds its activities (a segment model may decay them differently).
        const config = fold
            ? fold.config
            : this.rowConfigs.length > 0
              ? (this.rowConfigs[row] ?? this.config)
              : this.config;
        if (row < 0) row = (fold as AccountFold).unlinkedRow();
        const owner = store.ownerNumberSpan(ownerText, ownerStart, ownerEnd);
        store.add(row, age, day, channel, code, owner, config);
        this.counts.activities++;
        if (
            code !== 0 &&
            ownerText !== null &&
            ownerEnd > ownerStart &&
            age < this.config.inflationWindowDays
        ) {
            if (this.rated[owner] === undefined) {
                this.rated[owner] = 0;
                this.positives[owner] = 0;
                this.ratedOwners.push(owner);
            }
            this.rated[owner] = (this.rated[owner] as number) + 1;
            if (code === 1) this.positives[owner] = (this.positives[owner] as number) + 1;
        }
        return true;
    }

    addOpportunity(accountId: string, opportunity: OpportunityInput): boolean {
        return this.fold(accountId, 'opportunities', (fold) => fold.addOpportunity(opportunity));
    }

    addCase(accountId: string, supportCase: CaseInput): boolean {
        return this.fold(accountId, 'cases', (fold) => fold.addCase(supportCase));
    }

    addUsage(accountId: string, period: UsagePeriodInput): boolean {
        return this.fold(accountId, 'usagePeriods', (fold) => fold.addUsage(period));
    }

    addSnapshot(accountId: string, snapshot: SnapshotInput): boolean {
        return this.fold(accountId, 'snapshots', (fold) => fold.addSnapshot(snapshot));
    }

    /** A value of an admin-defined signal for one account; false when the account (or the signal) is unknown. */
    addSignalValue(accountId: string, observation: SignalObservation): boolean {
        this.assertOpen();
        const fold = this.accountFold(accountId);
        if (!fold?.signals) return this.orphan();
        const before = fold.signals.ignoredAfterAsOf;
        if (!fold.signals.add(observation)) return this.orphan();
        if (fold.signals.ignoredAfterAsOf !== before) this.counts.ignoredAfterAsOf++;
        else this.counts.signalValues = (this.counts.signalValues ?? 0) + 1;
        return true;
    }

    /** A manual override (Health_Override__c) of one account; false when the account is unknown. */
    addOverride(accountId: string, override: OverrideInput): boolean {
        this.assertOpen();
        const fold = this.accountFold(accountId);
        if (!fold) return this.orphan();
        fold.addOverride(override);
        return true;
    }

    get stats(): PortfolioStats {
        if (!this.finished) this.foldQueue();
        return { ...this.counts };
    }

    hasAccount(accountId: string): boolean {
        return this.accounts.has(accountId);
    }

    hasContact(contactId: string): boolean {
        if (!this.finished) this.foldQueue();
        return this.contactRows.store.find(contactId) >= 0;
    }

    finish(): PortfolioResult {
        this.assertOpen();
        this.finished = true;
        const byOwner = new Map<string, OwnerOutcomeStats>();
        const store = this.contactRows.store;
        for (const owner of this.ratedOwners) {
            byOwner.set(store.ownerId(owner), {
                rated: this.rated[owner] as number,
                positive: this.positives[owner] as number
            });
        }
        const { report, damping } = detectOutcomeInflation(byOwner, this.config, this.userNames);
        const accounts = this.accounts;
        const asOf = this.asOf;
        const ownerDamping = damping.size > 0 ? damping : undefined;
        return {
            inflation: report,
            stats: this.stats,
            *results() {
                for (const fold of accounts.values()) {
                    const result = computeAccount(fold, asOf, ownerDamping);
                    fold.release();
                    yield result;
                }
            }
        };
    }

    private fold(
        accountId: string,
        counter: 'opportunities' | 'cases' | 'usagePeriods' | 'snapshots',
        apply: (fold: AccountFold) => void
    ): boolean {
        this.assertOpen();
        const fold = this.accountFold(accountId);
        if (!fold) return this.orphan();
        const before = fold.ignoredAfterAsOf;
        apply(fold);
        if (fold.ignoredAfterAsOf !== before) this.counts.ignoredAfterAsOf++;
        else this.counts[counter]++;
        return true;
    }

    /** The account's fold (AccountIndex first, the fold it found last first of all: no Map hash of a fresh Id). */
    private accountFold(accountId: string): AccountFold | undefined {
        return this.accountFoldSpan(accountId, 0, accountId.length);
    }

    /** accountFold(text.slice(start, end)), read in place. */
    private accountFoldSpan(text: string, start: number, end: number): AccountFold | undefined {
        const index = this.accountIndex;
        const last = index.findLast(text, start, end);
        if (last !== undefined) return last;
        const hash = spanHash(text, start, end);
        return hash >= 0 ? index.find(text, start, end, hash) : this.accounts.get(text.slice(start, end));
    }

    private orphan(): false {
        this.counts.orphaned++;
        return false;
    }

    private assertOpen(): void {
        // Every other change and read comes after the queued activities (see queueActivityCodes).
        if (this.queue.length > 0) this.foldQueue();
        if (this.finished) {
            throw new EngineInputError(
                'PortfolioScorer.finish() was already called',
                'finish',
                'Create a new scorer.'
            );
        }
    }
}
