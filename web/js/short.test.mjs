import test from 'node:test';
import assert from 'node:assert/strict';
import { fragmentOf, shortLinkAt, qrSrc, utf8Bytes, readShortAnswer, shortErrorText, basesOf, CODE } from './short.js';
import { t, setLang } from './i18n.js';
import { englishWords } from './zh-words.mjs';
import { shortEn, shortZh } from './i18n-short.js';

test('fragmentOf is the text after the first #, without it', () => {
  const cases = [
    ['http://h:1/?lang=en#s=1.abc', 's=1.abc'],
    ['http://h:1/#sched/rr-basics', 'sched/rr-basics'],
    ['http://h:1/#live/forker', 'live/forker'],
    ['http://h:1/#a#b', 'a#b'],
    ['http://h:1/', ''],
    ['', ''],
    [undefined, ''],
  ];
  for (const [in_, want] of cases) assert.equal(fragmentOf(in_), want, String(in_));
});

test('shortLinkAt keeps the long link\'s base: origin and directory', () => {
  const cases = [
    ['http://127.0.0.1:8080/?lang=en#s=1.abc', 'ABCDEFGH', 'http://127.0.0.1:8080/s/ABCDEFGH'],
    ['https://school.example/proclab/?lang=zh-CN#sched/x', 'ABCDEFGH', 'https://school.example/proclab/s/ABCDEFGH'],
    ['https://school.example/proclab/index.html#x', 'Z2345677', 'https://school.example/proclab/s/Z2345677'],
    ['http://[::1]:9/#x', 'ABCDEFGHJ', 'http://[::1]:9/s/ABCDEFGHJ'],
    ['http://192.0.2.7:8080/#x', 'abcdefgh', ''], // not base32 upper case
    ['http://192.0.2.7:8080/#x', 'ABCDEFG', ''], // too short
    ['http://192.0.2.7:8080/#x', 'ABCDEFG1', ''], // 1 is not base32
    ['http://192.0.2.7:8080/#x', '../ABCDEFGH', ''],
    ['file:///tmp/x#y', 'ABCDEFGH', ''],
    ['not a url', 'ABCDEFGH', ''],
  ];
  for (const [link, code, want] of cases) assert.equal(shortLinkAt(link, code), want, `${link} ${code}`);
});

test('qrSrc escapes the whole text into one query value', () => {
  assert.equal(qrSrc('http://h:1/s/ABCDEFGH'), '/api/qr?text=http%3A%2F%2Fh%3A1%2Fs%2FABCDEFGH');
  assert.equal(qrSrc('http://h/?a=1&b=2#s=1.x'), '/api/qr?text=http%3A%2F%2Fh%2F%3Fa%3D1%26b%3D2%23s%3D1.x');
  assert.equal(qrSrc('x', true), '/api/qr?text=x&format=png');
  const back = new URLSearchParams(qrSrc('http://h/?lang=zh-CN#s=1.a+b/c').split('?')[1]).get('text');
  assert.equal(back, 'http://h/?lang=zh-CN#s=1.a+b/c');
});

test('utf8Bytes counts bytes, not characters', () => {
  for (const [s, want] of [['', 0], ['abc', 3], ['僵尸', 6], ['é', 2]]) assert.equal(utf8Bytes(s), want, s);
});

test('readShortAnswer takes only a well-formed code', () => {
  const cases = [
    [{ ok: true, data: { code: 'ABCDEFGH', url: '/s/ABCDEFGH' } }, { ok: true, code: 'ABCDEFGH' }],
    [{ ok: true, data: { code: 'ABCDEFGHIJ' } }, { ok: true, code: 'ABCDEFGHIJ' }],
    [{ ok: true, data: { code: '<img>' } }, { ok: false, error: { code: 'bad_answer', message: '' } }],
    [{ ok: true, data: {} }, { ok: false, error: { code: 'bad_answer', message: '' } }],
    [{ ok: true, data: null }, { ok: false, error: { code: 'bad_answer', message: '' } }],
    [{ ok: false, error: { code: 'rate_limited', message: 'slow down' } }, { ok: false, error: { code: 'rate_limited', message: 'slow down' } }],
  ];
  for (const [in_, want] of cases) assert.deepEqual(readShortAnswer(in_), want, JSON.stringify(in_));
  assert.ok(CODE.test('ABCDEFGH') && !CODE.test('ABCDEFGH\n'));
});

test('shortErrorText translates by code, says "no links" for a server without the route, else the message', () => {
  setLang('en');
  const cases = [
    [{ code: 'rate_limited', message: 'x' }, shortEn['short.err.rate_limited']],
    [{ code: 'store_full', message: 'x' }, shortEn['short.err.store_full']],
    [{ code: 'links_off', message: 'x' }, shortEn['short.err.links_off']],
    [{ code: 'http_404', message: '' }, shortEn['short.err.none']],
    [{ code: 'http_405', message: '' }, shortEn['short.err.none']],
    [{ code: 'network', message: '' }, shortEn['short.err.network']],
    [{ code: 'busy', message: 'x' }, t('err.busy')],
    [{ code: 'some_new_code', message: 'The server says so.' }, 'The server says so.'],
  ];
  for (const [err, want] of cases) assert.equal(shortErrorText(t, err), want, err.code);
  setLang('zh-CN');
  assert.equal(shortErrorText(t, { code: 'rate_limited', message: 'x' }), shortZh['short.err.rate_limited']);
  setLang('en');
});

test('basesOf prefers the public URL, then a network address that reaches the server', () => {
  const page = 'http://127.0.0.1:8080/#s=1.x';
  const pub = { url: 'https://lab.example/#s=1.x', kind: 'public' };
  const net = { url: 'http://192.0.2.7:8080/#s=1.x', kind: 'network' };
  const cases = [
    ['not loopback', null, ['page'], 0],
    ['public and network', { links: [pub, net], reachable: true }, ['page', 'public', 'network'], 1],
    ['network, reachable', { links: [net], reachable: true }, ['page', 'network'], 1],
    ['network, loopback only', { links: [net], reachable: false }, ['page', 'network'], 0],
    ['nothing', { links: [], reachable: false }, ['page'], 0],
    ['junk', { links: [{ url: 5, kind: 'network' }, { url: 'x', kind: 'evil' }] }, ['page'], 0],
  ];
  for (const [name, local, kinds, pick] of cases) {
    const got = basesOf(page, local);
    assert.deepEqual(got.bases.map(b => b.kind), kinds, name);
    assert.equal(got.pick, pick, name);
  }
  assert.equal(basesOf(page, { links: [net] }).bases[1].host, '192.0.2.7:8080');
});

test('the catalogs have the same keys, and zh has no English', () => {
  assert.deepEqual(Object.keys(shortZh).sort(), Object.keys(shortEn).sort());
  for (const [k, v] of Object.entries(shortZh)) assert.deepEqual(englishWords(v), [], k);
  for (const [k, v] of Object.entries(shortEn)) {
    const ph = s => (s.match(/\{\w+\}/g) || []).sort();
    assert.deepEqual(ph(shortZh[k]), ph(v), `${k}: placeholders`);
  }
});
