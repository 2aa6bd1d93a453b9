import { afterEach, describe, expect, it } from 'vitest';
import { MemoryHttpCache } from '../../../../functions/adapters/local/memory-http-cache.js';
import { PoliteHttpClient } from '../../../../functions/adapters/sources/http-client.js';
import { MavenRepositorySource, parseMavenMetadata } from '../../../../functions/adapters/sources/maven-source.js';
import type { MavenSource } from '../../../../functions/core/config/source-schema.js';
import { BadResponseError } from '../../../../functions/core/errors.js';
import type { FakeHttpServer } from '../../../support/fake-http-server.js';
import { startFakeMavenRepository } from '../../../support/fake-maven-repository.js';
import { FakeSecrets } from '../../../support/fake-secrets.js';

const servers: FakeHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const METADATA = `<?xml version="1.0" encoding="UTF-8"?>
<!-- written by a repository manager; <version>9.9.9</version> in a comment is not a version -->
<metadata modelVersion="1.1.0">
  <groupId>org.acme</groupId>
  <artifactId>core</artifactId>
  <versioning>
    <latest>2.0.0-SNAPSHOT</latest>
    <release>1.2.0</release>
    <versions>
      <version>1.0.0</version>
      <version> 1.1.0 </version>
      <version><![CDATA[1.2.0]]></version>
      <version>2.0.0-SNAPSHOT</version>
    </versions>
    <lastUpdated>20240305100000</lastUpdated>
  </versioning>
</metadata>`;

async function repository(basicAuth?: string): Promise<FakeHttpServer> {
  const server = await startFakeMavenRepository({ metadata: { 'org/acme/core': METADATA, 'org/acme/html': '<html>oops</html>' }, sha256: ['1.2.0'], basicAuth });
  servers.push(server);
  return server;
}

const config = (server: FakeHttpServer, extra: Partial<MavenSource> = {}): MavenSource =>
  ({ type: 'maven', repository: `${server.url}/`, groupId: 'org.acme', artifactId: 'core', ...extra });

describe('Class: MavenRepositorySource', () => {
  describe('Method: list', () => {
    it('lists the versions of maven-metadata.xml with lastUpdated as the newest release date', async () => {
      // Prepare
      const server = await repository();

      // Act
      const listing = await new MavenRepositorySource({ http: new PoliteHttpClient() }).list(config(server));

      // Assess
      expect(server.requests.map((r) => r.url)).toEqual(['/org/acme/core/maven-metadata.xml']);
      expect(listing.releases.map((r) => r.version)).toEqual(['1.0.0', '1.1.0', '1.2.0', '2.0.0-SNAPSHOT']);
      expect(listing.releases[2]).toMatchObject({ releasedAt: '2024-03-05T10:00:00.000Z', url: `${server.url}/org/acme/core/1.2.0/core-1.2.0.pom` });
      expect(listing.releases[0]?.releasedAt).toBeUndefined();
      expect(listing.channels).toEqual({ latest: '2.0.0-SNAPSHOT', release: '1.2.0' });
    });

    it('reads the POM sha256, falling back to sha1, when checksums are asked for', async () => {
      // Prepare
      const server = await repository();

      // Act
      const listing = await new MavenRepositorySource({ http: new PoliteHttpClient(), checksums: 'all' }).list(config(server));

      // Assess
      expect(listing.releases[2]?.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(listing.releases[0]?.checksum).toMatch(/^sha1:[0-9a-f]{40}$/);
      expect(listing.releases[0]?.releasedAt).toBe('2024-03-05T10:00:00.000Z');
    });

    it('sends user:password secrets as Basic auth and answers 304s from the cache', async () => {
      // Prepare
      const server = await repository('deploy:hunter2');
      const maven = new MavenRepositorySource({ http: new PoliteHttpClient({ cache: new MemoryHttpCache() }), secrets: new FakeSecrets({ MAVEN: 'deploy:hunter2' }) });

      // Act
      await maven.list(config(server, { credentialsSecret: 'MAVEN' }));
      const second = await maven.list(config(server, { credentialsSecret: 'MAVEN' }));

      // Assess
      expect(second.fromCache).toBe(true);
      expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('deploy:hunter2').toString('base64')}`);
    });

    it('rejects a 200 that is not maven metadata', async () => {
      // Prepare
      const server = await repository();

      // Act / Assess
      await expect(new MavenRepositorySource({ http: new PoliteHttpClient() }).list(config(server, { artifactId: 'html' })))
        .rejects.toThrow(BadResponseError);
    });
  });

  describe('Function: parseMavenMetadata', () => {
    it('tolerates namespace prefixes, attributes and entities', () => {
      // Prepare
      const xml = '<m:metadata xmlns:m="urn:x"><m:versioning><m:versions><m:version id="a">1.0&#46;0</m:version><m:version>1.0-beta&amp;1</m:version></m:versions></m:versioning></m:metadata>';

      // Act
      const metadata = parseMavenMetadata(xml, 'http://x/maven-metadata.xml');

      // Assess
      expect(metadata).toEqual({ versions: ['1.0.0', '1.0-beta&1'] });
    });

    it('rejects metadata without versions', () => {
      // Act / Assess
      expect(() => parseMavenMetadata('<metadata><versioning/></metadata>', 'http://x/m.xml')).toThrow(/lists no <versions><version> entries/);
    });
  });
});
