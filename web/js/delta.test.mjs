import test from 'node:test';
import assert from 'node:assert/strict';
import { foldTasks, indexOf, newestByPid, TaskTable } from './delta.js';

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

test('with an index, a delta folds as without one, and the index follows the table', () => {
  const held = [task(1, 'sleeping'), task(2, 'running'), task(3, 'runnable')];
  const msg = { delta: true, tasks: [task(3, 'running'), task(5, 'runnable'), task(2, 'runnable')] };
  const index = indexOf(held);
  const got = foldTasks(held, msg, index);
  assert.deepEqual(got, foldTasks(held, msg));
  assert.deepEqual(got, [task(1, 'sleeping'), task(2, 'runnable'), task(3, 'running'), task(5, 'runnable')]);
  assert.deepEqual([...index], [[1, 0], [2, 1], [3, 2], [5, 3]]);
  assert.deepEqual(held, [task(1, 'sleeping'), task(2, 'running'), task(3, 'runnable')], 'the held table is not changed');
  assert.notEqual(got, held);
  assert.equal(indexOf([task(1, 'x'), task(1, 'y')]), null, 'a PID listed twice: no index');
});

test('a table folds the same through many steps with gone tasks and new ones', () => {
  // A TaskTable (with its index) against foldTasks alone, step by step.
  const tt = new TaskTable();
  let plain = [task(1, 'sleeping'), task(2, 'running')];
  tt.expand({ type: 'snapshot', step: 0, tasks: plain });
  let seed = 7;
  const rnd = n => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  let next = 3;
  for (let step = 1; step <= 200; step++) {
    const pids = plain.map(t => t.pid);
    const tasks = [];
    for (let k = rnd(4); k > 0; k--) tasks.push(task(pids[rnd(pids.length)], `s${step}`));
    if (rnd(5) === 0) tasks.push(task(next++, 'runnable'));
    const gone = rnd(7) === 0 && pids.length > 2 ? [pids[rnd(pids.length)]] : [];
    const msg = { type: 'events', step, delta: true, tasks, gone };
    plain = foldTasks(plain, msg);
    const [got] = tt.expand(msg);
    assert.deepEqual(got.tasks, plain, `step ${step}`);
    assert.ok(!('delta' in got) && !('gone' in got));
  }
});

test('a snapshot\'s prev sent as a delta against its tasks is folded whole', () => {
  const tt = new TaskTable();
  const tasks = [task(1, 'sleeping'), task(2, 'running'), task(4, 'runnable')];
  // Step-1: 2 was runnable, 3 was a zombie (reaped in the step), 4 not yet made.
  const [got] = tt.expand({ type: 'snapshot', step: 5, tasks, prev: [task(2, 'runnable'), task(3, 'zombie')], prev_gone: [4], prev_delta: true });
  assert.deepEqual(got.prev, [task(1, 'sleeping'), task(2, 'runnable'), task(3, 'zombie')]);
  assert.ok(!('prev_delta' in got) && !('prev_gone' in got));
  assert.equal(got.tasks, tasks);
  // Nothing changed in the step: prev is left out and is the tasks again.
  const [same] = tt.expand({ type: 'snapshot', step: 6, tasks, prev_delta: true });
  assert.deepEqual(same.prev, tasks);
  // A whole prev (an export's snapshot, step 0 without one) passes as it is.
  const whole = { type: 'snapshot', step: 1, tasks, prev: [task(1, 'x')] };
  assert.equal(tt.expand(whole)[0], whole);
  const none = { type: 'snapshot', step: 0, tasks };
  assert.equal(tt.expand(none)[0].prev, undefined);
});

