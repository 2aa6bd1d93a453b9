/**
 * Names the AWS adapters and the CDK stack (`infra/aws/`) must agree on. The stack creates
 * what these name; the adapters find it by these names. Import them from both sides rather than
 * repeating the patterns. (They belong with `functions/constants.ts`; they live here until that
 * file can take them.)
 */
import type { DeployConfig, StrategyConfig } from '../../core/config/schema.js';

/** The build variable a simulation exports its benchmark in (declare it under `env.exported-variables`). */
export const BENCHMARK_VARIABLE = 'UPKEEP_BENCHMARK';

/** Prefix of the Lambda version `Description` the pipeline sets when it publishes a candidate. */
export const LAMBDA_VERSION_DESCRIPTION_PREFIX = 'upkeep:';

/**
 * The `Description` of the Lambda version that holds `version` of a component: the pipeline
 * publishes the candidate with `aws lambda publish-version --description "upkeep:<version>"`.
 */
export function lambdaVersionDescription(version: string): string {
  return `${LAMBDA_VERSION_DESCRIPTION_PREFIX}${version}`;
}

/** The prefix of everything the stack creates per component. */
const perComponent = (component: string): string => `upkeep-${component}`;

/**
 * The CodeDeploy application of a component: `upkeep-<component>`, unless an ECS or server
 * target names its own.
 */
export function codeDeployApplicationName(component: string, target: DeployConfig['target']): string {
  if ((target.type === 'ecs' || target.type === 'server') && target.application !== undefined) return target.application;
  return perComponent(component);
}

/**
 * The CodeDeploy deployment group of a component: `upkeep-<component>`, unless the target
 * names its own. A server target without one uses the component's bare name, as its schema
 * documents.
 */
export function codeDeployGroupName(component: string, target: DeployConfig['target']): string {
  if (target.type === 'ecs' || target.type === 'server') {
    if (target.deploymentGroup !== undefined) return target.deploymentGroup;
    if (target.type === 'server') return component;
  }
  return perComponent(component);
}

/**
 * The deployment configuration the stack creates when a strategy has no predefined CodeDeploy
 * equivalent: `upkeep-<component>-<strategy type>` for the component's own strategy, or
 * `upkeep-<component>-<rollout name>` for a named rollout from `rollouts:` (the emergency lane).
 */
export function customDeploymentConfigName(component: string, strategy: StrategyConfig, rolloutName?: string): string {
  return `${perComponent(component)}-${rolloutName ?? strategy.type}`;
}

/** The CloudWatch alarm the stack creates for alarm `name` of a component's `deploy.alarms`. */
export function componentAlarmName(component: string, alarm: string): string {
  return `${perComponent(component)}-${alarm}`;
}

/** The CodeDeploy lifecycle hooks Upkeep uses (they run the component's `deploy.smokeTest`). */
export const HOOKS = ['BeforeAllowTraffic', 'AfterAllowTraffic'] as const;
export type HookName = (typeof HOOKS)[number];

/**
 * The Lambda function the stack creates for a lifecycle hook of a component that declares
 * `deploy.smokeTest`: `upkeep-<component>-pre-traffic` and `upkeep-<component>-post-traffic`.
 */
export function hookFunctionName(component: string, hook: HookName): string {
  return `${perComponent(component)}-${hook === 'BeforeAllowTraffic' ? 'pre' : 'post'}-traffic`;
}

/** The named rollout (under `rollouts:`) used when a request takes the emergency lane. */
export const EMERGENCY_ROLLOUT = 'emergency';
