import type * as z from 'zod';
import type { Stage } from '../stages.js';
import type { ApprovalDecision, AuditEvent, WorkflowRecord } from '../../core/workflow-types.js';
import type { ExecutionStep } from '../../ports/execution-engine.js';
import type { Page, PageRequest } from '../../ports/page.js';
import type { WorkflowListing } from '../../core/workflow-listing.js';
import type { WorkflowStore } from '../../ports/workflow-store.js';
import type { AppDeps } from '../app-deps.js';
import { approvalRules, componentConfig } from '../component-settings.js';
import type { WorkflowsQuerySchema } from './api-schemas.js';
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
export type WorkflowFilter = z.output<typeof WorkflowsQuerySchema>;

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

/** The approval side of a workflow, without link secrets or task tokens. */
export interface ApprovalSummary {
  /** Which round of asking this is (a restart asks again); null before approval was requested. */
  readonly round: number | null;
  readonly requestedAt: string | null;
  readonly deadline: string | null;
  /** Who may decide, and how many distinct approvals settle it. */
  readonly approvers: readonly string[];
  readonly required: number;
  readonly decisions: readonly ApprovalDecision[];
  readonly outcome: WorkflowRecord['approvalOutcome'] | null;
  readonly waiting: boolean;
}

/** An approver's decision without the address it came from (kept in the store and the export). */
function withoutAddress({ sourceIp: _ip, ...decision }: ApprovalDecision): ApprovalDecision {
  return decision;
}

async function approvalSummary(deps: Pick<AppDeps, 'config'>, wf: WorkflowRecord): Promise<ApprovalSummary | null> {
  if (wf.approvalRound === undefined && wf.approvals === undefined && wf.approvalOutcome === undefined) return null;
  const config = await deps.config.get();
  const rules = approvalRules(config, componentConfig(config, wf.component));
  return {
    round: wf.approvalRound ?? null, requestedAt: wf.approvalRequestedAt ?? null, deadline: wf.approvalDeadline ?? null,
    approvers: rules.approvers, required: rules.requiredApprovals,
    decisions: (wf.approvals ?? []).map(withoutAddress),
    outcome: wf.approvalOutcome ?? null, waiting: wf.stage === 'AWAITING_APPROVAL',
  };
}

/** Every event of one audit stream (a workflow id, `policy:<name>`, `component:<name>`, `system`), oldest first. */
export async function allEvents(deps: Pick<AppDeps, 'audit'>, stream: string): Promise<AuditEvent[]> {
  return collectPages((page) => deps.audit.list(stream, page));
}

/** What `GET /api/self-update/workflows/{id}` answers. */
export type WorkflowDetail = Omit<WorkflowRecord, 'checkpoint'> & {
  readonly approval: ApprovalSummary | null;
  readonly events: AuditEvent[];
  readonly executionUrl: string | null;
  readonly execution: readonly ExecutionStep[] | null;
};

/**
 * Everything about one workflow: the record (stages with timestamps, policy trace, simulation,
 * rollout progress), the approval summary, its audit trail and where to see its execution.
 * The local runner's checkpoint and approvers' addresses are left out.
 */
export async function workflowDetail(deps: Pick<AppDeps, 'workflows' | 'audit' | 'engine' | 'config'>, id: string): Promise<WorkflowDetail> {
  const { checkpoint: _checkpoint, ...record } = await deps.workflows.get(id);
  const wf = { ...record, ...(record.approvals ? { approvals: record.approvals.map(withoutAddress) } : {}) };
  const [events, approval] = await Promise.all([allEvents(deps, id), approvalSummary(deps, wf)]);
  // The execution's own history, where the engine still has it (a local restart forgets it).
  const execution = wf.executionArn === undefined ? null : await deps.engine.history(wf.executionArn).catch(() => null);
  return { ...wf, approval, events, executionUrl: wf.executionArn ? deps.engine.executionUrl(wf.executionArn) : null, execution };
}

/** Every workflow (for statistics and export). */
export async function allWorkflows(deps: Pick<AppDeps, 'workflows'>): Promise<WorkflowRecord[]> {
  return collectPages((page) => deps.workflows.listRecent(page));
}
