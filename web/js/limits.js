// limits.js: the server's limits, as the simulation websocket's `hello`
// says them (docs/protocol.md, "hello"). The page keeps no copy of any
// server limit: inputs take their bounds from here, and a message is
// measured against them before it is sent. Until the hello arrives every
// limit is unknown (undefined), and nothing that needs one is sent.
//
// Sizes are in bytes of UTF-8, counts in items, speeds in steps per
// second; sched_* are the scheduling API's bounds (the largest CPU count,
// switch cost, quantum, jobs, bursts per job, runs per request, and ticks).

export const LIMIT_KEYS = [
  'message_bytes', 'scenario_bytes', 'steps', 'choices', 'ostep_args_bytes', 'x86_source_bytes',
  'min_speed', 'max_speed', 'explore_states', 'request_bytes',
  'sched_cpus', 'sched_switch_cost', 'sched_quantum', 'sched_jobs', 'sched_bursts', 'sched_runs', 'sched_ticks',
];

// readLimits keeps the well-formed limits of a hello's `limits` object:
// finite numbers, not negative. Anything else is left out (unknown).
export function readLimits(obj) {
  const out = {};
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return Object.freeze(out);
  for (const k of LIMIT_KEYS) {
    const v = obj[k];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out[k] = v;
  }
  return Object.freeze(out);
}

// readSemantics is the engine's semantics version a hello names: a positive
// integer, or 0 when it names none (an older server).
export function readSemantics(v) {
  return Number.isSafeInteger(v) && v > 0 ? v : 0;
}

let current = Object.freeze({});

// setLimits stores the limits of the latest hello (the page is one thread:
// every module reads the same object).
export function setLimits(l) { current = readLimits(l); }

// getLimits returns the latest hello's limits ({} before the first hello).
export function getLimits() { return current; }

// utf8Bytes is the length of a string in bytes of UTF-8.
export function utf8Bytes(s) {
  return new TextEncoder().encode(String(s)).length;
}

// overLimit describes a size over a limit: {limit, size, max, over}, or
// null when the limit is unknown or the size fits.
export function overLimit(limits, key, size) {
  const max = limits ? limits[key] : undefined;
  if (typeof max !== 'number' || size <= max) return null;
  return { limit: key, size, max, over: size - max };
}

// checkLoad measures a `load` command against the limits before it is
// sent: the whole message (message_bytes) and its fields (scenario_bytes,
// ostep_args_bytes, x86_source_bytes, choices). It returns null when
// everything fits (or nothing is known yet), else the first limit passed:
// {limit, size, max, over}. Fields are checked first, as they say more.
export function checkLoad(msg, limits) {
  if (!msg || !limits) return null;
  const fields = [
    ['scenario_bytes', typeof msg.scenario === 'string' ? utf8Bytes(msg.scenario) : 0],
    ['ostep_args_bytes', typeof msg.ostep === 'string' ? utf8Bytes(msg.ostep) : 0],
    ['x86_source_bytes', typeof msg.source === 'string' ? utf8Bytes(msg.source) : 0],
    ['choices', Array.isArray(msg.choices) ? msg.choices.length : 0],
  ];
  for (const [key, size] of fields) {
    const o = overLimit(limits, key, size);
    if (o) return o;
  }
  return checkMessage(msg, limits);
}

// checkMessage measures any websocket command against message_bytes.
export function checkMessage(msg, limits) {
  return overLimit(limits, 'message_bytes', utf8Bytes(JSON.stringify(msg)));
}

// checkRequest measures a REST request body against request_bytes.
export function checkRequest(body, limits) {
  return overLimit(limits, 'request_bytes', utf8Bytes(JSON.stringify(body)));
}

// range is the [lo, hi] of a field whose upper bound is the limit `key`
// (hi undefined while the limit is unknown).
export function range(limits, key, lo) {
  const hi = limits ? limits[key] : undefined;
  return [lo, typeof hi === 'number' && hi >= lo ? hi : undefined];
}

// clampTo keeps an integer within [lo, hi]; an unknown bound does not clamp.
export function clampTo(n, [lo, hi]) {
  let v = n;
  if (typeof lo === 'number') v = Math.max(lo, v);
  if (typeof hi === 'number') v = Math.min(hi, v);
  return v;
}

// fmtBytes writes a size for people: "512 bytes", "80 KiB", "95.3 KiB",
// "1.5 MiB" (the unit words are the same in both languages).
export function fmtBytes(n) {
  const one = x => String(Math.round(x * 10) / 10); // one decimal, none when .0
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${one(n / 1024)} KiB`;
  return `${one(n / (1024 * 1024))} MiB`;
}

// tooLargeParams are the i18n params of a refusal {limit, size, max, over}:
// sizes in bytes are written with units, counts as numbers.
export function tooLargeParams(o) {
  const bytes = /_bytes$/.test(o.limit);
  const f = n => (bytes ? fmtBytes(n) : String(n));
  return { size: f(o.size), max: f(o.max), over: f(o.over) };
}
