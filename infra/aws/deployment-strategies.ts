import { deploymentConfigFor } from '../../functions/adapters/aws/codedeploy-plan.js';
import type { DeployConfig, StrategyConfig, UpkeepConfig } from '../../functions/core/config/schema.js';

/** A deployment configuration the stack must create because CodeDeploy predefines none that fits. */
export interface CustomConfig {
  readonly name: string;
  readonly strategy: StrategyConfig;
}

/** What a component's deployment group uses, and what must exist for every rollout it can take. */
export interface DeploymentStrategies {
  /** The group's own configuration; undefined: CodeDeploy's default for the group. */
  readonly groupConfigName: string | undefined;
  /** Configurations the stack creates (`upkeep-<component>-<strategy type | rollout name>`). */
  readonly custom: readonly CustomConfig[];
  /** Every configuration a deployment of this component can name: predefined, custom and your own (`type: custom`). */
  readonly configNames: readonly string[];
  /** True when the component's strategy or a named rollout is `stepped` (alias weights, not CodeDeploy). */
  readonly stepped: boolean;
  /** Named rollouts under `rollouts:` this component's target cannot run, with why. */
  readonly unusable: readonly { readonly rollout: string; readonly reason: string }[];
}

const PREDEFINED = /^CodeDeployDefault\./;

/**
 * The deployment configurations a component needs, named exactly as the `CodeDeployDeployer`
 * asks for them at deploy time (both sides call `deploymentConfigFor`): the component's own
 * strategy, and every named rollout under `rollouts:` — a policy's `actions.rollout` can pick any
 * of them, and the emergency lane picks `emergency`. A strategy CodeDeploy cannot run (stepped:
 * the state machine drives it) falls back to all-at-once for the group, so the group still exists
 * to roll back; a named rollout the target cannot run at all is reported in `unusable`.
 *
 * @example
 * ```ts
 * const { groupConfigName, custom, configNames } = deploymentStrategies(config, 'billing-api', deploy);
 * ```
 */
export function deploymentStrategies(config: UpkeepConfig, component: string, deploy: DeployConfig): DeploymentStrategies {
  const custom = new Map<string, StrategyConfig>();
  const names = new Set<string>();
  const unusable: { rollout: string; reason: string }[] = [];
  const plan = (strategy: StrategyConfig, rollout?: string): string | undefined => {
    // Stepped rollouts run on Lambda aliases without CodeDeploy (LambdaSteppedDeployer).
    if (strategy.type === 'stepped' && deploy.target.type === 'lambda') return undefined;
    let name: string | undefined;
    try {
      name = deploymentConfigFor(component, deploy.target, strategy, rollout);
    } catch (error) {
      if (rollout !== undefined) unusable.push({ rollout, reason: (error as Error).message });
      return undefined;
    }
    if (name === undefined) return undefined;
    names.add(name);
    if (PREDEFINED.test(name) || strategy.type === 'custom') return name;
    const taken = custom.get(name);
    if (taken !== undefined && JSON.stringify(taken) !== JSON.stringify(strategy)) {
      // `upkeep-<component>-canary` is both the own canary's name and that of a rollout called "canary".
      throw new Error(`${component}: ${rollout === undefined ? 'its own strategy' : `named rollout "${rollout}"`} and another strategy both need the CodeDeploy configuration ${name}, with different settings; rename the rollout`);
    }
    custom.set(name, strategy);
    return name;
  };
  const own = plan(deploy.strategy);
  for (const [rollout, strategy] of Object.entries(config.rollouts)) plan(strategy, rollout);
  const fallback = deploy.target.type === 'lambda' ? 'CodeDeployDefault.LambdaAllAtOnce' : deploy.target.type === 'ecs' ? 'CodeDeployDefault.ECSAllAtOnce' : undefined;
  const groupConfigName = own ?? (deploy.strategy.type === 'stepped' ? fallback : undefined);
  if (groupConfigName !== undefined) names.add(groupConfigName);
  const stepped = deploy.target.type === 'lambda' && [deploy.strategy, ...Object.values(config.rollouts)].some((s) => s.type === 'stepped');
  return { groupConfigName, custom: [...custom].map(([name, strategy]) => ({ name, strategy })), configNames: [...names], stepped, unusable };
}
