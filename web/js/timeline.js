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

const SVG = 'http://www.w3.org/2000/svg';
const AXIS_H = 30, CPU_H = 36, TASK_H = 28, SEP = 8;

function el(name, attrs = {}, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (parent) parent.append(e);
  return e;
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

// createTimeline returns {render(view)} drawing into container.
// topts.uid: a suffix for the pattern ids (default: one per timeline).
export function createTimeline(container, topts = {}) {
  const uid = topts.uid ?? (timelines++ ? `-t${timelines}` : '');
  const wrap = document.createElement('div');
  wrap.className = 'tl-wrap';
  const labels = document.createElement('div');
  labels.className = 'tl-labels';
  const scroller = document.createElement('div');
  scroller.className = 'tl-scroll';
  wrap.append(labels, scroller);
  container.replaceChildren(wrap);
  const empty = document.createElement('p');
  empty.className = 'tl-empty muted';

  // render draws the view. opts: objects (the race lab's sync objects);
  // cpuLanes false: no CPU lanes; axis: the catalog key of the axis's name;
  // ticks: the tick spacings allowed (in columns); tick(step): a tick's text;
  // empty: the catalog key of the text shown with no columns.
  function render(view, opts = {}) {
    const objName = o => (opts.objects && opts.objects[o] ? opts.objects[o].name : `#${o}`);
    const cols = view.columns;
    const ncpu = opts.cpuLanes === false ? 0 : Math.max(view.cpus.length, ...cols.map(c => c.cpu.length), 1);
    const pidSet = new Set(view.tasks.filter(x => x.state !== 'dead').map(x => x.pid));
    for (const c of cols) for (const k of Object.keys(c.task)) pidSet.add(Number(k));
    const pids = [...pidSet].sort((a, b) => a - b);
    const name = pid => view.names[pid] || (view.tasks.find(x => x.pid === pid) || {}).name || '';

    // Labels column.
    const lab = [];
    lab.push(`<div class="tl-row axis" style="height:${AXIS_H}px">${t(opts.axis || 'counter.step')}</div>`);
    for (let c = 0; c < ncpu; c++) lab.push(`<div class="tl-row cpu" style="height:${CPU_H}px">${t('tl.cpu', { n: c })}</div>`);
    lab.push(`<div class="tl-sep" style="height:${SEP}px"></div>`);
    for (const pid of pids) {
      const col = taskColor(pid);
      const st = view.states[pid] || 'none';
      lab.push(`<div class="tl-row task" style="height:${TASK_H}px"><i class="dot" style="background:${col.fill}"></i>${taskTag(view, pid)} <span class="nm"></span><b class="st">${STATE_LETTER[st] || ''}</b></div>`);
    }
    labels.innerHTML = lab.join('');
    // A job's tag is its name (fold.js taskTag): it is not said twice.
    labels.querySelectorAll('.tl-row.task .nm').forEach((n, i) => { const nm = name(pids[i]); n.textContent = nm === taskTag(view, pids[i]) ? '' : nm; });

    const avail = Math.max(200, scroller.clientWidth - 16);
    const cellW = Math.max(10, Math.min(48, avail / Math.max(cols.length, 12)));
    const width = Math.max(avail, cols.length * cellW + 24);
    const height = AXIS_H + ncpu * CPU_H + SEP + pids.length * TASK_H + 4;
    const svg = el('svg', { width, height, class: 'tl-svg', role: 'img', 'aria-label': t('panel.timeline') });
    patterns(el('defs', {}, svg), uid);
    const first = cols.length ? cols[0].step : view.step + 1;
    const x = i => i * cellW;

    // Grid and axis.
    const every = tickEvery(cellW, opts.ticks);
    const gAxis = el('g', { class: 'tl-axis' }, svg);
    for (let i = 0; i < cols.length; i++) {
      const step = cols[i].step;
      if (step % every !== 0 && i !== cols.length - 1) continue;
      el('line', { x1: x(i), x2: x(i), y1: AXIS_H - 6, y2: height, class: step % every === 0 ? 'grid' : 'grid faint' }, gAxis);
      // The first label starts at the edge rather than being cut in half.
      if (step % every === 0) el('text', { x: i === 0 ? 2 : x(i) + cellW / 2, y: AXIS_H - 10, 'text-anchor': i === 0 ? 'start' : 'middle' }, gAxis).textContent = opts.tick ? opts.tick(step) : String(step);
    }
    // CPU lanes.
    for (let c = 0; c < ncpu; c++) {
      const y0 = AXIS_H + c * CPU_H;
      el('rect', { x: 0, y: y0 + 3, width: cols.length * cellW, height: CPU_H - 6, class: 'lane-bg' }, svg);
      const cells = cols.map(col => (col.cpu[c] && col.cpu[c].pid ? col.cpu[c] : null));
      for (const r of runs(cells, (a, b) => a.pid === b.pid && a.kernel === b.kernel && !a.sw === !b.sw && a.sys === b.sys && a.vdso === b.vdso)) {
        const col = taskColor(r.value.pid);
        const attrs = { x: x(r.from) + 0.5, y: y0 + 4, width: r.len * cellW - 1, height: CPU_H - 8, rx: 3 };
        if (r.value.sw) {
          // Switch cost: the CPU works for nobody while it switches to the task.
          const g = el('g', { class: 'tl-switch', 'data-task': r.value.pid, 'data-cpu': c, 'data-switch': '1' }, svg);
          el('rect', { ...attrs, fill: '#bdbdbd' }, g);
          el('rect', { ...attrs, fill: `url(#tl-hatch${uid})` }, g);
          if (r.len * cellW >= 18) {
            const tx = el('text', { x: x(r.from) + (r.len * cellW) / 2, y: y0 + CPU_H / 2 + 6, 'text-anchor': 'middle', fill: '#222', class: 'run-label' }, g);
            tx.textContent = '⇄';
          }
          el('title', {}, g).textContent = `${t('tl.cpu', { n: c })}: ${t('tl.switching', { p: `P${r.value.pid}` })}`;
          continue;
        }
        const g = el('g', { class: 'tl-run', 'data-task': r.value.pid, 'data-cpu': c }, svg);
        el('rect', { ...attrs, fill: col.fill }, g);
        if (r.value.kernel) el('rect', { ...attrs, fill: `url(#tl-hatch${uid})` }, g);
        const tag = taskTag(view, r.value.pid);
        // A system call's kernel ticks carry its name after a trap arrow
        // (↓getpid: user -> kernel; the run after it, solid again, is the
        // return); a vDSO call's user tick carries its name with no arrow.
        const call = r.value.sys ? `↓${r.value.sys}` : r.value.vdso ? `${r.value.vdso}` : '';
        if (call) {
          // The call's name takes the place of the task's tag (the colour
          // and the tooltip still say whose it is), cut to the run's width.
          g.setAttribute('data-trap', r.value.sys || '');
          if (r.value.vdso) g.setAttribute('data-vdso', r.value.vdso);
          const fit = Math.max(2, Math.floor((r.len * cellW - 4) / 6.8)); // 10px bold: about 6.8px a character
          const lbl = el('text', { x: x(r.from) + 3, y: y0 + CPU_H / 2 + 4, class: 'trap-label' + (r.value.vdso ? ' vdso' : '') }, g);
          lbl.textContent = call.length > fit ? call.slice(0, fit - 1) + '…' : call;
        } else if (r.len * cellW >= (tag.length > 4 ? 40 : 30)) {
          const tx = el('text', { x: x(r.from) + (r.len * cellW) / 2, y: y0 + CPU_H / 2 + 6, 'text-anchor': 'middle', fill: col.ink, class: 'run-label' + (r.value.kernel ? ' k' : '') }, g);
          tx.textContent = tag;
        }
        el('title', {}, g).textContent = `${t('tl.cpu', { n: c })}: ${tag} ${name(r.value.pid)} (${r.value.kernel ? t('tl.kernel') : t('tl.user')})` +
          (r.value.sys ? ` — ${r.value.sys}()` : r.value.vdso ? ` — ${r.value.vdso}() (vDSO)` : '');
      }
    }
    // Task lanes.
    const yT = AXIS_H + ncpu * CPU_H + SEP;
    el('line', { x1: 0, x2: width, y1: yT - SEP / 2, y2: yT - SEP / 2, class: 'sep' }, svg);
    pids.forEach((pid, row) => {
      const y0 = yT + row * TASK_H;
      const cells = cols.map(col => col.task[pid] || null);
      for (const r of runs(cells, (a, b) => a.s === b.s && a.k === b.k && a.w === b.w && a.spin === b.spin && !a.sw === !b.sw)) {
        const s = r.value.s;
        if (r.value.sw) {
          // On a CPU that is still switching to it: not running its own code yet.
          const h = (TASK_H - 6) * (STATE_HEIGHT[s] ?? 0.5);
          const attrs = { x: x(r.from) + 0.5, y: y0 + TASK_H - 3 - h, width: r.len * cellW - 1, height: h };
          const g = el('g', { class: 'tl-state tl-switch', 'data-task': pid, 'data-lane-state': 'switching', 'data-switch': '1' }, svg);
          el('rect', { ...attrs, fill: '#bdbdbd', stroke: '#777' }, g);
          el('rect', { ...attrs, fill: `url(#tl-hatch${uid})` }, g);
          el('title', {}, g).textContent = t('tl.switching', { p: `P${pid}` });
          continue;
        }
        const wobj = r.value.w ? Number(r.value.w.split(':')[1]) : -1;
        const sobj = r.value.spin ? Number(r.value.spin.split(':')[1]) : -1;
        const h = (TASK_H - 6) * (wobj >= 0 ? 0.7 : (STATE_HEIGHT[s] ?? 0.5));
        const attrs = { x: x(r.from) + 0.5, y: y0 + TASK_H - 3 - h, width: r.len * cellW - 1, height: h };
        const g = el('g', { class: `tl-state st-${s}` + (wobj >= 0 ? ' lockwait' : '') + (sobj >= 0 ? ' spin' : ''), 'data-task': pid, 'data-lane-state': s }, svg);
        if (wobj >= 0) g.setAttribute('data-wait', r.value.w);
        if (sobj >= 0) g.setAttribute('data-spin', r.value.spin);
        const fill = wobj >= 0 ? `url(#st-lock-${LOCK_STYLES.indexOf(lockStyle(wobj))}${uid})` : sobj >= 0 ? `url(#st-spin${uid})` : `url(#st-${s}${uid})`;
        const stroke = wobj >= 0 ? lockStyle(wobj).c : STATE_COLOR[s] || '#999';
        el('rect', { ...attrs, fill, stroke, 'stroke-width': wobj >= 0 ? 2 : 1 }, g);
        if (r.value.k) el('rect', { ...attrs, fill: `url(#tl-hatch${uid})` }, g);
        if (wobj >= 0 && r.len * cellW >= 22) {
          const lbl = `S ${objName(wobj)}`;
          el('text', { x: x(r.from) + 4, y: y0 + TASK_H - 7, class: 'st-letter lock-label' }, g).textContent = r.len * cellW >= 14 + 8 * lbl.length ? lbl : 'S';
        } else if (sobj >= 0 && r.len * cellW >= 18) {
          el('text', { x: x(r.from) + (r.len * cellW) / 2, y: y0 + TASK_H - 8, 'text-anchor': 'middle', class: 'spin-label' }, g).textContent = '↻';
        } else if (r.len * cellW >= 22 && s !== 'running') {
          el('text', { x: x(r.from) + 5, y: y0 + TASK_H - 8, class: 'st-letter' }, g).textContent = STATE_LETTER[s] || '';
        }
        el('title', {}, g).textContent = wobj >= 0 ? `P${pid}: ${t('tl.lockwait', { obj: objName(wobj) })}`
          : sobj >= 0 ? t('tl.spin.on', { pid, obj: objName(sobj) }) : `P${pid}: ${t('state.' + s)}`;
      }
    });
    // Cursor at the end of the current step.
    if (cols.length) {
      const cx = cols.length * cellW;
      const g = el('g', { class: 'tl-cursor' }, svg);
      el('line', { x1: cx, x2: cx, y1: 2, y2: height }, g);
      el('path', { d: `M${cx - 7},2 L${cx + 7},2 L${cx},11 z` }, g);
    }
    scroller.replaceChildren(svg);
    if (!cols.length) { empty.textContent = t(opts.empty || 'tl.empty'); scroller.append(empty); }
    scroller.scrollLeft = scroller.scrollWidth;
    return { first, cellW };
  }
  return { render };
}
