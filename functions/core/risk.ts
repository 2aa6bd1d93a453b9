import { formatDuration } from './duration.js';
import type {
  BenchmarkComparison, BreakingSignal, Priority, RiskAssessment, RiskFactor, RiskLevel, SimulationResult, UpdateType,
} from './types.js';

/** What the risk of one update is scored from. */
export interface RiskInput {
  readonly updateType: UpdateType;
  readonly breaking: BreakingSignal;
  /** The candidate's simulation; null when none ran. */
  readonly simulation: SimulationResult | null;
  readonly priority: Priority;
  /** Milliseconds since the candidate was released; null when the release date is unknown. */
  readonly releaseAgeMs: number | null;
  /** How much worse (percent) the benchmark may be before it counts as a degradation. */
  readonly performanceTolerancePercent: number;
}

/**
 * Lowest score of each level: a score below 20 is LOW, 20–44 MEDIUM, 45–69 HIGH, 70 and over
 * CRITICAL. For scale: a fully tested patch scores 5 (LOW); a fresh minor 20 (MEDIUM); a
 * tested breaking major 55 (HIGH); a failed simulation alone 50 (HIGH) and with anything
 * else on top it soon reaches CRITICAL.
 */
export const RISK_THRESHOLDS: Readonly<Record<Exclude<RiskLevel, 'LOW'>, number>> = { MEDIUM: 20, HIGH: 45, CRITICAL: 70 };

const UPDATE_TYPE_POINTS: Record<UpdateType, [number, string]> = {
  major: [30, 'a major update may change any public behaviour'],
  prerelease: [25, 'a prerelease has not been declared stable'],
  minor: [10, 'a minor update adds features'],
  patch: [5, 'a patch only fixes bugs'],
  none: [0, 'no version change'],
};

const PRIORITY_POINTS: Record<Priority, [number, string]> = {
  CRITICAL: [10, 'CRITICAL updates are shipped fast and get less soak time'],
  HIGH: [5, 'HIGH priority updates are shipped sooner than usual'],
  MEDIUM: [0, 'MEDIUM priority: normal pace'],
  LOW: [0, 'LOW priority: normal pace'],
};

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Share of tests passed across all suites (0–1), or null when no test ran.
 *
 * @example
 * ```ts
 * simulationPassRate({ status: 'PASSED', suites: { unit: { run: 50, passed: 49, failed: 1, skipped: 0 } }, durationSeconds: 30 }); // 0.98
 * ```
 */
export function simulationPassRate(simulation: SimulationResult): number | null {
  let run = 0;
  let passed = 0;
  for (const suite of Object.values(simulation.suites)) {
    run += suite.run;
    passed += suite.passed;
  }
  return run === 0 ? null : passed / run;
}

/**
 * How much worse the candidate's benchmark is than the baseline, in percent (negative when it
 * is better), or null when the baseline is not a positive figure to compare with.
 *
 * @example
 * ```ts
 * performanceDeltaPercent({ metric: 'p95', unit: 'ms', baseline: 100, candidate: 112, higherIsBetter: false }); // 12
 * ```
 */
export function performanceDeltaPercent(benchmark: BenchmarkComparison): number | null {
  if (!(benchmark.baseline > 0)) return null;
  const worse = benchmark.higherIsBetter ? benchmark.baseline - benchmark.candidate : benchmark.candidate - benchmark.baseline;
  return (worse / benchmark.baseline) * 100;
}

/**
 * The level a score falls in, per {@link RISK_THRESHOLDS}.
 *
 * @example
 * ```ts
 * riskLevelFor(55); // 'HIGH'
 * ```
 */
export function riskLevelFor(score: number): RiskLevel {
  if (score >= RISK_THRESHOLDS.CRITICAL) return 'CRITICAL';
  if (score >= RISK_THRESHOLDS.HIGH) return 'HIGH';
  if (score >= RISK_THRESHOLDS.MEDIUM) return 'MEDIUM';
  return 'LOW';
}

function simulationFactor(simulation: SimulationResult | null): RiskFactor {
  const factor = 'simulation';
  if (simulation === null) return { factor, points: 30, why: 'no simulation result: nothing shows the candidate works here' };
  if (simulation.status === 'FAILED') {
    return { factor, points: 50, why: `the simulation failed: ${simulation.reason ?? 'no reason given'}` };
  }
  const rate = simulationPassRate(simulation);
  if (rate === null) return { factor, points: 15, why: 'the simulation passed but ran no tests' };
  const percent = `${(rate * 100).toFixed(1)}% of tests passed`;
  if (rate === 1) return { factor, points: 0, why: `the simulation passed: ${percent}` };
  if (rate >= 0.95) return { factor, points: 5, why: `the simulation passed with a few failures: ${percent}` };
  if (rate >= 0.8) return { factor, points: 15, why: `the simulation passed with many failures: ${percent}` };
  return { factor, points: 30, why: `the simulation passed but most checks are shaky: only ${percent}` };
}

