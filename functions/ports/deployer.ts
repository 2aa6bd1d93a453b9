import type { RolloutProgress } from '../core/workflow-types.js';

/** One rollout of a component from the current version to a candidate. */
export interface DeploymentRequest {
  readonly workflowId: string;
  readonly component: string;
  readonly fromVersion: string;
  readonly toVersion: string;
  /** Emergency lane: shorter canary as configured in policy; still health-gated. */
  readonly emergency?: boolean;
  /**
   * A named rollout from `rollouts:` in `upkeep.yaml` chosen by policy (`actions.rollout`), used
   * instead of the component's own strategy. @default - the component's `deploy.strategy`, or
   * `rollouts.emergency` in the emergency lane
   */
  readonly rollout?: string;
}

/** Health of the component right now, from its alarms. */
export interface HealthReport {
  readonly healthy: boolean;
  /** Alarms in ALARM state, with the reason each gives. */
  readonly alarms: readonly { readonly name: string; readonly reason: string }[];
}

/**
 * Shifts traffic from the current version to a candidate progressively and rolls back on
 * alarms: CodeDeploy in AWS, the local traffic-shifting deployer locally.
 *
 * @example
 * ```ts
 * const { deploymentId } = await deployer.start({ workflowId, component: 'api', fromVersion: '1.2.3', toVersion: '1.2.4' });
 * const progress = await deployer.status(deploymentId);
 * ```
 */
export interface Deployer {
  start(request: DeploymentRequest): Promise<RolloutProgress>;
  status(deploymentId: string): Promise<RolloutProgress>;
  /** Sends all traffic back to the current version and stops the candidate. */
  rollBack(deploymentId: string, reason: string): Promise<RolloutProgress>;
  health(component: string): Promise<HealthReport>;
}
