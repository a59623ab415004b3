/**
 * `health-score doctor --target-org X [--json]`: checks that an org is ready for unattended syncs and says
 * exactly what is missing. Each check reports ok / warn / fail with a fix; nothing is written.
 *
 *   api access        the session works and the org reports its daily API requests (API Enabled)
 *   user              the running user (identity URL)
 *   fields deployed   every object and field the sync, usage push and run history read or write (describe)
 *   field access      the integration fields are writable for this user (what Account_Health_Integration grants)
 *   permission set    Account_Health_Integration is assigned to this user (PermissionSetAssignment)
 *   sharing           Account sharing lets this user edit the scored accounts (Organization, UserRecordAccess)
 *   model record      an active or Default Health_Model__mdt record, valid for the engine
 *   last run          the newest Health_Sync_Run__c: a success within 36 hours, no stuck Running lock
 *
 * Exit codes: 0 ready (warnings allowed), 2 bad usage, 3 authentication, 6 something is missing (see fail lines).
 */
import type { Session } from '../../salesforce/auth';
import type { FlatRecord, SalesforceClient } from '../../salesforce/client';
import { ExitCode } from '../../salesforce/errors';
import {
    ORG_FLAGS,
    ORG_FLAGS_HELP,
    classifyError,
    openClient,
    parseFlags,
    processIO,
    reportError
} from '../../sync/commandline';
import type { CommandIO } from '../../sync/commandline';
import { ACCOUNT_HEALTH_FIELDS, CONTACT_HEALTH_FIELDS, SNAPSHOT_FIELDS } from '../../sync/fields';
import { DEFAULT_LOCK_TIMEOUT_MINUTES, RUN_OBJECT } from '../../sync/runHistory';
import { SELECT, readActiveModel } from '../../sync/sync';
import { terminalSafe } from '../../sync/terminal';

export const DOCTOR_USAGE = `health-score doctor --target-org <alias> [--json]

Checks that the org is ready for unattended syncs and says exactly what is missing: API access, the running
user, the package's objects and fields (describe), field access, the Account_Health_Integration permission set,
Account sharing, the Health_Model__mdt record, and the last run in Health_Sync_Run__c. Writes nothing.

${ORG_FLAGS_HELP}

Exit codes: 0 ready (warnings allowed), 2 bad usage, 3 authentication, 6 something is missing (the fail lines).
`;

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
    name: string;
    status: CheckStatus;
    detail: string;
    fix?: string;
}

/** Fields the run history writes (Health_Sync_Run__c), checked like the sync's own. */
export const RUN_FIELDS = [
    'Run_Key__c',
    'Kind__c',
    'Status__c',
    'Started_At__c',
    'Finished_At__c',
    'As_Of__c',
    'Model_Version__c',
    'Accounts_Scored__c',
    'Rows_Written__c',
    'Failed_Rows__c',
    'Snapshots_Deleted__c',
    'API_Requests__c',
    'Exit_Code__c',
    'Error__c',
    'Host__c'
] as const;

/** Fields the integration user must be able to write, per object (createable or updateable). */
const WRITTEN: Record<string, readonly string[]> = {
    Account: [...ACCOUNT_HEALTH_FIELDS, 'Health_Scored_At__c'],
    Contact: CONTACT_HEALTH_FIELDS,
    Account_Health_Snapshot__c: SNAPSHOT_FIELDS,
    Product_Usage__c: ['Usage_Key__c', 'Active_Users__c', 'Licensed_Seats__c'],
    [RUN_OBJECT]: RUN_FIELDS
};

const STALE_HOURS = 36;

interface DescribedField {
    name: string;
    createable?: boolean;
    updateable?: boolean;
}

async function describe(client: SalesforceClient, object: string): Promise<DescribedField[] | null> {
    try {
        const result = (await client.connection.sobject(object).describe()) as unknown as {
            fields: DescribedField[];
        };
        return result.fields;
    } catch {
        return null;
    }
}

async function firstRows(client: SalesforceClient, soql: string, object: string): Promise<FlatRecord[]> {
    const rows: FlatRecord[] = [];
    for await (const page of client.query(soql, { object, rest: true })) rows.push(...page);
    return rows;
}

const list = (names: string[], max = 6): string =>
    `${names.slice(0, max).join(', ')}${names.length > max ? `, and ${names.length - max} more` : ''}`;