test('a snapshot\'s tasks sent as rows are folded whole, held, and its prev delta folds against them', () => {
  const whole = [
    { pid: 1, ppid: 0, name: 'init', state: 'sleeping', wchan: 'do_wait', cpu: -1 },
    { pid: 2, ppid: 1, name: 'w', state: 'running', cpu: 0 },
    { pid: 3, ppid: 1, name: 'w', state: 'runnable', cpu: -1, exit_code: 0 },
    { pid: 4, ppid: 1, name: 'w', state: 'runnable', cpu: -1 },
  ];
  // Each row over the one before: its pid, what differs, and unset for the
  // fields the one before has and it does not.
  const rows = [whole[0], { pid: 2, ppid: 1, name: 'w', state: 'running', cpu: 0, unset: ['wchan'] }, { pid: 3, state: 'runnable', cpu: -1, exit_code: 0 }, { pid: 4, unset: ['exit_code'] }];
  const tt = new TaskTable();
  const [got] = tt.expand({ type: 'snapshot', step: 5, tasks: rows, tasks_rows: true, prev: [{ ...whole[3], state: 'sleeping' }], prev_delta: true });
  assert.deepEqual(got.tasks, whole);
  assert.ok(!('tasks_rows' in got));
  assert.deepEqual(got.prev, [whole[0], whole[1], whole[2], { ...whole[3], state: 'sleeping' }]);
  // The table held is the whole one: a step's patch folds against it.
  const [step] = tt.expand({ type: 'events', step: 6, delta: true, patch: true, tasks: [{ pid: 3, state: 'running', cpu: 1 }] });
  assert.deepEqual(step.tasks[2], { ...whole[2], state: 'running', cpu: 1 });
  assert.deepEqual(rows[3], { pid: 4, unset: ['exit_code'] }, 'the message\'s rows are not changed');
});

test('a snapshot\'s slim base sent as a delta against its tasks is folded whole, in the base\'s order', () => {
  const tasks = [
    { pid: 1, ppid: 0, tgid: 1, name: 'init', state: 'sleeping', mode: 'user', cpu: -1 },
    { pid: 2, ppid: 1, tgid: 2, name: 'w', state: 'running', mode: 'kernel', cpu: 0 },
    { pid: 3, ppid: 1, tgid: 3, name: 'w', state: 'runnable', mode: 'user', cpu: -1 },
    { pid: 5, ppid: 1, tgid: 5, name: 'w', state: 'runnable', mode: 'user', cpu: -1 },
  ];
  // At the window's start P2 was runnable in user mode and P5 not made yet.
  const base = { step: 40, tasks: [{ pid: 2, ppid: 1, tgid: 2, name: 'w', state: 'runnable', mode: 'user' }], gone: [5], cpus: [0], slim: true, delta: true };
  const tt = new TaskTable();
  const [got] = tt.expand({ type: 'snapshot', step: 50, base, tasks, prev_delta: true });
  const slim = ({ pid, ppid, tgid, name, state, mode }) => ({ pid, ppid, tgid, name, state, mode });
  assert.deepEqual(got.base, { step: 40, tasks: [slim(tasks[0]), base.tasks[0], slim(tasks[2])], cpus: [0], slim: true });
  // A task reaped in the window (listed, not in tasks) comes after the others.
  const reaped = { pid: 4, ppid: 1, tgid: 4, name: 'w', state: 'zombie', mode: 'user' };
  const [again] = tt.expand({ type: 'snapshot', step: 50, base: { ...base, tasks: [reaped, base.tasks[0]] }, tasks });
  assert.deepEqual(again.base.tasks.map(t => t.pid), [1, 2, 3, 4]);
  assert.deepEqual(got.tasks, tasks, 'the tasks are the snapshot\'s');
  // A base sent whole passes as it is.
  const whole = { step: 40, tasks: [tasks[0]], cpus: [], slim: true };
  assert.equal(tt.expand({ type: 'snapshot', step: 50, base: whole, tasks })[0].base, whole);
});

