// log.js: events -> sentences. describeEvents is pure: it turns one step's
// events into language-independent items {step, pid, key, params, weight};
// sentence() renders an item in the current language, and renderLog draws
// the list into the #log element.
import { t, has } from './i18n.js';

const SIGNALS = { 1: 'SIGHUP', 2: 'SIGINT', 9: 'SIGKILL', 10: 'SIGUSR1', 15: 'SIGTERM', 17: 'SIGCHLD', 18: 'SIGCONT', 19: 'SIGSTOP' };

// signalName returns the name of signal number n ("SIG?" if unknown).
export function signalName(n) {
  return SIGNALS[n] || `SIG${n}`;
}

// label names a task for a sentence: "P3 (worker)", or "P3" without a name.
export function label(pid, name) {
  return name ? `P${pid} (${name})` : `P${pid}`;
}

const WEIGHT = {
  exit: 9, reaped: 8, limit: 9, fork_failed: 8, reparented: 7, created: 7,
  signal_delivered: 5, signal_deferred: 6, signal_sent: 4, kill_failed: 6, wait_nochild: 6,
  state: 6, exec: 3, switch: 2, syscall: 1,
};

// describeEvents turns the events of one step into log items. ctx gives
// name(pid) -> string|undefined and parent(pid) -> pid, as they were when
// the events happened, and program(i) -> program name.
export function describeEvents(events, ctx) {
  const name = pid => label(pid, ctx.name(pid));
  const out = [];
  const used = new Set(); // indexes merged into an earlier sentence
  const push = (e, key, params, weight) => out.push({ step: e.step, pid: e.pid, kind: e.kind, key, params, weight });
  for (let i = 0; i < events.length; i++) {
    if (used.has(i)) continue;
    const e = events[i];
    const p = name(e.pid);
    const o = e.other ? name(e.other) : '';
    const w = WEIGHT[e.kind] ?? 3;
    switch (e.kind) {
      case 'mode':
        break; // shown on the timeline, not in words
      case 'created': {
        const key = e.cause === 'fork' ? 'ev.created.fork' : e.cause === 'arrival' ? 'ev.created.arrival' : 'ev.created.init';
        push(e, key, { p, o }, w);
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
        let key = `ev.state.${e.cause}`;
        if (e.cause === 'io_done' && e.from === 'disk') key = 'ev.state.io_done.disk';
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
        break;
      }
      case 'syscall':
        push(e, 'ev.syscall', { p, sys: e.syscall || String(e.value) }, w);
        break;
      case 'signal_sent':
        push(e, e.other ? 'ev.signal_sent' : 'ev.signal_sent.kernel', { p, o, sig: e.signal || signalName(e.value) }, w);
        break;
      case 'signal_delivered': {
        let key = `ev.signal_delivered.${e.cause}`;
        if (!has(key, 'en')) key = 'ev.signal_delivered.other';
        push(e, key, { p, sig: e.signal || signalName(e.value) }, w);
        break;
      }
      case 'signal_deferred':
        push(e, 'ev.signal_deferred', { p, sig: e.signal || signalName(e.value) }, w);
        break;
      case 'exit': {
        const code = e.value ?? 0;
        const killed = code > 128 && code < 160;
        let key = killed ? 'ev.exit.killed' : 'ev.exit';
        // Merge the state change that follows (-> Z, or -> X when auto-reaped).
        for (let j = i + 1; j < events.length; j++) {
          const f = events[j];
          if (f.kind === 'state' && f.pid === e.pid && (f.to === 'zombie' || f.to === 'dead')) {
            used.add(j);
            key += f.to === 'zombie' ? '.zombie' : '.autoreap';
            break;
          }
        }
        push(e, key, { p, code, sig: signalName(code - 128), parent: label(ctx.parent(e.pid)) }, w);
        break;
      }
      case 'reaped': {
        const self = !e.other || e.other === e.pid;
        push(e, self ? 'ev.reaped.self' : 'ev.reaped', { p, o, code: e.value ?? 0 }, w);
        break;
      }
      case 'reparented':
        push(e, 'ev.reparented', { p, o: o || 'P1' }, w);
        break;
      case 'fork_failed':
        push(e, e.cause === 'no_pid' ? 'ev.fork_failed.no_pid' : 'ev.fork_failed.task_limit', { p, value: e.value ?? '' }, w);
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
      default:
        push(e, 'ev.other', { p, kind: String(e.kind) }, 1);
    }
  }
  return out;
}

// sentence renders an item in the current language, without the step prefix.
export function sentence(item) {
  const params = { ...item.params };
  const tr = (prefix, v) => (has(`${prefix}.${v}`, 'en') ? t(`${prefix}.${v}`) : v);
  if (params.from) params.from = tr('state', params.from);
  if (params.to) params.to = tr('state', params.to);
  if (params.cause) params.cause = tr('cause', params.cause);
  return t(item.key, params);
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

// renderLog draws the items (oldest first in the array) into el: the newest
// step on top, the sentences of a step in order, one <li data-step> each.
// colorOf(pid) gives a task's colour.
export function renderLog(el, items, colorOf, currentStep) {
  const doc = el.ownerDocument;
  const frag = doc.createDocumentFragment();
  const max = 400; // the DOM keeps the newest sentences only
  const start = Math.max(0, items.length - max);
  // Newest step on top; the sentences of one step in the order they happened.
  const groups = [];
  for (let i = start; i < items.length; i++) {
    const it = items[i];
    const g = groups[groups.length - 1];
    if (g && g.step === it.step) g.items.push(it); else groups.push({ step: it.step, items: [it] });
  }
  for (let gi = groups.length - 1; gi >= 0; gi--) {
    groups[gi].items.forEach((it, j) => {
      const li = doc.createElement('li');
      li.dataset.step = String(it.step);
      li.dataset.kind = it.kind;
      if (it.step === currentStep) li.classList.add('now');
      if (j === 0) li.classList.add('first');
      const st = doc.createElement('span');
      st.className = 'log-step';
      const prefix = t('log.step', { n: it.step });
      st.textContent = prefix;
      const sw = doc.createElement('span');
      sw.className = 'log-dot';
      sw.style.background = it.pid ? colorOf(it.pid) : 'transparent';
      sw.setAttribute('aria-hidden', 'true');
      const tx = doc.createElement('span');
      tx.className = 'log-text';
      tx.textContent = sep(prefix) + sentence(it);
      li.append(st, sw, tx);
      frag.append(li);
    });
  }
  if (!items.length) {
    const li = doc.createElement('li');
    li.className = 'empty';
    li.textContent = t('log.empty');
    frag.append(li);
  }
  el.replaceChildren(frag);
}
