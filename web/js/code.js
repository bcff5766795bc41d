// code.js: the program panes. Each program of the scenario with its line
// numbers; every live task shows a marker in its colour ("P2") on the line
// it is at, and the line a running task executes is highlighted. A line or
// a program's head with more than MAX_CHIPS tasks shows MAX_CHIPS chips and
// a "+k" button (button.more-chips) for the others.
//
// Two marks say what the shown step did, and they stay until the next step:
// the line a task RAN in it (view.ran, see fold.js) is tinted and carries a
// ✓ in the gutter (li.ran, span.ran-mark), and the line a live task runs
// NEXT carries a ▶ (li.next, span.next-mark; the running task's next line
// is also outlined in its colour, li.running). Each mark has a title that
// says it in words, naming the task as the page does (P3, TID 3), and the
// panel's legend (index.html) explains both. A thread pane marks every
// task of its program this way: a statement any of them ran (✓, with the
// micro-step it ran: div.micro-ran collapsed, li.micro.ran expanded) and
// the statements they run next (▶).
//
// A thread's program (the race lab) is drawn differently: one row per
// statement (collapsed), each expandable into its micro-steps (a button per
// statement, and one per thread for all of them), the thread's current
// micro-step (task pc = code[].index) highlighted, and its registers and
// locals next to it. Hooks: .prog[data-thread] with data-pc; li.stmt
// [data-line] (class "cur" at the pc, aria-expanded on its toggle);
// li.micro[data-index] (class "cur"); .locals [data-local=NAME] with
// data-value; button[data-micro-all=PROG] expands a whole thread. When
// several tasks run one program (goroutines of one Go function), the
// others' chips mark their statements (li.stmt.at .marks.others), their
// states follow the name (.th-other) and each has its own .locals
// (data-pid).
import { microText } from './i18n-micro.js';
import { t, getLang, NAMES_AT_MOST, namesAtMost } from './i18n.js';
import { taskColor } from './colors.js';
import { threadStatus } from './race-model.js';
import { taskTag } from './fold.js';

const LIVE = new Set(['runnable', 'running', 'sleeping', 'disk', 'stopped', 'traced']);

// Expanded statements ("prog:firstIndex") and programs survive redraws.
const expanded = new Set();

// MAX_CHIPS: the most task chips a program's head or one of its lines
// shows (12: about three rows of them beside a line in the side column). Past it, a "+k" button (button.chip.more-chips, data-more-chips
// "prog:head" or "prog:line") stands for the others: its title names them,
// and a click shows them all (the button then shows "−" and a click hides
// them again). The largest run the limits allow has 2,967 live tasks of one
// program, two lines of them: their chips were most of the page's elements
// (issue 14, part 2, first render). Running tasks are shown first.
export const MAX_CHIPS = 12;

// Chip lists shown whole ("prog:head", "prog:line"), kept between redraws.
const openChips = new Set();

// toggleMicro handles a click in the code panel; true if it was a toggle
// (of a statement's micro-steps, a thread's, or a list of chips shown
// whole: see MAX_CHIPS).
export function toggleMicro(target) {
  const m = target.closest && target.closest('button[data-more-chips]');
  if (m) {
    const k = m.dataset.moreChips;
    if (openChips.has(k)) openChips.delete(k); else openChips.add(k);
    return true;
  }
  const b = target.closest && target.closest('button[data-micro], button[data-micro-all]');
  if (!b) return false;
  if (b.dataset.microAll !== undefined) {
    const prog = b.dataset.microAll;
    const keys = [...b.closest('.prog').querySelectorAll('button[data-micro]')].map(x => x.dataset.micro);
    const open = keys.some(k => !expanded.has(k));
    for (const k of keys) if (open) expanded.add(k); else expanded.delete(k);
    if (!keys.length) expanded.add(`${prog}:all`);
  } else if (expanded.has(b.dataset.micro)) expanded.delete(b.dataset.micro);
  else expanded.add(b.dataset.micro);
  return true;
}

