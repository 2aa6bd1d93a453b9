// Small dependency-free SVG charts: a stacked daily bar chart with a rate line, horizontal
// bars, a ring, and a scatter of durations over time. Colours come from CSS classes.
import { h, s } from './dom.js';
import { duration, percent } from './format.js';

const OUTCOMES = [
  ['SUCCEEDED', 'Succeeded', 'c-ok'],
  ['ROLLED_BACK', 'Rolled back', 'c-bad'],
  ['FAILED', 'Failed', 'c-fail'],
  ['REJECTED', 'Rejected', 'c-muted'],
  ['DEFERRED', 'Deferred', 'c-muted2'],
  ['EXPIRED', 'Expired', 'c-muted3'],
  ['CANCELLED', 'Cancelled', 'c-muted4'],
];

function legend(items) {
  return h('ul', { class: 'chart-legend' }, ...items.map(([label, cls]) => h('li', null, h('i', { class: cls, 'aria-hidden': 'true' }), label)));
}

function niceMax(n) {
  if (n <= 4) return Math.max(1, Math.ceil(n));
  const p = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= n);
}

/** Workflows ended per day, stacked by outcome, with detections as ticks and the day's success rate as a line. */
export function dailyOutcomes(timeline, W = 720) {
  const H = 220;
  const pad = { l: 34, r: 40, t: 12, b: 28 };
  const n = timeline.length;
  const bw = (W - pad.l - pad.r) / Math.max(n, 1);
  const totals = timeline.map((d) => Object.values(d.ended).reduce((a, b) => a + b, 0));
  const max = niceMax(Math.max(1, ...totals, ...timeline.map((d) => d.detected)));
  const y = (v) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const svg = s('svg', { class: 'chart', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Outcomes per day over the last ${n} days; ${totals.reduce((a, b) => a + b, 0)} ended` });
  const ticks = max <= 5 ? Array.from({ length: max + 1 }, (_, i) => i) : [0, max / 2, max];
  for (const v of ticks) {
    svg.append(s('line', { class: 'grid', x1: pad.l, x2: W - pad.r, y1: y(v), y2: y(v) }), s('text', { class: 'tick', x: pad.l - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  for (const r of [0, 0.5, 1]) svg.append(s('text', { class: 'tick rate-tick', x: W - pad.r + 6, y: y(r * max) + 4 }, percent(r)));
  timeline.forEach((d, i) => {
    const x = pad.l + i * bw + bw * 0.15;
    let acc = 0;
    const tip = [`${d.day}: ${d.detected} detected`, ...OUTCOMES.filter(([k]) => d.ended[k]).map(([k, label]) => `${d.ended[k]} ${label.toLowerCase()}`), d.successRate === null ? '' : `success ${percent(d.successRate)}`].filter(Boolean).join(', ');
    const g = s('g', null, s('title', null, tip));
    for (const [key, , cls] of OUTCOMES) {
      const v = d.ended[key] ?? 0;
      if (!v) continue;
      g.append(s('rect', { class: cls, x, width: bw * 0.7, y: y(acc + v), height: y(acc) - y(acc + v), rx: 2 }));
      acc += v;
    }
    if (d.detected) g.append(s('rect', { class: 'c-detected', x: x - 1, width: bw * 0.7 + 2, y: y(d.detected) - 1.5, height: 3 }));
    g.append(s('rect', { class: 'hit', x: pad.l + i * bw, width: bw, y: pad.t, height: H - pad.t - pad.b }));
    svg.append(g);
    const step = Math.ceil(n / Math.max(2, Math.floor(W / 90)));
    if (i % step === 0 || (i === n - 1 && (n - 1) % step >= step / 2)) {
      svg.append(s('text', { class: 'tick', x: x + bw * 0.35, y: H - 8, 'text-anchor': 'middle' }, d.day.slice(5)));
    }
  });
  const rate = timeline.map((d, i) => (d.successRate === null ? null : [pad.l + i * bw + bw * 0.5, pad.t + (H - pad.t - pad.b) * (1 - d.successRate)]));
  const pts = rate.filter(Boolean);
  if (pts.length > 1) svg.append(s('polyline', { class: 'rate-line', points: pts.map((p) => p.join(',')).join(' ') }));
  for (const p of pts) svg.append(s('circle', { class: 'rate-dot', cx: p[0], cy: p[1], r: 3.5 }));
  return h('figure', { class: 'chart-figure' }, svg,
    legend([...OUTCOMES.slice(0, 3).map(([, l, c]) => [l, c]), ['Other endings', 'c-muted'], ['Detected', 'c-detected'], ['Success rate', 'c-rate']]));
}

/** Labelled horizontal bars: `[label, count, className]`, with each share of `total`. */
export function shareBars(rows, total) {
  const max = Math.max(1, ...rows.map((r) => r[1]));
  return h('div', { class: 'share-bars', role: 'list' }, ...rows.map(([label, count, cls]) => h('div', { class: 'share-row', role: 'listitem' },
    h('span', { class: 'label' }, label),
    h('span', { class: 'track' }, h('span', { class: `fill ${cls}`, style: { width: `${(count / max) * 100}%` } })),
    h('span', { class: 'num' }, String(count), h('span', { class: 'subtle' }, total ? ` · ${percent(count / total)}` : '')))));
}

/** A ring showing one rate, with its label in the middle. */
export function ring(ratio, label, tone = 'ok') {
  const r = 42;
  const c = 2 * Math.PI * r;
  const v = ratio ?? 0;
  return h('figure', { class: 'ring' },
    s('svg', { viewBox: '0 0 100 100', role: 'img', 'aria-label': `${label}: ${percent(ratio)}` },
      s('circle', { class: 'ring-track', cx: 50, cy: 50, r }),
      s('circle', { class: `ring-value c-${tone}`, cx: 50, cy: 50, r, 'stroke-dasharray': `${c * v} ${c}`, transform: 'rotate(-90 50 50)' }),
      s('text', { x: 50, y: 56, 'text-anchor': 'middle', class: 'ring-text' }, percent(ratio))),
    h('figcaption', null, label));
}

/** Each finished workflow as a dot: when it was detected (x) and how long it took to finish (y, log scale). */
export function durations(workflows, W = 720) {
  const H = 220;
  const pad = { l: 54, r: 16, t: 12, b: 28 };
  const done = workflows.filter((w) => w.endedAt).map((w) => ({ w, at: Date.parse(w.createdAt), secs: Math.max(0.1, (Date.parse(w.endedAt) - Date.parse(w.createdAt)) / 1000) }));
  const svg = s('svg', { class: 'chart', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Time from detection to outcome for ${done.length} finished workflows` });
  if (done.length === 0) {
    svg.append(s('text', { class: 'tick', x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'No finished workflows yet'));
    return h('figure', { class: 'chart-figure' }, svg);
  }
  let t0 = Math.min(...done.map((d) => d.at));
  let t1 = Math.max(...done.map((d) => d.at));
  if (t1 - t0 < 60_000) {
    t0 -= 30_000;
    t1 += 30_000;
  }
  const lo = Math.floor(Math.log10(Math.min(...done.map((d) => d.secs))));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...done.map((d) => d.secs)))));
  const x = (t) => pad.l + (W - pad.l - pad.r) * ((t - t0) / (t1 - t0));
  const y = (secs) => pad.t + (H - pad.t - pad.b) * (1 - (Math.log10(secs) - lo) / (hi - lo));
  for (let e = lo; e <= hi; e++) {
    const label = 10 ** e < 60 || e === 2 ? `${10 ** e} s` : duration(10 ** e);
    svg.append(s('line', { class: 'grid', x1: pad.l, x2: W - pad.r, y1: y(10 ** e), y2: y(10 ** e) }), s('text', { class: 'tick', x: pad.l - 6, y: y(10 ** e) + 4, 'text-anchor': 'end' }, label));
  }
  const span = t1 - t0;
  const fmt = new Intl.DateTimeFormat(undefined, span > 2 * 86_400_000 ? { month: 'short', day: 'numeric' } : span > 3_600_000 ? { hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  for (let i = 0; i <= 4; i++) {
    const t = t0 + ((t1 - t0) * i) / 4;
    svg.append(s('text', { class: 'tick', x: x(t), y: H - 8, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' }, fmt.format(new Date(t))));
  }
  const cls = { SUCCEEDED: 'c-ok', ROLLED_BACK: 'c-bad', FAILED: 'c-fail' };
  for (const d of done) {
    svg.append(s('a', { href: `#/workflows/${encodeURIComponent(d.w.id)}` },
      s('circle', { class: `dot ${cls[d.w.stage] ?? 'c-muted'}`, cx: x(d.at), cy: y(d.secs), r: 6 }),
      s('title', null, `${d.w.component} ${d.w.version}: ${d.w.stage.toLowerCase().replace('_', ' ')} after ${duration(d.secs)}`)));
  }
  return h('figure', { class: 'chart-figure' }, svg, legend([['Succeeded', 'c-ok'], ['Rolled back', 'c-bad'], ['Failed', 'c-fail'], ['Other endings', 'c-muted']]));
}
