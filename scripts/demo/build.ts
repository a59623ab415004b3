// Turns the stories into (1) the demo dataset in the docs/dataset-format.md shape and (2) the files of an
// `sf data tree import` plan telling the same story. Pure: the anchor date is the only input.

import { REPS, STORIES, type AccountStory, type Channel, type OutcomeCode, type RepKey } from './stories';

export type SfRecord = Record<string, string | number | boolean | null>;
/** Object API name → records, in a stable order. */
export type DemoObjects = Record<string, SfRecord[]>;

export interface DemoManifest {
    name: string;
    description: string;
    asOf: string;
    anchor: string;
    generatedBy: string;
    files: string[];
    accounts: Array<{
        id: string;
        name: string;
        customerKey: string;
        story: string;
        intended: AccountStory['intended'];
    }>;
}

export interface DemoDataset {
    manifest: DemoManifest;
    objects: DemoObjects;
}

export class DemoError extends Error {
    constructor(
        readonly code: string,
        message: string,
        readonly hint: string
    ) {
        super(`${message} (${code}). ${hint}`);
        this.name = 'DemoError';
    }
}

const DAY_MS = 86_400_000;

/** Validates a `YYYY-MM-DD` anchor and returns its UTC midnight in ms. */
export function parseAnchor(anchor: string): number {
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(anchor) ? Date.parse(`${anchor}T00:00:00Z`) : NaN;
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== anchor) {
        throw new DemoError(
            'DEMO_BAD_ANCHOR',
            `Anchor "${anchor}" is not a calendar date`,
            'Pass --anchor YYYY-MM-DD, e.g. --anchor 2026-11-20.'
        );
    }
    return ms;
}

/** Salesforce-style 18-character id: key prefix + "Dm" + 10-digit sequence + "AAA". */
const sfId = (prefix: string, n: number): string => `${prefix}Dm${String(n).padStart(10, '0')}AAA`;
const PREFIX = {
    Account: '001',
    Contact: '003',
    User: '005',
    Opportunity: '006',
    Case: '500',
    Task: '00T',
    Event: '00U',
    Product_Usage__c: 'a0U',
    Account_Health_Snapshot__c: 'a0S',
    Health_Override__c: 'a0O'
} as const;

/**
 * An account hierarchy (Account.ParentId), child → parent by story name (issue 17): Northwind Logistics is the
 * group, Cedar Analytics and Summit Retail Group its subsidiaries, Pinecrest Insurance a unit of Cedar (three
 * levels). The sync writes the roll-up on Northwind and Cedar; no child's own score changes.
 */
export const DEMO_PARENTS: Readonly<Record<string, string>> = {
    'Cedar Analytics': 'Northwind Logistics',
    'Summit Retail Group': 'Northwind Logistics',
    'Pinecrest Insurance': 'Cedar Analytics'
};

/** One active manual override (Health_Override__c): the manager holds Harbor Media below 45 (still Yellow). */
export const DEMO_OVERRIDES: readonly {
    account: string;
    by: 'dana' | 'maya' | 'leo' | 'priya';
    type: 'Band' | 'Ceiling' | 'Floor';
    score: number | null;
    band: string | null;
    reason: string;
    startsDaysAgo: number;
    expiresInDays: number;
}[] = [
    {
        account: 'Harbor Media',
        by: 'dana',
        type: 'Ceiling',
        score: 45,
        band: null,
        reason: 'CFO told us at the QBR they are reviewing vendors before the renewal',
        startsDaysAgo: 6,
        expiresInDays: 40
    }
];

const OUTCOME: Record<OutcomeCode, string | null> = { P: 'Positive', U: 'Neutral', X: 'Negative', '-': null };
const PRIORITY: Record<string, string> = { Sev1: 'High', Sev2: 'High', Sev3: 'Medium', Sev4: 'Low' };
const PROBABILITY: Record<string, number> = {
    'Closed Won': 100,
    'Closed Lost': 0,
    Prospecting: 10,
    'Proposal/Price Quote': 75,
    'Negotiation/Review': 90
};

function bandOf(score: number): string {
    return score >= 70 ? 'Green' : score >= 40 ? 'Yellow' : 'Red';
}

/** Small deterministic hash → 0..n-1, for spreading times and subscores without a random source. */
function spread(seed: string, n: number): number {
    let h = 2166136261;
    for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    return h % n;
}

const clamp = (v: number): number => Math.max(0, Math.min(100, Math.round(v)));

