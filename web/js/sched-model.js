// sched-model.js: the pure logic of the scheduling view (no DOM): the
// policies, the example workloads, the burst text ("5 io3 2"), the
// workload the editor sends (docs/protocol.md, "Scheduling API"), the ready
// queues at a time, the comparison table and the manual mode's hints.

import { range, clampTo } from './limits.js';

// POLICIES lists the policies in the order of docs/scheduling.md. `quantum`
// marks those whose quantum matters; `manual` those "you are the
// scheduler" can run under.
export const POLICIES = [
  { id: 'fcfs', manual: true },
  { id: 'sjf' },
  { id: 'srtf' },
  { id: 'rr', quantum: true, manual: true },
  { id: 'priority' },
  { id: 'priority-preemptive' },
  { id: 'hrrn' },
  { id: 'mlfq', quantum: true },
  { id: 'cfs' },
  { id: 'lottery', quantum: true },
  { id: 'stride', quantum: true },
];
export const POLICY_IDS = POLICIES.map(p => p.id);

// The editor's bounds come from the hello's limits (limits.js): the
// largest CPU count (sched_cpus), switch cost (sched_switch_cost), quantum
// (sched_quantum) and job count (sched_jobs). The lower bounds are what the
// fields mean (one CPU, no switch cost, a one-tick quantum). A bound that is
// not known yet does not clamp: the server judges, and says what is wrong.
export const cpusRange = limits => range(limits, 'sched_cpus', 1);
export const switchRange = limits => range(limits, 'sched_switch_cost', 0);
export const quantumRange = limits => range(limits, 'sched_quantum', 1);

const job = (name, arrival, bursts, extra = {}) => ({ name, arrival, bursts, priority: 0, tickets: 100, nice: 0, ...extra });

// EXAMPLES are the built-in workloads (textbook examples; bursts as text).
export const EXAMPLES = [
  { id: 'convoy', quantum: 4, jobs: [job('P1', 0, '24'), job('P2', 0, '3'), job('P3', 0, '3')] },
  { id: 'sjf', quantum: 4, jobs: [job('P1', 0, '6'), job('P2', 0, '8'), job('P3', 0, '7'), job('P4', 0, '3')] },
  { id: 'srtf', quantum: 4, jobs: [job('P1', 0, '8'), job('P2', 1, '4'), job('P3', 2, '9'), job('P4', 3, '5')] },
  { id: 'stallings', quantum: 1, jobs: [job('A', 0, '3'), job('B', 2, '6'), job('C', 4, '4'), job('D', 6, '5'), job('E', 8, '2')] },
  { id: 'priority', quantum: 2, jobs: [job('P1', 0, '10', { priority: 3 }), job('P2', 0, '1', { priority: 1 }), job('P3', 0, '2', { priority: 4 }), job('P4', 0, '1', { priority: 5 }), job('P5', 0, '5', { priority: 2 })] },
  { id: 'iomix', quantum: 2, jobs: [job('CPU', 0, '14'), job('Edit', 0, '1 io4 1 io4 1 io4 1'), job('Copy', 1, '3 io5 3 io5 2')] },
];

// exampleWorkload returns a fresh editor state for an example id (or null).
export function exampleWorkload(id) {
  const ex = EXAMPLES.find(e => e.id === id);
  if (!ex) return null;
  return { cpus: 1, switchCost: 0, quantum: ex.quantum, jobs: ex.jobs.map(j => ({ ...j })) };
}

// parseBursts reads the compact burst text: CPU bursts are plain numbers
// and I/O waits are "io" followed by a number ("5 io3 2" or "5, io 3, 2").
// Bursts alternate CPU and I/O and start and end with CPU. It returns
// {ok:true, bursts:[5,3,2]} or {ok:false, error, token} where error is one
// of empty, token, range, io_first, io_last, two_cpu, two_io.
export function parseBursts(text) {
  const src = String(text ?? '').trim().toLowerCase().replace(/,/g, ' ').replace(/\bio\s+(?=\d)/g, 'io');
  if (!src) return { ok: false, error: 'empty' };
  const bursts = [];
  let lastIO = null;
  for (const tok of src.split(/\s+/)) {
    const m = /^(io)?(\d+)$/.exec(tok);
    if (!m) return { ok: false, error: 'token', token: tok };
    const n = Number(m[2]);
    if (n < 1) return { ok: false, error: 'range', token: tok }; // the server judges the largest
    const io = !!m[1];
    if (lastIO === null && io) return { ok: false, error: 'io_first', token: tok };
    if (lastIO === io) return { ok: false, error: io ? 'two_io' : 'two_cpu', token: tok };
    bursts.push(n);
    lastIO = io;
  }
  if (lastIO) return { ok: false, error: 'io_last' };
  return { ok: true, bursts };
}

// formatBursts is the inverse of parseBursts: [5,3,2] -> "5 io3 2".
export function formatBursts(bursts) {
  return bursts.map((b, i) => (i % 2 ? `io${b}` : String(b))).join(' ');
}

