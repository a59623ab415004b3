// Health_Model__mdt mirrors the engine's ModelConfig (scripts/engine/config.ts is the one table of keys, field
// names, rules and defaults). This renders the custom metadata fields and the `Default` record from that table,
// so force-app can never drift from the engine:
//
//   npx tsx scripts/consistency/modelMetadata.ts        # rewrite force-app/.../Health_Model__mdt + Default
//
// (then Prettier formats them). modelMetadata.test.ts fails when the committed fields or Default values
// differ from the engine's table.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
    DEFAULT_MODEL_CONFIG,
    MODEL_CONFIG_KEYS,
    MODEL_CONFIG_SPEC,
    type ModelConfig
} from '../engine/config';

const FORCE_APP = path.join(__dirname, '..', '..', 'force-app', 'main', 'default');
const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

/** What each setting does, shown as the field's description and inline help in Setup. */
const HELP: { readonly [K in keyof ModelConfig]?: string } = {
    retentionDailyDays:
        'The sync keeps every daily snapshot this many days (at least the trend window + 60), then one a week.',
    retentionWeeklyDays:
        'The sync keeps one snapshot a week up to this many days back, then one a month (kept for good).',
    version: 'Version label written to scored accounts and snapshots; the newest active version wins.',
    active: 'The sync uses the active record with the newest Model Version (Default when none is active).',
    usageWeight: 'Weight of the usage dimension in the composite score.',
    relationshipWeight: 'Weight of the relationship dimension in the composite score.',
    supportWeight: 'Weight of the support dimension in the composite score.',
    commercialWeight: 'Weight of the commercial dimension. The four weights must sum to more than 0.',
    greenThreshold: 'Score at or above which an account is Green (above Red Threshold).',
    redThreshold: 'Score below which an account is Red.',
    hysteresisPoints: 'Points beyond a band boundary needed to leave the current band; caps bypass it.',
    minCoveragePercent: 'Below this share of model weight with data the band is Unknown.',
    halfLifeDays: 'Days after which an activity counts half as much.',
    recencyGraceDays: 'Days of silence before the silence ceiling starts lowering a contact score.',
    recencyPointsPerDay:
        'Contact score ceiling lost per day of silence after the grace days (cold after about 3 months of silence).',
    meetingWeight: 'Channel weight of meetings.',
    callWeight: 'Channel weight of calls.',
    emailWeight: 'Channel weight of emails.',
    messageWeight: 'Channel weight of messages and other activities.',
    positiveCeiling: 'Highest contact score Positive interactions alone can reach.',
    neutralCeiling: 'Highest contact score Neutral interactions alone can reach (hollow activity stays low).',
    noOutcomeCeiling: 'Highest contact score activities without an outcome can reach (presence only).',
    positiveSaturation:
        'How fast Positive interactions saturate (higher = more needed to reach the ceiling).',
    neutralSaturation: 'How fast Neutral interactions saturate.',
    negativeSaturation: 'How fast Negative interactions pull a contact score down.',
    decisionMakerWeight: 'Buying-role weight of decision makers in the relationship score.',
    approverWeight: 'Buying-role weight of approvers.',
    influencerWeight: 'Buying-role weight of influencers.',
    userRoleWeight: 'Buying-role weight of users.',
    unsetRoleWeight: 'Weight of contacts without a buying role.',
    engagedContactThreshold: 'Contact score at or above which a contact counts as engaged.',
    minEngagedContacts: 'Fewer engaged contacts than this is single-threaded.',
    singleThreadPenalty: 'Points off the relationship score for a single-threaded account.',
    utilisationShare: 'Share of the usage score from licence utilisation.',
    breadthShare: 'Share of the usage score from breadth of feature adoption.',
    trajectoryShare: 'Share of the usage score from trajectory (recent vs prior usage).',
    usageRecentDays: 'Days of recent usage compared against the prior window for the trajectory.',
    usagePriorDays: 'Days of prior usage the recent window is compared against.',
    openSev1Penalty: 'Support points lost per open Sev1 case.',
    openSev2Penalty: 'Support points lost per open Sev2 case.',
    openSev3Penalty: 'Support points lost per open Sev3 case.',
    escalationPenalty: 'Support points lost per escalated open case.',
    caseSurgePenalty: 'Support points lost when case volume surges above the account baseline.',
    slowResolutionDays: 'Cases taking longer than this to resolve count as slow.',
    slowResolutionPenalty: 'Support points lost for slow resolution.',
    csatPoints: 'Support points CSAT can add or remove.',
    pastDuePointsPerDay: 'Commercial points lost per day the oldest invoice is past due.',
    openPipelinePoints:
        'Commercial points for an open new-business or expansion opportunity (an open renewal is not pipeline).',
    recentWinPoints:
        'Commercial points for a recent won opportunity or a running contract (renewal date ahead).',
    recentWinDays: 'A win within this many days counts as recent.',
    championMissingCap: 'Highest score when Champion Status is Missing.',
    sev1Cap: 'Highest score with an open or recent Sev1 case.',
    sev1RecentDays: 'A Sev1 opened within this many days caps the score even when closed.',
    pastDueDays:
        'Days past due beyond which the full past-due cap applies (it ramps in over Cap Ramp Days before).',
    pastDueCap: 'Highest score when payment is more than Past Due Days late.',
    decisionMakerColdThreshold: 'Best decision-maker contact score below which the decision maker is cold.',
    decisionMakerColdCap: 'Highest score with a cold decision maker and no open opportunity.',
    decisionMakerColdOpenCap: 'Highest score with a cold decision maker while an opportunity is open.',
    noEngagedContactCap: 'Highest score when no contact is engaged.',
    noPipelineCap:
        'Highest score with no open deal, no recent win and no active contract (no renewal date ahead): at most Yellow.',
    silenceDays:
        'Days without a meeting, call or rated interaction with any contact after which the silence cap applies in full.',
    silenceCap:
        'Highest score after Silence Days of silence (Red by default); ramps in over Cap Ramp Days before.',
    usageDropPercent:
        'Active users down this many percent over the trajectory window trigger the usage-drop cap.',
    usageDropCap:
        'Highest score when active users drop by Usage Drop Percent or more (not Green by default).',
    supportCrisisCsat:
        'CSAT at or below which an open escalated Sev1 or Sev2 case is a support crisis (capped, not Green).',
    supportCrisisCap: 'Highest score during a support crisis (open escalated Sev1/Sev2 case with low CSAT).',
    capSlope:
        'How much of the distance below 100 a capped account keeps: ceiling = cap - slope * (100 - composite), so accounts under one cap keep their order.',
    capRampDays:
        'Days over which a day-count cap (past due, silence) or the decision-maker cap ramps in, so no score drops 25 points in one day.',
    trendWindowDays: 'Days back to compare the score against for the trend.',
    trendThreshold: 'Points of change that make the trend Improving or Declining.',
    scoreDropAlert: 'A drop of at least this many points within the trend window triggers a review.',
    coldAfterDays: 'Days without a win or open deal after which the lifecycle is Cold.',
    expansionUtilisationPercent: 'Licence utilisation at or above which a Green account is expansion ready.',
    expansionEngagedContacts:
        'Engaged contacts (including a decision maker) that make a Green account expansion ready.',
    renewalWindowDays: 'Renewals within this many days raise attention priority.',
    priorityRedPoints: 'Attention priority points for a Red account.',
    priorityYellowPoints: 'Attention priority points for a Yellow account.',
    priorityUnknownPoints: 'Attention priority points for an Unknown account.',
    priorityWarmRedPoints: 'Extra priority for Warm + Red, the most dangerous combination.',
    priorityWarmPoints: 'Attention priority points for a Warm account.',
    priorityFirstTransactionPoints: 'Attention priority points for a First Transaction account.',
    priorityColdPoints: 'Attention priority points for a Cold account.',
    priorityDropPoints: 'Attention priority points for a recent score drop.',
    priorityBandWorsePoints: 'Attention priority points when the band got worse.',
    priorityRenewalPoints: 'Attention priority points for a renewal inside the renewal window.',
    priorityValueMaxPoints: 'Most attention priority points account value (log-scaled ARR) can add.',
    priorityValueFullArr: 'ARR at which account value adds the full value points.',
    usageStaleDays:
        'Usage data older than this is stale: flagged, and scored on the last known data (never dropped or redistributed).',
    missingOutcomeShare: 'Share (0-1) of activities without an outcome above which data quality is flagged.',
    inflationWindowDays: 'Days of rated activities examined for outcome inflation.',
    inflationMinRated: 'Minimum rated activities of a rep before inflation can be flagged.',
    inflationPositiveShare: 'Share (0-1) of Positive outcomes at or above which a rep may be flagged.',
    inflationTeamGap: 'How far (0-1) above the team Positive share a rep must be to be flagged.',
    inflationDamping: 'Factor (0-1) applied to a flagged rep Positive outcomes.',
    calibrationIntercept:
        'Renewal probability = 1 / (1 + e^-(intercept + slope x (score - 50) / 10)); learned by backtest --fit.',
    calibrationSlope:
        'Slope of the renewal-probability curve over the score; 0 = the model is not calibrated (no probability).'
};

