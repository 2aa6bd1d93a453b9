import { ValidationError } from '../../core/errors.js';
import { STAGES_ALL, type Stage } from '../stages.js';
import { computeStatistics } from '../../core/statistics.js';
import type { AuditEvent, WorkflowRecord } from '../../core/workflow-types.js';
import type { ExecutionStep } from '../../ports/execution-engine.js';
import type { Page } from '../../ports/page.js';
import type { AppDeps } from '../app-deps.js';

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

/** Reads `limit` and `cursor` from a query string, with clear errors. */
export function pageRequest(query: Readonly<Record<string, string>>): { limit?: number; cursor?: string } {
  const out: { limit?: number; cursor?: string } = {};
  if (query.limit !== undefined) {
    const limit = Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new ValidationError(`limit must be a whole number from 1 to 100, got "${query.limit}"`, [{ path: 'limit', value: query.limit, message: 'must be 1–100' }]);
    }
    out.limit = limit;
  }
  if (query.cursor !== undefined) out.cursor = query.cursor;
  return out;
}

/** Workflows, newest first, optionally of one stage or one component. */
export async function listWorkflows(deps: AppDeps, query: Readonly<Record<string, string>>): Promise<{ items: WorkflowSummary[]; cursor: string | null }> {
  const page = pageRequest(query);
  if (query.stage !== undefined && !(STAGES_ALL as readonly string[]).includes(query.stage)) {
    throw new ValidationError(`stage must be one of ${STAGES_ALL.join(', ')}, got "${query.stage}"`, [{ path: 'stage', value: query.stage, message: 'unknown stage' }]);
  }
  if (query.stage !== undefined && query.component !== undefined) {
    throw new ValidationError('filter by stage or by component, not both', [{ path: 'stage', value: query.stage, message: 'cannot be combined with component' }]);
  }
  let result: Page<WorkflowRecord>;
  if (query.stage !== undefined) result = await deps.workflows.listByStage(query.stage as Stage, page);
  else if (query.component !== undefined) result = await deps.workflows.listByComponent(query.component, page);
  else result = await deps.workflows.listRecent(page);
  return { items: result.items.map(summarize), cursor: result.cursor ?? null };
}

/** Everything about one workflow: the record, its audit trail and where to see its execution. */
export async function workflowDetail(deps: AppDeps, id: string): Promise<WorkflowRecord & { events: AuditEvent[]; executionUrl: string | null; execution: readonly ExecutionStep[] | null }> {
  const wf = await deps.workflows.get(id);
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.audit.list(id, { limit: 100, ...(cursor ? { cursor } : {}) });
    events.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  // The execution's own history, where the engine still has it (a local restart forgets it).
  const execution = wf.executionArn === undefined ? null : await deps.engine.history(wf.executionArn).catch(() => null);
  return { ...wf, events, executionUrl: wf.executionArn ? deps.engine.executionUrl(wf.executionArn) : null, execution };
}

/** Every workflow (for statistics). */
export async function allWorkflows(deps: AppDeps): Promise<WorkflowRecord[]> {
  const all: WorkflowRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.workflows.listRecent({ limit: 100, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return all;
}

/** What `GET /api/self-update/status` answers. */
export async function status(deps: AppDeps): Promise<Record<string, unknown>> {
  const workflows = await allWorkflows(deps);
  const components = await deps.components.list({ limit: 100 });
  return {
    status: 'running',
    time: deps.clock.now().toISOString(),
    components: components.items.length,
    statistics: computeStatistics(workflows),
  };
}
