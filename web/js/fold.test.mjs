import test from 'node:test';
import assert from 'node:assert/strict';
import { emptyView, fromSnapshot, applyEvents, foldEvents, tokensByNode, threaded, MAX_COLUMNS, MAX_LOG } from './fold.js';
import { programs, snapshotAt, eventsAt, tasksAt } from './testdata.mjs';

test('empty view has nothing to draw', () => {
  const v = emptyView();
  assert.equal(v.step, 0);
  assert.deepEqual(v.tasks, []);
  assert.deepEqual(v.columns, []);
});

test('snapshot at step 0 holds only init', () => {
  const v = fromSnapshot(snapshotAt(0), programs);
  assert.equal(v.step, 0);
  assert.equal(v.total, 4);
  assert.equal(v.columns.length, 0);
  assert.deepEqual(v.tasks.map(t => t.pid), [1]);
  assert.deepEqual(v.transitions, []);
});

test('folding events one by one equals the snapshot', () => {
  let v = fromSnapshot(snapshotAt(0), programs);
  for (let k = 1; k <= 4; k++) v = applyEvents(v, eventsAt(k), programs);
  const s = fromSnapshot(snapshotAt(4), programs);
  assert.deepEqual(v.columns, s.columns);
  assert.deepEqual(v.log, s.log);
  assert.deepEqual(v.tasks, s.tasks);
  assert.equal(v.step, 4);
  assert.equal(s.step, 4);
});

test('applyEvents does not change the view it is given', () => {
  const v = fromSnapshot(snapshotAt(2), programs);
  const before = JSON.stringify(v);
  applyEvents(v, eventsAt(3), programs);
  assert.equal(JSON.stringify(v), before);
});

test('CPU lane says who ran each step and in which mode', () => {
  const v = fromSnapshot(snapshotAt(4), programs);
  const got = v.columns.map(c => c.cpu.map(x => `${x.pid}${x.kernel ? 'k' : 'u'}`).join());
  // step 1: P2 forks (kernel); 2: P2 computes then is preempted; 3: P3 exits (kernel); 4: P2 waits.
  assert.deepEqual(got, ['2k', '2u', '3k', '2k']);
});

test('task lanes show running while on a CPU, the state otherwise', () => {
  const v = fromSnapshot(snapshotAt(4), programs);
  const lane = pid => v.columns.map(c => (c.task[pid] ? c.task[pid].s : '-'));
  assert.deepEqual(lane(2), ['running', 'running', 'runnable', 'running']);
  assert.deepEqual(lane(3), ['runnable', 'runnable', 'running', 'dead']);
  assert.deepEqual(lane(1), ['sleeping', 'sleeping', 'sleeping', 'sleeping']);
});

test('transitions of the last step drive the animation', () => {
  const v = applyEvents(fromSnapshot(snapshotAt(2), programs), eventsAt(3), programs);
  assert.deepEqual(v.transitions, [
    { pid: 3, from: 'runnable', to: 'running', cause: 'dispatch', cpu: 0 },
    { pid: 3, from: 'running', to: 'zombie', cause: 'exit', cpu: 0 },
  ]);
  const nodes = tokensByNode(v);
  assert.deepEqual(nodes.zombie.map(x => x.pid), [3]);
  assert.deepEqual(nodes.runnable.map(x => x.pid), [2]);
});

test('ready queue keeps the order in which tasks entered it', () => {
  const v = fromSnapshot(snapshotAt(2), programs);
  // P3 became runnable in step 1, P2 in step 2: P3 is at the head.
  assert.deepEqual(tokensByNode(v).runnable.map(x => x.pid), [3, 2]);
});

test('dead tasks stay in X even if the server stops listing them', () => {
  const snap = snapshotAt(4);
  snap.tasks = snap.tasks.filter(t => t.pid !== 3);
  const v = fromSnapshot(snap, programs);
  assert.deepEqual(tokensByNode(v).dead.map(x => [x.pid, x.state]), [[3, 'dead']]);
});

