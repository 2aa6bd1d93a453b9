import type { PipelineConfig } from '../../core/config/pipeline-schema.js';
import { parseDuration } from '../../core/duration.js';
import { TransientError, UpkeepError, ValidationError } from '../../core/errors.js';
import type { PipelineRun, PipelineRunRequest, PipelineTrigger } from '../../ports/pipeline-trigger.js';
import type { Secrets } from '../../ports/secrets.js';
import { expectArray, expectObject, isObject, str, type JsonObject } from '../sources/json-shape.js';
import { parseLinkHeader } from '../sources/link-header.js';
import { PipelineHttp, runParameters, trimBase, type PipelineTriggerOptions } from './pipeline-http.js';

/** The `github-actions` entry of a component's `pipeline`. */
export type GithubActionsPipeline = Extract<PipelineConfig, { provider: 'github-actions' }>;

/** Options of {@link GithubActionsTrigger}. */
export interface GithubActionsTriggerOptions extends PipelineTriggerOptions {
  /** @default 10 - pages of 100 runs read per look */
  readonly maxPages?: number;
}

/** Runs may be stamped by a GitHub clock a little behind ours: look this far back. */
const CLOCK_SKEW_MS = 120_000;

/**
 * GitHub Actions through `workflow_dispatch`. The run is found without guessing: `start`
 * passes the workflow id as the `upkeep_run_id` input, the workflow puts it in its
 * `run-name` (`run-name: Deploy ${{ inputs.version }} [${{ inputs.upkeep_run_id }}]`), and
 * the dispatched workflow's runs (`event=workflow_dispatch`, the ref's branch, created since
 * the dispatch) are searched for that id. Where GitHub supports `return_run_details`, the
 * dispatch answers the run id itself and no search is needed.
 *
 * `start` is idempotent per workflow id within the configured `timeout`: a run already
 * carrying the id is adopted instead of dispatching again, so a retried `start` (after a
 * lookup that timed out) does not launch a second deployment.
 *
 * `runId` is GitHub's numeric workflow run id.
 *
 * @example
 * ```ts
 * const gha = new GithubActionsTrigger(config, secrets);
 * const run = await gha.start({ workflowId, component: 'api', version: '1.2.4' });
 * ```
 */
export class GithubActionsTrigger implements PipelineTrigger {
  readonly #api: PipelineHttp;
  readonly #base: string;
  readonly #workflowPath: string;
  readonly #target: string;

  public constructor(
    private readonly config: GithubActionsPipeline,
    private readonly secrets: Secrets,
    private readonly options: GithubActionsTriggerOptions = {},
  ) {
    this.#api = new PipelineHttp('GitHub Actions', options, config.tokenSecret);
    this.#base = `${trimBase(config.api)}/repos/${config.repository}/actions`;
    this.#workflowPath = `${this.#base}/workflows/${encodeURIComponent(String(config.workflow))}`;
    this.#target = `workflow "${String(config.workflow)}" in ${config.repository}`;
  }

  public async start(request: PipelineRunRequest): Promise<PipelineRun> {
    const headers = await this.#headers();
    const timeoutMs = (parseDuration(this.config.timeout) ?? 3600) * 1000;
    const adopted = await this.#find(request.workflowId, this.#api.now() - timeoutMs, headers);
    if (adopted !== undefined) return view(adopted);

    const dispatchedAt = this.#api.now();
    const runId = await this.#dispatch(request, headers);
    if (runId !== undefined) return this.status(String(runId));
    const found = await this.#api.poll(() => this.#find(request.workflowId, dispatchedAt - CLOCK_SKEW_MS, headers));
    if (found === undefined) {
      throw new TransientError(
        `GitHub Actions: no run of ${this.#target} carrying upkeep_run_id ${request.workflowId} appeared in time; ` +
          'the workflow must put ${{ inputs.upkeep_run_id }} in its run-name',
        { context: { workflowId: request.workflowId, repository: this.config.repository } },
      );
    }
    return view(found);
  }

