// room-ask.js: the teacher's Ask dialog (issue 13, the room front end):
// the engine questions that fit the view shown (room-model.js askKinds),
// with a task picker for "which state next" and a policy picker for the
// average waiting time, and "Your own question", a free multiple-choice
// editor (a prompt, two to eight options, the right ones ticked). The
// engine writes its questions' options and answers; the page only names
// the kind and the run.
//
// Hooks for browser tests: #room-ask-dialog; #room-ask-kinds holds one
// input[name=room-kind] per kind (value: the kind, "free" for the
// teacher's own); #room-ask-task, #room-ask-policy; #room-ask-prompt;
// #room-ask-options with one li per option (input.rq-right checkbox,
// input.rq-opt text); #room-ask-add; #room-ask-error; #room-ask-send.
import { t } from './i18n.js';
import './i18n-room.js'; // the classroom's strings, loaded with it (issue 14, part 6)
import { askKinds, freeQuestion, MAX_OPTIONS, optionLetter } from './room-model.js';

const $ = id => document.getElementById(id);
const FIRST_OPTIONS = 4; // option rows a new question starts with

// createAsk wires the Ask dialog. deps: view() (room.js's view hook),
// policies() (policy ids), send(spec) -> bool (spec: {kind:'free',
// question} or {kind, pid?, policy?}; false when it could not be sent),
// busy() (a question is open and not revealed).
export function createAsk(deps) {
  // The kind ticked: at first the first of the engine's questions for the
  // run shown (its own question otherwise), then the teacher's last choice.
  let kind = null;
  let optionCount = FIRST_OPTIONS;

  function kinds() {
    return [...askKinds(deps.view()), 'free'];
  }

  function drawKinds() {
    const box = $('room-ask-kinds');
    const list = kinds();
    if (!list.includes(kind)) kind = list[0];
    box.replaceChildren(...list.map(k => {
      const lab = document.createElement('label');
      lab.className = 'ra-kind';
      const inp = document.createElement('input');
      inp.type = 'radio';
      inp.name = 'room-kind';
      inp.value = k;
      inp.checked = k === kind;
      inp.addEventListener('change', () => { kind = k; drawFields(); });
      const span = document.createElement('span');
      span.textContent = t(`room.ask.${k}`);
      lab.append(inp, span);
      return lab;
    }));
    $('room-ask-none').textContent = list.length === 1 ? t('room.ask.none') : '';
  }

  function drawTasks() {
    const sel = $('room-ask-task');
    const was = sel.value;
    const tasks = (deps.view().tasks || []).slice(0, 64);
    // First, and chosen at first, pid 0: the engine asks about the task
    // whose change in the next step teaches most (a fixed first task,
    // init, made "which state will P1 be in? stays S").
    sel.replaceChildren(new Option(t('room.ask.task.auto'), '0'), ...tasks.map(x => new Option(x.name, String(x.pid))));
    sel.value = tasks.some(x => String(x.pid) === was) ? was : '0';
  }

  function drawPolicies() {
    const sel = $('room-ask-policy');
    const was = sel.value || deps.view().policy || '';
    const list = deps.policies();
    sel.replaceChildren(...list.map(p => new Option(p.toUpperCase(), p)));
    if (list.includes(was)) sel.value = was;
  }

  function drawOptions() {
    const ol = $('room-ask-options');
    const keep = [...ol.querySelectorAll('li')].map(li => ({ text: li.querySelector('.rq-opt').value, right: li.querySelector('.rq-right').checked }));
    const rows = [];
    for (let i = 0; i < optionCount; i++) {
      const li = document.createElement('li');
      const right = document.createElement('input');
      right.type = 'checkbox';
      right.className = 'rq-right';
      right.checked = !!(keep[i] && keep[i].right);
      right.setAttribute('aria-label', `${t('room.q.option', { l: optionLetter(i) })}: ${t('room.q.right')}`);
      right.title = t('room.q.right');
      const letter = document.createElement('span');
      letter.className = 'rq-letter';
      letter.textContent = optionLetter(i);
      letter.setAttribute('aria-hidden', 'true');
      const text = document.createElement('input');
      text.type = 'text';
      text.className = 'rq-opt';
      text.maxLength = 200;
      text.value = keep[i] ? keep[i].text : '';
      text.setAttribute('aria-label', t('room.q.option', { l: optionLetter(i) }));
      li.append(right, letter, text);
      rows.push(li);
    }
    ol.replaceChildren(...rows);
    $('room-ask-add').hidden = optionCount >= MAX_OPTIONS;
  }

  function drawFields() {
    $('room-ask-task-row').hidden = kind !== 'next_state';
    $('room-ask-policy-row').hidden = kind !== 'avg_wait';
    $('room-ask-free').hidden = kind !== 'free';
    $('room-ask-error').textContent = '';
    if (kind === 'next_state') drawTasks();
    if (kind === 'avg_wait') drawPolicies();
  }

  function open() {
    const dlg = $('room-ask-dialog');
    drawKinds();
    drawFields();
    drawOptions();
    $('room-ask-error').textContent = deps.busy() ? t('room.ask.busy') : '';
    if (!dlg.open) dlg.showModal();
    const first = dlg.querySelector('input[name="room-kind"]:checked');
    if (first) first.focus();
  }

  function submit() {
    const err = $('room-ask-error');
    let spec;
    if (kind === 'free') {
      const rows = [...$('room-ask-options').querySelectorAll('li')];
      const r = freeQuestion({
        prompt: $('room-ask-prompt').value,
        options: rows.map(li => li.querySelector('.rq-opt').value),
        answer: rows.map((li, i) => (li.querySelector('.rq-right').checked ? i : -1)).filter(i => i >= 0),
      });
      if (!r.ok) { err.textContent = r.errors.map(k => t(k)).join(' '); return; }
      spec = { kind: 'free', question: r.question };
    } else if (kind === 'next_state') {
      const pid = Number($('room-ask-task').value);
      spec = { kind, pid: Number.isInteger(pid) ? pid : undefined };
    } else if (kind === 'avg_wait') {
      spec = { kind, policy: $('room-ask-policy').value };
    } else {
      spec = { kind };
    }
    if (!deps.send(spec)) { err.textContent = t('room.reconnecting'); return; }
    if (kind === 'free') {
      $('room-ask-prompt').value = '';
      for (const i of $('room-ask-options').querySelectorAll('input')) { if (i.type === 'checkbox') i.checked = false; else i.value = ''; }
      optionCount = FIRST_OPTIONS;
    }
    $('room-ask-dialog').close();
  }

  $('room-ask-add').addEventListener('click', () => {
    if (optionCount >= MAX_OPTIONS) return;
    optionCount++;
    drawOptions();
    const last = $('room-ask-options').querySelector('li:last-child .rq-opt');
    if (last) last.focus();
  });
  $('room-ask-form').addEventListener('submit', e => {
    if (e.submitter && e.submitter.value === 'cancel') return;
    e.preventDefault();
    submit();
  });

  return {
    open,
    close() { const d = $('room-ask-dialog'); if (d.open) d.close(); },
    relabel() {
      if (!$('room-ask-dialog').open) return;
      drawKinds();
      drawFields();
      drawOptions();
    },
  };
}
