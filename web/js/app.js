// app.js: the ProcLab page. It connects to the server's websocket (/ws),
// keeps the view state (a pure fold, see fold.js) and draws every panel.
//
// Hooks for browser tests:
//   - the lesson picker is <select id="lesson-select">; each option's value
//     is a lesson id (the empty first option is the prompt);
//   - #step-counter reads "step N / TOTAL" (in Chinese "步骤 N / TOTAL") and
//     carries data-step and data-total;
//   - tokens: [data-pid][data-state] inside [data-node] groups of the SVG
//     state diagram (#diagram); dead tasks stay in [data-node="dead"];
//   - #log holds one <li data-step> per sentence (newest first); #narration
//     (aria-live) says the shown step's most informative event (narrate.js),
//     with data-key (the catalog key said) and data-category (its RANK
//     category, "" before the first step);
//   - what the shown step did stays marked until the next step: arrows
//     taken are .arrow.taken (with a .bubble), tokens that moved have
//     data-moved="1", and the code pane marks the line just run (li.ran,
//     span.ran-mark ✓) apart from the next one (li.next, span.next-mark ▶);
//   - #banner (class "error" when showing an error, "notice" for a notice
//     such as a link made with another engine version) for errors, with
//     data-code (the i18n key shown); #banner-retry shows when the page
//     stopped reconnecting and starts again;
//   - buttons #btn-reset #btn-back #btn-play #btn-step #btn-share #btn-lang
//     #btn-scenario; the share link is in #share-url;
//   - document.body.dataset.ready is "1" once the lesson list arrived, and
//     document.body.dataset.step mirrors the shown step;
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
//     the class "view-sched" and data-view "proc" or "sched"; the
//     scheduling view's address ends in #sched.
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
//   - the editor (#scenario-dialog): #scenario-examples (a <select>; values
//     in examples.js: tpl:go, tpl:scenario, lesson:ID:scenario,
//     lesson:ID:go), #scenario-text (Tab inserts a tab, Ctrl+Enter loads;
//     a blank editor opens with the Go template), #scenario-lang (data-lang
//     "go" or "scenario": what the text is read as).
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
import { emptyView, fromSnapshot, applyEvents, taskTag } from './fold.js';
import { ipcInScenario } from './ipc-model.js';
import { renderShm, renderSockets } from './ipc-panels.js';
import { renderLog } from './log.js';
import { chooseNarration, narrationText, whoFor } from './narrate.js';
import { createDiagram } from './diagram.js';
import { createTimeline, renderLegend } from './timeline.js';
import { renderCode, toggleMicro, resetMicro } from './code.js';
import { renderTree } from './tree.js';
import { initControls, renderControls, renderSpeed, placeSpeed } from './controls.js';
import { shareURL, decodeShare, isShareHash, loadMessage, loadedState, keepsStepInURL } from './share.js';
import { taskColor } from './colors.js';
import { resumeMessage, normalizeLessons, LOAD_ERRORS, retryStart, afterClose, STATUS_TOO_BIG } from './conn.js';
import { setLimits, getLimits, readSemantics, checkLoad, checkMessage, tooLargeParams, fmtBytes } from './limits.js';
import { readError, knownError } from './errors.js';
import { parseErrorText } from './i18n-parse.js';
import { createSchedView } from './sched.js';
import { createRaceView } from './race.js';
import { isRaceLab, declOf } from './race-model.js';
import { drawMemoryCard } from './memory.js';
import { ostepOf, splitThreads } from './ostep.js';
import { createOstepDialog } from './ostep-dialog.js';
import { createLiveView } from './live.js';
import { normalizeCourse, courseTarget, lessonNumbers } from './course.js';
import { renderExplain } from './explain.js';
import { liveTwinsOf } from './livetwins.js';
import { renderSwitchCard } from './switchcard.js';
import { goTemplate, scenarioTemplate, exampleGroups, parseExample, insertTab, isGo } from './examples.js';
import { renderIPC } from './ipc-pipe.js';
import { initExport } from './export.js'; // issue 12, part 9

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
  semantics: 0, // the engine's semantics version (hello), 0 until known
  lessons: [],
  loaded: null, // the last `loaded` message
  view: emptyView(),
  playing: false,
  speed: 2,
  pendingLoad: null, // the last `load` sent (or waiting to be sent) and not yet answered
  banner: null, // {key, params, detail, kind}
  pendingHash: null, // a share link waiting for the hello's limits
  liveLessons: [], // the live lessons (GET /api/live/lessons): a lesson links to those whose twin it is
  course: undefined, // the course's table of contents (course.js): undefined until GET /api/course answers, null if it failed
  homeView: 'course', // the welcome lists the lessons by 'course' section or by 'topic'
  viewName: 'proc', // 'proc' (processes), 'sched' (scheduling) or 'live' (the live lab)
  decl: null, // names of the loaded scenario's variables and objects (race lab)
  explored: null, // the last `explored` answer for the loaded scenario
  exploring: false, // an explore command waits for its answer
  ltab: 'picture', // the tab above the picture: 'picture' or 'go' (a lesson's Go program)
  lessonShown: null, // the last lesson loaded: {id, title, explain, go} (a Go twin run names it)
  twin: null, // the Go twin being run: {id, source}, or null
  exampleSeq: 0, // the examples menu's latest request (an older answer is dropped)
};

