import { setTimeout as delay } from 'node:timers/promises';
import { BadResponseError, ForbiddenError, NotFoundError, UpkeepError } from '../../core/errors.js';
import type { PipelineRunRequest } from '../../ports/pipeline-trigger.js';
import { HttpExchange, type HttpRequest, type HttpResponse } from '../sources/http-exchange.js';
import { fetchTransport } from '../sources/http-transport.js';

/** Options every HTTP-speaking pipeline trigger takes; all have defaults. */
export interface PipelineTriggerOptions {
  /** @default - a new {@link HttpExchange} over fetch (retries 429/5xx honouring `Retry-After`) */
  readonly http?: HttpExchange;
  /** @default 60_000 - how long `start` looks for the run it started before a `TransientError` */
  readonly lookupTimeoutMs?: number;
  /** @default 2_000 - pause between two looks */
  readonly pollIntervalMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** A request to a CI provider, with what it is about so errors can name it. */
export type PipelineRequest = HttpRequest & {
  /** The thing the URL points at, for a 404: `workflow "deploy.yml" in acme/app`. */
  readonly target: string;
  /** What the token must be allowed to do, for a 401/403: `run workflows`. */
  readonly permission?: string;
};

/**
 * The HTTP side shared by the CI providers: an {@link HttpExchange} (per-host
 * limits, timeouts, `Retry-After`) with the provider's answers turned into Upkeep errors that
 * name the secret to check (401/403 → `ForbiddenError`) or the missing workflow, job or
 * project (404 → `NotFoundError`).
 *
 * @example
 * ```ts
 * const api = new PipelineHttp('GitLab CI', options, 'GITLAB_TOKEN');
 * const { data } = await api.json({ url, headers, target: 'project group/app' });
 * ```
 */
export class PipelineHttp {
  public readonly http: HttpExchange;
  public readonly now: () => number;
  readonly #lookupTimeoutMs: number;
  readonly #pollIntervalMs: number;

  public constructor(
    public readonly provider: string,
    options: PipelineTriggerOptions,
    private readonly secretName: string | undefined,
  ) {
    this.http = options.http ?? new HttpExchange({ userAgent: 'upkeep-pipeline-trigger', transport: fetchTransport });
    this.now = options.now ?? Date.now;
    this.#lookupTimeoutMs = options.lookupTimeoutMs ?? 60_000;
    this.#pollIntervalMs = options.pollIntervalMs ?? 2_000;
  }

  /** Sends `request`; failures become errors that say what to fix. */
  public async send(request: PipelineRequest): Promise<HttpResponse> {
    try {
      return await this.http.request({ ...request, ...(this.secretName === undefined ? {} : { secretName: this.secretName }) });
    } catch (error) {
      throw this.#translate(error, request);
    }
  }

  /** Sends `request` and parses its JSON body (an empty body reads as `{}`). */
  public async json(request: PipelineRequest): Promise<{ readonly data: unknown; readonly response: HttpResponse }> {
    const response = await this.send(request);
    if (response.body.trim() === '') return { data: {}, response };
    try {
      return { data: JSON.parse(response.body) as unknown, response };
    } catch (error) {
      throw new BadResponseError(`${this.provider}: ${request.url} answered malformed JSON`, { cause: error, context: { url: request.url } });
    }
  }

  /**
   * Calls `look` until it finds something or the lookup time is spent (then `undefined`).
   * Bounded because `start` runs inside a Lambda with a timeout; the state machine retries.
   */
  public async poll<T>(look: () => Promise<T | undefined>): Promise<T | undefined> {
    const deadline = this.now() + this.#lookupTimeoutMs;
    for (;;) {
      const found = await look();
      if (found !== undefined) return found;
      if (this.now() + this.#pollIntervalMs > deadline) return undefined;
      await delay(this.#pollIntervalMs);
    }
  }

  #translate(error: unknown, request: PipelineRequest): unknown {
    if (!(error instanceof UpkeepError)) return error;
    const status = error.context.status;
    const context = { ...error.context, provider: this.provider, target: request.target };
    if (status === 401 || status === 403) {
      const secret = this.secretName === undefined ? 'its credentials' : `the secret "${this.secretName}"`;
      const permission = request.permission ?? `read ${request.target}`;
      return new ForbiddenError(
        `${this.provider} refused ${request.method ?? 'GET'} ${request.url} (${String(status)}): check ${secret} — missing, expired or not allowed to ${permission}`,
        { cause: error, context: { ...context, secret: this.secretName } },
      );
    }
    if (error instanceof NotFoundError) {
      return new NotFoundError(`${this.provider} ${request.target} was not found (${request.url} answered ${String(status)}); check the name, and that the token can see it`, {
        cause: error, context,
      });
    }
    return error;
  }
}

/**
 * The parameters a run receives: component, version and checksum (when known), the
 * configured ones with `{component}`, `{version}` and `{checksum}` filled in, and the
 * workflow id as correlation id — last, so configuration cannot overwrite it.
 * `env` style names them `UPKEEP_COMPONENT`… (GitLab variables and Jenkins parameters are
 * environment variables); `input` style `component`… (GitHub inputs, CircleCI parameters).
 */
export function runParameters(
  request: PipelineRunRequest,
  configured: Readonly<Record<string, string>>,
  style: 'input' | 'env',
): Record<string, string> {
  const name = (key: string): string => (style === 'env' ? `UPKEEP_${key.toUpperCase()}` : key);
  const fill = (template: string): string =>
    template.replace(/\{(component|version|checksum)\}/g, (_, key: string) =>
      key === 'component' ? request.component : key === 'version' ? request.version : (request.checksum ?? ''));
  const filled = Object.fromEntries(Object.entries(configured).map(([key, value]) => [key, fill(value)]));
  return {
    [name('component')]: request.component,
    [name('version')]: request.version,
    ...(request.checksum === undefined ? {} : { [name('checksum')]: request.checksum }),
    ...filled,
    [style === 'env' ? 'UPKEEP_RUN_ID' : 'upkeep_run_id']: request.workflowId,
  };
}

/** `base` without trailing slashes, so paths can be appended. */
export function trimBase(base: string): string {
  return base.replace(/\/+$/, '');
}
