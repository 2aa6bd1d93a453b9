import type { GithubReleaseSource } from '../../core/config/source-schema.js';
import type { ReleaseInfo } from '../../core/types.js';
import type { Secrets } from '../../ports/secrets.js';
import type { SourceListing, VersionSource } from '../../ports/version-source.js';
import { authorization } from './credentials.js';
import type { PoliteHttpClient } from './http-client.js';
import { expectArray, isObject, isoInstant, str } from './json-shape.js';
import { parseLinkHeader } from './link-header.js';

/**
 * A release with GitHub's prerelease flag. `ReleaseInfo` has no field for it yet, and a
 * release marked prerelease may carry a plain version (`2.0.0`), so the flag travels with it.
 */
export type GithubRelease = ReleaseInfo & { readonly prerelease?: boolean };

/** Collaborators and options of {@link GithubReleasesSource}. */
export interface GithubReleasesSourceOptions {
  readonly http: PoliteHttpClient;
  /** @default - sources with `tokenSecret` fail */
  readonly secrets?: Secrets;
  /** @default 10 - pages of 100 followed per list (1,000 releases), newest first */
  readonly maxPages?: number;
}

/**
 * Versions of a GitHub repository from the REST API (`GET /repos/{owner}/{repo}/releases`,
 * and `/tags` when `includeTags`): Link-header pagination, drafts skipped, prereleases
 * flagged, release notes as changelog, `published_at` as release date. The tag name is the
 * version as published (`v1.2.3` stays `v1.2.3`), as for git sources without a tagPattern.
 * Conditional requests keep polling cheap: GitHub does not count 304s against the rate limit.
 *
 * @example
 * ```ts
 * const gh = new GithubReleasesSource({ http, secrets });
 * await gh.list({ type: 'github-release', repository: 'nodejs/node', api: 'https://api.github.com', includeTags: false });
 * ```
 */
export class GithubReleasesSource implements VersionSource<GithubReleaseSource> {
  public readonly type = 'github-release' as const;

  public constructor(private readonly options: GithubReleasesSourceOptions) {}

  public async list(source: GithubReleaseSource, options: { readonly signal?: AbortSignal } = {}): Promise<SourceListing> {
    const base = `${source.api.replace(/\/+$/, '')}/repos/${source.repository}`;
    const headers = {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      ...(await authorization(this.options.secrets, source.tokenSecret)),
    };
    const read = (url: string): Promise<{ items: unknown[]; fromCache: boolean }> =>
      this.#pages(url, headers, source.tokenSecret, options.signal);

    const listed = await read(`${base}/releases?per_page=100`);
    const releases: GithubRelease[] = [];
    let latest: { version: string; at: string } | undefined;
    for (const item of listed.items) {
      if (!isObject(item) || item.draft === true) continue;
      const version = str(item.tag_name);
      if (version === undefined) continue;
      const releasedAt = isoInstant(item.published_at) ?? isoInstant(item.created_at);
      const changelog = str(item.body);
      const url = str(item.html_url);
      const prerelease = item.prerelease === true;
      releases.push({
        version,
        ...(releasedAt === undefined ? {} : { releasedAt }),
        ...(changelog === undefined ? {} : { changelog }),
        ...(url === undefined ? {} : { url }),
        ...(prerelease ? { prerelease } : {}),
      });
      if (!prerelease && releasedAt !== undefined && (latest === undefined || releasedAt > latest.at)) latest = { version, at: releasedAt };
    }
    let fromCache = listed.fromCache;
    if (source.includeTags) {
      const tags = await read(`${base}/tags?per_page=100`);
      fromCache &&= tags.fromCache;
      const known = new Set(releases.map((release) => release.version));
      for (const tag of tags.items) {
        const name = isObject(tag) ? str(tag.name) : undefined;
        if (name === undefined || known.has(name)) continue;
        const sha = isObject(tag) && isObject(tag.commit) ? str(tag.commit.sha) : undefined;
        releases.push({ version: name, ...(sha === undefined ? {} : { url: `https://github.com/${source.repository}/tree/${sha}` }) });
      }
    }
    return { releases, fromCache, ...(latest === undefined ? {} : { channels: { latest: latest.version } }) };
  }

  /** Every item of a paginated list, following `Link: <…>; rel="next"`. */
  async #pages(first: string, headers: Record<string, string>, secretName: string | undefined, signal?: AbortSignal) {
    const items: unknown[] = [];
    let fromCache = true;
    let url: string | undefined = first;
    for (let page = 0; url !== undefined && page < (this.options.maxPages ?? 10); page += 1) {
      const { data, response } = await this.options.http.getJson({ url, headers, secretName, signal, conditional: true });
      items.push(...expectArray(data, url, 'the list'));
      fromCache &&= response.fromCache;
      url = parseLinkHeader(response.headers.get('link'), url).next;
    }
    return { items, fromCache };
  }
}
