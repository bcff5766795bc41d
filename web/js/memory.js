// memory.js: the "Address space" card (#memory-card), shown when the
// loaded scenario uses memory (the snapshot has a "memory" field,
// docs/protocol.md and sim/memory.go). For each process it draws its
// regions (text, data, heap, stack) as rows of page cells, each with the
// physical frame it maps; pages that map the same frame share a colour; a
// write-protected page has a lock; the pages the shown step touched are
// marked (a fault, a copy, a reuse, a page that became private). Below, the
// counters of /proc/PID/smaps_rollup in KiB, as the live COW demo measures
// them. memoryModel is pure (memory.test.mjs); renderMemory draws it.
//
// DOM: #memory holds one .mm[data-pid][data-freed] per address space, in
// it one .mm-region[data-region] per region with one
// .mm-page[data-page][data-frame][data-maps] per page (classes shared,
// private, cow, ro, dirty, and mark-KIND for the step's events); #mem-counters
// holds one tr[data-pid] per address space in use with td[data-col].
import { t } from './i18n.js';
import { REGIONS, MEMORY_KINDS } from './memory-log.js';
import { logOf } from './logstore.js';

// SHARED_COLOURS tell shared frames apart: light fills dark text can sit
// on, distinguishable for the common colour-vision deficiencies (and a
// frame number is always written, so colour is never the only cue).
const SHARED_COLOURS = ['#9ecae1', '#fdd49e', '#c7e9c0', '#dadaeb', '#fcbba1', '#d9f0a3', '#c6dbef', '#fde0ef'];

const COUNTERS = ['rss', 'pss', 'shared_clean', 'shared_dirty', 'private_clean', 'private_dirty'];

// marksOf reads the memory events of step from the log items (memory-log.js
// gives them regionName, page and frame) and returns a Map from
// "PID:region:page" (the PID of the process, via tgid) to the marks.
function marksOf(items, step, tgid) {
  const out = new Map();
  for (const it of items || []) {
    if (it.step !== step || !MEMORY_KINDS.has(it.kind) || !it.params || it.params.regionName === undefined) continue;
    let mark = { page_fault: it.cause === 'read_only' ? 'segv' : 'fault', page_copy: 'copy', page_reuse: 'reuse',
      page_private: 'private', mem_read: 'read', mem_write: 'write' }[it.kind];
    if (!mark) continue;
    const key = `${tgid(it.pid)}:${it.params.regionName}:${it.params.page}`;
    const list = out.get(key) || [];
    if (mark === 'fault' && list.includes('copy')) mark = null;
    if (mark) list.push(mark);
    out.set(key, list);
  }
  return out;
}

// memoryModel turns the wire's memory state (mem: {frames, spaces}), the
// log items and the tasks of the shown step into what the card draws, or
// null when the scenario does not use memory. names maps PID -> name.
export function memoryModel(mem, { items = [], step = 0, tasks = [], names = {} } = {}) {
  if (!mem || !Array.isArray(mem.spaces)) return null;
  const tgidOf = new Map(tasks.map(x => [x.pid, x.tgid || x.pid]));
  const tgid = pid => tgidOf.get(pid) || pid;
  const marks = marksOf(items, step, tgid);
  const live = mem.spaces.filter(s => !s.freed);
  // Shared frames, numbered in frame order so that a frame keeps its colour.
  const shared = [...new Set(live.flatMap(s => s.regions.flatMap(r => r.pages.filter(p => p.maps >= 2).map(p => p.frame))))].sort((a, b) => a - b);
  const colour = new Map(shared.map((f, k) => [f, SHARED_COLOURS[k % SHARED_COLOURS.length]]));
  const spaces = [];
  // In creation order (an address space replaced at exec keeps its
  // place), the freed ones after those in use.
  for (const s of mem.spaces) {
    const threads = tasks.filter(x => (x.tgid || x.pid) === s.pid && x.pid !== s.pid && x.state !== 'dead' && !s.freed).map(x => x.pid);
    spaces.push({
      pid: s.pid, name: names[s.pid] || '', program: s.program, freed: s.freed || 0, threads,
      smaps: s.smaps || {},
      regions: (s.regions || []).map(r => ({
        name: r.name, perm: r.perm, start: r.start,
        pages: r.pages.map((p, n) => ({
          n, addr: p.addr, frame: p.frame, maps: p.maps, dirty: !!p.dirty,
          shared: p.maps >= 2, colour: colour.get(p.frame) || '',
          cow: r.name !== 'text' && !p.writable, ro: r.name === 'text',
          marks: marks.get(`${s.pid}:${r.name}:${n}`) || [],
        })),
      })),
    });
  }
  spaces.sort((a, b) => (a.freed ? 1 : 0) - (b.freed ? 1 : 0));
  return { frames: mem.frames || 0, spaces, counters: spaces.filter(s => !s.freed).map(s => ({ pid: s.pid, name: s.name, ...pick(s.smaps) })) };
}

function pick(sm) {
  const out = {};
  for (const c of COUNTERS) out[c] = sm[c] ?? 0;
  return out;
}

function h(doc, tag, attrs, ...kids) {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of kids.flat()) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

