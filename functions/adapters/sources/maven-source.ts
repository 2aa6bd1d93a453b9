import type { MavenSource } from '../../core/config/source-schema.js';
import { BadResponseError, NotFoundError } from '../../core/errors.js';
import type { ReleaseInfo } from '../../core/types.js';
import type { Secrets } from '../../ports/secrets.js';
import type { SourceListing, VersionSource } from '../../ports/version-source.js';
import { authorization } from './credentials.js';
import type { PoliteHttpClient } from './http-client.js';
import { isoInstant } from './json-shape.js';
import { compareVersions } from './version-order.js';
import type { OsvClient } from './osv.js';

/** Which versions get the checksum of their POM (one or two extra requests each). */
export type MavenChecksums = 'none' | 'newest' | 'all';

/** Collaborators and options of {@link MavenRepositorySource}. */
export interface MavenRepositorySourceOptions {
  readonly http: PoliteHttpClient;
  /** @default - sources with `credentialsSecret` fail */
  readonly secrets?: Secrets;
  /** @default - sources with `advisories.osv` fail */
  readonly osv?: OsvClient;
  /** @default 'none' - maven-metadata.xml carries no checksums; each one is another request */
  readonly checksums?: MavenChecksums;
}

/** What maven-metadata.xml says about an artifact. */
export interface MavenMetadata {
  readonly versions: readonly string[];
  readonly latest?: string;
  readonly release?: string;
  /** ISO instant from `<lastUpdated>` (`yyyyMMddHHmmss`, UTC). */
  readonly lastUpdated?: string;
}

/**
 * Versions of a Maven artifact from any Maven 2 layout repository (Maven Central, Nexus,
 * Artifactory, CodeArtifact): `<group path>/<artifactId>/maven-metadata.xml`. The metadata has
 * no per-version dates: `lastUpdated` is given to the newest release only (when it was
 * published the metadata changed), and a fetched POM checksum's `Last-Modified` gives that
 * version its own date. Credentials `user:password` go as Basic auth, anything else as bearer.
 *
 * @example
 * ```ts
 * const maven = new MavenRepositorySource({ http, secrets, checksums: 'newest' });
 * await maven.list({ type: 'maven', repository: 'https://repo1.maven.org/maven2', groupId: 'org.slf4j', artifactId: 'slf4j-api' });
 * ```
 */
export class MavenRepositorySource implements VersionSource<MavenSource> {
  public readonly type = 'maven' as const;

  public constructor(private readonly options: MavenRepositorySourceOptions) {}

  public async list(source: MavenSource, options: { readonly signal?: AbortSignal } = {}): Promise<SourceListing> {
    const base = `${source.repository.replace(/\/+$/, '')}/${source.groupId.replace(/\./g, '/')}/${source.artifactId}`;
    const url = `${base}/maven-metadata.xml`;
    const auth = await authorization(this.options.secrets, source.credentialsSecret, 'basic-or-bearer');
    const get = (target: string, conditional: boolean) =>
      this.options.http.request({ url: target, conditional, headers: auth, secretName: source.credentialsSecret, signal: options.signal });
    const response = await get(url, true);
    const metadata = parseMavenMetadata(response.body, url);
    const newest = metadata.release ?? metadata.latest ?? [...metadata.versions].sort(compareVersions).at(-1);
    const mode = this.options.checksums ?? 'none';
    let releases = await Promise.all(metadata.versions.map(async (version): Promise<ReleaseInfo> => {
      const releasedAt = version === newest ? metadata.lastUpdated : undefined;
      const pom = `${base}/${encodeURIComponent(version)}/${source.artifactId}-${encodeURIComponent(version)}.pom`;
      const wanted = mode === 'all' || (mode === 'newest' && version === newest);
      const sum = wanted ? await pomChecksum(pom, (target) => get(target, true)) : undefined;
      const date = sum?.lastModified ?? releasedAt;
      return {
        version,
        url: pom,
        ...(date === undefined ? {} : { releasedAt: date }),
        ...(sum === undefined ? {} : { checksum: sum.checksum }),
      };
    }));
    if (source.advisories?.osv === true) {
      if (this.options.osv === undefined) throw new Error(`maven source ${source.artifactId} asks for OSV advisories but no OsvClient was given`);
      releases = await this.options.osv.annotate(releases, 'Maven', `${source.groupId}:${source.artifactId}`, source.advisories.url, options.signal);
    }
    const channels = { ...(metadata.latest === undefined ? {} : { latest: metadata.latest }), ...(metadata.release === undefined ? {} : { release: metadata.release }) };
    return { releases, fromCache: response.fromCache, channels };
  }
}

