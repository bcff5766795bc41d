import test from 'node:test';
import assert from 'node:assert/strict';
import { scaleFor, axisStep, axisTicks, stateRuns, chartHeight, STATE_STYLE, AXIS_H, CPU_H, JOB_H, SEP, GAP, TAG_H } from './sched-gantt.js';

test('the time scale fills the width', () => {
  assert.equal(scaleFor(30, 900), 30);
  assert.equal(scaleFor(0, 900), 900, 'an empty schedule is one tick wide');
});

test('axis labels stay apart and the end is labelled', () => {
  assert.equal(axisStep(40), 1);
  assert.equal(axisStep(20), 2);
  assert.equal(axisStep(1), 50);
  assert.deepEqual(axisTicks(30, 40), Array.from({ length: 31 }, (_, i) => i));
  assert.deepEqual(axisTicks(11, 10), [0, 5, 11], 'the end replaces a crowded last label');
  assert.deepEqual(axisTicks(13, 10), [0, 5, 10, 13]);
});

test('stateRuns merges equal ticks', () => {
  assert.deepEqual(stateRuns('--rrRR  '), [
    { ch: '-', start: 0, end: 2 }, { ch: 'r', start: 2, end: 4 }, { ch: 'R', start: 4, end: 6 }, { ch: ' ', start: 6, end: 8 },
  ]);
  assert.deepEqual(stateRuns(''), []);
  assert.deepEqual(stateRuns(undefined), []);
});

test('each state is drawn by height, not colour alone', () => {
  const h = ch => STATE_STYLE[ch].h;
  assert.ok(h('R') > h('r') && h('r') > h('S') && h('S') > h('-'));
  assert.equal(h('S'), h('D'));
  const keys = new Set(Object.values(STATE_STYLE).map(s => s.key));
  for (const k of ['running', 'ready', 'io', 'switching', 'absent', 'ended']) assert.ok(keys.has(k), k);
});

test('chartHeight stacks blocks of lanes', () => {
  assert.equal(chartHeight([{ cpus: 1, jobs: 3 }]), AXIS_H + 6 + CPU_H + SEP + 3 * JOB_H + 8 + TAG_H);
  assert.equal(chartHeight([{ cpus: 2, jobs: 0 }, { cpus: 2, jobs: 0 }], false), AXIS_H + 6 + 4 * CPU_H + GAP + 8);
});
