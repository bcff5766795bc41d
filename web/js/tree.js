// tree.js: the process tree (PID, PPID, name, state letter) with each
// task's counters (user/kernel ticks, voluntary/involuntary switches). When
// a process has several threads the table reads like `ps -L`: a PID, TID and
// NLWP column, and each process's other threads listed under its main thread
// (they share its PID; they are not children of anyone).
//
// The cells that changed in the shown step stay marked until the next one
// (issue 12, part 3): view.prev holds the tasks after the step before (see
// fold.js), and each cell whose value differs from it has the class "chg"
// and data-changed="1", with a title that says what it was; a task that
// is new in this step has its row marked (tr.new, data-new="1"). Without
// view.prev (step 0, a view the page cannot compare) nothing is marked.
// The table (table.ptable) carries data-step, and the class "still" when it
// redraws the step it showed already (no flash again).
import { t } from './i18n.js';
import { taskColor, STATE_LETTER } from './colors.js';

// isThread reports whether task x is a thread other than its process's main
// thread (its tgid is another task's pid). Tasks without a tgid (the live
// lab's) are processes.
function isThread(x) {
  return !!x.tgid && x.tgid !== x.pid;
}

// treeOrder returns the tasks depth first from the roots, with their depth.
// A process's other threads follow its main thread one level deeper, with
// thread: true, in TID order.
export function treeOrder(tasks) {
  const byPid = new Map(tasks.map(x => [x.pid, x]));
  const kids = new Map();
  const threads = new Map(); // tgid -> the other threads of that process
  const roots = [];
  for (const x of tasks) {
    if (isThread(x) && byPid.has(x.tgid)) {
      if (!threads.has(x.tgid)) threads.set(x.tgid, []);
      threads.get(x.tgid).push(x);
    } else if (x.ppid && byPid.has(x.ppid) && x.ppid !== x.pid) {
      if (!kids.has(x.ppid)) kids.set(x.ppid, []);
      kids.get(x.ppid).push(x);
    } else roots.push(x);
  }
  const out = [];
  const seen = new Set();
  const walk = (x, depth, last) => {
    if (seen.has(x.pid)) return;
    seen.add(x.pid);
    out.push({ task: x, depth, last });
    const th = (threads.get(x.pid) || []).sort((a, b) => a.pid - b.pid);
    th.forEach((c, i) => { seen.add(c.pid); out.push({ task: c, depth: depth + 1, last: i === th.length - 1, thread: true }); });
    const ch = (kids.get(x.pid) || []).sort((a, b) => a.pid - b.pid);
    ch.forEach((c, i) => walk(c, depth + 1, i === ch.length - 1));
  };
  roots.sort((a, b) => a.pid - b.pid).forEach(r => walk(r, 0, true));
  return out;
}

// threadedTable reports whether the table needs the ps -L columns: some
// task is a thread of a process with several.
export function threadedTable(tasks) {
  return tasks.some(isThread);
}

// esc makes text safe inside HTML and attribute values.
const esc = s => String(s ?? '').replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

// waitStatus is what the parent's wait() learns about an ended task: its
// exit code, or the signal that killed it (then there is no exit code).
export function waitStatus(x) {
  if (x.signal) return ` <span class="ws killed" title="${esc(t('tree.status.title'))}">${esc(t('tree.status.killed', { sig: x.signal }))}</span>`;
  if (x.exit_code !== undefined && x.exit_code !== null) return ` <span class="ws" title="${esc(t('tree.status.title'))}">${esc(t('tree.status.exit', { code: x.exit_code }))}</span>`;
  return '';
}

// wchanOf shows a blocked task's wait channel, the kernel function it
// sleeps in (the server names it as /proc/PID/wchan would).
export function wchanOf(x) {
  if (!x.wchan) return '';
  // A narrow table may break a long name (hrtimer_nanosleep) after an underscore, never inside a word.
  return ` <code class="wchan" title="${esc(t('tree.wchan.title'))}">${esc(x.wchan).replace(/_/g, '_<wbr>')}</code>`;
}

// fmtState is a task's state cell as words: the state, then its wait
// status or wait channel (for the title of a changed cell).
function fmtState(x) {
  let s = `${STATE_LETTER[x.state] || '?'} ${t('state.' + x.state)}`;
  if (x.signal) s += ` (${t('tree.status.killed', { sig: x.signal })})`;
  else if (x.exit_code !== undefined && x.exit_code !== null) s += ` (${t('tree.status.exit', { code: x.exit_code })})`;
  if (x.wchan) s += ` ${x.wchan}`;
  return s;
}

