import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describeLive, liveSentence, timePrefix, waitWhy, quoteMessages, livePid, psWchan, statFlags } from './live-log.js';
import { setLang, catalogs, t } from './i18n.js';

const LAB = 476;
const names = { 500: 'exit', 501: 'forker', 502: 'forker' };
const ctx = { labPid: LAB, time: 5000, name: pid => names[pid] || '', parent: pid => (pid === 502 ? 501 : LAB), workload: pid => names[pid] || '' };
const ev = (t, kind, pid, rest = {}) => ({ step: t, t_ms: t, kind, pid, cpu: -1, ...rest });
const say = (events, reports, lang) => {
  setLang(lang);
  return describeLive(events, reports, ctx).map(liveSentence);
};

test('a spawn and its first state are one sentence', () => {
  const evs = [ev(1150, 'created', 500, { other: LAB, cause: 'fork' }), ev(1150, 'state', 500, { from: 'none', to: 'running', letter: 'R' })];
  assert.deepEqual(say(evs, [], 'en'), ['the lab server (476) started 500 (exit): a fork and an exec of the “exit” workload']);
  assert.deepEqual(say(evs, [], 'zh-CN'), ['ProcLab 服务器（476） 启动了 500 (exit)：fork 并 exec “exit” 工作负载']);
  assert.deepEqual(say([ev(1, 'created', 502, { other: 501 })], [], 'en'), ['501 (forker) forked 502 (forker)']);
});

test('states say where the process waits, in words, from the wait the server named', () => {
  const s = say([ev(1, 'state', 500, { from: 'running', to: 'sleeping', wchan: 'hrtimer_nanosleep', wait: 'sleep' }),
    ev(2, 'state', 500, { from: 'sleeping', to: 'sleeping', wchan: 'weird_wait' }),
    ev(3, 'state', 500, { from: 'sleeping', to: 'stopped', cause: 'sigstop' }),
    ev(4, 'state', 500, { from: 'stopped', to: 'running', cause: 'sigcont' }),
    ev(5, 'state', 500, { from: 'running', to: 'disk', wchan: 'kernel_clone', wait: 'vfork' }),
    ev(6, 'state', 500, { from: 'running', to: 'sleeping', wchan: 'futex_do_wait', wait: 'futex' }),
    ev(7, 'state', 500, { from: 'running', to: 'disk', wchan: '__iomap_dio_rw', wait: 'disk' })], [], 'en');
  assert.deepEqual(s, [
    '500 (exit) sleeps (S): in nanosleep() (hrtimer_nanosleep)',
    '500 (exit) sleeps (S) in weird_wait',
    '500 (exit) is stopped (T): it gets no CPU until SIGCONT',
    'SIGCONT: 500 (exit) runs again (R)',
    '500 (exit) is in uninterruptible sleep (D): a killable wait (TASK_KILLABLE) for its vfork child: SIGKILL ends it at once (kernel_clone)',
    '500 (exit) sleeps (S): waiting on a futex: a lock, a barrier, or the Go runtime parking a thread that has nothing to do (futex_do_wait)',
    '500 (exit) is in uninterruptible sleep (D): a direct read from the disk (TASK_UNINTERRUPTIBLE): not even SIGKILL acts until the read completes (__iomap_dio_rw)',
  ]);
  const tests = [['pipe_write', 'live.why.pipe_write'], ['futex', 'live.why.futex'], ['child', 'live.why.child'], ['futex_do_wait', ''], ['', '']];
  for (const [wait, want] of tests) assert.equal(waitWhy(wait), want, wait);
});

test('the state column says what ps -o stat,wchan says (measured: DLl iomap_dio_rw, Tl do_signal_stop, tl ptrace_stop)', () => {
  // procps drops a wait channel's leading underscores (and a ppc64 dot), nothing else.
  const tests = [['__iomap_dio_rw', 'iomap_dio_rw'], ['do_signal_stop', 'do_signal_stop'], ['ptrace_stop', 'ptrace_stop'],
    ['hrtimer_nanosleep', 'hrtimer_nanosleep'], ['.sys_read', 'sys_read'], ['', ''], [undefined, '']];
  for (const [wchan, want] of tests) assert.equal(psWchan(wchan), want, String(wchan));
  // The flags after the letter come from the server's stat field: L (pages locked), then l (threads).
  assert.deepEqual(statFlags({ stat: 'DLl', threads: 5 }), ['L', 'l']);
  assert.deepEqual(statFlags({ stat: 'DL', threads: 1 }), ['L'], 'after SIGKILL the other threads are gone, the locked pages not yet');
  assert.deepEqual(statFlags({ stat: 'Tl', threads: 5 }), ['l']);
  assert.deepEqual(statFlags({ stat: 'Z', threads: 1 }), []);
  assert.deepEqual(statFlags({ threads: 4 }), ['l'], 'without a stat field, l from the thread count');
  assert.deepEqual(statFlags(null), []);
});

