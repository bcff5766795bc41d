// sched-gantt.js: the scheduling view's charts, drawn in SVG. A chart is a
// time axis over one or more blocks (one per policy); a block has one lane
// per CPU (which job ran, switch cost hatched) and, optionally, one lane per
// job (its state each tick: running, ready, I/O, switching, not arrived,
// ended), told apart by bar height and pattern as well as colour. The pure
// layout helpers at the top are unit-tested.
import { t } from './i18n.js';
import { jobColor, STATE_COLOR } from './colors.js';
import { levelRuns } from './sched-model.js';
import { textWidth } from './textwidth.js';

const SVG = 'http://www.w3.org/2000/svg';
export const AXIS_H = 30, CPU_H = 44, JOB_H = 32, SEP = 10, GAP = 18, PAD_R = 18, TAG_H = 26;
// LVL_H is the height of the MLFQ level strip under each job's lane.
export const LVL_H = 18;

// scaleFor is the width of one tick in pixels when `end` ticks fill
// `width` pixels (never below 1 tick of room).
export function scaleFor(end, width) {
  return Math.max(0.5, width) / Math.max(1, end);
}

// axisStep picks the spacing of the axis labels: labels at least 34 px apart.
export function axisStep(pxPerTick) {
  for (const k of [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000]) if (k * pxPerTick >= 34) return k;
  return 5000;
}

// axisTicks lists the labelled times from 0 to end (end always included,
// unless it would crowd the last regular label).
export function axisTicks(end, pxPerTick) {
  const k = axisStep(pxPerTick);
  const out = [];
  for (let x = 0; x <= end; x += k) out.push(x);
  const last = out[out.length - 1];
  if (last !== end) {
    if ((end - last) * pxPerTick < 24) out.pop();
    out.push(end);
  }
  return out;
}

// stateRuns splits a state string ("--rrRR  ") into runs of one character:
// [{ch, start, end}] with times as tick boundaries.
export function stateRuns(s) {
  const out = [];
  for (let i = 0; i < (s || '').length; i++) {
    const last = out[out.length - 1];
    if (last && last.ch === s[i]) last.end = i + 1;
    else out.push({ ch: s[i], start: i, end: i + 1 });
  }
  return out;
}

// STATE_STYLE is how a job lane draws each state character: the bar's
// height (a fraction of the lane) and the pattern; '-' is a dashed line and
// ' ' (ended) is empty, after a check mark.
export const STATE_STYLE = {
  R: { key: 'running', h: 1 },
  c: { key: 'switching', h: 1 },
  r: { key: 'ready', h: 0.56 },
  S: { key: 'io', h: 0.34 },
  D: { key: 'io', h: 0.34 },
  '-': { key: 'absent', h: 0 },
  ' ': { key: 'ended', h: 0 },
};

// chartHeight is the SVG height for blocks [{cpus, jobs, levels}] (jobs:
// the number of job lanes, 0 for none; levels: each lane has an MLFQ level
// strip under it).
export function chartHeight(blocks, tag = true) {
  let h = AXIS_H + 6;
  blocks.forEach((b, i) => {
    h += b.cpus * CPU_H;
    if (b.jobs) h += SEP + b.jobs * (JOB_H + (b.levels ? LVL_H : 0));
    if (i < blocks.length - 1) h += GAP;
  });
  return h + 8 + (tag ? TAG_H : 0);
}

// ---- drawing ---------------------------------------------------------------

let uid = 0;

function el(name, attrs = {}, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (parent) parent.append(e);
  return e;
}

