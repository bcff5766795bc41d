// live-model.js: the live lab's state as a fold of the /ws/live messages
// (docs/protocol.md, "Live lab"). No DOM here. createLive makes an empty
// state; applyHello, applySnapshot and applyEvents fold the server's
// messages into it; advance moves the clock on (the timeline grows while
// nothing happens); diagramView and timelineView give the shapes that
// diagram.js and timeline.js draw for the simulator, so that real processes
// appear on the same pictures. The state is mutable (one owner: live.js).
//
// Time: the server's t_ms (milliseconds since the lab started). The page's
// zero (t0) is the t_ms of the first hello, so the timeline and the log
// count seconds from when this page connected.
import { describeLive, statusOfEvent } from './live-log.js';
import { ipcDemos, applyIPCReport } from './live-ipc.js';
import { applySysReport } from './live-sys.js';

export const BUCKET_MS = 250; // one timeline column
export const MAX_COLUMNS = 480; // two minutes of timeline
export const MAX_LOG = 2000;
export const DEAD_KEEP_MS = 20000; // a reaped process stays drawn in X this long
export const MAX_DEAD = 8; // ... and at most this many of them
export const MAX_SLOTS = 8; // running slots drawn in the R node
export const WATCH_MAX = 32; // the server's limit for `watch`
export const MAX_RACES = 12;
export const MAX_SIGNALS = 12;
export const QUIET_MS = 2000; // a process flipping between R and S is said at most this often

export function createLive() {
  return {
    started: false, labPid: 0, t0: 0, now: 0,
    available: false, reason: '', workloads: [], signals: [], limits: {}, teacher: false, hasKey: false,
    procs: new Map(), // pid -> the latest wire process
    states: {}, names: {}, parents: {}, order: {}, seq: 0,
    roots: {}, // pid -> the lab worker it descends from (itself for a worker)
    workload: {}, // pid -> workload name
    drawn: {}, // pid -> true: its last state (X) is drawn from the reap, not sampled
    deadAt: {}, // pid -> t_ms it went to X (or vanished)
    status: {}, // pid -> how it ended: {killed:false, code} or {killed:true, n, sig}; absent while alive or unknown
    columns: [], log: [], transitions: [], items: [], said: {},
    demos: { pipe: {}, socket: {}, race: [], cow: {}, signals: [], ...ipcDemos() },
  };
}

// normalizeWorkloads keeps the well-formed whitelist entries of a hello.
export function normalizeWorkloads(list) {
  if (!Array.isArray(list)) return [];
  const out = [];
  for (const w of list) {
    if (!w || typeof w.name !== 'string' || !/^[a-z0-9_-]{1,32}$/.test(w.name)) continue;
    const args = (Array.isArray(w.args) ? w.args : []).filter(a => a && typeof a.name === 'string')
      .map(a => ({ name: a.name, min: num(a.min, 0), max: num(a.max, 0), def: num(a.default, 0), doc: String(a.doc || '') }));
    out.push({ name: w.name, comm: String(w.comm || ''), doc: String(w.doc || ''), args, maxProcs: num(w.max_procs, 1) });
  }
  return out;
}

function num(v, d) {
  return typeof v === 'number' && Number.isFinite(v) ? v : d;
}

// normalizeLiveLessons keeps the well-formed live lessons of
// GET /api/live/lessons.
export function normalizeLiveLessons(list) {
  if (!Array.isArray(list)) return [];
  const bi = b => (b && typeof b === 'object' ? { en: String(b.en || ''), zh: String(b.zh || '') } : { en: '', zh: '' });
  const out = [];
  for (const l of list) {
    if (!l || typeof l.id !== 'string' || !l.id || !Array.isArray(l.steps)) continue;
    out.push({
      id: l.id, title: bi(l.title), explain: bi(l.explain), twin: String(l.twin || ''), twinTitle: bi(l.twin_title),
      steps: l.steps.map(s => ({ text: bi(s && s.text), do: s && s.do && typeof s.do.action === 'string' ? { ...s.do } : null })),
    });
  }
  return out;
}

// shortName is how a live process is named on its token and in sentences:
// its comm without the lab's "pl-" prefix, else its workload.
export function shortName(p) {
  const n = p && typeof p.name === 'string' ? p.name : '';
  if (n && n !== 'exe' && n !== 'proclab') return n.replace(/^pl-/, '');
  return (p && p.workload) || '';
}

