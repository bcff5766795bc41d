import test from 'node:test';
import assert from 'node:assert/strict';
import { emptyView, fromSnapshot, applyEvents, foldEvents, tokensByNode, threaded, hasChildren, settleView, keepWindow, windowOf, withStatus, MAX_COLUMNS, MAX_LOG } from './fold.js';
import { programs, snapshotAt, eventsAt, tasksAt } from './testdata.mjs';

// The view keeps its columns and log items compact (colstore.js,
// logstore.js); these are them as the objects they stand for.
const columns = v => v.columns.toArray();
const items = v => v.log.toArray();

test('empty view has nothing to draw', () => {
  const v = emptyView();
  assert.equal(v.step, 0);
  assert.deepEqual(v.tasks, []);
  assert.deepEqual(columns(v), []);
  assert.deepEqual(items(v), []);
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
  assert.deepEqual(columns(v), columns(s));
  assert.deepEqual(items(v), items(s));
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
  const got = columns(v).map(c => c.cpu.map(x => `${x.pid}${x.kernel ? 'k' : 'u'}`).join());
  // step 1: P2 forks (kernel); 2: P2 computes then is preempted; 3: P3 exits (kernel); 4: P2 waits.
  assert.deepEqual(got, ['2k', '2u', '3k', '2k']);
});

test('task lanes show running while on a CPU, the state otherwise', () => {
  const v = fromSnapshot(snapshotAt(4), programs);
  const lane = pid => columns(v).map(c => (c.task[pid] ? c.task[pid].s : '-'));
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
  assert.ok(items(v).every(it => it.kind !== 'mode'));
  const exit = items(v).find(it => it.kind === 'exit');
  assert.equal(exit.key, 'ev.exit.zombie');
  assert.deepEqual([exit.step, exit.params.p, exit.params.code, exit.params.parent], [3, 'P3 (worker)', 7, 'P2']);
});

