import test from 'node:test';
import assert from 'node:assert/strict';
import { readError, errorText, errorParts, knownError, readResponse } from './errors.js';
import { t, setLang } from './i18n.js';

test('errors are read in the one shape, from websocket and REST alike', () => {
  const cases = [
    { name: 'websocket', body: { v: 1, type: 'error', code: 'parse', message: 'line 2, column 3: oops', line: 2, col: 3 }, status: 0, want: { code: 'parse', message: 'line 2, column 3: oops', line: 2, col: 3 } },
    { name: 'REST', body: { v: 1, type: 'error', code: 'bad_field', message: 'cpus must be from 1 to 8' }, status: 400, want: { code: 'bad_field', message: 'cpus must be from 1 to 8' } },
    { name: 'old REST body', body: { code: 'too_large', error: 'the request is larger' }, status: 413, want: { code: 'too_large', message: 'the request is larger' } },
    { name: 'live command id', body: { code: 'no_such_process', message: 'gone', id: 7 }, status: 0, want: { code: 'no_such_process', message: 'gone', id: 7 } },
    { name: 'not JSON', body: null, status: 502, want: { code: 'http_502', message: '' } },
    { name: 'hostile code', body: { code: 'a b<script>', message: 'x' }, status: 400, want: { code: 'http_400', message: 'x' } },
    { name: 'nothing at all', body: 'str', status: 0, want: { code: 'unknown', message: '' } },
    { name: 'parse detail', body: { code: 'parse', message: 'line 2, column 3: unknown statement "x"', line: 2, col: 3, detail: { code: 'unknown_statement', args: ['x'] } }, status: 0,
      want: { code: 'parse', message: 'line 2, column 3: unknown statement "x"', line: 2, col: 3, detail: { code: 'unknown_statement', args: ['x'] } } },
    { name: 'detail with a hostile code', body: { code: 'parse', message: 'm', detail: { code: 'A<b>', args: [] } }, status: 0, want: { code: 'parse', message: 'm' } },
    { name: 'detail with a number for an argument', body: { code: 'parse', message: 'm', detail: { code: 'twice', args: [3] } }, status: 0, want: { code: 'parse', message: 'm' } },
    { name: 'detail without args', body: { code: 'parse', message: 'm', detail: { code: 'twice' } }, status: 0, want: { code: 'parse', message: 'm' } },
  ];
  for (const c of cases) assert.deepEqual(readError(c.body, c.status), c.want, c.name);
});

test('errors are translated by code, falling back to the message', () => {
  setLang('en');
  assert.equal(errorText(t, { code: 'parse', message: 'x', line: 4, col: 2 }), 'The scenario has an error at line 4, column 2.');
  assert.equal(errorText(t, { code: 'made_up_code', message: 'Something odd.' }), 'Something odd.');
  assert.equal(errorText(t, { code: 'made_up_code', message: '' }), t('err.unknown'));
  setLang('zh-CN');
  assert.equal(errorText(t, { code: 'busy', message: 'busy' }), '服务器繁忙（会话太多）。请稍后再试。');
  assert.ok(knownError(t, 'too_large'));
  assert.ok(!knownError(t, 'made_up_code'));
  setLang('en');
});

test('a response is read into data or an error', async () => {
  const ok = await readResponse(new Response('{"a":1}', { status: 200 }));
  assert.deepEqual(ok, { ok: true, data: { a: 1 } });
  const bad = await readResponse(new Response('{"v":1,"type":"error","code":"bad_field","message":"no"}', { status: 400 }));
  assert.deepEqual(bad, { ok: false, error: { code: 'bad_field', message: 'no' } });
  const html = await readResponse(new Response('<html>', { status: 500 }));
  assert.deepEqual(html, { ok: false, error: { code: 'http_500', message: '' } });
});

test('a translated error keeps the server\'s words as its detail', () => {
  setLang('en');
  assert.deepEqual(errorParts(t, { code: 'bad_field', message: 'cpus must be from 1 to 8' }), { text: 'A command had a wrong value.', detail: 'cpus must be from 1 to 8', hint: '' });
  assert.deepEqual(errorParts(t, { code: 'odd', message: 'Odd.' }), { text: 'Odd.', detail: '', hint: '' });
  // In Chinese the English message is no longer beside the translation: it is a hint (a tooltip).
  assert.deepEqual(errorParts(t, { code: 'bad_field', message: 'cpus must be from 1 to 8' }, {}, 'zh-CN'), { text: 'A command had a wrong value.', detail: '', hint: 'cpus must be from 1 to 8' });
});
