import path from 'node:path';
import { loadSchema } from './schema';

const schema = loadSchema(path.join(__dirname, '..', '..', 'force-app', 'main', 'default'));

// SOQL and SOSL Reference, "Understanding Relationship Names, Custom Objects, and Custom Fields": a custom lookup
// X__c is traversed child-to-parent as X__r; the field's relationshipName is the parent-to-child (subquery) name.
describe('relationship names in the consistency schema', () => {
    it('traverses a custom lookup by its field name with __r', () => {
        expect(schema.relationshipTarget('Account_Health_Snapshot__c', 'Account__r')).toBe('Account');
        expect(schema.hasFieldOrRelationship('Account_Health_Snapshot__c', 'Account__r')).toBe(true);
    });

    it('does not take the child relationship name as a parent path', () => {
        // Account__c on the snapshot has relationshipName Health_Snapshots: a parent-to-child name only.
        expect(schema.relationshipTarget('Account_Health_Snapshot__c', 'Health_Snapshots')).toBeNull();
        expect(schema.hasFieldOrRelationship('Account_Health_Snapshot__c', 'Health_Snapshots')).toBe(false);
        expect(schema.relationshipTarget('Account_Health_Snapshot__c', 'Account__c')).toBeNull();
    });

    it('keeps standard lookups by their relationship name (OwnerId as Owner)', () => {
        expect(schema.relationshipTarget('Account', 'Owner')).toBe('User');
    });

    it('finds subqueries by the parent-to-child name', () => {
        expect(schema.childRelationships.get('Account.Health_Snapshots__r')).toBe(
            'Account_Health_Snapshot__c'
        );
    });
});