const SCHED_HASH = '#sched';
const LIVE_HASH = /^#live(?:\/([a-z0-9-]{1,64}))?$/;
let schedView, raceView, ostepDialog, liveView;

function storedLang() {
  try { return localStorage.getItem(LANG_KEY); } catch { return null; }
}

// send sends a command. Without a connection a `load` waits for the next
// one (the hello handler sends it); other commands are dropped, since the
// controls are disabled then. A command over the hello's limits is not
// sent: the banner (and the dialog that made it) says which limit and by
// how much, and send returns false.
function send(msg) {
  const m = { v: 1, ...msg };
  const over = m.type === 'load' ? checkLoad(m, getLimits()) : checkMessage(m, getLimits());
  if (over) {
    refuseTooLarge(over);
    return false;
  }
  if (m.type === 'load') app.pendingLoad = m;
  if (app.ready && app.ws && app.ws.readyState === WebSocket.OPEN) app.ws.send(JSON.stringify(m));
  return true;
}

// tooLargeInDialogs shows a "too large" refusal in the dialog whose load
// it was (the scenario or the OSTEP dialog), if one waits for its load.
function tooLargeInDialogs(text) {
  const dlg = $('scenario-dialog');
  if (dlg.open && dlg.dataset.loading) {
    delete dlg.dataset.loading;
    const e = $('scenario-error');
    e.textContent = text;
    e.hidden = false;
  }
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
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  let ws;
  try {
    ws = new WebSocket(`${proto}//${location.host}/ws`);
  } catch {
    scheduleReconnect();
    return;
  }
  app.ws = ws;
  ws.addEventListener('open', () => {
    if (app.ws !== ws) return;
    app.connected = true;
    app.everConnected = true;
  });
  ws.addEventListener('message', ev => {
    let msg;
    try { msg = JSON.parse(ev.data); } catch { return; }
    try { handle(msg); } catch (err) { console.warn('ProcLab: cannot handle', msg && msg.type, err); }
  });
  ws.addEventListener('close', ev => {
    if (app.ws !== ws) return;
    app.ws = null;
    app.connected = false;
    app.ready = false;
    app.playing = false;
    const close = { code: ev.code, reason: ev.reason || '' };
    document.body.dataset.conn = 'closed';
    document.body.dataset.closes = String(Number(document.body.dataset.closes || 0) + 1);
    if (close.code === STATUS_TOO_BIG) {
      // The server refused a message as too large (its error, when it sent
      // one, is on screen already): that load is not sent again.
      app.pendingLoad = null;
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
  });
  ws.addEventListener('error', () => {});
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
    const res = await fetch('/api/lessons', { headers: { Accept: 'application/json' } });
    if (!res.ok) return;
    const list = await res.json();
    if (!app.lessons.length) setLessons(list);
  } catch { /* the websocket's hello brings the list too */ }
}

