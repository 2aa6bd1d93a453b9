import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '../../core/errors.js';
import type { HttpCache, HttpCacheEntry } from '../../ports/http-cache.js';
import { toUpkeepError } from './dynamo-errors.js';
import type { DynamoStoreOptions, Item, ItemKey } from './dynamo-table.js';
import { ttlAfter } from './dynamo-values.js';
import { traced } from './traced-client.js';

/**
 * Entries bigger than this (decoded) are not kept: DynamoDB items stop at 400 KB, and a
 * missing entry only costs one unconditional request next time.
 */
const MAX_ENTRY_BYTES = 350_000;
/** Days an entry stays without being refreshed (clean-up only). */
const KEEP_DAYS = 30;
/** BatchGetItem takes at most 100 keys, BatchWriteItem 25 items. */
const MAX_READS = 100;
const MAX_WRITES = 25;
/** Batch calls of each kind in flight at once. */
const MAX_IN_FLIGHT = 2;
/**
 * Under load, a batch that is not full leaves at most this long after the previous one of its
 * kind; a call made when the previous batch left longer ago goes at once. Every call costs the
 * same fixed CPU on both ends (signing, HTTP, parsing) whatever it carries. A detection pass
 * has several times more components waiting for a registry slot than slots, so a read waiting
 * here is hidden and reads become about 20 to a call. Writes get a shorter window, so that
 * the pass's last writes are not held up long; at a registry's pace they still come several
 * to a call.
 */
const READ_WINDOW_MS = 25;
const WRITE_WINDOW_MS = 10;
/**
 * Bodies up to this size are stored as a plain string: a compact value (what a source keeps of
 * a document) gains little from gzip and costs its CPU on every write and read. Bigger ones
 * are gzipped (documents shrink 3–4×: fewer capacity units and bytes on every read and write).
 */
const PLAIN_MAX_BYTES = 4_096;
/** Attempts for keys or items DynamoDB hands back unprocessed (throttling), 50 ms apart and doubling. */
const UNPROCESSED_ATTEMPTS = 4;

/**
 * Keys can be long URLs; a hash keeps them well inside the 2 KB partition-key limit. The sort
 * key names the item layout: the body is in `body` (string) or `bodyGzip` (binary). Code that
 * stored plain bodies under `META` and this code never read each other's entries (either way
 * round, e.g. after a rollback): a miss. Code that knew only `bodyGzip` reads a `body` entry
 * as a miss too, which costs one unconditional request.
 */
const cacheKey = (key: string): ItemKey => ({ pk: `HTTP#${createHash('sha256').update(key).digest('hex')}`, sk: 'GZ' });

/**
 * {@link HttpCache} on the Upkeep table (`HTTP#<sha256 of key>` / `GZ`), so that
 * conditional requests survive between detection runs in Lambda. Last writer wins.
 *
 * A detection pass asks for one entry per component and writes one per changed document, so
 * the calls are batched (BatchGetItem / BatchWriteItem): a call made when its kind is idle
 * goes at once; under load the calls of a few milliseconds go together (see
 * {@link READ_WINDOW_MS}), which saves the per-call overhead. Bodies over
 * {@link PLAIN_MAX_BYTES} are stored gzipped, smaller ones as they are.
 *
 * @example
 * ```ts
 * const http = new PoliteHttpClient({ cache: new DynamoHttpCache({ tableName: env.TABLE_NAME }) });
 * ```
 */
export class DynamoHttpCache implements HttpCache {
  readonly #name: string;
  readonly #client: DynamoDBDocumentClient;
  readonly #reads = new Batcher<string, HttpCacheEntry | undefined>(MAX_READS, READ_WINDOW_MS, (keys) => this.#readBatch(keys));
  readonly #writes = new Batcher<Item, undefined>(MAX_WRITES, WRITE_WINDOW_MS, (items) => this.#writeBatch(items));
  /** Entries whose write has not landed yet: a read of one of them must still see it. */
  readonly #pending = new Map<string, HttpCacheEntry>();

  public constructor(options: DynamoStoreOptions) {
    this.#name = options.tableName;
    this.#client = options.client ?? DynamoDBDocumentClient.from(traced(new DynamoDBClient({})));
  }

  public async get(key: string): Promise<HttpCacheEntry | undefined> {
    return this.#pending.get(key) ?? (await this.#reads.add(key));
  }

