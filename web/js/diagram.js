// diagram.js: the state diagram. One node per state (the Linux letters),
// one arrow per transition with its cause, one token per task. When a step
// changes a task's state, its token glides along the arrow(s) it took and
// the arrow lights up with the cause. Tokens carry data-pid and data-state;
// nodes carry data-node (runnable, running, sleeping, disk, stopped, traced,
// zombie, dead, origin).
//
// What the shown step did stays marked until the next render (dopts.keep,
// the process view): each arrow a task took is drawn thick with a bubble
// naming the cause (class "hot taken"), and each token that moved carries a
// dashed halo (class "moved", data-moved="1"). Without keep (the live lab,
// which has no steps) an arrow lights up for a moment as a token passes.
//
// The live lab draws real processes on a second diagram: createDiagram's
// options relabel a few nodes (/proc shows R for running and ready alike),
// name the running node's slots, label the tokens, and mark the tokens whose
// state was drawn rather than sampled (task.drawn: X, from the reap) with
// the class "drawn" and data-drawn="1".
import { t } from './i18n.js';
import { tokensByNode } from './fold.js';
import { taskColor, STATE_LETTER, STATE_COLOR } from './colors.js';

const SVG = 'http://www.w3.org/2000/svg';
const W = 1200, H = 720;
// The top strip of the drawing (above the Traced node) is empty: the view box
// starts below it so that the diagram needs less height at the same scale.
const TOP = 12;
const TOKEN_W = 120, TOKEN_H = 42, GAP = 10;

const NODES = {
  traced: { x: 20, y: 20, w: 170, h: 112 },
  runnable: { x: 250, y: 130, w: 320, h: 240 },
  running: { x: 740, y: 110, w: 240, h: 282 },
  zombie: { x: 1040, y: 130, w: 156, h: 200 },
  disk: { x: 545, y: 432, w: 190, h: 150 },
  stopped: { x: 20, y: 480, w: 160, h: 172 },
  sleeping: { x: 250, y: 480, w: 250, h: 172 },
  dead: { x: 1040, y: 470, w: 156, h: 200 },
};
const ORIGIN = { cx: 470, cy: 50, r: 20 };

// Each arrow: the transition it draws, its path, where its label goes, and
// the catalog key of its label.
const ARROWS = [
  { from: 'none', to: 'runnable', d: 'M470,72 L470,126', lx: 486, ly: 106, anchor: 'start', key: 'arrow.fork' },
  { from: 'runnable', to: 'running', d: 'M572,195 L736,195', lx: 654, ly: 181, key: 'arrow.dispatch' },
  { from: 'running', to: 'runnable', d: 'M738,318 L574,318', lx: 656, ly: 346, key: 'arrow.preempt' },
  { from: 'running', to: 'sleeping', d: 'M830,394 C830,650 640,650 504,604', lx: 700, ly: 672, key: 'arrow.block' },
  { from: 'sleeping', to: 'runnable', d: 'M330,476 L330,374', lx: 344, ly: 436, anchor: 'start', key: 'arrow.wake' },
  { from: 'running', to: 'disk', d: 'M758,394 L722,428', lx: 768, ly: 440, anchor: 'start', key: 'arrow.disk' },
  { from: 'disk', to: 'runnable', d: 'M566,428 L548,374', lx: 580, ly: 412, anchor: 'start', key: 'arrow.diskdone' },
  { from: 'runnable', to: 'stopped', d: 'M262,372 L164,476', lx: 196, ly: 414, anchor: 'end', key: 'arrow.stop' },
  { from: 'stopped', to: 'runnable', d: 'M60,476 C60,380 150,280 246,280', lx: 118, ly: 352, anchor: 'start', key: 'arrow.cont' },
  { from: 'sleeping', to: 'stopped', d: 'M248,566 L184,566', lx: 216, ly: 552, key: 'arrow.stop', minor: true },
  { from: 'running', to: 'stopped', d: 'M900,394 L900,690 Q900,706 884,706 L116,706 Q100,706 100,690 L100,656', lx: 520, ly: 712, key: 'arrow.stop' },
  { from: 'runnable', to: 'traced', d: 'M262,178 C228,178 206,162 190,136', lx: 240, ly: 212, anchor: 'end', key: 'arrow.trace', minor: true },
  { from: 'running', to: 'traced', d: 'M800,110 C800,44 770,22 720,22 L232,22 C212,22 198,26 192,34', lx: 640, ly: 40, key: 'arrow.trace', minor: true },
  { from: 'traced', to: 'runnable', d: 'M194,58 C252,56 292,88 302,126', lx: 232, ly: 44, anchor: 'start', key: 'arrow.untrace', minor: true },
  { from: 'running', to: 'zombie', d: 'M982,230 L1036,230', lx: 1009, ly: 216, key: 'arrow.exit' },
  { from: 'zombie', to: 'dead', d: 'M1118,332 L1118,466', lx: 1106, ly: 410, anchor: 'end', key: 'arrow.reap' },
  { from: 'running', to: 'dead', d: 'M982,392 L1036,462', lx: 1000, ly: 466, anchor: 'end', key: 'arrow.autoreap', minor: true },
];

