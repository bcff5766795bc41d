import test from 'node:test';
import assert from 'node:assert/strict';
import { readLimits, readSemantics, checkLoad, checkMessage, checkRequest, utf8Bytes, fmtBytes, tooLargeParams, range, clampTo, LIMIT_KEYS } from './limits.js';

const hello = {
  message_bytes: 80 << 10, scenario_bytes: 64 << 10, steps: 1000000, choices: 100000, ostep_args_bytes: 1024,
  x86_source_bytes: 16 << 10, min_speed: 0.5, max_speed: 50, explore_states: 200000, request_bytes: 64 << 10,
  sched_cpus: 8, sched_switch_cost: 10, sched_quantum: 100, sched_jobs: 32, sched_bursts: 201, sched_runs: 12, sched_ticks: 5000,
};

test('limits are read from the hello; wrong values stay unknown', () => {
  assert.deepEqual(readLimits(hello), hello);
  assert.deepEqual(Object.keys(readLimits(hello)).sort(), [...LIMIT_KEYS].sort());
  assert.deepEqual(readLimits({ message_bytes: '80', steps: -1, choices: NaN, sched_cpus: 4, other: 3 }), { sched_cpus: 4 });
  for (const bad of [null, undefined, 7, 'x', [1]]) assert.deepEqual(readLimits(bad), {}, String(bad));
  assert.equal(readSemantics(3), 3);
  for (const bad of [0, -2, 1.5, '2', undefined]) assert.equal(readSemantics(bad), 0, String(bad));
});

test('a load is measured before it is sent', () => {
  const small = { message_bytes: 200, scenario_bytes: 100, ostep_args_bytes: 10, x86_source_bytes: 20, choices: 3 };
  const cases = [
    { name: 'fits', msg: { v: 1, type: 'load', scenario: 'process a\n' }, want: null },
    { name: 'scenario over', msg: { v: 1, type: 'load', scenario: 'x'.repeat(101) }, want: { limit: 'scenario_bytes', size: 101, max: 100, over: 1 } },
    { name: 'scenario in UTF-8 bytes', msg: { v: 1, type: 'load', scenario: '进'.repeat(34) }, want: { limit: 'scenario_bytes', size: 102, max: 100, over: 2 } },
    { name: 'command over', msg: { v: 1, type: 'load', ostep: 'process-run -l 1' }, want: { limit: 'ostep_args_bytes', size: 16, max: 10, over: 6 } },
    { name: 'program over', msg: { v: 1, type: 'load', ostep: 'x86', source: 'y'.repeat(25) }, want: { limit: 'x86_source_bytes', size: 25, max: 20, over: 5 } },
    { name: 'choices over', msg: { v: 1, type: 'load', lesson: 'a', choices: [1, 2, 3, 4] }, want: { limit: 'choices', size: 4, max: 3, over: 1 } },
    { name: 'whole message over', msg: { v: 1, type: 'load', lesson: 'a', step: 1, semantics: 1, pad: 'z'.repeat(200) }, want: { limit: 'message_bytes', size: 266, max: 200, over: 66 } },
  ];
  for (const c of cases) assert.deepEqual(checkLoad(c.msg, small), c.want, c.name);
  assert.equal(checkLoad({ scenario: 'x'.repeat(1e6) }, {}), null, 'nothing known, nothing refused');
  assert.deepEqual(checkMessage({ a: 'xx' }, { message_bytes: 5 }), { limit: 'message_bytes', size: 10, max: 5, over: 5 });
  assert.deepEqual(checkRequest({ a: 1 }, { request_bytes: 3 }), { limit: 'request_bytes', size: 7, max: 3, over: 4 });
  assert.equal(utf8Bytes('é进'), 5);
});

test('sizes read well in a refusal', () => {
  assert.deepEqual(
    [0, 512, 1024, 1536, 80 << 10, 97638, 71681, 3 << 20].map(fmtBytes),
    ['0 B', '512 B', '1 KiB', '1.5 KiB', '80 KiB', '95.3 KiB', '70 KiB', '3 MiB']);
  assert.deepEqual(tooLargeParams({ limit: 'message_bytes', size: 97638, max: 81920, over: 15718 }), { size: '95.3 KiB', max: '80 KiB', over: '15.3 KiB' });
  assert.deepEqual(tooLargeParams({ limit: 'choices', size: 12, max: 10, over: 2 }), { size: '12', max: '10', over: '2' });
});

test('inputs take their bounds from the hello', () => {
  assert.deepEqual(range(hello, 'sched_cpus', 1), [1, 8]);
  assert.deepEqual(range({}, 'sched_cpus', 1), [1, undefined]);
  assert.deepEqual(range({ sched_cpus: 0 }, 'sched_cpus', 1), [1, undefined]);
  assert.equal(clampTo(12, [1, 8]), 8);
  assert.equal(clampTo(-3, [0, undefined]), 0);
  assert.equal(clampTo(900, [1, undefined]), 900);
});
