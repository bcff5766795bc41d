// sched.js: the scheduling view. A workload editor (jobs with CPU and I/O
// bursts, CPUs, switch cost, quantum, built-in examples) and three modes:
// run one policy (Gantt per CPU, state of each job per tick, ready queues
// at a chosen time, metrics), compare policies (stacked Gantts on one time
// scale and their averages) and "you are the scheduler" (the student picks
// the job at each decision; graded against every policy). Schedules come
// from POST /api/schedule and /api/schedule/manual (docs/protocol.md).
//
// Hooks for browser tests (all inside #sched):
//   - #sched-examples button[data-example=ID] loads an example; the job
//     table is #sched-jobs (one tr[data-row] per job, inputs [data-field]);
//     #sched-add-job, button[data-remove]; #sched-cpus #sched-switch
//     #sched-quantum;
//   - mode tabs #sched-mode-run #sched-mode-compare #sched-mode-manual;
//   - run: #sched-policy button[data-policy]; #sched-gantt (SVG: g.slice
//     [data-job][data-cpu][data-start][data-end], g.job-lane[data-job] >
//     g.st[data-state]); #sched-time (range); #sched-queues
//     (.queue[data-level] > .qjob[data-job]); #sched-metrics
//     (tr[data-job] > td[data-col], tfoot tr.avg);
//   - compare: #sched-compare-pick input[data-compare=ID];
//     #sched-compare-table tr[data-policy] > td[data-col=turnaround|waiting|
//     response] (class "best" on the lowest of each column);
//   - manual: #sched-manual[data-choices=N][data-done=0|1]; #sched-decision
//     [data-time][data-cpu] button[data-choice=NAME][data-left=CPU burst
//     left]; #sched-undo
//     #sched-restart; #sched-grade[data-score] with #sched-differences li;
//   - #sched-error (role=alert, data-code: the error's code, "client",
//     "offline" or "too_large") shows what the server refused, translated
//     by its code (falling back to the server's message);
//   - the bounds of #sched-cpus #sched-switch #sched-quantum (min, max) and
//     of the job count come from the hello's limits (limits.js);
//   - the OSTEP import (#sched-ostep, a form): #sched-ostep-cmd (the
//     command), #sched-ostep-go (submit), #sched-ostep-examples (a
//     select: choosing a command fills it in and imports it); #sched-ostep-error
//     (role=alert, data-code: the server's code, "empty" or "offline")
//     shows the server's 400 message; #sched-ostep-note says what was
//     imported (data-policy, data-jobs); imported MLFQ levels show in
//     #sched-mlfq (#sched-mlfq-clear drops them);
//   - #sched[data-busy="1"] while a request is out.
//   - scheduling lessons (issue 12, part 5): #sched-lessons
//     button[data-sched-lesson=ID] (aria-pressed on the open one) opens a
//     lesson (POST /api/schedule with its id); #sched-lesson (data-lesson,
//     data-exact "1" when its jobs as a workload give the very same
//     schedule) holds its title (#sched-lesson-title) and text; editing
//     the CPUs, the switch cost or a job leaves the lesson (the jobs stay)
//     and #sched-lesson-back reopens it; #sched[data-lesson] names the open
//     lesson ("" when none). #sched-now (a table, tr[data-job] >
//     td[data-col=state|level|vruntime|weight]) gives each job at the
//     chosen time: its MLFQ level, or its CFS vruntime (in ticks of a
//     nice-0 job) and weight. The Gantt's job lanes carry an MLFQ level
//     strip (g.lvl[data-level][data-start][data-end]).
//     api.openLesson(id, step) opens a lesson step by step (at step);
//     api.lessonShown(id) says which lesson the view shows ("" for none).
import { t, getLang, pick } from './i18n.js';
import { typing } from './controls.js';
import { jobColor } from './colors.js';
import {
  POLICIES, POLICY_IDS, EXAMPLES, exampleWorkload, toWire, runFor, nextName, queuesAt, runningAt, cpusOf,
  compareRows, fmt2, fmtTick, cpuUsed, remainingBurst, horizon, gradeRows, AVG_COLS, cpusRange, switchRange, quantumRange,
  schedLessons, jobsNow, fmtVruntime,
} from './sched-model.js';
import { renderExplain } from './explain.js';
import { getLimits, checkRequest, tooLargeParams, clampTo } from './limits.js';
import { readResponse, errorParts } from './errors.js';
import { drawChart, legendHTML } from './sched-gantt.js';
import { SCHED_EXAMPLES, importedEditor } from './ostep.js';

const $ = id => document.getElementById(id);
const FIELDS = ['name', 'arrival', 'bursts', 'priority', 'tickets', 'nice'];
// STATE_WORD names a job's state character of a result (see Schedule.States).
const STATE_WORD = { R: 'running', c: 'switching', r: 'ready', S: 'io', D: 'io', '-': 'absent', ' ': 'ended' };

function h(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'for') e.setAttribute(k, v === true ? '' : String(v));
    else e[k] = v;
  }
  for (const k of kids) if (k !== null && k !== undefined && k !== false) e.append(k);
  return e;
}

// post sends a JSON request; it returns {ok:true, data} or {ok:false,
// error:{code, message}} in the server's one error shape (errors.js): code
// "offline" when the server cannot be reached, and "too_large" with
// `over` when the body is over the hello's request_bytes (then it is not
// sent).
async function post(url, body) {
  const over = checkRequest(body, getLimits());
  if (over) return { ok: false, error: { code: 'too_large', message: '', over } };
  let res;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
  } catch {
    return { ok: false, error: { code: 'offline', message: '' } };
  }
  return readResponse(res);
}

// jobsMax is the largest job count of the hello (Infinity until known).
const jobsMax = () => (typeof getLimits().sched_jobs === 'number' ? getLimits().sched_jobs : Infinity);

export const polName = id => t(`pol.${id}`);

// serverWords shows a server error: its translation by code and the
// server's own words, which name the field or flag at fault. In English
// they follow the translation; in another language they are shown too,
// marked as the server's (English) words, since without them a student
// cannot tell which value is wrong (the catalog cannot translate every
// message).
function serverWords(e) {
  const p = errorParts(t, e, {}, getLang());
  const out = [h('span', { class: 'detail', text: `${p.text} ${p.detail}`.trim() })];
  if (p.hint) out.push(' ', h('span', { class: 'detail server-words', lang: 'en', text: t('err.server_words', { msg: p.hint }) }));
  return out;
}

