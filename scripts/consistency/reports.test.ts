import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkProject, formatFindings } from './check';

const root = path.join(__dirname, '..', '..');
const fixture = path.join(root, 'test', 'fixtures', 'gates', 'report-renamed-field');

describe('reports, report types and dashboards in the consistency check', () => {
    it('the package reports resolve: every report type, column, grouping, filter value and dashboard report', () => {
        const findings = checkProject({ root }).filter((f) =>
            /\/(reports|reportTypes|dashboards)\//.test(f.file)
        );
        expect(formatFindings(findings)).toBe('');
    });

    it('names each broken reference of the broken fixture with its file and line', () => {
        const found = checkProject({ root: fixture }).map((f) => `${f.file}:${f.line} ${f.reference}`);
        expect(found).toEqual([
            'force-app/main/default/dashboards/Health/Overview.dashboard-meta.xml:22 report Health/Renewals_Renamed',
            'force-app/main/default/reports/Health/ARR_By_Band.report-meta.xml:11 Account$Industry',
            'force-app/main/default/reports/Health/ARR_By_Band.report-meta.xml:14 picklist Account.Health_Colour__c = "Purple"',
            'force-app/main/default/reports/Health/ARR_By_Band.report-meta.xml:25 Account.Health_Band__c',
            'force-app/main/default/reports/Health/Missing_Type.report-meta.xml:8 No_Such_Type__c',
            'force-app/main/default/reportTypes/Health_Accounts.reportType-meta.xml:8 Account.Widgets__r',
            'force-app/main/default/reportTypes/Health_Accounts.reportType-meta.xml:24 Account.Health_Band__c'
        ]);
    });

    it('says which report a renamed field breaks', () => {
        const message = formatFindings(
            checkProject({ root: fixture }).filter((f) => f.file.endsWith('ARR_By_Band.report-meta.xml'))
        );
        expect(message).toContain(
            'report Health/ARR_By_Band: column Account$Health_Band__c: field Account.Health_Band__c does not exist'
        );
    });

    it('renaming ARR__c in a copy of the package fails for every report that uses it, naming each one', () => {
        const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'reports-rename-'));
        try {
            const from = path.join(root, 'force-app', 'main', 'default');
            const to = path.join(copy, 'force-app', 'main', 'default');
            for (const dir of ['objects', 'reportTypes', 'reports', 'dashboards'])
                fs.cpSync(path.join(from, dir), path.join(to, dir), { recursive: true });
            const fields = path.join(to, 'objects', 'Account', 'fields');
            fs.renameSync(
                path.join(fields, 'ARR__c.field-meta.xml'),
                path.join(fields, 'Annual_Recurring_Revenue__c.field-meta.xml')
            );
            const findings = checkProject({ root: copy });
            const reports = new Set(
                findings
                    .filter((f) => f.reference === 'Account.ARR__c' && f.file.includes('/reports/'))
                    .map((f) => path.basename(f.file, '.report-meta.xml'))
            );
            const using = fs
                .readdirSync(path.join(from, 'reports', 'Account_Health'))
                .filter((f) =>
                    fs
                        .readFileSync(path.join(from, 'reports', 'Account_Health', f), 'utf8')
                        .includes('ARR__c')
                )
                .map((f) => path.basename(f, '.report-meta.xml'));
            expect(using.length).toBeGreaterThan(5);
            expect([...reports].sort()).toEqual(using.sort());
            expect(findings.some((f) => f.file.endsWith('Account_Health_Accounts.reportType-meta.xml'))).toBe(
                true
            );
        } finally {
            fs.rmSync(copy, { recursive: true, force: true });
        }
    });
});
