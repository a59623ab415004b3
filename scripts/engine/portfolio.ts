// The streaming portfolio scorer: accounts, users and contacts first, then activities, opportunities, cases,
// usage periods and snapshots stream in one record at a time. Activities fold straight into per-contact
// accumulators, so memory grows with contacts and accounts, never with activities. Outcome-inflation
// detection needs every rep's counts, so it runs in finish(); damping then applies to each contact's
// Positive sums (kept split by owner) without a second pass over activities.
import type { ModelConfig } from './config';
import { EngineInputError, dayNumber } from './dates';
import { AccountFold } from './fold';
import type { AccountHeader } from './fold';
import type { ContactAccumulator } from './contact';
import { OwnerOutcomeCounter, detectOutcomeInflation } from './inflation';
import { computeAccount } from './score';
import type {
    AccountResult,
    ActivityInput,
    CaseInput,
    ContactInput,
    InflationReport,
    IsoDate,
    OpportunityInput,
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

export class PortfolioScorer {
    private readonly accounts = new Map<string, AccountFold>();
    /** Contact Id → its accumulator: the hot path touches one object per activity. */
    private readonly contacts = new Map<string, ContactAccumulator>();
    private readonly userNames = new Map<string, string>();
    private readonly outcomes = new OwnerOutcomeCounter();
    private readonly asOfDay: number;
    private finished = false;
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
        private readonly asOf: IsoDate
    ) {
        this.asOfDay = dayNumber(asOf, 'as-of date');
    }

    addAccount(account: AccountHeader): void {
        this.assertOpen();
        if (this.accounts.has(account.id)) {
            throw new EngineInputError(
                `Account ${account.id} was added twice`,
                'Id',
                'Account Ids must be unique.'
            );
        }
        this.accounts.set(account.id, new AccountFold(account, this.config, this.asOfDay));
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
        const fold = this.accounts.get(accountId);
        if (!fold) return this.orphan();
        if (this.contacts.has(contact.id)) {
            throw new EngineInputError(
                `Contact ${contact.id} was added twice`,
                'Id',
                'Contact Ids must be unique.'
            );
        }
        this.contacts.set(contact.id, fold.addContact(contact).acc);
        this.counts.contacts++;
        return true;
    }

    addActivity(activity: PortfolioActivity): boolean {
        this.assertOpen();
        const acc = activity.contactId ? this.contacts.get(activity.contactId) : undefined;
        const fold = acc ? undefined : activity.accountId ? this.accounts.get(activity.accountId) : undefined;
        if (!acc && !fold) return this.orphan();
        const day = dayNumber(activity.date, 'activity date');
        const age = this.asOfDay - day;
        if (age < 0) {
            this.counts.ignoredAfterAsOf++;
            return true;
        }
        const target = acc ?? fold?.unlinkedAccumulator();
        target?.add(age, day, activity.channel, activity.outcome, activity.ownerId, this.config);
        this.counts.activities++;
        if (activity.outcome !== null && activity.ownerId && age < this.config.inflationWindowDays) {
            this.outcomes.add(activity.ownerId, activity.outcome === 'Positive');
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

    get stats(): PortfolioStats {
        return { ...this.counts };
    }

    hasAccount(accountId: string): boolean {
        return this.accounts.has(accountId);
    }

    hasContact(contactId: string): boolean {
        return this.contacts.has(contactId);
    }

    finish(): PortfolioResult {
        this.assertOpen();
        this.finished = true;
        const { report, damping } = detectOutcomeInflation(
            this.outcomes.byOwner,
            this.config,
            this.userNames
        );
        const accounts = this.accounts;
        const asOf = this.asOf;
        const ownerDamping = damping.size > 0 ? damping : undefined;
        return {
            inflation: report,
            stats: this.stats,
            *results() {
                for (const fold of accounts.values()) yield computeAccount(fold, asOf, ownerDamping);
            }
        };
    }

    private fold(
        accountId: string,
        counter: 'opportunities' | 'cases' | 'usagePeriods' | 'snapshots',
        apply: (fold: AccountFold) => void
    ): boolean {
        this.assertOpen();
        const fold = this.accounts.get(accountId);
        if (!fold) return this.orphan();
        const before = fold.ignoredAfterAsOf;
        apply(fold);
        if (fold.ignoredAfterAsOf !== before) this.counts.ignoredAfterAsOf++;
        else this.counts[counter]++;
        return true;
    }

    private orphan(): false {
        this.counts.orphaned++;
        return false;
    }

    private assertOpen(): void {
        if (this.finished) {
            throw new EngineInputError(
                'PortfolioScorer.finish() was already called',
                'finish',
                'Create a new scorer.'
            );
        }
    }
}
