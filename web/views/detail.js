// One workflow: what happened, when, why, and how far it got.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import {
  STAGES, TERMINAL, ago, clock, dateTime, decisionLabel, duration, num, riskBadge, secondsBetween, stageBadge, value,
} from '../format.js';
import { renderGraph } from '../graph.js';
import { decisionForm } from './decide.js';

/** A snake_case name that may wrap after its underscores. */
function breakable(name) {
  return name.split('_').flatMap((part, i) => (i === 0 ? [part] : ['_', h('wbr'), part]));
}

function card(title, ...children) {
  const id = `h-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

function facts(pairs) {
  return h('dl', { class: 'facts' }, ...pairs.filter(Boolean).flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

function head(wf) {
  const took = wf.endedAt ? secondsBetween(wf.createdAt, wf.endedAt) : null;
  const exec = wf.executionUrl && !wf.executionUrl.includes('/#/executions/')
    ? h('a', { href: wf.executionUrl, target: '_blank', rel: 'noopener' }, 'Step Functions console ↗')
    : wf.executionName ? h('span', { class: 'mono' }, wf.executionName) : '—';
  return h('div', { class: 'detail-head' },
    h('p', { class: 'crumbs' }, h('a', { href: '#/workflows' }, '← Workflows')),
    h('div', { class: 'title-row' },
      h('h1', null, wf.component, ' ', h('span', { class: 'mono versions' }, wf.fromVersion, ' → ', h('strong', null, wf.version))),
      stageBadge(wf.stage)),
    wf.outcomeReason ? h('p', { class: `outcome tone-${(STAGES[wf.stage] ?? [])[1] ?? 'muted'}` }, wf.outcomeReason) : null,
    facts([
      ['Detected', h('span', { title: dateTime(wf.createdAt) }, `${dateTime(wf.createdAt)} (${ago(wf.createdAt)})`)],
      wf.endedAt ? ['Ended', `${dateTime(wf.endedAt)} · took ${duration(took)}`] : ['Running for', duration((Date.now() - Date.parse(wf.createdAt)) / 1000)],
      ['Update', [wf.comparison?.updateType ?? '—', wf.comparison?.breaking?.breaking ? h('span', { class: 'pill tone-bad' }, 'breaking') : null]],
      ['Priority', wf.priority?.priority?.toLowerCase() ?? '—'],
      ['Execution', exec],
      ['Workflow id', h('span', { class: 'mono small' }, wf.id)],
    ]));
}

function timeline(wf) {
  const entries = [...(wf.history ?? [])].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return card('Stage timeline',
    h('ol', { class: 'timeline' }, ...entries.map((e, i) => {
      const next = entries[i + 1];
      const [label, tone] = STAGES[e.stage] ?? [e.stage, 'muted'];
      const last = i === entries.length - 1;
      const spent = next ? secondsBetween(e.at, next.at) : TERMINAL.has(e.stage) ? null : (Date.now() - Date.parse(e.at)) / 1000;
      return h('li', { class: `step tone-${tone}${last ? ' last' : ''}${last && !TERMINAL.has(e.stage) ? ' live' : ''}`, dataset: { stage: e.stage } },
        h('span', { class: 'marker', 'aria-hidden': 'true' }),
        h('span', { class: 'label' }, label),
        h('time', { datetime: e.at, title: dateTime(e.at) }, clock(e.at)),
        spent !== null ? h('span', { class: 'spent' }, last ? `${duration(spent)} so far` : duration(spent)) : null,
        e.reason && !TERMINAL.has(e.stage) ? h('span', { class: 'why' }, e.reason) : null);
    })));
}

function release(wf) {
  const c = wf.comparison;
  const r = wf.release ?? c?.release;
  if (!c && !r) return null;
  return card('Release',
    c?.recommendation ? h('p', null, c.recommendation) : null,
    c?.breaking?.reasons?.length ? h('ul', { class: 'reasons bad' }, ...c.breaking.reasons.map((x) => h('li', null, x))) : null,
    facts([
      c ? ['Distance', `${c.distance.majors} major · ${c.distance.minors} minor · ${c.distance.patches} patch · ${c.distance.releases} release${c.distance.releases === 1 ? '' : 's'} behind`] : null,
      r?.releasedAt ? ['Released', `${dateTime(r.releasedAt)} (${ago(r.releasedAt)})`] : null,
      r?.checksum ? ['Checksum', h('span', { class: 'mono small break' }, r.checksum)] : null,
      r?.url ? ['Notes', h('a', { href: r.url, target: '_blank', rel: 'noopener noreferrer' }, r.url)] : null,
      wf.priority?.reasons?.length ? ['Priority because', wf.priority.reasons.join(' ')] : null,
    ]),
    r?.advisories?.length ? h('ul', { class: 'reasons' }, ...r.advisories.map((a) => h('li', null, h('span', { class: 'pill tone-bad' }, a.severity.toLowerCase()), ' ', a.id, ': ', a.summary))) : null,
    r?.changelog ? h('details', null, h('summary', null, 'Changelog'), h('pre', { class: 'changelog' }, r.changelog.slice(0, 4000))) : null);
}

function policy(wf) {
  const ev = wf.evaluation;
  if (!ev) return card('Policy decision', h('p', { class: 'subtle' }, 'Not evaluated yet.'));
  const max = Math.max(1, ...ev.risk.factors.map((f) => f.points));
  return card('Policy decision',
    h('div', { class: 'decision-row' },
      h('div', { class: 'big' }, h('span', { class: 'label' }, 'Decision'), h('strong', null, decisionLabel(ev.decision)), h('span', { class: 'subtle' }, ev.policy ? `by policy ${ev.policy}` : 'default (no policy matched)')),
      h('div', { class: 'big' }, h('span', { class: 'label' }, 'Risk'), riskBadge(ev.risk.level), h('span', { class: 'subtle' }, `score ${ev.risk.score}`)),
      h('div', { class: 'big' }, h('span', { class: 'label' }, 'Earliest rollout'), h('strong', null, clock(ev.earliestDeployAt)), h('span', { class: 'subtle' }, ev.bypassWindow ? 'window bypassed' : (ev.deferUntil ? `deferred until ${dateTime(ev.deferUntil)}` : 'inside a window')))),
    h('ul', { class: 'reasons' }, ...ev.reasons.map((r) => h('li', null, r))),
    h('h3', null, 'Risk factors'),
    h('table', { class: 'factors' }, h('tbody', null, ...ev.risk.factors.map((f) => h('tr', null,
      h('th', { scope: 'row' }, f.factor),
      h('td', { class: 'bar-cell' }, h('span', { class: 'bar', style: { width: `${(f.points / max) * 100}%` } }), h('span', { class: 'num' }, `+${f.points}`)),
      h('td', null, f.why))))),
    h('h3', null, 'Policy trace ', h('span', { class: 'subtle' }, '(highest priority first; the first match decides)')),
    h('div', { class: 'table-scroll' }, h('table', { class: 'trace' },
      h('thead', null, h('tr', null, ...['Policy', 'Priority', 'Result', 'Why'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, ...ev.trace.flatMap((p) => {
        const result = p.decided ? ['decided', 'ok'] : p.matched ? ['matched', 'info'] : !p.enabled ? ['disabled', 'muted'] : ['no match', 'muted'];
        return [h('tr', { class: p.decided ? 'decided' : '' },
          h('td', { class: 'strong' }, ...breakable(p.policy)),
          h('td', { class: 'num' }, String(p.priority)),
          h('td', null, h('span', { class: `pill tone-${result[1]}` }, result[0])),
          h('td', null,
            p.conditions.length
              ? h('details', null, h('summary', null, p.why),
                h('ul', { class: 'conditions' }, ...p.conditions.map((c) => h('li', { class: c.matched ? 'yes' : 'no' },
                  h('span', { class: 'tick', 'aria-label': c.matched ? 'holds' : 'does not hold' }, c.matched ? '✓' : '✗'), ' ',
                  h('code', null, c.condition), ` wants ${value(c.expected)}, got ${value(c.actual)}`))))
              : p.why))];
      })))));
}

function simulation(wf) {
  const sim = wf.simulation;
  if (!sim) return card('Simulation', h('p', { class: 'subtle' }, wf.history?.some((e) => e.stage === 'SIMULATING') ? 'Running…' : 'No simulation recorded.'));
  const suites = Object.entries(sim.suites ?? {});
  const b = sim.benchmark;
  let bench = null;
  if (b) {
    const change = b.baseline === 0 ? 0 : (b.candidate - b.baseline) / b.baseline;
    const better = b.higherIsBetter ? change >= 0 : change <= 0;
    const max = Math.max(b.baseline, b.candidate) || 1;
    bench = h('div', { class: 'benchmark' },
      h('h3', null, 'Benchmark: ', b.metric, ' ', h('span', { class: 'subtle' }, `(${b.unit}, ${b.higherIsBetter ? 'higher' : 'lower'} is better)`)),
      h('div', { class: 'bench-bars' },
        h('span', { class: 'label' }, 'current'), h('span', { class: 'track' }, h('span', { class: 'bar base', style: { width: `${(b.baseline / max) * 100}%` } })), h('span', { class: 'num' }, num(b.baseline)),
        h('span', { class: 'label' }, 'candidate'), h('span', { class: 'track' }, h('span', { class: `bar ${better ? 'good' : 'worse'}`, style: { width: `${(b.candidate / max) * 100}%` } })), h('span', { class: 'num' }, num(b.candidate))),
      h('p', { class: better ? 'good-text' : 'bad-text' }, `${Math.abs(change * 100).toFixed(1)}% ${better ? 'better' : 'worse'} than the running version`));
  }
  return card('Simulation',
    h('div', { class: 'decision-row' },
      h('div', { class: 'big' }, h('span', { class: 'label' }, 'Result'), h('span', { class: `pill tone-${sim.status === 'PASSED' ? 'ok' : 'bad'}` }, sim.status.toLowerCase())),
      h('div', { class: 'big' }, h('span', { class: 'label' }, 'Duration'), h('strong', null, duration(sim.durationSeconds)))),
    sim.reason ? h('p', { class: 'bad-text' }, sim.reason) : null,
    suites.length ? h('table', { class: 'suites' },
      h('thead', null, h('tr', null, ...['Suite', 'Tests', 'Passed', 'Failed', 'Skipped', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, ...suites.map(([kind, r]) => h('tr', null,
        h('th', { scope: 'row' }, kind),
        h('td', { class: 'num' }, String(r.run)), h('td', { class: 'num' }, String(r.passed)), h('td', { class: 'num' }, String(r.failed)), h('td', { class: 'num' }, String(r.skipped)),
        h('td', { class: 'stack-cell' }, h('span', { class: 'stack', title: `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped` },
          h('span', { class: 'ok', style: { flexGrow: String(r.passed) } }), h('span', { class: 'bad', style: { flexGrow: String(r.failed) } }), h('span', { class: 'muted', style: { flexGrow: String(r.skipped) } }))))))) : null,
    bench,
    sim.logUrl ? h('p', { class: 'subtle small' }, 'Build log: ', h('span', { class: 'mono break' }, sim.logUrl)) : null);
}

function approval(wf) {
  const a = wf.approval;
  if (!a) return null;
  return card('Approval',
    facts([
      ['Requested', a.requestedAt ? `${dateTime(a.requestedAt)}${a.round > 1 ? ` (round ${a.round})` : ''}` : '—'],
      a.waiting && a.deadline ? ['Deadline', h('span', null, `${dateTime(a.deadline)} (`, h('strong', null, ago(a.deadline)), ')')] : null,
      ['Approvers', a.approvers.length ? a.approvers.join(', ') : '—'],
      ['Needed', `${a.required} approval${a.required === 1 ? '' : 's'}`],
      a.outcome ? ['Outcome', `${a.outcome.decision.toLowerCase()} by ${a.outcome.by} at ${clock(a.outcome.at)}`] : null,
    ]),
    a.decisions.length
      ? h('ul', { class: 'decisions' }, ...a.decisions.map((d) => h('li', null,
        h('span', { class: `pill tone-${d.decision === 'APPROVED' ? 'ok' : 'bad'}` }, d.decision.toLowerCase()), ' ',
        h('strong', null, d.approver), ` via ${d.via}, ${clock(d.at)}`, d.reason ? h('q', null, d.reason) : null)))
      : h('p', { class: 'subtle' }, a.waiting ? 'No decision yet.' : 'No decisions recorded.'));
}

function rollout(wf) {
  const r = wf.rollout;
  if (!r) return null;
  const tone = { SUCCEEDED: 'ok', ROLLED_BACK: 'bad', FAILED: 'bad', STOPPED: 'muted', IN_PROGRESS: 'info' }[r.status] ?? 'muted';
  return card('Rollout',
    h('div', { class: 'decision-row' },
      h('div', { class: 'big' }, h('span', { class: 'label' }, 'Status'), h('span', { class: `pill tone-${tone}` }, r.status.toLowerCase().replace('_', ' '))),
      h('div', { class: 'big' }, h('span', { class: 'label' }, 'Strategy'), h('strong', null, r.strategy)),
      h('div', { class: 'big' }, h('span', { class: 'label' }, 'Took'), h('strong', null, r.endedAt ? duration(secondsBetween(r.startedAt, r.endedAt)) : `${duration((Date.now() - Date.parse(r.startedAt)) / 1000)}…`))),
    h('div', { class: 'traffic', role: 'img', 'aria-label': `${r.candidateWeight}% of traffic on ${wf.version}` },
      h('span', { class: 'seg old', style: { flexGrow: String(100 - r.candidateWeight) } }, `${wf.fromVersion} · ${100 - r.candidateWeight}%`),
      r.candidateWeight > 0 ? h('span', { class: `seg new tone-${tone}`, style: { flexGrow: String(r.candidateWeight) } }, `${wf.version} · ${r.candidateWeight}%`) : null),
    facts([
      ['Deployment', h('span', { class: 'mono small' }, r.deploymentId)],
      ['Started', dateTime(r.startedAt)],
      r.endedAt ? ['Ended', dateTime(r.endedAt)] : null,
      r.alarm ? ['Alarm', h('span', { class: 'pill tone-bad' }, r.alarm)] : null,
    ]),
    r.reason ? h('p', { class: tone === 'bad' ? 'bad-text' : '' }, r.reason) : null);
}

function events(wf) {
  return card(`Audit trail (${wf.events.length})`,
    h('div', { class: 'table-scroll' }, h('table', { class: 'events' },
      h('thead', null, h('tr', null, ...['Time', 'Event', 'Who', 'What'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, ...wf.events.map((e) => h('tr', { dataset: { type: e.type } },
        h('td', { class: 'nowrap' }, h('time', { datetime: e.at, title: dateTime(e.at) }, clock(e.at))),
        h('td', null, h('code', null, e.type)),
        h('td', { class: 'nowrap' }, e.actor),
        h('td', null, e.message)))))));
}

function execution(wf) {
  if (!wf.execution?.length) return null;
  const steps = wf.execution.filter((st) => st.type !== 'StateExited');
  return h('details', { class: 'card execution' },
    h('summary', null, h('h2', null, `Execution history (${wf.execution.length} events)`)),
    h('ol', { class: 'steps' }, ...steps.map((st) => h('li', { class: /Failed|Aborted|TimedOut/.test(st.type) ? 'bad-text' : '' },
      h('time', { datetime: st.at }, clock(st.at)), ' ', h('code', null, st.type), st.state ? ` ${st.state}` : '', st.error ? ` — ${st.error}${st.cause ? `: ${st.cause}` : ''}` : ''))));
}

export function mount(root, route, ctx) {
  const id = route.id;
  const slots = Object.fromEntries(['head', 'decide', 'timeline', 'graph', 'release', 'policy', 'simulation', 'approval', 'rollout', 'events', 'execution']
    .map((k) => [k, h('div', { class: `slot slot-${k}` })]));
  const columns = h('div', { class: 'columns' },
      h('div', { class: 'col-side' }, slots.graph),
      h('div', { class: 'col-main' }, slots.policy, slots.simulation, slots.approval, slots.rollout, slots.release));
  replace(root, h('div', { class: 'detail' },
    slots.head,
    slots.decide,
    slots.timeline,
    columns,
    slots.events,
    slots.execution));
  const signatures = new Map();
  const fill = (key, data, build) => {
    const sig = JSON.stringify(data);
    if (signatures.get(key) === sig) return;
    signatures.set(key, sig);
    replace(slots[key], build());
  };
  let wf = null;
  const update = async () => {
    const [detail, definition] = await Promise.all([api(`/workflows/${encodeURIComponent(id)}`), ctx.definition()]);
    wf = detail;
    document.title = `${wf.component} ${wf.version} · Upkeep`;
    const live = !TERMINAL.has(wf.stage);
    // Running times tick, so live sections re-render every refresh; finished ones only on change.
    const tick = live ? Date.now() : 0;
    fill('head', [wf.stage, wf.outcomeReason, wf.endedAt, tick], () => head(wf));
    fill('decide', [wf.approval?.waiting, wf.approval?.round], () => (wf.approval?.waiting
      ? h('section', { class: 'card decide-card', 'aria-label': 'Decide' },
        h('div', null, h('h2', null, 'This update is waiting for your decision'),
          h('p', null, wf.evaluation?.reasons?.[0] ?? 'A policy asked for a manual review.')),
        decisionForm(wf, ctx, () => void update()))
      : ''));
    fill('timeline', [wf.history, tick], () => timeline(wf));
    fill('graph', [wf.history, wf.execution?.length ?? 0, wf.stage], () => {
      const toggle = h('button', { type: 'button', class: 'ghost small-btn expand', 'aria-pressed': String(columns.classList.contains('graph-wide')) },
        columns.classList.contains('graph-wide') ? 'Collapse' : 'Expand');
      toggle.addEventListener('click', () => {
        const wide = columns.classList.toggle('graph-wide');
        toggle.textContent = wide ? 'Collapse' : 'Expand';
        toggle.setAttribute('aria-pressed', String(wide));
      });
      const section = card('Workflow graph', renderGraph(definition, wf));
      section.querySelector('h2').append(toggle);
      return section;
    });
    fill('release', [wf.comparison, wf.release], () => release(wf) ?? '');
    fill('policy', [wf.evaluation], () => policy(wf));
    fill('simulation', [wf.simulation, wf.history?.length], () => simulation(wf));
    fill('approval', [wf.approval, live && wf.approval?.waiting ? tick : 0], () => approval(wf) ?? '');
    fill('rollout', [wf.rollout, wf.rollout?.endedAt ? 0 : tick], () => rollout(wf) ?? '');
    fill('events', [wf.events.length], () => events(wf));
    fill('execution', [wf.execution?.length ?? 0], () => execution(wf) ?? '');
  };
  return {
    interval: 2500,
    update,
    destroy() {
      document.title = 'Upkeep';
    },
  };
}
