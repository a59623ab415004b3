/**
 * The org the preview shows: a dataset folder (docs/dataset-format.md) after one run of the real pipeline,
 * i.e. the records as they are plus what the sync would write (engine results through the sync's own field
 * mapping, so Health_Drivers__c is byte-for-byte what the components read in an org). Node side only; the
 * result is plain JSON embedded in the preview page.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { DATASET_OBJECTS, forEachRecord, scoreDataset } from '../dataset/reader';
import type { DatasetObject } from '../dataset/reader';
import { DEFAULT_MODEL_CONFIG, modelConfigFromMetadataRecord } from '../engine/config';
import { previewRecords, previewRows } from '../sync/preview';
import { accountValues, contactValues, snapshotValues } from '../sync/fields';

export type OrgRecord = Record<string, unknown> & { Id: string };

export interface DemoOrg {
    /** The as-of date the dataset was scored at; the preview's clock is pinned to it. */
    asOf: string;
    /** The user the preview runs as: the manager of the most reps (or the first user). */
    currentUserId: string | null;
    records: Record<DatasetObject, OrgRecord[]>;
}

export const DEMO_DATASET = path.resolve(__dirname, '../../data/demo');

export class PreviewDataError extends Error {
    constructor(
        readonly code: 'PREVIEW_NO_DATASET' | 'PREVIEW_NO_AS_OF',
        message: string,
        readonly hint: string
    ) {
        super(`${code}: ${message}\n  fix: ${hint}`);
        this.name = 'PreviewDataError';
    }
}

/** The dataset's own as-of date (dataset.json "asOf"), so the demo reads the same on any day. */
export function datasetAsOf(folder: string): string | null {
    const manifest = path.join(folder, 'dataset.json');
    if (!existsSync(manifest)) return null;
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { asOf?: unknown };
    return typeof parsed.asOf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(parsed.asOf) ? parsed.asOf : null;
}

function managerOfMost(users: OrgRecord[]): string | null {
    const reports = new Map<string, number>();
    for (const user of users) {
        const manager = user.ManagerId;
        if (typeof manager === 'string') reports.set(manager, (reports.get(manager) ?? 0) + 1);
    }
    const ranked = [...reports.entries()].sort((a, b) => b[1] - a[1]);
    return ranked[0]?.[0] ?? users[0]?.Id ?? null;
}

export async function buildDemoOrg(folder: string = DEMO_DATASET, asOfOverride?: string): Promise<DemoOrg> {
    if (!existsSync(path.join(folder, 'Account.json')) && !existsSync(path.join(folder, 'Account.csv'))) {
        throw new PreviewDataError(
            'PREVIEW_NO_DATASET',
            `${folder} has no Account.json or Account.csv`,
            'point --dataset at a folder in the docs/dataset-format.md format (the demo is data/demo)'
        );
    }
    const asOf = asOfOverride ?? datasetAsOf(folder);
    if (!asOf) {
        throw new PreviewDataError(
            'PREVIEW_NO_AS_OF',
            `${folder}/dataset.json has no "asOf" date`,
            'pass --as-of YYYY-MM-DD'
        );
    }

    const records = {} as Record<DatasetObject, OrgRecord[]>;
    for (const object of DATASET_OBJECTS) {
        const list: OrgRecord[] = [];
        await forEachRecord(folder, object, (record, at) => {
            const id = typeof record.Id === 'string' ? record.Id : `${object}-${at.record}`;
            list.push({ ...record, Id: id });
        });
        records[object] = list;
    }

    // One run of the real pipeline: score as of the dataset date and write what the sync writes.
    const score = await scoreDataset(folder, DEFAULT_MODEL_CONFIG, asOf);
    const accounts = new Map(records.Account.map((a) => [a.Id, a]));
    const contacts = new Map(records.Contact.map((c) => [c.Id, c]));
    const scoredAt = `${asOf}T06:00:00.000Z`;
    const snapshotKeys = new Set(
        records.Account_Health_Snapshot__c.map((s) => `${s.Account__c}_${s.As_Of__c}`)
    );
    for (const result of score.results()) {
        const account = accounts.get(result.accountId);
        if (!account) continue;
        Object.assign(account, accountValues(result), { Health_Scored_At__c: scoredAt });
        for (const contact of result.contacts) {
            const record = contacts.get(contact.contactId);
            if (record) Object.assign(record, contactValues(contact));
        }
        const snapshot = snapshotValues(result);
        if (!snapshotKeys.has(`${result.accountId}_${result.asOf}`)) {
            records.Account_Health_Snapshot__c.push({
                ...snapshot,
                Id: `snap-${result.accountId}-${result.asOf}`
            });
        }
    }
    addPlaybookTasks(records, asOf);
    await addModelPreview(folder, records, asOf);
    return { asOf, currentUserId: managerOfMost(records.User), records };
}

