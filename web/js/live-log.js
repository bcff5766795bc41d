// live-log.js: the live lab's events and workers' reports -> sentences.
// describeLive is pure: it turns one live_events message's events and
// reports into language-independent items {step, pid, kind, key, params,
// weight} (step is the event's time in ms, as the live lab's clock is);
// liveSentence renders an item in the current language, and timePrefix
// says when. A parameter that needs words is kept as a catalog reference
// ({key, params}, or a "live.*" key) and translated when it is said, so
// that the log follows a language switch.
import { t, has } from './i18n.js';
import './i18n-live.js'; // the live lab's strings, loaded with it (issue 14, part 6)
import { signalName, sentence } from './log.js';
import { ipcReportItem } from './live-ipc.js';
import { sysReportItem } from './live-sys.js';

// livePid names a live process for a sentence: "41235 (sleep)".
export function livePid(pid, name) {
  return name ? `${pid} (${name})` : String(pid);
}

const WEIGHT = { created: 7, exec: 8, state: 6, signal_sent: 8, exit: 9, reaped: 9, reparented: 8, report: 7, race: 10, socket: 9, cow: 8, signal: 8 };

// WAITS are the waits the server names (the "wait" field of a process or
// a state event: live.Wait, matched by the server exactly from the kernel's
// wait channel, never by substring).
export const WAITS = ['sleep', 'pipe_read', 'pipe_write', 'futex', 'child', 'socket', 'poll', 'epoll', 'vfork',
  'stop', 'trace', 'frozen', 'pause', 'sigwait', 'file_lock', 'disk', 'page_read', 'fifo_open', 'mqueue'];

// WCHAN_STATES are the states whose wait channel ps shows and the server
// sends (S, D, T, t: docs/protocol.md, "States").
export const WCHAN_STATES = ['sleeping', 'disk', 'stopped', 'traced'];

// psWchan is a wait channel as ps prints it: procps (library/wchan.c)
// drops the kernel function's leading dots and underscores, so that
// __iomap_dio_rw reads iomap_dio_rw, and keeps the rest (do_signal_stop).
export function psWchan(wchan) {
  return String(wchan || '').replace(/^[._]+/, '');
}

// STAT_FLAGS are the flags ps writes after the state letter that a lab
// process can have, with the catalog key that says what each means.
export const STAT_FLAGS = { L: 'live.stat.locked', l: 'live.stat.l' };

// statFlags lists the flags of a wire process's stat field (the server's
// live.Process.PSStat: the letter, then L when pages are locked in memory,
// then l when multi-threaded), in ps's order; without a stat field, l
// when it has more than one thread.
export function statFlags(p) {
  if (!p) return [];
  if (typeof p.stat === 'string' && p.stat) return [...p.stat.slice(1)].filter(c => c in STAT_FLAGS);
  return p.threads > 1 ? ['l'] : [];
}

// waitWhy is the catalog key that says in words what a wait is
// (sleep: "in sleep()"), or '' for a wait the lab has no words for.
export function waitWhy(wait) {
  return WAITS.includes(wait) ? `live.why.${wait}` : '';
}

// statusParams are the parameters of a sentence about how a process ended:
// a wait status is an exit code or a terminating signal, never both
// (WIFEXITED / WIFSIGNALED). An exit or reaped event carries the signal's
// name in "signal" (and its number in "value") when a signal killed the
// process, else the exit code in "value" (-1: unknown).
export function statusOfEvent(e) {
  if (e.signal) return { killed: true, sig: sigName(e.signal, e.value), n: e.value ?? 0 };
  const code = e.value ?? 0;
  return code < 0 ? null : { killed: false, code };
}