test('exit and zombie merge; a signal is no exit code; the reap says Z -> X is drawn; the dead state is not said twice', () => {
  const s = say([ev(1463, 'exit', 500, { value: 3 }), ev(1463, 'state', 500, { from: 'running', to: 'zombie', cause: 'exit' })], [], 'en');
  assert.deepEqual(s, ['500 (exit) exited with code 3; it is a zombie (Z) until its parent the lab server (476) reaps it']);
  const k = say([ev(1, 'exit', 500, { value: 9, signal: 'SIGKILL' }), ev(1, 'state', 500, { from: 'running', to: 'zombie' })], [], 'en');
  assert.deepEqual(k, ['500 (exit) was killed by signal 9 (SIGKILL), so it has no exit code; it is a zombie (Z) until its parent the lab server (476) reaps it']);
  const kz = say([ev(1, 'exit', 500, { value: 15, signal: 'SIGTERM' })], [], 'zh-CN');
  assert.deepEqual(kz, ['500 (exit) 被信号 15（SIGTERM）杀死：它没有退出码']);
  const r = say([ev(2, 'state', 500, { from: 'zombie', to: 'dead', cause: 'reap', synthesised: true }), ev(2, 'reaped', 500, { other: LAB, value: 3 })], [], 'en');
  assert.deepEqual(r, ['the lab server (476) called wait() and reaped 500 (exit) (exit code 3): Z → X, drawn from the reap']);
  const rk = say([ev(2, 'reaped', 500, { other: LAB, value: 15, signal: 'SIGTERM' })], [], 'en');
  assert.deepEqual(rk, ['the lab server (476) called wait() and reaped 500 (exit) (killed by signal 15 (SIGTERM)): Z → X, drawn from the reap']);
  assert.deepEqual(say([ev(2, 'reaped', 502, { other: 501, value: -1 })], [], 'zh-CN'), ['501 (forker) 调用 wait() 回收了 502 (forker)：Z → X，由回收事件推断']);
});

test('an exec keeps the PID and names the new image, in both languages', () => {
  const evs = [ev(1, 'exec', 381, { image: 'sock-recv' })];
  assert.deepEqual(say(evs, [], 'en'), ['381 called execve: image is now sock-recv, PID still 381']);
  assert.deepEqual(say(evs, [], 'zh-CN'), ['381 调用了 execve：程序映像现在是 sock-recv，PID 仍是 381']);
});

test('signals and orphans', () => {
  assert.deepEqual(say([ev(1, 'signal_sent', 500, { other: LAB, value: 19, signal: 'SIGSTOP' })], [], 'en'), ['the lab server (476) sent SIGSTOP to 500 (exit)']);
  assert.deepEqual(say([ev(1, 'reparented', 502, { other: LAB })], [], 'en'), ['502 (forker) is an orphan: its new parent is the lab server (476), a subreaper standing in for PID 1']);
});

test('reports: lost updates are a problem; socket bytes are shown; the words follow the language', () => {
  setLang('en');
  const items = describeLive([], [
    { kind: 'race', pid: 501, phase: 'done', mode: 'plain', procs: 4, iters: 2000000, expected: 8000000, actual: 6144177, lost: 1855823, elapsed_ms: 8.588 },
    { kind: 'socket', pid: 500, side: 'receiver', type: 'STREAM', messages: ['onetwo!three'], sizes: [12] },
    { kind: 'pipe', pid: 500, side: 'writer', bytes: 1 },
    { kind: 'fork', pid: 501, child: 502 },
  ], ctx);
  assert.equal(items.length, 2, 'pipe throughput and forks are not repeated in the log');
  assert.equal(items[0].kind, 'lost_update');
  assert.equal(items[0].step, 5000, 'reports take the message time');
  assert.equal(liveSentence(items[0]), 'plain: expected 8000000, counted 6144177: 1855823 updates lost, in 8.6 ms');
  assert.equal(liveSentence(items[1]), '500 (exit) read 1 times from the STREAM socket: “onetwo!three” (12 B)');
  setLang('zh-CN');
  assert.equal(liveSentence(items[0]), '普通：预期 8000000，实际 6144177：更新丢失 1855823 次，用时 8.6 毫秒');
  assert.equal(liveSentence(items[1]), '500 (exit) 从 STREAM 套接字读取了 1 次：“onetwo!three”（12 字节）');
  setLang('en');
  assert.equal(quoteMessages(['one', 'two!'], [3, 4]), '“one” (3 B), “two!” (4 B)');
});

