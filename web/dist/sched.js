import {
  typing
} from "./chunk-TM5DVG3W.js";
import {
  SCHED_EXAMPLES,
  importedEditor
} from "./chunk-LYCZEWOZ.js";
import {
  AVG_COLS,
  EXAMPLES,
  POLICIES,
  POLICY_IDS,
  compareRows,
  cpuUsed,
  cpusOf,
  cpusRange,
  exampleWorkload,
  fmt2,
  fmtTick,
  fmtVruntime,
  gradeRows,
  horizon,
  jobsNow,
  levelRuns,
  nextName,
  quantumRange,
  queuesAt,
  remainingBurst,
  runFor,
  runningAt,
  schedLessons,
  switchRange,
  toWire
} from "./chunk-R2HXWHV2.js";
import {
  errorParts,
  readResponse
} from "./chunk-KFGCQDDF.js";
import {
  renderExplain,
  textWidth
} from "./chunk-KMHT7RCN.js";
import {
  STATE_COLOR,
  jobColor
} from "./chunk-2FXQCEFR.js";
import {
  getLang,
  pick,
  t
} from "./chunk-GO5LWYH4.js";
import {
  checkRequest,
  clampTo,
  getLimits,
  tooLargeParams
} from "./chunk-J4M4X52N.js";

