import {
  columnsOf,
  taskTag
} from "./chunk-X7FJ6C55.js";
import {
  STATE_COLOR,
  STATE_HEIGHT,
  STATE_LETTER,
  backgroundOf,
  taskColor
} from "./chunk-2FXQCEFR.js";
import {
  t
} from "./chunk-GO5LWYH4.js";

// js/timeline.js
var SVG = "http://www.w3.org/2000/svg";
var AXIS_H = 30;
var CPU_H = 36;
var TASK_H = 28;
var SEP = 8;
var LABEL_MARGIN = 20;
var MIN_CELL = 10;
function el(name, attrs = {}, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (parent) parent.append(e);
  return e;
}
function cpuLabel(view, v, w) {
  if (v.sw) return { key: w >= 18 ? "⇄" : "" };
  const call = v.sys ? `↓${v.sys}` : v.vdso ? `${v.vdso}` : "";
  if (call) {
    const fit = Math.max(2, Math.floor((w - 4) / 6.8));
    const text = call.length > fit ? call.slice(0, fit - 1) + "…" : call;
    return { key: `call:${text}`, call, text };
  }
  const tag = taskTag(view, v.pid);
  return { key: w >= (tag.length > 4 ? 40 : 30) ? "tag" : "" };
}
function taskLabel(v, w, objName) {
  if (v.sw) return { kind: "", key: "" };
  const wobj = v.w ? Number(v.w.split(":")[1]) : -1;
  const sobj = v.spin ? Number(v.spin.split(":")[1]) : -1;
  if (wobj >= 0 && w >= 22) {
    const lbl = `S ${objName(wobj)}`;
    const text = w >= 14 + 8 * lbl.length ? lbl : "S";
    return { kind: "lock", text, key: `lock:${text}` };
  }
  if (sobj >= 0 && w >= 18) return { kind: "spin", key: "spin" };
  if (w >= 22 && v.s !== "running") return { kind: "letter", key: "letter" };
  return { kind: "", key: "" };
}
function tickEvery(cellW, ticks = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3]) {
  for (const k of ticks) if (k * cellW >= 40) return k;
  return ticks[ticks.length - 1];
}
var timelines = 0;
var LOCK_STYLES = [
  { c: "#7A4FA8", d: "M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6" },
  { c: "#A6761D", d: "M0,2 L8,2 M0,6 L8,6" },
  { c: "#CC3E8A", d: "M0,0 L8,8 M8,0 L0,8" },
  { c: "#1B7F64", d: "M2,0 L2,8 M6,0 L6,8" },
  { c: "#5E5E5E", d: "M0,0 L8,8 M-2,6 L2,10 M6,-2 L10,2" },
  { c: "#B35900", d: "M4,1 L7,4 L4,7 L1,4 Z" }
];
function lockStyle(obj) {
  return LOCK_STYLES[(obj % LOCK_STYLES.length + LOCK_STYLES.length) % LOCK_STYLES.length];
}
function patterns(defs, uid) {
  LOCK_STYLES.forEach((ls, i) => {
    const p = el("pattern", { id: `st-lock-${i}${uid}`, width: 8, height: 8, patternUnits: "userSpaceOnUse" }, defs);
    el("rect", { width: 8, height: 8, fill: "#ffffff" }, p);
    el("path", { d: ls.d, stroke: ls.c, "stroke-width": 2, fill: i === 5 ? ls.c : "none" }, p);
  });
  const sp = el("pattern", { id: `st-spin${uid}`, width: 12, height: 12, patternUnits: "userSpaceOnUse" }, defs);
  el("rect", { width: 12, height: 12, fill: STATE_COLOR.running }, sp);
  el("path", { d: "M0,9 L3,3 L6,9 L9,3 L12,9", stroke: "#ffffff", "stroke-width": 2, fill: "none", "stroke-linejoin": "round" }, sp);
  const hatch = el("pattern", { id: `tl-hatch${uid}`, width: 7, height: 7, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }, defs);
  el("rect", { width: 3, height: 7, fill: "rgba(255,255,255,0.75)" }, hatch);
  const mk = (id, color, draw) => {
    const p = el("pattern", { id: id + uid, width: 8, height: 8, patternUnits: "userSpaceOnUse" }, defs);
    draw(p, color);
  };
  mk("st-running", STATE_COLOR.running, (p, c) => el("rect", { width: 8, height: 8, fill: c }, p));
  mk("st-runnable", STATE_COLOR.runnable, (p, c) => {
    el("rect", { width: 8, height: 8, fill: "#F7E3A6" }, p);
    el("path", { d: "M0,8 L8,0", stroke: c, "stroke-width": 1.5 }, p);
  });
  mk("st-sleeping", STATE_COLOR.sleeping, (p, c) => {
    el("rect", { width: 8, height: 8, fill: "#D5E7F7" }, p);
    el("circle", { cx: 4, cy: 4, r: 1.6, fill: c }, p);
  });
  mk("st-disk", STATE_COLOR.disk, (p, c) => {
    el("rect", { width: 8, height: 8, fill: "#C6D0E2" }, p);
    el("path", { d: "M0,0 L8,8 M8,0 L0,8", stroke: c, "stroke-width": 1.3 }, p);
  });
  mk("st-stopped", STATE_COLOR.stopped, (p, c) => {
    el("rect", { width: 8, height: 8, fill: "#F3D2CC" }, p);
    el("rect", { x: 0, width: 3, height: 8, fill: c }, p);
  });
  mk("st-traced", STATE_COLOR.traced, (p, c) => {
    el("rect", { width: 8, height: 8, fill: "#E3D7F0" }, p);
    el("rect", { x: 0, width: 3, height: 8, fill: c }, p);
  });
  mk("st-zombie", STATE_COLOR.zombie, (p, c) => {
    el("rect", { width: 8, height: 8, fill: "#DADADA" }, p);
    el("path", { d: "M2,2 L6,6 M6,2 L2,6", stroke: c, "stroke-width": 1.2 }, p);
  });
  mk("st-dead", STATE_COLOR.dead, (p, c) => el("rect", { width: 8, height: 8, fill: c }, p));
}
function renderLegend(elm, objects, uid = "", states = ["running", "runnable", "sleeping", "disk", "stopped", "zombie"]) {
  const items = states;
  const parts = items.map((s) => `<span class="lg"><svg viewBox="0 0 16 16" aria-hidden="true"><rect x="0" y="${16 - 16 * STATE_HEIGHT[s]}" width="16" height="${16 * STATE_HEIGHT[s]}" fill="url(#lg-${s}${uid})" stroke="${STATE_COLOR[s]}"/></svg>${STATE_LETTER[s]} ${t("state." + s)}</span>`);
  const esc2 = (x) => String(x).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  if (objects && objects.length) {
    parts.push(`<span class="lg lg-race"><svg viewBox="0 0 16 16" aria-hidden="true"><rect width="16" height="16" fill="${STATE_COLOR.running}"/><path d="M0,12 L4,4 L8,12 L12,4 L16,12" stroke="#fff" stroke-width="2.2" fill="none"/></svg>↻ ${esc2(t("tl.spin"))}</span>`);
    objects.slice(0, 6).forEach((o, i) => {
      const ls = lockStyle(i);
      parts.push(`<span class="lg lg-race"><svg viewBox="0 0 16 16" aria-hidden="true"><rect width="16" height="16" fill="#fff" stroke="${ls.c}" stroke-width="2"/><path d="${ls.d.replace(/(\d+)/g, (n) => String(Number(n) * 2))}" stroke="${ls.c}" stroke-width="2" fill="${i === 5 ? ls.c : "none"}"/></svg>S ${esc2(t("tl.lockwait", { obj: o.name }))}</span>`);
    });
  }
  parts.push(`<span class="lg"><svg viewBox="0 0 16 16" aria-hidden="true"><rect width="16" height="16" fill="#555"/></svg>${t("tl.user")}</span>`);
  parts.push(`<span class="lg"><svg viewBox="0 0 16 16" aria-hidden="true"><rect width="16" height="16" fill="#555"/><rect width="16" height="16" fill="url(#lg-hatch${uid})"/></svg>${t("tl.kernel")}</span>`);
  elm.innerHTML = `<svg width="0" height="0" style="position:absolute">${legendDefs(uid)}</svg>` + parts.join("");
}
function legendDefs(uid) {
  const s = STATE_COLOR;
  return `<defs>
<pattern id="lg-hatch${uid}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2.5" height="6" fill="rgba(255,255,255,.8)"/></pattern>
<pattern id="lg-running${uid}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="${s.running}"/></pattern>
<pattern id="lg-runnable${uid}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#F7E3A6"/><path d="M0,8 L8,0" stroke="${s.runnable}" stroke-width="1.5"/></pattern>
<pattern id="lg-sleeping${uid}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#D5E7F7"/><circle cx="4" cy="4" r="1.6" fill="${s.sleeping}"/></pattern>
<pattern id="lg-disk${uid}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#C6D0E2"/><path d="M0,0 L8,8 M8,0 L0,8" stroke="${s.disk}" stroke-width="1.3"/></pattern>
<pattern id="lg-stopped${uid}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#F3D2CC"/><rect width="3" height="8" fill="${s.stopped}"/></pattern>
<pattern id="lg-traced${uid}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#E3D7F0"/><rect width="3" height="8" fill="${s.traced}"/></pattern>
<pattern id="lg-zombie${uid}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#DADADA"/><path d="M2,2 L6,6 M6,2 L2,6" stroke="${s.zombie}" stroke-width="1.2"/></pattern>
</defs>`;
}
function visibleRange(n, each, from, size, margin = 0) {
  if (n <= 0 || each <= 0) return [0, 0];
  const lo = Math.max(0, Math.floor(from / each) - margin);
  const hi = Math.min(n, Math.ceil((from + size) / each) + margin);
  return [Math.min(lo, hi), hi];
}
function runAround(cell, i, n, same, known = null) {
  const value = cell(i);
  let from = i, to = i + 1;
  if (value !== null) {
    if (known && known.from <= i && i < known.to) {
      from = known.from;
      to = Math.min(n, known.to);
    }
    while (from > 0 && cell(from - 1) !== null && same(cell(from - 1), value)) from--;
    while (to < n && cell(to) !== null && same(value, cell(to))) to++;
  }
  return { from, len: to - from, value };
}
function knownRun(columns, i, hint) {
  const cols = columnsOf(columns);
  if (!hint || i < 0 || i >= cols.length) return null;
  const s = cols.step(i);
  if (s < hint.firstStep || s > hint.lastStep) return null;
  const from = i - (s - hint.firstStep);
  const to = i + (hint.lastStep - s) + 1;
  if (to > cols.length || cols.key(to - 1) !== hint.last) return null;
  if (from < 0) return cols.step(0) === s - i ? { from: 0, to } : null;
  if (cols.key(from) !== hint.first) return null;
  return { from, to };
}
function lanesOf(view, lo, hi) {
  const set = /* @__PURE__ */ new Set();
  for (const x of view.tasks) if (x.state !== "dead") set.add(x.pid);
  for (const pid of columnsOf(view.columns).pids(lo, hi)) set.add(pid);
  return [...set].sort((a, b) => a - b);
}
var SAME_CPU = (a, b) => a === b || a.pid === b.pid && a.kernel === b.kernel && !a.sw === !b.sw && a.sys === b.sys && a.vdso === b.vdso;
var SAME_TASK = (a, b) => a === b || a.s === b.s && a.k === b.k && a.w === b.w && a.spin === b.spin && !a.sw === !b.sw;
var PROBES = {
  axis: "g.tl-axis text",
  grid: "g.tl-axis line.grid",
  laneBg: "rect.lane-bg",
  sep: "line.sep",
  cursor: "g.tl-cursor line",
  head: "g.tl-cursor path",
  runLabel: "text.run-label:not(.k)",
  runLabelK: "text.run-label.k",
  trap: "text.trap-label:not(.vdso)",
  vdso: "text.trap-label.vdso",
  lock: "text.lock-label",
  spin: "text.spin-label",
  letter: "text.st-letter:not(.lock-label)"
};
var PROBE_SVG = `<g class="tl-axis"><text>0</text><line class="grid"/></g><rect class="lane-bg"/><line class="sep"/><g class="tl-cursor"><line/><path/></g><text class="run-label">P</text><text class="run-label k">P</text><text class="trap-label">x</text><text class="trap-label vdso">x</text><text class="st-letter lock-label">S</text><text class="spin-label">↻</text><text class="st-letter">S</text>`;
function readStyles(probe, panel) {
  const out = { bg: backgroundOf(panel) };
  for (const [k, sel] of Object.entries(PROBES)) {
    const cs = getComputedStyle(probe.querySelector(sel));
    const paint = (v) => !v || v === "none" ? "" : v;
    out[k] = {
      fill: paint(cs.fill),
      stroke: paint(cs.stroke),
      lw: parseFloat(cs.strokeWidth) || 0,
      font: `${cs.fontStyle === "italic" ? "italic " : ""}${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`,
      under: cs.paintOrder && cs.paintOrder.startsWith("stroke")
    };
  }
  return out;
}
var OPAQUE = { alpha: false };
function tile(ctx, size, ratio, draw) {
  const px = Math.max(1, Math.round(size * ratio));
  const c = document.createElement("canvas");
  c.width = px;
  c.height = px;
  const g = c.getContext("2d");
  g.scale(px / size, px / size);
  draw(g);
  const p = ctx.createPattern(c, "repeat");
  p.tlScale = size / px;
  p.tlSize = size;
  return p;
}
function canvasPatterns(ctx, ratio) {
  const P = {};
  const path = (g, d, stroke, w, fill) => {
    const p = new Path2D(d);
    if (fill) {
      g.fillStyle = fill;
      g.fill(p);
    }
    if (stroke) {
      g.strokeStyle = stroke;
      g.lineWidth = w;
      g.stroke(p);
    }
  };
  const bg = (g, fill, size = 8) => {
    g.fillStyle = fill;
    g.fillRect(0, 0, size, size);
  };
  LOCK_STYLES.forEach((ls, i) => {
    P[`lock-${i}`] = tile(ctx, 8, ratio, (g) => {
      bg(g, "#ffffff");
      path(g, ls.d, ls.c, 2, i === 5 ? ls.c : "");
    });
  });
  P.spin = tile(ctx, 12, ratio, (g) => {
    bg(g, STATE_COLOR.running, 12);
    g.lineJoin = "round";
    path(g, "M0,9 L3,3 L6,9 L9,3 L12,9", "#ffffff", 2, "");
  });
  P.hatch = tile(ctx, 10, ratio, (g) => {
    g.fillStyle = "rgba(255,255,255,0.75)";
    const w = 3 * Math.SQRT2;
    g.beginPath();
    for (let k = -1; k <= 3; k++) {
      const c = 10 * k;
      g.moveTo(c, 0);
      g.lineTo(c + w, 0);
      g.lineTo(c + w - 20, 20);
      g.lineTo(c - 20, 20);
      g.closePath();
    }
    g.fill();
  });
  const s = STATE_COLOR;
  P.running = tile(ctx, 8, ratio, (g) => bg(g, s.running));
  P.runnable = tile(ctx, 8, ratio, (g) => {
    bg(g, "#F7E3A6");
    path(g, "M0,8 L8,0", s.runnable, 1.5);
  });
  P.sleeping = tile(ctx, 8, ratio, (g) => {
    bg(g, "#D5E7F7");
    g.beginPath();
    g.arc(4, 4, 1.6, 0, 2 * Math.PI);
    g.fillStyle = s.sleeping;
    g.fill();
  });
  P.disk = tile(ctx, 8, ratio, (g) => {
    bg(g, "#C6D0E2");
    path(g, "M0,0 L8,8 M8,0 L0,8", s.disk, 1.3);
  });
  P.stopped = tile(ctx, 8, ratio, (g) => {
    bg(g, "#F3D2CC");
    g.fillStyle = s.stopped;
    g.fillRect(0, 0, 3, 8);
  });
  P.traced = tile(ctx, 8, ratio, (g) => {
    bg(g, "#E3D7F0");
    g.fillStyle = s.traced;
    g.fillRect(0, 0, 3, 8);
  });
  P.zombie = tile(ctx, 8, ratio, (g) => {
    bg(g, "#DADADA");
    path(g, "M2,2 L6,6 M6,2 L2,6", s.zombie, 1.2);
  });
  P.dead = tile(ctx, 8, ratio, (g) => bg(g, s.dead));
  return P;
}
function anchorPatterns(P, x0) {
  const x = Math.round(x0);
  for (const p of Object.values(P)) {
    const a = (x % p.tlSize + p.tlSize) % p.tlSize;
    if (p.tlAt === a) continue;
    p.tlAt = a;
    p.setTransform(new DOMMatrix().translateSelf(a, 0).scaleSelf(p.tlScale, p.tlScale));
  }
}
function whoRuns(view, pid, name) {
  const tag = taskTag(view, pid), nm = name(pid);
  return nm && nm !== tag ? `${tag} ${nm}` : tag;
}
function cpuTitle(view, c, v, name) {
  if (v.sw) return `${t("tl.cpu", { n: c })}: ${t("tl.switching", { p: `P${v.pid}` })}`;
  return `${t("tl.cpu", { n: c })}: ${whoRuns(view, v.pid, name)} (${v.kernel ? t("tl.kernel") : t("tl.user")})` + (v.sys ? ` — ${v.sys}()` : v.vdso ? ` — ${v.vdso}() (vDSO)` : "");
}
function taskTitle(pid, v, objName) {
  if (v.sw) return t("tl.switching", { p: `P${pid}` });
  const wobj = v.w ? Number(v.w.split(":")[1]) : -1;
  const sobj = v.spin ? Number(v.spin.split(":")[1]) : -1;
  return wobj >= 0 ? `P${pid}: ${t("tl.lockwait", { obj: objName(wobj) })}` : sobj >= 0 ? t("tl.spin.on", { pid, obj: objName(sobj) }) : `P${pid}: ${t("state." + v.s)}`;
}
function taskBar(y0, x, w, v) {
  const wobj = v.w ? Number(v.w.split(":")[1]) : -1;
  const sobj = v.spin ? Number(v.spin.split(":")[1]) : -1;
  const h = (TASK_H - 6) * (!v.sw && wobj >= 0 ? 0.7 : STATE_HEIGHT[v.s] ?? 0.5);
  const bar = { x: x + 0.5, y: y0 + TASK_H - 3 - h, w: w - 1, h, wobj, sobj };
  if (v.sw) return Object.assign(bar, { fill: "", stroke: "#777", lw: 1 });
  bar.fill = wobj >= 0 ? `lock-${LOCK_STYLES.indexOf(lockStyle(wobj))}` : sobj >= 0 ? "spin" : v.s;
  bar.stroke = wobj >= 0 ? lockStyle(wobj).c : STATE_COLOR[v.s] || "#999";
  bar.lw = wobj >= 0 ? 2 : 1;
  return bar;
}
var nop = () => {
};
var NOPAINT = { fillRect: nop, strokeRect: nop, beginPath: nop, roundRect: nop, fill: nop, fillText: nop, strokeText: nop };
function createTimeline(container, topts = {}) {
  const uid = topts.uid ?? (timelines++ ? `-t${timelines}` : "");
  const wrap = document.createElement("div");
  wrap.className = "tl-wrap";
  const labels = document.createElement("div");
  labels.className = "tl-labels";
  const scroller = document.createElement("div");
  scroller.className = "tl-scroll";
  const track = document.createElement("div");
  track.className = "tl-track";
  scroller.append(track);
  const tip = document.createElement("div");
  tip.className = "tl-tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  wrap.append(labels, scroller, tip);
  container.replaceChildren(wrap);
  const empty = document.createElement("p");
  empty.className = "tl-empty muted";
  const canvas = document.createElement("canvas");
  canvas.className = "tl-canvas";
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", t("panel.timeline"));
  canvas.width = canvas.height = 1;
  let off = typeof OffscreenCanvas !== "undefined" ? new OffscreenCanvas(1, 1) : null;
  let spare = off ? new OffscreenCanvas(1, 1) : null;
  const probe = el("svg", { class: "tl-svg tl-probe", width: 0, height: 0, "aria-hidden": "true" });
  probe.innerHTML = PROBE_SVG;
  track.append(canvas, probe);
  let styles = null, stylesKey = "";
  let painted = null;
  const paintCount = { full: 0, shifted: 0, sinceFull: 0 };
  let pats = null, patsRatio = 0;
  let hints = /* @__PURE__ */ new Map();
  const labelRows = /* @__PURE__ */ new Map();
  let labelKey = "";
  let rowsMade = [0, 0];
  let spacerTop = null, spacerBottom = null;
  let last = null;
  let shownNow = null;
  let origin = null;
  let scrolling = 0;
  let scrollSet = -1;
  const written = /* @__PURE__ */ new WeakMap();
  const setStyle = (e, k, v) => {
    let w = written.get(e);
    if (!w) written.set(e, w = {});
    if (w[k] !== v) {
      w[k] = v;
      e.style[k] = v;
    }
  };
  const box = { w: -1, h: -1, top: 0, left: 0 };
  const measureBox = () => {
    box.w = scroller.clientWidth;
    box.h = wrap.clientHeight;
    box.top = wrap.scrollTop;
    box.left = scroller.scrollLeft;
  };
  const redraw = () => {
    if (scrolling || !last) return;
    scrolling = requestAnimationFrame(() => {
      scrolling = 0;
      if (last) draw(last.view, last.opts, false);
    });
  };
  scroller.addEventListener("scroll", () => {
    box.left = scroller.scrollLeft;
    if (Math.abs(box.left - scrollSet) >= 1) redraw();
  }, { passive: true });
  wrap.addEventListener("scroll", () => {
    box.top = wrap.scrollTop;
    tip.hidden = true;
    redraw();
  }, { passive: true });
  const themed = () => {
    if (!document.documentElement.dataset.printTheme) redraw();
    else if (last) draw(last.view, last.opts, false);
  };
  if (typeof MutationObserver !== "undefined") new MutationObserver(themed).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  if (typeof ResizeObserver !== "undefined") {
    new ResizeObserver(() => {
      const w = scroller.clientWidth, h = wrap.clientHeight;
      if (w === box.w && h === box.h) return;
      box.w = w;
      box.h = h;
      if (last && box.w > 0) redraw();
    }).observe(wrap);
  }
  const hover = (ev) => {
    const r = hitTest(ev.offsetX, ev.offsetY);
    if (!r) {
      tip.hidden = true;
      return;
    }
    const text2 = r.title();
    if (tip.textContent !== text2) tip.textContent = text2;
    tip.hidden = false;
    const wr = wrap.getBoundingClientRect();
    tip.style.left = `${Math.max(0, Math.min(ev.clientX - wr.left + 12, wr.width - tip.offsetWidth - 4))}px`;
    tip.style.top = `${ev.clientY - wr.top + wrap.scrollTop + 18}px`;
  };
  canvas.addEventListener("pointermove", hover);
  canvas.addEventListener("pointerleave", () => {
    tip.hidden = true;
  });
  function hitTest(x, y) {
    if (!shownNow) return null;
    const tx = x + shownNow.left, ty = y + shownNow.top;
    for (const r of shownNow.runs) {
      if (tx >= r.x && tx < r.x + r.w && ty >= r.laneY && ty < r.laneY + r.laneH) return r;
    }
    return null;
  }
  function drawLabels(view, opts, ncpu, pids, name, lo = 0, hi = pids.length) {
    const key = `${t(opts.axis || "counter.step")}|${t("tl.cpu", { n: 0 })}|${ncpu}|${pids.join(",")}|${pids.map((p) => `${taskTag(view, p)}:${name(p)}`).join(",")}`;
    if (key !== labelKey) {
      labelKey = key;
      labelRows.clear();
      rowsMade = [0, 0];
      const lab = [];
      lab.push(`<div class="tl-row axis" style="height:${AXIS_H}px">${t(opts.axis || "counter.step")}</div>`);
      for (let c = 0; c < ncpu; c++) lab.push(`<div class="tl-row cpu" style="height:${CPU_H}px">${t("tl.cpu", { n: c })}</div>`);
      lab.push(`<div class="tl-sep" style="height:${SEP}px"></div>`);
      lab.push('<div class="tl-spacer" style="height:0px"></div><div class="tl-spacer" style="height:0px"></div>');
      labels.innerHTML = lab.join("");
      spacerBottom = labels.lastElementChild;
      spacerTop = spacerBottom.previousElementSibling;
    }
    const from = Math.max(0, lo - LABEL_MARGIN), to = Math.min(pids.length, hi + LABEL_MARGIN);
    if (from !== rowsMade[0] || to !== rowsMade[1]) {
      rowsMade = [from, to];
      for (const r of labelRows.values()) r.row.remove();
      labelRows.clear();
      const lab = [];
      for (let i = from; i < to; i++) {
        const col = taskColor(pids[i]);
        lab.push(`<div class="tl-row task" style="height:${TASK_H}px"><i class="dot" style="background:${col.fill}"></i>${taskTag(view, pids[i])} <span class="nm"></span><b class="st"></b></div>`);
      }
      spacerTop.insertAdjacentHTML("afterend", lab.join(""));
      let row = spacerTop.nextElementSibling;
      for (let i = from; i < to; i++, row = row.nextElementSibling) {
        const pid = pids[i];
        row.querySelector(".nm").textContent = name(pid) === taskTag(view, pid) ? "" : name(pid);
        labelRows.set(pid, { row, st: row.querySelector(".st"), letter: "" });
      }
      setStyle(spacerTop, "height", `${from * TASK_H}px`);
      setStyle(spacerBottom, "height", `${(pids.length - to) * TASK_H}px`);
    }
    for (const [pid, r] of labelRows) {
      const letter = STATE_LETTER[view.states[pid] || "none"] || "";
      if (r.letter !== letter) {
        r.letter = letter;
        r.st.textContent = letter;
      }
    }
  }
  function frame(view, opts, viewW) {
    const objName = (o) => opts.objects && opts.objects[o] ? opts.objects[o].name : `#${o}`;
    const cols = columnsOf(view.columns);
    const n = cols.length;
    let ncpu = 0;
    if (opts.cpuLanes !== false) {
      ncpu = Math.max(view.cpus.length, 1);
      for (let i = 0; i < n; i++) if (cols.cpuCount(i) > ncpu) ncpu = cols.cpuCount(i);
    }
    const name = (pid) => view.names[pid] || (view.tasks.find((x) => x.pid === pid) || {}).name || "";
    const avail = Math.max(200, viewW - 16);
    const cellW = Math.max(MIN_CELL, Math.min(48, avail / Math.max(n, 12)));
    const width = Math.max(viewW, n * cellW + 24);
    const first = n ? cols.step(0) : view.step + 1;
    const X = (step) => (step - first) * cellW;
    return { objName, cols, n, ncpu, name, cellW, width, first, X };
  }
  function render(view, opts = {}) {
    return draw(view, opts, true, false);
  }
  function draw(view, opts, toEnd, full = true) {
    last = { view, opts };
    if (box.w <= 0) measureBox();
    const viewW = Math.max(0, box.w);
    const f = frame(view, opts, viewW);
    const { cols, n, ncpu, name, objName, cellW, width, first, X } = f;
    const maxLeft = Math.max(0, width - viewW);
    const left = toEnd ? maxLeft : Math.max(0, Math.min(maxLeft, maxLeft + box.left));
    const cw = Math.max(1, Math.min(viewW, width));
    const [lo, hi] = visibleRange(n, cellW, left, cw, 1);
    const pids = lanesOf(view, lo, hi);
    const height = AXIS_H + ncpu * CPU_H + SEP + pids.length * TASK_H + 4;
    const ch = Math.max(1, box.h > 0 ? Math.min(height, box.h) : height);
    const top = Math.max(0, Math.min(box.top, height - ch));
    const yT = AXIS_H + ncpu * CPU_H + SEP;
    const [tlo, thi] = visibleRange(pids.length, TASK_H, Math.max(0, top - yT), ch, 0);
    drawLabels(view, opts, ncpu, pids, name, tlo, thi);
    const cpuShown = (c) => AXIS_H + (c + 1) * CPU_H >= top && AXIS_H + c * CPU_H <= top + ch;
    setStyle(track, "width", `${width}px`);
    setStyle(track, "height", `${height}px`);
    setStyle(canvas, "left", `${left}px`);
    setStyle(canvas, "top", `${top}px`);
    setStyle(canvas, "width", `${cw}px`);
    setStyle(canvas, "height", `${ch}px`);
    const ratio = typeof window !== "undefined" && window.devicePixelRatio || 1;
    const bw = Math.max(1, Math.round(cw * ratio)), bh = Math.max(1, Math.round(ch * ratio));
    if (canvas.width !== bw) canvas.width = bw;
    if (canvas.height !== bh) canvas.height = bh;
    const prior = off;
    if (off && painted && !full && toEnd) {
      off = spare;
      spare = prior;
    }
    if (off && off.width !== bw) off.width = bw;
    if (off && off.height !== bh) off.height = bh;
    const g = (off || canvas).getContext("2d", OPAQUE);
    const theme = `${document.documentElement.getAttribute("data-theme") || ""}|${document.documentElement.lang}`;
    if (!styles || theme !== stylesKey) {
      styles = readStyles(probe, wrap);
      stylesKey = theme;
    }
    if (!pats || patsRatio !== ratio) {
      pats = canvasPatterns(g, ratio);
      patsRatio = ratio;
    }
    const S = styles;
    if (origin === null || first < origin || n && cols.step(n - 1) - origin > 1e6) origin = first;
    const every = tickEvery(cellW, opts.ticks);
    const lastStep = n ? cols.step(n - 1) : null;
    const paintKey = [bw, bh, ratio, cw, ch, top, cellW, every, height, ncpu, tlo, thi, origin, stylesKey, labelKey, pids.join(",")].join("|");
    let dx = -1;
    if (!full && toEnd && off && painted && painted.key === paintKey && painted.objects === opts.objects && n && Number.isInteger(ratio) && cellW === MIN_CELL) {
      const i = painted.lastStep - first;
      const d = (first - painted.first) * cellW + left - painted.left;
      if (lastStep >= painted.lastStep && i >= 0 && i < n && cols.key(i) === painted.lastKey && Number.isInteger(d * ratio) && Number.isInteger(top * ratio) && Number.isInteger(left * ratio) && d > 0 && d < cw) dx = d;
    }
    if (dx >= 0) {
      g.setTransform(1, 0, 0, 1, 0, 0);
      g.globalCompositeOperation = "copy";
      g.drawImage(prior, -dx * ratio, 0);
      g.globalCompositeOperation = "source-over";
    }
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    if (dx < 0) {
      g.fillStyle = S.bg;
      g.fillRect(0, 0, cw, ch);
    }
    g.translate(-left, -top);
    anchorPatterns(pats, X(origin));
    const runs2 = [];
    const ticks = [];
    const nextHints = /* @__PURE__ */ new Map();
    const laneHints = (lane) => {
      const was = hints.get(lane) || [];
      const now = [];
      nextHints.set(lane, now);
      const hint = (i) => {
        for (const h of was) {
          const k2 = knownRun(cols, i, h);
          if (k2) return k2;
        }
        return null;
      };
      hint.saw = (r, i, end) => {
        if (r.value === null || r.len < 2 || i !== lo && r.from + r.len < end) return;
        const to = r.from + r.len - 1;
        now.push({ first: cols.key(r.from), last: cols.key(to), firstStep: cols.step(r.from), lastStep: cols.step(to) });
      };
      return hint;
    };
    const bands = [];
    const band = (y0, h, key, list, whole = false) => bands.push({ y0, h, key, list, whole, from: -Infinity });
    band(0, AXIS_H, "", null, true);
    for (let c = 0; c < ncpu; c++) {
      const y0 = AXIS_H + c * CPU_H;
      const list = [];
      band(y0, CPU_H, `c${c}`, list);
      if (!cpuShown(c)) continue;
      const cell = (i) => {
        const x = cols.cpu(i, c);
        return x && x.pid ? x : null;
      };
      const hint = laneHints(`c${c}`);
      for (let i = lo; i < hi; ) {
        const r = runAround(cell, i, n, SAME_CPU, hint(i));
        hint.saw(r, i, hi);
        i = r.from + r.len;
        if (r.value !== null) list.push({ v: r.value, step: cols.step(r.from), len: r.len, x: X(cols.step(r.from)), w: r.len * cellW });
      }
    }
    band(AXIS_H + ncpu * CPU_H, SEP, "", null, true);
    for (let row = tlo; row < thi; row++) {
      const pid = pids[row];
      const list = [];
      band(yT + row * TASK_H, TASK_H, `t${pid}`, list);
      const cell = (i) => cols.task(i, pid) || null;
      const hint = laneHints(`t${pid}`);
      for (let i = lo; i < hi; ) {
        const r = runAround(cell, i, n, SAME_TASK, hint(i));
        hint.saw(r, i, hi);
        i = r.from + r.len;
        if (r.value !== null) list.push({ v: r.value, step: cols.step(r.from), len: r.len, x: X(cols.step(r.from)), w: r.len * cellW });
      }
    }
    band(yT + thi * TASK_H, Math.max(0, height - (yT + thi * TASK_H)), "", null);
    hints = nextHints;
    const paintedRuns = /* @__PURE__ */ new Map();
    for (const b of bands) {
      if (!b.list) continue;
      const m = /* @__PURE__ */ new Map();
      for (const r of b.list) m.set(r.step, r);
      paintedRuns.set(b.key, m);
    }
    const PAD = 16, EDGE = 8;
    if (dx >= 0) {
      const oldCursor = X(painted.lastStep + 1);
      for (const b of bands) {
        if (!b.key) {
          b.from = b.whole ? left : oldCursor - 10;
          continue;
        }
        let from = oldCursor - 10;
        const was = painted.runs.get(b.key);
        const same = b.key[0] === "c" ? SAME_CPU : SAME_TASK;
        for (const r of b.list) {
          const o = was && was.get(r.step);
          if (!o || o.len !== r.len || !same(o.v, r.v)) {
            from = Math.min(from, r.x - 4);
            break;
          }
        }
        b.from = Math.floor(Math.max(left, from));
      }
      g.save();
      g.beginPath();
      for (const b of bands) {
        if (b.h > 0 && b.from < left + cw) g.rect(b.from, b.y0, left + cw - b.from, b.h);
        if (b.h > 0 && b.from > left) g.rect(left, b.y0, Math.min(EDGE, b.from - left), b.h);
      }
      g.clip();
      g.fillStyle = S.bg;
      g.fillRect(left, top, cw, ch);
    }
    const edge = left + EDGE + PAD;
    const reach = (k2) => Math.min(bands[k2].from, k2 > 0 ? bands[k2 - 1].from : Infinity, k2 + 1 < bands.length ? bands[k2 + 1].from : Infinity);
    g.font = g.tlFont = S.axis.font;
    g.tlAlign = "";
    g.fillStyle = S.axis.fill;
    g.strokeStyle = S.grid.stroke;
    g.lineWidth = S.grid.lw || 1;
    for (let i = lo; i < hi; i++) {
      const step = cols.step(i);
      if (step % every !== 0) continue;
      const x = X(step);
      if (S.grid.stroke) {
        g.beginPath();
        g.moveTo(x, AXIS_H - 6);
        g.lineTo(x, height);
        g.stroke();
      }
      const text2 = opts.tick ? opts.tick(step) : String(step);
      g.textAlign = g.tlAlign = i === 0 ? "start" : "center";
      const tx = i === 0 ? x + 2 : x + cellW / 2;
      g.fillText(text2, tx, AXIS_H - 10);
      ticks.push({ step, text: text2, x: tx });
    }
    let k = 1;
    for (let c = 0; c < ncpu; c++, k++) {
      if (!cpuShown(c)) continue;
      const y0 = AXIS_H + c * CPU_H;
      g.fillStyle = S.laneBg.fill || "#f4f6f8";
      g.fillRect(X(first), y0 + 3, n * cellW, CPU_H - 6);
      const from = reach(k) - PAD;
      for (const r of bands[k].list) runs2.push(paintCpuRun(r.x + r.w >= from || r.x <= edge ? g : NOPAINT, S, view, c, y0, r.x, r.w, r.v, name, r.step, r.len));
    }
    k++;
    if (ncpu || pids.length) {
      g.strokeStyle = S.sep.stroke || "#ccc";
      g.lineWidth = S.sep.lw || 1;
      g.beginPath();
      g.moveTo(left, yT - SEP / 2);
      g.lineTo(Math.min(left + cw, n * cellW + 24), yT - SEP / 2);
      g.stroke();
    }
    for (let row = tlo; row < thi; row++, k++) {
      const pid = pids[row];
      const y0 = yT + row * TASK_H;
      const from = reach(k) - PAD;
      for (const r of bands[k].list) runs2.push(paintTaskRun(r.x + r.w >= from || r.x <= edge ? g : NOPAINT, S, pid, y0, r.x, r.w, r.v, objName, r.step, r.len));
    }
    if (n) {
      const cx = n * cellW;
      g.strokeStyle = S.cursor.stroke || "#d55e00";
      g.lineWidth = S.cursor.lw || 2.5;
      g.beginPath();
      g.moveTo(cx, 2);
      g.lineTo(cx, height);
      g.stroke();
      g.fillStyle = S.head.fill || "#d55e00";
      g.beginPath();
      g.moveTo(cx - 7, 2);
      g.lineTo(cx + 7, 2);
      g.lineTo(cx, 11);
      g.closePath();
      g.fill();
    }
    if (dx >= 0) g.restore();
    paintCount[dx >= 0 ? "shifted" : "full"]++;
    paintCount.sinceFull = dx >= 0 ? paintCount.sinceFull + 1 : 0;
    painted = n ? { key: paintKey, objects: opts.objects, first, left, lastStep, lastKey: cols.key(n - 1), runs: paintedRuns } : null;
    if (off) {
      const onPage = canvas.getContext("2d", OPAQUE);
      onPage.globalCompositeOperation = "copy";
      onPage.drawImage(off, 0, 0);
    }
    shownNow = { left, top, cellW, first, n, lo, hi, runs: runs2, ticks, pids, ncpu, lastStep: n ? cols.step(n - 1) : null };
    describe(view, f);
    if (!n) {
      empty.textContent = t(opts.empty || "tl.empty");
      if (empty.parentNode !== scroller) scroller.append(empty);
    } else if (empty.parentNode) empty.remove();
    if (toEnd && Math.abs(box.left) >= 1) {
      scrollSet = 0;
      box.left = 0;
      scroller.scrollLeft = 0;
    } else scrollSet = box.left;
    if (!tip.hidden && toEnd) tip.hidden = true;
    return { first, cellW };
  }
  function describe(view, f) {
    const { cols, n, ncpu, name, first } = f;
    const opts = last.opts;
    let text2 = t("panel.timeline");
    if (n) {
      const lastStep = cols.step(n - 1);
      const tick = opts.tick || String;
      text2 += `: ${t(opts.axis || "counter.step")} ${tick(first)}–${tick(lastStep)}`;
      const parts = [];
      for (let c = 0; c < ncpu; c++) {
        const v = cols.cpu(n - 1, c);
        parts.push(`${t("tl.cpu", { n: c })}: ${v && v.pid ? `${whoRuns(view, v.pid, name)} (${v.kernel ? t("tl.kernel") : t("tl.user")})` : t("tl.idle")}`);
      }
      if (parts.length) text2 += `. ${parts.join("; ")}`;
    }
    if (canvas.getAttribute("aria-label") !== text2) canvas.setAttribute("aria-label", text2);
  }
  function text(g, s, str, x, y, align, fill) {
    if (g.tlFont !== s.font) {
      g.font = s.font;
      g.tlFont = s.font;
    }
    if (g.tlAlign !== align) {
      g.textAlign = align;
      g.tlAlign = align;
    }
    if (s.stroke && s.lw) {
      g.strokeStyle = s.stroke;
      g.lineWidth = s.lw;
      g.lineJoin = "round";
      g.strokeText(str, x, y);
    }
    g.fillStyle = fill || s.fill || "#17202b";
    g.fillText(str, x, y);
  }
  function roundBar(g, x, y, w, h, fill) {
    g.fillStyle = fill;
    if (w < 24 || !g.roundRect) {
      g.fillRect(x + 1, y, w - 2, h);
      g.fillRect(x, y + 1, 1, h - 2);
      g.fillRect(x + w - 1, y + 1, 1, h - 2);
      return;
    }
    g.beginPath();
    g.roundRect(x, y, w, h, 3);
    g.fill();
  }
  function paintCpuRun(g, S, view, c, y0, x, w, v, name, step, len) {
    const bx = x + 0.5, by = y0 + 4, bw = w - 1, bh = CPU_H - 8;
    const label = cpuLabel(view, v, w);
    const r = {
      lane: "cpu",
      cpu: c,
      task: v.pid,
      step,
      steps: len,
      x: bx,
      y: by,
      w: bw,
      h: bh,
      laneY: y0,
      laneH: CPU_H,
      kernel: !!v.kernel,
      switch: !!v.sw,
      state: v.sw ? "switching" : "running",
      wait: "",
      spin: "",
      trap: v.sys || "",
      vdso: v.vdso || "",
      label: "",
      labelX: 0,
      title: () => cpuTitle(view, c, v, name)
    };
    if (v.sw) {
      roundBar(g, bx, by, bw, bh, "#bdbdbd");
      roundBar(g, bx, by, bw, bh, pats.hatch);
      if (label.key) {
        r.label = "⇄";
        r.labelX = x + w / 2;
        text(g, S.runLabel, "⇄", r.labelX, y0 + CPU_H / 2 + 6, "center", "#222");
      }
      return r;
    }
    const col = taskColor(v.pid);
    roundBar(g, bx, by, bw, bh, col.fill);
    if (v.kernel) roundBar(g, bx, by, bw, bh, pats.hatch);
    if (label.call) {
      r.label = label.text;
      r.labelX = x + 3;
      text(g, v.vdso ? S.vdso : S.trap, label.text, r.labelX, y0 + CPU_H / 2 + 4, "start");
    } else if (label.key) {
      r.label = taskTag(view, v.pid);
      r.labelX = x + w / 2;
      text(g, v.kernel ? S.runLabelK : S.runLabel, r.label, r.labelX, y0 + CPU_H / 2 + 6, "center", col.ink);
    }
    return r;
  }
  function paintTaskRun(g, S, pid, y0, x, w, v, objName, step, len) {
    const b = taskBar(y0, x, w, v);
    const r = {
      lane: "task",
      cpu: null,
      task: pid,
      step,
      steps: len,
      x: b.x,
      y: b.y,
      w: b.w,
      h: b.h,
      laneY: y0,
      laneH: TASK_H,
      kernel: !!v.k,
      switch: !!v.sw,
      state: v.sw ? "switching" : v.s,
      wait: v.sw ? "" : v.w || "",
      spin: v.sw ? "" : v.spin || "",
      trap: "",
      vdso: "",
      label: "",
      labelX: 0,
      title: () => taskTitle(pid, v, objName)
    };
    g.fillStyle = v.sw ? "#bdbdbd" : pats[b.fill] || STATE_COLOR[v.s] || "#999";
    g.fillRect(b.x, b.y, b.w, b.h);
    g.strokeStyle = b.stroke;
    g.lineWidth = b.lw;
    g.strokeRect(b.x, b.y, b.w, b.h);
    if (v.sw || v.k) {
      g.fillStyle = pats.hatch;
      g.fillRect(b.x, b.y, b.w, b.h);
    }
    if (v.sw) return r;
    const label = taskLabel(v, w, objName);
    if (label.kind === "lock") {
      r.label = label.text;
      r.labelX = x + 4;
      text(g, S.lock, label.text, r.labelX, y0 + TASK_H - 7, "start");
    } else if (label.kind === "spin") {
      r.label = "↻";
      r.labelX = x + w / 2;
      text(g, S.spin, "↻", r.labelX, y0 + TASK_H - 8, "center");
    } else if (label.kind === "letter") {
      r.label = STATE_LETTER[v.s] || "";
      r.labelX = x + 5;
      text(g, S.letter, r.label, r.labelX, y0 + TASK_H - 8, "start");
    }
    return r;
  }
  function runs() {
    if (!shownNow) return [];
    const cr = canvas.getBoundingClientRect();
    const dx = cr.left - shownNow.left, dy = cr.top - shownNow.top;
    const out = [];
    for (const r of shownNow.runs) {
      if (r.x + r.w < shownNow.left || r.x > shownNow.left + cr.width || r.y + r.h < shownNow.top || r.y > shownNow.top + cr.height) continue;
      out.push({
        lane: r.lane,
        cpu: r.cpu,
        task: r.task,
        state: r.state,
        kernel: r.kernel,
        switch: r.switch,
        wait: r.wait,
        spin: r.spin,
        trap: r.trap,
        vdso: r.vdso,
        step: r.step,
        steps: r.steps,
        label: r.label,
        title: r.title(),
        x: r.x + dx,
        y: r.y + dy,
        width: r.w,
        height: r.h,
        labelX: r.label ? r.labelX + dx : 0
      });
    }
    return out;
  }
  function shown() {
    if (!shownNow) return null;
    const s = shownNow;
    return {
      firstStep: s.n ? s.first : null,
      lastStep: s.lastStep,
      columns: s.n,
      cellW: s.cellW,
      ticks: s.ticks.map((k) => ({ step: k.step, text: k.text })),
      cpus: s.ncpu,
      tasks: s.pids.slice()
    };
  }
  function exportSVG() {
    if (!last) return null;
    const { view, opts } = last;
    const f = frame(view, opts, Math.max(0, box.w));
    const { cols, n, ncpu, name, objName, cellW, width, first, X } = f;
    const pids = lanesOf(view, 0, n);
    drawLabels(view, opts, ncpu, pids, name);
    const height = AXIS_H + ncpu * CPU_H + SEP + pids.length * TASK_H + 4;
    const xid = `${uid}-x`;
    const svg = el("svg", { class: "tl-svg tl-export", role: "img", width: Math.max(1, width), height, "aria-label": t("panel.timeline") });
    svg.style.position = "fixed";
    svg.style.left = "-100000px";
    patterns(el("defs", {}, svg), xid);
    const gAxis = el("g", { class: "tl-axis" }, svg);
    const gBg = el("g", {}, svg);
    const gRuns = el("g", {}, svg);
    const every = tickEvery(cellW, opts.ticks);
    for (let i = 0; i < n; i++) {
      const step = cols.step(i);
      if (step % every !== 0) continue;
      el("line", { x1: X(step), x2: X(step), y1: AXIS_H - 6, y2: height, class: "grid" }, gAxis);
      el("text", { x: i === 0 ? X(step) + 2 : X(step) + cellW / 2, y: AXIS_H - 10, "text-anchor": i === 0 ? "start" : "middle" }, gAxis).textContent = opts.tick ? opts.tick(step) : String(step);
    }
    for (let c = 0; c < ncpu; c++) {
      const y0 = AXIS_H + c * CPU_H;
      el("rect", { x: X(first), y: y0 + 3, width: n * cellW, height: CPU_H - 6, class: "lane-bg" }, gBg);
      const cell = (i) => {
        const x = cols.cpu(i, c);
        return x && x.pid ? x : null;
      };
      for (let i = 0; i < n; ) {
        const r = runAround(cell, i, n, SAME_CPU);
        i = r.from + r.len;
        if (r.value !== null) gRuns.append(svgCpuRun(xid, view, c, y0, X(cols.step(r.from)), r.len * cellW, r.value, name));
      }
    }
    const yT = AXIS_H + ncpu * CPU_H + SEP;
    el("line", { class: "sep", x1: 0, x2: width, y1: yT - SEP / 2, y2: yT - SEP / 2 }, svg);
    pids.forEach((pid, row) => {
      const y0 = yT + row * TASK_H;
      const cell = (i) => cols.task(i, pid) || null;
      for (let i = 0; i < n; ) {
        const r = runAround(cell, i, n, SAME_TASK);
        i = r.from + r.len;
        if (r.value !== null) gRuns.append(svgTaskRun(xid, pid, y0, X(cols.step(r.from)), r.len * cellW, r.value, objName));
      }
    });
    if (n) {
      const cursor = el("g", { class: "tl-cursor" }, svg);
      const cx = n * cellW;
      el("line", { x1: cx, x2: cx, y1: 2, y2: height }, cursor);
      el("path", { d: `M${cx - 7},2 L${cx + 7},2 L${cx},11 z` }, cursor);
    }
    track.append(svg);
    svg.release = () => {
      svg.remove();
      if (last) draw(last.view, last.opts, false);
    };
    return svg;
  }
  const colors = { task: (pid) => taskColor(pid).fill, state: (s) => STATE_COLOR[s] };
  const again = () => last ? draw(last.view, last.opts, false, true) : null;
  const paints = () => ({ ...paintCount });
  const api = { render, redraw: again, runs, shown, exportSVG, hitTest, colors, paints };
  container.timeline = api;
  return api;
}
function svgCpuRun(uid, view, c, y0, x, w, v, name) {
  const attrs = { x: x + 0.5, y: y0 + 4, width: w - 1, height: CPU_H - 8, rx: 3 };
  const label = cpuLabel(view, v, w);
  let g;
  if (v.sw) {
    g = el("g", { class: "tl-switch", "data-task": v.pid, "data-cpu": c, "data-switch": "1" });
    el("rect", { ...attrs, fill: "#bdbdbd" }, g);
    el("rect", { ...attrs, fill: `url(#tl-hatch${uid})` }, g);
    if (label.key) el("text", { x: x + w / 2, y: y0 + CPU_H / 2 + 6, "text-anchor": "middle", fill: "#222", class: "run-label" }, g).textContent = "⇄";
  } else {
    const col = taskColor(v.pid);
    g = el("g", { class: "tl-run", "data-task": v.pid, "data-cpu": c });
    el("rect", { ...attrs, fill: col.fill }, g);
    if (v.kernel) el("rect", { ...attrs, fill: `url(#tl-hatch${uid})` }, g);
    if (label.call) {
      g.setAttribute("data-trap", v.sys || "");
      if (v.vdso) g.setAttribute("data-vdso", v.vdso);
      el("text", { x: x + 3, y: y0 + CPU_H / 2 + 4, class: "trap-label" + (v.vdso ? " vdso" : "") }, g).textContent = label.text;
    } else if (label.key) {
      el("text", { x: x + w / 2, y: y0 + CPU_H / 2 + 6, "text-anchor": "middle", fill: col.ink, class: "run-label" + (v.kernel ? " k" : "") }, g).textContent = taskTag(view, v.pid);
    }
  }
  el("title", {}, g).textContent = cpuTitle(view, c, v, name);
  return g;
}
function svgTaskRun(uid, pid, y0, x, w, v, objName) {
  const b = taskBar(y0, x, w, v);
  const attrs = { x: b.x, y: b.y, width: b.w, height: b.h };
  let g;
  if (v.sw) {
    g = el("g", { class: "tl-state tl-switch", "data-task": pid, "data-lane-state": "switching", "data-switch": "1" });
    el("rect", { ...attrs, fill: "#bdbdbd", stroke: "#777" }, g);
    el("rect", { ...attrs, fill: `url(#tl-hatch${uid})` }, g);
  } else {
    const s = v.s;
    g = el("g", { class: `tl-state st-${s}` + (b.wobj >= 0 ? " lockwait" : "") + (b.sobj >= 0 ? " spin" : ""), "data-task": pid, "data-lane-state": s });
    if (b.wobj >= 0) g.setAttribute("data-wait", v.w);
    if (b.sobj >= 0) g.setAttribute("data-spin", v.spin);
    el("rect", { ...attrs, fill: `url(#st-${b.fill}${uid})`, stroke: b.stroke, "stroke-width": b.lw }, g);
    if (v.k) el("rect", { ...attrs, fill: `url(#tl-hatch${uid})` }, g);
    const label = taskLabel(v, w, objName);
    if (label.kind === "lock") el("text", { x: x + 4, y: y0 + TASK_H - 7, class: "st-letter lock-label" }, g).textContent = label.text;
    else if (label.kind === "spin") el("text", { x: x + w / 2, y: y0 + TASK_H - 8, "text-anchor": "middle", class: "spin-label" }, g).textContent = "↻";
    else if (label.kind === "letter") el("text", { x: x + 5, y: y0 + TASK_H - 8, class: "st-letter" }, g).textContent = STATE_LETTER[s] || "";
  }
  el("title", {}, g).textContent = taskTitle(pid, v, objName);
  return g;
}

