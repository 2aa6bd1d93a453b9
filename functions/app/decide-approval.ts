import { ApprovalExpiredError, ConflictError, ForbiddenError, NotFoundError } from '../core/errors.js';
import type { ApprovalDecision, WorkflowRecord } from '../core/workflow-types.js';
import type { ApprovalRequest } from '../ports/approval-store.js';
import type { AppDeps } from './app-deps.js';
import { authorize } from './api/access.js';
import { API_BINDING, apiApprovalHash, csrfBinding } from './approval-links.js';
import { approvalRules, componentConfig } from './component-settings.js';
import { journal } from './workflow-journal.js';

/** Engine errors that mean the approval's task is no longer waiting. */
const TASK_GONE = new Set(['TaskDoesNotExist', 'TaskTimedOut']);

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
 * Why `wf` takes no (more) decisions from `approver`, as the error the caller gets, or
 * undefined while it is open: cancelled or expired is gone (410), decided by someone else or
 * already decided by this approver is a conflict (409).
 */
export function closedFor(wf: WorkflowRecord, approver?: string): Error | undefined {
  if (wf.stage === 'CANCELLED') return new ApprovalExpiredError(`${wf.component} ${wf.version} was cancelled (${wf.outcomeReason ?? 'cancelled'}); there is nothing left to decide`);
  if (wf.approvalOutcome !== undefined) return new ConflictError(`workflow ${wf.id} was already ${wf.approvalOutcome.decision.toLowerCase()} by ${wf.approvalOutcome.by}`);
  if (wf.stage === 'EXPIRED' || (wf.stage === 'DEFERRED' && wf.approvalDeadline !== undefined)) {
    return new ApprovalExpiredError(`the approval of ${wf.component} ${wf.version} expired at ${wf.approvalDeadline ?? 'its deadline'} (${wf.stage})`);
  }
  if (wf.stage !== 'AWAITING_APPROVAL' || wf.approvalRound === undefined) return new ConflictError(`workflow ${wf.id} was already ${wf.stage}`);
  const mine = approver === undefined ? undefined : wf.approvals?.find((a) => a.approver === approver);
  if (mine !== undefined) return new ConflictError(`${mine.approver} already ${mine.decision.toLowerCase()} this update at ${mine.at}; each approver counts once`);
  return undefined;
}

/**
 * Records an approver's decision exactly once and, when it settles the approval (a rejection,
 * or the N-th distinct approval), settles the task token — only the writer that wins the
 * workflow's optimistic lock does, so there is never a second `SendTaskSuccess`.
 * Errors: `NotFoundError` (unknown link/approval), `ConflictError` (already decided by someone
 * else, or by this approver), `ApprovalExpiredError` (link used, expired, superseded, or the
 * workflow cancelled), `ForbiddenError` (not an approver for this component, a viewer, a wrong
 * CSRF token, or the requester approving their own update when forbidden).
 *
 * @example
 * ```ts
 * await decideApproval(deps, { decision: 'APPROVED', via: { kind: 'api', workflowId, identity: 'ana@example.com' } });
 * ```
 */
export async function decideApproval(deps: AppDeps, request: DecisionRequest): Promise<DecisionResult> {
  const at = deps.clock.now().toISOString();
  const reason = request.reason ? { reason: request.reason } : {};
  let item: ApprovalRequest;
  if (request.via.kind === 'link') {
    // Looked at before the link is used, so a decision that cannot count leaves the link as it was.
    const view = await deps.approvals.get(request.via.secretHash);
    if (view.consumedAt !== undefined) throw new ApprovalExpiredError('this approval link was already used');
    const closed = closedFor(await deps.workflows.get(view.workflowId), view.approver);
    if (closed !== undefined) throw closed;
    try {
      item = await deps.approvals.consume(request.via.secretHash, { at, by: 'link', outcome: request.decision, csrfBinding: csrfBinding(request.via.csrfToken), ...reason });
    } catch (error) {
      // A used link is gone, like an expired one: the answer is the same 410.
      if (error instanceof ConflictError) throw new ApprovalExpiredError('this approval link was already used', { cause: error });
      throw error;
    }
  } else {
    const wf = await deps.workflows.get(request.via.workflowId);
    const identity = request.via.identity.toLowerCase();
    const config = await deps.config.get();
    // The API edge checks the route's role too; a use case called from elsewhere must not rely on it.
    authorize(config, identity, 'approver');
    const rules = approvalRules(config, componentConfig(config, wf.component));
    if (!rules.approvers.includes(identity)) throw new ForbiddenError(`${identity} is not an approver for ${wf.component}`);
    const closed = closedFor(wf, identity);
    if (closed !== undefined) throw closed;
    try {
      item = await deps.approvals.consume(apiApprovalHash(wf.id, wf.approvalRound as number, identity), { at, by: identity, outcome: request.decision, csrfBinding: API_BINDING, ...reason });
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
  // Every rule is checked again inside the optimistic lock: what was read before may have changed.
  const wf: WorkflowRecord = await journal(deps, item.workflowId, (w) => {
    settledNow = undefined;
    rejection = closedFor(w, approver);
    if (rejection !== undefined) return null;
    const rules = approvalRules(config, componentConfig(config, w.component));
    required = rules.requiredApprovals;
    if (w.approvalRequestedAt !== undefined && item.createdAt !== w.approvalRequestedAt) {
      rejection = new ApprovalExpiredError('this approval request was superseded by a newer one (the workflow was resumed); use the latest email');
      return null;
    }
    if (!rules.approvers.includes(approver)) {
      rejection = new ForbiddenError(`${approver} is no longer an approver for ${w.component}`);
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
  try {
    if (settledNow === 'APPROVED') await deps.engine.sendTaskSuccess(item.taskToken, { approvedBy: [...new Set((wf.approvals ?? []).map((a) => a.approver))], at });
    if (settledNow === 'REJECTED') await deps.engine.sendTaskFailure(item.taskToken, 'ApprovalRejected', `rejected by ${approver}${request.reason ? `: ${request.reason}` : ''}`);
  } catch (error) {
    // The wait ended under us (timed out, stopped): the decision is on record, but nothing is waiting for it.
    if (error instanceof Error && TASK_GONE.has(error.name)) throw new ApprovalExpiredError('the workflow is no longer waiting for this approval (its wait ended before the decision arrived)', { cause: error });
    throw error;
  }
  return { workflowId: wf.id, approver, effect: settledNow ? 'decided' : 'counted', ...(settledNow ? { outcome: settledNow } : {}), approvals, required };
}