// statusOf is how an exited process ended, from its sample: an exit code
// (exit_code) or the signal that killed it (signal, signal_name), never
// both; null when the lab could not see it (or it has not exited).
export function statusOf(p) {
  if (!p || !p.exited) return null;
  if (typeof p.signal === 'number' && p.signal > 0) return { killed: true, n: p.signal, sig: String(p.signal_name || `SIG${p.signal}`) };
  if (typeof p.exit_code === 'number') return { killed: false, code: p.exit_code };
  return null;
}

// applyHello records the lab's description. A hello whose clock is behind
// the page's means a new server: everything known is forgotten.
export function applyHello(st, msg) {
  const tms = num(msg.t_ms, 0);
  if (st.started && tms + 1000 < st.now) {
    const fresh = createLive();
    for (const k of Object.keys(fresh)) st[k] = fresh[k];
  }
  st.labPid = num(msg.lab_pid, 0);
  st.available = !!msg.available;
  st.reason = String(msg.reason || '');
  st.workloads = normalizeWorkloads(msg.workloads);
  st.signals = Array.isArray(msg.signals) ? msg.signals.filter(s => typeof s === 'string') : [];
  st.limits = msg.limits && typeof msg.limits === 'object' ? msg.limits : {};
  st.teacher = !!msg.teacher; // this page holds the teacher key: it may act on every process
  st.hasKey = !!msg.teacher_key;
  if (!st.started) { st.started = true; st.t0 = tms; }
  st.now = Math.max(st.now, tms);
}

function rootOf(st, pid, parent) {
  if (st.roots[pid]) return st.roots[pid];
  if (!parent || parent === st.labPid || parent === pid) return pid;
  return st.roots[parent] || parent;
}

// upsert records a process sample.
function upsert(st, p, tms) {
  if (!p || typeof p.pid !== 'number') return;
  const known = st.procs.has(p.pid) || p.pid in st.states;
  st.procs.set(p.pid, p);
  st.roots[p.pid] = rootOf(st, p.pid, p.lab_child ? st.labPid : p.ppid);
  if (p.workload) st.workload[p.pid] = p.workload;
  const nm = shortName(p);
  if (nm && (nm !== p.workload || !st.names[p.pid])) st.names[p.pid] = nm;
  st.parents[p.pid] = p.ppid;
  if (p.exited) { const ws = statusOf(p); if (ws) st.status[p.pid] = ws; }
  if (p.gone) {
    if (st.states[p.pid] !== 'dead') { setState(st, p.pid, 'dead', tms); st.drawn[p.pid] = true; }
    return;
  }
  const s = p.state_name;
  if (typeof s === 'string' && s && (!known || st.states[p.pid] === 'none' || st.states[p.pid] !== s) && st.states[p.pid] !== 'dead') {
    // The sample is the truth (a snapshot, or a sample that an event did not explain).
    setState(st, p.pid, s, tms);
  }
}

function setState(st, pid, s, tms) {
  if (st.states[pid] !== s) st.order[pid] = st.seq++;
  st.states[pid] = s;
  if (s === 'dead') st.deadAt[pid] = tms;
  else delete st.deadAt[pid];
  cell(st, pid, s, tms);
}

// applySnapshot replaces the processes with the server's list. A process
// the page knew that is not in it ended while the page was not looking.
export function applySnapshot(st, msg) {
  const tms = num(msg.t_ms, st.now);
  st.now = Math.max(st.now, tms);
  advance(st, st.now);
  const seen = new Set();
  for (const p of Array.isArray(msg.processes) ? msg.processes : []) {
    seen.add(p.pid);
    upsert(st, p, tms);
  }
  for (const pid of [...st.procs.keys()]) if (!seen.has(pid) && st.states[pid] !== 'dead') forget(st, pid);
  st.transitions = [];
  st.items = [];
}

function forget(st, pid) {
  st.procs.delete(pid);
  for (const m of [st.states, st.names, st.parents, st.order, st.roots, st.workload, st.drawn, st.deadAt, st.status, st.said]) delete m[pid];
  for (const c of st.columns) delete c.task[pid];
}

