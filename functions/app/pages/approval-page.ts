import { ApprovalExpiredError, ConflictError, ForbiddenError, NotFoundError, UpkeepError, ValidationError } from '../../core/errors.js';
import type { WorkflowRecord } from '../../core/workflow-types.js';
import type { AppDeps } from '../app-deps.js';
import { csrfToken, secretHash } from '../approval-links.js';
import { decideApproval } from '../decide-approval.js';
import { escapeHtml as e } from '../emails/approval-email.js';
import { SUITE_KINDS } from '../../core/types.js';

export interface Page {
  readonly status: number;
  readonly html: string;
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
table{border-collapse:collapse;margin:1rem 0}th,td{padding:.3rem .6rem;text-align:left;vertical-align:top;border-bottom:1px solid #eee}
button{font-size:1rem;padding:.6rem 1.4rem;margin-right:.6rem;border:0;border-radius:4px;cursor:pointer}
.approve{background:#1a7f37;color:#fff}.reject{background:#cf222e;color:#fff}textarea{width:100%;min-height:4rem}
.note{color:#555;font-size:.9rem}.badge{display:inline-block;padding:.1rem .5rem;border-radius:3px;background:#eee}`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${e(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function message(status: number, title: string, text: string): Page {
  return { status, html: layout(title, `<h1>${e(title)}</h1><p>${e(text)}</p>`) };
}

function details(wf: WorkflowRecord): string {
  const sim = wf.simulation;
  const suites = sim ? SUITE_KINDS.flatMap((k) => (sim.suites[k] ? [`${k} ${sim.suites[k].passed}/${sim.suites[k].run}`] : [])).join(', ') : 'not simulated';
  const rows: [string, string][] = [
    ['Change', `${wf.fromVersion} → ${wf.version}`],
    ['Update type', wf.comparison?.updateType ?? 'unknown'],
    ['Priority', wf.priority ? `${wf.priority.priority}: ${wf.priority.reasons.join(' ')}` : 'unknown'],
    ['Risk', wf.evaluation ? `${wf.evaluation.risk.level} (score ${wf.evaluation.risk.score})` : 'unknown'],
    ['Simulation', sim ? `${sim.status}${sim.reason ? ` — ${sim.reason}` : ''}; ${suites}` : suites],
    ['Why review', wf.evaluation?.reasons.join('; ') ?? ''],
    ['Decide by', wf.approvalDeadline ?? ''],
  ];
  return `<table>${rows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`).join('')}</table>`;
}

/**
 * The page an approval link opens. Reading it changes nothing (mail scanners prefetch links);
 * only the form's POST, carrying the CSRF token bound to this link, decides.
 */
export async function approvalPage(deps: AppDeps, secret: string): Promise<Page> {
  let view;
  try {
    view = await deps.approvals.get(secretHash(secret));
  } catch (error) {
    if (error instanceof NotFoundError) return message(404, 'Link not valid', 'This approval link is not valid. Check that it was copied whole.');
    throw error;
  }
  if (view.consumedAt !== undefined) return message(410, 'Link already used', `This link was used at ${view.consumedAt} (${view.outcome?.toLowerCase() ?? 'decided'}). Each link works once.`);
  if (deps.clock.now().toISOString() >= view.expiresAt) return message(410, 'Link expired', `This approval expired at ${view.expiresAt}.`);
  const wf = await deps.workflows.get(view.workflowId);
  if (wf.stage !== 'AWAITING_APPROVAL' || wf.approvalOutcome !== undefined) {
    return message(410, 'No longer waiting', `${wf.component} ${wf.version} is ${wf.stage}${wf.approvalOutcome ? `, ${wf.approvalOutcome.decision.toLowerCase()} by ${wf.approvalOutcome.by}` : ''}.`);
  }
  const form = `<form method="post">
<input type="hidden" name="csrf" value="${e(csrfToken(secret))}">
<p><label for="reason">Reason (optional, recorded in the audit trail)</label><br><textarea id="reason" name="reason" maxlength="1000"></textarea></p>
<p><button class="approve" type="submit" name="decision" value="approve">Approve</button><button class="reject" type="submit" name="decision" value="reject">Reject</button></p>
</form>`;
  return {
    status: 200,
    html: layout(`Approve ${wf.component} ${wf.version}?`, `<h1>${e(wf.component)} ${e(wf.fromVersion)} → ${e(wf.version)}</h1>
<p>Deciding as <span class="badge">${e(view.approver)}</span></p>${details(wf)}${form}
<p class="note">This link works once and expires at ${e(view.expiresAt)}. Opening it decided nothing.</p>`),
  };
}

/** Reads the confirmation form (`application/x-www-form-urlencoded`). */
export function parseDecisionForm(body: string): { decision: 'APPROVED' | 'REJECTED'; csrf: string; reason?: string } {
  const form = new URLSearchParams(body);
  const decision = form.get('decision');
  if (decision !== 'approve' && decision !== 'reject') {
    throw new ValidationError(`decision must be "approve" or "reject", got ${decision === null ? 'nothing' : `"${decision}"`}`, [{ path: 'decision', value: String(decision), message: 'must be approve or reject' }]);
  }
  const reason = form.get('reason')?.trim().slice(0, 1000);
  return { decision: decision === 'approve' ? 'APPROVED' : 'REJECTED', csrf: form.get('csrf') ?? '', ...(reason ? { reason } : {}) };
}

/** The confirmation form's POST: records the decision once and shows what happened. */
export async function submitApproval(deps: AppDeps, secret: string, body: string, sourceIp?: string): Promise<Page> {
  try {
    const form = parseDecisionForm(body);
    const result = await decideApproval(deps, {
      decision: form.decision, via: { kind: 'link', secretHash: secretHash(secret), csrfToken: form.csrf }, ...(form.reason ? { reason: form.reason } : {}), ...(sourceIp ? { sourceIp } : {}),
    });
    const text = result.effect === 'decided'
      ? `Recorded: ${result.outcome === 'APPROVED' ? 'approved' : 'rejected'} by ${result.approver}.`
      : `Recorded your approval (${result.approvals} of ${result.required} needed).`;
    return message(200, 'Thank you', text);
  } catch (error) {
    if (error instanceof ValidationError) return message(400, 'Not understood', error.message);
    if (error instanceof ForbiddenError) return message(403, 'Not accepted', 'The form could not be verified. Open the link from your email again and use its page.');
    if (error instanceof NotFoundError) return message(404, 'Link not valid', 'This approval link is not valid.');
    if (error instanceof ApprovalExpiredError) return message(410, 'Link no longer valid', error.message);
    if (error instanceof ConflictError) return message(409, 'Already decided', error.message);
    if (error instanceof UpkeepError && error.name === 'TaskDoesNotExist') return message(410, 'No longer waiting', 'The workflow is no longer waiting for this approval.');
    throw error;
  }
}