function performanceFactor(simulation: SimulationResult | null, tolerance: number): RiskFactor {
  const factor = 'performance';
  const benchmark = simulation?.benchmark;
  if (benchmark === undefined) return { factor, points: 0, why: 'no benchmark was measured' };
  const delta = performanceDeltaPercent(benchmark);
  if (delta === null) return { factor, points: 0, why: `${benchmark.metric} has no positive baseline to compare with` };
  const change = `${benchmark.metric} ${benchmark.baseline} → ${benchmark.candidate} ${benchmark.unit}`;
  if (delta > tolerance) {
    return { factor, points: 20, why: `${change}: ${delta.toFixed(1)}% worse, beyond the ${tolerance}% tolerance` };
  }
  if (delta > 0) return { factor, points: 5, why: `${change}: ${delta.toFixed(1)}% worse, within the ${tolerance}% tolerance` };
  return { factor, points: 0, why: `${change}: no worse than the baseline` };
}

function releaseAgeFactor(ageMs: number | null): RiskFactor {
  const factor = 'release age';
  if (ageMs === null) return { factor, points: 10, why: 'the release date is unknown, so its soak time cannot be shown' };
  const age = `released ${formatDuration(ageMs / 1000)} ago`;
  if (ageMs < DAY_MS) return { factor, points: 20, why: `${age}: less than a day for problems to surface` };
  if (ageMs < 7 * DAY_MS) return { factor, points: 10, why: `${age}: less than a week in the wild` };
  return { factor, points: 0, why: `${age}: a week or more in the wild` };
}

/**
 * Scores the risk of an update, factor by factor, so a person can see why. Points:
 *
 * | factor | points |
 * |---|---|
 * | update type | major 30, prerelease 25, minor 10, patch 5, none 0 |
 * | breaking changes | 25 when signalled |
 * | simulation | failed 50, missing 30, passed: all tests 0, ≥ 95% 5, ≥ 80% 15, less 30, no tests 15 |
 * | performance | worse beyond tolerance 20, worse within it 5, otherwise or unmeasured 0 |
 * | priority | CRITICAL 10, HIGH 5 (urgency means less soak time), otherwise 0 |
 * | release age | under a day 20, under a week 10, unknown 10, otherwise 0 |
 *
 * The level is LOW below 20 points, MEDIUM from 20, HIGH from 45 and CRITICAL from 70
 * ({@link RISK_THRESHOLDS}). Every factor is listed, including those that scored 0.
 *
 * @example
 * ```ts
 * const risk = assessRisk({
 *   updateType: 'patch', breaking: { breaking: false, reasons: [] }, priority: 'LOW',
 *   simulation: { status: 'PASSED', suites: { unit: { run: 10, passed: 10, failed: 0, skipped: 0 } }, durationSeconds: 12 },
 *   releaseAgeMs: 10 * 86_400_000, performanceTolerancePercent: 10,
 * });
 * // risk.level === 'LOW', risk.score === 5
 * ```
 */
export function assessRisk(input: RiskInput): RiskAssessment {
  const [typePoints, typeWhy] = UPDATE_TYPE_POINTS[input.updateType];
  const [priorityPoints, priorityWhy] = PRIORITY_POINTS[input.priority];
  const factors: RiskFactor[] = [
    { factor: 'update type', points: typePoints, why: `${input.updateType}: ${typeWhy}` },
    input.breaking.breaking
      ? { factor: 'breaking changes', points: 25, why: `breaking changes signalled: ${input.breaking.reasons.join('; ')}` }
      : { factor: 'breaking changes', points: 0, why: 'no breaking-change signal' },
    simulationFactor(input.simulation),
    performanceFactor(input.simulation, input.performanceTolerancePercent),
    { factor: 'priority', points: priorityPoints, why: priorityWhy },
    releaseAgeFactor(input.releaseAgeMs),
  ];
  const score = factors.reduce((sum, f) => sum + f.points, 0);
  return { level: riskLevelFor(score), score, factors };
}
