import type { RevisionLocation } from '@aws-sdk/client-codedeploy';
import type { DeployConfig, StrategyConfig } from '../../core/config/schema.js';
import { parseDuration } from '../../core/duration.js';
import { ValidationError } from '../../core/errors.js';
import { HOOKS, customDeploymentConfigName, hookFunctionName } from './aws-names.js';

/** CodeDeploy's predefined time-based configurations: percent → minutes offered. */
const PREDEFINED = {
  lambda: { canary: { 10: [5, 10, 15, 30] }, linear: { 10: [1, 2, 3, 10] } },
  ecs: { canary: { 10: [5, 15] }, linear: { 10: [1, 3] } },
} as const;

const minutesOf = (interval: string): number => Math.round((parseDuration(interval) ?? 60) / 60);

function predefined(platform: 'lambda' | 'ecs', type: 'canary' | 'linear', percent: number, minutes: number): string | undefined {
  const offered: readonly number[] = (PREDEFINED[platform][type] as Record<number, readonly number[]>)[percent] ?? [];
  if (!offered.includes(minutes)) return undefined;
  const prefix = `CodeDeployDefault.${platform === 'lambda' ? 'Lambda' : 'ECS'}`;
  if (type === 'canary') return `${prefix}Canary${percent}Percent${minutes}Minutes`;
  // CodeDeploy's own spelling: Lambda's one-minute linear is singular, ECS's is not.
  const unit = platform === 'lambda' && minutes === 1 ? 'Minute' : 'Minutes';
  return `${prefix}Linear${percent}PercentEvery${minutes}${unit}`;
}

/**
 * The CodeDeploy deployment configuration for a strategy on a target: a predefined
 * `CodeDeployDefault.*` name when one matches exactly (10% canaries and linears at CodeDeploy's
 * intervals, all-at-once, server batches), `custom`'s own name, or else
 * `upkeep-<component>-<strategy type | rollout name>`, which the CDK stack creates from the same
 * strategy. `undefined` means "the deployment group's own configuration" (blue/green on servers).
 * Stepped rollouts are not CodeDeploy's: the state machine drives them with alias weights.
 *
 * @example
 * ```ts
 * deploymentConfigFor('api', { type: 'lambda', functionName: 'api', alias: 'live' }, { type: 'canary', percent: 10, interval: '5m' });
 * // 'CodeDeployDefault.LambdaCanary10Percent5Minutes'
 * ```
 */
export function deploymentConfigFor(
  component: string,
  target: DeployConfig['target'],
  strategy: StrategyConfig,
  rolloutName?: string,
): string | undefined {
  const custom = (): string => customDeploymentConfigName(component, strategy, rolloutName);
  if (strategy.type === 'custom') return strategy.config;
  if (strategy.type === 'stepped') {
    throw new ValidationError(`component ${component}: a stepped rollout is driven by the state machine, not CodeDeploy; use canary, linear or all-at-once here`);
  }
  switch (target.type) {
    case 'lambda':
    case 'ecs': {
      const platform = target.type;
      if (strategy.type === 'all-at-once' || strategy.type === 'blue-green') {
        return platform === 'lambda' ? 'CodeDeployDefault.LambdaAllAtOnce' : 'CodeDeployDefault.ECSAllAtOnce';
      }
      if (strategy.type === 'canary' || strategy.type === 'linear') {
        return predefined(platform, strategy.type, strategy.percent, minutesOf(strategy.interval)) ?? custom();
      }
      break;
    }
    case 'server':
      if (strategy.type === 'all-at-once') return 'CodeDeployDefault.AllAtOnce';
      if (strategy.type === 'blue-green') return undefined;
      if (strategy.type === 'rolling') {
        if (strategy.batch !== undefined) return `CodeDeployDefault.${strategy.batch}`;
        return strategy.minimumHealthyHosts === undefined && strategy.minimumHealthyPercent === undefined ? 'CodeDeployDefault.OneAtATime' : custom();
      }
      break;
    case 'local':
      throw new ValidationError(`component ${component}: a local target is deployed by the local deployer, not CodeDeploy`);
  }
  throw new ValidationError(`component ${component}: a ${strategy.type} rollout cannot run on a ${target.type} target through CodeDeploy`);
}

/** The lifecycle hooks of an AppSpec: the smoke-test functions, when the component has smoke tests. */
function hooks(component: string, deploy: DeployConfig): Record<string, string>[] {
  return deploy.smokeTest === undefined ? [] : HOOKS.map((hook) => ({ [hook]: hookFunctionName(component, hook) }));
}

