// The model configuration: every number of the model lives here, never in code. The same settings are the
// fields of the Health_Model__mdt custom metadata type (docs/model-configuration.md); this file is the one
// table that maps config keys to field API names, defaults and validation rules.

export interface ModelConfig {
    version: string;
    active: boolean;
    // dimension weights (qualitative acts through caps and divergence, not a weight)
    usageWeight: number;
    relationshipWeight: number;
    supportWeight: number;
    commercialWeight: number;
    // bands
    greenThreshold: number;
    redThreshold: number;
    hysteresisPoints: number;
    minCoveragePercent: number;
    // contact health
    halfLifeDays: number;
    meetingWeight: number;
    callWeight: number;
    emailWeight: number;
    messageWeight: number;
    positiveCeiling: number;
    neutralCeiling: number;
    noOutcomeCeiling: number;
    positiveSaturation: number;
    neutralSaturation: number;
    negativeSaturation: number;
    recencyGraceDays: number;
    recencyPointsPerDay: number;
    // relationship
    decisionMakerWeight: number;
    approverWeight: number;
    influencerWeight: number;
    userRoleWeight: number;
    unsetRoleWeight: number;
    engagedContactThreshold: number;
    minEngagedContacts: number;
    singleThreadPenalty: number;
    // usage
    utilisationShare: number;
    breadthShare: number;
    trajectoryShare: number;
    usageRecentDays: number;
    usagePriorDays: number;
    // support
    openSev1Penalty: number;
    openSev2Penalty: number;
    openSev3Penalty: number;
    escalationPenalty: number;
    caseSurgePenalty: number;
    slowResolutionDays: number;
    slowResolutionPenalty: number;
    csatPoints: number;
    // commercial
    pastDuePointsPerDay: number;
    openPipelinePoints: number;
    recentWinPoints: number;
    recentWinDays: number;
    // caps
    championMissingCap: number;
    sev1Cap: number;
    sev1RecentDays: number;
    pastDueDays: number;
    pastDueCap: number;
    decisionMakerColdThreshold: number;
    decisionMakerColdCap: number;
    decisionMakerColdOpenCap: number;
    noEngagedContactCap: number;
    noPipelineCap: number;
    silenceDays: number;
    silenceCap: number;
    usageDropPercent: number;
    usageDropCap: number;
    supportCrisisCsat: number;
    supportCrisisCap: number;
    capSlope: number;
    capRampDays: number;
    // trend, lifecycle, expansion
    trendWindowDays: number;
    trendThreshold: number;
    scoreDropAlert: number;
    coldAfterDays: number;
    expansionUtilisationPercent: number;
    expansionEngagedContacts: number;
    // attention priority (value weights the action, never the score)
    renewalWindowDays: number;
    priorityRedPoints: number;
    priorityYellowPoints: number;
    priorityUnknownPoints: number;
    priorityWarmRedPoints: number;
    priorityWarmPoints: number;
    priorityFirstTransactionPoints: number;
    priorityColdPoints: number;
    priorityDropPoints: number;
    priorityBandWorsePoints: number;
    priorityRenewalPoints: number;
    priorityValueMaxPoints: number;
    priorityValueFullArr: number;
    // data quality
    usageStaleDays: number;
    missingOutcomeShare: number;
    // outcome inflation
    inflationWindowDays: number;
    inflationMinRated: number;
    inflationPositiveShare: number;
    inflationTeamGap: number;
    inflationDamping: number;
    // calibration to a renewal probability (written by the backtest's --fit; slope 0 = not calibrated)
    calibrationIntercept: number;
    calibrationSlope: number;
    // snapshot retention (the sync compacts Account_Health_Snapshot__c; scripts/sync/retention.ts)
    retentionDailyDays: number;
    retentionWeeklyDays: number;
}

type NumberKey = { [K in keyof ModelConfig]: ModelConfig[K] extends number ? K : never }[keyof ModelConfig];

interface NumberRule {
    min?: number;
    max?: number;
    /** The value must be strictly greater than min. */
    exclusiveMin?: boolean;
    integer?: boolean;
}

interface KeySpec {
    field: string;
    rule?: NumberRule;
}

