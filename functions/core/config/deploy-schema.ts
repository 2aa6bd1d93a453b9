import * as z from 'zod';
import { parseDuration } from '../duration.js';
import { NameSchema, RelativePathSchema, TextSchema, durationSchema, uniqueBy } from './common.js';

const percent = (what: string) =>
  z.number().gt(0, `must be between 0 and 100 (exclusive): ${what}`).lt(100, `must be between 0 and 100 (exclusive): ${what}`);
const port = z.number().int('must be a whole number').min(1, 'must be a port between 1 and 65535').max(65_535, 'must be a port between 1 and 65535');

/** A Lambda function shifted by alias (CodeDeploy for Lambda, or stepped alias weights). */
export const LambdaTargetSchema = z
  .object({
    type: z.literal('lambda'),
    /** Function name or ARN. */
    functionName: z.string().regex(/^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:)?[A-Za-z0-9_-]{1,64}$/, 'must be a Lambda function name or ARN'),
    alias: z.string().regex(/^(?!^\d+$)[A-Za-z0-9_-]{1,128}$/, 'must be an alias name such as "live" (not a number)').default('live'),
  })
  .strict();

/** An ECS service deployed blue/green by CodeDeploy. */
export const EcsTargetSchema = z
  .object({
    type: z.literal('ecs'),
    cluster: TextSchema,
    service: TextSchema,
    /** The container whose image changes; defaults to the task definition's only container. */
    container: TextSchema.optional(),
    /** CodeDeploy application and deployment group; created from the component name when absent. */
    application: TextSchema.optional(),
    deploymentGroup: TextSchema.optional(),
  })
  .strict();

/** EC2 or on-premises servers deployed in place by CodeDeploy. */
export const ServerTargetSchema = z
  .object({
    type: z.literal('server'),
    application: TextSchema,
    /** @default - the component's name */
    deploymentGroup: TextSchema.optional(),
    /** S3 location (`s3://bucket/prefix`) the revision bundle is taken from. */
    revisionLocation: z.string().regex(/^s3:\/\/[a-z0-9.-]{3,63}(\/.*)?$/, 'must be an S3 location such as "s3://bucket/prefix"').optional(),
  })
  .strict();

