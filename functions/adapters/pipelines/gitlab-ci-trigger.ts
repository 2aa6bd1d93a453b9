import type { PipelineConfig } from '../../core/config/pipeline-schema.js';
import { ValidationError } from '../../core/errors.js';
import type { PipelineRun, PipelineRunRequest, PipelineTrigger } from '../../ports/pipeline-trigger.js';
import type { Secrets } from '../../ports/secrets.js';
import { expectArray, expectObject, isObject, str, type JsonObject } from '../sources/json-shape.js';
import { PipelineHttp, runParameters, trimBase, type PipelineTriggerOptions } from './pipeline-http.js';

/** The `gitlab-ci` entry of a component's `pipeline`. */
export type GitlabCiPipeline = Extract<PipelineConfig, { provider: 'gitlab-ci' }>;

/** How the secret authenticates, told apart by GitLab's documented token prefixes. */
type TokenKind = 'trigger' | 'job' | 'access';

/**
 * GitLab CI pipelines. The secret decides the API, by its prefix:
 * - `glptt-…` (pipeline trigger token): `POST /projects/:id/trigger/pipeline` with the token
 *   in the body; reads are sent without credentials, which suits public projects only;
 * - `glcbt-…` (CI job token): the trigger API too, and reads with `JOB-TOKEN`;
 * - anything else (personal, project or group access token): `POST /projects/:id/pipeline`
 *   and reads with `PRIVATE-TOKEN`.
 * Either answer carries the new pipeline, so the run is never looked up.
 * Variables: `UPKEEP_COMPONENT`, `UPKEEP_VERSION`, `UPKEEP_CHECKSUM`, `UPKEEP_RUN_ID` and
 * the configured ones.
 *
 * `runId` is GitLab's pipeline id (not the per-project `iid`).
 *
 * @example
 * ```ts
 * const gitlab = new GitlabCiTrigger({ provider: 'gitlab-ci', project: 'group/app', ... }, secrets);
 * const { runId } = await gitlab.start({ workflowId, component: 'api', version: '1.2.4' });
 * ```
 */
export class GitlabCiTrigger implements PipelineTrigger {
  readonly #api: PipelineHttp;
  readonly #project: string;
  readonly #target: string;
  readonly #maxPages: number;

  public constructor(
    private readonly config: GitlabCiPipeline,
    private readonly secrets: Secrets,
    /** `maxPages` @default 20 - pages of 100 jobs read */
    options: PipelineTriggerOptions & { readonly maxPages?: number } = {},
  ) {
    this.#api = new PipelineHttp('GitLab CI', options, config.tokenSecret);
    // A path such as group/app is one URL segment: GitLab wants its slash encoded.
    this.#project = `${trimBase(config.api)}/projects/${encodeURIComponent(String(config.project))}`;
    this.#target = `project ${String(config.project)}`;
    this.#maxPages = options.maxPages ?? 20;
  }

