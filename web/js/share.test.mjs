import test from 'node:test';
import assert from 'node:assert/strict';
import { encodeShare, decodeShare, loadMessage, shareURL, isShareHash } from './share.js';

test('a lesson link round-trips', async () => {
  const st = { lesson: 'zombies', seed: 42, choices: [3, 2, 3], step: 14 };
  const h = await encodeShare(st);
  assert.match(h, /^#s=1\.[A-Za-z0-9_-]+$/);
  assert.deepEqual(await decodeShare(h), { ok: true, state: st });
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
