// controls.js: the player controls (reset, back, play/pause, step, speed,
// scrubber), the step counter and the keyboard shortcuts: → step, ← back,
// Space play/pause, Home reset, End the last step, ? the list of them. Keys typed into a field, a select or an open
// dialog are left alone.
import { t } from './i18n.js';
// Issue 12, part 2: presenter mode's keys (F, N, Esc, + and -).
import { togglePresenter, isPresenting, nextInteresting, changeSize } from './presenter.js';

import { getLimits } from './limits.js';

// speedRange is the play speed range of the hello's limits, [min, max] in
// steps per second, or null while it is not known (the slider is then
// disabled; nothing plays before the hello anyway).
export function speedRange(limits) {
  const lo = limits && limits.min_speed, hi = limits && limits.max_speed;
  return typeof lo === 'number' && typeof hi === 'number' && lo > 0 && hi > lo ? [lo, hi] : null;
}

// speedFromSlider maps the slider (0..100) to steps per second on a log
// scale over the range [lo, hi], rounded for reading (within the range).
export function speedFromSlider(v, [lo, hi]) {
  const s = lo * (hi / lo) ** (Math.max(0, Math.min(100, v)) / 100);
  const r = s < 2 ? Math.round(s * 10) / 10 : s < 10 ? Math.round(s * 2) / 2 : Math.round(s);
  return Math.max(lo, Math.min(hi, r));
}

// sliderFromSpeed is the inverse of speedFromSlider.
export function sliderFromSpeed(s, [lo, hi]) {
  const c = Math.max(lo, Math.min(hi, s));
  return Math.round((100 * Math.log(c / lo)) / Math.log(hi / lo));
}

