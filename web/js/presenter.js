// presenter.js: what a teacher needs in front of a class (issue 12, part 2).
//
//   - Presenter mode (key F, or #btn-present in the header): body gets the
//     class "presenter"; presenter.css hides the side panels (the lesson's
//     text, the programs, the process table, the race and IPC cards, the
//     log) and gives the state diagram and the narration the screen, with
//     the timeline below. The page asks for full screen (the Fullscreen API)
//     and carries on without it when the browser refuses or has none. F or
//     Esc leaves it, and so does leaving full screen.
//   - Text size for the back row: SIZES steps of the root font size (and of
//     the diagram's labels), stored in localStorage; <html data-text-size>
//     holds the step (absent at 100 %) and --text-scale the factor.
//   - Themes: Auto (as prefers-color-scheme), Light, Dark, High contrast,
//     stored in localStorage; <html data-theme> is the theme in force
//     ("light", "dark" or "contrast", resolved from Auto and updated when
//     the system's preference changes) and data-theme-choice the choice.
//     theme.css holds the colours.
//   - "Next interesting event" (key N, or #btn-next beside the step
//     buttons): sends {type: "next_interesting"}; the server answers
//     `interesting` (docs/protocol.md) and, when it found a step, a snapshot
//     of it. #jump-note, above the narration, says why it stopped there
//     while that step is shown, or that nothing follows (a short notice).
//
// Hooks for browser tests: body.presenter; body[data-fullscreen] ('asking'
// while the full screen asked for is on its way, 'on' in it); #btn-present
// (aria-pressed);
// #btn-display opens #display-menu (a popover) with #theme-select and
// #size-down / #size-up / #size-value; #btn-next; #jump-note with
// data-reason (the reason, or "none") and data-step.
import { t } from './i18n.js';

const THEME_KEY = 'proclab.theme';
const SIZE_KEY = 'proclab.textSize';

// THEMES are the theme menu's choices, in its order.
export const THEMES = ['auto', 'light', 'dark', 'contrast'];

// SIZES are the text-size steps (factors of the page's own size); index
// DEFAULT_SIZE is 100 %.
export const SIZES = [0.9, 1, 1.15, 1.3, 1.5];
export const DEFAULT_SIZE = 1;

// resolveTheme is the theme in force for a choice (a stored value, maybe
// unknown) when the system prefers dark (prefersDark) or not.
export function resolveTheme(choice, prefersDark) {
  if (choice === 'light' || choice === 'dark' || choice === 'contrast') return choice;
  return prefersDark ? 'dark' : 'light';
}

// readTheme is the stored theme choice, 'auto' when none (or not one).
export function readTheme(stored) {
  return THEMES.includes(stored) ? stored : 'auto';
}

// readSize is the stored text-size step, DEFAULT_SIZE when none (or out of
// range).
export function readSize(stored) {
  const n = Number(stored);
  return stored !== null && stored !== '' && Number.isInteger(n) && n >= 0 && n < SIZES.length ? n : DEFAULT_SIZE;
}

// stepSize moves a text-size step by delta, within SIZES.
export function stepSize(i, delta) {
  return Math.max(0, Math.min(SIZES.length - 1, i + delta));
}

// jumpText says why the jump stopped at msg.step (an `interesting` answer
// with found true), with who(pid) naming a task: [head, what].
export function jumpText(msg, who, tr = t) {
  const p = who(msg.task), q = msg.other ? who(msg.other) : '';
  const r = msg.reason;
  let key = `jump.${r}`;
  if (!q && (r === 'fork' || r === 'race' || r === 'deadlock')) key = r === 'fork' ? 'jump.fork.nobody' : `jump.${r}.one`;
  return [tr('jump.head', { n: msg.step }), tr(key, { p, q })];
}

// noneText says that no interesting step follows (an `interesting` answer
// with found false).
export function noneText(msg, total, tr = t) {
  return msg.complete === false ? tr('jump.none.partial', { n: msg.from, to: msg.searched }) : tr('jump.none', { n: msg.from, total });
}

const $ = id => document.getElementById(id);
const store = {
  get(k) { try { return localStorage.getItem(k); } catch { return null; } },
  set(k, v) { try { localStorage.setItem(k, v); } catch { /* private mode */ } },
};

let api = null; // {send(msg), state() -> {loaded, step, total}, who(pid)}
let jump = null; // the last `interesting` answer, while it is to be shown
// fullscreen is the full screen presenter mode asked for: 'asking' (the
// request on its way), 'on' (in it) or '' (none of its own). body's
// data-fullscreen says the same (a hook for the browser tests: an Esc
// pressed while the request is on its way may go to the browser, which
// drops the request, and not to the page).
let fullscreen = '';
function setFullscreen(v) {
  fullscreen = v;
  if (v) document.body.dataset.fullscreen = v; else delete document.body.dataset.fullscreen;
}

