import test from 'node:test';
import assert from 'node:assert/strict';
import { applyIPCReport, ipcReportItem, ipcCards, queued, ipcDemos, MAX_SHM_ROWS } from './live-ipc.js';
import { createLive, applyEvents } from './live-model.js';
import { describeLive, liveSentence, waitWhy } from './live-log.js';
import { setLang, t, catalogs } from './i18n.js';

const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const helpers = { esc, t, fmtBytes: n => `${n} B`, procState: pid => `<i data-state-of="${pid}"></i>` };

// A live_events message carrying reports (and the processes they name).
function feed(st, reports, procs = []) {
  applyEvents(st, { t_ms: 1000, events: [], processes: procs, reports });
}

const mq = (pid, phase, ipc, side = '') => ({ kind: 'mqueue', pid, phase, side, ipc });

test('the message queue panel: sent, queued in priority order, received, and the first receive explained', () => {
  const st = createLive();
  feed(st, [mq(10, 'open', { path: '/proclab-mq-1.2-10', cap: 4, msgsize: 64, msg_max: 10, msgsize_max: 8192, queues_max: 256 })]);
  // Messages 1..5 with priorities 1, 5, 9, 4, 8: the fifth waits in mq_send.
  const prio = [1, 5, 9, 4, 8];
  feed(st, prio.slice(0, 4).map((p, i) => mq(10, 'sent', { seq: i + 1, prio: p, depth: i + 1 }, 'sender')),
    [{ pid: 10, ppid: 0, state_name: 'sleeping', wait: 'mqueue', wchan: 'wq_sleep' }]);
  st.roots[11] = 10; // the receiver, the sender's child
  const run = st.demos.mqueue[10];
  assert.deepEqual(queued(run).map(m => m.seq), [3, 2, 4, 1]);
  let html = ipcCards(st, helpers)['live-demo-mqueue'];
  assert.match(html, /data-root="10"/);
  assert.ok(html.includes(esc(t('live.demo.mq.full', { p: 10 }))), 'the full queue is said');
  // The receiver takes #3 (priority 9) first; the sender then sends #5.
  feed(st, [mq(11, 'received', { seq: 3, prio: 9, depth: 3 }, 'receiver'), mq(10, 'sent', { seq: 5, prio: 8, depth: 4 }, 'sender')]);
  assert.deepEqual(queued(run).map(m => m.seq), [5, 2, 4, 1]);
  html = ipcCards(st, helpers)['live-demo-mqueue'];
  assert.ok(html.includes(esc(t('live.demo.mq.first', { seq: 3, prio: 9, old: 1, oldprio: 1 }))));
  assert.equal((html.match(/class="mq-chip"/g) || []).length, 5 + 4 + 1, 'five sent, four queued, one received');
  feed(st, [mq(10, 'removed', { path: '/proclab-mq-1.2-10' }, 'lab')]);
  assert.equal(run.removed, 'lab');
});

test('the FIFO panel follows each end from open() to done, and who removed the FIFO', () => {
  const st = createLive();
  const path = '/tmp/proclab-fifo-1.2-20/fifo';
  feed(st, [{ kind: 'fifo', pid: 20, phase: 'made', ipc: { path } }, { kind: 'fork', pid: 20, child: 21 }]);
  st.roots[21] = 20;
  feed(st, [{ kind: 'fifo', pid: 21, phase: 'opening', side: 'writer', ipc: { path } }], [{ pid: 21, ppid: 20, state_name: 'sleeping', wait: 'fifo_open' }]);
  let html = ipcCards(st, helpers)['live-demo-fifo'];
  assert.ok(html.includes(esc(path)));
  assert.ok(html.includes(esc(t('live.demo.fifo.waiting'))));
  assert.ok(html.includes(esc(t('live.demo.fifo.notyet'))), 'the reader has not started');
  feed(st, [{ kind: 'fifo', pid: 21, phase: 'opened', side: 'writer', ipc: { path, waited_ms: 4003.2 } },
    { kind: 'fifo', pid: 21, phase: 'done', side: 'writer', bytes: 1024, ipc: {} },
    { kind: 'fifo', pid: 20, phase: 'removed', ipc: { path } }]);
  html = ipcCards(st, helpers)['live-demo-fifo'];
  assert.ok(html.includes(esc(t('live.demo.fifo.done', { n: '1024 B', ms: 4003 }))));
  assert.ok(html.includes(esc(t('live.demo.fifo.removed'))));
  // A reader killed in open() never opened it.
  feed(st, [{ kind: 'fifo', pid: 22, phase: 'opening', side: 'reader', ipc: { path } }], [{ pid: 22, ppid: 20, state_name: 'zombie', exited: true }]);
  assert.ok(ipcCards(st, helpers)['live-demo-fifo'].includes(esc(t('live.demo.fifo.never'))));
});

test('the shared-memory table keeps the newest rows, newest first', () => {
  const st = createLive();
  for (let i = 0; i < MAX_SHM_ROWS + 3; i++) {
    feed(st, [{ kind: 'shm', pid: 30, mode: i % 2 ? 'pipe' : 'shm', bytes: 268435456, elapsed_ms: 200 + i, ipc: { mbps: 1000 + i, chunk_kib: 64, ok: true, writer_vcsw: 3, reader_vcsw: 100 } }]);
  }
  assert.equal(st.demos.shm.length, MAX_SHM_ROWS);
  const html = ipcCards(st, helpers)['live-demo-shm'];
  const rows = [...html.matchAll(/<tr data-mode="(\w+)"/g)].map(m => m[1]);
  assert.equal(rows.length, MAX_SHM_ROWS);
  assert.equal(rows[0], 'shm', 'the newest (i = 14, even) first');
  assert.ok(html.includes('<b>1,014</b>'));
});