export function buildDemo(anchor: string): DemoDataset {
    const anchorMs = parseAnchor(anchor);
    const day = (daysAgo: number): string => new Date(anchorMs - daysAgo * DAY_MS).toISOString().slice(0, 10);
    const at = (daysAgo: number, hour: number, minute = 0): string =>
        new Date(anchorMs - daysAgo * DAY_MS + (hour * 60 + minute) * 60_000)
            .toISOString()
            .replace('Z', '+0000')
            .replace(/\.\d{3}/, '.000');

    const objects: DemoObjects = {
        User: [],
        Account: [],
        Contact: [],
        Opportunity: [],
        Case: [],
        Task: [],
        Event: [],
        Product_Usage__c: [],
        Account_Health_Snapshot__c: [],
        Health_Override__c: []
    };
    const count: Record<string, number> = {};
    const next = (object: keyof typeof PREFIX): string => {
        count[object] = (count[object] ?? 0) + 1;
        return sfId(PREFIX[object], count[object]);
    };

    const userIds: Record<string, string> = {};
    for (const key of Object.keys(REPS)) userIds[key] = next('User');
    for (const [key, rep] of Object.entries(REPS)) {
        objects.User!.push({
            Id: userIds[key]!,
            Name: `${rep.first} ${rep.last}`,
            FirstName: rep.first,
            LastName: rep.last,
            ManagerId: rep.manager ? userIds[rep.manager]! : null
        });
    }

    const manifestAccounts: DemoManifest['accounts'] = [];
    let caseNumber = 1040;
    for (const s of STORIES) {
        const accountId = next('Account');
        const ownerId = userIds[s.owner as RepKey]!;
        manifestAccounts.push({
            id: accountId,
            name: s.name,
            customerKey: s.customerKey,
            story: s.story,
            intended: s.intended
        });
        objects.Account!.push({
            Id: accountId,
            Name: s.name,
            OwnerId: ownerId,
            Industry: s.industry,
            BillingCountry: s.country,
            Type: s.intended.lifecycle === 'Hello' ? 'Prospect' : 'Customer - Direct',
            Customer_Key__c: s.customerKey,
            ARR__c: s.arr,
            Renewal_Date__c: s.renewalIn === null ? null : day(-s.renewalIn),
            Days_Past_Due__c: s.daysPastDue,
            Churned_On__c: s.churnedDaysAgo === undefined ? null : day(s.churnedDaysAgo),
            Champion_Status__c: s.champion,
            Executive_Engagement__c: s.executive,
            Outcome_Narrative__c: s.narrative,
            Qualitative_Reviewed_On__c: s.reviewedDaysAgo === null ? null : day(s.reviewedDaysAgo),
            Health_Band__c: s.previous.band,
            Health_Band_Since__c: day(s.previous.sinceDaysAgo),
            Health_Score__c: s.previous.score
        });

        for (const c of s.contacts) {
            const contactId = next('Contact');
            const name = `${c.first} ${c.last}`;
            objects.Contact!.push({
                Id: contactId,
                AccountId: accountId,
                FirstName: c.first,
                LastName: c.last,
                Name: name,
                Title: c.title,
                Email: `${c.first}.${c.last}@${s.key}.example.com`.toLowerCase(),
                Buying_Role__c: c.role
            });
            const touches = [...c.touches];
            if (s.history && touches.length > 0) {
                // Older relationship history: a monthly touch, alternating meeting/call, mostly positive.
                for (let ago = 160 + spread(name, 20); ago <= 270; ago += 30) {
                    const meeting = spread(`${name}${ago}`, 2) === 0;
                    touches.push([
                        ago,
                        meeting ? 'Meeting' : 'Call',
                        spread(`${name}${ago}o`, 3) === 0 ? 'U' : 'P'
                    ]);
                }
            }
            touches.sort((a, b) => b[0] - a[0]);
            for (const [ago, channel, outcome] of touches) {
                addActivity(accountId, contactId, ownerId, name, ago, channel, outcome);
            }
        }

        for (const [dueIn, subject] of s.followUps ?? []) {
            objects.Task!.push({
                Id: next('Task'),
                AccountId: accountId,
                WhatId: accountId,
                WhoId: null,
                OwnerId: ownerId,
                Subject: subject,
                Status: 'Not Started',
                IsClosed: false,
                Priority: 'High',
                TaskSubtype: 'Task',
                Type: 'Other',
                ActivityDate: day(dueIn),
                CompletedDateTime: null,
                Outcome__c: null
            });
        }

        s.opps.forEach((o, i) => {
            const closed = o.stage === 'Closed Won' || o.stage === 'Closed Lost';
            const label =
                o.type === 'New Customer' ? 'New Business' : o.type === 'Renewal' ? 'Renewal' : 'Expansion';
            objects.Opportunity!.push({
                Id: next('Opportunity'),
                AccountId: accountId,
                Name: `${s.name} - ${label} ${day(o.close).slice(0, 4)}${i === 0 ? '' : ` #${i + 1}`}`,
                StageName: o.stage,
                IsClosed: closed,
                IsWon: o.stage === 'Closed Won',
                CloseDate: day(o.close),
                Amount: o.amount,
                Type: o.type,
                Probability: PROBABILITY[o.stage] ?? 50,
                CreatedDate: at(closed ? o.close + 75 : Math.max(o.close + 75, 20), 9)
            });
        });

        for (const c of s.cases) {
            const open = c.closed === undefined;
            objects.Case!.push({
                Id: next('Case'),
                AccountId: accountId,
                CaseNumber: String(++caseNumber).padStart(8, '0'),
                Subject: c.subject,
                Status: open ? (c.escalated ? 'Escalated' : 'Working') : 'Closed',
                IsClosed: !open,
                Priority: PRIORITY[c.sev]!,
                Severity__c: c.sev,
                IsEscalated: c.escalated ?? false,
                Origin: 'Web',
                CSAT__c: c.csat ?? null,
                CreatedDate: at(c.opened, 8, spread(c.subject, 50)),
                ClosedDate: open ? null : at(c.closed!, 17)
            });
        }

        if (s.usage) {
            const u = s.usage;
            const periods = u.users.length;
            u.users.forEach((users, i) => {
                const endAgo = (u.endsDaysAgo ?? 1) + 30 * (periods - 1 - i);
                const start = day(endAgo + 29);
                objects.Product_Usage__c!.push({
                    Id: next('Product_Usage__c'),
                    Account__c: accountId,
                    Period_Start__c: start,
                    Period_End__c: day(endAgo),
                    Active_Users__c: users,
                    Licensed_Seats__c: u.seats,
                    Features_Adopted__c: u.adopted[i] ?? null,
                    Features_Available__c: u.available,
                    Key_Events__c: users * (20 + (u.adopted[i] ?? 0) * 3),
                    Usage_Key__c: `${s.customerKey}_${start}`
                });
            });
        }

        for (const [ago, score] of s.snapshots) {
            const asOf = day(ago);
            const wobble = (dim: string): number => clamp(score + spread(`${s.key}${dim}${ago}`, 21) - 10);
            objects.Account_Health_Snapshot__c!.push({
                Id: next('Account_Health_Snapshot__c'),
                Account__c: accountId,
                As_Of__c: asOf,
                Score__c: score,
                Band__c: bandOf(score),
                Usage_Score__c: s.usage ? wobble('u') : null,
                Relationship_Score__c: wobble('r'),
                Support_Score__c: s.cases.length > 0 ? wobble('s') : null,
                Commercial_Score__c: wobble('c'),
                Coverage__c: s.usage ? (s.cases.length > 0 ? 100 : 80) : 65,
                Model_Version__c: 'default-v1',
                Snapshot_Key__c: `${accountId}_${asOf}`
            });
        }
    }

    function addActivity(
        accountId: string,
        contactId: string,
        ownerId: string,
        name: string,
        ago: number,
        channel: Channel,
        outcome: OutcomeCode
    ): void {
        const hour = 9 + spread(`${name}${ago}h`, 8);
        if (channel === 'Meeting') {
            objects.Event!.push({
                Id: next('Event'),
                AccountId: accountId,
                WhatId: accountId,
                WhoId: contactId,
                OwnerId: ownerId,
                Subject: `Meeting with ${name}`,
                Type: 'Meeting',
                StartDateTime: at(ago, hour),
                EndDateTime: at(ago, hour, 45),
                ActivityDate: day(ago),
                Outcome__c: OUTCOME[outcome]
            });
            return;
        }
        const subtype = channel === 'Call' ? 'Call' : channel === 'Email' ? 'Email' : 'Task';
        objects.Task!.push({
            Id: next('Task'),
            AccountId: accountId,
            WhatId: accountId,
            WhoId: contactId,
            OwnerId: ownerId,
            Subject: channel === 'Message' ? `Message: ${name}` : `${channel}: ${name}`,
            Status: 'Completed',
            IsClosed: true,
            Priority: 'Normal',
            TaskSubtype: subtype,
            Type: channel === 'Message' ? 'Other' : channel,
            ActivityDate: day(ago),
            CompletedDateTime: at(ago, hour, 30),
            Outcome__c: OUTCOME[outcome]
        });
    }

    // The hierarchy and the override (issue 17), after every account exists.
    const accountIdOf = (name: string): string => {
        const account = objects.Account!.find((a) => a.Name === name);
        if (!account)
            throw new DemoError(
                'DEMO_UNKNOWN_ACCOUNT',
                `No demo account "${name}"`,
                'Fix DEMO_PARENTS / DEMO_OVERRIDES.'
            );
        return String(account.Id);
    };
    for (const account of objects.Account!) {
        const parent = DEMO_PARENTS[String(account.Name)];
        account.ParentId = parent ? accountIdOf(parent) : null;
    }
    for (const o of DEMO_OVERRIDES) {
        objects.Health_Override__c!.push({
            Id: next('Health_Override__c'),
            Account__c: accountIdOf(o.account),
            Type__c: o.type,
            Band__c: o.band,
            Score__c: o.score,
            Reason__c: o.reason,
            Starts_On__c: day(o.startsDaysAgo),
            Expires_On__c: day(-o.expiresInDays),
            Status__c: 'Active',
            CreatedById: userIds[o.by]!,
            CreatedDate: at(o.startsDaysAgo, 10)
        });
    }
    const files = Object.keys(objects).map((o) => `${o}.json`);
    return {
        manifest: {
            name: 'Account Health demo portfolio',
            description:
                'Sixteen accounts, each telling one account-health story (every band and lifecycle stage); Northwind Logistics is the parent of Cedar Analytics (itself the parent of Pinecrest Insurance) and Summit Retail Group, and Harbor Media carries an active manual override. Generated by scripts/demo/generate.ts; the same stories are in the tree-import plan data/data-plan.json (the hierarchy is set after the import, docs/install.md).',
            asOf: anchor,
            anchor,
            generatedBy: `npx tsx scripts/demo/generate.ts --anchor ${anchor}`,
            files,
            accounts: manifestAccounts
        },
        objects
    };
}

