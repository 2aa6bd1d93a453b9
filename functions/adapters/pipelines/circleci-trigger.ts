import type { PipelineConfig } from '../../core/config/pipeline-schema.js';
import type { PipelineRun, PipelineRunRequest, PipelineTrigger } from '../../ports/pipeline-trigger.js';
import type { Secrets } from '../../ports/secrets.js';
import { expectArray, expectObject, isObject, str, type JsonObject } from '../sources/json-shape.js';
import { PipelineHttp, runParameters, trimBase, type PipelineTriggerOptions } from './pipeline-http.js';

/** The `circleci` entry of a component's `pipeline`. */
export type CircleciPipeline = Extract<PipelineConfig, { provider: 'circleci' }>;

const BROKEN = new Set(['failed', 'error', 'unauthorized']);
/** Workflow statuses that will not change; any other (running, on_hold, failing, …) still may. */
const DONE = new Set([...BROKEN, 'success', 'not_run', 'canceled']);

/**
 * CircleCI through the v2 API: `POST /project/{slug}/pipeline` with `branch` and
 * `parameters` (`component`, `version`, `checksum`, `upkeep_run_id` and the configured ones;
 * the project's config must declare them) answers the new pipeline's id and number, so the run
 * is never looked up. A pipeline's status is that of its workflows taken together; artifacts
 * are those of the workflows' jobs. Every list follows `next_page_token`.
 *
 * `runId` is the pipeline id (a UUID).
 *
 * @example
 * ```ts
 * const circle = new CircleciTrigger({ provider: 'circleci', projectSlug: 'gh/acme/app', ... }, secrets);
 * const run = await circle.start({ workflowId, component: 'api', version: '1.2.4' });
 * ```
 */
export class CircleciTrigger implements PipelineTrigger {
  readonly #api: PipelineHttp;
  readonly #base: string;
  readonly #slug: string;
  readonly #maxPages: number;

  public constructor(
    private readonly config: CircleciPipeline,
    private readonly secrets: Secrets,
    /** `maxPages` @default 20 - pages read per list */
    options: PipelineTriggerOptions & { readonly maxPages?: number } = {},
  ) {
    this.#api = new PipelineHttp('CircleCI', options, config.tokenSecret);
    this.#base = trimBase(config.api);
    this.#slug = config.projectSlug.split('/').map(encodeURIComponent).join('/');
    this.#maxPages = options.maxPages ?? 20;
  }