// resetMicro collapses every statement and chip list (a new scenario).
export function resetMicro() {
  expanded.clear();
  openChips.clear();
}

// statements groups a thread's instructions by statement: consecutive
// entries of the same line. [{line, text, first, micro: [{index, micro}]}].
export function statements(code) {
  const out = [];
  for (const c of code || []) {
    const last = out[out.length - 1];
    if (last && last.line === c.line && last.text === c.text && c.index === last.micro[last.micro.length - 1].index + 1) last.micro.push(c);
    else out.push({ line: c.line, text: c.text, first: c.index, micro: [c] });
  }
  return out;
}

// panes holds, per container, what renderCode drew last: the programs
// array and its shape (shapeOf), and a record per program: a thread's
// pane element ({thread: true, el}), a program's pane kept between draws
// ({box, head, lines: [{li, gut, marks, cls, task}]}), or one not built
// yet ({box, head, pending: true}: see renderCode's build).
const panes = new WeakMap();

// shapeOf is a key of what a program pane's elements depend on: each
// program's name, kind and lines. Panes are built again only when it
// changes (another scenario).
function shapeOf(programs) {
  return JSON.stringify(programs.map(p => [p.name, !!p.thread, p.thread ? p.code && p.code.length : (p.code || []).map(l => [l.line, l.text])]));
}

// renderCode draws the programs and the view's tasks into container. A
// program's pane is kept between draws: its lines stay the same elements,
// and a draw changes only the classes, marks and chips that differ (the
// highlight moves by the classes of two lines). A thread's pane (the race
// lab) is drawn again whole.
//
// build is how many program panes are built, the first ones; each of the
// others is left as its box and head alone (pending), as tall as its lines
// will make it (--pane-lines: app.css), until a draw with a larger build.
// A run's first draw builds the few panes a screen shows: the largest run
// the limits allow has 64 programs, about 450 lines and 2,300 elements of
// panes, 17,000 px of them below the screen (app.js drawStep). It returns
// whether panes are left pending.
export function renderCode(container, programs, view, decl, build = Infinity) {
  const doc = container.ownerDocument;
  if (!programs || !programs.length) {
    const p = doc.createElement('p');
    p.className = 'muted';
    p.textContent = t('code.none');
    container.replaceChildren(p);
    panes.delete(container);
    return;
  }
  const at = new Map(); // "prog:line" -> [task]
  for (const task of view.tasks) {
    if (!LIVE.has(task.state) || !task.line || task.program < 0) continue;
    const k = `${task.program}:${task.line}`;
    if (!at.has(k)) at.set(k, []);
    at.get(k).push(task);
  }
  const ranAt = new Map(); // "prog:line" -> [pid]: the lines run in the shown step
  for (const r of view.ran || []) {
    const k = `${r.program}:${r.line}`;
    if (!ranAt.has(k)) ranAt.set(k, []);
    ranAt.get(k).push(r.pid);
  }
  let st = panes.get(container);
  const shape = st && st.programs === programs ? st.shape : shapeOf(programs);
  if (!st || st.shape !== shape || (st.panes[0] && !container.contains(st.panes[0].box || st.panes[0].el))) {
    st = { shape, panes: programs.map((prog, i) => (prog.thread ? { thread: true, el: doc.createElement('div') } : i < build ? progPane(doc, prog, i) : pendingPane(doc, prog, i))) };
    container.replaceChildren(...st.panes.map(p => p.box || p.el));
    panes.set(container, st);
  }
  let pending = false;
  programs.forEach((prog, i) => {
    const pane = st.panes[i];
    if (!pane.pending) return;
    if (i >= build) { pending = true; return; }
    const built = progPane(doc, prog, i);
    pane.box.replaceWith(built.box);
    st.panes[i] = built;
  });
  st.programs = programs;
  const live = new Map(); // program -> its live tasks, in the view's order
  for (const task of view.tasks) {
    if (!LIVE.has(task.state)) continue;
    if (!live.has(task.program)) live.set(task.program, []);
    live.get(task.program).push(task);
  }
  // Two passes over the programs' lines: the first takes out the chips of
  // tasks that left a line (into moved, by PID) and the gutter marks a
  // line no longer shows (into spare), the second puts each line's chips
  // and marks in place, moving a chip that changed line, or a mark, rather
  // than making a new one. A chip or mark that stays on its line is not
  // touched but for what differs (a chip's class when its task starts or
  // stops running, a mark's title).
  const moved = new Map(); // PID -> chip taken out of a line
  const spare = { 'ran-mark': [], 'next-mark': [] }; // gutter marks taken out of a line
  const todo = [];
  programs.forEach((prog, i) => {
    const pane = st.panes[i];
    if (pane.thread) {
      const el = threadPane(doc, prog, i, view, decl);
      pane.el.replaceWith(el);
      pane.el = el;
      return;
    }
    if (pane.pending) return;
    patchChips(pane.head, 1, pickChips(live.get(i) || [], `${i}:head`), null, view, null);
    for (const ln of pane.lines) {
      const k = `${i}:${ln.line}`;
      const here = at.get(k);
      const ranHere = ranAt.get(k);
      // A line with nothing to show that shows nothing (no class: no
      // chip, no mark) is left alone.
      if (!here && !ranHere && ln.cls === '') continue;
      const want = here || [];
      const pick = pickChips(want, k);
      dropChips(ln.marks, 0, pick.shown, moved);
      dropMarks(ln.gut, !!ranHere, want.length > 0, spare);
      todo.push([ln, want, ranHere, pick]);
    }
  });
  for (const [ln, here, ranHere, pick] of todo) {
    const running = here.find(x => x.state === 'running');
    const ran = ranHere ? [...new Set(ranHere)] : [];
    const next = [...new Set(here.map(x => x.pid))];
    // crowd: more chips than MAX_CHIPS; they go in rows under the code (app.css).
    const cls = [here.length ? 'at' : '', running ? 'running' : '', ran.length ? 'ran' : '', next.length ? 'next' : '', here.length > MAX_CHIPS ? 'crowd' : ''].filter(Boolean).join(' ');
    if (ln.cls !== cls) { if (cls) ln.li.className = cls; else ln.li.removeAttribute('class'); ln.cls = cls; }
    const fill = running ? taskColor(running.pid).fill : '';
    if (ln.task !== fill) {
      if (fill) ln.li.style.setProperty('--task', fill); else ln.li.removeAttribute('style');
      ln.task = fill;
    }
    patchGutter(doc, ln.gut, ran, next, view, spare);
    patchChips(ln.marks, 0, pick, 'code.at', view, moved);
  }
  return pending;
}

