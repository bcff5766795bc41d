import test from 'node:test';
import assert from 'node:assert/strict';
import { createLive, applyHello, applyEvents } from './live-model.js';
import { applySysReport, sysDemos, gap, kernelShare, sysReportItem, loopsHTML, pidsHTML, pingHTML, us, num, MAX_PING_RUNS } from './live-sys.js';
import { describeLive, liveSentence } from './live-log.js';
import { catalogs, setLang, t } from './i18n.js';

const LAB = 476;
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const h = { t, esc, procState: pid => `<state ${pid}>` };
const proc = (pid, ppid, name, extra = {}) => ({ pid, ppid, pgid: ppid === LAB ? pid : ppid, name, workload: 'x', state: 'R', state_name: 'running', threads: 4,
  voluntary_ctxt_switches: 0, nonvoluntary_ctxt_switches: 0, vcsw_delta: 0, nvcsw_delta: 0, utime_ticks: 0, stime_ticks: 0, rss_bytes: 1 << 20,
  lab_child: ppid === LAB, traced: false, exited: false, started_ms: 1000, ...extra });
const msg = (tms, processes, reports) => ({ v: 1, type: 'live_events', t_ms: tms, events: [], processes, reports });

function fresh() {
  const st = createLive();
  applyHello(st, { v: 1, type: 'live_hello', lab_pid: LAB, t_ms: 1000, available: true, signals: [], workloads: [] });
  return st;
}

test('gap and kernelShare', () => {
  const gaps = [
    [{ pid: 501, prev: 500 }, 0],
    [{ pid: 505, prev: 500 }, 4],
    [{ pid: 300, prev: 32766 }, null], // wrapped
    [{ pid: 700, prev: 0 }, null], // the first child
  ];
  for (const [kid, want] of gaps) assert.equal(gap(kid), want, JSON.stringify(kid));
  const shares = [
    [{ utime_ticks: 0, stime_ticks: 0 }, null],
    [{ utime_ticks: 25, stime_ticks: 75 }, 0.75],
    [{ utime_ticks: 10 }, 0],
    [null, null],
  ];
  for (const [p, want] of shares) assert.equal(kernelShare(p), want, JSON.stringify(p));
  assert.equal(us(2.345), '2.3');
  assert.equal(us(123.6), '124');
  assert.equal(num(1234567), '1,234,567');
});

test('a syscalls run: both loops, with the sampled ticks and the user/kernel split', () => {
  const st = fresh();
  applyEvents(st, msg(1100, [proc(600, LAB, 'pl-compute', { utime_ticks: 180, stime_ticks: 2 }), proc(601, 600, 'pl-syscall', { utime_ticks: 70, stime_ticks: 110 })], []));
  applyEvents(st, msg(3100, [], [
    { kind: 'loop', pid: 601, side: 'syscall', call: 'getppid', count: 24000000, per_s: 12000000, phase: 'done', elapsed_ms: 2000 },
    { kind: 'loop', pid: 600, side: 'compute', count: 900000000, per_s: 450000000 },
  ]));
  const run = sysDemos(st).loops[600];
  assert.ok(run, 'the run is found by its worker, the root');
  assert.deepEqual([run.sides.syscall.pid, run.sides.syscall.call, run.sides.syscall.done], [601, 'getppid', true]);
  assert.equal(run.sides.compute.done, false);
  setLang('en');
  const html = loopsHTML(st, h);
  assert.match(html, /calls getppid/);
  assert.match(html, /39% user, 61% kernel/); // 70 / 110
  assert.match(html, /99% user, 1% kernel/); // 180 / 2
  assert.match(html, /12,000,000 \/s \(done\)/);
  const log = st.log.map(liveSentence);
  assert.ok(log.some(s => s.includes('made 24,000,000 getppid calls in 2.0 s')), log.join('\n'));
  assert.ok(!log.some(s => s.includes('computed')), 'a loop\'s progress is not logged');
});

test('a pids run: steps, numbers taken by others, a wrap', () => {
  const st = fresh();
  const rep = (seq, child, prev, last) => ({ kind: 'pid', pid: 700, child, of: 4, seq, pid_max: 32768, last_pid: last, prev });
  applyEvents(st, msg(1100, [proc(700, LAB, 'pl-pids')], [rep(1, 32760, 0, 32759), rep(2, 32761, 32760, 32760), rep(3, 32765, 32761, 32764), rep(4, 301, 32765, 32767)]));
  const run = sysDemos(st).pids[700];
  assert.deepEqual(run.kids.map(k => k.pid), [32760, 32761, 32765, 301]);
  setLang('en');
  const html = pidsHTML(st, h);
  assert.match(html, /\+1</);
  assert.match(html, /3 taken by others/);
  assert.match(html, /wrapped/);
  assert.match(html, /1 of 4 forks skipped numbers: other processes and threads took 3 PIDs in between/);
  const log = st.log.map(liveSentence);
  assert.ok(log.some(s => s.includes('forked PID 32765 after 32761: the numbers between them went to other processes or threads (3)')), log.join('\n'));
  assert.ok(log.some(s => s.includes('passed pid_max (32768)')), log.join('\n'));
  assert.ok(!log.some(s => s.includes('PID 32761 after')), 'a consecutive PID is not logged');
});

