import { Annotations } from 'aws-cdk-lib';
import {
  InstanceTagSet, MinimumHealthyHosts, ServerApplication, ServerDeploymentConfig, ServerDeploymentGroup, type IServerDeploymentConfig,
} from 'aws-cdk-lib/aws-codedeploy';
import { Construct } from 'constructs';
import { codeDeployApplicationName, codeDeployGroupName } from '../../functions/adapters/aws/aws-names.js';
import type { DeployConfig, UpkeepConfig } from '../../functions/core/config/schema.js';
import { ComponentAlarms } from './component-alarms.js';
import { deploymentStrategies } from './deployment-strategies.js';
import { pascal } from './handler-catalog.js';

type ServerTarget = Extract<DeployConfig['target'], { type: 'server' }>;

/** The EC2 tag that marks a component's instances for its deployment group. */
export const COMPONENT_TAG = 'upkeep:component';

/** Properties of {@link ServerDeployment}. */
export interface ServerDeploymentProps {
  readonly config: UpkeepConfig;
  readonly component: string;
  readonly deploy: DeployConfig & { readonly target: ServerTarget };
}

/**
 * In-place rolling deployments to EC2 instances through CodeDeploy: the application the target
 * names, the deployment group (the target's, or the component's name), a custom
 * minimum-healthy-hosts configuration when the strategy asks for one, the configured alarms,
 * and rollback on alarm and failure. The group targets the EC2 instances tagged
 * `upkeep:component=<component>`, which run the CodeDeploy agent.
 *
 * Servers have no metric every service shares, so only `deploy.alarms` and `deploy.existingAlarms`
 * guard them; without any, CodeDeploy rolls back only on failed deployments and the synth says so.
 *
 * @example
 * ```ts
 * new ServerDeployment(this, 'ReportWorker', { config, component: 'report-worker', deploy });
 * ```
 */
export class ServerDeployment extends Construct {
  public readonly group: ServerDeploymentGroup;
  public readonly alarms: ComponentAlarms;

  public constructor(scope: Construct, id: string, props: ServerDeploymentProps) {
    super(scope, id);
    const { component, deploy } = props;
    const target = deploy.target;
    this.alarms = new ComponentAlarms(this, 'Alarms', { component, deploy, builtIn: [], defaultNamespace: 'AWS/EC2' });

    const strategies = deploymentStrategies(props.config, component, deploy);
    const custom = strategies.custom.map(({ name, strategy }) => {
      if (strategy.type !== 'rolling') throw new Error(`${component}: no CodeDeploy server configuration can express a ${strategy.type} strategy`);
      const minimumHealthyHosts = strategy.minimumHealthyHosts !== undefined
        ? MinimumHealthyHosts.count(strategy.minimumHealthyHosts)
        : MinimumHealthyHosts.percentage(strategy.minimumHealthyPercent ?? 0);
      return new ServerDeploymentConfig(this, pascal(`config-${name}`), { deploymentConfigName: name, minimumHealthyHosts });
    });
    const own = custom.find((c) => c.deploymentConfigName === strategies.groupConfigName);
    const deploymentConfig: IServerDeploymentConfig | undefined = own
      ?? (strategies.groupConfigName === undefined ? undefined : ServerDeploymentConfig.fromServerDeploymentConfigName(this, 'Config', strategies.groupConfigName));

    const hasAlarms = this.alarms.alarms.length > 0;
    if (!hasAlarms) {
      Annotations.of(this).addWarningV2(
        'upkeep:server-without-alarms',
        `${component}: no deploy.alarms or deploy.existingAlarms, so CodeDeploy can roll its servers back only when a deployment fails; add an alarm on the service's errors`,
      );
    }

    this.group = new ServerDeploymentGroup(this, 'DeploymentGroup', {
      application: new ServerApplication(this, 'Application', { applicationName: codeDeployApplicationName(component, target) }),
      deploymentGroupName: codeDeployGroupName(component, target),
      ...(deploymentConfig === undefined ? {} : { deploymentConfig }),
      ec2InstanceTags: new InstanceTagSet({ [COMPONENT_TAG]: [component] }),
      installAgent: false,
      alarms: [...this.alarms.alarms],
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: hasAlarms },
    });
  }
}
