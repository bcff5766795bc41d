// share.js: share links. A link reopens an exact step: the fragment is
//   #s=1.<base64url(deflate-raw(JSON))>
// where "1" is the format version and JSON is {"l":lessonId} or
// {"s":scenarioText}, plus "seed" (number), "c" (choices, [PID...]) and
// "n" (the step). Nothing is stored on the server.

export const VERSION = '1';
export const PREFIX = '#s=';
const MAX_FRAGMENT = 200000; // characters; a longer fragment is refused
const MAX_JSON = 300000; // bytes after inflating

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

async function pipe(bytes, stream, limit) {
  const s = new Blob([bytes]).stream().pipeThrough(stream);
  const reader = s.getReader();
  const parts = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (limit && n > limit) { await reader.cancel(); throw new Error('too large'); }
    parts.push(value);
  }
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}

// encodeShare returns the fragment (starting with "#s=") for a state
// {lesson} or {scenario}, with seed, choices and step.
export async function encodeShare(state) {
  const o = {};
  if (state.lesson) o.l = state.lesson;
  else o.s = state.scenario || '';
  if (state.seed) o.seed = state.seed;
  if (state.choices && state.choices.length) o.c = state.choices;
  o.n = state.step || 0;
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

// decodeShare reads a fragment. It never throws: it returns
// {ok:true, state:{lesson|scenario, seed, choices, step}} or
// {ok:false, error:'share_bad'|'share_version', version}.
export async function decodeShare(hash) {
  try {
    if (!isShareHash(hash)) return { ok: false, error: 'share_bad' };
    if (hash.length > MAX_FRAGMENT) return { ok: false, error: 'share_bad' };
    const body = hash.slice(PREFIX.length);
    const dot = body.indexOf('.');
    if (dot < 0) return { ok: false, error: 'share_bad' };
    const version = body.slice(0, dot);
    if (version !== VERSION) return { ok: false, error: 'share_version', version: version.slice(0, 12) };
    const bytes = b64urlToBytes(body.slice(dot + 1));
    if (!bytes.length) return { ok: false, error: 'share_bad' };
    const json = await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_JSON);
    const o = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
    return validate(o);
  } catch {
    return { ok: false, error: 'share_bad' };
  }
}

function validate(o) {
  const bad = { ok: false, error: 'share_bad' };
  if (!o || typeof o !== 'object' || Array.isArray(o)) return bad;
  const state = {};
  if (typeof o.l === 'string' && o.l.length > 0 && o.l.length <= 200) state.lesson = o.l;
  else if (typeof o.s === 'string' && o.s.length > 0 && o.s.length <= 65536) state.scenario = o.s;
  else return bad;
  if (o.seed !== undefined) {
    if (typeof o.seed !== 'number' || !Number.isSafeInteger(o.seed) || o.seed < 0) return bad;
    state.seed = o.seed;
  }
  if (o.c !== undefined) {
    if (!Array.isArray(o.c) || o.c.length > 100000 || !o.c.every(x => Number.isInteger(x) && x >= 0)) return bad;
    state.choices = o.c;
  }
  const n = o.n ?? 0;
  if (!Number.isInteger(n) || n < 0) return bad;
  state.step = n;
  return { ok: true, state };
}

// loadMessage is the `load` command that reopens a decoded share state.
export function loadMessage(state) {
  const m = { v: 1, type: 'load' };
  if (state.lesson) m.lesson = state.lesson;
  else m.scenario = state.scenario;
  if (state.seed) m.seed = state.seed;
  if (state.choices && state.choices.length) m.choices = state.choices;
  if (state.step) m.step = state.step;
  return m;
}
