import test from 'node:test';
import assert from 'node:assert/strict';
import { chooseNarration, narrationText, joinList, RANK, rankOf, categoryOf, whoFor } from './narrate.js';
import { describeEvents } from './log.js';
import { declContext, ranOf, fromSnapshot, applyEvents } from './fold.js';
import { setLang } from './i18n.js';
import { programs as shellPrograms, snapshotAt, eventsAt, tasksAt } from './testdata.mjs';

// A lesson-like world: init, processes shell (P2), worker/daemons (P3, P4),
// and the race lab's threads t1 (P5) and t2 (P6) on one shared counter.
const names = { 1: 'init', 2: 'shell', 3: 'daemon', 4: 'daemon', 5: 't1', 6: 't2' };
const threads = new Set([5, 6]);
const who = whoFor(names, threads);
const decl = { vars: [{ name: 'counter', init: 0 }], objects: [{ name: 'm', kind: 'mutex' }, { name: 'n', kind: 'mutex' }], expects: ['counter == 2'] };
const ctx = declContext(decl, { name: p => names[p], parent: p => (p === 3 || p === 4 ? 2 : 1), program: i => ['shell', 'daemon', 't1', 't2'][i] });

// Programs: 0 shell and 1 daemon are processes; 2 t1 and 3 t2 are threads
// whose one statement is three micro-steps.
const stmt = [
  { line: 5, text: '  counter = counter + 1', index: 0, micro: 'load counter -> r0' },
  { line: 5, text: '  counter = counter + 1', index: 1, micro: 'add 1 -> r0' },
  { line: 5, text: '  counter = counter + 1', index: 2, micro: 'store r0 -> counter' },
  { line: 6, text: '  done = 1', index: 3, micro: '' },
];
const programs = [
  { name: 'shell', code: [{ line: 11, text: '    fork daemon' }, { line: 12, text: '    compute 4' }, { line: 13, text: '    wait' }] },
  { name: 'daemon', code: [{ line: 17, text: '    sleep 5' }] },
  { name: 't1', thread: true, code: stmt },
  { name: 't2', thread: true, code: stmt },
];

const ev = (kind, f = {}) => ({ step: 4, kind, cpu: 0, ...f });
const ran = (pid, program, at) => [{ pid, cpu: 0, kernel: false, program, line: at.line ?? 0, pc: at.pc ?? -1 }];
const col = cells => ({ step: 4, cpu: cells, task: {} });

// choose runs the real pipeline: the events become log items (log.js),
// then the narration picks one.
function choose(c) {
  return chooseNarration({ step: 4, items: describeEvents(c.events, ctx), ran: c.ran || [], column: c.column || col([]), tasks: c.tasks || [], programs, who });
}

