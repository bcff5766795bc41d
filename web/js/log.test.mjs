import test from 'node:test';
import assert from 'node:assert/strict';
import { describeEvents, sentence, fullSentence, mostImportant, label, displayOrder, logWindow } from './log.js';
import { setLang } from './i18n.js';
import { steps } from './testdata.mjs';

const names = { 1: 'init', 2: 'shell', 3: 'worker' };
const ctx = { name: p => names[p], parent: p => (p === 3 ? 2 : 1), program: i => ['shell', 'worker'][i] };
const say = (events, lang) => {
  setLang(lang);
  return describeEvents(events, ctx).map(fullSentence);
};

test('label', () => {
  assert.equal(label(3, 'worker'), 'P3 (worker)');
  assert.equal(label(4), 'P4');
});

test('exit and the zombie state make one sentence, in English and Chinese', () => {
  const ev = [
    { step: 8, kind: 'exit', pid: 3, cpu: 0, value: 7 },
    { step: 8, kind: 'state', pid: 3, cpu: 0, from: 'running', to: 'zombie', cause: 'exit' },
  ];
  assert.deepEqual(say(ev, 'en'), ['step 8: P3 (worker) exited with code 7 — it stays a zombie until its parent P2 calls wait()']);
  assert.deepEqual(say(ev, 'zh-CN'), ['第 8 步：P3 (worker) 以退出码 7 退出——在父进程 P2 调用 wait() 之前它一直是僵尸进程']);
});

test('mode events are not in the log; everything else is', () => {
  const items = describeEvents(steps[1], ctx);
  assert.ok(items.every(i => i.kind !== 'mode'));
  const kinds = items.map(i => i.kind);
  assert.deepEqual(kinds, ['created', 'switch', 'state', 'syscall', 'created']);
});

test('a kill shows the signal', () => {
  const ev = [
    { step: 5, kind: 'exit', pid: 3, cpu: 0, arg: 9, signal: 'SIGKILL' },
    { step: 5, kind: 'state', pid: 3, cpu: 0, from: 'running', to: 'zombie', cause: 'sigkill' },
  ];
  setLang('en');
  assert.match(say(ev, 'en')[0], /killed by SIGKILL \(wait status: killed by a signal, no exit code\)/);
});

test('reaping says who reaped whom, once', () => {
  setLang('en');
  const s = describeEvents(steps[4], ctx).map(sentence);
  assert.ok(s.includes('P2 (shell) reaped P3 (worker) with wait() and collected exit code 7: P3 (worker) is gone (X)'), s.join('\n'));
  assert.equal(s.filter(x => x.includes('(X)')).length, 1, s.join('\n'));
  assert.ok(!describeEvents(steps[4], ctx).some(i => i.key === 'ev.state.dead'));
});

test('state sentences translate their cause and states', () => {
  const ev = [{ step: 2, kind: 'state', pid: 2, cpu: 1, from: 'running', to: 'runnable', cause: 'quantum' },
    { step: 2, kind: 'state', pid: 2, from: 'stopped', to: 'traced', cause: 'weird' }];
  assert.deepEqual(say(ev, 'en'), [
    'step 2: P2 (shell) used up its time slice (quantum) on CPU 1 and goes back to the ready queue',
    'step 2: P2 (shell) changes state: stopped → traced (weird)',
  ]);
  const zh = say(ev, 'zh-CN');
  assert.match(zh[0], /用完了时间片/);
  assert.match(zh[1], /暂停 → 被跟踪/);
});

test('switch sentences say voluntary or not, and idle', () => {
  const ev = [
    { step: 4, kind: 'switch', pid: 2, other: 3, cpu: 0, voluntary: true },
    { step: 4, kind: 'switch', pid: 3, other: 2, cpu: 1 },
    { step: 4, kind: 'switch', pid: 2, cpu: 2 },
    { step: 4, kind: 'switch', pid: 0, other: 2, cpu: 3 },
  ];
  const s = say(ev, 'en');
  assert.match(s[0], /voluntary/);
  assert.match(s[1], /involuntary/);
  assert.match(s[2], /CPU 2 was idle/);
  assert.match(s[3], /CPU 3 becomes idle/);
});

test('the most important sentence of a step wins the narration', () => {
  const items = describeEvents(steps[3], ctx);
  assert.equal(mostImportant(items, 3).kind, 'exit');
  assert.equal(mostImportant(items, 99), null);
});

