// The workflow graph: the ASL definition laid out top to bottom (a small layered layout, no
// library) and coloured by what the execution did, after the Step Functions console's graph view.
import { h, s } from './dom.js';
import { clock } from './format.js';

const NODE_H = 38;
const RANK = 60;
const SEP = 22;
const DUMMY_W = 6;
const MARGIN = 24;
/** A state that at least this many others catch errors into is drawn without those edges (shown when taken). */
const SHARED_HANDLER = 3;

/** States and transitions of an ASL document (top level; Map/Parallel branches are drawn as one state). */
export function graphModel(definition) {
  const states = definition.States ?? {};
  const nodes = new Map(Object.entries(states).map(([name, st]) => [name, { name, type: st.Type, comment: st.Comment ?? '' }]));
  const edges = [];
  const seen = new Map();
  const add = (from, to, kind, label) => {
    if (!to || !nodes.has(to)) return;
    const key = `${from}\u2192${to}`;
    const existing = seen.get(key);
    if (existing) {
      if (existing.kind === 'catch' && kind !== 'catch') existing.kind = kind;
      if (label && !existing.labels.includes(label)) existing.labels.push(label);
      return;
    }
    const edge = { from, to, kind, labels: label ? [label] : [] };
    seen.set(key, edge);
    edges.push(edge);
  };
  for (const [name, st] of Object.entries(states)) {
    add(name, st.Next, 'next');
    for (const choice of st.Choices ?? []) add(name, choice.Next, 'choice', choice.Comment ?? describeChoice(choice));
    add(name, st.Default, 'choice', 'otherwise');
    for (const c of st.Catch ?? []) add(name, c.Next, 'catch', `catches ${(c.ErrorEquals ?? []).join(', ')}`);
  }
  const catchers = new Map();
  for (const e of edges) if (e.kind === 'catch') catchers.set(e.to, (catchers.get(e.to) ?? 0) + 1);
  const shared = new Set([...catchers].filter(([, n]) => n >= SHARED_HANDLER).map(([name]) => name));
  for (const e of edges) e.shared = e.kind === 'catch' && shared.has(e.to);
  return { start: definition.StartAt, nodes, edges, shared };
}

function describeChoice(choice) {
  const variable = choice.Variable ?? '';
  const test = Object.keys(choice).find((k) => k !== 'Variable' && k !== 'Next' && k !== 'Comment');
  return test ? `${variable} ${test} ${JSON.stringify(choice[test])}`.trim() : '';
}

/** A state's name on one line, or two balanced lines when long. */
export function labelLines(name) {
  if (name.length <= 16) return [name];
  const words = name.split(' ');
  let best = [name];
  let bestWidth = Infinity;
  for (let i = 1; i < words.length; i++) {
    const lines = [words.slice(0, i).join(' '), words.slice(i).join(' ')];
    const width = Math.max(...lines.map((l) => l.length));
    if (width < bestWidth) {
      best = lines;
      bestWidth = width;
    }
  }
  return best;
}

function nodeWidth(node) {
  return Math.max(96, Math.round(Math.max(...labelLines(node.name).map((l) => l.length)) * 6.7 + 26));
}

/**
 * Positions for every state and a polyline for every drawn transition. Layers are longest
 * paths from the start (loops broken where a depth-first walk meets its own path); order
 * within a layer by barycentre sweeps; x by pulling nodes toward their neighbours.
 */