test('the UDP panel: drops by the numbers, and the echo', () => {
  const st2 = createLive();
  st2.roots[41] = 40;
  feed(st2, [{ kind: 'udp', pid: 40, side: 'sender', mode: 'flood', ipc: { count: 2000, received: 2000, addr: '127.0.0.1:5000' } },
    { kind: 'udp', pid: 41, side: 'receiver', mode: 'flood', ipc: { count: 2000, received: 4, lost: 1996, gaps: 1, drops: 1996, rcvbuf: 4096, first: [1, 2, 3, 4], addr: '127.0.0.1:6000' } }]);
  const html = ipcCards(st2, helpers)['live-demo-udp'];
  assert.ok(html.includes(esc(t('live.demo.udp.flood', { n: 4, count: 2000, lost: 1996, drops: 1996, gaps: 1, buf: 4096 }))));
  assert.ok(html.includes(esc(t('live.demo.udp.addr', { a: '127.0.0.1:5000', b: '127.0.0.1:6000' }))));
  assert.match(html, /width:0\.2%/);
  const st3 = createLive();
  st3.roots[43] = 42;
  feed(st3, [{ kind: 'udp', pid: 42, side: 'sender', mode: 'echo', ipc: { count: 100, received: 100, rtt_us: 31.5, addr: 'A', peer: 'B' } },
    { kind: 'udp', pid: 43, side: 'receiver', mode: 'echo', ipc: { count: 100, received: 100, addr: 'B', peer: 'A' } }]);
  assert.ok(ipcCards(st3, helpers)['live-demo-udp'].includes(esc(t('live.demo.udp.echo', { n: 100, count: 100, rtt: '31.5', a: 'A', b: 'B' }))));
});

test('an empty lab shows none of the panels, and other reports are not taken', () => {
  const st = createLive();
  for (const html of Object.values(ipcCards(st, helpers))) assert.equal(html, '');
  assert.equal(applyIPCReport(st, { kind: 'race', pid: 1 }, 0, 1), false);
  assert.deepEqual(Object.keys(ipcDemos()).sort(), ['fifo', 'mqueue', 'shm', 'udp']);
});

test('every log sentence and wait of the IPC demos is said in both languages', () => {
  const reports = [
    { kind: 'fifo', pid: 1, phase: 'made', ipc: { path: '/tmp/x/fifo' } },
    { kind: 'fifo', pid: 2, phase: 'opening', side: 'writer', ipc: {} },
    { kind: 'fifo', pid: 3, phase: 'opening', side: 'reader', ipc: {} },
    { kind: 'fifo', pid: 2, phase: 'opened', side: 'writer', ipc: { waited_ms: 12.4 } },
    { kind: 'fifo', pid: 1, phase: 'removed', ipc: { path: '/tmp/x/fifo' } },
    { kind: 'fifo', pid: 1, phase: 'removed', side: 'lab', ipc: { path: '/tmp/x/fifo' } },
    mq(5, 'open', { path: '/q', cap: 4, msgsize: 64 }), mq(6, 'received', { seq: 3, prio: 9, depth: 3 }, 'receiver'),
    mq(5, 'removed', { path: '/q' }), mq(5, 'removed', { path: '/q' }, 'lab'),
    { kind: 'shm', pid: 7, mode: 'shm', bytes: 268435456, elapsed_ms: 210, ipc: { mbps: 1278 } },
    { kind: 'shm', pid: 7, mode: 'pipe', bytes: 268435456, elapsed_ms: 300, ipc: { mbps: 894 } },
    { kind: 'udp', pid: 8, side: 'receiver', mode: 'flood', ipc: { count: 10, received: 4, lost: 6, drops: 6 } },
    { kind: 'udp', pid: 8, side: 'receiver', mode: 'echo', ipc: { received: 10, addr: 'A', peer: 'B' } },
  ];
  const keys = reports.map(r => ipcReportItem(r, String(r.pid))?.key);
  assert.ok(keys.every(Boolean), `every report has a sentence: ${keys}`);
  assert.equal(new Set(keys).size, keys.length);
  assert.equal(ipcReportItem(mq(5, 'sent', { seq: 1, prio: 1 }, 'sender'), '5'), null, 'each send is not logged');
  assert.equal(ipcReportItem({ kind: 'udp', pid: 9, side: 'sender', ipc: {} }, '9'), null);
  for (const lang of ['en', 'zh-CN']) {
    for (const k of keys) assert.ok(catalogs[lang][k], `${lang} ${k}`);
    for (const w of ['fifo_open', 'mqueue']) assert.ok(catalogs[lang][waitWhy(w)], `${lang} ${w}`);
    setLang(lang);
    const items = describeLive([], reports, { labPid: 1000, time: 0, name: () => '', parent: () => 0, workload: () => '' });
    assert.equal(items.length, reports.length);
    for (const it of items) assert.doesNotMatch(liveSentence(it), /\{\w+\}/, `${lang} ${it.key} fills every placeholder`);
  }
  setLang('en');
  assert.equal(liveSentence(describeLive([], [reports[10]], { labPid: 1, time: 0, name: () => 'shm', parent: () => 0, workload: () => '' })[0]),
    '7 (shm) moved 256 MiB through shared memory in 210 ms: 1278 MB/s');
});
