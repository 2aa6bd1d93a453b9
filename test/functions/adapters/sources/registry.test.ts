import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MemoryHttpCache } from '../../../../functions/adapters/local/memory-http-cache.js';
import { PoliteHttpClient } from '../../../../functions/adapters/sources/http-client.js';
import { createVersionSources, listAll, recordError, type WatchedComponent } from '../../../../functions/adapters/sources/registry.js';
import { TransientError } from '../../../../functions/core/errors.js';
import { sendJson, startFakeServer, type FakeHttpServer } from '../../../support/fake-http-server.js';
import { startFakeNpmRegistry } from '../../../support/fake-npm-registry.js';

let npm: FakeHttpServer;
let broken: FakeHttpServer;
beforeAll(async () => {
  npm = await startFakeNpmRegistry({ packages: { good: [{ version: '1.0.0', publishedAt: '2024-01-01T00:00:00Z' }] } });
  // One peer that misbehaves in every way the issue lists, chosen by path.
  broken = await startFakeServer((req, res) => {
    if (req.url === '/malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"versions": {"1.0.0": ');
    } else if (req.url === '/truncated') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"name":"t","versions":{"9.9.9":{}');
      setTimeout(() => res.socket?.destroy(), 10);
    } else if (req.url === '/slow') {
      setTimeout(() => sendJson(res, 200, { versions: ['1'] }), 2_000);
    } else if (req.url === '/down') {
      sendJson(res, 500, { error: 'boom' });
    } else sendJson(res, 404, {});
  });
});
afterAll(async () => {
  await Promise.all([npm.close(), broken.close()]);
});

describe('Function: listAll', () => {
  it('lists every component and records each failure without stopping the others', async () => {
    // Prepare
    const http = new PoliteHttpClient({ cache: new MemoryHttpCache(), timeoutMs: 200, maxRetries: 1, baseDelayMs: 5 });
    const sources = createVersionSources({ http });
    const json = (name: string, path: string): WatchedComponent => ({ name, source: { type: 'http-json', url: `${broken.url}${path}`, versionsPath: 'versions' } });
    const components: WatchedComponent[] = [
      json('malformed', '/malformed'),
      { name: 'good', source: { type: 'npm', package: 'good', registry: npm.url } },
      json('truncated', '/truncated'),
      json('slow', '/slow'),
      json('down', '/down'),
      json('missing', '/missing'),
      { name: 'git-missing', source: { type: 'git', url: '/nonexistent/repo.git', verifySignatures: false } },
    ];

    // Act
    const results = await listAll(components, sources, { concurrency: 4 });

    // Assess
    expect(results.map((r) => [r.component, r.ok ? 'ok' : r.error.name])).toEqual([
      ['malformed', 'BadResponseError'],
      ['good', 'ok'],
      ['truncated', 'BadResponseError'],
      ['slow', 'TransientError'],
      ['down', 'TransientError'],
      ['missing', 'NotFoundError'],
      ['git-missing', 'NotFoundError'],
    ]);
    const good = results[1];
    expect(good?.ok === true ? good.listing.releases.map((r) => r.version) : []).toEqual(['1.0.0']);
    const malformed = results[0];
    expect(malformed?.ok === false ? malformed.error.message : '').toContain(`${broken.url}/malformed answered malformed JSON`);
  });

  it('records a component that exceeds its time budget as a TransientError', async () => {
    // Prepare
    const http = new PoliteHttpClient({ timeoutMs: 5_000 });

    // Act
    const [result] = await listAll(
      [{ name: 'slow', source: { type: 'http-json', url: `${broken.url}/slow`, versionsPath: 'versions' } }],
      createVersionSources({ http }),
      { componentTimeoutMs: 100 },
    );

    // Assess
    expect(result?.ok === false ? result.error : undefined).toMatchObject({ name: 'TransientError', message: 'listing slow took longer than 100 ms' });
  });
});

describe('Function: recordError', () => {
  it('keeps the name, message and context of Upkeep errors and survives non-errors', () => {
    expect(recordError(new TransientError('x', { context: { url: 'u' } }))).toEqual({ name: 'TransientError', message: 'x', context: { url: 'u' } });
    expect(recordError('plain')).toEqual({ name: 'Error', message: 'plain' });
  });
});

describe('Function: createVersionSources', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('leaves out the sources a bundle omits: their listings fail naming the function that lists them', async () => {
    // Prepare: what esbuild's define does in a per-type list-versions bundle, here at run time.
    vi.stubEnv('UPKEEP_OMIT_SOURCE_MAVEN', 'true');
    const sources = createVersionSources({ http: new PoliteHttpClient({ cache: new MemoryHttpCache() }) });

    // Act
    const [good, maven] = await listAll([
      { name: 'good', source: { type: 'npm', package: 'good', registry: npm.url } },
      { name: 'lib', source: { type: 'maven', repository: npm.url, groupId: 'org.example', artifactId: 'lib' } },
    ], (type) => sources[type]);

    // Assess
    expect(good?.ok).toBe(true);
    expect(maven?.ok === false ? maven.error : undefined).toEqual({ name: 'Error', message: 'the maven source is not bundled into this function: maven sources are listed by the maven list-versions function' });
  });
});