const PERCENT: NumberRule = { min: 0, max: 100 };
const NON_NEGATIVE: NumberRule = { min: 0 };
const POSITIVE: NumberRule = { min: 0, exclusiveMin: true };
const SHARE: NumberRule = { min: 0, max: 1 };
const DAYS: NumberRule = { min: 0, integer: true };
const POSITIVE_DAYS: NumberRule = { min: 0, exclusiveMin: true, integer: true };

/** Config key → Health_Model__mdt field and rule. The order is the documentation order. */
export const MODEL_CONFIG_SPEC: { readonly [K in keyof ModelConfig]: KeySpec } = {
    version: { field: 'Model_Version__c' },
    active: { field: 'Active__c' },
    usageWeight: { field: 'Usage_Weight__c', rule: NON_NEGATIVE },
    relationshipWeight: { field: 'Relationship_Weight__c', rule: NON_NEGATIVE },
    supportWeight: { field: 'Support_Weight__c', rule: NON_NEGATIVE },
    commercialWeight: { field: 'Commercial_Weight__c', rule: NON_NEGATIVE },
    greenThreshold: { field: 'Green_Threshold__c', rule: PERCENT },
    redThreshold: { field: 'Red_Threshold__c', rule: PERCENT },
    hysteresisPoints: { field: 'Hysteresis_Points__c', rule: { min: 0, max: 20 } },
    minCoveragePercent: { field: 'Min_Coverage_Percent__c', rule: PERCENT },
    halfLifeDays: { field: 'Half_Life_Days__c', rule: POSITIVE },
    meetingWeight: { field: 'Meeting_Weight__c', rule: NON_NEGATIVE },
    callWeight: { field: 'Call_Weight__c', rule: NON_NEGATIVE },
    emailWeight: { field: 'Email_Weight__c', rule: NON_NEGATIVE },
    messageWeight: { field: 'Message_Weight__c', rule: NON_NEGATIVE },
    positiveCeiling: { field: 'Positive_Ceiling__c', rule: PERCENT },
    neutralCeiling: { field: 'Neutral_Ceiling__c', rule: PERCENT },
    noOutcomeCeiling: { field: 'No_Outcome_Ceiling__c', rule: PERCENT },
    positiveSaturation: { field: 'Positive_Saturation__c', rule: POSITIVE },
    neutralSaturation: { field: 'Neutral_Saturation__c', rule: POSITIVE },
    negativeSaturation: { field: 'Negative_Saturation__c', rule: POSITIVE },
    recencyGraceDays: { field: 'Recency_Grace_Days__c', rule: DAYS },
    recencyPointsPerDay: { field: 'Recency_Points_Per_Day__c', rule: NON_NEGATIVE },
    decisionMakerWeight: { field: 'Decision_Maker_Weight__c', rule: NON_NEGATIVE },
    approverWeight: { field: 'Approver_Weight__c', rule: NON_NEGATIVE },
    influencerWeight: { field: 'Influencer_Weight__c', rule: NON_NEGATIVE },
    userRoleWeight: { field: 'User_Role_Weight__c', rule: NON_NEGATIVE },
    unsetRoleWeight: { field: 'Unset_Role_Weight__c', rule: NON_NEGATIVE },
    engagedContactThreshold: { field: 'Engaged_Contact_Threshold__c', rule: PERCENT },
    minEngagedContacts: { field: 'Min_Engaged_Contacts__c', rule: { min: 0, integer: true } },
    singleThreadPenalty: { field: 'Single_Thread_Penalty__c', rule: PERCENT },
    utilisationShare: { field: 'Utilisation_Share__c', rule: NON_NEGATIVE },
    breadthShare: { field: 'Breadth_Share__c', rule: NON_NEGATIVE },
    trajectoryShare: { field: 'Trajectory_Share__c', rule: NON_NEGATIVE },
    usageRecentDays: { field: 'Usage_Recent_Days__c', rule: POSITIVE_DAYS },
    usagePriorDays: { field: 'Usage_Prior_Days__c', rule: POSITIVE_DAYS },
    openSev1Penalty: { field: 'Open_Sev1_Penalty__c', rule: PERCENT },
    openSev2Penalty: { field: 'Open_Sev2_Penalty__c', rule: PERCENT },
    openSev3Penalty: { field: 'Open_Sev3_Penalty__c', rule: PERCENT },
    escalationPenalty: { field: 'Escalation_Penalty__c', rule: PERCENT },
    caseSurgePenalty: { field: 'Case_Surge_Penalty__c', rule: PERCENT },
    slowResolutionDays: { field: 'Slow_Resolution_Days__c', rule: POSITIVE_DAYS },
    slowResolutionPenalty: { field: 'Slow_Resolution_Penalty__c', rule: PERCENT },
    csatPoints: { field: 'CSAT_Points__c', rule: { min: 0, max: 50 } },
    pastDuePointsPerDay: { field: 'Past_Due_Points_Per_Day__c', rule: NON_NEGATIVE },
    openPipelinePoints: { field: 'Open_Pipeline_Points__c', rule: PERCENT },
    recentWinPoints: { field: 'Recent_Win_Points__c', rule: PERCENT },
    recentWinDays: { field: 'Recent_Win_Days__c', rule: POSITIVE_DAYS },
    championMissingCap: { field: 'Champion_Missing_Cap__c', rule: PERCENT },
    sev1Cap: { field: 'Sev1_Cap__c', rule: PERCENT },
    sev1RecentDays: { field: 'Sev1_Recent_Days__c', rule: DAYS },
    pastDueDays: { field: 'Past_Due_Days__c', rule: DAYS },
    pastDueCap: { field: 'Past_Due_Cap__c', rule: PERCENT },
    decisionMakerColdThreshold: { field: 'Decision_Maker_Cold_Threshold__c', rule: PERCENT },
    decisionMakerColdCap: { field: 'Decision_Maker_Cold_Cap__c', rule: PERCENT },
    decisionMakerColdOpenCap: { field: 'Decision_Maker_Cold_Open_Cap__c', rule: PERCENT },
    noEngagedContactCap: { field: 'No_Engaged_Contact_Cap__c', rule: PERCENT },
    noPipelineCap: { field: 'No_Pipeline_Cap__c', rule: PERCENT },
    silenceDays: { field: 'Silence_Days__c', rule: POSITIVE_DAYS },
    silenceCap: { field: 'Silence_Cap__c', rule: PERCENT },
    usageDropPercent: { field: 'Usage_Drop_Percent__c', rule: { min: 0, max: 100, exclusiveMin: true } },
    usageDropCap: { field: 'Usage_Drop_Cap__c', rule: PERCENT },
    supportCrisisCsat: { field: 'Support_Crisis_CSAT__c', rule: { min: 0, max: 5 } },
    supportCrisisCap: { field: 'Support_Crisis_Cap__c', rule: PERCENT },
    capSlope: { field: 'Cap_Slope__c', rule: { min: 0, max: 1, exclusiveMin: true } },
    capRampDays: { field: 'Cap_Ramp_Days__c', rule: { min: 14, integer: true } },
    trendWindowDays: { field: 'Trend_Window_Days__c', rule: POSITIVE_DAYS },
    trendThreshold: { field: 'Trend_Threshold__c', rule: NON_NEGATIVE },
    scoreDropAlert: { field: 'Score_Drop_Alert__c', rule: NON_NEGATIVE },
    coldAfterDays: { field: 'Cold_After_Days__c', rule: POSITIVE_DAYS },
    expansionUtilisationPercent: { field: 'Expansion_Utilisation_Percent__c', rule: PERCENT },
    expansionEngagedContacts: { field: 'Expansion_Engaged_Contacts__c', rule: { min: 0, integer: true } },
    renewalWindowDays: { field: 'Renewal_Window_Days__c', rule: DAYS },
    priorityRedPoints: { field: 'Priority_Red_Points__c', rule: NON_NEGATIVE },
    priorityYellowPoints: { field: 'Priority_Yellow_Points__c', rule: NON_NEGATIVE },
    priorityUnknownPoints: { field: 'Priority_Unknown_Points__c', rule: NON_NEGATIVE },
    priorityWarmRedPoints: { field: 'Priority_Warm_Red_Points__c', rule: NON_NEGATIVE },
    priorityWarmPoints: { field: 'Priority_Warm_Points__c', rule: NON_NEGATIVE },
    priorityFirstTransactionPoints: { field: 'Priority_First_Transaction_Points__c', rule: NON_NEGATIVE },
    priorityColdPoints: { field: 'Priority_Cold_Points__c', rule: NON_NEGATIVE },
    priorityDropPoints: { field: 'Priority_Drop_Points__c', rule: NON_NEGATIVE },
    priorityBandWorsePoints: { field: 'Priority_Band_Worse_Points__c', rule: NON_NEGATIVE },
    priorityRenewalPoints: { field: 'Priority_Renewal_Points__c', rule: NON_NEGATIVE },
    priorityValueMaxPoints: { field: 'Priority_Value_Max_Points__c', rule: NON_NEGATIVE },
    priorityValueFullArr: { field: 'Priority_Value_Full_ARR__c', rule: POSITIVE },
    usageStaleDays: { field: 'Usage_Stale_Days__c', rule: DAYS },
    missingOutcomeShare: { field: 'Missing_Outcome_Share__c', rule: SHARE },
    inflationWindowDays: { field: 'Inflation_Window_Days__c', rule: POSITIVE_DAYS },
    inflationMinRated: { field: 'Inflation_Min_Rated__c', rule: { min: 1, integer: true } },
    inflationPositiveShare: { field: 'Inflation_Positive_Share__c', rule: SHARE },
    inflationTeamGap: { field: 'Inflation_Team_Gap__c', rule: SHARE },
    inflationDamping: { field: 'Inflation_Damping__c', rule: SHARE },
    calibrationIntercept: { field: 'Calibration_Intercept__c', rule: { min: -20, max: 20 } },
    calibrationSlope: { field: 'Calibration_Slope__c', rule: { min: 0, max: 20 } },
    retentionDailyDays: { field: 'Retention_Daily_Days__c', rule: POSITIVE_DAYS },
    retentionWeeklyDays: { field: 'Retention_Weekly_Days__c', rule: POSITIVE_DAYS }
};