export async function runChecks(client: SalesforceClient, now: Date = new Date()): Promise<Check[]> {
    const checks: Check[] = [];
    const DEPLOY_FIX =
        'deploy the package: npx sf project deploy start --source-dir force-app --target-org <alias> (docs/install.md)';

    // API access: a failure here is the exit code of the whole command (authentication, API Enabled).
    const budget = await client.dailyApiRequests();
    checks.push({
        name: 'api access',
        status: budget.remaining < 1000 ? 'warn' : 'ok',
        detail: `${budget.remaining.toLocaleString('en-US')} of ${budget.max.toLocaleString('en-US')} daily API requests left`,
        ...(budget.remaining < 1000
            ? {
                  fix: 'a sync keeps 1,000 in reserve (--min-api-requests): run it when the 24-hour window has rolled'
              }
            : {})
    });

    let userId: string | null = null;
    try {
        userId = await client.userId();
        checks.push({ name: 'user', status: 'ok', detail: `running as user ${userId}` });
    } catch (error) {
        checks.push({
            name: 'user',
            status: 'warn',
            detail: `the identity URL did not name the user (${classifyError(error).message})`
        });
    }

    // Objects and fields deployed.
    const required: Record<string, readonly string[]> = {
        ...Object.fromEntries(Object.entries(SELECT).map(([object, fields]) => [object, fields])),
        [RUN_OBJECT]: ['Id', 'Name', ...RUN_FIELDS]
    };
    const described = new Map<string, DescribedField[]>();
    const missingObjects: string[] = [];
    const missingFields: string[] = [];
    for (const [object, fields] of Object.entries(required)) {
        const found = await describe(client, object);
        if (!found) {
            missingObjects.push(object);
            continue;
        }
        described.set(object, found);
        const names = new Set(found.map((f) => f.name));
        for (const field of fields)
            if (!field.includes('.') && !names.has(field)) missingFields.push(`${object}.${field}`);
    }
    const modelFields = await describe(client, 'Health_Model__mdt');
    if (!modelFields) missingObjects.push('Health_Model__mdt');
    checks.push(
        missingObjects.length || missingFields.length
            ? {
                  name: 'fields deployed',
                  status: 'fail',
                  detail: [
                      missingObjects.length ? `objects not found: ${list(missingObjects)}` : '',
                      missingFields.length
                          ? `${missingFields.length} field(s) not found: ${list(missingFields)}`
                          : ''
                  ]
                      .filter(Boolean)
                      .join('; '),
                  fix: `${DEPLOY_FIX}; if it is deployed, the user cannot see them: assign Account_Health_Integration`
              }
            : {
                  name: 'fields deployed',
                  status: 'ok',
                  detail: `${Object.keys(required).length + 1} objects and their fields found`
              }
    );

    // Field access for what the sync writes.
    const notWritable: string[] = [];
    for (const [object, fields] of Object.entries(WRITTEN)) {
        const found = described.get(object);
        if (!found) continue;
        const byName = new Map(found.map((f) => [f.name, f]));
        for (const field of fields) {
            const f = byName.get(field);
            if (f && f.createable !== true && f.updateable !== true) notWritable.push(`${object}.${field}`);
        }
    }
    checks.push(
        notWritable.length
            ? {
                  name: 'field access',
                  status: 'fail',
                  detail: `${notWritable.length} field(s) the sync writes are read-only for this user: ${list(notWritable)}`,
                  fix: 'npx sf org assign permset --name Account_Health_Integration --target-org <alias> (as an admin, for this user)'
              }
            : {
                  name: 'field access',
                  status: 'ok',
                  detail: 'every field the sync and the run history write is writable'
              }
    );

    // Permission set assignment.
    if (userId) {
        try {
            const rows = await firstRows(
                client,
                `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${userId}' AND PermissionSet.Name = 'Account_Health_Integration' LIMIT 1`,
                'PermissionSetAssignment'
            );
            checks.push(
                rows.length
                    ? {
                          name: 'permission set',
                          status: 'ok',
                          detail: 'Account_Health_Integration is assigned'
                      }
                    : {
                          name: 'permission set',
                          status: 'fail',
                          detail: 'Account_Health_Integration is not assigned to this user',
                          fix: 'npx sf org assign permset --name Account_Health_Integration --on-behalf-of <integration username> --target-org <admin alias>'
                      }
            );
        } catch (error) {
            checks.push({
                name: 'permission set',
                status: 'warn',
                detail: `PermissionSetAssignment could not be read (${classifyError(error).code}); field access above shows what the user can write`
            });
        }
    }

    // Sharing: can the user edit the accounts it scores?
    try {
        const org = await firstRows(client, 'SELECT DefaultAccountAccess FROM Organization', 'Organization');
        const access = String(org[0]?.DefaultAccountAccess ?? 'Edit');
        if (access === 'Edit')
            checks.push({ name: 'sharing', status: 'ok', detail: 'Account sharing is Public Read/Write' });
        else if (userId) {
            const accounts = await firstRows(
                client,
                'SELECT Id FROM Account ORDER BY Id LIMIT 200',
                'Account'
            );
            const ids = accounts.map((a) => `'${String(a.Id)}'`);
            const editable = ids.length
                ? (
                      await firstRows(
                          client,
                          `SELECT RecordId, HasEditAccess FROM UserRecordAccess WHERE UserId = '${userId}' AND RecordId IN (${ids.join(', ')})`,
                          'UserRecordAccess'
                      )
                  ).filter((r) => String(r.HasEditAccess) === 'true').length
                : 0;
            const sharing = access === 'Read' ? 'Public Read Only' : 'Private';
            checks.push({
                name: 'sharing',
                status: ids.length && editable === 0 ? 'fail' : editable < ids.length ? 'warn' : 'ok',
                detail: `Account sharing is ${sharing}; this user can edit ${editable} of the first ${ids.length} accounts`,
                ...(editable < ids.length
                    ? {
                          fix: 'give the integration user "Modify All" on Account (a permission set) or a sharing rule granting Read/Write; docs/sync.md "Sharing the integration user needs"'
                      }
                    : {})
            });
        }
    } catch (error) {
        checks.push({
            name: 'sharing',
            status: 'warn',
            detail: `could not read the Account sharing (${classifyError(error).message})`
        });
    }

    // Model record.
    try {
        const model = await readActiveModel(client);
        checks.push(
            model.source.startsWith('built-in')
                ? {
                      name: 'model record',
                      status: 'fail',
                      detail: 'no Health_Model__mdt record in the org (the sync would score with built-in defaults)',
                      fix: DEPLOY_FIX
                  }
                : {
                      name: 'model record',
                      status: 'ok',
                      detail: `${model.source}, version ${model.config.version}`
                  }
        );
    } catch (error) {
        const failure = classifyError(error);
        checks.push({ name: 'model record', status: 'fail', detail: failure.message, fix: failure.hint });
    }

    // Last run.
    if (described.has(RUN_OBJECT)) {
        const latest = await firstRows(
            client,
            `SELECT Name, Kind__c, Status__c, Started_At__c, Finished_At__c, Exit_Code__c, Error__c FROM ${RUN_OBJECT} WHERE Kind__c = 'Sync' ORDER BY Started_At__c DESC LIMIT 20`,
            RUN_OBJECT
        );
        const success = latest.find((r) => r.Status__c === 'Succeeded' || r.Status__c === 'Partial');
        const last = latest[0];
        const running = latest.find((r) => r.Status__c === 'Running');
        if (!last)
            checks.push({
                name: 'last run',
                status: 'warn',
                detail: 'no sync run recorded yet',
                fix: 'run health-score sync once, then schedule it (docs/operations.md)'
            });
        else {
            const hours = success
                ? (now.getTime() - Date.parse(String(success.Finished_At__c))) / 3_600_000
                : Number.POSITIVE_INFINITY;
            const runningMinutes = running
                ? (now.getTime() - Date.parse(String(running.Started_At__c))) / 60_000
                : 0;
            const problems: string[] = [];
            if (hours > STALE_HOURS) problems.push(`no success for more than ${STALE_HOURS} hours`);
            if (running && runningMinutes > DEFAULT_LOCK_TIMEOUT_MINUTES)
                problems.push(
                    `${String(running.Name)} has been Running for ${Math.round(runningMinutes)} minutes (a stale lock)`
                );
            checks.push({
                name: 'last run',
                status: problems.length ? 'warn' : 'ok',
                detail: `${String(last.Name)} ${String(last.Status__c)}${last.Exit_Code__c !== null && last.Exit_Code__c !== undefined ? ` (exit ${String(last.Exit_Code__c)})` : ''} at ${String(last.Finished_At__c ?? last.Started_At__c)}${success ? `; last success ${String(success.Finished_At__c)}` : '; never succeeded'}${problems.length ? `; ${problems.join('; ')}` : ''}`,
                ...(problems.length
                    ? { fix: 'see the run records (Health Sync Runs tab) and docs/operations.md "Recover"' }
                    : {})
            });
        }
    }
    return checks;
}

