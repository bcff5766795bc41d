// log.js: events -> sentences. describeEvents is pure: it turns one step's
// events into language-independent items {step, pid, key, params, weight};
// sentence() renders an item in the current language, and renderLog draws
// the list into the #log element.
import { t, has } from './i18n.js';
import { memorySentence } from './memory-log.js';
import { ipcSentence } from './ipc-model.js';
import { pipeSentence } from './ipc-pipe.js';
import { logOf } from './logstore.js';

const SIGNALS = { 1: 'SIGHUP', 2: 'SIGINT', 9: 'SIGKILL', 10: 'SIGUSR1', 11: 'SIGSEGV', 13: 'SIGPIPE', 15: 'SIGTERM', 17: 'SIGCHLD', 18: 'SIGCONT', 19: 'SIGSTOP', 20: 'SIGTSTP' };

// signalName returns the name of signal number n ("SIG?" if unknown).
export function signalName(n) {
  return SIGNALS[n] || `SIG${n}`;
}

// label names a task for a sentence: "P3 (worker)", or "P3" without a name.
// A thread of a process with several (thread true) is named by its name and
// TID, since its PID is its process's: "t2 (TID 3)".
export function label(pid, name, thread, goroutine) {
  if (thread && goroutine) return t('label.goroutine', { name: name || '?' });
  if (thread) return t('label.thread', { name: name || '?', tid: pid });
  return name ? `P${pid} (${name})` : `P${pid}`;
}

const WEIGHT = {
  exit: 9, reaped: 8, limit: 9, fork_failed: 8, reparented: 7, created: 7,
  signal_delivered: 5, signal_deferred: 6, signal_sent: 4, kill_failed: 6, wait_nochild: 6,
  state: 6, exec: 3, switch: 2, syscall: 1, vdso: 2, restart: 6,
  read: 5, write: 6, lock_acquire: 6, lock_contend: 7, lock_release: 6, spin: 6,
  sem_wait: 6, sem_post: 6, cond_wait: 6, cond_signal: 6, chan_send: 6, chan_recv: 6, waitgroup: 6,
  cs_enter: 5, cs_exit: 5, level: 5, choice_ignored: 7,
  cs_violation: 12, race: 11, lost_update: 13, deadlock: 14, assert_failed: 12, expect_failed: 12, starvation: 11,
  output: 8, panic: 13, all_asleep: 14, chan_close: 6, select: 5,
};

// PROBLEMS are the event kinds that report something wrong; the problems
// panel lists them and the log highlights them.
export const PROBLEMS = new Set(['cs_violation', 'race', 'lost_update', 'deadlock', 'assert_failed', 'expect_failed', 'starvation', 'panic', 'all_asleep']);

// WAIT_CAUSES are the causes of a change to S that wait on something a
// sentence names (a sync object, or a Go select).
const WAIT_CAUSES = ['lock', 'sem', 'cond', 'chan', 'waitgroup', 'once', 'select'];

// printed is a Go program's output text as one line of a sentence: the
// final newline dropped, inner newlines shown as ⏎.
export function printed(text) {
  return String(text ?? '').replace(/\n$/, '').replace(/\n/g, ' ⏎ ');
}

// who names a thread in the race lab's sentences: its name ("t2"), or P3.
function whoFn(ctx) {
  return pid => (pid ? (ctx.name && ctx.name(pid)) || `P${pid}` : '');
}

