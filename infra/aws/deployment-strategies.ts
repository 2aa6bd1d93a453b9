import { EMERGENCY_ROLLOUT } from '../../functions/adapters/aws/aws-names.js';
import { deploymentConfigFor } from '../../functions/adapters/aws/codedeploy-plan.js';
import type { DeployConfig, StrategyConfig, UpkeepConfig } from '../../functions/core/config/schema.js';

/** A deployment configuration the stack must create because CodeDeploy predefines none that fits. */
export interface CustomConfig {
  readonly name: string;
  readonly strategy: StrategyConfig;
}

/** What a component's deployment group uses, and what must exist for it and its emergency lane. */
export interface DeploymentStrategies {
  /** The group's own configuration; undefined: CodeDeploy's default for the group. */
  readonly groupConfigName: string | undefined;
  readonly custom: readonly CustomConfig[];
}

const PREDEFINED = /^CodeDeployDefault\./;

/**
 * The deployment configurations a component needs, named exactly as the `CodeDeployDeployer`
 * asks for them at deploy time (both sides call `deploymentConfigFor`): the component's own
 * strategy, and the `emergency` rollout from `rollouts:` that a policy may pick. A strategy
 * CodeDeploy cannot run (stepped: the state machine drives it) falls back to all-at-once for
 * the group, so the group still exists to roll back.
 *
 * @example
 * ```ts
 * const { groupConfigName, custom } = deploymentStrategies(config, 'billing-api', deploy);
 * ```
 */
export function deploymentStrategies(config: UpkeepConfig, component: string, deploy: DeployConfig): DeploymentStrategies {
  const custom = new Map<string, StrategyConfig>();
  const plan = (strategy: StrategyConfig, rollout?: string): string | undefined => {
    let name: string | undefined;
    try {
      name = deploymentConfigFor(component, deploy.target, strategy, rollout);
    } catch {
      return undefined;
    }
    if (name !== undefined && !PREDEFINED.test(name) && strategy.type !== 'custom') custom.set(name, strategy);
    return name;
  };
  const own = plan(deploy.strategy);
  const emergency = config.rollouts[EMERGENCY_ROLLOUT];
  if (emergency !== undefined) plan(emergency, EMERGENCY_ROLLOUT);
  const fallback = deploy.target.type === 'lambda' ? 'CodeDeployDefault.LambdaAllAtOnce' : deploy.target.type === 'ecs' ? 'CodeDeployDefault.ECSAllAtOnce' : undefined;
  const ownOrFallback = own ?? (deploy.strategy.type === 'stepped' ? fallback : undefined);
  return { groupConfigName: ownOrFallback, custom: [...custom].map(([name, strategy]) => ({ name, strategy })) };
}
