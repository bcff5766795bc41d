// app.js: the ProcLab page. It connects to the server's websocket (/ws),
// keeps the view state (a pure fold, see fold.js) and draws every panel.
//
// Hooks for browser tests:
//   - the lesson picker is <select id="lesson-select">; each option's value
//     is a lesson id (the empty first option is the prompt);
//   - #step-counter reads "step N / TOTAL" (in Chinese "步骤 N / TOTAL") and
//     carries data-step and data-total;
//   - tokens: [data-pid][data-state] inside [data-node] groups of the SVG
//     state diagram (#diagram); dead tasks stay in [data-node="dead"]; a
//     render makes those in sight, the others (scrolled out of their box)
//     after the frame, and then sends tokensmade (diagram.js makeLater); a
//     run's first render of a crowded box places only the chips in sight
//     and renders whole after its frame, making the rest a frame later;
//   - #log holds one <li data-step> per sentence (newest first) in sight of
//     its scroll, and some more (log.js: the list is virtual); #narration
//     (aria-live) says the shown step's most informative event (narrate.js),
//     with data-key (the catalog key said) and data-category (its RANK
//     category, "" before the first step);
//   - what the shown step did stays marked until the next step: arrows
//     taken are .arrow.taken (with a .bubble), tokens that moved have
//     data-moved="1", and the code pane marks the line just run (li.ran,
//     span.ran-mark ✓) apart from the next one (li.next, span.next-mark ▶);
//     the process table's changed cells are td.chg[data-col] and a task new
//     in the step is tr.new (tree.js; issue 12 part 3);
//   - #banner (class "error" when showing an error, "notice" for a notice
//     such as a link made with another engine version) for errors, with
//     data-code (the i18n key shown); #banner-retry shows when the page
//     stopped reconnecting and starts again;
//   - buttons #btn-reset #btn-back #btn-play #btn-step #btn-share #btn-lang
//     #btn-scenario; the share link is in #share-url;
//   - the page draws at most once per animation frame, however many steps
//     arrive (issue 14, part 2); window.proclabDrawStats counts its draws,
//     the steps they showed and their time, by panel (see drawFrame);
//   - document.body.dataset.ready is "1" once the lesson list arrived, and
//     document.body.dataset.step mirrors the shown step; dataset.run names
//     the run shown (its lesson's id, "scenario" or "ostep"), set with its
//     first draw;
//     document.body.dataset.conn is "ready" (the hello arrived), "closed"
//     (reconnecting) or "stopped" (gave up); dataset.semantics is the
//     hello's semantics version ("0" when it names none); dataset.closes
//     counts the websocket's closes;
//   - with no lesson loaded the side panel shows a welcome (#home) with one
//     <button data-lesson="ID"> per lesson in #lesson-cards (they load the
//     lesson like #lesson-select does), and body has the class "home-page".
//   - the race lab (scenarios with threads, shared variables or locks):
//     body has the class "race-lab" and #race-side and #race are shown; see
//     race.js for their hooks (#vars, #expects, #objects, #problems,
//     #picker, #decision [data-choose], #btn-explore, #explored
//     [data-witness]) and code.js for the thread panes;
//   - OSTEP homework runs: #btn-ostep (header) and #btn-ostep-home (the
//     welcome) open #ostep-dialog (see ostep-dialog.js for its hooks); an
//     OSTEP run sets body class "ostep-run" and data-ostep (its command),
//     and #lesson-info names the command;
//   - the header's view tabs #tab-proc and #tab-sched switch between this
//     process view and the scheduling view (#sched, see sched.js); body has
//     the class "view-sched" and data-view "proc" or "sched"; an address
//     ending in #sched opens it.
//   - the address is the state (urlstate.js): ?lang= and the shown view's
//     share link (#s=1.…, with field tb "go" when the Go tab shows),
//     #live or #live/ID, or no fragment on the welcome; another lesson or
//     view pushes a history entry, a step or setting replaces it, and
//     back/forward restore without a reload. The Share dialog on a
//     loopback address shows #share-local: #share-local-warn, #share-addrs
//     (li[data-kind=public|network], class "unreachable" when the server
//     listens on loopback only, each with its input and button[data-copy])
//     and #share-addr-note (data-kind ok, loopback, none, failed).
//   - issue 13, part 3 (short.js): the Share dialog's #short-make makes
//     the short link (#short-url, in #short-row) of the link shown; the QR
//     code #short-qr (in #short-qr-box, data-state loading|ok|too_long|
//     error, data-text the link it encodes) is of the short link once made;
//     #short-base (in #short-bases, a loopback page only) picks the base;
//     #short-msg (data-kind ok|error) says what happened; #short-qr-full
//     opens #qr-full (#qr-full-img, #qr-full-url).
//   - #tab-live opens the live lab (#live, real processes; see live.js for
//     its hooks): body has the class "view-live" and data-view "live"; the
//     address is #live, or #live/ID with a live lesson open, whose
//     simulated twin is loaded here and this process view (#lab) moved
//     next to the live diagram (body class "live-twin").
//   - Go programs (loaded.lang "go"): the output pane #output-card (see
//     output.js), the code pane's Go lines (code.js); a lesson with a Go
//     twin (loaded.go_source), or a Go lesson, shows tabs #lesson-tabs
//     above the picture: #tab-picture and #tab-go (body data-ltab "picture"
//     or "go"); #go-pane holds #go-source (one li[data-line] per line, li.at
//     where a goroutine is), #go-pane-note (data-runs "1" when the lesson
//     runs this very program) and #btn-run-go, which loads the twin; a twin
//     so opened names its lesson and #btn-back-lesson goes back to it;
//   - the editor (#scenario-dialog, see editor.js for its hooks):
//     #scenario-examples (values in examples.js), #scenario-text (a blank
//     editor opens with the Go template), #scenario-lang (data-lang "go" or
//     "scenario"); a parse error is shown in the dialog only, not in the
//     banner.
//
// The lesson list comes from GET /api/lessons and from the websocket's
// hello, and so do the server's limits (hello.limits, see limits.js) and
// the engine's semantics version (hello.semantics): the page keeps no copy
// of either. A command is measured before it is sent; one over a limit is
// not sent, and the banner says which limit and by how much. When the
// websocket cannot connect or drops, a banner says so and the page retries
// with backoff; on reconnecting it re-sends the current load (lesson or
// scenario, seed, choices, shown step). After GIVE_UP_AFTER identical
// closes without a hello it stops, says why, and offers a retry button.
// Share links open once the hello has said the limits.
import { t, setLang, getLang, pickLang, pick } from './i18n.js';
import { emptyView, fromSnapshot, foldEvents, taskTag, threaded, settleView, keepWindow, windowOf, foldCounts } from './fold.js';
import { ipcInScenario } from './ipc-model.js';
import { TaskTable } from './delta.js'; // issue 14, part 1: step messages carry what changed
import { takeEarlySocket, SOCKET_PATH } from './boot.js'; // the socket opened as the page started
import { renderShm, renderSockets } from './ipc-panels.js';
import { renderLog, label } from './log.js';
import { chooseNarration, narrationText, whoFor } from './narrate.js';
import { createDiagram } from './diagram.js';
import { createTimeline, renderLegend } from './timeline.js';
import { renderCode, toggleMicro, resetMicro, lineGutter } from './code.js';
import { renderTree } from './tree.js';
import { createSight } from './sight.js';
import { initControls, renderControls, renderSpeed, placeSpeed } from './controls.js';
import { shareURL, encodeShare, decodeShare, isShareHash, loadMessage, loadedState } from './share.js';
import { createAddressKeeper, runKey, placeOfRun, placeOfLive, LIVE, langOfSearch, searchWithLang, drawShareLocal } from './urlstate.js';
import { taskColor } from './colors.js';
import { resumeMessage, normalizeLessons, LOAD_ERRORS, retryStart, afterClose, STATUS_TOO_BIG, onPageLeave, LEAVE_REASON } from './conn.js';
import { setLimits, getLimits, readSemantics, checkLoad, checkMessage, tooLargeParams, fmtBytes } from './limits.js';
import { readError, knownError } from './errors.js';
import { createRaceView } from './race.js';
import { isRaceLab, declOf } from './race-model.js';
import { drawMemoryCard } from './memory.js';
import { ostepOf, splitThreads } from './ostep.js';
import { normalizeCourse, courseTarget, lessonNumbers, chapterNumber } from './course.js';
import { renderExplain } from './explain.js';
import { liveTwinsOf } from './livetwins.js';
import { renderSwitchCard } from './switchcard.js';
import { scenarioTemplate } from './examples.js';
import { renderIPC } from './ipc-pipe.js';
import { initPresenter, onInteresting } from './presenter.js'; // issue 12, part 2: presenter mode
import { createRacesTab, tabOfLesson, RACE_HASH } from './races-tab.js'; // issue 12, part 5: the Races tab
import { isJobsModel } from './sched-model.js';
// Issue 14, part 6: the scheduling view (sched.js), the live lab (live.js), the
// editor (editor.js), the OSTEP dialog (ostep-dialog.js), export (export.js),
// the classroom (room.js) and short links (short.js) load when first opened;
// the quiz (quiz.js, issue 13 part 2) with the first lesson shown.
import { lazyObject, lazyModule, openOnClick, settled, WAKE, wakeWith } from './lazy.js';

const LANG_KEY = 'proclab.lang';
const $ = id => document.getElementById(id);

const app = {
  ws: null,
  connected: false, // the websocket is open
  ready: false, // ... and its hello arrived: commands can be sent
  everConnected: false,
  retry: retryStart(), // the reconnect state (conn.js)
  retryTimer: 0,
  stopped: false, // the page gave up reconnecting (the banner offers a retry)
  asleep: false, // the server closed the socket of a page that had nothing to say (idleClose): it connects again when it has (wake)
  semantics: 0, // the engine's semantics version (hello), 0 until known
  lessons: [],
  loaded: null, // the last `loaded` message
  view: emptyView(),
  playing: false,
  speed: 2,
  pendingLoad: null, // the last `load` sent (or waiting to be sent) and not yet answered
  banner: null, // {key, params, detail, kind}
  pendingHash: null, // a share link waiting for the hello's limits
  // The page was opened at a share link and its run is not here yet: the
  // lab shows, waiting (drawLesson), not the welcome. The welcome was
  // drawn in full and shown for most of a second before the run replaced
  // it: a flash of another page on every link opened, and its lists' work
  // on the main thread while the run loads.
  opening: isShareHash(location.hash),
  awaitSnapshot: 0, // the timer of a run just loaded that waits for its snapshot (the `loaded` handler)
  showLoaded: null, // what shows a run just loaded, waiting for its snapshot's first draw (showLoaded)
  liveLessons: [], // the live lessons (GET /api/live/lessons): a lesson links to those whose twin it is
  liveAsked: false, // GET /api/live/lessons was sent (with the first lesson shown)
  course: undefined, // the course's table of contents (course.js): undefined until GET /api/course answers, null if it failed
  homeView: 'course', // the welcome lists the lessons by 'course' section or by 'topic'
  viewName: 'proc', // 'proc' (processes), 'sched' (scheduling) or 'live' (the live lab)
  decl: null, // names of the loaded scenario's variables and objects (race lab)
  explored: null, // the last `explored` answer for the loaded scenario
  exploring: false, // an explore command waits for its answer
  ltab: 'picture', // the tab above the picture: 'picture' or 'go' (a lesson's Go program)
  lessonShown: null, // the last lesson loaded: {id, title, explain, go} (a Go twin run names it)
  twin: null, // the Go twin being run: {id, source}, or null
  wantTab: null, // the tab ('picture' or 'go') an address opens once its run is loaded (part 4)
};

const SCHED_HASH = '#sched';
let schedView, raceView, ostepDialog, liveView, racesTab, address;
let room; // issue 13: the classroom (room.js), made in start()
const SCHED_LESSON_HASH = /^#sched\/([a-z0-9-]{1,64})(?:\/(compare|manual))?$/; // a scheduling lesson in the scheduling view (issue 12, part 5), and its mode if not run

function storedLang() {
  try { return localStorage.getItem(LANG_KEY); } catch { return null; }
}

