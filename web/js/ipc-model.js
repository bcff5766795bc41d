// ipc-model.js: the shared memory segments and sockets of a simulated run
// (sim/shm.go, sim/socket.go), as pure functions the fold, the log and the
// panels use: what a snapshot or events message says about them, their
// names for sentences, the log's sentences for their events, and the rows
// each panel draws. Nothing here touches the DOM.

// SOCK_WAIT is the wait channel (/proc/PID/wchan) of a task asleep on a
// socket, by cause, for TCP ('tcp'), a Unix stream ('ustream') and the
// datagram kinds ('dgram'), as measured on Linux 6.18 (sim.SockWaitChannel
// says the same; keep the two equal).
const SOCK_WAIT = {
  accept: { tcp: 'inet_csk_accept', ustream: '__skb_wait_for_more_packets', useq: '__skb_wait_for_more_packets' },
  sock_connect: { tcp: 'wait_woken', ustream: 'unix_wait_for_peer', useq: 'unix_wait_for_peer' },
  sock_recv: { tcp: 'wait_woken', ustream: 'unix_stream_read_generic', useq: '__skb_wait_for_more_packets', dgram: '__skb_wait_for_more_packets' },
  sock_send: { tcp: 'wait_woken', ustream: 'sock_alloc_send_pskb', useq: 'sock_alloc_send_pskb', dgram: 'unix_wait_for_peer' },
};

// SOCK_CAUSES are the causes of a sleep on a socket.
export const SOCK_CAUSES = new Set(Object.keys(SOCK_WAIT));

// sockFamily is the row of SOCK_WAIT for a socket ({domain, type}).
function sockFamily(s) {
  if (!s) return 'dgram';
  if (s.type === 'dgram') return 'dgram';
  if (s.domain !== 'unix') return 'tcp';
  return s.type === 'stream' ? 'ustream' : 'useq';
}

// sockWaitChannel returns the wait channel of a sleep for cause on socket s.
export function sockWaitChannel(cause, s) {
  const row = SOCK_WAIT[cause];
  return row ? row[sockFamily(s)] || '' : '';
}

// ipcOf returns the segments and sockets a message carries, or prev's when
// it carries none (a run without them has neither).
export function ipcOf(msg, prev) {
  const segments = msg && Array.isArray(msg.segments) ? msg.segments : null;
  const sockets = msg && Array.isArray(msg.sockets) ? msg.sockets : null;
  if (!segments && !sockets) return prev || { segments: [], sockets: [] };
  return { segments: segments || [], sockets: sockets || [] };
}

// ipcInScenario reports whether a loaded scenario declares a shared memory
// segment or a socket (its panels are shown then).
export function ipcInScenario(loaded) {
  return !!(loaded && typeof loaded.scenario === 'string' && /^(shm|socket)[ \t]/m.test(loaded.scenario));
}

// ipcNames adds sockName(i) and segName(i) to a describeEvents context,
// from the view's segments and sockets (v.ipc).
export function ipcNames(v) {
  const ipc = (v && v.ipc) || { segments: [], sockets: [] };
  return {
    sockName: i => (ipc.sockets[i] ? ipc.sockets[i].name : `#${i}`),
    segName: i => (ipc.segments[i] ? ipc.segments[i].name : `#${i}`),
    sock: i => ipc.sockets[i],
  };
}

const ERRNO = { 9: 'EBADF', 22: 'EINVAL', 89: 'EDESTADDRREQ', 95: 'EOPNOTSUPP', 106: 'EISCONN', 107: 'ENOTCONN', 111: 'ECONNREFUSED' };

// IPC_KINDS are the kinds of event ipcSentence says besides a sleep on a
// socket (a state change): those of the switch below.
export const IPC_KINDS = new Set(['shm_attach', 'shm_fault', 'sock_create', 'sock_bind', 'sock_listen', 'sock_connect', 'sock_accept',
  'sock_send', 'sock_recv', 'sock_drop', 'sock_close', 'ipc_failed']);

// WEIGHT is how much each event matters for the narration.
const WEIGHT = {
  shm_attach: 6, shm_fault: 12, sock_create: 6, sock_bind: 5, sock_listen: 6, sock_connect: 7, sock_accept: 8,
  sock_send: 7, sock_recv: 8, sock_drop: 10, sock_close: 6, ipc_failed: 8,
};

