import * as z from 'zod';
import { HttpUrlSchema, TextSchema, durationSchema } from './common.js';
import { SecretRefSchema } from './source-schema.js';
import { zodOf } from './zod-form.js';

/** Secrets are named as a source names them (`source-schema.ts`). */
const SecretRef = zodOf(SecretRefSchema);

/**
 * The CI/CD pipeline that builds and ships an approved version, tagged by `provider`.
 * Parameter values may use `{component}`, `{version}` and `{checksum}`, filled in per run.
 */
const parameters = z.record(z.string(), z.string()).default({});
/** How long a run may take before Upkeep gives up on it and cancels it. */
const timeout = durationSchema({ min: 60, max: 86_400 }).default('1h');

export const GithubActionsPipelineSchema = z
  .object({
    provider: z.literal('github-actions'),
    repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be "owner/repo"'),
    /** The workflow file name (`deploy.yml`) or its numeric id; it must accept `workflow_dispatch`. */
    workflow: z.union([TextSchema, z.number().int().positive()]),
    ref: TextSchema.default('main'),
    tokenSecret: SecretRef,
    api: HttpUrlSchema.default('https://api.github.com'),
    inputs: parameters,
    timeout,
  })
  .strict();

export const GitlabCiPipelineSchema = z
  .object({
    provider: z.literal('gitlab-ci'),
    /** Numeric project id or its path (`group/project`). */
    project: z.union([TextSchema, z.number().int().positive()]),
    ref: TextSchema.default('main'),
    /** A pipeline trigger token. */
    tokenSecret: SecretRef,
    api: HttpUrlSchema.default('https://gitlab.com/api/v4'),
    variables: parameters,
    timeout,
  })
  .strict();

export const JenkinsPipelineSchema = z
  .object({
    provider: z.literal('jenkins'),
    url: HttpUrlSchema,
    /** Job path, folders separated by "/": `deploy/billing-api`. */
    job: TextSchema,
    /** The Jenkins user the API token belongs to; a name, not a secret. */
    user: TextSchema,
    tokenSecret: SecretRef,
    parameters,
    timeout,
  })
  .strict();

export const CircleciPipelineSchema = z
  .object({
    provider: z.literal('circleci'),
    projectSlug: z.string().regex(/^(gh|github|bb|bitbucket|circleci)\/[^/\s]+\/[^/\s]+$/, 'must be a project slug such as "gh/org/repo"'),
    branch: TextSchema.default('main'),
    tokenSecret: SecretRef,
    api: HttpUrlSchema.default('https://circleci.com/api/v2'),
    parameters,
    timeout,
  })
  .strict();

export const CodepipelinePipelineSchema = z
  .object({
    provider: z.literal('codepipeline'),
    name: z.string().regex(/^[A-Za-z0-9.@_-]{1,100}$/, 'must be a CodePipeline name'),
    /** Pipeline-level variables (V2 pipelines). */
    variables: parameters,
    timeout,
  })
  .strict();

/** Which CI provider runs the rollout pipeline. */
export const PipelineSchema = z.discriminatedUnion('provider', [
  GithubActionsPipelineSchema,
  GitlabCiPipelineSchema,
  JenkinsPipelineSchema,
  CircleciPipelineSchema,
  CodepipelinePipelineSchema,
]);

export type PipelineConfig = z.infer<typeof PipelineSchema>;
export type PipelineProvider = PipelineConfig['provider'];