// send sends a command. Without a connection a `load` waits for the next
// one (the hello handler sends it); other commands are dropped, since the
// controls are disabled then. A command over the hello's limits is not
// sent: the banner (and the dialog that made it) says which limit and by
// how much, and send returns false.
function send(msg) {
  wake();
  const m = { v: 1, ...msg };
  const over = m.type === 'load' ? checkLoad(m, getLimits()) : checkMessage(m, getLimits());
  if (over) {
    refuseTooLarge(over);
    return false;
  }
  if (m.type === 'load') { app.pendingLoad = m; drawStats.loadSentAt = performance.now(); }
  if (app.ready && app.ws && app.ws.readyState === WebSocket.OPEN) app.ws.send(JSON.stringify(m));
  return true;
}

// wake connects again a page whose socket the server closed as idle
// (app.asleep), now that it has something to send: a `load` waits for the
// hello (send, the hello handler), and so does a share link (openShare).
function wake() {
  if (!app.asleep || app.ws) return;
  app.asleep = false;
  connect();
}

// idleClose says whether a close is the server's idle deadline (a socket
// that sent nothing within the hello's time, or nothing for IdleTimeout:
// server/socket.go) rather than a fault.
function idleClose(close) {
  return close.code === 1008 && /^idle\b/.test(close.reason);
}

// tooLargeInDialogs shows a "too large" refusal in the dialog whose load
// it was (the scenario or the OSTEP dialog), if one waits for its load.
function tooLargeInDialogs(text) {
  editor.refused(text);
  ostepDialog.refused({ code: 'too_large', message: text, local: true });
}

// refuseTooLarge says that a command was not sent: which limit, its size,
// the most the server takes and by how much it is over.
function refuseTooLarge(over) {
  const counted = !/_bytes$/.test(over.limit);
  const params = { what: { i18n: `limit.${over.limit}` }, ...tooLargeParams(over) };
  const key = counted ? 'err.over.count' : 'err.over';
  showBanner('error', key, params);
  app.banner.sticky = true;
  tooLargeInDialogs(t(key, localParams(params)));
}

// localParams translates the banner params that are i18n keys ({i18n,
// params}) in the current language, so that a language switch redraws
// them too.
function localParams(params) {
  const out = {};
  for (const [k, v] of Object.entries(params || {})) out[k] = v && typeof v === 'object' && v.i18n ? t(v.i18n, v.params) : v;
  return out;
}

const CONN_BANNERS = new Set(['err.disconnected', 'err.offline', 'err.busy', 'err.gave_up', 'err.gave_up.unreachable']);

function connectionBanner() {
  return !!app.banner && CONN_BANNERS.has(app.banner.key);
}

// clearErrors hides the banner unless it says that the lab is unreachable.
function clearErrors() {
  if (connectionBanner() && !app.ready) return;
  clearBanner();
}

// ---- banner ---------------------------------------------------------------

function showBanner(kind, key, params, detail, retry) {
  app.banner = { kind, key, params, detail, retry: !!retry };
  drawBanner();
}

function clearBanner() {
  app.banner = null;
  drawBanner();
}

function drawBanner() {
  const b = $('banner');
  $('banner-retry').hidden = !(app.banner && app.banner.retry);
  if (!app.banner) { b.hidden = true; b.className = 'banner'; delete b.dataset.code; return; }
  const { kind, key, params, detail } = app.banner;
  b.className = `banner ${kind}`;
  b.dataset.code = key;
  const msg = b.querySelector('.msg');
  msg.replaceChildren();
  const strong = document.createElement('strong');
  strong.textContent = t(key, localParams(params));
  msg.append(strong);
  const text = typeof detail === 'function' ? detail() : detail;
  msg.title = !text && app.banner.hint ? app.banner.hint : '';
  if (text) {
    const d = document.createElement('span');
    d.className = 'detail';
    d.textContent = ' ' + text;
    msg.append(d);
  }
  b.hidden = false;
}

// ---- websocket ------------------------------------------------------------

function connect() {
  clearTimeout(app.retryTimer);
  app.retryTimer = 0;
  app.stopped = false;
  if (app.ws) return;
  // The first time, the socket boot.js opened as the page started (with
  // what it heard meanwhile); after a close, a new one.
  const early = takeEarlySocket();
  let ws;
  if (early) {
    ws = early.ws;
  } else {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    try {
      ws = new WebSocket(`${proto}//${location.host}${SOCKET_PATH}`);
    } catch {
      scheduleReconnect();
      return;
    }
  }
  app.ws = ws;
  const table = new TaskTable(); // this socket's task table: deltas and batches fold into it
  const handlers = {
    open: () => {
      if (app.ws !== ws) return;
      app.connected = true;
      app.everConnected = true;
    },
    message: ev => {
      // (A socket closed as the page left may still deliver what it had
      // when the page comes back: that run is no longer this page's.)
      if (app.ws !== ws) return;
      let msg;
      try { msg = JSON.parse(ev.data); } catch { return; }
      drawStats.messages++;
      for (const m of table.expand(msg)) {
        // A step that cannot be folded (it should not happen): the snapshot
        // of its step carries the whole table again.
        if (m.type === 'resync') { send({ type: 'seek', step: m.step }); break; }
        try { handle(m); } catch (err) { console.warn('ProcLab: cannot handle', m && m.type, err); }
      }
    },
    close: ev => {
      if (app.ws !== ws) return;
      forgetSocket();
      const close = { code: ev.code, reason: ev.reason || '' };
      document.body.dataset.closes = String(Number(document.body.dataset.closes || 0) + 1);
      if (idleClose(close) && !app.loaded && !app.pendingLoad && !app.pendingHash && !app.stopped) {
        // The welcome page, the scheduling view and the live lab send the
        // simulation socket nothing, and the server lets nobody hold a
        // socket they do not use: it closes it after its hello's time.
        // That is no fault: no banner, and no reconnect until the page has
        // something to send (wake). (A red "cannot reach the lab server"
        // flashed every 11 s on an idle welcome page.)
        app.asleep = true;
        document.body.dataset.conn = 'asleep';
        drawControls();
        return;
      }
      if (close.code === STATUS_TOO_BIG) {
        // The server refused a message as too large (its error, when it sent
        // one, is on screen already): that load is not sent again.
        app.pendingLoad = null;
        stopOpening();
        if (!(app.banner && app.banner.key === 'err.too_large')) showBanner('error', 'err.too_large', {}, '');
        app.banner.sticky = true;
        tooLargeInDialogs(t('err.too_large'));
      } else if (!(app.banner && (app.banner.key === 'err.busy' || app.banner.key === 'err.too_large'))) {
        // A "busy" or "too large" refusal stays on screen: it says more than
        // "disconnected".
        showBanner('error', app.everConnected && (app.loaded || app.pendingLoad) ? 'err.disconnected' : 'err.offline');
      }
      drawControls();
      scheduleReconnect(close);
    },
    error: () => {},
  };
  if (early) {
    early.listen(handlers);
  } else {
    for (const [type, fn] of Object.entries(handlers)) ws.addEventListener(type, fn);
  }
}

// leavePage closes the simulation socket as the page is hidden or put into
// the back/forward cache (conn.js onPageLeave): the server ends the session
// now, rather than keep its run (and, if it was playing, send steps) for a
// page nobody sees. The socket is let go first, so its close handler sees
// another socket and says nothing (no banner, no reconnect).
function leavePage() {
  clearTimeout(app.retryTimer);
  app.retryTimer = 0;
  const ws = app.ws;
  forgetSocket();
  if (ws) { try { ws.close(1000, LEAVE_REASON); } catch { /* closed already */ } }
}

// forgetSocket lets the simulation socket go (closed, or being closed by
// the page): the page is not connected, not ready and not playing.
function forgetSocket() {
  app.ws = null;
  app.connected = false;
  app.ready = false;
  app.playing = false;
  document.body.dataset.conn = 'closed';
}

// backToPage reconnects a page shown again from the back/forward cache: the
// hello reopens what it showed, at the same step, paused (resumeMessage).
function backToPage() {
  if (app.ws) return;
  app.retry = retryStart();
  connect();
}

// scheduleReconnect reconnects after a close with backoff, or gives up
// after the same close came again and again without a hello.
function scheduleReconnect(close) {
  clearTimeout(app.retryTimer);
  const r = afterClose(app.retry, close || { code: 0, reason: 'no socket' });
  app.retry = r.state;
  if (!r.stop) {
    app.retryTimer = setTimeout(connect, r.delay);
    return;
  }
  app.stopped = true;
  document.body.dataset.conn = 'stopped';
  const c = close || {};
  if (c.code === 1006 || c.code === 0 || !c.code) {
    showBanner('error', 'err.gave_up.unreachable', { n: r.same }, '', true);
  } else {
    showBanner('error', 'err.gave_up', { n: r.same, why: c.reason || { i18n: 'err.close_code', params: { code: c.code } } }, '', true);
  }
}

// applyLimits gives the process view's inputs the bounds of the hello.
function applyLimits() {
  app.speed = placeSpeed(app.speed);
  renderSpeed(app.speed);
}

// retryNow starts reconnecting again after the page gave up.
function retryNow() {
  app.retry = retryStart();
  clearBanner();
  if (!app.ws) connect();
}

// setLessons shows a lesson list (from /api/lessons or the hello).
function setLessons(list) {
  const lessons = normalizeLessons(list);
  if (!lessons.length && app.lessons.length) return;
  app.lessons = lessons;
  document.body.dataset.ready = '1';
  drawLesson();
}

async function fetchLessons() {
  try {
    const res = await fetch(document.body.dataset.apiLessons || '/api/lessons', { headers: { Accept: 'application/json' } });
    if (!res.ok) return;
    const list = await res.json();
    if (!app.lessons.length) setLessons(list);
  } catch { /* the websocket's hello brings the list too */ }
}

