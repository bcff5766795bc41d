import {
  LIVE,
  createAddressKeeper,
  drawShareLocal,
  langOfSearch,
  placeOfLive,
  placeOfRun,
  runKey,
  searchWithLang
} from "./chunk-MQDGVTMN.js";
import {
  initControls,
  initPresenter,
  onInteresting,
  placeSpeed,
  renderControls,
  renderSpeed
} from "./chunk-TM5DVG3W.js";
import {
  ostepOf,
  splitThreads
} from "./chunk-LYCZEWOZ.js";
import {
  isJobsModel
} from "./chunk-R2HXWHV2.js";
import {
  knownError,
  readError
} from "./chunk-KFGCQDDF.js";
import {
  scenarioTemplate
} from "./chunk-YPQFLZ5M.js";
import {
  atEnd,
  candidatePids,
  chooseNarration,
  cycleLayout,
  declOf,
  expectResults,
  isRaceLab,
  microText,
  narrationText,
  outcomeRows,
  problemsOf,
  threadStatus,
  whoFor,
  writerOf
} from "./chunk-6KQUN4NO.js";
import {
  createTimeline,
  lockStyle,
  renderLegend,
  renderTree
} from "./chunk-LJF7EW3Z.js";
import {
  LEAVE_REASON,
  LOAD_ERRORS,
  STATUS_TOO_BIG,
  afterClose,
  normalizeLessons,
  onPageLeave,
  resumeMessage,
  retryStart
} from "./chunk-5SMQBUYD.js";
import {
  MEMORY_KINDS,
  columnsOf,
  createDiagram,
  emptyView,
  foldCounts,
  foldEvents,
  fromSnapshot,
  ipcInScenario,
  keepWindow,
  label,
  lineText,
  logOf,
  renderIPC,
  renderLog,
  segmentRows,
  sentence,
  settleView,
  socketRows,
  taskTag,
  threaded,
  windowOf
} from "./chunk-X7FJ6C55.js";
import {
  renderExplain
} from "./chunk-KMHT7RCN.js";
import {
  decodeShare,
  encodeShare,
  isShareHash,
  loadMessage,
  loadedState,
  shareURL
} from "./chunk-65JYWMDR.js";
import {
  taskColor
} from "./chunk-2FXQCEFR.js";
import {
  NAMES_AT_MOST,
  getLang,
  namesAtMost,
  pick,
  pickLang,
  setLang,
  t
} from "./chunk-GO5LWYH4.js";
import {
  checkLoad,
  checkMessage,
  fmtBytes,
  getLimits,
  readSemantics,
  setLimits,
  tooLargeParams
} from "./chunk-J4M4X52N.js";

// js/delta.js
function foldTasks(held, msg, index) {
  const tasks = Array.isArray(msg.tasks) ? msg.tasks : [];
  if (!msg.delta) return tasks;
  if (!Array.isArray(held)) return null;
  const goneList = Array.isArray(msg.gone) ? msg.gone : [];
  const patch = !!msg.patch;
  if (index && !goneList.length) {
    const out2 = held.slice();
    for (const t2 of tasks) {
      const i = index.get(t2.pid);
      if (i !== void 0) out2[i] = patch ? patched(out2[i], t2) : t2;
      else {
        index.set(t2.pid, out2.length);
        out2.push(t2);
      }
    }
    return out2;
  }
  const changed = new Map(tasks.map((t2) => [t2.pid, t2]));
  const gone = new Set(goneList);
  const out = [];
  const kept = /* @__PURE__ */ new Set();
  for (const t2 of held) {
    if (gone.has(t2.pid)) continue;
    kept.add(t2.pid);
    const c = changed.get(t2.pid);
    out.push(c ? patch ? patched(t2, c) : c : t2);
  }
  for (const t2 of tasks) if (!kept.has(t2.pid)) out.push(t2);
  return out;
}
function patched(t2, p) {
  const out = { ...t2, ...p };
  if (p.unset !== void 0) {
    delete out.unset;
    for (const k of Array.isArray(p.unset) ? p.unset : []) delete out[k];
  }
  return out;
}
function indexOf(tasks) {
  const index = /* @__PURE__ */ new Map();
  for (let i = 0; i < tasks.length; i++) index.set(tasks[i].pid, i);
  return index.size === tasks.length ? index : null;
}
function withRows(msg) {
  if (!msg.tasks_rows) return msg;
  const { tasks_rows: _, ...whole } = msg;
  const rows = Array.isArray(msg.tasks) ? msg.tasks : [];
  const tasks = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) tasks[i] = i ? patched(tasks[i - 1], rows[i]) : rows[0];
  whole.tasks = tasks;
  return whole;
}
function withPrev(msg) {
  if (!msg.prev_delta) return msg;
  const { prev_delta: _, prev_gone: gone, ...whole } = msg;
  whole.prev = foldTasks(Array.isArray(msg.tasks) ? msg.tasks : [], { delta: true, tasks: msg.prev, gone });
  return whole;
}
function withBase(msg) {
  const base = msg.base;
  if (!base || !base.delta) return msg;
  const { delta: _, gone, ...rest } = base;
  const listed = /* @__PURE__ */ new Map();
  for (const t2 of Array.isArray(base.tasks) ? base.tasks : []) listed.set(t2.pid, t2);
  const dropped = new Set(Array.isArray(gone) ? gone : []);
  const tasks = [];
  for (const t2 of Array.isArray(msg.tasks) ? msg.tasks : []) {
    if (dropped.has(t2.pid)) continue;
    const c = listed.get(t2.pid);
    if (c) {
      tasks.push(c);
      listed.delete(t2.pid);
    } else {
      tasks.push({ pid: t2.pid, ppid: t2.ppid, tgid: t2.tgid, name: t2.name, state: t2.state, mode: t2.mode });
    }
  }
  for (const c of listed.values()) tasks.push(c);
  rest.tasks = tasks;
  return { ...msg, base: rest };
}
function newestByPid(tasks) {
  if (!Array.isArray(tasks) || tasks.length < 2) return tasks;
  let rising = true;
  for (let i = 1; i < tasks.length && rising; i++) rising = tasks[i].pid > tasks[i - 1].pid;
  if (rising) return tasks;
  const last = /* @__PURE__ */ new Map();
  for (let i = 0; i < tasks.length; i++) last.set(tasks[i].pid, i);
  if (last.size === tasks.length) return tasks;
  return tasks.filter((t2, i) => last.get(t2.pid) === i);
}
function newestTables(msg) {
  const tasks = newestByPid(msg.tasks);
  if (tasks === msg.tasks) return msg;
  const prev = newestByPid(msg.prev);
  const baseTasks = msg.base ? newestByPid(msg.base.tasks) : void 0;
  if (tasks === msg.tasks && prev === msg.prev && (!msg.base || baseTasks === msg.base.tasks)) return msg;
  const out = { ...msg, tasks, prev };
  if (msg.prev === void 0) delete out.prev;
  if (msg.base) out.base = { ...msg.base, tasks: baseTasks };
  return out;
}
var TaskTable = class {
  constructor() {
    this.held = null;
    this.index = null;
  }
  // hold makes tasks the table held, with its index (foldTasks).
  hold(tasks) {
    this.held = tasks;
    this.index = Array.isArray(tasks) ? indexOf(tasks) : null;
  }
  expand(msg) {
    if (!msg || typeof msg !== "object") return [];
    switch (msg.type) {
      case "loaded":
        this.hold(null);
        return [msg];
      case "snapshot": {
        const whole = newestTables(withBase(withPrev(withRows(msg))));
        this.hold(Array.isArray(whole.tasks) ? whole.tasks : []);
        return [whole];
      }
      case "events":
        return [this.step(msg)];
      case "batch": {
        const out = [];
        for (const f of Array.isArray(msg.frames) ? msg.frames : []) {
          const m = this.step(f);
          out.push(m);
          if (m.type === "resync") break;
        }
        return out;
      }
      default:
        return [msg];
    }
  }
  step(msg) {
    const fast = !!(msg.delta && this.index && !(Array.isArray(msg.gone) && msg.gone.length));
    const tasks = foldTasks(this.held, msg, fast ? this.index : void 0);
    if (!tasks) {
      this.hold(null);
      return { type: "resync", step: msg.step };
    }
    if (fast) this.held = tasks;
    if (!msg.delta) {
      const newest = newestByPid(tasks);
      this.hold(newest);
      return newest === tasks ? msg : { ...msg, tasks: newest };
    }
    if (!fast) this.hold(tasks);
    const { delta, gone, patch, ...whole } = msg;
    whole.tasks = tasks;
    return whole;
  }
};

// js/app.js
import { takeEarlySocket, SOCKET_PATH } from "./boot.js";

// js/ipc-panels.js
function el(doc, tag, cls, text) {
  const e = doc.createElement(tag);
  if (cls) e.className = cls;
  if (text !== void 0) e.textContent = text;
  return e;
}
function chip(doc, pid, colorOf) {
  const c = el(doc, "span", "ipc-chip", `P${pid}`);
  const col = colorOf(pid);
  if (col) c.style.borderColor = col;
  return c;
}
function renderShm(box, view, decl, colorOf) {
  const doc = box.ownerDocument;
  const rows = segmentRows(view, decl);
  const frag = doc.createDocumentFragment();
  for (const s2 of rows) {
    const card = el(doc, "div", "ipc-seg");
    card.dataset.name = s2.name;
    card.append(el(doc, "div", "ipc-name", s2.name));
    const vars = el(doc, "div", "ipc-row");
    vars.append(el(doc, "span", "ipc-lbl", t("ipc.shm.vars")));
    for (const v of s2.vars) {
      const cell = el(doc, "span", "ipc-var");
      cell.append(el(doc, "span", "ipc-vname", v.name), el(doc, "b", "ipc-vval", String(v.value)));
      vars.append(cell);
    }
    card.append(vars);
    for (const sem of s2.sems) {
      const r = el(doc, "div", "ipc-row ipc-sem");
      r.dataset.count = String(sem.count);
      r.append(el(doc, "span", "ipc-val", t("ipc.shm.sem", { name: sem.name, n: sem.count })));
      if (sem.waiters.length) {
        r.append(el(doc, "span", "ipc-sleep", t("ipc.shm.sleeping", { list: sem.waiters.map((p) => `P${p}`).join(" ← "), wchan: s2.wchan })));
      }
      card.append(r);
    }
    const att = el(doc, "div", "ipc-row ipc-attached");
    att.append(el(doc, "span", "ipc-lbl", t("ipc.shm.attached")));
    if (s2.attached.length) for (const pid of s2.attached) att.append(chip(doc, pid, colorOf));
    else att.append(el(doc, "span", "ipc-none", t("ipc.shm.nobody")));
    card.append(att);
    frag.append(card);
  }
  box.replaceChildren(frag);
  return rows.length > 0;
}
function renderSockets(box, view, colorOf) {
  const doc = box.ownerDocument;
  const all = view && view.ipc && view.ipc.sockets || [];
  const rows = socketRows(view);
  const frag = doc.createDocumentFragment();
  for (const s2 of rows) {
    const card = el(doc, "div", `ipc-sock st-${s2.state}`);
    card.dataset.name = s2.name;
    card.dataset.state = s2.state;
    const head = el(doc, "div", "ipc-head");
    head.append(el(doc, "span", "ipc-name", s2.name), el(doc, "span", `ipc-state st-${s2.state}`, t(`ipc.sock.state.${s2.state}`)));
    card.append(head, el(doc, "code", "ipc-call", s2.call));
    const facts = [];
    if (s2.accepted) facts.push(t("ipc.sock.accepted", { name: s2.accepted }));
    if (s2.peer) facts.push(t("ipc.sock.peer", { name: s2.peer }));
    if (facts.length) card.append(el(doc, "div", "ipc-row ipc-muted", facts.join(" · ")));
    if (s2.listening) {
      const q = el(doc, "div", "ipc-row ipc-acceptq");
      q.dataset.len = String(s2.acceptQ.length);
      q.append(el(doc, "span", "ipc-lbl", s2.acceptQ.length ? t("ipc.sock.acceptq", { n: s2.acceptQ.length, max: s2.backlog + 1 }) : t("ipc.sock.acceptq.empty", { max: s2.backlog + 1 })));
      for (const c of s2.acceptQ) q.append(el(doc, "span", "ipc-msg", c));
      card.append(q);
    } else if (s2.state !== "closed") {
      const q = el(doc, "div", "ipc-row ipc-rx");
      q.dataset.bytes = String(s2.rxBytes);
      let lbl;
      if (s2.type === "stream") lbl = t("ipc.sock.stream", { bytes: s2.rxBytes, cap: s2.rcvbuf });
      else if (s2.qlen) lbl = t("ipc.sock.unixq", { n: s2.rx.length, max: s2.qlen + 1 });
      else lbl = t(s2.rx.length === 1 ? "ipc.sock.dgram.one" : "ipc.sock.dgram", { n: s2.rx.length, bytes: s2.rxBytes, cap: s2.rcvbuf });
      q.append(el(doc, "span", "ipc-lbl", lbl));
      const bar = el(doc, "span", s2.type === "stream" ? "ipc-bytes stream" : "ipc-bytes");
      s2.rx.forEach((n, k) => {
        const m = el(doc, "span", "ipc-msg", `${n} B`);
        m.title = t("ipc.sock.from", { name: s2.rxFrom[k] || "?" });
        bar.append(m);
      });
      if (s2.rx.length) q.append(bar);
      card.append(q);
    }
    if (s2.early.length) card.append(el(doc, "div", "ipc-row ipc-muted", t("ipc.sock.early", { bytes: s2.early.reduce((a, b) => a + b, 0) })));
    if (s2.eof) card.append(el(doc, "div", "ipc-row ipc-muted", t("ipc.sock.eof")));
    if (s2.drops) card.append(el(doc, "div", "ipc-row ipc-drops", t("ipc.sock.drops", { n: s2.drops })));
    for (const w of s2.sleepers) {
      const r = el(doc, "div", "ipc-row ipc-sleeper");
      r.append(chip(doc, w.pid, colorOf), el(doc, "span", "ipc-sleep", t("ipc.sock.sleeper", { p: `P${w.pid}`, wchan: w.wchan })));
      card.append(r);
    }
    card.append(el(doc, "div", "ipc-row ipc-counts", t("ipc.sock.counts", { s: s2.sent, r: s2.received })));
    frag.append(card);
  }
  if (!rows.length && all.length) frag.append(el(doc, "p", "ipc-none", t("ipc.sock.none", { n: all.length })));
  box.replaceChildren(frag);
  return all.length > 0;
}

