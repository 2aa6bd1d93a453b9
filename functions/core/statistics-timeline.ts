import { isTerminal, successRate, timesOf, zeroCounts } from './statistics-shared.js';
import type { DailyBucket, TimelineRange } from './statistics-types.js';
import { TERMINAL_STAGES } from './types.js';
import type { TerminalStage } from './types.js';
import type { WorkflowRecord } from './workflow-types.js';

const MS_PER_DAY = 86_400_000;
/** Two years of days: a chart wider than that is unreadable, and a typo in a year must not allocate millions. */
export const MAX_TIMELINE_DAYS = 731;

interface MutableBucket {
  readonly day: string;
  detected: number;
  readonly ended: Record<TerminalStage, number>;
}

/**
 * Counts workflows per UTC day over a range, for dashboard charts: how many updates were
 * detected (`createdAt`) and how many ended, by outcome (`endedAt`, or `updatedAt` for records
 * that lack it), with that day's success rate. Every day in the range is present, empty ones
 * included; workflows outside it are left out.
 *
 * @throws RangeError when `to` is not after `from`, or the range spans more than `MAX_TIMELINE_DAYS`
 * @example
 * ```ts
 * const days = dailyTimeline(records, { from: new Date('2025-05-01'), to: new Date('2025-06-01') });
 * days[0]; // { day: '2025-05-01', detected: 4, ended: { SUCCEEDED: 3, ROLLED_BACK: 1, … }, successRate: 0.75 }
 * ```
 */
export function dailyTimeline(records: readonly WorkflowRecord[], range: TimelineRange): DailyBucket[] {
  const start = Math.floor(range.from.getTime() / MS_PER_DAY) * MS_PER_DAY;
  const days = Math.ceil((range.to.getTime() - start) / MS_PER_DAY);
  // Negated so that an invalid Date (NaN) fails too.
  if (!(days > 0 && days <= MAX_TIMELINE_DAYS)) {
    throw new RangeError(
      `range must end after it starts and span at most ${MAX_TIMELINE_DAYS} days, got ${render(range.from)} to ${render(range.to)}`,
    );
  }
  const buckets: MutableBucket[] = Array.from({ length: days }, (_, index) => ({
    day: new Date(start + index * MS_PER_DAY).toISOString().slice(0, 10),
    detected: 0,
    ended: zeroCounts(TERMINAL_STAGES),
  }));
  // An instant before the range, after it, or unreadable (NaN) finds no bucket.
  const bucketOf = (time: number): MutableBucket | undefined => buckets[Math.floor((time - start) / MS_PER_DAY)];
  for (const record of records) {
    const times = timesOf(record);
    const created = bucketOf(times.created);
    if (created !== undefined) created.detected += 1;
    if (isTerminal(record.stage)) {
      const ended = bucketOf(times.ended);
      if (ended !== undefined) ended.ended[record.stage] += 1;
    }
  }
  return buckets.map((bucket) => ({ ...bucket, successRate: successRate(bucket.ended) }));
}

function render(date: Date): string {
  // Typed as string, but an invalid Date gives null.
  return date.toJSON() ?? 'an invalid date';
}
