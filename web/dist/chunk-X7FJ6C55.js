import {
  textWidth
} from "./chunk-KMHT7RCN.js";
import {
  STATE_COLOR,
  STATE_LETTER,
  taskColor
} from "./chunk-2FXQCEFR.js";
import {
  NAMES_AT_MOST,
  has,
  namesAtMost,
  t
} from "./chunk-GO5LWYH4.js";

// js/ipc-model.js
var SOCK_WAIT = {
  accept: { tcp: "inet_csk_accept", ustream: "__skb_wait_for_more_packets", useq: "__skb_wait_for_more_packets" },
  sock_connect: { tcp: "wait_woken", ustream: "unix_wait_for_peer", useq: "unix_wait_for_peer" },
  sock_recv: { tcp: "wait_woken", ustream: "unix_stream_read_generic", useq: "__skb_wait_for_more_packets", dgram: "__skb_wait_for_more_packets" },
  sock_send: { tcp: "wait_woken", ustream: "sock_alloc_send_pskb", useq: "sock_alloc_send_pskb", dgram: "unix_wait_for_peer" }
};
var SOCK_CAUSES = new Set(Object.keys(SOCK_WAIT));
function sockFamily(s) {
  if (!s) return "dgram";
  if (s.type === "dgram") return "dgram";
  if (s.domain !== "unix") return "tcp";
  return s.type === "stream" ? "ustream" : "useq";
}
function sockWaitChannel(cause, s) {
  const row = SOCK_WAIT[cause];
  return row ? row[sockFamily(s)] || "" : "";
}
function ipcOf(msg, prev) {
  const segments2 = msg && Array.isArray(msg.segments) ? msg.segments : null;
  const sockets = msg && Array.isArray(msg.sockets) ? msg.sockets : null;
  if (!segments2 && !sockets) return prev || { segments: [], sockets: [] };
  return { segments: segments2 || [], sockets: sockets || [] };
}
function ipcInScenario(loaded) {
  return !!(loaded && typeof loaded.scenario === "string" && /^(shm|socket)[ \t]/m.test(loaded.scenario));
}
function ipcNames(v) {
  const ipc = v && v.ipc || { segments: [], sockets: [] };
  return {
    sockName: (i) => ipc.sockets[i] ? ipc.sockets[i].name : `#${i}`,
    segName: (i) => ipc.segments[i] ? ipc.segments[i].name : `#${i}`,
    sock: (i) => ipc.sockets[i]
  };
}
var ERRNO = { 9: "EBADF", 22: "EINVAL", 89: "EDESTADDRREQ", 95: "EOPNOTSUPP", 106: "EISCONN", 107: "ENOTCONN", 111: "ECONNREFUSED" };
var IPC_KINDS = /* @__PURE__ */ new Set([
  "shm_attach",
  "shm_fault",
  "sock_create",
  "sock_bind",
  "sock_listen",
  "sock_connect",
  "sock_accept",
  "sock_send",
  "sock_recv",
  "sock_drop",
  "sock_close",
  "ipc_failed"
]);
var WEIGHT = {
  shm_attach: 6,
  shm_fault: 12,
  sock_create: 6,
  sock_bind: 5,
  sock_listen: 6,
  sock_connect: 7,
  sock_accept: 8,
  sock_send: 7,
  sock_recv: 8,
  sock_drop: 10,
  sock_close: 6,
  ipc_failed: 8
};
function ipcSentence(e, h) {
  if (e.kind === "state" ? e.to !== "sleeping" || !SOCK_CAUSES.has(e.cause) : !IPC_KINDS.has(e.kind)) return false;
  const { push, name, ctx } = h;
  const sn = (i) => ctx.sockName ? ctx.sockName(i || 0) : `#${i || 0}`;
  const p = name(e.pid);
  const w = WEIGHT[e.kind] ?? 6;
  const s = sn(e.obj);
  switch (e.kind) {
    case "state":
      if (e.to !== "sleeping" || !SOCK_CAUSES.has(e.cause)) return false;
      push(e, `ev.state.${e.cause}`, {
        p,
        s,
        cpu: e.cpu ?? "",
        from: e.from,
        to: e.to,
        cause: e.cause,
        wchan: sockWaitChannel(e.cause, ctx.sock ? ctx.sock(e.obj || 0) : null)
      }, 7);
      return true;
    case "shm_attach": {
      const seg = ctx.segName ? ctx.segName(e.obj || 0) : `#${e.obj || 0}`;
      push(e, e.value ? "ev.shm_attach.on" : "ev.shm_attach.off", { p, seg }, w);
      return true;
    }
    case "shm_fault": {
      const seg = ctx.segName ? ctx.segName(e.obj || 0) : `#${e.obj || 0}`;
      const v = e.value ?? 0;
      const what = v >= 0 ? ctx.varName ? ctx.varName(v) : `#${v}` : ctx.objName ? ctx.objName(-1 - v) : `#${-1 - v}`;
      push(e, "ev.shm_fault", { p, seg, what }, w);
      return true;
    }
    case "sock_create": {
      const d = ctx.sock ? ctx.sock(e.obj || 0) : null;
      push(e, "ev.sock_create", { p, s, call: d ? d.call : "socket()" }, w);
      return true;
    }
    case "sock_bind":
      push(e, e.value ? "ev.sock_bind.auto" : "ev.sock_bind", { p, s }, w);
      return true;
    case "sock_listen":
      push(e, "ev.sock_listen", { p, s, n: e.value ?? 0, max: (e.value ?? 0) + 1 }, w);
      return true;
    case "sock_connect": {
      const l = sn(e.arg);
      const v = e.value ?? 0;
      const key = v === 0 ? "ev.sock_connect.wait" : v === 2 ? "ev.sock_connect.peer" : e.other ? "ev.sock_connect.ok.woke" : "ev.sock_connect.ok";
      push(e, key, { p, s, l, o: e.other ? name(e.other) : "" }, w);
      return true;
    }
    case "sock_accept":
      push(e, "ev.sock_accept", { p, s, n: sn(e.value), c: sn(e.arg) }, w);
      return true;
    case "sock_send": {
      const early = (e.arg ?? 0) < 0;
      const key = early ? "ev.sock_send.early" : e.other ? "ev.sock_send.woke" : "ev.sock_send";
      push(e, key, { p, s, n: e.value ?? 0, d: early ? "" : sn(e.arg), o: e.other ? name(e.other) : "" }, w);
      return true;
    }
    case "sock_recv": {
      const d = ctx.sock ? ctx.sock(e.obj || 0) : null;
      const n = e.value ?? 0, k = e.arg ?? 0;
      let key = "ev.sock_recv.dgram";
      if (!n) key = "ev.sock_recv.eof";
      else if (d && d.type === "stream") key = k === 1 ? "ev.sock_recv.stream.one" : "ev.sock_recv.stream";
      else if (k > 0) key = "ev.sock_recv.trunc";
      push(e, key, { p, s, n, k }, w);
      return true;
    }
    case "sock_drop":
      push(e, (e.arg ?? 0) < 0 ? "ev.sock_drop.nobody" : "ev.sock_drop", { p, s, n: e.value ?? 0 }, w);
      return true;
    case "sock_close":
      push(e, e.cause === "exit" ? "ev.sock_close.exit" : "ev.sock_close", { p, s }, w);
      return true;
    case "ipc_failed": {
      const on = e.syscall === "shmdt" ? ctx.segName ? ctx.segName(e.obj || 0) : s : s;
      push(e, "ev.ipc_failed", { p, sys: e.syscall || String(e.value), s: on, errno: ERRNO[e.arg] || `errno ${e.arg}` }, w);
      return true;
    }
  }
  return false;
}
function segmentRows(view, decl) {
  const segs = view && view.ipc && view.ipc.segments || [];
  const d = decl || {};
  return segs.map((s) => ({
    name: s.name,
    vars: (s.vars || []).map((i) => ({ name: d.vars && d.vars[i] ? d.vars[i].name : `#${i}`, value: view.vars ? view.vars[i] ?? 0 : 0 })),
    sems: (s.objs || []).map((i) => {
      const o = (view.objects || [])[i] || {};
      return { name: d.objects && d.objects[i] ? d.objects[i].name : `#${i}`, count: o.count ?? 0, waiters: o.waiters || [] };
    }),
    attached: s.attached || [],
    wchan: s.wchan || ""
  }));
}
function socketRows(view) {
  const socks = view && view.ipc && view.ipc.sockets || [];
  return socks.filter((s) => s.state !== "none").map((s) => ({
    name: s.name,
    call: s.call,
    state: s.state,
    type: s.type,
    peer: s.peer || "",
    accepted: s.accepted || "",
    listening: s.state === "listening",
    backlog: s.backlog ?? 0,
    acceptQ: s.accept_q || [],
    rx: s.rx || [],
    rxFrom: s.rx_from || [],
    rxBytes: s.rx_bytes ?? 0,
    rcvbuf: s.rcvbuf ?? 0,
    qlen: s.qlen ?? 0,
    early: s.early || [],
    eof: !!s.eof,
    drops: s.drops ?? 0,
    sent: s.sent ?? 0,
    received: s.received ?? 0,
    sleepers: (s.waiters || []).map((pid, k) => ({ pid, wchan: (s.wchan || [])[k] || "" }))
  }));
}