function el(name, attrs = {}, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (parent) parent.append(e);
  return e;
}

// layoutGrid places n tokens in a box, shrinking them if they do not fit.
// It returns the scale and the centre of each token.
export function layoutGrid(box, n) {
  if (n <= 0) return { scale: 1, points: [] };
  let s = Math.min(1, box.w / TOKEN_W);
  for (; s > 0.34; s *= 0.9) {
    const tw = TOKEN_W * s, th = TOKEN_H * s, g = GAP * s;
    const cols = Math.max(1, Math.floor((box.w + g) / (tw + g)));
    const rows = Math.ceil(n / cols);
    if (rows * th + (rows - 1) * g <= box.h) break;
  }
  const tw = TOKEN_W * s, th = TOKEN_H * s, g = GAP * s;
  const cols = Math.max(1, Math.min(n, Math.floor((box.w + g) / (tw + g))));
  const used = cols * tw + (cols - 1) * g;
  const x0 = box.x + (box.w - used) / 2 + tw / 2;
  const points = [];
  for (let i = 0; i < n; i++) {
    const c = i % cols, r = Math.floor(i / cols);
    points.push([x0 + c * (tw + g), box.y + th / 2 + r * (th + g)]);
  }
  return { scale: s, points };
}

function contentBox(n) {
  return { x: n.x + 12, y: n.y + 78, w: n.w - 24, h: n.h - 88 };
}

function cpuSlots(ncpu) {
  const n = NODES.running;
  const box = { x: n.x + 10, y: n.y + 72, w: n.w - 20, h: n.h - 80 };
  const cols = ncpu > 4 ? 2 : 1;
  const rows = Math.ceil(ncpu / cols);
  const gap = 8;
  const sw = (box.w - (cols - 1) * gap) / cols;
  const sh = Math.min(84, (box.h - (rows - 1) * gap) / rows);
  const out = [];
  for (let i = 0; i < ncpu; i++) {
    const c = i % cols, r = Math.floor(i / cols);
    out.push({ x: box.x + c * (sw + gap), y: box.y + r * (sh + gap), w: sw, h: sh });
  }
  return out;
}

let instances = 0;

const ease = x => (x < 0.5 ? 2 * x * x : 1 - (-2 * x + 2) ** 2 / 2);

