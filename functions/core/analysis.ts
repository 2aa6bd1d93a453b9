/**
 * The analysis after each step of a stepped rollout (issue 8): the candidate against the current
 * version on error rate, p99 latency and custom metrics, with a minimum of requests below which
 * nothing is concluded. Pure: the AWS deployer feeds it CloudWatch figures, the local deployer
 * its proxy's samples; both feed it synthetic checks when real traffic is too thin.
 */

/** What one version served during the step. */
export interface VersionFigures {
  readonly requests: number;
  readonly errors: number;
  /** 99th percentile latency in ms; absent when unknown. */
  readonly p99LatencyMs?: number;
}

/** A custom metric of both versions (e.g. a business metric the component publishes). */
export interface CustomMetricFigures {
  readonly name: string;
  readonly candidate?: number;
  readonly current?: number;
  /** Fail when the candidate is worse than the current by more than this percent. */
  readonly maxWorsePercent: number;
  /** @default false - a larger value is worse (latency, errors) */
  readonly higherIsBetter?: boolean;
}

/** The thresholds of `strategy.analysis` in `upkeep.yaml`. */
export interface AnalysisThresholds {
  /** Percentage points the candidate's error rate may exceed the current's by. */
  readonly maxErrorRateIncrease: number;
  /** Percent the candidate's p99 latency may exceed the current's by. */
  readonly maxLatencyIncreasePercent: number;
  /** Fewer candidate requests than this and nothing is concluded. */
  readonly minRequests: number;
  /**
   * A p99 difference smaller than this many ms never fails, however large in percent: a 1 ms
   * service measured at 3 ms is noise, not a regression. @default 10
   */
  readonly latencyNoiseFloorMs?: number;
}

export interface AnalysisInput {
  readonly candidate: VersionFigures;
  /** The current version over the same time; absent or empty when it served nothing (the last step). */
  readonly current?: VersionFigures;
  readonly thresholds: AnalysisThresholds;
  readonly custom?: readonly CustomMetricFigures[];
}

/** What an analysis concluded, and why, in words a person can check. */
export interface AnalysisVerdict {
  readonly verdict: 'pass' | 'fail' | 'inconclusive';
  /** Every finding, failures first. */
  readonly reasons: readonly string[];
  /** The findings in one line. */
  readonly reason: string;
  /** True when the verdict is inconclusive because too few requests reached the candidate (synthetic checks can settle it). */
  readonly lackOfTraffic: boolean;
}

const round = (n: number): number => Math.round(n * 100) / 100;

/** Error rate in percent; 0 for no requests. */
export function errorRate(figures: VersionFigures): number {
  return figures.requests === 0 ? 0 : (figures.errors / figures.requests) * 100;
}

/**
 * The `p`th percentile (0–100) of `values` by the nearest-rank method, as CloudWatch reports
 * `p99`; undefined for no values.
 *
 * @example
 * ```ts
 * percentile([5, 1, 9, 3], 50); // 3
 * ```
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** Figures from raw outcomes (a synthetic check's, or a proxy's samples). */
export function figuresOf(outcomes: readonly { readonly latencyMs: number; readonly error: boolean }[]): VersionFigures {
  const p99 = percentile(outcomes.map((o) => o.latencyMs), 99);
  return { requests: outcomes.length, errors: outcomes.filter((o) => o.error).length, ...(p99 === undefined ? {} : { p99LatencyMs: p99 }) };
}

/**
 * Judges a step: `inconclusive` when fewer than `minRequests` reached the candidate; else `fail`
 * when its error rate exceeds the current's by more than `maxErrorRateIncrease` points, its p99
 * latency exceeds the current's by more than `maxLatencyIncreasePercent`, or a custom metric is
 * worse by more than its limit; else `pass`. Without figures for the current version (it served
 * nothing), the error rate is judged against zero and latency is not compared.
 *
 * @example
 * ```ts
 * analyseStep({ candidate: { requests: 500, errors: 1, p99LatencyMs: 180 }, current: { requests: 4500, errors: 4, p99LatencyMs: 170 }, thresholds });
 * // { verdict: 'pass', … }
 * ```
 */
export function analyseStep(input: AnalysisInput): AnalysisVerdict {
  const { candidate, thresholds } = input;
  const current = input.current !== undefined && input.current.requests > 0 ? input.current : undefined;
  if (candidate.requests < thresholds.minRequests) {
    const reason = `only ${candidate.requests} request(s) reached the candidate; at least ${thresholds.minRequests} are needed to judge it`;
    return { verdict: 'inconclusive', reasons: [reason], reason, lackOfTraffic: true };
  }
  const failures: string[] = [];
  const findings: string[] = [];

  const candidateRate = errorRate(candidate);
  const currentRate = current === undefined ? 0 : errorRate(current);
  const rateText = `error rate ${round(candidateRate)}% against ${current === undefined ? 'no baseline (0%)' : `${round(currentRate)}%`}`;
  if (candidateRate - currentRate > thresholds.maxErrorRateIncrease) failures.push(`${rateText}: more than ${thresholds.maxErrorRateIncrease} point(s) worse`);
  else findings.push(rateText);

  if (candidate.p99LatencyMs !== undefined && current?.p99LatencyMs !== undefined && current.p99LatencyMs > 0) {
    const increase = ((candidate.p99LatencyMs - current.p99LatencyMs) / current.p99LatencyMs) * 100;
    const text = `p99 latency ${round(candidate.p99LatencyMs)} ms against ${round(current.p99LatencyMs)} ms (${increase >= 0 ? '+' : ''}${round(increase)}%)`;
    const noise = candidate.p99LatencyMs - current.p99LatencyMs < (thresholds.latencyNoiseFloorMs ?? 10);
    if (increase > thresholds.maxLatencyIncreasePercent && !noise) failures.push(`${text}: more than ${thresholds.maxLatencyIncreasePercent}% slower`);
    else findings.push(text);
  } else {
    findings.push('p99 latency not compared (no figures for both versions)');
  }

  for (const metric of input.custom ?? []) {
    if (metric.candidate === undefined || metric.current === undefined || metric.current === 0) {
      findings.push(`${metric.name} not compared (no figures for both versions)`);
      continue;
    }
    const change = ((metric.candidate - metric.current) / Math.abs(metric.current)) * 100;
    const worse = metric.higherIsBetter === true ? -change : change;
    const text = `${metric.name} ${round(metric.candidate)} against ${round(metric.current)}`;
    if (worse > metric.maxWorsePercent) failures.push(`${text}: ${round(worse)}% worse, more than ${metric.maxWorsePercent}%`);
    else findings.push(text);
  }

  const reasons = [...failures, ...findings];
  return { verdict: failures.length > 0 ? 'fail' : 'pass', reasons, reason: reasons.join('; '), lackOfTraffic: false };
}

/**
 * The verdict of synthetic checks run because real traffic was too thin: the same analysis on
 * the checks' figures, except that checks that got no answer at all fail (never pass blindly).
 */
export function judgeSyntheticChecks(input: AnalysisInput): AnalysisVerdict {
  if (input.candidate.requests === 0) {
    const reason = 'synthetic checks could not reach the candidate';
    return { verdict: 'fail', reasons: [reason], reason, lackOfTraffic: false };
  }
  const verdict = analyseStep({ ...input, thresholds: { ...input.thresholds, minRequests: Math.min(input.thresholds.minRequests, input.candidate.requests) } });
  const reasons = verdict.reasons.map((r) => `synthetic checks: ${r}`);
  return { ...verdict, reasons, reason: reasons.join('; ') };
}
