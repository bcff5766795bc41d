// share.js: share links. A link reopens an exact step: the fragment is
//   #s=1.<base64url(deflate-raw(JSON))>
// where "1" is the format version and JSON is {"l":lessonId} or
// {"s":scenarioText} or, for an OSTEP homework run, {"o":command} with
// "src" (an x86 program's text), plus "seed" (number), "c" (choices,
// [PID...]) and "n" (the step), and for the race lab "pk" ("random": the
// seeded random picker), "mn" (1: manual, "you are the scheduler") and
// "il" (1: interleave, one CPU with quantum 1), and "tb" ("go": the
// lesson's Go program is shown instead of the picture). Every link also carries
// "e", the engine's semantics version it was made with (the hello's
// `semantics`); a link without it is version 1. Nothing is stored on the
// server.
//
// A link to the scheduling view has the same envelope; its JSON is
// {"x":"sched","w":{"c":cpus,"k":switchCost,"q":quantum,"j":[[name,
// arrival, bursts text, priority, tickets, nice], ...]},"m":mode,
// "p":policy,"cp":[compared policies],"mp":manual policy,"mc":[manual
// choices],"t":time}. It decodes to {view:"sched", sched:{ed:{cpus,
// switchCost, quantum, jobs}, mode, policy, compare, manualPolicy, choices,
// time}, semantics}. With OSTEP MLFQ settings (an imported mlfq.py
// workload) "w" also has "ml":{"q":[quanta],"a":[allotments],"b":boost}
// (ed.mlfq).
//
// The page keeps no copy of the server's limits: a decoded link is checked
// for its shape here, and its sizes are measured against the hello's
// limits when it is sent (limits.js).
import { getLimits } from './limits.js';

export const VERSION = '1';
export const PREFIX = '#s=';

// SPARE is how many times the largest message the server takes a link's
// JSON may inflate to before decoding stops: a link's JSON is a little
// shorter than the message it becomes, so a bigger one can only be refused,
// and stopping early keeps a hostile link from inflating without end.
const SPARE = 2;

// inflateCap is the most bytes a link's JSON may inflate to under the
// limits of the hello (0 when they are not known yet).
export function inflateCap(limits) {
  const l = limits || {};
  const m = Math.max(l.message_bytes || 0, l.request_bytes || 0);
  return m > 0 ? SPARE * m : 0;
}

function bytesToB64url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function b64urlToBytes(s) {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('not base64url');
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

class TooLarge extends Error {}

async function pipe(bytes, stream, limit) {
  const s = new Blob([bytes]).stream().pipeThrough(stream);
  const reader = s.getReader();
  const parts = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (limit && n > limit) { await reader.cancel(); throw new TooLarge(); }
    parts.push(value);
  }
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}

// LINK_LANGS are the languages a link may name (field g): the page opens
// the link in it. Any other value is ignored, not an error, so that a link
// from a page that speaks more languages still opens.
const LINK_LANGS = ['en', 'zh-CN'];

// encodeShare returns the fragment (starting with "#s=") for a state
// {lesson} or {scenario}, with seed, choices and step, and the semantics
// version of the engine that shows it (state.semantics, from the hello).
export async function encodeShare(state) {
  let o = {};
  if (state.view === 'sched') o = packSched(state.sched);
  else if (state.lesson) o.l = state.lesson;
  else if (state.ostep) {
    o.o = state.ostep;
    if (state.source) o.src = state.source;
  } else o.s = state.scenario || '';
  if (state.view !== 'sched') {
    if (state.seed) o.seed = state.seed;
    if (state.choices && state.choices.length) o.c = state.choices;
    if (state.picker === 'random') o.pk = 'random';
    if (state.manual) o.mn = 1;
    if (state.interleave) o.il = 1;
    if (state.tab === 'go') o.tb = 'go';
    o.n = state.step || 0;
  }
  if (Number.isSafeInteger(state.semantics) && state.semantics > 0) o.e = state.semantics;
  if (LINK_LANGS.includes(state.lang)) o.g = state.lang;
  const json = new TextEncoder().encode(JSON.stringify(o));
  const packed = await pipe(json, new CompressionStream('deflate-raw'));
  return `${PREFIX}${VERSION}.${bytesToB64url(packed)}`;
}

// shareURL is the whole link for a location-like {origin, pathname}.
export async function shareURL(loc, state) {
  return loc.origin + loc.pathname + (await encodeShare(state));
}

// isShareHash reports whether a fragment is meant to be a share link.
export function isShareHash(hash) {
  return typeof hash === 'string' && hash.startsWith(PREFIX);
}