/** Text content needs only & and < escaped; quotes stay literal so no formatter can split an entity. */
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `Usage_Weight__c` → `Usage Weight`. */
export function labelOf(field: string): string {
    return field.replace(/__c$/, '').replace(/_/g, ' ');
}

/** Keys added to the engine later get a generic sentence until someone writes theirs above. */
function helpOf(key: keyof ModelConfig): string {
    return HELP[key] ?? `Model setting ${key.replace(/([A-Z])/g, ' $1').toLowerCase()}.`;
}

function ruleText(key: keyof ModelConfig): string {
    const rule = (
        MODEL_CONFIG_SPEC[key] as {
            rule?: { min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean };
        }
    ).rule;
    if (!rule) return '';
    const parts: string[] = [];
    if (rule.min !== undefined)
        parts.push(rule.exclusiveMin ? `greater than ${rule.min}` : `at least ${rule.min}`);
    if (rule.max !== undefined) parts.push(`at most ${rule.max}`);
    if (rule.integer) parts.push('a whole number');
    return ` Must be ${parts.join(', ')}.`;
}

/** Number(precision, scale) wide enough for the default: whole numbers where the rule asks for them. */
export function numberShape(key: keyof ModelConfig): [number, number] {
    const value = DEFAULT_MODEL_CONFIG[key] as number;
    const digits = Math.max(3, String(Math.trunc(Math.abs(value))).length + 1);
    const integer = (MODEL_CONFIG_SPEC[key] as { rule?: { integer?: boolean } }).rule?.integer === true;
    return integer ? [Math.max(4, digits), 0] : [digits + 2, 2];
}

