import { ApprovalExpiredError, ConflictError, ForbiddenError, NotFoundError, UpkeepError, ValidationError } from '../../core/errors.js';
import type { WorkflowRecord } from '../../core/workflow-types.js';
import type { ApprovalView } from '../../ports/approval-store.js';
import type { AppDeps } from '../app-deps.js';
import { csrfToken, secretHash } from '../approval-links.js';
import { approvalRules, componentConfig } from '../component-settings.js';
import { closedFor, decideApproval } from '../decide-approval.js';
import { approvalFacts, escapeHtml as e, excerpt } from '../emails/approval-email.js';

export interface Page {
  readonly status: number;
  readonly html: string;
}

const STYLE = `*{box-sizing:border-box}body{margin:0;background:#f4f5f7;color:#1f2328;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header{background:#1f2328;color:#fff;padding:.7rem 1.2rem;font-weight:600;letter-spacing:.02em}header span{font-weight:400;opacity:.75}
main{max-width:46rem;margin:1.5rem auto;padding:0 1rem}.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1.4rem 1.6rem;margin-bottom:1rem}
h1{font-size:1.5rem;margin:0 0 .3rem}.sub{margin:0 0 1rem;color:#57606a}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{padding:.45rem .6rem;text-align:left;vertical-align:top;border-top:1px solid #eaeef2}
th{width:9.5rem;color:#57606a;font-weight:600;white-space:nowrap}td{overflow-wrap:anywhere}td ul{margin:.3rem 0 0;padding-left:1.1rem}td li{margin:.1rem 0}
pre{white-space:pre-wrap;background:#f6f8fa;border-radius:6px;padding:.6rem .8rem;font-size:.9rem;margin:.3rem 0 1rem}
label{font-weight:600}textarea{width:100%;min-height:4.5rem;margin-top:.3rem;padding:.5rem;border:1px solid #d0d7de;border-radius:6px;font:inherit}
.actions{display:flex;gap:.8rem;margin-top:1rem}button{font:inherit;font-weight:600;padding:.65rem 1.6rem;border:0;border-radius:6px;cursor:pointer}
.approve{background:#1a7f37;color:#fff}.reject{background:#fff;color:#cf222e;border:1px solid #cf222e}button:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.note{color:#57606a;font-size:.9rem;margin:1rem 0 0}.badge{display:inline-block;padding:.05rem .55rem;border-radius:999px;background:#ddf4ff;color:#0550ae;font-weight:600}
.risk-HIGH,.risk-CRITICAL{background:#ffebe9;color:#a40e26}.risk-MEDIUM{background:#fff8c5;color:#7d4e00}.risk-LOW{background:#dafbe1;color:#116329}`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex,nofollow"><meta name="referrer" content="no-referrer"><title>${e(title)}</title><style>${STYLE}</style></head><body><header>Upkeep <span>· update approval</span></header><main>${body}</main></body></html>`;
}

function message(status: number, title: string, text: string): Page {
  return { status, html: layout(title, `<div class="card"><h1>${e(title)}</h1><p>${e(text)}</p></div>`) };
}

/** The status page for a decision that cannot be taken: 403, 404, 409 or 410 with a plain reason. */
export function refusal(error: unknown): Page | undefined {
  if (error instanceof UpkeepError && error.name === 'TaskDoesNotExist') return message(410, 'No longer waiting', 'The workflow is no longer waiting for this approval.');
  if (error instanceof ValidationError) return message(400, 'Not understood', error.message);
  if (error instanceof ForbiddenError) return message(403, 'Not accepted', `${error.message}.`);
  if (error instanceof NotFoundError) return message(404, 'Link not valid', 'This approval link is not valid. Check that it was copied whole.');
  if (error instanceof ApprovalExpiredError) {
    const title = /cancelled/.test(error.message) ? 'Cancelled' : /already used/.test(error.message) ? 'Link already used' : /superseded/.test(error.message) ? 'Link replaced' : 'Link expired';
    return message(410, title, error.message);
  }
  if (error instanceof ConflictError) return message(409, 'Already decided', error.message);
  return undefined;
}

