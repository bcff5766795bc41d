import {
  loadMessage,
  loadedState
} from "./chunk-65JYWMDR.js";

// js/conn.js
var RETRY_MIN = 1e3;
var RETRY_MAX = 5e3;
function retryDelay(attempt) {
  const n = Number.isInteger(attempt) && attempt > 0 ? Math.min(attempt, 16) : 0;
  return Math.min(RETRY_MAX, RETRY_MIN * 2 ** n);
}
var GIVE_UP_AFTER = 5;
var LEAVE_REASON = "page hidden";
function onPageLeave(leave, back, target = globalThis) {
  target.addEventListener("pagehide", () => leave());
  target.addEventListener("pageshow", (ev) => {
    if (ev && ev.persisted) back();
  });
}
var STATUS_TOO_BIG = 1009;
function retryStart() {
  return { attempt: 0, same: 0, last: null };
}
function closeKey(close) {
  const c = close || {};
  return `${Number.isInteger(c.code) ? c.code : 0}:${typeof c.reason === "string" ? c.reason : ""}`;
}
function afterClose(st, close) {
  const key = closeKey(close);
  const prev = st || retryStart();
  const same = prev.last === key ? prev.same + 1 : 1;
  const state = { attempt: prev.attempt + 1, same, last: key };
  if (same >= GIVE_UP_AFTER) return { state, stop: true, same };
  return { state, stop: false, delay: retryDelay(prev.attempt) };
}
var LOAD_ERRORS = /* @__PURE__ */ new Set(["parse", "unknown_lesson", "too_large", "bad_field"]);
function resumeMessage(pending, loaded, step) {
  if (pending) return pending;
  if (!loaded) return null;
  return loadMessage(loadedState(loaded, step));
}
function normalizeLessons(list) {
  if (!Array.isArray(list)) return [];
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const l of list) {
    if (!l || typeof l !== "object" || typeof l.id !== "string" || !l.id || seen.has(l.id)) continue;
    seen.add(l.id);
    const title = l.title && typeof l.title === "object" ? { en: String(l.title.en || ""), zh: String(l.title.zh || "") } : typeof l.title === "string" ? { en: l.title, zh: l.title } : { en: "", zh: "" };
    const topic = ["processes", "scheduling", "races"].includes(l.topic) ? l.topic : "processes";
    const lesson = { id: l.id, title, topic };
    if (l.lang === "go") lesson.lang = "go";
    out.push(lesson);
  }
  return out;
}

export {
  retryDelay,
  LEAVE_REASON,
  onPageLeave,
  STATUS_TOO_BIG,
  retryStart,
  afterClose,
  LOAD_ERRORS,
  resumeMessage,
  normalizeLessons
};
