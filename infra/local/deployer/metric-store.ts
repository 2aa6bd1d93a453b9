import { computeStatistic, type Datapoint } from './alarm-evaluator.js';

/** The metrics the local deployer measures per version. */
export const LOCAL_METRICS = ['Requests', 'Errors', 'ErrorRate', 'Latency'] as const;

/** One of {@link LOCAL_METRICS}. */
export type LocalMetric = (typeof LOCAL_METRICS)[number];

/** One request as the proxy saw it. */
export interface RequestSample {
  /** Epoch ms when the answer completed (CloudWatch timestamps a datapoint when it is reported). */
  readonly at: number;
  readonly latencyMs: number;
  /** A 5xx answer or no answer at all (connection refused, reset, timed out). */
  readonly error: boolean;
  /** Sent by the traffic generator rather than by a user. */
  readonly synthetic: boolean;
}

/** Which datapoints to compute. */
export interface SeriesQuery {
  readonly metric: string;
  readonly statistic: string;
  /** Versions whose samples are pooled (one for a per-version series). */
  readonly versions: readonly string[];
  readonly periodMs: number;
  /** Epoch ms; only periods that ended at or before it are returned. */
  readonly end: number;
  /** How many periods, counting back from `end`. */
  readonly count: number;
  /** Epoch ms; periods that began before it are left out (a watch that started later). */
  readonly notBefore?: number;
}

/** A datapoint with the period it aggregates. */
export interface PeriodDatapoint {
  readonly start: number;
  readonly end: number;
  readonly value: Datapoint;
}

/**
 * Per-request samples for each version of one component. Every metric is a per-request value
 * (`Requests` 1, `Errors` 0/1, `ErrorRate` 0/100, `Latency` ms), so every CloudWatch statistic
 * comes from one code path: `ErrorRate` Average is the error percentage, `Errors` Sum the count,
 * `Latency` p99 the 99th percentile. A period without requests is a missing datapoint, as in
 * CloudWatch (no Lambda invocation, no `Invocations` datapoint).
 *
 * @example
 * ```ts
 * const store = new MetricStore();
 * store.record('1.2.0', { at: Date.now(), latencyMs: 12, error: true, synthetic: false });
 * store.series({ metric: 'ErrorRate', statistic: 'Average', versions: ['1.2.0'], periodMs: 60_000, end: Date.now() + 60_000, count: 1 });
 * ```
 */
export class MetricStore {
  readonly #samples = new Map<string, RequestSample[]>();

  /** @param retentionMs samples older than this are dropped. @default 600_000 */
  public constructor(private readonly retentionMs = 600_000) {}

  /** Adds one request's outcome to `version`'s samples. */
  public record(version: string, sample: RequestSample): void {
    let list = this.#samples.get(version);
    if (list === undefined) {
      list = [];
      this.#samples.set(version, list);
    }
    list.push(sample);
    // Dropping in batches keeps `record` O(1) amortised.
    if (list.length % 1024 === 0) this.#prune(list, sample.at);
  }

  /** Every sample of `version` in `[from, to)`, oldest first. */
  public samples(version: string, from = 0, to = Number.POSITIVE_INFINITY): RequestSample[] {
    return (this.#samples.get(version) ?? []).filter((sample) => sample.at >= from && sample.at < to);
  }

  /** Datapoints for complete periods on a grid of `periodMs` from the epoch, oldest first. */
  public series(query: SeriesQuery): PeriodDatapoint[] {
    const lastEnd = Math.floor(query.end / query.periodMs) * query.periodMs;
    const points: PeriodDatapoint[] = [];
    for (let index = query.count; index >= 1; index -= 1) {
      const end = lastEnd - (index - 1) * query.periodMs;
      const start = end - query.periodMs;
      if (query.notBefore !== undefined && start < query.notBefore) continue;
      const values = query.versions.flatMap((version) => this.samples(version, start, end).map((sample) => valueOf(query.metric, sample)));
      const present = values.filter((value): value is number => value !== undefined);
      points.push({ start, end, value: computeStatistic(present, query.statistic) });
    }
    return points;
  }

  /** Forgets a version (its process is gone and nothing will ask for it again). */
  public forget(version: string): void {
    this.#samples.delete(version);
  }

  #prune(list: RequestSample[], now: number): void {
    const keepFrom = list.findIndex((sample) => sample.at >= now - this.retentionMs);
    if (keepFrom > 0) list.splice(0, keepFrom);
  }
}

/** A request's value for `metric`; `undefined` for metrics measured nowhere locally. */
function valueOf(metric: string, sample: RequestSample): number | undefined {
  switch (metric) {
    case 'Requests':
      return 1;
    case 'Errors':
      return sample.error ? 1 : 0;
    case 'ErrorRate':
      return sample.error ? 100 : 0;
    case 'Latency':
      return sample.latencyMs;
    default:
      return undefined;
  }
}
