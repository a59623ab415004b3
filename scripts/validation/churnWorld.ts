/**
 * The second synthetic world: a portfolio whose churn mechanism the health model does NOT copy, to test the
 * model on data it was not designed on (issue 13). The first world (synthetic.ts) draws churn from traits the
 * model scores almost one to one; this one draws it from how customers actually drift away:
 *
 * - multi-month usage decline: active users fall linearly over 3-8 months from an onset 120-330 days before the
 *   renewal, by 20-75% in all (the model's 30-vs-60-day window sees only a slice of it);
 * - decision-maker disengagement: the decision maker's meetings thin out gradually (gaps growing from about a
 *   month to four or five), their tone cools; a third of them leave and a new decision maker appears late;
 * - support crises: a cluster of 3-6 Sev2 cases (a Sev1 only sometimes), escalated, slow, CSAT 1-2;
 * - payment drift: invoices slipping, visible ONLY in the undated current Days_Past_Due__c (a point-in-time
 *   backtest cannot see it: the payment dimension has no history there);
 * - segment effects (small customers churn more, enterprises less) and an unobserved account-level shock.
 *
 * Mechanisms share one latent fragility, so they co-occur as they do in real portfolios. Noise the truth
 * ignores: auto-logged emails from a marketing-automation user (most without an outcome), background Sev3/Sev4
 * cases, seats and base utilisation, seasonal usage wobble, the qualitative overlay (reviewed at the export).
 * Customer kinds: annual subscriptions, multi-year contracts (no open deal and no win for years, by design) and
 * project-style customers (bursty usage and project opportunities around a yearly support renewal).
 * Some usage rows are keyed by Customer_Key__c in another letter case than the Account's, and a few belong to
 * no account at all, to exercise the backtest's record attachment.
 *
 * About 17% churn. Deterministic: the same options give the same records.
 */
import { expectedAuc } from './metrics';
import { Random } from './random';
import { emptyDataset, fromDay, sigmoid, toDay, type RawDataset, type RawRecord } from './synthetic';

export type CustomerKind = 'annual' | 'multiYear' | 'project';
export type SizeSegment = 'SMB' | 'Mid-Market' | 'Enterprise';

/** The churn log-odds: documented so tests can check the draw; the engine's formula is not in it. */
export const CHURN_WORLD_HAZARD = {
    intercept: -3.3,
    /** total usage drop d (0-0.75): log-odds + 3.2 * d */
    usageDrop: 3.2,
    decisionMakerDisengaged: 1.2,
    decisionMakerLeft: 0.6,
    supportCrisis: 1.1,
    paymentDrift: 0.9,
    /** usage decline together with a disengaged decision maker: the classic churn profile (seed 001) */
    declineAndDisengaged: 0.7,
    segment: { SMB: 0.45, 'Mid-Market': 0, Enterprise: -0.5 } as Record<SizeSegment, number>,
    kind: { annual: 0, multiYear: -0.4, project: 0.25 } as Record<CustomerKind, number>,
    /** project-style customer whose last project ended over 200 days before the renewal */
    projectGap: 0.8,
    /** standard deviation of the unobserved shock */
    shock: 0.6
} as const;

export interface ChurnWorldTruth {
    accountId: string;
    customerKey: string;
    renewalDate: string;
    kind: CustomerKind;
    segment: SizeSegment;
    industry: string;
    usageDrop: number;
    decisionMakerDisengaged: boolean;
    decisionMakerLeft: boolean;
    supportCrisis: boolean;
    paymentDrift: boolean;
    projectGap: boolean;
    /** log-odds of churn without the unobserved shock and the (unobservable) payment drift */
    observableLogOdds: number;
    churnProbability: number;
    churned: boolean;
}

export interface ChurnWorldOptions {
    accounts: number;
    seed: number;
    firstRenewal?: string;
    renewalSpanDays?: number;
}

export interface ChurnWorld {
    records: RawDataset;
    truth: ChurnWorldTruth[];
    exportDate: string;
    /** usage rows keyed by a Customer_Key__c that matches no account in any letter case */
    orphanUsageRows: number;
    /** usage rows keyed by Customer_Key__c in a different letter case than the Account's */
    caseShiftedUsageRows: number;
}

const INDUSTRIES = ['Software', 'Manufacturing', 'Healthcare', 'Finance', 'Retail', 'Education'];