// createSchedView wires the view. api: {openScenario(text)} (the stepper
// link), changed() (the shareable state changed).
export function createSchedView(api = {}) {
  const st = {
    ed: exampleWorkload('convoy'),
    example: 'convoy',
    mode: 'run',
    policy: 'fcfs',
    compare: [],
    manualPolicy: 'fcfs',
    choices: [],
    times: [], // the time of each choice's decision, when known
    time: 0,
    run: null, // the shown single-policy result
    results: null, // the compared results
    manual: null, // the last manual response
    error: null, // {kind:'client'|'server'|'offline', ...}
    busy: 0,
    shown: false,
    playing: 0,
    imp: null, // the OSTEP import: {error:{code, message}} or {note:{...}}
    lesson: null, // the scheduling lesson open: {id, title, explain, run, exact} (POST /api/schedule's lesson)
    left: null, // the lesson whose workload was edited (its text stays, with a way back)
  };
  const seq = { run: 0, compare: 0, manual: 0, imp: 0, lesson: 0 };
  let timer = 0;

  // ---- editor ----------------------------------------------------------------

  function drawExamples() {
    const box = $('sched-examples');
    box.querySelectorAll('button').forEach(b => b.remove());
    for (const ex of EXAMPLES) {
      const b = h('button', { type: 'button', class: 'chip-btn', 'data-example': ex.id, title: t(`ex.${ex.id}.desc`), text: t(`ex.${ex.id}`) });
      b.setAttribute('aria-pressed', st.example === ex.id ? 'true' : 'false');
      box.append(b);
    }
    $('sched-example-name').textContent = st.example ? t(`ex.${st.example}.desc`) : '';
  }

  function drawJobs() {
    const body = $('sched-jobs').querySelector('tbody');
    body.replaceChildren();
    st.ed.jobs.forEach((j, row) => {
      const col = jobColor(row);
      const tr = h('tr', { 'data-row': row });
      for (const f of FIELDS) {
        const inp = h('input', {
          type: 'text', value: String(j[f] ?? ''), 'data-field': f, spellcheck: false, autocomplete: 'off',
          'aria-label': `${t('s.col.' + f)} · ${j.name || row + 1}`,
          class: `f-${f}`, inputMode: f === 'name' || f === 'bursts' ? 'text' : 'numeric',
        });
        const td = h('td', {}, inp);
        if (f === 'name') td.prepend(h('i', { class: 'dot', style: `background:${col.fill}`, 'aria-hidden': 'true' }));
        tr.append(td);
      }
      const rm = h('button', { type: 'button', class: 'rm', 'data-remove': row, title: t('s.remove', { name: j.name }), 'aria-label': t('s.remove', { name: j.name }), text: '×' });
      rm.disabled = st.ed.jobs.length <= 1;
      tr.append(h('td', {}, rm));
      body.append(tr);
    });
    const full = st.ed.jobs.length >= jobsMax();
    $('sched-add-job').disabled = full;
    // Why it is greyed out: the server's limit on jobs in this view.
    $('sched-add-job').title = full ? t('s.add.full', { n: jobsMax() }) : '';
    $('sched-cpus').value = String(st.ed.cpus);
    $('sched-switch').value = String(st.ed.switchCost);
    $('sched-quantum').value = String(st.ed.quantum);
    drawMlfq();
    markInvalid();
  }

  // ---- scheduling lessons (issue 12, part 5) -------------------------------------

  // drawLessons lists the scheduling lessons at the top of the editor's
  // column, and the open lesson's text under them.
  function drawLessons() {
    let box = $('sched-lessons');
    if (!box) {
      box = h('section', { id: 'sched-lessons', class: 'sched-lessons', 'aria-labelledby': 'sched-lessons-title' });
      $('sched-editor').prepend(box, h('section', { id: 'sched-lesson', class: 'sched-lesson', hidden: true, 'aria-live': 'polite' }));
    }
    const list = schedLessons(api.lessons ? api.lessons() : []);
    box.hidden = !list.length;
    box.replaceChildren(h('h3', { id: 'sched-lessons-title', text: t('tabs.sched.lessons') }));
    const row = h('div', { class: 'examples lesson-chips' });
    const open = st.lesson ? st.lesson.id : '';
    for (const l of list) {
      const b = h('button', { type: 'button', class: 'chip-btn', 'data-sched-lesson': l.id, text: pick(l.title) || l.id });
      b.setAttribute('aria-pressed', l.id === open ? 'true' : 'false');
      row.append(b);
    }
    box.append(row);
    drawLessonText();
  }

  function drawLessonText() {
    const box = $('sched-lesson');
    if (!box) return;
    const l = st.lesson || st.left;
    $('sched').dataset.lesson = st.lesson ? st.lesson.id : '';
    box.hidden = !l;
    box.replaceChildren();
    if (!l) { delete box.dataset.lesson; return; }
    box.dataset.lesson = l.id;
    box.dataset.exact = l.exact ? '1' : '0';
    box.append(h('h2', { id: 'sched-lesson-title', text: pick(l.title) || l.id }));
    const ex = h('div', { class: 'explain' });
    renderExplain(ex, pick(l.explain) || '', t('lesson.misconception'));
    box.append(ex);
    if (!st.lesson) {
      box.append(h('p', { class: 'muted lesson-note', text: t('tabs.sched.left') }),
        h('button', { type: 'button', id: 'sched-lesson-back', class: 'btn ghost small', text: t('tabs.sched.back') }));
    } else {
      box.append(h('p', { class: 'muted lesson-note', text: t(l.exact ? 'tabs.sched.exact' : 'tabs.sched.approx') }));
    }
  }

  // openLesson opens a scheduling lesson: its own run (its scenario's
  // text, so the stepper shows the same steps) and its jobs in the editor.
  async function openLesson(id, mode) {
    const n = ++seq.lesson;
    st.opening = true; // compute() waits for the lesson
    setBusy(1);
    const r = await post('/api/schedule', { lesson: id });
    setBusy(-1);
    if (n !== seq.lesson) return;
    st.opening = false;
    // An answer for the workload shown before is dropped.
    clearTimeout(timer);
    seq.run++;
    seq.compare++;
    seq.manual++;
    if (!r.ok) { failed(r); return; }
    const l = r.data.lesson;
    const got = importedEditor({ workload: l.workload, run: l.run }, getLimits());
    if (!got.ok) { failed({ error: { code: 'bad_field', message: 'lesson' } }); return; }
    ok();
    st.lesson = { id: l.id, title: l.title, explain: l.explain, run: l.run, exact: !!l.exact, source: r.data.results[0].scenario };
    st.left = null;
    st.ed = got.ed;
    st.example = null;
    st.imp = null;
    st.choices = [];
    st.times = [];
    st.time = 0;
    st.policy = POLICY_IDS.includes(l.run.policy) ? l.run.policy : 'fcfs';
    st.mode = 'run';
    for (const b of document.querySelectorAll('#sched .mode-tab')) b.setAttribute('aria-selected', b.dataset.mode === 'run' ? 'true' : 'false');
    for (const p of document.querySelectorAll('#sched .pane')) p.hidden = p.dataset.pane !== 'run';
    stopPlay();
    st.run = r.data.results[0];
    st.run.cpus = got.ed.cpus;
    st.run.names = got.ed.jobs.map(j => j.name);
    st.run.own = true;
    drawImport();
    drawExamples();
    drawJobs();
    drawPolicies();
    drawLessons();
    drawRun();
    api.lessonShown && api.lessonShown(l.id);
    if (mode === 'compare' || mode === 'manual') { setMode(mode); return; } // a link to the lesson in that mode
    api.changed && api.changed();
  }

  // leaveLesson keeps the lesson's text (with a way back) once its
  // workload is edited: from then on the editor's jobs are scheduled.
  function leaveLesson() {
    if (!st.lesson) return;
    st.left = st.lesson;
    st.lesson = null;
    drawLessons();
    api.lessonShown && api.lessonShown('');
  }

  // closeLesson forgets the lesson (an example or an import replaced its jobs).
  function closeLesson() {
    const had = st.lesson || st.left;
    st.lesson = null;
    st.left = null;
    st.opening = false;
    seq.lesson++;
    if (had) { drawLessons(); api.lessonShown && api.lessonShown(''); }
  }

  // ---- the OSTEP import ---------------------------------------------------------

  function drawImportExamples() {
    const sel = $('sched-ostep-examples');
    sel.replaceChildren(h('option', { value: '', text: t('s.os.pick') }));
    for (const cmd of SCHED_EXAMPLES) sel.append(h('option', { value: cmd, text: cmd }));
    sel.value = '';
  }

  function drawImport() {
    const err = $('sched-ostep-error');
    const note = $('sched-ostep-note');
    const imp = st.imp;
    err.replaceChildren();
    note.replaceChildren();
    err.hidden = !(imp && imp.error);
    note.hidden = !(imp && imp.note);
    $('sched-ostep-cmd').removeAttribute('aria-invalid');
    if (imp && imp.error) {
      const e = imp.error;
      err.dataset.code = e.code;
      $('sched-ostep-cmd').setAttribute('aria-invalid', 'true');
      if (e.code === 'empty') err.append(t('s.os.err.empty'));
      else if (e.code === 'offline') err.append(t('s.os.err.offline'));
      else if (e.code === 'answer') err.append(t('s.os.err.answer'));
      else if (e.over) err.append(h('strong', { text: t('err.over', { what: t(`limit.${e.over.limit}`), ...tooLargeParams(e.over) }) }));
      else {
        err.append(h('strong', { text: t('s.os.err') }), ' ', ...serverWords(e));
      }
    }
    if (imp && imp.note) {
      const n = imp.note;
      const p = POLICIES.find(x => x.id === n.policy);
      const pol = p && p.quantum && !(n.policy === 'mlfq' && st.ed.mlfq) ? t('s.os.note.q', { policy: polName(n.policy), q: n.quantum }) : polName(n.policy);
      note.dataset.policy = n.policy;
      note.dataset.jobs = String(n.jobs);
      note.append(t(n.jobs === 1 ? 's.os.note.one' : 's.os.note', { n: n.jobs, policy: pol }));
      if (n.clamped) note.append(' ', t('s.os.clamped', { q: n.asked, c: n.quantum }));
      if (n.ioReset) note.append(' ', t('s.os.ioreset'));
    }
  }

  function drawMlfq() {
    const m = st.ed.mlfq;
    $('sched-mlfq').hidden = !m;
    // A lesson's levels are the lesson's, not an OSTEP import's.
    const key = st.lesson || st.left ? 'tabs.sched.mlfq' : 's.os.mlfq';
    $('sched-mlfq-text').textContent = m ? t(key, { q: m.quanta.join(', '), a: m.allot.join(', '), b: m.boost ? m.boost : t('s.os.mlfq.noboost') }) : '';
  }

  async function importOstep(cmd) {
    const command = String(cmd ?? '').trim();
    $('sched-ostep-cmd').value = command;
    if (!command) { st.imp = { error: { code: 'empty' } }; drawImport(); return; }
    const n = ++seq.imp;
    setBusy(1);
    const r = await post('/api/schedule/ostep', { command });
    setBusy(-1);
    if (n !== seq.imp) return;
    if (!r.ok) {
      st.imp = { error: r.error.code === 'offline' ? { code: 'offline' } : r.error };
      drawImport();
      return;
    }
    const got = importedEditor(r.data, getLimits());
    if (!got.ok) { st.imp = { error: { code: 'answer' } }; drawImport(); return; }
    closeLesson();
    st.ed = got.ed;
    st.example = null;
    st.choices = [];
    st.times = [];
    st.time = 0;
    st.policy = POLICY_IDS.includes(got.policy) ? got.policy : 'fcfs';
    st.imp = { note: { jobs: got.ed.jobs.length, policy: st.policy, quantum: got.quantum, clamped: got.clamped, asked: r.data.run.quantum, ioReset: got.ioReset }, command };
    if (st.error) { st.error = null; drawError(); }
    drawExamples();
    drawJobs();
    drawPolicies();
    drawImport();
    setMode('run');
  }

  function markInvalid() {
    const bad = new Set();
    if (st.error && st.error.kind === 'client') for (const e of st.error.errors) bad.add(`${e.row}:${e.field}`);
    $('sched-jobs').querySelectorAll('tbody tr').forEach(tr => {
      tr.querySelectorAll('input[data-field]').forEach(inp => {
        const on = bad.has(`${tr.dataset.row}:${inp.dataset.field}`);
        if (on) inp.setAttribute('aria-invalid', 'true'); else inp.removeAttribute('aria-invalid');
      });
    });
  }

  // edited is called after any change of the workload: the manual run
  // starts over (its choices may no longer fit), the rest recomputes.
  function edited(structural) {
    leaveLesson();
    st.example = null;
    if (st.imp && st.imp.note) { st.imp = null; drawImport(); }
    st.choices = [];
    st.times = [];
    drawExamples();
    if (structural) drawJobs();
    schedule(250);
  }

  function loadExample(id) {
    const w = exampleWorkload(id);
    if (!w) return;
    closeLesson();
    st.ed = w;
    st.example = id;
    st.imp = null;
    drawImport();
    st.choices = [];
    st.times = [];
    st.time = 0;
    drawExamples();
    drawJobs();
    drawPolicies(); // the description says the example's quantum
    schedule(0);
  }

  // ---- requests ----------------------------------------------------------------

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(() => { timer = 0; compute(); }, delay);
    api.changed && api.changed();
  }

  function wire() {
    const w = toWire(st.ed, getLimits());
    if (!w.ok) {
      st.error = { kind: 'client', errors: w.errors };
      drawError();
      markInvalid();
      return null;
    }
    return w.workload;
  }

  function setBusy(d) {
    st.busy += d;
    $('sched').dataset.busy = st.busy > 0 ? '1' : '0';
    $('sched-busy').hidden = st.busy <= 0;
  }

  function failed(r) {
    st.error = r.error.code === 'offline' ? { kind: 'offline' } : { kind: 'server', ...r.error };
    drawError();
  }

  function ok() {
    if (st.error) { st.error = null; drawError(); markInvalid(); }
  }

  async function compute() {
    if (!st.shown || st.opening) return;
    const workload = wire();
    if (!workload) return;
    if (st.mode === 'run') await computeRun(workload);
    else if (st.mode === 'compare') await computeCompare(workload);
    else await computeManual(workload);
  }

  async function computeRun(workload) {
    const n = ++seq.run;
    setBusy(1);
    const run = runFor(st.policy, st.ed.quantum, getLimits());
    const r = await post('/api/schedule', st.lesson ? { lesson: st.lesson.id, runs: [run] } : { workload, runs: [run] });
    setBusy(-1);
    if (n !== seq.run) return;
    if (!r.ok) { failed(r); return; }
    ok();
    st.run = r.data.results[0];
    st.run.cpus = workload.cpus;
    st.run.names = workload.jobs.map(j => j.name);
    st.run.own = !!(st.lesson && st.run.scenario === st.lesson.source);
    st.time = Math.min(st.time, Math.max(0, st.run.end - 1));
    drawRun();
  }

  async function computeCompare(workload) {
    const pols = POLICY_IDS.filter(p => st.compare.includes(p));
    drawCompareHint(pols.length);
    if (pols.length < 2) { st.results = null; drawCompare(); return; }
    const n = ++seq.compare;
    setBusy(1);
    const runs = pols.map(p => runFor(p, st.ed.quantum, getLimits()));
    const r = await post('/api/schedule', st.lesson ? { lesson: st.lesson.id, runs } : { workload, runs });
    setBusy(-1);
    if (n !== seq.compare) return;
    if (!r.ok) { failed(r); return; }
    ok();
    st.results = { list: r.data.results, cpus: workload.cpus, names: workload.jobs.map(j => j.name) };
    drawCompare();
  }

  async function computeManual(workload) {
    const n = ++seq.manual;
    const choices = st.choices.slice();
    setBusy(1);
    // The run carries the workload's quantum under fcfs too: the grade's
    // table runs RR and MLFQ with it, as Compare does (issue 12, part 6).
    const run = { ...runFor('rr', st.ed.quantum, getLimits()), policy: st.manualPolicy };
    const r = await post('/api/schedule/manual', { workload, run, choices });
    setBusy(-1);
    if (n !== seq.manual) return;
    if (!r.ok) { failed(r); drawManual(); return; }
    ok();
    st.manual = { ...r.data, choices, times: st.times.slice(0, choices.length), workload };
    drawManual();
  }

  // ---- drawing: errors ---------------------------------------------------------

  function drawError() {
    const box = $('sched-error');
    const e = st.error;
    $('sched').classList.toggle('stale', !!e);
    box.replaceChildren();
    if (!e) { box.hidden = true; return; }
    if (e.kind === 'client') {
      box.append(h('strong', { text: t('s.err.client') }));
      const ul = h('ul');
      for (const x of e.errors) {
        const j = st.ed.jobs[x.row] || {};
        const what = x.field === 'bursts' ? t(`s.err.bursts.${x.error}`, { tok: x.token ?? '' }) : x.error === 'tickets' ? t('s.err.tickets') : t('s.err.number');
        ul.append(h('li', { text: t('s.err.row', { n: x.row + 1, name: j.name || '?', col: t('s.col.' + x.field), what }) }));
      }
      box.append(ul);
    } else if (e.kind === 'offline') {
      box.append(h('strong', { text: t('s.err.offline') }));
    } else if (e.over) {
      // Not sent: the request is over the hello's request_bytes.
      box.append(h('strong', { text: t('err.over', { what: t(`limit.${e.over.limit}`), ...tooLargeParams(e.over) }) }));
    } else {
      // Translated by the code, with the server's own words after it.
      box.append(h('strong', { text: t('s.err.server') }), ' ', ...serverWords(e));
    }
    box.dataset.code = e.kind === 'server' ? e.code : e.kind;
    box.hidden = false;
  }

  // ---- drawing: run one policy -------------------------------------------------------

  function drawPolicies() {
    const box = $('sched-policy');
    box.replaceChildren();
    for (const p of POLICIES) {
      const on = p.id === st.policy;
      box.append(h('button', {
        type: 'button', class: 'pill' + (on ? ' on' : ''), role: 'radio', 'aria-checked': on ? 'true' : 'false',
        'data-policy': p.id, text: polName(p.id), title: t(`pol.${p.id}.desc`),
      }));
    }
    const p = POLICIES.find(x => x.id === st.policy);
    $('sched-policy-desc').textContent = t(`pol.${st.policy}.desc`) + (p && p.quantum ? ' ' + t(st.ed.quantum === 1 ? 's.quantum.is.one' : 's.quantum.is', { q: st.ed.quantum }) : '');
  }

  let runChart = null;

  function drawRun() {
    const r = st.run;
    const gantt = $('sched-gantt');
    if (!r) { runChart = null; gantt.replaceChildren(h('p', { class: 'muted', text: t('s.loading') })); return; }
    runChart = drawChart(gantt, {
      blocks: [{ result: r, cpus: cpusOf(r, r.cpus), jobs: r.names, policy: r.policy }], names: r.names, end: r.end, time: st.time,
      onTime: tm => setTime(tm), labelW: 120, aria: t('s.gantt.aria', { policy: polName(r.policy) }),
    });
    const time = $('sched-time');
    time.max = String(Math.max(0, r.end - 1));
    time.value = String(st.time);
    time.style.setProperty('--fill', r.end > 1 ? `${(100 * st.time) / (r.end - 1)}%` : '0%');
    drawTimeInfo();
    drawMetrics();
    $('sched-open-stepper').disabled = !r.scenario;
  }

  function drawTimeInfo() {
    const r = st.run;
    if (!r) return;
    $('sched-time-value').textContent = t('s.time.value', { a: st.time, b: st.time + 1 });
    $('sched-time').setAttribute('aria-valuetext', t('s.time.value', { a: st.time, b: st.time + 1 }));
    const box = $('sched-queues');
    box.replaceChildren();
    const cpus = cpusOf(r, r.cpus);
    const runCol = h('div', { class: 'qcol running' });
    runningAt(r, st.time, cpus).forEach((s, c) => {
      const slot = h('div', { class: 'cpu-slot', 'data-cpu': c, 'data-job': s ? s.job : '' }, h('span', { class: 'cpu-name', text: t('sg.cpu', { n: c }) }));
      if (s) slot.append(jobChip(s.job, r.names, s.kind === 'switch' ? t('s.switching') : t('s.on.cpu')));
      else slot.append(h('span', { class: 'idle', text: t('s.idle') }));
      runCol.append(slot);
    });
    const readyCol = h('div', { class: 'qcol ready' });
    for (const q of queuesAt(r, st.time)) {
      const label = q.level === null ? t('s.queue') : t('s.level', { n: q.level, q: mlfqQuantum(q.level) });
      const row = h('div', { class: 'queue', 'data-level': q.level === null ? '' : q.level }, h('span', { class: 'q-label', text: label }));
      const list = h('ol', { class: 'q-list', 'aria-label': label });
      if (!q.jobs.length) list.append(h('li', { class: 'q-empty', text: t('s.queue.empty') }));
      q.jobs.forEach((name, i) => list.append(h('li', { class: 'qjob', 'data-job': name }, jobChip(name, r.names, i === 0 ? t('s.queue.head') : ''))));
      row.append(list);
      readyCol.append(row);
    }
    const io = r.names.filter(n => /[SD]/.test((r.states[n] || '')[st.time] || ''));
    const ioCol = h('div', { class: 'qcol' });
    const ioRow = h('div', { class: 'queue io' }, h('span', { class: 'q-label io', text: t('s.io') }));
    const ioList = h('ul', { class: 'q-list io', 'aria-label': t('s.io') });
    if (!io.length) ioList.append(h('li', { class: 'q-empty', text: t('s.queue.empty') }));
    io.forEach(name => ioList.append(h('li', { class: 'iojob', 'data-job': name }, jobChip(name, r.names))));
    ioRow.append(ioList);
    ioCol.append(ioRow);
    box.append(runCol, readyCol, ioCol);
    $('sched-queues-title').textContent = r.levels ? t('s.queues.mlfq') : t('s.queues');
    drawNow(r);
    if (runChart) runChart.setTime(st.time);
  }

  // drawNow fills #sched-now: each job at the chosen time, with its MLFQ
  // level, or its CFS vruntime and weight, when the policy has them.
  function drawNow(r) {
    let tbl = $('sched-now');
    if (!tbl) {
      tbl = h('table', { id: 'sched-now', class: 'metrics now' });
      $('sched-queues').after(h('div', { class: 'table-wrap now-wrap' }, tbl));
    }
    tbl.replaceChildren();
    const rows = jobsNow(r, st.time);
    const lvl = !!r.levels, cfs = !!r.vruntime;
    tbl.parentElement.hidden = !lvl && !cfs;
    if (!lvl && !cfs) return;
    tbl.append(h('caption', { text: t(cfs ? 'tabs.now.cfs' : 'tabs.now.mlfq', { a: st.time, b: st.time + 1 }) }));
    const head = h('tr', {}, h('th', { scope: 'col', text: t('s.col.name') }), h('th', { scope: 'col', text: t('tabs.now.state') }));
    if (lvl) head.append(h('th', { scope: 'col', class: 'num', text: t('tabs.now.level'), title: t('tabs.now.level.title') }));
    if (cfs) {
      head.append(h('th', { scope: 'col', class: 'num', text: t('tabs.now.nice') }),
        h('th', { scope: 'col', class: 'num', text: t('tabs.now.weight'), title: t('tabs.now.weight.title') }),
        h('th', { scope: 'col', class: 'num', text: t('tabs.now.vruntime'), title: t('tabs.now.vruntime.title') }));
    }
    tbl.append(h('thead', {}, head));
    const body = h('tbody');
    const minV = cfs ? Math.min(...rows.filter(x => /[Rrc]/.test(x.state)).map(x => x.vruntime).filter(Number.isFinite)) : NaN;
    for (const x of rows) {
      const tr = h('tr', { 'data-job': x.name }, h('th', { scope: 'row' }, jobChip(x.name, r.names)),
        h('td', { 'data-col': 'state', text: t('tabs.state.' + (STATE_WORD[x.state] || 'absent')) }));
      if (lvl) tr.append(h('td', { class: 'num', 'data-col': 'level', text: x.level === null || x.state === '-' || x.state === ' ' ? '–' : t('sg.level.short', { n: x.level }) }));
      if (cfs) {
        const j = st.ed.jobs.find(y => y.name === x.name);
        const nice = j && Number.isInteger(Number(j.nice)) ? Number(j.nice) : null;
        tr.append(h('td', { class: 'num', 'data-col': 'nice', text: nice === null ? '–' : String(nice) }),
          h('td', { class: 'num', 'data-col': 'weight', text: x.weight === null ? '–' : String(x.weight) }),
          h('td', { class: 'num' + (x.vruntime === minV ? ' least' : ''), 'data-col': 'vruntime', text: x.state === '-' ? '–' : fmtVruntime(x.vruntime), title: x.vruntime === minV ? t('tabs.now.least') : '' }));
      }
      body.append(tr);
    }
    tbl.append(body);
  }

  function mlfqQuantum(level) {
    const m = st.ed.mlfq;
    if (m && m.quanta[level]) return m.quanta[level];
    return st.ed.quantum * 2 ** level;
  }

  function jobChip(name, names, sub) {
    const i = Math.max(0, names.indexOf(name));
    const col = jobColor(i);
    const chip = h('span', { class: 'jchip', style: `background:${col.fill};color:${col.ink}`, text: name });
    if (!sub) return chip;
    return h('span', { class: 'jchip-wrap' }, chip, h('small', { text: sub }));
  }

  function setTime(tm) {
    if (!st.run) return;
    const v = Math.max(0, Math.min(st.run.end - 1, tm));
    if (v === st.time) return;
    st.time = v;
    $('sched-time').value = String(v);
    $('sched-time').style.setProperty('--fill', st.run.end > 1 ? `${(100 * v) / (st.run.end - 1)}%` : '0%');
    drawTimeInfo();
    api.changed && api.changed();
  }

  function drawMetrics() {
    const r = st.run;
    const tbl = $('sched-metrics');
    tbl.replaceChildren();
    const cols = ['arrival', 'burst', 'io', 'first_run', 'completion', 'turnaround', 'waiting', 'response'];
    const head = h('tr', {}, h('th', { scope: 'col', text: t('s.col.name') }));
    for (const c of cols) head.append(h('th', { scope: 'col', class: 'num', text: t(`m.${c}`), title: t(`m.${c}.title`) }));
    tbl.append(h('thead', {}, head));
    const body = h('tbody');
    for (const j of r.jobs) {
      const tr = h('tr', { 'data-job': j.name }, h('th', { scope: 'row' }, jobChip(j.name, r.names)));
      for (const c of cols) tr.append(h('td', { class: 'num', 'data-col': c, text: fmtTick(j[c]) }));
      body.append(tr);
    }
    tbl.append(body);
    const avg = h('tr', { class: 'avg' }, h('th', { scope: 'row', text: t('m.avg') }));
    for (const c of cols) {
      const has = AVG_COLS.includes(c);
      avg.append(h('td', { class: 'num', 'data-col': c, text: has ? fmt2(r.avg[c]) : '' }));
    }
    tbl.append(h('tfoot', {}, avg));
    $('sched-summary').textContent = t('m.summary', {
      sw: r.context_switches, util: `${Math.round(r.utilization * 1000) / 10}%`, end: r.end,
    }) + (r.switch_ticks > 0 ? ' · ' + t(r.switch_ticks === 1 ? 'm.switchticks.one' : 'm.switchticks', { n: r.switch_ticks }) : '') + (r.complete ? '' : ' ' + t('m.incomplete'));
  }

  // ---- drawing: compare --------------------------------------------------------

  function drawComparePick() {
    const box = $('sched-compare-pick');
    box.replaceChildren();
    for (const p of POLICIES) {
      const inp = h('input', { type: 'checkbox', 'data-compare': p.id, checked: st.compare.includes(p.id) });
      box.append(h('label', { class: 'check' + (st.compare.includes(p.id) ? ' on' : ''), title: t(`pol.${p.id}.desc`) }, inp, ' ', h('span', { text: polName(p.id) })));
    }
    const all = h('button', { type: 'button', class: 'btn ghost small', 'data-compare-all': '1', text: t('s.compare.all') });
    const none = h('button', { type: 'button', class: 'btn ghost small', 'data-compare-none': '1', text: t('s.compare.none') });
    box.append(all, none);
  }

  function drawCompareHint(n) {
    $('sched-compare-hint').hidden = n >= 2;
  }

  function drawCompare() {
    const res = st.results;
    const n = st.compare.length;
    drawCompareHint(n);
    $('sched-compare-card').hidden = !res;
    $('sched-compare-table-card').hidden = !res;
    if (!res) return;
    const cpus = Math.max(...res.list.map(r => cpusOf(r, res.cpus)));
    const end = Math.max(...res.list.map(r => r.end));
    drawChart($('sched-compare-gantt'), {
      blocks: res.list.map(r => ({ result: r, cpus, jobs: [], label: polName(r.policy), policy: r.policy })),
      names: res.names, end, time: null, cursor: false, labelW: 190, aria: t('s.compare.gantt'),
    });
    const tbl = $('sched-compare-table');
    tbl.replaceChildren();
    const head = h('tr', {}, h('th', { scope: 'col', text: t('s.col.policy') }));
    for (const c of AVG_COLS) head.append(h('th', { scope: 'col', class: 'num', text: t(`m.avg.${c}`) }));
    head.append(h('th', { scope: 'col', class: 'num', text: t('m.switches') }), h('th', { scope: 'col', class: 'num', text: t('m.end') }));
    tbl.append(h('thead', {}, head));
    const body = h('tbody');
    for (const row of compareRows(res.list)) {
      const p = POLICIES.find(x => x.id === row.policy);
      const name = polName(row.policy) + (p && p.quantum ? ` (q=${row.quantum})` : '');
      const tr = h('tr', { 'data-policy': row.policy }, h('th', { scope: 'row', text: name }));
      for (const c of AVG_COLS) {
        const td = h('td', { class: 'num' + (row.best[c] ? ' best' : ''), 'data-col': c });
        td.append(h('span', { class: 'v', text: fmt2(row.avg[c]) }));
        if (row.best[c]) td.append(h('span', { class: 'star', text: ' ★', title: t('s.best'), 'aria-label': t('s.best') }));
        tr.append(td);
      }
      tr.append(h('td', { class: 'num', 'data-col': 'switches', text: String(row.switches) }), h('td', { class: 'num', 'data-col': 'end', text: String(row.end) }));
      body.append(tr);
    }
    tbl.append(body);
  }

  // ---- drawing: manual ---------------------------------------------------------

  function drawManual() {
    const pane = $('sched-manual');
    pane.querySelectorAll('input[name="sched-mp"]').forEach(r => { r.checked = r.value === st.manualPolicy; });
    $('sched-undo').disabled = !st.choices.length;
    const m = st.manual;
    const dec = $('sched-decision');
    const grade = $('sched-grade');
    dec.replaceChildren();
    if (!m) { dec.append(h('p', { class: 'muted', text: t('s.loading') })); grade.hidden = true; return; }
    pane.dataset.choices = String(m.choices.length);
    pane.dataset.done = m.done ? '1' : '0';
    const names = m.workload.jobs.map(j => j.name);
    const res = m.result;

    // History of choices.
    const hist = $('sched-history');
    hist.replaceChildren();
    const decisions = historyOf(m);
    decisions.forEach(d => hist.append(h('li', {}, h('span', { class: 'muted', text: d.time === '?' ? '' : `t=${d.time} ` }), jobChip(d.chosen, names))));

    if (!m.done) {
      const d = m.decision;
      dec.hidden = false;
      dec.dataset.time = String(d.time);
      dec.dataset.cpu = String(d.cpu);
      dec.append(h('p', { class: 'ask', text: t('s.ask', { t: d.time, cpu: d.cpu }) }));
      dec.append(h('p', { class: 'muted', text: t('s.ask.help') }));
      const row = h('div', { class: 'choices' });
      for (const name of d.candidates) {
        const j = m.workload.jobs.find(x => x.name === name);
        const left = j ? remainingBurst(j.bursts, cpuUsed(res.states[name])) : 0;
        const col = jobColor(Math.max(0, names.indexOf(name)));
        const b = h('button', { type: 'button', class: 'choice', 'data-choice': name, 'data-left': left, style: `--job:${col.fill};--ink:${col.ink}` },
          h('span', { class: 'c-name', text: name }),
          h('span', { class: 'c-sub', text: t('s.burst.left', { n: left }) }),
          h('span', { class: 'c-sub', text: t('s.arrived', { n: j ? j.arrival : 0 }) }));
        b.disabled = st.busy > 0;
        row.append(b);
      }
      dec.append(row);
      grade.hidden = true;
    } else {
      dec.hidden = true;
      delete dec.dataset.time;
      drawGrade(m, names);
    }
    const end = m.done ? res.end : Math.max(horizon(m.workload), res.end);
    // "so far" until the last decision is made (data-i18n: a language
    // change translates it again).
    const title = m.done ? 's.manual.gantt.done' : 's.manual.gantt';
    $('sched-manual-title').dataset.i18n = title;
    $('sched-manual-title').textContent = t(title);
    drawChart($('sched-manual-gantt'), {
      blocks: [{ result: res, cpus: cpusOf(res, m.workload.cpus), jobs: names, policy: 'manual' }], names,
      end, time: m.done ? null : m.decision.time, labelW: 120, aria: t(title),
    });
  }

  // historyOf lists the student's choices so far with their decision
  // times (unknown, '?', for choices that came with a share link).
  function historyOf(m) {
    return m.choices.map((chosen, i) => ({ chosen, time: m.times[i] ?? '?' }));
  }

  // drawGrade draws the grade card: the score against the best schedule
  // reachable under the rule played (grade.reference: its rule, whether SJF
  // or SRTF reaches it, its order), where the play left it, the choices
  // that were not the shortest, and every policy run with the workload's
  // quantum (the numbers of Compare). Issue 12, part 6.
  function drawGrade(m, names) {
    const g = m.grade;
    const box = $('sched-grade');
    box.replaceChildren();
    box.hidden = false;
    box.dataset.score = String(g.score);
    const ref = g.reference || null;
    const best = g.policies.find(p => p.policy === g.optimum);
    const ring = h('div', { class: 'score ' + (g.score >= 100 ? 'top' : g.score >= 60 ? 'mid' : 'low') },
      h('b', { class: 'score-n', text: String(g.score) }), h('span', { text: t('s.score.of') }));
    const text = h('div', { class: 'grade-text' },
      h('h2', { text: g.score >= 100 ? t('g.perfect') : t('s.grade.title') }));
    if (ref) {
      const order = (ref.order || []).join(', ');
      const how = t(ref.policy === 'sjf' ? 'g.ref.sjf' : ref.policy === 'srtf' ? 'g.ref.srtf' : 'g.ref.search', { order });
      const line = ref.rule === 'quantum'
        ? t('g.ref.quantum', { q: ref.quantum, how, w: fmt2(ref.avg.waiting) })
        : t('g.ref.nonpreemptive', { how, w: fmt2(ref.avg.waiting) });
      const p = h('p', { id: 'sched-grade-ref', 'data-rule': ref.rule, 'data-policy': ref.policy || '', 'data-exact': ref.exact ? '1' : '0', text: line });
      text.append(p);
      const sjf = g.policies.find(x => x.policy === 'sjf');
      if (ref.rule === 'nonpreemptive' && !ref.policy && sjf && sjf.avg.waiting > ref.avg.waiting + 1e-9) text.append(h('p', { class: 'muted', text: t('g.ref.beats') }));
      if (!ref.exact) text.append(h('p', { class: 'muted', text: t('g.ref.inexact') }));
    }
    text.append(h('p', { text: t('g.line', { you: fmt2(g.student.waiting), best: polName(g.optimum), bw: fmt2(best ? best.avg.waiting : 0) }) }));
    if (g.departure) {
      const d = g.departure;
      text.append(h('p', { id: 'sched-departure', 'data-time': d.time, text: t('g.departure', { t: d.time, chosen: d.chosen, best: d.best }) }));
    }
    text.append(h('p', { class: 'muted', text: t('g.how') }));
    if (ref && g.score < 100 && Array.isArray(ref.choices)) {
      const replay = h('button', { type: 'button', id: 'sched-replay-best', class: 'btn', text: t('g.replay') });
      replay.addEventListener('click', () => {
        if (st.busy > 0) return;
        st.choices = ref.choices.slice();
        st.times = [];
        schedule(0);
      });
      text.append(h('p', {}, replay));
    }
    const diffs = h('ul', { id: 'sched-differences', class: 'diffs' });
    if (!g.differences.length) diffs.append(h('li', { class: 'good', text: t('s.diff.none') }));
    for (const d of g.differences) {
      diffs.append(h('li', { 'data-time': d.time, 'data-chosen': d.chosen, 'data-shortest': d.shortest, text: t('s.diff', { t: d.time, chosen: d.chosen, shortest: d.shortest }) }));
    }
    text.append(h('h3', { text: t('s.diff.title') }), diffs);
    const tbl = h('table', { class: 'metrics compare', id: 'sched-grade-table' });
    const head = h('tr', {}, h('th', { scope: 'col', text: t('s.col.policy') }));
    for (const c of AVG_COLS) head.append(h('th', { scope: 'col', class: 'num', text: t(`m.avg.${c}`) }));
    tbl.append(h('thead', {}, head));
    const body = h('tbody');
    const quantumOf = id => { const p = g.policies.find(x => x.policy === id); return p && p.quantum ? p.quantum : 0; };
    for (const r of gradeRows(g)) {
      const q = r.you ? 0 : quantumOf(r.policy);
      const label = r.you ? t('s.you') : polName(r.policy) + (q ? ` (q=${q})` : '') + (r.optimum ? ' ★' : '');
      const tr = h('tr', { class: (r.you ? 'you' : '') + (r.optimum ? ' optimum' : ''), 'data-policy': r.you ? 'you' : r.policy },
        h('th', { scope: 'row', text: label }));
      for (const c of AVG_COLS) tr.append(h('td', { class: 'num', 'data-col': c, text: fmt2(r.avg[c]) }));
      body.append(tr);
    }
    tbl.append(body);
    box.append(h('div', { class: 'grade-top' }, ring, text), h('div', { class: 'table-wrap' }, tbl));
    void names;
  }

  // ---- modes and wiring ------------------------------------------------------------

  function setMode(mode) {
    st.mode = mode;
    for (const b of document.querySelectorAll('#sched .mode-tab')) b.setAttribute('aria-selected', b.dataset.mode === mode ? 'true' : 'false');
    for (const p of document.querySelectorAll('#sched .pane')) p.hidden = p.dataset.pane !== mode;
    stopPlay();
    schedule(0);
    api.changed && api.changed(); // the address keeps the mode (README: the state is in the address)
  }

  function stopPlay() {
    if (st.playing) clearInterval(st.playing);
    st.playing = 0;
    const b = $('sched-play');
    b.classList.remove('playing');
    b.setAttribute('aria-pressed', 'false');
  }

  function togglePlay() {
    if (st.playing) { stopPlay(); return; }
    if (!st.run) return;
    if (st.time >= st.run.end - 1) setTime(0);
    const b = $('sched-play');
    b.classList.add('playing');
    b.setAttribute('aria-pressed', 'true');
    st.playing = setInterval(() => {
      if (!st.run || st.time >= st.run.end - 1) { stopPlay(); return; }
      setTime(st.time + 1);
    }, 450);
  }

  function choose(name) {
    if (st.busy > 0 || !st.manual || st.manual.done) return;
    for (const b of document.querySelectorAll('#sched-decision button[data-choice]')) b.disabled = true;
    st.choices = [...st.manual.choices, name];
    st.times = [...st.manual.times, st.manual.decision.time];
    schedule(0);
  }

  function wire0() {
    $('sched-ostep').addEventListener('submit', e => { e.preventDefault(); importOstep($('sched-ostep-cmd').value); });
    $('sched-ostep-examples').addEventListener('change', e => {
      const cmd = e.target.value;
      e.target.value = '';
      if (cmd) importOstep(cmd);
    });
    $('sched-ostep-cmd').addEventListener('input', () => {
      if (st.imp && st.imp.error) { st.imp = null; drawImport(); }
    });
    $('sched-mlfq-clear').addEventListener('click', () => {
      delete st.ed.mlfq;
      drawMlfq();
      drawImport();
      edited(false);
    });
    $('sched-examples').addEventListener('click', e => {
      const b = e.target.closest('button[data-example]');
      if (b) loadExample(b.dataset.example);
    });
    const jobs = $('sched-jobs');
    jobs.addEventListener('input', e => {
      const inp = e.target.closest('input[data-field]');
      if (!inp) return;
      const row = Number(inp.closest('tr').dataset.row);
      const f = inp.dataset.field;
      st.ed.jobs[row][f] = inp.value;
      if (f === 'name') {
        const dot = inp.parentElement.querySelector('.dot');
        if (dot) dot.title = inp.value;
      }
      if (st.error && st.error.kind === 'client') { st.error = null; drawError(); markInvalid(); }
      edited(false);
    });
    jobs.addEventListener('click', e => {
      const b = e.target.closest('button[data-remove]');
      if (!b || st.ed.jobs.length <= 1) return;
      st.ed.jobs.splice(Number(b.dataset.remove), 1);
      st.error = null;
      drawError();
      edited(true);
    });
    $('sched-add-job').addEventListener('click', () => {
      if (st.ed.jobs.length >= jobsMax()) return;
      const last = st.ed.jobs[st.ed.jobs.length - 1];
      st.ed.jobs.push({ name: nextName(st.ed.jobs), arrival: last ? Number(last.arrival) || 0 : 0, bursts: '4', priority: 0, tickets: 100, nice: 0 });
      edited(true);
      const inputs = jobs.querySelectorAll('tbody tr:last-child input');
      if (inputs[2]) { inputs[2].focus(); inputs[2].select(); }
    });
    // The bounds are read at each input: the hello may change them.
    const num = (id, key, bounds) => $(id).addEventListener('input', e => {
      const v = Number(e.target.value);
      if (!Number.isInteger(v)) return;
      st.ed[key] = clampTo(v, bounds(getLimits()));
      if (key === 'quantum') drawPolicies();
      edited(false);
    });
    num('sched-cpus', 'cpus', cpusRange);
    num('sched-switch', 'switchCost', switchRange);
    num('sched-quantum', 'quantum', quantumRange);
    for (const id of ['sched-cpus', 'sched-switch', 'sched-quantum']) {
      $(id).addEventListener('change', () => { $('sched-cpus').value = st.ed.cpus; $('sched-switch').value = st.ed.switchCost; $('sched-quantum').value = st.ed.quantum; });
    }

    for (const b of document.querySelectorAll('#sched .mode-tab')) b.addEventListener('click', () => setMode(b.dataset.mode));
    $('sched-policy').addEventListener('click', e => {
      const b = e.target.closest('button[data-policy]');
      if (!b) return;
      st.policy = b.dataset.policy;
      drawPolicies();
      schedule(0);
    });
    $('sched-time').addEventListener('input', e => setTime(Number(e.target.value)));
    $('sched-play').addEventListener('click', togglePlay);
    // The page's shortcuts (the ? list), for this view's time: → and ←
    // a tick, Home and End the run's ends, Space play or pause. Only in the
    // view's "Run one policy" mode, whose chart has a time.
    document.addEventListener('keydown', e => {
      if (document.body.dataset.view !== 'sched' || st.mode !== 'run' || !st.run) return;
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const onButton = e.target && e.target.tagName === 'BUTTON';
      switch (e.key) {
        case 'ArrowRight': e.preventDefault(); stopPlay(); setTime(st.time + 1); break;
        case 'ArrowLeft': e.preventDefault(); stopPlay(); setTime(st.time - 1); break;
        case 'Home': e.preventDefault(); stopPlay(); setTime(0); break;
        case 'End': e.preventDefault(); stopPlay(); setTime(st.run.end - 1); break;
        case ' ': case 'Spacebar': if (!onButton) { e.preventDefault(); togglePlay(); } break;
      }
    });
    $('sched-open-stepper').addEventListener('click', () => {
      if (!st.run) return;
      // The lesson's own run is the lesson itself: it opens at the step of the chosen time.
      if (st.lesson && st.run.own && api.openLesson) api.openLesson(st.lesson.id, st.time + 1);
      else if (api.openScenario) api.openScenario(st.run.scenario);
    });
    $('sched-editor').addEventListener('click', e => {
      const b = e.target.closest('button[data-sched-lesson]');
      if (b) openLesson(b.dataset.schedLesson);
      else if (e.target.closest('#sched-lesson-back') && st.left) openLesson(st.left.id);
    });

    $('sched-compare-pick').addEventListener('change', e => {
      const inp = e.target.closest('input[data-compare]');
      if (!inp) return;
      const set = new Set(st.compare);
      if (inp.checked) set.add(inp.dataset.compare); else set.delete(inp.dataset.compare);
      st.compare = POLICY_IDS.filter(p => set.has(p));
      inp.closest('label').classList.toggle('on', inp.checked);
      schedule(150);
    });
    $('sched-compare-pick').addEventListener('click', e => {
      const b = e.target.closest('button');
      if (!b) return;
      st.compare = b.dataset.compareAll ? POLICY_IDS.slice() : [];
      drawComparePick();
      schedule(0);
    });

    $('sched-manual-policy').addEventListener('change', e => {
      if (e.target.name !== 'sched-mp') return;
      st.manualPolicy = e.target.value;
      st.choices = [];
      st.times = [];
      schedule(0);
    });
    $('sched-decision').addEventListener('click', e => {
      const b = e.target.closest('button[data-choice]');
      if (b) choose(b.dataset.choice);
    });
    $('sched-undo').addEventListener('click', () => {
      if (!st.manual) return;
      st.choices = st.manual.choices.slice(0, -1);
      st.times = st.manual.times.slice(0, -1);
      schedule(0);
    });
    $('sched-restart').addEventListener('click', () => { st.choices = []; st.times = []; schedule(0); });
  }

  function relabel() {
    drawLessons();
    $('sched-legend').innerHTML = legendHTML();
    drawImportExamples();
    drawImport();
    drawExamples();
    drawJobs();
    drawPolicies();
    drawComparePick();
    drawError();
    if (st.run) drawRun();
    drawCompare();
    if (st.manual) drawManual();
  }

  wire0();

  return {
    show() {
      st.shown = true;
      $('sched').hidden = false;
      relabel();
      for (const b of document.querySelectorAll('#sched .mode-tab')) b.setAttribute('aria-selected', b.dataset.mode === st.mode ? 'true' : 'false');
      for (const p of document.querySelectorAll('#sched .pane')) p.hidden = p.dataset.pane !== st.mode;
      schedule(0);
    },
    hide() {
      st.shown = false;
      stopPlay();
      $('sched').hidden = true;
    },
    relabel() { if (st.shown) relabel(); },
    // limitsChanged gives the editor's inputs the bounds of a new hello.
    limitsChanged() {
      const lim = getLimits();
      for (const [id, bounds] of [['sched-cpus', cpusRange], ['sched-switch', switchRange], ['sched-quantum', quantumRange]]) {
        const [lo, hi] = bounds(lim);
        $(id).min = String(lo);
        if (hi === undefined) $(id).removeAttribute('max'); else $(id).max = String(hi);
      }
      if (st.shown) drawJobs();
    },
    resize() {
      if (!st.shown) return;
      if (st.mode === 'run' && st.run) drawRun();
      if (st.mode === 'compare') drawCompare();
      if (st.mode === 'manual' && st.manual) drawManual();
    },
    // openLesson shows a scheduling lesson (its id) in this view.
    openLesson(id, mode) { openLesson(id, mode); },
    mode() { return st.mode; },
    // lesson is the id of the lesson shown ('' for none).
    lesson() { return st.lesson ? st.lesson.id : ''; },
    // shareState is what a share link keeps (see share.js).
    shareState() {
      const num = v => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v);
      return {
        ed: {
          cpus: st.ed.cpus, switchCost: st.ed.switchCost, quantum: st.ed.quantum,
          jobs: st.ed.jobs.map(j => ({ name: String(j.name), arrival: num(j.arrival), bursts: String(j.bursts), priority: num(j.priority), tickets: num(j.tickets), nice: num(j.nice) })),
          ...(st.ed.mlfq ? { mlfq: { quanta: st.ed.mlfq.quanta.slice(), allot: st.ed.mlfq.allot.slice(), boost: st.ed.mlfq.boost || 0 } } : {}),
        },
        mode: st.mode, policy: st.policy, compare: st.compare.slice(), manualPolicy: st.manualPolicy,
        choices: st.mode === 'manual' && st.manual ? st.manual.choices.slice() : st.choices.slice(), time: st.time,
      };
    },
    // restore opens a decoded share state.
    restore(s) {
      const lim = getLimits();
      const n = (v, bounds, d) => (Number.isInteger(Number(v)) ? clampTo(Number(v), bounds) : d);
      st.ed = {
        cpus: n(s.ed.cpus, cpusRange(lim), 1), switchCost: n(s.ed.switchCost, switchRange(lim), 0), quantum: n(s.ed.quantum, quantumRange(lim), 2),
        jobs: s.ed.jobs.slice(0, jobsMax()).map(j => ({ ...j })),
      };
      if (s.ed.mlfq) st.ed.mlfq = { quanta: s.ed.mlfq.quanta.slice(), allot: s.ed.mlfq.allot.slice(), boost: s.ed.mlfq.boost || 0 };
      st.imp = null;
      st.example = null;
      st.lesson = null;
      st.left = null;
      const same = EXAMPLES.find(ex => JSON.stringify(exampleWorkload(ex.id)) === JSON.stringify({ cpus: st.ed.cpus, switchCost: st.ed.switchCost, quantum: st.ed.quantum, jobs: st.ed.jobs }));
      if (same) st.example = same.id;
      st.policy = POLICY_IDS.includes(s.policy) ? s.policy : 'fcfs';
      st.compare = POLICY_IDS.filter(p => s.compare.includes(p));
      st.manualPolicy = s.manualPolicy === 'rr' ? 'rr' : 'fcfs';
      st.choices = s.choices.slice();
      st.times = [];
      st.time = s.time || 0;
      st.mode = ['run', 'compare', 'manual'].includes(s.mode) ? s.mode : 'run';
      st.run = null; st.results = null; st.manual = null; st.error = null;
      if (st.shown) this.show();
    },
  };
}
