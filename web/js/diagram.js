// diagram.js: the state diagram. One node per state (the Linux letters),
// one arrow per transition with its cause, one token per task. When a step
// changes a task's state, its token glides along the arrow(s) it took and
// the arrow lights up with the cause. Tokens carry data-pid and data-state;
// nodes carry data-node (runnable, running, sleeping, disk, stopped, traced,
// zombie, dead, origin).
//
// What the shown step did stays marked until the next render (dopts.keep,
// the process view): each arrow a task took is drawn thick with a bubble
// naming the cause (class "hot taken"; data-cause lists the causes, space-
// separated, when several tasks took it), and each token that moved carries
// a dashed halo (class "moved", data-moved="1"). Without keep (the live lab,
// which has no steps) an arrow lights up for a moment as a token passes.
//
// The live lab draws real processes on a second diagram: createDiagram's
// options relabel a few nodes (/proc shows R for running and ready alike),
// name the running node's slots, label the tokens, and mark the tokens whose
// state was drawn rather than sampled (task.drawn: X, from the reap) with
// the class "drawn" and data-drawn="1".
import { t, NAMES_AT_MOST, namesAtMost } from './i18n.js';
import { tokensByNode } from './fold.js';
import { taskColor, STATE_LETTER, STATE_COLOR } from './colors.js';
import { textWidth } from './textwidth.js';

const SVG = 'http://www.w3.org/2000/svg';
// The drawing's size in its own units. Every text of it is at least 21
// units tall (app.css), so that at the scale the page gives the diagram on
// a 1280x720 screen (about 0.7) no text is smaller than 14 CSS px.
const W = 1200, H = 732;
// The top strip of the drawing (above the Traced node) is empty: the view box
// starts below it so that the diagram needs less height at the same scale.
const TOP = 8;
// A chip (a task's token): its height and the gaps between chips, in
// drawing units; its width follows its text, "PID name" whole up to
// CHIP_MAX, a longer name abbreviated (the title and the process table say
// it whole).
const CHIP_H = 36, GAP = 8, CHIP_MIN = 58, CHIP_MAX = 270, CHIP_PAD = 24;
const LINE = 24; // the line height of a wrapped subtitle or label
// HALO: how far a moved chip's dashed halo stands off the chip, in drawing
// units; with half its stroke (app.css, 4) it stays within the 8-10 units
// between a box's chips and its border.
const HALO = 6;

const NODES = {
  traced: { x: 12, y: 22, w: 186, h: 122 },
  runnable: { x: 262, y: 142, w: 300, h: 242 },
  running: { x: 712, y: 118, w: 244, h: 292 },
  zombie: { x: 1010, y: 142, w: 182, h: 200 },
  disk: { x: 582, y: 484, w: 276, h: 140 },
  stopped: { x: 12, y: 470, w: 168, h: 212 },
  sleeping: { x: 282, y: 470, w: 240, h: 212 },
  dead: { x: 1010, y: 490, w: 182, h: 192 },
};
const ORIGIN = { cx: 500, cy: 50, r: 20 };

// Each arrow: the transition it draws, its path, where its label goes (lx,
// ly: the first line's baseline; anchor), and the catalog key of its label.
// maxw (drawing units): a label wider than this breaks at its spaces into
// lines that go down from ly. Each label sits beside its own arrow, nearer
// it than any other (TestBrowserLayout measures it).
const ARROWS = [
  { from: 'none', to: 'runnable', d: 'M500,72 L500,138', lx: 514, ly: 114, anchor: 'start', key: 'arrow.fork' },
  { from: 'runnable', to: 'running', d: 'M564,196 L708,196', lx: 636, ly: 182, key: 'arrow.dispatch' },
  { from: 'running', to: 'runnable', d: 'M710,330 L566,330', lx: 638, ly: 358, key: 'arrow.preempt', maxw: 140 },
  { from: 'running', to: 'sleeping', d: 'M890,412 L890,634 Q890,664 860,664 L526,664', lx: 720, ly: 652, key: 'arrow.block' },
  { from: 'sleeping', to: 'runnable', d: 'M312,466 L312,388', lx: 324, ly: 428, anchor: 'start', key: 'arrow.wake', maxw: 100 },
  { from: 'running', to: 'disk', d: 'M776,412 L776,480', lx: 764, ly: 436, anchor: 'end', key: 'arrow.disk', maxw: 170 },
  { from: 'disk', to: 'runnable', d: 'M588,520 C548,520 536,460 536,388', lx: 524, ly: 446, anchor: 'end', key: 'arrow.diskdone' },
  { from: 'runnable', to: 'stopped', d: 'M270,386 L170,466', lx: 226, ly: 420, anchor: 'end', key: 'arrow.stop' },
  { from: 'stopped', to: 'runnable', d: 'M52,466 C52,380 150,270 258,270', lx: 96, ly: 346, anchor: 'start', key: 'arrow.cont' },
  { from: 'sleeping', to: 'stopped', d: 'M280,584 L184,584', lx: 231, ly: 572, key: 'arrow.stop', minor: true },
  { from: 'running', to: 'stopped', d: 'M916,412 L916,700 Q916,716 900,716 L112,716 Q96,716 96,700 L96,688', lx: 402, ly: 707, key: 'arrow.stop' },
  { from: 'runnable', to: 'traced', d: 'M270,176 C236,176 210,170 196,148', lx: 250, ly: 214, anchor: 'end', key: 'arrow.trace', minor: true, maxw: 200 },
  { from: 'running', to: 'traced', d: 'M820,116 C820,44 790,20 740,20 L228,20 C214,20 206,24 200,32', lx: 660, ly: 43, key: 'arrow.trace', minor: true },
  { from: 'traced', to: 'runnable', d: 'M202,66 C250,66 292,90 306,138', lx: 322, ly: 100, anchor: 'start', key: 'arrow.untrace', minor: true, maxw: 150 },
  { from: 'running', to: 'zombie', d: 'M958,152 L1006,152', lx: 982, ly: 138, key: 'arrow.exit' },
  { from: 'zombie', to: 'dead', d: 'M1160,344 L1160,486', lx: 1148, ly: 430, anchor: 'end', key: 'arrow.reap' },
  { from: 'running', to: 'dead', d: 'M958,400 L1006,544', lx: 990, ly: 474, anchor: 'start', key: 'arrow.autoreap', minor: true },
];

function el(name, attrs = {}, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (parent) parent.append(e);
  return e;
}

// textWidth (textwidth.js) estimates a text's width when it cannot be measured.
export { textWidth };

// measure gives the drawn width of a text element, or the estimate when
// the drawing is not laid out.
function measure(textEl, s, px) {
  const w = textEl.getComputedTextLength ? textEl.getComputedTextLength() : 0;
  return w > 0 ? w : textWidth(s, px);
}

// breakLines splits s into lines no wider than maxw by the measure fits
// (a function of a string giving its width): at spaces, or between any two
// wide (CJK) characters.
export function breakLines(s, maxw, fits) {
  if (fits(s) <= maxw) return [s];
  // A "·" stays with the word before it; a Latin word never breaks.
  const words = /\s/.test(s) ? s.split(/(?<=\s)(?!·)/) : /[\u2e80-\uffff]/.test(s) ? [...s] : [s];
  const lines = [];
  let cur = '';
  for (const w of words) {
    if (cur && fits((cur + w).trimEnd()) > maxw) { lines.push(cur.trimEnd()); cur = w.trimStart(); } else cur += w;
  }
  if (cur.trim()) lines.push(cur.trimEnd());
  return lines;
}

// setLines writes lines into a text element as tspans, the first at the
// element's own baseline and each next one LINE below it. Lines broken at
// spaces keep one at their end, so that the element's text reads whole.
function setLines(textEl, lines) {
  textEl.replaceChildren();
  const x = textEl.getAttribute('x');
  const spaced = lines.some(l => /\s/.test(l)) || lines.every(l => !/[\u2e80-\uffff]/.test(l));
  lines.forEach((l, i) => {
    const ts = el('tspan', { x, dy: i ? LINE : 0 }, textEl);
    ts.textContent = spaced && i < lines.length - 1 ? l + ' ' : l;
  });
}

