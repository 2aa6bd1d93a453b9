import type { Stage } from '../stages.js';
import type { AuditEvent, WorkflowRecord } from '../../core/workflow-types.js';
import type { Page, PageRequest } from '../../ports/page.js';
import type { WorkflowListing } from '../../core/workflow-listing.js';
import type { WorkflowStore } from '../../ports/workflow-store.js';
import type { AppDeps } from '../app-deps.js';
import type { WorkflowsQuerySchema } from './api-schemas.js';
import type { Output } from '../../core/checks/index.js';
import { collectPages } from '../collect-pages.js';
import { keepsSnapshot, snapshotPage } from './workflow-snapshot.js';

/** A workflow in a listing: enough to find it and see where it is. */
export interface WorkflowSummary {
  readonly id: string;
  readonly component: string;
  readonly version: string;
  readonly fromVersion: string;
  readonly stage: Stage;
  readonly decision: string | null;
  readonly risk: string | null;
  readonly priority: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly endedAt: string | null;
  readonly outcomeReason: string | null;
}

export function summarize(wf: WorkflowRecord): WorkflowSummary {
  return {
    id: wf.id, component: wf.component, version: wf.version, fromVersion: wf.fromVersion, stage: wf.stage,
    decision: wf.evaluation?.decision ?? null, risk: wf.evaluation?.risk.level ?? null, priority: wf.priority?.priority ?? null,
    createdAt: wf.createdAt, updatedAt: wf.updatedAt, endedAt: wf.endedAt ?? null, outcomeReason: wf.outcomeReason ?? null,
  };
}

/** Filters of a listing, as `WorkflowsQuerySchema` validated them. */
export type WorkflowFilter = Output<typeof WorkflowsQuerySchema>;

/** The store's listing that serves a filter: by stage, else by component, else everything. */
function listingFor(filter: WorkflowFilter): WorkflowListing {
  if (filter.stage !== undefined) return { by: 'stage', stage: filter.stage };
  return filter.component === undefined ? { by: 'recent' } : { by: 'component', component: filter.component };
}

/** One page of `listing`: from this process's workflow snapshot when it keeps one, else from the store. */
async function listingPage(store: WorkflowStore, listing: WorkflowListing, page: PageRequest): Promise<Page<WorkflowRecord>> {
  const fromSnapshot = keepsSnapshot(store) ? await snapshotPage(store, listing, page) : undefined;
  if (fromSnapshot !== undefined) return fromSnapshot;
  if (listing.by === 'stage') return store.listByStage(listing.stage, page);
  return listing.by === 'component' ? store.listByComponent(listing.component, page) : store.listRecent(page);
}

/**
 * Workflows, newest first, of one stage and/or component, detected (`createdAt`) within
 * `since`–`until`. A page may come back short, or empty with a cursor, when the filters drop
 * items; listings stop early once they pass `since` (they are sorted by a time at or after it).
 *
 * Where this process keeps a workflow snapshot (status and metrics build one: local mode serves
 * every route in one process), pages come from memory, at most `FRESH_MS` (250 ms) stale (see
 * `workflowSnapshot`); otherwise from the store, as on AWS, where each route is its own function. Both give the same pages and the same cursors,
 * so a listing may be paged through across both and across processes.
 */
export async function listWorkflows(deps: Pick<AppDeps, 'workflows'>, filter: WorkflowFilter): Promise<{ items: WorkflowSummary[]; cursor: string | null }> {
  const page: PageRequest = { ...(filter.limit !== undefined ? { limit: filter.limit } : {}), ...(filter.cursor !== undefined ? { cursor: filter.cursor } : {}) };
  const result = await listingPage(deps.workflows, listingFor(filter), page);
  const since = filter.since === undefined ? undefined : Date.parse(filter.since);
  const until = filter.until === undefined ? undefined : Date.parse(filter.until);
  const items = result.items.filter((wf) => (filter.component === undefined || wf.component === filter.component)
    && (since === undefined || Date.parse(wf.createdAt) >= since)
    && (until === undefined || Date.parse(wf.createdAt) <= until));
  // Listings are sorted newest first by createdAt or updatedAt (never before createdAt): past `since`, nothing later matches.
  const last = result.items.at(-1);
  const exhausted = since !== undefined && last !== undefined && Date.parse(filter.stage === undefined && filter.component !== undefined ? last.createdAt : last.updatedAt) < since;
  return { items: items.map(summarize), cursor: exhausted ? null : result.cursor ?? null };
}

/** Every event of one audit stream (a workflow id, `policy:<name>`, `component:<name>`, `system`), oldest first. */
export async function allEvents(deps: Pick<AppDeps, 'audit'>, stream: string): Promise<AuditEvent[]> {
  return collectPages((page) => deps.audit.list(stream, page));
}

/** Every workflow (for statistics and export). */
export async function allWorkflows(deps: Pick<AppDeps, 'workflows'>): Promise<WorkflowRecord[]> {
  return collectPages((page) => deps.workflows.listRecent(page));
}
