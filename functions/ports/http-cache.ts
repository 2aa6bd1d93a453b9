/** One stored HTTP answer, kept so the next request can be conditional. */
export interface HttpCacheEntry {
  /** The validator from `ETag`, sent back as `If-None-Match`. */
  readonly etag?: string;
  /** The validator from `Last-Modified`, sent back as `If-Modified-Since`. */
  readonly lastModified?: string;
  /**
   * The decoded body of the last 200 answer, or only what its reader keeps of it (a compact
   * encoding chosen by the caller, under a key of its own); served again on a 304. Any string,
   * empty included, comes back exactly as stored.
   */
  readonly body: string;
  /**
   * Headers of the 200 that a 304 may omit but readers need (`link` for pagination,
   * `docker-content-digest`), replayed with the cached body.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /** ISO-8601 instant the entry was written. */
  readonly storedAt: string;
}

/**
 * Where conditional-request validators and bodies live between detection passes
 * (in memory locally, DynamoDB in AWS). Keys are opaque strings chosen by the HTTP client.
 *
 * @example
 * ```ts
 * await cache.put('GET https://registry.npmjs.org/left-pad', { etag: '"abc"', body: '{}', storedAt: new Date().toISOString() });
 * const hit = await cache.get('GET https://registry.npmjs.org/left-pad');
 * ```
 */
export interface HttpCache {
  /** The entry stored under `key`, or undefined when there is none. */
  get(key: string): Promise<HttpCacheEntry | undefined>;
  /** Stores (replaces) the entry under `key`. */
  put(key: string, entry: HttpCacheEntry): Promise<void>;
}
