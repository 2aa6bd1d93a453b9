import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** One figure a step reports to CloudWatch (EMF), optionally split by one dimension. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly dimension?: readonly [name: string, value: string];
}

const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

/**
 * The figures of the seed's "Key Metrics" a step's result tells, in namespace `Upkeep`:
 * `UpdatesDetected`/`DetectionFailures` (detect), `SimulationPassed`/`SimulationFailed`
 * (collect-results), `PolicyDecision` by `Decision` (evaluate-policy), `WorkflowEnded` by outcome and
 * `RolledBack`/`Deployed` (record-outcome). Other steps report nothing.
 */
export function figuresOf(step: string, result: unknown): Figure[] {
  const r = (typeof result === 'object' && result !== null ? result : {}) as Record<string, unknown>;
  switch (step) {
    case 'detect':
      // Scheduled passes only: the detector also answers the API's and the webhook's calls, which were never counted.
      return Array.isArray(r.started) ? [{ name: 'UpdatesDetected', value: list(r.started).length }, { name: 'DetectionFailures', value: list(r.failed).length }] : [];
    case 'collect-results':
      return [{ name: r.status === 'PASSED' ? 'SimulationPassed' : 'SimulationFailed', value: 1 }];
    case 'evaluate-policy':
      return typeof r.decision === 'string' ? [{ name: 'PolicyDecision', value: 1, dimension: ['Decision', r.decision] }] : [];
    case 'record-outcome': {
      if (typeof r.stage !== 'string') return [];
      const extra = r.stage === 'ROLLED_BACK' ? [{ name: 'RolledBack', value: 1 }] : r.stage === 'SUCCEEDED' ? [{ name: 'Deployed', value: 1 }] : [];
      return [{ name: 'WorkflowEnded', value: 1, dimension: ['Outcome', r.stage] as const }, ...extra];
    }
    default:
      return [];
  }
}

let shared: Metrics | undefined;

/**
 * Publishes figures as CloudWatch Embedded Metric Format lines (Powertools Metrics). Created on
 * first use, so `POWERTOOLS_METRICS_DISABLED` (set by local mode: `/metrics` serves the same
 * figures there) is read after the runtime has set it.
 */
export function publishFigures(figures: readonly Figure[], metrics?: Metrics): void {
  if (figures.length === 0) return;
  const sink = metrics ?? (shared ??= new Metrics({ namespace: 'Upkeep', serviceName: 'upkeep' }));
  for (const f of figures) {
    if (f.dimension !== undefined) sink.addDimension(f.dimension[0], f.dimension[1]);
    sink.addMetric(f.name, MetricUnit.Count, f.value);
    sink.publishStoredMetrics();
  }
}
