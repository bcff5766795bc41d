// room.js: the classroom's page side (issue 13, the room front end). A
// teacher starts a room (POST /api/rooms) and every student's page that
// joins it follows the teacher: the room websocket (/ws/room, see
// docs/protocol.md) carries the teacher's place as a share-link fragment,
// and each follower opens it as opening that link would. The teacher asks
// questions (room-ask.js makes them) and sees the class's answers as a
// live histogram before revealing them; a student who uses any control of
// the lab detaches to explore alone and can rejoin.
//
// The page (app.js) gives createRoom its hooks (see createRoom). Hooks for
// browser tests:
//   - #btn-room (header) opens #room-dialog: #room-start (teacher),
//     #room-code-input and #room-join (student), #room-code-error;
//   - body data-room "teacher" or "follower" in a room ("" outside one),
//     data-room-follow "following" or "alone" (a follower), data-room-conn
//     "open" or "closed" (the room socket), data-room-seq (the seq of the
//     last state message: a follower receives every one, detached or not,
//     and the teacher's own is its acknowledgement), data-room-sync (the
//     teacher's: "1" when the room has acknowledged the place shown, "0"
//     while a change is on its way);
//   - the teacher's #room-bar: #room-code (the code), #room-url (the join
//     link), #room-qr-thumb and #room-qr-btn / #room-qr-show (the
//     full-screen QR, #room-qr-overlay with #room-qr-big), #room-count
//     (data-followers, data-detached), #room-ask-btn, #room-close;
//   - a follower's #room-follow: #room-follow-text, #room-rejoin,
//     #room-leave;
//   - #room-note (data-key: the i18n key of a room message) with
//     #room-note-close;
//   - the question card #room-q: data-qid, data-state "open", "voted" or
//     "revealed", data-role, data-opened-at (the page's clock, ms, when the
//     question came: the room takes one question every 2 s),
//     data-reveal-step (after the reveal: the step that shows the answer); #room-q-prompt; #room-q-options with one
//     li[data-index] per option (data-count, data-pct on the teacher's
//     histogram and after a reveal; class "right" for a right option and
//     "mine" for the student's own choice; a student's input[type=radio
//     or checkbox] inside); #room-q-votes (data-voters); #room-q-send,
//     #room-q-reveal, #room-q-hide (folds the card into the button
//     #room-q-pill); #room-q-note.
import { t, pick, getLang } from './i18n.js';
import './i18n-room.js'; // the classroom's strings, loaded with it (issue 14, part 6)
import {
  readCode, joinURL, joinBase, qrURL, createPacer, roomRetryDelay, PING_EVERY, FATAL_ERRORS, KEY_PREFIX,
  optionLetter, followerText, linkHash, ENGINE_KINDS,
} from './room-model.js';
import { drawCard } from './room-card.js';
import { createAsk } from './room-ask.js';
import { onPageLeave } from './conn.js';
import { toWire, runFor, POLICY_IDS } from './sched-model.js';
import { isLoopbackHost } from './urlstate.js';
import { getLimits } from './limits.js';

const $ = id => document.getElementById(id);
const TEACHING = 'proclab.room.teaching'; // sessionStorage: the room this tab teaches
const TOKEN = 'proclab.room.token.'; // sessionStorage + code: this tab's follower token
const VOTE = 'proclab.room.vote.'; // sessionStorage + question id: the choices sent

// What a click, change or key of the lab does not detach a follower with:
// the room's own controls, the language, the display (theme, size,
// presenter mode), Share, Export and the keyboard help.
const KEEP_FOLLOWING = '.room-ui, #btn-lang, #btn-present, #btn-display, #display-menu, #btn-keys, #keys-dialog, #btn-share, #share-dialog, #btn-export, #export-menu, .export-menu, #banner';

// keepBarsHeight keeps in --room-h, on the root element, the height in CSS
// px that the room's bars shown (of bars) take between the header and the
// page's first screen, margins included: room.css takes it from the first
// screen (--fit), presenter.css from presenter mode's diagram card, so that
// the bars push neither the diagram nor the narration under the controls.
function keepBarsHeight(bars) {
  let h = 0;
  for (const b of bars) {
    if (!b.getClientRects().length) continue;
    const cs = getComputedStyle(b);
    h += b.getBoundingClientRect().height + parseFloat(cs.marginTop) + parseFloat(cs.marginBottom);
  }
  const root = document.documentElement, v = `${Math.ceil(h)}px`;
  if (root.style.getPropertyValue('--room-h') !== v) root.style.setProperty('--room-h', v);
}