// paneBox builds the box of program prog's pane (index i, class cls) and
// its head with the program's name; the caller appends the head.
function paneBox(doc, prog, i, cls) {
  const box = doc.createElement('div');
  box.className = cls;
  box.dataset.program = String(i);
  const head = doc.createElement('div');
  head.className = 'prog-head';
  const nm = doc.createElement('span');
  nm.className = 'prog-name';
  nm.textContent = prog.name;
  head.append(nm);
  return { box, head };
}

// pendingPane is the pane of program prog (index i) before it is built:
// its box, as tall as its lines will make it, and its head.
function pendingPane(doc, prog, i) {
  const { box, head } = paneBox(doc, prog, i, 'prog');
  box.append(head);
  box.style.setProperty('--pane-lines', String((prog.code || []).length));
  return { box, head, pending: true };
}

// progPane builds the elements of program prog's pane (index i), without
// its tasks: renderCode marks them.
function progPane(doc, prog, i) {
  const { box, head } = paneBox(doc, prog, i, 'prog');
  box.append(head);
  const ol = doc.createElement('ol');
  ol.className = 'lines';
  const lines = [];
  for (const ln of prog.code || []) {
    const li = doc.createElement('li');
    li.dataset.line = String(ln.line);
    const gut = doc.createElement('span');
    gut.className = 'gut';
    const no = doc.createElement('span');
    no.className = 'ln';
    no.textContent = String(ln.line);
    const tx = doc.createElement('code');
    tx.textContent = ln.text.replace(/^\s{0,4}/, '');
    const marks = doc.createElement('span');
    marks.className = 'marks';
    li.append(gut, no, tx, marks);
    ol.append(li);
    lines.push({ line: ln.line, li, gut, marks, cls: '', task: '' });
  }
  box.append(ol);
  // The pane's height until it is first drawn (app.css: content-visibility).
  box.style.setProperty('--pane-lines', String(lines.length));
  return { box, head, lines };
}

