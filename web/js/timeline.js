// timeline.js: the Gantt chart of the recent steps. One lane per CPU (which
// task ran in each step: user ticks solid, kernel ticks hatched, idle
// blank) and one lane per task (its state: the bar's height, pattern and
// colour say which). A cursor marks the current step.
//
// Race lab: a task blocked (S) on a sync object gets that object's own
// pattern and its name in the bar ([data-wait="lock:OBJ"]), and a task that
// spins (running, no progress) a zig-zag bar labelled ↻ ([data-spin]), so
// that spinning and blocking look different at a glance.
//
// The live lab draws real time, not steps: render's options can drop the CPU
// lanes (/proc does not say which CPU a process is on), name the axis, and
// label its ticks (seconds). Every timeline and legend has its own pattern
// ids, since a url(#id) that resolves into a hidden drawing paints nothing.
import { t } from './i18n.js';
import { taskColor, STATE_COLOR, STATE_HEIGHT, STATE_LETTER } from './colors.js';
import { taskTag } from './fold.js';
import { columnsOf } from './colstore.js';

const SVG = 'http://www.w3.org/2000/svg';
const AXIS_H = 30, CPU_H = 36, TASK_H = 28, SEP = 8;

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

// moveRun puts a kept run's element, drawn at step coordinate e.tlX and
// e.tlW wide, at x and w wide: its bars' places and widths and its
// label's place (centred on the run, or at the same distance from its
// left end). A run grows while playing, and all of them move when the
// columns narrow as the run gets longer.
function moveRun(e, x, w) {
  const dx = x - e.tlX;
  const bar = r => {
    if (dx) r.setAttribute('x', String(x + 0.5));
    r.setAttribute('width', String(w - 1));
  };
  if (e.tagName === 'rect') { bar(e); return; }
  for (const c of e.children) {
    if (c.tagName === 'rect') bar(c);
    else if (c.tagName === 'text') {
      if (c.tlMid === undefined) c.tlMid = c.getAttribute('text-anchor') === 'middle';
      if (c.tlMid) c.setAttribute('x', String(x + w / 2));
      else if (dx) c.setAttribute('x', String(Number(c.getAttribute('x')) + dx));
    }
  }
}

// titled gives a run's element its tooltip's text, text() (a function:
// the words are put together only when wanted). The <title> itself is
// made only when the pointer comes over the run or the drawing is
// exported (addTitle): while playing at speed a draw adds hundreds of
// runs, and a title each was a third of the elements added.
function titled(e, text) {
  e.tlTitle = text;
  return e;
}