// The lab's controls: what the user works them with.
const CONTROL = 'button, select, input, textarea, a[href], [role="tab"], [data-choose], summary';
// The lab's keyboard shortcuts that move the run (controls.js): step,
// back, play, reset, the last step and N (the next interesting event).
// F, +, - and ? change only how this page looks.
const MOVING_KEYS = new Set(['ArrowRight', 'ArrowLeft', 'Home', 'End', ' ', 'Spacebar', 'n', 'N']);

// CLOSE_CONFIRM_MS is how long (ms) "Close the room" waits for the click
// that confirms it.
const CLOSE_CONFIRM_MS = 5000;

const store = {
  get(s, k) { try { return s.getItem(k); } catch { return null; } },
  set(s, k, v) { try { s.setItem(k, v); } catch { /* private mode: the room works without */ } },
  del(s, k) { try { s.removeItem(k); } catch { /* as above */ } },
};
const local = () => globalThis.localStorage;
const session = () => globalThis.sessionStorage;

// createRoom wires the classroom. deps (from app.js):
//   linkNow(): Promise<string|null>: the fragment (without '#') of the
//     view shown, in no language (each follower keeps its own); '' or
//     null when there is nothing to follow (the welcome);
//   openLink(hash): Promise: show a fragment ('#s=1.…', '#sched/ID', …)
//     as opening that link would (the same run: a seek), leaving the
//     address alone;
//   seek(step): move the teacher's run to a step (after a reveal);
//   view(): what askKinds (room-model.js) needs, and tasks: [{pid, name}];
//   loadFields(): the load command of the run shown (for engine
//     questions), or null;
//   sched(): the scheduling view's {lesson (its id, or ''), state (its
//     shareState)}, for the average-waiting-time question;
//   liveRelay(on): show the teacher's relayed live lab instead of a live
//     session of this page's own (on while following); liveFeed(msg): one
//     relayed live message;
//   addressChanged(): the room's part of the address changed (app.js
//     writes it again: #room/CODE while following, the view's own link
//     otherwise).
// It returns {route(hash), viewChanged(), addressNow(), relabel(),
// resume()}. All of it runs on the page's event loop.
export function createRoom(deps) {
  const st = {
    role: '', // '' (no room), 'teacher' or 'follower'
    code: '',
    key: '', // the teacher key
    token: '', // the follower token
    ws: null,
    open: false, // the socket is open and the room answered
    attempt: 0, // reconnects since the last answer
    retryTimer: 0,
    pingTimer: 0,
    detached: false,
    lastLink: null, // the teacher's last state link heard
    sentLink: null, // the teacher's last state link sent
    linkSeq: 0, // changes of the teacher's place offered to the pacer
    doneSeq: 0, // ... and the last one whose link was sent (or was the same)
    ackedLink: null, // the teacher's last state link the room sent back
    want: null, // a link waiting to be shown (a follower)
    applying: false,
    followers: 0,
    alone: 0,
    q: null, // the open or last question: {id, kind, prompt, options, multi, step}
    voted: false,
    mine: null, // the choices this page sent
    reveal: null, // {answer, counts, voters, explain, reveal_step}
    tally: null, // {counts, voters}
    qHidden: false, // the card is folded into its button
    openedAt: 0, // when the question came (this page's clock, ms)
    note: null, // {key, params, kind}
    join: null, // the join link's base: {base, local} (room-model.js joinBase)
  };

  const pacer = createPacer(() => { sendState(); });
  const ask = createAsk({
    view: () => deps.view(),
    policies: () => POLICY_IDS,
    send: msg => buildAsk(msg),
    busy: () => !!(st.q && !st.reveal),
  });

  // ---- the socket ---------------------------------------------------------

  function wsSend(msg) {
    if (!st.ws || st.ws.readyState !== WebSocket.OPEN) return false;
    st.ws.send(JSON.stringify({ v: 1, ...msg }));
    return true;
  }

  function connect() {
    clearTimeout(st.retryTimer);
    st.retryTimer = 0;
    if (st.ws || !st.role) return;
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    let ws;
    try {
      ws = new WebSocket(`${proto}//${location.host}/ws/room`);
    } catch {
      dropped();
      return;
    }
    st.ws = ws;
    ws.addEventListener('open', () => {
      if (st.ws !== ws) return;
      const join = { type: 'join', code: st.code };
      if (st.key) join.key = st.key;
      if (st.token) join.token = st.token;
      ws.send(JSON.stringify({ v: 1, ...join }));
    });
    ws.addEventListener('message', ev => {
      if (st.ws !== ws) return;
      let msg;
      try { msg = JSON.parse(ev.data); } catch { return; }
      try { handle(msg); } catch (err) { console.warn('ProcLab room: cannot handle', msg && msg.type, err); }
    });
    ws.addEventListener('close', () => {
      if (st.ws !== ws) return;
      st.ws = null;
      st.open = false;
      clearInterval(st.pingTimer);
      document.body.dataset.roomConn = 'closed';
      if (!st.role) return; // the page left the room: not a drop
      dropped();
    });
    ws.addEventListener('error', () => {});
  }

  // dropped reconnects with backoff (the same token and key: the room
  // knows this page again, and its vote with it).
  function dropped() {
    if (!st.role) return;
    showNote('room.reconnecting', {}, 'wait');
    const delay = roomRetryDelay(st.attempt++, Math.random());
    st.retryTimer = setTimeout(connect, delay);
  }

  // A page hidden or put into the back/forward cache leaves the room's
  // socket (conn.js onPageLeave), keeping its role, token and key; shown
  // again from that cache it joins again, as after a dropped connection.
  onPageLeave(disconnect, () => { if (st.role && !st.ws) { st.attempt = 0; connect(); } });

  function disconnect() {
    clearTimeout(st.retryTimer);
    clearInterval(st.pingTimer);
    st.retryTimer = 0;
    const ws = st.ws;
    st.ws = null;
    st.open = false;
    if (ws) { try { ws.close(1000, 'left'); } catch { /* closed already */ } }
  }

  // ---- messages -----------------------------------------------------------

  function handle(msg) {
    switch (msg.type) {
      case 'room': onRoom(msg); break;
      case 'state':
        if (typeof msg.link !== 'string') return;
        st.lastLink = msg.link;
        if (Number.isInteger(msg.seq)) document.body.dataset.roomSeq = String(msg.seq);
        if (st.role === 'teacher') { st.ackedLink = msg.link; drawSync(); }
        if (st.role === 'follower' && !st.detached) show(msg.link);
        break;
      case 'question':
        if (msg.question && typeof msg.question === 'object') setQuestion(msg.question, false, null);
        break;
      case 'voted':
        if (st.q && msg.id === st.q.id) { st.voted = true; drawQuestion(); }
        break;
      case 'tally':
        if (st.q && msg.id === st.q.id) { st.tally = { counts: msg.counts, voters: msg.voters }; drawQuestion(); }
        break;
      case 'reveal':
        if (st.q && msg.id === st.q.id) onReveal(msg);
        break;
      case 'followers':
        st.followers = msg.followers | 0;
        st.alone = msg.detached | 0;
        drawBar();
        if (st.q) drawQuestion(); // the answers against the students here (votesLine)
        break;
      case 'closed':
        leave(msg.why === 'expired' ? 'room.expired' : 'room.closed');
        break;
      case 'live': // the teacher's live lab, relayed to its followers
        if (st.role === 'follower' && !st.detached) deps.liveFeed(msg.msg);
        break;
      case 'pong':
        break;
      case 'error': onError(msg); break;
    }
  }

  function onRoom(msg) {
    const first = !st.open;
    st.open = true;
    st.attempt = 0;
    document.body.dataset.roomConn = 'open';
    if (st.note && (st.note.key === 'room.reconnecting' || st.note.kind === 'wait')) clearNote();
    st.role = msg.role === 'teacher' ? 'teacher' : 'follower';
    if (typeof msg.token === 'string' && msg.token) {
      st.token = msg.token;
      if (st.role === 'follower') store.set(session(), TOKEN + st.code, msg.token);
    }
    if (st.role === 'teacher') store.set(session(), TEACHING, st.code);
    st.followers = msg.followers | 0;
    st.alone = msg.detached | 0;
    clearInterval(st.pingTimer);
    st.pingTimer = setInterval(() => wsSend({ type: 'ping' }), PING_EVERY);
    if (msg.question && typeof msg.question === 'object') {
      const voted = !!msg.voted;
      const same = st.q && st.q.id === msg.question.id;
      setQuestion(msg.question, voted, same ? st.reveal : null);
      // A page that comes back after the reveal sees the answer (and does
      // not step on again); the teacher's page gets the tally so far.
      const r = msg.reveal;
      if (r && typeof r === 'object' && r.id === msg.question.id) st.reveal = readReveal(r);
      const tl = msg.tally;
      if (tl && typeof tl === 'object' && tl.id === msg.question.id) st.tally = { counts: tl.counts, voters: tl.voters };
    } else if (st.q && !st.reveal) {
      st.q = null; // the question closed while the page was away
    }
    const link = msg.state && typeof msg.state.link === 'string' ? msg.state.link : null;
    if (msg.state && Number.isInteger(msg.state.seq)) document.body.dataset.roomSeq = String(msg.state.seq);
    st.lastLink = link;
    if (st.role === 'teacher') {
      // The room follows this page: say where it is (again, after a drop).
      pacer.reset();
      st.sentLink = null;
      st.ackedLink = link;
      viewChanged();
    } else if (st.detached) {
      // Back after a drop while exploring alone: the room counts this page
      // as following again until it hears otherwise.
      wsSend({ type: 'detach' });
    } else {
      // A fresh room message answers a join or a rejoin: follow.
      if (link !== null) show(link);
    }
    drawAll();
    if (first) deps.addressChanged();
  }

  function onError(msg) {
    const code = typeof msg.code === 'string' ? msg.code : 'unknown';
    if (code === 'already_voted' && st.q) { st.voted = true; drawQuestion(); return; }
    if (FATAL_ERRORS.has(code) && !st.open) {
      // A teacher key this room does not know is of no use: the page
      // forgets it (and can join as a student).
      if (code === 'bad_key') store.del(local(), KEY_PREFIX + st.code);
      leave(`room.err.${code}`);
      return;
    }
    // The server's English message goes with the translation in English
    // (in Chinese it is the note's tooltip), as the lab's banner does.
    const key = `room.err.${code}`;
    const english = String(msg.message || '').slice(0, 300);
    if (t(key) !== key) showNote(key, { code: st.code }, 'error', english);
    else showNote('room.err.other', { msg: english || code }, 'error');
  }

  // ---- following ----------------------------------------------------------

  // show opens the teacher's link; links that come while one is being
  // opened wait, and only the newest is opened next.
  async function show(link) {
    st.want = link;
    if (st.applying) return;
    st.applying = true;
    try {
      while (st.want !== null) {
        const l = st.want;
        st.want = null;
        if (st.role !== 'follower' || st.detached) break;
        if (l) await deps.openLink(linkHash(l));
      }
    } finally {
      st.applying = false;
      st.want = null;
      deps.addressChanged();
    }
  }

  function detach() {
    if (st.role !== 'follower' || st.detached) return;
    st.detached = true;
    st.want = null;
    wsSend({ type: 'detach' });
    drawFollow();
  }

  function rejoin() {
    if (st.role !== 'follower') return;
    if (!wsSend({ type: 'rejoin' })) return;
    // The room answers with a fresh room message, which shows the
    // teacher's place; until then the banner says so.
    st.detached = false;
    drawFollow();
  }

  // A trusted click, change or moving key on a lab control detaches.
  function onUserEvent(e) {
    if (st.role !== 'follower' || st.detached || !e.isTrusted) return;
    const el = e.target && e.target.closest ? e.target : null;
    if (!el || el.closest(KEEP_FOLLOWING)) return;
    if (e.type === 'keydown') {
      if (e.ctrlKey || e.metaKey || e.altKey || !MOVING_KEYS.has(e.key)) return;
      const tag = el.tagName;
      if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable) return;
      const dlg = el.closest('dialog');
      if (dlg && dlg.open) return;
      if ((e.key === ' ' || e.key === 'Spacebar') && tag === 'BUTTON') return; // the button's own click says
      detach();
      return;
    }
    if (!el.closest(CONTROL)) return;
    detach();
  }

  // ---- the teacher's place --------------------------------------------------

  // viewChanged: the page shows something else (a step, a seek, a load, a
  // tab...). The teacher's state goes out at most STATE_INTERVAL apart.
  function viewChanged() {
    if (st.role !== 'teacher' || !st.open) return;
    pacer.offer(++st.linkSeq);
    drawSync();
  }

  async function sendState() {
    const n = st.linkSeq;
    let link;
    try { link = await deps.linkNow(); } catch { link = null; }
    if (n !== st.linkSeq) return; // a newer change computes its own link
    st.doneSeq = n;
    if (typeof link === 'string' && link && link !== st.sentLink && wsSend({ type: 'state', link })) st.sentLink = link;
    drawSync();
  }

  // drawSync says (body data-room-sync) whether the room has acknowledged
  // the teacher's place shown: "1" once every change is sent and the last
  // link sent came back, "0" while one is on its way.
  function drawSync() {
    if (st.role !== 'teacher') { delete document.body.dataset.roomSync; return; }
    document.body.dataset.roomSync = st.doneSeq === st.linkSeq && st.ackedLink === st.sentLink ? '1' : '0';
  }

  // ---- questions ----------------------------------------------------------

  function buildAsk(spec) {
    if (st.role !== 'teacher') return false;
    let msg;
    if (spec.kind === 'free') msg = { type: 'ask', question: spec.question };
    else if (spec.kind === 'avg_wait') {
      const sched = schedBody(spec.policy);
      if (!sched) return false;
      msg = { type: 'ask', kind: 'avg_wait', sched, policy: spec.policy };
    } else {
      const load = deps.loadFields();
      if (!load) return false;
      msg = { type: 'ask', kind: spec.kind, load };
      if (spec.kind === 'next_state' && Number.isInteger(spec.pid)) msg.pid = spec.pid;
    }
    return wsSend(msg);
  }

  // schedBody is the POST /api/schedule body of the scheduling view shown,
  // with one run under policy (the lesson's own workload for a lesson),
  // or null when its workload does not check.
  function schedBody(policy) {
    const s = deps.sched();
    if (!s || !s.state || !POLICY_IDS.includes(policy)) return null;
    const run = runFor(policy, s.state.ed && s.state.ed.quantum, getLimits());
    if (s.lesson) return { lesson: s.lesson, runs: [run] };
    const w = toWire(s.state.ed, getLimits());
    return w.ok ? { workload: w.workload, runs: [run] } : null;
  }

  function setQuestion(q, voted, reveal) {
    const changed = !st.q || st.q.id !== q.id;
    st.q = {
      id: q.id, kind: String(q.kind || 'free'), prompt: q.prompt, multi: !!q.multi,
      options: Array.isArray(q.options) ? q.options.slice(0, 16) : [], step: Number.isInteger(q.step) ? q.step : null,
    };
    if (changed) {
      st.openedAt = Date.now();
      st.tally = null;
      st.reveal = reveal;
      st.qHidden = false;
      const saved = store.get(session(), VOTE + q.id);
      try { st.mine = saved ? JSON.parse(saved) : null; } catch { st.mine = null; }
    }
    st.voted = voted || (changed ? false : st.voted);
    drawQuestion();
    if (changed) announce(`${t('room.q.title')}: ${pick(q.prompt)}`);
  }

  function vote() {
    if (!st.q || st.voted || st.reveal || st.role !== 'follower') return;
    const picked = [...$('room-q-options').querySelectorAll('input:checked')].map(i => Number(i.value)).filter(Number.isInteger);
    if (!picked.length) return;
    if (!wsSend({ type: 'vote', id: st.q.id, choices: picked })) return;
    st.mine = picked;
    store.set(session(), VOTE + st.q.id, JSON.stringify(picked));
    $('room-q-send').disabled = true;
  }

  // readReveal reads a reveal (its message, or the room message's).
  function readReveal(msg) {
    return {
      answer: Array.isArray(msg.answer) ? msg.answer.filter(Number.isInteger) : [], counts: msg.counts, voters: msg.voters,
      explain: msg.explain, step: Number.isInteger(msg.reveal_step) ? msg.reveal_step : null,
    };
  }

  function onReveal(msg) {
    st.reveal = readReveal(msg);
    st.qHidden = false;
    drawQuestion();
    announce(`${t('room.q.revealed')}: ${st.reveal.answer.map(optionLetter).join(', ')}. ${$('room-q-note').textContent}`);
    // The teacher's page steps on to where the answer shows; that sends
    // its new state to the class.
    // A question of the teacher's own names no step.
    if (st.role === 'teacher' && st.reveal.step !== null && ENGINE_KINDS.has(st.q.kind)) deps.seek(st.reveal.step);
  }

  // ---- joining and leaving --------------------------------------------------

  // enter joins room code as the teacher (with a key) or a follower.
  function enter(code, key) {
    if (st.role && st.code === code && st.ws) return;
    if (st.role) leave('', true);
    st.code = code;
    st.key = key || store.get(local(), KEY_PREFIX + code) || '';
    st.token = st.key ? '' : store.get(session(), TOKEN + code) || '';
    st.role = st.key ? 'teacher' : 'follower';
    st.detached = false;
    st.q = null;
    st.reveal = null;
    st.tally = null;
    st.followers = 0;
    st.alone = 0;
    st.attempt = 0;
    showNote('room.joining', { code }, 'wait');
    drawAll();
    connect();
    if (st.role === 'teacher') fetchJoinBase();
  }

  // leave leaves the room: key is the note to show (none when ''); quiet
  // leaves the address to the caller.
  function leave(key, quiet) {
    const was = st.role;
    const code = st.code;
    if (was === 'teacher' && key === 'room.closed') {
      store.del(local(), KEY_PREFIX + code);
    }
    if (was === 'teacher') store.del(session(), TEACHING);
    if (was === 'follower') store.del(session(), TOKEN + code);
    st.role = '';
    disconnect();
    pacer.cancel();
    st.q = null;
    st.reveal = null;
    st.detached = false;
    st.want = null;
    closeQR();
    ask.close();
    if (key) showNote(key, { code }, key === 'room.closed' ? 'info' : 'error'); else clearNote();
    drawAll();
    if (!quiet) deps.addressChanged();
  }

  async function startRoom() {
    const status = $('room-start-status');
    status.textContent = t('room.starting');
    $('room-start').disabled = true;
    try {
      const res = await fetch('/api/rooms', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: '{}' });
      let body = null;
      try { body = await res.json(); } catch { /* said below */ }
      const parsed = body && readCode(body.code);
      if (!res.ok || !parsed || !parsed.ok || typeof body.key !== 'string' || !body.key) {
        // Said by its code in the page's language when the catalog has it
        // (rate_limited, busy, links_off...), else in the server's words.
        const code = body && typeof body.code === 'string' && /^[a-z_]{1,40}$/.test(body.code) ? body.code : '';
        const m = body && typeof body.message === 'string' ? body.message : `HTTP ${res.status}`;
        const key = `room.err.${code}`;
        status.textContent = `${t('room.err.start')} ${code && t(key, { code: '' }) !== key ? t(key, { code: '' }) : m}`;
        return;
      }
      store.set(local(), KEY_PREFIX + parsed.code, body.key);
      status.textContent = '';
      $('room-dialog').close();
      enter(parsed.code, body.key);
    } catch (err) {
      status.textContent = `${t('room.err.start')} ${err && err.message ? err.message : ''}`;
    } finally {
      $('room-start').disabled = false;
    }
  }

  function joinTyped() {
    const r = readCode($('room-code-input').value);
    const err = $('room-code-error');
    if (!r.ok) {
      err.textContent = t(`room.code.err.${r.error}`, { bad: r.bad || '' });
      err.hidden = false;
      $('room-code-input').setAttribute('aria-invalid', 'true');
      $('room-code-input').focus();
      return;
    }
    err.hidden = true;
    $('room-code-input').removeAttribute('aria-invalid');
    $('room-dialog').close();
    // The room's own address: back and reload come back to it.
    if (location.hash !== `#room/${r.code}`) location.hash = `#room/${r.code}`;
    else enter(r.code);
  }

  // fetchJoinBase asks for the teacher's --public-url and this computer's
  // network addresses (the Share dialog's GET /api/addresses), so that the
  // join link and its QR code work from the students' machines.
  async function fetchJoinBase() {
    const loopback = isLoopbackHost(location.hostname);
    let a = null;
    try {
      const res = await fetch('/api/addresses', { headers: { Accept: 'application/json' } });
      if (res.ok) a = await res.json();
    } catch { /* the page's own origin, below */ }
    st.join = joinBase(a, location.origin, loopback);
    drawBar();
  }

  // ---- drawing ------------------------------------------------------------

  function showNote(key, params, kind, english) {
    st.note = { key, params, kind, english: english || '' };
    drawNote();
  }

  function clearNote() {
    st.note = null;
    drawNote();
  }

  function drawNote() {
    const n = $('room-note');
    if (!st.note) { n.hidden = true; delete n.dataset.key; return; }
    n.hidden = false;
    n.dataset.key = st.note.key;
    n.dataset.kind = st.note.kind;
    const { english } = st.note;
    const text = t(st.note.key, st.note.params);
    $('room-note-text').textContent = english && getLang() === 'en' && st.note.key !== 'room.err.other' ? `${text} ${english}` : text;
    $('room-note-text').title = english;
  }

  function url() {
    return joinURL(st.join ? st.join.base : location.origin, st.code);
  }

  function drawBar() {
    const bar = $('room-bar');
    const on = st.role === 'teacher';
    bar.hidden = !on;
    if (!on) return;
    $('room-code').textContent = st.code;
    const u = url();
    const a = $('room-url');
    a.href = u;
    a.textContent = u.replace(/^https?:\/\//, '');
    const warn = $('room-url-local');
    warn.hidden = !(st.join && st.join.local);
    warn.textContent = t('room.url.local', { flag: `--addr 0.0.0.0:${location.port || (location.protocol === 'https:' ? 443 : 80)}` });
    const thumb = $('room-qr-thumb');
    if (thumb.dataset.text !== u) { thumb.src = qrURL(u); thumb.dataset.text = u; }
    thumb.alt = t('room.qr.alt', { url: u });
    const c = followerText(st.followers, st.alone);
    const count = $('room-count');
    count.textContent = t(c.key, c.params);
    count.dataset.followers = String(st.followers);
    count.dataset.detached = String(st.alone);
    $('room-ask-btn').disabled = !st.open;
    if (!$('room-qr-overlay').hidden) drawQR();
  }

  function drawFollow() {
    const box = $('room-follow');
    const on = st.role === 'follower';
    // A follower sees the teacher's live lab, relayed, and has no live
    // session of its own while it follows.
    deps.liveRelay(on && !st.detached);
    box.hidden = !on;
    document.body.dataset.roomFollow = on ? (st.detached ? 'alone' : 'following') : '';
    if (!on) return;
    box.classList.toggle('alone', st.detached);
    $('room-follow-text').textContent = t(st.detached ? 'room.alone' : 'room.follow', { code: st.code });
    $('room-rejoin').hidden = !st.detached;
  }

  function drawQR() {
    const u = url();
    const big = $('room-qr-big');
    if (big.dataset.text !== u) { big.src = qrURL(u); big.dataset.text = u; }
    big.alt = t('room.qr.alt', { url: u });
    $('room-qr-code').textContent = st.code;
    $('room-qr-hint').textContent = t('room.qr.hint', { url: u.replace(/^https?:\/\//, '') });
    $('room-qr-codelabel').textContent = t('room.bar.code');
  }

  function openQR() {
    if (st.role !== 'teacher') return;
    drawQR();
    const o = $('room-qr-overlay');
    o.hidden = false;
    $('room-qr-close').focus();
  }

  function closeQR() {
    const o = $('room-qr-overlay');
    if (o.hidden) return;
    o.hidden = true;
    if (st.role === 'teacher') $('room-qr-btn').focus();
  }

  // announce says a new question or its answer to screen readers (the
  // card itself redraws with every tally).
  function announce(text) {
    const a = $('room-announce');
    a.textContent = '';
    a.textContent = text;
  }

  function drawQuestion() {
    drawCard(st);
    fitCard();
  }

  // fitCard keeps the teacher's card below the room bar, so that Ask and
  // Show QR stay within reach while a question shows (the card scrolls).
  function fitCard() {
    const card = $('room-q');
    const bar = $('room-bar');
    if (card.hidden || bar.hidden) { card.style.maxHeight = ''; return; }
    const top = Math.max(0, bar.getBoundingClientRect().bottom) + 8;
    const bottom = parseFloat(getComputedStyle(card).bottom) || 0;
    card.style.maxHeight = `${Math.max(160, Math.round(innerHeight - top - bottom))}px`;
  }


  function drawAll() {
    document.body.dataset.room = st.role;
    document.body.classList.toggle('in-room', !!st.role);
    drawBar();
    drawFollow();
    drawQuestion();
    drawNote();
  }

  function openDialog() {
    const dlg = $('room-dialog');
    $('room-code-error').hidden = true;
    $('room-start-status').textContent = '';
    $('room-in').hidden = !st.role;
    $('room-in-text').textContent = st.role ? t(st.role === 'teacher' ? 'room.teacher' : 'room.follow', { code: st.code }) : '';
    if (!dlg.open) dlg.showModal();
    $('room-code-input').focus();
  }

  // ---- wiring -------------------------------------------------------------

  $('btn-room').addEventListener('click', openDialog);
  $('room-start').addEventListener('click', startRoom);
  $('room-join-form').addEventListener('submit', e => { e.preventDefault(); joinTyped(); });
  $('room-code-input').addEventListener('input', () => { $('room-code-error').hidden = true; $('room-code-input').removeAttribute('aria-invalid'); });
  $('room-rejoin').addEventListener('click', rejoin);
  $('room-leave').addEventListener('click', () => leave(''));
  // Closing the room ends it for every student: the button asks first
  // (its second click within CLOSE_CONFIRM_MS closes).
  let closeTimer = 0;
  const unconfirm = () => {
    clearTimeout(closeTimer);
    closeTimer = 0;
    const b = $('room-close');
    delete b.dataset.confirm;
    b.textContent = t('room.close');
  };
  $('room-close').addEventListener('click', () => {
    const b = $('room-close');
    if (b.dataset.confirm !== '1') {
      b.dataset.confirm = '1';
      b.textContent = t('room.close.confirm', { code: st.code });
      clearTimeout(closeTimer);
      closeTimer = setTimeout(unconfirm, CLOSE_CONFIRM_MS);
      return;
    }
    unconfirm();
    if (!wsSend({ type: 'close' })) leave('room.closed');
  });
  $('room-qr-btn').addEventListener('click', openQR);
  $('room-qr-show').addEventListener('click', openQR);
  $('room-qr-close').addEventListener('click', closeQR);
  $('room-qr-overlay').addEventListener('click', e => { if (e.target === $('room-qr-overlay')) closeQR(); });
  document.addEventListener('keydown', e => { if (e.key === 'Escape' && !$('room-qr-overlay').hidden) { e.preventDefault(); e.stopPropagation(); closeQR(); } }, true);
  $('room-ask-btn').addEventListener('click', () => ask.open());
  $('room-q-send').addEventListener('click', vote);
  $('room-q-reveal').addEventListener('click', () => wsSend({ type: 'reveal' }));
  $('room-q-hide').addEventListener('click', () => { st.qHidden = true; drawQuestion(); $('room-q-pill').focus(); });
  $('room-q-pill').addEventListener('click', () => { st.qHidden = false; drawQuestion(); $('room-q-prompt').focus(); });
  $('room-note-close').addEventListener('click', clearNote);
  for (const type of ['click', 'change', 'keydown']) document.addEventListener(type, onUserEvent, true);
  window.addEventListener('resize', fitCard);
  window.addEventListener('scroll', fitCard, { passive: true });
  if (globalThis.ResizeObserver) {
    // The bar grows (its warning, a wrap): the card fits again. The bars
    // (a message, the teacher's bar, a follower's banner) keep their height
    // in --room-h.
    const bars = ['room-note', 'room-bar', 'room-follow'].map($);
    const ro = new ResizeObserver(() => { fitCard(); keepBarsHeight(bars); });
    for (const b of bars) ro.observe(b, { box: 'border-box' });
  }
  window.addEventListener('online', () => { if (st.role && !st.ws) { st.attempt = 0; connect(); } });
  drawAll();

  return {
    // route handles a room's address (#room/CODE): it joins the room and
    // answers true; false for any other address. A room joined by its
    // address is left when the address goes elsewhere (back, a link).
    route(hash) {
      const m = /^#room\/(.*)$/i.exec(hash || '');
      if (!m) {
        if (st.role === 'follower') leave('', true);
        return false;
      }
      const r = readCode(m[1]);
      if (!r.ok) { showNote('room.err.room_not_found', { code: m[1].slice(0, 12) }, 'error'); return true; }
      enter(r.code);
      return true;
    },
    viewChanged,
    // addressNow is the address fragment a follower's page keeps
    // (#room/CODE), or '' when the page's own view names it.
    addressNow: () => (st.role === 'follower' ? `#room/${st.code}` : ''),
    // resume rejoins, as the teacher, a room this tab taught before a
    // reload; it answers whether it did.
    resume() {
      const code = store.get(session(), TEACHING);
      const r = code ? readCode(code) : null;
      if (!r || !r.ok || !store.get(local(), KEY_PREFIX + r.code)) return false;
      enter(r.code);
      return true;
    },
    relabel() {
      drawAll();
      ask.relabel();
      if (!$('room-qr-overlay').hidden) drawQR();
    },
    role: () => st.role,
  };
}
