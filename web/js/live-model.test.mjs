import test from 'node:test';
import assert from 'node:assert/strict';
import {
  createLive, applyHello, applySnapshot, applyEvents, advance, diagramView, watchList, zombies, lockWaiters,
  argsFor, normalizeWorkloads, normalizeLiveLessons, shortName, statusOf, BUCKET_MS, DEAD_KEEP_MS, MAX_DEAD,
} from './live-model.js';
import { tokensByNode } from './fold.js';
import { displayOrder } from './log.js';
import { newestFirst } from './live-log.js';
import { setLang } from './i18n.js';

const LAB = 476;
// Message shapes as the server sends them (recorded from /ws/live).
const hello = { v: 1, type: 'live_hello', lab_pid: LAB, t_ms: 1000, available: true, signals: ['STOP', 'CONT', 'TERM', 'KILL', 'INT', 'USR1', 'HUP'],
  workloads: [{ name: 'exit', comm: 'pl-exit', doc: 'exits', args: [{ name: 'ms', min: 0, max: 600000, default: 500, doc: '' }, { name: 'code', min: 0, max: 255, default: 0, doc: '' }], max_procs: 1 },
    { name: 'bad name!', args: [] }, null] };
const proc = (pid, state, stateName, extra = {}) => ({ pid, ppid: LAB, pgid: pid, name: 'pl-exit', workload: 'exit', state, state_name: stateName, threads: 4,
  voluntary_ctxt_switches: 1, nonvoluntary_ctxt_switches: 2, vcsw_delta: 0, nvcsw_delta: 0, utime_ticks: 3, stime_ticks: 1, rss_bytes: 9109504,
  lab_child: true, traced: false, exited: false, started_ms: 1150, ...extra });
const ev = (t, kind, pid, rest = {}) => ({ step: t, t_ms: t, kind, pid, cpu: -1, ...rest });
const msg = (t, events, processes = [], reports = []) => ({ v: 1, type: 'live_events', t_ms: t, events, processes, reports });

function lifecycle() {
  const st = createLive();
  applyHello(st, hello);
  applySnapshot(st, { t_ms: 1001, processes: [] });
  applyEvents(st, msg(1150, [ev(1150, 'created', 500, { other: LAB, cause: 'fork' }), ev(1150, 'state', 500, { from: 'none', to: 'running', letter: 'R', cause: 'fork' })],
    [proc(500, 'R', 'running', { name: 'exe' })]));
  applyEvents(st, msg(1173, [ev(1173, 'state', 500, { from: 'running', to: 'sleeping', letter: 'S', cause: 'sleep', wchan: 'hrtimer_nanosleep', wait: 'sleep' })],
    [proc(500, 'S', 'sleeping', { wchan: 'hrtimer_nanosleep', wait: 'sleep' })]));
  return st;
}

test('the hello keeps the well-formed whitelist and sets the page\'s zero', () => {
  const st = createLive();
  applyHello(st, hello);
  assert.equal(st.labPid, LAB);
  assert.equal(st.t0, 1000);
  assert.deepEqual(st.workloads.map(w => w.name), ['exit']);
  assert.deepEqual(st.workloads[0].args[1], { name: 'code', min: 0, max: 255, def: 0, doc: '' });
  assert.equal(normalizeWorkloads('x').length, 0);
});

test('a spawned process goes from the fork origin to R to S, on the diagram and the timeline', () => {
  const st = createLive();
  applyHello(st, hello);
  applyEvents(st, msg(1150, [ev(1150, 'created', 500, { other: LAB, cause: 'fork' }), ev(1150, 'state', 500, { from: 'none', to: 'running', letter: 'R', cause: 'fork' })],
    [proc(500, 'R', 'running', { name: 'exe' })]));
  let v = diagramView(st);
  assert.deepEqual(v.tasks.map(x => [x.pid, x.state, x.cpu, x.name]), [[500, 'running', 0, 'exit']]);
  assert.deepEqual(v.cpus, [500], 'an R process takes a running slot');
  assert.deepEqual(v.transitions, [{ pid: 500, from: 'none', to: 'running', cause: 'fork', drawn: false }]);
  assert.equal(st.roots[500], 500);
  applyEvents(st, msg(1173, [ev(1173, 'state', 500, { from: 'running', to: 'sleeping', letter: 'S', cause: 'sleep', wchan: 'hrtimer_nanosleep', wait: 'sleep' })],
    [proc(500, 'S', 'sleeping', { name: 'pl-exit', wchan: 'hrtimer_nanosleep' })]));
  v = diagramView(st);
  assert.equal(v.tasks[0].state, 'sleeping');
  assert.equal(v.tasks[0].name, 'exit', 'the comm without pl-');
  assert.deepEqual(v.cpus, [0], 'no R process: one idle slot');
  const nodes = tokensByNode(v);
  assert.deepEqual(nodes.sleeping.map(x => x.pid), [500]);
  // The timeline: one column per 250 ms from the page's zero.
  const col = st.columns.find(c => c.step === Math.floor((1173 - 1000) / BUCKET_MS));
  assert.equal(col.task[500].s, 'sleeping');
  assert.equal(st.columns[0].step, 0);
  assert.equal(col, st.columns[0], 'R and S in the same 250 ms: the last state shows');
  // A process created later has no cell before it existed.
  applyEvents(st, msg(1700, [ev(1700, 'created', 501, { other: LAB }), ev(1700, 'state', 501, { from: 'none', to: 'running' })]));
  assert.equal(st.columns[1].task[501], undefined, 'before it existed');
  assert.equal(st.columns[2].task[501].s, 'running');
  assert.equal(st.columns[2].task[500].s, 'sleeping', 'a new column carries the states on');
});