export const DEFAULT_MODEL_CONFIG: Readonly<ModelConfig> = Object.freeze({
    version: 'default-v3',
    active: true,
    usageWeight: 35,
    relationshipWeight: 25,
    supportWeight: 20,
    commercialWeight: 20,
    greenThreshold: 70,
    redThreshold: 40,
    hysteresisPoints: 3,
    minCoveragePercent: 50,
    halfLifeDays: 45,
    meetingWeight: 1.0,
    callWeight: 0.7,
    emailWeight: 0.4,
    messageWeight: 0.25,
    positiveCeiling: 90,
    neutralCeiling: 30,
    noOutcomeCeiling: 10,
    positiveSaturation: 0.6,
    neutralSaturation: 1.5,
    negativeSaturation: 1.8,
    recencyGraceDays: 30,
    recencyPointsPerDay: 1,
    decisionMakerWeight: 4,
    approverWeight: 3,
    influencerWeight: 2,
    userRoleWeight: 1,
    unsetRoleWeight: 1,
    engagedContactThreshold: 40,
    minEngagedContacts: 2,
    singleThreadPenalty: 10,
    utilisationShare: 30,
    breadthShare: 20,
    trajectoryShare: 50,
    usageRecentDays: 30,
    usagePriorDays: 150,
    openSev1Penalty: 40,
    openSev2Penalty: 20,
    openSev3Penalty: 8,
    escalationPenalty: 15,
    caseSurgePenalty: 20,
    slowResolutionDays: 14,
    slowResolutionPenalty: 10,
    csatPoints: 10,
    pastDuePointsPerDay: 1,
    openPipelinePoints: 70,
    recentWinPoints: 70,
    recentWinDays: 365,
    championMissingCap: 39,
    sev1Cap: 59,
    sev1RecentDays: 14,
    pastDueDays: 60,
    pastDueCap: 59,
    decisionMakerColdThreshold: 40,
    decisionMakerColdCap: 59,
    decisionMakerColdOpenCap: 69,
    noEngagedContactCap: 69,
    noPipelineCap: 69,
    silenceDays: 180,
    silenceCap: 39,
    usageDropPercent: 40,
    usageDropCap: 69,
    supportCrisisCsat: 2,
    supportCrisisCap: 69,
    capSlope: 0.3,
    capRampDays: 30,
    trendWindowDays: 30,
    trendThreshold: 5,
    scoreDropAlert: 15,
    coldAfterDays: 365,
    expansionUtilisationPercent: 90,
    expansionEngagedContacts: 3,
    renewalWindowDays: 90,
    priorityRedPoints: 40,
    priorityYellowPoints: 20,
    priorityUnknownPoints: 15,
    priorityWarmRedPoints: 25,
    priorityWarmPoints: 8,
    priorityFirstTransactionPoints: 5,
    priorityColdPoints: 2,
    priorityDropPoints: 15,
    priorityBandWorsePoints: 10,
    priorityRenewalPoints: 10,
    priorityValueMaxPoints: 10,
    priorityValueFullArr: 10000000,
    usageStaleDays: 14,
    missingOutcomeShare: 0.2,
    inflationWindowDays: 90,
    inflationMinRated: 20,
    inflationPositiveShare: 0.9,
    inflationTeamGap: 0.25,
    inflationDamping: 0.5,
    calibrationIntercept: 0,
    calibrationSlope: 0,
    retentionDailyDays: 90,
    retentionWeeklyDays: 365
});