// decodeShare reads a fragment under the hello's limits (call it after the
// hello). It never throws: it returns {ok:true, state:{lesson|scenario|
// ostep, seed, choices, step, tab, semantics}} (semantics 1 when the link names
// none) or {ok:false, error, ...}: share_bad (damaged), share_version
// (with version), share_too_large (with max: the largest message, in
// bytes) or share_limits (the limits are not known yet).
export async function decodeShare(hash, limits = getLimits()) {
  try {
    if (!isShareHash(hash)) return { ok: false, error: 'share_bad' };
    const cap = inflateCap(limits);
    if (!cap) return { ok: false, error: 'share_limits' };
    const body = hash.slice(PREFIX.length);
    const dot = body.indexOf('.');
    if (dot < 0) return { ok: false, error: 'share_bad' };
    const version = body.slice(0, dot);
    if (version !== VERSION) return { ok: false, error: 'share_version', version: version.slice(0, 12) };
    const tooLarge = { ok: false, error: 'share_too_large', max: limits.message_bytes || limits.request_bytes };
    // base64 makes 4 characters of 3 bytes, and deflate never makes data
    // much larger: a longer fragment cannot inflate to less than the cap.
    if (body.length - dot - 1 > Math.ceil((cap * 4) / 3) + 64) return tooLarge;
    const bytes = b64urlToBytes(body.slice(dot + 1));
    if (!bytes.length) return { ok: false, error: 'share_bad' };
    let json;
    try {
      json = await pipe(bytes, new DecompressionStream('deflate-raw'), cap);
    } catch (err) {
      if (err instanceof TooLarge) return tooLarge;
      throw err;
    }
    const o = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
    return validate(o);
  } catch {
    return { ok: false, error: 'share_bad' };
  }
}

function validate(o) {
  const bad = { ok: false, error: 'share_bad' };
  if (!o || typeof o !== 'object' || Array.isArray(o)) return bad;
  const e = o.e === undefined ? 1 : o.e;
  if (!Number.isSafeInteger(e) || e < 1) return bad;
  const lang = LINK_LANGS.includes(o.g) ? { lang: o.g } : {};
  if (o.x !== undefined) {
    const sched = o.x === 'sched' ? unpackSched(o) : null;
    return sched ? { ok: true, state: { view: 'sched', sched, semantics: e, ...lang } } : bad;
  }
  const state = { ...lang };
  // A lesson id is a short slug (the server's ids); the texts' sizes are
  // measured against the server's limits when the load is sent.
  if (typeof o.l === 'string' && /^[A-Za-z0-9_-]{1,200}$/.test(o.l)) state.lesson = o.l;
  else if (typeof o.s === 'string' && o.s.length > 0) state.scenario = o.s;
  else if (typeof o.o === 'string' && o.o.trim().length > 0) {
    state.ostep = o.o;
    if (o.src !== undefined) {
      if (typeof o.src !== 'string') return bad;
      if (o.src) state.source = o.src;
    }
  } else return bad;
  if (o.seed !== undefined) {
    if (typeof o.seed !== 'number' || !Number.isSafeInteger(o.seed) || o.seed < 0) return bad;
    state.seed = o.seed;
  }
  if (o.c !== undefined) {
    if (!Array.isArray(o.c) || !o.c.every(x => Number.isInteger(x) && x >= 0)) return bad;
    state.choices = o.c;
  }
  const n = o.n ?? 0;
  if (!Number.isInteger(n) || n < 0) return bad;
  state.step = n;
  if (o.pk !== undefined) {
    if (o.pk !== 'random' && o.pk !== 'policy') return bad;
    if (o.pk === 'random') state.picker = 'random';
  }
  // A tab this page does not have is not an error: the picture shows.
  if (o.tb === 'go') state.tab = 'go';
  for (const [k, f] of [['mn', 'manual'], ['il', 'interleave']]) {
    if (o[k] === undefined) continue;
    if (o[k] !== 1 && o[k] !== 0 && o[k] !== true && o[k] !== false) return bad;
    if (o[k]) state[f] = true;
  }
  state.semantics = e;
  return { ok: true, state };
}

// loadMessage is the `load` command that reopens a decoded share state;
// a link's semantics version goes with it, so that the server can replay
// it as it was made or say that it cannot.
export function loadMessage(state) {
  const m = { v: 1, type: 'load' };
  if (state.lesson) m.lesson = state.lesson;
  else if (state.ostep) {
    m.ostep = state.ostep;
    if (state.source) m.source = state.source;
  } else m.scenario = state.scenario;
  if (state.seed) m.seed = state.seed;
  if (state.choices && state.choices.length) m.choices = state.choices;
  if (state.picker === 'random') m.picker = 'random';
  if (state.manual) m.manual = true;
  if (state.interleave) m.interleave = true;
  if (state.step) m.step = state.step;
  if (Number.isSafeInteger(state.semantics) && state.semantics > 0) m.semantics = state.semantics;
  return m;
}