// fullscreenEntered: the full screen asked for came (fullscreenchange, or
// the request's promise, whichever is first). Presenter mode may have
// ended while it was on its way: the full screen ends too.
function fullscreenEntered() {
  if (fullscreen !== 'asking' || !document.fullscreenElement) return;
  setFullscreen('on');
  if (!isPresenting()) leaveFullscreen();
}

// fullscreenGranted: the request's promise resolved. The full screen may
// have come and gone already (an Esc at once): presenter mode ends with
// it, as with an Esc later.
function fullscreenGranted() {
  if (fullscreen !== 'asking') return;
  if (document.fullscreenElement) { fullscreenEntered(); return; }
  setFullscreen('');
  if (isPresenting()) togglePresenter(false);
}

function leaveFullscreen() {
  setFullscreen('');
  if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(() => {});
}

const dark = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

// isPresenting reports whether presenter mode is on.
export function isPresenting() {
  return document.body.classList.contains('presenter');
}

// togglePresenter turns presenter mode on or off (on: the opposite of now).
// It is the process view's: elsewhere (the scheduling view, the live lab)
// it does not turn on.
export function togglePresenter(on = !isPresenting()) {
  const view = document.body.dataset.view;
  if (on && view && view !== 'proc') return;
  document.body.classList.toggle('presenter', on);
  const b = $('btn-present');
  if (b) {
    b.setAttribute('aria-pressed', on ? 'true' : 'false');
    relabel();
  }
  if (on) window.scrollTo(0, 0); // the diagram fills the window from its top
  const root = document.documentElement;
  if (on && !document.fullscreenElement && root.requestFullscreen) {
    // A refusal (no user gesture, a policy) leaves the mode on in the window.
    setFullscreen('asking');
    root.requestFullscreen({ navigationUI: 'hide' }).then(fullscreenGranted, () => { if (fullscreen === 'asking') setFullscreen(''); });
  } else if (!on && fullscreen === 'on') {
    leaveFullscreen();
  } // (off while 'asking': fullscreenEntered ends the full screen when it comes)
  // The diagram and timeline measure their box: let them draw again.
  window.dispatchEvent(new Event('resize'));
}

// nextInteresting asks the server for the next interesting step.
export function nextInteresting() {
  if (!api) return;
  const st = api.state();
  if (!st.loaded) return;
  if (st.step >= st.total) { onInteresting({ found: false, from: st.step, searched: st.step, complete: true }); return; }
  api.send({ type: 'next_interesting' });
}

// onInteresting takes the server's `interesting` answer.
export function onInteresting(msg) {
  jump = msg && typeof msg === 'object' ? msg : null;
  drawJump();
}

// changeSize moves the text size one step (delta -1 or +1).
export function changeSize(delta) {
  applySize(stepSize(readSize(store.get(SIZE_KEY)), delta), true);
}

function applySize(i, save) {
  const root = document.documentElement;
  if (i === DEFAULT_SIZE) {
    delete root.dataset.textSize;
    root.style.removeProperty('--text-scale');
  } else {
    root.dataset.textSize = String(i);
    root.style.setProperty('--text-scale', String(SIZES[i]));
  }
  if (save) store.set(SIZE_KEY, String(i));
  const v = $('size-value');
  if (v) v.textContent = t('size.value', { n: Math.round(SIZES[i] * 100) });
  if ($('size-down')) $('size-down').disabled = i === 0;
  if ($('size-up')) $('size-up').disabled = i === SIZES.length - 1;
  window.dispatchEvent(new Event('resize'));
}

function applyTheme(choice, save) {
  const root = document.documentElement;
  root.dataset.themeChoice = choice;
  root.dataset.theme = resolveTheme(choice, !!(dark && dark.matches));
  if (save) store.set(THEME_KEY, choice);
  const sel = $('theme-select');
  if (sel) sel.value = choice;
}

// drawJump shows why the page stopped at the shown step, while it is the
// step the jump went to; a "none found" notice stays until the step moves.
function drawJump() {
  const note = $('jump-note');
  if (!note) return;
  const st = api ? api.state() : { step: -1 };
  const shown = jump && (jump.found ? jump.step === st.step : jump.from === st.step);
  if (!shown) {
    // The answer comes before the snapshot of its step: it is forgotten
    // only once it was shown and the page moved on.
    if (jump && jump.shown) jump = null;
    if (note.hidden && !note.firstChild) return; // nothing to take away (a write restyles, at every step)
    note.hidden = true;
    note.replaceChildren();
    delete note.dataset.reason;
    delete note.dataset.step;
    return;
  }
  note.replaceChildren();
  if (jump.found) {
    const [head, what] = jumpText(jump, api.who);
    const b = document.createElement('strong');
    b.textContent = head;
    note.append(b, head.endsWith('：') ? what : ` ${what}`); // no space after a full-width colon
    note.dataset.reason = jump.reason;
    note.dataset.step = String(jump.step);
  } else {
    note.textContent = noneText(jump, st.total);
    note.dataset.reason = 'none';
    note.dataset.step = String(jump.from);
  }
  note.classList.toggle('none', !jump.found);
  note.hidden = false;
  jump.shown = true;
}

