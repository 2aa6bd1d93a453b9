import * as z from 'zod';
import { VERSIONING_SCHEMES } from '../types.js';
import { ApprovalOverrideSchema } from './approval-schema.js';
import { NameSchema, TextSchema } from './common.js';
import { VERSION_TEXT_RULE } from './rules.js';
import { DeploySchema } from './deploy-schema.js';
import { PipelineSchema } from './pipeline-schema.js';
import { SimulationSchema } from './simulation-schema.js';
import { SourceSchema } from './source-schema.js';
import { zodOf } from './zod-form.js';

/**
 * A version as written in YAML. Unquoted `1.10` is the number 1.1 to a YAML reader, so a
 * number is refused with the fix rather than silently turned into the wrong version.
 */
export const VersionTextSchema = z
  .string({
    error: (issue) => (issue.input === undefined ? undefined : VERSION_TEXT_RULE),
  })
  .trim()
  .min(1, 'must not be empty');

/** One watched component of the system: where its versions appear, and how a new one ships. */
export const ComponentSchema = z
  .object({
    name: NameSchema,
    description: TextSchema.optional(),
    /** The version running now. */
    current: VersionTextSchema,
    source: zodOf(SourceSchema),
    scheme: z.enum(VERSIONING_SCHEMES).default('auto'),
    /** Offer prereleases even when the current version is a release. */
    allowPrerelease: z.boolean().default(false),
    /** Never propose a version at or below this (rollback and freeze protection). */
    highWaterMark: VersionTextSchema.optional(),
    /** Versions rolled back or banned; never proposed automatically. */
    quarantined: z.array(VersionTextSchema).default([]),
    /** Absent: candidates are not simulated (a `simulation_success` condition never matches). */
    simulation: SimulationSchema.optional(),
    /** Absent: Upkeep does not move traffic itself (the pipeline, if any, ships). */
    deploy: DeploySchema.optional(),
    /** Absent: no CI run is triggered before the rollout. */
    pipeline: PipelineSchema.optional(),
    /** Overrides of the top-level `approval` rules for this component. */
    approval: ApprovalOverrideSchema.optional(),
    /** Names of the deployment windows this component ships in. @default - every window */
    windows: z.array(NameSchema).min(1, 'must name at least one window, or be left out to use every window').optional(),
  })
  .strict();

export type ComponentConfig = z.infer<typeof ComponentSchema>;
export type ComponentInput = z.input<typeof ComponentSchema>;
