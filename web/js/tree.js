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
  const was = prev.find(p => p.pid === x.pid);
  if (!was) return { new: true };
  const out = {};
  for (const [k, f] of Object.entries(CELLS)) if (f(was) !== f(x)) out[k] = f(was);
  return out;
}

export function renderTree(container, view) {
  const live = view.tasks.filter(x => x.state !== 'dead');
  const dead = view.tasks.filter(x => x.state === 'dead');
  const rows = treeOrder(live).concat(dead.map(x => ({ task: x, depth: 0, last: true, thread: isThread(x) })));
  const ps = threadedTable(view.tasks);
  // A job of the jobs model is named by its name alone: no PID or PPID column (issue 12, part 5).
  const jobs = !!view.jobs && !ps;
  const head = `<thead><tr>` + (jobs ? '' : `<th${ps ? ` title="${esc(t('col.pid.title'))}"` : ''}>${t('col.pid')}</th>`) +
    (ps ? `<th title="${esc(t('col.tid.title'))}">${t('col.tid')}</th>` : '') +
    (jobs ? '' : `<th>${t('col.ppid')}</th>`) +
    (ps ? `<th class="num" title="${esc(t('col.nlwp.title'))}">${t('col.nlwp')}</th>` : '') +
    `<th>${t('col.name')}</th><th>${t('col.state')}</th>` +
    `<th class="num" title="${t('col.ticks.title')}">${t('col.ticks')}</th><th class="num sw" title="${t('col.sw.title')}">${t('col.switches')}</th></tr></thead>`;
  const step = view.step ?? 0;
  const body = rows.map(({ task: x, depth, thread }) => {
    const c = taskColor(x.pid);
    const ch = changesOf(view.prev, x) || {};
    // mark gives a cell's attributes: cls (its own classes) and, when col
    // changed in this step, the class chg and a title saying what it was.
    const mark = (col, cls = '') => {
      const on = col in ch;
      const k = (cls + (on ? ' chg' : '')).trim();
      return (k ? ` class="${k}"` : '') + (on ? ` data-changed="1" data-col="${col}" title="${esc(t('marks.was', { old: ch[col], n: step }))}"` : '');
    };
    const pid = ps ? x.tgid || x.pid : x.pid;
    let indent = '';
    if (thread && depth) indent = `<span class="indent" style="width:${(depth - 1) * 16}px"></span><span class="branch thr" title="${esc(t('tree.thread.title', { pid }))}">↳</span>`;
    else if (depth) indent = `<span class="indent" style="width:${(depth - 1) * 16}px"></span><span class="branch">└</span>`;
    const group = esc(t('tree.group.title', { pgid: x.pgid ?? '–', sid: x.sid ?? '–' }));
    return `<tr class="st-${x.state}${thread ? ' thread' : ''}${ch.new ? ' new' : ''}" data-task="${x.pid}"${ch.new ? ' data-new="1"' : ''}>` +
      (jobs ? '' : `<td class="pid${ch.new ? ' chg' : ''}" title="${ch.new ? `${esc(t('marks.new', { n: step }))} — ${group}` : group}"><i class="dot" style="background:${c.fill}"></i>${ps && thread ? `<span class="same">${pid}</span>` : pid}</td>`) +
      (ps ? `<td class="tid">${x.pid}</td>` : '') +
      (jobs ? '' : `<td${mark('ppid')}>${x.ppid || '–'}</td>`) +
      (ps ? `<td${mark('nlwp', 'num')}>${x.nlwp || '–'}</td>` : '') +
      `<td${mark('name', 'name')}>${jobs ? `<i class="dot" style="background:${c.fill}"></i>` : indent}${esc(x.name)}</td>` +
      `<td${mark('state', 'state')}><span class="letter st-${x.state}" title="${esc(t('state.' + x.state))}">${STATE_LETTER[x.state] || '?'}</span> <span class="st-name">${esc(t('state.' + x.state))}</span>${waitStatus(x)}${wchanOf(x)}</td>` +
      `<td${mark('ticks', 'num')}>${x.user_ticks ?? 0}<span class="sl">/</span>${x.kernel_ticks ?? 0}</td><td${mark('sw', 'num sw')}>${x.vcsw ?? 0}<span class="sl">/</span>${x.nvcsw ?? 0}</td></tr>`;
  }).join('');
  // A redraw of the step already shown (a language switch, a resize) keeps
  // its marks without flashing them again.
  const old = container.querySelector('table.ptable');
  const still = !!old && old.dataset.step === String(step);
  container.innerHTML = `<table class="ptable${ps ? ' ps' : ''}${still ? ' still' : ''}" data-step="${step}">${head}<tbody>${body}</tbody></table>`;
}
