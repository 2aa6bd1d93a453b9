import { createHash } from 'node:crypto';
import { sendJson, startFakeServer, type FakeHttpServer } from './fake-http-server.js';

/** Options of {@link startFakeOciRegistry}. */
export interface FakeOciRegistryOptions {
  /** Repository name → tags, in the order the registry lists them (lexical, as distribution does). */
  readonly repositories: Readonly<Record<string, readonly string[]>>;
  /** Tags that point at the same manifest as another tag: tag → other tag. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** `user:password` the token endpoint requires as Basic auth; anonymous pulls when unset. */
  readonly login?: string;
  /** Largest page the registry sends, whatever `n` asks for. */
  readonly maxPage?: number;
  /** Leave `Docker-Content-Digest` out of manifest answers (some registries do). */
  readonly omitDigestHeader?: boolean;
}

/**
 * A registry speaking the OCI distribution API with token auth: every `/v2/` request without
 * a valid bearer token gets `401` + `WWW-Authenticate: Bearer realm="<self>/token",service=…,
 * scope=…`; `/token` hands out tokens (checking Basic credentials when `login` is set);
 * `tags/list` pages with `n`/`last` and a relative `Link` header; manifests answer HEAD and GET
 * with `Docker-Content-Digest`, the media type asked for, and 304 on a matching `If-None-Match`.
 */
export async function startFakeOciRegistry(options: FakeOciRegistryOptions): Promise<FakeHttpServer & { readonly tokensIssued: () => number }> {
  const tokens = new Set<string>();
  const server = await startFakeServer((req, res) => {
    const url = new URL(req.url ?? '/', server.url);
    if (url.pathname === '/token') {
      const basic = options.login === undefined ? undefined : `Basic ${Buffer.from(options.login).toString('base64')}`;
      if (basic !== undefined && req.headers.authorization !== basic) {
        sendJson(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] });
        return;
      }
      const token = `tok-${tokens.size + 1}-${url.searchParams.get('scope') ?? ''}`;
      tokens.add(token);
      sendJson(res, 200, { token, expires_in: 300, issued_at: new Date().toISOString() });
      return;
    }
    const auth = req.headers.authorization ?? '';
    const match = /^\/v2\/(.+)\/(tags\/list|manifests\/([^/]+))$/.exec(url.pathname);
    const name = match?.[1];
    if (!tokens.has(auth.replace(/^Bearer /, ''))) {
      const scope = name === undefined ? '' : `,scope="repository:${name}:pull"`;
      sendJson(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': `Bearer realm="${server.url}/token",service="fake-registry"${scope}` });
      return;
    }
    const tags = name === undefined ? undefined : options.repositories[name];
    if (match === null || tags === undefined) {
      sendJson(res, 404, { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] });
      return;
    }
    if (match[2] === 'tags/list') {
      const n = Math.min(Number(url.searchParams.get('n') ?? '100'), options.maxPage ?? Infinity);
      const last = url.searchParams.get('last');
      const start = last === null ? 0 : tags.indexOf(last) + 1;
      const page = tags.slice(start, start + n);
      const more = start + n < tags.length && page.length > 0;
      const link: Record<string, string> = more ? { link: `</v2/${name}/tags/list?last=${encodeURIComponent(page.at(-1) ?? '')}&n=${n}>; rel="next"` } : {};
      sendJson(res, 200, { name, tags: page }, link);
      return;
    }
    const tag = decodeURIComponent(match[3] ?? '');
    if (!tags.includes(tag)) {
      sendJson(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN' }] });
      return;
    }
    const type = String(req.headers.accept ?? '').includes('application/vnd.oci.image.index.v1+json')
      ? 'application/vnd.oci.image.index.v1+json'
      : 'application/vnd.docker.distribution.manifest.v2+json';
    const body = JSON.stringify({ schemaVersion: 2, mediaType: type, manifests: [], tag: options.aliases?.[tag] ?? tag });
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    if (req.headers['if-none-match'] === `"${digest}"`) {
      res.writeHead(304, { etag: `"${digest}"` });
      res.end();
      return;
    }
    res.writeHead(200, {
      'content-type': type, 'content-length': String(Buffer.byteLength(body)), etag: `"${digest}"`,
      ...(options.omitDigestHeader === true ? {} : { 'docker-content-digest': digest }),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return Object.assign(server, { tokensIssued: () => tokens.size });
}