// layoutFlow places chips of the given widths in rows inside box (left to
// right, each row centred), CHIP_H tall with GAP between them. It returns
// each chip's centre and row, and how many rows fit in the box's height.
export function layoutFlow(box, widths) {
  const rows = [];
  let row = [], used = 0;
  for (let i = 0; i < widths.length; i++) {
    const w = Math.min(widths[i], box.w);
    if (row.length && used + GAP + w > box.w) { rows.push({ items: row, used }); row = []; used = 0; }
    used += (row.length ? GAP : 0) + w;
    row.push(i);
  }
  if (row.length) rows.push({ items: row, used });
  const points = new Array(widths.length);
  const rowOf = new Array(widths.length);
  rows.forEach((r, ri) => {
    let x = box.x + (box.w - r.used) / 2;
    for (const i of r.items) {
      const w = Math.min(widths[i], box.w);
      points[i] = [x + w / 2, box.y + CHIP_H / 2 + ri * (CHIP_H + GAP)];
      rowOf[i] = ri;
      x += w + GAP;
    }
  });
  const fit = Math.max(1, Math.floor((box.h + GAP) / (CHIP_H + GAP)));
  return { points, rowOf, rows: rows.length, fit };
}

// contentBox is the part of node n below its title and subtitle (of subLines
// lines) where its chips go.
function contentBox(n, subLines = 1) {
  const top = n.y + 66 + (subLines - 1) * LINE + 14;
  return { x: n.x + 10, y: top, w: n.w - 20, h: n.y + n.h - 8 - top };
}