// js/code.js
var LIVE2 = /* @__PURE__ */ new Set(["runnable", "running", "sleeping", "disk", "stopped", "traced"]);
var expanded = /* @__PURE__ */ new Set();
var MAX_CHIPS = 12;
var openChips = /* @__PURE__ */ new Set();
function toggleMicro(target) {
  const m = target.closest && target.closest("button[data-more-chips]");
  if (m) {
    const k = m.dataset.moreChips;
    if (openChips.has(k)) openChips.delete(k);
    else openChips.add(k);
    return true;
  }
  const b = target.closest && target.closest("button[data-micro], button[data-micro-all]");
  if (!b) return false;
  if (b.dataset.microAll !== void 0) {
    const prog = b.dataset.microAll;
    const keys = [...b.closest(".prog").querySelectorAll("button[data-micro]")].map((x) => x.dataset.micro);
    const open = keys.some((k) => !expanded.has(k));
    for (const k of keys) if (open) expanded.add(k);
    else expanded.delete(k);
    if (!keys.length) expanded.add(`${prog}:all`);
  } else if (expanded.has(b.dataset.micro)) expanded.delete(b.dataset.micro);
  else expanded.add(b.dataset.micro);
  return true;
}
function resetMicro() {
  expanded.clear();
  openChips.clear();
}
function statements(code) {
  const out = [];
  for (const c of code || []) {
    const last = out[out.length - 1];
    if (last && last.line === c.line && last.text === c.text && c.index === last.micro[last.micro.length - 1].index + 1) last.micro.push(c);
    else out.push({ line: c.line, text: c.text, first: c.index, micro: [c] });
  }
  return out;
}
var panes = /* @__PURE__ */ new WeakMap();
function shapeOf(programs) {
  return JSON.stringify(programs.map((p) => [p.name, !!p.thread, p.thread ? p.code && p.code.length : (p.code || []).map((l) => [l.line, l.text])]));
}
function renderCode(container, programs, view, decl, build = Infinity) {
  const doc = container.ownerDocument;
  if (!programs || !programs.length) {
    const p = doc.createElement("p");
    p.className = "muted";
    p.textContent = t("code.none");
    container.replaceChildren(p);
    panes.delete(container);
    return;
  }
  const at = /* @__PURE__ */ new Map();
  for (const task of view.tasks) {
    if (!LIVE2.has(task.state) || !task.line || task.program < 0) continue;
    const k = `${task.program}:${task.line}`;
    if (!at.has(k)) at.set(k, []);
    at.get(k).push(task);
  }
  const ranAt = /* @__PURE__ */ new Map();
  for (const r of view.ran || []) {
    const k = `${r.program}:${r.line}`;
    if (!ranAt.has(k)) ranAt.set(k, []);
    ranAt.get(k).push(r.pid);
  }
  let st = panes.get(container);
  const shape = st && st.programs === programs ? st.shape : shapeOf(programs);
  if (!st || st.shape !== shape || st.panes[0] && !container.contains(st.panes[0].box || st.panes[0].el)) {
    st = { shape, panes: programs.map((prog, i) => prog.thread ? { thread: true, el: doc.createElement("div") } : i < build ? progPane(doc, prog, i) : pendingPane(doc, prog, i)) };
    container.replaceChildren(...st.panes.map((p) => p.box || p.el));
    panes.set(container, st);
  }
  let pending = false;
  programs.forEach((prog, i) => {
    const pane = st.panes[i];
    if (!pane.pending) return;
    if (i >= build) {
      pending = true;
      return;
    }
    const built = progPane(doc, prog, i);
    pane.box.replaceWith(built.box);
    st.panes[i] = built;
  });
  st.programs = programs;
  const live = /* @__PURE__ */ new Map();
  for (const task of view.tasks) {
    if (!LIVE2.has(task.state)) continue;
    if (!live.has(task.program)) live.set(task.program, []);
    live.get(task.program).push(task);
  }
  const moved = /* @__PURE__ */ new Map();
  const spare = { "ran-mark": [], "next-mark": [] };
  const todo = [];
  programs.forEach((prog, i) => {
    const pane = st.panes[i];
    if (pane.thread) {
      const el2 = threadPane(doc, prog, i, view, decl);
      pane.el.replaceWith(el2);
      pane.el = el2;
      return;
    }
    if (pane.pending) return;
    patchChips(pane.head, 1, pickChips(live.get(i) || [], `${i}:head`), null, view, null);
    for (const ln of pane.lines) {
      const k = `${i}:${ln.line}`;
      const here = at.get(k);
      const ranHere = ranAt.get(k);
      if (!here && !ranHere && ln.cls === "") continue;
      const want = here || [];
      const pick3 = pickChips(want, k);
      dropChips(ln.marks, 0, pick3.shown, moved);
      dropMarks(ln.gut, !!ranHere, want.length > 0, spare);
      todo.push([ln, want, ranHere, pick3]);
    }
  });
  for (const [ln, here, ranHere, pick3] of todo) {
    const running = here.find((x) => x.state === "running");
    const ran = ranHere ? [...new Set(ranHere)] : [];
    const next = [...new Set(here.map((x) => x.pid))];
    const cls = [here.length ? "at" : "", running ? "running" : "", ran.length ? "ran" : "", next.length ? "next" : "", here.length > MAX_CHIPS ? "crowd" : ""].filter(Boolean).join(" ");
    if (ln.cls !== cls) {
      if (cls) ln.li.className = cls;
      else ln.li.removeAttribute("class");
      ln.cls = cls;
    }
    const fill = running ? taskColor(running.pid).fill : "";
    if (ln.task !== fill) {
      if (fill) ln.li.style.setProperty("--task", fill);
      else ln.li.removeAttribute("style");
      ln.task = fill;
    }
    patchGutter(doc, ln.gut, ran, next, view, spare);
    patchChips(ln.marks, 0, pick3, "code.at", view, moved);
  }
  return pending;
}
function paneBox(doc, prog, i, cls) {
  const box = doc.createElement("div");
  box.className = cls;
  box.dataset.program = String(i);
  const head = doc.createElement("div");
  head.className = "prog-head";
  const nm = doc.createElement("span");
  nm.className = "prog-name";
  nm.textContent = prog.name;
  head.append(nm);
  return { box, head };
}
function pendingPane(doc, prog, i) {
  const { box, head } = paneBox(doc, prog, i, "prog");
  box.append(head);
  box.style.setProperty("--pane-lines", String((prog.code || []).length));
  return { box, head, pending: true };
}
function progPane(doc, prog, i) {
  const { box, head } = paneBox(doc, prog, i, "prog");
  box.append(head);
  const ol = doc.createElement("ol");
  ol.className = "lines";
  const lines = [];
  for (const ln of prog.code || []) {
    const li = doc.createElement("li");
    li.dataset.line = String(ln.line);
    const gut = doc.createElement("span");
    gut.className = "gut";
    const no = doc.createElement("span");
    no.className = "ln";
    no.textContent = String(ln.line);
    const tx = doc.createElement("code");
    tx.textContent = ln.text.replace(/^\s{0,4}/, "");
    const marks = doc.createElement("span");
    marks.className = "marks";
    li.append(gut, no, tx, marks);
    ol.append(li);
    lines.push({ line: ln.line, li, gut, marks, cls: "", task: "" });
  }
  box.append(ol);
  box.style.setProperty("--pane-lines", String(lines.length));
  return { box, head, lines };
}
function patchGutter(doc, g, ran, next, view, spare) {
  let r = null, n = null;
  for (const c of g.children) {
    if (c.className === "ran-mark") r = c;
    else if (c.className === "next-mark") n = c;
  }
  if (ran.length) {
    if (!r) r = g.insertBefore(spare && spare["ran-mark"].pop() || markEl(doc, "ran-mark", "✓"), g.firstChild);
    setMarkTitle(r, ran.length > 1 ? "code.ran.title.many" : "code.ran.title", ran, view, view.step);
  } else if (r) r.remove();
  if (next.length) {
    if (!n) n = g.appendChild(spare && spare["next-mark"].pop() || markEl(doc, "next-mark", "▶"));
    setMarkTitle(n, next.length > 1 ? "code.next.title.many" : "code.next.title", next, view, void 0);
  } else if (n) n.remove();
}
function dropMarks(g, ran, next, spare) {
  for (let c = g.firstChild; c; ) {
    const n = c.nextSibling;
    if (!ran && c.className === "ran-mark" || !next && c.className === "next-mark") {
      c.remove();
      spare[c.className].push(c);
    }
    c = n;
  }
}
function markEl(doc, cls, text) {
  const e = doc.createElement("span");
  e.className = cls;
  e.textContent = text;
  return e;
}
function setMarkTitle(m, key, pids, view, n) {
  const who = pids.map((p) => taskTag(view, p)).join(", ");
  const k = `${getLang()}|${key}|${n}|${who}`;
  if (m.markKey === k) return;
  m.markKey = k;
  const title = t(key, { p: who, n });
  if (m.title !== title) {
    m.title = title;
    m.setAttribute("aria-label", title);
  }
}
function pickChips(want, key) {
  if (want.length <= MAX_CHIPS) return { want, shown: want, rest: null, key };
  if (openChips.has(key)) return { want, shown: want, rest: [], key };
  const pick3 = /* @__PURE__ */ new Set();
  for (const task of want) if (task.state === "running" && pick3.size < MAX_CHIPS) pick3.add(task);
  for (const task of want) {
    if (pick3.size >= MAX_CHIPS) break;
    pick3.add(task);
  }
  const shown = [], rest = [];
  for (const task of want) (pick3.has(task) ? shown : rest).push(task);
  return { want, shown, rest, key };
}
function dropChips(holder, from, shown, moved) {
  let el2 = holder.children[from] || null;
  if (!el2) return;
  const keep = /* @__PURE__ */ new Set();
  for (const task of shown) keep.add(task.pid);
  while (el2) {
    const nx = el2.nextElementSibling;
    if (el2.tagName !== "BUTTON" && !keep.has(el2.chipPid)) {
      el2.remove();
      if (moved) moved.set(el2.chipPid, el2);
    }
    el2 = nx;
  }
}
function patchChips(holder, from, pick3, titleKey, view, moved) {
  const doc = holder.ownerDocument;
  const { want, shown, rest, key } = pick3;
  dropChips(holder, from, shown, moved);
  const have = /* @__PURE__ */ new Map();
  for (let c = holder.children[from] || null; c; c = c.nextElementSibling) if (c.tagName !== "BUTTON") have.set(c.chipPid, c);
  let el2 = holder.children[from] || null;
  for (const task of shown) {
    let c = have.get(task.pid);
    if (!c && moved) {
      c = moved.get(task.pid);
      if (c) moved.delete(task.pid);
    }
    if (!c) c = doc.createElement("span");
    if (c === el2) el2 = el2.nextElementSibling;
    else holder.insertBefore(c, el2);
    setChip(c, task, view, titleKey);
  }
  if (rest) {
    if (!el2 || el2.tagName !== "BUTTON") {
      const b = doc.createElement("button");
      b.type = "button";
      holder.insertBefore(b, el2);
      el2 = b;
    }
    setMore(el2, rest, want.length, key, view, titleKey === null);
    el2 = el2.nextElementSibling;
  }
  while (el2) {
    const n = el2.nextElementSibling;
    el2.remove();
    el2 = n;
  }
}
function setMore(b, rest, all, key, view, head) {
  const tags = namesAtMost(rest.slice(0, NAMES_AT_MOST).map((task) => taskTag(view, task.pid)), rest.length);
  const k = `${getLang()}|${key}|${all}|${head}|${rest.length}|${tags}`;
  if (b.moreKey === k) return;
  b.moreKey = k;
  if (b.className !== "chip more-chips") b.className = "chip more-chips";
  if (b.dataset.moreChips !== key) b.dataset.moreChips = key;
  const open = !rest.length;
  const text = open ? "−" : `+${rest.length}`;
  if (b.textContent !== text) b.textContent = text;
  const expandedAttr = open ? "true" : "false";
  if (b.getAttribute("aria-expanded") !== expandedAttr) b.setAttribute("aria-expanded", expandedAttr);
  const title = open ? t("code.fewer", { n: MAX_CHIPS, all }) : t(head ? "code.more.head" : "code.more", { n: rest.length, p: tags });
  if (b.title !== title) b.title = title;
  const label2 = open ? t("code.fewer", { n: MAX_CHIPS, all }) : t("code.more.label", { n: rest.length });
  if (b.getAttribute("aria-label") !== label2) b.setAttribute("aria-label", label2);
}
function gutter(doc, ran, next, view, li) {
  const g = doc.createElement("span");
  g.className = "gut";
  const step = view.step;
  ran = [...new Set(ran)];
  next = [...new Set(next)];
  const who = (pids) => pids.map((p) => taskTag(view, p)).join(", ");
  if (ran.length) {
    li.classList.add("ran");
    const m = doc.createElement("span");
    m.className = "ran-mark";
    m.textContent = "✓";
    m.title = t(ran.length > 1 ? "code.ran.title.many" : "code.ran.title", { p: who(ran), n: step });
    m.setAttribute("aria-label", m.title);
    g.append(m);
  }
  if (next.length) {
    li.classList.add("next");
    const m = doc.createElement("span");
    m.className = "next-mark";
    m.textContent = "▶";
    m.title = t(next.length > 1 ? "code.next.title.many" : "code.next.title", { p: who(next) });
    m.setAttribute("aria-label", m.title);
    g.append(m);
  }
  return g;
}
var lineGutter = gutter;
function chip2(doc, task, view) {
  return setChip(doc.createElement("span"), task, view, null);
}
function setChip(s2, task, view, titleKey) {
  const cls = task.state === "running" ? "chip on" : "chip";
  if (s2.chipCls !== cls) {
    s2.className = cls;
    s2.chipCls = cls;
  }
  const tag = taskTag(view, task.pid);
  if (s2.chipPid !== task.pid) {
    const c = taskColor(task.pid);
    s2.dataset.task = String(task.pid);
    s2.style.background = c.fill;
    s2.style.color = c.ink;
    s2.chipPid = task.pid;
    s2.chipTag = void 0;
  }
  if (s2.chipTag !== tag) {
    s2.textContent = tag;
    s2.chipTag = tag;
    s2.chipTitle = void 0;
  }
  const title = titleKey === null ? null : `${getLang()}|${titleKey}`;
  if (s2.chipTitle !== title) {
    if (title === null) s2.removeAttribute("title");
    else s2.title = t(titleKey, { p: tag });
    s2.chipTitle = title;
  }
  return s2;
}
function threadPane(doc, prog, i, view, decl) {
  const tasks = view.tasks.filter((x) => x.program === i && x.pid !== 1);
  const task = tasks.find((x) => LIVE2.has(x.state)) || tasks[tasks.length - 1];
  const others = tasks.filter((x) => x !== task && LIVE2.has(x.state));
  const othersAt = /* @__PURE__ */ new Map();
  const { box, head } = paneBox(doc, prog, i, "prog thread");
  box.dataset.thread = prog.name;
  const live = task && LIVE2.has(task.state);
  const pc = live ? task.pc : -1;
  box.dataset.pc = String(pc);
  if (task) {
    head.append(chip2(doc, task, view));
    const st = threadStatus(task, view);
    const s2 = doc.createElement("span");
    s2.className = `th-status th-${st.s}`;
    const objName = (o) => decl && decl.objects && decl.objects[o] ? decl.objects[o].name : `#${o}`;
    s2.textContent = st.s === "done" ? t("race.thread.done") : st.s === "blocked" ? t("race.thread.blocked", { obj: objName(st.obj) }) : st.s === "spin" ? t("race.thread.spin", { obj: objName(st.obj) }) : t("state." + task.state);
    head.append(s2);
    if (task.in_cs && live) {
      const cs = doc.createElement("span");
      cs.className = "th-cs";
      cs.textContent = t("race.thread.cs");
      head.append(cs);
    }
  }
  for (const o of others) {
    const st = threadStatus(o, view);
    const objName = (x) => decl && decl.objects && decl.objects[x] ? decl.objects[x].name : `#${x}`;
    const wrap = doc.createElement("span");
    wrap.className = "th-other";
    const s2 = doc.createElement("span");
    s2.className = `th-status th-${st.s}`;
    s2.textContent = st.s === "blocked" ? t("race.thread.blocked", { obj: objName(st.obj) }) : st.s === "spin" ? t("race.thread.spin", { obj: objName(st.obj) }) : t("state." + o.state);
    wrap.append(chip2(doc, o, view), s2);
    head.append(wrap);
  }
  const ranHere = (view.ran || []).filter((r) => r.program === i).sort((a, b) => (task && b.pid === task.pid) - (task && a.pid === task.pid));
  const stmts = statements(prog.code);
  for (const o of others) {
    const st = stmts.find((x) => x.micro.some((m) => m.index === o.pc));
    if (!st) continue;
    if (!othersAt.has(st.first)) othersAt.set(st.first, []);
    othersAt.get(st.first).push(o);
  }
  if (stmts.some((x) => x.micro.length > 1)) {
    const all = doc.createElement("button");
    all.type = "button";
    all.className = "micro-all";
    all.dataset.microAll = String(i);
    const open = stmts.filter((x) => x.micro.length > 1).every((x) => expanded.has(`${i}:${x.first}`));
    all.textContent = open ? t("race.micro.hide") : t("race.micro.show");
    all.title = t("race.micro.title");
    all.setAttribute("aria-pressed", open ? "true" : "false");
    head.append(all);
  }
  box.append(head);
  const body = doc.createElement("div");
  body.className = "thread-body";
  const ol = doc.createElement("ol");
  ol.className = "lines stmts";
  const col = task ? taskColor(task.pid) : null;
  for (const st of stmts) {
    const li = doc.createElement("li");
    li.className = "stmt";
    li.dataset.line = String(st.line);
    const here = st.micro.some((m) => m.index === pc);
    const key = `${i}:${st.first}`;
    const open = expanded.has(key) || expanded.has(`${i}:all`);
    const row = doc.createElement("div");
    row.className = "stmt-row";
    const tg = doc.createElement("button");
    tg.type = "button";
    tg.className = "tg";
    if (st.micro.length > 1) {
      tg.dataset.micro = key;
      tg.setAttribute("aria-expanded", open ? "true" : "false");
      tg.title = open ? t("race.micro.hide") : t("race.micro.show");
      tg.textContent = open ? "▾" : "▸";
    } else {
      tg.disabled = true;
      tg.setAttribute("aria-hidden", "true");
      tg.textContent = "";
    }
    const no = doc.createElement("span");
    no.className = "ln";
    no.textContent = String(st.line);
    const tx = doc.createElement("code");
    tx.textContent = st.text.replace(/^\s{0,4}/, "");
    const ranSt = ranHere.filter((r) => st.micro.some((m) => m.index === r.pc));
    const ranEntry = ranSt[0];
    const ranPc = ranEntry ? ranEntry.pc : -1;
    const alsoHere = othersAt.get(st.first) || [];
    const nextPids = (here && task ? [task.pid] : []).concat(alsoHere.map((o) => o.pid));
    row.append(tg, gutter(doc, ranSt.map((r) => r.pid), nextPids, view, li), no, tx);
    if (alsoHere.length) {
      li.classList.add("at");
      const m = doc.createElement("span");
      m.className = "marks others";
      for (const o of alsoHere) {
        const c = chip2(doc, o, view);
        c.title = t("race.pc", { p: taskTag(view, o.pid) });
        m.append(c);
      }
      row.append(m);
    }
    if (here) {
      li.classList.add("cur");
      if (task && task.state === "running") li.classList.add("running");
      li.style.setProperty("--task", col.fill);
      const m = doc.createElement("span");
      m.className = "marks";
      const c = chip2(doc, task, view);
      c.title = t("race.pc", { p: taskTag(view, task.pid) });
      m.append(c);
      row.append(m);
    }
    li.append(row);
    if (ranEntry && !open && st.micro.length > 1) {
      const k = st.micro.findIndex((m) => m.index === ranPc);
      const done = doc.createElement("div");
      done.className = "micro-ran";
      done.dataset.index = String(ranPc);
      const mk = doc.createElement("span");
      mk.className = "mk";
      mk.textContent = `✓ ${k + 1}/${st.micro.length}`;
      mk.title = t("code.ran.title", { p: taskTag(view, ranEntry.pid), n: view.step });
      const mc = doc.createElement("code");
      mc.textContent = microText(st.micro[k].micro || "");
      done.append(mk, mc);
      li.append(done);
    }
    if (here && !open && st.micro.length > 1) {
      const k = st.micro.findIndex((m) => m.index === pc);
      const now = doc.createElement("div");
      now.className = "micro-now";
      now.dataset.index = String(pc);
      const mk = doc.createElement("span");
      mk.className = "mk";
      mk.textContent = `▶ ${k + 1}/${st.micro.length}`;
      mk.title = t("code.next.title", { p: taskTag(view, task.pid) });
      const mc = doc.createElement("code");
      mc.textContent = microText(st.micro[k].micro || "");
      now.append(mk, mc);
      li.append(now);
    }
    if (open && st.micro.length > 1) {
      const sub = doc.createElement("ol");
      sub.className = "micros";
      st.micro.forEach((m, k) => {
        const mi = doc.createElement("li");
        mi.className = "micro";
        mi.dataset.index = String(m.index);
        const n = doc.createElement("span");
        n.className = "mn";
        n.textContent = String(k + 1);
        const c = doc.createElement("code");
        c.textContent = m.micro ? microText(m.micro) : m.text;
        mi.append(n, c);
        const ranMicro = ranSt.filter((r) => r.pc === m.index).map((r) => r.pid);
        if (ranMicro.length) {
          mi.classList.add("ran");
          const ok = doc.createElement("span");
          ok.className = "ran-mark";
          ok.textContent = "✓";
          ok.title = t(ranMicro.length > 1 ? "code.ran.title.many" : "code.ran.title", { p: ranMicro.map((p) => taskTag(view, p)).join(", "), n: view.step });
          ok.setAttribute("aria-label", ok.title);
          mi.insertBefore(ok, n);
        }
        if (m.index === pc) {
          mi.classList.add("cur");
          mi.style.setProperty("--task", col.fill);
          const ar = doc.createElement("span");
          ar.className = "here";
          ar.textContent = "◀";
          ar.setAttribute("aria-hidden", "true");
          mi.append(ar);
        }
        sub.append(mi);
      });
      li.append(sub);
    }
    ol.append(li);
  }
  body.append(ol);
  const names = prog.locals || [];
  if (names.length) {
    for (const who of [task, ...others]) {
      const loc = doc.createElement("dl");
      loc.className = "locals";
      loc.setAttribute("aria-label", t("race.locals"));
      if (others.length && who) {
        loc.dataset.pid = String(who.pid);
        loc.append(chip2(doc, who, view));
      }
      names.forEach((n, k) => {
        const d = doc.createElement("div");
        d.dataset.local = n;
        const val = who && who.locals ? who.locals[k] ?? 0 : 0;
        d.dataset.value = String(val);
        if (/^r\d+$/.test(n)) d.className = "reg";
        const dt = doc.createElement("dt");
        dt.textContent = n;
        const dd = doc.createElement("dd");
        dd.textContent = String(val);
        d.append(dt, dd);
        loc.append(d);
      });
      body.append(loc);
    }
  }
  box.append(body);
  return box;
}

// js/sight.js
function createSight(IO, panels, draw) {
  const out = /* @__PURE__ */ new Set();
  const late = /* @__PURE__ */ new Set();
  const nameOf = /* @__PURE__ */ new Map();
  for (const [name, el2] of Object.entries(panels)) if (el2) nameOf.set(el2, name);
  if (IO) {
    const io = new IO((entries) => {
      for (const e of entries) {
        const name = nameOf.get(e.target);
        if (name === void 0) continue;
        if (!e.isIntersecting) {
          out.add(name);
          continue;
        }
        out.delete(name);
        if (late.delete(name)) draw(name);
      }
    });
    for (const el2 of nameOf.keys()) io.observe(el2);
  }
  return {
    // wants says whether panel name is to be drawn now: always when not
    // playing, else when it is in sight. A draw left out is remembered.
    wants(name, playing) {
      if (playing && out.has(name)) {
        late.add(name);
        return false;
      }
      late.delete(name);
      return true;
    },
    // flush draws the panels whose draws were left out (playing stopped).
    flush() {
      for (const name of [...late]) {
        late.delete(name);
        draw(name);
      }
    },
    // late: the names of the panels left undrawn (for tests).
    get late() {
      return [...late];
    }
  };
}

