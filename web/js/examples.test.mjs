import test from 'node:test';
import assert from 'node:assert/strict';
import { goTemplate, scenarioTemplate, exampleGroups, parseExample, isGo } from './examples.js';
import { t, setLang, pick } from './i18n.js';
import { englishWords } from './zh-words.mjs';

test('isGo reads the first word, as gofront.IsGo does', () => {
  const cases = [
    ['package main\n', true],
    ['// a comment\n\n  package main', true],
    ['package\tmain', true],
    ['package', true],
    ['packages main', false],
    ['# a scenario\nprocess a\n  compute 1\n', false],
    ['', false],
    ['/* block */ package main', false],
  ];
  for (const [text, want] of cases) assert.equal(isGo(text), want, JSON.stringify(text));
});

test('the templates are a Go program and a scenario, with comments in the page language', () => {
  for (const lang of ['en', 'zh-CN']) {
    setLang(lang);
    const g = goTemplate(t);
    assert.ok(isGo(g), `${lang}: the Go template is Go`);
    assert.match(g, /^\/\/ .+\n\/\/ .+\n\/\/ .+\npackage main\n/);
    assert.match(g, /go worker\(i\)/);
    assert.ok(!g.includes('tpl.'), `${lang}: every comment is translated`);
    assert.ok(!scenarioTemplate(t).includes('tpl.'), `${lang}: every comment of the scenario template is translated`);
    const s = scenarioTemplate(t);
    assert.ok(!isGo(s), `${lang}: the scenario template is a scenario`);
    assert.match(s, /^# .+\n# .+\n# .+\npolicy rr 1\n/);
  }
  setLang('zh-CN');
  const comments = goTemplate(t).split('\n').filter(l => l.startsWith('//')).join(' ');
  assert.deepEqual(englishWords(comments), [], 'the Chinese comments are Chinese');
  setLang('en');
});

test('the examples menu: both templates, then each lesson\'s scenario and Go twin', () => {
  setLang('en');
  const lessons = [
    { id: 'lifecycle', title: { en: 'Life of a process', zh: '进程的一生' }, topic: 'processes' },
    { id: 'lost-update', title: { en: 'Lost update', zh: '丢失更新' }, topic: 'races', go: true },
    { id: 'no-go', title: { en: 'No twin', zh: '无' }, topic: 'processes', go: false },
    { id: 'go-counter', title: { en: 'A Go counter', zh: 'Go 计数器' }, topic: 'races', lang: 'go', go: false },
  ];
  const groups = exampleGroups(lessons, t, pick, l => l.go !== false);
  assert.equal(groups.length, 2);
  assert.deepEqual(groups[0].options.map(o => o.value), ['tpl:go', 'tpl:scenario']);
  assert.deepEqual(groups[1].options.map(o => o.value),
    ['lesson:lifecycle:scenario', 'lesson:lifecycle:go', 'lesson:lost-update:scenario', 'lesson:lost-update:go', 'lesson:no-go:scenario', 'lesson:go-counter:go']);
  assert.equal(groups[1].options[1].label, 'Life of a process: Go');
  setLang('zh-CN');
  assert.equal(exampleGroups(lessons, t, pick)[1].options[0].label, '进程的一生：场景');
  assert.equal(exampleGroups([], t, pick).length, 1, 'no lessons yet: the templates alone');
  setLang('en');
});

test('parseExample reads only the values the menu makes', () => {
  const cases = [
    ['tpl:go', { tpl: 'go' }],
    ['tpl:scenario', { tpl: 'scenario' }],
    ['lesson:lost-update:go', { lesson: 'lost-update', form: 'go' }],
    ['lesson:lifecycle:scenario', { lesson: 'lifecycle', form: 'scenario' }],
    ['lesson:../x:go', null],
    ['lesson:a:python', null],
    ['', null],
    ['tpl:rust', null],
  ];
  for (const [v, want] of cases) assert.deepEqual(parseExample(v), want, v);
});

