import type { ReleaseInfo } from '../../core/types.js';
import type { JsonExtract } from './json-extract.js';
import { expectObject, isObject, isoInstant, str, type JsonObject } from './json-shape.js';

/** What detection reads of a packument: the releases, the dist-tags, and whether it had `time`. */
export interface PackumentListing {
  readonly releases: readonly ReleaseInfo[];
  /** dist-tags (`latest` → `1.2.3`). */
  readonly channels: Readonly<Record<string, string>>;
  /** True when the document carried `time` (the full packument; some registries' abbreviated one). */
  readonly timed: boolean;
}

/**
 * A tarball URL as stored: `1` for the usual `<folder><basename>-<version>.tgz`, a path
 * relative to the package's tarball folder (`<registry>/<name>/-/`), or `[url]` verbatim.
 */
type StoredUrl = 1 | string | readonly [string];

/** A release as stored: `[version, checksum, url, releasedAt, deprecated]`, absent fields null, trailing ones left off. */
type StoredRelease = readonly (string | StoredUrl | null)[];

/** Where a package's tarballs usually are, and their usual file name's prefix. */
interface TarballFolder {
  readonly url: string;
  readonly basename: string;
}

/**
 * The {@link JsonExtract} of a packument (full or abbreviated) at `url`: its releases, with
 * `dist.integrity` (or `sha1:` of `dist.shasum`) as checksum, tarball URL, deprecation and
 * release date, and its dist-tags. The cache keeps about a quarter of an abbreviated
 * packument: one short array per release, with tarball URLs shortened when they are where
 * npm puts them (see {@link StoredUrl}).
 *
 * @example
 * ```ts
 * const { value } = await http.getExtract({ url, conditional: true }, packumentListing(registry, 'left-pad', url));
 * ```
 */
export function packumentListing(registry: string, name: string, url: string): JsonExtract<PackumentListing> {
  const folder: TarballFolder = { url: `${registry.replace(/\/+$/, '')}/${name}/-/`, basename: name.split('/').at(-1) ?? name };
  return {
    format: 'npm-packument/1',
    extract: (data) => {
      const doc = expectObject(data, url, 'the packument');
      const time = isObject(doc.time) ? doc.time : undefined;
      return { releases: toReleases(doc, time, url), channels: distTags(doc), timed: time !== undefined };
    },
    encode: ({ releases, channels, timed }) => JSON.stringify({ channels, timed, releases: releases.map((r) => storeRelease(r, folder)) }),
    decode: (stored) => {
      const value = parse(stored);
      if (!isObject(value) || typeof value.timed !== 'boolean' || !isStringRecord(value.channels) || !Array.isArray(value.releases)) return undefined;
      const releases: ReleaseInfo[] = [];
      for (const row of value.releases as unknown[]) {
        const release = loadRelease(row, folder);
        if (release === undefined) return undefined;
        releases.push(release);
      }
      return { releases, channels: value.channels, timed: value.timed };
    },
  };
}

/**
 * The {@link JsonExtract} of a full packument's `time`: version → ISO-8601 instant, for the
 * dates an abbreviated packument lacks. Entries that are not dates are left out (never guessed).
 */
export function packumentTimes(url: string): JsonExtract<Readonly<Record<string, string>>> {
  return {
    format: 'npm-times/1',
    extract: (data) => {
      const time = expectObject(data, url, 'the full packument').time;
      if (!isObject(time)) return {};
      return Object.fromEntries(Object.entries(time).flatMap(([key, value]) => {
        const instant = isoInstant(value);
        return instant === undefined ? [] : [[key, instant]];
      }));
    },
    encode: (times) => JSON.stringify(times),
    decode: (stored) => {
      const value = parse(stored);
      return isStringRecord(value) ? value : undefined;
    },
  };
}

/** `releases` with the dates from `times` (a release without one keeps none). */
export function withReleaseTimes(releases: readonly ReleaseInfo[], times: Readonly<Record<string, string>>): ReleaseInfo[] {
  return releases.map(({ releasedAt: _none, ...release }) => {
    const releasedAt = times[release.version];
    return releasedAt === undefined ? release : { ...release, releasedAt };
  });
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
    return release(version, releasedAt, checksum, tarball, deprecated);
  });
}

function release(version: string, releasedAt?: string, checksum?: string, url?: string, deprecated?: string): ReleaseInfo {
  return {
    version,
    ...(releasedAt === undefined ? {} : { releasedAt }),
    ...(checksum === undefined ? {} : { checksum }),
    ...(url === undefined ? {} : { url }),
    ...(deprecated === undefined ? {} : { deprecated }),
  };
}

function distTags(doc: JsonObject): Record<string, string> {
  const tags = isObject(doc['dist-tags']) ? doc['dist-tags'] : {};
  return Object.fromEntries(Object.entries(tags).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function storeRelease(r: ReleaseInfo, folder: TarballFolder): StoredRelease {
  const url = r.url === undefined ? undefined : storeUrl(r.url, r.version, folder);
  const deprecated = typeof r.deprecated === 'string' ? r.deprecated : undefined;
  const row = [r.version, r.checksum, url, r.releasedAt, deprecated].map((field) => field ?? null);
  while (row.length > 1 && row.at(-1) === null) row.pop();
  return row;
}

function loadRelease(row: unknown, folder: TarballFolder): ReleaseInfo | undefined {
  if (!Array.isArray(row) || row.length === 0 || row.length > 5) return undefined;
  const [version, checksum, url, releasedAt, deprecated] = row as unknown[];
  const texts = [checksum, releasedAt, deprecated];
  if (typeof version !== 'string' || !texts.every((field) => field === undefined || field === null || typeof field === 'string')) return undefined;
  const tarball = url === undefined || url === null ? undefined : loadUrl(url, version, folder);
  if (tarball === false) return undefined;
  const text = (field: unknown): string | undefined => (typeof field === 'string' ? field : undefined);
  return release(version, text(releasedAt), text(checksum), tarball, text(deprecated));
}

function storeUrl(url: string, version: string, folder: TarballFolder): StoredUrl {
  if (!url.startsWith(folder.url)) return [url];
  const path = url.slice(folder.url.length);
  return path === `${folder.basename}-${version}.tgz` ? 1 : path;
}

/** The URL `stored` stands for, or false when it is not a {@link StoredUrl}. */
function loadUrl(stored: unknown, version: string, folder: TarballFolder): string | false {
  if (stored === 1) return `${folder.url}${folder.basename}-${version}.tgz`;
  if (typeof stored === 'string') return `${folder.url}${stored}`;
  const verbatim: unknown = Array.isArray(stored) && stored.length === 1 ? (stored as unknown[])[0] : undefined;
  return typeof verbatim === 'string' ? verbatim : false;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isObject(value) && Object.values(value).every((v) => typeof v === 'string');
}

function parse(stored: string): unknown {
  try {
    return JSON.parse(stored) as unknown;
  } catch {
    return undefined;
  }
}
