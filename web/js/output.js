// output.js: a Go program's output pane (#output in the race lab's side
// column, shown for Go programs only). The server sends the lines printed
// up to a step in each snapshot (output, with output_omitted earlier lines
// left out) and the lines of one step in each events message; fold.js
// keeps them in view.output, so the pane follows stepping forward and
// back alike.
//
// A write need not be a whole line (fmt.Print without a newline), and one
// write may hold several lines: outputRows joins the writes into the lines
// a terminal would show, each made of segments that keep who wrote them.
//
// Hooks: #output-card (hidden unless a Go program is loaded); #output is an
// <ol>, one li.out-line per line with data-pid (the goroutine that began
// it), data-step (the step that ended it, or the last one that wrote to
// it), data-index (its first write's index), class "now" when written in
// the shown step, class "stderr" for standard error (the first row of a
// write carries a .out-err badge) and class "cont" for the later rows of a
// write of several lines (their chip is kept for alignment but hidden);
// a chip names its goroutine, with its TID when several share the name
// ("worker·3"); each segment is a span.out-seg[data-pid] in that goroutine's
// colour; li.out-omitted says how many earlier lines are not shown and
// li.out-none that nothing was printed.
import { t } from './i18n.js';
import { taskColor } from './colors.js';
import { taskTag } from './fold.js';

// outputRows turns output lines ({index, step, pid, text, stderr}, in
// order) into display rows: {segs: [{pid, text, stderr, step, index}],
// pid, step, index, stderr, open}. A newline ends a row; a write without
// one leaves its row open for the next write. Rows never mix stdout and
// stderr: a write to the other stream starts a row of its own.
export function outputRows(lines) {
  const rows = [];
  let cur = null;
  const close = () => { if (cur) { cur.open = false; cur = null; } };
  for (const l of lines || []) {
    const stderr = !!l.stderr;
    if (l.truncated) { // the engine's notice that the output budget is spent: a row of its own
      close();
      rows.push({ segs: [{ pid: l.pid, text: String(l.text ?? '').trimEnd(), stderr, step: l.step, index: l.index }],
        pid: l.pid, step: l.step, index: l.index, stderr, open: false, truncated: true });
      continue;
    }
    if (cur && cur.stderr !== stderr) close();
    const parts = String(l.text ?? '').split('\n');
    parts.forEach((part, k) => {
      const last = k === parts.length - 1;
      if (last && part === '') return; // the text ended with a newline (or was empty)
      if (!cur) {
        cur = { segs: [], pid: l.pid, step: l.step, index: l.index, stderr, open: true };
        rows.push(cur);
      }
      if (part !== '' || !cur.segs.length) cur.segs.push({ pid: l.pid, text: part, stderr, step: l.step, index: l.index });
      cur.step = l.step;
      if (!last) close();
    });
  }
  return rows;
}

// rowWriters lists the goroutines that wrote a row, in order, each once.
export function rowWriters(row) {
  const out = [];
  for (const s of row.segs) if (!out.includes(s.pid)) out.push(s.pid);
  return out;
}

// renderOutput draws view.output into el (an <ol>). atEnd says whether the
// run has ended (the empty pane then says that nothing was printed).
export function renderOutput(el, view, atEnd) {
  const doc = el.ownerDocument;
  const rows = outputRows(view.output);
  const items = [];
  const omitted = view.outputOmitted || 0;
  if (omitted > 0) {
    const li = doc.createElement('li');
    li.className = 'out-omitted';
    li.dataset.omitted = String(omitted);
    li.textContent = t(omitted === 1 ? 'go.output.omitted.one' : 'go.output.omitted', { n: omitted });
    items.push(li);
  }
  if (!rows.length && !omitted) {
    const li = doc.createElement('li');
    li.className = 'out-none';
    li.textContent = t(atEnd ? 'go.output.none.end' : 'go.output.none');
    items.push(li);
  }
  // A name that several goroutines share (one Go function started
  // twice) gets the goroutine's TID: "worker·3".
  const byName = new Map();
  for (const pid of new Set((view.output || []).map(l => l.pid))) {
    const n = (view.names && view.names[pid]) || '';
    byName.set(n, (byName.get(n) || 0) + 1);
  }
  const nameOf = pid => {
    const n = view.names && view.names[pid];
    if (!n) return taskTag(view, pid);
    return byName.get(n) > 1 ? `${n}·${pid}` : n;
  };
  let prev = null;
  for (const row of rows) {
    // A row that goes on with the previous row's write (a write of several
    // lines) keeps the chip's room but shows neither chip nor badge again.
    const cont = !!prev && prev.segs.length > 0 && row.segs.length > 0 && prev.segs[prev.segs.length - 1].index === row.segs[0].index;
    prev = row;
    const li = doc.createElement('li');
    li.className = 'out-line' + (row.stderr ? ' stderr' : '') + (cont ? ' cont' : '') + (row.segs.some(s => s.step === view.step) ? ' now' : '');
    li.dataset.pid = String(row.pid);
    li.dataset.step = String(row.step);
    li.dataset.index = String(row.index);
    const c = taskColor(row.pid);
    li.style.setProperty('--task', c.fill);
    const who = doc.createElement('span');
    who.className = 'out-who';
    for (const pid of rowWriters(row)) {
      const chip = doc.createElement('span');
      const cc = taskColor(pid);
      chip.className = 'out-chip';
      chip.dataset.pid = String(pid);
      chip.style.background = cc.fill;
      chip.style.color = cc.ink;
      chip.textContent = nameOf(pid);
      chip.title = taskTag(view, pid);
      if (cont) chip.setAttribute('aria-hidden', 'true');
      who.append(chip);
    }
    const code = doc.createElement('code');
    code.className = 'out-text';
    for (const s of row.segs) {
      const span = doc.createElement('span');
      span.className = 'out-seg';
      span.dataset.pid = String(s.pid);
      span.style.setProperty('--task', taskColor(s.pid).fill);
      span.textContent = row.truncated ? t('go.output.truncated') : s.text;
      span.title = row.truncated ? s.text : t('go.output.by', { p: nameOf(s.pid), n: s.step });
      code.append(span);
    }
    li.append(who, code);
    if (row.stderr && !cont) {
      const b = doc.createElement('span');
      b.className = 'out-err';
      b.textContent = t('go.output.stderr');
      b.title = t('go.output.stderr.title');
      li.append(b);
    }
    items.push(li);
  }
  el.replaceChildren(...items);
  // The newest line stays in sight, as in a terminal.
  el.scrollTop = el.scrollHeight;
}
