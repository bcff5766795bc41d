import test from 'node:test';
import assert from 'node:assert/strict';
import { encodeShare, decodeShare, loadMessage, shareURL, isShareHash, inflateCap } from './share.js';
import { setLimits } from './limits.js';

// A hello's limits, as the server sends them (decodeShare needs them).
setLimits({ message_bytes: 80 << 10, request_bytes: 64 << 10 });

test('a lesson link round-trips', async () => {
  const st = { lesson: 'zombies', seed: 42, choices: [3, 2, 3], step: 14 };
  const h = await encodeShare(st);
  assert.match(h, /^#s=1\.[A-Za-z0-9_-]+$/);
  assert.deepEqual(await decodeShare(h), { ok: true, state: { ...st, semantics: 1 } });
});

test('a scenario link round-trips with unicode text', async () => {
  const st = { scenario: 'title zh: 僵尸进程\nprocess a\n    compute 3\n'.repeat(50), step: 3 };
  const h = await encodeShare(st);
  const d = await decodeShare(h);
  assert.equal(d.ok, true);
  assert.equal(d.state.scenario, st.scenario);
  assert.equal(d.state.step, 3);
  assert.ok(h.length < st.scenario.length, 'compressed');
});

test('the fragment is base64url of deflate-raw JSON with l, seed, c, n', async () => {
  const h = await encodeShare({ lesson: 'rr', seed: 7, choices: [2], step: 5 });
  const b64 = h.slice('#s=1.'.length).replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(b64 + '==='.slice((b64.length + 3) % 4)), c => c.charCodeAt(0));
  const s = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const json = JSON.parse(await new Response(s).text());
  assert.deepEqual(json, { l: 'rr', seed: 7, c: [2], n: 5 });
});