function handle(msg) {
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
      if (msg.lesson) {
        app.lessonShown = { id: msg.lesson, title: msg.title, explain: msg.explain, go: msg.go_source || '' };
        app.twin = null;
      } else if (!(app.twin && msg.lang === 'go' && msg.scenario === app.twin.source)) {
        app.twin = null;
      }
      const same = app.loaded && app.loaded.scenario === msg.scenario && (app.loaded.source || '') === (msg.source || '');
      if (!same) app.ltab = 'picture';
      if (!same) { app.explored = null; resetMicro(); }
      app.exploring = false;
      app.loaded = msg;
      app.loaded.choices = Array.isArray(msg.choices) ? msg.choices : [];
      app.decl = declOf(msg);
      app.playing = false;
      app.view = emptyView();
      app.view.total = msg.total ?? 0;
      closeScenarioDialog(true);
      ostepDialog.close(true);
      if (app.banner && ((app.banner.kind === 'error' && !app.banner.sticky) || app.banner.kind === 'notice')) clearBanner();
      // A link made with another engine version may show something else.
      if (msg.notice && msg.notice.code === 'semantics_changed') {
        showBanner('notice', 'notice.semantics_changed', { from: msg.notice.from ?? '?', to: msg.notice.to ?? '?' });
      }
      drawLesson();
      drawRaceLayout();
      drawCode();
      redrawAll(false);
      break;
    }
    case 'snapshot':
      if (!app.loaded) return;
      app.view = fromSnapshot(msg, app.loaded.programs, app.decl);
      redrawAll(true);
      break;
    case 'events':
      if (!app.loaded) return;
      app.view = applyEvents(app.view, msg, app.loaded.programs, app.decl);
      drawStep(true);
      break;
    case 'status':
      app.playing = !!msg.playing;
      if (typeof msg.speed === 'number' && msg.speed > 0) app.speed = msg.speed;
      if (typeof msg.total === 'number') app.view = { ...app.view, total: msg.total };
      if (app.loaded && Array.isArray(msg.choices)) app.loaded.choices = msg.choices;
      drawControls();
      drawRace();
      break;
    case 'explored':
      app.exploring = false;
      app.explored = msg;
      drawRace();
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
  if (LOAD_ERRORS.has(code)) app.pendingLoad = null;
  const key = `err.${code}`;
  const known = knownError(t, code);
  const params = { line: msg.line ?? '?', col: msg.col ?? '?' };
  // The parse message repeats the position; the translated text says it.
  const english = String(msg.message || '').replace(code === 'parse' ? /^line \d+, column \d+:\s*/i : /^$/, '');
  // A parse error's detail is said in the page's language (redrawn when it
  // changes); without a template the server's English message stands.
  // Any other detail is the server's English: said beside the translation
  // in English only (in Chinese it is the banner's tooltip).
  const detail = code === 'parse' && msg.detail ? () => parseErrorText(t, msg.detail) ?? (getLang() === 'en' ? english : '')
    : () => (getLang() === 'en' || !known ? english : '');
  showBanner('error', known ? key : 'err.unknown', params, detail);
  app.banner.hint = english;
  if (code === 'too_large') {
    app.banner.sticky = true;
    tooLargeInDialogs(detail() ? `${t(key)} ${detail()}` : t(key));
  }
  ostepDialog.refused(msg);
  if (code === 'parse' && $('scenario-dialog').open) {
    const e = $('scenario-error');
    e.textContent = t('scen.error', { ...params, text: detail() });
    e.hidden = false;
    selectLine($('scenario-text'), msg.line, msg.col);
  }
}

// ---- share links ----------------------------------------------------------

// openShare opens a share link. It needs the hello's limits: before the
// hello the link waits (app.pendingHash) and the hello opens it.
async function openShare(hash) {
  if (!app.ready) { app.pendingHash = hash; return; }
  const r = await decodeShare(hash, getLimits());
  // A link opens in the language it was made in (field g).
  if (r.ok && r.state.lang && r.state.lang !== getLang()) switchLang();
  if (r.ok && r.state.view === 'sched') {
    clearErrors();
    schedView.restore(r.state.sched);
    setView('sched', false);
    return;
  }
  if (!r.ok) {
    app.loaded = null;
    app.view = emptyView();
    drawLesson();
    drawCode();
    redrawAll(false);
    showBanner('error', `err.${r.error}`, { v: r.version || '?', max: r.max ? fmtBytes(r.max) : '?' });
    app.banner.sticky = true;
    return;
  }
  clearErrors();
  setView('proc', false);
  if (!send(loadMessage(r.state))) {
    // Too large to send: the banner says by how much; the lab stays empty.
    app.loaded = null;
    app.view = emptyView();
    drawLesson();
    drawCode();
    redrawAll(false);
  }
}