// loadedState is the share state of a `loaded` message (with the choices
// made since, in manual mode) at a step. An OSTEP run carries `ostep` (and
// `source`), which app.js copies from the load that opened it.
export function loadedState(loaded, step, choices) {
  if (loaded.ostep) {
    const st = { ostep: loaded.ostep, step };
    if (loaded.source) st.source = loaded.source;
    return st;
  }
  return {
    lesson: loaded.lesson || undefined, scenario: loaded.lesson ? undefined : loaded.scenario,
    seed: loaded.seed, choices: choices || loaded.choices, step,
    picker: loaded.picker === 'random' ? 'random' : undefined,
    manual: !!loaded.manual || undefined, interleave: !!loaded.interleave || undefined,
  };
}

// ---- the scheduling view ------------------------------------------------------

const MODES = ['run', 'compare', 'manual'];
const JOB_FIELDS = ['name', 'arrival', 'bursts', 'priority', 'tickets', 'nice'];

// A field of the workload editor travels as typed: a safe integer or a
// short text (the editor and the server judge it after opening; counts and
// ranges are the server's, from the hello, applied when the view opens).
const fieldOK = v => (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && v.length <= 200);
const policyOK = p => typeof p === 'string' && /^[a-z-]{1,24}$/.test(p);
const nameOK = n => typeof n === 'string' && n.length >= 1 && n.length <= 40;

function packSched(s) {
  const ed = s.ed || {};
  const o = {
    x: 'sched',
    w: { c: ed.cpus, k: ed.switchCost, q: ed.quantum, j: (ed.jobs || []).map(j => JOB_FIELDS.map(f => j[f] ?? '')) },
    m: s.mode || 'run',
    p: s.policy || 'fcfs',
  };
  if (ed.mlfq) o.w.ml = { q: ed.mlfq.quanta, a: ed.mlfq.allot, b: ed.mlfq.boost || 0 };
  if (s.compare && s.compare.length) o.cp = s.compare;
  if (s.manualPolicy && s.manualPolicy !== 'fcfs') o.mp = s.manualPolicy;
  if (s.choices && s.choices.length) o.mc = s.choices;
  if (s.time) o.t = s.time;
  return o;
}

// unpackSched checks a scheduling link's JSON; null when it is wrong.
function unpackSched(o) {
  const w = o.w;
  if (!w || typeof w !== 'object' || Array.isArray(w) || !Array.isArray(w.j) || w.j.length < 1) return null;
  if (![w.c, w.k, w.q].every(v => v === undefined || fieldOK(v))) return null;
  const jobs = [];
  for (const row of w.j) {
    if (!Array.isArray(row) || row.length !== JOB_FIELDS.length || !row.every(fieldOK) || !nameOK(String(row[0]))) return null;
    const j = {};
    JOB_FIELDS.forEach((f, i) => { j[f] = row[i]; });
    j.name = String(j.name);
    j.bursts = String(j.bursts);
    jobs.push(j);
  }
  const mode = o.m ?? 'run';
  if (!MODES.includes(mode) || !policyOK(o.p ?? 'fcfs')) return null;
  const compare = o.cp ?? [];
  if (!Array.isArray(compare) || !compare.every(policyOK)) return null;
  const manualPolicy = o.mp ?? 'fcfs';
  if (manualPolicy !== 'fcfs' && manualPolicy !== 'rr') return null;
  const choices = o.mc ?? [];
  if (!Array.isArray(choices) || !choices.every(nameOK)) return null;
  const time = o.t ?? 0;
  if (!Number.isInteger(time) || time < 0) return null;
  let mlfq;
  if (w.ml !== undefined) {
    const ml = w.ml;
    const ints = a => Array.isArray(a) && a.length >= 1 && a.every(n => Number.isSafeInteger(n) && n >= 1);
    if (!ml || typeof ml !== 'object' || !ints(ml.q) || !ints(ml.a) || ml.q.length !== ml.a.length) return null;
    const b = ml.b ?? 0;
    if (!Number.isSafeInteger(b) || b < 0) return null;
    mlfq = { quanta: ml.q, allot: ml.a, boost: b };
  }
  const ed = { cpus: w.c ?? 1, switchCost: w.k ?? 0, quantum: w.q ?? 2, jobs };
  if (mlfq) ed.mlfq = mlfq;
  return {
    ed,
    mode, policy: o.p ?? 'fcfs', compare, manualPolicy, choices, time,
  };
}
