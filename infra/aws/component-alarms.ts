import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { componentAlarmName } from '../../functions/adapters/aws/aws-names.js';
import type { AlarmConfig, DeployConfig } from '../../functions/core/config/schema.js';
import { parseDuration } from '../../functions/core/duration.js';
import { pascal } from './handler-catalog.js';

/** An alarm the stack adds for every component of a target type, unless the config names one the same. */
export interface BuiltInAlarm {
  /** The alarm is `upkeep-<component>-<name>`. */
  readonly name: string;
  readonly metric: Metric;
  readonly threshold: number;
  readonly comparison: ComparisonOperator;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

/** Properties of {@link ComponentAlarms}. */
export interface ComponentAlarmsProps {
  readonly component: string;
  readonly deploy: DeployConfig;
  /** Alarms every component of this target gets (errors, throttles, latency, …). */
  readonly builtIn: readonly BuiltInAlarm[];
  /** The namespace of a configured alarm that names none (AWS/Lambda, AWS/ApplicationELB, …). */
  readonly defaultNamespace: string;
  /**
   * Dimensions of a configured alarm that names none (the alias, the load balancer).
   * @default - none
   */
  readonly defaultDimensions?: Readonly<Record<string, string>>;
}

const COMPARISON: Record<AlarmConfig['comparison'], ComparisonOperator> = {
  GreaterThanThreshold: ComparisonOperator.GREATER_THAN_THRESHOLD,
  GreaterThanOrEqualToThreshold: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  LessThanThreshold: ComparisonOperator.LESS_THAN_THRESHOLD,
  LessThanOrEqualToThreshold: ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
};

const MISSING: Record<AlarmConfig['treatMissingData'], TreatMissingData> = {
  missing: TreatMissingData.MISSING,
  notBreaching: TreatMissingData.NOT_BREACHING,
  breaching: TreatMissingData.BREACHING,
  ignore: TreatMissingData.IGNORE,
};

/**
 * The CloudWatch alarms that roll a component's deployment back: the built-in ones for its
 * target and each one under `deploy.alarms`, all named `upkeep-<component>-<alarm>` (the names
 * the `CodeDeployDeployer` reads when it explains a rollback). `deploy.existingAlarms` are
 * attached by name. A built-in alarm gives way to a configured one of the same name.
 *
 * @example
 * ```ts
 * const alarms = new ComponentAlarms(this, 'Alarms', { component: 'api', deploy, builtIn, defaultNamespace: 'AWS/Lambda' });
 * ```
 */
export class ComponentAlarms extends Construct {
  /** Every alarm to attach to the deployment group, the existing ones included. */
  public readonly alarms: readonly IAlarm[];
  public readonly alarmNames: readonly string[];

  public constructor(scope: Construct, id: string, props: ComponentAlarmsProps) {
    super(scope, id);
    const configured = new Set(props.deploy.alarms.map((a) => a.name));
    const builtIn = props.builtIn.filter((a) => !configured.has(a.name)).map((a) => new Alarm(this, pascal(a.name), {
      alarmName: componentAlarmName(props.component, a.name),
      alarmDescription: `Upkeep rolls ${props.component} back when this fires during a deployment`,
      metric: a.metric,
      threshold: a.threshold,
      comparisonOperator: a.comparison,
      evaluationPeriods: a.evaluationPeriods,
      datapointsToAlarm: a.datapointsToAlarm,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }));
    const fromConfig = props.deploy.alarms.map((a) => new Alarm(this, pascal(a.name), {
      alarmName: componentAlarmName(props.component, a.name),
      alarmDescription: `upkeep.yaml alarm ${a.name} of ${props.component}; rolls its deployment back`,
      metric: new Metric({
        namespace: a.namespace ?? props.defaultNamespace,
        metricName: a.metric,
        dimensionsMap: Object.keys(a.dimensions).length > 0 ? a.dimensions : { ...props.defaultDimensions },
        statistic: a.statistic,
        period: Duration.seconds(parseDuration(a.period) ?? 60),
      }),
      threshold: a.threshold,
      comparisonOperator: COMPARISON[a.comparison],
      evaluationPeriods: a.evaluationPeriods,
      datapointsToAlarm: a.datapointsToAlarm ?? a.evaluationPeriods,
      treatMissingData: MISSING[a.treatMissingData],
    }));
    const existing = props.deploy.existingAlarms.map((name, i) => Alarm.fromAlarmName(this, `Existing${i}`, name));
    this.alarms = [...builtIn, ...fromConfig, ...existing];
    this.alarmNames = this.alarms.map((a) => a.alarmName);
  }
}
