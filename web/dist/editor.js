import {
  exampleGroups,
  goTemplate,
  isGo,
  parseExample,
  scenarioTemplate
} from "./chunk-YPQFLZ5M.js";
import {
  parseErrorText
} from "./chunk-MK66U2BH.js";
import {
  addCatalog,
  getLang,
  has,
  pick,
  t
} from "./chunk-GO5LWYH4.js";

// js/highlight.js
var DIRECTIVES = [
  "title",
  "explain",
  "cpus",
  "quantum",
  "pid_max",
  "max_tasks",
  "seed",
  "policy",
  "switch_cost",
  "model",
  "mlfq",
  "cfs",
  "var",
  "mutex",
  "gomutex",
  "spinlock",
  "ticketlock",
  "semaphore",
  "cond",
  "chan",
  "waitgroup",
  "memory",
  "pipe",
  "fifo",
  "mqueue",
  "shm",
  "socket",
  "expect",
  "starvation",
  "process",
  "program",
  "thread"
];
var STATEMENTS = [
  "compute",
  "io",
  "disk",
  "sleep",
  "yield",
  "wait",
  "fork",
  "spawn",
  "exec",
  "setpgid",
  "setsid",
  "subreaper",
  "trace",
  "cont",
  "detach",
  "exit",
  "kill",
  "ignore",
  "catch",
  "repeat",
  "memory",
  "read",
  "write",
  "syscall",
  "socket",
  "bind",
  "listen",
  "accept",
  "connect",
  "send",
  "recv",
  "close",
  "shmat",
  "shmdt",
  "pipe",
  "open",
  "mq_send",
  "mq_receive",
  "msgsnd",
  "msgrcv",
  "end",
  "else",
  "if",
  "while",
  "critical",
  "assert",
  "lock",
  "unlock",
  "sem_wait",
  "sem_post",
  "cond_wait",
  "cond_signal",
  "cond_broadcast",
  "wg_add",
  "wg_done",
  "wg_wait",
  "atomic_add"
];
var ASSIGN_OPS = ["xchg", "fetch_add", "cas", "trylock", "recv"];
var OPS = /* @__PURE__ */ new Set([
  ...ASSIGN_OPS,
  "and",
  "or",
  "untraced",
  "continued",
  "killable",
  "restart",
  "parent",
  "child",
  "self",
  "group",
  "to",
  "in",
  "jobs",
  "processes",
  "fcfs",
  "sjf",
  "srtf",
  "rr",
  "priority",
  "priority-preemptive",
  "hrrn",
  "lottery",
  "stride",
  "mlfq",
  "cfs",
  "yes",
  "no",
  "en:",
  "zh:",
  "unix",
  "af_unix",
  "local",
  "inet",
  "af_inet",
  "inet6",
  "af_inet6",
  "stream",
  "sock_stream",
  "dgram",
  "sock_dgram",
  "seqpacket",
  "sock_seqpacket",
  "raw",
  "sock_raw",
  "tcp",
  "udp",
  "ipproto_tcp",
  "ipproto_udp",
  "text",
  "data",
  "heap",
  "stack",
  "posix",
  "sysv"
]);
var DIRECTIVE_SET = new Set(DIRECTIVES);
var STATEMENT_SET = new Set(STATEMENTS);
var DEFINES = /* @__PURE__ */ new Set([
  "process",
  "program",
  "thread",
  "var",
  "mutex",
  "gomutex",
  "spinlock",
  "ticketlock",
  "semaphore",
  "cond",
  "chan",
  "waitgroup",
  "pipe",
  "fifo",
  "mqueue",
  "shm",
  "socket"
]);
function langOf(text) {
  return isGo(text) ? "go" : "scenario";
}
function tokenize(text, lang = langOf(text)) {
  const s = String(text ?? "");
  return lang === "go" ? tokenizeGo(s) : tokenizeScenario(s);
}
function tokenizeScenario(text) {
  const out = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    scenarioLine(line, out);
    if (i < lines.length - 1) out.push({ k: "", s: "\n" });
  });
  return out;
}
function scenarioLine(line, out) {
  const words = [];
  let i = 0;
  let comment = -1;
  while (i < line.length) {
    while (i < line.length && (line[i] === " " || line[i] === "	" || line[i] === "\r")) i++;
    if (i >= line.length) break;
    if (line[i] === "#") {
      comment = i;
      break;
    }
    const a = i;
    while (i < line.length && line[i] !== " " && line[i] !== "	" && line[i] !== "\r") i++;
    words.push([a, i]);
  }
  const text = (k) => line.slice(words[k][0], words[k][1]);
  const top = words.length > 0 && words[0][0] === 0;
  const first = words.length ? text(0) : "";
  if (top && (first === "title" || first === "explain") && words.length >= 2) {
    comment = -1;
    const restAt = words[1][1];
    pushSpaced(out, line, 0, [[0, words[0][1], "kw"], [words[1][0], restAt, "op"]], restAt);
    if (restAt < line.length) {
      const lead = /^[ \t]*/.exec(line.slice(restAt))[0];
      if (lead) out.push({ k: "", s: lead });
      if (restAt + lead.length < line.length) out.push({ k: "str", s: line.slice(restAt + lead.length) });
    }
    return;
  }
  const kinds = words.map((_, k) => wordKind(k, text, top, words.length));
  const spans = words.map(([a, b], k) => [a, b, kinds[k]]);
  const end = comment >= 0 ? comment : line.length;
  pushSpaced(out, line, 0, spans, end);
  if (comment >= 0) out.push({ k: "com", s: line.slice(comment) });
}
function wordKind(k, text, top, n) {
  const w = text(k);
  const first = text(0);
  if (k === 0) {
    if (n >= 2 && text(1) === "=") return "name";
    if (top) return DIRECTIVE_SET.has(w) ? "kw" : "name";
    return STATEMENT_SET.has(w) ? "kw" : "name";
  }
  if (w === "=" || /^(==|!=|<=|>=|<|>|[-+*/%])$/.test(w)) return "punct";
  if (k === 1 && top && DEFINES.has(first)) return "def";
  if (/^-?\d+(\.\.\d+)?$/.test(w) || /^\d+(,\d+)+$/.test(w)) return "num";
  if (/^SIG[A-Z0-9]+$/.test(w)) return "sig";
  if (/^[a-z_]+=/.test(w)) return "attr";
  if (OPS.has(w)) return "op";
  return "name";
}
function pushSpaced(out, line, from, spans, end) {
  let at = from;
  for (const [a, b, k] of spans) {
    if (a > at) out.push({ k: "", s: line.slice(at, a) });
    if (k === "attr") {
      const eq = line.indexOf("=", a);
      out.push({ k: "attr", s: line.slice(a, eq) });
      out.push({ k: "punct", s: "=" });
      const v = line.slice(eq + 1, b);
      if (v) out.push({ k: /^[\d,.-]+$/.test(v) ? "num" : OPS.has(v) ? "op" : "name", s: v });
    } else {
      out.push({ k, s: line.slice(a, b) });
    }
    at = b;
  }
  if (end > at) out.push({ k: "", s: line.slice(at, end) });
}
var GO_KEYWORDS = [
  "break",
  "case",
  "chan",
  "const",
  "continue",
  "default",
  "defer",
  "else",
  "fallthrough",
  "for",
  "func",
  "go",
  "goto",
  "if",
  "import",
  "interface",
  "map",
  "package",
  "range",
  "return",
  "select",
  "struct",
  "switch",
  "type",
  "var"
];
var GO_TYPES = [
  "any",
  "bool",
  "byte",
  "comparable",
  "complex64",
  "complex128",
  "error",
  "float32",
  "float64",
  "int",
  "int8",
  "int16",
  "int32",
  "int64",
  "rune",
  "string",
  "uint",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "uintptr"
];
var GO_BUILTINS = /* @__PURE__ */ new Set([
  "append",
  "cap",
  "clear",
  "close",
  "complex",
  "copy",
  "delete",
  "imag",
  "len",
  "make",
  "max",
  "min",
  "new",
  "panic",
  "print",
  "println",
  "real",
  "recover"
]);
var GO_CONSTS = /* @__PURE__ */ new Set(["true", "false", "nil", "iota"]);
var GO_KW = new Set(GO_KEYWORDS);
var GO_TY = new Set(GO_TYPES);
function tokenizeGo(s) {
  const out = [];
  let i = 0;
  const push = (k, a, b) => {
    const last = out[out.length - 1];
    if (last && last.k === k && k === "") last.s += s.slice(a, b);
    else out.push({ k, s: s.slice(a, b) });
  };
  while (i < s.length) {
    const c = s[i];
    const a = i;
    if (c === "/" && s[i + 1] === "/") {
      while (i < s.length && s[i] !== "\n") i++;
      push("com", a, i);
    } else if (c === "/" && s[i + 1] === "*") {
      const e = s.indexOf("*/", i + 2);
      i = e < 0 ? s.length : e + 2;
      push("com", a, i);
    } else if (c === '"' || c === "'") {
      i++;
      while (i < s.length && s[i] !== c && s[i] !== "\n") i += s[i] === "\\" ? 2 : 1;
      if (s[i] === c) i++;
      i = Math.min(i, s.length);
      push("str", a, i);
    } else if (c === "`") {
      const e = s.indexOf("`", i + 1);
      i = e < 0 ? s.length : e + 1;
      push("str", a, i);
    } else if (/[0-9]/.test(c) || c === "." && /[0-9]/.test(s[i + 1] || "")) {
      i++;
      while (i < s.length && /[0-9a-zA-Z_.]/.test(s[i])) {
        if ((s[i] === "e" || s[i] === "E" || s[i] === "p" || s[i] === "P") && (s[i + 1] === "+" || s[i + 1] === "-")) i++;
        i++;
      }
      push("num", a, i);
    } else if (/[A-Za-z_]/.test(c) || c > "" && /\p{L}/u.test(c)) {
      while (i < s.length && (/[A-Za-z0-9_]/.test(s[i]) || s[i] > "" && /[\p{L}\p{N}]/u.test(s[i]))) i++;
      const w = s.slice(a, i);
      const k = GO_KW.has(w) ? "kw" : GO_TY.has(w) ? "type" : GO_CONSTS.has(w) ? "num" : GO_BUILTINS.has(w) && s[i] === "(" ? "fn" : "name";
      push(k, a, i);
    } else if ("+-*/%&|^<>=!:".includes(c)) {
      while (i < s.length && "+-*/%&|^<>=!:".includes(s[i]) && !(s[i] === "/" && (s[i + 1] === "/" || s[i + 1] === "*"))) i++;
      push("punct", a, i);
    } else {
      i++;
      push("", a, i);
    }
  }
  return out;
}
var ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
function escapeHTML(s) {
  return String(s).replace(/[&<>"]/g, (c) => ESC[c]);
}
function splitLines(tokens) {
  const lines = [[]];
  for (const t2 of tokens) {
    const parts = t2.s.split("\n");
    parts.forEach((p, j) => {
      if (j > 0) lines.push([]);
      if (p) lines[lines.length - 1].push({ k: t2.k, s: p });
    });
  }
  return lines;
}
function renderLines(lines, mark) {
  return lines.map((toks, i) => renderLine(toks, mark && mark.line === i + 1 ? mark.col : 0)).join("");
}
function renderLine(toks, col) {
  let body = "";
  if (col > 0) body = markedLine(toks, col);
  else for (const t2 of toks) body += span(t2.k, escapeHTML(t2.s));
  return `<div class="ed-line${col > 0 ? " ed-line-err" : ""}">${body}</div>`;
}
function scenarioLineTokens(line) {
  const out = [];
  scenarioLine(String(line ?? ""), out);
  return out;
}
function span(k, inner) {
  return k ? `<span class="hl-${k}">${inner}</span>` : inner;
}
function markedLine(toks, col) {
  const text = toks.map((t2) => t2.s).join("");
  let a = Math.max(0, (col || 1) - 1);
  if (a > text.length) a = text.length;
  let b = a;
  while (b < text.length && !/\s/.test(text[b])) b++;
  let html = "";
  let at = 0;
  for (const t2 of toks) {
    const s0 = at, s1 = at + t2.s.length;
    at = s1;
    const pieces = [];
    if (s0 < a) pieces.push([s0, Math.min(s1, a), false]);
    if (s1 > a && s0 < b) pieces.push([Math.max(s0, a), Math.min(s1, b), true]);
    if (s1 > b) pieces.push([Math.max(s0, b), s1, false]);
    for (const [x, y, m] of pieces) {
      if (y <= x) continue;
      const inner = span(t2.k, escapeHTML(text.slice(x, y)));
      html += m ? `<span class="ed-errmark">${inner}</span>` : inner;
    }
  }
  if (a === b) html += '<span class="ed-errmark ed-errmark-end"> </span>';
  return html;
}
function lineAt(text, offset) {
  const s = String(text ?? "");
  const end = Math.max(0, Math.min(offset, s.length));
  let n = 1;
  for (let i = 0; i < end; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}
function statementAt(text, line) {
  const l = lineWords(text, line);
  if (!l) return null;
  const { words, top } = l;
  const w = words[0];
  if (words[1] === "=") {
    if (top) return null;
    const op = words[2];
    if (!ASSIGN_OPS.includes(op)) return { key: "s.=", word: "=" };
    return { key: op === "recv" ? "s.recv=" : `s.${op}`, word: op };
  }
  if (top && DIRECTIVE_SET.has(w)) return { key: `d.${w}`, word: w };
  if (!top && STATEMENT_SET.has(w)) return { key: `s.${w}`, word: w };
  return null;
}
function misplaced(text, line) {
  const l = lineWords(text, line);
  if (!l) return "";
  const w = l.words[0], top = l.top;
  if (top && STATEMENT_SET.has(w)) return "indent";
  if (!top && DIRECTIVE_SET.has(w)) return "outdent";
  return "";
}
function lineWords(text, line) {
  const s = String(text ?? "");
  if (isGo(s)) return null;
  const raw = s.split("\n")[line - 1];
  if (raw === void 0) return null;
  const words = raw.replace(/#.*$/, "").split(/[ \t\r]+/).filter(Boolean);
  if (!words.length) return null;
  return { words, top: !/^[ \t]/.test(raw) };
}

// js/i18n-editor.js
var SYNTAX = {
  "d.title": "title en|zh: TEXT",
  "d.explain": "explain en|zh: TEXT",
  "d.cpus": "cpus N",
  "d.quantum": "quantum TICKS",
  "d.pid_max": "pid_max N",
  "d.max_tasks": "max_tasks N",
  "d.seed": "seed N",
  "d.policy": "policy fcfs|sjf|srtf|rr|priority|priority-preemptive|hrrn|mlfq|cfs|lottery|stride [QUANTUM]",
  "d.switch_cost": "switch_cost TICKS [mm=TICKS]",
  "d.model": "model processes|jobs",
  "d.mlfq": "mlfq [levels=N] [quanta=Q,Q,...] [allot=A,A,...] [boost=TICKS] [io_reset=yes|no]",
  "d.cfs": "cfs [latency=TICKS] [min_granularity=TICKS]",
  "d.var": "var NAME [= N] [in SEGMENT]",
  "d.mutex": "mutex NAME",
  "d.gomutex": "gomutex NAME",
  "d.spinlock": "spinlock NAME [cas]",
  "d.ticketlock": "ticketlock NAME",
  "d.semaphore": "semaphore NAME = N [shared in SEGMENT]",
  "d.cond": "cond NAME",
  "d.chan": "chan NAME [= CAPACITY]",
  "d.waitgroup": "waitgroup NAME",
  "d.memory": "memory [text=PAGES] [data=PAGES] [heap=PAGES] [stack=PAGES]",
  "d.pipe": "pipe NAME [capacity=BYTES]",
  "d.fifo": "fifo NAME [capacity=BYTES]",
  "d.mqueue": "mqueue NAME [posix|sysv] [max=N] [msgsize=BYTES]",
  "d.shm": "shm NAME",
  "d.socket": "socket NAME unix|inet|inet6 stream|dgram|seqpacket [PROTOCOL] [rcvbuf=BYTES] [qlen=N]",
  "d.expect": "expect VARIABLE CMP N",
  "d.starvation": "starvation N",
  "d.process": "process NAME [at=TICKS] [priority=P] [tickets=N] [nice=N]",
  "d.program": "program NAME",
  "d.thread": "thread NAME [at=TICKS] [priority=P] [tickets=N] [nice=N]",
  "s.compute": "compute TICKS | compute MIN..MAX",
  "s.io": "io TICKS",
  "s.disk": "disk TICKS [killable]",
  "s.sleep": "sleep TICKS",
  "s.yield": "yield",
  "s.wait": "wait [untraced] [continued]",
  "s.fork": "fork | fork PROGRAM",
  "s.spawn": "spawn PROGRAM",
  "s.exec": "exec PROGRAM",
  "s.setpgid": "setpgid",
  "s.setsid": "setsid",
  "s.subreaper": "subreaper",
  "s.trace": "trace TARGET",
  "s.cont": "cont TARGET",
  "s.detach": "detach TARGET",
  "s.exit": "exit [CODE]",
  "s.kill": "kill TARGET SIGNAL",
  "s.ignore": "ignore SIGNAL",
  "s.catch": "catch SIGNAL [restart]",
  "s.repeat": "repeat COUNT … end",
  "s.memory": "memory REGION=PAGES …",
  "s.read": "read REGION PAGE | read NAME BYTES",
  "s.write": "write REGION PAGE | write NAME BYTES",
  "s.syscall": "syscall NAME [TICKS]",
  "s.socket": "socket NAME",
  "s.bind": "bind NAME",
  "s.listen": "listen NAME BACKLOG",
  "s.accept": "accept LISTENER NEWNAME",
  "s.connect": "connect NAME LISTENER",
  "s.send": "send CHANNEL VALUE | send NAME BYTES [to DEST]",
  "s.recv": "recv NAME BYTES",
  "s.close": "close NAME [read|write]",
  "s.shmat": "shmat SEGMENT",
  "s.shmdt": "shmdt SEGMENT",
  "s.pipe": "pipe NAME",
  "s.open": "open NAME read|write",
  "s.mq_send": "mq_send NAME PRIO [BYTES]",
  "s.mq_receive": "mq_receive NAME",
  "s.msgsnd": "msgsnd NAME MTYPE [BYTES]",
  "s.msgrcv": "msgrcv NAME MTYPE",
  "s.end": "end",
  "s.else": "else",
  "s.if": "if A CMP B [and|or C CMP D] … [else …] end | if child | if parent",
  "s.while": "while A CMP B … end",
  "s.critical": "critical … end",
  "s.assert": "assert A CMP B",
  "s.lock": "lock LOCK",
  "s.unlock": "unlock LOCK",
  "s.sem_wait": "sem_wait SEMAPHORE",
  "s.sem_post": "sem_post SEMAPHORE",
  "s.cond_wait": "cond_wait COND MUTEX",
  "s.cond_signal": "cond_signal COND",
  "s.cond_broadcast": "cond_broadcast COND",
  "s.wg_add": "wg_add WAITGROUP N",
  "s.wg_done": "wg_done WAITGROUP",
  "s.wg_wait": "wg_wait WAITGROUP",
  "s.atomic_add": "atomic_add VARIABLE VALUE",
  "s.=": "NAME = A | NAME = A OP B",
  "s.xchg": "NAME = xchg VARIABLE VALUE",
  "s.fetch_add": "NAME = fetch_add VARIABLE VALUE",
  "s.cas": "NAME = cas VARIABLE OLD NEW",
  "s.trylock": "NAME = trylock MUTEX",
  "s.recv=": "NAME = recv CHANNEL"
};
var S = {
  lines: "lines",
  blocks: "blocks",
  threads: "threads",
  memory: "memory",
  sys: "sys",
  cost: "cost",
  pipes: "pipes",
  shm: "shm",
  sockets: "sockets",
  sched: "sched"
};
var HEADING = {
  statements: "Statements",
  lines: "Directives (each at most once, except title/explain)",
  blocks: "Blocks",
  threads: "Threads, shared memory and locks",
  memory: "Memory: address spaces and copy-on-write",
  sys: "System calls, modes, wait channels, EINTR and SA_RESTART",
  cost: "What a context switch costs",
  pipes: "Pipes, FIFOs and message queues",
  shm: "Shared memory segments",
  sockets: "Sockets",
  sched: "Scheduling directives"
};
var SECTION = {
  "d.title": S.lines,
  "d.explain": S.lines,
  "d.cpus": S.lines,
  "d.quantum": S.lines,
  "d.pid_max": S.lines,
  "d.max_tasks": S.lines,
  "d.seed": S.lines,
  "d.policy": S.sched,
  "d.model": S.sched,
  "d.mlfq": S.sched,
  "d.cfs": S.sched,
  "d.switch_cost": S.cost,
  "d.var": S.threads,
  "d.mutex": S.threads,
  "d.gomutex": S.threads,
  "d.spinlock": S.threads,
  "d.ticketlock": S.threads,
  "d.semaphore": S.threads,
  "d.cond": S.threads,
  "d.chan": S.threads,
  "d.waitgroup": S.threads,
  "d.expect": S.threads,
  "d.starvation": S.threads,
  "d.memory": S.memory,
  "d.pipe": S.pipes,
  "d.fifo": S.pipes,
  "d.mqueue": S.pipes,
  "d.shm": S.shm,
  "d.socket": S.sockets,
  "d.process": S.blocks,
  "d.program": S.blocks,
  "d.thread": S.blocks,
  "s.memory": S.memory,
  "s.read": S.memory,
  "s.write": S.memory,
  "s.syscall": S.sys,
  "s.socket": S.sockets,
  "s.bind": S.sockets,
  "s.listen": S.sockets,
  "s.accept": S.sockets,
  "s.connect": S.sockets,
  "s.send": S.threads,
  "s.recv": S.sockets,
  "s.close": S.pipes,
  "s.shmat": S.shm,
  "s.shmdt": S.shm,
  "s.pipe": S.pipes,
  "s.open": S.pipes,
  "s.mq_send": S.pipes,
  "s.mq_receive": S.pipes,
  "s.msgsnd": S.pipes,
  "s.msgrcv": S.pipes,
  "s.else": S.threads,
  "s.while": S.threads,
  "s.critical": S.threads,
  "s.assert": S.threads,
  "s.lock": S.threads,
  "s.unlock": S.threads,
  "s.sem_wait": S.threads,
  "s.sem_post": S.threads,
  "s.cond_wait": S.threads,
  "s.cond_signal": S.threads,
  "s.cond_broadcast": S.threads,
  "s.wg_add": S.threads,
  "s.wg_done": S.threads,
  "s.wg_wait": S.threads,
  "s.atomic_add": S.threads,
  "s.=": S.threads,
  "s.xchg": S.threads,
  "s.fetch_add": S.threads,
  "s.cas": S.threads,
  "s.trylock": S.threads,
  "s.recv=": S.threads
};
var editorEn = {
  "edk.keys": "Tab indents · Esc, then Tab, leaves the editor · Ctrl+Enter loads",
  "edk.lines": "Line numbers",
  "edk.help.none": "Put the caret on a statement to see its syntax and meaning here.",
  "edk.help.unknown": "“{word}” is not a statement the scenario language knows.",
  "edk.help.indent": "“{word}” is a statement: indent it under a process or thread, whose program it is part of.",
  "edk.help.outdent": "“{word}” is a directive: write it in column 1, without indentation.",
  "edk.help.go": "A Go program (it begins with package): the Go subset that docs/go.md describes.",
  "edk.help.doc": "More on {gloss}: docs/scenario.md, “{section}”",
  "edk.sec.statements": "statements",
  "edk.sec.lines": "directives",
  "edk.sec.blocks": "blocks",
  "edk.sec.threads": "threads, shared memory and locks",
  "edk.sec.memory": "address spaces and copy-on-write",
  "edk.sec.sys": "system calls and modes",
  "edk.sec.cost": "what a context switch costs",
  "edk.sec.pipes": "pipes, FIFOs and message queues",
  "edk.sec.shm": "shared memory segments",
  "edk.sec.sockets": "sockets",
  "edk.sec.sched": "scheduling directives",
  "edk.help.directive": "directive",
  "edk.help.statement": "statement",
  "edk.ref": "Every directive and statement",
  "edk.ref.directives": "Directives (in column 1)",
  "edk.ref.statements": "Statements (indented, in a block)",
  "edk.err.goto": "Show line {line}",
  "edk.err.at": "There is an error at line {line}, column {col}.",
  "edk.escaped": "Tab now leaves the editor; Esc again closes the dialog.",
  "edk.meta.TEXT": "TEXT",
  "edk.meta.QUANTUM": "QUANTUM",
  "edk.meta.CAPACITY": "CAPACITY",
  "edk.meta.PROTOCOL": "PROTOCOL",
  "edk.meta.MIN": "MIN",
  "edk.meta.MAX": "MAX",
  "edk.meta.OP": "OP",
  "edk.meta.OLD": "OLD",
  "edk.meta.NEW": "NEW",
  // Directives.
  "edh.d.title": "the scenario's title in English (en) or Chinese (zh)",
  "edh.d.explain": "a line of explanation shown beside the diagram; repeat it for more lines",
  "edh.d.cpus": "the number of CPUs, 1 to 16 (default 1)",
  "edh.d.quantum": "the time slice of round robin, in ticks (default 2)",
  "edh.d.pid_max": "PIDs stay below N (default 32768)",
  "edh.d.max_tasks": "how many tasks may exist at once; a fork beyond it fails",
  "edh.d.seed": "the seed for MIN..MAX durations and lottery draws",
  "edh.d.policy": "the scheduling policy, with an optional quantum for rr, mlfq, lottery and stride",
  "edh.d.switch_cost": "ticks a CPU spends on each context switch (mm= adds the cost of changing address spaces)",
  "edh.d.model": "processes (the default) or jobs: with jobs, blocks are scheduling jobs shown in the Gantt view",
  "edh.d.mlfq": "the MLFQ settings: levels, each level's quantum and allotment, the boost period, io_reset",
  "edh.d.cfs": "the CFS settings: the target latency and the minimum granularity, in ticks",
  "edh.d.var": "a shared variable that threads read and write (initial value 0 if omitted)",
  "edh.d.mutex": "a mutex: lock blocks (S) in a FIFO queue while another thread holds it",
  "edh.d.gomutex": "a mutex that behaves like Go's sync.Mutex: a woken waiter must compete again",
  "edh.d.spinlock": "a spinlock: lock spins (stays R) with test-and-set, or compare-and-swap with cas",
  "edh.d.ticketlock": "a ticket lock: take a ticket, then spin until it is served",
  "edh.d.semaphore": "a counting semaphore with initial value N",
  "edh.d.cond": "a condition variable (Mesa semantics: re-check the condition in a while)",
  "edh.d.chan": "a Go channel; capacity 0 (the default) is unbuffered",
  "edh.d.waitgroup": "a WaitGroup, as Go's sync.WaitGroup",
  "edh.d.memory": "turns on the memory model and sets every program's sizes in pages",
  "edh.d.pipe": "an anonymous pipe whose both ends every process the scenario starts holds",
  "edh.d.fifo": "a named pipe (FIFO): processes open its ends by name",
  "edh.d.mqueue": "a POSIX (default) or System V message queue",
  "edh.d.shm": "a shared memory segment that processes map with shmat",
  "edh.d.socket": "a socket: its domain, type and protocol, as socket(2) takes them",
  "edh.d.expect": "a condition on a shared variable, checked when the run ends",
  "edh.d.starvation": "scheduling decisions a runnable thread may miss before ProcLab reports starvation (default 12)",
  "edh.d.process": "a process the scenario starts itself, as a child of PID 1, at time at=",
  "edh.d.program": "a program that only fork, spawn or exec starts",
  "edh.d.thread": "a thread of the scenario's process: it shares its variables and locks",
  // Statements.
  "edh.s.compute": "runs on the CPU in user mode for {TICKS} ticks (or a number drawn from {MIN}..{MAX})",
  "edh.s.io": "waits {TICKS} ticks for a terminal or socket, interruptibly (S)",
  "edh.s.disk": "waits {TICKS} ticks for the disk, uninterruptibly (D); killable lets a fatal signal end it",
  "edh.s.sleep": "nanosleep: sleeps {TICKS} ticks (S)",
  "edh.s.yield": "sched_yield: back to the ready queue if another task is ready",
  "edh.s.wait": "wait4: reaps a zombie child, sleeping (S) until there is one",
  "edh.s.fork": "creates a child that copies the caller; with {PROGRAM}, the child then runs {PROGRAM}",
  "edh.s.spawn": "fork, then exec {PROGRAM} in the child",
  "edh.s.exec": "execve: replaces the caller's program with {PROGRAM}, keeping its PID",
  "edh.s.setpgid": "setpgid(0, 0): the caller leads a new process group",
  "edh.s.setsid": "setsid(): the caller leads a new session and process group",
  "edh.s.subreaper": "orphaned descendants are re-parented to the caller instead of PID 1",
  "edh.s.trace": "ptrace: the caller becomes {TARGET}'s tracer and {TARGET} stops (t)",
  "edh.s.cont": "PTRACE_CONT: the tracee resumes",
  "edh.s.detach": "PTRACE_DETACH: the tracee is no longer traced and resumes",
  "edh.s.exit": "exits with {CODE} (0 to 255): the task becomes a zombie until its parent reaps it",
  "edh.s.kill": "sends {SIGNAL} to {TARGET}: parent, child, self, group, -PGID, a PID or a name",
  "edh.s.ignore": "ignores a catchable signal from now on",
  "edh.s.catch": "installs a signal handler; restart sets SA_RESTART, so interrupted calls start again",
  "edh.s.repeat": "runs the statements up to end {COUNT} times",
  "edh.s.memory": "the sizes of this program's own image, first in its block",
  "edh.s.read": "reads a page of a memory region, or {BYTES} from a pipe or FIFO",
  "edh.s.write": "writes a page (copy-on-write may fault), or {BYTES} into a pipe or FIFO",
  "edh.s.syscall": "a named system call that does not block, taking {TICKS} ticks in kernel mode",
  "edh.s.socket": "socket(): makes the declared socket",
  "edh.s.bind": "bind(): gives the socket its address",
  "edh.s.listen": "listen(): the socket accepts connections, {BACKLOG}+1 at a time",
  "edh.s.accept": "accept(): takes the first waiting connection into the new socket {NEWNAME}",
  "edh.s.connect": "connect(): connects the socket to {LISTENER}",
  "edh.s.send": "sends {VALUE} on a channel (a thread), or {BYTES} on a socket",
  "edh.s.recv": "recvfrom(): takes up to {BYTES} from a socket, sleeping while there is none",
  "edh.s.close": "close(): closes a socket, or one end of a pipe or FIFO",
  "edh.s.shmat": "shmat(): maps the shared memory segment",
  "edh.s.shmdt": "shmdt(): unmaps the shared memory segment",
  "edh.s.pipe": "pipe2(): makes the declared pipe here; children forked afterwards inherit its ends",
  "edh.s.open": "opens one end of a FIFO, sleeping until the other end is open",
  "edh.s.mq_send": "queues a message with priority {PRIO}, sleeping while the queue is full",
  "edh.s.mq_receive": "takes the oldest message of the highest priority, sleeping while the queue is empty",
  "edh.s.msgsnd": "queues a System V message of type {MTYPE}",
  "edh.s.msgrcv": "takes a System V message of type {MTYPE} (0: the first one)",
  "edh.s.end": "ends the innermost open repeat, while, if or critical block",
  "edh.s.else": "starts the part of an if that runs when its condition is false",
  "edh.s.if": "runs the block when the condition holds; if child and if parent branch on what fork returned",
  "edh.s.while": "runs the block while the condition holds; an empty body is a busy wait",
  "edh.s.critical": "marks a critical section: two threads inside at once is a violation",
  "edh.s.assert": "checks a condition when it runs: a failure is an event",
  "edh.s.lock": "acquires the lock, blocking or spinning while another thread holds it",
  "edh.s.unlock": "releases the lock",
  "edh.s.sem_wait": "the P operation: decrements the semaphore, blocking while it is 0",
  "edh.s.sem_post": "the V operation: increments the semaphore or wakes the first waiter",
  "edh.s.cond_wait": "releases {MUTEX} and sleeps on {COND}; takes {MUTEX} again before it goes on",
  "edh.s.cond_signal": "wakes one thread waiting on {COND}",
  "edh.s.cond_broadcast": "wakes every thread waiting on {COND}",
  "edh.s.wg_add": "adds N to the WaitGroup's counter",
  "edh.s.wg_done": "subtracts 1 from the WaitGroup's counter",
  "edh.s.wg_wait": "sleeps until the WaitGroup's counter is 0",
  "edh.s.atomic_add": "adds {VALUE} to a shared variable in one atomic micro-step",
  "edh.s.=": "an assignment: a load for each shared operand, one micro-step of arithmetic, a store if {NAME} is shared",
  "edh.s.xchg": "atomically stores {VALUE} in the variable and returns its old value",
  "edh.s.fetch_add": "atomically adds {VALUE} to the variable and returns its old value",
  "edh.s.cas": "compare-and-swap: stores {NEW} if the variable holds {OLD}; returns 1 if it did",
  "edh.s.trylock": "1 if it took the mutex at once, else 0 (never blocks)",
  "edh.s.recv=": "receives a value from the channel, blocking until one is there"
};
var editorZh = {
  "edk.keys": "Tab 键缩进 · 先按 Esc 再按 Tab 离开编辑区 · Ctrl+Enter 加载",
  "edk.lines": "行号",
  "edk.help.none": "把光标放在一条语句上，这里会显示它的写法和含义。",
  "edk.help.unknown": "“{word}”不是场景语言认识的语句。",
  "edk.help.indent": "“{word}”是一条语句：请把它缩进，写在某个 process 或 thread 下面，作为它的程序的一部分。",
  "edk.help.outdent": "“{word}”是一条指令：请从第 1 列开始写，不要缩进。",
  "edk.help.go": "Go 程序（以 package 开头）：支持 docs/go.md 所述的 Go 子集。",
  "edk.help.doc": "详见英文文档 docs/scenario.md 的“{section}”一节（{gloss}）",
  "edk.sec.statements": "语句",
  "edk.sec.lines": "指令",
  "edk.sec.blocks": "块",
  "edk.sec.threads": "线程、共享内存和锁",
  "edk.sec.memory": "地址空间与写时复制",
  "edk.sec.sys": "系统调用与模式",
  "edk.sec.cost": "上下文切换的代价",
  "edk.sec.pipes": "管道、FIFO 与消息队列",
  "edk.sec.shm": "共享内存段",
  "edk.sec.sockets": "套接字",
  "edk.sec.sched": "调度指令",
  "edk.help.directive": "指令",
  "edk.help.statement": "语句",
  "edk.ref": "全部指令和语句",
  "edk.ref.directives": "指令（从第 1 列开始）",
  "edk.ref.statements": "语句（缩进，属于上面的块）",
  "edk.err.goto": "转到第 {line} 行",
  "edk.err.at": "第 {line} 行，第 {col} 列有错误。",
  "edk.escaped": "现在按 Tab 离开编辑区；再按 Esc 关闭对话框。",
  "edk.meta.TEXT": "文字",
  "edk.meta.QUANTUM": "时间片",
  "edk.meta.CAPACITY": "容量",
  "edk.meta.PROTOCOL": "协议",
  "edk.meta.MIN": "最小值",
  "edk.meta.MAX": "最大值",
  "edk.meta.OP": "运算符",
  "edk.meta.OLD": "旧值",
  "edk.meta.NEW": "新值",
  "edh.d.title": "场景的标题，英文（en）或中文（zh）",
  "edh.d.explain": "显示在图示旁边的一行说明；重复这一行可以写多行",
  "edh.d.cpus": "CPU 的个数，1 到 16（默认 1）",
  "edh.d.quantum": "时间片轮转的时间片，单位是时钟滴答（默认 2）",
  "edh.d.pid_max": "进程号小于 N（默认 32768）",
  "edh.d.max_tasks": "同时存在的任务最多有几个；超过时 fork 失败",
  "edh.d.seed": "MIN..MAX 时长和彩票调度抽签用的随机种子",
  "edh.d.policy": "调度策略；rr、mlfq、lottery 和 stride 可以带一个时间片",
  "edh.d.switch_cost": "每次上下文切换占用 CPU 的时钟滴答数（还可以另加切换地址空间的代价）",
  "edh.d.model": "processes（默认）或 jobs：jobs 时每个块是一个作业，在甘特图中显示",
  "edh.d.mlfq": "多级反馈队列（MLFQ）的设置：级数、每级的时间片和配额、优先级提升的周期、io_reset",
  "edh.d.cfs": "完全公平调度（CFS）的设置：目标延迟和最小粒度，单位是时钟滴答",
  "edh.d.var": "线程读写的共享变量（省略初值时为 0）",
  "edh.d.mutex": "互斥锁：别的线程持有它时，lock 在先进先出的队列中阻塞（S）",
  "edh.d.gomutex": "行为和 Go 的 sync.Mutex 一样的互斥锁：被唤醒的等待者要重新争用",
  "edh.d.spinlock": "自旋锁：lock 用测试并置位（test-and-set）自旋（保持 R），加 cas 时用比较并交换（CAS）",
  "edh.d.ticketlock": "排号锁（ticket lock）：先取号，再自旋等到叫号",
  "edh.d.semaphore": "初值为 N 的计数信号量",
  "edh.d.cond": "条件变量（被唤醒的线程要在 while 中重新检查条件）",
  "edh.d.chan": "Go 的通道（channel）；容量 0（默认）是无缓冲通道",
  "edh.d.waitgroup": "和 Go 的 sync.WaitGroup 一样的 WaitGroup",
  "edh.d.memory": "打开内存模型，并设定每个程序各区域的页数",
  "edh.d.pipe": "匿名管道：场景启动的每个进程都持有它的两端",
  "edh.d.fifo": "命名管道（FIFO）：进程按名字打开它的一端",
  "edh.d.mqueue": "POSIX（默认）或 System V 消息队列",
  "edh.d.shm": "共享内存段，进程用 shmat 映射它",
  "edh.d.socket": "套接字：它的域、类型和协议，和 socket(2) 的参数一样",
  "edh.d.expect": "关于共享变量的预期条件，运行结束时检查",
  "edh.d.starvation": "可运行的线程错过多少次调度决定后，ProcLab 报告饥饿（默认 12）",
  "edh.d.process": "场景自己启动的进程：在 at= 时刻作为 PID 1 的子进程启动",
  "edh.d.program": "只由 fork、spawn 或 exec 启动的程序",
  "edh.d.thread": "场景中那个进程的一个线程：它共享进程的变量和锁",
  "edh.s.compute": "在 CPU 上以用户态运行，时长为 {TICKS}（或从 {MIN}..{MAX} 中抽取）",
  "edh.s.io": "等待终端或套接字，时长为 {TICKS}，可中断睡眠（S）",
  "edh.s.disk": "等待磁盘，时长为 {TICKS}，不可中断睡眠（D）；加 killable 时致命信号可以结束它",
  "edh.s.sleep": "nanosleep：睡眠，时长为 {TICKS}（S）",
  "edh.s.yield": "sched_yield：有别的任务就绪时，回到就绪队列",
  "edh.s.wait": "wait4：回收一个僵尸子进程，没有时睡眠（S）",
  "edh.s.fork": "创建一个复制调用者的子进程；带 {PROGRAM} 时，子进程接着运行 {PROGRAM}",
  "edh.s.spawn": "先 fork，再在子进程中 exec {PROGRAM}",
  "edh.s.exec": "execve：用 {PROGRAM} 替换调用者的程序映像，进程号不变",
  "edh.s.setpgid": "setpgid(0, 0)：调用者成为一个新进程组的组长",
  "edh.s.setsid": "setsid()：调用者成为新会话和新进程组的首进程",
  "edh.s.subreaper": "成为孤儿的后代进程改由调用者收养，而不是 PID 1",
  "edh.s.trace": "ptrace：调用者成为 {TARGET} 的跟踪进程（tracer），{TARGET} 被跟踪并停住（t）",
  "edh.s.cont": "PTRACE_CONT：跟踪进程放行被跟踪进程",
  "edh.s.detach": "PTRACE_DETACH：不再跟踪，被跟踪进程继续运行",
  "edh.s.exit": "以退出码 {CODE}（0 到 255）退出：任务成为僵尸，直到父进程回收它",
  "edh.s.kill": "向 {TARGET} 发送 {SIGNAL}：parent、child、self、group、-PGID、进程号或名字",
  "edh.s.ignore": "从现在起忽略一个可捕获的信号",
  "edh.s.catch": "安装信号处理函数；加 restart 时设置 SA_RESTART，被打断的调用重新开始",
  "edh.s.repeat": "把到 end 为止的语句运行 {COUNT} 次",
  "edh.s.memory": "这个程序自己映像的各区域页数，写在块的最前面",
  "edh.s.read": "读内存区域的一页，或从管道或 FIFO 读数据（最多 {BYTES}）",
  "edh.s.write": "写一页（写时复制可能引起缺页），或向管道或 FIFO 写数据（{BYTES}）",
  "edh.s.syscall": "一个不会阻塞的系统调用，在内核态占用的时长为 {TICKS}",
  "edh.s.socket": "socket()：创建声明过的套接字",
  "edh.s.bind": "bind()：给套接字绑定地址",
  "edh.s.listen": "listen()：套接字开始接受连接，最多同时排队 {BACKLOG}+1 个",
  "edh.s.accept": "accept()：把第一个等待的连接放进新的套接字 {NEWNAME}",
  "edh.s.connect": "connect()：把套接字连接到 {LISTENER}",
  "edh.s.send": "在通道上发送 {VALUE}（线程中），或在套接字上发送数据（{BYTES}）",
  "edh.s.recv": "recvfrom()：从套接字取数据（最多 {BYTES}），没有数据时睡眠",
  "edh.s.close": "close()：关闭套接字，或管道、FIFO 的一端",
  "edh.s.shmat": "shmat()：映射共享内存段",
  "edh.s.shmdt": "shmdt()：解除共享内存段的映射",
  "edh.s.pipe": "pipe2()：在这里创建声明过的管道；之后 fork 的子进程继承它的两端",
  "edh.s.open": "打开 FIFO 的一端，直到另一端也被打开前一直睡眠",
  "edh.s.mq_send": "以优先级 {PRIO} 发送一条消息，队列满时睡眠",
  "edh.s.mq_receive": "取出优先级最高的消息中最早的一条，队列空时睡眠",
  "edh.s.msgsnd": "发送一条类型为 {MTYPE} 的 System V 消息",
  "edh.s.msgrcv": "取出一条类型为 {MTYPE} 的 System V 消息（0：第一条）",
  "edh.s.end": "结束最内层的 repeat、while、if 或 critical 块",
  "edh.s.else": "if 的另一部分：条件不成立时运行",
  "edh.s.if": "条件成立时运行这个块；if child 和 if parent 按 fork 的返回值分支",
  "edh.s.while": "条件成立时反复运行这个块；循环体为空就是忙等待",
  "edh.s.critical": "标出临界区：两个线程同时在里面就是违规",
  "edh.s.assert": "运行到这里时检查条件：不成立是一个事件",
  "edh.s.lock": "获取锁；别的线程持有它时阻塞或自旋",
  "edh.s.unlock": "释放锁",
  "edh.s.sem_wait": "P 操作（sem_wait）：信号量减 1，为 0 时阻塞",
  "edh.s.sem_post": "V 操作（sem_post）：信号量加 1，或唤醒第一个等待者",
  "edh.s.cond_wait": "释放 {MUTEX} 并在 {COND} 上睡眠；继续之前重新获取 {MUTEX}",
  "edh.s.cond_signal": "唤醒一个在 {COND} 上等待的线程",
  "edh.s.cond_broadcast": "唤醒所有在 {COND} 上等待的线程",
  "edh.s.wg_add": "给 WaitGroup 的计数加 N",
  "edh.s.wg_done": "给 WaitGroup 的计数减 1",
  "edh.s.wg_wait": "睡眠，直到 WaitGroup 的计数为 0",
  "edh.s.atomic_add": "用一个原子的微步给共享变量加上 {VALUE}",
  "edh.s.=": "赋值：每个共享操作数一次读取，一个运算微步，{NAME} 是共享变量时再写回",
  "edh.s.xchg": "原子地把 {VALUE} 存入变量，返回它原来的值",
  "edh.s.fetch_add": "取值并相加（fetch-and-add）：原子地给变量加上 {VALUE}，返回原来的值",
  "edh.s.cas": "比较并交换（CAS）：变量等于 {OLD} 时存入 {NEW}；成功返回 1",
  "edh.s.trylock": "立刻拿到互斥锁时为 1，否则为 0（从不阻塞）",
  "edh.s.recv=": "从通道接收一个值，没有值时阻塞"
};
addCatalog(editorEn, editorZh);

// js/editor.js
function indentUnit(lang) {
  return lang === "go" ? "	" : "  ";
}
function newlineIndent(line, lang) {
  const lead = /^[ \t]*/.exec(line)[0];
  const code = line.replace(/#.*$/, "").trim();
  let more = false;
  if (lang === "go") more = /\{\s*(\/\/.*)?$/.test(line.trim());
  else if (lead === "") more = /^(process|program|thread)\s/.test(code);
  else more = /^(repeat|if|else|while|critical)\b/.test(code);
  return "\n" + lead + (more ? indentUnit(lang) : "");
}
var PLACEHOLDER = /\b[A-Z][A-Z_]+\b/g;
function metaWord(tr, hasKey, w) {
  if (hasKey(`perr.meta.${w}`)) return tr(`perr.meta.${w}`);
  if (hasKey(`edk.meta.${w}`)) return tr(`edk.meta.${w}`);
  return w;
}
function helpSyntax(tr, hasKey, syntax) {
  return syntax.replace(PLACEHOLDER, (w) => metaWord(tr, hasKey, w));
}
function helpMeaning(tr, hasKey, key) {
  const params = {};
  for (const w of (SYNTAX[key] || "").match(PLACEHOLDER) || []) params[w] = metaWord(tr, hasKey, w);
  return tr(`edh.${key}`, params);
}
function createEditor({ lessons, load }) {
  const $ = (id) => document.getElementById(id);
  const dlg = $("scenario-dialog");
  const ta = $("scenario-text");
  const mirror = $("scenario-mirror");
  const gutter = $("scenario-gutter");
  const help = $("scenario-help");
  const errBox = $("scenario-error");
  const box = ta.closest(".ed");
  let mark = null;
  let err = null;
  let escaped = false;
  let exampleSeq = 0;
  let gutterLines = 0;
  let lastHelp = "";
  const lineCache = /* @__PURE__ */ new Map();
  function render() {
    const text = ta.value;
    if (mark && text.split("\n")[mark.line - 1] !== mark.text) {
      mark = null;
      errBox.classList.add("stale");
    }
    const lang = langOf(text);
    let count;
    if (lang === "go") {
      const lines = splitLines(tokenize(text, lang));
      mirror.innerHTML = renderLines(lines, mark);
      count = lines.length;
    } else {
      const lines = text.split("\n");
      if (lineCache.size > 4 * lines.length + 1e3) lineCache.clear();
      mirror.innerHTML = lines.map((l, i) => {
        if (mark && mark.line === i + 1) return renderLine(scenarioLineTokens(l), mark.col);
        let h = lineCache.get(l);
        if (h === void 0) {
          h = renderLine(scenarioLineTokens(l), 0);
          lineCache.set(l, h);
        }
        return h;
      }).join("");
      count = lines.length;
    }
    if (count !== gutterLines || gutter.querySelector(".ed-gut-err") || mark) {
      const out = [];
      for (let i = 1; i <= count; i++) out.push(`<div${mark && mark.line === i ? ' class="ed-gut-err"' : ""}>${i}</div>`);
      gutter.firstElementChild.innerHTML = out.join("");
      gutterLines = count;
    }
    const el = $("scenario-lang");
    el.dataset.lang = lang;
    el.textContent = t(lang === "go" ? "ed.lang.go" : "ed.lang.scenario");
    box.dataset.lang = lang;
    syncScroll();
    drawHelp();
  }
  function syncScroll() {
    mirror.style.transform = `translate(${-ta.scrollLeft}px, ${-ta.scrollTop}px)`;
    gutter.firstElementChild.style.transform = `translateY(${-ta.scrollTop}px)`;
  }
  function drawHelp() {
    if (escaped) return setHelp("escaped", t("edk.escaped"));
    const text = ta.value;
    if (langOf(text) === "go") return setHelp("go", t("edk.help.go"));
    const line = lineAt(text, ta.selectionStart);
    const st = statementAt(text, line);
    if (!st) {
      const raw = (text.split("\n")[line - 1] || "").replace(/#.*$/, "").trim();
      const word = raw.split(/\s+/)[0];
      const wrong = misplaced(text, line);
      if (wrong) return setHelp(wrong, t(`edk.help.${wrong}`, { word }));
      if (word && !/^(title|explain)$/.test(word) && raw.split(/\s+/)[1] !== "=") return setHelp("unknown", t("edk.help.unknown", { word }));
      return setHelp("none", t("edk.help.none"));
    }
    setHelp(st.key, "", st.key);
  }
  function setHelp(key, sentence, entry) {
    const sig = `${getLang()}|${key}|${sentence}`;
    if (sig === lastHelp) return;
    lastHelp = sig;
    help.dataset.key = key;
    help.replaceChildren();
    if (!entry) {
      help.textContent = sentence;
      return;
    }
    help.append(...helpEntry(entry));
  }
  function helpEntry(key) {
    const code = document.createElement("code");
    code.className = "ed-help-syntax";
    code.textContent = helpSyntax(t, has, SYNTAX[key] || "");
    const kind = document.createElement("span");
    kind.className = "ed-help-kind";
    kind.textContent = t(key.startsWith("d.") ? "edk.help.directive" : "edk.help.statement");
    const meaning = document.createElement("span");
    meaning.className = "ed-help-meaning";
    meaning.textContent = helpMeaning(t, has, key);
    const doc = document.createElement("a");
    doc.className = "ed-help-doc";
    doc.href = "docs/scenario.md";
    doc.target = "_blank";
    doc.rel = "noopener";
    const sec = SECTION[key] || "statements";
    doc.textContent = t("edk.help.doc", { section: HEADING[sec], gloss: t(`edk.sec.${sec}`) });
    return [kind, " ", code, " ", meaning, " ", doc];
  }
  function drawRef() {
    const list = $("scenario-ref-list");
    list.replaceChildren();
    const group = (titleKey, keys) => {
      const h = document.createElement("h4");
      h.textContent = t(titleKey);
      const dl = document.createElement("dl");
      for (const k of keys) {
        const dt = document.createElement("dt");
        const c = document.createElement("code");
        c.textContent = helpSyntax(t, has, SYNTAX[k]);
        dt.append(c);
        const dd = document.createElement("dd");
        dd.textContent = helpMeaning(t, has, k);
        dl.append(dt, dd);
      }
      list.append(h, dl);
    };
    group("edk.ref.directives", DIRECTIVES.map((w) => `d.${w}`));
    group("edk.ref.statements", [...STATEMENTS.map((w) => `s.${w}`), "s.=", "s.xchg", "s.fetch_add", "s.cas", "s.trylock", "s.recv="]);
  }
  function drawError() {
    if (!err) {
      errBox.hidden = true;
      errBox.replaceChildren();
      delete errBox.dataset.line;
      delete errBox.dataset.col;
      return;
    }
    errBox.hidden = false;
    errBox.replaceChildren();
    if (err.text !== void 0) {
      errBox.textContent = err.text;
      return;
    }
    const detail = (err.detail && parseErrorText(t, err.detail)) ?? (getLang() === "en" ? err.english : "");
    const msg = document.createElement("span");
    msg.textContent = detail ? t("scen.error", { line: err.line, col: err.col, text: detail }) : t("edk.err.at", { line: err.line, col: err.col });
    errBox.append(msg);
    errBox.dataset.line = err.line;
    errBox.dataset.col = err.col;
    if (err.english && getLang() !== "en") errBox.title = err.english;
    else errBox.removeAttribute("title");
    const go = document.createElement("button");
    go.type = "button";
    go.className = "linkish ed-err-goto";
    go.textContent = t("edk.err.goto", { line: err.line });
    go.addEventListener("click", () => selectLine(err.line, err.col));
    errBox.append(" ", go);
  }
  function drawExamples() {
    const sel = $("scenario-examples");
    const groups = exampleGroups(lessons(), t, pick, (l) => l.go !== false);
    sel.replaceChildren(new Option(t("ed.examples.pick"), ""));
    for (const g of groups) {
      const og = document.createElement("optgroup");
      og.label = g.label;
      for (const o of g.options) og.append(new Option(o.label, o.value));
      sel.append(og);
    }
    sel.value = "";
  }
  function insert(s) {
    ta.focus();
    let done = false;
    try {
      done = document.execCommand("insertText", false, s);
    } catch {
      done = false;
    }
    if (!done) {
      ta.setRangeText(s, ta.selectionStart, ta.selectionEnd, "end");
      ta.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
  function replaceAll(text) {
    ta.focus();
    ta.select();
    insert(text);
    ta.setSelectionRange(0, 0);
    ta.scrollTop = 0;
    ta.scrollLeft = 0;
    render();
  }
  function selectLine(line, col) {
    if (!line) return;
    const lines = ta.value.split("\n");
    let start = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
    const len = (lines[line - 1] || "").length;
    const from = Math.min(start + Math.max(0, (col || 1) - 1), start + len);
    ta.focus();
    ta.setSelectionRange(from, start + len);
    const lh = parseFloat(getComputedStyle(ta).lineHeight) || 21;
    ta.scrollTop = Math.max(0, (line - 3) * lh);
    syncScroll();
    drawHelp();
  }
  function onKey(e) {
    if (e.isComposing || e.keyCode === 229) return;
    const plain = !e.ctrlKey && !e.altKey && !e.metaKey;
    if (e.key === "Escape") {
      if (!escaped) {
        e.preventDefault();
        escaped = true;
        drawHelp();
      }
      return;
    }
    if (e.key === "Tab" && plain && !e.shiftKey && !escaped) {
      e.preventDefault();
      insert(indentUnit(langOf(ta.value)));
      return;
    }
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      $("scenario-form").requestSubmit();
      return;
    }
    if (e.key === "Enter" && plain && !e.shiftKey) {
      e.preventDefault();
      const before = ta.value.slice(0, ta.selectionStart);
      insert(newlineIndent(before.slice(before.lastIndexOf("\n") + 1), langOf(ta.value)));
      return;
    }
    if (escaped && e.key !== "Shift") {
      escaped = false;
      lastHelp = "";
      queueMicrotask(drawHelp);
    }
  }
  async function pickExample(value) {
    const ex = parseExample(value);
    if (!ex) return;
    err = null;
    mark = null;
    drawError();
    const seq = ++exampleSeq;
    if (ex.tpl) {
      replaceAll(ex.tpl === "go" ? goTemplate(t) : scenarioTemplate(t));
      return;
    }
    const sel = $("scenario-examples");
    sel.setAttribute("aria-busy", "true");
    err = { text: t("ed.loading") };
    drawError();
    let text = "";
    try {
      const res = await fetch(`/api/lessons/${encodeURIComponent(ex.lesson)}`, { headers: { Accept: "application/json" } });
      if (res.ok) {
        const l = await res.json();
        text = ex.form === "go" ? l.go_source || "" : l.scenario || "";
      }
    } catch {
    }
    sel.removeAttribute("aria-busy");
    if (seq !== exampleSeq) return;
    err = text ? null : { text: t("ed.failed") };
    drawError();
    if (text) replaceAll(text);
  }
  ta.setAttribute("wrap", "off");
  ta.addEventListener("input", render);
  ta.addEventListener("scroll", syncScroll);
  ta.addEventListener("keydown", onKey);
  for (const ev of ["keyup", "click", "focus", "select"]) ta.addEventListener(ev, () => drawHelp());
  document.addEventListener("selectionchange", () => {
    if (document.activeElement === ta) drawHelp();
  });
  ta.addEventListener("blur", () => {
    if (escaped) {
      escaped = false;
      lastHelp = "";
      drawHelp();
    }
  });
  ta.addEventListener("compositionstart", () => box.classList.add("composing"));
  ta.addEventListener("compositionend", () => {
    box.classList.remove("composing");
    render();
  });
  $("scenario-examples").addEventListener("change", (e) => {
    pickExample(e.target.value);
    e.target.value = "";
  });
  $("scenario-cancel").addEventListener("click", () => dlg.close());
  $("scenario-ref").addEventListener("toggle", (e) => {
    if (e.target.open) drawRef();
  });
  $("scenario-form").addEventListener("submit", (e) => {
    e.preventDefault();
    err = null;
    mark = null;
    errBox.classList.remove("stale");
    drawError();
    render();
    dlg.dataset.loading = "1";
    load(ta.value);
  });
  new ResizeObserver(syncScroll).observe(ta);
  return {
    // open shows the dialog with text (the loaded scenario), or with the
    // Go template when there is none.
    open(text) {
      if (text) ta.value = text;
      if (!ta.value.trim()) ta.value = goTemplate(t);
      err = null;
      mark = null;
      escaped = false;
      errBox.classList.remove("stale");
      drawError();
      drawExamples();
      if (!dlg.open) dlg.showModal();
      ta.focus();
      ta.setSelectionRange(0, 0);
      ta.scrollTop = 0;
      render();
    },
    isOpen: () => dlg.open,
    // showParseError shows a parse error (readError's shape) in the dialog
    // and marks its line; nothing else on the page shows it.
    showParseError(msg) {
      delete dlg.dataset.loading;
      const english = String(msg.message || "").replace(/^line \d+, column \d+:\s*/i, "");
      err = { line: msg.line || 1, col: msg.col || 1, detail: msg.detail, english };
      const text = ta.value.split("\n")[err.line - 1];
      mark = text === void 0 ? null : { line: err.line, col: err.col, text };
      errBox.classList.remove("stale");
      drawError();
      render();
      selectLine(err.line, err.col);
    },
    // refused shows why the dialog's load was not done (a local or the
    // server's too-large refusal), when the dialog waits for its load.
    refused(text) {
      if (!dlg.open || !dlg.dataset.loading) return;
      delete dlg.dataset.loading;
      err = { text };
      drawError();
    },
    // loaded closes the dialog when its load succeeded.
    loaded() {
      if (dlg.open && dlg.dataset.loading) dlg.close();
      delete dlg.dataset.loading;
    },
    // relabel redraws the dialog's words in the page's language.
    relabel() {
      if (!dlg.open) return;
      drawExamples();
      drawError();
      lastHelp = "";
      render();
      if ($("scenario-ref").open) drawRef();
    }
  };
}
export {
  createEditor,
  helpMeaning,
  helpSyntax,
  indentUnit,
  metaWord,
  newlineIndent
};