test('exit, zombie, reap: X is drawn, kept a while, then forgotten', () => {
  const st = lifecycle();
  applyEvents(st, msg(1463, [ev(1463, 'exit', 500, { value: 3 }), ev(1463, 'state', 500, { from: 'running', to: 'zombie', letter: 'Z', cause: 'exit' })],
    [proc(500, 'Z', 'zombie', { exited: true, exit_code: 3, rss_bytes: 0 })]));
  assert.equal(diagramView(st).tasks[0].state, 'zombie');
  assert.deepEqual(zombies(st), [500]);
  assert.deepEqual(zombies(st, [999]), []);
  assert.deepEqual(zombies(st, [500]), [500]);
  assert.deepEqual(watchList(st), [500]);
  assert.deepEqual(st.status[500], { killed: false, code: 3 });
  applyEvents(st, msg(2000, [ev(2000, 'state', 500, { from: 'zombie', to: 'dead', cause: 'reap', synthesised: true }), ev(2000, 'reaped', 500, { other: LAB, value: 3 })],
    [proc(500, 'Z', 'zombie', { exited: true, exit_code: 3, gone: true })]));
  let v = diagramView(st);
  assert.equal(v.tasks[0].state, 'dead');
  assert.equal(v.tasks[0].drawn, true, 'X is drawn from the reap');
  assert.equal(v.transitions[0].drawn, true);
  assert.deepEqual(watchList(st), [], 'a reaped process is not watched');
  assert.deepEqual(zombies(st), []);
  // X shows in its own column only.
  advance(st, 2600);
  const b = Math.floor((2000 - 1000) / BUCKET_MS);
  assert.equal(st.columns.find(c => c.step === b).task[500].s, 'dead');
  assert.equal(st.columns.find(c => c.step === b + 1).task[500], undefined);
  assert.equal(advance(st, 2000 + DEAD_KEEP_MS + 1), 1, 'forgotten after a while');
  v = diagramView(st);
  assert.equal(v.tasks.length, 0);
});

test('at most MAX_DEAD reaped processes stay drawn', () => {
  const st = createLive();
  applyHello(st, hello);
  for (let i = 0; i < MAX_DEAD + 3; i++) {
    const pid = 600 + i, t = 1100 + i * 10;
    applyEvents(st, msg(t, [ev(t, 'created', pid, { other: LAB }), ev(t, 'state', pid, { from: 'none', to: 'zombie' }), ev(t + 1, 'state', pid, { from: 'zombie', to: 'dead', synthesised: true })]));
  }
  advance(st, 1500);
  const dead = diagramView(st).tasks.filter(x => x.state === 'dead').map(x => x.pid);
  assert.equal(dead.length, MAX_DEAD);
  assert.ok(dead.includes(600 + MAX_DEAD + 2) && !dead.includes(600), 'the newest stay');
});

test('a snapshot replaces the processes; a late event corrects the timeline', () => {
  const st = lifecycle();
  advance(st, 3000);
  // STOP at 1500, reported late.
  applyEvents(st, msg(3000, [ev(1500, 'state', 500, { from: 'sleeping', to: 'stopped', letter: 'T', cause: 'sigstop' })], [proc(500, 'T', 'stopped')]));
  const b = Math.floor(500 / BUCKET_MS);
  for (const c of st.columns) if (c.step >= b) assert.equal(c.task[500].s, 'stopped', `column ${c.step}`);
  // A reconnect: the snapshot no longer has 500 (it was killed with the old connection).
  applySnapshot(st, { t_ms: 3500, processes: [{ ...proc(501, 'S', 'sleeping'), workload: 'sleep', name: 'pl-sleep' }] });
  const v = diagramView(st);
  assert.deepEqual(v.tasks.map(x => [x.pid, x.state, x.name]), [[501, 'sleeping', 'sleep']]);
  assert.equal(st.columns.some(c => c.task[500]), false);
});

