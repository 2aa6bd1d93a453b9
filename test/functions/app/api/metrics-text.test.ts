import { describe, expect, it } from 'vitest';
import { metricsText } from '../../../../functions/app/api/metrics-text.js';
import { fakeAppDeps, seedComponents } from '../../../support/fakes/index.js';
import { aSimulation, anEvaluation, givenWorkflow } from '../app-fixtures.js';

/** Families declared with HELP and TYPE, and the metric name of every sample line. */
function parse(text: string): { declared: Map<string, string>; samples: string[] } {
  const declared = new Map<string, string>();
  const samples: string[] = [];
  for (const line of text.trimEnd().split('\n')) {
    const type = /^# TYPE (\S+) (counter|gauge)$/.exec(line);
    if (type) declared.set(type[1] as string, type[2] as string);
    else if (!line.startsWith('# HELP ')) samples.push(line);
  }
  return { declared, samples };
}

describe('Use case: metricsText', () => {
  it('exposes the key metrics as Prometheus text, every sample declared with HELP and TYPE', async () => {
    // Prepare
    const deps = fakeAppDeps();
    await seedComponents(deps);
    await givenWorkflow(deps, { version: '1.5.0', stage: 'AWAITING_APPROVAL', evaluation: anEvaluation(), simulation: aSimulation() });
    await givenWorkflow(deps, {
      version: '1.6.0', stage: 'ROLLED_BACK', simulation: aSimulation({ status: 'FAILED' }), evaluation: anEvaluation({ decision: 'AUTO_APPROVE' }),
      rollout: { deploymentId: 'd1', strategy: 'canary', status: 'ROLLED_BACK', candidateWeight: 0, startedAt: '2025-01-15T12:00:00.000Z', endedAt: '2025-01-15T12:05:00.000Z' },
    });
    await deps.detection.recordRun('2025-01-15T11:00:00.000Z');

    // Act
    const text = await metricsText(deps);

    // Assess
    const { declared, samples } = parse(text);
    for (const sample of samples) expect(declared.has(sample.split(/[{ ]/)[0] as string), sample).toBe(true);
    expect(samples).toEqual(expect.arrayContaining([
      'upkeep_active_workflows 1',
      'upkeep_pending_approvals 1',
      'upkeep_simulations_total{result="passed"} 1',
      'upkeep_simulations_total{result="failed"} 1',
      'upkeep_simulation_success_ratio 0.5',
      'upkeep_decisions_total{decision="MANUAL_REVIEW"} 1',
      'upkeep_manual_review_ratio 0.5',
      'upkeep_rollbacks_total 1',
      'upkeep_rollback_ratio 1',
      'upkeep_deployment_duration_seconds_mean 300',
      'upkeep_detection_enabled 1',
      'upkeep_detection_last_run_timestamp_seconds 1736938800',
      'upkeep_components 1',
    ]));
    expect(declared.get('upkeep_updates_detected_total')).toBe('counter');
    expect(text).toMatch(/\n$/);
  });

  it('leaves out a ratio with nothing to divide, but still declares it', async () => {
    // Prepare
    const deps = fakeAppDeps();

    // Act
    const { declared, samples } = parse(await metricsText(deps));

    // Assess
    expect(declared.get('upkeep_deployment_success_ratio')).toBe('gauge');
    expect(samples.some((s) => s.startsWith('upkeep_deployment_success_ratio'))).toBe(false);
  });
});
