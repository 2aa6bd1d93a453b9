import { createHash } from 'node:crypto';
import type { OciSource } from '../../core/config/source-schema.js';
import { BadResponseError, NotFoundError } from '../../core/errors.js';
import type { ReleaseInfo } from '../../core/types.js';
import type { Secrets } from '../../ports/secrets.js';
import type { SourceListing, VersionSource } from '../../ports/version-source.js';
import type { PoliteHttpClient } from './http-client.js';
import { expectArray, expectObject, str } from './json-shape.js';
import { parseLinkHeader } from './link-header.js';
import { mapLimit } from './map-limit.js';
import { OciAuthenticator, type OciCredentials } from './oci-auth.js';
import { parseOciReference, type OciReference } from './oci-reference.js';
import { compareVersions } from './version-order.js';

/** Every manifest kind a registry may hold for a tag: multi-arch indexes first. */
export const OCI_MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** Collaborators and options of {@link OciRegistrySource}. */
export interface OciRegistrySourceOptions {
  readonly http: PoliteHttpClient;
  /** @default - sources with `credentialsSecret` fail */
  readonly secrets?: Secrets;
  /** @default 1000 - the `n=` page size asked for (registries may send fewer) */
  readonly pageSize?: number;
  /** @default 100 - pages followed */
  readonly maxPages?: number;
  /** @default 50 - manifest digests looked up, for the highest tags by version order; 0 for none */
  readonly maxDigests?: number;
  /** @default Date.now - token expiry */
  readonly now?: () => number;
}

/**
 * Versions of a container image from any OCI Distribution registry (Docker Hub, ECR, GHCR,
 * the CNCF distribution registry): `GET /v2/<name>/tags/list?n=…` following `Link` pages,
 * with the bearer-token handshake, and the manifest digest (`Docker-Content-Digest` of a
 * `HEAD` on `/v2/<name>/manifests/<tag>`, else the sha256 of the manifest) as each tag's
 * checksum, for the highest `maxDigests` tags. When a `latest` tag exists, the channel
 * `latest` names the highest tag with the same digest. Tags carry no dates.
 *
 * @example
 * ```ts
 * const oci = new OciRegistrySource({ http, secrets });
 * await oci.list({ type: 'oci', image: 'ghcr.io/org/app', insecure: false });
 * ```
 */
export class OciRegistrySource implements VersionSource<OciSource> {
  public readonly type = 'oci' as const;
  readonly #auth: OciAuthenticator;

  public constructor(private readonly options: OciRegistrySourceOptions) {
    this.#auth = new OciAuthenticator(options.http, options.now);
  }

  public async list(source: OciSource, options: { readonly signal?: AbortSignal } = {}): Promise<SourceListing> {
    const ref = parseOciReference(source.image, source.insecure);
    const credentials: OciCredentials = source.credentialsSecret === undefined
      ? {}
      : { secretName: source.credentialsSecret, value: await this.#secret(source.credentialsSecret) };
    const { tags, fromCache } = await this.#tags(ref, credentials, options.signal);
    const limit = this.options.maxDigests ?? 50;
    const wanted = [...tags].sort((a, b) => compareVersions(b, a)).slice(0, limit);
    if (limit > 0 && tags.includes('latest') && !wanted.includes('latest')) wanted.push('latest');
    const digests = new Map<string, string>();
    await mapLimit(wanted, 8, async (tag) => {
      const digest = await this.#digest(ref, tag, credentials, options.signal);
      if (digest !== undefined) digests.set(tag, digest);
    });
    const releases = tags.map((tag): ReleaseInfo => {
      const checksum = digests.get(tag);
      return { version: tag, url: `${ref.registry}/${ref.repository}:${tag}`, ...(checksum === undefined ? {} : { checksum }) };
    });
    const latestDigest = digests.get('latest');
    const latest = latestDigest === undefined ? undefined : wanted.find((tag) => tag !== 'latest' && digests.get(tag) === latestDigest);
    return { releases, fromCache, ...(latest === undefined ? {} : { channels: { latest } }) };
  }

  async #tags(ref: OciReference, credentials: OciCredentials, signal?: AbortSignal): Promise<{ tags: string[]; fromCache: boolean }> {
    const scope = `repository:${ref.repository}:pull`;
    const tags: string[] = [];
    let fromCache = true;
    let url: string | undefined = `${ref.baseUrl}/v2/${ref.repository}/tags/list?n=${this.options.pageSize ?? 1000}`;
    for (let page = 0; url !== undefined && page < (this.options.maxPages ?? 100); page += 1) {
      const response = await this.#auth.send({ url, conditional: true, signal, headers: { accept: 'application/json' } }, scope, credentials);
      let data: unknown;
      try {
        data = JSON.parse(response.body) as unknown;
      } catch (error) {
        // Same wording as the HTTP client's, so every malformed answer reads alike.
        throw new BadResponseError(`${url} answered malformed JSON: ${(error as Error).message}`, { cause: error, context: { url } });
      }
      const answer = expectObject(data, url, 'the tag list');
      // The distribution registry answers `"tags": null` for a repository with no tags.
      if (answer.tags !== null) tags.push(...expectArray(answer.tags, url, '"tags"').filter((tag): tag is string => typeof tag === 'string'));
      fromCache &&= response.fromCache;
      url = parseLinkHeader(response.headers.get('link'), url).next;
    }
    return { tags: [...new Set(tags)], fromCache };
  }

  /** The tag's manifest digest, or undefined when the tag vanished between listing and lookup. */
  async #digest(ref: OciReference, tag: string, credentials: OciCredentials, signal?: AbortSignal): Promise<string | undefined> {
    const url = `${ref.baseUrl}/v2/${ref.repository}/manifests/${encodeURIComponent(tag)}`;
    const scope = `repository:${ref.repository}:pull`;
    const headers = { accept: OCI_MANIFEST_ACCEPT };
    try {
      const head = await this.#auth.send({ url, method: 'HEAD', conditional: true, signal, headers }, scope, credentials);
      const digest = head.headers.get('docker-content-digest');
      if (digest !== null && /^sha(256|512):[0-9a-f]+$/.test(digest)) return digest;
      // Some registries omit the header: the digest is then, by definition, the manifest's hash.
      const get = await this.#auth.send({ url, signal, headers }, scope, credentials);
      return str(get.headers.get('docker-content-digest')) ?? `sha256:${createHash('sha256').update(get.body, 'utf8').digest('hex')}`;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async #secret(name: string): Promise<string> {
    if (this.options.secrets === undefined) throw new Error(`secret "${name}" is configured but this source was built without a Secrets adapter`);
    return (await this.options.secrets.get(name)).trim();
  }
}