test('a new server (its clock went back) starts the page afresh', () => {
  const st = lifecycle();
  applyHello(st, { ...hello, t_ms: 5, lab_pid: 900 });
  assert.equal(st.procs.size, 0);
  assert.equal(st.t0, 5);
  assert.equal(st.labPid, 900);
});

test('children, orphans and the roots of a workload', () => {
  const st = createLive();
  applyHello(st, hello);
  applyEvents(st, msg(1100, [ev(1100, 'created', 700, { other: LAB }), ev(1100, 'created', 701, { other: 700 }), ev(1101, 'created', 702, { other: 701 })],
    [{ ...proc(700, 'S', 'sleeping'), workload: 'orphans', name: 'pl-orphaner' }, { ...proc(701, 'S', 'sleeping'), ppid: 700, lab_child: false, workload: 'orphans', name: 'pl-orphan' }]));
  assert.equal(st.roots[701], 700);
  assert.equal(st.roots[702], 700);
  applyEvents(st, msg(1200, [ev(1200, 'reparented', 701, { other: LAB })], [{ ...proc(701, 'S', 'sleeping'), ppid: LAB, lab_child: false, workload: 'orphans' }]));
  assert.equal(st.parents[701], LAB);
  assert.equal(st.roots[701], 700, 'an adopted orphan keeps its workload');
  assert.equal(diagramView(st).tasks.find(x => x.pid === 701).ppid, LAB);
});

test('reports fill the demos: race, pipe, socket, copy-on-write, signals', () => {
  const st = createLive();
  applyHello(st, hello);
  const race = { ...proc(800, 'S', 'sleeping'), workload: 'race', name: 'pl-race' };
  const inc = (pid, s, wchan, wait) => ({ ...proc(pid, s === 'sleeping' ? 'S' : 'R', s), ppid: 800, lab_child: false, workload: 'race', name: 'pl-race-inc', wchan, wait });
  applyEvents(st, msg(1100, [ev(1100, 'created', 800, { other: LAB }), ev(1100, 'created', 801, { other: 800 }), ev(1100, 'created', 802, { other: 800 })],
    [race, inc(801, 'sleeping', 'futex_do_wait', 'futex'), inc(802, 'running')],
    [{ kind: 'race', pid: 800, phase: 'start', mode: 'lock', procs: 2, iters: 100, expected: 200 }]));
  assert.equal(lockWaiters(st, 800), 1);
  applyEvents(st, msg(1300, [], [], [{ kind: 'race', pid: 800, phase: 'done', mode: 'lock', procs: 2, iters: 100, expected: 200, actual: 200, elapsed_ms: 12.5 }]));
  assert.deepEqual(st.demos.race.map(r => [r.mode, r.done, r.actual, r.lost, r.elapsed]), [['lock', true, 200, 0, 12.5]]);

  applyEvents(st, msg(1400, [ev(1400, 'created', 810, { other: LAB }), ev(1400, 'created', 811, { other: 810 })], [], [
    { kind: 'pipe', pid: 810, side: 'writer', bytes: 77824, rate_kbps: 149.3, queued: 65536 },
    { kind: 'pipe', pid: 811, side: 'reader', bytes: 16384, rate_kbps: 21.3, queued: 65536 },
    { kind: 'socket', pid: 810, side: 'sender', type: 'STREAM', messages: ['one', 'two!', 'three'], sizes: [3, 4, 5] },
    { kind: 'socket', pid: 811, side: 'receiver', type: 'STREAM', messages: ['onetwo!three'], sizes: [12] },
  ]));
  assert.equal(st.demos.pipe[810].writer.bytes, 77824);
  assert.equal(st.demos.pipe[810].reader.pid, 811, 'the reader is grouped with its writer');
  assert.equal(st.demos.pipe[810].queued, 65536);
  assert.deepEqual(st.demos.socket[810].recv, { pid: 811, messages: ['onetwo!three'], sizes: [12] });

  const cow = (pid, pss, shared, priv) => ({ ...proc(pid, 'S', 'sleeping'), workload: 'cow', name: pid === 820 ? 'pl-cow' : 'pl-cow-child', ppid: pid === 820 ? LAB : 820,
    rss_bytes: 70e6, pss_bytes: pss, shared_dirty_bytes: shared, private_dirty_bytes: priv });
  applyEvents(st, msg(1500, [ev(1500, 'created', 820, { other: LAB }), ev(1500, 'created', 821, { other: 820 })], [cow(820, 35e6, 68e6, 1e5), cow(821, 33e6, 66e6, 1e5)],
    [{ kind: 'fork', pid: 820, child: 821 }, { kind: 'cow', pid: 820, step: 0, of: 4, mib: 64 }]));
  applyEvents(st, msg(2500, [], [cow(820, 42e6, 52e6, 16e6), cow(821, 41e6, 50e6, 16e6)], [{ kind: 'cow', pid: 820, step: 1, of: 4, mib: 64 }]));
  const run = st.demos.cow[820];
  assert.equal(run.child, 821);
  assert.deepEqual(run.rows.map(r => [r.step, r.parent && r.parent.pss, r.child && r.child.private]), [[0, 35e6, 1e5], [1, 42e6, 16e6]]);

  applyEvents(st, msg(2600, [], [], [{ kind: 'signal', pid: 830, signal: 'USR1', action: 'handled' }]));
  assert.deepEqual(st.demos.signals.map(x => [x.pid, x.signal, x.action]), [[830, 'USR1', 'handled']]);
});

