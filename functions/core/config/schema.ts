import * as z from 'zod';
import { PolicySchema } from '../policy/policy-schema.js';
import { TERMINAL_STAGES } from '../types.js';
import { ApprovalRulesSchema, ApproverSchema } from './approval-schema.js';
import { BusinessHoursSchema, DetectionSchema, FreezeSchema, WindowSchema } from './calendar-schema.js';
import { ALWAYS, EmailSchema, HttpUrlSchema, NameSchema, uniqueBy } from './common.js';
import { ComponentSchema } from './component-schema.js';
import { crossCheck } from './cross-checks.js';
import { StrategySchema } from './deploy-schema.js';
import { WebhooksSchema } from './webhook-schema.js';
import { zodOf } from './zod-form.js';

/** Where outcome notices go besides approval requests (which go to the approvers). */
export const NotificationsSchema = z
  .object({
    /** An existing SNS topic. @default - the stack creates one (local mode: the outbox) */
    topicArn: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'must be an SNS topic ARN such as "arn:aws:sns:eu-west-1:123456789012:upkeep"').optional(),
    /** Addresses subscribed to outcome notices. */
    emails: z.array(EmailSchema).default([]),
    /** Which workflow outcomes are announced. */
    events: z.array(z.enum(TERMINAL_STAGES)).default(['ROLLED_BACK', 'FAILED', 'EXPIRED']),
    /** The public base URL approval links point at. @default - the API's own URL */
    linkBaseUrl: HttpUrlSchema.optional(),
  })
  .strict();

/** Upkeep watching and updating itself (issue 8): opt-in, always a named component with a pipeline. */
export const SelfUpdateSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** The component, declared under `components`, whose releases are Upkeep's own. */
    component: NameSchema.default('upkeep'),
  })
  .strict();

const byName = (item: Record<string, unknown>): unknown => item.name;

/**
 * The whole of `upkeep.yaml`. Every object is strict, so a misspelt key is an error rather
 * than a setting silently ignored. Parse with {@link parseConfig} for problems a person can act on.
 *
 * @example
 * ```ts
 * const result = UpkeepConfigSchema.safeParse({ version: 1, components: [{ name: 'api', current: '1.0.0', source: { type: 'npm', package: 'api' } }] });
 * ```
 */
export const UpkeepConfigSchema = z
  .object({
    /** Editors' pointer to `upkeep.schema.json`; ignored by Upkeep. */
    $schema: z.string().optional(),
    version: z.literal(1, { error: (issue) => (issue.input === undefined ? undefined : 'must be 1 (the only version of upkeep.yaml so far)') }),
    components: z
      .array(ComponentSchema)
      .min(1, 'must list at least one component')
      .superRefine((items, ctx) => uniqueBy(items, byName, ctx, 'name', 'components'), ALWAYS)
      // Descriptions reach editors as hover help through the generated JSON Schema.
      .meta({ description: "The watched components: where each one's versions appear and how a new one ships." }),
    /** Your policies. The shipped defaults are included unless `includeDefaultPolicies` is false; one of yours with a default's name replaces it. */
    policies: z
      .array(zodOf(PolicySchema))
      .superRefine((items, ctx) => uniqueBy(items, byName, ctx, 'name', 'policies'), ALWAYS)
      .default([])
      .meta({ description: 'Your policies, evaluated by priority with the shipped defaults unless includeDefaultPolicies is false.' }),
    includeDefaultPolicies: z.boolean().default(true),
    /** Named rollout strategies a policy can pick with `actions.rollout` (e.g. a short emergency canary). */
    rollouts: z.record(NameSchema, StrategySchema).default({}),
    windows: z
      .array(WindowSchema)
      .superRefine((items, ctx) => uniqueBy(items, byName, ctx, 'name', 'windows'), ALWAYS)
      .default([])
      .meta({ description: 'Recurring deployment windows (days, HH:MM start and end, IANA timezone).' }),
    freezes: z
      .array(FreezeSchema)
      .superRefine((items, ctx) => uniqueBy(items, byName, ctx, 'name', 'freezes'), ALWAYS)
      .default([])
      .meta({ description: 'Periods when nothing ships unless its priority is allowed.' }),
    businessHours: BusinessHoursSchema.prefault({}),
    approvers: z
      .array(ApproverSchema)
      .superRefine((items, ctx) => uniqueBy(items, (a) => (typeof a.email === 'string' ? a.email.toLowerCase() : undefined), ctx, 'email', 'approvers'), ALWAYS)
      .default([])
      .meta({ description: 'People who may see (viewer), decide (approver) or also manage (admin).' }),
    approval: ApprovalRulesSchema.prefault({}),
    detection: DetectionSchema.prefault({}),
    notifications: NotificationsSchema.prefault({}),
    selfUpdate: SelfUpdateSchema.prefault({}),
    /** Push notifications that make detection look at one component now. @default - none accepted */
    webhooks: WebhooksSchema.optional(),
  })
  .strict()
  .superRefine(crossCheck, ALWAYS);

/** `upkeep.yaml` after validation, defaults applied. */
export type UpkeepConfig = z.infer<typeof UpkeepConfigSchema>;
/** `upkeep.yaml` as a person writes it. */
export type UpkeepConfigInput = z.input<typeof UpkeepConfigSchema>;
export type NotificationsConfig = z.infer<typeof NotificationsSchema>;
export type SelfUpdateConfig = z.infer<typeof SelfUpdateSchema>;

export type { ComponentConfig, ComponentInput } from './component-schema.js';
export type { Policy, PolicyInput } from '../policy/policy-schema.js';
export type { SourceConfig } from './source-schema.js';
export type { WindowConfig, FreezeConfig, BusinessHoursConfig, DetectionConfig } from './calendar-schema.js';
export type { DeployConfig, DeployTarget, StrategyConfig, AlarmConfig } from './deploy-schema.js';
export type { PipelineConfig } from './pipeline-schema.js';
export type { SimulationConfig, BenchmarkConfig } from './simulation-schema.js';
export type { Approver, ApprovalRules, ApprovalOverride } from './approval-schema.js';
export type { WebhooksConfig, WebhookProvider } from './webhook-schema.js';
