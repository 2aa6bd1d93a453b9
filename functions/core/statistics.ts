import {
  VERDICT_STAGES, countStages, endOf, isTerminal, mean, rate, secondsBetween, successRate, timesOf, zeroCounts,
} from './statistics-shared.js';
import type {
  ComponentStatistics, DecisionStatistics, DeploymentStatistics, LastOutcome, SimulationStatistics, TimingStatistics,
  WorkflowCounts, WorkflowStatistics,
} from './statistics-types.js';
import type { Decision, TerminalStage } from './types.js';
import type { RolloutProgress, StageEntry, WorkflowRecord } from './workflow-types.js';

export type * from './statistics-types.js';
export { dailyTimeline } from './statistics-timeline.js';

const ROLLOUT_STATUSES = ['IN_PROGRESS', 'SUCCEEDED', 'ROLLED_BACK', 'FAILED', 'STOPPED'] as const satisfies readonly RolloutProgress['status'][];

/**
 * Turns workflow records into the figures the dashboard, `GET /status` and `/metrics` show: the
 * seed's `get_statistics()` (active, success rate, awaiting approval, per component) and its
 * "Key Metrics to Track" (decision rates, simulation and deployment success and duration,
 * rollback frequency, lead time, time awaiting approval). Pure: the same records give the same
 * figures. Definitions of each figure are on the result types (`WorkflowStatistics`).
 *
 * @example
 * ```ts
 * const stats = computeStatistics(await workflowStore.list());
 * stats.workflows.active;            // 3
 * stats.workflows.successRate;       // 0.9, or null before anything has finished
 * stats.deployment.rollbackFrequency; // 0.05
 * ```
 */
export function computeStatistics(records: readonly WorkflowRecord[]): WorkflowStatistics {
  return {
    workflows: workflowCounts(records),
    components: componentStatistics(records),
    decisions: decisionStatistics(records),
    simulation: simulationStatistics(records),
    deployment: deploymentStatistics(records),
    timing: timingStatistics(records),
  };
}

function workflowCounts(records: readonly WorkflowRecord[]): WorkflowCounts {
  const byStage = countStages(records);
  const finished = VERDICT_STAGES.reduce((sum, stage) => sum + byStage[stage], 0);
  return {
    total: records.length,
    active: records.filter((record) => !isTerminal(record.stage)).length,
    awaitingApproval: byStage.AWAITING_APPROVAL,
    byStage,
    succeeded: byStage.SUCCEEDED,
    finished,
    successRate: successRate(byStage),
  };
}

function componentStatistics(records: readonly WorkflowRecord[]): ComponentStatistics[] {
  // Map.groupBy would do, but it needs Node 21 and the local mode runs on Node 20.
  const byComponent = new Map<string, WorkflowRecord[]>();
  for (const record of records) {
    const own = byComponent.get(record.component);
    if (own === undefined) byComponent.set(record.component, [record]);
    else own.push(record);
  }
  return [...byComponent.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([component, own]) => {
      const byStage = countStages(own);
      return {
        component,
        total: own.length,
        active: own.filter((record) => !isTerminal(record.stage)).length,
        succeeded: byStage.SUCCEEDED,
        rolledBack: byStage.ROLLED_BACK,
        failed: byStage.FAILED,
        lastOutcome: lastOutcome(own),
      };
    });
}

function lastOutcome(records: readonly WorkflowRecord[]): LastOutcome | null {
  let last: { readonly record: WorkflowRecord; readonly stage: TerminalStage } | null = null;
  for (const record of records) {
    // ISO instants in UTC sort as strings; compare as times so mixed offsets still order right.
    if (isTerminal(record.stage) && (last === null || timesOf(record).ended > timesOf(last.record).ended)) last = { record, stage: record.stage };
  }
  return last === null ? null : { workflowId: last.record.id, version: last.record.version, stage: last.stage, at: endOf(last.record) };
}

