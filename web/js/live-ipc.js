// live-ipc.js: the live lab's panels for the FIFO, message-queue,
// shared-memory and UDP demos (workloads fifo, mqueue, shmsem, udp; tcp
// reports as a "socket" and is drawn by the socket panel). Pure: the
// reports are folded into st.demos by applyIPCReport, turned into log
// items by ipcReportItem, and into the panels' HTML by ipcCards, which
// gets the page's helpers (esc, t, fmtBytes, procState) from live.js.
//
// Hooks for browser tests: #live-demo-fifo, #live-demo-mqueue,
// #live-demo-shm, #live-demo-udp (hidden until they have data); inside,
// .fifo-run[data-root], .mq-run[data-root] (with .mq-sent, .mq-queue and
// .mq-recv rows of .mq-chip[data-seq][data-prio]), the table .shm-table
// (one tr[data-mode] per transfer) and .udp-run[data-root][data-mode].

export const MAX_MQ_MSGS = 64; // messages kept per queue run
export const MAX_SHM_ROWS = 12;
export const MAX_RUNS = 3; // runs shown per panel

// ipcDemos are the empty demo states (merged into st.demos).
export function ipcDemos() {
  return { fifo: {}, mqueue: {}, shm: [], udp: {} };
}

const num = (v, d = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const str = v => (typeof v === 'string' ? v : '');

// applyIPCReport folds one worker report into st.demos; it returns
// whether the report was one of this module's kinds.
export function applyIPCReport(st, r, tms, root) {
  const d = st.demos;
  if (!d.fifo) Object.assign(d, ipcDemos());
  const x = r.ipc && typeof r.ipc === 'object' ? r.ipc : {};
  switch (r.kind) {
    case 'fifo': {
      const run = d.fifo[root] ||= { root, path: '', ends: {}, removed: '', t: tms };
      if (x.path) run.path = str(x.path);
      run.t = tms;
      if (r.phase === 'removed') { run.removed = r.side === 'lab' ? 'lab' : 'worker'; break; }
      if (r.side !== 'writer' && r.side !== 'reader') break;
      const end = run.ends[r.side] ||= { pid: r.pid, phase: '', waited: 0, bytes: 0, since: tms };
      end.pid = r.pid;
      if (r.phase === 'opening') { end.phase = 'opening'; end.since = tms; }
      if (r.phase === 'opened') { end.phase = 'opened'; end.waited = num(x.waited_ms); }
      if (r.phase === 'done') { end.phase = 'done'; end.bytes = num(r.bytes); }
      return true;
    }
    case 'mqueue': {
      const run = d.mqueue[root] ||= { root, name: '', cap: 0, msgsize: 0, limits: null, mounted: false, sender: 0, receiver: 0, sent: [], recv: [], removed: '', t: tms };
      run.t = tms;
      switch (r.phase) {
        case 'open':
          Object.assign(run, { name: str(x.path), cap: num(x.cap), msgsize: num(x.msgsize), mounted: !!x.mqueue_mounted, sender: r.pid,
            limits: { msgMax: num(x.msg_max), msgsizeMax: num(x.msgsize_max), queuesMax: num(x.queues_max) } });
          break;
        case 'sent':
          run.sender = r.pid;
          if (run.sent.length < MAX_MQ_MSGS) run.sent.push({ seq: num(x.seq), prio: num(x.prio) });
          break;
        case 'received':
          run.receiver = r.pid;
          if (run.recv.length < MAX_MQ_MSGS) run.recv.push({ seq: num(x.seq), prio: num(x.prio) });
          break;
        case 'removed':
          run.removed = r.side === 'lab' ? 'lab' : 'worker';
          break;
      }
      return true;
    }
    case 'shm':
      d.shm.push({ root, mode: r.mode === 'pipe' ? 'pipe' : 'shm', bytes: num(r.bytes), ms: num(r.elapsed_ms), mbps: num(x.mbps),
        chunk: num(x.chunk_kib), ok: !!x.ok, wv: num(x.writer_vcsw), rv: num(x.reader_vcsw), t: tms });
      if (d.shm.length > MAX_SHM_ROWS) d.shm.shift();
      return true;
    case 'udp': {
      const run = d.udp[root] ||= { root, mode: '', sent: null, recv: null, t: tms };
      run.mode = r.mode === 'echo' ? 'echo' : 'flood';
      run.t = tms;
      const side = { pid: r.pid, count: num(x.count), received: num(x.received), lost: num(x.lost), gaps: num(x.gaps), drops: num(x.drops, -1),
        rcvbuf: num(x.rcvbuf), first: Array.isArray(x.first) ? x.first.filter(n => typeof n === 'number').slice(0, 16) : [],
        rtt: num(x.rtt_us), addr: str(x.addr), peer: str(x.peer), bytes: num(r.bytes) };
      if (r.side === 'sender') run.sent = side; else run.recv = side;
      return true;
    }
  }
  return false;
}

// queued is what is in a queue run's queue now, as the reports tell it:
// sent and not yet received, in the order mq_receive returns them (the
// highest priority first, the oldest first within a priority).
export function queued(run) {
  const got = new Set(run.recv.map(m => m.seq));
  return run.sent.filter(m => !got.has(m.seq)).sort((a, b) => b.prio - a.prio || a.seq - b.seq);
}

// ipcReportItem is the log item of one of this module's reports, or null
// (the log does not repeat every message of a queue: only the first
// receive, and what shows the point of each demo).
export function ipcReportItem(r, p) {
  const x = r.ipc && typeof r.ipc === 'object' ? r.ipc : {};
  switch (r.kind) {
    case 'fifo':
      if (r.phase === 'made') return { kind: 'report', weight: 8, key: 'live.rep.fifo.made', params: { p, path: str(x.path) } };
      if (r.phase === 'opening') return { kind: 'report', weight: 7, key: `live.rep.fifo.opening.${r.side === 'reader' ? 'reader' : 'writer'}`, params: { p } };
      if (r.phase === 'opened') return { kind: 'report', weight: 8, key: 'live.rep.fifo.opened', params: { p, ms: Math.round(num(x.waited_ms)) } };
      if (r.phase === 'removed') return { kind: 'report', weight: 8, key: r.side === 'lab' ? 'live.rep.fifo.removed.lab' : 'live.rep.fifo.removed', params: { p, path: str(x.path) } };
      return null;
    case 'mqueue':
      if (r.phase === 'open') return { kind: 'report', weight: 8, key: 'live.rep.mq.open', params: { p, name: str(x.path), cap: num(x.cap), size: num(x.msgsize) } };
      if (r.phase === 'received') return { kind: 'report', weight: 7, key: 'live.rep.mq.received', params: { p, seq: num(x.seq), prio: num(x.prio) } };
      if (r.phase === 'removed') return { kind: 'report', weight: 8, key: r.side === 'lab' ? 'live.rep.mq.removed.lab' : 'live.rep.mq.removed', params: { p, name: str(x.path) } };
      return null;
    case 'shm':
      return { kind: 'report', weight: 9, key: r.mode === 'pipe' ? 'live.rep.shm.pipe' : 'live.rep.shm.shm',
        params: { p, mib: Math.round(num(r.bytes) / 1048576), ms: fmt1(num(r.elapsed_ms)), mbps: Math.round(num(x.mbps)) } };
    case 'udp':
      if (r.side !== 'receiver') return null;
      if (r.mode === 'echo') return { kind: 'report', weight: 9, key: 'live.rep.udp.echo', params: { p, n: num(x.received), addr: str(x.addr), peer: str(x.peer) } };
      return { kind: 'report', weight: 9, key: 'live.rep.udp.flood', params: { p, n: num(x.received), count: num(x.count), lost: num(x.lost), drops: num(x.drops) } };
  }
  return null;
}

function fmt1(v) {
  return v >= 100 ? String(Math.round(v)) : v.toFixed(1);
}

const newest = (o, n) => Object.values(o).sort((a, b) => b.t - a.t).slice(0, n);

// ipcCards gives the HTML of each panel ('' when it has nothing to show).
// h: {esc, t, fmtBytes, procState(pid) -> HTML}; procs: st.procs.
export function ipcCards(st, h) {
  const d = st.demos.fifo ? st.demos : { ...st.demos, ...ipcDemos() };
  return {
    'live-demo-fifo': newest(d.fifo, MAX_RUNS).map(run => fifoRun(st, run, h)).join(''),
    'live-demo-mqueue': newest(d.mqueue, MAX_RUNS).filter(r => r.name || r.sent.length).map(run => mqRun(st, run, h)).join(''),
    'live-demo-shm': d.shm.length ? shmTable(d.shm, h) : '',
    'live-demo-udp': newest(d.udp, MAX_RUNS).map(run => udpRun(run, h)).join(''),
  };
}

function fifoRun(st, run, h) {
  const { esc, t } = h;
  const end = side => {
    const e = run.ends[side];
    if (!e) return `<div class="fifo-end" data-side="${side}"><b>${esc(t(`live.demo.pipe.${side}`))}</b> <span class="muted">${esc(t('live.demo.fifo.notyet'))}</span></div>`;
    const p = st.procs.get(e.pid);
    let what = '';
    const ended = !p || p.gone || p.exited;
    if (e.phase === 'opening' && ended) what = t('live.demo.fifo.never');
    else if (e.phase === 'opening') what = p.wait === 'fifo_open' ? t('live.demo.fifo.waiting') : t('live.demo.fifo.opening');
    else if (e.phase === 'opened') what = t('live.demo.fifo.opened', { ms: Math.round(e.waited) });
    else if (e.phase === 'done') what = t('live.demo.fifo.done', { n: h.fmtBytes(e.bytes), ms: Math.round(e.waited) });
    return `<div class="fifo-end" data-side="${side}" data-phase="${esc(e.phase)}"><b>${esc(t(`live.demo.pipe.${side}`))}</b> ${e.pid} ${h.procState(e.pid)}<br><span>${esc(what)}</span></div>`;
  };
  const removed = run.removed ? `<p class="verdict">${esc(t(run.removed === 'lab' ? 'live.demo.fifo.removed.lab' : 'live.demo.fifo.removed'))}</p>` : '';
  return `<div class="fifo-run" data-root="${run.root}"><p class="muted">${esc(t('live.demo.fifo.path'))} <code>${esc(run.path)}</code></p>` +
    `<div class="fifo-ends">${end('writer')}${end('reader')}</div>${removed}</div>`;
}

function chip(h, m, cls = '') {
  return `<span class="mq-chip${cls}" data-seq="${m.seq}" data-prio="${m.prio}" title="${h.esc(h.t('live.demo.mq.chip', { seq: m.seq, prio: m.prio }))}">#${m.seq}<small>p${m.prio}</small></span>`;
}

function mqRun(st, run, h) {
  const { esc, t } = h;
  const q = queued(run);
  const slots = Math.max(run.cap, q.length);
  const inQueue = q.map(m => chip(h, m)).join('') + '<span class="mq-chip empty"></span>'.repeat(Math.max(0, slots - q.length));
  const sp = st.procs.get(run.sender), rp = st.procs.get(run.receiver);
  let verdict = '';
  if (sp && sp.wait === 'mqueue' && !sp.gone) verdict = t('live.demo.mq.full', { p: run.sender });
  else if (rp && rp.wait === 'mqueue' && !rp.gone) verdict = t('live.demo.mq.empty', { p: run.receiver });
  const first = run.recv[0];
  const oldest = first && run.sent.length ? run.sent[0] : null;
  const firstNote = first && oldest && first.seq !== oldest.seq ? `<p class="verdict">${esc(t('live.demo.mq.first', { seq: first.seq, prio: first.prio, old: oldest.seq, oldprio: oldest.prio }))}</p>` : '';
  const lim = run.limits ? t('live.demo.mq.limits', { max: run.limits.msgMax, size: run.limits.msgsizeMax, queues: run.limits.queuesMax }) : '';
  const mnt = t(run.mounted ? 'live.demo.mq.mounted' : 'live.demo.mq.unmounted');
  const removed = run.removed ? `<p class="verdict">${esc(t(run.removed === 'lab' ? 'live.demo.mq.removed.lab' : 'live.demo.mq.removed'))}</p>` : '';
  return `<div class="mq-run" data-root="${run.root}"><p class="muted"><code>${esc(run.name)}</code> ${esc(t('live.demo.mq.attr', { cap: run.cap, size: run.msgsize }))} · ${esc(lim)} · ${esc(mnt)}</p>` +
    `<div class="mq-row mq-sent"><b>${esc(t('live.demo.mq.sent'))}</b>${run.sent.map(m => chip(h, m)).join('')}</div>` +
    `<div class="mq-row mq-queue"><b>${esc(t('live.demo.mq.queue', { n: q.length, cap: run.cap }))}</b>${inQueue}</div>` +
    `<div class="mq-row mq-recv"><b>${esc(t('live.demo.mq.recv'))}</b>${run.recv.map(m => chip(h, m)).join('')}</div>` +
    (verdict ? `<p class="verdict">${esc(verdict)}</p>` : '') + firstNote + removed + `</div>`;
}

function shmTable(rows, h) {
  const { esc, t } = h;
  const body = rows.slice().reverse().map(r => `<tr data-mode="${r.mode}" class="${r.ok ? '' : 'lost'}"><th>${esc(t(`live.demo.shm.${r.mode}`))}</th>` +
    `<td class="num">${esc(h.fmtBytes(r.bytes))}</td><td class="num">${esc(t('live.kib', { n: r.chunk }))}</td>` +
    `<td class="num">${esc(t('live.ms', { n: fmt1(r.ms) }))}</td><td class="num"><b>${Math.round(r.mbps).toLocaleString()}</b></td>` +
    `<td class="num">${r.wv.toLocaleString()}</td><td class="num">${r.rv.toLocaleString()}</td><td>${esc(t(r.ok ? 'live.demo.shm.ok' : 'live.demo.shm.bad'))}</td></tr>`).join('');
  return `<table class="metrics shm-table"><thead><tr><th>${esc(t('live.demo.shm.way'))}</th><th class="num">${esc(t('live.demo.shm.bytes'))}</th>` +
    `<th class="num">${esc(t('live.demo.shm.chunk'))}</th><th class="num">${esc(t('live.demo.race.time'))}</th><th class="num">MB/s</th>` +
    `<th class="num" title="${esc(t('live.demo.shm.sleeps.title'))}">${esc(t('live.demo.shm.wsleeps'))}</th><th class="num" title="${esc(t('live.demo.shm.sleeps.title'))}">${esc(t('live.demo.shm.rsleeps'))}</th>` +
    `<th>${esc(t('live.demo.shm.check'))}</th></tr></thead><tbody>${body}</tbody></table>` +
    `<p class="muted race-vary">${esc(t('live.demo.shm.vary'))}</p>`;
}

function udpRun(run, h) {
  const { esc, t } = h;
  const s = run.sent, r = run.recv;
  let body;
  if (run.mode === 'echo') {
    body = s && r ? t('live.demo.udp.echo', { n: s.received, count: s.count, rtt: s.rtt.toFixed(1), a: s.addr, b: s.peer })
      : t('live.demo.sock.waiting');
  } else if (r) {
    const pct = r.count ? (100 * r.received) / r.count : 0;
    body = t('live.demo.udp.flood', { n: r.received, count: r.count, lost: r.lost, drops: r.drops, gaps: r.gaps, buf: r.rcvbuf });
    const first = r.first.length ? `<p class="muted">${esc(t('live.demo.udp.first', { list: r.first.join(', ') }))}</p>` : '';
    return `<div class="udp-run" data-root="${run.root}" data-mode="flood"><p class="muted">${esc(t('live.demo.udp.addr', { a: s ? s.addr : '?', b: r.addr }))}</p>` +
      `<div class="pipe-fill" role="img" aria-label="${esc(body)}"><div class="bar"><i style="width:${pct.toFixed(1)}%"></i></div><span>${esc(t('live.demo.udp.arrived', { n: r.received, count: r.count }))}</span></div>` +
      `<p class="verdict">${esc(body)}</p>${first}</div>`;
  } else {
    body = t('live.demo.sock.waiting');
  }
  return `<div class="udp-run" data-root="${run.root}" data-mode="${run.mode}"><p class="verdict">${esc(body)}</p></div>`;
}
