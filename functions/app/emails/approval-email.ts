import { SUITE_KINDS } from '../../core/types.js';
import type { WorkflowRecord } from '../../core/workflow-types.js';

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export function excerpt(text: string | undefined, max = 600): string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const trimmed = text.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max)}…` : trimmed;
}

/** The facts an approver needs, as label → value lines shared by the email's bodies and the confirmation page. */
export function approvalFacts(wf: WorkflowRecord, deadline: string, required: number): [string, string][] {
  const sim = wf.simulation;
  const suites = sim === undefined ? 'not simulated' : SUITE_KINDS.flatMap((k) => {
    const s = sim.suites[k];
    return s === undefined ? [] : [`${k} ${s.passed}/${s.run}${s.failed > 0 ? ` (${s.failed} failed)` : ''}`];
  }).join(', ') || 'no suites reported';
  const bench = sim?.benchmark ? `${sim.benchmark.metric}: ${sim.benchmark.baseline} → ${sim.benchmark.candidate} ${sim.benchmark.unit}` : undefined;
  const rows: [string, string][] = [
    ['Component', wf.component],
    ['Change', `${wf.fromVersion} → ${wf.version}`],
    ['Update type', wf.comparison?.updateType ?? 'unknown'],
    ['Priority', wf.priority ? `${wf.priority.priority} — ${wf.priority.reasons.join(' ')}` : 'unknown'],
    ['Risk', wf.evaluation ? `${wf.evaluation.risk.level} (score ${wf.evaluation.risk.score}): ${wf.evaluation.risk.factors.filter((f) => f.points > 0).map((f) => `${f.factor} +${f.points} (${f.why})`).join('; ')}` : 'unknown'],
    ['Simulation', sim ? `${sim.status}${sim.reason ? ` — ${sim.reason}` : ''}; ${suites}` : suites],
  ];
  if (bench) rows.push(['Benchmark', bench]);
  if (wf.comparison?.breaking.breaking) rows.push(['Breaking changes', wf.comparison.breaking.reasons.join('; ')]);
  rows.push(['Why review', wf.evaluation?.reasons.join('; ') ?? 'policy asked for review']);
  rows.push(['Decide by', `${deadline}${required > 1 ? ` (${required} approvals needed)` : ''}`]);
  return rows;
}

/**
 * The approval request email: plain text and HTML with the same content. The only secret it
 * carries is the approver's own link; the link opens a confirmation page and decides nothing.
 */
export function renderApprovalEmail(wf: WorkflowRecord, link: { readonly url: string; readonly deadline: string; readonly required: number }): RenderedEmail {
  const rows = approvalFacts(wf, link.deadline, link.required);
  const changelog = excerpt(wf.release?.changelog);
  const trace = (wf.evaluation?.trace ?? []).filter((t) => t.enabled).map((t) => `${t.decided ? '→' : t.matched ? '✓' : '·'} ${t.policy}: ${t.why}`);
  const subject = `[Upkeep] Approve ${wf.component} ${wf.fromVersion} → ${wf.version}? (${wf.evaluation?.risk.level ?? 'unknown'} risk)`;
  const text = [
    `${wf.component} ${wf.version} is waiting for your decision.`,
    '',
    ...rows.map(([k, v]) => `${k}: ${v}`),
    ...(changelog ? ['', 'Changelog:', changelog] : []),
    ...(trace.length ? ['', 'Policy trace:', ...trace] : []),
    '',
    `Review and decide: ${link.url}`,
    'The link opens a confirmation page; nothing is decided until you press Approve or Reject there.',
    'It works once and expires at the deadline. Do not forward it.',
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;max-width:42rem">
<h2 style="margin-bottom:0.2em">${e(wf.component)} ${e(wf.fromVersion)} → ${e(wf.version)}</h2>
<p>is waiting for your decision.</p>
<table cellpadding="4" style="border-collapse:collapse">${rows.map(([k, v]) => `<tr><th align="left" valign="top">${e(k)}</th><td>${e(v)}</td></tr>`).join('')}</table>
${changelog ? `<h3>Changelog</h3><pre style="white-space:pre-wrap">${e(changelog)}</pre>` : ''}
${trace.length ? `<h3>Policy trace</h3><ul>${trace.map((t) => `<li>${e(t)}</li>`).join('')}</ul>` : ''}
<p><a href="${e(link.url)}" style="display:inline-block;padding:0.6em 1.2em;background:#0b5cad;color:#fff;text-decoration:none;border-radius:4px">Review and decide</a></p>
<p style="color:#555;font-size:0.9em">The link opens a confirmation page; nothing is decided until you press Approve or Reject there. It works once and expires at the deadline. Do not forward it.</p>
</body></html>`;
  return { subject, text, html };
}
