import { createElement } from 'lwc';
import HealthAdmin from 'c/healthAdmin';
import getConfiguration from '@salesforce/apex/HealthAdminController.getConfiguration';
import getPreviews from '@salesforce/apex/HealthAdminController.getPreviews';

jest.mock(
    '@salesforce/apex/HealthAdminController.getConfiguration',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);

jest.mock(
    '@salesforce/apex/HealthAdminController.getPreviews',
    () => {
        const { createApexTestWireAdapter } = jest.requireActual('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);

type ApexAdapter = { emit(value: unknown): void; error(body?: unknown): void };
const adapter = getConfiguration as unknown as ApexAdapter;
const previewAdapter = getPreviews as unknown as ApexAdapter;

const PREVIEWS = [
    {
        id: 'a05000000000001',
        accountId: '001000000000001',
        accountName: 'Northwind Logistics',
        draft: 'Health_Model.Support_Heavy (draft-support-1)',
        currentScore: 72,
        currentBand: 'Green',
        draftScore: 58,
        draftBand: 'Yellow',
        change: -14,
        topChange: 'Open Sev1 case: -9 points',
        previewedAt: '2026-11-20T06:00:00.000Z'
    },
    {
        id: 'a05000000000002',
        accountId: '001000000000002',
        accountName: 'Cedar Analytics',
        draft: 'Health_Model.Support_Heavy (draft-support-1)',
        currentScore: null,
        currentBand: 'Unknown',
        draftScore: null,
        draftBand: 'Unknown',
        change: null,
        topChange: 'no driver moved',
        previewedAt: '2026-11-20T06:00:00.000Z'
    }
];

const model = (name: string, version: string, active: boolean) => ({
    name,
    label: name,
    version,
    active,
    usageWeight: 35,
    relationshipWeight: 25,
    supportWeight: 20,
    commercialWeight: 20,
    greenThreshold: 70,
    redThreshold: 40
});

const CONFIG = {
    models: [
        model('Default', 'default-v3', true),
        model('Acme_2026', 'org-2026', true),
        model('Enterprise_2026', 'org-enterprise-2026', false)
    ],
    segments: [
        {
            name: 'Enterprise',
            label: 'Enterprise',
            active: true,
            priority: 10,
            model: 'Enterprise_2026',
            criteria: "ARR__c >= 200000 and Industry != 'Retail'"
        }
    ],
    signals: [
        {
            name: 'NPS',
            label: 'NPS survey',
            active: true,
            source: 'NPS_Response__c.Score__c',
            reading: 'Average, 180 days',
            direction: 'Higher is better',
            dimension: 'Relationship',
            weight: 30
        }
    ],
    plays: [
        {
            name: 'Red_Entered_Owner',
            label: 'Red entered (owner)',
            active: true,
            firesOn: 'Entered',
            band: 'Red',
            assignee: 'Owner',
            subject: 'Account turned Red'
        },
        {
            name: 'Score_Drop_Review',
            label: 'Score drop',
            active: false,
            firesOn: 'Score Drop',
            band: null,
            assignee: 'Owner',
            subject: 'Review'
        }
    ]
};

async function flush(): Promise<void> {
    await Promise.resolve();
    await Promise.resolve();
}

async function render(data: unknown): Promise<HTMLElement> {
    const element = createElement('c-health-admin', { is: HealthAdmin });
    document.body.appendChild(element);
    adapter.emit(data);
    await flush();
    return element;
}

const cells = (row: Element | null | undefined) =>
    [...(row?.querySelectorAll('th, td') ?? [])].map((c) => c.textContent?.trim());

afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
});

describe('c-health-admin', () => {
    it('lists the models, marking the one the sync uses (active, greatest version)', async () => {
        const el = await render(CONFIG);
        const root = el.shadowRoot as ShadowRoot;
        expect(cells(root.querySelector('tr[data-model="Acme_2026"]'))).toEqual([
            'Acme_2026',
            'org-2026',
            'Default (in use)',
            'usage 35 · relationship 25 · support 20 · commercial 20',
            'Green ≥ 70, Red < 40'
        ]);
        expect(cells(root.querySelector('tr[data-model="Default"]'))?.[2]).toBe('Active');
        expect(cells(root.querySelector('tr[data-model="Enterprise_2026"]'))?.[2]).toBe('Inactive');
    });

    it('lists segments with their criteria and model, signals with source and weight, plays with band', async () => {
        const el = await render(CONFIG);
        const root = el.shadowRoot as ShadowRoot;
        expect(cells(root.querySelector('tr[data-segment="Enterprise"]'))).toEqual([
            '10',
            'Enterprise',
            "ARR__c >= 200000 and Industry != 'Retail'",
            'Enterprise_2026',
            'Active'
        ]);
        expect(cells(root.querySelector('tr[data-signal="NPS"]'))).toEqual([
            'NPS survey',
            'NPS_Response__c.Score__c',
            'Average, 180 days',
            'Higher is better',
            'Relationship',
            '30%',
            'Active'
        ]);
        expect(cells(root.querySelector('tr[data-play="Score_Drop_Review"]'))).toEqual([
            'Score drop',
            'Score Drop',
            'any band',
            'Owner',
            'Review',
            'Inactive'
        ]);
        expect(root.querySelector('.preview-command')?.textContent).toContain('health-score preview --model');
    });

    it('says so when there are no segments or signals', async () => {
        const el = await render({ ...CONFIG, segments: [], signals: [] });
        const texts = [...(el.shadowRoot as ShadowRoot).querySelectorAll('.empty')].map((p) => p.textContent);
        expect(texts).toEqual([
            'No segment models: every account is scored by the default model.',
            'No admin-defined signals.'
        ]);
    });

    it('renders every table from one template: each section labelled by its heading, rows as wide as the header', async () => {
        const el = await render(CONFIG);
        previewAdapter.emit(PREVIEWS);
        await flush();
        const root = el.shadowRoot as ShadowRoot;
        const sections = [...root.querySelectorAll('section')];
        expect(
            sections.map((s) =>
                root.getElementById(s.getAttribute('aria-labelledby') ?? '')?.textContent?.trim()
            )
        ).toEqual([
            'Models',
            'Segment models (tried in priority order; the first match scores the account)',
            'Admin-defined signals',
            'Plays',
            'Draft model previews (latest run of each draft)'
        ]);
        for (const table of root.querySelectorAll('table')) {
            const columns = table.querySelectorAll('thead th[scope="col"]').length;
            for (const row of table.querySelectorAll('tbody tr')) {
                expect(row.querySelectorAll('th, td')).toHaveLength(columns);
                expect(row.querySelectorAll('th[scope="row"]')).toHaveLength(1);
            }
        }
        // One table markup for all five (it was written out five times): a column change is made once.
        const fs = jest.requireActual('fs') as typeof import('fs');
        const path = jest.requireActual('path') as typeof import('path');
        const html = fs.readFileSync(path.join(__dirname, '..', 'healthAdmin.html'), 'utf8');
        expect(html.match(/<table\b/g)).toHaveLength(1);
    });

    it('shows the error of a failed read', async () => {
        const element = createElement('c-health-admin', { is: HealthAdmin });
        document.body.appendChild(element);
        adapter.error({ message: 'Could not read the health configuration (custom metadata)' });
        await flush();
        expect((element.shadowRoot as ShadowRoot).querySelector('[role="alert"]')?.textContent).toContain(
            'Could not read the health configuration'
        );
    });

    describe('draft model previews', () => {
        it('lists each row: account link, current -> draft score and band, change, driver', async () => {
            const el = await render(CONFIG);
            previewAdapter.emit(PREVIEWS);
            await flush();
            const root = el.shadowRoot as ShadowRoot;
            expect(cells(root.querySelector('tr[data-preview="a05000000000001"]'))).toEqual([
                'Northwind Logistics',
                'Health_Model.Support_Heavy (draft-support-1)',
                '72 Green',
                '58 Yellow',
                '-14',
                'Open Sev1 case: -9 points',
                '2026-11-20 06:00 UTC'
            ]);
            const link = root.querySelector('tr[data-preview="a05000000000001"] a') as HTMLAnchorElement;
            expect(link.getAttribute('href')).toBe('/lightning/r/Account/001000000000001/view');
            expect(cells(root.querySelector('tr[data-preview="a05000000000002"]'))?.slice(2, 5)).toEqual([
                'Unknown',
                'Unknown',
                '-'
            ]);
            expect(root.querySelector('.preview-empty')).toBeNull();
        });

        it('without previews, shows the command that makes one', async () => {
            const el = await render(CONFIG);
            previewAdapter.emit([]);
            await flush();
            const root = el.shadowRoot as ShadowRoot;
            expect(root.querySelector('.preview-empty')?.textContent).toContain('No draft previewed yet');
            expect(root.querySelector('.preview-command')?.textContent).toBe(
                'npx health-score preview --model <DeveloperName> --sample 20 --target-org <alias>'
            );
            expect(root.querySelector('table.previews')).toBeNull();
        });

        it('a failed preview read is shown in its section; the configuration still shows', async () => {
            const el = await render(CONFIG);
            previewAdapter.error({
                message: 'Could not read the draft model previews (Health_Model_Preview__c)'
            });
            await flush();
            const root = el.shadowRoot as ShadowRoot;
            expect(root.querySelector('.preview-error')?.textContent).toContain(
                'Could not read the draft model previews'
            );
            expect(root.querySelector('tr[data-model="Acme_2026"]')).not.toBeNull();
        });

        it('is accessible (axe) with previews listed', async () => {
            const el = await render(CONFIG);
            previewAdapter.emit(PREVIEWS);
            await flush();
            const axe = jest.requireActual('axe-core') as typeof import('axe-core');
            const results = await axe.run(el.shadowRoot as unknown as Element, {
                // jsdom cannot compute colours (contrast is checked in the headless-browser gate); no landmark in a unit.
                rules: { region: { enabled: false }, 'color-contrast': { enabled: false } }
            });
            expect(results.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
        });
    });
});
