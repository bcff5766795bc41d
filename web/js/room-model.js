// room-model.js: the pure parts of the classroom (issue 13, the room front
// end): reading a typed room code, the room addresses, pacing the
// teacher's state messages, the reconnect delays, the question editor's
// checks, the histogram's rows and which engine questions fit the view
// shown. room.js draws and talks to the server; nothing here touches the
// page, so node --test checks it all.

// CODE_ALPHABET is the room codes' alphabet (the server's): no 0, 1, I, L
// or O, which read alike.
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

// CODE_LENGTH is how many characters a room code has.
export const CODE_LENGTH = 6;

// ROOM_HASH matches a room's page fragment, #room/CODE.
export const ROOM_HASH = /^#room\/([23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6})$/;

// KEY_PREFIX is the localStorage key prefix of a room's teacher key
// (proclab.room.CODE).
export const KEY_PREFIX = 'proclab.room.';

// readCode reads a room code as typed: case, spaces, dashes and dots do
// not matter, and neither does a pasted join link (…/r/CODE or
// …#room/CODE). It answers {ok:true, code} or {ok:false, error} with
// error 'empty', 'short', 'long' or 'letters' (a character outside the
// alphabet; bad lists them, without repeats).
export function readCode(input) {
  let s = String(input ?? '').trim();
  const link = /(?:\/r\/|#room\/)([^/?#\s]+)\/?$/i.exec(s);
  if (link) s = link[1];
  s = s.toUpperCase().replace(/[\s\-._·]/g, '');
  if (!s) return { ok: false, error: 'empty' };
  const bad = [...new Set([...s].filter(c => !CODE_ALPHABET.includes(c)))];
  if (bad.length) return { ok: false, error: 'letters', bad: bad.join(' ') };
  if (s.length < CODE_LENGTH) return { ok: false, error: 'short' };
  if (s.length > CODE_LENGTH) return { ok: false, error: 'long' };
  return { ok: true, code: s };
}

// joinBase chooses the base URL of a room's join link from an answer of
// GET /api/addresses (the Share dialog's, urlstate.js): the teacher's
// --public-url when there is one; else, for a page opened at a loopback
// address (loopback true), the first of the computer's network addresses
// when the server listens on them; else this page's origin. local says
// that the base works on this computer only.
export function joinBase(answer, origin, loopback) {
  const a = answer && typeof answer === 'object' ? answer : {};
  const http = u => typeof u === 'string' && /^https?:\/\/[^/]/i.test(u);
  if (http(a.public)) return { base: a.public, local: false };
  if (loopback) {
    const net = Array.isArray(a.urls) ? a.urls.find(http) : undefined;
    if (net && a.reachable === true) return { base: net, local: false };
    return { base: origin, local: true };
  }
  return { base: origin, local: false };
}

// joinURL is the address a student opens to join room code: base (see
// joinBase), then /r/CODE.
export function joinURL(base, code) {
  return `${String(base).replace(/\/+$/, '')}/r/${code}`;
}

// qrURL is the address of the QR code image of text (GET /api/qr).
export function qrURL(text, format) {
  return `/api/qr?text=${encodeURIComponent(text)}${format === 'png' ? '&format=png' : ''}`;
}

// STATE_INTERVAL is the shortest time between two state messages of the
// teacher, in milliseconds (at most 20 a second).
export const STATE_INTERVAL = 50;

// realClock is the page's clock, for createPacer.
const realClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: id => clearTimeout(id),
};

