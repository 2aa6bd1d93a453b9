import type { AlarmConfig } from '../../../functions/core/config/schema.js';
import { requireDuration } from '../../../functions/core/duration.js';
import { evaluateAlarm, evaluationRange, type AlarmState } from './alarm-evaluator.js';
import type { MetricStore } from './metric-store.js';

/** An alarm that went to ALARM, and when its first breaching datapoint's period ended. */
export interface AlarmFiring {
  readonly alarm: string;
  readonly reason: string;
  /** Epoch ms the evaluation concluded ALARM. */
  readonly at: number;
  /** Epoch ms the period of the oldest breaching datapoint ended. */
  readonly firstBreachAt?: number;
}

/** What an alarm is now. */
export interface AlarmStatus {
  readonly name: string;
  readonly state: AlarmState;
  readonly reason: string;
}

/** What to watch and how. */
export interface AlarmWatchOptions {
  readonly alarms: readonly AlarmConfig[];
  readonly metrics: MetricStore;
  /** The versions whose samples an alarm judges (resolved from its dimensions by the caller). */
  readonly versionsFor: (alarm: AlarmConfig) => readonly string[];
  /** Configuration time × this = wall-clock time (0.01: a 1-minute period lasts 600 ms). */
  readonly timeScale: number;
  /** Periods that began before this (epoch ms) are not looked at. @default - now */
  readonly startAt?: number;
  /** Called once per transition to ALARM. */
  readonly onAlarm?: (firing: AlarmFiring) => void;
}

/** Evaluating a moment after the period ends lets requests that finished on the boundary land. */
const GRACE_MS = 5;

/**
 * Evaluates alarms at the end of every period, on the metric store's grid, keeping each alarm's
 * state between evaluations (which `ignore` needs) and reporting transitions to ALARM.
 *
 * @example
 * ```ts
 * const watch = new AlarmWatch({ alarms, metrics, versionsFor: () => ['1.2.0'], timeScale: 0.01, onAlarm: (f) => console.log(f.reason) });
 * watch.start();
 * watch.stop();
 * ```
 */
export class AlarmWatch {
  readonly #states = new Map<string, AlarmStatus>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #startAt: number;
  #stopped = true;

  public constructor(private readonly options: AlarmWatchOptions) {
    this.#startAt = options.startAt ?? Date.now();
    for (const alarm of options.alarms) this.#states.set(alarm.name, { name: alarm.name, state: 'INSUFFICIENT_DATA', reason: 'not evaluated yet' });
  }

  /** Wall-clock length of an alarm's period. */
  public periodMs(alarm: AlarmConfig): number {
    return Math.max(10, requireDuration(alarm.period, `alarm ${alarm.name} period`) * 1000 * this.options.timeScale);
  }

  /** Wall-clock length of the longest evaluation window (period × evaluationPeriods); 0 without alarms. */
  public longestWindowMs(): number {
    return Math.max(0, ...this.options.alarms.map((alarm) => this.periodMs(alarm) * alarm.evaluationPeriods));
  }

  /** Starts evaluating at each period's end. */
  public start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const periods = new Set(this.options.alarms.map((alarm) => this.periodMs(alarm)));
    for (const period of periods) this.#schedule(period);
  }

  /** Stops evaluating; states are kept. */
  public stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  /** Every alarm's state as of the last evaluation. */
  public states(): AlarmStatus[] {
    return [...this.#states.values()];
  }

  /** Evaluates the alarms with wall-clock period `periodMs` (every alarm when unset) as of `now`. */
  public evaluate(now = Date.now(), periodMs?: number): void {
    for (const alarm of this.options.alarms) {
      const period = this.periodMs(alarm);
      if (periodMs !== undefined && period !== periodMs) continue;
      const points = this.options.metrics.series({
        metric: alarm.metric,
        statistic: alarm.statistic,
        versions: this.options.versionsFor(alarm),
        periodMs: period,
        end: now,
        count: evaluationRange(alarm.evaluationPeriods),
        notBefore: this.#startAt,
      });
      const previous = this.#states.get(alarm.name)?.state ?? 'INSUFFICIENT_DATA';
      const result = evaluateAlarm(alarm, points.map((point) => point.value), previous);
      this.#states.set(alarm.name, { name: alarm.name, state: result.state, reason: result.reason });
      if (result.changed && result.state === 'ALARM') {
        const firstBreachAt = result.firstBreachIndex === undefined ? undefined : points[result.firstBreachIndex]?.end;
        this.options.onAlarm?.({ alarm: alarm.name, reason: result.reason, at: now, ...(firstBreachAt === undefined ? {} : { firstBreachAt }) });
      }
    }
  }

  #schedule(periodMs: number): void {
    if (this.#stopped) return;
    const now = Date.now();
    const nextEnd = (Math.floor(now / periodMs) + 1) * periodMs;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.#stopped) return;
      this.evaluate(Date.now(), periodMs);
      this.#schedule(periodMs);
    }, nextEnd - now + GRACE_MS);
    this.#timers.add(timer);
  }
}
