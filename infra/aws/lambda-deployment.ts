import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { ComparisonOperator, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import {
  CfnDeploymentGroup, LambdaApplication, LambdaDeploymentConfig, TimeBasedCanaryTrafficRouting, TimeBasedLinearTrafficRouting,
} from 'aws-cdk-lib/aws-codedeploy';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { codeDeployApplicationName, codeDeployGroupName, componentAlarmName } from '../../functions/adapters/aws/aws-names.js';
import { functionNameOf } from '../../functions/adapters/aws/codedeploy-plan.js';
import type { DeployConfig, UpkeepConfig } from '../../functions/core/config/schema.js';
import { parseDuration } from '../../functions/core/duration.js';
import { ComponentAlarms, type BuiltInAlarm } from './component-alarms.js';
import { deploymentStrategies } from './deployment-strategies.js';
import { pascal } from './handler-catalog.js';

type LambdaTarget = Extract<DeployConfig['target'], { type: 'lambda' }>;

/** Properties of {@link LambdaDeployment}. */
export interface LambdaDeploymentProps {
  readonly config: UpkeepConfig;
  readonly component: string;
  readonly deploy: DeployConfig & { readonly target: LambdaTarget };
  /**
   * p99 duration of the alias, in milliseconds, above which the built-in latency alarm fires.
   * @default 3000
   */
  readonly latencyThresholdMs?: number;
}

/** The ARN of a function given by name or ARN, without a version or alias qualifier. */
export function functionArnOf(scope: Construct, functionName: string): string {
  if (!functionName.startsWith('arn:')) {
    return Stack.of(scope).formatArn({ service: 'lambda', resource: 'function', resourceName: functionName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }
  return functionName.split(':').slice(0, 7).join(':');
}

/**
 * Traffic shifting for a component whose target is a Lambda alias: the CodeDeploy application
 * and deployment group `upkeep-<component>`, any custom canary/linear configuration its
 * strategy or a named rollout needs, CloudWatch alarms on the alias (errors, throttles,
 * p99 latency, and each configured alarm), and automatic rollback on alarm and on failure.
 *
 * The function and its alias are yours: your pipeline publishes each candidate as a version
 * described `upkeep:<version>`, and Upkeep starts deployments that move the alias. The stack
 * therefore references the alias by name and does not create it — a CloudFormation-owned alias
 * would be moved back by the next stack update that touched it. That is also why the group is
 * the `CfnDeploymentGroup` rather than `LambdaDeploymentGroup`, which insists on an alias it
 * creates and puts under CloudFormation's `CodeDeployLambdaAliasUpdate` policy. The group's role
 * may move only this function's alias and read only these alarms.
 *
 * @example
 * ```ts
 * new LambdaDeployment(this, 'BillingApi', { config, component: 'billing-api', deploy });
 * ```
 */
export class LambdaDeployment extends Construct {
  public readonly component: string;
  public readonly deploy: DeployConfig & { readonly target: LambdaTarget };
  public readonly group: CfnDeploymentGroup;
  public readonly alarms: ComponentAlarms;
  /** The role CodeDeploy shifts the alias with (and invokes lifecycle hooks with). */
  public readonly role: Role;

  public constructor(scope: Construct, id: string, props: LambdaDeploymentProps) {
    super(scope, id);
    const { component, deploy } = props;
    this.component = component;
    this.deploy = deploy;
    const target = deploy.target;
    const name = functionNameOf(target.functionName);
    const functionArn = functionArnOf(this, target.functionName);
    const dimensions = { FunctionName: name, Resource: `${name}:${target.alias}` };
    const metric = (metricName: string, statistic: string): Metric =>
      new Metric({ namespace: 'AWS/Lambda', metricName, dimensionsMap: dimensions, statistic, period: Duration.minutes(1) });
    const builtIn: BuiltInAlarm[] = [
      { name: 'errors', metric: metric('Errors', 'Sum'), threshold: 1, comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, evaluationPeriods: 3, datapointsToAlarm: 2 },
      { name: 'throttles', metric: metric('Throttles', 'Sum'), threshold: 1, comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, evaluationPeriods: 3, datapointsToAlarm: 2 },
      { name: 'latency', metric: metric('Duration', 'p99'), threshold: props.latencyThresholdMs ?? 3_000, comparison: ComparisonOperator.GREATER_THAN_THRESHOLD, evaluationPeriods: 3, datapointsToAlarm: 3 },
    ];
    this.alarms = new ComponentAlarms(this, 'Alarms', { component, deploy, builtIn, defaultNamespace: 'AWS/Lambda', defaultDimensions: dimensions });

    const application = new LambdaApplication(this, 'Application', { applicationName: codeDeployApplicationName(component, target) });
    const strategies = deploymentStrategies(props.config, component, deploy);
    const configs = strategies.custom.map(({ name: configName, strategy }) => {
      if (strategy.type !== 'canary' && strategy.type !== 'linear') throw new Error(`${component}: no CodeDeploy Lambda configuration can express a ${strategy.type} strategy`);
      const interval = Duration.minutes(Math.round((parseDuration(strategy.interval) ?? 60) / 60));
      const trafficRouting = strategy.type === 'canary'
        ? new TimeBasedCanaryTrafficRouting({ interval, percentage: strategy.percent })
        : new TimeBasedLinearTrafficRouting({ interval, percentage: strategy.percent });
      return new LambdaDeploymentConfig(this, pascal(`config-${configName}`), { deploymentConfigName: configName, trafficRouting });
    });

    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('codedeploy.amazonaws.com'), description: `CodeDeploy shifts ${name}:${target.alias} for Upkeep` });
    this.role = role;
    role.addToPolicy(new PolicyStatement({
      actions: ['lambda:GetAlias', 'lambda:UpdateAlias', 'lambda:GetProvisionedConcurrencyConfig', 'lambda:GetFunction'],
      resources: [functionArn, `${functionArn}:${target.alias}`],
    }));
    const stack = Stack.of(this);
    const alarmNames = [...new Set([...['errors', 'throttles', 'latency'].map((a) => componentAlarmName(component, a)), ...deploy.alarms.map((a) => componentAlarmName(component, a.name)), ...deploy.existingAlarms])];
    role.addToPolicy(new PolicyStatement({
      actions: ['cloudwatch:DescribeAlarms'],
      resources: alarmNames.map((alarm) => stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: alarm, arnFormat: ArnFormat.COLON_RESOURCE_NAME })),
    }));

    this.group = new CfnDeploymentGroup(this, 'DeploymentGroup', {
      applicationName: application.applicationName,
      deploymentGroupName: codeDeployGroupName(component, target),
      serviceRoleArn: role.roleArn,
      ...(strategies.groupConfigName === undefined ? {} : { deploymentConfigName: strategies.groupConfigName }),
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      alarmConfiguration: { enabled: true, ignorePollAlarmFailure: false, alarms: this.alarms.alarmNames.map((alarm) => ({ name: alarm })) },
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_STOP_ON_REQUEST'] },
    });
    for (const config of configs) this.group.node.addDependency(config);
    this.group.node.addDependency(role);
  }
}
