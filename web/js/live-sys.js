// live-sys.js: the live lab's panels for the live-sys workloads (issue 11,
// part 5): the system-call loop beside the compute loop (utime against
// stime), the PID counter, and the one-byte ping-pong (what a context
// switch costs). applySysReport folds a worker's report into
// st.demos.sys (live-model.js calls it for the kinds it does not know);
// sysReportItem is a report's log item (live-log.js); the *HTML functions
// draw the three cards (live.js), from the reports and from the samples
// of the processes (utime, stime and the context switches). No DOM here.

export const MAX_LOOP_RUNS = 3; // syscalls runs shown
export const MAX_PID_RUNS = 3; // pids runs shown
export const MAX_PID_ROWS = 12; // children listed per pids run (the newest)
export const MAX_PING_RUNS = 9; // ping-pong runs in the table

// sysDemos is the live-sys part of a live state (made when first needed).
export function sysDemos(st) {
  st.demos.sys ||= { loops: {}, pids: {}, ping: [] };
  return st.demos.sys;
}

const n0 = v => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

// byBirth orders runs the newest first, by when their first report came
// (a run's place does not change while it reports).
const byBirth = (a, b) => b.born - a.born || b.root - a.root;

// keepNewest drops the oldest runs of a map of runs beyond max.
function keepNewest(runs, max) {
  const old = Object.values(runs).sort(byBirth).slice(max);
  for (const r of old) delete runs[r.root];
}

// applySysReport folds one report in; it returns false for a kind that is
// not one of the live-sys workloads' (loop, pid, pingpong).
export function applySysReport(st, r, tms) {
  if (!r || typeof r !== 'object' || typeof r.pid !== 'number') return false;
  const d = sysDemos(st);
  const root = st.roots[r.pid] || (st.parents[r.pid] && st.parents[r.pid] !== st.labPid ? st.parents[r.pid] : r.pid);
  switch (r.kind) {
    case 'loop': {
      const run = d.loops[root] ||= { root, born: tms, t: tms, sides: {} };
      const side = r.side === 'syscall' ? 'syscall' : 'compute';
      run.sides[side] = { pid: r.pid, call: String(r.call || ''), count: n0(r.count), perSec: n0(r.per_s), done: r.phase === 'done', ms: n0(r.elapsed_ms) };
      run.t = tms;
      keepNewest(d.loops, MAX_LOOP_RUNS);
      return true;
    }
    case 'pid': {
      const run = d.pids[r.pid] ||= { root: r.pid, born: tms, t: tms, pidMax: 0, of: 0, kids: [] };
      run.pidMax = n0(r.pid_max) || run.pidMax;
      run.of = n0(r.of) || run.of;
      run.kids.push({ seq: n0(r.seq), pid: n0(r.child), last: n0(r.last_pid), prev: n0(r.prev) });
      if (run.kids.length > 100) run.kids.shift();
      run.t = tms;
      keepNewest(d.pids, MAX_PID_RUNS);
      return true;
    }
    case 'pingpong': {
      let run = d.ping.find(x => x.pid === r.pid && !x.done);
      if (!run) {
        run = { pid: r.pid, mode: String(r.mode || ''), cpus: String(r.cpus || ''), done: false };
        d.ping.push(run);
        if (d.ping.length > MAX_PING_RUNS) d.ping.shift();
      }
      Object.assign(run, {
        count: n0(r.count), perSec: n0(r.per_s), mean: n0(r.mean_us), t: tms, cpus: String(r.cpus || run.cpus),
      });
      if (r.phase === 'done') {
        Object.assign(run, { done: true, median: n0(r.median_us), p99: n0(r.p99_us), sw: n0(r.switches_per_s), v: n0(r.vcsw), nv: n0(r.nvcsw), ms: n0(r.elapsed_ms) });
      }
      return true;
    }
  }
  return false;
}

// gap is how many PIDs other processes took between two of a run's
// children: the step from the previous child, minus one (null for the
// first child, and when the counter wrapped past pid_max).
export function gap(kid) {
  if (!kid.prev || kid.pid <= kid.prev) return null;
  return kid.pid - kid.prev - 1;
}

