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
  readonly groupArns: string[];
  readonly applicationArns: string[];
  readonly configArns: string[];
  readonly functionArns: string[];
  readonly alarmArns: string[];
}

type Deployable = ComponentConfig & { readonly deploy: DeployConfig };

/**
 * The CodeDeploy side of every component with a `deploy` section: Lambda aliases
 * ({@link LambdaDeployment}), ECS blue/green ({@link EcsDeployment}) and servers
 * ({@link ServerDeployment}). What cannot be set up from the configuration alone is reported at
 * synth as a warning rather than guessed: an ECS component without its load balancer in context,
 * smoke-test hooks (no hook handler exists yet), local targets.
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
  public readonly resources: DeploymentResources;

  public constructor(scope: Construct, id: string, props: ComponentDeploymentsProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);
    const lambda: LambdaDeployment[] = [];
    const ecs: EcsDeployment[] = [];
    const server: ServerDeployment[] = [];
    const resources: DeploymentResources = { groupArns: [], applicationArns: [], configArns: [], functionArns: [], alarmArns: [] };
    const arn = (resource: string, resourceName: string): string => stack.formatArn({ service: 'codedeploy', resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });

    for (const component of config.components.filter((c): c is Deployable => c.deploy !== undefined)) {
      const { deploy, name } = component;
      const target = deploy.target;
      const id = pascal(name);
      if (deploy.smokeTest !== undefined) {
        Annotations.of(this).addWarningV2('upkeep:smoke-test-hooks', `${name}: deploy.smokeTest needs the lifecycle hook functions upkeep-${name}-pre-traffic/-post-traffic, which this stack does not create yet; deployments naming them will fail`);
      }
      if (target.type === 'local') {
        Annotations.of(this).addWarningV2('upkeep:local-target', `${name}: a local deploy target runs only in local mode; nothing is deployed for it in AWS`);
        continue;
      }
      if (target.type === 'lambda') {
        lambda.push(new LambdaDeployment(this, id, { config, component: name, deploy: { ...deploy, target } }));
        const fn = functionArnOf(this, target.functionName);
        resources.functionArns.push(fn, `${fn}:${target.alias}`);
      } else if (target.type === 'ecs') {
        const loadBalancing = props.ecs[name];
        if (loadBalancing === undefined) {
          Annotations.of(this).addWarningV2('upkeep:ecs-without-load-balancer', `${name}: no CodeDeploy group for the ECS service ${target.service}: set CDK context "upkeep:ecs" {"${name}": {"listenerArn", "blueTargetGroupArn", "greenTargetGroupArn"}}`);
          continue;
        }
        ecs.push(new EcsDeployment(this, id, { config, component: name, deploy: { ...deploy, target }, loadBalancing }));
      } else {
        server.push(new ServerDeployment(this, id, { config, component: name, deploy: { ...deploy, target } }));
      }
      const application = codeDeployApplicationName(name, target);
      resources.applicationArns.push(arn('application', application));
      resources.groupArns.push(arn('deploymentgroup', `${application}/${codeDeployGroupName(name, target)}`));
      const strategies = deploymentStrategies(config, name, deploy);
      const configNames = [strategies.groupConfigName, ...strategies.custom.map((c) => c.name), ...(deploy.strategy.type === 'custom' ? [deploy.strategy.config] : [])];
      for (const configName of configNames) if (configName !== undefined) resources.configArns.push(arn('deploymentconfig', configName));
      const builtIn = target.type === 'lambda' ? ['errors', 'throttles', 'latency'] : target.type === 'ecs' ? ['errors', 'latency'] : [];
      const alarmNames = [...builtIn, ...deploy.alarms.map((a) => a.name)].map((a) => componentAlarmName(name, a));
      for (const alarm of [...alarmNames, ...deploy.existingAlarms]) {
        resources.alarmArns.push(stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: alarm, arnFormat: ArnFormat.COLON_RESOURCE_NAME }));
      }
    }
    this.lambda = lambda;
    this.ecs = ecs;
    this.server = server;
    const unique = (values: string[]): string[] => [...new Set(values)];
    this.resources = {
      groupArns: unique(resources.groupArns),
      applicationArns: unique(resources.applicationArns),
      configArns: unique(resources.configArns),
      functionArns: unique(resources.functionArns),
      alarmArns: unique(resources.alarmArns),
    };
  }
}
