import { Annotations, ArnFormat, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { codeDeployApplicationName, codeDeployGroupName, componentAlarmName } from '../../functions/adapters/aws/aws-names.js';
import type { ComponentConfig, DeployConfig, UpkeepConfig } from '../../functions/core/config/schema.js';
import { deploymentStrategies } from './deployment-strategies.js';
import { EcsDeployment } from './ecs-deployment.js';
import { pascal } from './handler-catalog.js';
import { LambdaDeployment, functionArnOf } from './lambda-deployment.js';
import { ServerDeployment } from './server-deployment.js';
import type { EcsLoadBalancing } from './stack-config.js';

/** Properties of {@link ComponentDeployments}. */
export interface ComponentDeploymentsProps {
  readonly config: UpkeepConfig;
  /** Listener and target groups per ECS component (CDK context `upkeep:ecs`). */
  readonly ecs: Readonly<Record<string, EcsLoadBalancing>>;
}

/** What the rollout handlers may touch: every ARN here belongs to a deployment this stack set up. */
export interface DeploymentResources {
  readonly groupArns: readonly string[];
  readonly applicationArns: readonly string[];
  readonly configArns: readonly string[];
  /** Lambda components' functions and their aliases (`fn`, `fn:alias`). */
  readonly functionArns: readonly string[];
  /** Their published versions (`fn:*`): smoke cases invoke the candidate version directly. */
  readonly versionArns: readonly string[];
  /** The functions and aliases of components that can roll out `stepped` (the deployer moves their alias itself). */
  readonly steppedFunctionArns: readonly string[];
  readonly steppedVersionArns: readonly string[];
  readonly alarmArns: readonly string[];
}

/** Nothing deployed: a starting point for {@link mergeResources}. */
const NO_RESOURCES: DeploymentResources = {
  groupArns: [], applicationArns: [], configArns: [], functionArns: [], versionArns: [], steppedFunctionArns: [], steppedVersionArns: [], alarmArns: [],
};

/** The union of several components' resources, each ARN once. */
export function mergeResources(parts: readonly DeploymentResources[]): DeploymentResources {
  const keys = Object.keys(NO_RESOURCES) as (keyof DeploymentResources)[];
  return Object.fromEntries(keys.map((key) => [key, [...new Set(parts.flatMap((p) => p[key]))]])) as unknown as DeploymentResources;
}

type Deployable = ComponentConfig & { readonly deploy: DeployConfig };

/**
 * The CodeDeploy side of every component with a `deploy` section: Lambda aliases
 * ({@link LambdaDeployment}), ECS blue/green ({@link EcsDeployment}) and servers
 * ({@link ServerDeployment}), with a deployment configuration for every strategy and named
 * rollout each can take. What cannot be set up from the configuration alone is reported at
 * synth as a warning rather than guessed: an ECS component without its load balancer in context,
 * smoke-test hooks on a target other than Lambda, a named rollout a target cannot run, local targets.
 *
 * @example
 * ```ts
 * const deployments = new ComponentDeployments(this, 'Deployments', { config, ecs: {} });
 * ```
 */
export class ComponentDeployments extends Construct {
  public readonly lambda: readonly LambdaDeployment[];
  public readonly ecs: readonly EcsDeployment[];
  public readonly server: readonly ServerDeployment[];
  /** Everything any rollout handler may touch. */
  public readonly resources: DeploymentResources;
  /** The same, per component (a lifecycle hook may touch only its own component's). */
  public readonly byComponent: ReadonlyMap<string, DeploymentResources>;

  public constructor(scope: Construct, id: string, props: ComponentDeploymentsProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);
    const lambda: LambdaDeployment[] = [];
    const ecs: EcsDeployment[] = [];
    const server: ServerDeployment[] = [];
    const byComponent = new Map<string, DeploymentResources>();
    const arn = (resource: string, resourceName: string): string => stack.formatArn({ service: 'codedeploy', resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const warn = (key: string, message: string): void => {
      Annotations.of(this).addWarningV2(key, message);
    };

    for (const component of config.components.filter((c): c is Deployable => c.deploy !== undefined)) {
      const { deploy, name } = component;
      const target = deploy.target;
      const id = pascal(name);
      if (target.type === 'local') {
        warn('upkeep:local-target', `${name}: a local deploy target runs only in local mode; nothing is deployed for it in AWS`);
        continue;
      }
      if (deploy.smokeTest !== undefined && target.type !== 'lambda') {
        warn('upkeep:smoke-test-hooks', `${name}: deploy.smokeTest runs as CodeDeploy lifecycle hooks for Lambda targets only; the AppSpec of this ${target.type} component names hooks upkeep-${name}-pre-traffic/-post-traffic that do not exist, so its deployments fail: remove smokeTest or run the checks in the pipeline`);
      }
      const strategies = deploymentStrategies(config, name, deploy);
      for (const { rollout, reason } of strategies.unusable) {
        const why = reason.replace(/^component [^:]+: /, '');
        warn('upkeep:unusable-rollout', `${name}: named rollout "${rollout}" cannot run on its ${target.type} target (${why}); a policy (or the emergency lane, for "emergency") that picks it for ${name} fails the rollout: exclude ${name} from that policy's conditions or give the rollout a strategy its target can run`);
      }
      const functions: string[] = [];
      const versions: string[] = [];
      if (target.type === 'lambda') {
        lambda.push(new LambdaDeployment(this, id, { config, component: name, deploy: { ...deploy, target } }));
        const fn = functionArnOf(this, target.functionName);
        functions.push(fn, `${fn}:${target.alias}`);
        versions.push(`${fn}:*`);
      } else if (target.type === 'ecs') {
        const loadBalancing = props.ecs[name];
        if (loadBalancing === undefined) {
          warn('upkeep:ecs-without-load-balancer', `${name}: no CodeDeploy group for the ECS service ${target.service}: set CDK context "upkeep:ecs" {"${name}": {"listenerArn", "blueTargetGroupArn", "greenTargetGroupArn"}}`);
          continue;
        }
        ecs.push(new EcsDeployment(this, id, { config, component: name, deploy: { ...deploy, target }, loadBalancing }));
      } else {
        server.push(new ServerDeployment(this, id, { config, component: name, deploy: { ...deploy, target } }));
      }
      const application = codeDeployApplicationName(name, target);
      const builtIn = target.type === 'lambda' ? ['errors', 'throttles', 'latency'] : target.type === 'ecs' ? ['errors', 'latency'] : [];
      const alarmNames = [...builtIn, ...deploy.alarms.map((a) => a.name)].map((a) => componentAlarmName(name, a));
      byComponent.set(name, {
        groupArns: [arn('deploymentgroup', `${application}/${codeDeployGroupName(name, target)}`)],
        applicationArns: [arn('application', application)],
        configArns: strategies.configNames.map((configName) => arn('deploymentconfig', configName)),
        functionArns: functions,
        versionArns: versions,
        steppedFunctionArns: strategies.stepped ? functions : [],
        steppedVersionArns: strategies.stepped ? versions : [],
        alarmArns: [...new Set([...alarmNames, ...deploy.existingAlarms])].map((alarm) => stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: alarm, arnFormat: ArnFormat.COLON_RESOURCE_NAME })),
      });
    }
    this.lambda = lambda;
    this.ecs = ecs;
    this.server = server;
    this.byComponent = byComponent;
    this.resources = mergeResources([...byComponent.values()]);
  }
}