// kernelShare is the part of a process's CPU time spent in kernel mode
// (stime / (utime + stime)), or null before it has a tick.
export function kernelShare(p) {
  const u = n0(p && p.utime_ticks), s = n0(p && p.stime_ticks);
  return u + s > 0 ? s / (u + s) : null;
}

// num formats a number for the cards and the log: thousands separated,
// with the given decimals.
export function num(v, decimals = 0) {
  return n0(v).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

// us formats microseconds: one decimal under 100, none above.
export function us(v) {
  return n0(v) >= 100 ? num(v) : num(v, 1);
}

// sysReportItem is the log item of a live-sys report, or null for the
// reports the log does not repeat (a loop's or a ping-pong's progress,
// which their cards show; a PID that came right after the previous one,
// which the fork event says).
export function sysReportItem(r, name) {
  if (!r || typeof r !== 'object') return null;
  const p = name(r.pid);
  switch (r.kind) {
    case 'loop':
      if (r.phase !== 'done') return null;
      return r.side === 'syscall'
        ? { kind: 'report', weight: 8, key: 'live.rep.loop.syscall', params: { p, n: num(r.count), call: String(r.call || '?'), rate: num(r.per_s), s: num(n0(r.elapsed_ms) / 1000, 1) } }
        : { kind: 'report', weight: 8, key: 'live.rep.loop.compute', params: { p, n: num(r.count), rate: num(r.per_s), s: num(n0(r.elapsed_ms) / 1000, 1) } };
    case 'pid': {
      const k = gap({ pid: n0(r.child), prev: n0(r.prev) });
      if (k === null && r.prev && n0(r.child) < n0(r.prev)) return { kind: 'report', weight: 9, key: 'live.rep.pid.wrap', params: { p, c: r.child, prev: r.prev, max: r.pid_max ?? 0 } };
      if (!k) return null;
      return { kind: 'report', weight: 7, key: 'live.rep.pid.skip', params: { p, c: r.child, prev: r.prev, k } };
    }
    case 'pingpong':
      if (r.phase !== 'done') return null;
      return { kind: 'report', weight: 10, key: 'live.rep.ping', params: { p, n: num(r.count), mode: `live.ping.mode.${['free', 'one', 'two'].includes(r.mode) ? r.mode : 'free'}`, med: us(r.median_us), rate: num(r.per_s), sw: num(r.switches_per_s) } };
  }
  return null;
}

// ---- the cards ----------------------------------------------------------------
// Each *HTML function returns the body of its card, or '' when there is
// nothing to show. h gives t (the catalog), esc (HTML escaping) and
// procState(pid) (the state cell of a process, as the table draws it).

function newest(runs, max) {
  return Object.values(runs).sort(byBirth).slice(0, max);
}

// shareBar draws a process's CPU time split into user and kernel mode.
function shareBar(h, p) {
  const k = kernelShare(p);
  if (k === null) return `<span class="muted">–</span>`;
  const pct = Math.round(100 * k);
  const label = h.t('live.sys.share', { u: 100 - pct, s: pct });
  return `<span class="um-bar" role="img" aria-label="${h.esc(label)}" title="${h.esc(label)}"><i class="u" style="width:${100 - pct}%"></i><i class="k" style="width:${pct}%"></i></span> <span class="um-pct">${h.esc(label)}</span>`;
}

// loopsHTML draws the syscalls runs: for each loop, its calls per second
// and the sampled utime and stime of its process.
export function loopsHTML(st, h) {
  const runs = newest(sysDemos(st).loops, MAX_LOOP_RUNS);
  if (!runs.length) return '';
  const head = `<thead><tr><th>${h.esc(h.t('live.sys.loop'))}</th><th class="num">${h.esc(h.t('live.sys.rate'))}</th>` +
    `<th class="num" title="${h.esc(h.t('live.sys.utime.title'))}">utime</th><th class="num" title="${h.esc(h.t('live.sys.stime.title'))}">stime</th><th>${h.esc(h.t('live.sys.split'))}</th></tr></thead>`;
  return runs.map(run => {
    const rows = ['syscall', 'compute'].map(side => {
      const x = run.sides[side];
      const pid = x ? x.pid : side === 'compute' ? run.root : 0;
      const p = pid ? st.procs.get(pid) : null;
      const what = side === 'syscall' ? h.t('live.sys.loop.syscall', { call: x ? x.call : '…' }) : h.t('live.sys.loop.compute');
      const rate = x ? h.esc(h.t(x.done ? 'live.sys.rate.done' : 'live.sys.rate.now', { n: num(x.perSec) })) : '…';
      return `<tr data-side="${side}"${pid ? ` data-pid="${pid}"` : ''}><th>${h.esc(what)}<br><small>${pid || ''} ${pid ? h.procState(pid) : ''}</small></th>` +
        `<td class="num">${rate}</td><td class="num">${p ? num(p.utime_ticks) : '–'}</td><td class="num">${p ? num(p.stime_ticks) : '–'}</td><td class="split">${shareBar(h, p)}</td></tr>`;
    }).join('');
    return `<div class="loop-run" data-root="${run.root}"><table class="metrics loop-table">${head}<tbody>${rows}</tbody></table></div>`;
  }).join('') + `<p class="muted sys-note">${h.esc(h.t('live.sys.loops.note'))}</p>`;
}

// pidsHTML draws the pids runs: each child's PID, the step from the
// previous one, and ns_last_pid before its fork.
export function pidsHTML(st, h) {
  const runs = newest(sysDemos(st).pids, MAX_PID_RUNS);
  if (!runs.length) return '';
  return runs.map(run => {
    const kids = run.kids.slice(-MAX_PID_ROWS);
    const skipped = run.kids.filter(k => gap(k) > 0);
    const taken = skipped.reduce((a, k) => a + gap(k), 0);
    const last = run.kids[run.kids.length - 1];
    const rows = kids.slice().reverse().map(k => {
      const g = gap(k);
      const step = g === null ? (k.prev ? h.t('live.sys.pid.wrapped') : '–') : `+${g + 1}`;
      const why = g > 0 ? ` <small class="others">${h.esc(h.t('live.sys.pid.others', { k: g }))}</small>` : '';
      const pos = run.pidMax ? (100 * k.pid / run.pidMax).toFixed(1) : 0;
      return `<tr data-pid="${k.pid}"${g > 0 ? ' class="skip"' : ''}><td class="num">${k.seq}</td><td class="num big-pid">${k.pid}</td><td class="num">${h.esc(step)}${why}</td><td class="num">${k.last}</td>` +
        `<td class="pid-pos"><span class="pid-bar" title="${h.esc(h.t('live.sys.pid.pos', { pid: k.pid, max: run.pidMax }))}"><i style="left:${pos}%"></i></span></td></tr>`;
    }).join('');
    return `<div class="pid-run" data-root="${run.root}"><p class="pid-sum">${h.esc(h.t('live.sys.pid.sum', { p: run.root, n: run.kids.length, of: run.of || run.kids.length, max: num(run.pidMax), last: last ? last.pid : '–' }))}</p>` +
      `<table class="metrics pid-table"><thead><tr><th class="num">#</th><th class="num">PID</th><th class="num">${h.esc(h.t('live.sys.pid.step'))}</th><th class="num" title="${h.esc(h.t('live.sys.pid.last.title'))}">ns_last_pid</th><th>0 … pid_max</th></tr></thead><tbody>${rows}</tbody></table>` +
      `<p class="verdict">${h.esc(taken ? h.t('live.sys.pid.taken', { k: skipped.length, n: run.kids.length, taken }) : h.t('live.sys.pid.none', { n: run.kids.length }))}</p></div>`;
  }).join('') + `<p class="muted sys-note">${h.esc(h.t('live.sys.pids.note'))}</p>`;
}

// pingHTML draws the ping-pong runs, the newest first, and the sampled
// switch counters of the newest run's two processes.
export function pingHTML(st, h) {
  const runs = sysDemos(st).ping;
  if (!runs.length) return '';
  const rows = runs.slice().reverse().map(r => {
    const where = r.cpus ? ` <small>(CPU ${h.esc(r.cpus)})</small>` : '';
    const cell = v => (r.done ? us(v) : '…');
    return `<tr data-mode="${h.esc(r.mode)}" data-pid="${r.pid}"${r.done ? '' : ' class="running"'}><th>${h.esc(h.t(`live.ping.mode.${['free', 'one', 'two'].includes(r.mode) ? r.mode : 'free'}`))}${where}</th>` +
      `<td class="num">${num(r.count)}</td><td class="num">${num(r.perSec)}</td><td class="num">${us(r.mean)}</td><td class="num med">${cell(r.median)}</td><td class="num">${cell(r.p99)}</td>` +
      `<td class="num">${r.done ? num(r.sw) : '…'}</td><td class="num">${r.done ? `${num(r.v)}<span class="sl">/</span>${num(r.nv)}` : '…'}</td></tr>`;
  }).join('');
  // A unit keeps its case: the headers are upper-cased, and µs would read MS.
  const th = (k, title, unit) => `<th class="num"${title ? ` title="${h.esc(h.t(title))}"` : ''}>${h.esc(h.t(k))}${unit ? ` <span class="unit">${h.esc(h.t(unit))}</span>` : ''}</th>`;
  const table = `<table class="metrics ping-table"><thead><tr><th>${h.esc(h.t('live.ping.cpus'))}</th>${th('live.ping.rounds')}${th('live.ping.rate')}${th('live.ping.mean', '', 'live.ping.us')}${th('live.ping.median', '', 'live.ping.us')}${th('live.ping.p99', '', 'live.ping.us')}` +
    `${th('live.ping.sw', 'live.ping.sw.title')}${th('live.ping.vnv', 'live.ping.vnv.title')}</tr></thead><tbody>${rows}</tbody></table>`;
  // The newest run's two processes, as the sampler sees them now.
  const cur = runs[runs.length - 1];
  const pair = [cur.pid, ...[...st.procs.keys()].filter(pid => pid !== cur.pid && st.parents[pid] === cur.pid)].slice(0, 2);
  const live = pair.map(pid => {
    const p = st.procs.get(pid);
    if (!p) return '';
    const dv = p.vcsw_delta ? ` <small class="delta">+${num(p.vcsw_delta)}</small>` : '';
    const dn = p.nvcsw_delta ? ` <small class="delta">+${num(p.nvcsw_delta)}</small>` : '';
    return `<span class="ping-proc" data-pid="${pid}"><b>${pid}</b> ${h.esc(st.names[pid] || '')} ${h.procState(pid)} ${h.esc(h.t('live.ping.now'))} ${num(p.voluntary_ctxt_switches)}${dv} / ${num(p.nonvoluntary_ctxt_switches)}${dn}</span>`;
  }).filter(Boolean).join('');
  const fast = runs.filter(r => r.done && r.median > 0);
  let verdict = '';
  if (fast.length >= 2) {
    const lo = fast.reduce((a, b) => (b.median < a.median ? b : a)), hi = fast.reduce((a, b) => (b.median > a.median ? b : a));
    if (hi.median > lo.median * 1.5) verdict = h.t('live.ping.verdict', { slow: h.t(`live.ping.mode.${hi.mode}`), fast: h.t(`live.ping.mode.${lo.mode}`), a: us(hi.median), b: us(lo.median), x: num(hi.median / lo.median, 1) });
  }
  return `<div class="table-wrap">${table}</div>` + (live ? `<p class="ping-live">${live}</p>` : '') +
    (verdict ? `<p class="verdict">${h.esc(verdict)}</p>` : '') + `<p class="muted sys-note">${h.esc(h.t('live.ping.note'))}</p>`;
}