test('every event kind of the protocol has a sentence', () => {
  setLang('en');
  const kinds = ['created', 'exec', 'state', 'switch', 'syscall', 'signal_sent', 'signal_delivered', 'signal_deferred',
    'exit', 'reaped', 'reparented', 'fork_failed', 'limit', 'wait_nochild', 'kill_failed'];
  for (const kind of kinds) {
    const items = describeEvents([{ step: 1, kind, pid: 2, other: 1, cpu: 0, from: 'running', to: 'sleeping', cause: 'sleep', value: 9, signal: 'SIGKILL', syscall: 'fork' }], ctx);
    assert.equal(items.length, 1, kind);
    const s = sentence(items[0]);
    assert.ok(!/\{\w+\}/.test(s), `${kind}: unfilled placeholder in ${s}`);
    assert.ok(!s.startsWith('ev.'), `${kind}: missing key ${s}`);
  }
});

test('a fork fails at max_tasks, or when the task table of the run is full', () => {
  const fail = cause => say([{ step: 3, kind: 'fork_failed', pid: 2, cpu: -1, cause, value: cause === 'task_limit' ? 4 : 16384 }], 'en')[0];
  assert.ok(/task limit 4 is reached/.test(fail('task_limit')), fail('task_limit'));
  assert.ok(/created 16384 tasks/.test(fail('task_table')), fail('task_table'));
  const zh = say([{ step: 3, kind: 'fork_failed', pid: 2, cpu: -1, cause: 'task_table', value: 16384 }], 'zh-CN')[0];
  assert.ok(/16384 个任务/.test(zh), zh);
});

test('a thread that ends is gone at once, not auto-reaped', () => {
  const ev = [
    { step: 5, kind: 'exit', pid: 2, cpu: 0 },
    { step: 5, kind: 'state', pid: 2, cpu: 0, from: 'running', to: 'dead', cause: 'exit' },
  ];
  const [en] = say(ev, 'en');
  assert.ok(/removed at once \(X\): there is no zombie/.test(en), en);
  assert.ok(!/SIGCHLD/.test(en), en);
  // P3's parent, P2, ignores SIGCHLD.
  const auto = say([{ ...ev[0], pid: 3 }, { ...ev[1], pid: 3, cause: 'autoreap' }], 'en')[0];
  assert.ok(/its parent P2 ignores SIGCHLD/.test(auto), auto);
});

test('a job auto-reaped by init is the jobs model, not init ignoring SIGCHLD', () => {
  // Only the jobs model's init takes a child away at once; a real init
  // reaps with wait() (the switch-cost lesson said init ignores SIGCHLD).
  const ev = [
    { step: 5, kind: 'exit', pid: 2, cpu: 0 },
    { step: 5, kind: 'state', pid: 2, cpu: 0, from: 'running', to: 'dead', cause: 'autoreap' },
  ];
  const [en] = say(ev, 'en');
  assert.ok(/in this jobs model init \(P1\) takes a job away/.test(en) && !/ignores SIGCHLD/.test(en), en);
  const [zh] = say(ev, 'zh-CN');
  assert.ok(/作业模型/.test(zh) && !/忽略 SIGCHLD/.test(zh), zh);
  const [killed] = say([{ ...ev[0], signal: 'SIGKILL' }, ev[1]], 'en');
  assert.ok(/killed by SIGKILL and is removed at once \(X\): in this jobs model/.test(killed), killed);
});

// The threads of one process (docs/scenario.md, "Threads live inside a
// process"): P2 (t1) is the main thread, P3 (t2) and P4 (t3) its threads.
const threadNames = { 1: 'init', 2: 't1', 3: 't2', 4: 't3' };
const threadCtx = {
  name: p => threadNames[p], parent: () => 1, program: i => ['t1', 't2', 't3'][i],
  tgid: p => (p >= 2 ? 2 : p), threaded: p => p >= 2,
};
const sayThreads = (events, lang) => {
  setLang(lang);
  return describeEvents(events, threadCtx).map(sentence);
};

