import { createHash } from 'node:crypto';
import type { HttpCache, HttpCacheEntry } from '../../ports/http-cache.js';
import { DynamoTable, stripLayout } from './dynamo-table.js';
import type { DynamoStoreOptions, ItemKey } from './dynamo-table.js';
import { plain, ttlAfter } from './dynamo-values.js';

/**
 * Entries bigger than this are not kept: DynamoDB items stop at 400 KB, and a missing entry
 * only costs one unconditional request next time.
 */
const MAX_ENTRY_BYTES = 350_000;
/** Days an entry stays without being refreshed (clean-up only). */
const KEEP_DAYS = 30;

/** Keys can be long URLs; a hash keeps them well inside the 2 KB partition-key limit. */
const cacheKey = (key: string): ItemKey => ({ pk: `HTTP#${createHash('sha256').update(key).digest('hex')}`, sk: 'META' });

/**
 * {@link HttpCache} on the Upkeep table (`HTTP#<sha256 of key>` / `META`), so that
 * conditional requests survive between detection runs in Lambda. Last writer wins.
 *
 * @example
 * ```ts
 * const http = new PoliteHttpClient({ cache: new DynamoHttpCache({ tableName: env.TABLE_NAME }) });
 * ```
 */
export class DynamoHttpCache implements HttpCache {
  readonly #table: DynamoTable;

  public constructor(options: DynamoStoreOptions) {
    this.#table = new DynamoTable(options);
  }

  public async get(key: string): Promise<HttpCacheEntry | undefined> {
    const item = await this.#table.get(cacheKey(key), 'read HTTP cache');
    // The stored key guards against the (theoretical) hash collision.
    if (item === undefined || item.key !== key) return undefined;
    const { key: _key, ...entry } = stripLayout<HttpCacheEntry & { key: string }>(item);
    return entry;
  }

  public async put(key: string, entry: HttpCacheEntry): Promise<void> {
    const ttl = ttlAfter(entry.storedAt, KEEP_DAYS);
    const item = { ...plain(entry), key, ...cacheKey(key), entity: 'HTTP_CACHE', ...(Number.isFinite(ttl) ? { ttl } : {}) };
    if (Buffer.byteLength(JSON.stringify(item), 'utf8') > MAX_ENTRY_BYTES) return;
    await this.#table.put({ Item: item }, 'write HTTP cache');
  }
}