export function generateChurnWorld(options: ChurnWorldOptions): ChurnWorld {
    const random = new Random(options.seed);
    const firstRenewal = toDay(options.firstRenewal ?? '2025-01-01');
    const span = options.renewalSpanDays ?? 540;
    const exportDay = firstRenewal + span + 30;
    const { records, push } = emptyDataset();
    const reps = [
        '005W00000000001',
        '005W00000000002',
        '005W00000000003',
        '005W00000000004',
        '005W00000000005'
    ];
    reps.forEach((id, i) => push('User', { Id: id, Name: `Rep ${i + 1}` }));
    const automation = '005W00000000099';
    push('User', { Id: automation, Name: 'Marketing Automation' });
    const truth: ChurnWorldTruth[] = [];
    let sequence = 0;
    const nextId = (prefix: string) => `${prefix}W${String(++sequence).padStart(11, '0')}`;
    let orphanUsageRows = 0;
    let caseShiftedUsageRows = 0;
    const H = CHURN_WORLD_HAZARD;

    for (let a = 0; a < options.accounts; a++) {
        const accountId = `001W${String(a + 1).padStart(11, '0')}`;
        const customerKey = `CUST-${a + 1}`;
        const renewal =
            firstRenewal + Math.floor((a * span) / Math.max(1, options.accounts)) + random.int(0, 6);
        const historyStart = renewal - 450;
        const owner = random.pick(reps);
        const segmentRoll = random.next();
        const segment: SizeSegment =
            segmentRoll < 0.45 ? 'SMB' : segmentRoll < 0.8 ? 'Mid-Market' : 'Enterprise';
        const kindRoll = random.next();
        const kind: CustomerKind = kindRoll < 0.6 ? 'annual' : kindRoll < 0.85 ? 'multiYear' : 'project';
        const industry = random.pick(INDUSTRIES);

        // one latent fragility makes the mechanisms co-occur
        const fragility = random.normal();
        const usageDrop = random.chance(sigmoid(-1.1 + 0.8 * fragility)) ? random.uniform(0.2, 0.75) : 0;
        const decisionMakerDisengaged = random.chance(sigmoid(-1.3 + 0.7 * fragility));
        const decisionMakerLeft = decisionMakerDisengaged && random.chance(0.35);
        const supportCrisis = random.chance(sigmoid(-1.9 + 0.6 * fragility));
        const paymentDrift = random.chance(sigmoid(-1.7 + 0.5 * fragility));
        const projectGap = kind === 'project' && random.chance(0.35);
        const observableLogOdds =
            H.intercept +
            H.usageDrop * usageDrop +
            (decisionMakerDisengaged ? H.decisionMakerDisengaged : 0) +
            (decisionMakerLeft ? H.decisionMakerLeft : 0) +
            (supportCrisis ? H.supportCrisis : 0) +
            (usageDrop > 0 && decisionMakerDisengaged ? H.declineAndDisengaged : 0) +
            H.segment[segment] +
            H.kind[kind] +
            (projectGap ? H.projectGap : 0);
        const shock = H.shock * random.normal();
        const churnProbability = sigmoid(observableLogOdds + (paymentDrift ? H.paymentDrift : 0) + shock);
        const churned = random.chance(churnProbability);
        truth.push({
            accountId,
            customerKey,
            renewalDate: fromDay(renewal),
            kind,
            segment,
            industry,
            usageDrop,
            decisionMakerDisengaged,
            decisionMakerLeft,
            supportCrisis,
            paymentDrift,
            projectGap,
            observableLogOdds,
            churnProbability,
            churned
        });

        const seats =
            segment === 'SMB'
                ? random.int(8, 60)
                : segment === 'Mid-Market'
                  ? random.int(60, 300)
                  : random.int(300, 2000);
        const arr = seats * random.int(250, 1100);
        push('Account', {
            Id: accountId,
            Name: `World2 Account ${a + 1}`,
            OwnerId: owner,
            Industry: industry,
            NumberOfEmployees: seats * random.int(3, 12),
            BillingCountry: random.pick(['US', 'DE', 'FR', 'GB', 'JP', 'BR']),
            Customer_Key__c: customerKey,
            ARR__c: arr,
            Renewal_Date__c: fromDay(churned ? renewal : renewal + (kind === 'multiYear' ? 1095 : 365)),
            Days_Past_Due__c: paymentDrift ? random.int(25, 120) : random.chance(0.2) ? random.int(1, 20) : 0,
            Churned_On__c: churned ? fromDay(renewal + random.int(0, 30)) : null,
            Champion_Status__c:
                churned && random.chance(0.5) ? 'At Risk' : random.pick(['Active', 'Active', 'At Risk']),
            Executive_Engagement__c: random.pick(['Active', 'Lapsed', 'None']),
            Outcome_Narrative__c: random.pick(['Defensible', 'In Development', 'Missing']),
            Qualitative_Reviewed_On__c: fromDay(exportDay - random.int(0, 10)),
            Health_Score__c: random.int(20, 95),
            Health_Band__c: random.pick(['Red', 'Yellow', 'Green']),
            Health_Band_Since__c: fromDay(exportDay - 20)
        });

        // ---------------------------------------------------------------- contacts and activities
        const contactCount =
            segment === 'SMB'
                ? random.int(2, 3)
                : segment === 'Mid-Market'
                  ? random.int(3, 5)
                  : random.int(4, 7);
        const contacts: { id: string; role: string | null }[] = [];
        const addContact = (role: string | null, created: number | null) => {
            const id = nextId('003');
            contacts.push({ id, role });
            push('Contact', {
                Id: id,
                AccountId: accountId,
                FirstName: role === 'Decision Maker' ? 'Dana' : 'Sam',
                LastName: `${role ?? 'Contact'} ${a + 1}-${contacts.length}`,
                Buying_Role__c: role,
                CreatedDate: created === null ? null : `${fromDay(created)}T08:00:00.000+0000`
            });
            return id;
        };
        const decisionMaker = addContact('Decision Maker', historyStart - 200);
        const onsetDm = renewal - random.int(200, 330);
        const leftDay = decisionMakerLeft ? renewal - random.int(120, 200) : Infinity;
        // decision maker: a meeting roughly monthly; disengaging, the gap grows to 4-5 months and the tone cools
        for (let day = historyStart + random.int(0, 30); day <= renewal && day < leftDay;) {
            const drifting = decisionMakerDisengaged && day > onsetDm;
            const progress = drifting ? Math.min(1, (day - onsetDm) / 150) : 0;
            logActivity(random, push, nextId, accountId, decisionMaker, owner, day, {
                positive: 0.6 - 0.35 * progress,
                negative: 0.04 + 0.12 * progress,
                meetingShare: 0.6
            });
            day += Math.round(random.int(20, 40) * (1 + 3.5 * progress));
        }
        if (decisionMakerLeft) {
            // the successor appears late and is met once or twice
            const arrived = leftDay + random.int(20, 80);
            const successor = addContact('Decision Maker', arrived);
            for (let day = arrived + random.int(5, 40); day <= renewal; day += random.int(45, 90))
                logActivity(random, push, nextId, accountId, successor, owner, day, {
                    positive: 0.35,
                    negative: 0.1,
                    meetingShare: 0.5
                });
        }
        const roles = ['Approver', 'Influencer', 'User', 'User', null];
        for (let c = 1; c < contactCount; c++) {
            const id = addContact(random.pick(roles), random.chance(0.8) ? historyStart - 100 : null);
            const gap: [number, number] = random.chance(0.5) ? [15, 45] : [40, 100];
            for (let day = historyStart + random.int(0, gap[1]); day <= renewal; day += random.int(...gap))
                logActivity(random, push, nextId, accountId, id, owner, day, {
                    positive: 0.5 - 0.1 * Math.max(0, fragility),
                    negative: 0.05,
                    meetingShare: 0.3
                });
        }
        // auto-logged emails: frequent, from the automation user, to anyone, whatever the account's health
        for (let day = historyStart + random.int(0, 14); day <= renewal; day += random.int(7, 21)) {
            const contact = random.pick(contacts);
            push('Task', {
                Id: nextId('00T'),
                AccountId: accountId,
                WhoId: contact.id,
                OwnerId: automation,
                Subject: 'Email: Product newsletter',
                Status: 'Completed',
                IsClosed: true,
                TaskSubtype: 'Email',
                ActivityDate: fromDay(day),
                CompletedDateTime: `${fromDay(day)}T06:00:00.000+0000`,
                Outcome__c: random.chance(0.25) ? 'Neutral' : null
            });
        }

        // ---------------------------------------------------------------- opportunities
        const contractStart = kind === 'multiYear' ? renewal - random.pick([730, 1095]) : renewal - 365;
        push('Opportunity', {
            Id: nextId('006'),
            AccountId: accountId,
            Name: kind === 'multiYear' ? 'Multi-year subscription' : 'Subscription',
            Type: 'New Business',
            StageName: 'Closed Won',
            IsClosed: true,
            IsWon: true,
            Amount: arr * (kind === 'multiYear' ? 2 : 1),
            CreatedDate: `${fromDay(contractStart - 60)}T10:00:00.000+0000`,
            CloseDate: fromDay(contractStart)
        });
        if (kind === 'project') {
            // project phases every 3-6 months; a gap means no phase in the last 200+ days before the renewal
            const lastProject = projectGap ? renewal - random.int(200, 320) : renewal - random.int(10, 120);
            for (let day = lastProject; day > historyStart; day -= random.int(90, 180)) {
                push('Opportunity', {
                    Id: nextId('006'),
                    AccountId: accountId,
                    Name: 'Project phase',
                    Type: 'Expansion',
                    StageName: 'Closed Won',
                    IsClosed: true,
                    IsWon: true,
                    Amount: Math.round(arr * random.uniform(0.1, 0.4)),
                    CreatedDate: `${fromDay(day - 45)}T10:00:00.000+0000`,
                    CloseDate: fromDay(day)
                });
            }
        } else if (random.chance(0.2 - 0.05 * fragility)) {
            const day = renewal - random.int(90, 300);
            push('Opportunity', {
                Id: nextId('006'),
                AccountId: accountId,
                Name: 'Seat expansion',
                Type: 'Expansion',
                StageName: 'Closed Won',
                IsClosed: true,
                IsWon: true,
                Amount: Math.round(arr * 0.2),
                CreatedDate: `${fromDay(day - 40)}T10:00:00.000+0000`,
                CloseDate: fromDay(day)
            });
        }
        push('Opportunity', {
            Id: nextId('006'),
            AccountId: accountId,
            Name: kind === 'project' ? 'Support renewal' : 'Renewal',
            Type: 'Renewal',
            StageName: churned ? 'Closed Lost' : 'Closed Won',
            IsClosed: true,
            IsWon: !churned,
            Amount: kind === 'project' ? Math.round(arr * 0.3) : arr,
            CreatedDate: `${fromDay(renewal - random.int(30, 150))}T10:00:00.000+0000`,
            CloseDate: fromDay(renewal)
        });

        // ---------------------------------------------------------------- cases
        const backgroundGap: [number, number] =
            segment === 'Enterprise' ? [15, 45] : segment === 'SMB' ? [60, 150] : [30, 90];
        for (
            let day = historyStart + random.int(0, backgroundGap[1]);
            day < renewal;
            day += random.int(...backgroundGap)
        ) {
            const closed = day + random.int(1, 25);
            push('Case', {
                Id: nextId('500'),
                AccountId: accountId,
                CaseNumber: String(sequence),
                Subject: 'Question',
                Severity__c: random.pick(['Sev3', 'Sev4', 'Sev4', random.chance(0.1) ? 'Sev2' : 'Sev3']),
                CreatedDate: `${fromDay(day)}T09:00:00.000+0000`,
                IsClosed: closed <= exportDay,
                ClosedDate: closed <= exportDay ? `${fromDay(closed)}T17:00:00.000+0000` : null,
                Status: closed <= exportDay ? 'Closed' : 'Open',
                IsEscalated: false,
                CSAT__c: closed <= exportDay && random.chance(0.6) ? random.int(3, 5) : null
            });
        }
        if (supportCrisis) {
            const start = renewal - random.int(90, 220);
            const count = random.int(3, 6);
            for (let c = 0; c < count; c++) {
                const opened = start + random.int(0, 50);
                const closed = opened + random.int(15, 70);
                push('Case', {
                    Id: nextId('500'),
                    AccountId: accountId,
                    CaseNumber: String(sequence),
                    Subject: 'Data sync failing',
                    Severity__c: random.chance(0.2) ? 'Sev1' : 'Sev2',
                    CreatedDate: `${fromDay(opened)}T09:00:00.000+0000`,
                    IsClosed: closed <= exportDay,
                    ClosedDate: closed <= exportDay ? `${fromDay(closed)}T17:00:00.000+0000` : null,
                    Status: closed <= exportDay ? 'Closed' : 'Open',
                    IsEscalated: random.chance(0.6),
                    CSAT__c: closed <= exportDay ? random.int(1, 2) : null
                });
            }
        }

        // ---------------------------------------------------------------- usage (monthly periods)
        const base = random.uniform(0.35, 0.95);
        const features = random.int(5, 16);
        const onset = renewal - random.int(120, 330);
        const duration = random.int(90, 240);
        const keyMode = random.next();
        for (let start = historyStart; start + 29 <= renewal; start += 30) {
            const middle = start + 15;
            const progress = usageDrop > 0 ? Math.min(1, Math.max(0, (middle - onset) / duration)) : 0;
            let level =
                base *
                (1 - usageDrop * progress) *
                (1 + 0.06 * Math.sin(middle / 58) + 0.05 * random.normal());
            // project customers: busy during a project, quieter between
            if (kind === 'project') level *= random.chance(0.5) ? 1.15 : 0.75;
            const activeUsers = Math.max(0, Math.round(seats * Math.min(1, Math.max(0.01, level))));
            const row: RawRecord = {
                Usage_Key__c: `${customerKey}-${fromDay(start)}`,
                Period_Start__c: fromDay(start),
                Period_End__c: fromDay(start + 29),
                Active_Users__c: activeUsers,
                Licensed_Seats__c: seats,
                Features_Adopted__c: Math.max(
                    1,
                    features - Math.round(4 * usageDrop * progress) + random.int(-1, 1)
                ),
                Features_Available__c: 20,
                Key_Events__c: activeUsers * random.int(4, 12)
            };
            if (keyMode < 0.1) {
                // the warehouse exports keys in lower case; Salesforce matches External IDs case-insensitively
                row.Customer_Key__c = customerKey.toLowerCase();
                caseShiftedUsageRows++;
            } else if (keyMode < 0.3) row.Customer_Key__c = customerKey;
            else row.Account__c = accountId;
            push('Product_Usage__c', row);
        }
    }
    // usage of customers that are not in the CRM (a trial, a deleted account)
    for (let o = 0; o < Math.max(1, Math.round(options.accounts / 100)); o++) {
        push('Product_Usage__c', {
            Customer_Key__c: `TRIAL-${o + 1}`,
            Usage_Key__c: `TRIAL-${o + 1}-${fromDay(firstRenewal)}`,
            Period_Start__c: fromDay(firstRenewal),
            Period_End__c: fromDay(firstRenewal + 29),
            Active_Users__c: 3,
            Licensed_Seats__c: 5
        });
        orphanUsageRows++;
    }
    return { records, truth, exportDate: fromDay(exportDay), orphanUsageRows, caseShiftedUsageRows };
}

