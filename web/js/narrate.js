// narrate.js: the one sentence under the diagram (#narration) that says
// what a step did. It is pure: chooseNarration picks what to say from the
// step's log items (describeEvents in log.js) and what the CPUs ran (fold's
// view.ran), and narrationText says it in the current language.
//
// The choice follows RANK, a fixed ranking of what can happen in a step,
// most informative first. A problem (deadlock, lost update, ...) beats
// everything; then the rare process events a lesson is about (MLFQ boost,
// an orphan adopted, a zombie reaped); then the shared-memory accesses the
// race lab is about; then exits, signals, fork and exec; then blocking and
// waking; and last the scheduler's routine (preemption, dispatch, context
// switches, system calls). Copy-on-write's page events and the data a pipe,
// queue or socket carries rank with the shared-memory accesses; opening
// and closing IPC objects and a process's memory accesses rank above the
// scheduler's routine. Two items of the same rank: the earlier one in the
// step wins. Kinds the table does not name rank just above context
// switches.
//
// Besides events, a step can run code without an event: "ran" is such a
// candidate (a thread's micro-step, ranked above the scheduler's routine so
// that "t1 runs add 1 -> r0" beats "t2 used up its time slice"; a process's
// compute tick, ranked last). When nothing ran and nothing happened the
// sentence says which tasks still wait, or that the CPU spent the tick
// switching; it says that nothing changes only when nothing did.
//
// Several boosts, or several orphans adopted, in one step make one sentence
// that names them all. The sentence ends with how many other events the
// step had ("and 3 more events"), which the log lists.
import { microText } from './i18n-micro.js';
import { t } from './i18n.js';
import { sentence, label } from './log.js';

// RANK lists the categories of log items, most informative first; the
// categories in one inner list rank the same. An item's category is its
// kind, refined by its cause for state changes, MLFQ levels and creations
// (see categoryOf). "ran.thread" and "ran" are the synthetic "what ran"
// candidates; "*" is where a category that is not listed ranks.
export const RANK = [
  ['deadlock', 'all_asleep'],
  ['panic'],
  ['lost_update'],
  ['cs_violation'],
  ['assert_failed', 'expect_failed'],
  ['race'],
  ['starvation'],
  ['limit', 'fork_failed'],
  ['level.boost'],
  ['signal_sent.jobctl'],
  ['reparented'],
  ['reaped'],
  ['output'],
  ['write'],
  ['read'],
  // Copy-on-write and the page faults: what the memory lessons are about.
  ['page_copy', 'page_reuse', 'page_private'],
  ['page_fault', 'shm_fault'],
  // Data through a pipe, a queue or a socket, and a task blocked on one:
  // what the IPC lessons are about.
  ['pipe_write', 'pipe_read', 'pipe_eof', 'pipe_broken', 'pipe_fail', 'mq_send', 'mq_receive', 'sock_send', 'sock_recv', 'sock_connect', 'sock_accept', 'sock_drop', 'ipc_failed',
    'state.pipe_write', 'state.pipe_read', 'state.fifo_open', 'state.mq_send', 'state.mq_receive', 'state.msgsnd', 'state.msgrcv', 'state.accept', 'state.sock_connect', 'state.sock_recv', 'state.sock_send'],
  ['lock_contend', 'state.lock', 'state.sem', 'state.cond', 'state.chan', 'state.waitgroup', 'state.once', 'state.select', 'cond_wait'],
  ['exit'],
  ['signal_delivered'],
  ['trace', 'state.ptrace', 'wait_report', 'state.killable'],
  ['created.fork', 'created.go', 'exec'],
  ['kill_failed', 'wait_nochild', 'signal_deferred', 'group', 'call_failed'],
  ['lock_acquire', 'lock_release', 'sem_wait', 'sem_post', 'cond_signal', 'chan_send', 'chan_recv', 'waitgroup', 'chan_close', 'select'],
  // Opening and closing IPC objects, a process's memory read or written,
  // its address space made, copied or freed: above the scheduler's routine.
  ['ipc_open', 'ipc_close', 'sock_create', 'sock_bind', 'sock_listen', 'sock_close', 'shm_attach', 'mem_read', 'mem_write', 'mem_fork', 'mem_exec', 'mem_free'],
  ['spin', 'cs_enter', 'cs_exit'],
  ['signal_sent'],
  ['level.demote'],
  ['state.sleep', 'state.io', 'state.disk', 'state.wait_child', 'state.sigstop', 'state.sigcont', 'state.sigkill', 'state.sigterm', 'state.zombie', 'state.dead', 'state.exit', 'state.panic', 'reaped.self'],
  ['state.io_done', 'state.child_exit', 'state.child_stopped', 'state.child_continued', 'state.signal_wake', 'state.woken', 'state.handoff', 'state.timer', 'state.ipc_ready'],
  ['ran.thread'],
  ['created.arrival', 'created.init'],
  ['state.preempt', 'state.quantum', 'state.yield'],
  ['choice_ignored'],
  ['state.dispatch'],
  ['*'],
  ['switch'],
  ['syscall'],
  ['ran'],
  ['other'],
];

