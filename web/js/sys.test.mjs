// sys.test.mjs: the log's sentences for system calls and modes (issue 11,
// part 2): named calls, vDSO calls, EINTR and SA_RESTART, and the wait
// channel a blocked task sleeps in.
import test from 'node:test';
import assert from 'node:assert/strict';
import { describeEvents, fullSentence } from './log.js';
import { declContext } from './fold.js';
import { declOf } from './race-model.js';
import { setLang } from './i18n.js';

const names = { 1: 'init', 2: 'app' };
const base = { name: p => names[p], parent: () => 1, program: () => 'app' };
const wchans = { 'sleeping:wait_child': 'do_wait', 'sleeping:sleep': 'hrtimer_nanosleep', 'stopped:': 'do_signal_stop' };
const ctx = declContext(declOf({ wchans }), base);
const say = (events, lang) => {
  setLang(lang);
  return describeEvents(events, ctx).map(fullSentence);
};

test('system calls, vDSO calls, EINTR and SA_RESTART in words', () => {
  const tests = [
    { name: 'a named call says what it does', ev: { step: 3, kind: 'syscall', pid: 2, cpu: 0, value: 15, syscall: 'getpid' },
      en: 'step 3: P2 (app) makes the system call getpid() and enters kernel mode: it returns the process ID',
      zh: '第 3 步：P2 (app) 发起系统调用 getpid()，进入内核态：它返回进程号' },
    { name: 'a call without a sentence of its own', ev: { step: 3, kind: 'syscall', pid: 2, cpu: 0, value: 5, syscall: 'nanosleep' },
      en: 'step 3: P2 (app) makes the system call nanosleep() and enters kernel mode' },
    { name: 'a vDSO call does not trap', ev: { step: 4, kind: 'vdso', pid: 2, cpu: 0, value: 26, syscall: 'clock_gettime' },
      en: 'step 4: P2 (app) calls clock_gettime() through the vDSO: it stays in user mode, with no trap into the kernel (it reads a clock)',
      zh: '第 4 步：P2 (app) 通过 vDSO 调用 clock_gettime()：仍在用户态，没有陷入内核（它读取一个时钟）' },
    { name: 'EINTR', ev: { step: 4, kind: 'call_failed', pid: 2, cpu: -1, value: 5, arg: 4, syscall: 'nanosleep' },
      en: 'step 4: P2 (app): a handled signal interrupted nanosleep(), which fails with EINTR; the program goes on with its next statement' },
    { name: 'EINTR although SA_RESTART', ev: { step: 4, kind: 'call_failed', pid: 2, cpu: -1, value: 5, arg: 4, cause: 'no_restart', syscall: 'nanosleep' },
      en: 'step 4: P2 (app): a handled signal interrupted nanosleep(), which fails with EINTR: nanosleep() is never restarted, even with SA_RESTART' },
    { name: 'SA_RESTART', ev: { step: 4, kind: 'restart', pid: 2, cpu: -1, value: 6, arg: 10, syscall: 'read', signal: 'SIGUSR1' },
      en: 'step 4: P2 (app): SIGUSR1 interrupted read(); after the handler the call starts again (SA_RESTART)',
      zh: '第 4 步：P2 (app)：SIGUSR1 打断了 read()；信号处理函数返回后，这个调用重新开始（SA_RESTART）' },
  ];
  for (const tt of tests) {
    assert.deepEqual(say([tt.ev], 'en'), [tt.en], tt.name);
    if (tt.zh) assert.deepEqual(say([tt.ev], 'zh-CN'), [tt.zh], tt.name);
  }
});

test('a blocked task names its wait channel, a running one none', () => {
  const tests = [
    { ev: { step: 5, kind: 'state', pid: 2, cpu: 0, from: 'running', to: 'sleeping', cause: 'wait_child' }, want: '(in the kernel it waits in do_wait)' },
    { ev: { step: 5, kind: 'state', pid: 2, cpu: 0, from: 'running', to: 'stopped', cause: 'sigstop' }, want: '(in the kernel it waits in do_signal_stop)' },
    { ev: { step: 5, kind: 'state', pid: 2, cpu: -1, from: 'sleeping', to: 'runnable', cause: 'io_done' }, want: null },
  ];
  for (const tt of tests) {
    const [got] = say([tt.ev], 'en');
    if (tt.want) assert.ok(got.endsWith(tt.want), `got ${got}; want it to end with ${tt.want}`);
    else assert.ok(!got.includes('waits in'), `got ${got}; want no wait channel`);
  }
  const [zh] = say([tests[0].ev], 'zh-CN');
  assert.ok(zh.endsWith('（在内核中，它在 do_wait 中等待）'), `got ${zh}`);
});

test('without the loaded wait channels the sentence stays as it was', () => {
  setLang('en');
  const ev = { step: 5, kind: 'state', pid: 2, cpu: 0, from: 'running', to: 'sleeping', cause: 'wait_child' };
  const [got] = describeEvents([ev], base).map(fullSentence);
  assert.ok(!got.includes('waits in'), `got ${got}`);
});
