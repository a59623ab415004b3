/**
 * Synthetic portfolio with a KNOWN ground truth, for testing the backtest and the weight fitting.
 *
 * Every account has one renewal on date R. Whether it churns at R is drawn from a logistic hazard
 *
 *     logit P(churn) = -2.8 + 3.0 * usageDecline + 1.6 * decisionMakerCold + 1.0 * sev1Trouble
 *                      + 0.8 * latePayer
 *
 * driven by four account traits that start well before R - 90 days, so they are visible at both default
 * horizons:
 * - usageDecline (0 for 60% of accounts, else uniform 0.3-1): active users shrink exponentially from an
 *   onset 200-260 days before R at a rate of 0.8% a day times usageDecline, so the last 30 days run at a
 *   steady 10-30% below the 60 days before them at any as-of date after onset + 90 days.
 * - decisionMakerCold (30%): the decision maker's last activity is 180-300 days before R; before that the
 *   decision maker met as often as a warm one.
 * - sev1Trouble (20%): one or two Sev1 cases opened 100-200 days before R, still open 60 days before R.
 * - latePayer (25%): Account.Days_Past_Due__c is 61-120 at the export. That field is the CURRENT state,
 *   undated, so a point-in-time backtest must not (and does not) see it: the achievable AUC of a backtest
 *   is the one of the three observable traits (see {@link achievableAuc}).
 * Everything else is noise the truth ignores: seats and base utilisation, feature adoption, other contacts'
 * activities and tone, Sev3/Sev4 cases and their CSAT, the qualitative overlay (reviewed at the export, so
 * after every as-of date).
 *
 * Deterministic: the same options give the same records.
 */
import type { ACTIVITIES, ActivitySet } from './activities';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectedAuc } from './metrics';
import { Random } from './random';

export const TRUE_HAZARD = {
    intercept: -2.8,
    usageDecline: 3.0,
    decisionMakerCold: 1.6,
    sev1Trouble: 1.0,
    latePayer: 0.8
} as const;

/** active users shrink by this share a day (compounded) at usageDecline = 1 */
export const DAILY_DECAY_AT_FULL_DECLINE = 0.008;

export interface AccountTruth {
    accountId: string;
    renewalDate: string;
    usageDecline: number;
    decisionMakerCold: boolean;
    sev1Trouble: boolean;
    latePayer: boolean;
    /** the true probability of churn at R given all four traits */
    churnProbability: number;
    /** the part of the churn log-odds a point-in-time backtest can observe (no late payment) */
    observableLogOdds: number;
    churned: boolean;
}

export type RawValue = string | number | boolean | null;
export type RawRecord = Record<string, RawValue>;
/**
 * Object API name -> records, as the dataset folder holds them. Tasks and Events may instead be held in compact
 * form under ACTIVITIES (scripts/validation/activities.ts; readDatasetFolder does): then Task and Event are not read.
 */
export type RawDataset = Record<string, RawRecord[]> & { [ACTIVITIES]?: ActivitySet };

export interface SyntheticOptions {
    accounts: number;
    seed: number;
    /** first renewal date (default 2025-01-01); renewals spread evenly over `renewalSpanDays` */
    firstRenewal?: string;
    renewalSpanDays?: number;
}

export interface SyntheticPortfolio {
    records: RawDataset;
    truth: AccountTruth[];
    /** the day the data set was "exported": every record is dated on or before it */
    exportDate: string;
}

const DAY_MS = 86_400_000;
export const toDay = (iso: string) => Math.round(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS);
export const fromDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** An empty org-export dataset and a push into it: how both synthetic worlds build their records. */
export function emptyDataset(): { records: RawDataset; push: (object: string, record: RawRecord) => void } {
    const records: RawDataset = {
        Account: [],
        Contact: [],
        User: [],
        Task: [],
        Event: [],
        Opportunity: [],
        Case: [],
        Product_Usage__c: []
    };
    return { records, push: (object, record) => (records[object] as RawRecord[]).push(record) };
}