function logActivity(
    random: Random,
    push: (object: string, record: RawRecord) => void,
    nextId: (prefix: string) => string,
    accountId: string,
    contactId: string,
    ownerId: string,
    day: number,
    mix: { positive: number; negative: number; meetingShare: number }
): void {
    const roll = random.next();
    const outcome = roll < mix.positive ? 'Positive' : roll < 1 - mix.negative ? 'Neutral' : 'Negative';
    if (random.chance(mix.meetingShare)) {
        push('Event', {
            Id: nextId('00U'),
            AccountId: accountId,
            WhoId: contactId,
            OwnerId: ownerId,
            Subject: 'Meeting',
            Type: 'Meeting',
            StartDateTime: `${fromDay(day)}T15:00:00.000+0000`,
            EndDateTime: `${fromDay(day)}T16:00:00.000+0000`,
            Outcome__c: random.chance(0.9) ? outcome : null
        });
    } else {
        const subtype = random.chance(0.7) ? 'Call' : 'Email';
        push('Task', {
            Id: nextId('00T'),
            AccountId: accountId,
            WhoId: contactId,
            OwnerId: ownerId,
            Subject: subtype,
            Status: 'Completed',
            IsClosed: true,
            TaskSubtype: subtype,
            ActivityDate: fromDay(day),
            CompletedDateTime: `${fromDay(day)}T11:00:00.000+0000`,
            Outcome__c: random.chance(0.85) ? outcome : null
        });
    }
}

/** The AUC of ranking by the observable log-odds (what a point-in-time model could reach at best), in expectation. */
export function churnWorldAchievableAuc(truth: readonly ChurnWorldTruth[]): number {
    return expectedAuc(
        truth.map((t) => -t.observableLogOdds),
        truth.map((t) => 1 - t.churnProbability)
    );
}
