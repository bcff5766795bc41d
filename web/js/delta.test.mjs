import test from 'node:test';
import assert from 'node:assert/strict';
import { foldTasks, TaskTable } from './delta.js';

const task = (pid, state) => ({ pid, state });

test('a delta replaces changed tasks in place, drops gone ones and appends new ones', () => {
  const held = [task(1, 'sleeping'), task(2, 'zombie'), task(3, 'running')];
  const got = foldTasks(held, { delta: true, tasks: [task(3, 'runnable'), task(4, 'runnable')], gone: [2] });
  assert.deepEqual(got, [task(1, 'sleeping'), task(3, 'runnable'), task(4, 'runnable')]);
  assert.deepEqual(held, [task(1, 'sleeping'), task(2, 'zombie'), task(3, 'running')], 'the held table is not changed');
});

test('a whole table replaces what is held; a delta without a table cannot fold', () => {
  assert.deepEqual(foldTasks([task(1, 'x')], { tasks: [task(5, 'running')] }), [task(5, 'running')]);
  assert.equal(foldTasks(null, { delta: true, tasks: [] }), null);
  assert.deepEqual(foldTasks([task(1, 'x')], { delta: true }), [task(1, 'x')]);
});

test('a batch becomes whole events messages, one per step, in order', () => {
  const tt = new TaskTable();
  tt.expand({ type: 'loaded' });
  tt.expand({ type: 'snapshot', step: 0, tasks: [task(1, 'sleeping')] });
  const got = tt.expand({ type: 'batch', step: 2, frames: [
    { type: 'events', step: 1, delta: true, tasks: [task(2, 'runnable')], events: [] },
    { type: 'events', step: 2, delta: true, tasks: [task(2, 'running')], events: [] },
  ] });
  assert.deepEqual(got.map(m => [m.type, m.step, m.tasks.map(t => `${t.pid}:${t.state}`).join(' '), 'delta' in m]), [
    ['events', 1, '1:sleeping 2:runnable', false],
    ['events', 2, '1:sleeping 2:running', false],
  ]);
  const next = tt.expand({ type: 'events', step: 3, delta: true, tasks: [], gone: [1] });
  assert.deepEqual(next[0].tasks, [task(2, 'running')]);
});

test('a delta after a new run is loaded asks for a resync, and other messages pass', () => {
  const tt = new TaskTable();
  tt.expand({ type: 'snapshot', step: 0, tasks: [task(1, 'sleeping')] });
  tt.expand({ type: 'loaded' });
  assert.deepEqual(tt.expand({ type: 'events', step: 4, delta: true, tasks: [] }), [{ type: 'resync', step: 4 }]);
  const status = { type: 'status', playing: true };
  assert.deepEqual(tt.expand(status), [status]);
  assert.deepEqual(tt.expand(null), []);
});
