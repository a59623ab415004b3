import { LightningElement, api } from 'lwc';
import { bandInfo, trendInfo } from 'c/healthUtils';
import type { BandInfo, TrendInfo } from 'c/healthUtils';

/**
 * The health band as a badge: band word + band icon + score, and the trend as an arrow + words.
 * Colour only reinforces; the band reads from text and icon alone. Small enough for list rows.
 */
export default class HealthBadge extends LightningElement {
    /** Health_Band__c: Green, Yellow, Red or Unknown (blank reads as Unknown). */
    @api band: string | null = null;
    /** Health_Score__c, 0-100. */
    @api score: number | null = null;
    /** Health_Trend__c: Improving, Stable or Declining. */
    @api trend: string | null = null;
    /** Health_Score_Change__c: signed points vs the trend window. */
    @api scoreChange: number | null = null;
    /** Hides the trend part (e.g. when a column shows it already). */
    @api hideTrend = false;

    get info(): BandInfo {
        return bandInfo(this.band);
    }

    get badgeClass(): string {
        return `slds-badge badge ${this.info.themeClass}`;
    }

    get hasScore(): boolean {
        return typeof this.score === 'number';
    }

    get trendDisplay(): TrendInfo | null {
        return this.hideTrend ? null : trendInfo(this.trend, this.scoreChange);
    }

    get trendClass(): string {
        return `trend slds-text-body_small ${this.trendDisplay?.textClass ?? ''}`;
    }

    /** Everything in one sentence for screen readers, e.g. "Health Red: At risk, score 34, Declining −12 pts". */
    get assistiveText(): string {
        const parts = [`Health ${this.info.band}: ${this.info.label}`];
        if (this.hasScore) parts.push(`score ${this.score}`);
        if (this.trendDisplay) parts.push(this.trendDisplay.text);
        return parts.join(', ');
    }
}