export function layout(model) {
  const names = [...model.nodes.keys()];
  const out = new Map(names.map((n) => [n, []]));
  for (const e of model.edges) out.get(e.from).push(e);
  // Depth-first walk: marks loop-closing edges and gives a stable initial order.
  const state = new Map();
  const order = [];
  const post = [];
  const visit = (root) => {
    const stack = [[root, 0]];
    state.set(root, 1);
    order.push(root);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const list = out.get(top[0]).slice().sort((a, b) => (a.kind === 'catch') - (b.kind === 'catch'));
      if (top[1] >= list.length) {
        stack.pop();
        state.set(top[0], 2);
        post.push(top[0]);
        continue;
      }
      const e = list[top[1]++];
      const st = state.get(e.to);
      if (st === 1) e.back = true;
      else if (st === undefined) {
        state.set(e.to, 1);
        order.push(e.to);
        stack.push([e.to, 0]);
      }
    }
  };
  if (model.nodes.has(model.start)) visit(model.start);
  for (const n of names) if (!state.has(n)) visit(n);
  const layer = new Map(names.map((n) => [n, 0]));
  for (const n of post.slice().reverse()) {
    for (const e of out.get(n)) if (!e.back) layer.set(e.to, Math.max(layer.get(e.to), layer.get(n) + 1));
  }
  const depth = Math.max(...layer.values());
  const layers = Array.from({ length: depth + 1 }, () => []);
  const items = new Map();
  const initial = new Map(order.map((n, i) => [n, i]));
  for (const n of names) {
    const node = model.nodes.get(n);
    const item = { id: n, node, w: nodeWidth(node), layer: layer.get(n), pos: initial.get(n), up: [], down: [] };
    items.set(n, item);
    layers[item.layer].push(item);
  }
  // Drawn edges become chains of segments through dummy items, one per layer crossed.
  const drawn = [];
  let dummies = 0;
  for (const e of model.edges) {
    if (e.shared) continue;
    // Loops are drawn beside the nodes they join, outside the layering.
    if (e.back) {
      drawn.push({ edge: e, chain: [items.get(e.from), items.get(e.to)] });
      continue;
    }
    const [a, b] = [e.from, e.to];
    const chain = [items.get(a)];
    for (let l = layer.get(a) + 1; l < layer.get(b); l++) {
      const d = { id: `·${dummies++}`, dummy: true, w: DUMMY_W, layer: l, pos: chain[chain.length - 1].pos, up: [], down: [] };
      layers[l].push(d);
      chain.push(d);
    }
    chain.push(items.get(b));
    for (let i = 1; i < chain.length; i++) {
      chain[i - 1].down.push(chain[i]);
      chain[i].up.push(chain[i - 1]);
    }
    drawn.push({ edge: e, chain });
  }
  for (const l of layers) l.sort((a, b) => a.pos - b.pos).forEach((it, i) => (it.pos = i));
  for (const name of spine(model, out, layer, post)) items.get(name).spine = true;
  orderLayers(layers);
  placeX(layers);
  const all = layers.flat();
  const minX = Math.min(...all.map((it) => it.x - it.w / 2));
  const maxX = Math.max(...all.map((it) => it.x + it.w / 2));
  for (const it of all) {
    it.x += MARGIN - minX + 12;
    it.y = MARGIN + 28 + it.layer * RANK;
  }
  const hasBack = drawn.some((d) => d.edge.back);
  return {
    nodes: [...items.values()].map((it) => ({ ...it.node, x: it.x, y: it.y, w: it.w, h: NODE_H })),
    edges: drawn.map(({ edge, chain }) => ({ ...edge, points: chain.map((it) => ({ x: it.x, y: it.y, dummy: it.dummy === true, w: it.w })) })),
    hidden: model.edges.filter((e) => e.shared),
    width: maxX - minX + 2 * MARGIN + 24 + (hasBack ? 40 : 0),
    height: MARGIN * 2 + 28 + depth * RANK + NODE_H,
    depth,
  };
}

/**
 * The happy path: the longest run of normal transitions from the start to a Succeed state.
 * It is drawn as a straight column, with branches to either side.
 */
function spine(model, out, layer, post) {
  const best = new Map([[model.start, 0]]);
  const parent = new Map();
  for (const n of post.slice().reverse()) {
    if (!best.has(n)) continue;
    for (const e of out.get(n)) {
      if (e.back || e.kind === 'catch') continue;
      if ((best.get(e.to) ?? -1) < best.get(n) + 1) {
        best.set(e.to, best.get(n) + 1);
        parent.set(e.to, n);
      }
    }
  }
  const ends = [...best.keys()].filter((n) => model.nodes.get(n).type === 'Succeed');
  let end = (ends.length ? ends : [...best.keys()]).sort((a, b) => best.get(b) - best.get(a))[0];
  const path = [];
  while (end !== undefined) {
    path.push(end);
    end = parent.get(end);
  }
  // Only one spine node per layer can sit in the column.
  const used = new Set();
  return path.filter((n) => !used.has(layer.get(n)) && used.add(layer.get(n)));
}

function crossings(layers) {
  let count = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const segs = layers[l].flatMap((a) => a.down.map((b) => [a.pos, b.pos]));
    for (let i = 0; i < segs.length; i++) {
      for (let j = i + 1; j < segs.length; j++) {
        if ((segs[i][0] - segs[j][0]) * (segs[i][1] - segs[j][1]) < 0) count++;
      }
    }
  }
  return count;
}