function fieldXml(key: keyof ModelConfig): string {
    const field = MODEL_CONFIG_SPEC[key].field;
    const def = DEFAULT_MODEL_CONFIG[key];
    const description = `Model setting ${key} (default ${String(def)}). ${helpOf(key)}${ruleText(key)}`;
    const lines = [`    <fullName>${field}</fullName>`];
    if (key === 'active') lines.push('    <defaultValue>true</defaultValue>');
    lines.push(`    <description>${esc(description)}</description>`);
    if (key === 'version') lines.push('    <externalId>false</externalId>');
    lines.push('    <fieldManageability>SubscriberControlled</fieldManageability>');
    lines.push(`    <inlineHelpText>${esc(helpOf(key))}</inlineHelpText>`);
    lines.push(`    <label>${labelOf(field)}</label>`);
    if (key === 'version') {
        lines.push(
            '    <length>40</length>',
            '    <required>true</required>',
            '    <type>Text</type>',
            '    <unique>false</unique>'
        );
    } else if (key === 'active') {
        lines.push('    <type>Checkbox</type>');
    } else {
        const [precision, scale] = numberShape(key);
        lines.push(
            `    <precision>${precision}</precision>`,
            '    <required>true</required>',
            `    <scale>${scale}</scale>`,
            '    <type>Number</type>'
        );
        lines.push('    <unique>false</unique>');
    }
    return `<?xml version="1.0" encoding="UTF-8"?>\n<CustomField ${NS}>\n${lines.join('\n')}\n</CustomField>\n`;
}