// CELLS are the table's columns that can change in a step: each one's
// value as the table shows it, as text.
const CELLS = {
  ppid: x => String(x.ppid || '–'),
  nlwp: x => String(x.nlwp || '–'),
  name: x => String(x.name ?? ''),
  state: fmtState,
  ticks: x => `${x.user_ticks ?? 0}/${x.kernel_ticks ?? 0}`,
  sw: x => `${x.vcsw ?? 0}/${x.nvcsw ?? 0}`,
};

// changesOf compares task x with the same task in prev (the tasks after
// the step before) and returns what changed: null when prev is unknown,
// {new: true} for a task that was not there, else {column: old text} for
// each column of CELLS whose text differs (an empty object: no change).
export function changesOf(prev, x) {
  if (!Array.isArray(prev)) return null;
  return changesAgainst(byPid(prev), x);
}

// byPid indexes tasks by PID (a table of thousands compares each row in
// constant time, not by a search of the whole list).
function byPid(tasks) {
  const m = new Map();
  for (const p of tasks) m.set(p.pid, p);
  return m;
}

// changesAgainst is changesOf with the tasks before indexed by PID (byPid).
function changesAgainst(before, x) {
  const was = before.get(x.pid);
  if (!was) return { new: true };
  const out = {};
  for (const k in CELLS) {
    const f = CELLS[k];
    const old = f(was);
    if (old !== f(x)) out[k] = old;
  }
  return out;
}

// rowSpec says what one row of the table shows: its classes (cls), whether
// it is new in the step (isNew), and its cells, each {cls, title, col (the
// column of a cell that changed in the step, else ''), html (its content)
// or pair (two numbers drawn "a/b")}. ctx: {ps, jobs, step, ch (changesOf)}.
export function rowSpec(x, depth, thread, ctx) {
  const { ps, jobs, step } = ctx;
  const ch = ctx.ch || {};
  const c = taskColor(x.pid);
  // mark gives a cell with its own classes (cls) and, when col changed in
  // this step, the class chg and a title saying what it was.
  const mark = (col, cls, content) => {
    const on = col in ch;
    return { cls: (cls + (on ? ' chg' : '')).trim(), title: on ? t('marks.was', { old: ch[col], n: step }) : null, col: on ? col : '', ...content };
  };
  const pid = ps ? x.tgid || x.pid : x.pid;
  let indent = '';
  if (thread && depth) indent = `<span class="indent" style="width:${(depth - 1) * 16}px"></span><span class="branch thr" title="${esc(t('tree.thread.title', { pid }))}">↳</span>`;
  else if (depth) indent = `<span class="indent" style="width:${(depth - 1) * 16}px"></span><span class="branch">└</span>`;
  const group = t('tree.group.title', { pgid: x.pgid ?? '–', sid: x.sid ?? '–' });
  const cells = [];
  if (!jobs) {
    cells.push({ cls: `pid${ch.new ? ' chg' : ''}`, title: ch.new ? `${t('marks.new', { n: step })} — ${group}` : group, col: '',
      html: `<i class="dot" style="background:${c.fill}"></i>${ps && thread ? `<span class="same">${pid}</span>` : pid}` });
  }
  if (ps) cells.push({ cls: 'tid', title: null, col: '', html: String(x.pid) });
  if (!jobs) cells.push(mark('ppid', '', { html: String(x.ppid || '–') }));
  if (ps) cells.push(mark('nlwp', 'num', { html: String(x.nlwp || '–') }));
  cells.push(mark('name', 'name', { html: `${jobs ? `<i class="dot" style="background:${c.fill}"></i>` : indent}${esc(x.name)}` }));
  cells.push(mark('state', 'state', { html: `<span class="letter st-${x.state}" title="${esc(t('state.' + x.state))}">${STATE_LETTER[x.state] || '?'}</span> <span class="st-name">${esc(t('state.' + x.state))}</span>${waitStatus(x)}${wchanOf(x)}` }));
  cells.push(mark('ticks', 'num', { pair: [x.user_ticks ?? 0, x.kernel_ticks ?? 0] }));
  cells.push(mark('sw', 'num sw', { pair: [x.vcsw ?? 0, x.nvcsw ?? 0] }));
  return { cls: `st-${x.state}${thread ? ' thread' : ''}${ch.new ? ' new' : ''}`, isNew: !!ch.new, cells };
}

