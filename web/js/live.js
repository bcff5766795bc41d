// live.js: the live lab's view (the "Live" tab): real Linux processes, from
// the server's whitelist, drawn on the same state diagram, timeline, process
// tree and event log as the simulator, with small panels for the IPC, race
// and copy-on-write demos, and the live lessons, each shown side by side
// with its simulated twin. The state is a fold of /ws/live (live-model.js);
// this module owns the DOM and the connection.
//
// Hooks for browser tests:
//   - #tab-live opens it; body has the class "view-live" and data-view
//     "live"; body.dataset.live is "checking", "connecting", "ready", "off"
//     (the lab cannot run here: #live-off says why), "forbidden" (not this
//     machine and no teacher key: #live-off shows #live-token-form) or
//     "offline";
//   - the teacher key: #live-token-form (when forbidden) or #live-teacher
//     (a form with #live-teacher-key, when connected) POST it to
//     /api/live/teacher, which sets an HttpOnly cookie; the key is never
//     kept by the page nor put in a URL. body.dataset.liveTeacher is "1"
//     while the page holds it; #live-teacher-leave gives it up;
//   - spawn: <select id="live-workload">, one <input data-arg="NAME"> per
//     argument in #live-args, #live-spawn;
//   - the diagram #live-diagram: tokens [data-pid][data-state] inside
//     [data-node] groups, as in #diagram; an X drawn from a reap has
//     data-drawn="1"; #live-narration says the latest main sentence;
//   - #live-procs: the process tree, one <tr data-pid> per process (a click
//     selects it; a zombie's row has a button [data-act="reap"]);
//   - #live-actions (data-pid: the selected process): buttons
//     [data-act="signal"][data-signal="STOP"] (CONT, TERM, KILL, INT, USR1,
//     HUP), [data-act="reap"], [data-act="trace"], [data-act="resume"],
//     disabled (and #live-actions has data-mine="0") for a process another
//     page started, unless this page holds the teacher key; #live-killall
//     ends every process this page started (the teacher's: every process);
//   - #live-timeline (seconds), #live-log (one <li> per sentence, newest
//     first), #live-error (a refused command);
//   - demos: #live-demo-pipe, #live-demo-socket, #live-demo-race,
//     #live-demo-cow, #live-demo-signals, and live-ipc.js's panels
//     (hidden until they have data);
//   - lessons: #live-lessons holds one <button data-live-lesson="ID"> each;
//     an open lesson shows #live-lesson (steps in #live-steps, each with a
//     button [data-do]), body has the class "live-twin" and
//     data-live-lesson, and the simulated twin's process view (#lab, with
//     #diagram) sits in #live-twin; #live-lesson-close ends it. The address
//     is #live, or #live/ID with a lesson open;
//   - the Go source of the workload chosen in #live-workload: #live-source
//     (a card under the diagram; data-workload, data-open "1" or "0",
//     data-state "loading", "ready" or "error"), #live-source-toggle opens
//     and closes it, #live-source-open (in the spawn card) opens it and
//     scrolls to it, <select id="live-source-workload"> chooses the
//     workload too (with #live-workload; it works while the lab is off);
//     inside, #live-source-notes (one [data-note] each),
//     #live-source-files (buttons [data-file]), #live-source-fns (buttons
//     [data-fn][data-role]: a click scrolls the code to that function) and
//     #live-source-code (data-file: the path shown; one .src-line
//     [data-line] per line, with [data-fn][data-role] inside a function;
//     the calls the notes speak of in <mark>).
import { t, pick, getLang, has } from './i18n.js';
import './i18n-live.js'; // the live lab's strings, loaded with it (issue 14, part 6)
import { createDiagram } from './diagram.js';
import { createTimeline, renderLegend } from './timeline.js';
import { renderLog } from './log.js';
import { taskColor, STATE_LETTER } from './colors.js';
import { treeOrder } from './tree.js';
import { retryDelay, onPageLeave, LEAVE_REASON } from './conn.js';
import { renderExplain } from './explain.js';
import * as M from './live-model.js';
import { ipcCards } from './live-ipc.js';
import { timePrefix, waitWhy, liveSentence, newestFirst, psWchan, statFlags, STAT_FLAGS, WCHAN_STATES } from './live-log.js';
import { NOTES, MARKS, normalizeSource, runFile, lineFuncs, tokenizeGo, markLine, noteSegments, splitIndent } from './live-source.js';
import { loopsHTML, pidsHTML, pingHTML } from './live-sys.js';

// PING_MS: how often a connected page tells the server it is still there
// (the server closes a client that sends nothing for three minutes).
const PING_MS = 60000;
const $ = id => document.getElementById(id);
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const PIPE_SIZE = 65536;
// The states /proc shows (R is running or ready; X is never sampled).
const LEGEND = ['running', 'sleeping', 'disk', 'stopped', 'traced', 'zombie'];

// fmtBytes shows a byte count in MiB (or KiB under 1 MiB), one decimal.
export function fmtBytes(n) {
  if (n === null || n === undefined) return '–';
  if (Math.abs(n) >= M.MiB) return t('live.mib', { n: (n / M.MiB).toFixed(1) });
  return t('live.kib', { n: (n / 1024).toFixed(n && Math.abs(n) < 10240 ? 1 : 0) });
}

