import type { NpmSource } from '../../core/config/source-schema.js';
import { BadResponseError } from '../../core/errors.js';
import type { ReleaseInfo } from '../../core/types.js';
import type { Secrets } from '../../ports/secrets.js';
import type { SourceListing, VersionSource } from '../../ports/version-source.js';
import { authorization } from './credentials.js';
import type { HttpRequest, PoliteHttpClient } from './http-client.js';
import { expectObject, isObject, isoInstant, str, type JsonObject } from './json-shape.js';
import type { OsvClient } from './osv.js';

/** The abbreviated ("corgi") packument: everything an installer needs, no readme, no `time`. */
export const NPM_ABBREVIATED = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*';
const NPM_FULL = 'application/json';

/**
 * Which packument to read.
 * - `abbreviated` (default): one small document per package, the cheapest detection; it has
 *   no per-version `time`, so `releasedAt` is set only when the registry includes `time`
 *   anyway (some do), never guessed from `modified`.
 * - `full`: the full packument, with `time` for every version; often 10–100× larger.
 * - `auto`: abbreviated, plus the full packument only when the abbreviated one changed (a 200,
 *   not a 304) and lacks `time`; a 304 reuses the cached full packument without a request.
 */
export type NpmMetadata = 'abbreviated' | 'full' | 'auto';

/** Collaborators and options of {@link NpmRegistrySource}. */
export interface NpmRegistrySourceOptions {
  readonly http: PoliteHttpClient;
  /** @default - sources with `tokenSecret` fail */
  readonly secrets?: Secrets;
  /** @default - sources with `advisories.osv` fail */
  readonly osv?: OsvClient;
  /** @default 'abbreviated' */
  readonly metadata?: NpmMetadata;
}

/**
 * Versions of an npm package from any registry speaking the npm registry API
 * (registry.npmjs.org, Verdaccio, Artifactory, GitHub Packages): dist-tags as channels,
 * `dist.integrity` (or `sha1:` of `dist.shasum`) as checksum, deprecations, tarball URLs,
 * release dates (see {@link NpmMetadata}), and OSV advisories when the source enables them.
 *
 * @example
 * ```ts
 * const npm = new NpmRegistrySource({ http, secrets, metadata: 'auto' });
 * const { releases, channels } = await npm.list({ type: 'npm', package: '@scope/app', registry: 'https://registry.npmjs.org' });
 * ```
 */
export class NpmRegistrySource implements VersionSource<NpmSource> {
  public readonly type = 'npm' as const;

  public constructor(private readonly options: NpmRegistrySourceOptions) {}

  public async list(source: NpmSource, options: { readonly signal?: AbortSignal } = {}): Promise<SourceListing> {
    const { http } = this.options;
    const url = packumentUrl(source.registry, source.package);
    const headers = await authorization(this.options.secrets, source.tokenSecret);
    const request = (accept: string): HttpRequest => ({
      url, conditional: true, signal: options.signal, secretName: source.tokenSecret, headers: { ...headers, accept },
    });
    const mode = this.options.metadata ?? 'abbreviated';
    const first = await http.getJson(request(mode === 'full' ? NPM_FULL : NPM_ABBREVIATED));
    const doc = expectObject(first.data, url, 'the packument');
    let time = isObject(doc.time) ? doc.time : undefined;
    if (mode === 'auto' && time === undefined) {
      const fullRequest = request(NPM_FULL);
      const cached = first.response.fromCache ? await http.cachedBody(fullRequest) : undefined;
      const full = cached === undefined ? (await http.getJson(fullRequest)).data : parseCached(cached, url);
      const fullTime = expectObject(full, url, 'the full packument').time;
      time = isObject(fullTime) ? fullTime : undefined;
    }
    let releases = toReleases(doc, time, url);
    if (source.advisories?.osv === true) {
      if (this.options.osv === undefined) throw new Error(`npm source ${source.package} asks for OSV advisories but no OsvClient was given`);
      releases = await this.options.osv.annotate(releases, 'npm', source.package, source.advisories.url, options.signal);
    }
    return { releases, fromCache: first.response.fromCache, channels: distTags(doc) };
  }
}

/** `<registry>/<name>` with a scoped name's slash encoded (`@scope%2fname`), as npm does. */
export function packumentUrl(registry: string, name: string): string {
  return `${registry.replace(/\/+$/, '')}/${name.replace('/', '%2f')}`;
}

function toReleases(doc: JsonObject, time: JsonObject | undefined, url: string): ReleaseInfo[] {
  const versions = expectObject(doc.versions, url, '"versions"');
  return Object.entries(versions).map(([version, manifest]): ReleaseInfo => {
    const dist = isObject(manifest) && isObject(manifest.dist) ? manifest.dist : {};
    const shasum = str(dist.shasum);
    const deprecated = isObject(manifest) ? str(manifest.deprecated) : undefined;
    const releasedAt = isoInstant(time?.[version]);
    const checksum = str(dist.integrity) ?? (shasum === undefined ? undefined : `sha1:${shasum}`);
    const tarball = str(dist.tarball);
    return {
      version,
      ...(releasedAt === undefined ? {} : { releasedAt }),
      ...(checksum === undefined ? {} : { checksum }),
      ...(tarball === undefined ? {} : { url: tarball }),
      ...(deprecated === undefined ? {} : { deprecated }),
    };
  });
}

function distTags(doc: JsonObject): Record<string, string> {
  const tags = isObject(doc['dist-tags']) ? doc['dist-tags'] : {};
  return Object.fromEntries(Object.entries(tags).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function parseCached(body: string, url: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new BadResponseError(`the cached copy of ${url} is not JSON`, { cause: error, context: { url } });
  }
}
