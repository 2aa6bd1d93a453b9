/**
 * CloudWatch metric-alarm evaluation as a pure function of recorded datapoints, so local
 * rollbacks follow the same rules a CodeDeploy rollback alarm follows in AWS.
 *
 * Rules (Amazon CloudWatch User Guide, "Configuring how CloudWatch alarms treat missing data"):
 * - The alarm looks at an *evaluation range* longer than `evaluationPeriods` (M) — 5 slots for
 *   M = 3 in the guide's tables; {@link evaluationRange} gives M + 2.
 * - With at least M real datapoints in the range, the most recent M real ones decide, and the
 *   missing-data treatment is not consulted.
 * - With fewer, the shortfall is filled from the most recent missing slots (as few fills as
 *   possible) with the treatment, and every real datapoint in the range still counts.
 * - `missing`: all missing → INSUFFICIENT_DATA; "premature alarm" rule: when no evaluated real
 *   datapoint is non-breaching and the oldest breaching one is at least `datapointsToAlarm` (N)
 *   places old, the alarm goes to ALARM even with fewer than N real breaching datapoints.
 * - `ignore`: like `missing`, except that the cases where `missing` would go to INSUFFICIENT_DATA
 *   or alarm prematurely keep the current state instead.
 *
 * One addition for a watch that has just begun (the range holds fewer than M slots): it can
 * only go to ALARM (when enough datapoints already breach); otherwise it keeps its state.
 */
import type { AlarmConfig } from '../../../functions/core/config/schema.js';
import { ValidationError } from '../../../functions/core/errors.js';

/** The three states of a CloudWatch metric alarm. */
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** One period's aggregated value; `undefined` is a missing datapoint. */
export type Datapoint = number | undefined;

/** The parts of an alarm that evaluation needs. */
export type AlarmRule = Pick<AlarmConfig, 'metric' | 'statistic' | 'evaluationPeriods' | 'datapointsToAlarm' | 'threshold' | 'comparison' | 'treatMissingData'>;

/** What one evaluation concluded. */
export interface AlarmEvaluation {
  readonly state: AlarmState;
  /** True when `state` differs from the state before this evaluation. */
  readonly changed: boolean;
  /** Breaching datapoints among those evaluated (real and filled). */
  readonly breaching: number;
  /** Real datapoints among those evaluated. */
  readonly real: number;
  /** Missing datapoints filled in with the missing-data treatment. */
  readonly filled: number;
  /** Index in the range of the oldest breaching datapoint evaluated, if any. */
  readonly firstBreachIndex?: number;
  /** Why, in CloudWatch's manner: `ErrorRate > 5 for 2 of 3 datapoints …`. */
  readonly reason: string;
}

const SYMBOL: Record<AlarmRule['comparison'], string> = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '>=',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '<=',
};

/** How many recent periods an alarm with `evaluationPeriods` looks at (M + 2, as in the guide's example). */
export function evaluationRange(evaluationPeriods: number): number {
  return evaluationPeriods + 2;
}

/** True when `value` breaches the rule's threshold. */
export function breaches(rule: Pick<AlarmRule, 'comparison' | 'threshold'>, value: number): boolean {
  switch (rule.comparison) {
    case 'GreaterThanThreshold':
      return value > rule.threshold;
    case 'GreaterThanOrEqualToThreshold':
      return value >= rule.threshold;
    case 'LessThanThreshold':
      return value < rule.threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= rule.threshold;
  }
}

/**
 * The state of an alarm after looking at `range` (oldest first, the last entry being the most
 * recent complete period), given the state it had before.
 *
 * @example
 * ```ts
 * const rule = { metric: 'ErrorRate', statistic: 'Average', evaluationPeriods: 3, datapointsToAlarm: 2, threshold: 5, comparison: 'GreaterThanThreshold', treatMissingData: 'missing' } as const;
 * evaluateAlarm(rule, [0, undefined, 40, undefined, 60]).state; // 'ALARM'
 * ```
 */