function defs(svg, id) {
  const d = el('defs', {}, svg);
  const hatch = el('pattern', { id: `${id}-sw`, width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, d);
  el('rect', { width: 8, height: 8, fill: '#E4E7EB' }, hatch);
  el('rect', { width: 3, height: 8, fill: '#5A6472' }, hatch);
  const ready = el('pattern', { id: `${id}-ready`, width: 8, height: 8, patternUnits: 'userSpaceOnUse' }, d);
  el('rect', { width: 8, height: 8, fill: '#F7E3A6' }, ready);
  el('path', { d: 'M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6', stroke: STATE_COLOR.runnable, 'stroke-width': 1.6 }, ready);
  const io = el('pattern', { id: `${id}-io`, width: 8, height: 8, patternUnits: 'userSpaceOnUse' }, d);
  el('rect', { width: 8, height: 8, fill: '#D5E7F7' }, io);
  el('circle', { cx: 4, cy: 4, r: 1.8, fill: STATE_COLOR.sleeping }, io);
}

// legendHTML is the key of the job lanes (and of the hatched switch).
export function legendHTML() {
  const sw = (inner) => `<svg viewBox="0 0 22 16" aria-hidden="true">${inner}</svg>`;
  const items = [
    [sw('<rect x="1" y="1" width="20" height="14" rx="2" fill="#0072B2" stroke="#17202b"/>'), t('sg.running')],
    [sw('<rect x="1" y="7" width="20" height="8" fill="url(#sg-lg-ready)" stroke="#C98A00"/>'), t('sg.ready')],
    [sw('<rect x="1" y="10" width="20" height="5" fill="url(#sg-lg-io)" stroke="#3C8DD0"/>'), t('sg.io')],
    [sw('<rect x="1" y="1" width="20" height="14" fill="url(#sg-lg-sw)" stroke="#5A6472"/>'), t('sg.switch')],
    [sw('<line x1="1" y1="12" x2="21" y2="12" stroke="#8A94A0" stroke-width="2" stroke-dasharray="3 3"/>'), t('sg.absent')],
    [`<b class="lg-check" aria-hidden="true">✓</b>`, t('sg.ended')],
  ];
  const d = `<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>
<pattern id="sg-lg-sw" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#E4E7EB"/><rect width="2.4" height="6" fill="#5A6472"/></pattern>
<pattern id="sg-lg-ready" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#F7E3A6"/><path d="M0,6 L6,0" stroke="#C98A00" stroke-width="1.4"/></pattern>
<pattern id="sg-lg-io" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#D5E7F7"/><circle cx="3" cy="3" r="1.4" fill="#3C8DD0"/></pattern></defs></svg>`;
  return d + items.map(([icon, label]) => `<span class="lg">${icon}${label}</span>`).join('');
}

// drawChart draws into container. spec: {blocks:[{label?, result, cpus,
// jobs:[names] (job lanes; [] for none), policy?}], names:[every job name,
// in workload order, for colours], end, time (a tick to mark, or null),
// cursor (false: no time mark at all),
// onTime(t) (clicks on the chart pick a time), labelW, aria}. It returns
// {svg, setTime(t)}: setTime moves the mark without drawing again.
export function drawChart(container, spec) {
  const id = `sg${++uid}`;
  const labelW = spec.labelW ?? 120;
  const width = Math.max(420, Math.floor(container.clientWidth || 900));
  const end = Math.max(1, spec.end);
  const px = scaleFor(end, width - labelW - PAD_R);
  const x = tm => labelW + tm * px;
  const withTag = spec.cursor !== false;
  const tagH = withTag ? TAG_H : 0;
  const hasLevels = b => !!(b.jobs.length && b.result && b.result.levels);
  const height = chartHeight(spec.blocks.map(b => ({ cpus: b.cpus, jobs: b.jobs.length, levels: hasLevels(b) })), withTag);
  const colorOf = name => jobColor(Math.max(0, spec.names.indexOf(name)));

  const svg = el('svg', { width, height, class: 'sg-svg', role: 'img', 'aria-label': spec.aria || t('sg.gantt') });
  defs(svg, id);

  // Axis and grid.
  const ticks = axisTicks(end, px);
  const gAxis = el('g', { class: 'sg-axis' }, svg);
  for (const tm of ticks) {
    el('line', { x1: x(tm), x2: x(tm), y1: AXIS_H - 6, y2: height - tagH - 4, class: 'grid' }, gAxis);
    el('text', { x: x(tm), y: AXIS_H - 11, 'text-anchor': 'middle' }, gAxis).textContent = String(tm);
  }
  el('text', { x: 8, y: AXIS_H - 11, class: 'axis-name' }, gAxis).textContent = t('sg.time');

  let y = AXIS_H + 6;
  spec.blocks.forEach((b, bi) => {
    const g = el('g', { class: 'sg-block', 'data-policy': b.policy || '' }, svg);
    const laneH = JOB_H + (hasLevels(b) ? LVL_H : 0);
    const blockH = b.cpus * CPU_H + (b.jobs.length ? SEP + b.jobs.length * laneH : 0);
    if (b.label) {
      el('rect', { x: 0, y: y - 3, width: labelW - 10, height: b.cpus * CPU_H + 6, rx: 8, class: 'block-tag' }, g);
      const mid = y + (b.cpus * CPU_H) / 2 + 6;
      const tx = el('text', { x: 12, y: mid, class: 'block-label' }, g);
      tx.textContent = b.label;
      // A name wider than its tag takes two lines, broken at the space
      // nearest its middle ("Priority (preemptive)" was cut at "preemptiv").
      // The chart is not in the page yet: its width is estimated (17px bold).
      const len = textWidth(b.label, 17);
      const spaces = [...b.label.matchAll(/ /g)].map(m => m.index);
      if (len > labelW - 24 && spaces.length) {
        const at = spaces.reduce((best, i) => (Math.abs(i - b.label.length / 2) < Math.abs(best - b.label.length / 2) ? i : best));
        tx.textContent = '';
        el('tspan', { x: 12, y: mid - 10 }, tx).textContent = b.label.slice(0, at);
        el('tspan', { x: 12, y: mid + 10 }, tx).textContent = b.label.slice(at + 1);
      }
    }
    for (let c = 0; c < b.cpus; c++) {
      const y0 = y + c * CPU_H;
      el('rect', { x: labelW, y: y0 + 3, width: end * px, height: CPU_H - 6, rx: 4, class: 'lane-bg' }, g);
      if (!b.label || b.cpus > 1) {
        el('text', { x: b.label ? labelW - 18 : 8, y: y0 + CPU_H / 2 + 6, class: b.label ? 'cpu-num' : 'lane-label cpu', 'text-anchor': b.label ? 'end' : 'start' }, g)
          .textContent = b.label ? String(c) : t('sg.cpu', { n: c });
      }
    }
    for (const s of (b.result && b.result.gantt) || []) {
      if (s.cpu >= b.cpus) continue;
      const y0 = y + s.cpu * CPU_H;
      const w = (s.end - s.start) * px;
      const gs = el('g', { class: `slice ${s.kind}`, 'data-job': s.job, 'data-cpu': s.cpu, 'data-start': s.start, 'data-end': s.end }, g);
      const attrs = { x: x(s.start) + 0.5, y: y0 + 5, width: Math.max(1, w - 1), height: CPU_H - 10, rx: 3 };
      if (s.kind === 'switch') {
        el('rect', { ...attrs, fill: `url(#${id}-sw)`, stroke: '#5A6472', 'stroke-width': 1 }, gs);
      } else {
        const col = colorOf(s.job);
        el('rect', { ...attrs, fill: col.fill, stroke: '#17202b', 'stroke-width': 1.5 }, gs);
        if (w >= s.job.length * 10.5 + 10) {
          el('text', { x: x(s.start) + w / 2, y: y0 + CPU_H / 2 + 6, 'text-anchor': 'middle', fill: col.ink, class: 'slice-label' }, gs).textContent = s.job;
        }
      }
      el('title', {}, gs).textContent = s.kind === 'switch'
        ? t('sg.title.switch', { cpu: s.cpu, job: s.job, a: s.start, b: s.end })
        : t('sg.title.run', { cpu: s.cpu, job: s.job, a: s.start, b: s.end });
    }
    let yj = y + b.cpus * CPU_H;
    if (b.jobs.length) {
      el('line', { x1: 0, x2: width, y1: yj + SEP / 2, y2: yj + SEP / 2, class: 'sep' }, g);
      yj += SEP;
      b.jobs.forEach(name => {
        const col = colorOf(name);
        const gl = el('g', { class: 'job-lane', 'data-job': name }, g);
        el('circle', { cx: 16, cy: yj + JOB_H / 2, r: 7, fill: col.fill, stroke: '#17202b', 'stroke-width': 1.5 }, gl);
        el('text', { x: 30, y: yj + JOB_H / 2 + 6, class: 'lane-label' }, gl).textContent = name;
        const str = (b.result && b.result.states && b.result.states[name]) || '';
        // The job that ends last has no tick after its end to carry the
        // check mark: in a complete schedule it ended at the chart's end,
        // and its mark goes in the chart's right margin (PAD_R).
        if (b.result && b.result.complete && str.length && str[str.length - 1] !== ' ') {
          el('text', { x: x(str.length) + 3, y: yj + JOB_H - 7, class: 'check', 'data-state': 'ended' }, gl).textContent = '✓';
        }
        for (const r of stateRuns(str)) {
          const st = STATE_STYLE[r.ch] || STATE_STYLE.r;
          const x0 = x(r.start), w = (r.end - r.start) * px;
          const gs = el('g', { class: `st st-${st.key}`, 'data-state': st.key, 'data-start': r.start, 'data-end': r.end }, gl);
          const bottom = yj + JOB_H - 4;
          const full = JOB_H - 8;
          if (r.ch === '-') {
            el('line', { x1: x0 + 1, x2: x0 + w - 1, y1: bottom - 3, y2: bottom - 3, stroke: '#8A94A0', 'stroke-width': 2, 'stroke-dasharray': '3 4' }, gs);
          } else if (r.ch === ' ') {
            el('text', { x: x0 + 4, y: bottom - 3, class: 'check' }, gs).textContent = '✓';
          } else {
            const h = full * st.h;
            const a = { x: x0 + 0.5, y: bottom - h, width: Math.max(1, w - 1), height: h };
            if (r.ch === 'R') el('rect', { ...a, fill: col.fill, stroke: '#17202b', 'stroke-width': 1 }, gs);
            else if (r.ch === 'c') el('rect', { ...a, fill: `url(#${id}-sw)`, stroke: '#5A6472', 'stroke-width': 1 }, gs);
            else if (r.ch === 'r') el('rect', { ...a, fill: `url(#${id}-ready)`, stroke: STATE_COLOR.runnable, 'stroke-width': 1 }, gs);
            else el('rect', { ...a, fill: `url(#${id}-io)`, stroke: STATE_COLOR.sleeping, 'stroke-width': 1 }, gs);
          }
          el('title', {}, gs).textContent = `${name}: ${t('sg.' + st.key)} (${r.start}–${r.end})`;
        }
        if (hasLevels(b)) {
          // The job's MLFQ level over time: one cell per run of one level,
          // darker for a higher priority (level 0 on top), labelled L0, L1…
          const y0 = yj + JOB_H;
          for (const lr of levelRuns(b.result.levels[name], str)) {
            const x0 = x(lr.start), w = (lr.end - lr.start) * px;
            const gl2 = el('g', { class: `lvl lvl-${Math.min(lr.level, 4)}`, 'data-level': lr.level, 'data-start': lr.start, 'data-end': lr.end }, gl);
            el('rect', { x: x0 + 0.5, y: y0, width: Math.max(1, w - 1), height: LVL_H - 3, rx: 3 }, gl2);
            const label = t('sg.level.short', { n: lr.level });
            if (w >= label.length * 7.5 + 4) el('text', { x: x0 + w / 2, y: y0 + LVL_H - 7, 'text-anchor': 'middle' }, gl2).textContent = label;
            el('title', {}, gl2).textContent = t('sg.level.title', { name, n: lr.level, a: lr.start, b: lr.end });
          }
        }
        yj += laneH;
      });
    }
    y += blockH + (bi < spec.blocks.length - 1 ? GAP : 0);
  });

  // The chosen time: a band over its tick and a tag under the chart.
  const gc = el('g', { class: 'sg-cursor' }, svg);
  const band = el('rect', { y: AXIS_H - 2, width: Math.max(3, px), height: height - AXIS_H - TAG_H + 2, class: 'band' }, gc);
  const tag = el('rect', { y: height - TAG_H + 1, height: 22, rx: 11, class: 'tag' }, gc);
  const tagText = el('text', { y: height - TAG_H + 17, 'text-anchor': 'middle', class: 'tag-text' }, gc);
  const setTime = tm => {
    if (tm === null || tm === undefined || tm < 0 || tm >= end) { gc.setAttribute('display', 'none'); gc.removeAttribute('data-time'); return; }
    gc.removeAttribute('display');
    gc.dataset.time = String(tm);
    const w = Math.max(3, px);
    band.setAttribute('x', x(tm));
    const label = `t=${tm}`;
    const lw = label.length * 9 + 14;
    const cx = Math.min(Math.max(x(tm) + w / 2, labelW + lw / 2), width - lw / 2 - 2);
    tag.setAttribute('x', cx - lw / 2);
    tag.setAttribute('width', lw);
    tagText.setAttribute('x', cx);
    tagText.textContent = label;
  };
  setTime(spec.time);

  if (spec.onTime) {
    svg.classList.add('pickable');
    const pick = ev => {
      const r = svg.getBoundingClientRect();
      const tm = Math.floor((ev.clientX - r.left - labelW) / px);
      if (tm >= 0 && tm < end) spec.onTime(tm);
    };
    svg.addEventListener('pointerdown', ev => { pick(ev); svg.setPointerCapture?.(ev.pointerId); });
    svg.addEventListener('pointermove', ev => { if (ev.buttons & 1) pick(ev); });
  }
  container.replaceChildren(svg);
  return { svg, setTime };
}
