import type { HttpCache, HttpCacheEntry } from '../../ports/http-cache.js';
import { BadResponseError } from '../../core/errors.js';
import { HttpExchange, type HttpExchangeOptions, type HttpRequest, type HttpResponse } from './http-exchange.js';
import type { JsonExtract } from './json-extract.js';
import { nodeTransport } from './http-transport.js';

export type { HttpRequest, HttpResponse } from './http-exchange.js';

/** Options of {@link PoliteHttpClient}: those of {@link HttpExchange} (its transport by default `nodeTransport`), and the cache. */
export interface HttpClientOptions extends Partial<HttpExchangeOptions> {
  /** @default - no conditional requests */
  readonly cache?: HttpCache;
}

/**
 * The HTTP client every version source shares: an {@link HttpExchange} (per-host limits,
 * timeouts, retries honouring `Retry-After`, a body limit, counters) that also makes requests
 * conditional through an {@link HttpCache}, answering a 304 from what it kept, and parses JSON.
 *
 * @example
 * ```ts
 * const http = new PoliteHttpClient({ cache: new MemoryHttpCache() });
 * const { data } = await http.getJson({ url: 'https://registry.npmjs.org/left-pad', conditional: true });
 * ```
 */
export class PoliteHttpClient extends HttpExchange {
  readonly #cache: HttpCache | undefined;

  public constructor(options: HttpClientOptions = {}) {
    const { cache, ...rest } = options;
    super({ transport: nodeTransport, ...rest });
    this.#cache = cache;
  }

  /**
   * The value {@link getExtract} keeps for `request`, read from the cache without asking the
   * network, or undefined. For a second document that only changes when a first one does (npm's
   * full packument after a 304 on the abbreviated one).
   */
  public async cachedExtract<T>(request: HttpRequest, extract: JsonExtract<T>): Promise<T | undefined> {
    const entry = await this.#cache?.get(this.#extractKey(request, extract));
    return entry === undefined ? undefined : extract.decode(entry.body);
  }

  /** Sends `request` and parses the body as JSON; a body that is not JSON is a `BadResponseError`. */
  public async getJson(request: HttpRequest): Promise<{ readonly data: unknown; readonly response: HttpResponse }> {
    const key = this.#key(request);
    const response = await this.#conditional(request, await this.#lookup(request, key));
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
    const response = await this.#conditional(request, kept === undefined ? undefined : entry);
    if (response.fromCache && kept !== undefined) return { value: kept, fromCache: true };
    const value = extract.extract(parseJson(request, response));
    // Headers are replayed for readers of a body; an extract has none.
    await this.#store(key, request, response, extract.encode(value), false);
    return { value, fromCache: false };
  }

  /** Sends `request` (conditional when asked) with retries; resolves with a 2xx (or a passed-through status), else throws. */
  public override async request(request: HttpRequest): Promise<HttpResponse> {
    const key = this.#key(request);
    const response = await this.#conditional(request, await this.#lookup(request, key));
    if (!response.fromCache) await this.#store(key, request, response, response.body);
    return response;
  }

  /** Sends `request`, conditional on `cached` when there is one; a 304 answers with `cached`. */
  async #conditional(request: HttpRequest, cached: HttpCacheEntry | undefined): Promise<HttpResponse> {
    if (cached === undefined) return super.request(request);
    const validator: Record<string, string> = cached.etag !== undefined ? { 'if-none-match': cached.etag }
      : cached.lastModified !== undefined ? { 'if-modified-since': cached.lastModified } : {};
    const response = await super.request({ ...request, headers: { ...request.headers, ...validator }, passStatuses: [...(request.passStatuses ?? []), 304] });
    if (response.status !== 304) return response;
    this.countNotModified(request.url);
    return { url: request.url, status: 200, headers: replay(cached.headers, response.headers), body: cached.body, fromCache: true };
  }

  /** The cache entry to make `request` conditional on, when it asks to be. */
  async #lookup(request: HttpRequest, key: string): Promise<HttpCacheEntry | undefined> {
    return request.conditional === true ? await this.#cache?.get(key) : undefined;
  }

  #extractKey(request: HttpRequest, extract: JsonExtract<unknown>): string {
    return `${this.#key(request)} ${extract.format}`;
  }

  #key(request: HttpRequest): string {
    return request.cacheKey ?? `${request.method ?? 'GET'} ${request.url} ${request.headers?.accept ?? request.headers?.Accept ?? ''}`;
  }

  /** Keeps `body` (the answer, or what was extracted from it) for the next conditional request. */
  async #store(key: string, request: HttpRequest, response: HttpResponse, body: string, withHeaders = true): Promise<void> {
    if (request.conditional !== true || this.#cache === undefined || response.status !== 200) return;
    // Only the validator the next request sends is kept: If-None-Match wins over If-Modified-Since.
    const etag = response.headers.get('etag') ?? undefined;
    const lastModified = etag === undefined ? (response.headers.get('last-modified') ?? undefined) : undefined;
    if (etag === undefined && lastModified === undefined) return;
    const headers = withHeaders ? Object.fromEntries(REPLAYED_HEADERS.flatMap((name) => {
      const value = response.headers.get(name);
      return value === null ? [] : [[name, value]];
    })) : undefined;
    await this.#cache.put(key, { etag, lastModified, body, ...(headers === undefined ? {} : { headers }), storedAt: new Date(this.options.now()).toISOString() });
  }
}

/** Headers a 304 may leave out that readers of the cached body still need. */
const REPLAYED_HEADERS = ['link', 'content-type', 'docker-content-digest'] as const;

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

/** The 304's headers over the stored ones: a fresh value wins, a missing one is replayed. */
function replay(stored: Readonly<Record<string, string>> | undefined, fresh: Headers): Headers {
  const headers = new Headers(stored);
  fresh.forEach((value, name) => headers.set(name, value));
  return headers;
}
