import { computeStatistics, type WorkflowStatistics } from '../../core/statistics.js';
import { workflowSortKey, type WorkflowListing } from '../../core/workflow-listing.js';
import type { WorkflowRecord } from '../../core/workflow-types.js';
import type { Page, PageRequest } from '../../ports/page.js';
import type { WorkflowStore } from '../../ports/workflow-store.js';
import { SortedWorkflows } from './sorted-workflows.js';

/** Every workflow, and the statistics over them, as of one refresh. */
export interface WorkflowSnapshot {
  readonly workflows: readonly WorkflowRecord[];
  readonly statistics: WorkflowStatistics;
}

/**
 * A write that lands long after it was stamped (a slow writer, writers' clocks a little apart,
 * an index that lags) can carry an `updatedAt` below the newest one already seen; the full
 * re-read now and then catches those the overlap below misses.
 */
const FULL_REFRESH_MS = 60_000;

/** Each refresh re-reads what was updated up to this long before the newest `updatedAt` seen. */
export const OVERLAP_MS = 5_000;

/**
 * How long a snapshot answers without asking the store whether anything changed: a status page
 * polled a thousand times a second costs the table a few queries a second, at most this stale.
 */
export const FRESH_MS = 250;

/** `PageRequest`'s default and largest page. */
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;

const RECENT: WorkflowListing = { by: 'recent' };

interface State {
  readonly byId: Map<string, WorkflowRecord>;
  readonly recent: SortedWorkflows;
  readonly byStage: Map<string, SortedWorkflows>;
  readonly byComponent: Map<string, SortedWorkflows>;
  fullAt: number;
  checkedAt: number;
  /** The newest `updatedAt` seen (epoch ms); a refresh re-reads from `OVERLAP_MS` before it. */
  newest: number;
  snapshot: WorkflowSnapshot | undefined;
  refreshing: Promise<WorkflowSnapshot> | undefined;
}

const states = new WeakMap<WorkflowStore, State>();

/**
 * All workflows for status, statistics, metrics and listings, without reading them all on every
 * request: the first call reads every workflow; later calls read only those updated since shortly
 * before the newest one seen (`listRecent` is ordered by `updatedAt`, so that is usually one short
 * query), and recompute the statistics only when something changed. Concurrent callers share one
 * refresh. Workflows are never deleted, so merging by id (keeping the higher `rev`) is exact.
 * Within `maxStaleMs` of the last check the snapshot answers without asking the store at all.
 *
 * Staleness: a write shows within `maxStaleMs` (default {@link FRESH_MS}) of landing, unless it
 * landed more than {@link OVERLAP_MS} after a write stamped later than it; then within a minute.
 *
 * @example
 * ```ts
 * const { workflows, statistics } = await workflowSnapshot(deps.workflows);
 * ```
 */
export function workflowSnapshot(store: WorkflowStore, options: { readonly maxStaleMs?: number } = {}): Promise<WorkflowSnapshot> {
  let state = states.get(store);
  if (state === undefined) {
    state = {
      byId: new Map(), recent: new SortedWorkflows(), byStage: new Map(), byComponent: new Map(),
      fullAt: 0, checkedAt: 0, newest: Number.NEGATIVE_INFINITY, snapshot: undefined, refreshing: undefined,
    };
    states.set(store, state);
  }
  const current = state;
  if (current.snapshot !== undefined && current.refreshing === undefined && Date.now() - current.checkedAt < (options.maxStaleMs ?? FRESH_MS)) return Promise.resolve(current.snapshot);
  if (current.refreshing === undefined) {
    // Fresh as of when the refresh began, not when it ended.
    const started = Date.now();
    current.refreshing = refresh(store, current).finally(() => {
      current.checkedAt = started;
      current.refreshing = undefined;
    });
  }
  return current.refreshing;
}

/** Whether this process keeps a snapshot of `store` (something asked for one, and it was built). */
export function keepsSnapshot(store: WorkflowStore): boolean {
  return states.get(store)?.snapshot !== undefined;
}

/**
 * One page of a listing from the snapshot, answered as `store` answers it: the same order
 * (`workflowSortKey`, descending), page size and cursors (the store's own, so a listing can be
 * paged through partly here and partly in the store, or in another process), a cursor on every
 * full page. Only as fresh as {@link workflowSnapshot}; a page may be fuller than the store's when
 * DynamoDB cuts a page at 1 MB. Returns undefined for a limit the store would refuse, so that the
 * store says what is wrong.
 *
 * @example
 * ```ts
 * const page = keepsSnapshot(store) ? await snapshotPage(store, { by: 'stage', stage: 'DEPLOYING' }, { limit: 20 }) : undefined;
 * ```
 */
export async function snapshotPage(store: WorkflowStore, listing: WorkflowListing, request: PageRequest): Promise<Page<WorkflowRecord> | undefined> {
  const limit = request.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return undefined;
  const position = request.cursor === undefined ? undefined : store.cursorPosition(listing, request.cursor);
  await workflowSnapshot(store);
  const state = states.get(store) as State;
  const index = listing.by === 'recent' ? state.recent : listing.by === 'stage' ? state.byStage.get(listing.stage) : state.byComponent.get(listing.component);
  const { keys, items } = index?.after(position, limit) ?? { keys: [], items: [] };
  const last = keys.at(-1);
  return items.length === limit && last !== undefined ? { items, cursor: store.cursorAt(listing, last) } : { items };
}

async function refresh(store: WorkflowStore, state: State): Promise<WorkflowSnapshot> {
  const full = Date.now() - state.fullAt > FULL_REFRESH_MS;
  if (full) state.fullAt = Date.now();
  const from = full ? Number.NEGATIVE_INFINITY : state.newest - OVERLAP_MS;
  let changed = state.snapshot === undefined;
  let cursor: string | undefined;
  // Small first page: when nothing changed, one item older than the overlap ends the walk.
  let limit = full ? 100 : 10;
  walk: do {
    const page = await store.listRecent({ limit, ...(cursor ? { cursor } : {}) });
    for (const wf of page.items) {
      const at = Date.parse(wf.updatedAt);
      if (at < from) break walk;
      if (merge(state, wf)) changed = true;
      if (at > state.newest) state.newest = at;
    }
    cursor = page.cursor;
    limit = 100;
  } while (cursor !== undefined);
  if (changed || state.snapshot === undefined) {
    const workflows = [...state.byId.values()];
    state.snapshot = { workflows, statistics: computeStatistics(workflows) };
  }
  return state.snapshot;
}

/** Takes `wf` unless the snapshot holds it at the same or a later revision; true when it did. */
function merge(state: State, wf: WorkflowRecord): boolean {
  const known = state.byId.get(wf.id);
  if (known !== undefined && known.rev >= wf.rev) return false;
  if (known !== undefined) {
    const key = workflowSortKey(RECENT, known);
    state.recent.delete(key);
    state.byStage.get(known.stage)?.delete(key);
    state.byComponent.get(known.component)?.delete(workflowSortKey({ by: 'component', component: known.component }, known));
  }
  state.byId.set(wf.id, wf);
  const key = workflowSortKey(RECENT, wf);
  state.recent.set(key, wf);
  indexIn(state.byStage, wf.stage).set(key, wf);
  indexIn(state.byComponent, wf.component).set(workflowSortKey({ by: 'component', component: wf.component }, wf), wf);
  return true;
}

function indexIn(indexes: Map<string, SortedWorkflows>, name: string): SortedWorkflows {
  let index = indexes.get(name);
  if (index === undefined) {
    index = new SortedWorkflows();
    indexes.set(name, index);
  }
  return index;
}