// keepStepInURL writes the loaded run and the step shown into the address,
// as its share link, a moment after the page stops moving (playing writes
// once it pauses or every 600 ms), so that F5, a bookmark or back/forward
// returns to the same lesson at the same step. It never writes over the
// live lab's or the scheduling view's address.
let urlTimer = 0;
function keepStepInURL() {
  if (urlTimer || !app.loaded) return;
  urlTimer = setTimeout(async () => {
    urlTimer = 0;
    const l = app.loaded;
    if (!l || !keepsStepInURL(app.viewName, location.hash)) return;
    const url = await shareURL(location, { ...loadedState(l, app.view.step), semantics: app.semantics || undefined, lang: getLang() });
    // The page may have moved on while the link was being compressed.
    if (app.loaded !== l || !keepsStepInURL(app.viewName, location.hash)) return;
    if (location.href !== url) history.replaceState(null, '', url);
  }, 600);
}

async function share() {
  const sched = app.viewName === 'sched';
  if (!app.loaded && !sched) return;
  const l = app.loaded;
  // The link names the engine version that shows this step (the hello's).
  const e = app.semantics || undefined;
  const url = sched ? await shareURL(location, { view: 'sched', sched: schedView.shareState(), semantics: e, lang: getLang() })
    : await shareURL(location, { ...loadedState(l, app.view.step), semantics: e, lang: getLang() });
  const dlg = $('share-dialog');
  $('share-url').value = url;
  dlg.querySelector('h2').textContent = t(sched ? 'share.title.sched' : 'share.title');
  $('share-help').textContent = sched ? t('share.help.sched') : t('share.help', { n: app.view.step });
  $('share-status').textContent = '';
  if (!dlg.open) dlg.showModal();
  $('share-url').focus();
  $('share-url').select();
  try {
    await navigator.clipboard.writeText(url);
    $('share-status').textContent = t('share.copied');
  } catch {
    $('share-status').textContent = t('err.clipboard');
  }
}

// ---- scenario dialog ------------------------------------------------------

function openScenarioDialog() {
  const dlg = $('scenario-dialog');
  const ta = $('scenario-text');
  if (app.loaded && app.loaded.scenario && !app.loaded.ostep) ta.value = app.loaded.scenario;
  // A blank editor is never the starting point: it opens with the Go template.
  if (!ta.value.trim()) ta.value = goTemplate(t);
  $('scenario-error').hidden = true;
  drawExamples();
  drawEditorLang();
  if (!dlg.open) dlg.showModal();
  ta.focus();
}

// drawExamples fills the editor's examples menu (templates, then every
// lesson's scenario and Go twin); the prompt stays selected.
function drawExamples() {
  const sel = $('scenario-examples');
  const groups = exampleGroups(app.lessons, t, pick, l => l.go !== false);
  const prompt = new Option(t('ed.examples.pick'), '');
  sel.replaceChildren(prompt);
  for (const g of groups) {
    const og = document.createElement('optgroup');
    og.label = g.label;
    for (const o of g.options) og.append(new Option(o.label, o.value));
    sel.append(og);
  }
  sel.value = '';
}

// drawEditorLang says whether the editor's text is read as a Go program or
// as a scenario.
function drawEditorLang() {
  const go = isGo($('scenario-text').value);
  const el = $('scenario-lang');
  el.dataset.lang = go ? 'go' : 'scenario';
  el.textContent = t(go ? 'ed.lang.go' : 'ed.lang.scenario');
}

