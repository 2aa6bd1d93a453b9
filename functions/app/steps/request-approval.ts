import { ValidationError } from '../../core/errors.js';
import type { AppDeps } from '../app-deps.js';
import { API_BINDING, apiApprovalHash, csrfBinding, csrfToken, newLinkSecret, secretHash } from '../approval-links.js';
import { approversAsked } from '../approver-roles.js';
import { renderApprovalEmail } from '../emails/approval-email.js';
import { isTerminal, journal } from '../workflow-journal.js';

export interface RequestApprovalInput {
  readonly workflowId: string;
  /** The `.waitForTaskToken` token: stored server-side only, never logged, mailed or returned. */
  readonly taskToken: string;
  readonly timeoutSeconds: number;
}

/** The page a link opens. */
export function approvalPageUrl(apiUrl: string, secret: string): string {
  return `${apiUrl.replace(/\/$/, '')}/approvals/${secret}`;
}

/**
 * Asks the approvers: one single-use, expiring link per approver (stored hashed, with the
 * task token beside it), an API approval per approver, and an email saying what is changing.
 * Each request is a new round, so a redrive after a restart (a new task token) never reuses
 * the old round's items.
 */
export async function requestApproval(deps: AppDeps, input: RequestApprovalInput): Promise<{ readonly requested: number }> {
  const wf = await deps.workflows.get(input.workflowId);
  const { approvers, required } = approversAsked(await deps.config.get(), wf);
  if (approvers.length < required) {
    throw new ValidationError(`${wf.component} needs ${required} approval(s) but only ${approvers.length} approver(s) may decide; add approvers to upkeep.yaml`);
  }
  const now = deps.clock.now();
  const createdAt = now.toISOString();
  const expiresAt = new Date(now.getTime() + input.timeoutSeconds * 1000).toISOString();
  // A workflow cancelled while this step was on its way stays cancelled: nobody is asked.
  const updated = await journal(deps, wf.id, (w) => isTerminal(w.stage) ? null : ({ stage: 'AWAITING_APPROVAL', approvalDeadline: expiresAt, approvalRequestedAt: createdAt, approvalRound: (w.approvalRound ?? 0) + 1 }), {
    type: 'APPROVAL_REQUESTED',
    message: `Approval requested from ${approvers.join(', ')} (${required} needed) by ${expiresAt}`,
    details: { approvers, requiredApprovals: required, deadline: expiresAt },
  });
  if (isTerminal(updated.stage)) return { requested: 0 };
  const round = updated.approvalRound as number;
  for (const approver of approvers) {
    const secret = newLinkSecret();
    const common = { workflowId: wf.id, approver, taskToken: input.taskToken, createdAt, expiresAt };
    await deps.approvals.create({ ...common, secretHash: secretHash(secret), csrfBinding: csrfBinding(csrfToken(secret)) });
    await deps.approvals.create({ ...common, secretHash: apiApprovalHash(wf.id, round, approver), csrfBinding: API_BINDING });
    const email = renderApprovalEmail(updated, { url: approvalPageUrl(deps.apiUrl, secret), deadline: expiresAt, required });
    await deps.notifier.publish({ ...email, to: [approver], kind: 'approval-request', workflowId: wf.id });
  }
  return { requested: approvers.length };
}