// ipcSentence pushes the log item of a shared-memory or socket event, or of
// a sleep on a socket, and reports whether e was one. h gives push(e, key,
// params, weight), name(pid) and the context ctx (with sockName, segName,
// sock, varName and objName).
export function ipcSentence(e, h) {
  // Most events are none of these: they cost one test, not the names below
  // (a snapshot describes thousands of events in a row).
  if (e.kind === 'state' ? e.to !== 'sleeping' || !SOCK_CAUSES.has(e.cause) : !IPC_KINDS.has(e.kind)) return false;
  const { push, name, ctx } = h;
  const sn = i => (ctx.sockName ? ctx.sockName(i || 0) : `#${i || 0}`);
  const p = name(e.pid);
  const w = WEIGHT[e.kind] ?? 6;
  const s = sn(e.obj);
  switch (e.kind) {
    case 'state':
      if (e.to !== 'sleeping' || !SOCK_CAUSES.has(e.cause)) return false;
      push(e, `ev.state.${e.cause}`, { p, s, cpu: e.cpu ?? '', from: e.from, to: e.to, cause: e.cause,
        wchan: sockWaitChannel(e.cause, ctx.sock ? ctx.sock(e.obj || 0) : null) }, 7);
      return true;
    case 'shm_attach': {
      const seg = ctx.segName ? ctx.segName(e.obj || 0) : `#${e.obj || 0}`;
      push(e, e.value ? 'ev.shm_attach.on' : 'ev.shm_attach.off', { p, seg }, w);
      return true;
    }
    case 'shm_fault': {
      const seg = ctx.segName ? ctx.segName(e.obj || 0) : `#${e.obj || 0}`;
      const v = e.value ?? 0;
      const what = v >= 0 ? (ctx.varName ? ctx.varName(v) : `#${v}`) : (ctx.objName ? ctx.objName(-1 - v) : `#${-1 - v}`);
      push(e, 'ev.shm_fault', { p, seg, what }, w);
      return true;
    }
    case 'sock_create': {
      const d = ctx.sock ? ctx.sock(e.obj || 0) : null;
      push(e, 'ev.sock_create', { p, s, call: d ? d.call : 'socket()' }, w);
      return true;
    }
    case 'sock_bind':
      push(e, e.value ? 'ev.sock_bind.auto' : 'ev.sock_bind', { p, s }, w);
      return true;
    case 'sock_listen':
      push(e, 'ev.sock_listen', { p, s, n: e.value ?? 0, max: (e.value ?? 0) + 1 }, w);
      return true;
    case 'sock_connect': {
      const l = sn(e.arg);
      const v = e.value ?? 0;
      const key = v === 0 ? 'ev.sock_connect.wait' : v === 2 ? 'ev.sock_connect.peer' : e.other ? 'ev.sock_connect.ok.woke' : 'ev.sock_connect.ok';
      push(e, key, { p, s, l, o: e.other ? name(e.other) : '' }, w);
      return true;
    }
    case 'sock_accept':
      push(e, 'ev.sock_accept', { p, s, n: sn(e.value), c: sn(e.arg) }, w);
      return true;
    case 'sock_send': {
      const early = (e.arg ?? 0) < 0;
      const key = early ? 'ev.sock_send.early' : e.other ? 'ev.sock_send.woke' : 'ev.sock_send';
      push(e, key, { p, s, n: e.value ?? 0, d: early ? '' : sn(e.arg), o: e.other ? name(e.other) : '' }, w);
      return true;
    }
    case 'sock_recv': {
      const d = ctx.sock ? ctx.sock(e.obj || 0) : null;
      const n = e.value ?? 0, k = e.arg ?? 0;
      let key = 'ev.sock_recv.dgram';
      if (!n) key = 'ev.sock_recv.eof';
      else if (d && d.type === 'stream') key = k === 1 ? 'ev.sock_recv.stream.one' : 'ev.sock_recv.stream';
      else if (k > 0) key = 'ev.sock_recv.trunc';
      push(e, key, { p, s, n, k }, w);
      return true;
    }
    case 'sock_drop':
      push(e, (e.arg ?? 0) < 0 ? 'ev.sock_drop.nobody' : 'ev.sock_drop', { p, s, n: e.value ?? 0 }, w);
      return true;
    case 'sock_close':
      push(e, e.cause === 'exit' ? 'ev.sock_close.exit' : 'ev.sock_close', { p, s }, w);
      return true;
    case 'ipc_failed': {
      const on = e.syscall === 'shmdt' ? (ctx.segName ? ctx.segName(e.obj || 0) : s) : s;
      push(e, 'ev.ipc_failed', { p, sys: e.syscall || String(e.value), s: on, errno: ERRNO[e.arg] || `errno ${e.arg}` }, w);
      return true;
    }
  }
  return false;
}

// segmentRows is what the shared memory card draws for each segment: its
// name, its variables with their values, its semaphores with count and
// sleepers, and who has it mapped. vars and objects are the view's values
// (view.vars, view.objects); decl names them (loaded.vars, loaded.objects).
export function segmentRows(view, decl) {
  const segs = (view && view.ipc && view.ipc.segments) || [];
  const d = decl || {};
  return segs.map(s => ({
    name: s.name,
    vars: (s.vars || []).map(i => ({ name: d.vars && d.vars[i] ? d.vars[i].name : `#${i}`, value: view.vars ? view.vars[i] ?? 0 : 0 })),
    sems: (s.objs || []).map(i => {
      const o = (view.objects || [])[i] || {};
      return { name: d.objects && d.objects[i] ? d.objects[i].name : `#${i}`, count: o.count ?? 0, waiters: o.waiters || [] };
    }),
    attached: s.attached || [],
    wchan: s.wchan || '',
  }));
}

// socketRows is what the sockets card draws: one row per socket that exists
// (socket() made it, or accept did), in the scenario's order.
export function socketRows(view) {
  const socks = (view && view.ipc && view.ipc.sockets) || [];
  return socks.filter(s => s.state !== 'none').map(s => ({
    name: s.name, call: s.call, state: s.state, type: s.type, peer: s.peer || '', accepted: s.accepted || '',
    listening: s.state === 'listening', backlog: s.backlog ?? 0, acceptQ: s.accept_q || [],
    rx: s.rx || [], rxFrom: s.rx_from || [], rxBytes: s.rx_bytes ?? 0, rcvbuf: s.rcvbuf ?? 0, qlen: s.qlen ?? 0,
    early: s.early || [], eof: !!s.eof, drops: s.drops ?? 0, sent: s.sent ?? 0, received: s.received ?? 0,
    sleepers: (s.waiters || []).map((pid, k) => ({ pid, wchan: (s.wchan || [])[k] || '' })),
  }));
}