function decisionStatistics(records: readonly WorkflowRecord[]): DecisionStatistics {
  const decisions = records.flatMap((record) => (record.evaluation === undefined ? [] : [{ record, decision: record.evaluation.decision }]));
  const count = (decision: Decision): number => decisions.filter((entry) => entry.decision === decision).length;
  const reviewed = decisions.filter((entry) => entry.decision === 'MANUAL_REVIEW').map((entry) => humanVerdict(entry.record));
  const humanApproved = reviewed.filter((verdict) => verdict === 'APPROVED').length;
  const humanRejected = reviewed.filter((verdict) => verdict === 'REJECTED').length;
  const evaluated = decisions.length;
  const autoApproved = count('AUTO_APPROVE');
  const rejected = count('REJECT');
  const deferred = count('DEFER');
  return {
    evaluated,
    autoApproved,
    manualReview: reviewed.length,
    deferred,
    rejected,
    humanApproved,
    humanRejected,
    approvalRate: rate(autoApproved + humanApproved, evaluated),
    rejectionRate: rate(rejected + humanRejected, evaluated),
    manualReviewRate: rate(reviewed.length, evaluated),
    deferRate: rate(deferred, evaluated),
  };
}

/** One rejection stops an update, so it outweighs any number of approvals. */
function humanVerdict(record: WorkflowRecord): 'APPROVED' | 'REJECTED' | null {
  const said = new Set((record.approvals ?? []).map((approval) => approval.decision));
  if (said.has('REJECTED')) return 'REJECTED';
  return said.has('APPROVED') ? 'APPROVED' : null;
}

function simulationStatistics(records: readonly WorkflowRecord[]): SimulationStatistics {
  const results = records.flatMap((record) => (record.simulation === undefined ? [] : [record.simulation]));
  const passed = results.filter((result) => result.status === 'PASSED').length;
  return {
    total: results.length,
    passed,
    failed: results.length - passed,
    successRate: rate(passed, results.length),
    meanDurationSeconds: mean(results.map((result) => result.durationSeconds)),
  };
}

function deploymentStatistics(records: readonly WorkflowRecord[]): DeploymentStatistics {
  const rollouts = records.flatMap((record) => (record.rollout === undefined ? [] : [record.rollout]));
  const byStatus = zeroCounts(ROLLOUT_STATUSES);
  for (const rollout of rollouts) byStatus[rollout.status] += 1;
  const done = rollouts.filter((rollout) => rollout.status !== 'IN_PROGRESS');
  const durations = done.flatMap((rollout) => (rollout.endedAt === undefined ? [] : [secondsBetween(rollout.startedAt, rollout.endedAt)]));
  return {
    started: rollouts.length,
    finished: done.length,
    byStatus,
    successRate: rate(byStatus.SUCCEEDED, done.length),
    rollbackFrequency: rate(byStatus.ROLLED_BACK, done.length),
    meanDurationSeconds: mean(durations),
  };
}

function timingStatistics(records: readonly WorkflowRecord[]): TimingStatistics {
  const leadTimes = records
    .filter((record) => record.stage === 'SUCCEEDED')
    .map((record) => {
      const { created, ended } = timesOf(record);
      return (ended - created) / 1000;
    });
  const waits = records.flatMap((record) => approvalWaitOf(record));
  return { meanDetectionToDoneSeconds: mean(leadTimes), meanAwaitingApprovalSeconds: mean(waits) };
}

const waitsByRecord = new WeakMap<WorkflowRecord, readonly number[]>();

/** {@link approvalWaits} of a record's history, worked out once per record (records are immutable). */
function approvalWaitOf(record: WorkflowRecord): readonly number[] {
  let waits = waitsByRecord.get(record);
  if (waits === undefined) {
    waits = approvalWaits(record.history);
    waitsByRecord.set(record, waits);
  }
  return waits;
}

/** The workflow's total time awaiting approval, as a one-element list, or none if no wait has ended. */
function approvalWaits(history: readonly StageEntry[]): number[] {
  // Entries are appended in order, but sort anyway: retried writes can land out of order.
  const entries = [...history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const spans = entries.flatMap((entry, index) => {
    const next = entries[index + 1];
    return entry.stage === 'AWAITING_APPROVAL' && next !== undefined ? [secondsBetween(entry.at, next.at)] : [];
  });
  return spans.length === 0 ? [] : [spans.reduce((sum, span) => sum + span, 0)];
}
