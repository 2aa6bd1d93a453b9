import { setTimeout as delay } from 'node:timers/promises';
import { BadResponseError, NotFoundError, TransientError } from '../../core/errors.js';
import type { HttpCache, HttpCacheEntry } from '../../ports/http-cache.js';
import { abortReason, HostGate } from './host-gate.js';
import { HttpCounters, type HttpStats } from './http-stats.js';
import type { JsonExtract } from './json-extract.js';
import { BodyError, type HttpTransport, nodeTransport, type TransportResponse } from './http-transport.js';
import { backoffMs, isThrottle, serverDelayMs } from './retry-policy.js';

/** Options of {@link PoliteHttpClient}; every one has a default that suits public registries. */
export interface HttpClientOptions {
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
  /** @default - no conditional requests */
  readonly cache?: HttpCache;
  /** @default 'upkeep-version-detector' */
  readonly userAgent?: string;
  /** @default nodeTransport - Node's http/https with kept-alive connections */
  readonly transport?: HttpTransport;
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
 * The HTTP client every version source shares: per-host concurrency limits, timeouts,
 * retries with jittered backoff that honour `Retry-After`, conditional requests through an
 * {@link HttpCache}, a body size limit, and counters per host. Failures are translated into
 * Upkeep errors that name the URL: `NotFoundError` (404/410), `TransientError` (5xx, 429,
 * timeouts and network errors once retries are spent), `BadResponseError` (anything else,
 * including 401/403 — whose message names the secret to check — malformed and truncated bodies).
 *
 * @example
 * ```ts
 * const http = new PoliteHttpClient({ cache: new MemoryHttpCache() });
 * const { data } = await http.getJson({ url: 'https://registry.npmjs.org/left-pad', conditional: true });
 * ```
 */
export class PoliteHttpClient {
  readonly #gate: HostGate;
  readonly #counters = new HttpCounters();
  readonly #o: Required<Omit<HttpClientOptions, 'cache'>> & { readonly cache?: HttpCache };

  public constructor(options: HttpClientOptions = {}) {
    this.#o = {
      maxConcurrencyPerHost: 16, timeoutMs: 30_000, maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30_000,
      maxRetryAfterMs: 120_000, maxBodyBytes: 64 * 1024 * 1024, userAgent: 'upkeep-version-detector',
      transport: nodeTransport, random: Math.random, now: Date.now, ...options,
    };
    this.#gate = new HostGate(Math.max(1, this.#o.maxConcurrencyPerHost), this.#o.now);
  }

  /** Counters per host and in total since construction (or the last {@link resetStats}). */
  public stats(): HttpStats {
    return this.#counters.snapshot();
  }

  public resetStats(): void {
    this.#counters.reset();
  }

  /**
   * The value {@link getExtract} keeps for `request`, read from the cache without asking the
   * network, or undefined. For a second document that only changes when a first one does (npm's
   * full packument after a 304 on the abbreviated one).
   */
  public async cachedExtract<T>(request: HttpRequest, extract: JsonExtract<T>): Promise<T | undefined> {
    const entry = await this.#o.cache?.get(this.#extractKey(request, extract));
    return entry === undefined ? undefined : extract.decode(entry.body);
  }

  /** Sends `request` and parses the body as JSON; a body that is not JSON is a `BadResponseError`. */
  public async getJson(request: HttpRequest): Promise<{ readonly data: unknown; readonly response: HttpResponse }> {
    const key = this.#key(request);
    const response = await this.#exchange(request, await this.#lookup(request, key));
    const data = parseJson(request, response);
    // Kept only once it parsed, so a malformed body never comes back on a 304.
    if (!response.fromCache) await this.#store(key, request, response, response.body);
    return { data, response };
  }