// patchGutter makes the gutter g show what gutter would draw for the
// tasks that ran the line (ran) and run it next (next): a ✓ (span.ran-mark)
// before a ▶ (span.next-mark). A mark that stays is kept, and its title
// written only when it changes; a mark is added or taken out alone. A
// mark a line needs is taken from spare (marks other lines gave up, see
// dropMarks) before a new one is made.
function patchGutter(doc, g, ran, next, view, spare) {
  let r = null, n = null;
  for (const c of g.children) { if (c.className === 'ran-mark') r = c; else if (c.className === 'next-mark') n = c; }
  if (ran.length) {
    if (!r) r = g.insertBefore((spare && spare['ran-mark'].pop()) || markEl(doc, 'ran-mark', '✓'), g.firstChild);
    setMarkTitle(r, ran.length > 1 ? 'code.ran.title.many' : 'code.ran.title', ran, view, view.step);
  } else if (r) r.remove();
  if (next.length) {
    if (!n) n = g.appendChild((spare && spare['next-mark'].pop()) || markEl(doc, 'next-mark', '▶'));
    setMarkTitle(n, next.length > 1 ? 'code.next.title.many' : 'code.next.title', next, view, undefined);
  } else if (n) n.remove();
}

// dropMarks takes out of the gutter g the ✓ (unless ran) and the ▶
// (unless next), keeping them in spare by class.
function dropMarks(g, ran, next, spare) {
  for (let c = g.firstChild; c;) {
    const n = c.nextSibling;
    if ((!ran && c.className === 'ran-mark') || (!next && c.className === 'next-mark')) {
      c.remove();
      spare[c.className].push(c);
    }
    c = n;
  }
}

function markEl(doc, cls, text) {
  const e = doc.createElement('span');
  e.className = cls;
  e.textContent = text;
  return e;
}

// setMarkTitle gives the mark m the title (and aria-label) of catalog
// key for the tasks pids at step n (undefined: none). What it wrote last
// is kept on the mark (markKey), so an unchanged title is neither made
// again nor written.
function setMarkTitle(m, key, pids, view, n) {
  const who = pids.map(p => taskTag(view, p)).join(', ');
  const k = `${getLang()}|${key}|${n}|${who}`;
  if (m.markKey === k) return;
  m.markKey = k;
  const title = t(key, { p: who, n });
  if (m.title !== title) { m.title = title; m.setAttribute('aria-label', title); }
}

// pickChips says which of the tasks want a chip list (key) shows: all of
// them up to MAX_CHIPS or when the list is shown whole (rest: null, or
// [] for a list shown whole past MAX_CHIPS), else MAX_CHIPS of them
// (running ones first, in the tasks' order) and the others in rest.
function pickChips(want, key) {
  if (want.length <= MAX_CHIPS) return { want, shown: want, rest: null, key };
  if (openChips.has(key)) return { want, shown: want, rest: [], key };
  const pick = new Set();
  for (const task of want) if (task.state === 'running' && pick.size < MAX_CHIPS) pick.add(task);
  for (const task of want) { if (pick.size >= MAX_CHIPS) break; pick.add(task); }
  const shown = [], rest = [];
  for (const task of want) (pick.has(task) ? shown : rest).push(task);
  return { want, shown, rest, key };
}