test('a patch changes the fields it lists, takes out those it unsets, and leaves the held task be', () => {
  const held = [
    { pid: 1, state: 'sleeping', cpu: -1, wchan: 'pipe_read', user_ticks: 3 },
    { pid: 2, state: 'running', cpu: 0, in_cs: true, user_ticks: 9 },
  ];
  const msg = { delta: true, patch: true, tasks: [
    { pid: 1, state: 'runnable', unset: ['wchan'] },
    { pid: 2, cpu: 1, user_ticks: 10, unset: ['in_cs'] },
    { pid: 3, state: 'running', cpu: 0, user_ticks: 0 }, // new: whole
  ] };
  const want = [
    { pid: 1, state: 'runnable', cpu: -1, user_ticks: 3 },
    { pid: 2, state: 'running', cpu: 1, user_ticks: 10 },
    { pid: 3, state: 'running', cpu: 0, user_ticks: 0 },
  ];
  const before = JSON.stringify(held);
  assert.deepEqual(foldTasks(held, msg), want, 'built afresh');
  assert.deepEqual(foldTasks(held, msg, indexOf(held)), want, 'through the index');
  assert.equal(JSON.stringify(held), before, 'the held tasks are not changed');
  // A gone task and a patch in one message.
  assert.deepEqual(foldTasks(held, { delta: true, patch: true, gone: [1], tasks: [{ pid: 2, state: 'sleeping' }] }),
    [{ pid: 2, state: 'sleeping', cpu: 0, in_cs: true, user_ticks: 9 }]);
});

test('a TaskTable folds patched steps into whole messages without the patch mark', () => {
  const tt = new TaskTable();
  tt.expand({ type: 'loaded' });
  tt.expand({ type: 'snapshot', step: 0, tasks: [{ pid: 1, state: 'sleeping', cpu: -1 }] });
  const [m] = tt.expand({ type: 'events', step: 1, delta: true, patch: true, tasks: [{ pid: 1, state: 'running', cpu: 0 }], events: [] });
  assert.deepEqual(m.tasks, [{ pid: 1, state: 'running', cpu: 0 }]);
  assert.ok(!('patch' in m) && !('delta' in m));
});

test('a PID twice in a whole table names its newest task: in a snapshot, its prev and base, and a step', () => {
  // PIDs wrapped: P6, reaped long ago and still listed (dead), and a new P6.
  const old6 = { pid: 6, ppid: 2, state: 'dead', created: 12 };
  const new6 = { pid: 6, ppid: 2, state: 'zombie', created: 36 };
  const table = [{ pid: 1, state: 'sleeping' }, old6, { pid: 7, state: 'dead' }, new6];
  const tt = new TaskTable();
  const [snap] = tt.expand({ type: 'snapshot', step: 42, tasks: table, prev: table, base: { step: 40, tasks: table, cpus: [] } });
  const want = [{ pid: 1, state: 'sleeping' }, { pid: 7, state: 'dead' }, new6];
  assert.deepEqual(snap.tasks, want);
  assert.deepEqual(snap.prev, want);
  assert.deepEqual(snap.base.tasks, want);
  const [step] = tt.expand({ type: 'events', step: 43, tasks: table });
  assert.deepEqual(step.tasks, want);
  // The table held is the newest one: a delta folds against it.
  const [next] = tt.expand({ type: 'events', step: 44, delta: true, tasks: [{ ...new6, state: 'dead' }] });
  assert.deepEqual(next.tasks, [want[0], want[1], { ...new6, state: 'dead' }]);
  // A table without a PID twice is the message's own array.
  const once = [{ pid: 1 }, { pid: 2 }];
  assert.equal(newestByPid(once), once);
});

test('newestByPid: a table whose PIDs do not rise (wrapped) is searched for a PID twice', () => {
  const wrapped = [{ pid: 300 }, { pid: 2 }, { pid: 301 }];
  assert.equal(newestByPid(wrapped), wrapped);
  const twice = [{ pid: 300, state: 'dead' }, { pid: 2 }, { pid: 300, state: 'running' }];
  assert.deepEqual(newestByPid(twice), [{ pid: 2 }, { pid: 300, state: 'running' }]);
});