// typing reports whether a key pressed in target is text being typed (a
// field, an open dialog), which no shortcut may take.
export function typing(target) {
  if (!target || !target.closest) return false;
  // Inside an open dialog everything is typing; a closed dialog's field may
  // still hold the focus (the page had none to give back), and is not.
  const dlg = target.closest('dialog');
  if (dlg) return dlg.open;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

// initControls wires the controls. api: {send(msg), state() -> {loaded,
// step, total, playing, speed}, setSpeed(s)}.
export function initControls(api) {
  const $ = id => document.getElementById(id);
  const play = () => {
    const st = api.state();
    if (!st.loaded) return;
    if (st.playing) { api.send({ type: 'pause' }); return; }
    if (st.step >= st.total) api.send({ type: 'reset' });
    api.send({ type: 'play', speed: st.speed });
  };
  const actions = {
    reset: () => api.state().loaded && api.send({ type: 'reset' }),
    back: () => api.state().loaded && api.send({ type: 'back' }),
    step: () => api.state().loaded && api.send({ type: 'step' }),
    // end seeks to the last step recorded.
    end: () => {
      const st = api.state();
      if (st.loaded && st.total > st.step) api.send({ type: 'seek', step: st.total });
    },
    play,
  };
  $('btn-reset').addEventListener('click', actions.reset);
  $('btn-back').addEventListener('click', actions.back);
  $('btn-step').addEventListener('click', actions.step);
  $('btn-play').addEventListener('click', actions.play);

  const speed = $('speed');
  speed.addEventListener('input', () => {
    const range = speedRange(getLimits());
    if (!range) return;
    const s = speedFromSlider(Number(speed.value), range);
    api.setSpeed(s);
    renderSpeed(s);
    if (api.state().playing) api.send({ type: 'play', speed: s });
  });

  const scrub = $('scrubber');
  // dataset.sent is the step last asked for while the page has not caught up
  // (renderControls forgets it), so a drag does not ask twice for one step
  // and a new scenario can be sought to the step the last one was.
  let timer = 0;
  const seek = () => {
    const n = Number(scrub.value);
    if (String(n) !== scrub.dataset.sent && api.state().loaded) { scrub.dataset.sent = String(n); api.send({ type: 'seek', step: n }); }
  };
  scrub.addEventListener('input', () => { if (!timer) timer = setTimeout(() => { timer = 0; seek(); }, 70); });
  scrub.addEventListener('change', () => { clearTimeout(timer); timer = 0; seek(); });
  scrub.addEventListener('pointerdown', () => { delete scrub.dataset.sent; scrub.dataset.dragging = '1'; });
  scrub.addEventListener('pointerup', () => { delete scrub.dataset.dragging; });

  document.addEventListener('keydown', e => {
    // A key a control has already taken (a tab list's arrows) is its own.
    if (e.defaultPrevented) return;
    // ← and → on the lesson list step, as anywhere else: on a closed
    // select they load the next lesson, and the place in the run was lost.
    const stepsOnList = e.target && e.target.id === 'lesson-select' && (e.key === 'ArrowLeft' || e.key === 'ArrowRight');
    if (e.ctrlKey || e.metaKey || e.altKey || (typing(e.target) && !stepsOnList)) return;
    const onButton = e.target && e.target.tagName === 'BUTTON';
    switch (e.key) {
      case 'ArrowRight': e.preventDefault(); actions.step(); break;
      case 'ArrowLeft': e.preventDefault(); actions.back(); break;
      case 'Home': e.preventDefault(); actions.reset(); break;
      case 'End': e.preventDefault(); actions.end(); break;
      case '?': e.preventDefault(); openKeys(); break;
      // Issue 12, part 2: presenter mode, the next interesting event, text size.
      case 'f': case 'F': e.preventDefault(); togglePresenter(); break;
      // An open menu or dialog takes Esc first: the browser closes it
      // (a default prevented here would keep it open), and presenter mode
      // stays on for the next Esc.
      case 'Escape': if (isPresenting() && !overlayOpen()) { e.preventDefault(); togglePresenter(false); } break;
      case 'n': case 'N': e.preventDefault(); nextInteresting(); break;
      case '+': case '=': e.preventDefault(); changeSize(1); break;
      case '-': case '_': e.preventDefault(); changeSize(-1); break;
      case ' ': case 'Spacebar':
        if (onButton) return; // the focused button handles its own Space
        e.preventDefault(); actions.play(); break;
    }
  });
  $('btn-keys').addEventListener('click', openKeys);
  // A button clicked with the mouse gives the focus back, so that Space and
  // the arrows go on meaning play and step (a click has detail >= 1; Enter
  // or Space on a focused button has detail 0, and keeps the focus there
  // for keyboard users). Buttons inside a dialog keep it.
  document.addEventListener('click', e => {
    const b = e.target && e.target.closest ? e.target.closest('button') : null;
    if (b && e.detail > 0 && !b.closest('dialog')) b.blur();
  });
  renderSpeed(api.state().speed);
  placeSpeed(api.state().speed);
  return actions;
}

// KEYS lists the shortcuts, as [key label (a catalog key, or the key's
// own name), what it does (a catalog key)], in the order the ? overlay
// shows them.
export const KEYS = [
  ['→', 'keys.step'],
  ['←', 'keys.back'],
  ['keys.space', 'keys.play'],
  ['Home', 'keys.reset'],
  ['End', 'keys.end'],
  ['N', 'keys.next'], // issue 12, part 2
  ['F', 'keys.present'],
  ['+ −', 'keys.size'],
  ['?', 'keys.help'],
  ['Esc', 'keys.close'],
];

// keyRows is the ? overlay's table in the current language: [key, what].
export function keyRows() {
  return KEYS.map(([k, what]) => [k.startsWith('keys.') ? t(k) : k, t(what)]);
}

// overlayOpen tells whether a popover (the display menu), a dialog or the
// export menu is open.
function overlayOpen() {
  try {
    return !!document.querySelector(':popover-open, dialog[open], #display-menu.open');
  } catch {
    return !!document.querySelector('dialog[open], #display-menu.open'); // no :popover-open
  }
}

// openKeys opens the ? overlay (a modal dialog; Esc closes it).
function openKeys() {
  const dlg = document.getElementById('keys-dialog');
  if (!dlg || dlg.open) return;
  const table = document.getElementById('keys-table');
  table.replaceChildren();
  for (const [k, what] of keyRows()) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    const kbd = document.createElement('kbd');
    kbd.textContent = k;
    th.append(kbd);
    const td = document.createElement('td');
    td.textContent = what;
    tr.append(th, td);
    table.append(tr);
  }
  dlg.showModal();
}

// placeSpeed puts the speed slider at a speed within the hello's range
// (disabled while the range is not known) and returns the speed kept.
export function placeSpeed(s) {
  const speed = document.getElementById('speed');
  const range = speedRange(getLimits());
  speed.disabled = !range;
  if (!range) return s;
  speed.value = String(sliderFromSpeed(s, range));
  return Math.max(range[0], Math.min(range[1], s));
}

export function renderSpeed(s) {
  const out = document.getElementById('speed-value');
  if (out) out.textContent = t('speed.value', { v: s });
  // A screen reader says the speed, not the slider's 0..100.
  const slider = document.getElementById('speed');
  if (slider) slider.setAttribute('aria-valuetext', t('speed.value', { v: s }));
}

// LIVE_WHILE_STEPPING are the regions a screen reader reads out as they
// change: the narration and the cards beside the diagram. While the run
// plays they are quiet (aria-live off): a new sentence every half second
// at 2 steps/s cannot be read out, and cut each other off. A step taken by
// hand, or a pause, makes them polite again.
const LIVE_WHILE_STEPPING = ['narration', 'vars', 'output', 'pipes', 'shm', 'sockets', 'memory', 'switch-rows'];

