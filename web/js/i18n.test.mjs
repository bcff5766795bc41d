import test from 'node:test';
import assert from 'node:assert/strict';
import { catalogs, t, setLang, getLang, pickLang, pick, LANGS, namesAtMost, NAMES_AT_MOST } from './i18n.js';
// The dictionaries of the views loaded on demand (lazy.js) add themselves
// when imported: import them so that every check below sees every string.
import './i18n-live.js';
import './i18n-editor.js';
import './i18n-room.js';
import './i18n-parse.js';
import { englishWords } from './zh-words.mjs';

// The keys that are in the other language on purpose: the language button
// and the line that invites a reader to switch.
const OTHER_LANGUAGE = new Set(['btn.lang', 'home.other']);

test('every key exists in both languages, with the same placeholders', () => {
  const en = catalogs.en, zh = catalogs['zh-CN'];
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  // {name}, or {0:kind} (a parse error's argument and how to say it): the
  // name must match, the way of saying it may differ.
  const ph = s => (s.match(/\{\w+(?::\w+)?\}/g) || []).map(p => p.replace(/:\w+\}$/, '}')).sort().join();
  for (const k of Object.keys(en)) {
    assert.equal(ph(zh[k]), ph(en[k]), `placeholders of ${k}`);
    assert.ok(en[k].trim() && zh[k].trim(), `empty ${k}`);
  }
});

test('a key missing in one language is found', () => {
  const missing = (a, b) => Object.keys(a).filter(k => !Object.prototype.hasOwnProperty.call(b, k));
  assert.deepEqual(missing(catalogs.en, catalogs['zh-CN']), [], 'keys only in English');
  assert.deepEqual(missing(catalogs['zh-CN'], catalogs.en), [], 'keys only in Chinese');
  // The check itself finds a gap.
  assert.deepEqual(missing({ a: 1, b: 2 }, { a: 1 }), ['b']);
});

test('no untranslated English in zh-CN (outside the allow-list of zh-words.mjs)', () => {
  const zh = catalogs['zh-CN'];
  const bad = Object.keys(zh).filter(k => !OTHER_LANGUAGE.has(k))
    .map(k => [k, englishWords(zh[k])]).filter(([, w]) => w.length);
  assert.deepEqual(bad, [], bad.map(([k, w]) => `${k}: ${w.join(' ')} in “${zh[k]}”`).join('\n'));
});

test('no Chinese in the English catalog', () => {
  const en = catalogs.en;
  const bad = Object.keys(en).filter(k => !OTHER_LANGUAGE.has(k) && /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/.test(en[k]));
  assert.deepEqual(bad, []);
});

test('the English check finds English and lets identifiers, glosses and names through', () => {
  const cases = [
    ['{p} 被 SIGSTOP 暂停（T）', []],
    ['{p} 调用 fork() 创建了 {p}', []],
    ['测试并置位（test-and-set）', []],
    ['ProcLab 服务器连续 {n} 次关闭了连接', []],
    ['时间片轮转（RR）与 FCFS', []],
    ['pid_max 以下没有空闲 PID', []],
    ['{p} waits here', ['waits', 'here']],
    ['运行达到了 tick 上限', ['tick']],
    ['对 full 执行 post', ['full', 'post']],
  ];
  for (const [s, want] of cases) assert.deepEqual(englishWords(s), want, s);
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

test('namesAtMost names at most NAMES_AT_MOST and counts the rest, in both languages', () => {
  const names = Array.from({ length: 3000 }, (_, i) => `P${i + 1}`);
  assert.equal(namesAtMost(names.slice(0, 3)), 'P1, P2, P3');
  assert.equal(namesAtMost(names.slice(0, NAMES_AT_MOST)), names.slice(0, NAMES_AT_MOST).join(', '));
  const en = namesAtMost(names, names.length, 'en');
  assert.equal(en, `${names.slice(0, NAMES_AT_MOST).join(', ')} and ${3000 - NAMES_AT_MOST} more`);
  // Only the first names need be given: the total counts the others.
  assert.equal(namesAtMost(names.slice(0, NAMES_AT_MOST), 3000, 'en'), en);
  assert.equal(namesAtMost(names.slice(0, 2), 5, 'zh-CN'), 'P1, P2 等，另有 3 个');
  assert.ok(en.split(', ').length <= NAMES_AT_MOST, 'no more than NAMES_AT_MOST names');
});
