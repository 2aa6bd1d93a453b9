import type { PipelineConfig } from '../../core/config/pipeline-schema.js';
import { BadResponseError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { PipelineRun, PipelineRunRequest, PipelineTrigger } from '../../ports/pipeline-trigger.js';
import type { Secrets } from '../../ports/secrets.js';
import { expectObject, isObject, str, type JsonObject } from '../sources/json-shape.js';
import { PipelineHttp, runParameters, trimBase, type PipelineTriggerOptions } from './pipeline-http.js';

/** The `jenkins` entry of a component's `pipeline`. */
export type JenkinsPipeline = Extract<PipelineConfig, { provider: 'jenkins' }>;

/** A run id taken apart: the queue item always, the build once it started. */
interface JenkinsRunRef {
  readonly queueId: string;
  readonly build?: number;
}

/**
 * Jenkins jobs through `buildWithParameters`. The answer's `Location` names the queue item
 * the request created; that item gets `executable.number` when a build starts, so the build
 * is found from our own request, never by "last build". Folder jobs (`team/deploy`) map to
 * `/job/team/job/deploy`. POSTs carry a CSRF crumb from `/crumbIssuer/api/json` (and the
 * session cookie it is bound to). Parameters: `UPKEEP_COMPONENT`, `UPKEEP_VERSION`,
 * `UPKEEP_CHECKSUM`, `UPKEEP_RUN_ID` and the configured ones; auth is Basic `user:apiToken`.
 *
 * `runId` is `<queueId>:<buildNumber>`, or `<queueId>` alone while the item still waits for
 * an executor when `start` returns — a long wait is normal for Jenkins, so `start` answers
 * QUEUED rather than failing, and `status`/`cancel` resolve the queue item later (through the
 * job's builds' `queueId` once Jenkins has forgotten the item).
 *
 * @example
 * ```ts
 * const jenkins = new JenkinsTrigger({ provider: 'jenkins', url, job: 'deploy/api', user: 'upkeep', ... }, secrets);
 * const run = await jenkins.start({ workflowId, component: 'api', version: '1.2.4' }); // runId '42:7'
 * ```
 */
export class JenkinsTrigger implements PipelineTrigger {
  readonly #api: PipelineHttp;
  readonly #root: string;
  readonly #job: string;
  readonly #target: string;

  public constructor(
    private readonly config: JenkinsPipeline,
    private readonly secrets: Secrets,
    options: PipelineTriggerOptions = {},
  ) {
    this.#api = new PipelineHttp('Jenkins', options, config.tokenSecret);
    this.#root = trimBase(config.url);
    const segments = config.job.split('/').filter((part) => part !== '');
    this.#job = `${this.#root}/job/${segments.map(encodeURIComponent).join('/job/')}`;
    this.#target = `job "${config.job}"`;
  }

  public async start(request: PipelineRunRequest): Promise<PipelineRun> {
    const headers = { ...(await this.#auth()), ...(await this.#crumb()), 'content-type': 'application/x-www-form-urlencoded' };
    const url = `${this.#job}/buildWithParameters`;
    const response = await this.#api.send({
      url, method: 'POST', headers, body: new URLSearchParams(runParameters(request, this.config.parameters, 'env')).toString(),
      target: this.#target, permission: `build ${this.#target}`,
    });
    const queueId = /\/queue\/item\/(\d+)\/?$/.exec(response.headers.get('location') ?? '')?.[1];
    if (queueId === undefined) {
      throw new BadResponseError(`Jenkins answered ${response.status} to ${url} without a queue item Location`, { context: { url } });
    }
    const resolved = await this.#api.poll(async () => {
      const ref = await this.#resolve({ queueId });
      return ref === 'waiting' ? undefined : ref;
    });
    return this.#view(resolved ?? 'waiting', queueId);
  }

  public async status(runId: string): Promise<PipelineRun> {
    const ref = parseRunId(runId);
    return this.#view(await this.#resolve(ref), ref.queueId);
  }

  public async cancel(runId: string): Promise<void> {
    const ref = parseRunId(runId);
    const resolved = await this.#resolve(ref);
    const headers = { ...(await this.#auth()), ...(await this.#crumb()) };
    if (resolved === 'waiting') {
      await this.#api.send({
        url: `${this.#root}/queue/cancelItem?id=${ref.queueId}`, method: 'POST', headers,
        target: `queue item ${ref.queueId}`, permission: `cancel builds of ${this.#target}`,
      });
    } else if (resolved !== 'cancelled') {
      // Stopping a finished build is a no-op for Jenkins, so there is nothing to check first.
      await this.#api.send({
        url: `${this.#job}/${resolved.build}/stop`, method: 'POST', headers,
        target: `build ${resolved.build} of ${this.#target}`, permission: `cancel builds of ${this.#target}`,
      });
    }
  }

  /** The build a queue item became, `waiting` while it waits, `cancelled` when it was cancelled. */
  async #resolve(ref: JenkinsRunRef): Promise<Required<JenkinsRunRef> | 'waiting' | 'cancelled'> {
    if (ref.build !== undefined) return { queueId: ref.queueId, build: ref.build };
    const headers = await this.#auth();
    const url = `${this.#root}/queue/item/${ref.queueId}/api/json`;
    const { data, response } = await this.#api.json({ url, headers, passStatuses: [404], target: `queue item ${ref.queueId}` });
    if (response.status !== 404) {
      const item = expectObject(data, url, 'the queue item');
      if (item.cancelled === true) return 'cancelled';
      const number = isObject(item.executable) ? item.executable.number : undefined;
      return typeof number === 'number' ? { queueId: ref.queueId, build: number } : 'waiting';
    }
    // Jenkins forgets left queue items after about five minutes; builds remember their queueId.
    const buildsUrl = `${this.#job}/api/json?tree=builds[number,queueId]`;
    const job = expectObject((await this.#api.json({ url: buildsUrl, headers, target: this.#target })).data, buildsUrl, 'the job');
    const build = (Array.isArray(job.builds) ? job.builds : []).find((b): b is JsonObject => isObject(b) && b.queueId === Number(ref.queueId));
    if (build === undefined || typeof build.number !== 'number') {
      throw new NotFoundError(`Jenkins queue item ${ref.queueId} is gone and no build of ${this.#target} came from it`, { context: { queueId: ref.queueId } });
    }
    return { queueId: ref.queueId, build: build.number };
  }

  async #view(resolved: Required<JenkinsRunRef> | 'waiting' | 'cancelled', queueId: string): Promise<PipelineRun> {
    const job = { provider: 'jenkins', runId: queueId, url: `${this.#job}/` };
    if (resolved === 'waiting') return { ...job, status: 'QUEUED' };
    if (resolved === 'cancelled') return { ...job, status: 'CANCELLED', reason: 'the queue item was cancelled before a build started' };
    const number = resolved.build;
    const runId = `${queueId}:${number}`;
    const url = `${this.#job}/${number}/api/json`;
    const { data } = await this.#api.json({ url, headers: await this.#auth(), target: `build ${number} of ${this.#target}` });
    const build = expectObject(data, url, 'the build');
    // A build keeps the id of the queue item it came from: a different one is not our run.
    if (typeof build.queueId === 'number' && build.queueId !== Number(queueId)) {
      throw new BadResponseError(`Jenkins build ${number} of ${this.#target} came from queue item ${build.queueId}, not ${queueId}`, { context: { url } });
    }
    const base = { provider: 'jenkins', runId, url: str(build.url) ?? `${this.#job}/${number}/` };
    const result = str(build.result);
    if (build.building === true || result === undefined) return { ...base, status: 'RUNNING' };
    const artifacts = (Array.isArray(build.artifacts) ? build.artifacts : []).filter(isObject).flatMap((artifact) => {
      const path = str(artifact.relativePath);
      return path === undefined ? [] : [{ name: path, url: `${this.#job}/${number}/artifact/${path.split('/').map(encodeURIComponent).join('/')}` }];
    });
    if (result === 'SUCCESS') return { ...base, status: 'SUCCEEDED', artifacts };
    if (result === 'ABORTED') return { ...base, status: 'CANCELLED', artifacts, reason: 'the build was aborted' };
    // FAILURE, UNSTABLE (tests failed) and NOT_BUILT: nothing fit to ship.
    return { ...base, status: 'FAILED', artifacts, reason: `the build ended ${result}` };
  }

  async #auth(): Promise<Record<string, string>> {
    const token = (await this.secrets.get(this.config.tokenSecret)).trim();
    return { authorization: `Basic ${Buffer.from(`${this.config.user}:${token}`).toString('base64')}` };
  }

  /** The CSRF crumb header and the session cookie it belongs to; none when CSRF protection is off. */
  async #crumb(): Promise<Record<string, string>> {
    const url = `${this.#root}/crumbIssuer/api/json`;
    const { data, response } = await this.#api.json({ url, headers: await this.#auth(), passStatuses: [404], target: 'crumb issuer' });
    if (response.status === 404) return {};
    const crumb = expectObject(data, url, 'the crumb');
    const field = str(crumb.crumbRequestField);
    const value = str(crumb.crumb);
    if (field === undefined || value === undefined) throw new BadResponseError(`Jenkins answered ${url} without crumbRequestField and crumb`, { context: { url } });
    const cookie = response.headers.getSetCookie().map((line) => line.split(';')[0] ?? '').filter((part) => part !== '').join('; ');
    return { [field]: value, ...(cookie === '' ? {} : { cookie }) };
  }
}

function parseRunId(runId: string): JenkinsRunRef {
  const match = /^(\d+)(?::(\d+))?$/.exec(runId);
  if (match?.[1] === undefined) throw new ValidationError(`a Jenkins run id must be "<queueId>" or "<queueId>:<buildNumber>", got "${runId}"`);
  return { queueId: match[1], ...(match[2] === undefined ? {} : { build: Number(match[2]) }) };
}
