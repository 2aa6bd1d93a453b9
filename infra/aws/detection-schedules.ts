import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleGroup, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DetectionConfig } from '../../functions/core/config/schema.js';

/** Properties of {@link DetectionSchedules}. */
export interface DetectionSchedulesProps {
  readonly detection: DetectionConfig;
  /** The detector (`functions/handlers/detect.ts`). */
  readonly detector: IFunction;
  /** Where invocations that still fail after the retries go. */
  readonly deadLetterQueue: IQueue;
  /** Prefix of the group and schedule names; the stack's name keeps two stacks apart. */
  readonly namePrefix: string;
  /**
   * The approval reminder run (`functions/handlers/send-reminders.ts`), invoked every minute by
   * a schedule of its own that start/stop leaves alone.
   * @default - no reminder schedule
   */
  readonly reminders?: IFunction;
}

/**
 * EventBridge Scheduler schedules that run detection: one per shard (`detection.shards`), each
 * invoking the detector with `{"shard": i, "shards": n}` at `detection.schedule` (`rate(…)` or
 * `cron(…)`, as written in `upkeep.yaml`), with retries and a dead-letter queue. They live in
 * their own schedule group so that the API's start/stop can enable and disable exactly these
 * (`scheduler:GetSchedule`/`UpdateSchedule` on {@link scheduleArns}, passing {@link invokeRole}).
 *
 * @example
 * ```ts
 * const schedules = new DetectionSchedules(this, 'Detection', { detection: config.detection, detector, deadLetterQueue, namePrefix: 'upkeep' });
 * ```
 */
export class DetectionSchedules extends Construct {
  /** The schedule group's name for a prefix: known before the schedules exist (functions carry it). */
  public static groupNameFor(prefix: string): string {
    return `${prefix}-detection`.slice(0, 64);
  }

  /** The schedules' names, in shard order. */
  public static namesFor(prefix: string, shards: number): string[] {
    return Array.from({ length: shards }, (_, shard) => `${prefix}-detect-${shard}`.slice(0, 64));
  }

  public readonly group: ScheduleGroup;
  public readonly schedules: readonly Schedule[];
  /** The schedules' names, in shard order. */
  public readonly scheduleNames: readonly string[];
  /** ARNs of the schedules, for grants (literal: no reference back to the schedules). */
  public readonly scheduleArns: readonly string[];
  /** The role the schedules invoke the detector with; changing a schedule passes it. */
  public readonly invokeRole: Role;

  public constructor(scope: Construct, id: string, props: DetectionSchedulesProps) {
    super(scope, id);
    const groupName = DetectionSchedules.groupNameFor(props.namePrefix);
    this.group = new ScheduleGroup(this, 'Group', { scheduleGroupName: groupName });
    const shards = props.detection.shards;
    this.invokeRole = new Role(this, 'InvokeRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: 'EventBridge Scheduler invokes the Upkeep detector',
    });
    this.scheduleNames = DetectionSchedules.namesFor(props.namePrefix, shards);
    this.schedules = this.scheduleNames.map((scheduleName, shard) => new Schedule(this, `Shard${shard}`, {
      scheduleName,
      scheduleGroup: this.group,
      description: `Upkeep detection, shard ${shard + 1} of ${shards}`,
      schedule: ScheduleExpression.expression(props.detection.schedule),
      target: new LambdaInvoke(props.detector, {
        input: ScheduleTargetInput.fromObject({ shard, shards }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: props.deadLetterQueue,
        role: this.invokeRole,
      }),
      enabled: true,
    }));
    if (props.reminders !== undefined) {
      new Schedule(this, 'Reminders', {
        scheduleName: `${props.namePrefix}-reminders`.slice(0, 64),
        scheduleGroup: this.group,
        description: 'Upkeep approval reminders',
        schedule: ScheduleExpression.expression('rate(1 minute)'),
        target: new LambdaInvoke(props.reminders, { input: ScheduleTargetInput.fromObject({}), retryAttempts: 0, maxEventAge: Duration.minutes(5), deadLetterQueue: props.deadLetterQueue, role: this.invokeRole }),
      });
    }
    const stack = Stack.of(this);
    this.scheduleArns = this.scheduleNames.map((name) =>
      stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${groupName}/${name}`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }));
  }
}
