import * as z from 'zod';
import { SUITE_KINDS } from '../types.js';
import { RelativePathSchema, TextSchema, durationSchema } from './common.js';
import { SecretRefSchema } from './source-schema.js';
import { zodOf } from './zod-form.js';

/** Secrets are named as a source names them (`source-schema.ts`). */
const SecretRef = zodOf(SecretRefSchema);

const commands = z.array(z.string(), { error: (issue) => (issue.input === undefined ? undefined : 'must be a list of shell commands') });

/** One buildspec phase (CodeBuild 0.2). Strict: a misspelt `commands` would silently run nothing. */
const PhaseSchema = z
  .object({
    'run-as': z.string().optional(),
    'on-failure': z.enum(['ABORT', 'CONTINUE', 'RETRY']).optional(),
    'runtime-versions': z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    commands,
    finally: commands.optional(),
  })
  .strict();

/**
 * An inline buildspec, CodeBuild version 0.2. Phases are checked closely because both CodeBuild
 * and the local build runner execute them; `env`, `reports`, `artifacts` and `cache` are
 * passed through for CodeBuild to judge.
 */
export const InlineBuildspecSchema = z
  .object({
    version: z.literal([0.2, '0.2'], { error: (issue) => (issue.input === undefined ? undefined : 'must be 0.2 (the only buildspec version CodeBuild runs)') }),
    'run-as': z.string().optional(),
    env: z.looseObject({
      variables: z.record(z.string(), z.string()).optional(),
      'secrets-manager': z.record(z.string(), z.string()).optional(),
      'parameter-store': z.record(z.string(), z.string()).optional(),
    }).optional(),
    phases: z
      .object({ install: PhaseSchema, pre_build: PhaseSchema, build: PhaseSchema, post_build: PhaseSchema })
      .partial()
      .strict()
      .refine((phases) => Object.keys(phases).length > 0, { message: 'must declare at least one phase (install, pre_build, build, post_build)' }),
    reports: z.record(z.string(), z.looseObject({ files: z.array(z.string()).optional() })).optional(),
    artifacts: z.looseObject({}).optional(),
    cache: z.looseObject({}).optional(),
    proxy: z.looseObject({}).optional(),
    batch: z.looseObject({}).optional(),
  })
  .strict();

/** How the candidate's benchmark figure is compared with the current version's. */
export const BenchmarkSchema = z
  .object({
    /** What is measured, e.g. `p99-latency` or `requests-per-second`. */
    metric: TextSchema,
    /** The unit of the figure, e.g. `ms`, `req/s`, `MB`. */
    unit: TextSchema,
    /** True when a bigger figure is better (throughput); false for latency, time, memory. */
    higherIsBetter: z.boolean().default(false),
    /** How much worse than baseline still counts as no degradation, in percent. */
    tolerancePercent: z.number().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100').default(10),
    /** The JSON file (`{ "baseline": n, "candidate": n }`) the build writes, relative to the workspace. */
    file: RelativePathSchema.default('benchmark.json'),
  })
  .strict();

/** How a candidate is tried in isolation before anything ships (CodeBuild, or the local runner). */
export const SimulationSchema = z
  .object({
    /** A path in the component's repository (`buildspec.yml`) or an inline buildspec. */
    buildspec: z.union([RelativePathSchema, InlineBuildspecSchema]),
    /** CodeBuild accepts 5 minutes to 36 hours. */
    timeout: durationSchema({ min: 300, max: 129_600, why: 'CodeBuild runs builds for 5m to 36h' }).default('30m'),
    /** The suites the build reports; a missing one fails the simulation. */
    suites: z.array(z.enum(SUITE_KINDS)).default(['unit']),
    /** Share of tests that must pass for the simulation to pass (0.0–1.0). */
    minPassRate: z.number().min(0, 'must be between 0.0 and 1.0').max(1, 'must be between 0.0 and 1.0').default(1),
    /** Plain build variables. Secrets go in `secrets`, by name. */
    environment: z.record(z.string(), z.string()).default({}),
    /** Build variables filled from secrets: variable name → secret name. */
    secrets: z.record(z.string(), SecretRef).default({}),
    /** CodeBuild image; the local runner ignores it. */
    image: z.string().min(1).optional(),
    benchmark: BenchmarkSchema.optional(),
  })
  .strict();

export type InlineBuildspec = z.infer<typeof InlineBuildspecSchema>;
export type BenchmarkConfig = z.infer<typeof BenchmarkSchema>;
export type SimulationConfig = z.infer<typeof SimulationSchema>;