// dropChips takes out of holder, from child index from, the chips of
// tasks not in shown, keeping them by PID in moved (when given) for
// patchChips to put on another line.
function dropChips(holder, from, shown, moved) {
  let el = holder.children[from] || null;
  if (!el) return;
  const keep = new Set();
  for (const task of shown) keep.add(task.pid);
  while (el) {
    const nx = el.nextElementSibling;
    if (el.tagName !== 'BUTTON' && !keep.has(el.chipPid)) {
      el.remove();
      if (moved) moved.set(el.chipPid, el);
    }
    el = nx;
  }
}

// patchChips makes the children of holder from index from on the chips
// of pick (pickChips) and, past MAX_CHIPS, its "+k" button; each chip has
// the title of catalog key titleKey (null for none). A chip is found by
// its task (chipPid): one already in holder stays where it is, one of
// moved (taken from another line) is moved here, and only a task with
// neither gets a new chip. A chip's class, text and title are written
// only when they change.
function patchChips(holder, from, pick, titleKey, view, moved) {
  const doc = holder.ownerDocument;
  const { want, shown, rest, key } = pick;
  dropChips(holder, from, shown, moved);
  const have = new Map();
  for (let c = holder.children[from] || null; c; c = c.nextElementSibling) if (c.tagName !== 'BUTTON') have.set(c.chipPid, c);
  let el = holder.children[from] || null;
  for (const task of shown) {
    let c = have.get(task.pid);
    if (!c && moved) { c = moved.get(task.pid); if (c) moved.delete(task.pid); }
    if (!c) c = doc.createElement('span');
    if (c === el) el = el.nextElementSibling;
    else holder.insertBefore(c, el);
    setChip(c, task, view, titleKey);
  }
  if (rest) {
    if (!el || el.tagName !== 'BUTTON') { const b = doc.createElement('button'); b.type = 'button'; holder.insertBefore(b, el); el = b; }
    setMore(el, rest, want.length, key, view, titleKey === null);
    el = el.nextElementSibling;
  }
  while (el) { const n = el.nextElementSibling; el.remove(); el = n; }
}

// setMore makes button b the "+k" button of a chip list (key) that shows
// MAX_CHIPS of its all tasks and not the tasks rest, or, when rest is
// empty (the list shown whole), the button that shows fewer again. head:
// the list is a program's head (its live tasks), not a line's. What it
// wrote last is kept on the button (moreKey): the same list, language
// and tags write nothing.
function setMore(b, rest, all, key, view, head) {
  // The first NAMES_AT_MOST are named, the others counted (namesAtMost).
  const tags = namesAtMost(rest.slice(0, NAMES_AT_MOST).map(task => taskTag(view, task.pid)), rest.length);
  const k = `${getLang()}|${key}|${all}|${head}|${rest.length}|${tags}`;
  if (b.moreKey === k) return;
  b.moreKey = k;
  if (b.className !== 'chip more-chips') b.className = 'chip more-chips';
  if (b.dataset.moreChips !== key) b.dataset.moreChips = key;
  const open = !rest.length;
  const text = open ? '−' : `+${rest.length}`;
  if (b.textContent !== text) b.textContent = text;
  const expandedAttr = open ? 'true' : 'false';
  if (b.getAttribute('aria-expanded') !== expandedAttr) b.setAttribute('aria-expanded', expandedAttr);
  const title = open ? t('code.fewer', { n: MAX_CHIPS, all })
    : t(head ? 'code.more.head' : 'code.more', { n: rest.length, p: tags });
  if (b.title !== title) b.title = title;
  const label = open ? t('code.fewer', { n: MAX_CHIPS, all }) : t('code.more.label', { n: rest.length });
  if (b.getAttribute('aria-label') !== label) b.setAttribute('aria-label', label);
}

