// timeline.js: the Gantt chart of the recent steps. One lane per CPU (which
// task ran in each step: user ticks solid, kernel ticks hatched, idle
// blank) and one lane per task (its state: the bar's height, pattern and
// colour say which). A cursor marks the current step. The page paints it on
// a canvas (what is in sight); the export gets it as SVG (all of it).
//
// Race lab: a task blocked (S) on a sync object gets that object's own
// pattern and its name in the bar (a run's wait "lock:OBJ"; in the SVG,
// [data-wait]), and a task that spins (running, no progress) a zig-zag bar
// labelled ↻ (spin; [data-spin]), so that spinning and blocking look
// different at a glance.
//
// The live lab draws real time, not steps: render's options can drop the CPU
// lanes (/proc does not say which CPU a process is on), name the axis, and
// label its ticks (seconds). Every timeline and legend has its own pattern
// ids, since a url(#id) that resolves into a hidden drawing paints nothing.
import { t } from './i18n.js';
import { taskColor, STATE_COLOR, STATE_HEIGHT, STATE_LETTER, backgroundOf } from './colors.js';
import { taskTag } from './fold.js';
import { columnsOf } from './colstore.js';

const SVG = 'http://www.w3.org/2000/svg';
const AXIS_H = 30, CPU_H = 36, TASK_H = 28, SEP = 8;
// The task rows of the label column made beyond those in sight, each side.
const LABEL_MARGIN = 20;
const MIN_CELL = 10; // px: the narrowest column

function el(name, attrs = {}, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (parent) parent.append(e);
  return e;
}

// cpuLabel says what a run of a CPU lane w wide shows besides its bars:
// {key} (empty: nothing; a run made again when it changes), and for a
// call, {call, text}: its name cut to the width. A system call's kernel
// ticks carry its name after a trap arrow (↓getpid: user -> kernel; the
// run after it, solid again, is the return); a vDSO call's user tick
// carries its name with no arrow.
function cpuLabel(view, v, w) {
  if (v.sw) return { key: w >= 18 ? '⇄' : '' };
  const call = v.sys ? `↓${v.sys}` : v.vdso ? `${v.vdso}` : '';
  if (call) {
    const fit = Math.max(2, Math.floor((w - 4) / 6.8)); // 10px bold: about 6.8px a character
    const text = call.length > fit ? call.slice(0, fit - 1) + '…' : call;
    return { key: `call:${text}`, call, text };
  }
  const tag = taskTag(view, v.pid);
  return { key: w >= (tag.length > 4 ? 40 : 30) ? 'tag' : '' };
}

// taskLabel says what a run of a task lane w wide shows besides its bars:
// {kind: 'lock' (the sync object it waits on, text), 'spin', 'letter'
// (its state's letter) or '', key}.
function taskLabel(v, w, objName) {
  if (v.sw) return { kind: '', key: '' };
  const wobj = v.w ? Number(v.w.split(':')[1]) : -1;
  const sobj = v.spin ? Number(v.spin.split(':')[1]) : -1;
  if (wobj >= 0 && w >= 22) {
    const lbl = `S ${objName(wobj)}`;
    const text = w >= 14 + 8 * lbl.length ? lbl : 'S';
    return { kind: 'lock', text, key: `lock:${text}` };
  }
  if (sobj >= 0 && w >= 18) return { kind: 'spin', key: 'spin' };
  if (w >= 22 && v.s !== 'running') return { kind: 'letter', key: 'letter' };
  return { kind: '', key: '' };
}

// runs merges equal neighbouring cells: [{from, len, value}].
export function runs(cells, same) {
  const out = [];
  cells.forEach((c, i) => {
    const last = out[out.length - 1];
    if (last && c !== null && last.value !== null && same(last.value, c)) last.len++;
    else out.push({ from: i, len: 1, value: c });
  });
  return out.filter(r => r.value !== null);
}

// tickEvery picks the step spacing of the axis labels (from ticks, the
// spacings allowed).
export function tickEvery(cellW, ticks = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]) {
  for (const k of ticks) if (k * cellW >= 40) return k;
  return ticks[ticks.length - 1];
}

let timelines = 0;

// LOCK_STYLES: one pattern per sync object (by index), so that waits on
// different locks look different without relying on colour alone.
export const LOCK_STYLES = [
  { c: '#7A4FA8', d: 'M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6' },
  { c: '#A6761D', d: 'M0,2 L8,2 M0,6 L8,6' },
  { c: '#CC3E8A', d: 'M0,0 L8,8 M8,0 L0,8' },
  { c: '#1B7F64', d: 'M2,0 L2,8 M6,0 L6,8' },
  { c: '#5E5E5E', d: 'M0,0 L8,8 M-2,6 L2,10 M6,-2 L10,2' },
  { c: '#B35900', d: 'M4,1 L7,4 L4,7 L1,4 Z' },
];

export function lockStyle(obj) {
  return LOCK_STYLES[((obj % LOCK_STYLES.length) + LOCK_STYLES.length) % LOCK_STYLES.length];
}