test('thread sentences: created by clone, gone at once, the zombie main thread, the last thread, exit_group', () => {
  const cases = [
    {
      name: 'clone',
      ev: [{ step: 1, kind: 'created', pid: 3, other: 2, cause: 'clone', value: 1 },
        { step: 1, kind: 'state', pid: 3, from: 'none', to: 'runnable', cause: 'clone' }],
      en: ['t2 (TID 3) is a new thread of process P2 (clone, as pthread_create does): it shares the PID 2 and has its own TID 3; it joins the ready queue'],
      zh: /进程 P2 的新线程/,
    },
    {
      name: 'a thread ends alone',
      ev: [{ step: 5, kind: 'exit', pid: 3, cpu: 0, value: 0 },
        { step: 5, kind: 'state', pid: 3, cpu: 0, from: 'running', to: 'dead', cause: 'thread_exit' }],
      en: ['t2 (TID 3) ended (pthread_exit) and is removed at once (X): nobody can wait() for a thread’s TID, so the kernel releases it; process P2 goes on'],
      zh: /没有人能用 wait\(\) 等待一个线程的 TID/,
    },
    {
      name: 'the last thread',
      ev: [{ step: 6, kind: 'exit', pid: 4, cpu: 0, value: 0 },
        { step: 6, kind: 'state', pid: 4, cpu: 0, from: 'running', to: 'dead', cause: 'thread_exit' },
        { step: 6, kind: 'signal_sent', pid: 1, other: 2, value: 17 }],
      en: ['t3 (TID 4) ended (pthread_exit) and is removed at once (X); it was the last thread, so process P2 exits now and P1 gets SIGCHLD',
        't1 (TID 2) sends SIGCHLD to P1 (init)'],
      zh: /它是最后一个线程/,
    },
    {
      name: 'the main thread ends first',
      ev: [{ step: 3, kind: 'exit', pid: 2, cpu: 0, value: 0 },
        { step: 3, kind: 'state', pid: 2, cpu: 0, from: 'running', to: 'zombie', cause: 'thread_exit' }],
      en: ['t1 (TID 2), the main thread, ended (pthread_exit): it stays a zombie (Z) while other threads of process P2 run, and P1 can reap the process only after its last thread ends'],
      zh: /主线程 t1 \(TID 2\) 结束/,
    },
    {
      name: 'exit_group',
      ev: [{ step: 9, kind: 'exit', pid: 4, cpu: 0, value: 3 },
        { step: 9, kind: 'exit', pid: 3, value: 3 },
        { step: 9, kind: 'state', pid: 3, from: 'sleeping', to: 'dead', cause: 'group_exit' },
        { step: 9, kind: 'state', pid: 4, cpu: 0, from: 'running', to: 'dead', cause: 'exit' }],
      en: ['t3 (TID 4) called exit with code 3: that is exit_group, so every thread of process P2 ends with it; this thread is removed at once (X)',
        't2 (TID 3) ends with process P2: another thread called exit (exit_group), which ends every thread (exit code 3)'],
      zh: /这就是 exit_group/,
    },
  ];
  for (const c of cases) {
    assert.deepEqual(sayThreads(c.ev, 'en'), c.en, c.name);
    const zh = sayThreads(c.ev, 'zh-CN');
    assert.match(zh[0], c.zh, `${c.name}: got ${zh[0]}`);
  }
  setLang('en');
});

test('a Go program\'s events are said in words, in English and Chinese', () => {
  const gnames = { 1: 'init', 2: 'main', 3: 'worker', 4: 'worker' };
  const gctx = { name: p => gnames[p], parent: () => 1, program: i => ['main', 'worker'][i], tgid: () => 2, threaded: p => p > 1,
    objName: i => ['mu', 'ch'][i], objKind: i => ['gomutex', 'chan'][i] };
  const cases = [
    { ev: [{ step: 3, kind: 'created', pid: 3, other: 2, cause: 'go' }],
      en: 'worker is a new goroutine of process P2 (a go statement); it joins the ready queue',
      zh: 'worker 是进程 P2 的新 goroutine（由 go 语句启动）；它进入就绪队列' },
    { ev: [{ step: 4, kind: 'output', pid: 3, value: 0, text: 'worker 1 done\n' }],
      en: 'worker prints: worker 1 done', zh: 'worker 输出：worker 1 done' },
    { ev: [{ step: 4, kind: 'output', pid: 2, value: 1, text: 'a\nb\n' }], en: 'main prints: a ⏎ b', zh: 'main 输出：a ⏎ b' },
    { ev: [{ step: 4, kind: 'output', pid: 2, value: 1, text: '\n' }], en: 'main prints an empty line', zh: 'main 输出一个空行' },
    { ev: [{ step: 9, kind: 'output', pid: 3, value: 2, text: 'panic: boom\n', stderr: true }, { step: 9, kind: 'panic', pid: 3, value: 2, text: 'panic: boom\n\ngoroutine 2 [running]:\nmain.worker()\n', stderr: true }],
      en: 'worker panics: boom; the program exits with status 2', zh: 'worker 发生 panic：boom；程序以退出状态 2 结束' },
    { ev: [{ step: 9, kind: 'output', pid: 2, value: 0, text: 'fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan send]:\nmain.main()\n', stderr: true }, { step: 9, kind: 'all_asleep', pid: 2, value: 0 }],
      en: 'every goroutine of process P2 is blocked and none waits on a timer: Go stops the program with “fatal error: all goroutines are asleep - deadlock!”',
      zh: '进程 P2 的每个 goroutine 都阻塞了，也没有一个在等计时器：Go 以 "fatal error: all goroutines are asleep - deadlock!" 终止程序' },
    { ev: [{ step: 5, kind: 'chan_close', pid: 2, obj: 1 }], en: 'main closes channel ch: receivers get the zero value from now on', zh: 'main 关闭通道 ch：此后接收方都会收到零值' },
    { ev: [{ step: 5, kind: 'select', pid: 3, value: 1 }], en: 'worker\'s select runs case 2', zh: 'worker 的 select 执行第 2 个分支' },
    { ev: [{ step: 5, kind: 'select', pid: 3, value: -1 }], en: 'worker\'s select finds no case ready and runs its default', zh: 'worker 的 select 没有就绪的分支，执行默认分支（default）' },
    { ev: [{ step: 5, kind: 'select', pid: 3, value: 0, arg: 1 }, { step: 5, kind: 'state', pid: 3, from: 'running', to: 'sleeping', cause: 'select' }],
      en: 'worker\'s select blocks (S): no case is ready', zh: 'worker 的 select 阻塞（S）：没有就绪的分支' },
  ];
  for (const c of cases) {
    for (const [lang, want] of [['en', c.en], ['zh-CN', c.zh]]) {
      setLang(lang);
      const got = describeEvents(c.ev, gctx).map(sentence);
      assert.deepEqual(got, [want], `${c.ev[0].kind} in ${lang}`);
    }
  }
  setLang('en');
});

