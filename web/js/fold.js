// fold.js: the view state of the lab as a pure fold of server messages.
// No DOM here. fromSnapshot builds a view from a `snapshot` message (the
// base state plus every event since), applyEvents folds one `events`
// message in. The view holds the authoritative tasks, the timeline columns
// (one per step: who ran on each CPU, each task's state), the log items and
// the transitions of the last step (for the diagram's animation).
import { describeEvents } from './log.js';

export const MAX_COLUMNS = 1200; // timeline steps kept
export const MAX_LOG = 3000; // log items kept

// emptyView is the view before anything is loaded.
export function emptyView() {
  return {
    step: 0, total: 0, baseStep: 0,
    tasks: [], cpus: [],
    columns: [], log: [], transitions: [],
    names: {}, parents: {}, states: {}, modes: {}, order: {}, seq: 0, occ: [],
  };
}

function seedMaps(v, tasks, cpus) {
  for (const t of tasks || []) {
    v.names[t.pid] = t.name;
    v.parents[t.pid] = t.ppid;
    if (v.states[t.pid] !== t.state) v.order[t.pid] = v.seq++;
    v.states[t.pid] = t.state;
    v.modes[t.pid] = t.mode || 'user';
  }
  v.occ = (cpus || []).slice();
}

function clone(v) {
  return {
    ...v,
    names: { ...v.names }, parents: { ...v.parents }, states: { ...v.states },
    modes: { ...v.modes }, order: { ...v.order }, occ: v.occ.slice(),
  };
}

// foldStep folds the events of step k into v (which it owns) and returns the
// timeline column and the log items of that step.
function foldStep(v, k, events, programs) {
  const prevParents = { ...v.parents };
  const ran = v.occ.slice(); // who is on each CPU at the start of the tick
  const switched = {};
  const transitions = [];
  for (const e of events) {
    switch (e.kind) {
      case 'created':
        if (programs && programs[e.value]) v.names[e.pid] = programs[e.value].name;
        v.parents[e.pid] = e.other || 0;
        v.states[e.pid] = 'none';
        v.modes[e.pid] = 'user';
        break;
      case 'exec':
        if (programs && programs[e.value]) v.names[e.pid] = programs[e.value].name;
        break;
      case 'reparented':
        v.parents[e.pid] = e.other || 1;
        break;
      case 'switch':
        if (e.cpu !== undefined && e.cpu !== null) {
          switched[e.cpu] = e.pid || 0;
          v.occ[e.cpu] = e.pid || 0;
        }
        break;
      case 'mode':
        v.modes[e.pid] = e.value ? 'kernel' : 'user';
        break;
      case 'state': {
        const from = e.from || v.states[e.pid] || 'none';
        v.states[e.pid] = e.to;
        v.order[e.pid] = v.seq++;
        transitions.push({ pid: e.pid, from, to: e.to, cause: e.cause || '', cpu: e.cpu ?? -1 });
        if (e.to === 'running' && e.cpu !== undefined && e.cpu !== null) v.occ[e.cpu] = e.pid;
        if (from === 'running' && e.to !== 'running') {
          const c = e.cpu ?? v.occ.indexOf(e.pid);
          if (c >= 0 && v.occ[c] === e.pid) v.occ[c] = 0;
        }
        break;
      }
    }
  }
  const cpuCells = [];
  const ranPids = new Map();
  const n = Math.max(ran.length, v.occ.length);
  for (let c = 0; c < n; c++) {
    const pid = c in switched ? switched[c] : ran[c] || 0;
    const kernel = pid ? v.modes[pid] === 'kernel' : false;
    cpuCells.push({ pid, kernel });
    if (pid) ranPids.set(pid, kernel);
  }
  const taskCells = {};
  for (const key of Object.keys(v.states)) {
    const pid = Number(key);
    const s = v.states[pid];
    if (ranPids.has(pid)) {
      taskCells[pid] = { s: 'running', k: ranPids.get(pid) };
    } else if (s !== 'none' && !(s === 'dead' && !transitions.some(tr => tr.pid === pid))) {
      taskCells[pid] = { s, k: false };
    }
  }
  const ctx = {
    name: pid => v.names[pid],
    parent: pid => prevParents[pid] ?? v.parents[pid] ?? 0,
    program: i => programs && programs[i] ? programs[i].name : undefined,
  };
  const items = describeEvents(events, ctx);
  return { column: { step: k, cpu: cpuCells, task: taskCells }, items, transitions };
}

