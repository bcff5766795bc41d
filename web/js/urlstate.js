// urlstate.js: the address is the state (issue 12, part 4). What the page
// shows is always in its address, so that a reload, back/forward and a
// bookmark return to the same place:
//   - the process view: the share link of the run shown (lesson or
//     scenario, seed, choices, picker, the step, the Picture/Go tab), or
//     no fragment on the welcome page;
//   - the scheduling view: its share link (workload, mode, policy,
//     compared policies, manual choices, time);
//   - the live lab: #live or #live/ID;
//   - the language, always: ?lang=en or ?lang=zh-CN (share links carry it
//     too, as field g).
// A "place" is what a history entry stands for: the welcome, one run of
// the process view, the scheduling view, the live lab or one live lesson.
// Moving to another place pushes a history entry (pushState); anything
// else (a step, a choice, the language, a scheduling setting) replaces the
// entry (replaceState). Back and forward come back as popstate, which the
// page answers by restoring the place and its details without reloading.
//
// It also holds what the Share dialog needs when the page was opened at a
// loopback address (127.0.0.1, localhost, ::1): such a link works on this
// computer only, so the dialog offers it at the addresses GET
// /api/addresses names (the teacher's --public-url first).
import { loadMessage } from './share.js';

// ---- places and addresses -------------------------------------------------------

// runKey identifies a run of the process view by what its load sends
// except the step: two states with the same key are one run, and moving
// between them is a seek, not a new load.
export function runKey(st) {
  const m = loadMessage({ ...st, step: 0, semantics: undefined });
  delete m.v;
  delete m.type;
  return JSON.stringify(m);
}

// placeOfRun is the place of a process-view state ({lesson|scenario|ostep,
// ...}): the lesson or the text it runs. Picker, manual and interleave
// options, seed and choices do not make another place: they replace.
export function placeOfRun(st) {
  if (!st) return 'home';
  if (st.lesson) return `proc:l:${st.lesson}`;
  if (st.ostep) return `proc:o:${st.ostep}\n${st.source || ''}`;
  return `proc:s:${st.scenario || ''}`;
}

// LIVE matches the live lab's fragments: #live and #live/ID.
export const LIVE = /^#live(?:\/([a-z0-9-]{1,64}))?$/;

// placeOfLive is the place of a live-lab fragment.
export function placeOfLive(hash) {
  const m = LIVE.exec(hash);
  return m && m[1] ? `live/${m[1]}` : 'live';
}

const URL_LANGS = ['en', 'zh-CN'];

// langOfSearch is the language a query string names (?lang=), or ''.
export function langOfSearch(search) {
  try {
    const l = new URLSearchParams(search || '').get('lang');
    return URL_LANGS.includes(l) ? l : '';
  } catch {
    return '';
  }
}

// searchWithLang is a query string with lang set to the given language;
// every other parameter stays as it was.
export function searchWithLang(search, lang) {
  const p = new URLSearchParams(search || '');
  if (URL_LANGS.includes(lang)) p.set('lang', lang); else p.delete('lang');
  const s = p.toString();
  return s ? `?${s}` : '';
}

// isLoopbackHost reports whether a location's hostname names this
// computer only: localhost (and names under .localhost), 127.0.0.0/8, ::1,
// or an IPv4-mapped loopback address. Links made there open on no other
// machine.
export function isLoopbackHost(hostname) {
  const h = String(hostname || '').toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (/^127(\.\d{1,3}){3}$/.test(h)) return h.split('.').every(p => Number(p) <= 255);
  const v6 = h.replace(/^\[|\]$/g, '');
  if (v6 === '::1' || v6 === '0:0:0:0:0:0:0:1') return true;
  // ::ffff:127.x.y.z, as a browser writes it (::ffff:7f00:1).
  return /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(v6) || /^::ffff:127(\.\d{1,3}){3}$/.test(v6);
}

// linkAt is a link moved to another base URL ("http://192.0.2.7:8080/" or
// a public URL with a path, "https://school.example/proclab/"): the base,
// then the page's path under it, its query and fragment. '' when the base
// is not an http(s) URL.
export function linkAt(base, link) {
  let b, l;
  try {
    b = new URL(base);
    l = new URL(link);
  } catch {
    return '';
  }
  if (b.protocol !== 'http:' && b.protocol !== 'https:') return '';
  const dir = b.pathname.endsWith('/') ? b.pathname : `${b.pathname}/`;
  return `${b.origin}${dir}${l.pathname.replace(/^\//, '')}${l.search}${l.hash}`;
}

// otherLinks reads an answer of GET /api/addresses into the links the
// Share dialog offers for a link made at a loopback address: [{url, kind:
// 'public'|'network'}], the public URL first, and whether the network
// ones reach the server now (reachable) and its port.
export function otherLinks(answer, link) {
  const a = answer && typeof answer === 'object' ? answer : {};
  const out = [];
  const seen = new Set();
  const add = (base, kind) => {
    const url = typeof base === 'string' ? linkAt(base, link) : '';
    if (url && !seen.has(url)) { seen.add(url); out.push({ url, kind }); }
  };
  add(a.public, 'public');
  for (const u of (Array.isArray(a.urls) ? a.urls : []).slice(0, 16)) add(u, 'network');
  const port = Number.isInteger(a.port) && a.port > 0 && a.port < 65536 ? a.port : 0;
  return { links: out, reachable: a.reachable === true, port };
}

// ---- the Share dialog on a loopback address --------------------------------------

const $ = id => document.getElementById(id);
let shareSeq = 0; // the latest GET /api/addresses (an older answer is dropped)