export function generateSynthetic(options: SyntheticOptions): SyntheticPortfolio {
    const random = new Random(options.seed);
    const firstRenewal = toDay(options.firstRenewal ?? '2025-01-01');
    const span = options.renewalSpanDays ?? 540;
    const exportDay = firstRenewal + span + 30;
    const { records, push } = emptyDataset();
    const owners = ['005S00000000001', '005S00000000002', '005S00000000003', '005S00000000004'];
    owners.forEach((id, i) => push('User', { Id: id, Name: `Rep ${i + 1}` }));
    const truth: AccountTruth[] = [];
    let sequence = 0;
    const nextId = (prefix: string) => `${prefix}S${String(++sequence).padStart(11, '0')}`;

    for (let a = 0; a < options.accounts; a++) {
        const accountId = `001S${String(a + 1).padStart(11, '0')}`;
        const renewal =
            firstRenewal + Math.floor((a * span) / Math.max(1, options.accounts)) + random.int(0, 6);
        const historyStart = renewal - 365;
        const ownerId = random.pick(owners);

        // the four true drivers
        const usageDecline = random.chance(0.4) ? random.uniform(0.3, 1) : 0;
        const decisionMakerCold = random.chance(0.3);
        const sev1Trouble = random.chance(0.2);
        const latePayer = random.chance(0.25);
        const observableLogOdds =
            TRUE_HAZARD.intercept +
            TRUE_HAZARD.usageDecline * usageDecline +
            TRUE_HAZARD.decisionMakerCold * (decisionMakerCold ? 1 : 0) +
            TRUE_HAZARD.sev1Trouble * (sev1Trouble ? 1 : 0);
        const churnProbability = sigmoid(observableLogOdds + TRUE_HAZARD.latePayer * (latePayer ? 1 : 0));
        const churned = random.chance(churnProbability);
        truth.push({
            accountId,
            renewalDate: fromDay(renewal),
            usageDecline,
            decisionMakerCold,
            sev1Trouble,
            latePayer,
            churnProbability,
            observableLogOdds,
            churned
        });

        const seats = random.int(20, 400);
        const arr = seats * random.int(300, 900);
        push('Account', {
            Id: accountId,
            Name: `Synthetic Account ${a + 1}`,
            OwnerId: ownerId,
            Industry: random.pick(['Software', 'Manufacturing', 'Healthcare', 'Finance', 'Retail']),
            BillingCountry: random.pick(['US', 'DE', 'FR', 'GB', 'JP']),
            Customer_Key__c: `CK-${a + 1}`,
            ARR__c: arr,
            Renewal_Date__c: fromDay(churned ? renewal : renewal + 365),
            Days_Past_Due__c: latePayer ? random.int(61, 120) : random.int(0, 15),
            Churned_On__c: churned ? fromDay(renewal) : null,
            // the overlay as the owner left it at the export: newer than every as-of date
            Champion_Status__c:
                churned && random.chance(0.6) ? 'Missing' : random.pick(['Active', 'Active', 'At Risk']),
            Executive_Engagement__c: random.pick(['Active', 'Lapsed', 'None']),
            Outcome_Narrative__c: random.pick(['Defensible', 'In Development', 'Missing']),
            Qualitative_Reviewed_On__c: fromDay(exportDay - random.int(0, 10)),
            // the current computed fields of the last live run: must never leak into a backtest
            Health_Score__c: churned ? random.int(5, 35) : random.int(55, 95),
            Health_Band__c: churned ? 'Red' : 'Green',
            Health_Band_Since__c: fromDay(exportDay - 20)
        });

        // contacts: one decision maker plus 2-4 others whose activity is noise
        const decisionMaker = nextId('003');
        push('Contact', {
            Id: decisionMaker,
            AccountId: accountId,
            FirstName: 'Dana',
            LastName: `Decider ${a + 1}`,
            Title: 'VP Operations',
            Buying_Role__c: 'Decision Maker'
        });
        const dmLastDay = decisionMakerCold ? renewal - random.int(180, 300) : renewal;
        logActivities(
            random,
            push,
            nextId,
            accountId,
            decisionMaker,
            ownerId,
            historyStart,
            dmLastDay,
            [14, 35],
            0.8
        );
        const others = random.int(2, 4);
        for (let c = 0; c < others; c++) {
            const contactId = nextId('003');
            push('Contact', {
                Id: contactId,
                AccountId: accountId,
                FirstName: 'Sam',
                LastName: `Contact ${a + 1}-${c + 1}`,
                Buying_Role__c: random.pick(['Approver', 'Influencer', 'User', 'User', null])
            });
            logActivities(
                random,
                push,
                nextId,
                accountId,
                contactId,
                ownerId,
                historyStart,
                renewal,
                [20, 50],
                0.65
            );
        }

        // opportunities: the original deal and the renewal (the outcome)
        push('Opportunity', {
            Id: nextId('006'),
            AccountId: accountId,
            Name: 'Initial subscription',
            Type: 'New Business',
            StageName: 'Closed Won',
            IsClosed: true,
            IsWon: true,
            Amount: arr,
            CreatedDate: `${fromDay(historyStart - 60)}T10:00:00.000+0000`,
            CloseDate: fromDay(historyStart)
        });
        push('Opportunity', {
            Id: nextId('006'),
            AccountId: accountId,
            Name: 'Renewal',
            Type: 'Renewal',
            StageName: churned ? 'Closed Lost' : 'Closed Won',
            IsClosed: true,
            IsWon: !churned,
            Amount: arr,
            CreatedDate: `${fromDay(renewal - 150)}T10:00:00.000+0000`,
            CloseDate: fromDay(renewal)
        });

        // cases: background Sev3/Sev4 noise, plus the Sev1 trouble
        for (let day = historyStart + random.int(0, 60); day < renewal; day += random.int(30, 90)) {
            const closed = day + random.int(1, 20);
            push('Case', {
                Id: nextId('500'),
                AccountId: accountId,
                CaseNumber: String(sequence),
                Subject: 'How do I ...',
                Severity__c: random.pick(['Sev3', 'Sev4']),
                CreatedDate: `${fromDay(day)}T09:00:00.000+0000`,
                IsClosed: closed <= exportDay,
                ClosedDate: `${fromDay(closed)}T17:00:00.000+0000`,
                Status: 'Closed',
                IsEscalated: false,
                CSAT__c: random.int(3, 5)
            });
        }
        if (sev1Trouble) {
            const count = random.int(1, 2);
            for (let c = 0; c < count; c++) {
                const opened = renewal - random.int(100, 200);
                const closed = renewal - random.int(0, 45);
                push('Case', {
                    Id: nextId('500'),
                    AccountId: accountId,
                    CaseNumber: String(sequence),
                    Subject: 'Production outage',
                    Severity__c: 'Sev1',
                    CreatedDate: `${fromDay(opened)}T09:00:00.000+0000`,
                    IsClosed: true,
                    ClosedDate: `${fromDay(closed)}T17:00:00.000+0000`,
                    Status: 'Closed',
                    IsEscalated: true,
                    CSAT__c: random.int(1, 3)
                });
            }
        }

        // usage: 30-day periods over the year before R
        const baseUtilisation = random.uniform(0.45, 0.95);
        const baseFeatures = random.int(6, 16);
        const onset = renewal - random.int(200, 260);
        const dailyDecay = DAILY_DECAY_AT_FULL_DECLINE * usageDecline;
        for (let start = historyStart; start + 29 <= renewal; start += 30) {
            const middle = start + 15;
            const remaining = middle > onset ? Math.exp(-dailyDecay * (middle - onset)) : 1;
            const decline = 1 - remaining;
            const utilisation = Math.max(0.01, baseUtilisation * remaining * (1 + 0.04 * random.normal()));
            const activeUsers = Math.max(0, Math.round(seats * Math.min(1, utilisation)));
            push('Product_Usage__c', {
                Account__c: accountId,
                Usage_Key__c: `CK-${a + 1}-${fromDay(start)}`,
                Period_Start__c: fromDay(start),
                Period_End__c: fromDay(start + 29),
                Active_Users__c: activeUsers,
                Licensed_Seats__c: seats,
                Features_Adopted__c: Math.max(1, baseFeatures - (decline > 0.3 ? 1 : 0) + random.int(-1, 1)),
                Features_Available__c: 20,
                Key_Events__c: activeUsers * random.int(5, 15)
            });
        }
    }
    return { records, truth, exportDate: fromDay(exportDay) };
}

