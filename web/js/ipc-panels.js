// ipc-panels.js: draws the shared memory card (#shm-card) and the sockets
// card (#sock-card) of the simulated run from the view (ipc-model.js gives
// the rows). The cards are shown only when the scenario has segments or
// sockets. Each card is redrawn whole at every step.
import { t } from './i18n.js';
import { segmentRows, socketRows } from './ipc-model.js';

function el(doc, tag, cls, text) {
  const e = doc.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// chip is a task as a small coloured token: P3.
function chip(doc, pid, colorOf) {
  const c = el(doc, 'span', 'ipc-chip', `P${pid}`);
  const col = colorOf(pid);
  if (col) c.style.borderColor = col;
  return c;
}

// renderShm draws the segments into box; it returns whether there is any.
export function renderShm(box, view, decl, colorOf) {
  const doc = box.ownerDocument;
  const rows = segmentRows(view, decl);
  const frag = doc.createDocumentFragment();
  for (const s of rows) {
    const card = el(doc, 'div', 'ipc-seg');
    card.dataset.name = s.name;
    card.append(el(doc, 'div', 'ipc-name', s.name));
    const vars = el(doc, 'div', 'ipc-row');
    vars.append(el(doc, 'span', 'ipc-lbl', t('ipc.shm.vars')));
    for (const v of s.vars) {
      const cell = el(doc, 'span', 'ipc-var');
      cell.append(el(doc, 'span', 'ipc-vname', v.name), el(doc, 'b', 'ipc-vval', String(v.value)));
      vars.append(cell);
    }
    card.append(vars);
    for (const sem of s.sems) {
      const r = el(doc, 'div', 'ipc-row ipc-sem');
      r.dataset.count = String(sem.count);
      r.append(el(doc, 'span', 'ipc-val', t('ipc.shm.sem', { name: sem.name, n: sem.count })));
      if (sem.waiters.length) {
        r.append(el(doc, 'span', 'ipc-sleep', t('ipc.shm.sleeping', { list: sem.waiters.map(p => `P${p}`).join(' ← '), wchan: s.wchan })));
      }
      card.append(r);
    }
    const att = el(doc, 'div', 'ipc-row ipc-attached');
    att.append(el(doc, 'span', 'ipc-lbl', t('ipc.shm.attached')));
    if (s.attached.length) for (const pid of s.attached) att.append(chip(doc, pid, colorOf));
    else att.append(el(doc, 'span', 'ipc-none', t('ipc.shm.nobody')));
    card.append(att);
    frag.append(card);
  }
  box.replaceChildren(frag);
  return rows.length > 0;
}

// renderSockets draws the sockets that exist into box; it returns whether
// the scenario has any socket at all (made yet or not).
export function renderSockets(box, view, colorOf) {
  const doc = box.ownerDocument;
  const all = (view && view.ipc && view.ipc.sockets) || [];
  const rows = socketRows(view);
  const frag = doc.createDocumentFragment();
  for (const s of rows) {
    const card = el(doc, 'div', `ipc-sock st-${s.state}`);
    card.dataset.name = s.name;
    card.dataset.state = s.state;
    const head = el(doc, 'div', 'ipc-head');
    head.append(el(doc, 'span', 'ipc-name', s.name), el(doc, 'span', `ipc-state st-${s.state}`, t(`ipc.sock.state.${s.state}`)));
    card.append(head, el(doc, 'code', 'ipc-call', s.call));
    const facts = [];
    if (s.accepted) facts.push(t('ipc.sock.accepted', { name: s.accepted }));
    if (s.peer) facts.push(t('ipc.sock.peer', { name: s.peer }));
    if (facts.length) card.append(el(doc, 'div', 'ipc-row ipc-muted', facts.join(' · ')));
    if (s.listening) {
      const q = el(doc, 'div', 'ipc-row ipc-acceptq');
      q.dataset.len = String(s.acceptQ.length);
      q.append(el(doc, 'span', 'ipc-lbl', s.acceptQ.length ? t('ipc.sock.acceptq', { n: s.acceptQ.length, max: s.backlog + 1 }) : t('ipc.sock.acceptq.empty', { max: s.backlog + 1 })));
      for (const c of s.acceptQ) q.append(el(doc, 'span', 'ipc-msg', c));
      card.append(q);
    } else if (s.state !== 'closed') {
      const q = el(doc, 'div', 'ipc-row ipc-rx');
      q.dataset.bytes = String(s.rxBytes);
      let lbl;
      if (s.type === 'stream') lbl = t('ipc.sock.stream', { bytes: s.rxBytes, cap: s.rcvbuf });
      else if (s.qlen) lbl = t('ipc.sock.unixq', { n: s.rx.length, max: s.qlen + 1 });
      else lbl = t(s.rx.length === 1 ? 'ipc.sock.dgram.one' : 'ipc.sock.dgram', { n: s.rx.length, bytes: s.rxBytes, cap: s.rcvbuf });
      q.append(el(doc, 'span', 'ipc-lbl', lbl));
      // A stream's bytes are one run (the sends merge); datagrams stay apart.
      const bar = el(doc, 'span', s.type === 'stream' ? 'ipc-bytes stream' : 'ipc-bytes');
      s.rx.forEach((n, k) => {
        const m = el(doc, 'span', 'ipc-msg', `${n} B`);
        m.title = t('ipc.sock.from', { name: s.rxFrom[k] || '?' });
        bar.append(m);
      });
      if (s.rx.length) q.append(bar);
      card.append(q);
    }
    if (s.early.length) card.append(el(doc, 'div', 'ipc-row ipc-muted', t('ipc.sock.early', { bytes: s.early.reduce((a, b) => a + b, 0) })));
    if (s.eof) card.append(el(doc, 'div', 'ipc-row ipc-muted', t('ipc.sock.eof')));
    if (s.drops) card.append(el(doc, 'div', 'ipc-row ipc-drops', t('ipc.sock.drops', { n: s.drops })));
    for (const w of s.sleepers) {
      const r = el(doc, 'div', 'ipc-row ipc-sleeper');
      r.append(chip(doc, w.pid, colorOf), el(doc, 'span', 'ipc-sleep', t('ipc.sock.sleeper', { p: `P${w.pid}`, wchan: w.wchan })));
      card.append(r);
    }
    card.append(el(doc, 'div', 'ipc-row ipc-counts', t('ipc.sock.counts', { s: s.sent, r: s.received })));
    frag.append(card);
  }
  // Before the first socket() the card says so rather than stand empty.
  if (!rows.length && all.length) frag.append(el(doc, 'p', 'ipc-none', t('ipc.sock.none', { n: all.length })));
  box.replaceChildren(frag);
  return all.length > 0;
}
