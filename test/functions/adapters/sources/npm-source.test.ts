import { afterEach, describe, expect, it } from 'vitest';
import { MemoryHttpCache } from '../../../../functions/adapters/local/memory-http-cache.js';
import { PoliteHttpClient } from '../../../../functions/adapters/sources/http-client.js';
import { NpmRegistrySource, packumentUrl, type NpmMetadata } from '../../../../functions/adapters/sources/npm-source.js';
import { OsvClient } from '../../../../functions/adapters/sources/osv.js';
import type { NpmSource } from '../../../../functions/core/config/source-schema.js';
import { BadResponseError, NotFoundError } from '../../../../functions/core/errors.js';
import type { FakeHttpServer } from '../../../support/fake-http-server.js';
import { startFakeNpmRegistry } from '../../../support/fake-npm-registry.js';
import { startFakeOsvApi } from '../../../support/fake-osv-api.js';
import { FakeSecrets } from '../../../support/fake-secrets.js';

const servers: FakeHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const VERSIONS = [
  { version: '1.0.0', publishedAt: '2024-01-01T00:00:00.000Z' },
  { version: '1.1.0', publishedAt: '2024-02-01T00:00:00.000Z', deprecated: 'use 1.1.1, 1.1.0 leaks memory' },
  { version: '1.1.1', publishedAt: '2024-03-01T00:00:00.000Z' },
];

async function registry(token?: string): Promise<FakeHttpServer> {
  const server = await startFakeNpmRegistry({ packages: { 'left-pad': VERSIONS, '@acme/widget': VERSIONS }, token });
  servers.push(server);
  return server;
}

function source(server: FakeHttpServer, name = 'left-pad', extra: Partial<NpmSource> = {}): NpmSource {
  return { type: 'npm', package: name, registry: server.url, ...extra };
}

function npm(metadata?: NpmMetadata, secrets?: FakeSecrets, http = new PoliteHttpClient({ cache: new MemoryHttpCache(), baseDelayMs: 5 })) {
  return { http, npm: new NpmRegistrySource({ http, metadata, secrets, osv: new OsvClient(http) }) };
}

describe('Class: NpmRegistrySource', () => {
  describe('Method: list', () => {
    it('reads abbreviated metadata by default: integrity, deprecations, dist-tags, no guessed dates', async () => {
      // Prepare
      const server = await registry();

      // Act
      const listing = await npm().npm.list(source(server));

      // Assess
      expect(server.requests[0]?.headers.accept).toContain('application/vnd.npm.install-v1+json');
      expect(listing.channels).toEqual({ latest: '1.1.1' });
      expect(listing.releases.map((r) => r.version)).toEqual(['1.0.0', '1.1.0', '1.1.1']);
      expect(listing.releases[1]).toMatchObject({ deprecated: 'use 1.1.1, 1.1.0 leaks memory' });
      expect(listing.releases[0]?.checksum).toMatch(/^sha512-/);
      expect(listing.releases[0]?.url).toBe(`${server.url}/left-pad/-/left-pad-1.0.0.tgz`);
      expect(listing.releases.every((r) => r.releasedAt === undefined)).toBe(true);
    });

    it('reads release dates from the full packument when asked for full metadata', async () => {
      // Prepare
      const server = await registry();

      // Act
      const listing = await npm('full').npm.list(source(server));

      // Assess
      expect(server.requests[0]?.headers.accept).toBe('application/json');
      expect(listing.releases.map((r) => r.releasedAt)).toEqual(VERSIONS.map((v) => v.publishedAt));
    });

    it('in auto mode fetches the full packument only when the abbreviated one changed', async () => {
      // Prepare
      const server = await registry();
      const { npm: auto } = npm('auto');

      // Act
      const first = await auto.list(source(server));
      const second = await auto.list(source(server));

      // Assess: the second pass is one conditional request answered 304, dates from the cache.
      expect(first.releases[2]?.releasedAt).toBe('2024-03-01T00:00:00.000Z');
      expect(second).toMatchObject({ fromCache: true });
      expect(second.releases[2]?.releasedAt).toBe('2024-03-01T00:00:00.000Z');
      expect(server.requests.map((r) => r.headers.accept?.startsWith('application/vnd') === true)).toEqual([true, false, true]);
    });

    it('sends the ETag back and reports a 304 as fromCache', async () => {
      // Prepare
      const server = await registry();
      const { http, npm: client } = npm();

      // Act
      const first = await client.list(source(server));
      const second = await client.list(source(server));

      // Assess
      expect(first.fromCache).toBe(false);
      expect(second.fromCache).toBe(true);
      expect(second.releases).toEqual(first.releases);
      expect(server.requests[1]?.headers['if-none-match']).toMatch(/^"/);
      expect(http.stats().total.notModified).toBe(1);
    });

    it('encodes scoped names as @scope%2fname', async () => {
      // Prepare
      const server = await registry();

      // Act
      const listing = await npm().npm.list(source(server, '@acme/widget'));

      // Assess
      expect(server.requests[0]?.url).toBe('/@acme%2fwidget');
      expect(packumentUrl('https://r.example/npm/', '@acme/widget')).toBe('https://r.example/npm/@acme%2fwidget');
      expect(listing.releases).toHaveLength(3);
    });

    it('sends the token from the named secret as a bearer token', async () => {
      // Prepare
      const server = await registry('s3cret');

      // Act
      const listing = await npm(undefined, new FakeSecrets({ NPM_TOKEN: 's3cret' })).npm.list(source(server, 'left-pad', { tokenSecret: 'NPM_TOKEN' }));

      // Assess
      expect(server.requests[0]?.headers.authorization).toBe('Bearer s3cret');
      expect(listing.releases).toHaveLength(3);
    });

    it('names the secret to check when the registry refuses the token', async () => {
      // Prepare
      const server = await registry('s3cret');
      const { npm: client } = npm(undefined, new FakeSecrets({ NPM_TOKEN: 'stale' }));

      // Act
      const failure = client.list(source(server, 'left-pad', { tokenSecret: 'NPM_TOKEN' }));

      // Assess
      await expect(failure).rejects.toBeInstanceOf(BadResponseError);
      await expect(failure).rejects.toThrow(/check the secret "NPM_TOKEN"/);
    });

    it('throws NotFoundError for an unknown package', async () => {
      // Prepare
      const server = await registry();

      // Act / Assess
      await expect(npm().npm.list(source(server, 'no-such-package'))).rejects.toBeInstanceOf(NotFoundError);
    });

    it('attaches OSV advisories to the releases they affect when enabled', async () => {
      // Prepare
      const server = await registry();
      const osv = await startFakeOsvApi([
        {
          id: 'GHSA-xxxx-yyyy-zzzz',
          summary: 'Prototype pollution',
          aliases: ['CVE-2024-0001'],
          database_specific: { severity: 'HIGH' },
          affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.1.1' }] }] }],
        },
      ]);
      servers.push(osv);

      // Act
      const listing = await npm().npm.list(source(server, 'left-pad', { advisories: { osv: true, url: osv.url } }));

      // Assess
      expect(JSON.parse(osv.requests[0]?.body ?? '{}')).toEqual({ package: { name: 'left-pad', ecosystem: 'npm' } });
      expect(listing.releases[0]?.advisories?.[0]).toMatchObject({ id: 'GHSA-xxxx-yyyy-zzzz', severity: 'HIGH', fixedIn: ['1.1.1'], aliases: ['CVE-2024-0001'] });
      expect(listing.releases[1]?.advisories).toHaveLength(1);
      expect(listing.releases[2]?.advisories).toBeUndefined();
    });
  });
});