// js/ipc-pipe.js
function ipcDecls(text) {
  const out = [];
  for (const m of String(text || "").matchAll(/^(pipe|fifo|mqueue)[ \t]+([A-Za-z][\w-]*)([^\n#]*)/gm)) {
    let kind = m[1];
    if (kind === "mqueue") kind = /(^|\s)sysv(\s|$)/.test(m[3]) ? "sysv" : "posix";
    out.push({ name: m[2], kind });
  }
  return out;
}
var ERRNO2 = { 9: "EBADF", 22: "EINVAL", 32: "EPIPE", 90: "EMSGSIZE" };
var IPC_KINDS2 = /* @__PURE__ */ new Set(["pipe_write", "pipe_read", "pipe_eof", "pipe_broken", "ipc_open", "ipc_close", "mq_send", "mq_receive", "pipe_fail"]);
function pipeSentence(e, { push, name, ctx, w }) {
  if (!IPC_KINDS2.has(e.kind)) return false;
  const p = name(e.pid);
  const o = e.other ? name(e.other) : "";
  const obj = ctx.ipcName ? ctx.ipcName(e.obj || 0) : `#${e.obj || 0}`;
  const kind = ctx.ipcKind ? ctx.ipcKind(e.obj || 0) : "";
  const end = e.value ? "write" : "read";
  const q = kind === "sysv" ? "sysv" : "posix";
  switch (e.kind) {
    case "pipe_write":
      push(e, e.arg ? "ev.pipe_write.part" : "ev.pipe_write", { p, obj, n: e.value ?? 0, left: e.arg ?? 0 }, w);
      break;
    case "pipe_read":
      push(e, "ev.pipe_read", { p, o, obj, n: e.value ?? 0 }, w);
      break;
    case "pipe_eof":
      push(e, "ev.pipe_eof", { p, obj }, 7);
      break;
    case "pipe_broken":
      push(e, "ev.pipe_broken", { p, obj }, 9);
      break;
    case "ipc_open":
      push(e, `ev.ipc_open.${end}`, { p, obj, n: e.arg ?? 0 }, w);
      break;
    case "ipc_close":
      push(e, `ev.ipc_close.${end}${e.cause === "exit" ? ".exit" : ""}`, { p, obj, n: e.arg ?? 0 }, e.cause === "exit" ? 3 : w);
      break;
    case "mq_send":
      push(e, `ev.mq_send.${q}`, { p, obj, n: e.arg ?? 0, prio: e.value ?? 0 }, w);
      break;
    case "mq_receive":
      push(e, `ev.mq_receive.${q}`, { p, o, obj, n: e.arg ?? 0, prio: e.value ?? 0 }, w);
      break;
    case "pipe_fail":
      push(e, "ev.pipe_fail", { p, obj, sys: e.syscall || "", errno: ERRNO2[e.arg] || `errno ${e.arg}` }, 8);
      break;
  }
  return true;
}
function chunkWriter(from, tag, t2) {
  return from ? tag(from) : t2("ipc.chunk.several");
}
function segments(obj, min = 5) {
  const cap = Math.max(1, obj.capacity || 1);
  const segs = (obj.chunks || []).map((c) => ({ from: c.from, bytes: c.bytes, pct: Math.max(min, 100 * c.bytes / cap) }));
  const drawn = segs.reduce((s, c) => s + c.pct, 0);
  if (drawn > 100) for (const s of segs) s.pct = s.pct * 100 / drawn;
  return { segs, free: Math.max(0, 100 - Math.min(100, drawn)) };
}
function usage(obj) {
  if (obj.kind === "posix") return { key: "ipc.used.msgs", params: { n: (obj.messages || []).length, cap: obj.capacity } };
  if (obj.kind === "sysv") return { key: "ipc.used.sysv", params: { n: (obj.messages || []).length, used: obj.used || 0, cap: obj.capacity } };
  return { key: "ipc.used.bytes", params: { used: obj.used || 0, cap: obj.capacity } };
}
function waiterLine(w, p) {
  const n = w.want ?? 0;
  switch (w.cause) {
    case "fifo_open":
      return { key: `ipc.wait.fifo_open.${n ? "write" : "read"}`, params: { p } };
    case "msgrcv":
      if (n === 0) return { key: "ipc.wait.msgrcv.any", params: { p } };
      if (n < 0) return { key: "ipc.wait.msgrcv.low", params: { p, n: -n } };
      return { key: "ipc.wait.msgrcv", params: { p, n } };
    default:
      return { key: `ipc.wait.${w.cause}`, params: { p, n } };
  }
}
function renderIPC(el2, list, { t: t2, colorOf, tag }) {
  const doc = el2.ownerDocument;
  const make = (tagName, cls, text) => {
    const n = doc.createElement(tagName);
    if (cls) n.className = cls;
    if (text !== void 0) n.textContent = text;
    return n;
  };
  const chip = (pid) => {
    const c = make("span", "ipc-chip", tag(pid));
    c.style.background = colorOf(pid).fill;
    c.style.color = colorOf(pid).ink || "#fff";
    return c;
  };
  const frag = doc.createDocumentFragment();
  for (const obj of list || []) {
    const box = make("div", `ipc-obj ipc-${obj.kind}`);
    box.dataset.name = obj.name;
    const head = make("div", "ipc-head");
    head.append(make("span", "ipc-name", obj.name), make("span", "ipc-kind", t2(`ipc.kind.${obj.kind}`)));
    const u = usage(obj);
    head.append(make("span", "ipc-used", t2(u.key, u.params)));
    box.append(head);
    if (obj.kind === "pipe" || obj.kind === "fifo") {
      const bar = make("div", "ipc-bar");
      bar.setAttribute("role", "img");
      const { segs, free } = segments(obj);
      const parts = [];
      for (const s of segs) {
        const seg = make("span", "ipc-seg");
        seg.dataset.pid = String(s.from);
        seg.dataset.bytes = String(s.bytes);
        seg.style.width = `${s.pct}%`;
        const who = chunkWriter(s.from, tag, t2);
        seg.style.background = s.from ? colorOf(s.from).fill : "#64748b";
        seg.style.color = s.from ? colorOf(s.from).ink || "#fff" : "#fff";
        const label2 = t2("ipc.chunk", { p: who, n: s.bytes });
        seg.title = label2;
        parts.push(label2);
        if (s.pct >= 14) seg.textContent = label2;
        else if (s.pct >= 4) seg.textContent = s.from ? who : "…";
        bar.append(seg);
      }
      if (free > 0) {
        const f = make("span", "ipc-free");
        f.style.width = `${free}%`;
        if (!segs.length) f.textContent = t2("ipc.empty");
        bar.append(f);
      }
      bar.setAttribute("aria-label", parts.length ? parts.join(", ") : t2("ipc.empty"));
      box.append(bar);
      const ends = make("div", "ipc-ends");
      for (const [key, pids] of [["ipc.readers", obj.readers], ["ipc.writers", obj.writers]]) {
        const row = make("span", "ipc-end");
        row.append(make("span", "ipc-end-label", t2(key)));
        if (pids && pids.length) for (const pid of pids) row.append(chip(pid));
        else row.append(make("span", "ipc-nobody", t2("ipc.nobody")));
        ends.append(row);
      }
      box.append(ends);
    } else {
      const q = make("ol", "ipc-msgs");
      for (const m of obj.messages || []) {
        const li = make("li", "ipc-msg");
        li.style.background = colorOf(m.from).fill;
        li.style.color = colorOf(m.from).ink || "#fff";
        li.append(
          make("b", "", t2(obj.kind === "sysv" ? "ipc.msg.type" : "ipc.msg.prio", { prio: m.prio })),
          make("span", "", t2("ipc.msg.bytes", { n: m.bytes }))
        );
        li.title = tag(m.from);
        q.append(li);
      }
      if (obj.kind === "posix") {
        for (let k = (obj.messages || []).length; k < obj.capacity; k++) q.append(make("li", "ipc-msg ipc-slot"));
      }
      if (!(obj.messages || []).length && obj.kind === "sysv") q.append(make("li", "ipc-msg ipc-slot", t2("ipc.empty")));
      box.append(q);
    }
    if ((obj.waiters || []).length) {
      const ul = make("ul", "ipc-waiters");
      for (const wt of obj.waiters) {
        const li = make("li", "ipc-waiter");
        const l = waiterLine(wt, tag(wt.pid));
        li.append(chip(wt.pid), make("span", "", " " + t2(l.key, l.params) + " · "), make("code", "ipc-wchan", t2("ipc.wchan", { wchan: wt.wchan })));
        ul.append(li);
      }
      box.append(ul);
    }
    frag.append(box);
  }
  el2.replaceChildren(frag);
}

// js/memory-log.js
var REGIONS = ["text", "data", "heap", "stack"];
var MEMORY_KINDS = /* @__PURE__ */ new Set([
  "mem_fork",
  "mem_exec",
  "mem_free",
  "mem_read",
  "mem_write",
  "page_fault",
  "page_copy",
  "page_reuse",
  "page_private"
]);
var WEIGHT2 = { mem_fork: 6, mem_exec: 5, mem_free: 6, mem_read: 4, mem_write: 5, page_fault: 8, page_copy: 8, page_reuse: 8, page_private: 7 };
function memorySentence(e, push, name) {
  if (!MEMORY_KINDS.has(e.kind)) return false;
  const region = REGIONS[e.obj ?? 0] || "text";
  const page = { p: name(e.pid), region: `mem.region.${region}`, regionName: region, page: e.value ?? 0, frame: e.arg ?? 0 };
  const w = WEIGHT2[e.kind];
  switch (e.kind) {
    case "mem_fork":
      push(e, "ev.mem_fork", { p: name(e.pid), o: name(e.other), n: e.value ?? 0 }, w);
      break;
    case "mem_exec":
      push(e, "ev.mem_exec", { p: name(e.pid), n: e.value ?? 0, old: e.arg ?? 0, freed: e.obj ?? 0 }, w);
      break;
    case "mem_free": {
      const thread = e.other && e.other !== e.pid;
      push(e, thread ? "ev.mem_free.thread" : "ev.mem_free", { p: name(e.pid), o: thread ? name(e.other) : "", n: e.value ?? 0, freed: e.arg ?? 0 }, w);
      break;
    }
    case "page_fault":
      push(e, e.cause === "read_only" ? "ev.page_fault.read_only" : "ev.page_fault.cow", page, w);
      break;
    case "page_private":
      push(e, "ev.page_private", { ...page, o: name(e.other) }, w);
      break;
    default:
      push(e, `ev.${e.kind}`, page, w);
  }
  return true;
}

// js/logstore.js
var MAX_LOG = 3e3;
var stores = 0;
var MAX_SHAPES = 65535;
var MAX_STRINGS = 65535;
var STR = "s";
var STR8 = "a";
var STR16 = "A";
var U8 = "b";
var U16 = "n";
var I32 = "i";
var UNDEF = "u";
var BYTES = { [STR8]: 1, [STR16]: 2, [U8]: 1, [U16]: 2, [I32]: 4, [UNDEF]: 0 };
function typeOf(x) {
  if (typeof x === "string") return STR;
  if (x === void 0) return UNDEF;
  if (typeof x === "number" && Number.isInteger(x) && !Object.is(x, -0)) {
    if (x >= 0 && x <= 255) return U8;
    if (x >= 0 && x <= 65535) return U16;
    if (x >= -2147483648 && x <= 2147483647) return I32;
  }
  return null;
}
var ITEM_KEYS = ["step", "pid", "kind", "cause", "key", "params", "weight"];
var LogStore = class _LogStore {
  // max is the number of items kept (the newest ones).
  constructor(max = MAX_LOG) {
    this.max = Math.max(1, Math.floor(max));
    this.cap = 0;
    this.head = 0;
    this.n = 0;
    this.serial0 = 0;
    this.base = stores++ % (1 << 20) * 2 ** 32;
    this.steps = new Int32Array(0);
    this.pids = new Uint16Array(0);
    this.shapes = new Uint16Array(0);
    this.offs = new Uint16Array(0);
    this.pool = new Uint8Array(0);
    this.pool0 = 0;
    this.poolEnd = 0;
    this.shapeList = [null];
    this.shapesByKey = /* @__PURE__ */ new Map();
    this.strs = [];
    this.strIds = /* @__PURE__ */ new Map();
    this.refs = [];
    this.freeStrs = [];
    this.whole = /* @__PURE__ */ new Map();
  }
  get length() {
    return this.n;
  }
  slot(i) {
    const p = this.head + i;
    return p >= this.cap ? p - this.cap : p;
  }
  step(i) {
    const p = this.slot(i);
    if (this.shapes[p]) return this.steps[p];
    const it = this.whole.get(this.serial0 + i);
    return it ? it.step : void 0;
  }
  key(i) {
    return this.base + this.serial0 + i;
  }
  // item builds item i.
  item(i) {
    const p = this.slot(i);
    const sh = this.shapes[p];
    if (!sh) return this.whole.get(this.serial0 + i);
    const shape = this.shapeList[sh];
    const params = {};
    let o = this.offs[p];
    for (const [name, type] of shape.fields) {
      const v = this.read(o, BYTES[type]);
      o += BYTES[type];
      params[name] = type === STR8 || type === STR16 ? this.strs[v] : type === UNDEF ? void 0 : v;
    }
    return { step: this.steps[p], pid: shape.pid ? this.pids[p] : void 0, kind: shape.kind, cause: shape.cause, key: shape.key, params, weight: shape.weight };
  }
  // read is the n-byte little-endian value at pool offset o (wrapping
  // around), signed when n is 4.
  read(o, n) {
    const pool = this.pool, len = pool.length;
    let v = 0;
    for (let j = 0; j < n; j++) v |= pool[(o + j) % len] << 8 * j;
    return n === 4 ? v | 0 : v;
  }
  // write puts the n-byte little-endian value v at pool offset o.
  write(o, n, v) {
    const pool = this.pool, len = pool.length;
    for (let j = 0; j < n; j++) pool[(o + j) % len] = v >>> 8 * j & 255;
  }
  // itemsAt lists the items of step s, oldest first.
  itemsAt(s) {
    const out = [];
    for (let i = 0; i < this.n; i++) if (this.step(i) === s) out.push(this.item(i));
    return out;
  }
  // withEvents lists the items that carry their event (e: the problems),
  // oldest first.
  withEvents() {
    const out = [];
    for (const it of this.whole.values()) if (it.e) out.push(it);
    return out;
  }
  toArray() {
    const out = [];
    for (let i = 0; i < this.n; i++) out.push(this.item(i));
    return out;
  }
  toJSON() {
    return this.toArray();
  }
  // encodable reports whether a record can say item it exactly: its
  // fields are those describeEvents makes, in its order, and its params'
  // values strings or 32-bit integers (or undefined).
  encodable(it) {
    if (!it || typeof it !== "object" || typeOf(it.step) === null || typeOf(it.step) === UNDEF) return false;
    const keys = Object.keys(it);
    if (keys.length !== ITEM_KEYS.length || keys.some((k, j) => k !== ITEM_KEYS[j])) return false;
    if (it.pid !== void 0 && (typeOf(it.pid) === null || typeof it.pid !== "number")) return false;
    if (typeof it.kind !== "string" || typeof it.cause !== "string" || typeof it.key !== "string" || typeof it.weight !== "number") return false;
    const params = it.params;
    if (!params || typeof params !== "object" || Object.getPrototypeOf(params) !== Object.prototype) return false;
    let strings = 0;
    for (const name in params) {
      if (!Object.hasOwn(params, name)) continue;
      const t2 = typeOf(params[name]);
      if (t2 === null) return false;
      if (t2 === STR) strings++;
    }
    return this.strIds.size + strings <= MAX_STRINGS;
  }
  // shapeOf finds the shape of item it with the params' names and types
  // (a string's type as its index says), or 0 when it has none yet. The
  // shapes are listed by key (a run has a few per key), and compared field
  // by field: a signature string built for each item cost most of pushing
  // the 3,000 items of a snapshot.
  shapeOf(it, names, types) {
    const list = this.shapesByKey.get(it.key);
    if (!list) return 0;
    const pid = it.pid !== void 0;
    for (const sh of list) {
      const s = this.shapeList[sh];
      if (s.kind !== it.kind || s.cause !== it.cause || !Object.is(s.weight, it.weight) || s.pid !== pid || s.fields.length !== names.length) continue;
      let j = 0;
      while (j < names.length && s.fields[j][0] === names[j] && s.fields[j][1] === types[j]) j++;
      if (j === names.length) return sh;
    }
    return 0;
  }
  // push adds item it as the newest; the oldest goes when the window is full.
  push(it) {
    if (this.n === this.max) this.drop();
    else if (this.n === this.cap) this.resize(Math.min(this.max, Math.max(64, this.cap * 2)), this.pool.length);
    const serial = this.serial0 + this.n;
    let sh = 0, vals = null;
    if (this.encodable(it)) {
      const names = Object.keys(it.params);
      vals = new Array(names.length);
      const types = new Array(names.length);
      for (let j = 0; j < names.length; j++) {
        const v = it.params[names[j]];
        let t2 = typeOf(v);
        if (t2 === STR) {
          vals[j] = this.intern(v);
          t2 = vals[j] <= 255 ? STR8 : STR16;
        } else vals[j] = v;
        types[j] = t2;
      }
      sh = this.shapeOf(it, names, types);
      if (!sh) {
        if (this.shapeList.length > MAX_SHAPES) {
          for (let j = 0; j < names.length; j++) if (types[j] === STR8 || types[j] === STR16) this.release(vals[j]);
        } else {
          const fields2 = names.map((name, j) => [name, types[j]]);
          sh = this.shapeList.length;
          this.shapeList.push({ key: it.key, kind: it.kind, cause: it.cause, weight: it.weight, pid: it.pid !== void 0, fields: fields2, bytes: fields2.reduce((a, [, t2]) => a + BYTES[t2], 0) });
          const list = this.shapesByKey.get(it.key);
          if (list) list.push(sh);
          else this.shapesByKey.set(it.key, [sh]);
        }
      }
    }
    const off = sh ? this.alloc(this.shapeList[sh].bytes) : this.poolEnd;
    const p = this.slot(this.n);
    this.n++;
    this.steps[p] = sh ? it.step : 0;
    this.shapes[p] = sh;
    this.offs[p] = off;
    if (!sh) {
      this.pids[p] = 0;
      this.whole.set(serial, it);
      return;
    }
    const shape = this.shapeList[sh];
    const pid = shape.pid ? it.pid : 0;
    if ((pid < 0 || pid > 65535) && this.pids instanceof Uint16Array) this.pids = Int32Array.from(this.pids);
    this.pids[p] = pid;
    let o = off;
    const fields = shape.fields;
    for (let j = 0; j < fields.length; j++) {
      const n = BYTES[fields[j][1]];
      this.write(o, n, vals[j] | 0);
      o += n;
    }
  }
  // drop removes the oldest item.
  drop() {
    const p = this.head;
    const sh = this.shapes[p];
    if (!sh) this.whole.delete(this.serial0);
    else {
      let o = this.offs[p];
      for (const [, type] of this.shapeList[sh].fields) {
        if (type === STR8 || type === STR16) this.release(this.read(o, BYTES[type]));
        o += BYTES[type];
      }
    }
    this.head = this.slot(1);
    this.n--;
    this.serial0++;
    if (this.n === 0) {
      this.pool0 = 0;
      this.poolEnd = 0;
    } else this.pool0 = this.offs[this.head];
  }
  // reserve makes room for n more items of about perItem pool bytes each
  // (at most max items in all), in one reallocation: a snapshot pushes its
  // 3,000 items at once, and growing item by item reallocated the pool
  // about twenty times (a quarter at a time).
  reserve(n, perItem = 8) {
    const cap = Math.min(this.max, this.n + Math.max(0, n));
    const poolLen = Math.max(this.pool.length, 256, Math.ceil((this.used() + Math.max(0, n) * perItem + 1) * 1.25));
    if (cap > this.cap || poolLen > this.pool.length) this.resize(Math.max(cap, this.cap), poolLen);
  }
  // alloc takes k bytes at the pool's end, growing the pool (by a quarter)
  // when they are not free, and returns the first.
  alloc(k) {
    if (this.used() + k >= this.pool.length) this.resize(this.cap, Math.max(256, Math.ceil((this.used() + k + 1) * 1.25)));
    const at = this.poolEnd;
    this.poolEnd = (at + k) % this.pool.length;
    return at;
  }
  // used is the number of pool bytes in use.
  used() {
    if (!this.pool.length) return 0;
    return (this.poolEnd - this.pool0 + this.pool.length) % this.pool.length;
  }
  intern(s) {
    let id = this.strIds.get(s);
    if (id === void 0) {
      id = this.freeStrs.length ? this.freeStrs.pop() : this.strs.length;
      this.strs[id] = s;
      this.refs[id] = 0;
      this.strIds.set(s, id);
    }
    this.refs[id]++;
    return id;
  }
  release(id) {
    if (--this.refs[id] > 0) return;
    this.strIds.delete(this.strs[id]);
    this.strs[id] = void 0;
    this.freeStrs.push(id);
  }
  // resize reallocates for cap items and a pool of poolLen bytes, keeping
  // the items (item 0 moves to slot 0, its values to the pool's start).
  resize(cap, poolLen) {
    const steps = new Int32Array(cap), pids = new this.pids.constructor(cap), shapes = new Uint16Array(cap);
    const offs = poolLen > 65536 ? new Int32Array(cap) : new Uint16Array(cap);
    const pool = new Uint8Array(poolLen);
    const used = this.used();
    const old = this.pool;
    const first = Math.min(used, old.length - this.pool0);
    if (first > 0) pool.set(old.subarray(this.pool0, this.pool0 + first));
    if (used > first) pool.set(old.subarray(0, used - first), first);
    for (let i = 0; i < this.n; i++) {
      const p = this.slot(i);
      steps[i] = this.steps[p];
      pids[i] = this.pids[p];
      shapes[i] = this.shapes[p];
      offs[i] = old.length ? (this.offs[p] - this.pool0 + old.length) % old.length : 0;
    }
    Object.assign(this, { cap, head: 0, steps, pids, shapes, offs, pool, pool0: 0, poolEnd: used });
  }
  // clone is a copy that shares nothing a change to either would change.
  clone() {
    const c = new _LogStore(this.max);
    for (const k of ["cap", "head", "n", "serial0", "pool0", "poolEnd"]) c[k] = this[k];
    for (const k of ["steps", "pids", "shapes", "offs", "pool"]) c[k] = this[k].slice();
    c.shapeList = this.shapeList.slice();
    c.shapesByKey = new Map([...this.shapesByKey].map(([k, l]) => [k, l.slice()]));
    c.strs = this.strs.slice();
    c.strIds = new Map(this.strIds);
    c.refs = this.refs.slice();
    c.freeStrs = this.freeStrs.slice();
    c.whole = new Map(this.whole);
    return c;
  }
};
var ArrayLog = class {
  constructor(items) {
    this.items = items;
  }
  get length() {
    return this.items.length;
  }
  step(i) {
    return this.items[i].step;
  }
  item(i) {
    return this.items[i];
  }
  key(i) {
    return this.items[i];
  }
  itemsAt(s) {
    return this.items.filter((it) => it.step === s);
  }
  withEvents() {
    return this.items.filter((it) => it.e);
  }
  toArray() {
    return this.items.slice();
  }
};
function logOf(x) {
  if (x instanceof LogStore || x instanceof ArrayLog) return x;
  return new ArrayLog(Array.isArray(x) ? x : []);
}

// js/log.js
var SIGNALS = { 1: "SIGHUP", 2: "SIGINT", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 13: "SIGPIPE", 15: "SIGTERM", 17: "SIGCHLD", 18: "SIGCONT", 19: "SIGSTOP", 20: "SIGTSTP" };
function signalName(n) {
  return SIGNALS[n] || `SIG${n}`;
}
function label(pid, name, thread, goroutine) {
  if (thread && goroutine) return t("label.goroutine", { name: name || "?" });
  if (thread) return t("label.thread", { name: name || "?", tid: pid });
  return name ? `P${pid} (${name})` : `P${pid}`;
}
var WEIGHT3 = {
  exit: 9,
  reaped: 8,
  limit: 9,
  fork_failed: 8,
  reparented: 7,
  created: 7,
  signal_delivered: 5,
  signal_deferred: 6,
  signal_sent: 4,
  kill_failed: 6,
  wait_nochild: 6,
  state: 6,
  exec: 3,
  switch: 2,
  syscall: 1,
  vdso: 2,
  restart: 6,
  read: 5,
  write: 6,
  lock_acquire: 6,
  lock_contend: 7,
  lock_release: 6,
  spin: 6,
  sem_wait: 6,
  sem_post: 6,
  cond_wait: 6,
  cond_signal: 6,
  chan_send: 6,
  chan_recv: 6,
  waitgroup: 6,
  cs_enter: 5,
  cs_exit: 5,
  level: 5,
  choice_ignored: 7,
  cs_violation: 12,
  race: 11,
  lost_update: 13,
  deadlock: 14,
  assert_failed: 12,
  expect_failed: 12,
  starvation: 11,
  output: 8,
  panic: 13,
  all_asleep: 14,
  chan_close: 6,
  select: 5
};
var PROBLEMS = /* @__PURE__ */ new Set(["cs_violation", "race", "lost_update", "deadlock", "assert_failed", "expect_failed", "starvation", "panic", "all_asleep"]);
var WAIT_CAUSES = ["lock", "sem", "cond", "chan", "waitgroup", "once", "select"];
function printed(text) {
  return String(text ?? "").replace(/\n$/, "").replace(/\n/g, " ⏎ ");
}
function whoFn(ctx) {
  return (pid) => pid ? ctx.name && ctx.name(pid) || `P${pid}` : "";
}
function describeEvents(events, ctx) {
  const names = /* @__PURE__ */ new Map();
  const name = (pid) => {
    let s = names.get(pid);
    if (s === void 0) {
      s = ctx.jobs && ctx.name(pid) ? ctx.name(pid) : label(pid, ctx.name(pid), !!(ctx.threaded && ctx.threaded(pid)), !!ctx.go);
      names.set(pid, s);
    }
    return s;
  };
  const who = whoFn(ctx);
  const vname = (i) => ctx.varName ? ctx.varName(i || 0) : `#${i || 0}`;
  const oname = (i) => ctx.objName ? ctx.objName(i || 0) : `#${i || 0}`;
  const okind = (i) => ctx.objKind ? ctx.objKind(i || 0) : "";
  const out = [];
  const used = /* @__PURE__ */ new Set();
  const push = (e, key, params, weight) => {
    const it = { step: e.step, pid: e.pid, kind: e.kind, cause: e.cause || "", key, params, weight };
    if (PROBLEMS.has(e.kind)) it.e = e;
    out.push(it);
  };
  const mergeState = (i, pid, cause) => {
    for (let j = i + 1; j < events.length; j++) {
      const f = events[j];
      if (f.kind === "state" && f.pid === pid && f.to === "sleeping" && f.cause === cause) {
        used.add(j);
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < events.length; i++) {
    if (used.has(i)) continue;
    const e = events[i];
    if (e.kind === "mode") continue;
    const p = name(e.pid);
    const o = e.other ? name(e.other) : "";
    const w = WEIGHT3[e.kind] ?? 3;
    if (ipcSentence(e, { push, name, ctx })) continue;
    switch (e.kind) {
      case "mode":
        break;
      // shown on the timeline, not in words
      case "created": {
        const key = e.cause === "fork" ? "ev.created.fork" : e.cause === "arrival" ? ctx.jobs ? "ev.created.arrival.job" : "ev.created.arrival" : e.cause === "clone" ? "ev.created.clone" : e.cause === "go" ? "ev.created.go" : "ev.created.init";
        const tgid = e.cause === "go" && ctx.tgid ? ctx.tgid(e.pid) : e.other || 0;
        push(e, key, { p: e.cause === "go" ? who(e.pid) : p, o, tid: e.pid, tgid }, w);
        for (let j = i + 1; j < events.length; j++) {
          const f = events[j];
          if (f.pid !== e.pid) continue;
          if (f.kind === "exec" || f.kind === "state" && f.from === "none" && f.to === "runnable") used.add(j);
          if (f.kind === "state" && f.from === "none") break;
        }
        break;
      }
      case "exec":
        push(e, "ev.exec", { p, prog: ctx.program(e.value) ?? `#${e.value}` }, w);
        break;
      case "state": {
        if (e.to === "dead" && events.some((f) => f.kind === "reaped" && f.pid === e.pid)) break;
        const params = { p, cpu: e.cpu ?? "", from: e.from, to: e.to, cause: e.cause || "" };
        const wchan = ctx.wchan ? ctx.wchan(e.to, e.cause || "") : "";
        if (wchan) params.kwchan = wchan;
        if (wchan && ctx.go) params.kgo = 1;
        if (e.to === "sleeping" && WAIT_CAUSES.includes(e.cause)) {
          Object.assign(params, { p: who(e.pid), o: who(e.other), obj: oname(e.obj), kind: kindWord(okind(e.obj)) });
          const since = ctx.heldSince ? ctx.heldSince(e.obj || 0) : void 0;
          let key2 = `ev.state.${e.cause}`;
          if (e.cause === "lock" && e.other && since !== void 0) {
            key2 = "ev.state.lock.since";
            params.since = since;
          } else if (e.cause === "lock" && !e.other) key2 = "ev.state.lock.nobody";
          push(e, key2, params, 7);
          break;
        }
        let key = `ev.state.${e.cause}`;
        if (e.cause === "io_done" && e.from === "disk") key = "ev.state.io_done.disk";
        if (e.cause === "wait_child" && ctx.hasChildren && !ctx.hasChildren(e.pid)) {
          key = "ev.state.wait_child.none";
          delete params.kwchan;
        }
        if (e.to === "zombie") {
          key = "ev.state.zombie";
          params.parent = label(ctx.parent(e.pid));
        }
        if (e.to === "dead") key = "ev.state.dead";
        if (!e.cause || !has(key, "en")) key = "ev.state.other";
        push(e, key, params, e.cause === "dispatch" ? 4 : w);
        break;
      }
      case "switch": {
        const params = { p, o, cpu: e.cpu ?? 0 };
        const key = !e.pid ? "ev.switch.toidle" : !e.other ? "ev.switch.fromidle" : e.voluntary ? "ev.switch.vol" : "ev.switch.invol";
        push(e, key, params, w);
        if (e.arg > 0) push(e, "ev.switch.refill", { p, cpu: e.cpu ?? 0, n: e.arg }, w);
        break;
      }
      case "syscall": {
        const sys = e.syscall || String(e.value);
        if (has(`sys.what.${sys}`, "en")) push(e, "ev.syscall.what", { p, sys, what: `sys.what.${sys}` }, w);
        else push(e, "ev.syscall", { p, sys }, w);
        break;
      }
      case "vdso":
        push(e, "ev.vdso", { p, sys: e.syscall || String(e.value), what: `sys.what.${e.syscall}` }, w);
        break;
      case "restart":
        push(e, "ev.restart", { p, sys: e.syscall || String(e.value), sig: e.signal || signalName(e.arg) }, w);
        break;
      case "signal_sent": {
        const key = e.other ? "ev.signal_sent" : e.arg ? "ev.signal_sent.kernel.about" : "ev.signal_sent.kernel";
        push(e, key, { p, o, c: e.arg ? name(e.arg) : "", sig: e.signal || signalName(e.value) }, w);
        break;
      }
      case "signal_delivered": {
        let key = `ev.signal_delivered.${e.cause}`;
        if (!has(key, "en")) key = "ev.signal_delivered.other";
        if (ctx.go && key === "ev.signal_delivered.handled") key += ".go";
        push(e, key, { p, sig: e.signal || signalName(e.value) }, w);
        break;
      }
      case "signal_deferred":
        push(e, e.cause === "ptrace" ? "ev.signal_deferred.traced" : "ev.signal_deferred", { p, sig: e.signal || signalName(e.value) }, w);
        break;
      case "exit": {
        const code = e.value ?? 0;
        const killed = !!e.signal;
        let key = killed ? "ev.exit.killed" : "ev.exit";
        for (let j = i + 1; j < events.length; j++) {
          const f = events[j];
          if (f.kind === "state" && f.pid === e.pid && (f.to === "zombie" || f.to === "dead")) {
            used.add(j);
            key += threadExitKey(f, events, ctx) || (f.to === "zombie" ? ".zombie" : f.cause === "autoreap" ? ".autoreap" : ".gone");
            break;
          }
        }
        if (key.endsWith(".autoreap") && ctx.parent(e.pid) === 1) key += ".init";
        if (!has(key, "en")) key = killed ? "ev.exit.killed" : "ev.exit";
        if (ctx.go && key === "ev.exit.thread") key = "ev.exit.goroutine";
        const tgid = ctx.tgid ? ctx.tgid(e.pid) : e.pid;
        push(e, key, { p, code, sig: e.signal || "", parent: label(ctx.parent(e.pid)), proc: `P${tgid}` }, w);
        break;
      }
      case "reaped": {
        const self = !e.other || e.other === e.pid;
        const key = (self ? "ev.reaped.self" : "ev.reaped") + (e.signal ? ".killed" : "");
        push(e, key, { p, o, code: e.value ?? 0, sig: e.signal || "" }, w);
        break;
      }
      case "wait_report":
        push(e, `ev.wait_report.${["sigcont", "ptrace"].includes(e.cause) ? e.cause : "sigstop"}`, { p, o, sig: e.signal || signalName(e.value) }, w);
        break;
      case "group":
        push(e, "ev.group", { p, pgid: e.value ?? 0, sid: e.arg ?? 0 }, w);
        break;
      case "call_failed": {
        const key = e.arg === 4 ? e.cause === "no_restart" ? "ev.call_failed.eintr.no_restart" : "ev.call_failed.eintr" : "ev.call_failed";
        push(e, key, { p, sys: e.syscall || "", errno: ERRNO3[e.arg] || `errno ${e.arg}` }, w);
        break;
      }
      case "trace":
        push(e, e.value ? "ev.trace.on" : "ev.trace.off", { p, o }, w);
        break;
      case "reparented":
        push(e, "ev.reparented", { p, o: o || "P1" }, w);
        break;
      case "fork_failed":
        push(e, e.cause === "no_pid" || e.cause === "task_table" ? `ev.fork_failed.${e.cause}` : "ev.fork_failed.task_limit", { p, value: e.value ?? "" }, w);
        break;
      case "limit":
        push(e, "ev.limit", { value: e.value ?? "" }, w);
        break;
      case "wait_nochild":
        push(e, "ev.wait_nochild", { p }, w);
        break;
      case "kill_failed":
        push(e, "ev.kill_failed", { p, sig: e.signal || signalName(e.value) }, w);
        break;
      case "output": {
        if (e.stderr && events.some((f) => (f.kind === "panic" || f.kind === "all_asleep") && (f.value ?? 0) === (e.value ?? 0))) break;
        const text = printed(e.text);
        push(e, !text.trim() ? "ev.output.empty" : e.stderr ? "ev.output.stderr" : "ev.output", { p: who(e.pid), text }, w);
        break;
      }
      case "chan_close":
        push(e, "ev.chan_close", { p: who(e.pid), obj: oname(e.obj) }, w);
        break;
      case "select": {
        const v = e.value ?? 0;
        if (e.arg) mergeState(i, e.pid, "select");
        push(e, e.arg ? "ev.select.block" : v < 0 ? "ev.select.default" : "ev.select.case", { p: who(e.pid), n: v + 1 }, w);
        break;
      }
      default:
        if (!raceSentence(e, i, { push, who, vname, oname, okind, mergeState, ctx, w, events, used }) && !memorySentence(e, push, name) && !pipeSentence(e, { push, name, ctx, w })) {
          push(e, "ev.other", { p, kind: String(e.kind) }, 1);
        }
    }
  }
  return out;
}
var ERRNO3 = { 1: "EPERM", 3: "ESRCH", 4: "EINTR", 10: "ECHILD" };
function threadExitKey(f, events, ctx) {
  if (f.cause === "group_exit") return ".group";
  if (f.cause === "exit" && f.to === "dead" && ctx.threaded && ctx.threaded(f.pid)) return ".exit_group";
  if (f.cause !== "thread_exit") return "";
  if (f.to === "zombie") return ".leader";
  const tgid = ctx.tgid ? ctx.tgid(f.pid) : f.pid;
  const last = events.some((g) => g.kind === "signal_sent" && g.value === 17 && (g.arg === tgid || g.other === tgid));
  return last ? ".thread.last" : ".thread";
}
function kindWord(kind) {
  return kind ? `kind.${kind}` : "kind.object";
}
function raceSentence(e, i, h) {
  const { push, who, vname, oname, okind, mergeState, ctx, w } = h;
  const p = who(e.pid), o = who(e.other);
  const obj = oname(e.obj), kind = kindWord(okind(e.obj));
  switch (e.kind) {
    case "read":
      push(e, "ev.read", { p, v: vname(e.obj), value: e.value ?? 0 }, w);
      return true;
    case "write":
      push(e, "ev.write", { p, v: vname(e.obj), value: e.value ?? 0, old: e.arg ?? 0 }, w);
      return true;
    case "lock_acquire":
      push(e, e.value ? e.value === 1 ? "ev.lock_acquire.waited.one" : "ev.lock_acquire.waited" : "ev.lock_acquire", { p, obj, kind, n: e.value ?? 0 }, w);
      return true;
    case "lock_contend": {
      const since = ctx.heldSince ? ctx.heldSince(e.obj || 0) : void 0;
      const blocks = mergeState(i, e.pid, "lock");
      let key = blocks ? "ev.lock_contend.block" : "ev.lock_contend";
      if (since !== void 0 && e.other) key += ".since";
      push(e, key, { p, o, obj, kind, since: since ?? "" }, w);
      return true;
    }
    case "lock_release":
      push(e, e.other ? "ev.lock_release.handoff" : "ev.lock_release", { p, o, obj, kind }, w);
      return true;
    case "spin":
      push(e, "ev.spin", { p, o, obj, kind }, w);
      return true;
    case "sem_wait": {
      if (e.value) {
        push(e, "ev.sem_wait.pass", { p, obj, n: e.arg ?? 0 }, w);
        return true;
      }
      mergeState(i, e.pid, "sem");
      push(e, "ev.sem_wait.block", { p, obj, n: e.arg ?? 0 }, w);
      return true;
    }
    case "sem_post":
      push(e, e.other ? "ev.sem_post.wake" : "ev.sem_post", { p, o, obj, n: e.arg ?? 0 }, w);
      return true;
    case "cond_wait":
      mergeState(i, e.pid, "cond");
      push(e, "ev.cond_wait", { p, obj, m: oname(e.arg) }, w);
      return true;
    case "cond_signal": {
      const key = !e.other ? "ev.cond_signal.none" : e.value ? "ev.cond_signal.broadcast" : "ev.cond_signal";
      push(e, key, { p, o, obj }, w);
      return true;
    }
    case "chan_send":
      push(e, e.other ? "ev.chan_send.handoff" : "ev.chan_send", { p, o, obj, value: e.value ?? 0 }, w);
      return true;
    case "chan_recv":
      push(e, e.other ? "ev.chan_recv.from" : "ev.chan_recv", { p, o, obj, value: e.value ?? 0 }, w);
      return true;
    case "waitgroup":
      push(e, "ev.waitgroup", { p, obj, by: (e.arg ?? 0) >= 0 ? `+${e.arg ?? 0}` : String(e.arg), value: e.value ?? 0 }, w);
      return true;
    case "cs_enter":
      push(e, "ev.cs_enter", { p }, w);
      return true;
    case "cs_exit":
      push(e, "ev.cs_exit", { p }, w);
      return true;
    case "level":
      push(e, e.cause === "boost" ? "ev.level.boost" : "ev.level.demote", { p: ctx.jobs && ctx.name(e.pid) ? ctx.name(e.pid) : label(e.pid, ctx.name(e.pid)), value: e.value ?? 0 }, w);
      return true;
    case "choice_ignored":
      push(e, "ev.choice_ignored", { n: (e.value ?? 0) + 1, o: e.other ? label(e.other, ctx.name(e.other)) : "?" }, w);
      return true;
  }
  const pp = problemParams(e, ctx);
  if (!pp) return false;
  push(e, pp.key, pp.params, w);
  return true;
}
function problemParams(e, ctx) {
  const who = whoFn(ctx);
  const vname = (i) => ctx.varName ? ctx.varName(i || 0) : `#${i || 0}`;
  const oname = (i) => ctx.objName ? ctx.objName(i || 0) : `#${i || 0}`;
  const p = who(e.pid), o = who(e.other);
  switch (e.kind) {
    case "cs_violation":
      return { key: "ev.cs_violation", params: { p, o } };
    case "race": {
      const arg = e.arg ?? 0;
      return { key: "ev.race", params: {
        v: vname(e.obj),
        p,
        o,
        step: e.step,
        ostep: e.value ?? 0,
        acc: `acc.${arg & 1 ? "write" : "read"}`,
        oacc: `acc.${arg & 2 ? "write" : "read"}`
      } };
    }
    case "lost_update":
      return { key: "ev.lost_update", params: { p, o, v: vname(e.obj), step: e.step, ostep: e.value ?? 0, rstep: e.arg ?? 0 } };
    case "deadlock": {
      const params = { p, o, obj: oname(e.obj), n: e.arg ?? 0 };
      return { key: !e.arg ? e.other ? "ev.deadlock.forever" : "ev.deadlock.forever.nobody" : "ev.deadlock", params };
    }
    case "assert_failed": {
      const text = ctx.lineText ? ctx.lineText(e.value ?? 0) : "";
      return { key: text ? "ev.assert_failed.text" : "ev.assert_failed", params: { p, line: e.value ?? 0, text } };
    }
    case "expect_failed": {
      const text = ctx.expect ? ctx.expect(e.arg ?? 0) : "";
      return { key: "ev.expect_failed", params: { n: (e.arg ?? 0) + 1, text: text || "?", v: vname(e.obj), value: e.value ?? 0 } };
    }
    case "starvation":
      return { key: "ev.starvation", params: { p, n: e.value ?? 0 } };
    case "panic":
      return { key: e.arg ? "ev.panic.fatal" : "ev.panic", params: { p, text: String(e.text ?? "").split("\n")[0].replace(/^panic: /, "") || "?" } };
    case "all_asleep":
      return { key: "ev.all_asleep", params: { p, tgid: ctx.tgid ? ctx.tgid(e.pid) : e.pid } };
  }
  return null;
}
function sentence(item) {
  const params = { ...item.params };
  const tr = (prefix, v) => has(`${prefix}.${v}`, "en") ? t(`${prefix}.${v}`) : v;
  if (params.from) params.from = tr("state", params.from);
  if (params.to) params.to = tr("state", params.to);
  if (params.cause) params.cause = tr("cause", params.cause);
  for (const k of ["kind", "acc", "oacc", "region", "what"]) if (typeof params[k] === "string" && has(params[k], "en")) params[k] = t(params[k]);
  const said = t(item.key, params);
  if (params.kwchan && !said.includes(params.kwchan)) return said + t(params.kgo ? "ev.wchan.go" : "ev.wchan", { w: params.kwchan });
  return said;
}
function sep(prefix) {
  return prefix.endsWith("：") ? "" : " ";
}
function displayOrder(list) {
  const items = logOf(list);
  const order = new Array(items.length);
  const first = new Array(items.length);
  let k = 0;
  for (let end = items.length; end > 0; ) {
    let start = end - 1;
    const step = items.step(end - 1);
    while (start > 0 && items.step(start - 1) === step) start--;
    for (let i = start; i < end; i++) {
      order[k] = i;
      first[k] = i === start;
      k++;
    }
    end = start;
  }
  return { order, first };
}
function logWindow(n, rowH, scrollTop, viewH, before = 10, after = 30) {
  if (n <= 0) return [0, 0];
  const h = Math.max(1, rowH);
  const lo = Math.max(0, Math.min(n - 1, Math.floor(scrollTop / h) - before));
  const hi = Math.min(n, Math.ceil((scrollTop + Math.max(viewH, h)) / h) + after);
  return [lo, Math.max(lo + 1, hi)];
}
var logs = /* @__PURE__ */ new WeakMap();
var ROW_H = 34;
function renderLog(el2, items, colorOf, currentStep, opts = {}) {
  let st = logs.get(el2);
  if (!st) {
    const doc = el2.ownerDocument;
    st = { rows: /* @__PURE__ */ new Map(), list: [], free: [], rowH: ROW_H, args: null, frame: 0, lang: "", scrollTop: 0, viewH: -1, ro: null };
    st.top = doc.createElement("li");
    st.bottom = doc.createElement("li");
    for (const sp of [st.top, st.bottom]) {
      sp.className = "log-spacer";
      sp.setAttribute("aria-hidden", "true");
    }
    logs.set(el2, st);
    const win = el2.ownerDocument.defaultView;
    if (win && win.ResizeObserver) {
      st.ro = new win.ResizeObserver((entries) => {
        let sum = 0, n = 0;
        for (const e of entries) {
          if (e.target === el2) {
            st.viewH = el2.clientHeight;
            continue;
          }
          const h = e.borderBoxSize && e.borderBoxSize[0] ? e.borderBoxSize[0].blockSize : e.contentRect.height;
          if (h > 4) {
            sum += h;
            n++;
          }
          st.ro.unobserve(e.target);
        }
        if (n) st.rowH = st.rowH * 0.5 + sum / n * 0.5;
      });
      st.ro.observe(el2);
    }
    el2.addEventListener("scroll", () => {
      st.scrollTop = el2.scrollTop;
      if (st.frame) return;
      const raf = el2.ownerDocument.defaultView.requestAnimationFrame;
      st.frame = raf(() => {
        st.frame = 0;
        if (st.args) draw(el2, st, ...st.args);
      });
    }, { passive: true });
  }
  st.args = [items, colorOf, currentStep, opts];
  draw(el2, st, items, colorOf, currentStep, opts);
}
function draw(el2, st, list, colorOf, currentStep, opts) {
  const doc = el2.ownerDocument;
  const items = logOf(list);
  if (!items.length) {
    st.rows.clear();
    st.list = [];
    st.free.length = 0;
    const li = doc.createElement("li");
    li.className = "empty";
    li.textContent = t(opts.empty || "log.empty");
    el2.replaceChildren(li);
    return;
  }
  if (st.viewH < 0) {
    st.viewH = el2.clientHeight;
    st.scrollTop = el2.scrollTop;
  }
  const { order, first } = displayOrder(items);
  const [lo, hi] = logWindow(order.length, st.rowH, st.scrollTop, st.viewH, 10, 15);
  const lang = t("log.step", { n: 0 });
  if (lang !== st.lang) {
    st.lang = lang;
    st.free.push(...st.rows.values());
    st.rows.clear();
    st.list = [];
  }
  const keep = /* @__PURE__ */ new Map();
  const rows = new Array(hi - lo);
  const fresh = [];
  for (let k = lo; k < hi; k++) {
    const key = items.key(order[k]);
    const r = st.rows.get(key);
    if (r) {
      st.rows.delete(key);
      rows[k - lo] = r;
      keep.set(key, r);
    } else fresh.push(k);
  }
  const freed = new Set(st.rows.values());
  for (const k of fresh) {
    const r = st.list[k - lo];
    if (r && freed.has(r)) {
      freed.delete(r);
      rows[k - lo] = r;
    }
  }
  st.free.push(...freed);
  for (const k of fresh) {
    let r = rows[k - lo];
    if (!r) {
      r = st.free.pop();
      if (!r) {
        r = newRow(doc);
        if (st.ro) st.ro.observe(r.li);
      }
      rows[k - lo] = r;
    }
    logRow(r, items.item(order[k]), colorOf, opts);
    keep.set(items.key(order[k]), r);
  }
  if (st.free.length > FREE_ROWS) st.free.length = FREE_ROWS;
  st.list = rows;
  const lis = new Array(hi - lo);
  for (let k = lo; k < hi; k++) {
    const r = rows[k - lo];
    r.li.classList.toggle("now", items.step(order[k]) === currentStep);
    r.li.classList.toggle("first", first[k]);
    lis[k - lo] = r.li;
  }
  st.rows = keep;
  st.top.style.height = `${Math.round(lo * st.rowH)}px`;
  st.bottom.style.height = `${Math.round((order.length - hi) * st.rowH)}px`;
  const want = [st.top, ...lis, st.bottom];
  let cur = el2.firstChild;
  for (const node of want) {
    if (cur === node) {
      cur = cur.nextSibling;
      continue;
    }
    el2.insertBefore(node, cur);
  }
  while (cur) {
    const next = cur.nextSibling;
    cur.remove();
    cur = next;
  }
}
var FREE_ROWS = 64;
function newRow(doc) {
  const li = doc.createElement("li");
  const step = doc.createElement("span");
  step.className = "log-step";
  const dot = doc.createElement("span");
  dot.className = "log-dot";
  dot.setAttribute("aria-hidden", "true");
  const text = doc.createElement("span");
  text.className = "log-text";
  li.append(step, dot, text);
  return { li, step, dot, text };
}
function logRow(r, it, colorOf, opts) {
  const li = r.li;
  li.dataset.step = String(it.step);
  li.dataset.kind = it.kind;
  li.classList.toggle("prob", PROBLEMS.has(it.kind));
  const prefix = opts.prefix ? opts.prefix(it) : t("log.step", { n: it.step });
  setText(r.step, prefix);
  r.dot.style.background = it.pid ? colorOf(it.pid) : "transparent";
  setText(r.text, sep(prefix) + (opts.sentence || sentence)(it));
}
function setText(e, text) {
  if (e.firstChild && e.firstChild === e.lastChild && e.firstChild.nodeType === 3) e.firstChild.data = text;
  else e.textContent = text;
}

// js/colstore.js
var MAX_COLUMNS = 1200;
var stores2 = 0;
var MAX_KINDS = 65535;
var ColumnStore = class _ColumnStore {
  // max is the number of columns kept (the newest ones).
  constructor(max = MAX_COLUMNS) {
    this.max = Math.max(1, Math.floor(max));
    this.cap = 0;
    this.head = 0;
    this.n = 0;
    this.serial0 = 0;
    this.base = stores2++ % (1 << 20) * 2 ** 32;
    this.steps = new Int32Array(0);
    this.ncpu = 0;
    this.cpuN = new Uint8Array(0);
    this.cpuPid = new Uint16Array(0);
    this.cpuKind = new Uint8Array(0);
    this.cpuKinds = [];
    this.cpuKindIds = /* @__PURE__ */ new Map();
    this.cpuCells = /* @__PURE__ */ new Map();
    this.width = 0;
    this.bits = 4;
    this.stride = 0;
    this.cells = new Uint8Array(0);
    this.baseRow = new Uint8Array(0);
    this.cellList = [void 0];
    this.cellIds = /* @__PURE__ */ new Map();
    this.plainIds = [/* @__PURE__ */ new Map(), /* @__PURE__ */ new Map()];
    this.lanePid = new Int32Array(0);
    this.laneLast = new Float64Array(0);
    this.laneOf = /* @__PURE__ */ new Map();
    this.free = [];
    this.arrived = /* @__PURE__ */ new Map();
  }
  get length() {
    return this.n;
  }
  slot(i) {
    const p = this.head + i;
    return p >= this.cap ? p - this.cap : p;
  }
  // step is column i's step.
  step(i) {
    return this.steps[this.slot(i)];
  }
  // cpuCount is the number of CPU cells of column i.
  cpuCount(i) {
    return this.cpuN[this.slot(i)];
  }
  // cpu is the cell of CPU c in column i (undefined past its cells).
  cpu(i, c) {
    const p = this.slot(i);
    if (c < 0 || c >= this.cpuN[p]) return void 0;
    return this.cpuCell(this.cpuPid[p * this.ncpu + c], this.cpuKind[p * this.ncpu + c]);
  }
  cpuCell(pid, kind) {
    const key = pid * 65536 + kind;
    let cell = this.cpuCells.get(key);
    if (!cell) {
      const k = this.cpuKinds[kind];
      const c = k.sw ? { pid, kernel: false, sw: true } : { pid, kernel: k.kernel };
      if (k.sys !== void 0) c.sys = k.sys;
      if (k.vdso !== void 0) c.vdso = k.vdso;
      cell = Object.freeze(c);
      if (this.cpuCells.size >= 4096) this.cpuCells.clear();
      this.cpuCells.set(key, cell);
    }
    return cell;
  }
  // task is the cell of task pid in column i (undefined: none).
  task(i, pid) {
    const lane = this.laneOf.get(pid);
    if (lane === void 0) return void 0;
    return this.cellList[this.cellAt(this.slot(i), lane)];
  }
  // readCell is the cell index of lane in the row of cells that starts at
  // element at of arr (two lanes a byte while bits is 4).
  readCell(arr, at, lane) {
    if (this.bits !== 4) return arr[at + lane];
    const b = arr[at + (lane >> 1)];
    return lane & 1 ? b >> 4 : b & 15;
  }
  // writeCell sets the cell index of lane in the row of cells that starts
  // at element at of arr.
  writeCell(arr, at, lane, id) {
    if (this.bits !== 4) {
      arr[at + lane] = id;
      return;
    }
    const i = at + (lane >> 1);
    const b = arr[i];
    arr[i] = lane & 1 ? b & 15 | id << 4 : b & 240 | id;
  }
  // cellAt is the cell index of lane in slot p.
  cellAt(p, lane) {
    return this.readCell(this.cells, p * this.stride, lane);
  }
  // baseAt is the cell index of lane in the base row.
  baseAt(lane) {
    return this.readCell(this.baseRow, 0, lane);
  }
  // lastSerial is the newest serial with a cell in lane, or one above it
  // (a lane with a base cell: the newest column's).
  lastSerial(lane) {
    return this.baseAt(lane) ? this.serial0 + Math.max(0, this.n - 1) : this.laneLast[lane];
  }
  // putCell sets the cell index of lane in slot p.
  putCell(p, lane, id) {
    this.writeCell(this.cells, p * this.stride, lane, id);
  }
  // pids lists the PIDs with a cell in some column lo..hi-1.
  pids(lo, hi) {
    const out = [];
    lo = Math.max(0, lo);
    hi = Math.min(this.n, hi);
    if (lo >= hi) return out;
    const oldest = this.serial0 + lo;
    for (const [pid, lane] of this.laneOf) {
      if (this.lastSerial(lane) < oldest) continue;
      for (let i = lo; i < hi; i++) {
        if (this.cellAt(this.slot(i), lane)) {
          out.push(pid);
          break;
        }
      }
    }
    return out;
  }
  // key is an identity of column i: the same number while the column is
  // kept, another for any other column of any store.
  key(i) {
    return this.base + this.serial0 + i;
  }
  // column builds column i as an object {step, cpu, task, arrived?}.
  column(i) {
    const p = this.slot(i);
    const cpu = [];
    for (let c = 0; c < this.cpuN[p]; c++) cpu.push(this.cpuCell(this.cpuPid[p * this.ncpu + c], this.cpuKind[p * this.ncpu + c]));
    const task = {};
    for (const [pid, lane] of this.laneOf) {
      const id = this.cellAt(p, lane);
      if (id) task[pid] = this.cellList[id];
    }
    const col = { step: this.steps[p], cpu, task };
    const arrived = this.arrived.get(this.serial0 + i);
    if (arrived) col.arrived = arrived;
    return col;
  }
  // last is the newest column as an object, or null.
  last() {
    return this.n ? this.column(this.n - 1) : null;
  }
  toArray() {
    const out = [];
    for (let i = 0; i < this.n; i++) out.push(this.column(i));
    return out;
  }
  toJSON() {
    return this.toArray();
  }
  // begin adds a column for step as the newest, empty or, fromBase, a copy
  // of the base row (setBase); the oldest goes when the window is full. The
  // set* methods fill it.
  begin(step, fromBase = false) {
    if (this.n === this.max) {
      this.arrived.delete(this.serial0);
      this.head = this.slot(1);
      this.n--;
      this.serial0++;
    } else if (this.n === this.cap) {
      this.resize(Math.min(this.max, Math.max(16, this.cap * 2)), this.ncpu, this.width);
    }
    const p = this.slot(this.n);
    this.n++;
    this.steps[p] = step;
    this.cpuN[p] = 0;
    if (fromBase) this.cells.set(this.baseRow, p * this.stride);
    else this.cells.fill(0, p * this.stride, (p + 1) * this.stride);
  }
  // setBase sets task pid's cell in the base row to cell index id
  // (taskCell); 0: none. The columns begun from the base row after it have
  // it, under the cells set in them.
  setBase(pid, id) {
    let lane = this.laneOf.get(pid);
    if (lane === void 0) {
      if (!id) return;
      lane = this.lane(pid);
    }
    const old = this.baseAt(lane);
    if (old === id) return;
    if (old && this.n) this.laneLast[lane] = Math.max(this.laneLast[lane], this.serial0 + this.n - 1);
    this.writeCell(this.baseRow, 0, lane, id);
  }
  // setCpu sets the newest column's cell of CPU c: {pid, kernel, sw?, sys?,
  // vdso?}. The CPUs before c without a cell get an idle one.
  setCpu(c, cell) {
    if (c >= this.ncpu) this.resize(this.cap, Math.max(c + 1, 4), this.width);
    const p = this.slot(this.n - 1);
    const sw = !!cell.sw;
    const kernel = sw ? false : !!cell.kernel;
    const key = `${kernel ? 1 : 0}|${sw ? 1 : 0}|${cell.sys === void 0 ? "\0" : cell.sys}|${cell.vdso === void 0 ? "\0" : cell.vdso}`;
    let kind = this.cpuKindIds.get(key);
    if (kind === void 0) {
      if (this.cpuKinds.length >= MAX_KINDS) throw new RangeError(`a timeline cannot name more than ${MAX_KINDS} kinds of CPU cell`);
      kind = this.cpuKinds.length;
      this.cpuKinds.push({ kernel, sw, sys: cell.sys, vdso: cell.vdso });
      this.cpuKindIds.set(key, kind);
    }
    while (this.cpuN[p] < c) this.setCpu(this.cpuN[p], { pid: 0, kernel: false });
    const pid = cell.pid || 0;
    if ((pid < 0 || pid > 65535 || pid !== Math.floor(pid)) && this.cpuPid instanceof Uint16Array) this.cpuPid = Int32Array.from(this.cpuPid);
    if (kind > 255 && this.cpuKind instanceof Uint8Array) this.cpuKind = Uint16Array.from(this.cpuKind);
    this.cpuPid[p * this.ncpu + c] = pid;
    this.cpuKind[p * this.ncpu + c] = kind;
    if (this.cpuN[p] <= c) this.cpuN[p] = c + 1;
  }
  // taskCell is the index of the task cell {s, k, w?, spin?, sw?} (the
  // same object for equal cells), for setTask; w and spin name a sync
  // object ("lock:3"), empty for none.
  taskCell(s, k, w = "", spin = "", sw = false) {
    if (!w && !spin && !sw) {
      const by = this.plainIds[k ? 1 : 0];
      const id2 = by.get(s);
      if (id2 !== void 0) return id2;
      const nid2 = this.addCell({ s, k: !!k });
      by.set(s, nid2);
      return nid2;
    }
    const key = `${s}|${k ? 1 : 0}|${w}|${spin}|${sw ? 1 : 0}`;
    const id = this.cellIds.get(key);
    if (id !== void 0) return id;
    const cell = { s, k: !!k };
    if (w) cell.w = w;
    if (spin) cell.spin = spin;
    if (sw) cell.sw = true;
    const nid = this.addCell(cell);
    this.cellIds.set(key, nid);
    return nid;
  }
  addCell(cell) {
    if (this.cellList.length > MAX_KINDS) throw new RangeError(`a timeline cannot name more than ${MAX_KINDS} kinds of task cell`);
    this.cellList.push(Object.freeze(cell));
    const id = this.cellList.length - 1;
    if (id >= 1 << this.bits) this.widen(this.bits === 4 ? 8 : 16);
    return id;
  }
  // widen stores the cells in bits bits (8 or 16) from now on.
  widen(bits) {
    const cells = bits === 8 ? new Uint8Array(this.cap * this.width) : new Uint16Array(this.cap * this.width);
    for (let p = 0; p < this.cap; p++) for (let l = 0; l < this.width; l++) cells[p * this.width + l] = this.cellAt(p, l);
    const baseRow = new cells.constructor(this.width);
    for (let l = 0; l < this.width; l++) baseRow[l] = this.baseAt(l);
    this.cells = cells;
    this.baseRow = baseRow;
    this.bits = bits;
    this.stride = this.width;
  }
  // setTask sets task pid's cell in the newest column to cell index id
  // (taskCell); 0 removes it.
  setTask(pid, id) {
    let lane = this.laneOf.get(pid);
    if (lane === void 0) {
      if (!id) return;
      lane = this.lane(pid);
    }
    this.putCell(this.slot(this.n - 1), lane, id);
    if (id) this.laneLast[lane] = this.serial0 + this.n - 1;
  }
  // setArrived records the tasks that arrived in the newest column's step
  // (pid -> program index).
  setArrived(arrived) {
    this.arrived.set(this.serial0 + this.n - 1, arrived);
  }
  // reserve makes room for k more tasks' lanes: the lanes of tasks with
  // no cell left in the window are freed, and the lanes grow (by k, and
  // by at least an eighth) when that is not enough.
  reserve(k) {
    if (this.free.length >= k) return;
    for (const [q, l] of this.laneOf) {
      if (this.lastSerial(l) < this.serial0) {
        this.laneOf.delete(q);
        this.lanePid[l] = -1;
        this.free.push(l);
      }
    }
    if (this.free.length >= k) return;
    const w = this.width;
    this.resize(this.cap, this.ncpu, w + Math.max(k - this.free.length, Math.ceil(w / 8)));
  }
  // lane gives task pid a lane (reserve: a free one).
  lane(pid) {
    this.reserve(1);
    const lane = this.free.pop();
    this.laneOf.set(pid, lane);
    this.lanePid[lane] = pid;
    this.laneLast[lane] = -1;
    return lane;
  }
  // resize reallocates the arrays for cap columns, ncpu CPUs and width
  // lanes, keeping the columns (column 0 moves to slot 0).
  resize(cap, ncpu, width) {
    const steps = new Int32Array(cap);
    const cpuN = new Uint8Array(cap);
    const cpuPid = new this.cpuPid.constructor(cap * ncpu);
    const cpuKind = new this.cpuKind.constructor(cap * ncpu);
    const stride = this.bits === 4 ? width + 1 >> 1 : width;
    const cells = new this.cells.constructor(cap * stride);
    const baseRow = new this.cells.constructor(stride);
    baseRow.set(this.baseRow);
    for (let i = 0; i < this.n; i++) {
      const p = this.slot(i);
      steps[i] = this.steps[p];
      cpuN[i] = this.cpuN[p];
      cpuPid.set(this.cpuPid.subarray(p * this.ncpu, (p + 1) * this.ncpu), i * ncpu);
      cpuKind.set(this.cpuKind.subarray(p * this.ncpu, (p + 1) * this.ncpu), i * ncpu);
      cells.set(this.cells.subarray(p * this.stride, (p + 1) * this.stride), i * stride);
    }
    if (width > this.width) {
      const lanePid = new Int32Array(width).fill(-1);
      lanePid.set(this.lanePid);
      const laneLast = new Float64Array(width);
      laneLast.set(this.laneLast);
      for (let l = width - 1; l >= this.width; l--) this.free.push(l);
      this.lanePid = lanePid;
      this.laneLast = laneLast;
    }
    Object.assign(this, { cap, ncpu, width, stride, head: 0, steps, cpuN, cpuPid, cpuKind, cells, baseRow });
  }
  // push adds a column object as the newest (as the fold makes them).
  push(col) {
    this.begin(col.step);
    (col.cpu || []).forEach((cell, c) => this.setCpu(c, cell || { pid: 0, kernel: false }));
    for (const k of Object.keys(col.task || {})) {
      const x = col.task[k];
      this.setTask(Number(k), this.taskCell(x.s, x.k, x.w || "", x.spin || "", !!x.sw));
    }
    if (col.arrived) this.setArrived(col.arrived);
  }
  // clone is a copy that shares nothing a change to either would change
  // (its keys are its own: a timeline's hints do not carry over).
  clone() {
    const c = new _ColumnStore(this.max);
    for (const k of ["cap", "head", "n", "serial0", "ncpu", "width", "bits", "stride"]) c[k] = this[k];
    for (const k of ["steps", "cpuN", "cpuPid", "cpuKind", "cells", "baseRow", "lanePid", "laneLast"]) c[k] = this[k].slice();
    c.cpuKinds = this.cpuKinds.slice();
    c.cpuKindIds = new Map(this.cpuKindIds);
    c.cellList = this.cellList.slice();
    c.cellIds = new Map(this.cellIds);
    c.plainIds = this.plainIds.map((m) => new Map(m));
    c.laneOf = new Map(this.laneOf);
    c.free = this.free.slice();
    c.arrived = new Map(this.arrived);
    return c;
  }
};
var ArrayColumns = class {
  constructor(cols) {
    this.cols = cols;
  }
  get length() {
    return this.cols.length;
  }
  step(i) {
    return this.cols[i].step;
  }
  cpuCount(i) {
    return (this.cols[i].cpu || []).length;
  }
  cpu(i, c) {
    return (this.cols[i].cpu || [])[c];
  }
  task(i, pid) {
    const t2 = this.cols[i].task;
    return t2 ? t2[pid] : void 0;
  }
  pids(lo, hi) {
    const set = /* @__PURE__ */ new Set();
    for (let i = Math.max(0, lo); i < Math.min(this.cols.length, hi); i++) for (const k in this.cols[i].task) set.add(Number(k));
    return [...set];
  }
  key(i) {
    return this.cols[i];
  }
  column(i) {
    return this.cols[i];
  }
  last() {
    return this.cols.length ? this.cols[this.cols.length - 1] : null;
  }
  toArray() {
    return this.cols.slice();
  }
};
function columnsOf(x) {
  if (x instanceof ColumnStore || x instanceof ArrayColumns) return x;
  return new ArrayColumns(Array.isArray(x) ? x : []);
}

// js/fold.js
var MAX_OUTPUT = 2e3;
function emptyView() {
  return {
    step: 0,
    total: 0,
    baseStep: 0,
    tasks: [],
    cpus: [],
    columns: new ColumnStore(),
    log: new LogStore(),
    transitions: [],
    ran: [],
    prev: null,
    // The shown step's column ({step, cpu, arrived?}: its CPU cells) and
    // log items, as the fold made them (the narration's; lastColumn null
    // when no step was folded).
    lastColumn: null,
    stepItems: [],
    names: {},
    parents: {},
    tgids: {},
    states: {},
    modes: {},
    order: {},
    seq: 0,
    occ: [],
    vars: [],
    objects: [],
    decision: null,
    written: [],
    waits: {},
    held: {},
    switchLeft: {},
    // cpu -> ticks it still spends switching (switch cost)
    // The PIDs whose state or wait changed since the last timeline column
    // (their base cells are out of date: baseCells); null: every task's.
    changed: null,
    output: [],
    outputOmitted: 0
    // a Go program's output lines up to step (output.js)
  };
}
var SYNC_CAUSES = /* @__PURE__ */ new Set(["lock", "sem", "cond", "chan", "waitgroup", "once"]);
function seedMaps(v, tasks, cpus) {
  for (const t2 of tasks || []) {
    v.names[t2.pid] = t2.name;
    v.parents[t2.pid] = t2.ppid;
    const g = t2.tgid || t2.pid;
    if (v.tgids[t2.pid] !== g) {
      v.tgids[t2.pid] = g;
      v.groupSizes = null;
    }
    if (v.states[t2.pid] !== t2.state) v.order[t2.pid] = v.seq++;
    setState(v, t2.pid, t2.state);
    v.modes[t2.pid] = t2.mode || "user";
  }
  v.occ = (cpus || []).slice();
}
function setState(v, pid, s) {
  if (!(pid in v.states)) v.pids = null;
  if (v.states[pid] !== s && v.changed) v.changed.add(pid);
  v.states[pid] = s;
}
function statePids(v) {
  if (!v.pids) v.pids = Object.keys(v.states).map(Number);
  return v.pids;
}
function copyView(v) {
  return {
    ...v,
    names: { ...v.names },
    parents: { ...v.parents },
    tgids: { ...v.tgids || {} },
    states: { ...v.states },
    modes: { ...v.modes },
    order: { ...v.order },
    occ: v.occ.slice(),
    waits: { ...v.waits },
    held: { ...v.held },
    switchLeft: { ...v.switchLeft || {} },
    traps: { ...v.traps || {} },
    groupSizes: null,
    // folding changes the groups' sizes in place: the copy counts its own
    changed: v.changed ? new Set(v.changed) : null,
    columns: v.columns.clone(),
    log: v.log.clone()
    // the output array is replaced, never changed, when a step prints
  };
}
var FULL = 0;
var QUICK = 1;
var QUICK_ITEMS = 2;
function foldStep(v, k, events, programs, decl, keep = FULL) {
  let oldParents = null;
  let oldHeld = null;
  const setParent = (pid, ppid) => {
    oldParents ||= /* @__PURE__ */ new Map();
    if (!oldParents.has(pid)) oldParents.set(pid, v.parents[pid]);
    v.parents[pid] = ppid;
  };
  const keepHeld = (obj) => {
    oldHeld ||= /* @__PURE__ */ new Map();
    if (!oldHeld.has(obj)) oldHeld.set(obj, v.held[obj]);
  };
  const spun = /* @__PURE__ */ new Map();
  const vdso = /* @__PURE__ */ new Map();
  const written = [];
  const ran = v.occ.slice();
  const switched = {};
  const transitions = [];
  const arrived = {};
  for (const e of events) {
    switch (e.kind) {
      case "created":
        if (programs && programs[e.value ?? 0]) v.names[e.pid] = programs[e.value ?? 0].name;
        if (e.cause === "arrival") arrived[e.pid] = e.value ?? 0;
        v.tgids = v.tgids || {};
        const joins = e.cause === "clone" || e.cause === "go";
        const g = joins ? v.tgids[e.other] || e.other : e.pid;
        if (v.tgids[e.pid] !== g) {
          const sizes = v.groupSizes;
          if (sizes) {
            const old = v.tgids[e.pid];
            if (old !== void 0) sizes.set(old, sizes.get(old) - 1);
            sizes.set(g, (sizes.get(g) || 0) + 1);
          }
          v.tgids[e.pid] = g;
        }
        setParent(e.pid, joins ? v.parents[e.other] ?? 0 : e.other || 0);
        setState(v, e.pid, "none");
        v.modes[e.pid] = "user";
        break;
      case "exec":
        if (programs && programs[e.value ?? 0]) v.names[e.pid] = programs[e.value ?? 0].name;
        break;
      case "reparented":
        setParent(e.pid, e.other || 1);
        break;
      case "switch":
        if (e.cpu !== void 0 && e.cpu !== null) {
          switched[e.cpu] = e.pid || 0;
          v.occ[e.cpu] = e.pid || 0;
          (v.switchLeft ||= {})[e.cpu] = e.value || 0;
        }
        break;
      case "mode":
        v.modes[e.pid] = e.value ? "kernel" : "user";
        if (!e.value && v.traps) delete v.traps[e.pid];
        break;
      case "syscall":
        (v.traps ||= {})[e.pid] = e.syscall || "";
        break;
      case "vdso":
        vdso.set(e.pid, e.syscall || "");
        break;
      case "spin":
        spun.set(e.pid, e.obj || 0);
        break;
      case "write":
        written.push({ obj: e.obj || 0, pid: e.pid, value: e.value ?? 0, old: e.arg ?? 0 });
        break;
      case "lock_acquire":
        keepHeld(e.obj || 0);
        v.held[e.obj || 0] = { pid: e.pid, step: k };
        break;
      case "lock_release":
        keepHeld(e.obj || 0);
        delete v.held[e.obj || 0];
        break;
      case "state": {
        const from = e.from || v.states[e.pid] || "none";
        setState(v, e.pid, e.to);
        if (e.to === "sleeping" && SYNC_CAUSES.has(e.cause)) v.waits[e.pid] = { cause: e.cause, obj: e.obj || 0, other: e.other || 0 };
        else delete v.waits[e.pid];
        if (v.changed) v.changed.add(e.pid);
        v.order[e.pid] = v.seq++;
        transitions.push({ pid: e.pid, from, to: e.to, cause: e.cause || "", cpu: e.cpu ?? -1 });
        if (e.to === "running" && e.cpu !== void 0 && e.cpu !== null) v.occ[e.cpu] = e.pid;
        if (from === "running" && e.to !== "running") {
          const c = e.cpu ?? v.occ.indexOf(e.pid);
          if (c >= 0 && v.occ[c] === e.pid) v.occ[c] = 0;
        }
        break;
      }
    }
  }
  const cpuCells = [];
  const ranPids = /* @__PURE__ */ new Map();
  const switching = /* @__PURE__ */ new Set();
  const n = Math.max(ran.length, v.occ.length);
  for (let c = 0; c < n; c++) {
    const pid = c in switched ? switched[c] : ran[c] || 0;
    const kernel = pid ? v.modes[pid] === "kernel" : false;
    const left = (v.switchLeft || {})[c] || 0;
    if (pid && left > 0) {
      cpuCells.push({ pid, kernel: false, sw: true });
      switching.add(pid);
      v.switchLeft[c] = left - 1;
      continue;
    }
    const cell = { pid, kernel };
    if (pid && kernel && v.traps && v.traps[pid]) cell.sys = v.traps[pid];
    if (pid && !kernel && vdso.has(pid)) cell.vdso = vdso.get(pid);
    cpuCells.push(cell);
    if (pid) ranPids.set(pid, kernel);
  }
  const column = { step: k, cpu: cpuCells };
  const hasArrived = Object.keys(arrived).length > 0;
  if (hasArrived) column.arrived = arrived;
  if (keep !== FULL) {
    const items2 = keep === QUICK_ITEMS ? describe(v, events, programs, decl, oldParents, oldHeld) : [];
    return { column, items: items2, transitions, written };
  }
  const cols = v.columns;
  baseCells(v, cols);
  cols.begin(k, true);
  cpuCells.forEach((cell, c) => cols.setCpu(c, cell));
  for (const tr of transitions) if (v.states[tr.pid] === "dead") cols.setTask(tr.pid, cols.taskCell("dead", false));
  for (const [pid, kernel] of ranPids) {
    if (pid in v.states) cols.setTask(pid, spun.has(pid) ? cols.taskCell("running", kernel, "", `lock:${spun.get(pid)}`) : cols.taskCell("running", kernel));
  }
  for (const pid of switching) if (pid in v.states) cols.setTask(pid, cols.taskCell("running", false, "", "", true));
  if (hasArrived) cols.setArrived(arrived);
  const items = describe(v, events, programs, decl, oldParents, oldHeld);
  return { column, items, transitions, written };
}
function describe(v, events, programs, decl, oldParents, oldHeld) {
  const sc = stepContext(v, programs, decl);
  sc.oldParents = oldParents;
  sc.oldHeld = oldHeld;
  const items = describeEvents(events, sc.ctx);
  sc.oldParents = sc.oldHeld = null;
  return items;
}
function baseCells(v, cols) {
  const cellOf = (pid) => {
    const s = v.states[pid];
    if (s === "none" || s === "dead" || s === void 0) return 0;
    const w = s === "sleeping" ? v.waits[pid] : void 0;
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
  v.changed = /* @__PURE__ */ new Set();
}
var contexts = /* @__PURE__ */ new WeakMap();
function stepContext(v, programs, decl) {
  const jobs = !!v.jobs;
  let sc = contexts.get(v);
  if (sc && sc.programs === programs && sc.decl === decl && sc.ipc === v.ipc && sc.jobs === jobs && sc.go === !!v.go) return sc;
  sc = { programs, decl, ipc: v.ipc, jobs, go: !!v.go, oldParents: null, oldHeld: null, ctx: null };
  const rec = sc;
  sc.ctx = declContext(decl, {
    name: (pid) => v.names[pid],
    parent: (pid) => (rec.oldParents && rec.oldParents.has(pid) ? rec.oldParents.get(pid) : v.parents[pid]) ?? v.parents[pid] ?? 0,
    tgid: (pid) => v.tgids && v.tgids[pid] || pid,
    threaded: (pid) => threaded(v, pid),
    hasChildren: (pid) => hasChildren(v, pid),
    jobs,
    // log.js names a job by its name alone
    go: !!v.go,
    // a Go program: log.js names goroutines as goroutines, not threads
    program: (i) => programs && programs[i] ? programs[i].name : void 0,
    heldSince: (obj) => {
      const h = rec.oldHeld && rec.oldHeld.has(obj) ? rec.oldHeld.get(obj) : v.held[obj];
      return h ? h.step : void 0;
    },
    ...ipcNames(v)
    // sockName, segName, sock (ipc-model.js)
  });
  contexts.set(v, sc);
  return sc;
}
function hasChildren(v, pid) {
  for (const c in v.parents) {
    const k = Number(c);
    if (k !== pid && v.parents[c] === pid && v.states[c] && v.states[c] !== "dead" && (v.tgids && v.tgids[c] || k) === k) return true;
  }
  return false;
}
function threaded(v, pid) {
  if (!v.tgids) return false;
  const g = v.tgids;
  const tgid = g[pid] || pid;
  if (tgid !== pid) return true;
  if (!v.groupSizes) {
    v.groupSizes = /* @__PURE__ */ new Map();
    for (const k of Object.keys(g)) v.groupSizes.set(g[k], (v.groupSizes.get(g[k]) || 0) + 1);
  }
  return (v.groupSizes.get(pid) || 0) > 1;
}
function taskTag(v, pid) {
  if (v && v.jobs && v.names && v.names[pid]) return v.names[pid];
  if (!v || !threaded(v, pid)) return `P${pid}`;
  return v.go ? `G${pid}` : `TID ${pid}`;
}
function declContext(decl, ctx) {
  const d = decl || {};
  return {
    ...ctx,
    varName: (i) => d.vars && d.vars[i] ? d.vars[i].name : `#${i}`,
    objName: (i) => d.objects && d.objects[i] ? d.objects[i].name : `#${i}`,
    objKind: (i) => d.objects && d.objects[i] ? d.objects[i].kind : "",
    ipcName: (i) => d.pipes && d.pipes[i] ? d.pipes[i].name : `#${i}`,
    // pipes, FIFOs, queues (ipc-pipe.js)
    ipcKind: (i) => d.pipes && d.pipes[i] ? d.pipes[i].kind : "",
    expect: (i) => d.expects && d.expects[i] !== void 0 ? d.expects[i] : "",
    lineText: (line) => lineText(d.programs, line),
    // wchan names the wait channel of a change to state `to` for cause
    // (the loaded message's wchans: "STATE:CAUSE", or "STATE:" for a stop).
    wchan: (to, cause) => d.wchans ? d.wchans[`${to}:${cause}`] || d.wchans[`${to}:`] || "" : ""
  };
}
function lineText(programs, line) {
  for (const p of programs || []) for (const c of p.code || []) if (c.line === line) return c.text;
  return "";
}
function settleShared(v, msg, written) {
  v.vars = Array.isArray(msg.vars) ? msg.vars.slice() : [];
  v.objects = Array.isArray(msg.objects) ? msg.objects : [];
  v.decision = msg.decision || null;
  v.pipes = Array.isArray(msg.pipes) ? msg.pipes : [];
  v.written = written || [];
  v.memory = msg.memory || null;
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
  const m = /* @__PURE__ */ new Map();
  for (const e of events || []) {
    if (!m.has(e.step)) m.set(e.step, []);
    m.get(e.step).push(e);
  }
  return m;
}
function ranOf(column, prevTasks, programs) {
  if (!column || !Array.isArray(prevTasks)) return [];
  const before = /* @__PURE__ */ new Map();
  for (const cell of column.cpu) if (cell && cell.pid && !cell.sw) before.set(cell.pid, void 0);
  if (!before.size) return [];
  for (const t2 of prevTasks) if (before.has(t2.pid)) before.set(t2.pid, t2);
  const out = [];
  column.cpu.forEach((cell, cpu) => {
    if (!cell || !cell.pid || cell.sw) return;
    let t2 = before.get(cell.pid);
    const arrived = column.arrived && column.arrived[cell.pid];
    if (!t2 && arrived !== void 0 && programs && programs[arrived] && (programs[arrived].code || []).length) {
      const first = programs[arrived].code[0];
      t2 = { program: arrived, line: first.line, pc: first.index ?? 0 };
    }
    if (!t2 || !(t2.program >= 0) || !t2.line) return;
    out.push({ pid: cell.pid, cpu, kernel: !!cell.kernel, program: t2.program, line: t2.line, pc: t2.pc ?? -1 });
  });
  return out;
}
function prevTasksOf(msg, base) {
  if (Array.isArray(msg.prev) && msg.prev.length) return msg.prev;
  if (base && !base.slim && (base.step ?? 0) === msg.step - 1) return base.tasks;
  return null;
}
function sizeStores(v, msg, base, byStep, resize = true) {
  let lanes = Array.isArray(base.tasks) ? base.tasks.length : 0;
  for (const events of byStep.values()) {
    for (const e of events) {
      if (e.kind !== "created" || !(e.step > v.baseStep && e.step <= msg.step)) continue;
      lanes++;
      if (!(e.pid in v.states)) setState(v, e.pid, "none");
    }
  }
  const steps = Math.min(v.columns.max, Math.max(0, (msg.step ?? 0) - v.baseStep));
  if (!steps || !resize) return;
  const ncpu = Math.max(4, Array.isArray(base.cpus) ? base.cpus.length : 0, Array.isArray(msg.cpus) ? msg.cpus.length : 0);
  v.columns.resize(Math.max(16, steps), ncpu, lanes);
}
function pushNewest(log, lists, count) {
  let skip = Math.max(0, count - log.max);
  if (log.reserve) log.reserve(count - skip);
  for (const items of lists) {
    if (skip >= items.length) {
      skip -= items.length;
      continue;
    }
    for (let j = skip; j < items.length; j++) log.push(items[j]);
    skip = 0;
  }
}
function fromSnapshot(msg, programs, decl, opts) {
  const quick = !!(opts && opts.quick);
  const v = emptyView();
  v.jobs = !!(decl && decl.jobs);
  v.go = !!(decl && decl.go);
  v.ipc = ipcOf(msg);
  const base = msg.base || { step: msg.step, tasks: msg.tasks, cpus: msg.cpus };
  v.baseStep = base.step ?? 0;
  v.total = msg.total ?? 0;
  seedMaps(v, base.tasks, base.cpus);
  v.cpus = (base.cpus || []).slice();
  const byStep = groupByStep(msg.events);
  sizeStores(v, msg, base, byStep, !quick);
  let written = [];
  let last = null;
  const said = [];
  let kept = 0;
  for (let k = v.baseStep + 1; k <= msg.step; k++) {
    const keep = !quick ? FULL : k === msg.step ? QUICK_ITEMS : QUICK;
    const r = foldStep(v, k, byStep.get(k) || [], programs, decl, keep);
    if (!quick && r.items.length) {
      said.push(r.items);
      kept += r.items.length;
    }
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
  v.prev = shown ? prevTasksOf(msg, base) : null;
  v.lastColumn = shown ? last.column : null;
  v.stepItems = shown ? last.items : [];
  if (quick) deferWindow(v, msg, programs, decl);
  return v;
}
var WINDOW_FIELDS = ["columns", "log", "changed"];
function deferWindow(v, msg, programs, decl) {
  const pending = { msg, programs, decl, whole: null };
  for (const key of WINDOW_FIELDS) {
    Object.defineProperty(v, key, {
      configurable: true,
      enumerable: true,
      get() {
        return settleWindow(this, pending)[key];
      },
      set(x) {
        settleWindow(this, pending)[key] = x;
      }
    });
  }
}
var foldCounts = { windows: 0 };
function settleWindow(v, pending) {
  if (!pending.whole) {
    foldCounts.windows++;
    pending.whole = fromSnapshot(pending.msg, pending.programs, pending.decl);
    pending.msg = null;
  }
  for (const key of WINDOW_FIELDS) Object.defineProperty(v, key, { value: pending.whole[key], writable: true, enumerable: true, configurable: true });
  return v;
}
function settleView(v) {
  if (v) void v.columns;
}
function windowOf(v) {
  const d = v ? Object.getOwnPropertyDescriptor(v, "columns") : void 0;
  return d && d.get ? d.get : null;
}
function keepWindow(v, fields) {
  return Object.assign(Object.defineProperties({}, Object.getOwnPropertyDescriptors(v)), fields);
}
function foldEvents(v, msg, programs, decl) {
  v.ipc = ipcOf(msg, v.ipc);
  const before = v.tasks;
  const follows = v.step === msg.step - 1;
  const r = foldStep(v, msg.step, msg.events || [], programs, decl);
  for (const it of r.items) v.log.push(it);
  v.lastColumn = r.column;
  v.stepItems = r.items;
  v.transitions = r.transitions;
  v.ran = follows ? ranOf(r.column, before, programs) : [];
  v.prev = follows ? before : null;
  v.total = Math.max(v.total, msg.total ?? 0, msg.step);
  settle(v, msg.tasks, msg.cpus, msg.step);
  settleShared(v, msg, r.written);
  if (Array.isArray(msg.output) && msg.output.length) {
    v.output = (v.output || []).concat(msg.output);
    trimOutput(v);
  }
  return v;
}
function applyEvents(v, msg, programs, decl) {
  return foldEvents(copyView(v), msg, programs, decl);
}
function trimOutput(v) {
  const extra = v.output.length - MAX_OUTPUT;
  if (extra > 0) {
    v.output = v.output.slice(extra);
    v.outputOmitted = (v.outputOmitted || 0) + extra;
  }
}
function nodeOf(state) {
  return state === "none" ? "origin" : state;
}
function tokensByNode(v) {
  const out = {};
  const seen = /* @__PURE__ */ new Set();
  const add = (pid, state, task) => {
    const node = nodeOf(state);
    (out[node] ||= []).push({ pid, state, task });
    seen.add(pid);
  };
  for (const t2 of v.tasks) add(t2.pid, t2.state, t2);
  for (const key of Object.keys(v.states)) {
    const pid = Number(key);
    if (!seen.has(pid) && v.states[pid] === "dead") add(pid, "dead", { pid, name: v.names[pid], ppid: v.parents[pid], state: "dead", cpu: -1 });
  }
  for (const node of Object.keys(out)) out[node].sort((a, b) => (v.order[a.pid] ?? 0) - (v.order[b.pid] ?? 0) || a.pid - b.pid);
  return out;
}

// js/diagram.js
var SVG = "http://www.w3.org/2000/svg";
var W = 1200;
var H = 732;
var TOP = 8;
var CHIP_H = 36;
var GAP = 8;
var CHIP_MIN = 58;
var CHIP_MAX = 270;
var CHIP_PAD = 24;
var LINE = 24;
var HALO = 6;
var NODES = {
  traced: { x: 12, y: 22, w: 186, h: 122 },
  runnable: { x: 262, y: 142, w: 300, h: 242 },
  running: { x: 712, y: 118, w: 244, h: 292 },
  zombie: { x: 1010, y: 142, w: 182, h: 200 },
  disk: { x: 582, y: 484, w: 276, h: 140 },
  stopped: { x: 12, y: 470, w: 168, h: 212 },
  sleeping: { x: 282, y: 470, w: 240, h: 212 },
  dead: { x: 1010, y: 490, w: 182, h: 192 }
};
var ORIGIN = { cx: 500, cy: 50, r: 20 };
var ARROWS = [
  { from: "none", to: "runnable", d: "M500,72 L500,138", lx: 514, ly: 114, anchor: "start", key: "arrow.fork" },
  { from: "runnable", to: "running", d: "M564,196 L708,196", lx: 636, ly: 182, key: "arrow.dispatch" },
  { from: "running", to: "runnable", d: "M710,330 L566,330", lx: 638, ly: 358, key: "arrow.preempt", maxw: 140 },
  { from: "running", to: "sleeping", d: "M890,412 L890,634 Q890,664 860,664 L526,664", lx: 720, ly: 652, key: "arrow.block" },
  { from: "sleeping", to: "runnable", d: "M312,466 L312,388", lx: 324, ly: 428, anchor: "start", key: "arrow.wake", maxw: 100 },
  { from: "running", to: "disk", d: "M776,412 L776,480", lx: 764, ly: 436, anchor: "end", key: "arrow.disk", maxw: 170 },
  { from: "disk", to: "runnable", d: "M588,520 C548,520 536,460 536,388", lx: 524, ly: 446, anchor: "end", key: "arrow.diskdone" },
  { from: "runnable", to: "stopped", d: "M270,386 L170,466", lx: 226, ly: 420, anchor: "end", key: "arrow.stop" },
  { from: "stopped", to: "runnable", d: "M52,466 C52,380 150,270 258,270", lx: 96, ly: 346, anchor: "start", key: "arrow.cont" },
  { from: "sleeping", to: "stopped", d: "M280,584 L184,584", lx: 231, ly: 572, key: "arrow.stop", minor: true },
  { from: "running", to: "stopped", d: "M916,412 L916,700 Q916,716 900,716 L112,716 Q96,716 96,700 L96,688", lx: 402, ly: 707, key: "arrow.stop" },
  { from: "runnable", to: "traced", d: "M270,176 C236,176 210,170 196,148", lx: 250, ly: 214, anchor: "end", key: "arrow.trace", minor: true, maxw: 200 },
  { from: "running", to: "traced", d: "M820,116 C820,44 790,20 740,20 L228,20 C214,20 206,24 200,32", lx: 660, ly: 43, key: "arrow.trace", minor: true },
  { from: "traced", to: "runnable", d: "M202,66 C250,66 292,90 306,138", lx: 322, ly: 100, anchor: "start", key: "arrow.untrace", minor: true, maxw: 150 },
  { from: "running", to: "zombie", d: "M958,152 L1006,152", lx: 982, ly: 138, key: "arrow.exit" },
  { from: "zombie", to: "dead", d: "M1160,344 L1160,486", lx: 1148, ly: 430, anchor: "end", key: "arrow.reap" },
  { from: "running", to: "dead", d: "M958,400 L1006,544", lx: 990, ly: 474, anchor: "start", key: "arrow.autoreap", minor: true }
];
function el(name, attrs = {}, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (parent) parent.append(e);
  return e;
}
function measure(textEl, s, px) {
  const w = textEl.getComputedTextLength ? textEl.getComputedTextLength() : 0;
  return w > 0 ? w : textWidth(s, px);
}
function breakLines(s, maxw, fits) {
  if (fits(s) <= maxw) return [s];
  const words = /\s/.test(s) ? s.split(/(?<=\s)(?!·)/) : /[\u2e80-\uffff]/.test(s) ? [...s] : [s];
  const lines = [];
  let cur = "";
  for (const w of words) {
    if (cur && fits((cur + w).trimEnd()) > maxw) {
      lines.push(cur.trimEnd());
      cur = w.trimStart();
    } else cur += w;
  }
  if (cur.trim()) lines.push(cur.trimEnd());
  return lines;
}
function setLines(textEl, lines) {
  textEl.replaceChildren();
  const x = textEl.getAttribute("x");
  const spaced = lines.some((l) => /\s/.test(l)) || lines.every((l) => !/[\u2e80-\uffff]/.test(l));
  lines.forEach((l, i) => {
    const ts = el("tspan", { x, dy: i ? LINE : 0 }, textEl);
    ts.textContent = spaced && i < lines.length - 1 ? l + " " : l;
  });
}
function layoutFlow(box, widths) {
  const rows = [];
  let row = [], used = 0;
  for (let i = 0; i < widths.length; i++) {
    const w = Math.min(widths[i], box.w);
    if (row.length && used + GAP + w > box.w) {
      rows.push({ items: row, used });
      row = [];
      used = 0;
    }
    used += (row.length ? GAP : 0) + w;
    row.push(i);
  }
  if (row.length) rows.push({ items: row, used });
  const points = new Array(widths.length);
  const rowOf = new Array(widths.length);
  rows.forEach((r, ri) => {
    let x = box.x + (box.w - r.used) / 2;
    for (const i of r.items) {
      const w = Math.min(widths[i], box.w);
      points[i] = [x + w / 2, box.y + CHIP_H / 2 + ri * (CHIP_H + GAP)];
      rowOf[i] = ri;
      x += w + GAP;
    }
  });
  const fit = Math.max(1, Math.floor((box.h + GAP) / (CHIP_H + GAP)));
  return { points, rowOf, rows: rows.length, fit };
}
function contentBox(n, subLines = 1) {
  const top = n.y + 66 + (subLines - 1) * LINE + 14;
  return { x: n.x + 10, y: top, w: n.w - 20, h: n.y + n.h - 8 - top };
}
function cpuSlots(ncpu, subLines = 1) {
  const n = NODES.running;
  const top = n.y + 82 + (subLines - 1) * LINE;
  const box = { x: n.x + 10, y: top, w: n.w - 20, h: n.y + n.h - 8 - top };
  const cols = ncpu > 4 ? 2 : 1;
  const rows = Math.ceil(ncpu / cols);
  const gap = 8;
  const sw = (box.w - (cols - 1) * gap) / cols;
  const sh = Math.min(84, (box.h - (rows - 1) * gap) / rows);
  const out = [];
  for (let i = 0; i < ncpu; i++) {
    const c = i % cols, r = Math.floor(i / cols);
    out.push({ x: box.x + c * (sw + gap), y: box.y + r * (sh + gap), w: sw, h: sh });
  }
  return out;
}
var instances = 0;
var MIN_ANIM_MS = 60;
var GLIDE_MS = 320;
function boxRows({ rowOf, rows: laid, fit }, more, came, scroll) {
  const rows = more ? laid + 1 : laid;
  const shown = rows > fit ? Math.max(1, fit - 1) : rows;
  const maxScroll = Math.max(0, rows - shown);
  scroll = Math.min(scroll, maxScroll);
  if (came >= 0 && (rowOf[came] < scroll || rowOf[came] >= scroll + shown)) scroll = Math.min(maxScroll, rowOf[came]);
  return { shown, maxScroll, scroll };
}
var FIRST_AT_MOST = 200;
function topWidths(box, list, widthOf, came = -1) {
  const fit = Math.max(1, Math.floor((box.h + GAP) / (CHIP_H + GAP)));
  const widths = [];
  let row = 0, used = 0, inRow = 0, stop = came < 0 ? fit : Infinity;
  for (let i = 0; i < list.length; i++) {
    const full = widthOf(list[i]);
    const w = Math.min(full, box.w);
    if (inRow && used + GAP + w > box.w) {
      row++;
      used = 0;
      inRow = 0;
    }
    if (i === came) stop = row + fit;
    if (row >= stop) return { widths, cut: i };
    used += (inRow ? GAP : 0) + w;
    inRow++;
    widths.push(full);
  }
  return { widths, cut: list.length };
}
var ease = (x) => x < 0.5 ? 2 * x * x : 1 - (-2 * x + 2) ** 2 / 2;
function createDiagram(container, dopts = {}) {
  const uid = instances++ ? `-d${instances}` : "";
  const svg = el("svg", { viewBox: `0 ${TOP} ${W} ${H - TOP}`, class: "state-diagram", role: "img" });
  container.replaceChildren(svg);
  const defs = el("defs", {}, svg);
  const marker = el("marker", { id: `arrowhead${uid}`, viewBox: "0 0 12 12", refX: 10, refY: 6, markerWidth: 9, markerHeight: 9, orient: "auto-start-reverse", markerUnits: "userSpaceOnUse" }, defs);
  marker.setAttribute("markerWidth", 16);
  marker.setAttribute("markerHeight", 16);
  el("path", { d: "M1,1 L11,6 L1,11 z", class: "arrowhead" }, marker);
  const hotMarker = el("marker", { id: `arrowhead-hot${uid}`, viewBox: "0 0 12 12", refX: 10, refY: 6, markerWidth: 18, markerHeight: 18, orient: "auto-start-reverse", markerUnits: "userSpaceOnUse" }, defs);
  el("path", { d: "M1,1 L11,6 L1,11 z", class: "arrowhead hot" }, hotMarker);
  const gArrows = el("g", { class: "arrows" }, svg);
  const gNodes = el("g", { class: "nodes" }, svg);
  const gLabels = el("g", { class: "arrow-labels" }, svg);
  const gBubbles = el("g", { class: "bubbles" }, svg);
  const arrows = /* @__PURE__ */ new Map();
  for (const a of ARROWS) {
    const g = el("g", { class: "arrow" + (a.minor ? " minor" : ""), "data-arrow": `${a.from}-${a.to}` }, gArrows);
    const path = el("path", { d: a.d, "marker-end": `url(#arrowhead${uid})` }, g);
    const label2 = el("text", { x: a.lx, y: a.ly, class: "arrow-label" + (a.minor ? " minor" : ""), "text-anchor": a.anchor || "middle", "data-arrow": `${a.from}-${a.to}` }, gLabels);
    arrows.set(`${a.from}>${a.to}`, { ...a, g, path, label: label2 });
  }
  const nodeEls = {};
  const origin = el("g", { class: "node origin", "data-node": "origin" }, gNodes);
  el("circle", { cx: ORIGIN.cx, cy: ORIGIN.cy, r: ORIGIN.r }, origin);
  el("path", { d: `M${ORIGIN.cx - 9},${ORIGIN.cy} h18 M${ORIGIN.cx},${ORIGIN.cy - 9} v18`, class: "plus" }, origin);
  const originLabel = el("text", { x: ORIGIN.cx - 30, y: ORIGIN.cy + 7, "text-anchor": "end", class: "node-sub" }, origin);
  nodeEls.origin = { g: origin, tokens: el("g", { class: "node-tokens" }, origin) };
  for (const [name, n] of Object.entries(NODES)) {
    const g = el("g", { class: `node st-${name}`, "data-node": name }, gNodes);
    el("rect", { x: n.x, y: n.y, width: n.w, height: n.h, rx: 18, class: "node-box" }, g);
    el("circle", { cx: n.x + 30, cy: n.y + 30, r: 19, class: "badge", fill: STATE_COLOR[name] }, g);
    el("text", { x: n.x + 30, y: n.y + 38, "text-anchor": "middle", class: "badge-letter" }, g).textContent = STATE_LETTER[name];
    const title = el("text", { x: n.x + 58, y: n.y + 38, class: "node-title" }, g);
    const sub = el("text", { x: n.x + 14, y: n.y + 66, class: "node-sub" }, g);
    const slots = el("g", { class: "slots" }, g);
    const tokensG = el("g", { class: "node-tokens" }, g);
    const more = el("text", { x: n.x + 14, y: n.y + n.h - 10, "text-anchor": "start", class: "node-more", visibility: "hidden" }, g);
    const moreTitle = el("title", {}, more);
    nodeEls[name] = { g, title, sub, slots, tokens: tokensG, more, moreTitle, subLines: 1, scroll: 0, maxScroll: 0 };
    g.addEventListener("wheel", (e) => {
      const ne = nodeEls[name];
      if (!ne.maxScroll) return;
      e.preventDefault();
      ne.scroll = Math.max(0, Math.min(ne.maxScroll, ne.scroll + Math.sign(e.deltaY)));
      if (lastRender) render(lastRender, { glide: false });
    }, { passive: false });
    more.addEventListener("click", () => {
      const ne = nodeEls[name];
      ne.scroll = ne.scroll >= ne.maxScroll ? 0 : ne.scroll + 1;
      if (lastRender) render(lastRender, { glide: false });
    });
  }
  const ruler = el("text", { x: 0, y: -100, visibility: "hidden", "aria-hidden": "true" }, svg);
  const widthOf = (cls, px = 21) => (str) => {
    ruler.setAttribute("class", cls);
    ruler.textContent = str;
    return measure(ruler, str, px);
  };
  const widthsOf = (cls, strs, px = 21) => {
    const rulers = strs.map((str) => {
      const r = el("text", { x: 0, y: -100, visibility: "hidden", "aria-hidden": "true", class: cls }, svg);
      r.textContent = str;
      return r;
    });
    const out = rulers.map((r, i) => measure(r, strs[i], px));
    for (const r of rulers) r.remove();
    return out;
  };
  let laidOut = false;
  new ResizeObserver(() => {
    const shown = svg.getBoundingClientRect().width > 0;
    if (shown && !laidOut) {
      laidOut = true;
      relabel();
    }
    if (!shown) laidOut = false;
  }).observe(svg);
  const tokens = /* @__PURE__ */ new Map();
  let shownGlideMs = GLIDE_MS;
  let still = false;
  let ncpu = 0;
  let lastRender = null;
  function relabel() {
    textSize = sizeKey();
    chipW.clear();
    bubbleBox.clear();
    labelBox.clear();
    for (const tk of tokens.values()) {
      tk.labelKey = null;
      tk.labelWhole = null;
      tk.titleBase = null;
    }
    for (const a of arrows.values()) {
      const text = t(a.key);
      setLines(a.label, a.maxw ? breakLines(text, a.maxw, widthOf(a.label.getAttribute("class"))) : [text]);
    }
    originLabel.textContent = t("node.origin");
    for (const [name, n] of Object.entries(nodeEls)) {
      if (name === "origin") continue;
      const geo = NODES[name];
      n.title.textContent = t(`node.${name}`);
      n.title.removeAttribute("textLength");
      const room = geo.w - 72;
      if (widthOf("node-title", 26)(n.title.textContent) > room) {
        n.title.setAttribute("textLength", String(room));
        n.title.setAttribute("lengthAdjust", "spacingAndGlyphs");
      }
      const lines = breakLines(t(dopts.sub && dopts.sub[name] || `node.${name}.sub`), geo.w - 28, widthOf("node-sub"));
      setLines(n.sub, lines);
      n.subLines = lines.length;
    }
    svg.setAttribute("aria-label", t(dopts.aria || "panel.diagram"));
    drawSlots();
    if (lastRender) render(lastRender, { glide: false });
  }
  let slotLabelW = 70;
  function drawSlots() {
    const g = nodeEls.running.slots;
    g.replaceChildren();
    const slots = cpuSlots(ncpu, nodeEls.running.subLines);
    slotLabelW = 0;
    const beside = [];
    const px = slots.length ? Math.max(9, Math.min(21, Math.floor(slots[0].h - 8))) : 21;
    const size = px < 21 ? { style: `font-size:${px}px` } : {};
    slots.forEach((s, i) => {
      const sg = el("g", { class: "cpu-slot", "data-cpu": i }, g);
      el("rect", { x: s.x, y: s.y, width: s.w, height: s.h, rx: Math.min(10, s.h / 2) }, sg);
      const stacked = s.h >= CHIP_H + 40;
      const mid = s.y + s.h / 2 + px / 3;
      const lab = el("text", { x: s.x + 10, y: stacked ? s.y + 25 : mid, class: "cpu-label", ...size }, sg);
      lab.textContent = t(dopts.slot || "node.cpu", { n: i });
      if (!stacked) beside.push(lab.textContent);
      el("text", { x: s.x + s.w - 12, y: px < 21 ? mid : s.y + s.h - 10, "text-anchor": "end", class: "cpu-idle", ...size }, sg).textContent = t("node.idle");
    });
    for (const w of widthsOf("cpu-label", beside)) slotLabelW = Math.max(slotLabelW, w * px / 21 + 16);
  }
  function newToken(g, state = "", cls = {}) {
    return {
      g,
      home: null,
      rank: 0,
      inner: null,
      halo: null,
      rect: null,
      text: null,
      title: null,
      x: ORIGIN.cx,
      y: ORIGIN.cy,
      scale: 1,
      anim: 0,
      w: CHIP_MIN,
      label: "",
      pressed: 0,
      tTag: null,
      tName: "",
      tState: "",
      tWchan: "",
      titleBase: null,
      note: "",
      titleShown: null,
      state,
      cls,
      unplaced: false,
      guess: false,
      room: CHIP_MAX
    };
  }
  function flag(tk, name, on) {
    if (!!tk.cls[name] === on) return;
    tk.cls[name] = on;
    if (!tk.g) return;
    tk.g.classList.toggle(name, on);
    if (name === "drawn" || name === "moved") {
      if (on) tk.g.dataset[name] = "1";
      else delete tk.g.dataset[name];
    }
  }
  function addTokens(groups) {
    let made = 0;
    for (const list of Object.values(groups)) {
      for (const it of list) {
        if (tokens.has(it.pid)) continue;
        made++;
        tokens.set(it.pid, newToken(null, it.state, { faded: it.state === "dead", zombie: it.state === "zombie", drawn: !!(it.task && it.task.drawn), "off-view": true }));
      }
    }
    return made;
  }
  function makeGroups(pts) {
    if (!pts.length) return;
    let html = "";
    for (const [pid, tk] of pts) {
      const on = Object.keys(tk.cls).filter((k) => tk.cls[k]);
      html += `<g class="token${on.map((k) => " " + k).join("")}" data-pid="${pid}" data-state="${tk.state}"${tk.cls.drawn ? ' data-drawn="1"' : ""}${tk.cls.moved ? ' data-moved="1"' : ""}></g>`;
    }
    const holder = el("g");
    holder.innerHTML = html;
    const gs = [...holder.children];
    holder.replaceChildren();
    gs.forEach((g, k) => {
      pts[k][1].g = g;
    });
  }
  let laterFrame = 0, laterTimer = 0, leftSome = false, restLeft = false;
  function makeLater() {
    if (leftSome) return;
    leftSome = true;
    laterTimer = setTimeout(later, 1e3);
    laterFrame = requestAnimationFrame(() => {
      laterFrame = 0;
      clearTimeout(laterTimer);
      laterTimer = setTimeout(later, 0);
    });
  }
  function later() {
    if (!restLeft || !lastRender) {
      makeLeft();
      return;
    }
    cancelAnimationFrame(laterFrame);
    clearTimeout(laterTimer);
    laterFrame = laterTimer = 0;
    leftSome = false;
    render(lastRender, { glide: false });
  }
  function makeLeft(groups = null) {
    if (!leftSome) return;
    leftSome = false;
    cancelAnimationFrame(laterFrame);
    clearTimeout(laterTimer);
    laterFrame = laterTimer = 0;
    let stay = null;
    if (groups) {
      stay = /* @__PURE__ */ new Set();
      for (const list of Object.values(groups)) for (const it of list) stay.add(it.pid);
    }
    const left = [...tokens].filter(([pid, tk]) => !tk.g && tk.home && (!stay || stay.has(pid)));
    if (!left.length) return;
    makeGroups(left);
    const made = new Set(left.map(([, tk]) => tk));
    const byHome = /* @__PURE__ */ new Map();
    for (const tk of tokens.values()) {
      if (!tk.home) continue;
      if (!byHome.has(tk.home)) byHome.set(tk.home, []);
      byHome.get(tk.home).push(tk);
    }
    for (const [home, list] of byHome) {
      if (!list.some((tk) => made.has(tk))) continue;
      list.sort((a, b) => a.rank - b.rank);
      let next = null;
      for (let i = list.length - 1; i >= 0; i--) {
        const tk = list[i];
        if (made.has(tk)) {
          home.insertBefore(tk.g, next);
          next = tk.g;
        } else if (tk.g.parentNode === home) next = tk.g;
      }
    }
    svg.dispatchEvent(new CustomEvent("tokensmade", { bubbles: true }));
  }
  function fill(tk) {
    if (tk.inner) return;
    const c = taskColor(Number(tk.g.dataset.pid));
    const inner = el("g", { class: "token-inner" });
    tk.halo = el("rect", { class: "halo", x: -CHIP_MIN / 2 - HALO, y: -CHIP_H / 2 - HALO, width: CHIP_MIN + 2 * HALO, height: CHIP_H + 2 * HALO, rx: CHIP_H / 2 + HALO }, inner);
    tk.rect = el("rect", { x: -CHIP_MIN / 2, y: -CHIP_H / 2, width: CHIP_MIN, height: CHIP_H, rx: CHIP_H / 2, fill: c.fill }, inner);
    tk.text = el("text", { x: 0, y: 7.5, "text-anchor": "middle", fill: c.ink }, inner);
    tk.title = el("title", {});
    tk.titleShown = titleOf(tk);
    tk.title.textContent = tk.titleShown;
    tk.rectW = CHIP_MIN;
    tk.labelText = null;
    drawChip(tk);
    if (tk.scale !== 1) inner.style.transform = `scale(${tk.scale})`;
    tk.g.prepend(inner);
    tk.g.append(tk.title);
    tk.inner = inner;
  }
  function drawChip(tk) {
    if (tk.labelText !== tk.label || tk.text.textContent !== tk.label) {
      tk.text.textContent = tk.label;
      tk.labelText = tk.label;
    }
    tk.text.removeAttribute("textLength");
    if (tk.pressed) {
      tk.text.setAttribute("textLength", String(tk.pressed));
      tk.text.setAttribute("lengthAdjust", "spacingAndGlyphs");
    }
    if (tk.rectW !== tk.w) {
      const w = tk.w;
      tk.rectW = w;
      tk.rect.setAttribute("x", -w / 2);
      tk.rect.setAttribute("width", w);
      tk.halo.setAttribute("x", -w / 2 - HALO);
      tk.halo.setAttribute("width", w + 2 * HALO);
    }
  }
  function measureLabels(groups) {
    const want = /* @__PURE__ */ new Set();
    for (const list of Object.values(groups)) {
      for (const it of list) {
        const tk = tokens.get(it.pid);
        if (!tk || !tk.g || !tk.g.parentNode) continue;
        const str = labelOf(it.pid, it.task).label;
        const ck = `${textSize}|${str}`;
        if (tk.labelWhole !== ck && !chipWidths().has(str)) want.add(str);
      }
    }
    if (want.size >= 2) measureTexts(want);
  }
  function measureTexts(strs) {
    const ruler2 = el("g", { class: "token", visibility: "hidden", "aria-hidden": "true" }, gNodes);
    const texts = [...strs].map((str) => {
      const txt = el("text", {}, ruler2);
      txt.textContent = str;
      return [str, txt];
    });
    for (const [str, txt] of texts) {
      const len = txt.getComputedTextLength ? txt.getComputedTextLength() : 0;
      if (len > 0) chipWidths().set(str, len);
    }
    ruler2.remove();
  }
  function settleGuesses(items) {
    if (!laidOut) return false;
    const want = /* @__PURE__ */ new Set(), again = [];
    for (const it of items) {
      const tk = tokens.get(it.pid);
      if (tk && tk.guess) {
        unsureTexts(it.pid, it.task, tk.room, want);
        again.push(tk);
      }
    }
    if (!want.size) return false;
    measureTexts(want);
    for (const tk of again) tk.labelKey = null;
    return true;
  }
  function unsureTexts(pid, task, maxw, out) {
    const known = chipWidths();
    const { name, tag, own, both, label: label2 } = labelOf(pid, task);
    if (!known.has(label2)) {
      out.add(label2);
      return;
    }
    const limit = Math.max(CHIP_MIN, Math.min(CHIP_MAX, maxw)) - CHIP_PAD;
    if (known.get(label2) <= limit || own !== null || !both) return;
    const chars = [...name];
    for (let k = chars.length - 1; k > 1; k--) {
      const str = `${tag} ${chars.slice(0, k).join("")}…`;
      if (!known.has(str)) out.add(str);
    }
  }
  function tokenFor(pid) {
    let tk = tokens.get(pid);
    if (tk) return tk;
    const g = el("g", { class: "token", "data-pid": pid });
    tk = newToken(g);
    g.style.transform = `translate(${ORIGIN.cx}px, ${ORIGIN.cy}px)`;
    tokens.set(pid, tk);
    return tk;
  }
  function place(tk, x, y, scale, glide) {
    tk.x = x;
    tk.y = y;
    tk.g.classList.toggle("glide", !!glide);
    const tr = `translate(${x}px, ${y}px)`;
    if (tk.placed !== tr) {
      tk.g.style.transform = tr;
      tk.placed = tr;
    }
    if (tk.scale !== scale) {
      tk.scale = scale;
      if (tk.inner) tk.inner.style.transform = `scale(${scale})`;
    }
  }
  const chipW = /* @__PURE__ */ new Map();
  const chipWidths = () => {
    let m = chipW.get(textSize);
    if (!m) chipW.set(textSize, m = /* @__PURE__ */ new Map());
    return m;
  };
  const sizeKey = () => typeof document !== "undefined" && document.documentElement ? document.documentElement.getAttribute("data-text-size") || "" : "";
  let textSize = "";
  function chipWidth(tk, str) {
    const known = chipWidths();
    let w = known.get(str);
    if (w !== void 0) return w;
    let len = 0;
    if (tk.text) {
      tk.text.removeAttribute("textLength");
      tk.text.textContent = str;
      tk.labelText = null;
      len = tk.text.getComputedTextLength ? tk.text.getComputedTextLength() : 0;
    }
    if (!(len > 0) && tk.g && tk.g.parentNode) {
      const ruler2 = el("g", { class: "token", visibility: "hidden", "aria-hidden": "true" }, tk.g.parentNode);
      const txt = el("text", {}, ruler2);
      txt.textContent = str;
      len = txt.getComputedTextLength ? txt.getComputedTextLength() : 0;
      ruler2.remove();
    }
    w = len > 0 ? len : textWidth(str, 21);
    if (len > 0) known.set(str, w);
    else guessed = true;
    return w;
  }
  let guessed = false;
  function labelOf(pid, task) {
    const name = task && task.name ? task.name : "";
    const tag = dopts.tag ? dopts.tag(pid) : `P${pid}`;
    const own = dopts.label ? dopts.label(pid, task) : null;
    const both = !!name && tag !== name;
    return { name, tag, own, both, label: own !== null ? own : both ? `${tag} ${name}` : tag };
  }
  function setLabel(tk, pid, task, state, maxw = CHIP_MAX) {
    const { name, tag, own, both, label: whole } = labelOf(pid, task);
    const key = `${tag}\0${name}\0${maxw}\0${own ?? ""}\0${textSize}`;
    if (tk.labelKey !== key) {
      guessed = false;
      tk.labelKey = key;
      tk.labelWhole = `${textSize}|${whole}`;
      const limit = Math.max(CHIP_MIN, Math.min(CHIP_MAX, maxw)) - CHIP_PAD;
      const fits = (str) => chipWidth(tk, str) <= limit;
      let label2 = whole;
      let tw = chipWidth(tk, whole);
      if (tw > limit && own === null && both) {
        const chars = [...name];
        let k = chars.length - 1;
        while (k > 1 && !fits(`${tag} ${chars.slice(0, k).join("")}…`)) k--;
        label2 = `${tag} ${chars.slice(0, k).join("")}…`;
        tw = chipWidth(tk, label2);
      }
      tk.label = label2;
      tk.pressed = 0;
      if (tw > limit) {
        tk.pressed = limit;
        tw = limit;
      }
      tk.w = Math.max(CHIP_MIN, Math.ceil(tw + CHIP_PAD));
      if (tk.text) drawChip(tk);
      tk.guess = guessed && laidOut;
      tk.room = maxw;
    }
    const wchan = task && task.wchan ? task.wchan : "";
    if (tk.tTag !== tag || tk.tName !== name || tk.tState !== state || tk.tWchan !== wchan) {
      tk.tTag = tag;
      tk.tName = name;
      tk.tState = state;
      tk.tWchan = wchan;
      tk.titleBase = null;
    }
    tk.note = "";
    if (tk.title) titled.add(tk);
    flag(tk, "trap", !!(task && state === "running" && task.mode === "kernel"));
  }
  function titleOf(tk) {
    if (tk.titleBase === null) {
      tk.titleBase = `${tk.tTag}${tk.tName && tk.tName !== tk.tTag ? " (" + tk.tName + ")" : ""}: ${t("state." + tk.tState)}` + (tk.tWchan ? ` — ${t("diagram.wchan", { w: tk.tWchan })}` : "");
    }
    return tk.titleBase + tk.note;
  }
  const titled = /* @__PURE__ */ new Set();
  function writeTitles() {
    for (const tk of titled) {
      const text = titleOf(tk);
      if (tk.titleShown !== text) {
        tk.title.textContent = text;
        tk.titleShown = text;
      }
    }
    titled.clear();
  }
  function pathPoints(path) {
    const len = path.getTotalLength();
    const n = Math.max(6, Math.ceil(len / 18));
    const out = [];
    for (let i = 0; i <= n; i++) {
      const p = path.getPointAtLength(len * i / n);
      out.push([p.x, p.y]);
    }
    return out;
  }
  function animateAlong(tk, pts, duration, done) {
    cancelAnimationFrame(tk.anim);
    tk.g.classList.remove("glide");
    const acc = [0];
    for (let i = 1; i < pts.length; i++) acc.push(acc[i - 1] + Math.hypot(pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1]));
    const total = acc[acc.length - 1] || 1;
    const start = performance.now();
    tk.g.classList.add("moving");
    const frame = (now) => {
      const f = Math.min(1, (now - start) / duration);
      const d = ease(f) * total;
      let i = 1;
      while (i < acc.length - 1 && acc[i] < d) i++;
      const seg = acc[i] - acc[i - 1] || 1;
      const u = Math.max(0, Math.min(1, (d - acc[i - 1]) / seg));
      const x = pts[i - 1][0] + (pts[i][0] - pts[i - 1][0]) * u;
      const y = pts[i - 1][1] + (pts[i][1] - pts[i - 1][1]) * u;
      tk.g.style.transform = `translate(${x}px, ${y}px)`;
      tk.placed = null;
      if (f < 1) tk.anim = requestAnimationFrame(frame);
      else {
        tk.anim = 0;
        tk.g.classList.remove("moving");
        done();
      }
    };
    tk.anim = requestAnimationFrame(frame);
  }
  const marked = /* @__PURE__ */ new Set();
  let movedBefore = /* @__PURE__ */ new Map();
  const bubbleBox = /* @__PURE__ */ new Map();
  const causeText = (c) => t("cause." + c) !== "cause." + c ? t("cause." + c) : c;
  const bubbleOrder = /* @__PURE__ */ new Set();
  function markArrow(want, a, cause, delay, still2) {
    let m = want.get(a);
    const first = !m;
    if (first) {
      m = { causes: [], delay: 0, still: still2 };
      want.set(a, m);
    }
    if (!m.causes.includes(cause)) m.causes.push(cause);
    if (first || !still2 && delay < m.delay) {
      m.delay = still2 ? 0 : delay;
      m.still = still2;
    }
    bubbleOrder.delete(a);
    bubbleOrder.add(a);
  }
  function showMark(a, m) {
    if (!marked.has(a)) {
      a.g.classList.add("hot", "taken");
      a.label.classList.add("hot");
      a.label.style.visibility = "hidden";
      a.path.setAttribute("marker-end", `url(#arrowhead-hot${uid})`);
    }
    a.causes = m.causes;
    const cause = m.causes.join(" ");
    if (a.g.dataset.cause !== cause) a.g.dataset.cause = cause;
    a.markDelay = m.delay;
    a.markStill = m.still;
    const td = m.delay ? `${m.delay}ms` : "";
    if (a.path.style.transitionDelay !== td) a.path.style.transitionDelay = td;
  }
  function drawBubble(a) {
    const text = a.causes.map(causeText).join(" · ");
    const said = `${text}|${textSize}`;
    if (a.bubble && a.markStill && a.bubbleStill && a.bubbleText === said) return;
    if (a.bubble) a.bubble.remove();
    const b = el("g", { class: a.markStill ? "bubble still" : "bubble", "data-arrow": `${a.from}-${a.to}` }, gBubbles);
    if (a.markDelay) b.style.animationDelay = `${a.markDelay}ms`;
    a.bubble = b;
    a.bubbleStill = a.markStill;
    a.bubbleText = said;
    const txt = el("text", { x: a.lx, y: a.ly, "text-anchor": a.anchor || "middle" }, b);
    txt.textContent = text;
    const bkey = `${txt.textContent}|${a.lx}|${a.ly}|${a.anchor || ""}|${textSize}`;
    let bb = bubbleBox.get(bkey);
    if (!bb) {
      const m = txt.getBBox();
      bb = { x: m.x, y: m.y, width: m.width, height: m.height };
      if (bb.width > 0) bubbleBox.set(bkey, bb);
    }
    a.bubbleRect = { x: bb.x - 10, y: bb.y - 5, w: bb.width + 20, h: bb.height + 10 };
    b.insertBefore(el("rect", { x: a.bubbleRect.x, y: a.bubbleRect.y, width: a.bubbleRect.w, height: a.bubbleRect.h, rx: 10 }), txt);
  }
  const labelBox = /* @__PURE__ */ new Map();
  function hideCovered() {
    const rects = [];
    for (const a of marked) if (a.bubble && a.bubbleRect) rects.push(a.bubbleRect);
    const texts = [];
    for (const a of arrows.values()) if (!marked.has(a)) texts.push(a.label);
    for (const [name, n] of Object.entries(nodeEls)) if (name !== "origin") texts.push(n.title, n.sub);
    for (const txt of texts) {
      let b = labelBox.get(txt);
      if (!b && rects.length) {
        const m = txt.getBBox();
        b = { x: m.x, y: m.y, w: m.width, h: m.height };
        if (m.width > 0) labelBox.set(txt, b);
      }
      const covered = !!b && rects.some((r) => r.x < b.x + b.w && b.x < r.x + r.w && r.y < b.y + b.h && b.y < r.y + r.h);
      if (txt.classList.contains("covered") !== covered) txt.classList.toggle("covered", covered);
    }
  }
  function measureBubbles(view) {
    const causes = /* @__PURE__ */ new Map();
    for (const tr of view.transitions || []) {
      const a = arrows.get(`${tr.from}>${tr.to}`);
      if (!a) continue;
      if (!causes.has(a)) causes.set(a, []);
      if (!causes.get(a).includes(tr.cause)) causes.get(a).push(tr.cause);
    }
    const probes = [];
    for (const [a, list] of causes) {
      const text = list.map(causeText).join(" · ");
      const bkey = `${text}|${a.lx}|${a.ly}|${a.anchor || ""}|${textSize}`;
      if (bubbleBox.has(bkey)) continue;
      const b = el("g", { class: "bubble still", visibility: "hidden", "aria-hidden": "true" }, gBubbles);
      const txt = el("text", { x: a.lx, y: a.ly, "text-anchor": a.anchor || "middle" }, b);
      txt.textContent = text;
      probes.push([bkey, b, txt]);
    }
    for (const [bkey, , txt] of probes) {
      const m = txt.getBBox();
      if (m.width > 0) bubbleBox.set(bkey, { x: m.x, y: m.y, width: m.width, height: m.height });
    }
    for (const [, b] of probes) b.remove();
  }
  function unmarkArrow(a) {
    a.g.classList.remove("hot", "taken");
    delete a.g.dataset.cause;
    a.causes = [];
    a.label.classList.remove("hot");
    a.label.style.visibility = "";
    a.path.style.transitionDelay = "";
    a.path.setAttribute("marker-end", `url(#arrowhead${uid})`);
    if (a.bubble) {
      a.bubble.remove();
      a.bubble = null;
    }
  }
  function markStep(view, animate, duration) {
    const chains = /* @__PURE__ */ new Map();
    for (const tr of view.transitions || []) {
      if (!chains.has(tr.pid)) chains.set(tr.pid, []);
      chains.get(tr.pid).push(tr);
    }
    const movedNow = /* @__PURE__ */ new Map();
    for (const [pid, chain] of chains) {
      const tk = tokens.get(pid);
      if (!tk) continue;
      flag(tk, "moved", true);
      movedNow.set(pid, tk);
      const unseen = chain.filter((tr) => !arrows.has(`${tr.from}>${tr.to}`)).map((tr) => causeText(tr.cause));
      tk.note = ` — ${t("diagram.moved", { p: dopts.tag ? dopts.tag(pid) : `P${pid}` })}${unseen.length ? ` (${unseen.join(" · ")})` : ""}`;
      if (tk.title) titled.add(tk);
    }
    for (const [pid, tk] of movedBefore) if (!movedNow.has(pid)) flag(tk, "moved", false);
    movedBefore = movedNow;
    const want = /* @__PURE__ */ new Map();
    for (const chain of chains.values()) {
      const per = duration / chain.length;
      chain.forEach((tr, i) => {
        const a = arrows.get(`${tr.from}>${tr.to}`);
        if (a) markArrow(want, a, tr.cause, animate ? Math.round(per * i) : 0, !animate);
      });
    }
    for (const a of marked) if (!want.has(a)) unmarkArrow(a);
    for (const [a, m] of want) showMark(a, m);
    marked.clear();
    for (const a of want.keys()) marked.add(a);
    for (const a of bubbleOrder) drawBubble(a);
    let at = gBubbles.firstChild;
    for (const a of bubbleOrder) {
      if (at === a.bubble) at = at.nextSibling;
      else gBubbles.insertBefore(a.bubble, at);
    }
    bubbleOrder.clear();
    hideCovered();
  }
  const hotTimers = /* @__PURE__ */ new Map();
  function lightArrow(a, cause, delay, hold) {
    setTimeout(() => {
      a.g.classList.add("hot");
      a.label.classList.add("hot");
      a.label.style.visibility = "hidden";
      a.path.setAttribute("marker-end", `url(#arrowhead-hot${uid})`);
      if (a.bubble) a.bubble.remove();
      const b = el("g", { class: "bubble" }, gBubbles);
      a.bubble = b;
      const txt = el("text", { x: a.lx, y: a.ly, "text-anchor": a.anchor || "middle" }, b);
      txt.textContent = t("cause." + cause) !== "cause." + cause ? t("cause." + cause) : cause;
      const bb = txt.getBBox();
      const r = el("rect", { x: bb.x - 10, y: bb.y - 5, width: bb.width + 20, height: bb.height + 10, rx: 10 });
      b.insertBefore(r, txt);
      clearTimeout(hotTimers.get(a));
      hotTimers.set(a, setTimeout(() => {
        a.g.classList.remove("hot");
        a.label.classList.remove("hot");
        a.label.style.visibility = "";
        a.path.setAttribute("marker-end", `url(#arrowhead${uid})`);
      }, hold));
      setTimeout(() => {
        b.remove();
        if (a.bubble === b) a.bubble = null;
      }, hold);
    }, delay);
  }
  function render(view, opts = {}) {
    restLeft = false;
    textSize = sizeKey();
    if (dopts.keep) measureBubbles(view);
    const n = Math.max(1, view.cpus.length || opts.cpus || 1);
    if (n !== ncpu) {
      ncpu = n;
      drawSlots();
    }
    const groups = tokensByNode(view);
    makeLeft(groups);
    const made = addTokens(groups);
    measureLabels(groups);
    const targets = /* @__PURE__ */ new Map();
    const rest = /* @__PURE__ */ new Set();
    const leaveOut = (pid) => {
      rest.add(pid);
      const tk = tokens.get(pid);
      if (!tk.g) return;
      if (tk.anim) {
        cancelAnimationFrame(tk.anim);
        tk.anim = 0;
        tk.g.classList.remove("moving");
      }
      flag(tk, "off-view", true);
      tk.unplaced = true;
    };
    const cameInto = /* @__PURE__ */ new Map();
    for (const tr of view.transitions || []) {
      if (!cameInto.has(tr.to)) cameInto.set(tr.to, /* @__PURE__ */ new Set());
      cameInto.get(tr.to).add(tr.pid);
    }
    const layNode = (node, list) => {
      const ne = nodeEls[node] || nodeEls.runnable;
      const box = contentBox(NODES[node] || NODES.runnable, ne.subLines);
      const widthOf2 = (it) => {
        const tk = tokenFor(it.pid);
        setLabel(tk, it.pid, it.task, it.state, box.w);
        return tk.w;
      };
      const into = cameInto.get(node);
      const came = into ? list.findIndex((it) => into.has(it.pid)) : -1;
      const leave = !!opts.first && list.length > FIRST_AT_MOST && ne.scroll === 0;
      let cut = list.length;
      let widths;
      if (leave) {
        const top = topWidths(box, list, widthOf2, came);
        widths = top.widths;
        cut = top.cut;
      } else widths = list.map(widthOf2);
      const flow = layoutFlow(box, widths);
      const rows = boxRows(flow, cut < list.length, came, ne.scroll);
      return { ne, box, widthOf: widthOf2, came, leave, cut, flow, rows };
    };
    const inSightOf = (list, { cut, flow, rows }) => {
      const out = [];
      for (let i = 0; i < cut; i++) if (flow.rowOf[i] >= rows.scroll && flow.rowOf[i] < rows.scroll + rows.shown) out.push(list[i]);
      return out;
    };
    if (made && laidOut) {
      const want = /* @__PURE__ */ new Set(), again = [];
      const known = chipWidths();
      for (const [node, list] of Object.entries(groups)) {
        if (node === "running" || node === "origin") {
          for (const it of list) {
            const tk = tokens.get(it.pid);
            const { label: label2 } = labelOf(it.pid, it.task);
            if (tk && !tk.text && !known.has(label2)) want.add(label2);
          }
          continue;
        }
        for (const it of inSightOf(list, layNode(node, list))) {
          const tk = tokens.get(it.pid);
          if (tk.guess) {
            unsureTexts(it.pid, it.task, tk.room, want);
            again.push(tk);
          }
        }
      }
      if (want.size) {
        measureTexts(want);
        for (const tk of again) tk.labelKey = null;
      }
    }
    const busyCpus = /* @__PURE__ */ new Set();
    for (const [node, list] of Object.entries(groups)) {
      if (node === "running") {
        const slots = cpuSlots(ncpu, nodeEls.running.subLines);
        const byCpu = /* @__PURE__ */ new Map();
        const extra = [];
        for (const it of list) {
          const c = it.task && it.task.cpu >= 0 ? it.task.cpu : view.cpus.indexOf(it.pid);
          if (c >= 0 && c < slots.length && !byCpu.has(c)) byCpu.set(c, it);
          else extra.push(it);
        }
        const roomIn = (s) => s.h >= CHIP_H + 40 ? s.w - 16 : s.w - 14 - slotLabelW;
        for (const [c, it] of byCpu) setLabel(tokenFor(it.pid), it.pid, it.task, it.state, roomIn(slots[c]));
        for (const it of extra) setLabel(tokenFor(it.pid), it.pid, it.task, it.state);
        settleGuesses(list);
        for (const [c, it] of byCpu) {
          const s = slots[c];
          const tk = tokenFor(it.pid);
          setLabel(tk, it.pid, it.task, it.state, roomIn(s));
          if (s.h >= CHIP_H + 40) {
            targets.set(it.pid, { x: s.x + s.w / 2, y: s.y + s.h - 8 - CHIP_H / 2, scale: 1, ...it, node });
          } else {
            const scale = Math.min(1, (s.h - 6) / CHIP_H);
            targets.set(it.pid, { x: s.x + s.w - 6 - tk.w * scale / 2, y: s.y + s.h / 2, scale, ...it, node });
          }
        }
        extra.forEach((it, i) => {
          setLabel(tokenFor(it.pid), it.pid, it.task, it.state);
          targets.set(it.pid, { x: NODES.running.x + 60 + i * 8, y: NODES.running.y + NODES.running.h - 20, scale: 0.6, ...it, node });
        });
        for (const c of byCpu.keys()) busyCpus.add(c);
        continue;
      }
      if (node === "origin") {
        for (const it of list) setLabel(tokenFor(it.pid), it.pid, it.task, it.state);
        settleGuesses(list);
        list.forEach((it) => {
          setLabel(tokenFor(it.pid), it.pid, it.task, it.state);
          targets.set(it.pid, { x: ORIGIN.cx, y: ORIGIN.cy, scale: 0.5, ...it, node });
        });
        continue;
      }
      let { ne, box, widthOf: widthOf2, came, leave, cut, flow, rows } = layNode(node, list);
      for (let pass = 0; pass < 2 && settleGuesses(inSightOf(list, { cut, flow, rows })); pass++) ({ cut, flow, rows } = layNode(node, list));
      const { points, rowOf } = flow;
      const more = cut < list.length;
      const { shown, maxScroll, scroll } = rows;
      ne.maxScroll = maxScroll;
      ne.scroll = scroll;
      const off = ne.scroll;
      const out = [];
      let hidden = 0;
      for (let i = 0; i < cut; i++) {
        const it = list[i];
        const hide = rowOf[i] < off || rowOf[i] >= off + shown;
        if (hide && hidden++ < NAMES_AT_MOST) out.push(tokens.get(it.pid).label);
        if (hide && leave) {
          leaveOut(it.pid);
          continue;
        }
        targets.set(it.pid, { x: points[i][0], y: points[i][1] - off * (CHIP_H + GAP), scale: 1, hide, pid: it.pid, state: it.state, task: it.task, node: nodeEls[node] ? node : "runnable" });
      }
      if (more) {
        for (let i = cut; i < list.length && out.length < NAMES_AT_MOST; i++) {
          widthOf2(list[i]);
          out.push(tokens.get(list[i].pid).label);
        }
        hidden += list.length - cut;
        for (let i = cut; i < list.length; i++) leaveOut(list[i].pid);
      }
      if (leave && rest.size) restLeft = true;
      const vis = ne.maxScroll ? "visible" : "hidden";
      if (ne.more.getAttribute("visibility") !== vis) ne.more.setAttribute("visibility", vis);
      if (ne.maxScroll) {
        const mark = `${off > 0 ? "▴" : ""}${off < ne.maxScroll ? "▾" : ""} +${hidden}`;
        const names = namesAtMost(out, hidden);
        if (ne.moreMark !== mark) {
          ne.more.textContent = mark;
          ne.more.append(ne.moreTitle);
          ne.moreMark = mark;
        }
        if (ne.moreTitle.textContent !== names) ne.moreTitle.textContent = names;
      }
    }
    nodeEls.running.slots.querySelectorAll(".cpu-slot").forEach((sg, i) => sg.classList.toggle("busy", busyCpus.has(i)));
    for (const [node, ne] of Object.entries(nodeEls)) {
      if (node !== "origin" && !groups[node] && ne.more) {
        if (ne.more.getAttribute("visibility") !== "hidden") ne.more.setAttribute("visibility", "hidden");
        ne.maxScroll = 0;
        ne.scroll = 0;
        ne.moreMark = null;
      }
    }
    for (const [node, n2] of Object.entries(nodeEls)) n2.g.classList.toggle("empty", !(groups[node] && groups[node].length));
    for (const [pid, tk] of tokens) {
      if (!targets.has(pid) && !rest.has(pid)) {
        cancelAnimationFrame(tk.anim);
        if (tk.g) tk.g.remove();
        tokens.delete(pid);
      }
    }
    const chains = /* @__PURE__ */ new Map();
    if (opts.animate) {
      for (const tr of view.transitions || []) {
        if (!chains.has(tr.pid)) chains.set(tr.pid, []);
        chains.get(tr.pid).push(tr);
      }
    }
    const duration = opts.duration ?? 500;
    const glideMs = Math.min(GLIDE_MS, duration);
    const glides = glideMs >= MIN_ANIM_MS;
    if (glides && glideMs !== shownGlideMs) {
      shownGlideMs = glideMs;
      svg.style.setProperty("--glide", `${glideMs}ms`);
    }
    if (glides === still) {
      still = !glides;
      svg.classList.toggle("still", still);
    }
    const adopt = /* @__PURE__ */ new Map();
    const inSight = [];
    for (const [pid, tg] of targets) {
      const tk = tokens.get(pid);
      if (!tg.hide && !tk.g) inSight.push([pid, tk]);
    }
    makeGroups(inSight);
    let rank = 0;
    for (const [pid, tg] of targets) {
      const isNew = !tokens.has(pid);
      const tk = tokenFor(pid);
      const home = nodeEls[tg.node];
      tk.home = home.tokens;
      tk.rank = rank++;
      if (tk.g && !tg.hide) fill(tk);
      if (tk.g && tk.g.parentNode !== home.tokens) {
        if (!adopt.has(home)) adopt.set(home, []);
        adopt.get(home).push(tk.g);
      }
      if (tk.state !== tg.state) {
        if (tk.g) tk.g.dataset.state = tg.state;
        tk.state = tg.state;
      }
      flag(tk, "faded", tg.state === "dead");
      flag(tk, "zombie", tg.state === "zombie");
      flag(tk, "drawn", !!(tg.task && tg.task.drawn));
      flag(tk, "off-view", !!tg.hide);
      if (tg.hide) {
        if (tk.anim) {
          cancelAnimationFrame(tk.anim);
          tk.anim = 0;
          tk.g.classList.remove("moving");
        }
        tk.unplaced = true;
        if (!tk.g) makeLater();
        continue;
      }
      const chain = chains.get(pid);
      if (chain && duration >= MIN_ANIM_MS) {
        let pts = [[tk.x, tk.y]];
        if (chain[0].from === "none" || isNew) pts = [[ORIGIN.cx, ORIGIN.cy]];
        const per = duration / chain.length;
        chain.forEach((tr, i) => {
          const a = arrows.get(`${tr.from}>${tr.to}`);
          if (a) {
            let along = a.points;
            if (!along) {
              along = pathPoints(a.path);
              const [p0, p1] = [along[0], along[along.length - 1]];
              if (p0[0] !== p1[0] || p0[1] !== p1[1]) a.points = along;
            }
            pts = pts.concat(along);
            if (!dopts.keep) lightArrow(a, tr.cause, per * i, Math.max(900, duration * 2.4));
          }
        });
        pts.push([tg.x, tg.y]);
        if (gNodes.lastChild !== home.g) gNodes.append(home.g);
        if (tk.scale !== tg.scale) {
          tk.scale = tg.scale;
          if (tk.inner) tk.inner.style.transform = `scale(${tg.scale})`;
        }
        tk.x = tg.x;
        tk.y = tg.y;
        animateAlong(tk, pts, duration, () => place(tk, tg.x, tg.y, tg.scale, false));
      } else {
        const moved = Math.abs(tk.x - tg.x) > 0.5 || Math.abs(tk.y - tg.y) > 0.5;
        if (!moved && opts.animate && tk.g.classList.contains("moving")) continue;
        if (tk.anim) {
          cancelAnimationFrame(tk.anim);
          tk.anim = 0;
        }
        if (tk.g.classList.contains("moving")) tk.g.classList.remove("moving");
        place(tk, tg.x, tg.y, tg.scale, moved && !isNew && !tk.unplaced && glides && opts.glide !== false);
      }
      tk.unplaced = false;
    }
    for (const [home, gs] of adopt) home.tokens.append(...gs);
    if (restLeft) makeLater();
    if (dopts.keep) markStep(view, !!opts.animate && duration >= MIN_ANIM_MS, duration);
    writeTitles();
    lastRender = view;
  }
  relabel();
  return { render, relabel, svg, get last() {
    return lastRender;
  } };
}

export {
  MEMORY_KINDS,
  ipcInScenario,
  segmentRows,
  socketRows,
  ipcDecls,
  renderIPC,
  logOf,
  signalName,
  label,
  PROBLEMS,
  sentence,
  renderLog,
  columnsOf,
  emptyView,
  threaded,
  taskTag,
  lineText,
  fromSnapshot,
  foldCounts,
  settleView,
  windowOf,
  keepWindow,
  foldEvents,
  applyEvents,
  createDiagram
};