// describeEvents turns the events of one step into log items. ctx gives
// name(pid) -> string|undefined and parent(pid) -> pid, as they were when
// the events happened, and program(i) -> program name.
export function describeEvents(events, ctx) {
  // A job of the jobs model is named by its name alone (issue 12, part 5).
  // Names are those the step left (the context reads the view after it), so
  // each PID is named once a call, however many of its events the step has.
  const names = new Map();
  const name = pid => {
    let s = names.get(pid);
    if (s === undefined) {
      s = ctx.jobs && ctx.name(pid) ? ctx.name(pid) : label(pid, ctx.name(pid), !!(ctx.threaded && ctx.threaded(pid)), !!ctx.go);
      names.set(pid, s);
    }
    return s;
  };
  const who = whoFn(ctx);
  const vname = i => (ctx.varName ? ctx.varName(i || 0) : `#${i || 0}`);
  const oname = i => (ctx.objName ? ctx.objName(i || 0) : `#${i || 0}`);
  const okind = i => (ctx.objKind ? ctx.objKind(i || 0) : '');
  const out = [];
  const used = new Set(); // indexes merged into an earlier sentence
  const push = (e, key, params, weight) => {
    const it = { step: e.step, pid: e.pid, kind: e.kind, cause: e.cause || '', key, params, weight };
    if (PROBLEMS.has(e.kind)) it.e = e;
    out.push(it);
  };
  // mergeState marks the S change of pid that follows event i as said.
  const mergeState = (i, pid, cause) => {
    for (let j = i + 1; j < events.length; j++) {
      const f = events[j];
      if (f.kind === 'state' && f.pid === pid && f.to === 'sleeping' && f.cause === cause) { used.add(j); return true; }
    }
    return false;
  };
  for (let i = 0; i < events.length; i++) {
    if (used.has(i)) continue;
    const e = events[i];
    if (e.kind === 'mode') continue; // shown on the timeline, not in words
    const p = name(e.pid);
    const o = e.other ? name(e.other) : '';
    const w = WEIGHT[e.kind] ?? 3;
    if (ipcSentence(e, { push, name, ctx })) continue; // shared memory and sockets (ipc-model.js)
    switch (e.kind) {
      case 'mode':
        break; // shown on the timeline, not in words
      case 'created': {
        const key = e.cause === 'fork' ? 'ev.created.fork' : e.cause === 'arrival' ? (ctx.jobs ? 'ev.created.arrival.job' : 'ev.created.arrival')
          : e.cause === 'clone' ? 'ev.created.clone' : e.cause === 'go' ? 'ev.created.go' : 'ev.created.init';
        const tgid = e.cause === 'go' && ctx.tgid ? ctx.tgid(e.pid) : e.other || 0;
        push(e, key, { p: e.cause === 'go' ? who(e.pid) : p, o, tid: e.pid, tgid }, w);
        // The exec and the none -> runnable change of a new task say nothing more.
        for (let j = i + 1; j < events.length; j++) {
          const f = events[j];
          if (f.pid !== e.pid) continue;
          if (f.kind === 'exec' || (f.kind === 'state' && f.from === 'none' && f.to === 'runnable')) used.add(j);
          if (f.kind === 'state' && f.from === 'none') break;
        }
        break;
      }
      case 'exec':
        push(e, 'ev.exec', { p, prog: ctx.program(e.value) ?? `#${e.value}` }, w);
        break;
      case 'state': {
        // A reaped event of the same task says Z -> X better.
        if (e.to === 'dead' && events.some(f => f.kind === 'reaped' && f.pid === e.pid)) break;
        const params = { p, cpu: e.cpu ?? '', from: e.from, to: e.to, cause: e.cause || '' };
        // The kernel function it now waits in, as /proc/PID/wchan names it.
        const wchan = ctx.wchan ? ctx.wchan(e.to, e.cause || '') : '';
        if (wchan) params.kwchan = wchan;
        if (wchan && ctx.go) params.kgo = 1; // a parked goroutine: its thread sleeps there (sentence)
        if (e.to === 'sleeping' && WAIT_CAUSES.includes(e.cause)) {
          Object.assign(params, { p: who(e.pid), o: who(e.other), obj: oname(e.obj), kind: kindWord(okind(e.obj)) });
          const since = ctx.heldSince ? ctx.heldSince(e.obj || 0) : undefined;
          let key = `ev.state.${e.cause}`;
          if (e.cause === 'lock' && e.other && since !== undefined) { key = 'ev.state.lock.since'; params.since = since; }
          else if (e.cause === 'lock' && !e.other) key = 'ev.state.lock.nobody';
          push(e, key, params, 7);
          break;
        }
        let key = `ev.state.${e.cause}`;
        if (e.cause === 'io_done' && e.from === 'disk') key = 'ev.state.io_done.disk';
        // wait() with no child left fails at once (ECHILD): init sleeps on.
        if (e.cause === 'wait_child' && ctx.hasChildren && !ctx.hasChildren(e.pid)) { key = 'ev.state.wait_child.none'; delete params.kwchan; }
        if (e.to === 'zombie') { key = 'ev.state.zombie'; params.parent = label(ctx.parent(e.pid)); }
        if (e.to === 'dead') key = 'ev.state.dead';
        if (!e.cause || !has(key, 'en')) key = 'ev.state.other';
        push(e, key, params, e.cause === 'dispatch' ? 4 : w);
        break;
      }
      case 'switch': {
        const params = { p, o, cpu: e.cpu ?? 0 };
        const key = !e.pid ? 'ev.switch.toidle' : !e.other ? 'ev.switch.fromidle' : e.voluntary ? 'ev.switch.vol' : 'ev.switch.invol';
        push(e, key, params, w);
        // arg: the switching ticks charged for another address space (switch_cost C mm=M).
        if (e.arg > 0) push(e, 'ev.switch.refill', { p, cpu: e.cpu ?? 0, n: e.arg }, w);
        break;
      }
      case 'syscall': {
        // A named call (the syscall statement) says what it does too.
        const sys = e.syscall || String(e.value);
        if (has(`sys.what.${sys}`, 'en')) push(e, 'ev.syscall.what', { p, sys, what: `sys.what.${sys}` }, w);
        else push(e, 'ev.syscall', { p, sys }, w);
        break;
      }
      case 'vdso':
        push(e, 'ev.vdso', { p, sys: e.syscall || String(e.value), what: `sys.what.${e.syscall}` }, w);
        break;
      case 'restart':
        push(e, 'ev.restart', { p, sys: e.syscall || String(e.value), sig: e.signal || signalName(e.arg) }, w);
        break;
      case 'signal_sent': {
        // Other 0: the kernel sent it (SIGCHLD about child arg, or job control's SIGHUP/SIGCONT).
        const key = e.other ? 'ev.signal_sent' : e.arg ? 'ev.signal_sent.kernel.about' : 'ev.signal_sent.kernel';
        push(e, key, { p, o, c: e.arg ? name(e.arg) : '', sig: e.signal || signalName(e.value) }, w);
        break;
      }
      case 'signal_delivered': {
        let key = `ev.signal_delivered.${e.cause}`;
        if (!has(key, 'en')) key = 'ev.signal_delivered.other';
        // A Go program runs no Go code in a signal handler: the runtime's
        // handler queues the signal for signal.Notify's channel.
        if (ctx.go && key === 'ev.signal_delivered.handled') key += '.go';
        push(e, key, { p, sig: e.signal || signalName(e.value) }, w);
        break;
      }
      case 'signal_deferred':
        push(e, e.cause === 'ptrace' ? 'ev.signal_deferred.traced' : 'ev.signal_deferred', { p, sig: e.signal || signalName(e.value) }, w);
        break;
      case 'exit': {
        // A killed task has a wait status "killed by signal n" and no exit
        // code: the event names the signal (docs/scenario.md, "Exit").
        const code = e.value ?? 0;
        const killed = !!e.signal;
        let key = killed ? 'ev.exit.killed' : 'ev.exit';
        // Merge the state change that follows (-> Z, or -> X when auto-reaped).
        for (let j = i + 1; j < events.length; j++) {
          const f = events[j];
          if (f.kind === 'state' && f.pid === e.pid && (f.to === 'zombie' || f.to === 'dead')) {
            used.add(j);
            key += threadExitKey(f, events, ctx) || (f.to === 'zombie' ? '.zombie' : f.cause === 'autoreap' ? '.autoreap' : '.gone');
            break;
          }
        }
        // Auto-reaped by PID 1: only the jobs model's init does that (it is
        // modelled as ignoring SIGCHLD so that jobs vanish as they end); a
        // real init reaps with wait(). The sentence says which.
        if (key.endsWith('.autoreap') && ctx.parent(e.pid) === 1) key += '.init';
        if (!has(key, 'en')) key = killed ? 'ev.exit.killed' : 'ev.exit';
        if (ctx.go && key === 'ev.exit.thread') key = 'ev.exit.goroutine'; // no pthread_exit, no TID
        const tgid = ctx.tgid ? ctx.tgid(e.pid) : e.pid;
        push(e, key, { p, code, sig: e.signal || '', parent: label(ctx.parent(e.pid)), proc: `P${tgid}` }, w);
        break;
      }
      case 'reaped': {
        const self = !e.other || e.other === e.pid;
        const key = (self ? 'ev.reaped.self' : 'ev.reaped') + (e.signal ? '.killed' : '');
        push(e, key, { p, o, code: e.value ?? 0, sig: e.signal || '' }, w);
        break;
      }
      case 'wait_report':
        push(e, `ev.wait_report.${['sigcont', 'ptrace'].includes(e.cause) ? e.cause : 'sigstop'}`, { p, o, sig: e.signal || signalName(e.value) }, w);
        break;
      case 'group':
        push(e, 'ev.group', { p, pgid: e.value ?? 0, sid: e.arg ?? 0 }, w);
        break;
      case 'call_failed': {
        // EINTR: a handled signal cut a blocking call short (no_restart: SA_RESTART did not help).
        const key = e.arg === 4 ? (e.cause === 'no_restart' ? 'ev.call_failed.eintr.no_restart' : 'ev.call_failed.eintr') : 'ev.call_failed';
        push(e, key, { p, sys: e.syscall || '', errno: ERRNO[e.arg] || `errno ${e.arg}` }, w);
        break;
      }
      case 'trace':
        push(e, e.value ? 'ev.trace.on' : 'ev.trace.off', { p, o }, w);
        break;
      case 'reparented':
        push(e, 'ev.reparented', { p, o: o || 'P1' }, w);
        break;
      case 'fork_failed':
        push(e, e.cause === 'no_pid' || e.cause === 'task_table' ? `ev.fork_failed.${e.cause}` : 'ev.fork_failed.task_limit', { p, value: e.value ?? '' }, w);
        break;
      case 'limit':
        push(e, 'ev.limit', { value: e.value ?? '' }, w);
        break;
      case 'wait_nochild':
        push(e, 'ev.wait_nochild', { p }, w);
        break;
      case 'kill_failed':
        push(e, 'ev.kill_failed', { p, sig: e.signal || signalName(e.value) }, w);
        break;
      case 'output': {
        // The runtime's own message (a panic, all goroutines asleep) is
        // said by the event that explains it.
        if (e.stderr && events.some(f => (f.kind === 'panic' || f.kind === 'all_asleep') && (f.value ?? 0) === (e.value ?? 0))) break;
        const text = printed(e.text);
        push(e, !text.trim() ? 'ev.output.empty' : e.stderr ? 'ev.output.stderr' : 'ev.output', { p: who(e.pid), text }, w);
        break;
      }
      case 'chan_close':
        push(e, 'ev.chan_close', { p: who(e.pid), obj: oname(e.obj) }, w);
        break;
      case 'select': {
        const v = e.value ?? 0;
        if (e.arg) mergeState(i, e.pid, 'select');
        push(e, e.arg ? 'ev.select.block' : v < 0 ? 'ev.select.default' : 'ev.select.case', { p: who(e.pid), n: v + 1 }, w);
        break;
      }
      default:
        if (!raceSentence(e, i, { push, who, vname, oname, okind, mergeState, ctx, w, events, used }) && !memorySentence(e, push, name) && !pipeSentence(e, { push, name, ctx, w })) {
          push(e, 'ev.other', { p, kind: String(e.kind) }, 1);
        }
    }
  }
  return out;
}

