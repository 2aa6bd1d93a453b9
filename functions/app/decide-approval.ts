import { ApprovalExpiredError, ConflictError, ForbiddenError, NotFoundError } from '../core/errors.js';
import type { ApprovalDecision, WorkflowRecord } from '../core/workflow-types.js';
import type { ApprovalRequest } from '../ports/approval-store.js';
import type { AppDeps } from './app-deps.js';
import { API_BINDING, apiApprovalHash, csrfBinding } from './approval-links.js';
import { approvalRules, componentConfig } from './component-settings.js';
import { journal } from './workflow-journal.js';

/** One approver's decision, through a link (with its CSRF token) or through the API (authenticated). */
export interface DecisionRequest {
  readonly decision: 'APPROVED' | 'REJECTED';
  readonly reason?: string;
  readonly sourceIp?: string;
  /** `link`: the confirmation page's POST; `api`: an authenticated API caller. */
  readonly via: { readonly kind: 'link'; readonly secretHash: string; readonly csrfToken: string } | { readonly kind: 'api'; readonly workflowId: string; readonly identity: string };
}

export interface DecisionResult {
  readonly workflowId: string;
  readonly approver: string;
  /** `decided`: this decision settled the approval; `counted`: recorded, more approvals needed. */
  readonly effect: 'decided' | 'counted';
  readonly outcome?: 'APPROVED' | 'REJECTED';
  readonly approvals: number;
  readonly required: number;
}

/**
 * Records an approver's decision exactly once and, when it settles the approval (a rejection,
 * or the N-th distinct approval), settles the task token — only the writer that wins the
 * workflow's optimistic lock does, so there is never a second `SendTaskSuccess`.
 * Errors: `NotFoundError` (unknown link/approval), `ConflictError` (already used, or already
 * decided by someone else), `ApprovalExpiredError`, `ForbiddenError` (not an approver for this
 * component, a wrong CSRF token, or the requester approving their own update when forbidden).
 */
export async function decideApproval(deps: AppDeps, request: DecisionRequest): Promise<DecisionResult> {
  const at = deps.clock.now().toISOString();
  let item: ApprovalRequest;
  if (request.via.kind === 'link') {
    try {
      item = await deps.approvals.consume(request.via.secretHash, { at, by: 'link', outcome: request.decision, csrfBinding: csrfBinding(request.via.csrfToken), ...(request.reason ? { reason: request.reason } : {}) });
    } catch (error) {
      // A used link is gone, like an expired one: the answer is the same 410.
      if (error instanceof ConflictError) throw new ApprovalExpiredError('this approval link was already used', { cause: error });
      throw error;
    }
  } else {
    const wf = await deps.workflows.get(request.via.workflowId);
    const identity = request.via.identity.toLowerCase();
    const config = await deps.config.get();
    const rules = approvalRules(config, componentConfig(config, wf.component));
    if (!rules.approvers.includes(identity)) throw new ForbiddenError(`${identity} is not an approver for ${wf.component}`);
    if (wf.stage !== 'AWAITING_APPROVAL' || wf.approvalRound === undefined) throw new ConflictError(`workflow ${wf.id} is ${wf.stage}, not awaiting approval`);
    try {
      item = await deps.approvals.consume(apiApprovalHash(wf.id, wf.approvalRound, identity), { at, by: identity, outcome: request.decision, csrfBinding: API_BINDING, ...(request.reason ? { reason: request.reason } : {}) });
    } catch (error) {
      if (error instanceof NotFoundError) throw new ForbiddenError(`${identity} was not asked to approve workflow ${wf.id}`);
      throw error;
    }
  }
  return settle(deps, item, request, at);
}

async function settle(deps: AppDeps, item: ApprovalRequest, request: DecisionRequest, at: string): Promise<DecisionResult> {
  const config = await deps.config.get();
  const approver = item.approver;
  let required = 1;
  let settledNow: 'APPROVED' | 'REJECTED' | undefined;
  let rejection: Error | undefined;
  const decision: ApprovalDecision = { approver, decision: request.decision, at, via: request.via.kind, ...(request.reason ? { reason: request.reason } : {}), ...(request.sourceIp ? { sourceIp: request.sourceIp } : {}) };
  const wf: WorkflowRecord = await journal(deps, item.workflowId, (w) => {
    settledNow = undefined;
    rejection = undefined;
    const rules = approvalRules(config, componentConfig(config, w.component));
    required = rules.requiredApprovals;
    if (w.approvalOutcome !== undefined || w.stage !== 'AWAITING_APPROVAL') {
      rejection = new ConflictError(`workflow ${w.id} was already ${w.approvalOutcome ? `${w.approvalOutcome.decision.toLowerCase()} by ${w.approvalOutcome.by}` : w.stage}`);
      return null;
    }
    if (w.approvalRequestedAt !== undefined && item.createdAt !== w.approvalRequestedAt) {
      rejection = new ApprovalExpiredError('this approval request was superseded by a newer one (the workflow was resumed); use the latest email');
      return null;
    }
    if (rules.forbidAuthorApproval && request.decision === 'APPROVED' && w.requestedBy?.toLowerCase() === approver) {
      rejection = new ForbiddenError(`${approver} requested this update and may not approve it`);
      return null;
    }
    const approvals = [...(w.approvals ?? []), decision];
    const approvers = new Set(approvals.filter((a) => a.decision === 'APPROVED').map((a) => a.approver));
    if (request.decision === 'REJECTED') settledNow = 'REJECTED';
    else if (approvers.size >= required) settledNow = 'APPROVED';
    return { approvals, ...(settledNow ? { approvalOutcome: { decision: settledNow, at, by: approver } } : {}) };
  }, { type: request.decision, actor: approver, message: `${request.decision === 'APPROVED' ? 'Approved' : 'Rejected'} by ${approver} via ${request.via.kind}${request.reason ? `: ${request.reason}` : ''}`, details: { via: request.via.kind, sourceIp: request.sourceIp } });
  if (rejection !== undefined) throw rejection;
  const approvals = new Set((wf.approvals ?? []).filter((a) => a.decision === 'APPROVED').map((a) => a.approver)).size;
  if (settledNow === 'APPROVED') await deps.engine.sendTaskSuccess(item.taskToken, { approvedBy: [...new Set((wf.approvals ?? []).map((a) => a.approver))], at });
  if (settledNow === 'REJECTED') await deps.engine.sendTaskFailure(item.taskToken, 'ApprovalRejected', `rejected by ${approver}${request.reason ? `: ${request.reason}` : ''}`);
  return { workflowId: wf.id, approver, effect: settledNow ? 'decided' : 'counted', ...(settledNow ? { outcome: settledNow } : {}), approvals, required };
}
