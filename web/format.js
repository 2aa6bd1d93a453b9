// Formatting shared by the views: times, durations, stages, decisions, risk.
import { h } from './dom.js';

/** Stage → [label, tone]. Tones map to colours in styles.css (`.tone-*`). */
export const STAGES = {
  DETECTED: ['Detected', 'info'],
  VERIFYING: ['Verifying', 'info'],
  SIMULATING: ['Simulating', 'info'],
  EVALUATING: ['Evaluating', 'info'],
  AWAITING_APPROVAL: ['Awaiting approval', 'warn'],
  SCHEDULED: ['Scheduled', 'info'],
  DEPLOYING: ['Deploying', 'info'],
  MONITORING: ['Monitoring', 'info'],
  SUCCEEDED: ['Succeeded', 'ok'],
  ROLLED_BACK: ['Rolled back', 'bad'],
  REJECTED: ['Rejected', 'muted'],
  DEFERRED: ['Deferred', 'muted'],
  FAILED: ['Failed', 'bad'],
  EXPIRED: ['Expired', 'muted'],
  CANCELLED: ['Cancelled', 'muted'],
};

export const TERMINAL = new Set(['SUCCEEDED', 'ROLLED_BACK', 'REJECTED', 'DEFERRED', 'FAILED', 'EXPIRED', 'CANCELLED']);

const DECISIONS = { AUTO_APPROVE: 'Auto-approve', MANUAL_REVIEW: 'Manual review', DEFER: 'Defer', REJECT: 'Reject' };
const RISK_TONE = { LOW: 'ok', MEDIUM: 'warn', HIGH: 'bad', CRITICAL: 'bad' };

/** A stage badge: coloured, with a dot that pulses while the workflow is in flight. */
export function stageBadge(stage) {
  const [label, tone] = STAGES[stage] ?? [stage, 'muted'];
  return h('span', { class: `badge tone-${tone}${TERMINAL.has(stage) ? '' : ' live'}`, dataset: { stage } }, h('span', { class: 'dot', 'aria-hidden': 'true' }), label);
}

export function riskBadge(risk) {
  if (!risk) return h('span', { class: 'none' }, '—');
  return h('span', { class: `pill tone-${RISK_TONE[risk] ?? 'muted'}` }, risk.toLowerCase());
}

export function decisionLabel(decision) {
  return decision ? DECISIONS[decision] ?? decision : '—';
}

/** "3 s", "4 min", "2 h 5 min", "3 d". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 10) return `${Math.round(seconds * 10) / 10} s`;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.round(hours / 24)} d`;
}

export function secondsBetween(from, to) {
  return (Date.parse(to) - Date.parse(from)) / 1000;
}

/** "12 s ago", "in 3 h". */
export function ago(iso, now = Date.now()) {
  if (!iso) return '—';
  const seconds = (now - Date.parse(iso)) / 1000;
  if (Math.abs(seconds) < 5) return 'just now';
  return seconds >= 0 ? `${duration(seconds)} ago` : `in ${duration(-seconds)}`;
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function dateTime(iso) {
  return iso ? DATE_TIME.format(new Date(iso)) : '—';
}

export function clock(iso) {
  return iso ? TIME.format(new Date(iso)) : '—';
}

/** A <time> element: the relative time, with the exact instant on hover. */
export function when(iso) {
  if (!iso) return h('span', { class: 'none' }, '—');
  return h('time', { datetime: iso, title: dateTime(iso) }, ago(iso));
}

export function percent(ratio, digits = 0) {
  return ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(digits)}%`;
}

/** Numbers as people read them: 0.0386 → "0.0386", 123456 → "123,456". */
export function num(value) {
  if (value === null || value === undefined) return '—';
  const abs = Math.abs(value);
  if (abs !== 0 && abs < 1) return value.toPrecision(3);
  return value.toLocaleString(undefined, { maximumFractionDigits: abs < 100 ? 2 : 0 });
}

/** JSON values in traces (`expected`/`actual`) as short text. */
export function value(v) {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}
