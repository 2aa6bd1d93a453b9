import { setTimeout as delay } from 'node:timers/promises';
import { BadResponseError, NotFoundError, TransientError } from '../../core/errors.js';
import { abortReason, HostGate } from './host-gate.js';
import { HttpCounters, type HttpStats } from './http-stats.js';
import { BodyError, describeCause, type HttpTransport, type TransportResponse } from './http-transport.js';
import { backoffMs, isThrottle, serverDelayMs } from './retry-policy.js';

/** Options of {@link HttpExchange}; every one has a default that suits public registries. */
export interface HttpExchangeOptions {
  /** @default 16 - requests in flight to one host */
  readonly maxConcurrencyPerHost?: number;
  /** @default 30_000 - per attempt, headers and body together */
  readonly timeoutMs?: number;
  /** @default 3 - attempts after the first, for 429/503/5xx, timeouts and network errors */
  readonly maxRetries?: number;
  /** @default 500 - first backoff step; doubles per attempt */
  readonly baseDelayMs?: number;
  /** @default 30_000 - cap of one backoff step */
  readonly maxDelayMs?: number;
  /** @default 120_000 - a longer `Retry-After` is not waited out: the request fails at once */
  readonly maxRetryAfterMs?: number;
  /** @default 64 MiB - decoded body size limit */
  readonly maxBodyBytes?: number;
  /** @default 'upkeep-version-detector' */
  readonly userAgent?: string;
  /** How requests travel: `nodeTransport` (many requests) or `fetchTransport` (a few). */
  readonly transport: HttpTransport;
  /** @default Math.random - backoff jitter */
  readonly random?: () => number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** One request. Only `url` is required. */
export interface HttpRequest {
  readonly url: string;
  /** @default 'GET' */
  readonly method?: 'GET' | 'HEAD' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Send the stored ETag / Last-Modified and answer a 304 from the cache. @default false */
  readonly conditional?: boolean;
  /** @default - method, URL and Accept header (registries vary their answer by Accept) */
  readonly cacheKey?: string;
  /** The secret whose credentials this request carries, so a 401/403 says what to check. */
  readonly secretName?: string;
  /** Statuses handed back instead of thrown (the OCI token handshake needs its 401). */
  readonly passStatuses?: readonly number[];
  readonly signal?: AbortSignal;
}

/** A decoded answer. On a 304 served from the cache, `status` is 200 and `fromCache` true. */
export interface HttpResponse {
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  readonly fromCache: boolean;
}

type Attempt = { readonly response: TransportResponse; readonly body: string } | { readonly retry: TransientError; readonly waitMs?: number };

/**
 * Polite HTTP without a cache, for the CI providers' APIs and as the base of the sources'
 * {@link PoliteHttpClient}: per-host concurrency limits, timeouts, retries with jittered
 * backoff that honour `Retry-After`, a body size limit, and counters per host. Failures are
 * translated into Upkeep errors that name the URL: `NotFoundError` (404/410), `TransientError`
 * (5xx, 429, timeouts and network errors once retries are spent), `BadResponseError` (anything
 * else, including 401/403 — whose message names the secret to check — and truncated bodies).
 *
 * @example
 * ```ts
 * const http = new HttpExchange({ userAgent: 'upkeep-pipeline-trigger', transport: fetchTransport });
 * const response = await http.request({ url: 'https://gitlab.example.com/api/v4/projects/1/pipelines', method: 'POST' });
 * ```
 */
export class HttpExchange {
  protected readonly options: Required<HttpExchangeOptions>;
  readonly #gate: HostGate;
  readonly #counters = new HttpCounters();

  public constructor(options: HttpExchangeOptions) {
    this.options = {
      maxConcurrencyPerHost: 16, timeoutMs: 30_000, maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30_000,
      maxRetryAfterMs: 120_000, maxBodyBytes: 64 * 1024 * 1024, userAgent: 'upkeep-version-detector',
      random: Math.random, now: Date.now, ...options,
    };
    this.#gate = new HostGate(Math.max(1, this.options.maxConcurrencyPerHost), this.options.now);
  }

  /** Counters per host and in total since construction (or the last {@link resetStats}). */
  public stats(): HttpStats {
    return this.#counters.snapshot();
  }

  public resetStats(): void {
    this.#counters.reset();
  }

  /** Counts a request to `url` answered from a cache. */
  protected countNotModified(url: string): void {
    this.#counters.add(new URL(url).host, 'notModified');
  }

