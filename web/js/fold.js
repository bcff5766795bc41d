// fold.js: the view state of the lab as a pure fold of server messages.
// No DOM here. fromSnapshot builds a view from a `snapshot` message (the
// base state plus every event since), foldEvents folds one `events`
// message into the view in place (applyEvents: into a copy). The view holds the authoritative tasks, the timeline columns
// (one per step: who ran on each CPU, each task's state), the log items and
// the transitions of the last step (for the diagram's animation). The
// columns and the log items are kept compact, in a ColumnStore
// (colstore.js) and a LogStore (logstore.js): windows of the newest
// MAX_COLUMNS steps and MAX_LOG items that read back as the objects they
// stand for, in a tenth of the memory (issue 14, part 2).
//
// For scenarios with threads (the race lab) the view also holds the shared
// state the server reports (vars, objects, decision), the writes of the
// shown step (written), what each blocked task waits for (waits: pid ->
// {cause, obj, other}) and, per timeline cell, the sync object a sleeping
// task waits on (w: "lock:OBJ") or that a running task spun on (spin).
// decl ({vars, objects, expects}, from `loaded`) names variables and
// objects in the log's sentences.
//
// prev is the tasks after the step before the shown one (null when the page
// does not know them: step 0, or a step that does not follow the one
// shown): the process table marks the cells that changed in the shown step.
//
// ran lists what the CPUs executed in the shown step (see ranOf): the code
// pane marks those lines as "just ran" and the narration says them when the
// step has no event more telling. A snapshot carries the tasks of the step
// before it (prev) for that; without them ran is empty.
import { describeEvents } from './log.js';
import { ipcOf, ipcNames } from './ipc-model.js';
import { ColumnStore, MAX_COLUMNS } from './colstore.js';
import { LogStore, MAX_LOG } from './logstore.js';

export { MAX_COLUMNS, MAX_LOG };
export const MAX_OUTPUT = 2000; // output lines kept (older ones count as omitted)

// emptyView is the view before anything is loaded.
export function emptyView() {
  return {
    step: 0, total: 0, baseStep: 0,
    tasks: [], cpus: [],
    columns: new ColumnStore(), log: new LogStore(), transitions: [], ran: [], prev: null,
    // The shown step's column ({step, cpu, arrived?}: its CPU cells) and
    // log items, as the fold made them (the narration's; lastColumn null
    // when no step was folded).
    lastColumn: null, stepItems: [],
    names: {}, parents: {}, tgids: {}, states: {}, modes: {}, order: {}, seq: 0, occ: [],
    vars: [], objects: [], decision: null, written: [], waits: {}, held: {},
    switchLeft: {}, // cpu -> ticks it still spends switching (switch cost)
    // The PIDs whose state or wait changed since the last timeline column
    // (their base cells are out of date: baseCells); null: every task's.
    changed: null,
    output: [], outputOmitted: 0, // a Go program's output lines up to step (output.js)
  };
}

// SYNC_CAUSES are the causes of a state change to S that wait on a sync object.
export const SYNC_CAUSES = new Set(['lock', 'sem', 'cond', 'chan', 'waitgroup', 'once']);

// seedMaps sets the view's maps from a task table (and the CPUs' tasks).
// The groups of threads (v.groupSizes) are counted again only when a
// task's tgid changed, and the list of known PIDs (statePids) only when
// a task is new.
function seedMaps(v, tasks, cpus) {
  for (const t of tasks || []) {
    v.names[t.pid] = t.name;
    v.parents[t.pid] = t.ppid;
    const g = t.tgid || t.pid;
    if (v.tgids[t.pid] !== g) { v.tgids[t.pid] = g; v.groupSizes = null; }
    if (v.states[t.pid] !== t.state) v.order[t.pid] = v.seq++;
    setState(v, t.pid, t.state);
    v.modes[t.pid] = t.mode || 'user';
  }
  v.occ = (cpus || []).slice();
}