/** An ISO instant as people read it: `2025-01-16 12:00 UTC`. */
function readable(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso;
}

/** A fact's value as HTML: the risk as one line per factor, everything else as text. */
function cell(wf: WorkflowRecord, label: string, value: string): string {
  const factors = wf.evaluation?.risk.factors.filter((f) => f.points > 0) ?? [];
  if (label !== 'Risk' || factors.length === 0) return e(value);
  const risk = wf.evaluation?.risk;
  return `${e(`${risk?.level ?? ''} (score ${risk?.score ?? 0})`)}<ul>${factors.map((f) => `<li>${e(`${f.factor} +${f.points}: ${f.why}`)}</li>`).join('')}</ul>`;
}

function details(wf: WorkflowRecord, view: ApprovalView, required: number): string {
  const rows = approvalFacts(wf, readable(view.expiresAt), required).filter(([k]) => k !== 'Component' && k !== 'Change');
  const risk = wf.evaluation?.risk.level;
  const changelog = excerpt(wf.release?.changelog);
  const approved = new Set((wf.approvals ?? []).filter((a) => a.decision === 'APPROVED').map((a) => a.approver));
  return `<p class="sub">${risk ? `<span class="badge risk-${e(risk)}">${e(risk)} risk</span> ` : ''}${required > 1 ? `${approved.size} of ${required} approvals so far` : ''}</p>
<table>${rows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${cell(wf, k, v)}</td></tr>`).join('')}</table>${changelog ? `<p><strong>Changelog</strong></p><pre>${e(changelog)}</pre>` : ''}`;
}

/**
 * The page an approval link opens. Reading it changes nothing (mail scanners prefetch links,
 * and HEAD gets the same answer without a body); only the form's POST, carrying the CSRF
 * token bound to this link, decides.
 */
export async function approvalPage(deps: AppDeps, secret: string): Promise<Page> {
  let view: ApprovalView;
  try {
    view = await deps.approvals.get(secretHash(secret));
  } catch (error) {
    const page = refusal(error);
    if (page !== undefined) return page;
    throw error;
  }
  if (view.consumedAt !== undefined) return message(410, 'Link already used', `This link was used at ${view.consumedAt} (${view.outcome?.toLowerCase() ?? 'decided'}). Each link works once.`);
  const wf = await deps.workflows.get(view.workflowId);
  const closed = closedFor(wf, view.approver);
  if (closed !== undefined) return refusal(closed) as Page;
  if (deps.clock.now().toISOString() >= view.expiresAt) return message(410, 'Link expired', `This approval expired at ${view.expiresAt}.`);
  if (wf.approvalRequestedAt !== undefined && view.createdAt !== wf.approvalRequestedAt) {
    return message(410, 'Link replaced', 'This approval request was superseded by a newer one (the workflow was resumed); use the latest email.');
  }
  const config = await deps.config.get();
  const rules = approvalRules(config, componentConfig(config, wf.component));
  if (!rules.approvers.includes(view.approver)) return message(403, 'Not accepted', `${view.approver} is no longer an approver for ${wf.component}.`);
  const form = `<form method="post">
<input type="hidden" name="csrf" value="${e(csrfToken(secret))}">
<label for="reason">Reason <span class="note">(optional, recorded in the audit trail)</span></label>
<textarea id="reason" name="reason" maxlength="1000"></textarea>
<div class="actions"><button class="approve" type="submit" name="decision" value="approve">Approve</button><button class="reject" type="submit" name="decision" value="reject">Reject</button></div>
</form>`;
  return {
    status: 200,
    html: layout(`Approve ${wf.component} ${wf.version}?`, `<div class="card"><h1>${e(wf.component)} ${e(wf.fromVersion)} → ${e(wf.version)}</h1>
<p class="sub">Deciding as <strong>${e(view.approver)}</strong></p>${details(wf, view, rules.requiredApprovals)}${form}
<p class="note">Opening this page decided nothing. The link works once and expires at <time datetime="${e(view.expiresAt)}">${e(readable(view.expiresAt))}</time>.</p></div>`),
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
    const page = refusal(error);
    if (page !== undefined) return page;
    throw error;
  }
}
