import {
  getLimits
} from "./chunk-J4M4X52N.js";

// js/share.js
var VERSION = "1";
var PREFIX = "#s=";
var SPARE = 2;
function inflateCap(limits) {
  const l = limits || {};
  const m = Math.max(l.message_bytes || 0, l.request_bytes || 0);
  return m > 0 ? SPARE * m : 0;
}
function bytesToB64url(bytes) {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 32768) bin += String.fromCharCode(...bytes.subarray(i, i + 32768));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
function b64urlToBytes(s) {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error("not base64url");
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
var TooLarge = class extends Error {
};
async function pipe(bytes, stream, limit) {
  const s = new Blob([bytes]).stream().pipeThrough(stream);
  const reader = s.getReader();
  const parts = [];
  let n = 0;
  for (; ; ) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (limit && n > limit) {
      await reader.cancel();
      throw new TooLarge();
    }
    parts.push(value);
  }
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
var LINK_LANGS = ["en", "zh-CN"];
async function encodeShare(state) {
  let o = {};
  if (state.view === "sched") o = packSched(state.sched);
  else if (state.lesson) o.l = state.lesson;
  else if (state.ostep) {
    o.o = state.ostep;
    if (state.source) o.src = state.source;
  } else o.s = state.scenario || "";
  if (state.view !== "sched") {
    if (state.seed) o.seed = state.seed;
    if (state.choices && state.choices.length) o.c = state.choices;
    if (state.picker === "random") o.pk = "random";
    if (state.manual) o.mn = 1;
    if (state.interleave) o.il = 1;
    if (state.tab === "go") o.tb = "go";
    o.n = state.step || 0;
  }
  if (Number.isSafeInteger(state.semantics) && state.semantics > 0) o.e = state.semantics;
  if (LINK_LANGS.includes(state.lang)) o.g = state.lang;
  const json = new TextEncoder().encode(JSON.stringify(o));
  const packed = await pipe(json, new CompressionStream("deflate-raw"));
  return `${PREFIX}${VERSION}.${bytesToB64url(packed)}`;
}
async function shareURL(loc, state) {
  return loc.origin + loc.pathname + await encodeShare(state);
}
function isShareHash(hash) {
  return typeof hash === "string" && hash.startsWith(PREFIX);
}
async function decodeShare(hash, limits = getLimits()) {
  try {
    if (!isShareHash(hash)) return { ok: false, error: "share_bad" };
    const cap = inflateCap(limits);
    if (!cap) return { ok: false, error: "share_limits" };
    const body = hash.slice(PREFIX.length);
    const dot = body.indexOf(".");
    if (dot < 0) return { ok: false, error: "share_bad" };
    const version = body.slice(0, dot);
    if (version !== VERSION) return { ok: false, error: "share_version", version: version.slice(0, 12) };
    const tooLarge = { ok: false, error: "share_too_large", max: limits.message_bytes || limits.request_bytes };
    if (body.length - dot - 1 > Math.ceil(cap * 4 / 3) + 64) return tooLarge;
    const bytes = b64urlToBytes(body.slice(dot + 1));
    if (!bytes.length) return { ok: false, error: "share_bad" };
    let json;
    try {
      json = await pipe(bytes, new DecompressionStream("deflate-raw"), cap);
    } catch (err) {
      if (err instanceof TooLarge) return tooLarge;
      throw err;
    }
    const o = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(json));
    return validate(o);
  } catch {
    return { ok: false, error: "share_bad" };
  }
}
function validate(o) {
  const bad = { ok: false, error: "share_bad" };
  if (!o || typeof o !== "object" || Array.isArray(o)) return bad;
  const e = o.e === void 0 ? 1 : o.e;
  if (!Number.isSafeInteger(e) || e < 1) return bad;
  const lang = LINK_LANGS.includes(o.g) ? { lang: o.g } : {};
  if (o.x !== void 0) {
    const sched = o.x === "sched" ? unpackSched(o) : null;
    return sched ? { ok: true, state: { view: "sched", sched, semantics: e, ...lang } } : bad;
  }
  const state = { ...lang };
  if (typeof o.l === "string" && /^[A-Za-z0-9_-]{1,200}$/.test(o.l)) state.lesson = o.l;
  else if (typeof o.s === "string" && o.s.length > 0) state.scenario = o.s;
  else if (typeof o.o === "string" && o.o.trim().length > 0) {
    state.ostep = o.o;
    if (o.src !== void 0) {
      if (typeof o.src !== "string") return bad;
      if (o.src) state.source = o.src;
    }
  } else return bad;
  if (o.seed !== void 0) {
    if (typeof o.seed !== "number" || !Number.isSafeInteger(o.seed) || o.seed < 0) return bad;
    state.seed = o.seed;
  }
  if (o.c !== void 0) {
    if (!Array.isArray(o.c) || !o.c.every((x) => Number.isInteger(x) && x >= 0)) return bad;
    state.choices = o.c;
  }
  const n = o.n ?? 0;
  if (!Number.isInteger(n) || n < 0) return bad;
  state.step = n;
  if (o.pk !== void 0) {
    if (o.pk !== "random" && o.pk !== "policy") return bad;
    if (o.pk === "random") state.picker = "random";
  }
  if (o.tb === "go") state.tab = "go";
  for (const [k, f] of [["mn", "manual"], ["il", "interleave"]]) {
    if (o[k] === void 0) continue;
    if (o[k] !== 1 && o[k] !== 0 && o[k] !== true && o[k] !== false) return bad;
    if (o[k]) state[f] = true;
  }
  state.semantics = e;
  return { ok: true, state };
}
function loadMessage(state) {
  const m = { v: 1, type: "load" };
  if (state.lesson) m.lesson = state.lesson;
  else if (state.ostep) {
    m.ostep = state.ostep;
    if (state.source) m.source = state.source;
  } else m.scenario = state.scenario;
  if (state.seed) m.seed = state.seed;
  if (state.choices && state.choices.length) m.choices = state.choices;
  if (state.picker === "random") m.picker = "random";
  if (state.manual) m.manual = true;
  if (state.interleave) m.interleave = true;
  if (state.step) m.step = state.step;
  if (Number.isSafeInteger(state.semantics) && state.semantics > 0) m.semantics = state.semantics;
  return m;
}
function loadedState(loaded, step, choices) {
  if (loaded.ostep) {
    const st = { ostep: loaded.ostep, step };
    if (loaded.source) st.source = loaded.source;
    return st;
  }
  return {
    lesson: loaded.lesson || void 0,
    scenario: loaded.lesson ? void 0 : loaded.scenario,
    seed: loaded.seed,
    choices: choices || loaded.choices,
    step,
    picker: loaded.picker === "random" ? "random" : void 0,
    manual: !!loaded.manual || void 0,
    interleave: !!loaded.interleave || void 0
  };
}
var MODES = ["run", "compare", "manual"];
var JOB_FIELDS = ["name", "arrival", "bursts", "priority", "tickets", "nice"];
var fieldOK = (v) => typeof v === "number" && Number.isSafeInteger(v) || typeof v === "string" && v.length <= 200;
var policyOK = (p) => typeof p === "string" && /^[a-z-]{1,24}$/.test(p);
var nameOK = (n) => typeof n === "string" && n.length >= 1 && n.length <= 40;
function packSched(s) {
  const ed = s.ed || {};
  const o = {
    x: "sched",
    w: { c: ed.cpus, k: ed.switchCost, q: ed.quantum, j: (ed.jobs || []).map((j) => JOB_FIELDS.map((f) => j[f] ?? "")) },
    m: s.mode || "run",
    p: s.policy || "fcfs"
  };
  if (ed.mlfq) o.w.ml = { q: ed.mlfq.quanta, a: ed.mlfq.allot, b: ed.mlfq.boost || 0 };
  if (s.compare && s.compare.length) o.cp = s.compare;
  if (s.manualPolicy && s.manualPolicy !== "fcfs") o.mp = s.manualPolicy;
  if (s.choices && s.choices.length) o.mc = s.choices;
  if (s.time) o.t = s.time;
  return o;
}
function unpackSched(o) {
  const w = o.w;
  if (!w || typeof w !== "object" || Array.isArray(w) || !Array.isArray(w.j) || w.j.length < 1) return null;
  if (![w.c, w.k, w.q].every((v) => v === void 0 || fieldOK(v))) return null;
  const jobs = [];
  for (const row of w.j) {
    if (!Array.isArray(row) || row.length !== JOB_FIELDS.length || !row.every(fieldOK) || !nameOK(String(row[0]))) return null;
    const j = {};
    JOB_FIELDS.forEach((f, i) => {
      j[f] = row[i];
    });
    j.name = String(j.name);
    j.bursts = String(j.bursts);
    jobs.push(j);
  }
  const mode = o.m ?? "run";
  if (!MODES.includes(mode) || !policyOK(o.p ?? "fcfs")) return null;
  const compare = o.cp ?? [];
  if (!Array.isArray(compare) || !compare.every(policyOK)) return null;
  const manualPolicy = o.mp ?? "fcfs";
  if (manualPolicy !== "fcfs" && manualPolicy !== "rr") return null;
  const choices = o.mc ?? [];
  if (!Array.isArray(choices) || !choices.every(nameOK)) return null;
  const time = o.t ?? 0;
  if (!Number.isInteger(time) || time < 0) return null;
  let mlfq;
  if (w.ml !== void 0) {
    const ml = w.ml;
    const ints = (a) => Array.isArray(a) && a.length >= 1 && a.every((n) => Number.isSafeInteger(n) && n >= 1);
    if (!ml || typeof ml !== "object" || !ints(ml.q) || !ints(ml.a) || ml.q.length !== ml.a.length) return null;
    const b = ml.b ?? 0;
    if (!Number.isSafeInteger(b) || b < 0) return null;
    mlfq = { quanta: ml.q, allot: ml.a, boost: b };
  }
  const ed = { cpus: w.c ?? 1, switchCost: w.k ?? 0, quantum: w.q ?? 2, jobs };
  if (mlfq) ed.mlfq = mlfq;
  return {
    ed,
    mode,
    policy: o.p ?? "fcfs",
    compare,
    manualPolicy,
    choices,
    time
  };
}

export {
  encodeShare,
  shareURL,
  isShareHash,
  decodeShare,
  loadMessage,
  loadedState
};
