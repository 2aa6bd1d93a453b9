import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoHttpCache } from '../../../../../functions/adapters/aws/dynamo-http-cache.js';
import type { HttpCache, HttpCacheEntry } from '../../../../../functions/ports/http-cache.js';
import type { DynamoPeer } from '../../../../support/dynamo-peer.js';
import { instant } from '../../../../support/store-fixtures.js';

/** A packument-sized JSON document: big enough that an adapter may store it differently. */
const bigBody = JSON.stringify({ versions: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`1.${i}.0`, { integrity: `sha512-${String(i).repeat(40)}` }])) });

/** The HttpCache contract every adapter keeps (the table adapter and the in-memory one alike). */
export function httpCacheContract(name: string, make: () => Promise<HttpCache>): void {
  describe(`HttpCache contract: ${name}`, () => {
    let cache: HttpCache;

    beforeEach(async () => {
      cache = await make();
    });

    it('returns undefined for a key never stored', async () => {
      expect(await cache.get('GET http://127.0.0.1/nothing')).toBeUndefined();
    });

    it('stores and replaces entries under long keys', async () => {
      // Prepare
      const key = `GET http://127.0.0.1/${'x'.repeat(5_000)} auth:abc`;
      const first = { etag: '"v1"', body: '{"versions":["1.0.0"]}', storedAt: instant() };
      const second = { lastModified: 'Wed, 15 Jan 2025 12:00:00 GMT', body: '{"versions":["1.0.0","1.1.0"]}', storedAt: instant(60) };

      // Act
      await cache.put(key, first);
      const afterFirst = await cache.get(key);
      await cache.put(key, second);

      // Assess
      expect(afterFirst).toEqual(first);
      expect(await cache.get(key)).toEqual(second);
      expect(await cache.get(`${key}-other`)).toBeUndefined();
    });

    it('gives back every body exactly: empty, compact, multi-byte and document-sized, with replayed headers', async () => {
      // Prepare
      const entries: Record<string, HttpCacheEntry> = {
        empty: { etag: '"e"', body: '', storedAt: instant() },
        compact: { etag: 'W/"c"', body: '{"channels":{"latest":"1.1.0"},"timed":false,"releases":[["1.0.0"],["1.1.0","sha512-YQ=="]]}', storedAt: instant() },
        unicode: { lastModified: 'Wed, 15 Jan 2025 12:00:00 GMT', body: '{"deprecated":"utilisez 2.0 — 使用 2.0 🚀"}', storedAt: instant() },
        big: { etag: '"b"', body: bigBody, headers: { link: '<http://127.0.0.1/p2>; rel="next"', 'content-type': 'application/json' }, storedAt: instant() },
      };

      // Act
      await Promise.all(Object.entries(entries).map(([key, entry]) => cache.put(key, entry)));

      // Assess
      for (const [key, entry] of Object.entries(entries)) expect(await cache.get(key)).toEqual(entry);
    });

    it('answers a read made while a write is still on its way with that write', async () => {
      // Prepare
      const entry = { etag: '"v2"', body: '{"n":2}', storedAt: instant() };

      // Act: no await between the write and the read.
      const written = cache.put('GET http://127.0.0.1/racy', entry);
      const read = await cache.get('GET http://127.0.0.1/racy');
      await written;

      // Assess
      expect(read).toEqual(entry);
      expect(await cache.get('GET http://127.0.0.1/racy')).toEqual(entry);
    });

    it('keeps every entry of a burst of concurrent writes and reads, more than one batch of either', async () => {
      // Prepare
      const keys = Array.from({ length: 120 }, (_, i) => `GET http://127.0.0.1/pkg-${i}`);
      const entry = (i: number): HttpCacheEntry => ({ etag: `"${i}"`, body: `{"i":${i}}`, storedAt: instant(i) });

      // Act
      await Promise.all(keys.map((key, i) => cache.put(key, entry(i))));
      const read = await Promise.all([...keys, ...keys.map((key) => `${key}-missing`)].map((key) => cache.get(key)));

      // Assess
      expect(read.slice(0, keys.length)).toEqual(keys.map((_, i) => entry(i)));
      expect(read.slice(keys.length).every((e) => e === undefined)).toBe(true);
    });
  });
}

