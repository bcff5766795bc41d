import test from 'node:test';
import assert from 'node:assert/strict';
import { IPC_KINDS, ipcOf, ipcInScenario, ipcNames, ipcSentence, segmentRows, socketRows, sockWaitChannel } from './ipc-model.js';
import { describeEvents, sentence } from './log.js';
import { setLang } from './i18n.js';

const sockets = [
  { name: 'srv', call: 'socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)', domain: 'inet', type: 'stream', proto: 'tcp', state: 'listening', backlog: 4, accept_q: ['cli'], rx: [], rx_from: [], rx_bytes: 0, rcvbuf: 4096, drops: 0, sent: 0, received: 0, waiters: [], wchan: [] },
  { name: 'ua', call: 'socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP)', domain: 'inet', type: 'dgram', proto: 'udp', state: 'bound', backlog: 0, accept_q: [], rx: [4, 4], rx_from: ['ub', 'ub'], rx_bytes: 8, rcvbuf: 8, drops: 1, sent: 0, received: 0, waiters: [3], wchan: ['__skb_wait_for_more_packets'] },
  { name: 'ub', call: 'socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP)', domain: 'inet', type: 'dgram', proto: 'udp', state: 'none', backlog: 0, accept_q: [], rx: [], rx_from: [], rx_bytes: 0, rcvbuf: 4096, drops: 0, sent: 0, received: 0, waiters: [], wchan: [] },
];
const segments = [{ name: 'seg', vars: [0], objs: [0], attached: [2, 3], wchan: 'futex_do_wait' }];

test('ipcOf keeps the last segments and sockets when a message carries none', () => {
  const a = ipcOf({ sockets, segments });
  assert.equal(a.sockets.length, 3);
  assert.equal(ipcOf({}, a), a);
  assert.deepEqual(ipcOf({}), { segments: [], sockets: [] });
});

test('ipcInScenario finds a declaration at the start of a line only', () => {
  assert.equal(ipcInScenario({ scenario: 'socket s inet stream tcp\nprocess a\n' }), true);
  assert.equal(ipcInScenario({ scenario: 'shm seg\nprocess a\n' }), true);
  assert.equal(ipcInScenario({ scenario: 'process a\n  socket s\n' }), false);
  assert.equal(ipcInScenario(null), false);
});

test('the wait channel of each sleep is the one measured on Linux 6.18', () => {
  const cases = [
    ['accept', { domain: 'inet', type: 'stream' }, 'inet_csk_accept'],
    ['accept', { domain: 'unix', type: 'stream' }, '__skb_wait_for_more_packets'],
    ['sock_connect', { domain: 'unix', type: 'stream' }, 'unix_wait_for_peer'],
    ['sock_recv', { domain: 'inet', type: 'stream' }, 'wait_woken'],
    ['sock_recv', { domain: 'unix', type: 'stream' }, 'unix_stream_read_generic'],
    ['sock_recv', { domain: 'inet', type: 'dgram' }, '__skb_wait_for_more_packets'],
    ['sock_send', { domain: 'unix', type: 'dgram' }, 'unix_wait_for_peer'],
    ['sock_send', { domain: 'unix', type: 'stream' }, 'sock_alloc_send_pskb'],
    ['sleep', { domain: 'unix', type: 'stream' }, ''],
  ];
  for (const [cause, s, want] of cases) assert.equal(sockWaitChannel(cause, s), want, `${cause} ${s.domain} ${s.type}`);
});

// say describes events with the names of this file's sockets and segment,
// and returns the English sentences.
function say(events, lang = 'en') {
  setLang(lang);
  const v = { ipc: { sockets, segments } };
  const ctx = { name: pid => ({ 2: 'server', 3: 'client' })[pid], parent: () => 1, program: () => 'p', varName: () => 'racy', objName: () => 's', ...ipcNames(v) };
  const out = describeEvents(events, ctx).map(sentence);
  setLang('en');
  return out;
}

