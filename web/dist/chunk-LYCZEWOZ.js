import {
  formatBursts,
  quantumRange
} from "./chunk-R2HXWHV2.js";
import {
  clampTo,
  overLimit,
  utf8Bytes
} from "./chunk-J4M4X52N.js";

// js/ostep.js
var SIMS = [
  { id: "process-run", script: "process-run.py", source: false },
  { id: "x86-intro", script: "x86.py", source: true },
  { id: "x86-locks", script: "x86.py", source: true }
];
var SIM_IDS = SIMS.map((s) => s.id);
var needsSource = (sim) => !!(SIMS.find((s) => s.id === sim) || {}).source;
var FLAG_HINTS = {
  "process-run": [
    ["-l 5:50,4:100", "os.f.pr.l"],
    ["-P c3,i,c2:c4", "os.f.pr.P"],
    ["-L 5", "os.f.pr.L"],
    ["-S SWITCH_ON_IO | SWITCH_ON_END", "os.f.pr.S"],
    ["-I IO_RUN_LATER | IO_RUN_IMMEDIATE", "os.f.pr.I"],
    ["-s 1", "os.f.pr.s"]
  ],
  "x86-intro": [
    ["-t 2", "os.f.x.t"],
    ["-i 50", "os.f.x.i"],
    ["-r -s 7", "os.f.x.r"],
    ["-a bx=3  /  -a ax=1,ax=0", "os.f.x.a"],
    ["-M count  -R ax,bx  -C", "os.f.x.trace"]
  ],
  "x86-locks": [
    ["-t 2", "os.f.x.t"],
    ["-i 50", "os.f.x.i"],
    ["-r -s 7", "os.f.x.r"],
    ["-a bx=3  /  -a ax=1,ax=0", "os.f.x.a"],
    ["-P 0011", "os.f.x.P"],
    ["-M count  -R ax,bx  -C", "os.f.x.trace"]
  ]
};
var COUNTER_RACE = `# Each thread adds 1 to count, once per round (bx = extra rounds).
# Loading, adding and storing are three instructions: an interrupt
# between them lets the other thread's update get lost.
.var count

.top
mov count, %ax    # load the shared counter into a register
add $1, %ax       # add one in the register
mov %ax, count    # store it back
sub $1, %bx       # one round less to go
test $0, %bx
jgt .top          # again while bx > 0
halt
`;
var ATOMIC_COUNTER = `# Each thread adds 1 to total with a single atomic fetchadd,
# once per round (bx = extra rounds). No update can get lost.
.var total

.again
mov $1, %cx
fetchadd %cx, total   # total += cx in one step; cx gets the old value
sub $1, %bx
test $0, %bx
jgt .again
halt
`;
var SPIN_LOCK = `# A spin lock built from xchg guards hits (dx = extra rounds).
.var busy              # 0: free, 1: taken
.var hits

.round
mov $1, %cx
.spin
xchg %cx, busy         # cx gets the old lock word; busy becomes 1
test $1, %cx           # was it taken already?
je .spin               # yes: try again
mov hits, %ax          # the critical section: hits = hits + 1
add $1, %ax
mov %ax, hits
mov $0, busy           # unlock
sub $1, %dx
test $0, %dx
jgt .round
halt
`;
var PRESETS = [
  { id: "pr-cpu", sim: "process-run", flags: "-l 5:100,5:100" },
  { id: "pr-cpu-io", sim: "process-run", flags: "-l 4:100,1:0" },
  { id: "pr-io-cpu", sim: "process-run", flags: "-l 1:0,4:100" },
  { id: "pr-on-end", sim: "process-run", flags: "-l 1:0,4:100 -S SWITCH_ON_END" },
  { id: "pr-immediate", sim: "process-run", flags: "-P c3,i,c2:c4 -L 2 -I IO_RUN_IMMEDIATE" },
  { id: "pr-random", sim: "process-run", flags: "-l 5:50,5:50 -s 1" },
  { id: "x-race", sim: "x86-intro", flags: "-t 2 -i 2 -M count -R ax,bx", source: COUNTER_RACE },
  { id: "x-race-slow", sim: "x86-intro", flags: "-t 2 -i 50 -a bx=3 -M count -R ax,bx", source: COUNTER_RACE },
  { id: "x-race-random", sim: "x86-intro", flags: "-t 2 -r -i 4 -s 7 -a bx=3 -M count", source: COUNTER_RACE },
  { id: "x-atomic", sim: "x86-locks", flags: "-t 2 -i 1 -a bx=3 -M total -R cx", source: ATOMIC_COUNTER },
  { id: "x-spin", sim: "x86-locks", flags: "-t 2 -i 3 -a dx=2 -M busy,hits -R cx", source: SPIN_LOCK }
];
var presetsFor = (sim) => PRESETS.filter((p) => p.sim === sim);
var presetById = (id) => PRESETS.find((p) => p.id === id) || null;
var SCRIPT_RE = /^(?:python[0-9.]*\s+)?(?:\.\/)?(?:[\w./-]*\/)?(process-run|x86|x86-intro|x86-locks)(?:\.py)?(?=\s|$)/;
function cleanFlags(flags) {
  let s = String(flags ?? "").replace(/\s+/g, " ").trim();
  s = s.replace(SCRIPT_RE, "").trim();
  return s;
}
function buildLoad(sim, flags, source, limits = {}) {
  if (!SIM_IDS.includes(sim)) return { ok: false, error: "sim" };
  const f = cleanFlags(flags);
  const ostep = f ? `${sim} ${f}` : sim;
  const long = overLimit(limits, "ostep_args_bytes", utf8Bytes(ostep));
  if (long) return { ok: false, error: "too_long", over: long };
  const msg = { v: 1, type: "load", ostep };
  if (needsSource(sim)) {
    const src = String(source ?? "");
    if (!src.trim()) return { ok: false, error: "source" };
    const big = overLimit(limits, "x86_source_bytes", utf8Bytes(src));
    if (big) return { ok: false, error: "source_too_long", over: big };
    msg.source = src;
  }
  return { ok: true, msg };
}
function splitCommand(cmd) {
  const s = String(cmd ?? "").trim();
  const m = /^(\S+)\s*(.*)$/.exec(s);
  const name = m ? m[1].replace(/\.py$/, "") : "";
  if (SIM_IDS.includes(name)) return { sim: name, flags: m[2] };
  return { sim: "process-run", flags: s };
}
function ostepOf(loaded, pending) {
  if (!loaded || loaded.lesson || typeof loaded.scenario !== "string" || !loaded.scenario.startsWith("ostep ")) return null;
  if (pending && typeof pending.ostep === "string" && pending.ostep) {
    const out = { ostep: pending.ostep };
    if (typeof pending.source === "string" && pending.source) out.source = pending.source;
    return out;
  }
  const cmd = loaded.scenario.slice("ostep ".length);
  return needsSource(splitCommand(cmd).sim) ? null : { ostep: cmd };
}
function errorLine(message) {
  const m = /\bline (\d+)\b/.exec(String(message ?? ""));
  return m ? Number(m[1]) : 0;
}
var SCHED_EXAMPLES = [
  "scheduler.py -p RR -q 2 -l 3,5,1",
  "scheduler.py -p SJF -l 10,20,30",
  "scheduler.py -p FIFO -s 2 -j 4",
  "mlfq.py -l 0,50,0:0,20,4 -q 10 -n 3",
  "mlfq.py -l 0,120,0:40,20,0 -q 10 -n 3 -B 50",
  "lottery.py -s 1 -l 10:100,20:50"
];
var posInts = (a, max) => Array.isArray(a) && a.length >= 1 && a.length <= max && a.every((n) => Number.isSafeInteger(n) && n >= 1);
function mlfqOK(m) {
  return !!m && typeof m === "object" && posInts(m.quanta, 8) && posInts(m.allot, 8) && m.quanta.length === m.allot.length && Number.isSafeInteger(m.boost ?? 0) && (m.boost ?? 0) >= 0;
}
function importedEditor(resp, limits = {}) {
  const w = resp && resp.workload;
  const run = resp && resp.run;
  if (!w || !Array.isArray(w.jobs) || !w.jobs.length || !run || typeof run.policy !== "string") return { ok: false };
  const jobs = w.jobs.map((j) => ({
    name: String(j.name ?? ""),
    arrival: Number(j.arrival) || 0,
    bursts: formatBursts(Array.isArray(j.bursts) ? j.bursts : []),
    priority: Number(j.priority) || 0,
    tickets: j.tickets ? Number(j.tickets) : 100,
    nice: Number(j.nice) || 0
  }));
  const q = Number.isSafeInteger(run.quantum) && run.quantum > 0 ? run.quantum : 0;
  const quantum = q ? clampTo(q, quantumRange(limits)) : 2;
  const ed = { cpus: Number(w.cpus) || 1, switchCost: Number(w.switch_cost) || 0, quantum, jobs };
  if (w.mlfq && mlfqOK(w.mlfq)) ed.mlfq = { quanta: w.mlfq.quanta.slice(), allot: w.mlfq.allot.slice(), boost: w.mlfq.boost || 0 };
  return { ok: true, ed, policy: run.policy, quantum, clamped: q > 0 && q !== quantum, ioReset: !!resp.io_reset };
}
function splitThreads(programs, view) {
  const progs = programs || [];
  const tasks = view && view.tasks || [];
  const users = /* @__PURE__ */ new Map();
  for (const task of tasks) {
    if (task.pid === 1 || !(task.program >= 0) || !progs[task.program] || !progs[task.program].thread) continue;
    if (!users.has(task.program)) users.set(task.program, []);
    users.get(task.program).push(task);
  }
  if (![...users.values()].some((list) => list.length > 1)) return { programs: progs, view };
  const out = [];
  const moved = /* @__PURE__ */ new Map();
  progs.forEach((p, i) => {
    const list = users.get(i);
    if (!list || list.length < 2) {
      for (const task of list || []) moved.set(task.pid, out.length);
      out.push(p);
      return;
    }
    for (const task of list.slice().sort((a, b) => a.pid - b.pid)) {
      moved.set(task.pid, out.length);
      out.push({ ...p, name: task.name || `P${task.pid}` });
    }
  });
  const remapped = tasks.map((task) => moved.has(task.pid) ? { ...task, program: moved.get(task.pid) } : task);
  const ran = (view && view.ran || []).map((r) => moved.has(r.pid) ? { ...r, program: moved.get(r.pid) } : r);
  return { programs: out, view: { ...view, tasks: remapped, ran } };
}

export {
  SIMS,
  SIM_IDS,
  needsSource,
  FLAG_HINTS,
  presetsFor,
  presetById,
  cleanFlags,
  buildLoad,
  splitCommand,
  ostepOf,
  errorLine,
  SCHED_EXAMPLES,
  importedEditor,
  splitThreads
};
