import { LightningElement, api } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import { formatSigned } from 'c/healthUtils';
import type { Driver } from 'c/healthUtils';

const SHOWN_PER_GROUP = 4;

interface Step {
    key: string;
    label: string;
    points: string;
    pointsClass: string;
    barStyle: string;
    barClass: string;
    recordId?: string;
    url?: string;
}

/**
 * Why the score is what it is, as a waterfall that adds up: starting point → what hurts → what helps = score.
 * Zero-point drivers are left out; a driver about a contact or case links to it.
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
        for (const d of this.driverList) {
            const recordId = d.recordId;
            if (!recordId || this.urls[recordId]) continue;
            this[NavigationMixin.GenerateUrl]({
                type: 'standard__recordPage',
                attributes: { recordId, actionName: 'view' }
            }).then((url) => {
                this.urls = { ...this.urls, [recordId]: url };
            });
        }
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

    get hurting(): Driver[] {
        return this.effects.filter((d) => d.points < 0).sort((a, b) => a.points - b.points);
    }

    get helping(): Driver[] {
        return this.effects.filter((d) => d.points > 0).sort((a, b) => b.points - a.points);
    }

    /** The waterfall: each bar runs from the running total before the driver to the total after it. */
    private steps(list: Driver[], from: number, kind: 'hurt' | 'help'): Step[] {
        let running = from;
        return list.map((d, i) => {
            const before = running;
            running += d.points;
            const left = Math.max(0, Math.min(before, running));
            const width = Math.min(100, Math.abs(d.points));
            return {
                key: `${kind}-${d.code}-${i}`,
                label: d.label,
                points: formatSigned(d.points),
                pointsClass: `points ${kind === 'hurt' ? 'slds-text-color_error' : 'points_help'}`,
                barStyle: `margin-left: ${left}%; width: ${Math.max(width, 0.5)}%`,
                barClass: `bar-fill bar-fill_${kind}`,
                recordId: d.recordId,
                url: d.recordId ? this.urls[d.recordId] : undefined
            };
        });
    }

    get hurtingSteps(): Step[] {
        const all = this.steps(this.hurting, this.startPoints, 'hurt');
        return this.showAll ? all : all.slice(0, SHOWN_PER_GROUP);
    }

    get helpingSteps(): Step[] {
        const afterHurt = this.startPoints + this.hurting.reduce((sum, d) => sum + d.points, 0);
        const all = this.steps(this.helping, afterHurt, 'help');
        return this.showAll ? all : all.slice(0, SHOWN_PER_GROUP);
    }

    get hasHurting(): boolean {
        return this.hurting.length > 0;
    }

    get hasHelping(): boolean {
        return this.helping.length > 0;
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

    get hiddenCount(): number {
        return (
            Math.max(0, this.hurting.length - SHOWN_PER_GROUP) +
            Math.max(0, this.helping.length - SHOWN_PER_GROUP)
        );
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