function orderLayers(layers) {
  let best = layers.map((l) => l.slice());
  let bestCount = crossings(layers);
  const sweep = (l, key) => {
    const bary = new Map(l.map((it) => {
      const ns = it[key];
      return [it, ns.length ? ns.reduce((sum, n) => sum + n.pos, 0) / ns.length : it.pos];
    }));
    l.sort((a, b) => bary.get(a) - bary.get(b) || a.pos - b.pos).forEach((it, i) => (it.pos = i));
  };
  for (let iter = 0; iter < 16 && bestCount > 0; iter++) {
    if (iter % 2 === 0) for (let l = 1; l < layers.length; l++) sweep(layers[l], 'up');
    else for (let l = layers.length - 2; l >= 0; l--) sweep(layers[l], 'down');
    const count = crossings(layers);
    if (count < bestCount) {
      bestCount = count;
      best = layers.map((l) => l.slice());
    }
  }
  best.forEach((l, i) => {
    layers[i] = l;
    l.forEach((it, p) => (it.pos = p));
  });
}

function gap(a, b) {
  return a.w / 2 + b.w / 2 + (a.dummy && b.dummy ? 8 : SEP);
}

function placeX(layers) {
  for (const l of layers) {
    let x = 0;
    l.forEach((it, i) => {
      x = i === 0 ? 0 : x + gap(l[i - 1], it);
      it.x = x;
    });
    const anchor = l.find((it) => it.spine);
    const mid = anchor ? anchor.x : x / 2;
    for (const it of l) it.x -= mid;
  }
  // Sugiyama's priority method: dummies (long edges) first so they run straight, then nodes by
  // how connected they are; a node moves toward its neighbours' mean as far as it can without
  // pushing one placed before it.
  const place = (l, key) => {
    const priority = (it) => (it.dummy ? 1e6 : 0) + it.up.length + it.down.length;
    const fixed = new Set(l.filter((it) => it.spine));
    const byPriority = l.map((it, i) => [it, i]).sort((a, b) => priority(b[0]) - priority(a[0]) || a[1] - b[1]);
    for (const [it, i] of byPriority) {
      if (it.spine) continue;
      const ns = it[key].length ? it[key] : it[key === 'up' ? 'down' : 'up'];
      // A state joined only by undrawn edges keeps to its neighbours in the layer.
      if (ns.length === 0) continue;
      let target = ns.reduce((sum, n) => sum + n.x, 0) / ns.length;
      if (target > it.x) {
        let room = 0;
        for (let k = i + 1; k < l.length; k++) {
          room += gap(l[k - 1], l[k]);
          if (fixed.has(l[k])) {
            target = Math.min(target, l[k].x - room);
            break;
          }
        }
        it.x = Math.max(it.x, target);
        for (let k = i + 1; k < l.length; k++) l[k].x = Math.max(l[k].x, l[k - 1].x + gap(l[k - 1], l[k]));
      } else if (target < it.x) {
        let room = 0;
        for (let k = i - 1; k >= 0; k--) {
          room += gap(l[k], l[k + 1]);
          if (fixed.has(l[k])) {
            target = Math.max(target, l[k].x + room);
            break;
          }
        }
        it.x = Math.min(it.x, target);
        for (let k = i - 1; k >= 0; k--) l[k].x = Math.min(l[k].x, l[k + 1].x - gap(l[k], l[k + 1]));
      }
      fixed.add(it);
    }
    l.forEach((it, i) => {
      if (fixed.has(it)) return;
      if (i > 0) it.x = l[i - 1].x + gap(l[i - 1], it);
      else if (l.length > 1) it.x = l[1].x - gap(it, l[1]);
    });
  };
  for (let iter = 0; iter < 8; iter++) {
    if (iter % 2 === 0) for (let l = 1; l < layers.length; l++) place(layers[l], 'up');
    else for (let l = layers.length - 2; l >= 0; l--) place(layers[l], 'down');
  }
}

/**
 * How each state fared: from the execution history when the engine still has it, else
 * reconstructed from the workflow's recorded stages (local mode forgets histories on restart).
 */
