import { LightningElement, wire } from 'lwc';
import getConfiguration from '@salesforce/apex/HealthAdminController.getConfiguration';
import getPreviews from '@salesforce/apex/HealthAdminController.getPreviews';

interface ModelRow {
    name: string;
    label: string;
    version: string | null;
    active: boolean;
    usageWeight: number | null;
    relationshipWeight: number | null;
    supportWeight: number | null;
    commercialWeight: number | null;
    greenThreshold: number | null;
    redThreshold: number | null;
}
interface SegmentRow {
    name: string;
    label: string;
    active: boolean;
    priority: number | null;
    model: string | null;
    criteria: string | null;
}
interface SignalRow {
    name: string;
    label: string;
    active: boolean;
    source: string;
    reading: string;
    direction: string | null;
    dimension: string | null;
    weight: number | null;
}
interface PlayRow {
    name: string;
    label: string;
    active: boolean;
    firesOn: string | null;
    band: string | null;
    assignee: string | null;
    subject: string | null;
}
interface PreviewRow {
    id: string;
    accountId: string | null;
    accountName: string | null;
    draft: string | null;
    currentScore: number | null;
    currentBand: string | null;
    draftScore: number | null;
    draftBand: string | null;
    change: number | null;
    topChange: string | null;
    previewedAt: string | null;
}
interface Configuration {
    models: ModelRow[];
    segments: SegmentRow[];
    signals: SignalRow[];
    plays: PlayRow[];
}

/** One cell of a configuration table: the row's heading cell (`th scope="row"`, optionally a link) or data. */
interface Cell {
    key: string;
    text: string;
    isHeader: boolean;
    url?: string | null;
    cellClass?: string;
}

/** A row; exactly one of model/segment/signal/play/preview is set and becomes its data-* attribute. */
interface TableRow {
    key: string;
    model?: string;
    segment?: string;
    signal?: string;
    play?: string;
    preview?: string;
    cells: Cell[];
}

/** One section of the page: a heading, then its error, its table, or its empty text; the preview command last. */
interface Section {
    key: string;
    headingId: string;
    heading: string;
    sectionClass?: string;
    columns: string[];
    rows: TableRow[];
    tableClass: string;
    /** Shown when there are no rows; null: the table is shown even empty. */
    emptyText: string | null;
    emptyClass: string;
    showTable: boolean;
    errorMessage?: string | null;
    errorClass?: string;
    command?: string;
}

const TABLE_CLASS = 'slds-table slds-table_bordered slds-table_cell-buffer';
const SPACED = 'slds-m-bottom_medium';

/** Cells from values in column order; the value at `headerAt` is the row's heading cell. */
function cellsOf(values: (string | number | null | undefined)[], headerAt = 0): Cell[] {
    return values.map((value, i) => ({
        key: String(i),
        text: value === null || value === undefined ? '' : String(value),
        isHeader: i === headerAt
    }));
}

function section(
    fields: Omit<Section, 'showTable' | 'tableClass' | 'emptyClass'> &
        Partial<Pick<Section, 'tableClass' | 'emptyClass'>>
): Section {
    return {
        tableClass: TABLE_CLASS,
        emptyClass: 'empty',
        ...fields,
        showTable: fields.rows.length > 0 || fields.emptyText === null
    };
}

function scoreText(score: number | null, band: string | null): string {
    const b = band ?? 'Unknown';
    return score === null || score === undefined ? b : `${score} ${b}`;
}

function status(active: boolean): string {
    return active ? 'Active' : 'Inactive';
}
function weight(value: number | null): string {
    return value === null || value === undefined ? '-' : String(value);
}

/**
 * The admin page: what the sync will use, read from custom metadata (HealthAdminController): the health models
 * (the active one with the greatest version is the default), the segment models in the order they are tried,
 * the admin-defined signals and the playbook plays, and the latest preview of each draft model
 * (Health_Model_Preview__c rows written by `health-score preview`). Changes are made in Setup.
 */
export default class HealthAdmin extends LightningElement {
    config: Configuration | null = null;
    loadError: unknown = null;

    @wire(getConfiguration)
    wiredConfiguration({ data, error }: { data?: unknown; error?: unknown }): void {
        this.config = (data as Configuration | undefined) ?? null;
        this.loadError = data ? null : (error ?? null);
    }

    previewRows: PreviewRow[] | null = null;
    previewError: unknown = null;

    @wire(getPreviews)
    wiredPreviews({ data, error }: { data?: unknown; error?: unknown }): void {
        this.previewRows = (data as PreviewRow[] | undefined) ?? null;
        this.previewError = data ? null : (error ?? null);
    }

    get previewErrorMessage(): string | null {
        if (!this.previewError) return null;
        const body = (this.previewError as { body?: { message?: string } }).body;
        return body?.message ?? 'The draft model previews could not be read.';
    }

    get previews() {
        return (this.previewRows ?? []).map((p) => ({
            ...p,
            key: p.id,
            accountUrl: p.accountId ? `/lightning/r/Account/${p.accountId}/view` : null,
            accountLabel: p.accountName ?? p.accountId ?? '(account deleted)',
            currentText: scoreText(p.currentScore, p.currentBand),
            draftText: scoreText(p.draftScore, p.draftBand),
            changeText:
                p.change === null || p.change === undefined
                    ? '-'
                    : p.change > 0
                      ? `+${p.change}`
                      : String(p.change),
            previewedText: p.previewedAt ? p.previewedAt.replace('T', ' ').slice(0, 16) + ' UTC' : ''
        }));
    }

    get hasPreviews(): boolean {
        return this.previews.length > 0;
    }