// js/output.js
function outputRows(lines) {
  const rows = [];
  let cur = null;
  const close = () => {
    if (cur) {
      cur.open = false;
      cur = null;
    }
  };
  for (const l of lines || []) {
    const stderr = !!l.stderr;
    if (l.truncated) {
      close();
      rows.push({
        segs: [{ pid: l.pid, text: String(l.text ?? "").trimEnd(), stderr, step: l.step, index: l.index }],
        pid: l.pid,
        step: l.step,
        index: l.index,
        stderr,
        open: false,
        truncated: true
      });
      continue;
    }
    if (cur && cur.stderr !== stderr) close();
    const parts = String(l.text ?? "").split("\n");
    parts.forEach((part, k) => {
      const last = k === parts.length - 1;
      if (last && part === "") return;
      if (!cur) {
        cur = { segs: [], pid: l.pid, step: l.step, index: l.index, stderr, open: true };
        rows.push(cur);
      }
      if (part !== "" || !cur.segs.length) cur.segs.push({ pid: l.pid, text: part, stderr, step: l.step, index: l.index });
      cur.step = l.step;
      if (!last) close();
    });
  }
  return rows;
}
function rowWriters(row) {
  const out = [];
  for (const s2 of row.segs) if (!out.includes(s2.pid)) out.push(s2.pid);
  return out;
}
function renderOutput(el2, view, atEnd2) {
  const doc = el2.ownerDocument;
  const rows = outputRows(view.output);
  const items = [];
  const omitted = view.outputOmitted || 0;
  if (omitted > 0) {
    const li = doc.createElement("li");
    li.className = "out-omitted";
    li.dataset.omitted = String(omitted);
    li.textContent = t(omitted === 1 ? "go.output.omitted.one" : "go.output.omitted", { n: omitted });
    items.push(li);
  }
  if (!rows.length && !omitted) {
    const li = doc.createElement("li");
    li.className = "out-none";
    li.textContent = t(atEnd2 ? "go.output.none.end" : "go.output.none");
    items.push(li);
  }
  const byName = /* @__PURE__ */ new Map();
  for (const pid of new Set((view.output || []).map((l) => l.pid))) {
    const n = view.names && view.names[pid] || "";
    byName.set(n, (byName.get(n) || 0) + 1);
  }
  const nameOf = (pid) => {
    const n = view.names && view.names[pid];
    if (!n) return taskTag(view, pid);
    return byName.get(n) > 1 ? `${n}·${pid}` : n;
  };
  let prev = null;
  for (const row of rows) {
    const cont = !!prev && prev.segs.length > 0 && row.segs.length > 0 && prev.segs[prev.segs.length - 1].index === row.segs[0].index;
    prev = row;
    const li = doc.createElement("li");
    li.className = "out-line" + (row.stderr ? " stderr" : "") + (cont ? " cont" : "") + (row.segs.some((s2) => s2.step === view.step) ? " now" : "");
    li.dataset.pid = String(row.pid);
    li.dataset.step = String(row.step);
    li.dataset.index = String(row.index);
    const c = taskColor(row.pid);
    li.style.setProperty("--task", c.fill);
    const who = doc.createElement("span");
    who.className = "out-who";
    for (const pid of rowWriters(row)) {
      const chip4 = doc.createElement("span");
      const cc = taskColor(pid);
      chip4.className = "out-chip";
      chip4.dataset.pid = String(pid);
      chip4.style.background = cc.fill;
      chip4.style.color = cc.ink;
      chip4.textContent = nameOf(pid);
      chip4.title = taskTag(view, pid);
      if (cont) chip4.setAttribute("aria-hidden", "true");
      who.append(chip4);
    }
    const code = doc.createElement("code");
    code.className = "out-text";
    for (const s2 of row.segs) {
      const span = doc.createElement("span");
      span.className = "out-seg";
      span.dataset.pid = String(s2.pid);
      span.style.setProperty("--task", taskColor(s2.pid).fill);
      span.textContent = row.truncated ? t("go.output.truncated") : s2.text;
      span.title = row.truncated ? s2.text : t("go.output.by", { p: nameOf(s2.pid), n: s2.step });
      code.append(span);
    }
    li.append(who, code);
    if (row.stderr && !cont) {
      const b = doc.createElement("span");
      b.className = "out-err";
      b.textContent = t("go.output.stderr");
      b.title = t("go.output.stderr.title");
      li.append(b);
    }
    items.push(li);
  }
  el2.replaceChildren(...items);
  el2.scrollTop = el2.scrollHeight;
}

// js/race.js
function wordsAround(sentence2, node) {
  const [before, after = ""] = sentence2.split("\0");
  return [before, node, after].filter((x) => x !== "");
}
var SVG = "http://www.w3.org/2000/svg";
var $ = (id) => document.getElementById(id);
function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === void 0 || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("data-") || k.startsWith("aria-") || k === "role" || k === "title" || k === "type" || k === "lang") e.setAttribute(k, v === true ? "" : String(v));
    else e[k] = v;
  }
  for (const c of kids.flat(Infinity)) if (c !== null && c !== void 0 && c !== false) e.append(c);
  return e;
}
function s(name, attrs, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  if (parent) parent.append(e);
  return e;
}
function token(pid, view, extra = "") {
  const c = taskColor(pid);
  const name = view.names && view.names[pid] || `P${pid}`;
  const e = h("span", { class: `rtoken ${extra}`.trim(), "data-pid": pid, title: label(pid, name, threaded(view, pid), !!view.go) }, name);
  e.style.background = c.fill;
  e.style.color = c.ink;
  return e;
}
function createRaceView(api) {
  let lastExploreKey = "";
  let lastProgress = null;
  let cancelling = false;
  const progressBox = h(
    "div",
    { id: "explore-progress", class: "explore-progress" },
    h("div", { class: "ep-bar", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": 0 }, h("div", { class: "ep-fill" })),
    h(
      "div",
      { class: "ep-row" },
      h("span", { class: "ep-text", "aria-live": "polite" }),
      h("button", { id: "btn-explore-cancel", type: "button", class: "btn small" })
    )
  );
  progressBox.hidden = true;
  $("explore-note").before(progressBox);
  $("btn-explore-cancel").addEventListener("click", () => {
    if (!api.state().exploring || cancelling) return;
    cancelling = true;
    api.send({ type: "cancel_explore" });
    renderProgress(api.state());
  });
  $("problems").addEventListener("click", (e) => {
    const b = e.target.closest("[data-goto]");
    if (b) api.seek(Number(b.dataset.goto));
  });
  $("decision").addEventListener("click", (e) => {
    const b = e.target.closest("button[data-choose]");
    if (b && !b.disabled) choose(Number(b.dataset.choose));
  });
  $("diagram").addEventListener("click", (e) => {
    const tk = e.target.closest(".token.candidate[data-pid]");
    if (tk) choose(Number(tk.dataset.pid));
  });
  $("diagram").addEventListener("keydown", (e) => {
    if (e.key !== "Enter" && e.key !== " ") return;
    const tk = e.target.closest && e.target.closest(".token.candidate[data-pid]");
    if (tk) {
      e.preventDefault();
      choose(Number(tk.dataset.pid));
    }
  });
  for (const r of document.querySelectorAll('input[name="picker"]')) r.addEventListener("change", () => applyPicker());
  $("pick-interleave").addEventListener("change", () => applyPicker());
  $("pick-apply").addEventListener("click", () => applyPicker());
  $("pick-seed").addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      applyPicker();
    }
  });
  $("btn-explore").addEventListener("click", () => {
    const st = api.state();
    if (!st.loaded) return;
    lastProgress = null;
    cancelling = false;
    api.send({ type: "explore" });
    api.setExploring(true);
  });
  $("explored").addEventListener("click", (e) => {
    const b = e.target.closest("button[data-witness]");
    if (!b) return;
    const st = api.state();
    const o = st.explored && st.explored.outcomes[Number(b.dataset.witness)];
    if (o) api.reload({ choices: o.witness, interleave: true, picker: "policy", manual: false });
  });
  let pendingChoice = false;
  function choose(pid) {
    const st = api.state();
    if (!st.view.decision || pendingChoice) return;
    pendingChoice = true;
    api.send({ type: "choose", pid });
  }
  function applyPicker() {
    const mode = (document.querySelector('input[name="picker"]:checked') || {}).value || "policy";
    const seed = Number($("pick-seed").value);
    const opts = { picker: mode === "random" ? "random" : "policy", manual: mode === "manual", interleave: $("pick-interleave").checked, choices: [] };
    if (mode === "random" && Number.isSafeInteger(seed) && seed > 0) opts.seed = seed;
    api.reload(opts);
  }
  function render() {
    pendingChoice = false;
    const st = api.state();
    const { loaded, view } = st;
    const decl = loaded || {};
    $("vars-card").hidden = !(decl.vars || []).length && !(decl.expects || []).length;
    const go = decl.lang === "go";
    $("output-card").hidden = !go;
    if (go) renderOutput($("output"), view, atEnd(view));
    else $("output").replaceChildren();
    renderVars(decl, view);
    renderExpects(decl, view);
    renderObjects(decl, view);
    renderProblems(view, decl);
    renderRunner(st);
    renderCandidates(view);
    renderExplored(st);
  }
  function renderVars(decl, view) {
    const box = $("vars");
    const vars = decl.vars || [];
    if (!vars.length) {
      box.replaceChildren(h("p", { class: "muted", text: t("race.vars.none") }));
      return;
    }
    const w = writerOf(view);
    const rows = vars.map((v, i) => {
      const val = view.vars && view.vars[i] !== void 0 ? view.vars[i] : v.init;
      const wr = w[i];
      const row = h(
        "div",
        { class: "var" + (wr ? " written" : ""), "data-var": v.name, "data-value": val },
        h("span", { class: "vname", text: v.name }),
        h("span", { class: "vval", text: String(val) }),
        h("span", { class: "vnote" }, wr ? [h("span", { class: "writer" }, "✎ ", ...wordsAround(t("race.written", { p: "\0" }), token(wr.pid, view))), h("span", { class: "was", text: t("race.was", { old: wr.old }) })] : h("span", { class: "muted", text: t("race.init", { v: v.init }) }))
      );
      if (wr) row.dataset.writer = String(wr.pid);
      return row;
    });
    box.replaceChildren(...rows);
  }
  function renderExpects(decl, view) {
    const box = $("expects");
    const ex = decl.expects || [];
    box.hidden = !ex.length;
    if (!ex.length) {
      box.replaceChildren();
      return;
    }
    const res = expectResults(decl, view);
    const items = ex.map((text, i) => h(
      "li",
      { class: `expect ${res[i]}`, "data-expect": i, "data-result": res[i] },
      h("span", { class: "mark", "aria-hidden": "true", text: res[i] === "pass" ? "✓" : res[i] === "fail" ? "✗" : "…" }),
      h("code", { text }),
      h("span", { class: "res", text: t(`race.expect.${res[i]}`) })
    ));
    box.replaceChildren(h("h4", { text: t("race.expects") }), h("ul", {}, items));
  }
  function renderObjects(decl, view) {
    const box = $("objects");
    const objs = decl.objects || [];
    $("objects-card").hidden = !objs.length;
    $("objects-card").classList.toggle("many", objs.length >= 3);
    if (!objs.length) {
      box.replaceChildren(h("p", { class: "muted", text: t("race.objects.none") }));
      return;
    }
    const spinners = {};
    const cols = columnsOf(view.columns);
    const last = cols.length && cols.step(cols.length - 1) === view.step ? cols.last() : null;
    if (last) {
      for (const [pid, c] of Object.entries(last.task)) if (c.spin) (spinners[Number(c.spin.split(":")[1])] ||= []).push(Number(pid));
    }
    const cards = objs.map((o, i) => {
      const st = view.objects && view.objects[i] || { holder: 0, waiters: [], count: 0, acquired: 0, contended: 0, total_wait: 0, max_wait: 0 };
      const ls = lockStyle(i);
      const isLock = ["mutex", "gomutex", "spinlock", "ticketlock", "rwmutex"].includes(o.kind);
      const swatch = h("span", { class: "swatch", "aria-hidden": "true" });
      swatch.style.setProperty("--lock", ls.c);
      swatch.innerHTML = `<svg viewBox="0 0 16 16"><rect width="16" height="16" fill="#fff"/><path d="${ls.d.replace(/(\d+)/g, (n) => String(Number(n) * 2))}" stroke="${ls.c}" stroke-width="2" fill="${i === 5 ? ls.c : "none"}"/></svg>`;
      const head = h("div", { class: "ohead" }, swatch, h("span", { class: "oname", text: o.name }), h("span", { class: "okind", text: t(`kind.${o.kind}`) }));
      const rows = [];
      if (isLock || st.holder) {
        rows.push(h(
          "div",
          { class: "orow holder", "data-holder": st.holder || 0 },
          h("span", { class: "olbl", text: t("race.holder") }),
          st.holder ? token(st.holder, view, "held") : h("span", { class: "free", text: t("race.holder.none") })
        ));
      }
      if (o.kind === "semaphore" || o.kind === "chan" || o.kind === "waitgroup") {
        const lbl = o.kind === "semaphore" ? "race.count" : o.kind === "chan" ? "race.buffer" : "race.counter";
        rows.push(h("div", { class: "orow count", "data-count": st.count ?? 0 }, h("span", { class: "olbl", text: t(lbl) }), h("b", { class: "cnt", text: String(st.count ?? 0) })));
      }
      if (o.kind === "once") {
        rows.push(h(
          "div",
          { class: "orow count", "data-count": st.count ?? 0 },
          h("span", { class: "olbl", text: "Do" }),
          h("b", { class: "cnt", text: t(st.count ? "race.once.done" : "race.once.todo") })
        ));
      }
      const q = st.waiters || [];
      const queue = h("span", { class: "queue", "data-len": q.length }, q.length ? q.map((pid, k) => [k ? h("span", { class: "qarrow", "aria-hidden": "true", text: "←" }) : null, token(pid, view, "qtoken")]) : h("span", { class: "free", text: t("race.queue.empty") }));
      rows.push(h("div", { class: "orow" }, h("span", { class: "olbl", text: t("race.queue") }), queue));
      if (spinners[i]) rows.push(h("div", { class: "orow spinners" }, h("span", { class: "olbl", text: "↻" }), spinners[i].map((pid) => token(pid, view, "o-spin")), h("span", { class: "muted", text: t("race.spinning") })));
      if (isLock) {
        const stat = (k, v) => {
          const [before, after = ""] = t(k).split("{n}");
          return h("span", { class: "stat" }, before, h("b", { text: v }), after);
        };
        const ticks = (n) => t(n === 1 ? "race.stat.ticks.one" : "race.stat.ticks", { n: n ?? 0 });
        const lv = st.live || { contended: st.contended, waiting: q.length, total_wait: st.total_wait, max_wait: st.max_wait, waits: [] };
        const waitNames = (lv.waits || []).map((w) => t(
          (w.spinning ? "lk.spinning.since" : "lk.waiting.since") + (w.ticks === 1 ? ".one" : ""),
          { p: view.names && view.names[w.pid] || `P${w.pid}`, t: w.since, n: w.ticks }
        )).join("\n");
        const waiting = stat("lk.stat.waiting", String(lv.waiting ?? 0));
        waiting.dataset.stat = "waiting";
        if (waitNames) waiting.title = waitNames;
        const cont = stat("race.stat.contended", String(lv.contended ?? 0));
        cont.dataset.stat = "contended";
        const total = stat("race.stat.total", ticks(lv.total_wait));
        total.dataset.stat = "total";
        const longest = stat("race.stat.max", ticks(lv.max_wait));
        longest.dataset.stat = "longest";
        rows.push(h(
          "div",
          { class: "stats", title: t("lk.live"), "data-contended": lv.contended ?? 0, "data-waiting": lv.waiting ?? 0, "data-total": lv.total_wait ?? 0, "data-longest": lv.max_wait ?? 0 },
          stat("race.stat.acquired", String(st.acquired ?? 0)),
          cont,
          waiting,
          total,
          longest
        ));
      }
      const card = h("div", { class: "obj" + (st.holder ? " o-held" : "") + (q.length ? " contended" : ""), "data-obj": o.name, "data-kind": o.kind }, head, ...rows);
      card.style.setProperty("--lock", ls.c);
      return card;
    });
    box.replaceChildren(...cards);
  }
  function renderProblems(view, decl) {
    const box = $("problems");
    const probs = problemsOf(view.log);
    $("race-problems-count").textContent = probs.length ? String(probs.length) : "";
    $("race-problems-count").hidden = !probs.length;
    if (!probs.length) {
      box.replaceChildren(h("li", { class: "none" }, h("span", { class: "ok-mark", "aria-hidden": "true", text: atEnd(view) ? "✓" : "" }), t(atEnd(view) ? "race.problems.none.end" : "race.problems.none")));
      return;
    }
    const items = probs.slice().reverse().map((p) => {
      const now = p.step === view.step;
      const li = h(
        "li",
        { class: `problem p-${p.kind}` + (now ? " now" : ""), "data-kind": p.kind, "data-step": p.step },
        h(
          "div",
          { class: "phead" },
          h("span", { class: "pkind" }, h("span", { class: "picon", "aria-hidden": "true", text: "!" }), t(`prob.${p.kind}`)),
          h("button", { type: "button", class: "pstep", "data-goto": p.step, title: t("race.problems.jump", { n: p.step }), text: t("log.step", { n: p.step }).replace(/[:：]$/, "") })
        ),
        h("ul", { class: "psent" }, p.items.map((it) => h("li", { text: sentence(it) })))
      );
      if (p.kind === "deadlock" && p.cycle && p.cycle.length) li.append(cycleSVG(p.cycle, view, decl));
      return li;
    });
    box.replaceChildren(...items);
  }
  function renderRunner(st) {
    const { loaded, view } = st;
    const mode = loaded.manual ? "manual" : loaded.picker === "random" ? "random" : "policy";
    for (const r of document.querySelectorAll('input[name="picker"]')) r.checked = r.value === mode;
    $("pick-policy-label").textContent = t("pick.policy", { policy: String(loaded.policy || "").toUpperCase() + (loaded.quantum ? ` ${loaded.quantum}` : "") });
    const seed = $("pick-seed");
    if (document.activeElement !== seed) seed.value = String(loaded.seed || 1);
    $("pick-seed-wrap").hidden = mode !== "random";
    $("pick-interleave").checked = !!loaded.interleave;
    const follows = mode !== "manual" && (loaded.choices || []).length > 0;
    $("pick-help").textContent = follows ? t(loaded.choices.length === 1 ? "pick.help.choices.one" : "pick.help.choices", { n: loaded.choices.length }) : t(`pick.help.${mode}`);
    document.body.classList.toggle("manual-mode", !!loaded.manual);
    const box = $("decision");
    box.hidden = !loaded.manual;
    if (!loaded.manual) {
      box.replaceChildren();
      return;
    }
    const parts = [];
    const d = view.decision;
    if (d) {
      const cands = candidatePids(d);
      parts.push(h("p", { class: "dq", text: t("pick.decide", { n: view.step + 1, cpu: d.cpu ?? 0 }) }));
      parts.push(h("div", { class: "choose-row" }, cands.map((c) => {
        const col = taskColor(c.pid);
        const b = h(
          "button",
          { type: "button", class: "choose-btn", "data-choose": c.pid, "data-name": c.name, title: t("pick.run", { name: c.name }) },
          h("span", { class: "cn", text: c.name }),
          h("span", { class: "cp", text: taskTag(view, c.pid) })
        );
        b.style.setProperty("--task", col.fill);
        b.style.setProperty("--task-ink", col.ink);
        if (d.policy_pick === c.name) b.append(h("span", { class: "would", text: t("pick.policy.would", { name: "" }).replace(/[\s:：]+$/, "") }));
        return b;
      })));
      parts.push(h("p", { class: "muted small", text: t("pick.token") }));
    } else if (view.step < view.total) {
      parts.push(h("p", { class: "muted", text: t("pick.wait", { n: view.total }) }));
    } else {
      parts.push(h("p", { class: "muted", text: t("pick.none") }));
    }
    const ch = st.choices || [];
    parts.push(h("p", { class: "r-choices", "data-choices": ch.join(",") }, ch.length ? t("pick.choices", { list: ch.map((pid) => view.names[pid] || `P${pid}`).join(" → ") }) : t("pick.choices.none")));
    box.replaceChildren(...parts);
  }
  document.addEventListener("tokensmade", () => {
    const st = api.state();
    if (st && st.view) renderCandidates(st.view);
  });
  function renderCandidates(view) {
    const pids = view.decision ? new Set(candidatePids(view.decision).map((c) => c.pid)) : /* @__PURE__ */ new Set();
    for (const tk of document.querySelectorAll("#diagram .token.candidate")) {
      if (pids.has(Number(tk.dataset.pid))) continue;
      tk.classList.remove("candidate");
      tk.removeAttribute("tabindex");
      tk.removeAttribute("role");
    }
    for (const pid of pids) {
      for (const tk of document.querySelectorAll(`#diagram .token[data-pid="${Number(pid)}"]`)) {
        tk.classList.add("candidate");
        tk.setAttribute("tabindex", "0");
        tk.setAttribute("role", "button");
      }
    }
  }
  function renderProgress(st) {
    progressBox.hidden = !st.exploring;
    if (!st.exploring) {
      lastProgress = null;
      cancelling = false;
      return;
    }
    const p = lastProgress;
    const pct = p ? Math.max(0, Math.min(100, Number(p.percent) || 0)) : 0;
    const bar = progressBox.querySelector(".ep-bar");
    bar.setAttribute("aria-valuenow", String(pct));
    bar.setAttribute("aria-label", t("ex.progress.label"));
    progressBox.querySelector(".ep-fill").style.width = `${pct}%`;
    progressBox.querySelector(".ep-text").textContent = p ? t("ex.progress", { pct: pct.toFixed(pct < 10 ? 1 : 0), states: fmtInt(p.states), frontier: fmtInt(p.frontier), rate: fmtInt(p.per_second) }) : t("ex.progress.start");
    const cancel = $("btn-explore-cancel");
    cancel.disabled = cancelling;
    cancel.textContent = t(cancelling ? "ex.cancelling" : "btn.cancel");
  }
  function renderExplored(st) {
    renderProgress(st);
    const box = $("explored");
    const note = $("explore-note");
    const btn = $("btn-explore");
    btn.disabled = !st.loaded || st.exploring;
    btn.setAttribute("aria-busy", st.exploring ? "true" : "false");
    $("btn-explore-label").textContent = st.exploring ? t("ex.busy") : t("ex.run");
    const ex = st.explored;
    if (!ex) {
      box.replaceChildren();
      note.hidden = true;
      lastExploreKey = "";
      return;
    }
    const rows = outcomeRows(ex, st.loaded);
    const key = JSON.stringify([ex, st.loaded.choices, getLangKey()]);
    const notes = [t(rows.length === 1 ? ex.states === 1 ? "ex.summary.one.state" : "ex.summary.one" : "ex.summary", { n: rows.length, states: fmtInt(ex.states ?? 0) })];
    if (ex.cancelled) notes.push(t("ex.cancelled"));
    else if (!ex.complete) notes.push(t("ex.incomplete"));
    if (ex.reduced) notes.push(t("ex.reduced"));
    if (ex.cycles) notes.push(t("ex.cycles"));
    note.hidden = false;
    note.replaceChildren(...notes.map((n, i) => h("span", { class: i === 0 ? "sum" : "warn", text: n })));
    note.dataset.complete = ex.complete ? "1" : "0";
    note.dataset.cycles = ex.cycles ? "1" : "0";
    note.dataset.cancelled = ex.cancelled ? "1" : "0";
    if (key === lastExploreKey) return;
    lastExploreKey = key;
    const cur = JSON.stringify(st.loaded.interleave ? st.loaded.choices || [] : null);
    const names = st.view && st.view.names || {};
    const total = rows.reduce((a, r) => a + r.schedules, 0) || 1;
    const thead = h("thead", {}, h("tr", {}, h("th", { text: t("ex.outcome") }), h("th", { text: t("ex.problems") }), h("th", { class: "num", text: t("ex.schedules") }), h("th", {})));
    const tbody = h("tbody", {}, rows.map((r) => {
      const vars = r.vars.map((v) => `${v.name}=${v.value}`).join(" ");
      const bar = h("span", { class: "bar", "aria-hidden": "true" });
      bar.style.width = `${Math.max(3, Math.round(100 * r.schedules / total))}%`;
      const loadedNow = cur === JSON.stringify(r.witness);
      const facts = [
        ...r.races.length ? [h("span", { class: "race", "data-races": r.races.join(" ") }, "⚠ ", t("ex.race", { x: r.races.join(", ") }))] : [],
        ...r.lost.length ? [h("span", { class: "race", "data-lost": r.lost.join(" ") }, "⚠ ", t("ex.lost", { x: r.lost.join(", ") }))] : []
      ];
      const verdict2 = r.status === "ok" ? [h("span", { class: "okv" }, "✓ ", t("ex.ok"))] : r.status === "racy" ? [h("span", { class: "racyv", title: t("ex.racy.help") }, "⚠ ", t(r.expects ? "ex.racy" : "ex.racy.noexpect"))] : r.violations.map((v) => h("span", { class: "viol" }, "✗ ", t(v.key, { x: v.x })));
      return h(
        "tr",
        { class: r.status + (loadedNow ? " current" : ""), "data-outcome": r.i, "data-schedules": r.schedules, "data-vars": vars, "data-status": r.status },
        // A Go program's outcome also says what it printed, under its variables.
        h(
          "td",
          { class: "ovars" },
          r.vars.map((v) => h("span", { class: "ov" }, h("span", { class: "vn", text: v.name }), " = ", h("b", { text: String(v.value) }))),
          r.output === null ? null : h(
            "div",
            { class: "oout", title: t("ex.output") },
            h("span", { class: "oout-lbl", text: t("ex.output") }),
            r.output ? h("pre", { class: "oout-text", "data-output": r.output, text: r.output.replace(/\n$/, "") }) : h("span", { class: "muted", text: t("ex.output.none") })
          )
        ),
        h("td", { class: "oprob" }, ...verdict2, ...facts),
        // A reduced exploration counts no schedules: a dash, no bar.
        ex.reduced ? h("td", { class: "num", title: t("ex.reduced") }, h("b", { text: "—" })) : h("td", { class: "num" }, h("b", { text: r.schedules >= 2 ** 64 - 2048 ? "≥ 1.8 × 10¹⁹" : fmtInt(r.schedules) }), bar),
        // Each button says which outcome it loads: two "Load this schedule"
        // alone could not be told apart by a screen reader.
        h("td", {}, h("button", { type: "button", class: "btn small", "data-witness": r.i, "aria-label": `${t("ex.load")}: ${r.vars.map((v) => `${v.name} = ${v.value}`).join(", ")}`, title: t("ex.witness", { list: r.witness.map((p) => names[p] || `P${p}`).join(" → ") }) }, "▶ ", t("ex.load")))
      );
    }));
    const had = box.contains(document.activeElement) ? document.activeElement.dataset.witness : void 0;
    box.replaceChildren(h("table", { class: "outcomes" }, thead, tbody));
    if (had !== void 0) {
      const b = box.querySelector(`button[data-witness="${had}"]`);
      if (b) b.focus({ preventScroll: true });
    }
  }
  function progress(msg) {
    const st = api.state();
    if (!st.exploring) return;
    lastProgress = msg;
    renderProgress(st);
  }
  return { render, progress };
}
function fmtInt(n) {
  return Math.round(Number(n) || 0).toLocaleString(document.documentElement.lang || "en");
}
function getLangKey() {
  return document.documentElement.lang || "";
}
function cycleSVG(cycle, view, decl) {
  const size = cycle.length <= 2 ? 300 : 340;
  const lay = cycleLayout(cycle, size);
  const objName = (o) => decl.objects && decl.objects[o] ? decl.objects[o].name : `#${o}`;
  const nameOf = (n) => n.type === "thread" ? view.names[n.id] || `P${n.id}` : objName(n.id);
  const text = cycle.map((e) => `${view.names[e.pid] || `P${e.pid}`} → ${objName(e.obj)} → ${view.names[e.holder] || `P${e.holder}`}`).join("; ");
  const svg = s("svg", { class: "wait-cycle", viewBox: `0 0 ${size} ${size}`, role: "img", "aria-label": t("race.cycle.title", { text }), "data-text": lay.nodes.map(nameOf).join(" ") });
  const defs = s("defs", {}, svg);
  const mk = s("marker", { id: `wc-arrow-${cycle[0].pid}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, defs);
  s("path", { d: "M0,0 L10,5 L0,10 z", class: "wc-head" }, mk);
  s("title", {}, svg).textContent = t("race.cycle.title", { text });
  const R = 30;
  for (const e of lay.edges) {
    const a = lay.nodes[e.from], b = lay.nodes[e.to];
    const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
    const ux = dx / len, uy = dy / len;
    const cx = size / 2, cy = size / 2;
    const mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
    let ox = mx - cx, oy = my - cy;
    const ol = Math.hypot(ox, oy);
    if (ol < 1) {
      ox = -uy;
      oy = ux;
    } else {
      ox /= ol;
      oy /= ol;
    }
    const bend = 26;
    const qx = mx + ox * bend, qy = my + oy * bend;
    const x1 = a.x + ux * R, y1 = a.y + uy * R, x2 = b.x - ux * (R + 4), y2 = b.y - uy * (R + 4);
    const g = s("g", { class: `wc-edge ${e.rel}` }, svg);
    s("path", { d: `M${x1},${y1} Q${qx},${qy} ${x2},${y2}`, "marker-end": `url(#wc-arrow-${cycle[0].pid})` }, g);
    const lx = (x1 + 2 * qx + x2) / 4 + ox * 12, ly = (y1 + 2 * qy + y2) / 4 + oy * 12;
    const tx = s("text", { x: lx, y: ly + 5, "text-anchor": "middle", class: "wc-label" }, g);
    tx.textContent = t(e.rel === "waits" ? "race.cycle.waits" : "race.cycle.held");
  }
  for (const n of lay.nodes) {
    const g = s("g", { class: `wc-node ${n.type}`, transform: `translate(${n.x},${n.y})` }, svg);
    if (n.type === "thread") {
      g.setAttribute("data-pid", n.id);
      const c = taskColor(n.id);
      s("circle", { r: R, fill: c.fill }, g);
      const tx = s("text", { y: 7, "text-anchor": "middle", fill: c.ink }, g);
      tx.textContent = nameOf(n);
    } else {
      g.setAttribute("data-obj", objName(n.id));
      const ls = lockStyle(n.id);
      s("rect", { x: -R + 4, y: -R + 4, width: 2 * R - 8, height: 2 * R - 8, rx: 6, fill: "#fff", stroke: ls.c, "stroke-width": 4 }, g);
      s("text", { y: 7, "text-anchor": "middle", class: "lock-name" }, g).textContent = nameOf(n);
    }
  }
  return svg;
}

// js/memory.js
var SHARED_COLOURS = ["#9ecae1", "#fdd49e", "#c7e9c0", "#dadaeb", "#fcbba1", "#d9f0a3", "#c6dbef", "#fde0ef"];
var COUNTERS = ["rss", "pss", "shared_clean", "shared_dirty", "private_clean", "private_dirty"];
function marksOf(items, step, tgid) {
  const out = /* @__PURE__ */ new Map();
  for (const it of items || []) {
    if (it.step !== step || !MEMORY_KINDS.has(it.kind) || !it.params || it.params.regionName === void 0) continue;
    let mark = {
      page_fault: it.cause === "read_only" ? "segv" : "fault",
      page_copy: "copy",
      page_reuse: "reuse",
      page_private: "private",
      mem_read: "read",
      mem_write: "write"
    }[it.kind];
    if (!mark) continue;
    const key = `${tgid(it.pid)}:${it.params.regionName}:${it.params.page}`;
    const list = out.get(key) || [];
    if (mark === "fault" && list.includes("copy")) mark = null;
    if (mark) list.push(mark);
    out.set(key, list);
  }
  return out;
}
function memoryModel(mem, { items = [], step = 0, tasks = [], names = {} } = {}) {
  if (!mem || !Array.isArray(mem.spaces)) return null;
  const tgidOf = new Map(tasks.map((x) => [x.pid, x.tgid || x.pid]));
  const tgid = (pid) => tgidOf.get(pid) || pid;
  const marks = marksOf(items, step, tgid);
  const live = mem.spaces.filter((s2) => !s2.freed);
  const shared = [...new Set(live.flatMap((s2) => s2.regions.flatMap((r) => r.pages.filter((p) => p.maps >= 2).map((p) => p.frame))))].sort((a, b) => a - b);
  const colour = new Map(shared.map((f, k) => [f, SHARED_COLOURS[k % SHARED_COLOURS.length]]));
  const spaces = [];
  for (const s2 of mem.spaces) {
    const threads = tasks.filter((x) => (x.tgid || x.pid) === s2.pid && x.pid !== s2.pid && x.state !== "dead" && !s2.freed).map((x) => x.pid);
    spaces.push({
      pid: s2.pid,
      name: names[s2.pid] || "",
      program: s2.program,
      freed: s2.freed || 0,
      threads,
      smaps: s2.smaps || {},
      regions: (s2.regions || []).map((r) => ({
        name: r.name,
        perm: r.perm,
        start: r.start,
        pages: r.pages.map((p, n) => ({
          n,
          addr: p.addr,
          frame: p.frame,
          maps: p.maps,
          dirty: !!p.dirty,
          shared: p.maps >= 2,
          colour: colour.get(p.frame) || "",
          cow: r.name !== "text" && !p.writable,
          ro: r.name === "text",
          marks: marks.get(`${s2.pid}:${r.name}:${n}`) || []
        }))
      }))
    });
  }
  spaces.sort((a, b) => (a.freed ? 1 : 0) - (b.freed ? 1 : 0));
  return { frames: mem.frames || 0, spaces, counters: spaces.filter((s2) => !s2.freed).map((s2) => ({ pid: s2.pid, name: s2.name, ...pick2(s2.smaps) })) };
}
function pick2(sm) {
  const out = {};
  for (const c of COUNTERS) out[c] = sm[c] ?? 0;
  return out;
}
function h2(doc, tag, attrs, ...kids) {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === void 0 || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of kids.flat()) if (c !== null && c !== void 0 && c !== false) e.append(c);
  return e;
}
function lock(doc) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = doc.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 12 14");
  svg.setAttribute("class", "mm-lock");
  svg.setAttribute("aria-hidden", "true");
  const body = doc.createElementNS(ns, "rect");
  for (const [k, v] of Object.entries({ x: 1, y: 6, width: 10, height: 7.5, rx: 1.5 })) body.setAttribute(k, String(v));
  const shackle = doc.createElementNS(ns, "path");
  shackle.setAttribute("d", "M3.3 6.2V4.3a2.7 2.7 0 0 1 5.4 0v1.9");
  svg.append(body, shackle);
  return svg;
}
function pageTitle(p, region) {
  const parts = [
    `${t(`mem.region.${region}`)} ${t("mem.page", { n: p.n })}`,
    p.addr,
    t("mem.frame", { n: p.frame }),
    t("mem.maps", { n: p.maps }),
    p.dirty ? t("mem.dirty") : t("mem.clean")
  ];
  if (p.cow) parts.push(t("mem.cow"));
  if (p.ro) parts.push(t("mem.ro"));
  return parts.join(" · ");
}
function renderMemory(el2, table, model) {
  const doc = el2.ownerDocument;
  const frag = doc.createDocumentFragment();
  if (!model.spaces.length) frag.append(h2(doc, "p", { class: "muted", text: t("mem.none") }));
  for (const s2 of model.spaces) {
    const head = h2(
      doc,
      "div",
      { class: "mm-head" },
      h2(doc, "span", { class: "mm-pid", text: s2.name ? `P${s2.pid} (${s2.name})` : `P${s2.pid}` }),
      s2.freed ? h2(doc, "span", { class: "mm-freed", text: t("mem.freed", { n: s2.freed }) }) : null,
      s2.threads.length ? h2(doc, "span", { class: "mm-threads", text: t("mem.threads", { list: s2.threads.map((p) => `TID ${p}`).join(", ") }) }) : null
    );
    const box = h2(doc, "div", { class: `mm${s2.freed ? " freed" : ""}`, "data-pid": s2.pid, "data-freed": s2.freed || void 0 }, head);
    for (const r of s2.regions) {
      const cells = r.pages.map((p) => {
        const cls = ["mm-page", p.shared ? "shared" : "private", p.cow ? "cow" : "", p.ro ? "ro" : "", p.dirty ? "dirty" : "", ...p.marks.map((m) => `mark-${m}`)].filter(Boolean).join(" ");
        const cell = h2(
          doc,
          "div",
          { class: cls, "data-page": p.n, "data-frame": p.frame, "data-maps": p.maps, title: pageTitle(p, r.name), "aria-label": pageTitle(p, r.name) },
          h2(doc, "span", { class: "mm-frame", text: String(p.frame) }),
          p.cow ? lock(doc) : null,
          p.marks.length ? h2(doc, "span", { class: "mm-mark", text: p.marks.map((m) => t(`mem.mark.${m}`)).join(" → ") }) : null
        );
        if (p.shared) cell.style.background = p.colour;
        return cell;
      });
      box.append(h2(
        doc,
        "div",
        { class: "mm-region", "data-region": r.name },
        h2(doc, "div", { class: "mm-rname" }, h2(doc, "b", { text: t(`mem.region.${r.name}`) }), h2(doc, "span", { class: "mm-addr", text: `${r.start} ${r.perm}` })),
        h2(doc, "div", { class: "mm-pages" }, cells)
      ));
    }
    frag.append(box);
  }
  frag.append(h2(doc, "p", { class: "muted mm-frames", text: t("mem.frames", { n: model.frames }) }));
  el2.replaceChildren(frag);
  const thead = h2(doc, "tr", {}, h2(doc, "th", { text: t("mem.col.proc") }), COUNTERS.map((c) => h2(doc, "th", { text: t(`mem.col.${c}`) })));
  const rows = model.counters.map((c) => h2(
    doc,
    "tr",
    { "data-pid": c.pid },
    h2(doc, "th", { text: c.name ? `P${c.pid} (${c.name})` : `P${c.pid}` }),
    COUNTERS.map((k) => h2(doc, "td", { "data-col": k, text: String(c[k]) }))
  ));
  table.hidden = !rows.length;
  table.replaceChildren(h2(doc, "caption", { text: t("mem.counters") }), h2(doc, "thead", {}, thead), h2(doc, "tbody", {}, rows));
}
function usesMemory(view) {
  return !!(view && view.memory && Array.isArray(view.memory.spaces));
}
function drawMemoryCard(doc, view) {
  const card = doc.getElementById("memory-card");
  if (!card) return;
  const model = usesMemory(view) ? memoryModel(view.memory, { items: logOf(view.log).itemsAt(view.step), step: view.step, tasks: view.tasks, names: view.names || {} }) : null;
  if (card.hidden !== !model) card.hidden = !model;
  doc.body.classList.toggle("mem-lab", !!model && !doc.body.classList.contains("race-lab"));
  if (!model) return;
  const side = doc.getElementById("race-side");
  if (side.hidden) side.hidden = false;
  renderMemory(doc.getElementById("memory"), doc.getElementById("mem-counters"), model);
}

