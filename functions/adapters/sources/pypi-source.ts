import type { PypiSource } from '../../core/config/source-schema.js';
import type { ReleaseInfo } from '../../core/types.js';
import type { SourceListing, VersionSource } from '../../ports/version-source.js';
import type { PoliteHttpClient } from './http-client.js';
import { expectObject, isObject, isoInstant, str, type JsonObject } from './json-shape.js';
import { normalisePypiName, type OsvClient } from './osv.js';

/** Collaborators of {@link PypiJsonSource}. */
export interface PypiJsonSourceOptions {
  readonly http: PoliteHttpClient;
  /** @default - sources with `advisories.osv` fail */
  readonly osv?: OsvClient;
}

/**
 * Versions of a Python project from the PyPI JSON API (`<index>/<project>/json`,
 * https://docs.pypi.org/api/json/): the earliest file upload as release date, the sdist's
 * sha256 (else the first file's) as checksum, and PEP 592 yanking — a release is yanked only
 * when every one of its files is, and the yank reason becomes `deprecated`.
 *
 * @example
 * ```ts
 * const pypi = new PypiJsonSource({ http });
 * const { releases } = await pypi.list({ type: 'pypi', package: 'requests', index: 'https://pypi.org/pypi' });
 * ```
 */
export class PypiJsonSource implements VersionSource<PypiSource> {
  public readonly type = 'pypi' as const;

  public constructor(private readonly options: PypiJsonSourceOptions) {}

  public async list(source: PypiSource, options: { readonly signal?: AbortSignal } = {}): Promise<SourceListing> {
    // The normalised name is the canonical URL: asking for it saves PyPI's redirect.
    const name = normalisePypiName(source.package);
    const url = `${source.index.replace(/\/+$/, '')}/${encodeURIComponent(name)}/json`;
    const { data, response } = await this.options.http.getJson({
      url, conditional: true, signal: options.signal, headers: { accept: 'application/json' },
    });
    const doc = expectObject(data, url, 'the project document');
    const files = expectObject(doc.releases, url, '"releases"');
    const info = isObject(doc.info) ? doc.info : {};
    const projectPage = str(info.package_url) ?? str(info.project_url);
    let releases = Object.entries(files).map(([version, list]) => toRelease(version, Array.isArray(list) ? list.filter(isObject) : [], projectPage));
    if (source.advisories?.osv === true) {
      if (this.options.osv === undefined) throw new Error(`pypi source ${source.package} asks for OSV advisories but no OsvClient was given`);
      releases = await this.options.osv.annotate(releases, 'PyPI', name, source.advisories.url, options.signal);
    }
    const latest = str(info.version);
    return { releases, fromCache: response.fromCache, ...(latest === undefined ? {} : { channels: { latest } }) };
  }
}

function toRelease(version: string, files: readonly JsonObject[], projectPage: string | undefined): ReleaseInfo {
  const uploads = files
    .map((file) => isoInstant(file.upload_time_iso_8601) ?? isoInstant(withZone(file.upload_time)))
    .filter((time): time is string => time !== undefined)
    .sort();
  const sdist = files.find((file) => file.packagetype === 'sdist') ?? files[0];
  const sha256 = sdist !== undefined && isObject(sdist.digests) ? str(sdist.digests.sha256) : undefined;
  const yanked = files.length > 0 && files.every((file) => file.yanked === true);
  const reason = yanked ? files.map((file) => str(file.yanked_reason)).find((r) => r !== undefined) : undefined;
  return {
    version,
    ...(uploads[0] === undefined ? {} : { releasedAt: uploads[0] }),
    ...(sha256 === undefined ? {} : { checksum: `sha256:${sha256}` }),
    ...(projectPage === undefined ? {} : { url: `${projectPage.replace(/\/?$/, '/')}${encodeURIComponent(version)}/` }),
    ...(yanked ? { yanked: true } : {}),
    ...(reason === undefined ? {} : { deprecated: reason }),
  };
}

/** The legacy `upload_time` has no zone; PyPI means UTC. */
function withZone(value: unknown): unknown {
  return typeof value === 'string' && !/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? `${value}Z` : value;
}
