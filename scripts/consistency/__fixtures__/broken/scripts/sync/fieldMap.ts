// A sync field map with one typo: Health_Scroe__c.
export const ACCOUNT_FIELDS = ['Health_Score__c', 'Health_Scroe__c'] as const;