// ---------------------------------------------------------------------------------------------------------
// Tree import (`sf data tree import -p data/data-plan.json`)

export interface TreePlanEntry {
    sobject: string;
    saveRefs: boolean;
    resolveRefs: boolean;
    files: string[];
}

/** Fields a tree import may set, per object. Everything else (Ids, IsClosed, CreatedDate, ...) is system-set. */
export const TREE_FIELDS: Record<string, string[]> = {
    Account: [
        'Name',
        'Industry',
        'BillingCountry',
        'Type',
        'Customer_Key__c',
        'ARR__c',
        'Renewal_Date__c',
        'Days_Past_Due__c',
        'Churned_On__c',
        'Champion_Status__c',
        'Executive_Engagement__c',
        'Outcome_Narrative__c',
        'Qualitative_Reviewed_On__c',
        'Health_Band__c',
        'Health_Band_Since__c',
        'Health_Score__c'
    ],
    Contact: ['AccountId', 'FirstName', 'LastName', 'Title', 'Email', 'Buying_Role__c'],
    Opportunity: ['AccountId', 'Name', 'StageName', 'CloseDate', 'Amount', 'Type', 'Probability'],
    Case: ['AccountId', 'Subject', 'Status', 'Priority', 'Severity__c', 'Origin', 'CSAT__c'],
    Task: [
        'WhatId',
        'WhoId',
        'Subject',
        'Status',
        'Priority',
        'TaskSubtype',
        'Type',
        'ActivityDate',
        'Outcome__c'
    ],
    Event: ['WhatId', 'WhoId', 'Subject', 'Type', 'StartDateTime', 'EndDateTime', 'Outcome__c'],
    Product_Usage__c: [
        'Account__c',
        'Period_Start__c',
        'Period_End__c',
        'Active_Users__c',
        'Licensed_Seats__c',
        'Features_Adopted__c',
        'Features_Available__c',
        'Key_Events__c',
        'Usage_Key__c'
    ],
    Account_Health_Snapshot__c: [
        'Account__c',
        'As_Of__c',
        'Score__c',
        'Band__c',
        'Usage_Score__c',
        'Relationship_Score__c',
        'Support_Score__c',
        'Commercial_Score__c',
        'Coverage__c',
        'Model_Version__c'
    ],
    Health_Override__c: [
        'Account__c',
        'Type__c',
        'Band__c',
        'Score__c',
        'Reason__c',
        'Starts_On__c',
        'Expires_On__c',
        'Status__c'
    ]
};