// createDiagram draws an empty diagram into container and returns its API.
// dopts (all optional): sub {node: catalog key} for the nodes' subtitles,
// slot (catalog key of a running slot's label, with {n}), label(pid, task)
// for a token's text, tag(pid) for a task's short name (default P3), aria
// (catalog key of the drawing's label), keep (the last step's arrows and
// tokens stay marked until the next render).
export function createDiagram(container, dopts = {}) {
  // Every diagram has its own marker ids: a url(#id) that resolves into a
  // hidden diagram would draw no arrowheads.
  const uid = instances++ ? `-d${instances}` : '';
  const svg = el('svg', { viewBox: `0 ${TOP} ${W} ${H - TOP}`, class: 'state-diagram', role: 'img' });
  container.replaceChildren(svg);
  const defs = el('defs', {}, svg);
  const marker = el('marker', { id: `arrowhead${uid}`, viewBox: '0 0 12 12', refX: 10, refY: 6, markerWidth: 9, markerHeight: 9, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse' }, defs);
  marker.setAttribute('markerWidth', 16); marker.setAttribute('markerHeight', 16);
  el('path', { d: 'M1,1 L11,6 L1,11 z', class: 'arrowhead' }, marker);
  const hotMarker = el('marker', { id: `arrowhead-hot${uid}`, viewBox: '0 0 12 12', refX: 10, refY: 6, markerWidth: 18, markerHeight: 18, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse' }, defs);
  el('path', { d: 'M1,1 L11,6 L1,11 z', class: 'arrowhead hot' }, hotMarker);

  // Layers, bottom to top: arrows, nodes, labels, cause bubbles. Tokens live
  // inside their node's group (so that
  // [data-node="zombie"] [data-pid="3"] finds them); a node that receives a
  // moving token is raised so the token glides above the other nodes.
  const gArrows = el('g', { class: 'arrows' }, svg);
  const gNodes = el('g', { class: 'nodes' }, svg);
  const gLabels = el('g', { class: 'arrow-labels' }, svg);
  const gBubbles = el('g', { class: 'bubbles' }, svg);

  const arrows = new Map();
  for (const a of ARROWS) {
    const g = el('g', { class: 'arrow' + (a.minor ? ' minor' : ''), 'data-arrow': `${a.from}-${a.to}` }, gArrows);
    const path = el('path', { d: a.d, 'marker-end': `url(#arrowhead${uid})` }, g);
    const label = el('text', { x: a.lx, y: a.ly, class: 'arrow-label' + (a.minor ? ' minor' : ''), 'text-anchor': a.anchor || 'middle' }, gLabels);
    arrows.set(`${a.from}>${a.to}`, { ...a, g, path, label });
  }

  // Nodes.
  const nodeEls = {};
  const origin = el('g', { class: 'node origin', 'data-node': 'origin' }, gNodes);
  el('circle', { cx: ORIGIN.cx, cy: ORIGIN.cy, r: ORIGIN.r }, origin);
  el('path', { d: `M${ORIGIN.cx - 9},${ORIGIN.cy} h18 M${ORIGIN.cx},${ORIGIN.cy - 9} v18`, class: 'plus' }, origin);
  const originLabel = el('text', { x: ORIGIN.cx + 30, y: ORIGIN.cy + 7, 'text-anchor': 'start', class: 'node-sub' }, origin);
  nodeEls.origin = { g: origin, tokens: el('g', { class: 'node-tokens' }, origin) };
  for (const [name, n] of Object.entries(NODES)) {
    const g = el('g', { class: `node st-${name}`, 'data-node': name }, gNodes);
    el('rect', { x: n.x, y: n.y, width: n.w, height: n.h, rx: 18, class: 'node-box' }, g);
    el('circle', { cx: n.x + 30, cy: n.y + 30, r: 19, class: 'badge', fill: STATE_COLOR[name] }, g);
    el('text', { x: n.x + 30, y: n.y + 38, 'text-anchor': 'middle', class: 'badge-letter' }, g).textContent = STATE_LETTER[name];
    const title = el('text', { x: n.x + 58, y: n.y + 38, class: 'node-title' }, g);
    const sub = el('text', { x: n.x + 14, y: n.y + 66, class: 'node-sub' }, g);
    const slots = el('g', { class: 'slots' }, g);
    const tokensG = el('g', { class: 'node-tokens' }, g);
    nodeEls[name] = { g, title, sub, slots, tokens: tokensG };
  }

  const tokens = new Map(); // pid -> {g, rect, text, x, y, scale, anim}
  let ncpu = 0;
  let lastRender = null;

  function relabel() {
    for (const a of arrows.values()) a.label.textContent = t(a.key);
    originLabel.textContent = t('node.origin');
    for (const [name, n] of Object.entries(nodeEls)) {
      if (name === 'origin') continue;
      n.title.textContent = t(`node.${name}`);
      n.sub.textContent = t((dopts.sub && dopts.sub[name]) || `node.${name}.sub`);
    }
    svg.setAttribute('aria-label', t(dopts.aria || 'panel.diagram'));
    drawSlots();
  }

  function drawSlots() {
    const g = nodeEls.running.slots;
    g.replaceChildren();
    cpuSlots(ncpu).forEach((s, i) => {
      const sg = el('g', { class: 'cpu-slot', 'data-cpu': i }, g);
      el('rect', { x: s.x, y: s.y, width: s.w, height: s.h, rx: 10 }, sg);
      el('text', { x: s.x + 10, y: s.y + Math.min(s.h / 2 + 6, 26), class: 'cpu-label' }, sg).textContent = t(dopts.slot || 'node.cpu', { n: i });
      el('text', { x: s.x + s.w - 12, y: s.y + s.h - 8, 'text-anchor': 'end', class: 'cpu-idle' }, sg).textContent = t('node.idle');
    });
  }

  function tokenFor(pid) {
    let tk = tokens.get(pid);
    if (tk) return tk;
    const g = el('g', { class: 'token', 'data-pid': pid });
    const c = taskColor(pid);
    const inner = el('g', { class: 'token-inner' }, g);
    el('rect', { class: 'halo', x: -TOKEN_W / 2 - 8, y: -TOKEN_H / 2 - 8, width: TOKEN_W + 16, height: TOKEN_H + 16, rx: TOKEN_H / 2 + 8 }, inner);
    const rect = el('rect', { x: -TOKEN_W / 2, y: -TOKEN_H / 2, width: TOKEN_W, height: TOKEN_H, rx: TOKEN_H / 2, fill: c.fill }, inner);
    const text = el('text', { x: 0, y: 7.5, 'text-anchor': 'middle', fill: c.ink }, inner);
    const title = el('title', {}, g);
    tk = { g, inner, rect, text, title, x: ORIGIN.cx, y: ORIGIN.cy, scale: 1, anim: 0 };
    g.style.transform = `translate(${ORIGIN.cx}px, ${ORIGIN.cy}px)`;
    tokens.set(pid, tk);
    return tk;
  }

  function place(tk, x, y, scale, glide) {
    tk.g.classList.toggle('glide', !!glide);
    tk.x = x; tk.y = y;
    tk.g.style.transform = `translate(${x}px, ${y}px)`;
    if (tk.scale !== scale) {
      tk.scale = scale;
      tk.inner.style.transform = `scale(${scale})`;
    }
  }

  function setLabel(tk, pid, task, state) {
    const name = task && task.name ? task.name : '';
    const short = name.length > 8 ? name.slice(0, 7) + '…' : name;
    const tag = dopts.tag ? dopts.tag(pid) : `P${pid}`;
    // A job's tag is its name (fold.js taskTag): it is not said twice.
    tk.text.textContent = dopts.label ? dopts.label(pid, task) : short && tag !== name ? `${tag} ${short}` : tag;
    // A wide label (P2 consumer, TID 3 log) is squeezed into the token: its
    // white letters past the token's edge would vanish on the pale node.
    const room = TOKEN_W - 14;
    tk.text.removeAttribute('textLength');
    if (tk.text.getComputedTextLength && tk.text.getComputedTextLength() > room) {
      tk.text.setAttribute('textLength', String(room));
      tk.text.setAttribute('lengthAdjust', 'spacingAndGlyphs');
    }
    tk.title.textContent = `${tag}${name && name !== tag ? ' (' + name + ')' : ''}: ${t('state.' + state)}` +
      (task && task.wchan ? ` — ${t('diagram.wchan', { w: task.wchan })}` : '');
    // A running token in kernel mode (a system call) is marked as trapped.
    tk.g.classList.toggle('trap', !!(task && state === 'running' && task.mode === 'kernel'));
  }

  // pathPoints samples an arrow's path for a token to follow.
  function pathPoints(path) {
    const len = path.getTotalLength();
    const n = Math.max(6, Math.ceil(len / 18));
    const out = [];
    for (let i = 0; i <= n; i++) {
      const p = path.getPointAtLength((len * i) / n);
      out.push([p.x, p.y]);
    }
    return out;
  }

  function animateAlong(tk, pts, duration, done) {
    cancelAnimationFrame(tk.anim);
    tk.g.classList.remove('glide');
    const acc = [0];
    for (let i = 1; i < pts.length; i++) acc.push(acc[i - 1] + Math.hypot(pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1]));
    const total = acc[acc.length - 1] || 1;
    const start = performance.now();
    tk.g.classList.add('moving');
    const frame = now => {
      const f = Math.min(1, (now - start) / duration);
      const d = ease(f) * total;
      let i = 1;
      while (i < acc.length - 1 && acc[i] < d) i++;
      const seg = acc[i] - acc[i - 1] || 1;
      const u = Math.max(0, Math.min(1, (d - acc[i - 1]) / seg));
      const x = pts[i - 1][0] + (pts[i][0] - pts[i - 1][0]) * u;
      const y = pts[i - 1][1] + (pts[i][1] - pts[i - 1][1]) * u;
      tk.g.style.transform = `translate(${x}px, ${y}px)`;
      if (f < 1) tk.anim = requestAnimationFrame(frame);
      else { tk.g.classList.remove('moving'); done(); }
    };
    tk.anim = requestAnimationFrame(frame);
  }

  // Step marks (dopts.keep): the arrows marked for the shown step, and a
  // generation number that cancels the delayed marks of an older render.
  const marked = new Set();
  let markGen = 0;

  // markArrow marks arrow a as taken for cause; still: without the bubble's
  // pop-in (a redraw of the same step, a jump).
  function markArrow(a, cause, still) {
    a.g.classList.add('hot', 'taken');
    a.g.dataset.cause = cause;
    a.label.classList.add('hot');
    a.label.style.visibility = 'hidden'; // the bubble says it, more precisely
    a.path.setAttribute('marker-end', `url(#arrowhead-hot${uid})`);
    if (a.bubble) a.bubble.remove();
    const b = el('g', { class: still ? 'bubble still' : 'bubble', 'data-arrow': `${a.from}-${a.to}` }, gBubbles);
    a.bubble = b;
    const txt = el('text', { x: a.lx, y: a.ly, 'text-anchor': a.anchor || 'middle' }, b);
    txt.textContent = t('cause.' + cause) !== 'cause.' + cause ? t('cause.' + cause) : cause;
    const bb = txt.getBBox();
    b.insertBefore(el('rect', { x: bb.x - 10, y: bb.y - 5, width: bb.width + 20, height: bb.height + 10, rx: 10 }), txt);
    marked.add(a);
  }

  function unmarkArrows() {
    for (const a of marked) {
      a.g.classList.remove('hot', 'taken');
      delete a.g.dataset.cause;
      a.label.classList.remove('hot');
      a.label.style.visibility = '';
      a.path.setAttribute('marker-end', `url(#arrowhead${uid})`);
      if (a.bubble) { a.bubble.remove(); a.bubble = null; }
    }
    marked.clear();
  }

  // markStep marks the view's transitions: the arrows taken (each when its
  // token starts along it, if animated) and the tokens that moved. The
  // marks stay until the next call.
  function markStep(view, animate, duration) {
    const gen = ++markGen;
    unmarkArrows();
    const chains = new Map();
    for (const tr of view.transitions || []) {
      if (!chains.has(tr.pid)) chains.set(tr.pid, []);
      chains.get(tr.pid).push(tr);
    }
    for (const [pid, tk] of tokens) {
      const moved = chains.has(pid);
      tk.g.classList.toggle('moved', moved);
      if (moved) {
        tk.g.dataset.moved = '1';
        tk.title.textContent += ` — ${t('diagram.moved', { p: `P${pid}` })}`;
      } else delete tk.g.dataset.moved;
    }
    for (const chain of chains.values()) {
      const per = duration / chain.length;
      chain.forEach((tr, i) => {
        const a = arrows.get(`${tr.from}>${tr.to}`);
        if (!a) return;
        const delay = animate ? per * i : 0;
        if (delay <= 0) markArrow(a, tr.cause, !animate);
        else setTimeout(() => { if (gen === markGen) markArrow(a, tr.cause); }, delay);
      });
    }
  }

  const hotTimers = new Map();
  function lightArrow(a, cause, delay, hold) {
    setTimeout(() => {
      a.g.classList.add('hot');
      a.label.classList.add('hot');
      a.label.style.visibility = 'hidden'; // the bubble says it, more precisely
      a.path.setAttribute('marker-end', `url(#arrowhead-hot${uid})`);
      if (a.bubble) a.bubble.remove();
      const b = el('g', { class: 'bubble' }, gBubbles);
      a.bubble = b;
      const txt = el('text', { x: a.lx, y: a.ly, 'text-anchor': a.anchor || 'middle' }, b);
      txt.textContent = t('cause.' + cause) !== 'cause.' + cause ? t('cause.' + cause) : cause;
      const bb = txt.getBBox();
      const r = el('rect', { x: bb.x - 10, y: bb.y - 5, width: bb.width + 20, height: bb.height + 10, rx: 10 });
      b.insertBefore(r, txt);
      clearTimeout(hotTimers.get(a));
      hotTimers.set(a, setTimeout(() => {
        a.g.classList.remove('hot');
        a.label.classList.remove('hot');
        a.label.style.visibility = '';
        a.path.setAttribute('marker-end', `url(#arrowhead${uid})`);
      }, hold));
      setTimeout(() => { b.remove(); if (a.bubble === b) a.bubble = null; }, hold);
    }, delay);
  }

  // render draws the view. opts.animate: glide the tokens of
  // view.transitions along their arrows in opts.duration ms.
  function render(view, opts = {}) {
    const n = Math.max(1, view.cpus.length || opts.cpus || 1);
    if (n !== ncpu) { ncpu = n; drawSlots(); }
    const groups = tokensByNode(view);
    const targets = new Map(); // pid -> {x, y, scale, state, task}
    for (const [node, list] of Object.entries(groups)) {
      if (node === 'running') {
        const slots = cpuSlots(ncpu);
        const byCpu = new Map();
        const extra = [];
        for (const it of list) {
          const c = it.task && it.task.cpu >= 0 ? it.task.cpu : view.cpus.indexOf(it.pid);
          if (c >= 0 && c < slots.length && !byCpu.has(c)) byCpu.set(c, it); else extra.push(it);
        }
        for (const [c, it] of byCpu) {
          const s = slots[c];
          const scale = Math.min(1, (s.h - 8) / TOKEN_H, (s.w - 70) / TOKEN_W);
          targets.set(it.pid, { x: s.x + s.w - 10 - (TOKEN_W * scale) / 2, y: s.y + s.h / 2, scale, ...it });
        }
        extra.forEach((it, i) => targets.set(it.pid, { x: NODES.running.x + 60 + i * 8, y: NODES.running.y + NODES.running.h - 20, scale: 0.6, ...it }));
        nodeEls.running.slots.querySelectorAll('.cpu-slot').forEach((sg, i) => sg.classList.toggle('busy', byCpu.has(i)));
        continue;
      }
      if (node === 'origin') {
        list.forEach(it => targets.set(it.pid, { x: ORIGIN.cx, y: ORIGIN.cy, scale: 0.5, ...it }));
        continue;
      }
      const box = contentBox(NODES[node] || NODES.runnable);
      const { scale, points } = layoutGrid(box, list.length);
      list.forEach((it, i) => targets.set(it.pid, { x: points[i][0], y: points[i][1], scale, ...it }));
    }
    for (const [node, n] of Object.entries(nodeEls)) n.g.classList.toggle('empty', !(groups[node] && groups[node].length));
    const nodeOfPid = new Map();
    for (const [node, list] of Object.entries(groups)) for (const it of list) nodeOfPid.set(it.pid, nodeEls[node] ? node : 'runnable');

    // Remove tokens of tasks that are gone (a new load).
    for (const [pid, tk] of tokens) {
      if (!targets.has(pid)) { cancelAnimationFrame(tk.anim); tk.g.remove(); tokens.delete(pid); }
    }
    const chains = new Map();
    if (opts.animate) {
      for (const tr of view.transitions || []) {
        if (!chains.has(tr.pid)) chains.set(tr.pid, []);
        chains.get(tr.pid).push(tr);
      }
    }
    const duration = opts.duration ?? 500;
    for (const [pid, tg] of targets) {
      const isNew = !tokens.has(pid);
      const tk = tokenFor(pid);
      const home = nodeEls[nodeOfPid.get(pid)];
      if (tk.g.parentNode !== home.tokens) home.tokens.append(tk.g);
      tk.g.dataset.state = tg.state;
      tk.g.classList.toggle('faded', tg.state === 'dead');
      tk.g.classList.toggle('zombie', tg.state === 'zombie');
      const drawn = !!(tg.task && tg.task.drawn);
      tk.g.classList.toggle('drawn', drawn);
      if (drawn) tk.g.dataset.drawn = '1'; else delete tk.g.dataset.drawn;
      setLabel(tk, pid, tg.task, tg.state);
      const chain = chains.get(pid);
      if (chain && duration >= 60) {
        let pts = [[tk.x, tk.y]];
        if (chain[0].from === 'none' || isNew) pts = [[ORIGIN.cx, ORIGIN.cy]];
        const per = duration / chain.length;
        chain.forEach((tr, i) => {
          const a = arrows.get(`${tr.from}>${tr.to}`);
          if (a) {
            pts = pts.concat(pathPoints(a.path));
            if (!dopts.keep) lightArrow(a, tr.cause, per * i, Math.max(900, duration * 2.4));
          }
        });
        pts.push([tg.x, tg.y]);
        gNodes.append(home.g); // raise the target node: the token glides on top
        if (tk.scale !== tg.scale) { tk.scale = tg.scale; tk.inner.style.transform = `scale(${tg.scale})`; }
        tk.x = tg.x; tk.y = tg.y;
        animateAlong(tk, pts, duration, () => place(tk, tg.x, tg.y, tg.scale, false));
      } else {
        const moved = Math.abs(tk.x - tg.x) > 0.5 || Math.abs(tk.y - tg.y) > 0.5;
        // A token still gliding to the same place keeps gliding (the live
        // lab redraws while its tokens move).
        if (!moved && opts.animate && tk.g.classList.contains('moving')) continue;
        cancelAnimationFrame(tk.anim);
        tk.g.classList.remove('moving');
        place(tk, tg.x, tg.y, tg.scale, moved && !isNew && opts.glide !== false);
      }
    }
    if (dopts.keep) markStep(view, !!opts.animate && duration >= 60, duration);
    // Keep the running tokens on top, and moving ones above all.
    lastRender = view;
  }

  relabel();
  return { render, relabel, svg, get last() { return lastRender; } };
}