// drawShareLocal says, when the page was opened at a loopback address,
// that its links work on this computer only, and offers the same link at
// this host's network addresses (GET /api/addresses; the public URL
// first), or says why none is offered. t is i18n.js's t. It resolves to
// otherLinks's answer (short.js makes its QR code for one of them), or
// null when the page is not at a loopback address or was opened again.
export async function drawShareLocal(link, t) {
  const box = $('share-local');
  const local = isLoopbackHost(location.hostname);
  box.hidden = !local;
  if (!local) return null;
  const seq = ++shareSeq;
  $('share-local-warn').textContent = t('url.local.warn', { host: location.hostname });
  const list = $('share-addrs');
  const note = $('share-addr-note');
  list.replaceChildren();
  list.setAttribute('aria-busy', 'true');
  note.textContent = t('url.addr.asking');
  note.dataset.kind = 'asking';
  let answer = null;
  try {
    const res = await fetch('/api/addresses', { headers: { Accept: 'application/json' } });
    if (res.ok) answer = await res.json();
  } catch { /* said below */ }
  if (seq !== shareSeq) return null; // the dialog was opened again meanwhile
  list.removeAttribute('aria-busy');
  const o = otherLinks(answer, link);
  const port = o.port || Number(location.port) || 8080;
  for (const l of o.links) {
    const li = document.createElement('li');
    li.dataset.kind = l.kind;
    if (l.kind === 'network' && !o.reachable) li.classList.add('unreachable');
    const label = document.createElement('span');
    label.className = 'addr-kind';
    label.textContent = t(l.kind === 'public' ? 'url.addr.public' : 'url.addr.network');
    const inp = document.createElement('input');
    inp.type = 'text';
    inp.readOnly = true;
    inp.value = l.url;
    inp.className = 'addr-url';
    inp.setAttribute('aria-label', label.textContent);
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'btn small';
    copy.dataset.copy = l.url;
    copy.textContent = t('btn.copy');
    li.append(label, inp, copy);
    list.append(li);
  }
  const network = o.links.some(l => l.kind === 'network');
  const kind = !answer ? 'failed' : network && !o.reachable ? 'loopback' : !o.links.length ? 'none' : 'ok';
  note.dataset.kind = kind;
  note.textContent = t(`url.addr.${kind}`, { flag: `--addr 0.0.0.0:${port}` });
  return o;
}

// ---- the keeper ------------------------------------------------------------------

// createAddressKeeper keeps the address in step with the page. deps:
//   urlNow(): Promise<string|null>: the address (path, query and fragment)
//     of what is shown, or null to leave the address alone;
//   placeNow(): the place shown (see placeOfRun, placeOfLive, 'sched',
//     'home');
//   history, location: window's (tests give their own);
//   delay: how long (ms) a change waits before it is written (steps come
//     fast while playing: the address is written at most once per delay);
//   playing(): whether the run is playing (optional); while it is, a
//     change waits playDelay (ms, 3,000 unless given) instead: writing the
//     address (a share link made and compressed, then history.replaceState
//     with it) costs the main thread several milliseconds, about 20 with
//     the share link of a 64-process scenario on a busy machine, a frame
//     dropped each time. A change once playing stops (the page says so with
//     a change) is written after delay again, as is one that comes while a
//     longer wait is pending.
// Its methods:
//   changed(now): what is shown changed; written after delay, or at once;
//   user(): the user moved (a click): the next write may push;
//   hold(): stop writing until arrived (an address is being opened);
//   arrived(place): the address names this place; writes start again
//     once the page shows it (until then the page still shows the last
//     place, and writing it would undo the address being opened);
//   applied(): the address now in location is known (no popstate for it).
export function createAddressKeeper(deps) {
  const delay = deps.delay ?? 600;
  const playDelay = deps.playDelay ?? 3000;
  const playing = deps.playing || (() => false);
  const hist = deps.history;
  const loc = deps.location;
  let current = null; // the place of the history entry shown
  let expected = null; // a place being opened: no write until it shows
  let holding = false;
  let timer = 0;
  let due = 0; // when the pending write is due (Date.now(), ms)
  let writing = false;
  let again = false;
  let lastHref = loc.href;

  async function write() {
    if (writing) { again = true; return; }
    writing = true;
    try {
      do {
        again = false;
        if (holding) continue;
        const place = deps.placeNow();
        if (expected !== null && place !== expected) continue;
        const url = await deps.urlNow();
        // The page may have moved on while the link was made: the next
        // write (scheduled by that move) writes it.
        if (url === null || url === undefined || holding || deps.placeNow() !== place) continue;
        if (expected !== null && place === expected) { current = place; expected = null; }
        const here = loc.pathname + loc.search + loc.hash;
        if (place !== current && current !== null) hist.pushState(null, '', url);
        else if (url !== here) hist.replaceState(null, '', url);
        current = place;
        lastHref = loc.href;
      } while (again);
    } finally {
      writing = false;
    }
  }

  return {
    changed(now = false) {
      if (now) {
        clearTimeout(timer);
        timer = 0;
        write();
        return;
      }
      const wait = playing() ? playDelay : delay;
      const at = Date.now() + wait;
      if (timer && due <= at) return;
      clearTimeout(timer);
      due = at;
      timer = setTimeout(() => { timer = 0; write(); }, wait);
    },
    user() {
      holding = false;
      expected = null;
    },
    hold() {
      holding = true;
    },
    arrived(place) {
      holding = false;
      expected = place;
      current = place;
      lastHref = loc.href;
    },
    // isNew reports whether location holds an address the keeper did not
    // write or open yet (popstate and hashchange come both for one
    // fragment navigation).
    isNew() {
      return loc.href !== lastHref;
    },
    applied() {
      lastHref = loc.href;
    },
    // place is the place of the history entry shown (null before the
    // first address is known).
    place: () => current,
  };
}