// int reads an integer from a number or a text field; blank or unreadable
// gives dflt.
function int(v, dflt) {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : dflt;
  const s = String(v ?? '').trim();
  if (!/^[+-]?\d+$/.test(s)) return dflt;
  return Number(s);
}

// toWire turns the editor state {cpus, switchCost, jobs:[{name, arrival,
// bursts(text), priority, tickets, nice}], mlfq?} into the API's workload,
// with CPUs and switch cost within the hello's limits (when known). It
// returns {ok:true, workload} or {ok:false, errors:[{row, field, error,
// token}]} for burst texts and numbers that cannot be read. Names, ranges
// and duplicates are left to the server, which says what is wrong.
export function toWire(ed, limits = {}) {
  const errors = [];
  const jobs = (ed.jobs || []).map((j, row) => {
    const b = parseBursts(j.bursts);
    if (!b.ok) errors.push({ row, field: 'bursts', error: b.error, token: b.token });
    const num = (field, dflt) => {
      const v = int(j[field], NaN);
      if (Number.isNaN(v)) {
        if (String(j[field] ?? '').trim() === '') return dflt;
        errors.push({ row, field, error: 'number' });
        return dflt;
      }
      return v;
    };
    const out = { name: String(j.name ?? '').trim(), arrival: num('arrival', 0), bursts: b.ok ? b.bursts : [], priority: num('priority', 0) };
    const tickets = num('tickets', 100);
    // 0 on the wire means "the default, 100": a job with no ticket is an
    // error here, as any other number out of the server's range is there.
    if (tickets < 1 && !errors.some(e => e.row === row && e.field === 'tickets')) errors.push({ row, field: 'tickets', error: 'tickets' });
    if (tickets !== 100) out.tickets = tickets;
    const nice = num('nice', 0);
    if (nice !== 0) out.nice = nice;
    return out;
  });
  if (errors.length) return { ok: false, errors };
  const workload = { cpus: clampTo(int(ed.cpus, 1), cpusRange(limits)), switch_cost: clampTo(int(ed.switchCost, 0), switchRange(limits)), jobs };
  // MLFQ settings imported from OSTEP's mlfq.py (level 0 = highest).
  if (ed.mlfq && Array.isArray(ed.mlfq.quanta) && ed.mlfq.quanta.length) {
    workload.mlfq = { quanta: ed.mlfq.quanta.slice(), allot: (ed.mlfq.allot || []).slice(), boost: ed.mlfq.boost || 0 };
  }
  return { ok: true, workload };
}

// runFor is the API run for a policy: the quantum (within the hello's
// limits, when known) goes with every policy that uses one.
export function runFor(policy, quantum, limits = {}) {
  const p = POLICIES.find(x => x.id === policy);
  const q = clampTo(int(quantum, 2), quantumRange(limits));
  return p && p.quantum ? { policy, quantum: q } : { policy };
}

// nextName proposes a name for a new job that no job has yet: the next
// letter after single-letter names, else P<n>.
export function nextName(jobs) {
  const names = new Set(jobs.map(j => j.name));
  if (jobs.length && jobs.every(j => /^[A-Y]$/.test(j.name))) {
    const c = String.fromCharCode(Math.max(...jobs.map(j => j.name.charCodeAt(0))) + 1);
    if (!names.has(c)) return c;
  }
  for (let i = jobs.length + 1; ; i++) if (!names.has(`P${i}`)) return `P${i}`;
}

// levelCount is the number of MLFQ levels a result shows (at least 3).
export function levelCount(levels) {
  let max = 2;
  for (const s of Object.values(levels || {})) for (const ch of s) if (ch >= '0' && ch <= '9') max = Math.max(max, ch.charCodeAt(0) - 48);
  return max + 1;
}

// queuesAt returns the ready queue(s) during tick t+1 (from time t to
// t+1): [{level:null, jobs}] or, for MLFQ, one {level, jobs} per level.
export function queuesAt(result, t) {
  const q = (result.queues && result.queues[t]) || [];
  if (!result.levels) return [{ level: null, jobs: q.slice() }];
  const n = levelCount(result.levels);
  const out = Array.from({ length: n }, (_, level) => ({ level, jobs: [] }));
  for (const name of q) {
    const ch = (result.levels[name] || '')[t];
    const l = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : 0;
    out[Math.min(l, n - 1)].jobs.push(name);
  }
  return out;
}

// runningAt lists, per CPU, the slice during tick t+1 (null when idle).
export function runningAt(result, t, cpus) {
  const out = Array.from({ length: cpus }, () => null);
  for (const s of result.gantt || []) if (s.start <= t && t < s.end && s.cpu < cpus) out[s.cpu] = s;
  return out;
}

// cpusOf is the number of CPU lanes a result needs.
export function cpusOf(result, cpus = 1) {
  let n = cpus;
  for (const s of result.gantt || []) n = Math.max(n, s.cpu + 1);
  return n;
}

const EPS = 1e-9;
export const AVG_COLS = ['turnaround', 'waiting', 'response'];