const PLAYBOOK_DIR = path.resolve(__dirname, '../../force-app/main/default/customMetadata');
/** Plays entered this many days before the as-of date still have their Task open in the preview. */
const OPEN_PLAY_DAYS = 21;

/** The Health_Playbook__mdt records as shipped (force-app/main/default/customMetadata). */
export function readPlaybooks(): OrgRecord[] {
    return readCustomMetadata('Health_Playbook');
}

/** The demo org's own metadata (data/demo-org: a draft Enterprise model, a segment, a signal). */
const DEMO_ORG_METADATA = path.resolve(__dirname, '../../data/demo-org/main/default/customMetadata');

/** Records of one custom metadata type, from the package (and the demo org's own, when `withDemoOrg`). */
export function readCustomMetadata(type: string, withDemoOrg = false): OrgRecord[] {
    const dirs = [PLAYBOOK_DIR, ...(withDemoOrg && existsSync(DEMO_ORG_METADATA) ? [DEMO_ORG_METADATA] : [])];
    return dirs.flatMap((dir) => readMetadataDir(dir, type));
}

function readMetadataDir(dir: string, type: string): OrgRecord[] {
    return readdirSync(dir)
        .filter((f) => f.startsWith(`${type}.`) && f.endsWith('.md-meta.xml'))
        .map((file) => {
            const xml = readFileSync(path.join(dir, file), 'utf8');
            const record: OrgRecord = { Id: file.split('.')[1] ?? file };
            const label = /<label>([^<]*)<\/label>/.exec(xml);
            if (label?.[1])
                record.Label = label[1]
                    .replace(/&apos;/g, "'")
                    .replace(/&gt;/g, '>')
                    .replace(/&lt;/g, '<')
                    .replace(/&quot;/g, '"')
                    .replace(/&amp;/g, '&');
            for (const m of xml.matchAll(
                /<field>(\w+)<\/field>\s*<value(?:\s+xsi:type="xsd:(\w+)")?[^>]*?(?:\/>|>([\s\S]*?)<\/value>)/g
            )) {
                const [, field = '', type, raw] = m;
                const value =
                    raw === undefined
                        ? null
                        : raw
                              .replace(/&apos;/g, "'")
                              .replace(/&gt;/g, '>')
                              .replace(/&lt;/g, '<')
                              .replace(/&quot;/g, '"')
                              .replace(/&amp;/g, '&')
                              .trim();
                record[field] =
                    value === null
                        ? null
                        : type === 'double'
                          ? Number(value)
                          : type === 'boolean'
                            ? value === 'true'
                            : value;
            }
            return record;
        });
}

/**
 * What the playbook flow would have created: for each Red or Yellow account that entered its band in the last
 * three weeks, an open Task per active "Entered" play of that band (owner or owner's manager, due as the play
 * says). Accounts that entered their band earlier have no open play, so the preview shows "No plan" too.
 */