  /** Sends `request` with retries; resolves with a 2xx (or a passed-through status), else throws. */
  public async request(request: HttpRequest): Promise<HttpResponse> {
    const host = new URL(request.url).host;
    const method = request.method ?? 'GET';
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent, 'accept-encoding': 'gzip, deflate', ...request.headers };

    for (let attempt = 0; ; attempt += 1) {
      const outcome = await this.#attempt(host, method, headers, request);
      if ('response' in outcome) {
        const { response, body } = outcome;
        if ((response.status >= 200 && response.status < 300) || request.passStatuses?.includes(response.status) === true) {
          return { url: response.url || request.url, status: response.status, headers: response.headers, body, fromCache: false };
        }
        this.#counters.add(host, 'failures');
        throw this.#statusError(request, response, body);
      }
      const waitMs = outcome.waitMs ?? backoffMs(attempt, this.options);
      if (attempt >= this.options.maxRetries || waitMs > this.options.maxRetryAfterMs) {
        this.#counters.add(host, 'failures');
        throw outcome.retry;
      }
      this.#counters.add(host, 'retries');
      if (outcome.waitMs !== undefined) this.#gate.pause(host, this.options.now() + waitMs);
      await delay(waitMs, undefined, { signal: request.signal });
    }
  }

  async #attempt(host: string, method: string, headers: Record<string, string>, request: HttpRequest): Promise<Attempt> {
    const release = await this.#gate.acquire(host, request.signal);
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = request.signal === undefined ? timeout : AbortSignal.any([request.signal, timeout]);
    const { url } = request;
    const context = { url, host };
    try {
      this.#counters.add(host, 'requests');
      let response: TransportResponse;
      try {
        response = await this.options.transport(url, { method, headers, body: request.body, signal, maxBodyBytes: this.options.maxBodyBytes });
      } catch (error) {
        if (error instanceof BadResponseError) {
          // A body over the limit: count what was read of it, as for any body.
          const bytesRead = error.context.bytesRead;
          if (typeof bytesRead === 'number') this.#counters.add(host, 'bytes', bytesRead);
          throw error;
        }
        if (request.signal?.aborted === true) throw abortReason(request.signal);
        if (error instanceof BodyError) {
          this.#counters.add(host, 'bytes', error.bytesRead);
          if (timeout.aborted) return { retry: new TransientError(`${url} timed out after ${this.options.timeoutMs} ms while sending its body`, { cause: error, context }) };
          throw new BadResponseError(`${url} answered a truncated or corrupt body (${error.bytesRead} bytes read): ${error.message}`, {
            cause: error, context: { url, bytesRead: error.bytesRead },
          });
        }
        const what = timeout.aborted ? `timed out after ${this.options.timeoutMs} ms` : `failed: ${describeCause(error)}`;
        return { retry: new TransientError(`${method} ${url} ${what}`, { cause: error, context }) };
      }
      const size = response.body.length;
      this.#counters.add(host, 'bytes', size);
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      // A HEAD's answer and a 304 have no body: their Content-Length is that of the body they stand for.
      const bodiless = method === 'HEAD' || response.status === 304;
      if (response.headers.get('content-encoding') === null && Number.isFinite(declared) && !bodiless && size < declared) {
        throw new BadResponseError(`${url} answered a truncated body: ${size} of ${declared} bytes`, { context: { url, bytesRead: size } });
      }
      const body = response.body.toString('utf8');
      if (isThrottle(response.status, response.headers) || response.status >= 500) {
        const retry = new TransientError(`${method} ${url} answered ${response.status} ${response.statusText}`.trim(), {
          context: { ...context, status: response.status, retryAfter: response.headers.get('retry-after') },
        });
        return { retry, waitMs: serverDelayMs(response.headers, this.options.now()) };
      }
      return { response, body };
    } finally {
      release();
    }
  }

  #statusError(request: HttpRequest, response: TransportResponse, body: string): Error {
    const { url } = request;
    const status = `${response.status} ${response.statusText}`.trim();
    const context = { url, status: response.status };
    if (response.status === 404 || response.status === 410) return new NotFoundError(`${url} answered ${status}`, { context });
    if (response.status === 401 || response.status === 403) {
      const check = request.secretName === undefined
        ? 'the source needs credentials: reference a secret in its config (tokenSecret / credentialsSecret)'
        : `check the secret "${request.secretName}" (missing, expired or lacking read access)`;
      return new BadResponseError(`${url} answered ${status}: ${check}`, { context: { ...context, secret: request.secretName } });
    }
    if (response.status === 304) return new BadResponseError(`${url} answered 304 to a request we had no cached copy for`, { context });
    return new BadResponseError(`${url} answered ${status}: ${body.slice(0, 200)}`, { context });
  }
}
