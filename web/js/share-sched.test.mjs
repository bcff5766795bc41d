import test from 'node:test';
import assert from 'node:assert/strict';
import { encodeShare, decodeShare, shareURL } from './share.js';
import { setLimits } from './limits.js';

// A hello's limits, as the server sends them (decodeShare needs them).
setLimits({ message_bytes: 80 << 10, request_bytes: 64 << 10 });

const sched = {
  ed: { cpus: 2, switchCost: 1, quantum: 4, jobs: [
    { name: 'P1', arrival: 0, bursts: '24', priority: 0, tickets: 100, nice: 0 },
    { name: '进程', arrival: '3x', bursts: '5 io3 2', priority: -1, tickets: 50, nice: 5 },
  ] },
  mode: 'manual', policy: 'srtf', compare: ['fcfs', 'sjf'], manualPolicy: 'rr', choices: ['P1', '进程'], time: 7,
};

test('a scheduling link round-trips', async () => {
  const h = await encodeShare({ view: 'sched', sched });
  assert.match(h, /^#s=1\.[A-Za-z0-9_-]+$/);
  assert.deepEqual(await decodeShare(h), { ok: true, state: { view: 'sched', sched, semantics: 1 } });
  assert.match(await shareURL({ origin: 'http://x', pathname: '/' }, { view: 'sched', sched }), /^http:\/\/x\/#s=1\./);
});

test('defaults are left out of a scheduling link and come back', async () => {
  const small = { ...sched, manualPolicy: 'fcfs', choices: [], compare: [], time: 0, mode: 'run' };
  const h = await encodeShare({ view: 'sched', sched: small });
  const b64 = h.slice('#s=1.'.length).replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(b64 + '==='.slice((b64.length + 3) % 4)), c => c.charCodeAt(0));
  const s = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const json = JSON.parse(await new Response(s).text());
  assert.deepEqual(Object.keys(json).sort(), ['m', 'p', 'w', 'x']);
  assert.equal(json.x, 'sched');
  assert.deepEqual(json.w.j[0], ['P1', 0, '24', 0, 100, 0]);
  assert.deepEqual((await decodeShare(h)).state.sched, small);
});

test('wrong scheduling links are refused', async () => {
  const enc = async o => {
    const bytes = new TextEncoder().encode(JSON.stringify(o));
    const s = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const b = new Uint8Array(await new Response(s).arrayBuffer());
    return '#s=1.' + btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  const w = { c: 1, k: 0, q: 2, j: [['A', 0, '3', 0, 100, 0]] };
  assert.equal((await decodeShare(await enc({ x: 'sched', w }))).ok, true);
  for (const o of [
    { x: 'other', w },
    { x: 'sched' },
    { x: 'sched', w: { j: [] } },
    { x: 'sched', w: { j: [['A', 0, '3']] } },
    { x: 'sched', w: { j: [['', 0, '3', 0, 100, 0]] } },
    { x: 'sched', w: { j: [['A', {}, '3', 0, 100, 0]] } },
    { x: 'sched', w: { c: 1.5, j: w.j } },
    { x: 'sched', w, m: 'play' },
    { x: 'sched', w, p: 'FCFS!' },
    { x: 'sched', w, cp: 'fcfs' },
    { x: 'sched', w, mp: 'sjf' },
    { x: 'sched', w, mc: [1] },
    { x: 'sched', w, t: -1 },
  ]) {
    assert.deepEqual(await decodeShare(await enc(o)), { ok: false, error: 'share_bad' }, JSON.stringify(o));
  }
});

test('lesson links are unchanged', async () => {
  const st = { lesson: 'zombies', seed: 42, choices: [3, 2, 3], step: 14 };
  assert.deepEqual(await decodeShare(await encodeShare(st)), { ok: true, state: { ...st, semantics: 1 } });
});