const cases = [
  {
    name: 'a load micro-step: the read, not the quantum or the dispatch',
    events: [ev('state', { pid: 5, from: 'running', to: 'runnable', cause: 'quantum' }), ev('switch', { pid: 6, other: 5 }),
      ev('state', { pid: 6, from: 'runnable', to: 'running', cause: 'dispatch' }), ev('read', { pid: 6, obj: 0, value: 0 })],
    ran: ran(6, 3, { line: 5, pc: 0 }),
    key: 'ev.read', params: { p: 't2', v: 'counter', value: 0 }, more: 3,
  },
  {
    name: 'an add micro-step with no memory event: what the thread ran, not the scheduler',
    events: [ev('state', { pid: 6, from: 'running', to: 'runnable', cause: 'quantum' }), ev('switch', { pid: 5, other: 6 }),
      ev('state', { pid: 5, from: 'runnable', to: 'running', cause: 'dispatch' })],
    ran: ran(5, 2, { line: 5, pc: 1 }),
    key: 'narr.ran.micro', params: { p: 't1', line: 5, k: 2, n: 3, micro: 'add 1 -> r0' }, more: 3,
  },
  {
    name: 'a one-instruction statement says its text',
    events: [], ran: ran(5, 2, { line: 6, pc: 3 }),
    key: 'narr.ran', params: { p: 't1', line: 6, code: 'done = 1' }, more: 0,
  },
  {
    name: 'a lost update beats the write, the race and the exit',
    events: [ev('write', { pid: 6, obj: 0, value: 1, arg: 1 }), ev('race', { pid: 6, other: 5, value: 3, arg: 3 }),
      ev('lost_update', { pid: 6, other: 5, value: 3, arg: 2 }), ev('exit', { pid: 6 }), ev('state', { pid: 6, from: 'running', to: 'dead', cause: 'exit' }),
      ev('expect_failed', { obj: 0, value: 1 })],
    key: 'ev.lost_update', params: { p: 't2', o: 't1', v: 'counter', step: 4, ostep: 3, rstep: 2 }, more: 4,
  },
  {
    name: 'a deadlock beats everything',
    events: [ev('lock_contend', { pid: 6, other: 5, obj: 1 }), ev('state', { pid: 6, from: 'running', to: 'sleeping', cause: 'lock', other: 5, obj: 1 }),
      ev('deadlock', { pid: 6, other: 5, obj: 1, arg: 2 })],
    key: 'ev.deadlock', params: { p: 't2', o: 't1', obj: 'n', n: 2 }, more: 1,
  },
  {
    name: 'the MLFQ boost beats the wait that ended',
    events: [ev('state', { pid: 3, from: 'sleeping', to: 'runnable', cause: 'io_done' }), ev('level', { pid: 2, cause: 'boost' })],
    key: 'narr.boost', params: { p: 'P2 (shell)', value: 0, list: ['P2 (shell)'] }, more: 1,
  },
  {
    name: 'a boost of several jobs is one sentence',
    events: [ev('level', { pid: 2, cause: 'boost' }), ev('level', { pid: 3, cause: 'boost' }), ev('level', { pid: 4, cause: 'boost' })],
    key: 'narr.boost.many', params: { p: 'P2 (shell)', value: 0, list: ['P2 (shell)', 'P3 (daemon)', 'P4 (daemon)'] }, more: 0,
  },
  {
    name: 'orphans adopted beat the parent exit that made them',
    events: [ev('exit', { pid: 2 }), ev('state', { pid: 2, from: 'running', to: 'zombie', cause: 'exit' }), ev('signal_sent', { pid: 1, other: 0, value: 17, signal: 'SIGCHLD' }),
      ev('reparented', { pid: 3, other: 1 }), ev('reparented', { pid: 4, other: 1 }), ev('state', { pid: 1, from: 'sleeping', to: 'runnable', cause: 'child_exit' })],
    key: 'narr.orphans', params: { p: 'P3 (daemon)', o: 'P1 (init)', list: ['P3 (daemon)', 'P4 (daemon)'] }, more: 3,
  },
  {
    name: 'one orphan keeps its own sentence',
    events: [ev('exit', { pid: 2 }), ev('reparented', { pid: 3, other: 1 })],
    key: 'ev.reparented', params: { p: 'P3 (daemon)', o: 'P1 (init)', list: ['P3 (daemon)'] }, more: 1,
  },
  {
    name: 'a fork beats its system call',
    events: [ev('mode', { pid: 2, value: 1 }), ev('syscall', { pid: 2, value: 1, syscall: 'fork' }), ev('created', { pid: 3, other: 2, cause: 'fork', value: 1 }),
      ev('exec', { pid: 3, value: 1 }), ev('state', { pid: 3, from: 'none', to: 'runnable', cause: 'fork' })],
    ran: ran(2, 0, { line: 11 }),
    key: 'ev.created.fork', params: { p: 'P3 (daemon)', o: 'P2 (shell)' }, more: 1,
  },
  {
    name: 'a zombie reaped beats the wait() call',
    events: [ev('syscall', { pid: 2, value: 3, syscall: 'wait' }), ev('state', { pid: 3, from: 'zombie', to: 'dead', cause: 'reap' }), ev('reaped', { pid: 3, other: 2, value: 7 })],
    key: 'ev.reaped', params: { p: 'P3 (daemon)', o: 'P2 (shell)', code: 7 }, more: 1,
  },
  {
    name: 'a kill: the death beats the delivery and the sending',
    events: [ev('signal_sent', { pid: 3, other: 2, value: 9, signal: 'SIGKILL' }), ev('signal_delivered', { pid: 3, cause: 'sigkill', value: 9, signal: 'SIGKILL' }),
      ev('exit', { pid: 3, arg: 9, signal: 'SIGKILL' }), ev('state', { pid: 3, from: 'runnable', to: 'zombie', cause: 'sigkill' })],
    key: 'ev.exit.killed.zombie', more: 2,
  },
  {
    name: 'an exit beats the auto-reap that repeats it',
    events: [ev('exit', { pid: 3 }), ev('state', { pid: 3, from: 'running', to: 'dead', cause: 'autoreap' }), ev('reaped', { pid: 3, other: 3 })],
    key: 'ev.exit.autoreap', more: 1,
  },
  {
    name: 'two CPUs ran: the first says its line, the other is named',
    events: [], ran: [{ pid: 2, cpu: 0, program: 0, line: 12, pc: -1 }, { pid: 3, cpu: 1, program: 1, line: 17, pc: -1 }],
    key: 'narr.ran', params: { p: 'P2 (shell)', line: 12, code: 'compute 4' }, more: 0,
  },
  {
    name: 'a dispatch beats the compute tick it starts',
    events: [ev('switch', { pid: 2 }), ev('state', { pid: 2, from: 'runnable', to: 'running', cause: 'dispatch' })],
    ran: ran(2, 0, { line: 12 }),
    key: 'ev.state.dispatch', params: { p: 'P2 (shell)', cpu: 0, from: 'runnable', to: 'running', cause: 'dispatch' }, more: 1,
  },
  {
    name: 'a compute tick says the line that ran, never "nothing changes"',
    events: [], ran: ran(2, 0, { line: 12 }),
    key: 'narr.ran', params: { p: 'P2 (shell)', line: 12, code: 'compute 4' }, more: 0,
  },
  {
    name: 'a return to user mode alone is still a compute tick',
    events: [ev('mode', { pid: 2, value: 0 })], ran: ran(2, 0, { line: 12 }),
    key: 'narr.ran', params: { p: 'P2 (shell)', line: 12, code: 'compute 4' }, more: 0,
  },
  {
    name: 'a task on a CPU whose line is unknown still runs',
    events: [], column: col([{ pid: 2, kernel: false }]),
    key: 'narr.ran.cpu', params: { p: 'P2 (shell)', cpu: 0 }, more: 0,
  },
  {
    name: 'an idle tick names the tasks whose timers run (init left out)',
    events: [], tasks: [{ pid: 1, state: 'sleeping' }, { pid: 3, state: 'sleeping' }, { pid: 4, state: 'disk' }, { pid: 2, state: 'zombie' }],
    key: 'narr.idle.wait.many', params: { list: ['P3 (daemon)', 'P4 (daemon)'] }, more: 0,
  },
  {
    name: 'an idle tick with one sleeper',
    events: [], tasks: [{ pid: 1, state: 'sleeping' }],
    key: 'narr.idle.wait', params: { list: ['P1 (init)'] }, more: 0,
  },
  {
    name: 'a tick spent switching says so',
    events: [], column: col([{ pid: 2, sw: true }]),
    key: 'narr.switching', params: { cpu: 0, p: 'P2 (shell)' }, more: 0,
  },
  {
    name: 'only when nothing runs or waits does nothing change',
    events: [], tasks: [{ pid: 2, state: 'zombie' }, { pid: 3, state: 'stopped' }],
    key: 'narr.still', params: {}, more: 0,
  },
  {
    name: 'a data race beats the read that raced',
    events: [ev('read', { pid: 6, obj: 0, value: 1 }), ev('race', { pid: 6, other: 5, value: 2, arg: 2 })],
    key: 'ev.race', more: 1,
  },
  {
    name: 'an event kind with no sentence of its own ranks last',
    events: [ev('ptrace_stop', { pid: 3 }), ev('switch', { pid: 2 })],
    key: 'ev.switch.fromidle', more: 1,
  },
  {
    name: 'job control: the kernel\'s SIGHUP to an orphaned stopped group beats the orphans',
    events: [ev('exit', { pid: 2 }), ev('reparented', { pid: 3, other: 1 }), ev('signal_sent', { pid: 3, other: 0, value: 1, signal: 'SIGHUP' }),
      ev('signal_sent', { pid: 3, other: 0, value: 18, signal: 'SIGCONT' }), ev('state', { pid: 2, from: 'running', to: 'zombie', cause: 'exit' }),
      ev('signal_sent', { pid: 1, other: 0, value: 17, signal: 'SIGCHLD', arg: 2 })],
    key: 'ev.signal_sent.kernel', params: { p: 'P3 (daemon)', sig: 'SIGHUP' }, more: 4,
  },
];