// js/course.js
var ID = /^[a-z0-9-]{1,64}$/;
function bilingual(p) {
  if (!p || typeof p !== "object") return { en: "", zh: "" };
  return { en: typeof p.en === "string" ? p.en : "", zh: typeof p.zh === "string" ? p.zh : "" };
}
function normalizeCourse(doc) {
  if (!doc || typeof doc !== "object" || doc.type !== "course" || !Array.isArray(doc.sections)) return [];
  const out = [];
  for (const s2 of doc.sections) {
    if (!s2 || typeof s2 !== "object" || typeof s2.number !== "string" || !s2.number) continue;
    const entry = { number: s2.number, chapter: s2.chapter === true, heading: bilingual(s2.heading), lessons: [] };
    if (!entry.chapter && Array.isArray(s2.lessons)) {
      for (const l of s2.lessons) {
        if (!l || l.kind !== "lesson" && l.kind !== "live" || typeof l.id !== "string" || !ID.test(l.id)) continue;
        entry.lessons.push({ kind: l.kind, id: l.id, title: bilingual(l.title) });
      }
    }
    out.push(entry);
  }
  return out;
}
function chapterNumber(n, lang) {
  if (lang !== "en") return n;
  const digit = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(n);
  if (!m || n === "" || !m[2] && m[1] && m[3]) return n;
  if (!m[2]) return String(digit[m[1]]);
  return String((m[1] ? digit[m[1]] : 1) * 10 + (m[3] ? digit[m[3]] : 0));
}
function courseTarget(l) {
  return l.kind === "live" ? { hash: `#live/${l.id}` } : { lesson: l.id };
}
function lessonNumbers(lessons) {
  const m = /* @__PURE__ */ new Map();
  (Array.isArray(lessons) ? lessons : []).forEach((l, i) => {
    if (l && typeof l.id === "string") m.set(l.id, i + 1);
  });
  return m;
}

// js/livetwins.js
function liveTwinsOf(liveLessons, id) {
  if (!Array.isArray(liveLessons) || !id) return [];
  return liveLessons.filter((l) => l && typeof l.id === "string" && l.id && l.twin === id).map((l) => ({ id: l.id, title: l.title && typeof l.title === "object" ? { en: String(l.title.en || ""), zh: String(l.title.zh || "") } : { en: l.id, zh: l.id } }));
}