// ERRNO names the errno values the engine reports (EvCallFailed).
const ERRNO = { 1: 'EPERM', 3: 'ESRCH', 4: 'EINTR', 10: 'ECHILD' };

// threadExitKey is the suffix of an exit sentence whose state change f
// ends one thread of a process (docs/scenario.md, "Threads live inside a
// process"), or '' for any other exit: '.thread' (gone at once, the process
// goes on), '.thread.last' (its process exits with it), '.leader' (the main
// thread stays a zombie), '.group' (exit_group or a fatal signal ended it),
// '.exit_group' (it called exit: every thread of its process ends).
function threadExitKey(f, events, ctx) {
  if (f.cause === 'group_exit') return '.group';
  if (f.cause === 'exit' && f.to === 'dead' && ctx.threaded && ctx.threaded(f.pid)) return '.exit_group';
  if (f.cause !== 'thread_exit') return '';
  if (f.to === 'zombie') return '.leader';
  const tgid = ctx.tgid ? ctx.tgid(f.pid) : f.pid;
  const last = events.some(g => g.kind === 'signal_sent' && g.value === 17 && (g.arg === tgid || g.other === tgid));
  return last ? '.thread.last' : '.thread';
}

// kindWord is the catalog key of a sync object's kind ("mutex", ...).
function kindWord(kind) {
  return kind ? `kind.${kind}` : 'kind.object';
}