function addPlaybookTasks(records: Record<DatasetObject, OrgRecord[]>, asOf: string): void {
    const playbooks = readPlaybooks();
    (records as Record<string, OrgRecord[]>).Health_Playbook__mdt = playbooks;
    const managers = new Map(
        records.User.map((u) => [u.Id, typeof u.ManagerId === 'string' ? u.ManagerId : null])
    );
    const day = (iso: string, add: number) => {
        const d = new Date(`${iso}T00:00:00Z`);
        d.setUTCDate(d.getUTCDate() + add);
        return d.toISOString().slice(0, 10);
    };
    const earliest = day(asOf, -OPEN_PLAY_DAYS);
    for (const account of records.Account) {
        const band = account.Health_Band__c;
        const since =
            typeof account.Health_Band_Since__c === 'string' ? account.Health_Band_Since__c.slice(0, 10) : '';
        if ((band !== 'Red' && band !== 'Yellow') || since < earliest) continue;
        for (const play of playbooks) {
            if (play.Band__c !== band || play.Trigger__c !== 'Entered' || play.Active__c === false) continue;
            const owner = String(account.OwnerId ?? '');
            const assignee = play.Assignee__c === 'Owner' ? owner : (managers.get(owner) ?? owner);
            records.Task.push({
                Id: `00TPLAY${account.Id.slice(-8)}${play.Id.slice(0, 4)}`,
                WhatId: account.Id,
                AccountId: account.Id,
                OwnerId: assignee,
                Subject: play.Subject__c,
                Description: play.Description__c,
                ActivityDate: day(since, Number(play.Due_In_Days__c ?? 0)),
                Priority: play.Priority__c ?? 'Normal',
                Status: 'Not Started',
                IsClosed: false,
                Health_Play_Key__c: play.Id
            });
        }
    }
}

/** Accounts in the admin page's draft preview (health-score preview --sample). */
const PREVIEW_SAMPLE = 8;

/**
 * The admin page's data: the health, segment and signal metadata (package + data/demo-org), and what
 * `health-score preview --model Enterprise_2026 --sample 8` would write: the demo's inactive Enterprise_2026 model
 * scored on the same dataset beside the default, through the preview's own sample and driver comparison.
 */
async function addModelPreview(
    folder: string,
    records: Record<DatasetObject, OrgRecord[]>,
    asOf: string
): Promise<void> {
    const extra = records as Record<string, OrgRecord[]>;
    const idOf = (r: OrgRecord) => ({ ...r, DeveloperName: r.Id });
    extra.Health_Model__mdt = readCustomMetadata('Health_Model', true).map(idOf);
    extra.Health_Segment__mdt = readCustomMetadata('Health_Segment', true).map(idOf);
    extra.Health_Signal__mdt = readCustomMetadata('Health_Signal', true).map(idOf);
    const draftRecord = extra.Health_Model__mdt.find((m) => m.Id === 'Enterprise_2026');
    extra.Health_Model_Preview__c = [];
    if (!draftRecord) return;
    const { Id: _id, DeveloperName: _name, ...values } = draftRecord;
    const draft = modelConfigFromMetadataRecord(
        Object.fromEntries(Object.entries(values).filter(([k]) => k.endsWith('__c'))),
        'Health_Model.Enterprise_2026'
    );
    const current = [...(await scoreDataset(folder, DEFAULT_MODEL_CONFIG, asOf)).results()];
    const drafts = new Map(
        [...(await scoreDataset(folder, draft, asOf)).results()].map((r) => [r.accountId, r])
    );
    const rows = previewRows(current, drafts, PREVIEW_SAMPLE);
    extra.Health_Model_Preview__c = previewRecords(
        'Health_Model.Enterprise_2026',
        draft.version,
        rows,
        `${asOf}T06:30:00.000Z`
    ).map((r, i) => ({ ...r, Id: `preview-${i + 1}` }));
}
