import { afterEach, describe, expect, it } from 'vitest';
import { MemoryHttpCache } from '../../../../functions/adapters/local/memory-http-cache.js';
import { GithubReleasesSource } from '../../../../functions/adapters/sources/github-release-source.js';
import { PoliteHttpClient } from '../../../../functions/adapters/sources/http-client.js';
import type { GithubReleaseSource } from '../../../../functions/core/config/source-schema.js';
import { BadResponseError } from '../../../../functions/core/errors.js';
import type { FakeHttpServer } from '../../../support/fake-http-server.js';
import { startFakeGithubApi, type FakeGithubRelease } from '../../../support/fake-github-api.js';
import { FakeSecrets } from '../../../support/fake-secrets.js';

const servers: FakeHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

// 250 releases, newest first: three pages of 100; the newest is a draft, the next a prerelease.
const RELEASES: FakeGithubRelease[] = Array.from({ length: 250 }, (_, i) => {
  const n = 250 - i;
  return {
    tag: `v1.${n}.0`,
    publishedAt: new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString(),
    body: `Notes for ${n}`,
    draft: n === 250,
    prerelease: n === 249,
  };
});

async function api(token = 'ghp_test'): Promise<FakeHttpServer> {
  const server = await startFakeGithubApi({ repository: 'acme/app', releases: RELEASES, tags: ['v1.248.0', 'v0.9.0', 'nightly'], token });
  servers.push(server);
  return server;
}

function config(server: FakeHttpServer, extra: Partial<GithubReleaseSource> = {}): GithubReleaseSource {
  return { type: 'github-release', repository: 'acme/app', api: server.url, tokenSecret: 'GITHUB_TOKEN', includeTags: false, ...extra };
}

const secrets = new FakeSecrets({ GITHUB_TOKEN: 'ghp_test', STALE: 'ghp_old' });

describe('Class: GithubReleasesSource', () => {
  describe('Method: list', () => {
    it('follows Link pagination, skips drafts and flags prereleases', async () => {
      // Prepare
      const server = await api();
      const github = new GithubReleasesSource({ http: new PoliteHttpClient(), secrets });

      // Act
      const listing = await github.list(config(server));

      // Assess
      expect(server.requests.map((r) => new URL(r.url, server.url).searchParams.get('page'))).toEqual([null, '2', '3']);
      expect(server.requests[0]?.headers.authorization).toBe('Bearer ghp_test');
      expect(server.requests[0]?.headers['x-github-api-version']).toBe('2022-11-28');
      expect(listing.releases).toHaveLength(249);
      expect(listing.releases.some((r) => r.version === 'v1.250.0')).toBe(false);
      expect(listing.releases[0]).toMatchObject({ version: 'v1.249.0', prerelease: true, changelog: 'Notes for 249' });
      expect(listing.releases[1]).toMatchObject({ version: 'v1.248.0', releasedAt: RELEASES[2]?.publishedAt, url: 'https://github.com/acme/app/releases/tag/v1.248.0' });
      expect(listing.channels).toEqual({ latest: 'v1.248.0' });
    });

    it('adds tags without a release when includeTags is set', async () => {
      // Prepare
      const server = await api();

      // Act
      const listing = await new GithubReleasesSource({ http: new PoliteHttpClient(), secrets }).list(config(server, { includeTags: true }));

      // Assess
      const tagOnly = listing.releases.slice(249).map((r) => r.version);
      expect(tagOnly).toEqual(['v0.9.0', 'nightly']);
    });

    it('keeps pagination working when every page answers 304', async () => {
      // Prepare
      const server = await api();
      const http = new PoliteHttpClient({ cache: new MemoryHttpCache() });
      const github = new GithubReleasesSource({ http, secrets });

      // Act
      await github.list(config(server));
      const second = await github.list(config(server));

      // Assess
      expect(second.fromCache).toBe(true);
      expect(second.releases).toHaveLength(249);
      expect(http.stats().total.notModified).toBe(3);
    });

    it('names the token secret on 401 Bad credentials', async () => {
      // Prepare
      const server = await api();

      // Act
      const failure = new GithubReleasesSource({ http: new PoliteHttpClient(), secrets }).list(config(server, { tokenSecret: 'STALE' }));

      // Assess
      await expect(failure).rejects.toBeInstanceOf(BadResponseError);
      await expect(failure).rejects.toThrow(/check the secret "STALE"/);
    });
  });
});
