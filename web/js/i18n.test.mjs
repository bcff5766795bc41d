import test from 'node:test';
import assert from 'node:assert/strict';
import { catalogs, t, setLang, getLang, pickLang, pick, LANGS } from './i18n.js';

test('every key exists in both languages, with the same placeholders', () => {
  const en = catalogs.en, zh = catalogs['zh-CN'];
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  const ph = s => (s.match(/\{\w+\}/g) || []).sort().join();
  for (const k of Object.keys(en)) {
    assert.equal(ph(zh[k]), ph(en[k]), `placeholders of ${k}`);
    assert.ok(en[k].trim() && zh[k].trim(), `empty ${k}`);
  }
});

test('the keys the page and the log use exist', () => {
  const states = ['none', 'runnable', 'running', 'sleeping', 'disk', 'stopped', 'traced', 'zombie', 'dead'];
  const causes = ['fork', 'arrival', 'dispatch', 'quantum', 'yield', 'sleep', 'io', 'disk', 'io_done', 'wait_child',
    'child_exit', 'signal_wake', 'sigstop', 'sigcont', 'sigkill', 'sigterm', 'exit', 'reap', 'autoreap', 'ignored', 'no_pid', 'task_limit', 'task_table'];
  const errors = ['bad_json', 'bad_version', 'unknown_type', 'bad_field', 'parse', 'unknown_lesson', 'too_large', 'no_scenario', 'busy'];
  for (const l of LANGS) {
    for (const s of states) assert.ok(catalogs[l][`state.${s}`], `${l} state.${s}`);
    for (const c of causes) assert.ok(catalogs[l][`cause.${c}`], `${l} cause.${c}`);
    for (const e of errors) assert.ok(catalogs[l][`err.${e}`], `${l} err.${e}`);
    for (const s of states.filter(s => s !== 'none')) assert.ok(catalogs[l][`node.${s}`], `${l} node.${s}`);
  }
});

test('t fills placeholders and falls back', () => {
  setLang('en');
  assert.equal(t('log.step', { n: 8 }), 'step 8:');
  assert.equal(t('no.such.key'), 'no.such.key');
  setLang('zh-CN');
  assert.equal(getLang(), 'zh-CN');
  assert.equal(t('log.step', { n: 8 }), '第 8 步：');
  setLang('fr');
  assert.equal(getLang(), 'en');
});

test('pickLang follows the stored choice, then the browser', () => {
  assert.equal(pickLang(['zh-TW', 'en'], null), 'zh-CN');
  assert.equal(pickLang(['zh'], null), 'zh-CN');
  assert.equal(pickLang(['en-US', 'zh-CN'], null), 'en');
  assert.equal(pickLang(['de'], null), 'en');
  assert.equal(pickLang([], null), 'en');
  assert.equal(pickLang(['zh-CN'], 'en'), 'en');
  assert.equal(pickLang(['en'], 'zh-CN'), 'zh-CN');
  assert.equal(pickLang(['en'], 'xx'), 'en');
});

test('pick chooses the lesson text of the language', () => {
  const p = { en: 'Zombies', zh: '僵尸进程' };
  assert.equal(pick(p, 'en'), 'Zombies');
  assert.equal(pick(p, 'zh-CN'), '僵尸进程');
  assert.equal(pick({ en: 'Only' }, 'zh-CN'), 'Only');
  assert.equal(pick(undefined, 'en'), '');
});
