import type { DeploymentInfo } from '@aws-sdk/client-codedeploy';
import type { DeploymentRequest } from '../../ports/deployer.js';

/** What a CodeDeploy deployment's status, error and rollback information amount to. */
export type DeploymentOutcome =
  | { readonly kind: 'active' }
  | { readonly kind: 'succeeded' }
  /** Stopped by CodeDeploy because an alarm fired (and rolled back when the group says so). */
  | { readonly kind: 'alarm'; readonly message: string; readonly rollbackDeploymentId?: string }
  /** Failed, and CodeDeploy rolled it back automatically. */
  | { readonly kind: 'rolled-back'; readonly message: string; readonly rollbackDeploymentId?: string }
  /** Stopped by a person (console, CLI, API) rather than by an alarm. */
  | { readonly kind: 'stopped'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

/** Statuses in which traffic may still move: `Ready` is a blue/green fleet waiting to be switched to. */
export const ACTIVE_STATUSES = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'] as const;

const isActive = (status: string | undefined): boolean => (ACTIVE_STATUSES as readonly string[]).includes(status ?? 'Created');

/**
 * Reads a deployment's outcome. An alarm is recognised by CodeDeploy's `ALARM_ACTIVE` error
 * code, or by a rollback message that names an alarm; an automatic rollback by `rollbackInfo`
 * naming a rollback deployment; a person's stop by `MANUAL_STOP` (CodeDeploy's code for
 * `StopDeployment`), even when the group then rolled back.
 */
export function deploymentOutcome(info: DeploymentInfo): DeploymentOutcome {
  const status = info.status;
  if (isActive(status)) return { kind: 'active' };
  if (status === 'Succeeded') return { kind: 'succeeded' };
  const code = info.errorInformation?.code;
  const rollback = info.rollbackInfo;
  const message = [info.errorInformation?.message, rollback?.rollbackMessage].filter((m) => m !== undefined && m !== '').join('; ')
    || `the deployment ended ${status ?? 'without a status'}`;
  const rollbackDeploymentId = rollback?.rollbackDeploymentId;
  const withRollback = rollbackDeploymentId === undefined ? {} : { rollbackDeploymentId };
  if (code === 'ALARM_ACTIVE' || (code !== 'MANUAL_STOP' && /\balarms?\b/i.test(rollback?.rollbackMessage ?? ''))) {
    return { kind: 'alarm', message, ...withRollback };
  }
  if (code === 'MANUAL_STOP' || (status === 'Stopped' && code === undefined)) return { kind: 'stopped', message };
  if (rollbackDeploymentId !== undefined) return { kind: 'rolled-back', message, rollbackDeploymentId };
  return { kind: 'failed', message };
}

/**
 * The alarms a CodeDeploy message names: any of `known` (the component's alarms) that appear
 * in it, else what follows "alarm(s):" in it. CodeDeploy's wording is not a contract, so the
 * known names are the reliable part; the caller falls back to the alarms in ALARM now.
 */
export function mentionedAlarms(message: string, known: readonly string[]): string[] {
  const named = known.filter((name) => message.includes(name));
  if (named.length > 0) return named;
  const listed = /\balarms?\b[^:]*:\s*\[?([^\]\n]+)/i.exec(message)?.[1];
  if (listed === undefined) return [];
  return listed.split(',').map((part) => part.trim().replace(/[.'"]+$/g, '').replace(/^['"]+/, '')).filter((part) => /^[\w.\-/#:]+$/.test(part));
}

/**
 * The description of a deployment Upkeep starts, shown in the CodeDeploy console and read back
 * to find the deployment of a workflow: `Upkeep <component> <from> -> <to> (workflow <id>)`.
 */
export function deploymentDescription(request: DeploymentRequest): string {
  return `Upkeep ${request.component} ${request.fromVersion} -> ${request.toVersion} (workflow ${request.workflowId})${request.emergency === true ? ' [emergency]' : ''}`;
}

/** The parts of a {@link deploymentDescription}, or undefined for a deployment Upkeep did not start. */
export function parseDescription(text: string | undefined): { component: string; fromVersion: string; toVersion: string; workflowId: string } | undefined {
  const match = /^Upkeep (\S+) (\S+) -> (\S+) \(workflow ([^)]+)\)/.exec(text ?? '');
  if (match === null) return undefined;
  const [, component, fromVersion, toVersion, workflowId] = match as unknown as [string, string, string, string, string];
  return { component, fromVersion, toVersion, workflowId };
}