/** The HttpCache contract and what only the table adapter promises, against one DynamoDB-compatible peer. */
export function dynamoHttpCacheContract(peer: () => DynamoPeer): void {
  httpCacheContract('DynamoHttpCache', async () => new DynamoHttpCache({ tableName: await peer().newTable(), client: peer().client }));

  describe('Class: DynamoHttpCache', () => {
    let tableName: string;
    let cache: DynamoHttpCache;

    beforeEach(async () => {
      tableName = await peer().newTable();
      cache = new DynamoHttpCache({ tableName, client: peer().client });
    });

    it('skips an entry too big for one item instead of failing the detection', async () => {
      // Prepare
      const key = 'GET http://127.0.0.1/huge';

      // Act
      await cache.put(key, { etag: '"big"', body: 'x'.repeat(500_000), storedAt: instant() });

      // Assess
      expect(await cache.get(key)).toBeUndefined();
    });

    it('keeps entries in the table for the next process (a restart)', async () => {
      // Prepare
      const entry = { etag: '"v1"', body: '{"versions":["1.0.0"]}', headers: { 'content-type': 'application/json' }, storedAt: instant() };
      await cache.put('GET http://127.0.0.1/kept', entry);

      // Act
      const restarted = new DynamoHttpCache({ tableName, client: peer().client });

      // Assess
      expect(await restarted.get('GET http://127.0.0.1/kept')).toEqual(entry);
    });

    it('stores a compact body as a string and a document-sized one gzipped', async () => {
      // Prepare
      await cache.put('compact', { etag: '"c"', body: '{"n":1}', storedAt: instant() });
      await cache.put('big', { etag: '"b"', body: bigBody, storedAt: instant() });

      // Act
      const items = await Promise.all(['compact', 'big'].map(async (key) => {
        const all = await peer().client.send(new GetCommand({ TableName: tableName, Key: { pk: `HTTP#${sha256(key)}`, sk: 'GZ' } }));
        return all.Item;
      }));

      // Assess
      expect(items[0]).toMatchObject({ body: '{"n":1}' });
      expect(items[0]).not.toHaveProperty('bodyGzip');
      expect(items[1]?.bodyGzip).toBeInstanceOf(Uint8Array);
      expect((items[1]?.bodyGzip as Uint8Array).byteLength).toBeLessThan(bigBody.length / 3);
      expect(items[1]).not.toHaveProperty('body');
    });

    it('reads an entry written gzipped by the previous release', async () => {
      // Prepare: the item as the previous release wrote every entry.
      const key = 'GET http://127.0.0.1/older';
      await peer().client.send(new PutCommand({
        TableName: tableName,
        Item: { pk: `HTTP#${sha256(key)}`, sk: 'GZ', entity: 'HTTP_CACHE', key, storedAt: instant(), etag: '"old"', bodyGzip: gzipSync('{"n":0}') },
      }));

      // Act
      const entry = await cache.get(key);

      // Assess
      expect(entry).toEqual({ etag: '"old"', body: '{"n":0}', storedAt: instant() });
    });

    it('sends a burst of calls as a few batch calls', async () => {
      // Prepare
      const keys = Array.from({ length: 250 }, (_, i) => `GET http://127.0.0.1/burst-${i}`);
      const before = peer().commands.length;

      // Act
      await Promise.all(keys.map((key) => cache.put(key, { etag: '"1"', body: '{}', storedAt: instant() })));
      const afterWrites = peer().commands.length;
      await Promise.all(keys.map((key) => cache.get(key)));

      // Assess: 25 items per BatchWriteItem, 100 keys per BatchGetItem.
      expect(peer().commands.slice(before, afterWrites)).toEqual(Array.from({ length: 10 }, () => 'BatchWriteItemCommand'));
      expect(peer().commands.slice(afterWrites)).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand', 'BatchGetItemCommand']);
    });
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