// js/switchcard-model.js
function slotName(s2) {
  return String(s2).replace(/^[^A-Za-z_%]+/, "");
}
function contextOf(view, loaded, c) {
  if (!c) return null;
  const programs = loaded && loaded.programs || [];
  const task = (view.tasks || []).find((x) => x.pid === c.pid);
  const prog = task && programs[task.program];
  let regs = null;
  if (Array.isArray(c.locals)) {
    const names = prog && prog.locals || [];
    regs = c.locals.map((value, i) => ({ name: names[i] !== void 0 ? slotName(names[i]) : `#${i}`, value }));
  }
  return {
    pid: c.pid,
    tgid: c.tgid || c.pid,
    tag: taskTag(view, c.pid),
    name: view.names && view.names[c.pid] || "",
    line: c.line || 0,
    pc: c.pc ?? 0,
    text: c.line ? lineText(programs, c.line) : "",
    regs
  };
}
function switchRows(view, loaded) {
  if (!view || !Array.isArray(view.switches)) return [];
  return view.switches.map((s2) => {
    const out = contextOf(view, loaded, s2.out);
    const inn = contextOf(view, loaded, s2.in);
    const kind = !out ? "idle" : out.pid === inn.pid ? "same" : "switch";
    return {
      cpu: s2.cpu ?? 0,
      kind,
      out,
      in: inn,
      mmBefore: s2.mm_before || 0,
      mmAfter: s2.mm_after || 0,
      reload: !!s2.reload,
      base: s2.base || 0,
      refill: s2.refill || 0
    };
  });
}
function switchSummary(view) {
  const c = view && view.switchCounters;
  if (!c) return null;
  const sw = c.switch_ticks || 0;
  const busy = c.busy_ticks || 0;
  const pct = sw + busy > 0 ? Math.round(100 * sw / (sw + busy)) : 0;
  return { switches: c.switches || 0, addressSpace: c.address_space || 0, switchTicks: sw, busyTicks: busy, pct };
}
var COST_VARIANTS = [
  { base: 0, mm: 0 },
  { base: 1, mm: 0 },
  { base: 1, mm: 2 }
];
var COST_LINE = /^switch_cost(?:[ \t][^\n]*)?$/;
function switchCostOf(text) {
  for (const line of String(text || "").split("\n")) {
    if (!COST_LINE.test(line)) continue;
    const m = /^switch_cost[ \t]+(\d+)(?:[ \t]+mm=(\d+))?[ \t]*(?:#.*)?$/.exec(line);
    if (m) return { base: Number(m[1]), mm: Number(m[2] || 0) };
  }
  return { base: 0, mm: 0 };
}
function withSwitchCost(text, base, mm) {
  const lines = String(text || "").split("\n").filter((l) => !COST_LINE.test(l));
  while (lines.length && lines[lines.length - 1] === "") lines.pop();
  if (base > 0 || mm > 0) lines.push(mm > 0 ? `switch_cost ${base} mm=${mm}` : `switch_cost ${base}`);
  return lines.join("\n") + "\n";
}

// js/switchcard.js
var $2 = (id) => document.getElementById(id);
function h3(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === void 0 || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of kids.flat(Infinity)) if (c !== null && c !== void 0 && c !== false) e.append(c);
  return e;
}
function chip3(ctx) {
  const c = taskColor(ctx.pid);
  const e = h3("span", { class: "rtoken", "data-pid": ctx.pid, title: `${ctx.tag} ${ctx.name}` }, ctx.name ? `${ctx.tag} ${ctx.name}` : ctx.tag);
  e.style.background = c.fill;
  e.style.color = c.ink;
  return e;
}
function contextBox(role, ctx) {
  const pc = ctx.line ? t("ctx.pc", { line: ctx.line, text: ctx.text, pc: ctx.pc }) : t("ctx.pc.none");
  const regs = ctx.regs === null ? t("ctx.regs.none") : ctx.regs.length ? ctx.regs.map((r) => `${r.name}=${r.value}`).join("  ") : "—";
  return h3(
    "div",
    { class: `sw-ctx ${role}`, "data-role": role, "data-pid": ctx.pid },
    h3("div", { class: "sw-who" }, h3("span", { class: "sw-role", text: t(`ctx.${role}`) }), " ", chip3(ctx)),
    h3(
      "dl",
      {},
      h3("dt", { text: "PC" }),
      h3("dd", { text: pc }),
      h3("dt", { text: "SP" }),
      h3("dd", { text: t("ctx.sp", { p: ctx.tag }) }),
      h3("dt", { text: t("ctx.regs") }),
      h3("dd", { class: "mono", text: regs }),
      h3("dt", { text: "CR3" }),
      h3("dd", { text: t("ctx.cr3", { p: `P${ctx.tgid}` }) })
    )
  );
}
function verdict(r) {
  if (r.kind === "same") return t("ctx.same", { p: r.in.tag });
  if (!r.mmBefore) return t("ctx.first", { cpu: r.cpu, p: `P${r.mmAfter}` });
  if (r.reload) return t("ctx.reload", { a: `P${r.mmBefore}`, b: `P${r.mmAfter}` });
  return t("ctx.keep", { p: `P${r.mmAfter}` });
}
function cost(r) {
  if (r.kind === "same" || r.kind === "idle" && !r.base && !r.refill && r.mmBefore === r.mmAfter) return t("ctx.cost.none");
  if (r.base + r.refill === 0) return t("ctx.cost.free");
  if (r.refill) return t("ctx.cost.refill", { n: r.base + r.refill, base: r.base, refill: r.refill });
  return t(r.base === 1 ? "ctx.cost.one" : "ctx.cost", { n: r.base });
}
var rerunWith = null;
function drawRerun(loaded, rerun) {
  const box = $2("switch-rerun");
  rerunWith = rerun;
  const text = loaded && !loaded.ostep && loaded.lang !== "go" ? loaded.scenario : "";
  box.hidden = !text || !rerun;
  if (box.hidden) {
    box.replaceChildren();
    return;
  }
  if (!box.dataset.wired) {
    box.dataset.wired = "1";
    box.addEventListener("click", (e) => {
      const b = e.target.closest("button[data-cost]");
      if (!b || !rerunWith || b.getAttribute("aria-pressed") === "true") return;
      const [base, mm] = b.dataset.cost.split(",").map(Number);
      rerunWith(withSwitchCost(b.dataset.text, base, mm));
    });
  }
  const now = switchCostOf(text);
  box.replaceChildren(
    h3("span", { class: "sw-rerun-label", text: t("ctx.rerun") }),
    ...COST_VARIANTS.map((v) => {
      const on = v.base === now.base && v.mm === now.mm;
      const label2 = v.mm ? `switch_cost ${v.base} mm=${v.mm}` : `switch_cost ${v.base}`;
      const b = h3("button", { type: "button", class: "btn small" + (on ? " on" : ""), "data-cost": `${v.base},${v.mm}`, "aria-pressed": on ? "true" : "false", title: t("ctx.rerun.title") }, label2);
      b.dataset.text = text;
      return b;
    })
  );
}
function renderSwitchCard(view, loaded, rerun) {
  const card = $2("switch-card");
  if (!card) return;
  drawRerun(loaded, rerun);
  const sum = switchSummary(view);
  const rows = switchRows(view, loaded);
  const hidden = !sum && !rows.length;
  if (card.hidden !== hidden) card.hidden = hidden;
  if (hidden) return;
  const box = $2("switch-rows");
  if (!rows.length) {
    box.replaceChildren(h3("p", { class: "muted", text: t("ctx.none") }));
  } else {
    box.replaceChildren(...rows.map((r) => h3(
      "div",
      { class: `sw-row ${r.reload ? "reload" : "keep"}`, "data-cpu": r.cpu, "data-kind": r.kind, "data-reload": r.reload ? "1" : "0" },
      h3("h4", { text: r.kind === "idle" ? t("ctx.head.idle", { cpu: r.cpu }) : t("ctx.head", { cpu: r.cpu }) }),
      r.kind === "switch" ? contextBox("saved", r.out) : null,
      r.kind === "switch" ? h3("div", { class: "sw-arrow", "aria-hidden": "true", text: "↓" }) : null,
      contextBox("restored", r.in),
      h3("p", { class: "sw-verdict", text: verdict(r) }),
      h3("p", { class: "sw-cost", text: cost(r) })
    )));
  }
  const c = $2("switch-counters");
  if (!sum) {
    c.replaceChildren();
    return;
  }
  c.dataset.switches = String(sum.switches);
  c.dataset.addressSpace = String(sum.addressSpace);
  c.dataset.switchTicks = String(sum.switchTicks);
  c.dataset.busyTicks = String(sum.busyTicks);
  c.replaceChildren(t("ctx.counters", { n: sum.switches, m: sum.addressSpace, s: sum.switchTicks, b: sum.busyTicks, pct: sum.pct }));
}

// js/races-tab.js
var RACE_HASH = "#race";
var TAB_OF_TOPIC = { races: "race", scheduling: "sched", processes: "proc" };
function tabOfLesson(lessons, id) {
  const l = (lessons || []).find((x) => x.id === id);
  return l ? TAB_OF_TOPIC[l.topic] || "proc" : "";
}
function tabOfLoaded(loaded, lessons) {
  if (!loaded) return "";
  if (loaded.lesson) {
    const tab = tabOfLesson(lessons, loaded.lesson);
    if (tab) return tab === "race" ? "race" : "proc";
  }
  return isRaceLab(loaded) && !isJobsModel(loaded) ? "race" : "proc";
}
function listedIn(l, tab) {
  return (TAB_OF_TOPIC[l.topic] || "proc") === tab;
}
var $3 = (id) => document.getElementById(id);
function createRacesTab(api) {
  let tab = "proc";
  let view = "proc";
  function mark() {
    const shown = view === "proc" ? tab : view;
    document.body.dataset.tab = shown;
    document.body.classList.toggle("tab-race", shown === "race");
    for (const b of document.querySelectorAll(".view-tab")) b.setAttribute("aria-selected", b.dataset.view === shown ? "true" : "false");
  }
  function home() {
    let box = $3("race-home");
    if (box) return box;
    box = document.createElement("div");
    box.id = "race-home";
    box.className = "home race-home";
    box.hidden = true;
    $3("home").after(box);
    box.addEventListener("click", (e) => {
      const b = e.target.closest("button[data-lesson]");
      if (b) api.openLesson(b.dataset.lesson);
      else if (e.target.closest("#btn-race-own")) api.openEditor();
    });
    return box;
  }
  function drawHome2(on) {
    const box = home();
    box.hidden = !on;
    if (!on) return;
    box.replaceChildren();
    const intro = document.createElement("p");
    intro.textContent = t("tabs.race.intro");
    const h4 = document.createElement("h3");
    h4.id = "race-pick";
    h4.textContent = t("tabs.race.pick");
    const ul = document.createElement("ul");
    ul.id = "race-lessons";
    ul.className = "lesson-cards";
    ul.setAttribute("aria-labelledby", "race-pick");
    const list = (api.lessons() || []).filter((l) => listedIn(l, "race"));
    list.forEach((l, i) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "lesson-card";
      b.dataset.lesson = l.id;
      const num = document.createElement("span");
      num.className = "lc-num";
      num.textContent = String(i + 1);
      const title = document.createElement("span");
      title.className = "lc-title";
      title.textContent = pick(l.title) || l.id;
      b.append(num, title);
      const li = document.createElement("li");
      li.append(b);
      ul.append(li);
    });
    const own = document.createElement("button");
    own.type = "button";
    own.id = "btn-race-own";
    own.className = "btn ghost own";
    own.textContent = t("tabs.race.own");
    box.append(intro, own, h4, ul);
  }
  function drawSchedLink() {
    let b = $3("btn-sched-lesson");
    if (!b) {
      b = document.createElement("button");
      b.type = "button";
      b.id = "btn-sched-lesson";
      b.className = "btn ghost small sched-lesson-link";
      b.addEventListener("click", () => {
        const l2 = api.loaded();
        if (l2 && l2.lesson) api.openLesson(l2.lesson);
      });
      $3("lesson-info").after(b);
    }
    const l = api.loaded();
    b.hidden = !(view === "proc" && l && l.lesson && tabOfLesson(api.lessons(), l.lesson) === "sched");
    b.textContent = t("tabs.sched.open");
  }
  return {
    // tab is the process view's tab: 'proc' or 'race'.
    tab() {
      return tab;
    },
    // viewSet follows app.js's setView(name): the tab asked for ('race'
    // shows the process view in the Races tab). Choosing a tab whose runs
    // are not the one shown leaves that run for the tab's welcome. It
    // returns the address the view should have ('' for "leave it").
    viewSet(name) {
      view = name === "sched" || name === "live" ? name : "proc";
      if (view !== "proc") {
        mark();
        return "";
      }
      const want = name === "race" ? "race" : "proc";
      const loaded = api.loaded();
      const changed = tab !== want;
      tab = want;
      if (changed && loaded && tabOfLoaded(loaded, api.lessons()) !== want) api.showHome();
      mark();
      return tab === "race" && !api.loaded() ? RACE_HASH : "";
    },
    // loaded follows a `loaded` message: the run's tab is shown (the
    // process view only: a run loaded for the live lab's twin changes
    // nothing).
    loaded(msg) {
      if (view !== "proc") return;
      tab = tabOfLoaded(msg, api.lessons()) || tab;
      mark();
    },
    // draw shows the Races tab's welcome instead of the Processes welcome
    // when the tab has nothing loaded, with its title.
    draw() {
      const on = view === "proc" && tab === "race" && !api.loaded();
      if (on) {
        $3("home").hidden = true;
        $3("lesson-title").textContent = t("tabs.race.title");
        $3("lesson-explain").replaceChildren();
      }
      drawHome2(on);
      drawSchedLink();
      mark();
    },
    // filterSelect hides the picker's options of other tabs' lessons
    // (except the run shown: the picker names it).
    filterSelect(sel) {
      const byId = new Map((api.lessons() || []).map((l) => [l.id, l]));
      const cur = sel.value;
      for (const o of sel.options) {
        const l = byId.get(o.value);
        if (l) o.hidden = !listedIn(l, tab) && o.value !== cur;
      }
    }
  };
}

// js/lazy.js
var WAKE = /* @__PURE__ */ Symbol("wake");
var wakeWith = (value) => ({ [WAKE]: true, value });
var loading = /* @__PURE__ */ new Set();
function lazyModule(load, setup = (m) => m) {
  let done = null;
  return () => {
    if (!done) {
      done = load().then(setup);
      loading.add(done);
      done.then(() => loading.delete(done), () => {
        loading.delete(done);
        done = null;
      });
    }
    return done;
  };
}
async function settled() {
  while (loading.size) await Promise.allSettled([...loading]);
}
function translateUnder(roots) {
  for (const id of roots) {
    const root = document.getElementById(id);
    if (!root) continue;
    for (const e of [root, ...root.querySelectorAll("[data-i18n], [data-i18n-title], [data-i18n-aria]")]) {
      if (e.dataset.i18n) e.textContent = t(e.dataset.i18n);
      if (e.dataset.i18nTitle) e.title = t(e.dataset.i18nTitle);
      if (e.dataset.i18nAria) e.setAttribute("aria-label", t(e.dataset.i18nAria));
    }
  }
}
var sheets = /* @__PURE__ */ new Map();
function stylesheet(name) {
  if (sheets.has(name)) return sheets.get(name);
  const link = [...document.querySelectorAll("link[data-href]")].find((l) => new URL(l.dataset.href, document.baseURI).pathname.endsWith("/css/" + name));
  const p = !link ? Promise.resolve() : new Promise((resolve) => {
    link.addEventListener("load", resolve, { once: true });
    link.addEventListener("error", () => {
      console.error(`proclab: css/${name} did not load`);
      resolve();
    }, { once: true });
    link.href = link.dataset.href;
  });
  sheets.set(name, p);
  return p;
}
function lazyObject({ load, make, roots = [], css = [], idle = {} }) {
  let real = null;
  let waiting = false;
  const queue = [];
  const get = lazyModule(() => Promise.all([load(), ...css.map(stylesheet)]).then(([m]) => m), (m) => {
    translateUnder(roots);
    real = make(m);
    waiting = false;
    for (const [name, args] of queue.splice(0)) {
      try {
        real[name](...args);
      } catch (err) {
        console.error(`proclab: ${name} on a view just loaded:`, err);
      }
    }
    return real;
  });
  const whenLoaded = () => {
    waiting = !real;
    return get().catch((err) => {
      waiting = false;
      queue.length = 0;
      throw err;
    });
  };
  const own = { whenLoaded };
  return new Proxy(own, {
    get(target, name) {
      if (Object.hasOwn(own, name)) return own[name];
      if (typeof name !== "string" || name === "then") return void 0;
      return (...args) => {
        if (real) return real[name](...args);
        const f = idle[name];
        const r = typeof f === "function" ? f(...args) : void 0;
        const wake2 = r === WAKE || r !== null && typeof r === "object" && r[WAKE] === true;
        if (wake2 || waiting) queue.push([name, args]);
        if (wake2 && !waiting) whenLoaded().catch((err) => console.error("proclab: a view did not load:", err));
        return r === WAKE ? void 0 : wake2 ? r.value : r;
      };
    }
  });
}
function openOnClick(button, ready) {
  if (!button) return;
  let asked = false;
  const first = (e) => {
    e.preventDefault();
    e.stopImmediatePropagation();
    if (asked) return;
    asked = true;
    ready().then(() => {
      button.removeEventListener("click", first);
      button.click();
    }, (err) => {
      asked = false;
      console.error("proclab: a view did not load:", err);
    });
  };
  button.addEventListener("click", first);
}

