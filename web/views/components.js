// Components: what runs, what is available, what is quarantined (and releasing it, for admins).
import { api, ApiError } from '../api.js';
import { h, replace } from '../dom.js';
import { when } from '../format.js';

function sourceText(source) {
  if (!source) return '—';
  const where = source.package ?? source.repository ?? source.image ?? (source.groupId ? `${source.groupId}:${source.artifactId}` : source.url) ?? '';
  return `${source.type}${where ? ` · ${where}` : ''}`;
}

export function mount(root, _route, ctx) {
  const body = h('tbody');
  replace(root,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Components'),
      h('p', { class: 'subtle' }, 'A quarantined version (rolled back or banned) is never proposed again until an admin releases it. The high-water mark stops a version at or below it from being proposed.'))),
    h('div', { class: 'card flush' }, h('div', { class: 'table-scroll' }, h('table', { class: 'components' },
      h('caption', { class: 'sr-only' }, 'Watched components'),
      h('thead', null, h('tr', null, ...['Component', 'Running', 'Available', 'Latest seen', 'Quarantined', 'High-water mark', 'Source', 'Updated'].map((t) => h('th', { scope: 'col' }, t)))),
      body))));
  const release = async (c, version, button) => {
    if (!window.confirm(`Release ${c.name} ${version} from quarantine? It may then be proposed (and rolled out) again.`)) return;
    button.disabled = true;
    try {
      await api(`/components/${encodeURIComponent(c.name)}/release/${encodeURIComponent(version)}`, { method: 'POST' });
      ctx.toast(`Released ${c.name} ${version} from quarantine`, 'ok');
      await update();
    } catch (e) {
      button.disabled = false;
      ctx.toast(e instanceof ApiError && e.status === 403 ? `Only admins may release versions: ${e.message}` : e.message, 'bad');
    }
  };
  const update = async () => {
    const { items } = await api('/components');
    replace(body, ...items.map((c) => h('tr', { dataset: { component: c.name } },
      h('th', { scope: 'row' }, h('a', { href: `#/workflows?component=${encodeURIComponent(c.name)}`, class: 'strong', title: `Workflows of ${c.name}` }, c.name)),
      h('td', { class: 'mono' }, h('strong', null, c.current), c.previous ? h('span', { class: 'subtle small' }, ` (was ${c.previous})`) : null),
      h('td', { class: 'mono' }, c.available ? h('span', { class: 'pill tone-info' }, c.available) : h('span', { class: 'subtle' }, 'up to date')),
      h('td', { class: 'mono' }, c.latestSeen ?? '—'),
      h('td', null, c.quarantined.length
        ? h('ul', { class: 'chips' }, ...c.quarantined.map((v) => {
          const button = h('button', { type: 'button', class: 'small-btn', title: `Release ${c.name} ${v} (admin)` }, 'Release');
          button.addEventListener('click', () => void release(c, v, button));
          return h('li', { class: 'chip tone-bad' }, h('span', { class: 'mono' }, v), button);
        }))
        : h('span', { class: 'subtle' }, 'none')),
      h('td', { class: 'mono' }, c.highWaterMark ?? '—'),
      h('td', { class: 'small', title: sourceText(c.source) }, sourceText(c.source)),
      h('td', null, when(c.updatedAt)))));
  };
  return { interval: 5000, update };
}
