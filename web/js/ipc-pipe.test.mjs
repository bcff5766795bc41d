import test from 'node:test';
import assert from 'node:assert/strict';
import { ipcDecls, pipeSentence, segments, usage, waiterLine, IPC_KINDS, chunkWriter } from './ipc-pipe.js';
import { describeEvents } from './log.js';
import { catalogs } from './i18n.js';

test('ipcDecls numbers the declarations as the engine does', () => {
  const text = 'policy rr 2\npipe p capacity=8192\nfifo chat\nmqueue jobs posix max=3\nmqueue orders sysv max=300 # bytes\nmqueue plain\nprocess a\n  write p 1\n';
  assert.deepEqual(ipcDecls(text), [
    { name: 'p', kind: 'pipe' }, { name: 'chat', kind: 'fifo' }, { name: 'jobs', kind: 'posix' },
    { name: 'orders', kind: 'sysv' }, { name: 'plain', kind: 'posix' },
  ]);
  assert.deepEqual(ipcDecls(''), []);
  assert.deepEqual(ipcDecls(undefined), []);
});

test('segments lays chunks out along the capacity, and never loses a small one', () => {
  const cases = [
    { obj: { capacity: 8192, chunks: [] }, want: { segs: [], free: 100 } },
    { obj: { capacity: 8192, chunks: [{ from: 3, bytes: 4096 }] }, want: { segs: [{ from: 3, bytes: 4096, pct: 50 }], free: 50 } },
    { obj: { capacity: 10000, chunks: [{ from: 2, bytes: 10 }] }, want: { segs: [{ from: 2, bytes: 10, pct: 5 }], free: 95 } },
  ];
  for (const c of cases) assert.deepEqual(segments(c.obj), c.want);
  const full = segments({ capacity: 100, chunks: [{ from: 2, bytes: 99 }, { from: 3, bytes: 1 }] });
  const sum = full.segs.reduce((s, x) => s + x.pct, 0);
  assert.ok(Math.abs(sum - 100) < 1e-9, `sum ${sum}`);
  assert.equal(full.free, 0);
});

test('usage and waiterLine name the right catalog keys', () => {
  assert.deepEqual(usage({ kind: 'pipe', used: 5, capacity: 10 }), { key: 'ipc.used.bytes', params: { used: 5, cap: 10 } });
  assert.deepEqual(usage({ kind: 'posix', messages: [{}, {}], capacity: 3 }), { key: 'ipc.used.msgs', params: { n: 2, cap: 3 } });
  assert.deepEqual(usage({ kind: 'sysv', messages: [{}], used: 60, capacity: 300 }), { key: 'ipc.used.sysv', params: { n: 1, used: 60, cap: 300 } });
  const cases = [
    [{ cause: 'pipe_read', want: 4096 }, 'ipc.wait.pipe_read'],
    [{ cause: 'pipe_write', want: 100 }, 'ipc.wait.pipe_write'],
    [{ cause: 'fifo_open', want: 0 }, 'ipc.wait.fifo_open.read'],
    [{ cause: 'fifo_open', want: 1 }, 'ipc.wait.fifo_open.write'],
    [{ cause: 'msgrcv', want: 0 }, 'ipc.wait.msgrcv.any'],
    [{ cause: 'msgrcv', want: -2 }, 'ipc.wait.msgrcv.low'],
    [{ cause: 'msgrcv', want: 7 }, 'ipc.wait.msgrcv'],
    [{ cause: 'mq_send', want: 9 }, 'ipc.wait.mq_send'],
  ];
  for (const [w, key] of cases) {
    const got = waiterLine(w, 'P2');
    assert.equal(got.key, key, w.cause);
    assert.ok(catalogs.en[got.key] && catalogs['zh-CN'][got.key], got.key);
  }
  assert.equal(waiterLine({ cause: 'msgrcv', want: -2 }, 'P2').params.n, 2);
});

test('the log says every IPC event, in both languages, naming the object', () => {
  const events = [
    { step: 2, kind: 'pipe_write', pid: 3, obj: 0, value: 8192, arg: 3808 },
    { step: 3, kind: 'pipe_write', pid: 2, obj: 0, value: 100, arg: 0 },
    { step: 4, kind: 'pipe_read', pid: 4, other: 2, obj: 0, value: 100, arg: 0 },
    { step: 5, kind: 'pipe_eof', pid: 4, obj: 0 },
    { step: 6, kind: 'pipe_broken', pid: 5, obj: 0, value: 10 },
    { step: 7, kind: 'ipc_open', pid: 2, obj: 1, value: 0, arg: 1 },
    { step: 8, kind: 'ipc_close', pid: 2, obj: 1, value: 1, arg: 0, cause: 'exit' },
    { step: 9, kind: 'mq_send', pid: 2, obj: 2, value: 5, arg: 40 },
    { step: 10, kind: 'mq_receive', pid: 3, other: 2, obj: 3, value: 1, arg: 50 },
    { step: 11, kind: 'pipe_fail', pid: 2, obj: 2, value: 0, arg: 90, syscall: 'mq_timedsend' },
  ];
  const decl = ipcDecls('pipe p\nfifo chat\nmqueue jobs\nmqueue orders sysv\n');
  const ctx = { name: () => '', parent: () => 1, program: () => '', ipcName: i => decl[i].name, ipcKind: i => decl[i].kind };
  const items = describeEvents(events, ctx);
  assert.deepEqual(items.map(it => it.key), ['ev.pipe_write.part', 'ev.pipe_write', 'ev.pipe_read', 'ev.pipe_eof', 'ev.pipe_broken',
    'ev.ipc_open.read', 'ev.ipc_close.write.exit', 'ev.mq_send.posix', 'ev.mq_receive.sysv', 'ev.pipe_fail']);
  assert.equal(items[0].params.obj, 'p');
  assert.equal(items[8].params.obj, 'orders');
  assert.equal(items[9].params.errno, 'EMSGSIZE');
  for (const it of items) for (const lang of ['en', 'zh-CN']) assert.ok(catalogs[lang][it.key], `${lang} ${it.key}`);
  // Every kind is said; any other event is not this module's.
  assert.deepEqual(new Set(events.map(e => e.kind)), IPC_KINDS);
  assert.equal(pipeSentence({ kind: 'state' }, { push: () => {}, name: String, ctx, w: 1 }), false);
});

test('every cause a task sleeps for on an IPC object has a sentence', () => {
  for (const c of ['pipe_read', 'pipe_write', 'fifo_open', 'mq_receive', 'mq_send', 'msgrcv', 'msgsnd', 'ipc_ready']) {
    for (const lang of ['en', 'zh-CN']) assert.ok(catalogs[lang][`ev.state.${c}`], `${lang} ev.state.${c}`);
  }
});

test('chunkWriter names a merged run of several writers', () => {
  const tag = pid => `P${pid}`;
  const t = key => ({ 'ipc.chunk.several': 'several processes' })[key] || key;
  assert.equal(chunkWriter(3, tag, t), 'P3');
  assert.equal(chunkWriter(0, tag, t), 'several processes');
  for (const lang of ['en', 'zh-CN']) assert.ok(catalogs[lang]['ipc.chunk.several'], lang);
});
