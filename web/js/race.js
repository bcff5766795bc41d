// race.js: the race lab's panels in the process view, shown when the loaded
// scenario has threads, shared variables or sync objects (body class
// "race-lab"):
//   - #vars: one [data-var=NAME] row per shared variable with data-value;
//     class "written" (and a .writer "written by t1") when the shown step
//     wrote it; #expects: one li[data-expect=I] per expectation with
//     data-result pass | fail | pending;
//   - #objects: one [data-obj=NAME][data-kind] card per sync object:
//     .holder (data-holder=PID, 0 when free), .queue with one
//     .qtoken[data-pid] per waiter in queue order, the count (semaphore,
//     channel buffer, WaitGroup counter) and .stats (acquired, contended,
//     total and longest wait);
//   - #problems: one li.problem[data-kind][data-step] per detection (a
//     button inside seeks to its step); a deadlock has an svg.wait-cycle
//     (threads and locks, arrows "waits for" / "held by") with data-text
//     naming them;
//   - #picker: radios input[name=picker] policy | random | manual,
//     #pick-seed, #pick-interleave, #pick-apply (reload with the options);
//     #decision: in manual mode one button[data-choose=PID] per candidate;
//     the diagram's candidate tokens get the class "candidate" and run the
//     thread when clicked;
//   - #btn-explore, #explored: a table, one tr[data-outcome=I] per outcome
//     with data-schedules and data-vars ("counter=2"), and a
//     button[data-witness=I] that loads that schedule (interleaved);
//     #explore-note says when the exploration was incomplete or had cycles.
//   - #explore-progress (made here, before #explore-note), shown while an
//     explore runs: .ep-bar[role=progressbar][aria-valuenow=PERCENT] with
//     .ep-fill, .ep-text (states, frontier, states per second) from the
//     server's explore_progress messages, and #btn-explore-cancel, which
//     sends cancel_explore (the answer is an `explored` marked cancelled).
import { t } from './i18n.js';
import { taskColor } from './colors.js';
import { sentence, label } from './log.js';
import { threaded, taskTag } from './fold.js';
import { problemsOf, cycleLayout, expectResults, candidatePids, outcomeRows, writerOf, atEnd } from './race-model.js';
import { lockStyle } from './timeline.js';
import { renderOutput } from './output.js';
import { columnsOf } from './colstore.js';

// wordsAround puts node where a sentence's placeholder (NUL) is: the
// sentence's word order is the language's ("written by t1", "由 t1 写入").
function wordsAround(sentence, node) {
  const [before, after = ''] = sentence.split('\u0000');
  return [before, node, after].filter(x => x !== '');
}

const SVG = 'http://www.w3.org/2000/svg';
const $ = id => document.getElementById(id);

function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'title' || k === 'type' || k === 'lang') e.setAttribute(k, v === true ? '' : String(v));
    else e[k] = v;
  }
  for (const c of kids.flat(Infinity)) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

function s(name, attrs, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  if (parent) parent.append(e);
  return e;
}

// token is a thread's coloured chip: its name (or P3), never colour alone.
function token(pid, view, extra = '') {
  const c = taskColor(pid);
  const name = (view.names && view.names[pid]) || `P${pid}`;
  const e = h('span', { class: `rtoken ${extra}`.trim(), 'data-pid': pid, title: label(pid, name, threaded(view, pid), !!view.go) }, name);
  e.style.background = c.fill;
  e.style.color = c.ink;
  return e;
}