// lock is the padlock drawn on a write-protected page (an SVG: emoji
// fonts are missing on many classroom machines).
function lock(doc) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = doc.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 12 14');
  svg.setAttribute('class', 'mm-lock');
  svg.setAttribute('aria-hidden', 'true');
  const body = doc.createElementNS(ns, 'rect');
  for (const [k, v] of Object.entries({ x: 1, y: 6, width: 10, height: 7.5, rx: 1.5 })) body.setAttribute(k, String(v));
  const shackle = doc.createElementNS(ns, 'path');
  shackle.setAttribute('d', 'M3.3 6.2V4.3a2.7 2.7 0 0 1 5.4 0v1.9');
  svg.append(body, shackle);
  return svg;
}

// pageTitle is a page cell's tooltip and accessible name.
function pageTitle(p, region) {
  const parts = [`${t(`mem.region.${region}`)} ${t('mem.page', { n: p.n })}`, p.addr, t('mem.frame', { n: p.frame }), t('mem.maps', { n: p.maps }),
    p.dirty ? t('mem.dirty') : t('mem.clean')];
  if (p.cow) parts.push(t('mem.cow'));
  if (p.ro) parts.push(t('mem.ro'));
  return parts.join(' · ');
}

// renderMemory draws model (memoryModel's answer) into the card's elements:
// el (#memory) and table (#mem-counters).
export function renderMemory(el, table, model) {
  const doc = el.ownerDocument;
  const frag = doc.createDocumentFragment();
  if (!model.spaces.length) frag.append(h(doc, 'p', { class: 'muted', text: t('mem.none') }));
  for (const s of model.spaces) {
    const head = h(doc, 'div', { class: 'mm-head' },
      h(doc, 'span', { class: 'mm-pid', text: s.name ? `P${s.pid} (${s.name})` : `P${s.pid}` }),
      s.freed ? h(doc, 'span', { class: 'mm-freed', text: t('mem.freed', { n: s.freed }) }) : null,
      s.threads.length ? h(doc, 'span', { class: 'mm-threads', text: t('mem.threads', { list: s.threads.map(p => `TID ${p}`).join(', ') }) }) : null);
    const box = h(doc, 'div', { class: `mm${s.freed ? ' freed' : ''}`, 'data-pid': s.pid, 'data-freed': s.freed || undefined }, head);
    for (const r of s.regions) {
      const cells = r.pages.map(p => {
        const cls = ['mm-page', p.shared ? 'shared' : 'private', p.cow ? 'cow' : '', p.ro ? 'ro' : '', p.dirty ? 'dirty' : '', ...p.marks.map(m => `mark-${m}`)].filter(Boolean).join(' ');
        const cell = h(doc, 'div', { class: cls, 'data-page': p.n, 'data-frame': p.frame, 'data-maps': p.maps, title: pageTitle(p, r.name), 'aria-label': pageTitle(p, r.name) },
          h(doc, 'span', { class: 'mm-frame', text: String(p.frame) }),
          p.cow ? lock(doc) : null,
          p.marks.length ? h(doc, 'span', { class: 'mm-mark', text: p.marks.map(m => t(`mem.mark.${m}`)).join(' → ') }) : null);
        if (p.shared) cell.style.background = p.colour;
        return cell;
      });
      box.append(h(doc, 'div', { class: 'mm-region', 'data-region': r.name },
        h(doc, 'div', { class: 'mm-rname' }, h(doc, 'b', { text: t(`mem.region.${r.name}`) }), h(doc, 'span', { class: 'mm-addr', text: `${r.start} ${r.perm}` })),
        h(doc, 'div', { class: 'mm-pages' }, cells)));
    }
    frag.append(box);
  }
  frag.append(h(doc, 'p', { class: 'muted mm-frames', text: t('mem.frames', { n: model.frames }) }));
  el.replaceChildren(frag);
  const thead = h(doc, 'tr', {}, h(doc, 'th', { text: t('mem.col.proc') }), COUNTERS.map(c => h(doc, 'th', { text: t(`mem.col.${c}`) })));
  const rows = model.counters.map(c => h(doc, 'tr', { 'data-pid': c.pid },
    h(doc, 'th', { text: c.name ? `P${c.pid} (${c.name})` : `P${c.pid}` }),
    COUNTERS.map(k => h(doc, 'td', { 'data-col': k, text: String(c[k]) }))));
  // Once every address space is freed there is nothing to count: no empty header.
  table.hidden = !rows.length;
  table.replaceChildren(h(doc, 'caption', { text: t('mem.counters') }), h(doc, 'thead', {}, thead), h(doc, 'tbody', {}, rows));
}

// usesMemory reports whether a view (fold.js) has memory state to show.
export function usesMemory(view) {
  return !!(view && view.memory && Array.isArray(view.memory.spaces));
}

// drawMemoryCard shows the card when the view has memory state and draws
// it: the side column (#race-side) is shown with it, and a scenario with
// no threads gets the body class "mem-lab" (memory.css lays it out and
// hides the race lab's other cards). Without memory it hides the card and
// leaves the side column to the race lab.
export function drawMemoryCard(doc, view) {
  const card = doc.getElementById('memory-card');
  if (!card) return;
  const model = usesMemory(view)
    ? memoryModel(view.memory, { items: logOf(view.log).itemsAt(view.step), step: view.step, tasks: view.tasks, names: view.names || {} })
    : null;
  // (hidden written only when it changes: each write restyles, at every step)
  if (card.hidden !== !model) card.hidden = !model;
  doc.body.classList.toggle('mem-lab', !!model && !doc.body.classList.contains('race-lab'));
  if (!model) return;
  const side = doc.getElementById('race-side');
  if (side.hidden) side.hidden = false;
  renderMemory(doc.getElementById('memory'), doc.getElementById('mem-counters'), model);
}

export { REGIONS };
