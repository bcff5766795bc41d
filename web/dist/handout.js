import {
  chooseNarration,
  declOf,
  narrationText,
  whoFor
} from "./chunk-6KQUN4NO.js";
import {
  runRequest
} from "./chunk-SMTB27B2.js";
import {
  applyEvents,
  createDiagram,
  fromSnapshot
} from "./chunk-X7FJ6C55.js";
import {
  renderExplain
} from "./chunk-KMHT7RCN.js";
import {
  decodeShare
} from "./chunk-65JYWMDR.js";
import "./chunk-2FXQCEFR.js";
import {
  getLang,
  pick,
  pickLang,
  setLang,
  t
} from "./chunk-GO5LWYH4.js";
import {
  getLimits,
  setLimits
} from "./chunk-J4M4X52N.js";

// js/handout.js
var LANG_KEY = "proclab.lang";
var $ = (id) => document.getElementById(id);
var ROUTINE = /* @__PURE__ */ new Set(["state.dispatch", "*", "switch", "ran", "other"]);
var page = { views: null, state: null, error: null };
function storedLang() {
  try {
    return localStorage.getItem(LANG_KEY);
  } catch {
    return null;
  }
}
function listed(n, total, choice, all) {
  if (all || n === 1 || n === total) return true;
  return !!choice && !ROUTINE.has(choice.category);
}
async function start() {
  $("handout-lang").addEventListener("click", () => {
    setLang(getLang() === "en" ? "zh-CN" : "en");
    try {
      localStorage.setItem(LANG_KEY, getLang());
    } catch {
    }
    draw();
  });
  $("handout-all").addEventListener("change", draw);
  $("handout-print").addEventListener("click", () => window.print());
  setLang(pickLang(navigator.languages || [navigator.language], storedLang()));
  labels();
  try {
    const lr = await fetch("api/limits");
    if (!lr.ok) throw new Error(`HTTP ${lr.status}`);
    setLimits(await lr.json());
    const d = await decodeShare(location.hash, getLimits());
    if (!d.ok || d.state.view === "sched") {
      fail("handout.bad");
      return;
    }
    page.state = d.state;
    if (d.state.lang) setLang(d.state.lang);
    const req = runRequest(d.state, d.state.semantics);
    if (!req) {
      fail("handout.bad");
      return;
    }
    const resp = await fetch("api/views", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(req) });
    const body = await resp.json();
    if (!resp.ok) {
      fail("handout.failed", { why: body && body.message ? body.message : `HTTP ${resp.status}` });
      return;
    }
    page.views = body;
    draw();
  } catch (err) {
    fail("handout.failed", { why: err && err.message ? err.message : String(err) });
  }
}
function labels() {
  document.documentElement.lang = getLang();
  for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.dataset.i18n);
  const lb = $("handout-lang");
  lb.textContent = t("btn.lang");
  lb.lang = getLang() === "en" ? "zh-CN" : "en";
}
function fail(key, params) {
  page.error = { key, params };
  labels();
  const s = $("handout-status");
  s.textContent = t(key, params);
  s.classList.add("error");
  s.hidden = false;
  $("handout").removeAttribute("aria-busy");
  document.body.dataset.ready = "error";
}
function draw() {
  labels();
  if (page.error) {
    fail(page.error.key, page.error.params);
    return;
  }
  const v = page.views;
  if (!v) {
    $("handout-status").textContent = t("handout.loading");
    return;
  }
  const l = v.loaded;
  const title = l.lesson ? pick(l.title) || l.lesson : pick(l.title) || t("handout.scenario");
  document.title = `${title} · ${t("handout.doc")}`;
  $("handout-title").textContent = title;
  renderExplain($("handout-explain"), pick(l.explain) || "", t("lesson.misconception"));
  const seed = l.seed || 0;
  $("handout-run").textContent = t(l.cpus === 1 ? "handout.run.one" : "handout.run", { seed, cpus: l.cpus, policy: String(l.policy || "").toUpperCase() + (l.quantum ? ` ${l.quantum}` : ""), total: v.total });
  const all = $("handout-all").checked;
  $("handout-rule").textContent = all ? "" : t("handout.rule");
  $("handout-rule").hidden = all;
  const programs = l.programs || [];
  const decl = declOf(l);
  const threads = /* @__PURE__ */ new Set();
  let view = fromSnapshot(v.snapshot, programs, decl);
  const list = $("handout-steps");
  list.replaceChildren();
  const last = v.steps.length ? v.steps[v.steps.length - 1].step : 0;
  let n = 0;
  for (const msg of v.steps) {
    view = applyEvents(view, msg, programs, decl);
    for (const x of view.tasks) if (programs[x.program] && programs[x.program].thread) threads.add(x.pid);
    const cols = view.columns;
    const col = cols.length && cols.step(cols.length - 1) === msg.step ? cols.last() : null;
    const choice = chooseNarration({
      step: msg.step,
      items: view.log.itemsAt(msg.step),
      ran: view.ran,
      column: col,
      tasks: view.tasks,
      programs,
      who: whoFor(view.names, threads)
    });
    if (!listed(msg.step, last, choice, all)) continue;
    n++;
    const li = document.createElement("li");
    li.className = "handout-step";
    li.dataset.step = String(msg.step);
    li.dataset.category = choice ? choice.category : "";
    const h = document.createElement("h2");
    h.textContent = t("handout.step", { n: msg.step });
    const p = document.createElement("p");
    p.className = "handout-narration";
    const text = choice ? narrationText(choice, msg.step) : "";
    const prefix = t("log.step", { n: msg.step });
    p.textContent = text.startsWith(prefix) ? text.slice(prefix.length).replace(/^[\s：:]+/, "") : text;
    const fig = document.createElement("div");
    fig.className = "handout-diagram";
    li.append(h, p, fig);
    list.append(li);
    const d = createDiagram(fig, { keep: true });
    d.render(view, { animate: false, cpus: l.cpus });
  }
  list.dataset.listed = String(n);
  list.dataset.total = String(v.total);
  const s = $("handout-status");
  s.classList.remove("error");
  s.textContent = t("handout.steps", { n, total: v.total }) + (v.truncated ? " " + t("handout.cut", { n: v.steps.length, total: v.total }) : "");
  s.hidden = false;
  $("handout-made").textContent = t("handout.made", { link: location.origin + "/" + location.hash });
  $("handout").removeAttribute("aria-busy");
  $("handout-print").disabled = false;
  document.body.dataset.ready = "1";
}
start();
export {
  ROUTINE,
  listed
};
