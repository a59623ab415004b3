// The demo portfolio: sixteen accounts, each telling one clear account-health story. Everything is written
// relative to the anchor date ("days ago"; negative = in the future), so the same stories can be re-anchored
// to any day. `intended` is what the story is meant to show; the engine decides the real score.

export type Band = 'Green' | 'Yellow' | 'Red' | 'Unknown';
export type Lifecycle = 'Hello' | 'First Transaction' | 'Warm' | 'Cold';
export type Role = 'Decision Maker' | 'Approver' | 'Influencer' | 'User';
export type Channel = 'Meeting' | 'Call' | 'Email' | 'Message';
/** P = Positive, U = Neutral, X = Negative, - = no outcome logged (presence only). */
export type OutcomeCode = 'P' | 'U' | 'X' | '-';
/** [days ago, channel, outcome] */
export type Touch = [number, Channel, OutcomeCode];
export type RepKey = 'maya' | 'leo' | 'priya';

export interface ContactStory {
    first: string;
    last: string;
    title: string;
    role: Role | null;
    touches: Touch[];
}

export type OppType = 'New Customer' | 'Renewal' | 'Existing Customer - Upgrade';
export type Stage =
    'Closed Won' | 'Closed Lost' | 'Prospecting' | 'Proposal/Price Quote' | 'Negotiation/Review';

export interface OppStory {
    type: OppType;
    stage: Stage;
    /** Close date in days ago (negative = expected close in the future). */
    close: number;
    amount: number;
}

export interface CaseStory {
    subject: string;
    sev: 'Sev1' | 'Sev2' | 'Sev3' | 'Sev4';
    opened: number;
    /** Days ago it was closed; absent = still open. */
    closed?: number;
    csat?: number;
    escalated?: boolean;
}

export interface UsageStory {
    seats: number;
    /** Active users per 30-day period, oldest first; the last period ends `endsDaysAgo` days before the anchor. */
    users: number[];
    adopted: number[];
    available: number;
    endsDaysAgo?: number;
}

export interface AccountStory {
    key: string;
    name: string;
    customerKey: string;
    industry: string;
    country: string;
    owner: RepKey;
    story: string;
    intended: { band: Band; lifecycle: Lifecycle; signals: string[] };
    arr: number | null;
    renewalIn: number | null;
    daysPastDue: number;
    churnedDaysAgo?: number;
    champion: 'Active' | 'At Risk' | 'Missing' | null;
    executive: 'Active' | 'Lapsed' | 'None' | null;
    narrative: 'Defensible' | 'In Development' | 'Missing' | null;
    reviewedDaysAgo: number | null;
    /** The previous sync run (for hysteresis and the escalation play). */
    previous: { band: Band; sinceDaysAgo: number; score: number | null };
    /** Monthly touches 160-270 days ago with every contact that has touches (older relationship history). */
    history: boolean;
    contacts: ContactStory[];
    opps: OppStory[];
    cases: CaseStory[];
    usage: UsageStory | null;
    /** Previous snapshot scores as [days ago, score]. */
    snapshots: Array<[number, number]>;
    /** Open follow-up tasks (due in the future, not completed). */
    followUps?: Array<[number, string]>;
}

export const REPS: Record<RepKey | 'dana', { first: string; last: string; manager: RepKey | 'dana' | null }> =
    {
        dana: { first: 'Dana', last: 'Ortiz', manager: null },
        maya: { first: 'Maya', last: 'Chen', manager: 'dana' },
        leo: { first: 'Leo', last: 'Park', manager: 'dana' },
        priya: { first: 'Priya', last: 'Nair', manager: 'dana' }
    };

const SNAP = [180, 150, 120, 90, 60, 30, 7];
const snaps = (...scores: number[]): Array<[number, number]> =>
    scores.map((s, i) => [SNAP[SNAP.length - scores.length + i] ?? 0, s]);