function handle(msg) {
  if (app.showLoaded && msg.type !== 'snapshot') showLoaded();
  switch (msg.type) {
    case 'hello': {
      app.ready = true;
      app.retry = retryStart();
      setLimits(msg.limits);
      app.semantics = readSemantics(msg.semantics);
      document.body.dataset.semantics = String(app.semantics);
      document.body.dataset.conn = 'ready';
      if (connectionBanner()) clearBanner();
      setLessons(msg.lessons);
      schedView.limitsChanged();
      applyLimits();
      // A share link opens now that the limits are known. Else a new
      // session has nothing loaded: send the load that is waiting, or
      // (after a reconnect) reopen what was shown, at the same step.
      if (app.pendingHash) {
        const h = app.pendingHash;
        app.pendingHash = null;
        openShare(h);
      } else {
        const again = resumeMessage(app.pendingLoad, app.loaded, app.view.step);
        if (again) send(again);
      }
      drawControls();
      break;
    }
    case 'loaded': {
      // An OSTEP run keeps the command (and x86 program) it was opened
      // with: share links and reconnects send them again.
      const os = ostepOf(msg, app.pendingLoad);
      if (os) { msg.ostep = os.ostep; if (os.source) msg.source = os.source; }
      app.pendingLoad = null;
      app.opening = false;
      if (msg.lesson) {
        app.lessonShown = { id: msg.lesson, title: msg.title, explain: msg.explain, go: msg.go_source || '' };
        app.twin = null;
      } else if (!(app.twin && msg.lang === 'go' && msg.scenario === app.twin.source)) {
        app.twin = null;
      }
      const same = app.loaded && app.loaded.scenario === msg.scenario && (app.loaded.source || '') === (msg.source || '');
      if (!same) app.ltab = 'picture';
      if (app.wantTab) { app.ltab = app.wantTab; app.wantTab = null; } // the tab an address named (part 4)
      if (!same) { app.explored = null; resetMicro(); }
      app.exploring = false;
      app.loaded = msg;
      app.loaded.choices = Array.isArray(msg.choices) ? msg.choices : [];
      app.decl = declOf(msg);
      app.decl.jobs = isJobsModel(msg); // a job shows its name alone (fold.js taskTag)
      app.playing = false;
      app.view = emptyView();
      app.view.total = msg.total ?? 0;
      const races = app.twin ? { ...msg, lesson: app.twin.id } : msg; // the Races or the Processes tab (a Go twin: its lesson's)
      app.showLoaded = () => {
        // (A hook for the browser tests: the counter of the run shown
        // before may read the same step.)
        document.body.dataset.run = msg.lesson || (msg.ostep ? 'ostep' : 'scenario');
        racesTab.loaded(races);
        editor.loaded();
        ostepDialog.close(true);
        if (app.banner && ((app.banner.kind === 'error' && !app.banner.sticky) || app.banner.kind === 'notice')) clearBanner();
        // A link made with another engine version may show something else.
        if (msg.notice && msg.notice.code === 'semantics_changed') {
          showBanner('notice', 'notice.semantics_changed', { from: msg.notice.from ?? '?', to: msg.notice.to ?? '?' });
        }
        drawLesson();
        drawRaceLayout();
        drawControls();
        // A lesson chosen from the welcome's list by keyboard: its button
        // is gone, and the focus with it (to the page's top). The lesson's
        // title takes it, and a screen reader says which lesson opened.
        if (app.focusTitle) { app.focusTitle = false; $('lesson-title').focus({ preventScroll: true }); }
      };
      // The server sends the run's snapshot right after this message
      // (server/session.go load): the panels wait for it rather than draw
      // an empty run that the browser would lay out and paint first, and
      // the snapshot's draw would replace at once. Should none come (the
      // socket closed in between), they are drawn empty after a while.
      clearTimeout(app.awaitSnapshot);
      app.awaitSnapshot = setTimeout(() => { app.awaitSnapshot = 0; showLoaded(); drawCode(); redrawAll(false); }, SNAPSHOT_WAIT_MS);
      break;
    }
    case 'snapshot': {
      if (!app.loaded) return;
      const t0 = performance.now();
      const before = { ...drawStats.parts };
      // The first draw of a run just loaded leaves the panels below the
      // screen to the task after its first frame (drawStep's first).
      const first = !!app.awaitSnapshot;
      clearTimeout(app.awaitSnapshot);
      app.awaitSnapshot = 0;
      timer(drawStats.parts)('lesson', showLoaded);
      const tFold = performance.now();
      // The window's timeline columns and log items are folded after the
      // frame that shows the step (fold.js fromSnapshot's quick; below), or
      // when something reads them first.
      const windows = foldCounts.windows;
      app.view = fromSnapshot(msg, app.loaded.programs, app.decl, { quick: true });
      drawStats.parts.snapshot = (drawStats.parts.snapshot || 0) + performance.now() - tFold;
      // paintMs: queued before drawStep queues the panels below the screen
      // (drawLater), so that it stops at the end of the frame that shows
      // the first screen, not after those panels are drawn too.
      if (drawStats.loadSentAt) firstFrame(drawStats.loadSentAt);
      // The window is folded in a task of its own after the frame: after
      // the one that times the frame's end (firstFrame) and before the
      // panels the draw leaves for later (drawStep's drawLater), which
      // read it.
      // (Not the window of a snapshot that came meanwhile: its own task folds it.)
      const left = windowOf(app.view);
      if (left) requestAnimationFrame(() => setTimeout(() => { if (windowOf(app.view) === left) timer(drawStats.parts)('window', () => settleView(app.view)); }));
      drawStep(false, false, first); // at once: a seek, a step back or a load is drawn without waiting for a frame
      // (Whether the draw read the columns or the log: that folded the window.)
      if (drawStats.loadSentAt) { drawStats.windowFoldedInDraw = foldCounts.windows !== windows; firstRender(t0, before); }
      break;
    }
    case 'events':
      // One message per step, many per frame at high speeds: each folds
      // into the view as it comes (in place, fold.js foldEvents), and the
      // picture is drawn once in the next animation frame.
      if (!app.loaded) return;
      timer(drawStats.parts)('fold', () => foldEvents(app.view, msg, app.loaded.programs, app.decl));
      drawSoon();
      break;
    case 'status':
      app.playing = !!msg.playing;
      if (typeof msg.speed === 'number' && msg.speed > 0) app.speed = msg.speed;
      if (typeof msg.total === 'number') app.view = keepWindow(app.view, { total: msg.total });
      if (app.loaded && Array.isArray(msg.choices)) app.loaded.choices = msg.choices;
      // Playing stopped: the step it stopped at is drawn whole at once (a
      // frame still waiting, or the panels deferred while steps came fast).
      if (!app.playing && app.loaded && frame.id) drawStep(false);
      else if (!app.playing && slow.timer) drawSlowPanels(timer(drawStats.parts));
      if (!app.playing) sight.flush(); // the panels left undrawn out of sight
      if (!app.playing) settleNarration();
      drawControls();
      drawRace();
      address.changed(); // the race lab's choices are in the address
      break;
    case 'explore_progress': // the running explore's progress bar (race.js)
      if (raceView) raceView.progress(msg);
      break;
    case 'explored':
      app.exploring = false;
      app.explored = msg;
      drawRace();
      break;
    case 'interesting': // issue 12, part 2: the answer to next_interesting (presenter.js)
      if (app.loaded) onInteresting(msg);
      break;
    case 'error':
      if (app.exploring) { app.exploring = false; drawRace(); }
      onError(msg);
      break;
  }
}

// onError shows a server error: translated by its code (err.<code>), with
// the server's English message as the detail; an unknown code shows the
// message under a general heading.
function onError(raw) {
  const msg = readError(raw);
  const code = msg.code;
  if (LOAD_ERRORS.has(code)) { app.pendingLoad = null; app.wantTab = null; stopOpening(); }
  const key = `err.${code}`;
  const known = knownError(t, code);
  const params = { line: msg.line ?? '?', col: msg.col ?? '?' };
  // The parse message repeats the position; the translated text says it.
  const english = String(msg.message || '').replace(code === 'parse' ? /^line \d+, column \d+:\s*/i : /^$/, '');
  // A parse error's detail is said in the page's language (redrawn when it
  // changes); without a template the server's English message stands.
  // Any other detail is the server's English: said beside the translation
  // in English only (in Chinese it is the banner's tooltip).
  if (code === 'parse' && msg.detail && !parse) loadParse().then(drawBanner, () => {}); // then the banner says it again, translated
  const detail = code === 'parse' && msg.detail ? () => (parse && parse.parseErrorText(t, msg.detail)) ?? (getLang() === 'en' ? english : '')
    : () => (getLang() === 'en' || !known ? english : '');
  // A parse error of the editor's text is said in the editor only.
  if (code === 'parse' && editor.isOpen()) { editor.showParseError(msg); return; }
  showBanner('error', known ? key : 'err.unknown', params, detail);
  app.banner.hint = english;
  if (code === 'too_large') {
    app.banner.sticky = true;
    tooLargeInDialogs(detail() ? `${t(key)} ${detail()}` : t(key));
  }
  ostepDialog.refused(msg);
}

// ---- share links ----------------------------------------------------------

// openShare opens a share link (typed, bookmarked, or come back to by
// back/forward). It needs the hello's limits: before the hello the link
// waits (app.pendingHash) and the hello opens it. A link to the run shown
// moves to its step (a seek, not a new load).
async function openShare(hash) {
  if (!app.ready) { app.pendingHash = hash; wake(); return; }
  address.hold();
  const r = await decodeShare(hash, getLimits());
  if (location.hash !== hash && isShareHash(location.hash)) return; // another link was opened meanwhile
  // A link opens in the language it was made in (field g), unless the
  // address names one (?lang=): a reader who typed ?lang=zh-CN before a
  // link made in English, or whose page already says its language (a
  // room's state links, back and forward), keeps theirs.
  // The reader's own choice, kept for their next visit, stays as it was.
  if (r.ok && r.state.lang && r.state.lang !== getLang() && !langOfSearch(location.search)) switchLang({ keep: false });
  if (r.ok && r.state.view === 'sched') {
    app.opening = false;
    address.arrived('sched');
    clearErrors();
    schedView.restore(r.state.sched);
    setView('sched', false);
    return;
  }
  if (!r.ok) {
    app.opening = false;
    app.loaded = null;
    app.view = emptyView();
    drawLesson();
    drawCode();
    redrawAll(false);
    showBanner('error', `err.${r.error}`, { v: r.version || '?', max: r.max ? fmtBytes(r.max) : '?' });
    app.banner.sticky = true;
    return;
  }
  address.arrived(placeOfRun(r.state));
  clearErrors();
  setView('proc', false);
  const tab = r.state.tab === 'go' ? 'go' : 'picture';
  if (app.loaded && !app.pendingLoad && runKey(loadedState(app.loaded, 0)) === runKey(r.state)) {
    if (app.playing) send({ type: 'pause' });
    if (tab !== app.ltab) setLessonTab(tab);
    if ((r.state.step || 0) !== app.view.step) send({ type: 'seek', step: r.state.step || 0 });
    else address.changed(true);
    return;
  }
  app.wantTab = tab;
  if (!send(loadMessage(r.state))) {
    // Too large to send: the banner says by how much; the lab stays empty.
    app.opening = false;
    app.loaded = null;
    app.view = emptyView();
    drawLesson();
    drawCode();
    redrawAll(false);
  }
}

// ---- the address is the state (issue 12, part 4; urlstate.js) -------------

// stopOpening ends the wait for a share link's run without it (the link
// was refused, or the address moved on): the welcome shows, with its lists.
function stopOpening() {
  if (!app.opening) return;
  app.opening = false;
  if (app.loaded) return;
  drawLesson();
  redrawAll(false);
}

// goHome shows the welcome (back to an address without a fragment).
function goHome() {
  setView('proc', false);
  stopOpening();
  if (!app.loaded) return;
  if (app.playing) send({ type: 'pause' });
  app.loaded = null;
  app.pendingLoad = null;
  app.twin = null;
  app.playing = false;
  app.view = emptyView();
  drawLesson();
  drawCode();
  redrawAll(false);
}

// applyURL shows what the address says (on start, popstate and
// hashchange; one fragment navigation fires both, and is applied once).
function applyURL(first) {
  if (!first && !address.isNew()) return;
  address.applied();
  if (room.route(location.hash)) { address.arrived('room'); return; } // issue 13: #room/CODE joins a room
  address.hold();
  const lang = langOfSearch(location.search);
  if (lang && lang !== getLang() && !first) switchLang({ keep: false }); // the address's language, not a choice to keep
  return showHash(location.hash);
}

// showHash shows what a fragment names (an address, or a room's state
// link, which leaves the address alone).
function showHash(hash) {
  if (isShareHash(hash)) return openShare(hash);
  if (hash === SCHED_HASH) { address.arrived('sched'); setView('sched', false); return; }
  if (hash === RACE_HASH) { address.arrived('race'); setView('race', false); return; }
  const sl = SCHED_LESSON_HASH.exec(hash);
  if (sl) { address.arrived(`sched/${sl[1]}`); setView('sched', false); schedView.openLesson(sl[1], sl[2]); return; }
  const m = LIVE.exec(hash);
  if (m) {
    address.arrived(placeOfLive(hash));
    setView('live', false);
    if (m[1]) liveView.openLesson(m[1]); else liveView.closeLesson();
    return;
  }
  address.arrived('home');
  goHome();
}

// placeNow is the place shown (urlstate.js): the scheduling view, the
// live lab or its lesson, the run of the process view, or the welcome.
function placeNow() {
  if (room && room.addressNow()) return 'room'; // issue 13: a follower's page stays at #room/CODE
  if (app.viewName === 'sched') return schedView.lesson() ? `sched/${schedView.lesson()}` : 'sched';
  if (app.viewName === 'proc' && racesTab.tab() === 'race' && !app.loaded) return 'race';
  if (app.viewName === 'live') return placeOfLive(liveView.hash());
  return app.loaded ? placeOfRun(loadedState(app.loaded, 0)) : 'home';
}

// urlNow is the address of what is shown: path, ?lang= and the fragment
// (a share link, #live/ID, or none on the welcome).
// schedLessonPath names the scheduling lesson shown and, if not the first,
// its mode: "convoy", "convoy/compare", "convoy/manual".
function schedLessonPath() {
  const mode = schedView.mode ? schedView.mode() : 'run';
  return schedView.lesson() + (mode === 'compare' || mode === 'manual' ? `/${mode}` : '');
}