test('switch cost: the CPU lane shows the switching ticks before the task runs', () => {
  let v = fromSnapshot({ step: 0, total: 4, base: { step: 0, tasks: [], cpus: [0] }, events: [], tasks: [], cpus: [0] }, null);
  const step = (k, events) => { v = applyEvents(v, { step: k, events, tasks: [], cpus: [2] }, null); };
  step(1, [{ step: 1, kind: 'switch', cpu: 0, pid: 2, value: 2 }, { step: 1, kind: 'state', pid: 2, cpu: 0, from: 'runnable', to: 'running', cause: 'dispatch' }]);
  step(2, []);
  step(3, []);
  const cells = columns(v).map(c => c.cpu[0]);
  assert.deepEqual(cells.slice(-3).map(c => !!c.sw), [true, true, false]);
  assert.equal(cells[cells.length - 1].pid, 2);
  assert.deepEqual(columns(v).slice(-3).map(c => !!(c.task[2] && c.task[2].sw)), [true, true, false], 'the task lane shows the switch too');
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
  assert.match(items(v).map(i => i.params.p).join(' '), /t2 \(TID 3\)/);
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
  assert.equal(v.columns, cols, 'the columns store is kept, not copied');
  assert.equal(v.log, log, 'the log store is kept, not copied');
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
    { name: 'first column', got: v.columns.step(0), want: last - MAX_COLUMNS + 1 },
    { name: 'last column', got: v.columns.last().step, want: last },
    { name: 'log kept', got: v.log.length, want: MAX_LOG },
    { name: 'first log step', got: v.log.step(0), want: last - MAX_LOG + 1 },
    { name: 'last log step', got: v.log.item(v.log.length - 1).step, want: last },
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

// canon is JSON with sorted keys that also says undefined and -0, so that
// two windows with the same text hold the same values.
function canon(x) {
  if (x === undefined) return '"\\u0000undefined"';
  if (typeof x === 'number' && Object.is(x, -0)) return '"\\u0000-0"';
  if (x === null || typeof x !== 'object') return JSON.stringify(x);
  if (Array.isArray(x)) return `[${x.map(canon).join(',')}]`;
  return `{${Object.keys(x).sort().map(k => `${JSON.stringify(k)}:${canon(x[k])}`).join(',')}}`;
}

test('on recorded runs the view keeps the columns and log items the fold made before the stores', async () => {
  // testdata/runs.json.gz: two runs of 1,300 steps recorded from the server
  // (a race with a spinlock, a mutex, switch costs and lost updates;
  // processes that spawn, make system calls and vDSO calls and wait), the
  // fields the fold reads; a task the same as in the message before is
  // written as its PID. testdata/runs.golden.json: what fold.js made of
  // them at commit 5bcf988, when it kept columns and items as objects in
  // arrays: SHA-256 of the windows every 100 steps, and the last columns
  // and items in full. Both windows wrap around (1,200 columns, 3,000 items).
  const { readFileSync } = await import('node:fs');
  const { gunzipSync } = await import('node:zlib');
  const { createHash } = await import('node:crypto');
  const sha = s => createHash('sha256').update(s).digest('hex');
  const here = new URL('./testdata/', import.meta.url);
  const { runs } = JSON.parse(gunzipSync(readFileSync(new URL('runs.json.gz', here))));
  const { golden } = JSON.parse(readFileSync(new URL('runs.golden.json', here), 'utf8'));
  assert.equal(runs.length, golden.length);
  runs.forEach((run, r) => {
    const want = golden[r];
    let v = null, prev = new Map();
    const got = [];
    for (const packed of run.messages) {
      const msg = { ...packed };
      if (msg.tasks) msg.tasks = msg.tasks.map(t => (typeof t === 'number' ? prev.get(t) : t));
      if (msg.tasks) prev = new Map(msg.tasks.map(t => [t.pid, t]));
      if (msg.type === 'snapshot') v = fromSnapshot(msg, run.programs, run.decl);
      else foldEvents(v, msg, run.programs, run.decl);
      if (v.step % 100 === 0) got.push({ step: v.step, columns: v.columns.length, items: v.log.length, columnsSha256: sha(canon(columns(v))), itemsSha256: sha(canon(items(v))) });
    }
    got.push({ step: v.step, columns: v.columns.length, items: v.log.length, columnsSha256: sha(canon(columns(v))), itemsSha256: sha(canon(items(v))) });
    assert.deepStrictEqual(columns(v).slice(-3), want.lastColumns, `${run.name}: the last columns`);
    assert.deepStrictEqual(items(v).slice(-4), want.lastItems, `${run.name}: the last items`);
    assert.equal(got.length, want.checkpoints.length, `${run.name}: checkpoints`);
    got.forEach((g, i) => assert.deepStrictEqual(g, want.checkpoints[i], `${run.name}: step ${g.step}`));
    assert.deepStrictEqual([v.columns.length, v.log.length], [MAX_COLUMNS, MAX_LOG], `${run.name}: both windows full`);
  });
});

// bigRun makes a run of many tasks on several CPUs, as the server would
// send it: tasks (the task table after each step), cpus (who is on each
// CPU) and the events of each step from first + 1 to last. Each step the
// CPUs' tasks leave (quantum, I/O or exit), runnable ones are dispatched
// (a switch and a state change), sleeping ones wake, a task forks a child
// now and then, and a zombie is reaped: about 24 log items a step.
function bigRun({ tasks: n = 1200, ncpu = 8, first = 1000, last = 1240 } = {}) {
  const tasks = new Map(); // pid -> task
  tasks.set(1, { pid: 1, ppid: 0, name: 'init', program: -1, state: 'sleeping', cpu: -1, line: 0, mode: 'user' });
  for (let pid = 2; pid < n + 2; pid++) tasks.set(pid, { pid, ppid: 1, name: 'w', program: 0, state: pid % 3 ? 'runnable' : 'sleeping', cpu: -1, line: 1 + (pid % 2), mode: 'user' });
  const cpus = new Array(ncpu).fill(0);
  let next = n + 2;
  const table = () => [...tasks.values()].filter(t => t.state !== 'dead').map(t => ({ ...t }));
  const byStep = {}, tasksAt = { [first]: table() }, cpusAt = { [first]: cpus.slice() };
  const set = (t, to, cause, cpu, out) => { out.push({ kind: 'state', pid: t.pid, ...(cpu >= 0 ? { cpu } : {}), from: t.state, to, cause }); t.state = to; t.cpu = to === 'running' ? cpu : -1; };
  for (let k = first + 1; k <= last; k++) {
    const out = [];
    for (let c = 0; c < ncpu; c++) {
      const t = tasks.get(cpus[c]);
      if (t) {
        if ((k + c) % 11 === 0) { out.push({ kind: 'exit', pid: t.pid, cpu: c }); set(t, 'zombie', 'exit', c, out); } else set(t, (k + c) % 3 ? 'runnable' : 'sleeping', (k + c) % 3 ? 'quantum' : 'io', c, out);
        cpus[c] = 0;
      }
      const ready = [...tasks.values()].find(x => x.state === 'runnable' && x.pid !== 1 && !cpus.includes(x.pid));
      if (ready) { out.push({ kind: 'switch', pid: ready.pid, cpu: c }); set(ready, 'running', 'dispatch', c, out); cpus[c] = ready.pid; }
    }
    for (const t of [...tasks.values()].filter(x => x.state === 'sleeping' && x.pid !== 1).slice(0, 4)) set(t, 'runnable', 'io', -1, out);
    if (k % 5 === 0) {
      const pid = next++;
      tasks.set(pid, { pid, ppid: 2, name: 'w', program: 0, state: 'none', cpu: -1, line: 1, mode: 'user' });
      out.push({ kind: 'created', pid, other: 2, cause: 'fork' });
      set(tasks.get(pid), 'runnable', 'fork', -1, out);
    }
    const z = [...tasks.values()].find(x => x.state === 'zombie');
    if (z && k % 2 === 0) { set(z, 'dead', 'reap', -1, out); out.push({ kind: 'reaped', pid: z.pid, other: z.ppid }); }
    byStep[k] = out.map(e => ({ step: k, ...e }));
    tasksAt[k] = table();
    cpusAt[k] = cpus.slice();
  }
  return { first, last, byStep, tasksAt, cpusAt };
}

// viewOf is a view as comparable data: its stores read back as the
// columns and items they hold, without the fold's caches.
function viewOf(v) {
  const o = { ...v, columns: columns(v), log: items(v) };
  delete o.pids;
  delete o.groupSizes;
  return canon(o);
}

test('a snapshot of a large window folds to the view its steps fold to one by one', () => {
  const progs = [{ name: 'w', code: [{ line: 1, text: 'compute 2' }, { line: 2, text: 'io 1' }] }];
  const run = bigRun();
  const { first, last } = run;
  const events = [];
  for (let k = first + 1; k <= last; k++) events.push(...run.byStep[k]);
  const snap = { v: 1, type: 'snapshot', step: last, total: last, base: { step: first, tasks: run.tasksAt[first], cpus: run.cpusAt[first] }, events, tasks: run.tasksAt[last], cpus: run.cpusAt[last], prev: run.tasksAt[last - 1] };
  const got = fromSnapshot(snap, progs);
  // The same steps folded one at a time, as a page playing them does.
  const want = fromSnapshot({ v: 1, type: 'snapshot', step: first, total: last, tasks: run.tasksAt[first], cpus: run.cpusAt[first], events: [] }, progs);
  for (let k = first + 1; k <= last; k++) foldEvents(want, { v: 1, type: 'events', step: k, total: last, events: run.byStep[k], tasks: k >= last - 1 ? run.tasksAt[k] : undefined, cpus: run.cpusAt[k] }, progs);
  const cases = [
    { name: 'tasks in the table', got: got.tasks.length > 1000, want: true },
    { name: 'columns', got: got.columns.length, want: last - first },
    { name: 'log items kept: the window said more than the log keeps', got: [got.log.length, events.length > MAX_LOG], want: [MAX_LOG, true] },
    { name: 'the first item kept', got: canon(got.log.item(0)), want: canon(want.log.item(0)) },
    { name: 'the whole view', got: viewOf(got), want: viewOf(want) },
  ];
  for (const c of cases) assert.deepEqual(c.got, c.want, c.name);
  // A slim base (the socket's: only what the fold reads from the window's
  // start) folds to the same view.
  const slim = { ...snap, base: { ...snap.base, slim: true, tasks: snap.base.tasks.map(({ pid, ppid, tgid, name, state, mode }) => ({ pid, ppid, tgid, name, state, mode })) } };
  assert.equal(viewOf(fromSnapshot(slim, progs)), viewOf(got), 'a slim base');
  // The stores keep working as the run goes on: a step more folds the same.
  const more = { v: 1, type: 'events', step: last + 1, total: last + 1, events: [{ step: last + 1, kind: 'signal_sent', pid: 2, other: 1, value: 10 }], tasks: run.tasksAt[last], cpus: run.cpusAt[last] };
  assert.equal(viewOf(foldEvents(got, more, progs)), viewOf(foldEvents(want, { ...more }, progs)), 'a step after the snapshot');
});

// isLeft says whether v's window is still left for later (fromSnapshot's
// quick): its columns are a property that folds, not a field.
const isLeft = v => typeof Object.getOwnPropertyDescriptor(v, 'columns').get === 'function';

// without is a view as comparable data without the window's fields (not
// read: reading them folds the window), nor the fold's caches.
function without(v, fields) {
  const o = {};
  for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(v))) if (!fields.includes(k) && 'value' in d) o[k] = d.value;
  delete o.pids;
  delete o.groupSizes;
  return canon(o);
}

