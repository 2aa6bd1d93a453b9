import { ArnFormat, Duration, Resource, Stack } from 'aws-cdk-lib';
import { ComparisonOperator, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import {
  EcsApplication, EcsDeploymentConfig, EcsDeploymentGroup, TimeBasedCanaryTrafficRouting, TimeBasedLinearTrafficRouting, type IEcsDeploymentConfig,
} from 'aws-cdk-lib/aws-codedeploy';
import { BaseService } from 'aws-cdk-lib/aws-ecs';
import { ApplicationTargetGroup, type IListenerRef, type ListenerReference } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { codeDeployApplicationName, codeDeployGroupName } from '../../functions/adapters/aws/aws-names.js';
import type { DeployConfig, UpkeepConfig } from '../../functions/core/config/schema.js';
import { parseDuration } from '../../functions/core/duration.js';
import { ComponentAlarms, type BuiltInAlarm } from './component-alarms.js';
import { deploymentStrategies } from './deployment-strategies.js';
import { pascal } from './handler-catalog.js';
import type { EcsLoadBalancing } from './stack-config.js';

type EcsTarget = Extract<DeployConfig['target'], { type: 'ecs' }>;

/** Properties of {@link EcsDeployment}. */
export interface EcsDeploymentProps {
  readonly config: UpkeepConfig;
  readonly component: string;
  readonly deploy: DeployConfig & { readonly target: EcsTarget };
  readonly loadBalancing: EcsLoadBalancing;
}

/** A listener known only by its ARN: all CodeDeploy needs of it. */
class ListenerByArn extends Resource implements IListenerRef {
  public readonly listenerRef: ListenerReference;

  public constructor(scope: Construct, id: string, listenerArn: string) {
    super(scope, id);
    this.listenerRef = { listenerArn };
  }
}

/** `arn:…:listener/app/<name>/<id>/<listener>` → the `LoadBalancer` metric dimension `app/<name>/<id>`. */
function loadBalancerDimension(listenerArn: string): string {
  return (listenerArn.split(':listener/')[1] ?? '').split('/').slice(0, 3).join('/');
}

/**
 * Blue/green rollouts of an ECS service through CodeDeploy: the application and deployment
 * group (`upkeep-<component>` unless the target names them), any custom canary/linear
 * configuration, alarms on the load balancer (target 5xx and p99 response time, plus each
 * configured alarm), and rollback on alarm and failure. The service must use the `CODE_DEPLOY`
 * deployment controller; its listener and target groups come from CDK context `upkeep:ecs`.
 *
 * @example
 * ```ts
 * new EcsDeployment(this, 'Storefront', { config, component: 'storefront', deploy, loadBalancing });
 * ```
 */
export class EcsDeployment extends Construct {
  public readonly group: EcsDeploymentGroup;
  public readonly alarms: ComponentAlarms;

  public constructor(scope: Construct, id: string, props: EcsDeploymentProps) {
    super(scope, id);
    const { component, deploy, loadBalancing } = props;
    const target = deploy.target;
    const stack = Stack.of(this);
    const dimensions = { LoadBalancer: loadBalancerDimension(loadBalancing.listenerArn) };
    const metric = (metricName: string, statistic: string): Metric =>
      new Metric({ namespace: 'AWS/ApplicationELB', metricName, dimensionsMap: dimensions, statistic, period: Duration.minutes(1) });
    const builtIn: BuiltInAlarm[] = [
      { name: 'errors', metric: metric('HTTPCode_Target_5XX_Count', 'Sum'), threshold: 5, comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, evaluationPeriods: 3, datapointsToAlarm: 2 },
      { name: 'latency', metric: metric('TargetResponseTime', 'p99'), threshold: 2, comparison: ComparisonOperator.GREATER_THAN_THRESHOLD, evaluationPeriods: 3, datapointsToAlarm: 3 },
    ];
    this.alarms = new ComponentAlarms(this, 'Alarms', { component, deploy, builtIn, defaultNamespace: 'AWS/ApplicationELB', defaultDimensions: dimensions });

    const strategies = deploymentStrategies(props.config, component, deploy);
    const configs = strategies.custom.map(({ name, strategy }) => {
      if (strategy.type !== 'canary' && strategy.type !== 'linear') throw new Error(`${component}: no CodeDeploy ECS configuration can express a ${strategy.type} strategy`);
      const interval = Duration.minutes(Math.round((parseDuration(strategy.interval) ?? 60) / 60));
      const trafficRouting = strategy.type === 'canary'
        ? new TimeBasedCanaryTrafficRouting({ interval, percentage: strategy.percent })
        : new TimeBasedLinearTrafficRouting({ interval, percentage: strategy.percent });
      return new EcsDeploymentConfig(this, pascal(`config-${name}`), { deploymentConfigName: name, trafficRouting });
    });
    const own = configs.find((c) => c.deploymentConfigName === strategies.groupConfigName);
    const deploymentConfig: IEcsDeploymentConfig | undefined = own
      ?? (strategies.groupConfigName === undefined ? undefined : EcsDeploymentConfig.fromEcsDeploymentConfigName(this, 'Config', strategies.groupConfigName));

    const serviceArn = stack.formatArn({ service: 'ecs', resource: 'service', resourceName: `${target.cluster}/${target.service}`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const terminateAfter = deploy.strategy.type === 'blue-green' ? parseDuration(deploy.strategy.terminateAfter) ?? 300 : 300;

    this.group = new EcsDeploymentGroup(this, 'DeploymentGroup', {
      application: new EcsApplication(this, 'Application', { applicationName: codeDeployApplicationName(component, target) }),
      deploymentGroupName: codeDeployGroupName(component, target),
      service: BaseService.fromServiceArnWithCluster(this, 'Service', serviceArn),
      ...(deploymentConfig === undefined ? {} : { deploymentConfig }),
      blueGreenDeploymentConfig: {
        listener: new ListenerByArn(this, 'Listener', loadBalancing.listenerArn),
        ...(loadBalancing.testListenerArn === undefined ? {} : { testListener: new ListenerByArn(this, 'TestListener', loadBalancing.testListenerArn) }),
        blueTargetGroup: ApplicationTargetGroup.fromTargetGroupAttributes(this, 'Blue', { targetGroupArn: loadBalancing.blueTargetGroupArn }),
        greenTargetGroup: ApplicationTargetGroup.fromTargetGroupAttributes(this, 'Green', { targetGroupArn: loadBalancing.greenTargetGroupArn }),
        terminationWaitTime: Duration.minutes(Math.max(0, Math.round(terminateAfter / 60))),
      },
      alarms: [...this.alarms.alarms],
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });
  }
}
