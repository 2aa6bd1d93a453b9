import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it, vi } from 'vitest';
import { figuresOf, publishFigures } from '../../../../functions/handlers/shared/step-metrics.js';

describe('Step metrics', () => {
  it('reads the figures each step reports from its result', () => {
    expect(figuresOf('detect', { started: ['a@1', 'b@2'], failed: [] })).toEqual([{ name: 'UpdatesDetected', value: 2 }, { name: 'DetectionFailures', value: 0 }]);
    // The detector's answers to the API and the webhook are not scheduled passes: they were never counted.
    expect(figuresOf('detect', { results: [] })).toEqual([]);
    expect(figuresOf('collect-results', { status: 'FAILED' })).toEqual([{ name: 'SimulationFailed', value: 1 }]);
    expect(figuresOf('evaluate-policy', { decision: 'MANUAL_REVIEW' })).toEqual([{ name: 'PolicyDecision', value: 1, dimension: ['Decision', 'MANUAL_REVIEW'] }]);
    expect(figuresOf('record-outcome', { stage: 'ROLLED_BACK' }).map((f) => f.name)).toEqual(['WorkflowEnded', 'RolledBack']);
    expect(figuresOf('verify-artifact', { ok: true })).toEqual([]);
  });

  it('publishes each figure as EMF in the Upkeep namespace, with its dimension', () => {
    // Prepare
    const metrics = new Metrics({ namespace: 'Upkeep', serviceName: 'upkeep' });
    const written: unknown[] = [];
    vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => {
      written.push(metrics.serializeMetrics());
      metrics.clearMetrics();
      metrics.clearDimensions();
      return metrics;
    });

    // Act
    publishFigures(figuresOf('evaluate-policy', { decision: 'REJECT' }), metrics);

    // Assess
    expect(written).toEqual([expect.objectContaining({
      Decision: 'REJECT', PolicyDecision: 1,
      _aws: expect.objectContaining({ CloudWatchMetrics: [expect.objectContaining({ Namespace: 'Upkeep', Metrics: [{ Name: 'PolicyDecision', Unit: 'Count' }] })] }) as unknown,
    })]);
  });
});
