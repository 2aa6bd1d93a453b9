import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoHttpCache } from '../../../../functions/adapters/aws/dynamo-http-cache.js';
import { PoliteHttpClient } from '../../../../functions/adapters/sources/http-client.js';
import { NpmRegistrySource, type NpmMetadata } from '../../../../functions/adapters/sources/npm-source.js';
import { createVersionSources, listAll } from '../../../../functions/adapters/sources/registry.js';
import type { NpmSource } from '../../../../functions/core/config/source-schema.js';
import { startDynalitePeer, type DynamoPeer } from '../../../support/dynamo-peer.js';
import { sendCacheable, startFakeServer, type FakeHttpServer } from '../../../support/fake-http-server.js';
import { startFakeNpmRegistry } from '../../../support/fake-npm-registry.js';

const VERSIONS = [
  { version: '1.0.0', publishedAt: '2024-01-01T00:00:00.000Z' },
  { version: '1.1.0', publishedAt: '2024-02-01T00:00:00.000Z', deprecated: 'use 1.1.1, 1.1.0 leaks memory' },
  { version: '1.1.1', publishedAt: '2024-03-01T00:00:00.000Z' },
];

describe('peer: dynalite', () => {
  let peer: DynamoPeer | undefined;
  const servers: FakeHttpServer[] = [];

  beforeAll(async () => {
    peer = await startDynalitePeer();
  });

  afterAll(async () => {
    await peer?.close();
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  /** A fresh process's view of one table: a new cache and client, as after a restart. */
  const processOn = (tableName: string, metadata?: NpmMetadata) => {
    const http = new PoliteHttpClient({ cache: new DynamoHttpCache({ tableName, client: peer!.client }), baseDelayMs: 5 });
    return { http, npm: new NpmRegistrySource({ http, metadata }) };
  };

  describe('Class: NpmRegistrySource (with DynamoHttpCache)', () => {
    it('answers a 304 after a restart with the same releases and dist-tags as the 200', async () => {
      // Prepare
      const registry = await startFakeNpmRegistry({ packages: { '@acme/widget': VERSIONS } });
      servers.push(registry);
      const source: NpmSource = { type: 'npm', package: '@acme/widget', registry: registry.url };
      const tableName = await peer!.newTable();
      const first = await processOn(tableName).npm.list(source);

      // Act
      const restarted = processOn(tableName);
      const second = await restarted.npm.list(source);

      // Assess
      expect(first.fromCache).toBe(false);
      expect(second.fromCache).toBe(true);
      expect(second.releases).toEqual(first.releases);
      expect(second.channels).toEqual(first.channels);
      expect(first.releases[1]).toMatchObject({ deprecated: 'use 1.1.1, 1.1.0 leaks memory', url: `${registry.url}/@acme/widget/-/widget-1.1.0.tgz` });
      expect(registry.requests[1]?.headers['if-none-match']).toMatch(/^"/);
      expect(restarted.http.stats().total).toMatchObject({ requests: 1, notModified: 1 });
    });

    it('in auto mode keeps the release dates across a restart without asking for the full packument', async () => {
      // Prepare
      const registry = await startFakeNpmRegistry({ packages: { 'left-pad': VERSIONS } });
      servers.push(registry);
      const source: NpmSource = { type: 'npm', package: 'left-pad', registry: registry.url };
      const tableName = await peer!.newTable();
      const first = await processOn(tableName, 'auto').npm.list(source);

      // Act
      const second = await processOn(tableName, 'auto').npm.list(source);

      // Assess
      expect(first.releases.map((r) => r.releasedAt)).toEqual(VERSIONS.map((v) => v.publishedAt));
      expect(second).toMatchObject({ fromCache: true });
      expect(second.releases).toEqual(first.releases);
      expect(registry.requests.map((r) => r.headers.accept?.startsWith('application/vnd') === true)).toEqual([true, false, true]);
    });

    it('records a truncated, malformed or misshapen packument as an error and never caches it', async () => {
      // Prepare: the same ETag on every answer, so a cached bad answer would be served on a 304.
      const good = JSON.stringify({ 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': { dist: { integrity: 'sha512-YQ==' } } } });
      const answers = ['truncated', '{"versions": {"1.0.0": {', '{"versions": []}', good, good];
      const registry = await startFakeServer((req, res) => {
        const answer = answers.shift() ?? good;
        if (answer === 'truncated') {
          res.writeHead(200, { etag: '"same"', 'content-type': 'application/json', 'content-length': '500' });
          res.write('{"versions":{');
          setTimeout(() => res.socket?.destroy(), 20);
          return;
        }
        sendCacheable(req, res, '"same"', answer, { 'content-type': 'application/json' });
      });
      servers.push(registry);
      const http = new PoliteHttpClient({ cache: new DynamoHttpCache({ tableName: await peer!.newTable(), client: peer!.client }), baseDelayMs: 5, maxRetries: 0 });
      const sources = createVersionSources({ http });
      const watched = [{ name: 'widget', source: { type: 'npm' as const, package: 'widget', registry: registry.url } }];

      // Act
      const passes = [];
      for (let pass = 0; pass < 5; pass += 1) passes.push((await listAll(watched, sources))[0]);

      // Assess
      expect(passes.map((p) => (p?.ok === false ? p.error.name : p?.listing.fromCache))).toEqual(['BadResponseError', 'BadResponseError', 'BadResponseError', false, true]);
      expect(passes.slice(0, 3).map((p) => (p?.ok === false ? p.error.message : ''))).toEqual([
        expect.stringContaining('truncated or corrupt body'),
        expect.stringContaining('answered malformed JSON'),
        expect.stringContaining('where "versions" should be an object'),
      ]);
      expect(registry.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, undefined, undefined, undefined, '"same"']);
      expect(passes[4]?.ok === true && passes[4].listing.releases).toEqual([{ version: '1.0.0', checksum: 'sha512-YQ==' }]);
    });
  });
});