export const MODEL_CONFIG_KEYS = Object.keys(MODEL_CONFIG_SPEC) as (keyof ModelConfig)[];

/** Invalid model configuration: names the source, the field and the rule broken. */
export class ModelConfigError extends Error {
    readonly code = 'MODEL_CONFIG_INVALID';
    constructor(
        readonly field: string,
        readonly rule: string,
        readonly source: string = 'model configuration',
        readonly hint: string = 'Fix the value (see docs/model-configuration.md for every key and its rule).'
    ) {
        super(`${source}: ${field} ${rule}. ${hint}`);
        this.name = 'ModelConfigError';
    }
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeRule(rule: NumberRule): string {
    const parts: string[] = [];
    if (rule.min !== undefined) parts.push(rule.exclusiveMin ? `> ${rule.min}` : `>= ${rule.min}`);
    if (rule.max !== undefined) parts.push(`<= ${rule.max}`);
    if (rule.integer) parts.push('a whole number');
    return parts.join(', ');
}

function checkNumber(key: NumberKey, value: number, name: string, source: string): void {
    const rule = MODEL_CONFIG_SPEC[key].rule ?? {};
    const broken =
        (rule.min !== undefined && (rule.exclusiveMin ? value <= rule.min : value < rule.min)) ||
        (rule.max !== undefined && value > rule.max) ||
        (rule.integer === true && !Number.isInteger(value));
    if (broken) {
        const negativeWeight = value < 0 && (rule.min ?? -1) >= 0;
        throw new ModelConfigError(
            name,
            `must be ${describeRule(rule)} (got ${value})${negativeWeight ? ': negative values are not allowed' : ''}`,
            source
        );
    }
}

/** Rules spanning several keys. */
function checkCrossFieldRules(
    config: ModelConfig,
    nameOf: (key: keyof ModelConfig) => string,
    source: string
) {
    if (config.retentionWeeklyDays < config.retentionDailyDays) {
        throw new ModelConfigError(
            nameOf('retentionWeeklyDays'),
            `must be at least ${nameOf('retentionDailyDays')} (weekly ${config.retentionWeeklyDays} < daily ${config.retentionDailyDays})`,
            source
        );
    }
    if (config.redThreshold >= config.greenThreshold) {
        throw new ModelConfigError(
            nameOf('redThreshold'),
            `must be below ${nameOf('greenThreshold')} (red ${config.redThreshold} >= green ${config.greenThreshold})`,
            source
        );
    }
    const weights =
        config.usageWeight + config.relationshipWeight + config.supportWeight + config.commercialWeight;
    if (!(weights > 0)) {
        throw new ModelConfigError(
            nameOf('usageWeight'),
            'and the other three dimension weights must sum to more than 0',
            source
        );
    }
    if (!(config.utilisationShare + config.breadthShare + config.trajectoryShare > 0)) {
        throw new ModelConfigError(
            nameOf('utilisationShare'),
            'and the breadth and trajectory shares must sum to more than 0',
            source
        );
    }
    if (config.version.trim() === '') {
        throw new ModelConfigError(nameOf('version'), 'must not be empty', source);
    }
}

/**
 * Validates a JSON-shaped model configuration (keys as in ModelConfig). Missing keys take their defaults;
 * unknown keys, non-numbers, negative weights, out-of-range values and red >= green are rejected.
 */
export function parseModelConfig(raw: unknown, source = 'model configuration'): ModelConfig {
    if (!isRecord(raw)) {
        throw new ModelConfigError('(root)', 'must be a JSON object of config keys', source);
    }
    const config: ModelConfig = { ...DEFAULT_MODEL_CONFIG };
    const known = new Set<string>(MODEL_CONFIG_KEYS);
    for (const [key, value] of Object.entries(raw)) {
        if (!known.has(key)) {
            throw new ModelConfigError(
                key,
                'is not a known config key',
                source,
                `Known keys: ${MODEL_CONFIG_KEYS.join(', ')}.`
            );
        }
        assign(config, key as keyof ModelConfig, value, key, source);
    }
    checkCrossFieldRules(config, (key) => key, source);
    return config;
}

function assign(config: ModelConfig, key: keyof ModelConfig, value: unknown, name: string, source: string) {
    if (key === 'version') {
        if (typeof value !== 'string') throw new ModelConfigError(name, 'must be a string', source);
        config.version = value;
    } else if (key === 'active') {
        if (typeof value !== 'boolean') throw new ModelConfigError(name, 'must be true or false', source);
        config.active = value;
    } else {
        if (typeof value !== 'number' || !Number.isFinite(value)) {
            throw new ModelConfigError(name, `must be a number (got ${JSON.stringify(value)})`, source);
        }
        checkNumber(key, value, name, source);
        config[key] = value;
    }
}

/** Standard fields of a custom metadata record (and REST/XML envelope keys) that carry no setting. */
const METADATA_STANDARD_FIELDS = new Set([
    'attributes',
    'Id',
    'DeveloperName',
    'MasterLabel',
    'Label',
    'Language',
    'NamespacePrefix',
    'QualifiedApiName',
    'SystemModstamp',
    'Description__c'
]);

const KEY_BY_FIELD = new Map<string, keyof ModelConfig>(
    MODEL_CONFIG_KEYS.map((key) => [MODEL_CONFIG_SPEC[key].field, key])
);

/**
 * Maps a Health_Model__mdt record (REST JSON, or values read from a record XML file where everything is a
 * string) to a validated ModelConfig. Blank fields take their defaults; an unknown custom field is rejected.
 */
export function modelConfigFromMetadataRecord(
    record: Readonly<Record<string, unknown>>,
    source = 'Health_Model__mdt record'
): ModelConfig {
    const config: ModelConfig = { ...DEFAULT_MODEL_CONFIG };
    for (const [field, rawValue] of Object.entries(record)) {
        if (METADATA_STANDARD_FIELDS.has(field) || !field.endsWith('__c')) continue;
        const key = KEY_BY_FIELD.get(field);
        if (!key) {
            throw new ModelConfigError(field, 'is not a Health_Model__mdt field this engine knows', source);
        }
        if (rawValue === null || rawValue === undefined || rawValue === '') continue;
        assign(config, key, coerceMetadataValue(key, rawValue), field, source);
    }
    checkCrossFieldRules(config, (key) => MODEL_CONFIG_SPEC[key].field, source);
    return config;
}

function coerceMetadataValue(key: keyof ModelConfig, value: unknown): unknown {
    if (typeof value !== 'string') return value;
    if (key === 'version') return value;
    if (key === 'active') return value === 'true' ? true : value === 'false' ? false : value;
    const trimmed = value.trim();
    const parsed = Number(trimmed);
    return trimmed !== '' && Number.isFinite(parsed) ? parsed : value;
}

/** The inverse of modelConfigFromMetadataRecord: field API name → value, in documentation order. */
export function modelConfigToMetadataFields(config: ModelConfig): Record<string, string | number | boolean> {
    const fields: Record<string, string | number | boolean> = {};
    for (const key of MODEL_CONFIG_KEYS) {
        fields[MODEL_CONFIG_SPEC[key].field] = config[key];
    }
    return fields;
}