test('a snapshot folded quick draws what the whole fold draws, and folds its window when first read', () => {
  const progs = [{ name: 'w', code: [{ line: 1, text: 'compute 2' }, { line: 2, text: 'io 1' }] }];
  const run = bigRun({ tasks: 400, first: 1000, last: 1060 });
  const { first, last } = run;
  const events = [];
  for (let k = first + 1; k <= last; k++) events.push(...run.byStep[k]);
  const snap = { v: 1, type: 'snapshot', step: last, total: last, base: { step: first, tasks: run.tasksAt[first], cpus: run.cpusAt[first] }, events, tasks: run.tasksAt[last], cpus: run.cpusAt[last], prev: run.tasksAt[last - 1] };
  const whole = fromSnapshot(snap, progs);
  const window = ['columns', 'log', 'changed'];
  // Each way of reaching the window: read, written, folded into, copied,
  // settled; every one folds it to the whole fold's.
  const reach = [
    { name: 'its columns read', touch: v => v.columns.length },
    { name: 'its log read', touch: v => v.log.length },
    { name: 'its changed read', touch: v => v.changed },
    { name: 'its changed written', touch: v => { v.changed = v.changed; } },
    { name: 'settleView', touch: v => settleView(v) },
    { name: 'a copy with a new total, then the copy read', touch: v => keepWindow(v, { total: 9 }).columns, copy: true },
  ];
  for (const r of reach) {
    const v = fromSnapshot(snap, progs, undefined, { quick: true });
    assert.ok(isLeft(v), `${r.name}: the window is left for later`);
    assert.equal(without(v, window), without(whole, window), `${r.name}: every other field is the whole fold's`);
    assert.deepEqual(v.stepItems, whole.log.itemsAt(last), `${r.name}: the shown step's items`);
    assert.deepEqual(v.lastColumn.cpu, whole.columns.last().cpu, `${r.name}: the shown step's CPU cells`);
    r.touch(v);
    if (r.copy) { assert.ok(isLeft(v), 'a copy made with keepWindow leaves the original as it was'); settleView(v); }
    assert.ok(!isLeft(v), `${r.name}: folded`);
    assert.equal(viewOf(v), viewOf(whole), `${r.name}: the whole view`);
  }
  // A step folded into a view whose window is left folds as into the whole.
  const more = () => ({ v: 1, type: 'events', step: last + 1, total: last + 1, events: [{ step: last + 1, kind: 'signal_sent', pid: 2, other: 1, value: 10 }], tasks: run.tasksAt[last], cpus: run.cpusAt[last] });
  assert.equal(viewOf(foldEvents(fromSnapshot(snap, progs, undefined, { quick: true }), more(), progs)), viewOf(foldEvents(fromSnapshot(snap, progs), more(), progs)), 'a step after a quick snapshot');
  // windowOf names a view's window: the same for its copies, another for
  // another snapshot's, none once folded.
  const a = fromSnapshot(snap, progs, undefined, { quick: true }), b = fromSnapshot(snap, progs, undefined, { quick: true });
  const copy = keepWindow(a, { total: 1 });
  assert.ok(windowOf(a) && windowOf(a) === windowOf(copy) && windowOf(a) !== windowOf(b), 'windowOf: one a snapshot, shared by copies');
  settleView(copy);
  assert.equal(windowOf(copy), null, 'windowOf: none once folded');
  assert.equal(windowOf(whole), null, 'windowOf: none for a whole fold');
  // withStatus keeps the window left.
  const s = withStatus(fromSnapshot(snap, progs, undefined, { quick: true }), { total: last + 5 });
  assert.ok(isLeft(s), 'withStatus leaves the window for later');
  assert.equal(s.total, last + 5);
});