test('shareURL joins origin, path and fragment', async () => {
  const u = await shareURL({ origin: 'http://x:1', pathname: '/' }, { lesson: 'a', step: 0 });
  assert.match(u, /^http:\/\/x:1\/#s=1\./);
});

test('broken links are refused without throwing', async () => {
  const good = await encodeShare({ lesson: 'a', step: 2 });
  const cases = {
    'not a share hash': '#foo',
    'no version dot': '#s=1abc',
    'bad base64': '#s=1.!!!!',
    'empty payload': '#s=1.',
    'truncated': good.slice(0, good.length - 4),
    'garbage deflate': '#s=1.AAAAAAAA',
    'not an object': null,
  };
  for (const [name, h] of Object.entries(cases)) {
    if (h === null) continue;
    const d = await decodeShare(h);
    assert.equal(d.ok, false, name);
    assert.equal(d.error, 'share_bad', name);
  }
});

test('wrong fields are refused', async () => {
  const enc = async o => {
    const bytes = new TextEncoder().encode(JSON.stringify(o));
    const s = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const b = new Uint8Array(await new Response(s).arrayBuffer());
    return '#s=1.' + btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  for (const o of [[1, 2], { n: 3 }, { l: 5 }, { l: 'a', n: -1 }, { l: 'a', c: ['x'] }, { l: 'a', seed: 'x' }, 'str']) {
    const d = await decodeShare(await enc(o));
    assert.equal(d.ok, false, JSON.stringify(o));
  }
  assert.equal((await decodeShare(await enc({ l: 'a', n: 3 }))).ok, true);
});

test('an unknown version is reported as such', async () => {
  const d = await decodeShare('#s=9.abcd');
  assert.deepEqual(d, { ok: false, error: 'share_version', version: '9' });
});

test('isShareHash', () => {
  assert.equal(isShareHash('#s=1.x'), true);
  assert.equal(isShareHash('#x'), false);
  assert.equal(isShareHash(''), false);
});

test('loadMessage reopens the exact step', () => {
  assert.deepEqual(loadMessage({ lesson: 'z', seed: 3, choices: [2], step: 9 }),
    { v: 1, type: 'load', lesson: 'z', seed: 3, choices: [2], step: 9 });
  assert.deepEqual(loadMessage({ scenario: 'process a\n', step: 0 }), { v: 1, type: 'load', scenario: 'process a\n' });
});

test('a link carries the semantics version it was made with', async () => {
  const cases = [
    { name: 'lesson, version 3', st: { lesson: 'zombies', step: 4, semantics: 3 }, e: 3, msg: { v: 1, type: 'load', lesson: 'zombies', step: 4, semantics: 3 } },
    { name: 'scenario, version 1', st: { scenario: 'process a\n', step: 0, semantics: 1 }, e: 1, msg: { v: 1, type: 'load', scenario: 'process a\n', semantics: 1 } },
    { name: 'an older server names none', st: { lesson: 'rr', step: 2 }, e: undefined, msg: { v: 1, type: 'load', lesson: 'rr', step: 2, semantics: 1 } },
  ];
  for (const c of cases) {
    const h = await encodeShare(c.st);
    const json = await inflate(h);
    assert.equal(json.e, c.e, `${c.name}: got e ${json.e}; want ${c.e}`);
    const d = await decodeShare(h);
    assert.equal(d.ok, true, c.name);
    assert.equal(d.state.semantics, c.e ?? 1, `${c.name}: decoded semantics`);
    assert.deepEqual(loadMessage(d.state), c.msg, c.name);
  }
  const sched = await encodeShare({ view: 'sched', semantics: 2, sched: { ed: { cpus: 1, switchCost: 0, quantum: 2, jobs: [{ name: 'A', arrival: 0, bursts: '3', priority: 0, tickets: 100, nice: 0 }] } } });
  assert.equal((await inflate(sched)).e, 2);
  assert.equal((await decodeShare(sched)).state.semantics, 2);
});

test('a wrong semantics version is a broken link', async () => {
  for (const e of [0, -1, 1.5, '2', null, [2]]) {
    const d = await decodeShare(await deflate({ l: 'a', n: 0, e }));
    assert.deepEqual(d, { ok: false, error: 'share_bad' }, `e=${JSON.stringify(e)}`);
  }
});

test('sizes are judged against the hello, not in the link', async () => {
  const limits = { message_bytes: 1000, request_bytes: 500 };
  // Over the message limit but under the decoding cap (2 x 1000 bytes):
  // the link opens, and the page measures the load before sending it.
  const mid = await decodeShare(await encodeShare({ scenario: 'x'.repeat(1500), step: 0 }), limits);
  assert.equal(mid.ok, true);
  assert.equal(mid.state.scenario.length, 1500);
  // Far over: decoding stops early and says how large a message may be.
  const big = await decodeShare(await deflate({ s: 'y'.repeat(5000) }), limits);
  assert.deepEqual(big, { ok: false, error: 'share_too_large', max: 1000 });
  // A fragment too long to inflate to less than the cap.
  const long = '#s=1.' + 'A'.repeat(4000);
  assert.deepEqual(await decodeShare(long, limits), { ok: false, error: 'share_too_large', max: 1000 });
  // Before the hello nothing is known: the page waits for it.
  assert.deepEqual(await decodeShare(await encodeShare({ lesson: 'a', step: 0 }), {}), { ok: false, error: 'share_limits' });
  assert.equal(inflateCap({ message_bytes: 80, request_bytes: 100 }), 200);
  assert.equal(inflateCap(undefined), 0);
});

async function deflate(o) {
  const bytes = new TextEncoder().encode(JSON.stringify(o));
  const s = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const b = new Uint8Array(await new Response(s).arrayBuffer());
  return '#s=1.' + btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function inflate(h) {
  const b64 = h.slice('#s=1.'.length).replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(b64 + '==='.slice((b64.length + 3) % 4)), c => c.charCodeAt(0));
  const s = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return JSON.parse(await new Response(s).text());
}

test('a Go program travels in a link as a scenario does, and a big one is refused with its size', async () => {
  const { goTemplate } = await import('./examples.js');
  const { checkLoad } = await import('./limits.js');
  const prog = goTemplate(k => k);
  const st = { scenario: prog, seed: 0, choices: [3, 2], step: 9, interleave: true };
  const d = await decodeShare(await encodeShare(st));
  assert.equal(d.ok, true);
  assert.equal(d.state.scenario, prog, 'the Go source arrives unchanged (tabs and all)');
  assert.deepEqual(loadMessage(d.state), { v: 1, type: 'load', scenario: prog, choices: [3, 2], step: 9, interleave: true, semantics: 1 });
  // A Go program over scenario_bytes opens, but is not sent: checkLoad says
  // which limit, how big it is and the most the server takes.
  const limits = { message_bytes: 80 << 10, request_bytes: 64 << 10, scenario_bytes: 64 << 10 };
  const big = prog + `// ${'x'.repeat(70 << 10)}\n`;
  const opened = await decodeShare(await encodeShare({ scenario: big, step: 0 }), limits);
  assert.equal(opened.ok, true, 'a repetitive program compresses under the decoding cap');
  const over = checkLoad(loadMessage(opened.state), limits);
  assert.equal(over.limit, 'scenario_bytes');
  assert.equal(over.max, 64 << 10);
  assert.equal(over.size, new TextEncoder().encode(big).length);
});

test('a link carries the Go tab; any other tab opens the picture', async () => {
  const go = { lesson: 'lifecycle', step: 2, tab: 'go' };
  assert.deepEqual(await decodeShare(await encodeShare(go)), { ok: true, state: { ...go, semantics: 1 } });
  const pic = await decodeShare(await encodeShare({ lesson: 'lifecycle', step: 2, tab: 'picture' }));
  assert.deepEqual(pic, { ok: true, state: { lesson: 'lifecycle', step: 2, semantics: 1 } });
  // The scheduling view has no such tab: its link leaves it out.
  const sched = await encodeShare({ view: 'sched', tab: 'go', sched: { ed: { jobs: [{ name: 'A', arrival: 0, bursts: '3', priority: 0, tickets: 100, nice: 0 }] } } });
  assert.equal((await decodeShare(sched)).state.tab, undefined);
});

test('a link carries the language it was made in; an unknown one is ignored', async () => {
  const st = { lesson: 'lifecycle', step: 4, lang: 'zh-CN' };
  assert.deepEqual(await decodeShare(await encodeShare(st)), { ok: true, state: { ...st, semantics: 1 } });
  const en = await decodeShare(await encodeShare({ lesson: 'lifecycle', step: 1, lang: 'en' }));
  assert.equal(en.state.lang, 'en');
  const none = await decodeShare(await encodeShare({ lesson: 'lifecycle', step: 1, lang: 'fr' }));
  assert.deepEqual(none, { ok: true, state: { lesson: 'lifecycle', step: 1, semantics: 1 } });
});
