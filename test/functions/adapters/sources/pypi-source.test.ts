import { afterEach, describe, expect, it } from 'vitest';
import { MemoryHttpCache } from '../../../../functions/adapters/local/memory-http-cache.js';
import { PoliteHttpClient } from '../../../../functions/adapters/sources/http-client.js';
import { OsvClient } from '../../../../functions/adapters/sources/osv.js';
import { PypiJsonSource } from '../../../../functions/adapters/sources/pypi-source.js';
import { NotFoundError } from '../../../../functions/core/errors.js';
import type { FakeHttpServer } from '../../../support/fake-http-server.js';
import { startFakeOsvApi } from '../../../support/fake-osv-api.js';
import { startFakePypiIndex } from '../../../support/fake-pypi-index.js';

const servers: FakeHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function index(): Promise<FakeHttpServer> {
  const server = await startFakePypiIndex({
    'my-lib': {
      '1.0': [
        { filename: 'my_lib-1.0-py3-none-any.whl', packagetype: 'bdist_wheel', uploadedAt: '2024-01-02T10:00:00.000Z' },
        { filename: 'my_lib-1.0.tar.gz', packagetype: 'sdist', uploadedAt: '2024-01-02T09:00:00.000Z' },
      ],
      '1.1': [{ filename: 'my_lib-1.1.tar.gz', packagetype: 'sdist', uploadedAt: '2024-02-01T00:00:00.000Z', yanked: true, yankedReason: 'broken on 3.12' }],
      '2.0rc1': [],
    },
  });
  servers.push(server);
  return server;
}

describe('Class: PypiJsonSource', () => {
  describe('Method: list', () => {
    it('reads upload times, sdist sha256 digests and yanked releases from the JSON API', async () => {
      // Prepare
      const server = await index();
      const http = new PoliteHttpClient({ cache: new MemoryHttpCache() });

      // Act: a non-normalised name is asked for by its canonical form.
      const listing = await new PypiJsonSource({ http }).list({ type: 'pypi', package: 'My_Lib', index: `${server.url}/pypi` });

      // Assess
      expect(server.requests[0]?.url).toBe('/pypi/my-lib/json');
      expect(listing.channels).toEqual({ latest: '2.0rc1' });
      const [v10, v11, rc] = listing.releases;
      expect(v10).toMatchObject({ version: '1.0', releasedAt: '2024-01-02T09:00:00.000Z', url: `${server.url}/project/my-lib/1.0/` });
      expect(v10?.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(v10?.yanked).toBeUndefined();
      expect(v11).toMatchObject({ version: '1.1', yanked: true, deprecated: 'broken on 3.12' });
      expect(rc).toEqual({ version: '2.0rc1', url: `${server.url}/project/my-lib/2.0rc1/` });
    });

    it('answers the second pass from the cache on a 304', async () => {
      // Prepare
      const server = await index();
      const pypi = new PypiJsonSource({ http: new PoliteHttpClient({ cache: new MemoryHttpCache() }) });
      const config = { type: 'pypi' as const, package: 'my-lib', index: `${server.url}/pypi` };

      // Act
      await pypi.list(config);
      const second = await pypi.list(config);

      // Assess
      expect(second.fromCache).toBe(true);
      expect(second.releases).toHaveLength(3);
    });

    it('throws NotFoundError for an unknown project', async () => {
      // Prepare
      const server = await index();

      // Act / Assess
      await expect(new PypiJsonSource({ http: new PoliteHttpClient() }).list({ type: 'pypi', package: 'nope', index: `${server.url}/pypi` }))
        .rejects.toBeInstanceOf(NotFoundError);
    });

    it('asks OSV with the PyPI ecosystem and matches ECOSYSTEM ranges', async () => {
      // Prepare
      const server = await index();
      const osvApi = await startFakeOsvApi([
        {
          id: 'PYSEC-2024-1',
          details: 'Header injection\nmore text',
          affected: [{ package: { ecosystem: 'PyPI', name: 'my-lib' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '1.1' }, { fixed: '2.0' }] }] }],
          severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
        },
      ]);
      servers.push(osvApi);
      const http = new PoliteHttpClient();

      // Act
      const listing = await new PypiJsonSource({ http, osv: new OsvClient(http) })
        .list({ type: 'pypi', package: 'my-lib', index: `${server.url}/pypi`, advisories: { osv: true, url: osvApi.url } });

      // Assess: 2.0rc1 is a pre-release of 2.0, so still before the fix.
      expect(listing.releases.map((r) => r.advisories?.map((a) => `${a.id}:${a.severity}`) ?? [])).toEqual([
        [], ['PYSEC-2024-1:CRITICAL'], ['PYSEC-2024-1:CRITICAL'],
      ]);
      expect(listing.releases[1]?.advisories?.[0]).toMatchObject({ summary: 'Header injection', affected: '>=1.1 <2.0', fixedIn: ['2.0'] });
    });
  });
});