// js/sched-gantt.js
var SVG = "http://www.w3.org/2000/svg";
var AXIS_H = 30;
var CPU_H = 44;
var JOB_H = 32;
var SEP = 10;
var GAP = 18;
var PAD_R = 18;
var TAG_H = 26;
var LVL_H = 18;
function scaleFor(end, width) {
  return Math.max(0.5, width) / Math.max(1, end);
}
function axisStep(pxPerTick) {
  for (const k of [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3]) if (k * pxPerTick >= 34) return k;
  return 5e3;
}
function axisTicks(end, pxPerTick) {
  const k = axisStep(pxPerTick);
  const out = [];
  for (let x = 0; x <= end; x += k) out.push(x);
  const last = out[out.length - 1];
  if (last !== end) {
    if ((end - last) * pxPerTick < 24) out.pop();
    out.push(end);
  }
  return out;
}
function stateRuns(s) {
  const out = [];
  for (let i = 0; i < (s || "").length; i++) {
    const last = out[out.length - 1];
    if (last && last.ch === s[i]) last.end = i + 1;
    else out.push({ ch: s[i], start: i, end: i + 1 });
  }
  return out;
}
var STATE_STYLE = {
  R: { key: "running", h: 1 },
  c: { key: "switching", h: 1 },
  r: { key: "ready", h: 0.56 },
  S: { key: "io", h: 0.34 },
  D: { key: "io", h: 0.34 },
  "-": { key: "absent", h: 0 },
  " ": { key: "ended", h: 0 }
};
function chartHeight(blocks, tag = true) {
  let h2 = AXIS_H + 6;
  blocks.forEach((b, i) => {
    h2 += b.cpus * CPU_H;
    if (b.jobs) h2 += SEP + b.jobs * (JOB_H + (b.levels ? LVL_H : 0));
    if (i < blocks.length - 1) h2 += GAP;
  });
  return h2 + 8 + (tag ? TAG_H : 0);
}
var uid = 0;
function el(name, attrs = {}, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (parent) parent.append(e);
  return e;
}
function defs(svg, id) {
  const d = el("defs", {}, svg);
  const hatch = el("pattern", { id: `${id}-sw`, width: 8, height: 8, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }, d);
  el("rect", { width: 8, height: 8, fill: "#E4E7EB" }, hatch);
  el("rect", { width: 3, height: 8, fill: "#5A6472" }, hatch);
  const ready = el("pattern", { id: `${id}-ready`, width: 8, height: 8, patternUnits: "userSpaceOnUse" }, d);
  el("rect", { width: 8, height: 8, fill: "#F7E3A6" }, ready);
  el("path", { d: "M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6", stroke: STATE_COLOR.runnable, "stroke-width": 1.6 }, ready);
  const io = el("pattern", { id: `${id}-io`, width: 8, height: 8, patternUnits: "userSpaceOnUse" }, d);
  el("rect", { width: 8, height: 8, fill: "#D5E7F7" }, io);
  el("circle", { cx: 4, cy: 4, r: 1.8, fill: STATE_COLOR.sleeping }, io);
}
function legendHTML() {
  const sw = (inner) => `<svg viewBox="0 0 22 16" aria-hidden="true">${inner}</svg>`;
  const items = [
    [sw('<rect x="1" y="1" width="20" height="14" rx="2" fill="#0072B2" stroke="#17202b"/>'), t("sg.running")],
    [sw('<rect x="1" y="7" width="20" height="8" fill="url(#sg-lg-ready)" stroke="#C98A00"/>'), t("sg.ready")],
    [sw('<rect x="1" y="10" width="20" height="5" fill="url(#sg-lg-io)" stroke="#3C8DD0"/>'), t("sg.io")],
    [sw('<rect x="1" y="1" width="20" height="14" fill="url(#sg-lg-sw)" stroke="#5A6472"/>'), t("sg.switch")],
    [sw('<line x1="1" y1="12" x2="21" y2="12" stroke="#8A94A0" stroke-width="2" stroke-dasharray="3 3"/>'), t("sg.absent")],
    [`<b class="lg-check" aria-hidden="true">✓</b>`, t("sg.ended")]
  ];
  const d = `<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>
<pattern id="sg-lg-sw" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#E4E7EB"/><rect width="2.4" height="6" fill="#5A6472"/></pattern>
<pattern id="sg-lg-ready" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#F7E3A6"/><path d="M0,6 L6,0" stroke="#C98A00" stroke-width="1.4"/></pattern>
<pattern id="sg-lg-io" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#D5E7F7"/><circle cx="3" cy="3" r="1.4" fill="#3C8DD0"/></pattern></defs></svg>`;
  return d + items.map(([icon, label]) => `<span class="lg">${icon}${label}</span>`).join("");
}
function drawChart(container, spec) {
  const id = `sg${++uid}`;
  const labelW = spec.labelW ?? 120;
  const width = Math.max(420, Math.floor(container.clientWidth || 900));
  const end = Math.max(1, spec.end);
  const px = scaleFor(end, width - labelW - PAD_R);
  const x = (tm) => labelW + tm * px;
  const withTag = spec.cursor !== false;
  const tagH = withTag ? TAG_H : 0;
  const hasLevels = (b) => !!(b.jobs.length && b.result && b.result.levels);
  const height = chartHeight(spec.blocks.map((b) => ({ cpus: b.cpus, jobs: b.jobs.length, levels: hasLevels(b) })), withTag);
  const colorOf = (name) => jobColor(Math.max(0, spec.names.indexOf(name)));
  const svg = el("svg", { width, height, class: "sg-svg", role: "img", "aria-label": spec.aria || t("sg.gantt") });
  defs(svg, id);
  const ticks = axisTicks(end, px);
  const gAxis = el("g", { class: "sg-axis" }, svg);
  for (const tm of ticks) {
    el("line", { x1: x(tm), x2: x(tm), y1: AXIS_H - 6, y2: height - tagH - 4, class: "grid" }, gAxis);
    el("text", { x: x(tm), y: AXIS_H - 11, "text-anchor": "middle" }, gAxis).textContent = String(tm);
  }
  el("text", { x: 8, y: AXIS_H - 11, class: "axis-name" }, gAxis).textContent = t("sg.time");
  let y = AXIS_H + 6;
  spec.blocks.forEach((b, bi) => {
    const g = el("g", { class: "sg-block", "data-policy": b.policy || "" }, svg);
    const laneH = JOB_H + (hasLevels(b) ? LVL_H : 0);
    const blockH = b.cpus * CPU_H + (b.jobs.length ? SEP + b.jobs.length * laneH : 0);
    if (b.label) {
      el("rect", { x: 0, y: y - 3, width: labelW - 10, height: b.cpus * CPU_H + 6, rx: 8, class: "block-tag" }, g);
      const mid = y + b.cpus * CPU_H / 2 + 6;
      const tx = el("text", { x: 12, y: mid, class: "block-label" }, g);
      tx.textContent = b.label;
      const len = textWidth(b.label, 17);
      const spaces = [...b.label.matchAll(/ /g)].map((m) => m.index);
      if (len > labelW - 24 && spaces.length) {
        const at = spaces.reduce((best, i) => Math.abs(i - b.label.length / 2) < Math.abs(best - b.label.length / 2) ? i : best);
        tx.textContent = "";
        el("tspan", { x: 12, y: mid - 10 }, tx).textContent = b.label.slice(0, at);
        el("tspan", { x: 12, y: mid + 10 }, tx).textContent = b.label.slice(at + 1);
      }
    }
    for (let c = 0; c < b.cpus; c++) {
      const y0 = y + c * CPU_H;
      el("rect", { x: labelW, y: y0 + 3, width: end * px, height: CPU_H - 6, rx: 4, class: "lane-bg" }, g);
      if (!b.label || b.cpus > 1) {
        el("text", { x: b.label ? labelW - 18 : 8, y: y0 + CPU_H / 2 + 6, class: b.label ? "cpu-num" : "lane-label cpu", "text-anchor": b.label ? "end" : "start" }, g).textContent = b.label ? String(c) : t("sg.cpu", { n: c });
      }
    }
    for (const s of b.result && b.result.gantt || []) {
      if (s.cpu >= b.cpus) continue;
      const y0 = y + s.cpu * CPU_H;
      const w = (s.end - s.start) * px;
      const gs = el("g", { class: `slice ${s.kind}`, "data-job": s.job, "data-cpu": s.cpu, "data-start": s.start, "data-end": s.end }, g);
      const attrs = { x: x(s.start) + 0.5, y: y0 + 5, width: Math.max(1, w - 1), height: CPU_H - 10, rx: 3 };
      if (s.kind === "switch") {
        el("rect", { ...attrs, fill: `url(#${id}-sw)`, stroke: "#5A6472", "stroke-width": 1 }, gs);
      } else {
        const col = colorOf(s.job);
        el("rect", { ...attrs, fill: col.fill, stroke: "#17202b", "stroke-width": 1.5 }, gs);
        if (w >= s.job.length * 10.5 + 10) {
          el("text", { x: x(s.start) + w / 2, y: y0 + CPU_H / 2 + 6, "text-anchor": "middle", fill: col.ink, class: "slice-label" }, gs).textContent = s.job;
        }
      }
      el("title", {}, gs).textContent = s.kind === "switch" ? t("sg.title.switch", { cpu: s.cpu, job: s.job, a: s.start, b: s.end }) : t("sg.title.run", { cpu: s.cpu, job: s.job, a: s.start, b: s.end });
    }
    let yj = y + b.cpus * CPU_H;
    if (b.jobs.length) {
      el("line", { x1: 0, x2: width, y1: yj + SEP / 2, y2: yj + SEP / 2, class: "sep" }, g);
      yj += SEP;
      b.jobs.forEach((name) => {
        const col = colorOf(name);
        const gl = el("g", { class: "job-lane", "data-job": name }, g);
        el("circle", { cx: 16, cy: yj + JOB_H / 2, r: 7, fill: col.fill, stroke: "#17202b", "stroke-width": 1.5 }, gl);
        el("text", { x: 30, y: yj + JOB_H / 2 + 6, class: "lane-label" }, gl).textContent = name;
        const str = b.result && b.result.states && b.result.states[name] || "";
        if (b.result && b.result.complete && str.length && str[str.length - 1] !== " ") {
          el("text", { x: x(str.length) + 3, y: yj + JOB_H - 7, class: "check", "data-state": "ended" }, gl).textContent = "✓";
        }
        for (const r of stateRuns(str)) {
          const st = STATE_STYLE[r.ch] || STATE_STYLE.r;
          const x0 = x(r.start), w = (r.end - r.start) * px;
          const gs = el("g", { class: `st st-${st.key}`, "data-state": st.key, "data-start": r.start, "data-end": r.end }, gl);
          const bottom = yj + JOB_H - 4;
          const full = JOB_H - 8;
          if (r.ch === "-") {
            el("line", { x1: x0 + 1, x2: x0 + w - 1, y1: bottom - 3, y2: bottom - 3, stroke: "#8A94A0", "stroke-width": 2, "stroke-dasharray": "3 4" }, gs);
          } else if (r.ch === " ") {
            el("text", { x: x0 + 4, y: bottom - 3, class: "check" }, gs).textContent = "✓";
          } else {
            const h2 = full * st.h;
            const a = { x: x0 + 0.5, y: bottom - h2, width: Math.max(1, w - 1), height: h2 };
            if (r.ch === "R") el("rect", { ...a, fill: col.fill, stroke: "#17202b", "stroke-width": 1 }, gs);
            else if (r.ch === "c") el("rect", { ...a, fill: `url(#${id}-sw)`, stroke: "#5A6472", "stroke-width": 1 }, gs);
            else if (r.ch === "r") el("rect", { ...a, fill: `url(#${id}-ready)`, stroke: STATE_COLOR.runnable, "stroke-width": 1 }, gs);
            else el("rect", { ...a, fill: `url(#${id}-io)`, stroke: STATE_COLOR.sleeping, "stroke-width": 1 }, gs);
          }
          el("title", {}, gs).textContent = `${name}: ${t("sg." + st.key)} (${r.start}–${r.end})`;
        }
        if (hasLevels(b)) {
          const y0 = yj + JOB_H;
          for (const lr of levelRuns(b.result.levels[name], str)) {
            const x0 = x(lr.start), w = (lr.end - lr.start) * px;
            const gl2 = el("g", { class: `lvl lvl-${Math.min(lr.level, 4)}`, "data-level": lr.level, "data-start": lr.start, "data-end": lr.end }, gl);
            el("rect", { x: x0 + 0.5, y: y0, width: Math.max(1, w - 1), height: LVL_H - 3, rx: 3 }, gl2);
            const label = t("sg.level.short", { n: lr.level });
            if (w >= label.length * 7.5 + 4) el("text", { x: x0 + w / 2, y: y0 + LVL_H - 7, "text-anchor": "middle" }, gl2).textContent = label;
            el("title", {}, gl2).textContent = t("sg.level.title", { name, n: lr.level, a: lr.start, b: lr.end });
          }
        }
        yj += laneH;
      });
    }
    y += blockH + (bi < spec.blocks.length - 1 ? GAP : 0);
  });
  const gc = el("g", { class: "sg-cursor" }, svg);
  const band = el("rect", { y: AXIS_H - 2, width: Math.max(3, px), height: height - AXIS_H - TAG_H + 2, class: "band" }, gc);
  const tag = el("rect", { y: height - TAG_H + 1, height: 22, rx: 11, class: "tag" }, gc);
  const tagText = el("text", { y: height - TAG_H + 17, "text-anchor": "middle", class: "tag-text" }, gc);
  const setTime = (tm) => {
    if (tm === null || tm === void 0 || tm < 0 || tm >= end) {
      gc.setAttribute("display", "none");
      gc.removeAttribute("data-time");
      return;
    }
    gc.removeAttribute("display");
    gc.dataset.time = String(tm);
    const w = Math.max(3, px);
    band.setAttribute("x", x(tm));
    const label = `t=${tm}`;
    const lw = label.length * 9 + 14;
    const cx = Math.min(Math.max(x(tm) + w / 2, labelW + lw / 2), width - lw / 2 - 2);
    tag.setAttribute("x", cx - lw / 2);
    tag.setAttribute("width", lw);
    tagText.setAttribute("x", cx);
    tagText.textContent = label;
  };
  setTime(spec.time);
  if (spec.onTime) {
    svg.classList.add("pickable");
    const pick2 = (ev) => {
      const r = svg.getBoundingClientRect();
      const tm = Math.floor((ev.clientX - r.left - labelW) / px);
      if (tm >= 0 && tm < end) spec.onTime(tm);
    };
    svg.addEventListener("pointerdown", (ev) => {
      pick2(ev);
      svg.setPointerCapture?.(ev.pointerId);
    });
    svg.addEventListener("pointermove", (ev) => {
      if (ev.buttons & 1) pick2(ev);
    });
  }
  container.replaceChildren(svg);
  return { svg, setTime };
}