// gutter makes a line's gutter: a ✓ when the tasks ran (pids) ran it in
// the view's step, a ▶ when the tasks next (pids) run it next; it adds the
// classes "ran" and "next" to li. Both marks say in their title what they
// mean, naming each task as the page does (P3, or TID 3 for a thread).
function gutter(doc, ran, next, view, li) {
  const g = doc.createElement('span');
  g.className = 'gut';
  const step = view.step;
  ran = [...new Set(ran)];
  next = [...new Set(next)];
  const who = pids => pids.map(p => taskTag(view, p)).join(', ');
  if (ran.length) {
    li.classList.add('ran');
    const m = doc.createElement('span');
    m.className = 'ran-mark';
    m.textContent = '✓';
    m.title = t(ran.length > 1 ? 'code.ran.title.many' : 'code.ran.title', { p: who(ran), n: step });
    m.setAttribute('aria-label', m.title);
    g.append(m);
  }
  if (next.length) {
    li.classList.add('next');
    const m = doc.createElement('span');
    m.className = 'next-mark';
    m.textContent = '▶';
    m.title = t(next.length > 1 ? 'code.next.title.many' : 'code.next.title', { p: who(next) });
    m.setAttribute('aria-label', m.title);
    g.append(m);
  }
  return g;
}

// lineGutter is gutter for another listing of the program that runs (the
// Go tab's source, app.js).
export const lineGutter = gutter;

function chip(doc, task, view) {
  return setChip(doc.createElement('span'), task, view, null);
}

// setChip makes s the chip of task (a span: its class, data-task, colours
// and tag, and the title of catalog key titleKey, or none for null). What
// it wrote is kept on s (chipPid, chipCls, chipTitle), so that what has not
// changed is neither read from the page nor written.
function setChip(s, task, view, titleKey) {
  const cls = task.state === 'running' ? 'chip on' : 'chip';
  if (s.chipCls !== cls) { s.className = cls; s.chipCls = cls; }
  const tag = taskTag(view, task.pid);
  if (s.chipPid !== task.pid) {
    const c = taskColor(task.pid);
    s.dataset.task = String(task.pid);
    s.style.background = c.fill;
    s.style.color = c.ink;
    s.chipPid = task.pid;
    s.chipTag = undefined;
  }
  if (s.chipTag !== tag) { s.textContent = tag; s.chipTag = tag; s.chipTitle = undefined; }
  const title = titleKey === null ? null : `${getLang()}|${titleKey}`;
  if (s.chipTitle !== title) {
    if (title === null) s.removeAttribute('title'); else s.title = t(titleKey, { p: tag });
    s.chipTitle = title;
  }
  return s;
}