function cpuSlots(ncpu, subLines = 1) {
  const n = NODES.running;
  const top = n.y + 82 + (subLines - 1) * LINE;
  const box = { x: n.x + 10, y: top, w: n.w - 20, h: n.y + n.h - 8 - top };
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

// MIN_ANIM_MS: a step given less time than this (ms) is drawn without
// motion: no token glides along an arrow or inside its box. GLIDE_MS: the
// longest glide inside a box (ms), app.css's .token.glide.
const MIN_ANIM_MS = 60, GLIDE_MS = 320;

// boxRows says which rows a box shows of its chips as layoutFlow laid
// them out (rowOf, rows, fit): shown rows from scroll, at most maxScroll.
// Rows that do not fit scroll, and the box's last row holds the mark of
// the others. scroll is the box's own (ne.scroll), kept unless a chip
// came into the box in this step (came, its index, or -1) out of sight:
// then the box scrolls to it. more: the chips were cut (topWidths), so
// there is a chip on the row after those laid out, or further: maxScroll
// is then as low as it can be until the whole render counts them.
export function boxRows({ rowOf, rows: laid, fit }, more, came, scroll) {
  const rows = more ? laid + 1 : laid;
  const shown = rows > fit ? Math.max(1, fit - 1) : rows;
  const maxScroll = Math.max(0, rows - shown);
  scroll = Math.min(scroll, maxScroll);
  if (came >= 0 && (rowOf[came] < scroll || rowOf[came] >= scroll + shown)) scroll = Math.min(maxScroll, rowOf[came]);
  return { shown, maxScroll, scroll };
}

// FIRST_AT_MOST: a box with more chips than this lays out only those at
// its top on a run's first render (render, opts.first).
const FIRST_AT_MOST = 200;

// topWidths gives the widths (widthOf) of list's chips in a box, in
// order, up to the first chip on row fit + r, and cut, that chip's index
// (list.length when there is none). r is the row of chip came (0 when
// came is -1): the box shows its rows from r at most (render scrolls it
// to a chip that came into it), fewer than fit of them when it has more
// than fit, so the chips from the cut on are out of sight. Rows are
// counted as layoutFlow counts them.
export function topWidths(box, list, widthOf, came = -1) {
  const fit = Math.max(1, Math.floor((box.h + GAP) / (CHIP_H + GAP)));
  const widths = [];
  let row = 0, used = 0, inRow = 0, stop = came < 0 ? fit : Infinity;
  for (let i = 0; i < list.length; i++) {
    const full = widthOf(list[i]);
    const w = Math.min(full, box.w);
    if (inRow && used + GAP + w > box.w) { row++; used = 0; inRow = 0; }
    if (i === came) stop = row + fit;
    if (row >= stop) return { widths, cut: i };
    used += (inRow ? GAP : 0) + w;
    inRow++;
    widths.push(full);
  }
  return { widths, cut: list.length };
}

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
    const label = el('text', { x: a.lx, y: a.ly, class: 'arrow-label' + (a.minor ? ' minor' : ''), 'text-anchor': a.anchor || 'middle', 'data-arrow': `${a.from}-${a.to}` }, gLabels);
    arrows.set(`${a.from}>${a.to}`, { ...a, g, path, label });
  }

  // Nodes.
  const nodeEls = {};
  const origin = el('g', { class: 'node origin', 'data-node': 'origin' }, gNodes);
  el('circle', { cx: ORIGIN.cx, cy: ORIGIN.cy, r: ORIGIN.r }, origin);
  el('path', { d: `M${ORIGIN.cx - 9},${ORIGIN.cy} h18 M${ORIGIN.cx},${ORIGIN.cy - 9} v18`, class: 'plus' }, origin);
  const originLabel = el('text', { x: ORIGIN.cx - 30, y: ORIGIN.cy + 7, 'text-anchor': 'end', class: 'node-sub' }, origin);
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
    // More chips than the box shows: the box scrolls by rows (the wheel over
    // it, or a click on this mark, which says how many are out of sight).
    // The mark starts at the box's left, in the row kept for it: at its
    // right the ready queue's mark ran under the bubble of the arrow
    // "quantum expired" (the bubbles are drawn over the nodes), which hid
    // the count's last digits.
    const more = el('text', { x: n.x + 14, y: n.y + n.h - 10, 'text-anchor': 'start', class: 'node-more', visibility: 'hidden' }, g);
    const moreTitle = el('title', {}, more);
    nodeEls[name] = { g, title, sub, slots, tokens: tokensG, more, moreTitle, subLines: 1, scroll: 0, maxScroll: 0 };
    g.addEventListener('wheel', e => {
      const ne = nodeEls[name];
      if (!ne.maxScroll) return;
      e.preventDefault();
      ne.scroll = Math.max(0, Math.min(ne.maxScroll, ne.scroll + Math.sign(e.deltaY)));
      if (lastRender) render(lastRender, { glide: false });
    }, { passive: false });
    more.addEventListener('click', () => {
      const ne = nodeEls[name];
      ne.scroll = ne.scroll >= ne.maxScroll ? 0 : ne.scroll + 1;
      if (lastRender) render(lastRender, { glide: false });
    });
  }
  // A text element, never shown, that measures strings in a given class.
  const ruler = el('text', { x: 0, y: -100, visibility: 'hidden', 'aria-hidden': 'true' }, svg);
  const widthOf = (cls, px = 21) => str => { ruler.setAttribute('class', cls); ruler.textContent = str; return measure(ruler, str, px); };
  // widthsOf measures several strings in class cls at once: a ruler each,
  // so that the page is laid out once for all (widthOf, one string after
  // another, lays it out again for each).
  const widthsOf = (cls, strs, px = 21) => {
    const rulers = strs.map(str => { const r = el('text', { x: 0, y: -100, visibility: 'hidden', 'aria-hidden': 'true', class: cls }, svg); r.textContent = str; return r; });
    const out = rulers.map((r, i) => measure(r, strs[i], px));
    for (const r of rulers) r.remove();
    return out;
  };
  // A diagram drawn while hidden (another tab) measured its texts by
  // estimate: it measures them again when it first shows.
  let laidOut = false;
  new ResizeObserver(() => {
    const shown = svg.getBoundingClientRect().width > 0;
    if (shown && !laidOut) { laidOut = true; relabel(); }
    if (!shown) laidOut = false;
  }).observe(svg);

  const tokens = new Map(); // pid -> {g, rect, text, x, y, scale, anim}
  let shownGlideMs = GLIDE_MS; // the glide's length the drawing's --glide says (ms)
  let still = false; // the drawing has the class still: nothing moves (render)
  let ncpu = 0;
  let lastRender = null;

  function relabel() {
    textSize = sizeKey();
    chipW.clear();
    bubbleBox.clear();
    labelBox.clear();
    for (const tk of tokens.values()) { tk.labelKey = null; tk.labelWhole = null; tk.titleBase = null; }
    for (const a of arrows.values()) {
      const text = t(a.key);
      setLines(a.label, a.maxw ? breakLines(text, a.maxw, widthOf(a.label.getAttribute('class'))) : [text]);
    }
    originLabel.textContent = t('node.origin');
    for (const [name, n] of Object.entries(nodeEls)) {
      if (name === 'origin') continue;
      const geo = NODES[name];
      n.title.textContent = t(`node.${name}`);
      // A title wider than its box is pressed to fit (a little, at most).
      n.title.removeAttribute('textLength');
      const room = geo.w - 72;
      if (widthOf('node-title', 26)(n.title.textContent) > room) {
        n.title.setAttribute('textLength', String(room));
        n.title.setAttribute('lengthAdjust', 'spacingAndGlyphs');
      }
      const lines = breakLines(t((dopts.sub && dopts.sub[name]) || `node.${name}.sub`), geo.w - 28, widthOf('node-sub'));
      setLines(n.sub, lines);
      n.subLines = lines.length;
    }
    svg.setAttribute('aria-label', t(dopts.aria || 'panel.diagram'));
    drawSlots();
    if (lastRender) render(lastRender, { glide: false });
  }

  // The width of the label of a CPU slot ("CPU 0"), for the chip beside it.
  let slotLabelW = 70;
  function drawSlots() {
    const g = nodeEls.running.slots;
    g.replaceChildren();
    const slots = cpuSlots(ncpu, nodeEls.running.subLines);
    slotLabelW = 0;
    const beside = []; // the labels with the chip beside them, measured at once
    // Slots lower than their 21-unit text (11 CPUs and more: 16 make slots
    // 18 units high) write it smaller, and "idle" on the label's line, so
    // that no text runs out of its slot or over another.
    const px = slots.length ? Math.max(9, Math.min(21, Math.floor(slots[0].h - 8))) : 21;
    const size = px < 21 ? { style: `font-size:${px}px` } : {};
    slots.forEach((s, i) => {
      const sg = el('g', { class: 'cpu-slot', 'data-cpu': i }, g);
      el('rect', { x: s.x, y: s.y, width: s.w, height: s.h, rx: Math.min(10, s.h / 2) }, sg);
      const stacked = s.h >= CHIP_H + 40;
      const mid = s.y + s.h / 2 + px / 3;
      const lab = el('text', { x: s.x + 10, y: stacked ? s.y + 25 : mid, class: 'cpu-label', ...size }, sg);
      lab.textContent = t(dopts.slot || 'node.cpu', { n: i });
      if (!stacked) beside.push(lab.textContent);
      el('text', { x: s.x + s.w - 12, y: px < 21 ? mid : s.y + s.h - 10, 'text-anchor': 'end', class: 'cpu-idle', ...size }, sg).textContent = t('node.idle');
    });
    for (const w of widthsOf('cpu-label', beside)) slotLabelW = Math.max(slotLabelW, (w * px) / 21 + 16);
  }

  // A token is made in three stages. At first it is a record alone (g
  // null): a render that makes thousands (a large run's first) makes the
  // elements of those in sight only, and those of the others (scrolled
  // out of their box: class off-view, not displayed; 3,011 of 3,030 in
  // the largest run the limits allow) after the frame that shows it
  // (makeLater), or at the next render if that comes first. Then it is
  // its group alone, with data-pid and data-state. Its chip (the inner
  // group: halo, rect, text) and its tooltip are made by fill when it is
  // first in sight. Until then its record keeps what they would show:
  // label (the text), pressed (the width the text is pressed to, 0 if
  // none), w (the chip's width), the tooltip's parts (tTag, tName, tState,
  // tWchan and note: titleOf) and scale; fill writes them,
  // and once filled, setLabel, markStep and place write their changes
  // into the elements too. home is the node's group of tokens it is in
  // (or goes into once made). guess: setLabel could only estimate its
  // label's width (room: the width it had), which render measures once the
  // chip is in sight (settleGuesses).
  //
  // The record also keeps what the drawing last wrote on the group: state
  // (its data-state), cls (the classes diagram.js sets: faded, zombie,
  // drawn, off-view, moved, trap, each true or false) and unplaced (a
  // token scrolled out of its box is not moved: see render), so that a
  // render writes only what changed, and a token that stays out of sight
  // costs no write at all.
  function newToken(g, state = '', cls = {}) {
    return { g, home: null, rank: 0, inner: null, halo: null, rect: null, text: null, title: null, x: ORIGIN.cx, y: ORIGIN.cy, scale: 1, anim: 0, w: CHIP_MIN, label: '', pressed: 0,
      tTag: null, tName: '', tState: '', tWchan: '', titleBase: null, note: '', titleShown: null, state, cls, unplaced: false, guess: false, room: CHIP_MAX };
  }

  // flag sets class name of token tk's group on or off (and, for drawn
  // and moved, its data- attribute) when it differs from what it was (a
  // token not made yet keeps it in its record).
  function flag(tk, name, on) {
    if (!!tk.cls[name] === on) return;
    tk.cls[name] = on;
    if (!tk.g) return;
    tk.g.classList.toggle(name, on);
    if (name === 'drawn' || name === 'moved') { if (on) tk.g.dataset[name] = '1'; else delete tk.g.dataset[name]; }
  }

  // addTokens makes the records of the tasks in groups (tokensByNode) that
  // have none yet, without their elements (made by makeGroups). They carry
  // their state already (state, and the classes faded, zombie and drawn)
  // and the class off-view: most of a large run's new tokens are out of
  // sight, and render takes it off those in sight. They have no place (no
  // transform) until render places those in sight: a token just made does
  // not glide there (it had no style before), so none is written for it.
  // It returns how many it made.
  function addTokens(groups) {
    let made = 0;
    for (const list of Object.values(groups)) {
      for (const it of list) {
        if (tokens.has(it.pid)) continue;
        made++;
        tokens.set(it.pid, newToken(null, it.state, { faded: it.state === 'dead', zombie: it.state === 'zombie', drawn: !!(it.task && it.task.drawn), 'off-view': true }));
      }
    }
    return made;
  }

  // makeGroups makes the groups of the token records pts (pid, record;
  // none made yet) from one piece of markup, as their records say (data-
  // pid, data-state, the classes and data-drawn and data-moved): thousands
  // are parsed at once rather than made one call at a time. They are in no
  // node yet.
  function makeGroups(pts) {
    if (!pts.length) return;
    let html = '';
    for (const [pid, tk] of pts) {
      const on = Object.keys(tk.cls).filter(k => tk.cls[k]);
      html += `<g class="token${on.map(k => ' ' + k).join('')}" data-pid="${pid}" data-state="${tk.state}"${tk.cls.drawn ? ' data-drawn="1"' : ''}${tk.cls.moved ? ' data-moved="1"' : ''}></g>`;
    }
    const holder = el('g');
    holder.innerHTML = html;
    const gs = [...holder.children];
    holder.replaceChildren();
    gs.forEach((g, k) => { pts[k][1].g = g; });
  }

  // makeLater makes, after the frame that shows a render, the groups of
  // the tokens the render left without (those out of sight), and puts
  // them into their nodes in the render's order (the ready queue's, for
  // one): each before the next token of its node already there, which
  // stays where it is. A render that comes first makes them first
  // (makeLeft). After a first render that laid out only the chips at the
  // top of some boxes (restLeft: see render), the drawing is rendered
  // again whole instead, which makes them too.
  // (A page in a background tab gets no frames: a timer makes them then.)
  let laterFrame = 0, laterTimer = 0, leftSome = false, restLeft = false;
  function makeLater() {
    if (leftSome) return;
    leftSome = true;
    laterTimer = setTimeout(later, 1000);
    laterFrame = requestAnimationFrame(() => { laterFrame = 0; clearTimeout(laterTimer); laterTimer = setTimeout(later, 0); });
  }
  function later() {
    if (!restLeft || !lastRender) { makeLeft(); return; }
    // The whole render places every token and leaves those out of sight
    // to be made after its own frame, all at once (one tokensmade).
    cancelAnimationFrame(laterFrame);
    clearTimeout(laterTimer);
    laterFrame = laterTimer = 0;
    leftSome = false;
    render(lastRender, { glide: false });
  }
  function makeLeft(groups = null) {
    if (!leftSome) return;
    leftSome = false;
    cancelAnimationFrame(laterFrame);
    clearTimeout(laterTimer);
    laterFrame = laterTimer = 0;
    let stay = null; // with groups: the PIDs the render draws
    if (groups) {
      stay = new Set();
      for (const list of Object.values(groups)) for (const it of list) stay.add(it.pid);
    }
    // (A record without a home, left by a first render for the whole
    // render, is made when that render has given it one.)
    const left = [...tokens].filter(([pid, tk]) => !tk.g && tk.home && (!stay || stay.has(pid)));
    if (!left.length) return;
    makeGroups(left);
    const made = new Set(left.map(([, tk]) => tk));
    const byHome = new Map();
    for (const tk of tokens.values()) {
      if (!tk.home) continue;
      if (!byHome.has(tk.home)) byHome.set(tk.home, []);
      byHome.get(tk.home).push(tk);
    }
    for (const [home, list] of byHome) {
      if (!list.some(tk => made.has(tk))) continue;
      list.sort((a, b) => a.rank - b.rank);
      let next = null;
      for (let i = list.length - 1; i >= 0; i--) {
        const tk = list[i];
        if (made.has(tk)) { home.insertBefore(tk.g, next); next = tk.g; } else if (tk.g.parentNode === home) next = tk.g;
      }
    }
    // What marks tokens from outside (race.js: the candidates of a manual
    // decision) marks these too.
    svg.dispatchEvent(new CustomEvent('tokensmade', { bubbles: true }));
  }

  // fill makes token tk's chip and tooltip, if it has none yet, showing
  // what its record says.
  function fill(tk) {
    if (tk.inner) return;
    const c = taskColor(Number(tk.g.dataset.pid));
    const inner = el('g', { class: 'token-inner' });
    tk.halo = el('rect', { class: 'halo', x: -CHIP_MIN / 2 - HALO, y: -CHIP_H / 2 - HALO, width: CHIP_MIN + 2 * HALO, height: CHIP_H + 2 * HALO, rx: CHIP_H / 2 + HALO }, inner);
    tk.rect = el('rect', { x: -CHIP_MIN / 2, y: -CHIP_H / 2, width: CHIP_MIN, height: CHIP_H, rx: CHIP_H / 2, fill: c.fill }, inner);
    tk.text = el('text', { x: 0, y: 7.5, 'text-anchor': 'middle', fill: c.ink }, inner);
    tk.title = el('title', {});
    tk.titleShown = titleOf(tk);
    tk.title.textContent = tk.titleShown;
    tk.rectW = CHIP_MIN;
    tk.labelText = null;
    drawChip(tk);
    if (tk.scale !== 1) inner.style.transform = `scale(${tk.scale})`;
    tk.g.prepend(inner);
    tk.g.append(tk.title);
    tk.inner = inner;
  }

  // drawChip writes token tk's label and width into its chip (filled).
  function drawChip(tk) {
    if (tk.labelText !== tk.label || tk.text.textContent !== tk.label) {
      tk.text.textContent = tk.label;
      tk.labelText = tk.label;
    }
    tk.text.removeAttribute('textLength');
    if (tk.pressed) { // a tag alone too wide: pressed to fit
      tk.text.setAttribute('textLength', String(tk.pressed));
      tk.text.setAttribute('lengthAdjust', 'spacingAndGlyphs');
    }
    if (tk.rectW !== tk.w) {
      const w = tk.w;
      tk.rectW = w;
      tk.rect.setAttribute('x', -w / 2); tk.rect.setAttribute('width', w);
      tk.halo.setAttribute('x', -w / 2 - HALO); tk.halo.setAttribute('width', w + 2 * HALO);
    }
  }

  // measureLabels measures at once the labels that setLabel would measure
  // one at a time: those of the tokens in groups that are in the drawing
  // and whose label, whole, is not the one they show, nor of a known
  // width (after relabel, all of them).
  // Each measure after a change to the drawing lays the page out, and a
  // token scrolled out of its box was measured on a ruler of its own; here
  // one ruler (a hidden token: the same font) holds all the texts, and the
  // page is laid out once. A label found too wide is shortened by setLabel,
  // which measures the shorter ones itself.
  function measureLabels(groups) {
    const want = new Set();
    for (const list of Object.values(groups)) {
      for (const it of list) {
        const tk = tokens.get(it.pid);
        if (!tk || !tk.g || !tk.g.parentNode) continue;
        const str = labelOf(it.pid, it.task).label;
        const ck = `${textSize}|${str}`;
        if (tk.labelWhole !== ck && !chipWidths().has(str)) want.add(str);
      }
    }
    if (want.size >= 2) measureTexts(want);
  }

  // measureTexts measures the strings strs (a Set) as chips' labels, on one
  // ruler (a hidden token: the same font), so that the drawing is laid out
  // once for all, and keeps their widths (chipWidths).
  function measureTexts(strs) {
    const ruler = el('g', { class: 'token', visibility: 'hidden', 'aria-hidden': 'true' }, gNodes);
    const texts = [...strs].map(str => { const txt = el('text', {}, ruler); txt.textContent = str; return [str, txt]; });
    for (const [str, txt] of texts) {
      const len = txt.getComputedTextLength ? txt.getComputedTextLength() : 0;
      if (len > 0) chipWidths().set(str, len);
    }
    ruler.remove();
  }

  // settleGuesses measures the labels of items' tokens (chips in sight)
  // whose widths setLabel guessed, all on one ruler, and says whether there
  // were any: their labels are then set again by the next setLabel
  // (labelKey cleared), with the widths measured.
  function settleGuesses(items) {
    if (!laidOut) return false;
    const want = new Set(), again = [];
    for (const it of items) {
      const tk = tokens.get(it.pid);
      if (tk && tk.guess) { unsureTexts(it.pid, it.task, tk.room, want); again.push(tk); }
    }
    if (!want.size) return false;
    measureTexts(want);
    for (const tk of again) tk.labelKey = null;
    return true;
  }

  // unsureTexts adds to out the texts the label of task pid, in room maxw,
  // needs measured that are not (a token new to the drawing has none of
  // its own to measure: setLabel guesses its width): the label whole, or,
  // once that is known to be too wide, each shortened one setLabel may try.
  function unsureTexts(pid, task, maxw, out) {
    const known = chipWidths();
    const { name, tag, own, both, label } = labelOf(pid, task);
    if (!known.has(label)) { out.add(label); return; }
    const limit = Math.max(CHIP_MIN, Math.min(CHIP_MAX, maxw)) - CHIP_PAD;
    if (known.get(label) <= limit || own !== null || !both) return;
    const chars = [...name];
    for (let k = chars.length - 1; k > 1; k--) {
      const str = `${tag} ${chars.slice(0, k).join('')}…`;
      if (!known.has(str)) out.add(str);
    }
  }


  function tokenFor(pid) {
    let tk = tokens.get(pid);
    if (tk) return tk;
    const g = el('g', { class: 'token', 'data-pid': pid });
    tk = newToken(g);
    g.style.transform = `translate(${ORIGIN.cx}px, ${ORIGIN.cy}px)`;
    tokens.set(pid, tk);
    return tk;
  }

  // place puts token tk at (x, y), gliding there if glide. Tokens
  // scrolled out of their box are not placed at all (render skips them).
  function place(tk, x, y, scale, glide) {
    tk.x = x; tk.y = y;
    tk.g.classList.toggle('glide', !!glide);
    // A token that stays where it is is not written again (each write
    // restyles it). tk.placed is the transform written last (null once
    // a glide along an arrow wrote others): reading the element's own
    // (style.transform, serialised at each read) cost the most of a
    // draw's script at 60 steps/s.
    const tr = `translate(${x}px, ${y}px)`;
    if (tk.placed !== tr) { tk.g.style.transform = tr; tk.placed = tr; }
    if (tk.scale !== scale) {
      tk.scale = scale;
      if (tk.inner) tk.inner.style.transform = `scale(${scale})`;
    }
  }

  // setLabel writes a chip's text, "PID name" whole when it fits in maxw
  // drawing units, the name abbreviated with "…" when not (the title says
  // it whole), and sizes the chip to its text.
  // chipW caches the drawn width of a chip's text (drawing units), measured
  // once per text: measuring lays the page out, and a render while playing
  // would do it for every token (relabel clears it).
  // It is a map per text size: chipWidths() gives the one of textSize.
  const chipW = new Map();
  const chipWidths = () => {
    let m = chipW.get(textSize);
    if (!m) chipW.set(textSize, (m = new Map()));
    return m;
  };
  // (The text size of presenter mode is in the key: it changes the widths.)
  const sizeKey = () => (typeof document !== 'undefined' && document.documentElement ? document.documentElement.getAttribute('data-text-size') || '' : '');
  // textSize is sizeKey() as the render (or relabel) running read it once:
  // the measures of a render ask for it per token.
  let textSize = '';
  // A token not drawn (scrolled out of its box: display none) measures
  // nothing: its text is measured on a ruler, a hidden token of its own
  // put beside it for the measure and taken away, so that every text is
  // measured once (a token left unmeasured was measured again at each
  // render, laying the page out each time, and kept the estimated width).
  function chipWidth(tk, str) {
    const known = chipWidths();
    let w = known.get(str);
    if (w !== undefined) return w;
    let len = 0;
    if (tk.text) {
      tk.text.removeAttribute('textLength');
      tk.text.textContent = str;
      tk.labelText = null; // the text shown changed
      len = tk.text.getComputedTextLength ? tk.text.getComputedTextLength() : 0;
    }
    if (!(len > 0) && tk.g && tk.g.parentNode) {
      const ruler = el('g', { class: 'token', visibility: 'hidden', 'aria-hidden': 'true' }, tk.g.parentNode);
      const txt = el('text', {}, ruler);
      txt.textContent = str;
      len = txt.getComputedTextLength ? txt.getComputedTextLength() : 0;
      ruler.remove();
    }
    w = len > 0 ? len : textWidth(str, 21);
    if (len > 0) known.set(str, w);
    else guessed = true;
    return w;
  }
  // guessed: a chipWidth since setLabel began could not measure its text
  // (a token not in the drawing yet, or a drawing not laid out) and gave
  // textWidth's estimate.
  let guessed = false;

  // labelOf is the parts of task pid's label: its name, tag, own label
  // (dopts.label) and the label whole, before any shortening.
  function labelOf(pid, task) {
    const name = task && task.name ? task.name : '';
    const tag = dopts.tag ? dopts.tag(pid) : `P${pid}`;
    const own = dopts.label ? dopts.label(pid, task) : null;
    // A job's tag is its name (fold.js taskTag): it is not said twice.
    const both = !!name && tag !== name;
    return { name, tag, own, both, label: own !== null ? own : both ? `${tag} ${name}` : tag };
  }

  function setLabel(tk, pid, task, state, maxw = CHIP_MAX) {
    const { name, tag, own, both, label: whole } = labelOf(pid, task);
    // The label and the chip's size change only with the tag, the name and
    // the room: a render that changes none of them leaves them be.
    const key = `${tag}\u0000${name}\u0000${maxw}\u0000${own ?? ''}\u0000${textSize}`;
    if (tk.labelKey !== key) {
      guessed = false;
      tk.labelKey = key;
      tk.labelWhole = `${textSize}|${whole}`;
      const limit = Math.max(CHIP_MIN, Math.min(CHIP_MAX, maxw)) - CHIP_PAD;
      const fits = str => chipWidth(tk, str) <= limit;
      let label = whole;
      let tw = chipWidth(tk, whole);
      if (tw > limit && own === null && both) {
        const chars = [...name];
        let k = chars.length - 1;
        while (k > 1 && !fits(`${tag} ${chars.slice(0, k).join('')}…`)) k--;
        label = `${tag} ${chars.slice(0, k).join('')}…`;
        tw = chipWidth(tk, label);
      }
      tk.label = label;
      tk.pressed = 0;
      if (tw > limit) { tk.pressed = limit; tw = limit; } // a tag alone too wide: pressed to fit
      tk.w = Math.max(CHIP_MIN, Math.ceil(tw + CHIP_PAD));
      if (tk.text) drawChip(tk);
      // A width guessed (a token new to the drawing) is measured by render
      // if the chip is in sight (settleGuesses), else when it comes into
      // sight. A drawing not laid out is measured whole when it first
      // shows (relabel).
      tk.guess = guessed && laidOut;
      tk.room = maxw;
    }
    // The tooltip's words are made when it is written (titleOf): most of
    // a large run's tokens are never filled.
    const wchan = task && task.wchan ? task.wchan : '';
    if (tk.tTag !== tag || tk.tName !== name || tk.tState !== state || tk.tWchan !== wchan) {
      tk.tTag = tag; tk.tName = name; tk.tState = state; tk.tWchan = wchan;
      tk.titleBase = null;
    }
    tk.note = ''; // markStep says it moved, this step
    if (tk.title) titled.add(tk);
    // A running token in kernel mode (a system call) is marked as trapped.
    flag(tk, 'trap', !!(task && state === 'running' && task.mode === 'kernel'));
  }

  // titleOf is token tk's tooltip: its tag, name and state (and wait
  // channel), as setLabel last saw them, and what markStep noted.
  function titleOf(tk) {
    if (tk.titleBase === null) {
      tk.titleBase = `${tk.tTag}${tk.tName && tk.tName !== tk.tTag ? ' (' + tk.tName + ')' : ''}: ${t('state.' + tk.tState)}` +
        (tk.tWchan ? ` — ${t('diagram.wchan', { w: tk.tWchan })}` : '');
    }
    return tk.titleBase + tk.note;
  }

  // titled: the filled tokens whose tooltip a render may change (setLabel,
  // markStep); render writes them at its end (writeTitles).
  const titled = new Set();

  // writeTitles writes the tooltips of the tokens in titled, those that
  // changed: tk.titleShown keeps what was written, so that the element is
  // not read (a render at speed writes every token in sight).
  function writeTitles() {
    for (const tk of titled) {
      const text = titleOf(tk);
      if (tk.titleShown !== text) { tk.title.textContent = text; tk.titleShown = text; }
    }
    titled.clear();
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
      tk.placed = null; // (place writes its own again)
      if (f < 1) tk.anim = requestAnimationFrame(frame);
      else { tk.anim = 0; tk.g.classList.remove('moving'); done(); }
    };
    tk.anim = requestAnimationFrame(frame);
  }

  // Step marks (dopts.keep): the arrows marked for the shown step. Every
  // mark is in place as soon as the step is drawn (the step's own data says
  // them); while tokens glide, a CSS delay only holds back how an arrow
  // lights up and its bubble pops in until its token gets there.
  const marked = new Set();
  let movedBefore = new Map(); // pid -> token: those flagged moved by the last markStep
  const bubbleBox = new Map(); // a bubble's text and place -> its box (markArrow)

  // causeText is a cause in words (its catalog entry, else its name).
  const causeText = c => (t('cause.' + c) !== 'cause.' + c ? t('cause.' + c) : c);

  // markArrow adds to want (arrow -> {causes, delay, still}, the marks a
  // step asks for) arrow a taken for cause. Several tasks may take one
  // arrow in a step for different causes (a fork and an arrival, a child's
  // exit and an I/O completion): data-cause lists each once, space-
  // separated, and the bubble names them all. delay (ms) holds back the
  // arrow's light and the bubble's pop-in (the first cause's); still: no
  // pop-in at all (a redraw of the same step, a jump). The bubbles are
  // drawn by drawBubble once all the step's marks are in (thousands of
  // tasks may take one arrow in a step); bubbleOrder keeps the arrows in
  // the order of their last mark, the order their bubbles are drawn in.
  const bubbleOrder = new Set();
  function markArrow(want, a, cause, delay, still) {
    let m = want.get(a);
    const first = !m;
    if (first) { m = { causes: [], delay: 0, still }; want.set(a, m); }
    if (!m.causes.includes(cause)) m.causes.push(cause);
    if (first || (!still && delay < m.delay)) {
      m.delay = still ? 0 : delay;
      m.still = still;
    }
    bubbleOrder.delete(a);
    bubbleOrder.add(a);
  }

  // showMark marks arrow a as taken as m says, writing only what differs
  // from its marks of the last step (each write restyles the arrow).
  function showMark(a, m) {
    if (!marked.has(a)) {
      a.g.classList.add('hot', 'taken');
      a.label.classList.add('hot');
      a.label.style.visibility = 'hidden'; // the bubble says it, more precisely
      a.path.setAttribute('marker-end', `url(#arrowhead-hot${uid})`);
    }
    a.causes = m.causes;
    const cause = m.causes.join(' ');
    if (a.g.dataset.cause !== cause) a.g.dataset.cause = cause;
    a.markDelay = m.delay;
    a.markStill = m.still;
    const td = m.delay ? `${m.delay}ms` : '';
    if (a.path.style.transitionDelay !== td) a.path.style.transitionDelay = td;
  }

  // drawBubble draws the bubble of marked arrow a: the causes it was taken
  // for, held back and popping in as its marks said. A still bubble that
  // says what the arrow's bubble says already is kept as it is (at speed
  // most arrows are taken again at every draw, for the same causes).
  function drawBubble(a) {
    const text = a.causes.map(causeText).join(' · ');
    const said = `${text}|${textSize}`; // (presenter mode's text size changes the box)
    if (a.bubble && a.markStill && a.bubbleStill && a.bubbleText === said) return;
    if (a.bubble) a.bubble.remove();
    const b = el('g', { class: a.markStill ? 'bubble still' : 'bubble', 'data-arrow': `${a.from}-${a.to}` }, gBubbles);
    if (a.markDelay) b.style.animationDelay = `${a.markDelay}ms`;
    a.bubble = b;
    a.bubbleStill = a.markStill;
    a.bubbleText = said;
    const txt = el('text', { x: a.lx, y: a.ly, 'text-anchor': a.anchor || 'middle' }, b);
    txt.textContent = text;
    // The bubble's box, measured once per text and place (measuring lays the page out).
    const bkey = `${txt.textContent}|${a.lx}|${a.ly}|${a.anchor || ''}|${textSize}`;
    let bb = bubbleBox.get(bkey);
    if (!bb) {
      const m = txt.getBBox();
      bb = { x: m.x, y: m.y, width: m.width, height: m.height };
      if (bb.width > 0) bubbleBox.set(bkey, bb);
    }
    a.bubbleRect = { x: bb.x - 10, y: bb.y - 5, w: bb.width + 20, h: bb.height + 10 };
    b.insertBefore(el('rect', { x: a.bubbleRect.x, y: a.bubbleRect.y, width: a.bubbleRect.w, height: a.bubbleRect.h, rx: 10 }), txt);
  }

  // hideCovered hides the texts the step's bubbles cover (other arrows'
  // labels, the nodes' titles and subtitles: class covered) and shows the
  // others again. A bubble is drawn over the nodes, and a word cut by its
  // edge read as a fault: "exit()" over the Zombie's "exited, not reaped",
  // "I/O done · child exited" over the disk's "I/O done". Each text's box
  // is measured once (labelBox; relabel measures again).
  const labelBox = new Map(); // a text element -> its box in drawing units
  function hideCovered() {
    const rects = [];
    for (const a of marked) if (a.bubble && a.bubbleRect) rects.push(a.bubbleRect);
    const texts = [];
    for (const a of arrows.values()) if (!marked.has(a)) texts.push(a.label);
    for (const [name, n] of Object.entries(nodeEls)) if (name !== 'origin') texts.push(n.title, n.sub);
    for (const txt of texts) {
      let b = labelBox.get(txt);
      if (!b && rects.length) {
        const m = txt.getBBox();
        b = { x: m.x, y: m.y, w: m.width, h: m.height };
        if (m.width > 0) labelBox.set(txt, b);
      }
      const covered = !!b && rects.some(r => r.x < b.x + b.w && b.x < r.x + r.w && r.y < b.y + b.h && b.y < r.y + r.h);
      if (txt.classList.contains('covered') !== covered) txt.classList.toggle('covered', covered);
    }
  }

  // measureBubbles measures, before render changes the drawing, the
  // bubbles the view's step will need that were never measured (their
  // text and place as markStep and drawBubble make them): measuring then
  // lays out the drawing as it was, not with the render's new tokens (a
  // first render of thousands laid them all out twice).
  function measureBubbles(view) {
    const causes = new Map(); // arrow -> its causes, in markArrow's order
    for (const tr of view.transitions || []) {
      const a = arrows.get(`${tr.from}>${tr.to}`);
      if (!a) continue;
      if (!causes.has(a)) causes.set(a, []);
      if (!causes.get(a).includes(tr.cause)) causes.get(a).push(tr.cause);
    }
    const probes = [];
    for (const [a, list] of causes) {
      const text = list.map(causeText).join(' · ');
      const bkey = `${text}|${a.lx}|${a.ly}|${a.anchor || ''}|${textSize}`;
      if (bubbleBox.has(bkey)) continue;
      const b = el('g', { class: 'bubble still', visibility: 'hidden', 'aria-hidden': 'true' }, gBubbles);
      const txt = el('text', { x: a.lx, y: a.ly, 'text-anchor': a.anchor || 'middle' }, b);
      txt.textContent = text;
      probes.push([bkey, b, txt]);
    }
    for (const [bkey, , txt] of probes) {
      const m = txt.getBBox();
      if (m.width > 0) bubbleBox.set(bkey, { x: m.x, y: m.y, width: m.width, height: m.height });
    }
    for (const [, b] of probes) b.remove();
  }

  // unmarkArrow takes the marks of the last step off arrow a.
  function unmarkArrow(a) {
    a.g.classList.remove('hot', 'taken');
    delete a.g.dataset.cause;
    a.causes = [];
    a.label.classList.remove('hot');
    a.label.style.visibility = '';
    a.path.style.transitionDelay = '';
    a.path.setAttribute('marker-end', `url(#arrowhead${uid})`);
    if (a.bubble) { a.bubble.remove(); a.bubble = null; }
  }

  // markStep marks the view's transitions: the arrows taken (each lighting
  // up when its token starts along it, if animated) and the tokens that
  // moved. The marks stay until the next call, which changes only what
  // differs.
  function markStep(view, animate, duration) {
    const chains = new Map();
    for (const tr of view.transitions || []) {
      if (!chains.has(tr.pid)) chains.set(tr.pid, []);
      chains.get(tr.pid).push(tr);
    }
    // Only the tokens that moved in this step or the last change: a large
    // run has thousands that did neither.
    const movedNow = new Map();
    for (const [pid, chain] of chains) {
      const tk = tokens.get(pid);
      if (!tk) continue;
      flag(tk, 'moved', true);
      movedNow.set(pid, tk);
      // A change the drawing has no arrow for (asleep to dead in an
      // exit_group) says its cause on the token's tooltip.
      const unseen = chain.filter(tr => !arrows.has(`${tr.from}>${tr.to}`)).map(tr => causeText(tr.cause));
      tk.note = ` — ${t('diagram.moved', { p: dopts.tag ? dopts.tag(pid) : `P${pid}` })}${unseen.length ? ` (${unseen.join(' · ')})` : ''}`;
      if (tk.title) titled.add(tk);
    }
    for (const [pid, tk] of movedBefore) if (!movedNow.has(pid)) flag(tk, 'moved', false);
    movedBefore = movedNow;
    const want = new Map();
    for (const chain of chains.values()) {
      const per = duration / chain.length;
      chain.forEach((tr, i) => {
        const a = arrows.get(`${tr.from}>${tr.to}`);
        if (a) markArrow(want, a, tr.cause, animate ? Math.round(per * i) : 0, !animate);
      });
    }
    for (const a of marked) if (!want.has(a)) unmarkArrow(a);
    for (const [a, m] of want) showMark(a, m);
    marked.clear();
    for (const a of want.keys()) marked.add(a);
    for (const a of bubbleOrder) drawBubble(a);
    // The bubbles in the order of their arrows' last marks: a kept bubble
    // moves only when it is out of that order.
    let at = gBubbles.firstChild;
    for (const a of bubbleOrder) {
      if (at === a.bubble) at = at.nextSibling;
      else gBubbles.insertBefore(a.bubble, at);
    }
    bubbleOrder.clear();
    hideCovered();
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
  //
  // opts.first: the run's first draw (a load). A box holding more chips
  // than FIRST_AT_MOST, not scrolled, lays out only its chips up to the
  // first one past the rows it shows (topWidths: from its top, or from
  // the row of the chip that came into it in this step, which it scrolls
  // to), draws those in sight and counts and names the others (rest),
  // which have their records only; the drawing is rendered whole after
  // the frame (later), or by the next render if that comes first. (The
  // largest run's first render placed 3,000 tokens for the 19 in sight.)
  function render(view, opts = {}) {
    restLeft = false;
    textSize = sizeKey();
    if (dopts.keep) measureBubbles(view);
    const n = Math.max(1, view.cpus.length || opts.cpus || 1);
    if (n !== ncpu) { ncpu = n; drawSlots(); }
    const groups = tokensByNode(view);
    // The tokens the last render left without their groups are made first
    // (not those of tasks gone: a new load's first render drops them).
    makeLeft(groups);
    const made = addTokens(groups);
    measureLabels(groups);
    const targets = new Map(); // pid -> {x, y, scale, state, task, hide, node}
    const rest = new Set(); // the PIDs of the chips left for the whole render (opts.first)
    // leaveOut leaves task pid's chip for the whole render. A token it has
    // already (the run loaded before had a task of that PID) is hidden
    // until then: it shows that run's task, where that run had it.
    const leaveOut = pid => {
      rest.add(pid);
      const tk = tokens.get(pid);
      if (!tk.g) return;
      if (tk.anim) { cancelAnimationFrame(tk.anim); tk.anim = 0; tk.g.classList.remove('moving'); }
      flag(tk, 'off-view', true);
      tk.unplaced = true;
    };
    // The tasks that came into each node in this step (node -> PIDs).
    const cameInto = new Map();
    for (const tr of view.transitions || []) {
      if (!cameInto.has(tr.to)) cameInto.set(tr.to, new Set());
      cameInto.get(tr.to).add(tr.pid);
    }
    // layNode lays out the chips of node (not the running node or the
    // origin), list its tokens in order, as the box shows them: their
    // labels set (setLabel), the rows (layoutFlow) and the rows in sight
    // (boxRows). It changes no element but the chips' own texts.
    // leave: the chips out of sight wait for the whole render (opts.first:
    // see above); cut: the chips laid out.
    const layNode = (node, list) => {
      const ne = nodeEls[node] || nodeEls.runnable;
      const box = contentBox(NODES[node] || NODES.runnable, ne.subLines);
      const widthOf = it => { const tk = tokenFor(it.pid); setLabel(tk, it.pid, it.task, it.state, box.w); return tk.w; };
      const into = cameInto.get(node);
      const came = into ? list.findIndex(it => into.has(it.pid)) : -1;
      const leave = !!opts.first && list.length > FIRST_AT_MOST && ne.scroll === 0;
      let cut = list.length;
      let widths;
      if (leave) {
        const top = topWidths(box, list, widthOf, came);
        widths = top.widths;
        cut = top.cut;
      } else widths = list.map(widthOf);
      const flow = layoutFlow(box, widths);
      const rows = boxRows(flow, cut < list.length, came, ne.scroll);
      return { ne, box, widthOf, came, leave, cut, flow, rows };
    };
    const inSightOf = (list, { cut, flow, rows }) => {
      const out = [];
      for (let i = 0; i < cut; i++) if (flow.rowOf[i] >= rows.scroll && flow.rowOf[i] < rows.scroll + rows.shown) out.push(list[i]);
      return out;
    };
    // The chips in sight whose labels' widths setLabel can only guess
    // (tokens new to the drawing: a run's first render, a fork) are
    // measured before the boxes are laid out, all on one ruler: the
    // drawing is laid out once, not once a box. Every chip of the running
    // node and the origin is in sight.
    if (made && laidOut) {
      const want = new Set(), again = [];
      const known = chipWidths();
      for (const [node, list] of Object.entries(groups)) {
        if (node === 'running' || node === 'origin') {
          for (const it of list) {
            const tk = tokens.get(it.pid);
            const { label } = labelOf(it.pid, it.task);
            if (tk && !tk.text && !known.has(label)) want.add(label);
          }
          continue;
        }
        for (const it of inSightOf(list, layNode(node, list))) {
          const tk = tokens.get(it.pid);
          if (tk.guess) { unsureTexts(it.pid, it.task, tk.room, want); again.push(tk); }
        }
      }
      if (want.size) {
        measureTexts(want);
        for (const tk of again) tk.labelKey = null;
      }
    }
    const busyCpus = new Set(); // the CPU slots with a task (none when no task runs: groups has no running node then)
    for (const [node, list] of Object.entries(groups)) {
      if (node === 'running') {
        const slots = cpuSlots(ncpu, nodeEls.running.subLines);
        const byCpu = new Map();
        const extra = [];
        for (const it of list) {
          const c = it.task && it.task.cpu >= 0 ? it.task.cpu : view.cpus.indexOf(it.pid);
          if (c >= 0 && c < slots.length && !byCpu.has(c)) byCpu.set(c, it); else extra.push(it);
        }
        // A chip under its slot's label, or beside it: the room it has.
        const roomIn = s => (s.h >= CHIP_H + 40 ? s.w - 16 : s.w - 14 - slotLabelW);
        // (Every chip of the node is in sight: one whose width was guessed
        // is measured, and set again.)
        for (const [c, it] of byCpu) setLabel(tokenFor(it.pid), it.pid, it.task, it.state, roomIn(slots[c]));
        for (const it of extra) setLabel(tokenFor(it.pid), it.pid, it.task, it.state);
        settleGuesses(list);
        for (const [c, it] of byCpu) {
          const s = slots[c];
          const tk = tokenFor(it.pid);
          setLabel(tk, it.pid, it.task, it.state, roomIn(s)); // (as set above, or set again: measured now)
          if (s.h >= CHIP_H + 40) { // the chip under the slot's label
            targets.set(it.pid, { x: s.x + s.w / 2, y: s.y + s.h - 8 - CHIP_H / 2, scale: 1, ...it, node });
          } else { // beside it
            const scale = Math.min(1, (s.h - 6) / CHIP_H);
            targets.set(it.pid, { x: s.x + s.w - 6 - (tk.w * scale) / 2, y: s.y + s.h / 2, scale, ...it, node });
          }
        }
        extra.forEach((it, i) => {
          setLabel(tokenFor(it.pid), it.pid, it.task, it.state);
          targets.set(it.pid, { x: NODES.running.x + 60 + i * 8, y: NODES.running.y + NODES.running.h - 20, scale: 0.6, ...it, node });
        });
        for (const c of byCpu.keys()) busyCpus.add(c);
        continue;
      }
      if (node === 'origin') {
        for (const it of list) setLabel(tokenFor(it.pid), it.pid, it.task, it.state);
        settleGuesses(list);
        list.forEach(it => { setLabel(tokenFor(it.pid), it.pid, it.task, it.state); targets.set(it.pid, { x: ORIGIN.cx, y: ORIGIN.cy, scale: 0.5, ...it, node }); });
        continue;
      }
      let { ne, box, widthOf, came, leave, cut, flow, rows } = layNode(node, list);
      // A chip in sight whose width was still guessed (the measures above
      // foresaw other rows in sight, or the label is shortened) is
      // measured now, and the box laid out again with its width.
      for (let pass = 0; pass < 2 && settleGuesses(inSightOf(list, { cut, flow, rows })); pass++) ({ cut, flow, rows } = layNode(node, list));
      const { points, rowOf } = flow;
      const more = cut < list.length;
      const { shown, maxScroll, scroll } = rows;
      ne.maxScroll = maxScroll;
      ne.scroll = scroll;
      const off = ne.scroll;
      const out = []; // the hidden tokens' labels, the first NAMES_AT_MOST of them (namesAtMost)
      let hidden = 0;
      for (let i = 0; i < cut; i++) {
        const it = list[i];
        const hide = rowOf[i] < off || rowOf[i] >= off + shown;
        if (hide && hidden++ < NAMES_AT_MOST) out.push(tokens.get(it.pid).label);
        if (hide && leave) { leaveOut(it.pid); continue; }
        targets.set(it.pid, { x: points[i][0], y: points[i][1] - off * (CHIP_H + GAP), scale: 1, hide, pid: it.pid, state: it.state, task: it.task, node: nodeEls[node] ? node : 'runnable' });
      }
      if (more) {
        // The chips not laid out are out of sight: counted, the first of
        // them named, and kept (rest) until the whole render.
        for (let i = cut; i < list.length && out.length < NAMES_AT_MOST; i++) { widthOf(list[i]); out.push(tokens.get(list[i].pid).label); }
        hidden += list.length - cut;
        for (let i = cut; i < list.length; i++) leaveOut(list[i].pid);
      }
      if (leave && rest.size) restLeft = true;
      const vis = ne.maxScroll ? 'visible' : 'hidden';
      if (ne.more.getAttribute('visibility') !== vis) ne.more.setAttribute('visibility', vis);
      if (ne.maxScroll) {
        // Written when it changes: a write lays the mark's text out again.
        const mark = `${off > 0 ? '▴' : ''}${off < ne.maxScroll ? '▾' : ''} +${hidden}`;
        const names = namesAtMost(out, hidden);
        if (ne.moreMark !== mark) {
          ne.more.textContent = mark;
          ne.more.append(ne.moreTitle);
          ne.moreMark = mark;
        }
        if (ne.moreTitle.textContent !== names) ne.moreTitle.textContent = names;
      }
    }
    nodeEls.running.slots.querySelectorAll('.cpu-slot').forEach((sg, i) => sg.classList.toggle('busy', busyCpus.has(i)));
    for (const [node, ne] of Object.entries(nodeEls)) {
      if (node !== 'origin' && !groups[node] && ne.more) { if (ne.more.getAttribute('visibility') !== 'hidden') ne.more.setAttribute('visibility', 'hidden'); ne.maxScroll = 0; ne.scroll = 0; ne.moreMark = null; }
    }
    for (const [node, n] of Object.entries(nodeEls)) n.g.classList.toggle('empty', !(groups[node] && groups[node].length));

    // Remove tokens of tasks that are gone (a new load).
    for (const [pid, tk] of tokens) {
      if (!targets.has(pid) && !rest.has(pid)) { cancelAnimationFrame(tk.anim); if (tk.g) tk.g.remove(); tokens.delete(pid); }
    }
    const chains = new Map();
    if (opts.animate) {
      for (const tr of view.transitions || []) {
        if (!chains.has(tr.pid)) chains.set(tr.pid, []);
        chains.get(tr.pid).push(tr);
      }
    }
    const duration = opts.duration ?? 500;
    // A token that moves inside its box (its row changed) glides there in
    // the time the step has, at most GLIDE_MS; when that is under
    // MIN_ANIM_MS (playing at 12 steps/s and more) it jumps: a glide
    // would still be running at the next draw, and every frame of a glide
    // restyles and repaints the drawing (an SVG child's transform is not
    // the compositor's).
    const glideMs = Math.min(GLIDE_MS, duration);
    const glides = glideMs >= MIN_ANIM_MS;
    if (glides && glideMs !== shownGlideMs) { shownGlideMs = glideMs; svg.style.setProperty('--glide', `${glideMs}ms`); }
    // Nor do the arrows fade in and out of their marks (class still).
    if (glides === still) { still = !glides; svg.classList.toggle('still', still); }
    // The tokens that change node, per node, appended at the end in this
    // order (one call per node).
    const adopt = new Map();
    // The groups of the tokens in sight are made now (one piece of markup),
    // those of the others after the frame (makeLater).
    const inSight = [];
    for (const [pid, tg] of targets) {
      const tk = tokens.get(pid);
      if (!tg.hide && !tk.g) inSight.push([pid, tk]);
    }
    makeGroups(inSight);
    let rank = 0;
    for (const [pid, tg] of targets) {
      const isNew = !tokens.has(pid);
      const tk = tokenFor(pid);
      const home = nodeEls[tg.node];
      tk.home = home.tokens;
      tk.rank = rank++;
      // A token without its group (out of sight: makeGroups made those in
      // sight above) keeps its changes in its record until makeLater.
      if (tk.g && !tg.hide) fill(tk); // in sight: its chip and tooltip
      if (tk.g && tk.g.parentNode !== home.tokens) {
        if (!adopt.has(home)) adopt.set(home, []);
        adopt.get(home).push(tk.g);
      }
      if (tk.state !== tg.state) { if (tk.g) tk.g.dataset.state = tg.state; tk.state = tg.state; }
      flag(tk, 'faded', tg.state === 'dead');
      flag(tk, 'zombie', tg.state === 'zombie');
      flag(tk, 'drawn', !!(tg.task && tg.task.drawn));
      flag(tk, 'off-view', !!tg.hide); // scrolled out of its box
      if (tg.hide) {
        // Not displayed: it neither glides nor is placed (a large run has
        // thousands such). It is placed when it comes into sight, without
        // a glide from where it was last placed.
        if (tk.anim) { cancelAnimationFrame(tk.anim); tk.anim = 0; tk.g.classList.remove('moving'); }
        tk.unplaced = true;
        if (!tk.g) makeLater();
        continue;
      }
      const chain = chains.get(pid);
      if (chain && duration >= MIN_ANIM_MS) {
        let pts = [[tk.x, tk.y]];
        if (chain[0].from === 'none' || isNew) pts = [[ORIGIN.cx, ORIGIN.cy]];
        const per = duration / chain.length;
        chain.forEach((tr, i) => {
          const a = arrows.get(`${tr.from}>${tr.to}`);
          if (a) {
            // An arrow's path never changes: it is sampled once (measuring
            // lays the page out), unless it measured nothing (not drawn yet).
            let along = a.points;
            if (!along) {
              along = pathPoints(a.path);
              const [p0, p1] = [along[0], along[along.length - 1]];
              if (p0[0] !== p1[0] || p0[1] !== p1[1]) a.points = along;
            }
            pts = pts.concat(along);
            if (!dopts.keep) lightArrow(a, tr.cause, per * i, Math.max(900, duration * 2.4));
          }
        });
        pts.push([tg.x, tg.y]);
        if (gNodes.lastChild !== home.g) gNodes.append(home.g); // raise the target node: the token glides on top
        if (tk.scale !== tg.scale) { tk.scale = tg.scale; if (tk.inner) tk.inner.style.transform = `scale(${tg.scale})`; }
        tk.x = tg.x; tk.y = tg.y;
        animateAlong(tk, pts, duration, () => place(tk, tg.x, tg.y, tg.scale, false));
      } else {
        const moved = Math.abs(tk.x - tg.x) > 0.5 || Math.abs(tk.y - tg.y) > 0.5;
        // A token still gliding to the same place keeps gliding (the live
        // lab redraws while its tokens move).
        if (!moved && opts.animate && tk.g.classList.contains('moving')) continue;
        // (remove() writes the class attribute even when the class is
        // not there: one mutation a token a draw.)
        if (tk.anim) { cancelAnimationFrame(tk.anim); tk.anim = 0; }
        if (tk.g.classList.contains('moving')) tk.g.classList.remove('moving');
        place(tk, tg.x, tg.y, tg.scale, moved && !isNew && !tk.unplaced && glides && opts.glide !== false);
      }
      tk.unplaced = false;
    }
    for (const [home, gs] of adopt) home.tokens.append(...gs);
    if (restLeft) makeLater();
    if (dopts.keep) markStep(view, !!opts.animate && duration >= MIN_ANIM_MS, duration);
    writeTitles();
    // Keep the running tokens on top, and moving ones above all.
    lastRender = view;
  }

  relabel();
  return { render, relabel, svg, get last() { return lastRender; } };
}