test('time prefixes count seconds from the page\'s zero', () => {
  setLang('en');
  assert.equal(timePrefix(13300, 1000), '12.3 s:');
  assert.equal(timePrefix(500, 1000), '0.0 s:');
  setLang('zh-CN');
  assert.equal(timePrefix(2000, 1000), '1.0 秒：');
  setLang('en');
  assert.equal(livePid(7, 'x'), '7 (x)');
});

test('the live lab says resume a tracee in the glossary\'s words (跟踪进程放行), as the diagram\'s arrow does', () => {
  const zh = catalogs['zh-CN'];
  assert.equal(zh['live.act.resume'], zh['arrow.untrace']);
  assert.equal(zh['live.act.resume'], '跟踪进程放行');
  assert.match(zh['live.do.resume'], /^跟踪进程放行 \{w\}$/);
});

test('the timeline\'s ticks: the unit is in the axis title, the ticks no wider in zh than in English', () => {
  const zh = catalogs['zh-CN'], en = catalogs.en;
  assert.equal(zh['live.tl.axis'], '秒');
  setLang('zh-CN');
  const z = t('live.tl.tick', { s: 116 });
  setLang('en');
  const e = t('live.tl.tick', { s: 116 });
  assert.equal(z, '116', 'a number only under 秒 (116秒117秒118秒 ran together)');
  assert.ok(z.length <= e.length, `${z} is longer than ${e}`);
  assert.equal(en['live.tl.axis'], 'seconds');
});

test('every live.* key the live lab\'s code names is in both catalogs', () => {
  const dir = new URL('.', import.meta.url);
  const files = readdirSync(dir).filter(f => /^live.*\.js$/.test(f)).map(f => readFileSync(new URL(f, dir), 'utf8'));
  files.push(readFileSync(new URL('../index.html', dir), 'utf8'));
  const keys = new Set();
  for (const src of files) for (const m of src.matchAll(/['"`](live\.[a-z0-9_.]+[a-z0-9_])['"`]/gi)) keys.add(m[1]);
  // Keys made from names: workloads, modes, signals, states of the sentences.
  for (const w of ['cpu', 'sleep', 'exit', 'pipe', 'forker', 'orphans', 'vfork', 'diskread', 'race', 'cow', 'socket', 'signals', 'fifo', 'mqueue', 'shmsem', 'tcp', 'udp']) { keys.add(`live.wl.${w}`); keys.add(`live.wl.${w}.doc`); }
  for (const m of ['plain', 'atomic', 'lock']) keys.add(`live.mode.${m}`);
  for (const s of ['STOP', 'CONT', 'TERM', 'KILL', 'INT', 'USR1', 'HUP']) keys.add(`live.sig.${s}`);
  for (const s of ['off', 'forbidden', 'offline']) { keys.add(`live.off.${s}.title`); keys.add(`live.off.${s}.text`); }
  for (const s of ['running', 'sleeping', 'disk', 'stopped', 'traced', 'zombie', 'dead']) keys.add(`live.ev.state.${s}`);
  for (const c of ['unknown_workload', 'bad_args', 'bad_signal', 'bad_json', 'foreign_pid', 'forbidden', 'bad_state', 'too_large', 'bad_content_type', 'limit', 'live_unavailable', 'live_closed', 'busy']) keys.add(`live.err.${c}`);
  assert.ok(keys.size > 100);
  for (const k of keys) {
    assert.ok(catalogs.en[k], `en lacks ${k}`);
    assert.ok(catalogs['zh-CN'][k], `zh-CN lacks ${k}`);
  }
});