test('on recorded runs the quick snapshot folds to the whole one, and the shown step\'s items and CPU cells are the log\'s and the timeline\'s', async () => {
  const { readFileSync } = await import('node:fs');
  const { gunzipSync } = await import('node:zlib');
  const { runs } = JSON.parse(gunzipSync(readFileSync(new URL('./testdata/runs.json.gz', import.meta.url))));
  for (const run of runs) {
    let v = null, prev = new Map();
    let snapshots = 0, steps = 0;
    for (const packed of run.messages) {
      const msg = { ...packed };
      if (msg.tasks) msg.tasks = msg.tasks.map(t => (typeof t === 'number' ? prev.get(t) : t));
      if (msg.tasks) prev = new Map(msg.tasks.map(t => [t.pid, t]));
      if (msg.type === 'snapshot') {
        snapshots++;
        const whole = fromSnapshot(msg, run.programs, run.decl);
        v = fromSnapshot(msg, run.programs, run.decl, { quick: true });
        assert.deepEqual(v.stepItems, whole.log.itemsAt(msg.step), `${run.name}: the snapshot's step items`);
        settleView(v);
        assert.equal(viewOf(v), viewOf(whole), `${run.name}: snapshot at ${msg.step}`);
      } else {
        foldEvents(v, msg, run.programs, run.decl);
        steps++;
      }
      assert.deepEqual(v.stepItems, v.log.itemsAt(v.step), `${run.name}: step ${v.step}'s items`);
      const last = v.columns.last();
      assert.deepEqual(v.lastColumn && v.lastColumn.step === v.step ? v.lastColumn.cpu : null, last && last.step === v.step ? last.cpu : null, `${run.name}: step ${v.step}'s CPU cells`);
    }
    assert.ok(snapshots >= 1 && steps > 1000, `${run.name}: ${snapshots} snapshots, ${steps} steps`);
  }
});

test('hasChildren counts children wait() could still report: zombies yes, reaped no, threads no', () => {
  const v = { parents: { 2: 1, 3: 2, 4: 2, 5: 1 }, states: { 2: 'sleeping', 3: 'zombie', 4: 'dead', 5: 'dead' }, tgids: { 6: 2 } };
  assert.equal(hasChildren(v, 2), true); // 3 is a zombie
  v.states[3] = 'dead';
  assert.equal(hasChildren(v, 2), false);
  assert.equal(hasChildren(v, 1), true); // 2 lives
  v.states[2] = 'dead';
  assert.equal(hasChildren(v, 1), false);
  v.parents[6] = 1; v.states[6] = 'running'; // a thread of 2, not a child of 1
  assert.equal(hasChildren(v, 1), false);
});