function patterns(defs, uid) {
  LOCK_STYLES.forEach((ls, i) => {
    const p = el('pattern', { id: `st-lock-${i}${uid}`, width: 8, height: 8, patternUnits: 'userSpaceOnUse' }, defs);
    el('rect', { width: 8, height: 8, fill: '#ffffff' }, p);
    el('path', { d: ls.d, stroke: ls.c, 'stroke-width': 2, fill: i === 5 ? ls.c : 'none' }, p);
  });
  const sp = el('pattern', { id: `st-spin${uid}`, width: 12, height: 12, patternUnits: 'userSpaceOnUse' }, defs);
  el('rect', { width: 12, height: 12, fill: STATE_COLOR.running }, sp);
  el('path', { d: 'M0,9 L3,3 L6,9 L9,3 L12,9', stroke: '#ffffff', 'stroke-width': 2, fill: 'none', 'stroke-linejoin': 'round' }, sp);
  const hatch = el('pattern', { id: `tl-hatch${uid}`, width: 7, height: 7, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, defs);
  el('rect', { width: 3, height: 7, fill: 'rgba(255,255,255,0.75)' }, hatch);
  const mk = (id, color, draw) => {
    const p = el('pattern', { id: id + uid, width: 8, height: 8, patternUnits: 'userSpaceOnUse' }, defs);
    draw(p, color);
  };
  mk('st-running', STATE_COLOR.running, (p, c) => el('rect', { width: 8, height: 8, fill: c }, p));
  mk('st-runnable', STATE_COLOR.runnable, (p, c) => { el('rect', { width: 8, height: 8, fill: '#F7E3A6' }, p); el('path', { d: 'M0,8 L8,0', stroke: c, 'stroke-width': 1.5 }, p); });
  mk('st-sleeping', STATE_COLOR.sleeping, (p, c) => { el('rect', { width: 8, height: 8, fill: '#D5E7F7' }, p); el('circle', { cx: 4, cy: 4, r: 1.6, fill: c }, p); });
  mk('st-disk', STATE_COLOR.disk, (p, c) => { el('rect', { width: 8, height: 8, fill: '#C6D0E2' }, p); el('path', { d: 'M0,0 L8,8 M8,0 L0,8', stroke: c, 'stroke-width': 1.3 }, p); });
  mk('st-stopped', STATE_COLOR.stopped, (p, c) => { el('rect', { width: 8, height: 8, fill: '#F3D2CC' }, p); el('rect', { x: 0, width: 3, height: 8, fill: c }, p); });
  mk('st-traced', STATE_COLOR.traced, (p, c) => { el('rect', { width: 8, height: 8, fill: '#E3D7F0' }, p); el('rect', { x: 0, width: 3, height: 8, fill: c }, p); });
  mk('st-zombie', STATE_COLOR.zombie, (p, c) => { el('rect', { width: 8, height: 8, fill: '#DADADA' }, p); el('path', { d: 'M2,2 L6,6 M6,2 L2,6', stroke: c, 'stroke-width': 1.2 }, p); });
  mk('st-dead', STATE_COLOR.dead, (p, c) => el('rect', { width: 8, height: 8, fill: c }, p));
}

// legendHTML lists what the bars mean.
// uid suffixes its pattern ids; states lists the states to show.
export function renderLegend(elm, objects, uid = '', states = ['running', 'runnable', 'sleeping', 'disk', 'stopped', 'zombie']) {
  const items = states;
  const parts = items.map(s => `<span class="lg"><svg viewBox="0 0 16 16" aria-hidden="true"><rect x="0" y="${16 - 16 * STATE_HEIGHT[s]}" width="16" height="${16 * STATE_HEIGHT[s]}" fill="url(#lg-${s}${uid})" stroke="${STATE_COLOR[s]}"/></svg>${STATE_LETTER[s]} ${t('state.' + s)}</span>`);
  const esc = x => String(x).replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  if (objects && objects.length) {
    parts.push(`<span class="lg lg-race"><svg viewBox="0 0 16 16" aria-hidden="true"><rect width="16" height="16" fill="${STATE_COLOR.running}"/><path d="M0,12 L4,4 L8,12 L12,4 L16,12" stroke="#fff" stroke-width="2.2" fill="none"/></svg>↻ ${esc(t('tl.spin'))}</span>`);
    objects.slice(0, 6).forEach((o, i) => {
      const ls = lockStyle(i);
      parts.push(`<span class="lg lg-race"><svg viewBox="0 0 16 16" aria-hidden="true"><rect width="16" height="16" fill="#fff" stroke="${ls.c}" stroke-width="2"/><path d="${ls.d.replace(/(\d+)/g, n => String(Number(n) * 2))}" stroke="${ls.c}" stroke-width="2" fill="${i === 5 ? ls.c : 'none'}"/></svg>S ${esc(t('tl.lockwait', { obj: o.name }))}</span>`);
    });
  }
  parts.push(`<span class="lg"><svg viewBox="0 0 16 16" aria-hidden="true"><rect width="16" height="16" fill="#555"/></svg>${t('tl.user')}</span>`);
  parts.push(`<span class="lg"><svg viewBox="0 0 16 16" aria-hidden="true"><rect width="16" height="16" fill="#555"/><rect width="16" height="16" fill="url(#lg-hatch${uid})"/></svg>${t('tl.kernel')}</span>`);
  elm.innerHTML = `<svg width="0" height="0" style="position:absolute">${legendDefs(uid)}</svg>` + parts.join('');
}

function legendDefs(uid) {
  const s = STATE_COLOR;
  return `<defs>
<pattern id="lg-hatch${uid}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2.5" height="6" fill="rgba(255,255,255,.8)"/></pattern>
<pattern id="lg-running${uid}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="${s.running}"/></pattern>
<pattern id="lg-runnable${uid}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#F7E3A6"/><path d="M0,8 L8,0" stroke="${s.runnable}" stroke-width="1.5"/></pattern>
<pattern id="lg-sleeping${uid}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#D5E7F7"/><circle cx="4" cy="4" r="1.6" fill="${s.sleeping}"/></pattern>
<pattern id="lg-disk${uid}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#C6D0E2"/><path d="M0,0 L8,8 M8,0 L0,8" stroke="${s.disk}" stroke-width="1.3"/></pattern>
<pattern id="lg-stopped${uid}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#F3D2CC"/><rect width="3" height="8" fill="${s.stopped}"/></pattern>
<pattern id="lg-traced${uid}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#E3D7F0"/><rect width="3" height="8" fill="${s.traced}"/></pattern>
<pattern id="lg-zombie${uid}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#DADADA"/><path d="M2,2 L6,6 M6,2 L2,6" stroke="${s.zombie}" stroke-width="1.2"/></pattern>
</defs>`;
}

// visibleRange is the range [lo, hi) of the n items of size each (px)
// that a viewport from `from` px over `size` px shows, with `margin` items
// more on each side.
export function visibleRange(n, each, from, size, margin = 0) {
  if (n <= 0 || each <= 0) return [0, 0];
  const lo = Math.max(0, Math.floor(from / each) - margin);
  const hi = Math.min(n, Math.ceil((from + size) / each) + margin);
  return [Math.min(lo, hi), hi];
}

// runAround is the run of equal cells (by same) of lane cell(i) that holds
// column i: {from, len, value}, value null for an empty cell. It looks no
// further than the n columns there are. known, when given, is a run
// [known.from, known.to) of equal non-empty cells that holds column i
// (found at an earlier render: columns do not change once folded): the
// search starts from its ends instead of walking it again, so that a run
// as long as the window of 1,200 columns costs a few comparisons a render
// rather than a walk of all its columns.
export function runAround(cell, i, n, same, known = null) {
  const value = cell(i);
  let from = i, to = i + 1;
  if (value !== null) {
    if (known && known.from <= i && i < known.to) {
      from = known.from;
      to = Math.min(n, known.to);
    }
    while (from > 0 && cell(from - 1) !== null && same(cell(from - 1), value)) from--;
    while (to < n && cell(to) !== null && same(value, cell(to))) to++;
  }
  return { from, len: to - from, value };
}

// knownRun is the run a lane's hint names, in the indices of cols (a
// ColumnStore or an array of columns: colstore.js columnsOf), when the
// hint's first and last columns are still those there (the same keys: not
// a view loaded again or trimmed past them), else null. A hint is {first,
// last, firstStep, lastStep}: the keys and steps of the first and last
// columns of a run of equal cells seen at an earlier render; i is a column
// the caller asks about (steps are one column each, so the hint's place
// follows from column i's step).
export function knownRun(columns, i, hint) {
  const cols = columnsOf(columns);
  if (!hint || i < 0 || i >= cols.length) return null;
  const s = cols.step(i);
  if (s < hint.firstStep || s > hint.lastStep) return null;
  const from = i - (s - hint.firstStep);
  const to = i + (hint.lastStep - s) + 1;
  if (to > cols.length || cols.key(to - 1) !== hint.last) return null;
  // The run's first columns may have been dropped since (the window keeps
  // the newest columns): what is left of it starts at column 0.
  if (from < 0) return cols.step(0) === s - i ? { from: 0, to } : null;
  if (cols.key(from) !== hint.first) return null;
  return { from, to };
}

// lanesOf lists the lanes a window of columns needs: the tasks the view
// lists (but the dead) and those with a cell in columns lo..hi-1, by PID.
export function lanesOf(view, lo, hi) {
  const set = new Set();
  for (const x of view.tasks) if (x.state !== 'dead') set.add(x.pid);
  for (const pid of columnsOf(view.columns).pids(lo, hi)) set.add(pid);
  return [...set].sort((a, b) => a - b);
}

// (Cells from a ColumnStore are shared: equal cells are one object.)
const SAME_CPU = (a, b) => a === b || a.pid === b.pid && a.kernel === b.kernel && !a.sw === !b.sw && a.sys === b.sys && a.vdso === b.vdso;
const SAME_TASK = (a, b) => a === b || a.s === b.s && a.k === b.k && a.w === b.w && a.spin === b.spin && !a.sw === !b.sw;

// Painting styles the stylesheet gives the timeline (app.css, race.css,
// theme.css: the axis, the lanes' background, the labels, the cursor),
// read from a hidden drawing with the same classes, once per theme.
const PROBES = {
  axis: 'g.tl-axis text', grid: 'g.tl-axis line.grid', laneBg: 'rect.lane-bg', sep: 'line.sep',
  cursor: 'g.tl-cursor line', head: 'g.tl-cursor path', runLabel: 'text.run-label:not(.k)', runLabelK: 'text.run-label.k',
  trap: 'text.trap-label:not(.vdso)', vdso: 'text.trap-label.vdso', lock: 'text.lock-label', spin: 'text.spin-label', letter: 'text.st-letter:not(.lock-label)',
};
const PROBE_SVG = `<g class="tl-axis"><text>0</text><line class="grid"/></g><rect class="lane-bg"/><line class="sep"/><g class="tl-cursor"><line/><path/></g>` +
  `<text class="run-label">P</text><text class="run-label k">P</text><text class="trap-label">x</text><text class="trap-label vdso">x</text>` +
  `<text class="st-letter lock-label">S</text><text class="spin-label">↻</text><text class="st-letter">S</text>`;

function readStyles(probe, panel) {
  const out = { bg: backgroundOf(panel) };
  for (const [k, sel] of Object.entries(PROBES)) {
    const cs = getComputedStyle(probe.querySelector(sel));
    const paint = v => (!v || v === 'none' ? '' : v);
    out[k] = {
      fill: paint(cs.fill), stroke: paint(cs.stroke), lw: parseFloat(cs.strokeWidth) || 0,
      font: `${cs.fontStyle === 'italic' ? 'italic ' : ''}${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`,
      under: cs.paintOrder && cs.paintOrder.startsWith('stroke'),
    };
  }
  return out;
}

// OPAQUE are the timeline's canvas contexts' attributes: a picture with
// no transparent pixel.
const OPAQUE = { alpha: false };

// tile makes a canvas pattern of a size×size px tile (CSS px) drawn by
// draw(ctx) at the screen's resolution (ratio), repeated every size px.
function tile(ctx, size, ratio, draw) {
  const px = Math.max(1, Math.round(size * ratio));
  const c = document.createElement('canvas');
  c.width = px;
  c.height = px;
  const g = c.getContext('2d');
  g.scale(px / size, px / size);
  draw(g);
  const p = ctx.createPattern(c, 'repeat');
  p.tlScale = size / px;
  p.tlSize = size;
  return p;
}

// canvasPatterns are the patterns of the state bars, the sync objects, the
// spin zig-zag and the kernel hatch, as the SVG's defs draw them (patterns).
function canvasPatterns(ctx, ratio) {
  const P = {};
  const path = (g, d, stroke, w, fill) => {
    const p = new Path2D(d);
    if (fill) { g.fillStyle = fill; g.fill(p); }
    if (stroke) { g.strokeStyle = stroke; g.lineWidth = w; g.stroke(p); }
  };
  const bg = (g, fill, size = 8) => { g.fillStyle = fill; g.fillRect(0, 0, size, size); };
  LOCK_STYLES.forEach((ls, i) => {
    P[`lock-${i}`] = tile(ctx, 8, ratio, g => { bg(g, '#ffffff'); path(g, ls.d, ls.c, 2, i === 5 ? ls.c : ''); });
  });
  P.spin = tile(ctx, 12, ratio, g => {
    bg(g, STATE_COLOR.running, 12);
    g.lineJoin = 'round';
    path(g, 'M0,9 L3,3 L6,9 L9,3 L12,9', '#ffffff', 2, '');
  });
  // The kernel's hatch: the SVG's stripes 3 px wide every 7 px turned by
  // 45°, on an upright tile 10 px square (they repeat every 7√2 ≈ 9.9 px
  // along x and y): an upright tile placed at whole pixels is painted by
  // copying, where a turned one is sampled pixel by pixel, and the hatch
  // covered most of the bars painted at speed.
  P.hatch = tile(ctx, 10, ratio, g => {
    g.fillStyle = 'rgba(255,255,255,0.75)';
    const w = 3 * Math.SQRT2;
    g.beginPath();
    for (let k = -1; k <= 3; k++) {
      const c = 10 * k;
      g.moveTo(c, 0);
      g.lineTo(c + w, 0);
      g.lineTo(c + w - 20, 20);
      g.lineTo(c - 20, 20);
      g.closePath();
    }
    g.fill();
  });
  const s = STATE_COLOR;
  P.running = tile(ctx, 8, ratio, g => bg(g, s.running));
  P.runnable = tile(ctx, 8, ratio, g => { bg(g, '#F7E3A6'); path(g, 'M0,8 L8,0', s.runnable, 1.5); });
  P.sleeping = tile(ctx, 8, ratio, g => { bg(g, '#D5E7F7'); g.beginPath(); g.arc(4, 4, 1.6, 0, 2 * Math.PI); g.fillStyle = s.sleeping; g.fill(); });
  P.disk = tile(ctx, 8, ratio, g => { bg(g, '#C6D0E2'); path(g, 'M0,0 L8,8 M8,0 L0,8', s.disk, 1.3); });
  P.stopped = tile(ctx, 8, ratio, g => { bg(g, '#F3D2CC'); g.fillStyle = s.stopped; g.fillRect(0, 0, 3, 8); });
  P.traced = tile(ctx, 8, ratio, g => { bg(g, '#E3D7F0'); g.fillStyle = s.traced; g.fillRect(0, 0, 3, 8); });
  P.zombie = tile(ctx, 8, ratio, g => { bg(g, '#DADADA'); path(g, 'M2,2 L6,6 M6,2 L2,6', s.zombie, 1.2); });
  P.dead = tile(ctx, 8, ratio, g => bg(g, s.dead));
  return P;
}

// anchorPatterns places the patterns' tiles so that they start at x0 (px,
// the current user space): the step coordinates' origin, so that the
// stripes move with the bars while the window slides.
function anchorPatterns(P, x0) {
  // (At whole pixels: a tile placed between pixels is sampled, not copied.)
  const x = Math.round(x0);
  for (const p of Object.values(P)) {
    const a = ((x % p.tlSize) + p.tlSize) % p.tlSize;
    if (p.tlAt === a) continue;
    p.tlAt = a;
    p.setTransform(new DOMMatrix().translateSelf(a, 0).scaleSelf(p.tlScale, p.tlScale));
  }
}

// whoRuns names task pid as a CPU's run says it: its tag and its name, or
// its tag alone when that is its name (a job's: fold.js taskTag) or it has
// none.
function whoRuns(view, pid, name) {
  const tag = taskTag(view, pid), nm = name(pid);
  return nm && nm !== tag ? `${tag} ${nm}` : tag;
}

// cpuTitle and taskTitle are a run's tooltip (on the page and in the export).
function cpuTitle(view, c, v, name) {
  if (v.sw) return `${t('tl.cpu', { n: c })}: ${t('tl.switching', { p: `P${v.pid}` })}`;
  return `${t('tl.cpu', { n: c })}: ${whoRuns(view, v.pid, name)} (${v.kernel ? t('tl.kernel') : t('tl.user')})` +
    (v.sys ? ` — ${v.sys}()` : v.vdso ? ` — ${v.vdso}() (vDSO)` : '');
}

function taskTitle(pid, v, objName) {
  if (v.sw) return t('tl.switching', { p: `P${pid}` });
  const wobj = v.w ? Number(v.w.split(':')[1]) : -1;
  const sobj = v.spin ? Number(v.spin.split(':')[1]) : -1;
  return wobj >= 0 ? `P${pid}: ${t('tl.lockwait', { obj: objName(wobj) })}`
    : sobj >= 0 ? t('tl.spin.on', { pid, obj: objName(sobj) }) : `P${pid}: ${t('state.' + v.s)}`;
}

// taskBar is the bar of a task lane's run at x, w wide, in the lane at y0:
// {x, y, w, h} and, for a run that is not a switch, its fill's name
// (a canvasPatterns key) and its outline.
function taskBar(y0, x, w, v) {
  const wobj = v.w ? Number(v.w.split(':')[1]) : -1;
  const sobj = v.spin ? Number(v.spin.split(':')[1]) : -1;
  const h = (TASK_H - 6) * (!v.sw && wobj >= 0 ? 0.7 : (STATE_HEIGHT[v.s] ?? 0.5));
  const bar = { x: x + 0.5, y: y0 + TASK_H - 3 - h, w: w - 1, h, wobj, sobj };
  if (v.sw) return Object.assign(bar, { fill: '', stroke: '#777', lw: 1 });
  bar.fill = wobj >= 0 ? `lock-${LOCK_STYLES.indexOf(lockStyle(wobj))}` : sobj >= 0 ? 'spin' : v.s;
  bar.stroke = wobj >= 0 ? lockStyle(wobj).c : STATE_COLOR[v.s] || '#999';
  bar.lw = wobj >= 0 ? 2 : 1;
  return bar;
}

// NOPAINT stands for the canvas's context when a run is listed but not
// painted again (a shifted picture already holds it).
const nop = () => {};
const NOPAINT = { fillRect: nop, strokeRect: nop, beginPath: nop, roundRect: nop, fill: nop, fillText: nop, strokeText: nop };

// createTimeline returns {render(view, opts), redraw(), runs(), shown(),
// exportSVG(), hitTest(x, y), colors} drawing into container (and puts it on container.timeline, where the
// export and the browser tests find it). topts.uid: a suffix for the
// pattern ids of the exported drawing (default: one per timeline).
//
// Only what is in sight is drawn (issue 14, part 2): the bars are painted
// on a canvas as large as the panel's viewport, from the view's columns
// (colstore.js), again whole at every render: the runs of the columns in
// sight on the lanes in sight of the panel's vertical scroll. A track as
// wide and tall as all the lanes and columns gives the scrollbars their
// length; the canvas moves to the viewport's place on it. The DOM holds no
// element per run, so it stays as large as the panel whatever the run's
// length, and a render costs what the viewport shows. The label column
// (HTML) lists every lane.
//
// What the canvas shows is said in words too: its aria-label names the
// steps shown and what each CPU runs at the newest one; the run under the
// pointer shows its tooltip (.tl-tip); runs() lists the runs painted with
// their place on the screen, what they say and their label (the browser
// tests read it); exportSVG() builds the whole timeline (every column and
// lane kept) as an SVG drawing, on demand, for the export.
export function createTimeline(container, topts = {}) {
  const uid = topts.uid ?? (timelines++ ? `-t${timelines}` : '');
  const wrap = document.createElement('div');
  wrap.className = 'tl-wrap';
  const labels = document.createElement('div');
  labels.className = 'tl-labels';
  const scroller = document.createElement('div');
  scroller.className = 'tl-scroll';
  const track = document.createElement('div');
  track.className = 'tl-track';
  scroller.append(track);
  const tip = document.createElement('div');
  tip.className = 'tl-tip';
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  wrap.append(labels, scroller, tip);
  container.replaceChildren(wrap);
  const empty = document.createElement('p');
  empty.className = 'tl-empty muted';

  const canvas = document.createElement('canvas');
  canvas.className = 'tl-canvas';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', t('panel.timeline')); // until the first draw says what it shows
  canvas.width = canvas.height = 1;
  // The picture is painted on a canvas out of the document and copied onto
  // the page's: a canvas in the document brings the page's styles up to
  // date when a font is set or a text painted (Chromium), which in the
  // middle of a frame did the frame's style work early (a CPU profile at
  // 1,000 steps/s: 7 % of the main thread in draw; with the copy, under 1 %
  // in draw and 2.6 % in the copy, which paints). Two offscreen canvases
  // take turns (off and spare): see draw.
  let off = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : null;
  let spare = off ? new OffscreenCanvas(1, 1) : null;
  const probe = el('svg', { class: 'tl-svg tl-probe', width: 0, height: 0, 'aria-hidden': 'true' });
  probe.innerHTML = PROBE_SVG;
  track.append(canvas, probe);
  let styles = null, stylesKey = '';
  // The last picture painted, for the next render to shift it (paintKey:
  // what must not change for that; runs: lane key -> Map(first step ->
  // {len, v}) of the runs painted), and how many renders painted all of
  // the picture or shifted it and painted the rest (paints()).
  let painted = null;
  const paintCount = { full: 0, shifted: 0, sinceFull: 0 };
  let pats = null, patsRatio = 0;

  // lane key -> [{first, last}]: the first and last runs of each lane in
  // the window at the last render (knownRun), so that the run reaching far
  // back (or ahead) of the window is not walked again at every render.
  let hints = new Map();
  const labelRows = new Map(); // pid -> {row, st, letter}: the task rows made
  let labelKey = '';
  let rowsMade = [0, 0]; // the task rows made: of the lanes from..to
  let spacerTop = null, spacerBottom = null; // for the task rows not made, above and below
  let last = null; // {view, opts} of the last render, for a scroll's redraw
  let shownNow = null; // what the last render painted (shown, runs)
  let origin = null; // the step the patterns' tiles start at
  let scrolling = 0;
  let scrollSet = -1; // the scrollLeft render set (its scroll event is not the user's)
  const written = new WeakMap(); // element -> {property: value} of the styles set (the label column's spacers are remade)
  const setStyle = (e, k, v) => {
    let w = written.get(e);
    if (!w) written.set(e, (w = {}));
    if (w[k] !== v) { w[k] = v; e.style[k] = v; }
  };

  // The panel's sizes and scroll positions (box.left: the scroller's
  // scrollLeft, 0 at the newest step), kept as they change (a scroll
  // event, a ResizeObserver's report: both come with the page laid out) so
  // that a render reads no layout after other panels have written theirs.
  const box = { w: -1, h: -1, top: 0, left: 0 };
  const measureBox = () => {
    box.w = scroller.clientWidth;
    box.h = wrap.clientHeight;
    box.top = wrap.scrollTop;
    box.left = scroller.scrollLeft;
  };
  // A scroll of the panel (either way) draws what comes into sight; the
  // scroll render itself makes (to keep the newest step in sight) does not.
  const redraw = () => {
    if (scrolling || !last) return;
    scrolling = requestAnimationFrame(() => { scrolling = 0; if (last) draw(last.view, last.opts, false); });
  };
  scroller.addEventListener('scroll', () => {
    box.left = scroller.scrollLeft;
    if (Math.abs(box.left - scrollSet) >= 1) redraw();
  }, { passive: true });
  wrap.addEventListener('scroll', () => { box.top = wrap.scrollTop; tip.hidden = true; redraw(); }, { passive: true });
  // The theme in force changed (<html data-theme>: presenter.js sets it
  // for a choice and, under "Auto", for the system's colour scheme): the
  // picture, painted on the panel's background in the theme's colours, is
  // painted again (paused, nothing else would). For a print
  // (data-print-theme, presenter.js) it is painted at once: the browser
  // lays the print out before the next animation frame.
  const themed = () => {
    if (!document.documentElement.dataset.printTheme) redraw();
    else if (last) draw(last.view, last.opts, false);
  };
  if (typeof MutationObserver !== 'undefined') new MutationObserver(themed).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  if (typeof ResizeObserver !== 'undefined') {
    new ResizeObserver(() => {
      const w = scroller.clientWidth, h = wrap.clientHeight;
      if (w === box.w && h === box.h) return;
      box.w = w;
      box.h = h;
      if (last && box.w > 0) redraw();
    }).observe(wrap);
  }

  // The tooltip of the run under the pointer (hitTest), beside it.
  const hover = ev => {
    const r = hitTest(ev.offsetX, ev.offsetY);
    if (!r) { tip.hidden = true; return; }
    const text = r.title();
    if (tip.textContent !== text) tip.textContent = text;
    tip.hidden = false;
    const wr = wrap.getBoundingClientRect();
    tip.style.left = `${Math.max(0, Math.min(ev.clientX - wr.left + 12, wr.width - tip.offsetWidth - 4))}px`;
    tip.style.top = `${ev.clientY - wr.top + wrap.scrollTop + 18}px`;
  };
  canvas.addEventListener('pointermove', hover);
  canvas.addEventListener('pointerleave', () => { tip.hidden = true; });

  // hitTest is the run painted at x, y px from the canvas's top left (its
  // lane's whole height, not only its bar), or null.
  function hitTest(x, y) {
    if (!shownNow) return null;
    const tx = x + shownNow.left, ty = y + shownNow.top;
    for (const r of shownNow.runs) {
      if (tx >= r.x && tx < r.x + r.w && ty >= r.laneY && ty < r.laneY + r.laneH) return r;
    }
    return null;
  }

  // drawLabels lists the lanes: CPUs, then tasks with their colour, tag,
  // name and state letter. The task rows are made for the lanes lo..hi in
  // sight (of pids) and LABEL_MARGIN more each side, between two spacers
  // that stand for the others (the largest run has 3,030 lanes: their rows
  // from markup took 35-54 ms after its first render); the export asks for
  // them all. The rows are remade only when the lanes or that range change.
  function drawLabels(view, opts, ncpu, pids, name, lo = 0, hi = pids.length) {
    const key = `${t(opts.axis || 'counter.step')}|${t('tl.cpu', { n: 0 })}|${ncpu}|${pids.join(',')}|${pids.map(p => `${taskTag(view, p)}:${name(p)}`).join(',')}`;
    if (key !== labelKey) {
      labelKey = key;
      labelRows.clear();
      rowsMade = [0, 0];
      const lab = [];
      lab.push(`<div class="tl-row axis" style="height:${AXIS_H}px">${t(opts.axis || 'counter.step')}</div>`);
      for (let c = 0; c < ncpu; c++) lab.push(`<div class="tl-row cpu" style="height:${CPU_H}px">${t('tl.cpu', { n: c })}</div>`);
      lab.push(`<div class="tl-sep" style="height:${SEP}px"></div>`);
      lab.push('<div class="tl-spacer" style="height:0px"></div><div class="tl-spacer" style="height:0px"></div>');
      labels.innerHTML = lab.join('');
      spacerBottom = labels.lastElementChild;
      spacerTop = spacerBottom.previousElementSibling;
    }
    const from = Math.max(0, lo - LABEL_MARGIN), to = Math.min(pids.length, hi + LABEL_MARGIN);
    if (from !== rowsMade[0] || to !== rowsMade[1]) {
      rowsMade = [from, to];
      for (const r of labelRows.values()) r.row.remove();
      labelRows.clear();
      const lab = [];
      for (let i = from; i < to; i++) {
        const col = taskColor(pids[i]);
        lab.push(`<div class="tl-row task" style="height:${TASK_H}px"><i class="dot" style="background:${col.fill}"></i>${taskTag(view, pids[i])} <span class="nm"></span><b class="st"></b></div>`);
      }
      spacerTop.insertAdjacentHTML('afterend', lab.join(''));
      let row = spacerTop.nextElementSibling;
      for (let i = from; i < to; i++, row = row.nextElementSibling) {
        const pid = pids[i];
        // A job's tag is its name (fold.js taskTag): it is not said twice.
        row.querySelector('.nm').textContent = name(pid) === taskTag(view, pid) ? '' : name(pid);
        labelRows.set(pid, { row, st: row.querySelector('.st'), letter: '' });
      }
      setStyle(spacerTop, 'height', `${from * TASK_H}px`);
      setStyle(spacerBottom, 'height', `${(pids.length - to) * TASK_H}px`);
    }
    for (const [pid, r] of labelRows) {
      const letter = STATE_LETTER[view.states[pid] || 'none'] || '';
      if (r.letter !== letter) { r.letter = letter; r.st.textContent = letter; }
    }
  }

  // frame is what a render and the export share: the columns, the lanes
  // and the sizes, with the panel viewW px wide.
  function frame(view, opts, viewW) {
    const objName = o => (opts.objects && opts.objects[o] ? opts.objects[o].name : `#${o}`);
    const cols = columnsOf(view.columns);
    const n = cols.length;
    let ncpu = 0;
    if (opts.cpuLanes !== false) {
      ncpu = Math.max(view.cpus.length, 1);
      for (let i = 0; i < n; i++) if (cols.cpuCount(i) > ncpu) ncpu = cols.cpuCount(i);
    }
    const name = pid => view.names[pid] || (view.tasks.find(x => x.pid === pid) || {}).name || '';
    const avail = Math.max(200, viewW - 16);
    const cellW = Math.max(MIN_CELL, Math.min(48, avail / Math.max(n, 12)));
    const width = Math.max(viewW, n * cellW + 24);
    const first = n ? cols.step(0) : view.step + 1;
    // Step coordinates on the track: x = (step - first) * cellW.
    const X = step => (step - first) * cellW;
    return { objName, cols, n, ncpu, name, cellW, width, first, X };
  }

  // render draws the view. opts: objects (the race lab's sync objects);
  // cpuLanes false: no CPU lanes; axis: the catalog key of the axis's name;
  // ticks: the tick spacings allowed (in columns); tick(step): a tick's text;
  // empty: the catalog key of the text shown with no columns. It keeps the
  // newest step in sight (scrolled to the end).
  function render(view, opts = {}) {
    return draw(view, opts, true, false);
  }

  // draw paints the view with the panel's viewport at its end (toEnd) or
  // where it is scrolled to. A render that keeps the end in sight while
  // the steps go forward (playing) shifts the last picture left by the
  // columns that came in and paints only what changed (shiftable below),
  // unless full.
  function draw(view, opts, toEnd, full = true) {
    last = { view, opts };
    if (box.w <= 0) measureBox();
    const viewW = Math.max(0, box.w);
    const f = frame(view, opts, viewW);
    const { cols, n, ncpu, name, objName, cellW, width, first, X } = f;
    // The scroller lays the track out from its right end (app.css: a
    // reversed row), so that a track growing at the end keeps the newest
    // step in sight with no write to scrollLeft (that write would lay the
    // whole page out in the middle of a frame). Its scrollLeft is 0 at the
    // end and negative back from it; left is the viewport's left edge on
    // the track.
    const maxLeft = Math.max(0, width - viewW);
    const left = toEnd ? maxLeft : Math.max(0, Math.min(maxLeft, maxLeft + box.left));
    const cw = Math.max(1, Math.min(viewW, width));
    const [lo, hi] = visibleRange(n, cellW, left, cw, 1);
    const pids = lanesOf(view, lo, hi);
    const height = AXIS_H + ncpu * CPU_H + SEP + pids.length * TASK_H + 4;
    // The canvas covers the part of the track in sight of the panel's
    // vertical scroll.
    const ch = Math.max(1, box.h > 0 ? Math.min(height, box.h) : height);
    const top = Math.max(0, Math.min(box.top, height - ch));
    const yT = AXIS_H + ncpu * CPU_H + SEP;
    const [tlo, thi] = visibleRange(pids.length, TASK_H, Math.max(0, top - yT), ch, 0);
    drawLabels(view, opts, ncpu, pids, name, tlo, thi);
    const cpuShown = c => AXIS_H + (c + 1) * CPU_H >= top && AXIS_H + c * CPU_H <= top + ch;

    setStyle(track, 'width', `${width}px`);
    setStyle(track, 'height', `${height}px`);
    setStyle(canvas, 'left', `${left}px`);
    setStyle(canvas, 'top', `${top}px`);
    setStyle(canvas, 'width', `${cw}px`);
    setStyle(canvas, 'height', `${ch}px`);
    const ratio = (typeof window !== 'undefined' && window.devicePixelRatio) || 1;
    const bw = Math.max(1, Math.round(cw * ratio)), bh = Math.max(1, Math.round(ch * ratio));
    if (canvas.width !== bw) canvas.width = bw;
    if (canvas.height !== bh) canvas.height = bh;
    // A picture that may be shifted is drawn from the last one (prior)
    // into the spare canvas, which then becomes off: a canvas drawn onto
    // itself was first copied whole by the browser (a snapshot), then drawn
    // (with the timeline in sight, 64 tasks: script 7.4-7.9 -> 4.7-5.8 ms a
    // frame at 60 steps/s, 15.9-23.4 -> 9.4-12.5 at 1,000).
    const prior = off;
    if (off && painted && !full && toEnd) { off = spare; spare = prior; }
    if (off && off.width !== bw) off.width = bw;
    if (off && off.height !== bh) off.height = bh;
    // Opaque (alpha false): the picture is painted on the panel's own
    // background colour (S.bg), so the copy onto the page and the page's
    // compositing need not blend it (a whole draw at its best 7.1 -> 6.1-6.7
    // ms, the copy onto the page 10-20 % shorter: docs/benchmarks.md).
    const g = (off || canvas).getContext('2d', OPAQUE);
    const theme = `${document.documentElement.getAttribute('data-theme') || ''}|${document.documentElement.lang}`;
    if (!styles || theme !== stylesKey) { styles = readStyles(probe, wrap); stylesKey = theme; }
    if (!pats || patsRatio !== ratio) { pats = canvasPatterns(g, ratio); patsRatio = ratio; }
    const S = styles;
    // The patterns' tiles start at the step origin was at the first render
    // of these columns, so that they move with the bars while the window
    // slides; and where a page opened at that step starts them.
    if (origin === null || first < origin || (n && cols.step(n - 1) - origin > 1e6)) origin = first;
    const every = tickEvery(cellW, opts.ticks);
    const lastStep = n ? cols.step(n - 1) : null;
    const paintKey = [bw, bh, ratio, cw, ch, top, cellW, every, height, ncpu, tlo, thi, origin, stylesKey, labelKey, pids.join(',')].join('|');
    // Shifted: the last picture, moved dx px left, holds this one's pixels
    // but where something changed. That needs the same geometry (paintKey:
    // sizes, column width, lanes, vertical scroll, patterns' origin, theme,
    // language, labels), the same columns further on (the last picture's
    // newest column still there, with the same key), and a shift of whole
    // device pixels narrower than the canvas. And columns at their narrowest
    // (a long run: what playing soon comes to): with wider ones, shifted
    // pictures (by 2 px at a time) were a unit off in thousands of pixels
    // of the state patterns, not understood yet.
    let dx = -1;
    if (!full && toEnd && off && painted && painted.key === paintKey && painted.objects === opts.objects && n && Number.isInteger(ratio) && cellW === MIN_CELL) {
      const i = painted.lastStep - first;
      const d = (first - painted.first) * cellW + left - painted.left;
      if (lastStep >= painted.lastStep && i >= 0 && i < n && cols.key(i) === painted.lastKey && Number.isInteger(d * ratio) &&
        Number.isInteger(top * ratio) && Number.isInteger(left * ratio) && d > 0 && d < cw) dx = d;
    }
    if (dx >= 0) {
      g.setTransform(1, 0, 0, 1, 0, 0);
      g.globalCompositeOperation = 'copy';
      g.drawImage(prior, -dx * ratio, 0);
      g.globalCompositeOperation = 'source-over';
    }
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    if (dx < 0) { g.fillStyle = S.bg; g.fillRect(0, 0, cw, ch); }
    // From here on, track coordinates.
    g.translate(-left, -top);
    anchorPatterns(pats, X(origin));

    const runs = [];
    const ticks = [];
    // laneHints(lane) gives, for column i, the run of the lane the last
    // render found holding it (hint(i), or null), and records the lane's
    // first and last runs of this render (hint.saw) for the next one.
    const nextHints = new Map();
    const laneHints = lane => {
      const was = hints.get(lane) || [];
      const now = [];
      nextHints.set(lane, now);
      const hint = i => {
        for (const h of was) {
          const k = knownRun(cols, i, h);
          if (k) return k;
        }
        return null;
      };
      hint.saw = (r, i, end) => {
        if (r.value === null || r.len < 2 || (i !== lo && r.from + r.len < end)) return;
        const to = r.from + r.len - 1;
        now.push({ first: cols.key(r.from), last: cols.key(to), firstStep: cols.step(r.from), lastStep: cols.step(to) });
      };
      return hint;
    };

    // The runs in sight, lane by lane (bands: the strips of the canvas
    // each lane paints in, from the top; the axis, the separator and the
    // space below the lanes are bands too): found first, painted after.
    const bands = [];
    const band = (y0, h, key, list, whole = false) => bands.push({ y0, h, key, list, whole, from: -Infinity });
    band(0, AXIS_H, '', null, true);
    for (let c = 0; c < ncpu; c++) {
      const y0 = AXIS_H + c * CPU_H;
      const list = [];
      band(y0, CPU_H, `c${c}`, list);
      if (!cpuShown(c)) continue;
      const cell = i => { const x = cols.cpu(i, c); return x && x.pid ? x : null; };
      const hint = laneHints(`c${c}`);
      for (let i = lo; i < hi;) {
        const r = runAround(cell, i, n, SAME_CPU, hint(i));
        hint.saw(r, i, hi);
        i = r.from + r.len;
        if (r.value !== null) list.push({ v: r.value, step: cols.step(r.from), len: r.len, x: X(cols.step(r.from)), w: r.len * cellW });
      }
    }
    band(AXIS_H + ncpu * CPU_H, SEP, '', null, true);
    for (let row = tlo; row < thi; row++) {
      const pid = pids[row];
      const list = [];
      band(yT + row * TASK_H, TASK_H, `t${pid}`, list);
      const cell = i => cols.task(i, pid) || null;
      const hint = laneHints(`t${pid}`);
      for (let i = lo; i < hi;) {
        const r = runAround(cell, i, n, SAME_TASK, hint(i));
        hint.saw(r, i, hi);
        i = r.from + r.len;
        if (r.value !== null) list.push({ v: r.value, step: cols.step(r.from), len: r.len, x: X(cols.step(r.from)), w: r.len * cellW });
      }
    }
    band(yT + thi * TASK_H, Math.max(0, height - (yT + thi * TASK_H)), '', null);
    hints = nextHints;
    const paintedRuns = new Map();
    for (const b of bands) {
      if (!b.list) continue;
      const m = new Map();
      for (const r of b.list) m.set(r.step, r);
      paintedRuns.set(b.key, m);
    }
    // Shifted, each band repaints from where its picture changed (b.from,
    // track px): the old cursor (its head is 7 px each side) and the
    // columns after it, and each run that is not the run the last picture
    // painted at that step (one that grew, lost its first columns, or is
    // new), from its left edge; the axis and the separator all along (the
    // separator is a line whose pixels at the seam were not those of a
    // line painted whole: a few differed in their anti-aliasing). A run is painted again
    // when it comes within PAD px of a band that repaints, its own or a
    // neighbour's (its label and outline may spill a few px over its run).
    // The first EDGE px of each band are painted again too: a bar cut by
    // the canvas's left edge is not painted (anti-aliased) the same as the
    // same bar painted whole and shifted there.
    const PAD = 16, EDGE = 8;
    if (dx >= 0) {
      const oldCursor = X(painted.lastStep + 1);
      for (const b of bands) {
        if (!b.key) { b.from = b.whole ? left : oldCursor - 10; continue; }
        let from = oldCursor - 10;
        const was = painted.runs.get(b.key);
        const same = b.key[0] === 'c' ? SAME_CPU : SAME_TASK;
        for (const r of b.list) {
          const o = was && was.get(r.step);
          if (!o || o.len !== r.len || !same(o.v, r.v)) { from = Math.min(from, r.x - 4); break; }
        }
        b.from = Math.floor(Math.max(left, from));
      }
      g.save();
      g.beginPath();
      for (const b of bands) {
        if (b.h > 0 && b.from < left + cw) g.rect(b.from, b.y0, left + cw - b.from, b.h);
        if (b.h > 0 && b.from > left) g.rect(left, b.y0, Math.min(EDGE, b.from - left), b.h);
      }
      g.clip();
      g.fillStyle = S.bg;
      g.fillRect(left, top, cw, ch);
    }
    const edge = left + EDGE + PAD;
    const reach = k => Math.min(bands[k].from, k > 0 ? bands[k - 1].from : Infinity, k + 1 < bands.length ? bands[k + 1].from : Infinity);

    // Grid and axis.
    g.font = g.tlFont = S.axis.font;
    g.tlAlign = '';
    g.fillStyle = S.axis.fill;
    g.strokeStyle = S.grid.stroke;
    g.lineWidth = S.grid.lw || 1;
    for (let i = lo; i < hi; i++) {
      const step = cols.step(i);
      if (step % every !== 0) continue;
      const x = X(step);
      if (S.grid.stroke) {
        g.beginPath();
        g.moveTo(x, AXIS_H - 6);
        g.lineTo(x, height);
        g.stroke();
      }
      // The first label starts at the edge rather than being cut in half.
      const text = opts.tick ? opts.tick(step) : String(step);
      g.textAlign = g.tlAlign = i === 0 ? 'start' : 'center';
      const tx = i === 0 ? x + 2 : x + cellW / 2;
      g.fillText(text, tx, AXIS_H - 10);
      ticks.push({ step, text, x: tx });
    }
    // CPU lanes.
    let k = 1;
    for (let c = 0; c < ncpu; c++, k++) {
      if (!cpuShown(c)) continue;
      const y0 = AXIS_H + c * CPU_H;
      g.fillStyle = S.laneBg.fill || '#f4f6f8';
      g.fillRect(X(first), y0 + 3, n * cellW, CPU_H - 6);
      const from = reach(k) - PAD;
      for (const r of bands[k].list) runs.push(paintCpuRun(r.x + r.w >= from || r.x <= edge ? g : NOPAINT, S, view, c, y0, r.x, r.w, r.v, name, r.step, r.len));
    }
    k++; // (the separator's band)
    // Task lanes.
    if (ncpu || pids.length) {
      g.strokeStyle = S.sep.stroke || '#ccc';
      g.lineWidth = S.sep.lw || 1;
      g.beginPath();
      g.moveTo(left, yT - SEP / 2);
      g.lineTo(Math.min(left + cw, n * cellW + 24), yT - SEP / 2);
      g.stroke();
    }
    for (let row = tlo; row < thi; row++, k++) {
      const pid = pids[row];
      const y0 = yT + row * TASK_H;
      const from = reach(k) - PAD;
      for (const r of bands[k].list) runs.push(paintTaskRun(r.x + r.w >= from || r.x <= edge ? g : NOPAINT, S, pid, y0, r.x, r.w, r.v, objName, r.step, r.len));
    }
    // Cursor at the end of the current step.
    if (n) {
      const cx = n * cellW;
      g.strokeStyle = S.cursor.stroke || '#d55e00';
      g.lineWidth = S.cursor.lw || 2.5;
      g.beginPath();
      g.moveTo(cx, 2);
      g.lineTo(cx, height);
      g.stroke();
      g.fillStyle = S.head.fill || '#d55e00';
      g.beginPath();
      g.moveTo(cx - 7, 2);
      g.lineTo(cx + 7, 2);
      g.lineTo(cx, 11);
      g.closePath();
      g.fill();
    }
    if (dx >= 0) g.restore();
    paintCount[dx >= 0 ? 'shifted' : 'full']++;
    paintCount.sinceFull = dx >= 0 ? paintCount.sinceFull + 1 : 0;
    painted = n ? { key: paintKey, objects: opts.objects, first, left, lastStep, lastKey: cols.key(n - 1), runs: paintedRuns } : null;
    if (off) {
      const onPage = canvas.getContext('2d', OPAQUE);
      onPage.globalCompositeOperation = 'copy';
      onPage.drawImage(off, 0, 0);
    }
    shownNow = { left, top, cellW, first, n, lo, hi, runs, ticks, pids, ncpu, lastStep: n ? cols.step(n - 1) : null };
    describe(view, f);
    if (!n) { empty.textContent = t(opts.empty || 'tl.empty'); if (empty.parentNode !== scroller) scroller.append(empty); } else if (empty.parentNode) empty.remove();
    if (toEnd && Math.abs(box.left) >= 1) { scrollSet = 0; box.left = 0; scroller.scrollLeft = 0; } else scrollSet = box.left;
    if (!tip.hidden && toEnd) tip.hidden = true;
    return { first, cellW };
  }

  // describe says in the canvas's aria-label what it shows: the steps
  // (or times) in the window and what each CPU runs at the newest one.
  function describe(view, f) {
    const { cols, n, ncpu, name, first } = f;
    const opts = last.opts;
    let text = t('panel.timeline');
    if (n) {
      const lastStep = cols.step(n - 1);
      const tick = opts.tick || String;
      text += `: ${t(opts.axis || 'counter.step')} ${tick(first)}–${tick(lastStep)}`;
      const parts = [];
      for (let c = 0; c < ncpu; c++) {
        const v = cols.cpu(n - 1, c);
        parts.push(`${t('tl.cpu', { n: c })}: ${v && v.pid ? `${whoRuns(view, v.pid, name)} (${v.kernel ? t('tl.kernel') : t('tl.user')})` : t('tl.idle')}`);
      }
      if (parts.length) text += `. ${parts.join('; ')}`;
    }
    if (canvas.getAttribute('aria-label') !== text) canvas.setAttribute('aria-label', text);
  }

  // text paints a label in style s (a PROBES entry), its outline under it
  // when the stylesheet says so (paint-order: stroke).
  function text(g, s, str, x, y, align, fill) {
    // (A font set is parsed again: it is set only when it changes.)
    if (g.tlFont !== s.font) { g.font = s.font; g.tlFont = s.font; }
    if (g.tlAlign !== align) { g.textAlign = align; g.tlAlign = align; }
    if (s.stroke && s.lw) {
      g.strokeStyle = s.stroke;
      g.lineWidth = s.lw;
      g.lineJoin = 'round';
      g.strokeText(str, x, y);
    }
    g.fillStyle = fill || s.fill || '#17202b';
    g.fillText(str, x, y);
  }

  // roundBar fills a CPU lane's bar with its corners rounded (3 px). A
  // bar narrower than 24 px (the many short runs of a long run at speed)
  // gets its corners cut by a pixel with rectangles instead: a rounded
  // path cost ten times as much to paint as a rectangle.
  function roundBar(g, x, y, w, h, fill) {
    g.fillStyle = fill;
    if (w < 24 || !g.roundRect) {
      // (Three that do not overlap: the hatch is translucent.)
      g.fillRect(x + 1, y, w - 2, h);
      g.fillRect(x, y + 1, 1, h - 2);
      g.fillRect(x + w - 1, y + 1, 1, h - 2);
      return;
    }
    g.beginPath();
    g.roundRect(x, y, w, h, 3);
    g.fill();
  }

  // paintCpuRun paints a run of a CPU lane: the task's colour, hatched in
  // kernel mode, grey and hatched while the CPU switches to it. It returns
  // the run as runs() lists it.
  function paintCpuRun(g, S, view, c, y0, x, w, v, name, step, len) {
    const bx = x + 0.5, by = y0 + 4, bw = w - 1, bh = CPU_H - 8;
    const label = cpuLabel(view, v, w);
    const r = { lane: 'cpu', cpu: c, task: v.pid, step, steps: len, x: bx, y: by, w: bw, h: bh, laneY: y0, laneH: CPU_H,
      kernel: !!v.kernel, switch: !!v.sw, state: v.sw ? 'switching' : 'running', wait: '', spin: '', trap: v.sys || '', vdso: v.vdso || '',
      label: '', labelX: 0, title: () => cpuTitle(view, c, v, name) };
    if (v.sw) {
      // Switch cost: the CPU works for nobody while it switches to the task.
      roundBar(g, bx, by, bw, bh, '#bdbdbd');
      roundBar(g, bx, by, bw, bh, pats.hatch);
      if (label.key) { r.label = '⇄'; r.labelX = x + w / 2; text(g, S.runLabel, '⇄', r.labelX, y0 + CPU_H / 2 + 6, 'center', '#222'); }
      return r;
    }
    const col = taskColor(v.pid);
    roundBar(g, bx, by, bw, bh, col.fill);
    if (v.kernel) roundBar(g, bx, by, bw, bh, pats.hatch);
    if (label.call) {
      // The call's name takes the place of the task's tag (the colour
      // and the tooltip still say whose it is), cut to the run's width.
      r.label = label.text;
      r.labelX = x + 3;
      text(g, v.vdso ? S.vdso : S.trap, label.text, r.labelX, y0 + CPU_H / 2 + 4, 'start');
    } else if (label.key) {
      r.label = taskTag(view, v.pid);
      r.labelX = x + w / 2;
      text(g, v.kernel ? S.runLabelK : S.runLabel, r.label, r.labelX, y0 + CPU_H / 2 + 6, 'center', col.ink);
    }
    return r;
  }

  // paintTaskRun paints a run of a task lane: the state's bar (height,
  // pattern, colour), a sync object's pattern and name while blocked on
  // it, a zig-zag while spinning, grey and hatched while a CPU switches to
  // it.
  function paintTaskRun(g, S, pid, y0, x, w, v, objName, step, len) {
    const b = taskBar(y0, x, w, v);
    const r = { lane: 'task', cpu: null, task: pid, step, steps: len, x: b.x, y: b.y, w: b.w, h: b.h, laneY: y0, laneH: TASK_H,
      kernel: !!v.k, switch: !!v.sw, state: v.sw ? 'switching' : v.s, wait: v.sw ? '' : v.w || '', spin: v.sw ? '' : v.spin || '', trap: '', vdso: '',
      label: '', labelX: 0, title: () => taskTitle(pid, v, objName) };
    g.fillStyle = v.sw ? '#bdbdbd' : pats[b.fill] || STATE_COLOR[v.s] || '#999';
    g.fillRect(b.x, b.y, b.w, b.h);
    g.strokeStyle = b.stroke;
    g.lineWidth = b.lw;
    g.strokeRect(b.x, b.y, b.w, b.h);
    if (v.sw || v.k) { g.fillStyle = pats.hatch; g.fillRect(b.x, b.y, b.w, b.h); }
    if (v.sw) return r;
    const label = taskLabel(v, w, objName);
    if (label.kind === 'lock') {
      r.label = label.text; r.labelX = x + 4;
      text(g, S.lock, label.text, r.labelX, y0 + TASK_H - 7, 'start');
    } else if (label.kind === 'spin') {
      r.label = '↻'; r.labelX = x + w / 2;
      text(g, S.spin, '↻', r.labelX, y0 + TASK_H - 8, 'center');
    } else if (label.kind === 'letter') {
      r.label = STATE_LETTER[v.s] || ''; r.labelX = x + 5;
      text(g, S.letter, r.label, r.labelX, y0 + TASK_H - 8, 'start');
    }
    return r;
  }

  // runs lists the runs the last render painted: {lane ('cpu' or
  // 'task'), cpu (or null), task, state ('running' on a CPU lane,
  // 'switching' for a switch), kernel, switch, wait, spin, trap, vdso,
  // step (its first), steps, label (its text, '' for none), and on the
  // screen (CSS px, as getBoundingClientRect says): x, y, width, height of
  // its bar and labelX}. Runs wholly out of the canvas are left out.
  function runs() {
    if (!shownNow) return [];
    const cr = canvas.getBoundingClientRect();
    const dx = cr.left - shownNow.left, dy = cr.top - shownNow.top;
    const out = [];
    for (const r of shownNow.runs) {
      if (r.x + r.w < shownNow.left || r.x > shownNow.left + cr.width || r.y + r.h < shownNow.top || r.y > shownNow.top + cr.height) continue;
      out.push({ lane: r.lane, cpu: r.cpu, task: r.task, state: r.state, kernel: r.kernel, switch: r.switch, wait: r.wait, spin: r.spin,
        trap: r.trap, vdso: r.vdso, step: r.step, steps: r.steps, label: r.label, title: r.title(),
        x: r.x + dx, y: r.y + dy, width: r.w, height: r.h, labelX: r.label ? r.labelX + dx : 0 });
    }
    return out;
  }

  // shown says what the last render painted: the steps of its columns
  // (first and last kept, lo and hi in the window), the axis's ticks
  // ({step, text}), the lanes (CPUs, and tasks by PID) and the column width.
  function shown() {
    if (!shownNow) return null;
    const s = shownNow;
    return { firstStep: s.n ? s.first : null, lastStep: s.lastStep, columns: s.n, cellW: s.cellW,
      ticks: s.ticks.map(k => ({ step: k.step, text: k.text })), cpus: s.ncpu, tasks: s.pids.slice() };
  }

  // exportSVG builds the whole timeline as it stands (every column kept,
  // every lane: the picture the panel scrolls over) as an SVG drawing with
  // a tooltip (<title>) per run, in the page (out of sight, so that the
  // stylesheet styles it) with the label column listing its lanes, for
  // export.js to serialise. Its release() removes it and draws the panel
  // again.
  function exportSVG() {
    if (!last) return null;
    const { view, opts } = last;
    const f = frame(view, opts, Math.max(0, box.w));
    const { cols, n, ncpu, name, objName, cellW, width, first, X } = f;
    const pids = lanesOf(view, 0, n);
    drawLabels(view, opts, ncpu, pids, name);
    const height = AXIS_H + ncpu * CPU_H + SEP + pids.length * TASK_H + 4;
    const xid = `${uid}-x`;
    const svg = el('svg', { class: 'tl-svg tl-export', role: 'img', width: Math.max(1, width), height, 'aria-label': t('panel.timeline') });
    svg.style.position = 'fixed';
    svg.style.left = '-100000px';
    patterns(el('defs', {}, svg), xid);
    const gAxis = el('g', { class: 'tl-axis' }, svg);
    const gBg = el('g', {}, svg);
    const gRuns = el('g', {}, svg);
    const every = tickEvery(cellW, opts.ticks);
    for (let i = 0; i < n; i++) {
      const step = cols.step(i);
      if (step % every !== 0) continue;
      el('line', { x1: X(step), x2: X(step), y1: AXIS_H - 6, y2: height, class: 'grid' }, gAxis);
      el('text', { x: i === 0 ? X(step) + 2 : X(step) + cellW / 2, y: AXIS_H - 10, 'text-anchor': i === 0 ? 'start' : 'middle' }, gAxis).textContent = opts.tick ? opts.tick(step) : String(step);
    }
    for (let c = 0; c < ncpu; c++) {
      const y0 = AXIS_H + c * CPU_H;
      el('rect', { x: X(first), y: y0 + 3, width: n * cellW, height: CPU_H - 6, class: 'lane-bg' }, gBg);
      const cell = i => { const x = cols.cpu(i, c); return x && x.pid ? x : null; };
      for (let i = 0; i < n;) {
        const r = runAround(cell, i, n, SAME_CPU);
        i = r.from + r.len;
        if (r.value !== null) gRuns.append(svgCpuRun(xid, view, c, y0, X(cols.step(r.from)), r.len * cellW, r.value, name));
      }
    }
    const yT = AXIS_H + ncpu * CPU_H + SEP;
    el('line', { class: 'sep', x1: 0, x2: width, y1: yT - SEP / 2, y2: yT - SEP / 2 }, svg);
    pids.forEach((pid, row) => {
      const y0 = yT + row * TASK_H;
      const cell = i => cols.task(i, pid) || null;
      for (let i = 0; i < n;) {
        const r = runAround(cell, i, n, SAME_TASK);
        i = r.from + r.len;
        if (r.value !== null) gRuns.append(svgTaskRun(xid, pid, y0, X(cols.step(r.from)), r.len * cellW, r.value, objName));
      }
    });
    if (n) {
      const cursor = el('g', { class: 'tl-cursor' }, svg);
      const cx = n * cellW;
      el('line', { x1: cx, x2: cx, y1: 2, y2: height }, cursor);
      el('path', { d: `M${cx - 7},2 L${cx + 7},2 L${cx},11 z` }, cursor);
    }
    track.append(svg);
    svg.release = () => {
      svg.remove();
      if (last) draw(last.view, last.opts, false);
    };
    return svg;
  }

  // colors: the colours a run is painted in (a task's, a state's), for the
  // browser tests that check the canvas against runs().
  const colors = { task: pid => taskColor(pid).fill, state: s => STATE_COLOR[s] };
  // redraw draws the last view again where the panel is scrolled to (a
  // benchmark times it).
  // (It paints the whole picture: the tests compare a shifted one with it.)
  const again = () => (last ? draw(last.view, last.opts, false, true) : null);
  // paints: how many draws painted the whole picture, how many shifted the
  // last one and painted what changed, and how many of the latter since the
  // last whole one (the browser tests check the picture against a whole one).
  const paints = () => ({ ...paintCount });
  const api = { render, redraw: again, runs, shown, exportSVG, hitTest, colors, paints };
  container.timeline = api;
  return api;
}

// svgCpuRun draws a run of a CPU lane as SVG (exportSVG): the task's
// colour, hatched in kernel mode, grey and hatched while the CPU switches
// to it, with its tooltip.
function svgCpuRun(uid, view, c, y0, x, w, v, name) {
  const attrs = { x: x + 0.5, y: y0 + 4, width: w - 1, height: CPU_H - 8, rx: 3 };
  const label = cpuLabel(view, v, w);
  let g;
  if (v.sw) {
    g = el('g', { class: 'tl-switch', 'data-task': v.pid, 'data-cpu': c, 'data-switch': '1' });
    el('rect', { ...attrs, fill: '#bdbdbd' }, g);
    el('rect', { ...attrs, fill: `url(#tl-hatch${uid})` }, g);
    if (label.key) el('text', { x: x + w / 2, y: y0 + CPU_H / 2 + 6, 'text-anchor': 'middle', fill: '#222', class: 'run-label' }, g).textContent = '⇄';
  } else {
    const col = taskColor(v.pid);
    g = el('g', { class: 'tl-run', 'data-task': v.pid, 'data-cpu': c });
    el('rect', { ...attrs, fill: col.fill }, g);
    if (v.kernel) el('rect', { ...attrs, fill: `url(#tl-hatch${uid})` }, g);
    if (label.call) {
      g.setAttribute('data-trap', v.sys || '');
      if (v.vdso) g.setAttribute('data-vdso', v.vdso);
      el('text', { x: x + 3, y: y0 + CPU_H / 2 + 4, class: 'trap-label' + (v.vdso ? ' vdso' : '') }, g).textContent = label.text;
    } else if (label.key) {
      el('text', { x: x + w / 2, y: y0 + CPU_H / 2 + 6, 'text-anchor': 'middle', fill: col.ink, class: 'run-label' + (v.kernel ? ' k' : '') }, g).textContent = taskTag(view, v.pid);
    }
  }
  el('title', {}, g).textContent = cpuTitle(view, c, v, name);
  return g;
}

// svgTaskRun draws a run of a task lane as SVG (exportSVG), as paintTaskRun
// paints it, with its tooltip.
function svgTaskRun(uid, pid, y0, x, w, v, objName) {
  const b = taskBar(y0, x, w, v);
  const attrs = { x: b.x, y: b.y, width: b.w, height: b.h };
  let g;
  if (v.sw) {
    g = el('g', { class: 'tl-state tl-switch', 'data-task': pid, 'data-lane-state': 'switching', 'data-switch': '1' });
    el('rect', { ...attrs, fill: '#bdbdbd', stroke: '#777' }, g);
    el('rect', { ...attrs, fill: `url(#tl-hatch${uid})` }, g);
  } else {
    const s = v.s;
    g = el('g', { class: `tl-state st-${s}` + (b.wobj >= 0 ? ' lockwait' : '') + (b.sobj >= 0 ? ' spin' : ''), 'data-task': pid, 'data-lane-state': s });
    if (b.wobj >= 0) g.setAttribute('data-wait', v.w);
    if (b.sobj >= 0) g.setAttribute('data-spin', v.spin);
    el('rect', { ...attrs, fill: `url(#st-${b.fill}${uid})`, stroke: b.stroke, 'stroke-width': b.lw }, g);
    if (v.k) el('rect', { ...attrs, fill: `url(#tl-hatch${uid})` }, g);
    const label = taskLabel(v, w, objName);
    if (label.kind === 'lock') el('text', { x: x + 4, y: y0 + TASK_H - 7, class: 'st-letter lock-label' }, g).textContent = label.text;
    else if (label.kind === 'spin') el('text', { x: x + w / 2, y: y0 + TASK_H - 8, 'text-anchor': 'middle', class: 'spin-label' }, g).textContent = '↻';
    else if (label.kind === 'letter') el('text', { x: x + 5, y: y0 + TASK_H - 8, class: 'st-letter' }, g).textContent = STATE_LETTER[s] || '';
  }
  el('title', {}, g).textContent = taskTitle(pid, v, objName);
  return g;
}