// raceSentence describes the race lab's events (shared variables, sync
// objects, critical sections and the problems found); false if e is not one.
function raceSentence(e, i, h) {
  const { push, who, vname, oname, okind, mergeState, ctx, w } = h;
  const p = who(e.pid), o = who(e.other);
  const obj = oname(e.obj), kind = kindWord(okind(e.obj));
  switch (e.kind) {
    case 'read':
      push(e, 'ev.read', { p, v: vname(e.obj), value: e.value ?? 0 }, w);
      return true;
    case 'write':
      push(e, 'ev.write', { p, v: vname(e.obj), value: e.value ?? 0, old: e.arg ?? 0 }, w);
      return true;
    case 'lock_acquire':
      push(e, e.value ? (e.value === 1 ? 'ev.lock_acquire.waited.one' : 'ev.lock_acquire.waited') : 'ev.lock_acquire', { p, obj, kind, n: e.value ?? 0 }, w);
      return true;
    case 'lock_contend': {
      const since = ctx.heldSince ? ctx.heldSince(e.obj || 0) : undefined;
      const blocks = mergeState(i, e.pid, 'lock');
      let key = blocks ? 'ev.lock_contend.block' : 'ev.lock_contend';
      if (since !== undefined && e.other) key += '.since';
      push(e, key, { p, o, obj, kind, since: since ?? '' }, w);
      return true;
    }
    case 'lock_release':
      push(e, e.other ? 'ev.lock_release.handoff' : 'ev.lock_release', { p, o, obj, kind }, w);
      return true;
    case 'spin':
      push(e, 'ev.spin', { p, o, obj, kind }, w);
      return true;
    case 'sem_wait': {
      if (e.value) { push(e, 'ev.sem_wait.pass', { p, obj, n: e.arg ?? 0 }, w); return true; }
      mergeState(i, e.pid, 'sem');
      push(e, 'ev.sem_wait.block', { p, obj, n: e.arg ?? 0 }, w);
      return true;
    }
    case 'sem_post':
      push(e, e.other ? 'ev.sem_post.wake' : 'ev.sem_post', { p, o, obj, n: e.arg ?? 0 }, w);
      return true;
    case 'cond_wait':
      mergeState(i, e.pid, 'cond');
      push(e, 'ev.cond_wait', { p, obj, m: oname(e.arg) }, w);
      return true;
    case 'cond_signal': {
      const key = !e.other ? 'ev.cond_signal.none' : e.value ? 'ev.cond_signal.broadcast' : 'ev.cond_signal';
      push(e, key, { p, o, obj }, w);
      return true;
    }
    case 'chan_send':
      push(e, e.other ? 'ev.chan_send.handoff' : 'ev.chan_send', { p, o, obj, value: e.value ?? 0 }, w);
      return true;
    case 'chan_recv':
      push(e, e.other ? 'ev.chan_recv.from' : 'ev.chan_recv', { p, o, obj, value: e.value ?? 0 }, w);
      return true;
    case 'waitgroup':
      push(e, 'ev.waitgroup', { p, obj, by: (e.arg ?? 0) >= 0 ? `+${e.arg ?? 0}` : String(e.arg), value: e.value ?? 0 }, w);
      return true;
    case 'cs_enter':
      push(e, 'ev.cs_enter', { p }, w);
      return true;
    case 'cs_exit':
      push(e, 'ev.cs_exit', { p }, w);
      return true;
    case 'level':
      push(e, e.cause === 'boost' ? 'ev.level.boost' : 'ev.level.demote', { p: ctx.jobs && ctx.name(e.pid) ? ctx.name(e.pid) : label(e.pid, ctx.name(e.pid)), value: e.value ?? 0 }, w);
      return true;
    case 'choice_ignored':
      push(e, 'ev.choice_ignored', { n: (e.value ?? 0) + 1, o: e.other ? label(e.other, ctx.name(e.other)) : '?' }, w);
      return true;
  }
  const pp = problemParams(e, ctx);
  if (!pp) return false;
  push(e, pp.key, pp.params, w);
  return true;
}

