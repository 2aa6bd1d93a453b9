import type { SourceConfig } from '../core/config/source-schema.js';
import type { Advisory, ReleaseInfo, VersioningScheme } from '../core/types.js';
import type { Page, PageRequest } from './page.js';

/** A watched component as stored (DESIGN.md §4, `COMP#<name>` / `META`). */
export interface ComponentRecord {
  readonly name: string;
  /** The version running now. */
  readonly current: string;
  /** The version that ran before `current` (the rollback target). */
  readonly previous?: string;
  readonly scheme: VersioningScheme;
  readonly allowPrerelease?: boolean;
  readonly source: SourceConfig;
  /** The deploy target and strategy as configured (typed by the config module, kept verbatim here). */
  readonly deploy?: Readonly<Record<string, unknown>>;
  /** Never propose a version at or below this. */
  readonly highWaterMark?: string;
  /** Versions rolled back or banned, in the order they were added. */
  readonly quarantined: readonly string[];
  /** ISO instants. */
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Optimistic-lock revision; every update must name the revision it read. */
  readonly rev: number;
}

/** A component as first registered; the store sets `rev` to 1. */
export type NewComponent = Omit<ComponentRecord, 'rev'>;

/** A release of a component the detector has seen (`COMP#<name>` / `VER#<version>`). */
export interface SeenVersion extends ReleaseInfo {
  readonly component: string;
  /** ISO instant the detector first saw it; never changes. */
  readonly firstSeenAt: string;
  /** ISO instant the advisories were last refreshed. */
  readonly advisoriesCheckedAt?: string;
}

/**
 * Where watched components and the versions seen for them live.
 *
 * @example
 * ```ts
 * await components.register({ name: 'api', current: '1.4.0', scheme: 'semver', source, quarantined: [], createdAt: at, updatedAt: at });
 * const { created, version } = await components.recordVersion({ component: 'api', version: '1.5.0', firstSeenAt: at, checksum });
 * if (!created && version.checksum !== checksum) alarm('1.5.0 was re-published with different content');
 * ```
 */
export interface ComponentStore {
  /** Stores a new component; when one with that name exists, writes nothing and returns it with `created: false`. */
  register(component: NewComponent): Promise<{ readonly created: boolean; readonly component: ComponentRecord }>;

  /** The component; throws `NotFoundError` when it is not registered. */
  get(name: string): Promise<ComponentRecord>;

  /** All components, by name. */
  list(page?: PageRequest): Promise<Page<ComponentRecord>>;

  /**
   * Replaces the component with `component`, whose `rev` must be the revision that was read;
   * returns it stored with `rev + 1`. Throws `ConflictError` on a lost race, `NotFoundError`
   * when it does not exist.
   */
  update(component: ComponentRecord): Promise<ComponentRecord>;

  /**
   * Adds `version` to the quarantine without a read-modify-write (safe against concurrent
   * updates; idempotent). Returns the component as stored afterwards.
   */
  quarantine(name: string, version: string, at: string): Promise<ComponentRecord>;

  /**
   * Records a seen version once: when it was seen before, writes nothing and returns the
   * stored one with `created: false` (compare checksums: a changed one means re-published content).
   */
  recordVersion(seen: SeenVersion): Promise<{ readonly created: boolean; readonly version: SeenVersion }>;

  /** A seen version, or undefined when it was never seen. */
  getVersion(component: string, version: string): Promise<SeenVersion | undefined>;

  /** Seen versions of a component, in the byte order of their version strings (not version order). */
  listVersions(component: string, page?: PageRequest): Promise<Page<SeenVersion>>;

  /** Replaces the advisories of a seen version; throws `NotFoundError` when it was never seen. */
  setAdvisories(component: string, version: string, advisories: readonly Advisory[], at: string): Promise<SeenVersion>;

  /**
   * Writes a component exactly as given, `rev` included (importing a snapshot): only when none
   * is stored under its name, or — with `replacingRev` — over the one stored at that revision.
   * Throws `ConflictError` otherwise.
   */
  restore(component: ComponentRecord, replacingRev?: number): Promise<void>;
}