const rankIndex = new Map();
RANK.forEach((group, i) => group.forEach(c => rankIndex.set(c, RANK.length - i)));

// rankOf returns a category's rank: higher is more informative.
export function rankOf(category) {
  return rankIndex.get(category) ?? rankIndex.get('*');
}

// categoryOf returns the category of a log item (see RANK).
export function categoryOf(item) {
  const k = item.kind;
  if (k === 'state') {
    if (item.key === 'ev.state.zombie') return 'state.zombie';
    if (item.key === 'ev.state.dead') return 'state.dead';
    return `state.${item.cause || 'other'}`;
  }
  if (k === 'level') return item.key === 'ev.level.boost' || item.cause === 'boost' ? 'level.boost' : 'level.demote';
  if (k === 'created') return `created.${item.cause || 'init'}`;
  if (item.key === 'ev.other') return 'other';
  // The kernel's own signals other than SIGCHLD (job control's SIGHUP and
  // SIGCONT to an orphaned stopped group) are rare and say a lot.
  if (k === 'signal_sent' && item.key === 'ev.signal_sent.kernel' && item.params && item.params.sig !== 'SIGCHLD') return 'signal_sent.jobctl';
  // An auto-reap repeats what the exit's sentence says ("removed at once").
  if (k === 'reaped' && item.key === 'ev.reaped.self') return 'reaped.self';
  return k;
}

// statementOf finds the statement of a thread program around instruction
// pc: its line, its text, the micro-step's text and its place in it (k of
// n, from 1); null when pc is not in the program.
function statementOf(code, pc) {
  const list = code || [];
  const i = list.findIndex(c => c.index === pc);
  if (i < 0) return null;
  const same = (a, b) => a && b && a.line === b.line && a.text === b.text;
  let first = i;
  while (first > 0 && same(list[first - 1], list[i]) && list[first - 1].index === list[first].index - 1) first--;
  let last = i;
  while (last + 1 < list.length && same(list[last + 1], list[i]) && list[last + 1].index === list[last].index + 1) last++;
  return { line: list[i].line, text: list[i].text.trim(), micro: list[i].micro || '', k: i - first + 1, n: last - first + 1 };
}

// lineOf is the trimmed text of a line of a process program, or ''.
function lineOf(prog, line) {
  const c = prog && (prog.code || []).find(x => x.line === line);
  return c ? c.text.trim() : '';
}

// ranCandidate says what the first CPU that ran executed: a thread's
// micro-step ("ran.thread") or a process's line ("ran"); null when nothing
// ran or the line is unknown. It also names the tasks the other CPUs ran.
function ranCandidate(s) {
  const ran = s.ran || [];
  if (!ran.length) return null;
  const r = ran[0];
  const prog = (s.programs || [])[r.program];
  if (!prog) return null;
  const others = ran.slice(1).map(x => s.who(x.pid));
  const also = others.length ? { list: others } : null;
  if (prog.thread) {
    const st = statementOf(prog.code, r.pc);
    if (!st) return null;
    if (st.n > 1) return { category: 'ran.thread', key: 'narr.ran.micro', params: { p: s.who(r.pid), line: st.line, k: st.k, n: st.n, micro: st.micro || st.text }, also };
    return { category: 'ran.thread', key: 'narr.ran', params: { p: s.who(r.pid), line: st.line, code: st.text }, also };
  }
  const code = lineOf(prog, r.line);
  if (!code) return null;
  return { category: 'ran', key: 'narr.ran', params: { p: s.who(r.pid), line: r.line, code }, also };
}