  /**
   * Sends `request` (conditional when asked), parses the body as JSON and returns what
   * `extract` takes from it. The cache keeps that value instead of the body, and a 304 answers
   * with it. A body that is not JSON, or that `extract` refuses, is thrown and not cached.
   *
   * @example
   * ```ts
   * const { value, fromCache } = await http.getExtract({ url, conditional: true }, latest);
   * ```
   */
  public async getExtract<T>(request: HttpRequest, extract: JsonExtract<T>): Promise<{ readonly value: T; readonly fromCache: boolean }> {
    const key = this.#extractKey(request, extract);
    const entry = await this.#lookup(request, key);
    const kept = entry === undefined ? undefined : extract.decode(entry.body);
    // An entry that does not decode is no entry: ask unconditionally rather than trust it on a 304.
    const response = await this.#exchange(request, kept === undefined ? undefined : entry);
    if (response.fromCache && kept !== undefined) return { value: kept, fromCache: true };
    const value = extract.extract(parseJson(request, response));
    // Headers are replayed for readers of a body; an extract has none.
    await this.#store(key, request, response, extract.encode(value), false);
    return { value, fromCache: false };
  }

  /** Sends `request` with retries; resolves with a 2xx (or a passed-through status), else throws. */
  public async request(request: HttpRequest): Promise<HttpResponse> {
    const key = this.#key(request);
    const response = await this.#exchange(request, await this.#lookup(request, key));
    if (!response.fromCache) await this.#store(key, request, response, response.body);
    return response;
  }

