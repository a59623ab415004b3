import { LightningElement, api } from 'lwc';
import LOCALE from '@salesforce/i18n/locale';
import { DEFAULT_THRESHOLDS, bandInfo, formatDate, formatShortDate } from 'c/healthUtils';

export interface HistoryPoint {
    asOf: string;
    score: number | null;
    band: string | null;
    modelVersion: string | null;
}

const HEIGHT = 165;
const PAD = { left: 30, right: 10, top: 30, bottom: 22 };
const DEFAULT_WIDTH = 400;

/**
 * Score history: a line over shaded band zones, with markers where the band changed and where the model
 * version changed, locale dates, and a table alternative. Drawn at the container's own pixel width so labels
 * stay 11 px whatever the column.
 */
export default class HealthHistoryChart extends LightningElement {
    @api history: HistoryPoint[] = [];
    @api loading = false;
    @api error: unknown;
    @api greenThreshold = DEFAULT_THRESHOLDS.green;
    @api redThreshold = DEFAULT_THRESHOLDS.red;

    width = DEFAULT_WIDTH;
    showTable = false;
    private observer?: ResizeObserver;

    override connectedCallback(): void {
        if (typeof ResizeObserver !== 'undefined') {
            this.observer = new ResizeObserver(() => this.measure());
        }
    }

    override renderedCallback(): void {
        const box = this.template?.querySelector('.chart-box');
        if (box && this.observer) this.observer.observe(box);
        this.measure();
    }

    override disconnectedCallback(): void {
        this.observer?.disconnect();
    }

    private measure(): void {
        const box = this.template?.querySelector('.chart-box') as HTMLElement | null;
        const w = box?.clientWidth ?? 0;
        if (w > 0 && Math.abs(w - this.width) > 4) this.width = Math.round(w);
    }

    get points(): HistoryPoint[] {
        return [...(this.history ?? [])].sort((a, b) => a.asOf.localeCompare(b.asOf));
    }

    get scored(): HistoryPoint[] {
        return this.points.filter((p) => typeof p.score === 'number');
    }

    get hasHistory(): boolean {
        return this.scored.length >= 2;
    }

    get showError(): boolean {
        return Boolean(this.error) && !this.loading;
    }

    get isEmpty(): boolean {
        return !this.loading && !this.error && !this.hasHistory;
    }

    get showChart(): boolean {
        return !this.loading && !this.error && this.hasHistory;
    }

    get viewBox(): string {
        return `0 0 ${this.width} ${HEIGHT}`;
    }

    get svgHeight(): number {
        return HEIGHT;
    }

    private x(i: number, n: number): number {
        const inner = this.width - PAD.left - PAD.right;
        return Math.round((PAD.left + (n > 1 ? (inner * i) / (n - 1) : inner / 2)) * 10) / 10;
    }

    private y(score: number): number {
        const inner = HEIGHT - PAD.top - PAD.bottom;
        return Math.round((PAD.top + inner * (1 - score / 100)) * 10) / 10;
    }

    get zones() {
        const x = PAD.left;
        const w = this.width - PAD.left - PAD.right;
        const zone = (key: string, from: number, to: number) => ({
            key,
            x,
            width: w,
            y: this.y(to),
            height: this.y(from) - this.y(to),
            cssClass: `zone zone_${key}`
        });
        return [
            zone('red', 0, this.redThreshold),
            zone('yellow', this.redThreshold, this.greenThreshold),
            zone('green', this.greenThreshold, 100)
        ];
    }

    get gridLabels() {
        return [0, this.redThreshold, this.greenThreshold, 100].map((v) => ({
            key: `y-${v}`,
            label: String(v),
            x: PAD.left - 4,
            y: this.y(v) + 4
        }));
    }

    get dots() {
        const list = this.points;
        const out: { key: string; cx: number; cy: number; cssClass: string; title: string }[] = [];
        list.forEach((p, i) => {
            if (typeof p.score !== 'number') return;
            const band = bandInfo(p.band).band;
            out.push({
                key: p.asOf,
                cx: this.x(i, list.length),
                cy: this.y(p.score),
                cssClass: `point point_${band.toLowerCase()}`,
                title: `${formatDate(p.asOf, LOCALE)}: ${p.score} (${band})`
            });
        });
        return out;
    }

