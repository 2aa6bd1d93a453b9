// The Approve / Reject form: calls POST /approve/{id} as the signed-in person.
import { api, ApiError } from '../api.js';
import { h } from '../dom.js';

let forms = 0;

/** A form deciding one workflow; `onDone(decision)` runs after the API accepted it. */
export function decisionForm(workflow, ctx, onDone) {
  const id = `reason-${++forms}`;
  const reason = h('textarea', { id, name: 'reason', rows: 2, maxlength: 1000, placeholder: 'Why? (kept in the audit trail)', class: 'reason-input' });
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const buttons = [];
  const decide = async (decision) => {
    for (const b of buttons) b.disabled = true;
    error.hidden = true;
    try {
      await api(`/approve/${encodeURIComponent(workflow.id)}`, { method: 'POST', body: { decision, ...(reason.value.trim() ? { reason: reason.value.trim() } : {}) } });
      ctx.toast(`${decision === 'approve' ? 'Approved' : 'Rejected'} ${workflow.component} ${workflow.version}`, decision === 'approve' ? 'ok' : 'info');
      ctx.refreshHeader();
      onDone(decision);
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.message : String(e);
      error.hidden = false;
      for (const b of buttons) b.disabled = false;
    }
  };
  buttons.push(
    h('button', { type: 'button', class: 'primary approve', onclick: () => void decide('approve') }, 'Approve'),
    h('button', { type: 'button', class: 'danger reject', onclick: () => void decide('reject') }, 'Reject'));
  return h('form', { class: 'decide', onsubmit: (e) => e.preventDefault(), 'aria-label': `Decide ${workflow.component} ${workflow.version}` },
    h('label', { for: id }, 'Reason ', h('span', { class: 'subtle' }, '(optional)')),
    reason,
    h('div', { class: 'actions' }, ...buttons),
    error);
}
