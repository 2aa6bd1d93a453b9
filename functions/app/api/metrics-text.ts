import { DECISIONS, PRIORITIES, type Stage } from '../../core/types.js';
import type { WorkflowRecord } from '../../core/workflow-types.js';
import type { AppDeps } from '../app-deps.js';
import { STAGES_ALL } from '../stages.js';
import { allComponents } from './component-list.js';
import { workflowSnapshot } from './workflow-snapshot.js';

type Labels = Readonly<Record<string, string>>;
interface Sample { readonly labels?: Labels; readonly value: number | null }
interface Family { readonly name: string; readonly type: 'counter' | 'gauge'; readonly help: string; readonly samples: readonly Sample[] }

const UNIT_SECONDS: Readonly<Record<string, number>> = { minute: 60, hour: 3600, day: 86_400 };

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** Prometheus text exposition format 0.0.4; samples without a value (a rate of nothing) are left out. */
export function exposition(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      if (s.value === null || !Number.isFinite(s.value)) continue;
      const labels = s.labels === undefined ? '' : `{${Object.entries(s.labels).map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}`;
      lines.push(`${f.name}${labels} ${s.value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Mean seconds from a release's publication to its detection (the workflow's creation), by priority. */
function timeToDetect(workflows: readonly WorkflowRecord[]): Sample[] {
  return PRIORITIES.map((priority) => {
    const spans = workflows
      .filter((w) => w.priority?.priority === priority && w.release?.releasedAt !== undefined)
      .map((w) => (Date.parse(w.createdAt) - Date.parse(w.release?.releasedAt ?? '')) / 1000)
      .filter((s) => Number.isFinite(s) && s >= 0);
    return { labels: { priority: priority.toLowerCase() }, value: spans.length === 0 ? null : spans.reduce((a, b) => a + b, 0) / spans.length };
  });
}

/** Seconds between scheduled checks for a `rate(...)` schedule; null for cron schedules. */
function interval(schedule: string): number | null {
  const m = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(schedule);
  return m === null ? null : Number(m[1]) * (UNIT_SECONDS[m[2] as string] as number);
}

/**
 * `GET /metrics`: the seed's "Key Metrics to Track" as Prometheus text — updates detected,
 * check frequency and last check, time to detect, simulation success and duration, decision
 * rates, deployment success and duration, rollback frequency, active workflows and pending
 * approvals. Derived from the stored records, so every replica of the API answers the same.
 */
export async function metricsText(deps: Pick<AppDeps, 'workflows' | 'components' | 'detection' | 'config'>): Promise<string> {
  const [{ workflows, statistics: s }, components, detection, config] = await Promise.all([workflowSnapshot(deps.workflows), allComponents(deps), deps.detection.status(), deps.config.get()]);
  const byPriority = (p: string): number => workflows.filter((w) => w.priority?.priority === p).length;
  const decisions = { AUTO_APPROVE: s.decisions.autoApproved, MANUAL_REVIEW: s.decisions.manualReview, DEFER: s.decisions.deferred, REJECT: s.decisions.rejected };
  return exposition([
    { name: 'upkeep_updates_detected_total', type: 'counter', help: 'Updates detected (one workflow per component and version), by priority.', samples: PRIORITIES.map((p) => ({ labels: { priority: p.toLowerCase() }, value: byPriority(p) })) },
    { name: 'upkeep_detection_enabled', type: 'gauge', help: '1 while scheduled detection runs, 0 when stopped.', samples: [{ value: detection.enabled ? 1 : 0 }] },
    { name: 'upkeep_detection_interval_seconds', type: 'gauge', help: 'Seconds between scheduled checks (rate schedules only).', samples: [{ value: interval(config.detection.schedule) }] },
    { name: 'upkeep_detection_last_run_timestamp_seconds', type: 'gauge', help: 'Unix time the last detection pass started.', samples: [{ value: detection.lastRunAt === undefined ? null : Date.parse(detection.lastRunAt) / 1000 }] },
    { name: 'upkeep_time_to_detect_seconds', type: 'gauge', help: 'Mean seconds from a release being published to its detection, by priority.', samples: timeToDetect(workflows) },
    { name: 'upkeep_simulations_total', type: 'counter', help: 'Simulations finished, by result.', samples: [{ labels: { result: 'passed' }, value: s.simulation.passed }, { labels: { result: 'failed' }, value: s.simulation.failed }] },
    { name: 'upkeep_simulation_success_ratio', type: 'gauge', help: 'Share of simulations that passed.', samples: [{ value: s.simulation.successRate }] },
    { name: 'upkeep_simulation_duration_seconds_mean', type: 'gauge', help: 'Mean simulation duration in seconds.', samples: [{ value: s.simulation.meanDurationSeconds }] },
    { name: 'upkeep_decisions_total', type: 'counter', help: 'Policy decisions, by decision.', samples: DECISIONS.map((d) => ({ labels: { decision: d }, value: decisions[d] })) },
    { name: 'upkeep_approval_ratio', type: 'gauge', help: 'Share of evaluated updates approved (by policy or by people).', samples: [{ value: s.decisions.approvalRate }] },
    { name: 'upkeep_rejection_ratio', type: 'gauge', help: 'Share of evaluated updates rejected (by policy or by people).', samples: [{ value: s.decisions.rejectionRate }] },
    { name: 'upkeep_manual_review_ratio', type: 'gauge', help: 'Share of evaluated updates sent to people for review.', samples: [{ value: s.decisions.manualReviewRate }] },
    { name: 'upkeep_deployments_total', type: 'counter', help: 'Rollouts, by status.', samples: Object.entries(s.deployment.byStatus).map(([status, value]) => ({ labels: { status }, value })) },
    { name: 'upkeep_deployment_success_ratio', type: 'gauge', help: 'Share of finished rollouts that succeeded.', samples: [{ value: s.deployment.successRate }] },
    { name: 'upkeep_deployment_duration_seconds_mean', type: 'gauge', help: 'Mean rollout duration in seconds.', samples: [{ value: s.deployment.meanDurationSeconds }] },
    { name: 'upkeep_rollbacks_total', type: 'counter', help: 'Rollouts rolled back.', samples: [{ value: s.deployment.byStatus.ROLLED_BACK }] },
    { name: 'upkeep_rollback_ratio', type: 'gauge', help: 'Share of finished rollouts rolled back (rollback frequency).', samples: [{ value: s.deployment.rollbackFrequency }] },
    { name: 'upkeep_workflow_success_ratio', type: 'gauge', help: 'Share of workflows with a verdict that succeeded.', samples: [{ value: s.workflows.successRate }] },
    { name: 'upkeep_active_workflows', type: 'gauge', help: 'Workflows not yet ended.', samples: [{ value: s.workflows.active }] },
    { name: 'upkeep_pending_approvals', type: 'gauge', help: 'Workflows awaiting approval.', samples: [{ value: s.workflows.awaitingApproval }] },
    { name: 'upkeep_workflows', type: 'gauge', help: 'Workflows by stage.', samples: STAGES_ALL.map((stage: Stage) => ({ labels: { stage }, value: s.workflows.byStage[stage] })) },
    { name: 'upkeep_components', type: 'gauge', help: 'Components watched.', samples: [{ value: components.length }] },
    { name: 'upkeep_quarantined_versions', type: 'gauge', help: 'Versions in quarantine, over all components.', samples: [{ value: components.reduce((n, c) => n + c.quarantined.length, 0) }] },
  ]);
}