async function urlNow() {
  await settled(); // a view still loading (lazy.js) names its place once made
  const base = location.pathname + searchWithLang(location.search, getLang());
  if (room && room.addressNow()) return base + room.addressNow(); // issue 13
  const e = app.semantics || undefined;
  // A scheduling lesson in the scheduling view is named by its id (issue 12, part 5).
  if (app.viewName === 'sched' && schedView.lesson()) return `${base}#sched/${schedLessonPath()}`;
  if (app.viewName === 'proc' && racesTab.tab() === 'race' && !app.loaded) return base + RACE_HASH;
  if (app.viewName === 'sched') return base + await encodeShare({ view: 'sched', sched: schedView.shareState(), semantics: e, lang: getLang() });
  if (app.viewName === 'live') return base + liveView.hash();
  if (!app.loaded) return base;
  const tab = app.ltab === 'go' ? 'go' : undefined;
  return base + await encodeShare({ ...loadedState(app.loaded, app.view.step), semantics: e, lang: getLang(), tab });
}

// shareLink is the link the Share dialog gives: the view's share link (the
// live lab's #live/ID with ?lang=), at this page's origin.
async function shareLink() {
  await settled();
  const e = app.semantics || undefined;
  // A scheduling lesson is shared as itself (its workload alone is not
  // always the same run: MLFQ's and CFS's options).
  if (app.viewName === 'sched' && schedView.lesson()) return location.origin + location.pathname + searchWithLang('', getLang()) + `#sched/${schedLessonPath()}`;
  if (app.viewName === 'sched') return shareURL(location, { view: 'sched', sched: schedView.shareState(), semantics: e, lang: getLang() });
  if (app.viewName === 'live') return location.origin + location.pathname + searchWithLang('', getLang()) + liveView.hash();
  const tab = app.ltab === 'go' ? 'go' : undefined;
  return shareURL(location, { ...loadedState(app.loaded, app.view.step), semantics: e, lang: getLang(), tab });
}

async function share() {
  const sched = app.viewName === 'sched';
  const live = app.viewName === 'live';
  if (!app.loaded && !sched && !live) return;
  // The link names the engine version that shows this step (the hello's).
  const url = await shareLink();
  const dlg = $('share-dialog');
  $('share-url').value = url;
  dlg.querySelector('h2').textContent = t(sched ? 'share.title.sched' : live ? 'url.share.title.live' : 'share.title');
  $('share-help').textContent = sched ? t('share.help.sched') : live ? t('url.share.help.live') : t('share.help', { n: app.view.step });
  $('share-status').textContent = '';
  const local = drawShareLocal(url, t);
  const short = loadShort().then(m => m.drawShort(url, local, t)); // issue 13, part 3: the short link and QR code of this link
  if (!dlg.open) dlg.showModal();
  $('share-url').focus();
  $('share-url').select();
  try {
    await navigator.clipboard.writeText(url);
    $('share-status').textContent = t('share.copied');
  } catch {
    $('share-status').textContent = t('err.clipboard');
  }
  await Promise.all([local, short]);
}

// ---- scenario dialog ------------------------------------------------------
// The editor lives in editor.js (issue 12, part 8); editor is made in start().
let editor;

// loadExport loads the Export menu (export.js, issue 12 part 9) once: for the
// Export button's first click, or with the scheduling view (its Gantt cards
// get their own Export buttons). loadShort loads the Share dialog's short
// link and QR code (short.js, issue 13 part 3) with the dialog's first use.
const loadExport = lazyModule(() => import('./export.js'), m => m.initExport({ state: () => ({ loaded: app.loaded, step: app.view.step, semantics: app.semantics, viewName: app.viewName }) }));
// loadParse loads the parser's error messages (i18n-parse.js) with the first
// parse error said in the banner (the editor loads them with itself).
let parse = null;
const loadParse = lazyModule(() => import('./i18n-parse.js'), m => { parse = m; return m; });
let loadQuiz; // made in start() (quiz.js)
const loadShort = lazyModule(() => import('./short.js'), m => { m.initShort(); return m; });

// loadEdited loads the editor's text (a scenario or a Go program).
function loadEdited(text) {
  address.user(); // the user moved: the address keeper may push (urlstate.js)
  return send({ type: 'load', scenario: text });
}

// ---- drawing --------------------------------------------------------------

let diagram, timeline;

function drawLessons() {
  const sel = $('lesson-select');
  const cur = app.loaded ? app.loaded.lesson || '__custom' : '';
  sel.replaceChildren();
  const prompt = new Option(t('lesson.choose'), '');
  prompt.disabled = !!app.loaded;
  sel.append(prompt);
  for (const l of app.lessons) sel.append(new Option(pick(l.title) || l.id, l.id));
  if (cur === '__custom') {
    const kind = app.loaded && app.loaded.ostep ? t('os.lesson') : app.loaded && app.loaded.lang === 'go' ? t('lesson.custom.go') : t('lesson.custom');
    // A scenario's own title (title en: / title zh:) names it in the picker too.
    const own = app.loaded && !app.loaded.ostep ? pick(app.loaded.title) : '';
    const o = new Option(own ? t('lesson.custom.titled', { kind, title: own }) : kind, '__custom');
    o.disabled = true;
    sel.append(o);
  }
  sel.value = cur;
  racesTab.filterSelect(sel); // each tab's picker lists its own lessons
}

// drawLessonCards fills the welcome's list: one big button per lesson.
function drawLessonCards() {
  const box = $('lesson-cards');
  box.replaceChildren();
  if (!app.lessons.length) {
    box.setAttribute('aria-busy', 'true');
    const li = document.createElement('li');
    li.className = 'muted';
    li.textContent = t('lesson.loading');
    box.append(li);
    return;
  }
  box.removeAttribute('aria-busy');
  const waiting = app.pendingLoad && app.pendingLoad.lesson;
  let topic = '';
  app.lessons.forEach((l, i) => {
    if (l.topic !== topic) { // a heading for each part of the course
      topic = l.topic;
      const h = document.createElement('li');
      h.className = 'lc-topic';
      h.dataset.topic = topic;
      h.textContent = t('home.topic.' + topic);
      box.append(h);
    }
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'lesson-card';
    b.dataset.lesson = l.id;
    if (waiting === l.id) b.setAttribute('aria-busy', 'true');
    const num = document.createElement('span');
    num.className = 'lc-num';
    num.textContent = t('home.lesson', { n: i + 1 });
    const title = document.createElement('span');
    title.className = 'lc-title';
    title.textContent = pick(l.title) || l.id;
    b.append(num, title);
    b.insertAdjacentHTML('beforeend', '<svg class="lc-go" viewBox="0 0 24 24" aria-hidden="true"><path d="M5 12h13M13 6l6 6-6 6"/></svg>');
    li.append(b);
    box.append(li);
  });
}

// drawHome fills the welcome's two lists of lessons and shows the one
// chosen (app.homeView): the course's table of contents, or the cards by
// topic. Without a table of contents (GET /api/course failed) the cards
// show.
function drawHome() {
  if (app.opening && !app.loaded) return; // not shown (drawLesson): drawn when it is
  const byCourse = app.homeView === 'course' && app.course !== null && !(Array.isArray(app.course) && !app.course.length);
  for (const b of document.querySelectorAll('#home-views .home-view')) {
    const on = b.dataset.homeView === (byCourse ? 'course' : 'topic');
    b.setAttribute('aria-selected', String(on));
    b.tabIndex = on ? 0 : -1;
  }
  $('course-toc').hidden = !byCourse;
  $('lesson-cards').hidden = byCourse;
  drawLessonCards();
  drawCourseToc();
}

// drawCourseToc fills the welcome's table of contents (#course-toc): each
// chapter, then each section with its number and heading in the page's
// language and its lessons as buttons, built-in lessons as the cards
// (data-lesson), live lessons with data-live (they open at #live/ID).
function drawCourseToc() {
  const box = $('course-toc');
  box.replaceChildren();
  if (app.course === undefined || !app.lessons.length) {
    box.setAttribute('aria-busy', 'true');
    const li = document.createElement('li');
    li.className = 'muted';
    li.textContent = t('home.course.loading');
    box.append(li);
    return;
  }
  box.removeAttribute('aria-busy');
  if (app.course === null || !app.course.length) {
    const li = document.createElement('li');
    li.className = 'muted';
    li.textContent = t('home.course.unavailable');
    box.append(li);
    return;
  }
  const nums = lessonNumbers(app.lessons);
  const waiting = app.pendingLoad && app.pendingLoad.lesson;
  for (const s of app.course) {
    const li = document.createElement('li');
    li.dataset.section = s.number;
    const h = document.createElement(s.chapter ? 'h4' : 'h5');
    h.className = s.chapter ? 'ct-chapter' : 'ct-heading';
    const num = document.createElement('span');
    num.className = 'ct-num';
    num.textContent = s.chapter ? t('home.course.chapter', { n: chapterNumber(s.number, getLang()) }) : s.number;
    h.append(num, ' ', pick(s.heading));
    li.append(h);
    li.className = s.chapter ? 'ct-chapter-row' : 'ct-section';
    if (!s.chapter) {
      if (!s.lessons.length) {
        const p = document.createElement('p');
        p.className = 'muted ct-none';
        p.textContent = t('home.course.none');
        li.append(p);
      } else {
        const ul = document.createElement('ul');
        ul.className = 'ct-lessons';
        for (const l of s.lessons) {
          const b = document.createElement('button');
          b.type = 'button';
          b.className = 'lesson-card ct-card' + (l.kind === 'live' ? ' live' : '');
          if (l.kind === 'live') b.dataset.live = l.id;
          else b.dataset.lesson = l.id;
          if (l.kind !== 'live' && waiting === l.id) b.setAttribute('aria-busy', 'true');
          const tag = document.createElement('span');
          tag.className = 'lc-num';
          tag.textContent = l.kind === 'live' ? t('home.course.live') : nums.has(l.id) ? t('home.lesson', { n: nums.get(l.id) }) : '';
          const title = document.createElement('span');
          title.className = 'lc-title';
          title.textContent = pick(l.title) || l.id;
          b.append(tag, title);
          b.insertAdjacentHTML('beforeend', '<svg class="lc-go" viewBox="0 0 24 24" aria-hidden="true"><path d="M5 12h13M13 6l6 6-6 6"/></svg>');
          const item = document.createElement('li');
          item.append(b);
          ul.append(item);
        }
        li.append(ul);
      }
    }
    box.append(li);
  }
}

// drawLiveTwins links the lesson id to the live lessons that show it with
// real processes (each opens in the live lab, this lesson beside it).
function drawLiveTwins(id) {
  // The live lessons are asked for with the first lesson shown, not with
  // the welcome, which does not use them (issue 14, part 6: page weight);
  // so is the quiz, whose button is the lesson card's.
  if (id && !app.liveAsked) { app.liveAsked = true; fetchLiveLessons(); loadQuiz().catch(err => console.error('proclab: the quiz did not load:', err)); }
  const box = $('lesson-live');
  const twins = liveTwinsOf(app.liveLessons, id);
  box.hidden = !twins.length;
  box.replaceChildren();
  if (!twins.length) return;
  const label = document.createElement('span');
  label.textContent = t('lesson.live') + ' ';
  box.append(label);
  twins.forEach((tw, i) => {
    if (i) box.append(document.createTextNode(' · '));
    const a = document.createElement('a');
    a.href = '#live/' + encodeURIComponent(tw.id);
    a.dataset.live = tw.id;
    a.textContent = pick(tw.title) || tw.id;
    box.append(a);
  });
}

// fetchLiveLessons asks for the live lessons (GET /api/live/lessons) so that
// a simulated lesson can link to its live twins; without them it links to
// none.
async function fetchLiveLessons() {
  try {
    const res = await fetch(document.body.dataset.apiLiveBrief || '/api/live/lessons?brief=1', { headers: { Accept: 'application/json' } }); // id, title, twin
    if (!res.ok) return;
    const list = await res.json();
    app.liveLessons = Array.isArray(list) ? list : [];
  } catch {
    return;
  }
  if (app.loaded) drawLiveTwins(app.loaded.lesson);
}

