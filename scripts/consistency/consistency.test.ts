import path from 'node:path';
import { checkProject, formatFindings } from './check';

const root = path.join(__dirname, '..', '..');
const fixture = path.join(__dirname, '__fixtures__', 'broken');

describe('consistency of force-app with everything that references it', () => {
    it('finds no reference to a missing object, field, picklist value, component, class, tab or permission', () => {
        const findings = checkProject({ root });
        // On failure the message lists each `file:line  reference  problem`.
        expect(formatFindings(findings)).toBe('');
    });
});

describe('the consistency checker on a broken fixture', () => {
    const findings = checkProject({ root: fixture });
    const found = findings.map((f) => `${f.file}:${f.line} ${f.reference}`);

    it('reports each broken reference with its file and line', () => {
        expect(found).toEqual([
            'data/Contact.json:7 Contact.Buying_Role__c',
            'data/demo/Account.json:2 Account.Unknown_Field__c',
            'data/demo/Account.json:2 picklist Account.Health_Band__c = "Blue"',
            'force-app/main/default/classes/HealthService.cls:3 Account.Lost_Reason__c',
            'force-app/main/default/flexipages/Account_Page.flexipage-meta.xml:6 component missingCard',
            'force-app/main/default/flows/Band_Change.flow-meta.xml:12 picklist Account.Health_Band__c = "Purple"',
            'force-app/main/default/flows/Band_Change.flow-meta.xml:25 Account.Nope__c',
            'force-app/main/default/flows/Band_Change.flow-meta.xml:29 Phantom_Playbook__mdt',
            'force-app/main/default/lwc/widget/widget.js:3 Account.Ghost_Field__c',
            'force-app/main/default/lwc/widget/widget.js:7 Renewal_Date__c',
            'force-app/main/default/objects/Account/listViews/Red_Accounts.listView-meta.xml:6 Account.Health_Trend__c',
            'force-app/main/default/objects/Account/listViews/Red_Accounts.listView-meta.xml:8 picklist Account.Health_Band__c = "Crimson"',
            'force-app/main/default/objects/Task/validationRules/Outcome_Required.validationRule-meta.xml:5 $Permission.Missing_Bypass',
            'force-app/main/default/objects/Task/validationRules/Outcome_Required.validationRule-meta.xml:5 Task.Outcome__c',
            'force-app/main/default/permissionsets/Health_User.permissionset-meta.xml:3 MissingController',
            'force-app/main/default/permissionsets/Health_User.permissionset-meta.xml:12 Account.Ghost__c',
            'force-app/main/default/permissionsets/Health_User.permissionset-meta.xml:18 Account allowDelete',
            'force-app/main/default/permissionsets/Health_User.permissionset-meta.xml:27 Missing_Tab',
            'scripts/sync/fieldMap.ts:1 Health_Scroe__c',
            'scripts/sync/fieldMap.ts:2 Health_Scroe__c'
        ]);
    });

    it('accepts the references that do exist', () => {
        const references = findings.map((f) => f.reference);
        expect(references).not.toContain('Account.Health_Score__c');
        expect(references).not.toContain('picklist Account.Health_Band__c = "Green"');
        expect(references).not.toContain('component force:detailPanel');
        expect(references.some((r) => r.includes('ACCOUNT.NAME') || r.includes('IsClosed'))).toBe(false);
    });

    it('says what is wrong in words', () => {
        const message = formatFindings(
            findings.filter((f) => f.reference.startsWith('picklist')).slice(0, 1)
        );
        expect(message).toBe(
            'data/demo/Account.json:2  picklist Account.Health_Band__c = "Blue"  "Blue" is not a value of Account.Health_Band__c (values: Green, Red)'
        );
    });
});