// setState sets task pid's state in v.states; a PID new to the view
// drops the list of known PIDs (statePids builds it again).
function setState(v, pid, s) {
  if (!(pid in v.states)) v.pids = null;
  if (v.states[pid] !== s && v.changed) v.changed.add(pid);
  v.states[pid] = s;
}

// statePids lists the PIDs of v.states as numbers, in ascending order (the
// order of Object.keys for integer keys), kept until a PID is added: each
// step's timeline column has a cell per task, and building the list from
// the keys at every step cost most of folding a snapshot of thousands of
// tasks.
function statePids(v) {
  if (!v.pids) v.pids = Object.keys(v.states).map(Number);
  return v.pids;
}

// copyView is a copy of v that shares nothing that folding changes (the
// maps, the columns, the log), for the pure applyEvents.
function copyView(v) {
  return {
    ...v,
    names: { ...v.names }, parents: { ...v.parents }, tgids: { ...(v.tgids || {}) }, states: { ...v.states },
    modes: { ...v.modes }, order: { ...v.order }, occ: v.occ.slice(),
    waits: { ...v.waits }, held: { ...v.held }, switchLeft: { ...(v.switchLeft || {}) },
    traps: { ...(v.traps || {}) },
    groupSizes: null, // folding changes the groups' sizes in place: the copy counts its own
    changed: v.changed ? new Set(v.changed) : null,
    columns: v.columns.clone(), log: v.log.clone(), // the output array is replaced, never changed, when a step prints
  };
}