// applyEvents folds one live_events message in. It sets st.transitions (the
// state changes to animate) and st.items (the new log items).
export function applyEvents(st, msg) {
  const tms = num(msg.t_ms, st.now);
  st.now = Math.max(st.now, tms);
  advance(st, st.now);
  const events = Array.isArray(msg.events) ? msg.events : [];
  const prevParents = { ...st.parents };
  const procs = new Map((Array.isArray(msg.processes) ? msg.processes : []).map(p => [p.pid, p]));
  // Names come with the processes; a new process's name is needed for its sentence.
  for (const p of procs.values()) {
    if (p.workload) st.workload[p.pid] = p.workload;
    const nm = shortName(p);
    if (nm) st.names[p.pid] = nm;
  }
  const transitions = [];
  for (const e of events) {
    const at = num(e.t_ms, num(e.step, tms));
    switch (e.kind) {
      case 'created':
        st.parents[e.pid] = e.other || 0;
        st.roots[e.pid] = rootOf(st, e.pid, e.other);
        if (!(e.pid in st.states)) { st.states[e.pid] = 'none'; st.order[e.pid] = st.seq++; }
        if (!st.workload[e.pid] && st.workload[e.other]) st.workload[e.pid] = st.workload[e.other];
        break;
      case 'state': {
        const from = e.from || st.states[e.pid] || 'none';
        if (e.synthesised) st.drawn[e.pid] = true;
        setState(st, e.pid, e.to, at);
        transitions.push({ pid: e.pid, from, to: e.to, cause: e.cause || '', drawn: !!e.synthesised });
        break;
      }
      case 'reparented':
        st.parents[e.pid] = e.other || 0;
        break;
      case 'exit': {
        const ws = statusOfEvent(e);
        if (ws) st.status[e.pid] = ws;
        break;
      }
    }
  }
  for (const p of procs.values()) upsert(st, p, tms);
  const reports = Array.isArray(msg.reports) ? msg.reports : [];
  for (const r of reports) applyReport(st, r, tms);
  const items = describeLive(events, reports, {
    labPid: st.labPid, time: tms,
    name: pid => st.names[pid] || '',
    parent: pid => prevParents[pid] ?? st.parents[pid] ?? 0,
    workload: pid => st.workload[pid] || '',
  });
  const quiet = quieten(st, items, events);
  st.log = st.log.concat(quiet);
  if (st.log.length > MAX_LOG) st.log = st.log.slice(st.log.length - MAX_LOG);
  st.transitions = transitions;
  st.items = quiet;
  updateCow(st);
  closePipes(st);
}

// flip reports whether a state event is a move between R and S: a busy
// process makes dozens a second, which the diagram and the timeline show;
// the log says one every QUIET_MS per process.
function flip(e) {
  const rs = s => s === 'running' || s === 'sleeping';
  return e && e.kind === 'state' && rs(e.from) && rs(e.to);
}

function quieten(st, items, events) {
  const flips = new Map();
  for (const e of events) if (flip(e)) flips.set(`${e.pid}@${e.t_ms ?? e.step}`, true);
  return items.filter(it => {
    if (it.kind !== 'state' || !flips.has(`${it.pid}@${it.step}`)) return true;
    const last = st.said[it.pid];
    if (last !== undefined && it.step - last < QUIET_MS) return false;
    st.said[it.pid] = it.step;
    it.weight = 3;
    return true;
  });
}

// ---- the timeline -----------------------------------------------------------

function bucketOf(st, tms) {
  return Math.floor((tms - st.t0) / BUCKET_MS);
}

// current are the timeline cells of the processes as they are now.
function current(st) {
  const out = {};
  for (const [k, s] of Object.entries(st.states)) {
    if (s === 'none' || s === 'dead') continue;
    out[k] = { s, k: false };
  }
  return out;
}

// advance adds timeline columns up to the time nowMs, each holding the
// states as they are, and forgets the processes reaped long ago.
// It returns how many processes it forgot (their tokens must go).
export function advance(st, nowMs) {
  st.now = Math.max(st.now, nowMs);
  ensure(st, bucketOf(st, st.now));
  const dead = Object.keys(st.deadAt).map(Number).sort((a, b) => st.deadAt[b] - st.deadAt[a]);
  let n = 0;
  dead.forEach((pid, i) => {
    if (i >= MAX_DEAD || st.now - st.deadAt[pid] > DEAD_KEEP_MS) { forget(st, pid); n++; }
  });
  return n;
}

function ensure(st, b) {
  const cols = st.columns;
  if (cols.length && cols[cols.length - 1].step >= b) return;
  let next = cols.length ? cols[cols.length - 1].step + 1 : b;
  if (b - next >= MAX_COLUMNS) { cols.length = 0; next = b - MAX_COLUMNS + 1; }
  const cur = current(st);
  for (; next <= b; next++) {
    const task = {};
    for (const [k, c] of Object.entries(cur)) task[k] = { ...c };
    cols.push({ step: next, cpu: [], task });
  }
  if (cols.length > MAX_COLUMNS) cols.splice(0, cols.length - MAX_COLUMNS);
}

// cell records that pid entered state s at time tms: in that column and in
// every later one already made (a late event corrects them). X shows in its
// own column only.
function cell(st, pid, s, tms) {
  const b = bucketOf(st, tms);
  ensure(st, b);
  for (const c of st.columns) {
    if (c.step < b) continue;
    if (s === 'none') delete c.task[pid];
    else if (s === 'dead' && c.step > b) delete c.task[pid];
    else c.task[pid] = { s, k: false };
  }
}