// pickExample puts the example an option names into the editor: a
// template at once, a lesson's text once GET /api/lessons/ID answers.
async function pickExample(value) {
  const ex = parseExample(value);
  const ta = $('scenario-text');
  const err = $('scenario-error');
  err.hidden = true;
  if (!ex) return;
  const seq = ++app.exampleSeq;
  if (ex.tpl) {
    ta.value = ex.tpl === 'go' ? goTemplate(t) : scenarioTemplate(t);
  } else {
    const sel = $('scenario-examples');
    sel.setAttribute('aria-busy', 'true');
    err.textContent = t('ed.loading');
    err.hidden = false;
    let text = '';
    try {
      const res = await fetch(`/api/lessons/${encodeURIComponent(ex.lesson)}`, { headers: { Accept: 'application/json' } });
      if (res.ok) {
        const l = await res.json();
        text = ex.form === 'go' ? l.go_source || '' : l.scenario || '';
      }
    } catch { /* said below */ }
    sel.removeAttribute('aria-busy');
    if (seq !== app.exampleSeq) return; // another example was picked since
    if (!text) { err.textContent = t('ed.failed'); return; }
    err.hidden = true;
    ta.value = text;
  }
  ta.scrollTop = 0;
  ta.setSelectionRange(0, 0);
  drawEditorLang();
  ta.focus();
}

// editorKey makes Tab insert a tab in the editor (Shift+Tab still moves
// the focus out) and Ctrl+Enter (or Cmd+Enter) load the text.
function editorKey(e) {
  const ta = e.target;
  if (e.key === 'Tab' && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey) {
    e.preventDefault();
    const r = insertTab(ta.value, ta.selectionStart, ta.selectionEnd);
    // setRangeText keeps the browser's undo history where it can.
    if (typeof ta.setRangeText === 'function') ta.setRangeText('\t', ta.selectionStart, ta.selectionEnd, 'end');
    else { ta.value = r.value; ta.setSelectionRange(r.caret, r.caret); }
    drawEditorLang();
  } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    $('scenario-form').requestSubmit();
  }
}

function closeScenarioDialog(onlyIfLoading) {
  const dlg = $('scenario-dialog');
  if (dlg.open && (!onlyIfLoading || dlg.dataset.loading)) dlg.close();
  delete dlg.dataset.loading;
}

function selectLine(ta, line, col) {
  if (!line) return;
  const lines = ta.value.split('\n');
  let start = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
  const len = (lines[line - 1] || '').length;
  const from = Math.min(start + Math.max(0, (col || 1) - 1), start + len);
  ta.focus();
  ta.setSelectionRange(from, start + len);
  const lh = parseFloat(getComputedStyle(ta).lineHeight) || 20;
  ta.scrollTop = Math.max(0, (line - 3) * lh);
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
    const o = new Option(app.loaded && app.loaded.ostep ? t('os.lesson') : app.loaded && app.loaded.lang === 'go' ? t('lesson.custom.go') : t('lesson.custom'), '__custom');
    o.disabled = true;
    sel.append(o);
  }
  sel.value = cur;
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
    num.textContent = s.chapter ? t('home.course.chapter', { n: s.number }) : s.number;
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
    const res = await fetch('/api/live/lessons', { headers: { Accept: 'application/json' } });
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
    const res = await fetch('/api/course', { headers: { Accept: 'application/json' } });
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
  if (isShareHash(location.hash)) history.replaceState(null, '', location.pathname + location.search);
  clearErrors();
  send({ type: 'load', lesson: id });
  if (!app.loaded) drawHome();
}

function drawLesson() {
  const l = app.loaded;
  drawRaceLayout();
  const title = $('lesson-title');
  const ex = $('lesson-explain');
  const info = $('lesson-info');
  ex.replaceChildren();
  document.body.classList.toggle('home-page', !l);
  $('home').hidden = !!l;
  if (!l) {
    title.textContent = t('home.title');
    const p = document.createElement('p');
    p.textContent = t('home.intro');
    ex.append(p);
    info.textContent = '';
    document.title = 'ProcLab';
    $('btn-back-lesson').hidden = true;
    drawHome();
    drawLessons();
    drawGoTab();
    return;
  }
  const twin = twinLesson();
  title.textContent = twin ? t('go.tab.of', { title: pick(twin.title) || twin.id }) : pick(l.title) || (l.lesson ? l.lesson : t(l.lang === 'go' ? 'lesson.custom.go' : 'lesson.custom'));
  $('btn-back-lesson').hidden = !twin;
  renderExplain(ex, pick(twin ? twin.explain : l.explain) || '', t('lesson.misconception'));
  drawLiveTwins(twin ? '' : l.lesson);
  const parts = [t('info.machine', { cpus: l.cpus ?? 1, policy: String(l.policy || '').toUpperCase(), quantum: l.quantum ?? '–' })];
  if (l.seed) parts.push(t('info.seed', { seed: l.seed }));
  info.textContent = l.ostep ? t('os.info', { cmd: l.ostep }) : l.lang === 'go' ? t('go.info.one', { cpus: l.cpus ?? 1 }) : parts.join(' · ');
  document.title = `${title.textContent} · ProcLab`;
  drawLessons();
  drawGoTab();
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
  const items = src.replace(/\n$/, '').split('\n').map((text, i) => {
    const li = document.createElement('li');
    li.dataset.line = String(i + 1);
    const no = document.createElement('span');
    no.className = 'ln';
    no.textContent = String(i + 1);
    const code = document.createElement('code');
    code.textContent = text;
    li.append(no, code);
    const here = at.get(i + 1) || [];
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
  });
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
}

