import type { HttpCache, HttpCacheEntry } from '../../ports/http-cache.js';

/** Options of {@link MemoryHttpCache}. */
export interface MemoryHttpCacheOptions {
  /**
   * Entries kept before the least recently used one is dropped.
   * @default 10_000 - about one entry per watched component and then some
   */
  readonly maxEntries?: number;
}

/**
 * The conditional-request cache held in process memory: for tests, benchmarks and one
 * `upkeep check` run. Least recently used entries go first once `maxEntries` is reached.
 *
 * @example
 * ```ts
 * const http = new PoliteHttpClient({ cache: new MemoryHttpCache({ maxEntries: 2_000 }) });
 * ```
 */
export class MemoryHttpCache implements HttpCache {
  readonly #entries = new Map<string, HttpCacheEntry>();
  readonly #maxEntries: number;

  public constructor(options: MemoryHttpCacheOptions = {}) {
    this.#maxEntries = Math.max(1, options.maxEntries ?? 10_000);
  }

  public get(key: string): Promise<HttpCacheEntry | undefined> {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      // Map keeps insertion order: re-inserting marks the entry as most recently used.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return Promise.resolve(entry);
  }

  public put(key: string, entry: HttpCacheEntry): Promise<void> {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
    return Promise.resolve();
  }

  /** How many entries are held (for tests and metrics). */
  public get size(): number {
    return this.#entries.size;
  }
}