// fetchCourse asks for the course's table of contents (GET /api/course);
// app.course stays undefined while it is on its way and is null when it
// cannot be had, and the cards by topic show instead.
async function fetchCourse() {
  try {
    const res = await fetch(document.body.dataset.apiCourse || '/api/course', { headers: { Accept: 'application/json' } });
    app.course = res.ok ? normalizeCourse(await res.json()) : null;
  } catch {
    app.course = null;
  }
  if (!app.loaded) drawHome();
}

// setHomeView shows the welcome's lessons by course section or by topic.
function setHomeView(which) {
  app.homeView = which === 'topic' ? 'topic' : 'course';
  drawHome();
}

// loadLesson opens a built-in lesson from step 0.
function loadLesson(id) {
  if (!id || id === '__custom') return;
  address.user(); // the user moved: the address keeper may push (urlstate.js)
  clearErrors();
  send({ type: 'load', lesson: id });
  if (!app.loaded) drawHome();
}

// openLesson opens a lesson from the welcome, the course's table or a tab's
// list in its tab: a scheduling lesson in the scheduling view, any other
// step by step (the Races or the Processes tab, by its topic).
function openLesson(id) {
  const a = document.activeElement;
  app.focusTitle = !!(a && a.closest && a.closest('#home, #race-home'));
  // A lesson picked far down the list (a phone's) opens at the page's top.
  if (app.focusTitle) window.scrollTo(0, 0);
  if (tabOfLesson(app.lessons, id) === 'sched') {
    setView('sched');
    schedView.openLesson(id);
    return;
  }
  loadLesson(id);
}

// showHome leaves the run shown for the welcome of the tab (nothing loaded).
function showHome() {
  if (app.playing) send({ type: 'pause' });
  app.opening = false;
  app.loaded = null;
  app.pendingLoad = null;
  app.decl = null;
  app.view = emptyView();
  address.changed(true); // the tab's welcome is a place of its own (urlstate.js)
  drawLesson();
  drawCode();
  redrawAll();
}

function drawLesson() {
  const l = app.loaded;
  drawRaceLayout();
  const title = $('lesson-title');
  const ex = $('lesson-explain');
  const info = $('lesson-info');
  ex.replaceChildren();
  const opening = !l && app.opening; // a share link's run on its way: the lab waits for it
  document.body.classList.toggle('home-page', !l && !opening);
  document.documentElement.classList.toggle('opening', opening); // (boot.js set it first)
  $('home').hidden = !!l || opening;
  if (!l) {
    title.textContent = t(opening ? 'home.opening' : 'home.title');
    if (!opening) {
      const p = document.createElement('p');
      p.textContent = t('home.intro');
      ex.append(p);
    }
    info.textContent = '';
    document.title = 'ProcLab';
    $('btn-back-lesson').hidden = true;
    drawHome();
    drawLessons();
    drawGoTab();
    racesTab.draw();
    return;
  }
  const twin = twinLesson();
  title.textContent = twin ? t('go.tab.of', { title: pick(twin.title) || twin.id }) : pick(l.title) || (l.lesson ? l.lesson : t(l.lang === 'go' ? 'lesson.custom.go' : 'lesson.custom'));
  $('btn-back-lesson').hidden = !twin;
  renderExplain(ex, pick(twin ? twin.explain : l.explain) || '', t('lesson.misconception'));
  drawLiveTwins(twin ? '' : l.lesson);
  // A quantum only where the policy has one (round robin, MLFQ, lottery,
  // stride): FCFS, SJF, SRTF and priority run a task until it blocks, ends
  // or is preempted by another, whatever the scenario's quantum says.
  const sliced = ['rr', 'mlfq', 'lottery', 'stride'].includes(String(l.policy || '').toLowerCase());
  const parts = [t(sliced ? 'info.machine' : 'info.machine.noq', { cpus: l.cpus ?? 1, policy: String(l.policy || '').toUpperCase(), quantum: l.quantum ?? '–' })];
  if (l.seed) parts.push(t('info.seed', { seed: l.seed }));
  info.textContent = l.ostep ? t('os.info', { cmd: l.ostep }) : l.lang === 'go' ? t('go.info.one', { cpus: l.cpus ?? 1 }) : parts.join(' · ');
  document.title = `${title.textContent} · ProcLab`;
  drawLessons();
  drawGoTab();
  racesTab.draw();
}

// twinLesson is the lesson whose Go twin is running (null when none is).
function twinLesson() {
  return app.twin && app.lessonShown && app.lessonShown.id === app.twin.id ? app.lessonShown : null;
}

// goSourceOf is the Go program the Go tab shows for the loaded run: the
// lesson's Go twin, or the lesson's own text when the lesson is a Go
// program; '' when there is none (no tabs then).
function goSourceOf(l) {
  if (!l || l.ostep) return '';
  if (l.go_source) return l.go_source;
  if (l.lesson && l.lang === 'go') return l.scenario || '';
  return '';
}

// drawGoTab shows the tabs above the picture (a lesson with Go) and the
// Go pane when its tab is chosen.
function drawGoTab() {
  const l = app.loaded;
  const src = goSourceOf(l);
  const tabs = !!src;
  if (!tabs) app.ltab = 'picture';
  const go = app.ltab === 'go';
  $('lesson-tabs').hidden = !tabs;
  document.body.dataset.ltab = app.ltab;
  $('tab-picture').setAttribute('aria-selected', go ? 'false' : 'true');
  $('tab-go').setAttribute('aria-selected', go ? 'true' : 'false');
  $('diagram').hidden = go;
  $('go-pane').hidden = !go;
  if (!tabs) { $('go-source').replaceChildren(); return; }
  const runs = !!(l.lesson && l.lang === 'go' && !l.go_source) || (l.lang === 'go' && l.go_source === l.scenario);
  const note = $('go-pane-note');
  note.textContent = t(runs ? 'go.tab.runs' : 'go.tab.twin');
  note.dataset.runs = runs ? '1' : '0';
  $('btn-run-go').hidden = runs;
  if (go) drawGoSource(src, runs);
}

// goHeaderLines is how many lines a Go lesson's header takes: from the
// first line, a build tag, blank lines and the header's comments
// (gofront/header.go: title, explain, cpus, policy, seed, expect), up to
// the first other line.
function goHeaderLines(lines) {
  let n = 0;
  while (n < lines.length && /^\s*$|^\/\/go:build\b|^\/\/ ?(title|explain|cpus|policy|seed|expect)\b/.test(lines[n])) n++;
  while (n > 0 && /^\s*$/.test(lines[n - 1])) n--; // a blank line before package stays
  return n;
}

// drawGoSource lists the Go program with line numbers; when it is what
// runs, each goroutine's chip marks the line it is at.
function drawGoSource(src, runs) {
  const at = new Map();
  if (runs) {
    for (const task of app.view.tasks || []) {
      if (!task.line || task.program < 0 || ['zombie', 'dead', 'none'].includes(task.state)) continue;
      if (!at.has(task.line)) at.set(task.line, []);
      at.get(task.line).push(task);
    }
  }
  const ranAt = new Map(); // line -> the goroutines that ran it in the shown step
  for (const r of (runs && app.view.ran) || []) {
    if (!ranAt.has(r.line)) ranAt.set(r.line, []);
    ranAt.get(r.line).push(r.pid);
  }
  const lines = src.replace(/\n$/, '').split('\n');
  // The lesson's header (a build tag, its title, text and settings in
  // comments: gofront/header.go) is a screen of comments, mostly in
  // English, above the program: folded into one line that opens it. The
  // program's lines keep their numbers, which the narration names.
  const head = goHeaderLines(lines);
  const items = lines.map((text, i) => {
    if (i < head && !app.goHeaderOpen) return null;
    const li = document.createElement('li');
    li.dataset.line = String(i + 1);
    const no = document.createElement('span');
    no.className = 'ln';
    no.textContent = String(i + 1);
    const code = document.createElement('code');
    code.textContent = text;
    const here = at.get(i + 1) || [];
    // Issue 12 part 3: the line each goroutine just ran (✓) and the one it runs next (▶).
    if (runs) li.append(lineGutter(document, ranAt.get(i + 1) || [], here.map(x => x.pid), app.view, li));
    li.append(no, code);
    if (here.length) {
      li.classList.add('at');
      li.style.setProperty('--task', taskColor(here[0].pid).fill);
      const marks = document.createElement('span');
      marks.className = 'marks';
      for (const task of here) {
        const c = document.createElement('span');
        const col = taskColor(task.pid);
        c.className = 'chip' + (task.state === 'running' ? ' on' : '');
        c.dataset.task = String(task.pid);
        c.style.background = col.fill;
        c.style.color = col.ink;
        c.textContent = app.view.names[task.pid] || taskTag(app.view, task.pid);
        marks.append(c);
      }
      li.append(marks);
    }
    return li;
  }).filter(Boolean);
  if (head > 1) {
    const fold = document.createElement('li');
    fold.className = 'go-header';
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'btn ghost small';
    b.textContent = t(app.goHeaderOpen ? 'go.header.hide' : 'go.header.show', { n: head });
    b.addEventListener('click', () => { app.goHeaderOpen = !app.goHeaderOpen; drawGoTab(); });
    fold.append(b);
    items.unshift(fold);
  }
  const box = $('go-source');
  box.replaceChildren(...items);
  // Keep the first goroutine's line in sight inside the listing (the page
  // itself does not scroll).
  const first = box.querySelector('li.at');
  if (first && (first.offsetTop < box.scrollTop || first.offsetTop + first.offsetHeight > box.scrollTop + box.clientHeight)) {
    box.scrollTop = Math.max(0, first.offsetTop - box.clientHeight / 3);
  }
}

// setLessonTab shows the picture or the lesson's Go program.
function setLessonTab(name) {
  app.ltab = name === 'go' ? 'go' : 'picture';
  drawGoTab();
  if (app.ltab === 'picture') redrawAll();
  address.changed(true); // the tab is in the address
}

// runGoTwin loads the shown lesson's Go program in the stepper.
function runGoTwin() {
  const l = app.loaded;
  const src = goSourceOf(l);
  if (!src) return;
  app.twin = l.lesson ? { id: l.lesson, source: src } : app.twin;
  address.user(); // the user moved: the address keeper may push (urlstate.js)
  clearErrors();
  send({ type: 'load', scenario: src });
}

// drawCode draws the code panes, building the first build of them
// (code.js renderCode); panes left unbuilt are drawn later (drawLater).
function drawCode(build = Infinity) {
  let pending;
  if (app.loaded && app.loaded.ostep) {
    // x86.py: one pane per thread, each with its own pc and registers.
    const { programs, view } = splitThreads(app.loaded.programs, app.view);
    pending = renderCode($('code-flow'), programs, view, app.decl, build);
  } else {
    pending = renderCode($('code-flow'), app.loaded ? app.loaded.programs : [], app.view, app.decl, build);
  }
  if (pending) later.names.add('code');
}

// FIRST_PANES: the code panes a run's first draw builds (drawStep), more
// than a screen shows (a pane is at least its head and a line, about
// 4 rem); the others wait for the task after the first frame (later): the
// largest run's 64 panes took 20-47 ms of its first draw. Every other draw
// builds them all.
const FIRST_PANES = 8;

// fitCode keeps the code panes' box (.code-in) as tall as the panes
// (.code-flow), as a relayout boundary (app.css): a ResizeObserver on the
// panes sets the box's height at the next frame, from the size it reports
// (no layout is read in a draw). Until then, and while the panes are not
// displayed (another view, size 0), the box is an ordinary block as tall
// as what it holds. The height is set a frame late, not in the observer:
// the box's new height can resize boxes other observers watch, which in
// the same frame makes a "ResizeObserver loop" error. A frame in which the
// panes grew shows them over the box's lower edge, inside the scrolled
// .code; the panes grow while playing only when a line's chips wrap.
function fitCode() {
  const box = document.querySelector('#code > .code-in');
  const flow = $('code-flow');
  let want = 0, queued = false;
  new ResizeObserver(entries => {
    const e = entries[entries.length - 1];
    want = e.borderBoxSize && e.borderBoxSize[0] ? e.borderBoxSize[0].blockSize : e.contentRect.height;
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      if (want <= 0) { box.classList.remove('fitted'); return; }
      const h = `${want}px`;
      if (box.style.getPropertyValue('--fit-h') !== h) box.style.setProperty('--fit-h', h);
      box.classList.add('fitted');
    });
  }).observe(flow);
}