/** Two local processes (current and candidate) behind a weighted local proxy: local mode's deployer. */
export const LocalTargetSchema = z
  .object({
    type: z.literal('local'),
    /** Starts one version; `{port}`, `{version}` and `{dir}` are filled in by the deployer. */
    command: z.union([TextSchema, z.array(TextSchema).min(1, 'must not be empty')]),
    /** The port the component's users reach; the versions themselves get free ports. */
    port,
    healthPath: z.string().regex(/^\//, 'must be an HTTP path starting with "/", such as "/health"').default('/health'),
    /** Working directory inside the checkout. @default - the repository root */
    cwd: RelativePathSchema.optional(),
    startupTimeout: durationSchema({ max: 600 }).default('30s'),
  })
  .strict();

/** Where a component runs, tagged by `type`. */
export const DeployTargetSchema = z.discriminatedUnion('type', [LambdaTargetSchema, EcsTargetSchema, ServerTargetSchema, LocalTargetSchema]);

/** CodeDeploy wants whole minutes for time-based configs. */
const interval = durationSchema({ min: 60, max: 2_880 * 60, why: 'CodeDeploy shifts traffic in whole minutes, up to 2 days' });

export const CanaryStrategySchema = z
  .object({ type: z.literal('canary'), percent: percent('the share that gets the candidate first, e.g. 10'), interval })
  .strict();
export const LinearStrategySchema = z
  .object({ type: z.literal('linear'), percent: percent('the share added every interval, e.g. 10'), interval })
  .strict();
export const AllAtOnceStrategySchema = z.object({ type: z.literal('all-at-once') }).strict();
export const BlueGreenStrategySchema = z
  .object({
    type: z.literal('blue-green'),
    /** How long the old fleet is kept after the switch, for a quick way back. */
    terminateAfter: durationSchema({ min: 0, max: 2_880 * 60 }).default('5m'),
  })
  .strict();

/** In-place rolling: a CodeDeploy batch, or the minimum that must stay healthy. Use one of the three. */
export const RollingStrategySchema = z
  .object({
    type: z.literal('rolling'),
    batch: z.enum(['OneAtATime', 'HalfAtATime', 'AllAtOnce']).optional(),
    minimumHealthyHosts: z.number().int().min(0).optional(),
    minimumHealthyPercent: z.number().int().min(0).max(99).optional(),
  })
  .strict()
  .refine((r) => [r.batch, r.minimumHealthyHosts, r.minimumHealthyPercent].filter((v) => v !== undefined).length <= 1, {
    message: 'must set only one of batch, minimumHealthyHosts and minimumHealthyPercent',
  });

/** Traffic in steps with an analysis of candidate against current after each (DESIGN.md issue 8). */
export const SteppedStrategySchema = z
  .object({
    type: z.literal('stepped'),
    /** Percent on the candidate at each step, increasing, ending at 100. */
    steps: z
      .array(z.number().gt(0).max(100))
      .min(1)
      .refine((s) => s.every((v, i) => i === 0 || v > (s[i - 1] as number)) && s.at(-1) === 100, {
        message: 'must increase step by step and end at 100, such as [10, 25, 50, 100]',
      }),
    /** How long each step runs before its analysis. */
    bake: durationSchema({ min: 60 }),
    analysis: z
      .object({
        /** Fail when the candidate's error rate exceeds the current's by more than this many points. */
        maxErrorRateIncrease: z.number().min(0).default(1),
        /** Fail when the candidate's p99 latency exceeds the current's by more than this percent. */
        maxLatencyIncreasePercent: z.number().min(0).default(20),
        /** Fewer requests than this in a step makes the verdict inconclusive. */
        minRequests: z.number().int().min(1).default(100),
        /** Inconclusive for lack of traffic: run synthetic checks (never pass blindly), or fail. */
        onInconclusive: z.enum(['synthetic', 'fail']).default('synthetic'),
      })
      .strict()
      .default({ maxErrorRateIncrease: 1, maxLatencyIncreasePercent: 20, minRequests: 100, onInconclusive: 'synthetic' }),
  })
  .strict();

/** A CodeDeploy deployment configuration by name, predefined or your own. */
export const CustomStrategySchema = z
  .object({ type: z.literal('custom'), config: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be a CodeDeploy configuration name such as "CodeDeployDefault.LambdaCanary10Percent5Minutes"') })
  .strict();

/** How traffic moves to the candidate, tagged by `type`. */
export const StrategySchema = z.discriminatedUnion('type', [
  CanaryStrategySchema,
  LinearStrategySchema,
  AllAtOnceStrategySchema,
  BlueGreenStrategySchema,
  RollingStrategySchema,
  SteppedStrategySchema,
  CustomStrategySchema,
]);

/** Which strategies each target can run (CodeDeploy's compute platforms, plus our own stepping). */
export const STRATEGIES_BY_TARGET: Readonly<Record<z.infer<typeof DeployTargetSchema>['type'], readonly StrategyConfig['type'][]>> = {
  lambda: ['canary', 'linear', 'all-at-once', 'stepped', 'custom'],
  ecs: ['canary', 'linear', 'all-at-once', 'blue-green', 'custom'],
  server: ['all-at-once', 'rolling', 'blue-green', 'custom'],
  local: ['canary', 'linear', 'all-at-once', 'stepped', 'custom'],
};

/** A CloudWatch-style alarm that rolls the deployment back when it fires. */
export const AlarmSchema = z
  .object({
    name: NameSchema,
    metric: TextSchema,
    /** @default - the target's own namespace (AWS/Lambda, ECS/ContainerInsights, …; local metrics locally) */
    namespace: TextSchema.optional(),
    dimensions: z.record(z.string(), z.string()).default({}),
    statistic: z
      .string()
      .regex(/^(?:Average|Sum|Minimum|Maximum|SampleCount|p\d{1,2}(?:\.\d{1,2})?)$/, 'must be Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p99'),
    /** CloudWatch periods are 10s, 30s or a multiple of 60s. */
    period: durationSchema({ min: 10 })
      .refine((text) => [10, 30].includes(parseDuration(text) ?? 60) || (parseDuration(text) ?? 60) % 60 === 0, {
        message: 'must be 10s, 30s or a whole number of minutes (the periods CloudWatch alarms support)',
      })
      .default('1m'),
    evaluationPeriods: z.number().int().min(1).default(1),
    /** @default - evaluationPeriods (every datapoint must breach) */
    datapointsToAlarm: z.number().int().min(1).optional(),
    threshold: z.number(),
    comparison: z.enum(['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold']),
    treatMissingData: z.enum(['missing', 'notBreaching', 'breaching', 'ignore']).default('missing'),
  })
  .strict()
  .refine((a) => a.datapointsToAlarm === undefined || a.datapointsToAlarm <= a.evaluationPeriods, {
    message: 'must not exceed evaluationPeriods (N of M datapoints: N ≤ M)',
    path: ['datapointsToAlarm'],
  });

/** How a component is rolled out and watched. */
export const DeploySchema = z
  .object({
    target: DeployTargetSchema,
    strategy: StrategySchema.default({ type: 'all-at-once' }),
    alarms: z.array(AlarmSchema).default([]),
    /** Alarms that already exist (by name) and should also roll back. */
    existingAlarms: z.array(TextSchema).default([]),
    /** How long to watch the component after all traffic moved, before the last health check. */
    bake: durationSchema({ min: 0, max: 86_400 }).default('5m'),
    /** Smoke tests run before and after traffic moves (lifecycle hooks), relative to the checkout. */
    smokeTest: RelativePathSchema.optional(),
  })
  .strict()
  .superRefine((deploy, ctx) => {
    const allowed = STRATEGIES_BY_TARGET[deploy.target.type];
    if (!allowed.includes(deploy.strategy.type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['strategy', 'type'],
        input: deploy.strategy.type,
        message: `cannot be used with a ${deploy.target.type} target; use one of ${allowed.join(', ')}`,
      });
    }
    uniqueBy(deploy.alarms, (alarm) => alarm.name, ctx, 'name', 'alarms', ['alarms']);
  });

export type DeployTarget = z.infer<typeof DeployTargetSchema>;
export type StrategyConfig = z.infer<typeof StrategySchema>;
export type AlarmConfig = z.infer<typeof AlarmSchema>;
export type DeployConfig = z.infer<typeof DeploySchema>;