  public async start(request: PipelineRunRequest): Promise<PipelineRun> {
    const { kind, token } = await this.#token();
    const variables = runParameters(request, this.config.variables, 'env');
    const trigger = kind !== 'access';
    const url = trigger ? `${this.#project}/trigger/pipeline` : `${this.#project}/pipeline`;
    const body = trigger
      ? { token, ref: this.config.ref, variables }
      : { ref: this.config.ref, variables: Object.entries(variables).map(([key, value]) => ({ key, value, variable_type: 'env_var' })) };
    const { data } = await this.#api.json({
      url, method: 'POST', headers: { ...readHeaders(kind, token), 'content-type': 'application/json' }, body: JSON.stringify(body),
      target: this.#target, permission: `create pipelines on ${this.config.ref}`,
    });
    return view(expectObject(data, url, 'the new pipeline'));
  }

  public async status(runId: string): Promise<PipelineRun> {
    const { kind, token } = await this.#token();
    const headers = readHeaders(kind, token);
    const url = `${this.#project}/pipelines/${numericId(runId)}`;
    const { data } = await this.#api.json({ url, headers, target: `pipeline ${runId} of ${this.#target}` });
    const run = view(expectObject(data, url, 'the pipeline'));
    if (run.status === 'QUEUED' || run.status === 'RUNNING') return run;
    const jobs = await this.#jobs(runId, headers);
    const failed = jobs.filter((job) => job.status === 'failed' && job.allow_failure !== true)
      .map((job) => `${str(job.name) ?? String(job.id)}${str(job.failure_reason) === undefined ? '' : ` (${str(job.failure_reason)})`}`);
    return {
      ...run,
      artifacts: jobs.flatMap((job) => artifactsOf(job, this.#project)),
      ...(run.status === 'FAILED' && failed.length > 0 ? { reason: `failed jobs: ${failed.join(', ')}` } : {}),
    };
  }

  public async cancel(runId: string): Promise<void> {
    const { kind, token } = await this.#token();
    // GitLab answers 200 with the pipeline unchanged when it had already finished.
    await this.#api.send({
      url: `${this.#project}/pipelines/${numericId(runId)}/cancel`, method: 'POST', headers: readHeaders(kind, token),
      target: `pipeline ${runId} of ${this.#target}`, permission: 'cancel pipelines',
    });
  }

  /** Every job of the pipeline, following GitLab's `x-next-page` offset pagination. */
  async #jobs(runId: string, headers: Record<string, string>): Promise<JsonObject[]> {
    const jobs: JsonObject[] = [];
    let page: string | undefined = '1';
    for (let n = 0; page !== undefined && n < this.#maxPages; n += 1) {
      const url = `${this.#project}/pipelines/${runId}/jobs?per_page=100&page=${page}`;
      const { data, response } = await this.#api.json({ url, headers, target: `jobs of pipeline ${runId}` });
      jobs.push(...expectArray(data, url, 'the job list').filter(isObject));
      page = str(response.headers.get('x-next-page')?.trim());
    }
    return jobs;
  }

  async #token(): Promise<{ kind: TokenKind; token: string }> {
    const token = (await this.secrets.get(this.config.tokenSecret)).trim();
    const kind: TokenKind = token.startsWith('glptt-') ? 'trigger' : token.startsWith('glcbt-') ? 'job' : 'access';
    return { kind, token };
  }
}

/** Headers for reads: a trigger token cannot read, so it is not sent at all. */
function readHeaders(kind: TokenKind, token: string): Record<string, string> {
  if (kind === 'trigger') return {};
  return kind === 'job' ? { 'job-token': token } : { 'private-token': token };
}

/** The pipeline as Upkeep sees it. `manual` waits for a person: running until the timeout. */
function view(pipeline: JsonObject): PipelineRun {
  const base = { provider: 'gitlab-ci', runId: String(pipeline.id), ...(str(pipeline.web_url) === undefined ? {} : { url: str(pipeline.web_url) }) };
  switch (pipeline.status) {
    case 'running':
    case 'manual':
      return { ...base, status: 'RUNNING' };
    case 'success':
      return { ...base, status: 'SUCCEEDED' };
    case 'failed':
      return { ...base, status: 'FAILED', reason: 'the pipeline failed' };
    case 'skipped':
      return { ...base, status: 'FAILED', reason: 'every job of the pipeline was skipped' };
    case 'canceled':
    case 'canceling':
      return { ...base, status: 'CANCELLED', reason: 'the pipeline was cancelled' };
    default: // created, waiting_for_resource, preparing, pending, scheduled
      return { ...base, status: 'QUEUED' };
  }
}

/** A job's archive artifacts (not its trace or reports), downloadable through the jobs API. */
function artifactsOf(job: JsonObject, project: string): { name: string; url: string; sizeBytes?: number }[] {
  const files = Array.isArray(job.artifacts) ? job.artifacts.filter(isObject) : [];
  return files.filter((file) => file.file_type === 'archive').map((file) => ({
    name: `${str(job.name) ?? String(job.id)}/${str(file.filename) ?? 'artifacts.zip'}`,
    url: `${project}/jobs/${String(job.id)}/artifacts`,
    ...(typeof file.size === 'number' ? { sizeBytes: file.size } : {}),
  }));
}

function numericId(runId: string): string {
  if (!/^\d+$/.test(runId)) throw new ValidationError(`a GitLab pipeline id must be a number, got "${runId}"`);
  return runId;
}