    get line(): string {
        return this.dots.map((d) => `${d.cx},${d.cy}`).join(' ');
    }

    /** Vertical markers where the band or the model version changed from the previous snapshot. */
    get markers() {
        const list = this.points;
        const out: {
            key: string;
            x: number;
            labelX: number;
            label: string;
            cssClass: string;
            anchor: string;
        }[] = [];
        for (let i = 1; i < list.length; i++) {
            const prev = list[i - 1];
            const cur = list[i];
            if (!prev || !cur) continue;
            const x = this.x(i, list.length);
            const anchor = x > this.width - 60 ? 'end' : 'start';
            const labelX = anchor === 'end' ? x - 3 : x + 3;
            if (bandInfo(prev.band).band !== bandInfo(cur.band).band) {
                out.push({
                    key: `band-${cur.asOf}`,
                    x,
                    labelX,
                    label: `\u2192 ${bandInfo(cur.band).band}`,
                    cssClass: 'marker marker_band',
                    anchor
                });
            }
            if (prev.modelVersion && cur.modelVersion && prev.modelVersion !== cur.modelVersion) {
                out.push({
                    key: `model-${cur.asOf}`,
                    x,
                    labelX,
                    label: `model ${cur.modelVersion}`,
                    cssClass: 'marker marker_model',
                    anchor
                });
            }
        }
        // Labels closer than 80 px to the previous one drop to a second row so they never overlap.
        let lastX = -Infinity;
        let row = 0;
        return out.map((m) => {
            row = m.x - lastX < 80 ? (row + 1) % 2 : 0;
            lastX = m.x;
            return { ...m, labelY: 11 + row * 13 };
        });
    }

    get markerTop(): number {
        return PAD.top - 2;
    }

    get markerBottom(): number {
        return HEIGHT - PAD.bottom;
    }

    get startLabel(): string {
        return this.points[0] ? formatShortDate(this.points[0].asOf, LOCALE) : '';
    }

    get endLabel(): string {
        const last = this.points[this.points.length - 1];
        return last ? formatShortDate(last.asOf, LOCALE) : '';
    }

    get axisY(): number {
        return HEIGHT - 6;
    }

    get startX(): number {
        return PAD.left;
    }

    get endX(): number {
        return this.width - PAD.right;
    }

    /** The chart's text alternative: first, last and lowest, and the band changes. */
    get description(): string {
        const h = this.scored;
        const first = h[0];
        const last = h[h.length - 1];
        if (!first || !last) return '';
        const low = h.reduce((min, s) => ((s.score ?? 0) < (min.score ?? 0) ? s : min), first);
        const d = (p: HistoryPoint) => formatDate(p.asOf, LOCALE);
        const changes = this.markers.filter((m) => m.cssClass.includes('band')).length;
        return `Score history, ${h.length} snapshots: ${first.score} (${bandInfo(first.band).band}) on ${d(first)} to ${last.score} (${bandInfo(last.band).band}) on ${d(last)}; lowest ${low.score} on ${d(low)}; ${changes} band ${changes === 1 ? 'change' : 'changes'}.`;
    }

    get tableRows() {
        const list = this.points;
        return [...list]
            .map((p, i) => {
                const prev = list[i - 1];
                const notes = [
                    prev && bandInfo(prev.band).band !== bandInfo(p.band).band
                        ? `Band ${bandInfo(prev.band).band} \u2192 ${bandInfo(p.band).band}`
                        : '',
                    prev?.modelVersion && p.modelVersion && prev.modelVersion !== p.modelVersion
                        ? `Model ${p.modelVersion}`
                        : ''
                ].filter(Boolean);
                return {
                    key: p.asOf,
                    date: formatDate(p.asOf, LOCALE),
                    score: typeof p.score === 'number' ? String(p.score) : '\u2014',
                    band: bandInfo(p.band).band,
                    note: notes.join('; ')
                };
            })
            .reverse();
    }

    get toggleLabel(): string {
        return this.showTable ? 'View as chart' : 'View as table';
    }

    get pressed(): string {
        return String(this.showTable);
    }

    handleToggle(): void {
        this.showTable = !this.showTable;
    }

    handleRetry(): void {
        this.dispatchEvent(new CustomEvent('retry'));
    }
}
