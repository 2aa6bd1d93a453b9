import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoHttpCache } from '../../../../../functions/adapters/aws/dynamo-http-cache.js';
import type { DynamoPeer } from '../../../../support/dynamo-peer.js';
import { instant } from '../../../../support/store-fixtures.js';

/** The HttpCache contract, run against one DynamoDB-compatible peer. */
export function httpCacheContract(peer: () => DynamoPeer): void {
  describe('Class: DynamoHttpCache', () => {
    let cache: DynamoHttpCache;

    beforeEach(async () => {
      cache = new DynamoHttpCache({ tableName: await peer().newTable(), client: peer().client });
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

    it('skips an entry too big for one item instead of failing the detection', async () => {
      // Prepare
      const key = 'GET http://127.0.0.1/huge';

      // Act
      await cache.put(key, { etag: '"big"', body: 'x'.repeat(500_000), storedAt: instant() });

      // Assess
      expect(await cache.get(key)).toBeUndefined();
    });
  });
}