function settle(v, tasks, cpus, step) {
  if (Array.isArray(tasks)) {
    v.tasks = tasks;
    seedMaps(v, tasks, Array.isArray(cpus) ? cpus : v.occ);
  }
  if (Array.isArray(cpus)) v.cpus = cpus;
  v.step = step;
}

function groupByStep(events) {
  const m = new Map();
  for (const e of events || []) {
    if (!m.has(e.step)) m.set(e.step, []);
    m.get(e.step).push(e);
  }
  return m;
}

// fromSnapshot builds the whole view from a snapshot message. The snapshot
// redraws: it has no transitions to animate.
export function fromSnapshot(msg, programs) {
  const v = emptyView();
  const base = msg.base || { step: msg.step, tasks: msg.tasks, cpus: msg.cpus };
  v.baseStep = base.step ?? 0;
  v.total = msg.total ?? 0;
  seedMaps(v, base.tasks, base.cpus);
  v.cpus = (base.cpus || []).slice();
  const byStep = groupByStep(msg.events);
  for (let k = v.baseStep + 1; k <= msg.step; k++) {
    const r = foldStep(v, k, byStep.get(k) || [], programs);
    v.columns.push(r.column);
    for (const it of r.items) v.log.push(it);
  }
  trim(v);
  settle(v, msg.tasks, msg.cpus, msg.step);
  v.transitions = [];
  return v;
}

// applyEvents folds one `events` message (the events of step msg.step) into
// a copy of v and returns it; v itself is not changed.
export function applyEvents(v, msg, programs) {
  const w = clone(v);
  const r = foldStep(w, msg.step, msg.events || [], programs);
  w.columns = w.columns.concat([r.column]);
  w.log = w.log.concat(r.items);
  w.transitions = r.transitions;
  w.total = Math.max(w.total, msg.total ?? 0, msg.step);
  trim(w);
  settle(w, msg.tasks, msg.cpus, msg.step);
  return w;
}

// withStatus records the total a `status` message reports.
export function withStatus(v, msg) {
  return { ...v, total: msg.total ?? v.total };
}

function trim(v) {
  if (v.columns.length > MAX_COLUMNS) v.columns = v.columns.slice(v.columns.length - MAX_COLUMNS);
  if (v.log.length > MAX_LOG) v.log = v.log.slice(v.log.length - MAX_LOG);
}

// nodeOf returns the diagram node a task in state s sits in.
export function nodeOf(state) {
  return state === 'none' ? 'origin' : state;
}

// tokensByNode groups the tasks by diagram node, each node's tokens in the
// order they entered it (the ready queue reads as a queue). Tasks that the
// fold saw die but the server no longer lists stay in X.
export function tokensByNode(v) {
  const out = {};
  const seen = new Set();
  const add = (pid, state, task) => {
    const node = nodeOf(state);
    (out[node] ||= []).push({ pid, state, task });
    seen.add(pid);
  };
  for (const t of v.tasks) add(t.pid, t.state, t);
  for (const key of Object.keys(v.states)) {
    const pid = Number(key);
    if (!seen.has(pid) && v.states[pid] === 'dead') add(pid, 'dead', { pid, name: v.names[pid], ppid: v.parents[pid], state: 'dead', cpu: -1 });
  }
  for (const node of Object.keys(out)) out[node].sort((a, b) => (v.order[a.pid] ?? 0) - (v.order[b.pid] ?? 0) || a.pid - b.pid);
  return out;
}
