// The standard Salesforce objects, fields and picklist values this project uses. force-app only holds what the
// package adds, so the consistency check needs this explicit allow-list for the rest. Add to it deliberately:
// every entry must be a real standard field of a default Developer/Enterprise Edition org.

/** Fields every object has. */
export const SYSTEM_FIELDS = [
    'Id',
    'CreatedDate',
    'CreatedById',
    'LastModifiedDate',
    'LastModifiedById',
    'SystemModstamp',
    'IsDeleted'
];

/** Extra standard fields of every custom object (custom metadata types have their own, below). */
export const CUSTOM_OBJECT_FIELDS = [
    'Name',
    'OwnerId',
    'RecordTypeId',
    'LastActivityDate',
    'LastViewedDate',
    'LastReferencedDate'
];

/** Standard fields of every custom metadata type. */
export const CUSTOM_METADATA_FIELDS = [
    'Id',
    'DeveloperName',
    'MasterLabel',
    'Label',
    'QualifiedApiName',
    'NamespacePrefix',
    'Language'
];

const ACTIVITY_COMMON = [
    'AccountId',
    'WhatId',
    'WhoId',
    'OwnerId',
    'Subject',
    'Description',
    'ActivityDate',
    'Type',
    'IsArchived',
    'WhoCount',
    'WhatCount'
];

/** Standard object → its standard fields used anywhere in the project (relationship names included). */
export const STANDARD_FIELDS: Record<string, string[]> = {
    Account: [
        'Name',
        'OwnerId',
        'Owner',
        'ParentId',
        'Parent',
        'Type',
        'Industry',
        'AnnualRevenue',
        'NumberOfEmployees',
        'Phone',
        'Website',
        'Description',
        'BillingStreet',
        'BillingCity',
        'BillingState',
        'BillingPostalCode',
        'BillingCountry',
        'ShippingCountry',
        'AccountNumber',
        'Rating',
        'LastActivityDate',
        'LastViewedDate',
        'RecordTypeId'
    ],
    Contact: [
        'AccountId',
        'Account',
        'OwnerId',
        'Owner',
        'FirstName',
        'LastName',
        'Name',
        'Title',
        'Email',
        'Phone',
        'MobilePhone',
        'Department',
        'ReportsToId',
        'LastActivityDate'
    ],
    User: [
        'Name',
        'FirstName',
        'LastName',
        'Username',
        'Alias',
        'Email',
        'IsActive',
        'ManagerId',
        'Manager',
        'ProfileId',
        'UserRoleId',
        'TimeZoneSidKey'
    ],
    Task: [
        ...ACTIVITY_COMMON,
        'Account',
        'What',
        'Who',
        'Owner',
        'Status',
        'Priority',
        'IsClosed',
        'IsHighPriority',
        'TaskSubtype',
        'CompletedDateTime',
        'CallType',
        'CallDurationInSeconds',
        'CallDisposition',
        'IsReminderSet',
        'ReminderDateTime',
        'RecurrenceActivityId'
    ],
    Event: [
        ...ACTIVITY_COMMON,
        'Account',
        'What',
        'Who',
        'Owner',
        'EventSubtype',
        'StartDateTime',
        'EndDateTime',
        'ActivityDateTime',
        'EndDate',
        'DurationInMinutes',
        'IsAllDayEvent',
        'Location',
        'ShowAs'
    ],
    Opportunity: [
        'AccountId',
        'Account',
        'OwnerId',
        'Owner',
        'Name',
        'StageName',
        'IsClosed',
        'IsWon',
        'CloseDate',
        'Amount',
        'Type',
        'Probability',
        'ExpectedRevenue',
        'ForecastCategoryName',
        'LeadSource',
        'NextStep',
        'Description'
    ],
    Case: [
        'AccountId',
        'Account',
        'ContactId',
        'Contact',
        'OwnerId',
        'Owner',
        'CaseNumber',
        'Subject',
        'Description',
        'Status',
        'IsClosed',
        'ClosedDate',
        'Priority',
        'IsEscalated',
        'Origin',
        'Reason',
        'Type'
    ]
};

/**
 * Standard picklists with their default values. `open: true` marks unrestricted picklists that orgs commonly
 * extend (the API accepts any value there, e.g. Opportunity Type "Renewal"), so their values are not checked.
 */
export const STANDARD_PICKLISTS: Record<string, { values: string[]; open?: boolean }> = {
    'Account.Type': {
        values: [
            'Prospect',
            'Customer - Direct',
            'Customer - Channel',
            'Channel Partner / Reseller',
            'Installation Partner',
            'Technology Partner',
            'Other'
        ]
    },
    'Account.Industry': { values: [], open: true },
    'Task.Status': {
        values: ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred']
    },
    'Task.Priority': { values: ['High', 'Normal', 'Low'] },
    'Task.TaskSubtype': { values: ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'] },
    'Task.Type': { values: ['Call', 'Email', 'Meeting', 'Other'] },
    'Event.Type': { values: ['Call', 'Email', 'Meeting', 'Other'] },
    'Opportunity.StageName': {
        values: [
            'Prospecting',
            'Qualification',
            'Needs Analysis',
            'Value Proposition',
            'Id. Decision Makers',
            'Perception Analysis',
            'Proposal/Price Quote',
            'Negotiation/Review',
            'Closed Won',
            'Closed Lost'
        ]
    },
    'Opportunity.Type': {
        values: [
            'New Customer',
            'Existing Customer - Upgrade',
            'Existing Customer - Replacement',
            'Existing Customer - Downgrade'
        ],
        open: true
    },
    'Case.Status': { values: ['New', 'Working', 'Escalated', 'Closed'] },
    'Case.Priority': { values: ['High', 'Medium', 'Low'] },
    'Case.Origin': { values: ['Phone', 'Email', 'Web'] }
};

/** Standard objects other code may name (checked for existence only; their fields are not listed). */
export const OTHER_STANDARD_OBJECTS = [
    'Profile',
    'PermissionSet',
    'PermissionSetAssignment',
    'RecordType',
    'Organization',
    'CustomPermission',
    // the Sync Monitor flow looks up its notification type by DeveloperName
    'CustomNotificationType'
];

/** Standard tabs of CustomApplication / permission sets (`standard-<Object>`) and Lightning components not in force-app. */
export const STANDARD_TAB_PREFIX = 'standard-';

/** Standard tabs that are not an object's tab (Home, Reports, Dashboards): valid in an app's navigation. */
export const STANDARD_NON_OBJECT_TABS = ['standard-home', 'standard-report', 'standard-Dashboard'];
