import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { microZh, microText } from './i18n-micro.js';
import { setLang } from './i18n.js';

// Every micro-step of the built-in lessons (lab: TestMicroTextsListed).
const texts = JSON.parse(readFileSync(new URL('./testdata/micro-texts.json', import.meta.url), 'utf8'));

// PROSE: the English around the instructions. None may be left in Chinese;
// the instructions' own words (load, store, lock, print, kill, close, ...)
// and the programs' names stay.
const PROSE = [/atomically/, /\bback to\b/, /receive from/, /\bsend\b/, /\bcatch\b/, /critical section/,
  /jump over/, /\breturns\b/, /the process/, /wait until/, /can go on/, /\bticks?\b/, /\bspin\b/,
  /\bstart a\b/, /gets a value/, /\(true:/, /\bthe goroutine\b/, /\byield\b/, /for ever/, /every goroutine/,
  /wait for child/, /sleep on/, /then lock/, /or learn/, /the (old|new) value/, /\bpage\b/, /\bcounter \+=/,
  /^test\b/, /^sleep\b/, /\bcases?:/];

test('every micro-step of the lessons is said in Chinese: no English prose is left', () => {
  assert.ok(texts.length > 150, `only ${texts.length} micro-step texts listed`);
  let said = 0;
  for (const en of texts) {
    const zh = microZh(en);
    // A program's own words (a print's string, a panic's message) are data.
    const words = zh.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/^panic: .*/, 'panic');
    for (const re of PROSE) assert.doesNotMatch(words, re, `${en} → ${zh}`);
    if (zh !== en) said++;
  }
  assert.ok(said > 60, `only ${said} texts changed`);
});

test('micro-steps in Chinese: instructions, names and values kept', () => {
  const cases = [
    ['atomically add 1 to counter', '原子地把 1 加到 counter 上'],
    ['r0 = atomically: if s == 0 then s = 1', 'r0 = 原子地：若 s == 0，则 s = 1'],
    ['test r0 != 0 (true: jump)', '判断 r0 != 0（为真则跳转）'],
    ['catch SIGINT: send it on sigs', '捕获 SIGINT：把它发送到 sigs'],
    ['send 1 on done', '向 done 发送 1'],
    ['ok = receive from done', 'ok = 从 done 接收'],
    ['case: v = receive from slow', 'case：v = 从 slow 接收'],
    ['spin: compare-and-swap 0 -> 1 s until it was 0', '自旋：对 s 执行 compare-and-swap 0 -> 1，直到它原来的值为 0'],
    ['write heap page 3', '写堆的第 3 页'],
    ['sleep 10 ticks (1ms)', '睡眠 10 个时钟滴答（1ms）'],
    ['load counter -> r0', 'load counter -> r0'],
    ['lock m', 'lock m'],
  ];
  for (const [en, zh] of cases) assert.equal(microZh(en), zh, en);
});

test('microText follows the page language', () => {
  setLang('en');
  assert.equal(microText('enter critical section'), 'enter critical section');
  setLang('zh-CN');
  assert.equal(microText('enter critical section'), '进入临界区');
  assert.equal(microText(''), '');
  setLang('en');
});