// js/tree.js
function isThread(x) {
  return !!x.tgid && x.tgid !== x.pid;
}
function treeOrder(tasks) {
  const byPid2 = new Map(tasks.map((x) => [x.pid, x]));
  const kids = /* @__PURE__ */ new Map();
  const threads = /* @__PURE__ */ new Map();
  const roots = [];
  for (const x of tasks) {
    if (isThread(x) && byPid2.has(x.tgid)) {
      if (!threads.has(x.tgid)) threads.set(x.tgid, []);
      threads.get(x.tgid).push(x);
    } else if (x.ppid && byPid2.has(x.ppid) && x.ppid !== x.pid) {
      if (!kids.has(x.ppid)) kids.set(x.ppid, []);
      kids.get(x.ppid).push(x);
    } else roots.push(x);
  }
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  const walk = (x, depth, last) => {
    if (seen.has(x.pid)) return;
    seen.add(x.pid);
    out.push({ task: x, depth, last });
    const th = (threads.get(x.pid) || []).sort((a, b) => a.pid - b.pid);
    th.forEach((c, i) => {
      seen.add(c.pid);
      out.push({ task: c, depth: depth + 1, last: i === th.length - 1, thread: true });
    });
    const ch = (kids.get(x.pid) || []).sort((a, b) => a.pid - b.pid);
    ch.forEach((c, i) => walk(c, depth + 1, i === ch.length - 1));
  };
  roots.sort((a, b) => a.pid - b.pid).forEach((r) => walk(r, 0, true));
  return out;
}
function threadedTable(tasks) {
  return tasks.some(isThread);
}
var esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
function waitStatus(x) {
  if (x.signal) return ` <span class="ws killed" title="${esc(t("tree.status.title"))}">${esc(t("tree.status.killed", { sig: x.signal }))}</span>`;
  if (x.exit_code !== void 0 && x.exit_code !== null) return ` <span class="ws" title="${esc(t("tree.status.title"))}">${esc(t("tree.status.exit", { code: x.exit_code }))}</span>`;
  return "";
}
function wchanOf(x) {
  if (!x.wchan) return "";
  return ` <code class="wchan" title="${esc(t("tree.wchan.title"))}">${esc(x.wchan).replace(/_/g, "_<wbr>")}</code>`;
}
function fmtState(x) {
  let s = `${STATE_LETTER[x.state] || "?"} ${t("state." + x.state)}`;
  if (x.signal) s += ` (${t("tree.status.killed", { sig: x.signal })})`;
  else if (x.exit_code !== void 0 && x.exit_code !== null) s += ` (${t("tree.status.exit", { code: x.exit_code })})`;
  if (x.wchan) s += ` ${x.wchan}`;
  return s;
}
var CELLS = {
  ppid: (x) => String(x.ppid || "–"),
  nlwp: (x) => String(x.nlwp || "–"),
  name: (x) => String(x.name ?? ""),
  state: fmtState,
  ticks: (x) => `${x.user_ticks ?? 0}/${x.kernel_ticks ?? 0}`,
  sw: (x) => `${x.vcsw ?? 0}/${x.nvcsw ?? 0}`
};
function byPid(tasks) {
  const m = /* @__PURE__ */ new Map();
  for (const p of tasks) m.set(p.pid, p);
  return m;
}
function changesAgainst(before, x) {
  const was = before.get(x.pid);
  if (!was) return { new: true };
  const out = {};
  for (const k in CELLS) {
    const f = CELLS[k];
    const old = f(was);
    if (old !== f(x)) out[k] = old;
  }
  return out;
}
function rowSpec(x, depth, thread, ctx) {
  const { ps, jobs, step } = ctx;
  const ch = ctx.ch || {};
  const c = taskColor(x.pid);
  const mark = (col, cls, content) => {
    const on = col in ch;
    return { cls: (cls + (on ? " chg" : "")).trim(), title: on ? t("marks.was", { old: ch[col], n: step }) : null, col: on ? col : "", ...content };
  };
  const pid = ps ? x.tgid || x.pid : x.pid;
  let indent = "";
  if (thread && depth) indent = `<span class="indent" style="width:${(depth - 1) * 16}px"></span><span class="branch thr" title="${esc(t("tree.thread.title", { pid }))}">↳</span>`;
  else if (depth) indent = `<span class="indent" style="width:${(depth - 1) * 16}px"></span><span class="branch">└</span>`;
  const group = t("tree.group.title", { pgid: x.pgid ?? "–", sid: x.sid ?? "–" });
  const cells = [];
  if (!jobs) {
    cells.push({
      cls: `pid${ch.new ? " chg" : ""}`,
      title: ch.new ? `${t("marks.new", { n: step })} — ${group}` : group,
      col: "",
      html: `<i class="dot" style="background:${c.fill}"></i>${ps && thread ? `<span class="same">${pid}</span>` : pid}`
    });
  }
  if (ps) cells.push({ cls: "tid", title: null, col: "", html: String(x.pid) });
  if (!jobs) cells.push(mark("ppid", "", { html: String(x.ppid || "–") }));
  if (ps) cells.push(mark("nlwp", "num", { html: String(x.nlwp || "–") }));
  cells.push(mark("name", "name", { html: `${jobs ? `<i class="dot" style="background:${c.fill}"></i>` : indent}${esc(x.name)}` }));
  cells.push(mark("state", "state", { html: `<span class="letter st-${x.state}" title="${esc(t("state." + x.state))}">${STATE_LETTER[x.state] || "?"}</span> <span class="st-name">${esc(t("state." + x.state))}</span>${waitStatus(x)}${wchanOf(x)}` }));
  cells.push(mark("ticks", "num", { pair: [x.user_ticks ?? 0, x.kernel_ticks ?? 0] }));
  cells.push(mark("sw", "num sw", { pair: [x.vcsw ?? 0, x.nvcsw ?? 0] }));
  return { cls: `st-${x.state}${thread ? " thread" : ""}${ch.new ? " new" : ""}`, isNew: !!ch.new, cells };
}
function rowHTML(pid, spec) {
  return `<tr class="${spec.cls}" data-task="${pid}"${spec.isNew ? ' data-new="1"' : ""}>` + spec.cells.map(cellHTML).join("") + "</tr>";
}
function cellHTML(c) {
  const attrs = (c.cls ? ` class="${c.cls}"` : "") + (c.col ? ` data-changed="1" data-col="${c.col}"` : "") + (c.title !== null ? ` title="${esc(c.title)}"` : "");
  return `<td${attrs}>${c.pair ? `${c.pair[0]}<span class="sl">/</span>${c.pair[1]}` : c.html}</td>`;
}
function headHTML(ps, jobs) {
  return `<tr>` + (jobs ? "" : `<th${ps ? ` title="${esc(t("col.pid.title"))}"` : ""}>${t("col.pid")}</th>`) + (ps ? `<th title="${esc(t("col.tid.title"))}">${t("col.tid")}</th>` : "") + (jobs ? "" : `<th>${t("col.ppid")}</th>`) + (ps ? `<th class="num" title="${esc(t("col.nlwp.title"))}">${t("col.nlwp")}</th>` : "") + `<th>${t("col.name")}</th><th>${t("col.state")}</th><th class="num" title="${t("col.ticks.title")}">${t("col.ticks")}</th><th class="num sw" title="${t("col.sw.title")}">${t("col.switches")}</th></tr>`;
}
var VIRTUAL_MIN = 200;
var OVERSCAN = 30;
var ROW_GUESS = 30;
var FIRST_ROWS = 60;
function rowsInSight(n, sight, drawn, heights, rowH) {
  const h = rowH > 0 ? rowH : ROW_GUESS;
  const at = (y) => {
    if (y < drawn.top) return drawn.from - Math.ceil((drawn.top - y) / h);
    if (y >= drawn.bottom) return drawn.to + Math.floor((y - drawn.bottom) / h);
    let edge = drawn.top;
    for (let i = 0; i < heights.length; i++) {
      edge += heights[i];
      if (y < edge) return drawn.from + i;
    }
    return drawn.to - 1;
  };
  const clamp = (i) => Math.max(0, Math.min(n - 1, i));
  const first = clamp(at(Math.max(0, sight.top)));
  return [first, Math.max(first, clamp(at(sight.bottom - 1)))];
}
function rangeFor(n, first, last) {
  return [Math.max(0, first - OVERSCAN), Math.min(n, last + 1 + OVERSCAN)];
}
var tables = /* @__PURE__ */ new WeakMap();
function renderTree(container, view) {
  const live = view.tasks.filter((x) => x.state !== "dead");
  const dead = view.tasks.filter((x) => x.state === "dead");
  const rows = treeOrder(live).concat(dead.map((x) => ({ task: x, depth: 0, last: true, thread: isThread(x) })));
  const ps = threadedTable(view.tasks);
  const jobs = !!view.jobs && !ps;
  const step = view.step ?? 0;
  const key = `${ps}|${jobs}`;
  let tb = tables.get(container);
  if (!tb || tb.key !== key || !container.contains(tb.table)) {
    const old = container.querySelector("table.ptable");
    const still = !!old && old.dataset.step === String(step);
    container.innerHTML = `<table class="ptable${ps ? " ps" : ""}${still ? " still" : ""}" data-step="${step}" data-flash="0"><thead></thead><tbody></tbody></table>`;
    const table = container.firstChild;
    tb = {
      key,
      table,
      thead: table.firstChild,
      tbody: table.lastChild,
      head: "",
      step,
      rows: /* @__PURE__ */ new Map(),
      rowH: tb ? tb.rowH : 0,
      from: 0,
      to: 0,
      topH: 0,
      top: null,
      bottom: null
    };
    tables.set(container, tb);
    watchScroll(container);
  } else {
    const still = tb.step === step;
    const cls = `ptable${ps ? " ps" : ""}${still ? " still" : ""}`;
    if (tb.table.className !== cls) tb.table.className = cls;
    if (!still) {
      tb.table.dataset.step = String(step);
      tb.table.dataset.flash = tb.table.dataset.flash === "1" ? "0" : "1";
      tb.step = step;
    }
  }
  const head = headHTML(ps, jobs);
  if (tb.head !== head) {
    tb.thead.innerHTML = head;
    tb.head = head;
  }
  tb.order = rows;
  tb.ctx = { ps, jobs, step };
  tb.before = Array.isArray(view.prev) ? byPid(view.prev) : null;
  const n = rows.length;
  if (n > VIRTUAL_MIN) {
    if (!tb.to) {
      tb.from = 0;
      tb.to = Math.min(n, FIRST_ROWS);
      tb.topH = 0;
    }
    tb.to = Math.min(tb.to, n);
    tb.from = Math.min(tb.from, Math.max(0, tb.to - 1));
  }
  drawBody(container, tb);
  if (rows.length > VIRTUAL_MIN) checkSoon(container);
}
function drawBody(container, tb) {
  const n = tb.order.length;
  const virtual = n > VIRTUAL_MIN;
  const [from, to] = virtual ? [tb.from, tb.to] : [0, n];
  const rows = virtual ? tb.order.slice(from, to) : tb.order;
  const { before } = tb;
  const specs = rows.map(({ task: x, depth, thread }) => rowSpec(x, depth, thread, { ...tb.ctx, ch: before ? changesAgainst(before, x) : {} }));
  let html = "";
  const index = /* @__PURE__ */ new Map();
  rows.forEach(({ task: x }, i) => {
    index.set(x.pid, i);
    const r = tb.rows.get(x.pid);
    if (r && r.cells.length !== specs[i].cells.length) {
      r.tr.remove();
      tb.rows.delete(x.pid);
    }
    if (!tb.rows.has(x.pid)) html += rowHTML(x.pid, specs[i]);
  });
  if (html) {
    const tmp = container.ownerDocument.createElement("tbody");
    tmp.innerHTML = html;
    for (const tr of [...tmp.children]) {
      const pid = Number(tr.dataset.task);
      const spec = specs[index.get(pid)];
      tb.rows.set(pid, { tr, cls: spec.cls, isNew: spec.isNew, cells: [...tr.children].map((td, i) => ({ td, c: spec.cells[i] })) });
    }
  }
  const seen = /* @__PURE__ */ new Set();
  const body = tb.tbody;
  const anchor = virtual ? "none" : "";
  if (body.style.overflowAnchor !== anchor) body.style.overflowAnchor = anchor;
  if (virtual) {
    const cols = specs.length ? specs[0].cells.length : 1;
    tb.top = spacer(container, tb.top, cols, from ? tb.topH : 0);
    tb.spacerH = tb.rowH || ROW_GUESS;
    tb.bottom = spacer(container, tb.bottom, cols, (n - to) * tb.spacerH);
    if (body.firstChild !== tb.top) body.insertBefore(tb.top, body.firstChild);
  } else {
    if (tb.top) {
      tb.top.remove();
      tb.top = null;
    }
    if (tb.bottom) {
      tb.bottom.remove();
      tb.bottom = null;
    }
  }
  let ref = virtual ? tb.top.nextSibling : body.firstChild;
  rows.forEach(({ task: x }, k) => {
    const spec = specs[k];
    const r = tb.rows.get(x.pid);
    seen.add(x.pid);
    if (r.cls !== spec.cls) {
      r.tr.className = spec.cls;
      r.cls = spec.cls;
    }
    if (r.isNew !== spec.isNew) {
      if (spec.isNew) r.tr.dataset.new = "1";
      else delete r.tr.dataset.new;
      r.isNew = spec.isNew;
    }
    spec.cells.forEach((c, i) => patchCell(r.cells[i], c));
    if (r.tr === ref) ref = ref.nextSibling;
    else body.insertBefore(r.tr, ref);
  });
  for (const [pid, r] of tb.rows) {
    if (!seen.has(pid)) {
      r.tr.remove();
      tb.rows.delete(pid);
    }
  }
  if (virtual && body.lastChild !== tb.bottom) body.append(tb.bottom);
  if (!virtual) {
    tb.from = 0;
    tb.to = 0;
    tb.topH = 0;
  }
  setData(body, "rows", virtual ? String(n) : null);
  setData(body, "from", virtual ? String(from) : null);
  setData(body, "to", virtual ? String(to) : null);
}
function setData(e, name, value) {
  if (value === null) {
    if (name in e.dataset) delete e.dataset[name];
  } else if (e.dataset[name] !== value) e.dataset[name] = value;
}
function spacer(container, tr, cols, h) {
  if (!tr) {
    tr = container.ownerDocument.createElement("tr");
    tr.className = "vspace";
    tr.setAttribute("aria-hidden", "true");
    tr.append(container.ownerDocument.createElement("td"));
    tr.firstChild.style.cssText = "padding:0;border:0";
  }
  const td = tr.firstChild;
  if (td.colSpan !== cols) td.colSpan = cols;
  const hs = `${Math.round(h)}px`;
  if (td.style.height !== hs) td.style.height = hs;
  tr.hidden = h <= 0;
  return tr;
}
function sightOf(container, box, win) {
  const doc = container.ownerDocument;
  let top = 0, bottom = win.innerHeight || doc.documentElement.clientHeight;
  for (let e = container; e && e !== doc.body && e !== doc.documentElement; e = e.parentElement) {
    if (win.getComputedStyle(e).overflowY === "visible") continue;
    const r = e.getBoundingClientRect();
    top = Math.max(top, r.top);
    bottom = Math.min(bottom, r.bottom);
  }
  return { top: top - box.top, bottom: bottom - box.top };
}
var watched = /* @__PURE__ */ new WeakSet();
function watchScroll(container) {
  if (watched.has(container)) return;
  watched.add(container);
  const win = container.ownerDocument.defaultView;
  if (!win) return;
  const on = () => {
    const tb = tables.get(container);
    if (tb && tb.order && tb.order.length > VIRTUAL_MIN) checkSoon(container);
  };
  win.addEventListener("scroll", on, { capture: true, passive: true });
  win.addEventListener("resize", on, { passive: true });
}
var pending = /* @__PURE__ */ new WeakSet();
function checkSoon(container) {
  const win = container.ownerDocument.defaultView;
  if (!win || pending.has(container)) return;
  pending.add(container);
  win.requestAnimationFrame(() => {
    pending.delete(container);
    const tb = tables.get(container);
    if (!tb || !tb.order || tb.order.length <= VIRTUAL_MIN || !container.contains(tb.table)) return;
    const n = tb.order.length;
    const box = tb.tbody.getBoundingClientRect();
    if (!box.height) return;
    const first = tb.top ? tb.top.nextSibling : null;
    const last = tb.bottom ? tb.bottom.previousSibling : null;
    const heights = [];
    let drawnTop = 0, drawnBottom = 0;
    if (first && last && first !== tb.bottom && tb.to > tb.from) {
      drawnTop = first.getBoundingClientRect().top - box.top;
      for (let r = first; r && r !== tb.bottom; r = r.nextSibling) heights.push(r.getBoundingClientRect().height);
      drawnBottom = last.getBoundingClientRect().bottom - box.top;
      const h = (drawnBottom - drawnTop) / (tb.to - tb.from);
      if (h > 0) tb.rowH = h;
    }
    const sight = sightOf(container, box, win);
    if (sight.bottom <= 0 || sight.top >= box.height) {
      if (Math.abs(tb.spacerH - tb.rowH) > 0.5) drawBody(container, tb);
      return;
    }
    const drawn = { from: tb.from, to: tb.to, top: drawnTop, bottom: drawnBottom };
    const [a, b] = rowsInSight(n, sight, drawn, heights, tb.rowH);
    if (a < tb.from + 10 && tb.from > 0 || b >= tb.to - 10 && tb.to < n) {
      const [from, to] = rangeFor(n, a, b);
      let topH;
      if (from === 0) topH = 0;
      else if (from < tb.from) topH = Math.max(0, drawnTop - (tb.from - from) * tb.rowH);
      else if (from < tb.to) topH = drawnTop + heights.slice(0, from - tb.from).reduce((x, y) => x + y, 0);
      else topH = drawnBottom + (from - tb.to) * tb.rowH;
      tb.from = from;
      tb.to = to;
      tb.topH = topH;
      drawBody(container, tb);
    }
  });
}
function patchCell(held, c) {
  const td = held.td;
  const was = held.c || { cls: "", title: null, col: "", html: null, pair: null };
  if (was.cls !== c.cls) {
    if (c.cls) td.className = c.cls;
    else td.removeAttribute("class");
  }
  if (was.col !== c.col) {
    if (c.col) {
      td.dataset.changed = "1";
      td.dataset.col = c.col;
    } else {
      delete td.dataset.changed;
      delete td.dataset.col;
    }
  }
  if (was.title !== c.title) {
    if (c.title !== null) td.title = c.title;
    else td.removeAttribute("title");
  }
  if (c.pair) {
    if (was.pair) {
      if (was.pair[0] !== c.pair[0]) td.firstChild.data = String(c.pair[0]);
      if (was.pair[1] !== c.pair[1]) td.lastChild.data = String(c.pair[1]);
    } else {
      td.innerHTML = `${c.pair[0]}<span class="sl">/</span>${c.pair[1]}`;
    }
  } else if (was.html !== c.html) td.innerHTML = c.html;
  held.c = c;
}

export {
  lockStyle,
  renderLegend,
  createTimeline,
  treeOrder,
  renderTree
};
