// code.js: the program panes. Each program of the scenario with its line
// numbers; every live task shows a marker in its colour ("P2") on the line
// it is at, and the line a running task executes is highlighted.
import { t } from './i18n.js';
import { taskColor } from './colors.js';

const LIVE = new Set(['runnable', 'running', 'sleeping', 'disk', 'stopped', 'traced']);

// renderCode redraws container for the programs and the view's tasks.
export function renderCode(container, programs, view) {
  const doc = container.ownerDocument;
  if (!programs || !programs.length) {
    const p = doc.createElement('p');
    p.className = 'muted';
    p.textContent = t('code.none');
    container.replaceChildren(p);
    return;
  }
  const at = new Map(); // "prog:line" -> [task]
  for (const task of view.tasks) {
    if (!LIVE.has(task.state) || !task.line || task.program < 0) continue;
    const k = `${task.program}:${task.line}`;
    if (!at.has(k)) at.set(k, []);
    at.get(k).push(task);
  }
  const frag = doc.createDocumentFragment();
  programs.forEach((prog, i) => {
    const box = doc.createElement('div');
    box.className = 'prog';
    box.dataset.program = String(i);
    const head = doc.createElement('div');
    head.className = 'prog-head';
    const nm = doc.createElement('span');
    nm.className = 'prog-name';
    nm.textContent = prog.name;
    head.append(nm);
    for (const task of view.tasks.filter(x => x.program === i && LIVE.has(x.state))) {
      head.append(chip(doc, task));
    }
    box.append(head);
    const ol = doc.createElement('ol');
    ol.className = 'lines';
    for (const ln of prog.code || []) {
      const li = doc.createElement('li');
      li.dataset.line = String(ln.line);
      const no = doc.createElement('span');
      no.className = 'ln';
      no.textContent = String(ln.line);
      const tx = doc.createElement('code');
      tx.textContent = ln.text.replace(/^\s{0,4}/, '');
      const marks = doc.createElement('span');
      marks.className = 'marks';
      const here = at.get(`${i}:${ln.line}`) || [];
      for (const task of here) {
        const c = chip(doc, task);
        c.title = t('code.at', { p: `P${task.pid}` });
        marks.append(c);
      }
      if (here.length) li.classList.add('at');
      if (here.some(x => x.state === 'running')) {
        li.classList.add('running');
        li.style.setProperty('--task', taskColor(here.find(x => x.state === 'running').pid).fill);
      }
      li.append(no, tx, marks);
      ol.append(li);
    }
    box.append(ol);
    frag.append(box);
  });
  container.replaceChildren(frag);
}

function chip(doc, task) {
  const c = taskColor(task.pid);
  const s = doc.createElement('span');
  s.className = 'chip' + (task.state === 'running' ? ' on' : '');
  s.dataset.task = String(task.pid);
  s.style.background = c.fill;
  s.style.color = c.ink;
  s.textContent = `P${task.pid}`;
  return s;
}