    get isLoaded(): boolean {
        return this.config !== null;
    }

    get errorMessage(): string | null {
        if (!this.loadError) return null;
        const body = (this.loadError as { body?: { message?: string } }).body;
        return body?.message ?? 'The health configuration could not be read.';
    }

    /** The model the sync uses for accounts no segment matches: active, greatest version. */
    get defaultModelName(): string | null {
        const active = (this.config?.models ?? []).filter((m) => m.active);
        const sorted = [...active].sort((a, b) =>
            (b.version ?? '').localeCompare(a.version ?? '', 'en', { numeric: true })
        );
        return sorted[0]?.name ?? (this.config?.models ?? []).find((m) => m.name === 'Default')?.name ?? null;
    }

    get models() {
        const chosen = this.defaultModelName;
        return (this.config?.models ?? []).map((m) => ({
            ...m,
            key: m.name,
            status: m.name === chosen ? 'Default (in use)' : status(m.active),
            weights: `usage ${weight(m.usageWeight)} · relationship ${weight(m.relationshipWeight)} · support ${weight(m.supportWeight)} · commercial ${weight(m.commercialWeight)}`,
            bands: `Green ≥ ${weight(m.greenThreshold)}, Red < ${weight(m.redThreshold)}`
        }));
    }

    get segments() {
        return (this.config?.segments ?? []).map((s) => ({
            ...s,
            key: s.name,
            status: status(s.active),
            priorityText: weight(s.priority)
        }));
    }

    get signals() {
        return (this.config?.signals ?? []).map((s) => ({
            ...s,
            key: s.name,
            status: status(s.active),
            weightText: s.weight === null || s.weight === undefined ? '-' : `${s.weight}%`
        }));
    }

    get plays() {
        return (this.config?.plays ?? []).map((p) => ({
            ...p,
            key: p.name,
            status: status(p.active),
            bandText: p.band ?? 'any band'
        }));
    }

    get hasSegments(): boolean {
        return this.segments.length > 0;
    }

    get hasSignals(): boolean {
        return this.signals.length > 0;
    }

    get hasPlays(): boolean {
        return this.plays.length > 0;
    }

    /** The page's sections in order, each rendered by the one table template in healthAdmin.html. */
    get sections(): Section[] {
        return [
            section({
                key: 'models',
                headingId: 'models-heading',
                heading: 'Models',
                sectionClass: SPACED,
                columns: ['Model', 'Version', 'Status', 'Dimension weights', 'Bands'],
                rows: this.models.map((m) => ({
                    key: m.key,
                    model: m.name,
                    cells: cellsOf([m.label, m.version, m.status, m.weights, m.bands])
                })),
                emptyText: null
            }),
            section({
                key: 'segments',
                headingId: 'segments-heading',
                heading: 'Segment models (tried in priority order; the first match scores the account)',
                sectionClass: SPACED,
                columns: ['Priority', 'Segment', 'Criteria', 'Model', 'Status'],
                rows: this.segments.map((s) => {
                    const cells = cellsOf([s.priorityText, s.label, s.criteria, s.model, s.status], 1);
                    (cells[2] as Cell).cellClass = 'criteria';
                    return { key: s.key, segment: s.name, cells };
                }),
                emptyText: 'No segment models: every account is scored by the default model.'
            }),
            section({
                key: 'signals',
                headingId: 'signals-heading',
                heading: 'Admin-defined signals',
                sectionClass: SPACED,
                columns: ['Signal', 'Read from', 'Reading', 'Direction', 'Dimension', 'Weight', 'Status'],
                rows: this.signals.map((s) => ({
                    key: s.key,
                    signal: s.name,
                    cells: cellsOf([
                        s.label,
                        s.source,
                        s.reading,
                        s.direction,
                        s.dimension,
                        s.weightText,
                        s.status
                    ])
                })),
                emptyText: 'No admin-defined signals.'
            }),
            section({
                key: 'plays',
                headingId: 'plays-heading',
                heading: 'Plays',
                sectionClass: SPACED,
                columns: ['Play', 'Fires on', 'Band', 'Assignee', 'Task subject', 'Status'],
                rows: this.plays.map((p) => ({
                    key: p.key,
                    play: p.name,
                    cells: cellsOf([p.label, p.firesOn, p.bandText, p.assignee, p.subject, p.status])
                })),
                emptyText: 'No plays.'
            }),
            section({
                key: 'previews',
                headingId: 'preview-heading',
                heading: 'Draft model previews (latest run of each draft)',
                columns: [
                    'Account',
                    'Draft',
                    'Current',
                    'Draft score',
                    'Change',
                    'Driver that moved most',
                    'Previewed'
                ],
                rows: this.previews.map((p) => {
                    const cells = cellsOf([
                        p.accountLabel,
                        p.draft,
                        p.currentText,
                        p.draftText,
                        p.changeText,
                        p.topChange,
                        p.previewedText
                    ]);
                    (cells[0] as Cell).url = p.accountUrl;
                    return { key: p.key, preview: p.id, cells };
                }),
                tableClass: `${TABLE_CLASS} previews`,
                emptyText:
                    'No draft previewed yet. Clone the active model in Setup, change it and keep it inactive, then ' +
                    'run this to compare it with the active model on your largest accounts (writes only preview ' +
                    'records; add --dry-run to write nothing):',
                emptyClass: 'preview-empty',
                errorMessage: this.previewErrorMessage,
                errorClass: 'slds-notify slds-notify_alert slds-alert_error preview-error',
                command: this.previewCommand
            })
        ];
    }

    get previewCommand(): string {
        return 'npx health-score preview --model <DeveloperName> --sample 20 --target-org <alias>';
    }
}
