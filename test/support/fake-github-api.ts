import { createHash } from 'node:crypto';
import { sendCacheable, sendJson, startFakeServer, type FakeHttpServer } from './fake-http-server.js';

/** A release as the fake publishes it (newest first, as GitHub lists them). */
export interface FakeGithubRelease {
  readonly tag: string;
  readonly publishedAt: string;
  readonly body?: string;
  readonly draft?: boolean;
  readonly prerelease?: boolean;
}

/** Options of {@link startFakeGithubApi}. */
export interface FakeGithubApiOptions {
  readonly repository: string;
  readonly releases: readonly FakeGithubRelease[];
  readonly tags?: readonly string[];
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  readonly token?: string;
}

/**
 * The GitHub REST API's `GET /repos/{owner}/{repo}/releases` and `/tags`: `per_page` and
 * `page` parameters, `Link` headers with `rel="next"` and `rel="last"`, ETags and 304s,
 * 401 with the GitHub error body when the token is wrong.
 */
export async function startFakeGithubApi(options: FakeGithubApiOptions): Promise<FakeHttpServer> {
  const server = await startFakeServer((req, res) => {
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      sendJson(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    const url = new URL(req.url ?? '/', server.url);
    const match = /^\/repos\/([^/]+\/[^/]+)\/(releases|tags)$/.exec(url.pathname);
    if (match?.[1] !== options.repository) {
      sendJson(res, 404, { message: 'Not Found' });
      return;
    }
    const all = match[2] === 'releases'
      ? options.releases.map((r, i) => ({
        id: i + 1, tag_name: r.tag, name: r.tag, body: r.body ?? null, draft: r.draft ?? false, prerelease: r.prerelease ?? false,
        created_at: r.publishedAt, published_at: r.draft === true ? null : r.publishedAt, html_url: `https://github.com/${options.repository}/releases/tag/${r.tag}`,
      }))
      : (options.tags ?? []).map((name) => ({ name, commit: { sha: createHash('sha1').update(name).digest('hex') } }));
    const perPage = Number(url.searchParams.get('per_page') ?? '30');
    const page = Number(url.searchParams.get('page') ?? '1');
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (p: number): string => {
      const target = new URL(url);
      target.searchParams.set('page', String(p));
      return target.toString();
    };
    const links = page < last ? `<${link(page + 1)}>; rel="next", <${link(last)}>; rel="last"` : `<${link(1)}>; rel="first"`;
    const body = JSON.stringify(all.slice((page - 1) * perPage, page * perPage));
    sendCacheable(req, res, `W/"${createHash('sha1').update(body).digest('hex')}"`, body, { 'content-type': 'application/json; charset=utf-8', link: links });
  });
  return server;
}
