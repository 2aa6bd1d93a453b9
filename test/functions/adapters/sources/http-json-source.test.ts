import { afterEach, describe, expect, it } from 'vitest';
import { PoliteHttpClient } from '../../../../functions/adapters/sources/http-client.js';
import { findVersions, HttpJsonVersionSource } from '../../../../functions/adapters/sources/http-json-source.js';
import { BadResponseError } from '../../../../functions/core/errors.js';
import { sendJson, startFakeServer, type FakeHttpServer } from '../../../support/fake-http-server.js';
import { FakeSecrets } from '../../../support/fake-secrets.js';

let server: FakeHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const DOCUMENT = {
  product: 'acme',
  releases: [
    { version: '3.1.0', date: '2024-05-01', sha: 'sha256:aaa' },
    { version: '3.0.0', date: '2024-01-15T12:00:00Z' },
  ],
};

describe('Class: HttpJsonVersionSource', () => {
  describe('Method: list', () => {
    it('reads versions, dates and checksums by dotted paths, with headers and a token', async () => {
      // Prepare
      server = await startFakeServer((_req, res) => sendJson(res, 200, DOCUMENT));
      const source = new HttpJsonVersionSource({ http: new PoliteHttpClient(), secrets: new FakeSecrets({ FEED: 'tok' }) });

      // Act
      const listing = await source.list({
        type: 'http-json', url: `${server.url}/feed.json`, versionsPath: 'releases.*.version', releasedAtPath: 'date', checksumPath: 'sha',
        headers: { 'x-tenant': 'a' }, tokenSecret: 'FEED',
      });

      // Assess
      expect(server.requests[0]?.headers).toMatchObject({ authorization: 'Bearer tok', 'x-tenant': 'a' });
      expect(listing.releases).toEqual([
        { version: '3.1.0', releasedAt: '2024-05-01T00:00:00.000Z', checksum: 'sha256:aaa' },
        { version: '3.0.0', releasedAt: '2024-01-15T12:00:00.000Z' },
      ]);
    });

    it('reports a path that finds nothing instead of returning no versions', async () => {
      // Prepare
      server = await startFakeServer((_req, res) => sendJson(res, 200, { items: [] }));

      // Act
      const failure = new HttpJsonVersionSource({ http: new PoliteHttpClient() }).list({ type: 'http-json', url: `${server.url}/x`, versionsPath: 'releases.*.version' });

      // Assess
      await expect(failure).rejects.toBeInstanceOf(BadResponseError);
      await expect(failure).rejects.toThrow(/versionsPath "releases.\*.version" found no versions/);
    });
  });

  describe('Function: findVersions', () => {
    it('takes strings from an array and keys from an object', () => {
      // Act
      const fromArray = findVersions({ data: { versions: ['1', '2'] } }, 'data.versions');
      const fromKeys = findVersions({ releases: { '1.0': { at: 'x' }, '2.0': [] } }, 'releases');

      // Assess
      expect(fromArray.map((f) => f.version)).toEqual(['1', '2']);
      expect(fromKeys).toEqual([{ version: '1.0', holder: { at: 'x' } }, { version: '2.0' }]);
    });
  });
});