/** AppSpec JSON. CodeDeploy's examples write the version as `0.0`; JSON.stringify would print `0`. */
function appSpecJson(resources: Record<string, unknown>[], hookList: Record<string, string>[]): string {
  return JSON.stringify({ version: 0, Resources: resources, Hooks: hookList }).replace(/^\{"version":0,/, '{"version":0.0,');
}

/** An AppSpec resource name: CodeDeploy wants a plain identifier. */
const resourceName = (component: string): string => component.replace(/[^A-Za-z0-9]/g, '') || 'Target';

/** The function's name when the config gives an ARN (the AppSpec's `Name` is a name). */
export function functionNameOf(functionName: string): string {
  return functionName.includes(':function:') ? (functionName.split(':function:')[1] ?? functionName).split(':')[0] ?? functionName : functionName;
}

/**
 * The AppSpec (JSON, which CodeDeploy reads as YAML) that shifts a Lambda alias from one
 * published version to another, with the smoke-test hooks when the component has them.
 */
export function lambdaAppSpec(
  component: string,
  deploy: DeployConfig,
  target: { readonly functionName: string; readonly alias: string },
  versions: { readonly current: string; readonly target: string },
  options: { readonly withHooks?: boolean } = {},
): string {
  const resource = {
    Type: 'AWS::Lambda::Function',
    Properties: { Name: functionNameOf(target.functionName), Alias: target.alias, CurrentVersion: versions.current, TargetVersion: versions.target },
  };
  return appSpecJson([{ [resourceName(component)]: resource }], options.withHooks === false ? [] : hooks(component, deploy));
}

/** What an ECS blue/green AppSpec needs beyond the configuration. */
export interface EcsRevision {
  /** The candidate's task definition, registered by the pipeline. */
  readonly taskDefinitionArn: string;
  /** @default - the target's `container` */
  readonly containerName?: string;
  /** The port the load balancer sends traffic to. */
  readonly containerPort: number;
}

/** The AppSpec of an ECS blue/green deployment to the candidate's task definition. */
export function ecsAppSpec(component: string, deploy: DeployConfig, revision: EcsRevision, container: string | undefined): string {
  const containerName = revision.containerName ?? container;
  if (containerName === undefined) {
    throw new ValidationError(`component ${component}: set deploy.target.container (the container that receives traffic) for an ECS blue/green rollout`);
  }
  const resource = {
    Type: 'AWS::ECS::Service',
    Properties: { TaskDefinition: revision.taskDefinitionArn, LoadBalancerInfo: { ContainerName: containerName, ContainerPort: revision.containerPort } },
  };
  return appSpecJson([{ TargetService: resource }], hooks(component, deploy));
}

/** `s3://bucket/prefix` + version → the bundle CodeDeploy deploys to servers: `prefix/<version>.zip`. */
export function serverBundle(component: string, location: string | undefined, version: string): { bucket: string; key: string } {
  const match = location === undefined ? null : /^s3:\/\/([^/]+)\/?(.*)$/.exec(location);
  if (match === null) {
    throw new ValidationError(`component ${component}: set deploy.target.revisionLocation (s3://bucket/prefix) so the ${version} bundle can be found at <prefix>/${version}.zip`);
  }
  const prefix = (match[2] ?? '').replace(/\/+$/, '');
  return { bucket: match[1] as string, key: `${prefix === '' ? '' : `${prefix}/`}${version}.zip` };
}

/**
 * The share of traffic a time-based configuration has shifted after `elapsedSeconds`, read
 * from the configuration's name (`…Canary10Percent5Minutes`, `…Linear10PercentEvery1Minute`,
 * `…AllAtOnce`) or, for a custom one, from the strategy it was made from. An estimate: CodeDeploy
 * reports no weight, and hooks delay the first shift.
 */
export function estimatedWeight(configName: string | undefined, strategy: StrategyConfig | undefined, elapsedSeconds: number): number | undefined {
  let shape: { type: 'canary' | 'linear'; percent: number; minutes: number } | 'all' | undefined;
  const canary = /Canary(\d+)Percent(\d+)Minutes?$/.exec(configName ?? '');
  const linear = /Linear(\d+)PercentEvery(\d+)Minutes?$/.exec(configName ?? '');
  if (canary !== null) shape = { type: 'canary', percent: Number(canary[1]), minutes: Number(canary[2]) };
  else if (linear !== null) shape = { type: 'linear', percent: Number(linear[1]), minutes: Number(linear[2]) };
  else if (/AllAtOnce$/.test(configName ?? '') || strategy?.type === 'all-at-once') shape = 'all';
  else if (strategy?.type === 'canary' || strategy?.type === 'linear') shape = { type: strategy.type, percent: strategy.percent, minutes: minutesOf(strategy.interval) };
  if (shape === undefined) return undefined;
  if (shape === 'all') return 100;
  const steps = Math.floor(Math.max(0, elapsedSeconds) / (shape.minutes * 60));
  if (shape.type === 'canary') return steps === 0 ? shape.percent : 100;
  return Math.min(100, shape.percent * (steps + 1));
}

/** The Lambda versions of an AppSpec this adapter wrote, when CodeDeploy hands its content back. */
export function lambdaSpecOf(revision: RevisionLocation | undefined): { current: string; target: string } | undefined {
  try {
    const spec = JSON.parse(revision?.appSpecContent?.content ?? '') as { Resources?: Record<string, { Properties?: { CurrentVersion?: unknown; TargetVersion?: unknown } }>[] };
    const props = Object.values(spec.Resources?.[0] ?? {})[0]?.Properties;
    return typeof props?.CurrentVersion === 'string' && typeof props.TargetVersion === 'string' ? { current: props.CurrentVersion, target: props.TargetVersion } : undefined;
  } catch {
    return undefined;
  }
}
