import type { ApprovalDecision, AuditEvent, WorkflowRecord } from '../../core/workflow-types.js';
import type { ExecutionStep } from '../../ports/execution-engine.js';
import type { AppDeps } from '../app-deps.js';
import { approvalRules, componentConfig } from '../component-settings.js';
import { allEvents } from './workflow-queries.js';

/*
 * One workflow in full, for `GET /api/self-update/workflows/{id}`: a module of its own because it
 * reads the execution's history from the engine, and the listings' functions carry no engine.
 */

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