for (const c of cases) {
  test(`narration: ${c.name}`, () => {
    const got = choose(c);
    assert.equal(got.key, c.key, `got key ${got.key}; want ${c.key}`);
    if (c.params) {
      for (const [k, want] of Object.entries(c.params)) assert.deepEqual(got.params[k], want, `param ${k}: got ${JSON.stringify(got.params[k])}; want ${JSON.stringify(want)}`);
    }
    assert.equal(got.more, c.more, `got more ${got.more}; want ${c.more}`);
  });
}

test('narration: no sentence before the first step', () => {
  assert.equal(chooseNarration({ step: 0, items: [], ran: [] }), null);
});

test('narration: items of other steps are not said', () => {
  const items = describeEvents([{ step: 3, kind: 'deadlock', pid: 6, other: 5, obj: 1, arg: 2 }], ctx);
  const got = chooseNarration({ step: 4, items, ran: ran(2, 0, { line: 12 }), column: col([]), tasks: [], programs, who });
  assert.equal(got.key, 'narr.ran');
  assert.equal(got.more, 0);
});

test('RANK names each category once, problems first and routine last', () => {
  const all = RANK.flat();
  assert.equal(new Set(all).size, all.length, 'a category is listed twice');
  for (const c of ['deadlock', 'lost_update', 'race', 'level.boost', 'reparented', 'reaped', 'read', 'exit', 'created.fork']) {
    assert.ok(rankOf(c) > rankOf('state.dispatch'), `${c} should outrank a dispatch`);
    assert.ok(rankOf(c) > rankOf('ran.thread'), `${c} should outrank a bare micro-step`);
  }
  assert.ok(rankOf('ran.thread') > rankOf('state.quantum'));
  assert.ok(rankOf('unknown_kind') > rankOf('switch'), 'a new kind with a sentence outranks the routine');
  assert.ok(rankOf(categoryOf({ kind: 'ptrace_stop', key: 'ev.other' })) < rankOf('syscall'), 'a kind without a sentence ranks last');
  assert.ok(rankOf('ran') < rankOf('syscall'));
  assert.equal(categoryOf({ kind: 'state', cause: 'quantum', key: 'ev.state.quantum' }), 'state.quantum');
  assert.equal(categoryOf({ kind: 'level', cause: 'boost', key: 'ev.level.boost' }), 'level.boost');
});

