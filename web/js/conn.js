// conn.js: the pure parts of the connection logic: how long to wait before
// the next reconnect and when to stop trying, which `load` brings the view
// back after one, how to read the lesson list (from /api/lessons or the
// websocket's hello), and when a page leaves and comes back (onPageLeave).
import { loadMessage, loadedState } from './share.js';

// Reconnect delays, in milliseconds: 1 s, 2 s, 4 s, then every 5 s.
export const RETRY_MIN = 1000, RETRY_MAX = 5000;

// retryDelay is the wait before reconnect attempt number `attempt` (0 is
// the first attempt after a failure).
export function retryDelay(attempt) {
  const n = Number.isInteger(attempt) && attempt > 0 ? Math.min(attempt, 16) : 0;
  return Math.min(RETRY_MAX, RETRY_MIN * 2 ** n);
}

// GIVE_UP_AFTER is how many closes in a row with the same code and reason,
// without a hello in between, make the page stop reconnecting (it then
// says why and offers a retry button).
export const GIVE_UP_AFTER = 5;

// LEAVE_REASON is the close reason of a socket the page closes as it is
// hidden (onPageLeave): the server ends that client's session (and a live
// session's processes) at once instead of serving a page nobody sees.
export const LEAVE_REASON = 'page hidden';

// onPageLeave calls leave when the page is hidden for good or put into the
// back/forward cache (pagehide), and back when a page from that cache is
// shown again (pageshow, persisted). A page in that cache is frozen, but
// its sockets stay open: the server kept its session (a run's memory, a
// live lab's real processes, a room seat) and, if it was playing, went on
// sending steps nobody read, until the browser evicted the page, minutes
// later. So each socket's owner closes its socket on leave, quietly (no
// banner, no reconnect), and opens a new one on back: the same as after a
// dropped connection, without the wait. target is the window (a test may
// pass its own EventTarget).
export function onPageLeave(leave, back, target = globalThis) {
  target.addEventListener('pagehide', () => leave());
  target.addEventListener('pageshow', ev => { if (ev && ev.persisted) back(); });
}

// STATUS_TOO_BIG is the websocket close status for a message over the
// server's size limit (RFC 6455, 1009).
export const STATUS_TOO_BIG = 1009;

// retryStart is the reconnect state of a fresh page or after a hello:
// {attempt, same, last} (attempts so far; closes in a row alike; the last
// close's key).
export function retryStart() {
  return { attempt: 0, same: 0, last: null };
}

// closeKey names a close for comparing failures: its code and reason.
export function closeKey(close) {
  const c = close || {};
  return `${Number.isInteger(c.code) ? c.code : 0}:${typeof c.reason === 'string' ? c.reason : ''}`;
}

// afterClose decides what to do after the socket closed ({code, reason}):
// {state, stop:false, delay} (reconnect after delay ms) or {state,
// stop:true, same} (give up: the same close came GIVE_UP_AFTER times in a
// row without a hello).
export function afterClose(st, close) {
  const key = closeKey(close);
  const prev = st || retryStart();
  const same = prev.last === key ? prev.same + 1 : 1;
  const state = { attempt: prev.attempt + 1, same, last: key };
  if (same >= GIVE_UP_AFTER) return { state, stop: true, same };
  return { state, stop: false, delay: retryDelay(prev.attempt) };
}

// Error codes that mean the server refused a `load`: the request is
// dropped rather than re-sent after a reconnect.
export const LOAD_ERRORS = new Set(['parse', 'unknown_lesson', 'too_large', 'bad_field']);

// resumeMessage is the `load` to send on a fresh connection so that the view
// comes back where it was: a load still waiting for its answer wins; else
// the loaded scenario (a `loaded` message) at the shown step; else nothing.
export function resumeMessage(pending, loaded, step) {
  if (pending) return pending;
  if (!loaded) return null;
  return loadMessage(loadedState(loaded, step));
}

// normalizeLessons keeps the well-formed entries of a lesson list:
// [{id, title: {en, zh}, topic}]; anything else becomes [].
export function normalizeLessons(list) {
  if (!Array.isArray(list)) return [];
  const out = [];
  const seen = new Set();
  for (const l of list) {
    if (!l || typeof l !== 'object' || typeof l.id !== 'string' || !l.id || seen.has(l.id)) continue;
    seen.add(l.id);
    const title = l.title && typeof l.title === 'object' ? { en: String(l.title.en || ''), zh: String(l.title.zh || '') }
      : typeof l.title === 'string' ? { en: l.title, zh: l.title } : { en: '', zh: '' };
    const topic = ['processes', 'scheduling', 'races'].includes(l.topic) ? l.topic : 'processes';
    const lesson = { id: l.id, title, topic };
    if (l.lang === 'go') lesson.lang = 'go'; // a Go lesson: a Go program, not a scenario
    out.push(lesson);
  }
  return out;
}