// js/sched.js
var $ = (id) => document.getElementById(id);
var FIELDS = ["name", "arrival", "bursts", "priority", "tickets", "nice"];
var STATE_WORD = { R: "running", c: "switching", r: "ready", S: "io", D: "io", "-": "absent", " ": "ended" };
function h(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === void 0 || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("data-") || k.startsWith("aria-") || k === "role" || k === "for") e.setAttribute(k, v === true ? "" : String(v));
    else e[k] = v;
  }
  for (const k of kids) if (k !== null && k !== void 0 && k !== false) e.append(k);
  return e;
}
async function post(url, body) {
  const over = checkRequest(body, getLimits());
  if (over) return { ok: false, error: { code: "too_large", message: "", over } };
  let res;
  try {
    res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body) });
  } catch {
    return { ok: false, error: { code: "offline", message: "" } };
  }
  return readResponse(res);
}
var jobsMax = () => typeof getLimits().sched_jobs === "number" ? getLimits().sched_jobs : Infinity;
var polName = (id) => t(`pol.${id}`);
function serverWords(e) {
  const p = errorParts(t, e, {}, getLang());
  const out = [h("span", { class: "detail", text: `${p.text} ${p.detail}`.trim() })];
  if (p.hint) out.push(" ", h("span", { class: "detail server-words", lang: "en", text: t("err.server_words", { msg: p.hint }) }));
  return out;
}
function createSchedView(api = {}) {
  const st = {
    ed: exampleWorkload("convoy"),
    example: "convoy",
    mode: "run",
    policy: "fcfs",
    compare: [],
    manualPolicy: "fcfs",
    choices: [],
    times: [],
    // the time of each choice's decision, when known
    time: 0,
    run: null,
    // the shown single-policy result
    results: null,
    // the compared results
    manual: null,
    // the last manual response
    error: null,
    // {kind:'client'|'server'|'offline', ...}
    busy: 0,
    shown: false,
    playing: 0,
    imp: null,
    // the OSTEP import: {error:{code, message}} or {note:{...}}
    lesson: null,
    // the scheduling lesson open: {id, title, explain, run, exact} (POST /api/schedule's lesson)
    left: null
    // the lesson whose workload was edited (its text stays, with a way back)
  };
  const seq = { run: 0, compare: 0, manual: 0, imp: 0, lesson: 0 };
  let timer = 0;
  function drawExamples() {
    const box = $("sched-examples");
    box.querySelectorAll("button").forEach((b) => b.remove());
    for (const ex of EXAMPLES) {
      const b = h("button", { type: "button", class: "chip-btn", "data-example": ex.id, title: t(`ex.${ex.id}.desc`), text: t(`ex.${ex.id}`) });
      b.setAttribute("aria-pressed", st.example === ex.id ? "true" : "false");
      box.append(b);
    }
    $("sched-example-name").textContent = st.example ? t(`ex.${st.example}.desc`) : "";
  }
  function drawJobs() {
    const body = $("sched-jobs").querySelector("tbody");
    body.replaceChildren();
    st.ed.jobs.forEach((j, row) => {
      const col = jobColor(row);
      const tr = h("tr", { "data-row": row });
      for (const f of FIELDS) {
        const inp = h("input", {
          type: "text",
          value: String(j[f] ?? ""),
          "data-field": f,
          spellcheck: false,
          autocomplete: "off",
          "aria-label": `${t("s.col." + f)} · ${j.name || row + 1}`,
          class: `f-${f}`,
          inputMode: f === "name" || f === "bursts" ? "text" : "numeric"
        });
        const td = h("td", {}, inp);
        if (f === "name") td.prepend(h("i", { class: "dot", style: `background:${col.fill}`, "aria-hidden": "true" }));
        tr.append(td);
      }
      const rm = h("button", { type: "button", class: "rm", "data-remove": row, title: t("s.remove", { name: j.name }), "aria-label": t("s.remove", { name: j.name }), text: "×" });
      rm.disabled = st.ed.jobs.length <= 1;
      tr.append(h("td", {}, rm));
      body.append(tr);
    });
    const full = st.ed.jobs.length >= jobsMax();
    $("sched-add-job").disabled = full;
    $("sched-add-job").title = full ? t("s.add.full", { n: jobsMax() }) : "";
    $("sched-cpus").value = String(st.ed.cpus);
    $("sched-switch").value = String(st.ed.switchCost);
    $("sched-quantum").value = String(st.ed.quantum);
    drawMlfq();
    markInvalid();
  }
  function drawLessons() {
    let box = $("sched-lessons");
    if (!box) {
      box = h("section", { id: "sched-lessons", class: "sched-lessons", "aria-labelledby": "sched-lessons-title" });
      $("sched-editor").prepend(box, h("section", { id: "sched-lesson", class: "sched-lesson", hidden: true, "aria-live": "polite" }));
    }
    const list = schedLessons(api.lessons ? api.lessons() : []);
    box.hidden = !list.length;
    box.replaceChildren(h("h3", { id: "sched-lessons-title", text: t("tabs.sched.lessons") }));
    const row = h("div", { class: "examples lesson-chips" });
    const open = st.lesson ? st.lesson.id : "";
    for (const l of list) {
      const b = h("button", { type: "button", class: "chip-btn", "data-sched-lesson": l.id, text: pick(l.title) || l.id });
      b.setAttribute("aria-pressed", l.id === open ? "true" : "false");
      row.append(b);
    }
    box.append(row);
    drawLessonText();
  }
  function drawLessonText() {
    const box = $("sched-lesson");
    if (!box) return;
    const l = st.lesson || st.left;
    $("sched").dataset.lesson = st.lesson ? st.lesson.id : "";
    box.hidden = !l;
    box.replaceChildren();
    if (!l) {
      delete box.dataset.lesson;
      return;
    }
    box.dataset.lesson = l.id;
    box.dataset.exact = l.exact ? "1" : "0";
    box.append(h("h2", { id: "sched-lesson-title", text: pick(l.title) || l.id }));
    const ex = h("div", { class: "explain" });
    renderExplain(ex, pick(l.explain) || "", t("lesson.misconception"));
    box.append(ex);
    if (!st.lesson) {
      box.append(
        h("p", { class: "muted lesson-note", text: t("tabs.sched.left") }),
        h("button", { type: "button", id: "sched-lesson-back", class: "btn ghost small", text: t("tabs.sched.back") })
      );
    } else {
      box.append(h("p", { class: "muted lesson-note", text: t(l.exact ? "tabs.sched.exact" : "tabs.sched.approx") }));
    }
  }
  async function openLesson(id, mode) {
    const n = ++seq.lesson;
    st.opening = true;
    setBusy(1);
    const r = await post("/api/schedule", { lesson: id });
    setBusy(-1);
    if (n !== seq.lesson) return;
    st.opening = false;
    clearTimeout(timer);
    seq.run++;
    seq.compare++;
    seq.manual++;
    if (!r.ok) {
      failed(r);
      return;
    }
    const l = r.data.lesson;
    const got = importedEditor({ workload: l.workload, run: l.run }, getLimits());
    if (!got.ok) {
      failed({ error: { code: "bad_field", message: "lesson" } });
      return;
    }
    ok();
    st.lesson = { id: l.id, title: l.title, explain: l.explain, run: l.run, exact: !!l.exact, source: r.data.results[0].scenario };
    st.left = null;
    st.ed = got.ed;
    st.example = null;
    st.imp = null;
    st.choices = [];
    st.times = [];
    st.time = 0;
    st.policy = POLICY_IDS.includes(l.run.policy) ? l.run.policy : "fcfs";
    st.mode = "run";
    for (const b of document.querySelectorAll("#sched .mode-tab")) b.setAttribute("aria-selected", b.dataset.mode === "run" ? "true" : "false");
    for (const p of document.querySelectorAll("#sched .pane")) p.hidden = p.dataset.pane !== "run";
    stopPlay();
    st.run = r.data.results[0];
    st.run.cpus = got.ed.cpus;
    st.run.names = got.ed.jobs.map((j) => j.name);
    st.run.own = true;
    drawImport();
    drawExamples();
    drawJobs();
    drawPolicies();
    drawLessons();
    drawRun();
    api.lessonShown && api.lessonShown(l.id);
    if (mode === "compare" || mode === "manual") {
      setMode(mode);
      return;
    }
    api.changed && api.changed();
  }
  function leaveLesson() {
    if (!st.lesson) return;
    st.left = st.lesson;
    st.lesson = null;
    drawLessons();
    api.lessonShown && api.lessonShown("");
  }
  function closeLesson() {
    const had = st.lesson || st.left;
    st.lesson = null;
    st.left = null;
    st.opening = false;
    seq.lesson++;
    if (had) {
      drawLessons();
      api.lessonShown && api.lessonShown("");
    }
  }
  function drawImportExamples() {
    const sel = $("sched-ostep-examples");
    sel.replaceChildren(h("option", { value: "", text: t("s.os.pick") }));
    for (const cmd of SCHED_EXAMPLES) sel.append(h("option", { value: cmd, text: cmd }));
    sel.value = "";
  }
  function drawImport() {
    const err = $("sched-ostep-error");
    const note = $("sched-ostep-note");
    const imp = st.imp;
    err.replaceChildren();
    note.replaceChildren();
    err.hidden = !(imp && imp.error);
    note.hidden = !(imp && imp.note);
    $("sched-ostep-cmd").removeAttribute("aria-invalid");
    if (imp && imp.error) {
      const e = imp.error;
      err.dataset.code = e.code;
      $("sched-ostep-cmd").setAttribute("aria-invalid", "true");
      if (e.code === "empty") err.append(t("s.os.err.empty"));
      else if (e.code === "offline") err.append(t("s.os.err.offline"));
      else if (e.code === "answer") err.append(t("s.os.err.answer"));
      else if (e.over) err.append(h("strong", { text: t("err.over", { what: t(`limit.${e.over.limit}`), ...tooLargeParams(e.over) }) }));
      else {
        err.append(h("strong", { text: t("s.os.err") }), " ", ...serverWords(e));
      }
    }
    if (imp && imp.note) {
      const n = imp.note;
      const p = POLICIES.find((x) => x.id === n.policy);
      const pol = p && p.quantum && !(n.policy === "mlfq" && st.ed.mlfq) ? t("s.os.note.q", { policy: polName(n.policy), q: n.quantum }) : polName(n.policy);
      note.dataset.policy = n.policy;
      note.dataset.jobs = String(n.jobs);
      note.append(t(n.jobs === 1 ? "s.os.note.one" : "s.os.note", { n: n.jobs, policy: pol }));
      if (n.clamped) note.append(" ", t("s.os.clamped", { q: n.asked, c: n.quantum }));
      if (n.ioReset) note.append(" ", t("s.os.ioreset"));
    }
  }
  function drawMlfq() {
    const m = st.ed.mlfq;
    $("sched-mlfq").hidden = !m;
    const key = st.lesson || st.left ? "tabs.sched.mlfq" : "s.os.mlfq";
    $("sched-mlfq-text").textContent = m ? t(key, { q: m.quanta.join(", "), a: m.allot.join(", "), b: m.boost ? m.boost : t("s.os.mlfq.noboost") }) : "";
  }
  async function importOstep(cmd) {
    const command = String(cmd ?? "").trim();
    $("sched-ostep-cmd").value = command;
    if (!command) {
      st.imp = { error: { code: "empty" } };
      drawImport();
      return;
    }
    const n = ++seq.imp;
    setBusy(1);
    const r = await post("/api/schedule/ostep", { command });
    setBusy(-1);
    if (n !== seq.imp) return;
    if (!r.ok) {
      st.imp = { error: r.error.code === "offline" ? { code: "offline" } : r.error };
      drawImport();
      return;
    }
    const got = importedEditor(r.data, getLimits());
    if (!got.ok) {
      st.imp = { error: { code: "answer" } };
      drawImport();
      return;
    }
    closeLesson();
    st.ed = got.ed;
    st.example = null;
    st.choices = [];
    st.times = [];
    st.time = 0;
    st.policy = POLICY_IDS.includes(got.policy) ? got.policy : "fcfs";
    st.imp = { note: { jobs: got.ed.jobs.length, policy: st.policy, quantum: got.quantum, clamped: got.clamped, asked: r.data.run.quantum, ioReset: got.ioReset }, command };
    if (st.error) {
      st.error = null;
      drawError();
    }
    drawExamples();
    drawJobs();
    drawPolicies();
    drawImport();
    setMode("run");
  }
  function markInvalid() {
    const bad = /* @__PURE__ */ new Set();
    if (st.error && st.error.kind === "client") for (const e of st.error.errors) bad.add(`${e.row}:${e.field}`);
    $("sched-jobs").querySelectorAll("tbody tr").forEach((tr) => {
      tr.querySelectorAll("input[data-field]").forEach((inp) => {
        const on = bad.has(`${tr.dataset.row}:${inp.dataset.field}`);
        if (on) inp.setAttribute("aria-invalid", "true");
        else inp.removeAttribute("aria-invalid");
      });
    });
  }
  function edited(structural) {
    leaveLesson();
    st.example = null;
    if (st.imp && st.imp.note) {
      st.imp = null;
      drawImport();
    }
    st.choices = [];
    st.times = [];
    drawExamples();
    if (structural) drawJobs();
    schedule(250);
  }
  function loadExample(id) {
    const w = exampleWorkload(id);
    if (!w) return;
    closeLesson();
    st.ed = w;
    st.example = id;
    st.imp = null;
    drawImport();
    st.choices = [];
    st.times = [];
    st.time = 0;
    drawExamples();
    drawJobs();
    drawPolicies();
    schedule(0);
  }
  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = 0;
      compute();
    }, delay);
    api.changed && api.changed();
  }
  function wire() {
    const w = toWire(st.ed, getLimits());
    if (!w.ok) {
      st.error = { kind: "client", errors: w.errors };
      drawError();
      markInvalid();
      return null;
    }
    return w.workload;
  }
  function setBusy(d) {
    st.busy += d;
    $("sched").dataset.busy = st.busy > 0 ? "1" : "0";
    $("sched-busy").hidden = st.busy <= 0;
  }
  function failed(r) {
    st.error = r.error.code === "offline" ? { kind: "offline" } : { kind: "server", ...r.error };
    drawError();
  }
  function ok() {
    if (st.error) {
      st.error = null;
      drawError();
      markInvalid();
    }
  }
  async function compute() {
    if (!st.shown || st.opening) return;
    const workload = wire();
    if (!workload) return;
    if (st.mode === "run") await computeRun(workload);
    else if (st.mode === "compare") await computeCompare(workload);
    else await computeManual(workload);
  }
  async function computeRun(workload) {
    const n = ++seq.run;
    setBusy(1);
    const run = runFor(st.policy, st.ed.quantum, getLimits());
    const r = await post("/api/schedule", st.lesson ? { lesson: st.lesson.id, runs: [run] } : { workload, runs: [run] });
    setBusy(-1);
    if (n !== seq.run) return;
    if (!r.ok) {
      failed(r);
      return;
    }
    ok();
    st.run = r.data.results[0];
    st.run.cpus = workload.cpus;
    st.run.names = workload.jobs.map((j) => j.name);
    st.run.own = !!(st.lesson && st.run.scenario === st.lesson.source);
    st.time = Math.min(st.time, Math.max(0, st.run.end - 1));
    drawRun();
  }
  async function computeCompare(workload) {
    const pols = POLICY_IDS.filter((p) => st.compare.includes(p));
    drawCompareHint(pols.length);
    if (pols.length < 2) {
      st.results = null;
      drawCompare();
      return;
    }
    const n = ++seq.compare;
    setBusy(1);
    const runs = pols.map((p) => runFor(p, st.ed.quantum, getLimits()));
    const r = await post("/api/schedule", st.lesson ? { lesson: st.lesson.id, runs } : { workload, runs });
    setBusy(-1);
    if (n !== seq.compare) return;
    if (!r.ok) {
      failed(r);
      return;
    }
    ok();
    st.results = { list: r.data.results, cpus: workload.cpus, names: workload.jobs.map((j) => j.name) };
    drawCompare();
  }
  async function computeManual(workload) {
    const n = ++seq.manual;
    const choices = st.choices.slice();
    setBusy(1);
    const run = { ...runFor("rr", st.ed.quantum, getLimits()), policy: st.manualPolicy };
    const r = await post("/api/schedule/manual", { workload, run, choices });
    setBusy(-1);
    if (n !== seq.manual) return;
    if (!r.ok) {
      failed(r);
      drawManual();
      return;
    }
    ok();
    st.manual = { ...r.data, choices, times: st.times.slice(0, choices.length), workload };
    drawManual();
  }
  function drawError() {
    const box = $("sched-error");
    const e = st.error;
    $("sched").classList.toggle("stale", !!e);
    box.replaceChildren();
    if (!e) {
      box.hidden = true;
      return;
    }
    if (e.kind === "client") {
      box.append(h("strong", { text: t("s.err.client") }));
      const ul = h("ul");
      for (const x of e.errors) {
        const j = st.ed.jobs[x.row] || {};
        const what = x.field === "bursts" ? t(`s.err.bursts.${x.error}`, { tok: x.token ?? "" }) : x.error === "tickets" ? t("s.err.tickets") : t("s.err.number");
        ul.append(h("li", { text: t("s.err.row", { n: x.row + 1, name: j.name || "?", col: t("s.col." + x.field), what }) }));
      }
      box.append(ul);
    } else if (e.kind === "offline") {
      box.append(h("strong", { text: t("s.err.offline") }));
    } else if (e.over) {
      box.append(h("strong", { text: t("err.over", { what: t(`limit.${e.over.limit}`), ...tooLargeParams(e.over) }) }));
    } else {
      box.append(h("strong", { text: t("s.err.server") }), " ", ...serverWords(e));
    }
    box.dataset.code = e.kind === "server" ? e.code : e.kind;
    box.hidden = false;
  }
  function drawPolicies() {
    const box = $("sched-policy");
    box.replaceChildren();
    for (const p2 of POLICIES) {
      const on = p2.id === st.policy;
      box.append(h("button", {
        type: "button",
        class: "pill" + (on ? " on" : ""),
        role: "radio",
        "aria-checked": on ? "true" : "false",
        "data-policy": p2.id,
        text: polName(p2.id),
        title: t(`pol.${p2.id}.desc`)
      }));
    }
    const p = POLICIES.find((x) => x.id === st.policy);
    $("sched-policy-desc").textContent = t(`pol.${st.policy}.desc`) + (p && p.quantum ? " " + t(st.ed.quantum === 1 ? "s.quantum.is.one" : "s.quantum.is", { q: st.ed.quantum }) : "");
  }
  let runChart = null;
  function drawRun() {
    const r = st.run;
    const gantt = $("sched-gantt");
    if (!r) {
      runChart = null;
      gantt.replaceChildren(h("p", { class: "muted", text: t("s.loading") }));
      return;
    }
    runChart = drawChart(gantt, {
      blocks: [{ result: r, cpus: cpusOf(r, r.cpus), jobs: r.names, policy: r.policy }],
      names: r.names,
      end: r.end,
      time: st.time,
      onTime: (tm) => setTime(tm),
      labelW: 120,
      aria: t("s.gantt.aria", { policy: polName(r.policy) })
    });
    const time = $("sched-time");
    time.max = String(Math.max(0, r.end - 1));
    time.value = String(st.time);
    time.style.setProperty("--fill", r.end > 1 ? `${100 * st.time / (r.end - 1)}%` : "0%");
    drawTimeInfo();
    drawMetrics();
    $("sched-open-stepper").disabled = !r.scenario;
  }
  function drawTimeInfo() {
    const r = st.run;
    if (!r) return;
    $("sched-time-value").textContent = t("s.time.value", { a: st.time, b: st.time + 1 });
    $("sched-time").setAttribute("aria-valuetext", t("s.time.value", { a: st.time, b: st.time + 1 }));
    const box = $("sched-queues");
    box.replaceChildren();
    const cpus = cpusOf(r, r.cpus);
    const runCol = h("div", { class: "qcol running" });
    runningAt(r, st.time, cpus).forEach((s, c) => {
      const slot = h("div", { class: "cpu-slot", "data-cpu": c, "data-job": s ? s.job : "" }, h("span", { class: "cpu-name", text: t("sg.cpu", { n: c }) }));
      if (s) slot.append(jobChip(s.job, r.names, s.kind === "switch" ? t("s.switching") : t("s.on.cpu")));
      else slot.append(h("span", { class: "idle", text: t("s.idle") }));
      runCol.append(slot);
    });
    const readyCol = h("div", { class: "qcol ready" });
    for (const q of queuesAt(r, st.time)) {
      const label = q.level === null ? t("s.queue") : t("s.level", { n: q.level, q: mlfqQuantum(q.level) });
      const row = h("div", { class: "queue", "data-level": q.level === null ? "" : q.level }, h("span", { class: "q-label", text: label }));
      const list = h("ol", { class: "q-list", "aria-label": label });
      if (!q.jobs.length) list.append(h("li", { class: "q-empty", text: t("s.queue.empty") }));
      q.jobs.forEach((name, i) => list.append(h("li", { class: "qjob", "data-job": name }, jobChip(name, r.names, i === 0 ? t("s.queue.head") : ""))));
      row.append(list);
      readyCol.append(row);
    }
    const io = r.names.filter((n) => /[SD]/.test((r.states[n] || "")[st.time] || ""));
    const ioCol = h("div", { class: "qcol" });
    const ioRow = h("div", { class: "queue io" }, h("span", { class: "q-label io", text: t("s.io") }));
    const ioList = h("ul", { class: "q-list io", "aria-label": t("s.io") });
    if (!io.length) ioList.append(h("li", { class: "q-empty", text: t("s.queue.empty") }));
    io.forEach((name) => ioList.append(h("li", { class: "iojob", "data-job": name }, jobChip(name, r.names))));
    ioRow.append(ioList);
    ioCol.append(ioRow);
    box.append(runCol, readyCol, ioCol);
    $("sched-queues-title").textContent = r.levels ? t("s.queues.mlfq") : t("s.queues");
    drawNow(r);
    if (runChart) runChart.setTime(st.time);
  }
  function drawNow(r) {
    let tbl = $("sched-now");
    if (!tbl) {
      tbl = h("table", { id: "sched-now", class: "metrics now" });
      $("sched-queues").after(h("div", { class: "table-wrap now-wrap" }, tbl));
    }
    tbl.replaceChildren();
    const rows = jobsNow(r, st.time);
    const lvl = !!r.levels, cfs = !!r.vruntime;
    tbl.parentElement.hidden = !lvl && !cfs;
    if (!lvl && !cfs) return;
    tbl.append(h("caption", { text: t(cfs ? "tabs.now.cfs" : "tabs.now.mlfq", { a: st.time, b: st.time + 1 }) }));
    const head = h("tr", {}, h("th", { scope: "col", text: t("s.col.name") }), h("th", { scope: "col", text: t("tabs.now.state") }));
    if (lvl) head.append(h("th", { scope: "col", class: "num", text: t("tabs.now.level"), title: t("tabs.now.level.title") }));
    if (cfs) {
      head.append(
        h("th", { scope: "col", class: "num", text: t("tabs.now.nice") }),
        h("th", { scope: "col", class: "num", text: t("tabs.now.weight"), title: t("tabs.now.weight.title") }),
        h("th", { scope: "col", class: "num", text: t("tabs.now.vruntime"), title: t("tabs.now.vruntime.title") })
      );
    }
    tbl.append(h("thead", {}, head));
    const body = h("tbody");
    const minV = cfs ? Math.min(...rows.filter((x) => /[Rrc]/.test(x.state)).map((x) => x.vruntime).filter(Number.isFinite)) : NaN;
    for (const x of rows) {
      const tr = h(
        "tr",
        { "data-job": x.name },
        h("th", { scope: "row" }, jobChip(x.name, r.names)),
        h("td", { "data-col": "state", text: t("tabs.state." + (STATE_WORD[x.state] || "absent")) })
      );
      if (lvl) tr.append(h("td", { class: "num", "data-col": "level", text: x.level === null || x.state === "-" || x.state === " " ? "–" : t("sg.level.short", { n: x.level }) }));
      if (cfs) {
        const j = st.ed.jobs.find((y) => y.name === x.name);
        const nice = j && Number.isInteger(Number(j.nice)) ? Number(j.nice) : null;
        tr.append(
          h("td", { class: "num", "data-col": "nice", text: nice === null ? "–" : String(nice) }),
          h("td", { class: "num", "data-col": "weight", text: x.weight === null ? "–" : String(x.weight) }),
          h("td", { class: "num" + (x.vruntime === minV ? " least" : ""), "data-col": "vruntime", text: x.state === "-" ? "–" : fmtVruntime(x.vruntime), title: x.vruntime === minV ? t("tabs.now.least") : "" })
        );
      }
      body.append(tr);
    }
    tbl.append(body);
  }
  function mlfqQuantum(level) {
    const m = st.ed.mlfq;
    if (m && m.quanta[level]) return m.quanta[level];
    return st.ed.quantum * 2 ** level;
  }
  function jobChip(name, names, sub) {
    const i = Math.max(0, names.indexOf(name));
    const col = jobColor(i);
    const chip = h("span", { class: "jchip", style: `background:${col.fill};color:${col.ink}`, text: name });
    if (!sub) return chip;
    return h("span", { class: "jchip-wrap" }, chip, h("small", { text: sub }));
  }
  function setTime(tm) {
    if (!st.run) return;
    const v = Math.max(0, Math.min(st.run.end - 1, tm));
    if (v === st.time) return;
    st.time = v;
    $("sched-time").value = String(v);
    $("sched-time").style.setProperty("--fill", st.run.end > 1 ? `${100 * v / (st.run.end - 1)}%` : "0%");
    drawTimeInfo();
    api.changed && api.changed();
  }
  function drawMetrics() {
    const r = st.run;
    const tbl = $("sched-metrics");
    tbl.replaceChildren();
    const cols = ["arrival", "burst", "io", "first_run", "completion", "turnaround", "waiting", "response"];
    const head = h("tr", {}, h("th", { scope: "col", text: t("s.col.name") }));
    for (const c of cols) head.append(h("th", { scope: "col", class: "num", text: t(`m.${c}`), title: t(`m.${c}.title`) }));
    tbl.append(h("thead", {}, head));
    const body = h("tbody");
    for (const j of r.jobs) {
      const tr = h("tr", { "data-job": j.name }, h("th", { scope: "row" }, jobChip(j.name, r.names)));
      for (const c of cols) tr.append(h("td", { class: "num", "data-col": c, text: fmtTick(j[c]) }));
      body.append(tr);
    }
    tbl.append(body);
    const avg = h("tr", { class: "avg" }, h("th", { scope: "row", text: t("m.avg") }));
    for (const c of cols) {
      const has = AVG_COLS.includes(c);
      avg.append(h("td", { class: "num", "data-col": c, text: has ? fmt2(r.avg[c]) : "" }));
    }
    tbl.append(h("tfoot", {}, avg));
    $("sched-summary").textContent = t("m.summary", {
      sw: r.context_switches,
      util: `${Math.round(r.utilization * 1e3) / 10}%`,
      end: r.end
    }) + (r.switch_ticks > 0 ? " · " + t(r.switch_ticks === 1 ? "m.switchticks.one" : "m.switchticks", { n: r.switch_ticks }) : "") + (r.complete ? "" : " " + t("m.incomplete"));
  }
  function drawComparePick() {
    const box = $("sched-compare-pick");
    box.replaceChildren();
    for (const p of POLICIES) {
      const inp = h("input", { type: "checkbox", "data-compare": p.id, checked: st.compare.includes(p.id) });
      box.append(h("label", { class: "check" + (st.compare.includes(p.id) ? " on" : ""), title: t(`pol.${p.id}.desc`) }, inp, " ", h("span", { text: polName(p.id) })));
    }
    const all = h("button", { type: "button", class: "btn ghost small", "data-compare-all": "1", text: t("s.compare.all") });
    const none = h("button", { type: "button", class: "btn ghost small", "data-compare-none": "1", text: t("s.compare.none") });
    box.append(all, none);
  }
  function drawCompareHint(n) {
    $("sched-compare-hint").hidden = n >= 2;
  }
  function drawCompare() {
    const res = st.results;
    const n = st.compare.length;
    drawCompareHint(n);
    $("sched-compare-card").hidden = !res;
    $("sched-compare-table-card").hidden = !res;
    if (!res) return;
    const cpus = Math.max(...res.list.map((r) => cpusOf(r, res.cpus)));
    const end = Math.max(...res.list.map((r) => r.end));
    drawChart($("sched-compare-gantt"), {
      blocks: res.list.map((r) => ({ result: r, cpus, jobs: [], label: polName(r.policy), policy: r.policy })),
      names: res.names,
      end,
      time: null,
      cursor: false,
      labelW: 190,
      aria: t("s.compare.gantt")
    });
    const tbl = $("sched-compare-table");
    tbl.replaceChildren();
    const head = h("tr", {}, h("th", { scope: "col", text: t("s.col.policy") }));
    for (const c of AVG_COLS) head.append(h("th", { scope: "col", class: "num", text: t(`m.avg.${c}`) }));
    head.append(h("th", { scope: "col", class: "num", text: t("m.switches") }), h("th", { scope: "col", class: "num", text: t("m.end") }));
    tbl.append(h("thead", {}, head));
    const body = h("tbody");
    for (const row of compareRows(res.list)) {
      const p = POLICIES.find((x) => x.id === row.policy);
      const name = polName(row.policy) + (p && p.quantum ? ` (q=${row.quantum})` : "");
      const tr = h("tr", { "data-policy": row.policy }, h("th", { scope: "row", text: name }));
      for (const c of AVG_COLS) {
        const td = h("td", { class: "num" + (row.best[c] ? " best" : ""), "data-col": c });
        td.append(h("span", { class: "v", text: fmt2(row.avg[c]) }));
        if (row.best[c]) td.append(h("span", { class: "star", text: " ★", title: t("s.best"), "aria-label": t("s.best") }));
        tr.append(td);
      }
      tr.append(h("td", { class: "num", "data-col": "switches", text: String(row.switches) }), h("td", { class: "num", "data-col": "end", text: String(row.end) }));
      body.append(tr);
    }
    tbl.append(body);
  }
  function drawManual() {
    const pane = $("sched-manual");
    pane.querySelectorAll('input[name="sched-mp"]').forEach((r) => {
      r.checked = r.value === st.manualPolicy;
    });
    $("sched-undo").disabled = !st.choices.length;
    const m = st.manual;
    const dec = $("sched-decision");
    const grade = $("sched-grade");
    dec.replaceChildren();
    if (!m) {
      dec.append(h("p", { class: "muted", text: t("s.loading") }));
      grade.hidden = true;
      return;
    }
    pane.dataset.choices = String(m.choices.length);
    pane.dataset.done = m.done ? "1" : "0";
    const names = m.workload.jobs.map((j) => j.name);
    const res = m.result;
    const hist = $("sched-history");
    hist.replaceChildren();
    const decisions = historyOf(m);
    decisions.forEach((d) => hist.append(h("li", {}, h("span", { class: "muted", text: d.time === "?" ? "" : `t=${d.time} ` }), jobChip(d.chosen, names))));
    if (!m.done) {
      const d = m.decision;
      dec.hidden = false;
      dec.dataset.time = String(d.time);
      dec.dataset.cpu = String(d.cpu);
      dec.append(h("p", { class: "ask", text: t("s.ask", { t: d.time, cpu: d.cpu }) }));
      dec.append(h("p", { class: "muted", text: t("s.ask.help") }));
      const row = h("div", { class: "choices" });
      for (const name of d.candidates) {
        const j = m.workload.jobs.find((x) => x.name === name);
        const left = j ? remainingBurst(j.bursts, cpuUsed(res.states[name])) : 0;
        const col = jobColor(Math.max(0, names.indexOf(name)));
        const b = h(
          "button",
          { type: "button", class: "choice", "data-choice": name, "data-left": left, style: `--job:${col.fill};--ink:${col.ink}` },
          h("span", { class: "c-name", text: name }),
          h("span", { class: "c-sub", text: t("s.burst.left", { n: left }) }),
          h("span", { class: "c-sub", text: t("s.arrived", { n: j ? j.arrival : 0 }) })
        );
        b.disabled = st.busy > 0;
        row.append(b);
      }
      dec.append(row);
      grade.hidden = true;
    } else {
      dec.hidden = true;
      delete dec.dataset.time;
      drawGrade(m, names);
    }
    const end = m.done ? res.end : Math.max(horizon(m.workload), res.end);
    const title = m.done ? "s.manual.gantt.done" : "s.manual.gantt";
    $("sched-manual-title").dataset.i18n = title;
    $("sched-manual-title").textContent = t(title);
    drawChart($("sched-manual-gantt"), {
      blocks: [{ result: res, cpus: cpusOf(res, m.workload.cpus), jobs: names, policy: "manual" }],
      names,
      end,
      time: m.done ? null : m.decision.time,
      labelW: 120,
      aria: t(title)
    });
  }
  function historyOf(m) {
    return m.choices.map((chosen, i) => ({ chosen, time: m.times[i] ?? "?" }));
  }
  function drawGrade(m, names) {
    const g = m.grade;
    const box = $("sched-grade");
    box.replaceChildren();
    box.hidden = false;
    box.dataset.score = String(g.score);
    const ref = g.reference || null;
    const best = g.policies.find((p) => p.policy === g.optimum);
    const ring = h(
      "div",
      { class: "score " + (g.score >= 100 ? "top" : g.score >= 60 ? "mid" : "low") },
      h("b", { class: "score-n", text: String(g.score) }),
      h("span", { text: t("s.score.of") })
    );
    const text = h(
      "div",
      { class: "grade-text" },
      h("h2", { text: g.score >= 100 ? t("g.perfect") : t("s.grade.title") })
    );
    if (ref) {
      const order = (ref.order || []).join(", ");
      const how = t(ref.policy === "sjf" ? "g.ref.sjf" : ref.policy === "srtf" ? "g.ref.srtf" : "g.ref.search", { order });
      const line = ref.rule === "quantum" ? t("g.ref.quantum", { q: ref.quantum, how, w: fmt2(ref.avg.waiting) }) : t("g.ref.nonpreemptive", { how, w: fmt2(ref.avg.waiting) });
      const p = h("p", { id: "sched-grade-ref", "data-rule": ref.rule, "data-policy": ref.policy || "", "data-exact": ref.exact ? "1" : "0", text: line });
      text.append(p);
      const sjf = g.policies.find((x) => x.policy === "sjf");
      if (ref.rule === "nonpreemptive" && !ref.policy && sjf && sjf.avg.waiting > ref.avg.waiting + 1e-9) text.append(h("p", { class: "muted", text: t("g.ref.beats") }));
      if (!ref.exact) text.append(h("p", { class: "muted", text: t("g.ref.inexact") }));
    }
    text.append(h("p", { text: t("g.line", { you: fmt2(g.student.waiting), best: polName(g.optimum), bw: fmt2(best ? best.avg.waiting : 0) }) }));
    if (g.departure) {
      const d = g.departure;
      text.append(h("p", { id: "sched-departure", "data-time": d.time, text: t("g.departure", { t: d.time, chosen: d.chosen, best: d.best }) }));
    }
    text.append(h("p", { class: "muted", text: t("g.how") }));
    if (ref && g.score < 100 && Array.isArray(ref.choices)) {
      const replay = h("button", { type: "button", id: "sched-replay-best", class: "btn", text: t("g.replay") });
      replay.addEventListener("click", () => {
        if (st.busy > 0) return;
        st.choices = ref.choices.slice();
        st.times = [];
        schedule(0);
      });
      text.append(h("p", {}, replay));
    }
    const diffs = h("ul", { id: "sched-differences", class: "diffs" });
    if (!g.differences.length) diffs.append(h("li", { class: "good", text: t("s.diff.none") }));
    for (const d of g.differences) {
      diffs.append(h("li", { "data-time": d.time, "data-chosen": d.chosen, "data-shortest": d.shortest, text: t("s.diff", { t: d.time, chosen: d.chosen, shortest: d.shortest }) }));
    }
    text.append(h("h3", { text: t("s.diff.title") }), diffs);
    const tbl = h("table", { class: "metrics compare", id: "sched-grade-table" });
    const head = h("tr", {}, h("th", { scope: "col", text: t("s.col.policy") }));
    for (const c of AVG_COLS) head.append(h("th", { scope: "col", class: "num", text: t(`m.avg.${c}`) }));
    tbl.append(h("thead", {}, head));
    const body = h("tbody");
    const quantumOf = (id) => {
      const p = g.policies.find((x) => x.policy === id);
      return p && p.quantum ? p.quantum : 0;
    };
    for (const r of gradeRows(g)) {
      const q = r.you ? 0 : quantumOf(r.policy);
      const label = r.you ? t("s.you") : polName(r.policy) + (q ? ` (q=${q})` : "") + (r.optimum ? " ★" : "");
      const tr = h(
        "tr",
        { class: (r.you ? "you" : "") + (r.optimum ? " optimum" : ""), "data-policy": r.you ? "you" : r.policy },
        h("th", { scope: "row", text: label })
      );
      for (const c of AVG_COLS) tr.append(h("td", { class: "num", "data-col": c, text: fmt2(r.avg[c]) }));
      body.append(tr);
    }
    tbl.append(body);
    box.append(h("div", { class: "grade-top" }, ring, text), h("div", { class: "table-wrap" }, tbl));
    void names;
  }
  function setMode(mode) {
    st.mode = mode;
    for (const b of document.querySelectorAll("#sched .mode-tab")) b.setAttribute("aria-selected", b.dataset.mode === mode ? "true" : "false");
    for (const p of document.querySelectorAll("#sched .pane")) p.hidden = p.dataset.pane !== mode;
    stopPlay();
    schedule(0);
    api.changed && api.changed();
  }
  function stopPlay() {
    if (st.playing) clearInterval(st.playing);
    st.playing = 0;
    const b = $("sched-play");
    b.classList.remove("playing");
    b.setAttribute("aria-pressed", "false");
  }
  function togglePlay() {
    if (st.playing) {
      stopPlay();
      return;
    }
    if (!st.run) return;
    if (st.time >= st.run.end - 1) setTime(0);
    const b = $("sched-play");
    b.classList.add("playing");
    b.setAttribute("aria-pressed", "true");
    st.playing = setInterval(() => {
      if (!st.run || st.time >= st.run.end - 1) {
        stopPlay();
        return;
      }
      setTime(st.time + 1);
    }, 450);
  }
  function choose(name) {
    if (st.busy > 0 || !st.manual || st.manual.done) return;
    for (const b of document.querySelectorAll("#sched-decision button[data-choice]")) b.disabled = true;
    st.choices = [...st.manual.choices, name];
    st.times = [...st.manual.times, st.manual.decision.time];
    schedule(0);
  }
  function wire0() {
    $("sched-ostep").addEventListener("submit", (e) => {
      e.preventDefault();
      importOstep($("sched-ostep-cmd").value);
    });
    $("sched-ostep-examples").addEventListener("change", (e) => {
      const cmd = e.target.value;
      e.target.value = "";
      if (cmd) importOstep(cmd);
    });
    $("sched-ostep-cmd").addEventListener("input", () => {
      if (st.imp && st.imp.error) {
        st.imp = null;
        drawImport();
      }
    });
    $("sched-mlfq-clear").addEventListener("click", () => {
      delete st.ed.mlfq;
      drawMlfq();
      drawImport();
      edited(false);
    });
    $("sched-examples").addEventListener("click", (e) => {
      const b = e.target.closest("button[data-example]");
      if (b) loadExample(b.dataset.example);
    });
    const jobs = $("sched-jobs");
    jobs.addEventListener("input", (e) => {
      const inp = e.target.closest("input[data-field]");
      if (!inp) return;
      const row = Number(inp.closest("tr").dataset.row);
      const f = inp.dataset.field;
      st.ed.jobs[row][f] = inp.value;
      if (f === "name") {
        const dot = inp.parentElement.querySelector(".dot");
        if (dot) dot.title = inp.value;
      }
      if (st.error && st.error.kind === "client") {
        st.error = null;
        drawError();
        markInvalid();
      }
      edited(false);
    });
    jobs.addEventListener("click", (e) => {
      const b = e.target.closest("button[data-remove]");
      if (!b || st.ed.jobs.length <= 1) return;
      st.ed.jobs.splice(Number(b.dataset.remove), 1);
      st.error = null;
      drawError();
      edited(true);
    });
    $("sched-add-job").addEventListener("click", () => {
      if (st.ed.jobs.length >= jobsMax()) return;
      const last = st.ed.jobs[st.ed.jobs.length - 1];
      st.ed.jobs.push({ name: nextName(st.ed.jobs), arrival: last ? Number(last.arrival) || 0 : 0, bursts: "4", priority: 0, tickets: 100, nice: 0 });
      edited(true);
      const inputs = jobs.querySelectorAll("tbody tr:last-child input");
      if (inputs[2]) {
        inputs[2].focus();
        inputs[2].select();
      }
    });
    const num = (id, key, bounds) => $(id).addEventListener("input", (e) => {
      const v = Number(e.target.value);
      if (!Number.isInteger(v)) return;
      st.ed[key] = clampTo(v, bounds(getLimits()));
      if (key === "quantum") drawPolicies();
      edited(false);
    });
    num("sched-cpus", "cpus", cpusRange);
    num("sched-switch", "switchCost", switchRange);
    num("sched-quantum", "quantum", quantumRange);
    for (const id of ["sched-cpus", "sched-switch", "sched-quantum"]) {
      $(id).addEventListener("change", () => {
        $("sched-cpus").value = st.ed.cpus;
        $("sched-switch").value = st.ed.switchCost;
        $("sched-quantum").value = st.ed.quantum;
      });
    }
    for (const b of document.querySelectorAll("#sched .mode-tab")) b.addEventListener("click", () => setMode(b.dataset.mode));
    $("sched-policy").addEventListener("click", (e) => {
      const b = e.target.closest("button[data-policy]");
      if (!b) return;
      st.policy = b.dataset.policy;
      drawPolicies();
      schedule(0);
    });
    $("sched-time").addEventListener("input", (e) => setTime(Number(e.target.value)));
    $("sched-play").addEventListener("click", togglePlay);
    document.addEventListener("keydown", (e) => {
      if (document.body.dataset.view !== "sched" || st.mode !== "run" || !st.run) return;
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const onButton = e.target && e.target.tagName === "BUTTON";
      switch (e.key) {
        case "ArrowRight":
          e.preventDefault();
          stopPlay();
          setTime(st.time + 1);
          break;
        case "ArrowLeft":
          e.preventDefault();
          stopPlay();
          setTime(st.time - 1);
          break;
        case "Home":
          e.preventDefault();
          stopPlay();
          setTime(0);
          break;
        case "End":
          e.preventDefault();
          stopPlay();
          setTime(st.run.end - 1);
          break;
        case " ":
        case "Spacebar":
          if (!onButton) {
            e.preventDefault();
            togglePlay();
          }
          break;
      }
    });
    $("sched-open-stepper").addEventListener("click", () => {
      if (!st.run) return;
      if (st.lesson && st.run.own && api.openLesson) api.openLesson(st.lesson.id, st.time + 1);
      else if (api.openScenario) api.openScenario(st.run.scenario);
    });
    $("sched-editor").addEventListener("click", (e) => {
      const b = e.target.closest("button[data-sched-lesson]");
      if (b) openLesson(b.dataset.schedLesson);
      else if (e.target.closest("#sched-lesson-back") && st.left) openLesson(st.left.id);
    });
    $("sched-compare-pick").addEventListener("change", (e) => {
      const inp = e.target.closest("input[data-compare]");
      if (!inp) return;
      const set = new Set(st.compare);
      if (inp.checked) set.add(inp.dataset.compare);
      else set.delete(inp.dataset.compare);
      st.compare = POLICY_IDS.filter((p) => set.has(p));
      inp.closest("label").classList.toggle("on", inp.checked);
      schedule(150);
    });
    $("sched-compare-pick").addEventListener("click", (e) => {
      const b = e.target.closest("button");
      if (!b) return;
      st.compare = b.dataset.compareAll ? POLICY_IDS.slice() : [];
      drawComparePick();
      schedule(0);
    });
    $("sched-manual-policy").addEventListener("change", (e) => {
      if (e.target.name !== "sched-mp") return;
      st.manualPolicy = e.target.value;
      st.choices = [];
      st.times = [];
      schedule(0);
    });
    $("sched-decision").addEventListener("click", (e) => {
      const b = e.target.closest("button[data-choice]");
      if (b) choose(b.dataset.choice);
    });
    $("sched-undo").addEventListener("click", () => {
      if (!st.manual) return;
      st.choices = st.manual.choices.slice(0, -1);
      st.times = st.manual.times.slice(0, -1);
      schedule(0);
    });
    $("sched-restart").addEventListener("click", () => {
      st.choices = [];
      st.times = [];
      schedule(0);
    });
  }
  function relabel() {
    drawLessons();
    $("sched-legend").innerHTML = legendHTML();
    drawImportExamples();
    drawImport();
    drawExamples();
    drawJobs();
    drawPolicies();
    drawComparePick();
    drawError();
    if (st.run) drawRun();
    drawCompare();
    if (st.manual) drawManual();
  }
  wire0();
  return {
    show() {
      st.shown = true;
      $("sched").hidden = false;
      relabel();
      for (const b of document.querySelectorAll("#sched .mode-tab")) b.setAttribute("aria-selected", b.dataset.mode === st.mode ? "true" : "false");
      for (const p of document.querySelectorAll("#sched .pane")) p.hidden = p.dataset.pane !== st.mode;
      schedule(0);
    },
    hide() {
      st.shown = false;
      stopPlay();
      $("sched").hidden = true;
    },
    relabel() {
      if (st.shown) relabel();
    },
    // limitsChanged gives the editor's inputs the bounds of a new hello.
    limitsChanged() {
      const lim = getLimits();
      for (const [id, bounds] of [["sched-cpus", cpusRange], ["sched-switch", switchRange], ["sched-quantum", quantumRange]]) {
        const [lo, hi] = bounds(lim);
        $(id).min = String(lo);
        if (hi === void 0) $(id).removeAttribute("max");
        else $(id).max = String(hi);
      }
      if (st.shown) drawJobs();
    },
    resize() {
      if (!st.shown) return;
      if (st.mode === "run" && st.run) drawRun();
      if (st.mode === "compare") drawCompare();
      if (st.mode === "manual" && st.manual) drawManual();
    },
    // openLesson shows a scheduling lesson (its id) in this view.
    openLesson(id, mode) {
      openLesson(id, mode);
    },
    mode() {
      return st.mode;
    },
    // lesson is the id of the lesson shown ('' for none).
    lesson() {
      return st.lesson ? st.lesson.id : "";
    },
    // shareState is what a share link keeps (see share.js).
    shareState() {
      const num = (v) => typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v;
      return {
        ed: {
          cpus: st.ed.cpus,
          switchCost: st.ed.switchCost,
          quantum: st.ed.quantum,
          jobs: st.ed.jobs.map((j) => ({ name: String(j.name), arrival: num(j.arrival), bursts: String(j.bursts), priority: num(j.priority), tickets: num(j.tickets), nice: num(j.nice) })),
          ...st.ed.mlfq ? { mlfq: { quanta: st.ed.mlfq.quanta.slice(), allot: st.ed.mlfq.allot.slice(), boost: st.ed.mlfq.boost || 0 } } : {}
        },
        mode: st.mode,
        policy: st.policy,
        compare: st.compare.slice(),
        manualPolicy: st.manualPolicy,
        choices: st.mode === "manual" && st.manual ? st.manual.choices.slice() : st.choices.slice(),
        time: st.time
      };
    },
    // restore opens a decoded share state.
    restore(s) {
      const lim = getLimits();
      const n = (v, bounds, d) => Number.isInteger(Number(v)) ? clampTo(Number(v), bounds) : d;
      st.ed = {
        cpus: n(s.ed.cpus, cpusRange(lim), 1),
        switchCost: n(s.ed.switchCost, switchRange(lim), 0),
        quantum: n(s.ed.quantum, quantumRange(lim), 2),
        jobs: s.ed.jobs.slice(0, jobsMax()).map((j) => ({ ...j }))
      };
      if (s.ed.mlfq) st.ed.mlfq = { quanta: s.ed.mlfq.quanta.slice(), allot: s.ed.mlfq.allot.slice(), boost: s.ed.mlfq.boost || 0 };
      st.imp = null;
      st.example = null;
      st.lesson = null;
      st.left = null;
      const same = EXAMPLES.find((ex) => JSON.stringify(exampleWorkload(ex.id)) === JSON.stringify({ cpus: st.ed.cpus, switchCost: st.ed.switchCost, quantum: st.ed.quantum, jobs: st.ed.jobs }));
      if (same) st.example = same.id;
      st.policy = POLICY_IDS.includes(s.policy) ? s.policy : "fcfs";
      st.compare = POLICY_IDS.filter((p) => s.compare.includes(p));
      st.manualPolicy = s.manualPolicy === "rr" ? "rr" : "fcfs";
      st.choices = s.choices.slice();
      st.times = [];
      st.time = s.time || 0;
      st.mode = ["run", "compare", "manual"].includes(s.mode) ? s.mode : "run";
      st.run = null;
      st.results = null;
      st.manual = null;
      st.error = null;
      if (st.shown) this.show();
    }
  };
}
export {
  createSchedView,
  polName
};