// createPacer sends values through send at most once per interval ms: a
// value offered sooner waits, and a newer offer replaces it, so the last
// value offered is always sent. A value equal to the last one sent is not
// sent again (reset forgets it, as after a reconnect). clock is
// {now(), setTimeout(fn, ms), clearTimeout(id)} (tests give their own).
// Single-threaded: call from the page's event loop only.
export function createPacer(send, interval = STATE_INTERVAL, clock = realClock) {
  let lastAt = -Infinity;
  let lastSent;
  let waiting; // {value} while a value waits for its turn
  let timer = 0;
  const flush = () => {
    timer = 0;
    if (!waiting) return;
    const { value } = waiting;
    waiting = undefined;
    if (value === lastSent) return;
    lastSent = value;
    lastAt = clock.now();
    send(value);
  };
  return {
    offer(value) {
      waiting = { value };
      if (timer) return;
      const wait = lastAt + interval - clock.now();
      if (wait <= 0) flush();
      else timer = clock.setTimeout(flush, wait);
    },
    reset() {
      lastSent = undefined;
      lastAt = -Infinity;
    },
    cancel() {
      if (timer) clock.clearTimeout(timer);
      timer = 0;
      waiting = undefined;
    },
  };
}

// Reconnect delays of the room socket, in milliseconds: 0.5 s doubling up
// to 8 s, with up to a quarter more at random so that a class whose
// server restarted does not come back all at once.
export const ROOM_RETRY_MIN = 500, ROOM_RETRY_MAX = 8000;

// roomRetryDelay is the wait before reconnect attempt number attempt (0
// first); rand is a number in [0, 1).
export function roomRetryDelay(attempt, rand = 0) {
  const n = Number.isInteger(attempt) && attempt > 0 ? Math.min(attempt, 8) : 0;
  const base = Math.min(ROOM_RETRY_MAX, ROOM_RETRY_MIN * 2 ** n);
  return Math.round(base * (1 + Math.max(0, Math.min(1, rand)) / 4));
}

// PING_EVERY is how often (ms) the page pings its room socket.
export const PING_EVERY = 30000;

// FATAL_ERRORS are the room errors of a join after which the page leaves
// the room (no reconnect): the room is gone, full, refuses the teacher
// key, or the server keeps no rooms.
export const FATAL_ERRORS = new Set(['room_not_found', 'room_full', 'bad_key', 'links_off']);

// Limits of the free question editor (the server checks them again).
export const MAX_OPTIONS = 8, MIN_OPTIONS = 2;
export const MAX_PROMPT = 500, MAX_OPTION = 200; // characters

// freeQuestion checks the free multiple-choice editor's fields ({prompt,
// options: [text], answer: [index]}) and answers {ok:true, question} (the
// ask message's question: each text as {en, zh}, the same text in both
// since the teacher typed it in one language; empty options dropped and
// the answer renumbered) or {ok:false, errors: [key...]} with i18n keys.
export function freeQuestion(fields) {
  const f = fields || {};
  const prompt = String(f.prompt ?? '').trim();
  const errors = [];
  if (!prompt) errors.push('room.q.err.prompt');
  else if (prompt.length > MAX_PROMPT) errors.push('room.q.err.prompt_long');
  const rows = (Array.isArray(f.options) ? f.options : []).slice(0, MAX_OPTIONS).map((s, i) => ({ text: String(s ?? '').trim(), i }));
  const kept = rows.filter(r => r.text);
  if (kept.length < MIN_OPTIONS) errors.push('room.q.err.options');
  if (kept.some(r => r.text.length > MAX_OPTION)) errors.push('room.q.err.option_long');
  const ticked = new Set((Array.isArray(f.answer) ? f.answer : []).filter(Number.isInteger));
  const answer = kept.map((r, j) => (ticked.has(r.i) ? j : -1)).filter(j => j >= 0);
  if (!answer.length) errors.push('room.q.err.answer');
  if (errors.length) return { ok: false, errors };
  const both = s => ({ en: s, zh: s });
  return { ok: true, question: { prompt: both(prompt), options: kept.map(r => both(r.text)), answer, multi: answer.length > 1 } };
}

