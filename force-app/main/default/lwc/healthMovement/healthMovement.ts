import { LightningElement, api, wire } from 'lwc';
import getMovement from '@salesforce/apex/HealthMovementController.getMovement';
import LOCALE from '@salesforce/i18n/locale';
import { formatDate } from 'c/healthUtils';
import { describeMovement, diffMovement } from './movementDiff';
import type { Movement, MovementPoint } from './movementDiff';

interface ApexPoint {
    asOf: string;
    score: number | null;
    band: string | null;
    modelVersion: string | null;
    topDrivers: string | null;
}

interface ApexMovement {
    current: ApexPoint | null;
    previous: ApexPoint | null;
    days: number;
}

interface Row {
    key: string;
    label: string;
    points: string;
    className: string;
}

const signed = (n: number): string => (n > 0 ? `+${n}` : n < 0 ? `\u2212${-n}` : '0');
const toPoint = (p: ApexPoint): MovementPoint => ({
    asOf: p.asOf,
    score: p.score ?? null,
    modelVersion: p.modelVersion ?? null,
    topDrivers: p.topDrivers ?? null
});

/**
 * "Why did it move": the change of the score since about `days` ago and the drivers that moved it, from two
 * health snapshots (their compact top drivers). A model version change is said as such, never blamed on the
 * customer. A child of the Account card.
 */
export default class HealthMovement extends LightningElement {
    @api recordId: string | undefined;
    /** Compare with the snapshot nearest on or before this many days before the latest one. */
    @api days = 30;

    data: ApexMovement | null = null;
    loadError: unknown = null;
    loaded = false;

    @wire(getMovement, { accountId: '$recordId', days: '$days' })
    wiredMovement({ data, error }: { data?: ApexMovement; error?: unknown }): void {
        if (data === undefined && error === undefined) return;
        this.data = data ?? null;
        this.loadError = data ? null : (error ?? null);
        this.loaded = true;
    }

    get movement(): Movement | null {
        const current = this.data?.current;
        if (!current) return null;
        return diffMovement(this.data?.previous ? toPoint(this.data.previous) : null, toPoint(current));
    }

    /** The movement as it is worded on screen: its date in the user's locale ("Oct 21, 2026"), as the rest of the card. */
    private get worded(): Movement | null {
        const movement = this.movement;
        if (!movement || !movement.since) return movement;
        return { ...movement, since: formatDate(movement.since, LOCALE) || movement.since };
    }

    get hasError(): boolean {
        return this.loaded && this.loadError !== null;
    }

    get isEmpty(): boolean {
        return this.loaded && !this.hasError && (this.movement === null || this.movement.kind === 'none');
    }

    get emptyText(): string {
        const movement = this.worded;
        if (movement === null) return 'No health snapshot yet: the first sync will start the history.';
        return describeMovement(movement);
    }

    get isModelChange(): boolean {
        return this.movement?.kind === 'model-changed';
    }

    get isMoved(): boolean {
        return this.movement?.kind === 'moved';
    }

    get headline(): string {
        const movement = this.worded;
        if (!movement || movement.kind === 'none') return '';
        if (movement.kind === 'model-changed') return `Model changed from ${movement.from} to ${movement.to}`;
        return `${signed(movement.change)} since ${movement.since}`;
    }

    get modelChangeDetail(): string {
        const movement = this.worded;
        if (!movement || movement.kind !== 'model-changed') return '';
        return movement.change === null
            ? `The scoring model changed on ${movement.since}: compare from the next snapshot on.`
            : `${signed(movement.change)} since ${movement.since} comes from the new model, not from the customer.`;
    }

    get headlineClass(): string {
        const movement = this.movement;
        const change = movement?.kind === 'moved' ? movement.change : 0;
        return `headline slds-text-heading_small${change < 0 ? ' down' : change > 0 ? ' up' : ''}`;
    }

    get rows(): Row[] {
        const movement = this.movement;
        if (!movement || movement.kind !== 'moved') return [];
        const rows: Row[] = movement.items.map((item) => ({
            key: item.key,
            label: item.label,
            points: signed(item.points),
            className: `row ${item.points < 0 ? 'down' : 'up'}`
        }));
        if (movement.detailed && movement.other !== 0)
            rows.push({
                key: 'other',
                label: 'Other drivers',
                points: signed(movement.other),
                className: `row other ${movement.other < 0 ? 'down' : 'up'}`
            });
        return rows;
    }

    get hasRows(): boolean {
        return this.rows.length > 0;
    }

    get noDetail(): boolean {
        const movement = this.movement;
        return movement?.kind === 'moved' && !movement.detailed;
    }

    get summary(): string {
        const movement = this.worded;
        return movement ? describeMovement(movement) : '';
    }
}