const DESCRIPTION_FIELD = `<?xml version="1.0" encoding="UTF-8"?>
<CustomField ${NS}>
    <fullName>Description__c</fullName>
    <description>What this model configuration is for and how it differs from Default (not read by the engine).</description>
    <fieldManageability>SubscriberControlled</fieldManageability>
    <inlineHelpText>Why this configuration exists, e.g. "weights fitted on 2026 renewals".</inlineHelpText>
    <label>Description</label>
    <required>false</required>
    <type>TextArea</type>
</CustomField>
`;

function recordXml(): string {
    const values = MODEL_CONFIG_KEYS.map((key) => {
        const value = DEFAULT_MODEL_CONFIG[key];
        const type =
            typeof value === 'string'
                ? 'xsd:string'
                : typeof value === 'boolean'
                  ? 'xsd:boolean'
                  : 'xsd:double';
        return `    <values>\n        <field>${MODEL_CONFIG_SPEC[key].field}</field>\n        <value xsi:type="${type}">${esc(String(value))}</value>\n    </values>`;
    });
    values.push(
        '    <values>\n        <field>Description__c</field>\n        <value xsi:type="xsd:string">The documented defaults of the account health model (design v1).</value>\n    </values>'
    );
    return `<?xml version="1.0" encoding="UTF-8"?>
<CustomMetadata
    ${NS}
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:xsd="http://www.w3.org/2001/XMLSchema"
>
    <label>Default</label>
    <protected>false</protected>
${values.join('\n')}
</CustomMetadata>
`;
}

/** Relative path under force-app/main/default → file text, for every Health_Model__mdt field and the Default record. */
export function renderModelMetadata(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of MODEL_CONFIG_KEYS) {
        out[`objects/Health_Model__mdt/fields/${MODEL_CONFIG_SPEC[key].field}.field-meta.xml`] =
            fieldXml(key);
    }
    out['objects/Health_Model__mdt/fields/Description__c.field-meta.xml'] = DESCRIPTION_FIELD;
    out['customMetadata/Health_Model.Default.md-meta.xml'] = recordXml();
    return out;
}

export function writeModelMetadata(forceAppDefault = FORCE_APP): string[] {
    const files = renderModelMetadata();
    const fieldsDir = path.join(forceAppDefault, 'objects', 'Health_Model__mdt', 'fields');
    for (const stale of fs.existsSync(fieldsDir) ? fs.readdirSync(fieldsDir) : []) {
        if (!files[`objects/Health_Model__mdt/fields/${stale}`]) fs.rmSync(path.join(fieldsDir, stale));
    }
    for (const [rel, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(forceAppDefault, rel)), { recursive: true });
        fs.writeFileSync(path.join(forceAppDefault, rel), text);
    }
    return Object.keys(files);
}

if (require.main === module) {
    const written = writeModelMetadata().map((rel) => path.join(FORCE_APP, rel));
    execFileSync('npx', ['prettier', '--xml-whitespace-sensitivity', 'strict', '--write', ...written], {
        stdio: 'ignore'
    });
    console.log(`Wrote ${written.length} Health_Model__mdt files.`);
}