// describeLive turns one message's events and reports into log items. ctx
// gives name(pid) (the process's short name, or ''), parent(pid) (as it was
// before these events), labPid (the lab server's PID) and time (the
// message's t_ms, for the reports, which carry no time of their own).
export function describeLive(events, reports, ctx) {
  const name = pid => (pid === ctx.labPid ? { key: 'live.labserver', params: { pid } } : livePid(pid, ctx.name(pid)));
  const out = [];
  const used = new Set();
  const push = (step, pid, kind, key, params, weight) => out.push({ step, pid, kind, key, params, weight: weight ?? WEIGHT[kind] ?? 3 });
  const evs = Array.isArray(events) ? events : [];
  for (let i = 0; i < evs.length; i++) {
    if (used.has(i)) continue;
    const e = evs[i];
    const at = e.t_ms ?? e.step ?? ctx.time;
    const p = name(e.pid);
    switch (e.kind) {
      case 'created': {
        const lab = e.other === ctx.labPid;
        push(at, e.pid, 'created', lab ? 'live.ev.spawned' : 'live.ev.forked', { p, o: name(e.other), w: ctx.workload ? ctx.workload(e.pid) || '' : '' });
        // Its first sampled state is said with it.
        for (let j = i + 1; j < evs.length; j++) {
          const f = evs[j];
          if (f.pid === e.pid && f.kind === 'state' && (f.from || 'none') === 'none') { used.add(j); break; }
        }
        break;
      }
      case 'state': {
        if (e.to === 'dead' && evs.some(f => f.kind === 'reaped' && f.pid === e.pid)) break; // the reap says it
        const params = { p, from: e.from || 'none', to: e.to, wchan: e.wchan || '', letter: e.letter || '' };
        let key = `live.ev.state.${e.to}`;
        if (e.to === 'sleeping' || e.to === 'disk') {
          // A D says which kind of D it is where the lab knows (killable or not).
          const dk = e.to === 'disk' && e.wait ? `live.why.d.${e.wait}` : '';
          const why = dk && has(dk, 'en') ? dk : waitWhy(e.wait);
          if (why) { key += '.why'; params.why = why; } else if (!e.wchan) key += '.nowchan';
        }
        if (e.to === 'running' && e.from === 'stopped') key = 'live.ev.state.running.cont';
        if (e.to === 'running' && e.from === 'traced') key = 'live.ev.state.running.resumed';
        if (e.to === 'zombie') params.parent = name(ctx.parent(e.pid));
        if (!has(key, 'en')) key = 'live.ev.state.other';
        push(at, e.pid, 'state', key, params);
        break;
      }
      case 'exec':
        // The process replaced its program: new code, same PID.
        push(at, e.pid, 'exec', 'live.ev.exec', { p: String(e.pid), image: String(e.image || '?'), pid: e.pid });
        break;
      case 'signal_sent':
        push(at, e.pid, 'signal_sent', 'live.ev.signal_sent', { p, o: name(e.other), sig: sigName(e.signal, e.value) });
        break;
      case 'exit': {
        const ws = statusOfEvent(e);
        let key = !ws ? 'live.ev.exit.unknown' : ws.killed ? 'live.ev.exit.killed' : 'live.ev.exit';
        for (let j = i + 1; j < evs.length; j++) {
          const f = evs[j];
          if (f.kind === 'state' && f.pid === e.pid && f.to === 'zombie') { used.add(j); key += '.zombie'; break; }
        }
        push(at, e.pid, 'exit', key, { p, ...(ws || {}), parent: name(ctx.parent(e.pid)) });
        break;
      }
      case 'reaped': {
        const ws = statusOfEvent(e);
        push(at, e.pid, 'reaped', !ws ? 'live.ev.reaped.nocode' : ws.killed ? 'live.ev.reaped.killed' : 'live.ev.reaped', { p, o: name(e.other), ...(ws || {}) });
        break;
      }
      case 'reparented':
        push(at, e.pid, 'reparented', e.other === ctx.labPid ? 'live.ev.reparented.lab' : 'live.ev.reparented', { p, o: name(e.other) });
        break;
      default:
        push(at, e.pid, 'other', 'live.ev.other', { p, kind: String(e.kind) }, 1);
    }
  }
  for (const r of Array.isArray(reports) ? reports : []) {
    const it = reportItem(r, name);
    if (it) push(ctx.time, r.pid, it.kind, it.key, it.params, it.weight);
  }
  return out;
}

// newestFirst gives the live log's items (oldest first) in the order that
// renderLog (log.js) wants for a log read newest first throughout.
// renderLog shows the newest moment on top but the sentences of one moment
// in the order they happened, as the simulator's step reads; one live
// message often has several events of one millisecond (an exit, its
// child's re-parenting, the reap), and the later of them must show above
// the earlier. So each run of items of one time is handed over reversed;
// the items themselves are the same objects.
export function newestFirst(log) {
  const out = new Array(log.length);
  for (let end = log.length; end > 0;) {
    let start = end - 1;
    while (start > 0 && log[start - 1].step === log[end - 1].step) start--;
    for (let i = start; i < end; i++) out[start + end - 1 - i] = log[i];
    end = start;
  }
  return out;
}

