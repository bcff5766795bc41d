// A seeded fuzz of the share-link decoder: links damaged at random (bit
// flips, cuts, insertions), random fragments and random JSON objects,
// deflated and encoded as a real link would be. decodeShare must never throw
// and must answer {ok:true, state} with a well-formed state or
// {ok:false, error} with a known error. CI runs a fixed number of cases with
// a fixed seed; PROCLAB_FUZZ_CASES raises the count for a longer run.
import test from 'node:test';
import assert from 'node:assert/strict';
import { encodeShare, decodeShare } from './share.js';
import { setLimits } from './limits.js';

setLimits({ message_bytes: 80 << 10, request_bytes: 64 << 10 });

const CASES = Number(process.env.PROCLAB_FUZZ_CASES) || 400;
const ERRORS = new Set(['share_bad', 'share_version', 'share_too_large', 'share_limits']);

// mulberry32: a small seeded generator, so a failure names its case.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function randomValue(r, depth = 0) {
  const k = Math.floor(r() * (depth > 2 ? 5 : 7));
  switch (k) {
    case 0: return Math.floor(r() * 2 ** 40) * (r() < 0.2 ? -1 : 1);
    case 1: return r() < 0.5;
    case 2: return null;
    case 3: return 'x'.repeat(Math.floor(r() * 20)) + String.fromCharCode(Math.floor(r() * 0x3000));
    case 4: return r() * 1e6;
    case 5: return Array.from({ length: Math.floor(r() * 5) }, () => randomValue(r, depth + 1));
    default: {
      const o = {};
      for (const key of ['l', 's', 'o', 'src', 'seed', 'c', 'n', 'pk', 'mn', 'il', 'e', 'x', 'zz']) {
        if (r() < 0.4) o[key] = randomValue(r, depth + 1);
      }
      return o;
    }
  }
}

async function deflated(obj) {
  const json = new TextEncoder().encode(JSON.stringify(obj));
  const s = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(s).arrayBuffer());
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return '#s=1.' + btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function checkAnswer(d, what) {
  assert.ok(d && typeof d === 'object', `${what}: no answer`);
  if (!d.ok) {
    assert.ok(ERRORS.has(d.error), `${what}: unknown error ${d.error}`);
    return;
  }
  const st = d.state;
  assert.ok(Number.isSafeInteger(st.semantics) && st.semantics >= 1, `${what}: semantics ${st.semantics}`);
  if (st.view === 'sched') return;
  const sources = ['lesson', 'scenario', 'ostep'].filter(k => typeof st[k] === 'string');
  assert.equal(sources.length, 1, `${what}: state names ${sources.length} sources`);
  assert.ok(Number.isInteger(st.step) && st.step >= 0, `${what}: step ${st.step}`);
  if (st.choices !== undefined) assert.ok(st.choices.every(x => Number.isInteger(x) && x >= 0), `${what}: choices`);
  if (st.seed !== undefined) assert.ok(Number.isSafeInteger(st.seed) && st.seed >= 0, `${what}: seed`);
}

test('damaged links never throw and never decode to a malformed state', async () => {
  const r = rng(1);
  const good = await encodeShare({ lesson: 'lost-update', seed: 3, choices: [2, 3, 2], step: 9, semantics: 2 });
  for (let i = 0; i < CASES; i++) {
    let h = good;
    const edits = 1 + Math.floor(r() * 4);
    for (let e = 0; e < edits; e++) {
      const at = 5 + Math.floor(r() * (h.length - 5));
      const op = Math.floor(r() * 3);
      const ch = B64[Math.floor(r() * 64)];
      if (op === 0) h = h.slice(0, at) + ch + h.slice(at + 1);
      else if (op === 1) h = h.slice(0, at) + h.slice(at + 1 + Math.floor(r() * 4));
      else h = h.slice(0, at) + ch + h.slice(at);
    }
    checkAnswer(await decodeShare(h), `case ${i} (${h})`);
  }
});

test('random fragments and random JSON objects never throw', async () => {
  const r = rng(2);
  for (let i = 0; i < CASES; i++) {
    const h = r() < 0.3
      ? '#s=' + Array.from({ length: Math.floor(r() * 80) }, () => (r() < 0.1 ? '.' : B64[Math.floor(r() * 64)])).join('')
      : await deflated(randomValue(r));
    checkAnswer(await decodeShare(h), `case ${i} (${h.slice(0, 120)})`);
  }
});

test('valid links with one field replaced at random never decode to a malformed state', async () => {
  const r = rng(3);
  const base = { l: 'lost-update', seed: 3, c: [2, 3, 2], n: 9, pk: 'random', mn: 1, il: 1, e: 2 };
  const keys = Object.keys(base);
  for (let i = 0; i < CASES; i++) {
    const o = { ...base };
    const k = keys[Math.floor(r() * keys.length)];
    o[k] = r() < 0.5 ? randomValue(r) : [randomValue(r), -1, 1.5][Math.floor(r() * 3)];
    if (k === 'c' && r() < 0.5) o.c = [2, randomValue(r)];
    const h = await deflated(o);
    checkAnswer(await decodeShare(h), `case ${i} (${JSON.stringify(o).slice(0, 120)})`);
  }
});
