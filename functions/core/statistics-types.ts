import type { Stage, TerminalStage } from './types.js';
import type { RolloutProgress } from './workflow-types.js';

/**
 * The figures `computeStatistics` returns: what the seed's `get_statistics()` shows and the
 * "Key Metrics to Track". Every rate is a fraction in 0–1, and null (never NaN) when its
 * denominator is zero; every mean is in seconds, and null when there is nothing to average.
 */
export interface WorkflowStatistics {
  readonly workflows: WorkflowCounts;
  /** One entry per component, sorted by name. */
  readonly components: readonly ComponentStatistics[];
  readonly decisions: DecisionStatistics;
  readonly simulation: SimulationStatistics;
  readonly deployment: DeploymentStatistics;
  readonly timing: TimingStatistics;
}

export interface WorkflowCounts {
  readonly total: number;
  /** Workflows in a non-terminal stage. */
  readonly active: number;
  readonly awaitingApproval: number;
  /** Every stage, zero included, so charts need no gap filling. */
  readonly byStage: Readonly<Record<Stage, number>>;
  readonly succeeded: number;
  /**
   * Workflows that ended with a verdict on the update: SUCCEEDED, ROLLED_BACK, REJECTED, FAILED
   * or EXPIRED. DEFERRED and CANCELLED are left out: they will run again or were withdrawn, so
   * they say nothing about whether updates work.
   */
  readonly finished: number;
  /** `succeeded / finished`. */
  readonly successRate: number | null;
}

export interface ComponentStatistics {
  readonly component: string;
  readonly total: number;
  readonly active: number;
  readonly succeeded: number;
  readonly rolledBack: number;
  readonly failed: number;
  /** The most recently ended workflow of this component, or null when none has ended. */
  readonly lastOutcome: LastOutcome | null;
}

export interface LastOutcome {
  readonly workflowId: string;
  readonly version: string;
  readonly stage: TerminalStage;
  /** ISO instant it ended (`endedAt`, or `updatedAt` for records that lack it). */
  readonly at: string;
}

/**
 * Policy decisions (`evaluation.decision`) and, for MANUAL_REVIEW, what the people said. A
 * reviewed workflow counts as rejected when any approver rejected it, else as approved when
 * one approved it; one still waiting, or whose approval expired, counts as neither.
 */
export interface DecisionStatistics {
  /** Workflows with an evaluation: the denominator of every rate here. */
  readonly evaluated: number;
  readonly autoApproved: number;
  readonly manualReview: number;
  readonly deferred: number;
  /** Rejected by policy. */
  readonly rejected: number;
  readonly humanApproved: number;
  readonly humanRejected: number;
  /** `(autoApproved + humanApproved) / evaluated`. */
  readonly approvalRate: number | null;
  /** `(rejected + humanRejected) / evaluated`. */
  readonly rejectionRate: number | null;
  /** `manualReview / evaluated` (overlaps the two above: a review ends in one of them or neither). */
  readonly manualReviewRate: number | null;
  /** `deferred / evaluated`. */
  readonly deferRate: number | null;
}

export interface SimulationStatistics {
  /** Workflows with a simulation result. */
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  /** `passed / total`. */
  readonly successRate: number | null;
  readonly meanDurationSeconds: number | null;
}

export interface DeploymentStatistics {
  /** Workflows whose rollout started. */
  readonly started: number;
  /** Rollouts no longer IN_PROGRESS. */
  readonly finished: number;
  readonly byStatus: Readonly<Record<RolloutProgress['status'], number>>;
  /** `SUCCEEDED / finished`. */
  readonly successRate: number | null;
  /** `ROLLED_BACK / finished`: how often a rollout had to be undone. */
  readonly rollbackFrequency: number | null;
  /** From the rollout's `startedAt` to its `endedAt`, over finished rollouts that have both. */
  readonly meanDurationSeconds: number | null;
}

export interface TimingStatistics {
  /** From `createdAt` (detection) to the end, over SUCCEEDED workflows: the lead time of an update. */
  readonly meanDetectionToDoneSeconds: number | null;
  /**
   * Time spent in AWAITING_APPROVAL, read from `history` (entry into the stage to the next
   * entry), per workflow that has finished waiting; a wait still open is left out.
   */
  readonly meanAwaitingApprovalSeconds: number | null;
}

/** A UTC day of activity, for dashboard charts. */
export interface DailyBucket {
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string;
  /** Workflows created (updates detected) that day. */
  readonly detected: number;
  /** Workflows that ended that day, by terminal stage, zero included. */
  readonly ended: Readonly<Record<TerminalStage, number>>;
  /** Of the workflows that ended that day, as `WorkflowCounts.successRate` defines it. */
  readonly successRate: number | null;
}

/** The days to chart: `from` is rounded down to its UTC midnight; `to` is exclusive. */
export interface TimelineRange {
  readonly from: Date;
  readonly to: Date;
}
