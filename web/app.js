// The dashboard shell: sign-in, routing (#/…), the header's status, and the refresh loop.
import { adoptTokenFromUrl, api, ApiError, onUnauthorized, setToken, token } from './api.js';
import { h, replace } from './dom.js';
import { ago } from './format.js';
import * as approvals from './views/approvals.js';
import * as components from './views/components.js';
import * as detail from './views/detail.js';
import * as statistics from './views/statistics.js';
import * as workflows from './views/workflows.js';

const view = document.getElementById('view');
const login = document.getElementById('login');
const toastEl = document.getElementById('toast');
let current = null;
let timer = null;
let definition = null;

function toast(message, tone = 'info') {
  toastEl.textContent = message;
  toastEl.className = `toast tone-${tone}`;
  toastEl.hidden = false;
  clearTimeout(toastEl.timer);
  toastEl.timer = setTimeout(() => (toastEl.hidden = true), 5000);
}

const ctx = {
  toast,
  navigate: (hash) => (location.hash = hash),
  /** The state machine definition, fetched once per page. */
  definition: async () => (definition ??= await api('/workflow-definition')),
  refreshHeader: () => void refreshHeader(),
};

/** `#/workflows/abc?x=1` → { name, id, query }. */
function route() {
  const [path, search = ''] = location.hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] ?? 'workflows', id: parts[1], query: new URLSearchParams(search) };
}

const VIEWS = { workflows, approvals, components, statistics };

async function resolveExecution(arn) {
  // Local execution links (`/#/executions/<arn>`) end in `<component>-<version>-<first 8 of the workflow id>`.
  const prefix = arn.split(':').pop().split('-').pop();
  const { items } = await api('/workflows?limit=100');
  const match = items.find((w) => w.id.startsWith(prefix));
  if (match) location.replace(`#/workflows/${encodeURIComponent(match.id)}`);
  else replace(view, h('section', { class: 'card empty' }, h('h1', null, 'Execution not found'), h('p', null, `No recent workflow ran ${arn}.`)));
}

async function show() {
  clearInterval(timer);
  current?.destroy?.();
  current = null;
  if (!token()) return askToken();
  const r = route();
  for (const a of document.querySelectorAll('[data-nav]')) {
    const active = a.dataset.nav === (r.name === 'executions' ? 'workflows' : r.name);
    a.classList.toggle('active', active);
    if (active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (r.name === 'executions' && r.id) return resolveExecution(r.id).catch(showError);
  const module = r.name === 'workflows' && r.id ? detail : VIEWS[r.name];
  if (!module) return location.replace('#/workflows');
  replace(view, h('p', { class: 'loading' }, 'Loading…'));
  const mounted = module.mount(view, r, ctx);
  current = mounted;
  const tick = async () => {
    try {
      await mounted.update();
      view.dataset.loaded = 'true';
    } catch (error) {
      if (current === mounted) showError(error);
    }
  };
  await tick();
  if (mounted.interval) timer = setInterval(() => { if (!document.hidden && current === mounted) void tick(); }, mounted.interval);
}

function showError(error) {
  if (error instanceof ApiError && error.status === 401) return;
  const message = error instanceof ApiError ? `${error.message} (HTTP ${error.status})` : String(error?.message ?? error);
  toast(message, 'bad');
}

async function refreshHeader() {
  if (!token()) return;
  try {
    const status = await api('/status');
    const badge = document.getElementById('approval-count');
    badge.textContent = String(status.pendingApprovals);
    badge.hidden = status.pendingApprovals === 0;
    replace(document.getElementById('system-status'),
      h('span', { class: `pill tone-${status.running ? 'ok' : 'muted'}`, title: `schedule ${status.detection.schedule}` }, status.running ? 'Detection on' : 'Detection off'),
      h('span', { class: 'subtle' }, status.lastDetectionAt ? `last check ${ago(status.lastDetectionAt)}` : 'not checked yet'));
  } catch {
    // The view shows API errors; the header just keeps its last state.
  }
}

function askToken(message) {
  const error = document.getElementById('login-error');
  error.hidden = !message;
  error.textContent = message ?? '';
  document.getElementById('sign-out').hidden = true;
  if (!login.open) login.showModal();
  document.getElementById('token-input').focus();
}

document.getElementById('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('token-input');
  setToken(input.value);
  try {
    await api('/status');
    input.value = '';
    login.close();
    document.getElementById('sign-out').hidden = false;
    void refreshHeader();
    void show();
  } catch (error) {
    setToken(null);
    askToken(error instanceof ApiError && error.status === 401 ? 'That token was not accepted.' : `Could not reach the API: ${error.message}`);
  }
});
login.addEventListener('cancel', (event) => event.preventDefault());

document.getElementById('sign-out').addEventListener('click', () => {
  setToken(null);
  clearInterval(timer);
  replace(view);
  askToken();
});

onUnauthorized(() => {
  setToken(null);
  clearInterval(timer);
  askToken('The API refused the token (it may have changed). Sign in again.');
});

// Outcome e-mails link to /workflows/<id>; the server redirects those here as #/workflows/<id>.
adoptTokenFromUrl();
if (!location.hash || location.hash === '#') history.replaceState(null, '', '#/workflows');
window.addEventListener('hashchange', () => void show());
document.getElementById('sign-out').hidden = !token();
void refreshHeader();
setInterval(() => { if (!document.hidden) void refreshHeader(); }, 5000);
void show();
