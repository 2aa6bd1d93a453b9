// Workflows: every update, newest first, filterable by stage and component; refreshed every few seconds.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { STAGES, TERMINAL, decisionLabel, duration, riskBadge, secondsBetween, stageBadge, when } from '../format.js';

export function mount(root, route) {
  const stage = route.query.get('stage') ?? '';
  const component = route.query.get('component') ?? '';
  const setFilter = (key, value) => {
    const q = new URLSearchParams(route.query);
    if (value) q.set(key, value);
    else q.delete(key);
    location.hash = `#/workflows${q.size ? `?${q}` : ''}`;
  };
  const stageSelect = h('select', { id: 'filter-stage', onchange: (e) => setFilter('stage', e.target.value) },
    h('option', { value: '' }, 'All stages'),
    ...Object.entries(STAGES).map(([key, [label]]) => h('option', { value: key, selected: key === stage }, label)));
  const componentSelect = h('select', { id: 'filter-component', onchange: (e) => setFilter('component', e.target.value) },
    h('option', { value: '' }, 'All components'),
    component ? h('option', { value: component, selected: true }, component) : null);
  const summary = h('div', { class: 'summary', 'aria-live': 'polite' });
  const body = h('tbody');
  const table = h('table', { class: 'workflows' },
    h('caption', { class: 'sr-only' }, 'Workflows, newest first'),
    h('thead', null, h('tr', null, ...['Stage', 'Component', 'Version', 'Decision', 'Risk', 'Detected', 'Took', 'Outcome'].map((t) => h('th', { scope: 'col' }, t)))),
    body);
  const empty = h('p', { class: 'empty', hidden: true }, 'No workflows match. Upkeep starts one when a check finds a new version.');
  replace(root,
    h('div', { class: 'page-head' },
      h('h1', null, 'Workflows'),
      h('div', { class: 'filters' },
        h('label', null, h('span', null, 'Stage'), stageSelect),
        h('label', null, h('span', null, 'Component'), componentSelect),
        stage || component ? h('button', { type: 'button', class: 'ghost', onclick: () => (location.hash = '#/workflows') }, 'Clear') : null)),
    summary,
    h('div', { class: 'card flush' }, h('div', { class: 'table-scroll' }, table), empty));
  let componentsLoaded = false;

  return {
    interval: 3000,
    async update() {
      const q = new URLSearchParams({ limit: '100' });
      if (stage) q.set('stage', stage);
      if (component) q.set('component', component);
      const [{ items }, comps] = await Promise.all([api(`/workflows?${q}`), componentsLoaded ? null : api('/components')]);
      if (comps) {
        componentsLoaded = true;
        replace(componentSelect, h('option', { value: '' }, 'All components'),
          ...comps.items.map((c) => h('option', { value: c.name, selected: c.name === component }, c.name)));
      }
      const active = items.filter((w) => !TERMINAL.has(w.stage)).length;
      const waiting = items.filter((w) => w.stage === 'AWAITING_APPROVAL').length;
      replace(summary,
        h('span', null, h('strong', null, String(items.length)), items.length === 1 ? ' workflow' : ' workflows'),
        h('span', null, h('strong', null, String(active)), ' in flight'),
        waiting ? h('a', { href: '#/approvals', class: 'warn-link' }, h('strong', null, String(waiting)), ' awaiting approval') : null,
        h('span', { class: 'subtle' }, 'refreshes every 3 s'));
      empty.hidden = items.length > 0;
      replace(body, ...items.map((w) => {
        const link = `#/workflows/${encodeURIComponent(w.id)}`;
        const took = w.endedAt ? secondsBetween(w.createdAt, w.endedAt) : (Date.now() - Date.parse(w.createdAt)) / 1000;
        return h('tr', { dataset: { component: w.component, stage: w.stage, id: w.id }, onclick: (e) => { if (!e.target.closest('a')) location.hash = link; } },
          h('td', null, stageBadge(w.stage)),
          h('td', null, h('a', { href: link, class: 'strong' }, w.component)),
          h('td', { class: 'mono' }, w.fromVersion, h('span', { class: 'arrow', 'aria-label': 'to' }, ' → '), h('strong', null, w.version)),
          h('td', null, decisionLabel(w.decision)),
          h('td', null, riskBadge(w.risk)),
          h('td', null, when(w.createdAt)),
          h('td', { class: 'num' }, w.endedAt ? duration(took) : h('span', { class: 'subtle' }, `${duration(took)}…`)),
          h('td', { class: 'reason' }, w.outcomeReason ? h('span', { title: w.outcomeReason }, w.outcomeReason) : h('span', { class: 'subtle' }, w.stage === 'AWAITING_APPROVAL' ? 'waiting for a decision' : '—')));
      }));
    },
  };
}