// rowHTML is the row of task pid, as rowSpec says it, as HTML.
function rowHTML(pid, spec) {
  return `<tr class="${spec.cls}" data-task="${pid}"${spec.isNew ? ' data-new="1"' : ''}>` + spec.cells.map(cellHTML).join('') + '</tr>';
}

// cellHTML is a cell of rowSpec as HTML.
function cellHTML(c) {
  const attrs = (c.cls ? ` class="${c.cls}"` : '') + (c.col ? ` data-changed="1" data-col="${c.col}"` : '') +
    (c.title !== null ? ` title="${esc(c.title)}"` : '');
  return `<td${attrs}>${c.pair ? `${c.pair[0]}<span class="sl">/</span>${c.pair[1]}` : c.html}</td>`;
}

// headHTML is the table's header row for its columns.
function headHTML(ps, jobs) {
  return `<tr>` + (jobs ? '' : `<th${ps ? ` title="${esc(t('col.pid.title'))}"` : ''}>${t('col.pid')}</th>`) +
    (ps ? `<th title="${esc(t('col.tid.title'))}">${t('col.tid')}</th>` : '') +
    (jobs ? '' : `<th>${t('col.ppid')}</th>`) +
    (ps ? `<th class="num" title="${esc(t('col.nlwp.title'))}">${t('col.nlwp')}</th>` : '') +
    `<th>${t('col.name')}</th><th>${t('col.state')}</th>` +
    `<th class="num" title="${t('col.ticks.title')}">${t('col.ticks')}</th><th class="num sw" title="${t('col.sw.title')}">${t('col.switches')}</th></tr>`;
}

// VIRTUAL_MIN: a table of more rows than this is virtual: it draws only
// the rows in and near the viewport, between two spacer rows as tall as
// the rows left out (a first draw of the largest run lays out tens of rows,
// not 3,030). Smaller tables, every lesson's, draw all their rows, so the
// browser's find in page sees every task. OVERSCAN rows are drawn above and
// below the rows in sight; ROW_GUESS is a row's height (px) until one is
// measured, and FIRST_ROWS the rows a virtual table draws before it knows
// where the viewport is.
export const VIRTUAL_MIN = 200;
const OVERSCAN = 30, ROW_GUESS = 30, FIRST_ROWS = 60;

// rowsInSight says which rows, [first, last] of a virtual table of n
// rows, are in sight: sight is the body's part in the viewport, {top,
// bottom} in px from the body's top; drawn the rows drawn, {from, to,
// top, bottom} (rows [from, to), from top to bottom px); heights the drawn
// rows' heights (px), in order; rowH a row's mean height (px). In the rows
// drawn it counts their heights; beyond them it counts rows of rowH from
// their edges.
export function rowsInSight(n, sight, drawn, heights, rowH) {
  const h = rowH > 0 ? rowH : ROW_GUESS;
  const at = y => {
    if (y < drawn.top) return drawn.from - Math.ceil((drawn.top - y) / h);
    if (y >= drawn.bottom) return drawn.to + Math.floor((y - drawn.bottom) / h);
    let edge = drawn.top;
    for (let i = 0; i < heights.length; i++) {
      edge += heights[i];
      if (y < edge) return drawn.from + i;
    }
    return drawn.to - 1;
  };
  const clamp = i => Math.max(0, Math.min(n - 1, i));
  const first = clamp(at(Math.max(0, sight.top)));
  return [first, Math.max(first, clamp(at(sight.bottom - 1)))];
}

// rangeFor is the rows to draw, [from, to), for rows [first, last] in
// sight: OVERSCAN more each side.
export function rangeFor(n, first, last) {
  return [Math.max(0, first - OVERSCAN), Math.min(n, last + 1 + OVERSCAN)];
}

// tables holds, per container, the table drawn last: its element, its
// columns (key), header, tbody, the step it shows, its rows by PID
// ({tr, cls, isNew, cells: [{td, c}]}, c the rowSpec cell drawn), and for
// the body: the rows in order (order), the context of their specs (ctx,
// before), and for a virtual table the rows drawn [from, to), the top
// spacer's height (topH, px), a row's mean height (rowH, px), the height
// its bottom spacer counts per row (spacerH) and the spacer rows (top,
// bottom).
const tables = new WeakMap();