  public async start(request: PipelineRunRequest): Promise<PipelineRun> {
    const url = `${this.#base}/project/${this.#slug}/pipeline`;
    const { data } = await this.#api.json({
      url, method: 'POST', headers: { ...(await this.#headers()), 'content-type': 'application/json' },
      body: JSON.stringify({ branch: this.config.branch, parameters: runParameters(request, this.config.parameters, 'input') }),
      target: `project ${this.config.projectSlug}`, permission: `trigger pipelines of ${this.config.projectSlug}`,
    });
    const pipeline = expectObject(data, url, 'the new pipeline');
    return { provider: 'circleci', runId: String(pipeline.id), status: 'QUEUED', ...this.#link(pipeline) };
  }

  public async status(runId: string): Promise<PipelineRun> {
    const headers = await this.#headers();
    const url = `${this.#base}/pipeline/${encodeURIComponent(runId)}`;
    const pipeline = expectObject((await this.#api.json({ url, headers, target: `pipeline ${runId}` })).data, url, 'the pipeline');
    const base = { provider: 'circleci', runId, ...this.#link(pipeline) };
    const workflows = await this.#list(`${url}/workflow`, headers, `workflows of pipeline ${runId}`);
    if (workflows.length === 0) {
      if (pipeline.state !== 'errored') return { ...base, status: 'QUEUED' };
      const errors = (Array.isArray(pipeline.errors) ? pipeline.errors : []).filter(isObject).map((e) => str(e.message)).filter((m) => m !== undefined);
      return { ...base, status: 'FAILED', reason: `the pipeline errored${errors.length > 0 ? `: ${errors.join('; ')}` : ''}` };
    }
    const statuses = workflows.map((w) => String(w.status));
    if (statuses.some((s) => !DONE.has(s))) return { ...base, status: 'RUNNING' };
    if (statuses.every((s) => s === 'not_run')) return { ...base, status: 'FAILED', reason: 'no workflow ran' };
    const artifacts = await this.#artifacts(workflows, headers);
    const broken = workflows.filter((w) => BROKEN.has(String(w.status)));
    if (broken.length > 0) {
      return { ...base, status: 'FAILED', artifacts, reason: `workflow ${broken.map((w) => `${String(w.name)} ${String(w.status)}`).join(', ')}` };
    }
    if (statuses.includes('canceled')) return { ...base, status: 'CANCELLED', artifacts, reason: 'a workflow was cancelled' };
    return { ...base, status: 'SUCCEEDED', artifacts };
  }

  public async cancel(runId: string): Promise<void> {
    const headers = await this.#headers();
    const workflows = await this.#list(`${this.#base}/pipeline/${encodeURIComponent(runId)}/workflow`, headers, `workflows of pipeline ${runId}`);
    for (const workflow of workflows) {
      if (DONE.has(String(workflow.status))) continue;
      await this.#api.send({
        url: `${this.#base}/workflow/${encodeURIComponent(String(workflow.id))}/cancel`, method: 'POST', headers,
        target: `workflow ${String(workflow.id)}`, permission: `cancel workflows of ${this.config.projectSlug}`,
      });
    }
  }

  async #artifacts(workflows: readonly JsonObject[], headers: Record<string, string>): Promise<NonNullable<PipelineRun['artifacts']>> {
    const artifacts: { name: string; url?: string }[] = [];
    for (const workflow of workflows) {
      const jobs = await this.#list(`${this.#base}/workflow/${encodeURIComponent(String(workflow.id))}/job`, headers, `jobs of workflow ${String(workflow.id)}`);
      for (const job of jobs) {
        if (typeof job.job_number !== 'number') continue; // approval jobs have no number and no artifacts
        const url = `${this.#base}/project/${this.#slug}/${job.job_number}/artifacts`;
        for (const item of await this.#list(url, headers, `artifacts of job ${job.job_number}`)) {
          const path = str(item.path);
          if (path !== undefined) artifacts.push({ name: `${str(job.name) ?? String(job.job_number)}/${path}`, ...(str(item.url) === undefined ? {} : { url: str(item.url) }) });
        }
      }
    }
    return artifacts;
  }

  /** Every item of a list, following `next_page_token` as `page-token`. */
  async #list(first: string, headers: Record<string, string>, target: string): Promise<JsonObject[]> {
    const items: JsonObject[] = [];
    let token: string | undefined;
    for (let page = 0; page < this.#maxPages; page += 1) {
      const url = token === undefined ? first : `${first}?page-token=${encodeURIComponent(token)}`;
      const body = expectObject((await this.#api.json({ url, headers, target })).data, url, target);
      items.push(...expectArray(body.items, url, 'items').filter(isObject));
      token = str(body.next_page_token);
      if (token === undefined) break;
    }
    return items;
  }

  /** The pipeline's page in the web app, which lives beside the API (app.circleci.com for circleci.com). */
  #link(pipeline: JsonObject): { url?: string } {
    if (typeof pipeline.number !== 'number') return {};
    const api = new URL(this.#base);
    const host = api.hostname === 'circleci.com' ? 'https://app.circleci.com' : api.origin;
    const slug = this.config.projectSlug.replace(/^gh\//, 'github/').replace(/^bb\//, 'bitbucket/');
    return { url: `${host}/pipelines/${slug}/${pipeline.number}` };
  }

  async #headers(): Promise<Record<string, string>> {
    return { 'circle-token': (await this.secrets.get(this.config.tokenSecret)).trim(), accept: 'application/json' };
  }
}
