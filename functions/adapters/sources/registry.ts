import type { SourceConfig, SourceType } from '../../core/config/source-schema.js';
import { TransientError } from '../../core/errors.js';
import type { Secrets } from '../../ports/secrets.js';
import type { SourceListing, VersionSource } from '../../ports/version-source.js';
import { GitTagSource, type GitTagSourceOptions } from './git-source.js';
import { GithubReleasesSource } from './github-release-source.js';
import type { PoliteHttpClient } from './http-client.js';
import { HttpJsonVersionSource } from './http-json-source.js';
import { mapLimit } from './map-limit.js';
import { MavenRepositorySource, type MavenChecksums } from './maven-source.js';
import { NpmRegistrySource, type NpmMetadata } from './npm-source.js';
import { OciRegistrySource } from './oci-source.js';
import { OsvClient } from './osv.js';
import { PypiJsonSource } from './pypi-source.js';

/** One version source per source type, each typed for its own config. */
export type VersionSources = { readonly [K in SourceType]: VersionSource<Extract<SourceConfig, { type: K }>> };

/** What the sources share, and per-type choices. */
export interface VersionSourcesDeps {
  readonly http: PoliteHttpClient;
  /** @default - sources that reference a secret fail with a clear error */
  readonly secrets?: Secrets;
  /** @default new OsvClient(http) */
  readonly osv?: OsvClient;
  /** @default 'abbreviated' */
  readonly npmMetadata?: NpmMetadata;
  /** @default 'none' */
  readonly mavenChecksums?: MavenChecksums;
  /** @default 50 */
  readonly ociMaxDigests?: number;
  /** @default {} - the real git with default time limits */
  readonly git?: GitTagSourceOptions;
}

/**
 * Builds every version source over one shared HTTP client (so per-host limits and counters
 * hold across sources).
 *
 * A Lambda bundle can leave sources out: the stack deploys one `list-versions` function per
 * source type, and defines `process.env.UPKEEP_OMIT_SOURCE_<TYPE>` (`omitSourceVariable`) as
 * `"true"` for the others, so esbuild drops them and the modules only they use (issue 6). A
 * source left out answers every listing with an error that says so. Unbundled, all are built.
 *
 * @example
 * ```ts
 * const sources = createVersionSources({ http: new PoliteHttpClient({ cache }), secrets });
 * const listing = await sourceFor(sources, component.source).list(component.source);
 * ```
 */
export function createVersionSources(deps: VersionSourcesDeps): VersionSources {
  const { http, secrets } = deps;
  // Each `process.env.UPKEEP_OMIT_SOURCE_…` below must stay literal (esbuild replaces it) and inline (esbuild folds only expressions).
  const osv = deps.osv ?? (process.env.UPKEEP_OMIT_SOURCE_NPM !== 'true' || process.env.UPKEEP_OMIT_SOURCE_PYPI !== 'true' || process.env.UPKEEP_OMIT_SOURCE_MAVEN !== 'true'
    ? new OsvClient(http)
    : undefined);
  return {
    npm: process.env.UPKEEP_OMIT_SOURCE_NPM === 'true' || osv === undefined ? unbundled('npm') : new NpmRegistrySource({ http, secrets, osv, metadata: deps.npmMetadata }),
    pypi: process.env.UPKEEP_OMIT_SOURCE_PYPI === 'true' || osv === undefined ? unbundled('pypi') : new PypiJsonSource({ http, osv }),
    'github-release': process.env.UPKEEP_OMIT_SOURCE_GITHUB_RELEASE === 'true' ? unbundled('github-release') : new GithubReleasesSource({ http, secrets }),
    maven: process.env.UPKEEP_OMIT_SOURCE_MAVEN === 'true' || osv === undefined ? unbundled('maven') : new MavenRepositorySource({ http, secrets, osv, checksums: deps.mavenChecksums }),
    'http-json': process.env.UPKEEP_OMIT_SOURCE_HTTP_JSON === 'true' ? unbundled('http-json') : new HttpJsonVersionSource({ http, secrets }),
    git: process.env.UPKEEP_OMIT_SOURCE_GIT === 'true' ? unbundled('git') : new GitTagSource(deps.git),
    oci: process.env.UPKEEP_OMIT_SOURCE_OCI === 'true' ? unbundled('oci') : new OciRegistrySource({ http, secrets, maxDigests: deps.ociMaxDigests }),
  };
}