  /** The cache entry to make `request` conditional on, when it asks to be. */
  async #lookup(request: HttpRequest, key: string): Promise<HttpCacheEntry | undefined> {
    return request.conditional === true ? await this.#o.cache?.get(key) : undefined;
  }

  /** Sends `request`, conditional on `cached`, with retries; a 304 answers with `cached`. */
  async #exchange(request: HttpRequest, cached: HttpCacheEntry | undefined): Promise<HttpResponse> {
    const host = new URL(request.url).host;
    const method = request.method ?? 'GET';
    const headers: Record<string, string> = { 'user-agent': this.#o.userAgent, 'accept-encoding': 'gzip, deflate', ...request.headers };
    if (cached?.etag !== undefined) headers['if-none-match'] = cached.etag;
    else if (cached?.lastModified !== undefined) headers['if-modified-since'] = cached.lastModified;

    for (let attempt = 0; ; attempt += 1) {
      const outcome = await this.#attempt(host, method, headers, request);
      if ('response' in outcome) {
        const { response, body } = outcome;
        if (response.status === 304 && cached !== undefined) {
          this.#counters.add(host, 'notModified');
          return { url: request.url, status: 200, headers: replay(cached.headers, response.headers), body: cached.body, fromCache: true };
        }
        if ((response.status >= 200 && response.status < 300) || request.passStatuses?.includes(response.status) === true) {
          return { url: response.url || request.url, status: response.status, headers: response.headers, body, fromCache: false };
        }
        this.#counters.add(host, 'failures');
        throw this.#statusError(request, response, body);
      }
      const waitMs = outcome.waitMs ?? backoffMs(attempt, this.#o);
      if (attempt >= this.#o.maxRetries || waitMs > this.#o.maxRetryAfterMs) {
        this.#counters.add(host, 'failures');
        throw outcome.retry;
      }
      this.#counters.add(host, 'retries');
      if (outcome.waitMs !== undefined) this.#gate.pause(host, this.#o.now() + waitMs);
      await delay(waitMs, undefined, { signal: request.signal });
    }
  }

  #extractKey(request: HttpRequest, extract: JsonExtract<unknown>): string {
    return `${this.#key(request)} ${extract.format}`;
  }

  #key(request: HttpRequest): string {
    return request.cacheKey ?? `${request.method ?? 'GET'} ${request.url} ${request.headers?.accept ?? request.headers?.Accept ?? ''}`;
  }

  async #attempt(host: string, method: string, headers: Record<string, string>, request: HttpRequest): Promise<Attempt> {
    const release = await this.#gate.acquire(host, request.signal);
    const timeout = AbortSignal.timeout(this.#o.timeoutMs);
    const signal = request.signal === undefined ? timeout : AbortSignal.any([request.signal, timeout]);
    const { url } = request;
    const context = { url, host };
    try {
      this.#counters.add(host, 'requests');
      let response: TransportResponse;
      try {
        response = await this.#o.transport(url, { method, headers, body: request.body, signal, maxBodyBytes: this.#o.maxBodyBytes });
      } catch (error) {
        if (error instanceof BadResponseError) throw error;
        if (request.signal?.aborted === true) throw abortReason(request.signal);
        if (error instanceof BodyError) {
          this.#counters.add(host, 'bytes', error.bytesRead);
          if (timeout.aborted) return { retry: new TransientError(`${url} timed out after ${this.#o.timeoutMs} ms while sending its body`, { cause: error, context }) };
          throw new BadResponseError(`${url} answered a truncated or corrupt body (${error.bytesRead} bytes read): ${error.message}`, {
            cause: error, context: { url, bytesRead: error.bytesRead },
          });
        }
        const what = timeout.aborted ? `timed out after ${this.#o.timeoutMs} ms` : `failed: ${describe(error)}`;
        return { retry: new TransientError(`${method} ${url} ${what}`, { cause: error, context }) };
      }
      const size = response.body.length;
      this.#counters.add(host, 'bytes', size);
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      if (response.headers.get('content-encoding') === null && Number.isFinite(declared) && method !== 'HEAD' && size < declared) {
        throw new BadResponseError(`${url} answered a truncated body: ${size} of ${declared} bytes`, { context: { url, bytesRead: size } });
      }
      const body = response.body.toString('utf8');
      if (isThrottle(response.status, response.headers) || response.status >= 500) {
        const retry = new TransientError(`${method} ${url} answered ${response.status} ${response.statusText}`.trim(), {
          context: { ...context, status: response.status, retryAfter: response.headers.get('retry-after') },
        });
        return { retry, waitMs: serverDelayMs(response.headers, this.#o.now()) };
      }
      return { response, body };
    } finally {
      release();
    }
  }

  /** Keeps `body` (the answer, or what was extracted from it) for the next conditional request. */
  async #store(key: string, request: HttpRequest, response: HttpResponse, body: string, withHeaders = true): Promise<void> {
    if (request.conditional !== true || this.#o.cache === undefined || response.status !== 200) return;
    // Only the validator the next request sends is kept: If-None-Match wins over If-Modified-Since.
    const etag = response.headers.get('etag') ?? undefined;
    const lastModified = etag === undefined ? (response.headers.get('last-modified') ?? undefined) : undefined;
    if (etag === undefined && lastModified === undefined) return;
    const headers = withHeaders ? Object.fromEntries(REPLAYED_HEADERS.flatMap((name) => {
      const value = response.headers.get(name);
      return value === null ? [] : [[name, value]];
    })) : undefined;
    await this.#o.cache.put(key, { etag, lastModified, body, ...(headers === undefined ? {} : { headers }), storedAt: new Date(this.#o.now()).toISOString() });
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

/** Headers a 304 may leave out that readers of the cached body still need. */
const REPLAYED_HEADERS = ['link', 'content-type', 'docker-content-digest'] as const;

/** The 304's headers over the stored ones: a fresh value wins, a missing one is replayed. */
function replay(stored: Readonly<Record<string, string>> | undefined, fresh: Headers): Headers {
  const headers = new Headers(stored);
  fresh.forEach((value, name) => headers.set(name, value));
  return headers;
}

/** The body as JSON, or a `BadResponseError` naming the URL. */
function parseJson(request: HttpRequest, response: HttpResponse): unknown {
  try {
    return JSON.parse(response.body) as unknown;
  } catch (error) {
    throw new BadResponseError(`${request.url} answered malformed JSON: ${(error as Error).message}`, {
      cause: error, context: { url: request.url, status: response.status },
    });
  }
}

/** The most useful line of a transport error, with the socket error a wrapper may hide in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