export function evaluateAlarm(rule: AlarmRule, range: readonly Datapoint[], previous: AlarmState = 'INSUFFICIENT_DATA'): AlarmEvaluation {
  const m = rule.evaluationPeriods;
  const n = rule.datapointsToAlarm ?? m;
  const slots = range.map((value, index) => ({ index, value, breaching: value !== undefined && breaches(rule, value) }));
  const real = slots.filter((slot) => slot.value !== undefined);
  const realBreaching = (list: typeof slots) => list.filter((slot) => slot.breaching).length;
  const result = (state: AlarmState, evaluated: typeof slots, breaching: number, filled: number, note = ''): AlarmEvaluation => {
    const firstBreach = evaluated.find((slot) => slot.breaching || (slot.value === undefined && rule.treatMissingData === 'breaching'));
    return {
      state,
      changed: state !== previous,
      breaching,
      real: evaluated.length - filled,
      filled,
      ...(firstBreach === undefined ? {} : { firstBreachIndex: firstBreach.index }),
      reason: describe(rule, n, breaching, evaluated.map((slot) => slot.value)) + note,
    };
  };

  if (real.length >= m) {
    const used = real.slice(-m);
    const breaching = realBreaching(used);
    return result(breaching >= n ? 'ALARM' : 'OK', used, breaching, 0);
  }

  const missing = slots.filter((slot) => slot.value === undefined);
  const fillCount = Math.min(m - real.length, missing.length);
  const fills = fillCount === 0 ? [] : missing.slice(-fillCount);
  const evaluated = [...real, ...fills].sort((a, b) => a.index - b.index);
  const warmingUp = evaluated.length < m;
  const breachingReal = realBreaching(real);
  const keep = (note: string) => result(previous, evaluated, breachingReal, fills.length, note);
  if (breachingReal >= n) return result('ALARM', evaluated, breachingReal, fills.length);

  switch (rule.treatMissingData) {
    case 'breaching': {
      const breaching = breachingReal + fills.length;
      if (breaching >= n) return result('ALARM', evaluated, breaching, fills.length);
      return warmingUp ? keep(' (waiting for more periods)') : result('OK', evaluated, breaching, fills.length);
    }
    case 'notBreaching':
      return warmingUp ? keep(' (waiting for more periods)') : result('OK', evaluated, breachingReal, fills.length);
    case 'missing':
    case 'ignore': {
      const ignore = rule.treatMissingData === 'ignore';
      if (real.length === 0) {
        if (ignore || warmingUp) return keep(' (no data; state kept)');
        return result('INSUFFICIENT_DATA', evaluated, 0, fills.length, ' (no data)');
      }
      if (alarmsPrematurely(evaluated, n)) {
        return ignore ? keep(' (missing data ignored; state kept)') : result('ALARM', evaluated, breachingReal, fills.length);
      }
      return warmingUp ? keep(' (waiting for more periods)') : result('OK', evaluated, breachingReal, fills.length);
    }
  }
}

/**
 * The guide's "premature alarm state" rule: no real datapoint in the evaluated set is within
 * the threshold, and the oldest breaching one is at least `n` places old (`- - X - -` for 3 of 3).
 */
function alarmsPrematurely(evaluated: readonly { readonly value: Datapoint; readonly breaching: boolean }[], n: number): boolean {
  if (evaluated.some((slot) => slot.value !== undefined && !slot.breaching)) return false;
  const oldest = evaluated.findIndex((slot) => slot.breaching);
  return oldest >= 0 && evaluated.length - oldest >= n;
}

function describe(rule: AlarmRule, n: number, breaching: number, values: readonly Datapoint[]): string {
  const shown = values.map((value) => (value === undefined ? '-' : String(Math.round(value * 100) / 100))).join(', ');
  return `${rule.metric} ${SYMBOL[rule.comparison]} ${rule.threshold} for ${breaching} of ${rule.evaluationPeriods} datapoints `
    + `(${rule.statistic}: ${shown}; ${n} needed to alarm, missing data as ${rule.treatMissingData})`;
}

/**
 * A CloudWatch statistic of raw samples; `undefined` (a missing datapoint) when there are none.
 * Percentiles use the nearest-rank method.
 *
 * @example
 * ```ts
 * computeStatistic([10, 20, 30, 400], 'p99'); // 400
 * ```
 */
export function computeStatistic(samples: readonly number[], statistic: string): Datapoint {
  if (samples.length === 0) return undefined;
  switch (statistic) {
    case 'SampleCount':
      return samples.length;
    case 'Sum':
      return samples.reduce((sum, value) => sum + value, 0);
    case 'Average':
      return samples.reduce((sum, value) => sum + value, 0) / samples.length;
    case 'Minimum':
      return samples.reduce((low, value) => Math.min(low, value), Number.POSITIVE_INFINITY);
    case 'Maximum':
      return samples.reduce((high, value) => Math.max(high, value), Number.NEGATIVE_INFINITY);
    default: {
      const match = /^p(\d{1,2}(?:\.\d{1,2})?)$/.exec(statistic);
      if (match === null) throw new ValidationError(`statistic must be Average, Sum, Minimum, Maximum, SampleCount or pNN, got "${statistic}"`);
      const sorted = [...samples].sort((a, b) => a - b);
      const rank = Math.max(1, Math.ceil((Number(match[1]) / 100) * sorted.length));
      return sorted[rank - 1];
    }
  }
}
