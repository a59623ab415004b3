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

    get previewCommand(): string {
        return 'npx health-score preview --model <DeveloperName> --sample 20 --target-org <alias>';
    }
}