// drawRaceLayout shows the race lab's panels for scenarios with threads,
// shared variables or locks, and hides them otherwise.
function drawRaceLayout() {
  const race = isRaceLab(app.loaded);
  document.body.classList.toggle('go-program', !!(app.loaded && app.loaded.lang === 'go'));
  const ostep = !!(app.loaded && app.loaded.ostep);
  document.body.classList.toggle('race-lab', race);
  document.body.classList.toggle('ostep-run', ostep);
  if (ostep) document.body.dataset.ostep = app.loaded.ostep; else delete document.body.dataset.ostep;
  // An OSTEP run is computed by the simulator's own rules: no picker,
  // manual mode or exploring.
  $('race').hidden = !race || ostep;
  // The simulator's run reports no races or lost updates: the problems
  // panel would wrongly say that every check passed.
  $('problems-card').hidden = ostep;
  const ipc = ipcInScenario(app.loaded); // ipc-model.js: shared memory and sockets
  document.body.classList.toggle('ipc-lab', ipc);
  $('race-side').hidden = !race && !ipc && !document.body.classList.contains('pipe-lab'); // pipe-lab: drawPipes
  renderLegend($('timeline-legend'), race && app.decl ? app.decl.objects : null);
}

function drawRace() {
  if (!raceView || !isRaceLab(app.loaded)) return;
  raceView.render();
}

// reloadWith sends `load` again for the loaded lesson or scenario with other
// options (picker, manual, interleave, seed, choices), from step 0.
function reloadWith(opts) {
  const l = app.loaded;
  if (!l) return;
  const st = loadedState(l, 0, opts.choices ?? []);
  st.picker = opts.picker === 'random' ? 'random' : undefined;
  st.manual = !!opts.manual || undefined;
  st.interleave = !!opts.interleave || undefined;
  if (opts.seed) st.seed = opts.seed;
  address.user(); // the user moved: the address keeper may push (urlstate.js)
  clearErrors();
  send(loadMessage(st));
}

function drawControls() {
  const v = app.view;
  renderControls({ loaded: !!app.loaded, online: app.ready, step: v.step, total: v.total, playing: app.playing, speed: app.speed });
  document.body.dataset.step = String(v.step);
  if (app.viewName === 'sched' || app.viewName === 'live') $('btn-share').disabled = false; // part 4: the live lab's link too
}

// setView shows the process view ('proc'), the scheduling view ('sched')
// or the live lab ('live'). byUser (a click) lets the address keeper push
// a history entry for it; false when an address is being opened.
function setView(name, byUser = true) {
  const view = name === 'sched' || name === 'live' ? name : 'proc';
  const sched = view === 'sched';
  app.viewName = view;
  document.body.classList.toggle('view-sched', sched);
  document.body.classList.toggle('view-live', view === 'live');
  document.body.dataset.view = app.viewName;
  for (const b of document.querySelectorAll('.view-tab')) b.setAttribute('aria-selected', b.dataset.view === app.viewName ? 'true' : 'false');
  if (sched) {
    if (app.playing) send({ type: 'pause' });
    schedView.show();
  } else {
    schedView.hide();
  }
  if (view === 'live') liveView.show(); else liveView.hide();
  racesTab.viewSet(name); // issue 12, part 5: 'race' is the process view in the Races tab
  if (byUser) address.user();
  address.changed(true);
  if (view !== 'sched') drawLesson();
  if (view !== 'proc') document.title = `${t(sched ? 'view.sched' : 'view.live')} · ProcLab`;
  drawControls();
}

// simShown reports whether the simulator's process view is on screen: its
// own tab, or next to a live lesson as its simulated twin.
function simShown() {
  return app.viewName === 'proc' || (app.viewName === 'live' && liveView.twinShown());
}

// openInStepper shows a scheduling run in the process view (step by step).
function openInStepper(text) {
  setView('proc');
  clearErrors();
  send({ type: 'load', scenario: text });
}

// narrate says the shown step's most informative event (narrate.js).
function narrate() {
  const n = $('narration');
  n.classList.toggle('hint', !app.loaded);
  if (!app.loaded) { showNarration(n, t(app.opening ? 'home.opening' : 'home.hint')); n.dataset.key = ''; n.dataset.category = ''; return; }
  const v = app.view;
  const step = v.step;
  const programs = app.loaded.programs || [];
  const threads = new Set(v.tasks.filter(x => programs[x.program] && programs[x.program].thread).map(x => x.pid));
  // The step's column and items, as the fold made them (fold.js: the
  // columns and the log of a snapshot's window may not be folded yet).
  const choice = chooseNarration({
    step, items: v.stepItems, ran: v.ran,
    column: v.lastColumn && v.lastColumn.step === step ? v.lastColumn : null,
    tasks: v.tasks, programs, who: app.decl && app.decl.jobs ? pid => v.names[pid] || `P${pid}` : whoFor(v.names, threads),
  });
  // Written when it changes: the same text written again is laid out
  // again, with the card around it (the page narrates at every frame).
  const text = choice ? narrationText(choice, step) : t('log.empty');
  showNarration(n, text, app.playing);
  const key = choice ? choice.key : '', category = choice ? choice.category : '';
  if (n.dataset.key !== key) n.dataset.key = key;
  if (n.dataset.category !== category) n.dataset.category = category;
}

// showNarration writes the narration's sentence into a box of its own
// (issue 14, part 2): .narr-in, a block of size and layout containment
// (app.css), is a relayout boundary, so that a new sentence is laid out
// inside it and not the whole page with it (the paragraph is a flex item of
// the diagram's card, and Blink takes no flex item as a boundary). Its
// height is set to the sentence's (.narr-text's) when a new sentence is
// written, read at once (a layout of the box alone when nothing else
// waits), so that no line is ever cut; the page is laid out again only when
// the sentence takes another number of lines. A width or a font that
// changes (a resize, presenter mode, the text size) is followed by a
// ResizeObserver, which fits the box at the next frame (setting it in the
// observer itself would resize the boxes other observers watch, in the
// same frame: "ResizeObserver loop" errors).
//
// While playing (growOnly), the box only grows: at speed a step's sentence
// often takes one line and the next two, and a box that followed them moved
// everything under it up and down at every step, and laid out the whole
// page with it (20 to 28 times in 3 s at 60 steps/s). It fits its sentence
// again once playing stops (settleNarration) or at the next step shown.
function showNarration(n, text, growOnly = false) {
  let box = n.firstElementChild;
  if (!box || !box.classList.contains('narr-in')) {
    box = document.createElement('span');
    box.className = 'narr-in';
    const inner = document.createElement('span');
    inner.className = 'narr-text';
    box.append(inner);
    n.replaceChildren(box);
    // The sentence's height as the frame's own layout found it: no read
    // that makes the browser lay the page out in the middle of a draw. It
    // is written in the next frame: a size changed by an observer's
    // callback would move what other observers watch (the code panes, the
    // timeline) in the same frame, and the browser reports that as an error.
    new ResizeObserver(entries => {
      const e = entries[entries.length - 1];
      const h = e.borderBoxSize && e.borderBoxSize[0] ? e.borderBoxSize[0].blockSize : e.contentRect.height;
      requestAnimationFrame(() => sizeNarration(box, h, app.playing));
    }).observe(inner);
  }
  const inner = box.firstElementChild;
  if (inner.textContent === text) {
    if (!growOnly && box.grown) fitNarration(box);
    return;
  }
  inner.textContent = text;
  // While playing, the observer above fits the box (it only grows then); a
  // step drawn alone fits it at once.
  if (!growOnly) fitNarration(box);
}

// fitNarration sets the box's height to its sentence's, read now (a
// layout, if the page has changed since the last); sizeNarration to h
// (px), with growOnly not lower than it is (box.grown says it is taller
// than its sentence).
function fitNarration(box, growOnly = false) {
  sizeNarration(box, box.firstElementChild.getBoundingClientRect().height, growOnly);
}

function sizeNarration(box, h, growOnly) {
  box.grown = growOnly && h < (parseFloat(box.style.height) || 0);
  if (box.grown) return;
  const want = `${h}px`;
  if (box.style.height !== want) box.style.height = want;
}

// settleNarration fits the narration's box to its sentence once playing
// stops (showNarration).
function settleNarration() {
  const box = $('narration').firstElementChild;
  if (box && box.grown) fitNarration(box);
}

function animDuration() {
  if (!app.playing) return 520;
  return Math.max(0, Math.min(520, 700 / app.speed));
}

// ---- one draw per animation frame ----------------------------------------

// frame is the draw waiting for the next animation frame: id (of
// requestAnimationFrame, 0 when none waits) and the steps folded since the
// last draw. drawStats counts, for the browser benchmark
// (e2e/perf_browser_test.go), the draws made, the steps they showed, the
// main-thread time they took (ms, performance.now()) and the websocket
// messages handled; parts splits the time by panel, and fold is the time
// spent folding steps into the view (outside the draws). loadMs is the
// time from the last load sent to its snapshot drawn (ms); firstRender
// says the rest.
const frame = { id: 0, steps: 0 };
const drawStats = { draws: 0, steps: 0, ms: 0, maxMs: 0, messages: 0, parts: {} }; // parts: ms per panel (drawStep), and fold: ms folding steps
drawStats.folds = foldCounts; // windows of snapshots folded after their first draw (fold.js)
window.proclabDrawStats = drawStats;

// firstRender records, for the benchmark, what the first draw of a loaded
// run cost (ms, performance.now()): pageMs from the snapshot's arrival to
// the end of its draw (t0), loadMs from the load sent to the same end
// (drawnAt, performance.now()), and firstParts the draw's time by part
// (parts since before); paintMs (firstFrame) goes on to the end of the
// frame that lays out and paints what the draw made.
function firstRender(t0, before) {
  const now = performance.now();
  const sent = drawStats.loadSentAt;
  drawStats.loadSentAt = 0;
  drawStats.pageMs = now - t0;
  drawStats.loadMs = now - sent;
  drawStats.drawnAt = now;
  drawStats.paintMs = 0;
  const parts = {};
  for (const [k, v] of Object.entries(drawStats.parts)) if (v - (before[k] || 0) >= 0.5) parts[k] = Math.round(v - (before[k] || 0));
  drawStats.firstParts = parts;
}

// firstFrame sets drawStats.paintMs to the time from the load sent (ms,
// performance.now()) to the end of the next frame: a task queued by that
// frame's requestAnimationFrame runs after its style, layout and paint.
function firstFrame(sent) {
  requestAnimationFrame(() => setTimeout(() => { drawStats.paintMs = performance.now() - sent; }));
}

// showLoaded shows the run just loaded (its lesson, tabs, editor and
// controls: app.showLoaded, made by the loaded handler), once: with its
// snapshot's first draw, which comes right after. Drawn at once, it was
// laid out and painted in a frame of its own while the snapshot was on its
// way, and the main thread that takes in the snapshot's data was busy.
function showLoaded() {
  const show = app.showLoaded;
  app.showLoaded = null;
  if (show) show();
}

// drawSoon draws the view in the next animation frame, once however many
// steps arrive before it. A hidden page draws when it shows again.
function drawSoon() {
  frame.steps++;
  if (!frame.id) frame.id = requestAnimationFrame(drawFrame);
}

// drawFrame draws the steps folded since the last frame. Only a single
// step animates: the tokens of several steps in one frame jump to where the
// last one left them (the diagram marks the last step's arrows). Drawing
// is fast (see SLOW_MS) when several steps came or the run plays faster
// than 1000 / SLOW_MS steps/s.
function drawFrame() {
  const steps = frame.steps;
  const t0 = performance.now();
  drawStep(steps === 1, steps > 1 || (app.playing && app.speed * SLOW_MS > 1000));
  const ms = performance.now() - t0;
  drawStats.draws++;
  drawStats.steps += steps;
  drawStats.ms += ms;
  drawStats.maxMs = Math.max(drawStats.maxMs, ms);
}