function logActivities(
    random: Random,
    push: (object: string, record: RawRecord) => void,
    nextId: (prefix: string) => string,
    accountId: string,
    contactId: string,
    ownerId: string,
    fromDayNumber: number,
    untilDay: number,
    gapDays: [number, number],
    positiveShare: number
): void {
    for (
        let day = fromDayNumber + random.int(0, gapDays[1]);
        day <= untilDay;
        day += random.int(...gapDays)
    ) {
        const roll = random.next();
        const outcome = roll < positiveShare ? 'Positive' : roll < 0.95 ? 'Neutral' : 'Negative';
        const kind = random.next();
        if (kind < 0.45) {
            push('Event', {
                Id: nextId('00U'),
                AccountId: accountId,
                WhoId: contactId,
                OwnerId: ownerId,
                Subject: 'Check-in',
                Type: 'Meeting',
                StartDateTime: `${fromDay(day)}T15:00:00.000+0000`,
                EndDateTime: `${fromDay(day)}T16:00:00.000+0000`,
                Outcome__c: outcome
            });
        } else {
            const subtype = kind < 0.8 ? 'Call' : 'Email';
            push('Task', {
                Id: nextId('00T'),
                AccountId: accountId,
                WhoId: contactId,
                OwnerId: ownerId,
                Subject: subtype === 'Call' ? 'Call' : 'Email',
                Status: 'Completed',
                IsClosed: true,
                TaskSubtype: subtype,
                ActivityDate: fromDay(day),
                CompletedDateTime: `${fromDay(day)}T11:00:00.000+0000`,
                Outcome__c: outcome
            });
        }
    }
}

/**
 * The AUC a perfect model reaches on these outcomes in expectation (population AUC, {@link expectedAuc}):
 * `observable` ranks by the traits a point-in-time backtest can see (ranking by E[renewal | observed] is
 * ranking by the observable log-odds, since late payment is independent of the rest); `oracle` also knows
 * the late payers. Computed from the true probabilities, not from the drawn outcomes.
 */
export function achievableAuc(truth: readonly AccountTruth[]): { observable: number; oracle: number } {
    const renewalProbability = truth.map((t) => 1 - t.churnProbability);
    return {
        observable: expectedAuc(
            truth.map((t) => -t.observableLogOdds),
            renewalProbability
        ),
        oracle: expectedAuc(
            truth.map((t) => -(t.observableLogOdds + (t.latePayer ? TRUE_HAZARD.latePayer : 0))),
            renewalProbability
        )
    };
}

/** Writes the records as a dataset folder (docs/dataset-format.md): one `<Object>.json` array per object. */
export function writeDatasetFolder(records: RawDataset, folder: string): void {
    mkdirSync(folder, { recursive: true });
    for (const [object, rows] of Object.entries(records)) {
        if (rows.length) writeFileSync(join(folder, `${object}.json`), JSON.stringify(rows));
    }
}