export function stateStatus(model, detail) {
  const status = new Map();
  const times = new Map();
  const taken = new Set();
  const steps = detail.execution;
  if (Array.isArray(steps) && steps.length > 0) {
    let previous = null;
    const open = new Set();
    for (const step of steps) {
      const name = step.state;
      if (step.type === 'StateEntered' && name) {
        if (previous) taken.add(`${previous}\u2192${name}`);
        previous = name;
        status.set(name, 'current');
        open.add(name);
        const t = times.get(name) ?? { entered: step.at, count: 0 };
        t.count += 1;
        t.last = step.at;
        times.set(name, t);
      } else if (step.type === 'StateExited' && name) {
        open.delete(name);
        if (status.get(name) !== 'failed' && status.get(name) !== 'caught') status.set(name, 'succeeded');
        const t = times.get(name);
        if (t) t.exited = step.at;
      } else if (step.type === 'StateCaught' && name) {
        status.set(name, 'caught');
      } else if (/Failed$|TimedOut$/.test(step.type) && name) {
        status.set(name, 'failed');
        open.delete(name);
      }
    }
    const ended = steps.some((st) => /^Execution(Succeeded|Failed|Aborted|TimedOut)$/.test(st.type));
    if (ended) for (const name of open) if (status.get(name) === 'current') status.set(name, 'aborted');
    return { status, times, taken, source: 'execution' };
  }
  // Reconstruction: the stages recorded on the workflow, mapped to the states that record them.
  const has = (name) => model.nodes.has(name);
  const byStage = {
    DETECTED: ['Record detection'],
    VERIFYING: ['Verify artifact'],
    SIMULATING: detail.simulation?.status === 'FAILED' ? ['Simulate', 'Collect failed simulation'] : ['Simulate', 'Collect simulation results'],
    EVALUATING: ['Evaluate policy', 'Decision'],
    AWAITING_APPROVAL: ['Request approval'],
    SCHEDULED: ['Schedule deployment', 'Wait for deployment window'],
    DEPLOYING: ['Roll out', 'Wait for rollout', 'Check rollout', 'Rollout finished?'],
    MONITORING: ['Monitor', 'Check health', 'Healthy?'],
    SUCCEEDED: ['Record success', 'Updated'],
    ROLLED_BACK: ['Roll back', 'Record rollback', 'Rolled back'],
    REJECTED: ['Record rejection', 'Not shipped'],
    DEFERRED: ['Record deferral', 'Not shipped'],
    EXPIRED: ['Record approval expiry', 'Not shipped'],
    CANCELLED: ['Record cancellation', 'Not shipped'],
    FAILED: ['Record failure', 'Update failed'],
  };
  const history = detail.history ?? [];
  history.forEach((entry, i) => {
    const last = i === history.length - 1;
    for (const name of (byStage[entry.stage] ?? []).filter(has)) {
      const type = model.nodes.get(name).type;
      let st = 'succeeded';
      if (last && type === 'Fail') st = 'failed';
      else if (last && !['Succeed', 'Fail'].includes(type) && !['SUCCEEDED', 'ROLLED_BACK', 'REJECTED', 'DEFERRED', 'EXPIRED', 'CANCELLED', 'FAILED'].includes(entry.stage)) st = 'current';
      status.set(name, st);
      if (!times.has(name)) times.set(name, { entered: entry.at, count: 1 });
    }
  });
  return { status, times, taken, source: 'stages' };
}

const STATUS_LABEL = { succeeded: 'Succeeded', failed: 'Failed', current: 'In progress', caught: 'Caught error', aborted: 'Stopped' };

function curve(points) {
  let d = `M${points[0].x},${points[0].y}`;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const dy = (b.y - a.y) / 2;
    d += ` C${a.x},${a.y + dy} ${b.x},${b.y - dy} ${b.x},${b.y}`;
  }
  return d;
}

function nodeShape(node, cls) {
  const { x, y, w, h: ht } = node;
  const left = x - w / 2;
  const top = y - ht / 2;
  if (node.type === 'Choice') {
    const k = 12;
    return s('path', { class: cls, d: `M${left + k},${top} H${left + w - k} L${left + w},${y} L${left + w - k},${top + ht} H${left + k} L${left},${y} Z` });
  }
  const rx = node.type === 'Succeed' || node.type === 'Fail' ? ht / 2 : 6;
  return s('rect', { class: cls, x: left, y: top, width: w, height: ht, rx });
}

