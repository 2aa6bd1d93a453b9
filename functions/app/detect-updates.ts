import { compareComponent } from '../core/comparison.js';
import { classifyPriority } from '../core/priority.js';
import { describeSource } from '../core/source-label.js';
import type { Priority, ReleaseInfo, UpdateType, VersionComparison } from '../core/types.js';
import type { ComponentRecord } from '../ports/component-store.js';
import type { AppDeps } from './app-deps.js';
import { startUpdateWorkflow } from './start-update-workflow.js';

/** One component's line in a detection pass (the shape `upkeep check --json` prints). */
export interface DetectionResult {
  readonly component: string;
  readonly currentVersion: string;
  readonly availableVersion: string | null;
  readonly updateAvailable: boolean;
  readonly updateType: UpdateType;
  readonly priority: Priority | null;
  readonly recommendation: string;
  readonly source: string;
  /** Null unless this component's source failed. */
  readonly error: string | null;
  readonly workflowId?: string;
  /** True when this pass started the workflow's execution. */
  readonly started?: boolean;
}

export interface DetectOptions {
  /** Start a workflow per new component+version (the scheduled run); false for `upkeep check`. */
  readonly startWorkflows: boolean;
  /** Only these components (a webhook's one component). @default - all */
  readonly only?: readonly string[];
  /** This invocation's share of the components: `index` of `count` shards, split by a stable hash of the name. @default - all */
  readonly shard?: { readonly index: number; readonly count: number };
  /**
   * Components checked at once. The sources' HTTP client bounds the requests to each host, so
   * this only needs to be large enough that a component's store reads and writes (the
   * conditional-request cache, seen versions) overlap other components' requests instead of
   * idling the registry's slots.
   * @default 64 - four times the HTTP client's default per-host limit
   */
  readonly concurrency?: number;
}

const DEFAULT_CONCURRENCY = 64;
/** Components per store query (the stores' maximum). */
const PAGE_SIZE = 100;

/** What a pass that starts nothing (`upkeep check`) needs: components, their sources, the time. */
export type CheckDeps = Pick<AppDeps, 'components' | 'sources' | 'clock'>;

/** Skipped versions kept on a workflow record: enough to explain, small enough for a state payload. */
const MAX_SKIPPED = 20;

/**
 * One detection pass: asks each component's source what exists, compares with what runs,
 * records the candidate, and (when asked) starts exactly one workflow per new
 * component+version. One failing source is recorded for its component and stops nothing else.
 */
export function detectUpdates(deps: CheckDeps, options: DetectOptions & { readonly startWorkflows: false }): Promise<DetectionResult[]>;
export function detectUpdates(deps: AppDeps, options: DetectOptions): Promise<DetectionResult[]>;
export async function detectUpdates(deps: CheckDeps | AppDeps, options: DetectOptions): Promise<DetectionResult[]> {
  // Components are checked as their pages arrive: the registries' first requests do not wait for
  // the last page of a long listing (ten store queries for a thousand components).
  const chosen = chosenComponents(deps, options);
  const results: DetectionResult[] = [];
  const worker = async (): Promise<void> => {
    for (let item = await chosen.next(); item.done !== true; item = await chosen.next()) {
      const [index, component] = item.value;
      results[index] = await detectOne(deps, component, options);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? DEFAULT_CONCURRENCY }, worker));
  return results;
}

/**
 * The components a pass checks, in listing order with their position, page by page. Workers
 * share it: an async generator answers concurrent `next()` calls one after another, in order.
 */
async function* chosenComponents(deps: CheckDeps | AppDeps, options: DetectOptions): AsyncGenerator<readonly [number, ComponentRecord]> {
  let index = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.components.list({ limit: PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) });
    for (const c of page.items) {
      if ((options.only === undefined || options.only.includes(c.name)) && inShard(c.name, options.shard)) yield [index++, c] as const;
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
}

/** A stable shard for a component name (FNV-1a), so each scheduled invocation checks its own share. */
export function shardOf(name: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash % count;
}

function inShard(name: string, shard: DetectOptions['shard']): boolean {
  return shard === undefined || shard.count <= 1 || shardOf(name, shard.count) === shard.index;
}

async function detectOne(deps: CheckDeps | AppDeps, component: ComponentRecord, options: DetectOptions): Promise<DetectionResult> {
  const base = { component: component.name, currentVersion: component.current, source: describeSource(component.source) };
  let releases: readonly ReleaseInfo[];
  try {
    releases = (await deps.sources(component.source.type).list(component.source)).releases;
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { ...base, availableVersion: null, updateAvailable: false, updateType: 'none', priority: null, recommendation: 'The source could not be read; see error.', error: message };
  }
  const now = deps.clock.now();
  const full = compareComponent(
    { name: component.name, current: component.current, scheme: component.scheme, ...(component.allowPrerelease ? { allowPrerelease: true } : {}), ...(component.highWaterMark ? { highWaterMark: component.highWaterMark } : {}), quarantined: component.quarantined },
    releases,
    now,
  );
  const comparison: VersionComparison = { ...full, skipped: full.skipped.slice(0, MAX_SKIPPED) };
  const currentRelease = releases.find((r) => r.version === component.current);
  const priority = classifyPriority({ comparison, advisories: currentRelease?.advisories ?? [], ...(currentRelease ? { currentRelease } : {}) }, now);
  const result: DetectionResult = {
    ...base, availableVersion: comparison.available, updateAvailable: comparison.updateAvailable, updateType: comparison.updateType,
    priority: priority.priority, recommendation: comparison.recommendation, error: null,
  };
  if (!comparison.updateAvailable || comparison.release === null || !options.startWorkflows) return result;
  // The overloads only let `startWorkflows: true` through with every port.
  const { workflowId, started } = await startUpdateWorkflow(deps as AppDeps, { component, release: comparison.release, comparison, priority }, { actor: 'detector', how: 'found' });
  return { ...result, workflowId, started };
}