// runGoTwin loads the shown lesson's Go program in the stepper.
function runGoTwin() {
  const l = app.loaded;
  const src = goSourceOf(l);
  if (!src) return;
  app.twin = l.lesson ? { id: l.lesson, source: src } : app.twin;
  if (isShareHash(location.hash)) history.replaceState(null, '', location.pathname + location.search);
  clearErrors();
  send({ type: 'load', scenario: src });
}

function drawCode() {
  if (app.loaded && app.loaded.ostep) {
    // x86.py: one pane per thread, each with its own pc and registers.
    const { programs, view } = splitThreads(app.loaded.programs, app.view);
    renderCode($('code'), programs, view, app.decl);
    return;
  }
  renderCode($('code'), app.loaded ? app.loaded.programs : [], app.view, app.decl);
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
  if (isShareHash(location.hash)) history.replaceState(null, '', location.pathname + location.search);
  clearErrors();
  send(loadMessage(st));
}

function drawControls() {
  const v = app.view;
  renderControls({ loaded: !!app.loaded, online: app.ready, step: v.step, total: v.total, playing: app.playing, speed: app.speed });
  document.body.dataset.step = String(v.step);
  if (app.viewName === 'sched') $('btn-share').disabled = false;
}

// setView shows the process view ('proc'), the scheduling view ('sched')
// or the live lab ('live'); with remember, the address says which (#sched,
// #live).
function setView(name, remember = true) {
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
  if (remember) setHash(sched ? SCHED_HASH : view === 'live' ? liveView.hash() : '');
  if (view !== 'sched') drawLesson();
  if (view !== 'proc') document.title = `${t(sched ? 'view.sched' : 'view.live')} · ProcLab`;
  drawControls();
}

function setHash(want) {
  if (location.hash !== want) history.replaceState(null, '', location.pathname + location.search + want);
}