// threadPane draws one thread's program: statements, micro-steps, pc, locals.
function threadPane(doc, prog, i, view, decl) {
  const tasks = view.tasks.filter(x => x.program === i && x.pid !== 1);
  const task = tasks.find(x => LIVE.has(x.state)) || tasks[tasks.length - 1];
  // Several tasks may run one program (goroutines started from one Go
  // function): the first live one is drawn in full, the others mark the
  // statement they are at with their chip and list their locals too.
  const others = tasks.filter(x => x !== task && LIVE.has(x.state));
  const othersAt = new Map(); // statement's first index -> [task]
  const { box, head } = paneBox(doc, prog, i, 'prog thread');
  box.dataset.thread = prog.name;
  const live = task && LIVE.has(task.state);
  const pc = live ? task.pc : -1;
  box.dataset.pc = String(pc);
  if (task) {
    head.append(chip(doc, task, view));
    const st = threadStatus(task, view);
    const s = doc.createElement('span');
    s.className = `th-status th-${st.s}`;
    const objName = o => (decl && decl.objects && decl.objects[o] ? decl.objects[o].name : `#${o}`);
    s.textContent = st.s === 'done' ? t('race.thread.done') : st.s === 'blocked' ? t('race.thread.blocked', { obj: objName(st.obj) })
      : st.s === 'spin' ? t('race.thread.spin', { obj: objName(st.obj) }) : t('state.' + task.state);
    head.append(s);
    if (task.in_cs && live) {
      const cs = doc.createElement('span');
      cs.className = 'th-cs';
      cs.textContent = t('race.thread.cs');
      head.append(cs);
    }
  }
  for (const o of others) {
    const st = threadStatus(o, view);
    const objName = x => (decl && decl.objects && decl.objects[x] ? decl.objects[x].name : `#${x}`);
    const wrap = doc.createElement('span');
    wrap.className = 'th-other';
    const s = doc.createElement('span');
    s.className = `th-status th-${st.s}`;
    s.textContent = st.s === 'blocked' ? t('race.thread.blocked', { obj: objName(st.obj) })
      : st.s === 'spin' ? t('race.thread.spin', { obj: objName(st.obj) }) : t('state.' + o.state);
    wrap.append(chip(doc, o, view), s);
    head.append(wrap);
  }
  // What the tasks of this program ran in the shown step: the pane's own
  // thread first (its micro-step is drawn), then the others.
  const ranHere = (view.ran || []).filter(r => r.program === i)
    .sort((a, b) => (task && b.pid === task.pid) - (task && a.pid === task.pid));
  const stmts = statements(prog.code);
  for (const o of others) {
    const st = stmts.find(x => x.micro.some(m => m.index === o.pc));
    if (!st) continue;
    if (!othersAt.has(st.first)) othersAt.set(st.first, []);
    othersAt.get(st.first).push(o);
  }
  if (stmts.some(x => x.micro.length > 1)) {
    const all = doc.createElement('button');
    all.type = 'button';
    all.className = 'micro-all';
    all.dataset.microAll = String(i);
    const open = stmts.filter(x => x.micro.length > 1).every(x => expanded.has(`${i}:${x.first}`));
    all.textContent = open ? t('race.micro.hide') : t('race.micro.show');
    all.title = t('race.micro.title');
    all.setAttribute('aria-pressed', open ? 'true' : 'false');
    head.append(all);
  }
  box.append(head);
  const body = doc.createElement('div');
  body.className = 'thread-body';
  const ol = doc.createElement('ol');
  ol.className = 'lines stmts';
  const col = task ? taskColor(task.pid) : null;
  for (const st of stmts) {
    const li = doc.createElement('li');
    li.className = 'stmt';
    li.dataset.line = String(st.line);
    const here = st.micro.some(m => m.index === pc);
    const key = `${i}:${st.first}`;
    const open = expanded.has(key) || expanded.has(`${i}:all`);
    const row = doc.createElement('div');
    row.className = 'stmt-row';
    const tg = doc.createElement('button');
    tg.type = 'button';
    tg.className = 'tg';
    if (st.micro.length > 1) {
      tg.dataset.micro = key;
      tg.setAttribute('aria-expanded', open ? 'true' : 'false');
      tg.title = open ? t('race.micro.hide') : t('race.micro.show');
      tg.textContent = open ? '▾' : '▸';
    } else {
      tg.disabled = true;
      tg.setAttribute('aria-hidden', 'true');
      tg.textContent = '';
    }
    const no = doc.createElement('span');
    no.className = 'ln';
    no.textContent = String(st.line);
    const tx = doc.createElement('code');
    tx.textContent = st.text.replace(/^\s{0,4}/, '');
    // The tasks that ran a micro-step of this statement in the shown step;
    // ranEntry (the first) is the one whose micro-step is drawn.
    const ranSt = ranHere.filter(r => st.micro.some(m => m.index === r.pc));
    const ranEntry = ranSt[0];
    const ranPc = ranEntry ? ranEntry.pc : -1;
    const alsoHere = othersAt.get(st.first) || [];
    const nextPids = (here && task ? [task.pid] : []).concat(alsoHere.map(o => o.pid));
    row.append(tg, gutter(doc, ranSt.map(r => r.pid), nextPids, view, li), no, tx);
    if (alsoHere.length) {
      li.classList.add('at');
      const m = doc.createElement('span');
      m.className = 'marks others';
      for (const o of alsoHere) {
        const c = chip(doc, o, view);
        c.title = t('race.pc', { p: taskTag(view, o.pid) });
        m.append(c);
      }
      row.append(m);
    }
    if (here) {
      li.classList.add('cur');
      if (task && task.state === 'running') li.classList.add('running');
      li.style.setProperty('--task', col.fill);
      const m = doc.createElement('span');
      m.className = 'marks';
      const c = chip(doc, task, view);
      c.title = t('race.pc', { p: taskTag(view, task.pid) });
      m.append(c);
      row.append(m);
    }
    li.append(row);
    if (ranEntry && !open && st.micro.length > 1) {
      // Collapsed: the micro-step the thread ran, on a line of its own.
      const k = st.micro.findIndex(m => m.index === ranPc);
      const done = doc.createElement('div');
      done.className = 'micro-ran';
      done.dataset.index = String(ranPc);
      const mk = doc.createElement('span');
      mk.className = 'mk';
      mk.textContent = `✓ ${k + 1}/${st.micro.length}`;
      mk.title = t('code.ran.title', { p: taskTag(view, ranEntry.pid), n: view.step });
      const mc = doc.createElement('code');
      mc.textContent = microText(st.micro[k].micro || '');
      done.append(mk, mc);
      li.append(done);
    }
    if (here && !open && st.micro.length > 1) {
      // Collapsed: the micro-step the thread is at, on a line of its own.
      const k = st.micro.findIndex(m => m.index === pc);
      const now = doc.createElement('div');
      now.className = 'micro-now';
      now.dataset.index = String(pc);
      const mk = doc.createElement('span');
      mk.className = 'mk';
      mk.textContent = `▶ ${k + 1}/${st.micro.length}`;
      mk.title = t('code.next.title', { p: taskTag(view, task.pid) });
      const mc = doc.createElement('code');
      mc.textContent = microText(st.micro[k].micro || '');
      now.append(mk, mc);
      li.append(now);
    }
    if (open && st.micro.length > 1) {
      const sub = doc.createElement('ol');
      sub.className = 'micros';
      st.micro.forEach((m, k) => {
        const mi = doc.createElement('li');
        mi.className = 'micro';
        mi.dataset.index = String(m.index);
        const n = doc.createElement('span');
        n.className = 'mn';
        n.textContent = String(k + 1);
        const c = doc.createElement('code');
        c.textContent = m.micro ? microText(m.micro) : m.text;
        mi.append(n, c);
        const ranMicro = ranSt.filter(r => r.pc === m.index).map(r => r.pid);
        if (ranMicro.length) {
          mi.classList.add('ran');
          const ok = doc.createElement('span');
          ok.className = 'ran-mark';
          ok.textContent = '✓';
          ok.title = t(ranMicro.length > 1 ? 'code.ran.title.many' : 'code.ran.title', { p: ranMicro.map(p => taskTag(view, p)).join(', '), n: view.step });
          ok.setAttribute('aria-label', ok.title);
          mi.insertBefore(ok, n);
        }
        if (m.index === pc) {
          mi.classList.add('cur');
          mi.style.setProperty('--task', col.fill);
          const ar = doc.createElement('span');
          ar.className = 'here';
          ar.textContent = '◀';
          ar.setAttribute('aria-hidden', 'true');
          mi.append(ar);
        }
        sub.append(mi);
      });
      li.append(sub);
    }
    ol.append(li);
  }
  body.append(ol);
  const names = prog.locals || [];
  if (names.length) {
    for (const who of [task, ...others]) {
      const loc = doc.createElement('dl');
      loc.className = 'locals';
      loc.setAttribute('aria-label', t('race.locals'));
      if (others.length && who) {
        loc.dataset.pid = String(who.pid);
        loc.append(chip(doc, who, view));
      }
      names.forEach((n, k) => {
        const d = doc.createElement('div');
        d.dataset.local = n;
        const val = who && who.locals ? who.locals[k] ?? 0 : 0;
        d.dataset.value = String(val);
        if (/^r\d+$/.test(n)) d.className = 'reg';
        const dt = doc.createElement('dt');
        dt.textContent = n;
        const dd = doc.createElement('dd');
        dd.textContent = String(val);
        d.append(dt, dd);
        loc.append(d);
      });
      body.append(loc);
    }
  }
  box.append(body);
  return box;
}