// renderTree draws the process table of view into container. The table
// is kept between draws: a row stays the same element while its task is
// listed (keyed by PID), and a draw changes only the classes, attributes
// and text that differ from what the row shows; a new task's row is
// built, a gone one's removed. When the step changed, the table's
// data-flash flips, which restarts the flash of every changed cell (a
// cell marked in two steps running flashes again, as a rebuilt one did).
// A table of more than VIRTUAL_MIN rows draws only those near the
// viewport and draws others as the page scrolls (its tbody says
// data-rows, data-from and data-to: all its rows and those drawn).
export function renderTree(container, view) {
  const live = view.tasks.filter(x => x.state !== 'dead');
  const dead = view.tasks.filter(x => x.state === 'dead');
  const rows = treeOrder(live).concat(dead.map(x => ({ task: x, depth: 0, last: true, thread: isThread(x) })));
  const ps = threadedTable(view.tasks);
  // A job of the jobs model is named by its name alone: no PID or PPID column (issue 12, part 5).
  const jobs = !!view.jobs && !ps;
  const step = view.step ?? 0;
  const key = `${ps}|${jobs}`;
  let tb = tables.get(container);
  if (!tb || tb.key !== key || !container.contains(tb.table)) {
    // A redraw of the step already shown (a language switch) keeps its
    // marks without flashing them again.
    const old = container.querySelector('table.ptable');
    const still = !!old && old.dataset.step === String(step);
    container.innerHTML = `<table class="ptable${ps ? ' ps' : ''}${still ? ' still' : ''}" data-step="${step}" data-flash="0"><thead></thead><tbody></tbody></table>`;
    const table = container.firstChild;
    tb = { key, table, thead: table.firstChild, tbody: table.lastChild, head: '', step, rows: new Map(),
      rowH: tb ? tb.rowH : 0, from: 0, to: 0, topH: 0, top: null, bottom: null };
    tables.set(container, tb);
    watchScroll(container);
  } else {
    const still = tb.step === step;
    const cls = `ptable${ps ? ' ps' : ''}${still ? ' still' : ''}`;
    if (tb.table.className !== cls) tb.table.className = cls;
    if (!still) {
      tb.table.dataset.step = String(step);
      tb.table.dataset.flash = tb.table.dataset.flash === '1' ? '0' : '1';
      tb.step = step;
    }
  }
  const head = headHTML(ps, jobs);
  if (tb.head !== head) { tb.thead.innerHTML = head; tb.head = head; }
  tb.order = rows;
  tb.ctx = { ps, jobs, step };
  tb.before = Array.isArray(view.prev) ? byPid(view.prev) : null;
  // A virtual table draws the rows it drew (the page scrolls, not the
  // rows); its first draw, the first FIRST_ROWS.
  const n = rows.length;
  if (n > VIRTUAL_MIN) {
    if (!tb.to) { tb.from = 0; tb.to = Math.min(n, FIRST_ROWS); tb.topH = 0; }
    tb.to = Math.min(tb.to, n);
    tb.from = Math.min(tb.from, Math.max(0, tb.to - 1));
  }
  drawBody(container, tb);
  if (rows.length > VIRTUAL_MIN) checkSoon(container);
}

