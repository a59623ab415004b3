import { LightningElement, api } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import { formatSigned } from 'c/healthUtils';
import { generateRecordUrls } from 'c/ldsUtils';
import type { Driver } from 'c/healthUtils';

const SHOWN_PER_GROUP = 4;

/** One row of the waterfall: a group heading (Hurting / Helping) or a step with its points and bar. */
interface Row {
    key: string;
    rowClass: string;
    isGroup: boolean;
    ariaHidden?: string;
    label: string;
    points?: string;
    pointsClass?: string;
    barStyle?: string;
    barClass?: string;
    recordId?: string;
    url?: string;
}

type Kind = 'hurt' | 'help';

/**
 * Why the score is what it is, as a waterfall that adds up: starting point → what hurts → what helps = score.
 * Zero-point drivers are left out; a driver about a contact or case links to it. Collapsed, a group longer than
 * SHOWN_PER_GROUP + 1 shows its SHOWN_PER_GROUP largest drivers and one "N smaller drivers" row carrying the
 * rest's sum, so the visible rows always add up to the score; "Show N more" lists them one by one.
 */
export default class HealthDrivers extends NavigationMixin(LightningElement) {
    @api score: number | null = null;

    private driverList: Driver[] = [];
    urls: Record<string, string> = {};
    showAll = false;

    @api
    get drivers(): Driver[] {
        return this.driverList;
    }
    set drivers(value: Driver[]) {
        this.driverList = Array.isArray(value) ? value : [];
        this.generateUrls();
    }

    /** Real URLs, so Ctrl/⌘-click and middle-click open a new tab (or a console subtab). */
    private generateUrls(): void {
        const ids = this.driverList.map((d) => d.recordId);
        generateRecordUrls(
            (reference) => this[NavigationMixin.GenerateUrl](reference),
            ids,
            this.urls,
            (id, url) => {
                this.urls = { ...this.urls, [id]: url };
            }
        );
    }

    private get baseline(): Driver | undefined {
        return this.driverList.find((d) => d.code === 'BASELINE');
    }

    private get effects(): Driver[] {
        return this.driverList.filter((d) => d.code !== 'BASELINE' && d.points !== 0);
    }

    get hasDrivers(): boolean {
        return this.baseline !== undefined || this.effects.length > 0;
    }

    get startPoints(): number {
        return this.baseline?.points ?? 0;
    }

    /** The engine's words for the starting point: what its fixed levels say ("Starting point · No open support cases"). */
    get startLabel(): string {
        return this.baseline?.label || 'Starting point';
    }

    get hurting(): Driver[] {
        return this.effects.filter((d) => d.points < 0).sort((a, b) => a.points - b.points);
    }

    get helping(): Driver[] {
        return this.effects.filter((d) => d.points > 0).sort((a, b) => b.points - a.points);
    }

    /** The waterfall's bar for a change from `before` by `points` (each bar runs from total before to after). */
    private static bar(before: number, points: number): string {
        const left = Math.max(0, Math.min(before, before + points));
        const width = Math.min(100, Math.abs(points));
        return `margin-left: ${left}%; width: ${Math.max(width, 0.5)}%`;
    }

    private step(
        kind: Kind,
        key: string,
        label: string,
        points: number,
        before: number,
        recordId?: string
    ): Row {
        return {
            key,
            rowClass: `step step_${kind}`,
            isGroup: false,
            label,
            points: formatSigned(points),
            pointsClass: `points ${kind === 'hurt' ? 'slds-text-color_error' : 'points_help'}`,
            barStyle: HealthDrivers.bar(before, points),
            barClass: `bar-fill bar-fill_${kind}`,
            recordId,
            url: recordId ? this.urls[recordId] : undefined
        };
    }

    /** A group's heading and steps from the running total `from`; collapsed, the small ones become one row. */
    private group(kind: Kind, list: Driver[], from: number): Row[] {
        if (list.length === 0) return [];
        const rows: Row[] = [
            {
                key: `group-${kind}`,
                rowClass: 'group-label slds-text-title_caps',
                isGroup: true,
                ariaHidden: 'true',
                label: kind === 'hurt' ? 'Hurting' : 'Helping'
            }
        ];
        const collapse = !this.showAll && list.length > SHOWN_PER_GROUP + 1;
        const shown = collapse ? list.slice(0, SHOWN_PER_GROUP) : list;
        let running = from;
        shown.forEach((d, i) => {
            rows.push(this.step(kind, `${kind}-${d.code}-${i}`, d.label, d.points, running, d.recordId));
            running += d.points;
        });
        if (collapse) {
            const rest = list.slice(SHOWN_PER_GROUP);
            const sum = rest.reduce((total, d) => total + d.points, 0);
            const row = this.step(kind, `${kind}-rest`, `${rest.length} smaller drivers`, sum, running);
            rows.push({ ...row, rowClass: `${row.rowClass} step_rest` });
        }
        return rows;
    }

    /** Hurting then helping, each from the running total where the previous group ended. */
    get rows(): Row[] {
        const afterHurt = this.startPoints + this.hurting.reduce((sum, d) => sum + d.points, 0);
        return [
            ...this.group('hurt', this.hurting, this.startPoints),
            ...this.group('help', this.helping, afterHurt)
        ];
    }

    get startBarStyle(): string {
        return `width: ${Math.min(100, Math.max(0, this.startPoints))}%`;
    }

    /** The total the rows add up to (the score when the stored explanation is complete). */
    get total(): number {
        return this.startPoints + this.effects.reduce((sum, d) => sum + d.points, 0);
    }

    get totalBarStyle(): string {
        return `width: ${Math.min(100, Math.max(0, this.total))}%`;
    }

    /** Drivers folded into "N smaller drivers" rows when collapsed (a single extra driver is never folded). */
    get hiddenCount(): number {
        const folded = (n: number) => (n > SHOWN_PER_GROUP + 1 ? n - SHOWN_PER_GROUP : 0);
        return folded(this.hurting.length) + folded(this.helping.length);
    }

    get hasMore(): boolean {
        return this.hiddenCount > 0;
    }

    get toggleLabel(): string {
        return this.showAll ? 'Show fewer' : `Show ${this.hiddenCount} more`;
    }

    get expanded(): string {
        return String(this.showAll);
    }

    /** Truncated to fit the field (the sync keeps the largest drivers): the rows then do not reach the score. */
    get incomplete(): boolean {
        return typeof this.score === 'number' && this.total !== this.score;
    }

    handleToggle(): void {
        this.showAll = !this.showAll;
    }

    handleOpen(event: MouseEvent): void {
        // A plain click navigates in-app (console subtab); modified clicks keep the browser's behaviour.
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        const recordId = (event.currentTarget as HTMLElement).dataset.id;
        if (!recordId) return;
        event.preventDefault();
        this[NavigationMixin.Navigate]({
            type: 'standard__recordPage',
            attributes: { recordId, actionName: 'view' }
        });
    }
}
