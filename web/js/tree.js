// tree.js: the process tree (PID, PPID, name, state letter) with each
// task's counters (user/kernel ticks, voluntary/involuntary switches). When
// a process has several threads the table reads like `ps -L`: a PID, TID and
// NLWP column, and each process's other threads listed under its main thread
// (they share its PID; they are not children of anyone).
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
  const body = rows.map(({ task: x, depth, thread }) => {
    const c = taskColor(x.pid);
    const pid = ps ? x.tgid || x.pid : x.pid;
    let indent = '';
    if (thread && depth) indent = `<span class="indent" style="width:${(depth - 1) * 16}px"></span><span class="branch thr" title="${esc(t('tree.thread.title', { pid }))}">↳</span>`;
    else if (depth) indent = `<span class="indent" style="width:${(depth - 1) * 16}px"></span><span class="branch">└</span>`;
    return `<tr class="st-${x.state}${thread ? ' thread' : ''}" data-task="${x.pid}">` +
      (jobs ? '' : `<td class="pid" title="${esc(t('tree.group.title', { pgid: x.pgid ?? '–', sid: x.sid ?? '–' }))}"><i class="dot" style="background:${c.fill}"></i>${ps && thread ? `<span class="same">${pid}</span>` : pid}</td>`) +
      (ps ? `<td class="tid">${x.pid}</td>` : '') +
      (jobs ? '' : `<td>${x.ppid || '–'}</td>`) +
      (ps ? `<td class="num">${x.nlwp || '–'}</td>` : '') +
      `<td class="name">${jobs ? `<i class="dot" style="background:${c.fill}"></i>` : indent}${esc(x.name)}</td>` +
      `<td><span class="letter st-${x.state}" title="${esc(t('state.' + x.state))}">${STATE_LETTER[x.state] || '?'}</span> <span class="st-name">${esc(t('state.' + x.state))}</span>${waitStatus(x)}${wchanOf(x)}</td>` +
      `<td class="num">${x.user_ticks ?? 0}<span class="sl">/</span>${x.kernel_ticks ?? 0}</td><td class="num sw">${x.vcsw ?? 0}<span class="sl">/</span>${x.nvcsw ?? 0}</td></tr>`;
  }).join('');
  container.innerHTML = `<table class="ptable${ps ? ' ps' : ''}">${head}<tbody>${body}</tbody></table>`;
}