// compareRows builds the comparison table: one row per result with its
// averages, and best[col] true on the lowest value of each column (ties
// all marked).
export function compareRows(results) {
  const rows = results.map(r => ({
    policy: r.policy, quantum: r.quantum, avg: { ...r.avg }, switches: r.context_switches, end: r.end, complete: r.complete !== false, best: {},
  }));
  for (const col of AVG_COLS) {
    const min = Math.min(...rows.map(r => r.avg[col]));
    for (const r of rows) r.best[col] = rows.length > 1 && Math.abs(r.avg[col] - min) < EPS;
  }
  return rows;
}

// fmt2 writes an average with two decimals (17 -> "17.00").
export function fmt2(x) {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(2) : '—';
}

// fmtTick writes a per-job metric; -1 (not yet known) is a dash.
export function fmtTick(x) {
  return typeof x === 'number' && x >= 0 ? String(x) : '—';
}

// cpuUsed counts the CPU ticks a job has run from its state string.
export function cpuUsed(states) {
  let n = 0;
  for (const ch of states || '') if (ch === 'R') n++;
  return n;
}

// remainingBurst is what is left of a job's current CPU burst after `used`
// CPU ticks (bursts alternate CPU and I/O), or 0 when it has finished.
export function remainingBurst(bursts, used) {
  let acc = 0;
  for (let i = 0; i < bursts.length; i += 2) {
    acc += bursts[i];
    if (used < acc) return acc - used;
  }
  return 0;
}

// horizon is an upper bound of a workload's schedule length on one CPU
// (the manual mode's partial Gantt keeps this scale while it grows).
export function horizon(workload) {
  let arrival = 0, total = 0, cpuBursts = 0;
  for (const j of workload.jobs) {
    arrival = Math.max(arrival, j.arrival);
    j.bursts.forEach((b, i) => { total += b; if (i % 2 === 0) cpuBursts++; });
  }
  return Math.max(1, arrival + total + (workload.switch_cost || 0) * cpuBursts);
}

// gradeRows ranks the policies and the student by average waiting time
// (the student first among equals).
export function gradeRows(grade) {
  const rows = [{ policy: null, you: true, avg: grade.student }, ...grade.policies.map(p => ({ policy: p.policy, avg: p.avg }))];
  const key = r => Math.round(r.avg.waiting * 1e6);
  return rows.map((r, i) => ({ ...r, i })).sort((a, b) => key(a) - key(b) || a.i - b.i)
    .map(({ i, ...r }) => ({ ...r, optimum: r.policy === grade.optimum }));
}

// ---- scheduling lessons (issue 12, part 5) ------------------------------------

// isJobsModel reports whether a `loaded` message runs a scenario in the jobs
// model ("model jobs": a scheduling lesson, a workload opened step by step,
// an OSTEP scheduler import): its tasks are jobs, named by the class, and
// the page shows a job's name alone, not its PID.
export function isJobsModel(loaded) {
  return !!loaded && loaded.lang !== 'go' && /^[ \t]*model[ \t]+jobs\b/m.test(String(loaded.scenario || ''));
}

// schedLessons are the lessons of the scheduling view: the lessons of the
// topic "scheduling" (the jobs model), in course order.
export function schedLessons(lessons) {
  return (lessons || []).filter(l => l && l.topic === 'scheduling');
}

// levelRuns splits a job's MLFQ levels (one digit per tick) into runs of
// one level over the ticks the job is in the system (states other than
// '-' not arrived and ' ' ended): [{level, start, end}].
export function levelRuns(levels, states) {
  const out = [];
  const lv = String(levels || '');
  const st = String(states || '');
  for (let i = 0; i < lv.length; i++) {
    const ch = st[i];
    if (ch === '-' || ch === ' ' || ch === undefined || !(lv[i] >= '0' && lv[i] <= '9')) continue;
    const level = lv.charCodeAt(i) - 48;
    const last = out[out.length - 1];
    if (last && last.level === level && last.end === i) last.end = i + 1;
    else out.push({ level, start: i, end: i + 1 });
  }
  return out;
}

// fmtVruntime says a vruntime (1/1024 ticks of a nice-0 task) in ticks,
// with one decimal.
export function fmtVruntime(v) {
  return Number.isFinite(v) ? (v / 1024).toFixed(1) : '–';
}

// jobsNow lists each job at time t (during tick t+1) for the table under
// the queues: its state character, and its MLFQ level or its CFS vruntime
// (after the tick) and weight when the result has them.
export function jobsNow(result, t) {
  return (result.names || Object.keys(result.states || {})).map(name => {
    const row = { name, state: ((result.states || {})[name] || '')[t] || '-' };
    if (result.levels) {
      const ch = (result.levels[name] || '')[t];
      row.level = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : null;
    }
    if (result.vruntime) {
      const v = result.vruntime[name] || [];
      row.vruntime = v.length ? v[Math.min(t, v.length - 1)] : null;
      row.weight = result.weights ? result.weights[name] ?? null : null;
    }
    return row;
  });
}
