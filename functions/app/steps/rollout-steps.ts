import { DeploymentFailedError, ValidationError } from '../../core/errors.js';
import { EMERGENCY_ROLLOUT_NAME } from '../../core/rollout-choice.js';
import type { RolloutProgress, WorkflowRecord } from '../../core/workflow-types.js';
import type { AppDeps } from '../app-deps.js';
import { journal, note } from '../workflow-journal.js';

export interface RolloutState {
  readonly deploymentId: string;
  readonly status: RolloutProgress['status'];
}

function describe(p: RolloutProgress): string {
  return `${p.strategy} rollout ${p.deploymentId}: ${p.status}, ${p.candidateWeight}% on the candidate${p.reason ? ` (${p.reason})` : ''}`;
}

/** True when policy sent the update down the emergency lane: no window wait, the `emergency` rollout, still health-gated. */
export function inEmergencyLane(wf: WorkflowRecord): boolean {
  return wf.evaluation?.bypassWindow === true || wf.evaluation?.rollout === EMERGENCY_ROLLOUT_NAME;
}

/**
 * Starts shifting traffic to the candidate (CodeDeploy or stepped alias weights in AWS, the local
 * deployer locally), with the named rollout policy chose; the emergency lane is recorded as such.
 */
export async function startRollout(deps: AppDeps, input: { readonly workflowId: string }): Promise<RolloutState> {
  const wf = await deps.workflows.get(input.workflowId);
  const emergency = inEmergencyLane(wf);
  const rollout = wf.evaluation?.rollout;
  const progress = await deps.deployer.start({
    workflowId: wf.id, component: wf.component, fromVersion: wf.fromVersion, toVersion: wf.version, emergency, ...(rollout === undefined ? {} : { rollout }),
  });
  if (emergency) {
    await note(deps, wf.id, {
      type: 'EMERGENCY_LANE',
      message: `Emergency lane (${wf.priority?.priority ?? 'unknown'} priority, policy "${wf.evaluation?.policy ?? 'none'}"): ${progress.strategy}${wf.evaluation?.bypassWindow === true ? ', no window wait' : ''}; still health-gated by the component's alarms`,
      details: { priority: wf.priority?.priority ?? null, policy: wf.evaluation?.policy ?? null, rollout: rollout ?? EMERGENCY_ROLLOUT_NAME, strategy: progress.strategy, bypassWindow: wf.evaluation?.bypassWindow === true },
    });
  }
  await journal(deps, wf.id, () => ({ stage: 'DEPLOYING', rollout: progress }), {
    type: 'ROLLOUT_STARTED', message: describe(progress), details: { ...progress, emergency, ...(rollout === undefined ? {} : { rolloutName: rollout }) },
  });
  return { deploymentId: progress.deploymentId, status: progress.status };
}

/** Follows the rollout. An alarm rollback is an outcome (ROLLED_BACK); a failed or stopped rollout is an error. */
export async function checkRollout(deps: AppDeps, input: { readonly workflowId: string }): Promise<RolloutState> {
  const wf = await deps.workflows.get(input.workflowId);
  const id = wf.rollout?.deploymentId;
  if (id === undefined) throw new ValidationError(`workflow ${wf.id} has no rollout to check`);
  const progress = await deps.deployer.status(id);
  // A new reason is news too: a stepped rollout reports each step's analysis in it.
  const changed = progress.status !== wf.rollout?.status || progress.candidateWeight !== wf.rollout.candidateWeight || progress.reason !== wf.rollout.reason;
  if (changed) {
    await journal(deps, wf.id, () => ({ rollout: progress, ...(progress.status === 'SUCCEEDED' ? { stage: 'MONITORING' as const } : {}) }), {
      type: progress.status === 'IN_PROGRESS' ? 'TRAFFIC_SHIFTED' : `ROLLOUT_${progress.status}`, message: describe(progress), details: { ...progress },
    });
  }
  if (progress.status === 'FAILED' || progress.status === 'STOPPED') throw new DeploymentFailedError(describe(progress));
  return { deploymentId: id, status: progress.status };
}

/** The last health check after the bake time, from the component's alarms. */
export async function checkHealth(deps: AppDeps, input: { readonly workflowId: string }): Promise<{ readonly healthy: boolean }> {
  const wf = await deps.workflows.get(input.workflowId);
  const report = await deps.deployer.health(wf.component);
  await journal(deps, wf.id, () => ({}), {
    type: 'HEALTH_CHECKED',
    message: report.healthy ? 'Healthy after the bake time' : `Unhealthy after the bake time: ${report.alarms.map((a) => `${a.name} (${a.reason})`).join(', ')}`,
    details: { healthy: report.healthy, alarms: report.alarms },
  });
  return { healthy: report.healthy };
}

/** Sends all traffic back to the current version after a failed health check. */
export async function rollBack(deps: AppDeps, input: { readonly workflowId: string }): Promise<RolloutState> {
  const wf = await deps.workflows.get(input.workflowId);
  const id = wf.rollout?.deploymentId;
  if (id === undefined) throw new ValidationError(`workflow ${wf.id} has no rollout to roll back`);
  const report = await deps.deployer.health(wf.component);
  const reason = report.alarms.length > 0 ? `alarm ${report.alarms.map((a) => a.name).join(', ')} after the bake time` : 'failed the post-rollout health check';
  const progress = await deps.deployer.rollBack(id, reason);
  await journal(deps, wf.id, () => ({ rollout: progress }), { type: 'ROLLBACK_REQUESTED', message: describe(progress), details: { reason } });
  return { deploymentId: id, status: progress.status };
}
