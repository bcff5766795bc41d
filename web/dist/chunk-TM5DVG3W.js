import {
  t
} from "./chunk-GO5LWYH4.js";
import {
  getLimits
} from "./chunk-J4M4X52N.js";

// js/presenter.js
var THEME_KEY = "proclab.theme";
var SIZE_KEY = "proclab.textSize";
var THEMES = ["auto", "light", "dark", "contrast"];
var SIZES = [0.9, 1, 1.15, 1.3, 1.5];
var DEFAULT_SIZE = 1;
function resolveTheme(choice, prefersDark) {
  if (choice === "light" || choice === "dark" || choice === "contrast") return choice;
  return prefersDark ? "dark" : "light";
}
function readTheme(stored) {
  return THEMES.includes(stored) ? stored : "auto";
}
function readSize(stored) {
  const n = Number(stored);
  return stored !== null && stored !== "" && Number.isInteger(n) && n >= 0 && n < SIZES.length ? n : DEFAULT_SIZE;
}
function stepSize(i, delta) {
  return Math.max(0, Math.min(SIZES.length - 1, i + delta));
}
function jumpText(msg, who, tr = t) {
  const p = who(msg.task), q = msg.other ? who(msg.other) : "";
  const r = msg.reason;
  let key = `jump.${r}`;
  if (!q && (r === "fork" || r === "race" || r === "deadlock")) key = r === "fork" ? "jump.fork.nobody" : `jump.${r}.one`;
  return [tr("jump.head", { n: msg.step }), tr(key, { p, q })];
}
function noneText(msg, total, tr = t) {
  return msg.complete === false ? tr("jump.none.partial", { n: msg.from, to: msg.searched }) : tr("jump.none", { n: msg.from, total });
}
var $ = (id) => document.getElementById(id);
var store = {
  get(k) {
    try {
      return localStorage.getItem(k);
    } catch {
      return null;
    }
  },
  set(k, v) {
    try {
      localStorage.setItem(k, v);
    } catch {
    }
  }
};
var api = null;
var jump = null;
var fullscreen = "";
function setFullscreen(v) {
  fullscreen = v;
  if (v) document.body.dataset.fullscreen = v;
  else delete document.body.dataset.fullscreen;
}
function fullscreenEntered() {
  if (fullscreen !== "asking" || !document.fullscreenElement) return;
  setFullscreen("on");
  if (!isPresenting()) leaveFullscreen();
}
function fullscreenGranted() {
  if (fullscreen !== "asking") return;
  if (document.fullscreenElement) {
    fullscreenEntered();
    return;
  }
  setFullscreen("");
  if (isPresenting()) togglePresenter(false);
}
function leaveFullscreen() {
  setFullscreen("");
  if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(() => {
  });
}
var dark = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
function isPresenting() {
  return document.body.classList.contains("presenter");
}
function togglePresenter(on = !isPresenting()) {
  const view = document.body.dataset.view;
  if (on && view && view !== "proc") return;
  document.body.classList.toggle("presenter", on);
  const b = $("btn-present");
  if (b) {
    b.setAttribute("aria-pressed", on ? "true" : "false");
    relabel();
  }
  if (on) window.scrollTo(0, 0);
  const root = document.documentElement;
  if (on && !document.fullscreenElement && root.requestFullscreen) {
    setFullscreen("asking");
    root.requestFullscreen({ navigationUI: "hide" }).then(fullscreenGranted, () => {
      if (fullscreen === "asking") setFullscreen("");
    });
  } else if (!on && fullscreen === "on") {
    leaveFullscreen();
  }
  window.dispatchEvent(new Event("resize"));
}
function nextInteresting() {
  if (!api) return;
  const st = api.state();
  if (!st.loaded) return;
  if (st.step >= st.total) {
    onInteresting({ found: false, from: st.step, searched: st.step, complete: true });
    return;
  }
  api.send({ type: "next_interesting" });
}
function onInteresting(msg) {
  jump = msg && typeof msg === "object" ? msg : null;
  drawJump();
}
function changeSize(delta) {
  applySize(stepSize(readSize(store.get(SIZE_KEY)), delta), true);
}
function applySize(i, save) {
  const root = document.documentElement;
  if (i === DEFAULT_SIZE) {
    delete root.dataset.textSize;
    root.style.removeProperty("--text-scale");
  } else {
    root.dataset.textSize = String(i);
    root.style.setProperty("--text-scale", String(SIZES[i]));
  }
  if (save) store.set(SIZE_KEY, String(i));
  const v = $("size-value");
  if (v) v.textContent = t("size.value", { n: Math.round(SIZES[i] * 100) });
  if ($("size-down")) $("size-down").disabled = i === 0;
  if ($("size-up")) $("size-up").disabled = i === SIZES.length - 1;
  window.dispatchEvent(new Event("resize"));
}
function applyTheme(choice, save) {
  const root = document.documentElement;
  root.dataset.themeChoice = choice;
  root.dataset.theme = resolveTheme(choice, !!(dark && dark.matches));
  if (save) store.set(THEME_KEY, choice);
  const sel = $("theme-select");
  if (sel) sel.value = choice;
}
function drawJump() {
  const note = $("jump-note");
  if (!note) return;
  const st = api ? api.state() : { step: -1 };
  const shown = jump && (jump.found ? jump.step === st.step : jump.from === st.step);
  if (!shown) {
    if (jump && jump.shown) jump = null;
    if (note.hidden && !note.firstChild) return;
    note.hidden = true;
    note.replaceChildren();
    delete note.dataset.reason;
    delete note.dataset.step;
    return;
  }
  note.replaceChildren();
  if (jump.found) {
    const [head, what] = jumpText(jump, api.who);
    const b = document.createElement("strong");
    b.textContent = head;
    note.append(b, head.endsWith("：") ? what : ` ${what}`);
    note.dataset.reason = jump.reason;
    note.dataset.step = String(jump.step);
  } else {
    note.textContent = noneText(jump, st.total);
    note.dataset.reason = "none";
    note.dataset.step = String(jump.from);
  }
  note.classList.toggle("none", !jump.found);
  note.hidden = false;
  jump.shown = true;
}
function relabel() {
  const b = $("btn-present");
  if (b) {
    const label = isPresenting() ? t("present.leave") : t("present.title");
    b.title = label;
    b.setAttribute("aria-label", isPresenting() ? t("present.leave") : t("present.btn"));
  }
  const sel = $("theme-select");
  if (sel) for (const o of sel.options) o.textContent = t(`theme.${o.value}`);
  applySize(readSize(store.get(SIZE_KEY)), false);
  drawJump();
}
function placeMenu() {
  const menu = $("display-menu"), b = $("btn-display");
  if (!menu || !b) return;
  const r = b.getBoundingClientRect();
  const vh = document.documentElement.clientHeight, vw = document.documentElement.clientWidth;
  if (r.top > vh / 2) {
    menu.style.top = "auto";
    menu.style.bottom = `${Math.round(vh - r.top + 6)}px`;
  } else {
    menu.style.bottom = "auto";
    menu.style.top = `${Math.round(r.bottom + 6)}px`;
  }
  menu.style.right = "auto";
  menu.style.left = `${Math.max(8, Math.min(Math.round(r.left), vw - (menu.offsetWidth || 300) - 8))}px`;
}
function initPresenter(a) {
  api = a;
  applyTheme(readTheme(store.get(THEME_KEY)), false);
  if (dark && dark.addEventListener) dark.addEventListener("change", () => applyTheme(readTheme(store.get(THEME_KEY)), false));
  window.addEventListener("beforeprint", () => {
    const root = document.documentElement;
    if (root.dataset.theme !== "dark") return;
    root.dataset.printTheme = "light";
    root.dataset.theme = "light";
  });
  window.addEventListener("afterprint", () => {
    const root = document.documentElement;
    if (!root.dataset.printTheme) return;
    delete root.dataset.printTheme;
    applyTheme(readTheme(store.get(THEME_KEY)), false);
  });
  $("btn-present").addEventListener("click", () => togglePresenter());
  $("btn-next").addEventListener("click", nextInteresting);
  $("theme-select").addEventListener("change", (e) => applyTheme(readTheme(e.target.value), true));
  $("size-down").addEventListener("click", () => changeSize(-1));
  $("size-up").addEventListener("click", () => changeSize(1));
  const menu = $("display-menu");
  for (const ev of ["beforetoggle", "toggle"]) menu.addEventListener(ev, (e) => {
    if (e.newState === "open") placeMenu();
  });
  if (!menu.showPopover) {
    $("btn-display").addEventListener("click", () => {
      menu.classList.toggle("open");
      placeMenu();
    });
  }
  document.addEventListener("fullscreenchange", () => {
    if (document.fullscreenElement) {
      fullscreenEntered();
      return;
    }
    if (fullscreen !== "on") return;
    setFullscreen("");
    if (isPresenting()) togglePresenter(false);
  });
  new MutationObserver(() => {
    const view = document.body.dataset.view;
    if (isPresenting() && view && view !== "proc") togglePresenter(false);
  }).observe(document.body, { attributes: true, attributeFilter: ["data-view"] });
  if (typeof ResizeObserver === "function") {
    const root = document.documentElement;
    const top = document.querySelector("header.top"), bottom = $("controls");
    new ResizeObserver(() => {
      if (top) root.style.setProperty("--pr-top", `${Math.ceil(top.getBoundingClientRect().height)}px`);
      if (bottom) root.style.setProperty("--pr-bottom", `${Math.ceil(bottom.getBoundingClientRect().height)}px`);
    }).observe(top || root);
    if (bottom) new ResizeObserver(() => root.style.setProperty("--pr-bottom", `${Math.ceil(bottom.getBoundingClientRect().height)}px`)).observe(bottom);
  }
  const counter = $("step-counter");
  if (counter) new MutationObserver(drawJump).observe(counter, { attributes: true, attributeFilter: ["data-step"] });
  new MutationObserver(relabel).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
  relabel();
}

