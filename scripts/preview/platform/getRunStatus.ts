/**
 * @salesforce/apex/HealthRunStatusController.getRunStatus in the preview: the demo org has no run history, so
 * the preview shows what a healthy nightly sync looks like (scores as of the demo date, last run that night).
 */
import type { RunStatusView } from '../../../force-app/main/default/lwc/healthUtils/healthUtils';
import { org } from './org';
import { wireAdapter } from './wire';

export function previewRunStatus(asOf: string): RunStatusView {
    const ranAt = `${asOf}T02:10:00.000Z`;
    return {
        scoresAsOf: asOf,
        lastSuccessAt: ranAt,
        lastRunAt: ranAt,
        lastRunStatus: 'Succeeded',
        lastRunExitCode: 0,
        lastRunError: null,
        running: false,
        stale: false,
        staleAfterHours: 36,
        hasRuns: true
    };
}

export default wireAdapter(() => ({ data: previewRunStatus(org().asOf) }));
