import type { WorkflowRecord } from '../../core/workflow-types.js';
import { approvalFacts, escapeHtml as e, type RenderedEmail } from './approval-email.js';

/** What a reminder says besides the workflow's facts. */
export interface ReminderFacts {
  /** ISO instant the approval expires. */
  readonly deadline: string;
  /** ISO instant the approval was requested (when the email with the link went out). */
  readonly requestedAt: string;
  readonly required: number;
  /** What happens at the deadline: `reject` (the workflow ends EXPIRED) or `defer`. */
  readonly onExpiry: 'reject' | 'defer';
}

/**
 * The reminder sent before an approval expires. It carries no link: each approver holds one
 * single-use link per request (the email of `requestedAt`, still valid until the deadline), and
 * a second live link per approver would be a second secret in flight for no gain. Approvers
 * without that email decide through the authenticated API or CLI.
 */
export function renderReminderEmail(wf: WorkflowRecord, facts: ReminderFacts): RenderedEmail {
  const rows = approvalFacts(wf, facts.deadline, facts.required);
  const approved = new Set((wf.approvals ?? []).filter((a) => a.decision === 'APPROVED').map((a) => a.approver)).size;
  const then = facts.onExpiry === 'defer' ? 'the update is deferred to the next deployment window' : 'the update is not shipped (EXPIRED)';
  const subject = `[Upkeep] Reminder: ${wf.component} ${wf.fromVersion} → ${wf.version} needs your decision by ${facts.deadline}`;
  const how = [
    `Decide with the link in the approval email sent at ${facts.requestedAt} ("Approve ${wf.component} ${wf.fromVersion} → ${wf.version}?"); it works until the deadline.`,
    `Or, as an authenticated approver: upkeep approve ${wf.id} (or upkeep reject ${wf.id}).`,
    'This reminder carries no link of its own: each approver has one single-use link per request.',
  ];
  const progress = facts.required > 1 ? ` ${approved} of ${facts.required} approvals so far.` : '';
  const text = [
    `${wf.component} ${wf.version} is still waiting for your decision.${progress}`,
    `If nobody decides by ${facts.deadline}, ${then}.`,
    '',
    ...rows.map(([k, v]) => `${k}: ${v}`),
    '',
    ...how,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;max-width:42rem">
<h2 style="margin-bottom:0.2em">Reminder: ${e(wf.component)} ${e(wf.fromVersion)} → ${e(wf.version)}</h2>
<p>is still waiting for your decision.${e(progress)} If nobody decides by <strong>${e(facts.deadline)}</strong>, ${e(then)}.</p>
<table cellpadding="4" style="border-collapse:collapse">${rows.map(([k, v]) => `<tr><th align="left" valign="top">${e(k)}</th><td>${e(v)}</td></tr>`).join('')}</table>
${how.map((line) => `<p>${e(line)}</p>`).join('\n')}
</body></html>`;
  return { subject, text, html };
}