const byName = prefix => cases.find(c => c.name.startsWith(prefix));

const render = (c, lang) => {
  setLang(lang);
  return narrationText(choose(c), 4);
};

test('narration text in English and Chinese, with the count of other events', () => {
  const table = [
    [cases[0], 'en', 'step 4: t2 reads counter = 0 (and 3 more events in the log)'],
    [cases[0], 'zh-CN', '第 4 步：t2 读取 counter = 0（事件记录里还有 3 个事件）'],
    [cases[1], 'en', 'step 4: t1 runs line 5, micro-step 2 of 3: add 1 -> r0 (and 3 more events in the log)'],
    [cases[1], 'zh-CN', '第 4 步：t1 执行第 5 行的第 2/3 个微步：add 1 -> r0（事件记录里还有 3 个事件）'],
    [cases[6], 'en', 'step 4: MLFQ priority boost: every job moves to the top queue (level 0); P2 (shell), P3 (daemon) and P4 (daemon) were lower and go back up'],
    [cases[7], 'en', 'step 4: P3 (daemon) and P4 (daemon) are orphans now: their parent exited and P1 (init) adopts them (and 3 more events in the log)'],
    [cases[7], 'zh-CN', '第 4 步：P3 (daemon) 和 P4 (daemon) 现在是孤儿进程：它们的父进程退出了，由 P1 (init) 收养（事件记录里还有 3 个事件）'],
    [cases[8], 'en', 'step 4: P3 (daemon) is an orphan now: its parent exited and P1 (init) adopts it (and 1 more event in the log)'],
    [byName('a compute tick'), 'en', 'step 4: P2 (shell) runs line 12: compute 4'],
    [byName('a compute tick'), 'zh-CN', '第 4 步：P2 (shell) 执行第 12 行：compute 4'],
    [byName('two CPUs ran'), 'en', 'step 4: P2 (shell) runs line 12: compute 4; at the same time P3 (daemon) runs on another CPU'],
    [byName('two CPUs ran'), 'zh-CN', '第 4 步：P2 (shell) 执行第 12 行：compute 4；同时 P3 (daemon) 在另一个 CPU 上运行'],
  ];
  for (const [c, lang, want] of table) {
    const got = render(c, lang);
    assert.equal(got, want, `${c.name} (${lang}): got ${got}; want ${want}`);
  }
  setLang('en');
});