// problemParams is the catalog key and parameters of a problem event
// (a PROBLEMS kind), or null. The problems panel says the same sentences.
export function problemParams(e, ctx) {
  const who = whoFn(ctx);
  const vname = i => (ctx.varName ? ctx.varName(i || 0) : `#${i || 0}`);
  const oname = i => (ctx.objName ? ctx.objName(i || 0) : `#${i || 0}`);
  const p = who(e.pid), o = who(e.other);
  switch (e.kind) {
    case 'cs_violation':
      return { key: 'ev.cs_violation', params: { p, o } };
    case 'race': {
      const arg = e.arg ?? 0;
      return { key: 'ev.race', params: {
        v: vname(e.obj), p, o, step: e.step, ostep: e.value ?? 0,
        acc: `acc.${arg & 1 ? 'write' : 'read'}`, oacc: `acc.${arg & 2 ? 'write' : 'read'}`,
      } };
    }
    case 'lost_update':
      return { key: 'ev.lost_update', params: { p, o, v: vname(e.obj), step: e.step, ostep: e.value ?? 0, rstep: e.arg ?? 0 } };
    case 'deadlock': {
      const params = { p, o, obj: oname(e.obj), n: e.arg ?? 0 };
      return { key: !e.arg ? (e.other ? 'ev.deadlock.forever' : 'ev.deadlock.forever.nobody') : 'ev.deadlock', params };
    }
    case 'assert_failed': {
      const text = ctx.lineText ? ctx.lineText(e.value ?? 0) : '';
      return { key: text ? 'ev.assert_failed.text' : 'ev.assert_failed', params: { p, line: e.value ?? 0, text } };
    }
    case 'expect_failed': {
      const text = ctx.expect ? ctx.expect(e.arg ?? 0) : '';
      return { key: 'ev.expect_failed', params: { n: (e.arg ?? 0) + 1, text: text || '?', v: vname(e.obj), value: e.value ?? 0 } };
    }
    case 'starvation':
      return { key: 'ev.starvation', params: { p, n: e.value ?? 0 } };
    case 'panic':
      // Go prints "panic: MESSAGE"; the sentence says "panics" already.
      // Its first line: the goroutine traces after it are in the output pane.
      return { key: e.arg ? 'ev.panic.fatal' : 'ev.panic', params: { p, text: String(e.text ?? '').split('\n')[0].replace(/^panic: /, '') || '?' } };
    case 'all_asleep':
      return { key: 'ev.all_asleep', params: { p, tgid: ctx.tgid ? ctx.tgid(e.pid) : e.pid } };
  }
  return null;
}

