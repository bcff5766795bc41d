import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { catalogs, t } from './i18n.js';
import { parseErrorText } from './i18n-parse.js';
import { englishWords } from './zh-words.mjs';

// One example of every parse error the Go parser makes: {code, args,
// message}, written by go test ./sim -run TestParseErrorCodes -update.
const examples = JSON.parse(readFileSync(new URL('../../sim/testdata/parse_errors.json', import.meta.url), 'utf8'));

test('the examples cover a template for every code', () => {
  assert.ok(examples.length > 50, `only ${examples.length} examples`);
  const codes = new Set(examples.map(e => e.code));
  for (const c of codes) {
    assert.ok(catalogs.en[`perr.${c}`], `en perr.${c}`);
    assert.ok(catalogs['zh-CN'][`perr.${c}`], `zh-CN perr.${c}`);
  }
  // No template is left without an error that uses it.
  for (const k of Object.keys(catalogs.en).filter(k => /^perr\.[a-z_]+$/.test(k))) {
    assert.ok(codes.has(k.slice(5)), `${k} has no example`);
  }
});

test('the English template says exactly what the server says', () => {
  for (const e of examples) {
    assert.equal(parseErrorText((k, p) => t(k, p, 'en'), e), e.message, e.code);
  }
});

test('the Chinese text uses every argument and leaves no English', () => {
  const zh = (k, p) => t(k, p, 'zh-CN');
  for (const e of examples) {
    const s = parseErrorText(zh, e);
    assert.ok(s && !/\{\d/.test(s), `${e.code}: ${s}`);
    for (const a of e.args) assert.ok(s.includes(a) || e.code === 'usage' || /^[a-z]+$/.test(a), `${e.code}: argument ${a} missing in ${s}`);
    // The user's own words (an argument shown as typed) may be anything;
    // what the template and the translated arguments add must be Chinese.
    const key = `perr.${e.code}`;
    const blanked = (k, p) => (k === key ? zh(k, p).replace(/\{\d+\}/g, '①') : zh(k, p));
    const rest = parseErrorText(blanked, e);
    assert.deepEqual(englishWords(rest), [], `${e.code}: ${rest}`);
  }
});

test('a usage syntax and an object kind are said in the language', () => {
  const zh = (k, p) => t(k, p, 'zh-CN');
  assert.equal(parseErrorText(zh, { code: 'usage', args: ['NAME = trylock MUTEX'] }), '用法：名称 = trylock 互斥锁');
  assert.equal(parseErrorText(zh, { code: 'wrong_object', args: ['m', 'mutex', 'sem_wait', 'semaphore'] }), '“m”是互斥锁（mutex）；sem_wait 需要的是信号量（semaphore）');
  assert.equal(parseErrorText(zh, { code: 'unknown_statement', args: ['comptue'] }), '未知的语句“comptue”');
});

test('a detail without a template, or malformed, gives null (the English message stands)', () => {
  const zh = (k, p) => t(k, p, 'zh-CN');
  assert.equal(parseErrorText(zh, { code: 'no_such_code', args: [] }), null);
  assert.equal(parseErrorText(zh, null), null);
  assert.equal(parseErrorText(zh, { code: 'twice' }), null);
  // A missing argument stays visible as its placeholder rather than vanishing.
  assert.equal(parseErrorText(zh, { code: 'twice', args: [] }), '{0} 写了两次');
});
