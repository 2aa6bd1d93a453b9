import { createHash } from 'node:crypto';
import { sendCacheable, startFakeServer, type FakeHttpServer } from './fake-http-server.js';

/** Options of {@link startFakeMavenRepository}. */
export interface FakeMavenRepositoryOptions {
  /** `group/path/artifactId` → the maven-metadata.xml to serve. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Versions whose POM has a `.sha256` (the others have only `.sha1`). */
  readonly sha256?: readonly string[];
  /** `user:password` required as Basic auth, when set. */
  readonly basicAuth?: string;
}

/**
 * A Maven 2 layout repository: `<group path>/<artifactId>/maven-metadata.xml` with ETags, and
 * `<version>/<artifactId>-<version>.pom.sha1|.sha256` (sha256 only for the listed versions)
 * with `Last-Modified`, the way Maven Central and Nexus serve them.
 */
export async function startFakeMavenRepository(options: FakeMavenRepositoryOptions): Promise<FakeHttpServer> {
  return startFakeServer((req, res) => {
    const expected = options.basicAuth === undefined ? undefined : `Basic ${Buffer.from(options.basicAuth).toString('base64')}`;
    if (expected !== undefined && req.headers.authorization !== expected) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="maven"' });
      res.end();
      return;
    }
    const path = (req.url ?? '/').slice(1);
    const metadata = path.endsWith('/maven-metadata.xml') ? options.metadata[path.slice(0, -'/maven-metadata.xml'.length)] : undefined;
    if (metadata !== undefined) {
      sendCacheable(req, res, `"${createHash('sha1').update(metadata).digest('hex')}"`, metadata, { 'content-type': 'application/xml' });
      return;
    }
    const pom = /\/([^/]+)\/[^/]+-\1\.pom\.(sha1|sha256)$/.exec(path);
    const version = pom?.[1];
    if (pom !== null && version !== undefined && (pom[2] === 'sha1' || options.sha256?.includes(version) === true)) {
      const sum = createHash(pom[2] === 'sha1' ? 'sha1' : 'sha256').update(`pom of ${version}`).digest('hex');
      res.writeHead(200, { 'content-type': 'text/plain', 'last-modified': 'Tue, 05 Mar 2024 10:00:00 GMT' });
      res.end(`${sum}  ${path.split('/').at(-1) ?? ''}\n`);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not Found');
  });
}