test('log items skip mode events and name the parent of a zombie', () => {
  const v = fromSnapshot(snapshotAt(4), programs);
  assert.ok(v.log.every(it => it.kind !== 'mode'));
  const exit = v.log.find(it => it.kind === 'exit');
  assert.equal(exit.key, 'ev.exit.zombie');
  assert.deepEqual([exit.step, exit.params.p, exit.params.code, exit.params.parent], [3, 'P3 (worker)', 7, 'P2']);
});

test('switch cost: the CPU lane shows the switching ticks before the task runs', () => {
  let v = fromSnapshot({ step: 0, total: 4, base: { step: 0, tasks: [], cpus: [0] }, events: [], tasks: [], cpus: [0] }, null);
  const step = (k, events) => { v = applyEvents(v, { step: k, events, tasks: [], cpus: [2] }, null); };
  step(1, [{ step: 1, kind: 'switch', cpu: 0, pid: 2, value: 2 }, { step: 1, kind: 'state', pid: 2, cpu: 0, from: 'runnable', to: 'running', cause: 'dispatch' }]);
  step(2, []);
  step(3, []);
  const cells = v.columns.map(c => c.cpu[0]);
  assert.deepEqual(cells.slice(-3).map(c => !!c.sw), [true, true, false]);
  assert.equal(cells[cells.length - 1].pid, 2);
  assert.deepEqual(v.columns.slice(-3).map(c => !!(c.task[2] && c.task[2].sw)), [true, true, false], 'the task lane shows the switch too');
});

test('a thread made by clone joins its process: same tgid, the process’s parent, named as a thread', () => {
  const progs = [{ name: 't1', thread: true, code: [] }, { name: 't2', thread: true, code: [] }];
  const init = { pid: 1, ppid: 0, tgid: 1, name: 'init', program: -1, state: 'sleeping', cpu: -1 };
  let v = fromSnapshot({ step: 0, total: 2, tasks: [init], cpus: [0], events: [] }, progs);
  v = applyEvents(v, {
    step: 1, total: 2, cpus: [0], events: [
      { step: 1, kind: 'created', pid: 2, other: 1, cause: 'arrival' },
      { step: 1, kind: 'exec', pid: 2 },
      { step: 1, kind: 'state', pid: 2, from: 'none', to: 'runnable', cause: 'arrival' },
      { step: 1, kind: 'created', pid: 3, other: 2, cause: 'clone', value: 1 },
      { step: 1, kind: 'state', pid: 3, from: 'none', to: 'runnable', cause: 'clone' },
    ],
  }, progs);
  const cases = [
    { name: 'main thread', got: [v.tgids[2], v.parents[2], threaded(v, 2)], want: [2, 1, true] },
    { name: 'other thread', got: [v.tgids[3], v.parents[3], threaded(v, 3)], want: [2, 1, true] },
    { name: 'init', got: [v.tgids[1], threaded(v, 1)], want: [1, false] },
  ];
  for (const c of cases) assert.deepEqual(c.got, c.want, c.name);
  assert.match(v.log.map(i => i.params.p).join(' '), /t2 \(TID 3\)/);
});

test('prev holds the tasks after the step before the shown one, when the page knows them', () => {
  const withPrev = n => ({ ...snapshotAt(n), prev: tasksAt[n - 1] });
  const cases = [
    { name: 'step 0: nothing before it', view: () => fromSnapshot(snapshotAt(0), programs), want: null },
    { name: 'a step forward: the view it folds into', view: () => applyEvents(fromSnapshot(snapshotAt(2), programs), eventsAt(3), programs), want: tasksAt[2] },
    { name: 'a snapshot with prev (a seek): the server’s prev', view: () => fromSnapshot(withPrev(3), programs), want: tasksAt[2] },
    { name: 'a snapshot without prev whose window starts one step back: its base', view: () => fromSnapshot({ ...snapshotAt(1) }, programs), want: tasksAt[0] },
    { name: 'a snapshot without prev, window longer: unknown', view: () => fromSnapshot(snapshotAt(3), programs), want: null },
    { name: 'events that do not follow the step shown: unknown', view: () => applyEvents(fromSnapshot(snapshotAt(1), programs), eventsAt(3), programs), want: null },
  ];
  for (const c of cases) {
    const got = c.view().prev;
    assert.deepEqual(got, c.want, c.name);
  }
});