/** Reference fields: demo Id → `@<Object>Ref<n>` of the record created earlier in the plan. */
const REFERENCE_FIELDS = new Set(['AccountId', 'WhatId', 'WhoId', 'Account__c']);
/** sf data tree import accepts at most 200 records per file. */
const TREE_FILE_LIMIT = 200;

export interface TreeImport {
    plan: TreePlanEntry[];
    /** File name (relative to the plan) → `{ records: [...] }`. */
    files: Record<string, { records: SfRecord[] }>;
}

export function toTreeImport(demo: DemoDataset): TreeImport {
    const refOf = new Map<string, string>();
    const plan: TreePlanEntry[] = [];
    const files: TreeImport['files'] = {};
    for (const [object, fields] of Object.entries(TREE_FIELDS)) {
        const records = (demo.objects[object] ?? []).map((source, i) => {
            const ref = `${object.replace(/__c$/, '').replace(/_/g, '')}Ref${i + 1}`;
            refOf.set(String(source.Id), ref);
            const record: SfRecord & { attributes?: unknown } = {};
            (record as Record<string, unknown>).attributes = { type: object, referenceId: ref };
            for (const field of fields) {
                const value = source[field];
                if (value === null || value === undefined) continue;
                if (REFERENCE_FIELDS.has(field)) {
                    const target = refOf.get(String(value));
                    if (!target) {
                        throw new DemoError(
                            'DEMO_UNRESOLVED_REF',
                            `${object} ${String(source.Id)} field ${field} points at ${String(value)}, which no earlier plan step creates`,
                            'Order TREE_FIELDS so parents come before children.'
                        );
                    }
                    record[field] = `@${target}`;
                } else {
                    record[field] = value;
                }
            }
            return record;
        });
        const names: string[] = [];
        for (let start = 0; start < records.length; start += TREE_FILE_LIMIT) {
            const name =
                records.length > TREE_FILE_LIMIT
                    ? `${object}-${start / TREE_FILE_LIMIT + 1}.json`
                    : `${object}.json`;
            files[name] = { records: records.slice(start, start + TREE_FILE_LIMIT) };
            names.push(name);
        }
        const isParent = ['Account', 'Contact'].includes(object);
        plan.push({ sobject: object, saveRefs: isParent, resolveRefs: object !== 'Account', files: names });
    }
    return { plan, files };
}