// drawBody draws the rows of tb.order that the table shows: all of them,
// or for a virtual table rows [tb.from, tb.to) between two spacers, the
// top one tb.topH px tall.
function drawBody(container, tb) {
  const n = tb.order.length;
  const virtual = n > VIRTUAL_MIN;
  const [from, to] = virtual ? [tb.from, tb.to] : [0, n];
  const rows = virtual ? tb.order.slice(from, to) : tb.order;
  const { before } = tb;
  const specs = rows.map(({ task: x, depth, thread }) => rowSpec(x, depth, thread, { ...tb.ctx, ch: before ? changesAgainst(before, x) : {} }));
  // The rows of tasks not drawn yet are built from one piece of HTML (a
  // first draw of thousands of rows parses once, not a cell at a time).
  let html = '';
  const index = new Map(); // PID -> its row's index in rows
  rows.forEach(({ task: x }, i) => {
    index.set(x.pid, i);
    const r = tb.rows.get(x.pid);
    if (r && r.cells.length !== specs[i].cells.length) { r.tr.remove(); tb.rows.delete(x.pid); }
    if (!tb.rows.has(x.pid)) html += rowHTML(x.pid, specs[i]);
  });
  if (html) {
    const tmp = container.ownerDocument.createElement('tbody');
    tmp.innerHTML = html;
    for (const tr of [...tmp.children]) {
      const pid = Number(tr.dataset.task);
      const spec = specs[index.get(pid)];
      tb.rows.set(pid, { tr, cls: spec.cls, isNew: spec.isNew, cells: [...tr.children].map((td, i) => ({ td, c: spec.cells[i] })) });
    }
  }
  const seen = new Set();
  const body = tb.tbody;
  // The browser keeps a node in sight where it was when the content above
  // it changes (scroll anchoring): a row it chose would move the scroll
  // each time the spacers change, and the table draw other rows again.
  const anchor = virtual ? 'none' : '';
  if (body.style.overflowAnchor !== anchor) body.style.overflowAnchor = anchor;
  if (virtual) {
    const cols = specs.length ? specs[0].cells.length : 1;
    tb.top = spacer(container, tb.top, cols, from ? tb.topH : 0);
    tb.spacerH = tb.rowH || ROW_GUESS;
    tb.bottom = spacer(container, tb.bottom, cols, (n - to) * tb.spacerH);
    if (body.firstChild !== tb.top) body.insertBefore(tb.top, body.firstChild);
  } else {
    if (tb.top) { tb.top.remove(); tb.top = null; }
    if (tb.bottom) { tb.bottom.remove(); tb.bottom = null; }
  }
  let ref = virtual ? tb.top.nextSibling : body.firstChild;
  rows.forEach(({ task: x }, k) => {
    const spec = specs[k];
    const r = tb.rows.get(x.pid);
    seen.add(x.pid);
    if (r.cls !== spec.cls) { r.tr.className = spec.cls; r.cls = spec.cls; }
    if (r.isNew !== spec.isNew) {
      if (spec.isNew) r.tr.dataset.new = '1'; else delete r.tr.dataset.new;
      r.isNew = spec.isNew;
    }
    spec.cells.forEach((c, i) => patchCell(r.cells[i], c));
    if (r.tr === ref) ref = ref.nextSibling;
    else body.insertBefore(r.tr, ref);
  });
  for (const [pid, r] of tb.rows) {
    if (!seen.has(pid)) { r.tr.remove(); tb.rows.delete(pid); }
  }
  if (virtual && body.lastChild !== tb.bottom) body.append(tb.bottom);
  if (!virtual) { tb.from = 0; tb.to = 0; tb.topH = 0; }
  setData(body, 'rows', virtual ? String(n) : null);
  setData(body, 'from', virtual ? String(from) : null);
  setData(body, 'to', virtual ? String(to) : null);
}

// setData sets (or, for null, removes) data-NAME of element e when it differs.
function setData(e, name, value) {
  if (value === null) { if (name in e.dataset) delete e.dataset[name]; } else if (e.dataset[name] !== value) e.dataset[name] = value;
}

// spacer returns the spacer row tr (made when null) spanning cols columns,
// h px tall. It is hidden from assistive technology: it shows no task.
function spacer(container, tr, cols, h) {
  if (!tr) {
    tr = container.ownerDocument.createElement('tr');
    tr.className = 'vspace';
    tr.setAttribute('aria-hidden', 'true');
    tr.append(container.ownerDocument.createElement('td'));
    tr.firstChild.style.cssText = 'padding:0;border:0';
  }
  const td = tr.firstChild;
  if (td.colSpan !== cols) td.colSpan = cols;
  const hs = `${Math.round(h)}px`;
  if (td.style.height !== hs) td.style.height = hs;
  tr.hidden = h <= 0;
  return tr;
}

// sightOf is the part of a table body (box: its client rect) in sight,
// {top, bottom} in px from the body's top: the viewport, clipped by every
// box around the table that clips its content (a card that scrolls, at
// some widths the process table's own).
function sightOf(container, box, win) {
  const doc = container.ownerDocument;
  let top = 0, bottom = win.innerHeight || doc.documentElement.clientHeight;
  for (let e = container; e && e !== doc.body && e !== doc.documentElement; e = e.parentElement) {
    if (win.getComputedStyle(e).overflowY === 'visible') continue;
    const r = e.getBoundingClientRect();
    top = Math.max(top, r.top);
    bottom = Math.min(bottom, r.bottom);
  }
  return { top: top - box.top, bottom: bottom - box.top };
}

// watched: the containers whose virtual table follows the page's scrolls.
const watched = new WeakSet();

