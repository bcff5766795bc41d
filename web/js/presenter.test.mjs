import test from 'node:test';
import assert from 'node:assert/strict';
import { resolveTheme, readTheme, readSize, stepSize, jumpText, noneText, SIZES, DEFAULT_SIZE, THEMES } from './presenter.js';
import { catalogs } from './i18n.js';

test('the theme in force follows the choice, and Auto the system', () => {
  const cases = [
    ['auto', false, 'light'], ['auto', true, 'dark'], ['light', true, 'light'], ['dark', false, 'dark'],
    ['contrast', true, 'contrast'], ['nonsense', true, 'dark'], [null, false, 'light'],
  ];
  for (const [choice, dark, want] of cases) assert.equal(resolveTheme(choice, dark), want, `${choice} (system dark: ${dark})`);
  for (const [stored, want] of [['dark', 'dark'], ['contrast', 'contrast'], ['purple', 'auto'], [null, 'auto'], ['', 'auto']]) {
    assert.equal(readTheme(stored), want, String(stored));
  }
  for (const th of THEMES) assert.ok(catalogs.en[`theme.${th}`] && catalogs['zh-CN'][`theme.${th}`], th);
});

test('the text size steps stay within SIZES', () => {
  assert.equal(SIZES[DEFAULT_SIZE], 1);
  const cases = [[null, DEFAULT_SIZE], ['', DEFAULT_SIZE], ['0', 0], ['4', 4], ['5', DEFAULT_SIZE], ['-1', DEFAULT_SIZE], ['1.5', DEFAULT_SIZE], ['x', DEFAULT_SIZE]];
  for (const [stored, want] of cases) assert.equal(readSize(stored), want, String(stored));
  assert.equal(stepSize(0, -1), 0);
  assert.equal(stepSize(SIZES.length - 1, 1), SIZES.length - 1);
  assert.equal(stepSize(1, 1), 2);
  for (let i = 1; i < SIZES.length; i++) assert.ok(SIZES[i] > SIZES[i - 1], 'sizes grow');
});

test('the jump note says why it stopped, in both languages', () => {
  const who = pid => `P${pid}`;
  const fake = (key, p) => `${key}:${JSON.stringify(p)}`;
  const cases = [
    [{ step: 8, reason: 'orphan', task: 3, other: 1 }, 'jump.orphan', { p: 'P3', q: 'P1' }],
    [{ step: 2, reason: 'fork', task: 3, other: 2 }, 'jump.fork', { p: 'P3', q: 'P2' }],
    [{ step: 2, reason: 'fork', task: 3 }, 'jump.fork.nobody', { p: 'P3', q: '' }],
    [{ step: 9, reason: 'deadlock', task: 2 }, 'jump.deadlock.one', { p: 'P2', q: '' }],
    [{ step: 9, reason: 'race', task: 2, other: 3 }, 'jump.race', { p: 'P2', q: 'P3' }],
    [{ step: 5, reason: 'reap', task: 3, other: 2 }, 'jump.reap', { p: 'P3', q: 'P2' }],
  ];
  for (const [msg, key, params] of cases) {
    const [head, what] = jumpText(msg, who, fake);
    assert.equal(head, `jump.head:${JSON.stringify({ n: msg.step })}`);
    assert.equal(what, `${key}:${JSON.stringify(params)}`, msg.reason);
  }
  for (const r of ['deadlock', 'race', 'boost', 'orphan', 'reap', 'signal', 'exit', 'fork', 'cow', 'ipc_block']) {
    for (const lang of ['en', 'zh-CN']) assert.ok(catalogs[lang][`jump.${r}`], `${lang}: jump.${r}`);
  }
  assert.equal(noneText({ found: false, from: 4, searched: 21, complete: true }, 21, fake), 'jump.none:{"n":4,"total":21}');
  assert.equal(noneText({ found: false, from: 4, searched: 900, complete: false }, 5000, fake), 'jump.none.partial:{"n":4,"to":900}');
});