// js/controls.js
function speedRange(limits) {
  const lo = limits && limits.min_speed, hi = limits && limits.max_speed;
  return typeof lo === "number" && typeof hi === "number" && lo > 0 && hi > lo ? [lo, hi] : null;
}
function speedFromSlider(v, [lo, hi]) {
  const s = lo * (hi / lo) ** (Math.max(0, Math.min(100, v)) / 100);
  const r = s < 2 ? Math.round(s * 10) / 10 : s < 10 ? Math.round(s * 2) / 2 : Math.round(s);
  return Math.max(lo, Math.min(hi, r));
}
function sliderFromSpeed(s, [lo, hi]) {
  const c = Math.max(lo, Math.min(hi, s));
  return Math.round(100 * Math.log(c / lo) / Math.log(hi / lo));
}
function typing(target) {
  if (!target || !target.closest) return false;
  const dlg = target.closest("dialog");
  if (dlg) return dlg.open;
  const tag = target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
}
function initControls(api2) {
  const $2 = (id) => document.getElementById(id);
  const play = () => {
    const st = api2.state();
    if (!st.loaded) return;
    if (st.playing) {
      api2.send({ type: "pause" });
      return;
    }
    if (st.step >= st.total) api2.send({ type: "reset" });
    api2.send({ type: "play", speed: st.speed });
  };
  const actions = {
    reset: () => api2.state().loaded && api2.send({ type: "reset" }),
    back: () => api2.state().loaded && api2.send({ type: "back" }),
    step: () => api2.state().loaded && api2.send({ type: "step" }),
    // end seeks to the last step recorded.
    end: () => {
      const st = api2.state();
      if (st.loaded && st.total > st.step) api2.send({ type: "seek", step: st.total });
    },
    play
  };
  $2("btn-reset").addEventListener("click", actions.reset);
  $2("btn-back").addEventListener("click", actions.back);
  $2("btn-step").addEventListener("click", actions.step);
  $2("btn-play").addEventListener("click", actions.play);
  const speed = $2("speed");
  speed.addEventListener("input", () => {
    const range = speedRange(getLimits());
    if (!range) return;
    const s = speedFromSlider(Number(speed.value), range);
    api2.setSpeed(s);
    renderSpeed(s);
    if (api2.state().playing) api2.send({ type: "play", speed: s });
  });
  const scrub = $2("scrubber");
  let timer = 0;
  const seek = () => {
    const n = Number(scrub.value);
    if (String(n) !== scrub.dataset.sent && api2.state().loaded) {
      scrub.dataset.sent = String(n);
      api2.send({ type: "seek", step: n });
    }
  };
  scrub.addEventListener("input", () => {
    if (!timer) timer = setTimeout(() => {
      timer = 0;
      seek();
    }, 70);
  });
  scrub.addEventListener("change", () => {
    clearTimeout(timer);
    timer = 0;
    seek();
  });
  scrub.addEventListener("pointerdown", () => {
    delete scrub.dataset.sent;
    scrub.dataset.dragging = "1";
  });
  scrub.addEventListener("pointerup", () => {
    delete scrub.dataset.dragging;
  });
  document.addEventListener("keydown", (e) => {
    if (e.defaultPrevented) return;
    const stepsOnList = e.target && e.target.id === "lesson-select" && (e.key === "ArrowLeft" || e.key === "ArrowRight");
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) && !stepsOnList) return;
    const onButton = e.target && e.target.tagName === "BUTTON";
    switch (e.key) {
      case "ArrowRight":
        e.preventDefault();
        actions.step();
        break;
      case "ArrowLeft":
        e.preventDefault();
        actions.back();
        break;
      case "Home":
        e.preventDefault();
        actions.reset();
        break;
      case "End":
        e.preventDefault();
        actions.end();
        break;
      case "?":
        e.preventDefault();
        openKeys();
        break;
      // Issue 12, part 2: presenter mode, the next interesting event, text size.
      case "f":
      case "F":
        e.preventDefault();
        togglePresenter();
        break;
      // An open menu or dialog takes Esc first: the browser closes it
      // (a default prevented here would keep it open), and presenter mode
      // stays on for the next Esc.
      case "Escape":
        if (isPresenting() && !overlayOpen()) {
          e.preventDefault();
          togglePresenter(false);
        }
        break;
      case "n":
      case "N":
        e.preventDefault();
        nextInteresting();
        break;
      case "+":
      case "=":
        e.preventDefault();
        changeSize(1);
        break;
      case "-":
      case "_":
        e.preventDefault();
        changeSize(-1);
        break;
      case " ":
      case "Spacebar":
        if (onButton) return;
        e.preventDefault();
        actions.play();
        break;
    }
  });
  $2("btn-keys").addEventListener("click", openKeys);
  document.addEventListener("click", (e) => {
    const b = e.target && e.target.closest ? e.target.closest("button") : null;
    if (b && e.detail > 0 && !b.closest("dialog")) b.blur();
  });
  renderSpeed(api2.state().speed);
  placeSpeed(api2.state().speed);
  return actions;
}
var KEYS = [
  ["→", "keys.step"],
  ["←", "keys.back"],
  ["keys.space", "keys.play"],
  ["Home", "keys.reset"],
  ["End", "keys.end"],
  ["N", "keys.next"],
  // issue 12, part 2
  ["F", "keys.present"],
  ["+ −", "keys.size"],
  ["?", "keys.help"],
  ["Esc", "keys.close"]
];
function keyRows() {
  return KEYS.map(([k, what]) => [k.startsWith("keys.") ? t(k) : k, t(what)]);
}
function overlayOpen() {
  try {
    return !!document.querySelector(":popover-open, dialog[open], #display-menu.open");
  } catch {
    return !!document.querySelector("dialog[open], #display-menu.open");
  }
}
function openKeys() {
  const dlg = document.getElementById("keys-dialog");
  if (!dlg || dlg.open) return;
  const table = document.getElementById("keys-table");
  table.replaceChildren();
  for (const [k, what] of keyRows()) {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    const kbd = document.createElement("kbd");
    kbd.textContent = k;
    th.append(kbd);
    const td = document.createElement("td");
    td.textContent = what;
    tr.append(th, td);
    table.append(tr);
  }
  dlg.showModal();
}
function placeSpeed(s) {
  const speed = document.getElementById("speed");
  const range = speedRange(getLimits());
  speed.disabled = !range;
  if (!range) return s;
  speed.value = String(sliderFromSpeed(s, range));
  return Math.max(range[0], Math.min(range[1], s));
}
function renderSpeed(s) {
  const out = document.getElementById("speed-value");
  if (out) out.textContent = t("speed.value", { v: s });
  const slider = document.getElementById("speed");
  if (slider) slider.setAttribute("aria-valuetext", t("speed.value", { v: s }));
}
var LIVE_WHILE_STEPPING = ["narration", "vars", "output", "pipes", "shm", "sockets", "memory", "switch-rows"];
function renderControls(st) {
  const $2 = (id) => document.getElementById(id);
  const text = (e, s) => {
    if (e && e.textContent !== s) e.textContent = s;
  };
  const attr = (e, k, v) => {
    if (e.getAttribute(k) !== v) e.setAttribute(k, v);
  };
  const counter = $2("step-counter");
  const live = st.playing ? "off" : "polite";
  for (const id of LIVE_WHILE_STEPPING) {
    const e = $2(id);
    if (e) attr(e, "aria-live", live);
  }
  attr(counter, "data-step", String(st.step));
  attr(counter, "data-total", String(st.total));
  const [before, after = ""] = t("counter.frame").split("{n} / {total}");
  text(counter.querySelector(".lbl"), before.trim());
  text(counter.querySelector(".lbl-after"), after.trim());
  fitCounter(counter, st.step, st.total);
  text(counter.querySelector(".n"), String(st.step));
  text(counter.querySelector(".total"), String(st.total));
  const scrub = $2("scrubber");
  if (scrub.max !== String(st.total)) scrub.max = String(st.total);
  if (!scrub.dataset.dragging) {
    if (scrub.value !== String(st.step)) scrub.value = String(st.step);
    delete scrub.dataset.sent;
  }
  const fill = st.total ? `${100 * st.step / st.total}%` : "0%";
  if (scrub.style.getPropertyValue("--fill") !== fill) scrub.style.setProperty("--fill", fill);
  attr(scrub, "aria-valuetext", t("counter.frame", { n: st.step, total: st.total }));
  const playBtn = $2("btn-play");
  playBtn.classList.toggle("playing", !!st.playing);
  attr(playBtn, "aria-pressed", st.playing ? "true" : "false");
  attr(playBtn, "aria-label", st.playing ? t("btn.pause") : t("btn.play"));
  text(playBtn.querySelector(".play-label"), st.playing ? t("btn.pause") : t("btn.play"));
  const off = !st.loaded || st.online === false;
  $2("btn-share").disabled = !st.loaded;
  $2("btn-play").disabled = off;
  $2("btn-back").disabled = off || st.step <= 0;
  $2("btn-reset").disabled = off || st.step <= 0 && !st.playing;
  $2("btn-step").disabled = off || st.step >= st.total;
  const next = $2("btn-next");
  if (next) next.disabled = off;
  scrub.disabled = off;
}
function fitCounter(counter, step, total) {
  const box = counter.querySelector(".counter-in");
  if (!box) return;
  if (box.dataset.fit === fitKey(box, step, total)) return;
  box.classList.remove("fitted");
  delete box.dataset.fit;
  if (fitCounter.queued) return;
  fitCounter.queued = true;
  requestAnimationFrame(() => setTimeout(() => {
    fitCounter.queued = false;
    measureCounter(box);
  }));
}
function fitKey(box, step, total) {
  const root = document.documentElement;
  return [
    String(step).length,
    String(total).length,
    box.querySelector(".lbl").textContent,
    box.querySelector(".lbl-after").textContent,
    window.innerWidth,
    window.innerHeight,
    root.dataset.textSize || "",
    document.body.classList.contains("presenter")
  ].join("|");
}
function measureCounter(box) {
  const n = box.querySelector(".n"), tot = box.querySelector(".total");
  const shown = [n.textContent, tot.textContent];
  const key = fitKey(box, Number(shown[0]) || 0, Number(shown[1]) || 0);
  box.classList.add("fitting");
  n.textContent = "8".repeat(shown[0].length || 1);
  tot.textContent = "8".repeat(shown[1].length || 1);
  const r = box.getBoundingClientRect();
  n.textContent = shown[0];
  tot.textContent = shown[1];
  box.classList.remove("fitting");
  if (!r.width) return;
  box.style.setProperty("--fit-w", `${r.width}px`);
  box.style.setProperty("--fit-h", `${r.height}px`);
  box.classList.add("fitted");
  box.dataset.fit = key;
}

export {
  onInteresting,
  initPresenter,
  typing,
  initControls,
  placeSpeed,
  renderSpeed,
  renderControls
};