// createRaceView wires the panels. api: {send(msg), seek(step),
// reload(opts), state() -> {loaded, view, choices, explored, exploring}}.
// It returns {render(), progress(msg)}: progress takes an explore_progress
// message.
export function createRaceView(api) {
  let lastExploreKey = '';
  let lastProgress = null; // the running explore's last explore_progress, null before the first
  let cancelling = false; // Cancel was pressed for the running explore

  const progressBox = h('div', { id: 'explore-progress', class: 'explore-progress' },
    h('div', { class: 'ep-bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0 }, h('div', { class: 'ep-fill' })),
    h('div', { class: 'ep-row' }, h('span', { class: 'ep-text', 'aria-live': 'polite' }),
      h('button', { id: 'btn-explore-cancel', type: 'button', class: 'btn small' })));
  progressBox.hidden = true;
  $('explore-note').before(progressBox);
  $('btn-explore-cancel').addEventListener('click', () => {
    if (!api.state().exploring || cancelling) return;
    cancelling = true;
    api.send({ type: 'cancel_explore' });
    renderProgress(api.state());
  });

  $('problems').addEventListener('click', e => {
    const b = e.target.closest('[data-goto]');
    if (b) api.seek(Number(b.dataset.goto));
  });
  $('decision').addEventListener('click', e => {
    const b = e.target.closest('button[data-choose]');
    if (b && !b.disabled) choose(Number(b.dataset.choose));
  });
  $('diagram').addEventListener('click', e => {
    const tk = e.target.closest('.token.candidate[data-pid]');
    if (tk) choose(Number(tk.dataset.pid));
  });
  $('diagram').addEventListener('keydown', e => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    const tk = e.target.closest && e.target.closest('.token.candidate[data-pid]');
    if (tk) { e.preventDefault(); choose(Number(tk.dataset.pid)); }
  });
  for (const r of document.querySelectorAll('input[name="picker"]')) r.addEventListener('change', () => applyPicker());
  $('pick-interleave').addEventListener('change', () => applyPicker());
  $('pick-apply').addEventListener('click', () => applyPicker());
  $('pick-seed').addEventListener('keydown', e => { if (e.key === 'Enter') { e.preventDefault(); applyPicker(); } });
  $('btn-explore').addEventListener('click', () => {
    const st = api.state();
    if (!st.loaded) return;
    lastProgress = null;
    cancelling = false;
    api.send({ type: 'explore' });
    api.setExploring(true);
  });
  $('explored').addEventListener('click', e => {
    const b = e.target.closest('button[data-witness]');
    if (!b) return;
    const st = api.state();
    const o = st.explored && st.explored.outcomes[Number(b.dataset.witness)];
    if (o) api.reload({ choices: o.witness, interleave: true, picker: 'policy', manual: false });
  });

  let pendingChoice = false;
  function choose(pid) {
    const st = api.state();
    if (!st.view.decision || pendingChoice) return;
    pendingChoice = true;
    api.send({ type: 'choose', pid });
  }

  function applyPicker() {
    const mode = (document.querySelector('input[name="picker"]:checked') || {}).value || 'policy';
    const seed = Number($('pick-seed').value);
    const opts = { picker: mode === 'random' ? 'random' : 'policy', manual: mode === 'manual', interleave: $('pick-interleave').checked, choices: [] };
    if (mode === 'random' && Number.isSafeInteger(seed) && seed > 0) opts.seed = seed;
    api.reload(opts);
  }

  function render() {
    pendingChoice = false;
    const st = api.state();
    const { loaded, view } = st;
    const decl = loaded || {};
    $('vars-card').hidden = !(decl.vars || []).length && !(decl.expects || []).length;
    const go = decl.lang === 'go';
    $('output-card').hidden = !go;
    if (go) renderOutput($('output'), view, atEnd(view));
    else $('output').replaceChildren();
    renderVars(decl, view);
    renderExpects(decl, view);
    renderObjects(decl, view);
    renderProblems(view, decl);
    renderRunner(st);
    renderCandidates(view);
    renderExplored(st);
  }

  function renderVars(decl, view) {
    const box = $('vars');
    const vars = decl.vars || [];
    if (!vars.length) { box.replaceChildren(h('p', { class: 'muted', text: t('race.vars.none') })); return; }
    const w = writerOf(view);
    const rows = vars.map((v, i) => {
      const val = view.vars && view.vars[i] !== undefined ? view.vars[i] : v.init;
      const wr = w[i];
      const row = h('div', { class: 'var' + (wr ? ' written' : ''), 'data-var': v.name, 'data-value': val },
        h('span', { class: 'vname', text: v.name }),
        h('span', { class: 'vval', text: String(val) }),
        h('span', { class: 'vnote' }, wr ? [h('span', { class: 'writer' }, '✎ ', ...wordsAround(t('race.written', { p: '\u0000' }), token(wr.pid, view))), h('span', { class: 'was', text: t('race.was', { old: wr.old }) })]
          : h('span', { class: 'muted', text: t('race.init', { v: v.init }) })));
      if (wr) row.dataset.writer = String(wr.pid);
      return row;
    });
    box.replaceChildren(...rows);
  }

  function renderExpects(decl, view) {
    const box = $('expects');
    const ex = decl.expects || [];
    box.hidden = !ex.length;
    if (!ex.length) { box.replaceChildren(); return; }
    const res = expectResults(decl, view);
    const items = ex.map((text, i) => h('li', { class: `expect ${res[i]}`, 'data-expect': i, 'data-result': res[i] },
      h('span', { class: 'mark', 'aria-hidden': 'true', text: res[i] === 'pass' ? '✓' : res[i] === 'fail' ? '✗' : '…' }),
      h('code', { text }),
      h('span', { class: 'res', text: t(`race.expect.${res[i]}`) })));
    box.replaceChildren(h('h4', { text: t('race.expects') }), h('ul', {}, items));
  }

  function renderObjects(decl, view) {
    const box = $('objects');
    const objs = decl.objects || [];
    $('objects-card').hidden = !objs.length;
    $('objects-card').classList.toggle('many', objs.length >= 3);
    if (!objs.length) { box.replaceChildren(h('p', { class: 'muted', text: t('race.objects.none') })); return; }
    const spinners = {};
    const cols = columnsOf(view.columns);
    const last = cols.length && cols.step(cols.length - 1) === view.step ? cols.last() : null;
    if (last) {
      for (const [pid, c] of Object.entries(last.task)) if (c.spin) (spinners[Number(c.spin.split(':')[1])] ||= []).push(Number(pid));
    }
    const cards = objs.map((o, i) => {
      const st = (view.objects && view.objects[i]) || { holder: 0, waiters: [], count: 0, acquired: 0, contended: 0, total_wait: 0, max_wait: 0 };
      const ls = lockStyle(i);
      const isLock = ['mutex', 'gomutex', 'spinlock', 'ticketlock', 'rwmutex'].includes(o.kind);
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.setProperty('--lock', ls.c);
      swatch.innerHTML = `<svg viewBox="0 0 16 16"><rect width="16" height="16" fill="#fff"/><path d="${ls.d.replace(/(\d+)/g, n => String(Number(n) * 2))}" stroke="${ls.c}" stroke-width="2" fill="${i === 5 ? ls.c : 'none'}"/></svg>`;
      const head = h('div', { class: 'ohead' }, swatch, h('span', { class: 'oname', text: o.name }), h('span', { class: 'okind', text: t(`kind.${o.kind}`) }));
      const rows = [];
      if (isLock || st.holder) {
        rows.push(h('div', { class: 'orow holder', 'data-holder': st.holder || 0 }, h('span', { class: 'olbl', text: t('race.holder') }),
          st.holder ? token(st.holder, view, 'held') : h('span', { class: 'free', text: t('race.holder.none') })));
      }
      if (o.kind === 'semaphore' || o.kind === 'chan' || o.kind === 'waitgroup') {
        const lbl = o.kind === 'semaphore' ? 'race.count' : o.kind === 'chan' ? 'race.buffer' : 'race.counter';
        rows.push(h('div', { class: 'orow count', 'data-count': st.count ?? 0 }, h('span', { class: 'olbl', text: t(lbl) }), h('b', { class: 'cnt', text: String(st.count ?? 0) })));
      }
      if (o.kind === 'once') {
        rows.push(h('div', { class: 'orow count', 'data-count': st.count ?? 0 }, h('span', { class: 'olbl', text: 'Do' }),
          h('b', { class: 'cnt', text: t(st.count ? 'race.once.done' : 'race.once.todo') })));
      }
      const q = st.waiters || [];
      const queue = h('span', { class: 'queue', 'data-len': q.length }, q.length ? q.map((pid, k) => [k ? h('span', { class: 'qarrow', 'aria-hidden': 'true', text: '←' }) : null, token(pid, view, 'qtoken')]) : h('span', { class: 'free', text: t('race.queue.empty') }));
      rows.push(h('div', { class: 'orow' }, h('span', { class: 'olbl', text: t('race.queue') }), queue));
      if (spinners[i]) rows.push(h('div', { class: 'orow spinners' }, h('span', { class: 'olbl', text: '↻' }), spinners[i].map(pid => token(pid, view, 'o-spin')), h('span', { class: 'muted', text: t('race.spinning') })));
      if (isLock) {
        // Each statistic is a sentence frame with the number in bold where
        // the language puts it ("2 acquired", "获取 2 次").
        const stat = (k, v) => {
          const [before, after = ''] = t(k).split('{n}');
          return h('span', { class: 'stat' }, before, h('b', { text: v }), after);
        };
        const ticks = n => t(n === 1 ? 'race.stat.ticks.one' : 'race.stat.ticks', { n: n ?? 0 });
        // Issue 12, part 7: the live counters (st.live) count the waits
        // under way, so they move every step while a thread waits or spins.
        const lv = st.live || { contended: st.contended, waiting: q.length, total_wait: st.total_wait, max_wait: st.max_wait, waits: [] };
        const waitNames = (lv.waits || []).map(w => t((w.spinning ? 'lk.spinning.since' : 'lk.waiting.since') + (w.ticks === 1 ? '.one' : ''),
          { p: (view.names && view.names[w.pid]) || `P${w.pid}`, t: w.since, n: w.ticks })).join('\n');
        const waiting = stat('lk.stat.waiting', String(lv.waiting ?? 0));
        waiting.dataset.stat = 'waiting';
        if (waitNames) waiting.title = waitNames;
        const cont = stat('race.stat.contended', String(lv.contended ?? 0));
        cont.dataset.stat = 'contended';
        const total = stat('race.stat.total', ticks(lv.total_wait));
        total.dataset.stat = 'total';
        const longest = stat('race.stat.max', ticks(lv.max_wait));
        longest.dataset.stat = 'longest';
        rows.push(h('div', { class: 'stats', title: t('lk.live'), 'data-contended': lv.contended ?? 0, 'data-waiting': lv.waiting ?? 0, 'data-total': lv.total_wait ?? 0, 'data-longest': lv.max_wait ?? 0 },
          stat('race.stat.acquired', String(st.acquired ?? 0)), cont, waiting, total, longest));
      }
      const card = h('div', { class: 'obj' + (st.holder ? ' o-held' : '') + (q.length ? ' contended' : ''), 'data-obj': o.name, 'data-kind': o.kind }, head, ...rows);
      card.style.setProperty('--lock', ls.c);
      return card;
    });
    box.replaceChildren(...cards);
  }

  function renderProblems(view, decl) {
    const box = $('problems');
    const probs = problemsOf(view.log);
    $('race-problems-count').textContent = probs.length ? String(probs.length) : '';
    $('race-problems-count').hidden = !probs.length;
    if (!probs.length) {
      box.replaceChildren(h('li', { class: 'none' }, h('span', { class: 'ok-mark', 'aria-hidden': 'true', text: atEnd(view) ? '✓' : '' }), t(atEnd(view) ? 'race.problems.none.end' : 'race.problems.none')));
      return;
    }
    const items = probs.slice().reverse().map(p => {
      const now = p.step === view.step;
      const li = h('li', { class: `problem p-${p.kind}` + (now ? ' now' : ''), 'data-kind': p.kind, 'data-step': p.step },
        h('div', { class: 'phead' },
          h('span', { class: 'pkind' }, h('span', { class: 'picon', 'aria-hidden': 'true', text: '!' }), t(`prob.${p.kind}`)),
          h('button', { type: 'button', class: 'pstep', 'data-goto': p.step, title: t('race.problems.jump', { n: p.step }), text: t('log.step', { n: p.step }).replace(/[:：]$/, '') })),
        h('ul', { class: 'psent' }, p.items.map(it => h('li', { text: sentence(it) }))));
      if (p.kind === 'deadlock' && p.cycle && p.cycle.length) li.append(cycleSVG(p.cycle, view, decl));
      return li;
    });
    box.replaceChildren(...items);
  }

  function renderRunner(st) {
    const { loaded, view } = st;
    const mode = loaded.manual ? 'manual' : loaded.picker === 'random' ? 'random' : 'policy';
    for (const r of document.querySelectorAll('input[name="picker"]')) r.checked = r.value === mode;
    $('pick-policy-label').textContent = t('pick.policy', { policy: String(loaded.policy || '').toUpperCase() + (loaded.quantum ? ` ${loaded.quantum}` : '') });
    const seed = $('pick-seed');
    if (document.activeElement !== seed) seed.value = String(loaded.seed || 1);
    $('pick-seed-wrap').hidden = mode !== 'random';
    $('pick-interleave').checked = !!loaded.interleave;
    // A run that replays a schedule (an explored outcome's, or a link's
    // choices) follows it, whatever the picker says, until it runs out.
    const follows = mode !== 'manual' && (loaded.choices || []).length > 0;
    $('pick-help').textContent = follows ? t(loaded.choices.length === 1 ? 'pick.help.choices.one' : 'pick.help.choices', { n: loaded.choices.length }) : t(`pick.help.${mode}`);
    document.body.classList.toggle('manual-mode', !!loaded.manual);
    const box = $('decision');
    box.hidden = !loaded.manual;
    if (!loaded.manual) { box.replaceChildren(); return; }
    const parts = [];
    const d = view.decision;
    if (d) {
      const cands = candidatePids(d);
      parts.push(h('p', { class: 'dq', text: t('pick.decide', { n: view.step + 1, cpu: d.cpu ?? 0 }) }));
      parts.push(h('div', { class: 'choose-row' }, cands.map(c => {
        const col = taskColor(c.pid);
        const b = h('button', { type: 'button', class: 'choose-btn', 'data-choose': c.pid, 'data-name': c.name, title: t('pick.run', { name: c.name }) },
          h('span', { class: 'cn', text: c.name }), h('span', { class: 'cp', text: taskTag(view, c.pid) }));
        b.style.setProperty('--task', col.fill);
        b.style.setProperty('--task-ink', col.ink);
        if (d.policy_pick === c.name) b.append(h('span', { class: 'would', text: t('pick.policy.would', { name: '' }).replace(/[\s:：]+$/, '') }));
        return b;
      })));
      parts.push(h('p', { class: 'muted small', text: t('pick.token') }));
    } else if (view.step < view.total) {
      parts.push(h('p', { class: 'muted', text: t('pick.wait', { n: view.total }) }));
    } else {
      parts.push(h('p', { class: 'muted', text: t('pick.none') }));
    }
    const ch = st.choices || [];
    parts.push(h('p', { class: 'r-choices', 'data-choices': ch.join(',') }, ch.length ? t('pick.choices', { list: ch.map(pid => (view.names[pid] || `P${pid}`)).join(' → ') }) : t('pick.choices.none')));
    box.replaceChildren(...parts);
  }

  // Tokens the diagram makes after its frame (diagram.js makeLater) are
  // marked when they are made.
  document.addEventListener('tokensmade', () => { const st = api.state(); if (st && st.view) renderCandidates(st.view); });

  // renderCandidates marks the tokens of the decision's candidates (a
  // button each, in the tab order) and unmarks the others that were: it
  // visits those tokens only (the largest run has 3,030, and this runs at
  // every draw and when tokens are made).
  function renderCandidates(view) {
    const pids = view.decision ? new Set(candidatePids(view.decision).map(c => c.pid)) : new Set();
    for (const tk of document.querySelectorAll('#diagram .token.candidate')) {
      if (pids.has(Number(tk.dataset.pid))) continue;
      tk.classList.remove('candidate');
      tk.removeAttribute('tabindex');
      tk.removeAttribute('role');
    }
    for (const pid of pids) {
      for (const tk of document.querySelectorAll(`#diagram .token[data-pid="${Number(pid)}"]`)) {
        tk.classList.add('candidate');
        tk.setAttribute('tabindex', '0');
        tk.setAttribute('role', 'button');
      }
    }
  }

  // renderProgress shows the progress bar while an explore runs: the share
  // of its budget used, the states so far, the frontier and the rate.
  function renderProgress(st) {
    progressBox.hidden = !st.exploring;
    if (!st.exploring) { lastProgress = null; cancelling = false; return; }
    const p = lastProgress;
    const pct = p ? Math.max(0, Math.min(100, Number(p.percent) || 0)) : 0;
    const bar = progressBox.querySelector('.ep-bar');
    bar.setAttribute('aria-valuenow', String(pct));
    bar.setAttribute('aria-label', t('ex.progress.label'));
    progressBox.querySelector('.ep-fill').style.width = `${pct}%`;
    progressBox.querySelector('.ep-text').textContent = p
      ? t('ex.progress', { pct: pct.toFixed(pct < 10 ? 1 : 0), states: fmtInt(p.states), frontier: fmtInt(p.frontier), rate: fmtInt(p.per_second) })
      : t('ex.progress.start');
    const cancel = $('btn-explore-cancel');
    cancel.disabled = cancelling;
    cancel.textContent = t(cancelling ? 'ex.cancelling' : 'btn.cancel');
  }

  function renderExplored(st) {
    renderProgress(st);
    const box = $('explored');
    const note = $('explore-note');
    const btn = $('btn-explore');
    btn.disabled = !st.loaded || st.exploring;
    btn.setAttribute('aria-busy', st.exploring ? 'true' : 'false');
    $('btn-explore-label').textContent = st.exploring ? t('ex.busy') : t('ex.run');
    const ex = st.explored;
    if (!ex) { box.replaceChildren(); note.hidden = true; lastExploreKey = ''; return; }
    const rows = outcomeRows(ex, st.loaded);
    const key = JSON.stringify([ex, st.loaded.choices, getLangKey()]);
    const notes = [t(rows.length === 1 ? (ex.states === 1 ? 'ex.summary.one.state' : 'ex.summary.one') : 'ex.summary', { n: rows.length, states: fmtInt(ex.states ?? 0) })];
    if (ex.cancelled) notes.push(t('ex.cancelled'));
    else if (!ex.complete) notes.push(t('ex.incomplete'));
    if (ex.reduced) notes.push(t('ex.reduced'));
    if (ex.cycles) notes.push(t('ex.cycles'));
    note.hidden = false;
    note.replaceChildren(...notes.map((n, i) => h('span', { class: i === 0 ? 'sum' : 'warn', text: n })));
    note.dataset.complete = ex.complete ? '1' : '0';
    note.dataset.cycles = ex.cycles ? '1' : '0';
    note.dataset.cancelled = ex.cancelled ? '1' : '0';
    if (key === lastExploreKey) return;
    lastExploreKey = key;
    const cur = JSON.stringify(st.loaded.interleave ? st.loaded.choices || [] : null);
    const names = (st.view && st.view.names) || {}; // a schedule's threads by name, as the choices list says them
    const total = rows.reduce((a, r) => a + r.schedules, 0) || 1;
    const thead = h('thead', {}, h('tr', {}, h('th', { text: t('ex.outcome') }), h('th', { text: t('ex.problems') }), h('th', { class: 'num', text: t('ex.schedules') }), h('th', {})));
    const tbody = h('tbody', {}, rows.map(r => {
      const vars = r.vars.map(v => `${v.name}=${v.value}`).join(' ');
      const bar = h('span', { class: 'bar', 'aria-hidden': 'true' });
      bar.style.width = `${Math.max(3, Math.round((100 * r.schedules) / total))}%`;
      const loadedNow = cur === JSON.stringify(r.witness);
      // Only a clean row gets the tick; a racy one says so plainly (its value
      // is luck), and every row names its races and lost updates.
      const facts = [
        ...(r.races.length ? [h('span', { class: 'race', 'data-races': r.races.join(' ') }, '⚠ ', t('ex.race', { x: r.races.join(', ') }))] : []),
        ...(r.lost.length ? [h('span', { class: 'race', 'data-lost': r.lost.join(' ') }, '⚠ ', t('ex.lost', { x: r.lost.join(', ') }))] : []),
      ];
      const verdict = r.status === 'ok' ? [h('span', { class: 'okv' }, '✓ ', t('ex.ok'))]
        : r.status === 'racy' ? [h('span', { class: 'racyv', title: t('ex.racy.help') }, '⚠ ', t(r.expects ? 'ex.racy' : 'ex.racy.noexpect'))]
          : r.violations.map(v => h('span', { class: 'viol' }, '✗ ', t(v.key, { x: v.x })));
      return h('tr', { class: r.status + (loadedNow ? ' current' : ''), 'data-outcome': r.i, 'data-schedules': r.schedules, 'data-vars': vars, 'data-status': r.status },
        // A Go program's outcome also says what it printed, under its variables.
        h('td', { class: 'ovars' }, r.vars.map(v => h('span', { class: 'ov' }, h('span', { class: 'vn', text: v.name }), ' = ', h('b', { text: String(v.value) }))),
          r.output === null ? null : h('div', { class: 'oout', title: t('ex.output') }, h('span', { class: 'oout-lbl', text: t('ex.output') }),
            r.output ? h('pre', { class: 'oout-text', 'data-output': r.output, text: r.output.replace(/\n$/, '') }) : h('span', { class: 'muted', text: t('ex.output.none') }))),
        h('td', { class: 'oprob' }, ...verdict, ...facts),
        // A reduced exploration counts no schedules: a dash, no bar.
        ex.reduced ? h('td', { class: 'num', title: t('ex.reduced') }, h('b', { text: '—' }))
          : h('td', { class: 'num' }, h('b', { text: r.schedules >= 2 ** 64 - 2048 ? '≥ 1.8 × 10¹⁹' : fmtInt(r.schedules) }), bar),
        // Each button says which outcome it loads: two "Load this schedule"
        // alone could not be told apart by a screen reader.
        h('td', {}, h('button', { type: 'button', class: 'btn small', 'data-witness': r.i, 'aria-label': `${t('ex.load')}: ${r.vars.map(v => `${v.name} = ${v.value}`).join(', ')}`, title: t('ex.witness', { list: r.witness.map(p => names[p] || `P${p}`).join(' → ') }) }, '▶ ', t('ex.load'))));
    }));
    // The table is made again when a schedule loads: the button that was
    // pressed keeps the focus (it went to the page's top).
    const had = box.contains(document.activeElement) ? document.activeElement.dataset.witness : undefined;
    box.replaceChildren(h('table', { class: 'outcomes' }, thead, tbody));
    if (had !== undefined) { const b = box.querySelector(`button[data-witness="${had}"]`); if (b) b.focus({ preventScroll: true }); }
  }

  // progress takes an explore_progress message for the running explore.
  function progress(msg) {
    const st = api.state();
    if (!st.exploring) return;
    lastProgress = msg;
    renderProgress(st);
  }

  return { render, progress };
}

// fmtInt writes a count with the page language's digit grouping.
function fmtInt(n) {
  return Math.round(Number(n) || 0).toLocaleString(document.documentElement.lang || 'en');
}

function getLangKey() {
  return document.documentElement.lang || '';
}

// cycleSVG draws a deadlock's wait-for cycle: threads (rounded, in their
// colour, with their name) and locks (squares with their pattern and name),
// arrows "waits for" (thread -> lock) and "held by" (lock -> thread).
function cycleSVG(cycle, view, decl) {
  const size = cycle.length <= 2 ? 300 : 340;
  const lay = cycleLayout(cycle, size);
  const objName = o => (decl.objects && decl.objects[o] ? decl.objects[o].name : `#${o}`);
  const nameOf = n => (n.type === 'thread' ? (view.names[n.id] || `P${n.id}`) : objName(n.id));
  const text = cycle.map(e => `${view.names[e.pid] || `P${e.pid}`} → ${objName(e.obj)} → ${view.names[e.holder] || `P${e.holder}`}`).join('; ');
  const svg = s('svg', { class: 'wait-cycle', viewBox: `0 0 ${size} ${size}`, role: 'img', 'aria-label': t('race.cycle.title', { text }), 'data-text': lay.nodes.map(nameOf).join(' ') });
  const defs = s('defs', {}, svg);
  const mk = s('marker', { id: `wc-arrow-${cycle[0].pid}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
  s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'wc-head' }, mk);
  s('title', {}, svg).textContent = t('race.cycle.title', { text });
  const R = 30;
  for (const e of lay.edges) {
    const a = lay.nodes[e.from], b = lay.nodes[e.to];
    const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
    const ux = dx / len, uy = dy / len;
    // Bend the arrow outwards a little so opposite arrows of a 2-cycle do not overlap.
    const cx = size / 2, cy = size / 2;
    const mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
    let ox = mx - cx, oy = my - cy;
    const ol = Math.hypot(ox, oy);
    if (ol < 1) { ox = -uy; oy = ux; } else { ox /= ol; oy /= ol; }
    const bend = 26;
    const qx = mx + ox * bend, qy = my + oy * bend;
    const x1 = a.x + ux * R, y1 = a.y + uy * R, x2 = b.x - ux * (R + 4), y2 = b.y - uy * (R + 4);
    const g = s('g', { class: `wc-edge ${e.rel}` }, svg);
    s('path', { d: `M${x1},${y1} Q${qx},${qy} ${x2},${y2}`, 'marker-end': `url(#wc-arrow-${cycle[0].pid})` }, g);
    const lx = (x1 + 2 * qx + x2) / 4 + ox * 12, ly = (y1 + 2 * qy + y2) / 4 + oy * 12;
    const tx = s('text', { x: lx, y: ly + 5, 'text-anchor': 'middle', class: 'wc-label' }, g);
    tx.textContent = t(e.rel === 'waits' ? 'race.cycle.waits' : 'race.cycle.held');
  }
  for (const n of lay.nodes) {
    const g = s('g', { class: `wc-node ${n.type}`, transform: `translate(${n.x},${n.y})` }, svg);
    if (n.type === 'thread') {
      g.setAttribute('data-pid', n.id);
      const c = taskColor(n.id);
      s('circle', { r: R, fill: c.fill }, g);
      const tx = s('text', { y: 7, 'text-anchor': 'middle', fill: c.ink }, g);
      tx.textContent = nameOf(n);
    } else {
      g.setAttribute('data-obj', objName(n.id));
      const ls = lockStyle(n.id);
      s('rect', { x: -R + 4, y: -R + 4, width: 2 * R - 8, height: 2 * R - 8, rx: 6, fill: '#fff', stroke: ls.c, 'stroke-width': 4 }, g);
      s('text', { y: 7, 'text-anchor': 'middle', class: 'lock-name' }, g).textContent = nameOf(n);
    }
  }
  return svg;
}