  public async put(key: string, entry: HttpCacheEntry): Promise<void> {
    const bytes = Buffer.byteLength(entry.body, 'utf8');
    if (bytes + Buffer.byteLength(key, 'utf8') > MAX_ENTRY_BYTES) return;
    const ttl = ttlAfter(entry.storedAt, KEEP_DAYS);
    const item: Item = {
      ...cacheKey(key), entity: 'HTTP_CACHE', key, storedAt: entry.storedAt,
      ...(bytes > PLAIN_MAX_BYTES ? { bodyGzip: gzipSync(entry.body) } : { body: entry.body }),
      ...(entry.etag === undefined ? {} : { etag: entry.etag }),
      ...(entry.lastModified === undefined ? {} : { lastModified: entry.lastModified }),
      ...(entry.headers === undefined ? {} : { headers: { ...entry.headers } }),
      ...(Number.isFinite(ttl) ? { ttl } : {}),
    };
    this.#pending.set(key, entry);
    try {
      await this.#writes.add(item);
    } finally {
      if (this.#pending.get(key) === entry) this.#pending.delete(key);
    }
  }

  async #readBatch(keys: readonly string[]): Promise<(HttpCacheEntry | undefined)[]> {
    const found = new Map<string, Item>();
    let wanted: Record<string, unknown>[] = [...new Set(keys)].map((key) => ({ ...cacheKey(key) }));
    for (let attempt = 0; wanted.length > 0 && attempt < UNPROCESSED_ATTEMPTS; attempt += 1) {
      if (attempt > 0) await delay(50 * 2 ** (attempt - 1));
      const command = new BatchGetCommand({ RequestItems: { [this.#name]: { Keys: wanted, ConsistentRead: true } } });
      const out = await this.#send(() => this.#client.send(command), 'read HTTP cache');
      for (const item of out.Responses?.[this.#name] ?? []) found.set(String(item.pk), item);
      wanted = out.UnprocessedKeys?.[this.#name]?.Keys ?? [];
    }
    // Keys still unprocessed are misses: that only costs one unconditional request.
    return keys.map((key) => toEntry(key, found.get(cacheKey(key).pk)));
  }

  async #writeBatch(items: readonly Item[]): Promise<(undefined | Error)[]> {
    // One batch may not name a key twice: the last write of a key wins, as it would have.
    let requests = [...new Map(items.map((item) => [String(item.pk), item])).values()].map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0 && attempt < UNPROCESSED_ATTEMPTS; attempt += 1) {
      if (attempt > 0) await delay(50 * 2 ** (attempt - 1));
      const command = new BatchWriteCommand({ RequestItems: { [this.#name]: requests } });
      const out = await this.#send(() => this.#client.send(command), 'write HTTP cache');
      requests = (out.UnprocessedItems?.[this.#name] ?? []).flatMap((r) => (r.PutRequest?.Item === undefined ? [] : [{ PutRequest: { Item: r.PutRequest.Item } }]));
    }
    if (requests.length === 0) return items.map(() => undefined);
    const failed = new Set(requests.map((r) => String(r.PutRequest.Item.pk)));
    const error = new TransientError(`write HTTP cache: DynamoDB left items unprocessed after ${UNPROCESSED_ATTEMPTS} attempts`, { context: { table: this.#name } });
    return items.map((item) => (failed.has(String(item.pk)) ? error : undefined));
  }

  async #send<T>(call: () => Promise<T>, what: string): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toUpkeepError(error, what, this.#name);
    }
  }
}

function toEntry(key: string, item: Item | undefined): HttpCacheEntry | undefined {
  // The stored key guards against the (theoretical) hash collision.
  if (item === undefined || item.key !== key) return undefined;
  const { body, bodyGzip, etag, lastModified, headers, storedAt } = item;
  const text = typeof body === 'string' ? body : bodyGzip instanceof Uint8Array ? gunzipSync(bodyGzip).toString('utf8') : undefined;
  if (text === undefined) return undefined;
  return {
    body: text,
    storedAt: String(storedAt),
    ...(typeof etag === 'string' ? { etag } : {}),
    ...(typeof lastModified === 'string' ? { lastModified } : {}),
    ...(headers !== undefined && headers !== null ? { headers: headers as Record<string, string> } : {}),
  };
}

/**
 * Groups single calls into batch calls. A batch leaves when it is full, or once `windowMs`
 * have passed since the previous batch of its kind left (at the end of the current I/O phase
 * when that was longer ago), with at most {@link MAX_IN_FLIGHT} batches in flight. `run`
 * answers per item, in order; an `Error` in its answer rejects that item's call.
 */
class Batcher<T, R> {
  readonly #queue: { readonly item: T; readonly resolve: (value: R) => void; readonly reject: (reason: unknown) => void }[] = [];
  #inFlight = 0;
  /** Cancels the scheduled send, when one is scheduled. */
  #cancel: (() => void) | undefined;
  #lastSent = Number.NEGATIVE_INFINITY;

  public constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly run: (items: readonly T[]) => Promise<readonly (R | Error)[]>,
  ) {}

  public add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      // A full batch need not wait out the window.
      if (this.#queue.length === this.max) this.#unschedule();
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#cancel !== undefined || this.#inFlight >= MAX_IN_FLIGHT || this.#queue.length === 0) return;
    const wait = this.#queue.length >= this.max ? 0 : this.#lastSent + this.windowMs - performance.now();
    const send = (): void => {
      this.#cancel = undefined;
      this.#send();
    };
    if (wait > 0) {
      const timer = setTimeout(send, wait);
      this.#cancel = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(send);
      this.#cancel = () => clearImmediate(immediate);
    }
  }

  #unschedule(): void {
    this.#cancel?.();
    this.#cancel = undefined;
  }

  #send(): void {
    const batch = this.#queue.splice(0, this.max);
    if (batch.length === 0) return;
    this.#inFlight += 1;
    this.#lastSent = performance.now();
    void this.run(batch.map((b) => b.item))
      .then(
        (results) => batch.forEach((b, i) => {
          const result = results[i] as R | Error;
          if (result instanceof Error) b.reject(result);
          else b.resolve(result);
        }),
        (error: unknown) => batch.forEach((b) => b.reject(error)),
      )
      .finally(() => {
        this.#inFlight -= 1;
        this.#schedule();
      });
    this.#schedule();
  }
}
