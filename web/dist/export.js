import {
  fileName,
  labelColumn,
  parseOrigin,
  pngSize,
  runRequest,
  standaloneSVG,
  styleText,
  transformAttr,
  viewBoxOf
} from "./chunk-SMTB27B2.js";
import {
  encodeShare,
  loadedState
} from "./chunk-65JYWMDR.js";
import {
  backgroundOf
} from "./chunk-2FXQCEFR.js";
import {
  getLang,
  t
} from "./chunk-GO5LWYH4.js";
import "./chunk-J4M4X52N.js";

// js/export.js
var $ = (id) => document.getElementById(id);
var api = null;
var menu = null;
var opener = null;
function initExport(a) {
  api = a;
  const btn = $("btn-export");
  if (btn) btn.addEventListener("click", (e) => {
    e.stopPropagation();
    toggleMenu(btn, { scope: "proc" });
  });
  for (const head of document.querySelectorAll("#sched .chart-card .card-head")) {
    const chart = head.parentElement.querySelector(".chart");
    if (!chart || head.querySelector("[data-export-chart]")) continue;
    const b = document.createElement("button");
    b.type = "button";
    b.className = "btn ghost small export-btn";
    b.dataset.exportChart = chart.id;
    b.dataset.i18nTitle = "export.btn.title";
    b.innerHTML = '<svg class="ico" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 4v11M7 10l5 5 5-5M5 19h14"/></svg> <span data-i18n="export.btn"></span>';
    b.querySelector("span").textContent = t("export.btn");
    b.title = t("export.btn.title");
    b.addEventListener("click", (e) => {
      e.stopPropagation();
      toggleMenu(b, { scope: "gantt", chart: chart.id });
    });
    head.append(b);
  }
  document.addEventListener("click", (e) => {
    if (menu && !menu.hidden && !menu.contains(e.target)) closeMenu(false);
  });
  document.addEventListener("keydown", (e) => {
    if (!menu || menu.hidden) return;
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      closeMenu(true);
      return;
    }
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      const items = [...menu.querySelectorAll("button:not([disabled]), a[href]")];
      if (!items.length) return;
      e.preventDefault();
      const i = items.indexOf(document.activeElement);
      const next = e.key === "ArrowDown" ? (i + 1) % items.length : (i - 1 + items.length) % items.length;
      items[next].focus();
    }
  }, true);
}
function makeMenu() {
  menu = document.createElement("div");
  menu.id = "export-menu";
  menu.className = "export-menu";
  menu.setAttribute("role", "dialog");
  menu.hidden = true;
  document.body.append(menu);
  menu.addEventListener("click", (e) => {
    const b = e.target.closest("[data-export]");
    if (!b || b.disabled) return;
    if (b.tagName === "A") {
      closeMenu(false);
      return;
    }
    e.preventDefault();
    run(b.dataset.export, menu.dataset.chart || "").catch((err) => say("export.failed", { why: err && err.message ? err.message : String(err) }, true));
  });
}
function toggleMenu(btn, ctx) {
  if (menu && !menu.hidden && opener === btn) {
    closeMenu(true);
    return;
  }
  openMenu(btn, ctx);
}
function closeMenu(focusBack) {
  if (!menu) return;
  menu.hidden = true;
  if (opener) opener.setAttribute("aria-expanded", "false");
  if (focusBack && opener) opener.focus();
}
function drawings() {
  return {
    diagram: document.querySelector("#diagram svg.state-diagram"),
    // The timeline paints a canvas; its SVG is built when exported (run).
    timeline: document.querySelector("#timeline canvas.tl-canvas"),
    waitfor: waitForSVG()
  };
}
function waitForSVG() {
  const side = $("race-side");
  if (!side || side.hidden) return null;
  const all = document.querySelectorAll("#problems svg.wait-cycle");
  return all.length ? all[all.length - 1] : null;
}
function openMenu(btn, ctx) {
  if (!menu) makeMenu();
  opener = btn;
  btn.setAttribute("aria-expanded", "true");
  menu.dataset.scope = ctx.scope;
  menu.dataset.chart = ctx.chart || "";
  menu.setAttribute("aria-label", t("export.title"));
  menu.replaceChildren();
  const h = document.createElement("h2");
  h.textContent = t("export.title");
  menu.append(h);
  const st = api ? api.state() : {};
  const pair = (label, key, el, note) => {
    const row = document.createElement("div");
    row.className = "export-row";
    const name = document.createElement("span");
    name.className = "export-name";
    name.textContent = t(label);
    row.append(name);
    for (const ext of ["svg", "png"]) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "btn small";
      b.dataset.export = `${key}-${ext}`;
      b.textContent = t(`export.${ext}`);
      b.title = t(`export.${ext}.title`);
      b.disabled = !el;
      row.append(b);
    }
    if (!el && note) {
      const p = document.createElement("p");
      p.className = "export-note muted";
      p.textContent = t(note);
      row.append(p);
    }
    menu.append(row);
  };
  if (ctx.scope === "gantt") {
    pair("export.gantt", "gantt", ganttSVG(ctx.chart));
  } else {
    const d = drawings();
    const loaded = !!(st.loaded && st.viewName !== "sched");
    pair("export.diagram", "diagram", loaded ? d.diagram : null, loaded ? null : "export.nothing");
    pair("export.timeline", "timeline", loaded ? d.timeline : null);
    if (st.loaded && (d.waitfor || document.body.classList.contains("race-lab"))) pair("export.waitfor", "waitfor", d.waitfor, "export.waitfor.none");
    const req = st.loaded ? runRequest(loadedState(st.loaded, st.step), st.semantics) : null;
    const row = document.createElement("div");
    row.className = "export-row export-run";
    const tr = document.createElement("button");
    tr.type = "button";
    tr.className = "btn small";
    tr.dataset.export = "trace";
    tr.textContent = t("export.trace");
    tr.title = t("export.trace.title");
    tr.disabled = !req;
    const ho = document.createElement("a");
    ho.className = "btn small primary";
    ho.dataset.export = "handout";
    ho.target = "_blank";
    ho.rel = "noopener";
    ho.textContent = t("export.handout");
    ho.title = t("export.handout.title");
    row.append(tr, ho);
    if (st.loaded && !req) {
      const p = document.createElement("p");
      p.className = "export-note muted";
      p.textContent = t("export.ostep");
      row.append(p);
    }
    menu.append(row);
    if (req) {
      encodeShare({ ...loadedState(st.loaded, st.step), semantics: st.semantics || void 0, lang: getLang() }).then((hash) => {
        ho.href = "handout.html" + hash;
      }).catch(() => {
      });
    } else ho.setAttribute("aria-disabled", "true");
  }
  const status = document.createElement("p");
  status.id = "export-status";
  status.className = "export-status";
  status.setAttribute("role", "status");
  menu.append(status);
  const close = document.createElement("button");
  close.type = "button";
  close.className = "close";
  close.textContent = "×";
  close.setAttribute("aria-label", t("export.close"));
  close.addEventListener("click", () => closeMenu(true));
  menu.append(close);
  menu.hidden = false;
  place(btn);
  const first = menu.querySelector("[data-export]:not([disabled])");
  if (first) first.focus();
}
function place(btn) {
  const r = btn.getBoundingClientRect();
  const w = menu.offsetWidth, hgt = menu.offsetHeight;
  const left = Math.max(8, Math.min(window.innerWidth - w - 8, r.right - w));
  let top = r.bottom + 6;
  if (top + hgt > window.innerHeight - 8) top = Math.max(8, r.top - hgt - 6);
  menu.style.left = `${left + window.scrollX}px`;
  menu.style.top = `${top + window.scrollY}px`;
}
function ganttSVG(id) {
  const c = id ? $(id) : null;
  return c && c.offsetParent !== null ? c.querySelector("svg") : null;
}
function say(key, params, error) {
  const s = $("export-status");
  if (!s) return;
  s.textContent = t(key, params);
  s.classList.toggle("error", !!error);
}
async function run(what, chart) {
  const st = api ? api.state() : {};
  const lesson = st.loaded ? st.loaded.lesson || (st.loaded.lang === "go" ? "go" : "scenario") : "run";
  const step = Number.isInteger(st.step) ? st.step : null;
  if (what === "trace") return saveTrace(st, lesson);
  const [kind, ext] = what.split("-");
  let svg = null, name;
  if (kind === "gantt") {
    svg = ganttSVG(chart);
    const policy = svg && svg.querySelector("[data-policy]") ? svg.querySelector("[data-policy]").dataset.policy : "";
    const mode = { "sched-gantt": "run", "sched-compare-gantt": "compare", "sched-manual-gantt": "manual" }[chart] || "chart";
    name = fileName({ lesson: "sched", step: null, what: [mode, mode === "run" ? policy : "", "gantt"].filter(Boolean).join("-"), ext });
  } else {
    svg = drawings()[kind];
    if (kind === "timeline" && svg) svg = svg.closest("#timeline").timeline.exportSVG();
    name = fileName({ lesson, step, what: kind === "waitfor" ? "wait-for" : kind, ext });
  }
  if (!svg) return;
  say("export.busy", { file: name });
  const titleKey = { diagram: "export.diagram", timeline: "export.timeline", waitfor: "export.waitfor", gantt: "export.gantt" }[kind];
  let file;
  try {
    const left = kind === "timeline" ? timelineLabels(svg) : null;
    file = svgFile(svg, st.loaded ? `${t(titleKey)} · ${lesson}${step !== null && kind !== "gantt" ? ` · ${t("handout.step", { n: step })}` : ""}` : t(titleKey), left);
  } finally {
    if (typeof svg.release === "function") svg.release();
  }
  const blob = ext === "png" ? await pngBlob(file.text, file.width, file.height) : new Blob([file.text], { type: "image/svg+xml;charset=utf-8" });
  download(blob, name);
  saved(name);
}
function saved(name) {
  say("export.done", { file: name });
  const s = $("export-status");
  if (s) s.dataset.file = name;
}
async function saveTrace(st, lesson) {
  const req = st.loaded ? runRequest(loadedState(st.loaded, st.step), st.semantics) : null;
  if (!req) return;
  const name = fileName({ lesson, step: null, what: "trace", ext: "jsonl" });
  say("export.busy", { file: name });
  const resp = await fetch("api/trace", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(req) });
  if (!resp.ok) {
    let why = `HTTP ${resp.status}`;
    try {
      const e = await resp.json();
      why = e.message || why;
    } catch {
    }
    throw new Error(why);
  }
  const blob = await resp.blob();
  download(new Blob([blob], { type: "application/x-ndjson" }), name);
  saved(name);
}
function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 6e4);
}
function timelineLabels(svg) {
  const wrap = svg.closest(".tl-wrap");
  const box = wrap && wrap.querySelector(".tl-labels");
  if (!box) return null;
  const rows = [];
  for (const r of box.children) {
    if (r.classList.contains("tl-spacer")) continue;
    const cs = getComputedStyle(r);
    const dot = r.querySelector(".dot");
    const st = r.querySelector(".st");
    let text = r.textContent;
    if (st) text = text.slice(0, text.length - st.textContent.length);
    rows.push({
      h: r.getBoundingClientRect().height,
      text: r.classList.contains("tl-sep") ? "" : text.replace(/\s+/g, " ").trim(),
      fill: cs.color,
      size: parseFloat(cs.fontSize) || 14,
      weight: cs.fontWeight,
      dot: dot ? getComputedStyle(dot).backgroundColor : "",
      badge: st ? st.textContent : ""
    });
  }
  const width = Math.ceil(box.getBoundingClientRect().width) || 140;
  return { markup: labelColumn(rows, width), width };
}
function svgFile(svg, title, left = null) {
  svg.classList.add("exporting");
  try {
    return serialise(svg, title, left);
  } finally {
    svg.classList.remove("exporting");
  }
}
function serialise(svg, title, left) {
  const clone = svg.cloneNode(true);
  clone.classList.remove("exporting");
  const src = [...svg.querySelectorAll("*")];
  const dst = [...clone.querySelectorAll("*")];
  for (let i = 0; i < src.length; i++) {
    const s = src[i], d = dst[i];
    const cs2 = getComputedStyle(s);
    const style = styleText((p) => cs2.getPropertyValue(p), s.localName);
    if (style) d.setAttribute("style", style);
    else d.removeAttribute("style");
    const tr = cs2.transform;
    if (tr && tr !== "none") {
      let [ox, oy] = parseOrigin(cs2.transformOrigin);
      if (cs2.transformBox === "fill-box" && s.getBBox) {
        try {
          const bb = s.getBBox();
          ox += bb.x;
          oy += bb.y;
        } catch {
        }
      }
      const attr = transformAttr(tr, ox, oy);
      if (attr) d.setAttribute("transform", attr);
      else d.removeAttribute("transform");
    }
  }
  const rect = svg.getBoundingClientRect();
  const box = viewBoxOf(svg.getAttribute("viewBox"), svg.getAttribute("width") || rect.width, svg.getAttribute("height") || rect.height);
  const ser = new XMLSerializer();
  let inner = [...clone.childNodes].map((n) => ser.serializeToString(n)).join("");
  const cs = getComputedStyle(svg);
  let width = rect.width || box[2];
  const height = rect.height || box[3];
  let bx = box;
  if (left) {
    inner = left.markup + `<g transform="translate(${left.width} 0)">${inner}</g>`;
    bx = [box[0], box[1], box[2] + left.width, box[3]];
    width += left.width;
  }
  const text = standaloneSVG({ inner, box: bx, width: bx[2], height: bx[3], background: backgroundOf(svg), font: cs.fontFamily, title, lang: getLang() });
  return { text, width, height };
}
async function pngBlob(svgText, cssW, cssH) {
  const { width, height } = pngSize(cssW, cssH, 2);
  const url = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svgText);
  {
    const img = await new Promise((resolve, reject) => {
      const im = new Image();
      im.onload = () => resolve(im);
      im.onerror = () => reject(new Error("the SVG could not be drawn as a picture"));
      im.src = url;
    });
    const c = document.createElement("canvas");
    c.width = width;
    c.height = height;
    c.getContext("2d").drawImage(img, 0, 0, width, height);
    return await new Promise((resolve, reject) => c.toBlob((b) => b ? resolve(b) : reject(new Error("the canvas made no PNG")), "image/png"));
  }
}
export {
  initExport,
  pngBlob,
  svgFile
};
