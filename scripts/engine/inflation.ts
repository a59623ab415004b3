// Outcome inflation across reps (MODEL.md): a rep whose rated activities in the window are >= 90% Positive
// (n >= 20) and far above the rest of the team gets their Positive outcomes damped. Reported in the run
// report only, never shown as a rep KPI.
import type { ModelConfig } from './config';
import type { InflationFlag, InflationReport } from './types';

export interface OwnerOutcomeStats {
    rated: number;
    positive: number;
}

/** Counts rated outcomes per owner inside the inflation window. */
export class OwnerOutcomeCounter {
    readonly byOwner = new Map<string, OwnerOutcomeStats>();

    add(ownerId: string | null, positive: boolean): void {
        if (!ownerId) return;
        let stats = this.byOwner.get(ownerId);
        if (!stats) {
            stats = { rated: 0, positive: 0 };
            this.byOwner.set(ownerId, stats);
        }
        stats.rated++;
        if (positive) stats.positive++;
    }
}

export function detectOutcomeInflation(
    byOwner: ReadonlyMap<string, OwnerOutcomeStats>,
    config: ModelConfig,
    ownerNames: ReadonlyMap<string, string> = new Map()
): { report: InflationReport; damping: Map<string, number> } {
    let rated = 0;
    let positive = 0;
    for (const stats of byOwner.values()) {
        rated += stats.rated;
        positive += stats.positive;
    }
    const flagged: InflationFlag[] = [];
    const damping = new Map<string, number>();
    const owners = [...byOwner.keys()].sort();
    for (const ownerId of owners) {
        const stats = byOwner.get(ownerId);
        if (!stats || stats.rated < config.inflationMinRated) continue;
        const share = stats.positive / stats.rated;
        const othersRated = rated - stats.rated;
        // With no other rep to compare against, "far above the team" cannot be shown: do not flag.
        if (othersRated <= 0) continue;
        const teamShare = (positive - stats.positive) / othersRated;
        if (share >= config.inflationPositiveShare && share - teamShare >= config.inflationTeamGap) {
            flagged.push({
                ownerId,
                ownerName: ownerNames.get(ownerId) ?? null,
                rated: stats.rated,
                positive: stats.positive,
                positiveShare: share,
                teamShare,
                damping: config.inflationDamping
            });
            damping.set(ownerId, config.inflationDamping);
        }
    }
    return {
        report: {
            windowDays: config.inflationWindowDays,
            teamPositiveShare: rated > 0 ? positive / rated : 0,
            ratedActivities: rated,
            flagged
        },
        damping
    };
}