/** The graph as an SVG figure with its legend, for one workflow's detail. */
export function renderGraph(definition, detail) {
  const model = graphModel(definition);
  const g = layout(model);
  const { status, times, taken, source } = stateStatus(model, detail);
  const byName = new Map(g.nodes.map((n) => [n.name, n]));
  const svg = s('svg', {
    class: 'graph', viewBox: `0 0 ${Math.ceil(g.width)} ${Math.ceil(g.height)}`, width: Math.ceil(g.width), height: Math.ceil(g.height),
    role: 'img', 'aria-label': `State machine graph of ${model.nodes.size} states; ${[...status.values()].filter((v) => v === 'succeeded').length} succeeded`,
  });
  svg.append(s('defs', null, ...['edge', 'taken', 'catch'].map((kind) => s('marker', {
    id: `arrow-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse',
  }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrow arrow-${kind}` })))));
  const edgeLayer = s('g', { class: 'edges' });
  const nodeLayer = s('g', { class: 'nodes' });
  svg.append(edgeLayer, nodeLayer);
  const start = byName.get(model.start);
  if (start) {
    nodeLayer.append(s('circle', { class: 'start', cx: start.x, cy: MARGIN, r: 7 }));
    edgeLayer.append(s('path', { class: 'edge taken', d: `M${start.x},${MARGIN + 7} V${start.y - NODE_H / 2}`, 'marker-end': 'url(#arrow-taken)' }));
  }
  for (const e of g.edges) {
    const pts = e.points.map((p) => ({ ...p }));
    const isTaken = taken.has(`${e.from}\u2192${e.to}`);
    const kind = isTaken ? (e.kind === 'catch' ? 'catch' : 'taken') : 'edge';
    const cls = `edge ${isTaken ? 'taken' : ''} ${e.kind === 'catch' ? 'catch' : ''}`;
    let d;
    if (e.back) {
      const a = byName.get(e.from);
      const b = byName.get(e.to);
      const x = Math.max(a.x + a.w / 2, b.x + b.w / 2) + 22;
      d = `M${a.x + a.w / 2},${a.y} C${x},${a.y} ${x},${b.y} ${b.x + b.w / 2},${b.y}`;
    } else {
      pts[0] = { ...pts[0], y: pts[0].y + NODE_H / 2 };
      pts[pts.length - 1] = { ...pts[pts.length - 1], y: pts[pts.length - 1].y - NODE_H / 2 };
      d = curve(pts);
    }
    edgeLayer.append(s('path', { class: cls, d, 'marker-end': `url(#arrow-${kind})` }, s('title', null, `${e.from} → ${e.to}${e.labels.length ? `: ${e.labels.join('; ')}` : ''}`)));
  }
  // Edges into a shared error handler are drawn only when taken.
  for (const e of g.hidden) {
    if (!taken.has(`${e.from}\u2192${e.to}`)) continue;
    const a = byName.get(e.from);
    const b = byName.get(e.to);
    const d = curve([{ x: a.x + a.w / 2 - 10, y: a.y + NODE_H / 2 }, { x: b.x, y: b.y - NODE_H / 2 }]);
    edgeLayer.append(s('path', { class: 'edge taken catch', d, 'marker-end': 'url(#arrow-catch)' }, s('title', null, `${e.from} → ${e.to}: ${e.labels.join('; ')}`)));
  }
  for (const n of g.nodes) {
    const st = status.get(n.name) ?? 'none';
    const t = times.get(n.name);
    const tip = [`${n.name} (${n.type})`, STATUS_LABEL[st] ?? 'Not entered',
      t ? `entered ${clock(t.entered)}${t.count > 1 ? ` (${t.count}×, last ${clock(t.last)})` : ''}${t.exited ? `, exited ${clock(t.exited)}` : ''}` : '', n.comment].filter(Boolean).join('\n');
    const group = s('g', { class: `node st-${st} type-${n.type.toLowerCase()}`, dataset: { state: n.name, status: st }, tabindex: 0 },
      s('title', null, tip),
      nodeShape(n, 'shape'),
      s('text', { x: n.x, y: n.y + 4 - (labelLines(n.name).length - 1) * 6.5, 'text-anchor': 'middle' },
        ...labelLines(n.name).map((line, i) => s('tspan', { x: n.x, dy: i === 0 ? 0 : 13 }, line))));
    if (t && t.count > 1) group.append(s('text', { class: 'count', x: n.x + n.w / 2 - 4, y: n.y - NODE_H / 2 - 4, 'text-anchor': 'end' }, `×${t.count}`));
    nodeLayer.append(group);
  }
  const sharedNote = [...model.shared].map((name) => `${model.edges.filter((e) => e.shared && e.to === name).length} states catch errors into “${name}”`).join('; ');
  const legend = h('div', { class: 'legend' },
    ...['succeeded', 'current', 'failed', 'caught', 'none'].map((st) => h('span', { class: `key st-${st}` }, h('i', { 'aria-hidden': 'true' }), st === 'none' ? 'Not entered' : STATUS_LABEL[st])));
  const notes = h('p', { class: 'graph-note' },
    source === 'execution' ? 'Coloured from the execution history. ' : 'The execution history is gone (local mode forgets it on restart): coloured from the recorded stages. ',
    sharedNote ? `${sharedNote}; those edges are drawn only when taken.` : '');
  return h('figure', { class: 'graph-figure' }, legend, h('div', { class: 'graph-scroll' }, svg), notes);
}