test('a pipe is empty when a report leaves queued out, and gone once both ends have exited', () => {
  const st = createLive();
  applyHello(st, hello);
  const end = (pid, ppid, s, extra = {}) => ({ ...proc(pid, s === 'zombie' ? 'Z' : 'S', s), ppid, lab_child: ppid === LAB, workload: 'fifo', ...extra });
  applyEvents(st, msg(1100, [ev(1100, 'created', 900, { other: LAB }), ev(1100, 'created', 901, { other: 900 }), ev(1100, 'created', 902, { other: 900 })],
    [end(900, LAB, 'sleeping'), end(901, 900, 'sleeping'), end(902, 900, 'sleeping')],
    [{ kind: 'pipe', pid: 901, side: 'writer', bytes: 1 << 20, rate_kbps: 256, queued: 61440 }, { kind: 'pipe', pid: 902, side: 'reader', bytes: 900 << 10, rate_kbps: 256, queued: 61440 }]));
  const run = st.demos.pipe[900];
  assert.equal(run.queued, 61440);
  // The writer is done: it exits; the reader still reads what is left.
  applyEvents(st, msg(2000, [ev(2000, 'exit', 901, { value: 0 }), ev(2000, 'state', 901, { from: 'sleeping', to: 'zombie' })], [end(901, 900, 'zombie', { exited: true })]));
  assert.equal(run.freed, false, 'the reader still holds its end');
  assert.equal(run.queued, 61440);
  applyEvents(st, msg(2500, [], [], [{ kind: 'pipe', pid: 902, side: 'reader', bytes: 1000 << 10, rate_kbps: 256 }]));
  assert.equal(run.queued, 0, 'queued left out: the pipe is empty');
  // The reader has read it all and exits: the last end closes.
  applyEvents(st, msg(3000, [ev(3000, 'exit', 902, { value: 0 }), ev(3000, 'state', 902, { from: 'sleeping', to: 'zombie' })], [end(902, 900, 'zombie', { exited: true })]));
  assert.equal(run.freed, true);
  assert.equal(run.queued, 0);

  // Both ends killed with the pipe full: Linux frees the pipe and its bytes.
  applyEvents(st, msg(4000, [ev(4000, 'created', 910, { other: LAB }), ev(4000, 'created', 911, { other: 910 })], [end(910, LAB, 'sleeping'), end(911, 910, 'sleeping')],
    [{ kind: 'pipe', pid: 910, side: 'writer', bytes: 131072, rate_kbps: 64, queued: 65536 }, { kind: 'pipe', pid: 911, side: 'reader', bytes: 65536, rate_kbps: 4, queued: 65536 }]));
  applyEvents(st, msg(4500, [ev(4500, 'exit', 910, { value: 9, signal: 'SIGKILL' }), ev(4500, 'state', 910, { from: 'sleeping', to: 'zombie' }),
    ev(4500, 'exit', 911, { value: 9, signal: 'SIGKILL' }), ev(4500, 'state', 911, { from: 'sleeping', to: 'zombie' })], []));
  assert.deepEqual([st.demos.pipe[910].freed, st.demos.pipe[910].queued], [true, 0]);
});