/** A source left out of this bundle: every listing fails, naming the function that has it. */
function unbundled<K extends SourceType>(type: K): VersionSources[K] {
  return {
    type,
    list: () => Promise.reject(new Error(`the ${type} source is not bundled into this function: ${type} sources are listed by the ${type} list-versions function`)),
  };
}

/** The source for `config`'s type, typed for that config. */
export function sourceFor<T extends SourceConfig>(sources: VersionSources, config: T): VersionSource<T> {
  // The mapped type guarantees sources[config.type] takes this config; TS cannot correlate the two.
  return sources[config.type] as unknown as VersionSource<T>;
}

/** A component to list: its name and where its versions appear. */
export interface WatchedComponent {
  readonly name: string;
  readonly source: SourceConfig;
}

/** A failure, reduced to what can be recorded (JSON) and shown. */
export interface RecordedError {
  /** The error class name (`TransientError`, `BadResponseError`, `NotFoundError`, …). */
  readonly name: string;
  readonly message: string;
  readonly context?: Readonly<Record<string, unknown>>;
}

/** The outcome for one component: a listing, or the error that prevented one. */
export type ComponentListing =
  | { readonly component: string; readonly source: SourceType; readonly ok: true; readonly listing: SourceListing; readonly durationMs: number }
  | { readonly component: string; readonly source: SourceType; readonly ok: false; readonly error: RecordedError; readonly durationMs: number };

/** Options of {@link listAll}. */
export interface ListAllOptions {
  /** @default 64 - components listed at once (the HTTP client still limits each host) */
  readonly concurrency?: number;
  /** @default 300_000 - one component's whole listing, retries included */
  readonly componentTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Lists every component concurrently, with `sources` as `createVersionSources` builds them or as
 * `AppDeps.sources` hands them out. One failing source never stops the others, and never
 * throws: its entry carries the recorded error instead of a listing, so the caller records
 * it and offers nothing for that component. Results are in input order.
 *
 * @example
 * ```ts
 * for (const result of await listAll(components, sources)) {
 *   if (!result.ok) logger.warn('source failed', { component: result.component, error: result.error });
 * }
 * ```
 */
export async function listAll(
  components: readonly WatchedComponent[], sources: VersionSources | ((type: SourceType) => VersionSource), options: ListAllOptions = {},
): Promise<ComponentListing[]> {
  const list = (source: SourceConfig, signal: AbortSignal): Promise<SourceListing> =>
    (typeof sources === 'function' ? sources(source.type) : sourceFor(sources, source)).list(source, { signal });
  return mapLimit(components, options.concurrency ?? 64, async (component): Promise<ComponentListing> => {
    const started = Date.now();
    const timeoutMs = options.componentTimeoutMs ?? 300_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
    const base = { component: component.name, source: component.source.type };
    try {
      const listing = await list(component.source, signal);
      return { ...base, ok: true, listing, durationMs: Date.now() - started };
    } catch (error) {
      const reason = timeout.aborted && options.signal?.aborted !== true
        ? new TransientError(`listing ${component.name} took longer than ${timeoutMs} ms`, { cause: error })
        : error;
      return { ...base, ok: false, error: recordError(reason), durationMs: Date.now() - started };
    }
  });
}

/** An error as plain JSON: its class name, message and (Upkeep errors') context. */
export function recordError(error: unknown): RecordedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const context = 'context' in error && typeof error.context === 'object' && error.context !== null
    ? (error.context as Record<string, unknown>)
    : undefined;
  return { name: error.name, message: error.message, ...(context === undefined || Object.keys(context).length === 0 ? {} : { context }) };
}