test('a panic and all goroutines asleep are problems', () => {
  const items = describeEvents([{ step: 9, kind: 'panic', pid: 3, value: 0, arg: 1, text: 'fatal error: sync: negative WaitGroup counter\n' }], { name: () => 'w', parent: () => 1, program: () => '' });
  assert.equal(items.length, 1);
  assert.ok(items[0].e, 'a problem item keeps its event');
  setLang('en');
  assert.equal(sentence(items[0]), 'the Go runtime stops w\'s program: fatal error: sync: negative WaitGroup counter (exit status 2)');
});

test('displayOrder: the newest step on top, a step\'s sentences in order, the first of each marked', () => {
  const items = [{ step: 1 }, { step: 1 }, { step: 2 }, { step: 3 }, { step: 3 }, { step: 3 }];
  const { order, first } = displayOrder(items);
  assert.deepEqual(order, [3, 4, 5, 2, 0, 1]);
  assert.deepEqual(first, [true, false, false, true, true, false]);
  assert.deepEqual(displayOrder([]), { order: [], first: [] });
});

test('logWindow: the rows in sight and a few more, as many whatever the log\'s length', () => {
  const cases = [
    { name: 'top', args: [3000, 30, 0, 300, 10, 30], want: [0, 40] },
    { name: 'scrolled', args: [3000, 30, 3000, 300, 10, 30], want: [90, 140] },
    { name: 'bottom', args: [3000, 30, 89700, 300, 10, 30], want: [2980, 3000] },
    { name: 'short', args: [5, 30, 0, 300, 10, 30], want: [0, 5] },
    { name: 'empty', args: [0, 30, 0, 300, 10, 30], want: [0, 0] },
    { name: 'not laid out', args: [3000, 30, 0, 0, 10, 30], want: [0, 31] },
  ];
  for (const c of cases) assert.deepEqual(logWindow(...c.args), c.want, `${c.name}: got ${logWindow(...c.args)}; want ${c.want}`);
});

test('a lock taken after one tick of waiting says tick, not ticks', () => {
  const at = value => [{ step: 9, kind: 'lock_acquire', pid: 3, cpu: 0, obj: 0, value }];
  const c = { ...ctx, objName: () => 'm', objKind: () => 'mutex' };
  setLang('en');
  const one = describeEvents(at(1), c).map(fullSentence).join(' ');
  const two = describeEvents(at(2), c).map(fullSentence).join(' ');
  assert.match(one, /after waiting 1 tick\b/, one);
  assert.doesNotMatch(one, /1 ticks/, one);
  assert.match(two, /after waiting 2 ticks/, two);
});