  public async status(runId: string): Promise<PipelineRun> {
    const headers = await this.#headers();
    const url = `${this.#base}/runs/${numericId(runId)}`;
    const { data } = await this.#api.json({ url, headers, target: `run ${runId} of ${this.config.repository}` });
    const run = view(expectObject(data, url, 'the workflow run'));
    if (run.status === 'QUEUED' || run.status === 'RUNNING') return run;
    return { ...run, artifacts: await this.#artifacts(runId, headers) };
  }

  public async cancel(runId: string): Promise<void> {
    // 409 means the run already finished: nothing left to cancel.
    await this.#api.send({
      url: `${this.#base}/runs/${numericId(runId)}/cancel`, method: 'POST', headers: await this.#headers(), passStatuses: [409],
      target: `run ${runId} of ${this.config.repository}`, permission: 'cancel workflow runs (actions: write)',
    });
  }

  /** Dispatches the workflow; the run id when GitHub returns run details, else undefined. */
  async #dispatch(request: PipelineRunRequest, headers: Record<string, string>): Promise<number | undefined> {
    const inputs = runParameters(request, this.config.inputs, 'input');
    const send = (details: boolean) => this.#api.json({
      url: `${this.#workflowPath}/dispatches`, method: 'POST', headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ ref: this.config.ref, inputs, ...(details ? { return_run_details: true } : {}) }),
      target: this.#target, permission: 'run workflows (actions: write)',
    });
    let answer: Awaited<ReturnType<typeof send>>;
    try {
      answer = await send(true);
    } catch (error) {
      // GitHub Enterprise Server before the Feb 2026 API rejects the unknown parameter.
      if (!(error instanceof UpkeepError) || !/return_run_details/.test(error.message)) throw error;
      answer = await send(false);
    }
    const id = isObject(answer.data) ? answer.data.workflow_run_id : undefined;
    return typeof id === 'number' ? id : undefined;
  }

  /** The first run (lowest id) created since `sinceMs` whose title carries `correlationId`. */
  async #find(correlationId: string, sinceMs: number, headers: Record<string, string>): Promise<JsonObject | undefined> {
    const query = new URLSearchParams({
      event: 'workflow_dispatch', branch: branchOf(this.config.ref), created: `>=${new Date(sinceMs).toISOString()}`, per_page: '100',
    });
    let url: string | undefined = `${this.#workflowPath}/runs?${query.toString()}`;
    let best: JsonObject | undefined;
    for (let page = 0; url !== undefined && page < (this.options.maxPages ?? 10); page += 1) {
      const { data, response } = await this.#api.json({ url, headers, target: this.#target });
      const runs = expectArray(expectObject(data, url, 'the run list').workflow_runs, url, 'workflow_runs');
      for (const run of runs) {
        if (!isObject(run) || typeof run.id !== 'number') continue;
        const title = `${str(run.display_title) ?? ''}\n${str(run.name) ?? ''}`;
        if (title.includes(correlationId) && (best === undefined || run.id < (best.id as number))) best = run;
      }
      url = parseLinkHeader(response.headers.get('link'), url).next;
    }
    return best;
  }

  async #artifacts(runId: string, headers: Record<string, string>): Promise<NonNullable<PipelineRun['artifacts']>> {
    const artifacts: { name: string; url?: string; sizeBytes?: number }[] = [];
    let url: string | undefined = `${this.#base}/runs/${numericId(runId)}/artifacts?per_page=100`;
    for (let page = 0; url !== undefined && page < (this.options.maxPages ?? 10); page += 1) {
      const { data, response } = await this.#api.json({ url, headers, target: `artifacts of run ${runId}` });
      for (const item of expectArray(expectObject(data, url, 'the artifact list').artifacts, url, 'artifacts')) {
        const name = isObject(item) ? str(item.name) : undefined;
        if (!isObject(item) || name === undefined || item.expired === true) continue;
        const link = str(item.archive_download_url);
        artifacts.push({ name, ...(link === undefined ? {} : { url: link }), ...(typeof item.size_in_bytes === 'number' ? { sizeBytes: item.size_in_bytes } : {}) });
      }
      url = parseLinkHeader(response.headers.get('link'), url).next;
    }
    return artifacts;
  }

  async #headers(): Promise<Record<string, string>> {
    return {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      authorization: `Bearer ${(await this.secrets.get(this.config.tokenSecret)).trim()}`,
    };
  }
}

/** A workflow run as Upkeep sees it: `queued`/`waiting`/`requested`/`pending` are all QUEUED. */
function view(run: JsonObject): PipelineRun {
  const base = { provider: 'github-actions', runId: String(run.id), ...(str(run.html_url) === undefined ? {} : { url: str(run.html_url) }) };
  if (run.status === 'in_progress') return { ...base, status: 'RUNNING' };
  if (run.status !== 'completed') return { ...base, status: 'QUEUED' };
  if (run.conclusion === 'success') return { ...base, status: 'SUCCEEDED' };
  if (run.conclusion === 'cancelled') return { ...base, status: 'CANCELLED', reason: 'the run was cancelled' };
  // failure, timed_out, startup_failure, action_required, neutral, skipped, stale: nothing shipped.
  return { ...base, status: 'FAILED', reason: `the run concluded ${str(run.conclusion) ?? 'without a conclusion'}` };
}

function numericId(runId: string): string {
  if (!/^\d+$/.test(runId)) throw new ValidationError(`a GitHub Actions run id must be a number, got "${runId}"`);
  return runId;
}

/** The branch filter for a ref: runs list the branch name, not `refs/heads/…`. */
function branchOf(ref: string): string {
  return ref.replace(/^refs\/(?:heads|tags)\//, '');
}