test('no narration in either language says that nothing changes when a task ran or an event happened', () => {
  for (const lang of ['en', 'zh-CN']) {
    for (const c of cases) {
      if (c.key === 'narr.still') continue;
      const got = render(c, lang);
      assert.ok(!/nothing changes|没有变化|什么也没有改变/.test(got), `${c.name} (${lang}): ${got}`);
      assert.ok(!/\{\w+\}/.test(got), `${c.name} (${lang}): unfilled placeholder in ${got}`);
    }
  }
  setLang('en');
});

test('joinList', () => {
  const table = [[[], 'en', ''], [['P3'], 'en', 'P3'], [['P3', 'P4'], 'en', 'P3 and P4'], [['P2', 'P3', 'P4'], 'en', 'P2, P3 and P4'], [['P2', 'P3', 'P4'], 'zh-CN', 'P2、P3 和 P4']];
  for (const [list, lang, want] of table) {
    setLang(lang);
    assert.equal(joinList(list), want);
  }
  setLang('en');
});

test('ranOf: the line each CPU ran is where its task was before the step', () => {
  const prev = [{ pid: 1, program: -1, line: 0 }, { pid: 2, program: 0, line: 12, pc: 1 }, { pid: 3, program: 1, line: 17, pc: 0 }];
  const table = [
    { name: 'one CPU', column: col([{ pid: 2, kernel: false }]), want: [{ pid: 2, cpu: 0, kernel: false, program: 0, line: 12, pc: 1 }] },
    { name: 'two CPUs', column: col([{ pid: 3, kernel: true }, { pid: 2, kernel: false }]),
      want: [{ pid: 3, cpu: 0, kernel: true, program: 1, line: 17, pc: 0 }, { pid: 2, cpu: 1, kernel: false, program: 0, line: 12, pc: 1 }] },
    { name: 'switching runs nothing', column: col([{ pid: 2, sw: true }]), want: [] },
    { name: 'idle', column: col([{ pid: 0 }]), want: [] },
    { name: 'init has no line', column: col([{ pid: 1 }]), want: [] },
    { name: 'a task forked in this step', column: col([{ pid: 9 }]), want: [] },
    { name: 'a thread that arrived in this step ran its first micro-step', column: { ...col([{ pid: 9 }]), arrived: { 9: 2 } },
      want: [{ pid: 9, cpu: 0, kernel: false, program: 2, line: 5, pc: 0 }] },
  ];
  for (const c of table) assert.deepEqual(ranOf(c.column, prev, programs), c.want, c.name);
  assert.deepEqual(ranOf(col([{ pid: 2 }]), null), []);
});

test('after a step and after a jump, the last step stays marked (transitions and ran)', () => {
  const withLines = k => tasksAt[k].map(t => (t.pid === 2 ? { ...t, line: 11 + Math.min(k, 2) } : t));
  // Step 4 by stepping: P2 ran its wait() line (13 after step 3).
  let v = fromSnapshot({ ...snapshotAt(3), tasks: withLines(3) }, shellPrograms);
  v = applyEvents(v, eventsAt(4), shellPrograms);
  assert.deepEqual(v.ran.map(r => [r.pid, r.line]), [[2, 13]]);
  // Step 4 by a jump (a snapshot whose prev is step 3): the same marks.
  const s = fromSnapshot({ ...snapshotAt(4), prev: withLines(3) }, shellPrograms);
  assert.deepEqual(s.ran, v.ran);
  assert.deepEqual(s.transitions, v.transitions);
  assert.ok(s.transitions.length > 0);
});

test('copy-on-write and IPC events outrank the scheduler routine; a page reused or copied beats its fault', () => {
  const lesson = ['page_copy', 'page_reuse', 'page_fault', 'pipe_write', 'pipe_read', 'mq_send', 'mq_receive', 'sock_send', 'sock_recv',
    'state.pipe_write', 'state.mq_receive', 'ipc_open', 'ipc_close', 'mem_write', 'shm_attach'];
  for (const c of lesson) {
    for (const r of ['state.dispatch', 'state.quantum', 'state.preempt', 'state.io_done', 'switch', 'syscall']) {
      assert.ok(rankOf(c) > rankOf(r), `${c} ranks ${rankOf(c)}, not above ${r} (${rankOf(r)})`);
    }
  }
  assert.ok(rankOf('page_reuse') > rankOf('page_fault') && rankOf('page_copy') > rankOf('page_fault'));
});