// relabel says the presenter button's and the menu's words in the current
// language.
function relabel() {
  const b = $('btn-present');
  if (b) {
    const label = isPresenting() ? t('present.leave') : t('present.title');
    b.title = label;
    b.setAttribute('aria-label', isPresenting() ? t('present.leave') : t('present.btn'));
  }
  const sel = $('theme-select');
  if (sel) for (const o of sel.options) o.textContent = t(`theme.${o.value}`);
  applySize(readSize(store.get(SIZE_KEY)), false);
  drawJump();
}

// placeMenu puts the display menu beside its button, inside the window:
// above it when the button is in the lower half (the controls), else below.
function placeMenu() {
  const menu = $('display-menu'), b = $('btn-display');
  if (!menu || !b) return;
  const r = b.getBoundingClientRect();
  const vh = document.documentElement.clientHeight, vw = document.documentElement.clientWidth;
  if (r.top > vh / 2) {
    menu.style.top = 'auto';
    menu.style.bottom = `${Math.round(vh - r.top + 6)}px`;
  } else {
    menu.style.bottom = 'auto';
    menu.style.top = `${Math.round(r.bottom + 6)}px`;
  }
  menu.style.right = 'auto';
  menu.style.left = `${Math.max(8, Math.min(Math.round(r.left), vw - (menu.offsetWidth || 300) - 8))}px`;
}

// initPresenter wires presenter mode. a: {send(msg), state() -> {loaded,
// step, total}, who(pid) -> a task's name for a sentence}.
export function initPresenter(a) {
  api = a;
  applyTheme(readTheme(store.get(THEME_KEY)), false);
  if (dark && dark.addEventListener) dark.addEventListener('change', () => applyTheme(readTheme(store.get(THEME_KEY)), false));
  // Paper is white: a page in the dark theme prints in the light one. The
  // browser leaves backgrounds out of a print, so the dark theme's light
  // text would be lost on the paper, and the timeline's opaque picture
  // would print dark. data-print-theme says a print has the theme
  // (timeline.js paints the picture again at once); afterprint gives it back.
  window.addEventListener('beforeprint', () => {
    const root = document.documentElement;
    if (root.dataset.theme !== 'dark') return;
    root.dataset.printTheme = 'light';
    root.dataset.theme = 'light';
  });
  window.addEventListener('afterprint', () => {
    const root = document.documentElement;
    if (!root.dataset.printTheme) return;
    delete root.dataset.printTheme;
    applyTheme(readTheme(store.get(THEME_KEY)), false);
  });
  $('btn-present').addEventListener('click', () => togglePresenter());
  $('btn-next').addEventListener('click', nextInteresting);
  $('theme-select').addEventListener('change', e => applyTheme(readTheme(e.target.value), true));
  $('size-down').addEventListener('click', () => changeSize(-1));
  $('size-up').addEventListener('click', () => changeSize(1));
  const menu = $('display-menu');
  // Placed as it opens, and again once open (when its width is known).
  for (const ev of ['beforetoggle', 'toggle']) menu.addEventListener(ev, e => { if (e.newState === 'open') placeMenu(); });
  if (!menu.showPopover) {
    // Without the Popover API the button shows and hides the menu itself.
    $('btn-display').addEventListener('click', () => { menu.classList.toggle('open'); placeMenu(); });
  }
  document.addEventListener('fullscreenchange', () => {
    if (document.fullscreenElement) { fullscreenEntered(); return; }
    if (fullscreen !== 'on') return; // (while 'asking', the request's promise says)
    setFullscreen('');
    if (isPresenting()) togglePresenter(false); // Esc in full screen leaves both
  });
  // Leaving the process view (a tab, the address) leaves presenter mode.
  new MutationObserver(() => {
    const view = document.body.dataset.view;
    if (isPresenting() && view && view !== 'proc') togglePresenter(false);
  }).observe(document.body, { attributes: true, attributeFilter: ['data-view'] });
  // Presenter mode sizes the diagram to the window less the header and the
  // controls (presenter.css): keep their heights in --pr-top and --pr-bottom.
  if (typeof ResizeObserver === 'function') {
    const root = document.documentElement;
    const top = document.querySelector('header.top'), bottom = $('controls');
    new ResizeObserver(() => {
      if (top) root.style.setProperty('--pr-top', `${Math.ceil(top.getBoundingClientRect().height)}px`);
      if (bottom) root.style.setProperty('--pr-bottom', `${Math.ceil(bottom.getBoundingClientRect().height)}px`);
    }).observe(top || root);
    if (bottom) new ResizeObserver(() => root.style.setProperty('--pr-bottom', `${Math.ceil(bottom.getBoundingClientRect().height)}px`)).observe(bottom);
  }
  // The shown step and the language are the page's: follow them.
  const counter = $('step-counter');
  if (counter) new MutationObserver(drawJump).observe(counter, { attributes: true, attributeFilter: ['data-step'] });
  new MutationObserver(relabel).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  relabel();
}