// ---- the workers' reports: the demos' panels ---------------------------------

export const MiB = 1 << 20;

function applyReport(st, r, tms) {
  if (!r || typeof r !== 'object' || typeof r.pid !== 'number') return;
  const root = st.roots[r.pid] || r.pid;
  const d = st.demos;
  switch (r.kind) {
    case 'pipe': {
      // queued is left out of a report when it is 0 (the pipe is empty).
      const run = d.pipe[root] ||= { root, writer: null, reader: null, t: tms, freed: false };
      const side = r.side === 'reader' ? 'reader' : 'writer';
      run[side] = { pid: r.pid, bytes: r.bytes ?? 0, rate: r.rate_kbps ?? 0, queued: r.queued ?? 0, t: tms };
      run.queued = r.queued ?? 0;
      run.t = tms;
      break;
    }
    case 'socket': {
      const run = d.socket[root] ||= { root, type: r.type || '', sent: null, recv: null, t: tms };
      const side = r.side === 'receiver' ? 'recv' : 'sent';
      run[side] = { pid: r.pid, messages: Array.isArray(r.messages) ? r.messages.map(String) : [], sizes: Array.isArray(r.sizes) ? r.sizes : [] };
      if (r.type) run.type = r.type;
      run.t = tms;
      break;
    }
    case 'race': {
      let run = d.race.find(x => x.pid === r.pid && !x.done);
      if (!run) {
        run = { pid: r.pid, mode: r.mode || '', procs: r.procs ?? 0, iters: r.iters ?? 0, expected: r.expected ?? 0, done: false, t: tms };
        d.race.push(run);
        if (d.race.length > MAX_RACES) d.race.shift();
      }
      if (r.phase === 'done') Object.assign(run, { done: true, actual: r.actual ?? 0, lost: r.lost ?? 0, elapsed: r.elapsed_ms ?? 0 });
      break;
    }
    case 'fork':
      if (st.workload[r.pid] === 'cow' && r.child) (d.cow[root] ||= newCow(root)).child = r.child;
      break;
    case 'cow': {
      const run = d.cow[root] ||= newCow(root);
      run.of = r.of ?? run.of;
      run.mib = r.mib ?? run.mib;
      run.step = r.step ?? 0;
      if (!run.rows.some(x => x.step === run.step)) run.rows.push({ step: run.step, parent: null, child: null });
      break;
    }
    case 'signal':
      d.signals.push({ pid: r.pid, signal: String(r.signal || ''), action: String(r.action || ''), t: tms });
      if (d.signals.length > MAX_SIGNALS) d.signals.shift();
      break;
    default:
      applyIPCReport(st, r, tms, root); // fifo, mqueue, shm, udp (live-ipc.js)
      applySysReport(st, r, tms); // the live-sys workloads' (live-sys.js)
  }
}

function newCow(root) {
  return { root, child: 0, of: 0, mib: 0, step: -1, rows: [] };
}

// mem reads the memory counters of a process sample (bytes; null if none).
export function mem(p) {
  if (!p) return null;
  return { rss: p.rss_bytes ?? 0, pss: p.pss_bytes ?? null, shared: p.shared_dirty_bytes ?? null, private: p.private_dirty_bytes ?? null };
}

// closePipes marks the ends of each pipe run whose process has exited: a
// process closes its files as it exits, so a zombie holds none. Linux
// frees a pipe, and the bytes left in it, when its last end is closed: a
// run whose every end the reports named is closed is freed, with nothing
// in it. (The ends are the writer's and the reader's: the pipe workload's
// writer closes its copy of the read end, and the FIFO's coordinator never
// opens the FIFO.)
function closePipes(st) {
  for (const run of Object.values(st.demos.pipe)) {
    if (run.freed) continue;
    const ends = [run.writer, run.reader].filter(Boolean);
    for (const e of ends) if (exited(st, e.pid)) e.closed = true;
    if (ends.length && ends.every(e => e.closed)) { run.freed = true; run.queued = 0; }
  }
}

// exited reports whether pid has exited (zombie, reaped, or said so by
// its last sample).
function exited(st, pid) {
  const s = st.states[pid];
  const p = st.procs.get(pid);
  return s === 'zombie' || s === 'dead' || (!!p && (!!p.exited || !!p.gone));
}