export const STORIES: AccountStory[] = [
    {
        key: 'northwind',
        name: 'Northwind Logistics',
        customerKey: 'NW-1001',
        industry: 'Transportation',
        country: 'United States',
        owner: 'maya',
        story: 'Healthy, growing and ready for expansion: 96% of seats active, adoption widening, four engaged contacts including the decision maker, champion active.',
        intended: { band: 'Green', lifecycle: 'Warm', signals: ['expansion ready'] },
        arr: 240000,
        renewalIn: 200,
        daysPastDue: 0,
        champion: 'Active',
        executive: 'Active',
        narrative: 'Defensible',
        reviewedDaysAgo: 20,
        previous: { band: 'Green', sinceDaysAgo: 400, score: 84 },
        history: true,
        contacts: [
            {
                first: 'Grace',
                last: 'Liu',
                title: 'VP Operations',
                role: 'Decision Maker',
                touches: [
                    [6, 'Meeting', 'P'],
                    [20, 'Call', 'P'],
                    [35, 'Meeting', 'P'],
                    [70, 'Meeting', 'P'],
                    [120, 'Meeting', 'P']
                ]
            },
            {
                first: 'Omar',
                last: 'Haddad',
                title: 'Director of Procurement',
                role: 'Approver',
                touches: [
                    [12, 'Call', 'P'],
                    [50, 'Meeting', 'P'],
                    [95, 'Call', 'U']
                ]
            },
            {
                first: 'Sofia',
                last: 'Rossi',
                title: 'Logistics Analytics Lead',
                role: 'Influencer',
                touches: [
                    [3, 'Email', 'P'],
                    [25, 'Call', 'U'],
                    [60, 'Meeting', 'P']
                ]
            },
            {
                first: 'Ben',
                last: 'Carter',
                title: 'Dispatcher',
                role: 'User',
                touches: [
                    [8, 'Email', 'P'],
                    [15, 'Message', 'U'],
                    [16, 'Email', '-']
                ]
            }
        ],
        opps: [
            { type: 'New Customer', stage: 'Closed Won', close: 700, amount: 150000 },
            { type: 'Existing Customer - Upgrade', stage: 'Closed Won', close: 300, amount: 60000 },
            { type: 'Existing Customer - Upgrade', stage: 'Closed Won', close: 120, amount: 30000 },
            { type: 'Existing Customer - Upgrade', stage: 'Proposal/Price Quote', close: -40, amount: 80000 }
        ],
        cases: [
            {
                subject: 'Route export times out for large fleets',
                sev: 'Sev3',
                opened: 40,
                closed: 38,
                csat: 5
            },
            { subject: 'How to add a depot', sev: 'Sev4', opened: 100, closed: 99, csat: 5 }
        ],
        usage: {
            seats: 200,
            users: [150, 158, 163, 170, 174, 180, 185, 189, 192],
            adopted: [8, 8, 9, 9, 10, 10, 11, 12, 12],
            available: 14
        },
        snapshots: snaps(72, 74, 75, 78, 80, 82, 84)
    },
    {
        key: 'bluebird',
        name: 'Bluebird Health',
        customerKey: 'BB-1002',
        industry: 'Healthcare',
        country: 'United States',
        owner: 'priya',
        story: 'Steady and healthy: stable usage, regular positive meetings with the decision maker, renewal on track.',
        intended: { band: 'Green', lifecycle: 'Warm', signals: [] },
        arr: 120000,
        renewalIn: 150,
        daysPastDue: 0,
        champion: 'Active',
        executive: 'Active',
        narrative: 'Defensible',
        reviewedDaysAgo: 40,
        previous: { band: 'Green', sinceDaysAgo: 600, score: 76 },
        history: true,
        contacts: [
            {
                first: 'Henry',
                last: 'Walsh',
                title: 'Chief Medical Information Officer',
                role: 'Decision Maker',
                touches: [
                    [14, 'Meeting', 'P'],
                    [45, 'Call', 'P'],
                    [90, 'Meeting', 'P']
                ]
            },
            {
                first: 'Aisha',
                last: 'Bello',
                title: 'Finance Director',
                role: 'Approver',
                touches: [
                    [10, 'Email', 'U'],
                    [30, 'Call', 'P']
                ]
            },
            {
                first: 'Tom',
                last: 'Becker',
                title: 'Clinical Systems Analyst',
                role: 'User',
                touches: [
                    [5, 'Email', 'P'],
                    [40, 'Call', 'P']
                ]
            }
        ],
        opps: [
            { type: 'New Customer', stage: 'Closed Won', close: 800, amount: 100000 },
            { type: 'Renewal', stage: 'Closed Won', close: 215, amount: 100000 },
            { type: 'Existing Customer - Upgrade', stage: 'Closed Won', close: 200, amount: 20000 },
            { type: 'Renewal', stage: 'Prospecting', close: -150, amount: 120000 }
        ],
        cases: [
            { subject: 'SSO login loop on Safari', sev: 'Sev3', opened: 60, closed: 55, csat: 4 },
            { subject: 'Request for audit log export', sev: 'Sev4', opened: 20, closed: 19, csat: 5 }
        ],
        usage: {
            seats: 100,
            users: [76, 78, 77, 79, 78, 80, 79, 80, 80],
            adopted: [8, 8, 8, 8, 8, 8, 8, 8, 8],
            available: 12
        },
        snapshots: snaps(75, 76, 74, 75, 77, 76, 76)
    },
    {
        key: 'cedar',
        name: 'Cedar Analytics',
        customerKey: 'CA-1003',
        industry: 'Technology',
        country: 'Canada',
        owner: 'leo',
        story: 'Warm with users but cold with the decision maker: daily users love the product, but nobody has met Victoria Hale in seven months and there is no open deal. Must not be Green.',
        intended: { band: 'Yellow', lifecycle: 'Warm', signals: ['decision maker cold'] },
        arr: 90000,
        renewalIn: 120,
        daysPastDue: 0,
        champion: 'Active',
        executive: 'Lapsed',
        narrative: 'In Development',
        reviewedDaysAgo: 30,
        previous: { band: 'Yellow', sinceDaysAgo: 45, score: 57 },
        history: true,
        contacts: [
            {
                first: 'Victoria',
                last: 'Hale',
                title: 'Chief Data Officer',
                role: 'Decision Maker',
                touches: [
                    [210, 'Meeting', 'P'],
                    [150, 'Call', 'U']
                ]
            },
            {
                first: 'Jake',
                last: 'Morris',
                title: 'Data Engineer',
                role: 'User',
                touches: [
                    [5, 'Meeting', 'P'],
                    [12, 'Call', 'P'],
                    [30, 'Meeting', 'P'],
                    [40, 'Email', 'P']
                ]
            },
            {
                first: 'Lina',
                last: 'Park',
                title: 'BI Developer',
                role: 'User',
                touches: [
                    [7, 'Call', 'P'],
                    [21, 'Meeting', 'P'],
                    [33, 'Email', 'P']
                ]
            },
            {
                first: 'Raj',
                last: 'Patel',
                title: 'Analytics Manager',
                role: 'Influencer',
                touches: [
                    [9, 'Meeting', 'P'],
                    [28, 'Call', 'P']
                ]
            }
        ],
        opps: [
            { type: 'New Customer', stage: 'Closed Won', close: 500, amount: 75000 },
            { type: 'Existing Customer - Upgrade', stage: 'Closed Won', close: 250, amount: 15000 }
        ],
        cases: [{ subject: 'Connector for Snowflake', sev: 'Sev4', opened: 30, closed: 29, csat: 5 }],
        usage: {
            seats: 60,
            users: [48, 49, 50, 51, 52, 52, 53, 54, 54],
            adopted: [7, 7, 8, 8, 8, 9, 9, 9, 9],
            available: 11
        },
        snapshots: snaps(74, 72, 70, 66, 62, 58, 57),
        followUps: [[-7, 'Book a business review with Victoria Hale']]
    },
    {
        key: 'summit',
        name: 'Summit Retail Group',
        customerKey: 'SR-1004',
        industry: 'Retail',
        country: 'United States',
        owner: 'maya',
        story: 'Warm and Red, the most dangerous combination: an open Sev1 outage, usage falling fast, negative meetings with the decision maker, and a renewal in 45 days.',
        intended: {
            band: 'Red',
            lifecycle: 'Warm',
            signals: ['open Sev1', 'usage falling', 'renewal in 90 days']
        },
        arr: 310000,
        renewalIn: 45,
        daysPastDue: 0,
        champion: 'At Risk',
        executive: 'Lapsed',
        narrative: 'In Development',
        reviewedDaysAgo: 12,
        previous: { band: 'Red', sinceDaysAgo: 10, score: 36 },
        history: true,
        contacts: [
            {
                first: 'Marcus',
                last: 'Reed',
                title: 'SVP Digital Commerce',
                role: 'Decision Maker',
                touches: [
                    [10, 'Meeting', 'X'],
                    [25, 'Call', 'X'],
                    [80, 'Meeting', 'U']
                ]
            },
            {
                first: 'Elena',
                last: 'Diaz',
                title: 'Procurement Manager',
                role: 'Approver',
                touches: [
                    [18, 'Meeting', 'X'],
                    [40, 'Email', 'U']
                ]
            },
            {
                first: 'Chris',
                last: 'Young',
                title: 'E-commerce Platform Lead',
                role: 'Influencer',
                touches: [
                    [6, 'Call', 'U'],
                    [12, 'Email', 'X']
                ]
            },
            {
                first: 'Nina',
                last: 'Brooks',
                title: 'Store Operations Analyst',
                role: 'User',
                touches: [[60, 'Email', 'P']]
            }
        ],
        opps: [
            { type: 'New Customer', stage: 'Closed Won', close: 900, amount: 250000 },
            { type: 'Renewal', stage: 'Closed Won', close: 320, amount: 260000 },
            { type: 'Existing Customer - Upgrade', stage: 'Closed Won', close: 200, amount: 50000 },
            { type: 'Renewal', stage: 'Negotiation/Review', close: -45, amount: 310000 }
        ],
        cases: [
            {
                subject: 'Checkout integration down in all EU stores',
                sev: 'Sev1',
                opened: 5,
                escalated: true
            },
            { subject: 'Inventory sync delayed by hours', sev: 'Sev2', opened: 20 },
            { subject: 'Price rules not applied to bundles', sev: 'Sev2', opened: 70, closed: 60, csat: 2 },
            { subject: 'Report filters reset', sev: 'Sev3', opened: 100, closed: 90, csat: 3 }
        ],
        usage: {
            seats: 400,
            users: [350, 358, 362, 360, 355, 340, 300, 255, 210],
            adopted: [11, 11, 11, 11, 10, 10, 9, 8, 7],
            available: 15
        },
        snapshots: snaps(71, 70, 68, 62, 55, 48, 36),
        followUps: [[-2, 'Executive call on the checkout outage']]
    },
    {
        key: 'orion',
        name: 'Orion Manufacturing',
        customerKey: 'OM-1005',
        industry: 'Manufacturing',
        country: 'Germany',
        owner: 'leo',
        story: 'The champion left: usage and support look fine, but Champion Status is Missing, which caps the score at Red whatever the average says.',
        intended: { band: 'Red', lifecycle: 'Warm', signals: ['champion missing'] },
        arr: 150000,
        renewalIn: 200,
        daysPastDue: 0,
        champion: 'Missing',
        executive: 'None',
        narrative: 'Missing',
        reviewedDaysAgo: 4,
        previous: { band: 'Red', sinceDaysAgo: 4, score: 38 },
        history: true,
        contacts: [
            {
                first: 'Paul',
                last: 'Novak',
                title: 'Plant Director',
                role: 'Decision Maker',
                touches: [
                    [40, 'Meeting', 'P'],
                    [80, 'Call', 'U']
                ]
            },
            {
                first: 'Lucy',
                last: 'Grant',
                title: 'Quality Engineer',
                role: 'Influencer',
                touches: [
                    [15, 'Call', 'U'],
                    [30, 'Email', 'P']
                ]
            },
            {
                first: 'Sam',
                last: 'Ortega',
                title: 'Line Supervisor',
                role: 'User',
                touches: [[10, 'Email', 'P']]
            },
            {
                first: 'Ivan',
                last: 'Petrov',
                title: 'Head of Continuous Improvement (left the company)',
                role: 'Influencer',
                touches: [[120, 'Meeting', 'P']]
            }
        ],
        opps: [
            { type: 'New Customer', stage: 'Closed Won', close: 600, amount: 120000 },
            { type: 'Existing Customer - Upgrade', stage: 'Closed Won', close: 180, amount: 30000 }
        ],
        cases: [
            { subject: 'Sensor import rejects CSV with BOM', sev: 'Sev3', opened: 30, closed: 25, csat: 4 }
        ],
        usage: {
            seats: 150,
            users: [108, 110, 111, 109, 110, 108, 107, 106, 105],
            adopted: [9, 9, 9, 9, 9, 9, 9, 9, 9],
            available: 12
        },
        snapshots: snaps(68, 70, 69, 67, 66, 65, 64)
    },
    {
        key: 'pinecrest',
        name: 'Pinecrest Insurance',
        customerKey: 'PI-1006',
        industry: 'Insurance',
        country: 'United Kingdom',
        owner: 'priya',
        story: 'Good relationship, but the oldest invoice is 75 days late: more than 60 days past due caps the score at Yellow.',
        intended: { band: 'Yellow', lifecycle: 'Warm', signals: ['late payment'] },
        arr: 80000,
        renewalIn: 240,
        daysPastDue: 75,
        champion: 'Active',
        executive: 'Active',
        narrative: 'Defensible',
        reviewedDaysAgo: 25,
        previous: { band: 'Yellow', sinceDaysAgo: 28, score: 57 },
        history: true,
        contacts: [
            {
                first: 'Rachel',
                last: 'Kim',
                title: 'Head of Claims',
                role: 'Decision Maker',
                touches: [
                    [20, 'Meeting', 'P'],
                    [50, 'Call', 'P']
                ]
            },
            {
                first: 'Daniel',
                last: 'Cho',
                title: 'Finance Controller',
                role: 'Approver',
                touches: [[15, 'Call', 'U']]
            },
            {
                first: 'Mia',
                last: 'Lopez',
                title: 'Claims Handler',
                role: 'User',
                touches: [
                    [9, 'Email', 'P'],
                    [35, 'Call', 'P']
                ]
            }
        ],
        opps: [
            { type: 'New Customer', stage: 'Closed Won', close: 480, amount: 68000 },
            { type: 'Existing Customer - Upgrade', stage: 'Closed Won', close: 150, amount: 12000 }
        ],
        cases: [{ subject: 'Invoice shows wrong VAT number', sev: 'Sev4', opened: 45, closed: 44, csat: 5 }],
        usage: {
            seats: 80,
            users: [64, 65, 66, 66, 67, 66, 67, 68, 68],
            adopted: [7, 7, 7, 8, 8, 8, 8, 8, 8],
            available: 10
        },
        snapshots: snaps(76, 77, 75, 74, 70, 58, 57)
    },
    {
        key: 'harbor',
        name: 'Harbor Media',
        customerKey: 'HM-1007',
        industry: 'Media',
        country: 'Australia',
        owner: 'maya',
        story: 'High but falling: utilisation was above 90% all year and has halved in three months. Trajectory matters more than level.',
        intended: { band: 'Yellow', lifecycle: 'Warm', signals: ['usage falling', 'declining trend'] },
        arr: 140000,
        renewalIn: 100,
        daysPastDue: 0,
        champion: 'Active',
        executive: 'Active',
        narrative: 'Defensible',
        reviewedDaysAgo: 60,
        previous: { band: 'Yellow', sinceDaysAgo: 20, score: 60 },
        history: true,
        contacts: [
            {
                first: 'Olivia',
                last: 'Shaw',
                title: 'Chief Content Officer',
                role: 'Decision Maker',
                touches: [
                    [25, 'Meeting', 'P'],
                    [60, 'Call', 'U']
                ]
            },
            {
                first: 'Ethan',
                last: 'Ward',
                title: 'Head of Production',
                role: 'Approver',
                touches: [[12, 'Call', 'U']]
            },
            {
                first: 'Zoe',
                last: 'Clarke',
                title: 'Video Editor',
                role: 'User',
                touches: [
                    [5, 'Email', 'U'],
                    [20, 'Call', 'U'],
                    [22, 'Email', '-'],
                    [29, 'Email', '-']
                ]
            }
        ],
        opps: [
            { type: 'New Customer', stage: 'Closed Won', close: 400, amount: 110000 },
            { type: 'Existing Customer - Upgrade', stage: 'Closed Won', close: 130, amount: 30000 }
        ],
        cases: [
            { subject: 'Render queue stalls overnight', sev: 'Sev3', opened: 15 },
            { subject: 'Add a second workspace', sev: 'Sev4', opened: 50, closed: 49, csat: 4 }
        ],
        usage: {
            seats: 120,
            users: [112, 114, 115, 113, 110, 104, 88, 70, 52],
            adopted: [10, 10, 10, 10, 10, 9, 8, 8, 7],
            available: 12
        },
        snapshots: snaps(82, 83, 81, 80, 74, 66, 60)
    },
    {
        key: 'atlas',
        name: 'Atlas Foods',
        customerKey: 'AF-1008',
        industry: 'Food & Beverage',
        country: 'United States',
        owner: 'leo',
        story: 'A long-time customer gone quiet: four wins over four years, but no win, no open deal and no meeting for over a year; usage stopped reporting four months ago and the last invoice is 45 days late. Lifecycle Cold.',
        intended: { band: 'Red', lifecycle: 'Cold', signals: ['resting on past glory', 'stale usage'] },
        arr: 60000,
        renewalIn: 75,
        daysPastDue: 45,
        champion: 'Active',
        executive: 'None',
        narrative: 'Missing',
        reviewedDaysAgo: 300,
        previous: { band: 'Red', sinceDaysAgo: 35, score: 35 },
        history: true,
        contacts: [
            {
                first: 'George',
                last: 'Hill',
                title: 'COO',
                role: 'Decision Maker',
                touches: [
                    [320, 'Meeting', 'P'],
                    [280, 'Call', 'P']
                ]
            },
            {
                first: 'Amy',
                last: 'Fox',
                title: 'Purchasing Coordinator',
                role: 'User',
                touches: [[250, 'Email', 'U']]
            }
        ],
        opps: [
            { type: 'New Customer', stage: 'Closed Won', close: 1500, amount: 40000 },
            { type: 'Renewal', stage: 'Closed Won', close: 1100, amount: 45000 },
            { type: 'Renewal', stage: 'Closed Won', close: 740, amount: 55000 },
            { type: 'Existing Customer - Upgrade', stage: 'Closed Won', close: 420, amount: 5000 }
        ],
        cases: [{ subject: 'Label printer template', sev: 'Sev4', opened: 200, closed: 198, csat: 4 }],
        usage: {
            seats: 60,
            users: [40, 38, 35, 31, 27, 22],
            adopted: [6, 6, 5, 5, 4, 4],
            available: 10,
            endsDaysAgo: 130
        },
        snapshots: snaps(55, 50, 46, 42, 40, 38, 35)
    },
    {
        key: 'lumen',
        name: 'Lumen Energy',
        customerKey: 'LE-1009',
        industry: 'Energy',
        country: 'Netherlands',
        owner: 'priya',
        story: 'Hello stage: a prospect on a slow trial (a fifth of the trial seats active) with an open first deal and a lukewarm decision maker. Yellow here means nurture, not rescue.',
        intended: { band: 'Yellow', lifecycle: 'Hello', signals: ['open pipeline'] },
        arr: null,
        renewalIn: null,
        daysPastDue: 0,
        champion: null,
        executive: null,
        narrative: null,
        reviewedDaysAgo: null,
        previous: { band: 'Yellow', sinceDaysAgo: 55, score: 55 },
        history: false,
        contacts: [
            {
                first: 'Frank',
                last: 'Muller',
                title: 'Head of Grid Operations',
                role: 'Decision Maker',
                touches: [
                    [8, 'Meeting', 'U'],
                    [30, 'Call', 'U']
                ]
            },
            {
                first: 'Kate',
                last: 'Nguyen',
                title: 'Data Scientist',
                role: 'Influencer',
                touches: [
                    [4, 'Email', 'P'],
                    [15, 'Call', 'P'],
                    [45, 'Meeting', 'U']
                ]
            }
        ],
        opps: [{ type: 'New Customer', stage: 'Proposal/Price Quote', close: -60, amount: 90000 }],
        cases: [],
        usage: { seats: 50, users: [8, 10, 11], adopted: [3, 3, 4], available: 14 },
        snapshots: snaps(50, 52, 55)
    },
    {
        key: 'vertex',
        name: 'Vertex Telecom',
        customerKey: 'VT-1010',
        industry: 'Communications',
        country: 'Spain',
        owner: 'maya',
        story: 'First transaction going well: signed four months ago, adoption ramping, the decision maker met twice since go-live.',
        intended: { band: 'Green', lifecycle: 'First Transaction', signals: [] },
        arr: 75000,
        renewalIn: 245,
        daysPastDue: 0,
        champion: 'Active',
        executive: 'Active',
        narrative: 'In Development',
        reviewedDaysAgo: 15,
        previous: { band: 'Green', sinceDaysAgo: 45, score: 76 },
        history: false,
        contacts: [
            {
                first: 'Laura',
                last: 'Stein',
                title: 'CTO',
                role: 'Decision Maker',
                touches: [
                    [9, 'Meeting', 'P'],
                    [40, 'Meeting', 'P'],
                    [70, 'Call', 'P']
                ]
            },
            {
                first: 'Hugo',
                last: 'Martin',
                title: 'Procurement Lead',
                role: 'Approver',
                touches: [[18, 'Call', 'P']]
            },
            {
                first: 'Ines',
                last: 'Costa',
                title: 'Network Planner',
                role: 'User',
                touches: [
                    [3, 'Email', 'P'],
                    [22, 'Call', 'P'],
                    [50, 'Meeting', 'P']
                ]
            },
            {
                first: 'Tariq',
                last: 'Aziz',
                title: 'Field Engineer',
                role: 'User',
                touches: [[6, 'Message', 'U']]
            }
        ],
        opps: [{ type: 'New Customer', stage: 'Closed Won', close: 120, amount: 75000 }],
        cases: [
            { subject: 'Onboarding: bulk user import', sev: 'Sev3', opened: 80, closed: 75, csat: 5 },
            { subject: 'Dark mode request', sev: 'Sev4', opened: 10 }
        ],
        usage: { seats: 50, users: [20, 32, 38, 42], adopted: [4, 6, 7, 8], available: 12 },
        snapshots: snaps(62, 68, 73, 76)
    },
    {
        key: 'quartz',
        name: 'Quartz Legal',
        customerKey: 'QL-1011',
        industry: 'Legal Services',
        country: 'United States',
        owner: 'leo',
        story: 'Too little data to judge: one signed deal, one contact without a buying role, no activity, no usage, no cases. The band is Unknown, not a confident colour.',
        intended: {
            band: 'Unknown',
            lifecycle: 'First Transaction',
            signals: ['low coverage', 'no decision maker mapped']
        },
        arr: 40000,
        renewalIn: 300,
        daysPastDue: 0,
        champion: null,
        executive: null,
        narrative: null,
        reviewedDaysAgo: null,
        previous: { band: 'Unknown', sinceDaysAgo: 60, score: null },
        history: false,
        contacts: [{ first: 'Max', last: 'Weber', title: 'Office Manager', role: null, touches: [] }],
        opps: [{ type: 'New Customer', stage: 'Closed Won', close: 65, amount: 40000 }],
        cases: [],
        usage: null,
        snapshots: []
    },
    {
        key: 'maple',
        name: 'Maple Education',
        customerKey: 'ME-1012',
        industry: 'Education',
        country: 'Canada',
        owner: 'priya',
        story: 'Green on the numbers, but the owner marked the champion At Risk (Emma Wilson is interviewing elsewhere). The divergence is itself the signal.',
        intended: { band: 'Green', lifecycle: 'Warm', signals: ['qualitative divergence'] },
        arr: 110000,
        renewalIn: 180,
        daysPastDue: 0,
        champion: 'At Risk',
        executive: 'Active',
        narrative: 'Defensible',
        reviewedDaysAgo: 5,
        previous: { band: 'Green', sinceDaysAgo: 300, score: 78 },
        history: true,
        contacts: [
            {
                first: 'Susan',
                last: 'Clark',
                title: 'Provost',
                role: 'Decision Maker',
                touches: [
                    [10, 'Meeting', 'P'],
                    [38, 'Call', 'P'],
                    [75, 'Meeting', 'P']
                ]
            },
            {
                first: 'Noah',
                last: 'Davis',
                title: 'Budget Officer',
                role: 'Approver',
                touches: [[20, 'Call', 'P']]
            },
            {
                first: 'Emma',
                last: 'Wilson',
                title: 'Director of Learning Technology',
                role: 'Influencer',
                touches: [
                    [7, 'Meeting', 'U'],
                    [14, 'Email', 'U']
                ]
            },
            {
                first: 'Kai',
                last: 'Jensen',
                title: 'Instructional Designer',
                role: 'User',
                touches: [[11, 'Email', 'P']]
            }
        ],
        opps: [
            { type: 'New Customer', stage: 'Closed Won', close: 650, amount: 90000 },
            { type: 'Renewal', stage: 'Closed Won', close: 185, amount: 95000 },
            { type: 'Existing Customer - Upgrade', stage: 'Negotiation/Review', close: -90, amount: 25000 }
        ],
        cases: [
            { subject: 'Gradebook sync duplicates entries', sev: 'Sev3', opened: 25, closed: 22, csat: 4 }
        ],
        usage: {
            seats: 90,
            users: [80, 82, 81, 83, 82, 84, 83, 84, 84],
            adopted: [9, 9, 9, 9, 9, 9, 9, 9, 9],
            available: 12
        },
        snapshots: snaps(78, 79, 80, 79, 80, 79, 78)
    },
    {
        key: 'granite',
        name: 'Granite Construction',
        customerKey: 'GC-1013',
        industry: 'Construction',
        country: 'United States',
        owner: 'leo',
        story: 'Renewing in 30 days and the score fell 18 points in a month: negative calls, a Sev2 open, usage sliding. Triggers the score-drop review.',
        intended: { band: 'Yellow', lifecycle: 'Warm', signals: ['score drop', 'renewal in 90 days'] },
        arr: 200000,
        renewalIn: 30,
        daysPastDue: 0,
        champion: 'Active',
        executive: 'Lapsed',
        narrative: 'In Development',
        reviewedDaysAgo: 45,
        previous: { band: 'Yellow', sinceDaysAgo: 3, score: 55 },
        history: true,
        contacts: [
            {
                first: 'Robert',
                last: 'Fox',
                title: 'CFO',
                role: 'Decision Maker',
                touches: [
                    [95, 'Meeting', 'P'],
                    [28, 'Call', 'U']
                ]
            },
            {
                first: 'Claire',
                last: 'Dubois',
                title: 'Project Controls Director',
                role: 'Approver',
                touches: [
                    [10, 'Call', 'U'],
                    [22, 'Meeting', 'U']
                ]
            },
            {
                first: 'Peter',
                last: 'Lang',
                title: 'Site Manager',
                role: 'Influencer',
                touches: [[4, 'Call', 'X']]
            },
            { first: 'Hana', last: 'Sato', title: 'Estimator', role: 'User', touches: [[8, 'Email', 'U']] }
        ],
        opps: [
            { type: 'New Customer', stage: 'Closed Won', close: 730, amount: 170000 },
            { type: 'Renewal', stage: 'Closed Won', close: 335, amount: 190000 },
            { type: 'Renewal', stage: 'Negotiation/Review', close: -30, amount: 200000 }
        ],
        cases: [
            { subject: 'Drawings fail to sync to tablets', sev: 'Sev2', opened: 12 },
            { subject: 'Cost report totals off by rounding', sev: 'Sev3', opened: 40, closed: 30, csat: 3 },
            { subject: 'Cannot archive finished projects', sev: 'Sev3', opened: 3 }
        ],
        usage: {
            seats: 250,
            users: [200, 205, 210, 208, 206, 200, 190, 170, 150],
            adopted: [10, 10, 10, 10, 10, 10, 9, 9, 8],
            available: 13
        },
        snapshots: snaps(72, 73, 71, 72, 70, 70, 71),
        followUps: [[-3, 'Renewal: agree the sync fix timeline with Claire Dubois']]
    },
    {
        key: 'helix',
        name: 'Helix Biotech',
        customerKey: 'HB-1014',
        industry: 'Biotechnology',
        country: 'Switzerland',
        owner: 'maya',
        story: 'Healthy renewal in 80 days: support issues resolved fast with top CSAT, an expansion closed this quarter, renewal in negotiation.',
        intended: { band: 'Green', lifecycle: 'Warm', signals: ['renewal in 90 days'] },
        arr: 180000,
        renewalIn: 80,
        daysPastDue: 0,
        champion: 'Active',
        executive: 'Active',
        narrative: 'Defensible',
        reviewedDaysAgo: 18,
        previous: { band: 'Green', sinceDaysAgo: 500, score: 85 },
        history: true,
        contacts: [
            {
                first: 'Anna',
                last: 'Berg',
                title: 'Head of R&D Informatics',
                role: 'Decision Maker',
                touches: [
                    [15, 'Meeting', 'P'],
                    [55, 'Meeting', 'P']
                ]
            },
            {
                first: 'Mark',
                last: 'Allen',
                title: 'Procurement Director',
                role: 'Approver',
                touches: [[25, 'Call', 'P']]
            },
            {
                first: 'Julia',
                last: 'Roth',
                title: 'Lab Systems Lead',
                role: 'Influencer',
                touches: [
                    [4, 'Meeting', 'P'],
                    [19, 'Email', 'P']
                ]
            },
            {
                first: 'Oscar',
                last: 'Lind',
                title: 'Research Associate',
                role: 'User',
                touches: [[9, 'Call', 'U']]
            }
        ],
        opps: [
            { type: 'New Customer', stage: 'Closed Won', close: 1000, amount: 120000 },
            { type: 'Renewal', stage: 'Closed Won', close: 285, amount: 140000 },
            { type: 'Existing Customer - Upgrade', stage: 'Closed Won', close: 90, amount: 40000 },
            { type: 'Renewal', stage: 'Negotiation/Review', close: -80, amount: 180000 }
        ],
        cases: [
            { subject: 'Assay import fails for plate maps', sev: 'Sev2', opened: 50, closed: 45, csat: 5 },
            { subject: 'Slow search in sample registry', sev: 'Sev3', opened: 20, closed: 18, csat: 5 },
            { subject: 'Add ELN link field', sev: 'Sev4', opened: 5 }
        ],
        usage: {
            seats: 150,
            users: [126, 127, 128, 129, 130, 131, 133, 134, 135],
            adopted: [10, 10, 10, 10, 10, 10, 10, 10, 10],
            available: 12
        },
        snapshots: snaps(80, 81, 82, 81, 83, 84, 85)
    },
    {
        key: 'redwood',
        name: 'Redwood Finance',
        customerKey: 'RF-1015',
        industry: 'Financial Services',
        country: 'United States',
        owner: 'priya',
        story: "Red for 70 days with no recovery: negative calls with the decision maker, an escalated Sev2, 40% of seats active. Past the 60-day escalation to the owner's manager.",
        intended: { band: 'Red', lifecycle: 'Warm', signals: ['escalation'] },
        arr: 95000,
        renewalIn: 130,
        daysPastDue: 20,
        champion: 'At Risk',
        executive: 'None',
        narrative: 'Missing',
        reviewedDaysAgo: 35,
        previous: { band: 'Red', sinceDaysAgo: 70, score: 32 },
        history: true,
        contacts: [
            {
                first: 'Steve',
                last: 'Parker',
                title: 'Head of Wealth Operations',
                role: 'Decision Maker',
                touches: [
                    [40, 'Call', 'X'],
                    [100, 'Meeting', 'X']
                ]
            },
            {
                first: 'Linda',
                last: 'Moore',
                title: 'Vendor Manager',
                role: 'Approver',
                touches: [[30, 'Email', 'U']]
            },
            {
                first: 'Carl',
                last: 'Evans',
                title: 'Portfolio Analyst',
                role: 'User',
                touches: [
                    [20, 'Email', 'X'],
                    [50, 'Call', 'U']
                ]
            }
        ],
        opps: [
            { type: 'New Customer', stage: 'Closed Won', close: 550, amount: 80000 },
            { type: 'Existing Customer - Upgrade', stage: 'Closed Won', close: 260, amount: 15000 }
        ],
        cases: [
            { subject: 'Statement PDFs missing pages', sev: 'Sev2', opened: 35, escalated: true },
            { subject: 'Slow dashboard load', sev: 'Sev3', opened: 15 },
            { subject: 'Reconciliation job failed twice', sev: 'Sev2', opened: 90, closed: 60, csat: 1 }
        ],
        usage: {
            seats: 100,
            users: [60, 55, 50, 48, 45, 44, 42, 41, 40],
            adopted: [6, 6, 5, 5, 5, 5, 5, 5, 5],
            available: 12
        },
        snapshots: snaps(52, 48, 44, 38, 34, 33, 32)
    },
    {
        key: 'sparrow',
        name: 'Sparrow Travel',
        customerKey: 'ST-1016',
        industry: 'Hospitality',
        country: 'France',
        owner: 'leo',
        story: 'Churned 60 days ago: the renewal was lost after months of negative meetings and fading usage. Kept for backtests (score it as of 90 days before the churn).',
        intended: { band: 'Red', lifecycle: 'Cold', signals: ['churned'] },
        arr: 70000,
        renewalIn: -60,
        daysPastDue: 0,
        churnedDaysAgo: 60,
        champion: 'Missing',
        executive: 'None',
        narrative: 'Missing',
        reviewedDaysAgo: 90,
        previous: { band: 'Red', sinceDaysAgo: 150, score: 30 },
        history: true,
        contacts: [
            {
                first: 'Greta',
                last: 'Olsen',
                title: 'Managing Director',
                role: 'Decision Maker',
                touches: [
                    [150, 'Meeting', 'X'],
                    [110, 'Call', 'X']
                ]
            },
            {
                first: 'Felix',
                last: 'Braun',
                title: 'Booking Agent',
                role: 'User',
                touches: [[130, 'Email', 'U']]
            }
        ],
        opps: [
            { type: 'New Customer', stage: 'Closed Won', close: 790, amount: 60000 },
            { type: 'Renewal', stage: 'Closed Won', close: 425, amount: 70000 },
            { type: 'Renewal', stage: 'Closed Lost', close: 60, amount: 70000 }
        ],
        cases: [
            { subject: 'Booking engine double-charges cards', sev: 'Sev2', opened: 200, closed: 150, csat: 2 }
        ],
        usage: {
            seats: 80,
            users: [50, 40, 30, 20, 10],
            adopted: [6, 5, 4, 3, 2],
            available: 10,
            endsDaysAgo: 60
        },
        snapshots: [
            [270, 45],
            [240, 40],
            [210, 35],
            [180, 30],
            [150, 30],
            [120, 28],
            [90, 25]
        ]
    }
];
