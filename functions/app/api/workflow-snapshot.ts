import { computeStatistics, type WorkflowStatistics } from '../../core/statistics.js';
import type { WorkflowRecord } from '../../core/workflow-types.js';
import type { WorkflowStore } from '../../ports/workflow-store.js';

/** Every workflow, and the statistics over them, as of one refresh. */
export interface WorkflowSnapshot {
  readonly workflows: readonly WorkflowRecord[];
  readonly statistics: WorkflowStatistics;
}

/**
 * Writers in different processes (Lambda containers) can stamp `updatedAt` with clocks a little
 * apart, so an update may sort just below the newest one seen: a full re-read now and then
 * catches those.
 */
const FULL_REFRESH_MS = 60_000;

/**
 * How long a snapshot answers without asking the store whether anything changed: a status page
 * polled a thousand times a second costs the table a few queries a second, at most this stale.
 */
export const FRESH_MS = 250;

interface State {
  readonly byId: Map<string, WorkflowRecord>;
  fullAt: number;
  checkedAt: number;
  /** The newest `updatedAt` seen; everything at or after it is re-read on the next refresh. */
  newest: string;
  snapshot: WorkflowSnapshot | undefined;
  refreshing: Promise<WorkflowSnapshot> | undefined;
}

const states = new WeakMap<WorkflowStore, State>();

/**
 * All workflows for status, statistics and metrics, without reading them all on every request:
 * the first call reads every workflow; later calls read only those updated since the newest one
 * seen (`listRecent` is ordered by `updatedAt`, so that is usually one short query), and
 * recompute the statistics only when something changed. Concurrent callers share one refresh.
 * Workflows are never deleted, so merging by id is exact. Within `maxStaleMs` of the last check
 * the snapshot answers without asking the store at all.
 *
 * @example
 * ```ts
 * const { workflows, statistics } = await workflowSnapshot(deps.workflows);
 * ```
 */
export function workflowSnapshot(store: WorkflowStore, options: { readonly maxStaleMs?: number } = {}): Promise<WorkflowSnapshot> {
  let state = states.get(store);
  if (state === undefined) {
    state = { byId: new Map(), fullAt: 0, checkedAt: 0, newest: '', snapshot: undefined, refreshing: undefined };
    states.set(store, state);
  }
  const current = state;
  if (current.snapshot !== undefined && current.refreshing === undefined && Date.now() - current.checkedAt < (options.maxStaleMs ?? FRESH_MS)) return Promise.resolve(current.snapshot);
  current.refreshing ??= refresh(store, current).finally(() => {
    current.checkedAt = Date.now();
    current.refreshing = undefined;
  });
  return current.refreshing;
}

async function refresh(store: WorkflowStore, state: State): Promise<WorkflowSnapshot> {
  if (Date.now() - state.fullAt > FULL_REFRESH_MS) {
    state.newest = '';
    state.fullAt = Date.now();
  }
  let changed = state.snapshot === undefined;
  let newest = state.newest;
  let cursor: string | undefined;
  // Small first page: when nothing changed, one item older than `newest` ends the walk.
  let limit = state.newest === '' ? 100 : 10;
  walk: do {
    const page = await store.listRecent({ limit, ...(cursor ? { cursor } : {}) });
    for (const wf of page.items) {
      if (wf.updatedAt < state.newest) break walk;
      const known = state.byId.get(wf.id);
      if (known === undefined || known.rev !== wf.rev) {
        state.byId.set(wf.id, wf);
        changed = true;
      }
      if (wf.updatedAt > newest) newest = wf.updatedAt;
    }
    cursor = page.cursor;
    limit = 100;
  } while (cursor !== undefined);
  state.newest = newest;
  if (changed || state.snapshot === undefined) {
    const workflows = [...state.byId.values()];
    state.snapshot = { workflows, statistics: computeStatistics(workflows) };
  }
  return state.snapshot;
}