export function formatChecks(checks: Check[]): string {
    const mark = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;
    const lines = checks.map(
        (c) =>
            `${mark[c.status]}  ${c.name.padEnd(16)} ${c.detail}${c.fix ? `\n${' '.repeat(23)}fix: ${c.fix}` : ''}`
    );
    const failed = checks.filter((c) => c.status === 'fail').length;
    lines.push(
        '',
        failed
            ? `${failed} check(s) failed: the org is not ready for unattended syncs.`
            : 'Ready for unattended syncs.'
    );
    return terminalSafe(`${lines.join('\n')}\n`);
}

export async function doctorCommand(argv: readonly string[], io: CommandIO = processIO()): Promise<number> {
    let json = argv.includes('--json');
    let session: Session | undefined;
    try {
        const { flags } = parseFlags(argv, { ...ORG_FLAGS }, 'doctor');
        json = flags.json === true;
        if (flags.help) {
            io.stdout.write(DOCTOR_USAGE);
            return ExitCode.Ok;
        }
        const opened = await openClient(flags, io, (message) => io.stderr.write(`${message}\n`));
        session = opened.session;
        const checks = await runChecks(opened.client);
        const ready = !checks.some((c) => c.status === 'fail');
        io.stdout.write(
            json ? `${JSON.stringify({ ok: ready, org: session.describe, checks })}\n` : formatChecks(checks)
        );
        return ready ? ExitCode.Ok : ExitCode.Org;
    } catch (error) {
        return reportError(error, io, json, session);
    }
}

if (require.main === module) {
    void doctorCommand(process.argv.slice(2)).then((code) => process.exit(code));
}
