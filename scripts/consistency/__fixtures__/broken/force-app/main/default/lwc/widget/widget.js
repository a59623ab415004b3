import { LightningElement } from 'lwc';
import SCORE from '@salesforce/schema/Account.Health_Score__c';
import GHOST from '@salesforce/schema/Account.Ghost_Field__c';

export default class Widget extends LightningElement {
    fields = [SCORE, GHOST];
    renewalField = 'Renewal_Date__c';
}