// histogram is the rows of the live histogram: for each option its count
// and its share of the voters in whole percent (0 with no voters), and
// max, the largest count (bars are drawn relative to it).
export function histogram(counts, voters, n) {
  const len = Number.isInteger(n) && n > 0 ? n : Array.isArray(counts) ? counts.length : 0;
  const rows = [];
  let max = 0;
  const total = Number.isInteger(voters) && voters > 0 ? voters : 0;
  for (let i = 0; i < len; i++) {
    const c = Array.isArray(counts) && Number.isInteger(counts[i]) && counts[i] > 0 ? counts[i] : 0;
    max = Math.max(max, c);
    rows.push({ count: c, pct: total ? Math.round((100 * c) / total) : 0 });
  }
  return { rows, max, voters: total };
}

// votesLine is the line under the histogram: how many answered, as i18n
// keys with their parameters. The teacher is also told when the answers
// outnumber the students in the room now (following or exploring alone):
// a vote is one per follower token, and a token is not a person (a new
// tab or browser joins again with a new one), so a class that answers
// twice shows it. (A student who answered and left counts too.)
export function votesLine(voters, here, teacher) {
  const n = Number.isInteger(voters) && voters > 0 ? voters : 0;
  const parts = [{ key: n === 1 ? 'room.q.votes.one' : 'room.q.votes', params: { n } }];
  const m = Number.isInteger(here) && here > 0 ? here : 0;
  if (teacher && n > m) parts.push({ key: 'room.q.votes.more', params: { m } });
  return parts;
}

// ENGINE_KINDS are the kinds of the engine's questions, which are asked
// at a step of a run and reveal at one (a typed question names no step).
export const ENGINE_KINDS = new Set(['next_state', 'next_run', 'outcomes', 'data_race', 'avg_wait']);

// judge says how a student's answer (the choices sent, or none) fares
// against a revealed answer: 'none' (no answer sent), 'poll' (a question
// without a right answer), 'right' (exactly the right options) or
// 'wrong'. Each is the i18n key room.q.you.<result>.
export function judge(mine, answer) {
  const m = new Set(Array.isArray(mine) ? mine.filter(Number.isInteger) : []);
  const a = new Set(Array.isArray(answer) ? answer.filter(Number.isInteger) : []);
  if (!m.size) return 'none';
  if (!a.size) return 'poll';
  return m.size === a.size && [...m].every(i => a.has(i)) ? 'right' : 'wrong';
}

// optionLetter names option i: A, B, C, ...
export const optionLetter = i => String.fromCharCode(65 + i);

// askKinds lists the engine questions that fit what the teacher shows:
// view is {name: 'proc'|'sched'|'live', loaded: bool, race: bool (the run
// has threads, shared variables or locks), tasks: the live tasks (a list
// or their number),
// atEnd: bool (the run's last step is shown), schedReady: bool}. The free
// question fits anywhere and is not listed.
export function askKinds(view) {
  const v = view || {};
  if (v.name === 'sched') return v.schedReady ? ['avg_wait'] : [];
  if (v.name !== 'proc' || !v.loaded) return [];
  const out = [];
  const tasks = Array.isArray(v.tasks) ? v.tasks.length : v.tasks;
  if (!v.atEnd && tasks > 0) out.push('next_state');
  if (!v.atEnd) out.push('next_run');
  if (v.race) out.push('outcomes', 'data_race');
  return out;
}

// followerText chooses the i18n key and params of the teacher's follower
// count: how many follow and how many explore alone.
export function followerText(followers, detached) {
  const f = Number.isInteger(followers) && followers > 0 ? followers : 0;
  const d = Number.isInteger(detached) && detached > 0 ? detached : 0;
  if (!f && !d) return { key: 'room.count.none', params: {} };
  if (!d) return { key: f === 1 ? 'room.count.one' : 'room.count', params: { n: f } };
  return { key: 'room.count.alone', params: { n: f, m: d } };
}

// linkHash is a state message's link (a fragment without '#') as the
// page fragment to open.
export function linkHash(link) {
  const s = String(link ?? '');
  return s.startsWith('#') ? s : `#${s}`;
}
