import {
  clampTo,
  range
} from "./chunk-J4M4X52N.js";

// js/sched-model.js
var POLICIES = [
  { id: "fcfs", manual: true },
  { id: "sjf" },
  { id: "srtf" },
  { id: "rr", quantum: true, manual: true },
  { id: "priority" },
  { id: "priority-preemptive" },
  { id: "hrrn" },
  { id: "mlfq", quantum: true },
  { id: "cfs" },
  { id: "lottery", quantum: true },
  { id: "stride", quantum: true }
];
var POLICY_IDS = POLICIES.map((p) => p.id);
var cpusRange = (limits) => range(limits, "sched_cpus", 1);
var switchRange = (limits) => range(limits, "sched_switch_cost", 0);
var quantumRange = (limits) => range(limits, "sched_quantum", 1);
var job = (name, arrival, bursts, extra = {}) => ({ name, arrival, bursts, priority: 0, tickets: 100, nice: 0, ...extra });
var EXAMPLES = [
  { id: "convoy", quantum: 4, jobs: [job("P1", 0, "24"), job("P2", 0, "3"), job("P3", 0, "3")] },
  { id: "sjf", quantum: 4, jobs: [job("P1", 0, "6"), job("P2", 0, "8"), job("P3", 0, "7"), job("P4", 0, "3")] },
  { id: "srtf", quantum: 4, jobs: [job("P1", 0, "8"), job("P2", 1, "4"), job("P3", 2, "9"), job("P4", 3, "5")] },
  { id: "stallings", quantum: 1, jobs: [job("A", 0, "3"), job("B", 2, "6"), job("C", 4, "4"), job("D", 6, "5"), job("E", 8, "2")] },
  { id: "priority", quantum: 2, jobs: [job("P1", 0, "10", { priority: 3 }), job("P2", 0, "1", { priority: 1 }), job("P3", 0, "2", { priority: 4 }), job("P4", 0, "1", { priority: 5 }), job("P5", 0, "5", { priority: 2 })] },
  { id: "iomix", quantum: 2, jobs: [job("CPU", 0, "14"), job("Edit", 0, "1 io4 1 io4 1 io4 1"), job("Copy", 1, "3 io5 3 io5 2")] }
];
function exampleWorkload(id) {
  const ex = EXAMPLES.find((e) => e.id === id);
  if (!ex) return null;
  return { cpus: 1, switchCost: 0, quantum: ex.quantum, jobs: ex.jobs.map((j) => ({ ...j })) };
}
function parseBursts(text) {
  const src = String(text ?? "").trim().toLowerCase().replace(/,/g, " ").replace(/\bio\s+(?=\d)/g, "io");
  if (!src) return { ok: false, error: "empty" };
  const bursts = [];
  let lastIO = null;
  for (const tok of src.split(/\s+/)) {
    const m = /^(io)?(\d+)$/.exec(tok);
    if (!m) return { ok: false, error: "token", token: tok };
    const n = Number(m[2]);
    if (n < 1) return { ok: false, error: "range", token: tok };
    const io = !!m[1];
    if (lastIO === null && io) return { ok: false, error: "io_first", token: tok };
    if (lastIO === io) return { ok: false, error: io ? "two_io" : "two_cpu", token: tok };
    bursts.push(n);
    lastIO = io;
  }
  if (lastIO) return { ok: false, error: "io_last" };
  return { ok: true, bursts };
}
function formatBursts(bursts) {
  return bursts.map((b, i) => i % 2 ? `io${b}` : String(b)).join(" ");
}
function int(v, dflt) {
  if (typeof v === "number") return Number.isFinite(v) ? Math.trunc(v) : dflt;
  const s = String(v ?? "").trim();
  if (!/^[+-]?\d+$/.test(s)) return dflt;
  return Number(s);
}
function toWire(ed, limits = {}) {
  const errors = [];
  const jobs = (ed.jobs || []).map((j, row) => {
    const b = parseBursts(j.bursts);
    if (!b.ok) errors.push({ row, field: "bursts", error: b.error, token: b.token });
    const num = (field, dflt) => {
      const v = int(j[field], NaN);
      if (Number.isNaN(v)) {
        if (String(j[field] ?? "").trim() === "") return dflt;
        errors.push({ row, field, error: "number" });
        return dflt;
      }
      return v;
    };
    const out = { name: String(j.name ?? "").trim(), arrival: num("arrival", 0), bursts: b.ok ? b.bursts : [], priority: num("priority", 0) };
    const tickets = num("tickets", 100);
    if (tickets < 1 && !errors.some((e) => e.row === row && e.field === "tickets")) errors.push({ row, field: "tickets", error: "tickets" });
    if (tickets !== 100) out.tickets = tickets;
    const nice = num("nice", 0);
    if (nice !== 0) out.nice = nice;
    return out;
  });
  if (errors.length) return { ok: false, errors };
  const workload = { cpus: clampTo(int(ed.cpus, 1), cpusRange(limits)), switch_cost: clampTo(int(ed.switchCost, 0), switchRange(limits)), jobs };
  if (ed.mlfq && Array.isArray(ed.mlfq.quanta) && ed.mlfq.quanta.length) {
    workload.mlfq = { quanta: ed.mlfq.quanta.slice(), allot: (ed.mlfq.allot || []).slice(), boost: ed.mlfq.boost || 0 };
  }
  return { ok: true, workload };
}
function runFor(policy, quantum, limits = {}) {
  const p = POLICIES.find((x) => x.id === policy);
  const q = clampTo(int(quantum, 2), quantumRange(limits));
  return p && p.quantum ? { policy, quantum: q } : { policy };
}
function nextName(jobs) {
  const names = new Set(jobs.map((j) => j.name));
  if (jobs.length && jobs.every((j) => /^[A-Y]$/.test(j.name))) {
    const c = String.fromCharCode(Math.max(...jobs.map((j) => j.name.charCodeAt(0))) + 1);
    if (!names.has(c)) return c;
  }
  for (let i = jobs.length + 1; ; i++) if (!names.has(`P${i}`)) return `P${i}`;
}
function levelCount(levels) {
  let max = 2;
  for (const s of Object.values(levels || {})) for (const ch of s) if (ch >= "0" && ch <= "9") max = Math.max(max, ch.charCodeAt(0) - 48);
  return max + 1;
}
function queuesAt(result, t) {
  const q = result.queues && result.queues[t] || [];
  if (!result.levels) return [{ level: null, jobs: q.slice() }];
  const n = levelCount(result.levels);
  const out = Array.from({ length: n }, (_, level) => ({ level, jobs: [] }));
  for (const name of q) {
    const ch = (result.levels[name] || "")[t];
    const l = ch >= "0" && ch <= "9" ? ch.charCodeAt(0) - 48 : 0;
    out[Math.min(l, n - 1)].jobs.push(name);
  }
  return out;
}
function runningAt(result, t, cpus) {
  const out = Array.from({ length: cpus }, () => null);
  for (const s of result.gantt || []) if (s.start <= t && t < s.end && s.cpu < cpus) out[s.cpu] = s;
  return out;
}
function cpusOf(result, cpus = 1) {
  let n = cpus;
  for (const s of result.gantt || []) n = Math.max(n, s.cpu + 1);
  return n;
}
var EPS = 1e-9;
var AVG_COLS = ["turnaround", "waiting", "response"];
function compareRows(results) {
  const rows = results.map((r) => ({
    policy: r.policy,
    quantum: r.quantum,
    avg: { ...r.avg },
    switches: r.context_switches,
    end: r.end,
    complete: r.complete !== false,
    best: {}
  }));
  for (const col of AVG_COLS) {
    const min = Math.min(...rows.map((r) => r.avg[col]));
    for (const r of rows) r.best[col] = rows.length > 1 && Math.abs(r.avg[col] - min) < EPS;
  }
  return rows;
}
function fmt2(x) {
  return typeof x === "number" && Number.isFinite(x) ? x.toFixed(2) : "—";
}
function fmtTick(x) {
  return typeof x === "number" && x >= 0 ? String(x) : "—";
}
function cpuUsed(states) {
  let n = 0;
  for (const ch of states || "") if (ch === "R") n++;
  return n;
}
function remainingBurst(bursts, used) {
  let acc = 0;
  for (let i = 0; i < bursts.length; i += 2) {
    acc += bursts[i];
    if (used < acc) return acc - used;
  }
  return 0;
}
function horizon(workload) {
  let arrival = 0, total = 0, cpuBursts = 0;
  for (const j of workload.jobs) {
    arrival = Math.max(arrival, j.arrival);
    j.bursts.forEach((b, i) => {
      total += b;
      if (i % 2 === 0) cpuBursts++;
    });
  }
  return Math.max(1, arrival + total + (workload.switch_cost || 0) * cpuBursts);
}
function gradeRows(grade) {
  const rows = [{ policy: null, you: true, avg: grade.student }, ...grade.policies.map((p) => ({ policy: p.policy, avg: p.avg }))];
  const key = (r) => Math.round(r.avg.waiting * 1e6);
  return rows.map((r, i) => ({ ...r, i })).sort((a, b) => key(a) - key(b) || a.i - b.i).map(({ i, ...r }) => ({ ...r, optimum: r.policy === grade.optimum }));
}
function isJobsModel(loaded) {
  return !!loaded && loaded.lang !== "go" && /^[ \t]*model[ \t]+jobs\b/m.test(String(loaded.scenario || ""));
}
function schedLessons(lessons) {
  return (lessons || []).filter((l) => l && l.topic === "scheduling");
}
function levelRuns(levels, states) {
  const out = [];
  const lv = String(levels || "");
  const st = String(states || "");
  for (let i = 0; i < lv.length; i++) {
    const ch = st[i];
    if (ch === "-" || ch === " " || ch === void 0 || !(lv[i] >= "0" && lv[i] <= "9")) continue;
    const level = lv.charCodeAt(i) - 48;
    const last = out[out.length - 1];
    if (last && last.level === level && last.end === i) last.end = i + 1;
    else out.push({ level, start: i, end: i + 1 });
  }
  return out;
}
function fmtVruntime(v) {
  return Number.isFinite(v) ? (v / 1024).toFixed(1) : "–";
}
function jobsNow(result, t) {
  return (result.names || Object.keys(result.states || {})).map((name) => {
    const row = { name, state: ((result.states || {})[name] || "")[t] || "-" };
    if (result.levels) {
      const ch = (result.levels[name] || "")[t];
      row.level = ch >= "0" && ch <= "9" ? ch.charCodeAt(0) - 48 : null;
    }
    if (result.vruntime) {
      const v = result.vruntime[name] || [];
      row.vruntime = v.length ? v[Math.min(t, v.length - 1)] : null;
      row.weight = result.weights ? result.weights[name] ?? null : null;
    }
    return row;
  });
}

export {
  POLICIES,
  POLICY_IDS,
  cpusRange,
  switchRange,
  quantumRange,
  EXAMPLES,
  exampleWorkload,
  formatBursts,
  toWire,
  runFor,
  nextName,
  queuesAt,
  runningAt,
  cpusOf,
  AVG_COLS,
  compareRows,
  fmt2,
  fmtTick,
  cpuUsed,
  remainingBurst,
  horizon,
  gradeRows,
  isJobsModel,
  schedLessons,
  levelRuns,
  fmtVruntime,
  jobsNow
};
