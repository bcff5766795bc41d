// js/limits.js
var LIMIT_KEYS = [
  "message_bytes",
  "scenario_bytes",
  "steps",
  "choices",
  "ostep_args_bytes",
  "x86_source_bytes",
  "min_speed",
  "max_speed",
  "explore_states",
  "request_bytes",
  "sched_cpus",
  "sched_switch_cost",
  "sched_quantum",
  "sched_jobs",
  "sched_bursts",
  "sched_runs",
  "sched_ticks"
];
function readLimits(obj) {
  const out = {};
  if (!obj || typeof obj !== "object" || Array.isArray(obj)) return Object.freeze(out);
  for (const k of LIMIT_KEYS) {
    const v = obj[k];
    if (typeof v === "number" && Number.isFinite(v) && v >= 0) out[k] = v;
  }
  return Object.freeze(out);
}
function readSemantics(v) {
  return Number.isSafeInteger(v) && v > 0 ? v : 0;
}
var current = Object.freeze({});
function setLimits(l) {
  current = readLimits(l);
}
function getLimits() {
  return current;
}
function utf8Bytes(s) {
  return new TextEncoder().encode(String(s)).length;
}
function overLimit(limits, key, size) {
  const max = limits ? limits[key] : void 0;
  if (typeof max !== "number" || size <= max) return null;
  return { limit: key, size, max, over: size - max };
}
function checkLoad(msg, limits) {
  if (!msg || !limits) return null;
  const fields = [
    ["scenario_bytes", typeof msg.scenario === "string" ? utf8Bytes(msg.scenario) : 0],
    ["ostep_args_bytes", typeof msg.ostep === "string" ? utf8Bytes(msg.ostep) : 0],
    ["x86_source_bytes", typeof msg.source === "string" ? utf8Bytes(msg.source) : 0],
    ["choices", Array.isArray(msg.choices) ? msg.choices.length : 0]
  ];
  for (const [key, size] of fields) {
    const o = overLimit(limits, key, size);
    if (o) return o;
  }
  return checkMessage(msg, limits);
}
function checkMessage(msg, limits) {
  return overLimit(limits, "message_bytes", utf8Bytes(JSON.stringify(msg)));
}
function checkRequest(body, limits) {
  return overLimit(limits, "request_bytes", utf8Bytes(JSON.stringify(body)));
}
function range(limits, key, lo) {
  const hi = limits ? limits[key] : void 0;
  return [lo, typeof hi === "number" && hi >= lo ? hi : void 0];
}
function clampTo(n, [lo, hi]) {
  let v = n;
  if (typeof lo === "number") v = Math.max(lo, v);
  if (typeof hi === "number") v = Math.min(hi, v);
  return v;
}
function fmtBytes(n) {
  const one = (x) => String(Math.round(x * 10) / 10);
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${one(n / 1024)} KiB`;
  return `${one(n / (1024 * 1024))} MiB`;
}
function tooLargeParams(o) {
  const bytes = /_bytes$/.test(o.limit);
  const f = (n) => bytes ? fmtBytes(n) : String(n);
  return { size: f(o.size), max: f(o.max), over: f(o.over) };
}

export {
  LIMIT_KEYS,
  readLimits,
  readSemantics,
  setLimits,
  getLimits,
  utf8Bytes,
  overLimit,
  checkLoad,
  checkMessage,
  checkRequest,
  range,
  clampTo,
  fmtBytes,
  tooLargeParams
};