// js/app.js
var LANG_KEY = "proclab.lang";
var $4 = (id) => document.getElementById(id);
var app = {
  ws: null,
  connected: false,
  // the websocket is open
  ready: false,
  // ... and its hello arrived: commands can be sent
  everConnected: false,
  retry: retryStart(),
  // the reconnect state (conn.js)
  retryTimer: 0,
  stopped: false,
  // the page gave up reconnecting (the banner offers a retry)
  asleep: false,
  // the server closed the socket of a page that had nothing to say (idleClose): it connects again when it has (wake)
  semantics: 0,
  // the engine's semantics version (hello), 0 until known
  lessons: [],
  loaded: null,
  // the last `loaded` message
  view: emptyView(),
  playing: false,
  speed: 2,
  pendingLoad: null,
  // the last `load` sent (or waiting to be sent) and not yet answered
  banner: null,
  // {key, params, detail, kind}
  pendingHash: null,
  // a share link waiting for the hello's limits
  // The page was opened at a share link and its run is not here yet: the
  // lab shows, waiting (drawLesson), not the welcome. The welcome was
  // drawn in full and shown for most of a second before the run replaced
  // it: a flash of another page on every link opened, and its lists' work
  // on the main thread while the run loads.
  opening: isShareHash(location.hash),
  awaitSnapshot: 0,
  // the timer of a run just loaded that waits for its snapshot (the `loaded` handler)
  showLoaded: null,
  // what shows a run just loaded, waiting for its snapshot's first draw (showLoaded)
  liveLessons: [],
  // the live lessons (GET /api/live/lessons): a lesson links to those whose twin it is
  liveAsked: false,
  // GET /api/live/lessons was sent (with the first lesson shown)
  course: void 0,
  // the course's table of contents (course.js): undefined until GET /api/course answers, null if it failed
  homeView: "course",
  // the welcome lists the lessons by 'course' section or by 'topic'
  viewName: "proc",
  // 'proc' (processes), 'sched' (scheduling) or 'live' (the live lab)
  decl: null,
  // names of the loaded scenario's variables and objects (race lab)
  explored: null,
  // the last `explored` answer for the loaded scenario
  exploring: false,
  // an explore command waits for its answer
  ltab: "picture",
  // the tab above the picture: 'picture' or 'go' (a lesson's Go program)
  lessonShown: null,
  // the last lesson loaded: {id, title, explain, go} (a Go twin run names it)
  twin: null,
  // the Go twin being run: {id, source}, or null
  wantTab: null
  // the tab ('picture' or 'go') an address opens once its run is loaded (part 4)
};
var SCHED_HASH = "#sched";
var schedView;
var raceView;
var ostepDialog;
var liveView;
var racesTab;
var address;
var room;
var SCHED_LESSON_HASH = /^#sched\/([a-z0-9-]{1,64})(?:\/(compare|manual))?$/;
function storedLang() {
  try {
    return localStorage.getItem(LANG_KEY);
  } catch {
    return null;
  }
}
function send(msg) {
  wake();
  const m = { v: 1, ...msg };
  const over = m.type === "load" ? checkLoad(m, getLimits()) : checkMessage(m, getLimits());
  if (over) {
    refuseTooLarge(over);
    return false;
  }
  if (m.type === "load") {
    app.pendingLoad = m;
    drawStats.loadSentAt = performance.now();
  }
  if (app.ready && app.ws && app.ws.readyState === WebSocket.OPEN) app.ws.send(JSON.stringify(m));
  return true;
}
function wake() {
  if (!app.asleep || app.ws) return;
  app.asleep = false;
  connect();
}
function idleClose(close) {
  return close.code === 1008 && /^idle\b/.test(close.reason);
}
function tooLargeInDialogs(text) {
  editor.refused(text);
  ostepDialog.refused({ code: "too_large", message: text, local: true });
}
function refuseTooLarge(over) {
  const counted = !/_bytes$/.test(over.limit);
  const params = { what: { i18n: `limit.${over.limit}` }, ...tooLargeParams(over) };
  const key = counted ? "err.over.count" : "err.over";
  showBanner("error", key, params);
  app.banner.sticky = true;
  tooLargeInDialogs(t(key, localParams(params)));
}
function localParams(params) {
  const out = {};
  for (const [k, v] of Object.entries(params || {})) out[k] = v && typeof v === "object" && v.i18n ? t(v.i18n, v.params) : v;
  return out;
}
var CONN_BANNERS = /* @__PURE__ */ new Set(["err.disconnected", "err.offline", "err.busy", "err.gave_up", "err.gave_up.unreachable"]);
function connectionBanner() {
  return !!app.banner && CONN_BANNERS.has(app.banner.key);
}
function clearErrors() {
  if (connectionBanner() && !app.ready) return;
  clearBanner();
}
function showBanner(kind, key, params, detail, retry) {
  app.banner = { kind, key, params, detail, retry: !!retry };
  drawBanner();
}
function clearBanner() {
  app.banner = null;
  drawBanner();
}
function drawBanner() {
  const b = $4("banner");
  $4("banner-retry").hidden = !(app.banner && app.banner.retry);
  if (!app.banner) {
    b.hidden = true;
    b.className = "banner";
    delete b.dataset.code;
    return;
  }
  const { kind, key, params, detail } = app.banner;
  b.className = `banner ${kind}`;
  b.dataset.code = key;
  const msg = b.querySelector(".msg");
  msg.replaceChildren();
  const strong = document.createElement("strong");
  strong.textContent = t(key, localParams(params));
  msg.append(strong);
  const text = typeof detail === "function" ? detail() : detail;
  msg.title = !text && app.banner.hint ? app.banner.hint : "";
  if (text) {
    const d = document.createElement("span");
    d.className = "detail";
    d.textContent = " " + text;
    msg.append(d);
  }
  b.hidden = false;
}
function connect() {
  clearTimeout(app.retryTimer);
  app.retryTimer = 0;
  app.stopped = false;
  if (app.ws) return;
  const early = takeEarlySocket();
  let ws;
  if (early) {
    ws = early.ws;
  } else {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    try {
      ws = new WebSocket(`${proto}//${location.host}${SOCKET_PATH}`);
    } catch {
      scheduleReconnect();
      return;
    }
  }
  app.ws = ws;
  const table = new TaskTable();
  const handlers = {
    open: () => {
      if (app.ws !== ws) return;
      app.connected = true;
      app.everConnected = true;
    },
    message: (ev) => {
      if (app.ws !== ws) return;
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return;
      }
      drawStats.messages++;
      for (const m of table.expand(msg)) {
        if (m.type === "resync") {
          send({ type: "seek", step: m.step });
          break;
        }
        try {
          handle(m);
        } catch (err) {
          console.warn("ProcLab: cannot handle", m && m.type, err);
        }
      }
    },
    close: (ev) => {
      if (app.ws !== ws) return;
      forgetSocket();
      const close = { code: ev.code, reason: ev.reason || "" };
      document.body.dataset.closes = String(Number(document.body.dataset.closes || 0) + 1);
      if (idleClose(close) && !app.loaded && !app.pendingLoad && !app.pendingHash && !app.stopped) {
        app.asleep = true;
        document.body.dataset.conn = "asleep";
        drawControls();
        return;
      }
      if (close.code === STATUS_TOO_BIG) {
        app.pendingLoad = null;
        stopOpening();
        if (!(app.banner && app.banner.key === "err.too_large")) showBanner("error", "err.too_large", {}, "");
        app.banner.sticky = true;
        tooLargeInDialogs(t("err.too_large"));
      } else if (!(app.banner && (app.banner.key === "err.busy" || app.banner.key === "err.too_large"))) {
        showBanner("error", app.everConnected && (app.loaded || app.pendingLoad) ? "err.disconnected" : "err.offline");
      }
      drawControls();
      scheduleReconnect(close);
    },
    error: () => {
    }
  };
  if (early) {
    early.listen(handlers);
  } else {
    for (const [type, fn] of Object.entries(handlers)) ws.addEventListener(type, fn);
  }
}
function leavePage() {
  clearTimeout(app.retryTimer);
  app.retryTimer = 0;
  const ws = app.ws;
  forgetSocket();
  if (ws) {
    try {
      ws.close(1e3, LEAVE_REASON);
    } catch {
    }
  }
}
function forgetSocket() {
  app.ws = null;
  app.connected = false;
  app.ready = false;
  app.playing = false;
  document.body.dataset.conn = "closed";
}
function backToPage() {
  if (app.ws) return;
  app.retry = retryStart();
  connect();
}
function scheduleReconnect(close) {
  clearTimeout(app.retryTimer);
  const r = afterClose(app.retry, close || { code: 0, reason: "no socket" });
  app.retry = r.state;
  if (!r.stop) {
    app.retryTimer = setTimeout(connect, r.delay);
    return;
  }
  app.stopped = true;
  document.body.dataset.conn = "stopped";
  const c = close || {};
  if (c.code === 1006 || c.code === 0 || !c.code) {
    showBanner("error", "err.gave_up.unreachable", { n: r.same }, "", true);
  } else {
    showBanner("error", "err.gave_up", { n: r.same, why: c.reason || { i18n: "err.close_code", params: { code: c.code } } }, "", true);
  }
}
function applyLimits() {
  app.speed = placeSpeed(app.speed);
  renderSpeed(app.speed);
}
function retryNow() {
  app.retry = retryStart();
  clearBanner();
  if (!app.ws) connect();
}
function setLessons(list) {
  const lessons = normalizeLessons(list);
  if (!lessons.length && app.lessons.length) return;
  app.lessons = lessons;
  document.body.dataset.ready = "1";
  drawLesson();
}
async function fetchLessons() {
  try {
    const res = await fetch(document.body.dataset.apiLessons || "/api/lessons", { headers: { Accept: "application/json" } });
    if (!res.ok) return;
    const list = await res.json();
    if (!app.lessons.length) setLessons(list);
  } catch {
  }
}
function handle(msg) {
  if (app.showLoaded && msg.type !== "snapshot") showLoaded();
  switch (msg.type) {
    case "hello": {
      app.ready = true;
      app.retry = retryStart();
      setLimits(msg.limits);
      app.semantics = readSemantics(msg.semantics);
      document.body.dataset.semantics = String(app.semantics);
      document.body.dataset.conn = "ready";
      if (connectionBanner()) clearBanner();
      setLessons(msg.lessons);
      schedView.limitsChanged();
      applyLimits();
      if (app.pendingHash) {
        const h4 = app.pendingHash;
        app.pendingHash = null;
        openShare(h4);
      } else {
        const again = resumeMessage(app.pendingLoad, app.loaded, app.view.step);
        if (again) send(again);
      }
      drawControls();
      break;
    }
    case "loaded": {
      const os = ostepOf(msg, app.pendingLoad);
      if (os) {
        msg.ostep = os.ostep;
        if (os.source) msg.source = os.source;
      }
      app.pendingLoad = null;
      app.opening = false;
      if (msg.lesson) {
        app.lessonShown = { id: msg.lesson, title: msg.title, explain: msg.explain, go: msg.go_source || "" };
        app.twin = null;
      } else if (!(app.twin && msg.lang === "go" && msg.scenario === app.twin.source)) {
        app.twin = null;
      }
      const same = app.loaded && app.loaded.scenario === msg.scenario && (app.loaded.source || "") === (msg.source || "");
      if (!same) app.ltab = "picture";
      if (app.wantTab) {
        app.ltab = app.wantTab;
        app.wantTab = null;
      }
      if (!same) {
        app.explored = null;
        resetMicro();
      }
      app.exploring = false;
      app.loaded = msg;
      app.loaded.choices = Array.isArray(msg.choices) ? msg.choices : [];
      app.decl = declOf(msg);
      app.decl.jobs = isJobsModel(msg);
      app.playing = false;
      app.view = emptyView();
      app.view.total = msg.total ?? 0;
      const races = app.twin ? { ...msg, lesson: app.twin.id } : msg;
      app.showLoaded = () => {
        document.body.dataset.run = msg.lesson || (msg.ostep ? "ostep" : "scenario");
        racesTab.loaded(races);
        editor.loaded();
        ostepDialog.close(true);
        if (app.banner && (app.banner.kind === "error" && !app.banner.sticky || app.banner.kind === "notice")) clearBanner();
        if (msg.notice && msg.notice.code === "semantics_changed") {
          showBanner("notice", "notice.semantics_changed", { from: msg.notice.from ?? "?", to: msg.notice.to ?? "?" });
        }
        drawLesson();
        drawRaceLayout();
        drawControls();
        if (app.focusTitle) {
          app.focusTitle = false;
          $4("lesson-title").focus({ preventScroll: true });
        }
      };
      clearTimeout(app.awaitSnapshot);
      app.awaitSnapshot = setTimeout(() => {
        app.awaitSnapshot = 0;
        showLoaded();
        drawCode();
        redrawAll(false);
      }, SNAPSHOT_WAIT_MS);
      break;
    }
    case "snapshot": {
      if (!app.loaded) return;
      const t0 = performance.now();
      const before = { ...drawStats.parts };
      const first = !!app.awaitSnapshot;
      clearTimeout(app.awaitSnapshot);
      app.awaitSnapshot = 0;
      timer(drawStats.parts)("lesson", showLoaded);
      const tFold = performance.now();
      const windows = foldCounts.windows;
      app.view = fromSnapshot(msg, app.loaded.programs, app.decl, { quick: true });
      drawStats.parts.snapshot = (drawStats.parts.snapshot || 0) + performance.now() - tFold;
      if (drawStats.loadSentAt) firstFrame(drawStats.loadSentAt);
      const left = windowOf(app.view);
      if (left) requestAnimationFrame(() => setTimeout(() => {
        if (windowOf(app.view) === left) timer(drawStats.parts)("window", () => settleView(app.view));
      }));
      drawStep(false, false, first);
      if (drawStats.loadSentAt) {
        drawStats.windowFoldedInDraw = foldCounts.windows !== windows;
        firstRender(t0, before);
      }
      break;
    }
    case "events":
      if (!app.loaded) return;
      timer(drawStats.parts)("fold", () => foldEvents(app.view, msg, app.loaded.programs, app.decl));
      drawSoon();
      break;
    case "status":
      app.playing = !!msg.playing;
      if (typeof msg.speed === "number" && msg.speed > 0) app.speed = msg.speed;
      if (typeof msg.total === "number") app.view = keepWindow(app.view, { total: msg.total });
      if (app.loaded && Array.isArray(msg.choices)) app.loaded.choices = msg.choices;
      if (!app.playing && app.loaded && frame.id) drawStep(false);
      else if (!app.playing && slow.timer) drawSlowPanels(timer(drawStats.parts));
      if (!app.playing) sight.flush();
      if (!app.playing) settleNarration();
      drawControls();
      drawRace();
      address.changed();
      break;
    case "explore_progress":
      if (raceView) raceView.progress(msg);
      break;
    case "explored":
      app.exploring = false;
      app.explored = msg;
      drawRace();
      break;
    case "interesting":
      if (app.loaded) onInteresting(msg);
      break;
    case "error":
      if (app.exploring) {
        app.exploring = false;
        drawRace();
      }
      onError(msg);
      break;
  }
}
function onError(raw) {
  const msg = readError(raw);
  const code = msg.code;
  if (LOAD_ERRORS.has(code)) {
    app.pendingLoad = null;
    app.wantTab = null;
    stopOpening();
  }
  const key = `err.${code}`;
  const known = knownError(t, code);
  const params = { line: msg.line ?? "?", col: msg.col ?? "?" };
  const english = String(msg.message || "").replace(code === "parse" ? /^line \d+, column \d+:\s*/i : /^$/, "");
  if (code === "parse" && msg.detail && !parse) loadParse().then(drawBanner, () => {
  });
  const detail = code === "parse" && msg.detail ? () => (parse && parse.parseErrorText(t, msg.detail)) ?? (getLang() === "en" ? english : "") : () => getLang() === "en" || !known ? english : "";
  if (code === "parse" && editor.isOpen()) {
    editor.showParseError(msg);
    return;
  }
  showBanner("error", known ? key : "err.unknown", params, detail);
  app.banner.hint = english;
  if (code === "too_large") {
    app.banner.sticky = true;
    tooLargeInDialogs(detail() ? `${t(key)} ${detail()}` : t(key));
  }
  ostepDialog.refused(msg);
}
async function openShare(hash) {
  if (!app.ready) {
    app.pendingHash = hash;
    wake();
    return;
  }
  address.hold();
  const r = await decodeShare(hash, getLimits());
  if (location.hash !== hash && isShareHash(location.hash)) return;
  if (r.ok && r.state.lang && r.state.lang !== getLang() && !langOfSearch(location.search)) switchLang({ keep: false });
  if (r.ok && r.state.view === "sched") {
    app.opening = false;
    address.arrived("sched");
    clearErrors();
    schedView.restore(r.state.sched);
    setView("sched", false);
    return;
  }
  if (!r.ok) {
    app.opening = false;
    app.loaded = null;
    app.view = emptyView();
    drawLesson();
    drawCode();
    redrawAll(false);
    showBanner("error", `err.${r.error}`, { v: r.version || "?", max: r.max ? fmtBytes(r.max) : "?" });
    app.banner.sticky = true;
    return;
  }
  address.arrived(placeOfRun(r.state));
  clearErrors();
  setView("proc", false);
  const tab = r.state.tab === "go" ? "go" : "picture";
  if (app.loaded && !app.pendingLoad && runKey(loadedState(app.loaded, 0)) === runKey(r.state)) {
    if (app.playing) send({ type: "pause" });
    if (tab !== app.ltab) setLessonTab(tab);
    if ((r.state.step || 0) !== app.view.step) send({ type: "seek", step: r.state.step || 0 });
    else address.changed(true);
    return;
  }
  app.wantTab = tab;
  if (!send(loadMessage(r.state))) {
    app.opening = false;
    app.loaded = null;
    app.view = emptyView();
    drawLesson();
    drawCode();
    redrawAll(false);
  }
}
function stopOpening() {
  if (!app.opening) return;
  app.opening = false;
  if (app.loaded) return;
  drawLesson();
  redrawAll(false);
}
function goHome() {
  setView("proc", false);
  stopOpening();
  if (!app.loaded) return;
  if (app.playing) send({ type: "pause" });
  app.loaded = null;
  app.pendingLoad = null;
  app.twin = null;
  app.playing = false;
  app.view = emptyView();
  drawLesson();
  drawCode();
  redrawAll(false);
}
function applyURL(first) {
  if (!first && !address.isNew()) return;
  address.applied();
  if (room.route(location.hash)) {
    address.arrived("room");
    return;
  }
  address.hold();
  const lang = langOfSearch(location.search);
  if (lang && lang !== getLang() && !first) switchLang({ keep: false });
  return showHash(location.hash);
}
function showHash(hash) {
  if (isShareHash(hash)) return openShare(hash);
  if (hash === SCHED_HASH) {
    address.arrived("sched");
    setView("sched", false);
    return;
  }
  if (hash === RACE_HASH) {
    address.arrived("race");
    setView("race", false);
    return;
  }
  const sl = SCHED_LESSON_HASH.exec(hash);
  if (sl) {
    address.arrived(`sched/${sl[1]}`);
    setView("sched", false);
    schedView.openLesson(sl[1], sl[2]);
    return;
  }
  const m = LIVE.exec(hash);
  if (m) {
    address.arrived(placeOfLive(hash));
    setView("live", false);
    if (m[1]) liveView.openLesson(m[1]);
    else liveView.closeLesson();
    return;
  }
  address.arrived("home");
  goHome();
}
function placeNow() {
  if (room && room.addressNow()) return "room";
  if (app.viewName === "sched") return schedView.lesson() ? `sched/${schedView.lesson()}` : "sched";
  if (app.viewName === "proc" && racesTab.tab() === "race" && !app.loaded) return "race";
  if (app.viewName === "live") return placeOfLive(liveView.hash());
  return app.loaded ? placeOfRun(loadedState(app.loaded, 0)) : "home";
}
function schedLessonPath() {
  const mode = schedView.mode ? schedView.mode() : "run";
  return schedView.lesson() + (mode === "compare" || mode === "manual" ? `/${mode}` : "");
}
async function urlNow() {
  await settled();
  const base = location.pathname + searchWithLang(location.search, getLang());
  if (room && room.addressNow()) return base + room.addressNow();
  const e = app.semantics || void 0;
  if (app.viewName === "sched" && schedView.lesson()) return `${base}#sched/${schedLessonPath()}`;
  if (app.viewName === "proc" && racesTab.tab() === "race" && !app.loaded) return base + RACE_HASH;
  if (app.viewName === "sched") return base + await encodeShare({ view: "sched", sched: schedView.shareState(), semantics: e, lang: getLang() });
  if (app.viewName === "live") return base + liveView.hash();
  if (!app.loaded) return base;
  const tab = app.ltab === "go" ? "go" : void 0;
  return base + await encodeShare({ ...loadedState(app.loaded, app.view.step), semantics: e, lang: getLang(), tab });
}
async function shareLink() {
  await settled();
  const e = app.semantics || void 0;
  if (app.viewName === "sched" && schedView.lesson()) return location.origin + location.pathname + searchWithLang("", getLang()) + `#sched/${schedLessonPath()}`;
  if (app.viewName === "sched") return shareURL(location, { view: "sched", sched: schedView.shareState(), semantics: e, lang: getLang() });
  if (app.viewName === "live") return location.origin + location.pathname + searchWithLang("", getLang()) + liveView.hash();
  const tab = app.ltab === "go" ? "go" : void 0;
  return shareURL(location, { ...loadedState(app.loaded, app.view.step), semantics: e, lang: getLang(), tab });
}
async function share() {
  const sched = app.viewName === "sched";
  const live = app.viewName === "live";
  if (!app.loaded && !sched && !live) return;
  const url = await shareLink();
  const dlg = $4("share-dialog");
  $4("share-url").value = url;
  dlg.querySelector("h2").textContent = t(sched ? "share.title.sched" : live ? "url.share.title.live" : "share.title");
  $4("share-help").textContent = sched ? t("share.help.sched") : live ? t("url.share.help.live") : t("share.help", { n: app.view.step });
  $4("share-status").textContent = "";
  const local = drawShareLocal(url, t);
  const short = loadShort().then((m) => m.drawShort(url, local, t));
  if (!dlg.open) dlg.showModal();
  $4("share-url").focus();
  $4("share-url").select();
  try {
    await navigator.clipboard.writeText(url);
    $4("share-status").textContent = t("share.copied");
  } catch {
    $4("share-status").textContent = t("err.clipboard");
  }
  await Promise.all([local, short]);
}
var editor;
var loadExport = lazyModule(() => import("./export.js"), (m) => m.initExport({ state: () => ({ loaded: app.loaded, step: app.view.step, semantics: app.semantics, viewName: app.viewName }) }));
var parse = null;
var loadParse = lazyModule(() => import("./i18n-parse.js"), (m) => {
  parse = m;
  return m;
});
var loadQuiz;
var loadShort = lazyModule(() => import("./short.js"), (m) => {
  m.initShort();
  return m;
});
function loadEdited(text) {
  address.user();
  return send({ type: "load", scenario: text });
}
var diagram;
var timeline;
function drawLessons() {
  const sel = $4("lesson-select");
  const cur = app.loaded ? app.loaded.lesson || "__custom" : "";
  sel.replaceChildren();
  const prompt = new Option(t("lesson.choose"), "");
  prompt.disabled = !!app.loaded;
  sel.append(prompt);
  for (const l of app.lessons) sel.append(new Option(pick(l.title) || l.id, l.id));
  if (cur === "__custom") {
    const kind = app.loaded && app.loaded.ostep ? t("os.lesson") : app.loaded && app.loaded.lang === "go" ? t("lesson.custom.go") : t("lesson.custom");
    const own = app.loaded && !app.loaded.ostep ? pick(app.loaded.title) : "";
    const o = new Option(own ? t("lesson.custom.titled", { kind, title: own }) : kind, "__custom");
    o.disabled = true;
    sel.append(o);
  }
  sel.value = cur;
  racesTab.filterSelect(sel);
}
function drawLessonCards() {
  const box = $4("lesson-cards");
  box.replaceChildren();
  if (!app.lessons.length) {
    box.setAttribute("aria-busy", "true");
    const li = document.createElement("li");
    li.className = "muted";
    li.textContent = t("lesson.loading");
    box.append(li);
    return;
  }
  box.removeAttribute("aria-busy");
  const waiting = app.pendingLoad && app.pendingLoad.lesson;
  let topic = "";
  app.lessons.forEach((l, i) => {
    if (l.topic !== topic) {
      topic = l.topic;
      const h4 = document.createElement("li");
      h4.className = "lc-topic";
      h4.dataset.topic = topic;
      h4.textContent = t("home.topic." + topic);
      box.append(h4);
    }
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.className = "lesson-card";
    b.dataset.lesson = l.id;
    if (waiting === l.id) b.setAttribute("aria-busy", "true");
    const num = document.createElement("span");
    num.className = "lc-num";
    num.textContent = t("home.lesson", { n: i + 1 });
    const title = document.createElement("span");
    title.className = "lc-title";
    title.textContent = pick(l.title) || l.id;
    b.append(num, title);
    b.insertAdjacentHTML("beforeend", '<svg class="lc-go" viewBox="0 0 24 24" aria-hidden="true"><path d="M5 12h13M13 6l6 6-6 6"/></svg>');
    li.append(b);
    box.append(li);
  });
}
function drawHome() {
  if (app.opening && !app.loaded) return;
  const byCourse = app.homeView === "course" && app.course !== null && !(Array.isArray(app.course) && !app.course.length);
  for (const b of document.querySelectorAll("#home-views .home-view")) {
    const on = b.dataset.homeView === (byCourse ? "course" : "topic");
    b.setAttribute("aria-selected", String(on));
    b.tabIndex = on ? 0 : -1;
  }
  $4("course-toc").hidden = !byCourse;
  $4("lesson-cards").hidden = byCourse;
  drawLessonCards();
  drawCourseToc();
}
function drawCourseToc() {
  const box = $4("course-toc");
  box.replaceChildren();
  if (app.course === void 0 || !app.lessons.length) {
    box.setAttribute("aria-busy", "true");
    const li = document.createElement("li");
    li.className = "muted";
    li.textContent = t("home.course.loading");
    box.append(li);
    return;
  }
  box.removeAttribute("aria-busy");
  if (app.course === null || !app.course.length) {
    const li = document.createElement("li");
    li.className = "muted";
    li.textContent = t("home.course.unavailable");
    box.append(li);
    return;
  }
  const nums = lessonNumbers(app.lessons);
  const waiting = app.pendingLoad && app.pendingLoad.lesson;
  for (const s2 of app.course) {
    const li = document.createElement("li");
    li.dataset.section = s2.number;
    const h4 = document.createElement(s2.chapter ? "h4" : "h5");
    h4.className = s2.chapter ? "ct-chapter" : "ct-heading";
    const num = document.createElement("span");
    num.className = "ct-num";
    num.textContent = s2.chapter ? t("home.course.chapter", { n: chapterNumber(s2.number, getLang()) }) : s2.number;
    h4.append(num, " ", pick(s2.heading));
    li.append(h4);
    li.className = s2.chapter ? "ct-chapter-row" : "ct-section";
    if (!s2.chapter) {
      if (!s2.lessons.length) {
        const p = document.createElement("p");
        p.className = "muted ct-none";
        p.textContent = t("home.course.none");
        li.append(p);
      } else {
        const ul = document.createElement("ul");
        ul.className = "ct-lessons";
        for (const l of s2.lessons) {
          const b = document.createElement("button");
          b.type = "button";
          b.className = "lesson-card ct-card" + (l.kind === "live" ? " live" : "");
          if (l.kind === "live") b.dataset.live = l.id;
          else b.dataset.lesson = l.id;
          if (l.kind !== "live" && waiting === l.id) b.setAttribute("aria-busy", "true");
          const tag = document.createElement("span");
          tag.className = "lc-num";
          tag.textContent = l.kind === "live" ? t("home.course.live") : nums.has(l.id) ? t("home.lesson", { n: nums.get(l.id) }) : "";
          const title = document.createElement("span");
          title.className = "lc-title";
          title.textContent = pick(l.title) || l.id;
          b.append(tag, title);
          b.insertAdjacentHTML("beforeend", '<svg class="lc-go" viewBox="0 0 24 24" aria-hidden="true"><path d="M5 12h13M13 6l6 6-6 6"/></svg>');
          const item = document.createElement("li");
          item.append(b);
          ul.append(item);
        }
        li.append(ul);
      }
    }
    box.append(li);
  }
}
function drawLiveTwins(id) {
  if (id && !app.liveAsked) {
    app.liveAsked = true;
    fetchLiveLessons();
    loadQuiz().catch((err) => console.error("proclab: the quiz did not load:", err));
  }
  const box = $4("lesson-live");
  const twins = liveTwinsOf(app.liveLessons, id);
  box.hidden = !twins.length;
  box.replaceChildren();
  if (!twins.length) return;
  const label2 = document.createElement("span");
  label2.textContent = t("lesson.live") + " ";
  box.append(label2);
  twins.forEach((tw, i) => {
    if (i) box.append(document.createTextNode(" · "));
    const a = document.createElement("a");
    a.href = "#live/" + encodeURIComponent(tw.id);
    a.dataset.live = tw.id;
    a.textContent = pick(tw.title) || tw.id;
    box.append(a);
  });
}
async function fetchLiveLessons() {
  try {
    const res = await fetch(document.body.dataset.apiLiveBrief || "/api/live/lessons?brief=1", { headers: { Accept: "application/json" } });
    if (!res.ok) return;
    const list = await res.json();
    app.liveLessons = Array.isArray(list) ? list : [];
  } catch {
    return;
  }
  if (app.loaded) drawLiveTwins(app.loaded.lesson);
}
async function fetchCourse() {
  try {
    const res = await fetch(document.body.dataset.apiCourse || "/api/course", { headers: { Accept: "application/json" } });
    app.course = res.ok ? normalizeCourse(await res.json()) : null;
  } catch {
    app.course = null;
  }
  if (!app.loaded) drawHome();
}
function setHomeView(which) {
  app.homeView = which === "topic" ? "topic" : "course";
  drawHome();
}
function loadLesson(id) {
  if (!id || id === "__custom") return;
  address.user();
  clearErrors();
  send({ type: "load", lesson: id });
  if (!app.loaded) drawHome();
}
function openLesson(id) {
  const a = document.activeElement;
  app.focusTitle = !!(a && a.closest && a.closest("#home, #race-home"));
  if (app.focusTitle) window.scrollTo(0, 0);
  if (tabOfLesson(app.lessons, id) === "sched") {
    setView("sched");
    schedView.openLesson(id);
    return;
  }
  loadLesson(id);
}
function showHome() {
  if (app.playing) send({ type: "pause" });
  app.opening = false;
  app.loaded = null;
  app.pendingLoad = null;
  app.decl = null;
  app.view = emptyView();
  address.changed(true);
  drawLesson();
  drawCode();
  redrawAll();
}
function drawLesson() {
  const l = app.loaded;
  drawRaceLayout();
  const title = $4("lesson-title");
  const ex = $4("lesson-explain");
  const info = $4("lesson-info");
  ex.replaceChildren();
  const opening = !l && app.opening;
  document.body.classList.toggle("home-page", !l && !opening);
  document.documentElement.classList.toggle("opening", opening);
  $4("home").hidden = !!l || opening;
  if (!l) {
    title.textContent = t(opening ? "home.opening" : "home.title");
    if (!opening) {
      const p = document.createElement("p");
      p.textContent = t("home.intro");
      ex.append(p);
    }
    info.textContent = "";
    document.title = "ProcLab";
    $4("btn-back-lesson").hidden = true;
    drawHome();
    drawLessons();
    drawGoTab();
    racesTab.draw();
    return;
  }
  const twin = twinLesson();
  title.textContent = twin ? t("go.tab.of", { title: pick(twin.title) || twin.id }) : pick(l.title) || (l.lesson ? l.lesson : t(l.lang === "go" ? "lesson.custom.go" : "lesson.custom"));
  $4("btn-back-lesson").hidden = !twin;
  renderExplain(ex, pick(twin ? twin.explain : l.explain) || "", t("lesson.misconception"));
  drawLiveTwins(twin ? "" : l.lesson);
  const sliced = ["rr", "mlfq", "lottery", "stride"].includes(String(l.policy || "").toLowerCase());
  const parts = [t(sliced ? "info.machine" : "info.machine.noq", { cpus: l.cpus ?? 1, policy: String(l.policy || "").toUpperCase(), quantum: l.quantum ?? "–" })];
  if (l.seed) parts.push(t("info.seed", { seed: l.seed }));
  info.textContent = l.ostep ? t("os.info", { cmd: l.ostep }) : l.lang === "go" ? t("go.info.one", { cpus: l.cpus ?? 1 }) : parts.join(" · ");
  document.title = `${title.textContent} · ProcLab`;
  drawLessons();
  drawGoTab();
  racesTab.draw();
}
function twinLesson() {
  return app.twin && app.lessonShown && app.lessonShown.id === app.twin.id ? app.lessonShown : null;
}
function goSourceOf(l) {
  if (!l || l.ostep) return "";
  if (l.go_source) return l.go_source;
  if (l.lesson && l.lang === "go") return l.scenario || "";
  return "";
}
function drawGoTab() {
  const l = app.loaded;
  const src = goSourceOf(l);
  const tabs = !!src;
  if (!tabs) app.ltab = "picture";
  const go = app.ltab === "go";
  $4("lesson-tabs").hidden = !tabs;
  document.body.dataset.ltab = app.ltab;
  $4("tab-picture").setAttribute("aria-selected", go ? "false" : "true");
  $4("tab-go").setAttribute("aria-selected", go ? "true" : "false");
  $4("diagram").hidden = go;
  $4("go-pane").hidden = !go;
  if (!tabs) {
    $4("go-source").replaceChildren();
    return;
  }
  const runs = !!(l.lesson && l.lang === "go" && !l.go_source) || l.lang === "go" && l.go_source === l.scenario;
  const note = $4("go-pane-note");
  note.textContent = t(runs ? "go.tab.runs" : "go.tab.twin");
  note.dataset.runs = runs ? "1" : "0";
  $4("btn-run-go").hidden = runs;
  if (go) drawGoSource(src, runs);
}
function goHeaderLines(lines) {
  let n = 0;
  while (n < lines.length && /^\s*$|^\/\/go:build\b|^\/\/ ?(title|explain|cpus|policy|seed|expect)\b/.test(lines[n])) n++;
  while (n > 0 && /^\s*$/.test(lines[n - 1])) n--;
  return n;
}
function drawGoSource(src, runs) {
  const at = /* @__PURE__ */ new Map();
  if (runs) {
    for (const task of app.view.tasks || []) {
      if (!task.line || task.program < 0 || ["zombie", "dead", "none"].includes(task.state)) continue;
      if (!at.has(task.line)) at.set(task.line, []);
      at.get(task.line).push(task);
    }
  }
  const ranAt = /* @__PURE__ */ new Map();
  for (const r of runs && app.view.ran || []) {
    if (!ranAt.has(r.line)) ranAt.set(r.line, []);
    ranAt.get(r.line).push(r.pid);
  }
  const lines = src.replace(/\n$/, "").split("\n");
  const head = goHeaderLines(lines);
  const items = lines.map((text, i) => {
    if (i < head && !app.goHeaderOpen) return null;
    const li = document.createElement("li");
    li.dataset.line = String(i + 1);
    const no = document.createElement("span");
    no.className = "ln";
    no.textContent = String(i + 1);
    const code = document.createElement("code");
    code.textContent = text;
    const here = at.get(i + 1) || [];
    if (runs) li.append(lineGutter(document, ranAt.get(i + 1) || [], here.map((x) => x.pid), app.view, li));
    li.append(no, code);
    if (here.length) {
      li.classList.add("at");
      li.style.setProperty("--task", taskColor(here[0].pid).fill);
      const marks = document.createElement("span");
      marks.className = "marks";
      for (const task of here) {
        const c = document.createElement("span");
        const col = taskColor(task.pid);
        c.className = "chip" + (task.state === "running" ? " on" : "");
        c.dataset.task = String(task.pid);
        c.style.background = col.fill;
        c.style.color = col.ink;
        c.textContent = app.view.names[task.pid] || taskTag(app.view, task.pid);
        marks.append(c);
      }
      li.append(marks);
    }
    return li;
  }).filter(Boolean);
  if (head > 1) {
    const fold = document.createElement("li");
    fold.className = "go-header";
    const b = document.createElement("button");
    b.type = "button";
    b.className = "btn ghost small";
    b.textContent = t(app.goHeaderOpen ? "go.header.hide" : "go.header.show", { n: head });
    b.addEventListener("click", () => {
      app.goHeaderOpen = !app.goHeaderOpen;
      drawGoTab();
    });
    fold.append(b);
    items.unshift(fold);
  }
  const box = $4("go-source");
  box.replaceChildren(...items);
  const first = box.querySelector("li.at");
  if (first && (first.offsetTop < box.scrollTop || first.offsetTop + first.offsetHeight > box.scrollTop + box.clientHeight)) {
    box.scrollTop = Math.max(0, first.offsetTop - box.clientHeight / 3);
  }
}
function setLessonTab(name) {
  app.ltab = name === "go" ? "go" : "picture";
  drawGoTab();
  if (app.ltab === "picture") redrawAll();
  address.changed(true);
}
function runGoTwin() {
  const l = app.loaded;
  const src = goSourceOf(l);
  if (!src) return;
  app.twin = l.lesson ? { id: l.lesson, source: src } : app.twin;
  address.user();
  clearErrors();
  send({ type: "load", scenario: src });
}
function drawCode(build = Infinity) {
  let pending;
  if (app.loaded && app.loaded.ostep) {
    const { programs, view } = splitThreads(app.loaded.programs, app.view);
    pending = renderCode($4("code-flow"), programs, view, app.decl, build);
  } else {
    pending = renderCode($4("code-flow"), app.loaded ? app.loaded.programs : [], app.view, app.decl, build);
  }
  if (pending) later.names.add("code");
}
var FIRST_PANES = 8;
function fitCode() {
  const box = document.querySelector("#code > .code-in");
  const flow = $4("code-flow");
  let want = 0, queued = false;
  new ResizeObserver((entries) => {
    const e = entries[entries.length - 1];
    want = e.borderBoxSize && e.borderBoxSize[0] ? e.borderBoxSize[0].blockSize : e.contentRect.height;
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      if (want <= 0) {
        box.classList.remove("fitted");
        return;
      }
      const h4 = `${want}px`;
      if (box.style.getPropertyValue("--fit-h") !== h4) box.style.setProperty("--fit-h", h4);
      box.classList.add("fitted");
    });
  }).observe(flow);
}
function drawRaceLayout() {
  const race = isRaceLab(app.loaded);
  document.body.classList.toggle("go-program", !!(app.loaded && app.loaded.lang === "go"));
  const ostep = !!(app.loaded && app.loaded.ostep);
  document.body.classList.toggle("race-lab", race);
  document.body.classList.toggle("ostep-run", ostep);
  if (ostep) document.body.dataset.ostep = app.loaded.ostep;
  else delete document.body.dataset.ostep;
  $4("race").hidden = !race || ostep;
  $4("problems-card").hidden = ostep;
  const ipc = ipcInScenario(app.loaded);
  document.body.classList.toggle("ipc-lab", ipc);
  $4("race-side").hidden = !race && !ipc && !document.body.classList.contains("pipe-lab");
  renderLegend($4("timeline-legend"), race && app.decl ? app.decl.objects : null);
}
function drawRace() {
  if (!raceView || !isRaceLab(app.loaded)) return;
  raceView.render();
}
function reloadWith(opts) {
  const l = app.loaded;
  if (!l) return;
  const st = loadedState(l, 0, opts.choices ?? []);
  st.picker = opts.picker === "random" ? "random" : void 0;
  st.manual = !!opts.manual || void 0;
  st.interleave = !!opts.interleave || void 0;
  if (opts.seed) st.seed = opts.seed;
  address.user();
  clearErrors();
  send(loadMessage(st));
}
function drawControls() {
  const v = app.view;
  renderControls({ loaded: !!app.loaded, online: app.ready, step: v.step, total: v.total, playing: app.playing, speed: app.speed });
  document.body.dataset.step = String(v.step);
  if (app.viewName === "sched" || app.viewName === "live") $4("btn-share").disabled = false;
}
function setView(name, byUser = true) {
  const view = name === "sched" || name === "live" ? name : "proc";
  const sched = view === "sched";
  app.viewName = view;
  document.body.classList.toggle("view-sched", sched);
  document.body.classList.toggle("view-live", view === "live");
  document.body.dataset.view = app.viewName;
  for (const b of document.querySelectorAll(".view-tab")) b.setAttribute("aria-selected", b.dataset.view === app.viewName ? "true" : "false");
  if (sched) {
    if (app.playing) send({ type: "pause" });
    schedView.show();
  } else {
    schedView.hide();
  }
  if (view === "live") liveView.show();
  else liveView.hide();
  racesTab.viewSet(name);
  if (byUser) address.user();
  address.changed(true);
  if (view !== "sched") drawLesson();
  if (view !== "proc") document.title = `${t(sched ? "view.sched" : "view.live")} · ProcLab`;
  drawControls();
}
function simShown() {
  return app.viewName === "proc" || app.viewName === "live" && liveView.twinShown();
}
function openInStepper(text) {
  setView("proc");
  clearErrors();
  send({ type: "load", scenario: text });
}
function narrate() {
  const n = $4("narration");
  n.classList.toggle("hint", !app.loaded);
  if (!app.loaded) {
    showNarration(n, t(app.opening ? "home.opening" : "home.hint"));
    n.dataset.key = "";
    n.dataset.category = "";
    return;
  }
  const v = app.view;
  const step = v.step;
  const programs = app.loaded.programs || [];
  const threads = new Set(v.tasks.filter((x) => programs[x.program] && programs[x.program].thread).map((x) => x.pid));
  const choice = chooseNarration({
    step,
    items: v.stepItems,
    ran: v.ran,
    column: v.lastColumn && v.lastColumn.step === step ? v.lastColumn : null,
    tasks: v.tasks,
    programs,
    who: app.decl && app.decl.jobs ? (pid) => v.names[pid] || `P${pid}` : whoFor(v.names, threads)
  });
  const text = choice ? narrationText(choice, step) : t("log.empty");
  showNarration(n, text, app.playing);
  const key = choice ? choice.key : "", category = choice ? choice.category : "";
  if (n.dataset.key !== key) n.dataset.key = key;
  if (n.dataset.category !== category) n.dataset.category = category;
}
function showNarration(n, text, growOnly = false) {
  let box = n.firstElementChild;
  if (!box || !box.classList.contains("narr-in")) {
    box = document.createElement("span");
    box.className = "narr-in";
    const inner2 = document.createElement("span");
    inner2.className = "narr-text";
    box.append(inner2);
    n.replaceChildren(box);
    new ResizeObserver((entries) => {
      const e = entries[entries.length - 1];
      const h4 = e.borderBoxSize && e.borderBoxSize[0] ? e.borderBoxSize[0].blockSize : e.contentRect.height;
      requestAnimationFrame(() => sizeNarration(box, h4, app.playing));
    }).observe(inner2);
  }
  const inner = box.firstElementChild;
  if (inner.textContent === text) {
    if (!growOnly && box.grown) fitNarration(box);
    return;
  }
  inner.textContent = text;
  if (!growOnly) fitNarration(box);
}
function fitNarration(box, growOnly = false) {
  sizeNarration(box, box.firstElementChild.getBoundingClientRect().height, growOnly);
}
function sizeNarration(box, h4, growOnly) {
  box.grown = growOnly && h4 < (parseFloat(box.style.height) || 0);
  if (box.grown) return;
  const want = `${h4}px`;
  if (box.style.height !== want) box.style.height = want;
}
function settleNarration() {
  const box = $4("narration").firstElementChild;
  if (box && box.grown) fitNarration(box);
}
function animDuration() {
  if (!app.playing) return 520;
  return Math.max(0, Math.min(520, 700 / app.speed));
}
var frame = { id: 0, steps: 0 };
var drawStats = { draws: 0, steps: 0, ms: 0, maxMs: 0, messages: 0, parts: {} };
drawStats.folds = foldCounts;
window.proclabDrawStats = drawStats;
function firstRender(t0, before) {
  const now = performance.now();
  const sent = drawStats.loadSentAt;
  drawStats.loadSentAt = 0;
  drawStats.pageMs = now - t0;
  drawStats.loadMs = now - sent;
  drawStats.drawnAt = now;
  drawStats.paintMs = 0;
  const parts = {};
  for (const [k, v] of Object.entries(drawStats.parts)) if (v - (before[k] || 0) >= 0.5) parts[k] = Math.round(v - (before[k] || 0));
  drawStats.firstParts = parts;
}
function firstFrame(sent) {
  requestAnimationFrame(() => setTimeout(() => {
    drawStats.paintMs = performance.now() - sent;
  }));
}
function showLoaded() {
  const show = app.showLoaded;
  app.showLoaded = null;
  if (show) show();
}
function drawSoon() {
  frame.steps++;
  if (!frame.id) frame.id = requestAnimationFrame(drawFrame);
}
function drawFrame() {
  const steps = frame.steps;
  const t0 = performance.now();
  drawStep(steps === 1, steps > 1 || app.playing && app.speed * SLOW_MS > 1e3);
  const ms = performance.now() - t0;
  drawStats.draws++;
  drawStats.steps += steps;
  drawStats.ms += ms;
  drawStats.maxMs = Math.max(drawStats.maxMs, ms);
}
var SLOW_MS = 100;
var slow = { at: 0, timer: 0 };
function drawSlowPanels(part, panes2 = Infinity) {
  clearTimeout(slow.timer);
  slow.timer = 0;
  slow.at = performance.now();
  if (!later.names.has("tree") && sight.wants("tree", app.playing)) drawPanel("tree", part);
  if (sight.wants("code", app.playing)) drawPanel("code", part, panes2);
}
function drawPanel(name, part, panes2 = Infinity) {
  const v = app.view;
  if (name === "tree") part("tree", () => renderTree($4("tree"), v));
  else if (name === "code") part("code", () => drawCode(panes2));
  else if (name === "timeline") part("timeline", () => timeline.render(v, { objects: app.decl ? app.decl.objects : [] }));
  else if (name === "log") part("log", () => renderLog($4("log"), v.log, (pid) => taskColor(pid).fill, v.step));
}
var later = { names: /* @__PURE__ */ new Set(), counted: false };
var LATER_SLICE_MS = 16;
var SNAPSHOT_WAIT_MS = 2e3;
function belowScreen(e) {
  if (!e) return false;
  const r = e.getBoundingClientRect();
  return r.width === 0 && r.height === 0 || r.top >= window.innerHeight || r.bottom <= 0;
}
function drawLater() {
  const t0 = performance.now();
  while (later.names.size) {
    const name = later.names.values().next().value;
    later.names.delete(name);
    drawStats.laterLeft = later.names.size;
    drawPanel(name, timer(drawStats.parts));
    if (!later.counted) {
      later.counted = true;
      drawStats.laterTasks = (drawStats.laterTasks || 0) + 1;
      queueMicrotask(() => {
        later.counted = false;
      });
    }
    if (later.names.size && performance.now() - t0 >= LATER_SLICE_MS) {
      setTimeout(drawLater);
      return;
    }
  }
}
var sight = createSight(
  window.IntersectionObserver,
  { timeline: $4("timeline"), log: $4("log"), tree: $4("tree"), code: $4("code") },
  (name) => drawPanel(name, timer(drawStats.parts))
);
var reducedMotion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
function drawStep(animate, fast = false, first = false) {
  if (frame.id) cancelAnimationFrame(frame.id);
  frame.id = 0;
  frame.steps = 0;
  later.names.clear();
  const v = app.view;
  const reduce = !!(reducedMotion && reducedMotion.matches);
  const part = timer(drawStats.parts);
  part("narration", narrate);
  if (first) {
    for (const name of ["timeline", "log", "tree"]) if (name === "tree" || belowScreen($4(name))) later.names.add(name);
  }
  part("diagram", () => diagram.render(v, { animate: animate && !reduce, duration: animDuration(), cpus: app.loaded ? app.loaded.cpus : 1, first }));
  if (!later.names.has("timeline") && sight.wants("timeline", app.playing)) drawPanel("timeline", part);
  const since = performance.now() - slow.at;
  if (!fast || since >= SLOW_MS) drawSlowPanels(part, first ? FIRST_PANES : Infinity);
  else if (!slow.timer) slow.timer = setTimeout(() => drawSlowPanels(timer(drawStats.parts)), SLOW_MS - since);
  if (!later.names.has("log") && sight.wants("log", app.playing)) drawPanel("log", part);
  if (later.names.size) requestAnimationFrame(() => setTimeout(drawLater));
  drawStats.laterLeft = later.names.size;
  part("controls", drawControls);
  part("race", drawRace);
  if (app.ltab === "go") drawGoTab();
  address.changed();
  part("cards", () => {
    drawMemoryCard(document, v);
    if (isRaceLab(app.loaded) && app.loaded.lang !== "go") renderSwitchCard(app.view, app.loaded, rerunAtCost);
    else setHidden($4("switch-card"), true);
    drawPipes(v);
    drawIPC();
    drawSideColumn();
  });
}
function timer(into) {
  return (name, fn) => {
    const t0 = performance.now();
    fn();
    into[name] = (into[name] || 0) + performance.now() - t0;
  };
}
function drawSideColumn() {
  const cards = ["memory-card", "pipe-card", "shm-card", "sock-card"];
  setHidden($4("race-side"), !isRaceLab(app.loaded) && !ipcInScenario(app.loaded) && cards.every((id) => $4(id).hidden));
}
function setHidden(el2, hidden) {
  if (el2.hidden !== hidden) el2.hidden = hidden;
}
function drawIPC() {
  const on = ipcInScenario(app.loaded);
  const color = (pid) => taskColor(pid).fill;
  setHidden($4("shm-card"), !on || !renderShm($4("shm"), app.view, app.decl, color));
  setHidden($4("sock-card"), !on || !renderSockets($4("sockets"), app.view, color));
  if (on && !isRaceLab(app.loaded)) {
    for (const id of ["vars-card", "output-card", "problems-card"]) setHidden($4(id), true);
  }
}
function drawPipes(v) {
  const list = v && v.pipes || [];
  const card = $4("pipe-card");
  setHidden(card, !list.length);
  document.body.classList.toggle("pipe-lab", list.length > 0);
  if (!list.length) return;
  renderIPC($4("pipes"), list, { t, colorOf: taskColor, tag: (pid) => taskTag(v, pid) });
}
function rerunAtCost(text) {
  clearErrors();
  send({ type: "load", scenario: text, step: getLimits().steps || 1 });
}
function redrawAll() {
  drawStep(false);
}
function applyStatic() {
  document.documentElement.lang = getLang();
  for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll("[data-i18n-title]")) e.title = t(e.dataset.i18nTitle);
  for (const e of document.querySelectorAll("[data-i18n-aria]")) e.setAttribute("aria-label", t(e.dataset.i18nAria));
  const lb = $4("btn-lang");
  lb.textContent = t("btn.lang");
  lb.title = t("btn.lang.title");
  lb.lang = getLang() === "en" ? "zh-CN" : "en";
  for (const e of document.querySelectorAll(".home-other")) e.lang = lb.lang;
  renderLegend($4("timeline-legend"), isRaceLab(app.loaded) && app.decl ? app.decl.objects : null);
  renderSpeed(app.speed);
}
function switchLang({ keep = true } = {}) {
  setLang(getLang() === "en" ? "zh-CN" : "en");
  if (keep) try {
    localStorage.setItem(LANG_KEY, getLang());
  } catch {
  }
  applyStatic();
  diagram.relabel();
  if (app.viewName === "proc") drawLesson();
  else document.title = `${t(app.viewName === "live" ? "view.live" : "view.sched")} · ProcLab`;
  drawBanner();
  redrawAll();
  schedView.relabel();
  ostepDialog.relabel();
  liveView.relabel();
  editor.relabel();
  room.relabel();
  address.changed(true);
}
async function roomLink() {
  await settled();
  const e = app.semantics || void 0;
  if (app.viewName === "sched" && schedView.lesson()) return `sched/${schedView.lesson()}`;
  if (app.viewName === "proc" && racesTab.tab() === "race" && !app.loaded) return RACE_HASH.slice(1);
  if (app.viewName === "sched") return (await encodeShare({ view: "sched", sched: schedView.shareState(), semantics: e })).slice(1);
  if (app.viewName === "live") return liveView.hash().slice(1);
  if (!app.loaded) return "";
  const tab = app.ltab === "go" ? "go" : void 0;
  return (await encodeShare({ ...loadedState(app.loaded, app.view.step), semantics: e, tab })).slice(1);
}
function startRoom() {
  room = lazyObject({
    load: () => import("./room.js"),
    roots: ["room-note", "room-bar", "room-follow", "room-q", "room-q-pill", "room-qr-overlay", "room-dialog", "room-ask-dialog"],
    make: (m) => m.createRoom({
      linkNow: roomLink,
      // A follower opens the teacher's link as the link itself would open,
      // while the address stays at #room/CODE.
      openLink: async (hash) => {
        await showHash(hash);
      },
      seek: (step) => {
        if (!app.loaded || !app.ready || !simShown() || step === app.view.step) return;
        if (app.playing) send({ type: "pause" });
        send({ type: "seek", step });
      },
      view: () => ({
        name: app.viewName,
        loaded: !!app.loaded,
        race: isRaceLab(app.loaded),
        atEnd: false,
        schedReady: app.viewName === "sched",
        policy: app.viewName === "sched" ? (schedView.shareState() || {}).policy || "" : "",
        tasks: (app.view.tasks || []).filter((x) => !["zombie", "dead", "none"].includes(x.state)).map((x) => ({ pid: x.pid, name: app.view.names[x.pid] || taskTag(app.view, x.pid) }))
      }),
      loadFields: () => {
        if (!app.loaded) return null;
        const m2 = loadMessage({ ...loadedState(app.loaded, app.view.step), semantics: app.semantics || void 0 });
        delete m2.v;
        delete m2.type;
        return m2;
      },
      sched: () => ({ lesson: schedView.lesson(), state: schedView.shareState() }),
      liveRelay: (on) => liveView.relay(on),
      liveFeed: (msg) => liveView.feed(msg),
      addressChanged: () => {
        address.user();
        address.changed(true);
      }
    }),
    // Before room.js loads there is no room: it loads for a room's address
    // (#room/CODE), for a room this tab taught before a reload, and for the
    // Classroom button.
    idle: {
      route: (hash) => /^#room\//i.test(hash || "") ? wakeWith(true) : false,
      resume: () => {
        try {
          return sessionStorage.getItem("proclab.room.teaching") ? WAKE : false;
        } catch {
          return false;
        }
      },
      addressNow: () => "",
      role: () => ""
    }
  });
  openOnClick($4("btn-room"), room.whenLoaded);
  const changed = address.changed;
  address.changed = (now) => {
    changed(now);
    room.viewChanged();
  };
  room.resume();
}
function start() {
  setLang(langOfSearch(location.search) || pickLang(navigator.languages || [navigator.language], storedLang()));
  address = createAddressKeeper({ urlNow, placeNow, history, location, playing: () => app.playing });
  diagram = createDiagram($4("diagram"), { keep: true, tag: (pid) => taskTag(app.view, pid) });
  timeline = createTimeline($4("timeline"));
  fitCode();
  const withLimits = (v) => {
    if (app.ready) v.limitsChanged();
    return v;
  };
  schedView = lazyObject({
    load: () => Promise.all([import("./sched.js"), loadExport()]),
    make: ([m]) => withLimits(m.createSchedView({
      openScenario: openInStepper,
      lessons: () => app.lessons,
      // A scheduling lesson's own run, step by step, at the chosen time's step.
      openLesson: (id, step) => {
        address.user();
        setView("proc", false);
        clearErrors();
        send({ type: "load", lesson: id, step });
      },
      lessonShown: () => {
        if (app.viewName === "sched") address.changed();
      },
      changed: () => {
        if (app.viewName === "sched") address.changed();
      }
    })),
    idle: { show: () => WAKE, openLesson: () => WAKE, restore: () => WAKE, lesson: () => "", shareState: () => null }
  });
  racesTab = createRacesTab({
    lessons: () => app.lessons,
    loaded: () => app.loaded,
    openLesson,
    showHome,
    openEditor: () => editor.open(scenarioTemplate(t))
    // the race template (examples.js)
  });
  new MutationObserver(() => {
    if ($4("sched").dataset.busy === "0" && app.viewName === "sched") address.changed();
  }).observe($4("sched"), { attributes: true, attributeFilter: ["data-busy"] });
  ostepDialog = lazyObject({ load: () => import("./ostep-dialog.js"), make: (m) => m.createOstepDialog({
    load: (msg) => {
      address.user();
      clearErrors();
      send(msg);
    }
  }), idle: { open: () => WAKE } });
  liveView = lazyObject({
    load: () => import("./live.js"),
    roots: ["live"],
    css: ["live.css", "live-ipc.css", "live-sys.css"],
    make: (m) => m.createLiveView({
      // A live lesson's simulated twin: the lesson, loaded in this process view.
      openTwin: (id) => {
        if (!id) return;
        if (app.loaded && app.loaded.lesson === id) return;
        clearErrors();
        send({ type: "load", lesson: id });
      },
      setHash: () => {
        if (app.viewName === "live") {
          address.user();
          address.changed(true);
        }
      }
      // a live lesson opened or closed
    }),
    idle: { show: () => WAKE, openLesson: () => WAKE, relay: (on) => on ? WAKE : void 0, hash: () => "#live", twinShown: () => false }
  });
  raceView = createRaceView({
    send,
    seek: (step) => {
      if (app.loaded && app.ready) send({ type: "seek", step });
    },
    reload: reloadWith,
    setExploring: (on) => {
      app.exploring = on;
      drawRace();
    },
    state: () => ({ loaded: app.loaded, view: app.view, choices: app.loaded ? app.loaded.choices : [], explored: app.explored, exploring: app.exploring })
  });
  $4("code").addEventListener("click", (e) => {
    if (toggleMicro(e.target)) drawCode();
  });
  openOnClick($4("btn-export"), loadExport);
  applyStatic();
  drawLesson();
  drawCode();
  redrawAll();
  initControls({
    send,
    state: () => ({ loaded: !!app.loaded && app.ready && simShown(), step: app.view.step, total: app.view.total, playing: app.playing, speed: app.speed }),
    setSpeed: (s2) => {
      app.speed = s2;
    }
  });
  initPresenter({
    send,
    state: () => ({ loaded: !!app.loaded && app.ready && simShown(), step: app.view.step, total: app.view.total }),
    // Named as the log names them: a thread by its name and TID, not as a process.
    who: (pid) => label(pid, (app.view.names || {})[pid], threaded(app.view, pid), !!app.view.go)
  });
  loadQuiz = lazyModule(() => import("./quiz.js"), (m) => m.initQuiz({
    send,
    state: () => {
      const l = app.loaded;
      const lesson = l && l.lesson && !app.twin && simShown() ? l.lesson : "";
      return {
        lesson,
        ready: app.ready,
        loading: !!app.pendingLoad,
        step: app.view.step,
        total: app.view.total,
        playing: app.playing,
        plain: (seed) => !!l && !l.choices.length && !l.manual && !l.interleave && l.picker !== "random" && (l.seed ?? 0) === seed
      };
    },
    load: (lesson, step) => {
      clearErrors();
      send({ type: "load", lesson, step });
    }
  }));
  $4("btn-lang").addEventListener("click", () => switchLang());
  $4("btn-share").addEventListener("click", () => {
    share().catch(() => showBanner("error", "err.share_bad"));
  });
  $4("share-copy").addEventListener("click", async () => {
    const inp = $4("share-url");
    inp.select();
    try {
      await navigator.clipboard.writeText(inp.value);
      $4("share-status").textContent = t("share.copied");
    } catch {
      try {
        document.execCommand("copy");
        $4("share-status").textContent = t("share.copied");
      } catch {
        $4("share-status").textContent = t("err.clipboard");
      }
    }
  });
  $4("share-addrs").addEventListener("click", async (e) => {
    const b = e.target.closest("button[data-copy]");
    if (!b) return;
    const inp = b.parentElement.querySelector("input");
    if (inp) inp.select();
    try {
      await navigator.clipboard.writeText(b.dataset.copy);
      $4("share-status").textContent = t("share.copied");
    } catch {
      $4("share-status").textContent = t("err.clipboard");
    }
  });
  $4("banner").querySelector(".close").addEventListener("click", clearBanner);
  $4("banner-retry").addEventListener("click", retryNow);
  $4("lesson-select").addEventListener("change", (e) => loadLesson(e.target.value));
  $4("lesson-cards").addEventListener("click", (e) => {
    const b = e.target.closest("button[data-lesson]");
    if (b) openLesson(b.dataset.lesson);
  });
  $4("course-toc").addEventListener("click", (e) => {
    const b = e.target.closest("button[data-lesson], button[data-live]");
    if (!b) return;
    const to = courseTarget(b.dataset.live ? { kind: "live", id: b.dataset.live } : { kind: "lesson", id: b.dataset.lesson });
    if (to.hash) location.hash = to.hash;
    else openLesson(to.lesson);
    window.scrollTo(0, 0);
  });
  for (const b of document.querySelectorAll("#home-views .home-view")) b.addEventListener("click", () => setHomeView(b.dataset.homeView));
  $4("home-views").addEventListener("keydown", (e) => {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    e.preventDefault();
    setHomeView(app.homeView === "course" ? "topic" : "course");
    $4(app.homeView === "course" ? "home-by-course" : "home-by-topic").focus();
  });
  editor = lazyObject({ load: () => import("./editor.js"), roots: ["scenario-dialog"], css: ["editor.css"], make: (m) => m.createEditor({ lessons: () => app.lessons, load: loadEdited }), idle: { open: () => WAKE, isOpen: () => false } });
  const openEditor = () => editor.open(app.loaded && app.loaded.scenario && !app.loaded.ostep ? app.loaded.scenario : "");
  $4("btn-scenario").addEventListener("click", openEditor);
  $4("btn-own").addEventListener("click", openEditor);
  $4("btn-ostep").addEventListener("click", () => ostepDialog.open(app.loaded));
  $4("btn-ostep-home").addEventListener("click", () => ostepDialog.open(app.loaded));
  $4("tab-picture").addEventListener("click", () => setLessonTab("picture"));
  $4("tab-go").addEventListener("click", () => setLessonTab("go"));
  $4("lesson-tabs").addEventListener("keydown", (e) => {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    e.preventDefault();
    setLessonTab(app.ltab === "go" ? "picture" : "go");
    $4(app.ltab === "go" ? "tab-go" : "tab-picture").focus();
  });
  $4("btn-run-go").addEventListener("click", runGoTwin);
  $4("btn-back-lesson").addEventListener("click", () => {
    const l = twinLesson();
    if (l) loadLesson(l.id);
  });
  for (const b of document.querySelectorAll(".view-tab")) b.addEventListener("click", () => setView(b.dataset.view));
  document.querySelector(".views").addEventListener("keydown", (e) => {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight" || !e.target.matches(".view-tab")) return;
    e.preventDefault();
    const tabs = [...document.querySelectorAll(".views .view-tab")].filter((b) => b.offsetParent !== null);
    const next = tabs[(tabs.indexOf(e.target) + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
    if (next) {
      next.click();
      next.focus();
    }
  });
  window.addEventListener("popstate", () => applyURL(false));
  window.addEventListener("hashchange", () => applyURL(false));
  let resizeTimer = 0;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      timeline.render(app.view, { objects: app.decl ? app.decl.objects : [] });
      schedView.resize();
      liveView.resize();
    }, 120);
  });
  window.addEventListener("online", () => {
    if (!app.ws) {
      app.retry = retryStart();
      connect();
    }
  });
  onPageLeave(leavePage, backToPage);
  startRoom();
  fetchLessons();
  fetchCourse();
  applyURL(true);
  connect();
}
start();