test('init with no child left does not sleep in wait(): wait() would fail with ECHILD', () => {
  const ev = [{ step: 9, kind: 'state', pid: 1, cpu: 0, from: 'running', to: 'sleeping', cause: 'wait_child' }];
  const withKids = { ...ctx, hasChildren: () => true, wchan: () => 'do_wait' };
  const none = { ...ctx, hasChildren: () => false, wchan: () => 'do_wait' };
  for (const lang of ['en', 'zh-CN']) {
    setLang(lang);
    const kids = describeEvents(ev, withKids).map(fullSentence)[0];
    const alone = describeEvents(ev, none).map(fullSentence)[0];
    assert.match(kids, /wait\(\)/);
    assert.match(kids, /do_wait/);
    assert.match(alone, /ECHILD/);
    assert.doesNotMatch(alone, /do_wait/);
  }
});

test('a sentence that names its wait channel is not told it again', () => {
  const ev = [{ step: 19, kind: 'state', pid: 2, cpu: 0, from: 'running', to: 'sleeping', cause: 'pipe_write', obj: 0 }];
  const pipe = { ...ctx, wchan: () => 'anon_pipe_write' };
  const sleep = [{ step: 4, kind: 'state', pid: 2, cpu: 0, from: 'running', to: 'sleeping', cause: 'sleep' }];
  const timer = { ...ctx, wchan: () => 'hrtimer_nanosleep' };
  for (const lang of ['en', 'zh-CN']) {
    setLang(lang);
    const s = describeEvents(ev, pipe).map(fullSentence)[0];
    assert.equal(s.split('anon_pipe_write').length - 1, 1, s);
    const n = describeEvents(sleep, timer).map(fullSentence)[0];
    assert.equal(n.split('hrtimer_nanosleep').length - 1, 1, n);
  }
  setLang('en');
});

test('a goroutine is no kernel thread: it ends without pthread_exit and has no TID; a parked one is the runtime\'s', () => {
  const gnames = { 1: 'init', 2: 'main', 3: 'worker' };
  const gctx = { name: p => gnames[p], parent: () => 1, program: i => ['main', 'worker'][i], tgid: () => 2, threaded: p => p > 1,
    objName: () => 'ch', objKind: () => 'chan', wchan: () => 'futex_do_wait', go: true };
  const ends = [{ step: 8, kind: 'exit', pid: 3, cpu: 0, value: 0 }, { step: 8, kind: 'state', pid: 3, cpu: 0, from: 'running', to: 'dead', cause: 'thread_exit' }];
  const parks = [{ step: 6, kind: 'state', pid: 2, cpu: 0, from: 'running', to: 'sleeping', cause: 'chan', obj: 0 }];
  for (const lang of ['en', 'zh-CN']) {
    setLang(lang);
    const end = describeEvents(ends, gctx).map(fullSentence).join(' ');
    assert.doesNotMatch(end, /[(（]pthread_exit[)）]|TID 3/, end);
    assert.match(end, /goroutine worker/);
    const park = describeEvents(parks, gctx).map(fullSentence).join(' ');
    assert.match(park, /Go (runtime|运行时)/, park);
    // The same events of a C program's threads keep pthread_exit and the TID.
    const thread = describeEvents(ends, { ...gctx, go: false }).map(fullSentence).join(' ');
    assert.match(thread, /pthread_exit/);
    assert.match(thread, /TID 3/);
  }
  setLang('en');
});

test('a signal caught in a Go program is the runtime\'s, queued for signal.Notify', () => {
  // No Go code runs in a signal handler (the live go-signals lesson says
  // so); the simulated one said "the handler of main for SIGINT runs".
  const gctx = { name: p => ({ 1: 'init', 2: 'main' })[p], parent: () => 1, program: () => 'main', tgid: () => 2, threaded: () => false, go: true };
  const ev = [{ step: 6, kind: 'signal_delivered', pid: 2, cause: 'handled', signal: 'SIGINT' }];
  setLang('en');
  const [en] = describeEvents(ev, gctx).map(sentence);
  assert.ok(/Go runtime's handler in \S*\s?\(?main\)? catches SIGINT and queues it for the channel of signal.Notify/.test(en), en);
  setLang('zh-CN');
  const [zh] = describeEvents(ev, gctx).map(sentence);
  assert.ok(/Go 运行时的信号处理函数捕获了 SIGINT/.test(zh) && !/catch/.test(zh), zh);
  // A scenario's own handler (C-like) still runs; its Chinese says 捕获.
  const [c] = describeEvents(ev, { ...gctx, go: false }).map(sentence);
  assert.ok(/安装的处理函数运行了（捕获）/.test(c), c);
  setLang('en');
});