test('the log items come with every message, in words in both languages', () => {
  const st = lifecycle();
  setLang('en');
  assert.ok(st.log.length >= 2);
  assert.equal(st.items.length, 1);
  assert.equal(st.items[0].key, 'live.ev.state.sleeping.why');
});

test('the log reads newest first within one moment too: the reap above the adoption, the adoption above the exit', () => {
  // A forker and its zombie child, then SIGTERM to the forker: the server
  // sends one message of one millisecond, in the order it happened.
  const st = createLive();
  applyHello(st, hello);
  applyEvents(st, msg(1100, [ev(1100, 'created', 700, { other: LAB }), ev(1100, 'created', 701, { other: 700 })],
    [{ ...proc(700, 'S', 'sleeping'), workload: 'forker', name: 'pl-forker' }, { ...proc(701, 'Z', 'zombie'), ppid: 700, lab_child: false, workload: 'forker', name: 'child' }]));
  applyEvents(st, msg(83000, [
    ev(83000, 'exit', 700, { value: 15, signal: 'SIGTERM' }), ev(83000, 'state', 700, { from: 'sleeping', to: 'zombie' }),
    ev(83000, 'reparented', 701, { other: LAB }),
    ev(83000, 'state', 701, { from: 'zombie', to: 'dead', synthesised: true }), ev(83000, 'reaped', 701, { other: LAB, value: 0 }),
  ], []));
  const shown = newestFirst(st.log);
  const { order, first } = displayOrder(shown);
  const kinds = order.map(i => `${shown[i].kind} ${shown[i].pid}`);
  assert.deepEqual(kinds.slice(0, 3), ['reaped 701', 'reparented 701', 'exit 700'], 'the later event above the earlier');
  assert.deepEqual(first.slice(0, 4), [true, false, false, true], 'one moment is still one group');
  assert.deepEqual(kinds.slice(3), ['created 701', 'created 700'], 'older moments below, newest first');
  assert.equal(st.log[0].kind, 'created', 'the model keeps its log oldest first');
});

test('argsFor validates a spawn panel against the ranges', () => {
  const w = normalizeWorkloads(hello.workloads)[0];
  assert.deepEqual(argsFor(w, { ms: '300', code: '' }), { args: { ms: 300, code: 0 }, bad: [] });
  assert.deepEqual(argsFor(w, { ms: '-1', code: '2.5' }).bad, ['ms', 'code']);
  assert.deepEqual(argsFor(w, { ms: '600001' }).bad, ['ms']);
  assert.deepEqual(argsFor(w, {}).args, { ms: 500, code: 0 });
});

test('live lessons are normalised', () => {
  const ls = normalizeLiveLessons([{ id: 'zombies', title: { en: 'Z', zh: '僵' }, twin: 'lifecycle', twin_title: { en: 'L' }, steps: [{ text: { en: 'a', zh: '甲' }, do: { action: 'reap' } }, { text: { en: 'b' } }] },
    { id: '', steps: [] }, { id: 'x' }, null]);
  assert.equal(ls.length, 1);
  assert.deepEqual(ls[0].steps.map(s => s.do && s.do.action), ['reap', null]);
  assert.equal(ls[0].twinTitle.zh, '');
  assert.deepEqual(normalizeLiveLessons({}), []);
});

test('shortName', () => {
  assert.equal(shortName({ name: 'pl-sleep', workload: 'sleep' }), 'sleep');
  assert.equal(shortName({ name: 'exe', workload: 'exit' }), 'exit');
  assert.equal(shortName({ name: '', workload: '' }), '');
});

test('a process flipping between R and S is said once every QUIET_MS; a CONT always', () => {
  const st = lifecycle();
  const n0 = st.log.length;
  for (let i = 0; i < 20; i++) {
    const t = 3200 + i * 50;
    const [from, to] = i % 2 ? ['sleeping', 'running'] : ['running', 'sleeping'];
    applyEvents(st, msg(t, [ev(t, 'state', 500, { from, to })]));
  }
  assert.equal(st.log.length - n0, 1, 'one sentence for twenty flips within 1 s');
  applyEvents(st, msg(4300, [ev(4300, 'state', 500, { from: 'sleeping', to: 'stopped' })]));
  applyEvents(st, msg(4350, [ev(4350, 'state', 500, { from: 'stopped', to: 'sleeping' })]));
  assert.equal(st.log.length - n0, 3);
  applyEvents(st, msg(6000, [ev(6000, 'state', 500, { from: 'sleeping', to: 'running' })]));
  assert.equal(st.log.length - n0, 4, 'said again after QUIET_MS');
});
