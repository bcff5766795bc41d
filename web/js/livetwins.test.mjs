import test from 'node:test';
import assert from 'node:assert/strict';
import { liveTwinsOf } from './livetwins.js';

test('liveTwinsOf: the live lessons that name a simulated lesson as their twin', () => {
  const live = [
    { id: 'cow', twin: 'cow', title: { en: 'COW', zh: '写时复制' } },
    { id: 'states', twin: 'cpu-vs-io', title: { en: 'States', zh: '状态' } },
    { id: 'ipc', twin: 'pipes', title: { en: 'Pipes', zh: '管道' } },
    { id: 'fifo', twin: 'pipes' },
    null,
    { twin: 'pipes' },
  ];
  const cases = [
    { name: 'one twin', id: 'cow', want: [{ id: 'cow', title: { en: 'COW', zh: '写时复制' } }] },
    { name: 'two, in order, a missing title falls back to the id', id: 'pipes', want: [{ id: 'ipc', title: { en: 'Pipes', zh: '管道' } }, { id: 'fifo', title: { en: 'fifo', zh: 'fifo' } }] },
    { name: 'none', id: 'mutex', want: [] },
    { name: 'no id', id: '', want: [] },
  ];
  for (const c of cases) assert.deepEqual(liveTwinsOf(live, c.id), c.want, c.name);
  assert.deepEqual(liveTwinsOf(undefined, 'cow'), [], 'no list');
});
