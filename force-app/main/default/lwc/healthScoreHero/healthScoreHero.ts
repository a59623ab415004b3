import { LightningElement, api } from 'lwc';
import LOCALE from '@salesforce/i18n/locale';
import {
    DATA_CHECKLIST,
    DEFAULT_THRESHOLDS,
    bandInfo,
    capWords,
    distanceToNextBand,
    relativeDate
} from 'c/healthUtils';
import type { CapResult } from 'c/healthUtils';

/** Subscores by dimension; null = no data for that dimension. */
export interface Subscores {
    usage: number | null;
    relationship: number | null;
    support: number | null;
    commercial: number | null;
}

/**
 * The top of the account card: the band and score, and how far the account is from the next band and what caps
 * it ("1 point below Yellow · capped by: no active champion"). Unknown is its own state: no number, the
 * coverage, and a checklist of the data to add.
 */
export default class HealthScoreHero extends LightningElement {
    @api band: string | null = null;
    /** Null for Unknown (the engine gives Unknown accounts no score). */
    @api score: number | null = null;
    @api trend: string | null = null;
    @api scoreChange: number | null = null;
    @api bandSince: string | null = null;
    @api scoredAt: string | null = null;
    @api modelVersion: string | null = null;
    @api coverage: number | null = null;
    @api caps: CapResult[] = [];
    @api subscores: Subscores | null = null;
    @api greenThreshold = DEFAULT_THRESHOLDS.green;
    @api redThreshold = DEFAULT_THRESHOLDS.red;

    get info() {
        return bandInfo(this.band);
    }

    get isUnknown(): boolean {
        return this.info.band === 'Unknown' || typeof this.score !== 'number';
    }

    get distance(): string | null {
        return distanceToNextBand(this.info.band, this.score, {
            green: this.greenThreshold,
            red: this.redThreshold
        });
    }

    /** Caps that lowered the score, in words; only these can be called "capped by". */
    get cappedBy(): string | null {
        const applied = (this.caps ?? []).filter((c) => c.applied).map(capWords);
        return applied.length > 0 ? applied.join('; ') : null;
    }

    get meta(): string {
        const today = new Date();
        const parts: string[] = [];
        if (this.bandSince)
            parts.push(`${this.info.band} since ${relativeDate(this.bandSince, today, LOCALE)}`);
        if (this.scoredAt) parts.push(`scored ${relativeDate(this.scoredAt, today, LOCALE)}`);
        if (this.modelVersion) parts.push(`model ${this.modelVersion}`);
        return parts.join(' \u00b7 ');
    }

    get coverageText(): string {
        return typeof this.coverage === 'number'
            ? `Only ${this.coverage}% of the model had data, too little to score.`
            : 'Too little data to score this account.';
    }

    /** One line per dimension without data; support last because having no cases is often fine. */
    get checklist(): { key: string; text: string }[] {
        const s = this.subscores;
        const dims: (keyof Subscores)[] = ['relationship', 'usage', 'commercial', 'support'];
        const missing = s ? dims.filter((d) => s[d] === null) : dims.slice(0, 3);
        const list = (missing.length > 0 ? missing : ['relationship' as const]).map((d) => ({
            key: d,
            text: DATA_CHECKLIST[d] ?? d
        }));
        return list;
    }

    get assistiveHeadline(): string {
        if (this.isUnknown) return 'Health Unknown: not enough data to score';
        return `Health score ${this.score} of 100, ${this.info.band}: ${this.info.label}`;
    }
}