/** Every file the generator writes, relative to the data directory, with its JSON text. */
export function renderAll(anchor: string): Record<string, string> {
    const demo = buildDemo(anchor);
    const tree = toTreeImport(demo);
    const json = (v: unknown): string => `${toJson(v)}\n`;
    const out: Record<string, string> = {};
    out['demo/dataset.json'] = json(demo.manifest);
    for (const [object, records] of Object.entries(demo.objects)) out[`demo/${object}.json`] = json(records);
    out['data-plan.json'] = json(tree.plan);
    for (const [name, body] of Object.entries(tree.files)) out[name] = json(body);
    return out;
}

const PRINT_WIDTH = 110;

/**
 * JSON with 4-space indentation laid out the way the repository's Prettier config prints it (objects
 * expanded, arrays of scalars on one line when they fit), so `prettier --check` and the generator agree.
 */
export function toJson(value: unknown, indent = '', prefix = ''): string {
    if (Array.isArray(value)) {
        if (value.length === 0) return '[]';
        if (value.every((v) => v === null || typeof v !== 'object')) {
            const flat = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
            if (indent.length + prefix.length + flat.length + 1 <= PRINT_WIDTH) return flat;
        }
        const inner = indent + '    ';
        return `[\n${value.map((v) => inner + toJson(v, inner)).join(',\n')}\n${indent}]`;
    }
    if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value as Record<string, unknown>);
        if (entries.length === 0) return '{}';
        const inner = indent + '    ';
        const body = entries.map(([k, v]) => {
            const key = `${JSON.stringify(k)}: `;
            return inner + key + toJson(v, inner, key);
        });
        return `{\n${body.join(',\n')}\n${indent}}`;
    }
    return JSON.stringify(value);
}