// foldStep folds the events of step k into v (which it owns): it adds the
// step's timeline column to v.columns and returns the column's CPU cells
// ({step, cpu, arrived?}, for ranOf), the log items of that step, its
// transitions and the writes. With keep QUICK it changes only v's maps:
// no column goes into v.columns and no items are made (the window of a
// snapshot folded for its first frame: fromSnapshot); QUICK_ITEMS also
// makes the items (the shown step's, for the narration).
const FULL = 0, QUICK = 1, QUICK_ITEMS = 2;
function foldStep(v, k, events, programs, decl, keep = FULL) {
  // The parents and lock holders before the step, for the log's sentences:
  // only those the step changes are kept (the step costs no copy of the
  // whole task table), in maps made when the step changes one.
  let oldParents = null;
  let oldHeld = null;
  const setParent = (pid, ppid) => { oldParents ||= new Map(); if (!oldParents.has(pid)) oldParents.set(pid, v.parents[pid]); v.parents[pid] = ppid; };
  const keepHeld = obj => { oldHeld ||= new Map(); if (!oldHeld.has(obj)) oldHeld.set(obj, v.held[obj]); };
  const spun = new Map(); // pid -> the object it spun on this step
  const vdso = new Map(); // pid -> the vDSO call it made this step (user mode, no trap)
  const written = [];
  const ran = v.occ.slice(); // who is on each CPU at the start of the tick
  const switched = {};
  const transitions = [];
  const arrived = {}; // pid -> program: tasks that arrived in this step, at their program's start
  for (const e of events) {
    switch (e.kind) {
      case 'created':
        // value (the program index) is omitted on the wire when it is 0.
        if (programs && programs[e.value ?? 0]) v.names[e.pid] = programs[e.value ?? 0].name;
        if (e.cause === 'arrival') arrived[e.pid] = e.value ?? 0;
        // A thread (cause clone) or a goroutine (cause go) joins the
        // process of `other`: its parent is that process's parent.
        v.tgids = v.tgids || {};
        const joins = e.cause === 'clone' || e.cause === 'go';
        const g = joins ? (v.tgids[e.other] || e.other) : e.pid;
        if (v.tgids[e.pid] !== g) {
          // The groups' sizes follow the change, rather than being
          // counted again over every task at the next threaded().
          const sizes = v.groupSizes;
          if (sizes) {
            const old = v.tgids[e.pid];
            if (old !== undefined) sizes.set(old, sizes.get(old) - 1);
            sizes.set(g, (sizes.get(g) || 0) + 1);
          }
          v.tgids[e.pid] = g;
        }
        setParent(e.pid, joins ? (v.parents[e.other] ?? 0) : e.other || 0);
        setState(v, e.pid, 'none');
        v.modes[e.pid] = 'user';
        break;
      case 'exec':
        if (programs && programs[e.value ?? 0]) v.names[e.pid] = programs[e.value ?? 0].name;
        break;
      case 'reparented':
        setParent(e.pid, e.other || 1);
        break;
      case 'switch':
        if (e.cpu !== undefined && e.cpu !== null) {
          switched[e.cpu] = e.pid || 0;
          v.occ[e.cpu] = e.pid || 0;
          // value: ticks the CPU spends switching before the task runs.
          // (v is the fold's own: copyView copied the maps it changes.)
          (v.switchLeft ||= {})[e.cpu] = e.value || 0;
        }
        break;
      case 'mode':
        v.modes[e.pid] = e.value ? 'kernel' : 'user';
        if (!e.value && v.traps) delete v.traps[e.pid]; // back in user mode: the call returned
        break;
      case 'syscall':
        // The trap the task is in: its kernel ticks are labelled with the call.
        // (In place: a copy per call cost most of folding a snapshot of
        // thousands of tasks.)
        (v.traps ||= {})[e.pid] = e.syscall || '';
        break;
      case 'vdso':
        vdso.set(e.pid, e.syscall || '');
        break;
      case 'spin':
        spun.set(e.pid, e.obj || 0);
        break;
      case 'write':
        written.push({ obj: e.obj || 0, pid: e.pid, value: e.value ?? 0, old: e.arg ?? 0 });
        break;
      case 'lock_acquire':
        keepHeld(e.obj || 0);
        v.held[e.obj || 0] = { pid: e.pid, step: k };
        break;
      case 'lock_release':
        keepHeld(e.obj || 0);
        delete v.held[e.obj || 0];
        break;
      case 'state': {
        const from = e.from || v.states[e.pid] || 'none';
        setState(v, e.pid, e.to);
        if (e.to === 'sleeping' && SYNC_CAUSES.has(e.cause)) v.waits[e.pid] = { cause: e.cause, obj: e.obj || 0, other: e.other || 0 };
        else delete v.waits[e.pid];
        if (v.changed) v.changed.add(e.pid); // its wait may have changed with its state unchanged
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
  const switching = new Set(); // tasks whose CPU is switching to them this step
  const n = Math.max(ran.length, v.occ.length);
  for (let c = 0; c < n; c++) {
    const pid = c in switched ? switched[c] : ran[c] || 0;
    const kernel = pid ? v.modes[pid] === 'kernel' : false;
    const left = (v.switchLeft || {})[c] || 0;
    if (pid && left > 0) {
      // The CPU is switching to pid: no tick of the task's own yet.
      cpuCells.push({ pid, kernel: false, sw: true });
      switching.add(pid);
      v.switchLeft[c] = left - 1;
      continue;
    }
    const cell = { pid, kernel };
    // sys: the system call a kernel tick belongs to; vdso: a vDSO call's user tick.
    if (pid && kernel && v.traps && v.traps[pid]) cell.sys = v.traps[pid];
    if (pid && !kernel && vdso.has(pid)) cell.vdso = vdso.get(pid);
    cpuCells.push(cell);
    if (pid) ranPids.set(pid, kernel);
  }
  // A cell per task by its state (none: no cell; dead: only in the step
  // it died), then the cells of the tasks on a CPU (a few) over them. The
  // cells by state are the store's base row (colstore.js), brought up to
  // date for the tasks whose state or wait changed (baseCells), and the
  // column begins as its copy: a step costs what it changed, not a write
  // per task. The cells go straight into the store: no object per step.
  const column = { step: k, cpu: cpuCells };
  const hasArrived = Object.keys(arrived).length > 0;
  if (hasArrived) column.arrived = arrived;
  if (keep !== FULL) {
    const items = keep === QUICK_ITEMS ? describe(v, events, programs, decl, oldParents, oldHeld) : [];
    return { column, items, transitions, written };
  }
  const cols = v.columns;
  baseCells(v, cols);
  cols.begin(k, true);
  cpuCells.forEach((cell, c) => cols.setCpu(c, cell));
  for (const tr of transitions) if (v.states[tr.pid] === 'dead') cols.setTask(tr.pid, cols.taskCell('dead', false));
  for (const [pid, kernel] of ranPids) {
    if (pid in v.states) cols.setTask(pid, spun.has(pid) ? cols.taskCell('running', kernel, '', `lock:${spun.get(pid)}`) : cols.taskCell('running', kernel));
  }
  for (const pid of switching) if (pid in v.states) cols.setTask(pid, cols.taskCell('running', false, '', '', true));
  if (hasArrived) cols.setArrived(arrived);
  const items = describe(v, events, programs, decl, oldParents, oldHeld);
  return { column, items, transitions, written };
}

// describe makes the log items of a step's events (describeEvents), with
// the parents and lock holders the step changed as they were before it.
function describe(v, events, programs, decl, oldParents, oldHeld) {
  const sc = stepContext(v, programs, decl);
  sc.oldParents = oldParents;
  sc.oldHeld = oldHeld;
  const items = describeEvents(events, sc.ctx);
  sc.oldParents = sc.oldHeld = null;
  return items;
}

// baseCells brings the base row of v's timeline (cols) up to date: the cell
// of each task whose state or wait changed since the last column (all of
// them when v.changed is null: a view just made or seeded), by its state.
function baseCells(v, cols) {
  const cellOf = pid => {
    const s = v.states[pid];
    if (s === 'none' || s === 'dead' || s === undefined) return 0;
    const w = s === 'sleeping' ? v.waits[pid] : undefined;
    return w ? cols.taskCell(s, false, `${w.cause}:${w.obj}`) : cols.taskCell(s, false);
  };
  if (!v.changed) {
    const pids = statePids(v);
    let fresh = 0;
    for (const pid of pids) if (cellOf(pid) && !cols.laneOf.has(pid)) fresh++;
    if (fresh) cols.reserve(fresh);
    for (const pid of pids) cols.setBase(pid, cellOf(pid));
  } else {
    for (const pid of v.changed) cols.setBase(pid, cellOf(pid));
  }
  v.changed = new Set();
}

// contexts keeps, per view, the describeEvents context of its steps
// (stepContext): made once rather than at every step (two dozen closures
// a step, 1,000 steps a second at the top speed), while the view's
// programs, declarations, IPC objects and model stay the same.
const contexts = new WeakMap();

// stepContext returns the context foldStep gives describeEvents for view
// v: names, parents and lock holders read from v as the step left them,
// but the parents and holders the step changed as they were before it
// (the record's oldParents and oldHeld, which foldStep sets around the
// call: null when the step changed none).
function stepContext(v, programs, decl) {
  const jobs = !!v.jobs;
  let sc = contexts.get(v);
  if (sc && sc.programs === programs && sc.decl === decl && sc.ipc === v.ipc && sc.jobs === jobs && sc.go === !!v.go) return sc;
  sc = { programs, decl, ipc: v.ipc, jobs, go: !!v.go, oldParents: null, oldHeld: null, ctx: null };
  const rec = sc;
  sc.ctx = declContext(decl, {
    name: pid => v.names[pid],
    parent: pid => (rec.oldParents && rec.oldParents.has(pid) ? rec.oldParents.get(pid) : v.parents[pid]) ?? v.parents[pid] ?? 0,
    tgid: pid => (v.tgids && v.tgids[pid]) || pid,
    threaded: pid => threaded(v, pid),
    hasChildren: pid => hasChildren(v, pid),
    jobs, // log.js names a job by its name alone
    go: !!v.go, // a Go program: log.js names goroutines as goroutines, not threads
    program: i => programs && programs[i] ? programs[i].name : undefined,
    heldSince: obj => {
      const h = rec.oldHeld && rec.oldHeld.has(obj) ? rec.oldHeld.get(obj) : v.held[obj];
      return h ? h.step : undefined;
    },
    ...ipcNames(v), // sockName, segName, sock (ipc-model.js)
  });
  contexts.set(v, sc);
  return sc;
}

// hasChildren reports whether process pid has a child that wait() could
// still report, as the step left them: one not yet reaped (a zombie counts).
// It walks the parents: only the log's rare init-without-children sentence
// asks.
export function hasChildren(v, pid) {
  for (const c in v.parents) {
    const k = Number(c);
    if (k !== pid && v.parents[c] === pid && v.states[c] && v.states[c] !== 'dead' && ((v.tgids && v.tgids[c]) || k) === k) return true;
  }
  return false;
}

// threaded reports whether task pid is one thread of a process with
// several (its tgid is another task's pid, or another task's tgid is its pid).
export function threaded(v, pid) {
  if (!v.tgids) return false; // a view without processes (scheduling, OSTEP)
  const g = v.tgids;
  const tgid = g[pid] || pid;
  if (tgid !== pid) return true;
  if (!v.groupSizes) { // tgid -> tasks in it; rebuilt after tgids changes
    v.groupSizes = new Map();
    for (const k of Object.keys(g)) v.groupSizes.set(g[k], (v.groupSizes.get(g[k]) || 0) + 1);
  }
  return (v.groupSizes.get(pid) || 0) > 1;
}

// taskTag is a task's short name on the page: P3 for a process, TID 3 for
// a thread of a process with several (its PID is the process's), G3 for a
// goroutine of a Go program (the simulator draws each as a task; Go runs
// goroutines on a few threads, and a goroutine has no TID).
export function taskTag(v, pid) {
  // A job of the jobs model (a scheduling workload or lesson) is named as
  // the class named it: "P1", not PID 2's "P2" (issue 12, part 5).
  if (v && v.jobs && v.names && v.names[pid]) return v.names[pid];
  if (!v || !threaded(v, pid)) return `P${pid}`;
  return v.go ? `G${pid}` : `TID ${pid}`;
}

// declContext adds the names of the scenario's variables, sync objects and
// expectations (decl, from `loaded`) to a describeEvents context.
export function declContext(decl, ctx) {
  const d = decl || {};
  return {
    ...ctx,
    varName: i => (d.vars && d.vars[i] ? d.vars[i].name : `#${i}`),
    objName: i => (d.objects && d.objects[i] ? d.objects[i].name : `#${i}`),
    objKind: i => (d.objects && d.objects[i] ? d.objects[i].kind : ''),
    ipcName: i => (d.pipes && d.pipes[i] ? d.pipes[i].name : `#${i}`), // pipes, FIFOs, queues (ipc-pipe.js)
    ipcKind: i => (d.pipes && d.pipes[i] ? d.pipes[i].kind : ''),
    expect: i => (d.expects && d.expects[i] !== undefined ? d.expects[i] : ''),
    lineText: line => lineText(d.programs, line),
    // wchan names the wait channel of a change to state `to` for cause
    // (the loaded message's wchans: "STATE:CAUSE", or "STATE:" for a stop).
    wchan: (to, cause) => (d.wchans ? d.wchans[`${to}:${cause}`] || d.wchans[`${to}:`] || '' : ''),
  };
}

// lineText is the source text of a scenario line (from the programs' code).
export function lineText(programs, line) {
  for (const p of programs || []) for (const c of p.code || []) if (c.line === line) return c.text;
  return '';
}

// settleShared copies the shared-memory state of a snapshot or events message.
function settleShared(v, msg, written) {
  v.vars = Array.isArray(msg.vars) ? msg.vars.slice() : [];
  v.objects = Array.isArray(msg.objects) ? msg.objects : [];
  v.decision = msg.decision || null;
  v.pipes = Array.isArray(msg.pipes) ? msg.pipes : []; // pipes, FIFOs, queues (ipc-pipe.js)
  v.written = written || [];
  v.memory = msg.memory || null; // memory.js
  // The context-switch card (switchcard.js): the step's dispatches and the run's switch counters.
  v.switches = Array.isArray(msg.switches) ? msg.switches : [];
  v.switchCounters = msg.switch_counters || null;
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

// ranOf lists what ran in a step: for each CPU that executed a task's
// instruction (not one still switching to it), {pid, cpu, kernel, program,
// line, pc}, where line and pc are where the task was before the step,
// taken from prevTasks (the tasks after the step before). A task that
// arrived in the step (column.arrived: pid -> program index) was at its
// program's first instruction (programs, from `loaded`). Init (program -1)
// and tasks without a line are left out; [] without prevTasks.
export function ranOf(column, prevTasks, programs) {
  if (!column || !Array.isArray(prevTasks)) return [];
  // The tasks before of the PIDs on the CPUs (a few), in one pass over
  // the table (the last of a PID listed twice), not a map of it all.
  const before = new Map();
  for (const cell of column.cpu) if (cell && cell.pid && !cell.sw) before.set(cell.pid, undefined);
  if (!before.size) return [];
  for (const t of prevTasks) if (before.has(t.pid)) before.set(t.pid, t);
  const out = [];
  column.cpu.forEach((cell, cpu) => {
    if (!cell || !cell.pid || cell.sw) return;
    let t = before.get(cell.pid);
    const arrived = column.arrived && column.arrived[cell.pid];
    if (!t && arrived !== undefined && programs && programs[arrived] && (programs[arrived].code || []).length) {
      const first = programs[arrived].code[0];
      t = { program: arrived, line: first.line, pc: first.index ?? 0 };
    }
    if (!t || !(t.program >= 0) || !t.line) return;
    out.push({ pid: cell.pid, cpu, kernel: !!cell.kernel, program: t.program, line: t.line, pc: t.pc ?? -1 });
  });
  return out;
}

// prevTasksOf is the tasks of the step before a snapshot's step: its prev
// field, or its base when the window starts one step back.
function prevTasksOf(msg, base) {
  if (Array.isArray(msg.prev) && msg.prev.length) return msg.prev;
  // (A slim base's tasks have only what seedMaps reads: not a table.)
  if (base && !base.slim && (base.step ?? 0) === msg.step - 1) return base.tasks;
  return null;
}

// sizeStores makes the view's column store as large as the snapshot's
// window needs before it is folded: a column per step (up to the store's
// window) and a lane per task known at the window's start or created in
// it, so that the fold does not grow its arrays (and copy what they hold)
// several times over. What the store holds, and reads back, is the same.
//
// It also enters the PIDs the window creates in v.states, as tasks not
// created yet ('none', the state a created task starts in, which has no
// cell): the fold's list of PIDs (statePids) and the store's lanes for it
// are then made once, not again at each step that creates a task (most
// steps of the largest run, whose 3,030 tasks made that most of its
// fold). By the window's end every such PID has been created: the states
// are those the fold alone would leave.
function sizeStores(v, msg, base, byStep, resize = true) {
  let lanes = Array.isArray(base.tasks) ? base.tasks.length : 0;
  for (const events of byStep.values()) {
    for (const e of events) {
      if (e.kind !== 'created' || !(e.step > v.baseStep && e.step <= msg.step)) continue;
      lanes++;
      if (!(e.pid in v.states)) setState(v, e.pid, 'none');
    }
  }
  const steps = Math.min(v.columns.max, Math.max(0, (msg.step ?? 0) - v.baseStep));
  if (!steps || !resize) return;
  const ncpu = Math.max(4, Array.isArray(base.cpus) ? base.cpus.length : 0, Array.isArray(msg.cpus) ? msg.cpus.length : 0);
  v.columns.resize(Math.max(16, steps), ncpu, lanes);
}

// pushNewest pushes into log the newest of the items in lists (arrays of
// items, oldest first; count items in all), as many as it keeps.
function pushNewest(log, lists, count) {
  let skip = Math.max(0, count - log.max);
  if (log.reserve) log.reserve(count - skip);
  for (const items of lists) {
    if (skip >= items.length) { skip -= items.length; continue; }
    for (let j = skip; j < items.length; j++) log.push(items[j]);
    skip = 0;
  }
}

// fromSnapshot builds the whole view from a snapshot message. Of the
// base's tasks it reads only pid, ppid, tgid, name, state and mode (the
// socket sends a base slim, so: docs/protocol.md). The snapshot
// redraws without animation, but the transitions of its last step stay
// marked on the diagram, as after a step.
//
// With opts.quick the window's timeline columns and log items (what the
// panels below the first screen show, and most of the fold's time for a
// run of thousands of tasks) are folded when first read, not now: the
// view's columns, log and changed are then properties that fold the
// whole snapshot again the first time any of them is read or written
// (settleView does it at once) and take its three; until then the view
// holds the snapshot. Every other field is what the whole fold makes
// (the maps do not depend on the columns or the log), lastColumn and
// stepItems (the shown step's CPU cells and log items, for the
// narration) among them, so the first screen draws without them.
export function fromSnapshot(msg, programs, decl, opts) {
  const quick = !!(opts && opts.quick);
  const v = emptyView();
  v.jobs = !!(decl && decl.jobs); // the jobs model: a task is a job, named by its name alone (taskTag)
  v.go = !!(decl && decl.go); // a Go program: its threads are goroutines, which have no TID (taskTag)
  v.ipc = ipcOf(msg); // shared memory segments and sockets (ipc-model.js)
  const base = msg.base || { step: msg.step, tasks: msg.tasks, cpus: msg.cpus };
  v.baseStep = base.step ?? 0;
  v.total = msg.total ?? 0;
  seedMaps(v, base.tasks, base.cpus);
  v.cpus = (base.cpus || []).slice();
  const byStep = groupByStep(msg.events);
  sizeStores(v, msg, base, byStep, !quick);
  let written = [];
  let last = null;
  // The log keeps its newest items only (v.log.max): the window's steps
  // are described in order (a sentence names tasks as they were then), and
  // only the items the log keeps go into it, not every one to be dropped
  // again (the largest run's 200 steps make about three times as many).
  const said = [];
  let kept = 0;
  for (let k = v.baseStep + 1; k <= msg.step; k++) {
    const keep = !quick ? FULL : k === msg.step ? QUICK_ITEMS : QUICK;
    const r = foldStep(v, k, byStep.get(k) || [], programs, decl, keep);
    if (!quick && r.items.length) { said.push(r.items); kept += r.items.length; }
    written = r.written;
    last = r;
  }
  if (!quick) pushNewest(v.log, said, kept);
  settle(v, msg.tasks, msg.cpus, msg.step);
  settleShared(v, msg, written);
  v.output = Array.isArray(msg.output) ? msg.output.slice() : [];
  v.outputOmitted = Number(msg.output_omitted) || 0;
  trimOutput(v);
  const shown = last && last.column.step === msg.step;
  v.transitions = shown ? last.transitions : [];
  v.ran = shown ? ranOf(last.column, prevTasksOf(msg, base), programs) : [];
  v.prev = shown ? prevTasksOf(msg, base) : null; // issue 12 part 3: the table's changed cells
  v.lastColumn = shown ? last.column : null;
  v.stepItems = shown ? last.items : [];
  if (quick) deferWindow(v, msg, programs, decl);
  return v;
}

// WINDOW_FIELDS are the fields of a view that fromSnapshot with opts.quick
// leaves to be folded when first read.
const WINDOW_FIELDS = ['columns', 'log', 'changed'];

// deferWindow makes v's WINDOW_FIELDS properties that fold snapshot msg
// whole the first time one of them is read or written (on v or on a
// shallow copy of v made with keepWindow: they share the fold) and then
// become plain fields holding that fold's.
function deferWindow(v, msg, programs, decl) {
  const pending = { msg, programs, decl, whole: null };
  for (const key of WINDOW_FIELDS) {
    Object.defineProperty(v, key, {
      configurable: true,
      enumerable: true,
      get() { return settleWindow(this, pending)[key]; },
      set(x) { settleWindow(this, pending)[key] = x; },
    });
  }
}

// foldCounts counts the windows left for later that were folded (for the
// page's figures and the browser tests: app.js drawStats).
export const foldCounts = { windows: 0 };

function settleWindow(v, pending) {
  if (!pending.whole) {
    foldCounts.windows++;
    pending.whole = fromSnapshot(pending.msg, pending.programs, pending.decl);
    pending.msg = null;
  }
  for (const key of WINDOW_FIELDS) Object.defineProperty(v, key, { value: pending.whole[key], writable: true, enumerable: true, configurable: true });
  return v;
}

// settleView folds now what fromSnapshot with opts.quick left for later
// (nothing when nothing is left): after the first frame, so that the
// first step played or panel drawn does not wait for it.
export function settleView(v) {
  if (v) void v.columns;
}

// windowOf names the window view v leaves for later (fromSnapshot's
// opts.quick): the same value for v and its keepWindow copies, another for
// another snapshot's, null when v leaves none.
export function windowOf(v) {
  const d = v ? Object.getOwnPropertyDescriptor(v, 'columns') : undefined;
  return d && d.get ? d.get : null;
}

// keepWindow is a shallow copy of v with fields (as {...v, ...fields}),
// but a window left for later (fromSnapshot's opts.quick) stays left in
// the copy rather than being folded to copy it.
export function keepWindow(v, fields) {
  return Object.assign(Object.defineProperties({}, Object.getOwnPropertyDescriptors(v)), fields);
}

// foldEvents folds one `events` message (the events of step msg.step) into
// v itself and returns v. It costs what the step changes plus one pass over
// the tasks (each timeline column has a cell per task), not a copy of the
// columns or the log: the page folds every step it is sent this way, many
// per animation frame at high speeds.
export function foldEvents(v, msg, programs, decl) {
  v.ipc = ipcOf(msg, v.ipc);
  const before = v.tasks; // the tasks after the step before (settle replaces the array)
  const follows = v.step === msg.step - 1;
  const r = foldStep(v, msg.step, msg.events || [], programs, decl);
  for (const it of r.items) v.log.push(it);
  v.lastColumn = r.column;
  v.stepItems = r.items;
  v.transitions = r.transitions;
  v.ran = follows ? ranOf(r.column, before, programs) : [];
  v.prev = follows ? before : null; // issue 12 part 3: the table's changed cells
  v.total = Math.max(v.total, msg.total ?? 0, msg.step);
  settle(v, msg.tasks, msg.cpus, msg.step);
  settleShared(v, msg, r.written);
  if (Array.isArray(msg.output) && msg.output.length) {
    // A new array (output.js redraws when it changes); a step that prints nothing keeps it.
    v.output = (v.output || []).concat(msg.output);
    trimOutput(v);
  }
  return v;
}

// applyEvents folds one `events` message into a copy of v and returns it;
// v itself is not changed (foldEvents, on a copy: it costs a copy of the
// columns and the log, for handouts and tests rather than playback).
export function applyEvents(v, msg, programs, decl) {
  return foldEvents(copyView(v), msg, programs, decl);
}

// trimOutput keeps the newest MAX_OUTPUT output lines; the others count as
// omitted.
function trimOutput(v) {
  const extra = v.output.length - MAX_OUTPUT;
  if (extra > 0) {
    v.output = v.output.slice(extra);
    v.outputOmitted = (v.outputOmitted || 0) + extra;
  }
}

// withStatus records the total a `status` message reports.
export function withStatus(v, msg) {
  return keepWindow(v, { total: msg.total ?? v.total });
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
