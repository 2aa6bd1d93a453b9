import { afterEach, describe, expect, it } from 'vitest';
import { MemoryHttpCache } from '../../../../functions/adapters/local/memory-http-cache.js';
import { PoliteHttpClient } from '../../../../functions/adapters/sources/http-client.js';
import { parseChallenge, parseOciReference } from '../../../../functions/adapters/sources/oci-reference.js';
import { OciRegistrySource } from '../../../../functions/adapters/sources/oci-source.js';
import type { OciSource } from '../../../../functions/core/config/source-schema.js';
import { BadResponseError, NotFoundError } from '../../../../functions/core/errors.js';
import type { FakeHttpServer } from '../../../support/fake-http-server.js';
import { startFakeOciRegistry, type FakeOciRegistryOptions } from '../../../support/fake-oci-registry.js';
import { FakeSecrets } from '../../../support/fake-secrets.js';

const servers: FakeHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const TAGS = ['1.0.0', '1.1.0', '1.10.0', '1.2.0', '1.9.0', 'latest'];

async function registry(extra: Partial<FakeOciRegistryOptions> = {}) {
  const server = await startFakeOciRegistry({ repositories: { 'acme/app': TAGS }, aliases: { latest: '1.10.0' }, maxPage: 4, ...extra });
  servers.push(server);
  return server;
}

const config = (server: FakeHttpServer, extra: Partial<OciSource> = {}): OciSource =>
  ({ type: 'oci', image: `${server.host}/acme/app`, insecure: true, ...extra });

describe('Class: OciRegistrySource', () => {
  describe('Method: list', () => {
    it('does the token handshake, follows Link pages and reads manifest digests', async () => {
      // Prepare
      const server = await registry();
      const oci = new OciRegistrySource({ http: new PoliteHttpClient(), pageSize: 4 });

      // Act
      const listing = await oci.list(config(server));

      // Assess
      const paths = server.requests.map((r) => `${r.method} ${r.url}`);
      expect(paths.slice(0, 4)).toEqual([
        'GET /v2/acme/app/tags/list?n=4',
        'GET /token?service=fake-registry&scope=repository%3Aacme%2Fapp%3Apull',
        'GET /v2/acme/app/tags/list?n=4',
        'GET /v2/acme/app/tags/list?last=1.2.0&n=4',
      ]);
      expect(server.tokensIssued()).toBe(1);
      expect(listing.releases.map((r) => r.version)).toEqual(TAGS);
      expect(listing.releases.every((r) => /^sha256:[0-9a-f]{64}$/.test(r.checksum ?? ''))).toBe(true);
      expect(server.requests.filter((r) => r.method === 'HEAD')[0]?.headers.accept).toContain('application/vnd.oci.image.index.v1+json');
      expect(listing.channels).toEqual({ latest: '1.10.0' });
      expect(listing.releases[0]?.url).toBe(`${server.host}/acme/app:1.0.0`);
    });

    it('sends the credentials secret as Basic auth to the token endpoint', async () => {
      // Prepare
      const server = await registry({ login: 'robot:pw' });
      const oci = new OciRegistrySource({ http: new PoliteHttpClient(), secrets: new FakeSecrets({ REG: 'robot:pw', BAD: 'robot:nope' }) });

      // Act
      const listing = await oci.list(config(server, { credentialsSecret: 'REG' }));
      const failure = oci.list(config(server, { credentialsSecret: 'BAD' }));

      // Assess
      expect(listing.releases).toHaveLength(TAGS.length);
      await expect(failure).rejects.toBeInstanceOf(BadResponseError);
      await expect(failure).rejects.toThrow(/check the secret "BAD"/);
    });

    it('looks digests up for the highest tags only, hashing the manifest when the header is missing', async () => {
      // Prepare
      const server = await registry({ omitDigestHeader: true });
      const oci = new OciRegistrySource({ http: new PoliteHttpClient(), maxDigests: 2 });

      // Act
      const listing = await oci.list(config(server));

      // Assess: 1.10.0 and 1.9.0 are highest by version order, plus latest for the channel.
      const withDigest = listing.releases.filter((r) => r.checksum !== undefined).map((r) => r.version);
      expect(withDigest.sort()).toEqual(['1.10.0', '1.9.0', 'latest']);
      expect(listing.channels).toEqual({ latest: '1.10.0' });
    });

    it('answers an unchanged second pass with 304s', async () => {
      // Prepare: the fake has no ETag on tag lists, so only manifests can be 304.
      const server = await registry();
      const http = new PoliteHttpClient({ cache: new MemoryHttpCache() });
      const oci = new OciRegistrySource({ http });

      // Act
      await oci.list(config(server));
      http.resetStats();
      const second = await oci.list(config(server));

      // Assess: the token is remembered, so no new handshake.
      expect(second.releases.map((r) => r.checksum)).toHaveLength(TAGS.length);
      expect(server.tokensIssued()).toBe(1);
      expect(http.stats().total.notModified).toBe(TAGS.length);
    });

    it('throws NotFoundError for an unknown repository', async () => {
      // Prepare
      const server = await registry();

      // Act / Assess
      await expect(new OciRegistrySource({ http: new PoliteHttpClient() }).list(config(server, { image: `${server.host}/acme/nope` })))
        .rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('Function: parseOciReference', () => {
    it('reads Docker Hub names without a host as registry-1.docker.io/library/…', () => {
      expect(parseOciReference('nginx', false)).toEqual({ baseUrl: 'https://registry-1.docker.io', registry: 'registry-1.docker.io', repository: 'library/nginx' });
      expect(parseOciReference('bitnami/redis', false).repository).toBe('bitnami/redis');
      expect(parseOciReference('docker.io/nginx', false).repository).toBe('library/nginx');
      expect(parseOciReference('localhost:5000/app', true)).toEqual({ baseUrl: 'http://localhost:5000', registry: 'localhost:5000', repository: 'app' });
      expect(parseOciReference('ghcr.io/org/team/app', false).repository).toBe('org/team/app');
    });
  });

  describe('Function: parseChallenge', () => {
    it('reads quoted and bare parameters', () => {
      expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"')).toEqual({
        scheme: 'bearer',
        params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' },
      });
      expect(parseChallenge('Basic realm=registry')).toEqual({ scheme: 'basic', params: { realm: 'registry' } });
      expect(parseChallenge(null)).toBeUndefined();
    });
  });
});