// liveSentence says an item in the current language, without its time.
export function liveSentence(item) {
  const params = {};
  for (const [k, v] of Object.entries(item.params || {})) {
    if (v && typeof v === 'object' && typeof v.key === 'string') params[k] = t(v.key, v.params);
    else if (v && typeof v === 'object' && Array.isArray(v.messages)) params[k] = quoteMessages(v.messages, v.sizes);
    else if (typeof v === 'string' && v.startsWith('live.') && has(v, 'en')) params[k] = t(v);
    else params[k] = v;
  }
  return sentence({ ...item, params });
}

function sigName(name, value) {
  if (name) return String(name).startsWith('SIG') ? String(name) : `SIG${name}`;
  return signalName(value);
}

// quoteMessages shows the bytes of each message: “one” (3 B), “two!” (4 B).
export function quoteMessages(messages, sizes) {
  const ms = Array.isArray(messages) ? messages : [];
  return ms.map((m, i) => t('live.msg', { text: String(m), n: (sizes && sizes[i]) ?? String(m).length })).join(t('live.list.sep'));
}

// reportItem is the log item of a worker's report, or null for the reports
// the log does not repeat (fork and reaped come as events too; pipe
// throughput is drawn in its panel).
function reportItem(r, name) {
  if (!r || typeof r !== 'object') return null;
  const p = name(r.pid);
  switch (r.kind) {
    case 'race': {
      const mode = `live.mode.${r.mode}`;
      if (r.phase === 'start') return { kind: 'report', key: 'live.rep.race.start', params: { p, n: r.procs ?? 0, iters: r.iters ?? 0, mode, expected: r.expected ?? 0 } };
      // Lost updates are a problem found: the log highlights them.
      if (r.phase === 'done' && (r.lost ?? 0) > 0) return { kind: 'lost_update', weight: 12, key: 'live.rep.race.lost', params: { p, mode, expected: r.expected ?? 0, actual: r.actual ?? 0, lost: r.lost ?? 0, ms: fmtMS(r.elapsed_ms) } };
      if (r.phase === 'done') return { kind: 'report', weight: 10, key: 'live.rep.race.ok', params: { p, mode, expected: r.expected ?? 0, actual: r.actual ?? 0, lost: 0, ms: fmtMS(r.elapsed_ms) } };
      return null;
    }
    case 'socket': {
      const n = Array.isArray(r.messages) ? r.messages.length : 0;
      const key = r.side === 'sender' ? 'live.rep.socket.sent' : 'live.rep.socket.read';
      return { kind: 'report', weight: 9, key, params: { p, n, type: r.type || '?', list: { messages: r.messages || [], sizes: r.sizes || [] } } };
    }
    case 'cow':
      return { kind: 'report', weight: 8, key: r.step ? 'live.rep.cow.step' : 'live.rep.cow.fork', params: { p, step: r.step ?? 0, of: r.of ?? 0, mib: r.mib ?? 0, part: Math.round(((r.mib ?? 0) / Math.max(1, r.of ?? 1)) * 10) / 10 } };
    case 'signal':
      return { kind: 'report', weight: 8, key: r.action === 'exiting' ? 'live.rep.signal.exiting' : 'live.rep.signal.handled', params: { p, sig: sigName(r.signal, 0) } };
  }
  return ipcReportItem(r, p) || sysReportItem(r, name); // fifo, mqueue, shm, udp (live-ipc.js); the live-sys workloads (live-sys.js)
}

function fmtMS(ms) {
  const v = Number(ms) || 0;
  return v >= 100 ? String(Math.round(v)) : v.toFixed(1);
}

// seconds formats a live time (ms since the page's zero) as seconds.
export function seconds(ms) {
  return (Math.max(0, ms) / 1000).toFixed(1);
}

// timePrefix is the text before a live sentence: "12.3 s:".
export function timePrefix(step, t0) {
  return t('live.log.time', { s: seconds(step - (t0 || 0)) });
}
