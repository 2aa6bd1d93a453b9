import type { NpmSource } from '../../core/config/source-schema.js';
import type { Secrets } from '../../ports/secrets.js';
import type { SourceListing, VersionSource } from '../../ports/version-source.js';
import { authorization } from './credentials.js';
import type { HttpRequest, PoliteHttpClient } from './http-client.js';
import { packumentListing, packumentTimes, withReleaseTimes } from './npm-packument.js';
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
 *   not a 304) and lacks `time`; a 304 reuses the dates kept from the full packument without a request.
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
    // The cache keeps only what is read here (see packumentListing), not the document.
    const first = await http.getExtract(request(mode === 'full' ? NPM_FULL : NPM_ABBREVIATED), packumentListing(source.registry, source.package, url));
    let releases = first.value.releases;
    if (mode === 'auto' && !first.value.timed) {
      const fullRequest = request(NPM_FULL);
      const times = packumentTimes(url);
      const cached = first.fromCache ? await http.cachedExtract(fullRequest, times) : undefined;
      releases = withReleaseTimes(releases, cached ?? (await http.getExtract(fullRequest, times)).value);
    }
    if (source.advisories?.osv === true) {
      if (this.options.osv === undefined) throw new Error(`npm source ${source.package} asks for OSV advisories but no OsvClient was given`);
      releases = await this.options.osv.annotate(releases, 'npm', source.package, source.advisories.url, options.signal);
    }
    return { releases, fromCache: first.fromCache, channels: first.value.channels };
  }
}

/** `<registry>/<name>` with a scoped name's slash encoded (`@scope%2fname`), as npm does. */
export function packumentUrl(registry: string, name: string): string {
  return `${registry.replace(/\/+$/, '')}/${name.replace('/', '%2f')}`;
}