// renderControls shows the step, the total and whether it plays. st:
// {loaded, online, step, total, playing}. It writes only what differs from
// what the controls show: the page calls it at every frame while playing,
// and each text written again (even the same text) is laid out again,
// and with it the header and the controls bar.
export function renderControls(st) {
  const $ = id => document.getElementById(id);
  const text = (e, s) => { if (e && e.textContent !== s) e.textContent = s; };
  const attr = (e, k, v) => { if (e.getAttribute(k) !== v) e.setAttribute(k, v); };
  const counter = $('step-counter');
  const live = st.playing ? 'off' : 'polite';
  for (const id of LIVE_WHILE_STEPPING) { const e = $(id); if (e) attr(e, 'aria-live', live); }
  attr(counter, 'data-step', String(st.step));
  attr(counter, 'data-total', String(st.total));
  // The frame puts the numbers where the language wants them: "step 3 / 9",
  // "第 3 / 9 步".
  const [before, after = ''] = t('counter.frame').split('{n} / {total}');
  text(counter.querySelector('.lbl'), before.trim());
  text(counter.querySelector('.lbl-after'), after.trim());
  fitCounter(counter, st.step, st.total);
  text(counter.querySelector('.n'), String(st.step));
  text(counter.querySelector('.total'), String(st.total));
  const scrub = $('scrubber');
  if (scrub.max !== String(st.total)) scrub.max = String(st.total);
  if (!scrub.dataset.dragging) {
    if (scrub.value !== String(st.step)) scrub.value = String(st.step);
    delete scrub.dataset.sent;
  }
  const fill = st.total ? `${(100 * st.step) / st.total}%` : '0%';
  if (scrub.style.getPropertyValue('--fill') !== fill) scrub.style.setProperty('--fill', fill);
  attr(scrub, 'aria-valuetext', t('counter.frame', { n: st.step, total: st.total }));
  const playBtn = $('btn-play');
  playBtn.classList.toggle('playing', !!st.playing);
  attr(playBtn, 'aria-pressed', st.playing ? 'true' : 'false');
  attr(playBtn, 'aria-label', st.playing ? t('btn.pause') : t('btn.play'));
  text(playBtn.querySelector('.play-label'), st.playing ? t('btn.pause') : t('btn.play'));
  // Without a connection (st.online false) the player cannot move, but a
  // share link can still be made of the shown step.
  const off = !st.loaded || st.online === false;
  $('btn-share').disabled = !st.loaded;
  $('btn-play').disabled = off;
  $('btn-back').disabled = off || st.step <= 0;
  $('btn-reset').disabled = off || st.step <= 0 && !st.playing;
  $('btn-step').disabled = off || st.step >= st.total;
  const next = $('btn-next'); // N: nothing to search before a run is loaded
  if (next) next.disabled = off;
  scrub.disabled = off;
}

// fitCounter gives the step counter's numbers a box of fixed size, so that
// a new step number is laid out inside it alone and not the whole page with
// it (issue 14, part 2): .counter-in, with the class "fitted", is a block of
// size and layout containment (app.css), a relayout boundary (a flex item
// cannot be one, so the box is inside the counter). Its width and height
// are what it needs for numbers of the step's and the total's digits
// (tabular figures: every number of as many digits is as wide), measured in
// the page's own font with the labels of the language shown, so it is as
// large as the text it holds and no number is cut. It measures again only
// when what the size depends on changes: the digits (a step of 9 to 10, 99
// to 100...), the labels, the window's size (the media queries), the text
// size and presenter mode; a counter not displayed is measured when it is.
function fitCounter(counter, step, total) {
  const box = counter.querySelector('.counter-in');
  if (!box) return;
  if (box.dataset.fit === fitKey(box, step, total)) return;
  // Measuring lays out the page, and a draw has just written into it (the
  // first draw of a large run: thousands of elements), so the counter is
  // measured after the next frame, which lays the page out anyway; until
  // then it is an ordinary box, as wide as its text.
  box.classList.remove('fitted');
  delete box.dataset.fit;
  if (fitCounter.queued) return;
  fitCounter.queued = true;
  requestAnimationFrame(() => setTimeout(() => { fitCounter.queued = false; measureCounter(box); }));
}

// fitKey says what the counter's size depends on (see fitCounter), for
// numbers of step's and total's digits.
function fitKey(box, step, total) {
  const root = document.documentElement;
  return [String(step).length, String(total).length, box.querySelector('.lbl').textContent,
    box.querySelector('.lbl-after').textContent, window.innerWidth, window.innerHeight,
    root.dataset.textSize || '', document.body.classList.contains('presenter')].join('|');
}

// measureCounter fixes the counter box's size for the numbers it shows.
function measureCounter(box) {
  const n = box.querySelector('.n'), tot = box.querySelector('.total');
  const shown = [n.textContent, tot.textContent];
  const key = fitKey(box, Number(shown[0]) || 0, Number(shown[1]) || 0);
  box.classList.add('fitting');
  n.textContent = '8'.repeat(shown[0].length || 1);
  tot.textContent = '8'.repeat(shown[1].length || 1);
  const r = box.getBoundingClientRect();
  n.textContent = shown[0];
  tot.textContent = shown[1];
  box.classList.remove('fitting');
  if (!r.width) return;
  box.style.setProperty('--fit-w', `${r.width}px`);
  box.style.setProperty('--fit-h', `${r.height}px`);
  box.classList.add('fitted');
  box.dataset.fit = key;
}
