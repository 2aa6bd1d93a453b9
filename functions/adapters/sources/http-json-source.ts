import type { HttpJsonSource } from '../../core/config/source-schema.js';
import { BadResponseError } from '../../core/errors.js';
import type { ReleaseInfo } from '../../core/types.js';
import type { Secrets } from '../../ports/secrets.js';
import type { SourceListing, VersionSource } from '../../ports/version-source.js';
import { authorization } from './credentials.js';
import type { PoliteHttpClient } from './http-client.js';
import { isObject, isoInstant, type JsonObject } from './json-shape.js';

/** Collaborators of {@link HttpJsonVersionSource}. */
export interface HttpJsonVersionSourceOptions {
  readonly http: PoliteHttpClient;
  /** @default - sources with `tokenSecret` fail */
  readonly secrets?: Secrets;
}

/** A version found in the document, with the object it came from (for the relative paths). */
export interface FoundVersion {
  readonly version: string;
  readonly holder?: JsonObject;
}

/**
 * Versions from any JSON document (`url`), found by a dotted `versionsPath` where `*` walks
 * every element of an array (or value of an object): `releases.*.version`, `data.versions.*`.
 * A path ending on an array of strings takes the strings; ending on an object takes its keys,
 * each key's value being that version's object. `releasedAtPath` and `checksumPath` are read
 * relative to each version's object. A path that finds nothing is a `BadResponseError`, so a
 * changed document shape is reported rather than read as "no versions".
 *
 * @example
 * ```ts
 * const json = new HttpJsonVersionSource({ http });
 * await json.list({ type: 'http-json', url: 'https://example.com/releases.json', versionsPath: 'releases.*.version', releasedAtPath: 'date' });
 * ```
 */
export class HttpJsonVersionSource implements VersionSource<HttpJsonSource> {
  public readonly type = 'http-json' as const;

  public constructor(private readonly options: HttpJsonVersionSourceOptions) {}

  public async list(source: HttpJsonSource, options: { readonly signal?: AbortSignal } = {}): Promise<SourceListing> {
    const headers = { accept: 'application/json', ...source.headers, ...(await authorization(this.options.secrets, source.tokenSecret)) };
    const { data, response } = await this.options.http.getJson({
      url: source.url, headers, conditional: true, secretName: source.tokenSecret, signal: options.signal,
    });
    const found = findVersions(data, source.versionsPath);
    if (found.length === 0) {
      throw new BadResponseError(`${source.url}: versionsPath "${source.versionsPath}" found no versions in the document`, {
        context: { url: source.url, versionsPath: source.versionsPath },
      });
    }
    const seen = new Set<string>();
    const releases: ReleaseInfo[] = [];
    for (const { version, holder } of found) {
      if (seen.has(version)) continue;
      seen.add(version);
      const releasedAt = source.releasedAtPath === undefined ? undefined : isoInstant(readPath(holder, source.releasedAtPath));
      const checksum = source.checksumPath === undefined ? undefined : readPath(holder, source.checksumPath);
      releases.push({
        version,
        ...(releasedAt === undefined ? {} : { releasedAt }),
        ...(typeof checksum === 'string' && checksum !== '' ? { checksum } : {}),
      });
    }
    return { releases, fromCache: response.fromCache };
  }
}

/** Every version `path` reaches in `document` (see {@link HttpJsonVersionSource}). */
export function findVersions(document: unknown, path: string): FoundVersion[] {
  const found: FoundVersion[] = [];
  // `holder` is the object holding the path's last segment: the version's own object.
  const walk = (node: unknown, segments: readonly string[], holder: JsonObject | undefined): void => {
    const [head, ...rest] = segments;
    if (head === undefined) {
      if (typeof node === 'string' || typeof node === 'number') {
        const version = String(node).trim();
        if (version !== '') found.push({ version, ...(holder === undefined ? {} : { holder }) });
      } else if (Array.isArray(node)) {
        for (const item of node) walk(item, [], undefined);
      } else if (isObject(node)) {
        for (const [key, value] of Object.entries(node)) found.push({ version: key, ...(isObject(value) ? { holder: value } : {}) });
      }
      return;
    }
    if (head === '*') {
      const children = Array.isArray(node) ? node : isObject(node) ? Object.values(node) : [];
      for (const child of children) walk(child, rest, undefined);
      return;
    }
    if (isObject(node) && head in node) walk(node[head], rest, rest.length === 0 ? node : undefined);
  };
  walk(document, path.split('.').filter((segment) => segment !== ''), undefined);
  return found;
}

function readPath(holder: JsonObject | undefined, path: string): unknown {
  let node: unknown = holder;
  for (const segment of path.split('.').filter((s) => s !== '')) {
    if (!isObject(node)) return undefined;
    node = node[segment];
  }
  return node;
}