test('foldEvents folds in place and gives what applyEvents gives', () => {
  const pure = [fromSnapshot(snapshotAt(0), programs)];
  for (let k = 1; k <= 4; k++) pure.push(applyEvents(pure[k - 1], eventsAt(k), programs));
  const v = fromSnapshot(snapshotAt(0), programs);
  const cols = v.columns, log = v.log;
  for (let k = 1; k <= 4; k++) {
    const got = foldEvents(v, eventsAt(k), programs);
    assert.equal(got, v, `step ${k}: foldEvents returns the view it was given`);
    assert.deepEqual(JSON.parse(JSON.stringify(v)), JSON.parse(JSON.stringify(pure[k])), `step ${k}: in place and pure differ`);
  }
  assert.equal(v.columns, cols, 'the columns array is kept, not copied');
  assert.equal(v.log, log, 'the log array is kept, not copied');
});

test('foldEvents keeps the newest MAX_COLUMNS columns and MAX_LOG items over a long run', () => {
  const v = fromSnapshot(snapshotAt(4), programs);
  const tasks = tasksAt[4];
  const n = Math.max(MAX_COLUMNS, MAX_LOG) + 250;
  for (let k = 5; k < 5 + n; k++) {
    // A sentence a step (a signal sent), so that the log overflows too.
    const events = [{ step: k, kind: 'signal_sent', pid: 2, other: 1, value: 10 }];
    foldEvents(v, { type: 'events', step: k, total: k, events, tasks, cpus: [0] }, programs);
  }
  const last = 4 + n;
  const cases = [
    { name: 'columns kept', got: v.columns.length, want: MAX_COLUMNS },
    { name: 'first column', got: v.columns[0].step, want: last - MAX_COLUMNS + 1 },
    { name: 'last column', got: v.columns[v.columns.length - 1].step, want: last },
    { name: 'log kept', got: v.log.length, want: MAX_LOG },
    { name: 'last log step', got: v.log[v.log.length - 1].step, want: last },
    { name: 'step', got: v.step, want: last },
  ];
  for (const c of cases) assert.equal(c.got, c.want, `${c.name}: got ${c.got}; want ${c.want}`);
});

test('thread groups counted before a clone follow it, in the view folded and not in the one given', () => {
  const progs = [{ name: 'm', code: [] }, { name: 't', thread: true, code: [] }];
  const init = { pid: 1, ppid: 0, tgid: 1, name: 'init', program: -1, state: 'sleeping', cpu: -1 };
  const main = { pid: 2, ppid: 1, tgid: 2, name: 'm', program: 0, state: 'runnable', cpu: -1 };
  const v = fromSnapshot({ step: 0, total: 2, tasks: [init, main], cpus: [0], events: [] }, progs);
  assert.equal(threaded(v, 2), false, 'counted before the clone: P2 alone in its group');
  const clone = { step: 1, total: 2, cpus: [0], events: [
    { step: 1, kind: 'created', pid: 3, other: 2, cause: 'clone', value: 1 },
    { step: 1, kind: 'state', pid: 3, from: 'none', to: 'runnable', cause: 'clone' },
    { step: 1, kind: 'syscall', pid: 2, syscall: 'clone' },
  ] };
  const w = applyEvents(v, clone, progs);
  const cases = [
    { name: 'the folded view: main thread', got: threaded(w, 2), want: true },
    { name: 'the folded view: new thread', got: threaded(w, 3), want: true },
    { name: 'the view given: unchanged', got: threaded(v, 2), want: false },
    { name: 'the view given: its traps unchanged', got: JSON.stringify(v.traps || {}), want: '{}' },
    { name: 'the folded view: the trap', got: w.traps[2], want: 'clone' },
  ];
  for (const c of cases) assert.deepEqual(c.got, c.want, c.name);
  foldEvents(v, clone, progs);
  assert.deepEqual([threaded(v, 2), threaded(v, 3)], [true, true], 'folded in place');
});
