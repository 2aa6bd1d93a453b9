// Pending approvals: each with its reasons, deadline, and Approve / Reject right here.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { ago, dateTime, duration, riskBadge, stageBadge } from '../format.js';
import { decisionForm } from './decide.js';

function approvalCard(wf, ctx, onDone) {
  const a = wf.approval ?? {};
  const link = `#/workflows/${encodeURIComponent(wf.id)}`;
  return h('article', { class: 'card approval-card', dataset: { id: wf.id, component: wf.component }, 'aria-labelledby': `ap-${wf.id}` },
    h('header', null,
      h('h2', { id: `ap-${wf.id}` }, wf.component, ' ', h('span', { class: 'mono versions' }, wf.fromVersion, ' → ', h('strong', null, wf.version))),
      stageBadge(wf.stage), riskBadge(wf.evaluation?.risk?.level)),
    h('ul', { class: 'reasons' }, ...(wf.evaluation?.reasons ?? []).map((r) => h('li', null, r)),
      ...(wf.comparison?.breaking?.reasons ?? []).map((r) => h('li', { class: 'bad-text' }, r))),
    h('dl', { class: 'facts' },
      h('dt', null, 'Waiting since'), h('dd', null, a.requestedAt ? `${dateTime(a.requestedAt)} (${ago(a.requestedAt)})` : '—'),
      h('dt', null, 'Deadline'), h('dd', null, a.deadline ? h('span', null, dateTime(a.deadline), ' (', h('strong', null, ago(a.deadline)), ')') : '—'),
      h('dt', null, 'Approvers'), h('dd', null, `${(a.approvers ?? []).join(', ') || '—'}; ${a.required ?? 1} needed, ${(a.decisions ?? []).length} given`),
      h('dt', null, 'Simulation'), h('dd', null, wf.simulation ? `${wf.simulation.status.toLowerCase()} in ${duration(wf.simulation.durationSeconds)}` : 'none')),
    h('p', null, h('a', { href: link, class: 'strong' }, 'Open the full workflow: timeline, graph, policy trace →')),
    decisionForm(wf, ctx, onDone));
}

export function mount(root, _route, ctx) {
  const list = h('div', { class: 'approval-list' });
  const empty = h('section', { class: 'card empty', hidden: true }, h('h2', null, 'Nothing is waiting for approval'),
    h('p', null, 'Updates that a policy sends to manual review appear here. Approvers also get a link by e-mail.'));
  replace(root,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Pending approvals'),
      h('p', { class: 'subtle' }, 'Approving needs the approver role; the decision is recorded with your identity and reason. Approvers also get a single-use link by e-mail.'))),
    empty, list);
  const cards = new Map();
  const update = async () => {
    const { items } = await api('/pending-approvals?limit=100');
    const ids = new Set(items.map((w) => w.id));
    for (const [id, el] of cards) {
      if (!ids.has(id)) {
        el.remove();
        cards.delete(id);
      }
    }
    // A card keeps its reason box while it stays pending; new ones are added in listing order.
    for (const w of items) {
      if (cards.has(w.id)) continue;
      const detail = await api(`/workflows/${encodeURIComponent(w.id)}`);
      const el = approvalCard(detail, ctx, () => void update());
      cards.set(w.id, el);
      list.append(el);
    }
    empty.hidden = items.length > 0;
  };
  return { interval: 3000, update };
}