// sentence renders an item in the current language, without the step prefix.
export function sentence(item) {
  const params = { ...item.params };
  const tr = (prefix, v) => (has(`${prefix}.${v}`, 'en') ? t(`${prefix}.${v}`) : v);
  if (params.from) params.from = tr('state', params.from);
  if (params.to) params.to = tr('state', params.to);
  if (params.cause) params.cause = tr('cause', params.cause);
  // Catalog words (an object's kind, read/write) are translated too.
  for (const k of ['kind', 'acc', 'oacc', 'region', 'what']) if (typeof params[k] === 'string' && has(params[k], 'en')) params[k] = t(params[k]);
  const said = t(item.key, params);
  // A sentence that names the wait channel itself (a pipe's "(anon_pipe_write)")
  // is not told it again.
  if (params.kwchan && !said.includes(params.kwchan)) return said + t(params.kgo ? 'ev.wchan.go' : 'ev.wchan', { w: params.kwchan });
  return said;
}

// fullSentence is the sentence with its step, as the log and narration say it.
export function fullSentence(item) {
  const prefix = t('log.step', { n: item.step });
  return prefix + sep(prefix) + sentence(item);
}

// sep is the space after the step prefix; a full-width colon needs none.
function sep(prefix) {
  return prefix.endsWith('：') ? '' : ' ';
}

// mostImportant picks the item of the given step that matters most.
export function mostImportant(items, step) {
  let best = null;
  for (const it of items) {
    if (it.step !== step) continue;
    if (!best || it.weight > best.weight) best = it;
  }
  return best;
}

// displayOrder lists the indexes of items (oldest first; an array or a
// LogStore: logstore.js logOf) in the order the log shows them: the newest
// step on top, the sentences of a step in the order they happened.
// first[k] is true for the first sentence of a step.
export function displayOrder(list) {
  const items = logOf(list);
  const order = new Array(items.length);
  const first = new Array(items.length);
  let k = 0;
  for (let end = items.length; end > 0;) {
    let start = end - 1;
    const step = items.step(end - 1);
    while (start > 0 && items.step(start - 1) === step) start--;
    for (let i = start; i < end; i++) { order[k] = i; first[k] = i === start; k++; }
    end = start;
  }
  return { order, first };
}

