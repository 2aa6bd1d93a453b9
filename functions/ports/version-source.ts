import type { SourceConfig, SourceType } from '../core/config/source-schema.js';
import type { ReleaseInfo } from '../core/types.js';

/** What a source answered for one component. */
export interface SourceListing {
  /** Every release the source offers (unfiltered: the core decides what may be proposed). */
  readonly releases: readonly ReleaseInfo[];
  /** True when the source answered "not modified" and `releases` came from the cache. */
  readonly fromCache: boolean;
  /** Named channels such as npm dist-tags (`latest` → `1.2.3`). */
  readonly channels?: Readonly<Record<string, string>>;
}

/**
 * A place where new versions of a component appear (npm, git, OCI, PyPI, GitHub releases,
 * Maven, any JSON document). Implementations speak the source's real protocol.
 *
 * @example
 * ```ts
 * const listing = await npmSource.list({ type: 'npm', package: 'left-pad', registry: 'https://registry.npmjs.org' });
 * ```
 */
export interface VersionSource<T extends SourceConfig = SourceConfig> {
  readonly type: SourceType;
  /** All releases the source offers; throws `BadResponseError` or `TransientError` on failure. */
  list(source: T, options?: { readonly signal?: AbortSignal }): Promise<SourceListing>;
}