// addTitle makes the <title> of a run's element e (titled), once.
function addTitle(e) {
  if (!e || !e.tlTitle || e.tlTitled) return;
  e.tlTitled = true;
  el('title', {}, e).textContent = e.tlTitle();
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

// createTimeline returns {render(view)} drawing into container.
// topts.uid: a suffix for the pattern ids (default: one per timeline).
//
// Only what is in sight is drawn (issue 14, part 2): the SVG spans the
// scroller's width and holds the runs of the columns in view (and a few
// more each side) on the lanes in view of the panel's vertical scroll;
// a track as wide as all the columns gives the scrollbar its length. Runs
// are kept from one render to the next, by lane, first column and length,
// in step coordinates: a render while playing adds the runs of the new
// steps and removes those gone out of sight, so the DOM stays as large as
// the panel whatever the run's length. The label column lists every lane.
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
  wrap.append(labels, scroller);
  container.replaceChildren(wrap);
  const empty = document.createElement('p');
  empty.className = 'tl-empty muted';

  // The drawing: one SVG, its defs made once; gRuns holds the runs and the
  // axis, translated so that step coordinates land in the window.
  const svg = el('svg', { class: 'tl-svg', role: 'img' });
  patterns(el('defs', {}, svg), uid);
  const gAxis = el('g', { class: 'tl-axis' }, svg);
  const gBg = el('g', {}, svg);
  const gRuns = el('g', {}, svg);
  const sepLine = el('line', { class: 'sep' }, svg);
  const cursor = el('g', { class: 'tl-cursor' }, svg);
  const cursorLine = el('line', { y1: 2 }, cursor);
  const cursorHead = el('path', {}, cursor);
  track.append(svg);
  // Tooltips, made when wanted (titled): the run under the pointer, and
  // every run drawn when the drawing is exported (export.js calls fillTitles).
  svg.addEventListener('pointerover', ev => addTitle(ev.target.closest && ev.target.closest('[data-task]')));
  svg.fillTitles = () => { for (const e of drawn.values()) addTitle(e); };

  const drawn = new Map(); // key -> element kept from the last render
  // lane key -> [{first, last}]: the first and last runs of each lane in
  // the window at the last render (knownRun), so that the run reaching far
  // back (or ahead) of the window is not walked again at every render.
  let hints = new Map();
  let geometry = ''; // what every kept element's place depends on, but cellW
  let drawnCellW = 0; // the cellW of the kept elements
  let origin = 0; // the step at x = 0 of the step coordinates
  const labelRows = new Map(); // pid -> {row, nm, st}
  let labelKey = '';
  let last = null; // {view, opts} of the last render, for a scroll's redraw
  let scrolling = 0;
  let scrollSet = -1; // the scrollLeft render set (its scroll event is not the user's)

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
  wrap.addEventListener('scroll', () => { box.top = wrap.scrollTop; redraw(); }, { passive: true });
  if (typeof ResizeObserver !== 'undefined') {
    new ResizeObserver(() => {
      const w = scroller.clientWidth, h = wrap.clientHeight;
      if (w === box.w && h === box.h) return;
      box.w = w;
      box.h = h;
      if (last && box.w > 0) redraw();
    }).observe(wrap);
  }

  // drawLabels lists the lanes: CPUs, then tasks with their colour, tag,
  // name and state letter. The rows are remade only when the lanes change.
  function drawLabels(view, opts, ncpu, pids, name) {
    const key = `${t(opts.axis || 'counter.step')}|${t('tl.cpu', { n: 0 })}|${ncpu}|${pids.join(',')}|${pids.map(p => `${taskTag(view, p)}:${name(p)}`).join(',')}`;
    if (key !== labelKey) {
      labelKey = key;
      labelRows.clear();
      const lab = [];
      lab.push(`<div class="tl-row axis" style="height:${AXIS_H}px">${t(opts.axis || 'counter.step')}</div>`);
      for (let c = 0; c < ncpu; c++) lab.push(`<div class="tl-row cpu" style="height:${CPU_H}px">${t('tl.cpu', { n: c })}</div>`);
      lab.push(`<div class="tl-sep" style="height:${SEP}px"></div>`);
      for (const pid of pids) {
        const col = taskColor(pid);
        lab.push(`<div class="tl-row task" style="height:${TASK_H}px"><i class="dot" style="background:${col.fill}"></i>${taskTag(view, pid)} <span class="nm"></span><b class="st"></b></div>`);
      }
      labels.innerHTML = lab.join('');
      labels.querySelectorAll('.tl-row.task').forEach((row, i) => {
        const pid = pids[i];
        const nm = row.querySelector('.nm');
        // A job's tag is its name (fold.js taskTag): it is not said twice.
        nm.textContent = name(pid) === taskTag(view, pid) ? '' : name(pid);
        labelRows.set(pid, { row, st: row.querySelector('.st'), letter: '' });
      });
    }
    for (const pid of pids) {
      const r = labelRows.get(pid);
      const letter = STATE_LETTER[view.states[pid] || 'none'] || '';
      if (r.letter !== letter) { r.letter = letter; r.st.textContent = letter; }
    }
  }

  // render draws the view. opts: objects (the race lab's sync objects);
  // cpuLanes false: no CPU lanes; axis: the catalog key of the axis's name;
  // ticks: the tick spacings allowed (in columns); tick(step): a tick's text;
  // empty: the catalog key of the text shown with no columns. It keeps the
  // newest step in sight (scrolled to the end).
  function render(view, opts = {}) {
    return draw(view, opts, true);
  }

  function draw(view, opts, toEnd) {
    last = { view, opts };
    const objName = o => (opts.objects && opts.objects[o] ? opts.objects[o].name : `#${o}`);
    const cols = columnsOf(view.columns);
    const n = cols.length;
    let ncpu = 0;
    if (opts.cpuLanes !== false) {
      ncpu = Math.max(view.cpus.length, 1);
      for (let i = 0; i < n; i++) if (cols.cpuCount(i) > ncpu) ncpu = cols.cpuCount(i);
    }
    const name = pid => view.names[pid] || (view.tasks.find(x => x.pid === pid) || {}).name || '';

    // The scroller's size (measured once, then kept up to date: box).
    if (box.w <= 0) measureBox();
    const viewW = box.w;
    const avail = Math.max(200, viewW - 16);
    const cellW = Math.max(10, Math.min(48, avail / Math.max(n, 12)));
    const width = Math.max(viewW, n * cellW + 24);
    // The scroller lays the track out from its right end (app.css: a
    // reversed row), so that a track growing at the end keeps the newest
    // step in sight with no write to scrollLeft (that write would lay the
    // whole page out in the middle of a frame). Its scrollLeft is 0 at the
    // end and negative back from it; left is the viewport's left edge on
    // the track.
    const maxLeft = Math.max(0, width - viewW);
    const left = toEnd ? maxLeft : Math.max(0, Math.min(maxLeft, maxLeft + box.left));
    const [lo, hi] = visibleRange(n, cellW, left, Math.max(viewW, avail), 8);
    const pids = lanesOf(view, lo, hi);
    drawLabels(view, opts, ncpu, pids, name);
    const height = AXIS_H + ncpu * CPU_H + SEP + pids.length * TASK_H + 4;
    // The lanes in sight of the panel's vertical scroll (and one more each side).
    const top = box.top, seen = box.h > 0 ? box.h : height;
    const yT = AXIS_H + ncpu * CPU_H + SEP;
    const [tlo, thi] = visibleRange(pids.length, TASK_H, Math.max(0, top - yT), seen, 1);
    const cpuShown = c => AXIS_H + (c + 1) * CPU_H >= top && AXIS_H + c * CPU_H <= top + seen;

    // Step coordinates: x = (step - origin) * cellW. Kept elements stay
    // valid while origin and the lanes' places do not change; when cellW
    // does (the columns narrow as the run gets longer, down to 10 px at
    // about 125 columns), the runs kept move (addRun) and the axis is
    // drawn again.
    const first = n ? cols.step(0) : view.step + 1;
    // (The catalog's words too: a language switch draws them again.)
    // (And the lanes' tags and names, in labelKey: a run's label and title say them.)
    const geo = `${t('panel.timeline')}|${(opts.objects || []).map(o => o.name).join(',')}|${labelKey}`;
    if (geo !== geometry || first < origin || (n && cols.step(n - 1) - origin > 1e6)) {
      for (const e of drawn.values()) e.remove();
      drawn.clear();
      geometry = geo;
      origin = first;
    } else if (cellW !== drawnCellW) {
      for (const [key, e] of drawn) if (key.startsWith('a|')) { e.remove(); drawn.delete(key); }
    }
    drawnCellW = cellW;
    const X = step => (step - origin) * cellW;
    const x0 = n ? X(lo < n ? cols.step(lo) : first) : 0; // the window's left edge, step coordinates
    const winLeft = lo * cellW; // ... and on the track
    const winW = Math.max(1, Math.min(width, (hi - lo) * cellW + 24, width - winLeft));

    track.style.width = `${width}px`;
    track.style.height = `${height}px`;
    svg.setAttribute('width', String(winW));
    svg.setAttribute('height', String(height));
    svg.setAttribute('aria-label', t('panel.timeline'));
    svg.style.left = `${winLeft}px`;
    const shift = `translate(${-x0} 0)`;
    for (const g of [gAxis, gBg, gRuns]) g.setAttribute('transform', shift);

    const keep = new Set();
    // add returns the element drawn under key, making it with make() when
    // it is not kept from the last render.
    const add = (key, parent, make) => {
      keep.add(key);
      let e = drawn.get(key);
      if (!e) { e = make(); drawn.set(key, e); parent.append(e); }
      return e;
    };
    // addRun is add for a run of a lane (keyed by its lane, first step and
    // kind, not its length) that is w wide and says label (runLabel) at
    // that width. A run that grew (a lane's last run, while playing) keeps
    // its element and moves its right end when its label is the same;
    // else it is made again.
    const addRun = (key, x, w, label, parent, make) => {
      keep.add(key);
      let e = drawn.get(key);
      if (e && (e.tlW !== w || e.tlX !== x)) {
        if (e.tlLabel === label) moveRun(e, x, w);
        else { const m = make(); e.replaceWith(m); e = m; drawn.set(key, e); }
      }
      if (!e) { e = make(); drawn.set(key, e); parent.append(e); }
      e.tlX = x;
      e.tlW = w;
      e.tlLabel = label;
      return e;
    };

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

    // Grid and axis.
    const every = tickEvery(cellW, opts.ticks);
    for (let i = lo; i < hi; i++) {
      const step = cols.step(i);
      const lastCol = i === n - 1;
      if (step % every !== 0 && !lastCol) continue;
      const edge = i === 0;
      add(`a|${step}|${lastCol ? 'l' : ''}|${edge ? 'e' : ''}|${height}`, gAxis, () => {
        const g = el('g', {});
        el('line', { x1: X(step), x2: X(step), y1: AXIS_H - 6, y2: height, class: step % every === 0 ? 'grid' : 'grid faint' }, g);
        // The first label starts at the edge rather than being cut in half.
        if (step % every === 0) el('text', { x: edge ? X(step) + 2 : X(step) + cellW / 2, y: AXIS_H - 10, 'text-anchor': edge ? 'start' : 'middle' }, g).textContent = opts.tick ? opts.tick(step) : String(step);
        return g;
      });
    }
    // CPU lanes.
    const runKey = (lane, r) => `${lane}|${cols.step(r.from)}`;
    for (let c = 0; c < ncpu; c++) {
      if (!cpuShown(c)) continue;
      const y0 = AXIS_H + c * CPU_H;
      const bg = add(`bg|${c}`, gBg, () => el('rect', { y: y0 + 3, height: CPU_H - 6, class: 'lane-bg' }));
      bg.setAttribute('x', String(X(first)));
      bg.setAttribute('width', String(n * cellW));
      const cell = i => { const x = cols.cpu(i, c); return x && x.pid ? x : null; };
      const hint = laneHints(`c${c}`);
      for (let i = lo; i < hi;) {
        const r = runAround(cell, i, n, SAME_CPU, hint(i));
        hint.saw(r, i, hi);
        i = r.from + r.len;
        if (r.value === null) continue;
        const v = r.value;
        const x = X(cols.step(r.from)), w = r.len * cellW;
        addRun(`c${c}|${runKey(c, r)}|${v.pid}|${v.kernel ? 1 : 0}|${v.sw ? 1 : 0}|${v.sys || ''}|${v.vdso || ''}`, x, w, cpuLabel(view, v, w).key, gRuns, () => cpuRun(view, c, y0, x, w, v, name));
      }
    }
    // Task lanes.
    sepLine.setAttribute('x1', '0');
    sepLine.setAttribute('x2', String(winW));
    sepLine.setAttribute('y1', String(yT - SEP / 2));
    sepLine.setAttribute('y2', String(yT - SEP / 2));
    for (let row = tlo; row < thi; row++) {
      const pid = pids[row];
      const y0 = yT + row * TASK_H;
      const cell = i => cols.task(i, pid) || null;
      const hint = laneHints(`t${pid}`);
      for (let i = lo; i < hi;) {
        const r = runAround(cell, i, n, SAME_TASK, hint(i));
        hint.saw(r, i, hi);
        i = r.from + r.len;
        if (r.value === null) continue;
        const v = r.value;
        const x = X(cols.step(r.from)), w = r.len * cellW;
        addRun(`t${pid}|${runKey(pid, r)}|${v.s}|${v.k ? 1 : 0}|${v.w || ''}|${v.spin || ''}|${v.sw ? 1 : 0}`, x, w, taskLabel(v, w, objName).key, gRuns, () => taskRun(pid, y0, x, w, v, objName));
      }
    }
    for (const [key, e] of drawn) if (!keep.has(key)) { e.remove(); drawn.delete(key); }
    hints = nextHints;
    // Cursor at the end of the current step.
    cursor.style.display = n ? '' : 'none';
    if (n) {
      const cx = n * cellW - winLeft;
      cursorLine.setAttribute('x1', String(cx));
      cursorLine.setAttribute('x2', String(cx));
      cursorLine.setAttribute('y2', String(height));
      cursorHead.setAttribute('d', `M${cx - 7},2 L${cx + 7},2 L${cx},11 z`);
    }
    if (!n) { empty.textContent = t(opts.empty || 'tl.empty'); if (empty.parentNode !== scroller) scroller.append(empty); } else if (empty.parentNode) empty.remove();
    if (toEnd && Math.abs(box.left) >= 1) { scrollSet = 0; box.left = 0; scroller.scrollLeft = 0; } else scrollSet = box.left;
    return { first, cellW };
  }

  // cpuRun draws a run of a CPU lane: the task's colour, hatched in kernel
  // mode, grey and hatched while the CPU switches to it.
  function cpuRun(view, c, y0, x, w, v, name) {
    const col = taskColor(v.pid);
    const attrs = { x: x + 0.5, y: y0 + 4, width: w - 1, height: CPU_H - 8, rx: 3 };
    if (v.sw) {
      // Switch cost: the CPU works for nobody while it switches to the task.
      const g = el('g', { class: 'tl-switch', 'data-task': v.pid, 'data-cpu': c, 'data-switch': '1' });
      el('rect', { ...attrs, fill: '#bdbdbd' }, g);
      el('rect', { ...attrs, fill: `url(#tl-hatch${uid})` }, g);
      if (cpuLabel(view, v, w).key) el('text', { x: x + w / 2, y: y0 + CPU_H / 2 + 6, 'text-anchor': 'middle', fill: '#222', class: 'run-label' }, g).textContent = '⇄';
      return titled(g, () => `${t('tl.cpu', { n: c })}: ${t('tl.switching', { p: `P${v.pid}` })}`);
    }
    const tag = taskTag(view, v.pid);
    const label = cpuLabel(view, v, w);
    const title = () => `${t('tl.cpu', { n: c })}: ${tag} ${name(v.pid)} (${v.kernel ? t('tl.kernel') : t('tl.user')})` +
      (v.sys ? ` — ${v.sys}()` : v.vdso ? ` — ${v.vdso}() (vDSO)` : '');
    if (!v.kernel && !label.call && !label.key) return titled(el('rect', { ...attrs, fill: col.fill, class: 'tl-run', 'data-task': v.pid, 'data-cpu': c }), title);
    const g = el('g', { class: 'tl-run', 'data-task': v.pid, 'data-cpu': c });
    el('rect', { ...attrs, fill: col.fill }, g);
    if (v.kernel) el('rect', { ...attrs, fill: `url(#tl-hatch${uid})` }, g);
    if (label.call) {
      // The call's name takes the place of the task's tag (the colour
      // and the tooltip still say whose it is), cut to the run's width.
      g.setAttribute('data-trap', v.sys || '');
      if (v.vdso) g.setAttribute('data-vdso', v.vdso);
      const lbl = el('text', { x: x + 3, y: y0 + CPU_H / 2 + 4, class: 'trap-label' + (v.vdso ? ' vdso' : '') }, g);
      lbl.textContent = label.text;
    } else if (label.key) {
      const tx = el('text', { x: x + w / 2, y: y0 + CPU_H / 2 + 6, 'text-anchor': 'middle', fill: col.ink, class: 'run-label' + (v.kernel ? ' k' : '') }, g);
      tx.textContent = tag;
    }
    return titled(g, title);
  }

  // taskRun draws a run of a task lane: the state's bar (height, pattern,
  // colour), a sync object's pattern and name while blocked on it, a
  // zig-zag while spinning, grey and hatched while a CPU switches to it.
  function taskRun(pid, y0, x, w, v, objName) {
    const s = v.s;
    if (v.sw) {
      // On a CPU that is still switching to it: not running its own code yet.
      const h = (TASK_H - 6) * (STATE_HEIGHT[s] ?? 0.5);
      const attrs = { x: x + 0.5, y: y0 + TASK_H - 3 - h, width: w - 1, height: h };
      const g = el('g', { class: 'tl-state tl-switch', 'data-task': pid, 'data-lane-state': 'switching', 'data-switch': '1' });
      el('rect', { ...attrs, fill: '#bdbdbd', stroke: '#777' }, g);
      el('rect', { ...attrs, fill: `url(#tl-hatch${uid})` }, g);
      return titled(g, () => t('tl.switching', { p: `P${pid}` }));
    }
    const wobj = v.w ? Number(v.w.split(':')[1]) : -1;
    const sobj = v.spin ? Number(v.spin.split(':')[1]) : -1;
    const h = (TASK_H - 6) * (wobj >= 0 ? 0.7 : (STATE_HEIGHT[s] ?? 0.5));
    const attrs = { x: x + 0.5, y: y0 + TASK_H - 3 - h, width: w - 1, height: h };
    const fill = wobj >= 0 ? `url(#st-lock-${LOCK_STYLES.indexOf(lockStyle(wobj))}${uid})` : sobj >= 0 ? `url(#st-spin${uid})` : `url(#st-${s}${uid})`;
    const stroke = wobj >= 0 ? lockStyle(wobj).c : STATE_COLOR[s] || '#999';
    const label = taskLabel(v, w, objName);
    const title = () => (wobj >= 0 ? `P${pid}: ${t('tl.lockwait', { obj: objName(wobj) })}`
      : sobj >= 0 ? t('tl.spin.on', { pid, obj: objName(sobj) }) : `P${pid}: ${t('state.' + s)}`);
    const bar = { ...attrs, fill, stroke, 'stroke-width': wobj >= 0 ? 2 : 1 };
    const runAttrs = e => {
      e.setAttribute('class', `tl-state st-${s}` + (wobj >= 0 ? ' lockwait' : '') + (sobj >= 0 ? ' spin' : ''));
      e.setAttribute('data-task', String(pid));
      e.setAttribute('data-lane-state', s);
      if (wobj >= 0) e.setAttribute('data-wait', v.w);
      if (sobj >= 0) e.setAttribute('data-spin', v.spin);
      return e;
    };
    if (!v.k && !label.kind) return titled(runAttrs(el('rect', bar)), title);
    const g = runAttrs(el('g'));
    el('rect', bar, g);
    if (v.k) el('rect', { ...attrs, fill: `url(#tl-hatch${uid})` }, g);
    if (label.kind === 'lock') {
      el('text', { x: x + 4, y: y0 + TASK_H - 7, class: 'st-letter lock-label' }, g).textContent = label.text;
    } else if (label.kind === 'spin') {
      el('text', { x: x + w / 2, y: y0 + TASK_H - 8, 'text-anchor': 'middle', class: 'spin-label' }, g).textContent = '↻';
    } else if (label.kind === 'letter') {
      el('text', { x: x + 5, y: y0 + TASK_H - 8, class: 'st-letter' }, g).textContent = STATE_LETTER[s] || '';
    }
    return titled(g, title);
  }

  return { render };
}
