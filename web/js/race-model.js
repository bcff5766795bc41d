// race-model.js: the pure logic of the race lab (threads, shared variables,
// locks). No DOM here: which scenarios are race labs, the problems found
// (from the log items that fold.js makes), the deadlock's wait-for cycle and
// its layout, the expectations' results, the manual decision's candidates
// as PIDs, and the rows of the explore table.
import { PROBLEMS } from './log.js';
import { ipcDecls } from './ipc-pipe.js';
import { logOf } from './logstore.js';
import { columnsOf } from './colstore.js';

// isRaceLab reports whether a `loaded` message has threads, shared
// variables or sync objects (the race lab's panels are shown then).
export function isRaceLab(loaded) {
  if (!loaded) return false;
  if (loaded.lang === 'go') return true; // a Go program: goroutines, and the output pane
  return (loaded.vars || []).length > 0 || (loaded.objects || []).length > 0 || (loaded.programs || []).some(p => p.thread);
}

// declOf is what the fold needs from `loaded` to name things in sentences.
export function declOf(loaded) {
  if (!loaded) return null;
  return { vars: loaded.vars || [], objects: loaded.objects || [], expects: loaded.expects || [], programs: loaded.programs || [], wchans: loaded.wchans || {}, pipes: ipcDecls(loaded.scenario), go: loaded.lang === 'go' };
}

// problemsOf lists the problems in the log items (oldest first): one entry
// per problem event, except that the deadlock events of one step (one per
// edge of the wait-for cycle) make a single entry with the cycle.
export function problemsOf(log) {
  const out = [];
  const deadlocks = new Map(); // step -> entry
  for (const it of logOf(log).withEvents()) {
    if (!PROBLEMS.has(it.kind) || !it.e) continue;
    if (it.kind === 'deadlock') {
      let d = deadlocks.get(it.step);
      if (!d) {
        d = { step: it.step, kind: 'deadlock', items: [], edges: [] };
        deadlocks.set(it.step, d);
        out.push(d);
      }
      d.items.push(it);
      d.edges.push({ pid: it.e.pid, obj: it.e.obj || 0, holder: it.e.other || 0, cycle: (it.e.arg || 0) > 0 });
      continue;
    }
    out.push({ step: it.step, kind: it.kind, items: [it] });
  }
  for (const d of out) if (d.kind === 'deadlock') d.cycle = waitCycle(d.edges);
  return out;
}

// waitCycle orders the wait-for edges {pid, obj, holder} of a deadlock
// into a cycle: pid waits for obj, held by holder, who waits for the next
// obj, ... back to the first pid. Edges that are not on the cycle (a task
// blocked forever, or waiting on the cycle from outside) are left out; with
// no cycle it returns [].
export function waitCycle(edges) {
  const by = new Map();
  for (const e of edges || []) if (!by.has(e.pid)) by.set(e.pid, e);
  for (const start of by.keys()) {
    const seen = [];
    let cur = start;
    while (by.has(cur) && !seen.includes(cur)) {
      seen.push(cur);
      cur = by.get(cur).holder;
    }
    if (cur === start && seen.length >= 1) {
      // Start at the lowest PID so the drawing does not depend on event order.
      const k = seen.indexOf(Math.min(...seen));
      return seen.slice(k).concat(seen.slice(0, k)).map(pid => by.get(pid));
    }
  }
  return [];
}

// cycleLayout places a wait-for cycle on a circle in a size x size box:
// thread, the lock it waits for, the lock's holder (the next thread), ...
// Nodes: {type:'thread'|'lock', id, x, y}; edges: {from, to, rel:'waits'|'held'}
// (indexes into nodes): a thread "waits for" a lock, a lock is "held by" a thread.
export function cycleLayout(cycle, size = 320) {
  const nodes = [];
  for (const e of cycle || []) {
    nodes.push({ type: 'thread', id: e.pid });
    nodes.push({ type: 'lock', id: e.obj });
  }
  const n = nodes.length;
  const c = size / 2, r = n <= 2 ? size * 0.3 : size * 0.36;
  nodes.forEach((nd, i) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(n, 1);
    nd.x = Math.round((c + r * Math.cos(a)) * 10) / 10;
    nd.y = Math.round((c + r * Math.sin(a)) * 10) / 10;
  });
  const edges = nodes.map((nd, i) => ({ from: i, to: (i + 1) % n, rel: nd.type === 'thread' ? 'waits' : 'held' }));
  return { nodes, edges: n >= 2 ? edges : [] };
}

