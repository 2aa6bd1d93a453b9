import { createHash } from 'node:crypto';
import { sendCacheable, sendJson, startFakeServer, type FakeHttpServer } from './fake-http-server.js';

/** One version as the fake publishes it. */
export interface FakeNpmVersion {
  readonly version: string;
  readonly publishedAt: string;
  readonly deprecated?: string;
}

/** Options of {@link startFakeNpmRegistry}. */
export interface FakeNpmRegistryOptions {
  /** Package name → versions. */
  readonly packages: Readonly<Record<string, readonly FakeNpmVersion[]>>;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  readonly token?: string;
}

/**
 * A registry speaking the npm registry API's packument endpoint (`GET /<name>`, scoped names
 * as `/@scope%2fname`): the abbreviated document for `Accept: application/vnd.npm.install-v1+json`
 * (no `time`, only `modified`), the full one otherwise, strong ETags and 304s.
 */
export async function startFakeNpmRegistry(options: FakeNpmRegistryOptions): Promise<FakeHttpServer> {
  const server = await startFakeServer((req, res) => {
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      sendJson(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer realm="npm"' });
      return;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    // npm clients send `@scope%2fname`; the real registry also accepts a literal slash.
    const name = decodeURIComponent(path.slice(1));
    const versions = options.packages[name];
    if (versions === undefined) {
      sendJson(res, 404, { error: 'Not found' });
      return;
    }
    const abbreviated = String(req.headers.accept ?? '').includes('application/vnd.npm.install-v1+json');
    const newest = versions.at(-1);
    const doc = abbreviated ? abbreviatedDoc(server.url, name, versions) : fullDoc(server.url, name, versions);
    const body = JSON.stringify(doc);
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    sendCacheable(req, res, etag, body, {
      'content-type': abbreviated ? 'application/vnd.npm.install-v1+json' : 'application/json',
      ...(newest === undefined ? {} : { 'last-modified': new Date(newest.publishedAt).toUTCString() }),
    });
  });
  return server;
}

function manifest(base: string, name: string, v: FakeNpmVersion): Record<string, unknown> {
  const tarball = `${base}/${name}/-/${name.split('/').at(-1) ?? name}-${v.version}.tgz`;
  const integrity = `sha512-${createHash('sha512').update(`${name}@${v.version}`).digest('base64')}`;
  const shasum = createHash('sha1').update(`${name}@${v.version}`).digest('hex');
  return { name, version: v.version, dist: { integrity, shasum, tarball }, ...(v.deprecated === undefined ? {} : { deprecated: v.deprecated }) };
}

function abbreviatedDoc(base: string, name: string, versions: readonly FakeNpmVersion[]): Record<string, unknown> {
  return {
    name,
    modified: versions.at(-1)?.publishedAt,
    'dist-tags': { latest: versions.at(-1)?.version },
    versions: Object.fromEntries(versions.map((v) => [v.version, manifest(base, name, v)])),
  };
}

function fullDoc(base: string, name: string, versions: readonly FakeNpmVersion[]): Record<string, unknown> {
  return {
    ...abbreviatedDoc(base, name, versions),
    readme: `# ${name}`,
    time: { created: versions[0]?.publishedAt, modified: versions.at(-1)?.publishedAt, ...Object.fromEntries(versions.map((v) => [v.version, v.publishedAt])) },
  };
}
