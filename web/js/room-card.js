// room-card.js: the question card of a room (issue 13, the room front end):
// the question, its options, and the live histogram of the answers on the
// teacher's screen, a student's choice and the "Answer sent" note, and
// after the reveal the right options marked on every screen with the
// student's own and the engine's explanation. room.js owns the state and
// the socket; this draws it (see room.js for the hooks' names).
import { t, pick } from './i18n.js';
import './i18n-room.js'; // the classroom's strings, loaded with it (issue 14, part 6)
import { histogram, optionLetter, judge, votesLine, ENGINE_KINDS } from './room-model.js';

const $ = id => document.getElementById(id);

// drawCard draws the card (#room-q) and its folded button (#room-q-pill)
// from room.js's state st: {role, q, voted, mine, reveal, tally, qHidden,
// openedAt}. It keeps what a student ticked and has not sent yet.
export function drawCard(st) {
  const card = $('room-q');
  const q = st.q;
  const pill = $('room-q-pill');
  pill.hidden = !(q && st.role && st.qHidden);
  pill.textContent = t(st.reveal ? 'room.q.revealed' : 'room.q.title');
  if (!q || !st.role || st.qHidden) { card.hidden = true; delete card.dataset.qid; return; }
  card.hidden = false;
  const teacher = st.role === 'teacher';
  const revealed = !!st.reveal;
  card.dataset.qid = String(q.id);
  card.dataset.openedAt = String(st.openedAt || 0);
  if (revealed && st.reveal.step !== null) card.dataset.revealStep = String(st.reveal.step); else delete card.dataset.revealStep;
  card.dataset.role = st.role;
  card.dataset.state = revealed ? 'revealed' : st.voted ? 'voted' : 'open';
  card.dataset.poll = revealed && !st.reveal.answer.length ? '1' : '0'; // no right answer to mark
  $('room-q-title').textContent = t(revealed ? 'room.q.revealed' : 'room.q.title');
  $('room-q-at').textContent = q.step !== null && ENGINE_KINDS.has(q.kind) ? t('room.q.at', { n: q.step }) : '';
  $('room-q-prompt').textContent = pick(q.prompt);
  $('room-q-how').textContent = teacher || revealed || st.voted ? '' : t(q.multi ? 'room.q.multi' : 'room.q.single');
  const counts = revealed ? st.reveal.counts : st.tally ? st.tally.counts : null;
  const voters = revealed ? st.reveal.voters : st.tally ? st.tally.voters : 0;
  const hist = histogram(counts, voters, q.options.length);
  const showBars = teacher || revealed;
  const right = new Set(revealed ? st.reveal.answer : []);
  const mine = new Set(st.mine || []);
  const list = $('room-q-options');
  // Keep a student's ticks while the teacher's tallies redraw nothing of theirs.
  const ticked = new Set([...list.querySelectorAll('input:checked')].map(i => Number(i.value)));
  const sameQ = list.dataset.qid === String(q.id);
  list.dataset.qid = String(q.id);
  list.classList.toggle('bars', showBars);
  list.replaceChildren(...q.options.map((o, i) => {
    const li = document.createElement('li');
    li.dataset.index = String(i);
    const row = hist.rows[i];
    if (right.has(i)) li.classList.add('right');
    if (mine.has(i) && !teacher) li.classList.add('mine');
    const letter = document.createElement('span');
    letter.className = 'rq-letter';
    letter.textContent = optionLetter(i);
    letter.setAttribute('aria-hidden', 'true');
    const text = document.createElement('span');
    text.className = 'rq-text';
    text.textContent = pick(o);
    if (!teacher && !revealed) {
      const lab = document.createElement('label');
      const inp = document.createElement('input');
      inp.type = q.multi ? 'checkbox' : 'radio';
      inp.name = 'room-q-choice';
      inp.value = String(i);
      inp.disabled = st.voted;
      inp.checked = st.voted ? mine.has(i) : sameQ && ticked.has(i);
      inp.addEventListener('change', () => { $('room-q-send').disabled = st.voted || !list.querySelector('input:checked'); });
      lab.append(inp, letter, text);
      li.append(lab);
    } else {
      li.append(letter, text);
    }
    const tags = document.createElement('span');
    tags.className = 'rq-tags';
    if (right.has(i)) tags.append(tag('right', `✓ ${t('room.q.right.mark')}`));
    if (mine.has(i) && !teacher) tags.append(tag('mine', t('room.q.yours')));
    if (tags.childElementCount) li.append(tags);
    if (showBars) {
      li.dataset.count = String(row.count);
      li.dataset.pct = String(row.pct);
      const bar = document.createElement('span');
      bar.className = 'rq-bar';
      bar.setAttribute('aria-hidden', 'true');
      const fill = document.createElement('span');
      fill.className = 'rq-fill';
      fill.style.width = `${hist.max ? Math.round((100 * row.count) / hist.max) : 0}%`;
      bar.append(fill);
      const num = document.createElement('span');
      num.className = 'rq-num';
      num.textContent = `${row.count} · ${row.pct}%`;
      num.setAttribute('aria-hidden', 'true');
      const sr = document.createElement('span');
      sr.className = 'sr-only';
      sr.textContent = t('room.q.bar', { l: optionLetter(i), n: row.count, p: row.pct });
      li.append(bar, num, sr);
    }
    return li;
  }));
  const votes = $('room-q-votes');
  votes.hidden = !showBars;
  votes.dataset.voters = String(hist.voters);
  const line = votesLine(hist.voters, (st.followers | 0) + (st.alone | 0), teacher);
  votes.textContent = line.map(p => t(p.key, p.params)).join(' · ');
  votes.classList.toggle('more', line.length > 1);
  const send = $('room-q-send');
  send.hidden = teacher || revealed || st.voted;
  send.disabled = !list.querySelector('input:checked');
  $('room-q-reveal').hidden = !teacher || revealed;
  $('room-q-hide').hidden = false;
  const note = $('room-q-note');
  let noteText = '';
  if (!teacher && revealed) {
    const result = judge(st.mine, st.reveal.answer);
    noteText = t(`room.q.you.${result}`);
    note.dataset.result = result;
  } else if (!teacher && st.voted) {
    noteText = t('room.q.sent.wait');
    delete note.dataset.result;
  } else delete note.dataset.result;
  note.textContent = noteText;
  const ex = $('room-q-explain');
  const exText = revealed ? pick(st.reveal.explain) : '';
  ex.textContent = exText;
  ex.hidden = !exText;
}

function tag(kind, text) {
  const s = document.createElement('span');
  s.className = `rq-tag ${kind}`;
  s.textContent = text;
  return s;
}