test('ping-pong runs: progress, then the final numbers and the verdict', () => {
  const st = fresh();
  applyEvents(st, msg(1100, [proc(800, LAB, 'pl-ping'), proc(801, 800, 'pl-pong', { voluntary_ctxt_switches: 5000, vcsw_delta: 120 })], [
    { kind: 'pingpong', pid: 800, mode: 'one', cpus: '0', count: 1000, per_s: 400000, mean_us: 2.5 },
  ]));
  const d = sysDemos(st);
  assert.equal(d.ping.length, 1);
  assert.equal(d.ping[0].done, false);
  setLang('en');
  assert.match(pingHTML(st, h), /class="running"/);
  assert.match(pingHTML(st, h), /5,000 <small class="delta">\+120<\/small>/, 'the child\'s sampled switches');
  applyEvents(st, msg(1600, [], [
    { kind: 'pingpong', pid: 800, mode: 'one', cpus: '0', phase: 'done', count: 200000, per_s: 410000, mean_us: 2.4, median_us: 2.2, p99_us: 3.1, switches_per_s: 820000, vcsw: 200000, nvcsw: 180000, elapsed_ms: 490 },
    { kind: 'pingpong', pid: 900, mode: 'two', cpus: '0,1', phase: 'done', count: 150000, per_s: 15000, mean_us: 65, median_us: 55, p99_us: 170, switches_per_s: 30000, vcsw: 300000, nvcsw: 2000, elapsed_ms: 10000 },
  ]));
  assert.equal(d.ping.length, 2, 'the progress row became the final one');
  assert.deepEqual(d.ping.map(r => [r.mode, r.done, r.median]), [['one', true, 2.2], ['two', true, 55]]);
  const html = pingHTML(st, h);
  assert.match(html, /Both on one CPU <small>\(CPU 0\)<\/small>/);
  assert.match(html, /Median round trip: On two CPUs 55\.0 µs, Both on one CPU 2\.2 µs: 25\.0 times as long/);
  const log = st.log.map(liveSentence);
  assert.ok(log.some(s => s.includes('finished 200,000 round trips (Both on one CPU): median 2.2 µs')), log.join('\n'));
  for (let i = 0; i < MAX_PING_RUNS + 3; i++) applySysReport(st, { kind: 'pingpong', pid: 1000 + i, mode: 'free', phase: 'done' }, 2000);
  assert.equal(d.ping.length, MAX_PING_RUNS);
});

test('runs keep their places: the newest spawn first, whoever reported last', () => {
  const st = fresh();
  const loop = (pid, tms) => applySysReport(st, { kind: 'loop', pid, side: 'compute', count: 1, per_s: 1 }, tms);
  loop(10, 1000);
  loop(20, 1100);
  loop(10, 1600); // the older run reports again
  setLang('en');
  const order = [...loopsHTML(st, h).matchAll(/data-root="(\d+)"/g)].map(m => Number(m[1]));
  assert.deepEqual(order, [20, 10]);
  for (let i = 0; i < 5; i++) loop(100 + i, 2000 + i);
  assert.deepEqual(Object.keys(sysDemos(st).loops).map(Number).sort((a, b) => a - b), [102, 103, 104]);
});

test('other kinds are not the live-sys panels\' business; a card with nothing is empty', () => {
  const st = fresh();
  const tests = [{ kind: 'race', pid: 1 }, { kind: 'cow', pid: 1 }, null, { kind: 'loop' }];
  for (const r of tests) assert.equal(applySysReport(st, r, 1000), false, JSON.stringify(r));
  assert.equal(loopsHTML(st, h), '');
  assert.equal(pidsHTML(st, h), '');
  assert.equal(pingHTML(st, h), '');
  assert.equal(sysReportItem({ kind: 'race', pid: 1 }, String), null);
});

test('strings from a report are escaped', () => {
  const st = fresh();
  applySysReport(st, { kind: 'pingpong', pid: 5, mode: '<b>', cpus: '<i>', phase: 'done', median_us: 1 }, 1000);
  applySysReport(st, { kind: 'loop', pid: 6, side: 'syscall', call: '<script>' }, 1000);
  setLang('en');
  for (const html of [pingHTML(st, h), loopsHTML(st, h)]) assert.ok(!/<(script|i|b)>/.test(html), html);
});

test('every live-sys log sentence exists in both languages, with its words filled in', () => {
  const name = pid => String(pid);
  const reports = [
    { kind: 'loop', pid: 1, side: 'syscall', call: 'write', count: 5, per_s: 2, phase: 'done', elapsed_ms: 2500 },
    { kind: 'loop', pid: 1, side: 'compute', count: 5, per_s: 2, phase: 'done', elapsed_ms: 2500 },
    { kind: 'pid', pid: 1, child: 20, prev: 10, pid_max: 100 },
    { kind: 'pid', pid: 1, child: 3, prev: 99, pid_max: 100 },
    { kind: 'pingpong', pid: 1, mode: 'two', phase: 'done', count: 9, per_s: 3, median_us: 50, switches_per_s: 6 },
  ];
  for (const lang of ['en', 'zh-CN']) {
    setLang(lang);
    const items = describeLive([], reports, { labPid: LAB, time: 0, name: () => '' });
    assert.equal(items.length, reports.length, lang);
    for (const it of items) {
      assert.ok(catalogs[lang][it.key], `${lang} lacks ${it.key}`);
      const s = liveSentence(it);
      assert.ok(!/\{\w+\}|live\./.test(s), `${lang}: ${s}`);
    }
    assert.ok(sysReportItem(reports[0], name));
  }
  setLang('en');
});
