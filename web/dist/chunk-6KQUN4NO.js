import {
  PROBLEMS,
  columnsOf,
  ipcDecls,
  label,
  logOf,
  sentence
} from "./chunk-X7FJ6C55.js";
import {
  getLang,
  t
} from "./chunk-GO5LWYH4.js";

// js/i18n-micro.js
var REGION = { heap: "堆", stack: "栈", data: "数据段", text: "代码段" };
function testSuffix(s) {
  return s.replace(/ \(true: jump\)$/, "（为真则跳转）").replace(/ \(true: skip the rest\)$/, "（为真则跳过其余部分）");
}
var RULES = [
  [/^(.*?)atomically add (.+) to (\S+) \(the old value\)$/, (_, d, x, v) => `${d}原子地把 ${x} 加到 ${v} 上（旧值）`],
  [/^(.*?)atomically add (.+) to (\S+)$/, (_, d, x, v) => `${d}原子地把 ${x} 加到 ${v} 上`],
  [/^(.*?)atomically swap (\S+) with (.+)$/, (_, d, v, x) => `${d}原子地交换 ${v} 与 ${x}`],
  [/^(.*?)atomically: if (\S+) == (.+) then (\S+) = (.+)$/, (_, d, v, x, w, y) => `${d}原子地：若 ${v} == ${x}，则 ${w} = ${y}`],
  [/^(.*?)atomically load (.+)$/, (_, d, v) => `${d}原子地读取 ${v}`],
  [/^atomically store (.+) -> (.+)$/, (_, x, v) => `原子地写入 ${x} -> ${v}`],
  [/^(.+) = (.+) \+ (.+) \(the new value\)$/, (_, d, x, y) => `${d} = ${x} + ${y}（新值）`],
  [/^test (.+?)( \(true: (?:jump|skip the rest)\))?$/, (_, c, sfx) => testSuffix(`判断 ${c}${sfx || ""}`)],
  [/^back to the loop's test$/, () => "回到循环的判断"],
  [/^back to the receive$/, () => "回到接收"],
  [/^jump over the else part$/, () => "跳过 else 部分"],
  [/^enter critical section$/, () => "进入临界区"],
  [/^leave critical section$/, () => "离开临界区"],
  [/^catch (\S+): send it on (.+)$/, (_, sig, ch) => `捕获 ${sig}：把它发送到 ${ch}`],
  [/^send (.+) on (\S+)$/, (_, v, ch) => `向 ${ch} 发送 ${v}`],
  [/^receive from (\S+) \(or learn it is closed\)$/, (_, ch) => `从 ${ch} 接收（或得知它已关闭）`],
  [/^case: (.+ = )?receive from (.+)$/, (_, d, ch) => `case：${d || ""}从 ${ch} 接收`],
  [/^(.+ = )?receive from (\S+)$/, (_, d, ch) => `${d || ""}从 ${ch} 接收`],
  [/^select: wait until one of (\d+) cases can go on$/, (_, n) => `select：等到 ${n} 个 case 中的一个可以继续`],
  [/^select \{\}: block for ever$/, () => "select {}：永远阻塞"],
  [/^start a goroutine: (.+)$/, (_, f) => `启动一个 goroutine：${f}`],
  [/^start a timer: (\S+) gets a value in (\d+) ticks?$/, (_, tm, n) => `启动一个定时器：${tm} 在 ${n} 个时钟滴答后得到一个值`],
  [/^sleep (\d+) ticks? \((.+)\)$/, (_, n, d) => `睡眠 ${n} 个时钟滴答（${d}）`],
  [/^the goroutine ends$/, () => "这个 goroutine 结束"],
  [/^main returns: the process exits \(exit (\d+)\)$/, (_, c) => `main 返回：进程退出（exit ${c}）`],
  [/^exit\((\d+)\): every goroutine ends$/, (_, c) => `exit(${c})：所有 goroutine 都结束`],
  [/^(.+ = )?wait for child (\S+) to exit$/, (_, d, c) => `${d || ""}等待子进程 ${c} 退出`],
  [/^wait until (\S+) counter is 0$/, (_, wg) => `等到 ${wg} 的计数为 0`],
  [/^(\S+) counter \+= (.+)$/, (_, wg, n) => `${wg} 的计数 += ${n}`],
  [/^yield the CPU$/, () => "让出 CPU"],
  [/^unlock (\S+) and sleep on (\S+), then lock (\S+) again$/, (_, m, c, m2) => `解锁 ${m} 并在 ${c} 上睡眠，之后再次给 ${m2} 加锁`],
  [/^spin: (.+?) (\S+) until it was 0$/, (_, how, s) => `自旋：对 ${s} 执行 ${how}，直到它原来的值为 0`],
  [/^spin until (.+)$/, (_, c) => `自旋，直到 ${c}`],
  [/^(read|write) (\w+) page (\d+)$/, (_, rw, r, n) => `${rw === "read" ? "读" : "写"}${REGION[r] || r}的第 ${n} 页`]
];
function microZh(text) {
  for (const [re, say] of RULES) {
    const m = re.exec(text);
    if (m) return say(...m);
  }
  return text;
}
function microText(text) {
  return text && getLang() === "zh-CN" ? microZh(text) : text;
}

// js/narrate.js
var RANK = [
  ["deadlock", "all_asleep"],
  ["panic"],
  ["lost_update"],
  ["cs_violation"],
  ["assert_failed", "expect_failed"],
  ["race"],
  ["starvation"],
  ["limit", "fork_failed"],
  ["level.boost"],
  ["signal_sent.jobctl"],
  ["reparented"],
  ["reaped"],
  ["output"],
  ["write"],
  ["read"],
  // Copy-on-write and the page faults: what the memory lessons are about.
  ["page_copy", "page_reuse", "page_private"],
  ["page_fault", "shm_fault"],
  // Data through a pipe, a queue or a socket, and a task blocked on one:
  // what the IPC lessons are about.
  [
    "pipe_write",
    "pipe_read",
    "pipe_eof",
    "pipe_broken",
    "pipe_fail",
    "mq_send",
    "mq_receive",
    "sock_send",
    "sock_recv",
    "sock_connect",
    "sock_accept",
    "sock_drop",
    "ipc_failed",
    "state.pipe_write",
    "state.pipe_read",
    "state.fifo_open",
    "state.mq_send",
    "state.mq_receive",
    "state.msgsnd",
    "state.msgrcv",
    "state.accept",
    "state.sock_connect",
    "state.sock_recv",
    "state.sock_send"
  ],
  ["lock_contend", "state.lock", "state.sem", "state.cond", "state.chan", "state.waitgroup", "state.once", "state.select", "cond_wait"],
  ["exit"],
  ["signal_delivered"],
  ["trace", "state.ptrace", "wait_report", "state.killable"],
  ["created.fork", "created.go", "exec"],
  ["kill_failed", "wait_nochild", "signal_deferred", "group", "call_failed"],
  ["lock_acquire", "lock_release", "sem_wait", "sem_post", "cond_signal", "chan_send", "chan_recv", "waitgroup", "chan_close", "select"],
  // Opening and closing IPC objects, a process's memory read or written,
  // its address space made, copied or freed: above the scheduler's routine.
  ["ipc_open", "ipc_close", "sock_create", "sock_bind", "sock_listen", "sock_close", "shm_attach", "mem_read", "mem_write", "mem_fork", "mem_exec", "mem_free"],
  ["spin", "cs_enter", "cs_exit"],
  ["signal_sent"],
  ["level.demote"],
  ["state.sleep", "state.io", "state.disk", "state.wait_child", "state.sigstop", "state.sigcont", "state.sigkill", "state.sigterm", "state.zombie", "state.dead", "state.exit", "state.panic", "reaped.self"],
  ["state.io_done", "state.child_exit", "state.child_stopped", "state.child_continued", "state.signal_wake", "state.woken", "state.handoff", "state.timer", "state.ipc_ready"],
  ["ran.thread"],
  ["created.arrival", "created.init"],
  ["state.preempt", "state.quantum", "state.yield"],
  ["choice_ignored"],
  ["state.dispatch"],
  ["*"],
  ["switch"],
  ["syscall"],
  ["ran"],
  ["other"]
];
var rankIndex = /* @__PURE__ */ new Map();
RANK.forEach((group, i) => group.forEach((c) => rankIndex.set(c, RANK.length - i)));
function rankOf(category) {
  return rankIndex.get(category) ?? rankIndex.get("*");
}
function categoryOf(item) {
  const k = item.kind;
  if (k === "state") {
    if (item.key === "ev.state.zombie") return "state.zombie";
    if (item.key === "ev.state.dead") return "state.dead";
    return `state.${item.cause || "other"}`;
  }
  if (k === "level") return item.key === "ev.level.boost" || item.cause === "boost" ? "level.boost" : "level.demote";
  if (k === "created") return `created.${item.cause || "init"}`;
  if (item.key === "ev.other") return "other";
  if (k === "signal_sent" && item.key === "ev.signal_sent.kernel" && item.params && item.params.sig !== "SIGCHLD") return "signal_sent.jobctl";
  if (k === "reaped" && item.key === "ev.reaped.self") return "reaped.self";
  return k;
}
function statementOf(code, pc) {
  const list = code || [];
  const i = list.findIndex((c) => c.index === pc);
  if (i < 0) return null;
  const same = (a, b) => a && b && a.line === b.line && a.text === b.text;
  let first = i;
  while (first > 0 && same(list[first - 1], list[i]) && list[first - 1].index === list[first].index - 1) first--;
  let last = i;
  while (last + 1 < list.length && same(list[last + 1], list[i]) && list[last + 1].index === list[last].index + 1) last++;
  return { line: list[i].line, text: list[i].text.trim(), micro: list[i].micro || "", k: i - first + 1, n: last - first + 1 };
}
function lineOf(prog, line) {
  const c = prog && (prog.code || []).find((x) => x.line === line);
  return c ? c.text.trim() : "";
}
function ranCandidate(s) {
  const ran = s.ran || [];
  if (!ran.length) return null;
  const r = ran[0];
  const prog = (s.programs || [])[r.program];
  if (!prog) return null;
  const others = ran.slice(1).map((x) => s.who(x.pid));
  const also = others.length ? { list: others } : null;
  if (prog.thread) {
    const st = statementOf(prog.code, r.pc);
    if (!st) return null;
    if (st.n > 1) return { category: "ran.thread", key: "narr.ran.micro", params: { p: s.who(r.pid), line: st.line, k: st.k, n: st.n, micro: st.micro || st.text }, also };
    return { category: "ran.thread", key: "narr.ran", params: { p: s.who(r.pid), line: st.line, code: st.text }, also };
  }
  const code = lineOf(prog, r.line);
  if (!code) return null;
  return { category: "ran", key: "narr.ran", params: { p: s.who(r.pid), line: r.line, code }, also };
}
function quietCandidate(s) {
  const cells = s.column && s.column.cpu || [];
  const sw = cells.findIndex((c) => c && c.pid && c.sw);
  if (sw >= 0) return { category: "ran", key: "narr.switching", params: { cpu: sw, p: s.who(cells[sw].pid) } };
  const runner = cells.findIndex((c) => c && c.pid);
  if (runner >= 0) return { category: "ran", key: "narr.ran.cpu", params: { p: s.who(cells[runner].pid), cpu: runner } };
  let waiting = (s.tasks || []).filter((x) => x.state === "sleeping" || x.state === "disk");
  if (waiting.length > 1) waiting = waiting.filter((x) => x.pid !== 1);
  if (waiting.length) {
    return { category: "ran", key: waiting.length > 1 ? "narr.idle.wait.many" : "narr.idle.wait", params: { list: waiting.map((x) => s.who(x.pid)) } };
  }
  return { category: "ran", key: "narr.still", params: {} };
}
var MERGED = {
  "level.boost": { one: "narr.boost", many: "narr.boost.many" },
  reparented: { one: null, many: "narr.orphans" }
};
function chooseNarration(s) {
  if (!s.step) return null;
  const who = s.who || ((pid) => `P${pid}`);
  const st = { ...s, who };
  const items = (s.items || []).filter((it) => it.step === s.step);
  let best = null, bestRank = -Infinity;
  for (const it of items) {
    const c = categoryOf(it);
    const r = rankOf(c);
    if (r > bestRank) {
      best = { item: it, category: c };
      bestRank = r;
    }
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
    const same = items.filter((it2) => categoryOf(it2) === best.category);
    const it = best.item;
    const key = same.length > 1 ? merge.many : merge.one || it.key;
    const params = { ...it.params, list: same.map((x) => x.params.p) };
    return { key, params, item: it, category: best.category, more: items.length - same.length, also: null };
  }
  return { key: best.item.key, params: best.item.params, item: best.item, category: best.category, more: items.length - 1, also: null };
}
function joinList(names) {
  const list = (names || []).map(String);
  if (list.length <= 1) return list[0] || "";
  return list.slice(0, -1).join(t("narr.list.sep")) + t("narr.list.and") + list[list.length - 1];
}
function narrationText(choice, step) {
  const prefix = t("log.step", { n: step });
  const sep = prefix.endsWith("：") ? "" : " ";
  if (!choice) return "";
  let body;
  if (choice.item && choice.key === choice.item.key) body = sentence(choice.item);
  else {
    const params = { ...choice.params };
    for (const k of Object.keys(params)) if (Array.isArray(params[k])) params[k] = joinList(params[k]);
    if (typeof params.micro === "string") params.micro = microText(params.micro);
    body = choice.item ? sentence({ ...choice.item, key: choice.key, params }) : t(choice.key, params);
  }
  if (choice.also && choice.also.list.length) {
    body += t(choice.also.list.length > 1 ? "narr.ran.also.many" : "narr.ran.also", { list: joinList(choice.also.list) });
  }
  if (choice.more === 1) body += t("narr.more.one");
  else if (choice.more > 1) body += t("narr.more", { n: choice.more });
  return prefix + sep + body;
}
function whoFor(names, threads) {
  return (pid) => threads && threads.has(pid) && names[pid] ? names[pid] : label(pid, names[pid]);
}

// js/race-model.js
function isRaceLab(loaded) {
  if (!loaded) return false;
  if (loaded.lang === "go") return true;
  return (loaded.vars || []).length > 0 || (loaded.objects || []).length > 0 || (loaded.programs || []).some((p) => p.thread);
}
function declOf(loaded) {
  if (!loaded) return null;
  return { vars: loaded.vars || [], objects: loaded.objects || [], expects: loaded.expects || [], programs: loaded.programs || [], wchans: loaded.wchans || {}, pipes: ipcDecls(loaded.scenario), go: loaded.lang === "go" };
}
function problemsOf(log) {
  const out = [];
  const deadlocks = /* @__PURE__ */ new Map();
  for (const it of logOf(log).withEvents()) {
    if (!PROBLEMS.has(it.kind) || !it.e) continue;
    if (it.kind === "deadlock") {
      let d = deadlocks.get(it.step);
      if (!d) {
        d = { step: it.step, kind: "deadlock", items: [], edges: [] };
        deadlocks.set(it.step, d);
        out.push(d);
      }
      d.items.push(it);
      d.edges.push({ pid: it.e.pid, obj: it.e.obj || 0, holder: it.e.other || 0, cycle: (it.e.arg || 0) > 0 });
      continue;
    }
    out.push({ step: it.step, kind: it.kind, items: [it] });
  }
  for (const d of out) if (d.kind === "deadlock") d.cycle = waitCycle(d.edges);
  return out;
}
function waitCycle(edges) {
  const by = /* @__PURE__ */ new Map();
  for (const e of edges || []) if (!by.has(e.pid)) by.set(e.pid, e);
  for (const start of by.keys()) {
    const seen = [];
    let cur = start;
    while (by.has(cur) && !seen.includes(cur)) {
      seen.push(cur);
      cur = by.get(cur).holder;
    }
    if (cur === start && seen.length >= 1) {
      const k = seen.indexOf(Math.min(...seen));
      return seen.slice(k).concat(seen.slice(0, k)).map((pid) => by.get(pid));
    }
  }
  return [];
}
function cycleLayout(cycle, size = 320) {
  const nodes = [];
  for (const e of cycle || []) {
    nodes.push({ type: "thread", id: e.pid });
    nodes.push({ type: "lock", id: e.obj });
  }
  const n = nodes.length;
  const c = size / 2, r = n <= 2 ? size * 0.3 : size * 0.36;
  nodes.forEach((nd, i) => {
    const a = -Math.PI / 2 + 2 * Math.PI * i / Math.max(n, 1);
    nd.x = Math.round((c + r * Math.cos(a)) * 10) / 10;
    nd.y = Math.round((c + r * Math.sin(a)) * 10) / 10;
  });
  const edges = nodes.map((nd, i) => ({ from: i, to: (i + 1) % n, rel: nd.type === "thread" ? "waits" : "held" }));
  return { nodes, edges: n >= 2 ? edges : [] };
}
function atEnd(view) {
  return view.total > 0 && view.step >= view.total && !view.decision;
}
function expectResults(loaded, view) {
  const ex = loaded && loaded.expects || [];
  const failed = /* @__PURE__ */ new Set();
  for (const it of logOf(view.log).withEvents()) if (it.kind === "expect_failed" && it.e) failed.add(it.e.arg || 0);
  const end = atEnd(view);
  return ex.map((_, i) => failed.has(i) ? "fail" : end ? "pass" : "pending");
}
function candidatePids(decision) {
  if (!decision || !Array.isArray(decision.candidates)) return [];
  return decision.candidates.map((name, i) => ({ name, pid: (decision.pids || [])[i] }));
}
function outcomeRows(explored, loaded) {
  const order = (loaded && loaded.vars || []).map((v) => v.name);
  return (explored && explored.outcomes || []).map((o, i) => {
    const names = Object.keys(o.vars || {}).sort((a, b) => idx(order, a) - idx(order, b) || a.localeCompare(b));
    const races = o.races || [];
    const lost = o.lost_updates || [];
    const clean = !(o.violations || []).length;
    const racy = races.length > 0 || lost.length > 0;
    return {
      i,
      vars: names.map((n) => ({ name: n, value: o.vars[n] })),
      violations: (o.violations || []).map(violation),
      races,
      lost,
      ok: clean && !racy,
      status: !clean ? "bad" : racy ? "racy" : "ok",
      expects: (loaded && loaded.expects || []).length > 0,
      schedules: o.schedules ?? 0,
      witness: o.witness || [],
      output: typeof o.output === "string" ? o.output : null
      // a Go program's: what it printed
    };
  });
}
function idx(list, x) {
  const i = list.indexOf(x);
  return i < 0 ? 1e9 : i;
}
function violation(s) {
  const str = String(s);
  const colon = str.indexOf(":");
  const kind = colon < 0 ? str : str.slice(0, colon);
  return { key: `ex.v.${kind}`, kind, x: colon < 0 ? "" : str.slice(colon + 1) };
}
function writerOf(view) {
  const out = {};
  for (const w of view.written || []) out[w.obj] = w;
  return out;
}
function threadStatus(task, view) {
  if (!task) return { s: "none" };
  if (task.state === "dead" || task.state === "zombie") return { s: "done" };
  const cols = columnsOf(view.columns);
  const n = cols.length;
  const cell = n && cols.step(n - 1) === view.step ? cols.task(n - 1, task.pid) : null;
  if (cell && cell.spin) return { s: "spin", obj: Number(cell.spin.split(":")[1]) };
  if (task.state === "sleeping" && task.wait_obj >= 0) return { s: "blocked", obj: task.wait_obj };
  return { s: task.state };
}

export {
  microText,
  chooseNarration,
  narrationText,
  whoFor,
  isRaceLab,
  declOf,
  problemsOf,
  cycleLayout,
  atEnd,
  expectResults,
  candidatePids,
  outcomeRows,
  writerOf,
  threadStatus
};