// logWindow is the range [lo, hi) of n rows about rowH px tall that a list
// scrolled to scrollTop over viewH px shows, with `before` rows more above
// and `after` below.
export function logWindow(n, rowH, scrollTop, viewH, before = 10, after = 30) {
  if (n <= 0) return [0, 0];
  const h = Math.max(1, rowH);
  const lo = Math.max(0, Math.min(n - 1, Math.floor(scrollTop / h) - before));
  const hi = Math.min(n, Math.ceil((scrollTop + Math.max(viewH, h)) / h) + after);
  return [lo, Math.max(lo + 1, hi)];
}

const logs = new WeakMap(); // a log's element -> its state (renderLog)
const ROW_H = 34; // a row's height before one is measured, px

// renderLog draws the items (oldest first: an array or a LogStore,
// logstore.js) into el: the newest
// step on top, the sentences of a step in order, one <li data-step> each.
// colorOf(pid) gives a task's colour. The live lab's log passes opts:
// prefix(item), the text before each sentence (the time, not the step),
// sentence(item), how to say it, and empty, the catalog key said when there
// is nothing.
//
// The list is virtual (issue 14, part 2): only the rows in sight of its
// scroll, and some more above and below, are in the DOM, between two
// spacers (li.log-spacer) as tall as the rows left out; its scroll draws
// the rows that come into sight. A row stays the same element while its
// item is shown, so a render while playing makes only the new rows.
export function renderLog(el, items, colorOf, currentStep, opts = {}) {
  let st = logs.get(el);
  if (!st) {
    const doc = el.ownerDocument;
    // scrollTop and viewH are kept as they change (a scroll event, a
    // ResizeObserver's report: both come with the page laid out), and so is
    // the rows' height (each new row is observed once): a render reads no
    // layout after other panels have written theirs.
    st = { rows: new Map(), list: [], free: [], rowH: ROW_H, args: null, frame: 0, lang: '', scrollTop: 0, viewH: -1, ro: null };
    st.top = doc.createElement('li');
    st.bottom = doc.createElement('li');
    for (const sp of [st.top, st.bottom]) { sp.className = 'log-spacer'; sp.setAttribute('aria-hidden', 'true'); }
    logs.set(el, st);
    const win = el.ownerDocument.defaultView;
    if (win && win.ResizeObserver) {
      st.ro = new win.ResizeObserver(entries => {
        let sum = 0, n = 0;
        for (const e of entries) {
          if (e.target === el) { st.viewH = el.clientHeight; continue; }
          const h = e.borderBoxSize && e.borderBoxSize[0] ? e.borderBoxSize[0].blockSize : e.contentRect.height;
          if (h > 4) { sum += h; n++; }
          st.ro.unobserve(e.target);
        }
        if (n) st.rowH = st.rowH * 0.5 + (sum / n) * 0.5;
      });
      st.ro.observe(el);
    }
    el.addEventListener('scroll', () => {
      st.scrollTop = el.scrollTop;
      if (st.frame) return;
      const raf = el.ownerDocument.defaultView.requestAnimationFrame;
      st.frame = raf(() => { st.frame = 0; if (st.args) draw(el, st, ...st.args); });
    }, { passive: true });
  }
  st.args = [items, colorOf, currentStep, opts];
  draw(el, st, items, colorOf, currentStep, opts);
}

