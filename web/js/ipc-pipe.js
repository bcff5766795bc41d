// ipc-pipe.js: the panel of the pipes, FIFOs and message queues (issue 11,
// part 4a) and their sentences in the log. The functions above renderIPC
// are pure (the node tests call them); renderIPC draws the #ipc card.
//
// A step's `ipc` list (server/wire_ipc.go) gives, per object: name, kind
// (pipe, fifo, posix, sysv), capacity (bytes; a POSIX queue's in
// messages), used bytes, a pipe's chunks {from, bytes} oldest first, a
// queue's messages {from, prio, bytes} in the order they leave, the PIDs
// holding the read and write ends, and the waiters {pid, cause, wchan, want}.

// ipcDecls lists the IPC objects a scenario's text declares, in order (the
// engine numbers them the same way): [{name, kind}], kind pipe, fifo,
// posix or sysv.
export function ipcDecls(text) {
  const out = [];
  for (const m of String(text || '').matchAll(/^(pipe|fifo|mqueue)[ \t]+([A-Za-z][\w-]*)([^\n#]*)/gm)) {
    let kind = m[1];
    if (kind === 'mqueue') kind = /(^|\s)sysv(\s|$)/.test(m[3]) ? 'sysv' : 'posix';
    out.push({ name: m[2], kind });
  }
  return out;
}

// ERRNO names the errno values of the pipe_fail event.
const ERRNO = { 9: 'EBADF', 22: 'EINVAL', 32: 'EPIPE', 90: 'EMSGSIZE' };

// IPC_KINDS are the event kinds pipeSentence says.
export const IPC_KINDS = new Set(['pipe_write', 'pipe_read', 'pipe_eof', 'pipe_broken', 'ipc_open', 'ipc_close', 'mq_send', 'mq_receive', 'pipe_fail']);

// pipeSentence turns an IPC event into a log item through push(e, key,
// params, weight); it returns false for any other event. name(pid) names a
// task; ctx.ipcName(i) and ctx.ipcKind(i) name object i.
export function pipeSentence(e, { push, name, ctx, w }) {
  if (!IPC_KINDS.has(e.kind)) return false;
  const p = name(e.pid);
  const o = e.other ? name(e.other) : '';
  const obj = ctx.ipcName ? ctx.ipcName(e.obj || 0) : `#${e.obj || 0}`;
  const kind = ctx.ipcKind ? ctx.ipcKind(e.obj || 0) : '';
  const end = e.value ? 'write' : 'read';
  const q = kind === 'sysv' ? 'sysv' : 'posix';
  switch (e.kind) {
    case 'pipe_write':
      push(e, e.arg ? 'ev.pipe_write.part' : 'ev.pipe_write', { p, obj, n: e.value ?? 0, left: e.arg ?? 0 }, w);
      break;
    case 'pipe_read':
      push(e, 'ev.pipe_read', { p, o, obj, n: e.value ?? 0 }, w);
      break;
    case 'pipe_eof':
      push(e, 'ev.pipe_eof', { p, obj }, 7);
      break;
    case 'pipe_broken':
      push(e, 'ev.pipe_broken', { p, obj }, 9);
      break;
    case 'ipc_open':
      push(e, `ev.ipc_open.${end}`, { p, obj, n: e.arg ?? 0 }, w);
      break;
    case 'ipc_close':
      push(e, `ev.ipc_close.${end}${e.cause === 'exit' ? '.exit' : ''}`, { p, obj, n: e.arg ?? 0 }, e.cause === 'exit' ? 3 : w);
      break;
    case 'mq_send':
      push(e, `ev.mq_send.${q}`, { p, obj, n: e.arg ?? 0, prio: e.value ?? 0 }, w);
      break;
    case 'mq_receive':
      push(e, `ev.mq_receive.${q}`, { p, o, obj, n: e.arg ?? 0, prio: e.value ?? 0 }, w);
      break;
    case 'pipe_fail':
      push(e, 'ev.pipe_fail', { p, obj, sys: e.syscall || '', errno: ERRNO[e.arg] || `errno ${e.arg}` }, 8);
      break;
  }
  return true;
}

// chunkWriter names the writer of a run of bytes: its task's tag, or, for
// from 0, "several processes" (the engine merges the writes of several
// processes into one run once a pipe holds sim.MaxPipeRuns runs).
export function chunkWriter(from, tag, t) {
  return from ? tag(from) : t('ipc.chunk.several');
}

// segments lays a pipe's chunks out along its capacity: [{from, bytes,
// pct}] with pct the share of the bar in percent (a chunk never drawn
// thinner than min percent, so that 100 bytes in 65536 still shows), and
// the free space's share.
export function segments(obj, min = 5) {
  const cap = Math.max(1, obj.capacity || 1);
  const segs = (obj.chunks || []).map(c => ({ from: c.from, bytes: c.bytes, pct: Math.max(min, (100 * c.bytes) / cap) }));
  const drawn = segs.reduce((s, c) => s + c.pct, 0);
  if (drawn > 100) for (const s of segs) s.pct = (s.pct * 100) / drawn;
  return { segs, free: Math.max(0, 100 - Math.min(100, drawn)) };
}

// usage is the catalog key and parameters of an object's fill line.
export function usage(obj) {
  if (obj.kind === 'posix') return { key: 'ipc.used.msgs', params: { n: (obj.messages || []).length, cap: obj.capacity } };
  if (obj.kind === 'sysv') return { key: 'ipc.used.sysv', params: { n: (obj.messages || []).length, used: obj.used || 0, cap: obj.capacity } };
  return { key: 'ipc.used.bytes', params: { used: obj.used || 0, cap: obj.capacity } };
}

// waiterLine is the catalog key and parameters of what a waiter waits for.
export function waiterLine(w, p) {
  const n = w.want ?? 0;
  switch (w.cause) {
    case 'fifo_open': return { key: `ipc.wait.fifo_open.${n ? 'write' : 'read'}`, params: { p } };
    case 'msgrcv':
      if (n === 0) return { key: 'ipc.wait.msgrcv.any', params: { p } };
      if (n < 0) return { key: 'ipc.wait.msgrcv.low', params: { p, n: -n } };
      return { key: 'ipc.wait.msgrcv', params: { p, n } };
    default: return { key: `ipc.wait.${w.cause}`, params: { p, n } };
  }
}

// renderIPC draws the objects into el. t is the catalog lookup, colorOf(pid)
// a task's colours ({fill, ink}), tag(pid) its short name (P3).
export function renderIPC(el, list, { t, colorOf, tag }) {
  const doc = el.ownerDocument;
  const make = (tagName, cls, text) => {
    const n = doc.createElement(tagName);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  };
  const chip = pid => {
    const c = make('span', 'ipc-chip', tag(pid));
    c.style.background = colorOf(pid).fill;
    c.style.color = colorOf(pid).ink || '#fff';
    return c;
  };
  const frag = doc.createDocumentFragment();
  for (const obj of list || []) {
    const box = make('div', `ipc-obj ipc-${obj.kind}`);
    box.dataset.name = obj.name;
    const head = make('div', 'ipc-head');
    head.append(make('span', 'ipc-name', obj.name), make('span', 'ipc-kind', t(`ipc.kind.${obj.kind}`)));
    const u = usage(obj);
    head.append(make('span', 'ipc-used', t(u.key, u.params)));
    box.append(head);
    if (obj.kind === 'pipe' || obj.kind === 'fifo') {
      const bar = make('div', 'ipc-bar');
      bar.setAttribute('role', 'img');
      const { segs, free } = segments(obj);
      const parts = [];
      for (const s of segs) {
        const seg = make('span', 'ipc-seg');
        seg.dataset.pid = String(s.from);
        seg.dataset.bytes = String(s.bytes);
        seg.style.width = `${s.pct}%`;
        const who = chunkWriter(s.from, tag, t);
        seg.style.background = s.from ? colorOf(s.from).fill : '#64748b';
        seg.style.color = s.from ? colorOf(s.from).ink || '#fff' : '#fff';
        const label = t('ipc.chunk', { p: who, n: s.bytes });
        seg.title = label;
        parts.push(label);
        if (s.pct >= 14) seg.textContent = label;
        else if (s.pct >= 4) seg.textContent = s.from ? who : '…';
        bar.append(seg);
      }
      if (free > 0) {
        const f = make('span', 'ipc-free');
        f.style.width = `${free}%`;
        if (!segs.length) f.textContent = t('ipc.empty');
        bar.append(f);
      }
      bar.setAttribute('aria-label', parts.length ? parts.join(', ') : t('ipc.empty'));
      box.append(bar);
      const ends = make('div', 'ipc-ends');
      for (const [key, pids] of [['ipc.readers', obj.readers], ['ipc.writers', obj.writers]]) {
        const row = make('span', 'ipc-end');
        row.append(make('span', 'ipc-end-label', t(key)));
        if (pids && pids.length) for (const pid of pids) row.append(chip(pid));
        else row.append(make('span', 'ipc-nobody', t('ipc.nobody')));
        ends.append(row);
      }
      box.append(ends);
    } else {
      const q = make('ol', 'ipc-msgs');
      for (const m of obj.messages || []) {
        const li = make('li', 'ipc-msg');
        li.style.background = colorOf(m.from).fill;
        li.style.color = colorOf(m.from).ink || '#fff';
        li.append(make('b', '', t(obj.kind === 'sysv' ? 'ipc.msg.type' : 'ipc.msg.prio', { prio: m.prio })),
          make('span', '', t('ipc.msg.bytes', { n: m.bytes })));
        li.title = tag(m.from);
        q.append(li);
      }
      if (obj.kind === 'posix') {
        for (let k = (obj.messages || []).length; k < obj.capacity; k++) q.append(make('li', 'ipc-msg ipc-slot'));
      }
      if (!(obj.messages || []).length && obj.kind === 'sysv') q.append(make('li', 'ipc-msg ipc-slot', t('ipc.empty')));
      box.append(q);
    }
    if ((obj.waiters || []).length) {
      const ul = make('ul', 'ipc-waiters');
      for (const wt of obj.waiters) {
        const li = make('li', 'ipc-waiter');
        const l = waiterLine(wt, tag(wt.pid));
        li.append(chip(wt.pid), make('span', '', ' ' + t(l.key, l.params) + ' · '), make('code', 'ipc-wchan', t('ipc.wchan', { wchan: wt.wchan })));
        ul.append(li);
      }
      box.append(ul);
    }
    frag.append(box);
  }
  el.replaceChildren(frag);
}