// atEnd reports whether the view shows the end of the whole run (not just
// of a manual recording that waits for a decision).
export function atEnd(view) {
  return view.total > 0 && view.step >= view.total && !view.decision;
}

// expectResults is, per expectation of `loaded`, 'pass', 'fail' or
// 'pending' (the run has not ended yet).
export function expectResults(loaded, view) {
  const ex = (loaded && loaded.expects) || [];
  const failed = new Set();
  for (const it of logOf(view.log).withEvents()) if (it.kind === 'expect_failed' && it.e) failed.add(it.e.arg || 0);
  const end = atEnd(view);
  return ex.map((_, i) => (failed.has(i) ? 'fail' : end ? 'pass' : 'pending'));
}

// candidatePids pairs a manual decision's candidate names with their PIDs
// (the server sends both: a candidate may be a task that only arrives in the
// step of the decision).
export function candidatePids(decision) {
  if (!decision || !Array.isArray(decision.candidates)) return [];
  return decision.candidates.map((name, i) => ({ name, pid: (decision.pids || [])[i] }));
}

// outcomeRows turns an `explored` message into table rows: the variables
// as "name = value" in declaration order, the violations as {key, x}
// (catalog key and its parameter), the shared variables with a data race
// (races) and with a lost update (lost) on some schedule reaching the
// outcome, the schedule count and the witness. status is 'ok' (no
// violation and no race: the only green tick), 'racy' (no violation, but
// a race or a lost update: the value is luck) or 'bad' (a violation);
// expects says whether the scenario states expectations, so that a racy
// row can say "right value, but racy".
export function outcomeRows(explored, loaded) {
  const order = ((loaded && loaded.vars) || []).map(v => v.name);
  return ((explored && explored.outcomes) || []).map((o, i) => {
    const names = Object.keys(o.vars || {}).sort((a, b) => idx(order, a) - idx(order, b) || a.localeCompare(b));
    const races = o.races || [];
    const lost = o.lost_updates || [];
    const clean = !(o.violations || []).length;
    const racy = races.length > 0 || lost.length > 0;
    return {
      i,
      vars: names.map(n => ({ name: n, value: o.vars[n] })),
      violations: (o.violations || []).map(violation),
      races,
      lost,
      ok: clean && !racy,
      status: !clean ? 'bad' : racy ? 'racy' : 'ok',
      expects: ((loaded && loaded.expects) || []).length > 0,
      schedules: o.schedules ?? 0,
      witness: o.witness || [],
      output: typeof o.output === 'string' ? o.output : null, // a Go program's: what it printed
    };
  });
}

function idx(list, x) {
  const i = list.indexOf(x);
  return i < 0 ? 1e9 : i;
}

// violation reads an explore violation ("cs_violation", "deadlock",
// "assert_failed:LINE", "expect_failed:TEXT", "step_limit").
export function violation(s) {
  const str = String(s);
  const colon = str.indexOf(':');
  const kind = colon < 0 ? str : str.slice(0, colon);
  return { key: `ex.v.${kind}`, kind, x: colon < 0 ? '' : str.slice(colon + 1) };
}

// writerOf returns, per variable index, the write of the shown step
// ({pid, value, old}) or undefined.
export function writerOf(view) {
  const out = {};
  for (const w of view.written || []) out[w.obj] = w;
  return out;
}

// threadStatus says what a thread is doing: 'done', 'blocked', 'spin',
// 'running', 'ready' (with the object for blocked and spin).
export function threadStatus(task, view) {
  if (!task) return { s: 'none' };
  if (task.state === 'dead' || task.state === 'zombie') return { s: 'done' };
  const cols = columnsOf(view.columns);
  const n = cols.length;
  const cell = n && cols.step(n - 1) === view.step ? cols.task(n - 1, task.pid) : null;
  if (cell && cell.spin) return { s: 'spin', obj: Number(cell.spin.split(':')[1]) };
  if (task.state === 'sleeping' && task.wait_obj >= 0) return { s: 'blocked', obj: task.wait_obj };
  return { s: task.state };
}