/** The POM's `.sha256` (else `.sha1`) as `sha256:<hex>` / `sha1:<hex>`, or undefined when neither exists. */
async function pomChecksum(
  pom: string, get: (url: string) => Promise<{ body: string; headers: Headers }>,
): Promise<{ checksum: string; lastModified?: string } | undefined> {
  for (const algorithm of ['sha256', 'sha1'] as const) {
    const url = `${pom}.${algorithm}`;
    let answer: { body: string; headers: Headers };
    try {
      answer = await get(url);
    } catch (error) {
      if (error instanceof NotFoundError) continue;
      throw error;
    }
    // Checksum files are `<hex>` or `<hex>  <file name>` depending on the tool that wrote them.
    const hex = /^\s*([0-9a-fA-F]+)\b/.exec(answer.body)?.[1]?.toLowerCase();
    if (hex === undefined || hex.length !== (algorithm === 'sha256' ? 64 : 40)) {
      throw new BadResponseError(`${url} is not a ${algorithm} checksum: ${JSON.stringify(answer.body.slice(0, 80))}`, { context: { url } });
    }
    return { checksum: `${algorithm}:${hex}`, lastModified: isoInstant(answer.headers.get('last-modified')) };
  }
  return undefined;
}

/**
 * Reads maven-metadata.xml without an XML library: comments and processing instructions are
 * dropped, CDATA and entities decoded, namespace prefixes and attributes tolerated. A body
 * that is not artifact metadata (an HTML error page served with 200) is a `BadResponseError`.
 */
export function parseMavenMetadata(xml: string, url: string): MavenMetadata {
  const text = xml.replace(/<!--[\s\S]*?-->/g, '').replace(/<\?[\s\S]*?\?>/g, '');
  if (!/<(?:[\w.-]+:)?metadata[\s>]/.test(text)) {
    throw new BadResponseError(`${url} is not maven-metadata.xml (no <metadata> element): ${JSON.stringify(xml.slice(0, 80))}`, { context: { url } });
  }
  const block = elements(text, 'versions')[0] ?? '';
  const versions = [...new Set(elements(block, 'version').map(decode).filter((v) => v !== ''))];
  if (versions.length === 0) {
    throw new BadResponseError(`${url} lists no <versions><version> entries`, { context: { url } });
  }
  const latest = elements(text, 'latest').map(decode)[0];
  const release = elements(text, 'release').map(decode)[0];
  const stamp = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(elements(text, 'lastUpdated').map(decode)[0] ?? '');
  const lastUpdated = stamp === null ? undefined : isoInstant(`${stamp[1]}-${stamp[2]}-${stamp[3]}T${stamp[4]}:${stamp[5]}:${stamp[6]}Z`);
  return {
    versions,
    ...(latest === undefined || latest === '' ? {} : { latest }),
    ...(release === undefined || release === '' ? {} : { release }),
    ...(lastUpdated === undefined ? {} : { lastUpdated }),
  };
}

/** The raw inner text of every `<name>` element (with any prefix or attributes) in `text`. */
function elements(text: string, name: string): string[] {
  const pattern = new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}\\s*>`, 'g');
  return [...text.matchAll(pattern)].map((match) => match[1] ?? '');
}

function decode(raw: string): string {
  const text = raw.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_all, inner: string) => inner.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_all, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_all, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&(lt|gt|quot|apos|amp);/g, (_all, entity: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[entity] ?? '')
    .trim();
}
