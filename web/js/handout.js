// handout.js: the printable handout of a lesson or scenario (handout.html,
// issue 12, part 9). Its address is handout.html#<share link>: the run of
// the link (lesson or scenario, seed, choices, picker) and the language
// (field g). The page reads the server's limits (GET /api/limits, the
// hello's), decodes the link, and asks POST /api/views for the websocket's
// messages of the run (loaded, the snapshot of step 0, then the events of
// each step, at most the server's max_steps). It folds them as the main
// page does (fold.js), says each step's sentence (narrate.js) and draws
// each listed step's state diagram small (diagram.js).
//
// Which steps are listed: the first and the last, and every step whose
// sentence is more than the scheduler's routine, that is whose narration
// category is not in ROUTINE (a dispatch, a context switch, a compute
// tick, a quiet step, an event kind the ranking does not know).
// #handout-all lists every step instead.
//
// Hooks for browser tests: body.dataset.ready is "1" once drawn (or
// "error"); #handout-steps holds one li.handout-step[data-step] per listed
// step, each with a p.handout-narration and an svg.state-diagram;
// #handout-steps carries data-listed and data-total.
import { t, setLang, getLang, pickLang, pick } from './i18n.js';
import { decodeShare } from './share.js';
import { setLimits, getLimits } from './limits.js';
import { fromSnapshot, applyEvents } from './fold.js';
import { declOf } from './race-model.js';
import { chooseNarration, narrationText, whoFor } from './narrate.js';
import { createDiagram } from './diagram.js';
import { renderExplain } from './explain.js';
import { runRequest } from './export-svg.js';

const LANG_KEY = 'proclab.lang';
const $ = id => document.getElementById(id);

// ROUTINE are the narration categories a handout leaves out (narrate.js's
// RANK: the scheduler's routine and the quiet steps).
export const ROUTINE = new Set(['state.dispatch', '*', 'switch', 'ran', 'other']);

const page = { views: null, state: null, error: null };

function storedLang() {
  try { return localStorage.getItem(LANG_KEY); } catch { return null; }
}

// listed reports whether step n (of total) goes in the handout.
export function listed(n, total, choice, all) {
  if (all || n === 1 || n === total) return true;
  return !!choice && !ROUTINE.has(choice.category);
}

async function start() {
  $('handout-lang').addEventListener('click', () => {
    setLang(getLang() === 'en' ? 'zh-CN' : 'en');
    try { localStorage.setItem(LANG_KEY, getLang()); } catch { /* private mode */ }
    draw();
  });
  $('handout-all').addEventListener('change', draw);
  $('handout-print').addEventListener('click', () => window.print());
  setLang(pickLang(navigator.languages || [navigator.language], storedLang()));
  labels();
  try {
    const lr = await fetch('api/limits');
    if (!lr.ok) throw new Error(`HTTP ${lr.status}`);
    setLimits(await lr.json());
    const d = await decodeShare(location.hash, getLimits());
    if (!d.ok || d.state.view === 'sched') { fail('handout.bad'); return; }
    page.state = d.state;
    if (d.state.lang) setLang(d.state.lang); // the link says the language it was made in
    const req = runRequest(d.state, d.state.semantics);
    if (!req) { fail('handout.bad'); return; }
    const resp = await fetch('api/views', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(req) });
    const body = await resp.json();
    if (!resp.ok) { fail('handout.failed', { why: body && body.message ? body.message : `HTTP ${resp.status}` }); return; }
    page.views = body;
    draw();
  } catch (err) {
    fail('handout.failed', { why: err && err.message ? err.message : String(err) });
  }
}

function labels() {
  document.documentElement.lang = getLang();
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  const lb = $('handout-lang');
  lb.textContent = t('btn.lang');
  lb.lang = getLang() === 'en' ? 'zh-CN' : 'en';
}

function fail(key, params) {
  page.error = { key, params };
  labels();
  const s = $('handout-status');
  s.textContent = t(key, params);
  s.classList.add('error');
  s.hidden = false;
  $('handout').removeAttribute('aria-busy');
  document.body.dataset.ready = 'error';
}

// draw lays the whole handout out in the current language.
function draw() {
  labels();
  if (page.error) { fail(page.error.key, page.error.params); return; }
  const v = page.views;
  if (!v) { $('handout-status').textContent = t('handout.loading'); return; }
  const l = v.loaded;
  const title = l.lesson ? pick(l.title) || l.lesson : pick(l.title) || t('handout.scenario');
  document.title = `${title} · ${t('handout.doc')}`;
  $('handout-title').textContent = title;
  renderExplain($('handout-explain'), pick(l.explain) || '', t('lesson.misconception'));
  const seed = l.seed || 0;
  $('handout-run').textContent = t(l.cpus === 1 ? 'handout.run.one' : 'handout.run', { seed, cpus: l.cpus, policy: String(l.policy || '').toUpperCase() + (l.quantum ? ` ${l.quantum}` : ''), total: v.total });
  const all = $('handout-all').checked;
  $('handout-rule').textContent = all ? '' : t('handout.rule');
  $('handout-rule').hidden = all;

  const programs = l.programs || [];
  const decl = declOf(l);
  const threads = new Set();
  let view = fromSnapshot(v.snapshot, programs, decl);
  const list = $('handout-steps');
  list.replaceChildren();
  const last = v.steps.length ? v.steps[v.steps.length - 1].step : 0;
  let n = 0;
  for (const msg of v.steps) {
    view = applyEvents(view, msg, programs, decl); // a view per step: each step's diagram keeps its own
    for (const x of view.tasks) if (programs[x.program] && programs[x.program].thread) threads.add(x.pid);
    const cols = view.columns;
    const col = cols.length && cols.step(cols.length - 1) === msg.step ? cols.last() : null;
    const choice = chooseNarration({
      step: msg.step, items: view.log.itemsAt(msg.step), ran: view.ran, column: col,
      tasks: view.tasks, programs, who: whoFor(view.names, threads),
    });
    if (!listed(msg.step, last, choice, all)) continue;
    n++;
    const li = document.createElement('li');
    li.className = 'handout-step';
    li.dataset.step = String(msg.step);
    li.dataset.category = choice ? choice.category : '';
    const h = document.createElement('h2');
    h.textContent = t('handout.step', { n: msg.step });
    const p = document.createElement('p');
    p.className = 'handout-narration';
    const text = choice ? narrationText(choice, msg.step) : '';
    // The heading says the step: the sentence goes without its "step N:".
    const prefix = t('log.step', { n: msg.step });
    p.textContent = text.startsWith(prefix) ? text.slice(prefix.length).replace(/^[\s：:]+/, '') : text;
    const fig = document.createElement('div');
    fig.className = 'handout-diagram';
    li.append(h, p, fig);
    list.append(li);
    const d = createDiagram(fig, { keep: true });
    d.render(view, { animate: false, cpus: l.cpus });
  }
  list.dataset.listed = String(n);
  list.dataset.total = String(v.total);
  const s = $('handout-status');
  s.classList.remove('error');
  s.textContent = t('handout.steps', { n, total: v.total }) + (v.truncated ? ' ' + t('handout.cut', { n: v.steps.length, total: v.total }) : '');
  s.hidden = false;
  $('handout-made').textContent = t('handout.made', { link: location.origin + '/' + location.hash });
  $('handout').removeAttribute('aria-busy');
  $('handout-print').disabled = false;
  document.body.dataset.ready = '1';
}

start();