// createLiveView builds the view. api: openTwin(id) loads the simulated
// twin lesson in the process view; setHash(hash) records the address.
export function createLiveView(api = {}) {
  const st = M.createLive();
  const ui = {
    shown: false, started: false, status: 'idle', ws: null, retry: 0, retryTimer: 0, nextId: 1,
    pending: new Map(), selected: 0, workload: '', argVals: {}, lessons: [], lesson: null, lessonProcs: [], done: new Set(),
    lastWatch: '', tick: 0, base: { server: 0, local: 0 }, frame: 0, animate: [], everReady: false, info: null,
    keyError: '', busy: false, ping: 0,
    // The log in the order it is shown (newestFirst), for st.log as it
    // was (a message replaces st.log with a new array).
    logOf: null, logShown: [],
    // The Go source panel: the workload shown, whether it is open, the
    // file shown (an index), the function to scroll to, and the answers
    // of GET /api/live/source/NAME by name (a source, 'loading' or
    // 'error').
    src: { workload: '', open: false, file: -1, fn: '', cache: new Map() },
  };
  const diagram = createDiagram($('live-diagram'), {
    sub: { running: 'live.node.running.sub', runnable: 'live.node.runnable.sub', dead: 'live.node.dead.sub' },
    slot: 'live.slot', aria: 'live.diagram',
    // A real process goes by its PID, as ps and the log name it: the chip
    // says "PID name", the name shortened (measured) only where its box
    // has no room for it whole.
    tag: pid => String(pid),
  });
  const timeline = createTimeline($('live-timeline'));

  function setStatus(s) {
    ui.status = s;
    document.body.dataset.live = s;
    if (ui.lesson) drawLesson(); // its buttons work only when connected
  }

  // ---- the connection -------------------------------------------------------

  // sendKey gives the teacher key to the server, which answers with an
  // HttpOnly cookie ("" gives the role up), then reconnects so that the
  // lab knows this page as the teacher.
  async function sendKey(key) {
    ui.keyError = '';
    try {
      const res = await fetch('/api/live/teacher', {
        method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ key }), credentials: 'same-origin',
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) ui.keyError = errKey(body.code);
    } catch {
      ui.keyError = 'live.err.closed';
    }
    if (!ui.keyError && ui.status === 'ready') {
      // Connected: take the role on this connection (reconnecting would end
      // the processes this page started).
      try {
        const r = await cmd({ type: 'teacher', key });
        st.teacher = !!r.teacher;
      } catch (e) {
        ui.keyError = errKey(e.code);
      }
      drawTeacher();
      render(false);
      return;
    }
    if (ui.keyError) { drawOff(); drawTeacher(); return; }
    ui.retry = 0;
    check();
  }

  // check asks the server whether the lab runs and lets this client in,
  // then connects.
  async function check() {
    if (ui.relay) return; // issue 13: a room follower has no live session
    setStatus('checking');
    let info;
    try {
      const res = await fetch('/api/live', { headers: { Accept: 'application/json' } });
      info = await res.json();
    } catch {
      setStatus('offline');
      drawOff();
      scheduleRetry();
      return;
    }
    ui.info = info;
    if (info && !st.workloads.length) { st.workloads = M.normalizeWorkloads(info.workloads); drawSpawn(); }
    if (!info || !info.available) {
      setStatus('off');
      drawOff();
      return;
    }
    try {
      const res = await fetch('/api/live/processes', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (res.status === 403) {
        setStatus('forbidden');
        drawOff();
        return;
      }
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        ui.info = { ...info, available: false, reason: body.message || info.reason };
        setStatus('off');
        drawOff();
        return;
      }
    } catch {
      setStatus('offline');
      drawOff();
      scheduleRetry();
      return;
    }
    connect();
  }

  function scheduleRetry() {
    clearTimeout(ui.retryTimer);
    ui.retryTimer = setTimeout(check, retryDelay(ui.retry++));
  }

  function connect() {
    if (ui.ws || ui.relay) return;
    setStatus('connecting');
    drawOff();
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    let ws;
    try { ws = new WebSocket(`${proto}//${location.host}/ws/live`); } catch { scheduleRetry(); return; }
    ui.ws = ws;
    let hello = false;
    ws.addEventListener('message', ev => {
      if (ui.ws !== ws) return; // a socket let go (a relay began, the page left)
      let msg;
      try { msg = JSON.parse(ev.data); } catch { return; }
      if (msg.type === 'live_hello') hello = true;
      try { handle(msg); } catch (err) { console.warn('ProcLab live: cannot handle', msg && msg.type, err); }
    });
    ws.addEventListener('close', () => {
      if (ui.ws !== ws) return;
      forgetSocket();
      if (hello && ui.status === 'ready') showError('live.err.dropped');
      setStatus('offline');
      drawOff();
      scheduleRetry();
    });
    ws.addEventListener('error', () => {});
  }

  // leave closes the live socket as the page is hidden or put into the
  // back/forward cache (conn.js onPageLeave): the server ends the session
  // and the processes this page started, as when the page closes, instead
  // of keeping them running for a page nobody sees. back reconnects a
  // page shown again from that cache (its processes are gone).
  function leave() {
    clearTimeout(ui.retryTimer);
    const ws = ui.ws;
    if (!ws) return;
    forgetSocket(); // its close handler sees another socket and does nothing
    ui.left = true;
    setStatus('offline');
    try { ws.close(1000, LEAVE_REASON); } catch { /* closed already */ }
  }

  // forgetSocket lets the live socket go (closed, or being closed by the
  // page): the commands waiting for an answer fail, the watch is asked
  // again on the next socket.
  function forgetSocket() {
    ui.ws = null;
    clearInterval(ui.ping);
    for (const p of ui.pending.values()) p.reject({ code: 'closed', message: '' });
    ui.pending.clear();
    ui.lastWatch = '';
  }

  function back() {
    if (!ui.left) return;
    ui.left = false;
    ui.retry = 0;
    if (!ui.relay) check();
  }

  onPageLeave(leave, back);

  function sendRaw(msg) {
    if (ui.ws && ui.ws.readyState === WebSocket.OPEN) { ui.ws.send(JSON.stringify({ v: 1, ...msg })); return true; }
    return false;
  }

  // cmd sends a command and resolves with its result (rejects with the error).
  function cmd(msg) {
    return new Promise((resolve, reject) => {
      const id = ui.nextId++;
      if (!sendRaw({ ...msg, id })) { reject({ code: 'closed', message: '' }); return; }
      ui.pending.set(id, { resolve, reject });
    });
  }

  function now() {
    if (!ui.base.local) return st.now;
    return ui.base.server + (performance.now() - ui.base.local);
  }

  function clock(tms) {
    if (typeof tms === 'number' && tms >= ui.base.server) ui.base = { server: tms, local: performance.now() };
  }

  function handle(msg) {
    switch (msg.type) {
      case 'live_hello':
        clock(msg.t_ms);
        M.applyHello(st, msg);
        ui.retry = 0;
        sendRaw({ type: 'ping' }); // the server closes a socket that says nothing within seconds
        if (!st.available) { ui.info = msg; setStatus('off'); drawOff(); return; }
        setStatus('ready');
        ui.everReady = true;
        document.body.dataset.liveTeacher = st.teacher ? '1' : '0';
        clearInterval(ui.ping);
        ui.ping = setInterval(() => sendRaw({ type: 'ping' }), PING_MS);
        drawOff();
        drawSpawn();
        drawTeacher();
        break;
      case 'live_snapshot':
        clock(msg.t_ms);
        M.applySnapshot(st, msg);
        if (ui.selected && !M.alive(st, ui.selected)) ui.selected = 0;
        schedule(false);
        break;
      case 'live_events':
        clock(msg.t_ms);
        M.applyEvents(st, msg);
        ui.animate = ui.animate.concat(st.transitions);
        narrateItems(st.items);
        schedule(true);
        break;
      case 'result': {
        const p = ui.pending.get(msg.id);
        if (p) { ui.pending.delete(msg.id); p.resolve(msg); }
        break;
      }
      case 'error': {
        const p = ui.pending.get(msg.id);
        if (p) { ui.pending.delete(msg.id); p.reject(msg); } else showError(errKey(msg.code), msg.message);
        break;
      }
    }
  }

  // ---- actions ---------------------------------------------------------------

  function errKey(code) {
    const key = `live.err.${code}`;
    return t(key) !== key ? key : 'live.err.other';
  }

  function showError(key, detail, params) {
    const b = $('live-error');
    b.querySelector('.msg').replaceChildren();
    const s = document.createElement('strong');
    s.textContent = t(key, params);
    b.querySelector('.msg').append(s);
    if (detail) {
      const d = document.createElement('span');
      d.className = 'detail';
      d.textContent = ' ' + detail;
      b.querySelector('.msg').append(d);
    }
    b.dataset.code = key;
    b.hidden = false;
  }

  function clearError() {
    $('live-error').hidden = true;
  }

  // act runs a command, showing a refusal in #live-error.
  async function act(msg) {
    clearError();
    try {
      return await cmd(msg);
    } catch (e) {
      showError(errKey(e.code), e.message);
      return null;
    }
  }

  async function spawn(workload, args) {
    const r = await act({ type: 'spawn', workload, args });
    if (r && r.pid) {
      ui.selected = r.pid;
      schedule(false);
    }
    return r && r.pid;
  }

  function spawnFromPanel() {
    const w = st.workloads.find(x => x.name === ui.workload);
    if (!w) return;
    const given = {};
    for (const inp of $('live-args').querySelectorAll('input[data-arg]')) given[inp.dataset.arg] = inp.value.trim();
    const { args, bad } = M.argsFor(w, given);
    for (const inp of $('live-args').querySelectorAll('input[data-arg]')) inp.setAttribute('aria-invalid', bad.includes(inp.dataset.arg) ? 'true' : 'false');
    if (bad.length) {
      const a = w.args.find(x => x.name === bad[0]);
      showError('live.err.arg', '', { arg: bad[0], min: a.min, max: a.max });
      return;
    }
    spawn(w.name, args);
  }

  async function onAction(b) {
    const pid = Number(b.dataset.pid || $('live-actions').dataset.pid);
    switch (b.dataset.act) {
      case 'signal': await act({ type: 'signal', pid, signal: b.dataset.signal }); break;
      case 'reap': await act({ type: 'reap', pid }); break;
      case 'trace': await act({ type: 'trace', pid }); break;
      case 'resume': await act({ type: 'resume', pid }); break;
    }
  }

  async function killAll() {
    const r = await act({ type: 'killall' });
    if (r) ui.lessonProcs = [];
  }

  // ---- lessons ---------------------------------------------------------------

  async function fetchLessons() {
    try {
      const res = await fetch('/api/live/lessons', { headers: { Accept: 'application/json' } });
      if (!res.ok) return;
      ui.lessons = M.normalizeLiveLessons(await res.json());
    } catch { return; }
    drawLessons();
    if (ui.wantLesson) { const id = ui.wantLesson; ui.wantLesson = ''; openLesson(id); }
  }

  function openLesson(id) {
    const l = ui.lessons.find(x => x.id === id);
    if (!l) { ui.wantLesson = id; return; }
    ui.lesson = l;
    ui.lessonProcs = [];
    ui.done = new Set();
    clearError();
    // The spawn panel and the Go source show the lesson's own workload (its
    // first spawn: fifo, mqueue...), not whatever was chosen before.
    const first = (l.steps || []).map(s => s && s.do).find(a => a && a.action === 'spawn' && a.workload);
    if (first) {
      ui.workload = first.workload;
      if (st.workloads.some(w => w.name === first.workload)) { $('live-workload').value = ui.workload; drawArgs(); }
    }
    if (api.openTwin) api.openTwin(l.twin);
    placeTwin();
    drawLesson();
    drawLessons();
    if (api.setHash) api.setHash(hash());
  }

  function closeLesson() {
    ui.lesson = null;
    placeTwin();
    drawLesson();
    drawLessons();
    if (api.setHash) api.setHash(hash());
  }

  // placeTwin moves the simulator's process view (#lab) next to the live
  // diagram while a lesson is open and shown, and back otherwise.
  function placeTwin() {
    const lab = $('lab');
    const on = !!(ui.lesson && ui.shown);
    document.body.classList.toggle('live-twin', on);
    if (on) {
      document.body.dataset.liveLesson = ui.lesson.id;
      if (lab.parentNode !== $('live-twin-slot')) $('live-twin-slot').append(lab);
    } else {
      delete document.body.dataset.liveLesson;
      if (lab.parentNode === $('live-twin-slot')) $('sched').before(lab);
    }
    $('live-twin').hidden = !on;
  }

  // lessonTarget is the live process the lesson spawned under that name
  // (the newest, if its step ran more than once): a step acts on the
  // process it names, never on another one of the same workload.
  function lessonTarget(name) {
    for (let i = ui.lessonProcs.length - 1; i >= 0; i--) {
      const x = ui.lessonProcs[i];
      if (x.name === name && M.alive(st, x.pid)) return x.pid;
    }
    return 0;
  }

  // targetLabel names a step's process for its button and errors: its
  // name, with the workload when the name is not the workload's.
  function targetLabel(a) {
    return a.name && a.workload && a.name !== a.workload ? `${a.name} (${a.workload})` : a.name || a.workload || '?';
  }

  async function doStep(i) {
    const l = ui.lesson;
    const a = l && l.steps[i] && l.steps[i].do;
    if (!a || ui.busy) return;
    ui.busy = true;
    clearError();
    let ok = false;
    try {
      switch (a.action) {
        case 'spawn': {
          const pid = await spawn(a.workload, a.args || {});
          if (pid) { ui.lessonProcs.push({ pid, workload: a.workload, name: a.name || a.workload }); ok = true; }
          break;
        }
        case 'signal': case 'trace': case 'resume': {
          const pid = lessonTarget(a.name || a.workload);
          if (!pid) { showError('live.err.notarget', '', { w: targetLabel(a) }); break; }
          ui.selected = pid;
          ok = !!(await act(a.action === 'signal' ? { type: 'signal', pid, signal: a.signal } : { type: a.action, pid }));
          break;
        }
        case 'reap': {
          // Only the zombies of the process it names (or of the lesson's
          // processes): never another page's or another step's.
          const mine = ui.lessonProcs.filter(x => !a.name || x.name === a.name).map(x => x.pid);
          const zs = mine.length ? M.zombies(st, mine) : [];
          if (!zs.length) { showError('live.err.nozombie'); break; }
          ok = true;
          for (const pid of zs) if (!(await act({ type: 'reap', pid }))) ok = false;
          break;
        }
        case 'killall':
          ok = !!(await act({ type: 'killall' }));
          if (ok) ui.lessonProcs = [];
          break;
      }
    } finally {
      ui.busy = false;
    }
    if (ok) ui.done.add(i);
    drawLesson();
  }

  function actionLabel(a) {
    const args = Object.entries(a.args || {}).map(([k, v]) => `${k}=${v}`).join(' ');
    switch (a.action) {
      case 'spawn': return t('live.do.spawn', { w: a.workload, args: args ? ` (${args})` : '' });
      case 'signal': return t('live.do.signal', { sig: `SIG${a.signal}`, w: targetLabel(a) });
      case 'trace': return t('live.do.trace', { w: targetLabel(a) });
      case 'resume': return t('live.do.resume', { w: targetLabel(a) });
      case 'reap': return a.name ? t('live.do.reap.named', { w: targetLabel(a) }) : t('live.do.reap');
      case 'killall': return t('live.do.killall');
    }
    return a.action;
  }

  // ---- drawing ---------------------------------------------------------------

  // drawTeacher shows, under the actions, the teacher key form, or while
  // the page holds the key a note and a button to give it up; only when
  // the server has a teacher key. It also names #live-killall for what it
  // does: this page's processes, or (the teacher's) every one.
  function drawTeacher() {
    const kill = $('live-killall');
    kill.dataset.i18n = st.teacher ? 'live.killall' : 'live.killall.mine';
    kill.textContent = t(kill.dataset.i18n);
    document.body.dataset.liveTeacher = st.teacher ? '1' : '0';
    let box = $('live-teacher');
    if (!box) {
      box = document.createElement('div');
      box.id = 'live-teacher';
      box.className = 'live-teacher';
      $('live-actions').after(box);
      box.addEventListener('submit', e => {
        e.preventDefault();
        const inp = $('live-teacher-key');
        const key = inp.value.trim();
        inp.value = '';
        if (key) sendKey(key);
      });
      box.addEventListener('click', e => { if (e.target.closest('#live-teacher-leave')) sendKey(''); });
    }
    box.hidden = !(ui.status === 'ready' && st.hasKey);
    if (box.hidden) return;
    const err = ui.keyError ? `<p class="error-text" role="alert">${esc(t(ui.keyError))}</p>` : '';
    box.innerHTML = st.teacher
      ? `<p class="teacher-on"><strong>${esc(t('live.teacher.on'))}</strong> <button type="button" id="live-teacher-leave" class="btn ghost small">${esc(t('live.teacher.leave'))}</button></p>`
      : `<details${ui.keyError ? ' open' : ''}><summary>${esc(t('live.teacher.summary'))}</summary>` +
        `<form id="live-teacher-form" autocomplete="off"><label><span>${esc(t('live.token.label'))}</span> ` +
        `<input id="live-teacher-key" type="password" autocomplete="off" spellcheck="false"></label> ` +
        `<button class="btn small" type="submit">${esc(t('live.token.go'))}</button></form>${err}</details>`;
  }

  function drawOff() {
    const box = $('live-off');
    const s = ui.status;
    const off = s === 'off' || s === 'forbidden' || s === 'offline';
    box.hidden = !off;
    document.body.classList.toggle('live-unavailable', off);
    $('live-token-form').hidden = s !== 'forbidden';
    if (s === 'forbidden' && ui.keyError) {
      $('live-off-reason').textContent = t(ui.keyError);
      $('live-off-reason').hidden = false;
    }
    if (!off) return;
    $('live-off-title').textContent = t(`live.off.${s}.title`);
    $('live-off-text').textContent = t(`live.off.${s}.text`);
    // The server's reason is English text for the person who runs it: it is
    // shown in English only (the title and text above say it in Chinese).
    const reason = s === 'off' && ui.info && ui.info.reason && getLang() === 'en' ? t('live.off.reason', { reason: ui.info.reason })
      : s === 'forbidden' && ui.keyError ? t(ui.keyError) : '';
    $('live-off-reason').textContent = reason;
    $('live-off-reason').hidden = !reason;
    $('live-off-note').textContent = t('live.off.rest');
  }

  function drawSpawn() {
    const sel = $('live-workload');
    const names = st.workloads.map(w => w.name);
    if (!ui.workload || !names.includes(ui.workload)) ui.workload = names.includes('sleep') ? 'sleep' : names[0] || '';
    sel.replaceChildren(...st.workloads.map(w => new Option(`${w.name} — ${wlTitle(w)}`, w.name)));
    sel.value = ui.workload;
    drawArgs();
  }

  function wlTitle(w) {
    const k = `live.wl.${w.name}`;
    return t(k) !== k ? t(k) : w.name;
  }

  function drawArgs() {
    const w = st.workloads.find(x => x.name === ui.workload);
    const doc = $('live-wl-doc');
    const box = $('live-args');
    box.replaceChildren();
    if (!w) { doc.textContent = ''; return; }
    const k = `live.wl.${w.name}.doc`;
    doc.textContent = t(k) !== k ? t(k) : w.doc;
    const vals = ui.argVals[w.name] || {};
    for (const a of w.args) {
      const lab = document.createElement('label');
      lab.className = 'live-arg';
      const ak = `live.arg.${w.name}.${a.name}`;
      const name = document.createElement('span');
      name.className = 'arg-name';
      name.textContent = a.name;
      const d = document.createElement('span');
      d.className = 'arg-doc';
      d.textContent = t(ak) !== ak ? t(ak) : a.doc;
      const inp = document.createElement('input');
      Object.assign(inp, { type: 'number', min: String(a.min), max: String(a.max), step: '1', value: String(vals[a.name] ?? a.def) });
      inp.inputMode = 'numeric';
      inp.dataset.arg = a.name;
      inp.addEventListener('input', () => { (ui.argVals[w.name] ||= {})[a.name] = inp.value; });
      const range = document.createElement('span');
      range.className = 'arg-range muted';
      range.textContent = t('live.arg.range', { min: a.min, max: a.max });
      lab.append(name, inp, range, d);
      box.append(lab);
    }
    $('live-spawn-label').textContent = t('live.spawn.one', { w: w.name });
    showSource(w.name);
  }

  // ---- the Go source panel -----------------------------------------------------

  // sourceCard makes the panel (once): a card under the diagram, and the
  // button that opens it in the spawn card.
  function sourceCard() {
    let card = $('live-source');
    if (card) return card;
    card = document.createElement('section');
    card.id = 'live-source';
    card.className = 'card live-source';
    card.dataset.open = '0';
    card.innerHTML = `<div class="card-head src-head"><h3><span class="tag go">Go</span> <span class="src-title"></span></h3>` +
      `<label class="src-pick"><span class="sr-only"></span><select id="live-source-workload"></select></label><span class="src-sum"></span><button id="live-source-toggle" class="btn small" type="button" aria-expanded="false" aria-controls="live-source-body"></button></div>` +
      `<div id="live-source-body" class="src-body" hidden><div id="live-source-notes" class="src-notes"></div>` +
      `<div class="src-nav"><div id="live-source-files" class="src-files" role="group"></div><div id="live-source-fns" class="src-fns" role="group"></div></div>` +
      `<div id="live-source-code" class="src-code" tabindex="0" role="region"></div><p class="muted src-exact"></p></div>`;
    document.querySelector('#live .live-stage').after(card);
    const open = document.createElement('button');
    open.id = 'live-source-open';
    open.type = 'button';
    open.className = 'btn small src-open';
    $('live-wl-doc').after(open);
    open.addEventListener('click', () => {
      setSourceOpen(true);
      const top = card.getBoundingClientRect().top + window.scrollY - (document.querySelector('.top')?.offsetHeight || 0) - 8;
      window.scrollTo({ top: Math.max(0, top), behavior: 'instant' });
      $('live-source-code').focus({ preventScroll: true });
    });
    $('live-source-toggle').addEventListener('click', () => setSourceOpen(!ui.src.open));
    // The panel's own chooser (it works where the lab cannot run, when the
    // spawn panel is off) moves the spawn panel's with it.
    $('live-source-workload').addEventListener('change', e => {
      ui.workload = e.target.value;
      $('live-workload').value = ui.workload;
      drawArgs();
    });
    $('live-source-files').addEventListener('click', e => {
      const b = e.target.closest('button[data-file]');
      if (!b) return;
      ui.src.file = Number(b.dataset.file);
      ui.src.fn = '';
      drawSource();
    });
    $('live-source-fns').addEventListener('click', e => {
      const b = e.target.closest('button[data-fn]');
      if (!b) return;
      ui.src.file = Number(b.dataset.file);
      ui.src.fn = b.dataset.fn;
      drawSource();
    });
    return card;
  }

  // setSourceOpen opens or closes the panel. An opened panel draws its
  // code afresh and scrolls it to the workload's own function (a hidden
  // box keeps no scroll position).
  function setSourceOpen(open) {
    ui.src.open = open;
    const code = $('live-source-code');
    if (open && code) delete code.dataset.file;
    showSource(ui.src.workload);
  }

  // showSource makes name the workload the panel shows, and fetches its
  // source once (again after a failure, the next time it is shown).
  function showSource(name) {
    sourceCard();
    if (ui.src.workload !== name) {
      ui.src.workload = name;
      ui.src.file = -1;
      ui.src.fn = '';
    }
    if (name && (!ui.src.cache.has(name) || ui.src.cache.get(name) === 'error')) {
      ui.src.cache.set(name, 'loading');
      fetch(`/api/live/source/${encodeURIComponent(name)}`, { headers: { Accept: 'application/json' } })
        .then(res => (res.ok ? res.json() : null))
        .then(j => { ui.src.cache.set(name, normalizeSource(j) || 'error'); })
        .catch(() => { ui.src.cache.set(name, 'error'); })
        .then(() => { if (ui.src.workload === name) drawSource(); });
    }
    drawSource();
  }

  function drawSource() {
    const card = sourceCard();
    const name = ui.src.workload;
    const src = ui.src.cache.get(name);
    const ready = src && typeof src === 'object';
    card.dataset.workload = name;
    card.dataset.open = ui.src.open ? '1' : '0';
    card.dataset.state = ready ? 'ready' : src === 'error' ? 'error' : 'loading';
    card.querySelector('.src-title').textContent = t('live.src.head');
    const pickSel = $('live-source-workload');
    const names = st.workloads.map(w => w.name);
    if ([...pickSel.options].map(o => o.value).join() !== names.join()) pickSel.replaceChildren(...names.map(n => new Option(n, n)));
    pickSel.value = name;
    card.querySelector('.src-pick .sr-only').textContent = t('live.spawn.workload');
    const open = $('live-source-open');
    open.textContent = t('live.src.open');
    open.title = t('live.src.open.title');
    open.hidden = !name;
    const toggle = $('live-source-toggle');
    toggle.textContent = t(ui.src.open ? 'live.src.hide' : 'live.src.show');
    toggle.setAttribute('aria-expanded', String(ui.src.open));
    const sum = card.querySelector('.src-sum');
    if (ready) {
      const f = src.files[runFile(src)];
      sum.innerHTML = esc(t('live.src.sum', { w: '\u0001', fn: '\u0002', file: '\u0003' }))
        .replace('\u0001', `<b class="mono">${esc(name)}</b>`).replace('\u0002', `<code>${esc(src.func)}</code>`).replace('\u0003', `<code>${esc(f.path)}</code>`);
    } else {
      sum.textContent = name ? t(src === 'error' ? 'live.src.err' : 'live.src.loading') : '';
    }
    const body = $('live-source-body');
    body.hidden = !ui.src.open;
    if (!ui.src.open) return;
    // The notes: the first open, the others one click away (drawn again
    // only for another workload or language, so that what the reader
    // opened stays open).
    const notes = $('live-source-notes');
    const nkey = `${name} ${getLang()}`;
    if (notes.dataset.key !== nkey) {
      notes.dataset.key = nkey;
      notes.innerHTML = (NOTES[name] || []).map((id, i) => {
        const text = noteSegments(t(`live.src.note.${id}`)).map(sg => (sg.code ? `<code>${esc(sg.text)}</code>` : esc(sg.text))).join('');
        return `<details class="src-note" data-note="${esc(id)}"${i === 0 ? ' open' : ''}><summary>${esc(t(`live.src.note.${id}.title`))}</summary><p>${text}</p></details>`;
      }).join('');
    }
    card.querySelector('.src-exact').textContent = t('live.src.exact');
    const code = $('live-source-code');
    if (!ready) {
      $('live-source-files').replaceChildren();
      $('live-source-fns').replaceChildren();
      code.innerHTML = `<p class="muted src-wait">${esc(t(src === 'error' ? 'live.src.err' : 'live.src.loading'))}</p>`;
      delete code.dataset.file;
      return;
    }
    if (ui.src.file < 0 || ui.src.file >= src.files.length) ui.src.file = runFile(src);
    const fi = ui.src.file;
    const file = src.files[fi];
    $('live-source-files').setAttribute('aria-label', t('live.src.files'));
    $('live-source-files').innerHTML = src.files.map((f, i) =>
      `<button type="button" class="btn small src-file" data-file="${i}" aria-pressed="${i === fi}" title="${esc(t('live.src.lines', { file: f.path, n: f.lines.length }))}">${esc(f.name)}</button>`).join('');
    $('live-source-fns').setAttribute('aria-label', t('live.src.fns'));
    $('live-source-fns').innerHTML = src.files.flatMap((f, i) => f.funcs.map(fn =>
      `<button type="button" class="btn small src-fn ${fn.role}" data-file="${i}" data-fn="${esc(fn.name)}" data-role="${fn.role}" title="${esc(t(`live.src.fn.${fn.role}`))}">${esc(fn.name)}</button>`)).join('');
    const marks = MARKS[name] || [];
    const owner = lineFuncs(file);
    const toks = tokenizeGo(file.text);
    const html = [];
    toks.forEach((line, i) => {
      const n = i + 1;
      const fn = owner[n];
      const cls = fn ? ` in-${fn.role}${n === fn.first ? ' fn-first' : ''}${n === fn.last ? ' fn-last' : ''}` : '';
      const attrs = fn ? ` data-fn="${esc(fn.name)}" data-role="${fn.role}"` : '';
      const { tabs, rest } = splitIndent(markLine(line, marks));
      const text = rest.map(sg => {
        const span = sg.kind ? `<span class="g-${sg.kind}">${esc(sg.text)}</span>` : esc(sg.text);
        return sg.mark ? `<mark>${span}</mark>` : span;
      }).join('');
      const ind = tabs ? `<span class="ind" style="width:${tabs * 4}ch">${'\t'.repeat(tabs)}</span>` : '';
      html.push(`<div class="src-line${cls}" data-line="${n}"${attrs}><span class="ln" aria-hidden="true">${n}</span><span class="tx">${ind}<span class="cd">${text}</span></span></div>`);
    });
    code.setAttribute('aria-label', t('live.src.code', { file: file.path }));
    const shown = code.dataset.file === file.path && code.dataset.workload === name;
    if (!shown) code.innerHTML = html.join('');
    code.dataset.file = file.path;
    code.dataset.workload = name;
    // Scroll to the chosen function, or, when a file is first shown, to
    // the workload's own function (or its first function shown).
    const target = ui.src.fn || (!shown ? (file.funcs.find(x => x.role === 'run') || file.funcs[0] || {}).name : '');
    if (target) {
      const fn = file.funcs.find(x => x.name === target);
      // The line before it on top: one line of context, none cut in half.
      const el = fn && code.querySelector(`.src-line[data-line="${Math.max(1, fn.first - 1)}"]`);
      if (el) {
        code.scrollTop = el.offsetTop;
        // The page follows, as little as it must, so that a function just
        // chosen is on screen (the code box may start below the fold).
        const r = el.getBoundingClientRect();
        if (r.top < 0 || r.bottom > window.innerHeight) el.scrollIntoView({ block: 'nearest' });
      }
      ui.src.fn = '';
    }
  }

  function drawLessons() {
    const box = $('live-lessons');
    box.replaceChildren();
    if (!ui.lessons.length) {
      const li = document.createElement('li');
      li.className = 'muted';
      li.textContent = t('lesson.loading');
      box.append(li);
      return;
    }
    ui.lessons.forEach((l, i) => {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'lesson-card live-lesson-btn';
      b.dataset.liveLesson = l.id;
      if (ui.lesson && ui.lesson.id === l.id) b.setAttribute('aria-current', 'true');
      const num = document.createElement('span');
      num.className = 'lc-num';
      num.textContent = t('live.lesson.n', { n: i + 1 });
      const title = document.createElement('span');
      title.className = 'lc-title';
      title.textContent = pick(l.title) || l.id;
      const twin = document.createElement('span');
      twin.className = 'lc-twin';
      twin.textContent = t('live.lesson.twin', { title: pick(l.twinTitle) || l.twin });
      b.append(num, title, twin);
      li.append(b);
      box.append(li);
    });
  }

  function drawLesson() {
    const l = ui.lesson;
    $('live-lesson').hidden = !l;
    $('live-lessons-card').hidden = !!l;
    if (!l) return;
    $('live-lesson-title').textContent = pick(l.title);
    $('live-twin-title').textContent = pick(l.twinTitle) || l.twin;
    renderExplain($('live-lesson-explain'), pick(l.explain), t('lesson.misconception'));
    const ol = $('live-steps');
    ol.replaceChildren();
    l.steps.forEach((s, i) => {
      const li = document.createElement('li');
      li.dataset.step = String(i);
      if (ui.done.has(i)) li.classList.add('done');
      const p = document.createElement('p');
      p.textContent = pick(s.text);
      li.append(p);
      if (s.do) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'btn small' + (s.do.action === 'killall' ? '' : ' primary');
        b.dataset.do = String(i);
        b.textContent = actionLabel(s.do);
        b.disabled = ui.status !== 'ready';
        li.append(b);
      }
      ol.append(li);
    });
  }

  // schedule redraws soon: at most ten times a second, however fast the
  // updates come (50 Hz for watched processes); the transitions in between
  // are animated together.
  function schedule(animate) {
    if (!ui.shown) return;
    if (animate) ui.wantAnimate = true;
    if (ui.frame) return;
    const wait = Math.max(0, 100 - (performance.now() - (ui.lastRender || 0)));
    ui.frame = setTimeout(() => requestAnimationFrame(() => {
      ui.frame = 0;
      ui.lastRender = performance.now();
      render(ui.wantAnimate);
      ui.wantAnimate = false;
    }), wait);
  }

  function render(animate) {
    if (!ui.shown) return;
    M.advance(st, now());
    const view = M.diagramView(st);
    view.transitions = ui.animate.filter(tr => view.states[tr.pid] !== undefined);
    ui.animate = [];
    const reduce = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    diagram.render(view, { animate: animate && !reduce, duration: 420 });
    drawTimeline(view);
    drawProcs(view);
    drawActions();
    drawDemos();
    if (ui.logOf !== st.log) { ui.logOf = st.log; ui.logShown = newestFirst(st.log); }
    renderLog($('live-log'), ui.logShown, pid => taskColor(pid).fill, -1, { prefix: it => timePrefix(it.step, st.t0), sentence: liveSentence, empty: 'live.log.empty' });
    narrate();
    watch();
  }

  function drawTimeline(view) {
    timeline.render(view || M.diagramView(st), {
      cpuLanes: false, axis: 'live.tl.axis', empty: 'live.tl.empty',
      ticks: [4, 8, 20, 40, 80, 120, 240, 480],
      tick: b => t('live.tl.tick', { s: Math.round((b * M.BUCKET_MS) / 100) / 10 }),
    });
  }

  // narrateItems picks what the narration says: the most important new
  // sentence, unless a more important one was said less than 3 s ago.
  function narrateItems(items) {
    if (!items.length) return;
    const it = items.reduce((best, x) => (!best || x.weight >= best.weight ? x : best), null);
    const cur = ui.narr;
    if (!cur || it.weight >= cur.weight || it.step - cur.step > 3000) ui.narr = it;
  }

  function narrate() {
    const n = $('live-narration');
    const it = ui.narr;
    n.classList.toggle('hint', !it);
    n.textContent = it ? `${timePrefix(it.step, st.t0)} ${liveSentence(it)}` : t(ui.status === 'ready' ? 'live.hint' : 'live.hint.off');
  }

  // stateCell shows the state as ps -o stat,wchan does (DLl iomap_dio_rw:
  // the letter, L for pages locked in memory, l for a multi-threaded
  // process, the wait channel without its leading underscores), in words,
  // and for a zombie how it ended (an exit code or a signal, never both).
  function stateCell(pid, s, p) {
    const dk = s === 'disk' && p && p.wait ? `live.why.d.${p.wait}` : '';
    const why = dk && has(dk, 'en') ? dk : p ? waitWhy(p.wait) : '';
    const wTitle = [why ? t(why) : '', p && p.wchan].filter(Boolean).join(': '); // the kernel's own name last
    const w = p && p.wchan && WCHAN_STATES.includes(s) ? `<span class="wchan" title="${esc(wTitle)}">${esc(psWchan(p.wchan))}</span>` : '';
    const drawn = s === 'dead' && st.drawn[pid] ? ` <span class="drawn-note">${esc(t('live.drawn'))}</span>` : '';
    const ws = (s === 'zombie' || s === 'dead') && st.status[pid];
    const status = ws ? ` <span class="exit-status" title="${esc(t('live.status.title'))}">${esc(ws.killed ? t('live.status.killed', { n: ws.n, sig: ws.sig }) : t('live.status.exit', { code: ws.code }))}</span>` : '';
    const letter = s === 'none' ? '·' : STATE_LETTER[s] || '?';
    const flags = s === 'dead' || s === 'none' ? '' : statFlags(p).map(c => `<span class="stat-flag" title="${esc(t(STAT_FLAGS[c]))}">${c}</span>`).join('');
    // (Spaces between the parts: where the cell may break, when narrow.)
    return `<span class="st-main"><span class="letter st-${s}" title="${esc(t('state.' + s))}">${letter}${flags}</span> <span class="st-name">${esc(t('state.' + s))}</span></span> ${w}${status}${drawn}`;
  }

  function drawProcs(view) {
    const box = $('live-procs');
    const tasks = view.tasks;
    if (!tasks.length) {
      box.innerHTML = `<p class="muted live-empty">${esc(t(ui.status === 'ready' ? 'live.procs.none' : 'live.hint.off'))}</p>`;
      return;
    }
    const live = tasks.filter(x => x.state !== 'dead');
    const dead = tasks.filter(x => x.state === 'dead');
    const rows = treeOrder(live).concat(dead.map(x => ({ task: x, depth: 0 })));
    const cow = tasks.some(x => { const p = st.procs.get(x.pid); return p && p.pss_bytes !== undefined; });
    const th = (k, title) => `<th class="num"${title ? ` title="${esc(t(title))}"` : ''}>${esc(t(k))}</th>`;
    const head = `<thead><tr><th>${esc(t('col.pid'))}</th><th>${esc(t('col.ppid'))}</th><th>${esc(t('col.name'))}</th><th>${esc(t('col.state'))}</th>` +
      th('live.col.ticks', 'live.col.ticks.title') + th('live.col.sw', 'live.col.sw.title') + th('live.col.threads', 'live.col.threads.title') + th('live.col.rss', 'live.col.rss.title') +
      (cow ? th('live.col.pss', 'live.col.pss.title') + th('live.col.shared', 'live.col.shared.title') + th('live.col.private', 'live.col.private.title') : '') +
      `</tr></thead>`;
    const body = rows.map(({ task: x, depth }) => {
      const p = st.procs.get(x.pid) || {};
      const c = taskColor(x.pid);
      const indent = depth ? `<span class="indent" style="width:${(depth - 1) * 16}px"></span><span class="branch">└</span>` : '';
      const ppid = x.ppid === st.labPid ? `<span title="${esc(t('live.labserver.title'))}">${x.ppid} ★</span>` : String(x.ppid || '–');
      const dv = p.vcsw_delta ? ` <small class="delta">+${p.vcsw_delta}</small>` : '';
      const dn = p.nvcsw_delta ? ` <small class="delta">+${p.nvcsw_delta}</small>` : '';
      // A zombie this page may reap has its Reap button by its state (a
      // column of its own made the table too wide for 1280x720).
      const reap = x.state === 'zombie' && M.mayAct(st, x.pid) ? ` <button type="button" class="btn small" data-act="reap" data-pid="${x.pid}">${esc(t('live.act.reap'))}</button>` : '';
      return `<tr class="st-${x.state}${x.pid === ui.selected ? ' selected' : ''}" data-pid="${x.pid}" data-state="${x.state}" data-comm="${esc(p.name || '')}" tabindex="0" aria-selected="${x.pid === ui.selected}">` +
        `<td class="pid"><i class="dot" style="background:${c.fill}"></i>${x.pid}</td><td>${ppid}</td>` +
        `<td class="name">${indent}${esc(x.name)}${p.traced ? ` <span class="traced-note">${esc(t('live.traced'))}</span>` : ''}</td>` +
        `<td class="state">${stateCell(x.pid, x.state, p)}${reap}</td>` +
        `<td class="num">${p.utime_ticks ?? 0}<span class="sl">/</span>${p.stime_ticks ?? 0}</td>` +
        // The two counts may go onto two lines (after the slash), never inside
        // a count: they and their deltas grow with the run, and the table
        // was at its narrowest width at 1280 px (830 px in 830).
        `<td class="num sw"><span class="nw">${p.voluntary_ctxt_switches ?? 0}${dv}</span><span class="sl">/</span><wbr><span class="nw">${p.nonvoluntary_ctxt_switches ?? 0}${dn}</span></td>` +
        `<td class="num">${p.threads ?? ''}</td><td class="num">${x.state === 'dead' ? '–' : fmtBytes(p.rss_bytes ?? 0)}</td>` +
        (cow ? `<td class="num">${fmtBytes(p.pss_bytes)}</td><td class="num">${fmtBytes(p.shared_dirty_bytes)}</td><td class="num">${fmtBytes(p.private_dirty_bytes)}</td>` : '') +
        '</tr>';
    }).join('');
    box.innerHTML = `<table class="ptable live-table">${head}<tbody>${body}</tbody></table>`;
  }

  function drawActions() {
    const box = $('live-actions');
    const pid = ui.selected;
    const ready = ui.status === 'ready';
    if (!pid || !st.procs.has(pid)) {
      delete box.dataset.pid;
      delete box.dataset.mine;
      box.innerHTML = `<p class="muted">${esc(t(ready ? 'live.act.pick' : 'live.hint.off'))}</p>`;
      return;
    }
    const p = st.procs.get(pid);
    const s = st.states[pid] || 'none';
    const gone = !M.alive(st, pid);
    const mine = M.mayAct(st, pid);
    const ok = ready && mine;
    box.dataset.pid = String(pid);
    box.dataset.state = s;
    box.dataset.mine = mine ? '1' : '0';
    const sigs = (st.signals.length ? st.signals : ['STOP', 'CONT', 'TERM', 'KILL', 'INT', 'USR1', 'HUP', 'TSTP']);
    const dis = c => (c ? ' disabled' : '');
    const sigBtns = sigs.map(sig => `<button type="button" class="btn sig sig-${esc(sig.toLowerCase())}" data-act="signal" data-signal="${esc(sig)}" title="${esc(t(`live.sig.${sig}`))}"${dis(!ok || gone || s === 'zombie')}>SIG${esc(sig)}</button>`).join('');
    box.innerHTML = `<div class="sel-head"><i class="dot" style="background:${taskColor(pid).fill}"></i><b>${pid}</b> <span class="name">${esc(st.names[pid] || p.workload || '')}</span> ${stateCell(pid, s, p)}</div>` +
      `<div class="sig-row" role="group" aria-label="${esc(t('live.act.signals'))}">${sigBtns}</div>` +
      `<div class="act-row">` +
      `<button type="button" class="btn" data-act="reap"${dis(!ok || s !== 'zombie')} title="${esc(t('live.act.reap.title'))}">${esc(t('live.act.reap'))}</button>` +
      `<button type="button" class="btn" data-act="trace"${dis(!ok || gone || s === 'zombie' || p.traced)} title="${esc(t('live.act.trace.title'))}">${esc(t('live.act.trace'))}</button>` +
      `<button type="button" class="btn" data-act="resume"${dis(!ok || gone || !p.traced)} title="${esc(t('live.act.resume.title'))}">${esc(t('live.act.resume'))}</button>` +
      `</div>` + (mine ? '' : `<p class="muted not-mine">${esc(t('live.act.notmine'))}</p>`);
  }

  function card(id, show) {
    const c = $(id);
    c.hidden = !show;
    return c.querySelector('.demo-body');
  }

  function drawDemos() {
    const d = st.demos;
    const newest = (o, n) => Object.values(o).sort((a, b) => b.t - a.t).slice(0, n);
    // Pipes.
    const pipes = newest(d.pipe, 3);
    const pb = card('live-demo-pipe', pipes.length > 0);
    if (pipes.length) pb.innerHTML = pipes.map(pipeRun).join('');
    // Sockets.
    const socks = newest(d.socket, 3);
    const sb = card('live-demo-socket', socks.length > 0);
    if (socks.length) sb.innerHTML = socks.map(sockRun).join('');
    // Races.
    const rb = card('live-demo-race', d.race.length > 0);
    if (d.race.length) rb.innerHTML = raceTable(d.race);
    // Copy-on-write.
    const cows = newest(d.cow, 2).filter(r => r.rows.length);
    const cb = card('live-demo-cow', cows.length > 0);
    if (cows.length) cb.innerHTML = cows.map(cowRun).join('');
    // Signals handled.
    const gb = card('live-demo-signals', d.signals.length > 0);
    if (d.signals.length) {
      gb.innerHTML = `<ul class="sig-list">${d.signals.slice().reverse().map(x => `<li><span class="mono">${esc(timePrefix(x.t, st.t0))}</span> ${esc(t(x.action === 'exiting' ? 'live.demo.sig.exiting' : 'live.demo.sig.handled', { p: x.pid, sig: x.signal }))}</li>`).join('')}</ul>`;
    }
    // FIFO, message queue, shared memory, UDP (live-ipc.js).
    let ipc = false;
    for (const [id, html] of Object.entries(ipcCards(st, { esc, t, fmtBytes, procState }))) {
      const b = card(id, html !== '');
      if (html) { b.innerHTML = html; ipc = true; }
    }
    // The live-sys workloads (live-sys.js).
    const sysH = { t, esc, procState };
    let sysShown = false;
    for (const [id, html] of [['live-demo-loops', loopsHTML(st, sysH)], ['live-demo-pids', pidsHTML(st, sysH)], ['live-demo-pingpong', pingHTML(st, sysH)]]) {
      const b = card(id, !!html);
      if (html) { b.innerHTML = html; sysShown = true; }
    }
    $('live-demos').hidden = !(pipes.length || socks.length || d.race.length || cows.length || d.signals.length || ipc || sysShown);
  }

  function procState(pid) {
    if (!pid) return '';
    const p = st.procs.get(pid);
    const s = st.states[pid];
    if (!p || !s) return '';
    return stateCell(pid, s, p);
  }

  function pipeRun(run) {
    const w = run.writer, r = run.reader;
    const q = Math.max(0, Math.min(PIPE_SIZE, run.queued ?? 0));
    const wp = w ? st.procs.get(w.pid) : null, rp = r ? st.procs.get(r.pid) : null;
    const fill = run.freed ? t('live.demo.pipe.freed') : t('live.demo.pipe.queued', { n: fmtBytes(q) });
    let verdict = ''; // (none for a pipe that is gone: no one waits on it)
    if (!run.freed && wp && wp.wait === 'pipe_write') verdict = t('live.demo.pipe.full', { p: w.pid });
    else if (!run.freed && rp && rp.wait === 'pipe_read') verdict = t('live.demo.pipe.empty', { p: r.pid });
    const side = (x, key) => x ? `<div class="pipe-side"><b>${esc(t(key))}</b> ${x.pid} ${procState(x.pid)}<br><span class="big">${esc(fmtBytes(x.bytes))}</span> <span class="muted">${esc(t('live.demo.pipe.rate', { n: (x.rate || 0).toFixed(1) }))}</span></div>` : '';
    return `<div class="pipe-run" data-root="${run.root}">${side(w, 'live.demo.pipe.writer')}` +
      `<div class="pipe-fill${run.freed ? ' freed' : ''}" role="img" aria-label="${esc(fill)}"><div class="bar"><i style="width:${(100 * q / PIPE_SIZE).toFixed(1)}%"></i></div><span>${esc(fill)}</span></div>` +
      `${side(r, 'live.demo.pipe.reader')}${verdict ? `<p class="verdict">${esc(verdict)}</p>` : ''}</div>`;
  }

  function chips(side) {
    if (!side) return `<span class="muted">${esc(t('live.demo.sock.waiting'))}</span>`;
    return side.messages.map((m, i) => `<span class="msg-chip"><code>${esc(JSON.stringify(m))}</code><small>${esc(t('live.bytes', { n: side.sizes[i] ?? m.length }))}</small></span>`).join('');
  }

  function sockRun(run) {
    let verdict = '';
    if (run.sent && run.recv) {
      const key = run.recv.messages.length < run.sent.messages.length ? 'live.demo.sock.merged' : 'live.demo.sock.kept';
      verdict = t(key, { sends: run.sent.messages.length, reads: run.recv.messages.length });
    }
    return `<div class="sock-run" data-type="${esc(run.type)}"><span class="sock-type">${esc(run.type || '?')}</span>` +
      `<div class="sock-row"><b>${esc(t('live.demo.sock.sent'))}</b>${chips(run.sent)}</div>` +
      `<div class="sock-row"><b>${esc(t('live.demo.sock.read'))}</b>${chips(run.recv)}</div>` +
      (verdict ? `<p class="verdict">${esc(verdict)}</p>` : '') + `</div>`;
  }

  function raceTable(runs) {
    const rows = runs.slice().reverse().map(r => {
      const waiting = r.done ? '–' : String(M.lockWaiters(st, r.pid));
      const pct = r.done && r.expected ? ` <small>(${((100 * (r.lost || 0)) / r.expected).toFixed(1)}%)</small>` : '';
      return `<tr class="${r.done && r.lost > 0 ? 'lost' : ''}" data-mode="${esc(r.mode)}"><th>${esc(t(`live.mode.${r.mode}`))}</th>` +
        `<td class="num">${r.procs} × ${r.iters.toLocaleString()}</td><td class="num">${r.expected.toLocaleString()}</td>` +
        `<td class="num">${r.done ? r.actual.toLocaleString() : '…'}</td><td class="num lostn">${r.done ? r.lost.toLocaleString() + pct : '…'}</td>` +
        `<td class="num">${r.done ? esc(t('live.ms', { n: r.elapsed >= 100 ? Math.round(r.elapsed) : r.elapsed.toFixed(1) })) : '…'}</td><td class="num">${waiting}</td></tr>`;
    }).join('');
    return `<table class="metrics race-table"><thead><tr><th>${esc(t('live.demo.race.mode'))}</th><th class="num">${esc(t('live.demo.race.work'))}</th>` +
      `<th class="num">${esc(t('live.demo.race.expected'))}</th><th class="num">${esc(t('live.demo.race.actual'))}</th><th class="num">${esc(t('live.demo.race.lost'))}</th>` +
      `<th class="num">${esc(t('live.demo.race.time'))}</th><th class="num" title="${esc(t('live.demo.race.waiting.title'))}">${esc(t('live.demo.race.waiting'))}</th></tr></thead><tbody>${rows}</tbody></table>` +
      `<p class="muted race-vary">${esc(t('live.demo.race.vary'))}</p>`;
  }

  function cowRun(run) {
    const m = x => (x ? `<td class="num">${esc(fmtBytes(x.pss))}</td><td class="num">${esc(fmtBytes(x.shared))}</td><td class="num">${esc(fmtBytes(x.private))}</td><td class="num muted">${esc(fmtBytes(x.rss))}</td>` : '<td colspan="4" class="muted">…</td>');
    const rows = run.rows.map(r => `<tr data-step="${r.step}"><th>${esc(r.step ? t('live.demo.cow.step', { step: r.step, of: run.of }) : t('live.demo.cow.fork'))}</th>${m(r.parent)}${m(r.child)}</tr>`).join('');
    const sub = `<th class="num">${esc(t('live.col.pss'))}</th><th class="num">${esc(t('live.col.shared'))}</th><th class="num">${esc(t('live.col.private'))}</th><th class="num">RSS</th>`;
    return `<p class="muted cow-sum">${esc(t('live.demo.cow.sum', { mib: run.mib, p: run.root, c: run.child || '?' }))}</p>` +
      `<div class="table-wrap"><table class="metrics cow-table"><thead><tr><th rowspan="2">${esc(t('live.demo.cow.when'))}</th><th colspan="4">${esc(t('live.demo.cow.parent', { p: run.root }))}</th><th colspan="4">${esc(t('live.demo.cow.child', { p: run.child || '?' }))}</th></tr><tr>${sub}${sub}</tr></thead><tbody>${rows}</tbody></table></div>`;
  }

  // watch asks for 50 Hz sampling of the processes on screen.
  function watch() {
    const pids = ui.shown && ui.status === 'ready' ? M.watchList(st) : [];
    const key = pids.join(',');
    if (key === ui.lastWatch || !ui.ws) return;
    ui.lastWatch = key;
    // A process may end before the server reads this: such a refusal is
    // not the user's business; the next redraw asks again.
    cmd({ type: 'watch', pids }).catch(() => { if (ui.lastWatch === key) ui.lastWatch = ''; });
  }

  function relabel() {
    diagram.relabel();
    renderLegend($('live-legend'), null, '-live', LEGEND);
    drawOff();
    drawSpawn();
    drawTeacher();
    drawLessons();
    drawLesson();
    // A new language: the panel's words change, its code does not.
    const code = $('live-source-code');
    if (code) delete code.dataset.file;
    drawSource();
    if (ui.shown) render(false);
  }

  // ---- events ----------------------------------------------------------------

  $('live-workload').addEventListener('change', e => { ui.workload = e.target.value; drawArgs(); });
  $('live-spawn-form').addEventListener('submit', e => { e.preventDefault(); spawnFromPanel(); });
  $('live-killall').addEventListener('click', killAll);
  $('live-actions').addEventListener('click', e => { const b = e.target.closest('button[data-act]'); if (b && !b.disabled) onAction(b); });
  $('live-procs').addEventListener('click', e => {
    const b = e.target.closest('button[data-act]');
    if (b) { if (!b.disabled) onAction(b); return; }
    const tr = e.target.closest('tr[data-pid]');
    if (tr) { ui.selected = Number(tr.dataset.pid); schedule(false); }
  });
  $('live-procs').addEventListener('keydown', e => {
    const tr = e.target.closest('tr[data-pid]');
    if (tr && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); ui.selected = Number(tr.dataset.pid); schedule(false); }
  });
  $('live-diagram').addEventListener('click', e => {
    const g = e.target.closest('[data-pid]');
    if (g) { ui.selected = Number(g.dataset.pid); schedule(false); }
  });
  $('live-lessons').addEventListener('click', e => { const b = e.target.closest('button[data-live-lesson]'); if (b) openLesson(b.dataset.liveLesson); });
  $('live-steps').addEventListener('click', e => { const b = e.target.closest('button[data-do]'); if (b && !b.disabled) doStep(Number(b.dataset.do)); });
  $('live-lesson-close').addEventListener('click', closeLesson);
  $('live-error').querySelector('.close').addEventListener('click', clearError);
  $('live-token-form').addEventListener('submit', e => {
    e.preventDefault();
    const key = $('live-token').value.trim();
    $('live-token').value = '';
    if (key) sendKey(key);
  });
  renderLegend($('live-legend'), null, '-live', LEGEND);

  function hash() {
    return ui.lesson ? `#live/${ui.lesson.id}` : '#live';
  }

  // ---- issue 13: a room's follower sees the teacher's live lab (room.js) ----
  // While relayed the page has no live session of its own: the room's live
  // messages (live_hello, live_snapshot, live_events, relayed from the
  // teacher's server) feed this view, and body has the class "live-relay"
  // (room.css hides every control that acts on a process). Ending the
  // relay (the student detaches or leaves the room) lets the page open
  // its own session, as any page may.
  function setRelay(on) {
    if (!!ui.relay === on) return;
    ui.relay = on;
    document.body.classList.toggle('live-relay', on);
    clearTimeout(ui.retryTimer);
    const ws = ui.ws;
    // Its close handler sees another socket and does nothing; the commands
    // still waiting on it fail now (a kill sent just before would keep the
    // actions busy for good, and a spawn's answer would never come).
    forgetSocket();
    if (ws) { try { ws.close(1000, on ? 'following a room' : 'relay ended'); } catch { /* closed already */ } }
    setStatus(on ? 'relay' : 'idle');
    drawOff();
    if (!on && ui.started) check();
  }

  return {
    show() {
      ui.shown = true;
      $('live').hidden = false;
      if (!ui.started) {
        ui.started = true;
        drawLessons();
        fetchLessons();
        check();
      }
      // The process view may have opened another lesson meanwhile.
      if (ui.lesson && api.openTwin) api.openTwin(ui.lesson.twin);
      placeTwin();
      drawOff();
      drawLesson();
      clearInterval(ui.tick);
      ui.tick = setInterval(() => {
        if (ui.status !== 'ready') return;
        if (M.advance(st, now())) schedule(false); else drawTimeline();
      }, M.BUCKET_MS);
      render(false);
    },
    hide() {
      ui.shown = false;
      $('live').hidden = true;
      clearInterval(ui.tick);
      placeTwin();
      watch();
    },
    openLesson,
    closeLesson,
    hash,
    relabel,
    resize() { if (ui.shown) drawTimeline(); },
    twinShown: () => !!(ui.lesson && ui.shown),
    relay: setRelay, // issue 13
    feed(msg) { // issue 13: one relayed message of the live websocket
      if (!ui.relay || !msg || typeof msg !== 'object' || !/^live_(hello|snapshot|events)$/.test(msg.type)) return;
      // The relay sends events as they come and the hello with the whole
      // table every 2 s: the view is live from whichever comes first.
      if (ui.status === 'relay' && msg.type !== 'live_hello') { setStatus('ready'); drawOff(); }
      handle(msg);
    },
    state: () => st,
  };
}
