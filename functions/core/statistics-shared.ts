/**
 * Arithmetic shared by the statistics modules. Internal to them: dashboards and handlers use
 * `computeStatistics` and `dailyTimeline`.
 */
import { ACTIVE_STAGES, TERMINAL_STAGES } from './types.js';
import type { Stage, TerminalStage } from './types.js';
import type { WorkflowRecord } from './workflow-types.js';

/** Terminal stages that carry a verdict on the update (see `WorkflowCounts.finished`). */
export const VERDICT_STAGES: readonly TerminalStage[] = ['SUCCEEDED', 'ROLLED_BACK', 'REJECTED', 'FAILED', 'EXPIRED'];

/** `part / whole`, or null when `whole` is zero: an empty system has no rate, not NaN. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** The mean of the readable values; an unreadable timestamp gives NaN and is left out. */
export function mean(values: readonly number[]): number | null {
  const readable = values.filter((value) => Number.isFinite(value));
  return readable.length === 0 ? null : readable.reduce((sum, value) => sum + value, 0) / readable.length;
}

export function secondsBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 1000;
}

export function isTerminal(stage: Stage): stage is TerminalStage {
  return (TERMINAL_STAGES as readonly Stage[]).includes(stage);
}

/** When a workflow ended; records written before `endedAt` existed fall back to their last update. */
export function endOf(record: WorkflowRecord): string {
  return record.endedAt ?? record.updatedAt;
}

/** A record's instants as epoch milliseconds (NaN when unreadable). */
export interface RecordTimes {
  readonly created: number;
  readonly ended: number;
}

// Records are immutable, so what is read off one can be kept for as long as the record lives:
// statistics over a snapshot that changed by one workflow then parse one workflow's instants.
const times = new WeakMap<WorkflowRecord, RecordTimes>();

/** `createdAt` and {@link endOf} as epoch milliseconds, parsed once per record. */
export function timesOf(record: WorkflowRecord): RecordTimes {
  let known = times.get(record);
  if (known === undefined) {
    known = { created: Date.parse(record.createdAt), ended: Date.parse(endOf(record)) };
    times.set(record, known);
  }
  return known;
}

export function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

export function countStages(records: readonly WorkflowRecord[]): Record<Stage, number> {
  const counts = zeroCounts<Stage>([...ACTIVE_STAGES, ...TERMINAL_STAGES]);
  for (const record of records) counts[record.stage] += 1;
  return counts;
}

/** SUCCEEDED over the verdict stages in `counts`. */
export function successRate(counts: Readonly<Record<TerminalStage, number>>): number | null {
  const finished = VERDICT_STAGES.reduce((sum, stage) => sum + counts[stage], 0);
  return rate(counts.SUCCEEDED, finished);
}