// updateCow copies the latest samples into the row of the current step, so
// that each row ends with the memory as it was when the next step began.
function updateCow(st) {
  for (const run of Object.values(st.demos.cow)) {
    if (!run.child) {
      for (const [pid, p] of st.procs) if (p.ppid === run.root && pid !== run.root) run.child = pid;
    }
    const row = run.rows.find(x => x.step === run.step);
    if (!row) continue;
    const par = st.procs.get(run.root), ch = st.procs.get(run.child);
    if (par && !par.gone && par.pss_bytes !== undefined) row.parent = mem(par);
    if (ch && !ch.gone && ch.pss_bytes !== undefined) row.child = mem(ch);
  }
}

// ---- what the pictures draw ------------------------------------------------------

// alive reports whether a process can still be acted on (not reaped, not gone).
export function alive(st, pid) {
  const p = st.procs.get(pid);
  return !!p && !p.gone && st.states[pid] !== 'dead';
}

// task is a process in the shape of a simulator task.
function task(st, pid) {
  const p = st.procs.get(pid) || {};
  return {
    pid, ppid: st.parents[pid] ?? p.ppid ?? 0, name: st.names[pid] || p.workload || '', state: st.states[pid] || 'none', cpu: -1,
    workload: st.workload[pid] || p.workload || '', drawn: st.states[pid] === 'dead' && !!st.drawn[pid],
    user_ticks: p.utime_ticks ?? 0, kernel_ticks: p.stime_ticks ?? 0,
    vcsw: p.voluntary_ctxt_switches ?? 0, nvcsw: p.nonvoluntary_ctxt_switches ?? 0,
  };
}

// shownPids are the processes on the pictures: every known one (a process
// just created has no state yet: it sits at the fork origin).
function shownPids(st) {
  return Object.keys(st.states).map(Number).sort((a, b) => a - b);
}

// diagramView is the view diagram.js draws: the processes as tasks, R in the
// running node's slots (one per R process: /proc does not say which CPU).
export function diagramView(st) {
  const tasks = shownPids(st).map(pid => task(st, pid));
  const running = tasks.filter(x => x.state === 'running').sort((a, b) => (st.order[a.pid] ?? 0) - (st.order[b.pid] ?? 0));
  const cpus = [];
  running.forEach((x, i) => { if (i < MAX_SLOTS) { x.cpu = i; cpus.push(x.pid); } });
  if (!cpus.length) cpus.push(0);
  const states = {};
  for (const x of tasks) states[x.pid] = x.state;
  return {
    step: st.now, total: st.now, tasks, cpus, states, names: { ...st.names }, parents: { ...st.parents }, order: { ...st.order },
    transitions: st.transitions.filter(tr => states[tr.pid] !== undefined), columns: st.columns, log: st.log,
  };
}

// watchList is what to ask the server to sample at 50 Hz: the processes on
// screen that are still alive, the newest first.
export function watchList(st) {
  const out = [];
  for (const pid of [...st.procs.keys()].sort((a, b) => b - a)) {
    if (alive(st, pid) && out.length < WATCH_MAX) out.push(pid);
  }
  return out.sort((a, b) => a - b);
}

// zombies are the processes in Z, optionally only those descending from
// one of roots (a lesson's workers).
export function zombies(st, roots) {
  const out = [];
  for (const [k, s] of Object.entries(st.states)) {
    const pid = Number(k);
    if (s !== 'zombie' || !alive(st, pid)) continue;
    if (roots && !roots.includes(st.roots[pid] || pid) && !roots.includes(pid)) continue;
    out.push(pid);
  }
  return out.sort((a, b) => a - b);
}

// lockWaiters counts the processes of a race run that sleep in a futex now.
export function lockWaiters(st, root) {
  let n = 0;
  for (const [pid, p] of st.procs) {
    if (pid === root || (st.roots[pid] || pid) !== root || !alive(st, pid)) continue;
    if (st.states[pid] === 'sleeping' && p.wait === 'futex') n++;
  }
  return n;
}

// argsFor fills a workload's arguments: the given values where they are
// integers in range, the defaults elsewhere. It returns {args, bad: [names]}.
export function argsFor(w, given) {
  const args = {};
  const bad = [];
  for (const a of w.args) {
    const raw = given ? given[a.name] : undefined;
    if (raw === undefined || raw === '') { args[a.name] = a.def; continue; }
    const v = Number(raw);
    if (!Number.isInteger(v) || v < a.min || v > a.max) { bad.push(a.name); continue; }
    args[a.name] = v;
  }
  return { args, bad };
}

// mayAct reports whether this page may act on pid: it started it (the
// server marks it "mine"), or the page holds the teacher key.
export function mayAct(st, pid) {
  const p = st.procs.get(pid);
  return !!(st.teacher || (p && p.mine));
}
