// Statistics: outcomes, decisions, rollouts and durations, from GET /status and the workflow list.
import { listAll, api } from '../api.js';
import { h, replace } from '../dom.js';
import { dailyOutcomes, durations, ring, shareBars } from '../charts.js';
import { duration, percent, stageBadge, when } from '../format.js';

function tile(label, value, note) {
  return h('div', { class: 'tile' }, h('span', { class: 'label' }, label), h('strong', null, value), note ? h('span', { class: 'subtle' }, note) : null);
}

export function mount(root) {
  const content = h('div', { class: 'stats' });
  replace(root, h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Statistics'), h('p', { class: 'subtle' }, 'All workflows on record; the daily chart covers the last 30 days (UTC).'))), content);
  let last = '';
  return {
    interval: 10_000,
    async update() {
      const [status, workflows] = await Promise.all([api('/status'), listAll('/workflows', 1000)]);
      const sig = JSON.stringify([status.statistics, status.timeline, workflows.map((w) => [w.id, w.stage])]);
      if (sig === last) return;
      last = sig;
      const st = status.statistics;
      const wf = st.workflows;
      const d = st.decisions;
      const dep = st.deployment;
      // Charts are drawn at the card's width, so their text stays at reading size.
      const chartWidth = Math.max(420, Math.min(1600, content.clientWidth - 44));
      const ended = Object.entries(wf.byStage).filter(([k, v]) => v > 0 && ['SUCCEEDED', 'ROLLED_BACK', 'FAILED', 'REJECTED', 'DEFERRED', 'EXPIRED', 'CANCELLED'].includes(k));
      replace(content,
        h('div', { class: 'tiles' },
          tile('Workflows', String(wf.total), `${wf.active} in flight`),
          tile('Success rate', percent(wf.successRate), `${wf.succeeded} of ${wf.finished} finished`),
          tile('Awaiting approval', String(wf.awaitingApproval), st.timing.meanAwaitingApprovalSeconds === null ? 'no approval wait yet' : `mean wait ${duration(st.timing.meanAwaitingApprovalSeconds)}`),
          tile('Rollbacks', String(dep.byStatus.ROLLED_BACK), `${percent(dep.rollbackFrequency)} of ${dep.finished} rollouts`),
          tile('Detection → done', duration(st.timing.meanDetectionToDoneSeconds), 'mean, shipped updates'),
          tile('Simulations', percent(st.simulation.successRate), `${st.simulation.passed} of ${st.simulation.total} passed · mean ${duration(st.simulation.meanDurationSeconds)}`)),
        h('div', { class: 'grid-2' },
          h('section', { class: 'card', 'aria-labelledby': 'c-rates' }, h('h2', { id: 'c-rates' }, 'Rates'),
            h('div', { class: 'rings' },
              ring(wf.successRate, 'Workflows succeeded', 'ok'),
              ring(dep.successRate, 'Rollouts succeeded', 'ok'),
              ring(dep.rollbackFrequency, 'Rollouts rolled back', 'bad'),
              ring(d.manualReviewRate, 'Sent to manual review', 'warn'))),
          h('section', { class: 'card', 'aria-labelledby': 'c-decisions' }, h('h2', { id: 'c-decisions' }, `Approvals and decisions (${d.evaluated} evaluated)`),
            shareBars([
              ['Auto-approved', d.autoApproved, 'c-ok'],
              ['Manual review', d.manualReview, 'c-warn'],
              ['· approved by a person', d.humanApproved, 'c-ok2'],
              ['· rejected by a person', d.humanRejected, 'c-bad'],
              ['Deferred', d.deferred, 'c-muted'],
              ['Rejected by policy', d.rejected, 'c-fail'],
            ], d.evaluated),
            h('p', { class: 'subtle small' }, `Approval rate ${percent(d.approvalRate)} · rejection rate ${percent(d.rejectionRate)} · manual-review rate ${percent(d.manualReviewRate)} · defer rate ${percent(d.deferRate)}`))),
        h('section', { class: 'card', 'aria-labelledby': 'c-daily' }, h('h2', { id: 'c-daily' }, 'Outcomes per day'),
          status.timeline ? dailyOutcomes(status.timeline, chartWidth) : h('p', { class: 'subtle' }, 'This API does not report a timeline.')),
        h('section', { class: 'card', 'aria-labelledby': 'c-durations' }, h('h2', { id: 'c-durations' }, 'Time from detection to outcome'),
          durations(workflows, chartWidth)),
        h('div', { class: 'grid-2' },
          h('section', { class: 'card', 'aria-labelledby': 'c-rollouts' }, h('h2', { id: 'c-rollouts' }, `Rollouts (${dep.started})`),
            shareBars([
              ['Succeeded', dep.byStatus.SUCCEEDED, 'c-ok'],
              ['Rolled back', dep.byStatus.ROLLED_BACK, 'c-bad'],
              ['Failed', dep.byStatus.FAILED, 'c-fail'],
              ['Stopped', dep.byStatus.STOPPED, 'c-muted'],
              ['In progress', dep.byStatus.IN_PROGRESS, 'c-info'],
            ], dep.started),
            h('p', { class: 'subtle small' }, `Mean rollout ${duration(dep.meanDurationSeconds)}`)),
          h('section', { class: 'card', 'aria-labelledby': 'c-ended' }, h('h2', { id: 'c-ended' }, 'How workflows ended'),
            ended.length ? h('ul', { class: 'ended' }, ...ended.map(([k, v]) => h('li', null, stageBadge(k), h('strong', null, String(v))))) : h('p', { class: 'subtle' }, 'Nothing has finished yet.'))),
        h('section', { class: 'card flush', 'aria-labelledby': 'c-components' }, h('h2', { id: 'c-components', class: 'pad' }, 'By component'),
          h('div', { class: 'table-scroll' }, h('table', null,
            h('thead', null, h('tr', null, ...['Component', 'Workflows', 'In flight', 'Succeeded', 'Rolled back', 'Failed', 'Last outcome'].map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', null, ...st.components.map((c) => h('tr', null,
              h('th', { scope: 'row' }, h('a', { href: `#/workflows?component=${encodeURIComponent(c.component)}`, class: 'strong' }, c.component)),
              h('td', { class: 'num' }, String(c.total)), h('td', { class: 'num' }, String(c.active)), h('td', { class: 'num' }, String(c.succeeded)),
              h('td', { class: 'num' }, String(c.rolledBack)), h('td', { class: 'num' }, String(c.failed)),
              h('td', null, c.lastOutcome ? h('a', { href: `#/workflows/${encodeURIComponent(c.lastOutcome.workflowId)}`, class: 'inline' }, stageBadge(c.lastOutcome.stage), ` ${c.lastOutcome.version} `, when(c.lastOutcome.at)) : h('span', { class: 'subtle' }, '—')))))))));
    },
  };
}
