import path from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { buildDemoOrg, PreviewDataError } from './demo-org';
import type { DemoOrg } from './demo-org';
import { installOrg } from './platform/org';
import { account360, createPlay, plays, portfolio, portfolioSummary } from './platform/apex';

const NO_FILTERS = {
    band: null,
    lifecycle: null,
    region: null,
    industry: null,
    ownerId: null,
    ownerIds: null,
    arrMin: null,
    arrMax: null,
    renewalWithinDays: null,
    change: null,
    plan: null,
    sortBy: 'priority' as const,
    sortDirection: 'desc' as const,
    offset: 0
};

describe('preview demo org', () => {
    let org: DemoOrg;

    beforeAll(async () => {
        org = await buildDemoOrg();
        installOrg({ ...org, picklists: {} });
    });

    it('scores every demo account as the sync would, with an explanation that adds up to the score', () => {
        expect(org.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        for (const account of org.records.Account) {
            expect(['Green', 'Yellow', 'Red', 'Unknown']).toContain(account.Health_Band__c);
            // The shape c/healthUtils parseExplanation reads (its jest tests cover the parsing itself).
            const explanation = JSON.parse(String(account.Health_Drivers__c)) as {
                drivers: { points: number }[];
            };
            expect(explanation.drivers.length).toBeGreaterThan(0);
            // Every score decomposes into its drivers (MODEL.md); Unknown shows no score and a 0-point checklist.
            expect(explanation.drivers.reduce((sum, d) => sum + d.points, 0)).toBe(
                account.Health_Score__c ?? 0
            );
        }
    });

    it('runs as the manager, so "my team" holds every account of the demo', () => {
        const view = portfolio({ scope: 'team', ...NO_FILTERS });
        expect(view.totalCount).toBe(org.records.Account.length);
        const priorities = view.accounts.map((a) => a.attentionPriority ?? -1);
        expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
        const summary = portfolioSummary('team');
        expect(summary.trend).toHaveLength(12);
        const thisWeek = summary.trend[11];
        expect(
            (thisWeek?.red ?? 0) + (thisWeek?.yellow ?? 0) + (thisWeek?.green ?? 0) + (thisWeek?.unknown ?? 0)
        ).toBe(org.records.Account.length);
    });

    it('gives Red and Yellow accounts that entered their band recently the open plays the flows create', () => {
        const withPlan = org.records.Account.filter((a) => plays(a.Id).open.length > 0);
        expect(withPlan.length).toBeGreaterThan(0);
        expect(withPlan.every((a) => a.Health_Band__c === 'Red' || a.Health_Band__c === 'Yellow')).toBe(true);
        const noPlan = portfolio({ scope: 'team', ...NO_FILTERS, plan: 'none' });
        expect(noPlan.accounts.every((a) => a.nextStep === null)).toBe(true);
        expect(noPlan.totalCount).toBe(portfolioSummary('team').tiles.noPlanCount);
    });

    it('offers an admin play that replaces the packaged one, and never a notification-only play (as the flows)', () => {
        const playbook =
            (org.records as unknown as Record<string, Record<string, unknown>[]>).Health_Playbook__mdt ?? [];
        const shipped = [...playbook];
        const red = org.records.Account.find(
            (a) => a.Health_Band__c === 'Red' && plays(a.Id).open.length === 0
        );
        const account = red ?? org.records.Account.find((a) => a.Health_Band__c === 'Red');
        if (!account) throw new Error('the demo has a Red account');
        // Close any open play so the card suggests one.
        for (const t of org.records.Task)
            if (t.AccountId === account.Id || t.WhatId === account.Id) t.IsClosed = true;
        try {
            expect(plays(account.Id).suggested?.key).toBe('Red_Entered_Owner');
            const packaged = shipped.find((p) => p.Id === 'Red_Entered_Owner') ?? {};
            playbook.push({
                ...packaged,
                Id: 'Acme_Red',
                Replaces__c: 'Red_Entered_Owner',
                Sort_Order__c: 99
            });
            expect(plays(account.Id).suggested?.key).toBe('Acme_Red');
            expect(() => createPlay(account.Id, 'Red_Entered_Owner')).toThrow('replaced by "Acme_Red"');
            playbook.splice(shipped.length, 1, {
                ...packaged,
                Id: 'Acme_Red',
                Replaces__c: 'Red_Entered_Owner',
                Delivery__c: 'Notification'
            });
            expect(plays(account.Id).suggested).toBeNull();
            expect(() => createPlay(account.Id, 'Acme_Red')).toThrow('notification only');
        } finally {
            playbook.splice(0, playbook.length, ...shipped);
        }
    });

    it('forecasts renewals only once calibrated, and gives each row its 30-day scores', () => {
        const summary = portfolioSummary('team');
        // The shipped model is not calibrated: the sync leaves the probability blank, so no expected number.
        expect(summary.forecast?.calibrated).toBe(false);
        expect(summary.forecast?.total.expected).toBeNull();
        const first = portfolio({ scope: 'team', ...NO_FILTERS, renewalWithinDays: 90, sortBy: 'arr' })
            .accounts[0];
        const account = org.records.Account.find((a) => a.Id === first?.id);
        if (!account) throw new Error('the demo has an account renewing within 90 days');
        const arr = Number(account.ARR__c);
        Object.assign(account, { Renewal_Probability__c: 50, Expected_Retained_ARR__c: arr / 2 });
        try {
            const calibrated = portfolioSummary('team').forecast;
            expect(calibrated?.calibrated).toBe(true);
            expect(calibrated?.total.expected).toBe(arr / 2);
            expect(calibrated?.total.arrWithProbability).toBe(arr);
            expect(calibrated?.byOwner.reduce((sum, l) => sum + l.arrUp, 0)).toBe(calibrated?.total.arrUp);
        } finally {
            Object.assign(account, { Renewal_Probability__c: null, Expected_Retained_ARR__c: null });
        }
        const rows = portfolio({ scope: 'team', ...NO_FILTERS }).accounts;
        expect(rows.some((r) => (r.recent?.scores.length ?? 0) >= 2)).toBe(true);
        for (const r of rows) {
            if (r.score !== null && r.recent?.change != null)
                expect(r.recent.change).toBe(r.score - (r.recent.scores[0] ?? 0));
        }
    });

    it('filters like the Apex service and rejects an unknown scope', () => {
        const red = portfolio({ scope: 'all', ...NO_FILTERS, band: 'Red' });
        expect(red.accounts.every((a) => a.band === 'Red')).toBe(true);
        expect(red.totalCount).toBe(org.records.Account.filter((a) => a.Health_Band__c === 'Red').length);
        expect(() => portfolio({ scope: 'mine' as 'team', ...NO_FILTERS })).toThrow('use "team" or "all"');
    });

    it('builds the account 360 view newest first with contacts and usage', () => {
        const account = org.records.Account[0];
        const view = account360(account?.Id ?? '');
        expect(view.contacts.length).toBeGreaterThan(0);
        const dates = view.interactions.map((i) => i.activityDate ?? '');
        expect(dates).toEqual([...dates].sort().reverse());
        expect(view.interactions.length).toBeLessThanOrEqual(25);
        const starts = view.usage.map((u) => u.periodStart);
        expect(starts).toEqual([...starts].sort());
    });

    it('names the folder when a dataset is missing', async () => {
        await expect(buildDemoOrg('/nonexistent-dataset')).rejects.toThrow(PreviewDataError);
        await expect(buildDemoOrg('/nonexistent-dataset')).rejects.toThrow(/nonexistent-dataset/);
    });
});

describe('LWC tsconfig', () => {
    it('maps c/<name> for exactly the component bundles in force-app', () => {
        const lwcRoot = path.resolve(__dirname, '../../force-app/main/default/lwc');
        const tsconfig = JSON.parse(readFileSync(path.join(lwcRoot, 'tsconfig.json'), 'utf8')) as {
            compilerOptions: { paths: Record<string, string[]> };
        };
        const bundles = readdirSync(lwcRoot, { withFileTypes: true })
            .filter((d) => d.isDirectory())
            .map((d) => `c/${d.name}`)
            .sort();
        expect(Object.keys(tsconfig.compilerOptions.paths).sort()).toEqual(bundles);
    });
});
