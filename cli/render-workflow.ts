import type { WorkflowDetail } from './client/upkeep-client.js';
import { duration, instant, percent, stageColour, table, type Paint } from './output.js';

const seconds = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 1000;

function header(p: Paint, wf: WorkflowDetail): string[] {
  const lines = [
    `${p.bold(`${wf.component} ${wf.fromVersion} → ${wf.version}`)}  ${stageColour(p, wf.stage)(wf.stage)}${wf.outcomeReason ? `  ${p.dim(wf.outcomeReason)}` : ''}`,
    `  id         ${wf.id}`,
    `  detected   ${instant(wf.createdAt)}${wf.endedAt ? `, ended ${instant(wf.endedAt)} (${duration(seconds(wf.createdAt, wf.endedAt))})` : ''}`,
  ];
  if (wf.priority) lines.push(`  priority   ${wf.priority.priority}${wf.comparison ? ` (${wf.comparison.updateType} update)` : ''}: ${wf.priority.reasons[0] ?? ''}`);
  if (wf.requestedBy) lines.push(`  requested  by ${wf.requestedBy}`);
  if (wf.executionName || wf.executionUrl) lines.push(`  execution  ${wf.executionName ?? ''}${wf.executionUrl ? `  ${p.dim(wf.executionUrl)}` : ''}`);
  return lines;
}

function stages(p: Paint, wf: WorkflowDetail): string[] {
  const rows = wf.history.map((entry, i) => {
    const next = wf.history[i + 1]?.at ?? wf.endedAt ?? undefined;
    const took = next === undefined ? (i === wf.history.length - 1 && wf.endedAt === undefined ? 'now' : '') : duration(seconds(entry.at, next));
    return [`  ${instant(entry.at)}`, stageColour(p, entry.stage)(entry.stage), took, entry.reason ?? ''];
  });
  return ['', p.bold('Stages'), ...table(p, ['  at', 'stage', 'for', 'why'], rows)];
}

function policy(p: Paint, wf: WorkflowDetail): string[] {
  const e = wf.evaluation;
  if (e === undefined) return [];
  const lines = ['', `${p.bold('Policy')}  ${e.decision}${e.policy ? ` by ${e.policy}` : ' (no policy matched: the default)'}, risk ${e.risk.level} (score ${e.risk.score})`];
  for (const reason of e.reasons) lines.push(`  ${reason}`);
  if (e.deferUntil) lines.push(`  deferred until ${instant(e.deferUntil)}`);
  lines.push(`  earliest deployment ${instant(e.earliestDeployAt)}${e.bypassWindow ? ' (bypasses windows)' : ''}`);
  for (const t of e.trace) {
    const mark = t.decided ? p.green('▶') : t.matched ? '✓' : t.enabled ? '·' : p.dim('○');
    lines.push(`  ${mark} ${t.policy} ${p.dim(`(priority ${t.priority}${t.enabled ? '' : ', disabled'})`)}: ${t.why}`);
  }
  for (const f of e.risk.factors) lines.push(p.dim(`    risk +${f.points} ${f.factor}: ${f.why}`));
  return lines;
}

function simulation(p: Paint, wf: WorkflowDetail): string[] {
  const s = wf.simulation;
  if (s === undefined) return [];
  const status = s.status === 'PASSED' ? p.green(s.status) : p.red(s.status);
  const lines = ['', `${p.bold('Simulation')}  ${status} in ${duration(s.durationSeconds)}${s.reason ? `: ${s.reason}` : ''}`];
  for (const [suite, r] of Object.entries(s.suites)) {
    if (r !== undefined) lines.push(`  ${suite.padEnd(12)} ${r.passed}/${r.run} passed, ${r.failed} failed, ${r.skipped} skipped (${percent(r.run === 0 ? null : r.passed / r.run)})`);
  }
  const b = s.benchmark;
  if (b !== undefined) {
    const change = b.baseline === 0 ? null : (b.candidate - b.baseline) / b.baseline;
    const figure = (n: number): string => String(Number(n.toPrecision(4)));
    lines.push(`  benchmark    ${b.metric}: ${figure(b.baseline)} → ${figure(b.candidate)} ${b.unit} (${change === null ? '—' : `${change >= 0 ? '+' : ''}${percent(change)}`}, ${b.higherIsBetter ? 'higher' : 'lower'} is better)`);
  }
  if (s.logUrl) lines.push(p.dim(`  log: ${s.logUrl}`));
  return lines;
}

function approvals(p: Paint, wf: WorkflowDetail): string[] {
  const a = wf.approval;
  if (a === null) return [];
  const state = a.outcome ? `${a.outcome.decision} by ${a.outcome.by} at ${instant(a.outcome.at)}` : a.waiting ? p.yellow('waiting') : 'not decided';
  const lines = ['', `${p.bold('Approval')}  ${state}`, `  round ${a.round ?? '—'}, requested ${instant(a.requestedAt)}, deadline ${instant(a.deadline)}`,
    `  ${a.required} of ${a.approvers.join(', ') || '(nobody)'} needed`];
  for (const d of a.decisions) lines.push(`  ${instant(d.at)}  ${d.decision === 'APPROVED' ? p.green(d.decision) : p.red(d.decision)} by ${d.approver} via ${d.via}${d.reason ? `: ${d.reason}` : ''}`);
  if (a.waiting) lines.push(p.dim(`  decide with: upkeep approve ${wf.id}   or   upkeep reject ${wf.id} --reason "…"`));
  return lines;
}

function rollout(p: Paint, wf: WorkflowDetail): string[] {
  const lines: string[] = [];
  if (wf.pipelineRun) lines.push('', `${p.bold('Pipeline')}  ${wf.pipelineRun.provider} run ${wf.pipelineRun.runId}: ${wf.pipelineRun.status}${wf.pipelineRun.url ? `  ${p.dim(wf.pipelineRun.url)}` : ''}`);
  const r = wf.rollout;
  if (r !== undefined) {
    const status = r.status === 'SUCCEEDED' ? p.green(r.status) : r.status === 'IN_PROGRESS' ? p.cyan(r.status) : p.red(r.status);
    lines.push('', `${p.bold('Rollout')}  ${r.strategy} ${status}, ${r.candidateWeight}% of traffic on ${wf.version}`);
    lines.push(`  deployment ${r.deploymentId}, started ${instant(r.startedAt)}${r.endedAt ? `, ended ${instant(r.endedAt)} (${duration(seconds(r.startedAt, r.endedAt))})` : ''}`);
    if (r.reason || r.alarm) lines.push(`  ${r.alarm ? `alarm ${r.alarm}: ` : ''}${r.reason ?? ''}`);
  }
  return lines;
}

function events(p: Paint, wf: WorkflowDetail): string[] {
  if (wf.events.length === 0) return [];
  return ['', p.bold('Audit events'), ...table(p, ['  at', 'event', 'by', 'what'], wf.events.map((e) => [`  ${instant(e.at)}`, e.type, e.actor, e.message]))];
}

/**
 * One workflow for a person (`upkeep workflow <id>`): header, stage timeline with timestamps
 * and time spent, policy decision and trace, simulation, approval, pipeline and rollout, audit events.
 */
export function renderWorkflow(p: Paint, wf: WorkflowDetail): string[] {
  return [...header(p, wf), ...stages(p, wf), ...policy(p, wf), ...simulation(p, wf), ...approvals(p, wf), ...rollout(p, wf), ...events(p, wf)];
}