test('the log says each socket event in words, naming the sockets', () => {
  const cases = [
    [{ kind: 'sock_create', pid: 2, obj: 0 }, 'P2 (server) makes the socket srv: socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)'],
    [{ kind: 'sock_listen', pid: 2, obj: 0, value: 4 }, 'P2 (server) listens on srv: up to 5 connections may wait for accept (backlog 4)'],
    [{ kind: 'state', pid: 2, obj: 0, from: 'running', to: 'sleeping', cause: 'accept' }, 'P2 (server) sleeps (S) in accept4() on srv, waiting for a connection (wait channel inet_csk_accept)'],
    [{ kind: 'sock_connect', pid: 3, obj: 2, arg: 0, value: 1, other: 2 }, 'P3 (client) connects ub to srv: the kernel has done the handshake, and P2 (server), asleep in accept, is woken'],
    [{ kind: 'sock_recv', pid: 3, obj: 1, value: 4, arg: 0 }, 'P3 (client) reads one message of 4 bytes on ua: its boundary is kept'],
    [{ kind: 'sock_recv', pid: 3, obj: 1, value: 2, arg: 3 }, 'P3 (client) reads 2 bytes of one message on ua: the other 3 bytes are cut off and lost'],
    [{ kind: 'sock_drop', pid: 3, obj: 1, value: 4, arg: 8 }, 'P3 (client)’s datagram of 4 bytes to ua is dropped: the receive buffer is full, and nobody tells P3 (client)'],
    [{ kind: 'ipc_failed', pid: 3, obj: 0, value: 24, arg: 111, syscall: 'connect' }, 'P3 (client): connect(srv) fails with ECONNREFUSED'],
    [{ kind: 'shm_attach', pid: 2, obj: 0, value: 1 }, 'P2 (server) maps the shared memory segment seg (shmat): its variables are now in P2 (server)\'s address space'],
    [{ kind: 'sock_close', pid: 3, obj: 1 }, 'P3 (client) closes ua'],
    [{ kind: 'sock_close', pid: 3, obj: 1, cause: 'exit' }, 'P3 (client) exits, and its exit closes ua: no other process holds it (a connected stream peer then reads the end of the stream)'],
    [{ kind: 'shm_fault', pid: 3, obj: 0, value: 0 }, 'P3 (client) touches racy in segment seg, which it has not mapped: the kernel sends it SIGSEGV'],
  ];
  for (const [e, want] of cases) assert.deepEqual(say([{ step: 1, ...e }]), [want], e.kind);
});

test('every socket sentence has its Chinese', () => {
  const got = say([{ step: 1, kind: 'sock_recv', pid: 2, obj: 0, value: 11, arg: 2 }], 'zh-CN');
  assert.deepEqual(got, ['P2 (server) 在 srv 上读到 11 字节，来自 2 次发送：字节流不保留边界']);
});

test('an event that is not about shared memory or sockets is left to the log', () => {
  const pushed = [];
  const h = { push: (...a) => pushed.push(a), name: p => `P${p}`, ctx: {} };
  assert.equal(ipcSentence({ kind: 'state', to: 'sleeping', cause: 'sem' }, h), false);
  assert.equal(ipcSentence({ kind: 'exit' }, h), false);
  assert.equal(pushed.length, 0);
});

test('ipcSentence tests the kinds it says before it names anything, and the list of them is its switch', () => {
  // The kinds its switch says, read from its source: a case added there
  // and not to IPC_KINDS would never be reached.
  const cases = new Set([...ipcSentence.toString().matchAll(/case '([a-z_]+)'/g)].map(m => m[1]));
  cases.delete('state');
  assert.deepStrictEqual([...cases].sort(), [...IPC_KINDS].sort());
  let named = 0;
  const h = { push: () => assert.fail('pushed'), name: () => { named++; return 'P2'; }, ctx: {} };
  for (const e of [{ kind: 'mode', pid: 2 }, { kind: 'switch', pid: 2 }, { kind: 'state', pid: 2, to: 'running', cause: 'dispatch' }, { kind: 'state', pid: 2, to: 'sleeping', cause: 'lock' }]) {
    assert.equal(ipcSentence(e, h), false, e.kind);
  }
  assert.equal(named, 0, 'no name made for an event it does not say');
});

test('the panels list the segment with values, semaphores and who mapped it, and only the sockets made', () => {
  const view = { ipc: { sockets, segments }, vars: [1], objects: [{ count: 0, waiters: [5] }] };
  const decl = { vars: [{ name: 'racy' }], objects: [{ name: 's', kind: 'semaphore' }] };
  assert.deepEqual(segmentRows(view, decl), [{ name: 'seg', vars: [{ name: 'racy', value: 1 }], sems: [{ name: 's', count: 0, waiters: [5] }], attached: [2, 3], wchan: 'futex_do_wait' }]);
  const rows = socketRows(view);
  assert.deepEqual(rows.map(r => r.name), ['srv', 'ua']);
  assert.equal(rows[0].listening, true);
  assert.deepEqual(rows[0].acceptQ, ['cli']);
  assert.deepEqual(rows[1].sleepers, [{ pid: 3, wchan: '__skb_wait_for_more_packets' }]);
  assert.equal(rows[1].drops, 1);
});