// SLOW_MS: while steps come faster than frames, or the run plays faster
// than one step in SLOW_MS ms (faster than anyone reads a line of code),
// the panels that take the longest to draw and say least at that speed
// (the code panes, the process table) are drawn at most once in SLOW_MS
// ms, and once more SLOW_MS ms after the last step; the diagram, the
// timeline, the log, the narration and the controls follow every frame.
const SLOW_MS = 100;
const slow = { at: 0, timer: 0 };

// drawSlowPanels draws the code panes (the first panes of them: see
// drawCode) and the process table (while playing, those in sight: see
// sight).
function drawSlowPanels(part, panes = Infinity) {
  clearTimeout(slow.timer);
  slow.timer = 0;
  slow.at = performance.now();
  if (!later.names.has('tree') && sight.wants('tree', app.playing)) drawPanel('tree', part);
  if (sight.wants('code', app.playing)) drawPanel('code', part, panes);
}

// drawPanel draws one of the panels sight may leave undrawn while playing
// (of the code panes, the first panes).
function drawPanel(name, part, panes = Infinity) {
  const v = app.view;
  if (name === 'tree') part('tree', () => renderTree($('tree'), v));
  else if (name === 'code') part('code', () => drawCode(panes));
  else if (name === 'timeline') part('timeline', () => timeline.render(v, { objects: app.decl ? app.decl.objects : [] }));
  else if (name === 'log') part('log', () => renderLog($('log'), v.log, pid => taskColor(pid).fill, v.step));
}

// later: the panels that the first draw of a run just loaded left out,
// because they were below the screen (the timeline, the log, the process
// table: thousands of elements for the largest runs), and the code panes
// past the first few (drawCode, FIRST_PANES). They are drawn in the
// tasks after the frame that shows the first screen, one a task
// (drawLater), or by the next draw if it comes first. counted: drawLater
// counted the task it runs in (drawStats.laterTasks).
const later = { names: new Set(), counted: false };
const LATER_SLICE_MS = 16; // drawLater's time a task (ms) before it yields

// SNAPSHOT_WAIT_MS: how long (ms) a run just loaded waits for its snapshot
// before its panels are drawn empty (the `loaded` handler).
const SNAPSHOT_WAIT_MS = 2000;

// belowScreen says whether element e lies wholly outside the window's
// height (below it or above it), or is not laid out (a hidden view). It
// measures the page as it is: drawStep asks before it writes anything.
function belowScreen(e) {
  if (!e) return false;
  const r = e.getBoundingClientRect();
  return (r.width === 0 && r.height === 0) || r.top >= window.innerHeight || r.bottom <= 0;
}

// drawLater draws the panels the first draw of a run left for later, in
// as few tasks as keep each at about LATER_SLICE_MS: a small run's all in
// one, the largest run's timeline, process table and log (tens of
// milliseconds each) one a task, so that a click between them waits for
// one, not all.
function drawLater() {
  const t0 = performance.now();
  while (later.names.size) {
    const name = later.names.values().next().value;
    later.names.delete(name);
    drawStats.laterLeft = later.names.size;
    drawPanel(name, timer(drawStats.parts));
    // (The tasks it drew in, for the browser tests: a microtask ends with the task.)
    if (!later.counted) { later.counted = true; drawStats.laterTasks = (drawStats.laterTasks || 0) + 1; queueMicrotask(() => { later.counted = false; }); }
    if (later.names.size && performance.now() - t0 >= LATER_SLICE_MS) { setTimeout(drawLater); return; }
  }
}

// sight: while the run plays, the timeline, the log, the process table and
// the code panes are drawn only when in sight (sight.js); one out of sight
// is drawn when it comes into sight, and when playing stops.
const sight = createSight(window.IntersectionObserver, { timeline: $('timeline'), log: $('log'), tree: $('tree'), code: $('code') },
  name => drawPanel(name, timer(drawStats.parts)));

// reducedMotion says whether the reader asks for less motion: one media
// query list, made once, that drawStep reads at every frame (a matchMedia
// call at each frame showed up to 5.8 % of the main thread's self time in
// a CPU profile at 1,000 steps/s).
const reducedMotion = window.matchMedia ? window.matchMedia('(prefers-reduced-motion: reduce)') : null;

// drawStep draws the view now (and cancels the frame waiting, if one is:
// it would draw the same view again). animate: the diagram's tokens glide
// along the arrows of the view's last step. fast: several steps came since
// the last frame (see SLOW_MS).
function drawStep(animate, fast = false, first = false) {
  if (frame.id) cancelAnimationFrame(frame.id);
  frame.id = 0;
  frame.steps = 0;
  later.names.clear();
  const v = app.view;
  const reduce = !!(reducedMotion && reducedMotion.matches);
  const part = timer(drawStats.parts);
  // The narration first: paused, it measures its sentence (showNarration),
  // which lays out its own box alone only while nothing else waits for
  // layout; after the panels' writes it laid out the whole page. At a
  // run's first draw the whole page waits (the lesson just shown, the
  // narration's hint class gone): its measure is that layout, and the
  // panels' places are read next, from the same layout, before anything
  // else is written (read first, they cost a second layout of the page).
  part('narration', narrate);
  // The process table is left to after the first frame whatever its place:
  // it lies under the code panes (index.html), which take their height in
  // that frame (content-visibility), so a table in sight now is most often
  // pushed below the screen by them (the largest run's, 17,000 px down).
  if (first) for (const name of ['timeline', 'log', 'tree']) if (name === 'tree' || belowScreen($(name))) later.names.add(name);
  part('diagram', () => diagram.render(v, { animate: animate && !reduce, duration: animDuration(), cpus: app.loaded ? app.loaded.cpus : 1, first }));
  if (!later.names.has('timeline') && sight.wants('timeline', app.playing)) drawPanel('timeline', part);
  const since = performance.now() - slow.at;
  if (!fast || since >= SLOW_MS) drawSlowPanels(part, first ? FIRST_PANES : Infinity);
  else if (!slow.timer) slow.timer = setTimeout(() => drawSlowPanels(timer(drawStats.parts)), SLOW_MS - since);
  if (!later.names.has('log') && sight.wants('log', app.playing)) drawPanel('log', part);
  if (later.names.size) requestAnimationFrame(() => setTimeout(drawLater));
  drawStats.laterLeft = later.names.size; // (for the browser tests: panels still to draw)
  part('controls', drawControls);
  part('race', drawRace);
  if (app.ltab === 'go') drawGoTab();
  address.changed(); // part 4: the step shown goes into the address (urlstate.js)
  // Issue 11 (draw calls of each part's panel): each part adds after its own line.
  part('cards', () => {
    // -- part 1, memory
    drawMemoryCard(document, v); // memory.js
    // -- part 2, system calls and modes
    // -- part 3, context-switch cost
    // Not for a Go program: Go switches goroutines in user mode, without the kernel's context switch.
    if (isRaceLab(app.loaded) && app.loaded.lang !== 'go') renderSwitchCard(app.view, app.loaded, rerunAtCost); else setHidden($('switch-card'), true);
    // -- part 4a, pipes, FIFOs, message queues
    drawPipes(v);
    // -- part 4b, shared memory and sockets
    drawIPC(); // ipc-panels.js
    drawSideColumn();
  });
}

// timer returns part(name, fn): it calls fn and adds the time it took (ms)
// to into[name], so the benchmark can say which panel costs what.
function timer(into) {
  return (name, fn) => {
    const t0 = performance.now();
    fn();
    into[name] = (into[name] || 0) + performance.now() - t0;
  };
}

// drawSideColumn shows the right-hand column (#race-side) when one of its
// cards has something to show: the race lab's, the address space, the pipes
// or the shared memory and sockets. Each card's own draw call decides
// whether it is shown; this one runs after all of them, so that no card's
// call hides the column another card needs.
function drawSideColumn() {
  const cards = ['memory-card', 'pipe-card', 'shm-card', 'sock-card'];
  setHidden($('race-side'), !isRaceLab(app.loaded) && !ipcInScenario(app.loaded) && cards.every(id => $(id).hidden));
}

// setHidden writes el's hidden only when it changes: the draws call it at
// every step, and writing the same value restyles the element anyway.
function setHidden(el, hidden) {
  if (el.hidden !== hidden) el.hidden = hidden;
}

// drawIPC draws the shared memory and sockets cards of a scenario that has
// segments or sockets. A scenario with sockets but no threads, variables or
// locks shows the side column for them alone.
function drawIPC() {
  const on = ipcInScenario(app.loaded);
  const color = pid => taskColor(pid).fill;
  setHidden($('shm-card'), !on || !renderShm($('shm'), app.view, app.decl, color));
  setHidden($('sock-card'), !on || !renderSockets($('sockets'), app.view, color));
  if (on && !isRaceLab(app.loaded)) {
    for (const id of ['vars-card', 'output-card', 'problems-card']) setHidden($(id), true);
  }
}

// drawPipes draws the pipes, FIFOs and message queues of the step (ipc-pipe.js)
// and shows their card, in the right-hand column, whenever the scenario has any.
function drawPipes(v) {
  const list = (v && v.pipes) || [];
  const card = $('pipe-card');
  setHidden(card, !list.length);
  document.body.classList.toggle('pipe-lab', list.length > 0);
  if (!list.length) return; // drawSideColumn shows or hides the column
  renderIPC($('pipes'), list, { t, colorOf: taskColor, tag: pid => taskTag(v, pid) });
}

// rerunAtCost opens the same scenario at another switch cost (the context-switch
// card's buttons, switchcard.js), at its last step, where the counters compare.
function rerunAtCost(text) {
  clearErrors();
  send({ type: 'load', scenario: text, step: getLimits().steps || 1 });
}

function redrawAll() {
  drawStep(false);
}

function applyStatic() {
  document.documentElement.lang = getLang();
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll('[data-i18n-title]')) e.title = t(e.dataset.i18nTitle);
  for (const e of document.querySelectorAll('[data-i18n-aria]')) e.setAttribute('aria-label', t(e.dataset.i18nAria));
  const lb = $('btn-lang');
  lb.textContent = t('btn.lang');
  lb.title = t('btn.lang.title');
  lb.lang = getLang() === 'en' ? 'zh-CN' : 'en';
  for (const e of document.querySelectorAll('.home-other')) e.lang = lb.lang;
  renderLegend($('timeline-legend'), isRaceLab(app.loaded) && app.decl ? app.decl.objects : null);
  renderSpeed(app.speed);
}

// switchLang shows the page in the other language; the choice is kept for
// the next visit unless keep is false (a link opening in its own language).
function switchLang({ keep = true } = {}) {
  setLang(getLang() === 'en' ? 'zh-CN' : 'en');
  if (keep) try { localStorage.setItem(LANG_KEY, getLang()); } catch { /* private mode */ }
  applyStatic();
  diagram.relabel();
  if (app.viewName === 'proc') drawLesson();
  else document.title = `${t(app.viewName === 'live' ? 'view.live' : 'view.sched')} · ProcLab`;
  drawBanner();
  redrawAll();
  schedView.relabel();
  ostepDialog.relabel();
  liveView.relabel();
  editor.relabel();
  room.relabel(); // issue 13
  address.changed(true); // the language is in the address
}

// ---- issue 13: the room front end (room.js) ---------------------------------

// roomLink is the fragment (without '#') of the view shown, as a room's
// state link: the view's share link without the language (each follower
// keeps its own), or '' on the welcome.
async function roomLink() {
  await settled();
  const e = app.semantics || undefined;
  if (app.viewName === 'sched' && schedView.lesson()) return `sched/${schedView.lesson()}`;
  if (app.viewName === 'proc' && racesTab.tab() === 'race' && !app.loaded) return RACE_HASH.slice(1);
  if (app.viewName === 'sched') return (await encodeShare({ view: 'sched', sched: schedView.shareState(), semantics: e })).slice(1);
  if (app.viewName === 'live') return liveView.hash().slice(1);
  if (!app.loaded) return '';
  const tab = app.ltab === 'go' ? 'go' : undefined;
  return (await encodeShare({ ...loadedState(app.loaded, app.view.step), semantics: e, tab })).slice(1);
}