// openLiveHash opens the live lab (and its lesson) that an address names.
function openLiveHash(hash) {
  const m = LIVE_HASH.exec(hash);
  if (!m) return false;
  setView('live', false);
  if (m[1]) liveView.openLesson(m[1]);
  return true;
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
function narrate(step) {
  const n = $('narration');
  n.classList.toggle('hint', !app.loaded);
  if (!app.loaded) { n.textContent = t('home.hint'); n.dataset.key = ''; n.dataset.category = ''; return; }
  const v = app.view;
  const programs = app.loaded.programs || [];
  const threads = new Set(v.tasks.filter(x => programs[x.program] && programs[x.program].thread).map(x => x.pid));
  const last = v.columns[v.columns.length - 1];
  const choice = chooseNarration({
    step, items: v.log, ran: v.ran, column: last && last.step === step ? last : null,
    tasks: v.tasks, programs, who: whoFor(v.names, threads),
  });
  n.textContent = choice ? narrationText(choice, step) : t('log.empty');
  n.dataset.key = choice ? choice.key : '';
  n.dataset.category = choice ? choice.category : '';
}

function animDuration() {
  if (!app.playing) return 520;
  return Math.max(0, Math.min(520, 700 / app.speed));
}

function drawStep(animate) {
  const v = app.view;
  const reduce = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  diagram.render(v, { animate: animate && !reduce, duration: animDuration(), cpus: app.loaded ? app.loaded.cpus : 1 });
  timeline.render(v, { objects: app.decl ? app.decl.objects : [] });
  renderTree($('tree'), v);
  drawCode();
  renderLog($('log'), v.log, pid => taskColor(pid).fill, v.step);
  narrate(v.step);
  drawControls();
  drawRace();
  if (app.ltab === 'go') drawGoTab();
  keepStepInURL();
  // Issue 11 (draw calls of each part's panel): each part adds after its own line.
  // -- part 1, memory
  drawMemoryCard(document, v); // memory.js
  // -- part 2, system calls and modes
  // -- part 3, context-switch cost
  // Not for a Go program: Go switches goroutines in user mode, without the kernel's context switch.
  if (isRaceLab(app.loaded) && app.loaded.lang !== 'go') renderSwitchCard(app.view, app.loaded, rerunAtCost); else $('switch-card').hidden = true;
  // -- part 4a, pipes, FIFOs, message queues
  drawPipes(v);
  // -- part 4b, shared memory and sockets
  drawIPC(); // ipc-panels.js
  drawSideColumn();
}

// drawSideColumn shows the right-hand column (#race-side) when one of its
// cards has something to show: the race lab's, the address space, the pipes
// or the shared memory and sockets. Each card's own draw call decides
// whether it is shown; this one runs after all of them, so that no card's
// call hides the column another card needs.
function drawSideColumn() {
  const cards = ['memory-card', 'pipe-card', 'shm-card', 'sock-card'];
  $('race-side').hidden = !isRaceLab(app.loaded) && !ipcInScenario(app.loaded) && cards.every(id => $(id).hidden);
}

// drawIPC draws the shared memory and sockets cards of a scenario that has
// segments or sockets. A scenario with sockets but no threads, variables or
// locks shows the side column for them alone.
function drawIPC() {
  const on = ipcInScenario(app.loaded);
  const color = pid => taskColor(pid).fill;
  $('shm-card').hidden = !on || !renderShm($('shm'), app.view, app.decl, color);
  $('sock-card').hidden = !on || !renderSockets($('sockets'), app.view, color);
  if (on && !isRaceLab(app.loaded)) {
    for (const id of ['vars-card', 'output-card', 'problems-card']) $(id).hidden = true;
  }
}

// drawPipes draws the pipes, FIFOs and message queues of the step (ipc-pipe.js)
// and shows their card, in the right-hand column, whenever the scenario has any.
function drawPipes(v) {
  const list = (v && v.pipes) || [];
  const card = $('pipe-card');
  card.hidden = !list.length;
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

function switchLang() {
  setLang(getLang() === 'en' ? 'zh-CN' : 'en');
  try { localStorage.setItem(LANG_KEY, getLang()); } catch { /* private mode */ }
  applyStatic();
  diagram.relabel();
  if (app.viewName === 'proc') drawLesson();
  else document.title = `${t(app.viewName === 'live' ? 'view.live' : 'view.sched')} · ProcLab`;
  drawBanner();
  redrawAll();
  schedView.relabel();
  ostepDialog.relabel();
  liveView.relabel();
  if ($('scenario-dialog').open) { drawExamples(); drawEditorLang(); }
}

// ---- start ----------------------------------------------------------------

function start() {
  setLang(pickLang(navigator.languages || [navigator.language], storedLang()));
  diagram = createDiagram($('diagram'), { keep: true, tag: pid => taskTag(app.view, pid) }); // threads show their TID
  timeline = createTimeline($('timeline'));
  schedView = createSchedView({ openScenario: openInStepper });
  ostepDialog = createOstepDialog({
    load: msg => {
      if (isShareHash(location.hash)) history.replaceState(null, '', location.pathname + location.search);
      clearErrors();
      send(msg);
    },
  });
  liveView = createLiveView({
    // A live lesson's simulated twin: the lesson, loaded in this process view.
    openTwin: id => {
      if (!id) return;
      if (app.loaded && app.loaded.lesson === id) return;
      clearErrors();
      send({ type: 'load', lesson: id });
    },
    setHash: h => { if (app.viewName === 'live') setHash(h); },
  });
  raceView = createRaceView({
    send,
    seek: step => { if (app.loaded && app.ready) send({ type: 'seek', step }); },
    reload: reloadWith,
    setExploring: on => { app.exploring = on; drawRace(); },
    state: () => ({ loaded: app.loaded, view: app.view, choices: app.loaded ? app.loaded.choices : [], explored: app.explored, exploring: app.exploring }),
  });
  $('code').addEventListener('click', e => { if (toggleMicro(e.target)) drawCode(); });
  // -- issue 12, part 9: the Export menu (export.js)
  initExport({ state: () => ({ loaded: app.loaded, step: app.view.step, semantics: app.semantics, viewName: app.viewName }) });
  applyStatic();
  drawLesson();
  drawCode();
  redrawAll();

  initControls({
    send,
    state: () => ({ loaded: !!app.loaded && app.ready && simShown(), step: app.view.step, total: app.view.total, playing: app.playing, speed: app.speed }),
    setSpeed: s => { app.speed = s; },
  });
  $('btn-lang').addEventListener('click', switchLang);
  $('btn-share').addEventListener('click', () => { share().catch(() => showBanner('error', 'err.share_bad')); });
  $('share-copy').addEventListener('click', async () => {
    const inp = $('share-url');
    inp.select();
    try { await navigator.clipboard.writeText(inp.value); $('share-status').textContent = t('share.copied'); } catch {
      try { document.execCommand('copy'); $('share-status').textContent = t('share.copied'); } catch { $('share-status').textContent = t('err.clipboard'); }
    }
  });
  $('banner').querySelector('.close').addEventListener('click', clearBanner);
  $('banner-retry').addEventListener('click', retryNow);
  $('lesson-select').addEventListener('change', e => loadLesson(e.target.value));
  $('lesson-cards').addEventListener('click', e => {
    const b = e.target.closest('button[data-lesson]');
    if (b) loadLesson(b.dataset.lesson);
  });
  $('course-toc').addEventListener('click', e => {
    const b = e.target.closest('button[data-lesson], button[data-live]');
    if (!b) return;
    const to = courseTarget(b.dataset.live ? { kind: 'live', id: b.dataset.live } : { kind: 'lesson', id: b.dataset.lesson });
    if (to.hash) location.hash = to.hash; // hashchange opens the live lesson
    else loadLesson(to.lesson);
    window.scrollTo(0, 0); // a lesson far down the list opens at the top of the page
  });
  for (const b of document.querySelectorAll('#home-views .home-view')) b.addEventListener('click', () => setHomeView(b.dataset.homeView));
  $('home-views').addEventListener('keydown', e => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    setHomeView(app.homeView === 'course' ? 'topic' : 'course');
    $(app.homeView === 'course' ? 'home-by-course' : 'home-by-topic').focus();
  });
  $('btn-scenario').addEventListener('click', openScenarioDialog);
  $('btn-own').addEventListener('click', openScenarioDialog);
  $('btn-ostep').addEventListener('click', () => ostepDialog.open(app.loaded));
  $('btn-ostep-home').addEventListener('click', () => ostepDialog.open(app.loaded));
  $('scenario-cancel').addEventListener('click', () => $('scenario-dialog').close());
  $('scenario-examples').addEventListener('change', e => { pickExample(e.target.value); e.target.value = ''; });
  $('scenario-text').addEventListener('keydown', editorKey);
  $('scenario-text').addEventListener('input', drawEditorLang);
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
  $('scenario-form').addEventListener('submit', e => {
    e.preventDefault();
    const text = $('scenario-text').value;
    $('scenario-error').hidden = true;
    $('scenario-dialog').dataset.loading = '1';
    if (isShareHash(location.hash)) history.replaceState(null, '', location.pathname + location.search);
    send({ type: 'load', scenario: text });
  });
  for (const b of document.querySelectorAll('.view-tab')) b.addEventListener('click', () => setView(b.dataset.view));
  window.addEventListener('hashchange', () => {
    if (isShareHash(location.hash)) openShare(location.hash);
    else if (location.hash === SCHED_HASH) setView('sched', false);
    else openLiveHash(location.hash);
  });
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { timeline.render(app.view, { objects: app.decl ? app.decl.objects : [] }); schedView.resize(); liveView.resize(); }, 120);
  });
  window.addEventListener('online', () => { if (!app.ws) { app.retry = retryStart(); connect(); } });
  fetchLessons();
  fetchCourse();
  fetchLiveLessons();
  if (isShareHash(location.hash)) openShare(location.hash);
  else if (location.hash === SCHED_HASH) setView('sched', false);
  else openLiveHash(location.hash);
  connect();
}

start();