function draw(el, st, list, colorOf, currentStep, opts) {
  const doc = el.ownerDocument;
  const items = logOf(list);
  if (!items.length) {
    st.rows.clear();
    st.list = [];
    st.free.length = 0;
    const li = doc.createElement('li');
    li.className = 'empty';
    li.textContent = t(opts.empty || 'log.empty');
    el.replaceChildren(li);
    return;
  }
  if (st.viewH < 0) { st.viewH = el.clientHeight; st.scrollTop = el.scrollTop; } // once: then kept
  const { order, first } = displayOrder(items);
  // (A screen's worth of rows below those in sight: a scroll draws in its
  // next frame, and while playing every row in the window is written again.)
  const [lo, hi] = logWindow(order.length, st.rowH, st.scrollTop, st.viewH, 10, 15);
  // Rows are the same element while they show the same item in the same
  // language; their marks (now, first) follow the render.
  // A row gone out of the window is written again with a new item's
  // sentence (logRow) rather than a row made: the one that was at the
  // same place in the window when there is one (it does not move then),
  // else another (st.free keeps a few spare). While playing at speed every
  // row of the window shows a new sentence at every frame: making its four
  // elements again, observing its height and moving it cost more than
  // writing its three texts in place.
  const lang = t('log.step', { n: 0 });
  if (lang !== st.lang) {
    st.lang = lang;
    st.free.push(...st.rows.values());
    st.rows.clear();
    st.list = [];
  }
  const keep = new Map();
  const rows = new Array(hi - lo);
  const fresh = []; // the window's places of the new items
  for (let k = lo; k < hi; k++) {
    // A row is kept by its item's key (the item itself in an array; a
    // store builds its items when asked, so only for the rows made).
    const key = items.key(order[k]);
    const r = st.rows.get(key);
    if (r) { st.rows.delete(key); rows[k - lo] = r; keep.set(key, r); } else fresh.push(k);
  }
  const freed = new Set(st.rows.values()); // the rows gone out of the window
  for (const k of fresh) {
    const r = st.list[k - lo];
    if (r && freed.has(r)) { freed.delete(r); rows[k - lo] = r; }
  }
  st.free.push(...freed);
  for (const k of fresh) {
    let r = rows[k - lo];
    if (!r) {
      r = st.free.pop();
      if (!r) {
        r = newRow(doc);
        if (st.ro) st.ro.observe(r.li); // its height, once laid out
      }
      rows[k - lo] = r;
    }
    logRow(r, items.item(order[k]), colorOf, opts);
    keep.set(items.key(order[k]), r);
  }
  if (st.free.length > FREE_ROWS) st.free.length = FREE_ROWS;
  st.list = rows;
  const lis = new Array(hi - lo);
  for (let k = lo; k < hi; k++) {
    const r = rows[k - lo];
    r.li.classList.toggle('now', items.step(order[k]) === currentStep);
    r.li.classList.toggle('first', first[k]);
    lis[k - lo] = r.li;
  }
  st.rows = keep;
  st.top.style.height = `${Math.round(lo * st.rowH)}px`;
  st.bottom.style.height = `${Math.round((order.length - hi) * st.rowH)}px`;
  // Only what changed moves: the rows in place stay where they are.
  const want = [st.top, ...lis, st.bottom];
  let cur = el.firstChild;
  for (const node of want) {
    if (cur === node) { cur = cur.nextSibling; continue; }
    el.insertBefore(node, cur);
  }
  while (cur) { const next = cur.nextSibling; cur.remove(); cur = next; }
}

// FREE_ROWS: how many rows gone out of the window are kept to be written
// again (about the rows a window holds).
const FREE_ROWS = 64;

// newRow makes an empty row: {li, step, dot, text} (logRow fills it).
function newRow(doc) {
  const li = doc.createElement('li');
  const step = doc.createElement('span');
  step.className = 'log-step';
  const dot = doc.createElement('span');
  dot.className = 'log-dot';
  dot.setAttribute('aria-hidden', 'true');
  const text = doc.createElement('span');
  text.className = 'log-text';
  li.append(step, dot, text);
  return { li, step, dot, text };
}

// logRow writes one sentence into row r (newRow): its step (or time), the
// task's colour and the sentence.
function logRow(r, it, colorOf, opts) {
  const li = r.li;
  li.dataset.step = String(it.step);
  li.dataset.kind = it.kind;
  li.classList.toggle('prob', PROBLEMS.has(it.kind));
  const prefix = opts.prefix ? opts.prefix(it) : t('log.step', { n: it.step });
  setText(r.step, prefix);
  r.dot.style.background = it.pid ? colorOf(it.pid) : 'transparent';
  setText(r.text, sep(prefix) + (opts.sentence || sentence)(it));
}

// setText writes text into e, whose only child is a text node once written.
function setText(e, text) {
  if (e.firstChild && e.firstChild === e.lastChild && e.firstChild.nodeType === 3) e.firstChild.data = text;
  else e.textContent = text;
}
