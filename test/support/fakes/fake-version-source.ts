import type { SourceConfig, SourceType } from '../../../functions/core/config/source-schema.js';
import { BadResponseError } from '../../../functions/core/errors.js';
import type { ReleaseInfo } from '../../../functions/core/types.js';
import type { SourceListing, VersionSource } from '../../../functions/ports/version-source.js';
import { clone } from './in-memory-paging.js';

/** What identifies a source in a script: the npm/PyPI package, git URL, image, repository, Maven coordinates or URL. */
export function sourceKey(source: SourceConfig): string {
  switch (source.type) {
    case 'npm': return source.package;
    case 'pypi': return source.package;
    case 'git': return source.url;
    case 'oci': return source.image;
    case 'github-release': return source.repository;
    case 'maven': return `${source.groupId}:${source.artifactId}`;
    case 'http-json': return source.url;
  }
}

type Answer = { readonly listing: SourceListing } | { readonly error: Error };

/** The scripts and call log shared by a source and its views of other types. */
interface Shared {
  readonly answers: Map<string, Answer>;
  readonly calls: SourceConfig[];
}

/**
 * {@link VersionSource} with scripted answers per source (see {@link sourceKey}): a listing, or
 * an error thrown on every call. An unscripted source answers `BadResponseError` (as a registry
 * answers 404 for an unknown package); an aborted signal throws an `AbortError`. One instance
 * serves every source type; {@link ofType} gives a view with the `type` a caller asked for.
 *
 * @example
 * ```ts
 * const sources = new FakeVersionSource();
 * sources.publish('api', [{ version: '1.5.0', checksum: 'sha256:…' }]);
 * sources.fail('billing', new TransientError('registry answered 503'));
 * const deps = { ...appDeps, sources: (type) => sources.ofType(type) };
 * ```
 */
export class FakeVersionSource implements VersionSource {
  readonly #shared: Shared;

  public constructor(public readonly type: SourceType = 'npm', shared?: Shared) {
    this.#shared = shared ?? { answers: new Map(), calls: [] };
  }

  public list(source: SourceConfig, options: { readonly signal?: AbortSignal } = {}): Promise<SourceListing> {
    this.#shared.calls.push(clone(source));
    if (options.signal?.aborted === true) return Promise.reject(Object.assign(new Error('the listing was aborted'), { name: 'AbortError' }));
    const key = sourceKey(source);
    const answer = this.#shared.answers.get(key);
    if (answer === undefined) return Promise.reject(new BadResponseError(`${source.type} source ${key} is unknown (404)`));
    if ('error' in answer) return Promise.reject(answer.error);
    return Promise.resolve(clone(answer.listing));
  }

  /** A view of the same scripts that reports `type`. */
  public ofType(type: SourceType): FakeVersionSource {
    return type === this.type ? this : new FakeVersionSource(type, this.#shared);
  }

  /** The source `key` lists `releases` from now on. */
  public publish(key: string, releases: readonly ReleaseInfo[], options: { readonly channels?: Record<string, string>; readonly fromCache?: boolean } = {}): void {
    this.#shared.answers.set(key, {
      listing: { releases: clone(releases), fromCache: options.fromCache ?? false, ...(options.channels !== undefined ? { channels: options.channels } : {}) },
    });
  }

  /** The source `key` throws `error` from now on. */
  public fail(key: string, error: Error): void {
    this.#shared.answers.set(key, { error });
  }

  /** Every source asked, in order, across all views. */
  public get calls(): readonly SourceConfig[] {
    return this.#shared.calls;
  }
}