// startRoom makes the classroom and gives it the page's hooks (room.js
// createRoom); every change the address keeper hears of is the teacher's
// place changing too.
function startRoom() {
  room = lazyObject({ load: () => import('./room.js'), roots: ['room-note', 'room-bar', 'room-follow', 'room-q', 'room-q-pill', 'room-qr-overlay', 'room-dialog', 'room-ask-dialog'], make: m => m.createRoom({
    linkNow: roomLink,
    // A follower opens the teacher's link as the link itself would open,
    // while the address stays at #room/CODE.
    openLink: async hash => { await showHash(hash); },
    seek: step => {
      if (!app.loaded || !app.ready || !simShown() || step === app.view.step) return;
      if (app.playing) send({ type: 'pause' });
      send({ type: 'seek', step });
    },
    view: () => ({
      name: app.viewName, loaded: !!app.loaded, race: isRaceLab(app.loaded), atEnd: false,
      schedReady: app.viewName === 'sched', policy: app.viewName === 'sched' ? (schedView.shareState() || {}).policy || '' : '',
      tasks: (app.view.tasks || []).filter(x => !['zombie', 'dead', 'none'].includes(x.state)).map(x => ({ pid: x.pid, name: app.view.names[x.pid] || taskTag(app.view, x.pid) })),
    }),
    loadFields: () => {
      if (!app.loaded) return null;
      const m = loadMessage({ ...loadedState(app.loaded, app.view.step), semantics: app.semantics || undefined });
      delete m.v;
      delete m.type;
      return m;
    },
    sched: () => ({ lesson: schedView.lesson(), state: schedView.shareState() }),
    liveRelay: on => liveView.relay(on),
    liveFeed: msg => liveView.feed(msg),
    addressChanged: () => { address.user(); address.changed(true); },
  }),
  // Before room.js loads there is no room: it loads for a room's address
  // (#room/CODE), for a room this tab taught before a reload, and for the
  // Classroom button.
  idle: {
    route: hash => (/^#room\//i.test(hash || '') ? wakeWith(true) : false),
    resume: () => { try { return sessionStorage.getItem('proclab.room.teaching') ? WAKE : false; } catch { return false; } },
    addressNow: () => '',
    role: () => '',
  } });
  openOnClick($('btn-room'), room.whenLoaded);
  const changed = address.changed;
  address.changed = now => { changed(now); room.viewChanged(); };
  room.resume();
}

// ---- start ----------------------------------------------------------------

function start() {
  // The address's language (?lang=) wins over the stored choice.
  setLang(langOfSearch(location.search) || pickLang(navigator.languages || [navigator.language], storedLang()));
  address = createAddressKeeper({ urlNow, placeNow, history, location, playing: () => app.playing }); // while playing, written every 3 s
  diagram = createDiagram($('diagram'), { keep: true, tag: pid => taskTag(app.view, pid) }); // threads show their TID
  timeline = createTimeline($('timeline'));
  fitCode();
  // Made after the hello, the scheduling view takes its limits at once.
  const withLimits = v => { if (app.ready) v.limitsChanged(); return v; };
  schedView = lazyObject({ load: () => Promise.all([import('./sched.js'), loadExport()]), make: ([m]) => withLimits(m.createSchedView({
    openScenario: openInStepper,
    lessons: () => app.lessons,
    // A scheduling lesson's own run, step by step, at the chosen time's step.
    openLesson: (id, step) => { address.user(); setView('proc', false); clearErrors(); send({ type: 'load', lesson: id, step }); },
    lessonShown: () => { if (app.viewName === 'sched') address.changed(); },
    changed: () => { if (app.viewName === 'sched') address.changed(); },
  })),
  idle: { show: () => WAKE, openLesson: () => WAKE, restore: () => WAKE, lesson: () => '', shareState: () => null } });
  racesTab = createRacesTab({
    lessons: () => app.lessons, loaded: () => app.loaded, openLesson, showHome,
    openEditor: () => editor.open(scenarioTemplate(t)), // the race template (examples.js)
  });
  // A manual choice's answer changes the link (sched.js says so only when
  // the choice is sent): write it once the view is idle again.
  new MutationObserver(() => { if ($('sched').dataset.busy === '0' && app.viewName === 'sched') address.changed(); })
    .observe($('sched'), { attributes: true, attributeFilter: ['data-busy'] });
  ostepDialog = lazyObject({ load: () => import('./ostep-dialog.js'), make: m => m.createOstepDialog({
    load: msg => {
      address.user(); // the user moved: the address keeper may push (urlstate.js)
      clearErrors();
      send(msg);
    },
  }), idle: { open: () => WAKE } });
  liveView = lazyObject({ load: () => import('./live.js'), roots: ['live'], css: ['live.css', 'live-ipc.css', 'live-sys.css'], make: m => m.createLiveView({
    // A live lesson's simulated twin: the lesson, loaded in this process view.
    openTwin: id => {
      if (!id) return;
      if (app.loaded && app.loaded.lesson === id) return;
      clearErrors();
      send({ type: 'load', lesson: id });
    },
    setHash: () => { if (app.viewName === 'live') { address.user(); address.changed(true); } }, // a live lesson opened or closed
  }),
  idle: { show: () => WAKE, openLesson: () => WAKE, relay: on => (on ? WAKE : undefined), hash: () => '#live', twinShown: () => false } });
  raceView = createRaceView({
    send,
    seek: step => { if (app.loaded && app.ready) send({ type: 'seek', step }); },
    reload: reloadWith,
    setExploring: on => { app.exploring = on; drawRace(); },
    state: () => ({ loaded: app.loaded, view: app.view, choices: app.loaded ? app.loaded.choices : [], explored: app.explored, exploring: app.exploring }),
  });
  $('code').addEventListener('click', e => { if (toggleMicro(e.target)) drawCode(); });
  // -- issue 12, part 9: the Export menu (export.js)
  openOnClick($('btn-export'), loadExport); // the scheduling view loads it too (its Gantt cards' buttons)
  applyStatic();
  drawLesson();
  drawCode();
  redrawAll();

  initControls({
    send,
    state: () => ({ loaded: !!app.loaded && app.ready && simShown(), step: app.view.step, total: app.view.total, playing: app.playing, speed: app.speed }),
    setSpeed: s => { app.speed = s; },
  });
  // Issue 12, part 2: presenter mode, themes, text size, the next interesting event.
  initPresenter({
    send,
    state: () => ({ loaded: !!app.loaded && app.ready && simShown(), step: app.view.step, total: app.view.total }),
    // Named as the log names them: a thread by its name and TID, not as a process.
    who: pid => label(pid, (app.view.names || {})[pid], threaded(app.view, pid), !!app.view.go),
  });
  // Issue 13, part 2: the self-study quiz of the lesson shown step by step
  // (quiz.js): its questions are about the lesson's own run, which it
  // reloads (at the question's step) when another run of it is shown. Its
  // button is the lesson card's: it loads with the first lesson shown.
  loadQuiz = lazyModule(() => import('./quiz.js'), m => m.initQuiz({
    send,
    state: () => {
      const l = app.loaded;
      const lesson = l && l.lesson && !app.twin && simShown() ? l.lesson : '';
      return {
        lesson, ready: app.ready, loading: !!app.pendingLoad, step: app.view.step, total: app.view.total, playing: app.playing,
        plain: seed => !!l && !l.choices.length && !l.manual && !l.interleave && l.picker !== 'random' && (l.seed ?? 0) === seed,
      };
    },
    load: (lesson, step) => { clearErrors(); send({ type: 'load', lesson, step }); },
  }));
  $('btn-lang').addEventListener('click', () => switchLang());
  $('btn-share').addEventListener('click', () => { share().catch(() => showBanner('error', 'err.share_bad')); });
  $('share-copy').addEventListener('click', async () => {
    const inp = $('share-url');
    inp.select();
    try { await navigator.clipboard.writeText(inp.value); $('share-status').textContent = t('share.copied'); } catch {
      try { document.execCommand('copy'); $('share-status').textContent = t('share.copied'); } catch { $('share-status').textContent = t('err.clipboard'); }
    }
  });
  $('share-addrs').addEventListener('click', async e => { // the links at this host's network addresses (part 4)
    const b = e.target.closest('button[data-copy]');
    if (!b) return;
    const inp = b.parentElement.querySelector('input');
    if (inp) inp.select();
    try { await navigator.clipboard.writeText(b.dataset.copy); $('share-status').textContent = t('share.copied'); } catch { $('share-status').textContent = t('err.clipboard'); }
  });
  $('banner').querySelector('.close').addEventListener('click', clearBanner);
  $('banner-retry').addEventListener('click', retryNow);
  $('lesson-select').addEventListener('change', e => loadLesson(e.target.value));
  $('lesson-cards').addEventListener('click', e => {
    const b = e.target.closest('button[data-lesson]');
    if (b) openLesson(b.dataset.lesson);
  });
  $('course-toc').addEventListener('click', e => {
    const b = e.target.closest('button[data-lesson], button[data-live]');
    if (!b) return;
    const to = courseTarget(b.dataset.live ? { kind: 'live', id: b.dataset.live } : { kind: 'lesson', id: b.dataset.lesson });
    if (to.hash) location.hash = to.hash; // hashchange opens the live lesson
    else openLesson(to.lesson);
    window.scrollTo(0, 0); // a lesson far down the list opens at the top of the page
  });
  for (const b of document.querySelectorAll('#home-views .home-view')) b.addEventListener('click', () => setHomeView(b.dataset.homeView));
  $('home-views').addEventListener('keydown', e => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    setHomeView(app.homeView === 'course' ? 'topic' : 'course');
    $(app.homeView === 'course' ? 'home-by-course' : 'home-by-topic').focus();
  });
  editor = lazyObject({ load: () => import('./editor.js'), roots: ['scenario-dialog'], css: ['editor.css'], make: m => m.createEditor({ lessons: () => app.lessons, load: loadEdited }), idle: { open: () => WAKE, isOpen: () => false } });
  const openEditor = () => editor.open(app.loaded && app.loaded.scenario && !app.loaded.ostep ? app.loaded.scenario : '');
  $('btn-scenario').addEventListener('click', openEditor);
  $('btn-own').addEventListener('click', openEditor);
  $('btn-ostep').addEventListener('click', () => ostepDialog.open(app.loaded));
  $('btn-ostep-home').addEventListener('click', () => ostepDialog.open(app.loaded));
  $('tab-picture').addEventListener('click', () => setLessonTab('picture'));
  $('tab-go').addEventListener('click', () => setLessonTab('go'));
  $('lesson-tabs').addEventListener('keydown', e => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    setLessonTab(app.ltab === 'go' ? 'picture' : 'go');
    $(app.ltab === 'go' ? 'tab-go' : 'tab-picture').focus();
  });
  $('btn-run-go').addEventListener('click', runGoTwin);
  $('btn-back-lesson').addEventListener('click', () => { const l = twinLesson(); if (l) loadLesson(l.id); });
  for (const b of document.querySelectorAll('.view-tab')) b.addEventListener('click', () => setView(b.dataset.view));
  // The view tabs are a tab list: ← and → move to the tab before or after
  // (and show it), as the tabs pattern has it; they stepped the run.
  document.querySelector('.views').addEventListener('keydown', e => {
    if ((e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') || !e.target.matches('.view-tab')) return;
    e.preventDefault();
    const tabs = [...document.querySelectorAll('.views .view-tab')].filter(b => b.offsetParent !== null);
    const next = tabs[(tabs.indexOf(e.target) + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    if (next) { next.click(); next.focus(); }
  });
  // Back/forward and fragment links (#live/ID, #race, #sched/ID) show what the address says.
  window.addEventListener('popstate', () => applyURL(false));
  window.addEventListener('hashchange', () => applyURL(false));
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { timeline.render(app.view, { objects: app.decl ? app.decl.objects : [] }); schedView.resize(); liveView.resize(); }, 120);
  });
  window.addEventListener('online', () => { if (!app.ws) { app.retry = retryStart(); connect(); } });
  onPageLeave(leavePage, backToPage);
  startRoom(); // issue 13: the classroom (room.js)
  fetchLessons();
  fetchCourse();
  applyURL(true);
  connect();
}

start();