// watchScroll makes container's table check what is in sight after any
// scroll in the page (a capturing listener: scroll events do not bubble)
// and any resize.
function watchScroll(container) {
  if (watched.has(container)) return;
  watched.add(container);
  const win = container.ownerDocument.defaultView;
  if (!win) return;
  const on = () => { const tb = tables.get(container); if (tb && tb.order && tb.order.length > VIRTUAL_MIN) checkSoon(container); };
  win.addEventListener('scroll', on, { capture: true, passive: true });
  win.addEventListener('resize', on, { passive: true });
}

// checkSoon checks, in the next animation frame (once however often it is
// asked), whether the virtual table in container draws the rows in sight,
// and draws them when not. Its measures come after the frame's draws
// have been written, so the page is laid out once for both.
const pending = new WeakSet();
function checkSoon(container) {
  const win = container.ownerDocument.defaultView;
  if (!win || pending.has(container)) return;
  pending.add(container);
  win.requestAnimationFrame(() => {
    pending.delete(container);
    const tb = tables.get(container);
    if (!tb || !tb.order || tb.order.length <= VIRTUAL_MIN || !container.contains(tb.table)) return;
    const n = tb.order.length;
    const box = tb.tbody.getBoundingClientRect();
    // A hidden table (another view) measures nothing: it keeps its rows.
    if (!box.height) return;
    const first = tb.top ? tb.top.nextSibling : null;
    const last = tb.bottom ? tb.bottom.previousSibling : null;
    // A row's height: the mean of the rows drawn (rows differ: a sleeping
    // task's wait channel takes a second line), and the rows drawn, in px
    // from the body's top.
    const heights = [];
    let drawnTop = 0, drawnBottom = 0;
    if (first && last && first !== tb.bottom && tb.to > tb.from) {
      drawnTop = first.getBoundingClientRect().top - box.top;
      for (let r = first; r && r !== tb.bottom; r = r.nextSibling) heights.push(r.getBoundingClientRect().height);
      drawnBottom = last.getBoundingClientRect().bottom - box.top;
      const h = (drawnBottom - drawnTop) / (tb.to - tb.from);
      if (h > 0) tb.rowH = h;
    }
    const sight = sightOf(container, box, win);
    if (sight.bottom <= 0 || sight.top >= box.height) {
      // Out of sight: the table keeps what it drew, its spacers sized.
      if (Math.abs(tb.spacerH - tb.rowH) > 0.5) drawBody(container, tb);
      return;
    }
    const drawn = { from: tb.from, to: tb.to, top: drawnTop, bottom: drawnBottom };
    const [a, b] = rowsInSight(n, sight, drawn, heights, tb.rowH);
    // Rows in sight, or within 10 rows of it, not drawn: draw them, the
    // top spacer as tall as the rows it stands for were where drawn.
    if ((a < tb.from + 10 && tb.from > 0) || (b >= tb.to - 10 && tb.to < n)) {
      const [from, to] = rangeFor(n, a, b);
      let topH;
      if (from === 0) topH = 0;
      else if (from < tb.from) topH = Math.max(0, drawnTop - (tb.from - from) * tb.rowH);
      else if (from < tb.to) topH = drawnTop + heights.slice(0, from - tb.from).reduce((x, y) => x + y, 0);
      else topH = drawnBottom + (from - tb.to) * tb.rowH;
      tb.from = from; tb.to = to; tb.topH = topH;
      drawBody(container, tb);
    }
  });
}

// patchCell makes the cell held (held.td, drawn as held.c) show c,
// changing only what differs; the two numbers of a pair change as text.
function patchCell(held, c) {
  const td = held.td;
  const was = held.c || { cls: '', title: null, col: '', html: null, pair: null };
  if (was.cls !== c.cls) { if (c.cls) td.className = c.cls; else td.removeAttribute('class'); }
  if (was.col !== c.col) {
    if (c.col) { td.dataset.changed = '1'; td.dataset.col = c.col; } else { delete td.dataset.changed; delete td.dataset.col; }
  }
  if (was.title !== c.title) { if (c.title !== null) td.title = c.title; else td.removeAttribute('title'); }
  if (c.pair) {
    if (was.pair) {
      if (was.pair[0] !== c.pair[0]) td.firstChild.data = String(c.pair[0]);
      if (was.pair[1] !== c.pair[1]) td.lastChild.data = String(c.pair[1]);
    } else {
      td.innerHTML = `${c.pair[0]}<span class="sl">/</span>${c.pair[1]}`;
    }
  } else if (was.html !== c.html) td.innerHTML = c.html;
  held.c = c;
}