// quietCandidate is what a step with no event and no known line says: the
// CPU switching to a task (switch cost), the tasks still waiting, or, when
// nothing runs and nothing waits, that nothing changes.
function quietCandidate(s) {
  const cells = (s.column && s.column.cpu) || [];
  const sw = cells.findIndex(c => c && c.pid && c.sw);
  if (sw >= 0) return { category: 'ran', key: 'narr.switching', params: { cpu: sw, p: s.who(cells[sw].pid) } };
  const runner = cells.findIndex(c => c && c.pid);
  if (runner >= 0) return { category: 'ran', key: 'narr.ran.cpu', params: { p: s.who(cells[runner].pid), cpu: runner } };
  let waiting = (s.tasks || []).filter(x => x.state === 'sleeping' || x.state === 'disk');
  if (waiting.length > 1) waiting = waiting.filter(x => x.pid !== 1);
  if (waiting.length) {
    return { category: 'ran', key: waiting.length > 1 ? 'narr.idle.wait.many' : 'narr.idle.wait', params: { list: waiting.map(x => s.who(x.pid)) } };
  }
  return { category: 'ran', key: 'narr.still', params: {} };
}

// MERGED are the categories whose items of one step make one sentence
// naming every task: the catalog key for one task (null: the item's own
// sentence) and for several.
const MERGED = {
  'level.boost': { one: 'narr.boost', many: 'narr.boost.many' },
  reparented: { one: null, many: 'narr.orphans' },
};

// chooseNarration picks what to say for step s.step. s holds: items (the
// log items; those of other steps are ignored), ran (view.ran), column (the
// step's timeline column), tasks (the tasks after the step), programs (from
// `loaded`), and who(pid), the name a sentence uses for a task. It returns
// {key, params, item, category, more, also}: the catalog key and params to
// say (params may hold lists, see narrationText), the log item said (null
// for a "what ran" sentence), its category, the number of other log items
// of the step, and the other CPUs' tasks ({list}) for a "what ran" sentence.
// With no step (0) it returns null.
export function chooseNarration(s) {
  if (!s.step) return null;
  const who = s.who || (pid => `P${pid}`);
  const st = { ...s, who };
  const items = (s.items || []).filter(it => it.step === s.step);
  let best = null, bestRank = -Infinity;
  for (const it of items) {
    const c = categoryOf(it);
    const r = rankOf(c);
    if (r > bestRank) { best = { item: it, category: c }; bestRank = r; }
  }
  const ran = ranCandidate(st);
  if (ran && rankOf(ran.category) > bestRank) {
    return { key: ran.key, params: ran.params, item: null, category: ran.category, more: items.length, also: ran.also };
  }
  if (!best) {
    const q = quietCandidate(st);
    return { key: q.key, params: q.params, item: null, category: q.category, more: 0, also: null };
  }
  const merge = MERGED[best.category];
  if (merge) {
    const same = items.filter(it => categoryOf(it) === best.category);
    const it = best.item;
    const key = same.length > 1 ? merge.many : merge.one || it.key;
    const params = { ...it.params, list: same.map(x => x.params.p) };
    return { key, params, item: it, category: best.category, more: items.length - same.length, also: null };
  }
  return { key: best.item.key, params: best.item.params, item: best.item, category: best.category, more: items.length - 1, also: null };
}

// joinList says a list of names: "P3", "P3 and P4", "P2, P3 and P4".
export function joinList(names) {
  const list = (names || []).map(String);
  if (list.length <= 1) return list[0] || '';
  return list.slice(0, -1).join(t('narr.list.sep')) + t('narr.list.and') + list[list.length - 1];
}

// narrationText renders a choice (chooseNarration) with its step prefix,
// in the current language: "step 4: t2 reads counter = 0 (and 3 more events)".
export function narrationText(choice, step) {
  const prefix = t('log.step', { n: step });
  const sep = prefix.endsWith('：') ? '' : ' ';
  if (!choice) return '';
  let body;
  if (choice.item && choice.key === choice.item.key) body = sentence(choice.item);
  else {
    const params = { ...choice.params };
    for (const k of Object.keys(params)) if (Array.isArray(params[k])) params[k] = joinList(params[k]);
    if (typeof params.micro === 'string') params.micro = microText(params.micro); // i18n-micro.js
    body = choice.item ? sentence({ ...choice.item, key: choice.key, params }) : t(choice.key, params);
  }
  if (choice.also && choice.also.list.length) {
    body += t(choice.also.list.length > 1 ? 'narr.ran.also.many' : 'narr.ran.also', { list: joinList(choice.also.list) });
  }
  if (choice.more === 1) body += t('narr.more.one');
  else if (choice.more > 1) body += t('narr.more', { n: choice.more });
  return prefix + sep + body;
}

// whoFor names tasks the way the log does: a thread of the race lab by its
// name ("t2"), a process as "P3 (worker)". names maps pid -> name; threads
// is the set of pids that run a thread program.
export function whoFor(names, threads) {
  return pid => (threads && threads.has(pid) && names[pid] ? names[pid] : label(pid, names[pid]));
}
